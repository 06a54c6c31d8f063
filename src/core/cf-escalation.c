/* cf-escalation.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-escalation"

#include "config.h"

#include "cf-escalation.h"

#include <glib/gi18n-lib.h>

#include "cf-case-private.h"
#include "cf-registry.h"
#include "cf-store.h"
#include "cf-uuid.h"

/* The request-and-report rules (请示报告制度, DOMAIN.md): a report goes up
 * one level at a time and carries a proposed handling; in an emergency
 * levels may be skipped, and each skipped level is told afterwards;
 * instructions are written down verbatim with who gave them; nothing of
 * the history is ever rewritten — a correction is a new entry.
 *
 * Each step is checked here and built as one batch of ops: the escalation's
 * new state and the entry that records the step. The caller applies the
 * batch with cf_store_apply (), which checks the author's role against the
 * registry (who may resolve and close) like every other change.
 */

G_DEFINE_QUARK (cf-escalation-error-quark, cf_escalation_error)

typedef enum
{
  STATUS_OPEN         = 1 << 0,
  STATUS_ACKNOWLEDGED = 1 << 1,
  STATUS_IN_PROGRESS  = 1 << 2,
  STATUS_RESOLVED     = 1 << 3,
  STATUS_CLOSED       = 1 << 4,
  STATUS_REOPENED     = 1 << 5,
} Status;

static const char * const status_names[] = {
  "open", "acknowledged", "in_progress", "resolved", "closed", "reopened",
};

/* Statuses in which the case is still being worked. */
#define STATUS_ACTIVE (STATUS_OPEN | STATUS_ACKNOWLEDGED | STATUS_IN_PROGRESS | STATUS_REOPENED)

static const char * const level_names[] = {
  "agent", "complaints_desk", "shift_lead", "deputy", "supervisor",
};

G_STATIC_ASSERT (G_N_ELEMENTS (level_names) == CF_N_ESCALATION_LEVELS);

static const char * const severity_names[] = { "normal", "urgent", "critical" };

G_STATIC_ASSERT (G_N_ELEMENTS (severity_names) == CF_N_ESCALATION_SEVERITIES);

/* The escalation policy's fields: one per optional level (none for the
 * agent and the supervisor, who always are levels) and one per severity.
 */
static const char * const policy_level_fields[] = {
  NULL, "complaints_desk_in_use", "shift_lead_in_use", "deputy_in_use", NULL,
};

G_STATIC_ASSERT (G_N_ELEMENTS (policy_level_fields) == CF_N_ESCALATION_LEVELS);

static const char * const policy_due_fields[] = { "due_normal", "due_urgent", "due_critical" };

G_STATIC_ASSERT (G_N_ELEMENTS (policy_due_fields) == CF_N_ESCALATION_SEVERITIES);

static const CfEscalationDueTimes default_due_times = CF_ESCALATION_DUE_TIMES_DEFAULT;

/* The policy's one record: the id every desktop gives it. */
static char *
policy_record_id (void)
{
  g_autoptr (JsonObject) key = json_object_new ();

  json_object_set_string_member (key, "scope", "call_center");
  return cf_kind_natural_id (cf_registry_lookup ("escalation_policy"), key);
}

/**
 * cf_escalation_policy_load:
 * @policy: (out caller-allocates): where to put the policy
 *
 * Reads the call center's escalation policy; a database that holds none
 * has the default (every level in use; 24 h, 4 h, 1 h).
 *
 * Returns: %FALSE with @error set when the database cannot be read
 */
