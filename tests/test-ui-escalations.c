/* test-ui-escalations.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The escalation log in a real window under Xvfb, on the demo database:
 * an escalation raised through the dialog and worked to its close, each
 * step checked in the store; customer data masked in the list and shown
 * in full only in the detail, to the roles that may see it; a role that
 * may not close sees no Close; a skipped level acknowledges its report.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "cf-demo.h"
#include "cf-escalation.h"
#include "cf-escalation-dialog.h"
#include "cf-escalation-review.h"
#include "cf-escalations-view.h"
#include "cf-registry.h"
#include "cf-rush-repair-dialog.h"
#include "cf-session.h"
#include "cf-store.h"
#include "cf-test-ui.h"
#include "cf-test-util.h"
#include "cf-window.h"

typedef CfTestUiFixture Fixture;

/* The columns of the list, as cf-escalations-view.ui orders them. */
enum {
  COLUMN_CUSTOMER = 6,
};

static gboolean
staff_view_shown (gpointer data)
{
  Fixture *fixture = data;

  return g_strcmp0 (cf_window_get_visible_view (fixture->window), "staff") == 0;
}

static gboolean
escalations_listed (gpointer data)
{
  return g_list_model_get_n_items (cf_escalations_view_get_shown (data)) >= 10;
}

/* Signs in as @login (the demo's supervisor when NULL) and opens the log. */
static CfEscalationsView *
sign_in_and_show (Fixture    *fixture,
                  const char *login)
{
  CfEscalationsView *view;

  cf_test_ui_open_window (fixture);
  if (login != NULL)
    cf_test_ui_sign_in (fixture, login, CF_DEMO_PASSWORD);
  else
    cf_test_ui_click (GTK_WIDGET (fixture->window), "sign-in-button");
  g_assert_true (cf_test_ui_wait_for (staff_view_shown, fixture));
  cf_test_ui_show_view (fixture, "escalations");
  view = CF_ESCALATIONS_VIEW (cf_window_get_view (fixture->window, "escalations"));
  g_assert_true (cf_test_ui_wait_for (escalations_listed, view));

  return view;
}

typedef struct
{
  CfEscalationsView *view;
  const char        *id;
} Selected;

static gboolean
escalation_selected (gpointer data)
{
  Selected *selected = data;
  CfEscalationSummary *escalation = cf_escalations_view_get_selected (selected->view);

  return escalation != NULL &&
         g_str_equal (cf_escalation_summary_get_id (escalation), selected->id);
}

static void
select_escalation (CfEscalationsView *view,
                   const char        *id)
{
  Selected selected = { view, id };

  cf_escalations_view_select (view, id);
  g_assert_true (cf_test_ui_wait_for (escalation_selected, &selected));
}

static guint
position_of (CfEscalationsView *view,
             const char        *id)
{
  GListModel *shown = cf_escalations_view_get_shown (view);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr (CfEscalationSummary) escalation = g_list_model_get_item (shown, i);

      if (g_str_equal (cf_escalation_summary_get_id (escalation), id))
        return i;
    }

  g_assert_not_reached ();
}

static const char *
fact (CfEscalationsView *view,
      const char        *row_name)
{
  GtkWidget *row = cf_test_ui_find_named (GTK_WIDGET (view), row_name);

  g_assert_nonnull (row);
  return gtk_label_get_text (GTK_LABEL (row));
}

static gboolean
button_shown (CfEscalationsView *view,
              const char        *name)
{
  GtkWidget *button = cf_test_ui_find_named (GTK_WIDGET (view), name);

  g_assert_nonnull (button);
  return gtk_widget_is_visible (button) && gtk_widget_is_sensitive (button);
}

static gboolean
dialog_closed (gpointer data)
{
  return cf_test_ui_find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

static gint64
count_entries (CfStore    *store,
               const char *escalation_id,
               const char *type)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM escalation_entry "
                                          "WHERE escalation = ? AND type = '%s'", type);

  return cf_test_query_integer (store, sql, escalation_id);
}

