/* test-holiday-import.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib.h>

#include "cf-csv.h"
#include "cf-holiday.h"
#include "cf-holiday-import.h"
#include "cf-op.h"
#include "cf-store.h"

#include "cf-test-util.h"

/* Every test imports into a real database file of its own, signed in as
 * the first supervisor (a manager, who keeps the holiday calendar).
 */
typedef CfTestSupervisedFixture Fixture;

static gboolean
load_text (CfHolidayImport  *import,
           const char       *text,
           GError          **error)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));

  return cf_holiday_import_load (import, bytes, error);
}

static gint64
count_holidays (CfStore *store)
{
  return cf_store_count (store, "SELECT COUNT(*) FROM holiday WHERE deleted = 0");
}

static gint64
count_ops (CfStore *store)
{
  return cf_store_count (store, "SELECT COUNT(*) FROM op_log");
}

static void
assert_no_problems (CfHolidayImport *import)
{
  for (guint i = 0; i < cf_holiday_import_get_n_rows (import); i++)
    g_assert_null (cf_holiday_import_get_row (import, i)->problem);
  g_assert_cmpuint (cf_holiday_import_get_n_problems (import), ==, 0);
}

static void
assert_holiday (CfStore    *store,
                const char *date,
                const char *name,
                gboolean    working_day)
{
  g_autoptr (CfHoliday) holiday = cf_holiday_lookup (store, date);

  g_assert_nonnull (holiday);
  g_assert_cmpstr (holiday->name, ==, name);
  g_assert_cmpint (holiday->working_day, ==, working_day);
}

/* The row of the file's @line, which must be there. */
static const CfHolidayImportRow *
row_on_line (CfHolidayImport *import,
             guint            line)
{
  for (guint i = 0; i < cf_holiday_import_get_n_rows (import); i++)
    {
      const CfHolidayImportRow *row = cf_holiday_import_get_row (import, i);

      if (row->line == line)
        return row;
    }

  g_assert_not_reached ();
}

