/* cf-roster-rules.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The rules a roster is checked against (DOMAIN.md, "Scheduling"); the
 * defaults are cf_roster_rules_init ()'s, and Preferences can change them.
 */
typedef struct
{
  int min_rest_minutes;          /* between the end of one shift and the start of the next */
  int max_consecutive_days;      /* working days in a row */
  int max_week_minutes;          /* Monday to Sunday */
  int month_tolerance_minutes;   /* planned hours may differ this much from the contract */
} CfRosterRules;

/* A shift as the rules see it; times are minutes since midnight, and a
 * shift that ends before it starts ends the next day.
 */
typedef struct
{
  int      start_minute;
  int      end_minute;
  int      break_minutes;
  gboolean counts_as_work;
} CfShiftTimes;

/* One day of one staff member's roster. */
typedef struct
{
  const CfShiftTimes *shift;           /* NULL: no shift */
  gboolean            approved_leave;  /* an approved leave request covers the day */
} CfRosterDay;

typedef enum
{
  CF_ROSTER_PROBLEM_REST,
  CF_ROSTER_PROBLEM_CONSECUTIVE,
  CF_ROSTER_PROBLEM_WEEK_HOURS,
  CF_ROSTER_PROBLEM_MONTH_HOURS,
  CF_ROSTER_PROBLEM_ON_LEAVE,
  CF_ROSTER_PROBLEM_INACTIVE,
} CfRosterProblemKind;

typedef struct
{
  CfRosterProblemKind kind;
  int                 day;       /* index into the checked days; -1 for the month as a whole */
  int                 amount;    /* rest or hours in minutes, or days in a row */
} CfRosterProblem;

void  cf_roster_rules_init        (CfRosterRules       *rules);
int   cf_shift_times_work_minutes (const CfShiftTimes  *shift);
void  cf_roster_check_row         (const CfRosterRules *rules,
                                   const CfRosterDay   *days,
                                   guint                n_days,
                                   guint                first_day,
                                   GDateWeekday         first_weekday,
                                   gboolean             active,
                                   int                  contract_minutes,
                                   GArray              *problems);
char *cf_roster_problem_describe  (const CfRosterRules   *rules,
                                   const CfRosterProblem *problem);

G_END_DECLS