gboolean
cf_escalation_policy_load (CfStore             *store,
                           CfEscalationPolicy  *policy,
                           GError             **error)
{
  static const CfEscalationPolicy defaults = CF_ESCALATION_POLICY_DEFAULT;
  g_autofree char *id = policy_record_id ();
  g_autoptr (JsonObject) record = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);

  *policy = defaults;
  record = cf_store_get_record (store, "escalation_policy", id, &local_error);
  if (record == NULL)
    {
      if (g_error_matches (local_error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (json_object_get_boolean_member (record, "deleted"))
    return TRUE;

  policy->levels = CF_ESCALATION_LEVELS_REQUIRED;
  for (guint i = 0; i < CF_N_ESCALATION_LEVELS; i++)
    {
      if (policy_level_fields[i] != NULL &&
          json_object_get_boolean_member_with_default (record, policy_level_fields[i], TRUE))
        policy->levels |= 1u << i;
    }
  for (guint i = 0; i < CF_N_ESCALATION_SEVERITIES; i++)
    policy->due_times.minutes[i] =
      json_object_get_int_member_with_default (record, policy_due_fields[i],
                                               default_due_times.minutes[i]);

  return TRUE;
}

/**
 * cf_escalation_policy_check:
 *
 * Checks a policy as it would be saved: the agent and the supervisor are
 * levels, no other bits are set, and each due time is between
 * %CF_ESCALATION_DUE_MINUTES_MIN and %CF_ESCALATION_DUE_MINUTES_MAX.
 *
 * Returns: %FALSE with a %CF_STORE_ERROR_INVALID saying what is wrong
 */
gboolean
cf_escalation_policy_check (const CfEscalationPolicy  *policy,
                            GError                   **error)
{
  g_return_val_if_fail (policy != NULL, FALSE);

  if ((policy->levels & ~CF_ESCALATION_LEVELS_ALL) != 0 ||
      (policy->levels & CF_ESCALATION_LEVELS_REQUIRED) != CF_ESCALATION_LEVELS_REQUIRED)
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                           _("The agent and the supervisor are always levels of an escalation."));
      return FALSE;
    }

  for (guint i = 0; i < CF_N_ESCALATION_SEVERITIES; i++)
    {
      guint minutes = policy->due_times.minutes[i];

      if (minutes < CF_ESCALATION_DUE_MINUTES_MIN || minutes > CF_ESCALATION_DUE_MINUTES_MAX)
        {
          const CfField *field = cf_kind_lookup_field (cf_registry_lookup ("escalation"),
                                                       "severity");

          g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                       /* translators: %s is a severity such as “Urgent” */
                       _("The time allowed for “%s” must be between 5 minutes and 30 days."),
                       cf_field_get_choice_label (field, i));
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * cf_escalation_policy_save:
 * @author: who changes the policy; only a supervisor may, which
 *   cf_store_apply () and the server check
 * @policy: the policy wanted
 *
 * Returns: (transfer container) (element-type CfOp): the ops that make
 *   @policy the call center's, to apply with cf_store_apply (); %NULL with
 *   @error set when @policy is not valid (cf_escalation_policy_check ())
 */
GPtrArray *
cf_escalation_policy_save (CfStore                   *store,
                           const char                *author,
                           const CfEscalationPolicy  *policy,
                           GError                   **error)
{
  g_autofree char *id = policy_record_id ();
  g_autoptr (JsonObject) values = json_object_new ();
  g_autoptr (JsonObject) current = NULL;
  GPtrArray *ops;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (author != NULL && policy != NULL, NULL);

  if (!cf_escalation_policy_check (policy, error))
    return NULL;

  for (guint i = 0; i < CF_N_ESCALATION_LEVELS; i++)
    {
      if (policy_level_fields[i] != NULL)
        json_object_set_boolean_member (values, policy_level_fields[i],
                                        (policy->levels & (1u << i)) != 0);
    }
  for (guint i = 0; i < CF_N_ESCALATION_SEVERITIES; i++)
    json_object_set_int_member (values, policy_due_fields[i], policy->due_times.minutes[i]);

  ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  current = cf_store_get_record (store, "escalation_policy", id, NULL);
  if (current == NULL)
    {
      json_object_set_string_member (values, "scope", "call_center");
      g_ptr_array_add (ops, cf_op_new_create ("escalation_policy", values));
    }
  else
    {
      g_ptr_array_add (ops, cf_op_new_patch ("escalation_policy", id, values));
    }

  return ops;
}

/**
 * cf_escalation_policy_uses_level:
 *
 * Returns: whether a report climbs through @level under @policy
 */
gboolean
cf_escalation_policy_uses_level (const CfEscalationPolicy *policy,
                                 CfEscalationLevel         level)
{
  g_return_val_if_fail (policy != NULL, FALSE);

  return level < CF_N_ESCALATION_LEVELS && (policy->levels & (1u << level)) != 0;
}

/* Where @level stands under @policy: itself when in use, else the nearest
 * level in use below it (the agent always is one).
 */
static CfEscalationLevel
standing_level (const CfEscalationPolicy *policy,
                CfEscalationLevel         level)
{
  while (level > CF_ESCALATION_LEVEL_AGENT && !cf_escalation_policy_uses_level (policy, level))
    level--;

  return level;
}

/**
 * cf_escalation_policy_level_for_role:
 *
 * The level people of @role act at under @policy: their role's level
 * (cf_escalation_level_for_role ()) or, when that is not in use, the
 * nearest level in use below it.
 *
 * Returns: %FALSE when @role is not a level (the information desk)
 */
gboolean
cf_escalation_policy_level_for_role (const CfEscalationPolicy *policy,
                                     CfRole                    role,
                                     CfEscalationLevel        *level)
{
  g_return_val_if_fail (policy != NULL && level != NULL, FALSE);

  if (!cf_escalation_level_for_role (role, level))
    return FALSE;
  *level = standing_level (policy, *level);

  return TRUE;
}

static gboolean
fail (GError     **error,
      int          code,
      const char  *message)
{
  g_set_error_literal (error, CF_ESCALATION_ERROR, code, message);
  return FALSE;
}

static const char *
level_label (CfEscalationLevel level)
{
  const CfField *field = cf_kind_lookup_field (cf_registry_lookup ("escalation"), "level");

  return cf_field_get_choice_label (field, level);
}

const char *
cf_escalation_level_to_string (CfEscalationLevel level)
{
  g_return_val_if_fail (level < CF_N_ESCALATION_LEVELS, NULL);

  return level_names[level];
}

gboolean
cf_escalation_level_from_string (const char        *text,
                                 CfEscalationLevel *level)
{
  for (guint i = 0; i < CF_N_ESCALATION_LEVELS; i++)
    {
      if (g_strcmp0 (text, level_names[i]) == 0)
        {
          *level = i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * cf_escalation_level_for_role:
 *
 * The level at which people of @role stand in the chain of reports. The
 * information desk stands in none: it may raise an escalation (at the
 * complaints desk, where complaints are worked) and add to its history,
 * but does not act on it.
 *
 * Returns: %FALSE when @role is not a level
 */
gboolean
cf_escalation_level_for_role (CfRole             role,
                              CfEscalationLevel *level)
{
  switch (role)
    {
    case CF_ROLE_AGENT:
      *level = CF_ESCALATION_LEVEL_AGENT;
      return TRUE;
    case CF_ROLE_COMPLAINTS_DESK:
      *level = CF_ESCALATION_LEVEL_COMPLAINTS_DESK;
      return TRUE;
    case CF_ROLE_SHIFT_LEAD:
      *level = CF_ESCALATION_LEVEL_SHIFT_LEAD;
      return TRUE;
    case CF_ROLE_DEPUTY:
      *level = CF_ESCALATION_LEVEL_DEPUTY;
      return TRUE;
    case CF_ROLE_SUPERVISOR:
      *level = CF_ESCALATION_LEVEL_SUPERVISOR;
      return TRUE;
    case CF_ROLE_INFORMATION_DESK:
    case CF_N_ROLES:
    default:
      return FALSE;
    }
}

/**
 * cf_escalation_compute_due_at:
 * @due_times: (nullable): the time allowed per severity; %NULL for the
 *   defaults (CF_ESCALATION_DUE_TIMES_DEFAULT); the call center's own are
 *   its policy's (cf_escalation_policy_load ())
 * @now: (nullable): when the escalation is raised; %NULL for now
 *
 * Returns: (transfer full) (nullable): when an escalation of @severity
 *   raised at @now is due, as UTC ISO-8601; %NULL for an unknown severity
 */
char *
cf_escalation_compute_due_at (const char                 *severity,
                              const CfEscalationDueTimes *due_times,
                              GDateTime                  *now)
{
  g_autoptr (GDateTime) start = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  g_autoptr (GDateTime) due = NULL;

  if (due_times == NULL)
    due_times = &default_due_times;

  for (guint i = 0; i < CF_N_ESCALATION_SEVERITIES; i++)
    {
      if (g_strcmp0 (severity, severity_names[i]) == 0)
        {
          due = g_date_time_add_minutes (start, due_times->minutes[i]);
          return cf_utc_iso (due);
        }
    }

  return NULL;
}

/**
 * cf_escalation_is_overdue:
 * @due_at: (nullable): the escalation's due time
 *
 * Returns: whether an escalation with @status and @due_at is overdue at
 *   @now: due before then and neither resolved nor closed
 */
gboolean
cf_escalation_is_overdue (const char *status,
                          const char *due_at,
                          GDateTime  *now)
{
  g_autoptr (GDateTime) due = NULL;

  g_return_val_if_fail (now != NULL, FALSE);

  if (due_at == NULL || g_strcmp0 (status, "resolved") == 0 || g_strcmp0 (status, "closed") == 0)
    return FALSE;
  due = g_date_time_new_from_iso8601 (due_at, NULL);

  return due != NULL && g_date_time_compare (due, now) < 0;
}

static GPtrArray *
collect_ids (CfStore       *store,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      cf_store_set_sqlite_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/**
 * cf_escalation_list_overdue:
 *
 * Returns: (transfer container) (element-type utf8): the ids of the
 *   escalations overdue at @now, the longest overdue first
 */
GPtrArray *
cf_escalation_list_overdue (CfStore     *store,
                            GDateTime   *now,
                            GError     **error)
{
  g_autoptr (CfStatement) stmt = NULL;
  g_autofree char *cutoff = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  /* Due times are stored in the envelope's form, so they compare as text. */
  stmt = cf_store_prepare (store,
                           "SELECT id FROM escalation WHERE deleted = 0 "
                           "AND status NOT IN ('resolved', 'closed') AND due_at < ? "
                           "ORDER BY due_at, id", error);
  if (stmt == NULL)
    return NULL;
  cutoff = cf_utc_iso (now);
  sqlite3_bind_text (stmt, 1, cutoff, -1, SQLITE_TRANSIENT);

  return collect_ids (store, stmt, error);
}

/**
 * cf_escalation_list_entries:
 *
 * An escalation's timeline: its entries in the order every desktop shows
 * them, by the time each was recorded and then by id.
 *
 * Returns: (transfer container) (element-type JsonObject): the entries'
 *   records, oldest first
 */
GPtrArray *
cf_escalation_list_entries (CfStore     *store,
                            const char  *escalation_id,
                            GError     **error)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (CfStatement) stmt = NULL;
  g_autoptr (GPtrArray) ids = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  stmt = cf_store_prepare (store,
                           "SELECT id FROM escalation_entry WHERE escalation = ? AND deleted = 0 "
                           "ORDER BY created_at, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, escalation_id, -1, SQLITE_TRANSIENT);
  ids = collect_ids (store, stmt, error);
  if (ids == NULL)
    return NULL;

  for (guint i = 0; i < ids->len; i++)
    {
      JsonObject *entry = cf_store_get_record (store, "escalation_entry", ids->pdata[i], error);

      if (entry == NULL)
        return NULL;
      g_ptr_array_add (entries, entry);
    }

  return g_steal_pointer (&entries);
}

void
cf_report_after_free (CfReportAfter *report)
{
  g_free (report->escalation_id);
  g_free (report->skip_entry_id);
  g_free (report->skipped_at);
  g_free (report);
}

/* The open report-after obligations: every level an emergency skip passed
 * over and that has not acknowledged since, for one escalation or (with
 * @escalation_id %NULL) all of them.
 */
static GPtrArray *
list_report_after (CfStore            *store,
                   const char         *escalation_id,
                   CfEscalationLevel   level,
                   GError            **error)
{
  g_autoptr (GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_report_after_free);
  g_autoptr (CfStatement) stmt = NULL;
  int rc;

  /* Skips are few, so the levels between are compared here rather than
   * in SQL, where the levels have no order.
   */
  stmt = cf_store_prepare (store,
                           "SELECT s.escalation, s.id, s.created_at, s.from_level, s.to_level "
                           "FROM escalation_entry s JOIN escalation e ON e.id = s.escalation "
                           "WHERE s.type = 'skipped' AND s.deleted = 0 AND e.deleted = 0 "
                           "AND (?1 IS NULL OR s.escalation = ?1) "
                           "AND NOT EXISTS (SELECT 1 FROM escalation_entry a "
                           "  WHERE a.escalation = s.escalation AND a.deleted = 0 "
                           "  AND a.type = 'report_after_acknowledged' AND a.to_level = ?2 "
                           "  AND (a.created_at, a.id) > (s.created_at, s.id)) "
                           "ORDER BY s.created_at, s.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, escalation_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, level_names[level], -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CfEscalationLevel from, to;
      CfReportAfter *report;

      if (!cf_escalation_level_from_string ((const char *) sqlite3_column_text (stmt, 3), &from) ||
          !cf_escalation_level_from_string ((const char *) sqlite3_column_text (stmt, 4), &to) ||
          level <= from || level >= to)
        continue;

      report = g_new0 (CfReportAfter, 1);
      report->escalation_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      report->skip_entry_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      report->skipped_at = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      report->level = level;
      g_ptr_array_add (reports, report);
    }
  if (rc != SQLITE_DONE)
    {
      cf_store_set_sqlite_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&reports);
}

/**
 * cf_escalation_list_report_after:
 *
 * What @level must still be told: each emergency skip over @level that
 * @level has not acknowledged since, oldest first.
 *
 * Returns: (transfer container) (element-type CfReportAfter): the open
 *   obligations, or %NULL with @error set
 */
GPtrArray *
cf_escalation_list_report_after (CfStore            *store,
                                 CfEscalationLevel   level,
                                 GError            **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (level < CF_N_ESCALATION_LEVELS, NULL);

  return list_report_after (store, NULL, level, error);
}

/* Steps ------------------------------------------------------------------- */

/* An escalation as the rules see it. */
typedef struct
{
  JsonObject        *record;
  const char        *id;
  Status             status;
  CfEscalationLevel  level;
} Escalation;

static void
escalation_clear (Escalation *escalation)
{
  g_clear_pointer (&escalation->record, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Escalation, escalation_clear)

static gboolean
lookup_escalation (CfStore     *store,
                   const char  *escalation_id,
                   Escalation  *escalation,
                   GError     **error)
{
  const char *status;

  escalation->record = cf_store_get_record (store, "escalation", escalation_id, NULL);
  if (escalation->record == NULL || json_object_get_boolean_member (escalation->record, "deleted"))
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                           _("The escalation no longer exists."));
      return FALSE;
    }

  escalation->id = json_object_get_string_member (escalation->record, "id");
  status = json_object_get_string_member (escalation->record, "status");
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    {
      if (g_str_equal (status, status_names[i]))
        escalation->status = 1 << i;
    }
  cf_escalation_level_from_string (json_object_get_string_member (escalation->record, "level"),
                                   &escalation->level);

  return TRUE;
}

static gboolean
check_status (Escalation  *escalation,
              Status       allowed,
              const char  *message,
              GError     **error)
{
  if ((escalation->status & allowed) != 0)
    return TRUE;

  return fail (error, CF_ESCALATION_ERROR_STATUS, message);
}

/* The level the author stands at; the information desk stands at none. */
static gboolean
author_level (CfStore            *store,
              const char         *author,
              CfEscalationLevel  *level,
              GError            **error)
{
  CfRole role;

  if (!cf_store_get_author_role (store, author, &role))
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN,
                           _("Changes can only be made by a signed-in, active user."));
      return FALSE;
    }
  if (!cf_escalation_level_for_role (role, level))
    {
      g_set_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_LEVEL,
                   _("Your role (%s) does not act on escalations."), cf_role_get_label (role));
      return FALSE;
    }

  return TRUE;
}

/* Acting on an escalation takes its level or one above it. */
static gboolean
check_reaches (CfStore     *store,
               const char  *author,
               Escalation  *escalation,
               GError     **error)
{
  CfEscalationLevel level;

  if (!author_level (store, author, &level, error))
    return FALSE;
  if (level < escalation->level)
    {
      g_set_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_LEVEL,
                   /* translators: %s is a level such as “Shift lead” */
                   _("This escalation is with the level “%s”; your level cannot act on it."),
                   level_label (escalation->level));
      return FALSE;
    }

  return TRUE;
}

static CfOp *
entry_op (const char *escalation_id,
          const char *type,
          const char *text,
          JsonObject *values)
{
  return _cf_case_entry_op ("escalation_entry", "escalation", escalation_id, type, text, values);
}

static GPtrArray *
step_batch (const char *escalation_id,
            JsonObject *set,
            CfOp       *entry)
{
  return _cf_case_step_batch ("escalation", escalation_id, set, entry);
}

/* A step that records an entry without changing where the case stands,
 * except that work on an acknowledged case puts it in progress.
 */
static GPtrArray *
working_step (Escalation *escalation,
              const char *type,
              const char *text,
              JsonObject *values)
{
  g_autoptr (JsonObject) set = json_object_new ();

  /* A note or a callback is not work on the case itself. */
  if (escalation->status == STATUS_ACKNOWLEDGED &&
      !g_str_equal (type, "note") && !g_str_equal (type, "callback"))
    json_object_set_string_member (set, "status", "in_progress");

  return step_batch (escalation->id, set, entry_op (escalation->id, type, text, values));
}

/* The level an escalation raised by @role starts at: the author's own.
 * The information desk has none and raises where complaints are worked:
 * at the lowest level in use above the agent (the complaints desk).
 */
static CfEscalationLevel
raising_level (const CfEscalationPolicy *policy,
               CfRole                    role)
{
  CfEscalationLevel level;

  if (cf_escalation_policy_level_for_role (policy, role, &level))
    return level;

  for (level = CF_ESCALATION_LEVEL_COMPLAINTS_DESK;
       !cf_escalation_policy_uses_level (policy, level);
       level++)
    ;

  return level;
}

/**
 * cf_escalation_raise:
 * @author: who raises it; the escalation starts at their level
 * @due_times: (nullable): the time allowed per severity; %NULL for the
 *   call center's (cf_escalation_policy_load ())
 * @now: (nullable): when it is raised, which the due time counts from
 *
 * Returns: (transfer container) (element-type CfOp): the escalation and
 *   its "raised" entry, to apply with cf_store_apply (); %NULL with @error set
 */
GPtrArray *
cf_escalation_raise (CfStore                    *store,
                     const char                 *author,
                     const CfEscalationReport   *report,
                     const CfEscalationDueTimes *due_times,
                     GDateTime                  *now,
                     GError                    **error)
{
  g_autoptr (JsonObject) values = json_object_new ();
  g_autoptr (JsonObject) entry = json_object_new ();
  g_autofree char *due_at = NULL;
  CfEscalationPolicy policy;
  CfEscalationLevel level;
  GPtrArray *ops;
  CfOp *create;
  CfRole role;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (author != NULL && report != NULL, NULL);

  if (!_cf_case_require_text (report->summary, _("Say in a few words what happened."), error))
    return NULL;
  if (!cf_store_get_author_role (store, author, &role))
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN,
                           _("Changes can only be made by a signed-in, active user."));
      return NULL;
    }
  if (!cf_escalation_policy_load (store, &policy, error))
    return NULL;
  level = raising_level (&policy, role);

  due_at = cf_escalation_compute_due_at (report->severity,
                                         due_times != NULL ? due_times : &policy.due_times, now);
  json_object_set_string_member (values, "source", report->source);
  json_object_set_string_member (values, "category", report->category);
  json_object_set_string_member (values, "severity", report->severity);
  _cf_case_set_optional_text (values, "customer_ref", report->customer_ref);
  _cf_case_set_optional_text (values, "customer_contact", report->customer_contact);
  json_object_set_string_member (values, "summary", report->summary);
  json_object_set_string_member (values, "level", level_names[level]);
  json_object_set_string_member (values, "status", "open");
  if (due_at != NULL)
    json_object_set_string_member (values, "due_at", due_at);
  create = cf_op_new_create ("escalation", values);

  json_object_set_string_member (entry, "to_level", level_names[level]);
  ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_ptr_array_add (ops, create);
  g_ptr_array_add (ops, entry_op (cf_op_get_record_id (create), "raised", report->details, entry));

  return ops;
}

