/* cf-handover-alert.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-handover-alert"

#include "config.h"

#include "cf-handover-alert.h"

#include "cf-escalation.h"
#include "cf-handover.h"
#include "cf-registry.h"
#include "cf-store.h"
#include "cf-uuid.h"

/* What deputies and supervisors are told about the handover (the issue's
 * "a sheet not countersigned within a configurable time after the shift
 * start is flagged, and the deputy and supervisor are notified"): each
 * sheet that is not sealed the policy's countersign_minutes after its
 * incoming shift started (cf_handover_list_overdue_countersign () says
 * which), once per person. What was told is kept per user in a table of
 * this desktop's own, like the escalations' (cf-escalation-alert.c): not
 * synced, not part of the schema's migrations; losing it only means being
 * told again.
 *
 * Sheets waiting for their countersignature are few (a day has a handful
 * of shift changes and a sheet is sealed within the hour): every look
 * reads them all.
 */

static gboolean
ensure_sent_table (CfStore  *store,
                   GError  **error)
{
  static const char sql[] =
    "CREATE TABLE IF NOT EXISTS handover_alert_sent ("
    "  user_id TEXT NOT NULL,"
    "  sheet_id TEXT NOT NULL,"
    "  sent_at TEXT NOT NULL,"
    "  PRIMARY KEY (user_id, sheet_id)"
    ") STRICT, WITHOUT ROWID";

  if (g_object_get_data (G_OBJECT (store), "cf-handover-alert-sent") != NULL)
    return TRUE;
  if (!cf_store_exec (store, sql, error))
    return FALSE;
  g_object_set_data (G_OBJECT (store), "cf-handover-alert-sent", GINT_TO_POINTER (TRUE));

  return TRUE;
}

void
cf_handover_alert_free (CfHandoverAlert *alert)
{
  g_free (alert->sheet_id);
  g_free (alert->shift_date);
  g_free (alert->outgoing_shift);
  g_free (alert->incoming_shift);
  g_free (alert->incoming_lead);
  g_free (alert);
}

/* Those who answer for the shift changes being signed: an active deputy
 * or supervisor. Everyone else is told nothing of them.
 */
static gboolean
is_told (CfStore    *store,
         const char *user_id)
{
  CfRole role;

  return cf_store_get_author_role (store, user_id, &role) &&
         (role == CF_ROLE_DEPUTY || role == CF_ROLE_SUPERVISOR);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           index)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, index));
}

/* What a person needs to know the sheet by, and whether @user_id was told. */
static CfHandoverAlert *
describe_sheet (CfStore     *store,
                const char  *user_id,
                const char  *sheet_id,
                GError     **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store,
                      "SELECT h.shift_date, o.name, i.name, s.name, a.sent_at IS NOT NULL "
                      "FROM handover_sheet h "
                      "JOIN shift_type o ON o.id = h.outgoing_shift_type "
                      "JOIN shift_type i ON i.id = h.incoming_shift_type "
                      "LEFT JOIN app_user u ON u.id = h.incoming_lead "
                      "LEFT JOIN staff s ON s.id = u.staff "
                      "LEFT JOIN handover_alert_sent a ON a.user_id = ?1 AND a.sheet_id = h.id "
                      "WHERE h.id = ?2", error);
  CfHandoverAlert *alert;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, sheet_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      cf_store_set_sqlite_error (store, rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc, error);
      return NULL;
    }

  alert = g_new0 (CfHandoverAlert, 1);
  alert->sheet_id = g_strdup (sheet_id);
  alert->shift_date = column_dup (stmt, 0);
  alert->outgoing_shift = column_dup (stmt, 1);
  alert->incoming_shift = column_dup (stmt, 2);
  alert->incoming_lead = column_dup (stmt, 3);
  alert->sent = sqlite3_column_int (stmt, 4) != 0;

  return alert;
}

