/* test-server.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real callfloor-server process on 127.0.0.1 with an ephemeral port,
 * talked to over HTTP as a desktop — or an attacker — would; and over
 * HTTPS, with a certificate signed by a call center's own CA
 * (tests/data/tls), by the desktop's sync engine.
 */

#include "config.h"

#include <libsoup/soup.h>
#include <glib/gstdio.h>

#include "cf-authority.h"
#include "cf-op-private.h"
#include "cf-escalation.h"
#include "cf-password.h"
#include "cf-session.h"
#include "cf-store.h"
#include "cf-sync-codec.h"
#include "cf-sync-engine.h"
#include "cf-test-engine.h"
#include "cf-roster.h"
#include "cf-rush-repair.h"
#include "cf-test-util.h"
#include "cf-uuid.h"

#define SUPERVISOR_LOGIN    "boss"
#define SUPERVISOR_PASSWORD "floor-boss-2026"
#define DESK_LOGIN          "desk"
#define DESK_PASSWORD       "info-desk-2026"

/* A failing TLS handshake must end well before this; the engine's own
 * timeout is 30 s.
 */
#define TLS_FAILURE_SECONDS 10

typedef struct
{
  char        *folder;
  char        *database;
  gboolean     tls;
  GSubprocess *server;
  guint        port;
  SoupSession *session;
  char        *supervisor_id;
  char        *desk_id;
  char        *device_id;
  gint64       device_seq;
} Fixture;

static char *
create_user (CfStore    *store,
             const char *name,
             const char *employee_no,
             const char *role,
             const char *login,
             const char *password)
{
  g_autoptr (JsonObject) staff = json_object_new ();
  g_autoptr (JsonObject) user = json_object_new ();
  g_autoptr (CfOp) create_staff = NULL;
  g_autoptr (CfOp) create_user = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *hash = cf_password_hash (password, &error);
  CfOp *ops[2];

  g_assert_no_error (error);
  json_object_set_string_member (staff, "employee_no", employee_no);
  json_object_set_string_member (staff, "name", name);
  json_object_set_string_member (staff, "role", role);
  create_staff = cf_op_new_create ("staff", staff);
  json_object_set_string_member (user, "staff", cf_op_get_record_id (create_staff));
  json_object_set_string_member (user, "login", login);
  json_object_set_string_member (user, "password_hash", hash);
  create_user = cf_op_new_create ("user", user);
  ops[0] = create_staff;
  ops[1] = create_user;
  g_assert_true (cf_store_apply_system (store, ops, 2, &error));
  g_assert_no_error (error);

  return g_strdup (cf_op_get_record_id (create_user));
}

static void
start_server (Fixture *f)
{
  g_autofree char *tls = f->tls ? cf_test_tls_config () : NULL;
  g_autofree char *config = g_strconcat ("socket-timeout-seconds=2\n", tls, NULL);

  f->server = cf_test_start_server (f->folder, f->database, config, &f->port);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autoptr (CfSession) session = NULL;
  guint n_teams = GPOINTER_TO_UINT (data);

  f->folder = cf_test_make_dir (&f->database);
  store = cf_store_open (f->database, CF_STORE_FLAGS_DURABLE, &error);
  g_assert_no_error (error);
  session = cf_session_new (store);
  g_assert_true (cf_session_create_first_supervisor (session, "Wang Fang", "0001",
                                                     SUPERVISOR_LOGIN, SUPERVISOR_PASSWORD,
                                                     &error));
  g_assert_no_error (error);
  g_assert_true (cf_session_sign_in (session, SUPERVISOR_LOGIN, SUPERVISOR_PASSWORD, &error));
  f->supervisor_id = g_strdup (cf_session_get_user_id (session));
  f->desk_id = create_user (store, "Li Na", "0002", "information_desk", DESK_LOGIN,
                            DESK_PASSWORD);

  /* Records made before the server starts reach the feed when it starts. */
  if (n_teams > 0)
    {
      g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);

      for (guint i = 0; i < n_teams; i++)
        {
          g_autoptr (JsonObject) values = json_object_new ();
          g_autofree char *name = g_strdup_printf ("Team %05u", i);

          json_object_set_string_member (values, "name", name);
          g_ptr_array_add (ops, cf_op_new_create ("team", values));
        }
      g_assert_true (cf_store_apply_system (store, (CfOp * const *) ops->pdata, ops->len, &error));
      g_assert_no_error (error);
    }
  g_clear_object (&session);
  g_clear_object (&store);

  start_server (f);
  /* Loopback only: no proxy, whatever the environment says. */
  f->session = soup_session_new_with_options ("timeout", 20, "proxy-resolver", NULL, NULL);
  f->device_id = cf_uuid_new_v7 ();
}

/* The same, with the server serving HTTPS itself. */
static void
fixture_set_up_tls (Fixture       *f,
                    gconstpointer  data)
{
  f->tls = TRUE;
  fixture_set_up (f, data);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  if (f->server != NULL)
    {
      g_subprocess_send_signal (f->server, SIGTERM);
      g_subprocess_wait (f->server, NULL, NULL);
      /* Stopping on SIGTERM is part of the contract with systemd. */
      g_assert_true (g_subprocess_get_if_exited (f->server));
      g_clear_object (&f->server);
    }
  cf_test_remove_tree (f->folder);
  g_free (f->folder);
  g_free (f->database);
  g_free (f->supervisor_id);
  g_free (f->desk_id);
  g_free (f->device_id);
}

