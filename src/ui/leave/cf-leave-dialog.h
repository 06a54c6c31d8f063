/* cf-leave-dialog.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_LEAVE_DIALOG (cf_leave_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CfLeaveDialog, cf_leave_dialog, CF, LEAVE_DIALOG, AdwWindow)

CfLeaveDialog *cf_leave_dialog_new       (CfContext     *context);
void           cf_leave_dialog_set_staff (CfLeaveDialog *self,
                                          const char    *staff_id);

G_END_DECLS
