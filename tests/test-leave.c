/* test-leave.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-leave.h"
#include "cf-op.h"
#include "cf-registry.h"
#include "cf-roster-month.h"
#include "cf-store.h"
#include "cf-test-util.h"

/* Leave requests on a real database holding a supervisor, a shift lead,
 * an agent with shifts in December 2026 and the default shift types:
 * asked for, checked, decided, and written into the roster.
 */

#define SUPERVISOR_LOGIN "ada"
#define PASSWORD         "correct horse battery"

typedef struct
{
  char          *dir;
  char          *path;
  CfStore       *store;
  char          *supervisor_id;
  char          *lead_id;       /* a shift lead's user */
  char          *agent_id;      /* staff */
  CfRosterMonth *month;
  GHashTable    *changes;       /* kind → how many times the store said it changed */
} Fixture;

static void
on_store_changed_cb (CfStore            *store,
                     const char         *kind,
                     const char * const *ids,
                     Fixture            *f)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (f->changes, kind));

  g_hash_table_insert (f->changes, g_strdup (kind), GUINT_TO_POINTER (n + 1));
}

static char *
create_staff (Fixture    *f,
              const char *employee_no,
              const char *name,
              const char *role)
{
  g_autoptr (JsonObject) values = json_object_new ();

  json_object_set_string_member (values, "employee_no", employee_no);
  json_object_set_string_member (values, "name", name);
  json_object_set_string_member (values, "role", role);
  return cf_test_create_record (f->store, f->supervisor_id, "staff", values);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (JsonObject) user = json_object_new ();
  g_autofree char *lead_staff = NULL;
  g_autoptr (GError) error = NULL;

  f->dir = cf_test_make_dir (&f->path);
  f->store = cf_test_open_supervised_store (f->path, "Ada Supervisor", "S001", SUPERVISOR_LOGIN,
                                            PASSWORD);
  f->supervisor_id = cf_test_query_text (f->store, "SELECT id FROM app_user", NULL);
  f->agent_id = create_staff (f, "A100", "Bo Agent", "agent");
  lead_staff = create_staff (f, "L100", "Lee Lead", "shift_lead");
  json_object_set_string_member (user, "staff", lead_staff);
  json_object_set_string_member (user, "login", "lee");
  json_object_set_string_member (user, "password_hash", cf_test_password_hash (PASSWORD));
  f->lead_id = cf_test_create_record (f->store, f->supervisor_id, "user", user);

  f->month = cf_roster_month_new (f->store, 2026, 12, &error);
  g_assert_no_error (error);
  f->changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (f->store, "changed", G_CALLBACK (on_store_changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_signal_handlers_disconnect_by_func (f->store, on_store_changed_cb, f);
  g_clear_object (&f->month);
  g_clear_object (&f->store);
  g_clear_pointer (&f->changes, g_hash_table_unref);
  g_free (f->supervisor_id);
  g_free (f->lead_id);
  g_free (f->agent_id);
  cf_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static guint
n_changes (Fixture    *f,
           const char *kind)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (f->changes, kind));
}

static gint64
count_ops (Fixture *f)
{
  return cf_store_count (f->store, "SELECT COUNT(*) FROM op_log");
}

/* Sets the agent's cell on @date to the shift with @code, or to @leave. */
static void
set_cell (Fixture    *f,
          const char *date,
          const char *code,
          const char *leave)
{
  g_autoptr (JsonObject) values = json_object_new ();
  g_autoptr (CfOp) op = NULL;
  g_autoptr (GError) error = NULL;

  json_object_set_string_member (values, "staff", f->agent_id);
  json_object_set_string_member (values, "date", date);
  if (code != NULL)
    {
      g_autofree char *shift_id = cf_test_query_text (f->store, "SELECT id FROM shift_type "
                                                                "WHERE code = ?", code);

      g_assert_nonnull (shift_id);
      json_object_set_string_member (values, "shift_type", shift_id);
    }
  if (leave != NULL)
    json_object_set_string_member (values, "leave", leave);
  op = cf_op_new_create ("roster_assignment", values);
  cf_store_apply (f->store, f->supervisor_id, &op, 1, &error);
  g_assert_no_error (error);
}

/* The agent's cell on @date as the store holds it: a shift code, a leave,
 * "" for an empty cell and NULL for no record.
 */
static char *
stored_cell (Fixture    *f,
             const char *date)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COALESCE ((SELECT t.code FROM shift_type t "
                                          "WHERE t.id = a.shift_type), a.leave, '') "
                                          "FROM roster_assignment a WHERE a.staff = ? "
                                          "AND a.date = '%s'", date);

  return cf_test_query_text (f->store, sql, f->agent_id);
}

static void
assert_cell (Fixture    *f,
             const char *date,
             const char *wanted)
{
  g_autofree char *stored = stored_cell (f, date);

  g_assert_cmpstr (stored, ==, wanted);
}

/* 9–13 December: early, late, nothing, sick leave, annual leave. */
static void
fill_week (Fixture *f)
{
  set_cell (f, "2026-12-09", "E", NULL);
  set_cell (f, "2026-12-10", "E", NULL);
  set_cell (f, "2026-12-11", "L", NULL);
  set_cell (f, "2026-12-13", NULL, "sick");
  set_cell (f, "2026-12-14", NULL, "annual");
  set_cell (f, "2026-12-15", "N", NULL);
}

static guint
agent_row (Fixture *f)
{
  for (guint i = 0; i < cf_roster_month_get_n_rows (f->month); i++)
    {
      if (g_str_equal (cf_roster_month_get_row (f->month, i)->staff_id, f->agent_id))
        return i;
    }

  g_assert_not_reached ();
}

/* The week as fill_week () left it, and no approved leave in the month;
 * @twelfth is the 12th: NULL while it has no record, "" once emptied.
 */
static void
assert_week_as_filled (Fixture    *f,
                       const char *twelfth)
{
  g_autofree char *stored = stored_cell (f, "2026-12-12");
  guint row = agent_row (f);

  assert_cell (f, "2026-12-10", "E");
  assert_cell (f, "2026-12-11", "L");
  g_assert_cmpstr (stored, ==, twelfth);
  assert_cell (f, "2026-12-13", "sick");
  assert_cell (f, "2026-12-14", "annual");

  for (int day = 8; day <= 14; day++)
    g_assert_false (cf_roster_month_get_cell (f->month, row, day).flags &
                    CF_ROSTER_CELL_APPROVED_LEAVE);
}

/* Neither approving nor rejecting @request as @author is allowed; nothing
 * is written.
 */
static void
assert_cannot_decide (Fixture    *f,
                      const char *author,
                      const char *request,
                      GQuark      domain,
                      int         code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) approval = NULL;
  g_autoptr (CfOp) rejection = NULL;
  gint64 ops_before = count_ops (f);

  approval = cf_leave_approve (f->store, author, request, &error);
  g_assert_null (approval);
  g_assert_error (error, domain, code);
  g_clear_error (&error);
  rejection = cf_leave_reject (f->store, author, request, &error);
  g_assert_null (rejection);
  g_assert_error (error, domain, code);
  g_assert_cmpint (count_ops (f), ==, ops_before);
}

