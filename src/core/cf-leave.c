/* cf-leave.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-leave"

#include "config.h"

#include "cf-leave.h"

#include <glib/gi18n-lib.h>

#include "cf-registry.h"
#include "cf-store.h"
#include "cf-uuid.h"

/* Leave requests (请假, DOMAIN.md "Attendance" and "Scheduling"): asked for
 * by the roster's people, decided by a supervisor or deputy. Approving one
 * writes the leave into every day of its range in the roster, replacing
 * the shifts there, in the same transaction as the decision — so the
 * roster and the request never disagree, and one Undo takes both back.
 */
struct _CfLeaveRequest
{
  GObject        parent_instance;

  char          *id;
  char          *staff_id;
  char          *staff_name;
  char          *employee_no;
  char          *leave_type;
  char          *start_date;
  char          *end_date;
  char          *reason;
  char          *decided_by;    /* the name of who decided */
  char          *decided_at;
  guint          n_days;
  CfLeaveStatus  status;
};

G_DEFINE_FINAL_TYPE (CfLeaveRequest, cf_leave_request, G_TYPE_OBJECT)

G_DEFINE_QUARK (cf-leave-error-quark, cf_leave_error)

static const char * const status_names[] = { "pending", "approved", "rejected" };

#define REQUEST_COLUMNS \
  "r.id, r.staff, s.name, s.employee_no, r.leave_type, r.start_date, r.end_date, r.reason, " \
  "r.status, ds.name, r.decided_at FROM leave_request r JOIN staff s ON s.id = r.staff " \
  "LEFT JOIN app_user u ON u.id = r.decided_by LEFT JOIN staff ds ON ds.id = u.staff "

static const CfField *
request_field (const char *name)
{
  return cf_kind_lookup_field (cf_registry_lookup ("leave_request"), name);
}

static void
cf_leave_request_finalize (GObject *object)
{
  CfLeaveRequest *self = (CfLeaveRequest *)object;

  g_free (self->id);
  g_free (self->staff_id);
  g_free (self->staff_name);
  g_free (self->employee_no);
  g_free (self->leave_type);
  g_free (self->start_date);
  g_free (self->end_date);
  g_free (self->reason);
  g_free (self->decided_by);
  g_free (self->decided_at);

  G_OBJECT_CLASS (cf_leave_request_parent_class)->finalize (object);
}

static void
cf_leave_request_class_init (CfLeaveRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cf_leave_request_finalize;
}

