/* test-ui-handover-print.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saving a handover sheet as a PDF from a real window under Xvfb: the file
 * chooser suggests the archive's name, the PDF is written without holding
 * up the window and a toast says where it went; a folder that is not
 * there is said in a dialog and leaves nothing. The PDF's contents are
 * test-handover-pdf.c's.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cf-handover.h"
#include "cf-handover-print.h"
#include "cf-op.h"
#include "cf-session.h"
#include "cf-signing.h"
#include "cf-test-ui.h"
#include "cf-test-util.h"

#define LEAD_PASSWORD "shift lead 2026"
#define SHIFT_DATE    "2026-03-02"

typedef struct
{
  CfTestUiFixture  base;
  char            *sheet_id;
  char            *file_name;   /* the one suggested */
} Fixture;

/* A sheet being prepared, from the early to the late shift. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *shift_sql = "SELECT id FROM shift_type WHERE start_minute = ? AND deleted = 0";
  gboolean chinese = cf_test_ui_locale_is_chinese ();
  g_autoptr (JsonObject) sections = json_object_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *supervisor_id = NULL;
  g_autofree char *out_id = NULL;
  g_autofree char *in_id = NULL;
  g_autofree char *early_id = NULL;
  g_autofree char *late_id = NULL;
  g_autofree char *early_code = NULL;
  g_autofree char *content = NULL;
  JsonArray *equipment = json_array_new ();
  JsonObject *item = json_object_new ();
  GPtrArray *ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  CfStore *store;
  CfOp *op;

  cf_test_ui_fixture_set_up (&f->base, GINT_TO_POINTER (FALSE));
  store = f->base.store;
  cf_session_create_first_supervisor (cf_context_get_session (f->base.context),
                                      CF_TEST_SUPERVISOR_NAME, CF_TEST_SUPERVISOR_NO,
                                      CF_TEST_SUPERVISOR_LOGIN, CF_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  supervisor_id = cf_test_query_text (store, "SELECT id FROM app_user WHERE login = ?",
                                      CF_TEST_SUPERVISOR_LOGIN);
  out_id = cf_test_create_signing_user (store, supervisor_id, "L400", "shift_lead",
                                        chinese ? "李娜" : "Li Na", "lina", LEAD_PASSWORD);
  in_id = cf_test_create_signing_user (store, supervisor_id, "L401", "shift_lead",
                                       chinese ? "王磊" : "Wang Lei", "wanglei", LEAD_PASSWORD);
  early_id = cf_test_query_text (store, shift_sql, "420");
  late_id = cf_test_query_text (store, shift_sql, "900");
  early_code = cf_test_query_text (store, "SELECT code FROM shift_type WHERE id = ?", early_id);

  for (guint i = 0; cf_handover_sections[i] != NULL; i++)
    json_object_set_array_member (sections, cf_handover_sections[i], json_array_new ());
  json_object_set_string_member (item, "text", chinese ? "2号墙板闪烁" : "Wallboard 2 flickers");
  json_object_set_null_member (item, "source");
  json_object_set_null_member (item, "note");
  json_array_add_object_element (equipment, item);
  json_object_set_array_member (sections, "equipment", equipment);
  node = json_node_init_object (json_node_alloc (), sections);
  content = cf_signing_canonical_json (node);

  op = cf_handover_new_sheet (SHIFT_DATE, early_id, late_id, out_id, in_id, content);
  f->sheet_id = g_strdup (cf_op_get_record_id (op));
  g_ptr_array_add (ops, op);
  cf_test_apply_ops (store, out_id, ops, NULL);
  f->file_name = g_strdup_printf ("handover-%s-%s.pdf", SHIFT_DATE, early_code);

  cf_test_ui_open_window (&f->base);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->base.folder, f->file_name, NULL);

  g_unlink (path);
  g_free (f->sheet_id);
  g_free (f->file_name);
  cf_test_ui_fixture_tear_down (&f->base, data);
}

static const char *
screenshot_name (const char *name)
{
  static char buffer[64];

  g_snprintf (buffer, sizeof buffer, "%s-%s.png", name,
              cf_test_ui_locale_is_chinese () ? "zh_CN" : "en");
  return buffer;
}

typedef struct
{
  GtkFileChooser *chooser;
  const char     *path;
} FileWanted;

static gboolean
file_chosen (gpointer data)
{
  FileWanted *wanted = data;
  g_autoptr (GFile) file = gtk_file_chooser_get_file (wanted->chooser);

  return file != NULL && g_strcmp0 (g_file_peek_path (file), wanted->path) == 0;
}

/* The chooser suggests “handover-<date>-<outgoing shift code>.pdf”; the
 * file is written there and a toast says so.
 */
