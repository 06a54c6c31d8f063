/* test-server-admin.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * callfloor-server init and user …, run as the operator runs them: the
 * built program (CALLFLOOR_SERVER) on a database in a folder of its own,
 * with the password on standard input. The database is then opened with
 * the store to see what the commands wrote.
 */

#include "config.h"

#include <unistd.h>
#include <glib/gstdio.h>

#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <gio/gio.h>

#include "cf-authority.h"
#include "cf-op.h"
#include "cf-password.h"
#include "cf-store.h"

#include "cf-roster.h"
#include "cf-test-util.h"

#define SUPERVISOR_NAME   "Ada Supervisor"
#define SUPERVISOR_NO     "S001"
#define SUPERVISOR_LOGIN  "ada"
#define PASSWORD          "correct horse battery"
#define NEW_PASSWORD      "a brand new secret"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* Without a controlling terminal, a command that would ask for something
 * fails instead of waiting for an answer.
 */
static void
detach_from_terminal (gpointer user_data)
{
  setsid ();
}

/* Runs callfloor-server with the NULL-terminated arguments after @stdin_text
 * (which may be NULL), and waits for it to finish.
 */
static Run *
run_server (const char *stdin_text,
            ...)
{
  const char *program = g_getenv ("CALLFLOOR_SERVER");
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *stdin_file = NULL;
  Run *run = g_new0 (Run, 1);
  const char *arg;
  int fd;
  va_list ap;

  g_assert_nonnull (program);
  g_ptr_array_add (args, (gpointer) program);
  va_start (ap, stdin_text);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  /* Stdin comes from a file, not a pipe: a command that refuses before
   * reading its password must not break the test with SIGPIPE.
   */
  stdin_file = g_build_filename (g_get_tmp_dir (), "callfloor-admin-stdin-XXXXXX", NULL);
  fd = g_mkstemp (stdin_file);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (g_file_set_contents (stdin_file, stdin_text != NULL ? stdin_text : "", -1, NULL));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, stdin_file);
  /* Names and arguments are UTF-8, whatever the test runner's locale. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, detach_from_terminal, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_unlink (stdin_file);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);

  /* Whatever happened, no password or hash is ever shown. */
  g_assert_null (strstr (run->out, PASSWORD));
  g_assert_null (strstr (run->err, PASSWORD));
  g_assert_null (strstr (run->out, NEW_PASSWORD));
  g_assert_null (strstr (run->err, NEW_PASSWORD));
  g_assert_null (strstr (run->out, "$argon2"));
  g_assert_null (strstr (run->err, "$argon2"));

  return run;
}

static void
assert_succeeded (Run *run)
{
  if (run->status != 0)
    g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
}

/* A failure is one line on stderr, and nothing on stdout. */
static void
assert_failed (Run        *run,
               int         status,
               const char *words)
{
  g_assert_cmpint (run->status, ==, status);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);
  if (words != NULL && strstr (run->err, words) == NULL)
    g_error ("“%s” does not say “%s”", run->err, words);
}

static CfStore *
open_store (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  CfStore *store = cf_store_open (fixture->path, CF_STORE_FLAGS_NONE, &error);

  g_assert_no_error (error);

  return store;
}

static gint64
count (Fixture    *fixture,
       const char *sql,
       const char *parameter)
{
  g_autoptr (CfStore) store = open_store (fixture);

  return cf_test_query_integer (store, sql, parameter);
}

static char *
query_text (Fixture    *fixture,
            const char *sql,
            const char *parameter)
{
  g_autoptr (CfStore) store = open_store (fixture);

  return cf_test_query_text (store, sql, parameter);
}

