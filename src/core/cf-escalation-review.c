/* cf-escalation-review.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-escalation-review"

#include "config.h"

#include "cf-escalation-review.h"

#include <glib/gi18n-lib.h>

#include "cf-escalation.h"
#include "cf-registry.h"
#include "cf-store.h"
#include "cf-uuid.h"

/* The weekly review for the shift-lead meeting (DOMAIN.md, "Meetings"):
 * the week's hard complaints — customer complaints that in the week were
 * reported beyond the complaints desk, reopened, or overdue — with where
 * they stand now and how they were settled.
 *
 * A week runs from Monday to Sunday in local dates. Entries are stamped
 * in UTC ISO-8601, which compares as text, so the week is two instants.
 */

void
cf_hard_complaint_free (CfHardComplaint *complaint)
{
  g_free (complaint->escalation_id);
  g_free (complaint->opened_at);
  g_free (complaint->summary);
  g_free (complaint->severity);
  g_free (complaint->level_reached);
  g_free (complaint->status);
  g_free (complaint->outcome);
  g_free (complaint->responsible);
  g_free (complaint);
}

/**
 * cf_hard_complaint_describe_reasons:
 *
 * Returns: (transfer full): why @complaint is listed, translated, e.g.
 *   “Escalated, overdue”
 */
char *
cf_hard_complaint_describe_reasons (const CfHardComplaint *complaint)
{
  g_autoptr (GPtrArray) reasons = g_ptr_array_new ();

  g_return_val_if_fail (complaint != NULL, NULL);

  if (complaint->reasons & CF_HARD_COMPLAINT_ESCALATED)
    /* translators: why a complaint is on the weekly review */
    g_ptr_array_add (reasons, (gpointer) _("Escalated"));
  if (complaint->reasons & CF_HARD_COMPLAINT_REOPENED)
    /* translators: why a complaint is on the weekly review */
    g_ptr_array_add (reasons, (gpointer) _("Reopened"));
  if (complaint->reasons & CF_HARD_COMPLAINT_OVERDUE)
    /* translators: why a complaint is on the weekly review */
    g_ptr_array_add (reasons, (gpointer) _("Overdue"));
  g_ptr_array_add (reasons, NULL);

  /* translators: what separates the reasons a complaint is on the weekly
   * review, as in “Escalated, overdue”; “、” in Chinese
   */
  return g_strjoinv (_(", "), (char **) reasons->pdata);
}

/**
 * cf_hard_complaint_describe_outcome:
 *
 * Returns: (transfer full): how @complaint was settled and who was found
 *   responsible, or that it is still open, translated
 */
char *
cf_hard_complaint_describe_outcome (const CfHardComplaint *complaint)
{
  g_return_val_if_fail (complaint != NULL, NULL);

  if (complaint->outcome == NULL)
    return g_strdup (_("Still open"));
  if (complaint->responsible == NULL)
    return g_strdup (complaint->outcome);

  /* translators: an escalation's outcome and the party found responsible */
  return g_strdup_printf (_("%s (responsible: %s)"), complaint->outcome, complaint->responsible);
}

/**
 * cf_hard_complaint_get_label:
 * @field_name: "severity", "level" (for the level reached) or "status"
 *
 * Returns: (transfer none): the value as people read it, translated
 */
const char *
cf_hard_complaint_get_label (const CfHardComplaint *complaint,
                             const char            *field_name)
{
  const CfField *field;
  const char *value;

  g_return_val_if_fail (complaint != NULL, NULL);

  field = cf_kind_lookup_field (cf_registry_lookup ("escalation"), field_name);
  g_return_val_if_fail (field != NULL && field->type == CF_FIELD_ENUM, NULL);

  value = g_str_equal (field_name, "severity") ? complaint->severity
          : g_str_equal (field_name, "level") ? complaint->level_reached
          : complaint->status;

  return cf_field_get_value_label (field, value);
}

