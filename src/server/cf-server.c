/* cf-server.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-server"

#include "config.h"

#include "cf-server.h"

#include <sodium.h>

#include "cf-authority.h"
#include "cf-password.h"
#include "cf-registry.h"
#include "cf-store.h"
#include "cf-sync-codec.h"
#include "cf-uuid.h"

/* callfloor-server's HTTP side: the protocol of DESIGN.md ("Sync") over
 * SoupServer. Every body passes the strict JSON pre-validator; oversized
 * bodies are refused before they are read; every answer that is not a
 * success is JSON { "error": code, "message": text }.
 */
struct _CfServer
{
  GObject         parent_instance;

  CfStore        *store;
  SoupServer     *soup;
  CfServerLimits  limits;
  char           *server_id;

  /* "login:NAME" or "address:HOST" → Throttle */
  GHashTable     *throttles;
  guint           n_hashing;

  /* Live connections (SoupWebsocketConnection → Live) */
  GHashTable     *live;
  guint           heartbeat_id;
};

G_DEFINE_FINAL_TYPE (CfServer, cf_server, G_TYPE_OBJECT)

typedef struct
{
  guint  failures;
  gint64 retry_at;    /* monotonic µs */
} Throttle;

/* A desktop listening for pokes, and what its user may read. */
typedef struct
{
  char   *user_id;
  CfRole  role;
} Live;

static void
live_free (Live *live)
{
  g_free (live->user_id);
  g_free (live);
}

/* Password checks run in threads; a flood of sign-ins must not take all
 * the memory (64 MiB each), so at most this many run at once.
 */
#define MAX_CONCURRENT_HASHES 2
#define MAX_OPS_PER_PUSH      500
#define DEFAULT_PAGE          500
#define MAX_PAGE              1000

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            JsonNode          *node)
{
  g_autofree char *text = cf_sync_to_string (node);
  gsize length = strlen (text);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), length);
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *code,
             const char        *message)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  reply_json (msg, status, root);
}

static void
log_auth_event (CfServer          *self,
                const char        *event,
                const char        *login,
                SoupServerMessage *msg)
{
  const char *address = soup_server_message_get_remote_host (msg);
  g_autofree char *now = cf_utc_now_iso ();
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (self->store,
                      "INSERT INTO auth_event (at, event, login, address) VALUES (?, ?, ?, ?)",
                      NULL);

  /* Never a password or a token: only what happened, to whom, from where. */
  g_message ("auth: %s login=%s address=%s", event, login != NULL ? login : "-",
             address != NULL ? address : "-");
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, event, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, login, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, address, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
}

static char *
hash_token (const char *token)
{
  guint8 digest[32];
  char hex[sizeof digest * 2 + 1];

  crypto_generichash (digest, sizeof digest, (const guint8 *) token, strlen (token), NULL, 0);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);

  return g_strdup (hex);
}

/* Who sent @msg: the user of its bearer token, if the token is known and
 * neither idle too long nor too old, and the user is still active.
 */
static gboolean
authenticate (CfServer          *self,
              SoupServerMessage *msg,
              char             **user_id,
              CfRole            *role)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  g_autofree char *token_hash = NULL;
  g_autoptr (CfStatement) stmt = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 last_used, expires;

  if (header == NULL || !g_str_has_prefix (header, "Bearer ") || strlen (header) > 200)
    {
      reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "sign in first");
      return FALSE;
    }

  token_hash = hash_token (header + strlen ("Bearer "));
  stmt = cf_store_prepare (self->store,
                           "SELECT user_id, last_used_at, expires_at FROM auth_token "
                           "WHERE token_hash = ?", NULL);
  if (stmt == NULL)
    {
      reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "server", "the database is not available");
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "the session is not known");
      return FALSE;
    }

  *user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  last_used = sqlite3_column_int64 (stmt, 1);
  expires = sqlite3_column_int64 (stmt, 2);
  sqlite3_reset (stmt);

  if (now >= expires || now - last_used >= (gint64) self->limits.token_idle_hours * 3600 ||
      !cf_store_get_author_role (self->store, *user_id, role))
    {
      g_autoptr (CfStatement) forget =
        cf_store_prepare (self->store, "DELETE FROM auth_token WHERE token_hash = ?", NULL);

      if (forget != NULL)
        {
          sqlite3_bind_text (forget, 1, token_hash, -1, SQLITE_TRANSIENT);
          sqlite3_step (forget);
        }
      g_clear_pointer (user_id, g_free);
      reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "expired", "the session has expired; sign in again");
      return FALSE;
    }

  {
    g_autoptr (CfStatement) touch =
      cf_store_prepare (self->store, "UPDATE auth_token SET last_used_at = ? WHERE token_hash = ?",
                        NULL);
    if (touch != NULL)
      {
        sqlite3_bind_int64 (touch, 1, now);
        sqlite3_bind_text (touch, 2, token_hash, -1, SQLITE_TRANSIENT);
        sqlite3_step (touch);
      }
  }

  return TRUE;
}

