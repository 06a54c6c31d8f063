/* test-ui-roster-setup.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the roster is planned with, in real windows under Xvfb on the demo
 * database: a shift type changed through its dialog and seen in the grid,
 * the holiday calendar kept by hand and imported from a file and seen in
 * the month, and both only read by who may not change them.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "cf-csv.h"
#include "cf-demo.h"
#include "cf-holiday.h"
#include "cf-holiday-dialog.h"
#include "cf-holidays-dialog.h"
#include "cf-roster-grid.h"
#include "cf-roster-month.h"
#include "cf-roster-view.h"
#include "cf-session.h"
#include "cf-shift-type-dialog.h"
#include "cf-shift-types-dialog.h"
#include "cf-store.h"
#include "cf-test-ui.h"
#include "cf-test-util.h"
#include "cf-window.h"

typedef CfTestUiFixture Fixture;

static gboolean
signed_in (gpointer data)
{
  Fixture *fixture = data;

  return cf_session_is_signed_in (cf_context_get_session (fixture->context)) &&
         cf_window_get_visible_view (fixture->window) != NULL;
}

/* Signs in as @login (the demo's supervisor, whom the sign-in page fills
 * in, when NULL) and opens the roster.
 */
static CfRosterView *
open_roster (Fixture    *fixture,
             const char *login)
{
  cf_test_ui_open_window (fixture);
  if (login != NULL)
    cf_test_ui_sign_in (fixture, login, CF_DEMO_PASSWORD);
  else
    cf_test_ui_click (GTK_WIDGET (fixture->window), "sign-in-button");
  g_assert_true (cf_test_ui_wait_for (signed_in, fixture));
  cf_test_ui_show_view (fixture, "roster");

  return CF_ROSTER_VIEW (cf_window_get_view (fixture->window, "roster"));
}

static gboolean
window_closed (gpointer data)
{
  return cf_test_ui_find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

static void
assert_refused (GtkWidget *form)
{
  GtkWidget *problem = cf_test_ui_find_named (form, "problem-label");

  g_assert_true (gtk_widget_get_visible (problem));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (problem)), !=, "");
  g_assert_false (gtk_widget_is_sensitive (cf_test_ui_find_named (form, "save-button")));
}

static void
assert_accepted (GtkWidget *form)
{
  g_assert_false (gtk_widget_get_visible (cf_test_ui_find_named (form, "problem-label")));
  g_assert_true (gtk_widget_is_sensitive (cf_test_ui_find_named (form, "save-button")));
}

/* Clicks the button @name in the list row @row_name of @dialog. */
static void
click_in_row (GtkWidget  *dialog,
              const char *row_name,
              const char *name)
{
  GtkWidget *row = cf_test_ui_find_named (dialog, row_name);

  g_assert_nonnull (row);
  cf_test_ui_click (row, name);
}

static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s-%s.png", name,
                                           cf_test_ui_locale_is_chinese () ? "zh_CN" : "en");

  cf_test_ui_save_screenshot (window, file);
}

/* The first shown row and day of @grid's month with a cell of @shift. */
static gboolean
find_cell (CfRosterGrid *grid,
           guint         shift,
           guint        *row,
           guint        *day)
{
  CfRosterMonth *month = cf_roster_grid_get_month (grid);

  /* No filter: the grid shows the month's rows in their order. */
  g_assert_cmpuint (cf_roster_grid_get_n_rows (grid), ==, cf_roster_month_get_n_rows (month));
  for (*row = 0; *row < cf_roster_month_get_n_rows (month); (*row)++)
    for (*day = 0; *day < cf_roster_month_get_n_days (month); (*day)++)
      if (cf_roster_month_get_cell (month, *row, *day).shift == shift)
        return TRUE;

  return FALSE;
}

/* The month's shift type with @id, and its index in the month. */
static const CfRosterShiftType *
month_shift_type (CfRosterMonth *month,
                  const char    *id,
                  guint         *index)
{
  for (*index = 1; *index <= cf_roster_month_get_n_shift_types (month); (*index)++)
    {
      const CfRosterShiftType *type = cf_roster_month_get_shift_type (month, *index);

      if (g_str_equal (type->id, id))
        return type;
    }

  g_assert_not_reached ();
}

/* A supervisor changes the early shift's code, times, break and colour in
 * its dialog, after the dialog has refused what is wrong; the store keeps
 * the new values and the grid shows the new code where the shift was.
 */
