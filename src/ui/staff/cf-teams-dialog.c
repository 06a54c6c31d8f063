/* cf-teams-dialog.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-teams-dialog"

#include "config.h"

#include "cf-teams-dialog.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-session.h"
#include "cf-staff-directory.h"
#include "cf-store.h"

/* The teams of the floor, each with a name and a lead. */
struct _CfTeamsDialog
{
  AdwWindow        parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkWidget       *add_button;
  GtkListBox      *team_list;

  /* Owned references */
  CfContext       *context;
};

G_DEFINE_FINAL_TYPE (CfTeamsDialog, cf_teams_dialog, ADW_TYPE_WINDOW)

typedef struct
{
  CfTeamsDialog *self;
  char          *team_id;
  GtkEntry      *name_entry;
  GtkDropDown   *lead_drop_down;
  GPtrArray     *lead_ids;
} TeamEdit;

static void
team_edit_free (TeamEdit *edit)
{
  g_free (edit->team_id);
  g_ptr_array_unref (edit->lead_ids);
  g_free (edit);
}

static gboolean
can_change (CfTeamsDialog *self)
{
  return cf_session_can (cf_context_get_session (self->context), "team", CF_OP_PATCH);
}

static void
on_team_edit_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          TeamEdit         *edit)
{
  CfTeamsDialog *self = edit->self;
  CfSession *session = cf_context_get_session (self->context);
  g_autoptr (JsonObject) values = json_object_new ();
  g_autoptr (CfOp) op = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  guint lead = gtk_drop_down_get_selected (edit->lead_drop_down);

  if (!g_str_equal (response, "save"))
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (edit->name_entry))));
  json_object_set_string_member (values, "name", name);
  if (lead > 0 && lead < edit->lead_ids->len)
    json_object_set_string_member (values, "lead", g_ptr_array_index (edit->lead_ids, lead));
  else
    json_object_set_null_member (values, "lead");

  op = edit->team_id == NULL ? cf_op_new_create ("team", values)
                             : cf_op_new_patch ("team", edit->team_id, values);
  if (!cf_store_apply (cf_context_get_store (self->context), cf_session_get_user_id (session),
                       &op, 1, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

/* Leads are chosen among the active shift leads, deputies and supervisors. */
static GtkDropDown *
create_lead_drop_down (CfTeamsDialog *self,
                       GPtrArray     *lead_ids,
                       const char    *current_lead)
{
  GListModel *staff = cf_staff_directory_get_staff (cf_context_get_directory (self->context));
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  guint n_items = g_list_model_get_n_items (staff);
  guint selected = 0;

  gtk_string_list_append (names, _("No Lead"));
  g_ptr_array_add (lead_ids, NULL);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (CfStaff) member = g_list_model_get_item (staff, i);
      CfRole role = cf_staff_get_role (member);
      g_autofree char *label = NULL;

      if (!cf_staff_get_active (member) || role == CF_ROLE_AGENT)
        continue;

      /* translators: a staff member's name and role in the list of possible leads */
      label = g_strdup_printf (_("%s (%s)"), cf_staff_get_name (member), cf_role_get_label (role));
      gtk_string_list_append (names, label);
      g_ptr_array_add (lead_ids, g_strdup (cf_staff_get_id (member)));
      if (g_strcmp0 (current_lead, cf_staff_get_id (member)) == 0)
        selected = lead_ids->len - 1;
    }

  {
    GtkDropDown *drop_down = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)),
                                                               NULL));
    gtk_drop_down_set_enable_search (drop_down, FALSE);
    gtk_drop_down_set_selected (drop_down, selected);
    return drop_down;
  }
}

static void
on_name_entry_changed_cb (GtkEditable      *entry,
                          AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "save", name[0] != '\0');
}

