/* bench-startup.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Callfloor as a supervisor sees it after signing in, without the typing:
 *
 *   bench-startup --database PATH [--print-rss-after-first-frame]
 *
 * opens PATH, signs in as the demo supervisor (one Argon2id check, which a
 * real user pays too) and only then makes the main window, which therefore
 * goes straight to the staff view. Run under cf-mapwait it gives the time
 * from start to the staff view's first paint. With
 * --print-rss-after-first-frame it prints, once the staff view has been
 * painted with its rows, the peak resident set size and a few timings as
 * “key value unit” lines, and quits.
 */

#define G_LOG_DOMAIN "cf-bench-startup"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "cf-context.h"
#include "cf-demo.h"
#include "cf-session.h"
#include "cf-staff-view.h"
#include "cf-store.h"
#include "cf-window.h"

/* A run that never paints must not hang the benchmark. */
#define GIVE_UP_SECONDS 30

static char *database_path;
static gboolean print_rss;
static gint64 main_time;
static gint64 sign_in_usec;
static gint64 window_usec;
static guint n_frames;
static int exit_status = EXIT_SUCCESS;

static const GOptionEntry option_entries[] = {
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database_path,
    "The database to open (made with bench-store --make-demo)", "PATH" },
  { "print-rss-after-first-frame", 0, 0, G_OPTION_ARG_NONE, &print_rss,
    "Print the peak RSS once the staff view is painted, then quit", NULL },
  { NULL }
};

static double
msec_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The value in kB of a line such as “VmHWM:   123456 kB” of /proc/self/status. */
static gint64
read_status_kb (const char *contents,
                const char *key)
{
  g_autofree char *prefix = g_strconcat ("\n", key, ":", NULL);
  const char *line = strstr (contents, prefix);

  if (line == NULL)
    return -1;

  return g_ascii_strtoll (line + strlen (prefix), NULL, 10);
}

static void
fail (GApplication *app,
      const char   *message)
{
  g_printerr ("bench-startup: %s\n", message);
  exit_status = EXIT_FAILURE;
  g_application_quit (app);
}

static gboolean
on_give_up_cb (gpointer user_data)
{
  fail (G_APPLICATION (user_data), "the staff view was not painted in time");

  return G_SOURCE_REMOVE;
}

static void
on_frame_clock_after_paint_cb (GdkFrameClock *frame_clock,
                               CfWindow      *window)
{
  GtkWidget *view = cf_window_get_view (window, "staff");
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  g_autofree char *status = NULL;
  guint n_rows;

  n_frames++;
  if (view == NULL || !gtk_widget_get_mapped (view))
    return;

  n_rows = g_list_model_get_n_items (cf_staff_view_get_shown (CF_STAFF_VIEW (view)));
  if (n_rows == 0)
    return;

  g_signal_handlers_disconnect_by_func (frame_clock, on_frame_clock_after_paint_cb, window);

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      fail (app, "cannot read /proc/self/status");
      return;
    }

  g_print ("peak_rss %" G_GINT64_FORMAT " kB\n", read_status_kb (status, "VmHWM"));
  g_print ("rss %" G_GINT64_FORMAT " kB\n", read_status_kb (status, "VmRSS"));
  g_print ("sign_in %.1f ms\n", sign_in_usec / 1000.0);
  g_print ("window_construct %.1f ms\n", window_usec / 1000.0);
  g_print ("main_to_first_frame %.1f ms\n", msec_since (main_time));
  g_print ("staff_rows %u rows\n", n_rows);
  g_print ("frames_to_rows %u frames\n", n_frames);

  g_application_quit (app);
}

static void
on_window_map_cb (GtkWidget *window)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (window);

  g_signal_connect_object (frame_clock, "after-paint",
                           G_CALLBACK (on_frame_clock_after_paint_cb), window, 0);
}

static GSettings *
new_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  /* The real application's settings (window size, last view) when the
   * schema is installed or GSETTINGS_SCHEMA_DIR points at the build.
   */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;

  return g_settings_new (APP_ID);
}

static void
on_activate_cb (GApplication *app)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (CfContext) context = NULL;
  CfWindow *window;
  gint64 start;

  store = cf_store_open (database_path, CF_STORE_FLAGS_NONE, &error);
  if (store == NULL)
    {
      fail (app, error->message);
      return;
    }

  settings = new_settings ();
  context = cf_context_new (store, settings);

  start = g_get_monotonic_time ();
  if (!cf_session_sign_in (cf_context_get_session (context), CF_DEMO_SUPERVISOR_LOGIN,
                           CF_DEMO_PASSWORD, &error))
    {
      fail (app, error->message);
      return;
    }
  sign_in_usec = g_get_monotonic_time () - start;

  /* The window takes a CfApplication only to pass it on as a GtkApplication. */
  start = g_get_monotonic_time ();
  window = g_object_new (CF_TYPE_WINDOW,
                         "application", app,
                         "context", context,
                         NULL);
  window_usec = g_get_monotonic_time () - start;

  if (g_strcmp0 (cf_window_get_visible_view (window), "staff") != 0)
    {
      fail (app, "the window did not open on the staff view");
      return;
    }

  if (print_rss)
    {
      g_signal_connect (window, "map", G_CALLBACK (on_window_map_cb), NULL);
      g_timeout_add_seconds (GIVE_UP_SECONDS, on_give_up_cb, app);
    }

  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) option_context = NULL;
  g_autoptr (AdwApplication) app = NULL;
  g_autoptr (GError) error = NULL;
  const char *localedir = g_getenv ("CALLFLOOR_LOCALEDIR");
  char *app_argv[] = { argv[0], NULL };
  int status;

  main_time = g_get_monotonic_time ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  option_context = g_option_context_new (NULL);
  g_option_context_add_main_entries (option_context, option_entries, NULL);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    {
      g_printerr ("bench-startup: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (database_path == NULL)
    {
      g_printerr ("bench-startup: --database PATH is required\n");
      return EXIT_FAILURE;
    }

  g_set_application_name (_("Callfloor"));
  app = g_object_new (ADW_TYPE_APPLICATION,
                      "application-id", APP_ID ".Bench",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", RESOURCE_PREFIX,
                      NULL);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate_cb), NULL);

  status = g_application_run (G_APPLICATION (app), 1, app_argv);
  g_clear_pointer (&database_path, g_free);

  return exit_status != EXIT_SUCCESS ? exit_status : status;
}
