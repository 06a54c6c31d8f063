/* cf-leave-dialog.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-leave-dialog"

#include "config.h"

#include "cf-leave-dialog.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-form.h"
#include "cf-leave.h"
#include "cf-registry.h"
#include "cf-session.h"
#include "cf-staff-directory.h"
#include "cf-store.h"
#include "cf-window.h"

/* Asks for leave for someone: who (found by name or number), which kind,
 * from when until when and why. The request is checked as it is typed,
 * with the words the core uses when it refuses one; Request waits until
 * there is no problem.
 */
struct _CfLeaveDialog
{
  AdwWindow           parent_instance;

  /* Template widgets */
  AdwActionRow       *staff_row;
  GtkDropDown        *staff_dropdown;
  AdwComboRow        *type_row;
  AdwEntryRow        *start_row;
  AdwEntryRow        *end_row;
  AdwEntryRow        *reason_row;
  GtkLabel           *days_label;
  GtkLabel           *problem_label;

  /* Owned references */
  CfContext          *context;
  GtkFilterListModel *active_staff;

  /* Problems are named once the user has changed something. */
  gboolean            touched;
};

G_DEFINE_FINAL_TYPE (CfLeaveDialog, cf_leave_dialog, ADW_TYPE_WINDOW)

static const CfField *
request_field (const char *name)
{
  return cf_kind_lookup_field (cf_registry_lookup ("leave_request"), name);
}

static CfStaff *
selected_staff (CfLeaveDialog *self)
{
  return gtk_drop_down_get_selected_item (self->staff_dropdown);
}

/* Checks one typed field as the store will; marks its row. */
static char *
check_row (CfLeaveDialog *self,
           AdwEntryRow   *row,
           const char    *field_name)
{
  return cf_form_check_text (GTK_EDITABLE (row), cf_context_get_store (self->context),
                             "leave_request", field_name, NULL, self->touched);
}

static void
mark_row (gpointer row,
          gboolean problem)
{
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* The whole request as cf_leave_submit () will check it: each field, then
 * the request (who, the dates together, other leave).
 */
static gboolean
validate (CfLeaveDialog *self)
{
  CfStaff *staff = selected_staff (self);
  g_autofree char *start = cf_form_get_text (GTK_EDITABLE (self->start_row));
  g_autofree char *end = cf_form_get_text (GTK_EDITABLE (self->end_row));
  g_autofree char *problem = NULL;
  g_autoptr (GError) error = NULL;
  char *field_problems[] = {
    check_row (self, self->start_row, "start_date"),
    check_row (self, self->end_row, "end_date"),
    check_row (self, self->reason_row, "reason"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (field_problems); i++)
    {
      if (problem == NULL)
        problem = g_steal_pointer (&field_problems[i]);
      g_free (field_problems[i]);
    }

  if (problem == NULL &&
      !cf_leave_check_request (cf_context_get_store (self->context),
                               staff != NULL ? cf_staff_get_id (staff) : NULL, start, end, NULL,
                               &error))
    problem = g_strdup (error->message);

  mark_row (self->staff_row, self->touched &&
                             (g_error_matches (error, CF_LEAVE_ERROR, CF_LEAVE_ERROR_NO_STAFF) ||
                              g_error_matches (error, CF_LEAVE_ERROR, CF_LEAVE_ERROR_INACTIVE)));
  if (error != NULL && error->domain == CF_LEAVE_ERROR && error->code >= CF_LEAVE_ERROR_DATES)
    mark_row (self->end_row, self->touched);

  cf_form_show_problem (self->problem_label, self->touched ? problem : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", problem == NULL);

  /* How long, in days, with the weekdays: a typo in a date shows here. */
  gtk_widget_set_visible (GTK_WIDGET (self->days_label), problem == NULL);
  if (problem == NULL)
    {
      g_autofree char *first = cf_leave_describe_day (start);
      g_autofree char *last = cf_leave_describe_day (end);
      guint n_days = cf_leave_count_days (start, end);
      g_autofree char *text = NULL;

      /* translators: e.g. “3 days: Thu 2026-12-10 to Sat 2026-12-12” */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day: %s to %s",
                                           "%u days: %s to %s", n_days),
                              n_days, first, last);
      gtk_label_set_text (self->days_label, text);
    }

  return problem == NULL;
}

static void
on_field_changed_cb (CfLeaveDialog *self)
{
  self->touched = TRUE;
  validate (self);
}

static void
on_entry_activated_cb (CfLeaveDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "dialog.save", NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfLeaveDialog *self = CF_LEAVE_DIALOG (widget);
  CfSession *session = cf_context_get_session (self->context);
  CfStaff *staff = selected_staff (self);
  const CfField *type_field = request_field ("leave_type");
  g_autofree char *start = cf_form_get_text (GTK_EDITABLE (self->start_row));
  g_autofree char *end = cf_form_get_text (GTK_EDITABLE (self->end_row));
  g_autofree char *reason = cf_form_get_text (GTK_EDITABLE (self->reason_row));
  g_autofree char *title = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CfOp) op = NULL;
  const char *op_ids[2] = { NULL, NULL };

  self->touched = TRUE;
  if (!validate (self) || staff == NULL)
    return;

  op = cf_leave_submit (cf_context_get_store (self->context), cf_session_get_user_id (session),
                        cf_staff_get_id (staff),
                        type_field->choices[adw_combo_row_get_selected (self->type_row)],
                        start, end, reason, &error);
  if (op == NULL)
    {
      cf_form_show_problem (self->problem_label, error->message);
      return;
    }

  /* translators: %s is a staff member's name */
  title = g_strdup_printf (_("Leave requested for %s"), cf_staff_get_name (staff));
  op_ids[0] = cf_op_get_op_id (op);
  cf_window_show_undo_toast (GTK_WIDGET (self), title, op_ids);
  gtk_window_close (GTK_WINDOW (self));
}

