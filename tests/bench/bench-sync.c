/* bench-sync.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sync against the real callfloor-server on 127.0.0.1, printed as
 * “key value unit” lines:
 *
 *   bench-sync [--ops N] [--changes N] [--seconds N] [--clients N] [--only NAME]
 *              SERVER WORK_FOLDER
 *
 * - throughput: a desktop with --ops pending staff creates (made in one
 *   transaction with cf_store_apply ()) pushes them through the sync engine,
 *   500 ops a request → ops/s; then a second, empty desktop pulls every
 *   record → records/s. Next to them, in the same folder, the raw SQLite
 *   rate: a prepared INSERT of as many rows like a staff member's in one
 *   transaction, WAL, synchronous=FULL (as the server) and NORMAL (as a
 *   desktop). 100,000 ops by default, as the issue asks;
 * - latency: desktops A and B with their engines started, B live; patches
 *   made on A one after another, each timed until B's store has it. First
 *   with A's engine running, which waits 300 ms after a local change before
 *   pushing (PUSH_DELAY_MS), then with A pushing at once
 *   (cf_sync_engine_sync_async ()), which also times the server's poke
 *   (sent right after the commit, heard on a live connection of the
 *   bench's own) → visible on B. Each stops after --changes changes or
 *   --seconds seconds;
 * - memory: the server's VmRSS and VmHWM with --clients idle live
 *   connections, then after 200 requests refused from their headers (413,
 *   Content-Length 50 MB) and 50 clients that stop half-way through their
 *   headers until the server cuts them off (socket-timeout-seconds=2).
 *
 * Figures, not assertions. Every server started here dies with the bench
 * (PR_SET_PDEATHSIG) and is stopped at the end; every wait has a deadline.
 */

#define G_LOG_DOMAIN "cf-bench-sync"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "cf-op.h"
#include "cf-replica.h"
#include "cf-session.h"
#include "cf-store.h"
#include "cf-sync-engine.h"
#include "cf-uuid.h"

#define LOGIN    "boss"
#define PASSWORD "floor-boss-2026"

/* Deadlines, in seconds */
#define SIGN_IN_SECONDS   60
#define TRANSFER_SECONDS  600
#define CHANGE_SECONDS    10
#define SETTLE_SECONDS    30

/* What the memory benchmark sends */
#define OVERSIZED_LENGTH  (50 * 1000 * 1000)
#define SLOW_WAIT_SECONDS 10

static int n_ops = 100000;
static int n_changes = 1000;
static int n_seconds = 60;
static int n_clients = 200;
static int n_oversized = 200;
static int n_slow = 50;
static char *only;

static const GOptionEntry option_entries[] = {
  { "ops", 0, 0, G_OPTION_ARG_INT, &n_ops, "Staff creates to push and pull", "N" },
  { "changes", 0, 0, G_OPTION_ARG_INT, &n_changes, "Changes to time, for each latency", "N" },
  { "seconds", 0, 0, G_OPTION_ARG_INT, &n_seconds, "Longest time for each latency", "N" },
  { "clients", 0, 0, G_OPTION_ARG_INT, &n_clients, "Live connections held open", "N" },
  { "only", 0, 0, G_OPTION_ARG_STRING, &only,
    "Run only this benchmark: throughput, latency or memory", "NAME" },
  { NULL }
};

static const char * const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
};

static const char * const given_names[] = {
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
};

/* The server program, this run's folder, and the database (one supervisor)
 * every server starts from.
 */
static const char *server_program;
static char *bench_dir;
static GBytes *server_template;

typedef struct
{
  GSubprocess *process;
  char        *folder;
  char        *url;
  guint        port;
  gboolean     exited;
} Server;

typedef struct
{
  char         *folder;
  CfStore      *store;
  CfSyncEngine *engine;
  char         *user_id;
} Desktop;

typedef struct
{
  gboolean  done;
  gboolean  ok;
  char     *user_id;
  GBytes   *bytes;
  GError   *error;
} Outcome;

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The nearest-rank percentile; sorts @values. */
static double
percentile (double *values,
            guint   n,
            guint   percent)
{
  guint rank;

  g_assert (n > 0);

  qsort (values, n, sizeof (double), compare_doubles);
  rank = (n * percent + 99) / 100;
  return values[CLAMP (rank, 1, n) - 1];
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }

  g_remove (path);
}

