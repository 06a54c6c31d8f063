/* test-ui-duty-log.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The duty log (值班日志) in a real window under Xvfb, on the demo
 * database (with its weeks of duty logs): a shift lead adds entries through
 * the dialog, the store holds them as typed, the list shows them newest
 * first with the flagged ones marked; the information desk reads the log
 * but cannot write to it.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "cf-demo.h"
#include "cf-duty-log-dialog.h"
#include "cf-duty-log-view.h"
#include "cf-op.h"
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

/* Signs in as @login and opens the duty log. */
static CfDutyLogView *
sign_in_and_show (Fixture    *fixture,
                  const char *login)
{
  /* The demo's overdue escalations are no part of this test: without
   * their desktop notifications no notification service is needed.
   */
  g_settings_set_boolean (cf_context_get_settings (fixture->context), "escalation-notifications",
                          FALSE);
  cf_test_ui_open_window (fixture);
  cf_test_ui_sign_in (fixture, login, CF_DEMO_PASSWORD);
  g_assert_true (cf_test_ui_wait_for (staff_view_shown, fixture));
  cf_test_ui_show_view (fixture, "duty-log");

  return CF_DUTY_LOG_VIEW (cf_window_get_view (fixture->window, "duty-log"));
}

static gboolean
dialog_closed (gpointer data)
{
  return cf_test_ui_find_toplevel (CF_TYPE_DUTY_LOG_DIALOG) == NULL;
}

typedef struct
{
  GtkWidget  *view;
  const char *name;
} Named;

static gboolean
row_shown (gpointer data)
{
  Named *named = data;

  return cf_test_ui_find_named (named->view, named->name) != NULL;
}

static const char *
problem_shown (GtkWidget *dialog)
{
  GtkWidget *problem = cf_test_ui_find_named (dialog, "problem-label");

  return gtk_widget_get_visible (problem) ? gtk_label_get_text (GTK_LABEL (problem)) : NULL;
}

static gint64
count_entries (Fixture *fixture)
{
  return cf_store_count (fixture->store, "SELECT COUNT(*) FROM duty_log_entry");
}

/* How many entries the store has for @date: of any category, or incidents. */
static guint
count_of_day (Fixture    *fixture,
              const char *date,
              gboolean    incidents)
{
  return cf_test_query_integer (fixture->store,
                                incidents ? "SELECT COUNT(*) FROM duty_log_entry "
                                            "WHERE shift_date = ? AND category = 'incident'"
                                          : "SELECT COUNT(*) FROM duty_log_entry "
                                            "WHERE shift_date = ?", date);
}

/* The lead adds a flagged incident through the dialog, a blank text being
 * refused first; another entry written later comes first in the list,
 * unmarked; the category filter and the day buttons change what is shown.
 */
