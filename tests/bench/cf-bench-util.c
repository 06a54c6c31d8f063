/* cf-bench-util.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the benchmarks that time frames share: a window whose frame clock
 * says when each frame was painted, waiting for the next frame, and the
 * figures printed as “key value unit” lines (tests/bench/run-benchmarks.sh
 * reads them).
 */

#define G_LOG_DOMAIN "cf-bench-util"

#include "config.h"

#include "cf-bench-util.h"

static void
on_before_paint_cb (GdkFrameClock *clock,
                    CfBenchFrames *frames)
{
  frames->paint_start = g_get_monotonic_time ();
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   CfBenchFrames *frames)
{
  frames->paint_end = g_get_monotonic_time ();
  frames->painted = TRUE;
}

/* Presents an empty window and waits for its first frame: what is timed
 * next is what goes into it, not the window.
 */
void
cf_bench_frames_open (CfBenchFrames *frames,
                      int            width,
                      int            height)
{
  GdkFrameClock *clock;

  frames->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (frames->window), width, height);
  gtk_window_present (GTK_WINDOW (frames->window));
  while ((clock = gtk_widget_get_frame_clock (frames->window)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint_cb), frames);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), frames);
  cf_bench_frames_wait (frames);
}

/* Runs the main loop until a frame that started after the call has been
 * painted.
 */
void
cf_bench_frames_wait (CfBenchFrames *frames)
{
  frames->painted = FALSE;
  gtk_widget_queue_draw (frames->window);
  while (!frames->painted)
    g_main_context_iteration (NULL, TRUE);
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
void
cf_bench_idle_a_moment (void)
{
  gboolean woken = FALSE;

  g_timeout_add (100, wake_cb, &woken);
  while (!woken)
    g_main_context_iteration (NULL, TRUE);
}

GtkWidget *
cf_bench_find_named (GtkWidget  *root,
                     const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = cf_bench_find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

double
cf_bench_elapsed_ms (gint64 since,
                     gint64 until)
{
  return (until - since) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_ms (const char *key,
          const char *suffix,
          double      ms)
{
  /* Microseconds show for what takes less than a millisecond. */
  if (ms < 1.0)
    g_print ("%s%s %.3f ms\n", key, suffix, ms);
  else
    g_print ("%s%s %.1f ms\n", key, suffix, ms);
}

/* “KEY median ms” and “KEY_max max ms” of @times (milliseconds). */
void
cf_bench_print_times (const char *key,
                      GArray     *times)
{
  g_array_sort (times, compare_doubles);
  print_ms (key, "", g_array_index (times, double, times->len / 2));
  print_ms (key, "_max", g_array_index (times, double, times->len - 1));
}
