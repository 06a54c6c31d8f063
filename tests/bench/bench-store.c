/* bench-store.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store's rates, printed as “key value unit” lines:
 *
 *   bench-store [--commits N] [--import-rows N] [--repeat N]
 *
 * - single-op commits: N patches of one staff member's phone, each through
 *   cf_store_apply() in its own transaction, as an edit in the staff dialog;
 * - a staff import: a CSV file of N rows (Chinese headers and names, as an
 *   Excel export from a Chinese call centre) read and checked with
 *   cf_staff_import_load(), then written with cf_staff_import_commit(),
 *   each on a fresh database; the median of --repeat runs.
 *
 *   bench-store --make-demo PATH N
 *
 * makes the demo database with N staff (Chinese names) that the start-up
 * benchmarks open.
 */

#define G_LOG_DOMAIN "cf-bench-store"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "cf-demo.h"
#include "cf-op.h"
#include "cf-session.h"
#include "cf-staff-import.h"
#include "cf-store.h"

static int n_commits = 2000;
static int n_import_rows = 2000;
static int n_repeat = 3;
static gboolean make_demo;

static const GOptionEntry option_entries[] = {
  { "commits", 0, 0, G_OPTION_ARG_INT, &n_commits, "Single-op commits to time", "N" },
  { "import-rows", 0, 0, G_OPTION_ARG_INT, &n_import_rows, "Rows in the imported file", "N" },
  { "repeat", 0, 0, G_OPTION_ARG_INT, &n_repeat, "Imports to time (the median is printed)", "N" },
  { "make-demo", 0, 0, G_OPTION_ARG_NONE, &make_demo,
    "Make the demo database PATH with N staff, then quit", NULL },
  { NULL }
};

static const char * const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
  "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "欧阳", "司马", "诸葛",
};

static const char * const given_names[] = {
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
  "明", "超", "秀英", "霞", "平", "刚", "桂英", "欣怡", "子涵", "梓轩", "浩然", "雨萱",
};

/* Eight teams the demo has and two the import creates. */
static const char * const teams[] = {
  "一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组", "九组", "十组",
};

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  g_assert (n > 0);

  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

static void
remove_dir (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

static G_GNUC_NORETURN void
die (const char   *what,
     const GError *error)
{
  g_printerr ("bench-store: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (EXIT_FAILURE);
}

/* A fresh demo database and its supervisor, signed in. */
static CfStore *
open_demo (const char  *path,
           guint        n_staff,
           CfSession  **session_out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autoptr (CfSession) session = NULL;

  store = cf_store_open (path, CF_STORE_FLAGS_NONE, &error);
  if (store == NULL)
    die ("cannot open the database", error);
  if (!cf_demo_populate (store, n_staff, TRUE, &error))
    die ("cannot fill the demo database", error);

  if (session_out != NULL)
    {
      session = cf_session_new (store);
      if (!cf_session_sign_in (session, CF_DEMO_SUPERVISOR_LOGIN, CF_DEMO_PASSWORD, &error))
        die ("cannot sign in", error);
      *session_out = g_steal_pointer (&session);
    }

  return g_steal_pointer (&store);
}

static char *
first_agent_id (CfStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store, "SELECT id FROM staff WHERE role = 'agent' ORDER BY employee_no "
                             "LIMIT 1", &error);

  if (stmt == NULL)
    die ("cannot find a member of staff", error);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    die ("the demo has no agents", NULL);

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
bench_commits (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "commits.db", NULL);
  g_autoptr (CfSession) session = NULL;
  g_autoptr (CfStore) store = open_demo (path, 120, &session);
  g_autofree char *staff_id = first_agent_id (store);
  g_autofree double *latencies = g_new (double, n_commits);
  const char *author = cf_session_get_user_id (session);
  double total_ms;
  gint64 start;

  start = g_get_monotonic_time ();
  for (int i = 0; i < n_commits; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonObject) set = json_object_new ();
      g_autoptr (CfOp) op = NULL;
      gint64 op_start = g_get_monotonic_time ();

      /* Alternate, so that every patch changes something. */
      json_object_set_string_member (set, "phone", i % 2 == 0 ? "8101" : "8102");
      op = cf_op_new_patch ("staff", staff_id, set);
      if (!cf_store_apply (store, author, &op, 1, &error))
        die ("cannot apply a patch", error);
      latencies[i] = elapsed_ms (op_start);
    }
  total_ms = elapsed_ms (start);

  g_print ("commit_rate %.0f commits/s\n", n_commits / (total_ms / 1000.0));
  g_print ("commit_median %.3f ms\n", median (latencies, n_commits));
  g_print ("commit_p99 %.3f ms\n", latencies[(guint) (n_commits * 0.99) - 1]);
}

