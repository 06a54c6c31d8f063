/* test-staff-import.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib.h>

#include "cf-csv.h"
#include "cf-demo.h"
#include "cf-op.h"
#include "cf-session.h"
#include "cf-staff-directory.h"
#include "cf-staff-import.h"
#include "cf-store.h"

#include "cf-test-util.h"

/* Every test imports into a real database file in a folder of its own,
 * signed in as the first supervisor. Users are expensive to make (Argon2id
 * takes a tenth of a second), so that database is made once and copied.
 * The supervisor's employee number is outside the demo's 1001… range.
 */

#define SUPERVISOR_NAME  CF_TEST_SUPERVISOR_NAME
#define SUPERVISOR_NO    CF_TEST_SUPERVISOR_NO

/* The same staff list as spreadsheets on Chinese Windows write it. */
#define CHINESE_HEADER "工号,姓名,角色,班组,入职日期,电话\r\n"
#define CHINESE_ROWS \
  "3001,张伟,坐席,一组,2024/3/5,8201\r\n" \
  "3002,李娜,班长,二组,2024年3月6日,8202\r\n" \
  "3003,王芳,投诉处理席,二组,2023.12.1,\r\n"

typedef CfTestSupervisedFixture Fixture;

typedef struct
{
  gint64 staff;
  gint64 teams;
  gint64 ops;
  gint64 staff_creates;
  gint64 team_creates;
} Counts;

typedef struct
{
  char     *id;
  char     *name;
  char     *role;
  char     *team_name;
  gboolean  active;
  char     *hire_date;
  char     *phone;
} StoredStaff;

static void
stored_staff_free (StoredStaff *stored)
{
  g_free (stored->id);
  g_free (stored->name);
  g_free (stored->role);
  g_free (stored->team_name);
  g_free (stored->hire_date);
  g_free (stored->phone);
  g_free (stored);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StoredStaff, stored_staff_free)

/* Every row ever written, tombstones included. */
static Counts
count_rows (CfStore *store)
{
  Counts counts = {
    .staff = cf_store_count (store, "SELECT COUNT(*) FROM staff"),
    .teams = cf_store_count (store, "SELECT COUNT(*) FROM team"),
    .ops = cf_store_count (store, "SELECT COUNT(*) FROM op_log"),
    .staff_creates = cf_store_count (store, "SELECT COUNT(*) FROM op_log "
                                            "WHERE kind = 'staff' AND action = 'create'"),
    .team_creates = cf_store_count (store, "SELECT COUNT(*) FROM op_log "
                                           "WHERE kind = 'team' AND action = 'create'"),
  };

  return counts;
}

static void
assert_counts_equal (const Counts *a,
                     const Counts *b)
{
  g_assert_cmpint (a->staff, ==, b->staff);
  g_assert_cmpint (a->teams, ==, b->teams);
  g_assert_cmpint (a->ops, ==, b->ops);
  g_assert_cmpint (a->staff_creates, ==, b->staff_creates);
  g_assert_cmpint (a->team_creates, ==, b->team_creates);
}

static void
assert_message_contains (const char *message,
                         const char *needle)
{
  g_assert_nonnull (message);
  if (strstr (message, needle) == NULL)
    g_error ("“%s” does not mention “%s”", message, needle);
}

static gint64
count_teams_named (CfStore    *store,
                   const char *name)
{
  return cf_test_query_integer (store, "SELECT COUNT(*) FROM team WHERE name = ? AND deleted = 0",
                                name);
}

/* The live member of staff with @employee_no, or NULL. */
static StoredStaff *
lookup_staff (CfStore    *store,
              const char *employee_no)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store,
                      "SELECT s.id, s.name, s.role, t.name, s.active, s.hire_date, s.phone "
                      "FROM staff s LEFT JOIN team t ON t.id = s.team "
                      "WHERE s.employee_no = ? AND s.deleted = 0",
                      NULL);
  StoredStaff *stored;

  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, employee_no, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  stored = g_new0 (StoredStaff, 1);
  stored->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  stored->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  stored->role = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  stored->team_name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  stored->active = sqlite3_column_int (stmt, 4) != 0;
  stored->hire_date = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  stored->phone = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);

  return stored;
}

