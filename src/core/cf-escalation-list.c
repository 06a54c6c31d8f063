/* cf-escalation-list.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-escalation-list"

#include "config.h"

#include "cf-escalation-list.h"

#include <string.h>

#include "cf-escalation-summary-private.h"
#include "cf-escalation.h"
#include "cf-store.h"
#include "cf-uuid.h"

/* Every escalation, as the Escalations view lists it, and the ones its
 * filter lets through: a list model of #CfEscalationSummary.
 *
 * A call center keeps years of escalations, a hundred thousand of them,
 * and a list of that many objects takes a second to make and another to
 * filter. So a row here is a small struct whose texts sit in one string
 * chunk (the repeated ones — statuses, levels, assignees — once), the
 * filter runs over those structs, and a #CfEscalationSummary is made only
 * for a row the list view asks for: the few on screen. A change of the
 * filter, or of a few escalations, is told as one items-changed covering
 * only the rows that differ, so the selection and the scroll position
 * survive it.
 */

/* One escalation; the texts are the list's, in its string chunk. */
typedef struct
{
  const char *id;
  const char *opened_at;
  const char *due_at;             /* nullable */
  const char *source;
  const char *category;
  const char *severity;
  const char *level;
  const char *status;
  const char *assignee;           /* nullable */
  const char *summary;
  const char *customer_ref;       /* nullable */
  const char *customer_contact;   /* nullable */
  const char *folded_summary;     /* made at the first search that needs it */
  const char *folded_ref;
  CfEscalationSummary *object;   /* made when the list view first asks */
  guint8      settled;            /* resolved or closed */
  guint8      severity_rank;      /* critical 0, urgent 1, normal 2 */
} Row;

/* The filter, kept to run again over rows that change. */
typedef struct
{
  CfEscalationFilter  filter;
  char               *texts[7];   /* the copies the filter points to */
  char               *folded;     /* the search, case-folded; NULL: none */
  gboolean            ascii;      /* the search is plain ASCII */
} Filter;

struct _CfEscalationList
{
  GObject       parent_instance;

  CfEscalationTexts *texts;
  GPtrArray    *rows;       /* Row *, owned, in the list's order */
  GPtrArray    *shown;      /* Row *, the rows the filter lets through */
  GHashTable   *names;      /* user id → name, in texts */
  char         *now;        /* UTC ISO-8601, what "overdue" is measured against */
  Filter        filter;
};

static void cf_escalation_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CfEscalationList, cf_escalation_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cf_escalation_list_model_init))

#define ROW_COLUMNS \
  "id, created_at, due_at, source, category, severity, level, status, assignee, summary, " \
  "customer_ref, customer_contact FROM escalation "

/* Rows -------------------------------------------------------------------- */

static const char *
chunk_text (CfEscalationTexts *texts,
            sqlite3_stmt      *stmt,
            int                column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_string_chunk_insert (texts->chunk, text) : NULL;
}

/* A text many rows share, kept once. */
static const char *
chunk_shared (CfEscalationTexts *texts,
              sqlite3_stmt      *stmt,
              int                column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_string_chunk_insert_const (texts->chunk, text) : NULL;
}

static void
row_free (Row *row)
{
  g_clear_object (&row->object);
  g_free (row);
}

static Row *
row_from_statement (CfEscalationTexts *texts,
                    sqlite3_stmt      *stmt)
{
  Row *row = g_new0 (Row, 1);

  row->id = chunk_text (texts, stmt, 0);
  row->opened_at = chunk_text (texts, stmt, 1);
  row->due_at = chunk_text (texts, stmt, 2);
  row->source = chunk_shared (texts, stmt, 3);
  row->category = chunk_shared (texts, stmt, 4);
  row->severity = chunk_shared (texts, stmt, 5);
  row->level = chunk_shared (texts, stmt, 6);
  row->status = chunk_shared (texts, stmt, 7);
  row->assignee = chunk_shared (texts, stmt, 8);
  row->summary = chunk_text (texts, stmt, 9);
  row->customer_ref = chunk_text (texts, stmt, 10);
  row->customer_contact = chunk_text (texts, stmt, 11);
  row->settled = g_strcmp0 (row->status, "resolved") == 0 || g_strcmp0 (row->status, "closed") == 0;
  row->severity_rank = g_strcmp0 (row->severity, "critical") == 0 ? 0
                       : g_strcmp0 (row->severity, "urgent") == 0 ? 1 : 2;

  return row;
}

