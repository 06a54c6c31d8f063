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

#define POLICY_COUNTERSIGN_FIELD "countersign_minutes"

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
 * has the default (every level in use; 24 h, 4 h, 1 h; 30 minutes for a
 * handover countersignature).
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
  JsonNode *countersign;

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
  /* None, from a desktop that did not know it: the default. */
  countersign = json_object_get_member (record, POLICY_COUNTERSIGN_FIELD);
  if (countersign != NULL && JSON_NODE_HOLDS_VALUE (countersign))
    policy->countersign_minutes = json_node_get_int (countersign);

  return TRUE;
}

/**
 * cf_escalation_policy_check:
 *
 * Checks a policy as it would be saved: the agent and the supervisor are
 * levels, no other bits are set, each due time is between
 * %CF_ESCALATION_DUE_MINUTES_MIN and %CF_ESCALATION_DUE_MINUTES_MAX, and
 * the countersignature's between %CF_ESCALATION_COUNTERSIGN_MINUTES_MIN
 * and %CF_ESCALATION_COUNTERSIGN_MINUTES_MAX.
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

  if (policy->countersign_minutes < CF_ESCALATION_COUNTERSIGN_MINUTES_MIN ||
      policy->countersign_minutes > CF_ESCALATION_COUNTERSIGN_MINUTES_MAX)
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                           _("The time allowed for a handover countersignature must be between "
                             "5 minutes and 24 hours."));
      return FALSE;
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
  json_object_set_int_member (values, POLICY_COUNTERSIGN_FIELD, policy->countersign_minutes);

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
  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  /* One query: a case may hold hundreds of entries. */
  return cf_store_list_records (store, "escalation_entry", "escalation", escalation_id,
                                "created_at, id", error);
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
list_report_after (CfStore                   *store,
                   const CfEscalationPolicy  *policy,
                   const char                *escalation_id,
                   CfEscalationLevel          level,
                   GError                   **error)
{
  g_autoptr (GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_report_after_free);
  g_autoptr (CfStatement) stmt = NULL;
  int rc;

  /* Only the levels in use are owed a report. */
  if (!cf_escalation_policy_uses_level (policy, level))
    return g_steal_pointer (&reports);

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
 * @level has not acknowledged since, oldest first; nothing when the
 * call center's policy does not use @level.
 *
 * Returns: (transfer container) (element-type CfReportAfter): the open
 *   obligations, or %NULL with @error set
 */
GPtrArray *
cf_escalation_list_report_after (CfStore            *store,
                                 CfEscalationLevel   level,
                                 GError            **error)
{
  CfEscalationPolicy policy;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (level < CF_N_ESCALATION_LEVELS, NULL);

  if (!cf_escalation_policy_load (store, &policy, error))
    return NULL;

  return list_report_after (store, &policy, NULL, level, error);
}

/* Steps ------------------------------------------------------------------- */

/* An escalation as the rules see it: where it stands now, and the policy
 * it is worked under.
 */
typedef struct
{
  JsonObject         *record;
  const char         *id;
  Status              status;
  CfEscalationLevel   level;
  const char         *assignee;
  CfEscalationPolicy  policy;
} Escalation;

static void
escalation_clear (Escalation *escalation)
{
  g_clear_pointer (&escalation->record, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Escalation, escalation_clear)

#define status_bit(text) _cf_case_status_bit (status_names, G_N_ELEMENTS (status_names), (text))
#define status_to_string(bit) \
  _cf_case_status_name (status_names, G_N_ELEMENTS (status_names), (bit))

static gboolean
lookup_escalation (CfStore     *store,
                   const char  *escalation_id,
                   Escalation  *escalation,
                   GError     **error)
{
  escalation->record = escalation_id != NULL
                       ? cf_store_get_record (store, "escalation", escalation_id, NULL) : NULL;
  if (escalation->record == NULL || json_object_get_boolean_member (escalation->record, "deleted"))
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                           _("The escalation no longer exists."));
      return FALSE;
    }

  escalation->id = json_object_get_string_member (escalation->record, "id");
  escalation->status = status_bit (_cf_case_get_string (escalation->record, "status"));
  cf_escalation_level_from_string (_cf_case_get_string (escalation->record, "level"),
                                   &escalation->level);
  escalation->assignee = _cf_case_get_string (escalation->record, "assignee");

  return cf_escalation_policy_load (store, &escalation->policy, error);
}