static char *
submit (Fixture    *f,
        const char *author,
        const char *staff_id,
        const char *start_date,
        const char *end_date)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfOp) op = cf_leave_submit (f->store, author, staff_id, "annual", start_date,
                                         end_date, "Wedding", &error);

  g_assert_no_error (error);
  g_assert_nonnull (op);

  return g_strdup (cf_op_get_record_id (op));
}

static void
assert_problem (Fixture    *f,
                const char *staff_id,
                const char *start_date,
                const char *end_date,
                GQuark      domain,
                int         code)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (cf_leave_check_request (f->store, staff_id, start_date, end_date, NULL,
                                          &error));
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
}

/* Each problem is refused with its own words; nothing refused is written. */
static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfOp) refused = NULL;
  g_autoptr (JsonObject) deactivate = json_object_new ();
  g_autoptr (CfOp) patch = NULL;
  g_autofree char *leaver = create_staff (f, "A200", "Cy Leaver", "agent");
  gint64 n_requests;

  assert_problem (f, NULL, "2026-12-10", "2026-12-12", CF_LEAVE_ERROR, CF_LEAVE_ERROR_NO_STAFF);
  assert_problem (f, f->supervisor_id, "2026-12-10", "2026-12-12", CF_LEAVE_ERROR,
                  CF_LEAVE_ERROR_NO_STAFF);

  /* A date that is not one names the field it was typed in. */
  g_assert_false (cf_leave_check_request (f->store, f->agent_id, "2026-02-30", "2026-03-02",
                                          NULL, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message,
                            cf_field_get_label (cf_kind_lookup_field (
                              cf_registry_lookup ("leave_request"), "start_date"))));
  g_clear_error (&error);
  g_assert_false (cf_leave_check_request (f->store, f->agent_id, "2026-12-10", "", NULL,
                                          &error));
  g_assert_nonnull (strstr (error->message,
                            cf_field_get_label (cf_kind_lookup_field (
                              cf_registry_lookup ("leave_request"), "end_date"))));
  g_clear_error (&error);

  g_assert_false (cf_leave_check_request (f->store, f->agent_id, "2026-12-12", "2026-12-10",
                                          NULL, &error));
  g_assert_error (error, CF_LEAVE_ERROR, CF_LEAVE_ERROR_DATES);
  g_assert_cmpstr (error->message, ==, _("The leave cannot end before it starts."));
  g_clear_error (&error);

  /* A year, a leap day included, is the most one request covers. */
  g_assert_true (cf_leave_check_request (f->store, f->agent_id, "2027-03-01", "2028-02-29",
                                         NULL, &error));
  g_assert_no_error (error);
  assert_problem (f, f->agent_id, "2027-03-01", "2028-03-01", CF_LEAVE_ERROR,
                  CF_LEAVE_ERROR_TOO_LONG);

  /* Someone who has left takes no leave, and is named. */
  json_object_set_boolean_member (deactivate, "active", FALSE);
  patch = cf_op_new_patch ("staff", leaver, deactivate);
  g_assert_true (cf_store_apply (f->store, f->supervisor_id, &patch, 1, &error));
  g_assert_false (cf_leave_check_request (f->store, leaver, "2026-12-10", "2026-12-12", NULL,
                                          &error));
  g_assert_error (error, CF_LEAVE_ERROR, CF_LEAVE_ERROR_INACTIVE);
  g_assert_nonnull (strstr (error->message, "Cy Leaver"));
  g_clear_error (&error);

  /* Submitting checks the same way, and writes nothing when refused. */
  n_requests = cf_store_count (f->store, "SELECT COUNT(*) FROM leave_request");
  refused = cf_leave_submit (f->store, f->supervisor_id, f->agent_id, "annual", "2026-12-12",
                             "2026-12-10", NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, CF_LEAVE_ERROR, CF_LEAVE_ERROR_DATES);
  g_clear_error (&error);
  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM leave_request"), ==,
                   n_requests);

  g_assert_true (cf_leave_check_request (f->store, f->agent_id, "2026-12-10", "2026-12-10",
                                         NULL, &error));
  g_assert_no_error (error);
}

