/* test-store.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cf-op.h"
#include "cf-registry.h"
#include "cf-session.h"
#include "cf-staff-directory.h"
#include "cf-store.h"
#include "cf-uuid.h"

#include "cf-roster.h"
#include "cf-test-util.h"

/* Every test works on a real database file in a folder of its own. Users
 * are expensive to make (Argon2id takes a tenth of a second and 64 MiB), so
 * the database with its first supervisor is made once and copied (see
 * cf_test_open_supervised_store ()).
 */

#define SUPERVISOR_NAME     "Ada Supervisor"
#define SUPERVISOR_NO       "S001"
#define SUPERVISOR_LOGIN    "ada"
#define PASSWORD            "correct horse battery"

typedef struct
{
  char      *dir;
  char      *path;
  CfStore   *store;
  CfSession *session;
  char      *supervisor_id;        /* the first supervisor's user id */
  char      *supervisor_staff_id;

  /* What the store's changed signal reported, one entry per emission. */
  GPtrArray *changed_kinds;        /* char * */
  GPtrArray *changed_ids;          /* GStrv */
} Fixture;

typedef struct
{
  gint64  device_seq;
  char   *op_id;
  char   *author;
  char   *kind;
  char   *record_id;
  char   *action;
  char   *changes;
  char   *undoes;
} LoggedOp;


static void
logged_op_free (LoggedOp *logged)
{
  g_free (logged->op_id);
  g_free (logged->author);
  g_free (logged->kind);
  g_free (logged->record_id);
  g_free (logged->action);
  g_free (logged->changes);
  g_free (logged->undoes);
  g_free (logged);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoggedOp, logged_op_free)

static void
assert_file_unchanged (const char *path,
                       GBytes     *before)
{
  g_autoptr (GBytes) after = cf_test_read_file (path);

  g_assert_cmpuint (g_bytes_get_size (after), ==, g_bytes_get_size (before));
  g_assert_true (g_bytes_equal (after, before));
}

static void
assert_message_contains (const GError *error,
                         const char   *needle)
{
  g_assert_nonnull (error);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, needle);
}

static void
on_store_changed_cb (CfStore           *store,
                     const char        *kind,
                     const char *const *ids,
                     Fixture           *f)
{
  g_ptr_array_add (f->changed_kinds, g_strdup (kind));
  g_ptr_array_add (f->changed_ids, g_strdupv ((char **) ids));
}

static void
forget_changes (Fixture *f)
{
  g_ptr_array_set_size (f->changed_kinds, 0);
  g_ptr_array_set_size (f->changed_ids, 0);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = cf_test_make_dir (&f->path);
  f->changed_kinds = g_ptr_array_new_with_free_func (g_free);
  f->changed_ids = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
}

static void
fixture_set_up_supervised (Fixture       *f,
                           gconstpointer  data)
{
  fixture_set_up (f, data);

  f->store = cf_test_open_supervised_store (f->path, SUPERVISOR_NAME, SUPERVISOR_NO,
                                            SUPERVISOR_LOGIN, PASSWORD);
  f->session = cf_session_new (f->store);
  f->supervisor_id = cf_test_query_text (f->store, "SELECT id FROM app_user", NULL);
  f->supervisor_staff_id = cf_test_query_text (f->store, "SELECT staff FROM app_user", NULL);
  g_assert_true (cf_uuid_is_valid (f->supervisor_id));

  g_signal_connect (f->store, "changed", G_CALLBACK (on_store_changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->store != NULL)
    g_signal_handlers_disconnect_by_data (f->store, f);
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  g_clear_pointer (&f->changed_kinds, g_ptr_array_unref);
  g_clear_pointer (&f->changed_ids, g_ptr_array_unref);
  g_clear_pointer (&f->supervisor_id, g_free);
  g_clear_pointer (&f->supervisor_staff_id, g_free);
  cf_test_remove_tree (f->dir);
  g_clear_pointer (&f->path, g_free);
  g_clear_pointer (&f->dir, g_free);
}

static JsonObject *
staff_values (const char *employee_no,
              const char *name,
              const char *role)
{
  JsonObject *values = json_object_new ();

  if (employee_no != NULL)
    json_object_set_string_member (values, "employee_no", employee_no);
  if (name != NULL)
    json_object_set_string_member (values, "name", name);
  if (role != NULL)
    json_object_set_string_member (values, "role", role);

  return values;
}

static CfOp *
staff_create_op (const char *employee_no,
                 const char *name)
{
  g_autoptr (JsonObject) values = staff_values (employee_no, name, "agent");

  return cf_op_new_create ("staff", values);
}

static gboolean
apply_one (Fixture     *f,
           const char  *author,
           CfOp        *op,
           GError     **error)
{
  return cf_store_apply (f->store, author, &op, 1, error);
}

/* Returns the new member's id; @team_id may be NULL. */
static char *
create_staff (Fixture    *f,
              const char *employee_no,
              const char *name,
              const char *role,
              const char *team_id)
{
  g_autoptr (JsonObject) values = staff_values (employee_no, name, role);

  if (team_id != NULL)
    json_object_set_string_member (values, "team", team_id);
  return cf_test_create_record (f->store, f->supervisor_id, "staff", values);
}

/* A member of staff with @role and a desktop account whose password is
 * PASSWORD. Returns the user id.
 */
static char *
create_user (Fixture     *f,
             const char  *employee_no,
             const char  *name,
             const char  *role,
             const char  *login,
             char       **out_staff_id)
{
  g_autoptr (JsonObject) values = json_object_new ();
  g_autofree char *staff_id = create_staff (f, employee_no, name, role, NULL);
  char *user_id;

  json_object_set_string_member (values, "staff", staff_id);
  json_object_set_string_member (values, "login", login);
  json_object_set_string_member (values, "password_hash", cf_test_password_hash (PASSWORD));
  user_id = cf_test_create_record (f->store, f->supervisor_id, "user", values);

  if (out_staff_id != NULL)
    *out_staff_id = g_steal_pointer (&staff_id);

  return user_id;
}

/* Returns the applied op: its op id is NULL when nothing changed. */
static CfOp *
apply_patch (Fixture     *f,
             const char  *author,
             const char  *kind,
             const char  *record_id,
             JsonObject  *set,
             GError     **error)
{
  g_autoptr (CfOp) op = cf_op_new_patch (kind, record_id, set);

  if (!apply_one (f, author, op, error))
    return NULL;

  return g_steal_pointer (&op);
}

static CfOp *
patch_string (Fixture     *f,
              const char  *author,
              const char  *kind,
              const char  *record_id,
              const char  *field,
              const char  *value,
              GError     **error)
{
  g_autoptr (JsonObject) set = json_object_new ();

  json_object_set_string_member (set, field, value);
  return apply_patch (f, author, kind, record_id, set, error);
}

/* Sets active to false on a @kind record, as the first supervisor. */
static CfOp *
deactivate_record (Fixture    *f,
                   const char *kind,
                   const char *record_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) set = json_object_new ();
  CfOp *op;

  json_object_set_boolean_member (set, "active", FALSE);
  op = apply_patch (f, f->supervisor_id, kind, record_id, set, &error);
  g_assert_no_error (error);

  return op;
}

static JsonObject *
get_record (Fixture    *f,
            const char *kind,
            const char *record_id)
{
  g_autoptr (GError) error = NULL;
  JsonObject *record = cf_store_get_record (f->store, kind, record_id, &error);

  g_assert_no_error (error);
  return record;
}

static char *
get_string (Fixture    *f,
            const char *kind,
            const char *record_id,
            const char *field)
{
  g_autoptr (JsonObject) record = get_record (f, kind, record_id);

  return g_strdup (json_object_get_string_member (record, field));
}

static gboolean
get_boolean (Fixture    *f,
             const char *kind,
             const char *record_id,
             const char *field)
{
  g_autoptr (JsonObject) record = get_record (f, kind, record_id);

  return json_object_get_boolean_member (record, field);
}