/* The next level in use above @level, if there is one. */
static gboolean
next_level_in_use (const CfEscalationPolicy *policy,
                   CfEscalationLevel         level,
                   CfEscalationLevel        *next)
{
  for (guint i = level + 1; i < CF_N_ESCALATION_LEVELS; i++)
    {
      if (cf_escalation_policy_uses_level (policy, i))
        {
          *next = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* How many levels in use lie strictly between @from and @to. */
static guint
levels_in_use_between (const CfEscalationPolicy *policy,
                       CfEscalationLevel         from,
                       CfEscalationLevel         to)
{
  guint n = 0;

  for (guint i = from + 1; i < to; i++)
    n += cf_escalation_policy_uses_level (policy, i) ? 1 : 0;

  return n;
}

/* The level people of @role act at; the information desk acts at none. */
static gboolean
role_level (Escalation         *escalation,
            CfRole              role,
            CfEscalationLevel  *level,
            GError            **error)
{
  if (cf_escalation_policy_level_for_role (&escalation->policy, role, level))
    return TRUE;

  g_set_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_LEVEL,
               _("Your role (%s) does not act on escalations."), cf_role_get_label (role));
  return FALSE;
}

/* Acting on an escalation takes its level or one above it; an escalation
 * left at a level no longer in use is worked as if at the level in use
 * below it.
 */
static gboolean
check_reaches (Escalation  *escalation,
               CfRole       role,
               GError     **error)
{
  CfEscalationLevel level;

  if (!role_level (escalation, role, &level, error))
    return FALSE;
  if (level < standing_level (&escalation->policy, escalation->level))
    {
      g_set_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_LEVEL,
                   /* translators: %s is a level such as “Shift lead” */
                   _("This escalation is with the level “%s”; your level cannot act on it."),
                   level_label (escalation->level));
      return FALSE;
    }

  return TRUE;
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

/* Whether the escalation has an entry of @type (naming @department, when
 * not %NULL).
 */
static gboolean
has_entry (CfStore     *store,
           const char  *escalation_id,
           const char  *type,
           const char  *department,
           gboolean    *found,
           GError     **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store,
                      "SELECT 1 FROM escalation_entry WHERE escalation = ?1 AND deleted = 0 "
                      "AND (?2 IS NULL OR type = ?2) AND (?3 IS NULL OR department = ?3) LIMIT 1",
                      error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, escalation_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, department, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (store, rc, error);
  *found = rc == SQLITE_ROW;

  return TRUE;
}

/* What an entry of each type needs to be recorded: the statuses that allow
 * it, and the text it must carry (%NULL: none), as the message saying so.
 */
typedef struct
{
  const char *type;
  Status      allowed;
  const char *missing;   /* N_() */
  const char *refused;   /* N_(): when the status does not allow it */
} EntryRule;

static const EntryRule entry_rules[] = {
  { "raised", STATUS_OPEN, NULL, N_("This escalation was already raised.") },
  { "acknowledged", STATUS_OPEN | STATUS_REOPENED, NULL,
    N_("Only an open or reopened escalation can be acknowledged.") },
  { "note", STATUS_ACTIVE | STATUS_RESOLVED, N_("Write the note."),
    N_("This escalation is closed; reopen it first.") },
  { "instruction", STATUS_ACTIVE | STATUS_RESOLVED,
    N_("Write the instruction down as it was given."),
    N_("This escalation is closed; reopen it first.") },
  { "proposal", STATUS_ACTIVE | STATUS_RESOLVED, N_("Write the proposed handling."),
    N_("This escalation is closed; reopen it first.") },
  { "escalated", STATUS_ACTIVE, NULL,
    N_("Only an escalation still being worked can be escalated.") },
  { "skipped", STATUS_ACTIVE, N_("Say why the emergency could not wait for each level."),
    N_("Only an escalation still being worked can be escalated.") },
  { "handed_over", STATUS_ACTIVE | STATUS_RESOLVED, N_("Say what the department is asked to do."),
    N_("This escalation is closed; reopen it first.") },
  { "department_answer", STATUS_ACTIVE | STATUS_RESOLVED, N_("Write the department’s answer."),
    N_("This escalation is closed; reopen it first.") },
  { "resolved", STATUS_ACTIVE, N_("Write the outcome."),
    N_("Only an escalation still being worked can be resolved.") },
  { "reopened", STATUS_RESOLVED | STATUS_CLOSED, N_("Say why the escalation is reopened."),
    N_("Only a resolved or closed escalation can be reopened.") },
  { "closed", STATUS_RESOLVED, NULL, N_("Only a resolved escalation can be closed.") },
  { "callback", STATUS_ACTIVE | STATUS_RESOLVED, N_("Write what the customer said."),
    N_("This escalation is closed; reopen it first.") },
  /* A skipped level is told whatever the escalation's status. */
  { "report_after_acknowledged", STATUS_ACTIVE | STATUS_RESOLVED | STATUS_CLOSED, NULL, NULL },
};

static const EntryRule *
lookup_entry_rule (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (entry_rules); i++)
    {
      if (g_strcmp0 (type, entry_rules[i].type) == 0)
        return &entry_rules[i];
    }

  return NULL;
}

/* Fails unless the entry's @name is @level. */
static gboolean
check_entry_level (JsonObject         *entry,
                   const char         *name,
                   CfEscalationLevel   level,
                   GError            **error)
{
  if (g_strcmp0 (_cf_case_get_string (entry, name), level_names[level]) == 0)
    return TRUE;

  g_set_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_STATE,
               /* translators: %s is a level such as “Shift lead” */
               _("This step does not match where the escalation stands: it is at “%s” now."),
               level_label (level));
  return FALSE;
}

