/* cf-form.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-form"

#include "config.h"

#include "cf-form.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-session.h"
#include "cf-store.h"

/* What the forms that edit records share: reading what was typed as a
 * field's value, checking it as the store will when it is saved, and saying
 * what is wrong under the form. A row with a problem is marked; the form
 * keeps its main button insensitive until there is none.
 */

/* Escape closes @window, as the dialogs made from templates bind it. */
void
cf_form_add_close_shortcut (GtkWidget *window)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, controller);
}

/* Returns: whether @text has something besides blanks */
gboolean
cf_form_has_text (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;

  return FALSE;
}

/* Returns: (transfer full): what is typed in @row, without surrounding blanks */
char *
cf_form_get_text (GtkEditable *row)
{
  g_return_val_if_fail (GTK_IS_EDITABLE (row), NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (row)));
}

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
 * cf_form_check_text:
 * @row: an entry row, or any editable, the field is typed in
 *
 * Reads what is typed in @row as the value of @field_name with
 * cf_form_parse_text() and checks it with cf_form_check_value().
 *
 * Returns: (transfer full) (nullable): the problem, or %NULL
 */
char *
cf_form_check_text (GtkEditable *row,
                    CfStore     *store,
                    const char  *kind_name,
                    const char  *field_name,
                    const char  *record_id,
                    gboolean     show_problem)
{
  const CfKind *kind = cf_registry_lookup (kind_name);
  g_autoptr (JsonNode) value = NULL;

  g_return_val_if_fail (GTK_IS_EDITABLE (row), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  value = cf_form_parse_text (cf_kind_lookup_field (kind, field_name),
                              gtk_editable_get_text (row));

  return cf_form_check_value (GTK_WIDGET (row), store, kind_name, field_name, value, record_id,
                              show_problem);
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

/**
 * cf_form_new_toast:
 * @title: what was done, e.g. “Shift “Early” was changed”
 * @undo_action: the action of a dialog that calls cf_form_undo() with
 *   @op_ids
 * @op_ids: (nullable): the ops its Undo button undoes; %NULL or empty for
 *   a change that cannot be undone
 *
 * For a dialog that stays open in front of the window, whose own toasts
 * the user can reach. The newest change is the one a person wants to see
 * and undo, so the toast goes in front of any still showing.
 *
 * Returns: (transfer floating): the toast
 */
AdwToast *
cf_form_new_toast (const char         *title,
                   const char         *undo_action,
                   const char * const *op_ids)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  if (op_ids != NULL && op_ids[0] != NULL)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, undo_action);
      adw_toast_set_action_target_value (toast, g_variant_new_strv (op_ids, -1));
    }

  return toast;
}

/**
 * cf_form_undo:
 * @op_ids: the target of an Undo button, an array of op ids
 *
 * Undoes the ops as the signed-in user.
 *
 * Returns: (transfer full) (nullable): why they could not be undone, or
 *   %NULL when they were
 */
char *
cf_form_undo (CfContext *context,
              GVariant  *op_ids)
{
  CfSession *session = cf_context_get_session (context);
  g_autofree const char **ids = g_variant_get_strv (op_ids, NULL);
  g_autoptr (GPtrArray) undone = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);

  if (!cf_session_is_signed_in (session))
    return NULL;

  undone = cf_store_undo (cf_context_get_store (context), cf_session_get_user_id (session), ids,
                          &error);

  return undone == NULL ? g_strdup (error->message) : NULL;
}
