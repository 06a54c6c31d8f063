/* test-ui-escalation-alerts.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Escalation notifications from a real window under Xvfb, on the demo
 * database, as a notification server sees them: on a session bus of its
 * own (GTestDBus), this test owns org.freedesktop.Notifications and
 * records each Notify the application sends. Many
 * waiting at sign-in make one summary; what was told is not told again
 * after signing in anew; a case reported up to the shift lead is told
 * at once, and a click on it opens it in the Escalations view; one
 * falling overdue is told when it does; nothing is sent with the setting
 * off. A deputy is told once of a handover sheet left without its
 * countersignature, and the click opens the Handover view. Then the
 * Escalations page of Preferences: the supervisor changes the call
 * center's policy, a shift lead sees it read-only, and an SMS gateway
 * address the gateway could not use is not stored.
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "cf-demo.h"
#include "cf-escalation.h"
#include "cf-escalation-alert.h"
#include "cf-escalations-view.h"
#include "cf-handover.h"
#include "cf-handover-alert.h"
#include "cf-handover-view.h"
#include "cf-preferences-window.h"
#include "cf-session.h"
#include "cf-store.h"
#include "cf-test-ui.h"
#include "cf-test-util.h"
#include "cf-window.h"

typedef CfTestUiFixture Fixture;

/* The notification server ------------------------------------------------- */

typedef struct
{
  guint32  id;
  char    *title;
  char    *body;
} Notified;

static void
notified_free (Notified *notified)
{
  g_free (notified->title);
  g_free (notified->body);
  g_free (notified);
}

static GTestDBus *test_bus;
static GDBusConnection *bus;
static GPtrArray *notified;     /* Notified, in the order sent */
static guint n_closed;
static guint32 next_id = 1;

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "  </interface>"
  "</node>";

static void
notifications_method_call (GDBusConnection       *connection,
                           const char            *sender,
                           const char            *object_path,
                           const char            *interface_name,
                           const char            *method_name,
                           GVariant              *parameters,
                           GDBusMethodInvocation *invocation,
                           gpointer               user_data)
{
  if (g_str_equal (method_name, "Notify"))
    {
      Notified *notification = g_new0 (Notified, 1);
      const char *title, *body;
      guint32 replaces;

      g_variant_get (parameters, "(&su&s&s&s@as@a{sv}i)", NULL, &replaces, NULL, &title, &body,
                     NULL, NULL, NULL);
      notification->title = g_strdup (title);
      notification->body = g_strdup (body);
      notification->id = replaces != 0 ? replaces : next_id++;
      g_ptr_array_add (notified, notification);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notification->id));
    }
  else if (g_str_equal (method_name, "CloseNotification"))
    {
      n_closed++;
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *capabilities[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(^as)", capabilities));
    }
  else
    {
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(ssss)", "test", "Callfloor",
                                                            "1", "1.2"));
    }
}

/* Starts a session bus and becomes its notification server, before the
 * application sends anything. Nothing without dbus-daemon.
 */
static void
serve_notifications (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_call };
  g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  g_autoptr (GDBusNodeInfo) info = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;
  guint32 result;

  if (daemon == NULL)
    return;
  /* GTestDBus unsets DISPLAY (against D-Bus autolaunch); the windows need it. */
  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  /* DBUS_NAME_FLAG_DO_NOT_QUEUE; 1 is DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER */
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", 4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &result);
  g_assert_cmpuint (result, ==, 1);

  notified = g_ptr_array_new_with_free_func ((GDestroyNotify) notified_free);
}

