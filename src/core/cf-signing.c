/* cf-signing.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-signing"

#include "config.h"

#include "cf-signing.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "cf-op-private.h"

/* Each user signs with their own Ed25519 key (libsodium). The public key is
 * registered with the user (public_key) and synced; the secret key lives
 * only sealed (sealed_secret_key, a secret field like the password hash):
 * crypto_secretbox under a key derived from the user's password with
 * Argon2id, so signing works offline and needs the password typed again.
 *
 * A sealed key is one base64 string of
 *   version (1 byte, SEALED_VERSION) ‖ salt (16) ‖ nonce (24) ‖ box (64 + 16)
 * where version 1 means crypto_pwhash Argon2id13 with the "interactive"
 * limits, as for password hashes (cf-password.c).
 */

#define SEALED_VERSION 1
#define MAX_DEPTH 32

G_STATIC_ASSERT (crypto_sign_PUBLICKEYBYTES == 32);
G_STATIC_ASSERT (crypto_sign_SECRETKEYBYTES == 64);
G_STATIC_ASSERT (crypto_sign_BYTES == 64);
G_STATIC_ASSERT (crypto_pwhash_SALTBYTES == 16);
G_STATIC_ASSERT (crypto_secretbox_NONCEBYTES == 24);
G_STATIC_ASSERT (crypto_secretbox_KEYBYTES == 32);

#define SALT_OFFSET  1
#define NONCE_OFFSET (SALT_OFFSET + crypto_pwhash_SALTBYTES)
#define BOX_OFFSET   (NONCE_OFFSET + crypto_secretbox_NONCEBYTES)
#define BOX_BYTES    (crypto_secretbox_MACBYTES + crypto_sign_SECRETKEYBYTES)
#define SEALED_BYTES (BOX_OFFSET + BOX_BYTES)

G_STATIC_ASSERT (4 * ((SEALED_BYTES + 2) / 3) == CF_SIGNING_SEALED_KEY_CHARS);

G_DEFINE_QUARK (cf-signing-error-quark, cf_signing_error)

/* Canonical JSON ------------------------------------------------------------- */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
append_string (GString    *out,
               const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');

  return TRUE;
}

static gboolean
append_node (GString  *out,
             JsonNode *node,
             guint     depth)
{
  if (node == NULL || depth > MAX_DEPTH)
    return FALSE;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      return TRUE;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          return TRUE;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          return TRUE;
        case G_TYPE_STRING:
          return append_string (out, json_node_get_string (node));
        default:
          /* Doubles: more than one way to write the same number. */
          return FALSE;
        }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            if (!append_node (out, json_array_get_element (array, i), depth + 1))
              return FALSE;
          }
        g_string_append_c (out, ']');
        return TRUE;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr (GList) members = json_object_get_members (object);
        g_autoptr (GPtrArray) names = g_ptr_array_new ();

        for (const GList *l = members; l != NULL; l = l->next)
          g_ptr_array_add (names, l->data);
        g_ptr_array_sort (names, compare_names);

        g_string_append_c (out, '{');
        for (guint i = 0; i < names->len; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            if (!append_string (out, names->pdata[i]))
              return FALSE;
            g_string_append_c (out, ':');
            if (!append_node (out, json_object_get_member (object, names->pdata[i]), depth + 1))
              return FALSE;
          }
        g_string_append_c (out, '}');
        return TRUE;
      }

    default:
      return FALSE;
    }
}

/**
 * cf_signing_canonical_json:
 * @content: what is signed
 *
 * Returns: (transfer full) (nullable): the canonical serialization (rules
 *   in cf-signing.h), or %NULL when @content holds a floating-point
 *   number, text that is not UTF-8, or nests too deep
 */
