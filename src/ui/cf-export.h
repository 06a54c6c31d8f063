/* cf-export.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <pango/pango.h>

G_BEGIN_DECLS

/* A4 landscape, in points. */
#define CF_EXPORT_A4_WIDTH  841.89
#define CF_EXPORT_A4_HEIGHT 595.28

/* A4 portrait, in points. */
#define CF_EXPORT_A4_PORTRAIT_WIDTH  CF_EXPORT_A4_HEIGHT
#define CF_EXPORT_A4_PORTRAIT_HEIGHT CF_EXPORT_A4_WIDTH

/* The margin around a PDF page's content, in points (10 mm). */
#define CF_EXPORT_PDF_MARGIN 28.35

/* The fonts of exported pages: a CJK family first, so Chinese renders. */
#define CF_EXPORT_FONT_FAMILY "Noto Sans CJK SC, Sans"

/* Writes a whole file at @path. */
typedef gboolean (*CfExportWriteFunc) (const char  *path,
                                       gpointer     user_data,
                                       GError     **error);

/* Sets @error to say that @path could not be written, and why. */
typedef void     (*CfExportFailFunc)  (GError     **error,
                                       const char  *path,
                                       const char  *reason);

/* Writes @export in @format to @file, as the export's own write does. */
typedef gboolean (*CfExportFileFunc)  (GObject     *export,
                                       int          format,
                                       GFile       *file,
                                       GError     **error);

/* How many pages of the printable size a document takes, and one page. */
typedef guint    (*CfExportCountFunc) (gpointer     user_data,
                                       double       width,
                                       double       height);
typedef void     (*CfExportDrawFunc)  (gpointer     user_data,
                                       cairo_t     *cr,
                                       double       width,
                                       double       height,
                                       guint        page);

typedef enum
{
  CF_TEXT_BOLD      = 1 << 0,
  CF_TEXT_ITALIC    = 1 << 1,
  CF_TEXT_CENTRE    = 1 << 2,
  CF_TEXT_RIGHT     = 1 << 3,
  CF_TEXT_ELLIPSIZE = 1 << 4,
  CF_TEXT_WRAP      = 1 << 5,
} CfTextFlags;

gboolean      cf_export_replace_file      (const char           *path,
                                           CfExportWriteFunc     write,
                                           gpointer              user_data,
                                           CfExportFailFunc      fail,
                                           GError              **error);
void          cf_export_write_async       (GObject              *export,
                                           CfExportFileFunc      write,
                                           int                   format,
                                           GFile                *file,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean      cf_export_write_finish      (GObject              *export,
                                           GAsyncResult         *result,
                                           GError              **error);

PangoContext *cf_export_create_context    (void);
PangoLayout  *cf_export_create_text       (PangoContext         *context,
                                           const char           *text,
                                           double                size,
                                           double                width,
                                           CfTextFlags           flags);
double        cf_export_text_width        (PangoContext         *context,
                                           const char           *text,
                                           double                size,
                                           CfTextFlags           flags);
double        cf_export_text_height       (PangoLayout          *layout);
void          cf_export_set_colour        (cairo_t              *cr,
                                           guint32               colour);
void          cf_export_fill_box          (cairo_t              *cr,
                                           guint32               colour,
                                           double                x,
                                           double                y,
                                           double                width,
                                           double                height);
void          cf_export_show_layout       (cairo_t              *cr,
                                           PangoLayout          *layout,
                                           double                x,
                                           double                y,
                                           double                height,
                                           guint32               colour);
void          cf_export_draw_text         (cairo_t              *cr,
                                           PangoContext         *context,
                                           const char           *text,
                                           double                x,
                                           double                y,
                                           double                width,
                                           double                height,
                                           double                size,
                                           CfTextFlags           flags,
                                           guint32               colour);
void          cf_export_draw_line         (cairo_t              *cr,
                                           guint32               colour,
                                           double                x0,
                                           double                y0,
                                           double                x1,
                                           double                y1,
                                           double                width);
void          cf_export_draw_footer       (cairo_t              *cr,
                                           PangoContext         *context,
                                           const char           *left_text,
                                           const char           *page_text,
                                           double                width,
                                           double                y,
                                           double                height,
                                           double                size);
gboolean      cf_export_write_pdf         (const char           *path,
                                           double                width,
                                           double                height,
                                           const char           *title,
                                           CfExportCountFunc     count,
                                           CfExportDrawFunc      draw,
                                           gpointer              user_data);

G_END_DECLS