/* A person clicks the notification. */
static void
click (Notified *notification)
{
  g_autoptr (GError) error = NULL;

  g_dbus_connection_emit_signal (bus, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", notification->id, "default"), &error);
  g_assert_no_error (error);
}

typedef struct
{
  guint n;
} Count;

static gboolean
notified_at_least (gpointer data)
{
  return notified->len >= ((Count *) data)->n;
}

/* Waits for the notification after the first @n_before, and returns it. */
static Notified *
wait_for_notification (guint n_before)
{
  Count count = { n_before + 1 };

  g_assert_true (cf_test_ui_wait_for (notified_at_least, &count));
  return notified->pdata[n_before];
}

/* Lets the application hear the server's answers to all it sent so far:
 * the bus answers in order.
 */
static void
flush_bus (void)
{
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetId", NULL, NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  cf_test_ui_settle ();
}

static gboolean
closed_at_least (gpointer data)
{
  return n_closed >= ((Count *) data)->n;
}

/* The floor -------------------------------------------------------------- */

static char *
user_id (Fixture    *fixture,
         const char *login)
{
  return cf_test_query_text (fixture->store, "SELECT id FROM app_user WHERE login = ?", login);
}

static void
apply (Fixture    *fixture,
       const char *author,
       GPtrArray  *ops,
       GError     *error)
{
  g_autoptr (GPtrArray) owned = ops;
  g_autoptr (GError) owned_error = error;

  g_assert_no_error (owned_error);
  g_assert_true (cf_store_apply (fixture->store, author, (CfOp * const *) ops->pdata, ops->len,
                                 &owned_error));
  g_assert_no_error (owned_error);
}

/* Raised by @author at @now with @due_times (the policy's when NULL). */
static char *
raise_at (Fixture                    *fixture,
          const char                 *author,
          const char                 *severity,
          const char                 *summary,
          const CfEscalationDueTimes *due_times,
          GDateTime                  *now)
{
  CfEscalationReport report = {
    "hotline", "customer_complaint", severity, NULL, NULL, summary, NULL,
  };
  GError *error = NULL;
  GPtrArray *ops = cf_escalation_raise (fixture->store, author, &report, due_times, now, &error);
  char *id;

  g_assert_no_error (error);
  id = g_strdup (cf_op_get_record_id (ops->pdata[0]));
  apply (fixture, author, ops, NULL);

  return id;
}

/* The complaints desk raises a case and reports it to the shift lead, as
 * another desktop would; here it arrives through the same store.
 */
static char *
report_to_shift_lead (Fixture    *fixture,
                      const char *summary)
{
  g_autofree char *desk = user_id (fixture, "complaints");
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  char *id = raise_at (fixture, desk, "urgent", summary, NULL, now);
  GError *error = NULL;
  GPtrArray *ops;

  ops = cf_escalation_propose (fixture->store, desk, id, "Send the line crew", &error);
  apply (fixture, desk, ops, error);
  ops = cf_escalation_escalate (fixture->store, desk, id, NULL, &error);
  apply (fixture, desk, ops, error);

  return id;
}

/* How many escalations @login has news of, as the summary counts them. */
static guint
count_waiting (Fixture    *fixture,
               const char *login)
{
  g_autofree char *id = user_id (fixture, login);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GHashTable) escalations = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) alerts = NULL;
  g_autoptr (GError) error = NULL;

  alerts = cf_escalation_list_alerts (fixture->store, id, NULL, now, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < alerts->len; i++)
    {
      CfEscalationAlert *alert = alerts->pdata[i];

      if (!alert->sent && !alert->own_doing)
        g_hash_table_add (escalations, alert->escalation_id);
    }

  return g_hash_table_size (escalations);
}

static gboolean
signed_in (gpointer data)
{
  Fixture *fixture = data;

  return cf_window_get_visible_view (fixture->window) != NULL;
}

static void
sign_in (Fixture    *fixture,
         const char *login)
{
  cf_test_ui_sign_in (fixture, login, CF_DEMO_PASSWORD);
  g_assert_true (cf_test_ui_wait_for (signed_in, fixture));
}

typedef struct
{
  Fixture    *fixture;
  const char *id;
} Shown;

