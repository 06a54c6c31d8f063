/* test-escalation.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-authority.h"
#include "cf-escalation.h"
#include "cf-escalation-review.h"
#include "cf-op.h"
#include "cf-op-private.h"
#include "cf-registry.h"
#include "cf-replica.h"
#include "cf-store.h"
#include "cf-test-util.h"
#include "cf-uuid.h"

/* The escalation log on a real database holding a user at each level —
 * complaints desk, shift lead, deputy, the supervisor — and one at the
 * information desk: each step's rules, who may close, and entries that
 * nothing can rewrite.
 */

typedef struct
{
  char    *dir;
  char    *path;
  CfStore *store;
  char    *supervisor_id;
  char    *desk_id;       /* complaints desk */
  char    *lead_id;       /* shift lead */
  char    *deputy_id;
  char    *info_id;       /* information desk */
} Fixture;

static char *
create_user (Fixture    *f,
             const char *employee_no,
             const char *name,
             const char *role,
             const char *login)
{
  g_autoptr (JsonObject) staff = json_object_new ();
  g_autoptr (JsonObject) user = json_object_new ();
  g_autofree char *staff_id = NULL;

  json_object_set_string_member (staff, "employee_no", employee_no);
  json_object_set_string_member (staff, "name", name);
  json_object_set_string_member (staff, "role", role);
  staff_id = cf_test_create_record (f->store, f->supervisor_id, "staff", staff);
  json_object_set_string_member (user, "staff", staff_id);
  json_object_set_string_member (user, "login", login);
  json_object_set_string_member (user, "password_hash", cf_test_password_hash (CF_TEST_PASSWORD));

  return cf_test_create_record (f->store, f->supervisor_id, "user", user);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = cf_test_make_dir (&f->path);
  f->store = cf_test_open_supervised_store (f->path, CF_TEST_SUPERVISOR_NAME,
                                            CF_TEST_SUPERVISOR_NO, CF_TEST_SUPERVISOR_LOGIN,
                                            CF_TEST_PASSWORD);
  f->supervisor_id = cf_test_query_text (f->store, "SELECT id FROM app_user", NULL);
  f->desk_id = create_user (f, "C100", "Cai Desk", "complaints_desk", "cai");
  f->lead_id = create_user (f, "L100", "Lee Lead", "shift_lead", "lee");
  f->deputy_id = create_user (f, "D100", "Du Deputy", "deputy", "du");
  f->info_id = create_user (f, "I100", "Ian Info", "information_desk", "ian");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->supervisor_id);
  g_free (f->desk_id);
  g_free (f->lead_id);
  g_free (f->deputy_id);
  g_free (f->info_id);
  cf_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* Applies a step built without error, as the caller of each rule does. */
static void
apply (Fixture    *f,
       const char *author,
       GPtrArray  *ops,
       GError     *build_error)
{
  g_autoptr (GPtrArray) owned = ops;
  g_autoptr (GError) error = build_error;

  g_assert_no_error (error);
  g_assert_nonnull (ops);
  g_assert_true (cf_store_apply (f->store, author, (CfOp * const *) ops->pdata, ops->len, &error));
  g_assert_no_error (error);
}

static GDateTime *
fixed_now (void)
{
  return g_date_time_new_utc (2026, 11, 20, 9, 30, 0);
}

static char *
raise_escalation (Fixture    *f,
                  const char *author,
                  const char *severity)
{
  CfEscalationReport report = {
    "mayors_hotline", "customer_complaint", severity, "CUST-0042", "138 0000 0000",
    "No signal for three days after a repair visit", "Customer called the mayor’s hotline.",
  };
  g_autoptr (GDateTime) now = fixed_now ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = cf_escalation_raise (f->store, author, &report, NULL, now, &error);
  char *id;

  g_assert_no_error (error);
  id = g_strdup (cf_op_get_record_id (ops->pdata[0]));
  apply (f, author, g_steal_pointer (&ops), NULL);

  return id;
}

static char *
field (Fixture    *f,
       const char *escalation_id,
       const char *name)
{
  return cf_test_record_string (f->store, "escalation", escalation_id, name);
}

static void
assert_field (Fixture    *f,
              const char *escalation_id,
              const char *name,
              const char *expected)
{
  g_autofree char *value = field (f, escalation_id, name);

  g_assert_cmpstr (value, ==, expected);
}

static gint64
count_entries (Fixture    *f,
               const char *escalation_id,
               const char *type)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM escalation_entry "
                                          "WHERE escalation = ? AND type = '%s'", type);

  return cf_test_query_integer (f->store, sql, escalation_id);
}

/* Raising one makes the escalation at the raiser's level, with a due time
 * from its severity, and its first entry.
 */
static void
test_raise (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *id = raise_escalation (f, f->desk_id, "urgent");
  g_autofree char *lead_id = raise_escalation (f, f->lead_id, "normal");
  g_autofree char *info_id = raise_escalation (f, f->info_id, "critical");

  assert_field (f, id, "level", "complaints_desk");
  assert_field (f, id, "status", "open");
  assert_field (f, id, "due_at", "2026-11-20T13:30:00.000Z");
  assert_field (f, id, "customer_contact", "138 0000 0000");
  g_assert_cmpint (count_entries (f, id, "raised"), ==, 1);
  assert_field (f, lead_id, "level", "shift_lead");
  assert_field (f, lead_id, "due_at", "2026-11-21T09:30:00.000Z");
  /* The information desk raises to the complaints desk. */
  assert_field (f, info_id, "level", "complaints_desk");
  assert_field (f, info_id, "due_at", "2026-11-20T10:30:00.000Z");

  g_assert_true (cf_kind_lookup_field (cf_registry_lookup ("escalation"),
                                       "customer_contact")->flags & CF_FIELD_PERSONAL);
}

/* Due times per severity, configurable; overdue means due before now and
 * not yet resolved or closed.
 */