static GStrv
commit (Fixture         *f,
        CfHolidayImport *import)
{
  g_autoptr (GError) error = NULL;
  guint commits_before = f->n_commits;
  GStrv op_ids = cf_holiday_import_commit (import, f->supervisor_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (op_ids);
  /* One transaction, whatever the number of lines. */
  g_assert_cmpuint (f->n_commits, ==, commits_before + 1);

  return op_ids;
}

/* The sample calendar imports whole: each line of the file is a holiday
 * in the store, as the file says, in one transaction.
 */
static void
test_sample (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "holidays-2027.csv", NULL);
  g_autoptr (GBytes) contents = cf_test_read_file (path);
  g_autoptr (GPtrArray) records = cf_csv_parse (contents, NULL, NULL, NULL);
  g_autoptr (CfHolidayImport) import = cf_holiday_import_new (f->store);
  g_autoptr (GPtrArray) year = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) op_ids = NULL;
  guint n_working = 0;

  g_assert_nonnull (records);
  g_assert_true (cf_holiday_import_load (import, contents, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cf_holiday_import_get_n_rows (import), ==, records->len - 1);
  assert_no_problems (import);
  g_assert_cmpuint (cf_holiday_import_get_n_updates (import), ==, 0);

  op_ids = commit (f, import);
  g_assert_cmpuint (g_strv_length (op_ids), ==, records->len - 1);
  g_assert_cmpint (count_holidays (f->store), ==, records->len - 1);

  /* Every line is in the store as written. */
  for (guint i = 1; i < records->len; i++)
    {
      CfCsvRecord *record = records->pdata[i];

      assert_holiday (f->store, record->fields[0], record->fields[1],
                      g_str_equal (record->fields[2], "1"));
      n_working += g_str_equal (record->fields[2], "1");
    }
  g_assert_cmpuint (n_working, >, 0);

  /* And the calendar of the year lists them by date. */
  year = cf_holiday_list_year (f->store, 2027, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (year->len, ==, records->len - 1);
  for (guint i = 1; i < year->len; i++)
    g_assert_cmpstr (((CfHoliday *) year->pdata[i - 1])->date, <,
                     ((CfHoliday *) year->pdata[i])->date);
}

/* A file with bad lines is refused whole, each problem on its line. */
static void
test_bad_lines (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (CfHolidayImport) import = cf_holiday_import_new (f->store);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) op_ids = NULL;
  gint64 ops_before = count_ops (f->store);
  guint commits_before;

  g_assert_true (load_text (import,
                            "date,name,working_day\n"
                            "2027-01-01,New Year,0\n"           /* 2: fine */
                            "2027-02-30,Nonsense,0\n"           /* 3: no such day */
                            "2027-05-01,,0\n"                   /* 4: no name */
                            "2027-05-02,Labour Day,perhaps\n"   /* 5: neither */
                            "\n"
                            "soon,Labour Day,1\n"               /* 7: not a date */
                            ",Labour Day,1\n"                   /* 8: no date */
                            "2027-05-04,A name far longer than the forty characters allowed,0\n",
                            &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cf_holiday_import_get_n_rows (import), ==, 7);
  g_assert_cmpuint (cf_holiday_import_get_n_problems (import), ==, 6);

  g_assert_null (row_on_line (import, 2)->problem);
  g_assert_nonnull (strstr (row_on_line (import, 3)->problem, "2027-02-30"));
  g_assert_nonnull (row_on_line (import, 4)->problem);
  g_assert_nonnull (strstr (row_on_line (import, 5)->problem, "perhaps"));
  g_assert_nonnull (strstr (row_on_line (import, 7)->problem, "soon"));
  g_assert_nonnull (row_on_line (import, 8)->problem);
  g_assert_nonnull (row_on_line (import, 9)->problem);

  commits_before = f->n_commits;
  op_ids = cf_holiday_import_commit (import, f->supervisor_id, &error);
  g_assert_null (op_ids);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  g_assert_cmpint (count_holidays (f->store), ==, 0);
  g_assert_cmpint (count_ops (f->store), ==, ops_before);
  g_assert_cmpuint (f->n_commits, ==, commits_before);
}

/* A date twice in one file is a mistake, however it is written. */
static void
test_duplicate_dates (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (CfHolidayImport) import = cf_holiday_import_new (f->store);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) op_ids = NULL;

  g_assert_true (load_text (import,
                            "date,name,working_day\n"
                            "2027-10-01,National Day,0\n"
                            "2027-10-02,National Day,0\n"
                            "2027/10/1,Another name,0\n",
                            &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cf_holiday_import_get_n_problems (import), ==, 1);
  g_assert_null (row_on_line (import, 2)->problem);
  g_assert_null (row_on_line (import, 3)->problem);
  /* Names the date and the line it was first on. */
  g_assert_nonnull (strstr (row_on_line (import, 4)->problem, "2027-10-01"));
  g_assert_nonnull (strstr (row_on_line (import, 4)->problem, "2"));

  op_ids = cf_holiday_import_commit (import, f->supervisor_id, &error);
  g_assert_null (op_ids);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  g_assert_cmpint (count_holidays (f->store), ==, 0);
}

static char *
add_holiday (Fixture    *f,
             const char *date,
             const char *name,
             gboolean    working_day)
{
  g_autoptr (JsonObject) values = json_object_new ();

  json_object_set_string_member (values, "date", date);
  json_object_set_string_member (values, "name", name);
  json_object_set_boolean_member (values, "working_day", working_day);

  return cf_test_create_record (f->store, f->supervisor_id, "holiday", values);
}

/* A date the calendar has is changed, not refused; one whose holiday was
 * deleted comes back; a line that changes nothing writes nothing.
 */
static void
test_existing_dates (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (CfHolidayImport) import = cf_holiday_import_new (f->store);
  g_autoptr (GError) error = NULL;
  g_autoptr (CfOp) delete = NULL;
  g_auto (GStrv) op_ids = NULL;
  g_autofree char *new_year = add_holiday (f, "2027-01-01", "New Year", FALSE);
  g_autofree char *labour = add_holiday (f, "2027-05-01", "Labour Day", FALSE);
  g_autofree char *same = add_holiday (f, "2027-06-09", "端午节", FALSE);
  g_autoptr (CfHoliday) before = NULL;

  delete = cf_op_new_delete ("holiday", labour);
  g_assert_true (cf_store_apply (f->store, f->supervisor_id, &delete, 1, &error));
  g_assert_no_error (error);

  g_assert_true (load_text (import,
                            "date,name,working_day\n"
                            "2027-01-01,元旦,0\n"
                            "2027-01-02,元旦,0\n"
                            "2027-05-01,劳动节,0\n"
                            "2027-06-09,端午节,0\n",
                            &error));
  g_assert_no_error (error);
  assert_no_problems (import);
  /* The preview says what each existing date is called now. */
  g_assert_cmpuint (cf_holiday_import_get_n_updates (import), ==, 2);
  g_assert_cmpstr (row_on_line (import, 2)->replaces, ==, "New Year");
  g_assert_null (row_on_line (import, 3)->replaces);
  g_assert_null (row_on_line (import, 4)->replaces);

  op_ids = commit (f, import);
  /* A create, a patch, a restore and a patch; nothing for the same line. */
  g_assert_cmpuint (g_strv_length (op_ids), ==, 4);

  g_assert_cmpint (count_holidays (f->store), ==, 4);
  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM holiday"), ==, 4);
  assert_holiday (f->store, "2027-01-01", "元旦", FALSE);
  assert_holiday (f->store, "2027-05-01", "劳动节", FALSE);
  assert_holiday (f->store, "2027-06-09", "端午节", FALSE);
  before = cf_holiday_lookup (f->store, "2027-01-01");
  g_assert_cmpstr (before->id, ==, new_year);
  g_assert_false (cf_test_record_deleted (f->store, "holiday", labour));
  g_assert_cmpint (cf_test_record_rev (f->store, "holiday", same), ==, 0);
}

/* The file as typed on a Chinese desktop: Chinese column names and
 * values, dates as 2027年2月5日, a byte-order mark from Excel.
 */
static void
test_chinese (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (CfHolidayImport) import = cf_holiday_import_new (f->store);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) op_ids = NULL;

  g_assert_true (load_text (import,
                            CF_CSV_UTF8_BOM "日期,名称,上班\r\n"
                            "2027年2月5日,春节,否\r\n"
                            "2027/2/6,春节,休息\r\n"
                            "2027-01-31,春节调休上班,是\r\n"
                            "2027-02-20,春节调休上班,上班\r\n",
                            &error));
  g_assert_no_error (error);
  assert_no_problems (import);
  g_assert_cmpstr (row_on_line (import, 2)->date, ==, "2027-02-05");

  op_ids = commit (f, import);
  g_assert_cmpint (count_holidays (f->store), ==, 4);
  assert_holiday (f->store, "2027-02-05", "春节", FALSE);
  assert_holiday (f->store, "2027-02-06", "春节", FALSE);
  assert_holiday (f->store, "2027-01-31", "春节调休上班", TRUE);
  assert_holiday (f->store, "2027-02-20", "春节调休上班", TRUE);
}