static gboolean
escalation_shown (gpointer data)
{
  Shown *shown = data;
  CfEscalationsView *view;
  CfEscalationSummary *selected;

  if (g_strcmp0 (cf_window_get_visible_view (shown->fixture->window), "escalations") != 0)
    return FALSE;
  view = CF_ESCALATIONS_VIEW (cf_window_get_view (shown->fixture->window, "escalations"));
  selected = cf_escalations_view_get_selected (view);

  return selected != NULL && g_str_equal (cf_escalation_summary_get_id (selected), shown->id);
}

/* The shift lead is told of what waits, once; of a case reported up, at
 * once, and the click opens it; of one falling overdue, when it does.
 */
static void
test_notify_and_open (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *lead = user_id (fixture, "lead");
  g_autofree char *summary_title = NULL;
  g_autofree char *reported = NULL;
  g_autofree char *overdue = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GDateTime) almost_due = NULL;
  CfEscalationDueTimes one_minute = { { 60, 60, 1 } };
  Notified *notification;
  Count closed = { 1 };
  Shown shown = { fixture, NULL };
  guint waiting, n_before;

  if (bus == NULL)
    {
      g_test_skip ("dbus-daemon is not installed");
      return;
    }
  g_ptr_array_set_size (notified, 0);

  /* More than a few waiting make one summary. */
  for (guint i = 0; i < 4; i++)
    g_free (report_to_shift_lead (fixture, "Street cabinet flooded"));
  waiting = count_waiting (fixture, "lead");
  g_assert_cmpuint (waiting, >, 3);
  cf_test_ui_open_window (fixture);
  sign_in (fixture, "lead");
  notification = wait_for_notification (0);
  summary_title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u escalation needs you",
                                                "%u escalations need you", waiting),
                                   waiting);
  g_assert_cmpstr (notification->title, ==, summary_title);
  g_assert_cmpuint (count_waiting (fixture, "lead"), ==, 0);

  /* Signing out takes the notifications away; signing in again tells
   * nothing twice.
   */
  flush_bus ();
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "window.sign-out", NULL);
  g_assert_true (cf_test_ui_wait_for (closed_at_least, &closed));
  sign_in (fixture, "lead");
  n_before = notified->len;

  /* A case reported up to the shift lead, and the click on it. */
  reported = report_to_shift_lead (fixture, "Storm took down the Birch Street line");
  notification = wait_for_notification (n_before);
  g_assert_cmpuint (notified->len, ==, n_before + 1);
  g_assert_cmpstr (notification->title, ==, _("An escalation waits for your level"));
  g_assert_nonnull (strstr (notification->body, "Storm took down the Birch Street line"));
  cf_test_ui_show_view (fixture, "roster");
  flush_bus ();
  click (notification);
  shown.id = reported;
  g_assert_true (cf_test_ui_wait_for (escalation_shown, &shown));

  /* The shift lead's own case, due in two seconds, is told when overdue. */
  now = g_date_time_new_now_utc ();
  almost_due = g_date_time_add_seconds (now, -58);
  overdue = raise_at (fixture, lead, "critical", "Caller reports a gas smell", &one_minute,
                      almost_due);
  notification = wait_for_notification (n_before + 1);
  g_assert_cmpstr (notification->title, ==, _("An escalation is overdue"));
  g_assert_nonnull (strstr (notification->body, "Caller reports a gas smell"));
}

static gboolean
sent_table_has (gpointer data)
{
  Fixture *fixture = data;

  return cf_store_count (fixture->store, "SELECT COUNT(*) FROM sqlite_master "
                                         "WHERE name = 'escalation_alert_sent'") > 0;
}

/* With the setting off nothing is sent or recorded; switched on, what
 * waits is told.
 */