/* Everything that a refused command must leave as it was. */
static char *
snapshot (Fixture *fixture)
{
  g_autoptr (CfStore) store = open_store (fixture);

  return g_strdup_printf ("staff %" G_GINT64_FORMAT " users %" G_GINT64_FORMAT
                          " ops %" G_GINT64_FORMAT " changes %" G_GINT64_FORMAT
                          " tokens %" G_GINT64_FORMAT,
                          cf_store_count (store, "SELECT COUNT(*) FROM staff"),
                          cf_store_count (store, "SELECT COUNT(*) FROM app_user"),
                          cf_store_count (store, "SELECT COUNT(*) FROM op_log"),
                          cf_store_count (store, "SELECT COUNT(*) FROM change_log"),
                          cf_store_count (store, "SELECT COUNT(*) FROM auth_token"));
}

static Run *
run_init (Fixture *fixture)
{
  return run_server (PASSWORD "\n", "init", "--database", fixture->path,
                     "--name", SUPERVISOR_NAME, "--employee-no", SUPERVISOR_NO,
                     "--login", SUPERVISOR_LOGIN, "--password-stdin", NULL);
}

static Run *
run_add (Fixture    *fixture,
         const char *password,
         const char *login,
         const char *employee_no,
         const char *name,
         const char *role)
{
  g_autofree char *line = g_strconcat (password, "\n", NULL);

  if (name != NULL)
    return run_server (line, "user", "add", "--database", fixture->path, "--login", login,
                       "--employee-no", employee_no, "--name", name, "--role", role,
                       "--password-stdin", NULL);

  return run_server (line, "user", "add", "--database", fixture->path, "--login", login,
                     "--employee-no", employee_no, "--password-stdin", NULL);
}

/* A session token as the server keeps it; only the user matters here. */
static void
insert_token (Fixture    *fixture,
              const char *token_hash,
              const char *login)
{
  g_autoptr (CfStore) store = open_store (fixture);
  g_autoptr (CfStatement) stmt = NULL;
  g_autofree char *user_id =
    cf_test_query_text (store, "SELECT id FROM app_user WHERE login = ?", login);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_nonnull (user_id);
  stmt = cf_store_prepare (store,
                           "INSERT INTO auth_token (token_hash, user_id, device_id, created_at, "
                           "last_used_at, expires_at) VALUES (?, ?, NULL, ?, ?, ?)", NULL);
  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, now + 3600);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
}

static gint64
tokens_of (Fixture    *fixture,
           const char *login)
{
  return count (fixture,
                "SELECT COUNT(*) FROM auth_token WHERE user_id = "
                "(SELECT id FROM app_user WHERE login = ?)", login);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *dir = cf_test_make_dir (&fixture->path);

  fixture->dir = g_steal_pointer (&dir);
  /* init makes the folder too. */
  g_free (fixture->path);
  fixture->path = g_build_filename (fixture->dir, "var", "lib", "server.db", NULL);
}

