/* cf-shift-type-dialog.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-shift-type-dialog"

#include "config.h"

#include "cf-shift-type-dialog.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-form.h"
#include "cf-registry.h"
#include "cf-session.h"
#include "cf-shift-type.h"
#include "cf-store.h"

/* Adds a shift type or edits one. Each field is checked as it is typed,
 * against the registry's rules as the store enforces them and against
 * what holds across the times (a break shorter than the shift); the
 * first problem is named under the form and Save waits until there is
 * none.
 */
struct _CfShiftTypeDialog
{
  AdwWindow       parent_instance;

  /* Template widgets */
  AdwEntryRow    *code_row;
  AdwEntryRow    *name_row;
  GtkColorButton *colour_button;
  AdwEntryRow    *start_row;
  AdwEntryRow    *end_row;
  AdwEntryRow    *break_row;
  AdwActionRow   *length_row;
  GtkSwitch      *counts_as_work_switch;
  GtkSwitch      *night_switch;
  GtkSwitch      *active_switch;
  GtkLabel       *problem_label;

  /* Owned references */
  CfContext      *context;
  char           *shift_type_id;   /* NULL when adding */

  /* Rows the user has typed in: only those show their problems. */
  GHashTable     *touched;
};

G_DEFINE_FINAL_TYPE (CfShiftTypeDialog, cf_shift_type_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The default shift types' colours, for a new one to start with. */
#define NEW_SHIFT_COLOUR 0x99c1f1

static char *
check_text (CfShiftTypeDialog *self,
            AdwEntryRow       *row,
            const char        *field_name)
{
  return cf_form_check_text (GTK_EDITABLE (row), cf_context_get_store (self->context),
                             "shift_type", field_name, self->shift_type_id,
                             g_hash_table_contains (self->touched, row));
}

/* A time of day is typed as HH:MM and stored as minutes since midnight. */
static char *
check_time (CfShiftTypeDialog *self,
            AdwEntryRow       *row,
            const char        *field_name,
            int               *minute)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *stripped = cf_form_get_text (GTK_EDITABLE (row));
  const CfField *field = cf_kind_lookup_field (cf_registry_lookup ("shift_type"), field_name);
  g_autoptr (JsonNode) value = NULL;
  gboolean show = g_hash_table_contains (self->touched, row);

  if (cf_shift_time_parse (text, minute))
    value = json_node_init_int (json_node_alloc (), *minute);
  else if (stripped[0] != '\0')
    {
      if (show)
        gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      /* translators: %s is a field such as “Start” */
      return g_strdup_printf (_("%s: type the time as HH:MM, for example 08:00"),
                              cf_field_get_label (field));
    }

  return cf_form_check_value (GTK_WIDGET (row), cf_context_get_store (self->context),
                              "shift_type", field_name, value, self->shift_type_id, show);
}

static gboolean
times_touched (CfShiftTypeDialog *self)
{
  return g_hash_table_contains (self->touched, self->start_row) ||
         g_hash_table_contains (self->touched, self->end_row) ||
         g_hash_table_contains (self->touched, self->break_row) ||
         g_hash_table_contains (self->touched, self->counts_as_work_switch);
}

static void
show_length (CfShiftTypeDialog  *self,
             const CfShiftTimes *times)
{
  g_autofree char *description = NULL;
  g_autofree char *hours = NULL;
  int minutes;

  if (times == NULL)
    {
      adw_action_row_set_subtitle (self->length_row, "—");
      return;
    }

  description = cf_shift_times_describe (times);
  minutes = cf_shift_times_work_minutes (times);
  if (!times->counts_as_work)
    /* translators: a shift's times, then that it adds no working hours */
    hours = g_strdup_printf (_("%s · not counted as work"), description);
  else
    /* translators: a shift's times, then its working hours, e.g. “08:00–16:00 · 7:30 h” */
    hours = g_strdup_printf (_("%s · %d:%02d h"), description, minutes / 60, minutes % 60);
  adw_action_row_set_subtitle (self->length_row, hours);
}

