/* cf-duty-log-view.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-types.h"
#include "cf-view.h"

G_BEGIN_DECLS

#define CF_TYPE_DUTY_LOG_VIEW (cf_duty_log_view_get_type ())

G_DECLARE_FINAL_TYPE (CfDutyLogView, cf_duty_log_view, CF, DUTY_LOG_VIEW, CfView)

const char *cf_duty_log_view_get_date   (CfDutyLogView *self);
void        cf_duty_log_view_set_date   (CfDutyLogView *self,
                                         const char    *shift_date);
guint       cf_duty_log_view_get_n_shown (CfDutyLogView *self);

G_END_DECLS
