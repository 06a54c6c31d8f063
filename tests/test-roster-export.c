/* test-roster-export.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The month's roster exported from a real database holding the demo floor
 * (this month's roster, with leave and a holiday), read back with the
 * tools a person would open it with: poppler for the PDF, the XLSX's own
 * XML through python3, the project's CSV reader. Every expected value is
 * read from the store.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "cf-csv.h"
#include "cf-demo.h"
#include "cf-op.h"
#include "cf-registry.h"
#include "cf-roster-export.h"
#include "cf-roster-grid.h"
#include "cf-roster-month.h"
#include "cf-staff-directory.h"
#include "cf-store.h"
#include "cf-test-util.h"

#define N_STAFF 60

typedef struct
{
  char             *dir;
  char             *path;
  CfStore          *store;
  CfStaffDirectory *directory;
  CfRosterMonth    *month;
  char             *supervisor_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  gboolean chinese = GPOINTER_TO_INT (data);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (JsonObject) holiday = json_object_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *date = NULL;

  f->dir = cf_test_make_dir (&f->path);
  f->store = cf_store_open (f->path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  cf_demo_populate (f->store, N_STAFF, chinese, &error);
  g_assert_no_error (error);
  f->supervisor_id = cf_test_query_text (f->store, "SELECT id FROM app_user WHERE login = ?",
                                         CF_DEMO_SUPERVISOR_LOGIN);

  /* A holiday on the month's third day, to be explained in the legend. */
  date = g_date_time_format (now, "%Y-%m-03");
  json_object_set_string_member (holiday, "date", date);
  json_object_set_string_member (holiday, "name", chinese ? "测试节" : "Founders Day");
  json_object_set_boolean_member (holiday, "working_day", FALSE);
  g_free (cf_test_create_record (f->store, f->supervisor_id, "holiday", holiday));

  f->directory = cf_staff_directory_new (f->store);
  f->month = cf_roster_month_new (f->store, g_date_time_get_year (now),
                                  g_date_time_get_month (now), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_roster_month_get_n_rows (f->month), >, 40);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->month);
  g_clear_object (&f->directory);
  g_clear_object (&f->store);
  cf_test_remove_tree (f->dir);
  g_free (f->supervisor_id);
  g_free (f->path);
  g_free (f->dir);
}

/* Helpers ---------------------------------------------------------------------- */

static GArray *
first_rows (Fixture *f,
            guint    n)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < MIN (n, cf_roster_month_get_n_rows (f->month)); i++)
    g_array_append_val (rows, i);

  return rows;
}

static CfRosterExport *
export_rows (Fixture *f,
             GArray  *rows)
{
  return cf_roster_export_new (f->month, f->directory, (guint *) rows->data, rows->len);
}

static char *
write_export (Fixture              *f,
              CfRosterExport       *export,
              CfRosterExportFormat  format,
              const char           *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;

  g_assert_true (cf_roster_export_write (export, format, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  return g_steal_pointer (&path);
}

/* The staff member's cell for @day as the store has it, in the words a
 * cell shows: the shift type's code, or the leave's code.
 */
static char *
stored_code (Fixture    *f,
             const char *staff_id,
             guint       day)
{
  const CfField *leave = cf_kind_lookup_field (cf_registry_lookup ("roster_assignment"), "leave");
  g_autofree char *date = cf_roster_month_format_date (f->month, day);
  g_autofree char *sql = NULL;
  g_autofree char *shift = NULL;
  g_autofree char *leave_type = NULL;

  sql = g_strdup_printf ("SELECT t.code FROM roster_assignment a JOIN shift_type t "
                         "ON t.id = a.shift_type WHERE a.deleted = 0 AND a.date = '%s' "
                         "AND a.staff = ?", date);
  shift = cf_test_query_text (f->store, sql, staff_id);
  if (shift != NULL)
    return g_steal_pointer (&shift);

  g_free (sql);
  sql = g_strdup_printf ("SELECT leave FROM roster_assignment WHERE deleted = 0 AND date = '%s' "
                         "AND staff = ?", date);
  leave_type = cf_test_query_text (f->store, sql, staff_id);
  for (guint i = 0; leave_type != NULL && leave->choices[i] != NULL; i++)
    {
      if (g_str_equal (leave->choices[i], leave_type))
        return g_strdup (cf_roster_grid_cell_code (f->month, (CfRosterCell) { 0, i + 1, 0 }));
    }

  return g_strdup ("");
}

static char *
staff_field (Fixture    *f,
             const char *employee_no,
             const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM staff s LEFT JOIN team t "
                                          "ON t.id = s.team WHERE s.deleted = 0 "
                                          "AND s.employee_no = ?", column);
  char *value = cf_test_query_text (f->store, sql, employee_no);

  return value != NULL ? value : g_strdup ("");
}

static guint
pdf_n_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = cf_test_run_tool (argv);
  const char *pages = strstr (info, "\nPages:");

  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("\nPages:"), NULL, 10);
}