static void
test_lead_adds_entries (Fixture       *fixture,
                        gconstpointer  data)
{
  CfDutyLogView *view = sign_in_and_show (fixture, "lead");
  GtkWidget *dialog;
  GtkWidget *row;
  const char *user_id = cf_session_get_user_id (cf_context_get_session (fixture->context));
  gboolean chinese = cf_test_ui_locale_is_chinese ();
  const char *text = chinese ? "14号耳机坏了，已报修" : "Headset 14 broken, reported to IT";
  const char *later_text = chinese ? "18:00 起新业务上线" : "New tariff goes live at 18:00";
  const guint incident = 1;   /* the categories' order: equipment, incident, … */
  g_autofree char *id = NULL;
  g_autofree char *later_id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *later_name = NULL;
  g_autofree char *today = NULL;
  g_autofree char *shown_date = NULL;
  g_autofree char *yesterday = NULL;
  gint64 n_demo = count_entries (fixture);   /* the demo's weeks of duty logs */
  guint n_today, n_today_incidents;
  Named named;

  {
    g_autoptr (GDateTime) now = g_date_time_new_now_local ();
    g_autoptr (GDateTime) day_before = g_date_time_add_days (now, -1);

    today = g_date_time_format (now, "%Y-%m-%d");
    yesterday = g_date_time_format (day_before, "%Y-%m-%d");
  }
  g_assert_cmpstr (cf_duty_log_view_get_date (view), ==, today);
  n_today = count_of_day (fixture, today, FALSE);
  n_today_incidents = count_of_day (fixture, today, TRUE);
  g_assert_cmpint (n_demo, >, 0);
  g_assert_cmpuint (cf_duty_log_view_get_n_shown (view), ==, n_today);
  g_assert_true (gtk_widget_get_visible (cf_test_ui_find_named (GTK_WIDGET (view),
                                                                "add-entry-button")));

  /* Tomorrow has nothing yet: the empty page says what the log is for. */
  gtk_widget_activate_action (GTK_WIDGET (view), "duty-log.next-day", NULL);
  g_assert_cmpuint (cf_duty_log_view_get_n_shown (view), ==, 0);
  g_assert_true (gtk_widget_get_child_visible (cf_test_ui_find_named (GTK_WIDGET (view),
                                                                      "duty-log-empty-page")));
  gtk_widget_activate_action (GTK_WIDGET (view), "duty-log.previous-day", NULL);
  g_assert_cmpstr (cf_duty_log_view_get_date (view), ==, today);

  /* A blank text is refused, as typed and when saving. */
  gtk_widget_activate_action (GTK_WIDGET (view), "duty-log.add", NULL);
  dialog = GTK_WIDGET (cf_test_ui_wait_for_toplevel (CF_TYPE_DUTY_LOG_DIALOG));
  cf_test_ui_type_into (dialog, "text-row", "x");
  cf_test_ui_type_into (dialog, "text-row", "   ");
  g_assert_nonnull (problem_shown (dialog));
  g_assert_false (gtk_widget_is_sensitive (cf_test_ui_find_named (dialog, "save-button")));
  gtk_widget_activate_action (dialog, "dialog.save", NULL);
  g_assert_nonnull (cf_test_ui_find_toplevel (CF_TYPE_DUTY_LOG_DIALOG));
  g_assert_cmpint (count_entries (fixture), ==, n_demo);

  /* Then a flagged incident is saved. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (cf_test_ui_find_named (dialog, "category-row")),
                              incident);
  cf_test_ui_type_into (dialog, "text-row", text);
  gtk_switch_set_active (GTK_SWITCH (cf_test_ui_find_named (dialog, "flag-switch")), TRUE);
  g_assert_null (problem_shown (dialog));
  cf_test_ui_save_screenshot (dialog, chinese ? "duty-log-dialog-zh_CN.png"
                                              : "duty-log-dialog-en.png");
  cf_test_ui_click (dialog, "save-button");
  g_assert_true (cf_test_ui_wait_for (dialog_closed, NULL));

  /* The store has it as typed, by the lead, for the day shown. */
  id = cf_test_query_text (fixture->store, "SELECT id FROM duty_log_entry WHERE text = ?", text);
  g_assert_nonnull (id);
  g_assert_cmpint (cf_test_query_integer (fixture->store,
                                          "SELECT COUNT(*) FROM duty_log_entry WHERE id = ? AND "
                                          "category = 'incident' AND flagged = 1 AND "
                                          "shift_type IS NULL", id), ==, 1);
  g_assert_cmpint (cf_test_query_integer (fixture->store,
                                          "SELECT COUNT(*) FROM duty_log_entry WHERE id = ? "
                                          "AND shift_date = strftime ('%Y-%m-%d', 'now', "
                                          "'localtime')", id), ==, 1);
  {
    g_autofree char *author = cf_test_query_text (fixture->store,
                                                  "SELECT created_by FROM duty_log_entry "
                                                  "WHERE id = ?", id);

    g_assert_cmpstr (author, ==, user_id);
  }

  /* The list shows it, marked as carried onto the handover. */
  name = g_strdup_printf ("entry-%s", id);
  named.view = GTK_WIDGET (view);
  named.name = name;
  g_assert_true (cf_test_ui_wait_for (row_shown, &named));
  row = cf_test_ui_find_named (GTK_WIDGET (view), name);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, text);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            chinese ? "事件" : "Incident"));
  g_assert_nonnull (cf_test_ui_find_named (row, "carried-label"));

  /* A later entry, written by another desktop's sync or here, comes first
   * and is not marked.
   */
  {
    g_autoptr (GDateTime) later = g_date_time_new_now_utc ();
    g_autoptr (GDateTime) moment = g_date_time_add_minutes (later, 1);
    g_autoptr (JsonObject) values = json_object_new ();

    json_object_set_string_member (values, "shift_date", today);
    json_object_set_string_member (values, "category", "business_change");
    json_object_set_string_member (values, "text", later_text);
    json_object_set_boolean_member (values, "flagged", FALSE);
    cf_store_set_clock (fixture->store, moment);
    later_id = cf_test_create_record (fixture->store, user_id, "duty_log_entry", values);
    cf_store_set_clock (fixture->store, NULL);
  }
  later_name = g_strdup_printf ("entry-%s", later_id);
  named.name = later_name;
  g_assert_true (cf_test_ui_wait_for (row_shown, &named));
  row = cf_test_ui_find_named (GTK_WIDGET (view), later_name);
  g_assert_null (cf_test_ui_find_named (row, "carried-label"));
  g_assert_true (row == gtk_widget_get_first_child (cf_test_ui_find_named (GTK_WIDGET (view),
                                                                           "entry-list")));
  g_assert_cmpuint (cf_duty_log_view_get_n_shown (view), ==, n_today + 2);
  cf_test_ui_wait_for_paint (GTK_WIDGET (view));
  cf_test_ui_save_screenshot (adw_application_window_get_content (ADW_APPLICATION_WINDOW (fixture->window)),
                              chinese ? "duty-log-zh_CN.png" : "duty-log-en.png");

  /* The category filter shows the day's incidents alone, the new one too. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (cf_test_ui_find_named (GTK_WIDGET (view),
                                                                    "category-filter")),
                              incident + 1);
  g_assert_cmpuint (cf_duty_log_view_get_n_shown (view), ==, n_today_incidents + 1);
  g_assert_nonnull (cf_test_ui_find_named (GTK_WIDGET (view), name));
  g_assert_null (cf_test_ui_find_named (GTK_WIDGET (view), later_name));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (cf_test_ui_find_named (GTK_WIDGET (view),
                                                                    "category-filter")), 0);
  g_assert_cmpuint (cf_duty_log_view_get_n_shown (view), ==, n_today + 2);

  /* The day before shows its own entries, not today's; the day after it
   * is back to today's.
   */
  gtk_widget_activate_action (GTK_WIDGET (view), "duty-log.previous-day", NULL);
  g_assert_cmpstr (cf_duty_log_view_get_date (view), ==, yesterday);
  g_assert_cmpuint (cf_duty_log_view_get_n_shown (view), ==,
                    count_of_day (fixture, yesterday, FALSE));
  g_assert_null (cf_test_ui_find_named (GTK_WIDGET (view), name));
  shown_date = g_strdup (gtk_label_get_text (GTK_LABEL (cf_test_ui_find_named (GTK_WIDGET (view),
                                                                               "date-label"))));
  gtk_widget_activate_action (GTK_WIDGET (view), "duty-log.next-day", NULL);
  g_assert_cmpstr (cf_duty_log_view_get_date (view), ==, today);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cf_test_ui_find_named (GTK_WIDGET (view),
                                                                         "date-label"))),
                   !=, shown_date);
  g_assert_cmpuint (cf_duty_log_view_get_n_shown (view), ==, n_today + 2);

  /* Made an agent on another desktop while typing: the store refuses the
   * save, the dialog says why and keeps the text.
   */
  gtk_widget_activate_action (GTK_WIDGET (view), "duty-log.add", NULL);
  dialog = GTK_WIDGET (cf_test_ui_wait_for_toplevel (CF_TYPE_DUTY_LOG_DIALOG));
  cf_test_ui_type_into (dialog, "text-row", text);
  {
    const char *staff_id = cf_session_get_staff_id (cf_context_get_session (fixture->context));
    g_autoptr (JsonObject) set = json_object_new ();
    g_autoptr (CfOp) demote = NULL;
    g_autoptr (GError) error = NULL;

    json_object_set_string_member (set, "role", "agent");
    demote = cf_op_new_patch ("staff", staff_id, set);
    g_assert_true (cf_store_apply_system (fixture->store, &demote, 1, &error));
    g_assert_no_error (error);
  }
  cf_test_ui_click (dialog, "save-button");
  g_assert_nonnull (cf_test_ui_find_toplevel (CF_TYPE_DUTY_LOG_DIALOG));
  g_assert_nonnull (problem_shown (dialog));
  g_test_message ("Refused: %s", problem_shown (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cf_test_ui_find_named (dialog,
                                                                              "text-row"))),
                   ==, text);
  g_assert_cmpint (count_entries (fixture), ==, n_demo + 2);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The information desk reads the log, with no Add button, and the store
 * refuses an entry written in its name.
 */
