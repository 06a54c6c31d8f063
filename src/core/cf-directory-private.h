/* cf-directory-private.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cf-staff.h"
#include "cf-team.h"

G_BEGIN_DECLS

/* Row values as the staff directory reads them; the directory is the only
 * writer of CfStaff and CfTeam objects.
 */
typedef struct
{
  const char *id;
  const char *employee_no;
  const char *name;
  CfRole      role;
  const char *team_id;
  const char *team_name;
  gboolean    active;
  const char *hire_date;
  const char *phone;
} CfStaffValues;

CfStaff *_cf_staff_new        (const CfStaffValues *values);
void     _cf_staff_set_values (CfStaff             *self,
                               const CfStaffValues *values);
CfTeam  *_cf_team_new         (const char          *id);
void     _cf_team_set_values  (CfTeam              *self,
                               const char          *name,
                               const char          *lead_id,
                               const char          *lead_name,
                               guint                n_members);

G_END_DECLS
