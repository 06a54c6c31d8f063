/* test-sync.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two desktops — two databases, two sync engines — and a real
 * callfloor-server on 127.0.0.1: offline edits meet, merge or conflict,
 * and nothing is lost.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "cf-authority.h"
#include "cf-conflict.h"
#include "cf-escalation.h"
#include "cf-handover.h"
#include "cf-replica.h"
#include "cf-session.h"
#include "cf-signing.h"
#include "cf-store.h"
#include "cf-sync-codec.h"
#include "cf-sync-engine.h"
#include "cf-test-engine.h"
#include "cf-test-util.h"
#include "cf-uuid.h"

#define LOGIN    "boss"
#define PASSWORD "floor-boss-2026"

typedef struct
{
  char         *folder;
  CfStore      *store;
  CfSyncEngine *engine;
  char         *user_id;
} Desktop;

typedef struct
{
  char        *folder;
  char        *database;
  GSubprocess *server;
  guint        port;
  Desktop      a;
  Desktop      b;
} Fixture;

typedef CfTestOutcome Outcome;

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
sync_desktop (Desktop *desktop)
{
  Outcome outcome = { 0 };

  cf_sync_engine_sync_async (desktop->engine, NULL, cf_test_synced_cb, &outcome);
  cf_test_wait_for (&outcome, CF_TEST_OUTCOME_SECONDS);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  g_assert_cmpint (cf_sync_engine_get_state (desktop->engine), ==, CF_SYNC_STATE_SYNCED);
}

/* A new desktop, where @login is the first to sign in. */
static void
desktop_set_up_as (Fixture    *f,
                   Desktop    *desktop,
                   const char *login,
                   const char *password)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", f->port);
  Outcome outcome = { 0 };

  desktop->folder = cf_test_make_dir (&path);
  desktop->store = cf_store_open (path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  desktop->engine = cf_sync_engine_new (desktop->store, url);

  cf_sync_engine_sign_in_async (desktop->engine, login, password, NULL, cf_test_signed_in_cb,
                                &outcome);
  cf_test_wait_for (&outcome, CF_TEST_OUTCOME_SECONDS);
  g_assert_no_error (outcome.error);
  desktop->user_id = outcome.user_id;

  /* A new desktop starts with what the server holds. */
  sync_desktop (desktop);
}

static void
desktop_set_up (Fixture    *f,
                Desktop    *desktop)
{
  desktop_set_up_as (f, desktop, LOGIN, PASSWORD);
}

static void
desktop_tear_down (Desktop *desktop)
{
  g_clear_object (&desktop->engine);
  g_clear_object (&desktop->store);
  cf_test_remove_tree (desktop->folder);
  g_free (desktop->folder);
  g_free (desktop->user_id);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autoptr (CfSession) session = NULL;

  f->folder = cf_test_make_dir (&f->database);
  store = cf_store_open (f->database, CF_STORE_FLAGS_DURABLE, &error);
  g_assert_no_error (error);
  session = cf_session_new (store);
  g_assert_true (cf_session_create_first_supervisor (session, "Wang Fang", "0001", LOGIN,
                                                     PASSWORD, &error));
  g_assert_no_error (error);
  g_clear_object (&session);
  g_clear_object (&store);

  /* Short request timeouts and heartbeats, so the tests see live
   * connections outlive the first and hear the second.
   */
  f->server = cf_test_start_server (f->folder, f->database,
                                    "socket-timeout-seconds=1\nlive-ping-seconds=1\n", &f->port);
  desktop_set_up (f, &f->a);
  desktop_set_up (f, &f->b);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  desktop_tear_down (&f->a);
  desktop_tear_down (&f->b);
  g_subprocess_send_signal (f->server, SIGTERM);
  g_subprocess_wait (f->server, NULL, NULL);
  g_clear_object (&f->server);
  cf_test_remove_tree (f->folder);
  g_free (f->folder);
  g_free (f->database);
}

static char *
add_staff (Desktop    *desktop,
           const char *employee_no,
           const char *name)
{
  g_autoptr (JsonObject) values = json_object_new ();
  g_autoptr (CfOp) op = NULL;
  g_autoptr (GError) error = NULL;

  json_object_set_string_member (values, "employee_no", employee_no);
  json_object_set_string_member (values, "name", name);
  json_object_set_string_member (values, "role", "agent");
  op = cf_op_new_create ("staff", values);
  g_assert_true (cf_store_apply (desktop->store, desktop->user_id, &op, 1, &error));
  g_assert_no_error (error);

  return g_strdup (cf_op_get_record_id (op));
}

static void
patch_staff (Desktop    *desktop,
             const char *staff_id,
             const char *field,
             const char *value)
{
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (CfOp) op = NULL;
  g_autoptr (GError) error = NULL;

  json_object_set_string_member (set, field, value);
  op = cf_op_new_patch ("staff", staff_id, set);
  g_assert_true (cf_store_apply (desktop->store, desktop->user_id, &op, 1, &error));
  g_assert_no_error (error);
}

static char *
staff_field (Desktop    *desktop,
             const char *staff_id,
             const char *field)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) record = cf_store_get_record (desktop->store, "staff", staff_id, &error);

  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (record, field));
}

/* The first sync gave each desktop the server's supervisor and account,
 * without the password hash.
 */
static void
test_first_pull (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *hash = cf_test_query_text (f->a.store,
                                              "SELECT password_hash FROM app_user WHERE id = ?",
                                              f->a.user_id);

  g_assert_cmpint (cf_store_count (f->a.store, "SELECT COUNT(*) FROM staff"), ==, 1);
  g_assert_cmpint (cf_store_count (f->b.store, "SELECT COUNT(*) FROM app_user"), ==, 1);
  g_assert_cmpstr (hash, ==, "");
  g_assert_cmpstr (f->a.user_id, ==, f->b.user_id);
}

/* What one desktop adds, the other receives. */
static void
test_create_travels (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = add_staff (&f->a, "2001", "Chen Jing");
  g_autofree char *name = NULL;

  g_assert_cmpuint (cf_replica_count_pending (f->a.store), ==, 1);
  sync_desktop (&f->a);
  g_assert_cmpuint (cf_replica_count_pending (f->a.store), ==, 0);
  sync_desktop (&f->b);

  name = staff_field (&f->b, id, "name");
  g_assert_cmpstr (name, ==, "Chen Jing");
}

/* Different fields of the same person changed on both desktops while
 * offline: both changes survive, on both desktops.
 */
static void
test_disjoint_fields_merge (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *id = add_staff (&f->a, "2002", "Zhou Min");
  char *values[4];

  sync_desktop (&f->a);
  sync_desktop (&f->b);

  patch_staff (&f->a, id, "phone", "8123");
  patch_staff (&f->b, id, "name", "Zhou Minmin");
  sync_desktop (&f->a);
  sync_desktop (&f->b);
  sync_desktop (&f->a);

  values[0] = staff_field (&f->a, id, "name");
  values[1] = staff_field (&f->a, id, "phone");
  values[2] = staff_field (&f->b, id, "name");
  values[3] = staff_field (&f->b, id, "phone");
  g_assert_cmpstr (values[0], ==, "Zhou Minmin");
  g_assert_cmpstr (values[1], ==, "8123");
  g_assert_cmpstr (values[2], ==, "Zhou Minmin");
  g_assert_cmpstr (values[3], ==, "8123");
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    g_free (values[i]);
  g_assert_cmpuint (cf_replica_count_conflicts (f->a.store), ==, 0);
}

