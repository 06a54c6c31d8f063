/* test-ui-handover.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shift handover (交接班) in a real window under Xvfb, on the demo
 * database: the shift lead starts a sheet (pre-filled with the open
 * escalations), removes, annotates and adds items, fails to sign with a
 * wrong password and signs it out with the right one; the deputy, signed
 * in at the same desktop, finds it under To Sign, countersigns it with
 * remarks, which seals it, and adds a signed addendum; one byte changed in
 * the database makes the view mark the sheet tampered, saying why.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "cf-demo.h"
#include "cf-handover.h"
#include "cf-handover-view.h"
#include "cf-session.h"
#include "cf-signing.h"
#include "cf-store.h"
#include "cf-test-ui.h"
#include "cf-test-util.h"
#include "cf-view.h"
#include "cf-window.h"

typedef CfTestUiFixture Fixture;

/* A day the demo has no handover on. */
#define HANDOVER_DATE "2030-01-07"

/* Signed in: the window shows a view. */
static gboolean
view_shown (gpointer data)
{
  Fixture *fixture = data;

  return cf_window_get_visible_view (fixture->window) != NULL;
}

/* Signs in as @login and opens the Handover view. */
static CfHandoverView *
sign_in_and_show (Fixture    *fixture,
                  const char *login)
{
  cf_test_ui_sign_in (fixture, login, CF_DEMO_PASSWORD);
  g_assert_true (cf_test_ui_wait_for (view_shown, fixture));
  cf_test_ui_show_view (fixture, "handover");

  return CF_HANDOVER_VIEW (cf_window_get_view (fixture->window, "handover"));
}

/* A dialog of this test's, found by its widget name. */
static GtkWidget *
find_dialog (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (window), name) == 0 &&
          gtk_widget_get_visible (window))
        return window;
    }

  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog (data) != NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return find_dialog (data) == NULL;
}

static GtkWidget *
wait_for_dialog (const char *name)
{
  g_assert_true (cf_test_ui_wait_for (dialog_shown, (gpointer) name));

  return find_dialog (name);
}

static void
type_text (GtkWidget  *dialog,
           const char *text)
{
  GtkTextView *view = GTK_TEXT_VIEW (cf_test_ui_find_named (dialog, "sign-text"));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

static const char *
problem_shown (GtkWidget *dialog)
{
  GtkWidget *problem = cf_test_ui_find_named (dialog, "problem-label");

  return gtk_widget_get_visible (problem) ? gtk_label_get_text (GTK_LABEL (problem)) : NULL;
}

static gboolean
problem_is_shown (gpointer data)
{
  return problem_shown (data) != NULL;
}

/* The items of a section of the sheet's content, as stored. */
static JsonArray *
section_of (Fixture    *fixture,
            const char *sheet_id,
            const char *section,
            JsonNode  **holder)
{
  g_autofree char *content = cf_test_record_string (fixture->store, "handover_sheet", sheet_id,
                                                    "content");

  *holder = json_from_string (content, NULL);
  g_assert_nonnull (*holder);

  return json_object_get_array_member (json_node_get_object (*holder), section);
}

static guint
count_items (Fixture    *fixture,
             const char *sheet_id,
             const char *section)
{
  g_autoptr (JsonNode) holder = NULL;

  return json_array_get_length (section_of (fixture, sheet_id, section, &holder));
}

static void
assert_verifies (Fixture    *fixture,
                 const char *sheet_id)
{
  g_auto (CfHandoverCheck) check = { 0 };
  g_autoptr (GError) error = NULL;

  g_assert_true (cf_handover_verify (fixture->store, sheet_id, &check, &error));
  g_assert_no_error (error);
  g_assert_null (check.message);
}

/* Names @user_id the incoming lead through Change Incoming Lead…. */
static void
change_incoming_lead (CfHandoverView *view,
                      const char     *user_id)
{
  g_autofree char *name = NULL;
  GtkWidget *dialog;
  GtkDropDown *choice;
  GListModel *names;
  guint i;

  gtk_widget_activate_action (GTK_WIDGET (view), "handover.change-incoming-lead", NULL);
  dialog = wait_for_dialog ("change-lead-dialog");
  choice = GTK_DROP_DOWN (cf_test_ui_find_named (dialog, "incoming-lead-choice"));
  names = gtk_drop_down_get_model (choice);
  name = cf_test_query_text (cf_context_get_store (cf_view_get_context (CF_VIEW (view))),
                             "SELECT s.name FROM app_user u JOIN staff s ON s.id = u.staff "
                             "WHERE u.id = ?", user_id);
  for (i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), name) == 0)
      break;
  g_assert_cmpuint (i, <, g_list_model_get_n_items (names));
  gtk_drop_down_set_selected (choice, i);
  /* As its button does: the response, then the dialog closes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "change");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A step's dialog: what is typed, then its button. */