static void
test_setting_off (Fixture       *fixture,
                  gconstpointer  data)
{
  GSettings *settings = cf_context_get_settings (fixture->context);
  g_autofree char *reported = NULL;
  Notified *notification;

  if (bus == NULL)
    {
      g_test_skip ("dbus-daemon is not installed");
      return;
    }
  g_ptr_array_set_size (notified, 0);

  g_settings_set_boolean (settings, "escalation-notifications", FALSE);
  cf_test_ui_open_window (fixture);
  sign_in (fixture, "lead");
  reported = report_to_shift_lead (fixture, "Exchange alarm ringing");
  cf_test_ui_settle ();
  g_assert_false (sent_table_has (fixture));
  g_assert_cmpuint (notified->len, ==, 0);

  g_settings_set_boolean (settings, "escalation-notifications", TRUE);
  notification = wait_for_notification (0);
  g_assert_true (sent_table_has (fixture));
  g_assert_nonnull (notification->title);
}

/* Handover sheets --------------------------------------------------------- */

static guint
count_titled (const char *title)
{
  guint n = 0;

  for (guint i = 0; i < notified->len; i++)
    n += g_strcmp0 (((Notified *) notified->pdata[i])->title, title) == 0 ? 1 : 0;

  return n;
}

static gboolean
sheet_notified (gpointer data)
{
  return count_titled (_("Handover sheet not countersigned")) > 0;
}

/* The notification titled @title that says @text. */
static Notified *
find_notification (const char *title,
                   const char *text)
{
  for (guint i = 0; i < notified->len; i++)
    {
      Notified *notification = notified->pdata[i];

      if (g_strcmp0 (notification->title, title) == 0 && strstr (notification->body, text) != NULL)
        return notification;
    }

  return NULL;
}

/* How many handover sheets @login has news of (those of the demo too). */
static guint
count_sheets_waiting (Fixture    *fixture,
                      const char *login)
{
  g_autofree char *id = user_id (fixture, login);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GPtrArray) alerts = NULL;
  g_autoptr (GError) error = NULL;
  guint n = 0;

  alerts = cf_handover_list_alerts (fixture->store, id, now, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < alerts->len; i++)
    n += ((CfHandoverAlert *) alerts->pdata[i])->sent ? 0 : 1;

  return n;
}

static gboolean
sheet_shown (gpointer data)
{
  Shown *shown = data;
  CfHandoverView *view;

  if (g_strcmp0 (cf_window_get_visible_view (shown->fixture->window), "handover") != 0)
    return FALSE;
  view = CF_HANDOVER_VIEW (cf_window_get_view (shown->fixture->window, "handover"));

  return g_strcmp0 (cf_handover_view_get_selected (view), shown->id) == 0;
}

/* Yesterday's early shift handed over to the late shift, signed by
 * nobody yet, with no incoming lead named: long past its time.
 */
