/* cf-merge-dialog.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-merge-dialog"

#include "config.h"

#include "cf-merge-dialog.h"

#include <glib/gi18n.h>

#include "cf-conflict.h"
#include "cf-conflict-text.h"
#include "cf-context.h"
#include "cf-form.h"
#include "cf-registry.h"
#include "cf-session.h"
#include "cf-staff-directory.h"
#include "cf-store.h"
#include "cf-window.h"

/* Resolves a conflict with values a person puts together from both
 * versions. Each conflicting field shows both versions and the value to
 * keep, which starts as the current one: typed for text, dates and
 * numbers, chosen for everything else. Values are checked as they are
 * typed, by the same rules the store applies, and Resolve waits until
 * there is no problem.
 */
typedef struct
{
  const CfField *field;
  GtkWidget     *row;       /* an AdwEntryRow, or an AdwComboRow offering the choices */
  GPtrArray     *choices;   /* (element-type JsonNode): the value of each item; NULL for an entry */
} FieldEdit;

struct _CfMergeDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwPreferencesPage   *page;
  AdwPreferencesGroup  *record_group;
  GtkLabel             *problem_label;

  /* Owned references */
  CfContext            *context;
  char                 *conflict_id;
  char                 *record_kind;
  char                 *record_id;
  GPtrArray            *edits;        /* (element-type FieldEdit) in the registry's order */
};

G_DEFINE_FINAL_TYPE (CfMergeDialog, cf_merge_dialog, ADW_TYPE_WINDOW)

static void
field_edit_free (FieldEdit *edit)
{
  g_clear_pointer (&edit->choices, g_ptr_array_unref);
  g_free (edit);
}

/* A version with no value is a JSON null, as the None choice is. */
static JsonNode *
null_if_missing (JsonNode *value)
{
  return value != NULL ? json_node_ref (value) : json_node_new (JSON_NODE_NULL);
}

/* Returns: (transfer full) (nullable): the value to keep, %NULL when empty */
static JsonNode *
field_edit_get_value (FieldEdit *edit)
{
  JsonNode *value;
  guint selected;

  if (edit->choices == NULL)
    return cf_form_parse_text (edit->field, gtk_editable_get_text (GTK_EDITABLE (edit->row)));

  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (edit->row));
  if (selected >= edit->choices->len)
    return NULL;
  value = g_ptr_array_index (edit->choices, selected);

  return JSON_NODE_HOLDS_NULL (value) ? NULL : json_node_copy (value);
}

static gboolean
validate (CfMergeDialog *self)
{
  CfStore *store = cf_context_get_store (self->context);
  g_autofree char *shown = NULL;

  for (guint i = 0; i < self->edits->len; i++)
    {
      FieldEdit *edit = g_ptr_array_index (self->edits, i);
      g_autoptr (JsonNode) value = field_edit_get_value (edit);
      g_autofree char *problem = NULL;

      problem = cf_form_check_value (edit->row, store, self->record_kind, edit->field->name, value,
                                     self->record_id, TRUE);
      if (shown == NULL)
        shown = g_steal_pointer (&problem);
    }

  cf_form_show_problem (self->problem_label, shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "merge.resolve", shown == NULL);

  return shown == NULL;
}

static void
on_value_changed_cb (CfMergeDialog *self)
{
  validate (self);
}

static void
on_entry_activated_cb (CfMergeDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "merge.resolve", NULL);
}

static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CfMergeDialog *self = CF_MERGE_DIALOG (widget);
  CfSession *session = cf_context_get_session (self->context);
  g_autoptr (JsonObject) merged = json_object_new ();
  g_autoptr (GError) error = NULL;

  if (!validate (self))
    return;

  for (guint i = 0; i < self->edits->len; i++)
    {
      FieldEdit *edit = g_ptr_array_index (self->edits, i);
      JsonNode *value = field_edit_get_value (edit);

      json_object_set_member (merged, edit->field->name,
                              value != NULL ? value : json_node_new (JSON_NODE_NULL));
    }

  if (!cf_conflict_resolve (cf_context_get_store (self->context), cf_session_get_user_id (session),
                            self->conflict_id, CF_CONFLICT_KEEP_MERGED, merged, &error))
    {
      /* The dialog stays, with what was typed, until the person gives up. */
      cf_form_show_problem (self->problem_label, error->message);
      cf_window_show_toast (widget, adw_toast_new (error->message));
      return;
    }

  cf_window_show_toast (widget, adw_toast_new (_("Conflict resolved")));
  gtk_window_close (GTK_WINDOW (self));
}

static void
add_choice (FieldEdit     *edit,
            GtkStringList *labels,
            const char    *label,
            JsonNode      *value)
{
  gtk_string_list_append (labels, label);
  g_ptr_array_add (edit->choices, value);
}

