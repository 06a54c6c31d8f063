/* cf-escalation-notifier.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-escalation-notifier"

#include "config.h"

#include "cf-escalation-notifier.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-escalation-alert.h"
#include "cf-handover-alert.h"
#include "cf-registry.h"
#include "cf-session.h"
#include "cf-store.h"

/* Desktop notifications about the escalations, for whoever is signed in
 * (cf-escalation-alert.c says what they are told and keeps what was told).
 *
 * The notifier looks again after each change to the escalations, made
 * here or arriving by sync, at only the escalations the change touched;
 * and when the next one the user can act on falls due, with a one-shot
 * timeout set for that moment. Each notification has a stable id made of
 * its reason and escalation, so a later one replaces it; one that no
 * longer holds (someone else took the case, it was resolved) is
 * withdrawn. When many arrive at once — at sign-in, or a first sync — one
 * summary stands for them all.
 *
 * Deputies and supervisors also hear of each handover sheet not yet
 * countersigned the escalation policy's time after its incoming shift
 * started (cf-handover-alert.c), under a setting of its own: the sheets
 * are looked at again after each change to a sheet, a shift type or the
 * policy, and when the next one falls due; one that is sealed since is
 * withdrawn.
 *
 * Notifications go to org.freedesktop.Notifications (cf-application.c
 * says why), and only while a server owns that name: without one nothing
 * is sent, nor recorded as told.
 */

/* More escalations than this at once are summed up in one notification. */
#define MAX_SEPARATE 3

/* The timeout counts monotonic time, which stands still while the
 * computer sleeps: look again at least this often.
 */
#define MAX_WAIT_MS (10 * 60 * 1000)

#define SUMMARY_ID "escalations-waiting"
#define SHEETS_SUMMARY_ID "handover-sheets-waiting"

#define NOTIFICATIONS_NAME "org.freedesktop.Notifications"

struct _CfEscalationNotifier
{
  GObject       parent_instance;

  GApplication *application;
  CfContext    *context;

  char         *user_id;          /* who is told; NULL while stopped */
  gboolean      tell_escalations; /* the settings, while running */
  gboolean      tell_sheets;
  GHashTable   *changed_ids;      /* escalation ids changed since the last look */
  gboolean      escalations_changed;
  gboolean      look_at_all;      /* a change that may touch any of them */
  gboolean      sheets_changed;   /* a change that may touch the handover sheets */
  GHashTable   *shown;            /* notification id → Shown, sent since start */
  GHashTable   *shown_sheets;     /* notification id → sheet id (NULL: the summary) */
  guint         idle_id;
  guint         timeout_id;
  guint         watch_id;         /* of the notification server's name */
  gboolean      has_server;
};

G_DEFINE_FINAL_TYPE (CfEscalationNotifier, cf_escalation_notifier, G_TYPE_OBJECT)

/* A notification on screen and what it says. */
typedef struct
{
  char                    *escalation_id;   /* NULL for the summary */
  CfEscalationAlertReason  reason;
} Shown;

static void
shown_free (Shown *shown)
{
  g_free (shown->escalation_id);
  g_free (shown);
}

static char *
notification_id (const char              *escalation_id,
                 CfEscalationAlertReason  reason)
{
  return g_strdup_printf ("escalation-%s-%s", cf_escalation_alert_reason_to_string (reason),
                          escalation_id);
}

static CfStore *
get_store (CfEscalationNotifier *self)
{
  return cf_context_get_store (self->context);
}

static void
withdraw (CfEscalationNotifier *self,
          const char           *id)
{
  g_application_withdraw_notification (self->application, id);
  g_hash_table_remove (self->shown, id);
  g_hash_table_remove (self->shown_sheets, id);
}

/* Withdraws every notification of @shown, self->shown or shown_sheets. */
static void
withdraw_all (CfEscalationNotifier *self,
              GHashTable           *shown)
{
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, shown);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      g_application_withdraw_notification (self->application, id);
      g_hash_table_iter_remove (&iter);
    }
}

/* Withdraws what no longer holds among what was looked at: the
 * escalations in @ids (all when %NULL), and every report-after task,
 * which are always listed in full.
 */