/* English words and a BOM; the columns in another order, and the yes/no,
 * true/false spellings.
 */
static void
test_bom_english (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (CfHolidayImport) import = cf_holiday_import_new (f->store);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) op_ids = NULL;

  g_assert_true (load_text (import,
                            CF_CSV_UTF8_BOM "Name,Working day,Date\n"
                            "National Day,no,2027-10-01\n"
                            "National Day,FALSE,2027-10-02\n"
                            "Make-up day,Yes,2027-09-26\n"
                            "Make-up day,true,2027-10-09\n",
                            &error));
  g_assert_no_error (error);
  assert_no_problems (import);

  op_ids = commit (f, import);
  assert_holiday (f->store, "2027-10-01", "National Day", FALSE);
  assert_holiday (f->store, "2027-10-02", "National Day", FALSE);
  assert_holiday (f->store, "2027-09-26", "Make-up day", TRUE);
  assert_holiday (f->store, "2027-10-09", "Make-up day", TRUE);
}

/* Without the column names the file cannot be read. */
static void
test_missing_header (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (CfHolidayImport) import = cf_holiday_import_new (f->store);
  g_autoptr (GError) error = NULL;

  g_assert_false (load_text (import, "2027-01-01,元旦,0\n2027-01-02,元旦,0\n", &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "1"));
  g_clear_error (&error);

  g_assert_false (load_text (import, "date,name,working_day\n", &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
}

/* Files and lines past the CSV reader's limits are refused before any
 * line is checked.
 */
static void
test_oversize (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (CfHolidayImport) import = cf_holiday_import_new (f->store);
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new ("date,name,working_day\n2027-01-01,");
  g_autofree char *big = NULL;
  g_autoptr (GBytes) bytes = NULL;

  for (guint i = 0; i <= CF_CSV_MAX_FIELD_BYTES; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, ",0\n");
  g_assert_false (load_text (import, text->str, &error));
  g_assert_error (error, CF_CSV_ERROR, CF_CSV_ERROR_TOO_LARGE);
  g_clear_error (&error);

  big = g_malloc (CF_CSV_MAX_INPUT_BYTES + 1);
  memset (big, 'x', CF_CSV_MAX_INPUT_BYTES + 1);
  bytes = g_bytes_new_take (g_steal_pointer (&big), CF_CSV_MAX_INPUT_BYTES + 1);
  g_assert_false (cf_holiday_import_load (import, bytes, &error));
  g_assert_error (error, CF_CSV_ERROR, CF_CSV_ERROR_TOO_LARGE);
  g_assert_cmpint (count_holidays (f->store), ==, 0);
}

/* A shift lead may read the calendar but not keep it: the store refuses
 * the import, and nothing is written.
 */
static void
test_not_a_manager (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (CfHolidayImport) import = cf_holiday_import_new (f->store);
  g_autoptr (JsonObject) staff = json_object_new ();
  g_autoptr (JsonObject) user = json_object_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *staff_id = NULL;
  g_autofree char *lead_id = NULL;
  g_auto (GStrv) op_ids = NULL;
  gint64 ops_before;

  json_object_set_string_member (staff, "employee_no", "9002");
  json_object_set_string_member (staff, "name", "Li Lead");
  json_object_set_string_member (staff, "role", "shift_lead");
  json_object_set_boolean_member (staff, "active", TRUE);
  staff_id = cf_test_create_record (f->store, f->supervisor_id, "staff", staff);
  json_object_set_string_member (user, "staff", staff_id);
  json_object_set_string_member (user, "login", "lilead");
  json_object_set_string_member (user, "password_hash", cf_test_password_hash (CF_TEST_PASSWORD));
  json_object_set_boolean_member (user, "active", TRUE);
  lead_id = cf_test_create_record (f->store, f->supervisor_id, "user", user);

  g_assert_true (load_text (import, "date,name,working_day\n2027-01-01,元旦,0\n", &error));
  g_assert_no_error (error);
  assert_no_problems (import);

  ops_before = count_ops (f->store);
  op_ids = cf_holiday_import_commit (import, lead_id, &error);
  g_assert_null (op_ids);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
  g_assert_cmpint (count_holidays (f->store), ==, 0);
  g_assert_cmpint (count_ops (f->store), ==, ops_before);
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

  ADD ("/holiday-import/sample", test_sample);
  ADD ("/holiday-import/bad-lines", test_bad_lines);
  ADD ("/holiday-import/duplicate-dates", test_duplicate_dates);
  ADD ("/holiday-import/existing-dates", test_existing_dates);
  ADD ("/holiday-import/chinese", test_chinese);
  ADD ("/holiday-import/bom-english", test_bom_english);
  ADD ("/holiday-import/missing-header", test_missing_header);
  ADD ("/holiday-import/oversize", test_oversize);
  ADD ("/holiday-import/not-a-manager", test_not_a_manager);

#undef ADD

  status = g_test_run ();

  cf_test_clear_caches ();

  return status;
}