static void
assert_staff (CfStore    *store,
              const char *employee_no,
              const char *name,
              const char *role,
              const char *team_name,
              gboolean    active,
              const char *hire_date,
              const char *phone)
{
  g_autoptr (StoredStaff) stored = lookup_staff (store, employee_no);

  if (stored == NULL)
    g_error ("No staff member with employee number “%s” in the store", employee_no);

  g_assert_cmpstr (stored->name, ==, name);
  g_assert_cmpstr (stored->role, ==, role);
  g_assert_cmpstr (stored->team_name, ==, team_name);
  g_assert_cmpint (stored->active, ==, active);
  g_assert_cmpstr (stored->hire_date, ==, hire_date);
  g_assert_cmpstr (stored->phone, ==, phone);
}

static gboolean
load_text (CfStaffImport  *import,
           const char     *text,
           GError        **error)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));

  return cf_staff_import_load (import, bytes, error);
}

static void
assert_no_problems (CfStaffImport *import)
{
  for (guint i = 0; i < cf_staff_import_get_n_rows (import); i++)
    {
      const CfStaffImportRow *row = cf_staff_import_get_row (import, i);

      if (row->problem != NULL)
        g_error ("Line %u has a problem: %s", row->line, row->problem);
    }
  g_assert_cmpuint (cf_staff_import_get_n_problems (import), ==, 0);
}

/* Commits @import and checks that it wrote @n_staff staff and @n_new_teams
 * teams, one create in the op log for each, in one transaction, and that
 * each team is there once. Returns the op ids.
 */
static GStrv
commit_and_check (Fixture       *f,
                  CfStaffImport *import,
                  guint          n_staff,
                  guint          n_new_teams)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) op_ids = NULL;
  const char * const *new_teams = cf_staff_import_get_new_teams (import);
  Counts before = count_rows (f->store);
  guint commits_before = f->n_commits;
  Counts after;

  g_assert_cmpuint (g_strv_length ((char **) new_teams), ==, n_new_teams);
  for (guint i = 0; new_teams[i] != NULL; i++)
    g_assert_cmpint (count_teams_named (f->store, new_teams[i]), ==, 0);

  op_ids = cf_staff_import_commit (import, f->supervisor_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (op_ids);

  g_assert_cmpuint (f->n_commits - commits_before, ==, 1);

  after = count_rows (f->store);
  g_assert_cmpint (after.staff - before.staff, ==, n_staff);
  g_assert_cmpint (after.teams - before.teams, ==, n_new_teams);
  g_assert_cmpint (after.ops - before.ops, ==, n_staff + n_new_teams);
  g_assert_cmpint (after.staff_creates - before.staff_creates, ==, n_staff);
  g_assert_cmpint (after.team_creates - before.team_creates, ==, n_new_teams);

  g_assert_cmpuint (g_strv_length (op_ids), ==, n_staff + n_new_teams);
  for (guint i = 0; op_ids[i] != NULL; i++)
    g_assert_cmpint (cf_test_query_integer (f->store,
                                            "SELECT COUNT(*) FROM op_log "
                                            "WHERE op_id = ? AND action = 'create'",
                                            op_ids[i]), ==, 1);

  for (guint i = 0; new_teams[i] != NULL; i++)
    g_assert_cmpint (count_teams_named (f->store, new_teams[i]), ==, 1);

  return g_steal_pointer (&op_ids);
}

#define ENGLISH_FILE \
  "Employee number,Name,Role,Team,Hire date,Phone\n" \
  "2001,Alice Smith,Agent,Team North,2024-01-15,8101\n" \
  "2002,Ben Jones,Shift lead,Team South,2024/3/5,8102\n" \
  "2003,Chloe Taylor,Complaints desk,Team South,2023.11.2,\n" \
  "2004,Daniel Brown,,Team East,,8104\n" \
  "2005,Emma Wilson,information_desk,,2022年7月9日,+86 10 5555 0101\n"

static void
assert_english_staff (CfStore *store)
{
  assert_staff (store, "2001", "Alice Smith", "agent", "Team North", TRUE, "2024-01-15", "8101");
  assert_staff (store, "2002", "Ben Jones", "shift_lead", "Team South", TRUE, "2024-03-05",
                "8102");
  assert_staff (store, "2003", "Chloe Taylor", "complaints_desk", "Team South", TRUE,
                "2023-11-02", NULL);
  assert_staff (store, "2004", "Daniel Brown", "agent", "Team East", TRUE, NULL, "8104");
  assert_staff (store, "2005", "Emma Wilson", "information_desk", NULL, TRUE, "2022-07-09",
                "+86 10 5555 0101");
}