/* One request; returns the status and, for JSON answers, the body. */
static guint
request (Fixture     *f,
         const char  *method,
         const char  *path,
         const char  *token,
         const char  *body,
         JsonNode   **reply)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", f->port, path);
  g_autoptr (SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (GError) error = NULL;
  const char *type;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *header = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    header);
    }
  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  answer = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);

  /* Every answer is JSON, errors included. */
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  g_assert_cmpstr (type, ==, "application/json");
  if (reply != NULL)
    {
      gsize length;
      const char *data = g_bytes_get_data (answer, &length);

      *reply = cf_sync_parse (data, length, &error);
      g_assert_no_error (error);
    }

  return soup_message_get_status (msg);
}

static const char *
member_string (JsonNode   *node,
               const char *name)
{
  return json_object_get_string_member (json_node_get_object (node), name);
}

static char *
sign_in (Fixture    *f,
         const char *login,
         const char *password)
{
  g_autofree char *body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"%s\",\"device_id\":\"%s\"}",
                                           login, password, f->device_id);
  g_autoptr (JsonNode) reply = NULL;

  g_assert_cmpuint (request (f, "POST", "/v1/auth/login", NULL, body, &reply), ==, 200);
  return g_strdup (member_string (reply, "token"));
}

static void
assert_healthy (Fixture *f)
{
  g_autoptr (JsonNode) reply = NULL;

  g_assert_cmpuint (request (f, "GET", "/v1/health", NULL, NULL, &reply), ==, 200);
  g_assert_cmpstr (member_string (reply, "status"), ==, "ok");
}

static void
test_health (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (JsonNode) reply = NULL;

  assert_healthy (f);
  g_assert_cmpuint (request (f, "GET", "/v1/nothing-here", NULL, NULL, &reply), ==, 404);
  g_assert_cmpstr (member_string (reply, "error"), ==, "not_found");
}

/* Right password: a token and who the user is; wrong ones: refused, then
 * throttled with Retry-After; the server keeps serving throughout.
 */
static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"%s\",\"device_id\":\"%s\"}",
                                           SUPERVISOR_LOGIN, SUPERVISOR_PASSWORD, f->device_id);
  g_autofree char *wrong = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"nope-nope\",\"device_id\":\"%s\"}",
                                            SUPERVISOR_LOGIN, f->device_id);
  g_autofree char *stranger = g_strdup_printf ("{\"login\":\"nobody\",\"password\":\"nope-nope\",\"device_id\":\"%s\"}",
                                               f->device_id);
  g_autoptr (JsonNode) reply = NULL;
  g_autoptr (JsonNode) unknown = NULL;
  JsonObject *user;
  guint status = 0;
  guint attempts = 0;

  g_assert_cmpuint (request (f, "POST", "/v1/auth/login", NULL, body, &reply), ==, 200);
  g_assert_cmpuint (strlen (member_string (reply, "token")), >=, 43);
  user = json_object_get_object_member (json_node_get_object (reply), "user");
  g_assert_cmpstr (json_object_get_string_member (user, "id"), ==, f->supervisor_id);
  g_assert_cmpstr (json_object_get_string_member (user, "role"), ==, "supervisor");
  g_clear_pointer (&reply, json_node_unref);

  /* An unknown user gets the same answer as a wrong password. */
  g_assert_cmpuint (request (f, "POST", "/v1/auth/login", NULL, stranger, &unknown), ==, 401);
  g_assert_cmpstr (member_string (unknown, "error"), ==, "wrong_credentials");

  while (status != 429 && attempts < 10)
    {
      g_clear_pointer (&reply, json_node_unref);
      status = request (f, "POST", "/v1/auth/login", NULL, wrong, &reply);
      g_assert_true (status == 401 || status == 429);
      attempts++;
    }
  g_assert_cmpuint (status, ==, 429);
  g_assert_cmpstr (member_string (reply, "error"), ==, "throttled");
  g_assert_cmpuint (attempts, >=, 3);

  /* While throttled, even the right password waits. */
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (request (f, "POST", "/v1/auth/login", NULL, body, &reply), ==, 429);
  assert_healthy (f);
}