/* The checks particular to one type of entry, after its status, level and
 * role were checked.
 */
static gboolean
check_entry_type (CfStore     *store,
                  Escalation  *escalation,
                  CfRole       role,
                  JsonObject  *entry,
                  GError     **error)
{
  const char *type = _cf_case_get_string (entry, "type");
  CfEscalationLevel to, author;
  gboolean found = FALSE;

  if (g_str_equal (type, "raised"))
    {
      if (!has_entry (store, escalation->id, NULL, NULL, &found, error))
        return FALSE;
      if (found)
        return fail (error, CF_ESCALATION_ERROR_STATUS, _("This escalation was already raised."));
      return check_entry_level (entry, "to_level", escalation->level, error);
    }

  if (g_str_equal (type, "escalated"))
    {
      if (!next_level_in_use (&escalation->policy, escalation->level, &to))
        return fail (error, CF_ESCALATION_ERROR_TOP,
                     _("The supervisor is the highest level; hand the case to a department "
                       "instead."));
      return has_fresh_proposal (store, escalation->id, error) &&
             check_entry_level (entry, "from_level", escalation->level, error) &&
             check_entry_level (entry, "to_level", to, error);
    }

  if (g_str_equal (type, "skipped"))
    {
      if (!cf_escalation_level_from_string (_cf_case_get_string (entry, "to_level"), &to) ||
          to <= escalation->level || !cf_escalation_policy_uses_level (&escalation->policy, to) ||
          levels_in_use_between (&escalation->policy, escalation->level, to) == 0)
        return fail (error, CF_ESCALATION_ERROR_SKIP,
                     _("An emergency skip passes over at least one level; "
                       "to go one level up, escalate instead."));
      return check_entry_level (entry, "from_level", escalation->level, error);
    }

  if (g_str_equal (type, "report_after_acknowledged"))
    {
      g_autoptr (GPtrArray) open = NULL;

      if (!role_level (escalation, role, &author, error) ||
          !check_entry_level (entry, "to_level", author, error))
        return FALSE;
      open = list_report_after (store, &escalation->policy, escalation->id, author, error);
      if (open == NULL)
        return FALSE;
      if (open->len == 0)
        return fail (error, CF_ESCALATION_ERROR_NO_REPORT,
                     _("No emergency skip of this escalation is waiting to be reported to "
                       "your level."));
      return TRUE;
    }

  if (g_str_equal (type, "instruction") &&
      !_cf_case_has_text (_cf_case_get_string (entry, "instructed_by")))
    return fail (error, CF_ESCALATION_ERROR_MISSING, _("Choose who gave the instruction."));

  if (g_str_equal (type, "handed_over") || g_str_equal (type, "department_answer"))
    {
      const CfField *field = cf_kind_lookup_field (cf_registry_lookup ("escalation_entry"),
                                                   "department");
      const char *department = _cf_case_get_string (entry, "department");

      if (department == NULL || !g_strv_contains (field->choices, department))
        return fail (error, CF_ESCALATION_ERROR_MISSING, _("Choose the department."));
      if (g_str_equal (type, "department_answer"))
        {
          if (!has_entry (store, escalation->id, "handed_over", department, &found, error))
            return FALSE;
          if (!found)
            return fail (error, CF_ESCALATION_ERROR_DEPARTMENT,
                         _("This escalation was not handed to that department."));
        }
    }

  /* A correction names an entry of the same escalation. */
  if (_cf_case_get_string (entry, "corrects") != NULL)
    {
      g_autoptr (JsonObject) corrected =
        cf_store_get_record (store, "escalation_entry", _cf_case_get_string (entry, "corrects"),
                             NULL);

      if (corrected == NULL || json_object_get_boolean_member (corrected, "deleted") ||
          g_strcmp0 (_cf_case_get_string (corrected, "escalation"), escalation->id) != 0)
        return fail (error, CF_ESCALATION_ERROR_CORRECTION,
                     _("The entry to correct is not one of this escalation’s."));
    }

  return TRUE;
}

