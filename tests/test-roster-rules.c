/* test-roster-rules.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib.h>

#include "cf-roster-rules.h"

/* The roster's rule checks on rows written as strings: one character a
 * day, E early 07–15, L late 15–23, N night 23–07, O off, '.' nothing,
 * lower case the same shift on a day of approved leave. Each row starts on
 * a Monday unless said otherwise.
 */

static const CfShiftTimes early = { 7 * 60, 15 * 60, 30, TRUE };
static const CfShiftTimes late = { 15 * 60, 23 * 60, 30, TRUE };
static const CfShiftTimes night = { 23 * 60, 7 * 60, 30, TRUE };
static const CfShiftTimes off = { 0, 0, 0, FALSE };

static GArray *
row (const char *text)
{
  GArray *days = g_array_new (FALSE, TRUE, sizeof (CfRosterDay));

  for (const char *c = text; *c != '\0'; c++)
    {
      CfRosterDay day = { NULL, g_ascii_islower (*c) };

      switch (g_ascii_toupper (*c))
        {
        case 'E': day.shift = &early; break;
        case 'L': day.shift = &late; break;
        case 'N': day.shift = &night; break;
        case 'O': day.shift = &off; break;
        default: break;
        }
      g_array_append_val (days, day);
    }

  return days;
}

/* The problems of @text, whose month starts at @first_day. */
static GArray *
check (const char *text,
       guint       first_day,
       gboolean    active,
       int         contract_minutes)
{
  g_autoptr (GArray) days = row (text);
  GArray *problems = g_array_new (FALSE, FALSE, sizeof (CfRosterProblem));
  CfRosterRules rules;

  cf_roster_rules_init (&rules);
  cf_roster_check_row (&rules, (CfRosterDay *) days->data, days->len, first_day, G_DATE_MONDAY,
                       active, contract_minutes, problems);

  return problems;
}

static guint
count_kind (GArray              *problems,
            CfRosterProblemKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    n += g_array_index (problems, CfRosterProblem, i).kind == kind;

  return n;
}

static const CfRosterProblem *
first_of_kind (GArray              *problems,
               CfRosterProblemKind  kind)
{
  for (guint i = 0; i < problems->len; i++)
    {
      if (g_array_index (problems, CfRosterProblem, i).kind == kind)
        return &g_array_index (problems, CfRosterProblem, i);
    }

  return NULL;
}

static void
test_rest_across_midnight (void)
{
  g_autoptr (GArray) ok = check ("ELOE", 0, TRUE, 0);
  g_autoptr (GArray) night_then_early = check ("NE", 0, TRUE, 0);
  g_autoptr (GArray) late_then_early = check ("LE", 0, TRUE, 0);
  const CfRosterProblem *problem;

  g_assert_cmpuint (ok->len, ==, 0);

  /* A night shift belongs to the day it starts: it ends at 07:00 the next
   * morning, when the early shift starts — no rest at all.
   */
  problem = first_of_kind (night_then_early, CF_ROSTER_PROBLEM_REST);
  g_assert_nonnull (problem);
  g_assert_cmpint (problem->day, ==, 1);
  g_assert_cmpint (problem->amount, ==, 0);

  /* 23:00 to 07:00: eight hours. */
  problem = first_of_kind (late_then_early, CF_ROSTER_PROBLEM_REST);
  g_assert_nonnull (problem);
  g_assert_cmpint (problem->amount, ==, 8 * 60);
}

/* The last day before the month counts, but only the month's days are
 * reported.
 */
static void
test_rest_across_month (void)
{
  g_autoptr (GArray) problems = check ("LE", 1, TRUE, 0);
  g_autoptr (GArray) before_month = check ("LEO", 2, TRUE, 0);

  g_assert_cmpuint (count_kind (problems, CF_ROSTER_PROBLEM_REST), ==, 1);
  g_assert_cmpint (first_of_kind (problems, CF_ROSTER_PROBLEM_REST)->day, ==, 1);
  g_assert_cmpuint (before_month->len, ==, 0);
}

