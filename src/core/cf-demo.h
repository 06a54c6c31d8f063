/* cf-demo.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cf-types.h"

G_BEGIN_DECLS

/* The demo accounts, one per desktop role, all with this password. */
#define CF_DEMO_PASSWORD         "callfloor"
#define CF_DEMO_SUPERVISOR_LOGIN "supervisor"

gboolean cf_demo_populate (CfStore  *store,
                           guint     n_staff,
                           gboolean  chinese,
                           GError  **error);
gboolean cf_demo_populate_at (CfStore    *store,
                              guint       n_staff,
                              gboolean    chinese,
                              GDateTime  *now,
                              GError    **error);

G_END_DECLS