static JsonNode *
read_body (SoupServerMessage  *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr (GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  JsonNode *node;

  node = cf_sync_parse (data != NULL ? data : "", length, &error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "malformed",
                   error != NULL ? error->message : "the body must be a JSON object");
      g_clear_pointer (&node, json_node_unref);
    }

  return node;
}

static const char *
body_string (JsonObject *object,
             const char *name,
             gsize       max_length)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  text = json_node_get_string (node);

  return strlen (text) <= max_length ? text : NULL;
}

/* Sign-in throttling -------------------------------------------------------- */

static Throttle *
lookup_throttle (CfServer   *self,
                 const char *prefix,
                 const char *value)
{
  g_autofree char *key = g_strconcat (prefix, value != NULL ? value : "", NULL);
  Throttle *throttle = g_hash_table_lookup (self->throttles, key);

  if (throttle == NULL)
    {
      throttle = g_new0 (Throttle, 1);
      g_hash_table_insert (self->throttles, g_steal_pointer (&key), throttle);
    }

  return throttle;
}

/* A few mistakes are free; then each failure doubles the wait, up to five
 * minutes. A soft lock-out: an attacker cannot lock a person out for long.
 */
static void
note_failure (Throttle *throttle)
{
  guint over;

  throttle->failures++;
  if (throttle->failures <= 3)
    return;
  over = MIN (throttle->failures - 3, 9);
  throttle->retry_at = g_get_monotonic_time () + MIN ((gint64) 1 << over, 300) * G_USEC_PER_SEC;
}

static gint64
seconds_to_wait (Throttle *throttle)
{
  gint64 now = g_get_monotonic_time ();

  if (throttle->retry_at <= now)
    return 0;

  return (throttle->retry_at - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
}

/* Login ---------------------------------------------------------------------- */

typedef struct
{
  CfServer          *self;
  SoupServerMessage *msg;
  char              *login;
  char              *password;
  char              *hash;
  char              *user_id;
  char              *staff_id;
  char              *name;
  char              *role;
  char              *device_id;
  /* The user's signing keys (cf-signing.c): the sealed secret key goes to
   * its owner only, once the password has been checked, so they can sign
   * at any desktop they sign in to.
   */
  char              *public_key;
  char              *sealed_secret_key;
  gboolean           verified;
  gboolean           finished;
} Login;

static void
login_free (Login *login)
{
  if (login->password != NULL)
    sodium_memzero (login->password, strlen (login->password));
  g_free (login->login);
  g_free (login->password);
  g_free (login->hash);
  g_free (login->user_id);
  g_free (login->staff_id);
  g_free (login->name);
  g_free (login->role);
  g_free (login->device_id);
  g_free (login->public_key);
  g_free (login->sealed_secret_key);
  g_signal_handlers_disconnect_by_data (login->msg, login);
  g_object_unref (login->msg);
  g_object_unref (login->self);
  g_free (login);
}

static void
on_login_message_finished_cb (SoupServerMessage *msg,
                              Login             *login)
{
  login->finished = TRUE;
}

static void
verify_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Login *login = task_data;

  login->verified = cf_password_verify (login->hash, login->password) && login->user_id != NULL;
  g_task_return_boolean (task, TRUE);
}

