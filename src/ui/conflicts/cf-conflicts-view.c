/* cf-conflicts-view.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-conflicts-view"

#include "config.h"

#include "cf-conflicts-view.h"

#include <glib/gi18n.h>

#include "cf-conflict.h"
#include "cf-conflict-text.h"
#include "cf-context.h"
#include "cf-merge-dialog.h"
#include "cf-registry.h"
#include "cf-replica.h"
#include "cf-session.h"
#include "cf-view.h"
#include "cf-window.h"

/* The changes sync could not merge, with both versions side by side, and
 * the changes the server refused, with its reason. Nothing is lost: a
 * person chooses, and the choice is an op like any other.
 */
struct _CfConflictsView
{
  CfView     parent_instance;

  /* Template widgets */
  GtkStack  *stack;
  GtkBox    *list_box;

  /* Owned references */
};

G_DEFINE_FINAL_TYPE (CfConflictsView, cf_conflicts_view, CF_TYPE_VIEW)


static void
resolve (CfConflictsView  *self,
         const char       *conflict_id,
         CfConflictChoice  choice)
{
  CfContext *context = cf_view_get_context (CF_VIEW (self));
  CfSession *session = cf_context_get_session (context);
  g_autoptr (GError) error = NULL;

  if (!cf_conflict_resolve (cf_context_get_store (context), cf_session_get_user_id (session),
                            conflict_id, choice, NULL, &error))
    {
      cf_window_show_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }

  cf_window_show_toast (GTK_WIDGET (self), adw_toast_new (_("Conflict resolved")));
}

static void
on_keep_current_clicked_cb (GtkButton       *button,
                            CfConflictsView *self)
{
  resolve (self, g_object_get_data (G_OBJECT (button), "conflict-id"), CF_CONFLICT_KEEP_THEIRS);
}

static void
on_use_other_clicked_cb (GtkButton       *button,
                         CfConflictsView *self)
{
  resolve (self, g_object_get_data (G_OBJECT (button), "conflict-id"), CF_CONFLICT_KEEP_MINE);
}

static void
on_edit_merge_clicked_cb (GtkButton       *button,
                          CfConflictsView *self)
{
  CfMergeDialog *dialog;
  g_autoptr (GError) error = NULL;

  dialog = cf_merge_dialog_new (cf_view_get_context (CF_VIEW (self)),
                                g_object_get_data (G_OBJECT (button), "conflict-id"), &error);
  if (dialog == NULL)
    {
      cf_window_show_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }

  gtk_window_set_transient_for (GTK_WINDOW (dialog),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
create_choice_button (CfConflictsView *self,
                      const char      *label,
                      const char      *name,
                      const char      *conflict_id,
                      GCallback        callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "conflict-id", g_strdup (conflict_id), g_free);
  g_signal_connect (button, "clicked", callback, self);

  return button;
}

static GtkWidget *
create_conflict_group (CfConflictsView *self,
                       JsonObject      *conflict)
{
  const char *id = json_object_get_string_member (conflict, "id");
  const char *kind_name = json_object_get_string_member (conflict, "record_kind");
  const CfKind *kind = cf_registry_lookup (kind_name);
  const char *author = json_object_get_string_member (conflict, "author_name");
  const char *record_id = json_object_get_string_member (conflict, "record_id");
  CfStore *store = cf_context_get_store (cf_view_get_context (CF_VIEW (self)));
  g_autofree char *title = cf_conflict_describe_record (store, kind_name, record_id);
  g_autofree char *description = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GList) names = NULL;
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  JsonObject *fields;

  description = author != NULL
                  /* translators: %s is who made the change that could not be merged */
                  ? g_strdup_printf (_("Changed on two desktops at once; the other version is "
                                       "%s’s."), author)
                  : g_strdup (_("Changed on two desktops at once."));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);

  gtk_box_append (GTK_BOX (buttons),
                  create_choice_button (self, _("_Keep Current"), "keep-current", id,
                                        G_CALLBACK (on_keep_current_clicked_cb)));
  gtk_box_append (GTK_BOX (buttons),
                  create_choice_button (self, _("_Use Other Version"), "use-other", id,
                                        G_CALLBACK (on_use_other_clicked_cb)));
  gtk_box_append (GTK_BOX (buttons),
                  create_choice_button (self, _("_Edit Merge…"), "edit-merge", id,
                                        G_CALLBACK (on_edit_merge_clicked_cb)));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), buttons);

  if (!json_parser_load_from_data (parser, json_object_get_string_member (conflict, "fields"), -1,
                                   NULL))
    return group;
  fields = json_node_get_object (json_parser_get_root (parser));
  names = json_object_get_members (fields);
  for (const GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *versions = json_object_get_object_member (fields, l->data);
      const CfField *field = kind != NULL ? cf_kind_lookup_field (kind, l->data) : NULL;
      g_autofree char *current = cf_conflict_describe_value (store, field,
                                                             json_object_get_member (versions,
                                                                                     "theirs"));
      g_autofree char *other = cf_conflict_describe_value (store, field,
                                                           json_object_get_member (versions,
                                                                                   "mine"));
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();

      /* translators: the two versions of a field, side by side */
      subtitle = g_strdup_printf (_("Current: %s    Other version: %s"), current, other);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     field != NULL ? cf_field_get_label (field) : l->data);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  return group;
}