/* The list's order: those still being worked first, the most severe and
 * the earliest due at the top; then the settled ones, the latest raised
 * first. Texts compare bytewise, as SQLite's would; no due time first.
 */
static int
compare_rows (const Row *x,
              const Row *y)
{
  int cmp;

  if (x->settled != y->settled)
    return x->settled < y->settled ? -1 : 1;
  if (!x->settled)
    {
      if (x->severity_rank != y->severity_rank)
        return x->severity_rank < y->severity_rank ? -1 : 1;
      cmp = g_strcmp0 (x->due_at, y->due_at);
      if (cmp != 0)
        return cmp;
    }
  cmp = g_strcmp0 (y->opened_at, x->opened_at);
  if (cmp != 0)
    return cmp;

  return g_strcmp0 (x->id, y->id);
}

static int
compare_row_pointers (gconstpointer a,
                      gconstpointer b)
{
  return compare_rows (*(const Row * const *) a, *(const Row * const *) b);
}

static gboolean
row_is_overdue (CfEscalationList *self,
                const Row        *row)
{
  return !row->settled && row->due_at != NULL && self->now != NULL &&
         strcmp (row->due_at, self->now) < 0;
}

/* Filtering ----------------------------------------------------------------- */

static void
filter_clear (Filter *filter)
{
  for (guint i = 0; i < G_N_ELEMENTS (filter->texts); i++)
    g_clear_pointer (&filter->texts[i], g_free);
  g_clear_pointer (&filter->folded, g_free);
  g_clear_pointer (&filter->filter.waiting_ids, g_hash_table_unref);
  memset (&filter->filter, 0, sizeof filter->filter);
}

static const char *
filter_keep (Filter     *filter,
             guint       slot,
             const char *text)
{
  filter->texts[slot] = g_strdup (text);
  return filter->texts[slot];
}

static void
filter_set (Filter                   *filter,
            const CfEscalationFilter *from)
{
  const char *typed = from->search;
  g_autofree char *search = NULL;

  filter_clear (filter);
  filter->filter = *from;
  filter->filter.status = filter_keep (filter, 0, from->status);
  filter->filter.level = filter_keep (filter, 1, from->level);
  filter->filter.severity = filter_keep (filter, 2, from->severity);
  filter->filter.source = filter_keep (filter, 3, from->source);
  filter->filter.category = filter_keep (filter, 4, from->category);
  filter->filter.assignee = filter_keep (filter, 5, from->assignee);
  filter->filter.waiting_level = filter_keep (filter, 6, from->waiting_level);
  filter->filter.search = NULL;
  if (from->waiting_ids != NULL)
    filter->filter.waiting_ids = g_hash_table_ref (from->waiting_ids);

  search = g_strstrip (g_strdup (typed != NULL ? typed : ""));
  if (search[0] == '\0')
    return;
  filter->folded = g_utf8_casefold (search, -1);
  filter->ascii = TRUE;
  for (const char *p = filter->folded; *p != '\0'; p++)
    filter->ascii &= (guchar) *p < 0x80;
}

/* Whether @needle (ASCII, lower case) is in @text, ASCII case ignored:
 * the other bytes of UTF-8 compare as they are.
 */
static gboolean
contains_ascii (const char *text,
                const char *needle,
                gsize       needle_len)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_tolower (*p) == needle[0] && g_ascii_strncasecmp (p, needle, needle_len) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
contains_folded (CfEscalationTexts *texts,
                 const char    *text,
                 const char   **folded,
                 const Filter  *filter)
{
  if (text == NULL)
    return FALSE;
  if (filter->ascii)
    return contains_ascii (text, filter->folded, strlen (filter->folded));

  if (*folded == NULL)
    {
      g_autofree char *made = g_utf8_casefold (text, -1);

      *folded = g_string_chunk_insert (texts->chunk, made);
    }

  return strstr (*folded, filter->folded) != NULL;
}

