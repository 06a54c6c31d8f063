/* cf-staff-dialog.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_STAFF_DIALOG (cf_staff_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CfStaffDialog, cf_staff_dialog, CF, STAFF_DIALOG, AdwWindow)

CfStaffDialog *cf_staff_dialog_new (CfContext *context,
                                    CfStaff   *staff);

G_END_DECLS