static void
test_due_and_overdue (Fixture       *f,
                      gconstpointer  data)
{
  CfEscalationDueTimes times = { { 8 * 60, 2 * 60, 30 } };
  g_autoptr (GDateTime) now = fixed_now ();
  g_autoptr (GDateTime) later = g_date_time_add_hours (now, 2);
  g_autofree char *normal_due = cf_escalation_compute_due_at ("normal", NULL, now);
  g_autofree char *critical_due = cf_escalation_compute_due_at ("critical", NULL, now);
  g_autofree char *custom_due = cf_escalation_compute_due_at ("critical", &times, now);
  g_autofree char *normal_id = raise_escalation (f, f->desk_id, "normal");
  g_autofree char *critical_id = raise_escalation (f, f->desk_id, "critical");
  g_autofree char *resolved_id = raise_escalation (f, f->desk_id, "critical");
  g_autoptr (GPtrArray) overdue = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (normal_due, ==, "2026-11-21T09:30:00.000Z");
  g_assert_cmpstr (critical_due, ==, "2026-11-20T10:30:00.000Z");
  g_assert_cmpstr (custom_due, ==, "2026-11-20T10:00:00.000Z");
  g_assert_null (cf_escalation_compute_due_at ("whenever", NULL, now));

  g_assert_false (cf_escalation_is_overdue ("open", critical_due, now));
  g_assert_true (cf_escalation_is_overdue ("open", critical_due, later));
  g_assert_true (cf_escalation_is_overdue ("reopened", critical_due, later));
  g_assert_false (cf_escalation_is_overdue ("resolved", critical_due, later));
  g_assert_false (cf_escalation_is_overdue ("closed", critical_due, later));
  g_assert_false (cf_escalation_is_overdue ("open", normal_due, later));
  g_assert_false (cf_escalation_is_overdue ("open", NULL, later));

  apply (f, f->desk_id, cf_escalation_resolve (f->store, f->desk_id, resolved_id,
                                               "Apologised; line fixed", NULL, &error), NULL);
  overdue = cf_escalation_list_overdue (f->store, later, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overdue->len, ==, 1);
  g_assert_cmpstr (overdue->pdata[0], ==, critical_id);
  g_clear_pointer (&overdue, g_ptr_array_unref);
  overdue = cf_escalation_list_overdue (f->store, now, &error);
  g_assert_cmpuint (overdue->len, ==, 0);
}

/* Reports go up one level at a time, each carrying a proposed handling
 * made since the last time it went up.
 */
static void
test_escalate_needs_proposal (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *id = raise_escalation (f, f->desk_id, "normal");
  g_autoptr (GError) error = NULL;
  GPtrArray *ops;

  apply (f, f->desk_id, cf_escalation_acknowledge (f->store, f->desk_id, id, &error), NULL);
  assert_field (f, id, "status", "acknowledged");
  {
    g_autofree char *assignee = field (f, id, "assignee");
    g_assert_cmpstr (assignee, ==, f->desk_id);
  }

  ops = cf_escalation_escalate (f->store, f->desk_id, id, NULL, &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_NO_PROPOSAL);
  g_assert_null (ops);
  g_clear_error (&error);

  ops = cf_escalation_propose (f->store, f->desk_id, id, "   ", &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_MISSING);
  g_clear_error (&error);

  apply (f, f->desk_id, cf_escalation_propose (f->store, f->desk_id, id,
                                               "Send an engineer today; waive the fee", &error),
         NULL);
  assert_field (f, id, "status", "in_progress");
  apply (f, f->desk_id, cf_escalation_escalate (f->store, f->desk_id, id, "Beyond my remit",
                                                &error), NULL);
  assert_field (f, id, "level", "shift_lead");
  assert_field (f, id, "status", "open");
  g_assert_null (cf_test_record_string (f->store, "escalation", id, "assignee"));

  /* The complaints desk cannot act at the shift lead's level. */
  ops = cf_escalation_acknowledge (f->store, f->desk_id, id, &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_LEVEL);
  g_clear_error (&error);

  /* The proposal went up with the last report; the next needs its own. */
  apply (f, f->lead_id, cf_escalation_acknowledge (f->store, f->lead_id, id, &error), NULL);
  ops = cf_escalation_escalate (f->store, f->lead_id, id, NULL, &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_NO_PROPOSAL);
  g_clear_error (&error);
  apply (f, f->lead_id, cf_escalation_propose (f->store, f->lead_id, id, "Compensate one month",
                                               &error), NULL);
  apply (f, f->lead_id, cf_escalation_escalate (f->store, f->lead_id, id, NULL, &error), NULL);
  assert_field (f, id, "level", "deputy");
  g_assert_cmpint (count_entries (f, id, "escalated"), ==, 2);
  g_assert_cmpint (cf_test_query_integer (f->store,
                                          "SELECT COUNT(*) FROM escalation_entry WHERE "
                                          "escalation = ? AND type = 'escalated' AND "
                                          "from_level = 'shift_lead' AND to_level = 'deputy'", id),
                   ==, 1);

  /* Nothing is above the supervisor. */
  apply (f, f->supervisor_id, cf_escalation_propose (f->store, f->supervisor_id, id, "Ask", &error),
         NULL);
  apply (f, f->supervisor_id, cf_escalation_escalate (f->store, f->supervisor_id, id, NULL, &error),
         NULL);
  apply (f, f->supervisor_id, cf_escalation_propose (f->store, f->supervisor_id, id, "Ask", &error),
         NULL);
  ops = cf_escalation_escalate (f->store, f->supervisor_id, id, NULL, &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_TOP);
}

static guint
n_report_after (Fixture           *f,
                CfEscalationLevel  level)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) open = cf_escalation_list_report_after (f->store, level, &error);

  g_assert_no_error (error);
  return open->len;
}

/* An emergency skip needs a reason and passes over at least one level;
 * each level passed over is owed a report until it acknowledges.
 */
static void
test_skip_reports_after (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id = raise_escalation (f, f->desk_id, "critical");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) open = NULL;
  GPtrArray *ops;

  ops = cf_escalation_skip (f->store, f->desk_id, id, CF_ESCALATION_LEVEL_SUPERVISOR, "",
                            &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_MISSING);
  g_assert_null (ops);
  g_clear_error (&error);
  ops = cf_escalation_skip (f->store, f->desk_id, id, CF_ESCALATION_LEVEL_SHIFT_LEAD,
                            "Gas smell at the customer's", &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_SKIP);
  g_clear_error (&error);
  g_assert_cmpuint (n_report_after (f, CF_ESCALATION_LEVEL_SHIFT_LEAD), ==, 0);

  /* An emergency needs no proposal. */
  apply (f, f->desk_id, cf_escalation_skip (f->store, f->desk_id, id,
                                            CF_ESCALATION_LEVEL_SUPERVISOR,
                                            "Gas smell at the customer's", &error), NULL);
  assert_field (f, id, "level", "supervisor");
  assert_field (f, id, "status", "open");
  g_assert_cmpuint (n_report_after (f, CF_ESCALATION_LEVEL_COMPLAINTS_DESK), ==, 0);
  g_assert_cmpuint (n_report_after (f, CF_ESCALATION_LEVEL_SHIFT_LEAD), ==, 1);
  g_assert_cmpuint (n_report_after (f, CF_ESCALATION_LEVEL_DEPUTY), ==, 1);
  g_assert_cmpuint (n_report_after (f, CF_ESCALATION_LEVEL_SUPERVISOR), ==, 0);
  open = cf_escalation_list_report_after (f->store, CF_ESCALATION_LEVEL_DEPUTY, &error);
  g_assert_cmpstr (((CfReportAfter *) open->pdata[0])->escalation_id, ==, id);

  /* A level that was not passed over has nothing to acknowledge. */
  ops = cf_escalation_acknowledge_report (f->store, f->desk_id, id, &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_NO_REPORT);
  g_clear_error (&error);

  apply (f, f->lead_id, cf_escalation_acknowledge_report (f->store, f->lead_id, id, &error), NULL);
  g_assert_cmpuint (n_report_after (f, CF_ESCALATION_LEVEL_SHIFT_LEAD), ==, 0);
  g_assert_cmpuint (n_report_after (f, CF_ESCALATION_LEVEL_DEPUTY), ==, 1);
  ops = cf_escalation_acknowledge_report (f->store, f->lead_id, id, &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_NO_REPORT);
  g_clear_error (&error);
  apply (f, f->deputy_id, cf_escalation_acknowledge_report (f->store, f->deputy_id, id, &error),
         NULL);
  g_assert_cmpuint (n_report_after (f, CF_ESCALATION_LEVEL_DEPUTY), ==, 0);
}