static void
test_save (Fixture       *f,
           gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (f->base.window);
  g_autoptr (GFile) folder = g_file_new_for_path (f->base.folder);
  g_autofree char *path = g_build_filename (f->base.folder, f->file_name, NULL);
  g_autofree char *toast = g_strdup_printf (_("Handover sheet saved as “%s”"), f->file_name);
  g_autofree char *suggested = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) listing = NULL;
  FileWanted wanted;
  GtkWindow *chooser;

  cf_handover_pdf_save (window, f->base.store, f->sheet_id);
  chooser = cf_test_ui_wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_cmpstr (gtk_window_get_title (chooser), ==, _("Save Handover Sheet as PDF"));
  suggested = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (suggested, ==, f->file_name);
  /* Once it has shown its first folder, the chooser goes to the test's own
   * in its own time.
   */
  cf_test_ui_wait_for_paint (GTK_WIDGET (chooser));
  cf_test_ui_settle ();
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, &error);
  g_assert_no_error (error);
  wanted.chooser = GTK_FILE_CHOOSER (chooser);
  wanted.path = path;
  g_assert_true (cf_test_ui_wait_for (file_chosen, &wanted));
  cf_test_ui_save_screenshot (GTK_WIDGET (chooser), screenshot_name ("handover-save-chooser"));

  g_assert_true (file_chosen (&wanted));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  g_assert_true (cf_test_ui_wait_for_label (GTK_WIDGET (window), toast));
  cf_test_ui_save_screenshot (GTK_WIDGET (window), screenshot_name ("handover-saved"));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_null (cf_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  /* The temporary file it was written to is gone. */
  listing = g_dir_open (f->base.folder, 0, &error);
  g_assert_no_error (error);
  for (const char *name = g_dir_read_name (listing); name != NULL;
       name = g_dir_read_name (listing))
    g_assert_false (g_str_has_prefix (name, ".handover-"));
}

/* Saving into a folder that is not there says why in a dialog, and
 * leaves nothing behind.
 */
static void
test_save_error (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->base.folder, "missing", NULL);
  g_autofree char *path = g_build_filename (missing, f->file_name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  guint n_files = cf_test_count_files (f->base.folder);
  GtkWindow *dialog;

  cf_handover_pdf_save_to_file (GTK_WINDOW (f->base.window), f->base.store, f->sheet_id, file);
  dialog = cf_test_ui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "handover-print-error-dialog");
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   _("Cannot Save the Handover Sheet"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            f->file_name));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (cf_test_count_files (f->base.folder), ==, n_files);
  cf_test_ui_save_screenshot (GTK_WIDGET (dialog), screenshot_name ("handover-save-error"));
  gtk_window_destroy (dialog);
}

int
main (int   argc,
      char *argv[])
{
  CfApplication *application = cf_test_ui_init (&argc, &argv);
  int status;

  g_test_add ("/ui/handover-print/save", Fixture, NULL, fixture_set_up, test_save,
              fixture_tear_down);
  g_test_add ("/ui/handover-print/save-error", Fixture, NULL, fixture_set_up, test_save_error,
              fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&application);

  return status;
}
