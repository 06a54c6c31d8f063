/* cf-escalations-view.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-escalation-summary.h"
#include "cf-types.h"
#include "cf-view.h"
#include "cf-weekly-review.h"

G_BEGIN_DECLS

#define CF_TYPE_ESCALATIONS_VIEW (cf_escalations_view_get_type ())

G_DECLARE_FINAL_TYPE (CfEscalationsView, cf_escalations_view, CF, ESCALATIONS_VIEW, CfView)

GListModel          *cf_escalations_view_get_shown    (CfEscalationsView *self);
CfEscalationSummary *cf_escalations_view_get_selected (CfEscalationsView *self);
void                 cf_escalations_view_select       (CfEscalationsView *self,
                                                       const char        *escalation_id);
char                *cf_escalations_view_get_cell_text (CfEscalationsView *self,
                                                        guint              position,
                                                        guint              column);
void                 cf_escalations_view_save_weekly_review (CfEscalationsView    *self,
                                                             const GDate          *day,
                                                             CfWeeklyReviewFormat  format,
                                                             GFile                *file);

G_END_DECLS