static void
test_unauthorized (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (JsonNode) reply = NULL;
  g_autofree char *token = sign_in (f, SUPERVISOR_LOGIN, SUPERVISOR_PASSWORD);
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;

  g_assert_cmpuint (request (f, "GET", "/v1/sync/changes", NULL, NULL, &reply), ==, 401);
  g_assert_cmpstr (member_string (reply, "error"), ==, "unauthorized");
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (request (f, "GET", "/v1/sync/changes", "made-up-token", NULL, &reply), ==, 401);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (request (f, "GET", "/v1/sync/changes", token, NULL, &reply), ==, 200);
  g_clear_pointer (&reply, json_node_unref);

  /* The token's lifetime ends (the server's clock is not ours to move, so
   * its record is aged in the database, as time would).
   */
  store = cf_store_open (f->database, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (cf_store_exec (store, "UPDATE auth_token SET expires_at = 1", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (request (f, "GET", "/v1/sync/changes", token, NULL, &reply), ==, 401);
  g_assert_cmpstr (member_string (reply, "error"), ==, "expired");
  g_clear_pointer (&reply, json_node_unref);

  /* Signing out ends a session at once. */
  g_free (token);
  token = sign_in (f, SUPERVISOR_LOGIN, SUPERVISOR_PASSWORD);
  g_assert_cmpuint (request (f, "POST", "/v1/auth/logout", token, "{}", &reply), ==, 200);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (request (f, "GET", "/v1/sync/changes", token, NULL, &reply), ==, 401);
}

/* Bodies json-glib would crash on or misread are refused with 400. */
static void
test_hostile_json (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *token = sign_in (f, SUPERVISOR_LOGIN, SUPERVISOR_PASSWORD);
  GString *deep = g_string_new (NULL);
  const char *bodies[] = {
    "{\"device_id\": ",
    "{'device_id': 1}",
    "{\"ops\": [], \"ops\": []}",
    "{\"n\": 18446744073709551616}",
    "{\"ops\": []} trailing",
    "{\"a\": \"\xc0\xaf\"}",
    "[1, 2, /* comment */ 3]",
    NULL,
  };

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');

  for (guint i = 0; bodies[i] != NULL; i++)
    {
      g_autoptr (JsonNode) reply = NULL;

      g_test_message ("body %u", i);
      g_assert_cmpuint (request (f, "POST", "/v1/sync/push", token, bodies[i], &reply), ==, 400);
      g_assert_cmpstr (member_string (reply, "error"), ==, "malformed");
    }

  {
    g_autoptr (JsonNode) reply = NULL;

    g_assert_cmpuint (request (f, "POST", "/v1/sync/push", token, deep->str, &reply), ==, 400);
    g_assert_cmpstr (member_string (reply, "error"), ==, "malformed");
  }
  g_string_free (deep, TRUE);
  assert_healthy (f);
}

static GSocketConnection *
connect_raw (Fixture *f)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GError) error = NULL;
  GSocketConnection *connection;

  g_socket_client_set_timeout (client, 10);
  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", f->port, NULL, &error);
  g_assert_no_error (error);

  return connection;
}

static char *
read_answer (GSocketConnection *connection)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GString *answer = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  while ((n = g_input_stream_read (input, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (answer, buffer, n);

  return g_string_free (answer, FALSE);
}

/* A 50 MB body is refused from its headers alone: the server answers
 * without waiting for a byte of it, and does not read bodies of unknown
 * length at all.
 */
static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *token = sign_in (f, SUPERVISOR_LOGIN, SUPERVISOR_PASSWORD);
  g_autoptr (GSocketConnection) big = connect_raw (f);
  g_autoptr (GSocketConnection) chunked = connect_raw (f);
  g_autofree char *headers = g_strdup_printf ("POST /v1/sync/push HTTP/1.1\r\n"
                                              "Host: 127.0.0.1\r\n"
                                              "Authorization: Bearer %s\r\n"
                                              "Content-Type: application/json\r\n"
                                              "Content-Length: 52428800\r\n\r\n", token);
  g_autofree char *answer = NULL;
  g_autofree char *chunked_answer = NULL;
  GOutputStream *output;

  g_socket_set_timeout (g_socket_connection_get_socket (big), 10);
  output = g_io_stream_get_output_stream (G_IO_STREAM (big));
  g_assert_true (g_output_stream_write_all (output, headers, strlen (headers), NULL, NULL, NULL));
  answer = read_answer (big);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 413"));
  g_assert_nonnull (strstr (answer, "\"error\":\"too_large\""));

  g_socket_set_timeout (g_socket_connection_get_socket (chunked), 10);
  output = g_io_stream_get_output_stream (G_IO_STREAM (chunked));
  g_assert_true (g_output_stream_write_all (output,
                                            "POST /v1/sync/push HTTP/1.1\r\nHost: x\r\n"
                                            "Transfer-Encoding: chunked\r\n\r\n5\r\n{}{}{\r\n",
                                            75, NULL, NULL, NULL));
  chunked_answer = read_answer (chunked);
  g_assert_true (g_str_has_prefix (chunked_answer, "HTTP/1.1 411"));

  assert_healthy (f);
}

/* A client that stops half-way through its headers is cut off. */
static void
test_slow_client (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GSocketConnection) slow = connect_raw (f);
  g_autofree char *answer = NULL;
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (slow));
  gint64 started = g_get_monotonic_time ();

  g_assert_true (g_output_stream_write_all (output, "GET /v1/health HTTP/1.1\r\nHost:", 31,
                                            NULL, NULL, NULL));
  /* The server's own timeout (2 s in this test's configuration) ends the
   * wait; ours is only a bound on the test.
   */
  g_socket_set_timeout (g_socket_connection_get_socket (slow), 20);
  answer = read_answer (slow);
  g_assert_cmpstr (answer, ==, "");
  g_assert_cmpint (g_get_monotonic_time () - started, <, 15 * G_USEC_PER_SEC);
  assert_healthy (f);
}

static JsonNode *
team_create_op (Fixture    *f,
                const char *author,
                const char *name)
{
  g_autoptr (JsonObject) values = json_object_new ();
  g_autofree char *op_id = cf_uuid_new_v7 ();
  g_autofree char *now = cf_utc_now_iso ();
  g_autoptr (JsonObject) base = json_object_new ();
  g_autoptr (CfOp) op = NULL;

  json_object_set_string_member (values, "name", name);
  op = _cf_op_new_remote (CF_OP_CREATE, "team", NULL, values, base, 0, op_id, ++f->device_seq,
                          author, now);
  return cf_sync_op_to_json (op);
}

static char *
push_body (Fixture  *f,
           JsonNode *op)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "device_id");
  json_builder_add_string_value (builder, f->device_id);
  json_builder_set_member_name (builder, "ops");
  json_builder_begin_array (builder);
  json_builder_add_value (builder, json_node_copy (op));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return cf_sync_to_string (root);
}

static JsonObject *
first_result (JsonNode *reply)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (reply), "results");

  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  return json_array_get_object_element (results, 0);
}