/**
 * cf_escalation_acknowledge:
 *
 * The level the escalation waits at takes it: it is assigned to @author.
 *
 * Returns: (transfer container) (element-type CfOp): the ops, or %NULL
 *   with @error set
 */
GPtrArray *
cf_escalation_acknowledge (CfStore     *store,
                           const char  *author,
                           const char  *escalation_id,
                           GError     **error)
{
  g_auto (Escalation) escalation = { NULL };
  g_autoptr (JsonObject) set = json_object_new ();

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (author != NULL, NULL);

  if (!lookup_escalation (store, escalation_id, &escalation, error) ||
      !check_status (&escalation, STATUS_OPEN | STATUS_REOPENED,
                     _("Only an open or reopened escalation can be acknowledged."), error) ||
      !check_reaches (store, author, &escalation, error))
    return NULL;

  json_object_set_string_member (set, "status", "acknowledged");
  json_object_set_string_member (set, "assignee", author);
  return step_batch (escalation.id, set, entry_op (escalation.id, "acknowledged", NULL, NULL));
}

/* A step that only adds to the history of a case still being worked. */
static GPtrArray *
add_entry (CfStore     *store,
           const char  *escalation_id,
           const char  *type,
           const char  *text,
           const char  *missing,
           JsonObject  *values,
           GError     **error)
{
  g_auto (Escalation) escalation = { NULL };

  if (!lookup_escalation (store, escalation_id, &escalation, error) ||
      !check_status (&escalation, STATUS_ACTIVE | STATUS_RESOLVED,
                     _("This escalation is closed; reopen it first."), error) ||
      (missing != NULL && !_cf_case_require_text (text, missing, error)))
    return NULL;

  return working_step (&escalation, type, text, values);
}

