/* cf-escalation-alert.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-escalation-alert"

#include "config.h"

#include "cf-escalation-alert.h"

#include <string.h>

#include "cf-escalation.h"
#include "cf-store.h"
#include "cf-uuid.h"

/* What a signed-in user is told about the escalations (the issue's
 * "desktop notifications"): one waits at their level, one is assigned to
 * them, one they can act on is overdue, or an emergency skip passed over
 * their level. Each (escalation, reason) is told once: what was told is
 * kept per user in a table of this desktop's own, which is not synced and
 * not part of the schema's migrations — losing it only means being told
 * again. Once an escalation is resolved or closed, that it waited or was
 * overdue is forgotten, so that a reopened case waiting again is news
 * again; whose it is and the report-after obligation (which outlives the
 * case) stay told.
 *
 * The queries keep to the indexes: escalation_status (status, level,
 * due_at) for the user's level, primary keys for single escalations. The
 * escalations assigned to the user are found among the active ones, a
 * tenth of a long log; SQLite's statistics count four statuses as most of
 * the table and would read all of it, hence INDEXED BY.
 */

static const char * const reason_names[] = {
  "report_after", "level", "assigned", "overdue",
};

G_STATIC_ASSERT (G_N_ELEMENTS (reason_names) == CF_N_ESCALATION_ALERT_REASONS);

#define ACTIVE_STATUSES "('open', 'acknowledged', 'in_progress', 'reopened')"

#define CANDIDATE_COLUMNS "id, level, status, assignee, due_at, updated_by, summary, severity"

enum {
  COLUMN_ID,
  COLUMN_LEVEL,
  COLUMN_STATUS,
  COLUMN_ASSIGNEE,
  COLUMN_DUE_AT,
  COLUMN_UPDATED_BY,
  COLUMN_SUMMARY,
  COLUMN_SEVERITY,
};

const char *
cf_escalation_alert_reason_to_string (CfEscalationAlertReason reason)
{
  g_return_val_if_fail (reason < CF_N_ESCALATION_ALERT_REASONS, NULL);

  return reason_names[reason];
}

void
cf_escalation_alert_free (CfEscalationAlert *alert)
{
  g_free (alert->escalation_id);
  g_free (alert->summary);
  g_free (alert->severity);
  g_free (alert->due_at);
  g_free (alert);
}

