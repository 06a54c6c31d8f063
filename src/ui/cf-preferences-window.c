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
#include "cf-sync-codec.h"
#include "cf-sync-engine.h"

struct _CfPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  GtkSwitch            *remember_user_switch;
  GtkSpinButton        *min_rest_spin;
  GtkSpinButton        *max_days_spin;
  GtkSpinButton        *max_week_spin;
  GtkSpinButton        *tolerance_spin;
  AdwEntryRow          *server_row;
  AdwActionRow         *ca_row;
  GtkButton            *ca_clear_button;
  GtkLabel             *ca_error_label;
  AdwActionRow         *database_row;
  AdwActionRow         *changes_row;

  /* Owned references */
  GSettings            *settings;      /* NULL in tests that have none */
  GtkFileChooserNative *ca_chooser;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (CfPreferencesWindow, cf_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The CA file ------------------------------------------------------------- */

static void
show_ca_error (CfPreferencesWindow *self,
               const char          *message)
{
  gtk_label_set_text (self->ca_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->ca_error_label), message != NULL);
}

/* Far more than a call center's CA and its chain; the system's whole
 * bundle is a fifth of this.
 */
#define MAX_CA_FILE_SIZE (1024 * 1024)

/* In words a person can act on: a file GIO cannot read says why itself. */
static char *
describe_ca_error (const GError *error,
                   const char   *path)
{
  g_autofree char *name = NULL;

  if (error->domain == G_IO_ERROR)
    return g_strdup (error->message);

  name = g_filename_display_basename (path);
  return g_strdup_printf (_("“%s” is not a certificate in PEM format. Choose the certificate "
                            "of the authority that signed the server’s certificate, usually "
                            "a file ending in .pem or .crt."), name);
}

/* Reading the file and loading its certificates may block: in a thread. */
static void
load_ca_file_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GTlsDatabase) database = NULL;
  GError *error = NULL;

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_ACCESS_CAN_READ,
                            G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_ACCESS_CAN_READ))
    {
      g_autofree char *name = g_filename_display_basename (path);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                               _("You may not read “%s”."), name);
      return;
    }
  if (g_file_info_get_size (info) > MAX_CA_FILE_SIZE)
    {
      g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_CA_FILE, "too large");
      return;
    }

  database = cf_sync_load_ca_file (path, &error);
  if (database == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
load_ca_file_async (CfPreferencesWindow *self,
                    const char          *path,
                    GAsyncReadyCallback  callback)
{
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, callback, NULL);

  g_task_set_source_tag (task, load_ca_file_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, load_ca_file_thread);
}

static void
update_ca_row (CfPreferencesWindow *self)
{
  g_autofree char *path = NULL;
  gboolean has_file;

  if (self->settings != NULL)
    path = g_settings_get_string (self->settings, "server-ca-file");
  has_file = path != NULL && path[0] != '\0';

  adw_action_row_set_subtitle (self->ca_row,
                               has_file ? path
                                        : _("None — the system’s certificate authorities are "
                                            "trusted"));
  gtk_widget_set_visible (GTK_WIDGET (self->ca_clear_button), has_file);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.choose-ca-file",
                                 self->settings != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.clear-ca-file", has_file);
}

static void
on_saved_ca_file_checked_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  CfPreferencesWindow *self = CF_PREFERENCES_WINDOW (object);
  const char *path = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *current = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *message = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Only about the file that is set now. */
  current = g_settings_get_string (self->settings, "server-ca-file");
  if (!g_str_equal (current, path))
    return;

  reason = describe_ca_error (error, path);
  message = g_strdup_printf (_("This desktop does not sync while this file cannot be used. %s"),
                             reason);
  show_ca_error (self, message);
}

/* A file set earlier may have gone or changed since. */
static void
on_settings_ca_file_changed_cb (CfPreferencesWindow *self,
                                const char          *key,
                                GSettings           *settings)
{
  g_autofree char *path = g_settings_get_string (settings, "server-ca-file");

  update_ca_row (self);
  show_ca_error (self, NULL);
  if (path[0] != '\0')
    load_ca_file_async (self, path, on_saved_ca_file_checked_cb);
}

