/* cf-duty-log-dialog.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-duty-log-dialog"

#include "config.h"

#include "cf-duty-log-dialog.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-form.h"
#include "cf-leave.h"
#include "cf-op.h"
#include "cf-registry.h"
#include "cf-roster-month.h"
#include "cf-session.h"
#include "cf-shift-type.h"
#include "cf-store.h"
#include "cf-window.h"

/* Adds an entry to the duty log of one shift date. Entries are never
 * changed once written (the kind is append-only), so what is typed is
 * checked as the store will check it, and a refusal when saving is shown
 * here with the text kept.
 */
struct _CfDutyLogDialog
{
  AdwWindow     parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *entry_group;
  AdwComboRow  *category_row;
  AdwComboRow  *shift_row;
  AdwEntryRow  *text_row;
  GtkSwitch    *flag_switch;
  GtkLabel     *problem_label;

  /* Owned references */
  CfContext    *context;
  char         *shift_date;
  GPtrArray    *shift_ids;    /* one per choice of shift_row; NULL for none */

  /* Problems are named once the user has changed something. */
  gboolean      touched;
};

G_DEFINE_FINAL_TYPE (CfDutyLogDialog, cf_duty_log_dialog, ADW_TYPE_WINDOW)

static const CfField *
category_field (void)
{
  return cf_kind_lookup_field (cf_registry_lookup ("duty_log_entry"), "category");
}

static gboolean
validate (CfDutyLogDialog *self)
{
  g_autofree char *problem = cf_form_check_text (GTK_EDITABLE (self->text_row),
                                                 cf_context_get_store (self->context),
                                                 "duty_log_entry", "text", NULL, self->touched);

  cf_form_show_problem (self->problem_label, self->touched ? problem : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", problem == NULL);

  return problem == NULL;
}

static void
on_field_changed_cb (CfDutyLogDialog *self)
{
  self->touched = TRUE;
  validate (self);
}

static void
on_entry_activated_cb (CfDutyLogDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "dialog.save", NULL);
}

static JsonObject *
build (CfDutyLogDialog *self)
{
  JsonObject *values = json_object_new ();
  guint category = adw_combo_row_get_selected (self->category_row);
  guint shift = adw_combo_row_get_selected (self->shift_row);
  g_autofree char *text = cf_form_get_text (GTK_EDITABLE (self->text_row));

  json_object_set_string_member (values, "shift_date", self->shift_date);
  if (shift < self->shift_ids->len && self->shift_ids->pdata[shift] != NULL)
    json_object_set_string_member (values, "shift_type", self->shift_ids->pdata[shift]);
  if (category != GTK_INVALID_LIST_POSITION)
    json_object_set_string_member (values, "category", category_field ()->choices[category]);
  json_object_set_string_member (values, "text", text);
  json_object_set_boolean_member (values, "flagged", gtk_switch_get_active (self->flag_switch));

  return values;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfDutyLogDialog *self = CF_DUTY_LOG_DIALOG (widget);
  CfSession *session = cf_context_get_session (self->context);
  g_autoptr (JsonObject) values = NULL;
  g_autoptr (CfOp) op = NULL;
  g_autoptr (GError) error = NULL;

  self->touched = TRUE;
  if (!validate (self))
    return;

  values = build (self);
  op = cf_op_new_create ("duty_log_entry", values);
  if (!cf_store_apply (cf_context_get_store (self->context), cf_session_get_user_id (session),
                       &op, 1, &error))
    {
      cf_form_show_problem (self->problem_label, error->message);
      return;
    }

  cf_window_show_toast (widget, cf_form_new_toast (_("Entry added to the duty log"), NULL, NULL));
  gtk_window_close (GTK_WINDOW (self));
}

static void
fill_choices (CfDutyLogDialog *self)
{
  const CfField *field = category_field ();
  g_autoptr (GtkStringList) categories = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) shifts = gtk_string_list_new (NULL);
  g_autoptr (GPtrArray) types = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *day = cf_leave_describe_day (self->shift_date);
  g_autofree char *description = NULL;

  for (guint i = 0; field->choices[i] != NULL; i++)
    gtk_string_list_append (categories, cf_field_get_choice_label (field, i));
  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (categories));
  adw_combo_row_set_selected (self->category_row, 0);

  self->shift_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (shifts, _("None"));
  g_ptr_array_add (self->shift_ids, NULL);
  types = cf_shift_type_list (cf_context_get_store (self->context), &error);
  if (types == NULL)
    g_warning ("Cannot list the shift types: %s", error->message);
  for (guint i = 0; types != NULL && i < types->len; i++)
    {
      CfRosterShiftType *type = types->pdata[i];
      g_autofree char *label = NULL;

      if (!type->active)
        continue;
      /* translators: a shift: its code and name, e.g. “E Early” */
      label = g_strdup_printf (_("%s %s"), type->code, type->name);
      gtk_string_list_append (shifts, label);
      g_ptr_array_add (self->shift_ids, g_strdup (type->id));
    }
  adw_combo_row_set_model (self->shift_row, G_LIST_MODEL (shifts));
  adw_combo_row_set_selected (self->shift_row, 0);

  /* translators: %s is a date, e.g. “Mon 2026-11-23” */
  description = g_strdup_printf (_("For %s. Entries cannot be changed or removed once saved: "
                                   "a correction is a new entry."), day);
  adw_preferences_group_set_description (self->entry_group, description);
}

static void
cf_duty_log_dialog_dispose (GObject *object)
{
  CfDutyLogDialog *self = (CfDutyLogDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_DUTY_LOG_DIALOG);
  g_clear_object (&self->context);
  g_clear_pointer (&self->shift_date, g_free);
  g_clear_pointer (&self->shift_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (cf_duty_log_dialog_parent_class)->dispose (object);
}

static void
cf_duty_log_dialog_class_init (CfDutyLogDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_duty_log_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX
                                               "/ui/handover/cf-duty-log-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CfDutyLogDialog, entry_group);
  gtk_widget_class_bind_template_child (widget_class, CfDutyLogDialog, category_row);
  gtk_widget_class_bind_template_child (widget_class, CfDutyLogDialog, shift_row);
  gtk_widget_class_bind_template_child (widget_class, CfDutyLogDialog, text_row);
  gtk_widget_class_bind_template_child (widget_class, CfDutyLogDialog, flag_switch);
  gtk_widget_class_bind_template_child (widget_class, CfDutyLogDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "dialog.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "dialog.save", NULL);
}

static void
cf_duty_log_dialog_init (CfDutyLogDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* A dialog adding an entry to the duty log of @shift_date (YYYY-MM-DD). */
CfDutyLogDialog *
cf_duty_log_dialog_new (CfContext  *context,
                        const char *shift_date)
{
  CfDutyLogDialog *self;

  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (shift_date != NULL, NULL);

  self = g_object_new (CF_TYPE_DUTY_LOG_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->shift_date = g_strdup (shift_date);
  fill_choices (self);

  /* A new form starts without complaints; they come as the user types. */
  self->touched = FALSE;
  validate (self);

  return self;
}