static GtkWidget *
create_refused_group (CfConflictsView *self,
                      GPtrArray       *refused)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                   _("Changes the Server Refused"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("These changes were made on this desktop; the server "
                                           "did not accept them, for the reason given."));

  for (guint i = 0; i < refused->len; i++)
    {
      JsonObject *op = refused->pdata[i];
      g_autofree char *title =
        cf_conflict_describe_record (cf_context_get_store (cf_view_get_context (CF_VIEW (self))),
                                     json_object_get_string_member (op, "kind"),
                                     json_object_get_string_member (op, "record_id"));
      g_autoptr (JsonParser) parser = json_parser_new ();
      const char *reason = NULL;
      GtkWidget *row = adw_action_row_new ();

      if (json_parser_load_from_data (parser, json_object_get_string_member (op, "result"), -1,
                                      NULL))
        reason = json_object_get_string_member_with_default (
                   json_node_get_object (json_parser_get_root (parser)), "reason", NULL);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reason != NULL ? reason : "");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  return group;
}

static void
refresh (CfConflictsView *self)
{
  CfStore *store = cf_context_get_store (cf_view_get_context (CF_VIEW (self)));
  g_autoptr (GPtrArray) conflicts = cf_replica_list_conflicts (store, NULL);
  g_autoptr (GPtrArray) refused = cf_replica_list_refused (store, NULL);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_box_remove (self->list_box, child);

  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    gtk_box_append (self->list_box, create_conflict_group (self, conflicts->pdata[i]));
  if (refused != NULL && refused->len > 0)
    gtk_box_append (self->list_box, create_refused_group (self, refused));

  gtk_stack_set_visible_child_name (self->stack,
                                    gtk_widget_get_first_child (GTK_WIDGET (self->list_box)) != NULL
                                      ? "list" : "empty");
}

static void
on_store_changed_cb (CfConflictsView *self)
{
  refresh (self);
}

static void
cf_conflicts_view_constructed (GObject *object)
{
  CfConflictsView *self = CF_CONFLICTS_VIEW (object);

  G_OBJECT_CLASS (cf_conflicts_view_parent_class)->constructed (object);

  g_signal_connect_object (cf_context_get_store (cf_view_get_context (CF_VIEW (self))), "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  refresh (self);
}

static void
cf_conflicts_view_dispose (GObject *object)
{
  CfConflictsView *self = (CfConflictsView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_CONFLICTS_VIEW);

  G_OBJECT_CLASS (cf_conflicts_view_parent_class)->dispose (object);
}



static void
cf_conflicts_view_class_init (CfConflictsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_conflicts_view_constructed;
  object_class->dispose = cf_conflicts_view_dispose;


  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/conflicts/cf-conflicts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CfConflictsView, stack);
  gtk_widget_class_bind_template_child (widget_class, CfConflictsView, list_box);
}

static void
cf_conflicts_view_init (CfConflictsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
