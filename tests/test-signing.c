/* test-signing.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cf-authority.h"
#include "cf-op.h"
#include "cf-op-private.h"
#include "cf-password.h"
#include "cf-registry.h"
#include "cf-session.h"
#include "cf-signing.h"
#include "cf-test-util.h"
#include "cf-uuid.h"

#define LEAD_PASSWORD "lead on duty 2026"
#define NEW_PASSWORD  "a brand new password"
#define DEVICE        "0190f0c2-7a8b-7c1e-9d1a-3b0c5e7f1a09"

/* Everything logged while the tests run, to prove no secret is. */
static GString *logged;

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "MESSAGE"))
        {
          g_string_append_len (logged, fields[i].value,
                               fields[i].length < 0 ? (gssize) strlen (fields[i].value)
                                                    : fields[i].length);
          g_string_append_c (logged, '\n');
        }
    }

  /* Debug messages are only collected: on stdout they would break TAP. */
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

typedef struct
{
  CfTestSupervisedFixture base;
  char                   *lead_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (JsonObject) staff = json_object_new ();
  g_autoptr (JsonObject) user = json_object_new ();
  g_autofree char *staff_id = NULL;

  cf_test_supervised_set_up (&f->base, data);

  /* A shift lead made before signing keys existed: no key yet. */
  json_object_set_string_member (staff, "employee_no", "L100");
  json_object_set_string_member (staff, "name", "Lee Lead");
  json_object_set_string_member (staff, "role", "shift_lead");
  json_object_set_boolean_member (staff, "active", TRUE);
  staff_id = cf_test_create_record (f->base.store, f->base.supervisor_id, "staff", staff);
  json_object_set_string_member (user, "staff", staff_id);
  json_object_set_string_member (user, "login", "lee");
  json_object_set_string_member (user, "password_hash", cf_test_password_hash (LEAD_PASSWORD));
  json_object_set_boolean_member (user, "active", TRUE);
  f->lead_id = cf_test_create_record (f->base.store, f->base.supervisor_id, "user", user);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->lead_id);
  cf_test_supervised_tear_down (&f->base, data);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static void
digest_of (const char *json,
           guint8      digest[CF_SIGNING_DIGEST_BYTES])
{
  g_autoptr (JsonNode) node = parse (json);
  g_autofree char *canonical = cf_signing_canonical_json (node);

  g_assert_nonnull (canonical);
  cf_signing_digest (canonical, digest);
}

static char *
sign (CfStore      *store,
      const char   *user_id,
      const char   *password,
      const guint8  digest[CF_SIGNING_DIGEST_BYTES])
{
  g_autoptr (GError) error = NULL;
  char *signature = NULL;

  g_assert_true (cf_signing_sign (store, user_id, password, digest, &signature, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (signature), ==, CF_SIGNING_SIGNATURE_CHARS);
  return signature;
}

static void
assert_verifies (CfStore      *store,
                 const char   *user_id,
                 const guint8  digest[CF_SIGNING_DIGEST_BYTES],
                 const char   *signature)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (cf_signing_verify (store, user_id, digest, signature, &error));
  g_assert_no_error (error);
}

static void
assert_does_not_verify (CfStore      *store,
                        const char   *user_id,
                        const guint8  digest[CF_SIGNING_DIGEST_BYTES],
                        const char   *signature,
                        int           code)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (cf_signing_verify (store, user_id, digest, signature, &error));
  g_assert_error (error, CF_SIGNING_ERROR, code);
}