static void
test_utf8_english (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStaffImport) import = cf_staff_import_new (f->store);
  g_autofree char *north_id = cf_test_create_team (f->store, f->supervisor_id, "Team North");
  g_auto (GStrv) op_ids = NULL;
  const char * const new_teams[] = { "Team South", "Team East", NULL };
  const CfStaffImportRow *row;
  Counts before;

  load_text (import, ENGLISH_FILE, &error);
  g_assert_no_error (error);

  g_assert_cmpint (cf_staff_import_get_encoding (import), ==, CF_CSV_ENCODING_UTF8);
  g_assert_cmpuint (cf_staff_import_get_n_rows (import), ==, 5);
  assert_no_problems (import);
  g_assert_cmpstrv (cf_staff_import_get_new_teams (import), new_teams);

  /* The preview shows what will be written. */
  row = cf_staff_import_get_row (import, 1);
  g_assert_cmpuint (row->line, ==, 3);
  g_assert_cmpstr (row->employee_no, ==, "2002");
  g_assert_cmpstr (row->name, ==, "Ben Jones");
  g_assert_cmpstr (row->role_label, ==, cf_role_get_label (CF_ROLE_SHIFT_LEAD));
  g_assert_cmpstr (row->hire_date, ==, "2024-03-05");
  g_assert_true (row->active);

  op_ids = commit_and_check (f, import, 5, 2);
  assert_english_staff (f->store);

  /* The team that was there is used, not made again. */
  g_assert_cmpint (count_teams_named (f->store, "Team North"), ==, 1);
  {
    g_autoptr (StoredStaff) alice = lookup_staff (f->store, "2001");
    g_autofree char *team_id = cf_test_query_text (f->store,
                                                   "SELECT team FROM staff WHERE id = ?",
                                                   alice->id);

    g_assert_cmpstr (team_id, ==, north_id);
  }

  /* Pressing Import twice does not write the staff twice. */
  before = count_rows (f->store);
  g_assert_null (cf_staff_import_commit (import, f->supervisor_id, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  {
    Counts after = count_rows (f->store);

    assert_counts_equal (&before, &after);
  }
}

static void
assert_chinese_staff (Fixture *f)
{
  assert_staff (f->store, "3001", "张伟", "agent", "一组", TRUE, "2024-03-05", "8201");
  assert_staff (f->store, "3002", "李娜", "shift_lead", "二组", TRUE, "2024-03-06", "8202");
  assert_staff (f->store, "3003", "王芳", "complaints_desk", "二组", TRUE, "2023-12-01", NULL);
}

static void
test_utf8_bom_chinese (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStaffImport) import = cf_staff_import_new (f->store);
  g_autofree char *team_id = cf_test_create_team (f->store, f->supervisor_id, "一组");
  g_auto (GStrv) op_ids = NULL;
  const char * const new_teams[] = { "二组", NULL };

  load_text (import, CF_CSV_UTF8_BOM CHINESE_HEADER CHINESE_ROWS, &error);
  g_assert_no_error (error);

  g_assert_cmpint (cf_staff_import_get_encoding (import), ==, CF_CSV_ENCODING_UTF8_BOM);
  g_assert_cmpuint (cf_staff_import_get_n_rows (import), ==, 3);
  assert_no_problems (import);
  g_assert_cmpstrv (cf_staff_import_get_new_teams (import), new_teams);
  g_assert_cmpstr (cf_staff_import_get_row (import, 0)->employee_no, ==, "3001");
  g_assert_cmpstr (cf_staff_import_get_row (import, 1)->hire_date, ==, "2024-03-06");

  op_ids = commit_and_check (f, import, 3, 1);
  assert_chinese_staff (f);
  g_assert_cmpint (count_teams_named (f->store, "一组"), ==, 1);
}

