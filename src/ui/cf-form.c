/* cf-form.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-form"

#include "config.h"

#include "cf-form.h"

#include "cf-store.h"

/* What the forms that edit records share: reading what was typed as a
 * field's value, checking it as the store will when it is saved, and saying
 * what is wrong under the form. A row with a problem is marked; the form
 * keeps its main button insensitive until there is none.
 */

/**
 * cf_form_parse_text:
 * @field: the field @text is typed for
 * @text: (nullable): what was typed
 *
 * Surrounding blanks do not count; nothing typed is an empty value. Whole
 * numbers become numbers; anything else stays text, for the field's check
 * to name what is wrong with it.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL for an empty one
 */
JsonNode *
cf_form_parse_text (const CfField *field,
                    const char    *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  gint64 number;

  g_return_val_if_fail (field != NULL, NULL);

  if (stripped[0] == '\0')
    return NULL;
  if (field->type == CF_FIELD_INTEGER &&
      g_ascii_string_to_signed (stripped, 10, G_MININT64, G_MAXINT64, &number, NULL))
    return json_node_init_int (json_node_alloc (), number);

  return json_node_init_string (json_node_alloc (), stripped);
}

/**
 * cf_form_check_value:
 * @row: the row @value was typed or chosen in
 * @value: (nullable): the value, %NULL for an empty one
 * @record_id: (nullable): the record being edited, %NULL for a new one
 * @show_problem: whether @row is marked when @value has a problem (not
 *   before the user has touched it, say)
 *
 * Checks @value with cf_store_check_value().
 *
 * Returns: (transfer full) (nullable): the problem, naming the field, or
 *   %NULL when @value can be saved
 */
char *
cf_form_check_value (GtkWidget  *row,
                     CfStore    *store,
                     const char *kind_name,
                     const char *field_name,
                     JsonNode   *value,
                     const char *record_id,
                     gboolean    show_problem)
{
  g_autoptr (GError) error = NULL;
  gboolean ok;

  g_return_val_if_fail (GTK_IS_WIDGET (row), NULL);

  ok = cf_store_check_value (store, kind_name, field_name, value, record_id, &error);
  if (ok || !show_problem)
    gtk_widget_remove_css_class (row, "error");
  else
    gtk_widget_add_css_class (row, "error");

  return ok ? NULL : g_strdup (error->message);
}

/**
 * cf_form_show_problem:
 * @problem: (nullable): what is wrong, or %NULL to hide @label
 */
void
cf_form_show_problem (GtkLabel   *label,
                      const char *problem)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_text (label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (label), problem != NULL);
}