static void
assert_no_record (Fixture    *f,
                  const char *kind,
                  const char *record_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) record = cf_store_get_record (f->store, kind, record_id, &error);

  g_assert_null (record);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
}

static gint64
count_op_log (Fixture *f)
{
  return cf_store_count (f->store, "SELECT COUNT(*) FROM op_log");
}

static gint64
count_staff (Fixture *f)
{
  return cf_store_count (f->store, "SELECT COUNT(*) FROM staff");
}

static gint64
last_device_seq (Fixture *f)
{
  return cf_store_count (f->store, "SELECT COALESCE (MAX (device_seq), 0) FROM op_log");
}

/* A refused write left nothing behind: no op beyond the @n_logged there
 * were, no change reported and no transaction left open.
 */
static void
assert_nothing_written (Fixture *f,
                        gint64   n_logged)
{
  g_assert_cmpint (count_op_log (f), ==, n_logged);
  g_assert_cmpuint (f->changed_kinds->len, ==, 0);
  g_assert_true (sqlite3_get_autocommit (cf_store_get_connection (f->store)));
}

static LoggedOp *
read_logged_op (Fixture    *f,
                const char *op_id)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (f->store,
                      "SELECT device_seq, op_id, author, kind, record_id, action, changes, undoes "
                      "FROM op_log WHERE op_id = ?", NULL);
  LoggedOp *logged;

  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, op_id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  logged = g_new0 (LoggedOp, 1);
  logged->device_seq = sqlite3_column_int64 (stmt, 0);
  logged->op_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  logged->author = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  logged->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  logged->record_id = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  logged->action = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  logged->changes = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  logged->undoes = g_strdup ((const char *) sqlite3_column_text (stmt, 7));

  return logged;
}

/* Returns the "set" or "base" half of a logged op's changes. */
static JsonObject *
parse_changes (const char *changes,
               const char *half)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_data (parser, changes, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (root, half));

  return json_object_ref (json_object_get_object_member (root, half));
}

static GPtrArray *
undo (Fixture     *f,
      const char  *author,
      const char  *op_id,
      GError     **error)
{
  const char *op_ids[] = { op_id, NULL };

  return cf_store_undo (f->store, author, op_ids, error);
}

static const char *
first_op_id (GPtrArray *ops)
{
  g_assert_nonnull (ops);
  g_assert_cmpuint (ops->len, ==, 1);

  return cf_op_get_op_id (g_ptr_array_index (ops, 0));
}

/* An independent connection to the file, to see what reached the disk. */
static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  return db;
}

static gint64
raw_integer (sqlite3    *db,
             const char *sql,
             const char *parameter)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (parameter != NULL)
    sqlite3_bind_text (stmt, 1, parameter, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/* Store: opening, migration and damaged files */

static void
test_store_migrate_new (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const tables[] = { "staff", "team", "app_user", "op_log", "meta" };
  g_autoptr (GError) error = NULL;
  g_autofree char *device_id = NULL;
  g_autofree char *journal_mode = NULL;
  sqlite3 *db;

  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));

  f->store = cf_store_open (f->path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
  g_assert_cmpstr (cf_store_get_path (f->store), ==, f->path);

  journal_mode = cf_test_query_text (f->store, "PRAGMA journal_mode", NULL);
  g_assert_cmpstr (journal_mode, ==, "wal");
  g_assert_cmpint (cf_store_count (f->store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (cf_store_count (f->store, "PRAGMA user_version"), ==,
                   CF_STORE_SCHEMA_VERSION);

  device_id = g_strdup (cf_store_get_device_id (f->store));
  g_assert_true (cf_uuid_is_valid (device_id));

  /* What reached the file, seen by another connection once the store is closed. */
  g_clear_object (&f->store);
  db = open_raw (f->path);
  g_assert_cmpint (raw_integer (db, "PRAGMA user_version", NULL), ==, CF_STORE_SCHEMA_VERSION);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      gint64 found = raw_integer (db, "SELECT COUNT(*) FROM sqlite_schema "
                                      "WHERE type = 'table' AND name = ?", tables[i]);
      if (found != 1)
        g_error ("The table %s was not created", tables[i]);
    }
  g_assert_cmpint (raw_integer (db, "SELECT COUNT(*) FROM meta WHERE key = 'device_id'", NULL),
                   ==, 1);
  /* Migration 8: each user's signing keys. */
  g_assert_cmpint (raw_integer (db, "SELECT COUNT(*) FROM pragma_table_info ('app_user') "
                                    "WHERE name IN ('public_key', 'sealed_secret_key')", NULL),
                   ==, 2);
  sqlite3_close (db);

  /* Reopening migrates nothing and keeps the device id its ops are signed with. */
  f->store = cf_store_open (f->path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_store_get_device_id (f->store), ==, device_id);
  g_assert_cmpint (cf_store_count (f->store, "PRAGMA user_version"), ==,
                   CF_STORE_SCHEMA_VERSION);
  g_assert_cmpint (cf_store_count (f->store, "PRAGMA foreign_keys"), ==, 1);
}

static void
test_store_too_new (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) before = NULL;
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d",
                                           CF_STORE_SCHEMA_VERSION + 1);
  sqlite3 *db;

  f->store = cf_store_open (f->path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_clear_object (&f->store);

  db = open_raw (f->path);
  g_assert_cmpint (sqlite3_exec (db, bump, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = cf_test_read_file (f->path);

  f->store = cf_store_open (f->path, CF_STORE_FLAGS_NONE, &error);
  g_assert_null (f->store);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_TOO_NEW);
  assert_message_contains (error, "newer");

  assert_file_unchanged (f->path, before);
  db = open_raw (f->path);
  g_assert_cmpint (raw_integer (db, "PRAGMA user_version", NULL), ==,
                   CF_STORE_SCHEMA_VERSION + 1);
  sqlite3_close (db);
}

static void
test_store_not_a_database (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) before = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *journal = g_strconcat (f->path, "-journal", NULL);

  g_file_set_contents (f->path, "hello, not a database\n", -1, &error);
  g_assert_no_error (error);
  before = cf_test_read_file (f->path);

  f->store = cf_store_open (f->path, CF_STORE_FLAGS_NONE, &error);
  g_assert_null (f->store);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_A_DATABASE);
  assert_message_contains (error, f->path);

  assert_file_unchanged (f->path, before);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static void
test_store_path_is_folder (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  g_assert_no_errno (g_mkdir (f->path, 0700));

  f->store = cf_store_open (f->path, CF_STORE_FLAGS_NONE, &error);
  g_assert_null (f->store);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_A_DATABASE);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_DIR));
}

static void
test_store_corrupt (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (GBytes) healthy = NULL;
  g_autoptr (GBytes) damaged = NULL;
  const guint8 *bytes;
  guint8 *copy;
  gsize size;
  gsize page_size;
  gsize offset;

  /* Enough people that the file spans many pages. */
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *number = g_strdup_printf ("E%04u", i);
      g_autofree char *name = g_strdup_printf ("Member of staff number %u", i);

      g_ptr_array_add (ops, staff_create_op (number, name));
    }
  cf_store_apply (f->store, f->supervisor_id, (CfOp * const *) ops->pdata, ops->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_staff (f), ==, 301);

  /* Closed, so the WAL is checkpointed into the file. */
  g_signal_handlers_disconnect_by_data (f->store, f);
  g_clear_object (&f->session);
  g_clear_object (&f->store);

  healthy = cf_test_read_file (f->path);
  bytes = g_bytes_get_data (healthy, &size);
  page_size = (bytes[16] << 8) | bytes[17];
  if (page_size == 1)
    page_size = 65536;
  offset = page_size * 3;
  g_assert_cmpuint (size, >=, page_size * 8);

  copy = g_memdup2 (bytes, size);
  memset (copy + offset, 0xA5, 512);
  damaged = g_bytes_new_take (copy, size);
  g_file_set_contents (f->path, g_bytes_get_data (damaged, NULL), size, &error);
  g_assert_no_error (error);

  f->store = cf_store_open (f->path, CF_STORE_FLAGS_NONE, &error);
  g_assert_null (f->store);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CORRUPT);
  assert_message_contains (error, f->path);

  assert_file_unchanged (f->path, damaged);
}