/* Ops go through the registry's rules on the server whoever sends them. */
static void
test_push (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *token = sign_in (f, SUPERVISOR_LOGIN, SUPERVISOR_PASSWORD);
  g_autofree char *desk_token = sign_in (f, DESK_LOGIN, DESK_PASSWORD);
  g_autoptr (JsonNode) op = team_create_op (f, f->supervisor_id, "Night owls");
  g_autofree char *body = push_body (f, op);
  g_autoptr (JsonNode) reply = NULL;
  g_autoptr (JsonNode) replay = NULL;
  g_autoptr (JsonNode) forbidden = NULL;
  g_autoptr (JsonNode) stolen = NULL;
  g_autoptr (JsonNode) desk_op = NULL;
  g_autoptr (JsonNode) impostor_op = NULL;
  g_autofree char *desk_body = NULL;
  g_autofree char *impostor_body = NULL;
  JsonObject *result;

  g_assert_cmpuint (request (f, "POST", "/v1/sync/push", token, body, &reply), ==, 200);
  result = first_result (reply);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");
  g_assert_cmpint (json_object_get_int_member (result, "rev"), ==, 1);

  /* The answer was lost; the same push again changes nothing. */
  g_assert_cmpuint (request (f, "POST", "/v1/sync/push", token, body, &replay), ==, 200);
  result = first_result (replay);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "duplicate");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result, "original"),
                                                  "status"), ==, "applied");

  /* The information desk may not create teams, however it asks. */
  desk_op = team_create_op (f, f->desk_id, "Day larks");
  desk_body = push_body (f, desk_op);
  g_assert_cmpuint (request (f, "POST", "/v1/sync/push", desk_token, desk_body, &forbidden), ==, 200);
  result = first_result (forbidden);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "error"), ==, "forbidden");

  /* Nor may it send an op in the supervisor's name. */
  impostor_op = team_create_op (f, f->supervisor_id, "Impostors");
  impostor_body = push_body (f, impostor_op);
  g_assert_cmpuint (request (f, "POST", "/v1/sync/push", desk_token, impostor_body, &stolen), ==, 200);
  result = first_result (stolen);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "error"), ==, "forbidden");

  {
    g_autoptr (GError) error = NULL;
    g_autoptr (CfStore) store = cf_store_open (f->database, CF_STORE_FLAGS_NONE, &error);

    g_assert_no_error (error);
    g_assert_cmpint (cf_store_count (store, "SELECT COUNT(*) FROM team"), ==, 1);
  }
}

/* One op of @author's, as a desktop would send it. */
static JsonNode *
author_op (Fixture     *f,
           const char  *author,
           CfOpAction   action,
           const char  *kind,
           const char  *record_id,
           JsonObject  *values,
           gint64       base_rev)
{
  g_autofree char *op_id = cf_uuid_new_v7 ();
  g_autofree char *now = cf_utc_now_iso ();
  g_autoptr (JsonObject) base = json_object_new ();
  g_autoptr (CfOp) op = NULL;

  op = _cf_op_new_remote (action, kind, record_id, values, base, base_rev, op_id,
                          ++f->device_seq, author, now);
  return cf_sync_op_to_json (op);
}

static JsonNode *
supervisor_op (Fixture     *f,
               CfOpAction   action,
               const char  *kind,
               const char  *record_id,
               JsonObject  *values,
               gint64       base_rev)
{
  return author_op (f, f->supervisor_id, action, kind, record_id, values, base_rev);
}

static JsonObject *
push_one (Fixture    *f,
          const char *token,
          JsonNode   *op,
          JsonNode  **reply)
{
  g_autofree char *body = push_body (f, op);

  g_assert_cmpuint (request (f, "POST", "/v1/sync/push", token, body, reply), ==, 200);
  return first_result (*reply);
}

/* The server keeps an escalation's entries as written: a patch or delete
 * of one is answered rejected/immutable, even from the supervisor, and the
 * entry is unchanged.
 */
static void
test_push_entry_immutable (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *token = sign_in (f, SUPERVISOR_LOGIN, SUPERVISOR_PASSWORD);
  g_autoptr (JsonObject) escalation = json_object_new ();
  g_autoptr (JsonObject) entry = json_object_new ();
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (JsonNode) create_escalation = NULL;
  g_autoptr (JsonNode) create_entry = NULL;
  g_autoptr (JsonNode) patch = NULL;
  g_autoptr (JsonNode) delete = NULL;
  g_autoptr (JsonNode) reply_escalation = NULL;
  g_autoptr (JsonNode) reply_entry = NULL;
  g_autoptr (JsonNode) reply_patch = NULL;
  g_autoptr (JsonNode) reply_delete = NULL;
  JsonObject *result;
  const char *escalation_id;
  const char *entry_id;

  json_object_set_string_member (escalation, "source", "hotline");
  json_object_set_string_member (escalation, "category", "customer_complaint");
  json_object_set_string_member (escalation, "severity", "normal");
  json_object_set_string_member (escalation, "summary", "Billed twice");
  json_object_set_string_member (escalation, "level", "supervisor");
  json_object_set_string_member (escalation, "status", "open");
  create_escalation = supervisor_op (f, CF_OP_CREATE, "escalation", NULL, escalation, 0);
  escalation_id = json_object_get_string_member (json_node_get_object (create_escalation), "id");
  result = push_one (f, token, create_escalation, &reply_escalation);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");

  json_object_set_string_member (entry, "escalation", escalation_id);
  json_object_set_string_member (entry, "type", "raised");
  json_object_set_string_member (entry, "to_level", "supervisor");
  json_object_set_string_member (entry, "text", "The customer was billed twice");
  create_entry = supervisor_op (f, CF_OP_CREATE, "escalation_entry", NULL, entry, 0);
  entry_id = json_object_get_string_member (json_node_get_object (create_entry), "id");
  result = push_one (f, token, create_entry, &reply_entry);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");
  g_assert_cmpint (json_object_get_int_member (result, "rev"), ==, 1);

  json_object_set_string_member (set, "text", "Nothing happened");
  patch = supervisor_op (f, CF_OP_PATCH, "escalation_entry", entry_id, set, 1);
  result = push_one (f, token, patch, &reply_patch);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "error"), ==, "immutable");

  delete = supervisor_op (f, CF_OP_DELETE, "escalation_entry", entry_id, NULL, 1);
  result = push_one (f, token, delete, &reply_delete);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "error"), ==, "immutable");

  {
    g_autoptr (GError) error = NULL;
    g_autoptr (CfStore) store = cf_store_open (f->database, CF_STORE_FLAGS_NONE, &error);
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    text = cf_test_record_string (store, "escalation_entry", entry_id, "text");
    g_assert_cmpstr (text, ==, "The customer was billed twice");
    g_assert_false (cf_test_record_deleted (store, "escalation_entry", entry_id));
  }
}