/* Servers still running die with the bench (PR_SET_PDEATHSIG). */
static G_GNUC_NORETURN void
die (const char   *what,
     const GError *error)
{
  g_printerr ("bench-sync: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (EXIT_FAILURE);
}

static char *
make_folder (const char *name)
{
  char *folder = g_build_filename (bench_dir, name, NULL);

  if (g_mkdir (folder, 0700) != 0)
    die ("cannot make a folder", NULL);

  return folder;
}

/* The main loop ------------------------------------------------------------ */

static gboolean
on_wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @condition holds, or for @seconds at most. */
static gboolean
iterate_until (gboolean (*condition) (gpointer),
               gpointer   data,
               double     seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint wake_id = g_timeout_add (10, on_wake_cb, NULL);
  gboolean met;

  while (!(met = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_id);

  return met;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
outcome_done (gpointer data)
{
  return ((Outcome *) data)->done;
}

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->user_id, g_free);
  g_clear_pointer (&outcome->bytes, g_bytes_unref);
  g_clear_error (&outcome->error);
}

/* An async call that has not reported by the deadline still holds the
 * outcome: the bench cannot go on.
 */
static void
wait_for_outcome (Outcome    *outcome,
                  double      seconds,
                  const char *what)
{
  if (!iterate_until (outcome_done, outcome, seconds))
    {
      g_autofree char *message = g_strdup_printf ("%s did not finish within %.0f s", what, seconds);

      die (message, NULL);
    }
}

static void
on_signed_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->user_id = cf_sync_engine_sign_in_finish (CF_SYNC_ENGINE (object), result,
                                                    &outcome->error);
  outcome->ok = outcome->user_id != NULL;
  outcome->done = TRUE;
}

static void
on_synced_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = cf_sync_engine_sync_finish (CF_SYNC_ENGINE (object), result, &outcome->error);
  outcome->done = TRUE;
}

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result,
                                                      &outcome->error);
  outcome->ok = outcome->bytes != NULL;
  outcome->done = TRUE;
}

/* Servers ------------------------------------------------------------------ */

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Makes the database every server starts from: its first supervisor. */
static void
make_server_template (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autoptr (CfSession) session = NULL;
  g_autofree char *folder = make_folder ("template");
  g_autofree char *path = g_build_filename (folder, "server.db", NULL);
  char *contents = NULL;
  gsize length = 0;

  store = cf_store_open (path, CF_STORE_FLAGS_DURABLE, &error);
  if (store == NULL)
    die ("cannot make the server's database", error);
  session = cf_session_new (store);
  if (!cf_session_create_first_supervisor (session, "王芳", "0001", LOGIN, PASSWORD, &error))
    die ("cannot make the first supervisor", error);

  /* Closing checkpoints the WAL into the file. */
  g_clear_object (&session);
  g_clear_object (&store);
  if (!g_file_get_contents (path, &contents, &length, &error))
    die ("cannot read the server's database", error);
  server_template = g_bytes_new_take (contents, length);
  remove_tree (folder);
}

/* Starts callfloor-server on a copy of the template, on an ephemeral port
 * of 127.0.0.1, and returns once it listens (it prints its port then).
 */
static Server *
server_start (const char *name,
              const char *extra_config)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GDataInputStream) output = NULL;
  g_autofree char *database = NULL;
  g_autofree char *config = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *log = NULL;
  g_autofree char *line = NULL;
  Server *server = g_new0 (Server, 1);

  server->folder = make_folder (name);
  database = g_build_filename (server->folder, "server.db", NULL);
  config = g_build_filename (server->folder, "server.conf", NULL);
  log = g_build_filename (server->folder, "server.log", NULL);
  contents = g_strdup_printf ("[server]\nlisten=127.0.0.1:0\n%s",
                              extra_config != NULL ? extra_config : "");
  if (!g_file_set_contents (database, g_bytes_get_data (server_template, NULL),
                            g_bytes_get_size (server_template), &error) ||
      !g_file_set_contents (config, contents, -1, &error))
    die ("cannot prepare the server", error);

  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawn (launcher, &error, server_program,
                                                 "--config", config, "--database", database,
                                                 "--print-port", NULL);
  if (server->process == NULL)
    die ("cannot start the server", error);

  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (output), FALSE);
  line = g_data_input_stream_read_line (output, NULL, NULL, &error);
  if (line != NULL)
    server->port = (guint) g_ascii_strtoull (line, NULL, 10);
  if (server->port == 0)
    {
      g_autofree char *text = NULL;

      if (g_file_get_contents (log, &text, NULL, NULL))
        g_printerr ("%s", text);
      die ("the server did not start", error);
    }
  server->url = g_strdup_printf ("http://127.0.0.1:%u", server->port);

  return server;
}

static void
on_server_exited_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Server *server = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  server->exited = TRUE;
}

/* SIGTERM, then SIGKILL if it has not stopped within ten seconds. */
static void
server_stop (Server *server)
{
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait_async (server->process, NULL, on_server_exited_cb, server);
  if (!iterate_until (flag_is_set, &server->exited, 10))
    {
      g_printerr ("bench-sync: the server did not stop on SIGTERM; killing it\n");
      g_subprocess_force_exit (server->process);
      if (!iterate_until (flag_is_set, &server->exited, 30))
        die ("the server does not stop", NULL);
    }

  g_clear_object (&server->process);
  g_free (server->folder);
  g_free (server->url);
  g_free (server);
}

/* A field of /proc/PID/status in kB, such as "VmRSS"; -1 if unknown. */
static gint64
server_status_kb (Server     *server,
                  const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status",
                                           g_subprocess_get_identifier (server->process));
  g_autofree char *text = NULL;
  g_autofree char *key = g_strconcat ("\n", field, ":", NULL);
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (line = strstr (text, key)) == NULL)
    return -1;

  return g_ascii_strtoll (line + strlen (key), NULL, 10);
}

/* Desktops ----------------------------------------------------------------- */