static void
cf_leave_request_init (CfLeaveRequest *self)
{
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/**
 * cf_leave_count_days:
 *
 * Returns: the calendar days from @start_date to @end_date, both counted;
 *   0 when either is not a date or the range runs backwards
 */
guint
cf_leave_count_days (const char *start_date,
                     const char *end_date)
{
  GDate start, end;

  if (!cf_date_parse (start_date, &start) || !cf_date_parse (end_date, &end) ||
      g_date_compare (&end, &start) < 0)
    return 0;

  return g_date_days_between (&start, &end) + 1;
}

static CfLeaveRequest *
request_from_row (sqlite3_stmt *stmt)
{
  CfLeaveRequest *self = g_object_new (CF_TYPE_LEAVE_REQUEST, NULL);
  const char *status = (const char *) sqlite3_column_text (stmt, 8);

  self->id = column_text (stmt, 0);
  self->staff_id = column_text (stmt, 1);
  self->staff_name = column_text (stmt, 2);
  self->employee_no = column_text (stmt, 3);
  self->leave_type = column_text (stmt, 4);
  self->start_date = column_text (stmt, 5);
  self->end_date = column_text (stmt, 6);
  self->reason = column_text (stmt, 7);
  self->decided_by = column_text (stmt, 9);
  self->decided_at = column_text (stmt, 10);
  self->n_days = cf_leave_count_days (self->start_date, self->end_date);
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    {
      if (g_strcmp0 (status, status_names[i]) == 0)
        self->status = i;
    }

  return self;
}

const char *
cf_leave_request_get_id (CfLeaveRequest *self)
{
  g_return_val_if_fail (CF_IS_LEAVE_REQUEST (self), NULL);

  return self->id;
}

const char *
cf_leave_request_get_staff_id (CfLeaveRequest *self)
{
  g_return_val_if_fail (CF_IS_LEAVE_REQUEST (self), NULL);

  return self->staff_id;
}

const char *
cf_leave_request_get_staff_name (CfLeaveRequest *self)
{
  g_return_val_if_fail (CF_IS_LEAVE_REQUEST (self), NULL);

  return self->staff_name;
}

const char *
cf_leave_request_get_employee_no (CfLeaveRequest *self)
{
  g_return_val_if_fail (CF_IS_LEAVE_REQUEST (self), NULL);

  return self->employee_no;
}

/* Returns: the leave type as stored, such as "annual" */
const char *
cf_leave_request_get_leave_type (CfLeaveRequest *self)
{
  g_return_val_if_fail (CF_IS_LEAVE_REQUEST (self), NULL);

  return self->leave_type;
}

const char *
cf_leave_request_get_type_label (CfLeaveRequest *self)
{
  g_return_val_if_fail (CF_IS_LEAVE_REQUEST (self), NULL);

  return cf_leave_type_get_label (self->leave_type);
}

const char *
cf_leave_request_get_start_date (CfLeaveRequest *self)
{
  g_return_val_if_fail (CF_IS_LEAVE_REQUEST (self), NULL);

  return self->start_date;
}

const char *
cf_leave_request_get_end_date (CfLeaveRequest *self)
{
  g_return_val_if_fail (CF_IS_LEAVE_REQUEST (self), NULL);

  return self->end_date;
}

/* Returns: the calendar days the request covers, first and last included */
guint
cf_leave_request_get_n_days (CfLeaveRequest *self)
{
  g_return_val_if_fail (CF_IS_LEAVE_REQUEST (self), 0);

  return self->n_days;
}

/* Returns: (nullable): the reason given */
const char *
cf_leave_request_get_reason (CfLeaveRequest *self)
{
  g_return_val_if_fail (CF_IS_LEAVE_REQUEST (self), NULL);

  return self->reason;
}

CfLeaveStatus
cf_leave_request_get_status (CfLeaveRequest *self)
{
  g_return_val_if_fail (CF_IS_LEAVE_REQUEST (self), CF_LEAVE_STATUS_PENDING);

  return self->status;
}

const char *
cf_leave_request_get_status_label (CfLeaveRequest *self)
{
  g_return_val_if_fail (CF_IS_LEAVE_REQUEST (self), NULL);

  return cf_field_get_choice_label (request_field ("status"), self->status);
}

/* Returns: (nullable): the name of the supervisor or deputy who decided */
const char *
cf_leave_request_get_decided_by (CfLeaveRequest *self)
{
  g_return_val_if_fail (CF_IS_LEAVE_REQUEST (self), NULL);

  return self->decided_by;
}

/* Returns: (nullable): when it was decided, as UTC ISO-8601 */
const char *
cf_leave_request_get_decided_at (CfLeaveRequest *self)
{
  g_return_val_if_fail (CF_IS_LEAVE_REQUEST (self), NULL);

  return self->decided_at;
}

/* Returns: what a person reads for @leave_type ("annual" → “Annual leave”) */
const char *
cf_leave_type_get_label (const char *leave_type)
{
  const CfField *field = request_field ("leave_type");

  for (guint i = 0; field->choices[i] != NULL; i++)
    {
      if (g_strcmp0 (field->choices[i], leave_type) == 0)
        return cf_field_get_choice_label (field, i);
    }

  return leave_type;
}

/**
 * cf_leave_describe_day:
 * @date: YYYY-MM-DD
 *
 * Returns: (transfer full): the day with its weekday, in the user's
 *   language, such as “Thu 2026-12-10”; @date itself when it is not a date
 */
char *
cf_leave_describe_day (const char *date)
{
  g_autoptr (GDateTime) time = NULL;
  GDate day;

  if (!cf_date_parse (date, &day))
    return g_strdup (date);

  time = g_date_time_new_local (g_date_get_year (&day), g_date_get_month (&day),
                                g_date_get_day (&day), 12, 0, 0);
  /* translators: a day, as g_date_time_format () writes it: weekday and date, e.g.
   * “Thu 2026-12-10”; keep the date as YYYY-MM-DD. %a is the short weekday of the
   * locale (“日”, “一” in Chinese), so Chinese may want “%Y-%m-%d（周%a）”.
   */
  return g_date_time_format (time, _("%a %Y-%m-%d"));
}

void
cf_leave_clash_clear (CfLeaveClash *clash)
{
  g_clear_pointer (&clash->date, g_free);
  g_clear_pointer (&clash->shift_code, g_free);
  g_clear_pointer (&clash->shift_name, g_free);
  g_clear_pointer (&clash->leave_type, g_free);
}

/**
 * cf_leave_list_requests:
 *
 * Every pending request, earliest first, then the requests decided in the
 * last %CF_LEAVE_RECENT_DAYS days, latest decision first.
 *
 * Returns: (transfer full): a list of #CfLeaveRequest, or %NULL with @error
 *   set
 */
GListModel *
cf_leave_list_requests (CfStore  *store,
                        GError  **error)
{
  g_autoptr (GListStore) requests = g_list_store_new (CF_TYPE_LEAVE_REQUEST);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) since = g_date_time_add_days (now, -CF_LEAVE_RECENT_DAYS);
  g_autofree char *cutoff = g_date_time_format (since, "%Y-%m-%dT%H:%M:%S");
  g_autoptr (CfStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  stmt = cf_store_prepare (store,
                           "SELECT " REQUEST_COLUMNS
                           "WHERE r.deleted = 0 AND (r.status = 'pending' OR "
                           "  COALESCE (r.decided_at, r.updated_at) >= ?) "
                           "ORDER BY r.status <> 'pending', "
                           "  CASE WHEN r.status = 'pending' THEN r.start_date END, "
                           "  COALESCE (r.decided_at, r.updated_at) DESC, s.name, r.id",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, cutoff, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (CfLeaveRequest) request = request_from_row (stmt);

      g_list_store_append (requests, request);
    }
  if (rc != SQLITE_DONE)
    {
      cf_store_set_sqlite_error (store, rc, error);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&requests));
}

