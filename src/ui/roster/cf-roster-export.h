/* cf-roster-export.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gtk/gtk.h>

#include "cf-export.h"
#include "cf-roster-month.h"
#include "cf-staff-directory.h"
#include "cf-types.h"

G_BEGIN_DECLS

#define CF_ROSTER_EXPORT_ERROR (cf_roster_export_error_quark ())

typedef enum
{
  CF_ROSTER_EXPORT_ERROR_WRITE,      /* the file cannot be written */
  CF_ROSTER_EXPORT_ERROR_NOT_LOCAL,  /* the file is not in a local folder */
} CfRosterExportError;

typedef enum
{
  CF_ROSTER_EXPORT_PDF_A4,
  CF_ROSTER_EXPORT_PDF_A3,
  CF_ROSTER_EXPORT_XLSX,
  CF_ROSTER_EXPORT_CSV,
} CfRosterExportFormat;

/* A4 and A3 landscape, in points. */
#define CF_ROSTER_EXPORT_A4_WIDTH  CF_EXPORT_A4_WIDTH
#define CF_ROSTER_EXPORT_A4_HEIGHT CF_EXPORT_A4_HEIGHT
#define CF_ROSTER_EXPORT_A3_WIDTH  1190.55
#define CF_ROSTER_EXPORT_A3_HEIGHT 841.89

/* The margin around a PDF page's content, in points (10 mm). */
#define CF_ROSTER_EXPORT_PDF_MARGIN CF_EXPORT_PDF_MARGIN

#define CF_TYPE_ROSTER_EXPORT (cf_roster_export_get_type ())

G_DECLARE_FINAL_TYPE (CfRosterExport, cf_roster_export, CF, ROSTER_EXPORT, GObject)

GQuark             cf_roster_export_error_quark        (void);

CfRosterExport    *cf_roster_export_new                (CfRosterMonth        *month,
                                                        CfStaffDirectory     *directory,
                                                        const guint          *rows,
                                                        guint                 n_rows);
char              *cf_roster_export_get_suggested_name (CfRosterExport       *self,
                                                        CfRosterExportFormat  format);
guint              cf_roster_export_get_n_pages        (CfRosterExport       *self,
                                                        double                width,
                                                        double                height,
                                                        guint                *rows_per_page);
void               cf_roster_export_draw_page          (CfRosterExport       *self,
                                                        cairo_t              *cr,
                                                        double                width,
                                                        double                height,
                                                        guint                 page);
GtkPrintOperation *cf_roster_export_new_print_operation (CfRosterExport      *self);

gboolean           cf_roster_export_write              (CfRosterExport       *self,
                                                        CfRosterExportFormat  format,
                                                        GFile                *file,
                                                        GError              **error);
void               cf_roster_export_write_async        (CfRosterExport       *self,
                                                        CfRosterExportFormat  format,
                                                        GFile                *file,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean           cf_roster_export_write_finish       (CfRosterExport       *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
