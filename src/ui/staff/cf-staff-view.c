/* cf-staff-view.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-staff-view"

#include "config.h"

#include "cf-staff-view.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-view.h"
#include "cf-import-dialog.h"
#include "cf-session.h"
#include "cf-staff-dialog.h"
#include "cf-staff-directory.h"
#include "cf-staff-import.h"
#include "cf-store.h"
#include "cf-teams-dialog.h"
#include "cf-window.h"

/* The staff directory: everyone on the floor, searchable and sortable;
 * supervisors and deputies add, edit, deactivate and import.
 */
struct _CfStaffView
{
  CfView              parent_instance;

  /* Template widgets */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *role_filter;
  GtkDropDown        *team_filter;
  GtkDropDown        *status_filter;
  GtkWidget          *add_button;
  GtkStack           *content_stack;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *employee_no_column;
  AdwStatusPage      *empty_page;
  GtkLabel           *count_label;
  GtkWidget          *edit_button;
  GtkWidget          *deactivate_button;
  GtkWidget          *reactivate_button;

  /* Owned references */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filter_model;
  GtkSortListModel   *sort_model;
  GtkSingleSelection *selection;
  GPtrArray          *team_filter_ids;     /* team id per team_filter item; NULL = all */
  GCancellable       *cancellable;
  GtkNativeDialog    *file_chooser;
};

G_DEFINE_FINAL_TYPE (CfStaffView, cf_staff_view, CF_TYPE_VIEW)


enum {
  STATUS_ACTIVE,
  STATUS_INACTIVE,
  STATUS_ALL,
};

static gboolean
can_change_staff (CfStaffView *self)
{
  return cf_session_can (cf_context_get_session (cf_view_get_context (CF_VIEW (self))), "staff", CF_OP_PATCH);
}

static void
update_actions (CfStaffView *self)
{
  CfStaff *selected = cf_staff_view_get_selected (self);
  gboolean can_change = can_change_staff (self);
  gboolean can_create = cf_session_can (cf_context_get_session (cf_view_get_context (CF_VIEW (self))), "staff",
                                        CF_OP_CREATE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.add", can_create);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.import", can_create);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.edit", can_change && selected != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.deactivate",
                                 can_change && selected != NULL && cf_staff_get_active (selected));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.reactivate",
                                 can_change && selected != NULL && !cf_staff_get_active (selected));

  /* Read-only roles see the list without the buttons they cannot use. */
  gtk_widget_set_visible (self->add_button, can_create);
  gtk_widget_set_visible (self->edit_button, can_change);
  gtk_widget_set_visible (self->deactivate_button,
                          can_change && (selected == NULL || cf_staff_get_active (selected)));
  gtk_widget_set_visible (self->reactivate_button,
                          can_change && selected != NULL && !cf_staff_get_active (selected));
}

static void
update_count (CfStaffView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint total = g_list_model_get_n_items (
                  cf_staff_directory_get_staff (cf_context_get_directory (cf_view_get_context (CF_VIEW (self)))));
  g_autofree char *text = NULL;

  /* translators: %u of %u staff members shown */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u of %u staff member shown",
                                       "%u of %u staff members shown",
                                       total),
                          shown, total);
  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->content_stack, shown > 0 ? "list" : "empty");
}

/* The CfStaff property each column shows, in the order of the columns. */
static const char * const column_properties[] = {
  "employee-no", "name", "role-label", "team-name", "status-label", "hire-date", "phone",
};

/* Cells are made in code rather than from a builder template: GTK 4.8 makes
 * about 200 rows up front, and parsing a template for each of their cells
 * was most of the time to the first frame with a large staff list.
 */
static void
on_cell_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, inscription);
}

static void
on_cell_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 const char               *property)
{
  GBinding *binding = g_object_bind_property (gtk_list_item_get_item (list_item), property,
                                              gtk_list_item_get_child (list_item), "text",
                                              G_BINDING_SYNC_CREATE);

  g_object_set_data (G_OBJECT (list_item), "cf-binding", binding);
}

static void
on_cell_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item)
{
  GBinding *binding = g_object_steal_data (G_OBJECT (list_item), "cf-binding");

  if (binding != NULL)
    g_binding_unbind (binding);
}

static void
set_up_columns (CfStaffView *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  g_assert (g_list_model_get_n_items (columns) == G_N_ELEMENTS (column_properties));

  for (guint i = 0; i < G_N_ELEMENTS (column_properties); i++)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind_cb),
                        (gpointer) column_properties[i]);
      g_signal_connect (factory, "unbind", G_CALLBACK (on_cell_unbind_cb), NULL);
      gtk_column_view_column_set_factory (column, factory);
    }
}