/* Applies a step built without error, as @author, on the server's database. */
static void
apply_step (CfStore    *store,
            const char *author,
            GPtrArray  *ops,
            GError     *build_error)
{
  g_autoptr (GPtrArray) owned = ops;
  g_autoptr (GError) error = build_error;

  g_assert_no_error (error);
  g_assert_true (cf_store_apply (store, author, (CfOp * const *) ops->pdata, ops->len, &error));
  g_assert_no_error (error);
}

/* Pushes one op as @author and expects it refused with @code. */
static void
assert_push_refused (Fixture    *f,
                     const char *token,
                     const char *author,
                     CfOpAction  action,
                     const char *kind,
                     const char *record_id,
                     JsonObject *values,
                     const char *code)
{
  g_autoptr (JsonNode) op = author_op (f, author, action, kind, record_id, values,
                                       action == CF_OP_CREATE ? 0 : 1);
  g_autoptr (JsonNode) reply = NULL;
  JsonObject *result = push_one (f, token, op, &reply);

  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "error"), ==, code);
  g_assert_nonnull (json_object_get_string_member (result, "reason"));
}

/* Escalation and rush-repair steps pushed by hand meet the same rules as
 * on the desktop: a shift lead cannot acknowledge at the deputy's level or
 * move the level without a step, a rush repair does not close before a
 * confirmed callback; the deputy's acknowledgement, entry then status, is
 * taken.
 */