char *
cf_signing_canonical_json (JsonNode *content)
{
  g_autoptr (GString) out = g_string_new (NULL);

  g_return_val_if_fail (content != NULL, NULL);

  if (!append_node (out, content, 0))
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* BLAKE2b-256 of the canonical bytes. */
void
cf_signing_digest (const char *canonical,
                   guint8      out[CF_SIGNING_DIGEST_BYTES])
{
  g_return_if_fail (canonical != NULL);

  if (sodium_init () < 0)
    g_error ("libsodium cannot start");
  crypto_generichash (out, CF_SIGNING_DIGEST_BYTES, (const guchar *) canonical,
                      strlen (canonical), NULL, 0);
}

char *
cf_signing_digest_to_hex (const guint8 digest[CF_SIGNING_DIGEST_BYTES])
{
  char hex[CF_SIGNING_DIGEST_BYTES * 2 + 1];

  sodium_bin2hex (hex, sizeof hex, digest, CF_SIGNING_DIGEST_BYTES);
  return g_strdup (hex);
}

/* Keys ------------------------------------------------------------------------ */

/* Whatever comes from the database or the wire: exactly @n_bytes, in the
 * one base64 spelling of them (padding included, nothing else around).
 */
static gboolean
decode_exact (const char  *text,
              gsize        n_bytes,
              guint8      *out,
              GError     **error)
{
  gsize expected_chars = 4 * ((n_bytes + 2) / 3);
  gsize length;
  const char *end;

  if (text == NULL || strlen (text) != expected_chars ||
      sodium_base642bin (out, n_bytes, text, expected_chars, NULL, &length, &end,
                         sodium_base64_VARIANT_ORIGINAL) != 0 ||
      length != n_bytes || *end != '\0')
    {
      g_set_error_literal (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_ENCODING,
                           _("A signing key or signature is damaged."));
      return FALSE;
    }

  return TRUE;
}

static char *
encode (const guint8 *bytes,
        gsize         n_bytes)
{
  gsize size = sodium_base64_ENCODED_LEN (n_bytes, sodium_base64_VARIANT_ORIGINAL);
  char *text = g_malloc (size);

  return sodium_bin2base64 (text, size, bytes, n_bytes, sodium_base64_VARIANT_ORIGINAL);
}

static gboolean
derive_key (const char    *password,
            const guint8  *salt,
            guint8         key[crypto_secretbox_KEYBYTES],
            GError       **error)
{
  if (sodium_init () < 0 ||
      crypto_pwhash (key, crypto_secretbox_KEYBYTES, password, strlen (password), salt,
                     crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_FAILED,
                           _("There is not enough memory to protect the signing key."));
      return FALSE;
    }

  return TRUE;
}

/* @secret sealed under @key, which the password derived with @salt. */
static char *
seal_with_key (const guint8 secret[crypto_sign_SECRETKEYBYTES],
               const guint8 salt[crypto_pwhash_SALTBYTES],
               const guint8 key[crypto_secretbox_KEYBYTES])
{
  guint8 sealed[SEALED_BYTES];

  sealed[0] = SEALED_VERSION;
  memcpy (sealed + SALT_OFFSET, salt, crypto_pwhash_SALTBYTES);
  randombytes_buf (sealed + NONCE_OFFSET, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy (sealed + BOX_OFFSET, secret, crypto_sign_SECRETKEYBYTES,
                         sealed + NONCE_OFFSET, key);

  return encode (sealed, sizeof sealed);
}

static char *
seal (const guint8  secret[crypto_sign_SECRETKEYBYTES],
      const char    *password,
      GError       **error)
{
  guint8 salt[crypto_pwhash_SALTBYTES];
  guint8 key[crypto_secretbox_KEYBYTES];
  char *text;

  randombytes_buf (salt, sizeof salt);
  if (!derive_key (password, salt, key, error))
    return NULL;
  text = seal_with_key (secret, salt, key);
  sodium_memzero (key, sizeof key);

  return text;
}

/* Opens @sealed_b64 into @secret, which the caller wipes. */
static gboolean
unseal (const char    *sealed_b64,
        const char    *password,
        guint8         secret[crypto_sign_SECRETKEYBYTES],
        GError       **error)
{
  guint8 sealed[SEALED_BYTES];
  guint8 key[crypto_secretbox_KEYBYTES];
  int rc;

  if (!decode_exact (sealed_b64, sizeof sealed, sealed, error))
    return FALSE;
  if (sealed[0] != SEALED_VERSION)
    {
      g_set_error_literal (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_ENCODING,
                           _("The signing key was sealed by a newer version of Callfloor."));
      return FALSE;
    }
  if (!derive_key (password, sealed + SALT_OFFSET, key, error))
    return FALSE;
  rc = crypto_secretbox_open_easy (secret, sealed + BOX_OFFSET, BOX_BYTES, sealed + NONCE_OFFSET,
                                   key);
  sodium_memzero (key, sizeof key);
  if (rc != 0)
    {
      g_set_error_literal (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_PASSWORD,
                           _("The password is not correct."));
      return FALSE;
    }

  return TRUE;
}

struct _CfSigningKey
{
  guint8 secret[crypto_sign_SECRETKEYBYTES];
};

static void
set_keys (JsonObject *set,
          const char *public_key,
          const char *sealed)
{
  json_object_set_string_member (set, "public_key", public_key);
  json_object_set_string_member (set, "sealed_secret_key", sealed);
}

/**
 * cf_signing_new_keys:
 * @sets: (array length=n_sets): the fields of users being made who all
 *   have @password
 * @keys: (out caller-allocates) (array length=n_sets): their keys, open;
 *   free each with cf_signing_key_free ()
 *
 * Adds a new key pair to each of @sets, as cf_signing_add_keys () does,
 * and keeps the secret keys open, so that their users sign at once. The
 * secret keys are sealed under one Argon2id derivation of @password (one
 * salt, a nonce each): accounts that share a password, as the demo's do,
 * gain nothing from a derivation each, which would only make them slow.
 */
gboolean
cf_signing_new_keys (JsonObject * const  *sets,
                     guint                n_sets,
                     const char          *password,
                     CfSigningKey       **keys,
                     GError             **error)
{
  guint8 salt[crypto_pwhash_SALTBYTES];
  guint8 seal_key[crypto_secretbox_KEYBYTES];

  g_return_val_if_fail (sets != NULL && keys != NULL && password != NULL, FALSE);

  if (sodium_init () < 0)
    {
      g_set_error_literal (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_FAILED,
                           _("There is not enough memory to protect the signing key."));
      return FALSE;
    }
  randombytes_buf (salt, sizeof salt);
  if (!derive_key (password, salt, seal_key, error))
    return FALSE;

  for (guint i = 0; i < n_sets; i++)
    {
      guint8 public_key[crypto_sign_PUBLICKEYBYTES];
      g_autofree char *public_b64 = NULL;
      g_autofree char *sealed_b64 = NULL;

      keys[i] = g_new0 (CfSigningKey, 1);
      crypto_sign_keypair (public_key, keys[i]->secret);
      public_b64 = encode (public_key, sizeof public_key);
      sealed_b64 = seal_with_key (keys[i]->secret, salt, seal_key);
      set_keys (sets[i], public_b64, sealed_b64);
    }
  sodium_memzero (seal_key, sizeof seal_key);

  return TRUE;
}

/**
 * cf_signing_make_keys:
 * @password: the password the secret key is sealed with
 * @public_key_b64: (out): the new public key
 * @sealed_secret_key_b64: (out): the new secret key, sealed
 *
 * Makes a new Ed25519 key pair for a user whose password is known in clear
 * (an account being made, a first sign-in with no key yet).
 */
gboolean
cf_signing_make_keys (const char  *password,
                      char       **public_key_b64,
                      char       **sealed_secret_key_b64,
                      GError     **error)
{
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (CfSigningKey) key = NULL;

  g_return_val_if_fail (password != NULL, FALSE);

  if (!cf_signing_new_keys (&set, 1, password, &key, error))
    return FALSE;

  *public_key_b64 = g_strdup (json_object_get_string_member (set, "public_key"));
  *sealed_secret_key_b64 = g_strdup (json_object_get_string_member (set, "sealed_secret_key"));
  return TRUE;
}

/* Adds a new key pair to the fields of a user being made. */
gboolean
cf_signing_add_keys (JsonObject  *set,
                     const char  *password,
                     GError     **error)
{
  g_autoptr (CfSigningKey) key = NULL;

  return cf_signing_new_keys (&set, 1, password, &key, error);
}

/**
 * cf_signing_reseal:
 *
 * The same secret key, sealed with @new_password instead of @old_password:
 * the public key stays, so signatures made before still verify.
 */
gboolean
cf_signing_reseal (const char  *sealed_secret_key_b64,
                   const char  *old_password,
                   const char  *new_password,
                   char       **new_sealed_b64,
                   GError     **error)
{
  guint8 secret[crypto_sign_SECRETKEYBYTES];
  char *sealed;

  g_return_val_if_fail (old_password != NULL && new_password != NULL, FALSE);

  if (!unseal (sealed_secret_key_b64, old_password, secret, error))
    {
      sodium_memzero (secret, sizeof secret);
      return FALSE;
    }
  sealed = seal (secret, new_password, error);
  sodium_memzero (secret, sizeof secret);
  if (sealed == NULL)
    return FALSE;

  *new_sealed_b64 = sealed;
  return TRUE;
}

static gboolean
read_keys (CfStore     *store,
           const char  *user_id,
           char       **public_key,
           char       **sealed,
           GError     **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store, "SELECT public_key, sealed_secret_key FROM app_user "
                             "WHERE id = ? AND deleted = 0", error);
  const char *text;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (store, rc, error);

  text = rc == SQLITE_ROW ? (const char *) sqlite3_column_text (stmt, 0) : NULL;
  *public_key = text != NULL && *text != '\0' ? g_strdup (text) : NULL;
  text = rc == SQLITE_ROW ? (const char *) sqlite3_column_text (stmt, 1) : NULL;
  *sealed = text != NULL && *text != '\0' ? g_strdup (text) : NULL;
  return TRUE;
}

/**
 * cf_signing_change_password:
 * @set: the fields of the user's patch that sets the new password hash
 *
 * Adds the user's secret key re-sealed with @new_password to @set. A user
 * with no key yet gets a new pair instead.
 */
gboolean
cf_signing_change_password (CfStore     *store,
                            const char  *user_id,
                            const char  *old_password,
                            const char  *new_password,
                            JsonObject  *set,
                            GError     **error)
{
  g_autofree char *public_key = NULL;
  g_autofree char *sealed = NULL;
  g_autofree char *resealed = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);

  if (!read_keys (store, user_id, &public_key, &sealed, error))
    return FALSE;
  if (public_key == NULL || sealed == NULL)
    return cf_signing_add_keys (set, new_password, error);
  if (!cf_signing_reseal (sealed, old_password, new_password, &resealed, error))
    return FALSE;

  set_keys (set, public_key, resealed);
  return TRUE;
}