static guint
find_choice (FieldEdit *edit,
             JsonNode  *value)
{
  for (guint i = 0; i < edit->choices->len; i++)
    {
      if (json_node_equal (g_ptr_array_index (edit->choices, i), value))
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* A version that is not among the choices (a team deleted since, say) is
 * still offered: nothing a person could keep is hidden.
 */
static void
ensure_choice (CfMergeDialog *self,
               FieldEdit     *edit,
               GtkStringList *labels,
               JsonNode      *value,
               const char    *label)
{
  g_autofree char *described = NULL;

  if (find_choice (edit, value) != GTK_INVALID_LIST_POSITION)
    return;

  if (label == NULL)
    label = described = cf_conflict_describe_value (cf_context_get_store (self->context),
                                                    edit->field, value);
  add_choice (edit, labels, label, json_node_ref (value));
}

static JsonNode *
string_node (const char *text)
{
  return json_node_init_string (json_node_alloc (), text);
}

/* The records a reference can point to, by name. */
static void
add_reference_choices (CfMergeDialog *self,
                       FieldEdit     *edit,
                       GtkStringList *labels)
{
  CfStaffDirectory *directory = cf_context_get_directory (self->context);

  if (g_strcmp0 (edit->field->reference, "team") == 0)
    {
      GListModel *teams = cf_staff_directory_get_teams (directory);

      for (guint i = 0; i < g_list_model_get_n_items (teams); i++)
        {
          g_autoptr (CfTeam) team = g_list_model_get_item (teams, i);

          add_choice (edit, labels, cf_team_get_name (team), string_node (cf_team_get_id (team)));
        }
    }
  else if (g_strcmp0 (edit->field->reference, "staff") == 0)
    {
      GListModel *staff = cf_staff_directory_get_staff (directory);

      for (guint i = 0; i < g_list_model_get_n_items (staff); i++)
        {
          g_autoptr (CfStaff) member = g_list_model_get_item (staff, i);

          add_choice (edit, labels, cf_staff_get_name (member),
                      string_node (cf_staff_get_id (member)));
        }
    }
}

static GtkWidget *
create_combo_row (CfMergeDialog *self,
                  FieldEdit     *edit,
                  JsonNode      *current,
                  JsonNode      *other)
{
  const CfField *field = edit->field;
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();
  gboolean secret = field->type == CF_FIELD_SECRET;

  edit->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  if (!(field->flags & CF_FIELD_REQUIRED))
    add_choice (edit, labels, _("None"), json_node_new (JSON_NODE_NULL));

  switch (field->type)
    {
    case CF_FIELD_ENUM:
      for (guint i = 0; field->choices[i] != NULL; i++)
        add_choice (edit, labels, cf_field_get_choice_label (field, i),
                    string_node (field->choices[i]));
      break;

    case CF_FIELD_BOOLEAN:
      add_choice (edit, labels, _("Yes"), json_node_init_boolean (json_node_alloc (), TRUE));
      add_choice (edit, labels, _("No"), json_node_init_boolean (json_node_alloc (), FALSE));
      break;

    case CF_FIELD_REFERENCE:
      add_reference_choices (self, edit, labels);
      break;

    default:
      /* A secret is never shown: a person keeps one version or the other. */
      break;
    }

  ensure_choice (self, edit, labels, current, secret ? _("Current Version") : NULL);
  ensure_choice (self, edit, labels, other, secret ? _("Other Version") : NULL);

  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), find_choice (edit, current));
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_value_changed_cb), self,
                           G_CONNECT_SWAPPED);

  return row;
}

static GtkWidget *
create_entry_row (CfMergeDialog *self,
                  FieldEdit     *edit,
                  JsonNode      *current)
{
  GtkWidget *row = adw_entry_row_new ();

  if (JSON_NODE_HOLDS_VALUE (current) && json_node_get_value_type (current) == G_TYPE_INT64)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (current));

      gtk_editable_set_text (GTK_EDITABLE (row), text);
    }
  else if (JSON_NODE_HOLDS_VALUE (current) &&
           json_node_get_value_type (current) == G_TYPE_STRING)
    {
      gtk_editable_set_text (GTK_EDITABLE (row), json_node_get_string (current));
    }

  g_signal_connect_object (row, "changed", G_CALLBACK (on_value_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (on_entry_activated_cb), self,
                           G_CONNECT_SWAPPED);

  return row;
}