/* The same field changed on both desktops: one conflict with both
 * versions, the same on both desktops; never last-writer-wins.
 */
static void
test_same_field_conflicts (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *id = add_staff (&f->a, "2003", "Sun Li");
  g_autofree char *name_a = NULL;
  g_autofree char *name_b = NULL;
  g_autofree char *fields = NULL;
  g_autoptr (JsonNode) versions = NULL;
  JsonObject *name;

  sync_desktop (&f->a);
  sync_desktop (&f->b);

  patch_staff (&f->a, id, "name", "Sun Lili");
  patch_staff (&f->b, id, "name", "Sun Li (night)");
  sync_desktop (&f->a);
  sync_desktop (&f->b);
  sync_desktop (&f->a);

  name_a = staff_field (&f->a, id, "name");
  name_b = staff_field (&f->b, id, "name");
  g_assert_cmpstr (name_a, ==, "Sun Lili");
  g_assert_cmpstr (name_b, ==, "Sun Lili");
  g_assert_cmpuint (cf_replica_count_conflicts (f->a.store), ==, 1);
  g_assert_cmpuint (cf_replica_count_conflicts (f->b.store), ==, 1);

  fields = cf_test_query_text (f->a.store, "SELECT fields FROM conflict WHERE record_id = ?", id);
  versions = cf_sync_parse (fields, strlen (fields), NULL);
  g_assert_nonnull (versions);
  name = json_object_get_object_member (json_node_get_object (versions), "name");
  g_assert_cmpstr (json_object_get_string_member (name, "mine"), ==, "Sun Li (night)");
  g_assert_cmpstr (json_object_get_string_member (name, "theirs"), ==, "Sun Lili");
  g_assert_cmpstr (json_object_get_string_member (name, "base"), ==, "Sun Li");

  /* The losing desktop's op is answered and kept, not lost. */
  g_assert_cmpint (cf_store_count (f->b.store,
                                   "SELECT COUNT(*) FROM op_log WHERE sync_status = 'conflict'"),
                   ==, 1);

  /* Resolved from the desktop whose version lost, keeping that version:
   * after syncing, both desktops agree and no conflict is open.
   */
  {
    g_autofree char *conflict_id = cf_test_query_text (f->b.store,
                                                       "SELECT id FROM conflict WHERE record_id = ?",
                                                       id);
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) ops = cf_conflict_resolution_ops (f->b.store, conflict_id,
                                                            CF_CONFLICT_KEEP_MINE, NULL, &error);
    g_autofree char *resolved_a = NULL;
    g_autofree char *resolved_b = NULL;

    g_assert_no_error (error);
    g_assert_true (cf_store_apply (f->b.store, f->b.user_id, (CfOp * const *) ops->pdata,
                                   ops->len, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (cf_replica_count_conflicts (f->b.store), ==, 0);

    sync_desktop (&f->b);
    sync_desktop (&f->a);
    resolved_a = staff_field (&f->a, id, "name");
    resolved_b = staff_field (&f->b, id, "name");
    g_assert_cmpstr (resolved_a, ==, "Sun Li (night)");
    g_assert_cmpstr (resolved_b, ==, "Sun Li (night)");
    g_assert_cmpuint (cf_replica_count_conflicts (f->a.store), ==, 0);
    g_assert_cmpuint (cf_replica_count_conflicts (f->b.store), ==, 0);
    g_assert_cmpint (cf_store_count (f->a.store,
                                     "SELECT COUNT(*) FROM op_log WHERE sync_status = 'rejected'"),
                     ==, 0);
  }
}

/* A change the server refuses does not linger on the desktop that made
 * it: the record shows the server's version again after the sync, even
 * though nothing changed on the server, and the refusal says why.
 */
static void
test_refused_change_reverts (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *kept_id = add_staff (&f->a, "2010", "He Yun");
  g_autofree char *taken_id = NULL;
  g_autofree char *number = NULL;
  g_autoptr (GPtrArray) refused = NULL;
  g_autoptr (GError) error = NULL;
  gint64 rev;

  sync_desktop (&f->a);
  sync_desktop (&f->b);
  rev = cf_test_record_rev (f->b.store, "staff", kept_id);

  /* B has not seen 2011 yet, so taking that number looks fine on B. */
  taken_id = add_staff (&f->a, "2011", "Qian Mo");
  sync_desktop (&f->a);
  patch_staff (&f->b, kept_id, "employee_no", "2011");
  sync_desktop (&f->b);

  number = staff_field (&f->b, kept_id, "employee_no");
  g_assert_cmpstr (number, ==, "2010");
  g_assert_cmpint (cf_test_record_rev (f->b.store, "staff", kept_id), ==, rev);
  g_assert_cmpuint (cf_replica_count_pending (f->b.store), ==, 0);

  refused = cf_replica_list_refused (f->b.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refused->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (refused->pdata[0], "record_id"), ==, kept_id);
  g_assert_nonnull (strstr (json_object_get_string_member (refused->pdata[0], "result"),
                            "\"invalid\""));
}

static char *
shift_type_id (Desktop    *desktop,
               const char *code)
{
  return cf_test_query_text (desktop->store, "SELECT id FROM shift_type WHERE code = ?", code);
}

/* Puts @code's shift in @staff_id's cell for @date, as the roster does:
 * the slot's record is made, or changed when this desktop has it.
 */
static void
assign_shift (Desktop    *desktop,
              const char *staff_id,
              const char *date,
              const char *code)
{
  g_autoptr (JsonObject) values = json_object_new ();
  g_autofree char *type_id = shift_type_id (desktop, code);
  g_autoptr (CfOp) op = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) existing = NULL;

  json_object_set_string_member (values, "staff", staff_id);
  json_object_set_string_member (values, "date", date);
  op = cf_op_new_create ("roster_assignment", values);
  existing = cf_store_get_record (desktop->store, "roster_assignment", cf_op_get_record_id (op),
                                  NULL);
  json_object_set_string_member (values, "shift_type", type_id);
  if (existing != NULL)
    {
      g_autoptr (JsonObject) set = json_object_new ();

      g_clear_pointer (&op, cf_op_unref);
      json_object_set_string_member (set, "shift_type", type_id);
      op = cf_op_new_patch ("roster_assignment", json_object_get_string_member (existing, "id"),
                            set);
    }
  g_assert_true (cf_store_apply (desktop->store, desktop->user_id, &op, 1, &error));
  g_assert_no_error (error);
}

static char *
assigned_code (Desktop    *desktop,
               const char *staff_id,
               const char *date)
{
  g_autofree char *sql = g_strdup_printf ("SELECT t.code FROM roster_assignment a "
                                          "JOIN shift_type t ON t.id = a.shift_type "
                                          "WHERE a.date = '%s' AND a.staff = ?", date);

  return cf_test_query_text (desktop->store, sql, staff_id);
}

