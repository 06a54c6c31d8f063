/* cf-server-admin.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int cf_server_admin_init (int    argc,
                          char **argv);
int cf_server_admin_user (int    argc,
                          char **argv);

G_END_DECLS