static gboolean
matches_search (CfStaff    *staff,
                const char *folded_search)
{
  g_autofree char *name = NULL;

  if (folded_search[0] == '\0')
    return TRUE;
  if (g_str_has_prefix (cf_staff_get_employee_no (staff), folded_search))
    return TRUE;

  name = g_utf8_casefold (cf_staff_get_name (staff), -1);
  return strstr (name, folded_search) != NULL;
}

static gboolean
filter_staff (gpointer item,
              gpointer user_data)
{
  CfStaffView *self = user_data;
  CfStaff *staff = item;
  g_autofree char *search = NULL;
  guint role = gtk_drop_down_get_selected (self->role_filter);
  guint team = gtk_drop_down_get_selected (self->team_filter);
  guint status = gtk_drop_down_get_selected (self->status_filter);

  if (role != GTK_INVALID_LIST_POSITION && role > 0 && cf_staff_get_role (staff) != role - 1)
    return FALSE;
  if (team != GTK_INVALID_LIST_POSITION && team > 0 && team < self->team_filter_ids->len &&
      g_strcmp0 (cf_staff_get_team_id (staff), g_ptr_array_index (self->team_filter_ids, team)) != 0)
    return FALSE;
  if ((status == STATUS_ACTIVE && !cf_staff_get_active (staff)) ||
      (status == STATUS_INACTIVE && cf_staff_get_active (staff)))
    return FALSE;

  search = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  g_strstrip (search);

  return matches_search (staff, search);
}