/* Checks the entry @entry (its fields as stored) that a person of @role
 * would record on @escalation as it stands now. This is where the rules of
 * every step are: the steps below check their entry here before they build
 * it, and the store and the server check here every entry made on a
 * desktop or pushed to them (cf_escalation_check_op ()).
 *
 * Who may record each type, and whether they must stand at the
 * escalation's level or above, is the registry's permission table: the
 * value rules of the entry's "type".
 */
static gboolean
check_entry (CfStore     *store,
             Escalation  *escalation,
             CfRole       role,
             JsonObject  *entry,
             GError     **error)
{
  const CfKind *kind = cf_registry_lookup ("escalation_entry");
  const char *type = _cf_case_get_string (entry, "type");
  const EntryRule *rule = lookup_entry_rule (type);
  const CfValueRule *permission = cf_kind_lookup_value_rule (kind, "type", type);

  if (rule == NULL || permission == NULL)
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                           _("This is not a step of an escalation."));
      return FALSE;
    }
  if ((escalation->status & rule->allowed) == 0)
    return fail (error, CF_ESCALATION_ERROR_STATUS, _(rule->refused));
  if (permission->at_level && !check_reaches (escalation, role, error))
    return FALSE;
  if (!cf_kind_check_values (kind, entry, role, error))
    return FALSE;
  if (rule->missing != NULL &&
      !_cf_case_require_text (_cf_case_get_string (entry, "text"), _(rule->missing), error))
    return FALSE;

  return check_entry_type (store, escalation, role, entry, error);
}

/* Where an escalation stands: the fields its entries move. */
typedef struct
{
  Status             status;
  CfEscalationLevel  level;
  const char        *assignee;
} State;

/* Where @escalation stands once @entry, recorded by @author, is added to
 * its history: the one place that says how each step moves an escalation.
 * The steps below patch the escalation to it, and the store and the server
 * accept a patch of these fields only when it says the same.
 */
static void
entry_moves (Escalation *escalation,
             JsonObject *entry,
             const char *author,
             State      *state)
{
  const char *type = _cf_case_get_string (entry, "type");
  CfEscalationLevel to;

  state->status = escalation->status;
  state->level = escalation->level;
  state->assignee = escalation->assignee;

  if (g_strcmp0 (type, "raised") == 0 || g_strcmp0 (type, "escalated") == 0 ||
      g_strcmp0 (type, "skipped") == 0)
    {
      /* It waits at its new level to be acknowledged. */
      state->status = STATUS_OPEN;
      if (cf_escalation_level_from_string (_cf_case_get_string (entry, "to_level"), &to))
        state->level = to;
      state->assignee = NULL;
    }
  else if (g_strcmp0 (type, "acknowledged") == 0)
    {
      state->status = STATUS_ACKNOWLEDGED;
      state->assignee = author;
    }
  else if (g_strcmp0 (type, "resolved") == 0)
    {
      state->status = STATUS_RESOLVED;
    }
  else if (g_strcmp0 (type, "reopened") == 0)
    {
      state->status = STATUS_REOPENED;
    }
  else if (g_strcmp0 (type, "closed") == 0)
    {
      state->status = STATUS_CLOSED;
    }
  else if (g_strcmp0 (type, "note") != 0 && g_strcmp0 (type, "callback") != 0 &&
           g_strcmp0 (type, "report_after_acknowledged") != 0 &&
           state->status == STATUS_ACKNOWLEDGED)
    {
      /* Work on an acknowledged case puts it in progress; a note or a
       * callback is not work on the case itself.
       */
      state->status = STATUS_IN_PROGRESS;
    }
}