/* Instructions are written down verbatim, with who gave them. */
static void
test_instruction (Fixture       *f,
                  gconstpointer  data)
{
  const char *words = "Call the customer back within the hour and offer a visit tomorrow.";
  g_autofree char *id = raise_escalation (f, f->lead_id, "urgent");
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *by = NULL;
  GPtrArray *ops;

  apply (f, f->lead_id, cf_escalation_acknowledge (f->store, f->lead_id, id, &error), NULL);
  ops = cf_escalation_record_instruction (f->store, f->lead_id, id, NULL, words, &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_MISSING);
  g_assert_null (ops);
  g_clear_error (&error);

  apply (f, f->lead_id, cf_escalation_record_instruction (f->store, f->lead_id, id,
                                                          f->supervisor_id, words, &error), NULL);
  text = cf_test_query_text (f->store, "SELECT text FROM escalation_entry WHERE escalation = ? "
                                       "AND type = 'instruction'", id);
  by = cf_test_query_text (f->store, "SELECT instructed_by FROM escalation_entry "
                                     "WHERE escalation = ? AND type = 'instruction'", id);
  g_assert_cmpstr (text, ==, words);
  g_assert_cmpstr (by, ==, f->supervisor_id);
  assert_field (f, id, "status", "in_progress");
}

/* A department answers only a case handed to it. */
static void
test_department (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = raise_escalation (f, f->lead_id, "normal");
  g_autoptr (GError) error = NULL;
  GPtrArray *ops;

  ops = cf_escalation_record_answer (f->store, f->lead_id, id, "engineering", "Done", &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_DEPARTMENT);
  g_assert_null (ops);
  g_clear_error (&error);
  ops = cf_escalation_hand_over (f->store, f->lead_id, id, "marketing", "Check", &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_MISSING);
  g_clear_error (&error);

  apply (f, f->lead_id, cf_escalation_hand_over (f->store, f->lead_id, id, "engineering",
                                                 "Check the node on Jiefang Road", &error), NULL);
  apply (f, f->lead_id, cf_escalation_record_answer (f->store, f->lead_id, id, "engineering",
                                                     "Amplifier replaced", &error), NULL);
  g_assert_cmpint (count_entries (f, id, "department_answer"), ==, 1);
}

/* Closing only follows resolving, and only roles that work escalations
 * close them: the store refuses the information desk whatever it builds.
 */
static void
test_resolve_close (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = raise_escalation (f, f->desk_id, "normal");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) info_close = NULL;
  GPtrArray *ops;

  ops = cf_escalation_close (f->store, f->desk_id, id, &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_STATUS);
  g_assert_null (ops);
  g_clear_error (&error);
  ops = cf_escalation_resolve (f->store, f->desk_id, id, "", NULL, &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_MISSING);
  g_clear_error (&error);
  ops = cf_escalation_reopen (f->store, f->desk_id, id, "Not settled", &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_STATUS);
  g_clear_error (&error);

  apply (f, f->desk_id, cf_escalation_resolve (f->store, f->desk_id, id, "Fee waived",
                                               "Installation team", &error), NULL);
  assert_field (f, id, "status", "resolved");

  g_assert_null (cf_escalation_close (f->store, f->info_id, id, &error));
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_LEVEL);
  g_clear_error (&error);
  /* The same ops as a closing by the complaints desk, sent by the
   * information desk: the store checks the role, not the caller.
   */
  info_close = cf_escalation_close (f->store, f->desk_id, id, &error);
  g_assert_no_error (error);
  g_assert_false (cf_store_apply (f->store, f->info_id, (CfOp * const *) info_close->pdata,
                                  info_close->len, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_cmpint (count_entries (f, id, "closed"), ==, 0);
  /* Nor by writing the status itself, or the entry alone. */
  {
    g_autoptr (JsonObject) set = json_object_new ();
    g_autoptr (CfOp) patch = NULL;

    json_object_set_string_member (set, "status", "closed");
    patch = cf_op_new_patch ("escalation", id, set);
    g_assert_false (cf_store_apply (f->store, f->info_id, &patch, 1, &error));
    g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
    g_clear_error (&error);
    g_assert_false (cf_store_apply (f->store, f->info_id,
                                    (CfOp * const *) &info_close->pdata[0], 1, &error));
    g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
    g_clear_error (&error);
  }
  assert_field (f, id, "status", "resolved");

  apply (f, f->desk_id, cf_escalation_close (f->store, f->desk_id, id, &error), NULL);
  assert_field (f, id, "status", "closed");
  ops = cf_escalation_add_note (f->store, f->desk_id, id, "One more thing", &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_STATUS);
  g_clear_error (&error);

  ops = cf_escalation_reopen (f->store, f->desk_id, id, " ", &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_MISSING);
  g_clear_error (&error);
  apply (f, f->desk_id, cf_escalation_reopen (f->store, f->desk_id, id,
                                              "Customer called again", &error), NULL);
  assert_field (f, id, "status", "reopened");
  apply (f, f->desk_id, cf_escalation_record_callback (f->store, f->desk_id, id,
                                                       "Customer satisfied", &error), NULL);
  g_assert_cmpint (count_entries (f, id, "reopened"), ==, 1);
}

/* A correction is a new entry naming the one it corrects, which stays. */
static void
test_correction (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = raise_escalation (f, f->desk_id, "normal");
  g_autofree char *note_id = NULL;
  g_autofree char *corrects = NULL;
  g_autofree char *original = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GPtrArray) entries = NULL;

  apply (f, f->desk_id, cf_escalation_add_note (f->store, f->desk_id, id,
                                                "Customer lives at No. 12", &error), NULL);
  note_id = cf_test_query_text (f->store, "SELECT id FROM escalation_entry WHERE escalation = ? "
                                          "AND type = 'note'", id);
  g_assert_null (cf_escalation_correct (f->store, f->desk_id, "0190a3c2-0000-7000-8000-000000000000",
                                        "No. 21", &error));
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_CORRECTION);
  g_clear_error (&error);

  apply (f, f->desk_id, cf_escalation_correct (f->store, f->desk_id, note_id,
                                               "It is No. 21, not No. 12", &error), NULL);
  corrects = cf_test_query_text (f->store, "SELECT corrects FROM escalation_entry "
                                           "WHERE corrects IS NOT NULL AND escalation = ?", id);
  original = cf_test_record_string (f->store, "escalation_entry", note_id, "text");
  g_assert_cmpstr (corrects, ==, note_id);
  g_assert_cmpstr (original, ==, "Customer lives at No. 12");

  entries = cf_escalation_list_entries (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_cmpstr (json_object_get_string_member (entries->pdata[0], "type"), ==, "raised");
  g_assert_cmpstr (json_object_get_string_member (entries->pdata[1], "id"), ==, note_id);
  g_assert_cmpstr (json_object_get_string_member (entries->pdata[2], "corrects"), ==, note_id);
}