static char *
issue_token (CfServer  *self,
             Login     *login,
             gint64    *expires_at)
{
  guint8 random[32];
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autoptr (CfStatement) stmt = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  randombytes_buf (random, sizeof random);
  token = g_base64_encode (random, sizeof random);
  g_strdelimit (token, "+", '-');
  g_strdelimit (token, "/", '_');
  g_strdelimit (token, "=", '\0');
  token_hash = hash_token (token);
  *expires_at = now + (gint64) self->limits.token_lifetime_days * 24 * 3600;

  stmt = cf_store_prepare (self->store,
                           "INSERT INTO auth_token (token_hash, user_id, device_id, created_at, "
                           "last_used_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, login->user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, login->device_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, now);
  sqlite3_bind_int64 (stmt, 6, *expires_at);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&token);
}

static void
on_login_verified_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Login *login = g_task_get_task_data (G_TASK (result));
  CfServer *self = login->self;
  SoupServerMessage *msg = login->msg;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *token = NULL;
  gint64 expires_at;

  self->n_hashing--;
  if (login->finished)
    return;

  if (!login->verified)
    {
      note_failure (lookup_throttle (self, "login:", login->login));
      note_failure (lookup_throttle (self, "address:", soup_server_message_get_remote_host (msg)));
      log_auth_event (self, "sign-in-failed", login->login, msg);
      reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "wrong_credentials",
                   "the user name or password is not correct");
      soup_server_message_unpause (msg);
      return;
    }

  lookup_throttle (self, "login:", login->login)->failures = 0;
  token = issue_token (self, login, &expires_at);
  if (token == NULL)
    {
      reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "server", "the session cannot be saved");
      soup_server_message_unpause (msg);
      return;
    }
  log_auth_event (self, "sign-in", login->login, msg);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_int_value (builder, expires_at);
  json_builder_set_member_name (builder, "server_id");
  json_builder_add_string_value (builder, self->server_id);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, CF_SYNC_PROTOCOL_VERSION);
  json_builder_set_member_name (builder, "user");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, login->user_id);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login->login);
  json_builder_set_member_name (builder, "staff_id");
  json_builder_add_string_value (builder, login->staff_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, login->name);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, login->role);
  if (login->public_key != NULL && login->sealed_secret_key != NULL)
    {
      json_builder_set_member_name (builder, "public_key");
      json_builder_add_string_value (builder, login->public_key);
      json_builder_set_member_name (builder, "sealed_secret_key");
      json_builder_add_string_value (builder, login->sealed_secret_key);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  reply_json (msg, SOUP_STATUS_OK, root);
  soup_server_message_unpause (msg);
}

static void
throttled (SoupServerMessage *msg,
           gint64             seconds)
{
  g_autofree char *retry_after = g_strdup_printf ("%" G_GINT64_FORMAT, seconds);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                retry_after);
  reply_error (msg, 429, "throttled",
               "too many failed sign-ins; wait before trying again");
}

