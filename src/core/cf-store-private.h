/* cf-store-private.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cf-store.h"

G_BEGIN_DECLS

/* The pieces of the write path that the server's authority (cf-authority.c)
 * and the desktop's replica share with cf_store_apply().
 */
const char *_cf_store_kind_sql       (const char     *format,
                                      ...) G_GNUC_PRINTF (1, 2);
gint64      _cf_store_query_integer  (CfStore        *self,
                                      const char     *sql,
                                      GError        **error);
gboolean    _cf_store_validate_field (CfStore        *self,
                                      const CfKind   *kind,
                                      const CfField  *field,
                                      JsonNode       *value,
                                      const char     *record_id,
                                      GError        **error);
gboolean    _cf_store_insert_record  (CfStore        *self,
                                      CfOp           *op,
                                      GError        **error);
gboolean    _cf_store_update_record  (CfStore        *self,
                                      CfOp           *op,
                                      GError        **error);
int         _cf_store_step_sync_write (CfStore       *self,
                                       sqlite3_stmt  *stmt);
gboolean    _cf_store_exec_sync_write (CfStore       *self,
                                       const char    *sql,
                                       GError       **error);
void        _cf_store_note_change    (CfStore        *self,
                                      const char     *kind_name,
                                      const char     *record_id);

G_END_DECLS