/* A second request over a day already asked for is refused, naming the
 * first; a rejected request no longer holds its days.
 */
static void
test_overlap (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfOp) second = NULL;
  g_autoptr (CfOp) rejection = NULL;
  g_autofree char *first = submit (f, f->supervisor_id, f->agent_id, "2026-12-10", "2026-12-12");
  g_autofree char *other_staff = create_staff (f, "A300", "Di Other", "agent");
  gint64 n_requests = cf_store_count (f->store, "SELECT COUNT(*) FROM leave_request");

  second = cf_leave_submit (f->store, f->supervisor_id, f->agent_id, "sick", "2026-12-12",
                            "2026-12-14", NULL, &error);
  g_assert_null (second);
  g_assert_error (error, CF_LEAVE_ERROR, CF_LEAVE_ERROR_OVERLAP);
  g_assert_nonnull (strstr (error->message, "Bo Agent"));
  g_assert_nonnull (strstr (error->message, "2026-12-10"));
  g_assert_nonnull (strstr (error->message, "2026-12-12"));
  g_clear_error (&error);
  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM leave_request"), ==,
                   n_requests);

  /* Around it, or for someone else, is fine. */
  g_assert_true (cf_leave_check_request (f->store, f->agent_id, "2026-12-13", "2026-12-14",
                                         NULL, &error));
  g_assert_true (cf_leave_check_request (f->store, f->agent_id, "2026-12-01", "2026-12-09",
                                         NULL, &error));
  g_assert_true (cf_leave_check_request (f->store, other_staff, "2026-12-10", "2026-12-12",
                                         NULL, &error));
  /* The request itself is no overlap of itself. */
  g_assert_true (cf_leave_check_request (f->store, f->agent_id, "2026-12-10", "2026-12-12",
                                         first, &error));
  g_assert_no_error (error);

  rejection = cf_leave_reject (f->store, f->supervisor_id, first, &error);
  g_assert_no_error (error);
  g_free (submit (f, f->supervisor_id, f->agent_id, "2026-12-12", "2026-12-14"));
}

