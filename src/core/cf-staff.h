/* cf-staff.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_STAFF (cf_staff_get_type ())

G_DECLARE_FINAL_TYPE (CfStaff, cf_staff, CF, STAFF, GObject)

const char *cf_staff_get_id          (CfStaff *self);
const char *cf_staff_get_employee_no (CfStaff *self);
const char *cf_staff_get_name        (CfStaff *self);
CfRole      cf_staff_get_role        (CfStaff *self);
const char *cf_staff_get_team_id     (CfStaff *self);
const char *cf_staff_get_team_name   (CfStaff *self);
gboolean    cf_staff_get_active      (CfStaff *self);
const char *cf_staff_get_hire_date   (CfStaff *self);
const char *cf_staff_get_phone       (CfStaff *self);

G_END_DECLS