static gboolean
matches (CfEscalationList *self,
         Row              *row)
{
  const CfEscalationFilter *filter = &self->filter.filter;

  if ((filter->status != NULL && g_strcmp0 (row->status, filter->status) != 0) ||
      (filter->level != NULL && g_strcmp0 (row->level, filter->level) != 0) ||
      (filter->severity != NULL && g_strcmp0 (row->severity, filter->severity) != 0) ||
      (filter->source != NULL && g_strcmp0 (row->source, filter->source) != 0) ||
      (filter->category != NULL && g_strcmp0 (row->category, filter->category) != 0) ||
      (filter->assignee != NULL && g_strcmp0 (row->assignee, filter->assignee) != 0) ||
      (filter->overdue && !row_is_overdue (self, row)))
    return FALSE;

  if (filter->waiting_level != NULL &&
      !(g_strcmp0 (row->level, filter->waiting_level) == 0 &&
        (g_strcmp0 (row->status, "open") == 0 || g_strcmp0 (row->status, "reopened") == 0)) &&
      !(filter->waiting_ids != NULL && g_hash_table_contains (filter->waiting_ids, row->id)))
    return FALSE;

  if (self->filter.folded == NULL ||
      contains_folded (self->texts, row->summary, &row->folded_summary, &self->filter))
    return TRUE;

  return filter->search_customer &&
         contains_folded (self->texts, row->customer_ref, &row->folded_ref, &self->filter);
}

/* Shows the rows the filter lets through, telling the list view only of
 * the stretch that differs from what it showed.
 */
static void
refilter (CfEscalationList *self)
{
  g_autoptr (GPtrArray) old = self->shown;
  guint n_old = old->len;
  guint n_new, prefix = 0, suffix = 0, common;

  self->shown = g_ptr_array_sized_new (self->rows->len);
  for (guint i = 0; i < self->rows->len; i++)
    {
      if (matches (self, self->rows->pdata[i]))
        g_ptr_array_add (self->shown, self->rows->pdata[i]);
    }

  n_new = self->shown->len;
  common = MIN (n_old, n_new);
  while (prefix < common && old->pdata[prefix] == self->shown->pdata[prefix])
    prefix++;
  while (suffix < common - prefix &&
         old->pdata[n_old - 1 - suffix] == self->shown->pdata[n_new - 1 - suffix])
    suffix++;

  if (prefix < n_old || n_old != n_new)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, n_old - prefix - suffix,
                                n_new - prefix - suffix);
}

/* GListModel ------------------------------------------------------------------ */

static GType
cf_escalation_list_get_item_type (GListModel *model)
{
  return CF_TYPE_ESCALATION_SUMMARY;
}

static guint
cf_escalation_list_get_n_items (GListModel *model)
{
  return CF_ESCALATION_LIST (model)->shown->len;
}

/* A row's summary is made once and kept: GTK asks for every row a change
 * adds, not only for those on screen, so asking again must cost nothing.
 */
static gpointer
cf_escalation_list_get_item (GListModel *model,
                             guint       position)
{
  CfEscalationList *self = CF_ESCALATION_LIST (model);
  CfEscalationSummary *summary;
  Row *row;

  if (position >= self->shown->len)
    return NULL;
  row = self->shown->pdata[position];
  if (row->object != NULL)
    return g_object_ref (row->object);

  summary = g_object_new (CF_TYPE_ESCALATION_SUMMARY, NULL);
  summary->texts = _cf_escalation_texts_ref (self->texts);
  summary->id = row->id;
  summary->opened_at = row->opened_at;
  summary->source = row->source;
  summary->category = row->category;
  summary->severity = row->severity;
  summary->customer_ref = row->customer_ref;
  summary->customer_contact = row->customer_contact;
  summary->summary = row->summary;
  summary->level = row->level;
  summary->status = row->status;
  summary->assignee = row->assignee;
  summary->assignee_name = row->assignee != NULL
                           ? g_hash_table_lookup (self->names, row->assignee) : NULL;
  summary->due_at = row->due_at;
  row->object = summary;

  return g_object_ref (summary);
}