static char *
pdf_text (const char *path,
          guint       page)
{
  g_autofree char *number = g_strdup_printf ("%u", page);
  const char *argv[] = { "pdftotext", "-layout", "-f", number, "-l", number, path, "-", NULL };

  return cf_test_run_tool (argv);
}

/* The line of @text with @needle as a word. */
static char *
line_with (const char *text,
           const char *needle)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) words = g_strsplit_set (lines[i], " \t", -1);

      if (g_strv_contains ((const char * const *) words, needle))
        return g_strdup (lines[i]);
    }

  return NULL;
}

/* Whether a line of @text numbers the days 1 to @n_days, in order. */
static gboolean
has_day_numbers (const char *text,
                 guint       n_days)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) words = g_strsplit_set (lines[i], " \t", -1);
      guint day = 0;

      for (guint w = 0; words[w] != NULL; w++)
        {
          g_autofree char *expected = g_strdup_printf ("%u", day + 1);

          if (words[w][0] == '\0')
            continue;
          if (!g_str_equal (words[w], expected))
            break;
          day++;
        }
      if (day == n_days)
        return TRUE;
    }

  return FALSE;
}

/* Checks that a page's line for the staff member shows the month's codes
 * in order, as the store has them (empty cells show nothing).
 */
static void
assert_pdf_row (Fixture    *f,
                const char *text,
                guint       month_row)
{
  const CfRosterRow *row = cf_roster_month_get_row (f->month, month_row);
  g_autofree char *line = line_with (text, row->employee_no);
  g_autoptr (GStrvBuilder) expected = g_strv_builder_new ();
  g_auto (GStrv) words = NULL;
  g_auto (GStrv) codes = NULL;
  g_autoptr (GPtrArray) shown = g_ptr_array_new ();
  guint i = 0;

  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, row->name));
  for (guint day = 0; day < cf_roster_month_get_n_days (f->month); day++)
    {
      g_autofree char *code = stored_code (f, row->staff_id, day);

      if (code[0] != '\0')
        g_strv_builder_add (expected, code);
    }
  codes = g_strv_builder_end (expected);

  /* The codes follow the hours, “120 / 163 h”. */
  words = g_strsplit_set (line, " \t", -1);
  while (words[i] != NULL && !g_str_equal (words[i], "h"))
    i++;
  g_assert_nonnull (words[i]);
  for (i++; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (shown, words[i]);
  g_ptr_array_add (shown, NULL);

  g_assert_cmpstrv ((const char * const *) shown->pdata, codes);
}

/* PDF ---------------------------------------------------------------------------- */

#define A4_W (CF_ROSTER_EXPORT_A4_WIDTH - 2 * CF_ROSTER_EXPORT_PDF_MARGIN)
#define A4_H (CF_ROSTER_EXPORT_A4_HEIGHT - 2 * CF_ROSTER_EXPORT_PDF_MARGIN)
#define A3_W (CF_ROSTER_EXPORT_A3_WIDTH - 2 * CF_ROSTER_EXPORT_PDF_MARGIN)
#define A3_H (CF_ROSTER_EXPORT_A3_HEIGHT - 2 * CF_ROSTER_EXPORT_PDF_MARGIN)

/* Pages split by staff, as many as fit: one more staff member than a page
 * holds makes a second page.
 */