static char *
create_late_sheet (Fixture *fixture)
{
  static const char content[] =
    "{\"business\":[],\"equipment\":[{\"note\":null,\"source\":null,"
    "\"text\":\"Wallboard 2 flickers\"}],\"instructions\":[],\"other\":[],"
    "\"staffing\":[],\"unfinished\":[]}";
  g_autofree char *lead = user_id (fixture, "lead");
  /* By their hours: the codes are translated. */
  g_autofree char *early = cf_test_query_text (fixture->store, "SELECT id FROM shift_type "
                                               "WHERE start_minute = 7 * 60 LIMIT 1", NULL);
  g_autofree char *late = cf_test_query_text (fixture->store, "SELECT id FROM shift_type "
                                              "WHERE start_minute = 15 * 60 LIMIT 1", NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autofree char *date = g_date_time_format (yesterday, "%Y-%m-%d");
  GPtrArray *ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  CfOp *op = cf_handover_new_sheet (date, early, late, lead, NULL, content);
  char *id = g_strdup (cf_op_get_record_id (op));

  g_ptr_array_add (ops, op);
  apply (fixture, lead, ops, NULL);

  return id;
}

/* The deputy hears of the sheet once, with the shifts and that nobody is
 * named to countersign; not again after signing in anew; the click shows
 * the Handover view. A shift lead is not told.
 */
static void
test_handover_sheet (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *title = _("Handover sheet not countersigned");
  g_autofree char *sheet_id = NULL;
  Notified *notification;
  Count closed = { 1 };
  Shown shown = { fixture, NULL };
  guint waiting;

  if (bus == NULL)
    {
      g_test_skip ("dbus-daemon is not installed");
      return;
    }
  g_ptr_array_set_size (notified, 0);

  sheet_id = create_late_sheet (fixture);
  g_assert_cmpuint (count_sheets_waiting (fixture, "lead"), ==, 0);
  waiting = count_sheets_waiting (fixture, "deputy");
  g_assert_cmpuint (waiting, >=, 1);
  g_assert_cmpuint (waiting, <=, 3);
  cf_test_ui_open_window (fixture);
  sign_in (fixture, "lead");
  flush_bus ();
  g_assert_cmpuint (count_titled (title), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "window.sign-out", NULL);
  cf_test_ui_settle ();

  /* Each sheet in a notification of its own, when they are few. */
  sign_in (fixture, "deputy");
  g_assert_true (cf_test_ui_wait_for (sheet_notified, NULL));
  flush_bus ();
  g_assert_cmpuint (count_titled (title), ==, waiting);
  g_assert_cmpuint (count_sheets_waiting (fixture, "deputy"), ==, 0);
  notification = find_notification (title, _("No incoming lead is named yet."));
  g_assert_nonnull (notification);
  g_assert_nonnull (strstr (notification->body, " → "));

  /* The click shows the sheet in the Handover view. */
  cf_test_ui_show_view (fixture, "roster");
  flush_bus ();
  click (notification);
  shown.id = sheet_id;
  g_assert_true (cf_test_ui_wait_for (sheet_shown, &shown));

  /* Told once. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "window.sign-out", NULL);
  g_assert_true (cf_test_ui_wait_for (closed_at_least, &closed));
  sign_in (fixture, "deputy");
  flush_bus ();
  g_assert_cmpuint (count_titled (title), ==, waiting);
}

/* Preferences ------------------------------------------------------------ */

static CfPreferencesWindow *
open_preferences (Fixture *fixture)
{
  CfPreferencesWindow *preferences = cf_preferences_window_new (fixture->context);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (fixture->window));
  gtk_window_set_default_size (GTK_WINDOW (preferences), 640, 900);
  gtk_window_present (GTK_WINDOW (preferences));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences),
                                                "escalations-page");
  cf_test_ui_settle ();

  return preferences;
}

static GtkWidget *
find (CfPreferencesWindow *preferences,
      const char          *name)
{
  GtkWidget *widget = cf_test_ui_find_named (GTK_WIDGET (preferences), name);

  g_assert_nonnull (widget);
  return widget;
}

static void
set_spin (CfPreferencesWindow *preferences,
          const char          *name,
          double               value)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find (preferences, name)), value);
}

/* Scrolls the page holding @widget to its end. */
static void
scroll_to_end (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  cf_test_ui_settle ();
}

static CfEscalationPolicy
stored_policy (Fixture *fixture)
{
  CfEscalationPolicy policy;
  g_autoptr (GError) error = NULL;

  g_assert_true (cf_escalation_policy_load (fixture->store, &policy, &error));
  g_assert_no_error (error);
  return policy;
}