/* A new, empty desktop database with its engine, signed in but not synced. */
static Desktop *
desktop_new (Server     *server,
             const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  Desktop *desktop = g_new0 (Desktop, 1);
  Outcome outcome = { 0 };

  desktop->folder = make_folder (name);
  path = g_build_filename (desktop->folder, "callfloor.db", NULL);
  desktop->store = cf_store_open (path, CF_STORE_FLAGS_NONE, &error);
  if (desktop->store == NULL)
    die ("cannot open a desktop's database", error);
  desktop->engine = cf_sync_engine_new (desktop->store, server->url);

  cf_sync_engine_sign_in_async (desktop->engine, LOGIN, PASSWORD, NULL, on_signed_in_cb, &outcome);
  wait_for_outcome (&outcome, SIGN_IN_SECONDS, "a sign-in");
  if (!outcome.ok)
    die ("cannot sign in", outcome.error);
  desktop->user_id = g_steal_pointer (&outcome.user_id);
  outcome_clear (&outcome);

  return desktop;
}

static void
desktop_free (Desktop *desktop)
{
  g_clear_object (&desktop->engine);
  g_clear_object (&desktop->store);
  remove_tree (desktop->folder);
  g_free (desktop->folder);
  g_free (desktop->user_id);
  g_free (desktop);
}

static void
desktop_sync (Desktop *desktop)
{
  Outcome outcome = { 0 };

  cf_sync_engine_sync_async (desktop->engine, NULL, on_synced_cb, &outcome);
  wait_for_outcome (&outcome, TRANSFER_SECONDS, "a sync");
  if (!outcome.ok)
    die ("cannot sync", outcome.error);
  outcome_clear (&outcome);
}

static void
patch_phone (Desktop    *desktop,
             const char *staff_id,
             const char *phone)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (CfOp) op = NULL;

  json_object_set_string_member (set, "phone", phone);
  op = cf_op_new_patch ("staff", staff_id, set);
  if (!cf_store_apply (desktop->store, desktop->user_id, &op, 1, &error))
    die ("cannot apply a patch", error);
}

static CfOp *
new_staff_op (guint i)
{
  g_autoptr (JsonObject) values = json_object_new ();
  g_autofree char *employee_no = g_strdup_printf ("B%06u", i);
  g_autofree char *name = g_strconcat (surnames[i % G_N_ELEMENTS (surnames)],
                                       given_names[(i / 7) % G_N_ELEMENTS (given_names)], NULL);
  g_autofree char *phone = g_strdup_printf ("8%04u", i % 10000);

  json_object_set_string_member (values, "employee_no", employee_no);
  json_object_set_string_member (values, "name", name);
  json_object_set_string_member (values, "role", "agent");
  json_object_set_string_member (values, "phone", phone);

  return cf_op_new_create ("staff", values);
}

/* Throughput --------------------------------------------------------------- */

typedef struct
{
  CfStore      *store;
  GCancellable *cancellable;
  gint64        done_at;
} PushWatch;

/* The sync pulls once its pushes are answered: the push is over when no op
 * is pending. The pull that follows (the desktop's own records coming
 * back) is not part of the figure, and is cancelled. The ops go up in
 * order, so the newest are looked at first: cf_replica_count_pending ()
 * reads the whole op log, which would slow down the push it watches.
 */
static gboolean
on_push_watch_cb (gpointer user_data)
{
  PushWatch *watch = user_data;

  if (cf_store_count (watch->store,
                      "SELECT COUNT(*) FROM (SELECT 1 FROM op_log WHERE pushed = 0 "
                      "AND author <> '" CF_SYSTEM_AUTHOR "' ORDER BY device_seq DESC LIMIT 1)") > 0)
    return G_SOURCE_CONTINUE;

  watch->done_at = g_get_monotonic_time ();
  g_cancellable_cancel (watch->cancellable);
  return G_SOURCE_REMOVE;
}