static void
cf_escalation_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cf_escalation_list_get_item_type;
  iface->get_n_items = cf_escalation_list_get_n_items;
  iface->get_item = cf_escalation_list_get_item;
}

/* Object ------------------------------------------------------------------- */

static void
cf_escalation_list_finalize (GObject *object)
{
  CfEscalationList *self = CF_ESCALATION_LIST (object);

  filter_clear (&self->filter);
  g_ptr_array_unref (self->shown);
  g_ptr_array_unref (self->rows);
  g_hash_table_unref (self->names);
  _cf_escalation_texts_unref (self->texts);
  g_free (self->now);

  G_OBJECT_CLASS (cf_escalation_list_parent_class)->finalize (object);
}

static void
cf_escalation_list_class_init (CfEscalationListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_escalation_list_finalize;
}

static void
cf_escalation_list_init (CfEscalationList *self)
{
  self->texts = _cf_escalation_texts_new (64 * 1024);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  self->shown = g_ptr_array_new ();
  self->names = g_hash_table_new (g_str_hash, g_str_equal);
}

/* An empty list that shows everything; cf_escalation_list_load () fills it. */
CfEscalationList *
cf_escalation_list_new (void)
{
  return g_object_new (CF_TYPE_ESCALATION_LIST, NULL);
}

static gboolean
read_names (CfStore            *store,
            CfEscalationTexts  *texts,
            GHashTable    *names,
            GError       **error)
{
  g_autoptr (CfStatement) stmt = NULL;
  int rc;

  stmt = cf_store_prepare (store, "SELECT u.id, s.name FROM app_user u "
                                  "JOIN staff s ON s.id = u.staff", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (names, (gpointer) chunk_shared (texts, stmt, 0),
                         (gpointer) chunk_text (texts, stmt, 1));
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (store, rc, error);

  return TRUE;
}

/**
 * cf_escalation_list_load:
 * @now: what "overdue" is measured against
 *
 * Reads every escalation again, keeping the filter. On failure the list
 * stays as it was.
 *
 * Returns: %FALSE with @error set when the store cannot be read
 */
gboolean
cf_escalation_list_load (CfEscalationList  *self,
                         CfStore           *store,
                         GDateTime         *now,
                         GError           **error)
{
  g_autoptr (CfStatement) stmt = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) old_rows = NULL;
  CfEscalationTexts *texts = _cf_escalation_texts_new (64 * 1024);
  CfEscalationTexts *old_texts;
  int rc;

  g_return_val_if_fail (CF_IS_ESCALATION_LIST (self), FALSE);
  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  /* Names apart rather than joined: the join doubled the read of 100,000
   * escalations (bench-escalations), for a hundred or so users.
   */
  stmt = cf_store_prepare (store, "SELECT " ROW_COLUMNS "WHERE deleted = 0", error);
  if (stmt == NULL || !read_names (store, texts, names, error))
    {
      _cf_escalation_texts_unref (texts);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, row_from_statement (texts, stmt));
  if (rc != SQLITE_DONE)
    {
      _cf_escalation_texts_unref (texts);
      return cf_store_set_sqlite_error (store, rc, error);
    }
  /* Sorted here rather than by an ORDER BY: on 100,000 escalations
   * SQLite's sorter took 450 ms over these expressions.
   */
  g_ptr_array_sort (rows, compare_row_pointers);

  g_free (self->now);
  self->now = cf_utc_iso (now);
  old_rows = g_steal_pointer (&self->rows);
  self->rows = g_steal_pointer (&rows);
  g_hash_table_unref (self->names);
  self->names = g_steal_pointer (&names);
  old_texts = self->texts;
  self->texts = texts;

  /* The old rows go only after the list view has been told: until then
   * they are what it shows.
   */
  refilter (self);
  g_clear_pointer (&old_rows, g_ptr_array_unref);
  _cf_escalation_texts_unref (old_texts);

  return TRUE;
}

