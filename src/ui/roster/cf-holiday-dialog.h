/* cf-holiday-dialog.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-holiday.h"
#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_HOLIDAY_DIALOG (cf_holiday_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CfHolidayDialog, cf_holiday_dialog, CF, HOLIDAY_DIALOG, AdwWindow)

CfHolidayDialog *cf_holiday_dialog_new (CfContext       *context,
                                        const CfHoliday *holiday,
                                        int              year);

G_END_DECLS
