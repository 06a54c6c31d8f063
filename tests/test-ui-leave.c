/* test-ui-leave.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Leave requests in a real window under Xvfb, on the demo database: asked
 * for through the dialog, approved over a shift after seeing it, and found
 * in the roster.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "cf-demo.h"
#include "cf-leave.h"
#include "cf-leave-dialog.h"
#include "cf-leave-view.h"
#include "cf-roster-grid.h"
#include "cf-roster-view.h"
#include "cf-session.h"
#include "cf-store.h"
#include "cf-test-ui.h"
#include "cf-test-util.h"
#include "cf-window.h"

typedef CfTestUiFixture Fixture;

static gboolean
staff_view_shown (gpointer data)
{
  Fixture *fixture = data;

  return g_strcmp0 (cf_window_get_visible_view (fixture->window), "staff") == 0;
}

/* Signs in as @login (the demo's supervisor when NULL, as the sign-in page
 * fills it in) and opens the view @name from the sidebar.
 */
static void
sign_in_and_show (Fixture    *fixture,
                  const char *login,
                  const char *name)
{
  if (login != NULL)
    cf_test_ui_sign_in (fixture, login, CF_DEMO_PASSWORD);
  else
    cf_test_ui_click (GTK_WIDGET (fixture->window), "sign-in-button");
  g_assert_true (cf_test_ui_wait_for (staff_view_shown, fixture));
  cf_test_ui_show_view (fixture, name);
}

static gboolean
dialog_closed (gpointer data)
{
  return cf_test_ui_find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

static gboolean
toast_undo_shown (gpointer data)
{
  return cf_test_ui_find_button_with_label (GTK_WIDGET (data), _("_Undo")) != NULL;
}

typedef struct
{
  CfLeaveView *view;
  const char  *request_id;
} Listed;

static gboolean
request_listed (gpointer data)
{
  Listed *listed = data;
  GListModel *shown = cf_leave_view_get_shown (listed->view);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr (CfLeaveRequest) request = g_list_model_get_item (shown, i);

      if (g_str_equal (cf_leave_request_get_id (request), listed->request_id))
        return TRUE;
    }

  return FALSE;
}

static gboolean
request_approved (gpointer data)
{
  Listed *listed = data;
  CfLeaveRequest *selected = cf_leave_view_get_selected (listed->view);

  return selected != NULL &&
         g_str_equal (cf_leave_request_get_id (selected), listed->request_id) &&
         cf_leave_request_get_status (selected) == CF_LEAVE_STATUS_APPROVED;
}

static const char *
problem_shown (GtkWidget *dialog)
{
  GtkWidget *problem = cf_test_ui_find_named (dialog, "problem-label");

  return gtk_widget_get_visible (problem) ? gtk_label_get_text (GTK_LABEL (problem)) : NULL;
}

static char *
add_days (const char *date,
          guint       n_days)
{
  GDate day;
  char text[11];

  g_assert_true (cf_date_parse (date, &day));
  g_date_add_days (&day, n_days);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &day);

  return g_strdup (text);
}

static guint
month_row_of (CfRosterMonth *month,
              const char    *staff_id)
{
  for (guint i = 0; i < cf_roster_month_get_n_rows (month); i++)
    {
      if (g_str_equal (cf_roster_month_get_row (month, i)->staff_id, staff_id))
        return i;
    }

  g_assert_not_reached ();
}

/* The supervisor asks for two days of personal leave for an agent with a
 * shift on them, through the dialog; approves it after the preview lists
 * that shift; the store holds the decision and the leave in both cells,
 * and the roster shows it.
 */