/* Returns: (transfer full): the request, or %NULL with @error set */
CfLeaveRequest *
cf_leave_lookup_request (CfStore     *store,
                         const char  *request_id,
                         GError     **error)
{
  g_autoptr (CfStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  stmt = cf_store_prepare (store, "SELECT " REQUEST_COLUMNS "WHERE r.id = ? AND r.deleted = 0",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, request_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return request_from_row (stmt);
  if (rc != SQLITE_DONE)
    cf_store_set_sqlite_error (store, rc, error);
  else
    g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                         _("The leave request no longer exists."));

  return NULL;
}

static gboolean
check_date (CfStore     *store,
            const char  *field_name,
            const char  *date,
            GError     **error)
{
  g_autoptr (JsonNode) value = NULL;

  if (date != NULL && date[0] != '\0')
    value = json_node_init_string (json_node_alloc (), date);

  return cf_store_check_value (store, "leave_request", field_name, value, NULL, error);
}

static gboolean
check_staff (CfStore     *store,
             const char  *staff_id,
             GError     **error)
{
  g_autoptr (CfStatement) stmt = NULL;

  if (staff_id == NULL || staff_id[0] == '\0')
    {
      g_set_error_literal (error, CF_LEAVE_ERROR, CF_LEAVE_ERROR_NO_STAFF,
                           _("Choose the staff member the leave is for."));
      return FALSE;
    }

  stmt = cf_store_prepare (store, "SELECT name, active FROM staff WHERE id = ? AND deleted = 0",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, staff_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, CF_LEAVE_ERROR, CF_LEAVE_ERROR_NO_STAFF,
                           _("The chosen staff member does not exist."));
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 1) == 0)
    {
      g_set_error (error, CF_LEAVE_ERROR, CF_LEAVE_ERROR_INACTIVE,
                   /* translators: %s is a staff member's name */
                   _("%s is no longer active, so no leave can be requested for them."),
                   sqlite3_column_text (stmt, 0));
      return FALSE;
    }

  return TRUE;
}