/**
 * cf_escalation_review_get_week:
 * @day: any day of the week
 * @monday: (out caller-allocates): the week's Monday
 * @sunday: (out caller-allocates) (optional): the week's Sunday
 */
void
cf_escalation_review_get_week (const GDate *day,
                               GDate       *monday,
                               GDate       *sunday)
{
  g_return_if_fail (day != NULL && g_date_valid (day));
  g_return_if_fail (monday != NULL);

  *monday = *day;
  g_date_subtract_days (monday, g_date_get_weekday (day) - G_DATE_MONDAY);
  if (sunday != NULL)
    {
      *sunday = *monday;
      g_date_add_days (sunday, 6);
    }
}

static char *
format_date (const GDate *date)
{
  char text[16];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  return g_strdup (text);
}

/**
 * cf_escalation_review_describe_week:
 * @day: any day of the week
 *
 * Returns: (transfer full): the week as reviews name it, by its Monday
 *   and Sunday, e.g. “2026-11-16 – 2026-11-22”
 */
char *
cf_escalation_review_describe_week (const GDate *day)
{
  g_autofree char *monday_text = NULL;
  g_autofree char *sunday_text = NULL;
  GDate monday, sunday;

  cf_escalation_review_get_week (day, &monday, &sunday);
  monday_text = format_date (&monday);
  sunday_text = format_date (&sunday);

  /* translators: a week of the weekly review: its Monday and its Sunday */
  return g_strdup_printf (_("%s – %s"), monday_text, sunday_text);
}

static char *
local_midnight_utc (const GDate *date)
{
  g_autoptr (GDateTime) midnight = g_date_time_new_local (g_date_get_year (date),
                                                          g_date_get_month (date),
                                                          g_date_get_day (date), 0, 0, 0);

  return cf_utc_iso (midnight);
}

/* Where the complaint went highest and how it was last settled: from the
 * entries that move it up and those that resolve it.
 */
static gboolean
read_history (CfStore          *store,
              CfHardComplaint  *complaint,
              GError          **error)
{
  g_autoptr (CfStatement) stmt = NULL;
  CfEscalationLevel highest = CF_ESCALATION_LEVEL_AGENT;
  gboolean settled;
  int rc;

  stmt = cf_store_prepare (store,
                           "SELECT type, to_level, text, responsible FROM escalation_entry "
                           "WHERE escalation = ? AND deleted = 0 "
                           "AND type IN ('raised', 'escalated', 'skipped', 'resolved') "
                           "ORDER BY created_at, id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, complaint->escalation_id, -1, SQLITE_TRANSIENT);

  cf_escalation_level_from_string (complaint->level_reached, &highest);
  settled = g_str_equal (complaint->status, "resolved") ||
            g_str_equal (complaint->status, "closed");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (stmt, 0);
      CfEscalationLevel level;

      if (!g_str_equal (type, "resolved"))
        {
          if (cf_escalation_level_from_string ((const char *) sqlite3_column_text (stmt, 1),
                                               &level))
            highest = MAX (highest, level);
        }
      else if (settled)
        {
          g_free (complaint->outcome);
          g_free (complaint->responsible);
          complaint->outcome = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          complaint->responsible = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
        }
    }
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (store, rc, error);

  g_free (complaint->level_reached);
  complaint->level_reached = g_strdup (cf_escalation_level_to_string (highest));
  /* A resolution without words still settles it. */
  if (settled && complaint->outcome == NULL)
    complaint->outcome = g_strdup ("");

  return TRUE;
}

/**
 * cf_escalation_list_hard_complaints:
 * @day: any day of the week to review (Monday to Sunday, local dates)
 * @now: (nullable): what “overdue” is measured against; %NULL for now
 *
 * The week's hard complaints: escalations of the category customer
 * complaint that during the week were raised or reported to a level
 * above the complaints desk (an escalation or an emergency skip), were
 * reopened, or were overdue — due before the week's end (or @now, if
 * earlier) and not settled at their due time or at the week's start,
 * whichever is later; a week still to come has none overdue. Each comes
 * with the highest level it reached, its status and outcome as they are
 * now.
 *
 * Returns: (transfer container) (element-type CfHardComplaint): the
 *   complaints, the most severe and then the earliest raised first; %NULL
 *   with @error set
 */