static void
withdraw_stale (CfEscalationNotifier *self,
                GPtrArray            *alerts,
                const char * const   *ids)
{
  g_autoptr (GHashTable) holding = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < alerts->len; i++)
    {
      CfEscalationAlert *alert = alerts->pdata[i];

      g_hash_table_add (holding, notification_id (alert->escalation_id, alert->reason));
    }

  g_hash_table_iter_init (&iter, self->shown);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Shown *shown = value;

      if (shown->escalation_id == NULL || g_hash_table_contains (holding, key))
        continue;
      if (ids == NULL || shown->reason == CF_ESCALATION_ALERT_REPORT_AFTER ||
          g_strv_contains (ids, shown->escalation_id))
        g_ptr_array_add (stale, g_strdup (key));
    }

  for (guint i = 0; i < stale->len; i++)
    withdraw (self, stale->pdata[i]);
}

static void
send (CfEscalationNotifier    *self,
      const char              *id,
      GNotification           *notification,
      const char              *escalation_id,
      CfEscalationAlertReason  reason)
{
  Shown *shown = g_new0 (Shown, 1);

  shown->escalation_id = g_strdup (escalation_id);
  shown->reason = reason;
  g_hash_table_replace (self->shown, g_strdup (id), shown);
  g_debug ("Sending the notification %s", id);
  g_application_send_notification (self->application, id, notification);
}

static const char *
title_for (CfEscalationAlertReason reason)
{
  switch (reason)
    {
    case CF_ESCALATION_ALERT_LEVEL:
      return _("An escalation waits for your level");
    case CF_ESCALATION_ALERT_ASSIGNED:
      return _("An escalation was assigned to you");
    case CF_ESCALATION_ALERT_OVERDUE:
      return _("An escalation is overdue");
    case CF_ESCALATION_ALERT_REPORT_AFTER:
      return _("Your level was skipped in an emergency");
    case CF_N_ESCALATION_ALERT_REASONS:
    default:
      g_assert_not_reached ();
    }
}

/* One escalation, under its most pressing reason. Customer data is never
 * shown: a notification may appear on a locked screen.
 */
static void
tell_one (CfEscalationNotifier *self,
          CfEscalationAlert    *alert)
{
  const CfField *severity = cf_kind_lookup_field (cf_registry_lookup ("escalation"), "severity");
  g_autoptr (GNotification) notification = g_notification_new (title_for (alert->reason));
  g_autofree char *id = notification_id (alert->escalation_id, alert->reason);
  g_autofree char *body = NULL;
  GHashTableIter iter;
  gpointer key, value;

  /* translators: an escalation's severity and summary, e.g. “Urgent · Line dead” */
  body = g_strdup_printf (_("%s · %s"), cf_field_get_value_label (severity, alert->severity),
                          alert->summary);
  if (alert->reason == CF_ESCALATION_ALERT_REPORT_AFTER)
    {
      g_autofree char *with_task = g_strconcat (body, "\n",
                                                _("Acknowledge in the Escalations view that "
                                                  "your level has been told."), NULL);

      g_free (body);
      body = g_steal_pointer (&with_task);
    }
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification,
                               alert->reason == CF_ESCALATION_ALERT_OVERDUE ||
                               g_strcmp0 (alert->severity, "critical") == 0
                                 ? G_NOTIFICATION_PRIORITY_HIGH : G_NOTIFICATION_PRIORITY_NORMAL);
  g_notification_set_default_action_and_target (notification, "app.show-escalation", "s",
                                                alert->escalation_id);

  /* What this escalation said before is replaced by what it says now. */
  g_hash_table_iter_init (&iter, self->shown);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Shown *shown = value;

      if (g_strcmp0 (shown->escalation_id, alert->escalation_id) == 0 && !g_str_equal (key, id))
        {
          g_application_withdraw_notification (self->application, key);
          g_hash_table_iter_remove (&iter);
        }
    }

  send (self, id, notification, alert->escalation_id, alert->reason);
}

