/* bench-grid.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The roster grid on screen, printed as “key value unit” lines:
 *
 *   bench-grid --database PATH
 *
 * PATH is a demo database (bench-store --make-demo) with this month's
 * roster. A 1280 × 800 window shows the grid empty; then:
 * - first frame: the month is loaded and given to the grid, and the time
 *   to the end of the frame that draws it is taken (the load is timed on
 *   its own too);
 * - scrolling: 200 small steps (three rows down, as a mouse wheel does,
 *   and back at the bottom) and 100 jumps to places chosen at random in
 *   both directions; each step's frame is timed from the frame clock's
 *   before-paint to its after-paint (layout, snapshot and rendering), mean
 *   and 95th percentile;
 * - memory: the resident set with the empty window, after the first
 *   frame, and its peak at the end.
 *
 * Run under Xvfb with GSK_RENDERER=cairo. Figures, not assertions.
 */

#define G_LOG_DOMAIN "cf-bench-grid"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <adwaita.h>

#include "cf-context.h"
#include "cf-roster-grid.h"
#include "cf-roster-month.h"
#include "cf-store.h"

#define GIVE_UP_SECONDS 60
#define N_SMALL_STEPS   200
#define N_JUMPS         100
#define ROW_STEP        (3 * 26)

static char *database_path;

static const GOptionEntry option_entries[] = {
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database_path,
    "The demo database (made with bench-store --make-demo)", "PATH" },
  { NULL }
};

typedef struct
{
  GtkWidget     *window;
  CfRosterGrid  *grid;
  GtkAdjustment *hadjustment;
  GtkAdjustment *vadjustment;
  GdkFrameClock *clock;
  gint64         paint_start;
  gint64         paint_end;
  gboolean       painted;
} Bench;

static G_NORETURN void
die (const char   *what,
     const GError *error)
{
  g_printerr ("bench-grid: %s%s%s\n", what, error != NULL ? ": " : "",
              error != NULL ? error->message : "");
  exit (1);
}