static void
test_pdf_pages (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GArray) all = first_rows (f, G_MAXUINT);
  g_autoptr (CfRosterExport) everyone = export_rows (f, all);
  guint per_page, per_a3_page;
  guint n_rows = cf_roster_month_get_n_rows (f->month);
  g_autofree char *path = NULL;

  cf_roster_export_get_n_pages (everyone, A4_W, A4_H, &per_page);
  cf_roster_export_get_n_pages (everyone, A3_W, A3_H, &per_a3_page);
  /* Readable: a page holds a good part of a team, and A3 more. */
  g_assert_cmpuint (per_page, >=, 20);
  g_assert_cmpuint (per_page, <, n_rows);
  g_assert_cmpuint (per_a3_page, >, per_page);

  for (guint n = per_page; n <= per_page + 1; n++)
    {
      g_autoptr (GArray) rows = first_rows (f, n);
      g_autoptr (CfRosterExport) export = export_rows (f, rows);
      g_autofree char *name = g_strdup_printf ("roster-%u.pdf", n);
      g_autofree char *pages_path = write_export (f, export, CF_ROSTER_EXPORT_PDF_A4, name);
      g_autofree char *last_page = NULL;

      g_assert_cmpuint (pdf_n_pages (pages_path), ==, n == per_page ? 1 : 2);
      /* The last staff member is on the last page, alone on the second. */
      last_page = pdf_text (pages_path, pdf_n_pages (pages_path));
      assert_pdf_row (f, last_page, n - 1);
    }

  path = write_export (f, everyone, CF_ROSTER_EXPORT_PDF_A4, "roster-all.pdf");
  g_assert_cmpuint (pdf_n_pages (path), ==, (n_rows + per_page - 1) / per_page);
  g_clear_pointer (&path, g_free);
  path = write_export (f, everyone, CF_ROSTER_EXPORT_PDF_A3, "roster-all-a3.pdf");
  g_assert_cmpuint (pdf_n_pages (path), ==, (n_rows + per_a3_page - 1) / per_a3_page);
}

/* Every page has the header with every day, its staff with their codes,
 * the legend and a footer with the status and the page.
 */
static void
test_pdf_content (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GArray) rows = first_rows (f, G_MAXUINT);
  g_autoptr (CfRosterExport) export = export_rows (f, rows);
  guint per_page;
  g_autofree char *path = write_export (f, export, CF_ROSTER_EXPORT_PDF_A4, "roster.pdf");
  guint n_pages = pdf_n_pages (path);
  guint n_days = cf_roster_month_get_n_days (f->month);
  g_autofree char *holiday = cf_test_query_text (f->store, "SELECT name FROM holiday", NULL);

  g_assert_cmpuint (cf_roster_export_get_n_pages (export, A4_W, A4_H, &per_page), ==, n_pages);
  g_assert_cmpuint (n_pages, >=, 2);
  for (guint page = 1; page <= n_pages; page++)
    {
      g_autofree char *text = pdf_text (path, page);
      g_autofree char *footer = g_strdup_printf ("Page %u of %u", page, n_pages);

      g_assert_nonnull (line_with (text, "Name"));
      g_assert_true (has_day_numbers (text, n_days));

      for (guint r = (page - 1) * per_page; r < MIN (page * per_page, rows->len); r++)
        assert_pdf_row (f, text, r);

      /* The legend: each shift type's code, name and times; the holiday. */
      for (guint i = 1; i <= cf_roster_month_get_n_shift_types (f->month); i++)
        {
          const CfRosterShiftType *type = cf_roster_month_get_shift_type (f->month, i);
          g_autofree char *times = g_strdup_printf ("%02d:%02d–%02d:%02d",
                                                    type->times.start_minute / 60,
                                                    type->times.start_minute % 60,
                                                    type->times.end_minute / 60 % 24,
                                                    type->times.end_minute % 60);

          g_assert_nonnull (strstr (text, type->name));
          if (type->times.counts_as_work)
            g_assert_nonnull (strstr (text, times));
        }
      g_assert_nonnull (strstr (text, holiday));
      g_assert_nonnull (strstr (text, "Annual leave"));
      g_assert_nonnull (strstr (text, "Draft, not published"));
      g_assert_nonnull (strstr (text, footer));
      g_assert_nonnull (strstr (text, "Generated"));
    }
}