/* Before approving, the days whose shifts (or other leave) it replaces. */
static void
test_clashes (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) clashes = NULL;
  g_autofree char *request = NULL;
  CfLeaveClash *clash;

  fill_week (f);
  request = submit (f, f->supervisor_id, f->agent_id, "2026-12-10", "2026-12-14");
  clashes = cf_leave_list_clashes (f->store, request, &error);
  g_assert_no_error (error);

  /* The 12th is empty and the 14th is already annual leave. */
  g_assert_cmpuint (clashes->len, ==, 3);
  clash = &g_array_index (clashes, CfLeaveClash, 0);
  g_assert_cmpstr (clash->date, ==, "2026-12-10");
  g_assert_cmpstr (clash->shift_code, ==, "E");
  g_assert_cmpstr (clash->shift_name, ==, "Early");
  g_assert_null (clash->leave_type);
  clash = &g_array_index (clashes, CfLeaveClash, 1);
  g_assert_cmpstr (clash->date, ==, "2026-12-11");
  g_assert_cmpstr (clash->shift_code, ==, "L");
  clash = &g_array_index (clashes, CfLeaveClash, 2);
  g_assert_cmpstr (clash->date, ==, "2026-12-13");
  g_assert_null (clash->shift_code);
  g_assert_cmpstr (clash->leave_type, ==, "sick");
}

static char **
op_ids (GPtrArray *ops)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **ids;

  for (guint i = 0; i < ops->len; i++)
    {
      g_assert_nonnull (cf_op_get_op_id (ops->pdata[i]));
      g_strv_builder_add (builder, cf_op_get_op_id (ops->pdata[i]));
    }
  ids = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return ids;
}

/* Approving writes exactly the leave into each day of the range, in one
 * transaction with the decision; the month shows it as approved leave;
 * one undo takes all of it back.
 */
static void
test_approve (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GPtrArray) undone = NULL;
  g_autoptr (CfLeaveRequest) approved = NULL;
  g_autoptr (CfLeaveRequest) pending = NULL;
  g_auto (GStrv) ids = NULL;
  g_autofree char *request = NULL;
  guint8 annual = 1;    /* the first leave type, 1-based as in a cell */
  gint64 ops_before;
  guint row;

  fill_week (f);
  request = submit (f, f->supervisor_id, f->agent_id, "2026-12-10", "2026-12-14");
  ops_before = count_ops (f);
  g_hash_table_remove_all (f->changes);

  ops = cf_leave_approve (f->store, f->supervisor_id, request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ops);

  /* One commit: each kind is reported changed once. Three cells changed,
   * one made (the 12th had none), the 14th already held the leave.
   */
  g_assert_cmpuint (n_changes (f, "roster_assignment"), ==, 1);
  g_assert_cmpuint (n_changes (f, "leave_request"), ==, 1);
  g_assert_cmpuint (ops->len, ==, 5);
  g_assert_cmpint (count_ops (f), ==, ops_before + 5);

  approved = cf_leave_lookup_request (f->store, request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_leave_request_get_status (approved), ==, CF_LEAVE_STATUS_APPROVED);
  g_assert_cmpstr (cf_leave_request_get_decided_by (approved), ==, "Ada Supervisor");
  g_assert_nonnull (cf_leave_request_get_decided_at (approved));
  {
    g_autofree char *decided_by = cf_test_record_string (f->store, "leave_request", request,
                                                         "decided_by");

    g_assert_cmpstr (decided_by, ==, f->supervisor_id);
  }

  /* Exactly the leave, no shift, in each day; the days around unchanged. */
  assert_cell (f, "2026-12-09", "E");
  for (const char * const *date = (const char * const[]) { "2026-12-10", "2026-12-11",
                                                           "2026-12-12", "2026-12-13",
                                                           "2026-12-14", NULL };
       *date != NULL; date++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM roster_assignment "
                                              "WHERE staff = ? AND date = '%s' AND leave = "
                                              "'annual' AND shift_type IS NULL", *date);

      g_assert_cmpint (cf_test_query_integer (f->store, sql, f->agent_id), ==, 1);
    }
  assert_cell (f, "2026-12-15", "N");

  /* The month shows the leave, flagged as approved. */
  row = agent_row (f);
  for (int day = 9; day <= 13; day++)
    {
      CfRosterCell cell = cf_roster_month_get_cell (f->month, row, day);

      g_assert_cmpuint (cell.shift, ==, 0);
      g_assert_cmpuint (cell.leave, ==, annual);
      g_assert_true (cell.flags & CF_ROSTER_CELL_APPROVED_LEAVE);
    }
  g_assert_false (cf_roster_month_get_cell (f->month, row, 8).flags &
                  CF_ROSTER_CELL_APPROVED_LEAVE);
  g_assert_false (cf_roster_month_get_cell (f->month, row, 14).flags &
                  CF_ROSTER_CELL_APPROVED_LEAVE);

  /* Decided once. */
  assert_cannot_decide (f, f->supervisor_id, request, CF_LEAVE_ERROR, CF_LEAVE_ERROR_DECIDED);

  /* Undo: the request waits again, the roster is as it was. */
  ids = op_ids (ops);
  undone = cf_store_undo (f->store, f->supervisor_id, (const char * const *) ids, &error);
  g_assert_no_error (error);
  pending = cf_leave_lookup_request (f->store, request, &error);
  g_assert_cmpint (cf_leave_request_get_status (pending), ==, CF_LEAVE_STATUS_PENDING);
  g_assert_null (cf_leave_request_get_decided_by (pending));
  assert_week_as_filled (f, "");
}

