/* cf-replica.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cf-authority.h"
#include "cf-op.h"
#include "cf-types.h"

G_BEGIN_DECLS

char      *cf_replica_device_id        (CfStore      *store,
                                        const char   *author);
GPtrArray *cf_replica_pending_ops      (CfStore      *store,
                                        const char   *author,
                                        guint         limit,
                                        GError      **error);
gboolean   cf_replica_record_answers   (CfStore      *store,
                                        GPtrArray    *ops,
                                        GPtrArray    *results,
                                        GError      **error);
gboolean   cf_replica_apply_changes    (CfStore      *store,
                                        JsonArray    *changes,
                                        const char   *cursor,
                                        GError      **error);
char      *cf_replica_get_cursor       (CfStore      *store);
gboolean   cf_replica_forget_cursor    (CfStore      *store,
                                        GError      **error);
guint      cf_replica_count_pending    (CfStore      *store);
guint      cf_replica_count_conflicts  (CfStore      *store);
GPtrArray *cf_replica_list_conflicts   (CfStore      *store,
                                        GError      **error);
GPtrArray *cf_replica_list_refused     (CfStore      *store,
                                        GError      **error);
GPtrArray *cf_replica_snapshot         (CfStore      *store,
                                        GError      **error);
gboolean   cf_replica_finish_attach    (CfStore      *store,
                                        const char   *server_id,
                                        GError      **error);

G_END_DECLS
