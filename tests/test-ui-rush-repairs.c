/* test-ui-rush-repairs.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rush-repair orders in a real window under Xvfb, on the demo database,
 * with a real SMS gateway: a SoupServer on 127.0.0.1, set as the
 * "sms-gateway-url" template. A shift lead makes an order, notifies two
 * people through the gateway, records the repair done, a callback that
 * finds it not repaired (the order goes back), a new repair, a callback
 * that confirms it, and closes it; the store is checked after each step,
 * and Close is refused until the callback confirms the repair. A step the
 * order has moved past meanwhile is refused in its dialog, which keeps
 * what was typed. The complaints desk, who calls customers back, cannot
 * close, and neither can an agent's account in the store.
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <adwaita.h>
#include <libsoup/soup.h>

#include "cf-demo.h"
#include "cf-escalation.h"
#include "cf-notify-dialog.h"
#include "cf-registry.h"
#include "cf-rush-repair.h"
#include "cf-rush-repair-dialog.h"
#include "cf-rush-repair-step-dialog.h"
#include "cf-rush-repairs-view.h"
#include "cf-session.h"
#include "cf-store.h"
#include "cf-test-ui.h"
#include "cf-test-util.h"
#include "cf-window.h"

#define GATEWAY_KEY "rush-key-0815"

typedef CfTestUiFixture Fixture;

/* The SMS gateway: what it was asked, and its answer. */
typedef struct
{
  SoupServer *server;
  GPtrArray  *numbers;    /* the "to" of each request, decoded */
  GPtrArray  *texts;
  guint       n_answered;
} Gateway;

static void
on_gateway_request_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           user_data)
{
  Gateway *gateway = user_data;
  g_autofree char *body = NULL;

  g_assert_nonnull (query);
  g_assert_cmpstr (g_hash_table_lookup (query, "key"), ==, GATEWAY_KEY);
  g_ptr_array_add (gateway->numbers, g_strdup (g_hash_table_lookup (query, "to")));
  g_ptr_array_add (gateway->texts, g_strdup (g_hash_table_lookup (query, "text")));
  body = g_strdup_printf ("OK id=%u", ++gateway->n_answered);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY, body, strlen (body));
}