static char *
staff_label (CfStaff  *staff,
             gpointer  user_data)
{
  if (staff == NULL)
    return NULL;

  /* translators: a staff member in the picker: name and employee number */
  return g_strdup_printf (_("%s · %s"), cf_staff_get_name (staff),
                          cf_staff_get_employee_no (staff));
}

static gboolean
is_active (gpointer item,
           gpointer user_data)
{
  return cf_staff_get_active (item);
}

/* Active staff, found by typing part of a name or a number. */
static void
fill_choices (CfLeaveDialog *self)
{
  GListModel *staff = cf_staff_directory_get_staff (cf_context_get_directory (self->context));
  const CfField *type_field = request_field ("leave_type");
  g_autoptr (GtkStringList) types = gtk_string_list_new (NULL);
  g_autoptr (GtkExpression) label = NULL;

  self->active_staff = gtk_filter_list_model_new (g_object_ref (staff),
                                                  GTK_FILTER (gtk_custom_filter_new (is_active,
                                                                                     NULL, NULL)));
  label = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                       G_CALLBACK (staff_label), NULL, NULL);
  gtk_drop_down_set_expression (self->staff_dropdown, label);
  gtk_drop_down_set_model (self->staff_dropdown, G_LIST_MODEL (self->active_staff));
  gtk_drop_down_set_selected (self->staff_dropdown, GTK_INVALID_LIST_POSITION);

  for (guint i = 0; type_field->choices[i] != NULL; i++)
    gtk_string_list_append (types, cf_field_get_choice_label (type_field, i));
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (types));
}

static void
fill_dates (CfLeaveDialog *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *date = g_date_time_format (tomorrow, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (self->start_row), date);
  gtk_editable_set_text (GTK_EDITABLE (self->end_row), date);
}

static void
cf_leave_dialog_dispose (GObject *object)
{
  CfLeaveDialog *self = (CfLeaveDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_LEAVE_DIALOG);
  g_clear_object (&self->active_staff);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cf_leave_dialog_parent_class)->dispose (object);
}

static void
cf_leave_dialog_class_init (CfLeaveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_leave_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/leave/cf-leave-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CfLeaveDialog, staff_row);
  gtk_widget_class_bind_template_child (widget_class, CfLeaveDialog, staff_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CfLeaveDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, CfLeaveDialog, start_row);
  gtk_widget_class_bind_template_child (widget_class, CfLeaveDialog, end_row);
  gtk_widget_class_bind_template_child (widget_class, CfLeaveDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, CfLeaveDialog, days_label);
  gtk_widget_class_bind_template_child (widget_class, CfLeaveDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "dialog.save",
                                       NULL);
}

static void
cf_leave_dialog_init (CfLeaveDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CfLeaveDialog *
cf_leave_dialog_new (CfContext *context)
{
  CfLeaveDialog *self;

  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);

  self = g_object_new (CF_TYPE_LEAVE_DIALOG, NULL);
  self->context = g_object_ref (context);
  fill_choices (self);
  fill_dates (self);

  /* A new form starts without complaints; they come as the user types. */
  self->touched = FALSE;
  validate (self);

  return self;
}

/* Chooses who the leave is for, as picking them in the list does. */
void
cf_leave_dialog_set_staff (CfLeaveDialog *self,
                           const char    *staff_id)
{
  GListModel *staff;

  g_return_if_fail (CF_IS_LEAVE_DIALOG (self));

  staff = G_LIST_MODEL (self->active_staff);
  for (guint i = 0; i < g_list_model_get_n_items (staff); i++)
    {
      g_autoptr (CfStaff) member = g_list_model_get_item (staff, i);

      if (g_strcmp0 (cf_staff_get_id (member), staff_id) == 0)
        {
          gtk_drop_down_set_selected (self->staff_dropdown, i);
          return;
        }
    }
}