static void
handle_login (CfServer          *self,
              SoupServerMessage *msg)
{
  g_autoptr (JsonNode) body = read_body (msg);
  g_autoptr (CfStatement) stmt = NULL;
  g_autoptr (GTask) task = NULL;
  const char *address = soup_server_message_get_remote_host (msg);
  const char *name, *password, *device_id;
  JsonObject *object;
  Login *login;
  gint64 wait;

  if (body == NULL)
    return;
  object = json_node_get_object (body);
  name = body_string (object, "login", 32);
  password = body_string (object, "password", 1024);
  device_id = body_string (object, "device_id", 36);
  if (name == NULL || password == NULL || !cf_uuid_is_valid (device_id))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "malformed",
                   "login needs login, password and device_id");
      return;
    }

  wait = MAX (seconds_to_wait (lookup_throttle (self, "login:", name)),
              seconds_to_wait (lookup_throttle (self, "address:", address)));
  if (wait > 0)
    {
      log_auth_event (self, "sign-in-throttled", name, msg);
      throttled (msg, wait);
      return;
    }
  if (self->n_hashing >= MAX_CONCURRENT_HASHES)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", "1");
      reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "busy", "too many sign-ins at once");
      return;
    }

  login = g_new0 (Login, 1);
  login->self = g_object_ref (self);
  login->msg = g_object_ref (msg);
  login->login = g_strdup (name);
  login->password = g_strdup (password);
  login->device_id = g_strdup (device_id);

  stmt = cf_store_prepare (self->store,
                           "SELECT u.id, u.password_hash, s.id, s.name, s.role, "
                           "NULLIF (u.public_key, ''), NULLIF (u.sealed_secret_key, '') "
                           "FROM app_user u "
                           "JOIN staff s ON s.id = u.staff WHERE u.login = ? AND u.deleted = 0 "
                           "AND u.active = 1 AND s.deleted = 0 AND s.active = 1", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          login->user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          login->hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          login->staff_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          login->name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
          login->role = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
          login->public_key = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
          login->sealed_secret_key = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
        }
    }
  /* An unknown name costs as much time as a wrong password. */
  if (login->hash == NULL)
    login->hash = cf_password_hash ("not a password of anyone here", NULL);

  g_signal_connect (msg, "finished", G_CALLBACK (on_login_message_finished_cb), login);
  soup_server_message_pause (msg);
  self->n_hashing++;

  task = g_task_new (NULL, NULL, on_login_verified_cb, NULL);
  g_task_set_source_tag (task, handle_login);
  g_task_set_task_data (task, login, (GDestroyNotify) login_free);
  g_task_run_in_thread (task, verify_in_thread);
}

static void
handle_logout (CfServer          *self,
               SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  g_autofree char *user_id = NULL;
  g_autofree char *token_hash = NULL;
  g_autoptr (CfStatement) stmt = NULL;
  g_autoptr (JsonNode) empty = json_node_init_object (json_node_alloc (), json_object_new ());
  CfRole role;

  if (!authenticate (self, msg, &user_id, &role))
    return;

  token_hash = hash_token (header + strlen ("Bearer "));
  stmt = cf_store_prepare (self->store, "DELETE FROM auth_token WHERE token_hash = ?", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
      sqlite3_step (stmt);
    }
  log_auth_event (self, "sign-out", user_id, msg);
  reply_json (msg, SOUP_STATUS_OK, empty);
}

/* Push ----------------------------------------------------------------------- */

static JsonNode *
rejection (const char *op_id,
           const char *error,
           const char *reason)
{
  CfOpResult result = {
    .status = CF_OP_RESULT_REJECTED,
    .error = (char *) error,
    .reason = (char *) reason,
  };

  return cf_op_result_to_json (&result, op_id);
}

static void
reply_store_failure (SoupServerMessage *msg,
                     const GError      *error)
{
  g_warning ("Cannot store a push: %s", error->message);
  reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "server",
               "the server cannot store changes right now");
}