static const char *
label_shown (CfPreferencesWindow *preferences,
             const char          *name)
{
  GtkWidget *label = find (preferences, name);

  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

/* The supervisor switches the deputy off and gives urgent cases two and a
 * half hours; a due time out of range is refused in words and kept on
 * screen; an SMS gateway address that is not http or lacks {message} is
 * not stored.
 */
static void
test_preferences_supervisor (Fixture       *fixture,
                             gconstpointer  data)
{
  GSettings *settings = cf_context_get_settings (fixture->context);
  CfPreferencesWindow *preferences;
  CfEscalationPolicy policy;
  g_autofree char *url = NULL;
  const char *error_text;

  cf_test_ui_open_window (fixture);
  sign_in (fixture, CF_DEMO_SUPERVISOR_LOGIN);
  preferences = open_preferences (fixture);
  g_assert_false (gtk_widget_get_mapped (find (preferences, "policy-note-label")));
  g_assert_true (gtk_widget_is_sensitive (find (preferences, "level-switch-deputy")));
  g_assert_false (gtk_widget_is_sensitive (find (preferences, "policy-apply-button")));

  gtk_switch_set_active (GTK_SWITCH (find (preferences, "level-switch-deputy")), FALSE);
  set_spin (preferences, "due-hours-urgent", 2);
  set_spin (preferences, "due-minutes-urgent", 30);
  set_spin (preferences, "countersign-hours", 1);
  set_spin (preferences, "countersign-minutes", 15);
  g_assert_true (gtk_widget_is_sensitive (find (preferences, "policy-apply-button")));
  cf_test_ui_save_screenshot (GTK_WIDGET (preferences),
                              cf_test_ui_locale_is_chinese ()
                                ? "preferences-escalations-zh_CN.png"
                                : "preferences-escalations-en.png");
  cf_test_ui_click (GTK_WIDGET (preferences), "policy-apply-button");
  policy = stored_policy (fixture);
  g_assert_false (cf_escalation_policy_uses_level (&policy, CF_ESCALATION_LEVEL_DEPUTY));
  g_assert_true (cf_escalation_policy_uses_level (&policy, CF_ESCALATION_LEVEL_SHIFT_LEAD));
  g_assert_cmpuint (policy.due_times.minutes[CF_ESCALATION_SEVERITY_URGENT], ==, 150);
  g_assert_cmpuint (policy.due_times.minutes[CF_ESCALATION_SEVERITY_CRITICAL], ==, 60);
  g_assert_cmpuint (policy.countersign_minutes, ==, 75);
  g_assert_false (gtk_widget_is_sensitive (find (preferences, "policy-apply-button")));
  scroll_to_end (find (preferences, "countersign-hours"));
  cf_test_ui_save_screenshot (gtk_widget_get_ancestor (find (preferences, "countersign-hours"),
                                                       ADW_TYPE_PREFERENCES_GROUP),
                              cf_test_ui_locale_is_chinese ()
                                ? "preferences-handover-zh_CN.png"
                                : "preferences-handover-en.png");

  /* Two minutes is too short: said why, kept on screen, nothing stored. */
  set_spin (preferences, "due-hours-critical", 0);
  set_spin (preferences, "due-minutes-critical", 2);
  cf_test_ui_click (GTK_WIDGET (preferences), "policy-apply-button");
  error_text = label_shown (preferences, "policy-error-label");
  g_assert_nonnull (error_text);
  g_assert_cmpstr (error_text, !=, "");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (find (preferences,
                                                                            "due-minutes-critical"))),
                   ==, 2);
  policy = stored_policy (fixture);
  g_assert_cmpuint (policy.due_times.minutes[CF_ESCALATION_SEVERITY_CRITICAL], ==, 60);

  /* The notifications switch is the setting. */
  gtk_switch_set_active (GTK_SWITCH (find (preferences, "notifications-switch")), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "escalation-notifications"));
  gtk_switch_set_active (GTK_SWITCH (find (preferences, "notifications-switch")), TRUE);
  gtk_switch_set_active (GTK_SWITCH (find (preferences, "handover-notifications-switch")), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "handover-notifications"));
  gtk_switch_set_active (GTK_SWITCH (find (preferences, "handover-notifications-switch")), TRUE);

  /* The SMS gateway. */
  cf_test_ui_type_into (GTK_WIDGET (preferences), "sms-row",
                        "ftp://sms.example.com/send?to={phone}&text={message}");
  g_signal_emit_by_name (find (preferences, "sms-row"), "apply");
  g_assert_nonnull (label_shown (preferences, "sms-error-label"));
  cf_test_ui_type_into (GTK_WIDGET (preferences), "sms-row",
                        "https://sms.example.com/send?to={phone}");
  g_assert_null (label_shown (preferences, "sms-error-label"));
  g_signal_emit_by_name (find (preferences, "sms-row"), "apply");
  g_assert_nonnull (label_shown (preferences, "sms-error-label"));
  url = g_settings_get_string (settings, "sms-gateway-url");
  g_assert_cmpstr (url, ==, "");
  scroll_to_end (find (preferences, "sms-row"));
  cf_test_ui_save_screenshot (gtk_widget_get_ancestor (find (preferences, "sms-row"),
                                                       ADW_TYPE_PREFERENCES_GROUP),
                              cf_test_ui_locale_is_chinese ()
                                ? "preferences-sms-error-zh_CN.png"
                                : "preferences-sms-error-en.png");
  cf_test_ui_type_into (GTK_WIDGET (preferences), "sms-row",
                        "https://sms.example.com/send?to={phone}&text={message}");
  g_signal_emit_by_name (find (preferences, "sms-row"), "apply");
  g_clear_pointer (&url, g_free);
  url = g_settings_get_string (settings, "sms-gateway-url");
  g_assert_cmpstr (url, ==, "https://sms.example.com/send?to={phone}&text={message}");
  g_assert_null (label_shown (preferences, "sms-error-label"));

  g_settings_reset (settings, "sms-gateway-url");
  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* A shift lead sees the policy as it stands and cannot change it. */