static void
add_field (CfMergeDialog *self,
           const CfField *field,
           JsonObject    *versions)
{
  CfStore *store = cf_context_get_store (self->context);
  g_autoptr (JsonNode) current = null_if_missing (json_object_get_member (versions, "theirs"));
  g_autoptr (JsonNode) other = null_if_missing (json_object_get_member (versions, "mine"));
  g_autofree char *current_text = cf_conflict_describe_value (store, field, current);
  g_autofree char *other_text = cf_conflict_describe_value (store, field, other);
  g_autofree char *versions_text = NULL;
  g_autofree char *name = g_strdup_printf ("value-%s", field->name);
  GtkWidget *group = adw_preferences_group_new ();
  FieldEdit *edit = g_new0 (FieldEdit, 1);

  edit->field = field;
  g_ptr_array_add (self->edits, edit);

  /* translators: the two versions of a field, side by side */
  versions_text = g_strdup_printf (_("Current: %s    Other version: %s"), current_text, other_text);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), cf_field_get_label (field));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), versions_text);

  switch (field->type)
    {
    case CF_FIELD_TEXT:
    case CF_FIELD_INTEGER:
      edit->row = create_entry_row (self, edit, current);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (edit->row), _("Value to Keep"));
      break;

    case CF_FIELD_DATE:
      edit->row = create_entry_row (self, edit, current);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (edit->row),
                                     _("Value to Keep (YYYY-MM-DD)"));
      break;

    case CF_FIELD_ENUM:
    case CF_FIELD_BOOLEAN:
    case CF_FIELD_REFERENCE:
    case CF_FIELD_SECRET:
    default:
      edit->row = create_combo_row (self, edit, current, other);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (edit->row), _("Value to Keep"));
      break;
    }

  gtk_widget_set_name (edit->row, name);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), edit->row);
  adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
}

static void
cf_merge_dialog_dispose (GObject *object)
{
  CfMergeDialog *self = (CfMergeDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_MERGE_DIALOG);
  g_clear_pointer (&self->edits, g_ptr_array_unref);
  g_clear_object (&self->context);
  g_clear_pointer (&self->conflict_id, g_free);
  g_clear_pointer (&self->record_kind, g_free);
  g_clear_pointer (&self->record_id, g_free);

  G_OBJECT_CLASS (cf_merge_dialog_parent_class)->dispose (object);
}

static void
cf_merge_dialog_class_init (CfMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_merge_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/conflicts/cf-merge-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CfMergeDialog, page);
  gtk_widget_class_bind_template_child (widget_class, CfMergeDialog, record_group);
  gtk_widget_class_bind_template_child (widget_class, CfMergeDialog, problem_label);

  gtk_widget_class_install_action (widget_class, "merge.resolve", NULL, resolve_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cf_merge_dialog_init (CfMergeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->edits = g_ptr_array_new_with_free_func ((GDestroyNotify) field_edit_free);
}

/**
 * cf_merge_dialog_new:
 * @conflict_id: an open conflict
 *
 * Returns: (transfer none) (nullable): the dialog, or %NULL when the
 *   conflict cannot be read or names fields this version does not know
 */
CfMergeDialog *
cf_merge_dialog_new (CfContext   *context,
                     const char  *conflict_id,
                     GError     **error)
{
  CfStore *store;
  CfMergeDialog *self;
  g_autoptr (JsonObject) conflict = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GList) names = NULL;
  g_autofree char *title = NULL;
  const CfKind *kind;
  JsonObject *fields;

  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (conflict_id != NULL, NULL);

  store = cf_context_get_store (context);
  conflict = cf_store_get_record (store, "conflict", conflict_id, error);
  if (conflict == NULL)
    return NULL;
  if (!json_parser_load_from_data (parser, json_object_get_string_member (conflict, "fields"), -1,
                                   error))
    return NULL;
  fields = json_node_get_object (json_parser_get_root (parser));

  /* Fields of a newer version can only be kept as they are, not edited. */
  kind = cf_registry_lookup (json_object_get_string_member (conflict, "record_kind"));
  names = json_object_get_members (fields);
  for (const GList *l = names; l != NULL; l = l->next)
    {
      if (kind == NULL || cf_kind_lookup_field (kind, l->data) == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("This change cannot be merged here; keep one of the versions."));
          return NULL;
        }
    }

  self = g_object_new (CF_TYPE_MERGE_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->conflict_id = g_strdup (conflict_id);
  self->record_kind = g_strdup (json_object_get_string_member (conflict, "record_kind"));
  self->record_id = g_strdup (json_object_get_string_member (conflict, "record_id"));

  title = cf_conflict_describe_record (store, self->record_kind, self->record_id);
  adw_preferences_group_set_title (self->record_group, title);
  for (guint i = 0; i < kind->n_fields; i++)
    {
      if (json_object_has_member (fields, kind->fields[i].name))
        add_field (self, &kind->fields[i],
                   json_object_get_object_member (fields, kind->fields[i].name));
    }

  validate (self);

  return self;
}