static void
test_shift_types (Fixture       *fixture,
                  gconstpointer  data)
{
  CfRosterView *view = open_roster (fixture, NULL);
  CfRosterGrid *grid = cf_roster_view_get_grid (view);
  CfRosterMonth *month = cf_roster_grid_get_month (grid);
  const CfRosterShiftType *early;
  const CfRosterShiftType *other;
  const CfRosterShiftType *changed;
  GtkWidget *dialog;
  GtkWidget *form;
  g_autofree char *early_id = NULL;
  g_autofree char *early_row = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *copied = NULL;
  const GdkRGBA orange = { 1.0, 0.5, 0.0, 1.0 };
  guint index, row, day;

  /* The month lists working shifts first, by start: the first is early. */
  g_assert_nonnull (month);
  early = cf_roster_month_get_shift_type (month, 1);
  other = cf_roster_month_get_shift_type (month, 2);
  early_id = g_strdup (early->id);
  early_row = g_strdup_printf ("shift-%s", early->code);
  g_assert_true (find_cell (grid, 1, &row, &day));

  gtk_widget_activate_action (GTK_WIDGET (view), "roster.shift-types", NULL);
  dialog = GTK_WIDGET (cf_test_ui_wait_for_toplevel (CF_TYPE_SHIFT_TYPES_DIALOG));
  g_assert_true (gtk_widget_get_visible (cf_test_ui_find_named (dialog, "add-button")));
  click_in_row (dialog, early_row, "edit-button");
  form = GTK_WIDGET (cf_test_ui_wait_for_toplevel (CF_TYPE_SHIFT_TYPE_DIALOG));
  assert_accepted (form);

  /* Another shift's code, a time that is not one, a break as long as the
   * shift: each named, and Save waits.
   */
  cf_test_ui_type_into (form, "code-row", other->code);
  assert_refused (form);
  cf_test_ui_type_into (form, "code-row", "X");
  assert_accepted (form);
  cf_test_ui_type_into (form, "start-row", "25:00");
  assert_refused (form);
  cf_test_ui_type_into (form, "start-row", "06:30");
  cf_test_ui_type_into (form, "end-row", "07:00");
  cf_test_ui_type_into (form, "break-row", "45");
  assert_refused (form);
  cf_test_ui_type_into (form, "end-row", "14:30");
  assert_accepted (form);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (cf_test_ui_find_named (form, "colour-button")),
                              &orange);
  save_screenshot (form, "shift-type");
  cf_test_ui_click (form, "save-button");
  g_assert_true (cf_test_ui_wait_for (window_closed, GSIZE_TO_POINTER (CF_TYPE_SHIFT_TYPE_DIALOG)));

  /* In the store, as typed. */
  sql = g_strdup ("SELECT code || ' ' || start_minute || ' ' || end_minute || ' ' || "
                  "break_minutes || ' ' || colour FROM shift_type WHERE id = ?");
  {
    g_autofree char *stored = cf_test_query_text (fixture->store, sql, early_id);
    g_autofree char *wanted = g_strdup_printf ("X %d %d 45 %d", 6 * 60 + 30, 14 * 60 + 30,
                                               0xff8000);

    g_assert_cmpstr (stored, ==, wanted);
  }

  /* In the list, under its new code. */
  g_assert_nonnull (cf_test_ui_find_named (dialog, "shift-X"));
  g_assert_null (cf_test_ui_find_named (dialog, early_row));
  save_screenshot (dialog, "shift-types");

  /* In the month and the grid: the cells of the shift show the new code,
   * and it can be typed.
   */
  month = cf_roster_grid_get_month (grid);
  changed = month_shift_type (month, early_id, &index);
  g_assert_cmpstr (changed->code, ==, "X");
  g_assert_cmpuint (changed->colour, ==, 0xff8000);
  g_assert_cmpint (changed->times.start_minute, ==, 6 * 60 + 30);
  g_assert_cmpuint (cf_roster_month_get_cell (month, row, day).shift, ==, index);
  cf_roster_grid_set_cursor (grid, row, day, FALSE);
  copied = cf_roster_grid_copy_text (grid);
  g_assert_cmpstr (copied, ==, "X\n");

  gtk_window_destroy (GTK_WINDOW (dialog));
  cf_roster_grid_set_cursor (grid, 0, 0, FALSE);
  g_assert_true (cf_roster_grid_type_code (grid, "X"));
  g_clear_pointer (&sql, g_free);
  {
    g_autofree char *date = cf_roster_month_format_date (month, 0);
    g_autofree char *stored = NULL;

    sql = g_strdup_printf ("SELECT shift_type FROM roster_assignment WHERE date = '%s' "
                           "AND staff = ? AND deleted = 0", date);
    stored = cf_test_query_text (fixture->store, sql, cf_roster_month_get_row (month, 0)->staff_id);
    g_assert_cmpstr (stored, ==, early_id);
  }
}

