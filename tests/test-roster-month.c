/* test-roster-month.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cf-op.h"
#include "cf-roster-month.h"
#include "cf-roster.h"
#include "cf-store.h"
#include "cf-test-util.h"
#include "cf-uuid.h"

/* A month of the roster read from a real database holding a supervisor
 * and the default shift types, edited through the ops it makes.
 */

#define SUPERVISOR_LOGIN "ada"
#define PASSWORD         "correct horse battery"

typedef struct
{
  char          *dir;
  char          *path;
  CfStore       *store;
  char          *supervisor_id;
  char          *agent_id;
  CfRosterMonth *month;
  guint          n_changed;
} Fixture;

static void
on_changed_cb (CfRosterMonth *month,
               Fixture       *f)
{
  f->n_changed++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (JsonObject) agent = json_object_new ();
  g_autoptr (GError) error = NULL;

  f->dir = cf_test_make_dir (&f->path);
  f->store = cf_test_open_supervised_store (f->path, "Ada Supervisor", "S001", SUPERVISOR_LOGIN,
                                            PASSWORD);
  f->supervisor_id = cf_test_query_text (f->store, "SELECT id FROM app_user", NULL);
  json_object_set_string_member (agent, "employee_no", "A100");
  json_object_set_string_member (agent, "name", "Bo Agent");
  json_object_set_string_member (agent, "role", "agent");
  json_object_set_int_member (agent, "contract_hours", 160);
  f->agent_id = cf_test_create_record (f->store, f->supervisor_id, "staff", agent);

  f->month = cf_roster_month_new (f->store, 2026, 12, &error);
  g_assert_no_error (error);
  g_signal_connect (f->month, "changed", G_CALLBACK (on_changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->month);
  g_clear_object (&f->store);
  g_free (f->supervisor_id);
  g_free (f->agent_id);
  cf_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static guint
agent_row (Fixture *f)
{
  for (guint i = 0; i < cf_roster_month_get_n_rows (f->month); i++)
    {
      if (g_str_equal (cf_roster_month_get_row (f->month, i)->staff_id, f->agent_id))
        return i;
    }

  g_assert_not_reached ();
}

/* Fills days @first to @first + strlen (@codes) - 1 of @row with the shift
 * codes in @codes ('.' for an empty cell), as one op batch.
 */
static void
fill (Fixture    *f,
      guint       row,
      guint       first,
      const char *codes)
{
  guint n = strlen (codes);
  g_autofree CfRosterCell *cells = g_new0 (CfRosterCell, n);
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      char code[2] = { codes[i], '\0' };

      cells[i].shift = codes[i] == '.' ? 0 : cf_roster_month_find_shift_code (f->month, code);
      g_assert_true (codes[i] == '.' || cells[i].shift > 0);
    }
  ops = cf_roster_month_make_ops (f->month, &row, 1, first, first + n - 1, cells);
  if (ops->len > 0)
    g_assert_true (cf_store_apply (f->store, f->supervisor_id, (CfOp * const *) ops->pdata,
                                   ops->len, &error));
  g_assert_no_error (error);
}

static void
test_month_layout (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_cmpuint (cf_roster_month_get_n_days (f->month), ==, 31);
  g_assert_cmpuint (cf_roster_month_get_n_rows (f->month), ==, 2);
  g_assert_cmpuint (cf_roster_month_get_n_shift_types (f->month), ==,
                    CF_ROSTER_N_DEFAULT_SHIFT_TYPES);
  /* 1 December 2026 is a Tuesday. */
  g_assert_cmpint (cf_roster_month_get_weekday (f->month, 0), ==, G_DATE_TUESDAY);
  /* December 2026 has 23 weekdays; a monthly contract is for 21.75. */
  g_assert_cmpint (cf_roster_month_get_row (f->month, agent_row (f))->contract_minutes, ==,
                   (int) (160 * 60 * 23 / 21.75 + 0.5));
  g_assert_false (cf_roster_month_is_published (f->month));
}

/* A batch is one transaction: cells made the first time and changed after;
 * the model follows the store and says so.
 */
static void
test_month_edit (Fixture       *f,
                 gconstpointer  data)
{
  guint row = agent_row (f);
  guint early = cf_roster_month_find_shift_code (f->month, "E");
  guint ops_before = cf_store_count (f->store, "SELECT COUNT(*) FROM op_log");

  fill (f, row, 0, "EELLN.O");
  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM roster_assignment"), ==, 6);
  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM op_log"), ==, ops_before + 6);
  g_assert_cmpuint (f->n_changed, >, 0);
  g_assert_cmpuint (cf_roster_month_get_cell (f->month, row, 0).shift, ==, early);
  g_assert_cmpuint (cf_roster_month_get_cell (f->month, row, 5).shift, ==, 0);
  g_assert_cmpuint (cf_roster_month_count_shift (f->month, 0, early), ==, 1);
  /* E, E, L, L, N: five 7.5-hour shifts; the day off counts nothing. */
  g_assert_cmpint (cf_roster_month_get_planned_minutes (f->month, row), ==, 5 * 450);

  /* Painting over: only the cells that change, as changes of the cells. */
  fill (f, row, 0, "EEEE");
  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM roster_assignment"), ==, 6);
  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM op_log"), ==, ops_before + 8);
  g_assert_cmpuint (cf_roster_month_count_shift (f->month, 3, early), ==, 1);

  /* Undo and redo of a paint, as the grid does them: the cells made by it
   * are emptied, not deleted, and filled again.
   */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) undone = NULL;
    g_autoptr (GPtrArray) redone = NULL;
    g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

    fill (f, row, 10, "LL");
    {
      g_autoptr (CfStatement) stmt =
        cf_store_prepare (f->store, "SELECT op_id FROM op_log ORDER BY device_seq DESC LIMIT 2",
                          NULL);

      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_insert (ids, 0, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    }
    g_ptr_array_add (ids, NULL);
    undone = cf_store_undo (f->store, f->supervisor_id, (const char * const *) ids->pdata,
                            &error);
    g_assert_no_error (error);
    g_assert_cmpuint (cf_roster_month_get_cell (f->month, row, 10).shift, ==, 0);
    g_assert_cmpuint (cf_roster_month_get_cell (f->month, row, 11).shift, ==, 0);
    g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM roster_assignment "
                                               "WHERE deleted = 1"), ==, 0);
    g_ptr_array_set_size (ids, 0);
    for (guint i = 0; i < undone->len; i++)
      g_ptr_array_add (ids, g_strdup (cf_op_get_op_id (undone->pdata[i])));
    g_ptr_array_add (ids, NULL);
    redone = cf_store_undo (f->store, f->supervisor_id, (const char * const *) ids->pdata,
                            &error);
    g_assert_no_error (error);
    g_assert_cmpuint (cf_roster_month_get_cell (f->month, row, 10).shift, ==,
                      cf_roster_month_find_shift_code (f->month, "L"));
  }

  /* Clearing keeps the cells, empty. */
  fill (f, row, 0, "..");
  g_assert_cmpuint (cf_roster_month_get_cell (f->month, row, 0).shift, ==, 0);
  g_assert_cmpint (cf_store_count (f->store, "SELECT COUNT(*) FROM roster_assignment "
                                             "WHERE shift_type IS NULL"), ==, 2);
}