static void
sign_with (GtkWidget  *dialog,
           const char *password)
{
  cf_test_ui_type_into (dialog, "sign-password", password);
  cf_test_ui_click (dialog, "sign-apply-button");
}

static void
test_sign_and_countersign (Fixture       *fixture,
                           gconstpointer  data)
{
  gboolean chinese = cf_test_ui_locale_is_chinese ();
  const char *note = chinese ? "客户下午又来电了" : "Customer called again this afternoon";
  const char *equipment = chinese ? "3号坐席耳机有杂音" : "Headset at seat 3 crackles";
  const char *remarks = chinese ? "已阅，耳机问题我来跟进" : "Read; I take the headset ticket";
  const char *addendum = chinese ? "补充：打印机已修好" : "Addendum: the printer was fixed at 23:40";
  g_autofree char *lead_id = cf_test_query_text (fixture->store,
                                                 "SELECT id FROM app_user WHERE login = ?",
                                                 "lead");
  g_autofree char *deputy_id = cf_test_query_text (fixture->store,
                                                   "SELECT id FROM app_user WHERE login = ?",
                                                   "deputy");
  g_autofree char *deputy_name = cf_test_query_text (fixture->store,
                                                     "SELECT s.name FROM app_user u JOIN staff s "
                                                     "ON s.id = u.staff WHERE u.id = ?",
                                                     deputy_id);
  g_autofree char *sheet_id = NULL;
  g_autofree char *status = NULL;
  g_autofree char *stored_remarks = NULL;
  g_autofree char *outgoing_lead = NULL;
  g_autofree char *incoming_lead = NULL;
  g_autofree char *incoming_lead_now = NULL;
  g_autofree char *supervisor_id = cf_test_query_text (fixture->store,
                                                       "SELECT id FROM app_user WHERE login = ?",
                                                       CF_DEMO_SUPERVISOR_LOGIN);
  g_autoptr (JsonNode) holder = NULL;
  CfHandoverView *view;
  GtkWidget *dialog;
  GtkWidget *lead_row;
  GListModel *leads;
  guint n_unfinished, n_open;
  gint64 n_sheets;
  const char *forged_equipment = chinese ? "3号坐席耳机正常" : "Headset at seat 3 is fine";
  char *tamper;
  sqlite3 *db;

  /* Notifications of the demo's overdue escalations need a service. */
  g_settings_set_boolean (cf_context_get_settings (fixture->context), "escalation-notifications",
                          FALSE);
  cf_test_ui_open_window (fixture);
  view = sign_in_and_show (fixture, "lead");
  n_sheets = cf_store_count (fixture->store, "SELECT COUNT(*) FROM handover_sheet");

  /* The lead starts a sheet, handing over to the deputy; they are not
   * offered themselves.
   */
  gtk_widget_activate_action (GTK_WIDGET (view), "handover.new", NULL);
  dialog = wait_for_dialog ("handover-sheet-dialog");
  cf_test_ui_type_into (dialog, "date-row", "2026-14-01");
  g_assert_nonnull (problem_shown (dialog));
  g_assert_false (gtk_widget_get_sensitive (cf_test_ui_find_named (dialog,
                                                                   "create-sheet-button")));
  cf_test_ui_type_into (dialog, "date-row", HANDOVER_DATE);
  lead_row = cf_test_ui_find_named (dialog, "incoming-lead-row");
  leads = adw_combo_row_get_model (ADW_COMBO_ROW (lead_row));
  for (guint i = 0; i < g_list_model_get_n_items (leads); i++)
    {
      const char *name = gtk_string_list_get_string (GTK_STRING_LIST (leads), i);

      if (g_strcmp0 (name, deputy_name) == 0)
        adw_combo_row_set_selected (ADW_COMBO_ROW (lead_row), i);
    }
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (leads),
                                               adw_combo_row_get_selected (ADW_COMBO_ROW (lead_row))),
                   ==, deputy_name);
  cf_test_ui_save_screenshot (dialog, chinese ? "handover-new-zh_CN.png" : "handover-new-en.png");
  cf_test_ui_click (dialog, "create-sheet-button");
  g_assert_true (cf_test_ui_wait_for (dialog_gone, "handover-sheet-dialog"));

  g_assert_cmpint (cf_store_count (fixture->store, "SELECT COUNT(*) FROM handover_sheet"), ==,
                   n_sheets + 1);

  /* One sheet per shift and day: a second is not made. */
  gtk_widget_activate_action (GTK_WIDGET (view), "handover.new", NULL);
  dialog = wait_for_dialog ("handover-sheet-dialog");
  cf_test_ui_type_into (dialog, "date-row", HANDOVER_DATE);
  g_assert_cmpstr (problem_shown (dialog), ==,
                   _("This shift already has a handover sheet for that day; it is in the list."));
  g_assert_false (gtk_widget_get_sensitive (cf_test_ui_find_named (dialog,
                                                                   "create-sheet-button")));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (cf_store_count (fixture->store, "SELECT COUNT(*) FROM handover_sheet"), ==,
                   n_sheets + 1);
  sheet_id = g_strdup (cf_handover_view_get_selected (view));
  g_assert_nonnull (sheet_id);
  outgoing_lead = cf_test_record_string (fixture->store, "handover_sheet", sheet_id,
                                         "outgoing_lead");
  g_assert_cmpstr (outgoing_lead, ==, lead_id);
  incoming_lead = cf_test_record_string (fixture->store, "handover_sheet", sheet_id,
                                         "incoming_lead");
  g_assert_cmpstr (incoming_lead, ==, deputy_id);

  /* Pre-filled with every open escalation, shown in the detail. */
  n_open = cf_store_count (fixture->store, "SELECT COUNT(*) FROM escalation WHERE deleted = 0 "
                                           "AND status NOT IN ('resolved', 'closed')");
  n_unfinished = count_items (fixture, sheet_id, "unfinished");
  g_assert_cmpuint (n_open, >, 1);
  g_assert_cmpuint (n_unfinished, >=, n_open);
  g_assert_nonnull (cf_test_ui_find_named (GTK_WIDGET (view), "remove-unfinished-1"));

  /* Remove one item, annotate another, add one of the lead's own. */
  cf_test_ui_click (GTK_WIDGET (view), "remove-unfinished-0");
  g_assert_cmpuint (count_items (fixture, sheet_id, "unfinished"), ==, n_unfinished - 1);
  cf_test_ui_click (GTK_WIDGET (view), "note-unfinished-0");
  dialog = wait_for_dialog ("sign-dialog");
  type_text (dialog, note);
  cf_test_ui_click (dialog, "sign-apply-button");
  g_assert_true (cf_test_ui_wait_for (dialog_gone, "sign-dialog"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     section_of (fixture, sheet_id, "unfinished", &holder), 0), "note"), ==,
                   note);
  /* A note typed while the sheet changed elsewhere is not put on the
   * wrong item: the dialog says so and keeps the text.
   */
  cf_test_ui_click (GTK_WIDGET (view), "note-unfinished-1");
  dialog = wait_for_dialog ("sign-dialog");
  type_text (dialog, note);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (JsonNode) changed = NULL;
    g_autofree char *canonical = NULL;
    JsonArray *items = section_of (fixture, sheet_id, "unfinished", &changed);
    GPtrArray *ops;

    json_array_remove_element (items, 1);
    canonical = cf_signing_canonical_json (changed);
    ops = cf_handover_edit_content (fixture->store, sheet_id, canonical, &error);
    cf_test_apply_ops (fixture->store, lead_id, ops, error);
  }
  n_unfinished = count_items (fixture, sheet_id, "unfinished");
  cf_test_ui_click (dialog, "sign-apply-button");
  g_assert_cmpstr (problem_shown (dialog), ==,
                   _("The sheet has changed meanwhile; look at it again."));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (count_items (fixture, sheet_id, "unfinished"), ==, n_unfinished);

  cf_test_ui_click (GTK_WIDGET (view), "add-equipment");
  dialog = wait_for_dialog ("sign-dialog");
  g_assert_false (gtk_widget_get_sensitive (cf_test_ui_find_named (dialog, "sign-apply-button")));
  type_text (dialog, equipment);
  cf_test_ui_click (dialog, "sign-apply-button");
  g_assert_true (cf_test_ui_wait_for (dialog_gone, "sign-dialog"));
  g_assert_cmpuint (count_items (fixture, sheet_id, "equipment"), ==, 1);

  /* Named by mistake: another incoming lead, then the deputy again. */
  change_incoming_lead (view, supervisor_id);
  incoming_lead_now = cf_test_record_string (fixture->store, "handover_sheet", sheet_id,
                                             "incoming_lead");
  g_assert_cmpstr (incoming_lead_now, ==, supervisor_id);
  g_clear_pointer (&incoming_lead_now, g_free);
  change_incoming_lead (view, deputy_id);
  incoming_lead_now = cf_test_record_string (fixture->store, "handover_sheet", sheet_id,
                                             "incoming_lead");
  g_assert_cmpstr (incoming_lead_now, ==, deputy_id);
  cf_test_ui_wait_for_paint (GTK_WIDGET (fixture->window));
  cf_test_ui_save_screenshot (GTK_WIDGET (fixture->window),
                              chinese ? "handover-draft-zh_CN.png" : "handover-draft-en.png");

  /* A wrong password does not sign; the dialog stays, saying why. */
  gtk_widget_activate_action (GTK_WIDGET (view), "handover.sign-out", NULL);
  dialog = wait_for_dialog ("sign-dialog");
  sign_with (dialog, "not-the-password");
  g_assert_true (cf_test_ui_wait_for (problem_is_shown, dialog));
  g_assert_cmpstr (problem_shown (dialog), ==, _("The password is not correct."));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cf_test_ui_find_named (dialog,
                                                                             "sign-password"))),
                   ==, "");
  status = cf_test_record_string (fixture->store, "handover_sheet", sheet_id, "status");
  g_assert_cmpstr (status, ==, "draft");
  g_clear_pointer (&status, g_free);
  sign_with (dialog, CF_DEMO_PASSWORD);
  g_assert_true (cf_test_ui_wait_for (dialog_gone, "sign-dialog"));
  status = cf_test_record_string (fixture->store, "handover_sheet", sheet_id, "status");
  g_assert_cmpstr (status, ==, "signed_out");
  g_clear_pointer (&status, g_free);
  g_assert_nonnull (cf_test_ui_find_named (GTK_WIDGET (view), "verified-label"));
  g_assert_null (cf_test_ui_find_named (GTK_WIDGET (view), "sign-out-button"));

  /* The deputy signs in at the same desktop: the sheet waits under To Sign. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "window.sign-out", NULL);
  cf_test_ui_settle ();
  view = sign_in_and_show (fixture, "deputy");
  g_assert_cmpstr (cf_handover_view_get_selected (view), ==, sheet_id);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (cf_test_ui_find_named (GTK_WIDGET (view), "show-filter"))),
                    ==, 1);
  g_assert_cmpuint (cf_handover_view_get_n_shown (view), ==, 1);
  cf_test_ui_wait_for_paint (GTK_WIDGET (fixture->window));
  cf_test_ui_save_screenshot (GTK_WIDGET (fixture->window),
                              chinese ? "handover-to-sign-zh_CN.png" : "handover-to-sign-en.png");

  gtk_widget_activate_action (GTK_WIDGET (view), "handover.countersign", NULL);
  dialog = wait_for_dialog ("sign-dialog");
  type_text (dialog, remarks);
  cf_test_ui_save_screenshot (dialog, chinese ? "handover-countersign-zh_CN.png"
                                              : "handover-countersign-en.png");
  sign_with (dialog, CF_DEMO_PASSWORD);
  g_assert_true (cf_test_ui_wait_for (dialog_gone, "sign-dialog"));
  status = cf_test_record_string (fixture->store, "handover_sheet", sheet_id, "status");
  g_assert_cmpstr (status, ==, "sealed");
  stored_remarks = cf_test_record_string (fixture->store, "handover_sheet", sheet_id,
                                          "incoming_remarks");
  g_assert_cmpstr (stored_remarks, ==, remarks);
  assert_verifies (fixture, sheet_id);

  /* The sealed sheet takes a signed addendum, and no edits. */
  g_assert_null (cf_test_ui_find_named (GTK_WIDGET (view), "add-equipment"));
  gtk_widget_activate_action (GTK_WIDGET (view), "handover.add-addendum", NULL);
  dialog = wait_for_dialog ("sign-dialog");
  type_text (dialog, addendum);
  sign_with (dialog, CF_DEMO_PASSWORD);
  g_assert_true (cf_test_ui_wait_for (dialog_gone, "sign-dialog"));
  g_assert_cmpint (cf_test_query_integer (fixture->store,
                                          "SELECT COUNT(*) FROM handover_addendum "
                                          "WHERE sheet = ?", sheet_id), ==, 1);
  g_assert_nonnull (cf_test_ui_find_named (GTK_WIDGET (view), "addenda-list"));
  g_assert_null (cf_test_ui_find_named (GTK_WIDGET (view), "tampered-box"));
  cf_test_ui_wait_for_paint (GTK_WIDGET (fixture->window));
  cf_test_ui_save_screenshot (GTK_WIDGET (fixture->window),
                              chinese ? "handover-sealed-zh_CN.png" : "handover-sealed-en.png");

  /* One byte changed behind the app's back: shown again, it is tampered. */
  db = cf_test_open_raw (cf_store_get_path (fixture->store), CF_TEST_REWRITE_ALWAYS);
  tamper = sqlite3_mprintf ("UPDATE handover_sheet SET content = replace (content, %Q, %Q) "
                            "WHERE id = %Q", equipment, forged_equipment, sheet_id);
  g_assert_cmpint (sqlite3_exec (db, tamper, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_free (tamper);
  sqlite3_close (db);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (cf_test_ui_find_named (GTK_WIDGET (view), "show-filter")), 0);
  g_assert_true (cf_handover_view_select (view, sheet_id));
  g_assert_nonnull (cf_test_ui_find_named (GTK_WIDGET (view), "tampered-box"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cf_test_ui_find_named (GTK_WIDGET (view),
                                                                        "tampered-reason"))),
                   ==, _("The content is not what the outgoing lead signed."));
  cf_test_ui_wait_for_paint (GTK_WIDGET (fixture->window));
  cf_test_ui_save_screenshot (GTK_WIDGET (fixture->window),
                              chinese ? "handover-tampered-zh_CN.png" : "handover-tampered-en.png");
}

