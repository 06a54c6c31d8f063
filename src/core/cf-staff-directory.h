/* cf-staff-directory.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cf-staff.h"
#include "cf-team.h"
#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_STAFF_DIRECTORY (cf_staff_directory_get_type ())

G_DECLARE_FINAL_TYPE (CfStaffDirectory, cf_staff_directory, CF, STAFF_DIRECTORY, GObject)

CfStaffDirectory *cf_staff_directory_new         (CfStore          *store);
GListModel       *cf_staff_directory_get_staff   (CfStaffDirectory *self);
GListModel       *cf_staff_directory_get_teams   (CfStaffDirectory *self);
CfStaff          *cf_staff_directory_lookup      (CfStaffDirectory *self,
                                                  const char       *staff_id);
CfTeam           *cf_staff_directory_lookup_team (CfStaffDirectory *self,
                                                  const char       *team_id);
CfTeam           *cf_staff_directory_find_team   (CfStaffDirectory *self,
                                                  const char       *name);

G_END_DECLS