static void
handle_push (CfServer          *self,
             SoupServerMessage *msg)
{
  g_autofree char *user_id = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *ops_node;
  JsonArray *ops;
  const char *device_id;
  CfRole role;

  if (!authenticate (self, msg, &user_id, &role))
    return;
  body = read_body (msg);
  if (body == NULL)
    return;

  object = json_node_get_object (body);
  device_id = body_string (object, "device_id", 36);
  ops_node = json_object_get_member (object, "ops");
  if (!cf_uuid_is_valid (device_id) || ops_node == NULL || !JSON_NODE_HOLDS_ARRAY (ops_node) ||
      json_array_get_length (json_node_get_array (ops_node)) > MAX_OPS_PER_PUSH)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "malformed",
                   "push needs device_id and at most 500 ops");
      return;
    }
  ops = json_node_get_array (ops_node);

  /* The whole push is one transaction, each op a savepoint in it: one
   * commit instead of one per op, and no answer is sent before it.
   */
  if (!cf_store_begin (self->store, &error))
    {
      reply_store_failure (msg, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (ops); i++)
    {
      JsonNode *node = json_array_get_element (ops, i);
      g_autoptr (GError) op_error = NULL;
      g_autoptr (CfOp) op = cf_sync_op_from_json (node, &op_error);
      g_autoptr (CfOpResult) result = NULL;
      g_autofree char *request_hash = NULL;

      if (op == NULL)
        {
          const char *op_id = JSON_NODE_HOLDS_OBJECT (node)
                                ? body_string (json_node_get_object (node), "op_id", 36) : NULL;

          json_builder_add_value (builder, rejection (op_id, "invalid", op_error->message));
          continue;
        }
      /* Ops are uploaded only with their author's own session. */
      if (g_strcmp0 (cf_op_get_author (op), user_id) != 0)
        {
          json_builder_add_value (builder,
                                  rejection (cf_op_get_op_id (op), "forbidden",
                                             "an op can only be sent by its author"));
          continue;
        }

      request_hash = cf_sync_op_hash (node);
      result = cf_authority_apply (self->store, op, device_id, request_hash, &op_error);
      if (result == NULL ||
          !cf_authority_attach_record (self->store, op, role, result, &op_error))
        {
          /* The server itself failed: nothing of this push is kept and
           * nothing answered, so the client sends it all again.
           */
          cf_store_rollback (self->store);
          reply_store_failure (msg, op_error);
          return;
        }
      json_builder_add_value (builder, cf_op_result_to_json (result, cf_op_get_op_id (op)));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  if (!cf_store_commit (self->store, &error))
    {
      cf_store_rollback (self->store);
      reply_store_failure (msg, error);
      return;
    }

  reply_json (msg, SOUP_STATUS_OK, root);
}

/* Attaching a standalone database ------------------------------------------ */

static void
handle_attach (CfServer          *self,
               SoupServerMessage *msg)
{
  g_autofree char *user_id = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *records;
  JsonNode *page;
  JsonNode *last;
  const char *database_id;
  guint n_applied;
  CfRole role;

  if (!authenticate (self, msg, &user_id, &role))
    return;
  if (role != CF_ROLE_SUPERVISOR)
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                   "only a supervisor can attach a database");
      return;
    }
  body = read_body (msg);
  if (body == NULL)
    return;

  object = json_node_get_object (body);
  database_id = body_string (object, "database_id", 36);
  records = json_object_get_member (object, "records");
  page = json_object_get_member (object, "page");
  last = json_object_get_member (object, "last");
  if (!cf_uuid_is_valid (database_id) || records == NULL || !JSON_NODE_HOLDS_ARRAY (records) ||
      json_array_get_length (json_node_get_array (records)) > MAX_OPS_PER_PUSH ||
      page == NULL || json_node_get_value_type (page) != G_TYPE_INT64 ||
      json_node_get_int (page) < 0 || json_node_get_int (page) > G_MAXINT32 ||
      last == NULL || json_node_get_value_type (last) != G_TYPE_BOOLEAN)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "malformed",
                   "attach needs database_id, page, last and at most 500 records");
      return;
    }

  if (!cf_authority_attach (self->store, database_id, user_id, json_node_get_int (page),
                            json_node_get_array (records), json_node_get_boolean (last),
                            &n_applied, &error))
    {
      if (g_error_matches (error, CF_ATTACH_ERROR, CF_ATTACH_ERROR_OTHER_DATA))
        reply_error (msg, SOUP_STATUS_CONFLICT, "other_data", error->message);
      else if (g_error_matches (error, CF_ATTACH_ERROR, CF_ATTACH_ERROR_INVALID))
        reply_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid", error->message);
      else
        reply_store_failure (msg, error);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "applied");
  json_builder_add_int_value (builder, n_applied);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  reply_json (msg, SOUP_STATUS_OK, root);
}

/* Change feed ---------------------------------------------------------------- */

