/* test-handover-pdf.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A handover sheet printed for the paper archive, from a real database
 * where two shift leads with signing keys sign it out and countersign it,
 * read back with poppler as a person would open the PDF: who signed, when
 * and with which key, every item and note, the addenda, the blank lines
 * for the wet signatures; a sheet changed behind the store's back marked
 * as tampered; long sheets over several pages; and a failure that leaves
 * nothing. Run in English and in zh_CN.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "cf-handover.h"
#include "cf-handover-print.h"
#include "cf-op.h"
#include "cf-signing.h"
#include "cf-store.h"
#include "cf-test-util.h"

#define OUT_PASSWORD "outgoing lead 2026"
#define IN_PASSWORD  "incoming lead 2026"
#define SHIFT_DATE   "2026-03-02"

#define EQUIPMENT_ITEM   "Wallboard 2 flickers"
#define EQUIPMENT_NOTE   "Ticket 4471 raised with facilities"
#define UNFINISHED_ITEM  "Customer 5502 was promised a callback before 16:00"
#define STAFFING_ITEM    "Zhang Wei swapped to the late shift"
#define CHINESE_ITEM     "交换机3号机柜风扇异响，请联系机房值班人员"
#define REMARKS          "Read and understood; wallboard ticket taken over."
#define ADDENDUM_TEXT    "Headset 14 was also broken at the handover."

typedef struct
{
  CfTestSupervisedFixture base;
  char                   *out_id;     /* Olga Petrova, outgoing */
  char                   *in_id;      /* Ivan Chen, incoming */
  char                   *early_id;
  char                   *late_id;
} Fixture;

/* A shift type every new database has (cf-roster.c), by its start. */
static const char *shift_sql = "SELECT id FROM shift_type WHERE start_minute = ? AND deleted = 0";

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  cf_test_supervised_set_up (&f->base, data);
  f->out_id = cf_test_create_signing_user (f->base.store, f->base.supervisor_id, "L400",
                                           "shift_lead", "Olga Petrova", "olga", OUT_PASSWORD);
  f->in_id = cf_test_create_signing_user (f->base.store, f->base.supervisor_id, "L401",
                                          "shift_lead", "Ivan Chen", "ivan", IN_PASSWORD);
  /* Found by their start: their codes are in the language of the database. */
  f->early_id = cf_test_query_text (f->base.store, shift_sql, "420");
  f->late_id = cf_test_query_text (f->base.store, shift_sql, "900");
  g_assert_nonnull (f->early_id);
  g_assert_nonnull (f->late_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->out_id);
  g_free (f->in_id);
  g_free (f->early_id);
  g_free (f->late_id);
  cf_test_supervised_tear_down (&f->base, data);
}

static void
add_item (JsonObject *sections,
          const char *section,
          const char *text,
          const char *note)
{
  JsonArray *items = json_object_get_array_member (sections, section);
  JsonObject *item = json_object_new ();

  json_object_set_string_member (item, "text", text);
  json_object_set_null_member (item, "source");
  if (note != NULL)
    json_object_set_string_member (item, "note", note);
  else
    json_object_set_null_member (item, "note");
  json_array_add_object_element (items, item);
}

static JsonObject *
new_sections (void)
{
  JsonObject *sections = json_object_new ();

  for (guint i = 0; cf_handover_sections[i] != NULL; i++)
    json_object_set_array_member (sections, cf_handover_sections[i], json_array_new ());

  return sections;
}

/* A draft sheet from the early to the late shift with @sections. */
static char *
create_sheet (Fixture    *f,
              JsonObject *sections)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), sections);
  g_autofree char *content = cf_signing_canonical_json (node);
  GPtrArray *ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  CfOp *op = cf_handover_new_sheet (SHIFT_DATE, f->early_id, f->late_id, f->out_id, f->in_id,
                                    content);
  char *id = g_strdup (cf_op_get_record_id (op));

  g_assert_cmpuint (strlen (content), <=, 16000);
  g_ptr_array_add (ops, op);
  cf_test_apply_ops (f->base.store, f->out_id, ops, NULL);

  return id;
}