/* A sheet started by mistake is deleted; Undo brings it back. */
static void
test_delete_sheet (Fixture       *fixture,
                   gconstpointer  data)
{
  CfHandoverView *view;
  GtkWidget *dialog;
  g_autofree char *sheet_id = NULL;

  g_settings_set_boolean (cf_context_get_settings (fixture->context), "escalation-notifications",
                          FALSE);
  cf_test_ui_open_window (fixture);
  view = sign_in_and_show (fixture, "lead");
  gtk_widget_activate_action (GTK_WIDGET (view), "handover.new", NULL);
  dialog = wait_for_dialog ("handover-sheet-dialog");
  cf_test_ui_type_into (dialog, "date-row", HANDOVER_DATE);
  cf_test_ui_click (dialog, "create-sheet-button");
  g_assert_true (cf_test_ui_wait_for (dialog_gone, "handover-sheet-dialog"));
  sheet_id = g_strdup (cf_handover_view_get_selected (view));
  g_assert_nonnull (sheet_id);

  gtk_widget_activate_action (GTK_WIDGET (view), "handover.delete", NULL);
  g_assert_cmpint (cf_test_query_integer (fixture->store, "SELECT deleted FROM handover_sheet "
                                                          "WHERE id = ?", sheet_id), ==, 1);
  g_assert_null (cf_handover_view_get_selected (view));
  g_assert_false (cf_handover_view_select (view, sheet_id));
}