static void
test_request_and_approve (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *window;
  GtkWidget *dialog;
  AdwMessageDialog *approve_dialog;
  CfLeaveView *view;
  CfStore *store = fixture->store;
  g_autofree char *staff_id = NULL;
  g_autofree char *staff_name = NULL;
  g_autofree char *first_day = NULL;
  g_autofree char *last_day = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *decided_by = NULL;
  g_autoptr (GArray) clashes = NULL;
  g_autoptr (GError) error = NULL;
  const guint personal = 2;   /* the leave types' order: annual, sick, personal */
  Listed listed;

  cf_test_ui_open_window (fixture);
  window = GTK_WIDGET (fixture->window);
  sign_in_and_show (fixture, NULL, "leave");
  view = CF_LEAVE_VIEW (cf_window_get_view (fixture->window, "leave"));

  /* The demo's waiting requests come first. */
  g_assert_cmpint (cf_store_count (store, "SELECT COUNT(*) FROM leave_request "
                                          "WHERE status = 'pending'"), >=, 3);
  {
    g_autoptr (CfLeaveRequest) first = g_list_model_get_item (cf_leave_view_get_shown (view), 0);

    g_assert_nonnull (first);
    g_assert_cmpint (cf_leave_request_get_status (first), ==, CF_LEAVE_STATUS_PENDING);
  }

  /* An active agent without leave, and their first shift this month. */
  staff_id = cf_test_query_text (store,
                                 "SELECT s.id FROM staff s WHERE s.role = 'agent' "
                                 "AND s.active = 1 AND NOT EXISTS (SELECT 1 FROM leave_request r "
                                 "  WHERE r.staff = s.id) ORDER BY s.employee_no LIMIT 1", NULL);
  g_assert_nonnull (staff_id);
  first_day = cf_test_query_text (store,
                                  "SELECT a.date FROM roster_assignment a "
                                  "JOIN shift_type t ON t.id = a.shift_type "
                                  "WHERE a.staff = ? AND t.counts_as_work = 1 "
                                  "AND a.date >= strftime ('%Y-%m-01', 'now', 'localtime') "
                                  "ORDER BY a.date LIMIT 1", staff_id);
  g_assert_nonnull (first_day);
  last_day = add_days (first_day, 1);
  staff_name = cf_test_query_text (store, "SELECT name FROM staff WHERE id = ?", staff_id);

  /* Asked for through the dialog, checked as it is typed. */
  gtk_widget_activate_action (GTK_WIDGET (view), "leave.new", NULL);
  dialog = GTK_WIDGET (cf_test_ui_wait_for_toplevel (CF_TYPE_LEAVE_DIALOG));
  cf_leave_dialog_set_staff (CF_LEAVE_DIALOG (dialog), staff_id);
  cf_test_ui_type_into (dialog, "start-row", last_day);
  cf_test_ui_type_into (dialog, "end-row", first_day);
  g_assert_nonnull (problem_shown (dialog));
  g_assert_false (gtk_widget_is_sensitive (cf_test_ui_find_named (dialog, "save-button")));

  cf_test_ui_type_into (dialog, "start-row", first_day);
  cf_test_ui_type_into (dialog, "end-row", last_day);
  adw_combo_row_set_selected (ADW_COMBO_ROW (cf_test_ui_find_named (dialog, "type-row")),
                              personal);
  cf_test_ui_type_into (dialog, "reason-row",
                        cf_test_ui_locale_is_chinese () ? "家里有事" : "Family matter");
  g_assert_null (problem_shown (dialog));
  g_assert_true (gtk_widget_get_visible (cf_test_ui_find_named (dialog, "days-label")));
  cf_test_ui_save_screenshot (dialog, cf_test_ui_locale_is_chinese () ? "leave-dialog-zh_CN.png"
                                                                      : "leave-dialog-en.png");
  cf_test_ui_click (dialog, "save-button");
  g_assert_true (cf_test_ui_wait_for (dialog_closed, GSIZE_TO_POINTER (CF_TYPE_LEAVE_DIALOG)));

  {
    g_autofree char *sql = g_strdup_printf ("SELECT id FROM leave_request WHERE staff = ? "
                                            "AND status = 'pending' AND leave_type = 'personal' "
                                            "AND start_date = '%s' AND end_date = '%s'",
                                            first_day, last_day);

    request_id = cf_test_query_text (store, sql, staff_id);
  }
  g_assert_nonnull (request_id);
  listed.view = view;
  listed.request_id = request_id;
  g_assert_true (cf_test_ui_wait_for (request_listed, &listed));

  /* Approving shows the shift it replaces, as the store lists it. */
  clashes = cf_leave_list_clashes (store, request_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clashes->len, >, 0);
  cf_leave_view_select (view, request_id);
  gtk_widget_activate_action (GTK_WIDGET (view), "leave.approve", NULL);
  approve_dialog = ADW_MESSAGE_DIALOG (cf_test_ui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (approve_dialog)), ==, "approve-dialog");
  {
    GtkWidget *list = cf_test_ui_find_named (GTK_WIDGET (approve_dialog), "clash-list");
    guint n_rows = 0;

    g_assert_nonnull (list);
    for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
         row = gtk_widget_get_next_sibling (row))
      {
        CfLeaveClash *clash = &g_array_index (clashes, CfLeaveClash, n_rows);

        g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                  clash->date));
        g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                  clash->shift_code));
        n_rows++;
      }
    g_assert_cmpuint (n_rows, ==, clashes->len);
  }
  cf_test_ui_save_screenshot (GTK_WIDGET (approve_dialog),
                              cf_test_ui_locale_is_chinese () ? "leave-approve-zh_CN.png"
                                                              : "leave-approve-en.png");
  /* As the button does: the response, then the dialog closes. */
  adw_message_dialog_response (approve_dialog, "approve");
  gtk_window_destroy (GTK_WINDOW (approve_dialog));

  /* The store: approved by the signed-in supervisor, the leave in each day. */
  g_assert_true (cf_test_ui_wait_for (request_approved, &listed));
  g_assert_true (cf_test_ui_wait_for (toast_undo_shown, window));
  decided_by = cf_test_query_text (store, "SELECT decided_by FROM leave_request WHERE id = ?",
                                   request_id);
  g_assert_cmpstr (decided_by, ==,
                   cf_session_get_user_id (cf_context_get_session (fixture->context)));
  for (const char *day = first_day; day != NULL; day = day == first_day ? last_day : NULL)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM roster_assignment "
                                              "WHERE staff = ? AND date = '%s' AND "
                                              "leave = 'personal' AND shift_type IS NULL", day);

      g_assert_cmpint (cf_test_query_integer (store, sql, staff_id), ==, 1);
    }
  cf_test_ui_save_screenshot (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)),
                              cf_test_ui_locale_is_chinese () ? "leave-zh_CN.png"
                                                              : "leave-en.png");

  /* The roster shows the leave, flagged as approved, in both cells. */
  cf_test_ui_show_view (fixture, "roster");
  {
    GtkWidget *roster = cf_window_get_view (fixture->window, "roster");
    CfRosterGrid *grid = cf_roster_view_get_grid (CF_ROSTER_VIEW (roster));
    CfRosterMonth *month = cf_roster_grid_get_month (grid);
    guint row = month_row_of (month, staff_id);
    GDate day;
    g_autofree char *description = NULL;

    g_assert_true (cf_date_parse (first_day, &day));
    for (guint d = g_date_get_day (&day) - 1; d <= g_date_get_day (&day); d++)
      {
        CfRosterCell cell;

        if (d >= cf_roster_month_get_n_days (month))
          break;
        cell = cf_roster_month_get_cell (month, row, d);
        g_assert_cmpuint (cell.shift, ==, 0);
        g_assert_cmpuint (cell.leave, ==, personal + 1);
        g_assert_true (cell.flags & CF_ROSTER_CELL_APPROVED_LEAVE);
      }
    cf_roster_grid_set_cursor (grid, row, g_date_get_day (&day) - 1, FALSE);
    description = cf_roster_grid_describe_cursor (grid);
    g_assert_nonnull (strstr (description, staff_name));
    g_assert_nonnull (strstr (description, cf_leave_type_get_label ("personal")));
  }
}