/* The sheet of the handover the test reads: items in several sections, a
 * note, signed out, countersigned with remarks (sealed), and an addendum.
 */
static char *
create_sealed_sheet (Fixture *f)
{
  g_autoptr (JsonObject) sections = new_sections ();
  g_autoptr (GError) error = NULL;
  char *id;
  GPtrArray *ops;

  add_item (sections, "equipment", EQUIPMENT_ITEM, EQUIPMENT_NOTE);
  add_item (sections, "unfinished", UNFINISHED_ITEM, NULL);
  add_item (sections, "staffing", STAFFING_ITEM, NULL);
  add_item (sections, "instructions", CHINESE_ITEM, NULL);
  id = create_sheet (f, sections);

  ops = cf_handover_sign_out (f->base.store, f->out_id, id, OUT_PASSWORD, &error);
  cf_test_apply_ops (f->base.store, f->out_id, ops, error);
  ops = cf_handover_countersign (f->base.store, f->in_id, id, IN_PASSWORD, REMARKS, &error);
  cf_test_apply_ops (f->base.store, f->in_id, ops, error);
  ops = cf_handover_add_addendum (f->base.store, f->out_id, id, OUT_PASSWORD, ADDENDUM_TEXT,
                                  &error);
  cf_test_apply_ops (f->base.store, f->out_id, ops, error);

  return id;
}

static void
assert_has (const char *squeezed,
            const char *text)
{
  g_autofree char *expected = cf_test_squeeze (text);

  if (strstr (squeezed, expected) == NULL)
    g_error ("“%s” is not in the PDF's text:\n%s", expected, squeezed);
}

static void
assert_lacks (const char *squeezed,
              const char *text)
{
  g_autofree char *unexpected = cf_test_squeeze (text);

  g_assert_null (strstr (squeezed, unexpected));
}

typedef struct
{
  char  *raw;        /* the PDF's text, as pdftotext gives it */
  char  *text;       /* squeezed */
  guint  n_pages;
} Pdf;

