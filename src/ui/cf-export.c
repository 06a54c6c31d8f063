/* cf-export.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-export"

#include "config.h"

#include "cf-export.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

/* What every export (the roster, the weekly review of escalations) does
 * the same way: a file written next to its target and renamed into place,
 * so a failure leaves no half file; the writing in a thread; and PDF pages
 * drawn in points with Pango, in a font that has Chinese.
 */

/* Files ------------------------------------------------------------------- */

/**
 * cf_export_replace_file:
 * @write: writes the whole file at the path it is given
 * @fail: says, in the export's words, that @path cannot be written
 *
 * Writes a file through a temporary file next to @path, then renames it
 * over @path: if anything fails, @path is as it was and nothing else is
 * left.
 *
 * Returns: whether @path was written
 */
gboolean
cf_export_replace_file (const char         *path,
                        CfExportWriteFunc   write,
                        gpointer            user_data,
                        CfExportFailFunc    fail,
                        GError            **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *temp = g_build_filename (folder, name, NULL);
  int fd;

  g_return_val_if_fail (path != NULL && write != NULL && fail != NULL, FALSE);

  fd = g_mkstemp_full (temp, O_RDWR, 0666);
  if (fd < 0)
    {
      int saved_errno = errno;

      fail (error, path, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);

  if (!write (temp, user_data, error))
    {
      g_unlink (temp);
      return FALSE;
    }
  if (g_rename (temp, path) != 0)
    {
      int saved_errno = errno;

      fail (error, path, g_strerror (saved_errno));
      g_unlink (temp);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  CfExportFileFunc  write;
  int               format;
  GFile            *file;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_object_unref (data->file);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError *error = NULL;

  if (data->write (source_object, data->format, data->file, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * cf_export_write_async:
 * @export: a snapshot that may be written in a thread
 * @write: the export's own write, called in a thread
 *
 * Writes @export in a thread; cf_export_write_finish () gives the result.
 */
void
cf_export_write_async (GObject             *export,
                       CfExportFileFunc     write,
                       int                  format,
                       GFile               *file,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (G_IS_OBJECT (export));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (WriteData, 1);
  data->write = write;
  data->format = format;
  data->file = g_object_ref (file);
  task = g_task_new (export, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_export_write_async);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
cf_export_write_finish (GObject       *export,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, export), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Pages ------------------------------------------------------------------- */

/* The colours of a page's footer, as every export has them. */
#define FOOTER_TEXT_COLOUR 0x595959
#define FOOTER_LINE_COLOUR 0xb0b0b0

/**
 * cf_export_create_context:
 *
 * Text is measured and drawn in points: a context at 72 dpi, without
 * hinting, so a page looks the same in a PDF and on paper.
 *
 * Returns: (transfer full): a context for exported pages
 */
PangoContext *
cf_export_create_context (void)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, 72);
  cairo_font_options_destroy (options);

  return context;
}

/**
 * cf_export_create_text:
 * @size: the font's size, in points
 * @width: the box's width, or 0 for a line as long as the text
 *
 * Returns: (transfer full): @text laid out in the exports' font
 */
PangoLayout *
cf_export_create_text (PangoContext *context,
                       const char   *text,
                       double        size,
                       double        width,
                       CfTextFlags   flags)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *font = pango_font_description_from_string (CF_EXPORT_FONT_FAMILY);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (flags & CF_TEXT_BOLD)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  if (flags & CF_TEXT_ITALIC)
    pango_font_description_set_style (font, PANGO_STYLE_ITALIC);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);

  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_alignment (layout, (flags & CF_TEXT_CENTRE) ? PANGO_ALIGN_CENTER
                                          : (flags & CF_TEXT_RIGHT) ? PANGO_ALIGN_RIGHT
                                          : PANGO_ALIGN_LEFT);
      if (flags & CF_TEXT_WRAP)
        pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      else if (flags & CF_TEXT_ELLIPSIZE)
        pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }

  return layout;
}

double
cf_export_text_width (PangoContext *context,
                      const char   *text,
                      double        size,
                      CfTextFlags   flags)
{
  g_autoptr (PangoLayout) layout = cf_export_create_text (context, text, size, 0, flags);
  int width, height;

  pango_layout_get_size (layout, &width, &height);
  return (double) width / PANGO_SCALE;
}

/* Returns: how tall @layout is, in points */
double
cf_export_text_height (PangoLayout *layout)
{
  int width, height;

  pango_layout_get_size (layout, &width, &height);
  return (double) height / PANGO_SCALE;
}

/* @colour: 0xRRGGBB */
void
cf_export_set_colour (cairo_t *cr,
                      guint32  colour)
{
  cairo_set_source_rgb (cr, ((colour >> 16) & 0xff) / 255.0, ((colour >> 8) & 0xff) / 255.0,
                        (colour & 0xff) / 255.0);
}

void
cf_export_fill_box (cairo_t *cr,
                    guint32  colour,
                    double   x,
                    double   y,
                    double   width,
                    double   height)
{
  cf_export_set_colour (cr, colour);
  cairo_rectangle (cr, x, y, width, height);
  cairo_fill (cr);
}

/* Draws @layout at @x, centred vertically in a box of @height at @y. */
void
cf_export_show_layout (cairo_t     *cr,
                       PangoLayout *layout,
                       double       x,
                       double       y,
                       double       height,
                       guint32      colour)
{
  cf_export_set_colour (cr, colour);
  cairo_move_to (cr, x, y + (height - cf_export_text_height (layout)) / 2);
  pango_cairo_show_layout (cr, layout);
}

/* Draws @text in the box, vertically centred. */
void
cf_export_draw_text (cairo_t      *cr,
                     PangoContext *context,
                     const char   *text,
                     double        x,
                     double        y,
                     double        width,
                     double        height,
                     double        size,
                     CfTextFlags   flags,
                     guint32       colour)
{
  g_autoptr (PangoLayout) layout = cf_export_create_text (context, text, size, width, flags);

  cf_export_show_layout (cr, layout, x, y, height, colour);
}

void
cf_export_draw_line (cairo_t *cr,
                     guint32  colour,
                     double   x0,
                     double   y0,
                     double   x1,
                     double   y1,
                     double   width)
{
  cf_export_set_colour (cr, colour);
  cairo_set_line_width (cr, width);
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1, y1);
  cairo_stroke (cr);
}