static void
on_filters_changed_cb (CfStaffView *self)
{
  g_assert (CF_IS_STAFF_VIEW (self));

  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* Records change in place (here or through sync): whether a row passes the
 * filters, and where it sorts, may have changed with them. The directory
 * updated the objects first, as it was connected to the store first.
 */
static void
on_store_changed_cb (CfStaffView       *self,
                     const char        *kind,
                     const char *const *ids)
{
  if (!g_str_equal (kind, "staff") && !g_str_equal (kind, "team"))
    return;

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_sorter_changed (gtk_column_view_get_sorter (self->column_view), GTK_SORTER_CHANGE_DIFFERENT);
  update_actions (self);
}

static void
on_search_entry_stop_search_cb (CfStaffView    *self,
                                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* The team filter lists the teams as they are now, keeping the choice. */
static void
update_team_filter (CfStaffView *self)
{
  GListModel *teams = cf_staff_directory_get_teams (cf_context_get_directory (cf_view_get_context (CF_VIEW (self))));
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *selected_id = NULL;
  guint selected = gtk_drop_down_get_selected (self->team_filter);
  guint n_teams = g_list_model_get_n_items (teams);
  guint position = 0;

  if (selected != GTK_INVALID_LIST_POSITION && selected < self->team_filter_ids->len)
    selected_id = g_strdup (g_ptr_array_index (self->team_filter_ids, selected));

  g_ptr_array_set_size (self->team_filter_ids, 0);
  gtk_string_list_append (names, _("All Teams"));
  g_ptr_array_add (self->team_filter_ids, NULL);
  for (guint i = 0; i < n_teams; i++)
    {
      g_autoptr (CfTeam) team = g_list_model_get_item (teams, i);

      gtk_string_list_append (names, cf_team_get_name (team));
      g_ptr_array_add (self->team_filter_ids, g_strdup (cf_team_get_id (team)));
      if (g_strcmp0 (selected_id, cf_team_get_id (team)) == 0)
        position = i + 1;
    }

  gtk_drop_down_set_model (self->team_filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->team_filter, position);
}

static void
on_teams_items_changed_cb (CfStaffView *self)
{
  update_team_filter (self);
}

static void
on_selection_changed_cb (CfStaffView *self)
{
  update_actions (self);
}

static void
on_shown_items_changed_cb (CfStaffView *self)
{
  update_count (self);
  update_actions (self);
}

static void
open_staff_dialog (CfStaffView *self,
                   CfStaff     *staff)
{
  CfStaffDialog *dialog = cf_staff_dialog_new (cf_view_get_context (CF_VIEW (self)), staff);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_column_view_activate_cb (CfStaffView   *self,
                            guint          position,
                            GtkColumnView *column_view)
{
  g_autoptr (CfStaff) staff = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (staff != NULL && can_change_staff (self))
    open_staff_dialog (self, staff);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_staff_dialog (CF_STAFF_VIEW (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfStaffView *self = CF_STAFF_VIEW (widget);
  CfStaff *staff = cf_staff_view_get_selected (self);

  if (staff != NULL)
    open_staff_dialog (self, staff);
}

/* Deactivating keeps the person and their history; Undo puts them back. */
static void
set_active (CfStaffView *self,
            gboolean     active)
{
  CfStaff *staff = cf_staff_view_get_selected (self);
  CfSession *session = cf_context_get_session (cf_view_get_context (CF_VIEW (self)));
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (CfOp) op = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  const char *op_ids[2] = { NULL, NULL };

  if (staff == NULL)
    return;

  json_object_set_boolean_member (set, "active", active);
  op = cf_op_new_patch ("staff", cf_staff_get_id (staff), set);
  if (!cf_store_apply (cf_context_get_store (cf_view_get_context (CF_VIEW (self))), cf_session_get_user_id (session),
                       &op, 1, &error))
    {
      cf_window_show_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }

  /* translators: %s is a staff member's name */
  title = g_strdup_printf (active ? _("%s is active again") : _("%s was deactivated"),
                           cf_staff_get_name (staff));
  op_ids[0] = cf_op_get_op_id (op);
  cf_window_show_undo_toast (GTK_WIDGET (self), title, op_ids);
  update_actions (self);
}

static void
deactivate_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  set_active (CF_STAFF_VIEW (widget), FALSE);
}

static void
reactivate_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  set_active (CF_STAFF_VIEW (widget), TRUE);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CfStaffView *self = CF_STAFF_VIEW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
teams_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CfStaffView *self = CF_STAFF_VIEW (widget);
  CfTeamsDialog *dialog = cf_teams_dialog_new (cf_view_get_context (CF_VIEW (self)));

  gtk_window_set_transient_for (GTK_WINDOW (dialog),
                                GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkFileFilter *
csv_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CSV Files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");

  return filter;
}

static void
on_file_chooser_response_cb (CfStaffView          *self,
                             int                   response,
                             GtkFileChooserNative *chooser)
{
  g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gboolean saving = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) ==
                    GTK_FILE_CHOOSER_ACTION_SAVE;

  g_clear_object (&self->file_chooser);
  if (response != GTK_RESPONSE_ACCEPT || file == NULL)
    return;

  if (saving)
    cf_staff_view_export_file (self, file);
  else
    cf_staff_view_import_file (self, file);
}

static void
choose_file (CfStaffView          *self,
             GtkFileChooserAction  action)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  g_autoptr (GtkFileFilter) filter = csv_filter ();
  GtkFileChooserNative *chooser;

  if (action == GTK_FILE_CHOOSER_ACTION_SAVE)
    {
      chooser = gtk_file_chooser_native_new (_("Export Staff"), window, action,
                                             _("_Export"), _("_Cancel"));
      /* translators: the suggested file name of a staff export */
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("staff.csv"));
    }
  else
    {
      chooser = gtk_file_chooser_native_new (_("Import Staff"), window, action,
                                             _("_Open"), _("_Cancel"));
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_file_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_object (&self->file_chooser, GTK_NATIVE_DIALOG (chooser));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  choose_file (CF_STAFF_VIEW (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  choose_file (CF_STAFF_VIEW (widget), GTK_FILE_CHOOSER_ACTION_SAVE);
}

static gboolean
cf_staff_view_grab_focus (GtkWidget *widget)
{
  CfStaffView *self = CF_STAFF_VIEW (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
cf_staff_view_constructed (GObject *object)
{
  CfStaffView *self = CF_STAFF_VIEW (object);
  CfStaffDirectory *directory = cf_context_get_directory (cf_view_get_context (CF_VIEW (self)));
  g_autoptr (GtkStringList) roles = gtk_string_list_new (NULL);
  GtkSorter *sorter;

  G_OBJECT_CLASS (cf_staff_view_parent_class)->constructed (object);

  set_up_columns (self);
  gtk_string_list_append (roles, _("All Roles"));
  for (guint i = 0; i < CF_N_ROLES; i++)
    gtk_string_list_append (roles, cf_role_get_label (i));
  gtk_drop_down_set_model (self->role_filter, G_LIST_MODEL (roles));
  update_team_filter (self);
  g_signal_connect_object (cf_staff_directory_get_teams (directory), "items-changed",
                           G_CALLBACK (on_teams_items_changed_cb), self, G_CONNECT_SWAPPED);

  self->filter = gtk_custom_filter_new (filter_staff, self, NULL);
  self->filter_model = gtk_filter_list_model_new (
                         g_object_ref (cf_staff_directory_get_staff (directory)),
                         g_object_ref (GTK_FILTER (self->filter)));
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              g_object_ref (sorter));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  gtk_column_view_sort_by_column (self->column_view, self->employee_no_column,
                                  GTK_SORT_ASCENDING);

  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (on_shown_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cf_context_get_store (cf_view_get_context (CF_VIEW (self))), "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);

  update_count (self);
  update_actions (self);
}

static void
cf_staff_view_dispose (GObject *object)
{
  CfStaffView *self = (CfStaffView *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (self->file_chooser);
  g_clear_object (&self->file_chooser);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_STAFF_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->team_filter_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (cf_staff_view_parent_class)->dispose (object);
}



static void
cf_staff_view_class_init (CfStaffViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_staff_view_constructed;
  object_class->dispose = cf_staff_view_dispose;
  widget_class->grab_focus = cf_staff_view_grab_focus;


  g_type_ensure (CF_TYPE_STAFF);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/staff/cf-staff-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CfStaffView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CfStaffView, role_filter);
  gtk_widget_class_bind_template_child (widget_class, CfStaffView, team_filter);
  gtk_widget_class_bind_template_child (widget_class, CfStaffView, status_filter);
  gtk_widget_class_bind_template_child (widget_class, CfStaffView, add_button);
  gtk_widget_class_bind_template_child (widget_class, CfStaffView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CfStaffView, column_view);
  gtk_widget_class_bind_template_child (widget_class, CfStaffView, employee_no_column);
  gtk_widget_class_bind_template_child (widget_class, CfStaffView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CfStaffView, count_label);
  gtk_widget_class_bind_template_child (widget_class, CfStaffView, edit_button);
  gtk_widget_class_bind_template_child (widget_class, CfStaffView, deactivate_button);
  gtk_widget_class_bind_template_child (widget_class, CfStaffView, reactivate_button);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "staff.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "staff.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "staff.deactivate", NULL, deactivate_action);
  gtk_widget_class_install_action (widget_class, "staff.reactivate", NULL, reactivate_action);
  gtk_widget_class_install_action (widget_class, "staff.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "staff.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "staff.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "staff.teams", NULL, teams_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "staff.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "staff.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "staff.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "staff.deactivate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "staff.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "staff.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "staff.teams", NULL);

}

static void
cf_staff_view_init (CfStaffView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->team_filter_ids = g_ptr_array_new_with_free_func (g_free);
}

/* Returns: (transfer none): the staff as shown, filtered and sorted */
GListModel *
cf_staff_view_get_shown (CfStaffView *self)
{
  g_return_val_if_fail (CF_IS_STAFF_VIEW (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}

CfStaff *
cf_staff_view_get_selected (CfStaffView *self)
{
  g_return_val_if_fail (CF_IS_STAFF_VIEW (self), NULL);

  if (self->selection == NULL)
    return NULL;

  return gtk_single_selection_get_selected_item (self->selection);
}

void
cf_staff_view_select (CfStaffView *self,
                      const char  *staff_id)
{
  guint n_items;

  g_return_if_fail (CF_IS_STAFF_VIEW (self));

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (CfStaff) staff = g_list_model_get_item (G_LIST_MODEL (self->selection), i);

      if (g_strcmp0 (cf_staff_get_id (staff), staff_id) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}

static void
on_file_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (CfStaffView) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) contents = NULL;
  g_autofree char *data = NULL;
  gsize length;
  CfImportDialog *dialog;

  if (!g_file_load_contents_finish (G_FILE (object), result, &data, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        cf_window_show_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }

  contents = g_bytes_new_take (g_steal_pointer (&data), length);
  dialog = cf_import_dialog_new (cf_view_get_context (CF_VIEW (self)), G_FILE (object), contents);
  gtk_window_set_transient_for (GTK_WINDOW (dialog),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Reads @file and opens the import preview on it. */
void
cf_staff_view_import_file (CfStaffView *self,
                           GFile       *file)
{
  g_autoptr (GFileInfo) info = NULL;

  g_return_if_fail (CF_IS_STAFF_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  /* A file too large to be a staff list is refused before it is read. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, NULL);
  if (info != NULL && g_file_info_get_size (info) > CF_CSV_MAX_INPUT_BYTES)
    {
      cf_window_show_toast (GTK_WIDGET (self),
                            adw_toast_new (_("This file is too large to be a staff list "
                                             "(more than 16 MB).")));
      return;
    }

  g_file_load_contents_async (file, self->cancellable, on_file_loaded_cb, g_object_ref (self));
}

static void
on_file_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (CfStaffView) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *title = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        cf_window_show_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }

  basename = g_file_get_basename (G_FILE (object));
  /* translators: %s is a file name */
  title = g_strdup_printf (_("Staff exported to “%s”"), basename);
  cf_window_show_toast (GTK_WIDGET (self), adw_toast_new (title));
}

/* Writes the staff as shown (filtered and sorted) to @file. */
void
cf_staff_view_export_file (CfStaffView *self,
                           GFile       *file)
{
  g_autoptr (GBytes) contents = NULL;

  g_return_if_fail (CF_IS_STAFF_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  contents = cf_staff_export_csv (G_LIST_MODEL (self->sort_model));
  g_file_replace_contents_bytes_async (file, contents, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, on_file_saved_cb, g_object_ref (self));
}
