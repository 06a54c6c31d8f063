/* cf-teams-dialog.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_TEAMS_DIALOG (cf_teams_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CfTeamsDialog, cf_teams_dialog, CF, TEAMS_DIALOG, AdwWindow)

CfTeamsDialog *cf_teams_dialog_new (CfContext *context);

G_END_DECLS