/* The information desk reads sheets but may not start one. */
static void
test_desk_reads_only (Fixture       *fixture,
                      gconstpointer  data)
{
  CfHandoverView *view;

  g_settings_set_boolean (cf_context_get_settings (fixture->context), "escalation-notifications",
                          FALSE);
  cf_test_ui_open_window (fixture);
  view = sign_in_and_show (fixture, "info");
  g_assert_false (gtk_widget_get_visible (cf_test_ui_find_named (GTK_WIDGET (view),
                                                                 "new-sheet-button")));
  gtk_widget_activate_action (GTK_WIDGET (view), "handover.new", NULL);
  cf_test_ui_settle ();
  g_assert_null (find_dialog ("handover-sheet-dialog"));
  g_assert_null (cf_test_ui_find_named (GTK_WIDGET (view), "sign-out-button"));
  g_assert_null (cf_test_ui_find_named (GTK_WIDGET (view), "countersign-button"));
  g_assert_null (cf_test_ui_find_named (GTK_WIDGET (view), "addendum-button"));
}

int
main (int   argc,
      char *argv[])
{
  CfApplication *application = cf_test_ui_init (&argc, &argv);
  int status;

  g_test_add ("/ui/handover/sign-and-countersign", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_sign_and_countersign, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/handover/delete-sheet", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_delete_sheet, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/handover/desk-reads-only", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_desk_reads_only, cf_test_ui_fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&application);

  return status;
}