/* The information desk raises and writes notes, but does not act. */
static void
test_information_desk (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = raise_escalation (f, f->info_id, "normal");
  g_autoptr (GError) error = NULL;
  GPtrArray *ops;

  ops = cf_escalation_acknowledge (f->store, f->info_id, id, &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_LEVEL);
  g_assert_null (ops);
  g_clear_error (&error);
  apply (f, f->info_id, cf_escalation_add_note (f->store, f->info_id, id, "Also in the news",
                                                &error), NULL);
}

static char *
first_entry (Fixture    *f,
             const char *escalation_id)
{
  return cf_test_query_text (f->store, "SELECT id FROM escalation_entry WHERE escalation = ? "
                                       "AND type = 'raised'", escalation_id);
}

/* The store refuses to change, remove or restore an entry, and to undo
 * the step that wrote it.
 */
static void
test_store_refuses_rewrite (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *id = raise_escalation (f, f->desk_id, "normal");
  g_autofree char *entry_id = first_entry (f, id);
  g_autofree char *op_id = cf_test_query_text (f->store, "SELECT op_id FROM op_log "
                                                        "WHERE record_id = ?", entry_id);
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (GError) error = NULL;
  const char *op_ids[] = { op_id, NULL };
  CfOp *ops[3];

  json_object_set_string_member (set, "text", "It never happened");
  ops[0] = cf_op_new_patch ("escalation_entry", entry_id, set);
  ops[1] = cf_op_new_delete ("escalation_entry", entry_id);
  ops[2] = cf_op_new_restore ("escalation_entry", entry_id);
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      /* Not even the supervisor, who may do most things. */
      g_assert_false (cf_store_apply (f->store, f->supervisor_id, &ops[i], 1, &error));
      g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_IMMUTABLE);
      g_assert_cmpstr (error->message, ==, cf_store_immutable_message ());
      g_clear_error (&error);
      cf_op_unref (ops[i]);
    }

  g_assert_null (cf_store_undo (f->store, f->desk_id, op_ids, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_IMMUTABLE);
  g_assert_false (cf_test_record_deleted (f->store, "escalation_entry", entry_id));
}

static void
never_rewrite_func (sqlite3_context  *context,
                    int               argc,
                    sqlite3_value   **argv)
{
  sqlite3_result_int (context, 0);
}

/* Whatever else writes to the file meets the triggers: a plain connection,
 * as a sqlite3 shell opens, cannot update or delete an entry; nor can SQL
 * on the store's own connection that does not go through the sync path.
 */