static void
test_gb18030 (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStaffImport) import = cf_staff_import_new (f->store);
  g_autoptr (GBytes) bytes = NULL;
  g_auto (GStrv) op_ids = NULL;
  const char *utf8 = CHINESE_HEADER CHINESE_ROWS;
  const char * const new_teams[] = { "一组", "二组", NULL };
  char *gb18030;
  gsize len = 0;

  gb18030 = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, &len, &error);
  g_assert_no_error (error);
  /* Otherwise the test would not be testing the conversion. */
  g_assert_false (g_utf8_validate_len (gb18030, len, NULL));
  bytes = g_bytes_new_take (gb18030, len);

  cf_staff_import_load (import, bytes, &error);
  g_assert_no_error (error);

  g_assert_cmpint (cf_staff_import_get_encoding (import), ==, CF_CSV_ENCODING_GB18030);
  g_assert_cmpuint (cf_staff_import_get_n_rows (import), ==, 3);
  assert_no_problems (import);
  g_assert_cmpstrv (cf_staff_import_get_new_teams (import), new_teams);
  g_assert_cmpstr (cf_staff_import_get_row (import, 0)->name, ==, "张伟");

  op_ids = commit_and_check (f, import, 3, 2);
  assert_chinese_staff (f);
}

static const CfStaffImportRow *
find_row_at_line (CfStaffImport *import,
                  guint          line)
{
  for (guint i = 0; i < cf_staff_import_get_n_rows (import); i++)
    {
      const CfStaffImportRow *row = cf_staff_import_get_row (import, i);

      if (row->line == line)
        return row;
    }

  g_error ("No row reported at line %u", line);
  return NULL;
}

static void
test_bad_rows (Fixture       *f,
               gconstpointer  data)
{
  /* Line numbers are physical lines: quoted notes span two lines each, and
   * a blank line is skipped but counted.
   */
  static const char text[] =
    "Employee number,Name,Role,Team,Hire date,Phone,Notes\r\n"               /* 1 */
    "2001,Alice Smith,Agent,Team West,2024-01-15,8101,\"Prefers early,\r\n"  /* 2 */
    "no weekends\"\r\n"                                                      /* 3 */
    "\r\n"                                                                   /* 4 */
    "2002,,Agent,Team West,2024-01-15,8102,\r\n"                             /* 5 */
    "2003,Ben Jones,Agent,Team West,2026-02-30,8103,\r\n"                    /* 6 */
    "2004,Chloe Taylor,Astronaut,Team West,,8104,\r\n"                       /* 7 */
    "2005,Daniel Brown,Agent,Team West,,8105,\"Two\r\n"                      /* 8 */
    "lines\"\r\n"                                                            /* 9 */
    "2005,Emma Wilson,Agent,Team West,,8106,\r\n"                            /* 10 */
    SUPERVISOR_NO ",Felix Evans,Agent,,,8107,\r\n"                           /* 11 */
    "2006,Grace Hall,Shift lead,Team East,2024/3/5,,\r\n";                   /* 12 */
  static const guint clean_lines[] = { 2, 8, 12 };
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStaffImport) import = cf_staff_import_new (f->store);
  g_auto (GStrv) op_ids = NULL;
  Counts before = count_rows (f->store);
  Counts after;
  guint commits_before = f->n_commits;
  const CfStaffImportRow *row;

  load_text (import, text, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (cf_staff_import_get_n_rows (import), ==, 8);
  g_assert_cmpuint (cf_staff_import_get_n_problems (import), ==, 5);

  for (guint i = 0; i < G_N_ELEMENTS (clean_lines); i++)
    g_assert_null (find_row_at_line (import, clean_lines[i])->problem);

  row = find_row_at_line (import, 5);
  g_assert_cmpstr (row->employee_no, ==, "2002");
  assert_message_contains (row->problem, "Name");

  row = find_row_at_line (import, 6);
  g_assert_cmpstr (row->employee_no, ==, "2003");
  assert_message_contains (row->problem, "2026-02-30");

  row = find_row_at_line (import, 7);
  g_assert_cmpstr (row->employee_no, ==, "2004");
  assert_message_contains (row->problem, "Astronaut");

  row = find_row_at_line (import, 10);
  g_assert_cmpstr (row->name, ==, "Emma Wilson");
  assert_message_contains (row->problem, "2005");
  assert_message_contains (row->problem, "line 8");

  row = find_row_at_line (import, 11);
  g_assert_cmpstr (row->employee_no, ==, SUPERVISOR_NO);
  assert_message_contains (row->problem, SUPERVISOR_NAME);

  op_ids = cf_staff_import_commit (import, f->supervisor_id, &error);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  g_assert_null (op_ids);

  /* Nothing at all was written, not even the clean rows or their teams. */
  g_assert_cmpuint (f->n_commits, ==, commits_before);
  after = count_rows (f->store);
  assert_counts_equal (&before, &after);
  g_assert_null (lookup_staff (f->store, "2001"));
  g_assert_cmpint (count_teams_named (f->store, "Team West"), ==, 0);
  g_assert_cmpint (count_teams_named (f->store, "Team East"), ==, 0);
}