static void
fixture_set_up_initialised (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr (Run) run = NULL;

  fixture_set_up (fixture, data);
  run = run_init (fixture);
  assert_succeeded (run);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  cf_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* init ---------------------------------------------------------------------------- */

static void
test_init (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr (Run) run = run_init (fixture);
  g_autoptr (CfStore) store = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *staff_id = NULL;
  g_autofree char *user_staff = NULL;

  assert_succeeded (run);
  g_assert_nonnull (strstr (run->out, SUPERVISOR_NAME));
  g_assert_nonnull (strstr (run->out, SUPERVISOR_LOGIN));

  store = open_store (fixture);
  staff_id = cf_test_query_text (store, "SELECT id FROM staff WHERE employee_no = ?",
                                 SUPERVISOR_NO);
  g_assert_nonnull (staff_id);
  g_assert_cmpint (cf_test_query_integer (store, "SELECT COUNT(*) FROM staff", NULL), ==, 1);
  g_assert_cmpint (cf_test_query_integer (store, "SELECT COUNT(*) FROM app_user", NULL), ==, 1);
  g_assert_cmpint (cf_test_query_integer (store,
                                          "SELECT COUNT(*) FROM staff WHERE id = ? AND rev = 1 "
                                          "AND role = 'supervisor' AND active = 1 AND name = '"
                                          SUPERVISOR_NAME "'", staff_id), ==, 1);
  user_staff = cf_test_query_text (store, "SELECT staff FROM app_user WHERE login = ? "
                                          "AND rev = 1 AND active = 1", SUPERVISOR_LOGIN);
  g_assert_cmpstr (user_staff, ==, staff_id);

  /* Both records and the default shift types are in the change log, so
   * desktops receive them.
   */
  g_assert_cmpint (cf_test_query_integer (store, "SELECT COUNT(*) FROM change_log", NULL), ==,
                   2 + CF_ROSTER_N_DEFAULT_SHIFT_TYPES);
  g_assert_cmpint (cf_test_query_integer (store, "SELECT COUNT(*) FROM change_log WHERE "
                                                 "kind = 'staff' AND record_id = ? AND rev = 1",
                                          staff_id), ==, 1);
  g_assert_cmpint (cf_test_query_integer (store, "SELECT COUNT(*) FROM op_log WHERE pushed = 0",
                                          NULL), ==, 0);

  hash = cf_test_query_text (store, "SELECT password_hash FROM app_user WHERE login = ?",
                             SUPERVISOR_LOGIN);
  g_assert_true (cf_password_verify (hash, PASSWORD));
}

static void
test_init_twice (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (Run) run = NULL;
  g_autofree char *before = snapshot (fixture);
  g_autofree char *after = NULL;

  run = run_server (NEW_PASSWORD "\n", "init", "--database", fixture->path,
                    "--name", "Eve Intruder", "--employee-no", "S999", "--login", "eve",
                    "--password-stdin", NULL);
  assert_failed (run, 1, "already initialised");

  after = snapshot (fixture);
  g_assert_cmpstr (after, ==, before);
}

/* A weak password or a missing detail is refused before the database is
 * created.
 */
static void
test_init_refused (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (Run) weak = NULL;
  g_autoptr (Run) no_terminal = NULL;
  g_autoptr (Run) no_database = NULL;

  weak = run_server ("short\n", "init", "--database", fixture->path, "--name", SUPERVISOR_NAME,
                     "--employee-no", SUPERVISOR_NO, "--login", SUPERVISOR_LOGIN,
                     "--password-stdin", NULL);
  assert_failed (weak, 1, "at least 8 characters");
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  no_terminal = run_server (PASSWORD "\n", "init", "--database", fixture->path,
                            "--employee-no", SUPERVISOR_NO, "--login", SUPERVISOR_LOGIN,
                            "--password-stdin", NULL);
  assert_failed (no_terminal, 2, "--name");
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  no_database = run_server (PASSWORD "\n", "init", "--name", SUPERVISOR_NAME, NULL);
  assert_failed (no_database, 2, "--database");
}

/* user add ------------------------------------------------------------------------ */

static void
test_add_new_staff (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr (Run) run = run_add (fixture, NEW_PASSWORD, "zhang", "1001", "张伟", "shift_lead");
  g_autoptr (CfStore) store = NULL;
  g_autofree char *staff_id = NULL;
  g_autofree char *hash = NULL;

  assert_succeeded (run);

  store = open_store (fixture);
  staff_id = cf_test_query_text (store, "SELECT id FROM staff WHERE employee_no = '1001' "
                                        "AND name = ? AND role = 'shift_lead' AND rev = 1 "
                                        "AND created_by = 'system'", "张伟");
  g_assert_nonnull (staff_id);
  g_assert_cmpint (cf_test_query_integer (store, "SELECT COUNT(*) FROM app_user WHERE "
                                                 "login = 'zhang' AND staff = ? AND rev = 1 "
                                                 "AND active = 1 AND created_by = 'system'",
                                          staff_id), ==, 1);
  g_assert_cmpint (cf_test_query_integer (store, "SELECT COUNT(*) FROM op_log WHERE "
                                                 "author = ?", CF_SYSTEM_AUTHOR), ==, 2);
  g_assert_cmpint (cf_test_query_integer (store, "SELECT COUNT(*) FROM change_log", NULL), ==,
                   4 + CF_ROSTER_N_DEFAULT_SHIFT_TYPES);
  g_assert_cmpint (cf_test_query_integer (store, "SELECT COUNT(*) FROM op_log WHERE pushed = 0",
                                          NULL), ==, 0);

  hash = cf_test_query_text (store, "SELECT password_hash FROM app_user WHERE login = ?", "zhang");
  g_assert_true (cf_password_verify (hash, NEW_PASSWORD));
}

/* Makes a staff member without an account, as the desktop app would. */
static char *
add_staff_member (Fixture    *fixture,
                  const char *employee_no,
                  const char *name,
                  const char *role)
{
  g_autoptr (CfStore) store = open_store (fixture);
  g_autoptr (JsonObject) values = json_object_new ();
  g_autoptr (CfOp) op = NULL;
  g_autoptr (GError) error = NULL;

  json_object_set_string_member (values, "employee_no", employee_no);
  json_object_set_string_member (values, "name", name);
  json_object_set_string_member (values, "role", role);
  op = cf_op_new_create ("staff", values);
  cf_store_apply_system (store, &op, 1, &error);
  g_assert_no_error (error);
  cf_authority_publish_local_ops (store, &error);
  g_assert_no_error (error);

  return g_strdup (cf_op_get_record_id (op));
}

static void
test_add_existing_staff (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *staff_id = add_staff_member (fixture, "2002", "Li Na", "deputy");
  g_autoptr (Run) run = run_add (fixture, NEW_PASSWORD, "lina", "2002", NULL, NULL);
  g_autoptr (Run) again = NULL;
  g_autofree char *user_staff = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  assert_succeeded (run);
  g_assert_nonnull (strstr (run->out, "Li Na"));
  g_assert_cmpint (count (fixture, "SELECT COUNT(*) FROM staff", NULL), ==, 2);
  user_staff = query_text (fixture, "SELECT staff FROM app_user WHERE login = ?", "lina");
  g_assert_cmpstr (user_staff, ==, staff_id);

  /* One account per person. */
  before = snapshot (fixture);
  again = run_add (fixture, NEW_PASSWORD, "lina2", "2002", NULL, NULL);
  assert_failed (again, 1, "already has the account “lina”");
  after = snapshot (fixture);
  g_assert_cmpstr (after, ==, before);
}

static void
test_add_short_password (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *before = snapshot (fixture);
  g_autofree char *after = NULL;
  g_autoptr (Run) run = run_add (fixture, "1234567", "bob", "3003", "Bob", "deputy");

  assert_failed (run, 1, "at least 8 characters");
  after = snapshot (fixture);
  g_assert_cmpstr (after, ==, before);
}

static void
test_add_agent (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *staff_id = add_staff_member (fixture, "4004", "Wang Fang", "agent");
  g_autofree char *before = snapshot (fixture);
  g_autofree char *after = NULL;
  g_autoptr (Run) new_agent = run_add (fixture, NEW_PASSWORD, "carl", "4005", "Carl", "agent");
  g_autoptr (Run) existing_agent = run_add (fixture, NEW_PASSWORD, "wang", "4004", NULL, NULL);

  assert_failed (new_agent, 1, "agent");
  assert_failed (existing_agent, 1, "agent");
  after = snapshot (fixture);
  g_assert_cmpstr (after, ==, before);
}

static void
test_add_duplicate_login (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *before = snapshot (fixture);
  g_autofree char *after = NULL;
  g_autoptr (Run) run = run_add (fixture, NEW_PASSWORD, SUPERVISOR_LOGIN, "5005", "Other Ada",
                                 "deputy");

  assert_failed (run, 1, "“" SUPERVISOR_LOGIN "”");
  after = snapshot (fixture);
  g_assert_cmpstr (after, ==, before);
}

static void
test_add_unknown_role (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (Run) run = run_add (fixture, NEW_PASSWORD, "bob", "3003", "Bob", "boss");

  assert_failed (run, 2, "boss");
  g_assert_cmpint (count (fixture, "SELECT COUNT(*) FROM app_user", NULL), ==, 1);
}

/* user list ----------------------------------------------------------------------- */

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr (Run) add = run_add (fixture, NEW_PASSWORD, "zhang", "1001", "张伟",
                                 "complaints_desk");
  g_autoptr (Run) disable = NULL;
  g_autoptr (Run) run = NULL;
  g_auto (GStrv) lines = NULL;

  assert_succeeded (add);
  disable = run_server (NULL, "user", "disable", "--database", fixture->path, "zhang", NULL);
  assert_succeeded (disable);

  run = run_server (NULL, "user", "list", "--database", fixture->path, NULL);
  assert_succeeded (run);
  lines = g_strsplit (run->out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[3], ==, "");

  /* A heading, then one line per user by user name. */
  g_assert_true (g_str_has_prefix (lines[0], "USER NAME"));
  g_assert_true (g_str_has_prefix (lines[1], SUPERVISOR_LOGIN " "));
  g_assert_nonnull (strstr (lines[1], SUPERVISOR_NAME));
  g_assert_nonnull (strstr (lines[1], SUPERVISOR_NO));
  g_assert_nonnull (strstr (lines[1], "supervisor"));
  g_assert_true (g_str_has_suffix (lines[1], "yes"));
  g_assert_true (g_str_has_prefix (lines[2], "zhang "));
  g_assert_nonnull (strstr (lines[2], "张伟"));
  g_assert_nonnull (strstr (lines[2], "1001"));
  g_assert_nonnull (strstr (lines[2], "complaints_desk"));
  g_assert_true (g_str_has_suffix (lines[2], "no"));
}

