/* bench-escalations.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Escalations view on a large log, printed as “key value unit” lines:
 *
 *   bench-escalations DIR
 *
 * DIR/escalations.db is made when it is not there yet: a fresh store
 * (cf_store_open () runs every migration), the demo's staff and accounts
 * (cf_demo_populate (), 100 staff), then escalations and their entries up
 * to 100,000 and 1,000,000 in all. Those are written straight into the
 * escalation and escalation_entry tables with prepared INSERTs in one
 * transaction, not through cf_store_apply (): the op log, the change log
 * and the registry's checks are left out, which the view does not read,
 * and the file takes seconds to make instead of hours. About ten entries
 * each; 50 escalations have 200 (notes, proposals, instructions, a
 * correction now and then). Nine in ten are resolved or closed, spread
 * over two years; the rest were raised in the last three days, so that
 * some are overdue. Severities, levels, sources and categories are mixed
 * as on a real floor. The store is closed afterwards, which notes the
 * clean close the next open checks for, and opened again.
 *
 * Signed in as the demo supervisor, a 1280 × 800 window first paints
 * empty; then:
 * - first frame: the real CfEscalationsView is put in the window, which
 *   maps it and so reads the escalations; the time to the end of the frame
 *   that shows the rows (the read on its own too);
 * - search and filters: text typed into the search entry, timed from its
 *   search-changed signal (the entry waits 150 ms after the last key
 *   before it sends one, by design), and each drop-down filter set and
 *   set back to “all”, timed from the change (the list filters at once)
 *   until the next frame has been painted;
 * - detail: a row with 200 entries selected, timed until the detail pane
 *   has been painted (and the selection's handlers on their own: the
 *   detail filled in).
 * The widgets are driven by name, as the UI tests do. Each figure is the
 * median of a few runs, with the worst; between runs the window is left
 * idle for a moment so that the frame clock paints at once.
 *
 * Run under Xvfb with GSK_RENDERER=cairo. Figures, not assertions; gives
 * up after GIVE_UP_SECONDS.
 */

#define G_LOG_DOMAIN "cf-bench-escalations"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <time.h>
#include <adwaita.h>

#include "cf-context.h"
#include "cf-demo.h"
#include "cf-escalation.h"
#include "cf-escalation-list.h"
#include "cf-escalations-view.h"
#include "cf-registry.h"
#include "cf-session.h"
#include "cf-store.h"
#include "cf-uuid.h"

#define GIVE_UP_SECONDS   240
#define N_ESCALATIONS     100000
#define N_ENTRIES         1000000
#define N_LONG            50
#define LONG_ENTRIES      200
#define N_DEMO_STAFF      100
#define N_RUNS            5

typedef struct
{
  GtkWidget          *window;
  CfEscalationsView  *view;
  GListModel         *shown;      /* filtered as soon as a filter is set */
  gint64              paint_start;
  gint64              paint_end;
  gint64              signal_time;   /* when search-changed was last sent */
  gboolean            painted;
} Bench;

static G_NORETURN void
die (const char   *what,
     const GError *error)
{
  g_printerr ("bench-escalations: %s%s%s\n", what, error != NULL ? ": " : "",
              error != NULL ? error->message : "");
  exit (1);
}

static gboolean
give_up_cb (gpointer data)
{
  die ("gave up: the benchmark took too long", NULL);
}

/* Making the database ------------------------------------------------------- */

static const char * const subjects[] = {
  "No dial tone since the line was repaired",
  "Broadband drops every evening",
  "Billed twice for the same month",
  "Technician missed the appointment",
  "Refund promised on the phone was never paid",
  "Number moved to another operator without consent",
  "Agent hung up during the call",
  "Replacement router not delivered",
  "Television package cancelled by mistake",
  "Customer will complain to the regulator",
  "Fibre installation postponed a third time",
  "Roaming charges after the plan was changed",
};

static const char * const places[] = {
  "Haidian", "Chaoyang", "Pudong", "Tianhe", "Jinjiang", "Yuzhong", "Nanshan", "Xihu",
};

static const char * const notes[] = {
  "Called the customer back, no answer; will try again after 18:00.",
  "Customer confirmed the fault is still there this morning.",
  "Checked the billing record: the second charge is a duplicate.",
  "Line test from the exchange shows noise on the copper pair.",
  "Spoke to the field team; a visit is possible on Thursday.",
  "Customer asks for a written apology and a month's credit.",
};