/* The fields of @escalation that differ in @state, as a patch sets them. */
static JsonObject *
state_changes (Escalation  *escalation,
               const State *state)
{
  JsonObject *set = json_object_new ();

  if (state->status != escalation->status)
    json_object_set_string_member (set, "status", status_to_string (state->status));
  if (state->level != escalation->level)
    json_object_set_string_member (set, "level", level_names[state->level]);
  if (g_strcmp0 (state->assignee, escalation->assignee) != 0)
    {
      if (state->assignee != NULL)
        json_object_set_string_member (set, "assignee", state->assignee);
      else
        json_object_set_null_member (set, "assignee");
    }

  return set;
}

/* The values of an entry of @type on @escalation_id; @values (nullable)
 * holds its other fields.
 */
static JsonObject *
new_entry (const char *escalation_id,
           const char *type,
           const char *text,
           JsonObject *values)
{
  JsonObject *entry = values != NULL ? json_object_ref (values) : json_object_new ();

  json_object_set_string_member (entry, "escalation", escalation_id);
  json_object_set_string_member (entry, "type", type);
  _cf_case_set_optional_text (entry, "text", text);

  return entry;
}

/* A step: checks @entry (taken) against @escalation and builds it as one
 * batch (_cf_case_step_batch ()): the entry first, then the escalation
 * moved to where the entry puts it.
 */
static GPtrArray *
step (CfStore     *store,
      Escalation  *escalation,
      const char  *author,
      JsonObject  *entry,
      GError     **error)
{
  g_autoptr (JsonObject) owned = entry;
  g_autoptr (JsonObject) set = NULL;
  State state;
  CfRole role;

  if (!cf_store_get_author_role (store, author, &role))
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN,
                           _("Changes can only be made by a signed-in, active user."));
      return NULL;
    }
  if (!check_entry (store, escalation, role, entry, error))
    return NULL;

  entry_moves (escalation, entry, author, &state);
  set = state_changes (escalation, &state);

  return _cf_case_step_batch ("escalation", escalation->id, set,
                              cf_op_new_create ("escalation_entry", entry));
}

/* Looks @escalation_id up and records an entry of @type on it. */
static GPtrArray *
add_entry (CfStore     *store,
           const char  *author,
           const char  *escalation_id,
           const char  *type,
           const char  *text,
           JsonObject  *values,
           GError     **error)
{
  g_auto (Escalation) escalation = { NULL };

  if (!lookup_escalation (store, escalation_id, &escalation, error))
    return NULL;

  return step (store, &escalation, author, new_entry (escalation.id, type, text, values), error);
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
  g_autoptr (JsonObject) raised = NULL;
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
  raised = new_entry (cf_op_get_record_id (create), "raised", report->details, entry);
  ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_ptr_array_add (ops, create);
  g_ptr_array_add (ops, cf_op_new_create ("escalation_entry", raised));

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
  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (author != NULL, NULL);

  return add_entry (store, author, escalation_id, "acknowledged", NULL, NULL, error);
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

  return add_entry (store, author, escalation_id, "note", text, NULL, error);
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

  _cf_case_set_optional_text (values, "instructed_by", instructed_by);
  return add_entry (store, author, escalation_id, "instruction", text, values, error);
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

  return add_entry (store, author, escalation_id, "proposal", text, NULL, error);
}

/* An entry moving the escalation up from where it is to @to. */
static GPtrArray *
move_up (CfStore            *store,
         Escalation         *escalation,
         const char         *author,
         const char         *type,
         CfEscalationLevel   to,
         const char         *reason,
         GError            **error)
{
  g_autoptr (JsonObject) values = json_object_new ();

  json_object_set_string_member (values, "from_level", level_names[escalation->level]);
  json_object_set_string_member (values, "to_level", level_names[to]);

  return step (store, escalation, author, new_entry (escalation->id, type, reason, values), error);
}