/* Rows like a staff member's, through a prepared INSERT in one transaction. */
static double
bench_sqlite_insert (const char  *name,
                     const char  *synchronous,
                     char       **ids)
{
  g_autofree char *path = g_build_filename (bench_dir, name, NULL);
  g_autofree char *pragmas = g_strdup_printf ("PRAGMA journal_mode = WAL;"
                                              "PRAGMA synchronous = %s;", synchronous);
  g_autofree char *now = cf_utc_now_iso ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double ms;
  gint64 start;
  int rc;

  if (sqlite3_open (path, &db) != SQLITE_OK ||
      sqlite3_exec (db, pragmas, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (db,
                    "CREATE TABLE staff ("
                    "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0,"
                    "  created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL,"
                    "  updated_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,"
                    "  employee_no TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,"
                    "  team TEXT, active INTEGER NOT NULL DEFAULT 1, hire_date TEXT, phone TEXT"
                    ") STRICT;"
                    "CREATE UNIQUE INDEX staff_employee_no ON staff (employee_no) "
                    "  WHERE deleted = 0;"
                    "CREATE INDEX staff_team ON staff (team);",
                    NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db,
                          "INSERT INTO staff (id, rev, created_at, created_by, updated_at, "
                          "updated_by, employee_no, name, role, active, phone) "
                          "VALUES (?, 1, ?, ?, ?, ?, ?, ?, 'agent', 1, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_printerr ("bench-sync: SQLite: %s\n", sqlite3_errmsg (db));
      die ("cannot prepare the raw SQLite insert", NULL);
    }

  start = g_get_monotonic_time ();
  rc = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < (guint) n_ops; i++)
    {
      char employee_no[16];
      char phone[16];
      char full_name[32];

      g_snprintf (employee_no, sizeof employee_no, "B%06u", i);
      g_snprintf (phone, sizeof phone, "8%04u", i % 10000);
      g_snprintf (full_name, sizeof full_name, "%s%s", surnames[i % G_N_ELEMENTS (surnames)],
                  given_names[(i / 7) % G_N_ELEMENTS (given_names)]);
      sqlite3_bind_text (stmt, 1, ids[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, ids[0], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, ids[0], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, employee_no, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, full_name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 8, phone, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
      sqlite3_reset (stmt);
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  ms = elapsed_ms (start);
  if (rc != SQLITE_OK)
    {
      g_printerr ("bench-sync: SQLite: %s\n", sqlite3_errmsg (db));
      die ("the raw SQLite insert failed", NULL);
    }

  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n_ops / (ms / 1000.0);
}

static void
bench_throughput (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_auto (GStrv) ids = NULL;
  Server *server = server_start ("throughput", NULL);
  Desktop *pusher = desktop_new (server, "pusher");
  Desktop *puller = desktop_new (server, "puller");
  PushWatch watch = { pusher->store, cancellable, 0 };
  Outcome outcome = { 0 };
  double make_ms, push_ms, pull_ms, push_rate, pull_rate, full_rate, normal_rate;
  gint64 records;
  gint64 start;
  guint watch_id;

  /* The pushing desktop knows its user (the author of its ops) once synced. */
  desktop_sync (pusher);

  for (guint i = 0; i < (guint) n_ops; i++)
    g_ptr_array_add (ops, new_staff_op (i));
  start = g_get_monotonic_time ();
  if (!cf_store_apply (pusher->store, pusher->user_id, (CfOp * const *) ops->pdata, ops->len,
                       &error))
    die ("cannot make the ops to push", error);
  make_ms = elapsed_ms (start);
  g_clear_pointer (&ops, g_ptr_array_unref);
  if (cf_replica_count_pending (pusher->store) != (guint) n_ops)
    die ("the ops to push are not pending", NULL);

  start = g_get_monotonic_time ();
  cf_sync_engine_sync_async (pusher->engine, cancellable, on_synced_cb, &outcome);
  watch_id = g_timeout_add (50, on_push_watch_cb, &watch);
  wait_for_outcome (&outcome, TRANSFER_SECONDS, "the push");
  if (watch.done_at == 0)
    {
      g_clear_handle_id (&watch_id, g_source_remove);
      if (!outcome.ok)
        die ("the push failed", outcome.error);
      watch.done_at = g_get_monotonic_time ();
    }
  else if (!outcome.ok && !g_error_matches (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    die ("the push failed", outcome.error);
  outcome_clear (&outcome);
  push_ms = (watch.done_at - start) / 1000.0;

  start = g_get_monotonic_time ();
  desktop_sync (puller);
  pull_ms = elapsed_ms (start);
  records = cf_store_count (puller->store,
                            "SELECT (SELECT COUNT(*) FROM staff) + (SELECT COUNT(*) FROM team) + "
                            "(SELECT COUNT(*) FROM app_user)");
  if (cf_store_count (puller->store, "SELECT COUNT(*) FROM staff") != n_ops + 1)
    die ("the empty desktop did not receive every record", NULL);

  desktop_free (puller);
  desktop_free (pusher);
  server_stop (server);

  /* The raw rate, on the same disk. */
  ids = g_new0 (char *, n_ops + 1);
  for (guint i = 0; i < (guint) n_ops; i++)
    ids[i] = cf_uuid_new_v7 ();
  full_rate = bench_sqlite_insert ("raw-full.db", "FULL", ids);
  normal_rate = bench_sqlite_insert ("raw-normal.db", "NORMAL", ids);

  push_rate = n_ops / (push_ms / 1000.0);
  pull_rate = records / (pull_ms / 1000.0);
  g_print ("sync_ops %d ops\n", n_ops);
  g_print ("sync_make_ops %.0f ms\n", make_ms);
  g_print ("sync_push_time %.1f s\n", push_ms / 1000.0);
  g_print ("sync_push_rate %.0f ops/s\n", push_rate);
  g_print ("sync_pull_records %" G_GINT64_FORMAT " records\n", records);
  g_print ("sync_pull_time %.1f s\n", pull_ms / 1000.0);
  g_print ("sync_pull_rate %.0f records/s\n", pull_rate);
  g_print ("sqlite_insert_full %.0f rows/s\n", full_rate);
  g_print ("sqlite_insert_normal %.0f rows/s\n", normal_rate);
  g_print ("sync_push_vs_raw %.1f %%\n", 100.0 * push_rate / full_rate);
  g_print ("sync_pull_vs_raw %.1f %%\n", 100.0 * pull_rate / normal_rate);
}

/* Live connections ---------------------------------------------------------- */

/* A change awaited on desktop B: the phone number a member of staff gets,
 * when the server's poke for it came and when B's store had it.
 */
typedef struct
{
  const char *staff_id;
  char       *phone;
  gint64      poked_at;
  gint64      visible_at;
} Arrival;

/* Live connections opened by the bench itself. */
typedef struct
{
  guint      wanted;
  guint      keepalive_seconds;
  guint      connected;
  guint      failed;
  guint      hellos;
  GPtrArray *connections;
  Arrival   *arrival;
} LiveClients;

static void
on_client_message_cb (SoupWebsocketConnection *connection,
                      int                      type,
                      GBytes                  *message,
                      gpointer                 user_data)
{
  LiveClients *clients = user_data;
  gsize length;
  const char *data = g_bytes_get_data (message, &length);

  if (data == NULL)
    return;
  if (g_strstr_len (data, length, "\"hello\"") != NULL)
    clients->hellos++;
  else if (g_strstr_len (data, length, "\"poke\"") != NULL && clients->arrival != NULL &&
           clients->arrival->phone != NULL && clients->arrival->poked_at == 0)
    clients->arrival->poked_at = g_get_monotonic_time ();
}

static void
on_client_connected_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  LiveClients *clients = user_data;
  g_autoptr (GError) error = NULL;
  SoupWebsocketConnection *connection;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (connection == NULL)
    {
      if (clients->failed++ == 0)
        g_printerr ("bench-sync: a live connection failed: %s\n", error->message);
      return;
    }

  clients->connected++;
  g_signal_connect (connection, "message", G_CALLBACK (on_client_message_cb), clients);
  soup_websocket_connection_set_keepalive_interval (connection, clients->keepalive_seconds);
  g_ptr_array_add (clients->connections, connection);
}

static gboolean
clients_settled (gpointer data)
{
  LiveClients *clients = data;

  return clients->connected + clients->failed == clients->wanted;
}

/* How many of the connections are open; @close_code is set to the code of
 * one that was closed, if any.
 */
static guint
count_open_clients (LiveClients *clients,
                    gushort     *close_code)
{
  guint n_open = 0;

  for (guint i = 0; i < clients->connections->len; i++)
    {
      SoupWebsocketConnection *connection = clients->connections->pdata[i];

      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        n_open++;
      else
        *close_code = soup_websocket_connection_get_close_code (connection);
    }

  return n_open;
}

static void
close_clients (LiveClients *clients)
{
  for (guint i = 0; i < clients->connections->len; i++)
    {
      SoupWebsocketConnection *connection = clients->connections->pdata[i];

      g_signal_handlers_disconnect_by_data (connection, clients);
      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    }
  iterate_until (never, NULL, 0.5);
  g_clear_pointer (&clients->connections, g_ptr_array_unref);
}

/* One sign-in, whose token the bench's live connections use. */
static char *
sign_in_for_token (SoupSession *session,
                   Server      *server)
{
  g_autofree char *uri = g_strconcat (server->url, "/v1/auth/login", NULL);
  g_autofree char *device_id = cf_uuid_new_v7 ();
  g_autofree char *body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"%s\","
                                           "\"device_id\":\"%s\"}", LOGIN, PASSWORD, device_id);
  g_autoptr (GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr (JsonNode) reply = NULL;
  g_autoptr (GError) error = NULL;
  Outcome outcome = { 0 };
  const char *token = NULL;
  char *result;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_sent_cb, &outcome);
  wait_for_outcome (&outcome, SIGN_IN_SECONDS, "a sign-in");
  if (!outcome.ok)
    die ("cannot sign in", outcome.error);

  reply = json_from_string (g_bytes_get_data (outcome.bytes, NULL) != NULL
                              ? g_bytes_get_data (outcome.bytes, NULL) : "", &error);
  if (reply != NULL && JSON_NODE_HOLDS_OBJECT (reply))
    token = json_object_get_string_member_with_default (json_node_get_object (reply), "token",
                                                        NULL);
  if (soup_message_get_status (msg) != SOUP_STATUS_OK || token == NULL)
    die ("the server refused the sign-in", error);
  result = g_strdup (token);
  outcome_clear (&outcome);

  return result;
}

/* Opens clients->wanted live connections at once, with @token, and waits
 * until each has opened or failed.
 */
static void
open_clients (LiveClients *clients,
              SoupSession *session,
              Server      *server,
              const char  *token)
{
  g_autofree char *header = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *uri = g_strconcat (server->url, "/v1/live", NULL);

  clients->connections = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < clients->wanted; i++)
    {
      g_autoptr (SoupMessage) msg = soup_message_new ("GET", uri);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    header);
      soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                            on_client_connected_cb, clients);
    }
  if (!iterate_until (clients_settled, clients, 60))
    die ("the live connections did not open within 60 s", NULL);
}

/* Latency ------------------------------------------------------------------ */

static void
on_receiver_changed_cb (CfStore            *store,
                        const char         *kind,
                        const char * const *ids,
                        gpointer            user_data)
{
  Arrival *arrival = user_data;
  g_autoptr (JsonObject) record = NULL;

  if (arrival->phone == NULL || arrival->visible_at != 0 || !g_str_equal (kind, "staff") ||
      !g_strv_contains (ids, arrival->staff_id))
    return;

  record = cf_store_get_record (store, "staff", arrival->staff_id, NULL);
  if (record != NULL &&
      g_strcmp0 (json_object_get_string_member_with_default (record, "phone", NULL),
                 arrival->phone) == 0)
    arrival->visible_at = g_get_monotonic_time ();
}

static gboolean
arrived (gpointer data)
{
  return ((Arrival *) data)->visible_at != 0;
}

/* The engines of a NULL-terminated array have no sync in flight. */
static gboolean
engines_synced (gpointer data)
{
  for (CfSyncEngine **engine = data; *engine != NULL; engine++)
    {
      if (cf_sync_engine_get_state (*engine) != CF_SYNC_STATE_SYNCED)
        return FALSE;
    }

  return TRUE;
}

static gboolean
engines_live (gpointer data)
{
  for (CfSyncEngine **engine = data; *engine != NULL; engine++)
    {
      if (!cf_sync_engine_is_live (*engine))
        return FALSE;
    }

  return TRUE;
}

/* Before each change, nothing is in flight: a change made while an engine
 * is pulling waits for its next sync, which is not what is measured here.
 */
static void
wait_until_quiet (CfSyncEngine **engines)
{
  for (guint round = 0; round < 100; round++)
    {
      if (!iterate_until (engines_synced, engines, SETTLE_SECONDS))
        die ("the desktops did not settle", NULL);
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      if (engines_synced (engines))
        return;
    }

  die ("the desktops keep syncing", NULL);
}

typedef struct
{
  Arrival *arrival;
  Outcome  outcome;
} DirectChange;

static gboolean
direct_change_done (gpointer data)
{
  DirectChange *change = data;

  return change->outcome.done && change->arrival->visible_at != 0;
}

static void
print_latency (const char *key,
               double     *values,
               guint       n)
{
  g_print ("%s_changes %u changes\n", key, n);
  if (n == 0)
    return;

  g_print ("%s_p50 %.1f ms\n", key, percentile (values, n, 50));
  g_print ("%s_p95 %.1f ms\n", key, percentile (values, n, 95));
  g_print ("%s_max %.1f ms\n", key, percentile (values, n, 100));
}

static void
bench_latency (void)
{
  g_autofree double *running = g_new (double, n_changes);
  g_autofree double *direct = g_new (double, n_changes);
  g_autofree double *poked = g_new (double, n_changes);
  g_autofree char *staff_id = NULL;
  g_autofree char *token = NULL;
  g_autoptr (SoupSession) session = soup_session_new ();
  Server *server = server_start ("latency", NULL);
  Desktop *sender = desktop_new (server, "sender");
  Desktop *receiver = desktop_new (server, "receiver");
  CfSyncEngine *both[] = { sender->engine, receiver->engine, NULL };
  CfSyncEngine *receiver_only[] = { receiver->engine, NULL };
  Arrival arrival = { NULL, NULL, 0, 0 };
  LiveClients watcher = { .wanted = 1, .keepalive_seconds = 5, .arrival = &arrival };
  guint n_running = 0, n_direct = 0, n_poked = 0;
  guint running_missed = 0, running_live = 0, direct_missed = 0, direct_live = 0;
  gushort close_code = 0;
  gint64 budget_start;
  guint i;

  /* One member of staff, known to both desktops, whose phone changes. */
  {
    g_autoptr (CfOp) op = new_staff_op (0);
    g_autoptr (GError) error = NULL;

    desktop_sync (sender);
    if (!cf_store_apply (sender->store, sender->user_id, &op, 1, &error))
      die ("cannot add a member of staff", error);
    staff_id = g_strdup (cf_op_get_record_id (op));
    desktop_sync (sender);
    desktop_sync (receiver);
  }
  arrival.staff_id = staff_id;
  g_signal_connect (receiver->store, "changed", G_CALLBACK (on_receiver_changed_cb), &arrival);

  /* The bench listens for pokes too: the server sends them all at once,
   * right after the commit, so its own tells when B was poked.
   */
  token = sign_in_for_token (session, server);
  open_clients (&watcher, session, server, token);

  /* Both live, and still live a second later: the server keeps them. */
  cf_sync_engine_start (sender->engine);
  cf_sync_engine_start (receiver->engine);
  iterate_until (engines_live, both, SETTLE_SECONDS);
  iterate_until (never, NULL, 1);
  g_print ("latency_live_at_start %s\n", engines_live (both) ? "yes" : "no");

  /* Both engines running: A pushes PUSH_DELAY_MS after the change. */
  budget_start = g_get_monotonic_time ();
  for (i = 0; i < (guint) n_changes && elapsed_ms (budget_start) < n_seconds * 1000.0; i++)
    {
      gint64 start;

      wait_until_quiet (both);
      running_live += cf_sync_engine_is_live (receiver->engine);
      arrival.phone = g_strdup_printf ("6%05u", i);
      arrival.poked_at = arrival.visible_at = 0;
      start = g_get_monotonic_time ();
      patch_phone (sender, staff_id, arrival.phone);
      if (iterate_until (arrived, &arrival, CHANGE_SECONDS))
        running[n_running++] = (arrival.visible_at - start) / 1000.0;
      else
        running_missed++;
      g_clear_pointer (&arrival.phone, g_free);
    }

  /* A pushes at once; only B runs. */
  cf_sync_engine_stop (sender->engine);
  budget_start = g_get_monotonic_time ();
  for (i = 0; i < (guint) n_changes && elapsed_ms (budget_start) < n_seconds * 1000.0; i++)
    {
      DirectChange change = { &arrival, { 0 } };
      gint64 start;

      wait_until_quiet (receiver_only);
      direct_live += cf_sync_engine_is_live (receiver->engine);
      arrival.phone = g_strdup_printf ("7%05u", i);
      arrival.poked_at = arrival.visible_at = 0;
      start = g_get_monotonic_time ();
      patch_phone (sender, staff_id, arrival.phone);
      cf_sync_engine_sync_async (sender->engine, NULL, on_synced_cb, &change.outcome);
      iterate_until (direct_change_done, &change, CHANGE_SECONDS);
      wait_for_outcome (&change.outcome, TRANSFER_SECONDS, "a push");
      if (!change.outcome.ok)
        die ("cannot push a change", change.outcome.error);
      if (arrival.visible_at != 0)
        {
          direct[n_direct++] = (arrival.visible_at - start) / 1000.0;
          if (arrival.poked_at != 0)
            poked[n_poked++] = (arrival.visible_at - arrival.poked_at) / 1000.0;
        }
      else
        direct_missed++;
      outcome_clear (&change.outcome);
      g_clear_pointer (&arrival.phone, g_free);
    }

  g_print ("latency_watcher_open %u connections\n", count_open_clients (&watcher, &close_code));
  if (close_code != 0)
    g_print ("latency_watcher_close_code %u code\n", close_code);
  close_clients (&watcher);
  cf_sync_engine_stop (receiver->engine);
  g_signal_handlers_disconnect_by_func (receiver->store, on_receiver_changed_cb, &arrival);
  desktop_free (receiver);
  desktop_free (sender);
  server_stop (server);

  /* Changes B did not have within CHANGE_SECONDS are missed, not timed;
   * "live" counts the changes made while B's live connection was open.
   */
  print_latency ("latency_running", running, n_running);
  g_print ("latency_running_missed %u changes\n", running_missed);
  g_print ("latency_running_live %u changes\n", running_live);
  print_latency ("latency_direct", direct, n_direct);
  g_print ("latency_direct_missed %u changes\n", direct_missed);
  g_print ("latency_direct_live %u changes\n", direct_live);
  print_latency ("latency_poked", poked, n_poked);
}

/* Memory ------------------------------------------------------------------- */

/* A request for a 50 MB push: the server answers 413 from the headers and
 * closes the connection without reading the body.
 */
static gboolean
send_oversized (GSocketClient *client,
                Server        *server)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketConnection) connection = NULL;
  g_autofree char *request = NULL;
  char answer[4096];
  gsize length = 0;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", server->port, NULL, &error);
  if (connection == NULL)
    return FALSE;

  request = g_strdup_printf ("POST /v1/sync/push HTTP/1.1\r\n"
                             "Host: 127.0.0.1:%u\r\n"
                             "Content-Type: application/json\r\n"
                             "Content-Length: %d\r\n"
                             "\r\n", server->port, OVERSIZED_LENGTH);
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                  request, strlen (request), NULL, NULL, &error))
    return FALSE;

  /* The answer, up to the server closing the connection. */
  while (length < sizeof answer - 1)
    {
      gssize n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                      answer + length, sizeof answer - 1 - length, NULL, &error);

      if (n <= 0)
        break;
      length += n;
    }
  answer[length] = '\0';

  return g_str_has_prefix (answer, "HTTP/1.1 413 ");
}