/**
 * cf_signing_install_keys:
 *
 * Keeps the keys the server handed to @user_id after checking their
 * password (its sign-in answer), on a desktop that has the user's record:
 * written as the server holds them, not as a change of this desktop.
 */
gboolean
cf_signing_install_keys (CfStore     *store,
                         const char  *user_id,
                         const char  *public_key_b64,
                         const char  *sealed_secret_key_b64,
                         GError     **error)
{
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 sealed[SEALED_BYTES];
  g_autoptr (CfStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);

  if (!decode_exact (public_key_b64, sizeof public_key, public_key, error) ||
      !decode_exact (sealed_secret_key_b64, sizeof sealed, sealed, error))
    return FALSE;

  stmt = cf_store_prepare (store, "UPDATE app_user SET public_key = ?, sealed_secret_key = ? "
                                  "WHERE id = ? AND deleted = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, public_key_b64, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, sealed_secret_key_b64, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, user_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (store, rc, error);
  if (sqlite3_changes (cf_store_get_connection (store)) != 1)
    {
      g_set_error_literal (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_NO_KEY,
                           _("This account has not reached this desktop yet."));
      return FALSE;
    }

  return TRUE;
}

/* Whether this desktop holds @user_id's public key. */
gboolean
cf_signing_user_has_keys (CfStore    *store,
                          const char *user_id)
{
  g_autofree char *public_key = NULL;
  g_autofree char *sealed = NULL;

  return read_keys (store, user_id, &public_key, &sealed, NULL) && public_key != NULL;
}

/**
 * cf_signing_is_own_key_patch:
 * @author: who makes @op
 *
 * Whether @op is a user recording their own key pair: a patch of their own
 * user record that sets public_key and sealed_secret_key, together and
 * nothing else. Any role may make it (at sign-in); other changes of users
 * stay the supervisor's.
 */
gboolean
cf_signing_is_own_key_patch (CfOp       *op,
                             const char *author)
{
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 sealed[SEALED_BYTES];

  if (op == NULL || author == NULL || op->action != CF_OP_PATCH ||
      !g_str_equal (op->kind->name, "user") || g_strcmp0 (op->record_id, author) != 0 ||
      op->set == NULL || json_object_get_size (op->set) != 2)
    return FALSE;

  return decode_exact (json_object_get_string_member_with_default (op->set, "public_key", NULL),
                       sizeof public_key, public_key, NULL) &&
         decode_exact (json_object_get_string_member_with_default (op->set, "sealed_secret_key",
                                                                   NULL),
                       sizeof sealed, sealed, NULL);
}

/* Signing -------------------------------------------------------------------- */

static CfSigningKey *
no_key (GError **error)
{
  g_set_error_literal (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_NO_KEY,
                       _("There is no signing key for this account on this desktop. "
                         "Sign in here while the server can be reached."));
  return NULL;
}

/* Opens @sealed with @password; the store is not touched, so this may run
 * in a worker thread.
 */
static CfSigningKey *
open_sealed (const char  *public_key,
             const char  *sealed,
             const char  *password,
             GError     **error)
{
  g_autoptr (CfSigningKey) key = g_new0 (CfSigningKey, 1);
  guint8 public_key_bytes[crypto_sign_PUBLICKEYBYTES];

  if (!unseal (sealed, password, key->secret, error))
    return NULL;
  /* An Ed25519 secret key ends with its public key: a sealed key left over
   * from a pair the server did not take must not sign.
   */
  if (!decode_exact (public_key, sizeof public_key_bytes, public_key_bytes, error) ||
      sodium_memcmp (key->secret + crypto_sign_SEEDBYTES, public_key_bytes,
                     sizeof public_key_bytes) != 0)
    {
      g_clear_error (error);
      g_set_error_literal (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_NO_KEY,
                           _("The signing key on this desktop is out of date. "
                             "Sign in here while the server can be reached."));
      return NULL;
    }

  return g_steal_pointer (&key);
}

/**
 * cf_signing_open_key:
 * @password: the user's password, typed again
 *
 * Opens @user_id's sealed secret key with @password (a wrong one:
 * %CF_SIGNING_ERROR_PASSWORD): one Argon2id derivation, slow on purpose.
 * Whoever signs once calls cf_signing_sign () instead; this is for many
 * signatures by one person in a row.
 *
 * Returns: (transfer full) (nullable): the open key; free it with
 *   cf_signing_key_free (), which wipes it
 */
CfSigningKey *
cf_signing_open_key (CfStore     *store,
                     const char  *user_id,
                     const char  *password,
                     GError     **error)
{
  g_autofree char *public_key = NULL;
  g_autofree char *sealed = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (user_id != NULL && password != NULL, NULL);

  if (!read_keys (store, user_id, &public_key, &sealed, error))
    return NULL;
  if (public_key == NULL || sealed == NULL)
    return no_key (error);

  return open_sealed (public_key, sealed, password, error);
}

typedef struct
{
  char *public_key;
  char *sealed;
  char *password;
} OpenKey;

static void
open_key_free (OpenKey *open)
{
  g_free (open->public_key);
  g_free (open->sealed);
  if (open->password != NULL)
    sodium_memzero (open->password, strlen (open->password));
  g_free (open->password);
  g_free (open);
}

static void
open_key_in_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  OpenKey *open = task_data;
  GError *error = NULL;
  CfSigningKey *key = open_sealed (open->public_key, open->sealed, open->password, &error);

  if (key == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, key, (GDestroyNotify) cf_signing_key_free);
}

