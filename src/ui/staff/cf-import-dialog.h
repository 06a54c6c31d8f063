/* cf-import-dialog.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_IMPORT_DIALOG (cf_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CfImportDialog, cf_import_dialog, CF, IMPORT_DIALOG, AdwWindow)

CfImportDialog *cf_import_dialog_new            (CfContext      *context,
                                                 GFile          *file,
                                                 GBytes         *contents);
guint           cf_import_dialog_get_n_problems (CfImportDialog *self);

G_END_DECLS