/* Another pending or approved request of the same person covering one of
 * the days is named, with its dates and state.
 */
static gboolean
check_overlap (CfStore     *store,
               const char  *staff_id,
               const char  *start_date,
               const char  *end_date,
               const char  *except_id,
               GError     **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store,
                      "SELECT s.name, r.leave_type, r.start_date, r.end_date, r.status "
                      "FROM leave_request r JOIN staff s ON s.id = r.staff "
                      "WHERE r.staff = ? AND r.deleted = 0 AND r.status IN ('pending', 'approved') "
                      "AND r.start_date <= ? AND r.end_date >= ? AND r.id IS NOT ? "
                      "ORDER BY r.start_date LIMIT 1",
                      error);
  const CfField *status_field = request_field ("status");
  const char *status;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, staff_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, end_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, start_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, except_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;

  status = (const char *) sqlite3_column_text (stmt, 4);
  g_set_error (error, CF_LEAVE_ERROR, CF_LEAVE_ERROR_OVERLAP,
               /* translators: e.g. “Li Na already has leave from 2026-12-10 until
                * 2026-12-12 (Annual leave, Pending).”
                */
               _("%s already has leave from %s until %s (%s, %s)."),
               sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 2),
               sqlite3_column_text (stmt, 3),
               cf_leave_type_get_label ((const char *) sqlite3_column_text (stmt, 1)),
               cf_field_get_choice_label (status_field,
                                          g_str_equal (status, "approved")
                                            ? CF_LEAVE_STATUS_APPROVED
                                            : CF_LEAVE_STATUS_PENDING));
  return FALSE;
}

/**
 * cf_leave_check_request:
 * @staff_id: (nullable): who the leave is for
 * @start_date: (nullable): the first day, YYYY-MM-DD
 * @end_date: (nullable): the last day
 * @except_id: (nullable): the request being checked itself, when it exists
 *
 * Checks a request as a supervisor would: someone active, two real dates
 * in order, at most %CF_LEAVE_MAX_DAYS days, and no day already covered
 * by another pending or approved request of the same person. The first
 * problem is named in words a form can show as it is typed.
 */
gboolean
cf_leave_check_request (CfStore     *store,
                        const char  *staff_id,
                        const char  *start_date,
                        const char  *end_date,
                        const char  *except_id,
                        GError     **error)
{
  guint n_days;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);

  if (!check_staff (store, staff_id, error) ||
      !check_date (store, "start_date", start_date, error) ||
      !check_date (store, "end_date", end_date, error))
    return FALSE;

  n_days = cf_leave_count_days (start_date, end_date);
  if (n_days == 0)
    {
      g_set_error_literal (error, CF_LEAVE_ERROR, CF_LEAVE_ERROR_DATES,
                           _("The leave cannot end before it starts."));
      return FALSE;
    }
  if (n_days > CF_LEAVE_MAX_DAYS)
    {
      g_set_error (error, CF_LEAVE_ERROR, CF_LEAVE_ERROR_TOO_LONG,
                   g_dngettext (GETTEXT_PACKAGE,
                                "One request may cover at most %d day.",
                                "One request may cover at most %d days.",
                                CF_LEAVE_MAX_DAYS),
                   CF_LEAVE_MAX_DAYS);
      return FALSE;
    }

  return check_overlap (store, staff_id, start_date, end_date, except_id, error);
}