static void
test_push_step_rules (Fixture       *f,
                      gconstpointer  data)
{
  CfEscalationReport report = {
    "hotline", "customer_complaint", "urgent", NULL, NULL, "Billed twice", NULL,
  };
  CfRushRepairRequest request = { "Cable cut in Block 7", NULL, NULL, "operations", NULL, NULL };
  g_autofree char *lead_id = NULL;
  g_autofree char *deputy_id = NULL;
  g_autofree char *lead_token = NULL;
  g_autofree char *deputy_token = NULL;
  g_autofree char *id = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *second_id = NULL;
  g_autofree char *supervisor_token = NULL;
  g_autoptr (JsonObject) policy = json_object_new ();
  g_autoptr (JsonObject) escalated = json_object_new ();
  g_autoptr (JsonNode) policy_op = NULL;
  g_autoptr (JsonNode) policy_reply = NULL;
  g_autoptr (JsonObject) entry = json_object_new ();
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (JsonObject) close = json_object_new ();
  g_autoptr (JsonObject) closed = json_object_new ();
  g_autoptr (JsonNode) ack = NULL;
  g_autoptr (JsonNode) ack_reply = NULL;
  g_autoptr (JsonNode) patch = NULL;
  g_autoptr (JsonNode) patch_reply = NULL;
  g_autoptr (GError) error = NULL;

  /* The floor as the desktops left it: an escalation at the deputy's
   * level, an order repaired but not yet called back.
   */
  g_subprocess_send_signal (f->server, SIGTERM);
  g_subprocess_wait (f->server, NULL, NULL);
  g_clear_object (&f->server);
  {
    g_autoptr (CfStore) store = cf_store_open (f->database, CF_STORE_FLAGS_NONE, &error);
    GPtrArray *ops;

    g_assert_no_error (error);
    lead_id = create_user (store, "Zhao Lei", "0003", "shift_lead", "lead", "lead-pass-2026");
    deputy_id = create_user (store, "Qian Yu", "0004", "deputy", "deputy", "deputy-pass-2026");
    ops = cf_escalation_raise (store, lead_id, &report, NULL, NULL, &error);
    id = g_strdup (cf_op_get_record_id (ops->pdata[0]));
    apply_step (store, lead_id, ops, g_steal_pointer (&error));
    apply_step (store, lead_id, cf_escalation_propose (store, lead_id, id, "Refund", &error),
                g_steal_pointer (&error));
    apply_step (store, lead_id, cf_escalation_escalate (store, lead_id, id, NULL, &error),
                g_steal_pointer (&error));
    ops = cf_escalation_raise (store, lead_id, &report, NULL, NULL, &error);
    second_id = g_strdup (cf_op_get_record_id (ops->pdata[0]));
    apply_step (store, lead_id, ops, g_steal_pointer (&error));
    apply_step (store, lead_id, cf_escalation_propose (store, lead_id, second_id, "Refund",
                                                       &error), g_steal_pointer (&error));
    ops = cf_rush_repair_create (store, lead_id, &request, &error);
    order_id = g_strdup (cf_op_get_record_id (ops->pdata[0]));
    apply_step (store, lead_id, ops, g_steal_pointer (&error));
    apply_step (store, lead_id, cf_rush_repair_record_notified (store, lead_id, order_id,
                                                                "Repair team 3", "phone", NULL,
                                                                &error), g_steal_pointer (&error));
    apply_step (store, lead_id, cf_rush_repair_record_repaired (store, lead_id, order_id, NULL,
                                                                &error), g_steal_pointer (&error));
  }
  start_server (f);
  lead_token = sign_in (f, "lead", "lead-pass-2026");
  deputy_token = sign_in (f, "deputy", "deputy-pass-2026");

  json_object_set_string_member (entry, "escalation", id);
  json_object_set_string_member (entry, "type", "acknowledged");
  assert_push_refused (f, lead_token, lead_id, CF_OP_CREATE, "escalation_entry", NULL, entry,
                       "forbidden");
  json_object_set_string_member (set, "level", "supervisor");
  assert_push_refused (f, lead_token, lead_id, CF_OP_PATCH, "escalation", id, set, "invalid");

  json_object_set_string_member (close, "rush_repair", order_id);
  json_object_set_string_member (close, "type", "closed");
  assert_push_refused (f, lead_token, lead_id, CF_OP_CREATE, "rush_repair_entry", NULL, close,
                       "invalid");
  json_object_set_string_member (closed, "status", "closed");
  assert_push_refused (f, lead_token, lead_id, CF_OP_PATCH, "rush_repair", order_id, closed,
                       "invalid");

  /* Only the supervisor sets the policy; once the deputy is no level, a
   * shift lead's report goes to the supervisor, not to the deputy.
   */
  json_object_set_string_member (policy, "scope", "call_center");
  json_object_set_boolean_member (policy, "complaints_desk_in_use", TRUE);
  json_object_set_boolean_member (policy, "shift_lead_in_use", TRUE);
  json_object_set_boolean_member (policy, "deputy_in_use", FALSE);
  json_object_set_int_member (policy, "due_normal", 24 * 60);
  json_object_set_int_member (policy, "due_urgent", 4 * 60);
  json_object_set_int_member (policy, "due_critical", 60);
  assert_push_refused (f, lead_token, lead_id, CF_OP_CREATE, "escalation_policy", NULL, policy,
                       "forbidden");
  {
    g_autoptr (CfOp) create = cf_op_new_create ("escalation_policy", policy);

    policy_op = supervisor_op (f, CF_OP_CREATE, "escalation_policy",
                               cf_op_get_record_id (create), policy, 0);
  }
  supervisor_token = sign_in (f, SUPERVISOR_LOGIN, SUPERVISOR_PASSWORD);
  g_assert_cmpstr (json_object_get_string_member (push_one (f, supervisor_token, policy_op,
                                                            &policy_reply),
                                                  "status"), ==, "applied");
  json_object_set_string_member (escalated, "escalation", second_id);
  json_object_set_string_member (escalated, "type", "escalated");
  json_object_set_string_member (escalated, "from_level", "shift_lead");
  json_object_set_string_member (escalated, "to_level", "deputy");
  assert_push_refused (f, lead_token, lead_id, CF_OP_CREATE, "escalation_entry", NULL, escalated,
                       "invalid");

  ack = author_op (f, deputy_id, CF_OP_CREATE, "escalation_entry", NULL, entry, 0);
  g_assert_cmpstr (json_object_get_string_member (push_one (f, deputy_token, ack, &ack_reply),
                                                  "status"), ==, "applied");
  g_clear_pointer (&set, json_object_unref);
  set = json_object_new ();
  json_object_set_string_member (set, "status", "acknowledged");
  json_object_set_string_member (set, "assignee", deputy_id);
  {
    g_autoptr (CfStore) store = cf_store_open (f->database, CF_STORE_FLAGS_NONE, &error);

    g_assert_no_error (error);
    patch = author_op (f, deputy_id, CF_OP_PATCH, "escalation", id, set,
                       cf_test_record_rev (store, "escalation", id));
  }
  g_assert_cmpstr (json_object_get_string_member (push_one (f, deputy_token, patch, &patch_reply),
                                                  "status"), ==, "applied");

  {
    g_autoptr (CfStore) store = cf_store_open (f->database, CF_STORE_FLAGS_NONE, &error);
    g_autofree char *level = NULL;
    g_autofree char *status = NULL;
    g_autofree char *order_status = NULL;

    g_assert_no_error (error);
    level = cf_test_record_string (store, "escalation", id, "level");
    status = cf_test_record_string (store, "escalation", id, "status");
    order_status = cf_test_record_string (store, "rush_repair", order_id, "status");
    g_assert_cmpstr (level, ==, "deputy");
    g_assert_cmpstr (status, ==, "acknowledged");
    g_assert_cmpstr (order_status, ==, "repaired");
  }
}

/* 10,000 changes page through completely, in order, and the feed never
 * carries a password hash; a cursor the server cannot continue is 410.
 */
