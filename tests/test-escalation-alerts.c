/* test-escalation-alerts.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What each signed-in user is to be told about the escalations, on a real
 * database with a user at each level and one at the information desk,
 * after steps taken with the escalation rules: a case reaches a level,
 * is assigned, becomes overdue at a given time, skips a level in an
 * emergency; each is told once, also after the database is opened again,
 * and a reopened case is news again.
 */

#include "config.h"

#include "cf-escalation.h"
#include "cf-escalation-alert.h"
#include "cf-op.h"
#include "cf-store.h"
#include "cf-test-util.h"

typedef struct
{
  CfTestSupervisedFixture base;
  char                   *desk_id;       /* complaints desk */
  char                   *lead_id;       /* shift lead */
  char                   *deputy_id;
  char                   *info_id;       /* information desk */
} Fixture;

/* A member of staff with @role and their desktop account. */
static char *
add_account (Fixture    *f,
             const char *role,
             const char *employee_no)
{
  g_autoptr (JsonObject) staff = json_object_new ();
  g_autoptr (JsonObject) user = json_object_new ();
  g_autofree char *staff_id = NULL;

  json_object_set_string_member (staff, "employee_no", employee_no);
  json_object_set_string_member (staff, "name", role);
  json_object_set_string_member (staff, "role", role);
  staff_id = cf_test_create_record (f->base.store, f->base.supervisor_id, "staff", staff);
  json_object_set_string_member (user, "login", employee_no);
  json_object_set_string_member (user, "password_hash", cf_test_password_hash (CF_TEST_PASSWORD));
  json_object_set_string_member (user, "staff", staff_id);

  return cf_test_create_record (f->base.store, f->base.supervisor_id, "user", user);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  cf_test_supervised_set_up (&f->base, data);
  f->desk_id = add_account (f, "complaints_desk", "c1");
  f->lead_id = add_account (f, "shift_lead", "l1");
  f->deputy_id = add_account (f, "deputy", "d1");
  f->info_id = add_account (f, "information_desk", "i1");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->desk_id);
  g_free (f->lead_id);
  g_free (f->deputy_id);
  g_free (f->info_id);
  cf_test_supervised_tear_down (&f->base, data);
}

static void
apply (Fixture    *f,
       const char *author,
       GPtrArray  *ops)
{
  g_autoptr (GPtrArray) owned = ops;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (ops);
  g_assert_true (cf_store_apply (f->base.store, author, (CfOp * const *) ops->pdata, ops->len, &error));
  g_assert_no_error (error);
}

/* Builds a step with @call and applies it as @author. */
#define STEP(f, author, call) G_STMT_START {                      \
    g_autoptr (GError) step_error = NULL;                          \
    GPtrArray *step_ops = call;                                    \
    g_assert_no_error (step_error);                                \
    apply (f, author, step_ops);                                   \
  } G_STMT_END

static GDateTime *
raised_at (void)
{
  return g_date_time_new_utc (2026, 11, 20, 9, 30, 0);
}

static char *
raise_escalation (Fixture    *f,
                  const char *author,
                  const char *severity)
{
  CfEscalationReport report = {
    "hotline", "customer_complaint", severity, NULL, NULL, "Line dead since the storm", NULL,
  };
  g_autoptr (GDateTime) now = raised_at ();
  g_autoptr (GError) error = NULL;
  GPtrArray *ops = cf_escalation_raise (f->base.store, author, &report, NULL, now, &error);
  char *id;

  g_assert_no_error (error);
  id = g_strdup (cf_op_get_record_id (ops->pdata[0]));
  apply (f, author, ops);

  return id;
}

/* Proposes a handling and reports the case one level up, as @author. */
static void
escalate (Fixture    *f,
          const char *author,
          const char *id)
{
  STEP (f, author, cf_escalation_propose (f->base.store, author, id, "Send a technician", &step_error));
  STEP (f, author, cf_escalation_escalate (f->base.store, author, id, NULL, &step_error));
}

static GPtrArray *
list_alerts (Fixture    *f,
             const char *user_id,
             int         hours_after_raise)
{
  g_autoptr (GDateTime) raised = raised_at ();
  g_autoptr (GDateTime) now = g_date_time_add_hours (raised, hours_after_raise);
  g_autoptr (GError) error = NULL;
  GPtrArray *alerts = cf_escalation_list_alerts (f->base.store, user_id, NULL, now, &error);

  g_assert_no_error (error);
  g_assert_nonnull (alerts);
  return alerts;
}

/* The alert for @reason about @id among @alerts, or NULL. */
static CfEscalationAlert *
find_alert (GPtrArray               *alerts,
            const char              *id,
            CfEscalationAlertReason  reason)
{
  for (guint i = 0; i < alerts->len; i++)
    {
      CfEscalationAlert *alert = alerts->pdata[i];

      if (g_str_equal (alert->escalation_id, id) && alert->reason == reason)
        return alert;
    }

  return NULL;
}