static guint
count_file_days (const char *path)
{
  g_autoptr (GBytes) contents = cf_test_read_file (path);
  g_autoptr (GPtrArray) records = cf_csv_parse (contents, NULL, NULL, NULL);

  g_assert_nonnull (records);
  return records->len - 1;
}

/* Imports @path through the dialog's preview; @import says whether the
 * preview may be accepted, and is then.
 */
static void
import_file (CfHolidaysDialog *dialog,
             const char       *path,
             gboolean          import)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  AdwMessageDialog *preview;

  cf_holidays_dialog_import_file (dialog, file);
  preview = ADW_MESSAGE_DIALOG (cf_test_ui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (preview)), ==, "holiday-import-dialog");
  g_assert_cmpint (adw_message_dialog_get_response_enabled (preview, "import"), ==, import);
  if (!import)
    save_screenshot (GTK_WIDGET (preview), "holiday-import-problems");
  /* As the buttons do: the response, then the dialog closes. */
  adw_message_dialog_response (preview, import ? "import" : "cancel");
  gtk_window_destroy (GTK_WINDOW (preview));
}

/* A supervisor adds a day to the calendar, after the dialog has refused a
 * date that does not exist, then imports the sample calendar; a file with
 * a bad line imports nothing. The month shows the holidays.
 */