static void
test_consecutive_days (void)
{
  g_autoptr (GArray) six = check ("EEEEEEO", 0, TRUE, 0);
  g_autoptr (GArray) seven = check ("EEEEEEE", 0, TRUE, 0);
  g_autoptr (GArray) across_month = check ("EEEEEEE", 4, TRUE, 0);
  g_autoptr (GArray) broken = check ("EEE.EEEE", 0, TRUE, 0);

  g_assert_cmpuint (count_kind (six, CF_ROSTER_PROBLEM_CONSECUTIVE), ==, 0);
  g_assert_cmpuint (count_kind (seven, CF_ROSTER_PROBLEM_CONSECUTIVE), ==, 1);
  g_assert_cmpint (first_of_kind (seven, CF_ROSTER_PROBLEM_CONSECUTIVE)->day, ==, 6);
  g_assert_cmpint (first_of_kind (seven, CF_ROSTER_PROBLEM_CONSECUTIVE)->amount, ==, 7);

  /* Four days before the month and three in it: the seventh is reported. */
  g_assert_cmpuint (count_kind (across_month, CF_ROSTER_PROBLEM_CONSECUTIVE), ==, 1);
  g_assert_cmpint (first_of_kind (across_month, CF_ROSTER_PROBLEM_CONSECUTIVE)->day, ==, 6);
  g_assert_cmpuint (count_kind (broken, CF_ROSTER_PROBLEM_CONSECUTIVE), ==, 0);
}

/* Five early shifts are 37.5 hours; a sixth passes 40 in the same week,
 * not when it falls in the next week.
 */
static void
test_week_hours (void)
{
  g_autoptr (GArray) five = check ("EEEEEOO", 0, TRUE, 0);
  g_autoptr (GArray) six = check ("EEEEEEO", 0, TRUE, 0);
  g_autoptr (GArray) split = check ("OOEEEEEEOO", 0, TRUE, 0);

  g_assert_cmpuint (count_kind (five, CF_ROSTER_PROBLEM_WEEK_HOURS), ==, 0);
  g_assert_cmpuint (count_kind (six, CF_ROSTER_PROBLEM_WEEK_HOURS), ==, 1);
  g_assert_cmpint (first_of_kind (six, CF_ROSTER_PROBLEM_WEEK_HOURS)->day, ==, 5);
  g_assert_cmpint (first_of_kind (six, CF_ROSTER_PROBLEM_WEEK_HOURS)->amount, ==, 45 * 60);
  /* Monday to Sunday: days 2–6 in one week, 7 in the next. */
  g_assert_cmpuint (count_kind (split, CF_ROSTER_PROBLEM_WEEK_HOURS), ==, 0);
}

static void
test_month_hours (void)
{
  /* Twenty early shifts: 150 h. */
  const char *month = "EEEEEOOEEEEEOOEEEEEOOEEEEEOO";
  g_autoptr (GArray) near = check (month, 0, TRUE, 150 * 60);
  g_autoptr (GArray) far = check (month, 0, TRUE, 174 * 60);
  g_autoptr (GArray) none = check (month, 0, TRUE, 0);

  g_assert_cmpuint (near->len, ==, 0);
  g_assert_cmpuint (count_kind (far, CF_ROSTER_PROBLEM_MONTH_HOURS), ==, 1);
  g_assert_cmpint (first_of_kind (far, CF_ROSTER_PROBLEM_MONTH_HOURS)->day, ==, -1);
  g_assert_cmpint (first_of_kind (far, CF_ROSTER_PROBLEM_MONTH_HOURS)->amount, ==, 150 * 60);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_leave_and_inactive (void)
{
  g_autoptr (GArray) on_leave = check ("EeO", 0, TRUE, 0);
  g_autoptr (GArray) leave_free = check ("EoO", 0, TRUE, 0);
  g_autoptr (GArray) inactive = check ("E.E", 0, FALSE, 0);

  g_assert_cmpuint (count_kind (on_leave, CF_ROSTER_PROBLEM_ON_LEAVE), ==, 1);
  g_assert_cmpint (first_of_kind (on_leave, CF_ROSTER_PROBLEM_ON_LEAVE)->day, ==, 1);
  /* A day off during leave is no clash. */
  g_assert_cmpuint (leave_free->len, ==, 0);
  g_assert_cmpuint (count_kind (inactive, CF_ROSTER_PROBLEM_INACTIVE), ==, 2);
}

static void
test_describe (void)
{
  CfRosterRules rules;
  CfRosterProblem rest = { CF_ROSTER_PROBLEM_REST, 1, 8 * 60 };
  g_autofree char *text = NULL;

  cf_roster_rules_init (&rules);
  text = cf_roster_problem_describe (&rules, &rest);
  g_assert_nonnull (strstr (text, "8"));
  g_assert_nonnull (strstr (text, "11"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roster-rules/rest-across-midnight", test_rest_across_midnight);
  g_test_add_func ("/roster-rules/rest-across-month", test_rest_across_month);
  g_test_add_func ("/roster-rules/consecutive-days", test_consecutive_days);
  g_test_add_func ("/roster-rules/week-hours", test_week_hours);
  g_test_add_func ("/roster-rules/month-hours", test_month_hours);
  g_test_add_func ("/roster-rules/leave-and-inactive", test_leave_and_inactive);
  g_test_add_func ("/roster-rules/describe", test_describe);

  return g_test_run ();
}