static void
assert_field (CfStore    *store,
              const char *escalation_id,
              const char *name,
              const char *expected)
{
  g_autofree char *value = cf_test_record_string (store, "escalation", escalation_id, name);

  g_assert_cmpstr (value, ==, expected);
}

/* Opens the dialog of @action, types @text, and returns the dialog. */
static AdwMessageDialog *
open_step (CfEscalationsView *view,
           const char        *action,
           const char        *text)
{
  AdwMessageDialog *dialog;
  GtkWidget *text_view;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), action, NULL));
  dialog = ADW_MESSAGE_DIALOG (cf_test_ui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "step-dialog");
  text_view = cf_test_ui_find_named (GTK_WIDGET (dialog), "step-text");
  g_assert_nonnull (text_view);
  if (text != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)), text, -1);

  return dialog;
}

/* As the buttons do: the response, then the dialog closes. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (cf_test_ui_wait_for (dialog_closed, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG)));
}

static void
take_step (CfEscalationsView *view,
           const char        *action,
           const char        *text)
{
  AdwMessageDialog *dialog = open_step (view, action, text);

  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "apply"));
  respond (dialog, "apply");
}

static const char *
problem_shown (GtkWidget *dialog)
{
  GtkWidget *problem = cf_test_ui_find_named (dialog, "problem-label");

  return gtk_widget_get_visible (problem) ? gtk_label_get_text (GTK_LABEL (problem)) : NULL;
}

static const char *
localized (const char *english,
           const char *chinese)
{
  return cf_test_ui_locale_is_chinese () ? chinese : english;
}

/* The supervisor raises an escalation through the dialog and works it to
 * its close: a proposal, an instruction, resolved, closed. The supervisor
 * stands at the top, so the escalation cannot go further up; going up is
 * shown on a complaint waiting at the complaints desk instead, first
 * refused without a proposal, in the core's words.
 */