static void
test_holidays (Fixture       *fixture,
               gconstpointer  data)
{
  CfRosterView *view = open_roster (fixture, NULL);
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "data", "holidays-2027.csv",
                                                   NULL);
  g_autofree char *bad = g_build_filename (fixture->folder, "bad.csv", NULL);
  g_autoptr (CfHoliday) added = NULL;
  g_autoptr (CfHoliday) national_day = NULL;
  g_autoptr (CfHoliday) make_up = NULL;
  g_autoptr (GError) error = NULL;
  CfHolidaysDialog *dialog;
  CfRosterMonth *month;
  GtkWidget *form;
  gboolean working_day;
  gint64 before;

  gtk_widget_activate_action (GTK_WIDGET (view), "roster.holidays", NULL);
  dialog = CF_HOLIDAYS_DIALOG (cf_test_ui_wait_for_toplevel (CF_TYPE_HOLIDAYS_DIALOG));
  cf_holidays_dialog_set_year (dialog, 2027);
  g_assert_null (cf_test_ui_find_named (GTK_WIDGET (dialog), "holiday-2027-11-11"));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "holidays.add", NULL);
  form = GTK_WIDGET (cf_test_ui_wait_for_toplevel (CF_TYPE_HOLIDAY_DIALOG));
  cf_test_ui_type_into (form, "date-row", "2027-02-30");
  cf_test_ui_type_into (form, "name-row", "Floor Day");
  assert_refused (form);
  cf_test_ui_type_into (form, "date-row", "2027-11-11");
  assert_accepted (form);
  gtk_switch_set_active (GTK_SWITCH (cf_test_ui_find_named (form, "working-day-switch")), TRUE);
  cf_test_ui_click (form, "save-button");
  g_assert_true (cf_test_ui_wait_for (window_closed, GSIZE_TO_POINTER (CF_TYPE_HOLIDAY_DIALOG)));

  added = cf_holiday_lookup (fixture->store, "2027-11-11");
  g_assert_nonnull (added);
  g_assert_cmpstr (added->name, ==, "Floor Day");
  g_assert_true (added->working_day);
  g_assert_nonnull (cf_test_ui_find_named (GTK_WIDGET (dialog), "holiday-2027-11-11"));

  /* A date already in the calendar is named as such. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "holidays.add", NULL);
  form = GTK_WIDGET (cf_test_ui_wait_for_toplevel (CF_TYPE_HOLIDAY_DIALOG));
  cf_test_ui_type_into (form, "date-row", "2027-11-11");
  cf_test_ui_type_into (form, "name-row", "Again");
  assert_refused (form);
  gtk_window_close (GTK_WINDOW (form));
  g_assert_true (cf_test_ui_wait_for (window_closed, GSIZE_TO_POINTER (CF_TYPE_HOLIDAY_DIALOG)));

  /* A bad line: the preview cannot be accepted, and nothing is written. */
  g_assert_true (g_file_set_contents (bad, "date,name,working_day\n2027-12-24,Eve,0\n"
                                           "2027-12-32,Nowhere,0\n", -1, &error));
  g_assert_no_error (error);
  before = cf_store_count (fixture->store, "SELECT COUNT(*) FROM holiday");
  import_file (dialog, bad, FALSE);
  g_assert_cmpint (cf_store_count (fixture->store, "SELECT COUNT(*) FROM holiday"), ==, before);
  g_unlink (bad);

  /* The sample: every line of the file is a day of 2027. */
  import_file (dialog, sample, TRUE);
  g_assert_cmpint (cf_store_count (fixture->store, "SELECT COUNT(*) FROM holiday "
                                                   "WHERE deleted = 0 AND date LIKE '2027-%'"),
                   ==, count_file_days (sample) + 1);
  g_assert_cmpint (cf_holidays_dialog_get_year (dialog), ==, 2027);
  g_assert_nonnull (cf_test_ui_find_named (GTK_WIDGET (dialog), "holiday-2027-10-01"));
  save_screenshot (GTK_WIDGET (dialog), "holidays");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The roster's month marks them: a day off, and a weekend day worked. */
  national_day = cf_holiday_lookup (fixture->store, "2027-10-01");
  make_up = cf_holiday_lookup (fixture->store, "2027-10-09");
  g_assert_nonnull (national_day);
  g_assert_nonnull (make_up);
  cf_roster_view_show_month (view, 2027, 10);
  month = cf_roster_grid_get_month (cf_roster_view_get_grid (view));
  g_assert_cmpint (cf_roster_month_get_month (month), ==, 10);
  g_assert_cmpstr (cf_roster_month_get_holiday (month, 0, &working_day), ==, national_day->name);
  g_assert_cmpint (working_day, ==, national_day->working_day);
  g_assert_cmpstr (cf_roster_month_get_holiday (month, 8, &working_day), ==, make_up->name);
  g_assert_true (working_day);
  g_assert_null (cf_roster_month_get_holiday (month, 19, &working_day));

  /* And a change made while it is shown. */
  {
    g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
    CfSession *session = cf_context_get_session (fixture->context);

    cf_holiday_add_ops (fixture->store, "2027-10-20", "Floor Day", FALSE, ops);
    g_assert_true (cf_store_apply (fixture->store, cf_session_get_user_id (session),
                                   (CfOp * const *) ops->pdata, ops->len, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (cf_roster_month_get_holiday (month, 19, &working_day), ==, "Floor Day");
  }
}

/* A shift lead sees the shift types and the holidays, and can change
 * neither: no add, edit or import.
 */
static void
test_read_only (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (GError) error = NULL;
  g_autofree char *supervisor = cf_test_query_text (fixture->store,
                                                    "SELECT id FROM app_user WHERE login = ?",
                                                    CF_DEMO_SUPERVISOR_LOGIN);
  g_autofree char *date = g_strdup_printf ("%04d-12-25", g_date_time_get_year (now));
  g_autofree char *row = g_strdup_printf ("holiday-%s", date);
  CfRosterView *view;
  GtkWidget *dialog;

  /* A day of this year's calendar, kept by the supervisor. */
  cf_holiday_add_ops (fixture->store, date, "Floor Day", FALSE, ops);
  g_assert_true (cf_store_apply (fixture->store, supervisor, (CfOp * const *) ops->pdata, ops->len,
                                 &error));
  g_assert_no_error (error);

  view = open_roster (fixture, "lead");

  gtk_widget_activate_action (GTK_WIDGET (view), "roster.shift-types", NULL);
  dialog = GTK_WIDGET (cf_test_ui_wait_for_toplevel (CF_TYPE_SHIFT_TYPES_DIALOG));
  g_assert_nonnull (gtk_widget_get_first_child (cf_test_ui_find_named (dialog, "shift-list")));
  g_assert_false (gtk_widget_get_visible (cf_test_ui_find_named (dialog, "add-button")));
  g_assert_null (cf_test_ui_find_named (dialog, "edit-button"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  gtk_widget_activate_action (GTK_WIDGET (view), "roster.holidays", NULL);
  dialog = GTK_WIDGET (cf_test_ui_wait_for_toplevel (CF_TYPE_HOLIDAYS_DIALOG));
  g_assert_nonnull (cf_test_ui_find_named (dialog, row));
  g_assert_false (gtk_widget_get_visible (cf_test_ui_find_named (dialog, "add-button")));
  g_assert_false (gtk_widget_get_visible (cf_test_ui_find_named (dialog, "import-button")));
  g_assert_null (cf_test_ui_find_named (dialog, "edit-button"));
  g_assert_null (cf_test_ui_find_named (dialog, "delete-button"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  CfApplication *application = cf_test_ui_init (&argc, &argv);
  int status;

  g_test_add ("/ui/roster-setup/shift-types", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_shift_types, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/roster-setup/holidays", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_holidays, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/roster-setup/read-only", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_read_only, cf_test_ui_fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&application);

  return status;
}