static void
test_preferences_read_only (Fixture       *fixture,
                            gconstpointer  data)
{
  CfPreferencesWindow *preferences;
  GtkSpinButton *countersign;

  cf_test_ui_open_window (fixture);
  sign_in (fixture, "lead");
  preferences = open_preferences (fixture);

  g_assert_true (gtk_widget_get_mapped (find (preferences, "policy-note-label")));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (find (preferences, "level-switch-deputy"))));
  g_assert_false (gtk_widget_is_sensitive (find (preferences, "level-switch-deputy")));
  g_assert_false (gtk_widget_is_sensitive (find (preferences, "due-hours-urgent")));
  g_assert_false (gtk_widget_is_sensitive (find (preferences, "countersign-minutes")));
  countersign = GTK_SPIN_BUTTON (find (preferences, "countersign-minutes"));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (countersign), ==, 30);
  g_assert_false (gtk_widget_get_mapped (find (preferences, "policy-apply-button")));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (find (preferences,
                                                                            "due-hours-urgent"))),
                   ==, 4);
  cf_test_ui_save_screenshot (GTK_WIDGET (preferences),
                              cf_test_ui_locale_is_chinese ()
                                ? "preferences-escalations-read-only-zh_CN.png"
                                : "preferences-escalations-read-only-en.png");
  gtk_window_destroy (GTK_WINDOW (preferences));
}

int
main (int   argc,
      char *argv[])
{
  CfApplication *application;
  int result;

  serve_notifications ();
  application = cf_test_ui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (TRUE), cf_test_ui_fixture_set_up, func, \
              cf_test_ui_fixture_tear_down)

  ADD ("/ui/escalation-alerts/notify-and-open", test_notify_and_open);
  ADD ("/ui/escalation-alerts/setting-off", test_setting_off);
  ADD ("/ui/escalation-alerts/handover-sheet", test_handover_sheet);
  ADD ("/ui/escalation-alerts/preferences-supervisor", test_preferences_supervisor);
  ADD ("/ui/escalation-alerts/preferences-read-only", test_preferences_read_only);

  result = g_test_run ();
  g_object_unref (application);
  g_clear_pointer (&notified, g_ptr_array_unref);
  g_clear_object (&bus);
  /* Stopped, not taken down: GTK may hold the session bus until the end. */
  if (test_bus != NULL)
    g_test_dbus_stop (test_bus);

  return result;
}
