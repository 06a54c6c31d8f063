/* cf-rush-repair-dialog.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-rush-repair-dialog"

#include "config.h"

#include "cf-rush-repair-dialog.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-form.h"
#include "cf-rush-repair.h"
#include "cf-rush-repair-order.h"
#include "cf-session.h"
#include "cf-store.h"
#include "cf-window.h"

/* Makes a rush-repair order (抢修单): what needs repairing, which
 * department raised it, the customer, and the escalation it came from if
 * any. It is checked as it is typed, each field as the store will and the
 * whole as cf_rush_repair_create () does; a refusal when it is saved is
 * shown here, and what was typed stays.
 */
struct _CfRushRepairDialog
{
  AdwWindow     parent_instance;

  /* Template widgets */
  AdwEntryRow  *summary_row;
  AdwEntryRow  *department_row;
  AdwEntryRow  *details_row;
  AdwEntryRow  *customer_ref_row;
  AdwEntryRow  *customer_contact_row;
  AdwComboRow  *escalation_row;
  GtkLabel     *problem_label;

  /* Owned references */
  CfContext    *context;
  GPtrArray    *escalation_ids;   /* one per choice of escalation_row; NULL for none */

  /* Problems are named once the user has changed something. */
  gboolean      touched;
};

G_DEFINE_FINAL_TYPE (CfRushRepairDialog, cf_rush_repair_dialog, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
check_row (CfRushRepairDialog *self,
           AdwEntryRow        *row,
           const char         *field_name)
{
  return cf_form_check_text (GTK_EDITABLE (row), cf_context_get_store (self->context),
                             "rush_repair", field_name, NULL, self->touched);
}

static const char *
selected_escalation (CfRushRepairDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->escalation_row);

  if (self->escalation_ids == NULL || selected >= self->escalation_ids->len)
    return NULL;

  return self->escalation_ids->pdata[selected];
}

static GPtrArray *
build (CfRushRepairDialog  *self,
       GError             **error)
{
  CfRushRepairRequest request = {
    gtk_editable_get_text (GTK_EDITABLE (self->summary_row)),
    gtk_editable_get_text (GTK_EDITABLE (self->customer_ref_row)),
    gtk_editable_get_text (GTK_EDITABLE (self->customer_contact_row)),
    gtk_editable_get_text (GTK_EDITABLE (self->department_row)),
    selected_escalation (self),
    gtk_editable_get_text (GTK_EDITABLE (self->details_row)),
  };

  return cf_rush_repair_create (cf_context_get_store (self->context),
                                cf_session_get_user_id (cf_context_get_session (self->context)),
                                &request, error);
}

static gboolean
validate (CfRushRepairDialog *self)
{
  g_autofree char *problem = NULL;
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;
  char *field_problems[] = {
    check_row (self, self->summary_row, "summary"),
    check_row (self, self->department_row, "raised_by_department"),
    check_row (self, self->customer_ref_row, "customer_ref"),
    check_row (self, self->customer_contact_row, "customer_contact"),
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

  return problem == NULL;
}

static void
on_field_changed_cb (CfRushRepairDialog *self)
{
  self->touched = TRUE;
  validate (self);
}

static void
on_entry_activated_cb (CfRushRepairDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "dialog.save", NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfRushRepairDialog *self = CF_RUSH_REPAIR_DIALOG (widget);
  CfSession *session = cf_context_get_session (self->context);
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *order_id = NULL;

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

  order_id = g_strdup (cf_op_get_record_id (ops->pdata[0]));
  cf_window_show_toast (widget, cf_form_new_toast (_("Rush-repair order created: notify the "
                                                     "people who will do the repair"),
                                                   NULL, NULL));
  g_signal_emit (self, signals[CREATED], 0, order_id);
  gtk_window_close (GTK_WINDOW (self));
}

/* "None", then the escalations an order may be made for. */
static void
fill_escalations (CfRushRepairDialog *self)
{
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr (GPtrArray) escalations = NULL;
  g_autoptr (GError) error = NULL;

  self->escalation_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (labels, _("None"));
  g_ptr_array_add (self->escalation_ids, NULL);

  escalations = cf_rush_repair_order_list_escalations (cf_context_get_store (self->context),
                                                       &error);
  if (escalations == NULL)
    g_warning ("Cannot list the escalations: %s", error->message);
  for (guint i = 0; escalations != NULL && i < escalations->len; i++)
    {
      CfRushRepairEscalation *escalation = escalations->pdata[i];

      gtk_string_list_append (labels, escalation->summary);
      g_ptr_array_add (self->escalation_ids, g_strdup (escalation->id));
    }

  adw_combo_row_set_model (self->escalation_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->escalation_row, 0);
}

static void
cf_rush_repair_dialog_dispose (GObject *object)
{
  CfRushRepairDialog *self = (CfRushRepairDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_RUSH_REPAIR_DIALOG);
  g_clear_object (&self->context);
  g_clear_pointer (&self->escalation_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (cf_rush_repair_dialog_parent_class)->dispose (object);
}

static void
cf_rush_repair_dialog_class_init (CfRushRepairDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_rush_repair_dialog_dispose;

  /**
   * CfRushRepairDialog::created:
   * @order_id: the order just made
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX
                                               "/ui/rush-repairs/cf-rush-repair-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairDialog, summary_row);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairDialog, department_row);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairDialog, details_row);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairDialog, customer_ref_row);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairDialog, customer_contact_row);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairDialog, escalation_row);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "dialog.save",
                                       NULL);
}

static void
cf_rush_repair_dialog_init (CfRushRepairDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CfRushRepairDialog *
cf_rush_repair_dialog_new (CfContext *context)
{
  CfRushRepairDialog *self;

  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);

  self = g_object_new (CF_TYPE_RUSH_REPAIR_DIALOG, NULL);
  self->context = g_object_ref (context);
  fill_escalations (self);

  /* A new form starts without complaints; they come as the user types. */
  self->touched = FALSE;
  validate (self);

  return self;
}

/**
 * cf_rush_repair_dialog_set_escalation:
 * @escalation_id: an escalation not yet closed
 *
 * Makes the order for @escalation_id, as choosing it in the dialog does;
 * an empty summary takes the escalation's.
 */
void
cf_rush_repair_dialog_set_escalation (CfRushRepairDialog *self,
                                      const char         *escalation_id)
{
  g_return_if_fail (CF_IS_RUSH_REPAIR_DIALOG (self));

  for (guint i = 1; i < self->escalation_ids->len; i++)
    {
      if (g_strcmp0 (self->escalation_ids->pdata[i], escalation_id) != 0)
        continue;

      adw_combo_row_set_selected (self->escalation_row, i);
      if (gtk_editable_get_text (GTK_EDITABLE (self->summary_row))[0] == '\0')
        {
          GListModel *labels = adw_combo_row_get_model (self->escalation_row);

          gtk_editable_set_text (GTK_EDITABLE (self->summary_row),
                                 gtk_string_list_get_string (GTK_STRING_LIST (labels), i));
        }
      return;
    }
}