/* Starts the gateway and sets its template where Preferences keeps it. */
static void
gateway_start (Gateway *gateway,
               Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url_template = NULL;
  GSList *uris;

  gateway->numbers = g_ptr_array_new_with_free_func (g_free);
  gateway->texts = g_ptr_array_new_with_free_func (g_free);
  gateway->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (gateway->server, "/sms/send", on_gateway_request_cb, gateway, NULL);
  soup_server_listen_local (gateway->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (gateway->server);
  url_template = g_strdup_printf ("http://127.0.0.1:%d/sms/send?key=" GATEWAY_KEY
                                  "&to={phone}&text={message}",
                                  g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_settings_set_string (cf_context_get_settings (fixture->context), "sms-gateway-url",
                         url_template);
}

static void
gateway_stop (Gateway *gateway,
              Fixture *fixture)
{
  g_settings_reset (cf_context_get_settings (fixture->context), "sms-gateway-url");
  soup_server_disconnect (gateway->server);
  g_clear_object (&gateway->server);
  g_clear_pointer (&gateway->numbers, g_ptr_array_unref);
  g_clear_pointer (&gateway->texts, g_ptr_array_unref);
}

static const char *
localized (const char *english,
           const char *chinese)
{
  return cf_test_ui_locale_is_chinese () ? chinese : english;
}

static gboolean
staff_view_shown (gpointer data)
{
  Fixture *fixture = data;

  return g_strcmp0 (cf_window_get_visible_view (fixture->window), "staff") == 0;
}

static gboolean
orders_listed (gpointer data)
{
  return g_list_model_get_n_items (cf_rush_repairs_view_get_shown (data)) >= 8;
}

/* Signs in as @login and opens the rush-repair orders. */
static CfRushRepairsView *
sign_in_and_show (Fixture    *fixture,
                  const char *login)
{
  CfRushRepairsView *view;

  /* The demo's overdue escalations are no part of this test: without
   * their desktop notifications no notification service is needed.
   */
  g_settings_set_boolean (cf_context_get_settings (fixture->context), "escalation-notifications",
                          FALSE);
  cf_test_ui_open_window (fixture);
  cf_test_ui_sign_in (fixture, login, CF_DEMO_PASSWORD);
  g_assert_true (cf_test_ui_wait_for (staff_view_shown, fixture));
  cf_test_ui_show_view (fixture, "rush-repairs");
  view = CF_RUSH_REPAIRS_VIEW (cf_window_get_view (fixture->window, "rush-repairs"));
  g_assert_true (cf_test_ui_wait_for (orders_listed, view));

  return view;
}

typedef struct
{
  CfRushRepairsView *view;
  const char        *id;
} Selected;

static gboolean
order_selected (gpointer data)
{
  Selected *selected = data;
  CfRushRepairOrder *order = cf_rush_repairs_view_get_selected (selected->view);

  return order != NULL && g_str_equal (cf_rush_repair_order_get_id (order), selected->id);
}

static void
select_order (CfRushRepairsView *view,
              const char        *id)
{
  Selected selected = { view, id };

  cf_rush_repairs_view_select (view, id);
  g_assert_true (cf_test_ui_wait_for (order_selected, &selected));
}

static gboolean
dialog_closed (gpointer data)
{
  return cf_test_ui_find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

/* Whether the button @name is there to press. */
static gboolean
button_usable (CfRushRepairsView *view,
               const char        *name)
{
  GtkWidget *button = cf_test_ui_find_named (GTK_WIDGET (view), name);

  g_assert_nonnull (button);
  return gtk_widget_is_visible (button) && gtk_widget_is_sensitive (button);
}

static gboolean
button_shown (CfRushRepairsView *view,
              const char        *name)
{
  return gtk_widget_is_visible (cf_test_ui_find_named (GTK_WIDGET (view), name));
}

static const char *
label_text (GtkWidget  *root,
            const char *name)
{
  GtkWidget *label = cf_test_ui_find_named (root, name);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

/* The problem a dialog names, or NULL. */
static const char *
problem_shown (GtkWidget *dialog)
{
  GtkWidget *problem = cf_test_ui_find_named (dialog, "problem-label");

  return gtk_widget_get_visible (problem) ? gtk_label_get_text (GTK_LABEL (problem)) : NULL;
}

static void
set_text_view (GtkWidget  *dialog,
               const char *name,
               const char *text)
{
  GtkWidget *text_view = cf_test_ui_find_named (dialog, name);

  g_assert_nonnull (text_view);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)), text, -1);
}

static char *
get_text_view (GtkWidget  *dialog,
               const char *name)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (cf_test_ui_find_named (dialog,
                                                                                          name)));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
assert_status (CfStore    *store,
               const char *order_id,
               const char *expected)
{
  g_autofree char *status = cf_test_record_string (store, "rush_repair", order_id, "status");

  g_assert_cmpstr (status, ==, expected);
}

static gint64
count_entries (CfStore    *store,
               const char *order_id,
               const char *type)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM rush_repair_entry "
                                          "WHERE rush_repair = ? AND type = '%s'", type);

  return cf_test_query_integer (store, sql, order_id);
}

/* Opens the step dialog of @action on the selected order. */
static GtkWidget *
open_step (CfRushRepairsView *view,
           const char        *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), action, NULL));

  return GTK_WIDGET (cf_test_ui_wait_for_toplevel (CF_TYPE_RUSH_REPAIR_STEP_DIALOG));
}

static void
apply_step (GtkWidget *dialog)
{
  cf_test_ui_click (dialog, "apply-button");
  g_assert_true (cf_test_ui_wait_for (dialog_closed,
                                      GSIZE_TO_POINTER (CF_TYPE_RUSH_REPAIR_STEP_DIALOG)));
}

/* Records the repair done through its dialog. */
static void
record_repaired (CfRushRepairsView *view,
                 const char        *text)
{
  GtkWidget *dialog = open_step (view, "rush-repairs.repaired");

  set_text_view (dialog, "step-text", text);
  apply_step (dialog);
}