/* Two desktops fill the same roster cell while apart: the same shift on
 * both is one assignment; different shifts are one assignment and one
 * conflict with both kept — never two bookings of the slot — and resolving
 * it from either desktop settles both.
 */
static void
test_roster_slot (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *staff_id = add_staff (&f->a, "2020", "Tang Yi");
  g_autofree char *code_a = NULL;
  g_autofree char *code_b = NULL;
  g_autofree char *conflict_id = NULL;
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;

  sync_desktop (&f->a);
  sync_desktop (&f->b);

  /* Both put the early shift on the 1st: one assignment, no conflict. */
  assign_shift (&f->a, staff_id, "2026-12-01", "E");
  assign_shift (&f->b, staff_id, "2026-12-01", "E");
  sync_desktop (&f->a);
  sync_desktop (&f->b);
  sync_desktop (&f->a);
  g_assert_cmpint (cf_test_query_integer (f->a.store, "SELECT COUNT(*) FROM roster_assignment "
                                                      "WHERE staff = ?", staff_id), ==, 1);
  g_assert_cmpint (cf_test_query_integer (f->b.store, "SELECT COUNT(*) FROM roster_assignment "
                                                      "WHERE staff = ?", staff_id), ==, 1);
  g_assert_cmpuint (cf_replica_count_conflicts (f->a.store), ==, 0);
  g_assert_cmpuint (cf_replica_count_conflicts (f->b.store), ==, 0);

  /* Early on A, late on B, for the 2nd: the server keeps A's, B's waits. */
  assign_shift (&f->a, staff_id, "2026-12-02", "E");
  assign_shift (&f->b, staff_id, "2026-12-02", "L");
  sync_desktop (&f->a);
  sync_desktop (&f->b);
  sync_desktop (&f->a);
  code_a = assigned_code (&f->a, staff_id, "2026-12-02");
  code_b = assigned_code (&f->b, staff_id, "2026-12-02");
  g_assert_cmpstr (code_a, ==, "E");
  g_assert_cmpstr (code_b, ==, "E");
  g_assert_cmpint (cf_test_query_integer (f->b.store, "SELECT COUNT(*) FROM roster_assignment "
                                                      "WHERE staff = ?", staff_id), ==, 2);
  g_assert_cmpuint (cf_replica_count_conflicts (f->a.store), ==, 1);
  g_assert_cmpuint (cf_replica_count_conflicts (f->b.store), ==, 1);

  /* B keeps its late shift; both desktops follow. */
  conflict_id = cf_test_query_text (f->b.store, "SELECT id FROM conflict WHERE status = 'open' "
                                                "AND record_kind = ?", "roster_assignment");
  ops = cf_conflict_resolution_ops (f->b.store, conflict_id, CF_CONFLICT_KEEP_MINE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cf_store_apply (f->b.store, f->b.user_id, (CfOp * const *) ops->pdata, ops->len,
                                 &error));
  g_assert_no_error (error);
  sync_desktop (&f->b);
  sync_desktop (&f->a);
  g_clear_pointer (&code_a, g_free);
  g_clear_pointer (&code_b, g_free);
  code_a = assigned_code (&f->a, staff_id, "2026-12-02");
  code_b = assigned_code (&f->b, staff_id, "2026-12-02");
  g_assert_cmpstr (code_a, ==, "L");
  g_assert_cmpstr (code_b, ==, "L");
  g_assert_cmpuint (cf_replica_count_conflicts (f->a.store), ==, 0);
}

typedef struct
{
  CfStore *server_store;
  gboolean done;
} Watch;

static gboolean
server_applied_some (Watch *watch)
{
  return cf_store_count (watch->server_store, "SELECT COUNT(*) FROM applied_ops") > 0;
}

/* The server is killed (SIGKILL) while it applies a push, then started
 * again; the desktop retries: every op is applied exactly once and none
 * is lost.
 */
static void
test_server_crash (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) server_store = NULL;
  Watch watch = { 0 };
  Outcome outcome = { 0 };
  gint64 deadline;
  guint wake_id;
  guint n_ops = 500;

  for (guint i = 0; i < n_ops; i++)
    {
      g_autoptr (JsonObject) values = json_object_new ();
      g_autofree char *number = g_strdup_printf ("%05u", 30000 + i);

      json_object_set_string_member (values, "employee_no", number);
      json_object_set_string_member (values, "name", "Crash Tester");
      json_object_set_string_member (values, "role", "agent");
      g_ptr_array_add (ops, cf_op_new_create ("staff", values));
    }
  g_assert_true (cf_store_apply (f->a.store, f->a.user_id, (CfOp * const *) ops->pdata, ops->len,
                                 &error));
  g_assert_no_error (error);

  /* Watch the server's own database to kill it in the middle of the push. */
  server_store = cf_store_open (f->database, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  watch.server_store = server_store;
  cf_sync_engine_sync_async (f->a.engine, NULL, cf_test_synced_cb, &outcome);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  wake_id = g_timeout_add (2, wake_cb, NULL);
  while (!server_applied_some (&watch) && !outcome.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_id);
  g_subprocess_force_exit (f->server);
  g_subprocess_wait (f->server, NULL, NULL);
  g_clear_object (&f->server);
  g_test_message ("killed with %" G_GINT64_FORMAT " of %u ops applied",
                  cf_store_count (server_store, "SELECT COUNT(*) FROM applied_ops"), n_ops);

  /* The push in flight fails; nothing is marked as sent that was not. */
  cf_test_wait_for (&outcome, CF_TEST_OUTCOME_SECONDS);
  if (!outcome.ok)
    g_assert_cmpint (cf_sync_engine_get_state (f->a.engine), ==, CF_SYNC_STATE_OFFLINE);
  g_clear_error (&outcome.error);

  f->server = cf_test_start_server (f->folder, f->database, NULL, &f->port);
  sync_desktop (&f->a);

  g_assert_cmpuint (cf_replica_count_pending (f->a.store), ==, 0);
  g_assert_cmpint (cf_store_count (server_store, "SELECT COUNT(*) FROM applied_ops"), ==, n_ops);
  g_assert_cmpint (cf_store_count (server_store,
                                   "SELECT COUNT(*) FROM staff WHERE name = 'Crash Tester'"),
                   ==, n_ops);
  g_assert_cmpint (cf_store_count (f->a.store,
                                   "SELECT COUNT(*) FROM op_log WHERE sync_status = 'applied'"),
                   ==, n_ops);
  /* Every op the desktop logged is the one the server applied. */
  for (guint i = 0; i < ops->len; i++)
    g_assert_cmpint (cf_test_query_integer (server_store,
                                            "SELECT COUNT(*) FROM applied_ops WHERE op_id = ?",
                                            cf_op_get_op_id (ops->pdata[i])), ==, 1);
}

static gboolean
engine_live (gpointer data)
{
  return cf_sync_engine_is_live (data);
}

static gboolean
engine_synced (gpointer data)
{
  return cf_sync_engine_get_state (data) == CF_SYNC_STATE_SYNCED;
}

static gboolean
engine_syncing (gpointer data)
{
  return cf_sync_engine_get_state (data) == CF_SYNC_STATE_SYNCING;
}