static void
test_desk_cannot_add (Fixture       *fixture,
                      gconstpointer  data)
{
  CfDutyLogView *view = sign_in_and_show (fixture, "info");
  const char *user_id = cf_session_get_user_id (cf_context_get_session (fixture->context));
  g_autoptr (JsonObject) values = json_object_new ();
  g_autoptr (CfOp) op = NULL;
  g_autoptr (GError) error = NULL;
  gint64 n_demo = count_entries (fixture);
  guint n_today = cf_duty_log_view_get_n_shown (view);

  g_assert_false (gtk_widget_get_visible (cf_test_ui_find_named (GTK_WIDGET (view),
                                                                 "add-entry-button")));
  gtk_widget_activate_action (GTK_WIDGET (view), "duty-log.add", NULL);
  cf_test_ui_settle ();
  g_assert_null (cf_test_ui_find_toplevel (CF_TYPE_DUTY_LOG_DIALOG));

  json_object_set_string_member (values, "shift_date", cf_duty_log_view_get_date (view));
  json_object_set_string_member (values, "category", "other");
  json_object_set_string_member (values, "text", "Not mine to write");
  op = cf_op_new_create ("duty_log_entry", values);
  g_assert_false (cf_store_apply (fixture->store, user_id, &op, 1, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
  g_assert_cmpint (count_entries (fixture), ==, n_demo);
  g_assert_cmpuint (cf_duty_log_view_get_n_shown (view), ==, n_today);
}

int
main (int   argc,
      char *argv[])
{
  CfApplication *application = cf_test_ui_init (&argc, &argv);
  int status;

  g_test_add ("/ui/duty-log/lead-adds-entries", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_lead_adds_entries, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/duty-log/desk-cannot-add", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_desk_cannot_add, cf_test_ui_fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&application);

  return status;
}