static void
test_canonical_json (void)
{
  g_autoptr (JsonNode) a = parse ("{\"b\": [1, -2, {\"z\": null, \"a\": true}],\n"
                                  "  \"a\": \"x\\u0001\\n\\\"/é\\u00e9\", \"é\": false, \"A\": 0}");
  g_autoptr (JsonNode) b = parse ("{\"A\":0,\"é\":false,\"a\":\"x\\u0001\\n\\\"\\/\\u00e9é\","
                                  "\"b\":[1,-2,{\"a\":true,\"z\":null}]}");
  g_autoptr (JsonNode) floating = parse ("{\"a\": [1, 2.5]}");
  g_autoptr (JsonNode) whole_float = parse ("{\"a\": 1.0}");
  g_autofree char *canonical_a = cf_signing_canonical_json (a);
  g_autofree char *canonical_b = cf_signing_canonical_json (b);
  guint8 digest_a[CF_SIGNING_DIGEST_BYTES];
  guint8 digest_b[CF_SIGNING_DIGEST_BYTES];
  g_autofree char *hex = NULL;

  /* Members by UTF-8 bytes ("A" < "a" < "b" < "é"), no whitespace, one
   * spelling of each character.
   */
  g_assert_cmpstr (canonical_a, ==,
                   "{\"A\":0,\"a\":\"x\\u0001\\n\\\"/éé\",\"b\":[1,-2,{\"a\":true,\"z\":null}],"
                   "\"é\":false}");
  g_assert_cmpstr (canonical_a, ==, canonical_b);

  cf_signing_digest (canonical_a, digest_a);
  cf_signing_digest (canonical_b, digest_b);
  g_assert_cmpmem (digest_a, sizeof digest_a, digest_b, sizeof digest_b);
  hex = cf_signing_digest_to_hex (digest_a);
  g_assert_cmpuint (strlen (hex), ==, 64);

  /* Numbers with a fraction have no single spelling: refused. */
  g_assert_null (cf_signing_canonical_json (floating));
  g_assert_null (cf_signing_canonical_json (whole_float));
}

static void
test_sign_and_verify (Fixture       *f,
                      gconstpointer  data)
{
  CfStore *store = f->base.store;
  const char *ada = f->base.supervisor_id;
  guint8 digest[CF_SIGNING_DIGEST_BYTES];
  guint8 changed[CF_SIGNING_DIGEST_BYTES];
  g_autofree char *signature = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr (GError) error = NULL;
  char *other = NULL;

  /* The first supervisor got keys when the account was made. */
  g_assert_true (cf_signing_user_has_keys (store, ada));
  public_key = cf_test_query_text (store, "SELECT public_key FROM app_user WHERE id = ?", ada);
  g_assert_cmpuint (strlen (public_key), ==, CF_SIGNING_PUBLIC_KEY_CHARS);
  fingerprint = cf_signing_fingerprint (public_key);
  g_assert_true (g_regex_match_simple ("^[0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}$",
                                       fingerprint, 0, 0));
  g_assert_null (cf_signing_fingerprint ("not a key"));

  digest_of ("{\"date\": \"2026-11-23\", \"equipment\": \"Line 3 headset broken\"}", digest);
  signature = sign (store, ada, CF_TEST_PASSWORD, digest);
  assert_verifies (store, ada, digest, signature);

  /* One byte of the content changed: the signature no longer holds. */
  digest_of ("{\"date\": \"2026-11-23\", \"equipment\": \"Line 4 headset broken\"}", changed);
  assert_does_not_verify (store, ada, changed, signature, CF_SIGNING_ERROR_MISMATCH);

  /* A wrong password cannot sign. */
  g_assert_false (cf_signing_sign (store, ada, "not the password", digest, &other, &error));
  g_assert_error (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_PASSWORD);
  g_assert_null (other);
  g_clear_error (&error);

  /* Malformed signatures are told apart from wrong ones. */
  assert_does_not_verify (store, ada, digest, "c2lnbmF0dXJl", CF_SIGNING_ERROR_ENCODING);
  assert_does_not_verify (store, ada, digest, "", CF_SIGNING_ERROR_ENCODING);
  {
    g_autofree char *padded = g_strconcat (signature, " ", NULL);

    assert_does_not_verify (store, ada, digest, padded, CF_SIGNING_ERROR_ENCODING);
  }

  /* A user with no key yet: nothing to verify against, nothing to sign with. */
  assert_does_not_verify (store, f->lead_id, digest, signature, CF_SIGNING_ERROR_NO_KEY);
  g_assert_false (cf_signing_sign (store, f->lead_id, LEAD_PASSWORD, digest, &other, &error));
  g_assert_error (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_NO_KEY);
  g_clear_error (&error);

  /* A sealed key that is not the registered key's pair does not sign. */
  {
    g_autofree char *sealed = cf_test_query_text (store, "SELECT sealed_secret_key FROM app_user "
                                                         "WHERE id = ?", ada);
    g_autofree char *other_public = NULL;
    g_autofree char *other_sealed = NULL;

    g_assert_true (cf_signing_make_keys (CF_TEST_PASSWORD, &other_public, &other_sealed, &error));
    g_assert_false (cf_signing_install_keys (store, ada, other_public, "AAAA", &error));
    g_assert_error (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_ENCODING);
    g_clear_error (&error);
    g_assert_true (cf_signing_install_keys (store, ada, other_public, sealed, &error));
    g_assert_no_error (error);
    g_assert_false (cf_signing_sign (store, ada, CF_TEST_PASSWORD, digest, &other, &error));
    g_assert_error (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_NO_KEY);
    g_assert_null (other);
    g_clear_error (&error);
  }

  /* A damaged key in the database is refused, not used. */
  {
    g_autoptr (CfStatement) stmt =
      cf_store_prepare (store, "UPDATE app_user SET public_key = 'AAAA' WHERE id = ?", &error);

    g_assert_no_error (error);
    sqlite3_bind_text (stmt, 1, ada, -1, SQLITE_TRANSIENT);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  }
  assert_does_not_verify (store, ada, digest, signature, CF_SIGNING_ERROR_ENCODING);
}