static void
assert_load_fails (CfStaffImport *import,
                   GBytes        *bytes,
                   GQuark         domain,
                   int            code,
                   const char    *needle)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (cf_staff_import_load (import, bytes, &error));
  g_assert_error (error, domain, code);
  if (needle != NULL)
    assert_message_contains (error->message, needle);

  /* The preview of an earlier file is not left behind. */
  g_assert_cmpuint (cf_staff_import_get_n_rows (import), ==, 0);
  g_assert_cmpuint (cf_staff_import_get_n_problems (import), ==, 0);
}

static void
assert_text_fails (CfStaffImport *import,
                   const char    *text,
                   GQuark         domain,
                   int            code,
                   const char    *needle)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));

  assert_load_fails (import, bytes, domain, code, needle);
}

/* Loads a good file first, so that a failing load has something to clear. */
static CfStaffImport *
new_loaded_import (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStaffImport) import = cf_staff_import_new (f->store);

  load_text (import, ENGLISH_FILE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_staff_import_get_n_rows (import), ==, 5);

  return g_steal_pointer (&import);
}

static void
test_missing_column (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (CfStaffImport) import = new_loaded_import (f);
  Counts before = count_rows (f->store);
  Counts after;

  assert_text_fails (import,
                     "Employee number,Full title,Role\n2001,Alice Smith,Agent\n",
                     CF_STORE_ERROR, CF_STORE_ERROR_INVALID, "Line 1");
  assert_text_fails (import,
                     "Employee number,Full title,Role\n2001,Alice Smith,Agent\n",
                     CF_STORE_ERROR, CF_STORE_ERROR_INVALID, "“Name”");
  assert_text_fails (import,
                     CF_CSV_UTF8_BOM "工号,角色,班组\n3001,坐席,一组\n",
                     CF_STORE_ERROR, CF_STORE_ERROR_INVALID, "“Name”");

  after = count_rows (f->store);
  assert_counts_equal (&before, &after);
}

static void
test_header_only (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (CfStaffImport) import = new_loaded_import (f);

  assert_text_fails (import, "Employee number,Name,Role\r\n",
                     CF_STORE_ERROR, CF_STORE_ERROR_INVALID, NULL);
  assert_text_fails (import, CF_CSV_UTF8_BOM "工号,姓名\r\n\r\n",
                     CF_STORE_ERROR, CF_STORE_ERROR_INVALID, NULL);
  /* Spreadsheets write rows of empty cells below the data. */
  assert_text_fails (import, "Employee number,Name,Role\r\n,,\r\n , , \r\n",
                     CF_STORE_ERROR, CF_STORE_ERROR_INVALID, NULL);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (CfStaffImport) import = new_loaded_import (f);

  assert_text_fails (import, "", CF_CSV_ERROR, CF_CSV_ERROR_EMPTY, NULL);
  assert_text_fails (import, CF_CSV_UTF8_BOM, CF_CSV_ERROR, CF_CSV_ERROR_EMPTY, NULL);
  assert_text_fails (import, "\r\n  \r\n\n", CF_CSV_ERROR, CF_CSV_ERROR_EMPTY, NULL);
}

static void
test_invalid_encoding (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (CfStaffImport) import = new_loaded_import (f);

  /* 0xFF starts nothing in UTF-8 nor in GB18030. */
  assert_text_fails (import, "Employee number,Name\r\n2001,Al\xff\xfe\xffice\r\n",
                     CF_CSV_ERROR, CF_CSV_ERROR_ENCODING, "Line 2");
}

/* Spaces a spreadsheet keeps inside quotes do not make a different number
 * or team, whichever column they are in.
 */
