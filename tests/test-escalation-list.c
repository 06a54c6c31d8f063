/* test-escalation-list.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cf-demo.h"
#include "cf-escalation-list.h"
#include "cf-escalation.h"
#include "cf-store.h"
#include "cf-test-util.h"
#include "cf-uuid.h"

/* The Escalations view's list on the demo database: what each filter
 * lets through, compared with SQLite's own answer; the order; and the
 * changes it tells a list view of, replayed onto a copy that must end up
 * as the list is.
 */

typedef struct
{
  char             *dir;
  char             *path;
  CfStore          *store;
  CfEscalationList *list;
  GDateTime        *now;
  GPtrArray        *mirror;   /* ids, as a list view following the signals holds them */
} Fixture;

static char *
item_id (GListModel *model,
         guint       position)
{
  g_autoptr (CfEscalationSummary) summary = g_list_model_get_item (model, position);

  return g_strdup (cf_escalation_summary_get_id (summary));
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Fixture    *f)
{
  g_assert_cmpuint (position + removed, <=, f->mirror->len);
  g_ptr_array_remove_range (f->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (f->mirror, position + i, item_id (model, position + i));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->dir = cf_test_make_dir (&f->path);
  f->store = cf_store_open (f->path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  cf_demo_populate (f->store, 20, GPOINTER_TO_INT (data), &error);
  g_assert_no_error (error);

  f->now = g_date_time_new_now_utc ();
  f->mirror = g_ptr_array_new_with_free_func (g_free);
  f->list = cf_escalation_list_new ();
  g_signal_connect (f->list, "items-changed", G_CALLBACK (on_items_changed_cb), f);
  g_assert_true (cf_escalation_list_load (f->list, f->store, f->now, &error));
  g_assert_no_error (error);
  /* The demo has escalations in every state. */
  g_assert_cmpuint (cf_escalation_list_get_n_total (f->list), >=, 15);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->list);
  g_clear_pointer (&f->mirror, g_ptr_array_unref);
  g_clear_pointer (&f->now, g_date_time_unref);
  g_clear_object (&f->store);
  cf_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* The list as a list view following its signals shows it. */
static void
assert_mirror (Fixture *f)
{
  GListModel *model = G_LIST_MODEL (f->list);

  g_assert_cmpuint (f->mirror->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < f->mirror->len; i++)
    {
      g_autofree char *id = item_id (model, i);

      g_assert_cmpstr (f->mirror->pdata[i], ==, id);
    }
}

/* The ids SQLite finds with @where (its one parameter bound to @value). */
static GHashTable *
query_ids (Fixture    *f,
           const char *where,
           const char *value)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM escalation WHERE deleted = 0 AND (%s)",
                                          where);
  g_autoptr (CfStatement) stmt = cf_store_prepare (f->store, sql, NULL);
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_nonnull (stmt);
  if (value != NULL)
    sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));

  return ids;
}

/* The list shows exactly @expected, and says so to a list view. */
static void
assert_shows (Fixture    *f,
              GHashTable *expected)
{
  GListModel *model = G_LIST_MODEL (f->list);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, g_hash_table_size (expected));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autofree char *id = item_id (model, i);

      g_assert_true (g_hash_table_contains (expected, id));
    }
  assert_mirror (f);
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *now = cf_utc_iso (f->now);
  g_autoptr (GHashTable) all = query_ids (f, "1", NULL);
  g_autoptr (GHashTable) open = query_ids (f, "status = ?", "open");
  g_autoptr (GHashTable) critical = query_ids (f, "severity = ?", "critical");
  g_autoptr (GHashTable) hotline = query_ids (f, "source = ?", "mayors_hotline");
  g_autoptr (GHashTable) overdue = query_ids (f, "status NOT IN ('resolved', 'closed') AND due_at < ?",
                                              now);
  g_autoptr (GHashTable) desk = query_ids (f, "level = ? AND status IN ('open', 'reopened')",
                                           "complaints_desk");
  CfEscalationFilter filter = { 0 };

  /* The demo has some of each, so that a filter showing nothing fails. */
  g_assert_cmpuint (g_hash_table_size (open), >, 0);
  g_assert_cmpuint (g_hash_table_size (critical), >, 0);
  g_assert_cmpuint (g_hash_table_size (hotline), >, 0);
  g_assert_cmpuint (g_hash_table_size (overdue), >, 0);
  g_assert_cmpuint (g_hash_table_size (desk), >, 0);
  assert_shows (f, all);
  g_assert_cmpuint (cf_escalation_list_get_n_overdue (f->list), ==, g_hash_table_size (overdue));

  filter.status = "open";
  cf_escalation_list_set_filter (f->list, &filter);
  assert_shows (f, open);

  filter = (CfEscalationFilter) { .severity = "critical" };
  cf_escalation_list_set_filter (f->list, &filter);
  assert_shows (f, critical);

  filter = (CfEscalationFilter) { .source = "mayors_hotline" };
  cf_escalation_list_set_filter (f->list, &filter);
  assert_shows (f, hotline);

  filter = (CfEscalationFilter) { .overdue = TRUE };
  cf_escalation_list_set_filter (f->list, &filter);
  assert_shows (f, overdue);

  filter = (CfEscalationFilter) { .waiting_level = "complaints_desk" };
  cf_escalation_list_set_filter (f->list, &filter);
  assert_shows (f, desk);

  cf_escalation_list_set_filter (f->list, NULL);
  assert_shows (f, all);
}

