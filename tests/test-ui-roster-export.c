/* test-ui-roster-export.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Printing and exporting from the roster view, in a real window under Xvfb
 * on the demo database: what is saved is what the filters show, a saved
 * file is announced, and printing draws the pages a PDF has.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "cf-csv.h"
#include "cf-roster-export.h"
#include "cf-roster-grid.h"
#include "cf-roster-view.h"
#include "cf-session.h"
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

static CfRosterView *
open_roster (Fixture *fixture)
{
  cf_test_ui_open_window (fixture);
  cf_test_ui_click (GTK_WIDGET (fixture->window), "sign-in-button");
  g_assert_true (cf_test_ui_wait_for (signed_in, fixture));
  cf_test_ui_show_view (fixture, "roster");

  return CF_ROSTER_VIEW (cf_window_get_view (fixture->window, "roster"));
}

typedef struct
{
  CfRosterGrid *grid;
  guint         n_rows;
} RowsWanted;

static gboolean
rows_shown (gpointer data)
{
  RowsWanted *wanted = data;

  return cf_roster_grid_get_n_rows (wanted->grid) < wanted->n_rows;
}

/* A search narrows the roster; the CSV saved from the view has those rows
 * and no others, and a toast says where it went.
 */
static void
test_export_filtered (Fixture       *fixture,
                      gconstpointer  data)
{
  CfRosterView *view = open_roster (fixture);
  CfRosterGrid *grid = cf_roster_view_get_grid (view);
  CfRosterMonth *month = cf_roster_grid_get_month (grid);
  RowsWanted fewer = { grid, cf_roster_grid_get_n_rows (grid) };
  g_autofree char *path = g_build_filename (fixture->folder, "roster-filtered.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *toast = g_strdup_printf (_("Roster saved as “%s”"), "roster-filtered.csv");
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  const guint *rows;
  guint n_rows;

  /* Employee numbers 1010 to 1019. */
  cf_test_ui_type_into (GTK_WIDGET (fixture->window), "roster-search", "101");
  g_assert_true (cf_test_ui_wait_for (rows_shown, &fewer));
  rows = cf_roster_grid_get_rows (grid, &n_rows);
  g_assert_cmpuint (n_rows, >, 2);

  cf_roster_view_export_file (view, CF_ROSTER_EXPORT_CSV, file);
  g_assert_true (cf_test_ui_wait_for_label (GTK_WIDGET (fixture->window), toast));
  cf_test_ui_save_screenshot (GTK_WIDGET (fixture->window),
                              cf_test_ui_locale_is_chinese () ? "roster-exported-zh_CN.png"
                                                              : "roster-exported-en.png");

  bytes = cf_test_read_file (path);
  records = cf_csv_parse (bytes, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, n_rows + 1);
  for (guint i = 0; i < n_rows; i++)
    {
      GStrv fields = ((CfCsvRecord *) records->pdata[i + 1])->fields;
      const CfRosterRow *row = cf_roster_month_get_row (month, rows[i]);

      g_assert_true (g_str_has_prefix (fields[0], "101"));
      g_assert_cmpstr (fields[0], ==, row->employee_no);
      g_assert_cmpstr (fields[1], ==, row->name);
    }
}

/* Saving into a folder that is not there says so in a dialog. */
static void
test_export_error (Fixture       *fixture,
                   gconstpointer  data)
{
  CfRosterView *view = open_roster (fixture);
  g_autofree char *path = g_build_filename (fixture->folder, "missing", "roster.pdf", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GtkWindow *dialog;

  cf_roster_view_export_file (view, CF_ROSTER_EXPORT_PDF_A4, file);
  dialog = cf_test_ui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "export-error-dialog");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), path));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  cf_test_ui_save_screenshot (GTK_WIDGET (dialog),
                              cf_test_ui_locale_is_chinese () ? "roster-export-error-zh_CN.png"
                                                              : "roster-export-error-en.png");
  gtk_window_destroy (dialog);
}

static void
on_print_done_cb (GtkPrintOperation       *operation,
                  GtkPrintOperationResult  result,
                  gpointer                 user_data)
{
  *(GtkPrintOperationResult *) user_data = result;
}

static gboolean
print_done (gpointer data)
{
  return *(GtkPrintOperationResult *) data != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS;
}

static gboolean
has_shortcut (GtkWidget  *widget,
              const char *trigger,
              const char *action_name)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          GtkShortcutTrigger *shortcut_trigger = gtk_shortcut_get_trigger (shortcut);
          g_autofree char *text = gtk_shortcut_trigger_to_string (shortcut_trigger);

          if (g_str_equal (text, trigger) && GTK_IS_NAMED_ACTION (action) &&
              g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)),
                           action_name))
            return TRUE;
        }
    }

  return FALSE;
}

/* Ctrl+P prints. Printing draws the same pages: a print to a file has as many pages as
 * the export counts for the paper, and the staff on them.
 */
static void
test_print (Fixture       *fixture,
            gconstpointer  data)
{
  CfRosterView *view = open_roster (fixture);
  CfRosterGrid *grid = cf_roster_view_get_grid (view);
  CfRosterMonth *month = cf_roster_grid_get_month (grid);
  guint n_rows;
  const guint *rows = cf_roster_grid_get_rows (grid, &n_rows);
  g_autoptr (CfRosterExport) export = cf_roster_export_new (month, NULL, rows, n_rows);
  g_autoptr (GtkPrintOperation) operation = cf_roster_export_new_print_operation (export);
  g_autofree char *path = g_build_filename (fixture->folder, "printed.pdf", NULL);
  GtkPrintOperationResult result = GTK_PRINT_OPERATION_RESULT_IN_PROGRESS;
  GtkPageSetup *page_setup = gtk_print_operation_get_default_page_setup (operation);
  g_autoptr (GError) error = NULL;
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  const char *pages;
  guint n_pages;

  g_assert_true (has_shortcut (GTK_WIDGET (view), "<Control>p", "roster.print"));
  g_assert_true (gtk_widget_is_sensitive (cf_test_ui_find_named (GTK_WIDGET (fixture->window),
                                                                 "roster-menu-button")));
  g_assert_cmpint (gtk_page_setup_get_orientation (page_setup), ==,
                   GTK_PAGE_ORIENTATION_LANDSCAPE);
  n_pages = cf_roster_export_get_n_pages (export,
                                          gtk_page_setup_get_page_width (page_setup,
                                                                         GTK_UNIT_POINTS),
                                          gtk_page_setup_get_page_height (page_setup,
                                                                          GTK_UNIT_POINTS),
                                          NULL);

  g_signal_connect (operation, "done", G_CALLBACK (on_print_done_cb), &result);
  gtk_print_operation_set_export_filename (operation, path);
  gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cf_test_ui_wait_for (print_done, &result));
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);

  {
    const char *argv[] = { "pdfinfo", path, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &info, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  pages = strstr (info, "\nPages:");
  g_assert_nonnull (pages);
  g_assert_cmpuint (g_ascii_strtoull (pages + strlen ("\nPages:"), NULL, 10), ==, n_pages);
  g_assert_cmpuint (n_pages, >=, 2);
  {
    const char *argv[] = { "pdftotext", "-f", "1", "-l", "1", path, "-", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &text, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_nonnull (strstr (text, cf_roster_month_get_row (month, rows[0])->name));
}

int
main (int   argc,
      char *argv[])
{
  cf_test_ui_init (&argc, &argv);

  g_test_add ("/ui/roster-export/filtered", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_export_filtered, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/roster-export/error", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_export_error, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/roster-export/print", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_print, cf_test_ui_fixture_tear_down);

  return g_test_run ();
}