static void
on_chosen_ca_file_loaded_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  CfPreferencesWindow *self = CF_PREFERENCES_WINDOW (object);
  const char *path = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* The engine follows the setting. */
      g_settings_set_string (self->settings, "server-ca-file", path);
      show_ca_error (self, NULL);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("CA file refused: %s", error->message);
  message = describe_ca_error (error, path);
  show_ca_error (self, message);
}

static void
on_ca_chooser_response_cb (CfPreferencesWindow *self,
                           int                  response,
                           GtkNativeDialog     *chooser)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->ca_chooser);

  if (file != NULL)
    cf_preferences_window_choose_ca_file (self, file);
}

static void
choose_ca_file_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CfPreferencesWindow *self = CF_PREFERENCES_WINDOW (widget);
  g_autoptr (GtkFileFilter) certificates = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();
  g_autofree char *current = g_settings_get_string (self->settings, "server-ca-file");

  if (self->ca_chooser != NULL)
    return;

  gtk_file_filter_set_name (certificates, _("Certificates (PEM)"));
  gtk_file_filter_add_suffix (certificates, "pem");
  gtk_file_filter_add_suffix (certificates, "crt");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  self->ca_chooser = gtk_file_chooser_native_new (_("Choose the Server’s CA Certificate"),
                                                  GTK_WINDOW (self),
                                                  GTK_FILE_CHOOSER_ACTION_OPEN,
                                                  _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->ca_chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->ca_chooser), certificates);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->ca_chooser), all);
  if (current[0] != '\0')
    {
      g_autoptr (GFile) file = g_file_new_for_path (current);

      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->ca_chooser), file, NULL);
    }
  g_signal_connect_swapped (self->ca_chooser, "response",
                            G_CALLBACK (on_ca_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->ca_chooser));
}

static void
clear_ca_file_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CfPreferencesWindow *self = CF_PREFERENCES_WINDOW (widget);

  g_settings_reset (self->settings, "server-ca-file");
  show_ca_error (self, NULL);
}

/* GObject ------------------------------------------------------------------ */

static void
cf_preferences_window_dispose (GObject *object)
{
  CfPreferencesWindow *self = CF_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->ca_chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->ca_chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->ca_chooser));
      g_clear_object (&self->ca_chooser);
    }
  g_clear_object (&self->settings);
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
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, min_rest_spin);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, max_days_spin);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, max_week_spin);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, tolerance_spin);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, ca_row);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, ca_error_label);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, database_row);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, changes_row);

  gtk_widget_class_install_action (widget_class, "preferences.choose-ca-file", NULL,
                                   choose_ca_file_action);
  gtk_widget_class_install_action (widget_class, "preferences.clear-ca-file", NULL,
                                   clear_ca_file_action);
}

static void
cf_preferences_window_init (CfPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
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
      self->settings = g_object_ref (settings);
      g_settings_bind (settings, "remember-user", self->remember_user_switch, "active",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "server-url", self->server_row, "text", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "roster-min-rest-hours", self->min_rest_spin, "value",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "roster-max-consecutive-days", self->max_days_spin, "value",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "roster-max-week-hours", self->max_week_spin, "value",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "roster-month-tolerance-hours", self->tolerance_spin, "value",
                       G_SETTINGS_BIND_DEFAULT);
      g_signal_connect_object (settings, "changed::server-ca-file",
                               G_CALLBACK (on_settings_ca_file_changed_cb), self,
                               G_CONNECT_SWAPPED);
      on_settings_ca_file_changed_cb (self, "server-ca-file", settings);
    }
  else
    {
      update_ca_row (self);
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

/**
 * cf_preferences_window_choose_ca_file:
 * @file: the file chosen with the Choose… button
 *
 * Makes @file the server's CA certificate when it holds one; otherwise
 * says why not under the row, and the setting stays as it was.
 */
void
cf_preferences_window_choose_ca_file (CfPreferencesWindow *self,
                                      GFile               *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (CF_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->settings == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_ca_error (self, _("Choose a file on this computer."));
      return;
    }

  load_ca_file_async (self, path, on_chosen_ca_file_loaded_cb);
}
