/* cf-sync-codec.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cf-op.h"

G_BEGIN_DECLS

#define CF_SYNC_PROTOCOL_VERSION 1

#define CF_SYNC_ERROR (cf_sync_error_quark ())

typedef enum
{
  CF_SYNC_ERROR_MALFORMED,      /* not the protocol's shape */
  CF_SYNC_ERROR_NETWORK,
  CF_SYNC_ERROR_UNAUTHORIZED,
  CF_SYNC_ERROR_THROTTLED,
  CF_SYNC_ERROR_GONE,
  CF_SYNC_ERROR_SERVER,
  CF_SYNC_ERROR_WRONG_SERVER,
  CF_SYNC_ERROR_STANDALONE,     /* a database with accounts of its own */
  CF_SYNC_ERROR_UNTRUSTED,      /* the server's TLS certificate is not trusted */
  CF_SYNC_ERROR_CA_FILE,        /* the CA certificate file cannot be used */
  CF_SYNC_ERROR_FORBIDDEN,      /* the user's role may not do this */
  CF_SYNC_ERROR_OTHER_DATA,     /* the server holds another call center's data */
  CF_SYNC_ERROR_REFUSED,        /* the server refused the request; the message says why */
} CfSyncError;

GQuark      cf_sync_error_quark   (void);
JsonNode   *cf_sync_parse         (const char  *data,
                                   gsize        length,
                                   GError     **error);
JsonNode   *cf_sync_op_to_json    (CfOp        *op);
CfOp       *cf_sync_op_from_json  (JsonNode    *node,
                                   GError     **error);
char       *cf_sync_op_hash       (JsonNode    *node);
char       *cf_sync_make_cursor   (const char  *server_id,
                                   gint64       seq);
gboolean    cf_sync_parse_cursor  (const char  *cursor,
                                   const char  *server_id,
                                   gint64      *seq);
char       *cf_sync_to_string     (JsonNode    *node);

G_END_DECLS
