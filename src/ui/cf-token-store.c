/* cf-token-store.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-token-store"

#include "config.h"

#include "cf-token-store.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

/* The server session of a user of this desktop, kept in the desktop's
 * keyring when a secret service runs, so the desktop can sync again when
 * the server returns after a sign-in made while it was away. Without a
 * secret service the session lives only in memory; never in the database.
 */
static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    APP_ID ".ServerSession", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "login", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static void
on_stored_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  /* No keyring: the session stays in memory, as documented. */
  if (!secret_password_store_finish (result, &error))
    g_debug ("The server session is kept in memory only: %s", error->message);
}

void
cf_token_store_save (const char *server_url,
                     const char *login,
                     const char *token)
{
  g_autofree char *label = NULL;

  g_return_if_fail (server_url != NULL && login != NULL && token != NULL);

  /* translators: the keyring entry, e.g. “Callfloor server session of lead” */
  label = g_strdup_printf (_("Callfloor server session of %s"), login);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, token, NULL,
                         on_stored_cb, NULL,
                         "server", server_url,
                         "login", login,
                         NULL);
}

static void
on_looked_up_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, token, (GDestroyNotify) secret_password_free);
}

void
cf_token_store_lookup_async (const char          *server_url,
                             const char          *login,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, cf_token_store_lookup_async);
  secret_password_lookup (get_schema (), cancellable, on_looked_up_cb, task,
                          "server", server_url,
                          "login", login,
                          NULL);
}

/* Returns: (transfer full) (nullable): the session, or %NULL when none is kept */
char *
cf_token_store_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
