/* cf-session.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-session"

#include "config.h"

#include "cf-session.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "cf-password.h"
#include "cf-registry.h"
#include "cf-roster.h"
#include "cf-signing.h"
#include "cf-store.h"

/* Who is using this desktop. Every op is authored by the signed-in user. */
struct _CfSession
{
  GObject   parent_instance;

  CfStore  *store;

  char     *user_id;
  char     *staff_id;
  char     *login;
  char     *display_name;
  CfRole    role;
};

G_DEFINE_FINAL_TYPE (CfSession, cf_session, G_TYPE_OBJECT)

G_DEFINE_QUARK (cf-session-error-quark, cf_session_error)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SIGNED_IN,
  PROP_DISPLAY_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The longest wait imposed after repeated wrong passwords. */
#define MAX_RETRY_DELAY_SECONDS 60

typedef struct
{
  char     *login;
  char     *password;
  char     *hash;
  char     *user_id;
  char     *staff_id;
  char     *display_name;
  CfRole    role;
  gboolean  allowed;
  gboolean  verified;
  /* An account with no signing key gets one now, while the password is
   * known in clear (cf-signing.c).
   */
  gboolean  has_keys;
  char     *public_key;
  char     *sealed_secret_key;
} SignIn;

static void
sign_in_free (SignIn *sign_in)
{
  if (sign_in->password != NULL)
    sodium_memzero (sign_in->password, strlen (sign_in->password));
  g_free (sign_in->login);
  g_free (sign_in->password);
  g_free (sign_in->hash);
  g_free (sign_in->user_id);
  g_free (sign_in->staff_id);
  g_free (sign_in->display_name);
  g_free (sign_in->public_key);
  g_free (sign_in->sealed_secret_key);
  g_free (sign_in);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignIn, sign_in_free)

static gint64
meta_integer (CfSession  *self,
              const char *key)
{
  g_autofree char *text = cf_store_get_meta (self->store, key);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static void
set_meta_integer (CfSession  *self,
                  const char *key,
                  gint64      value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  g_autoptr (GError) error = NULL;

  if (!cf_store_set_meta (self->store, key, text, &error))
    g_warning ("Cannot record the sign-in attempt: %s", error->message);
}

/* A hash of a password nobody knows, verified when the user name is not
 * found, so a wrong name takes as long as a wrong password.
 */
static const char *
get_decoy_hash (void)
{
  static char *decoy;

  if (g_once_init_enter (&decoy))
    {
      guint8 random[16];
      g_autofree char *password = NULL;

      randombytes_buf (random, sizeof random);
      password = g_base64_encode (random, sizeof random);
      g_once_init_leave (&decoy, cf_password_hash (password, NULL));
    }

  return decoy;
}

static SignIn *
prepare_sign_in (CfSession   *self,
                 const char  *login,
                 const char  *password,
                 GError     **error)
{
  g_autoptr (SignIn) sign_in = g_new0 (SignIn, 1);
  g_autoptr (CfStatement) stmt = NULL;
  guint delay = cf_session_get_retry_delay (self);
  int rc;

  if (delay > 0)
    {
      g_set_error (error, CF_SESSION_ERROR, CF_SESSION_ERROR_TOO_SOON,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Too many wrong passwords. Wait %u second before trying again.",
                                "Too many wrong passwords. Wait %u seconds before trying again.",
                                delay),
                   delay);
      return NULL;
    }

  sign_in->login = g_strstrip (g_strdup (login));
  sign_in->password = g_strdup (password);

  stmt = cf_store_prepare (self->store,
                           "SELECT u.id, u.password_hash, u.active, s.id, s.name, s.role, "
                           "s.active, COALESCE (u.public_key, '') <> '' "
                           "FROM app_user u JOIN staff s ON s.id = u.staff "
                           "WHERE u.login = ? AND u.deleted = 0 AND s.deleted = 0",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, sign_in->login, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      sign_in->user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sign_in->hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      sign_in->staff_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      sign_in->display_name = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      sign_in->allowed = sqlite3_column_int (stmt, 2) != 0 &&
                         sqlite3_column_int (stmt, 6) != 0 &&
                         cf_role_from_string ((const char *) sqlite3_column_text (stmt, 5),
                                              &sign_in->role) &&
                         cf_role_is_desktop (sign_in->role);
      sign_in->has_keys = sqlite3_column_int (stmt, 7) != 0;
    }
  else if (rc != SQLITE_DONE)
    {
      cf_store_set_sqlite_error (self->store, rc, error);
      return NULL;
    }
  else
    {
      sign_in->hash = g_strdup (get_decoy_hash ());
    }

  return g_steal_pointer (&sign_in);
}

