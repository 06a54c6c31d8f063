/* cf-uuid.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *cf_uuid_new_v7   (void);
char     *cf_uuid_from_name (const char *name);
gboolean  cf_uuid_is_valid (const char *text);
char     *cf_utc_now_iso   (void);
char     *cf_utc_iso       (GDateTime  *time);

G_END_DECLS
