/* bench-roster.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The roster's model, printed as “key value unit” lines:
 *
 *   bench-roster [--staff N] [--repeat N] FOLDER
 *
 * On the demo database with N staff (2,000 by default) and this month's
 * roster for all of them:
 * - month load: cf_roster_month_new () for the month — every row, the week
 *   before it, shift types, holidays and leave — median of --repeat;
 * - rule checks of every row of the month (what the problems panel does);
 * - paint of 100 cells committed: a 10 × 10 block made into ops and applied
 *   in one transaction, each time with another shift, median of --repeat.
 *
 * Figures, not assertions.
 */

#define G_LOG_DOMAIN "cf-bench-roster"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "cf-demo.h"
#include "cf-roster-month.h"
#include "cf-store.h"

static int n_staff = 2000;
static int n_repeat = 9;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);

  return g_array_index (values, double, values->len / 2);
}

static G_NORETURN void
die (const char   *what,
     const GError *error)
{
  g_printerr ("bench-roster: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "staff", 0, 0, G_OPTION_ARG_INT, &n_staff, "Staff in the demo database", "N" },
    { "repeat", 0, 0, G_OPTION_ARG_INT, &n_repeat, "Runs of each timing", "N" },
    { NULL }
  };
  g_autoptr (GOptionContext) options = g_option_context_new ("FOLDER — the roster's timings");
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autoptr (GArray) loads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) paints = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *path = NULL;
  g_autofree char *supervisor = NULL;
  CfRosterMonth *month = NULL;
  CfRosterRules rules;
  guint n_problems = 0;
  gint64 start;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || argc != 2)
    die ("usage", error);

  path = g_build_filename (argv[1], "roster.db", NULL);
  g_unlink (path);
  store = cf_store_open (path, CF_STORE_FLAGS_NONE, &error);
  if (store == NULL || !cf_demo_populate (store, n_staff, FALSE, &error))
    die ("cannot make the demo database", error);

  for (int i = 0; i < n_repeat; i++)
    {
      double ms;

      g_clear_object (&month);
      start = g_get_monotonic_time ();
      month = cf_roster_month_new (store, g_date_time_get_year (now),
                                   g_date_time_get_month (now), &error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (month == NULL)
        die ("cannot load the month", error);
      g_array_append_val (loads, ms);
    }

  cf_roster_rules_init (&rules);
  start = g_get_monotonic_time ();
  for (guint r = 0; r < cf_roster_month_get_n_rows (month); r++)
    {
      g_autoptr (GArray) problems = cf_roster_month_check_row (month, &rules, r);

      n_problems += problems->len;
    }
  g_print ("roster_rows %u rows\n", cf_roster_month_get_n_rows (month));
  g_print ("roster_cells %u cells\n",
           cf_roster_month_get_n_rows (month) * cf_roster_month_get_n_days (month));
  g_print ("roster_month_load %.1f ms\n", median (loads));
  g_print ("roster_check_all %.1f ms\n", (g_get_monotonic_time () - start) / 1000.0);
  g_print ("roster_problems %u problems\n", n_problems);

  {
    g_autoptr (CfStatement) stmt = cf_store_prepare (store, "SELECT id FROM app_user "
                                                            "ORDER BY created_at LIMIT 1", NULL);

    if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
      supervisor = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  }

  for (int i = 0; i < n_repeat; i++)
    {
      guint rows[10];
      CfRosterCell cells[100];
      guint shift = 1 + i % cf_roster_month_get_n_shift_types (month);
      g_autoptr (GPtrArray) ops = NULL;
      double ms;

      for (guint r = 0; r < 10; r++)
        rows[r] = 20 + r;
      for (guint c = 0; c < 100; c++)
        cells[c] = (CfRosterCell) { shift, 0, 0 };

      start = g_get_monotonic_time ();
      ops = cf_roster_month_make_ops (month, rows, 10, 5, 14, cells);
      if (ops->len > 0 &&
          !cf_store_apply (store, supervisor, (CfOp * const *) ops->pdata, ops->len, &error))
        die ("cannot paint", error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (paints, ms);
    }
  g_print ("roster_paint_100 %.2f ms\n", median (paints));

  g_clear_object (&month);
  return 0;
}
