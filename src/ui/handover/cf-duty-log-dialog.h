/* cf-duty-log-dialog.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_DUTY_LOG_DIALOG (cf_duty_log_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CfDutyLogDialog, cf_duty_log_dialog, CF, DUTY_LOG_DIALOG, AdwWindow)

CfDutyLogDialog *cf_duty_log_dialog_new (CfContext  *context,
                                         const char *shift_date);

G_END_DECLS