/**
 * cf_leave_submit:
 * @reason: (nullable): why, in the requester's words
 *
 * Records a pending request after cf_leave_check_request() and the
 * store's own checks (the author's role among them).
 *
 * Returns: (transfer full): the applied op (its op id undoes it), or
 *   %NULL with @error set
 */
CfOp *
cf_leave_submit (CfStore     *store,
                 const char  *author,
                 const char  *staff_id,
                 const char  *leave_type,
                 const char  *start_date,
                 const char  *end_date,
                 const char  *reason,
                 GError     **error)
{
  g_autoptr (JsonObject) values = json_object_new ();
  g_autoptr (CfOp) op = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (author != NULL, NULL);

  if (!cf_leave_check_request (store, staff_id, start_date, end_date, NULL, error))
    return NULL;

  json_object_set_string_member (values, "staff", staff_id);
  json_object_set_string_member (values, "leave_type", leave_type);
  json_object_set_string_member (values, "start_date", start_date);
  json_object_set_string_member (values, "end_date", end_date);
  if (reason != NULL && reason[0] != '\0')
    json_object_set_string_member (values, "reason", reason);
  json_object_set_string_member (values, "status", "pending");
  op = cf_op_new_create ("leave_request", values);
  if (!cf_store_apply (store, author, &op, 1, error))
    return NULL;

  return g_steal_pointer (&op);
}

/* The request, if it is still waiting for a decision. */
static CfLeaveRequest *
lookup_pending (CfStore     *store,
                const char  *request_id,
                GError     **error)
{
  g_autoptr (CfLeaveRequest) request = cf_leave_lookup_request (store, request_id, error);

  if (request == NULL)
    return NULL;
  if (request->status != CF_LEAVE_STATUS_PENDING)
    {
      g_set_error_literal (error, CF_LEAVE_ERROR, CF_LEAVE_ERROR_DECIDED,
                           _("This request has already been decided."));
      return NULL;
    }

  return g_steal_pointer (&request);
}

/**
 * cf_leave_list_clashes:
 *
 * The days of the request's range that the roster fills with a shift, or
 * with another kind of leave: what approving it replaces.
 *
 * Returns: (transfer full) (element-type CfLeaveClash): the days, in date
 *   order, or %NULL with @error set
 */
GArray *
cf_leave_list_clashes (CfStore     *store,
                       const char  *request_id,
                       GError     **error)
{
  g_autoptr (CfLeaveRequest) request = NULL;
  g_autoptr (CfStatement) stmt = NULL;
  g_autoptr (GArray) clashes = NULL;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  request = cf_leave_lookup_request (store, request_id, error);
  if (request == NULL)
    return NULL;

  stmt = cf_store_prepare (store,
                           "SELECT a.date, t.code, t.name, a.leave FROM roster_assignment a "
                           "LEFT JOIN shift_type t ON t.id = a.shift_type "
                           "WHERE a.staff = ? AND a.date BETWEEN ? AND ? AND a.deleted = 0 "
                           "AND (a.shift_type IS NOT NULL OR "
                           "  (a.leave IS NOT NULL AND a.leave <> ?)) "
                           "ORDER BY a.date",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, request->staff_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, request->start_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, request->end_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, request->leave_type, -1, SQLITE_TRANSIENT);

  clashes = g_array_new (FALSE, TRUE, sizeof (CfLeaveClash));
  g_array_set_clear_func (clashes, (GDestroyNotify) cf_leave_clash_clear);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CfLeaveClash clash = {
        column_text (stmt, 0),
        column_text (stmt, 1),
        column_text (stmt, 2),
        sqlite3_column_type (stmt, 1) == SQLITE_NULL ? column_text (stmt, 3) : NULL,
      };

      g_array_append_val (clashes, clash);
    }
  if (rc != SQLITE_DONE)
    {
      cf_store_set_sqlite_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&clashes);
}