typedef struct
{
  Desktop    *desktop;
  const char *staff_id;
} Arrival;

static gboolean
staff_arrived (gpointer data)
{
  Arrival *arrival = data;
  g_autoptr (JsonObject) record = cf_store_get_record (arrival->desktop->store, "staff",
                                                       arrival->staff_id, NULL);

  return record != NULL;
}

/* A desktop listening live hears of a change made on another desktop and
 * pulls it at once, long before its once-a-minute pull; one that makes a
 * change pushes it by itself.
 */
static void
test_poke (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *id = NULL;
  Arrival arrival = { &f->b, NULL };
  gint64 started;

  cf_sync_engine_start (f->a.engine);
  cf_sync_engine_start (f->b.engine);
  g_assert_true (cf_test_wait_until (engine_live, f->a.engine, 20));
  g_assert_true (cf_test_wait_until (engine_live, f->b.engine, 20));
  g_assert_true (cf_test_wait_until (engine_synced, f->a.engine, 20));

  /* A change made while a sync runs reaches the other desktop promptly,
   * well before the next once-a-minute pull: B's change makes the server
   * poke A, and A makes a change of its own while that sync runs.
   */
  {
    g_autofree char *from_b = add_staff (&f->b, "2005", "Zhao Lei");
    g_autofree char *during = NULL;
    Arrival back = { &f->b, NULL };

    g_assert_true (cf_test_wait_until (engine_syncing, f->a.engine, 20));
    during = add_staff (&f->a, "2006", "Qian Yu");
    back.staff_id = during;
    g_assert_true (cf_test_wait_until (staff_arrived, &back, 20));
  }

  /* Made on A; A pushes it by itself, the server pokes B, B pulls it. */
  started = g_get_monotonic_time ();
  id = add_staff (&f->a, "2004", "Lin Xue");
  arrival.staff_id = id;
  g_assert_true (cf_test_wait_until (staff_arrived, &arrival, 20));
  g_test_message ("change visible on the other desktop after %.0f ms",
                  (g_get_monotonic_time () - started) / 1000.0);
  g_assert_cmpuint (cf_replica_count_pending (f->a.store), ==, 0);

  /* An idle live connection outlives the server's request timeout (1 s
   * here): heartbeats keep arriving on it for several seconds.
   */
  {
    gint64 until = g_get_monotonic_time () + (gint64) 3500 * 1000;
    guint wake_id = g_timeout_add (50, wake_cb, NULL);

    while (g_get_monotonic_time () < until)
      {
        g_main_context_iteration (NULL, TRUE);
        g_assert_true (cf_sync_engine_is_live (f->b.engine));
      }
    g_source_remove (wake_id);
  }

  /* Stopped while a sync runs and started again at once (signing out and
   * in): the new run syncs, rather than waiting for the cancelled one.
   */
  {
    g_autofree char *restarted = NULL;
    Arrival after = { &f->b, NULL };

    restarted = add_staff (&f->a, "2007", "Sun Mei");
    g_assert_true (cf_test_wait_until (engine_syncing, f->a.engine, 20));
    cf_sync_engine_stop (f->a.engine);
    cf_sync_engine_start (f->a.engine);
    after.staff_id = restarted;
    g_assert_true (cf_test_wait_until (staff_arrived, &after, 20));
    g_assert_true (cf_test_wait_until (engine_synced, f->a.engine, 20));
  }

  cf_sync_engine_stop (f->a.engine);
  cf_sync_engine_stop (f->b.engine);
}

/* A database set up on its own, with its own accounts, is not mixed with
 * the server's; one that follows another server is refused too.
 */
static void
test_refuses_foreign_databases (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *folder = cf_test_make_dir (&path);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", f->port);
  g_autoptr (CfStore) store = cf_store_open (path, CF_STORE_FLAGS_NONE, &error);
  g_autoptr (CfSession) session = NULL;
  g_autoptr (CfSyncEngine) engine = NULL;
  Outcome standalone = { 0 };
  Outcome foreign = { 0 };

  g_assert_no_error (error);
  session = cf_session_new (store);
  g_assert_true (cf_session_create_first_supervisor (session, "Local Boss", "9001", "local",
                                                     "local-boss-2026", &error));
  engine = cf_sync_engine_new (store, url);
  cf_sync_engine_sign_in_async (engine, LOGIN, PASSWORD, NULL, cf_test_signed_in_cb, &standalone);
  cf_test_wait_for (&standalone, CF_TEST_OUTCOME_SECONDS);
  g_assert_error (standalone.error, CF_SYNC_ERROR, CF_SYNC_ERROR_STANDALONE);
  g_assert_null (cf_store_get_meta (store, "server_id"));
  g_clear_error (&standalone.error);

  g_assert_true (cf_store_set_meta (f->a.store, "server_id", "0190f0c2-7a8b-7c1e-9d1a-3b0c5e7f1a22",
                                    &error));
  cf_sync_engine_sign_in_async (f->a.engine, LOGIN, PASSWORD, NULL, cf_test_signed_in_cb, &foreign);
  cf_test_wait_for (&foreign, CF_TEST_OUTCOME_SECONDS);
  g_assert_error (foreign.error, CF_SYNC_ERROR, CF_SYNC_ERROR_WRONG_SERVER);
  g_clear_error (&foreign.error);

  g_clear_object (&engine);
  g_clear_object (&session);
  g_clear_object (&store);
  cf_test_remove_tree (folder);
}

static void
on_attached_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Outcome *outcome = user_data;
  guint n_uploaded = 0;

  outcome->ok = cf_sync_engine_attach_finish (CF_SYNC_ENGINE (object), result, &n_uploaded,
                                              &outcome->error);
  outcome->user_id = g_strdup_printf ("%u", n_uploaded);
  outcome->done = TRUE;
}

static void
count_upload_progress (guint    done,
                       guint    total,
                       gpointer user_data)
{
  guint *pages = user_data;

  g_assert_cmpuint (done, <=, total);
  (*pages)++;
}

/* Signs @store in to the fixture's server as @login and, the database
 * being standalone, uploads it; returns the outcome of the upload.
 */
static Outcome
attach (Fixture    *f,
        CfStore    *store,
        const char *login,
        const char *password,
        guint      *pages)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", f->port);
  g_autoptr (CfSyncEngine) engine = cf_sync_engine_new (store, url);
  Outcome signed_in = { 0 };
  Outcome attached = { 0 };

  cf_sync_engine_sign_in_async (engine, login, password, NULL, cf_test_signed_in_cb, &signed_in);
  cf_test_wait_for (&signed_in, CF_TEST_OUTCOME_SECONDS);
  g_assert_error (signed_in.error, CF_SYNC_ERROR, CF_SYNC_ERROR_STANDALONE);
  g_clear_error (&signed_in.error);
  g_free (signed_in.user_id);

  cf_sync_engine_attach_async (engine, count_upload_progress, pages, NULL, on_attached_cb,
                               &attached);
  cf_test_wait_for (&attached, CF_TEST_OUTCOME_SECONDS);

  return attached;
}

static char *
staff_of_login (CfStore    *store,
                const char *login)
{
  return cf_test_query_text (store, "SELECT staff FROM app_user WHERE login = ?", login);
}