/**
 * cf_escalation_escalate:
 * @reason: (nullable): why it goes up
 *
 * Reports the escalation up to the next level in use; refused unless a
 * proposed handling was recorded since it last went up.
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
  CfEscalationLevel to;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (author != NULL, NULL);

  if (!lookup_escalation (store, escalation_id, &escalation, error))
    return NULL;
  /* At the top, the check says so. */
  if (!next_level_in_use (&escalation.policy, escalation.level, &to))
    to = escalation.level;

  return move_up (store, &escalation, author, "escalated", to, reason, error);
}

/**
 * cf_escalation_skip:
 * @to_level: a level in use with at least one level in use between it and
 *   the escalation's
 * @reason: why the emergency could not wait; required
 *
 * An emergency skip: the escalation jumps to @to_level, and every level in
 * use passed over must be told afterwards (cf_escalation_list_report_after ()).
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

  if (!lookup_escalation (store, escalation_id, &escalation, error))
    return NULL;

  return move_up (store, &escalation, author, "skipped", to_level, reason, error);
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
  g_autoptr (JsonObject) values = json_object_new ();
  CfEscalationLevel level;
  CfRole role;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (author != NULL, NULL);

  if (!lookup_escalation (store, escalation_id, &escalation, error))
    return NULL;
  /* Recorded for the author's level; without one, the check says so. */
  if (cf_store_get_author_role (store, author, &role) &&
      cf_escalation_policy_level_for_role (&escalation.policy, role, &level))
    json_object_set_string_member (values, "to_level", level_names[level]);

  return step (store, &escalation, author,
               new_entry (escalation.id, "report_after_acknowledged", NULL, values), error);
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
  g_autoptr (JsonObject) values = json_object_new ();

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  _cf_case_set_optional_text (values, "department", department);
  return add_entry (store, author, escalation_id, "handed_over", text, values, error);
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
  g_autoptr (JsonObject) values = json_object_new ();

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  _cf_case_set_optional_text (values, "department", department);
  return add_entry (store, author, escalation_id, "department_answer", text, values, error);
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
  g_autoptr (JsonObject) values = json_object_new ();

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (author != NULL, NULL);

  _cf_case_set_optional_text (values, "responsible", responsible);
  return add_entry (store, author, escalation_id, "resolved", outcome, values, error);
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
  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  return add_entry (store, author, escalation_id, "reopened", reason, NULL, error);
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
  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  return add_entry (store, author, escalation_id, "closed", NULL, NULL, error);
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

  return add_entry (store, author, escalation_id, "callback", result, NULL, error);
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

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  entry = cf_store_get_record (store, "escalation_entry", entry_id, NULL);
  if (entry == NULL || json_object_get_boolean_member (entry, "deleted"))
    {
      fail (error, CF_ESCALATION_ERROR_CORRECTION, _("The entry to correct does not exist."));
      return NULL;
    }

  json_object_set_string_member (values, "corrects", entry_id);
  return add_entry (store, author, _cf_case_get_string (entry, "escalation"), "note", text,
                    values, error);
}

/* Checking ops ------------------------------------------------------------ */

/* Whether @set changes @name from what @current holds. */
static gboolean
changes_field (JsonObject *set,
               JsonObject *current,
               const char *name)
{
  JsonNode *wanted = json_object_get_member (set, name);
  JsonNode *now = json_object_get_member (current, name);

  if (wanted == NULL)
    return FALSE;
  if (now == NULL || JSON_NODE_HOLDS_NULL (now))
    return !JSON_NODE_HOLDS_NULL (wanted);

  return !json_node_equal (wanted, now);
}

/* A patch of where an escalation stands (status, level, assignee) is
 * accepted only when it says what its history now says: where the entry
 * recorded last puts it (entry_moves ()). A step's batch records its entry
 * first and this patch after it. The due time is set when it is raised.
 */
