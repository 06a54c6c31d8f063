/* test-handover-alerts.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who is told of a handover sheet waiting too long for its
 * countersignature, on a real database: the supervisor, a deputy, two
 * shift leads with signing keys (Olga hands the early shift over to Ivan's
 * late shift, which starts at 15:00 local time) and the information desk.
 * A sheet signed out but not countersigned falls due for the deputy and
 * the supervisor the policy's minutes after 15:00, not before and for
 * nobody else; each is told once, also after the database is opened
 * again; a sealed sheet never falls due; the supervisor's policy moves
 * the deadline; and a database of the schema before keeps its policy and
 * gets the default 30 minutes.
 */

#include "config.h"

#include <sqlite3.h>

#include "cf-escalation.h"
#include "cf-handover.h"
#include "cf-handover-alert.h"
#include "cf-op.h"
#include "cf-store.h"
#include "cf-test-util.h"

#define OUT_PASSWORD "outgoing lead 2026"
#define IN_PASSWORD  "incoming lead 2026"

typedef struct
{
  CfTestSupervisedFixture base;
  char                   *deputy_id;
  char                   *out_id;      /* shift lead of the early shift */
  char                   *in_id;       /* shift lead of the late shift */
  char                   *info_id;     /* information desk */
  char                   *early_id;    /* 07:00–15:00 */
  char                   *late_id;     /* 15:00–23:00 */
} Fixture;

/* Everyone gets signing keys; only the shift leads use theirs. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  CfStore *store;
  const char *supervisor;

  cf_test_supervised_set_up (&f->base, data);
  store = f->base.store;
  supervisor = f->base.supervisor_id;
  f->deputy_id = cf_test_create_signing_user (store, supervisor, "D400", "deputy", "dora",
                                              "dora", CF_TEST_PASSWORD);
  f->out_id = cf_test_create_signing_user (store, supervisor, "L400", "shift_lead", "olga",
                                           "olga", OUT_PASSWORD);
  f->in_id = cf_test_create_signing_user (store, supervisor, "L401", "shift_lead", "ivan",
                                          "ivan", IN_PASSWORD);
  f->info_id = cf_test_create_signing_user (store, supervisor, "I400", "information_desk",
                                            "iris", "iris", CF_TEST_PASSWORD);
  /* Shift types every new database has (cf-roster.c). */
  f->early_id = cf_test_query_text (store, "SELECT id FROM shift_type WHERE code = 'E'", NULL);
  f->late_id = cf_test_query_text (store, "SELECT id FROM shift_type WHERE code = 'L'", NULL);
  g_assert_nonnull (f->early_id);
  g_assert_nonnull (f->late_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->deputy_id);
  g_free (f->out_id);
  g_free (f->in_id);
  g_free (f->info_id);
  g_free (f->early_id);
  g_free (f->late_id);
  cf_test_supervised_tear_down (&f->base, data);
}

/* The early shift of 2 March 2026 hands over to the late shift (15:00),
 * signed out by Olga.
 */
static char *
signed_out_sheet (Fixture *f)
{
  static const char content[] =
    "{\"business\":[],\"equipment\":[{\"note\":null,\"source\":null,"
    "\"text\":\"Wallboard 2 flickers\"}],\"instructions\":[],\"other\":[],"
    "\"staffing\":[],\"unfinished\":[]}";
  CfOp *op = cf_handover_new_sheet ("2026-03-02", f->early_id, f->late_id, f->out_id, f->in_id,
                                    content);
  GPtrArray *ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  char *id = g_strdup (cf_op_get_record_id (op));
  GError *error = NULL;

  g_ptr_array_add (ops, op);
  cf_test_apply_ops (f->base.store, f->out_id, ops, NULL);
  ops = cf_handover_sign_out (f->base.store, f->out_id, id, OUT_PASSWORD, &error);
  cf_test_apply_ops (f->base.store, f->out_id, ops, error);

  return id;
}

/* 2 March 2026 at @hour:@minute, local time. */
static GDateTime *
local_time (int hour,
            int minute)
{
  return g_date_time_new_local (2026, 3, 2, hour, minute, 0);
}

static GPtrArray *
list_alerts (Fixture    *f,
             const char *user_id,
             GDateTime  *now)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *alerts = cf_handover_list_alerts (f->base.store, user_id, now, &error);

  g_assert_no_error (error);
  g_assert_nonnull (alerts);
  return alerts;
}