static void
handle_changes (CfServer          *self,
                SoupServerMessage *msg,
                GHashTable        *query)
{
  g_autofree char *user_id = NULL;
  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *cursor = NULL;
  const char *since_text = query != NULL ? g_hash_table_lookup (query, "since") : NULL;
  const char *limit_text = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  gint64 since = 0;
  gint64 last_seq;
  guint64 limit = DEFAULT_PAGE;
  gboolean has_more;
  CfRole role;

  if (!authenticate (self, msg, &user_id, &role))
    return;

  if (limit_text != NULL &&
      (!g_ascii_string_to_unsigned (limit_text, 10, 1, MAX_PAGE, &limit, NULL)))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "malformed", "limit must be from 1 to 1000");
      return;
    }

  /* A cursor from another server, or from a future this server does not
   * have (its database was restored), means: rebuild the replica.
   */
  if (since_text != NULL && since_text[0] != '\0' &&
      (!cf_sync_parse_cursor (since_text, self->server_id, &since) ||
       since > cf_authority_last_seq (self->store)))
    {
      reply_error (msg, SOUP_STATUS_GONE, "gone", "start again from the beginning");
      return;
    }

  changes = cf_authority_changes (self->store, role, since, limit, &last_seq, &has_more, &error);
  if (changes == NULL)
    {
      g_warning ("Cannot read the change feed: %s", error->message);
      reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "server", "the change feed is unavailable");
      return;
    }

  cursor = cf_sync_make_cursor (self->server_id, last_seq);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < changes->len; i++)
    json_builder_add_value (builder,
                            json_node_init_object (json_node_alloc (), changes->pdata[i]));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "cursor");
  json_builder_add_string_value (builder, cursor);
  json_builder_set_member_name (builder, "has_more");
  json_builder_add_boolean_value (builder, has_more);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  reply_json (msg, SOUP_STATUS_OK, root);
}

static void
handle_health (CfServer          *self,
               SoupServerMessage *msg)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, CF_SYNC_PROTOCOL_VERSION);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  reply_json (msg, SOUP_STATUS_OK, root);
}

/* Live pokes ----------------------------------------------------------------- */

/* The WebSocket handshake is authenticated here, before libsoup completes
 * it: a request without a valid session gets 401 and no connection.
 */
static void
handle_live_handshake (CfServer          *self,
                       SoupServerMessage *msg)
{
  g_autofree char *user_id = NULL;
  Live *live;
  CfRole role;

  GSocket *socket;

  if (!authenticate (self, msg, &user_id, &role))
    return;

  /* A live connection is idle by nature: no request timeout. Set here, as
   * libsoup no longer exposes the socket once it has upgraded it.
   */
  socket = soup_server_message_get_socket (msg);
  if (socket != NULL)
    g_socket_set_timeout (socket, 0);

  live = g_new0 (Live, 1);
  live->user_id = g_steal_pointer (&user_id);
  live->role = role;
  g_object_set_data_full (G_OBJECT (msg), "cf-live", live, (GDestroyNotify) live_free);
}

static void
on_live_closed_cb (SoupWebsocketConnection *connection,
                   CfServer                *self)
{
  g_hash_table_remove (self->live, connection);
}

static void
on_live_connected_cb (SoupServer              *soup,
                      SoupServerMessage       *msg,
                      const char              *path,
                      SoupWebsocketConnection *connection,
                      gpointer                 user_data)
{
  CfServer *self = user_data;
  Live *live = g_object_steal_data (G_OBJECT (msg), "cf-live");

  if (live == NULL)
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, NULL);
      return;
    }

  g_autofree char *hello = g_strdup_printf ("{\"t\":\"hello\",\"ping\":%u}",
                                            self->limits.live_ping_seconds);

  /* Clients send nothing but control frames. */
  g_object_set (connection, "max-incoming-payload-size", (guint64) 4096, NULL);
  g_hash_table_insert (self->live, g_object_ref (connection), live);
  g_signal_connect_object (connection, "closed", G_CALLBACK (on_live_closed_cb), self, 0);
  soup_websocket_connection_send_text (connection, hello);
}

/* Heartbeats: a desktop that hears nothing for a while knows the server
 * (or the way to it) is gone and reconnects; libsoup 3.2 has no pong
 * timeout to tell it.
 */
static gboolean
on_live_heartbeat_cb (gpointer user_data)
{
  CfServer *self = user_data;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (soup_websocket_connection_get_state (key) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (key, "{\"t\":\"ping\"}");
    }

  return G_SOURCE_CONTINUE;
}

/* After each commit, every desktop whose user may read what changed is
 * told to pull; the poke carries no data.
 */