/* How many of @alerts the user has still to be told. */
static guint
count_news (GPtrArray *alerts)
{
  guint n = 0;

  for (guint i = 0; i < alerts->len; i++)
    {
      CfEscalationAlert *alert = alerts->pdata[i];

      if (!alert->sent && !alert->own_doing)
        n++;
    }

  return n;
}

static void
mark_sent (Fixture    *f,
           const char *user_id,
           GPtrArray  *alerts)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GError) error = NULL;

  g_assert_true (cf_escalation_mark_alerts_sent (f->base.store, user_id, alerts, now, &error));
  g_assert_no_error (error);
}

/* A case comes to a level when it is raised there by someone else or
 * reported up to it; who raised it at their own level is not told.
 */
static void
test_reaches_level (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *by_info = raise_escalation (f, f->info_id, "normal");
  g_autofree char *by_desk = raise_escalation (f, f->desk_id, "urgent");
  g_autoptr (GPtrArray) desk = list_alerts (f, f->desk_id, 0);
  g_autoptr (GPtrArray) lead = list_alerts (f, f->lead_id, 0);
  g_autoptr (GPtrArray) info = list_alerts (f, f->info_id, 0);
  g_autoptr (GPtrArray) lead_after = NULL;
  g_autoptr (GPtrArray) desk_after = NULL;
  CfEscalationAlert *alert;

  alert = find_alert (desk, by_info, CF_ESCALATION_ALERT_LEVEL);
  g_assert_nonnull (alert);
  g_assert_false (alert->sent);
  g_assert_false (alert->own_doing);
  g_assert_cmpstr (alert->summary, ==, "Line dead since the storm");
  g_assert_cmpstr (alert->severity, ==, "normal");
  g_assert_true (find_alert (desk, by_desk, CF_ESCALATION_ALERT_LEVEL)->own_doing);
  g_assert_cmpuint (count_news (desk), ==, 1);
  g_assert_cmpuint (lead->len, ==, 0);
  /* The information desk stands at no level. */
  g_assert_cmpuint (info->len, ==, 0);

  escalate (f, f->desk_id, by_desk);
  lead_after = list_alerts (f, f->lead_id, 0);
  alert = find_alert (lead_after, by_desk, CF_ESCALATION_ALERT_LEVEL);
  g_assert_nonnull (alert);
  g_assert_false (alert->own_doing);
  g_assert_cmpuint (count_news (lead_after), ==, 1);
  /* It left the complaints desk. */
  desk_after = list_alerts (f, f->desk_id, 0);
  g_assert_null (find_alert (desk_after, by_desk, CF_ESCALATION_ALERT_LEVEL));
}

/* Assigned to whoever acknowledges it — their own doing, nothing to tell
 * — even above the case's level, and then theirs to hear of when it is
 * overdue; the information desk, at no level, hears of nothing.
 */
