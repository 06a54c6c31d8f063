/* cf-team.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_TEAM (cf_team_get_type ())

G_DECLARE_FINAL_TYPE (CfTeam, cf_team, CF, TEAM, GObject)

const char *cf_team_get_id        (CfTeam *self);
const char *cf_team_get_name      (CfTeam *self);
const char *cf_team_get_lead_id   (CfTeam *self);
const char *cf_team_get_lead_name (CfTeam *self);
guint       cf_team_get_n_members (CfTeam *self);

G_END_DECLS