static void
tell_summary (CfEscalationNotifier *self,
              GPtrArray            *firsts)
{
  guint counts[CF_N_ESCALATION_ALERT_REASONS] = { 0 };
  g_autoptr (GNotification) notification = NULL;
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  guint n;

  for (guint i = 0; i < firsts->len; i++)
    counts[((CfEscalationAlert *) firsts->pdata[i])->reason]++;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u escalation needs you",
                                        "%u escalations need you", firsts->len),
                           firsts->len);
  if ((n = counts[CF_ESCALATION_ALERT_LEVEL]) > 0)
    g_ptr_array_add (lines, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "%u waits for your level",
                                                              "%u wait for your level", n), n));
  if ((n = counts[CF_ESCALATION_ALERT_ASSIGNED]) > 0)
    g_ptr_array_add (lines, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "%u is assigned to you",
                                                              "%u are assigned to you", n), n));
  if ((n = counts[CF_ESCALATION_ALERT_OVERDUE]) > 0)
    g_ptr_array_add (lines, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "%u is overdue",
                                                              "%u are overdue", n), n));
  if ((n = counts[CF_ESCALATION_ALERT_REPORT_AFTER]) > 0)
    g_ptr_array_add (lines, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "%u skipped your level in an "
                                                              "emergency",
                                                              "%u skipped your level in an "
                                                              "emergency", n), n));
  g_ptr_array_add (lines, NULL);
  text = g_strjoinv ("\n", (char **) lines->pdata);

  notification = g_notification_new (title);
  g_notification_set_body (notification, text);
  g_notification_set_default_action_and_target (notification, "app.show-escalation", "s", "");
  send (self, SUMMARY_ID, notification, NULL, CF_ESCALATION_ALERT_LEVEL);
}

/* Tells what is news in @alerts: each escalation once, by its most
 * pressing reason, or all of them in one summary when they are many.
 */
static void
tell (CfEscalationNotifier *self,
      GPtrArray            *alerts)
{
  g_autoptr (GHashTable) by_escalation = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) firsts = g_ptr_array_new ();

  for (guint i = 0; i < alerts->len; i++)
    {
      CfEscalationAlert *alert = alerts->pdata[i];
      CfEscalationAlert **first;
      gpointer index;

      if (alert->sent || alert->own_doing)
        continue;
      if (!g_hash_table_lookup_extended (by_escalation, alert->escalation_id, NULL, &index))
        {
          g_hash_table_insert (by_escalation, alert->escalation_id,
                               GUINT_TO_POINTER (firsts->len));
          g_ptr_array_add (firsts, alert);
          continue;
        }
      first = (CfEscalationAlert **) &firsts->pdata[GPOINTER_TO_UINT (index)];
      if (alert->reason > (*first)->reason)
        *first = alert;
    }

  if (firsts->len > MAX_SEPARATE)
    {
      tell_summary (self, firsts);
      return;
    }
  for (guint i = 0; i < firsts->len; i++)
    tell_one (self, firsts->pdata[i]);
}

/* Handover sheets ---------------------------------------------------------- */

static char *
sheet_notification_id (const char *sheet_id)
{
  return g_strconcat ("handover-countersign-", sheet_id, NULL);
}

/* A sheet's date as people read it, with its weekday. */
static char *
format_sheet_date (const char *shift_date)
{
  g_autoptr (GDateTime) day = NULL;
  GDate date;

  if (!cf_date_parse (shift_date, &date))
    return g_strdup (shift_date);
  /* Noon: every day has one, whatever the time zone's changes. */
  day = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                               g_date_get_day (&date), 12, 0, 0);
  if (day == NULL)
    return g_strdup (shift_date);
  /* translators: a date for g_date_time_format (), e.g. “2027-10-01, Friday” */
  return g_date_time_format (day, _("%Y-%m-%d, %A"));
}

static void
send_sheet (CfEscalationNotifier *self,
            const char           *id,
            GNotification        *notification,
            const char           *sheet_id)
{
  g_hash_table_replace (self->shown_sheets, g_strdup (id), g_strdup (sheet_id));
  g_debug ("Sending the notification %s", id);
  g_application_send_notification (self->application, id, notification);
}

/* One sheet: its date, its shifts and who is to countersign it. */
static void
tell_sheet (CfEscalationNotifier *self,
            CfHandoverAlert      *alert)
{
  g_autoptr (GNotification) notification =
    g_notification_new (_("Handover sheet not countersigned"));
  g_autofree char *id = sheet_notification_id (alert->sheet_id);
  g_autofree char *date = format_sheet_date (alert->shift_date);
  g_autofree char *shifts = NULL;
  g_autofree char *lead = NULL;
  g_autofree char *body = NULL;

  /* translators: a handover sheet’s date and shifts, e.g. “2026-11-20, Friday · Early → Late” */
  shifts = g_strdup_printf (_("%s · %s → %s"), date, alert->outgoing_shift, alert->incoming_shift);
  if (alert->incoming_lead != NULL)
    {
      /* translators: %s is the name of the shift lead who is to countersign the handover sheet */
      lead = g_strdup_printf (_("Incoming lead: %s"), alert->incoming_lead);
    }
  else
    {
      lead = g_strdup (_("No incoming lead is named yet."));
    }
  body = g_strconcat (shifts, "\n", lead, NULL);

  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.show-handover-sheet", "s",
                                                alert->sheet_id);
  send_sheet (self, id, notification, alert->sheet_id);
}