static guint
find_row (GPtrArray  *rows,
          const char *escalation_id)
{
  for (guint i = 0; i < rows->len; i++)
    {
      if (g_str_equal (((Row *) rows->pdata[i])->id, escalation_id))
        return i;
    }

  return G_MAXUINT;
}

/* Where @row goes in the sorted @rows. */
static guint
sorted_position (GPtrArray *rows,
                 const Row *row)
{
  guint low = 0, high = rows->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (compare_rows (rows->pdata[middle], row) < 0)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

/**
 * cf_escalation_list_update:
 * @ids: the escalations that changed
 *
 * Reads @ids again — changed, new or deleted — and moves them to their
 * place, telling the list view only of the rows that moved. Many changes
 * at once (a sync) read the whole list again instead.
 *
 * Returns: %FALSE with @error set when the store cannot be read
 */
gboolean
cf_escalation_list_update (CfEscalationList    *self,
                           CfStore             *store,
                           const char * const  *ids,
                           GError             **error)
{
  g_autoptr (GPtrArray) replaced = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  g_autoptr (CfStatement) stmt = NULL;
  g_autoptr (GDateTime) now = NULL;

  g_return_val_if_fail (CF_IS_ESCALATION_LIST (self), FALSE);
  g_return_val_if_fail (CF_IS_STORE (store), FALSE);

  if (ids == NULL || g_strv_length ((char **) ids) > 64)
    {
      now = self->now != NULL ? g_date_time_new_from_iso8601 (self->now, NULL) : NULL;
      if (now == NULL)
        now = g_date_time_new_now_utc ();
      return cf_escalation_list_load (self, store, now, error);
    }

  stmt = cf_store_prepare (store, "SELECT " ROW_COLUMNS "WHERE id = ? AND deleted = 0", error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      guint old = find_row (self->rows, ids[i]);
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, ids[i], -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return cf_store_set_sqlite_error (store, rc, error);

      /* The row it replaces is kept until the list view has been told. */
      if (old != G_MAXUINT)
        g_ptr_array_add (replaced, g_ptr_array_steal_index (self->rows, old));
      if (rc == SQLITE_ROW)
        {
          Row *row = row_from_statement (self->texts, stmt);

          g_ptr_array_insert (self->rows, sorted_position (self->rows, row), row);
        }
    }

  refilter (self);

  return TRUE;
}

/**
 * cf_escalation_list_set_filter:
 * @filter: (nullable): which escalations to show; %NULL for all
 *
 * Shows the escalations @filter lets through, in the list's order.
 */
void
cf_escalation_list_set_filter (CfEscalationList         *self,
                               const CfEscalationFilter *filter)
{
  static const CfEscalationFilter everything = { 0 };

  g_return_if_fail (CF_IS_ESCALATION_LIST (self));

  filter_set (&self->filter, filter != NULL ? filter : &everything);
  refilter (self);
}

/* Returns: how many escalations there are, shown or not */
guint
cf_escalation_list_get_n_total (CfEscalationList *self)
{
  g_return_val_if_fail (CF_IS_ESCALATION_LIST (self), 0);

  return self->rows->len;
}

/* Returns: how many escalations are overdue, shown or not */
guint
cf_escalation_list_get_n_overdue (CfEscalationList *self)
{
  guint overdue = 0;

  g_return_val_if_fail (CF_IS_ESCALATION_LIST (self), 0);

  /* The settled ones sort last, and none of them is overdue. */
  for (guint i = 0; i < self->rows->len && !((Row *) self->rows->pdata[i])->settled; i++)
    overdue += row_is_overdue (self, self->rows->pdata[i]);

  return overdue;
}

/* Returns: where @escalation_id is shown, or %GTK_INVALID_LIST_POSITION
 *   (G_MAXUINT) when the filter hides it or there is none
 */
guint
cf_escalation_list_find (CfEscalationList *self,
                         const char       *escalation_id)
{
  g_return_val_if_fail (CF_IS_ESCALATION_LIST (self), G_MAXUINT);

  return escalation_id != NULL ? find_row (self->shown, escalation_id) : G_MAXUINT;
}
