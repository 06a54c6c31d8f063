/* cf-types.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CfContext         CfContext;
typedef struct _CfSession         CfSession;
typedef struct _CfStaff           CfStaff;
typedef struct _CfStaffDirectory  CfStaffDirectory;
typedef struct _CfStore           CfStore;
typedef struct _CfTeam            CfTeam;

/* The people of DOMAIN.md. Agents are scheduled, scored and ranked;
 * the other roles are the desktop users.
 */
typedef enum
{
  CF_ROLE_AGENT,
  CF_ROLE_SUPERVISOR,
  CF_ROLE_DEPUTY,
  CF_ROLE_SHIFT_LEAD,
  CF_ROLE_INFORMATION_DESK,
  CF_ROLE_COMPLAINTS_DESK,
  CF_N_ROLES
} CfRole;

#define CF_ROLE_BIT(role)     (1u << (role))
#define CF_ROLES_DESKTOP      (CF_ROLE_BIT (CF_ROLE_SUPERVISOR) | \
                               CF_ROLE_BIT (CF_ROLE_DEPUTY) | \
                               CF_ROLE_BIT (CF_ROLE_SHIFT_LEAD) | \
                               CF_ROLE_BIT (CF_ROLE_INFORMATION_DESK) | \
                               CF_ROLE_BIT (CF_ROLE_COMPLAINTS_DESK))
#define CF_ROLES_MANAGERS     (CF_ROLE_BIT (CF_ROLE_SUPERVISOR) | CF_ROLE_BIT (CF_ROLE_DEPUTY))
/* Who plans and adjusts the roster. */
#define CF_ROLES_ROSTER       (CF_ROLES_MANAGERS | CF_ROLE_BIT (CF_ROLE_SHIFT_LEAD))
/* Who works escalations through to their end: resolves and closes them. */
#define CF_ROLES_ESCALATION   (CF_ROLES_ROSTER | CF_ROLE_BIT (CF_ROLE_COMPLAINTS_DESK))

const char *cf_role_to_string   (CfRole      role);
const char *cf_role_get_label   (CfRole      role);
gboolean    cf_role_from_string (const char *text,
                                 CfRole     *role);
gboolean    cf_role_from_label  (const char *label,
                                 CfRole     *role);
gboolean    cf_role_is_desktop  (CfRole      role);

G_END_DECLS