/* A database used on its own for months joins a new server: its records
 * are uploaded once, in pages, and both the server and every desktop then
 * hold them. The supervisor the server was set up with is the same person
 * as the database's (same number and user name), so references to that
 * person point to the server's record. People keep their passwords. A
 * second standalone database is refused, and left as it was.
 */
static void
test_attach_standalone (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *folder = cf_test_make_dir (&path);
  g_autoptr (CfStore) store = cf_test_open_supervised_store (path, "Wang Fang", "0001", LOGIN,
                                                             "standalone-2026");
  g_autofree char *local_boss = cf_test_query_text (store, "SELECT id FROM app_user", NULL);
  g_autofree char *local_boss_staff = staff_of_login (store, LOGIN);
  g_autofree char *server_boss_staff = staff_of_login (f->b.store, LOGIN);
  g_autofree char *team_id = NULL;
  g_autofree char *lead_staff = NULL;
  g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (JsonObject) team = json_object_new ();
  g_autoptr (JsonObject) account = json_object_new ();
  g_autofree char *lead_of_day = NULL;
  Outcome outcome;
  guint pages = 0;

  g_assert_cmpstr (local_boss_staff, !=, server_boss_staff);

  /* The database: a team led by its supervisor, 600 agents in it, and an
   * account for one of them.
   */
  json_object_set_string_member (team, "name", "Day");
  json_object_set_string_member (team, "lead", local_boss_staff);
  team_id = cf_test_create_record (store, local_boss, "team", team);
  for (guint i = 0; i < 600; i++)
    {
      g_autoptr (JsonObject) values = json_object_new ();
      g_autofree char *number = g_strdup_printf ("%u", 3000 + i);
      g_autofree char *name = g_strdup_printf ("Agent %u", i);

      json_object_set_string_member (values, "employee_no", number);
      json_object_set_string_member (values, "name", name);
      json_object_set_string_member (values, "role", i == 0 ? "shift_lead" : "agent");
      json_object_set_string_member (values, "team", team_id);
      g_ptr_array_add (ops, cf_op_new_create ("staff", values));
    }
  g_assert_true (cf_store_apply (store, local_boss, (CfOp * const *) ops->pdata, ops->len,
                                 &error));
  g_assert_no_error (error);
  lead_staff = g_strdup (cf_op_get_record_id (ops->pdata[0]));
  json_object_set_string_member (account, "staff", lead_staff);
  json_object_set_string_member (account, "login", "lead");
  json_object_set_string_member (account, "password_hash", cf_test_password_hash ("lead-2026"));
  g_free (cf_test_create_record (store, local_boss, "user", account));

  outcome = attach (f, store, LOGIN, PASSWORD, &pages);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  /* Team, 600 staff and one account; the supervisor was the server's. */
  g_assert_cmpstr (outcome.user_id, ==, "602");
  g_free (outcome.user_id);
  g_assert_cmpuint (pages, ==, 2);

  /* This database follows the server now and holds what it holds. */
  g_assert_nonnull (cf_store_get_meta (store, "server_id"));
  g_assert_cmpint (cf_store_count (store, "SELECT COUNT(*) FROM op_log WHERE pushed = 0"), ==, 0);
  g_assert_cmpint (cf_store_count (store, "SELECT COUNT(*) FROM staff"), ==, 601);
  lead_of_day = cf_test_query_text (store, "SELECT lead FROM team WHERE id = ?", team_id);
  g_assert_cmpstr (lead_of_day, ==, server_boss_staff);
  g_clear_pointer (&lead_of_day, g_free);

  /* Another desktop receives it all. */
  sync_desktop (&f->b);
  g_assert_cmpint (cf_store_count (f->b.store, "SELECT COUNT(*) FROM staff"), ==, 601);
  g_assert_cmpint (cf_test_query_integer (f->b.store,
                                          "SELECT COUNT(*) FROM staff WHERE team = ?", team_id),
                   ==, 600);
  lead_of_day = cf_test_query_text (f->b.store, "SELECT lead FROM team WHERE id = ?", team_id);
  g_assert_cmpstr (lead_of_day, ==, server_boss_staff);

  /* The account kept its password: it signs in to the server. */
  {
    g_autofree char *other_path = NULL;
    g_autofree char *other_folder = cf_test_make_dir (&other_path);
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", f->port);
    g_autoptr (CfStore) fresh = cf_store_open (other_path, CF_STORE_FLAGS_NONE, &error);
    g_autoptr (CfSyncEngine) engine = cf_sync_engine_new (fresh, url);
    Outcome signed_in = { 0 };

    cf_sync_engine_sign_in_async (engine, "lead", "lead-2026", NULL, cf_test_signed_in_cb, &signed_in);
    cf_test_wait_for (&signed_in, CF_TEST_OUTCOME_SECONDS);
    g_assert_no_error (signed_in.error);
    g_free (signed_in.user_id);
    g_clear_object (&engine);
    g_clear_object (&fresh);
    cf_test_remove_tree (other_folder);
  }

  /* A second standalone database: a shift lead may not attach it, and the
   * server, holding the first one's data, refuses it. It stays as it was.
   */
  {
    g_autofree char *other_path = NULL;
    g_autofree char *other_folder = cf_test_make_dir (&other_path);
    g_autoptr (CfStore) other = cf_store_open (other_path, CF_STORE_FLAGS_NONE, &error);
    g_autoptr (CfSession) session = cf_session_new (other);
    Outcome refused;

    g_assert_true (cf_session_create_first_supervisor (session, "Zhao Lei", "7001", "zhao",
                                                       "zhao-2026", &error));
    g_assert_no_error (error);

    pages = 0;
    refused = attach (f, other, "lead", "lead-2026", &pages);
    g_assert_error (refused.error, CF_SYNC_ERROR, CF_SYNC_ERROR_FORBIDDEN);
    g_clear_error (&refused.error);
    g_free (refused.user_id);

    refused = attach (f, other, LOGIN, PASSWORD, &pages);
    g_assert_error (refused.error, CF_SYNC_ERROR, CF_SYNC_ERROR_OTHER_DATA);
    g_clear_error (&refused.error);
    g_free (refused.user_id);
    g_assert_cmpuint (pages, ==, 0);

    g_assert_null (cf_store_get_meta (other, "server_id"));
    g_assert_cmpint (cf_store_count (other, "SELECT COUNT(*) FROM staff"), ==, 1);
    sync_desktop (&f->b);
    g_assert_cmpint (cf_test_query_integer (f->b.store,
                                            "SELECT COUNT(*) FROM staff WHERE employee_no = ?",
                                            "7001"), ==, 0);
    g_clear_object (&session);
    g_clear_object (&other);
    cf_test_remove_tree (other_folder);
  }

  g_clear_object (&store);
  cf_test_remove_tree (folder);
}

static void
apply_step (Desktop   *desktop,
            GPtrArray *ops,
            GError    *build_error)
{
  g_autoptr (GPtrArray) owned = ops;
  g_autoptr (GError) error = build_error;

  g_assert_no_error (error);
  g_assert_true (cf_store_apply (desktop->store, desktop->user_id, (CfOp * const *) ops->pdata,
                                 ops->len, &error));
  g_assert_no_error (error);
}