static void
verify_sign_in (SignIn *sign_in)
{
  g_autoptr (GError) error = NULL;

  sign_in->verified = sign_in->user_id != NULL &&
                      cf_password_verify (sign_in->hash, sign_in->password);
  if (sign_in->verified && sign_in->allowed && !sign_in->has_keys &&
      !cf_signing_make_keys (sign_in->password, &sign_in->public_key,
                             &sign_in->sealed_secret_key, &error))
    g_warning ("Cannot make a signing key: %s", error->message);
}

/* Records the key pair made at sign-in as the user's own change, synced
 * like any other; signing in does not fail for want of it.
 */
static void
record_new_keys (CfSession *self,
                 SignIn    *sign_in)
{
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (CfOp) patch = NULL;
  g_autoptr (GError) error = NULL;

  if (sign_in->public_key == NULL)
    return;

  json_object_set_string_member (set, "public_key", sign_in->public_key);
  json_object_set_string_member (set, "sealed_secret_key", sign_in->sealed_secret_key);
  patch = cf_op_new_patch ("user", self->user_id, set);
  if (!cf_store_apply (self->store, self->user_id, &patch, 1, &error))
    g_warning ("Cannot record the new signing key: %s", error->message);
}

static gboolean
complete_sign_in (CfSession  *self,
                  SignIn     *sign_in,
                  GError    **error)
{
  if (!sign_in->verified)
    {
      gint64 failures = meta_integer (self, "sign_in_failures") + 1;
      gint64 delay = MIN ((gint64) 1 << MIN (failures - 1, 10), MAX_RETRY_DELAY_SECONDS);

      set_meta_integer (self, "sign_in_failures", failures);
      set_meta_integer (self, "sign_in_retry_at", g_get_real_time () + delay * G_USEC_PER_SEC);
      g_set_error_literal (error, CF_SESSION_ERROR, CF_SESSION_ERROR_WRONG_PASSWORD,
                           _("The user name or password is not correct."));
      return FALSE;
    }

  /* Nothing is written when there was nothing to forget: signing in
   * leaves the file as it was.
   */
  if (meta_integer (self, "sign_in_failures") != 0 || meta_integer (self, "sign_in_retry_at") != 0)
    {
      set_meta_integer (self, "sign_in_failures", 0);
      set_meta_integer (self, "sign_in_retry_at", 0);
    }

  if (!sign_in->allowed)
    {
      g_set_error_literal (error, CF_SESSION_ERROR, CF_SESSION_ERROR_NOT_ALLOWED,
                           _("This account is disabled or has no desktop role. "
                             "Ask a supervisor."));
      return FALSE;
    }

  g_free (self->user_id);
  self->user_id = g_steal_pointer (&sign_in->user_id);
  g_free (self->staff_id);
  self->staff_id = g_steal_pointer (&sign_in->staff_id);
  g_free (self->login);
  self->login = g_steal_pointer (&sign_in->login);
  g_free (self->display_name);
  self->display_name = g_steal_pointer (&sign_in->display_name);
  self->role = sign_in->role;
  record_new_keys (self, sign_in);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
  return TRUE;
}

static void
cf_session_dispose (GObject *object)
{
  CfSession *self = (CfSession *)object;

  g_clear_object (&self->store);

  G_OBJECT_CLASS (cf_session_parent_class)->dispose (object);
}

static void
cf_session_finalize (GObject *object)
{
  CfSession *self = (CfSession *)object;

  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->staff_id, g_free);
  g_clear_pointer (&self->login, g_free);
  g_clear_pointer (&self->display_name, g_free);

  G_OBJECT_CLASS (cf_session_parent_class)->finalize (object);
}

