/* cf-password.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CF_PASSWORD_MIN_LENGTH 8

char     *cf_password_hash   (const char  *password,
                              GError     **error);
gboolean  cf_password_verify (const char  *hash,
                              const char  *password);
gboolean  cf_password_check_strength (const char  *password,
                                      GError     **error);

G_END_DECLS
