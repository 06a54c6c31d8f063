/* cf-holidays-dialog.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_HOLIDAYS_DIALOG (cf_holidays_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CfHolidaysDialog, cf_holidays_dialog, CF, HOLIDAYS_DIALOG, AdwWindow)

CfHolidaysDialog *cf_holidays_dialog_new         (CfContext        *context);
int               cf_holidays_dialog_get_year    (CfHolidaysDialog *self);
void              cf_holidays_dialog_set_year    (CfHolidaysDialog *self,
                                                  int               year);
void              cf_holidays_dialog_import_file (CfHolidaysDialog *self,
                                                  GFile            *file);

G_END_DECLS