/* The close button and what is said about it, before a confirmed callback. */
static void
assert_close_refused (Fixture           *fixture,
                      CfRushRepairsView *view,
                      const char        *order_id,
                      const char        *status)
{
  const char *lead = cf_session_get_user_id (cf_context_get_session (fixture->context));
  g_autoptr (GPtrArray) refused = NULL;
  g_autoptr (GError) error = NULL;

  refused = cf_rush_repair_close (fixture->store, lead, order_id, &error);
  g_assert_null (refused);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_CALLBACK);
  g_assert_true (button_shown (view, "close-button"));
  g_assert_false (button_usable (view, "close-button"));
  g_assert_true (gtk_widget_get_visible (cf_test_ui_find_named (GTK_WIDGET (view),
                                                                "close-hint-label")));
  g_assert_cmpstr (label_text (GTK_WIDGET (view), "close-hint-label"), ==, error->message);

  /* Nor does the action close it. */
  gtk_widget_activate_action (GTK_WIDGET (view), "rush-repairs.close", NULL);
  assert_status (fixture->store, order_id, status);
  g_assert_cmpint (count_entries (fixture->store, order_id, "closed"), ==, 0);
}

/* A shift lead takes an order from its making to its close. */
static void
test_order_to_close (Fixture       *fixture,
                     gconstpointer  data)
{
  CfStore *store = fixture->store;
  Gateway gateway = { NULL };
  CfRushRepairsView *view;
  GtkWidget *dialog;
  g_autofree char *id = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *failed_text = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;
  const char *lead;
  guint n_notified = 0;

  gateway_start (&gateway, fixture);
  view = sign_in_and_show (fixture, "lead");
  lead = cf_session_get_user_id (cf_context_get_session (fixture->context));

  /* Made through the dialog (Ctrl+N), checked as it is typed. */
  g_assert_true (button_usable (view, "new-order-button"));
  gtk_widget_activate_action (GTK_WIDGET (view), "rush-repairs.new", NULL);
  dialog = GTK_WIDGET (cf_test_ui_wait_for_toplevel (CF_TYPE_RUSH_REPAIR_DIALOG));
  g_assert_false (gtk_widget_is_sensitive (cf_test_ui_find_named (dialog, "save-button")));
  cf_test_ui_type_into (dialog, "summary-row", "   ");
  g_assert_nonnull (problem_shown (dialog));
  cf_test_ui_type_into (dialog, "summary-row",
                        localized ("No signal in the north tower after a lightning strike",
                                   "雷击后北塔楼无信号"));
  cf_test_ui_type_into (dialog, "department-row",
                        localized ("Network operations", "网络维护中心"));
  cf_test_ui_type_into (dialog, "customer-ref-row", "KD20269911");
  cf_test_ui_type_into (dialog, "customer-contact-row", "13912348888");
  cf_test_ui_type_into (dialog, "details-row",
                        localized ("Reported by the building manager.", "物业经理报修。"));
  g_assert_null (problem_shown (dialog));
  cf_test_ui_save_screenshot (dialog, localized ("rush-repairs-new-en.png",
                                                 "rush-repairs-new-zh_CN.png"));
  cf_test_ui_click (dialog, "save-button");
  g_assert_true (cf_test_ui_wait_for (dialog_closed,
                                      GSIZE_TO_POINTER (CF_TYPE_RUSH_REPAIR_DIALOG)));

  id = cf_test_query_text (store, "SELECT id FROM rush_repair WHERE customer_ref = ?",
                           "KD20269911");
  g_assert_nonnull (id);
  assert_status (store, id, "open");
  g_assert_cmpint (count_entries (store, id, "created"), ==, 1);
  {
    Selected selected = { view, id };

    g_assert_true (cf_test_ui_wait_for (order_selected, &selected));
  }
  g_assert_cmpstr (label_text (GTK_WIDGET (view), "customer-contact-row"), ==, "13912348888");
  assert_close_refused (fixture, view, id, "open");

  /* Notified through the gateway: a number it cannot take is named
   * first, by its line; then one SMS per person, each answer recorded.
   */
  g_assert_true (button_usable (view, "notify-button"));
  gtk_widget_activate_action (GTK_WIDGET (view), "rush-repairs.notify", NULL);
  dialog = GTK_WIDGET (cf_test_ui_wait_for_toplevel (CF_TYPE_NOTIFY_DIALOG));
  g_assert_true (gtk_widget_get_visible (cf_test_ui_find_named (dialog, "gateway-row")));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (cf_test_ui_find_named (dialog,
                                                                           "gateway-switch"))));
  set_text_view (dialog, "people-text",
                 localized ("Wang Wei 139 1234 5678\nLi Na 138-CALL-ME",
                            "王伟 139 1234 5678\n李娜 138-CALL-ME"));
  g_assert_nonnull (problem_shown (dialog));
  g_assert_nonnull (strstr (problem_shown (dialog), "138-CALL-ME"));
  g_assert_false (gtk_widget_is_sensitive (cf_test_ui_find_named (dialog, "send-button")));
  set_text_view (dialog, "people-text",
                 localized ("Wang Wei 139 1234 5678\nLi Na, +86 138-0013-8000",
                            "王伟 139 1234 5678\n李娜，+86 138-0013-8000"));
  g_assert_null (problem_shown (dialog));
  cf_test_ui_save_screenshot (dialog, localized ("rush-repairs-notify-en.png",
                                                 "rush-repairs-notify-zh_CN.png"));
  cf_test_ui_click (dialog, "send-button");
  g_assert_true (cf_test_ui_wait_for (dialog_closed, GSIZE_TO_POINTER (CF_TYPE_NOTIFY_DIALOG)));

  g_assert_cmpuint (gateway.numbers->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (g_str_equal (gateway.numbers->pdata[i], "13912345678") ||
                     g_str_equal (gateway.numbers->pdata[i], "+8613800138000"));
      g_assert_nonnull (strstr (gateway.texts->pdata[i],
                                localized ("No signal in the north tower", "雷击后北塔楼无信号")));
    }
  g_assert_false (g_str_equal (gateway.numbers->pdata[0], gateway.numbers->pdata[1]));
  assert_status (store, id, "notified");
  entries = cf_rush_repair_list_entries (store, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *entry = entries->pdata[i];
      const char *answer;

      if (!g_str_equal (json_object_get_string_member (entry, "type"), "notified"))
        continue;
      n_notified++;
      g_assert_cmpstr (json_object_get_string_member (entry, "channel"), ==, "sms");
      answer = json_object_get_string_member (entry, "gateway_answer");
      g_assert_true (g_str_has_prefix (answer, "HTTP 200: OK id="));
      g_assert_true (strstr (json_object_get_string_member (entry, "notified"),
                             "+8613800138000") != NULL ||
                     strstr (json_object_get_string_member (entry, "notified"),
                             "13912345678") != NULL);
    }
  g_assert_cmpuint (n_notified, ==, 2);
  assert_close_refused (fixture, view, id, "notified");

  /* The repair reported done; Close still waits for the callback. */
  g_assert_true (button_usable (view, "repaired-button"));
  record_repaired (view, localized ("Antenna feeder replaced.", "已更换天线馈线。"));
  assert_status (store, id, "repaired");
  g_assert_cmpint (count_entries (store, id, "repaired"), ==, 1);
  assert_close_refused (fixture, view, id, "repaired");

  /* A callback that finds it not repaired: the text is asked for, the
   * dialog says the order goes back, and it does.
   */
  dialog = open_step (view, "rush-repairs.callback");
  g_assert_false (gtk_widget_is_sensitive (cf_test_ui_find_named (dialog, "apply-button")));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (cf_test_ui_find_named (dialog,
                                                                        "callback-failed")),
                               TRUE);
  g_assert_true (gtk_widget_get_visible (cf_test_ui_find_named (dialog, "failed-warning")));
  g_assert_nonnull (problem_shown (dialog));
  g_assert_false (gtk_widget_is_sensitive (cf_test_ui_find_named (dialog, "apply-button")));
  failed_text = g_strdup (localized ("Still no signal on floors 20 to 25.",
                                     "20至25层仍无信号。"));
  set_text_view (dialog, "step-text", failed_text);
  g_assert_null (problem_shown (dialog));
  cf_test_ui_save_screenshot (dialog, localized ("rush-repairs-callback-en.png",
                                                 "rush-repairs-callback-zh_CN.png"));
  apply_step (dialog);
  assert_status (store, id, "callback_failed");
  g_assert_cmpint (cf_test_query_integer (store, "SELECT COUNT(*) FROM rush_repair_entry "
                                                 "WHERE rush_repair = ? AND type = 'callback' "
                                                 "AND result = 'failed'", id), ==, 1);
  g_assert_true (gtk_widget_has_css_class (cf_test_ui_find_named (GTK_WIDGET (view),
                                                                  "next-step-label"),
                                           "warning"));
  assert_close_refused (fixture, view, id, "callback_failed");
  g_assert_false (button_usable (view, "callback-button"));
  g_assert_true (button_usable (view, "repaired-button"));
  g_assert_true (button_usable (view, "notify-button"));
  cf_test_ui_save_screenshot (adw_application_window_get_content (ADW_APPLICATION_WINDOW (fixture->window)),
                              localized ("rush-repairs-failed-en.png",
                                         "rush-repairs-failed-zh_CN.png"));

  /* The new repair, recorded meanwhile on another desktop: the dialog
   * opened here is refused in the core's words and keeps its text.
   */
  dialog = open_step (view, "rush-repairs.repaired");
  set_text_view (dialog, "step-text", localized ("Second visit: amplifier reset.",
                                                 "第二次上门：已重置放大器。"));
  {
    g_autoptr (GPtrArray) elsewhere = cf_rush_repair_record_repaired (store, lead, id, NULL,
                                                                      &error);

    g_assert_no_error (error);
    g_assert_true (cf_store_apply (store, lead, (CfOp * const *) elsewhere->pdata,
                                   elsewhere->len, &error));
    g_assert_no_error (error);
  }
  cf_test_ui_click (dialog, "apply-button");
  cf_test_ui_settle ();
  g_assert_nonnull (cf_test_ui_find_toplevel (CF_TYPE_RUSH_REPAIR_STEP_DIALOG));
  g_assert_nonnull (problem_shown (dialog));
  kept = get_text_view (dialog, "step-text");
  g_assert_cmpstr (kept, ==, localized ("Second visit: amplifier reset.",
                                        "第二次上门：已重置放大器。"));
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (cf_test_ui_wait_for (dialog_closed,
                                      GSIZE_TO_POINTER (CF_TYPE_RUSH_REPAIR_STEP_DIALOG)));
  assert_status (store, id, "repaired");
  g_assert_cmpint (count_entries (store, id, "repaired"), ==, 2);

  /* A callback that confirms it: now Close is possible. */
  dialog = open_step (view, "rush-repairs.callback");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (cf_test_ui_find_named (dialog,
                                                                        "callback-confirmed")),
                               TRUE);
  g_assert_false (gtk_widget_get_visible (cf_test_ui_find_named (dialog, "failed-warning")));
  apply_step (dialog);
  assert_status (store, id, "confirmed");
  g_assert_true (button_usable (view, "close-button"));
  g_assert_false (gtk_widget_get_visible (cf_test_ui_find_named (GTK_WIDGET (view),
                                                                 "close-hint-label")));

  cf_test_ui_click (GTK_WIDGET (view), "close-button");
  assert_status (store, id, "closed");
  g_assert_cmpint (count_entries (store, id, "closed"), ==, 1);
  g_assert_cmpint (cf_test_query_integer (store, "SELECT COUNT(*) FROM rush_repair_entry "
                                                 "WHERE rush_repair = ?", id), ==, 8);
  g_assert_false (button_shown (view, "close-button"));
  g_assert_true (button_usable (view, "reopen-button"));
  cf_test_ui_save_screenshot (adw_application_window_get_content (ADW_APPLICATION_WINDOW (fixture->window)),
                              localized ("rush-repairs-en.png", "rush-repairs-zh_CN.png"));

  gateway_stop (&gateway, fixture);
}