/* @choices' index for a draw of 0–99 against cumulative percentages. */
static guint
pick (GRand       *rand,
      const guint *percent,
      guint        n)
{
  guint draw = g_rand_int_range (rand, 0, 100);

  for (guint i = 0; i < n; i++)
    {
      if (draw < percent[i])
        return i;
    }

  return n - 1;
}

/* Milliseconds since the epoch in the envelope's form (cf_utc_iso ()). */
static void
format_ms (gint64  ms,
           char   *buffer,
           gsize   size)
{
  time_t seconds = ms / 1000;
  struct tm tm;

  gmtime_r (&seconds, &tm);
  g_snprintf (buffer, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
              tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int) (ms % 1000));
}

static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static void
step_insert (CfStore      *store,
             sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      g_autoptr (GError) error = NULL;

      cf_store_set_sqlite_error (store, rc, &error);
      die ("cannot write a row", error);
    }
  sqlite3_reset (stmt);
}

/* The entry types of a history, in order: raised, the steps taken, and
 * how it ended.
 */
static const char *
entry_type (guint        k,
            guint        n,
            const char  *status,
            GRand       *rand)
{
  static const char * const middle[] = {
    "acknowledged", "note", "proposal", "escalated", "acknowledged", "instruction",
    "handed_over", "department_answer", "note", "proposal",
  };

  if (k == 0)
    return "raised";
  if (k == n - 1 && g_str_equal (status, "closed"))
    return "closed";
  if (k >= n - 2 && (g_str_equal (status, "closed") || g_str_equal (status, "resolved")))
    return "resolved";
  if (k == n - 1 && g_str_equal (status, "reopened"))
    return "reopened";
  if (n > 20)
    return g_rand_boolean (rand) ? "note" : middle[g_rand_int_range (rand, 0, G_N_ELEMENTS (middle))];

  return middle[(k - 1) % G_N_ELEMENTS (middle)];
}