/* user disable, enable, passwd ----------------------------------------------------- */

static void
test_disable_enable (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (Run) add = run_add (fixture, NEW_PASSWORD, "bob", "3003", "Bob", "deputy");
  g_autoptr (Run) disable = NULL;
  g_autoptr (Run) enable = NULL;
  g_autofree char *user_id = NULL;
  gint64 last_seq;

  assert_succeeded (add);
  insert_token (fixture, "token-bob-1", "bob");
  insert_token (fixture, "token-bob-2", "bob");
  insert_token (fixture, "token-ada", SUPERVISOR_LOGIN);
  user_id = query_text (fixture, "SELECT id FROM app_user WHERE login = ?", "bob");
  last_seq = count (fixture, "SELECT MAX(seq) FROM change_log", NULL);

  disable = run_server (NULL, "user", "disable", "--database", fixture->path, "bob", NULL);
  assert_succeeded (disable);
  g_assert_nonnull (strstr (disable->out, "2 sessions"));
  g_assert_cmpint (count (fixture, "SELECT active FROM app_user WHERE id = ?", user_id), ==, 0);
  g_assert_cmpint (count (fixture, "SELECT rev FROM app_user WHERE id = ?", user_id), ==, 2);
  g_assert_cmpint (tokens_of (fixture, "bob"), ==, 0);
  g_assert_cmpint (tokens_of (fixture, SUPERVISOR_LOGIN), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT seq FROM change_log WHERE record_id = ? AND rev = 2",
                          user_id), ==, last_seq + 1);

  enable = run_server (NULL, "user", "enable", "--database", fixture->path, "bob", NULL);
  assert_succeeded (enable);
  g_assert_cmpint (count (fixture, "SELECT active FROM app_user WHERE id = ?", user_id), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT rev FROM app_user WHERE id = ?", user_id), ==, 3);
  g_assert_cmpint (count (fixture, "SELECT COUNT(*) FROM op_log WHERE pushed = 0", NULL), ==, 0);
}