/* A published month says who published it, and when. */
static void
test_pdf_published (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (JsonObject) values = json_object_new ();
  g_autoptr (GArray) rows = first_rows (f, 5);
  g_autoptr (CfRosterExport) export = NULL;
  g_autofree char *month = g_strdup_printf ("%04d-%02d", cf_roster_month_get_year (f->month),
                                            cf_roster_month_get_month (f->month));
  g_autofree char *publisher = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *published = NULL;

  json_object_set_string_member (values, "month", month);
  json_object_set_string_member (values, "status", "published");
  json_object_set_string_member (values, "published_by", f->supervisor_id);
  json_object_set_string_member (values, "published_at", "2026-01-05T08:30:00Z");
  json_object_set_int_member (values, "published_problems", 0);
  g_free (cf_test_create_record (f->store, f->supervisor_id, "roster_month", values));
  publisher = cf_test_query_text (f->store, "SELECT s.name FROM app_user u JOIN staff s "
                                            "ON s.id = u.staff WHERE u.id = ?", f->supervisor_id);

  export = export_rows (f, rows);
  path = write_export (f, export, CF_ROSTER_EXPORT_PDF_A4, "published.pdf");
  text = pdf_text (path, 1);
  published = g_strdup_printf ("Published by %s on 2026-01-05", publisher);
  g_assert_nonnull (strstr (text, published));
  g_assert_null (strstr (text, "Draft"));
}

/* Chinese names, teams and holidays come out as text, on A3 too. */
static void
test_pdf_chinese (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GArray) rows = first_rows (f, G_MAXUINT);
  g_autoptr (CfRosterExport) export = export_rows (f, rows);
  guint per_page;
  g_autofree char *path = write_export (f, export, CF_ROSTER_EXPORT_PDF_A3, "roster-zh.pdf");
  g_autofree char *text = pdf_text (path, 1);
  g_autofree char *holiday = cf_test_query_text (f->store, "SELECT name FROM holiday", NULL);

  cf_roster_export_get_n_pages (export, A3_W, A3_H, &per_page);
  for (guint r = 0; r < MIN (per_page, rows->len); r++)
    {
      const CfRosterRow *row = cf_roster_month_get_row (f->month, r);
      g_autofree char *team = staff_field (f, row->employee_no, "COALESCE (t.name, '')");

      g_assert_true (g_utf8_validate (row->name, -1, NULL) && (guchar) row->name[0] >= 0x80);
      assert_pdf_row (f, text, r);
      g_assert_nonnull (strstr (text, team));
    }
  g_assert_nonnull (strstr (text, holiday));
}

/* XLSX ----------------------------------------------------------------------------- */

/* Prints every cell of both sheets as “sheet, reference, value, fill”,
 * and the frozen pane, from the file's own XML.
 */
static const char xlsx_dump[] =
  "import sys, zipfile, xml.etree.ElementTree as ET\n"
  "M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'\n"
  "z = zipfile.ZipFile(sys.argv[1])\n"
  "strings = []\n"
  "if 'xl/sharedStrings.xml' in z.namelist():\n"
  "    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).iter(M + 'si'):\n"
  "        strings.append(''.join(t.text or '' for t in si.iter(M + 't')))\n"
  "styles = ET.fromstring(z.read('xl/styles.xml'))\n"
  "fills = []\n"
  "for f in styles.find(M + 'fills'):\n"
  "    fg = f.find(M + 'patternFill/' + M + 'fgColor')\n"
  "    fills.append(fg.get('rgb', '') if fg is not None else '')\n"
  "xfs = [int(x.get('fillId', '0')) for x in styles.find(M + 'cellXfs')]\n"
  "for n in (1, 2):\n"
  "    root = ET.fromstring(z.read('xl/worksheets/sheet%d.xml' % n))\n"
  "    pane = root.find('.//' + M + 'pane')\n"
  "    if pane is not None:\n"
  "        print('%d\\tpane\\t%s,%s\\t' % (n, pane.get('xSplit'), pane.get('ySplit')))\n"
  "    for c in root.iter(M + 'c'):\n"
  "        v = c.find(M + 'v')\n"
  "        if c.get('t') == 's':\n"
  "            value = strings[int(v.text)]\n"
  "        elif c.get('t') == 'inlineStr':\n"
  "            value = ''.join(t.text or '' for t in c.iter(M + 't'))\n"
  "        else:\n"
  "            value = v.text if v is not None and v.text is not None else ''\n"
  "        fill = fills[xfs[int(c.get('s', '0'))]]\n"
  "        print('%d\\t%s\\t%s\\t%s' % (n, c.get('r'), value, fill))\n";

