/* cf-rush-repair-step-dialog.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-rush-repair-step-dialog"

#include "config.h"

#include "cf-rush-repair-step-dialog.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-escalation.h"
#include "cf-form.h"
#include "cf-rush-repair.h"
#include "cf-session.h"
#include "cf-store.h"
#include "cf-window.h"

/* One step of a rush-repair order that asks for a text: the repair
 * reported done, the callback to the customer (confirmed or not) and a
 * reopening. The step is checked by the core as it is typed; a refusal
 * when it is recorded (the order moved on meanwhile, here or by a sync)
 * is shown in the dialog, which stays open with what was typed.
 */
struct _CfRushRepairStepDialog
{
  AdwWindow         parent_instance;

  /* Template widgets */
  AdwWindowTitle   *window_title;
  GtkWidget        *apply_button;
  GtkLabel         *body_label;
  GtkWidget        *result_box;
  GtkCheckButton   *confirmed_button;
  GtkCheckButton   *failed_button;
  GtkWidget        *failed_label;
  GtkLabel         *text_heading;
  GtkTextView      *text_view;
  GtkLabel         *problem_label;

  /* Owned references */
  CfContext        *context;
  char             *order_id;
  CfRushRepairStep  step;

  /* Problems are named once the user has changed something. */
  gboolean          touched;
};

G_DEFINE_FINAL_TYPE (CfRushRepairStepDialog, cf_rush_repair_step_dialog, ADW_TYPE_WINDOW)

static const struct
{
  const char *title;         /* N_() */
  const char *body;          /* N_() */
  const char *text_heading;  /* N_() */
  const char *apply_label;   /* N_() */
} steps[] = {
  [CF_RUSH_REPAIR_STEP_REPAIRED] = {
    N_("Repair Done"),
    N_("Record that the repair was reported done. The customer is then called back to "
       "confirm it."),
    N_("_What was done (optional)"), N_("_Record"),
  },
  [CF_RUSH_REPAIR_STEP_CALLBACK] = {
    N_("Callback to the Customer"),
    N_("Call the customer back and record whether the repair holds. Only a confirmed "
       "repair lets the order be closed."),
    N_("_What the customer said"), N_("_Record"),
  },
  [CF_RUSH_REPAIR_STEP_REOPEN] = {
    N_("Reopen the Order"),
    N_("The order starts again: people notified, a repair and a callback that confirms "
       "it before it can be closed."),
    N_("_Why it is reopened"), N_("_Reopen"),
  },
};