static GBytes *
make_staff_csv (guint n_rows)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261122);
  GString *csv = g_string_new ("\xEF\xBB\xBF" "工号,姓名,角色,班组,状态,入职日期,电话\r\n");

  for (guint i = 0; i < n_rows; i++)
    {
      guint year = g_rand_int_range (rand, 2012, 2026);
      guint month = g_rand_int_range (rand, 1, 13);
      guint day = g_rand_int_range (rand, 1, 29);

      g_string_append_printf (csv, "2%05u,%s%s,%s,%s,%s,", i,
                              surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))],
                              given_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (given_names))],
                              i % 100 == 0 ? "班长" : "坐席",
                              teams[i % G_N_ELEMENTS (teams)],
                              i % 40 == 0 ? "离职" : "在职");
      /* The date formats spreadsheets produce. */
      switch (i % 3)
        {
        case 0:
          g_string_append_printf (csv, "%u-%02u-%02u", year, month, day);
          break;
        case 1:
          g_string_append_printf (csv, "%u/%u/%u", year, month, day);
          break;
        default:
          g_string_append_printf (csv, "%u年%u月%u日", year, month, day);
          break;
        }
      g_string_append_printf (csv, ",8%04u\r\n", i);
    }

  return g_string_free_to_bytes (csv);
}

static void
bench_import (const char *dir)
{
  g_autoptr (GBytes) csv = make_staff_csv (n_import_rows);
  g_autofree double *load_ms = g_new (double, n_repeat);
  g_autofree double *commit_ms = g_new (double, n_repeat);
  g_autofree double *total_ms = g_new (double, n_repeat);

  for (int r = 0; r < n_repeat; r++)
    {
      g_autofree char *name = g_strdup_printf ("import-%d.db", r);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr (CfSession) session = NULL;
      g_autoptr (CfStore) store = open_demo (path, 16, &session);
      g_autoptr (CfStaffImport) import = cf_staff_import_new (store);
      g_autoptr (GError) error = NULL;
      g_auto (GStrv) op_ids = NULL;
      gint64 start;

      start = g_get_monotonic_time ();
      if (!cf_staff_import_load (import, csv, &error))
        die ("cannot read the CSV file", error);
      load_ms[r] = elapsed_ms (start);

      if (cf_staff_import_get_n_rows (import) != (guint) n_import_rows ||
          cf_staff_import_get_n_problems (import) != 0)
        {
          for (guint i = 0; i < cf_staff_import_get_n_rows (import); i++)
            {
              const CfStaffImportRow *row = cf_staff_import_get_row (import, i);

              if (row->problem != NULL)
                g_printerr ("bench-store: line %u: %s\n", row->line, row->problem);
            }
          die ("the generated CSV file does not import cleanly", NULL);
        }

      start = g_get_monotonic_time ();
      op_ids = cf_staff_import_commit (import, cf_session_get_user_id (session), &error);
      if (op_ids == NULL)
        die ("cannot import", error);
      commit_ms[r] = elapsed_ms (start);
      total_ms[r] = load_ms[r] + commit_ms[r];

      if (cf_store_count (store, "SELECT COUNT(*) FROM staff") != 16 + n_import_rows)
        die ("the import did not write every row", NULL);
    }

  g_print ("import_rows %d rows\n", n_import_rows);
  g_print ("import_load %.1f ms\n", median (load_ms, n_repeat));
  g_print ("import_commit %.1f ms\n", median (commit_ms, n_repeat));
  g_print ("import_total %.1f ms\n", median (total_ms, n_repeat));
}

static int
run_make_demo (const char *path,
               const char *n_text)
{
  g_autoptr (CfStore) store = NULL;
  guint64 n_staff;

  if (!g_ascii_string_to_unsigned (n_text, 10, 16, 1000000, &n_staff, NULL))
    {
      g_printerr ("bench-store: --make-demo takes a path and a number of staff (16 or more)\n");
      return EXIT_FAILURE;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_printerr ("bench-store: %s already exists\n", path);
      return EXIT_FAILURE;
    }

  store = open_demo (path, n_staff, NULL);

  return EXIT_SUCCESS;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) option_context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;

  setlocale (LC_ALL, "");

  option_context = g_option_context_new (NULL);
  g_option_context_add_main_entries (option_context, option_entries, NULL);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    {
      g_printerr ("bench-store: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (make_demo)
    {
      if (argc != 3)
        {
          g_printerr ("bench-store: usage: bench-store --make-demo PATH N\n");
          return EXIT_FAILURE;
        }
      return run_make_demo (argv[1], argv[2]);
    }

  if (n_commits < 100 || n_import_rows < 1 || n_repeat < 1)
    {
      g_printerr ("bench-store: --commits takes 100 or more; --import-rows and --repeat 1 or more\n");
      return EXIT_FAILURE;
    }

  dir = g_dir_make_tmp ("callfloor-bench-XXXXXX", &error);
  if (dir == NULL)
    die ("cannot make a temporary directory", error);

  bench_commits (dir);
  bench_import (dir);
  remove_dir (dir);

  return EXIT_SUCCESS;
}