static void
test_changes (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *token = sign_in (f, SUPERVISOR_LOGIN, SUPERVISOR_PASSWORD);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  g_autoptr (JsonNode) reply = NULL;
  gboolean has_more = TRUE;
  gint64 last_seq = 0;
  guint pages = 0;
  guint users = 0;

  while (has_more && pages < 100)
    {
      g_autofree char *path = NULL;
      g_autofree char *escaped = cursor != NULL ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
      JsonObject *object;
      JsonArray *changes;

      path = g_strdup_printf ("/v1/sync/changes?limit=1000%s%s", escaped != NULL ? "&since=" : "",
                              escaped != NULL ? escaped : "");
      g_clear_pointer (&reply, json_node_unref);
      g_assert_cmpuint (request (f, "GET", path, token, NULL, &reply), ==, 200);
      object = json_node_get_object (reply);
      changes = json_object_get_array_member (object, "changes");
      g_assert_cmpuint (json_array_get_length (changes), <=, 1000);

      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *change = json_array_get_object_element (changes, i);
          JsonObject *body = json_object_get_object_member (change, "body");
          gint64 seq = json_object_get_int_member (change, "seq");

          g_assert_cmpint (seq, >, last_seq);
          last_seq = seq;
          g_assert_false (json_object_has_member (body, "password_hash"));
          if (g_str_equal (json_object_get_string_member (change, "kind"), "user"))
            users++;
          g_hash_table_add (seen, g_strdup (json_object_get_string_member (change, "id")));
        }

      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (object, "cursor"));
      has_more = json_object_get_boolean_member (object, "has_more");
      pages++;
    }

  /* 10,000 teams, two staff and their two accounts, the shift types. */
  g_assert_false (has_more);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 10004 + CF_ROSTER_N_DEFAULT_SHIFT_TYPES);
  g_assert_cmpuint (users, ==, 2);
  g_assert_cmpuint (pages, >=, 10);

  /* Caught up: an empty page that keeps the cursor. */
  {
    g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);
    g_autofree char *path = g_strdup_printf ("/v1/sync/changes?since=%s", escaped);

    g_clear_pointer (&reply, json_node_unref);
    g_assert_cmpuint (request (f, "GET", path, token, NULL, &reply), ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (reply),
                                                                           "changes")), ==, 0);
    g_assert_cmpstr (member_string (reply, "cursor"), ==, cursor);
  }

  /* Another server's cursor, or one from this server's future, is gone. */
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpuint (request (f, "GET", "/v1/sync/changes?since=0190f0c2-7a8b-7c1e-9d1a-3b0c5e7f1a22%3A5",
                             token, NULL, &reply), ==, 410);
  g_assert_cmpstr (member_string (reply, "error"), ==, "gone");
  {
    g_autofree char *future = g_strdup_printf ("%.*s:99999999", (int) strcspn (cursor, ":"), cursor);
    g_autofree char *escaped = g_uri_escape_string (future, NULL, FALSE);
    g_autofree char *path = g_strdup_printf ("/v1/sync/changes?since=%s", escaped);

    g_clear_pointer (&reply, json_node_unref);
    g_assert_cmpuint (request (f, "GET", path, token, NULL, &reply), ==, 410);
  }
}

/* A desk reads the accounts (so that people can sign in at its desktop
 * and signatures verify there), never their password hashes or sealed
 * signing keys; staff and shift types too.
 */
static void
test_changes_filtered (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *token = sign_in (f, DESK_LOGIN, DESK_PASSWORD);
  g_autoptr (JsonNode) reply = NULL;
  JsonArray *changes;
  guint n_users = 0;

  g_assert_cmpuint (request (f, "GET", "/v1/sync/changes", token, NULL, &reply), ==, 200);
  changes = json_object_get_array_member (json_node_get_object (reply), "changes");
  g_assert_cmpuint (json_array_get_length (changes), ==, 2 + CF_ROSTER_N_DEFAULT_SHIFT_TYPES + 2);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);
      g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), change);
      g_autofree char *text = json_to_string (node, FALSE);

      if (g_strcmp0 (json_object_get_string_member (change, "kind"), "user") == 0)
        n_users++;
      g_assert_null (strstr (text, "password_hash"));
      g_assert_null (strstr (text, "sealed_secret_key"));
    }
  g_assert_cmpuint (n_users, ==, 2);
}

/* HTTPS with the desktop's sync engine ------------------------------------ */

typedef CfTestOutcome Outcome;

/* Signs the supervisor in; the answer, right or wrong, comes within
 * @seconds.
 */
static void
engine_sign_in (CfSyncEngine *engine,
                Outcome      *outcome,
                guint         seconds)
{
  cf_test_engine_sign_in (engine, SUPERVISOR_LOGIN, SUPERVISOR_PASSWORD, outcome, seconds);
}

/* A desktop's database and an engine for https://127.0.0.1:PORT. */
static CfSyncEngine *
https_engine (Fixture  *f,
              CfStore **out_store)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (f->folder, "desktop.db", NULL);
  g_autofree char *url = g_strdup_printf ("https://127.0.0.1:%u", f->port);

  *out_store = cf_store_open (path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  return cf_sync_engine_new (*out_store, url);
}

static gboolean
engine_is_live (gpointer data)
{
  return cf_sync_engine_is_live (data);
}

/* With the call center's CA file, the desktop signs in, pulls, pushes and
 * listens for pokes over HTTPS.
 */