static void
pdf_clear (Pdf *pdf)
{
  g_clear_pointer (&pdf->raw, g_free);
  g_clear_pointer (&pdf->text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pdf, pdf_clear)

/* Keeps a copy of the PDF @path as @name, in English or Chinese, with the
 * UI tests' screenshots, for a person to look at.
 */
static void
keep_copy (const char *path,
           const char *name)
{
  const char *folder = g_getenv ("CALLFLOOR_SCREENSHOT_DIR");
  gboolean chinese = g_str_has_prefix (g_get_language_names ()[0], "zh");
  g_autofree char *base = NULL;
  g_autoptr (GFile) source = g_file_new_for_path (path);
  g_autoptr (GFile) copy = NULL;
  g_autoptr (GError) error = NULL;

  if (folder == NULL)
    return;

  base = g_strdup_printf ("handover-%s-%s.pdf", name, chinese ? "zh_CN" : "en");
  g_mkdir_with_parents (folder, 0755);
  copy = g_file_new_build_filename (folder, base, NULL);
  g_file_copy (source, copy, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("PDF: %s", g_file_peek_path (copy));
}

/* Reads the PDF at @path back, checking it is on A4 portrait. */
static void
read_pdf (const char *path,
          Pdf        *pdf)
{
  const char *text_argv[] = { "pdftotext", "-raw", path, "-", NULL };
  const char *info_argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = cf_test_run_tool (info_argv);
  const char *size = strstr (info, "Page size:");
  const char *pages = strstr (info, "Pages:");
  char *end = NULL;
  double width, height;

  g_assert_nonnull (size);
  width = g_ascii_strtod (size + strlen ("Page size:"), &end);
  g_assert_true (g_str_has_prefix (end, " x "));
  height = g_ascii_strtod (end + strlen (" x "), NULL);
  g_assert_cmpfloat_with_epsilon (width, 595.28, 0.01);
  g_assert_cmpfloat_with_epsilon (height, 841.89, 0.01);

  g_assert_nonnull (pages);
  pdf->n_pages = (guint) g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
  g_assert_cmpuint (pdf->n_pages, >=, 1);

  pdf->raw = cf_test_run_tool (text_argv);
  pdf->text = cf_test_squeeze (pdf->raw);
}

/* Writes the sheet's PDF and reads it back; keeps a copy as @name. */
static void
write_pdf (Fixture    *f,
           const char *sheet_id,
           const char *name,
           Pdf        *pdf)
{
  g_autofree char *path = g_build_filename (f->base.dir, "handover.pdf", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (cf_handover_pdf_write (f->base.store, sheet_id, path, &error));
  g_assert_no_error (error);
  keep_copy (path, name);
  read_pdf (path, pdf);
}

/* @iso as the printout shows it: local time, to the minute. */
static char *
local_time (const char *iso)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr (GDateTime) local = NULL;

  g_assert_nonnull (utc);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* A blank line to sign on after the part of @format before its @n-th %s. */
static void
assert_has_blank (const char *squeezed,
                  const char *format,
                  guint       n)
{
  g_auto (GStrv) parts = g_strsplit (format, "%s", -1);
  g_autofree char *label = NULL;

  g_assert_cmpuint (g_strv_length (parts), >, n);
  label = g_strconcat (parts[n], "__________", NULL);
  assert_has (squeezed, label);
}

/* Everything the paper archive needs of a sealed sheet. */
static void
test_sealed (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = create_sealed_sheet (f);
  g_auto (CfHandoverCheck) check = { 0 };
  g_auto (Pdf) pdf = { NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *note = NULL;
  g_autofree char *out_time = NULL;
  g_autofree char *in_time = NULL;
  g_autofree char *out_at = NULL;
  g_autofree char *in_at = NULL;

  g_assert_true (cf_handover_verify (f->base.store, id, &check, &error));
  g_assert_no_error (error);
  g_assert_null (check.message);
  g_assert_nonnull (check.outgoing_fingerprint);
  g_assert_nonnull (check.incoming_fingerprint);

  write_pdf (f, id, "sealed", &pdf);

  assert_has (pdf.text, _("Handover Sheet"));
  assert_has (pdf.text, SHIFT_DATE);
  assert_has (pdf.text, "Olga Petrova");
  assert_has (pdf.text, "Ivan Chen");
  assert_has (pdf.text, _("Sealed"));
  assert_has (pdf.text, check.outgoing_fingerprint);
  assert_has (pdf.text, check.incoming_fingerprint);

  out_at = cf_test_record_string (f->base.store, "handover_sheet", id, "outgoing_signed_at");
  in_at = cf_test_record_string (f->base.store, "handover_sheet", id, "incoming_signed_at");
  out_time = local_time (out_at);
  in_time = local_time (in_at);
  assert_has (pdf.text, out_time);
  assert_has (pdf.text, in_time);

  assert_has (pdf.text, _("Equipment Condition"));
  assert_has (pdf.text, _("Unfinished Work"));
  assert_has (pdf.text, _("Staffing Changes"));
  assert_has (pdf.text, _("Business Changes"));
  assert_has (pdf.text, _("Instructions from Above"));
  assert_has (pdf.text, _("Other Notes"));
  assert_has (pdf.text, EQUIPMENT_ITEM);
  note = g_strdup_printf (_("Note: %s"), EQUIPMENT_NOTE);
  assert_has (pdf.text, note);
  assert_has (pdf.text, UNFINISHED_ITEM);
  assert_has (pdf.text, STAFFING_ITEM);
  assert_has (pdf.text, CHINESE_ITEM);
  /* Business and other notes are empty. */
  assert_has (pdf.text, _("Nothing to hand over"));

  assert_has (pdf.text, REMARKS);
  assert_has (pdf.text, _("Verified: the content and both signatures hold."));
  assert_lacks (pdf.text, "TAMPERED");
  assert_lacks (pdf.text, _("TAMPERED"));

  assert_has (pdf.text, ADDENDUM_TEXT);
  assert_has (pdf.text, _("Signature verified"));

  assert_has_blank (pdf.text, _("Outgoing lead: %s   Date/time: %s"), 0);
  assert_has_blank (pdf.text, _("Outgoing lead: %s   Date/time: %s"), 1);
  assert_has_blank (pdf.text, _("Incoming lead: %s   Date/time: %s"), 0);

  /* The wet signatures come last, after the addenda. */
  g_assert_cmpint (strstr (pdf.raw, ADDENDUM_TEXT) - pdf.raw, <,
                   strstr (pdf.raw, _("Signatures on Paper")) - pdf.raw);
}

/* One changed byte in a sealed sheet, written behind the store's back as
 * the sync path may: the printout says TAMPERED and why.
 */
static void
test_tampered (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *id = create_sealed_sheet (f);
  g_auto (Pdf) pdf = { NULL };
  sqlite3 *db = cf_test_open_raw (f->base.path, CF_TEST_REWRITE_ALWAYS);

  g_assert_cmpint (sqlite3_exec (db, "UPDATE handover_sheet SET content = replace (content, "
                                     "'Wallboard 2', 'Wallboard 3')", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);

  write_pdf (f, id, "tampered", &pdf);
  assert_has (pdf.text, _("TAMPERED"));
  assert_has (pdf.text, _("The content is not what the outgoing lead signed."));
  assert_has (pdf.text, "Wallboard 3 flickers");
  assert_lacks (pdf.text, _("Verified: the content and both signatures hold."));
}

/* 120 items flow over pages, none lost at a page's foot, each page
 * numbered; the blank lines to sign come last.
 */
static void
test_many_items (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (JsonObject) sections = new_sections ();
  g_autofree char *id = NULL;
  g_autofree char *page_2 = NULL;
  g_autofree char *last_page = NULL;
  g_auto (Pdf) pdf = { NULL };
  const char *previous = NULL;

  for (guint i = 1; i <= 120; i++)
    {
      g_autofree char *text = g_strdup_printf ("Open case %03u: customer callback about the "
                                               "outage on Ring Road", i);

      add_item (sections, "unfinished", text, i % 10 == 0 ? "Escalated to the supervisor" : NULL);
    }
  id = create_sheet (f, sections);

  write_pdf (f, id, "many-items", &pdf);
  g_assert_cmpuint (pdf.n_pages, >, 1);
  page_2 = g_strdup_printf (_("Page %u of %u"), 2, pdf.n_pages);
  last_page = g_strdup_printf (_("Page %u of %u"), pdf.n_pages, pdf.n_pages);
  assert_has (pdf.text, page_2);
  assert_has (pdf.text, last_page);
  assert_has (pdf.text, _("Being prepared"));

  for (guint i = 1; i <= 120; i++)
    {
      g_autofree char *marker = g_strdup_printf ("Opencase%03u:", i);
      const char *found = strstr (pdf.text, marker);

      g_assert_nonnull (found);
      g_assert_true (previous == NULL || found > previous);
      previous = found;
    }
  assert_has_blank (pdf.text, _("Incoming lead: %s   Date/time: %s"), 0);
}

/* One item longer than a page is cut between its lines, and no line of it
 * is lost.
 */
static void
test_long_item (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (JsonObject) sections = new_sections ();
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *id = NULL;
  g_auto (Pdf) pdf = { NULL };
  const char *previous = NULL;

  for (guint i = 1; i <= 1800; i++)
    g_string_append_printf (text, "%sw%04u", i > 1 ? " " : "", i);
  add_item (sections, "other", text->str, NULL);
  id = create_sheet (f, sections);

  write_pdf (f, id, "long-item", &pdf);
  g_assert_cmpuint (pdf.n_pages, >, 1);
  for (guint i = 1; i <= 1800; i++)
    {
      g_autofree char *word = g_strdup_printf ("w%04u", i);
      const char *found = strstr (pdf.text, word);

      g_assert_nonnull (found);
      g_assert_true (previous == NULL || found > previous);
      previous = found;
    }
}

/* The lines of @raw but those saying when the page was made, which may
 * differ by a minute between two printouts.
 */
static char *
without_generated (const char *raw)
{
  g_auto (GStrv) parts = g_strsplit (_("Generated %s"), "%s", 2);
  g_auto (GStrv) lines = g_strsplit (raw, "\n", -1);
  GString *kept = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], parts[0]) == NULL)
        g_string_append_printf (kept, "%s\n", lines[i]);
    }

  return g_string_free (kept, FALSE);
}

/* Printing draws the PDF's pages: the print operation, exported as a
 * printer would get the pages, has the same pages and text.
 */
static void
test_print_operation (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = create_sealed_sheet (f);
  g_autofree char *path = g_build_filename (f->base.dir, "printed.pdf", NULL);
  g_autoptr (GtkPrintOperation) operation = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (Pdf) pdf = { NULL };
  g_auto (Pdf) printed = { NULL };
  g_autofree char *pdf_lines = NULL;
  g_autofree char *printed_lines = NULL;

  if (!gtk_is_initialized ())
    {
      g_test_skip ("Printing needs a display");
      return;
    }

  write_pdf (f, id, "sealed", &pdf);
  operation = cf_handover_print_operation_new (f->base.store, id, &error);
  g_assert_no_error (error);
  gtk_print_operation_set_export_filename (operation, path);
  g_assert_cmpint (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL,
                                            &error), ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);

  keep_copy (path, "printed");
  read_pdf (path, &printed);
  g_assert_cmpuint (printed.n_pages, ==, pdf.n_pages);
  pdf_lines = without_generated (pdf.raw);
  printed_lines = without_generated (printed.raw);
  g_assert_cmpstr (printed_lines, ==, pdf_lines);
  assert_has (printed.text, "Olga Petrova");
}