/* Returns: (transfer container) (element-type CfOp): a note, or %NULL with @error set */
GPtrArray *
cf_escalation_add_note (CfStore     *store,
                        const char  *author,
                        const char  *escalation_id,
                        const char  *text,
                        GError     **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  return add_entry (store, escalation_id, "note", text, _("Write the note."), NULL, error);
}

/**
 * cf_escalation_record_instruction:
 * @instructed_by: the user who gave the instruction (a superior), who may
 *   not be the one writing it down
 * @text: the instruction, verbatim
 *
 * Returns: (transfer container) (element-type CfOp): the ops, or %NULL
 *   with @error set
 */
GPtrArray *
cf_escalation_record_instruction (CfStore     *store,
                                  const char  *author,
                                  const char  *escalation_id,
                                  const char  *instructed_by,
                                  const char  *text,
                                  GError     **error)
{
  g_autoptr (JsonObject) values = json_object_new ();

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  if (!_cf_case_has_text (instructed_by))
    {
      fail (error, CF_ESCALATION_ERROR_MISSING, _("Choose who gave the instruction."));
      return NULL;
    }
  json_object_set_string_member (values, "instructed_by", instructed_by);

  return add_entry (store, escalation_id, "instruction", text,
                    _("Write the instruction down as it was given."), values, error);
}

