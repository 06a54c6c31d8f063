/* cf-holiday-dialog.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-holiday-dialog"

#include "config.h"

#include "cf-holiday-dialog.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-form.h"
#include "cf-session.h"
#include "cf-store.h"

/* Adds a day to the holiday calendar or edits one: its date, its name,
 * and whether it is a day off or a weekend day worked instead (调休上班).
 * A holiday is named by its date, which does not change once it is made.
 */
struct _CfHolidayDialog
{
  AdwWindow    parent_instance;

  /* Template widgets */
  AdwEntryRow *date_row;
  AdwEntryRow *name_row;
  GtkSwitch   *working_day_switch;
  GtkLabel    *problem_label;

  /* Owned references */
  CfContext   *context;
  char        *holiday_id;      /* NULL when adding */

  /* Rows the user has typed in: only those show their problems. */
  GHashTable  *touched;
};

G_DEFINE_FINAL_TYPE (CfHolidayDialog, cf_holiday_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
check_text (CfHolidayDialog *self,
            AdwEntryRow     *row,
            const char      *field_name)
{
  return cf_form_check_text (GTK_EDITABLE (row), cf_context_get_store (self->context),
                             "holiday", field_name, self->holiday_id,
                             g_hash_table_contains (self->touched, row));
}

static gboolean
validate (CfHolidayDialog *self)
{
  g_autofree char *date_problem = check_text (self, self->date_row, "date");
  g_autofree char *name_problem = check_text (self, self->name_row, "name");
  const char *shown = NULL;

  if (date_problem != NULL && g_hash_table_contains (self->touched, self->date_row))
    shown = date_problem;
  else if (name_problem != NULL && g_hash_table_contains (self->touched, self->name_row))
    shown = name_problem;

  cf_form_show_problem (self->problem_label, shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save",
                                 date_problem == NULL && name_problem == NULL);

  return date_problem == NULL && name_problem == NULL;
}

static void
on_field_changed_cb (CfHolidayDialog *self,
                     GtkEditable     *row)
{
  g_hash_table_add (self->touched, row);
  validate (self);
}

static void
on_entry_activated_cb (CfHolidayDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "dialog.save", NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfHolidayDialog *self = CF_HOLIDAY_DIALOG (widget);
  CfSession *session = cf_context_get_session (self->context);
  g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (GStrvBuilder) op_ids = g_strv_builder_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) undo = NULL;
  g_autofree char *date = cf_form_get_text (GTK_EDITABLE (self->date_row));
  g_autofree char *name = cf_form_get_text (GTK_EDITABLE (self->name_row));
  g_autofree char *title = NULL;

  if (!validate (self))
    return;

  cf_holiday_add_ops (cf_context_get_store (self->context), date, name,
                      gtk_switch_get_active (self->working_day_switch), ops);
  if (!cf_store_apply (cf_context_get_store (self->context), cf_session_get_user_id (session),
                       (CfOp * const *) ops->pdata, ops->len, &error))
    {
      cf_form_show_problem (self->problem_label, error->message);
      return;
    }

  /* Changes can be undone; a holiday's making cannot be undone by the
   * store (it keeps records named by their key), so it has no Undo.
   */
  for (guint i = 0; self->holiday_id != NULL && i < ops->len; i++)
    {
      if (cf_op_get_op_id (ops->pdata[i]) != NULL)
        g_strv_builder_add (op_ids, cf_op_get_op_id (ops->pdata[i]));
    }
  undo = g_strv_builder_end (op_ids);

  if (self->holiday_id == NULL || undo[0] != NULL)
    {
      /* translators: %s is the name of a holiday, then its date */
      title = g_strdup_printf (self->holiday_id == NULL ? _("“%s” on %s was added")
                                                        : _("“%s” on %s was changed"),
                               name, date);
      g_signal_emit (self, signals[SAVED], 0, title, undo);
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
cf_holiday_dialog_dispose (GObject *object)
{
  CfHolidayDialog *self = (CfHolidayDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_HOLIDAY_DIALOG);
  g_clear_object (&self->context);
  g_clear_pointer (&self->holiday_id, g_free);
  g_clear_pointer (&self->touched, g_hash_table_unref);

  G_OBJECT_CLASS (cf_holiday_dialog_parent_class)->dispose (object);
}

static void
cf_holiday_dialog_class_init (CfHolidayDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_holiday_dialog_dispose;

  /**
   * CfHolidayDialog::saved:
   * @title: what was done, for a toast
   * @op_ids: the ops that undo it, empty when it cannot be undone
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRV);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/roster/cf-holiday-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CfHolidayDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, CfHolidayDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, CfHolidayDialog, working_day_switch);
  gtk_widget_class_bind_template_child (widget_class, CfHolidayDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "dialog.save",
                                       NULL);
}

static void
cf_holiday_dialog_init (CfHolidayDialog *self)
{
  self->touched = g_hash_table_new (NULL, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * cf_holiday_dialog_new:
 * @holiday: (nullable): the day to edit, or %NULL to add one
 * @year: the year a new day is likely in
 */
CfHolidayDialog *
cf_holiday_dialog_new (CfContext       *context,
                       const CfHoliday *holiday,
                       int              year)
{
  CfHolidayDialog *self;

  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);

  self = g_object_new (CF_TYPE_HOLIDAY_DIALOG, NULL);
  self->context = g_object_ref (context);

  if (holiday == NULL)
    {
      g_autofree char *start = g_strdup_printf ("%04d-", year);

      gtk_window_set_title (GTK_WINDOW (self), _("Add Holiday"));
      gtk_editable_set_text (GTK_EDITABLE (self->date_row), start);
    }
  else
    {
      self->holiday_id = g_strdup (holiday->id);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Holiday"));
      gtk_editable_set_text (GTK_EDITABLE (self->date_row), holiday->date);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), holiday->name);
      gtk_switch_set_active (self->working_day_switch, holiday->working_day);
      /* A holiday is named by its date. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->date_row), FALSE);
    }

  /* A new form starts without complaints; they come as the user types. */
  g_hash_table_remove_all (self->touched);
  validate (self);

  return self;
}
