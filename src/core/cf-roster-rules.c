/* cf-roster-rules.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-roster-rules"

#include "config.h"

#include "cf-roster-rules.h"

#include <glib/gi18n-lib.h>

/* The checks a spreadsheet lets through, on one staff member's row. They
 * run on every keystroke of the roster grid, so they only walk the row.
 */

#define MINUTES_PER_DAY (24 * 60)

void
cf_roster_rules_init (CfRosterRules *rules)
{
  rules->min_rest_minutes = 11 * 60;
  rules->max_consecutive_days = 6;
  rules->max_week_minutes = 40 * 60;
  rules->month_tolerance_minutes = 8 * 60;
}

static int
shift_length (const CfShiftTimes *shift)
{
  int length = shift->end_minute - shift->start_minute;

  return length < 0 ? length + MINUTES_PER_DAY : length;
}

/* The minutes a shift counts for: its length without the unpaid break. */
int
cf_shift_times_work_minutes (const CfShiftTimes *shift)
{
  if (shift == NULL || !shift->counts_as_work)
    return 0;

  return MAX (shift_length (shift) - shift->break_minutes, 0);
}

static gboolean
is_work (const CfRosterDay *day)
{
  return day->shift != NULL && day->shift->counts_as_work;
}

static void
add_problem (GArray              *problems,
             CfRosterProblemKind  kind,
             int                  day,
             int                  amount)
{
  CfRosterProblem problem = { kind, day, amount };

  g_array_append_val (problems, problem);
}

/**
 * cf_roster_check_row:
 * @days: the row, from some days before the month (so that rest, days in
 *   a row and weeks are checked across its start) to its last day
 * @first_day: the index of the month's first day in @days
 * @first_weekday: the weekday of @days[0]
 * @active: whether the staff member is active
 * @contract_minutes: the month's contracted work, 0 for none
 * @problems: (element-type CfRosterProblem): where problems are added;
 *   only for days of the month
 *
 * A night shift belongs to the day it starts, so the rest after it is
 * counted from the next morning.
 */
void
cf_roster_check_row (const CfRosterRules *rules,
                     const CfRosterDay   *days,
                     guint                n_days,
                     guint                first_day,
                     GDateWeekday         first_weekday,
                     gboolean             active,
                     int                  contract_minutes,
                     GArray              *problems)
{
  int run = 0;
  int week_minutes = 0;
  int month_minutes = 0;
  gboolean week_reported = FALSE;
  int last_end = G_MININT;   /* minutes since days[0]'s midnight */

  g_return_if_fail (rules != NULL && problems != NULL);
  g_return_if_fail (first_day <= n_days);

  for (guint i = 0; i < n_days; i++)
    {
      const CfRosterDay *day = &days[i];
      gboolean in_month = i >= first_day;
      int weekday = ((int) first_weekday - 1 + (int) i) % 7;   /* 0 is Monday */
      int minutes = cf_shift_times_work_minutes (day->shift);

      if (weekday == 0)
        {
          week_minutes = 0;
          week_reported = FALSE;
        }

      if (is_work (day))
        {
          int start = (int) i * MINUTES_PER_DAY + day->shift->start_minute;

          if (in_month && last_end != G_MININT && start - last_end < rules->min_rest_minutes)
            add_problem (problems, CF_ROSTER_PROBLEM_REST, i, start - last_end);
          last_end = start + shift_length (day->shift);

          run++;
          if (in_month && run > rules->max_consecutive_days)
            add_problem (problems, CF_ROSTER_PROBLEM_CONSECUTIVE, i, run);

          week_minutes += minutes;
          if (in_month && !week_reported && week_minutes > rules->max_week_minutes)
            {
              add_problem (problems, CF_ROSTER_PROBLEM_WEEK_HOURS, i, week_minutes);
              week_reported = TRUE;
            }

          if (in_month && day->approved_leave)
            add_problem (problems, CF_ROSTER_PROBLEM_ON_LEAVE, i, 0);
          if (in_month && !active)
            add_problem (problems, CF_ROSTER_PROBLEM_INACTIVE, i, 0);
        }
      else
        {
          run = 0;
        }

      if (in_month)
        month_minutes += minutes;
    }

  if (contract_minutes > 0 &&
      ABS (month_minutes - contract_minutes) > rules->month_tolerance_minutes)
    add_problem (problems, CF_ROSTER_PROBLEM_MONTH_HOURS, -1, month_minutes);
}

static char *
format_hours (int minutes)
{
  if (minutes % 60 == 0)
    return g_strdup_printf ("%d", minutes / 60);

  return g_strdup_printf ("%.1f", minutes / 60.0);
}

/**
 * cf_roster_problem_describe:
 *
 * Returns: (transfer full): the problem in words, for the problems panel
 *   and the cell's tooltip
 */
char *
cf_roster_problem_describe (const CfRosterRules   *rules,
                            const CfRosterProblem *problem)
{
  g_autofree char *amount = format_hours (problem->amount);
  g_autofree char *limit = NULL;

  switch (problem->kind)
    {
    case CF_ROSTER_PROBLEM_REST:
      limit = format_hours (rules->min_rest_minutes);
      /* translators: hours of rest between two shifts, and the least allowed */
      return g_strdup_printf (_("Only %s h of rest before this shift (at least %s h)"), amount,
                              limit);
    case CF_ROSTER_PROBLEM_CONSECUTIVE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%d working day in a row (at most %d)",
                                           "%d working days in a row (at most %d)",
                                           problem->amount),
                              problem->amount, rules->max_consecutive_days);
    case CF_ROSTER_PROBLEM_WEEK_HOURS:
      limit = format_hours (rules->max_week_minutes);
      /* translators: hours planned in one week, and the most allowed */
      return g_strdup_printf (_("%s h this week (at most %s h)"), amount, limit);
    case CF_ROSTER_PROBLEM_MONTH_HOURS:
      limit = format_hours (rules->month_tolerance_minutes);
      /* translators: hours planned in the month, and how far they may be from the contract */
      return g_strdup_printf (_("%s h planned this month, more than %s h from the contract"),
                              amount, limit);
    case CF_ROSTER_PROBLEM_ON_LEAVE:
      return g_strdup (_("Scheduled during approved leave"));
    case CF_ROSTER_PROBLEM_INACTIVE:
      return g_strdup (_("Scheduled, but no longer active"));
    default:
      g_assert_not_reached ();
    }
}
