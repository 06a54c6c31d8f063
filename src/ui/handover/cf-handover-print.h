/* cf-handover-print.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_HANDOVER_PRINT_ERROR (cf_handover_print_error_quark ())

typedef enum
{
  CF_HANDOVER_PRINT_ERROR_WRITE,      /* the file cannot be written */
  CF_HANDOVER_PRINT_ERROR_NOT_LOCAL,  /* the file is not in a local folder */
} CfHandoverPrintError;

GQuark             cf_handover_print_error_quark   (void);

gboolean           cf_handover_pdf_write           (CfStore     *store,
                                                    const char  *sheet_id,
                                                    const char  *path,
                                                    GError     **error);
GtkPrintOperation *cf_handover_print_operation_new (CfStore     *store,
                                                    const char  *sheet_id,
                                                    GError     **error);
void               cf_handover_print_sheet         (GtkWindow   *parent,
                                                    CfStore     *store,
                                                    const char  *sheet_id);
void               cf_handover_pdf_save            (GtkWindow   *parent,
                                                    CfStore     *store,
                                                    const char  *sheet_id);
void               cf_handover_pdf_save_to_file    (GtkWindow   *parent,
                                                    CfStore     *store,
                                                    const char  *sheet_id,
                                                    GFile       *file);

G_END_DECLS