static gboolean
give_up_cb (gpointer data)
{
  die ("no frame was drawn in time", NULL);
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

/* Runs the main loop until the window has drawn a frame. */
static void
wait_for_frame (Bench *bench)
{
  bench->painted = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (bench->grid));
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

static void
print_frames (const char *name,
              GArray     *frames)
{
  double sum = 0;

  for (guint i = 0; i < frames->len; i++)
    sum += g_array_index (frames, double, i);
  g_array_sort (frames, compare_doubles);
  g_print ("%s_mean %.1f ms\n", name, sum / frames->len);
  g_print ("%s_p95 %.1f ms\n", name, g_array_index (frames, double, frames->len * 95 / 100));
  g_print ("%s_max %.1f ms\n", name, g_array_index (frames, double, frames->len - 1));
}

/* Moves the view by (@dx, @dy) or to (@x, @y) and times the frame that
 * shows it.
 */
static double
scroll_and_time (Bench  *bench,
                 double  x,
                 double  y)
{
  gtk_adjustment_set_value (bench->hadjustment, x);
  gtk_adjustment_set_value (bench->vadjustment, y);
  bench->painted = FALSE;
  while (!bench->painted)
    g_main_context_iteration (NULL, TRUE);

  return (bench->paint_end - bench->paint_start) / 1000.0;
}

/* A figure in kB of /proc/self/status, such as “VmHWM:” or “VmRSS:”. */
static gint64
read_status_kb (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    die ("cannot read /proc/self/status", NULL);
  line = strstr (status, key);

  return line != NULL ? g_ascii_strtoll (line + strlen (key), NULL, 10) : -1;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) options = g_option_context_new ("— the roster grid's timings");
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autoptr (CfContext) context = NULL;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (CfRosterMonth) month = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) small = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) jumps = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261122);
  GtkWidget *scrolled;
  Bench bench = { 0 };
  gint64 start;
  double load_ms, first_frame_ms, y = 0;
  gint64 empty_window_kb, first_frame_kb;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (options, option_entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || database_path == NULL)
    die ("usage: bench-grid --database PATH", error);

  gtk_init ();
  adw_init ();
  g_timeout_add_seconds (GIVE_UP_SECONDS, give_up_cb, NULL);

  store = cf_store_open (database_path, CF_STORE_FLAGS_NONE, &error);
  if (store == NULL)
    die ("cannot open the database", error);
  settings = g_settings_new (APP_ID);
  context = cf_context_new (store, settings);

  bench.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (bench.window), 1280, 800);
  scrolled = gtk_scrolled_window_new ();
  bench.grid = CF_ROSTER_GRID (cf_roster_grid_new (context));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (bench.grid));
  gtk_window_set_child (GTK_WINDOW (bench.window), scrolled);
  gtk_window_present (GTK_WINDOW (bench.window));
  bench.hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (bench.grid));
  bench.vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (bench.grid));

  /* The empty window first: what is timed is the grid, not the window. */
  while (gtk_widget_get_frame_clock (bench.window) == NULL)
    g_main_context_iteration (NULL, TRUE);
  bench.clock = gtk_widget_get_frame_clock (bench.window);
  g_signal_connect (bench.clock, "before-paint", G_CALLBACK (on_before_paint_cb), &bench);
  g_signal_connect (bench.clock, "after-paint", G_CALLBACK (on_after_paint_cb), &bench);
  wait_for_frame (&bench);
  empty_window_kb = read_status_kb ("VmRSS:");

  start = g_get_monotonic_time ();
  month = cf_roster_month_new (store, g_date_time_get_year (now), g_date_time_get_month (now),
                               &error);
  if (month == NULL)
    die ("cannot load the month", error);
  load_ms = (g_get_monotonic_time () - start) / 1000.0;
  for (guint r = 0; r < cf_roster_month_get_n_rows (month); r++)
    g_array_append_val (rows, r);
  cf_roster_grid_set_month (bench.grid, month);
  cf_roster_grid_set_rows (bench.grid, (guint *) rows->data, rows->len);
  wait_for_frame (&bench);
  first_frame_ms = (bench.paint_end - start) / 1000.0;
  first_frame_kb = read_status_kb ("VmRSS:");

  g_print ("grid_rows %u rows\n", rows->len);
  g_print ("grid_month_load %.1f ms\n", load_ms);
  g_print ("grid_first_frame %.1f ms\n", first_frame_ms);

  for (guint i = 0; i < N_SMALL_STEPS; i++)
    {
      double frame;

      y += ROW_STEP;
      if (y > gtk_adjustment_get_upper (bench.vadjustment) -
              gtk_adjustment_get_page_size (bench.vadjustment))
        y = 0;
      frame = scroll_and_time (&bench, 0, y);
      g_array_append_val (small, frame);
    }
  print_frames ("grid_scroll_small", small);

  for (guint i = 0; i < N_JUMPS; i++)
    {
      double x = g_rand_double_range (rand, 0, gtk_adjustment_get_upper (bench.hadjustment) -
                                               gtk_adjustment_get_page_size (bench.hadjustment));
      double frame;

      y = g_rand_double_range (rand, 0, gtk_adjustment_get_upper (bench.vadjustment) -
                                        gtk_adjustment_get_page_size (bench.vadjustment));
      frame = scroll_and_time (&bench, x, y);
      g_array_append_val (jumps, frame);
    }
  print_frames ("grid_scroll_jump", jumps);

  g_print ("grid_rss_empty_window %" G_GINT64_FORMAT " kB\n", empty_window_kb);
  g_print ("grid_rss_first_frame %" G_GINT64_FORMAT " kB\n", first_frame_kb);
  g_print ("grid_peak_rss %" G_GINT64_FORMAT " kB\n", read_status_kb ("VmHWM:"));

  gtk_window_destroy (GTK_WINDOW (bench.window));
  return 0;
}