static void
tell_sheets_summary (CfEscalationNotifier *self,
                     guint                 n_sheets)
{
  g_autoptr (GNotification) notification = NULL;
  g_autofree char *title = NULL;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u handover sheet not countersigned",
                                        "%u handover sheets not countersigned", n_sheets),
                           n_sheets);
  notification = g_notification_new (title);
  g_notification_set_body (notification,
                           _("Their time for the countersignature has passed. The Handover "
                             "view lists them."));
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.show-handover-sheet", "s", "");
  send_sheet (self, SHEETS_SUMMARY_ID, notification, NULL);
}

/* Withdraws what was said of sheets no longer waiting (sealed, deleted or
 * given more time since), and the summary once none is.
 */
static void
withdraw_settled (CfEscalationNotifier *self,
                 GPtrArray            *alerts)
{
  g_autoptr (GHashTable) waiting = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < alerts->len; i++)
    g_hash_table_add (waiting, ((CfHandoverAlert *) alerts->pdata[i])->sheet_id);

  g_hash_table_iter_init (&iter, self->shown_sheets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (value != NULL ? !g_hash_table_contains (waiting, value) : alerts->len == 0)
        g_ptr_array_add (stale, g_strdup (key));
    }

  for (guint i = 0; i < stale->len; i++)
    withdraw (self, stale->pdata[i]);
}

static void
look_at_sheets (CfEscalationNotifier *self,
                GDateTime            *now)
{
  CfStore *store = get_store (self);
  g_autoptr (GPtrArray) alerts = NULL;
  g_autoptr (GPtrArray) news = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;

  if (!self->tell_sheets)
    return;

  alerts = cf_handover_list_alerts (store, self->user_id, now, &error);
  if (alerts == NULL)
    {
      g_warning ("Cannot find the handover sheets to notify: %s", error->message);
      return;
    }

  withdraw_settled (self, alerts);
  for (guint i = 0; i < alerts->len; i++)
    {
      if (!((CfHandoverAlert *) alerts->pdata[i])->sent)
        g_ptr_array_add (news, alerts->pdata[i]);
    }
  if (news->len > MAX_SEPARATE)
    {
      tell_sheets_summary (self, news->len);
    }
  else
    {
      for (guint i = 0; i < news->len; i++)
        tell_sheet (self, news->pdata[i]);
    }

  if (!cf_handover_mark_alerts_sent (store, self->user_id, alerts, now, &error))
    g_warning ("Cannot record the handover notifications sent: %s", error->message);
}

/* Looking and waking ------------------------------------------------------- */

static gboolean look_again_cb (gpointer user_data);

/* The earlier of @next and the time @due, parsed; @due is freed. */
static GDateTime *
earlier (GDateTime *next,
         char      *due)
{
  g_autofree char *owned = due;
  GDateTime *time = owned != NULL ? g_date_time_new_from_iso8601 (owned, NULL) : NULL;

  if (time == NULL)
    return next;
  if (next == NULL || g_date_time_compare (time, next) < 0)
    {
      g_clear_pointer (&next, g_date_time_unref);
      return time;
    }

  g_date_time_unref (time);
  return next;
}

/* Wakes up when the next escalation the user can act on falls due, or
 * the next handover sheet waits too long for its countersignature.
 */
static void
schedule_next_due (CfEscalationNotifier *self,
                   GDateTime            *now)
{
  CfStore *store = get_store (self);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) due = NULL;
  gint64 wait_ms;

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  if (self->tell_escalations)
    due = earlier (due, cf_escalation_next_alert_due (store, self->user_id, now, &error));
  if (error != NULL)
    g_warning ("Cannot find the next escalation due: %s", error->message);
  g_clear_error (&error);
  if (self->tell_sheets)
    due = earlier (due, cf_handover_next_alert_due (store, self->user_id, now, &error));
  if (error != NULL)
    g_warning ("Cannot find the next handover sheet due: %s", error->message);
  if (due == NULL)
    return;

  /* A second late, so that it is overdue by then. */
  wait_ms = g_date_time_difference (due, now) / 1000 + 1000;
  wait_ms = CLAMP (wait_ms, 0, MAX_WAIT_MS);
  self->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) wait_ms,
                                         look_again_cb, self, NULL);
}

