/* cf-authority.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cf-op.h"
#include "cf-types.h"

G_BEGIN_DECLS

/* What the server answered for one op (DESIGN.md, "Sync"). */
typedef enum
{
  CF_OP_RESULT_APPLIED,
  CF_OP_RESULT_DUPLICATE,
  CF_OP_RESULT_CONFLICT,
  CF_OP_RESULT_REJECTED,
  CF_OP_RESULT_RETRY,
} CfOpResultStatus;

typedef struct
{
  CfOpResultStatus  status;
  gint64            rev;                  /* applied, conflict: the record's new rev */
  gint64            seq;                  /* applied, conflict: its change-log position */
  char             *conflict_id;          /* conflict */
  char             *error;                /* rejected, retry: forbidden, invalid, not_found,
                                             immutable, idempotency_key_reuse,
                                             out_of_order, stale */
  char             *reason;               /* rejected: words for a person */
  gint64            expected_device_seq;  /* retry/out_of_order */
  CfOpResultStatus  original_status;      /* duplicate: what the first attempt got */
  JsonObject       *record;               /* conflict, rejected: the server's state of the
                                             record, as the change feed has it */
  gboolean          record_gone;          /* conflict, rejected: the server has no such record */
} CfOpResult;

void        cf_op_result_free     (CfOpResult       *result);
const char *cf_op_result_status_to_string (CfOpResultStatus status);
JsonNode   *cf_op_result_to_json  (const CfOpResult *result,
                                   const char       *op_id);
CfOpResult *cf_op_result_from_json (JsonObject      *object,
                                    GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfOpResult, cf_op_result_free)

#define CF_ATTACH_ERROR (cf_attach_error_quark ())

/* Why a standalone database cannot be attached to this server. */
typedef enum
{
  CF_ATTACH_ERROR_OTHER_DATA,   /* the server holds another call center's data */
  CF_ATTACH_ERROR_INVALID,      /* an uploaded record breaks a rule; the message names it */
} CfAttachError;

GQuark      cf_attach_error_quark (void);

CfOpResult *cf_authority_apply      (CfStore     *store,
                                     CfOp        *op,
                                     const char  *device_id,
                                     const char  *request_hash,
                                     GError     **error);
GPtrArray  *cf_authority_changes    (CfStore     *store,
                                     CfRole       role,
                                     gint64       since,
                                     guint        limit,
                                     gint64      *last_seq,
                                     gboolean    *has_more,
                                     GError     **error);
gboolean    cf_authority_attach_record (CfStore    *store,
                                        CfOp       *op,
                                        CfRole      role,
                                        CfOpResult *result,
                                        GError    **error);
gboolean    cf_authority_attach     (CfStore     *store,
                                     const char  *database_id,
                                     const char  *user_id,
                                     guint        page,
                                     JsonArray   *records,
                                     gboolean     last,
                                     guint       *n_applied,
                                     GError     **error);
JsonObject *cf_authority_record_envelope (CfStore      *store,
                                          const CfKind *kind,
                                          const char   *record_id,
                                          gint64        seq,
                                          gboolean      with_secrets,
                                          GError      **error);
gint64      cf_authority_last_seq   (CfStore     *store);
gboolean    cf_authority_publish_local_ops (CfStore  *store,
                                            GError  **error);

G_END_DECLS