static void
test_assigned (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *id = raise_escalation (f, f->info_id, "urgent");
  g_autoptr (GDateTime) raised = raised_at ();
  g_autoptr (GDateTime) hour_later = g_date_time_add_hours (raised, 1);
  g_autoptr (GPtrArray) supervisor = NULL;
  g_autoptr (GPtrArray) overdue = NULL;
  g_autoptr (GPtrArray) desk = NULL;
  g_autoptr (GPtrArray) info = NULL;
  g_autofree char *next = NULL;
  g_autoptr (GError) error = NULL;
  CfEscalationAlert *alert;

  STEP (f, f->base.supervisor_id, cf_escalation_acknowledge (f->base.store, f->base.supervisor_id, id,
                                                        &step_error));
  supervisor = list_alerts (f, f->base.supervisor_id, 0);
  g_assert_cmpuint (supervisor->len, ==, 1);
  alert = supervisor->pdata[0];
  g_assert_cmpint (alert->reason, ==, CF_ESCALATION_ALERT_ASSIGNED);
  g_assert_true (alert->own_doing);
  /* Acknowledged, it no longer waits at the complaints desk. */
  desk = list_alerts (f, f->desk_id, 0);
  g_assert_cmpuint (desk->len, ==, 0);

  next = cf_escalation_next_alert_due (f->base.store, f->base.supervisor_id, hour_later, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (next, ==, "2026-11-20T13:30:00.000Z");
  overdue = list_alerts (f, f->base.supervisor_id, 5);
  alert = find_alert (overdue, id, CF_ESCALATION_ALERT_OVERDUE);
  g_assert_nonnull (alert);
  g_assert_false (alert->own_doing);

  info = list_alerts (f, f->info_id, 5);
  g_assert_cmpuint (info->len, ==, 0);
}

/* Overdue at a given time, for those who can act on the case; the next
 * due time is when the next one becomes overdue.
 */
static void
test_overdue (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *urgent = raise_escalation (f, f->lead_id, "urgent");     /* due in 4 h */
  g_autofree char *normal = raise_escalation (f, f->lead_id, "normal");     /* due in 24 h */
  g_autoptr (GDateTime) raised = raised_at ();
  g_autoptr (GDateTime) hour_later = g_date_time_add_hours (raised, 1);
  g_autoptr (GDateTime) five_later = g_date_time_add_hours (raised, 5);
  g_autoptr (GDateTime) days_later = g_date_time_add_days (raised, 2);
  g_autoptr (GPtrArray) early = list_alerts (f, f->lead_id, 1);
  g_autoptr (GPtrArray) late = list_alerts (f, f->lead_id, 5);
  g_autoptr (GPtrArray) desk = list_alerts (f, f->desk_id, 5);
  g_autofree char *next = NULL;
  g_autofree char *after = NULL;
  g_autofree char *none = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_null (find_alert (early, urgent, CF_ESCALATION_ALERT_OVERDUE));
  g_assert_nonnull (find_alert (late, urgent, CF_ESCALATION_ALERT_OVERDUE));
  g_assert_false (find_alert (late, urgent, CF_ESCALATION_ALERT_OVERDUE)->own_doing);
  g_assert_null (find_alert (late, normal, CF_ESCALATION_ALERT_OVERDUE));
  /* Not the complaints desk's to act on. */
  g_assert_cmpuint (desk->len, ==, 0);

  next = cf_escalation_next_alert_due (f->base.store, f->lead_id, hour_later, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (next, ==, "2026-11-20T13:30:00.000Z");
  after = cf_escalation_next_alert_due (f->base.store, f->lead_id, five_later, &error);
  g_assert_cmpstr (after, ==, "2026-11-21T09:30:00.000Z");
  none = cf_escalation_next_alert_due (f->base.store, f->lead_id, days_later, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  /* Resolved, it is no longer overdue, and nothing is due any more. */
  STEP (f, f->lead_id, cf_escalation_acknowledge (f->base.store, f->lead_id, urgent, &step_error));
  STEP (f, f->lead_id, cf_escalation_resolve (f->base.store, f->lead_id, urgent, "Repaired", NULL,
                                              &step_error));
  {
    g_autoptr (GPtrArray) resolved = list_alerts (f, f->lead_id, 5);

    g_assert_null (find_alert (resolved, urgent, CF_ESCALATION_ALERT_OVERDUE));
  }
}

/* An emergency skip over a level leaves that level a report-after task
 * until it acknowledges it.
 */
static void
test_report_after (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *id = raise_escalation (f, f->desk_id, "critical");
  g_autoptr (GPtrArray) lead = NULL;
  g_autoptr (GPtrArray) deputy = NULL;
  g_autoptr (GPtrArray) acknowledged = NULL;
  CfEscalationAlert *alert;

  STEP (f, f->desk_id, cf_escalation_propose (f->base.store, f->desk_id, id, "Cut the power",
                                              &step_error));
  STEP (f, f->desk_id, cf_escalation_skip (f->base.store, f->desk_id, id, CF_ESCALATION_LEVEL_DEPUTY,
                                           "Sparks at the cabinet", &step_error));
  lead = list_alerts (f, f->lead_id, 0);
  alert = find_alert (lead, id, CF_ESCALATION_ALERT_REPORT_AFTER);
  g_assert_nonnull (alert);
  g_assert_false (alert->sent);
  g_assert_cmpuint (lead->len, ==, 1);
  deputy = list_alerts (f, f->deputy_id, 0);
  g_assert_nonnull (find_alert (deputy, id, CF_ESCALATION_ALERT_LEVEL));
  g_assert_null (find_alert (deputy, id, CF_ESCALATION_ALERT_REPORT_AFTER));

  STEP (f, f->lead_id, cf_escalation_acknowledge_report (f->base.store, f->lead_id, id, &step_error));
  acknowledged = list_alerts (f, f->lead_id, 0);
  g_assert_cmpuint (acknowledged->len, ==, 0);
}

/* Told once, also after the database is opened again; resolved and
 * reopened, the case waits again and is news again.
 */
static void
test_told_once (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = raise_escalation (f, f->info_id, "normal");
  g_autoptr (GPtrArray) first = list_alerts (f, f->desk_id, 0);
  g_autoptr (GPtrArray) again = NULL;
  g_autoptr (GPtrArray) reopened = NULL;
  g_autoptr (GError) error = NULL;
  const char *ids[] = { id, NULL };

  g_assert_cmpuint (count_news (first), ==, 1);
  mark_sent (f, f->desk_id, first);

  g_clear_object (&f->base.store);
  f->base.store = cf_store_open (f->base.path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  again = list_alerts (f, f->desk_id, 0);
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_true (find_alert (again, id, CF_ESCALATION_ALERT_LEVEL)->sent);
  g_assert_cmpuint (count_news (again), ==, 0);
  /* Another user at the same level has not been told. */
  g_clear_pointer (&again, g_ptr_array_unref);
  {
    g_autofree char *colleague = add_account (f, "complaints_desk", "c2");

    again = list_alerts (f, colleague, 0);
    g_assert_cmpuint (count_news (again), ==, 1);
  }

  /* Acknowledged: the desk's own doing, recorded as the notifier does. */
  STEP (f, f->desk_id, cf_escalation_acknowledge (f->base.store, f->desk_id, id, &step_error));
  g_clear_pointer (&again, g_ptr_array_unref);
  again = list_alerts (f, f->desk_id, 0);
  g_assert_cmpuint (count_news (again), ==, 0);
  mark_sent (f, f->desk_id, again);
  STEP (f, f->desk_id, cf_escalation_resolve (f->base.store, f->desk_id, id, "Explained the bill", NULL,
                                              &step_error));
  g_assert_true (cf_escalation_forget_settled_alerts (f->base.store, f->desk_id, ids, &error));
  g_assert_no_error (error);
  /* That it waited was forgotten; that it is the desk's, not. */
  g_assert_cmpint (cf_test_query_integer (f->base.store, "SELECT COUNT(*) FROM escalation_alert_sent "
                                          "WHERE user_id = ?", f->desk_id), ==, 1);
  STEP (f, f->info_id, cf_escalation_reopen (f->base.store, f->info_id, id, "Charged again",
                                             &step_error));
  reopened = list_alerts (f, f->desk_id, 0);
  /* It waits at the level again: news; still the desk's: not. */
  g_assert_cmpuint (count_news (reopened), ==, 1);
  g_assert_false (find_alert (reopened, id, CF_ESCALATION_ALERT_LEVEL)->sent);
  g_assert_true (find_alert (reopened, id, CF_ESCALATION_ALERT_ASSIGNED)->sent);
}

/* With the deputy not a level, deputies stand with the shift leads and
 * hear of what waits there.
 */
static void
test_policy_levels (Fixture       *f,
                    gconstpointer  data)
{
  CfEscalationPolicy policy = CF_ESCALATION_POLICY_DEFAULT;
  g_autofree char *id = NULL;
  g_autoptr (GPtrArray) deputy = NULL;
  g_autoptr (GPtrArray) lead = NULL;

  policy.levels &= ~(1u << CF_ESCALATION_LEVEL_DEPUTY);
  STEP (f, f->base.supervisor_id, cf_escalation_policy_save (f->base.store, f->base.supervisor_id, &policy,
                                                        &step_error));
  id = raise_escalation (f, f->desk_id, "normal");
  escalate (f, f->desk_id, id);

  lead = list_alerts (f, f->lead_id, 0);
  deputy = list_alerts (f, f->deputy_id, 0);
  g_assert_nonnull (find_alert (lead, id, CF_ESCALATION_ALERT_LEVEL));
  g_assert_nonnull (find_alert (deputy, id, CF_ESCALATION_ALERT_LEVEL));
}

/* Looking only at the escalations a change touched. */
static void
test_changed_only (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *first = raise_escalation (f, f->info_id, "normal");
  g_autofree char *second = raise_escalation (f, f->info_id, "normal");
  g_autoptr (GDateTime) now = raised_at ();
  g_autoptr (GPtrArray) alerts = NULL;
  g_autoptr (GPtrArray) none = NULL;
  g_autoptr (GError) error = NULL;
  const char *ids[] = { second, NULL };
  const char *no_ids[] = { NULL };

  alerts = cf_escalation_list_alerts (f->base.store, f->desk_id, ids, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (alerts->len, ==, 1);
  g_assert_nonnull (find_alert (alerts, second, CF_ESCALATION_ALERT_LEVEL));
  none = cf_escalation_list_alerts (f->base.store, f->desk_id, no_ids, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  /* Both wait, as the whole list says. */
  g_clear_pointer (&alerts, g_ptr_array_unref);
  alerts = cf_escalation_list_alerts (f->base.store, f->desk_id, NULL, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (alerts->len, ==, 2);
  g_assert_nonnull (find_alert (alerts, first, CF_ESCALATION_ALERT_LEVEL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/escalation-alerts/reaches-level", test_reaches_level);
  ADD ("/escalation-alerts/assigned", test_assigned);
  ADD ("/escalation-alerts/overdue", test_overdue);
  ADD ("/escalation-alerts/report-after", test_report_after);
  ADD ("/escalation-alerts/told-once", test_told_once);
  ADD ("/escalation-alerts/policy-levels", test_policy_levels);
  ADD ("/escalation-alerts/changed-only", test_changed_only);

  return g_test_run ();
}
