/* cf-test-util.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-test-util"

#include "config.h"

#include "cf-test-util.h"

#include <signal.h>
#include <sys/prctl.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cf-op.h"
#include "cf-password.h"
#include "cf-session.h"
#include "cf-signing.h"

/* Databases holding a first supervisor, by "name\nemployee_no\nlogin\npassword".
 * Users are expensive to make (Argon2id takes a tenth of a second and
 * 64 MiB), so each is made once and copied into every test that needs it.
 */
static GHashTable *supervised_templates;

/* Password hashes, by password, made once for the same reason. */
static GHashTable *password_hashes;

/* Prepares @sql, binds @parameter (if not NULL) to its first placeholder
 * and steps it once; the result of the step is put in @out_result.
 */
static CfStatement *
query_step (CfStore    *store,
            const char *sql,
            const char *parameter,
            int        *out_result)
{
  CfStatement *stmt = cf_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  if (parameter != NULL)
    sqlite3_bind_text (stmt, 1, parameter, -1, SQLITE_TRANSIENT);
  *out_result = sqlite3_step (stmt);

  return stmt;
}

/* A new empty folder for one test, to be removed with
 * cf_test_remove_tree (); @out_db_path is set to the database file in it.
 */
char *
cf_test_make_dir (char **out_db_path)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("callfloor-test-XXXXXX", &error);

  g_assert_no_error (error);
  *out_db_path = g_build_filename (dir, "callfloor.db", NULL);

  return dir;
}

void
cf_test_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          cf_test_remove_tree (child);
        }
    }

  g_remove (path);
}

GBytes *
cf_test_read_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

/* The bytes of a database whose only user is a first supervisor made with
 * these details, made on the first call and kept until
 * cf_test_clear_supervised_templates ().
 */
