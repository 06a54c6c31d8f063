/* cf-roster-grid.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cf-roster-month.h"
#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_ROSTER_GRID (cf_roster_grid_get_type ())

G_DECLARE_FINAL_TYPE (CfRosterGrid, cf_roster_grid, CF, ROSTER_GRID, GtkWidget)

GtkWidget     *cf_roster_grid_new            (CfContext     *context);
void           cf_roster_grid_set_month      (CfRosterGrid  *self,
                                              CfRosterMonth *month);
CfRosterMonth *cf_roster_grid_get_month      (CfRosterGrid  *self);
void           cf_roster_grid_set_rows       (CfRosterGrid  *self,
                                              const guint   *rows,
                                              guint          n_rows);
guint          cf_roster_grid_get_n_rows     (CfRosterGrid  *self);
const guint   *cf_roster_grid_get_rows       (CfRosterGrid  *self,
                                              guint         *n_rows);
void           cf_roster_grid_set_rules      (CfRosterGrid  *self,
                                              const CfRosterRules *rules);
void           cf_roster_grid_set_paint_shift (CfRosterGrid *self,
                                              guint          shift);
void           cf_roster_grid_set_cursor     (CfRosterGrid  *self,
                                              guint          row,
                                              guint          day,
                                              gboolean       extend);
void           cf_roster_grid_get_cursor     (CfRosterGrid  *self,
                                              guint         *row,
                                              guint         *day);
gboolean       cf_roster_grid_type_code      (CfRosterGrid  *self,
                                              const char    *code);
gboolean       cf_roster_grid_clear          (CfRosterGrid  *self);
char          *cf_roster_grid_copy_text      (CfRosterGrid  *self);
gboolean       cf_roster_grid_paste_text     (CfRosterGrid  *self,
                                              const char    *text);
gboolean       cf_roster_grid_apply_pattern  (CfRosterGrid  *self,
                                              const char    *pattern);
gboolean       cf_roster_grid_copy_previous_week (CfRosterGrid *self);
gboolean       cf_roster_grid_copy_previous_month (CfRosterGrid *self);
void           cf_roster_grid_select_all     (CfRosterGrid  *self);
gboolean       cf_roster_grid_undo           (CfRosterGrid  *self);
gboolean       cf_roster_grid_redo           (CfRosterGrid  *self);
char          *cf_roster_grid_describe_cursor (CfRosterGrid *self);

const char    *cf_roster_grid_cell_code      (CfRosterMonth *month,
                                              CfRosterCell   cell);
const char    *cf_roster_grid_weekday_name   (GDateWeekday   weekday);
gboolean       cf_roster_grid_is_day_off     (CfRosterMonth *month,
                                              guint          day);

G_END_DECLS
