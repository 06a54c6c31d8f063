/* cf-leave-view.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-leave.h"
#include "cf-types.h"
#include "cf-view.h"

G_BEGIN_DECLS

#define CF_TYPE_LEAVE_VIEW (cf_leave_view_get_type ())

G_DECLARE_FINAL_TYPE (CfLeaveView, cf_leave_view, CF, LEAVE_VIEW, CfView)

GListModel     *cf_leave_view_get_shown    (CfLeaveView *self);
CfLeaveRequest *cf_leave_view_get_selected (CfLeaveView *self);
void            cf_leave_view_select       (CfLeaveView *self,
                                            const char  *request_id);

G_END_DECLS