/**
 * cf_signing_open_key_async:
 *
 * cf_signing_open_key () with the password's key derivation (Argon2id,
 * about a tenth of a second on purpose) in a worker thread, so that the
 * window keeps drawing; the keys are read from @store here.
 */
void
cf_signing_open_key_async (CfStore             *store,
                           const char          *user_id,
                           const char          *password,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *sealed = NULL;
  GError *error = NULL;
  OpenKey *open;

  g_return_if_fail (CF_IS_STORE (store));
  g_return_if_fail (user_id != NULL && password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_signing_open_key_async);
  if (!read_keys (store, user_id, &public_key, &sealed, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (public_key == NULL || sealed == NULL)
    {
      no_key (&error);
      g_task_return_error (task, error);
      return;
    }

  open = g_new0 (OpenKey, 1);
  open->public_key = g_steal_pointer (&public_key);
  open->sealed = g_steal_pointer (&sealed);
  open->password = g_strdup (password);
  g_task_set_task_data (task, open, (GDestroyNotify) open_key_free);
  g_task_run_in_thread (task, open_key_in_thread);
}

/* Returns: (transfer full): the key, or %NULL with @error set */
CfSigningKey *
cf_signing_open_key_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * cf_signing_key_sign:
 *
 * Returns: (transfer full): the detached Ed25519 signature of @digest,
 *   in base64
 */
char *
cf_signing_key_sign (CfSigningKey *key,
                     const guint8  digest[CF_SIGNING_DIGEST_BYTES])
{
  guint8 signature[crypto_sign_BYTES];

  g_return_val_if_fail (key != NULL && digest != NULL, NULL);

  crypto_sign_detached (signature, NULL, digest, CF_SIGNING_DIGEST_BYTES, key->secret);
  return encode (signature, sizeof signature);
}

void
cf_signing_key_free (CfSigningKey *key)
{
  if (key == NULL)
    return;

  sodium_memzero (key->secret, sizeof key->secret);
  g_free (key);
}

/**
 * cf_signing_sign:
 * @password: the signer's password, typed again for this signature
 * @signature_b64: (out): the detached Ed25519 signature of @digest
 *
 * Opens the user's sealed secret key with @password (a wrong one:
 * %CF_SIGNING_ERROR_PASSWORD), signs @digest and wipes the key.
 */
gboolean
cf_signing_sign (CfStore       *store,
                 const char    *user_id,
                 const char    *password,
                 const guint8   digest[CF_SIGNING_DIGEST_BYTES],
                 char         **signature_b64,
                 GError       **error)
{
  g_autoptr (CfSigningKey) key = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (user_id != NULL && password != NULL && digest != NULL, FALSE);

  key = cf_signing_open_key (store, user_id, password, error);
  if (key == NULL)
    return FALSE;

  *signature_b64 = cf_signing_key_sign (key, digest);
  return TRUE;
}

/**
 * cf_signing_verify:
 *
 * Checks @signature_b64 over @digest against @user_id's registered public
 * key: %CF_SIGNING_ERROR_NO_KEY when there is none,
 * %CF_SIGNING_ERROR_ENCODING when the key or signature is not well formed,
 * %CF_SIGNING_ERROR_MISMATCH when the signature is not of this content by
 * this key.
 */
gboolean
cf_signing_verify (CfStore       *store,
                   const char    *user_id,
                   const guint8   digest[CF_SIGNING_DIGEST_BYTES],
                   const char    *signature_b64,
                   GError       **error)
{
  g_autofree char *public_key_b64 = NULL;
  g_autofree char *sealed = NULL;
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 signature[crypto_sign_BYTES];

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (user_id != NULL && digest != NULL, FALSE);

  if (!read_keys (store, user_id, &public_key_b64, &sealed, error))
    return FALSE;
  if (public_key_b64 == NULL)
    {
      g_set_error_literal (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_NO_KEY,
                           _("The signer has no registered signing key."));
      return FALSE;
    }
  if (!decode_exact (public_key_b64, sizeof public_key, public_key, error) ||
      !decode_exact (signature_b64, sizeof signature, signature, error))
    return FALSE;
  if (sodium_init () < 0 ||
      crypto_sign_verify_detached (signature, digest, CF_SIGNING_DIGEST_BYTES, public_key) != 0)
    {
      g_set_error_literal (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_MISMATCH,
                           _("The signature does not match the content: it was changed after "
                             "signing, or signed by someone else."));
      return FALSE;
    }

  return TRUE;
}

/**
 * cf_signing_fingerprint:
 *
 * Returns: (transfer full) (nullable): the first 8 bytes of the BLAKE2b
 *   hash of the public key as four groups of four hex digits
 *   ("3f2a 9c01 77de 0b4e"), for printouts; %NULL for a malformed key
 */
char *
cf_signing_fingerprint (const char *public_key_b64)
{
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 hash[crypto_generichash_BYTES_MIN];

  if (!decode_exact (public_key_b64, sizeof public_key, public_key, NULL) || sodium_init () < 0)
    return NULL;
  crypto_generichash (hash, sizeof hash, public_key, sizeof public_key, NULL, 0);

  return g_strdup_printf ("%02x%02x %02x%02x %02x%02x %02x%02x", hash[0], hash[1], hash[2],
                          hash[3], hash[4], hash[5], hash[6], hash[7]);
}