static gboolean
validate (CfShiftTypeDialog *self)
{
  CfShiftTimes times = {
    .counts_as_work = gtk_switch_get_active (self->counts_as_work_switch),
  };
  g_autoptr (JsonNode) break_value = NULL;
  g_autoptr (GError) times_error = NULL;
  char *problems[] = {
    check_text (self, self->code_row, "code"),
    check_text (self, self->name_row, "name"),
    check_time (self, self->start_row, "start_minute", &times.start_minute),
    check_time (self, self->end_row, "end_minute", &times.end_minute),
    check_text (self, self->break_row, "break_minutes"),
    NULL,
  };
  gpointer rows[] = {
    self->code_row, self->name_row, self->start_row, self->end_row, self->break_row, NULL,
  };
  const char *shown = NULL;
  gboolean valid = TRUE;

  /* Across the times, once each of them is right. */
  if (problems[2] == NULL && problems[3] == NULL && problems[4] == NULL)
    {
      break_value = cf_form_parse_text (cf_kind_lookup_field (cf_registry_lookup ("shift_type"),
                                                              "break_minutes"),
                                        gtk_editable_get_text (GTK_EDITABLE (self->break_row)));
      times.break_minutes = break_value != NULL ? json_node_get_int (break_value) : 0;
      if (!cf_shift_times_check (&times, &times_error))
        problems[5] = g_strdup (times_error->message);
      show_length (self, &times);
    }
  else
    {
      show_length (self, NULL);
    }

  for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
    {
      gboolean touched = rows[i] != NULL ? g_hash_table_contains (self->touched, rows[i])
                                         : times_touched (self);

      valid = valid && problems[i] == NULL;
      if (shown == NULL && touched)
        shown = problems[i];
    }

  cf_form_show_problem (self->problem_label, shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", valid);

  for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
    g_free (problems[i]);

  return valid;
}

static void
on_field_changed_cb (CfShiftTypeDialog *self,
                     GtkEditable       *row)
{
  g_hash_table_add (self->touched, row);
  validate (self);
}

static void
on_switch_changed_cb (CfShiftTypeDialog *self,
                      GParamSpec        *pspec,
                      GtkSwitch         *widget)
{
  g_hash_table_add (self->touched, widget);
  validate (self);
}

static void
on_entry_activated_cb (CfShiftTypeDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "dialog.save", NULL);
}

static guint32
channel (float value)
{
  return (guint32) (CLAMP (value, 0.0, 1.0) * 255.0 + 0.5);
}

static guint32
get_colour (CfShiftTypeDialog *self)
{
  GdkRGBA rgba;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->colour_button), &rgba);

  return (channel (rgba.red) << 16) | (channel (rgba.green) << 8) | channel (rgba.blue);
}

static void
set_colour (CfShiftTypeDialog *self,
            guint32            colour)
{
  GdkRGBA rgba = {
    ((colour >> 16) & 0xff) / 255.0, ((colour >> 8) & 0xff) / 255.0, (colour & 0xff) / 255.0, 1.0
  };

  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->colour_button), &rgba);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfShiftTypeDialog *self = CF_SHIFT_TYPE_DIALOG (widget);
  CfSession *session = cf_context_get_session (self->context);
  const CfKind *kind = cf_registry_lookup ("shift_type");
  g_autoptr (JsonObject) values = json_object_new ();
  g_autoptr (JsonNode) break_value = NULL;
  g_autoptr (CfOp) op = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *code = cf_form_get_text (GTK_EDITABLE (self->code_row));
  g_autofree char *name = cf_form_get_text (GTK_EDITABLE (self->name_row));
  g_autofree char *title = NULL;
  const char *op_ids[2] = { NULL, NULL };
  int start = 0, end = 0;

  if (!validate (self))
    return;

  cf_shift_time_parse (gtk_editable_get_text (GTK_EDITABLE (self->start_row)), &start);
  cf_shift_time_parse (gtk_editable_get_text (GTK_EDITABLE (self->end_row)), &end);
  break_value = cf_form_parse_text (cf_kind_lookup_field (kind, "break_minutes"),
                                    gtk_editable_get_text (GTK_EDITABLE (self->break_row)));

  json_object_set_string_member (values, "code", code);
  json_object_set_string_member (values, "name", name);
  json_object_set_int_member (values, "start_minute", start);
  json_object_set_int_member (values, "end_minute", end);
  json_object_set_int_member (values, "break_minutes", json_node_get_int (break_value));
  json_object_set_int_member (values, "colour", get_colour (self));
  json_object_set_boolean_member (values, "counts_as_work",
                                  gtk_switch_get_active (self->counts_as_work_switch));
  json_object_set_boolean_member (values, "night", gtk_switch_get_active (self->night_switch));
  json_object_set_boolean_member (values, "active", gtk_switch_get_active (self->active_switch));

  op = self->shift_type_id == NULL ? cf_op_new_create ("shift_type", values)
                                   : cf_op_new_patch ("shift_type", self->shift_type_id, values);
  if (!cf_store_apply (cf_context_get_store (self->context), cf_session_get_user_id (session),
                       &op, 1, &error))
    {
      cf_form_show_problem (self->problem_label, error->message);
      return;
    }

  /* A new shift type cannot be deleted, so its making has no Undo. */
  if (cf_op_get_op_id (op) != NULL)
    {
      /* translators: %s is a shift's name */
      title = g_strdup_printf (self->shift_type_id == NULL ? _("Shift “%s” was added")
                                                           : _("Shift “%s” was changed"), name);
      op_ids[0] = self->shift_type_id != NULL ? cf_op_get_op_id (op) : NULL;
      g_signal_emit (self, signals[SAVED], 0, title, op_ids);
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
fill_form (CfShiftTypeDialog       *self,
           const CfRosterShiftType *type)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *break_minutes = NULL;

  if (type == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Add Shift"));
      gtk_editable_set_text (GTK_EDITABLE (self->break_row), "0");
      set_colour (self, NEW_SHIFT_COLOUR);
      gtk_switch_set_active (self->counts_as_work_switch, TRUE);
      gtk_switch_set_active (self->active_switch, TRUE);
      return;
    }

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Shift"));
  start = cf_shift_time_format (type->times.start_minute);
  end = cf_shift_time_format (type->times.end_minute);
  break_minutes = g_strdup_printf ("%d", type->times.break_minutes);
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), type->code);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), type->name);
  gtk_editable_set_text (GTK_EDITABLE (self->start_row), start);
  gtk_editable_set_text (GTK_EDITABLE (self->end_row), end);
  gtk_editable_set_text (GTK_EDITABLE (self->break_row), break_minutes);
  set_colour (self, type->colour);
  gtk_switch_set_active (self->counts_as_work_switch, type->times.counts_as_work);
  gtk_switch_set_active (self->night_switch, type->night);
  gtk_switch_set_active (self->active_switch, type->active);
}