static void
edit_team (CfTeamsDialog *self,
           CfTeam        *team)
{
  TeamEdit *edit = g_new0 (TeamEdit, 1);
  GtkWidget *dialog;
  GtkWidget *box;

  edit->self = self;
  edit->team_id = team != NULL ? g_strdup (cf_team_get_id (team)) : NULL;
  edit->lead_ids = g_ptr_array_new_with_free_func (g_free);
  edit->name_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_activates_default (edit->name_entry, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit->name_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Team name"), -1);
  if (team != NULL)
    gtk_editable_set_text (GTK_EDITABLE (edit->name_entry), cf_team_get_name (team));
  edit->lead_drop_down = create_lead_drop_down (self, edit->lead_ids,
                                                team != NULL ? cf_team_get_lead_id (team) : NULL);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (edit->name_entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (edit->lead_drop_down));

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   team != NULL ? _("Edit Team") : _("Add Team"),
                                   _("The team’s name, and who leads it."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (edit->name_entry, "changed", G_CALLBACK (on_name_entry_changed_cb), dialog);
  on_name_entry_changed_cb (GTK_EDITABLE (edit->name_entry), ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_team_edit_response_cb), edit,
                         (GClosureNotify) team_edit_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_edit_button_clicked_cb (GtkButton *button,
                           CfTeam    *team)
{
  CfTeamsDialog *self = CF_TEAMS_DIALOG (gtk_widget_get_root (GTK_WIDGET (button)));

  edit_team (self, team);
}

static char *
describe_team (CfTeam *team)
{
  const char *lead = cf_team_get_lead_name (team);
  guint n_members = cf_team_get_n_members (team);
  g_autofree char *members = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%u active member",
                                                           "%u active members",
                                                           n_members),
                                              n_members);

  if (lead == NULL)
    return g_steal_pointer (&members);

  /* translators: “Lead: Wang Fang · 14 active members” */
  return g_strdup_printf (_("Lead: %s · %s"), lead, members);
}

static void
on_team_notify_cb (CfTeam      *team,
                   GParamSpec  *pspec,
                   AdwActionRow *row)
{
  g_autofree char *subtitle = describe_team (team);

  adw_action_row_set_subtitle (row, subtitle);
}

static GtkWidget *
create_team_row (gpointer item,
                 gpointer user_data)
{
  CfTeamsDialog *self = user_data;
  CfTeam *team = item;
  g_autofree char *subtitle = describe_team (team);
  GtkWidget *row = adw_action_row_new ();

  /* The team object is updated in place when it changes; so is its row. */
  g_object_bind_property (team, "name", row, "title", G_BINDING_SYNC_CREATE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_signal_connect_object (team, "notify", G_CALLBACK (on_team_notify_cb), row, 0);
  if (can_change (self))
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("document-edit-symbolic");

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Edit Team"));
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_edit_button_clicked_cb), team, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
    }

  return row;
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  edit_team (CF_TEAMS_DIALOG (widget), NULL);
}

static void
cf_teams_dialog_dispose (GObject *object)
{
  CfTeamsDialog *self = (CfTeamsDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_TEAMS_DIALOG);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cf_teams_dialog_parent_class)->dispose (object);
}

static void
cf_teams_dialog_class_init (CfTeamsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_teams_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/staff/cf-teams-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CfTeamsDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CfTeamsDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, CfTeamsDialog, team_list);

  gtk_widget_class_install_action (widget_class, "teams.add", NULL, add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "teams.add", NULL);
}

static void
cf_teams_dialog_init (CfTeamsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CfTeamsDialog *
cf_teams_dialog_new (CfContext *context)
{
  CfTeamsDialog *self;
  CfStaffDirectory *directory;

  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);

  self = g_object_new (CF_TYPE_TEAMS_DIALOG, NULL);
  self->context = g_object_ref (context);
  directory = cf_context_get_directory (context);

  gtk_list_box_bind_model (self->team_list, cf_staff_directory_get_teams (directory),
                           create_team_row, self, NULL);
  gtk_widget_set_visible (self->add_button,
                          cf_session_can (cf_context_get_session (context), "team", CF_OP_CREATE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "teams.add",
                                 cf_session_can (cf_context_get_session (context), "team",
                                                 CF_OP_CREATE));

  return self;
}
