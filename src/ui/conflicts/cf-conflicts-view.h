/* cf-conflicts-view.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-types.h"
#include "cf-view.h"

G_BEGIN_DECLS

#define CF_TYPE_CONFLICTS_VIEW (cf_conflicts_view_get_type ())

G_DECLARE_FINAL_TYPE (CfConflictsView, cf_conflicts_view, CF, CONFLICTS_VIEW, CfView)

G_END_DECLS
