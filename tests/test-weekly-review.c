/* test-weekly-review.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The weekly review of hard complaints exported from a real database
 * holding the demo floor's escalations, read back with the tools a person
 * would open it with: poppler for the PDF, the XLSX's own XML through
 * python3. Every expected value comes from the core's query.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "cf-demo.h"
#include "cf-escalation-review.h"
#include "cf-store.h"
#include "cf-test-util.h"
#include "cf-weekly-review.h"

#define N_STAFF 20

typedef struct
{
  char      *dir;
  char      *path;
  CfStore   *store;
  GDate      today;
  GPtrArray *complaints;   /* CfHardComplaint: what the review must list */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  gboolean chinese = GPOINTER_TO_INT (data);
  g_autoptr (GDateTime) today = g_date_time_new_now_local ();
  g_autoptr (GDateTime) noon = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GError) error = NULL;

  /* The demo's history ends on last week's Thursday at noon, so that the
   * week reviewed is a whole one whatever day the test runs.
   */
  noon = g_date_time_new_local (g_date_time_get_year (today), g_date_time_get_month (today),
                                    g_date_time_get_day_of_month (today), 12, 0, 0);
  now = g_date_time_add_days (noon, -(g_date_time_get_day_of_week (today) - 1) - 7 + 3);

  f->dir = cf_test_make_dir (&f->path);
  f->store = cf_store_open (f->path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  cf_demo_populate_at (f->store, N_STAFF, chinese, now, &error);
  g_assert_no_error (error);

  g_date_clear (&f->today, 1);
  g_date_set_dmy (&f->today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  f->complaints = cf_escalation_list_hard_complaints (f->store, &f->today, NULL, &error);
  g_assert_no_error (error);
  /* The demo has hard complaints of every kind that week. */
  g_assert_cmpuint (f->complaints->len, >=, 3);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->complaints, g_ptr_array_unref);
  g_clear_object (&f->store);
  cf_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static CfWeeklyReview *
create_review (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  CfWeeklyReview *review = cf_weekly_review_new (f->store, &f->today, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (cf_weekly_review_get_n_rows (review), ==, f->complaints->len);

  return review;
}

static char *
write_review (Fixture              *f,
              CfWeeklyReview       *review,
              CfWeeklyReviewFormat  format)
{
  g_autofree char *name = cf_weekly_review_get_suggested_name (review, format);
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;

  g_assert_true (cf_weekly_review_write (review, format, file, &error));
  g_assert_no_error (error);

  return path;
}

static gboolean
is_listed (Fixture    *f,
           const char *escalation_id)
{
  for (guint i = 0; i < f->complaints->len; i++)
    {
      CfHardComplaint *complaint = f->complaints->pdata[i];

      if (g_str_equal (complaint->escalation_id, escalation_id))
        return TRUE;
    }

  return FALSE;
}

/* The PDF has the week in its title and every listed summary, and none of
 * the escalations that are not listed, on A4 landscape pages.
 */
static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr (CfWeeklyReview) review = create_review (f);
  g_autofree char *path = write_review (f, review, CF_WEEKLY_REVIEW_PDF);
  const char *text_argv[] = { "pdftotext", "-raw", path, "-", NULL };
  const char *info_argv[] = { "pdfinfo", path, NULL };
  g_autofree char *raw = cf_test_run_tool (text_argv);
  g_autofree char *info = cf_test_run_tool (info_argv);
  g_autofree char *text = cf_test_squeeze (raw);
  g_autofree char *week = cf_test_squeeze (cf_weekly_review_get_week (review));
  g_autoptr (GPtrArray) others = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (CfStatement) stmt = NULL;
  GDate monday, sunday;
  char monday_text[16], sunday_text[16];

  g_assert_true (g_str_has_suffix (path, ".pdf"));
  g_assert_nonnull (strstr (info, "841.89 x 595.28 pts"));

  cf_escalation_review_get_week (&f->today, &monday, &sunday);
  g_date_strftime (monday_text, sizeof monday_text, "%Y-%m-%d", &monday);
  g_date_strftime (sunday_text, sizeof sunday_text, "%Y-%m-%d", &sunday);
  g_assert_nonnull (strstr (text, monday_text));
  g_assert_nonnull (strstr (text, sunday_text));
  g_assert_nonnull (strstr (text, week));

  for (guint i = 0; i < f->complaints->len; i++)
    {
      CfHardComplaint *complaint = f->complaints->pdata[i];
      g_autofree char *summary = cf_test_squeeze (complaint->summary);
      g_autofree char *outcome = cf_hard_complaint_describe_outcome (complaint);
      g_autofree char *squeezed_outcome = cf_test_squeeze (outcome);

      g_assert_nonnull (strstr (text, summary));
      g_assert_nonnull (strstr (text, squeezed_outcome));
    }

  /* Every other escalation of the demo: none is in the review. */
  stmt = cf_store_prepare (f->store, "SELECT id, summary FROM escalation", NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (!is_listed (f, (const char *) sqlite3_column_text (stmt, 0)))
        g_ptr_array_add (others,
                         cf_test_squeeze ((const char *) sqlite3_column_text (stmt, 1)));
    }
  g_assert_cmpuint (others->len, >, 0);
  for (guint i = 0; i < others->len; i++)
    g_assert_null (strstr (text, others->pdata[i]));
}

/* Prints every cell of the first sheet as “reference, value”, and the
 * sheet's name, from the file's own XML.
 */
static const char xlsx_dump[] =
  "import sys, zipfile, xml.etree.ElementTree as ET\n"
  "M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'\n"
  "z = zipfile.ZipFile(sys.argv[1])\n"
  "strings = []\n"
  "if 'xl/sharedStrings.xml' in z.namelist():\n"
  "    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).iter(M + 'si'):\n"
  "        strings.append(''.join(t.text or '' for t in si.iter(M + 't')))\n"
  "book = ET.fromstring(z.read('xl/workbook.xml'))\n"
  "print('sheets\\t%s' % ','.join(s.get('name') for s in book.iter(M + 'sheet')))\n"
  "root = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))\n"
  "for c in root.iter(M + 'c'):\n"
  "    v = c.find(M + 'v')\n"
  "    if c.get('t') == 's':\n"
  "        value = strings[int(v.text)]\n"
  "    else:\n"
  "        value = v.text if v is not None and v.text is not None else ''\n"
  "    print('%s\\t%s' % (c.get('r'), value.replace('\\n', ' ')))\n";

/* Returns: reference such as “B2” → value, and “sheets” → their names */
static GHashTable *
read_xlsx (const char *path)
{
  const char *argv[] = { "python3", "-c", xlsx_dump, path, NULL };
  g_autofree char *out = cf_test_run_tool (argv);
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  GHashTable *cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) fields = g_strsplit (lines[i], "\t", 2);

      if (g_strv_length (fields) == 2)
        g_hash_table_insert (cells, g_strdup (fields[0]), g_strdup (fields[1]));
    }

  return cells;
}