static gboolean
reason_from_string (const char              *text,
                    CfEscalationAlertReason *reason)
{
  for (guint i = 0; i < CF_N_ESCALATION_ALERT_REASONS; i++)
    {
      if (g_strcmp0 (text, reason_names[i]) == 0)
        {
          *reason = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* The table is made on first use, so a database opened by an older
 * desktop or by the server never needs it.
 */
static gboolean
ensure_sent_table (CfStore  *store,
                   GError  **error)
{
  static const char sql[] =
    "CREATE TABLE IF NOT EXISTS escalation_alert_sent ("
    "  user_id TEXT NOT NULL,"
    "  escalation_id TEXT NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  sent_at TEXT NOT NULL,"
    "  PRIMARY KEY (user_id, escalation_id, reason)"
    ") STRICT, WITHOUT ROWID";

  if (g_object_get_data (G_OBJECT (store), "cf-escalation-alert-sent") != NULL)
    return TRUE;
  if (!cf_store_exec (store, sql, error))
    return FALSE;
  g_object_set_data (G_OBJECT (store), "cf-escalation-alert-sent", GINT_TO_POINTER (TRUE));

  return TRUE;
}

/* Where a user stands in the chain of reports under the call center's
 * policy, and the levels an escalation may be left at to be theirs: their
 * own and those above it not in use (cf_escalation_policy_level_for_role ()).
 */
typedef struct
{
  gboolean           is_user;     /* an active desktop user */
  gboolean           has_level;   /* FALSE at the information desk */
  CfEscalationLevel  level;
  const char        *levels[CF_N_ESCALATION_LEVELS];   /* NULL-padded */
} Standing;

static gboolean
user_standing (CfStore     *store,
               const char  *user_id,
               Standing    *standing,
               GError     **error)
{
  CfEscalationPolicy policy;
  CfRole role;
  guint n = 0;

  memset (standing, 0, sizeof *standing);
  if (!cf_store_get_author_role (store, user_id, &role))
    return TRUE;
  standing->is_user = TRUE;
  if (!cf_escalation_policy_load (store, &policy, error))
    return FALSE;
  if (!cf_escalation_policy_level_for_role (&policy, role, &standing->level))
    return TRUE;

  standing->has_level = TRUE;
  standing->levels[n++] = cf_escalation_level_to_string (standing->level);
  for (CfEscalationLevel above = standing->level + 1;
       above < CF_N_ESCALATION_LEVELS && !cf_escalation_policy_uses_level (&policy, above);
       above++)
    standing->levels[n++] = cf_escalation_level_to_string (above);

  return TRUE;
}

static gboolean
stands_at (const Standing *standing,
           const char     *level_name)
{
  for (guint i = 0; i < CF_N_ESCALATION_LEVELS && standing->levels[i] != NULL; i++)
    {
      if (g_strcmp0 (standing->levels[i], level_name) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Binds the levels of @standing to ?1 … ?5 of LEVEL_IN. */
#define LEVEL_IN "level IN (?1, ?2, ?3, ?4, ?5)"

G_STATIC_ASSERT (CF_N_ESCALATION_LEVELS == 5);

static void
bind_levels (sqlite3_stmt   *stmt,
             const Standing *standing)
{
  for (guint i = 0; i < CF_N_ESCALATION_LEVELS; i++)
    sqlite3_bind_text (stmt, i + 1, standing->levels[i], -1, SQLITE_STATIC);
}

/* The reasons already told for one escalation, as bits of (1 << reason). */
static gboolean
sent_reasons (CfStore     *store,
              const char  *user_id,
              const char  *escalation_id,
              guint       *mask,
              GError     **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store,
                      "SELECT reason FROM escalation_alert_sent "
                      "WHERE user_id = ? AND escalation_id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, escalation_id, -1, SQLITE_TRANSIENT);

  *mask = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CfEscalationAlertReason reason;

      if (reason_from_string ((const char *) sqlite3_column_text (stmt, 0), &reason))
        *mask |= 1u << reason;
    }
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (store, rc, error);

  return TRUE;
}

static const char *
column (sqlite3_stmt *stmt,
        int           index)
{
  return (const char *) sqlite3_column_text (stmt, index);
}

static void
add_alert (GPtrArray               *alerts,
           sqlite3_stmt            *stmt,
           CfEscalationAlertReason  reason,
           guint                    sent_mask,
           gboolean                 own_doing)
{
  CfEscalationAlert *alert = g_new0 (CfEscalationAlert, 1);

  alert->escalation_id = g_strdup (column (stmt, COLUMN_ID));
  alert->reason = reason;
  alert->summary = g_strdup (column (stmt, COLUMN_SUMMARY));
  alert->severity = g_strdup (column (stmt, COLUMN_SEVERITY));
  alert->due_at = g_strdup (column (stmt, COLUMN_DUE_AT));
  alert->sent = (sent_mask & (1u << reason)) != 0;
  alert->own_doing = own_doing;
  g_ptr_array_add (alerts, alert);
}

/* The alerts one escalation (a row of CANDIDATE_COLUMNS) holds now. Who
 * put it at the user's level or assigned it is the last author of the
 * record: a user is not told of what they did themselves.
 */
static gboolean
add_row_alerts (CfStore         *store,
                sqlite3_stmt    *stmt,
                const char      *user_id,
                const Standing  *standing,
                GDateTime       *now,
                GPtrArray       *alerts,
                GError         **error)
{
  const char *status = column (stmt, COLUMN_STATUS);
  gboolean at_level = stands_at (standing, column (stmt, COLUMN_LEVEL));
  gboolean assigned = g_strcmp0 (column (stmt, COLUMN_ASSIGNEE), user_id) == 0;
  gboolean own_doing = g_strcmp0 (column (stmt, COLUMN_UPDATED_BY), user_id) == 0;
  gboolean waiting = g_strcmp0 (status, "open") == 0 || g_strcmp0 (status, "reopened") == 0;
  gboolean active = waiting || g_strcmp0 (status, "acknowledged") == 0 ||
                    g_strcmp0 (status, "in_progress") == 0;
  guint sent_mask;

  if (!active || (!at_level && !assigned))
    return TRUE;
  if (!sent_reasons (store, user_id, column (stmt, COLUMN_ID), &sent_mask, error))
    return FALSE;

  if (at_level && waiting)
    add_alert (alerts, stmt, CF_ESCALATION_ALERT_LEVEL, sent_mask, own_doing);
  if (assigned)
    add_alert (alerts, stmt, CF_ESCALATION_ALERT_ASSIGNED, sent_mask, own_doing);
  if (cf_escalation_is_overdue (status, column (stmt, COLUMN_DUE_AT), now))
    add_alert (alerts, stmt, CF_ESCALATION_ALERT_OVERDUE, sent_mask, FALSE);

  return TRUE;
}

static gboolean
step_rows (CfStore         *store,
           sqlite3_stmt    *stmt,
           const char      *user_id,
           const Standing  *standing,
           GDateTime       *now,
           GPtrArray       *alerts,
           GError         **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (!add_row_alerts (store, stmt, user_id, standing, now, alerts, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (store, rc, error);

  return TRUE;
}

/* Every emergency skip over @level that @level has not yet acknowledged. */
static gboolean
add_report_after_alerts (CfStore            *store,
                         const char         *user_id,
                         CfEscalationLevel   level,
                         GPtrArray          *alerts,
                         GError            **error)
{
  g_autoptr (GPtrArray) reports = cf_escalation_list_report_after (store, level, error);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (reports == NULL)
    return FALSE;

  for (guint i = 0; i < reports->len; i++)
    {
      CfReportAfter *report = reports->pdata[i];
      g_autoptr (CfStatement) stmt = NULL;
      guint sent_mask;
      int rc;

      if (!g_hash_table_add (seen, report->escalation_id))
        continue;
      stmt = cf_store_prepare (store,
                               "SELECT " CANDIDATE_COLUMNS " FROM escalation WHERE id = ?",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, report->escalation_id, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        continue;
      if (rc != SQLITE_ROW)
        return cf_store_set_sqlite_error (store, rc, error);
      if (!sent_reasons (store, user_id, report->escalation_id, &sent_mask, error))
        return FALSE;
      add_alert (alerts, stmt, CF_ESCALATION_ALERT_REPORT_AFTER, sent_mask, FALSE);
    }

  return TRUE;
}

/**
 * cf_escalation_list_alerts:
 * @user_id: the signed-in user
 * @escalation_ids: (nullable) (array zero-terminated=1): the escalations
 *   to look at, such as those a change touched; %NULL for all the user can
 *   act on. The open report-after obligations of the user's level are
 *   always all listed: they are few.
 * @now: the time overdue is judged at
 *
 * What holds now for @user_id: an escalation waits at their level (open
 * or reopened there), is assigned to them (and still being worked), one
 * of those is overdue, or an emergency skip over their level waits to be
 * acknowledged. Each says whether the user was told already and whether
 * it is their own doing; the information desk, standing at no level, only
 * hears of what is assigned to it.
 *
 * Returns: (transfer container) (element-type CfEscalationAlert): the
 *   alerts, or %NULL with @error set
 */
GPtrArray *
cf_escalation_list_alerts (CfStore             *store,
                           const char          *user_id,
                           const char * const  *escalation_ids,
                           GDateTime           *now,
                           GError             **error)
{
  g_autoptr (GPtrArray) alerts =
    g_ptr_array_new_with_free_func ((GDestroyNotify) cf_escalation_alert_free);
  Standing standing;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (user_id != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (!ensure_sent_table (store, error) || !user_standing (store, user_id, &standing, error))
    return NULL;
  if (!standing.is_user)
    return g_steal_pointer (&alerts);

  if (escalation_ids == NULL)
    {
      g_autoptr (CfStatement) stmt =
        cf_store_prepare (store,
                          "SELECT " CANDIDATE_COLUMNS " FROM escalation "
                          "WHERE deleted = 0 AND status IN " ACTIVE_STATUSES " AND " LEVEL_IN " "
                          "UNION "
                          "SELECT " CANDIDATE_COLUMNS " "
                          "FROM escalation INDEXED BY escalation_status "
                          "WHERE deleted = 0 AND status IN " ACTIVE_STATUSES " AND assignee = ?6 "
                          "ORDER BY 5, 1", error);

      if (stmt == NULL)
        return NULL;
      bind_levels (stmt, &standing);
      sqlite3_bind_text (stmt, 6, user_id, -1, SQLITE_TRANSIENT);
      if (!step_rows (store, stmt, user_id, &standing, now, alerts, error))
        return NULL;
    }
  else
    {
      for (guint i = 0; escalation_ids[i] != NULL; i++)
        {
          g_autoptr (CfStatement) stmt =
            cf_store_prepare (store,
                              "SELECT " CANDIDATE_COLUMNS " FROM escalation "
                              "WHERE id = ? AND deleted = 0", error);

          if (stmt == NULL)
            return NULL;
          sqlite3_bind_text (stmt, 1, escalation_ids[i], -1, SQLITE_TRANSIENT);
          if (!step_rows (store, stmt, user_id, &standing, now, alerts, error))
            return NULL;
        }
    }

  if (standing.has_level &&
      !add_report_after_alerts (store, user_id, standing.level, alerts, error))
    return NULL;

  return g_steal_pointer (&alerts);
}

/**
 * cf_escalation_mark_alerts_sent:
 * @alerts: (element-type CfEscalationAlert): alerts of
 *   cf_escalation_list_alerts (); those already sent are skipped
 *
 * Records that @user_id was told of @alerts (or, for their own doing,
 * need not be), so that they are not told again.
 *
 * Returns: %FALSE with @error set when nothing could be recorded
 */
gboolean
cf_escalation_mark_alerts_sent (CfStore     *store,
                                const char  *user_id,
                                GPtrArray   *alerts,
                                GDateTime   *now,
                                GError     **error)
{
  g_autofree char *sent_at = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (user_id != NULL && alerts != NULL && now != NULL, FALSE);

  if (!ensure_sent_table (store, error) || !cf_store_begin (store, error))
    return FALSE;

  sent_at = cf_utc_iso (now);
  for (guint i = 0; i < alerts->len; i++)
    {
      CfEscalationAlert *alert = alerts->pdata[i];
      g_autoptr (CfStatement) stmt = NULL;
      int rc;

      if (alert->sent)
        continue;
      stmt = cf_store_prepare (store,
                               "INSERT OR IGNORE INTO escalation_alert_sent "
                               "(user_id, escalation_id, reason, sent_at) VALUES (?, ?, ?, ?)",
                               error);
      if (stmt == NULL)
        {
          cf_store_rollback (store);
          return FALSE;
        }
      sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, alert->escalation_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, reason_names[alert->reason], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, sent_at, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          cf_store_set_sqlite_error (store, rc, error);
          cf_store_rollback (store);
          return FALSE;
        }
    }

  return cf_store_commit (store, error);
}

/**
 * cf_escalation_forget_settled_alerts:
 * @escalation_ids: (nullable) (array zero-terminated=1): the escalations
 *   a change touched; %NULL for all @user_id was told of
 *
 * Forgets that escalations since resolved or closed waited at @user_id's
 * level or were overdue: should one be reopened and wait again, that is
 * news again. Whose it is and the report-after obligations stay told.
 *
 * Returns: %FALSE with @error set on a database error
 */
gboolean
cf_escalation_forget_settled_alerts (CfStore             *store,
                                     const char          *user_id,
                                     const char * const  *escalation_ids,
                                     GError             **error)
{
  static const char sql[] =
    "DELETE FROM escalation_alert_sent AS s "
    "WHERE s.user_id = ?1 AND s.reason IN ('level', 'overdue') "
    "AND (?2 IS NULL OR s.escalation_id = ?2) "
    "AND EXISTS (SELECT 1 FROM escalation e WHERE e.id = s.escalation_id "
    "  AND (e.deleted = 1 OR e.status IN ('resolved', 'closed')))";
  guint n_ids;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (user_id != NULL, FALSE);

  if (!ensure_sent_table (store, error))
    return FALSE;

  /* One pass with no id for all of them. */
  n_ids = escalation_ids != NULL ? g_strv_length ((char **) escalation_ids) : 1;
  for (guint i = 0; i < n_ids; i++)
    {
      g_autoptr (CfStatement) stmt = cf_store_prepare (store, sql, error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, escalation_ids != NULL ? escalation_ids[i] : NULL, -1,
                         SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        return cf_store_set_sqlite_error (store, rc, error);
    }

  return TRUE;
}

/**
 * cf_escalation_next_alert_due:
 *
 * The earliest due time after @now among the escalations @user_id can act
 * on (at their level or assigned to them, still being worked): when the
 * next one becomes overdue.
 *
 * Returns: (transfer full) (nullable): that time as stored (UTC ISO-8601),
 *   or %NULL when none is due later or on error
 */
char *
cf_escalation_next_alert_due (CfStore     *store,
                              const char  *user_id,
                              GDateTime   *now,
                              GError     **error)
{
  g_autoptr (CfStatement) stmt = NULL;
  g_autofree char *after = NULL;
  Standing standing;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (user_id != NULL && now != NULL, NULL);

  if (!user_standing (store, user_id, &standing, error) || !standing.is_user)
    return NULL;

  stmt = cf_store_prepare (store,
                           "SELECT MIN (due_at) FROM ("
                           "  SELECT due_at FROM escalation WHERE deleted = 0 "
                           "  AND status IN " ACTIVE_STATUSES " AND " LEVEL_IN " AND due_at > ?7 "
                           "  UNION ALL "
                           "  SELECT due_at FROM escalation WHERE deleted = 0 "
                           "  AND status IN " ACTIVE_STATUSES " AND assignee = ?6 AND due_at > ?7)",
                           error);
  if (stmt == NULL)
    return NULL;
  after = cf_utc_iso (now);
  bind_levels (stmt, &standing);
  sqlite3_bind_text (stmt, 6, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, after, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      cf_store_set_sqlite_error (store, rc, error);
      return NULL;
    }

  return g_strdup (column (stmt, 0));
}
