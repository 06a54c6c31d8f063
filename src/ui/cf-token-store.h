/* cf-token-store.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void  cf_token_store_save          (const char           *server_url,
                                    const char           *login,
                                    const char           *token);
void  cf_token_store_lookup_async  (const char           *server_url,
                                    const char           *login,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
char *cf_token_store_lookup_finish (GAsyncResult         *result,
                                    GError              **error);

G_END_DECLS