static gboolean
check_state_patch (CfStore     *store,
                   CfOp        *op,
                   GError     **error)
{
  static const char * const state_fields[] = { "status", "level", "assignee" };
  JsonObject *set = cf_op_get_set (op);
  g_auto (Escalation) escalation = { NULL };
  g_autoptr (JsonObject) entry = NULL;
  g_autoptr (JsonObject) implied = NULL;
  gboolean changes = FALSE;
  State state;

  if (!lookup_escalation (store, cf_op_get_record_id (op), &escalation, error))
    return FALSE;
  if (changes_field (set, escalation.record, "due_at"))
    return fail (error, CF_ESCALATION_ERROR_STATE,
                 _("An escalation’s due time is set when it is raised."));
  for (guint i = 0; i < G_N_ELEMENTS (state_fields); i++)
    changes |= changes_field (set, escalation.record, state_fields[i]);
  if (!changes)
    return TRUE;

  entry = _cf_case_last_entry (store, "escalation_entry", "escalation", escalation.id,
                               _("An escalation changes only through a step of its history."),
                               error);
  if (entry == NULL)
    return FALSE;
  entry_moves (&escalation, entry, _cf_case_get_string (entry, "created_by"), &state);
  implied = state_changes (&escalation, &state);

  for (guint i = 0; i < G_N_ELEMENTS (state_fields); i++)
    {
      JsonNode *wanted = json_object_get_member (set, state_fields[i]);
      JsonNode *moved = json_object_get_member (implied, state_fields[i]);

      if (!changes_field (set, escalation.record, state_fields[i]))
        continue;
      if (moved == NULL || !json_node_equal (wanted, moved))
        return fail (error, CF_ESCALATION_ERROR_STATE,
                     _("An escalation’s status, level and assignee change only with the step "
                       "of its history that moves them."));
    }

  return TRUE;
}

/* A new escalation starts open, unassigned, at its author's level. */
static gboolean
check_raise (CfStore     *store,
             CfOp        *op,
             CfRole       role,
             GError     **error)
{
  JsonObject *set = cf_op_get_set (op);
  JsonNode *assignee = json_object_get_member (set, "assignee");
  CfEscalationPolicy policy;

  if (!cf_escalation_policy_load (store, &policy, error))
    return FALSE;
  if (g_strcmp0 (_cf_case_get_string (set, "status"), "open") != 0 ||
      (assignee != NULL && !JSON_NODE_HOLDS_NULL (assignee)) ||
      g_strcmp0 (_cf_case_get_string (set, "level"), level_names[raising_level (&policy, role)]) != 0)
    return fail (error, CF_ESCALATION_ERROR_STATE,
                 _("A new escalation starts open and unassigned, at its author’s level."));

  return TRUE;
}

/**
 * cf_escalation_check_op:
 * @op: an op on an escalation or its history, made by a person of @role
 *   (its author)
 *
 * Checks @op against the escalation rules, with the same code the steps
 * use: a new escalation starts open, unassigned, at its author's level; an
 * entry is one the author may record on the escalation as it stands now
 * (its status, the author's level, a proposal before escalating, a skip's
 * reason and levels, a report-after only from a skipped level, an answer
 * only from a department handed to, a correction of an entry of the same
 * escalation…); a patch of the escalation's status, level or assignee says
 * what the entry recorded last implies, and its due time never changes.
 * The store calls it for every change made on this desktop, the server for
 * every op pushed to it; other kinds pass.
 *
 * Returns: %FALSE with @error set: a %CF_ESCALATION_ERROR
 *   (%CF_ESCALATION_ERROR_LEVEL when the author's level may not act, which
 *   the server answers as forbidden), or a %CF_STORE_ERROR
 */
gboolean
cf_escalation_check_op (CfStore     *store,
                        CfOp        *op,
                        CfRole       role,
                        GError     **error)
{
  const char *kind;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (op != NULL, FALSE);

  kind = cf_op_get_kind (op)->name;
  if (g_str_equal (kind, "escalation") && cf_op_get_action (op) == CF_OP_CREATE)
    return check_raise (store, op, role, error);
  if (g_str_equal (kind, "escalation") && cf_op_get_action (op) == CF_OP_PATCH)
    return check_state_patch (store, op, error);
  if (g_str_equal (kind, "escalation_entry") && cf_op_get_action (op) == CF_OP_CREATE)
    {
      g_auto (Escalation) escalation = { NULL };

      return lookup_escalation (store, _cf_case_get_string (cf_op_get_set (op), "escalation"),
                                &escalation, error) &&
             check_entry (store, &escalation, role, cf_op_get_set (op), error);
    }

  return TRUE;
}