static void
test_passwd (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (Run) run = NULL;
  g_autoptr (Run) weak = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  insert_token (fixture, "token-ada", SUPERVISOR_LOGIN);

  before = snapshot (fixture);
  weak = run_server ("short\n", "user", "passwd", "--database", fixture->path, SUPERVISOR_LOGIN,
                     "--password-stdin", NULL);
  assert_failed (weak, 1, "at least 8 characters");
  after = snapshot (fixture);
  g_assert_cmpstr (after, ==, before);

  run = run_server (NEW_PASSWORD "\n", "user", "passwd", "--database", fixture->path,
                    SUPERVISOR_LOGIN, "--password-stdin", NULL);
  assert_succeeded (run);

  hash = query_text (fixture, "SELECT password_hash FROM app_user WHERE login = ?",
                     SUPERVISOR_LOGIN);
  g_assert_true (cf_password_verify (hash, NEW_PASSWORD));
  g_assert_false (cf_password_verify (hash, PASSWORD));
  g_assert_cmpint (tokens_of (fixture, SUPERVISOR_LOGIN), ==, 0);
  g_assert_cmpint (count (fixture, "SELECT rev FROM app_user WHERE login = ?", SUPERVISOR_LOGIN),
                   ==, 2);
  g_assert_cmpint (count (fixture, "SELECT COUNT(*) FROM change_log", NULL), ==,
                   3 + CF_ROSTER_N_DEFAULT_SHIFT_TYPES);
}