/* Returns: (transfer container) (element-type CfOp): a proposed handling,
 *   or %NULL with @error set
 */
GPtrArray *
cf_escalation_propose (CfStore     *store,
                       const char  *author,
                       const char  *escalation_id,
                       const char  *text,
                       GError     **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  return add_entry (store, escalation_id, "proposal", text, _("Write the proposed handling."),
                    NULL, error);
}

/* Whether a proposed handling was recorded since the escalation last went
 * up (or since it was raised).
 */
static gboolean
has_fresh_proposal (CfStore     *store,
                    const char  *escalation_id,
                    GError     **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store,
                      "SELECT 1 FROM escalation_entry p WHERE p.escalation = ?1 "
                      "AND p.type = 'proposal' AND p.deleted = 0 "
                      "AND NOT EXISTS (SELECT 1 FROM escalation_entry e "
                      "  WHERE e.escalation = ?1 AND e.deleted = 0 "
                      "  AND e.type IN ('escalated', 'skipped') "
                      "  AND (e.created_at, e.id) > (p.created_at, p.id)) LIMIT 1",
                      error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, escalation_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (store, rc, error);

  return fail (error, CF_ESCALATION_ERROR_NO_PROPOSAL,
               _("A report must carry a proposed handling: record one before escalating."));
}

