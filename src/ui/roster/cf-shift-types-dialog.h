/* cf-shift-types-dialog.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_SHIFT_TYPES_DIALOG (cf_shift_types_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CfShiftTypesDialog, cf_shift_types_dialog, CF, SHIFT_TYPES_DIALOG, AdwWindow)

CfShiftTypesDialog *cf_shift_types_dialog_new (CfContext *context);

G_END_DECLS