/* The decision, as a patch of the request. */
static CfOp *
decision_op (const char *request_id,
             const char *status,
             const char *author)
{
  g_autoptr (JsonObject) set = json_object_new ();
  g_autofree char *now = cf_utc_now_iso ();

  json_object_set_string_member (set, "status", status);
  json_object_set_string_member (set, "decided_by", author);
  json_object_set_string_member (set, "decided_at", now);

  return cf_op_new_patch ("leave_request", request_id, set);
}

/* Each day of the request as a roster cell holding its leave and no shift:
 * the cell's record is made where the day has none and changed where it
 * has one; a day that already holds the leave gives no op.
 */
static gboolean
add_roster_ops (CfStore         *store,
                CfLeaveRequest  *request,
                GPtrArray       *ops,
                GError         **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store, "SELECT shift_type IS NULL AND leave IS ? FROM roster_assignment "
                             "WHERE id = ?", error);
  GDate day, last;

  if (stmt == NULL)
    return FALSE;

  cf_date_parse (request->start_date, &day);
  cf_date_parse (request->end_date, &last);
  for (; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
    {
      g_autoptr (JsonObject) values = json_object_new ();
      g_autoptr (CfOp) create = NULL;
      char date[11];

      g_date_strftime (date, sizeof date, "%Y-%m-%d", &day);
      json_object_set_string_member (values, "staff", request->staff_id);
      json_object_set_string_member (values, "date", date);
      create = cf_op_new_create ("roster_assignment", values);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, request->leave_type, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, cf_op_get_record_id (create), -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autoptr (JsonObject) set = NULL;

          if (sqlite3_column_int (stmt, 0) != 0)
            continue;
          set = json_object_new ();
          json_object_set_null_member (set, "shift_type");
          json_object_set_string_member (set, "leave", request->leave_type);
          g_ptr_array_add (ops, cf_op_new_patch ("roster_assignment",
                                                 cf_op_get_record_id (create), set));
        }
      else
        {
          json_object_set_string_member (values, "leave", request->leave_type);
          g_ptr_array_add (ops, g_steal_pointer (&create));
        }
    }

  return TRUE;
}

/**
 * cf_leave_approve:
 * @author: the signed-in supervisor or deputy
 *
 * Approves a pending request: every day of its range becomes the leave in
 * the roster, whatever shift was there (see cf_leave_list_clashes()), and
 * the request is marked approved by @author — all in one transaction, or
 * nothing when any of it is refused (a role that may not decide, a request
 * decided meanwhile, another leave approved over the same days).
 *
 * Returns: (transfer container) (element-type CfOp): the applied ops, in
 *   order; their op ids undo the approval. %NULL with @error set.
 */
GPtrArray *
cf_leave_approve (CfStore     *store,
                  const char  *author,
                  const char  *request_id,
                  GError     **error)
{
  g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (CfLeaveRequest) request = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (author != NULL, NULL);

  request = lookup_pending (store, request_id, error);
  if (request == NULL ||
      !cf_leave_check_request (store, request->staff_id, request->start_date,
                               request->end_date, request->id, error) ||
      !add_roster_ops (store, request, ops, error))
    return NULL;

  /* Last: the cells are written only if the decision is allowed too. */
  g_ptr_array_add (ops, decision_op (request->id, "approved", author));
  if (!cf_store_apply (store, author, (CfOp * const *) ops->pdata, ops->len, error))
    return NULL;

  return g_steal_pointer (&ops);
}

/**
 * cf_leave_reject:
 *
 * Rejects a pending request; the roster is left as it is.
 *
 * Returns: (transfer full): the applied op, or %NULL with @error set
 */
CfOp *
cf_leave_reject (CfStore     *store,
                 const char  *author,
                 const char  *request_id,
                 GError     **error)
{
  g_autoptr (CfLeaveRequest) request = NULL;
  g_autoptr (CfOp) op = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (author != NULL, NULL);

  request = lookup_pending (store, request_id, error);
  if (request == NULL)
    return NULL;

  op = decision_op (request->id, "rejected", author);
  if (!cf_store_apply (store, author, &op, 1, error))
    return NULL;

  return g_steal_pointer (&op);
}