static void
test_raise_to_close (Fixture       *fixture,
                     gconstpointer  data)
{
  CfStore *store = fixture->store;
  CfEscalationsView *view = sign_in_and_show (fixture, NULL);
  const char *me = cf_session_get_user_id (cf_context_get_session (fixture->context));
  GtkWidget *dialog;
  AdwMessageDialog *step;
  g_autofree char *id = NULL;
  g_autofree char *waiting_id = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *instructed_by = NULL;
  g_autofree char *responsible = NULL;
  g_autofree char *callback_id = NULL;
  g_autofree char *corrects = NULL;
  g_autoptr (GPtrArray) refused = NULL;
  g_autoptr (GError) error = NULL;

  /* Raised through the dialog, checked as it is typed. */
  gtk_widget_activate_action (GTK_WIDGET (view), "escalations.raise", NULL);
  dialog = GTK_WIDGET (cf_test_ui_wait_for_toplevel (CF_TYPE_ESCALATION_DIALOG));
  g_assert_false (gtk_widget_is_sensitive (cf_test_ui_find_named (dialog, "save-button")));
  cf_test_ui_type_into (dialog, "summary-row", "   ");
  g_assert_nonnull (problem_shown (dialog));
  adw_combo_row_set_selected (ADW_COMBO_ROW (cf_test_ui_find_named (dialog, "source-row")), 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (cf_test_ui_find_named (dialog, "severity-row")), 1);
  cf_test_ui_type_into (dialog, "customer-ref-row", "KD20269999");
  cf_test_ui_type_into (dialog, "customer-contact-row", "13912340000");
  cf_test_ui_type_into (dialog, "summary-row",
                        localized ("Customer threatens to go to the press",
                                   "客户扬言向媒体曝光"));
  g_assert_null (problem_shown (dialog));
  cf_test_ui_save_screenshot (dialog, localized ("escalation-raise-en.png",
                                                 "escalation-raise-zh_CN.png"));
  cf_test_ui_click (dialog, "save-button");
  g_assert_true (cf_test_ui_wait_for (dialog_closed,
                                      GSIZE_TO_POINTER (CF_TYPE_ESCALATION_DIALOG)));

  id = cf_test_query_text (store, "SELECT id FROM escalation WHERE customer_ref = ?", "KD20269999");
  g_assert_nonnull (id);
  assert_field (store, id, "level", "supervisor");
  assert_field (store, id, "status", "open");
  assert_field (store, id, "source", "mayors_hotline");
  assert_field (store, id, "severity", "urgent");
  g_assert_cmpint (count_entries (store, id, "raised"), ==, 1);
  {
    Selected selected = { view, id };

    g_assert_true (cf_test_ui_wait_for (escalation_selected, &selected));
  }

  /* Masked in the list, in full in the detail for the supervisor. */
  shown = cf_escalations_view_get_cell_text (view, position_of (view, id), COLUMN_CUSTOMER);
  g_assert_cmpstr (shown, ==, "KD2***9999");
  masked = cf_personal_mask ("13912340000");
  g_assert_cmpstr (masked, ==, "139****0000");
  g_assert_cmpstr (fact (view, "customer-ref-row"), ==, "KD20269999");
  g_assert_cmpstr (fact (view, "customer-contact-row"), ==, "13912340000");

  /* Acknowledged, a proposal; at the top there is no level above. */
  g_assert_true (button_shown (view, "acknowledge-button"));
  cf_test_ui_click (GTK_WIDGET (view), "acknowledge-button");
  assert_field (store, id, "status", "acknowledged");
  assert_field (store, id, "assignee", me);
  take_step (view, "escalations.proposal",
             localized ("Call the customer back within the hour and offer a visit.",
                        "一小时内回电客户并安排上门。"));
  g_assert_cmpint (count_entries (store, id, "proposal"), ==, 1);
  assert_field (store, id, "status", "in_progress");
  g_assert_false (button_shown (view, "escalate-button"));
  g_assert_false (button_shown (view, "skip-button"));

  /* An instruction, written down with who gave it. */
  take_step (view, "escalations.instruction",
             localized ("Offer a written apology; no compensation without my approval.",
                        "书面致歉；未经我批准不得赔偿。"));
  g_assert_cmpint (count_entries (store, id, "instruction"), ==, 1);
  instructed_by = cf_test_query_text (store, "SELECT instructed_by FROM escalation_entry "
                                             "WHERE escalation = ? AND type = 'instruction'", id);
  g_assert_cmpstr (instructed_by, ==, me);

  /* Resolved with the party responsible, then closed. */
  g_assert_false (button_shown (view, "close-button"));
  step = open_step (view, "escalations.resolve", NULL);
  g_assert_false (adw_message_dialog_get_response_enabled (step, "apply"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (cf_test_ui_find_named (GTK_WIDGET (step), "step-text"))),
                            localized ("Apology accepted.", "客户接受道歉。"), -1);
  gtk_editable_set_text (GTK_EDITABLE (cf_test_ui_find_named (GTK_WIDGET (step),
                                                              "step-responsible")),
                         localized ("Installation team", "装维班组"));
  g_assert_true (adw_message_dialog_get_response_enabled (step, "apply"));
  respond (step, "apply");
  assert_field (store, id, "status", "resolved");
  responsible = cf_test_query_text (store, "SELECT responsible FROM escalation_entry "
                                           "WHERE escalation = ? AND type = 'resolved'", id);
  g_assert_cmpstr (responsible, ==, localized ("Installation team", "装维班组"));

  /* The customer called back; then the callback's words corrected: both
   * entries stay, the correction naming the one it corrects.
   */
  take_step (view, "escalations.callback",
             localized ("Customer accepts the apology.", "客户接受道歉。"));
  callback_id = cf_test_query_text (store, "SELECT id FROM escalation_entry "
                                           "WHERE escalation = ? AND type = 'callback'", id);
  g_assert_nonnull (callback_id);
  take_step (view, "escalations.correct",
             localized ("The customer accepts the apology but wants it in writing.",
                        "客户接受道歉，但要求书面致歉。"));
  corrects = cf_test_query_text (store, "SELECT corrects FROM escalation_entry "
                                        "WHERE escalation = ? AND corrects IS NOT NULL", id);
  g_assert_cmpstr (corrects, ==, callback_id);
  g_assert_cmpint (count_entries (store, id, "callback"), ==, 1);
  cf_test_ui_save_screenshot (GTK_WIDGET (view), localized ("escalation-correction-en.png",
                                                            "escalation-correction-zh_CN.png"));
  g_assert_true (button_shown (view, "close-button"));
  g_assert_true (button_shown (view, "reopen-button"));
  cf_test_ui_click (GTK_WIDGET (view), "close-button");
  assert_field (store, id, "status", "closed");
  g_assert_cmpint (count_entries (store, id, "closed"), ==, 1);
  g_assert_false (button_shown (view, "close-button"));
  g_assert_cmpint (cf_test_query_integer (store, "SELECT COUNT(*) FROM escalation_entry "
                                                 "WHERE escalation = ?", id), ==, 8);

  /* Escalating the complaint waiting at the complaints desk: refused
   * without a proposal, in the core's words; then it goes one level up.
   */
  waiting_id = cf_test_query_text (store, "SELECT id FROM escalation WHERE customer_ref = ?",
                                   "KD20250931");
  g_assert_nonnull (waiting_id);
  assert_field (store, waiting_id, "level", "complaints_desk");
  select_escalation (view, waiting_id);
  refused = cf_escalation_escalate (store, me, waiting_id, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_NO_PROPOSAL);
  step = open_step (view, "escalations.escalate", NULL);
  g_assert_cmpstr (problem_shown (GTK_WIDGET (step)), ==, error->message);
  g_assert_false (adw_message_dialog_get_response_enabled (step, "apply"));
  respond (step, "cancel");
  g_assert_cmpint (count_entries (store, waiting_id, "escalated"), ==, 0);

  take_step (view, "escalations.proposal",
             localized ("Refund the second charge.", "退还重复扣费。"));
  take_step (view, "escalations.escalate",
             localized ("Refunds need the shift lead.", "退款需班长同意。"));
  assert_field (store, waiting_id, "level", "shift_lead");
  assert_field (store, waiting_id, "status", "open");
  g_assert_cmpint (count_entries (store, waiting_id, "escalated"), ==, 1);
  g_assert_cmpint (count_entries (store, waiting_id, "proposal"), ==, 1);
  g_assert_cmpstr (fact (view, "level-row"), ==,
                   cf_field_get_choice_label (cf_kind_lookup_field (cf_registry_lookup ("escalation"),
                                                                    "level"),
                                              CF_ESCALATION_LEVEL_SHIFT_LEAD));

  /* The emergency skip, with its instruction, for the screenshot. */
  {
    g_autofree char *skip_id = cf_test_query_text (store,
                                                   "SELECT escalation FROM escalation_entry "
                                                   "WHERE type = 'skipped' AND to_level = ?",
                                                   "supervisor");

    g_assert_nonnull (skip_id);
    select_escalation (view, skip_id);
  }
  cf_test_ui_save_screenshot (cf_test_ui_find_named (GTK_WIDGET (view), "escalation-detail"),
                              localized ("escalation-detail-en.png",
                                         "escalation-detail-zh_CN.png"));
  cf_test_ui_save_screenshot (adw_application_window_get_content (ADW_APPLICATION_WINDOW (fixture->window)),
                              localized ("escalations-en.png", "escalations-zh_CN.png"));
}

