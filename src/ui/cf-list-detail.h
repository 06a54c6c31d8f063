/* cf-list-detail.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

char      *cf_list_detail_format_time    (const char  *iso);
gboolean   cf_list_detail_text_matches   (const char  *text,
                                          const char  *search);
void       cf_list_detail_set_class      (GtkWidget   *widget,
                                          const char  *css_class,
                                          gboolean     set);
GtkWidget *cf_list_detail_add_fact       (GtkGrid     *grid,
                                          guint       *n_facts,
                                          const char  *name,
                                          const char  *title,
                                          const char  *value);
void       cf_list_detail_clear_facts    (GtkGrid     *grid,
                                          guint       *n_facts);
GtkWidget *cf_list_detail_history_label  (const char  *text,
                                          const char  *css_class);
void       cf_list_detail_clear_list_box (GtkListBox  *list);

G_END_DECLS