typedef struct
{
  char *value;
  char *fill;
} XlsxCell;

static void
xlsx_cell_free (XlsxCell *cell)
{
  g_free (cell->value);
  g_free (cell->fill);
  g_free (cell);
}

/* Returns: “sheet!A1” → XlsxCell */
static GHashTable *
read_xlsx (const char *path)
{
  const char *argv[] = { "python3", "-c", xlsx_dump, path, NULL };
  g_autofree char *out = cf_test_run_tool (argv);
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  GHashTable *cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) xlsx_cell_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) fields = g_strsplit (lines[i], "\t", 4);
      XlsxCell *cell;

      if (g_strv_length (fields) != 4)
        continue;
      cell = g_new0 (XlsxCell, 1);
      cell->value = g_strdup (fields[2]);
      cell->fill = g_strdup (fields[3]);
      g_hash_table_insert (cells, g_strdup_printf ("%s!%s", fields[0], fields[1]), cell);
    }

  return cells;
}

static const XlsxCell *
xlsx_cell (GHashTable *cells,
           guint       sheet,
           guint       row,
           guint       column)
{
  g_autofree char *key = NULL;
  char letters[4] = { 0 };
  guint n = 0;

  /* Column 0 is A, 26 is AA. */
  if (column >= 26)
    letters[n++] = 'A' + column / 26 - 1;
  letters[n] = 'A' + column % 26;
  key = g_strdup_printf ("%u!%s%u", sheet, letters, row + 1);

  return g_hash_table_lookup (cells, key);
}

static const char *
xlsx_value (GHashTable *cells,
            guint       sheet,
            guint       row,
            guint       column)
{
  const XlsxCell *cell = xlsx_cell (cells, sheet, row, column);

  return cell != NULL ? cell->value : "";
}

#define XLSX_HEADER_ROW 2
#define XLSX_FIRST_ROW  4
#define XLSX_FIRST_DAY  5

static void
test_xlsx (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr (GArray) rows = first_rows (f, G_MAXUINT);
  g_autoptr (CfRosterExport) export = export_rows (f, rows);
  g_autofree char *path = write_export (f, export, CF_ROSTER_EXPORT_XLSX, "roster.xlsx");
  g_autoptr (GHashTable) cells = read_xlsx (path);
  guint n_days = cf_roster_month_get_n_days (f->month);
  const XlsxCell *pane;
  guint n_filled = 0;

  g_assert_cmpstr (xlsx_value (cells, 1, XLSX_HEADER_ROW, 0), ==, "Name");
  g_assert_cmpstr (xlsx_value (cells, 1, XLSX_HEADER_ROW, 1), ==, "Employee No.");
  g_assert_cmpstr (xlsx_value (cells, 1, XLSX_HEADER_ROW, 2), ==, "Team");
  for (guint day = 0; day < n_days; day++)
    {
      g_autofree char *number = g_strdup_printf ("%u", day + 1);

      g_assert_cmpstr (xlsx_value (cells, 1, XLSX_HEADER_ROW, XLSX_FIRST_DAY + day), ==, number);
    }
  g_assert_cmpstr (xlsx_value (cells, 1, XLSX_HEADER_ROW, XLSX_FIRST_DAY + n_days), ==, "");

  /* The frozen pane keeps the header rows and the info columns. */
  pane = g_hash_table_lookup (cells, "1!pane");
  g_assert_nonnull (pane);
  g_assert_cmpstr (pane->value, ==, G_STRINGIFY (XLSX_FIRST_DAY) "," G_STRINGIFY (XLSX_FIRST_ROW));

  for (guint r = 0; r < rows->len; r++)
    {
      const CfRosterRow *row = cf_roster_month_get_row (f->month, r);
      const char *employee_no = xlsx_value (cells, 1, XLSX_FIRST_ROW + r, 1);
      g_autofree char *name = staff_field (f, employee_no, "s.name");
      g_autofree char *team = staff_field (f, employee_no, "COALESCE (t.name, '')");
      g_autofree char *staff_id = staff_field (f, employee_no, "s.id");

      g_assert_cmpstr (employee_no, ==, row->employee_no);
      g_assert_cmpstr (xlsx_value (cells, 1, XLSX_FIRST_ROW + r, 0), ==, name);
      g_assert_cmpstr (xlsx_value (cells, 1, XLSX_FIRST_ROW + r, 2), ==, team);
      for (guint day = 0; day < n_days; day++)
        {
          g_autofree char *code = stored_code (f, staff_id, day);
          const XlsxCell *cell = xlsx_cell (cells, 1, XLSX_FIRST_ROW + r, XLSX_FIRST_DAY + day);
          guint shift = cf_roster_month_find_shift_code (f->month, code);

          g_assert_nonnull (cell);
          g_assert_cmpstr (cell->value, ==, code);
          /* A shift is filled in its colour, from the store. */
          if (shift > 0)
            {
              g_autofree char *colour =
                cf_test_query_text (f->store, "SELECT printf ('FF%06X', colour) FROM shift_type "
                                              "WHERE deleted = 0 AND code = ?", code);

              g_assert_cmpstr (cell->fill, ==, colour);
              n_filled++;
            }
        }
    }
  g_assert_cmpuint (n_filled, >, rows->len * 10);

  /* The legend sheet: each shift type's code and name. */
  for (guint i = 1; i <= cf_roster_month_get_n_shift_types (f->month); i++)
    {
      const CfRosterShiftType *type = cf_roster_month_get_shift_type (f->month, i);
      g_autofree char *name = cf_test_query_text (f->store, "SELECT name FROM shift_type "
                                                            "WHERE deleted = 0 AND code = ?",
                                                  type->code);

      g_assert_cmpstr (xlsx_value (cells, 2, i, 0), ==, type->code);
      g_assert_cmpstr (xlsx_value (cells, 2, i, 1), ==, name);
    }
}

