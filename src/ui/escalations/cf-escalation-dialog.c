/* cf-escalation-dialog.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-escalation-dialog"

#include "config.h"

#include "cf-escalation-dialog.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-escalation.h"
#include "cf-form.h"
#include "cf-registry.h"
#include "cf-session.h"
#include "cf-store.h"
#include "cf-window.h"

/* Raises an escalation: where it came from, what kind and how severe,
 * who the customer is, and what happened. It is checked as it is typed,
 * each field as the store will and the whole as cf_escalation_raise ()
 * does; Raise waits until there is no problem.
 */
struct _CfEscalationDialog
{
  AdwWindow     parent_instance;

  /* Template widgets */
  AdwComboRow  *source_row;
  AdwComboRow  *category_row;
  AdwComboRow  *severity_row;
  AdwEntryRow  *customer_ref_row;
  AdwEntryRow  *customer_contact_row;
  AdwEntryRow  *summary_row;
  AdwEntryRow  *details_row;
  GtkLabel     *due_label;
  GtkLabel     *problem_label;

  /* Owned references */
  CfContext    *context;

  /* Problems are named once the user has changed something. */
  gboolean      touched;
};

G_DEFINE_FINAL_TYPE (CfEscalationDialog, cf_escalation_dialog, ADW_TYPE_WINDOW)

enum {
  RAISED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const CfField *
escalation_field (const char *name)
{
  return cf_kind_lookup_field (cf_registry_lookup ("escalation"), name);
}

static const char *
selected_choice (AdwComboRow *row,
                 const char  *field_name)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected == GTK_INVALID_LIST_POSITION)
    return NULL;

  return escalation_field (field_name)->choices[selected];
}

static char *
check_row (CfEscalationDialog *self,
           AdwEntryRow        *row,
           const char         *field_name)
{
  return cf_form_check_text (GTK_EDITABLE (row), cf_context_get_store (self->context),
                             "escalation", field_name, NULL, self->touched);
}

/* The report as typed; the texts are owned by the rows. */
static void
read_report (CfEscalationDialog *self,
             CfEscalationReport *report)
{
  report->source = selected_choice (self->source_row, "source");
  report->category = selected_choice (self->category_row, "category");
  report->severity = selected_choice (self->severity_row, "severity");
  report->customer_ref = gtk_editable_get_text (GTK_EDITABLE (self->customer_ref_row));
  report->customer_contact = gtk_editable_get_text (GTK_EDITABLE (self->customer_contact_row));
  report->summary = gtk_editable_get_text (GTK_EDITABLE (self->summary_row));
  report->details = gtk_editable_get_text (GTK_EDITABLE (self->details_row));
}

static GPtrArray *
build (CfEscalationDialog  *self,
       GError             **error)
{
  CfEscalationReport report;

  read_report (self, &report);

  return cf_escalation_raise (cf_context_get_store (self->context),
                              cf_session_get_user_id (cf_context_get_session (self->context)),
                              &report, NULL, NULL, error);
}

static gboolean
validate (CfEscalationDialog *self)
{
  g_autofree char *problem = NULL;
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;
  char *field_problems[] = {
    check_row (self, self->customer_ref_row, "customer_ref"),
    check_row (self, self->customer_contact_row, "customer_contact"),
    check_row (self, self->summary_row, "summary"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (field_problems); i++)
    {
      if (problem == NULL)
        problem = g_steal_pointer (&field_problems[i]);
      g_free (field_problems[i]);
    }

  if (problem == NULL)
    {
      ops = build (self, &error);
      if (ops == NULL)
        problem = g_strdup (error->message);
    }

  cf_form_show_problem (self->problem_label, self->touched ? problem : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", problem == NULL);

  /* When it is due, from the severity chosen and the call center's policy. */
  {
    CfEscalationPolicy policy = CF_ESCALATION_POLICY_DEFAULT;
    g_autofree char *due_at = NULL;
    g_autoptr (GDateTime) due = NULL;
    g_autoptr (GDateTime) local = NULL;
    g_autofree char *time = NULL;
    g_autofree char *text = NULL;

    cf_escalation_policy_load (cf_context_get_store (self->context), &policy, NULL);
    due_at = cf_escalation_compute_due_at (selected_choice (self->severity_row, "severity"),
                                           &policy.due_times, NULL);
    due = due_at != NULL ? g_date_time_new_from_iso8601 (due_at, NULL) : NULL;
    local = due != NULL ? g_date_time_to_local (due) : NULL;
    time = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : NULL;
    if (time != NULL)
      /* translators: %s is a date and time */
      text = g_strdup_printf (_("Due by %s"), time);

    gtk_label_set_text (self->due_label, text != NULL ? text : "");
  }

  return problem == NULL;
}

static void
on_field_changed_cb (CfEscalationDialog *self)
{
  self->touched = TRUE;
  validate (self);
}

static void
on_entry_activated_cb (CfEscalationDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "dialog.save", NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfEscalationDialog *self = CF_ESCALATION_DIALOG (widget);
  CfSession *session = cf_context_get_session (self->context);
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *escalation_id = NULL;

  self->touched = TRUE;
  if (!validate (self))
    return;

  ops = build (self, &error);
  if (ops == NULL ||
      !cf_store_apply (cf_context_get_store (self->context), cf_session_get_user_id (session),
                       (CfOp * const *) ops->pdata, ops->len, &error))
    {
      cf_form_show_problem (self->problem_label, error->message);
      return;
    }

  escalation_id = g_strdup (cf_op_get_record_id (ops->pdata[0]));
  cf_window_show_toast (GTK_WIDGET (self), adw_toast_new (_("Escalation raised")));
  g_signal_emit (self, signals[RAISED], 0, escalation_id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
fill_choices (AdwComboRow *row,
              const char  *field_name)
{
  const CfField *field = escalation_field (field_name);
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);

  for (guint i = 0; field->choices[i] != NULL; i++)
    gtk_string_list_append (labels, cf_field_get_choice_label (field, i));
  adw_combo_row_set_model (row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (row, 0);
}

static void
cf_escalation_dialog_dispose (GObject *object)
{
  CfEscalationDialog *self = (CfEscalationDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_ESCALATION_DIALOG);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cf_escalation_dialog_parent_class)->dispose (object);
}

static void
cf_escalation_dialog_class_init (CfEscalationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_escalation_dialog_dispose;

  /**
   * CfEscalationDialog::raised:
   * @escalation_id: the escalation just raised
   */
  signals[RAISED] = g_signal_new ("raised", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX
                                               "/ui/escalations/cf-escalation-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CfEscalationDialog, source_row);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationDialog, category_row);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationDialog, severity_row);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationDialog, customer_ref_row);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationDialog, customer_contact_row);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationDialog, summary_row);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationDialog, details_row);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationDialog, due_label);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "dialog.save",
                                       NULL);
}

static void
cf_escalation_dialog_init (CfEscalationDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CfEscalationDialog *
cf_escalation_dialog_new (CfContext *context)
{
  CfEscalationDialog *self;

  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);

  self = g_object_new (CF_TYPE_ESCALATION_DIALOG, NULL);
  self->context = g_object_ref (context);
  fill_choices (self->source_row, "source");
  fill_choices (self->category_row, "category");
  fill_choices (self->severity_row, "severity");

  /* A new form starts without complaints; they come as the user types. */
  self->touched = FALSE;
  validate (self);

  return self;
}
