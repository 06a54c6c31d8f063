/* cf-list-detail.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-list-detail"

#include "config.h"

#include "cf-list-detail.h"

#include <string.h>

/* What the views made of a list and a detail pane beside it share (the
 * Escalations and Rush Repairs views): times as the user's clock shows
 * them, searching text, the facts of the selected record two to a line,
 * and the labels of its history.
 */

/**
 * cf_list_detail_format_time:
 * @iso: (nullable): a UTC ISO-8601 time, as stored
 *
 * Returns: (transfer full): @iso as the user's clock shows it, e.g.
 *   "2026-11-20 09:30"; "" when there is none
 */
char *
cf_list_detail_format_time (const char *iso)
{
  g_autoptr (GDateTime) utc = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr (GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/**
 * cf_list_detail_text_matches:
 * @text: (nullable): a text shown
 * @search: what is searched, already case-folded (g_utf8_casefold ())
 *
 * Returns: whether @text holds @search, whatever the case
 */
gboolean
cf_list_detail_text_matches (const char *text,
                             const char *search)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);

  return strstr (folded, search) != NULL;
}

void
cf_list_detail_set_class (GtkWidget  *widget,
                          const char *css_class,
                          gboolean    set)
{
  if (set)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
}

/**
 * cf_list_detail_add_fact:
 * @grid: the facts of the record shown
 * @n_facts: how many @grid holds, counted up
 * @name: the widget name of the value, for tests
 * @title: what the fact is, e.g. "Status"
 * @value: (nullable): the fact; "—" when there is none
 *
 * Adds one fact, its title above its value, two to a line.
 *
 * Returns: (transfer none): the label of the value
 */
GtkWidget *
cf_list_detail_add_fact (GtkGrid    *grid,
                         guint      *n_facts,
                         const char *name,
                         const char *title,
                         const char *value)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *caption = gtk_label_new (title);
  GtkWidget *label = gtk_label_new (value != NULL && value[0] != '\0' ? value : "—");

  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_set_name (label, name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_box_append (GTK_BOX (box), label);
  gtk_grid_attach (grid, box, *n_facts % 2, *n_facts / 2, 1, 1);
  (*n_facts)++;

  return label;
}

void
cf_list_detail_clear_facts (GtkGrid *grid,
                            guint   *n_facts)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
  *n_facts = 0;
}

/**
 * cf_list_detail_history_label:
 * @css_class: (nullable): a style class, e.g. "heading" or "warning"
 *
 * Returns: (transfer floating): a line of a history entry, wrapped and
 *   selectable
 */
GtkWidget *
cf_list_detail_history_label (const char *text,
                              const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

void
cf_list_detail_clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}