static void
test_spaces (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStaffImport) import = cf_staff_import_new (f->store);
  g_autofree char *north_id = cf_test_create_team (f->store, f->supervisor_id, "Team North");
  g_auto (GStrv) op_ids = NULL;

  load_text (import,
             "Name,Employee number,Team\n"
             "\" Alice Smith \",\" 2001 \",\" Team North \"\n"
             "\"Ben Jones \",\"2001\",Team North\n"
             "Felix Evans,\" " SUPERVISOR_NO "\",\n",
             &error);
  g_assert_no_error (error);

  g_assert_cmpuint (cf_staff_import_get_n_rows (import), ==, 3);
  g_assert_cmpstr (cf_staff_import_get_row (import, 0)->name, ==, "Alice Smith");
  g_assert_cmpstr (cf_staff_import_get_row (import, 0)->employee_no, ==, "2001");
  g_assert_cmpstr (cf_staff_import_get_row (import, 0)->team_name, ==, "Team North");
  g_assert_null (cf_staff_import_get_row (import, 0)->problem);
  assert_message_contains (cf_staff_import_get_row (import, 1)->problem, "line 2");
  assert_message_contains (cf_staff_import_get_row (import, 2)->problem, SUPERVISOR_NAME);
  g_assert_cmpuint (cf_staff_import_get_n_problems (import), ==, 2);
  g_assert_null (cf_staff_import_get_new_teams (import)[0]);
}

/* A team name the store would refuse is reported on its line, instead of
 * failing the whole import when it is written.
 */
static void
test_bad_team_name (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStaffImport) import = cf_staff_import_new (f->store);
  g_autoptr (GString) text = g_string_new ("Employee number,Name,Team\n"
                                           "2001,Alice Smith,Team North\n");
  Counts before = count_rows (f->store);
  Counts after;

  g_string_append (text, "2002,Ben Jones,");
  for (guint i = 0; i < 41; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\n2003,Chloe Taylor,\"Team\nSouth\"\n");

  load_text (import, text->str, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (cf_staff_import_get_n_rows (import), ==, 3);
  g_assert_null (cf_staff_import_get_row (import, 0)->problem);
  g_assert_cmpuint (cf_staff_import_get_row (import, 1)->line, ==, 3);
  assert_message_contains (cf_staff_import_get_row (import, 1)->problem, "Team");
  g_assert_cmpuint (cf_staff_import_get_row (import, 2)->line, ==, 4);
  assert_message_contains (cf_staff_import_get_row (import, 2)->problem, "Team");
  g_assert_cmpuint (cf_staff_import_get_n_problems (import), ==, 2);

  g_assert_null (cf_staff_import_commit (import, f->supervisor_id, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  after = count_rows (f->store);
  assert_counts_equal (&before, &after);
}

static void
patch_staff (CfStore    *store,
             const char *author,
             const char *employee_no,
             JsonObject *set)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *staff_id = cf_test_query_text (store,
                                                  "SELECT id FROM staff WHERE employee_no = ?",
                                                  employee_no);
  g_autoptr (CfOp) op = NULL;

  g_assert_nonnull (staff_id);
  op = cf_op_new_patch ("staff", staff_id, set);
  cf_store_apply (store, author, &op, 1, &error);
  g_assert_no_error (error);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *demo_path = g_build_filename (f->dir, "demo.db", NULL);
  g_autoptr (CfStore) demo = NULL;
  g_autoptr (CfStaffDirectory) directory = NULL;
  g_autoptr (CfStaffImport) import = NULL;
  g_autoptr (GBytes) exported = NULL;
  g_auto (GStrv) op_ids = NULL;
  g_autofree char *demo_supervisor = NULL;
  g_autoptr (GHashTable) teams = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (StoredStaff) pat = NULL;
  GListModel *staff;
  const char *text;
  gsize len;
  guint n_staff;
  guint n_inactive = 0;
  guint n_without_team = 0;

  demo = cf_store_open (demo_path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  cf_demo_populate (demo, 20, FALSE, &error);
  g_assert_no_error (error);

  /* What real lists hold and CSV must carry: someone who left, a phone that
   * looks like a formula to a spreadsheet, a name with a comma and quotes.
   */
  demo_supervisor = cf_test_query_text (demo, "SELECT id FROM app_user WHERE login = ?",
                                        CF_DEMO_SUPERVISOR_LOGIN);
  g_assert_nonnull (demo_supervisor);
  {
    g_autoptr (JsonObject) set = json_object_new ();

    json_object_set_boolean_member (set, "active", FALSE);
    json_object_set_string_member (set, "phone", "+86 10 8888 0000");
    patch_staff (demo, demo_supervisor, "1020", set);
  }
  {
    g_autoptr (JsonObject) set = json_object_new ();

    json_object_set_string_member (set, "name", "O\"Brien, Pat");
    json_object_set_string_member (set, "phone", "=8011");
    patch_staff (demo, demo_supervisor, "1019", set);
  }

  directory = cf_staff_directory_new (demo);
  staff = cf_staff_directory_get_staff (directory);
  n_staff = g_list_model_get_n_items (staff);
  g_assert_cmpuint (n_staff, ==, 20);

  exported = cf_staff_export_csv (staff);
  text = g_bytes_get_data (exported, &len);
  g_assert_cmpuint (len, >, 3);
  g_assert_cmpmem (text, 3, CF_CSV_UTF8_BOM, 3);
  g_assert_true (g_utf8_validate_len (text + 3, len - 3, NULL));

  import = cf_staff_import_new (f->store);
  cf_staff_import_load (import, exported, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_staff_import_get_encoding (import), ==, CF_CSV_ENCODING_UTF8_BOM);
  g_assert_cmpuint (cf_staff_import_get_n_rows (import), ==, n_staff);
  assert_no_problems (import);

  for (guint i = 0; i < n_staff; i++)
    {
      g_autoptr (CfStaff) member = g_list_model_get_item (staff, i);

      if (cf_staff_get_team_name (member) != NULL)
        g_hash_table_add (teams, (gpointer) cf_staff_get_team_name (member));
    }

  op_ids = commit_and_check (f, import, n_staff, g_hash_table_size (teams));
  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM staff WHERE deleted = 0"),
                   ==, 1 + n_staff);

  for (guint i = 0; i < n_staff; i++)
    {
      g_autoptr (CfStaff) member = g_list_model_get_item (staff, i);

      assert_staff (f->store,
                    cf_staff_get_employee_no (member),
                    cf_staff_get_name (member),
                    cf_role_to_string (cf_staff_get_role (member)),
                    cf_staff_get_team_name (member),
                    cf_staff_get_active (member),
                    cf_staff_get_hire_date (member),
                    cf_staff_get_phone (member));

      if (!cf_staff_get_active (member))
        n_inactive++;
      if (cf_staff_get_team_name (member) == NULL)
        n_without_team++;
    }

  /* The cases above were really in the file. */
  g_assert_cmpuint (n_inactive, >, 0);
  g_assert_cmpuint (n_without_team, >, 0);
  g_assert_cmpuint (g_hash_table_size (teams), >, 1);
  pat = lookup_staff (demo, "1019");
  g_assert_nonnull (pat);
  assert_staff (f->store, "1019", "O\"Brien, Pat", "agent", pat->team_name, TRUE,
                pat->hire_date, "=8011");
}

static void
assert_deleted (CfStore    *store,
                const char *kind,
                const char *record_id,
                gboolean    deleted)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) record = cf_store_get_record (store, kind, record_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_cmpint (json_object_get_boolean_member (record, "deleted"), ==, deleted);
}