static char *
get_text (CfRushRepairStepDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The step as typed, built by the core; %NULL with its reason when it
 * would be refused.
 */
static GPtrArray *
build (CfRushRepairStepDialog  *self,
       GError                 **error)
{
  CfStore *store = cf_context_get_store (self->context);
  const char *author = cf_session_get_user_id (cf_context_get_session (self->context));
  g_autofree char *text = get_text (self);
  gboolean confirmed = gtk_check_button_get_active (self->confirmed_button);

  switch (self->step)
    {
    case CF_RUSH_REPAIR_STEP_REPAIRED:
      return cf_rush_repair_record_repaired (store, author, self->order_id, text, error);
    case CF_RUSH_REPAIR_STEP_CALLBACK:
      if (!confirmed && !gtk_check_button_get_active (self->failed_button))
        {
          g_set_error_literal (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_MISSING,
                               _("Choose whether the customer confirms the repair."));
          return NULL;
        }
      return cf_rush_repair_record_callback (store, author, self->order_id, confirmed, text,
                                             error);
    case CF_RUSH_REPAIR_STEP_REOPEN:
      return cf_rush_repair_reopen (store, author, self->order_id, text, error);
    default:
      g_assert_not_reached ();
    }
}

/* Checks the step as it is typed, in the core's words; an empty text is
 * no problem to name before the user has typed anything.
 */
static gboolean
validate (CfRushRepairStepDialog *self)
{
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;
  gboolean missing_only;

  ops = build (self, &error);
  missing_only = g_error_matches (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_MISSING);
  cf_form_show_problem (self->problem_label,
                        error != NULL && (self->touched || !missing_only) ? error->message : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.apply", ops != NULL);
  gtk_widget_set_visible (self->failed_label,
                          gtk_check_button_get_active (self->failed_button));

  return ops != NULL;
}

static void
on_input_changed_cb (CfRushRepairStepDialog *self)
{
  self->touched = TRUE;
  validate (self);
}

static const char *
done_message (CfRushRepairStepDialog *self)
{
  switch (self->step)
    {
    case CF_RUSH_REPAIR_STEP_REPAIRED:
      return _("Repair recorded; the customer can be called back");
    case CF_RUSH_REPAIR_STEP_CALLBACK:
      return gtk_check_button_get_active (self->confirmed_button)
             ? _("Callback recorded: the repair is confirmed")
             : _("Callback recorded: not repaired, the order is reopened for a new repair");
    case CF_RUSH_REPAIR_STEP_REOPEN:
      return _("Order reopened");
    default:
      g_assert_not_reached ();
    }
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CfRushRepairStepDialog *self = CF_RUSH_REPAIR_STEP_DIALOG (widget);
  const char *author = cf_session_get_user_id (cf_context_get_session (self->context));
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;

  self->touched = TRUE;
  ops = build (self, &error);
  if (ops == NULL ||
      !cf_store_apply (cf_context_get_store (self->context), author,
                       (CfOp * const *) ops->pdata, ops->len, &error))
    {
      /* The dialog stays open with what was typed. */
      cf_form_show_problem (self->problem_label, error->message);
      gtk_widget_action_set_enabled (widget, "dialog.apply", FALSE);
      return;
    }

  cf_window_show_toast (widget, cf_form_new_toast (done_message (self), NULL, NULL));
  gtk_window_close (GTK_WINDOW (self));
}

static void
cf_rush_repair_step_dialog_dispose (GObject *object)
{
  CfRushRepairStepDialog *self = (CfRushRepairStepDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_RUSH_REPAIR_STEP_DIALOG);
  g_clear_object (&self->context);
  g_clear_pointer (&self->order_id, g_free);

  G_OBJECT_CLASS (cf_rush_repair_step_dialog_parent_class)->dispose (object);
}

static void
cf_rush_repair_step_dialog_class_init (CfRushRepairStepDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_rush_repair_step_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX
                                               "/ui/rush-repairs/cf-rush-repair-step-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairStepDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairStepDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairStepDialog, body_label);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairStepDialog, result_box);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairStepDialog, confirmed_button);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairStepDialog, failed_button);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairStepDialog, failed_label);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairStepDialog, text_heading);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairStepDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairStepDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed_cb);

  gtk_widget_class_install_action (widget_class, "dialog.apply", NULL, apply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  /* Return is a line break in the text: Ctrl+Return records the step. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "dialog.apply", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "dialog.apply", NULL);
}

static void
cf_rush_repair_step_dialog_init (CfRushRepairStepDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (on_input_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * cf_rush_repair_step_dialog_new:
 * @order_id: the order the step is taken on
 * @order_summary: its summary, shown under the dialog's title
 *
 * Returns: (transfer floating): the dialog, to present
 */
CfRushRepairStepDialog *
cf_rush_repair_step_dialog_new (CfContext        *context,
                                const char       *order_id,
                                const char       *order_summary,
                                CfRushRepairStep  step)
{
  CfRushRepairStepDialog *self;

  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);
  g_return_val_if_fail (step <= CF_RUSH_REPAIR_STEP_REOPEN, NULL);

  self = g_object_new (CF_TYPE_RUSH_REPAIR_STEP_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->order_id = g_strdup (order_id);
  self->step = step;

  gtk_window_set_title (GTK_WINDOW (self), _(steps[step].title));
  adw_window_title_set_title (self->window_title, _(steps[step].title));
  adw_window_title_set_subtitle (self->window_title, order_summary);
  gtk_label_set_text (self->body_label, _(steps[step].body));
  gtk_label_set_text_with_mnemonic (self->text_heading, _(steps[step].text_heading));
  gtk_button_set_label (GTK_BUTTON (self->apply_button), _(steps[step].apply_label));
  gtk_widget_set_visible (self->result_box, step == CF_RUSH_REPAIR_STEP_CALLBACK);

  /* A new form starts without complaints; they come as the user types. */
  self->touched = FALSE;
  validate (self);
  gtk_widget_grab_focus (step == CF_RUSH_REPAIR_STEP_CALLBACK
                         ? GTK_WIDGET (self->confirmed_button) : GTK_WIDGET (self->text_view));

  return self;
}