static const char *
xlsx_value (GHashTable *cells,
            guint       row,
            guint       column)
{
  g_autofree char *key = g_strdup_printf ("%c%u", 'A' + column, row + 1);
  const char *value = g_hash_table_lookup (cells, key);

  return value != NULL ? value : "";
}

/* One sheet named after the week's Monday: a header row, then a row a
 * complaint with the query's values, as people read them.
 */
static void
test_xlsx (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr (CfWeeklyReview) review = create_review (f);
  g_autofree char *path = write_review (f, review, CF_WEEKLY_REVIEW_XLSX);
  g_autoptr (GHashTable) cells = read_xlsx (path);
  GDate monday;
  char monday_text[16];

  cf_escalation_review_get_week (&f->today, &monday, NULL);
  g_date_strftime (monday_text, sizeof monday_text, "%Y-%m-%d", &monday);
  g_assert_cmpstr (g_hash_table_lookup (cells, "sheets"), ==, monday_text);

  for (guint c = 0; c < CF_WEEKLY_REVIEW_N_COLUMNS; c++)
    g_assert_cmpstr (xlsx_value (cells, 0, c), ==, cf_weekly_review_get_column_title (c));
  g_assert_cmpstr (xlsx_value (cells, 0, 0), ==, "Summary");

  for (guint i = 0; i < f->complaints->len; i++)
    {
      CfHardComplaint *complaint = f->complaints->pdata[i];
      g_autofree char *reasons = cf_hard_complaint_describe_reasons (complaint);
      g_autofree char *outcome = cf_hard_complaint_describe_outcome (complaint);
      g_auto (GStrv) outcome_words = g_strsplit (outcome, "\n", -1);
      g_autofree char *outcome_line = g_strjoinv (" ", outcome_words);

      g_assert_cmpstr (xlsx_value (cells, i + 1, 0), ==, complaint->summary);
      g_assert_cmpstr (xlsx_value (cells, i + 1, 1), ==,
                       cf_hard_complaint_get_label (complaint, "severity"));
      g_assert_cmpstr (xlsx_value (cells, i + 1, 2), ==,
                       cf_hard_complaint_get_label (complaint, "level"));
      g_assert_cmpstr (xlsx_value (cells, i + 1, 3), ==,
                       cf_hard_complaint_get_label (complaint, "status"));
      g_assert_cmpstr (xlsx_value (cells, i + 1, 4), ==, reasons);
      g_assert_cmpstr (xlsx_value (cells, i + 1, 5), ==, outcome_line);
    }
  g_assert_cmpstr (xlsx_value (cells, f->complaints->len + 1, 0), ==, "");
}

/* A folder that is not there is an error in words, and leaves nothing. */
static void
test_failure (Fixture       *f,
              gconstpointer  data)
{
  const CfWeeklyReviewFormat formats[] = { CF_WEEKLY_REVIEW_PDF, CF_WEEKLY_REVIEW_XLSX };
  g_autoptr (CfWeeklyReview) review = create_review (f);
  g_autofree char *missing_dir = g_build_filename (f->dir, "missing", NULL);
  g_autofree char *missing = g_build_filename (missing_dir, "review.pdf", NULL);
  guint n_files = cf_test_count_files (f->dir);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr (GFile) file = g_file_new_for_path (missing);
      g_autoptr (GError) error = NULL;

      g_assert_false (cf_weekly_review_write (review, formats[i], file, &error));
      g_assert_error (error, CF_WEEKLY_REVIEW_ERROR, CF_WEEKLY_REVIEW_ERROR_WRITE);
      g_assert_nonnull (strstr (error->message, "review.pdf"));
      g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));
      g_assert_cmpuint (cf_test_count_files (f->dir), ==, n_files);
    }
}

/* @chinese: a demo with Chinese summaries and outcomes */
#define add_test(path, chinese, test) \
  g_test_add (path, Fixture, GINT_TO_POINTER (chinese), fixture_set_up, test, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_test ("/weekly-review/pdf", FALSE, test_pdf);
  add_test ("/weekly-review/pdf/chinese", TRUE, test_pdf);
  add_test ("/weekly-review/xlsx", FALSE, test_xlsx);
  add_test ("/weekly-review/xlsx/chinese", TRUE, test_xlsx);
  add_test ("/weekly-review/failure", FALSE, test_failure);

  return g_test_run ();
}