static void
test_undo (Fixture       *f,
           gconstpointer  data)
{
  static const char * const employee_nos[] = { "2001", "2002", "2003", "2004", "2005" };
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStaffImport) import = cf_staff_import_new (f->store);
  g_autoptr (CfStaffImport) again = cf_staff_import_new (f->store);
  g_autofree char *north_id = cf_test_create_team (f->store, f->supervisor_id, "Team North");
  g_autofree char *supervisor_staff_id = cf_test_query_text (f->store,
                                                             "SELECT staff FROM app_user", NULL);
  g_autofree char *south_id = NULL;
  g_autofree char *east_id = NULL;
  g_autoptr (GPtrArray) staff_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) undone = NULL;
  g_auto (GStrv) op_ids = NULL;
  g_auto (GStrv) op_ids_again = NULL;
  gint64 live_staff_before;

  live_staff_before = cf_store_count (f->store, "SELECT COUNT(*) FROM staff WHERE deleted = 0");

  load_text (import, ENGLISH_FILE, &error);
  g_assert_no_error (error);
  assert_no_problems (import);
  op_ids = commit_and_check (f, import, 5, 2);

  for (guint i = 0; i < G_N_ELEMENTS (employee_nos); i++)
    {
      g_autoptr (StoredStaff) stored = lookup_staff (f->store, employee_nos[i]);

      g_assert_nonnull (stored);
      g_ptr_array_add (staff_ids, g_strdup (stored->id));
    }
  south_id = cf_test_query_text (f->store, "SELECT id FROM team WHERE name = ?", "Team South");
  east_id = cf_test_query_text (f->store, "SELECT id FROM team WHERE name = ?", "Team East");
  g_assert_nonnull (south_id);
  g_assert_nonnull (east_id);

  undone = cf_store_undo (f->store, f->supervisor_id, (const char * const *) op_ids, &error);
  g_assert_no_error (error);
  g_assert_nonnull (undone);
  g_assert_cmpuint (undone->len, ==, g_strv_length (op_ids));

  for (guint i = 0; i < staff_ids->len; i++)
    assert_deleted (f->store, "staff", staff_ids->pdata[i], TRUE);
  assert_deleted (f->store, "team", south_id, TRUE);
  assert_deleted (f->store, "team", east_id, TRUE);

  /* What was there before the import stays. */
  assert_deleted (f->store, "team", north_id, FALSE);
  assert_deleted (f->store, "staff", supervisor_staff_id, FALSE);
  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM staff WHERE deleted = 0"),
                   ==, live_staff_before);

  /* The corrected file can be imported again. */
  load_text (again, ENGLISH_FILE, &error);
  g_assert_no_error (error);
  assert_no_problems (again);
  op_ids_again = commit_and_check (f, again, 5, 2);
  assert_english_staff (f->store);
}