/* The escalation moves to @to and waits there to be acknowledged. */
static GPtrArray *
move_up (Escalation        *escalation,
         const char        *type,
         CfEscalationLevel  to,
         const char        *reason)
{
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (JsonObject) values = json_object_new ();

  json_object_set_string_member (set, "level", level_names[to]);
  json_object_set_string_member (set, "status", "open");
  json_object_set_null_member (set, "assignee");
  json_object_set_string_member (values, "from_level", level_names[escalation->level]);
  json_object_set_string_member (values, "to_level", level_names[to]);

  return step_batch (escalation->id, set, entry_op (escalation->id, type, reason, values));
}

/**
 * cf_escalation_escalate:
 * @reason: (nullable): why it goes up
 *
 * Reports the escalation one level up; refused unless a proposed handling
 * was recorded since it last went up.
 *
 * Returns: (transfer container) (element-type CfOp): the ops, or %NULL
 *   with @error set
 */
GPtrArray *
cf_escalation_escalate (CfStore     *store,
                        const char  *author,
                        const char  *escalation_id,
                        const char  *reason,
                        GError     **error)
{
  g_auto (Escalation) escalation = { NULL };

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (author != NULL, NULL);

  if (!lookup_escalation (store, escalation_id, &escalation, error) ||
      !check_status (&escalation, STATUS_ACTIVE,
                     _("Only an escalation still being worked can be escalated."), error) ||
      !check_reaches (store, author, &escalation, error))
    return NULL;
  if (escalation.level == CF_ESCALATION_LEVEL_SUPERVISOR)
    {
      fail (error, CF_ESCALATION_ERROR_TOP,
            _("The supervisor is the highest level; hand the case to a department instead."));
      return NULL;
    }
  if (!has_fresh_proposal (store, escalation.id, error))
    return NULL;

  return move_up (&escalation, "escalated", escalation.level + 1, reason);
}