/* A key opened once signs many times, as the password would: the same
 * signatures (Ed25519 is deterministic); keys made open for new accounts
 * are the ones sealed into them.
 */
static void
on_key_opened_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Opens @user_id's key as the sign dialog does, in a worker thread. */
static CfSigningKey *
open_key_in_thread (CfStore     *store,
                    const char  *user_id,
                    const char  *password,
                    GError     **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  gint64 until = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  cf_signing_open_key_async (store, user_id, password, NULL, on_key_opened_cb, &result);
  while (result == NULL && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (result);

  return cf_signing_open_key_finish (result, error);
}

/* The key opened in a worker thread signs as the password does; a wrong
 * password or no key says so.
 */
static void
test_open_key_async (Fixture       *f,
                     gconstpointer  data)
{
  CfStore *store = f->base.store;
  const char *ada = f->base.supervisor_id;
  g_autoptr (CfSigningKey) key = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *signature = NULL;
  guint8 digest[CF_SIGNING_DIGEST_BYTES];

  digest_of ("{\"sheet\": 3}", digest);
  key = open_key_in_thread (store, ada, CF_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  signature = cf_signing_key_sign (key, digest);
  assert_verifies (store, ada, digest, signature);

  g_assert_null (open_key_in_thread (store, ada, "not the password", &error));
  g_assert_error (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_PASSWORD);
  g_clear_error (&error);
  g_assert_null (open_key_in_thread (store, f->lead_id, LEAD_PASSWORD, &error));
  g_assert_error (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_NO_KEY);
}

static void
test_open_key (Fixture       *f,
               gconstpointer  data)
{
  CfStore *store = f->base.store;
  const char *ada = f->base.supervisor_id;
  const char *users[] = { f->lead_id, ada };
  JsonObject *sets[] = { json_object_new (), json_object_new () };
  CfSigningKey *keys[G_N_ELEMENTS (sets)] = { NULL };
  g_autoptr (CfSigningKey) key = NULL;
  g_autoptr (GError) error = NULL;
  guint8 digest[CF_SIGNING_DIGEST_BYTES];
  guint8 second[CF_SIGNING_DIGEST_BYTES];

  digest_of ("{\"sheet\": 1, \"equipment\": \"Wallboard 2 flickers\"}", digest);
  digest_of ("{\"sheet\": 2, \"equipment\": \"All seats working\"}", second);

  key = cf_signing_open_key (store, ada, CF_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  for (guint i = 0; i < 2; i++)
    {
      const guint8 *signed_digest = i == 0 ? digest : second;
      g_autofree char *signature = cf_signing_key_sign (key, signed_digest);
      g_autofree char *by_password = sign (store, ada, CF_TEST_PASSWORD, signed_digest);

      assert_verifies (store, ada, signed_digest, signature);
      g_assert_cmpstr (signature, ==, by_password);
    }

  /* Opening needs the password and a key, as signing does. */
  g_assert_null (cf_signing_open_key (store, ada, "not the password", &error));
  g_assert_error (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_PASSWORD);
  g_clear_error (&error);
  g_assert_null (cf_signing_open_key (store, f->lead_id, LEAD_PASSWORD, &error));
  g_assert_error (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_NO_KEY);
  g_clear_error (&error);

  /* New pairs for two accounts sealed with one password (as the demo's
   * accounts share one), made in one go and recorded by each account,
   * sign at once as that password would, each with its own key.
   */
  digest_of ("{\"sheet\": 3, \"other\": \"Fire drill on Thursday\"}", digest);
  g_assert_true (cf_signing_new_keys (sets, 2, CF_TEST_PASSWORD, keys, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (sets[0], "public_key"), !=,
                   json_object_get_string_member (sets[1], "public_key"));
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (CfOp) patch = cf_op_new_patch ("user", users[i], sets[i]);

      g_assert_true (cf_store_apply (store, users[i], &patch, 1, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *signature = cf_signing_key_sign (keys[i], digest);
      g_autofree char *by_password = sign (store, users[i], CF_TEST_PASSWORD, digest);

      assert_verifies (store, users[i], digest, signature);
      g_assert_cmpstr (signature, ==, by_password);
      assert_does_not_verify (store, users[1 - i], digest, signature, CF_SIGNING_ERROR_MISMATCH);
      cf_signing_key_free (keys[i]);
      json_object_unref (sets[i]);
    }
}

/* The lead had no key: signing in makes one, recorded as the lead's own
 * change (a shift lead may not change users otherwise).
 */
static void
test_keys_at_sign_in (Fixture       *f,
                      gconstpointer  data)
{
  CfStore *store = f->base.store;
  g_autoptr (CfSession) session = cf_session_new (store);
  g_autoptr (GError) error = NULL;
  guint8 digest[CF_SIGNING_DIGEST_BYTES];
  g_autofree char *lead_signature = NULL;
  g_autofree char *ada_signature = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *again = NULL;

  g_assert_false (cf_signing_user_has_keys (store, f->lead_id));
  g_assert_true (cf_session_sign_in (session, "lee", LEAD_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (cf_signing_user_has_keys (store, f->lead_id));
  g_assert_cmpint (cf_test_query_integer (store,
                                          "SELECT COUNT(*) FROM op_log WHERE kind = 'user' "
                                          "AND record_id = ? AND action = 'patch'",
                                          f->lead_id), ==, 1);
  public_key = cf_test_query_text (store, "SELECT public_key FROM app_user WHERE id = ?",
                                   f->lead_id);

  digest_of ("{\"sheet\": 1}", digest);
  lead_signature = sign (store, f->lead_id, LEAD_PASSWORD, digest);
  assert_verifies (store, f->lead_id, digest, lead_signature);

  /* Another user's key does not verify the lead's signature, nor the
   * other way round.
   */
  ada_signature = sign (store, f->base.supervisor_id, CF_TEST_PASSWORD, digest);
  assert_does_not_verify (store, f->base.supervisor_id, digest, lead_signature,
                          CF_SIGNING_ERROR_MISMATCH);
  assert_does_not_verify (store, f->lead_id, digest, ada_signature, CF_SIGNING_ERROR_MISMATCH);

  /* Signing in again keeps the key. */
  cf_session_sign_out (session);
  g_assert_true (cf_session_sign_in (session, "lee", LEAD_PASSWORD, &error));
  g_assert_no_error (error);
  again = cf_test_query_text (store, "SELECT public_key FROM app_user WHERE id = ?", f->lead_id);
  g_assert_cmpstr (again, ==, public_key);
}

static gboolean
patch_keys (CfStore     *store,
            const char  *author,
            const char  *user_id,
            const char  *public_key,
            const char  *sealed,
            const char  *login,
            GError     **error)
{
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (CfOp) patch = NULL;

  json_object_set_string_member (set, "public_key", public_key);
  if (sealed != NULL)
    json_object_set_string_member (set, "sealed_secret_key", sealed);
  if (login != NULL)
    json_object_set_string_member (set, "login", login);
  patch = cf_op_new_patch ("user", user_id, set);
  return cf_store_apply (store, author, &patch, 1, error);
}

/* Who may set key fields: a user their own two, together; nobody else
 * but a supervisor.
 */
static void
test_key_permissions (Fixture       *f,
                      gconstpointer  data)
{
  CfStore *store = f->base.store;
  g_autofree char *public_key = NULL;
  g_autofree char *sealed = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (cf_signing_make_keys (LEAD_PASSWORD, &public_key, &sealed, &error));
  g_assert_no_error (error);

  /* Not someone else's keys. */
  g_assert_false (patch_keys (store, f->lead_id, f->base.supervisor_id, public_key, sealed, NULL,
                              &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* Not one without the other, nor with anything else. */
  g_assert_false (patch_keys (store, f->lead_id, f->lead_id, public_key, NULL, NULL, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (patch_keys (store, f->lead_id, f->lead_id, public_key, sealed, "boss", &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* Not a malformed key. */
  g_assert_false (patch_keys (store, f->lead_id, f->lead_id, "AAAA", sealed, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Their own, together: yes. */
  g_assert_true (patch_keys (store, f->lead_id, f->lead_id, public_key, sealed, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cf_signing_user_has_keys (store, f->lead_id));
}

/* A password change re-seals the same key: old signatures still verify,
 * the new password signs, the old one no longer does.
 */
static void
test_password_change (Fixture       *f,
                      gconstpointer  data)
{
  CfStore *store = f->base.store;
  const char *ada = f->base.supervisor_id;
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (CfOp) patch = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *after = NULL;
  g_autofree char *old_signature = NULL;
  g_autofree char *new_signature = NULL;
  guint8 digest[CF_SIGNING_DIGEST_BYTES];
  char *refused = NULL;

  digest_of ("{\"sheet\": \"before the change\"}", digest);
  old_signature = sign (store, ada, CF_TEST_PASSWORD, digest);
  public_key = cf_test_query_text (store, "SELECT public_key FROM app_user WHERE id = ?", ada);

  /* The wrong old password cannot re-seal. */
  g_assert_false (cf_signing_change_password (store, ada, "wrong old", NEW_PASSWORD, set,
                                              &error));
  g_assert_error (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_PASSWORD);
  g_clear_error (&error);
  g_assert_cmpuint (json_object_get_size (set), ==, 0);

  hash = cf_password_hash (NEW_PASSWORD, &error);
  g_assert_no_error (error);
  json_object_set_string_member (set, "password_hash", hash);
  g_assert_true (cf_signing_change_password (store, ada, CF_TEST_PASSWORD, NEW_PASSWORD, set,
                                             &error));
  g_assert_no_error (error);
  patch = cf_op_new_patch ("user", ada, set);
  g_assert_true (cf_store_apply (store, ada, &patch, 1, &error));
  g_assert_no_error (error);

  after = cf_test_query_text (store, "SELECT public_key FROM app_user WHERE id = ?", ada);
  g_assert_cmpstr (after, ==, public_key);
  assert_verifies (store, ada, digest, old_signature);

  new_signature = sign (store, ada, NEW_PASSWORD, digest);
  assert_verifies (store, ada, digest, new_signature);
  g_assert_false (cf_signing_sign (store, ada, CF_TEST_PASSWORD, digest, &refused, &error));
  g_assert_error (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_PASSWORD);
  g_assert_null (refused);
}

/* The server's side: a user's own key patch is taken from any role; one
 * made from a stale version is refused whole, and no conflict record ever
 * holds the sealed key.
 */
static void
apply_remote_keys (Fixture          *f,
                   const char       *author,
                   const char       *user_id,
                   gint64            base_rev,
                   const char       *password,
                   CfOpResultStatus  expected,
                   const char       *expected_reason)
{
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (JsonObject) base = json_object_new ();
  g_autoptr (CfOp) op = NULL;
  g_autoptr (CfOpResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *op_id = cf_uuid_new_v7 ();
  g_autofree char *now = cf_utc_now_iso ();
  static gint64 device_seq = 0;

  g_assert_true (cf_signing_add_keys (set, password, &error));
  json_object_set_null_member (base, "public_key");
  json_object_set_string_member (base, "sealed_secret_key", "");
  op = _cf_op_new_remote (CF_OP_PATCH, "user", user_id, set, base, base_rev, op_id, ++device_seq,
                          author, now);
  result = cf_authority_apply (f->base.store, op, DEVICE, "hash", &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpint (result->status, ==, expected);
  g_assert_cmpstr (result->error, ==, expected_reason);
}

static void
test_server_keeps_keys_whole (Fixture       *f,
                              gconstpointer  data)
{
  CfStore *store = f->base.store;
  g_autofree char *first = NULL;
  g_autofree char *after = NULL;

  /* The lead's own keys: taken, though a shift lead may not change users. */
  apply_remote_keys (f, f->lead_id, f->lead_id, 0, LEAD_PASSWORD, CF_OP_RESULT_APPLIED, NULL);
  first = cf_test_query_text (store, "SELECT public_key FROM app_user WHERE id = ?", f->lead_id);
  g_assert_cmpuint (strlen (first), ==, CF_SIGNING_PUBLIC_KEY_CHARS);

  /* Someone else's: no. */
  apply_remote_keys (f, f->lead_id, f->base.supervisor_id, 0, LEAD_PASSWORD,
                     CF_OP_RESULT_REJECTED, "forbidden");

  /* Another desktop made keys for the lead from the version without any:
   * refused whole, the first keys stay, no conflict is kept.
   */
  apply_remote_keys (f, f->lead_id, f->lead_id, 0, LEAD_PASSWORD, CF_OP_RESULT_REJECTED,
                     "stale");
  after = cf_test_query_text (store, "SELECT public_key FROM app_user WHERE id = ?", f->lead_id);
  g_assert_cmpstr (after, ==, first);
  g_assert_cmpint (cf_store_count (store, "SELECT COUNT(*) FROM conflict"), ==, 0);
}

/* The sealed key is a secret: left out of every record as the change feed
 * and conflict answers carry it, and the user kind is not shown at all to
 * roles without a desktop; nothing logged holds it.
 */
static void
test_secret_stays_secret (Fixture       *f,
                          gconstpointer  data)
{
  CfStore *store = f->base.store;
  const char *ada = f->base.supervisor_id;
  const CfKind *kind = cf_registry_lookup ("user");
  g_autoptr (JsonObject) envelope = NULL;
  g_autoptr (JsonObject) with_secrets = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CfSession) session = cf_session_new (store);
  g_autofree char *sealed = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *text = NULL;
  g_autofree char *signature = NULL;
  guint8 digest[CF_SIGNING_DIGEST_BYTES];
  char *refused = NULL;

  sealed = cf_test_query_text (store, "SELECT sealed_secret_key FROM app_user WHERE id = ?", ada);
  g_assert_cmpuint (strlen (sealed), ==, CF_SIGNING_SEALED_KEY_CHARS);
  public_key = cf_test_query_text (store, "SELECT public_key FROM app_user WHERE id = ?", ada);

  envelope = cf_authority_record_envelope (store, kind, ada, 1, FALSE, &error);
  g_assert_no_error (error);
  node = json_node_init_object (json_node_alloc (), envelope);
  text = json_to_string (node, FALSE);
  g_assert_null (strstr (text, "sealed_secret_key"));
  g_assert_null (strstr (text, sealed));
  g_assert_nonnull (strstr (text, public_key));

  /* Only a standalone database's own upload carries it. */
  with_secrets = cf_authority_record_envelope (store, kind, ada, 1, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (with_secrets,
                                                                                 "body"),
                                                  "sealed_secret_key"), ==, sealed);

  for (CfRole role = 0; role < CF_N_ROLES; role++)
    g_assert_true (((kind->read_roles & CF_ROLE_BIT (role)) != 0) == cf_role_is_desktop (role));

  /* Everything done with keys here, the failures too: nothing logged
   * holds a key or a password.
   */
  g_assert_true (cf_session_sign_in (session, "lee", LEAD_PASSWORD, &error));
  g_assert_no_error (error);
  digest_of ("{\"sheet\": 2}", digest);
  signature = sign (store, ada, CF_TEST_PASSWORD, digest);
  g_assert_false (cf_signing_sign (store, ada, LEAD_PASSWORD, digest, &refused, &error));
  g_clear_error (&error);
  g_debug ("signed: %s", signature);
  g_assert_nonnull (strstr (logged->str, "signed: "));
  g_assert_null (strstr (logged->str, sealed));
  g_assert_null (strstr (logged->str, CF_TEST_PASSWORD));
  g_assert_null (strstr (logged->str, LEAD_PASSWORD));
  g_assert_null (strstr (logged->str, "sealed_secret_key"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  logged = g_string_new (NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/signing/canonical-json", test_canonical_json);
#define ADD(path, func) \
  g_test_add ("/signing/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("sign-and-verify", test_sign_and_verify);
  ADD ("open-key", test_open_key);
  ADD ("open-key-async", test_open_key_async);
  ADD ("keys-at-sign-in", test_keys_at_sign_in);
  ADD ("key-permissions", test_key_permissions);
  ADD ("password-change", test_password_change);
  ADD ("secret-stays-secret", test_secret_stays_secret);
  ADD ("server-keeps-keys-whole", test_server_keeps_keys_whole);
#undef ADD

  status = g_test_run ();
  cf_test_clear_caches ();
  g_string_free (logged, TRUE);
  return status;
}