static void
test_tls_ca_file (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *ca = cf_test_tls_file ("ca.pem");
  g_autoptr (CfStore) store = NULL;
  g_autoptr (CfSyncEngine) engine = https_engine (f, &store);
  g_autoptr (CfStore) server_store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *team_id = NULL;
  g_autofree char *user_id = NULL;
  Outcome outcome = { 0 };

  cf_sync_engine_set_ca_file (engine, ca);
  g_assert_cmpstr (cf_sync_engine_get_ca_file (engine), ==, ca);
  g_assert_null (cf_sync_engine_get_trust_error (engine));

  engine_sign_in (engine, &outcome, 30);
  g_assert_no_error (outcome.error);
  g_assert_cmpstr (outcome.user_id, ==, f->supervisor_id);
  user_id = g_steal_pointer (&outcome.user_id);

  cf_test_engine_sync (engine, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  g_assert_cmpint (cf_sync_engine_get_state (engine), ==, CF_SYNC_STATE_SYNCED);
  g_assert_cmpint (cf_store_count (store, "SELECT COUNT(*) FROM staff"), ==, 2);

  team_id = cf_test_create_team (store, user_id, "Night owls");
  cf_test_engine_sync (engine, &outcome);
  g_assert_no_error (outcome.error);
  server_store = cf_store_open (f->database, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_test_query_integer (server_store, "SELECT COUNT(*) FROM team WHERE id = ?",
                                          team_id), ==, 1);

  /* The live connection trusts the same authorities. */
  cf_sync_engine_start (engine);
  g_assert_true (cf_test_wait_until (engine_is_live, engine, 20));
  cf_sync_engine_stop (engine);

  cf_test_outcome_clear (&outcome);
}

/* Without the CA file the server's certificate is refused at once, with an
 * error that says so — not a wait, not a session; once the CA file is
 * set, the same engine signs in.
 */
static void
test_tls_untrusted (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *ca = cf_test_tls_file ("ca.pem");
  g_autoptr (CfStore) store = NULL;
  g_autoptr (CfSyncEngine) engine = https_engine (f, &store);
  Outcome outcome = { 0 };

  engine_sign_in (engine, &outcome, TLS_FAILURE_SECONDS);
  g_assert_error (outcome.error, CF_SYNC_ERROR, CF_SYNC_ERROR_UNTRUSTED);
  g_assert_nonnull (strstr (outcome.error->message, "certificate is not trusted"));
  g_test_message ("Without the CA file: %s", outcome.error->message);
  g_assert_null (outcome.user_id);
  g_assert_null (cf_sync_engine_get_token (engine));
  g_assert_cmpint (cf_sync_engine_get_state (engine), ==, CF_SYNC_STATE_UNTRUSTED);
  g_assert_error ((GError *) cf_sync_engine_get_trust_error (engine),
                  CF_SYNC_ERROR, CF_SYNC_ERROR_UNTRUSTED);

  /* The setting changed: no new engine needed. */
  cf_sync_engine_set_ca_file (engine, ca);
  g_assert_null (cf_sync_engine_get_trust_error (engine));
  g_assert_cmpint (cf_sync_engine_get_state (engine), ==, CF_SYNC_STATE_SIGNED_OUT);
  engine_sign_in (engine, &outcome, 30);
  g_assert_no_error (outcome.error);
  g_assert_cmpstr (outcome.user_id, ==, f->supervisor_id);

  cf_test_outcome_clear (&outcome);
}

/* A CA file that holds no certificate is refused with a clear error, and
 * the engine then sends nothing at all rather than trust the system's
 * authorities instead.
 */
static void
test_tls_ca_not_a_certificate (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *key = cf_test_tls_file ("server-key.pem");
  g_autofree char *text = g_build_filename (f->folder, "notes.txt", NULL);
  g_autofree char *missing = g_build_filename (f->folder, "missing.pem", NULL);
  const char *not_certificates[] = { key, text, missing };
  g_autoptr (CfStore) store = NULL;
  g_autoptr (CfSyncEngine) engine = https_engine (f, &store);
  Outcome outcome = { 0 };

  g_assert_true (g_file_set_contents (text, "not a certificate\n", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (not_certificates); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GTlsDatabase) database = cf_sync_load_ca_file (not_certificates[i], &error);

      g_assert_null (database);
      g_assert_error (error, CF_SYNC_ERROR, CF_SYNC_ERROR_CA_FILE);
      g_assert_nonnull (strstr (error->message, "CA certificate file cannot be used"));
      g_test_message ("%s: %s", not_certificates[i], error->message);
    }

  /* Set anyway (say, by hand in dconf): known at once, before any request. */
  cf_sync_engine_set_ca_file (engine, key);
  g_assert_cmpint (cf_sync_engine_get_state (engine), ==, CF_SYNC_STATE_UNTRUSTED);
  g_assert_error ((GError *) cf_sync_engine_get_trust_error (engine),
                  CF_SYNC_ERROR, CF_SYNC_ERROR_CA_FILE);

  /* Not even a handshake: that would fail with UNTRUSTED. */
  engine_sign_in (engine, &outcome, TLS_FAILURE_SECONDS);
  g_assert_error (outcome.error, CF_SYNC_ERROR, CF_SYNC_ERROR_CA_FILE);
  g_assert_null (outcome.user_id);
  cf_test_engine_sync (engine, &outcome);
  g_assert_error (outcome.error, CF_SYNC_ERROR, CF_SYNC_ERROR_CA_FILE);
  g_assert_cmpint (cf_sync_engine_get_state (engine), ==, CF_SYNC_STATE_UNTRUSTED);

  /* Cleared: the system's authorities again, which do not know this CA. */
  cf_sync_engine_set_ca_file (engine, "");
  g_assert_null (cf_sync_engine_get_ca_file (engine));
  g_assert_null (cf_sync_engine_get_trust_error (engine));
  g_assert_cmpint (cf_sync_engine_get_state (engine), ==, CF_SYNC_STATE_SIGNED_OUT);
  engine_sign_in (engine, &outcome, TLS_FAILURE_SECONDS);
  g_assert_error (outcome.error, CF_SYNC_ERROR, CF_SYNC_ERROR_UNTRUSTED);

  cf_test_outcome_clear (&outcome);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv ("CALLFLOOR_SERVER") == NULL)
    g_error ("CALLFLOOR_SERVER must name the callfloor-server binary");

#define ADD(path, n_teams, func) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (n_teams), fixture_set_up, func, fixture_tear_down)

  ADD ("/server/health", 0, test_health);
  ADD ("/server/sign-in", 0, test_sign_in);
  ADD ("/server/unauthorized", 0, test_unauthorized);
  ADD ("/server/hostile-json", 0, test_hostile_json);
  ADD ("/server/too-large", 0, test_too_large);
  ADD ("/server/slow-client", 0, test_slow_client);
  ADD ("/server/push", 0, test_push);
  ADD ("/server/push-entry-immutable", 0, test_push_entry_immutable);
  ADD ("/server/push-step-rules", 0, test_push_step_rules);
  ADD ("/server/changes", 10000, test_changes);
  ADD ("/server/changes-filtered", 0, test_changes_filtered);

#define ADD_TLS(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up_tls, func, fixture_tear_down)

  ADD_TLS ("/server/tls/ca-file", test_tls_ca_file);
  ADD_TLS ("/server/tls/untrusted", test_tls_untrusted);
  ADD_TLS ("/server/tls/ca-not-a-certificate", test_tls_ca_not_a_certificate);

#undef ADD_TLS

#undef ADD

  return g_test_run ();
}