/* Clients that send half their headers and then nothing: returns how many
 * the server cut off within SLOW_WAIT_SECONDS, and when the last one was.
 */
static guint
hold_slow_clients (GSocketClient *client,
                   Server        *server,
                   double        *cut_after_s)
{
  g_autoptr (GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree GPollFD *fds = g_new0 (GPollFD, n_slow);
  const char *half = "POST /v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty";
  guint closed = 0;
  gint64 start, deadline;

  for (int i = 0; i < n_slow; i++)
    {
      g_autoptr (GError) error = NULL;
      GSocketConnection *connection;

      connection = g_socket_client_connect_to_host (client, "127.0.0.1", server->port, NULL,
                                                    &error);
      if (connection == NULL ||
          !g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                      half, strlen (half), NULL, NULL, &error))
        die ("cannot open a slow connection", error);
      g_ptr_array_add (connections, connection);
      fds[i].fd = g_socket_get_fd (g_socket_connection_get_socket (connection));
      fds[i].events = G_IO_IN | G_IO_HUP | G_IO_ERR;
    }

  *cut_after_s = 0;
  start = g_get_monotonic_time ();
  deadline = start + SLOW_WAIT_SECONDS * G_USEC_PER_SEC;
  while (closed < (guint) n_slow && g_get_monotonic_time () < deadline)
    {
      if (g_poll (fds, n_slow, (deadline - g_get_monotonic_time ()) / 1000 + 1) <= 0)
        continue;

      for (int i = 0; i < n_slow; i++)
        {
          GSocket *socket = g_socket_connection_get_socket (connections->pdata[i]);
          g_autoptr (GError) error = NULL;
          char buffer[512];
          gssize n;

          if (fds[i].events == 0 || fds[i].revents == 0)
            continue;
          fds[i].revents = 0;
          n = g_socket_receive_with_blocking (socket, buffer, sizeof buffer, FALSE, NULL, &error);
          if (n > 0 || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            continue;

          /* End of stream or reset: the server let go of it. */
          fds[i].events = 0;
          closed++;
          *cut_after_s = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
        }
    }

  return closed;
}

static void
print_memory (const char *key,
              Server     *server)
{
  g_print ("%s_rss %" G_GINT64_FORMAT " kB\n", key, server_status_kb (server, "VmRSS"));
  g_print ("%s_hwm %" G_GINT64_FORMAT " kB\n", key, server_status_kb (server, "VmHWM"));
}

static void
bench_memory (void)
{
  g_autoptr (SoupSession) session = NULL;
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autofree char *token = NULL;
  Server *server = server_start ("memory", "socket-timeout-seconds=2\n");
  /* The server's socket timeout also cuts live connections that are quiet
   * for that long: these clients ping every second to stay connected.
   */
  LiveClients clients = { .wanted = n_clients, .keepalive_seconds = 1 };
  guint refused = 0;
  guint cut_off;
  double cut_after_s;
  gint64 start;
  gushort close_code = 0;

  /* Settle after start-up, before the first figure. */
  iterate_until (never, NULL, 0.5);
  print_memory ("server_idle", server);

  session = soup_session_new_with_options ("max-conns", n_clients + 16,
                                           "max-conns-per-host", n_clients + 16,
                                           NULL);
  token = sign_in_for_token (session, server);
  open_clients (&clients, session, server, token);
  iterate_until (never, NULL, 1);
  g_print ("live_clients %u connections\n", clients.connected);
  g_print ("live_clients_open %u connections\n", count_open_clients (&clients, &close_code));
  g_print ("live_clients_hello %u connections\n", clients.hellos);
  print_memory ("server_live", server);

  g_socket_client_set_timeout (client, SLOW_WAIT_SECONDS);
  start = g_get_monotonic_time ();
  for (int i = 0; i < n_oversized; i++)
    refused += send_oversized (client, server);
  g_print ("oversized_refused %u requests\n", refused);
  g_print ("oversized_time %.0f ms\n", elapsed_ms (start));

  cut_off = hold_slow_clients (client, server, &cut_after_s);
  g_print ("slow_cut_off %u clients\n", cut_off);
  g_print ("slow_cut_after %.1f s\n", cut_after_s);

  /* Every other connection is closed; the live ones should still be open. */
  iterate_until (never, NULL, 1);
  g_print ("live_clients_open_after %u connections\n", count_open_clients (&clients, &close_code));
  if (close_code != 0)
    g_print ("live_close_code %u code\n", close_code);
  print_memory ("server_after", server);

  close_clients (&clients);
  server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) option_context = NULL;
  g_autoptr (GError) error = NULL;

  /* Loopback only: no system proxy settings are consulted. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  setlocale (LC_ALL, "");

  option_context = g_option_context_new ("SERVER WORK_FOLDER");
  g_option_context_add_main_entries (option_context, option_entries, NULL);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    {
      g_printerr ("bench-sync: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (argc != 3 || n_ops < 1 || n_changes < 1 || n_seconds < 1 || n_clients < 1 ||
      (only != NULL && !g_str_equal (only, "throughput") && !g_str_equal (only, "latency") &&
       !g_str_equal (only, "memory")))
    {
      g_printerr ("bench-sync: usage: bench-sync [--ops N] [--changes N] [--seconds N] "
                  "[--clients N] [--only throughput|latency|memory] SERVER WORK_FOLDER\n");
      return EXIT_FAILURE;
    }
  server_program = argv[1];
  if (!g_file_test (server_program, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("bench-sync: %s is not a program\n", server_program);
      return EXIT_FAILURE;
    }

  bench_dir = g_build_filename (argv[2], "bench-sync-XXXXXX", NULL);
  if (g_mkdtemp (bench_dir) == NULL)
    die ("cannot make a folder in the work folder", NULL);
  make_server_template ();

  if (only == NULL || g_str_equal (only, "throughput"))
    bench_throughput ();
  if (only == NULL || g_str_equal (only, "latency"))
    bench_latency ();
  if (only == NULL || g_str_equal (only, "memory"))
    bench_memory ();

  remove_tree (bench_dir);
  g_clear_pointer (&bench_dir, g_free);
  g_clear_pointer (&server_template, g_bytes_unref);
  g_clear_pointer (&only, g_free);

  return EXIT_SUCCESS;
}
