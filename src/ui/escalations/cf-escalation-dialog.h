/* cf-escalation-dialog.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_ESCALATION_DIALOG (cf_escalation_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CfEscalationDialog, cf_escalation_dialog, CF, ESCALATION_DIALOG, AdwWindow)

CfEscalationDialog *cf_escalation_dialog_new (CfContext *context);

G_END_DECLS
