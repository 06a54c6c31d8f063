/* cf-preferences-window.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-preferences-window"

#include "config.h"

#include "cf-preferences-window.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-store.h"

struct _CfPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  GtkSwitch            *remember_user_switch;
  AdwEntryRow          *server_row;
  AdwActionRow         *database_row;
  AdwActionRow         *changes_row;
};

G_DEFINE_FINAL_TYPE (CfPreferencesWindow, cf_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
cf_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CF_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (cf_preferences_window_parent_class)->dispose (object);
}

static void
cf_preferences_window_class_init (CfPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/cf-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, remember_user_switch);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, database_row);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, changes_row);
}

static void
cf_preferences_window_init (CfPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CfPreferencesWindow *
cf_preferences_window_new (CfContext *context)
{
  CfPreferencesWindow *self;
  CfStore *store;
  GSettings *settings;
  g_autofree char *changes = NULL;
  gint64 n_ops;

  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);

  self = g_object_new (CF_TYPE_PREFERENCES_WINDOW, NULL);
  store = cf_context_get_store (context);
  settings = cf_context_get_settings (context);

  if (settings != NULL)
    {
      g_settings_bind (settings, "remember-user", self->remember_user_switch, "active",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "server-url", self->server_row, "text", G_SETTINGS_BIND_DEFAULT);
    }

  adw_action_row_set_subtitle (self->database_row, cf_store_get_path (store));
  n_ops = cf_store_count (store, "SELECT COUNT(*) FROM op_log");
  changes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%lu change in the log of this desktop",
                                          "%lu changes in the log of this desktop",
                                          (gulong) n_ops),
                             (gulong) n_ops);
  adw_action_row_set_subtitle (self->changes_row, changes);

  return self;
}
