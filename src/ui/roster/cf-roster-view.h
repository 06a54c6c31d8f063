/* cf-roster-view.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cf-roster-export.h"
#include "cf-roster-grid.h"
#include "cf-view.h"

G_BEGIN_DECLS

#define CF_TYPE_ROSTER_VIEW (cf_roster_view_get_type ())

G_DECLARE_FINAL_TYPE (CfRosterView, cf_roster_view, CF, ROSTER_VIEW, CfView)

CfRosterGrid *cf_roster_view_get_grid   (CfRosterView *self);
void          cf_roster_view_show_month (CfRosterView *self,
                                         int           year,
                                         int           month_number);
void          cf_roster_view_export_file (CfRosterView         *self,
                                          CfRosterExportFormat  format,
                                          GFile                *file);

G_END_DECLS