/* Looks at @ids (every escalation the user can act on when %NULL). */
static void
look_at_escalations (CfEscalationNotifier *self,
                     const char * const   *ids,
                     GDateTime            *now)
{
  CfStore *store = get_store (self);
  g_autoptr (GPtrArray) alerts = NULL;
  g_autoptr (GError) error = NULL;

  if (!self->tell_escalations)
    return;

  if (!cf_escalation_forget_settled_alerts (store, self->user_id, ids, &error) ||
      (alerts = cf_escalation_list_alerts (store, self->user_id, ids, now, &error)) == NULL)
    {
      g_warning ("Cannot find the escalations to notify: %s", error->message);
      return;
    }

  g_debug ("%u alerts hold for %s", alerts->len, self->user_id);
  withdraw_stale (self, alerts, ids);
  tell (self, alerts);
  if (!cf_escalation_mark_alerts_sent (store, self->user_id, alerts, now, &error))
    g_warning ("Cannot record the escalation notifications sent: %s", error->message);
}

/* Looks at everything the user may be told of. */
static void
look (CfEscalationNotifier *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  look_at_escalations (self, NULL, now);
  look_at_sheets (self, now);
  schedule_next_due (self, now);
}

static gboolean
look_again_cb (gpointer user_data)
{
  CfEscalationNotifier *self = user_data;

  self->timeout_id = 0;
  look (self);

  return G_SOURCE_REMOVE;
}

static gboolean
look_at_changes_cb (gpointer user_data)
{
  CfEscalationNotifier *self = user_data;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree const char **ids = NULL;

  self->idle_id = 0;
  if (self->look_at_all)
    {
      look_at_escalations (self, NULL, now);
    }
  else if (self->escalations_changed)
    {
      ids = (const char **) g_hash_table_get_keys_as_array (self->changed_ids, NULL);
      look_at_escalations (self, ids, now);
    }
  if (self->sheets_changed)
    look_at_sheets (self, now);
  schedule_next_due (self, now);

  self->look_at_all = FALSE;
  self->escalations_changed = FALSE;
  self->sheets_changed = FALSE;
  g_hash_table_remove_all (self->changed_ids);

  return G_SOURCE_REMOVE;
}

/* Collects the changes of one sync or one step and looks at them once the
 * window has been redrawn.
 */
static void
on_store_changed_cb (CfEscalationNotifier *self,
                     const char           *kind,
                     const char * const   *ids,
                     CfStore              *store)
{
  if (self->user_id == NULL)
    return;

  if (g_str_equal (kind, "escalation"))
    {
      for (guint i = 0; ids[i] != NULL; i++)
        g_hash_table_add (self->changed_ids, g_strdup (ids[i]));
      self->escalations_changed = TRUE;
    }
  else if (g_str_equal (kind, "escalation_policy") ||
           (g_str_equal (kind, "user") && g_strv_contains (ids, self->user_id)))
    {
      /* The levels in use, the countersignature's time, or the user's
       * role: what is theirs changes.
       */
      self->look_at_all = TRUE;
      self->sheets_changed = TRUE;
    }
  else if (g_str_equal (kind, "escalation_entry"))
    {
      /* An entry alone may close a report-after task: those are always
       * looked at, whatever the ids.
       */
      self->escalations_changed = TRUE;
    }
  else if (g_str_equal (kind, "handover_sheet") || g_str_equal (kind, "shift_type"))
    {
      /* A sheet signed, made or moved; a shift that starts at another time. */
      self->sheets_changed = TRUE;
    }
  else
    {
      return;
    }

  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_LOW, look_at_changes_cb, self, NULL);
}

static void
stop (CfEscalationNotifier *self)
{
  withdraw_all (self, self->shown);
  withdraw_all (self, self->shown_sheets);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_hash_table_remove_all (self->changed_ids);
  self->look_at_all = FALSE;
  self->escalations_changed = FALSE;
  self->sheets_changed = FALSE;
  self->tell_escalations = FALSE;
  self->tell_sheets = FALSE;
  g_clear_pointer (&self->user_id, g_free);
}

static gboolean
setting_on (GSettings  *settings,
            const char *key)
{
  return settings == NULL || g_settings_get_boolean (settings, key);
}

/* Runs while someone is signed in and wants to be told, of the
 * escalations, the handover sheets or both; switching one setting off
 * withdraws only what it told.
 */
