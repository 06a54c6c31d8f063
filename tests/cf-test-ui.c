/* cf-test-ui.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the UI tests share: a real application and window on a temporary
 * database, and ways to drive widgets and wait for the main loop.
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "cf-demo.h"
#include "cf-test-ui.h"

#define WAIT_SECONDS 20

static CfApplication *application;

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @condition holds or the deadline passes. */
gboolean
cf_test_ui_wait_for (gboolean (*condition) (gpointer),
          gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (20, wake_cb, NULL);
  gboolean met;

  while (!(met = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake_id);
  return met;
}

/* Lets pending layout and drawing happen. */
void
cf_test_ui_settle (void)
{
  for (guint i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

GtkWidget *
cf_test_ui_find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = cf_test_ui_find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
cf_test_ui_find_button_with_label (GtkWidget  *root,
                        const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = cf_test_ui_find_button_with_label (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A label under @root that says @text, e.g. a toast's title. */
GtkWidget *
cf_test_ui_find_label (GtkWidget  *root,
                       const char *text)
{
  if (GTK_IS_LABEL (root) && g_str_equal (gtk_label_get_text (GTK_LABEL (root)), text))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = cf_test_ui_find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWanted;

static gboolean
label_shown (gpointer data)
{
  LabelWanted *wanted = data;

  return cf_test_ui_find_label (wanted->root, wanted->text) != NULL;
}

/* Returns: whether a label saying @text came under @root in time */
gboolean
cf_test_ui_wait_for_label (GtkWidget  *root,
                           const char *text)
{
  LabelWanted wanted = { root, text };

  return cf_test_ui_wait_for (label_shown, &wanted);
}

GtkWindow *
cf_test_ui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n_items = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

void
cf_test_ui_type_into (GtkWidget  *root,
           const char *name,
           const char *text)
{
  GtkWidget *editable = cf_test_ui_find_named (root, name);

  g_assert_nonnull (editable);
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

void
cf_test_ui_click (GtkWidget  *root,
       const char *name)
{
  GtkWidget *button = cf_test_ui_find_named (root, name);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Waits until @widget's window has painted a frame with it as it is now. */
void
cf_test_ui_wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler;

  g_assert_nonnull (clock);
  cf_test_ui_settle ();
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  g_assert_true (cf_test_ui_wait_for (flag_set, &painted));
  g_signal_handler_disconnect (clock, handler);
}

void
cf_test_ui_save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *folder = g_getenv ("CALLFLOOR_SCREENSHOT_DIR");
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  if (folder == NULL)
    return;

  cf_test_ui_wait_for_paint (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  /* The window's own background is not part of its content. */
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.98, 0.98, 0.98, 1.0 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (folder, 0755);
  path = g_build_filename (folder, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
}

gboolean
cf_test_ui_locale_is_chinese (void)
{
  const char * const *languages = g_get_language_names ();

  return g_str_has_prefix (languages[0], "zh");
}

void
cf_test_ui_fixture_set_up (CfTestUiFixture *fixture,
                           gconstpointer    data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean demo = GPOINTER_TO_INT (data);

  fixture->folder = g_dir_make_tmp ("callfloor-ui-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->folder, "callfloor.db", NULL);
  fixture->store = cf_store_open (path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  if (demo)
    {
      cf_demo_populate (fixture->store, 60, cf_test_ui_locale_is_chinese (), &error);
      g_assert_no_error (error);
    }

  {
    g_autoptr (GSettings) settings = g_settings_new (APP_ID);

    /* Each test starts where a new user would: no view remembered. */
    g_settings_reset (settings, "last-view");
    fixture->context = cf_context_new (fixture->store, settings);
  }
}

void
cf_test_ui_open_window (CfTestUiFixture *fixture)
{
  fixture->window = cf_window_new (application, fixture->context);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 700);
  gtk_window_present (GTK_WINDOW (fixture->window));
  cf_test_ui_settle ();
}

void
cf_test_ui_fixture_tear_down (CfTestUiFixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->folder, "callfloor.db", NULL);

  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  cf_test_ui_settle ();
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  for (const char *suffix = ""; suffix != NULL;
       suffix = g_str_equal (suffix, "") ? "-wal" : g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (path, suffix, NULL);
      g_unlink (file);
    }
  g_rmdir (fixture->folder);
  g_free (fixture->folder);
}

void
cf_test_ui_sign_in (CfTestUiFixture *fixture,
                    const char      *login,
                    const char      *password)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);

  cf_test_ui_type_into (window, "login-row", login);
  cf_test_ui_type_into (window, "password-row", password);
  cf_test_ui_click (window, "sign-in-button");
}

typedef struct
{
  CfTestUiFixture *fixture;
  const char      *name;
} ViewShown;

static gboolean
view_shown (gpointer data)
{
  ViewShown *shown = data;

  return g_strcmp0 (cf_window_get_visible_view (shown->fixture->window), shown->name) == 0;
}

/* Opens the view @name from the sidebar, as a click on its row does. */
void
cf_test_ui_show_view (CfTestUiFixture *fixture,
                      const char      *name)
{
  ViewShown wanted = { fixture, name };
  GtkWidget *row = cf_test_ui_find_named (GTK_WIDGET (fixture->window), name);

  g_assert_nonnull (row);
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  g_assert_true (cf_test_ui_wait_for (view_shown, &wanted));
}

static gboolean
toplevel_shown (gpointer data)
{
  return cf_test_ui_find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

/* Returns: (transfer none): the shown window of @type, once it is there */
GtkWindow *
cf_test_ui_wait_for_toplevel (GType type)
{
  g_assert_true (cf_test_ui_wait_for (toplevel_shown, GSIZE_TO_POINTER (type)));

  return cf_test_ui_find_toplevel (type);
}

CfApplication *
cf_test_ui_init (int    *argc,
                 char ***argv)
{
  const char *localedir = g_getenv ("CALLFLOOR_LOCALEDIR");
  g_autoptr (GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Not G_TEST_OPTION_ISOLATE_DIRS: GTK needs the system's MIME database to
   * load SVG icons. Each test has its own database in a temporary folder.
   */
  g_test_init (argc, argv, NULL);
  adw_init ();
  /* Screenshots show the end state, not a transition. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  application = cf_application_new ();
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);

  return application;
}

CfApplication *
cf_test_ui_get_application (void)
{
  return application;
}