/* A shift lead asks for leave but sees nothing to decide it with. */
static void
test_lead_cannot_decide (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (CfLeaveRequest) first = NULL;
  GtkWidget *view;

  cf_test_ui_open_window (fixture);
  sign_in_and_show (fixture, "lead", "leave");
  view = cf_window_get_view (fixture->window, "leave");

  first = g_list_model_get_item (cf_leave_view_get_shown (CF_LEAVE_VIEW (view)), 0);
  g_assert_cmpint (cf_leave_request_get_status (first), ==, CF_LEAVE_STATUS_PENDING);
  cf_leave_view_select (CF_LEAVE_VIEW (view), cf_leave_request_get_id (first));
  g_assert_nonnull (cf_leave_view_get_selected (CF_LEAVE_VIEW (view)));
  g_assert_true (gtk_widget_get_visible (cf_test_ui_find_named (view, "new-request-button")));
  g_assert_false (gtk_widget_get_visible (cf_test_ui_find_named (view, "approve-button")));
  g_assert_false (gtk_widget_get_visible (cf_test_ui_find_named (view, "reject-button")));
  g_assert_false (gtk_widget_is_sensitive (cf_test_ui_find_named (view, "approve-button")));
}

int
main (int   argc,
      char *argv[])
{
  CfApplication *application = cf_test_ui_init (&argc, &argv);
  int status;

  g_test_add ("/ui/leave/request-and-approve", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_request_and_approve, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/leave/lead-cannot-decide", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_lead_cannot_decide, cf_test_ui_fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&application);

  return status;
}