static guint
count_news (GPtrArray *alerts)
{
  guint n = 0;

  for (guint i = 0; i < alerts->len; i++)
    n += ((CfHandoverAlert *) alerts->pdata[i])->sent ? 0 : 1;

  return n;
}

static void
mark_sent (Fixture    *f,
           const char *user_id,
           GPtrArray  *alerts,
           GDateTime  *now)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (cf_handover_mark_alerts_sent (f->base.store, user_id, alerts, now, &error));
  g_assert_no_error (error);
}

/* When the timer of @user_id's notifier is to wake, as local time, or
 * NULL when never.
 */
static char *
next_due (Fixture    *f,
          const char *user_id,
          GDateTime  *now)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *next = cf_handover_next_alert_due (f->base.store, user_id, now, &error);
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) local = NULL;

  g_assert_no_error (error);
  if (next == NULL)
    return NULL;
  utc = g_date_time_new_from_iso8601 (next, NULL);
  g_assert_nonnull (utc);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static void
save_policy (Fixture                  *f,
             const CfEscalationPolicy *policy)
{
  GError *error = NULL;
  GPtrArray *ops = cf_escalation_policy_save (f->base.store, f->base.supervisor_id, policy,
                                              &error);

  cf_test_apply_ops (f->base.store, f->base.supervisor_id, ops, error);
}

/* Due for the deputy and the supervisor from 15:30, with the date, the
 * shifts and the incoming lead to know it by; never for a shift lead or
 * the information desk.
 */
static void
test_due_after_minutes (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *id = signed_out_sheet (f);
  g_autoptr (GDateTime) before = local_time (15, 29);
  g_autoptr (GDateTime) after = local_time (15, 30);
  g_autofree char *early_name = cf_test_query_text (f->base.store,
                                                    "SELECT name FROM shift_type WHERE id = ?",
                                                    f->early_id);
  g_autofree char *late_name = cf_test_query_text (f->base.store,
                                                   "SELECT name FROM shift_type WHERE id = ?",
                                                   f->late_id);
  const char *told[] = { f->deputy_id, f->base.supervisor_id };
  const char *not_told[] = { f->out_id, f->in_id, f->info_id };

  for (guint i = 0; i < G_N_ELEMENTS (told); i++)
    {
      g_autoptr (GPtrArray) none = list_alerts (f, told[i], before);
      g_autoptr (GPtrArray) due = list_alerts (f, told[i], after);
      g_autofree char *wake = next_due (f, told[i], before);
      g_autofree char *wake_after = next_due (f, told[i], after);
      CfHandoverAlert *alert;

      g_assert_cmpuint (none->len, ==, 0);
      g_assert_cmpstr (wake, ==, "2026-03-02 15:30:00");
      g_assert_null (wake_after);

      g_assert_cmpuint (due->len, ==, 1);
      alert = due->pdata[0];
      g_assert_cmpstr (alert->sheet_id, ==, id);
      g_assert_cmpstr (alert->shift_date, ==, "2026-03-02");
      g_assert_cmpstr (alert->outgoing_shift, ==, early_name);
      g_assert_cmpstr (alert->incoming_shift, ==, late_name);
      g_assert_cmpstr (alert->incoming_lead, ==, "ivan");
      g_assert_false (alert->sent);
    }

  for (guint i = 0; i < G_N_ELEMENTS (not_told); i++)
    {
      g_autoptr (GPtrArray) none = list_alerts (f, not_told[i], after);
      g_autofree char *wake = next_due (f, not_told[i], before);

      g_assert_cmpuint (none->len, ==, 0);
      g_assert_null (wake);
    }
}

/* Told once, also after the database is opened again; one person being
 * told is not another's.
 */