/* Rejecting records the decision and leaves the roster alone. */
static void
test_reject (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfOp) op = NULL;
  g_autoptr (CfLeaveRequest) rejected = NULL;
  g_autofree char *request = NULL;
  gint64 ops_before;

  fill_week (f);
  request = submit (f, f->supervisor_id, f->agent_id, "2026-12-10", "2026-12-14");
  ops_before = count_ops (f);
  g_hash_table_remove_all (f->changes);

  op = cf_leave_reject (f->store, f->supervisor_id, request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cf_op_get_op_id (op));
  g_assert_cmpint (count_ops (f), ==, ops_before + 1);
  g_assert_cmpuint (n_changes (f, "roster_assignment"), ==, 0);

  rejected = cf_leave_lookup_request (f->store, request, &error);
  g_assert_cmpint (cf_leave_request_get_status (rejected), ==, CF_LEAVE_STATUS_REJECTED);
  g_assert_cmpstr (cf_leave_request_get_decided_by (rejected), ==, "Ada Supervisor");
  g_assert_nonnull (cf_leave_request_get_decided_at (rejected));
  assert_week_as_filled (f, NULL);

  /* Rejected is final: it can be neither approved nor rejected again. */
  assert_cannot_decide (f, f->supervisor_id, request, CF_LEAVE_ERROR, CF_LEAVE_ERROR_DECIDED);
}

/* A shift lead asks for leave but does not decide it: the store refuses,
 * and the roster cells the lead may otherwise change are left alone.
 */
static void
test_lead_cannot_decide (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfLeaveRequest) still = NULL;
  g_autofree char *request = NULL;

  fill_week (f);
  request = submit (f, f->lead_id, f->agent_id, "2026-12-10", "2026-12-14");

  assert_cannot_decide (f, f->lead_id, request, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
  assert_week_as_filled (f, NULL);
  still = cf_leave_lookup_request (f->store, request, &error);
  g_assert_cmpint (cf_leave_request_get_status (still), ==, CF_LEAVE_STATUS_PENDING);
}

/* The list: waiting requests first, earliest first; then decided ones. */
static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) list = NULL;
  g_autoptr (CfOp) rejection = NULL;
  g_autofree char *late = submit (f, f->supervisor_id, f->agent_id, "2026-12-20", "2026-12-21");
  g_autofree char *early = submit (f, f->supervisor_id, f->agent_id, "2026-12-01", "2026-12-03");
  g_autofree char *decided = submit (f, f->supervisor_id, f->agent_id, "2026-11-01",
                                     "2026-11-02");
  const char *expected[] = { early, late, decided };

  rejection = cf_leave_reject (f->store, f->supervisor_id, decided, &error);
  g_assert_no_error (error);
  list = cf_leave_list_requests (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr (CfLeaveRequest) request = g_list_model_get_item (list, i);

      g_assert_cmpstr (cf_leave_request_get_id (request), ==, expected[i]);
      g_assert_cmpstr (cf_leave_request_get_staff_name (request), ==, "Bo Agent");
      g_assert_cmpstr (cf_leave_request_get_reason (request), ==, "Wedding");
    }
  {
    g_autoptr (CfLeaveRequest) first = g_list_model_get_item (list, 0);

    g_assert_cmpuint (cf_leave_request_get_n_days (first), ==, 3);
    g_assert_cmpstr (cf_leave_request_get_type_label (first), ==,
                     cf_leave_type_get_label ("annual"));
    g_assert_cmpstr (cf_leave_request_get_employee_no (first), ==, "A100");
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/leave/validation", test_validation);
  ADD ("/leave/overlap", test_overlap);
  ADD ("/leave/clashes", test_clashes);
  ADD ("/leave/approve", test_approve);
  ADD ("/leave/reject", test_reject);
  ADD ("/leave/lead-cannot-decide", test_lead_cannot_decide);
  ADD ("/leave/list", test_list);

#undef ADD

  status = g_test_run ();
  cf_test_clear_caches ();

  return status;
}
