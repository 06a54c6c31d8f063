/* cf-sync-engine.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cf-types.h"

G_BEGIN_DECLS

typedef enum
{
  CF_SYNC_STATE_SIGNED_OUT,   /* no session with the server */
  CF_SYNC_STATE_OFFLINE,      /* the server cannot be reached; changes wait */
  CF_SYNC_STATE_UNTRUSTED,    /* the server's certificate is not trusted, or the CA
                               * file cannot be used; changes wait */
  CF_SYNC_STATE_SYNCING,
  CF_SYNC_STATE_SYNCED,
} CfSyncState;

/* Progress of a long upload: @done of @total records sent. */
typedef void (*CfSyncProgress) (guint    done,
                                guint    total,
                                gpointer user_data);

#define CF_TYPE_SYNC_ENGINE (cf_sync_engine_get_type ())

G_DECLARE_FINAL_TYPE (CfSyncEngine, cf_sync_engine, CF, SYNC_ENGINE, GObject)

GTlsDatabase *cf_sync_load_ca_file          (const char           *path,
                                             GError              **error);

CfSyncEngine *cf_sync_engine_new            (CfStore              *store,
                                             const char           *server_url);
void          cf_sync_engine_sign_in_async  (CfSyncEngine         *self,
                                             const char           *login,
                                             const char           *password,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
char         *cf_sync_engine_sign_in_finish (CfSyncEngine         *self,
                                             GAsyncResult         *result,
                                             GError              **error);
void          cf_sync_engine_attach_async   (CfSyncEngine         *self,
                                             CfSyncProgress        progress,
                                             gpointer              progress_data,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean      cf_sync_engine_attach_finish  (CfSyncEngine         *self,
                                             GAsyncResult         *result,
                                             guint                *n_uploaded,
                                             GError              **error);
void          cf_sync_engine_sync_async     (CfSyncEngine         *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean      cf_sync_engine_sync_finish    (CfSyncEngine         *self,
                                             GAsyncResult         *result,
                                             GError              **error);
void          cf_sync_engine_start          (CfSyncEngine         *self);
void          cf_sync_engine_stop           (CfSyncEngine         *self);
gboolean      cf_sync_engine_is_live        (CfSyncEngine         *self);
const char   *cf_sync_engine_get_token      (CfSyncEngine         *self);
const char   *cf_sync_engine_get_server_url (CfSyncEngine         *self);
const char   *cf_sync_engine_get_ca_file    (CfSyncEngine         *self);
void          cf_sync_engine_set_ca_file    (CfSyncEngine         *self,
                                             const char           *ca_file);
const GError *cf_sync_engine_get_trust_error (CfSyncEngine        *self);
void          cf_sync_engine_resume         (CfSyncEngine         *self,
                                             const char           *token,
                                             const char           *user_id);
CfSyncState   cf_sync_engine_get_state      (CfSyncEngine         *self);
const char   *cf_sync_engine_get_user_id    (CfSyncEngine         *self);
void          cf_sync_engine_get_signing_keys (CfSyncEngine       *self,
                                               const char        **public_key,
                                               const char        **sealed_key);

G_END_DECLS