static void
test_store_cant_create_folder (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) before = NULL;
  g_autofree char *file = g_build_filename (f->dir, "afile", NULL);
  g_autofree char *folder = g_build_filename (file, "sub", NULL);
  g_autofree char *path = g_build_filename (folder, "callfloor.db", NULL);

  /* A folder cannot be made inside a file, even by root. */
  g_file_set_contents (file, "just a file\n", -1, &error);
  g_assert_no_error (error);
  before = cf_test_read_file (file);

  f->store = cf_store_open (path, CF_STORE_FLAGS_NONE, &error);
  g_assert_null (f->store);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CANT_OPEN);
  assert_message_contains (error, folder);

  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  assert_file_unchanged (file, before);
}

/* Session: the first supervisor */

static void
test_session_first_supervisor (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *staff_id = NULL;
  g_autoptr (JsonObject) staff = NULL;

  f->store = cf_store_open (f->path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  f->session = cf_session_new (f->store);
  g_assert_true (cf_session_needs_first_supervisor (f->session));

  g_assert_true (cf_session_create_first_supervisor (f->session, SUPERVISOR_NAME, SUPERVISOR_NO,
                                                     SUPERVISOR_LOGIN, PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_false (cf_session_needs_first_supervisor (f->session));

  g_assert_cmpint (count_staff (f), ==, 1);
  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM app_user"), ==, 1);
  user_id = cf_test_query_text (f->store, "SELECT id FROM app_user", NULL);
  staff_id = cf_test_query_text (f->store, "SELECT staff FROM app_user WHERE login = ?",
                                 SUPERVISOR_LOGIN);
  g_assert_true (cf_uuid_is_valid (user_id));
  g_assert_nonnull (staff_id);

  staff = get_record (f, "staff", staff_id);
  g_assert_cmpstr (json_object_get_string_member (staff, "name"), ==, SUPERVISOR_NAME);
  g_assert_cmpstr (json_object_get_string_member (staff, "employee_no"), ==, SUPERVISOR_NO);
  g_assert_cmpstr (json_object_get_string_member (staff, "role"), ==, "supervisor");
  g_assert_true (json_object_get_boolean_member (staff, "active"));

  /* Both records and the default shift types are in the op log,
   * authored by the new user.
   */
  g_assert_cmpint (count_op_log (f), ==, 2 + CF_ROSTER_N_DEFAULT_SHIFT_TYPES);
  g_assert_cmpint (cf_test_query_integer (f->store,
                                          "SELECT COUNT(*) FROM op_log WHERE author = ?",
                                          user_id), ==, 2 + CF_ROSTER_N_DEFAULT_SHIFT_TYPES);
  g_assert_cmpint (cf_test_query_integer (f->store,
                                          "SELECT COUNT(*) FROM op_log WHERE kind = 'staff' "
                                          "AND action = 'create' AND record_id = ?",
                                          staff_id), ==, 1);
  g_assert_cmpint (cf_test_query_integer (f->store,
                                          "SELECT COUNT(*) FROM op_log WHERE kind = 'user' "
                                          "AND action = 'create' AND record_id = ?",
                                          user_id), ==, 1);

  /* Only once: afterwards users are made by a signed-in supervisor. */
  g_assert_false (cf_session_create_first_supervisor (f->session, "Mallory", "S666",
                                                      "mallory", PASSWORD, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
  g_assert_cmpint (count_staff (f), ==, 1);
  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM app_user"), ==, 1);
  g_assert_cmpint (count_op_log (f), ==, 2 + CF_ROSTER_N_DEFAULT_SHIFT_TYPES);
}

static void
test_session_weak_password (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->store = cf_store_open (f->path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  f->session = cf_session_new (f->store);

  g_assert_false (cf_session_create_first_supervisor (f->session, SUPERVISOR_NAME, SUPERVISOR_NO,
                                                      SUPERVISOR_LOGIN, "short1", &error));
  g_assert_error (error, CF_SESSION_ERROR, CF_SESSION_ERROR_WEAK_PASSWORD);
  g_assert_cmpint (count_staff (f), ==, 0);
  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM app_user"), ==, 0);
  g_assert_cmpint (count_op_log (f), ==, 0);
  g_assert_true (cf_session_needs_first_supervisor (f->session));
}

/* Store: the single write path */

static void
test_store_op_log_atomic (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfOp) op = staff_create_op ("E100", "Bea Bauer");
  g_autoptr (CfOp) retry = staff_create_op ("E100", "Bea Bauer");
  sqlite3 *db = cf_store_get_connection (f->store);
  gint64 n_staff = count_staff (f);
  gint64 n_logged = count_op_log (f);

  /* The record is written, then appending to the op log fails. */
  g_assert_cmpint (sqlite3_exec (db, "CREATE TRIGGER fail_log BEFORE INSERT ON op_log "
                                     "BEGIN SELECT RAISE (ABORT, 'injected'); END;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_false (apply_one (f, f->supervisor_id, op, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_null (cf_op_get_op_id (op));
  assert_no_record (f, "staff", cf_op_get_record_id (op));
  g_assert_cmpint (count_staff (f), ==, n_staff);
  assert_nothing_written (f, n_logged);

  /* Without the fault the same change goes through, and is reported. */
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER fail_log", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (apply_one (f, f->supervisor_id, retry, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_staff (f), ==, n_staff + 1);
  g_assert_cmpint (count_op_log (f), ==, n_logged + 1);
  g_assert_cmpuint (f->changed_kinds->len, ==, 1);
}

static void
test_store_batch_atomic (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfOp) first = staff_create_op ("E100", "Bea Bauer");
  g_autoptr (CfOp) second = staff_create_op ("E101", "Carl Cohen");
  g_autoptr (CfOp) third = staff_create_op ("E100", "Dana Duplicate");
  CfOp *ops[] = { first, second, third };
  gint64 n_staff = count_staff (f);
  gint64 n_logged = count_op_log (f);
  gint64 last_seq = last_device_seq (f);

  g_assert_false (cf_store_apply (f->store, f->supervisor_id, ops, G_N_ELEMENTS (ops), &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  assert_message_contains (error, "E100");

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      assert_no_record (f, "staff", cf_op_get_record_id (ops[i]));
      g_assert_null (cf_op_get_op_id (ops[i]));
    }
  g_assert_cmpint (count_staff (f), ==, n_staff);
  g_assert_cmpint (last_device_seq (f), ==, last_seq);
  assert_nothing_written (f, n_logged);
}

static void
test_store_op_log_row (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = create_staff (f, "E100", "Bea Old", "agent", NULL);
  g_autoptr (CfOp) op = NULL;
  g_autoptr (LoggedOp) logged = NULL;
  g_autoptr (JsonObject) set = NULL;
  g_autoptr (JsonObject) base = NULL;
  g_autoptr (JsonObject) record = NULL;
  gint64 last_seq = last_device_seq (f);

  op = patch_string (f, f->supervisor_id, "staff", id, "name", "Bea New", &error);
  g_assert_no_error (error);
  g_assert_true (cf_uuid_is_valid (cf_op_get_op_id (op)));
  g_assert_cmpint (cf_op_get_device_seq (op), ==, last_seq + 1);

  logged = read_logged_op (f, cf_op_get_op_id (op));
  g_assert_cmpint (logged->device_seq, ==, last_seq + 1);
  g_assert_true (cf_uuid_is_valid (logged->op_id));
  g_assert_cmpstr (logged->author, ==, f->supervisor_id);
  g_assert_cmpstr (logged->kind, ==, "staff");
  g_assert_cmpstr (logged->record_id, ==, id);
  g_assert_cmpstr (logged->action, ==, "patch");
  g_assert_null (logged->undoes);

  set = parse_changes (logged->changes, "set");
  base = parse_changes (logged->changes, "base");
  g_assert_cmpuint (json_object_get_size (set), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (set, "name"), ==, "Bea New");
  g_assert_cmpuint (json_object_get_size (base), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (base, "name"), ==, "Bea Old");

  /* The record carries who changed it last. */
  record = get_record (f, "staff", id);
  g_assert_cmpstr (json_object_get_string_member (record, "name"), ==, "Bea New");
  g_assert_cmpstr (json_object_get_string_member (record, "updated_by"), ==, f->supervisor_id);
}

static void
test_store_unchanged_patch (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = create_staff (f, "E100", "Bea Bauer", "agent", NULL);
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (CfOp) same = NULL;
  g_autoptr (CfOp) mixed = NULL;
  g_autoptr (LoggedOp) logged = NULL;
  g_autoptr (JsonObject) logged_set = NULL;
  g_autoptr (JsonObject) logged_base = NULL;
  gint64 n_logged = count_op_log (f);

  forget_changes (f);
  same = patch_string (f, f->supervisor_id, "staff", id, "name", "Bea Bauer", &error);
  g_assert_no_error (error);
  g_assert_null (cf_op_get_op_id (same));
  g_assert_cmpint (count_op_log (f), ==, n_logged);
  g_assert_cmpuint (f->changed_kinds->len, ==, 0);

  /* Only the fields that really change are logged. */
  json_object_set_string_member (set, "name", "Bea Bauer");
  json_object_set_string_member (set, "phone", "4711");
  mixed = cf_op_new_patch ("staff", id, set);
  apply_one (f, f->supervisor_id, mixed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_op_log (f), ==, n_logged + 1);

  logged = read_logged_op (f, cf_op_get_op_id (mixed));
  logged_set = parse_changes (logged->changes, "set");
  logged_base = parse_changes (logged->changes, "base");
  g_assert_cmpuint (json_object_get_size (logged_set), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (logged_set, "phone"), ==, "4711");
  g_assert_true (json_object_has_member (logged_base, "phone"));
  g_assert_true (json_object_get_null_member (logged_base, "phone"));
}

/* Store: undo */

static void
test_store_undo_patch (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = create_staff (f, "E100", "Bea Old", "agent", NULL);
  g_autofree char *name = NULL;
  g_autoptr (CfOp) op = NULL;
  g_autoptr (GPtrArray) undone = NULL;
  g_autoptr (GPtrArray) redone = NULL;
  g_autoptr (LoggedOp) undo_logged = NULL;
  g_autoptr (LoggedOp) redo_logged = NULL;
  g_autoptr (JsonObject) set = NULL;
  gint64 n_logged;

  op = patch_string (f, f->supervisor_id, "staff", id, "name", "Bea New", &error);
  g_assert_no_error (error);
  n_logged = count_op_log (f);

  undone = undo (f, f->supervisor_id, cf_op_get_op_id (op), &error);
  g_assert_no_error (error);
  name = get_string (f, "staff", id, "name");
  g_assert_cmpstr (name, ==, "Bea Old");
  g_clear_pointer (&name, g_free);

  /* An undo is a new op in the log, pointing at the op it undid. */
  g_assert_cmpint (count_op_log (f), ==, n_logged + 1);
  undo_logged = read_logged_op (f, first_op_id (undone));
  g_assert_cmpstr (undo_logged->undoes, ==, cf_op_get_op_id (op));
  g_assert_cmpstr (undo_logged->action, ==, "patch");
  g_assert_cmpstr (undo_logged->record_id, ==, id);
  set = parse_changes (undo_logged->changes, "set");
  g_assert_cmpstr (json_object_get_string_member (set, "name"), ==, "Bea Old");

  /* Undoing the undo redoes the change. */
  redone = undo (f, f->supervisor_id, first_op_id (undone), &error);
  g_assert_no_error (error);
  name = get_string (f, "staff", id, "name");
  g_assert_cmpstr (name, ==, "Bea New");
  redo_logged = read_logged_op (f, first_op_id (redone));
  g_assert_cmpstr (redo_logged->undoes, ==, first_op_id (undone));
  g_assert_cmpint (count_op_log (f), ==, n_logged + 2);
}

static void
test_store_undo_several (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = create_staff (f, "E100", "Name A", "agent", NULL);
  g_autofree char *name = NULL;
  g_autoptr (CfOp) first = NULL;
  g_autoptr (CfOp) second = NULL;
  g_autoptr (GPtrArray) undone = NULL;
  const char *op_ids[3];

  first = patch_string (f, f->supervisor_id, "staff", id, "name", "Name B", &error);
  g_assert_no_error (error);
  second = patch_string (f, f->supervisor_id, "staff", id, "name", "Name C", &error);
  g_assert_no_error (error);

  /* Given in the order they were made, undone newest first. */
  op_ids[0] = cf_op_get_op_id (first);
  op_ids[1] = cf_op_get_op_id (second);
  op_ids[2] = NULL;
  forget_changes (f);
  undone = cf_store_undo (f->store, f->supervisor_id, op_ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (undone->len, ==, 2);

  name = get_string (f, "staff", id, "name");
  g_assert_cmpstr (name, ==, "Name A");

  /* One transaction, one report. */
  g_assert_cmpuint (f->changed_kinds->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->changed_kinds, 0), ==, "staff");
}

static void
test_store_undo_create (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfOp) op = staff_create_op ("E100", "Bea Mistake");
  g_autoptr (GPtrArray) undone = NULL;
  g_autoptr (GPtrArray) redone = NULL;
  g_autoptr (LoggedOp) logged = NULL;
  g_autoptr (CfOp) reuse = NULL;
  const char *id;

  apply_one (f, f->supervisor_id, op, &error);
  g_assert_no_error (error);
  id = cf_op_get_record_id (op);

  undone = undo (f, f->supervisor_id, cf_op_get_op_id (op), &error);
  g_assert_no_error (error);

  /* A tombstone: the row stays (for sync and history) but is deleted. */
  g_assert_true (get_boolean (f, "staff", id, "deleted"));
  g_assert_cmpint (cf_test_query_integer (f->store, "SELECT COUNT(*) FROM staff WHERE id = ?",
                                          id), ==, 1);
  logged = read_logged_op (f, first_op_id (undone));
  g_assert_cmpstr (logged->action, ==, "delete");
  g_assert_cmpstr (logged->undoes, ==, cf_op_get_op_id (op));

  /* A deleted record cannot be edited. */
  g_assert_null (patch_string (f, f->supervisor_id, "staff", id, "name", "Bea Ghost", &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Redo brings the person back. */
  redone = undo (f, f->supervisor_id, first_op_id (undone), &error);
  g_assert_no_error (error);
  g_assert_false (get_boolean (f, "staff", id, "deleted"));

  /* And the employee number is taken again. */
  reuse = staff_create_op ("E100", "Carl Cohen");
  g_assert_false (apply_one (f, f->supervisor_id, reuse, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
}

static void
test_store_undo_changed_since (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = create_staff (f, "E100", "Name A", "agent", NULL);
  g_autofree char *deputy = create_user (f, "D001", "Dee Deputy", "deputy", "dee", NULL);
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;
  g_autoptr (CfOp) mine = NULL;
  g_autoptr (CfOp) theirs = NULL;
  g_autoptr (CfOp) mine_again = NULL;
  g_autoptr (CfOp) theirs_again = NULL;
  g_autoptr (GPtrArray) undone = NULL;
  gint64 n_logged;

  /* Someone else changing another field does not stand in the way. */
  mine = patch_string (f, f->supervisor_id, "staff", id, "name", "Name B", &error);
  g_assert_no_error (error);
  theirs = patch_string (f, deputy, "staff", id, "phone", "555", &error);
  g_assert_no_error (error);
  undone = undo (f, f->supervisor_id, cf_op_get_op_id (mine), &error);
  g_assert_no_error (error);
  name = get_string (f, "staff", id, "name");
  phone = get_string (f, "staff", id, "phone");
  g_assert_cmpstr (name, ==, "Name A");
  g_assert_cmpstr (phone, ==, "555");
  g_clear_pointer (&name, g_free);

  /* Someone else changing the same field does. */
  mine_again = patch_string (f, f->supervisor_id, "staff", id, "name", "Name X", &error);
  g_assert_no_error (error);
  theirs_again = patch_string (f, deputy, "staff", id, "name", "Name Y", &error);
  g_assert_no_error (error);
  n_logged = count_op_log (f);
  forget_changes (f);

  g_assert_null (undo (f, f->supervisor_id, cf_op_get_op_id (mine_again), &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CHANGED);
  name = get_string (f, "staff", id, "name");
  g_assert_cmpstr (name, ==, "Name Y");
  assert_nothing_written (f, n_logged);
}

static void
test_store_undo_deactivate (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = create_staff (f, "E100", "Bea Bauer", "agent", NULL);
  g_autoptr (CfOp) op = NULL;
  g_autoptr (GPtrArray) undone = NULL;

  g_assert_true (get_boolean (f, "staff", id, "active"));
  op = deactivate_record (f, "staff", id);
  g_assert_false (get_boolean (f, "staff", id, "active"));

  undone = undo (f, f->supervisor_id, cf_op_get_op_id (op), &error);
  g_assert_no_error (error);
  g_assert_true (get_boolean (f, "staff", id, "active"));
  g_assert_false (get_boolean (f, "staff", id, "deleted"));
}

/* Store: validation from the registry */

static void
assert_create_invalid (Fixture    *f,
                       JsonObject *values,
                       const char *needle)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfOp) op = cf_op_new_create ("staff", values);
  gint64 n_staff = count_staff (f);
  gint64 n_logged = count_op_log (f);

  g_assert_false (apply_one (f, f->supervisor_id, op, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  assert_message_contains (error, needle);
  g_assert_cmpint (count_staff (f), ==, n_staff);
  g_assert_cmpint (count_op_log (f), ==, n_logged);
}

static void
test_store_validation (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = create_staff (f, "E100", "Bea Bauer", "agent", NULL);
  g_autofree char *missing_team = cf_uuid_new_v7 ();
  g_autoptr (JsonObject) no_name = staff_values ("E200", NULL, "agent");
  g_autoptr (JsonObject) blank_name = staff_values ("E200", "   ", "agent");
  g_autoptr (JsonObject) bad_date = staff_values ("E200", "Carl Cohen", "agent");
  g_autoptr (JsonObject) bad_role = staff_values ("E200", "Carl Cohen", "pilot");
  g_autoptr (JsonObject) unknown = staff_values ("E200", "Carl Cohen", "agent");
  g_autoptr (JsonObject) no_team = staff_values ("E200", "Carl Cohen", "agent");
  g_autoptr (JsonObject) good = staff_values ("E200", "Carl Cohen", "agent");
  g_autoptr (CfOp) patch = NULL;
  g_autoptr (CfOp) create = NULL;
  g_autofree char *name = NULL;

  assert_create_invalid (f, no_name, "Name");
  assert_create_invalid (f, blank_name, "Name");

  json_object_set_string_member (bad_date, "hire_date", "2026-02-30");
  assert_create_invalid (f, bad_date, "Hire date");

  assert_create_invalid (f, bad_role, "Role");

  json_object_set_string_member (unknown, "nickname", "Cc");
  assert_create_invalid (f, unknown, "nickname");

  json_object_set_string_member (no_team, "team", missing_team);
  assert_create_invalid (f, no_team, "Team");

  /* A patch is held to the same rules and changes nothing when refused. */
  g_assert_null (patch_string (f, f->supervisor_id, "staff", id, "hire_date", "2026-13-01",
                               &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  assert_message_contains (error, "Hire date");
  g_clear_error (&error);
  g_assert_null (patch_string (f, f->supervisor_id, "staff", id, "nickname", "Bb", &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  assert_message_contains (error, "nickname");
  g_clear_error (&error);
  g_assert_null (patch_string (f, f->supervisor_id, "staff", id, "name", "", &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  assert_message_contains (error, "Name");
  g_clear_error (&error);
  name = get_string (f, "staff", id, "name");
  g_assert_cmpstr (name, ==, "Bea Bauer");

  /* The same values with the faults removed are accepted. */
  json_object_set_string_member (good, "hire_date", "2024-02-29");
  create = cf_op_new_create ("staff", good);
  apply_one (f, f->supervisor_id, create, &error);
  g_assert_no_error (error);
}

/* A new database starts with the five default shift types. A roster cell
 * has the id its staff member and date give it, so no desktop can make a
 * second one for the same slot; which staff member and day a cell is for
 * never changes.
 */
static void
test_store_roster_slot (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (JsonObject) values = json_object_new ();
  g_autoptr (JsonObject) move = json_object_new ();
  g_autoptr (CfOp) create = NULL;
  g_autoptr (CfOp) again = NULL;
  g_autoptr (CfOp) moved = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *early = cf_test_query_text (f->store, "SELECT id FROM shift_type WHERE "
                                                         "night = 0 AND counts_as_work = 1 "
                                                         "ORDER BY start_minute LIMIT 1", NULL);
  g_autofree char *natural_id = NULL;

  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM shift_type WHERE active = 1"),
                   ==, CF_ROSTER_N_DEFAULT_SHIFT_TYPES);
  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM shift_type WHERE night = 1 "
                                             "AND end_minute < start_minute"), ==, 1);
  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM shift_type "
                                             "WHERE counts_as_work = 0"), ==, 1);

  json_object_set_string_member (values, "staff", f->supervisor_staff_id);
  json_object_set_string_member (values, "date", "2026-12-07");
  json_object_set_string_member (values, "shift_type", early);
  natural_id = cf_kind_natural_id (cf_registry_lookup ("roster_assignment"), values);
  create = cf_op_new_create ("roster_assignment", values);
  g_assert_cmpstr (cf_op_get_record_id (create), ==, natural_id);
  g_assert_true (cf_store_apply (f->store, f->supervisor_id, &create, 1, &error));
  g_assert_no_error (error);

  /* The same slot again is the same record: it cannot be made twice. */
  again = cf_op_new_create ("roster_assignment", values);
  g_assert_false (cf_store_apply (f->store, f->supervisor_id, &again, 1, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A cell made with another id for the slot is refused. */
  {
    g_autofree char *forged_id = cf_uuid_new_v7 ();

    g_assert_false (cf_kind_check_new_id (cf_registry_lookup ("roster_assignment"), forged_id,
                                          values, &error));
    g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* Moving a cell to another day is refused; emptying it is a change. */
  json_object_set_string_member (move, "date", "2026-12-09");
  moved = cf_op_new_patch ("roster_assignment", natural_id, move);
  g_assert_false (cf_store_apply (f->store, f->supervisor_id, &moved, 1, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autoptr (JsonObject) empty = json_object_new ();
    g_autoptr (CfOp) clear = NULL;

    json_object_set_null_member (empty, "shift_type");
    clear = cf_op_new_patch ("roster_assignment", natural_id, empty);
    g_assert_true (cf_store_apply (f->store, f->supervisor_id, &clear, 1, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM roster_assignment "
                                             "WHERE shift_type IS NULL"), ==, 1);
}

/* The whole-file check is skipped only for the very file a clean close
 * left; a file copied while in use (as after a crash: a write-ahead log
 * next to it) is checked, and refused when damaged.
 */
static void
test_store_clean_close (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *stamp_file = g_strconcat (f->path, "-checked", NULL);
  g_autofree char *copy = g_strconcat (f->path, ".copy", NULL);
  g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (CfStore) damaged = NULL;
  guint8 *data_copy;
  gsize size;

  /* In use: a log, and no stamp of a clean close. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (stamp_file, G_FILE_TEST_EXISTS));

  /* A copy taken now, damaged: opened as after a crash, and refused. */
  bytes = cf_test_read_file (f->path);
  data_copy = g_bytes_unref_to_data (g_bytes_ref (bytes), &size);
  g_assert_cmpuint (size, >, 4096 * 3);
  memset (data_copy + 4096 * 2, 0xA5, 512);
  g_assert_true (g_file_set_contents (copy, (const char *) data_copy, size, &error));
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = cf_test_read_file (wal);
  g_assert_true (g_file_set_contents (copy_wal, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), &error));
  g_free (data_copy);
  damaged = cf_store_open (copy, CF_STORE_FLAGS_NONE, &error);
  g_assert_null (damaged);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Closed cleanly: the stamp names the file as it was left. */
  g_signal_handlers_disconnect_by_data (f->store, f);
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (stamp_file, G_FILE_TEST_EXISTS));
  f->store = cf_store_open (f->path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_staff (f), ==, 1);
}

static void
test_store_employee_no_unique (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *zhang = create_staff (f, "1001", "Zhang Wei", "agent", NULL);
  g_autofree char *li = NULL;
  g_autoptr (CfOp) duplicate = staff_create_op ("1001", "Li Na");
  g_autoptr (CfOp) renumber = NULL;
  gint64 n_staff = count_staff (f);

  g_assert_false (apply_one (f, f->supervisor_id, duplicate, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  assert_message_contains (error, "1001");
  assert_message_contains (error, "Zhang Wei");
  g_clear_error (&error);
  g_assert_cmpint (count_staff (f), ==, n_staff);

  /* Renumbering the first person frees the number. */
  renumber = patch_string (f, f->supervisor_id, "staff", zhang, "employee_no", "2001", &error);
  g_assert_no_error (error);
  li = create_staff (f, "1001", "Li Na", "agent", NULL);

  /* Nor can a patch take a number in use. */
  g_assert_null (patch_string (f, f->supervisor_id, "staff", li, "employee_no", "2001", &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  assert_message_contains (error, "Zhang Wei");
}

/* Store: who may do what */

static void
test_store_permissions (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *lead_staff = NULL;
  g_autofree char *lead = create_user (f, "L001", "Lee Lead", "shift_lead", "lee", &lead_staff);
  g_autofree char *deputy = create_user (f, "D001", "Dee Deputy", "deputy", "dee", NULL);
  g_autofree char *nobody = cf_uuid_new_v7 ();
  g_autofree char *name = NULL;
  g_autoptr (CfOp) by_lead = staff_create_op ("E100", "Bea Bauer");
  g_autoptr (CfOp) by_deputy = staff_create_op ("E100", "Bea Bauer");
  g_autoptr (CfOp) by_nobody = staff_create_op ("E101", "Carl Cohen");
  g_autoptr (CfOp) delete = NULL;
  g_autoptr (CfOp) deactivate_lead = NULL;
  g_autoptr (CfOp) by_deactivated = staff_create_op ("E102", "Dana Dorn");
  g_autoptr (JsonObject) user = json_object_new ();
  g_autoptr (CfOp) user_by_deputy = NULL;
  gint64 n_staff = count_staff (f);
  gint64 n_logged = count_op_log (f);

  /* A shift lead reads staff but does not create or edit them. */
  g_assert_false (apply_one (f, lead, by_lead, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
  assert_message_contains (error, "Shift lead");
  g_clear_error (&error);
  g_assert_null (patch_string (f, lead, "staff", f->supervisor_staff_id, "name", "Hacked",
                               &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
  g_clear_error (&error);
  assert_no_record (f, "staff", cf_op_get_record_id (by_lead));
  name = get_string (f, "staff", f->supervisor_staff_id, "name");
  g_assert_cmpstr (name, ==, SUPERVISOR_NAME);
  g_assert_cmpint (count_staff (f), ==, n_staff);
  g_assert_cmpint (count_op_log (f), ==, n_logged);

  /* Someone who is not a user makes no changes at all. */
  g_assert_false (apply_one (f, nobody, by_nobody, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* A deputy manages staff … */
  apply_one (f, deputy, by_deputy, &error);
  g_assert_no_error (error);
  g_assert_false (get_boolean (f, "staff", cf_op_get_record_id (by_deputy), "deleted"));

  /* … but not desktop accounts, which are the supervisor's. */
  json_object_set_string_member (user, "staff", cf_op_get_record_id (by_deputy));
  json_object_set_string_member (user, "login", "bea");
  json_object_set_string_member (user, "password_hash", cf_test_password_hash (PASSWORD));
  user_by_deputy = cf_op_new_create ("user", user);
  g_assert_false (apply_one (f, deputy, user_by_deputy, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
  g_clear_error (&error);
  assert_no_record (f, "user", cf_op_get_record_id (user_by_deputy));

  /* Nobody deletes a person with history, not even a supervisor. */
  n_logged = count_op_log (f);
  delete = cf_op_new_delete ("staff", cf_op_get_record_id (by_deputy));
  g_assert_false (apply_one (f, f->supervisor_id, delete, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (get_boolean (f, "staff", cf_op_get_record_id (by_deputy), "deleted"));
  g_assert_cmpint (count_op_log (f), ==, n_logged);

  /* A deactivated account can no longer make changes. */
  deactivate_lead = deactivate_record (f, "user", lead);
  g_assert_false (apply_one (f, lead, by_deactivated, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
}

/* Session: signing in */

static void
test_session_sign_in (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (cf_session_is_signed_in (f->session));
  g_assert_false (cf_session_can (f->session, "staff", CF_OP_CREATE));

  g_assert_true (cf_session_sign_in (f->session, SUPERVISOR_LOGIN, PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (cf_session_is_signed_in (f->session));
  g_assert_cmpstr (cf_session_get_user_id (f->session), ==, f->supervisor_id);
  g_assert_cmpstr (cf_session_get_staff_id (f->session), ==, f->supervisor_staff_id);
  g_assert_cmpstr (cf_session_get_display_name (f->session), ==, SUPERVISOR_NAME);
  g_assert_cmpstr (cf_session_get_login (f->session), ==, SUPERVISOR_LOGIN);
  g_assert_cmpint (cf_session_get_role (f->session), ==, CF_ROLE_SUPERVISOR);
  g_assert_cmpuint (cf_session_get_retry_delay (f->session), ==, 0);

  /* What the UI offers follows the registry. */
  g_assert_true (cf_session_can (f->session, "staff", CF_OP_CREATE));
  g_assert_true (cf_session_can (f->session, "user", CF_OP_CREATE));
  g_assert_false (cf_session_can (f->session, "staff", CF_OP_DELETE));

  cf_session_sign_out (f->session);
  g_assert_false (cf_session_is_signed_in (f->session));
  g_assert_null (cf_session_get_user_id (f->session));
  g_assert_cmpint (cf_session_get_role (f->session), !=, CF_ROLE_SUPERVISOR);
}

static void
test_session_wrong_password (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfSession) restarted = NULL;
  g_autofree char *failures = NULL;
  guint first_delay;
  guint second_delay;

  g_assert_false (cf_session_sign_in (f->session, SUPERVISOR_LOGIN, "not the password", &error));
  g_assert_error (error, CF_SESSION_ERROR, CF_SESSION_ERROR_WRONG_PASSWORD);
  assert_message_contains (error, "not correct");
  g_clear_error (&error);
  g_assert_false (cf_session_is_signed_in (f->session));
  first_delay = cf_session_get_retry_delay (f->session);
  g_assert_cmpuint (first_delay, >, 0);

  /* Trying again at once is refused, even with the right password. */
  g_assert_false (cf_session_sign_in (f->session, SUPERVISOR_LOGIN, PASSWORD, &error));
  g_assert_error (error, CF_SESSION_ERROR, CF_SESSION_ERROR_TOO_SOON);
  g_clear_error (&error);
  g_assert_false (cf_session_is_signed_in (f->session));

  /* The wait is kept in the database: restarting does not lift it. */
  restarted = cf_session_new (f->store);
  g_assert_cmpuint (cf_session_get_retry_delay (restarted), >, 0);

  /* Pretend the wait is over; another wrong password waits longer. */
  cf_store_set_meta (f->store, "sign_in_retry_at", "0", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_session_get_retry_delay (f->session), ==, 0);
  g_assert_false (cf_session_sign_in (f->session, SUPERVISOR_LOGIN, "still not it", &error));
  g_assert_error (error, CF_SESSION_ERROR, CF_SESSION_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  second_delay = cf_session_get_retry_delay (f->session);
  g_assert_cmpuint (second_delay, >, first_delay);

  /* The right password, once allowed, signs in and clears the count. */
  cf_store_set_meta (f->store, "sign_in_retry_at", "0", &error);
  g_assert_no_error (error);
  g_assert_true (cf_session_sign_in (f->session, SUPERVISOR_LOGIN, PASSWORD, &error));
  g_assert_no_error (error);
  failures = cf_store_get_meta (f->store, "sign_in_failures");
  g_assert_cmpstr (failures, ==, "0");
  g_assert_cmpuint (cf_session_get_retry_delay (f->session), ==, 0);
}

static void
test_session_unknown_user (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr (GError) wrong_password = NULL;
  g_autoptr (GError) unknown_user = NULL;

  g_assert_false (cf_session_sign_in (f->session, SUPERVISOR_LOGIN, "not the password",
                                      &wrong_password));
  g_assert_error (wrong_password, CF_SESSION_ERROR, CF_SESSION_ERROR_WRONG_PASSWORD);

  cf_store_set_meta (f->store, "sign_in_retry_at", "0", NULL);
  g_assert_false (cf_session_sign_in (f->session, "nobody", PASSWORD, &unknown_user));
  g_assert_error (unknown_user, CF_SESSION_ERROR, CF_SESSION_ERROR_WRONG_PASSWORD);

  /* A guesser cannot tell a wrong name from a wrong password. */
  g_assert_cmpstr (unknown_user->message, ==, wrong_password->message);
  g_assert_cmpuint (cf_session_get_retry_delay (f->session), >, 0);
  g_assert_false (cf_session_is_signed_in (f->session));
}

static void
test_session_not_allowed (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dee_staff = NULL;
  g_autofree char *dee = create_user (f, "D001", "Dee Deputy", "deputy", "dee", &dee_staff);
  g_autofree char *agent = create_user (f, "A001", "Abe Agent", "agent", "abe", NULL);
  g_autoptr (CfOp) deactivate = NULL;

  g_assert_true (cf_session_sign_in (f->session, "dee", PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cf_session_get_role (f->session), ==, CF_ROLE_DEPUTY);
  cf_session_sign_out (f->session);

  /* Dee leaves: deactivating the person closes the account. */
  deactivate = deactivate_record (f, "staff", dee_staff);
  g_assert_false (cf_session_sign_in (f->session, "dee", PASSWORD, &error));
  g_assert_error (error, CF_SESSION_ERROR, CF_SESSION_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (cf_session_is_signed_in (f->session));

  /* Agents have no desktop role. */
  g_assert_false (cf_session_sign_in (f->session, "abe", PASSWORD, &error));
  g_assert_error (error, CF_SESSION_ERROR, CF_SESSION_ERROR_NOT_ALLOWED);
  g_assert_false (cf_session_is_signed_in (f->session));
}

static void
on_sign_in_ready_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
on_deadline_cb (gpointer user_data)
{
  gboolean *passed = user_data;

  *passed = TRUE;
  return G_SOURCE_REMOVE;
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_session_sign_in_async (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  gboolean deadline_passed = FALSE;
  guint deadline_id;
  guint n_signed_in = 0;

  g_signal_connect (f->session, "notify::signed-in", G_CALLBACK (on_notify_cb), &n_signed_in);

  deadline_id = g_timeout_add_seconds (60, on_deadline_cb, &deadline_passed);
  cf_session_sign_in_async (f->session, SUPERVISOR_LOGIN, PASSWORD, NULL,
                            on_sign_in_ready_cb, &result);
  while (result == NULL && !deadline_passed)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (deadline_passed);
  g_source_remove (deadline_id);

  g_assert_true (cf_session_sign_in_finish (f->session, result, &error));
  g_assert_no_error (error);
  g_assert_true (cf_session_is_signed_in (f->session));
  g_assert_cmpstr (cf_session_get_user_id (f->session), ==, f->supervisor_id);
  g_assert_cmpstr (cf_session_get_display_name (f->session), ==, SUPERVISOR_NAME);
  g_assert_cmpuint (n_signed_in, ==, 1);

  g_signal_handlers_disconnect_by_data (f->session, &n_signed_in);
}

/* Store: the changed signal */

static guint
find_change (Fixture    *f,
             const char *kind)
{
  guint found = G_MAXUINT;

  for (guint i = 0; i < f->changed_kinds->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (f->changed_kinds, i), kind))
        {
          g_assert_cmpuint (found, ==, G_MAXUINT);
          found = i;
        }
    }
  g_assert_cmpuint (found, !=, G_MAXUINT);

  return found;
}

static void
test_store_changed_signal (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) team_values = json_object_new ();
  g_autoptr (CfOp) team = NULL;
  g_autoptr (CfOp) first = NULL;
  g_autoptr (CfOp) second = NULL;
  g_autoptr (JsonObject) first_values = staff_values ("E100", "Bea Bauer", "agent");
  g_autoptr (CfOp) patch = NULL;
  GStrv ids;
  CfOp *ops[3];

  json_object_set_string_member (team_values, "name", "Blue");
  team = cf_op_new_create ("team", team_values);
  json_object_set_string_member (first_values, "team", cf_op_get_record_id (team));
  first = cf_op_new_create ("staff", first_values);
  second = staff_create_op ("E101", "Carl Cohen");
  ops[0] = team;
  ops[1] = first;
  ops[2] = second;

  forget_changes (f);
  cf_store_apply (f->store, f->supervisor_id, ops, G_N_ELEMENTS (ops), &error);
  g_assert_no_error (error);

  /* One report per kind for the whole transaction, naming every record. */
  g_assert_cmpuint (f->changed_kinds->len, ==, 2);
  ids = g_ptr_array_index (f->changed_ids, find_change (f, "team"));
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, cf_op_get_record_id (team));
  ids = g_ptr_array_index (f->changed_ids, find_change (f, "staff"));
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) ids, cf_op_get_record_id (first)));
  g_assert_true (g_strv_contains ((const char * const *) ids, cf_op_get_record_id (second)));

  /* A patch reports just its record. */
  forget_changes (f);
  patch = patch_string (f, f->supervisor_id, "staff", cf_op_get_record_id (second), "phone",
                        "4711", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->changed_kinds->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->changed_kinds, 0), ==, "staff");
  ids = g_ptr_array_index (f->changed_ids, 0);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, cf_op_get_record_id (second));
}

/* The staff directory */

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_directory_create (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStaffDirectory) directory = cf_staff_directory_new (f->store);
  GListModel *staff = cf_staff_directory_get_staff (directory);
  g_autoptr (CfOp) op = staff_create_op ("E100", "Bea Bauer");
  g_autoptr (GPtrArray) undone = NULL;
  CfStaff *member;
  guint n_items_changed = 0;

  g_assert_cmpuint (g_list_model_get_n_items (staff), ==, 1);
  g_assert_nonnull (cf_staff_directory_lookup (directory, f->supervisor_staff_id));
  g_signal_connect (staff, "items-changed", G_CALLBACK (on_items_changed_cb), &n_items_changed);

  apply_one (f, f->supervisor_id, op, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (staff), ==, 2);
  g_assert_cmpuint (n_items_changed, >, 0);
  member = cf_staff_directory_lookup (directory, cf_op_get_record_id (op));
  g_assert_nonnull (member);
  g_assert_cmpstr (cf_staff_get_name (member), ==, "Bea Bauer");
  g_assert_cmpstr (cf_staff_get_employee_no (member), ==, "E100");
  g_assert_cmpint (cf_staff_get_role (member), ==, CF_ROLE_AGENT);
  g_assert_true (cf_staff_get_active (member));

  /* Undoing the creation takes the row away again. */
  undone = undo (f, f->supervisor_id, cf_op_get_op_id (op), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (staff), ==, 1);
  g_assert_null (cf_staff_directory_lookup (directory, cf_op_get_record_id (op)));

  g_signal_handlers_disconnect_by_data (staff, &n_items_changed);
}

static void
test_directory_patch_in_place (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = create_staff (f, "E100", "Bea Old", "agent", NULL);
  g_autoptr (CfStaffDirectory) directory = cf_staff_directory_new (f->store);
  GListModel *staff = cf_staff_directory_get_staff (directory);
  g_autoptr (CfStaff) member = g_object_ref (cf_staff_directory_lookup (directory, id));
  g_autoptr (CfOp) rename = NULL;
  g_autoptr (CfOp) deactivate = NULL;
  guint n_name = 0;
  guint n_active = 0;
  guint position;

  g_assert_true (g_list_store_find (G_LIST_STORE (staff), member, &position));
  g_signal_connect (member, "notify::name", G_CALLBACK (on_notify_cb), &n_name);
  g_signal_connect (member, "notify::active", G_CALLBACK (on_notify_cb), &n_active);

  rename = patch_string (f, f->supervisor_id, "staff", id, "name", "Bea New", &error);
  g_assert_no_error (error);

  /* The same object, updated: a view keeps its selection. */
  g_assert_true (cf_staff_directory_lookup (directory, id) == member);
  g_assert_cmpstr (cf_staff_get_name (member), ==, "Bea New");
  g_assert_cmpuint (n_name, ==, 1);
  g_assert_cmpuint (n_active, ==, 0);
  {
    g_autoptr (CfStaff) item = g_list_model_get_item (staff, position);

    g_assert_true (item == member);
  }

  /* Deactivated people stay in the directory, shown as inactive. */
  deactivate = deactivate_record (f, "staff", id);
  g_assert_true (cf_staff_directory_lookup (directory, id) == member);
  g_assert_false (cf_staff_get_active (member));
  g_assert_cmpuint (n_active, ==, 1);
  g_assert_cmpuint (n_name, ==, 1);

  g_signal_handlers_disconnect_by_data (member, &n_name);
  g_signal_handlers_disconnect_by_data (member, &n_active);
}

static void
test_directory_team_name (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *team_id = cf_test_create_team (f->store, f->supervisor_id, "Blue");
  g_autofree char *id = create_staff (f, "E100", "Bea Bauer", "agent", team_id);
  g_autoptr (CfStaffDirectory) directory = cf_staff_directory_new (f->store);
  CfStaff *member = cf_staff_directory_lookup (directory, id);
  CfTeam *team = cf_staff_directory_lookup_team (directory, team_id);
  g_autoptr (CfOp) rename = NULL;
  guint n_team_name = 0;

  g_assert_nonnull (member);
  g_assert_nonnull (team);
  g_assert_cmpstr (cf_staff_get_team_id (member), ==, team_id);
  g_assert_cmpstr (cf_staff_get_team_name (member), ==, "Blue");
  g_assert_cmpuint (cf_team_get_n_members (team), ==, 1);
  g_signal_connect (member, "notify::team-name", G_CALLBACK (on_notify_cb), &n_team_name);

  /* Renaming the team shows in every member's row. */
  rename = patch_string (f, f->supervisor_id, "team", team_id, "name", "Green", &error);
  g_assert_no_error (error);
  g_assert_true (cf_staff_directory_lookup (directory, id) == member);
  g_assert_cmpstr (cf_staff_get_team_name (member), ==, "Green");
  g_assert_cmpuint (n_team_name, ==, 1);
  g_assert_true (cf_staff_directory_lookup_team (directory, team_id) == team);
  g_assert_cmpstr (cf_team_get_name (team), ==, "Green");
  g_assert_true (cf_staff_directory_find_team (directory, "green") == team);
  g_assert_null (cf_staff_directory_find_team (directory, "Blue"));

  g_signal_handlers_disconnect_by_data (member, &n_team_name);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD_EMPTY(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_SUPERVISED(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up_supervised, func, fixture_tear_down)

  ADD_EMPTY ("/store/migrate-new", test_store_migrate_new);
  ADD_EMPTY ("/store/too-new", test_store_too_new);
  ADD_EMPTY ("/store/not-a-database", test_store_not_a_database);
  ADD_EMPTY ("/store/path-is-folder", test_store_path_is_folder);
  ADD_SUPERVISED ("/store/corrupt", test_store_corrupt);
  ADD_EMPTY ("/store/cant-create-folder", test_store_cant_create_folder);
  ADD_SUPERVISED ("/store/op-log-atomic", test_store_op_log_atomic);
  ADD_SUPERVISED ("/store/batch-atomic", test_store_batch_atomic);
  ADD_SUPERVISED ("/store/op-log-row", test_store_op_log_row);
  ADD_SUPERVISED ("/store/unchanged-patch", test_store_unchanged_patch);
  ADD_SUPERVISED ("/store/undo-patch", test_store_undo_patch);
  ADD_SUPERVISED ("/store/roster-slot", test_store_roster_slot);
  ADD_SUPERVISED ("/store/clean-close", test_store_clean_close);
  ADD_SUPERVISED ("/store/undo-several", test_store_undo_several);
  ADD_SUPERVISED ("/store/undo-create", test_store_undo_create);
  ADD_SUPERVISED ("/store/undo-changed-since", test_store_undo_changed_since);
  ADD_SUPERVISED ("/store/undo-deactivate", test_store_undo_deactivate);
  ADD_SUPERVISED ("/store/validation", test_store_validation);
  ADD_SUPERVISED ("/store/employee-no-unique", test_store_employee_no_unique);
  ADD_SUPERVISED ("/store/permissions", test_store_permissions);
  ADD_SUPERVISED ("/store/changed-signal", test_store_changed_signal);
  ADD_EMPTY ("/session/first-supervisor", test_session_first_supervisor);
  ADD_EMPTY ("/session/weak-password", test_session_weak_password);
  ADD_SUPERVISED ("/session/sign-in", test_session_sign_in);
  ADD_SUPERVISED ("/session/wrong-password", test_session_wrong_password);
  ADD_SUPERVISED ("/session/unknown-user", test_session_unknown_user);
  ADD_SUPERVISED ("/session/not-allowed", test_session_not_allowed);
  ADD_SUPERVISED ("/session/sign-in-async", test_session_sign_in_async);
  ADD_SUPERVISED ("/directory/create", test_directory_create);
  ADD_SUPERVISED ("/directory/patch-in-place", test_directory_patch_in_place);
  ADD_SUPERVISED ("/directory/team-name", test_directory_team_name);

#undef ADD_EMPTY
#undef ADD_SUPERVISED

  status = g_test_run ();

  cf_test_clear_caches ();

  return status;
}