/* CSV ------------------------------------------------------------------------------- */

static GPtrArray *
read_csv (const char *path)
{
  g_autoptr (GBytes) bytes = cf_test_read_file (path);
  g_autoptr (GError) error = NULL;
  CfCsvEncoding encoding;
  char delimiter;
  GPtrArray *records = cf_csv_parse (bytes, &encoding, &delimiter, &error);

  g_assert_no_error (error);
  /* As the staff export: UTF-8 with a byte-order mark, for Excel. */
  g_assert_cmpint (encoding, ==, CF_CSV_ENCODING_UTF8_BOM);
  g_assert_cmpint (delimiter, ==, ',');

  return records;
}

/* Only the rows shown (here, one team's) are exported, each day's code as
 * the store has it.
 */
static void
test_csv (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *team_id = NULL;
  g_autoptr (CfRosterExport) export = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GStrvBuilder) header = g_strv_builder_new ();
  g_auto (GStrv) expected_header = NULL;
  guint n_days = cf_roster_month_get_n_days (f->month);

  for (guint i = 0; i < cf_roster_month_get_n_rows (f->month); i++)
    {
      const CfRosterRow *row = cf_roster_month_get_row (f->month, i);

      if (team_id == NULL && row->team_id != NULL)
        team_id = row->team_id;
      if (row->team_id != NULL && g_str_equal (row->team_id, team_id))
        g_array_append_val (rows, i);
    }
  g_assert_cmpuint (rows->len, >=, 3);

  export = export_rows (f, rows);
  path = write_export (f, export, CF_ROSTER_EXPORT_CSV, "roster.csv");
  records = read_csv (path);

  g_strv_builder_add_many (header, "employee_no", "name", "team", NULL);
  for (guint day = 0; day < n_days; day++)
    {
      g_autofree char *number = g_strdup_printf ("%u", day + 1);

      g_strv_builder_add (header, number);
    }
  expected_header = g_strv_builder_end (header);
  g_assert_cmpuint (records->len, ==, rows->len + 1);
  g_assert_cmpstrv (((CfCsvRecord *) records->pdata[0])->fields, expected_header);

  for (guint r = 1; r < records->len; r++)
    {
      GStrv fields = ((CfCsvRecord *) records->pdata[r])->fields;
      const CfRosterRow *row = cf_roster_month_get_row (f->month,
                                                        g_array_index (rows, guint, r - 1));
      g_autofree char *name = staff_field (f, fields[0], "s.name");
      g_autofree char *team = staff_field (f, fields[0], "COALESCE (t.name, '')");
      g_autofree char *staff_team = staff_field (f, fields[0], "s.team");
      g_autofree char *staff_id = staff_field (f, fields[0], "s.id");

      g_assert_cmpuint (g_strv_length (fields), ==, 3 + n_days);
      g_assert_cmpstr (fields[0], ==, row->employee_no);
      g_assert_cmpstr (staff_team, ==, team_id);
      g_assert_cmpstr (fields[1], ==, name);
      g_assert_cmpstr (fields[2], ==, team);
      for (guint day = 0; day < n_days; day++)
        {
          g_autofree char *code = stored_code (f, staff_id, day);

          g_assert_cmpstr (fields[3 + day], ==, code);
        }
    }
}

