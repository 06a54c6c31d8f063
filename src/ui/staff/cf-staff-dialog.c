/* cf-staff-dialog.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-staff-dialog"

#include "config.h"

#include "cf-staff-dialog.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-form.h"
#include "cf-registry.h"
#include "cf-session.h"
#include "cf-staff-directory.h"
#include "cf-store.h"
#include "cf-window.h"

/* Adds a member of staff or edits one. Each field is checked as it is typed
 * against the same registry rules the store enforces, and the first problem
 * is named under the form; Save waits until there is none.
 */
struct _CfStaffDialog
{
  AdwWindow    parent_instance;

  /* Template widgets */
  AdwEntryRow *employee_no_row;
  AdwEntryRow *name_row;
  AdwComboRow *role_row;
  AdwComboRow *team_row;
  AdwEntryRow *hire_date_row;
  AdwEntryRow *phone_row;
  GtkLabel    *problem_label;

  /* Owned references */
  CfContext   *context;
  CfStaff     *staff;           /* NULL when adding */
  GPtrArray   *team_ids;        /* team id per team_row item; NULL = no team */

  /* Rows the user has typed in: only those show their problems. */
  GHashTable  *touched;
};

G_DEFINE_FINAL_TYPE (CfStaffDialog, cf_staff_dialog, ADW_TYPE_WINDOW)

static char *
row_value (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* Checks one text field; marks its row and returns the problem, if any. */
static char *
check_row (CfStaffDialog *self,
           AdwEntryRow   *row,
           const char    *field_name)
{
  const CfField *field = cf_kind_lookup_field (cf_registry_lookup ("staff"), field_name);
  g_autoptr (JsonNode) value = cf_form_parse_text (field,
                                                   gtk_editable_get_text (GTK_EDITABLE (row)));

  return cf_form_check_value (GTK_WIDGET (row), cf_context_get_store (self->context), "staff",
                              field_name, value,
                              self->staff != NULL ? cf_staff_get_id (self->staff) : NULL,
                              g_hash_table_contains (self->touched, row));
}

static gboolean
validate (CfStaffDialog *self)
{
  char *problems[] = {
    check_row (self, self->employee_no_row, "employee_no"),
    check_row (self, self->name_row, "name"),
    check_row (self, self->hire_date_row, "hire_date"),
    check_row (self, self->phone_row, "phone"),
  };
  AdwEntryRow *rows[] = {
    self->employee_no_row, self->name_row, self->hire_date_row, self->phone_row,
  };
  const char *shown = NULL;
  gboolean valid = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
    {
      valid = valid && problems[i] == NULL;
      if (shown == NULL && g_hash_table_contains (self->touched, rows[i]))
        shown = problems[i];
    }

  cf_form_show_problem (self->problem_label, shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", valid);

  for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
    g_free (problems[i]);

  return valid;
}

static void
on_field_changed_cb (CfStaffDialog *self,
                     GtkEditable   *row)
{
  g_hash_table_add (self->touched, row);
  validate (self);
}

static void
on_entry_activated_cb (CfStaffDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "dialog.save", NULL);
}

static void
set_member (JsonObject *values,
            const char *name,
            const char *text)
{
  if (text == NULL || text[0] == '\0')
    json_object_set_null_member (values, name);
  else
    json_object_set_string_member (values, name, text);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfStaffDialog *self = CF_STAFF_DIALOG (widget);
  CfSession *session = cf_context_get_session (self->context);
  g_autoptr (JsonObject) values = json_object_new ();
  g_autoptr (CfOp) op = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *employee_no = row_value (self->employee_no_row);
  g_autofree char *name = row_value (self->name_row);
  g_autofree char *hire_date = row_value (self->hire_date_row);
  g_autofree char *phone = row_value (self->phone_row);
  g_autofree char *title = NULL;
  guint team = adw_combo_row_get_selected (self->team_row);
  const char *op_ids[2] = { NULL, NULL };

  if (!validate (self))
    return;

  set_member (values, "employee_no", employee_no);
  set_member (values, "name", name);
  json_object_set_string_member (values, "role",
                                 cf_role_to_string (adw_combo_row_get_selected (self->role_row)));
  set_member (values, "team", team < self->team_ids->len ? g_ptr_array_index (self->team_ids, team)
                                                         : NULL);
  set_member (values, "hire_date", hire_date);
  set_member (values, "phone", phone);

  if (self->staff == NULL)
    op = cf_op_new_create ("staff", values);
  else
    op = cf_op_new_patch ("staff", cf_staff_get_id (self->staff), values);

  if (!cf_store_apply (cf_context_get_store (self->context), cf_session_get_user_id (session),
                       &op, 1, &error))
    {
      cf_form_show_problem (self->problem_label, error->message);
      return;
    }

  if (cf_op_get_op_id (op) != NULL)
    {
      /* translators: %s is a staff member's name */
      title = g_strdup_printf (self->staff == NULL ? _("%s was added") : _("%s was changed"), name);
      op_ids[0] = cf_op_get_op_id (op);
      cf_window_show_undo_toast (GTK_WIDGET (self), title, op_ids);
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
fill_choices (CfStaffDialog *self)
{
  GListModel *teams = cf_staff_directory_get_teams (cf_context_get_directory (self->context));
  g_autoptr (GtkStringList) roles = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) team_names = gtk_string_list_new (NULL);
  guint n_teams = g_list_model_get_n_items (teams);
  guint team_position = 0;

  for (guint i = 0; i < CF_N_ROLES; i++)
    gtk_string_list_append (roles, cf_role_get_label (i));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));

  gtk_string_list_append (team_names, _("No Team"));
  g_ptr_array_add (self->team_ids, NULL);
  for (guint i = 0; i < n_teams; i++)
    {
      g_autoptr (CfTeam) team = g_list_model_get_item (teams, i);

      gtk_string_list_append (team_names, cf_team_get_name (team));
      g_ptr_array_add (self->team_ids, g_strdup (cf_team_get_id (team)));
      if (self->staff != NULL &&
          g_strcmp0 (cf_staff_get_team_id (self->staff), cf_team_get_id (team)) == 0)
        team_position = i + 1;
    }
  adw_combo_row_set_model (self->team_row, G_LIST_MODEL (team_names));
  adw_combo_row_set_selected (self->team_row, team_position);
}