static void
cf_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CfSession *self = CF_SESSION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, cf_session_is_signed_in (self));
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CfSession *self = CF_SESSION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_session_class_init (CfSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cf_session_dispose;
  object_class->finalize = cf_session_finalize;
  object_class->get_property = cf_session_get_property;
  object_class->set_property = cf_session_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CF_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cf_session_init (CfSession *self)
{
  self->role = CF_ROLE_AGENT;
}

CfSession *
cf_session_new (CfStore *store)
{
  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  return g_object_new (CF_TYPE_SESSION, "store", store, NULL);
}

/* A new database has no user: its first run creates the first supervisor. */
gboolean
cf_session_needs_first_supervisor (CfSession *self)
{
  g_return_val_if_fail (CF_IS_SESSION (self), FALSE);

  return cf_store_count (self->store, "SELECT COUNT(*) FROM app_user") == 0;
}

gboolean
cf_session_create_first_supervisor (CfSession   *self,
                                    const char  *name,
                                    const char  *employee_no,
                                    const char  *login,
                                    const char  *password,
                                    GError     **error)
{
  g_autoptr (JsonObject) staff = json_object_new ();
  g_autoptr (JsonObject) user = json_object_new ();
  g_autoptr (CfOp) create_staff = NULL;
  g_autoptr (CfOp) create_user = NULL;
  g_autofree char *hash = NULL;
  g_autoptr (GPtrArray) ops = NULL;

  g_return_val_if_fail (CF_IS_SESSION (self), FALSE);

  if (!cf_password_check_strength (password, error))
    return FALSE;
  hash = cf_password_hash (password, error);
  if (hash == NULL)
    return FALSE;

  json_object_set_string_member (staff, "employee_no", employee_no);
  json_object_set_string_member (staff, "name", name);
  json_object_set_string_member (staff, "role", cf_role_to_string (CF_ROLE_SUPERVISOR));
  create_staff = cf_op_new_create ("staff", staff);

  json_object_set_string_member (user, "staff", cf_op_get_record_id (create_staff));
  json_object_set_string_member (user, "login", login);
  json_object_set_string_member (user, "password_hash", hash);
  if (!cf_signing_add_keys (user, password, error))
    return FALSE;
  create_user = cf_op_new_create ("user", user);

  /* The first supervisor, and the shift types a new call center starts
   * with, made by that supervisor.
   */
  ops = cf_roster_default_shift_type_ops ();
  g_ptr_array_insert (ops, 0, g_steal_pointer (&create_user));
  g_ptr_array_insert (ops, 0, g_steal_pointer (&create_staff));
  return cf_store_apply_bootstrap (self->store, cf_op_get_record_id (ops->pdata[1]),
                                   (CfOp * const *) ops->pdata, ops->len, error);
}

static void
verify_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  verify_sign_in (task_data);
  g_task_return_boolean (task, TRUE);
}

/* The password is checked in a worker thread (Argon2id takes a moment);
 * the outcome is recorded on the main thread.
 */
void
cf_session_sign_in_async (CfSession           *self,
                          const char          *login,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  SignIn *sign_in;

  g_return_if_fail (CF_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_session_sign_in_async);

  sign_in = prepare_sign_in (self, login, password, &error);
  if (sign_in == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_set_task_data (task, sign_in, (GDestroyNotify) sign_in_free);
  g_task_run_in_thread (task, verify_in_thread);
}

gboolean
cf_session_sign_in_finish (CfSession     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  GTask *task = G_TASK (result);

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (task, error))
    return FALSE;

  return complete_sign_in (self, g_task_get_task_data (task), error);
}

gboolean
cf_session_sign_in (CfSession   *self,
                    const char  *login,
                    const char  *password,
                    GError     **error)
{
  g_autoptr (SignIn) sign_in = NULL;

  g_return_val_if_fail (CF_IS_SESSION (self), FALSE);

  sign_in = prepare_sign_in (self, login, password, error);
  if (sign_in == NULL)
    return FALSE;
  verify_sign_in (sign_in);

  return complete_sign_in (self, sign_in, error);
}

void
cf_session_sign_out (CfSession *self)
{
  g_return_if_fail (CF_IS_SESSION (self));

  if (self->user_id == NULL)
    return;

  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->staff_id, g_free);
  g_clear_pointer (&self->login, g_free);
  g_clear_pointer (&self->display_name, g_free);
  self->role = CF_ROLE_AGENT;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