static void
test_large (Fixture       *f,
            gconstpointer  data)
{
  static const char * const roles[] = { "Agent", "坐席", "Shift lead", "班长", "Complaints desk" };
  static const char * const role_names[] = {
    "agent", "agent", "shift_lead", "shift_lead", "complaints_desk"
  };
  const guint n_rows = 2000;
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStaffImport) import = cf_staff_import_new (f->store);
  g_autoptr (GString) text = g_string_new ("Employee number,Name,Role,Team,Hire date,Phone\r\n");
  g_auto (GStrv) op_ids = NULL;

  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (text, "%u,Agent %u,%s,Team %02u,2020/%u/%u,8%04u\r\n",
                            10000 + i, i, roles[i % G_N_ELEMENTS (roles)], i % 10,
                            1 + i % 12, 1 + i % 28, i);

  load_text (import, text->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_staff_import_get_n_rows (import), ==, n_rows);
  assert_no_problems (import);
  g_assert_cmpuint (cf_staff_import_get_row (import, n_rows - 1)->line, ==, n_rows + 1);

  op_ids = commit_and_check (f, import, n_rows, 10);

  for (guint i = 0; i < n_rows; i += 333)
    {
      g_autofree char *employee_no = g_strdup_printf ("%u", 10000 + i);
      g_autofree char *name = g_strdup_printf ("Agent %u", i);
      g_autofree char *team = g_strdup_printf ("Team %02u", i % 10);
      g_autofree char *hire_date = g_strdup_printf ("2020-%02u-%02u", 1 + i % 12, 1 + i % 28);
      g_autofree char *phone = g_strdup_printf ("8%04u", i);

      assert_staff (f->store, employee_no, name, role_names[i % G_N_ELEMENTS (roles)], team,
                    TRUE, hire_date, phone);
    }
  assert_staff (f->store, "11999", "Agent 1999", "complaints_desk", "Team 09", TRUE,
                "2020-08-12", "81999");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, cf_test_supervised_set_up, func, \
              cf_test_supervised_tear_down)

  ADD ("/staff-import/utf8-english", test_utf8_english);
  ADD ("/staff-import/utf8-bom-chinese", test_utf8_bom_chinese);
  ADD ("/staff-import/gb18030", test_gb18030);
  ADD ("/staff-import/bad-rows", test_bad_rows);
  ADD ("/staff-import/bad-team-name", test_bad_team_name);
  ADD ("/staff-import/spaces", test_spaces);
  ADD ("/staff-import/missing-column", test_missing_column);
  ADD ("/staff-import/header-only", test_header_only);
  ADD ("/staff-import/empty", test_empty);
  ADD ("/staff-import/invalid-encoding", test_invalid_encoding);
  ADD ("/staff-import/round-trip", test_round_trip);
  ADD ("/staff-import/undo", test_undo);
  ADD ("/staff-import/large", test_large);

#undef ADD

  status = g_test_run ();

  cf_test_clear_supervised_templates ();

  return status;
}