static void
on_store_changed_cb (CfStore           *store,
                     const char        *kind_name,
                     const char * const *ids,
                     CfServer          *self)
{
  const CfKind *kind = cf_registry_lookup (kind_name);
  g_autofree char *poke = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (kind == NULL || g_hash_table_size (self->live) == 0)
    return;

  poke = g_strdup_printf ("{\"t\":\"poke\",\"seq\":%" G_GINT64_FORMAT "}",
                          cf_authority_last_seq (store));
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      SoupWebsocketConnection *connection = key;
      Live *live = value;

      if ((kind->read_roles & CF_ROLE_BIT (live->role)) != 0 &&
          soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (connection, poke);
    }
}

guint
cf_server_get_n_live (CfServer *self)
{
  g_return_val_if_fail (CF_IS_SERVER (self), 0);

  return g_hash_table_size (self->live);
}

/* Routing -------------------------------------------------------------------- */

static gboolean
is_post (SoupServerMessage *msg)
{
  return g_strcmp0 (soup_server_message_get_method (msg), "POST") == 0;
}

static void
on_request_cb (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  CfServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);

  /* Answered already by the early handler (413, 411). */
  if (soup_server_message_get_status (msg) != 0)
    return;

  if (g_str_equal (path, "/v1/health") && g_str_equal (method, "GET"))
    handle_health (self, msg);
  else if (g_str_equal (path, "/v1/auth/login") && is_post (msg))
    handle_login (self, msg);
  else if (g_str_equal (path, "/v1/auth/logout") && is_post (msg))
    handle_logout (self, msg);
  else if (g_str_equal (path, "/v1/sync/push") && is_post (msg))
    handle_push (self, msg);
  else if (g_str_equal (path, "/v1/sync/attach") && is_post (msg))
    handle_attach (self, msg);
  else if (g_str_equal (path, "/v1/sync/changes") && g_str_equal (method, "GET"))
    handle_changes (self, msg, query);
  else if (g_str_equal (path, "/v1/live") && g_str_equal (method, "GET"))
    handle_live_handshake (self, msg);
  else
    reply_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such endpoint");
}

static void
on_refusal_written_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GIOStream) connection = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  g_io_stream_close_async (connection, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}

/* libsoup would read a body in full before answering it, whatever its
 * size; a request refused from its headers alone is answered here instead,
 * on the connection taken over from libsoup, which is then closed without
 * a byte of the body being read.
 */
static void
refuse_and_close (SoupServerMessage *msg,
                  guint              status,
                  const char        *code,
                  const char        *message)
{
  g_autofree char *body = g_strdup_printf ("{\"error\":\"%s\",\"message\":\"%s\"}",
                                           code, message);
  GBytes *response;
  GIOStream *connection;
  char *text;

  text = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %zu\r\n"
                          "Connection: close\r\n"
                          "\r\n%s",
                          status, soup_status_get_phrase (status), strlen (body), body);
  response = g_bytes_new_take (text, strlen (text));
  connection = soup_server_message_steal_connection (msg);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (connection),
                                   g_bytes_get_data (response, NULL), g_bytes_get_size (response),
                                   G_PRIORITY_DEFAULT, NULL, on_refusal_written_cb, connection);
  /* The bytes live as long as the write: tie them to the connection. */
  g_object_set_data_full (G_OBJECT (connection), "cf-response", response,
                          (GDestroyNotify) g_bytes_unref);
}

/* Runs after the headers, before the body: a body over the limit is
 * refused without being read, and so is one without a length.
 */
static void
on_early_request_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  CfServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);

  if (!is_post (msg))
    return;

  if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF)
    refuse_and_close (msg, SOUP_STATUS_LENGTH_REQUIRED, "length_required",
                      "send the body with a Content-Length");
  else if (soup_message_headers_get_content_length (headers) > (goffset) self->limits.max_body_bytes)
    refuse_and_close (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                      "the body is larger than the server accepts");
}

/* A client that stops sending in the middle of a request is cut off by
 * the socket timeout. Between two requests on a kept-alive connection the
 * same timeout would leave the connection open but deaf (libsoup waits for
 * the next request, the read times out and nothing closes it), and the
 * client's next request would hang: so an idle connection is closed before
 * its read can time out, and a client finds it closed and opens a new one.
 */