/* The last days of November count for December's first: a late shift on
 * the 30th leaves too little rest before an early one on the 1st.
 */
static void
test_month_rules_across_months (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr (CfRosterMonth) november = NULL;
  g_autoptr (GArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  CfRosterRules rules;
  guint row = agent_row (f);
  guint november_row;
  gboolean found = FALSE;

  november = cf_roster_month_new (f->store, 2026, 11, &error);
  g_assert_no_error (error);
  for (november_row = 0; november_row < cf_roster_month_get_n_rows (november); november_row++)
    if (g_str_equal (cf_roster_month_get_row (november, november_row)->staff_id, f->agent_id))
      break;
  {
    CfRosterCell late = { cf_roster_month_find_shift_code (november, "L"), 0, 0 };
    g_autoptr (GPtrArray) ops = cf_roster_month_make_ops (november, &november_row, 1, 29, 29,
                                                          &late);

    g_assert_true (cf_store_apply (f->store, f->supervisor_id, (CfOp * const *) ops->pdata,
                                   ops->len, &error));
    g_assert_no_error (error);
  }
  fill (f, row, 0, "E");

  /* December saw November's change through the store. */
  g_assert_cmpuint (cf_roster_month_get_cell (f->month, row, -1).shift, ==,
                    cf_roster_month_find_shift_code (f->month, "L"));
  cf_roster_rules_init (&rules);
  problems = cf_roster_month_check_row (f->month, &rules, row);
  for (guint i = 0; i < problems->len; i++)
    {
      CfRosterProblem *problem = &g_array_index (problems, CfRosterProblem, i);

      if (problem->kind == CF_ROSTER_PROBLEM_REST)
        {
          g_assert_cmpint (problem->day, ==, 0);
          g_assert_cmpint (problem->amount, ==, 8 * 60);
          found = TRUE;
        }
    }
  g_assert_true (found);
}

/* Approved leave and holidays come from their own records. */
static void
test_month_leave_and_holidays (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr (JsonObject) leave = json_object_new ();
  g_autoptr (JsonObject) holiday = json_object_new ();
  guint row = agent_row (f);
  gboolean working_day = TRUE;

  json_object_set_string_member (leave, "staff", f->agent_id);
  json_object_set_string_member (leave, "leave_type", "annual");
  json_object_set_string_member (leave, "start_date", "2026-12-10");
  json_object_set_string_member (leave, "end_date", "2026-12-12");
  json_object_set_string_member (leave, "status", "approved");
  g_free (cf_test_create_record (f->store, f->supervisor_id, "leave_request", leave));
  json_object_set_string_member (holiday, "date", "2026-12-25");
  json_object_set_string_member (holiday, "name", "Christmas");
  g_free (cf_test_create_record (f->store, f->supervisor_id, "holiday", holiday));

  g_assert_true (cf_roster_month_get_cell (f->month, row, 9).flags &
                 CF_ROSTER_CELL_APPROVED_LEAVE);
  g_assert_true (cf_roster_month_get_cell (f->month, row, 11).flags &
                 CF_ROSTER_CELL_APPROVED_LEAVE);
  g_assert_false (cf_roster_month_get_cell (f->month, row, 12).flags &
                  CF_ROSTER_CELL_APPROVED_LEAVE);
  g_assert_cmpstr (cf_roster_month_get_holiday (f->month, 24, &working_day), ==, "Christmas");
  g_assert_false (working_day);
  g_assert_null (cf_roster_month_get_holiday (f->month, 23, NULL));

  /* A public holiday on a Friday is a working day less for the contract;
   * a Saturday worked instead gives it back.
   */
  g_assert_cmpint (cf_roster_month_get_row (f->month, row)->contract_minutes, ==,
                   (int) (160 * 60 * 22 / 21.75 + 0.5));
  {
    g_autoptr (JsonObject) saturday = json_object_new ();

    json_object_set_string_member (saturday, "date", "2026-12-26");
    json_object_set_string_member (saturday, "name", "Worked for Christmas");
    json_object_set_boolean_member (saturday, "working_day", TRUE);
    g_free (cf_test_create_record (f->store, f->supervisor_id, "holiday", saturday));
  }
  g_assert_cmpint (cf_roster_month_get_row (f->month, row)->contract_minutes, ==,
                   (int) (160 * 60 * 23 / 21.75 + 0.5));
}

/* Ops are stamped to the millisecond: returns once the clock is past @stamp. */
static void
wait_past (const char *stamp)
{
  while (TRUE)
    {
      g_autofree char *now = cf_utc_now_iso ();

      if (g_strcmp0 (now, stamp) > 0)
        return;
      g_thread_yield ();
    }
}

/* Once published, the cells changed after are marked and listed, newest
 * first, with who changed them; the ones set before are not.
 */
static void
test_month_changes_after_publishing (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr (JsonObject) month = json_object_new ();
  g_autoptr (GArray) changes = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *now = NULL;
  guint row = agent_row (f);
  const CfRosterChange *change;

  fill (f, row, 0, "EE");
  {
    g_autofree char *filled = cf_utc_now_iso ();

    wait_past (filled);
    now = cf_utc_now_iso ();
  }
  changes = cf_roster_month_list_changes (f->month, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 0);
  g_clear_pointer (&changes, g_array_unref);

  json_object_set_string_member (month, "month", "2026-12");
  json_object_set_string_member (month, "status", "published");
  json_object_set_string_member (month, "published_by", f->supervisor_id);
  json_object_set_string_member (month, "published_at", now);
  g_free (cf_test_create_record (f->store, f->supervisor_id, "roster_month", month));
  g_assert_true (cf_roster_month_is_published (f->month));

  wait_past (now);
  fill (f, row, 1, "L");
  {
    g_autofree char *filled = cf_utc_now_iso ();

    wait_past (filled);
  }
  fill (f, row, 20, "N");

  g_assert_false (cf_roster_month_get_cell (f->month, row, 0).flags & CF_ROSTER_CELL_CHANGED);
  g_assert_true (cf_roster_month_get_cell (f->month, row, 1).flags & CF_ROSTER_CELL_CHANGED);
  changes = cf_roster_month_list_changes (f->month, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 2);
  change = &g_array_index (changes, CfRosterChange, 0);
  g_assert_cmpuint (change->row, ==, row);
  g_assert_cmpuint (change->day, ==, 20);
  g_assert_cmpstr (change->changed_by, ==, "Ada Supervisor");
  g_assert_cmpstr (change->changed_at, >, now);
  g_assert_cmpuint (g_array_index (changes, CfRosterChange, 1).day, ==, 1);
  g_assert_cmpstr (cf_roster_month_describe_cell (f->month,
                                                  cf_roster_month_get_cell (f->month, row, 1)), ==,
                   cf_roster_month_get_shift_type (f->month,
                                                   cf_roster_month_find_shift_code (f->month, "L"))->name);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/roster-month/layout", test_month_layout);
  ADD ("/roster-month/edit", test_month_edit);
  ADD ("/roster-month/rules-across-months", test_month_rules_across_months);
  ADD ("/roster-month/leave-and-holidays", test_month_leave_and_holidays);
  ADD ("/roster-month/changes-after-publishing", test_month_changes_after_publishing);

#undef ADD

  return g_test_run ();
}