GPtrArray *
cf_escalation_list_hard_complaints (CfStore      *store,
                                    const GDate  *day,
                                    GDateTime    *now,
                                    GError      **error)
{
  g_autoptr (GPtrArray) complaints = NULL;
  g_autoptr (CfStatement) stmt = NULL;
  g_autoptr (GDateTime) current = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *cutoff = NULL;
  GDate monday, next_monday;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  cf_escalation_review_get_week (day, &monday, NULL);
  next_monday = monday;
  g_date_add_days (&next_monday, 7);
  start = local_midnight_utc (&monday);
  end = local_midnight_utc (&next_monday);
  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  cutoff = cf_utc_iso (current);
  if (g_strcmp0 (cutoff, end) > 0)
    {
      g_free (cutoff);
      cutoff = g_strdup (end);
    }

  /* Settled at a moment: the last resolution, closing or reopening
   * before it was not a reopening.
   */
  stmt = cf_store_prepare (store,
                           "SELECT * FROM (SELECT e.id, e.created_at, e.summary, e.severity, "
                           "  e.level, e.status, "
                           "  EXISTS (SELECT 1 FROM escalation_entry x WHERE x.escalation = e.id "
                           "    AND x.deleted = 0 AND x.type IN ('raised', 'escalated', 'skipped') "
                           "    AND x.to_level NOT IN ('agent', 'complaints_desk') "
                           "    AND x.created_at >= ?1 AND x.created_at < ?2) AS escalated, "
                           "  EXISTS (SELECT 1 FROM escalation_entry x WHERE x.escalation = e.id "
                           "    AND x.deleted = 0 AND x.type = 'reopened' "
                           "    AND x.created_at >= ?1 AND x.created_at < ?2) AS reopened, "
                           "  ?3 > ?1 AND e.due_at IS NOT NULL AND e.due_at < ?3 "
                           "  AND COALESCE ((SELECT x.type FROM escalation_entry x "
                           "    WHERE x.escalation = e.id AND x.deleted = 0 "
                           "    AND x.type IN ('resolved', 'closed', 'reopened') "
                           "    AND x.created_at <= MAX (e.due_at, ?1) "
                           "    ORDER BY x.created_at DESC, x.id DESC LIMIT 1), 'reopened') "
                           "    = 'reopened' AS overdue "
                           "  FROM escalation e "
                           "  WHERE e.deleted = 0 AND e.category = 'customer_complaint' "
                           "  AND e.created_at < ?2) "
                           "WHERE escalated OR reopened OR overdue "
                           "ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'urgent' THEN 1 "
                           "  ELSE 2 END, created_at, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, start, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, end, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, cutoff, -1, SQLITE_TRANSIENT);

  complaints = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_hard_complaint_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CfHardComplaint *complaint = g_new0 (CfHardComplaint, 1);

      complaint->escalation_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      complaint->opened_at = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      complaint->summary = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      complaint->severity = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      complaint->level_reached = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      complaint->status = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      if (sqlite3_column_int (stmt, 6))
        complaint->reasons |= CF_HARD_COMPLAINT_ESCALATED;
      if (sqlite3_column_int (stmt, 7))
        complaint->reasons |= CF_HARD_COMPLAINT_REOPENED;
      if (sqlite3_column_int (stmt, 8))
        complaint->reasons |= CF_HARD_COMPLAINT_OVERDUE;
      g_ptr_array_add (complaints, complaint);
    }
  if (rc != SQLITE_DONE)
    {
      cf_store_set_sqlite_error (store, rc, error);
      return NULL;
    }

  for (guint i = 0; i < complaints->len; i++)
    {
      if (!read_history (store, complaints->pdata[i], error))
        return NULL;
    }

  return g_steal_pointer (&complaints);
}