static void
make_database (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autoptr (GPtrArray) users = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261123);
  g_autoptr (GPtrArray) entry_ids = g_ptr_array_new_with_free_func (g_free);
  const CfKind *kind = cf_registry_lookup ("escalation");
  const char * const *sources = cf_kind_lookup_field (kind, "source")->choices;
  const char * const *categories = cf_kind_lookup_field (kind, "category")->choices;
  static const char * const statuses[] = {
    "closed", "resolved", "open", "acknowledged", "in_progress", "reopened",
  };
  static const guint status_percent[] = { 82, 90, 93, 96, 99, 100 };
  static const char * const levels[] = {
    "agent", "complaints_desk", "shift_lead", "deputy", "supervisor",
  };
  static const guint level_percent[] = { 40, 70, 85, 95, 100 };
  static const char * const severities[] = { "normal", "urgent", "critical" };
  static const guint severity_percent[] = { 70, 92, 100 };
  static const char * const departments[] = {
    "engineering", "data", "operations", "installation_repair",
  };
  static const gint64 due_minutes[] = { 24 * 60, 4 * 60, 60 };
  const gint64 now_ms = g_get_real_time () / 1000;
  guint n_sources = g_strv_length ((char **) sources);
  guint n_categories = g_strv_length ((char **) categories);
  gint64 n_escalations, n_entries, start = g_get_monotonic_time ();
  sqlite3_stmt *add_escalation, *add_entry, *list_users;

  store = cf_store_open (path, CF_STORE_FLAGS_NONE, &error);
  if (store == NULL)
    die ("cannot make the database", error);
  if (!cf_demo_populate (store, N_DEMO_STAFF, FALSE, &error))
    die ("cannot fill in the demo", error);

  list_users = cf_store_prepare (store, "SELECT id FROM app_user WHERE deleted = 0", &error);
  if (list_users == NULL)
    die ("cannot list the users", error);
  while (sqlite3_step (list_users) == SQLITE_ROW)
    g_ptr_array_add (users, g_strdup ((const char *) sqlite3_column_text (list_users, 0)));
  sqlite3_reset (list_users);
  if (users->len == 0)
    die ("the demo has no users", NULL);

  n_escalations = cf_store_count (store, "SELECT count(*) FROM escalation");
  n_entries = cf_store_count (store, "SELECT count(*) FROM escalation_entry");

  add_escalation = cf_store_prepare (store,
                                     "INSERT INTO escalation (id, rev, created_at, created_by, "
                                     "  updated_at, updated_by, deleted, source, category, "
                                     "  severity, customer_ref, customer_contact, summary, level, "
                                     "  assignee, status, due_at) "
                                     "VALUES (?1, 1, ?2, ?3, ?4, ?3, 0, ?5, ?6, ?7, ?8, ?9, ?10, "
                                     "  ?11, ?12, ?13, ?14)", &error);
  add_entry = cf_store_prepare (store,
                                "INSERT INTO escalation_entry (id, rev, created_at, created_by, "
                                "  updated_at, updated_by, deleted, escalation, type, text, "
                                "  from_level, to_level, instructed_by, department, responsible, "
                                "  corrects) "
                                "VALUES (?1, 1, ?2, ?3, ?2, ?3, 0, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                                "  ?11, ?12)", &error);
  if (add_escalation == NULL || add_entry == NULL || !cf_store_begin (store, &error))
    die ("cannot prepare the inserts", error);

  for (gint64 i = 0, to_make = N_ESCALATIONS - n_escalations; i < to_make; i++)
    {
      g_autofree char *id = cf_uuid_new_v7 ();
      g_autofree char *summary = NULL;
      g_autofree char *customer_ref = NULL;
      g_autofree char *customer_contact = NULL;
      const char *status = statuses[pick (rand, status_percent, G_N_ELEMENTS (statuses))];
      guint level = pick (rand, level_percent, G_N_ELEMENTS (levels));
      guint severity = pick (rand, severity_percent, G_N_ELEMENTS (severities));
      const char *author = users->pdata[g_rand_int_range (rand, 0, users->len)];
      const char *assignee = users->pdata[g_rand_int_range (rand, 0, users->len)];
      gboolean active = !g_str_equal (status, "closed") && !g_str_equal (status, "resolved");
      gboolean is_long = i % ((to_make / N_LONG) + 1) == 7;
      gint64 entries_left = N_ENTRIES - n_entries;
      gint64 raised_ms, span_ms, n;
      char raised[32], updated[32], due[32];

      /* The last escalation takes what is left, so the totals are exact. */
      if (is_long)
        n = LONG_ENTRIES;
      else if (i == to_make - 1)
        n = MAX (entries_left, 1);
      else
        n = CLAMP (entries_left / (to_make - i) + g_rand_int_range (rand, -4, 5), 2, 40);

      if (active)
        raised_ms = now_ms - g_rand_int_range (rand, 10, 72 * 60) * 60000LL;
      else
        raised_ms = now_ms - g_rand_int_range (rand, 3 * 24 * 60, 730 * 24 * 60) * 60000LL;
      span_ms = active ? now_ms - raised_ms : g_rand_int_range (rand, 30, 9 * 24 * 60) * 60000LL;
      format_ms (raised_ms, raised, sizeof raised);
      format_ms (raised_ms + span_ms, updated, sizeof updated);
      format_ms (raised_ms + due_minutes[severity] * 60000, due, sizeof due);
      summary = g_strdup_printf ("%s (%s, case %06" G_GINT64_FORMAT ")",
                                 subjects[g_rand_int_range (rand, 0, G_N_ELEMENTS (subjects))],
                                 places[g_rand_int_range (rand, 0, G_N_ELEMENTS (places))], i);
      if (g_rand_int_range (rand, 0, 10) < 8)
        {
          customer_ref = g_strdup_printf ("CN%08u", g_rand_int_range (rand, 0, 100000000));
          customer_contact = g_strdup_printf ("138%08u", g_rand_int_range (rand, 0, 100000000));
        }

      bind_text (add_escalation, 1, id);
      bind_text (add_escalation, 2, raised);
      bind_text (add_escalation, 3, author);
      bind_text (add_escalation, 4, updated);
      bind_text (add_escalation, 5, sources[g_rand_int_range (rand, 0, n_sources)]);
      bind_text (add_escalation, 6, categories[g_rand_int_range (rand, 0, n_categories)]);
      bind_text (add_escalation, 7, severities[severity]);
      bind_text (add_escalation, 8, customer_ref);
      bind_text (add_escalation, 9, customer_contact);
      bind_text (add_escalation, 10, summary);
      bind_text (add_escalation, 11, levels[level]);
      bind_text (add_escalation, 12, assignee);
      bind_text (add_escalation, 13, status);
      bind_text (add_escalation, 14, due);
      step_insert (store, add_escalation);

      g_ptr_array_set_size (entry_ids, 0);
      for (gint64 k = 0; k < n; k++)
        {
          g_autofree char *entry_id = cf_uuid_new_v7 ();
          const char *type = entry_type (k, n, status, rand);
          const char *text = notes[g_rand_int_range (rand, 0, G_N_ELEMENTS (notes))];
          const char *corrects = NULL;
          char when[32];

          format_ms (raised_ms + span_ms * k / n, when, sizeof when);
          /* Now and then a long history corrects an earlier note. */
          if (is_long && g_str_equal (type, "note") && entry_ids->len > 0 &&
              g_rand_int_range (rand, 0, 20) == 0)
            corrects = entry_ids->pdata[g_rand_int_range (rand, 0, entry_ids->len)];
          if (g_str_equal (type, "raised"))
            text = summary;
          else if (g_str_equal (type, "acknowledged") || g_str_equal (type, "closed"))
            text = NULL;

          bind_text (add_entry, 1, entry_id);
          bind_text (add_entry, 2, when);
          bind_text (add_entry, 3, users->pdata[g_rand_int_range (rand, 0, users->len)]);
          bind_text (add_entry, 4, id);
          bind_text (add_entry, 5, type);
          bind_text (add_entry, 6, text);
          bind_text (add_entry, 7, g_str_equal (type, "escalated") ? levels[0] : NULL);
          bind_text (add_entry, 8, g_str_equal (type, "escalated") ? levels[level] : NULL);
          bind_text (add_entry, 9, g_str_equal (type, "instruction") ? assignee : NULL);
          bind_text (add_entry, 10,
                     g_str_equal (type, "handed_over") || g_str_equal (type, "department_answer")
                     ? departments[i % G_N_ELEMENTS (departments)] : NULL);
          bind_text (add_entry, 11, g_str_equal (type, "resolved") ? "Billing system" : NULL);
          bind_text (add_entry, 12, corrects);
          step_insert (store, add_entry);
          g_ptr_array_add (entry_ids, g_steal_pointer (&entry_id));
        }
      n_entries += n;
    }

  if (!cf_store_commit (store, &error))
    die ("cannot commit the escalations", error);
  g_printerr ("bench-escalations: made %s (%" G_GINT64_FORMAT " escalations, %" G_GINT64_FORMAT
              " entries) in %.1f s\n", path,
              cf_store_count (store, "SELECT count(*) FROM escalation"),
              cf_store_count (store, "SELECT count(*) FROM escalation_entry"),
              (g_get_monotonic_time () - start) / 1e6);
  /* Closing the store notes the clean close next to the file. */
}