static void
test_unknown_user (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (Run) disable = run_server (NULL, "user", "disable", "--database", fixture->path,
                                        "nobody", NULL);
  g_autoptr (Run) passwd = run_server (NEW_PASSWORD "\n", "user", "passwd", "--database",
                                       fixture->path, "nobody", "--password-stdin", NULL);

  assert_failed (disable, 1, "nobody");
  assert_failed (passwd, 1, "nobody");
}

static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr (Run) no_command = run_server (NULL, "user", NULL);
  g_autoptr (Run) unknown = run_server (NULL, "user", "frobnicate", NULL);
  g_autoptr (Run) no_login = run_server (NULL, "user", "disable", "--database", fixture->path,
                                         NULL);
  g_autoptr (Run) bad_option = run_server (NULL, "user", "list", "--no-such-option", NULL);
  g_autoptr (Run) missing = run_server (NULL, "user", "list", "--database", fixture->path, NULL);
  g_autoptr (Run) help = run_server (NULL, "user", "add", "--help", NULL);

  g_assert_cmpint (no_command->status, ==, 2);
  assert_failed (unknown, 2, "frobnicate");
  assert_failed (no_login, 2, "LOGIN");
  assert_failed (bad_option, 2, "--no-such-option");

  /* Commands other than init never create a database. */
  assert_failed (missing, 1, "does not exist");
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  assert_succeeded (help);
  g_assert_nonnull (strstr (help->out, "--employee-no"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD_EMPTY(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_INITIALISED(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up_initialised, func, fixture_tear_down)

  ADD_EMPTY ("/server-admin/init", test_init);
  ADD_INITIALISED ("/server-admin/init-twice", test_init_twice);
  ADD_EMPTY ("/server-admin/init-refused", test_init_refused);
  ADD_INITIALISED ("/server-admin/add-new-staff", test_add_new_staff);
  ADD_INITIALISED ("/server-admin/add-existing-staff", test_add_existing_staff);
  ADD_INITIALISED ("/server-admin/add-short-password", test_add_short_password);
  ADD_INITIALISED ("/server-admin/add-agent", test_add_agent);
  ADD_INITIALISED ("/server-admin/add-duplicate-login", test_add_duplicate_login);
  ADD_INITIALISED ("/server-admin/add-unknown-role", test_add_unknown_role);
  ADD_INITIALISED ("/server-admin/list", test_list);
  ADD_INITIALISED ("/server-admin/disable-enable", test_disable_enable);
  ADD_INITIALISED ("/server-admin/passwd", test_passwd);
  ADD_INITIALISED ("/server-admin/unknown-user", test_unknown_user);
  ADD_EMPTY ("/server-admin/usage", test_usage);

  return g_test_run ();
}