static gboolean
on_connection_idle_cb (gpointer user_data)
{
  GSocket *socket = user_data;

  g_object_steal_data (G_OBJECT (socket), "cf-idle");
  g_socket_shutdown (socket, TRUE, TRUE, NULL);

  return G_SOURCE_REMOVE;
}

static void
remove_source (gpointer id)
{
  g_source_remove (GPOINTER_TO_UINT (id));
}

static void
on_request_started_cb (SoupServer        *soup,
                       SoupServerMessage *msg,
                       CfServer          *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket == NULL)
    return;
  g_object_set_data (G_OBJECT (socket), "cf-idle", NULL);
  g_socket_set_timeout (socket, self->limits.socket_timeout_seconds);
}

static void
on_request_finished_cb (SoupServer        *soup,
                        SoupServerMessage *msg,
                        CfServer          *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  guint idle_id;

  /* A live connection is idle by nature. */
  if (socket == NULL || soup_server_message_get_status (msg) == SOUP_STATUS_SWITCHING_PROTOCOLS)
    return;

  idle_id = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                self->limits.socket_timeout_seconds * 1000 * 3 / 4,
                                on_connection_idle_cb, g_object_ref (socket), g_object_unref);
  g_object_set_data_full (G_OBJECT (socket), "cf-idle", GUINT_TO_POINTER (idle_id),
                          remove_source);
}

static void
cf_server_dispose (GObject *object)
{
  CfServer *self = (CfServer *)object;

  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->store);
  g_clear_pointer (&self->throttles, g_hash_table_unref);
  g_clear_pointer (&self->live, g_hash_table_unref);
  g_clear_pointer (&self->server_id, g_free);

  G_OBJECT_CLASS (cf_server_parent_class)->dispose (object);
}

static void
cf_server_class_init (CfServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cf_server_dispose;
}

static void
cf_server_init (CfServer *self)
{
  self->throttles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->live = g_hash_table_new_full (NULL, NULL, g_object_unref, (GDestroyNotify) live_free);
}

/**
 * cf_server_new:
 * @store: the server's database, opened with %CF_STORE_FLAGS_DURABLE
 *
 * Returns: (transfer full): a server with its handlers installed; call
 *   soup_server_listen() and friends on cf_server_get_soup().
 */
CfServer *
cf_server_new (CfStore               *store,
               const CfServerLimits  *limits,
               GError               **error)
{
  g_autoptr (CfServer) self = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  self = g_object_new (CF_TYPE_SERVER, NULL);
  self->store = g_object_ref (store);
  self->limits = *limits;

  self->server_id = cf_store_get_meta (store, "server_id");
  if (self->server_id == NULL)
    {
      self->server_id = cf_uuid_new_v7 ();
      if (!cf_store_set_meta (store, "server_id", self->server_id, error))
        return NULL;
    }

  /* Changes made from the command line reach desktops like any other. */
  if (!cf_authority_publish_local_ops (store, error))
    return NULL;

  self->soup = soup_server_new ("server-header", "callfloor-server", NULL);
  soup_server_add_early_handler (self->soup, "/v1", on_early_request_cb, self, NULL);
  soup_server_add_handler (self->soup, "/v1", on_request_cb, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (on_request_started_cb), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (on_request_finished_cb), self);
  /* libsoup runs the handler of the most specific path, so the live path
   * gets the normal handler too: it authenticates the handshake.
   */
  soup_server_add_handler (self->soup, "/v1/live", on_request_cb, self, NULL);
  soup_server_add_websocket_handler (self->soup, "/v1/live", NULL, NULL, on_live_connected_cb,
                                     self, NULL);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, 0);
  self->heartbeat_id = g_timeout_add_seconds (self->limits.live_ping_seconds,
                                              on_live_heartbeat_cb, self);

  return g_steal_pointer (&self);
}

SoupServer *
cf_server_get_soup (CfServer *self)
{
  g_return_val_if_fail (CF_IS_SERVER (self), NULL);

  return self->soup;
}

const char *
cf_server_get_server_id (CfServer *self)
{
  g_return_val_if_fail (CF_IS_SERVER (self), NULL);

  return self->server_id;
}