/* Seconds to wait before the next attempt after wrong passwords: 1, 2, 4…
 * up to a minute; kept in the database so restarting does not reset it.
 */
guint
cf_session_get_retry_delay (CfSession *self)
{
  gint64 retry_at;
  gint64 now;

  g_return_val_if_fail (CF_IS_SESSION (self), 0);

  retry_at = meta_integer (self, "sign_in_retry_at");
  now = g_get_real_time ();
  if (retry_at <= now)
    return 0;

  return (guint) MIN ((retry_at - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC,
                      MAX_RETRY_DELAY_SECONDS);
}

gboolean
cf_session_is_signed_in (CfSession *self)
{
  g_return_val_if_fail (CF_IS_SESSION (self), FALSE);

  return self->user_id != NULL;
}

const char *
cf_session_get_user_id (CfSession *self)
{
  g_return_val_if_fail (CF_IS_SESSION (self), NULL);

  return self->user_id;
}

const char *
cf_session_get_staff_id (CfSession *self)
{
  g_return_val_if_fail (CF_IS_SESSION (self), NULL);

  return self->staff_id;
}

const char *
cf_session_get_display_name (CfSession *self)
{
  g_return_val_if_fail (CF_IS_SESSION (self), NULL);

  return self->display_name;
}

const char *
cf_session_get_login (CfSession *self)
{
  g_return_val_if_fail (CF_IS_SESSION (self), NULL);

  return self->login;
}

CfRole
cf_session_get_role (CfSession *self)
{
  g_return_val_if_fail (CF_IS_SESSION (self), CF_ROLE_AGENT);

  return self->role;
}

/* What the UI asks before offering an action; the store enforces the same
 * table whatever the UI shows.
 */
gboolean
cf_session_can (CfSession  *self,
                const char *kind_name,
                int         action)
{
  const CfKind *kind = cf_registry_lookup (kind_name);

  g_return_val_if_fail (CF_IS_SESSION (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  return self->user_id != NULL && cf_kind_allows (kind, action, self->role);
}

typedef struct
{
  char *user_id;
  char *password;
} Verifier;

static void
verifier_free (Verifier *verifier)
{
  g_free (verifier->user_id);
  if (verifier->password != NULL)
    sodium_memzero (verifier->password, strlen (verifier->password));
  g_free (verifier->password);
  g_free (verifier);
}

static void
hash_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Verifier *verifier = task_data;
  GError *error = NULL;
  char *hash = cf_password_hash (verifier->password, &error);

  if (hash == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, hash, g_free);
}

/**
 * cf_session_cache_verifier_async:
 * @user_id: an account the server has just accepted @password for
 *
 * Keeps a local Argon2id verifier of the password the server accepted, so
 * the same person can sign in on this desktop while the server is away.
 * The server's own hash never leaves the server. The hash is made in a
 * worker thread; it is written on the main thread when finishing.
 */
void
cf_session_cache_verifier_async (CfSession           *self,
                                 const char          *user_id,
                                 const char          *password,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  Verifier *verifier;

  g_return_if_fail (CF_IS_SESSION (self));
  g_return_if_fail (user_id != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_session_cache_verifier_async);
  verifier = g_new0 (Verifier, 1);
  verifier->user_id = g_strdup (user_id);
  verifier->password = g_strdup (password);
  g_task_set_task_data (task, verifier, (GDestroyNotify) verifier_free);
  g_task_run_in_thread (task, hash_in_thread);
}

gboolean
cf_session_cache_verifier_finish (CfSession     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  Verifier *verifier;
  g_autofree char *hash = NULL;
  g_autoptr (CfStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  hash = g_task_propagate_pointer (G_TASK (result), error);
  if (hash == NULL)
    return FALSE;
  verifier = g_task_get_task_data (G_TASK (result));

  stmt = cf_store_prepare (self->store, "UPDATE app_user SET password_hash = ? WHERE id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, verifier->user_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (self->store, rc, error);
  if (sqlite3_changes (cf_store_get_connection (self->store)) != 1)
    {
      g_set_error_literal (error, CF_SESSION_ERROR, CF_SESSION_ERROR_NOT_ALLOWED,
                           _("This account has not reached this desktop yet."));
      return FALSE;
    }

  return TRUE;
}
