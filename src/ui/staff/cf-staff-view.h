/* cf-staff-view.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-types.h"
#include "cf-view.h"

G_BEGIN_DECLS

#define CF_TYPE_STAFF_VIEW (cf_staff_view_get_type ())

G_DECLARE_FINAL_TYPE (CfStaffView, cf_staff_view, CF, STAFF_VIEW, CfView)

GListModel *cf_staff_view_get_shown   (CfStaffView *self);
CfStaff    *cf_staff_view_get_selected (CfStaffView *self);
void        cf_staff_view_select      (CfStaffView *self,
                                       const char  *staff_id);
void        cf_staff_view_import_file (CfStaffView *self,
                                       GFile       *file);
void        cf_staff_view_export_file (CfStaffView *self,
                                       GFile       *file);

G_END_DECLS