static void
test_told_once (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = signed_out_sheet (f);
  g_autoptr (GDateTime) after = local_time (16, 0);
  g_autoptr (GPtrArray) first = list_alerts (f, f->deputy_id, after);
  g_autoptr (GPtrArray) again = NULL;
  g_autoptr (GPtrArray) supervisor = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (count_news (first), ==, 1);
  mark_sent (f, f->deputy_id, first, after);

  g_clear_object (&f->base.store);
  f->base.store = cf_store_open (f->base.path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  again = list_alerts (f, f->deputy_id, after);
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_true (((CfHandoverAlert *) again->pdata[0])->sent);
  g_assert_cmpuint (count_news (again), ==, 0);
  /* Marking again changes nothing. */
  mark_sent (f, f->deputy_id, again, after);
  g_assert_cmpint (cf_test_query_integer (f->base.store,
                                          "SELECT COUNT(*) FROM handover_alert_sent "
                                          "WHERE sheet_id = ?", id), ==, 1);

  supervisor = list_alerts (f, f->base.supervisor_id, after);
  g_assert_cmpuint (count_news (supervisor), ==, 1);
}

/* A sealed sheet is never due, however late; countersigning a due one
 * takes it off the list.
 */
static void
test_sealed_never_due (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = signed_out_sheet (f);
  g_autoptr (GDateTime) before = local_time (15, 0);
  g_autoptr (GDateTime) after = local_time (16, 0);
  g_autoptr (GDateTime) much_later = g_date_time_add_days (after, 30);
  g_autoptr (GPtrArray) due = list_alerts (f, f->deputy_id, after);
  g_autoptr (GPtrArray) sealed = NULL;
  g_autofree char *wake = NULL;
  GError *error = NULL;
  GPtrArray *ops;

  g_assert_cmpuint (due->len, ==, 1);
  ops = cf_handover_countersign (f->base.store, f->in_id, id, IN_PASSWORD, NULL, &error);
  cf_test_apply_ops (f->base.store, f->in_id, ops, error);

  sealed = list_alerts (f, f->deputy_id, much_later);
  g_assert_cmpuint (sealed->len, ==, 0);
  wake = next_due (f, f->deputy_id, before);
  g_assert_null (wake);
}

/* The supervisor gives the incoming lead 90 minutes: due at 16:30, not at
 * 15:30; a time out of 5 minutes to 24 hours is refused.
 */
static void
test_policy_moves_deadline (Fixture       *f,
                            gconstpointer  data)
{
  CfEscalationPolicy policy = CF_ESCALATION_POLICY_DEFAULT;
  CfEscalationPolicy stored = { 0 };
  g_autofree char *id = signed_out_sheet (f);
  g_autoptr (GDateTime) default_deadline = local_time (15, 30);
  g_autoptr (GDateTime) before = local_time (16, 29);
  g_autoptr (GDateTime) after = local_time (16, 30);
  g_autoptr (GPtrArray) not_yet = NULL;
  g_autoptr (GPtrArray) almost = NULL;
  g_autoptr (GPtrArray) due = NULL;
  g_autofree char *wake = NULL;
  g_autoptr (GError) error = NULL;
  const guint out_of_range[] = { 4, 24 * 60 + 1 };

  policy.countersign_minutes = 90;
  save_policy (f, &policy);
  g_assert_true (cf_escalation_policy_load (f->base.store, &stored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stored.countersign_minutes, ==, 90);

  not_yet = list_alerts (f, f->base.supervisor_id, default_deadline);
  g_assert_cmpuint (not_yet->len, ==, 0);
  wake = next_due (f, f->base.supervisor_id, default_deadline);
  g_assert_cmpstr (wake, ==, "2026-03-02 16:30:00");
  almost = list_alerts (f, f->base.supervisor_id, before);
  g_assert_cmpuint (almost->len, ==, 0);
  due = list_alerts (f, f->base.supervisor_id, after);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpstr (((CfHandoverAlert *) due->pdata[0])->sheet_id, ==, id);

  for (guint i = 0; i < G_N_ELEMENTS (out_of_range); i++)
    {
      g_autoptr (GPtrArray) ops = NULL;

      policy.countersign_minutes = out_of_range[i];
      ops = cf_escalation_policy_save (f->base.store, f->base.supervisor_id, &policy, &error);
      g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
      g_assert_null (ops);
      g_clear_error (&error);
    }
  /* Nor does the store take one past the registry's limits. */
  {
    g_autoptr (JsonObject) set = json_object_new ();
    g_autofree char *policy_id = cf_test_query_text (f->base.store,
                                                     "SELECT id FROM escalation_policy", NULL);
    g_autoptr (CfOp) patch = NULL;

    json_object_set_int_member (set, "countersign_minutes", 2);
    patch = cf_op_new_patch ("escalation_policy", policy_id, set);
    g_assert_false (cf_store_apply (f->base.store, f->base.supervisor_id, &patch, 1, &error));
    g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  }
}

/* A desktop that does not know the field makes the policy and patches it
 * without it: still valid; the time is the default, then what was set.
 */
static void
test_older_desktop (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (JsonObject) values = json_object_new ();
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (CfOp) create = NULL;
  g_autoptr (CfOp) patch = NULL;
  CfEscalationPolicy policy = CF_ESCALATION_POLICY_DEFAULT;
  CfEscalationPolicy stored = { 0 };
  g_autoptr (GError) error = NULL;

  json_object_set_string_member (values, "scope", "call_center");
  json_object_set_boolean_member (values, "complaints_desk_in_use", TRUE);
  json_object_set_boolean_member (values, "shift_lead_in_use", TRUE);
  json_object_set_boolean_member (values, "deputy_in_use", TRUE);
  json_object_set_int_member (values, "due_normal", 24 * 60);
  json_object_set_int_member (values, "due_urgent", 4 * 60);
  json_object_set_int_member (values, "due_critical", 60);
  create = cf_op_new_create ("escalation_policy", values);
  g_assert_true (cf_store_apply (f->base.store, f->base.supervisor_id, &create, 1, &error));
  g_assert_no_error (error);
  g_assert_true (cf_escalation_policy_load (f->base.store, &stored, &error));
  g_assert_cmpuint (stored.countersign_minutes, ==, CF_ESCALATION_COUNTERSIGN_MINUTES_DEFAULT);

  policy.countersign_minutes = 45;
  save_policy (f, &policy);
  json_object_set_int_member (set, "due_normal", 12 * 60);
  patch = cf_op_new_patch ("escalation_policy", cf_op_get_record_id (create), set);
  g_assert_true (cf_store_apply (f->base.store, f->base.supervisor_id, &patch, 1, &error));
  g_assert_no_error (error);
  g_assert_true (cf_escalation_policy_load (f->base.store, &stored, &error));
  g_assert_cmpuint (stored.due_times.minutes[CF_ESCALATION_SEVERITY_NORMAL], ==, 12 * 60);
  g_assert_cmpuint (stored.countersign_minutes, ==, 45);
}

static void
exec_raw (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* A database of the schema before (no countersign_minutes) keeps its
 * policy when opened, and gives the countersignature 30 minutes.
 */
static void
test_migration (Fixture       *f,
                gconstpointer  data)
{
  CfEscalationPolicy policy = CF_ESCALATION_POLICY_DEFAULT;
  CfEscalationPolicy stored = { 0 };
  g_autoptr (GError) error = NULL;
  sqlite3 *db;

  policy.levels &= ~(1u << CF_ESCALATION_LEVEL_DEPUTY);
  policy.due_times.minutes[CF_ESCALATION_SEVERITY_URGENT] = 150;
  policy.countersign_minutes = 45;
  save_policy (f, &policy);
  g_clear_object (&f->base.store);

  /* Back to schema 9, before the countersignature's time, as that
   * version of Callfloor left it.
   */
  db = cf_test_open_raw (f->base.path, CF_TEST_REWRITE_UNSET);
  exec_raw (db, "DROP INDEX handover_sheet_list");
  exec_raw (db, "ALTER TABLE escalation_policy DROP COLUMN countersign_minutes");
  exec_raw (db, "PRAGMA user_version = 9");
  sqlite3_close (db);

  f->base.store = cf_store_open (f->base.path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_store_count (f->base.store, "PRAGMA user_version"), ==,
                   CF_STORE_SCHEMA_VERSION);
  g_assert_cmpint (cf_store_count (f->base.store, "SELECT countersign_minutes "
                                                  "FROM escalation_policy"), ==, 30);
  g_assert_true (cf_escalation_policy_load (f->base.store, &stored, &error));
  g_assert_no_error (error);
  g_assert_false (cf_escalation_policy_uses_level (&stored, CF_ESCALATION_LEVEL_DEPUTY));
  g_assert_cmpuint (stored.due_times.minutes[CF_ESCALATION_SEVERITY_URGENT], ==, 150);
  g_assert_cmpuint (stored.countersign_minutes, ==, 30);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/handover-alerts/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("due-after-minutes", test_due_after_minutes);
  ADD ("told-once", test_told_once);
  ADD ("sealed-never-due", test_sealed_never_due);
  ADD ("policy-moves-deadline", test_policy_moves_deadline);
  ADD ("older-desktop", test_older_desktop);
  ADD ("migration", test_migration);

  return g_test_run ();
}
