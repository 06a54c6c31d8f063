/* cf-application.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-application"

#include "config.h"

#include "cf-application.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-demo.h"
#include "cf-escalations-view.h"
#include "cf-preferences-window.h"
#include "cf-store.h"
#include "cf-window.h"

struct _CfApplication
{
  AdwApplication  parent_instance;

  char           *database_path;
  gboolean        demo;
  int             demo_scale;
  CfContext      *context;
};

G_DEFINE_FINAL_TYPE (CfApplication, cf_application, ADW_TYPE_APPLICATION)

#define DEMO_STAFF 120

static const GOptionEntry option_entries[] = {
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the database at PATH instead of the usual one"), N_("PATH") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open the demo database, creating it the first time"), NULL },
  { "demo-scale", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Open a demo database with N staff (for benchmarks)"), N_("N") },
  { NULL }
};

static gboolean
locale_is_chinese (void)
{
  const char * const *languages = g_get_language_names ();

  return languages[0] != NULL && g_str_has_prefix (languages[0], "zh");
}

static char *
default_database_path (CfApplication *self)
{
  const char *data_dir = g_get_user_data_dir ();

  if (self->demo_scale > 0)
    {
      g_autofree char *name = g_strdup_printf ("demo-%d.db", self->demo_scale);
      return g_build_filename (data_dir, "callfloor", name, NULL);
    }
  if (self->demo)
    return g_build_filename (data_dir, "callfloor", "demo.db", NULL);

  return g_build_filename (data_dir, "callfloor", "callfloor.db", NULL);
}

static CfStore *
open_store (CfApplication  *self,
            GError        **error)
{
  g_autofree char *path = self->database_path != NULL ? g_strdup (self->database_path)
                                                      : default_database_path (self);
  g_autoptr (CfStore) store = cf_store_open (path, CF_STORE_FLAGS_NONE, error);

  if (store == NULL)
    return NULL;

  if ((self->demo || self->demo_scale > 0) &&
      cf_store_count (store, "SELECT COUNT(*) FROM app_user") == 0)
    {
      guint n_staff = self->demo_scale > 0 ? (guint) self->demo_scale : DEMO_STAFF;

      if (!cf_demo_populate (store, n_staff, locale_is_chinese (), error))
        return NULL;
    }

  return g_steal_pointer (&store);
}

static void
show_open_error (CfApplication *self,
                 const GError  *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _("Callfloor Cannot Open Its Database"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "quit", _("_Quit"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (gtk_window_destroy), dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cf_application_activate (GApplication *app)
{
  CfApplication *self = CF_APPLICATION (app);
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autoptr (GSettings) settings = NULL;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  store = open_store (self, &error);
  if (store == NULL)
    {
      g_warning ("%s", error->message);
      show_open_error (self, error);
      return;
    }

  settings = g_settings_new (APP_ID);
  self->context = cf_context_new (store, settings);
  window = GTK_WINDOW (cf_window_new (self, self->context));
  gtk_window_present (window);
}

static int
cf_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  CfApplication *self = CF_APPLICATION (app);

  g_variant_dict_lookup (options, "database", "^ay", &self->database_path);
  self->demo = g_variant_dict_contains (options, "demo");
  if (g_variant_dict_lookup (options, "demo-scale", "i", &self->demo_scale) &&
      (self->demo_scale < 16 || self->demo_scale > 1000000))
    {
      g_printerr (_("--demo-scale takes a number of staff from 16 to 1000000\n"));
      return EXIT_FAILURE;
    }

  return -1;
}

static void
cf_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  static const char *developers[] = { "The Callfloor authors", NULL };
  CfApplication *self = user_data;

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Callfloor"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Callfloor authors"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Roster, attendance, quality, escalations and "
                                       "handover for the people who run a call-center floor."),
                         "website", "https://github.com/callfloor/callfloor",
                         "developers", developers,
                         "copyright", "© 2026 The Callfloor authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* translators: put your name here, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

/* The main window in front, or behind the dialog in front. */
static CfWindow *
get_main_window (CfApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  while (window != NULL && !CF_IS_WINDOW (window))
    window = gtk_window_get_transient_for (window);

  return window != NULL ? CF_WINDOW (window) : NULL;
}

static void
cf_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  CfApplication *self = user_data;
  CfWindow *window = get_main_window (self);
  CfPreferencesWindow *preferences;

  /* The preferences of the database the window in front shows. */
  if (window == NULL)
    return;

  preferences = cf_preferences_window_new (cf_window_get_context (window));
  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (preferences));
}

/* A click on an escalation notification: the Escalations view, with that
 * escalation selected (none for the summary of several).
 */
static void
cf_application_show_escalation_action (GSimpleAction *action,
                                       GVariant      *parameter,
                                       gpointer       user_data)
{
  CfApplication *self = user_data;
  const char *escalation_id = g_variant_get_string (parameter, NULL);
  CfWindow *window = get_main_window (self);
  GtkWidget *view;

  if (window == NULL)
    return;

  gtk_window_present (GTK_WINDOW (window));
  if (!cf_window_show_view (window, "escalations") || escalation_id[0] == '\0')
    return;
  view = cf_window_get_view (window, "escalations");
  cf_escalations_view_select (CF_ESCALATIONS_VIEW (view), escalation_id);
}

/* A click on a handover notification: the Handover view, with that sheet
 * selected (none for the summary of several).
 */
static void
cf_application_show_handover_sheet_action (GSimpleAction *action,
                                           GVariant      *parameter,
                                           gpointer       user_data)
{
  CfApplication *self = user_data;
  CfWindow *window = get_main_window (self);

  if (window == NULL)
    return;

  gtk_window_present (GTK_WINDOW (window));
  cf_window_show_handover_sheet (window, g_variant_get_string (parameter, NULL));
}

static void
cf_application_quit_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  CfApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing windows lets each save its size; then the application ends. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;
      l = l->next;
      gtk_window_close (window);
    }
}

static const GActionEntry app_actions[] = {
  { "about", cf_application_about_action },
  { "preferences", cf_application_preferences_action },
  { "show-escalation", cf_application_show_escalation_action, "s" },
  { "show-handover-sheet", cf_application_show_handover_sheet_action, "s" },
  { "quit", cf_application_quit_action },
};

static void
cf_application_startup (GApplication *app)
{
  CfApplication *self = CF_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (cf_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
}

static void
cf_application_finalize (GObject *object)
{
  CfApplication *self = (CfApplication *)object;

  g_clear_pointer (&self->database_path, g_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cf_application_parent_class)->finalize (object);
}

static void
cf_application_class_init (CfApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = cf_application_finalize;
  app_class->activate = cf_application_activate;
  app_class->startup = cf_application_startup;
  app_class->handle_local_options = cf_application_handle_local_options;
}

static void
cf_application_init (CfApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
}

CfApplication *
cf_application_new (void)
{
  /* One process per database: a second window on another database must not
   * be handed to the first process. Such a process does not own the
   * application's name on the bus, through which org.gtk.Notifications
   * (GNOME's choice) would bring a click on a notification back; the
   * freedesktop.org notifications bring it back to this very process.
   */
  g_setenv ("GNOTIFICATION_BACKEND", "freedesktop", FALSE);

  return g_object_new (CF_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
