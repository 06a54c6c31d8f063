/* cf-rush-repair-step-dialog.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-types.h"

G_BEGIN_DECLS

/* The steps of a rush-repair order that ask for a text. */
typedef enum
{
  CF_RUSH_REPAIR_STEP_REPAIRED,
  CF_RUSH_REPAIR_STEP_CALLBACK,
  CF_RUSH_REPAIR_STEP_REOPEN,
} CfRushRepairStep;

#define CF_TYPE_RUSH_REPAIR_STEP_DIALOG (cf_rush_repair_step_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CfRushRepairStepDialog, cf_rush_repair_step_dialog, CF,
                      RUSH_REPAIR_STEP_DIALOG, AdwWindow)

CfRushRepairStepDialog *cf_rush_repair_step_dialog_new (CfContext        *context,
                                                        const char       *order_id,
                                                        const char       *order_summary,
                                                        CfRushRepairStep  step);

G_END_DECLS