static char *
timeline (Desktop    *desktop,
          const char *escalation_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = cf_escalation_list_entries (desktop->store, escalation_id,
                                                              &error);
  g_autoptr (GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    g_string_append_printf (text, "%s %s %s\n",
                            json_object_get_string_member (entries->pdata[i], "id"),
                            json_object_get_string_member (entries->pdata[i], "type"),
                            json_object_get_string_member (entries->pdata[i], "text"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Entries added to the same escalation on two desktops while offline are
 * both kept — appended, never a conflict — and both desktops show the
 * timeline in the same order.
 */
static void
test_escalation_entries_meet (Fixture       *f,
                              gconstpointer  data)
{
  CfEscalationReport report = {
    "consumer_council", "customer_complaint", "urgent", "CUST-7", NULL,
    "Technician did not come", "Complaint forwarded by the consumer council",
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) raise = cf_escalation_raise (f->a.store, f->a.user_id, &report, NULL,
                                                     NULL, &error);
  g_autofree char *id = NULL;
  g_autofree char *on_a = NULL;
  g_autofree char *on_b = NULL;

  g_assert_no_error (error);
  id = g_strdup (cf_op_get_record_id (raise->pdata[0]));
  apply_step (&f->a, g_steal_pointer (&raise), NULL);
  sync_desktop (&f->a);
  sync_desktop (&f->b);

  apply_step (&f->a, cf_escalation_add_note (f->a.store, f->a.user_id, id,
                                             "Customer called again at 10:05", &error), NULL);
  apply_step (&f->b, cf_escalation_record_instruction (f->b.store, f->b.user_id, id,
                                                       f->b.user_id, "Send the duty technician now",
                                                       &error), NULL);
  apply_step (&f->a, cf_escalation_propose (f->a.store, f->a.user_id, id,
                                            "Waive the visit fee", &error), NULL);
  sync_desktop (&f->a);
  sync_desktop (&f->b);
  sync_desktop (&f->a);

  on_a = timeline (&f->a, id);
  on_b = timeline (&f->b, id);
  g_assert_cmpstr (on_a, ==, on_b);
  g_assert_cmpint (cf_store_count (f->a.store, "SELECT COUNT(*) FROM escalation_entry"), ==, 4);
  g_assert_nonnull (strstr (on_a, "Send the duty technician now"));
  g_assert_nonnull (strstr (on_a, "Customer called again at 10:05"));
  g_assert_cmpuint (cf_replica_count_conflicts (f->a.store), ==, 0);
  g_assert_cmpuint (cf_replica_count_pending (f->a.store), ==, 0);
  g_assert_cmpuint (cf_replica_count_pending (f->b.store), ==, 0);
  g_assert_cmpint (cf_store_count (f->b.store, "SELECT COUNT(*) FROM escalation_entry "
                                               "WHERE rev = 0"), ==, 0);
}

/* Two desktops act on the same escalation offline: A acknowledges and
 * resolves it, B acknowledges it and adds a note. The server takes A's
 * steps and refuses B's acknowledgement — the entry and the status it
 * set — and B shows the refusal, the server's state, its note, and
 * nothing pending; B can go on working the case.
 */
static void
test_escalation_step_refused (Fixture       *f,
                              gconstpointer  data)
{
  CfEscalationReport report = {
    "hotline", "customer_complaint", "normal", NULL, NULL, "Line dead since Monday", NULL,
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) raise = cf_escalation_raise (f->a.store, f->a.user_id, &report, NULL,
                                                     NULL, &error);
  g_autoptr (GPtrArray) refused = NULL;
  g_autofree char *id = NULL;
  g_autofree char *status = NULL;
  g_autofree char *on_a = NULL;
  g_autofree char *on_b = NULL;

  g_assert_no_error (error);
  id = g_strdup (cf_op_get_record_id (raise->pdata[0]));
  apply_step (&f->a, g_steal_pointer (&raise), NULL);
  sync_desktop (&f->a);
  sync_desktop (&f->b);

  apply_step (&f->a, cf_escalation_acknowledge (f->a.store, f->a.user_id, id, &error), NULL);
  apply_step (&f->a, cf_escalation_resolve (f->a.store, f->a.user_id, id, "Line repaired", NULL,
                                            &error), NULL);
  apply_step (&f->b, cf_escalation_acknowledge (f->b.store, f->b.user_id, id, &error), NULL);
  apply_step (&f->b, cf_escalation_add_note (f->b.store, f->b.user_id, id,
                                             "Customer asks for a credit", &error), NULL);
  sync_desktop (&f->a);
  sync_desktop (&f->b);
  sync_desktop (&f->a);

  status = cf_test_record_string (f->b.store, "escalation", id, "status");
  g_assert_cmpstr (status, ==, "resolved");
  g_assert_cmpuint (cf_replica_count_pending (f->b.store), ==, 0);
  refused = cf_replica_list_refused (f->b.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refused->len, ==, 2);
  for (guint i = 0; i < refused->len; i++)
    g_assert_nonnull (strstr (json_object_get_string_member (refused->pdata[i], "result"),
                              "\"invalid\""));
  on_a = timeline (&f->a, id);
  on_b = timeline (&f->b, id);
  g_assert_cmpstr (on_a, ==, on_b);
  g_assert_nonnull (strstr (on_b, "Customer asks for a credit"));
  g_assert_cmpint (cf_test_query_integer (f->b.store, "SELECT COUNT(*) FROM escalation_entry "
                                                      "WHERE escalation = ? AND deleted = 0 AND "
                                                      "type = 'acknowledged'", id), ==, 1);

  /* Nothing is wedged: B closes the case, and the server takes it. */
  apply_step (&f->b, cf_escalation_close (f->b.store, f->b.user_id, id, &error), NULL);
  sync_desktop (&f->b);
  sync_desktop (&f->a);
  g_clear_pointer (&status, g_free);
  status = cf_test_record_string (f->a.store, "escalation", id, "status");
  g_assert_cmpstr (status, ==, "closed");
  g_assert_cmpuint (cf_replica_count_pending (f->b.store), ==, 0);
}

#define LEAD_PASSWORD "lead on duty 2026"

static void
digest_of_sheet (guint8 digest[CF_SIGNING_DIGEST_BYTES])
{
  g_autoptr (JsonNode) sheet = json_from_string ("{\"shift\": \"early\", \"handed_over\": "
                                                 "[\"Line 3 headset\"]}", NULL);
  g_autofree char *canonical = cf_signing_canonical_json (sheet);

  cf_signing_digest (canonical, digest);
}

/* Signing keys */

/* What the server's sign-in answer holds of the user's signing keys (the
 * sealed one for its owner only, once the password is checked).
 */
static void
server_sign_in_keys (Fixture     *f,
                     const char  *login,
                     const char  *password,
                     char       **public_key,
                     char       **sealed)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/v1/auth/login", f->port);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr (JsonNode) reply = NULL;
  g_autoptr (GBytes) request = NULL;
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *device_id = cf_uuid_new_v7 ();
  JsonObject *user;
  const char *data;
  gsize length;

  /* What the sync engine sends; the names here need no escaping. */
  text = g_strdup_printf ("{\"login\": \"%s\", \"password\": \"%s\", \"device_id\": \"%s\"}",
                          login, password, device_id);
  request = g_bytes_new (text, strlen (text));
  soup_message_set_request_body_from_bytes (msg, "application/json", request);

  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  data = g_bytes_get_data (answer, &length);
  reply = cf_sync_parse (data, length, &error);
  g_assert_no_error (error);
  user = json_object_get_object_member (json_node_get_object (reply), "user");
  *public_key = g_strdup (json_object_get_string_member_with_default (user, "public_key", NULL));
  *sealed = g_strdup (json_object_get_string_member_with_default (user, "sealed_secret_key",
                                                                  NULL));
}

/* A shift lead's keys, made when they sign in on desktop A, reach the
 * server as their own change; at desktop B, after a pull and a sign-in at
 * the server, the lead signs with the same key, and A verifies it.
 */
static void
test_signing_keys_travel (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr (JsonObject) staff = json_object_new ();
  g_autoptr (JsonObject) user = json_object_new ();
  g_autoptr (CfSession) session_a = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *staff_id = NULL;
  g_autofree char *lead_id = NULL;
  g_autofree char *public_key_a = NULL;
  g_autofree char *public_key_b = NULL;
  g_autofree char *server_public_key = NULL;
  g_autofree char *server_sealed = NULL;
  g_autofree char *sealed_in_feed = NULL;
  g_autofree char *signature = NULL;
  guint8 digest[CF_SIGNING_DIGEST_BYTES];
  Outcome outcome = { 0 };
  char *refused = NULL;

  /* An account made without keys (as before keys existed). */
  json_object_set_string_member (staff, "employee_no", "3100");
  json_object_set_string_member (staff, "name", "Lee Lead");
  json_object_set_string_member (staff, "role", "shift_lead");
  staff_id = cf_test_create_record (f->a.store, f->a.user_id, "staff", staff);
  json_object_set_string_member (user, "staff", staff_id);
  json_object_set_string_member (user, "login", "lee");
  json_object_set_string_member (user, "password_hash", cf_test_password_hash (LEAD_PASSWORD));
  lead_id = cf_test_create_record (f->a.store, f->a.user_id, "user", user);
  sync_desktop (&f->a);
  server_sign_in_keys (f, "lee", LEAD_PASSWORD, &server_public_key, &server_sealed);
  g_assert_null (server_public_key);
  g_assert_null (server_sealed);

  /* The lead signs in on A: keys are made there, and go to the server
   * with the lead's own session.
   */
  session_a = cf_session_new (f->a.store);
  g_assert_true (cf_session_sign_in (session_a, "lee", LEAD_PASSWORD, &error));
  g_assert_no_error (error);
  public_key_a = cf_test_query_text (f->a.store, "SELECT public_key FROM app_user WHERE id = ?",
                                     lead_id);
  g_assert_cmpuint (strlen (public_key_a), ==, CF_SIGNING_PUBLIC_KEY_CHARS);
  cf_test_engine_sign_in (f->a.engine, "lee", LEAD_PASSWORD, &outcome, CF_TEST_OUTCOME_SECONDS);
  g_assert_no_error (outcome.error);
  cf_test_outcome_clear (&outcome);
  sync_desktop (&f->a);
  g_assert_cmpuint (cf_replica_count_pending (f->a.store), ==, 0);

  /* B pulls the public key, never the sealed one. */
  sync_desktop (&f->b);
  public_key_b = cf_test_query_text (f->b.store, "SELECT public_key FROM app_user WHERE id = ?",
                                     lead_id);
  g_assert_cmpstr (public_key_b, ==, public_key_a);
  sealed_in_feed = cf_test_query_text (f->b.store,
                                       "SELECT COALESCE (sealed_secret_key, '') FROM app_user "
                                       "WHERE id = ?", lead_id);
  g_assert_cmpstr (sealed_in_feed, ==, "");
  digest_of_sheet (digest);
  g_assert_false (cf_signing_sign (f->b.store, lead_id, LEAD_PASSWORD, digest, &refused, &error));
  g_assert_error (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_NO_KEY);
  g_clear_error (&error);

  /* The lead signs in at the server from B: the answer holds their keys. */
  server_sign_in_keys (f, "lee", LEAD_PASSWORD, &server_public_key, &server_sealed);
  g_assert_cmpstr (server_public_key, ==, public_key_a);
  g_assert_true (cf_signing_install_keys (f->b.store, lead_id, server_public_key, server_sealed,
                                          &error));
  g_assert_no_error (error);
  g_assert_false (cf_signing_sign (f->b.store, lead_id, PASSWORD, digest, &refused, &error));
  g_assert_error (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_PASSWORD);
  g_clear_error (&error);
  g_assert_true (cf_signing_sign (f->b.store, lead_id, LEAD_PASSWORD, digest, &signature,
                                  &error));
  g_assert_no_error (error);

  /* A verifies B's signature with the key it made. */
  g_assert_true (cf_signing_verify (f->a.store, lead_id, digest, signature, &error));
  g_assert_no_error (error);
  digest[0] ^= 1;
  g_assert_false (cf_signing_verify (f->a.store, lead_id, digest, signature, &error));
  g_assert_error (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_MISMATCH);
}

/* Handover */

#define IN_PASSWORD "incoming lead 2026"

/* A shift lead with signing keys, made by the supervisor on @desktop. */
static char *
add_lead (Desktop    *desktop,
          const char *employee_no,
          const char *login,
          const char *password)
{
  g_autoptr (JsonObject) staff = json_object_new ();
  g_autoptr (JsonObject) user = json_object_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *staff_id = NULL;

  json_object_set_string_member (staff, "employee_no", employee_no);
  json_object_set_string_member (staff, "name", login);
  json_object_set_string_member (staff, "role", "shift_lead");
  staff_id = cf_test_create_record (desktop->store, desktop->user_id, "staff", staff);
  json_object_set_string_member (user, "staff", staff_id);
  json_object_set_string_member (user, "login", login);
  json_object_set_string_member (user, "password_hash", cf_test_password_hash (password));
  g_assert_true (cf_signing_add_keys (user, password, &error));
  g_assert_no_error (error);

  return cf_test_create_record (desktop->store, desktop->user_id, "user", user);
}

/* @login signs in on @desktop's engine, keeps the keys the server hands
 * over, and makes the desktop's changes from now on.
 */
static void
switch_user (Desktop    *desktop,
             const char *login,
             const char *password,
             const char *user_id)
{
  g_autoptr (GError) error = NULL;
  Outcome outcome = { 0 };
  const char *public_key = NULL;
  const char *sealed_key = NULL;

  cf_test_engine_sign_in (desktop->engine, login, password, &outcome, CF_TEST_OUTCOME_SECONDS);
  g_assert_no_error (outcome.error);
  cf_test_outcome_clear (&outcome);
  cf_sync_engine_get_signing_keys (desktop->engine, &public_key, &sealed_key);
  g_assert_nonnull (sealed_key);
  g_assert_true (cf_signing_install_keys (desktop->store, user_id, public_key, sealed_key,
                                          &error));
  g_assert_no_error (error);
  g_free (desktop->user_id);
  desktop->user_id = g_strdup (user_id);
}

static void
assert_sealed_and_verifies (Desktop    *desktop,
                            const char *sheet_id)
{
  g_auto (CfHandoverCheck) check = { 0 };
  g_autoptr (GError) error = NULL;

  g_assert_true (cf_handover_verify (desktop->store, sheet_id, &check, &error));
  g_assert_no_error (error);
  g_assert_true (check.sealed);
  g_assert_cmpint (check.problems, ==, 0);
  g_assert_null (check.message);
}

/* The outgoing lead signs a sheet out on desktop A; the incoming lead, on
 * a new desktop where they are the first to sign in, countersigns it, which
 * seals it. A change A made to it meanwhile, offline, is refused by the
 * server as immutable; A then shows the sheet sealed, and it verifies on
 * every desktop.
 */
static void
test_handover_signed_across_desktops (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out_id = add_lead (&f->a, "3200", "olga", LEAD_PASSWORD);
  g_autofree char *in_id = add_lead (&f->a, "3201", "ivan", IN_PASSWORD);
  g_autofree char *early = cf_test_query_text (f->a.store,
                                               "SELECT id FROM shift_type WHERE code = ?", "E");
  g_autofree char *late = cf_test_query_text (f->a.store,
                                              "SELECT id FROM shift_type WHERE code = ?", "L");
  g_autofree char *content = NULL;
  g_autofree char *sheet_id = NULL;
  g_autofree char *status = NULL;
  g_autofree char *remarks = NULL;
  g_autoptr (GPtrArray) sheet = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  Desktop incoming = { 0 };

  sync_desktop (&f->a);
  switch_user (&f->a, "olga", LEAD_PASSWORD, out_id);
  content = cf_handover_prefill (f->a.store, "2026-03-02", early, &error);
  g_assert_no_error (error);
  g_ptr_array_add (sheet, cf_handover_new_sheet ("2026-03-02", early, late, out_id, in_id,
                                                 content));
  sheet_id = g_strdup (cf_op_get_record_id (sheet->pdata[0]));
  apply_step (&f->a, g_steal_pointer (&sheet), NULL);
  apply_step (&f->a, cf_handover_sign_out (f->a.store, out_id, sheet_id, LEAD_PASSWORD, &error),
              NULL);
  sync_desktop (&f->a);

  /* The incoming lead is the first to sign in on a new desktop: the
   * accounts, with the outgoing lead's public key, reach it.
   */
  desktop_set_up_as (f, &incoming, "ivan", IN_PASSWORD);
  switch_user (&incoming, "ivan", IN_PASSWORD, in_id);
  apply_step (&incoming, cf_handover_countersign (incoming.store, in_id, sheet_id, IN_PASSWORD,
                                                  "Read; the printer ticket is mine now.",
                                                  &error),
              NULL);
  sync_desktop (&incoming);
  g_assert_cmpuint (cf_replica_count_pending (incoming.store), ==, 0);
  assert_sealed_and_verifies (&incoming, sheet_id);
  desktop_tear_down (&incoming);
  sync_desktop (&f->b);
  assert_sealed_and_verifies (&f->b, sheet_id);

  /* A, not having pulled yet, edits its signed-out copy. */
  apply_step (&f->a, cf_handover_edit_content (f->a.store, sheet_id,
                                               "{\"business\":[],\"equipment\":[],"
                                               "\"instructions\":[],\"other\":[],"
                                               "\"staffing\":[],\"unfinished\":[]}", &error),
              NULL);
  sync_desktop (&f->a);
  status = cf_test_record_string (f->a.store, "handover_sheet", sheet_id, "status");
  g_assert_cmpstr (status, ==, "sealed");
  remarks = cf_test_record_string (f->a.store, "handover_sheet", sheet_id, "incoming_remarks");
  g_assert_cmpstr (remarks, ==, "Read; the printer ticket is mine now.");
  g_assert_cmpint (cf_test_query_integer (f->a.store,
                                          "SELECT COUNT(*) FROM op_log WHERE kind = ? "
                                          "AND sync_status = 'rejected'", "handover_sheet"), ==, 1);
  g_assert_cmpuint (cf_replica_count_pending (f->a.store), ==, 0);
  assert_sealed_and_verifies (&f->a, sheet_id);
}

/* The supervisor gives the handover countersignature 45 minutes on A; B
 * receives it, and a patch of the policy without the field, as an older
 * desktop sends it, keeps it on every desktop and on the server.
 */
static void
test_countersign_minutes_travel (Fixture       *f,
                                 gconstpointer  data)
{
  CfEscalationPolicy policy = CF_ESCALATION_POLICY_DEFAULT;
  CfEscalationPolicy stored = { 0 };
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (CfStore) server = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *policy_id = NULL;
  GPtrArray *patch = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);

  policy.countersign_minutes = 45;
  apply_step (&f->a, cf_escalation_policy_save (f->a.store, f->a.user_id, &policy, &error), NULL);
  sync_desktop (&f->a);
  sync_desktop (&f->b);
  g_assert_true (cf_escalation_policy_load (f->b.store, &stored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stored.countersign_minutes, ==, 45);

  policy_id = cf_test_query_text (f->b.store, "SELECT id FROM escalation_policy", NULL);
  json_object_set_int_member (set, "due_normal", 12 * 60);
  g_ptr_array_add (patch, cf_op_new_patch ("escalation_policy", policy_id, set));
  apply_step (&f->b, patch, NULL);
  sync_desktop (&f->b);
  sync_desktop (&f->a);
  g_assert_true (cf_escalation_policy_load (f->a.store, &stored, &error));
  g_assert_cmpuint (stored.due_times.minutes[CF_ESCALATION_SEVERITY_NORMAL], ==, 12 * 60);
  g_assert_cmpuint (stored.countersign_minutes, ==, 45);

  server = cf_store_open (f->database, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_store_count (server, "SELECT countersign_minutes FROM escalation_policy"),
                   ==, 45);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sync/first-pull", test_first_pull);
  ADD ("/sync/create-travels", test_create_travels);
  ADD ("/sync/disjoint-fields-merge", test_disjoint_fields_merge);
  ADD ("/sync/same-field-conflicts", test_same_field_conflicts);
  ADD ("/sync/refused-change-reverts", test_refused_change_reverts);
  ADD ("/sync/roster-slot", test_roster_slot);
  ADD ("/sync/server-crash", test_server_crash);
  ADD ("/sync/poke", test_poke);
  ADD ("/sync/refuses-foreign-databases", test_refuses_foreign_databases);
  ADD ("/sync/attach-standalone", test_attach_standalone);
  ADD ("/sync/escalation-entries-meet", test_escalation_entries_meet);
  ADD ("/sync/escalation-step-refused", test_escalation_step_refused);
  ADD ("/sync/signing-keys-travel", test_signing_keys_travel);
  ADD ("/sync/handover-signed-across-desktops", test_handover_signed_across_desktops);
  ADD ("/sync/countersign-minutes-travel", test_countersign_minutes_travel);

#undef ADD

  return g_test_run ();
}
