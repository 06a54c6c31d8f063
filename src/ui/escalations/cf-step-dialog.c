/* cf-step-dialog.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-step-dialog"

#include "config.h"

#include "cf-step-dialog.h"

#include <glib/gi18n.h>

#include "cf-escalation.h"

/* The dialog of one step of a case: a choice when the step needs one, its
 * text, and what the core says of it as it is typed — the step is built
 * by the caller's function each time, so the dialog knows no rule of its
 * own.
 */

typedef struct
{
  AdwMessageDialog *dialog;
  GtkDropDown      *choice;
  GtkTextView      *text_view;
  GtkEntry         *responsible;
  GtkLabel         *problem_label;
  GPtrArray        *choice_values;
  gboolean          touched;
  CfStepBuildFunc   build;
  CfStepApplyFunc   apply;
  gpointer          user_data;
  GDestroyNotify    destroy;
} StepDialog;

static void
step_dialog_free (StepDialog *data)
{
  if (data->destroy != NULL)
    data->destroy (data->user_data);
  g_clear_pointer (&data->choice_values, g_ptr_array_unref);
  g_free (data);
}

static GPtrArray *
step_dialog_build (StepDialog  *data,
                   GError     **error)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (data->text_view);
  guint selected = data->choice != NULL ? gtk_drop_down_get_selected (data->choice)
                                        : GTK_INVALID_LIST_POSITION;
  const char *choice = data->choice_values != NULL && selected < data->choice_values->len
                       ? data->choice_values->pdata[selected] : NULL;
  const char *responsible = data->responsible != NULL
                            ? gtk_editable_get_text (GTK_EDITABLE (data->responsible)) : NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  return data->build (choice, text, responsible, data->user_data, error);
}

/* Checks the step as it is typed, in the core's words. */
static void
step_dialog_validate (StepDialog *data)
{
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;
  gboolean blank_only;

  ops = step_dialog_build (data, &error);
  /* Before anything is typed, an empty text is no problem to name yet. */
  blank_only = g_error_matches (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_MISSING);
  gtk_label_set_text (data->problem_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (data->problem_label),
                          error != NULL && (data->touched || !blank_only));
  adw_message_dialog_set_response_enabled (data->dialog, "apply", ops != NULL);
}

static void
on_input_changed_cb (StepDialog *data)
{
  data->touched = TRUE;
  step_dialog_validate (data);
}

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                StepDialog       *data)
{
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_str_equal (response, "apply"))
    return;

  ops = step_dialog_build (data, &error);
  data->apply (ops, error, data->user_data);
}

/**
 * cf_step_dialog_present:
 * @build: makes the step from what is typed, to check it and to record it
 * @apply: records it once the user asks
 * @destroy: (nullable): frees @user_data when the dialog is gone
 *
 * Shows the dialog of a step, transient for @parent.
 */
void
cf_step_dialog_present (GtkWindow              *parent,
                        const CfStepDialogSpec *spec,
                        CfStepBuildFunc         build,
                        CfStepApplyFunc         apply,
                        gpointer                user_data,
                        GDestroyNotify          destroy)
{
  StepDialog *data = g_new0 (StepDialog, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *text_label = gtk_label_new (spec->text_label);
  GtkWidget *problem = gtk_label_new (NULL);
  GtkWidget *text_view = gtk_text_view_new ();
  AdwMessageDialog *dialog;

  data->build = build;
  data->apply = apply;
  data->user_data = user_data;
  data->destroy = destroy;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, spec->heading, spec->body));
  data->dialog = dialog;
  gtk_widget_set_name (GTK_WIDGET (dialog), "step-dialog");

  if (spec->choice_labels != NULL)
    {
      g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
      GtkWidget *dropdown;

      for (guint i = 0; i < spec->choice_labels->len; i++)
        gtk_string_list_append (labels, spec->choice_labels->pdata[i]);
      dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
      gtk_widget_set_name (dropdown, "step-choice");
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), spec->choice_selected);
      g_signal_connect_swapped (dropdown, "notify::selected", G_CALLBACK (on_input_changed_cb),
                                data);
      data->choice = GTK_DROP_DOWN (dropdown);
      data->choice_values = g_ptr_array_ref (spec->choice_values);
      gtk_box_append (GTK_BOX (box), dropdown);
    }

  gtk_label_set_xalign (GTK_LABEL (text_label), 0);
  gtk_widget_add_css_class (text_label, "heading");
  gtk_box_append (GTK_BOX (box), text_label);
  gtk_widget_set_name (text_view, "step-text");
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (text_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (text_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  spec->text_label, -1);
  data->text_view = GTK_TEXT_VIEW (text_view);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), text_view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 90);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_box_append (GTK_BOX (box), scrolled);

  if (spec->ask_responsible)
    {
      GtkWidget *entry = gtk_entry_new ();

      gtk_widget_set_name (entry, "step-responsible");
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry),
                                      _("Responsible party, once verified (optional)"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Responsible party"), -1);
      g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_input_changed_cb), data);
      data->responsible = GTK_ENTRY (entry);
      gtk_box_append (GTK_BOX (box), entry);
    }

  gtk_widget_set_name (problem, "problem-label");
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_widget_add_css_class (problem, "error");
  data->problem_label = GTK_LABEL (problem);
  gtk_box_append (GTK_BOX (box), problem);

  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)), "changed",
                            G_CALLBACK (on_input_changed_cb), data);

  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  adw_message_dialog_add_response (dialog, "apply", spec->apply_label);
  adw_message_dialog_set_response_appearance (dialog, "apply", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "apply");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_response_cb), data,
                         (GClosureNotify) step_dialog_free, 0);
  step_dialog_validate (data);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (text_view);
}
