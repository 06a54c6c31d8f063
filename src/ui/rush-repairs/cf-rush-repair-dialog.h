/* cf-rush-repair-dialog.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_RUSH_REPAIR_DIALOG (cf_rush_repair_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CfRushRepairDialog, cf_rush_repair_dialog, CF, RUSH_REPAIR_DIALOG, AdwWindow)

CfRushRepairDialog *cf_rush_repair_dialog_new            (CfContext          *context);
void                cf_rush_repair_dialog_set_escalation (CfRushRepairDialog *self,
                                                          const char         *escalation_id);

G_END_DECLS