/**
 * cf_escalation_skip:
 * @to_level: at least two levels above the escalation's
 * @reason: why the emergency could not wait; required
 *
 * An emergency skip: the escalation jumps to @to_level, and every level
 * passed over must be told afterwards (cf_escalation_list_report_after ()).
 *
 * Returns: (transfer container) (element-type CfOp): the ops, or %NULL
 *   with @error set
 */
GPtrArray *
cf_escalation_skip (CfStore            *store,
                    const char         *author,
                    const char         *escalation_id,
                    CfEscalationLevel   to_level,
                    const char         *reason,
                    GError            **error)
{
  g_auto (Escalation) escalation = { NULL };

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (author != NULL, NULL);
  g_return_val_if_fail (to_level < CF_N_ESCALATION_LEVELS, NULL);

  if (!lookup_escalation (store, escalation_id, &escalation, error) ||
      !check_status (&escalation, STATUS_ACTIVE,
                     _("Only an escalation still being worked can be escalated."), error) ||
      !check_reaches (store, author, &escalation, error) ||
      !_cf_case_require_text (reason, _("Say why the emergency could not wait for each level."), error))
    return NULL;
  if (to_level < escalation.level + 2)
    {
      fail (error, CF_ESCALATION_ERROR_SKIP,
            _("An emergency skip passes over at least one level; "
              "to go one level up, escalate instead."));
      return NULL;
    }

  return move_up (&escalation, "skipped", to_level, reason);
}

/**
 * cf_escalation_acknowledge_report:
 *
 * @author's level, passed over by an emergency skip, has been told: the
 * report-after obligation for that level closes.
 *
 * Returns: (transfer container) (element-type CfOp): the ops, or %NULL
 *   with @error set
 */
GPtrArray *
cf_escalation_acknowledge_report (CfStore     *store,
                                  const char  *author,
                                  const char  *escalation_id,
                                  GError     **error)
{
  g_auto (Escalation) escalation = { NULL };
  g_autoptr (GPtrArray) open = NULL;
  g_autoptr (JsonObject) values = json_object_new ();
  CfEscalationLevel level;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (author != NULL, NULL);

  if (!lookup_escalation (store, escalation_id, &escalation, error) ||
      !author_level (store, author, &level, error))
    return NULL;
  open = list_report_after (store, escalation.id, level, error);
  if (open == NULL)
    return NULL;
  if (open->len == 0)
    {
      fail (error, CF_ESCALATION_ERROR_NO_REPORT,
            _("No emergency skip of this escalation is waiting to be reported to your level."));
      return NULL;
    }

  json_object_set_string_member (values, "to_level", level_names[level]);
  return step_batch (escalation.id, NULL,
                     entry_op (escalation.id, "report_after_acknowledged", NULL, values));
}

/* An entry naming one of the departments: a hand-over, or its answer. */
static GPtrArray *
department_step (CfStore     *store,
                 const char  *escalation_id,
                 const char  *type,
                 const char  *department,
                 const char  *text,
                 const char  *missing,
                 GError     **error)
{
  const CfField *field = cf_kind_lookup_field (cf_registry_lookup ("escalation_entry"),
                                               "department");
  g_autoptr (JsonObject) values = json_object_new ();

  if (department == NULL || !g_strv_contains (field->choices, department))
    {
      fail (error, CF_ESCALATION_ERROR_MISSING, _("Choose the department."));
      return NULL;
    }
  json_object_set_string_member (values, "department", department);

  return add_entry (store, escalation_id, type, text, missing, values, error);
}

/**
 * cf_escalation_hand_over:
 * @department: as stored, such as "engineering"
 * @text: what the department is asked
 *
 * Returns: (transfer container) (element-type CfOp): the ops, or %NULL
 *   with @error set
 */
GPtrArray *
cf_escalation_hand_over (CfStore     *store,
                         const char  *author,
                         const char  *escalation_id,
                         const char  *department,
                         const char  *text,
                         GError     **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  return department_step (store, escalation_id, "handed_over", department, text,
                          _("Say what the department is asked to do."), error);
}

/**
 * cf_escalation_record_answer:
 *
 * A department's answer to a case handed to it.
 *
 * Returns: (transfer container) (element-type CfOp): the ops, or %NULL
 *   with @error set
 */
