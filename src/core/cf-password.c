/* cf-password.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-password"

#include "config.h"

#include "cf-password.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "cf-session.h"

/* Argon2id through libsodium, with its "interactive" cost (64 MiB, about a
 * tenth of a second here): slow for a guesser, quick for a person.
 */
char *
cf_password_hash (const char  *password,
                  GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (password != NULL, NULL);

  if (sodium_init () < 0 ||
      crypto_pwhash_str (hash, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, CF_SESSION_ERROR, CF_SESSION_ERROR_FAILED,
                           _("There is not enough memory to protect the password."));
      return NULL;
    }

  return g_strdup (hash);
}

gboolean
cf_password_verify (const char *hash,
                    const char *password)
{
  if (hash == NULL || password == NULL || sodium_init () < 0)
    return FALSE;

  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

gboolean
cf_password_check_strength (const char  *password,
                            GError     **error)
{
  if (password == NULL || g_utf8_strlen (password, -1) < CF_PASSWORD_MIN_LENGTH)
    {
      g_set_error (error, CF_SESSION_ERROR, CF_SESSION_ERROR_WEAK_PASSWORD,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The password needs at least %d character.",
                                "The password needs at least %d characters.",
                                CF_PASSWORD_MIN_LENGTH),
                   CF_PASSWORD_MIN_LENGTH);
      return FALSE;
    }

  return TRUE;
}
