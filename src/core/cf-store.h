/* cf-store.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>
#include <json-glib/json-glib.h>

#include "cf-op.h"
#include "cf-types.h"

G_BEGIN_DECLS

#define CF_STORE_ERROR (cf_store_error_quark ())

/* What went wrong, in terms a caller can act on. */
typedef enum
{
  CF_STORE_ERROR_FAILED,
  CF_STORE_ERROR_CANT_OPEN,
  CF_STORE_ERROR_NOT_A_DATABASE,
  CF_STORE_ERROR_CORRUPT,
  CF_STORE_ERROR_TOO_NEW,
  CF_STORE_ERROR_READ_ONLY,
  CF_STORE_ERROR_FULL,
  CF_STORE_ERROR_BUSY,
  CF_STORE_ERROR_CONSTRAINT,
  CF_STORE_ERROR_INVALID,
  CF_STORE_ERROR_NOT_FOUND,
  CF_STORE_ERROR_FORBIDDEN,
  CF_STORE_ERROR_CHANGED,
  CF_STORE_ERROR_IMMUTABLE,     /* a record of an append-only kind cannot change */
} CfStoreError;

typedef enum
{
  CF_STORE_FLAGS_NONE    = 0,
  /* synchronous=FULL: a commit survives a power cut (the server). */
  CF_STORE_FLAGS_DURABLE = 1 << 0,
} CfStoreFlags;

/* The schema this build writes; a database with a higher user_version was
 * written by a newer Callfloor and is refused.
 */
#define CF_STORE_SCHEMA_VERSION 11

/* The author of changes made by the server's operator from the command line. */
#define CF_SYSTEM_AUTHOR "system"

/* A cached statement, reset when it goes out of scope:
 *   g_autoptr (CfStatement) stmt = cf_store_prepare (store, SQL, error);
 */
typedef sqlite3_stmt CfStatement;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfStatement, sqlite3_reset)

#define CF_TYPE_STORE (cf_store_get_type ())

G_DECLARE_FINAL_TYPE (CfStore, cf_store, CF, STORE, GObject)

GQuark       cf_store_error_quark      (void);
CfStore     *cf_store_open             (const char          *path,
                                        CfStoreFlags         flags,
                                        GError             **error);
const char  *cf_store_get_path         (CfStore             *self);
const char  *cf_store_get_device_id    (CfStore             *self);
void         cf_store_set_clock        (CfStore             *self,
                                        GDateTime           *moment);
sqlite3     *cf_store_get_connection   (CfStore             *self);
CfStatement *cf_store_prepare          (CfStore             *self,
                                        const char          *sql,
                                        GError             **error);
gboolean     cf_store_exec             (CfStore             *self,
                                        const char          *sql,
                                        GError             **error);
gboolean     cf_store_begin            (CfStore             *self,
                                        GError             **error);
gboolean     cf_store_commit           (CfStore             *self,
                                        GError             **error);
void         cf_store_rollback         (CfStore             *self);
gboolean     cf_store_savepoint        (CfStore             *self,
                                        GError             **error);
gboolean     cf_store_release          (CfStore             *self,
                                        GError             **error);
void         cf_store_rollback_to      (CfStore             *self);
gboolean     cf_store_apply            (CfStore             *self,
                                        const char          *author,
                                        CfOp * const        *ops,
                                        guint                n_ops,
                                        GError             **error);
gboolean     cf_store_apply_system     (CfStore             *self,
                                        CfOp * const        *ops,
                                        guint                n_ops,
                                        GError             **error);
gboolean     cf_store_apply_bootstrap  (CfStore             *self,
                                        const char          *author,
                                        CfOp * const        *ops,
                                        guint                n_ops,
                                        GError             **error);
GPtrArray   *cf_store_undo             (CfStore             *self,
                                        const char          *author,
                                        const char * const  *op_ids,
                                        GError             **error);
JsonObject  *cf_store_get_record       (CfStore             *self,
                                        const char          *kind_name,
                                        const char          *record_id,
                                        GError             **error);
GPtrArray   *cf_store_list_records     (CfStore             *self,
                                        const char          *kind_name,
                                        const char          *field,
                                        const char          *value,
                                        const char          *order_by,
                                        GError             **error);
gboolean     cf_store_check_unique     (CfStore             *self,
                                        const char          *kind_name,
                                        const char          *field_name,
                                        const char          *value,
                                        const char          *except_id,
                                        GError             **error);
gboolean     cf_store_check_value      (CfStore             *self,
                                        const char          *kind_name,
                                        const char          *field_name,
                                        JsonNode            *value,
                                        const char          *record_id,
                                        GError             **error);
gboolean     cf_store_check_conflict_patch (CfStore         *self,
                                            CfOp            *op,
                                            CfRole           role,
                                            GError         **error);
gboolean     cf_store_get_author_role  (CfStore             *self,
                                        const char          *user_id,
                                        CfRole              *role);
gint64       cf_store_count            (CfStore             *self,
                                        const char          *sql);
char        *cf_store_get_meta         (CfStore             *self,
                                        const char          *key);
gboolean     cf_store_set_meta         (CfStore             *self,
                                        const char          *key,
                                        const char          *value,
                                        GError             **error);
const char  *cf_store_immutable_message (void);
gboolean     cf_store_set_sqlite_error (CfStore             *self,
                                        int                  rc,
                                        GError             **error);

G_END_DECLS