GBytes *
cf_test_get_supervised_template (const char *name,
                                 const char *employee_no,
                                 const char *login,
                                 const char *password)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autoptr (CfSession) session = NULL;
  g_autofree char *key = g_strjoin ("\n", name, employee_no, login, password, NULL);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GBytes *template;

  if (supervised_templates == NULL)
    supervised_templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                  (GDestroyNotify) g_bytes_unref);

  template = g_hash_table_lookup (supervised_templates, key);
  if (template != NULL)
    return template;

  dir = g_dir_make_tmp ("callfloor-template-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "callfloor.db", NULL);

  store = cf_store_open (path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  session = cf_session_new (store);
  cf_session_create_first_supervisor (session, name, employee_no, login, password, &error);
  g_assert_no_error (error);

  /* Closing checkpoints the WAL into the file. */
  g_clear_object (&session);
  g_clear_object (&store);

  template = cf_test_read_file (path);
  cf_test_remove_tree (dir);
  g_hash_table_insert (supervised_templates, g_steal_pointer (&key), template);

  return template;
}

/* Writes a copy of the supervised template to @path and opens it. */
CfStore *
cf_test_open_supervised_store (const char *path,
                               const char *name,
                               const char *employee_no,
                               const char *login,
                               const char *password)
{
  g_autoptr (GError) error = NULL;
  GBytes *template = cf_test_get_supervised_template (name, employee_no, login, password);
  CfStore *store;

  g_file_set_contents (path, g_bytes_get_data (template, NULL),
                       g_bytes_get_size (template), &error);
  g_assert_no_error (error);

  store = cf_store_open (path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  return store;
}

void
cf_test_clear_supervised_templates (void)
{
  g_clear_pointer (&supervised_templates, g_hash_table_unref);
}

/* Called by SQLite for every write transaction that commits. */
static int
on_commit_cb (void *user_data)
{
  CfTestSupervisedFixture *f = user_data;

  f->n_commits++;
  return 0;
}

void
cf_test_supervised_set_up (CfTestSupervisedFixture *f,
                           gconstpointer            data)
{
  f->dir = cf_test_make_dir (&f->path);
  f->store = cf_test_open_supervised_store (f->path, CF_TEST_SUPERVISOR_NAME,
                                            CF_TEST_SUPERVISOR_NO, CF_TEST_SUPERVISOR_LOGIN,
                                            CF_TEST_PASSWORD);
  f->supervisor_id = cf_test_query_text (f->store, "SELECT id FROM app_user", NULL);
  g_assert_nonnull (f->supervisor_id);

  sqlite3_commit_hook (cf_store_get_connection (f->store), on_commit_cb, f);
}

void
cf_test_supervised_tear_down (CfTestSupervisedFixture *f,
                              gconstpointer            data)
{
  if (f->store != NULL)
    sqlite3_commit_hook (cf_store_get_connection (f->store), NULL, NULL);
  g_clear_object (&f->store);
  g_clear_pointer (&f->supervisor_id, g_free);
  cf_test_remove_tree (f->dir);
  g_clear_pointer (&f->path, g_free);
  g_clear_pointer (&f->dir, g_free);
}

/* The hash of @password, made on the first call and kept until
 * cf_test_clear_caches ().
 */
const char *
cf_test_password_hash (const char *password)
{
  g_autoptr (GError) error = NULL;
  char *hash;

  if (password_hashes == NULL)
    password_hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  hash = g_hash_table_lookup (password_hashes, password);
  if (hash != NULL)
    return hash;

  hash = cf_password_hash (password, &error);
  g_assert_no_error (error);
  g_hash_table_insert (password_hashes, g_strdup (password), hash);

  return hash;
}

/* Frees the supervised templates and the password hashes. */
void
cf_test_clear_caches (void)
{
  cf_test_clear_supervised_templates ();
  g_clear_pointer (&password_hashes, g_hash_table_unref);
}

/* The first column of the first row, or NULL when there is no row. */
char *
cf_test_query_text (CfStore    *store,
                    const char *sql,
                    const char *parameter)
{
  int result;
  g_autoptr (CfStatement) stmt = query_step (store, sql, parameter, &result);

  if (result != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* The first column of the first row, which must be there. */
gint64
cf_test_query_integer (CfStore    *store,
                       const char *sql,
                       const char *parameter)
{
  int result;
  g_autoptr (CfStatement) stmt = query_step (store, sql, parameter, &result);

  g_assert_cmpint (result, ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

/* Creates a @kind record with @values as @author; returns its id. */
char *
cf_test_create_record (CfStore    *store,
                       const char *author,
                       const char *kind,
                       JsonObject *values)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfOp) op = cf_op_new_create (kind, values);

  cf_store_apply (store, author, &op, 1, &error);
  g_assert_no_error (error);

  return g_strdup (cf_op_get_record_id (op));
}

/* Creates a team called @name as @author; returns its id. */
char *
cf_test_create_team (CfStore    *store,
                     const char *author,
                     const char *name)
{
  g_autoptr (JsonObject) values = json_object_new ();

  json_object_set_string_member (values, "name", name);
  return cf_test_create_record (store, author, "team", values);
}

/* Creates a staff member called @name in @role and their user @login,
 * with a signing key opened by @password; returns the user's id.
 */
char *
cf_test_create_signing_user (CfStore    *store,
                             const char *author,
                             const char *employee_no,
                             const char *role,
                             const char *name,
                             const char *login,
                             const char *password)
{
  g_autoptr (JsonObject) staff = json_object_new ();
  g_autoptr (JsonObject) user = json_object_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *staff_id = NULL;

  json_object_set_string_member (staff, "employee_no", employee_no);
  json_object_set_string_member (staff, "name", name);
  json_object_set_string_member (staff, "role", role);
  staff_id = cf_test_create_record (store, author, "staff", staff);
  json_object_set_string_member (user, "staff", staff_id);
  json_object_set_string_member (user, "login", login);
  json_object_set_string_member (user, "password_hash", cf_test_password_hash (password));
  g_assert_true (cf_signing_add_keys (user, password, &error));
  g_assert_no_error (error);

  return cf_test_create_record (store, author, "user", user);
}

/* Applies @ops (owned), which must have been built without @build_error,
 * as @author.
 */
void
cf_test_apply_ops (CfStore    *store,
                   const char *author,
                   GPtrArray  *ops,
                   GError     *build_error)
{
  g_autoptr (GPtrArray) owned = ops;
  g_autoptr (GError) error = NULL;

  g_assert_no_error (build_error);
  g_assert_nonnull (ops);
  g_assert_true (cf_store_apply (store, author, (CfOp * const *) ops->pdata, ops->len, &error));
  g_assert_no_error (error);
}

static void
never_rewrite (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  sqlite3_result_int (context, 0);
}

static void
always_rewrite (sqlite3_context  *context,
                int               argc,
                sqlite3_value   **argv)
{
  sqlite3_result_int (context, 1);
}

/* Defines callfloor_sync_rewrite () on @db, which the store's triggers ask
 * whether a change comes through the sync path.
 */
void
cf_test_set_rewrite (sqlite3       *db,
                     CfTestRewrite  rewrite)
{
  g_assert_cmpint (rewrite, !=, CF_TEST_REWRITE_UNSET);
  sqlite3_create_function_v2 (db, "callfloor_sync_rewrite", 0, SQLITE_UTF8, NULL,
                              rewrite == CF_TEST_REWRITE_ALWAYS ? always_rewrite : never_rewrite,
                              NULL, NULL, NULL);
}

/* A connection to the database at @path of its own, as another program
 * opens it.
 */
sqlite3 *
cf_test_open_raw (const char    *path,
                  CfTestRewrite  rewrite)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (rewrite != CF_TEST_REWRITE_UNSET)
    cf_test_set_rewrite (db, rewrite);

  return db;
}

/* The @kind record @record_id, which must be there. */
JsonObject *
cf_test_get_record (CfStore    *store,
                    const char *kind,
                    const char *record_id)
{
  g_autoptr (GError) error = NULL;
  JsonObject *record = cf_store_get_record (store, kind, record_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);

  return record;
}

/* The string @field of a record, or NULL when it is null. */
char *
cf_test_record_string (CfStore    *store,
                       const char *kind,
                       const char *record_id,
                       const char *field)
{
  g_autoptr (JsonObject) record = cf_test_get_record (store, kind, record_id);

  if (json_object_get_null_member (record, field))
    return NULL;

  return g_strdup (json_object_get_string_member (record, field));
}

gint64
cf_test_record_rev (CfStore    *store,
                    const char *kind,
                    const char *record_id)
{
  g_autoptr (JsonObject) record = cf_test_get_record (store, kind, record_id);

  return json_object_get_int_member (record, "rev");
}

gboolean
cf_test_record_deleted (CfStore    *store,
                        const char *kind,
                        const char *record_id)
{
  g_autoptr (JsonObject) record = cf_test_get_record (store, kind, record_id);

  return json_object_get_boolean_member (record, "deleted");
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @condition holds, or for @seconds at most;
 * returns whether it held.
 */
gboolean
cf_test_wait_until (gboolean (*condition) (gpointer),
                    gpointer   data,
                    guint      seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (10, wake_cb, NULL);
  gboolean met;

  while (!(met = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_id);

  return met;
}

/* A file of the throwaway TLS set in tests/data/tls: ca.pem, the CA;
 * server.pem and server-key.pem, the certificate it signed for 127.0.0.1.
 */
char *
cf_test_tls_file (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "tls", name, NULL);
}

/* Lines for cf_test_start_server ()'s @extra_config: the server then
 * serves HTTPS with the certificate signed by the test CA.
 */
char *
cf_test_tls_config (void)
{
  g_autofree char *certificate = cf_test_tls_file ("server.pem");
  g_autofree char *key = cf_test_tls_file ("server-key.pem");

  return g_strdup_printf ("tls-certificate=%s\ntls-key=%s\n", certificate, key);
}

/* The server dies with the test, so a failing test never leaves it behind
 * holding the test's output open.
 */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/**
 * cf_test_start_server:
 * @extra_config: (nullable): more lines for the [server] group
 * @port: (inout): the port to listen on, on 127.0.0.1: 0 for an ephemeral
 *   one, which is then returned
 *
 * Starts the real callfloor-server named by $CALLFLOOR_SERVER and returns
 * once it listens: it prints its port then; a server that fails closes its
 * output and the test fails here.
 */
GSubprocess *
cf_test_start_server (const char *folder,
                      const char *database,
                      const char *extra_config,
                      guint      *port)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *config = g_build_filename (folder, "server.conf", NULL);
  g_autofree char *contents = g_strdup_printf ("[server]\nlisten=127.0.0.1:%u\n%s", *port,
                                               extra_config != NULL ? extra_config : "");
  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GDataInputStream) output = NULL;
  g_autofree char *line = NULL;
  GSubprocess *server;

  g_assert_nonnull (g_getenv ("CALLFLOOR_SERVER"));
  g_assert_true (g_file_set_contents (config, contents, -1, NULL));
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CALLFLOOR_SERVER"),
                                        "--config", config, "--database", database,
                                        "--print-port", NULL);
  g_assert_no_error (error);

  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  *port = (guint) g_ascii_strtoull (line, NULL, 10);
  g_assert_cmpuint (*port, >, 0);

  return server;
}

/**
 * cf_test_run_tool:
 * @argv: a program found in PATH and its arguments
 *
 * Runs a tool that reads back what a test wrote (pdftotext, python3…);
 * a tool that is missing or fails fails the test.
 *
 * Returns: (transfer full): what it printed
 */
char *
cf_test_run_tool (const char * const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  /* Not found is a failure: CI installs poppler-utils and python3. */
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);

  return out;
}

/* @text without any white space, as a printed text may wrap anywhere. */
char *
cf_test_squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    {
      if (!g_unichar_isspace (g_utf8_get_char (c)))
        g_string_append_unichar (out, g_utf8_get_char (c));
    }

  return g_string_free (out, FALSE);
}

/* Returns: how many files and folders @dir holds; 0 when it is missing */
guint
cf_test_count_files (const char *dir)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    n++;

  return n;
}