/* Words from the first summary, typed in another case, find what SQLite's
 * LIKE (which ignores ASCII case) finds; a customer reference is found
 * only when the filter says it may be searched.
 */
static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (CfEscalationSummary) first = g_list_model_get_item (G_LIST_MODEL (f->list), 0);
  const char *summary = cf_escalation_summary_get_summary (first);
  const char *end = g_utf8_offset_to_pointer (summary, MIN (3, g_utf8_strlen (summary, -1)));
  g_autofree char *word = g_strndup (summary, end - summary);
  g_autofree char *typed = g_utf8_strup (word, -1);
  g_autofree char *pattern = g_strdup_printf ("%%%s%%", word);
  g_autoptr (GHashTable) found = query_ids (f, "summary LIKE ?", pattern);
  g_autoptr (GHashTable) by_ref = NULL;
  g_autoptr (GHashTable) ref_ids = query_ids (f, "customer_ref IS NOT NULL", NULL);
  g_autofree char *ref = NULL;
  g_autofree char *ref_pattern = NULL;
  CfEscalationFilter filter = { .search = typed };
  GHashTableIter iter;
  gpointer id;

  g_assert_cmpuint (g_hash_table_size (found), >, 0);
  cf_escalation_list_set_filter (f->list, &filter);
  assert_shows (f, found);

  /* A customer reference, searched only when it may be. */
  g_assert_cmpuint (g_hash_table_size (ref_ids), >, 0);
  g_hash_table_iter_init (&iter, ref_ids);
  g_assert_true (g_hash_table_iter_next (&iter, &id, NULL));
  {
    g_autoptr (JsonObject) record = cf_store_get_record (f->store, "escalation", id, NULL);

    ref = g_strdup (json_object_get_string_member (record, "customer_ref"));
  }
  ref_pattern = g_strdup_printf ("%%%s%%", ref);
  by_ref = query_ids (f, "customer_ref LIKE ?1 OR summary LIKE ?1", ref_pattern);
  filter = (CfEscalationFilter) { .search = ref, .search_customer = TRUE };
  cf_escalation_list_set_filter (f->list, &filter);
  assert_shows (f, by_ref);
  filter.search_customer = FALSE;
  cf_escalation_list_set_filter (f->list, &filter);
  g_assert_false (cf_escalation_list_find (f->list, id) != G_MAXUINT);

  /* Blank is everything. */
  filter = (CfEscalationFilter) { .search = "  " };
  cf_escalation_list_set_filter (f->list, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==,
                    cf_escalation_list_get_n_total (f->list));
  assert_mirror (f);
}

/* Still-open cases first, the most severe and earliest due at the top;
 * then the settled ones, latest raised first.
 */