static void
update_running (CfEscalationNotifier *self)
{
  CfSession *session = cf_context_get_session (self->context);
  GSettings *settings = cf_context_get_settings (self->context);
  gboolean escalations = setting_on (settings, "escalation-notifications");
  gboolean sheets = setting_on (settings, "handover-notifications");
  gboolean wanted = self->has_server && cf_session_is_signed_in (session) &&
                    (escalations || sheets);
  gboolean started;

  if (!wanted || g_strcmp0 (self->user_id, cf_session_get_user_id (session)) != 0)
    stop (self);
  if (!wanted)
    return;

  if (self->tell_escalations && !escalations)
    withdraw_all (self, self->shown);
  if (self->tell_sheets && !sheets)
    withdraw_all (self, self->shown_sheets);
  started = (escalations && !self->tell_escalations) || (sheets && !self->tell_sheets);
  self->tell_escalations = escalations;
  self->tell_sheets = sheets;
  if (self->user_id == NULL)
    self->user_id = g_strdup (cf_session_get_user_id (session));

  if (started)
    look (self);
}

static void
on_server_appeared_cb (GDBusConnection *connection,
                       const char      *name,
                       const char      *owner,
                       gpointer         user_data)
{
  CfEscalationNotifier *self = user_data;

  self->has_server = TRUE;
  update_running (self);
}

static void
on_server_vanished_cb (GDBusConnection *connection,
                       const char      *name,
                       gpointer         user_data)
{
  CfEscalationNotifier *self = user_data;

  self->has_server = FALSE;
  update_running (self);
}

static void
cf_escalation_notifier_dispose (GObject *object)
{
  CfEscalationNotifier *self = CF_ESCALATION_NOTIFIER (object);

  g_clear_handle_id (&self->watch_id, g_bus_unwatch_name);
  if (self->application != NULL)
    stop (self);
  g_clear_object (&self->context);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (cf_escalation_notifier_parent_class)->dispose (object);
}

static void
cf_escalation_notifier_finalize (GObject *object)
{
  CfEscalationNotifier *self = CF_ESCALATION_NOTIFIER (object);

  g_clear_pointer (&self->changed_ids, g_hash_table_unref);
  g_clear_pointer (&self->shown, g_hash_table_unref);
  g_clear_pointer (&self->shown_sheets, g_hash_table_unref);

  G_OBJECT_CLASS (cf_escalation_notifier_parent_class)->finalize (object);
}

static void
cf_escalation_notifier_class_init (CfEscalationNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cf_escalation_notifier_dispose;
  object_class->finalize = cf_escalation_notifier_finalize;
}

static void
cf_escalation_notifier_init (CfEscalationNotifier *self)
{
  self->changed_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) shown_free);
  self->shown_sheets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * cf_escalation_notifier_new:
 * @application: the registered application that sends the notifications;
 *   their default action is its "show-escalation" or
 *   "show-handover-sheet" action
 * @context: whose signed-in user is told, about that store
 *
 * Returns: (transfer full): a notifier that runs while someone is signed
 *   in, the "escalation-notifications" or "handover-notifications" setting
 *   is on and a notification server is there
 */
CfEscalationNotifier *
cf_escalation_notifier_new (GApplication *application,
                            CfContext    *context)
{
  CfEscalationNotifier *self;
  GDBusConnection *connection;
  GSettings *settings;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);

  self = g_object_new (CF_TYPE_ESCALATION_NOTIFIER, NULL);
  self->application = g_object_ref (application);
  self->context = g_object_ref (context);

  g_signal_connect_object (cf_context_get_store (context), "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cf_context_get_session (context), "notify::signed-in",
                           G_CALLBACK (update_running), self, G_CONNECT_SWAPPED);
  settings = cf_context_get_settings (context);
  if (settings != NULL)
    {
      g_signal_connect_object (settings, "changed::escalation-notifications",
                               G_CALLBACK (update_running), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (settings, "changed::handover-notifications",
                               G_CALLBACK (update_running), self, G_CONNECT_SWAPPED);
    }

  /* A server started on demand is started now. */
  connection = g_application_get_dbus_connection (application);
  if (connection != NULL)
    self->watch_id = g_bus_watch_name_on_connection (connection, NOTIFICATIONS_NAME,
                                                     G_BUS_NAME_WATCHER_FLAGS_AUTO_START,
                                                     on_server_appeared_cb,
                                                     on_server_vanished_cb, self, NULL);

  return self;
}