/**
 * cf_handover_list_alerts:
 * @user_id: the signed-in user
 * @now: the time overdue is judged at
 *
 * The sheets @user_id is to hear of now: for a deputy or a supervisor,
 * each sheet not sealed the escalation policy's countersign_minutes after
 * its incoming shift started; nothing for anyone else. Each says whether
 * the user was told already.
 *
 * Returns: (transfer container) (element-type CfHandoverAlert): the
 *   alerts, by date, or %NULL with @error set
 */
GPtrArray *
cf_handover_list_alerts (CfStore     *store,
                         const char  *user_id,
                         GDateTime   *now,
                         GError     **error)
{
  g_autoptr (GPtrArray) alerts =
    g_ptr_array_new_with_free_func ((GDestroyNotify) cf_handover_alert_free);
  g_autoptr (GPtrArray) overdue = NULL;
  CfEscalationPolicy policy;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (user_id != NULL && now != NULL, NULL);

  if (!ensure_sent_table (store, error))
    return NULL;
  if (!is_told (store, user_id))
    return g_steal_pointer (&alerts);
  if (!cf_escalation_policy_load (store, &policy, error))
    return NULL;

  overdue = cf_handover_list_overdue_countersign (store, now, policy.countersign_minutes, error);
  if (overdue == NULL)
    return NULL;
  for (guint i = 0; i < overdue->len; i++)
    {
      const char *sheet_id = json_object_get_string_member (overdue->pdata[i], "id");
      CfHandoverAlert *alert = describe_sheet (store, user_id, sheet_id, error);

      if (alert == NULL)
        return NULL;
      g_ptr_array_add (alerts, alert);
    }

  return g_steal_pointer (&alerts);
}

/**
 * cf_handover_mark_alerts_sent:
 * @alerts: (element-type CfHandoverAlert): alerts of
 *   cf_handover_list_alerts (); those already sent are skipped
 *
 * Records that @user_id was told of @alerts, so that they are not told
 * again.
 *
 * Returns: %FALSE with @error set when nothing could be recorded
 */
gboolean
cf_handover_mark_alerts_sent (CfStore     *store,
                              const char  *user_id,
                              GPtrArray   *alerts,
                              GDateTime   *now,
                              GError     **error)
{
  g_autoptr (CfStatement) stmt = NULL;
  g_autoptr (JsonArray) ids = json_array_new ();
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *ids_json = NULL;
  g_autofree char *sent_at = NULL;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (user_id != NULL && alerts != NULL && now != NULL, FALSE);

  for (guint i = 0; i < alerts->len; i++)
    {
      CfHandoverAlert *alert = alerts->pdata[i];

      if (!alert->sent)
        json_array_add_string_element (ids, alert->sheet_id);
    }
  if (json_array_get_length (ids) == 0)
    return TRUE;

  if (!ensure_sent_table (store, error))
    return FALSE;
  /* One statement for them all: told of all, or of none. */
  stmt = cf_store_prepare (store,
                           "INSERT OR IGNORE INTO handover_alert_sent (user_id, sheet_id, sent_at) "
                           "SELECT ?1, value, ?2 FROM json_each (?3)", error);
  if (stmt == NULL)
    return FALSE;
  json_node_set_array (node, ids);
  ids_json = json_to_string (node, FALSE);
  sent_at = cf_utc_iso (now);
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, sent_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, ids_json, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (store, rc, error);

  return TRUE;
}

/**
 * cf_handover_next_alert_due:
 *
 * The earliest moment after @now at which a sheet not yet sealed falls
 * overdue for its countersignature, for a deputy or supervisor.
 *
 * Returns: (transfer full) (nullable): that time in UTC ISO-8601, or
 *   %NULL when none falls due later, for anyone else, or on error
 */
char *
cf_handover_next_alert_due (CfStore     *store,
                            const char  *user_id,
                            GDateTime   *now,
                            GError     **error)
{
  g_autoptr (GDateTime) next = NULL;
  CfEscalationPolicy policy;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (user_id != NULL && now != NULL, NULL);

  if (!is_told (store, user_id) || !cf_escalation_policy_load (store, &policy, error))
    return NULL;

  next = cf_handover_next_countersign_deadline (store, now, policy.countersign_minutes, error);
  return next != NULL ? cf_utc_iso (next) : NULL;
}