/* The information desk sees customer data masked even in the detail, and
 * no Close on a resolved escalation.
 */
static void
test_info_desk_cannot_close (Fixture       *fixture,
                             gconstpointer  data)
{
  CfStore *store = fixture->store;
  CfEscalationsView *view = sign_in_and_show (fixture, "info");
  g_autofree char *id = cf_test_query_text (store, "SELECT id FROM escalation "
                                                   "WHERE status = 'resolved' AND "
                                                   "customer_ref = ?", "KD20240388");
  g_autofree char *masked = cf_personal_mask ("KD20240388");

  g_assert_nonnull (id);
  select_escalation (view, id);
  g_assert_cmpstr (fact (view, "customer-ref-row"), ==, masked);
  g_assert_cmpstr (fact (view, "customer-contact-row"), ==, "136****2222");
  g_assert_false (button_shown (view, "close-button"));
  g_assert_false (button_shown (view, "resolve-button"));
  /* Nor does the action close it. */
  gtk_widget_activate_action (GTK_WIDGET (view), "escalations.close", NULL);
  assert_field (store, id, "status", "resolved");
  g_assert_true (button_shown (view, "note-button"));
  g_assert_true (gtk_widget_get_visible (cf_test_ui_find_named (GTK_WIDGET (view),
                                                                "raise-button")));

  /* Searching by a reference the desk may not see finds nothing. */
  cf_test_ui_type_into (GTK_WIDGET (view), "escalations-search-entry", "KD20240388");
  g_signal_emit_by_name (cf_test_ui_find_named (GTK_WIDGET (view), "escalations-search-entry"),
                         "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (cf_escalations_view_get_shown (view)), ==, 0);
}

static gboolean
report_after_shown (gpointer data)
{
  return gtk_widget_get_visible (cf_test_ui_find_named (data, "report-after-box"));
}

/* The deputy, passed over by the demo's emergency skip, is shown the open
 * report-after and acknowledges it; it is then gone.
 */
static void
test_deputy_acknowledges_report (Fixture       *fixture,
                                 gconstpointer  data)
{
  CfStore *store = fixture->store;
  CfEscalationsView *view = sign_in_and_show (fixture, "deputy");
  g_autofree char *id = cf_test_query_text (store, "SELECT escalation FROM escalation_entry "
                                                   "WHERE type = 'skipped' AND to_level = ?",
                                            "supervisor");
  g_autoptr (GPtrArray) open = NULL;

  g_assert_nonnull (id);
  open = cf_escalation_list_report_after (store, CF_ESCALATION_LEVEL_DEPUTY, NULL);
  g_assert_cmpuint (open->len, ==, 1);

  /* "Waiting for my level" lists it. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (cf_test_ui_find_named (GTK_WIDGET (view),
                                                                    "show-filter")), 3);
  position_of (view, id);
  select_escalation (view, id);
  g_assert_true (cf_test_ui_wait_for (report_after_shown, view));
  cf_test_ui_click (GTK_WIDGET (view), "acknowledge-report-button");
  g_assert_cmpint (count_entries (store, id, "report_after_acknowledged"), ==, 1);
  g_clear_pointer (&open, g_ptr_array_unref);
  open = cf_escalation_list_report_after (store, CF_ESCALATION_LEVEL_DEPUTY, NULL);
  g_assert_cmpuint (open->len, ==, 0);
  g_assert_false (gtk_widget_get_visible (cf_test_ui_find_named (GTK_WIDGET (view),
                                                                 "report-after-box")));
}

/* A shift lead makes a rush-repair order for an escalation about a repair,
 * from its detail; the order names it.
 */
static void
test_rush_repair_order (Fixture       *fixture,
                        gconstpointer  data)
{
  CfStore *store = fixture->store;
  CfEscalationsView *view = sign_in_and_show (fixture, "lead");
  const char *me = cf_session_get_user_id (cf_context_get_session (fixture->context));
  CfEscalationReport report = {
    .source = "hotline",
    .category = "rush_repair",
    .severity = "urgent",
    .summary = localized ("Street cabinet flooded: forty lines down",
                          "路边交接箱进水：四十条线路中断"),
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = cf_escalation_raise (store, me, &report, NULL, NULL, &error);
  g_autofree char *id = NULL;
  g_autofree char *order_escalation = NULL;
  GtkWidget *dialog;

  g_assert_no_error (error);
  g_assert_true (cf_store_apply (store, me, (CfOp * const *) ops->pdata, ops->len, &error));
  id = cf_test_query_text (store, "SELECT id FROM escalation WHERE summary = ?", report.summary);
  select_escalation (view, id);
  g_assert_true (button_shown (view, "rush-repair-button"));

  gtk_widget_activate_action (GTK_WIDGET (view), "escalations.rush-repair", NULL);
  dialog = GTK_WIDGET (cf_test_ui_wait_for_toplevel (CF_TYPE_RUSH_REPAIR_DIALOG));
  cf_test_ui_type_into (dialog, "department-row", localized ("Line maintenance", "线路维护"));
  cf_test_ui_click (dialog, "save-button");
  g_assert_true (cf_test_ui_wait_for (dialog_closed,
                                      GSIZE_TO_POINTER (CF_TYPE_RUSH_REPAIR_DIALOG)));
  order_escalation = cf_test_query_text (store, "SELECT escalation FROM rush_repair "
                                                "WHERE summary = ?", report.summary);
  g_assert_cmpstr (order_escalation, ==, id);

  /* A complaint that is not about a repair offers no order. */
  g_free (id);
  id = cf_test_query_text (store, "SELECT id FROM escalation WHERE category = ? "
                                  "AND status NOT IN ('resolved', 'closed')", "customer_complaint");
  select_escalation (view, id);
  g_assert_false (button_shown (view, "rush-repair-button"));

  /* Asked to show one the filters hide, as a notification's click does:
   * the filters make way.
   */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (cf_test_ui_find_named (GTK_WIDGET (view),
                                                                    "status-filter")),
                              1 + 4 /* closed */);
  g_assert_null (cf_escalations_view_get_selected (view));
  cf_escalations_view_select (view, id);
  g_assert_nonnull (cf_escalations_view_get_selected (view));
  g_assert_cmpstr (cf_escalation_summary_get_id (cf_escalations_view_get_selected (view)), ==, id);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (cf_test_ui_find_named (GTK_WIDGET (view), "status-filter"))), ==, 0);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

/* The Weekly Review entry asks for a week, last week to begin with, and a
 * format; the review saved from the view is written where it was asked.
 */
static void
test_weekly_review (Fixture       *fixture,
                    gconstpointer  data)
{
  CfEscalationsView *view = sign_in_and_show (fixture, NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *path = g_build_filename (fixture->folder, "weekly-review.pdf", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *last_week = NULL;
  g_autofree char *contents = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *week;
  GDate today, day;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  day = today;
  g_date_subtract_days (&day, 7);
  last_week = cf_escalation_review_describe_week (&day);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "escalations.weekly-review",
                                             NULL));
  dialog = ADW_MESSAGE_DIALOG (cf_test_ui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "weekly-review-dialog");
  week = cf_test_ui_find_named (GTK_WIDGET (dialog), "weekly-review-week");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (week)), ==, last_week);
  g_assert_nonnull (cf_test_ui_find_named (GTK_WIDGET (dialog), "weekly-review-format"));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  cf_test_ui_save_screenshot (GTK_WIDGET (dialog),
                              localized ("weekly-review-en.png", "weekly-review-zh_CN.png"));
  respond (dialog, "cancel");

  cf_escalations_view_save_weekly_review (view, &today, CF_WEEKLY_REVIEW_PDF, file);
  g_assert_true (cf_test_ui_wait_for (file_exists, path));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
}

int
main (int   argc,
      char *argv[])
{
  CfApplication *application = cf_test_ui_init (&argc, &argv);
  int status;

  g_test_add ("/ui/escalations/raise-to-close", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_raise_to_close, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/escalations/info-desk-cannot-close", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_info_desk_cannot_close,
              cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/escalations/deputy-acknowledges-report", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_deputy_acknowledges_report,
              cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/escalations/rush-repair-order", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_rush_repair_order, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/escalations/weekly-review", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_weekly_review, cf_test_ui_fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&application);

  return status;
}