/* A folder that is not there is an error in words, and leaves nothing. */
static void
test_failure (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *id = create_sealed_sheet (f);
  g_autofree char *missing_dir = g_build_filename (f->base.dir, "missing", NULL);
  g_autofree char *missing = g_build_filename (missing_dir, "handover.pdf", NULL);
  g_autofree char *nothing = g_build_filename (f->base.dir, "nothing.pdf", NULL);
  g_autoptr (GError) error = NULL;
  guint n_files = cf_test_count_files (f->base.dir);

  g_assert_false (cf_handover_pdf_write (f->base.store, id, missing, &error));
  g_assert_error (error, CF_HANDOVER_PRINT_ERROR, CF_HANDOVER_PRINT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "handover.pdf"));
  g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (cf_test_count_files (f->base.dir), ==, n_files);
  g_clear_error (&error);

  /* A sheet that is not there is said, and writes nothing either. */
  g_assert_false (cf_handover_pdf_write (f->base.store, "0190f0c2-0000-7000-8000-000000000000",
                                         nothing, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (cf_test_count_files (f->base.dir), ==, n_files);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("CALLFLOOR_LOCALEDIR");

  /* Run in the language of the environment, as the app is. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* Only printing needs a display; without one its test is skipped. */
  gtk_init_check ();

#define ADD(path, func) \
  g_test_add ("/handover-pdf/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("sealed", test_sealed);
  ADD ("tampered", test_tampered);
  ADD ("many-items", test_many_items);
  ADD ("long-item", test_long_item);
  ADD ("print-operation", test_print_operation);
  ADD ("failure", test_failure);

#undef ADD

  return g_test_run ();
}