/**
 * cf_export_draw_footer:
 * @left_text: what is said at the left, e.g. when the export was made
 * @page_text: the page's number, at the right
 * @y: the footer's top; a thin line is drawn over it
 * @height: the footer's height
 *
 * Draws a page's footer across @width, in grey.
 */
void
cf_export_draw_footer (cairo_t      *cr,
                       PangoContext *context,
                       const char   *left_text,
                       const char   *page_text,
                       double        width,
                       double        y,
                       double        height,
                       double        size)
{
  cf_export_draw_line (cr, FOOTER_LINE_COLOUR, 0, y, width, y, 0.3);
  cf_export_draw_text (cr, context, left_text, 0, y, width / 2, height, size, 0,
                       FOOTER_TEXT_COLOUR);
  cf_export_draw_text (cr, context, page_text, width / 2, y, width / 2, height, size,
                       CF_TEXT_RIGHT, FOOTER_TEXT_COLOUR);
}

/**
 * cf_export_write_pdf:
 * @width: the paper's width, in points
 * @height: the paper's height, in points
 * @count: how many pages the printable area takes
 * @draw: draws one page, with the printable area at the origin
 *
 * Writes a PDF of pages with a margin of %CF_EXPORT_PDF_MARGIN.
 *
 * Returns: whether the PDF was written in full
 */
gboolean
cf_export_write_pdf (const char        *path,
                     double             width,
                     double             height,
                     const char        *title,
                     CfExportCountFunc  count,
                     CfExportDrawFunc   draw,
                     gpointer           user_data)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, width, height);
  double margin = CF_EXPORT_PDF_MARGIN;
  double inner_w = width - 2 * margin, inner_h = height - 2 * margin;
  cairo_status_t status;
  guint n_pages;
  cairo_t *cr;

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Callfloor");
  cr = cairo_create (surface);
  n_pages = count (user_data, inner_w, inner_h);
  for (guint page = 0; page < n_pages; page++)
    {
      cairo_save (cr);
      cairo_translate (cr, margin, margin);
      draw (user_data, cr, inner_w, inner_h, page);
      cairo_restore (cr);
      cairo_show_page (cr);
    }

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_debug ("Cannot write %s: %s", path, cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}