static void
test_triggers_refuse_rewrite (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *id = raise_escalation (f, f->desk_id, "normal");
  g_autofree char *entry_id = first_entry (f, id);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  const char *rewrites[] = {
    "UPDATE escalation_entry SET text = 'It never happened'",
    "UPDATE escalation_entry SET deleted = 1",
    "DELETE FROM escalation_entry",
  };
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  for (guint i = 0; i < G_N_ELEMENTS (rewrites); i++)
    g_assert_cmpint (sqlite3_exec (db, rewrites[i], NULL, NULL, NULL), !=, SQLITE_OK);

  /* With a function of that name that says no, the trigger itself speaks. */
  sqlite3_create_function_v2 (db, "callfloor_sync_rewrite", 0, SQLITE_UTF8, NULL,
                              never_rewrite_func, NULL, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (rewrites); i++)
    {
      g_assert_cmpint (sqlite3_exec (db, rewrites[i], NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
      g_assert_cmpstr (sqlite3_errmsg (db), ==, "escalation entries are append-only");
    }
  /* Appending still works. */
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO escalation_entry (id, created_at, updated_at, "
                                     "escalation, type, text) SELECT "
                                     "'0190a3c2-0000-7000-8000-000000000001', created_at, "
                                     "updated_at, escalation, 'note', 'added' "
                                     "FROM escalation_entry LIMIT 1", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_false (cf_store_exec (f->store, "DELETE FROM escalation_entry", &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_IMMUTABLE);
  g_clear_error (&error);
  g_assert_false (cf_store_exec (f->store, "UPDATE escalation_entry SET rev = 7", &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_IMMUTABLE);

  text = cf_test_record_string (f->store, "escalation_entry", entry_id, "text");
  g_assert_cmpstr (text, ==, "Customer called the mayor’s hotline.");
  g_assert_cmpint (count_entries (f, id, "raised") + count_entries (f, id, "note"), ==, 2);
}

/* The sync paths that must write entries still can: the server's copy of
 * an entry (with its rev) written over the desktop's own, and the replica
 * emptied to be read again from the server.
 */
static void
test_replica_paths (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = raise_escalation (f, f->desk_id, "normal");
  g_autofree char *entry_id = first_entry (f, id);
  g_autoptr (JsonObject) change = NULL;
  g_autoptr (JsonArray) changes = json_array_new ();
  g_autoptr (GError) error = NULL;

  change = cf_authority_record_envelope (f->store, cf_registry_lookup ("escalation_entry"),
                                         entry_id, 1, FALSE, &error);
  g_assert_no_error (error);
  json_object_set_int_member (change, "rev", 3);
  json_array_add_object_element (changes, json_object_ref (change));
  g_assert_true (cf_replica_apply_changes (f->store, changes, "3", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cf_test_record_rev (f->store, "escalation_entry", entry_id), ==, 3);

  g_assert_true (cf_replica_finish_attach (f->store, "server", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM escalation_entry"), ==, 0);
}

/* Customer data: lists mask it (first three and last four of a phone
 * number), and only the roles that work escalations see it in full.
 */
static void
test_personal_data (void)
{
  static const struct
  {
    const char *value;
    const char *masked;
  } cases[] = {
    { "13812345678", "138****5678" },
    { "138 1234 5678", "138******5678" },
    { "KD20250931", "KD2***0931" },
    { "1234567", "1*****7" },
    { "王小明", "王*明" },
    { "AB", "**" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = cf_personal_mask (cases[i].value);

      g_assert_cmpstr (masked, ==, cases[i].masked);
    }

  g_assert_true (cf_role_may_see_personal (CF_ROLE_SUPERVISOR));
  g_assert_true (cf_role_may_see_personal (CF_ROLE_DEPUTY));
  g_assert_true (cf_role_may_see_personal (CF_ROLE_SHIFT_LEAD));
  g_assert_true (cf_role_may_see_personal (CF_ROLE_COMPLAINTS_DESK));
  g_assert_false (cf_role_may_see_personal (CF_ROLE_INFORMATION_DESK));
  g_assert_false (cf_role_may_see_personal (CF_ROLE_AGENT));
}

/* The weekly review ------------------------------------------------------------ */

static char *
raise_complaint (Fixture    *f,
                 const char *author,
                 const char *category,
                 const char *severity,
                 const char *summary,
                 int         days_ago)
{
  CfEscalationReport report = {
    "hotline", category, severity, NULL, NULL, summary, NULL,
  };
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) raised = g_date_time_add_days (now, -days_ago);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = cf_escalation_raise (f->store, author, &report, NULL, raised,
                                                   &error);
  char *id;

  g_assert_no_error (error);
  id = g_strdup (cf_op_get_record_id (ops->pdata[0]));
  apply (f, author, g_steal_pointer (&ops), NULL);

  return id;
}

static void
escalate_with_proposal (Fixture    *f,
                        const char *author,
                        const char *id)
{
  GError *error = NULL;

  apply (f, author, cf_escalation_propose (f->store, author, id, "Send an engineer", &error),
         error);
  apply (f, author, cf_escalation_escalate (f->store, author, id, NULL, &error), error);
}

/* A week runs from Monday to Sunday. */
static void
test_review_week (void)
{
  GDate day, monday, sunday;

  g_date_clear (&day, 1);
  for (guint d = 16; d <= 22; d++)
    {
      g_date_set_dmy (&day, d, G_DATE_NOVEMBER, 2026);
      cf_escalation_review_get_week (&day, &monday, &sunday);
      g_assert_cmpuint (g_date_get_day (&monday), ==, 16);
      g_assert_cmpuint (g_date_get_weekday (&monday), ==, G_DATE_MONDAY);
      g_assert_cmpuint (g_date_get_day (&sunday), ==, 22);
    }
  /* A week across the year's end. */
  g_date_set_dmy (&day, 1, G_DATE_JANUARY, 2027);
  cf_escalation_review_get_week (&day, &monday, &sunday);
  g_assert_cmpuint (g_date_get_year (&monday), ==, 2026);
  g_assert_cmpuint (g_date_get_day (&monday), ==, 28);
  g_assert_cmpuint (g_date_get_day (&sunday), ==, 3);
}

/* The week's hard complaints: customer complaints escalated beyond the
 * complaints desk, reopened or overdue in the week, with the level they
 * reached and their outcome; nothing of another category, nothing settled
 * in time at the desk, nothing from another week.
 */
static void
test_review_hard_complaints (Fixture       *f,
                             gconstpointer  data)
{
  const struct
  {
    const char             *summary;
    const char             *level;
    const char             *status;
    const char             *outcome;
    CfHardComplaintReasons  reasons;
  } expected[] = {
    /* The most severe first, then as they were raised. */
    { "Skipped to the deputy", "deputy", "open", NULL, CF_HARD_COMPLAINT_ESCALATED },
    { "Overdue and open", "complaints_desk", "open", NULL, CF_HARD_COMPLAINT_OVERDUE },
    { "Escalated to the shift lead", "shift_lead", "resolved", "Engineer sent; fee waived",
      CF_HARD_COMPLAINT_ESCALATED },
    { "Raised by the shift lead", "shift_lead", "open", NULL, CF_HARD_COMPLAINT_ESCALATED },
    { "Reopened after an apology", "complaints_desk", "reopened", NULL,
      CF_HARD_COMPLAINT_REOPENED },
    { "Settled after its due time", "shift_lead", "resolved", "Refund of one month",
      CF_HARD_COMPLAINT_ESCALATED | CF_HARD_COMPLAINT_OVERDUE },
  };
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GPtrArray) complaints = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *skipped = NULL, *overdue = NULL, *escalated = NULL, *lead = NULL;
  g_autofree char *reopened = NULL, *late = NULL, *quiet = NULL, *other = NULL;
  CfHardComplaint *complaint;
  GDate today, day;

  skipped = raise_complaint (f, f->desk_id, "customer_complaint", "critical",
                             "Skipped to the deputy", 0);
  apply (f, f->desk_id, cf_escalation_skip (f->store, f->desk_id, skipped,
                                            CF_ESCALATION_LEVEL_DEPUTY, "Outage", &error), NULL);
  overdue = raise_complaint (f, f->desk_id, "customer_complaint", "urgent", "Overdue and open", 3);
  escalated = raise_complaint (f, f->desk_id, "customer_complaint", "normal",
                               "Escalated to the shift lead", 0);
  escalate_with_proposal (f, f->desk_id, escalated);
  apply (f, f->lead_id, cf_escalation_resolve (f->store, f->lead_id, escalated,
                                               "Engineer sent; fee waived", "Installation team",
                                               &error), NULL);
  lead = raise_complaint (f, f->lead_id, "customer_complaint", "normal",
                          "Raised by the shift lead", 0);
  reopened = raise_complaint (f, f->desk_id, "customer_complaint", "normal",
                              "Reopened after an apology", 0);
  apply (f, f->desk_id, cf_escalation_resolve (f->store, f->desk_id, reopened, "Apologised", NULL,
                                               &error), NULL);
  apply (f, f->desk_id, cf_escalation_reopen (f->store, f->desk_id, reopened, "Called again",
                                              &error), NULL);
  late = raise_complaint (f, f->desk_id, "customer_complaint", "normal",
                          "Settled after its due time", 3);
  escalate_with_proposal (f, f->desk_id, late);
  apply (f, f->lead_id, cf_escalation_resolve (f->store, f->lead_id, late, "Refund of one month",
                                               NULL, &error), NULL);
  /* Not hard: settled at the desk in time, or not a complaint. */
  quiet = raise_complaint (f, f->desk_id, "customer_complaint", "normal", "Settled at the desk", 0);
  apply (f, f->desk_id, cf_escalation_resolve (f->store, f->desk_id, quiet, "Explained", NULL,
                                               &error), NULL);
  other = raise_complaint (f, f->desk_id, "major_error", "critical", "Switch failure", 3);
  escalate_with_proposal (f, f->desk_id, other);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  complaints = cf_escalation_list_hard_complaints (f->store, &today, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (complaints->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      complaint = complaints->pdata[i];
      g_assert_cmpstr (complaint->summary, ==, expected[i].summary);
      g_assert_cmpstr (complaint->level_reached, ==, expected[i].level);
      g_assert_cmpstr (complaint->status, ==, expected[i].status);
      g_assert_cmpstr (complaint->outcome, ==, expected[i].outcome);
      g_assert_cmpint (complaint->reasons, ==, expected[i].reasons);
    }

  complaint = complaints->pdata[2];
  g_assert_cmpstr (complaint->escalation_id, ==, escalated);
  g_assert_cmpstr (complaint->responsible, ==, "Installation team");
  g_assert_cmpstr (cf_hard_complaint_get_label (complaint, "level"), ==, "Shift lead");
  g_assert_cmpstr (cf_hard_complaint_get_label (complaint, "status"), ==, "Resolved");
  g_assert_cmpstr (cf_hard_complaint_get_label (complaint, "severity"), ==, "Normal");
  {
    g_autofree char *outcome = cf_hard_complaint_describe_outcome (complaint);
    g_autofree char *open = cf_hard_complaint_describe_outcome (complaints->pdata[0]);
    g_autofree char *reasons = cf_hard_complaint_describe_reasons (complaints->pdata[5]);

    g_assert_cmpstr (outcome, ==, "Engineer sent; fee waived (responsible: Installation team)");
    g_assert_cmpstr (open, ==, "Still open");
    g_assert_cmpstr (reasons, ==, "Escalated, Overdue");
  }

  /* Last week none of them was raised yet; next week nothing has happened. */
  day = today;
  g_date_subtract_days (&day, 7);
  g_clear_pointer (&complaints, g_ptr_array_unref);
  complaints = cf_escalation_list_hard_complaints (f->store, &day, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (complaints->len, ==, 0);
  day = today;
  g_date_add_days (&day, 7);
  g_clear_pointer (&complaints, g_ptr_array_unref);
  complaints = cf_escalation_list_hard_complaints (f->store, &day, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (complaints->len, ==, 0);
}

/* The escalation policy is one synced record: the default until the
 * supervisor saves one; checked before it is built; only the supervisor
 * may change it; raising takes its due times.
 */
static void
test_policy (Fixture       *f,
             gconstpointer  data)
{
  CfEscalationPolicy policy = { 0 };
  CfEscalationPolicy wanted = CF_ESCALATION_POLICY_DEFAULT;
  CfEscalationPolicy bad = CF_ESCALATION_POLICY_DEFAULT;
  CfEscalationLevel level;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = NULL;
  g_autofree char *id = NULL;

  g_assert_true (cf_escalation_policy_load (f->store, &policy, &error));
  g_assert_no_error (error);
  g_assert_cmphex (policy.levels, ==, CF_ESCALATION_LEVELS_ALL);
  g_assert_cmpuint (policy.due_times.minutes[CF_ESCALATION_SEVERITY_NORMAL], ==, 24 * 60);
  g_assert_cmpuint (policy.due_times.minutes[CF_ESCALATION_SEVERITY_URGENT], ==, 4 * 60);
  g_assert_cmpuint (policy.due_times.minutes[CF_ESCALATION_SEVERITY_CRITICAL], ==, 60);

  /* Checked before anything is built. */
  bad.levels &= ~(1u << CF_ESCALATION_LEVEL_SUPERVISOR);
  g_assert_null (cf_escalation_policy_save (f->store, f->supervisor_id, &bad, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  g_clear_error (&error);
  bad = wanted;
  bad.due_times.minutes[CF_ESCALATION_SEVERITY_URGENT] = 4;
  g_assert_null (cf_escalation_policy_save (f->store, f->supervisor_id, &bad, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  g_clear_error (&error);
  bad.due_times.minutes[CF_ESCALATION_SEVERITY_URGENT] = CF_ESCALATION_DUE_MINUTES_MAX + 1;
  g_assert_false (cf_escalation_policy_check (&bad, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Only the supervisor may set it. */
  wanted.levels &= ~(1u << CF_ESCALATION_LEVEL_DEPUTY);
  wanted.due_times.minutes[CF_ESCALATION_SEVERITY_CRITICAL] = 30;
  ops = cf_escalation_policy_save (f->store, f->deputy_id, &wanted, &error);
  g_assert_no_error (error);
  g_assert_false (cf_store_apply (f->store, f->deputy_id, (CfOp * const *) ops->pdata, ops->len,
                                  &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_clear_pointer (&ops, g_ptr_array_unref);
  apply (f, f->supervisor_id, cf_escalation_policy_save (f->store, f->supervisor_id, &wanted,
                                                         &error), NULL);
  g_assert_true (cf_escalation_policy_load (f->store, &policy, &error));
  g_assert_cmphex (policy.levels, ==, wanted.levels);
  g_assert_cmpuint (policy.due_times.minutes[CF_ESCALATION_SEVERITY_CRITICAL], ==, 30);
  g_assert_cmpuint (policy.due_times.minutes[CF_ESCALATION_SEVERITY_URGENT], ==, 4 * 60);
  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM escalation_policy"), ==, 1);

  /* Saved again, it is the same record, changed. */
  wanted.levels |= 1u << CF_ESCALATION_LEVEL_DEPUTY;
  wanted.levels &= ~(1u << CF_ESCALATION_LEVEL_COMPLAINTS_DESK);
  apply (f, f->supervisor_id, cf_escalation_policy_save (f->store, f->supervisor_id, &wanted,
                                                         &error), NULL);
  g_assert_true (cf_escalation_policy_load (f->store, &policy, &error));
  g_assert_cmphex (policy.levels, ==, wanted.levels);
  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM escalation_policy"), ==, 1);

  /* A role whose level is not in use stands at the next one below. */
  g_assert_true (cf_escalation_policy_level_for_role (&policy, CF_ROLE_COMPLAINTS_DESK, &level));
  g_assert_cmpint (level, ==, CF_ESCALATION_LEVEL_AGENT);
  g_assert_true (cf_escalation_policy_level_for_role (&policy, CF_ROLE_DEPUTY, &level));
  g_assert_cmpint (level, ==, CF_ESCALATION_LEVEL_DEPUTY);
  g_assert_false (cf_escalation_policy_level_for_role (&policy, CF_ROLE_INFORMATION_DESK, &level));

  /* Raising takes the policy's due time: 30 minutes for critical. */
  id = raise_escalation (f, f->lead_id, "critical");
  assert_field (f, id, "due_at", "2026-11-20T10:00:00.000Z");
  assert_field (f, id, "level", "shift_lead");
}

/* The permission table: who may record each type of entry, and which
 * types take the escalation's level; every type has a rule, and the store
 * refuses the roles left out.
 */
static void
test_permission_table (void)
{
  const guint level_roles = CF_ROLES_ESCALATION;
  const struct
  {
    const char *kind;
    const char *type;
    guint       roles;
    gboolean    at_level;
  } table[] = {
    { "escalation_entry", "raised", CF_ROLES_DESKTOP, FALSE },
    { "escalation_entry", "acknowledged", level_roles, TRUE },
    { "escalation_entry", "note", CF_ROLES_DESKTOP, FALSE },
    { "escalation_entry", "instruction", CF_ROLES_DESKTOP, FALSE },
    { "escalation_entry", "proposal", CF_ROLES_DESKTOP, FALSE },
    { "escalation_entry", "escalated", level_roles, TRUE },
    { "escalation_entry", "skipped", level_roles, TRUE },
    { "escalation_entry", "handed_over", CF_ROLES_DESKTOP, FALSE },
    { "escalation_entry", "department_answer", CF_ROLES_DESKTOP, FALSE },
    { "escalation_entry", "resolved", level_roles, TRUE },
    { "escalation_entry", "reopened", CF_ROLES_DESKTOP, FALSE },
    { "escalation_entry", "closed", level_roles, TRUE },
    { "escalation_entry", "callback", CF_ROLES_DESKTOP, FALSE },
    { "escalation_entry", "report_after_acknowledged", level_roles, FALSE },
    { "rush_repair_entry", "created", CF_ROLES_ROSTER, FALSE },
    { "rush_repair_entry", "notified", CF_ROLES_DESKTOP, FALSE },
    { "rush_repair_entry", "repaired", CF_ROLES_DESKTOP, FALSE },
    { "rush_repair_entry", "callback", CF_ROLES_DESKTOP, FALSE },
    { "rush_repair_entry", "closed", CF_ROLES_ROSTER, FALSE },
    { "rush_repair_entry", "reopened", CF_ROLES_DESKTOP, FALSE },
  };
  const char * const kinds[] = { "escalation_entry", "rush_repair_entry" };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      const CfKind *kind = cf_registry_lookup (kinds[k]);
      const CfField *type = cf_kind_lookup_field (kind, "type");
      guint n_listed = 0;

      for (guint i = 0; type->choices[i] != NULL; i++)
        g_assert_nonnull (cf_kind_lookup_value_rule (kind, "type", type->choices[i]));
      for (guint i = 0; i < G_N_ELEMENTS (table); i++)
        n_listed += g_str_equal (table[i].kind, kinds[k]) ? 1 : 0;
      g_assert_cmpuint (n_listed, ==, g_strv_length ((char **) type->choices));
    }

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      const CfKind *kind = cf_registry_lookup (table[i].kind);
      const CfValueRule *rule = cf_kind_lookup_value_rule (kind, "type", table[i].type);

      g_test_message ("%s %s", table[i].kind, table[i].type);
      g_assert_nonnull (rule);
      g_assert_cmpint (rule->at_level, ==, table[i].at_level);
      for (CfRole role = 0; role < CF_N_ROLES; role++)
        {
          gboolean may = (table[i].roles & CF_ROLE_BIT (role)) != 0;
          g_autoptr (JsonObject) set = json_object_new ();
          g_autoptr (GError) error = NULL;

          g_assert_cmpint (cf_kind_allows_value (kind, "type", table[i].type, role), ==, may);
          json_object_set_string_member (set, "type", table[i].type);
          g_assert_cmpint (cf_kind_check_values (kind, set, role, &error), ==, may);
          if (!may)
            g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
        }
    }
}

/* A level not in use is passed over: escalating goes to the next level in
 * use, a skip must pass over a level in use, only levels in use are owed
 * a report afterwards, and a role whose level is not in use acts at the
 * next level below.
 */
static void
test_policy_levels (Fixture       *f,
                    gconstpointer  data)
{
  CfEscalationPolicy policy = CF_ESCALATION_POLICY_DEFAULT;
  g_autofree char *id = NULL;
  g_autofree char *skipped = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *ops;

  policy.levels &= ~(1u << CF_ESCALATION_LEVEL_DEPUTY);
  apply (f, f->supervisor_id, cf_escalation_policy_save (f->store, f->supervisor_id, &policy,
                                                         &error), NULL);

  /* Shift lead → supervisor: the deputy is not a level. */
  id = raise_escalation (f, f->lead_id, "normal");
  apply (f, f->lead_id, cf_escalation_propose (f->store, f->lead_id, id, "Refund", &error), NULL);
  apply (f, f->lead_id, cf_escalation_escalate (f->store, f->lead_id, id, NULL, &error), NULL);
  assert_field (f, id, "level", "supervisor");
  g_assert_cmpint (cf_test_query_integer (f->store,
                                          "SELECT COUNT(*) FROM escalation_entry WHERE "
                                          "escalation = ? AND type = 'escalated' AND "
                                          "from_level = 'shift_lead' AND to_level = 'supervisor'",
                                          id), ==, 1);

  /* A skip from the shift lead to the supervisor passes over no level in
   * use; from the complaints desk it passes over the shift lead only.
   */
  skipped = raise_escalation (f, f->lead_id, "critical");
  ops = cf_escalation_skip (f->store, f->lead_id, skipped, CF_ESCALATION_LEVEL_SUPERVISOR,
                            "Fire", &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_SKIP);
  g_assert_null (ops);
  g_clear_error (&error);
  g_clear_pointer (&skipped, g_free);
  skipped = raise_escalation (f, f->desk_id, "critical");
  ops = cf_escalation_skip (f->store, f->desk_id, skipped, CF_ESCALATION_LEVEL_DEPUTY, "Fire",
                            &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_SKIP);
  g_clear_error (&error);
  apply (f, f->desk_id, cf_escalation_skip (f->store, f->desk_id, skipped,
                                            CF_ESCALATION_LEVEL_SUPERVISOR, "Fire", &error), NULL);
  g_assert_cmpuint (n_report_after (f, CF_ESCALATION_LEVEL_SHIFT_LEAD), ==, 1);
  g_assert_cmpuint (n_report_after (f, CF_ESCALATION_LEVEL_DEPUTY), ==, 0);

  /* The deputy stands with the shift leads: it may tell the shift-lead
   * level, and may not act at the supervisor's.
   */
  ops = cf_escalation_acknowledge (f->store, f->deputy_id, skipped, &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_LEVEL);
  g_clear_error (&error);
  apply (f, f->deputy_id, cf_escalation_acknowledge_report (f->store, f->deputy_id, skipped,
                                                            &error), NULL);
  g_assert_cmpuint (n_report_after (f, CF_ESCALATION_LEVEL_SHIFT_LEAD), ==, 0);
  g_assert_cmpint (cf_test_query_integer (f->store,
                                          "SELECT COUNT(*) FROM escalation_entry WHERE "
                                          "escalation = ? AND type = 'report_after_acknowledged' "
                                          "AND to_level = 'shift_lead'", skipped), ==, 1);
}

/* Pushes one hand-made op to the server's authority, as @author. */
static CfOpResult *
push (Fixture     *f,
      const char  *author,
      CfOpAction   action,
      const char  *kind,
      const char  *record_id,
      JsonObject  *set)
{
  static gint64 device_seq = 0;
  g_autofree char *op_id = cf_uuid_new_v7 ();
  g_autofree char *now = cf_utc_now_iso ();
  g_autoptr (JsonObject) base = json_object_new ();
  g_autoptr (CfOp) op = NULL;
  g_autoptr (GError) error = NULL;
  CfStore *server = f->store;   /* the server's authority, on this database */
  CfOpResult *result;

  if (action != CF_OP_CREATE)
    {
      g_autoptr (JsonObject) current = cf_store_get_record (server, kind, record_id, &error);

      g_assert_no_error (error);
      for (GList *l = json_object_get_members (set); l != NULL; l = g_list_delete_link (l, l))
        json_object_set_member (base, l->data,
                                json_node_copy (json_object_get_member (current, l->data)));
    }
  op = _cf_op_new_remote (action, kind, record_id, set, base,
                          record_id != NULL ? cf_test_record_rev (server, kind, record_id) : 0,
                          op_id, ++device_seq, author, now);
  result = cf_authority_apply (server, op, "0190a3c2-0000-7000-8000-0000000000d1", op_id, &error);
  g_assert_no_error (error);

  return result;
}

static void
assert_rejected (CfOpResult *result,
                 const char *code)
{
  g_autoptr (CfOpResult) owned = result;

  g_assert_cmpint (result->status, ==, CF_OP_RESULT_REJECTED);
  g_assert_cmpstr (result->error, ==, code);
  g_test_message ("%s: %s", code, result->reason);
}

/* What the server does with steps made by hand, past the desktop's step
 * functions: the same rules refuse them.
 */
static void
test_server_refuses (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = raise_escalation (f, f->lead_id, "urgent");
  g_autofree char *agent_id = create_user (f, "A100", "An Agent", "agent", "ann");
  g_autoptr (JsonObject) entry = json_object_new ();
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (GError) error = NULL;

  /* An escalated entry without a proposal. */
  json_object_set_string_member (entry, "escalation", id);
  json_object_set_string_member (entry, "type", "escalated");
  json_object_set_string_member (entry, "from_level", "shift_lead");
  json_object_set_string_member (entry, "to_level", "deputy");
  assert_rejected (push (f, f->lead_id, CF_OP_CREATE, "escalation_entry", NULL, entry),
                   "invalid");
  /* A skip without a reason. */
  json_object_set_string_member (entry, "type", "skipped");
  json_object_set_string_member (entry, "to_level", "supervisor");
  assert_rejected (push (f, f->lead_id, CF_OP_CREATE, "escalation_entry", NULL, entry),
                   "invalid");
  /* The level patched without an entry. */
  json_object_set_string_member (set, "level", "deputy");
  assert_rejected (push (f, f->lead_id, CF_OP_PATCH, "escalation", id, set), "invalid");
  assert_field (f, id, "level", "shift_lead");

  /* At the deputy's level, a shift lead may not acknowledge. */
  apply (f, f->lead_id, cf_escalation_propose (f->store, f->lead_id, id, "Refund", &error), NULL);
  apply (f, f->lead_id, cf_escalation_escalate (f->store, f->lead_id, id, NULL, &error), NULL);
  assert_field (f, id, "level", "deputy");
  g_clear_pointer (&entry, json_object_unref);
  entry = json_object_new ();
  json_object_set_string_member (entry, "escalation", id);
  json_object_set_string_member (entry, "type", "acknowledged");
  assert_rejected (push (f, f->lead_id, CF_OP_CREATE, "escalation_entry", NULL, entry),
                   "forbidden");
  g_clear_pointer (&set, json_object_unref);
  set = json_object_new ();
  json_object_set_string_member (set, "status", "acknowledged");
  json_object_set_string_member (set, "assignee", f->lead_id);
  assert_rejected (push (f, f->lead_id, CF_OP_PATCH, "escalation", id, set), "invalid");

  /* An agent closes nothing, by entry or by status. */
  apply (f, f->deputy_id, cf_escalation_resolve (f->store, f->deputy_id, id, "Refunded", NULL,
                                                 &error), NULL);
  json_object_set_string_member (entry, "type", "closed");
  assert_rejected (push (f, agent_id, CF_OP_CREATE, "escalation_entry", NULL, entry),
                   "forbidden");
  g_clear_pointer (&set, json_object_unref);
  set = json_object_new ();
  json_object_set_string_member (set, "status", "closed");
  assert_rejected (push (f, agent_id, CF_OP_PATCH, "escalation", id, set), "forbidden");
  /* Nor does the information desk, or anyone by status alone. */
  assert_rejected (push (f, f->info_id, CF_OP_CREATE, "escalation_entry", NULL, entry),
                   "forbidden");
  assert_rejected (push (f, f->supervisor_id, CF_OP_PATCH, "escalation", id, set), "invalid");
  assert_field (f, id, "status", "resolved");

  /* The deputy's closing, entry then status, is taken. */
  {
    g_autoptr (CfOpResult) closed = push (f, f->deputy_id, CF_OP_CREATE, "escalation_entry", NULL,
                                          entry);
    g_autoptr (CfOpResult) status = NULL;

    g_assert_cmpint (closed->status, ==, CF_OP_RESULT_APPLIED);
    status = push (f, f->deputy_id, CF_OP_PATCH, "escalation", id, set);
    g_assert_cmpint (status->status, ==, CF_OP_RESULT_APPLIED);
  }
  assert_field (f, id, "status", "closed");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/escalation/raise", test_raise);
  ADD ("/escalation/due-and-overdue", test_due_and_overdue);
  ADD ("/escalation/escalate-needs-proposal", test_escalate_needs_proposal);
  ADD ("/escalation/skip-reports-after", test_skip_reports_after);
  ADD ("/escalation/instruction", test_instruction);
  ADD ("/escalation/department", test_department);
  ADD ("/escalation/resolve-close", test_resolve_close);
  ADD ("/escalation/correction", test_correction);
  ADD ("/escalation/information-desk", test_information_desk);
  ADD ("/escalation/append-only/store", test_store_refuses_rewrite);
  ADD ("/escalation/append-only/triggers", test_triggers_refuse_rewrite);
  ADD ("/escalation/append-only/replica", test_replica_paths);
  ADD ("/escalation/review/hard-complaints", test_review_hard_complaints);
  ADD ("/escalation/policy", test_policy);
  ADD ("/escalation/policy-levels", test_policy_levels);
  ADD ("/escalation/server-refuses", test_server_refuses);

#undef ADD

  g_test_add_func ("/escalation/personal-data", test_personal_data);
  g_test_add_func ("/escalation/permission-table", test_permission_table);
  g_test_add_func ("/escalation/review/week", test_review_week);

  status = g_test_run ();
  cf_test_clear_caches ();

  return status;
}
