/* cf-bench-util.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A window whose frames a benchmark times (under Xvfb, GSK_RENDERER=cairo). */
typedef struct
{
  GtkWidget *window;
  gint64     paint_start;   /* of the last frame */
  gint64     paint_end;
  gboolean   painted;
} CfBenchFrames;

void       cf_bench_frames_open    (CfBenchFrames  *frames,
                                    int             width,
                                    int             height);
void       cf_bench_frames_wait    (CfBenchFrames  *frames);
void       cf_bench_idle_a_moment  (void);
GtkWidget *cf_bench_find_named     (GtkWidget      *root,
                                    const char     *name);
double     cf_bench_elapsed_ms     (gint64          since,
                                    gint64          until);
void       cf_bench_print_times    (const char     *key,
                                    GArray         *times);

G_END_DECLS