static void
fill_form (CfStaffDialog *self)
{
  if (self->staff == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Add Staff Member"));
      adw_combo_row_set_selected (self->role_row, CF_ROLE_AGENT);
      return;
    }

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Staff Member"));
  gtk_editable_set_text (GTK_EDITABLE (self->employee_no_row),
                         cf_staff_get_employee_no (self->staff));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), cf_staff_get_name (self->staff));
  adw_combo_row_set_selected (self->role_row, cf_staff_get_role (self->staff));
  if (cf_staff_get_hire_date (self->staff) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->hire_date_row),
                           cf_staff_get_hire_date (self->staff));
  if (cf_staff_get_phone (self->staff) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->phone_row), cf_staff_get_phone (self->staff));
}

static void
cf_staff_dialog_dispose (GObject *object)
{
  CfStaffDialog *self = (CfStaffDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_STAFF_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->staff);
  g_clear_pointer (&self->team_ids, g_ptr_array_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);

  G_OBJECT_CLASS (cf_staff_dialog_parent_class)->dispose (object);
}

static void
cf_staff_dialog_class_init (CfStaffDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_staff_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/staff/cf-staff-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CfStaffDialog, employee_no_row);
  gtk_widget_class_bind_template_child (widget_class, CfStaffDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, CfStaffDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, CfStaffDialog, team_row);
  gtk_widget_class_bind_template_child (widget_class, CfStaffDialog, hire_date_row);
  gtk_widget_class_bind_template_child (widget_class, CfStaffDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, CfStaffDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "dialog.save",
                                       NULL);
}

static void
cf_staff_dialog_init (CfStaffDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->team_ids = g_ptr_array_new_with_free_func (g_free);
  self->touched = g_hash_table_new (NULL, NULL);
}

/* @staff: (nullable): the member to edit, or %NULL to add one */
CfStaffDialog *
cf_staff_dialog_new (CfContext *context,
                     CfStaff   *staff)
{
  CfStaffDialog *self;

  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);

  self = g_object_new (CF_TYPE_STAFF_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->staff = staff != NULL ? g_object_ref (staff) : NULL;
  fill_choices (self);
  fill_form (self);

  /* A new form starts without complaints; they come as the user types. */
  g_hash_table_remove_all (self->touched);
  validate (self);

  return self;
}