static void
cf_shift_type_dialog_dispose (GObject *object)
{
  CfShiftTypeDialog *self = (CfShiftTypeDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_SHIFT_TYPE_DIALOG);
  g_clear_object (&self->context);
  g_clear_pointer (&self->shift_type_id, g_free);
  g_clear_pointer (&self->touched, g_hash_table_unref);

  G_OBJECT_CLASS (cf_shift_type_dialog_parent_class)->dispose (object);
}

static void
cf_shift_type_dialog_class_init (CfShiftTypeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_shift_type_dialog_dispose;

  /**
   * CfShiftTypeDialog::saved:
   * @title: what was done, for a toast
   * @op_ids: the ops that undo it, empty when it cannot be undone
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRV);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX
                                               "/ui/roster/cf-shift-type-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CfShiftTypeDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, CfShiftTypeDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, CfShiftTypeDialog, colour_button);
  gtk_widget_class_bind_template_child (widget_class, CfShiftTypeDialog, start_row);
  gtk_widget_class_bind_template_child (widget_class, CfShiftTypeDialog, end_row);
  gtk_widget_class_bind_template_child (widget_class, CfShiftTypeDialog, break_row);
  gtk_widget_class_bind_template_child (widget_class, CfShiftTypeDialog, length_row);
  gtk_widget_class_bind_template_child (widget_class, CfShiftTypeDialog, counts_as_work_switch);
  gtk_widget_class_bind_template_child (widget_class, CfShiftTypeDialog, night_switch);
  gtk_widget_class_bind_template_child (widget_class, CfShiftTypeDialog, active_switch);
  gtk_widget_class_bind_template_child (widget_class, CfShiftTypeDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_switch_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "dialog.save",
                                       NULL);
}

static void
cf_shift_type_dialog_init (CfShiftTypeDialog *self)
{
  self->touched = g_hash_table_new (NULL, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* @type: (nullable): the shift type to edit, or %NULL to add one */
CfShiftTypeDialog *
cf_shift_type_dialog_new (CfContext               *context,
                          const CfRosterShiftType *type)
{
  CfShiftTypeDialog *self;

  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);

  self = g_object_new (CF_TYPE_SHIFT_TYPE_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->shift_type_id = type != NULL ? g_strdup (type->id) : NULL;
  fill_form (self, type);

  /* A new form starts without complaints; they come as the user types. */
  g_hash_table_remove_all (self->touched);
  validate (self);

  return self;
}