/* The complaints desk calls customers back but does not close: Close is
 * not offered, the action does nothing, and the detail says who closes.
 * An agent's account is refused by the store itself.
 */
static void
test_who_may_close (Fixture       *fixture,
                    gconstpointer  data)
{
  CfStore *store = fixture->store;
  CfRushRepairsView *view = sign_in_and_show (fixture, "complaints");
  g_autofree char *confirmed = cf_test_query_text (store, "SELECT id FROM rush_repair "
                                                          "WHERE status = ?", "confirmed");
  g_autofree char *repaired = cf_test_query_text (store, "SELECT id FROM rush_repair "
                                                         "WHERE status = ?", "repaired");
  g_autofree char *supervisor = cf_test_query_text (store, "SELECT id FROM app_user "
                                                           "WHERE login = ?",
                                                    CF_DEMO_SUPERVISOR_LOGIN);
  g_autofree char *agent_staff = cf_test_query_text (store, "SELECT id FROM staff WHERE role = ? "
                                                            "AND active = 1 "
                                                            "ORDER BY employee_no",
                                                     "agent");
  g_autoptr (JsonObject) agent = json_object_new ();
  g_autofree char *agent_id = NULL;
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (confirmed);
  g_assert_nonnull (repaired);

  /* A repaired order: the desk records the callback. */
  select_order (view, repaired);
  g_assert_true (button_usable (view, "callback-button"));
  g_assert_false (button_shown (view, "close-button"));

  select_order (view, confirmed);
  g_assert_false (button_shown (view, "close-button"));
  g_assert_false (button_shown (view, "new-order-button"));
  g_assert_true (gtk_widget_get_visible (cf_test_ui_find_named (GTK_WIDGET (view),
                                                                "close-hint-label")));
  gtk_widget_activate_action (GTK_WIDGET (view), "rush-repairs.close", NULL);
  assert_status (store, confirmed, "confirmed");
  cf_test_ui_save_screenshot (cf_test_ui_find_named (GTK_WIDGET (view), "rush-repair-detail"),
                              localized ("rush-repairs-desk-en.png",
                                         "rush-repairs-desk-zh_CN.png"));

  /* An agent's account: the close is refused, by the rules or the store. */
  json_object_set_string_member (agent, "staff", agent_staff);
  json_object_set_string_member (agent, "login", "agent-on-duty");
  json_object_set_string_member (agent, "password_hash", cf_test_password_hash (CF_DEMO_PASSWORD));
  agent_id = cf_test_create_record (store, supervisor, "user", agent);
  ops = cf_rush_repair_close (store, agent_id, confirmed, &error);
  if (ops != NULL)
    g_assert_false (cf_store_apply (store, agent_id, (CfOp * const *) ops->pdata, ops->len,
                                    &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
  assert_status (store, confirmed, "confirmed");
}

/* The information desk sees the customer masked, and the search does not
 * find an order by a reference it may not see.
 */
static void
test_personal_data_masked (Fixture       *fixture,
                           gconstpointer  data)
{
  CfStore *store = fixture->store;
  CfRushRepairsView *view = sign_in_and_show (fixture, "info");
  g_autofree char *id = cf_test_query_text (store, "SELECT id FROM rush_repair "
                                                   "WHERE customer_ref = ?", "KD20260208");
  g_autofree char *masked = cf_personal_mask ("13733334444");
  GtkWidget *search = cf_test_ui_find_named (GTK_WIDGET (view), "rush-repairs-search-entry");

  g_assert_nonnull (id);
  select_order (view, id);
  g_assert_cmpstr (label_text (GTK_WIDGET (view), "customer-contact-row"), ==, masked);
  g_assert_cmpstr (label_text (GTK_WIDGET (view), "customer-ref-row"), !=, "KD20260208");

  gtk_editable_set_text (GTK_EDITABLE (search), "KD20260208");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (cf_rush_repairs_view_get_shown (view)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  CfApplication *application = cf_test_ui_init (&argc, &argv);
  int status;

  g_test_add ("/ui/rush-repairs/order-to-close", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_order_to_close, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/rush-repairs/who-may-close", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_who_may_close, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/rush-repairs/personal-data-masked", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_personal_data_masked,
              cf_test_ui_fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&application);

  return status;
}
