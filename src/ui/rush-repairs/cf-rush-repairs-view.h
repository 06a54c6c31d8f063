/* cf-rush-repairs-view.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-rush-repair-order.h"
#include "cf-types.h"
#include "cf-view.h"

G_BEGIN_DECLS

#define CF_TYPE_RUSH_REPAIRS_VIEW (cf_rush_repairs_view_get_type ())

G_DECLARE_FINAL_TYPE (CfRushRepairsView, cf_rush_repairs_view, CF, RUSH_REPAIRS_VIEW, CfView)

GListModel        *cf_rush_repairs_view_get_shown     (CfRushRepairsView *self);
CfRushRepairOrder *cf_rush_repairs_view_get_selected  (CfRushRepairsView *self);
void               cf_rush_repairs_view_select        (CfRushRepairsView *self,
                                                       const char        *order_id);
char              *cf_rush_repairs_view_get_cell_text (CfRushRepairsView *self,
                                                       guint              position,
                                                       guint              column);

G_END_DECLS
