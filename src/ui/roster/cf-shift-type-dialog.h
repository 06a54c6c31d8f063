/* cf-shift-type-dialog.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-roster-month.h"
#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_SHIFT_TYPE_DIALOG (cf_shift_type_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CfShiftTypeDialog, cf_shift_type_dialog, CF, SHIFT_TYPE_DIALOG, AdwWindow)

CfShiftTypeDialog *cf_shift_type_dialog_new (CfContext               *context,
                                             const CfRosterShiftType *type);

G_END_DECLS