static void
test_order (Fixture       *f,
            gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (f->list);
  static const char * const severities[] = { "critical", "urgent", "normal" };
  static const char * const settled[] = { "resolved", "closed", NULL };

  for (guint i = 1; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (CfEscalationSummary) a = g_list_model_get_item (model, i - 1);
      g_autoptr (CfEscalationSummary) b = g_list_model_get_item (model, i);
      gboolean a_settled = g_strv_contains (settled, cf_escalation_summary_get_status (a));
      gboolean b_settled = g_strv_contains (settled, cf_escalation_summary_get_status (b));
      guint a_rank = 0, b_rank = 0;

      g_assert_true (a_settled <= b_settled);
      if (a_settled != b_settled)
        continue;
      if (a_settled)
        {
          g_assert_cmpstr (cf_escalation_summary_get_opened_at (a), >=,
                           cf_escalation_summary_get_opened_at (b));
          continue;
        }
      while (g_strcmp0 (severities[a_rank], cf_escalation_summary_get_severity (a)) != 0)
        a_rank++;
      while (g_strcmp0 (severities[b_rank], cf_escalation_summary_get_severity (b)) != 0)
        b_rank++;
      g_assert_cmpuint (a_rank, <=, b_rank);
      if (a_rank == b_rank)
        g_assert_cmpstr (cf_escalation_summary_get_due_at (a), <=,
                         cf_escalation_summary_get_due_at (b));
    }
}

/* A step on one escalation and a new one: the list read again for those
 * two alone is the list read in full, and a list view told of the change
 * shows the same.
 */
static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfEscalationList) fresh = cf_escalation_list_new ();
  g_autoptr (CfStatement) stmt = NULL;
  g_autoptr (GPtrArray) ops = NULL;
  g_autofree char *open_id = NULL;
  g_autofree char *author = NULL;
  const char *ids[3] = { NULL, NULL, NULL };
  CfEscalationReport report = {
    .source = "hotline",
    .category = "customer_complaint",
    .severity = "critical",
    .summary = "Billing error on a business line",
  };

  stmt = cf_store_prepare (f->store,
                           "SELECT e.id, u.id FROM escalation e, app_user u JOIN staff s "
                           "ON s.id = u.staff WHERE e.status = 'open' AND e.deleted = 0 "
                           "AND s.role = 'supervisor' LIMIT 1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  open_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  author = g_strdup ((const char *) sqlite3_column_text (stmt, 1));

  /* Filtered, so that the change lands among rows shown and hidden. */
  cf_escalation_list_set_filter (f->list, &(CfEscalationFilter) { .status = "acknowledged" });
  cf_escalation_list_set_filter (f->list, NULL);

  ops = cf_escalation_acknowledge (f->store, author, open_id, &error);
  g_assert_no_error (error);
  g_assert_true (cf_store_apply (f->store, author, (CfOp * const *) ops->pdata, ops->len, &error));
  g_clear_pointer (&ops, g_ptr_array_unref);
  ops = cf_escalation_raise (f->store, author, &report, NULL, f->now, &error);
  g_assert_no_error (error);
  g_assert_true (cf_store_apply (f->store, author, (CfOp * const *) ops->pdata, ops->len, &error));

  ids[0] = open_id;
  for (guint i = 0; i < ops->len; i++)
    {
      if (g_str_equal (cf_op_get_kind (ops->pdata[i])->name, "escalation"))
        ids[1] = cf_op_get_record_id (ops->pdata[i]);
    }
  g_assert_nonnull (ids[1]);
  g_assert_true (cf_escalation_list_update (f->list, f->store, ids, &error));
  g_assert_no_error (error);

  g_assert_true (cf_escalation_list_load (fresh, f->store, f->now, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fresh)), ==, f->mirror->len);
  for (guint i = 0; i < f->mirror->len; i++)
    {
      g_autofree char *id = item_id (G_LIST_MODEL (fresh), i);

      g_assert_cmpstr (f->mirror->pdata[i], ==, id);
    }
  assert_mirror (f);
  /* A new critical case goes to the top. */
  g_assert_cmpuint (cf_escalation_list_find (f->list, ids[1]), <, 10);
}

static void
add_test (const char *path,
          void      (*func) (Fixture *, gconstpointer))
{
  g_autofree char *zh = g_strconcat (path, "/zh_CN", NULL);

  g_test_add (path, Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, func, fixture_tear_down);
  g_test_add (zh, Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_test ("/escalation-list/filters", test_filters);
  add_test ("/escalation-list/search", test_search);
  add_test ("/escalation-list/order", test_order);
  add_test ("/escalation-list/update", test_update);

  return g_test_run ();
}