GPtrArray *
cf_escalation_record_answer (CfStore     *store,
                             const char  *author,
                             const char  *escalation_id,
                             const char  *department,
                             const char  *text,
                             GError     **error)
{
  g_autoptr (CfStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  stmt = cf_store_prepare (store,
                           "SELECT 1 FROM escalation_entry WHERE escalation = ? "
                           "AND type = 'handed_over' AND department = ? AND deleted = 0",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, escalation_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, department, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      cf_store_set_sqlite_error (store, rc, error);
      return NULL;
    }
  if (rc == SQLITE_DONE && department != NULL)
    {
      fail (error, CF_ESCALATION_ERROR_DEPARTMENT,
            _("This escalation was not handed to that department."));
      return NULL;
    }

  return department_step (store, escalation_id, "department_answer", department, text,
                          _("Write the department’s answer."), error);
}

/**
 * cf_escalation_resolve:
 * @outcome: how it was settled
 * @responsible: (nullable): the party found responsible, once verified
 *
 * Returns: (transfer container) (element-type CfOp): the ops, or %NULL
 *   with @error set
 */
GPtrArray *
cf_escalation_resolve (CfStore     *store,
                       const char  *author,
                       const char  *escalation_id,
                       const char  *outcome,
                       const char  *responsible,
                       GError     **error)
{
  g_auto (Escalation) escalation = { NULL };
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (JsonObject) values = json_object_new ();

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (author != NULL, NULL);

  if (!lookup_escalation (store, escalation_id, &escalation, error) ||
      !check_status (&escalation, STATUS_ACTIVE,
                     _("Only an escalation still being worked can be resolved."), error) ||
      !check_reaches (store, author, &escalation, error) ||
      !_cf_case_require_text (outcome, _("Write the outcome."), error))
    return NULL;

  json_object_set_string_member (set, "status", "resolved");
  _cf_case_set_optional_text (values, "responsible", responsible);
  return step_batch (escalation.id, set, entry_op (escalation.id, "resolved", outcome, values));
}

/**
 * cf_escalation_reopen:
 * @reason: why it is not settled after all; required
 *
 * Returns: (transfer container) (element-type CfOp): the ops, or %NULL
 *   with @error set
 */
GPtrArray *
cf_escalation_reopen (CfStore     *store,
                      const char  *author,
                      const char  *escalation_id,
                      const char  *reason,
                      GError     **error)
{
  g_auto (Escalation) escalation = { NULL };
  g_autoptr (JsonObject) set = json_object_new ();

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  if (!lookup_escalation (store, escalation_id, &escalation, error) ||
      !check_status (&escalation, STATUS_RESOLVED | STATUS_CLOSED,
                     _("Only a resolved or closed escalation can be reopened."), error) ||
      !_cf_case_require_text (reason, _("Say why the escalation is reopened."), error))
    return NULL;

  json_object_set_string_member (set, "status", "reopened");
  return step_batch (escalation.id, set, entry_op (escalation.id, "reopened", reason, NULL));
}

/**
 * cf_escalation_close:
 *
 * Closes a resolved escalation; only roles that work escalations may
 * (the registry's rule, checked by the store and the server).
 *
 * Returns: (transfer container) (element-type CfOp): the ops, or %NULL
 *   with @error set
 */
GPtrArray *
cf_escalation_close (CfStore     *store,
                     const char  *author,
                     const char  *escalation_id,
                     GError     **error)
{
  g_auto (Escalation) escalation = { NULL };
  g_autoptr (JsonObject) set = json_object_new ();

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  if (!lookup_escalation (store, escalation_id, &escalation, error) ||
      !check_status (&escalation, STATUS_RESOLVED,
                     _("Only a resolved escalation can be closed."), error) ||
      !check_reaches (store, author, &escalation, error))
    return NULL;

  json_object_set_string_member (set, "status", "closed");
  return step_batch (escalation.id, set, entry_op (escalation.id, "closed", NULL, NULL));
}

/**
 * cf_escalation_record_callback:
 * @result: what the customer said when called back
 *
 * Returns: (transfer container) (element-type CfOp): the ops, or %NULL
 *   with @error set
 */
GPtrArray *
cf_escalation_record_callback (CfStore     *store,
                               const char  *author,
                               const char  *escalation_id,
                               const char  *result,
                               GError     **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  return add_entry (store, escalation_id, "callback", result,
                    _("Write what the customer said."), NULL, error);
}

/**
 * cf_escalation_correct:
 * @entry_id: the entry that is wrong
 * @text: what is right
 *
 * Entries are never changed: a correction is a note of the same
 * escalation that names the entry it corrects.
 *
 * Returns: (transfer container) (element-type CfOp): the ops, or %NULL
 *   with @error set
 */
GPtrArray *
cf_escalation_correct (CfStore     *store,
                       const char  *author,
                       const char  *entry_id,
                       const char  *text,
                       GError     **error)
{
  g_autoptr (JsonObject) entry = NULL;
  g_autoptr (JsonObject) values = json_object_new ();
  g_auto (Escalation) escalation = { NULL };

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  entry = cf_store_get_record (store, "escalation_entry", entry_id, NULL);
  if (entry == NULL || json_object_get_boolean_member (entry, "deleted"))
    {
      fail (error, CF_ESCALATION_ERROR_CORRECTION, _("The entry to correct does not exist."));
      return NULL;
    }
  if (!lookup_escalation (store, json_object_get_string_member (entry, "escalation"),
                          &escalation, error) ||
      !_cf_case_require_text (text, _("Write the correction."), error))
    return NULL;

  json_object_set_string_member (values, "corrects", entry_id);
  return step_batch (escalation.id, NULL, entry_op (escalation.id, "note", text, values));
}