/* Driving the view ----------------------------------------------------------- */

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
get_named (Bench      *bench,
           const char *name)
{
  GtkWidget *widget = find_named (GTK_WIDGET (bench->view), name);

  if (widget == NULL)
    die ("a widget of the view was not found by its name", NULL);

  return widget;
}

static void
on_before_paint_cb (GdkFrameClock *clock,
                    Bench         *bench)
{
  bench->paint_start = g_get_monotonic_time ();
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Bench         *bench)
{
  bench->paint_end = g_get_monotonic_time ();
  bench->painted = TRUE;
}

/* Runs before the view's own handler of the signal. */
static gboolean
search_changed_hook (GSignalInvocationHint *hint,
                     guint                  n_values,
                     const GValue          *values,
                     gpointer               data)
{
  Bench *bench = data;

  bench->signal_time = g_get_monotonic_time ();
  return TRUE;
}

static gboolean
wake_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Leaves the window idle for a moment: the frame clock then paints a
 * frame as soon as one is asked for, rather than at its next tick.
 */
static void
idle_a_moment (void)
{
  gboolean woken = FALSE;

  g_timeout_add (100, wake_cb, &woken);
  while (!woken)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the main loop until a frame that started after the change has
 * been painted.
 */
static void
wait_for_frame (Bench *bench)
{
  bench->painted = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (bench->view));
  while (!bench->painted)
    g_main_context_iteration (NULL, TRUE);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* “KEY median ms” and “KEY_max max ms” of @times. */
static void
print_times (const char *key,
             GArray     *times)
{
  g_array_sort (times, compare_doubles);
  g_print ("%s %.1f ms\n", key, g_array_index (times, double, times->len / 2));
  g_print ("%s_max %.1f ms\n", key, g_array_index (times, double, times->len - 1));
}

static double
elapsed_ms (gint64 since,
            gint64 until)
{
  return (until - since) / 1000.0;
}

/* Types @text into the search entry and times it from the entry's
 * search-changed to the frame painted after; the figures are added to
 * @times (and the frame alone to @frames).
 */
static void
time_search (Bench      *bench,
             const char *text,
             GArray     *times,
             GArray     *frames)
{
  GtkWidget *entry = get_named (bench, "escalations-search-entry");
  double total, frame;

  idle_a_moment ();
  bench->signal_time = 0;
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  while (bench->signal_time == 0)
    g_main_context_iteration (NULL, TRUE);
  wait_for_frame (bench);
  total = elapsed_ms (bench->signal_time, bench->paint_end);
  frame = elapsed_ms (bench->paint_start, bench->paint_end);
  g_array_append_val (times, total);
  g_array_append_val (frames, frame);
}

/* Sets the drop-down @name to @position and times it to the frame after. */
static double
time_filter (Bench      *bench,
             const char *name,
             guint       position)
{
  GtkWidget *dropdown = get_named (bench, name);
  gint64 start;

  idle_a_moment ();
  start = g_get_monotonic_time ();
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), position);
  wait_for_frame (bench);

  return elapsed_ms (start, bench->paint_end);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autoptr (CfContext) context = NULL;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (CfEscalationList) summaries = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GHashTable) long_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GArray) long_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) searches = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) search_frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) clears = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) clear_frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) filters = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) filter_resets = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) details = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) detail_frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) detail_updates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *path = NULL;
  static const struct
  {
    const char *name;
    guint       position;
  } filter_steps[] = {
    { "status-filter", 1 },     /* open */
    { "severity-filter", 3 },   /* critical */
    { "level-filter", 5 },      /* supervisor */
    { "show-filter", 1 },       /* overdue */
  };
  GdkFrameClock *clock;
  GtkSelectionModel *selection;
  CfStatement *stmt;
  Bench bench = { 0 };
  gint64 start, loaded;
  double query_ms;

  setlocale (LC_ALL, "");
  if (argc != 2 || !g_file_test (argv[1], G_FILE_TEST_IS_DIR))
    die ("usage: bench-escalations DIR", NULL);
  path = g_build_filename (argv[1], "escalations.db", NULL);

  gtk_init ();
  adw_init ();
  g_timeout_add_seconds (GIVE_UP_SECONDS, give_up_cb, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    make_database (path);

  store = cf_store_open (path, CF_STORE_FLAGS_NONE, &error);
  if (store == NULL)
    die ("cannot open the database", error);
  settings = g_settings_new (APP_ID);
  context = cf_context_new (store, settings);
  if (!cf_session_sign_in (cf_context_get_session (context), CF_DEMO_SUPERVISOR_LOGIN,
                           CF_DEMO_PASSWORD, &error))
    die ("cannot sign in as the demo supervisor", error);

  /* The empty window first: what is timed is the view, not the window. */
  bench.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (bench.window), 1280, 800);
  gtk_window_present (GTK_WINDOW (bench.window));
  while ((clock = gtk_widget_get_frame_clock (bench.window)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint_cb), &bench);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &bench);
  bench.painted = FALSE;
  gtk_widget_queue_draw (bench.window);
  while (!bench.painted)
    g_main_context_iteration (NULL, TRUE);

  bench.view = g_object_new (CF_TYPE_ESCALATIONS_VIEW, "context", context, NULL);
  bench.shown = cf_escalations_view_get_shown (bench.view);
  g_signal_add_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), 0,
                              search_changed_hook, &bench, NULL);
  idle_a_moment ();

  /* Mapping the view reads the escalations. */
  start = g_get_monotonic_time ();
  gtk_window_set_child (GTK_WINDOW (bench.window), GTK_WIDGET (bench.view));
  loaded = g_get_monotonic_time ();
  if (g_list_model_get_n_items (bench.shown) == 0)
    die ("the view shows no escalations once mapped", NULL);
  wait_for_frame (&bench);
  g_print ("escalations %u rows\n", g_list_model_get_n_items (bench.shown));
  g_print ("escalations_entries %" G_GINT64_FORMAT " rows\n",
           cf_store_count (store, "SELECT count(*) FROM escalation_entry"));
  g_print ("escalations_first_frame %.1f ms\n", elapsed_ms (start, bench.paint_end));
  g_print ("escalations_map_load %.1f ms\n", elapsed_ms (start, loaded));
  g_print ("escalations_first_frame_paint %.1f ms\n",
           elapsed_ms (bench.paint_start, bench.paint_end));

  /* Search: a word in a twelfth of the summaries, a customer reference
   * (a supervisor's search reads those too), and clearing it.
   */
  for (guint i = 0; i < N_RUNS; i++)
    {
      time_search (&bench, i % 2 == 0 ? "router" : "cn0012", searches, search_frames);
      time_search (&bench, "", clears, clear_frames);
    }
  print_times ("escalations_search", searches);
  print_times ("escalations_search_frame", search_frames);
  print_times ("escalations_search_clear", clears);
  print_times ("escalations_search_clear_frame", clear_frames);

  /* Each drop-down set to a choice and back to “all”. */
  for (guint i = 0; i < N_RUNS; i++)
    {
      for (guint f = 0; f < G_N_ELEMENTS (filter_steps); f++)
        {
          double set = time_filter (&bench, filter_steps[f].name, filter_steps[f].position);
          double reset = time_filter (&bench, filter_steps[f].name, 0);

          g_array_append_val (filters, set);
          g_array_append_val (filter_resets, reset);
          if (i == 0)
            g_print ("escalations_filter_%s %.1f ms\n", filter_steps[f].name, set);
        }
    }
  print_times ("escalations_filter", filters);
  print_times ("escalations_filter_reset", filter_resets);

  /* A detail with 200 entries, a different one each time. */
  stmt = cf_store_prepare (store, "SELECT escalation FROM escalation_entry "
                                  "GROUP BY escalation HAVING count(*) >= 200", &error);
  if (stmt == NULL)
    die ("cannot find the long histories", error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (long_ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);

  for (guint i = 0; i < g_list_model_get_n_items (bench.shown); i++)
    {
      g_autoptr (CfEscalationSummary) escalation =
        g_list_model_get_item (bench.shown, i);

      if (g_hash_table_contains (long_ids, cf_escalation_summary_get_id (escalation)))
        g_array_append_val (long_rows, i);
    }
  if (long_rows->len == 0)
    die ("no escalation with 200 entries is shown", NULL);
  selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (get_named (&bench,
                                                                     "escalations-list")));
  for (guint i = 0; i < N_RUNS * 2; i++)
    {
      guint row = g_array_index (long_rows, guint, i % long_rows->len);
      double total, update, frame;

      gtk_selection_model_unselect_all (selection);
      wait_for_frame (&bench);
      idle_a_moment ();
      start = g_get_monotonic_time ();
      gtk_selection_model_select_item (selection, row, TRUE);
      update = elapsed_ms (start, g_get_monotonic_time ());
      wait_for_frame (&bench);
      if (cf_escalations_view_get_selected (bench.view) == NULL)
        die ("selecting a row showed no detail", NULL);
      total = elapsed_ms (start, bench.paint_end);
      frame = elapsed_ms (bench.paint_start, bench.paint_end);
      g_array_append_val (details, total);
      g_array_append_val (detail_updates, update);
      g_array_append_val (detail_frames, frame);
    }
  print_times ("escalations_detail_200", details);
  print_times ("escalations_detail_200_update", detail_updates);
  print_times ("escalations_detail_200_frame", detail_frames);

  /* The read alone, as the view makes it, for where the first frame goes. */
  start = g_get_monotonic_time ();
  summaries = cf_escalation_list_new ();
  now = g_date_time_new_now_utc ();
  if (!cf_escalation_list_load (summaries, store, now, &error))
    die ("cannot read the escalations", error);
  query_ms = elapsed_ms (start, g_get_monotonic_time ());
  g_print ("escalations_list_load %.1f ms\n", query_ms);

  gtk_window_destroy (GTK_WINDOW (bench.window));
  return 0;
}