static void
on_written_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (cf_roster_export_write_finish (CF_ROSTER_EXPORT (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Written in a thread, the same file; an existing file is replaced. */
static void
test_csv_async (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GArray) rows = first_rows (f, G_MAXUINT);
  g_autoptr (CfRosterExport) export = export_rows (f, rows);
  g_autofree char *path = g_build_filename (f->dir, "async.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GPtrArray) records = NULL;
  gboolean done = FALSE;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  cf_roster_export_write_async (export, CF_ROSTER_EXPORT_CSV, file, NULL, on_written_cb, &done);
  g_assert_true (cf_test_wait_until (is_true, &done, 30));

  records = read_csv (path);
  g_assert_cmpuint (records->len, ==, rows->len + 1);
}

/* Failures ---------------------------------------------------------------------------- */

/* A folder that is not there, or a target that cannot be replaced, is an
 * error in words, and leaves no file behind.
 */
static void
test_failure (Fixture       *f,
              gconstpointer  data)
{
  const CfRosterExportFormat formats[] = {
    CF_ROSTER_EXPORT_PDF_A4, CF_ROSTER_EXPORT_PDF_A3, CF_ROSTER_EXPORT_XLSX, CF_ROSTER_EXPORT_CSV,
  };
  g_autoptr (GArray) rows = first_rows (f, 10);
  g_autoptr (CfRosterExport) export = export_rows (f, rows);
  g_autofree char *missing = g_build_filename (f->dir, "missing", "roster.pdf", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "roster.xlsx", NULL);
  guint n_files = cf_test_count_files (f->dir);

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  n_files++;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr (GFile) file = g_file_new_for_path (missing);
      g_autoptr (GFile) directory = g_file_new_for_path (folder);
      g_autoptr (GError) error = NULL;

      g_assert_false (cf_roster_export_write (export, formats[i], file, &error));
      g_assert_error (error, CF_ROSTER_EXPORT_ERROR, CF_ROSTER_EXPORT_ERROR_WRITE);
      g_assert_nonnull (strstr (error->message, "roster.pdf"));
      g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
      g_clear_error (&error);

      /* Written in full, then refused the rename over a folder. */
      g_assert_false (cf_roster_export_write (export, formats[i], directory, &error));
      g_assert_error (error, CF_ROSTER_EXPORT_ERROR, CF_ROSTER_EXPORT_ERROR_WRITE);
      g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
      g_assert_cmpuint (cf_test_count_files (f->dir), ==, n_files);
    }
}

/* @chinese: a demo with Chinese names, teams and holiday */
#define add_test(path, chinese, test) \
  g_test_add (path, Fixture, GINT_TO_POINTER (chinese), fixture_set_up, test, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_test ("/roster-export/pdf/pages", FALSE, test_pdf_pages);
  add_test ("/roster-export/pdf/content", FALSE, test_pdf_content);
  add_test ("/roster-export/pdf/published", FALSE, test_pdf_published);
  add_test ("/roster-export/pdf/chinese", TRUE, test_pdf_chinese);
  add_test ("/roster-export/xlsx", FALSE, test_xlsx);
  add_test ("/roster-export/csv", FALSE, test_csv);
  add_test ("/roster-export/csv/async", FALSE, test_csv_async);
  add_test ("/roster-export/failure", FALSE, test_failure);

  return g_test_run ();
}
