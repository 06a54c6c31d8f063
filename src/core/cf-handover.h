/* cf-handover.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cf-op.h"
#include "cf-signing.h"
#include "cf-store.h"

G_BEGIN_DECLS

#define CF_HANDOVER_ERROR (cf_handover_error_quark ())

typedef enum
{
  CF_HANDOVER_ERROR_FAILED,
  CF_HANDOVER_ERROR_STATE,     /* the sheet is not at the step this needs */
  CF_HANDOVER_ERROR_SIGNER,    /* this person may not sign this side */
  CF_HANDOVER_ERROR_CONTENT,   /* the content is not a sheet's sections */
} CfHandoverError;

/* What cf_handover_verify () found wrong; 0 when the sheet verifies. */
typedef enum
{
  CF_HANDOVER_PROBLEM_CONTENT_CHANGED  = 1 << 0, /* not what the outgoing lead signed */
  CF_HANDOVER_PROBLEM_OUTGOING_INVALID = 1 << 1,
  CF_HANDOVER_PROBLEM_INCOMING_INVALID = 1 << 2,
  CF_HANDOVER_PROBLEM_OUTGOING_MISSING = 1 << 3,
  CF_HANDOVER_PROBLEM_INCOMING_MISSING = 1 << 4,
  CF_HANDOVER_PROBLEM_STATUS           = 1 << 5, /* signatures its status does not claim */
} CfHandoverProblems;

typedef struct
{
  CfHandoverProblems  problems;
  gboolean            sealed;        /* the sheet says it is sealed */
  char               *digest_hex;    /* of the content as it is now */
  char               *outgoing_fingerprint;
  char               *incoming_fingerprint;
  char               *message;       /* what failed, for a person; NULL when nothing */
} CfHandoverCheck;

/* The sections of a sheet's content, in their order. */
extern const char * const cf_handover_sections[];

GQuark      cf_handover_error_quark       (void);

void        cf_handover_check_clear       (CfHandoverCheck  *check);

char       *cf_handover_prefill           (CfStore          *store,
                                           const char       *shift_date,
                                           const char       *outgoing_shift_type_id,
                                           GError          **error);
gboolean    cf_handover_content_digest    (JsonObject       *sheet,
                                           guint8            digest[CF_SIGNING_DIGEST_BYTES]);
CfOp       *cf_handover_new_sheet         (const char       *shift_date,
                                           const char       *outgoing_shift_type_id,
                                           const char       *incoming_shift_type_id,
                                           const char       *outgoing_lead,
                                           const char       *incoming_lead,
                                           const char       *content);
GPtrArray  *cf_handover_edit_content      (CfStore          *store,
                                           const char       *sheet_id,
                                           const char       *content,
                                           GError          **error);
GPtrArray  *cf_handover_set_incoming_lead (CfStore         *store,
                                           const char       *author,
                                           const char       *sheet_id,
                                           const char       *incoming_lead,
                                           GError          **error);
GPtrArray  *cf_handover_sign_out          (CfStore          *store,
                                           const char       *author,
                                           const char       *sheet_id,
                                           const char       *password,
                                           GError          **error);
GPtrArray  *cf_handover_countersign       (CfStore          *store,
                                           const char       *author,
                                           const char       *sheet_id,
                                           const char       *password,
                                           const char       *remarks,
                                           GError          **error);
GPtrArray  *cf_handover_sign_out_with_key (CfStore         *store,
                                           const char       *author,
                                           const char       *sheet_id,
                                           CfSigningKey     *key,
                                           GDateTime        *signed_at,
                                           GError          **error);
GPtrArray  *cf_handover_countersign_with_key (CfStore       *store,
                                           const char       *author,
                                           const char       *sheet_id,
                                           CfSigningKey     *key,
                                           const char       *remarks,
                                           GDateTime        *signed_at,
                                           GError          **error);
GPtrArray  *cf_handover_add_addendum_with_key (CfStore      *store,
                                           const char       *author,
                                           const char       *sheet_id,
                                           CfSigningKey     *key,
                                           const char       *text,
                                           GDateTime        *signed_at,
                                           GError          **error);
gboolean    cf_handover_verify            (CfStore          *store,
                                           const char       *sheet_id,
                                           CfHandoverCheck  *check,
                                           GError          **error);
GPtrArray  *cf_handover_add_addendum      (CfStore          *store,
                                           const char       *author,
                                           const char       *sheet_id,
                                           const char       *password,
                                           const char       *text,
                                           GError          **error);
gboolean    cf_handover_verify_addendum   (CfStore          *store,
                                           const char       *addendum_id,
                                           GError          **error);
GDateTime  *cf_handover_countersign_deadline (const char   *shift_date,
                                              int           incoming_start,
                                              int           outgoing_start,
                                              guint         minutes,
                                              GTimeZone    *local);
GDateTime  *cf_handover_next_countersign_deadline (CfStore  *store,
                                           GDateTime        *now,
                                           guint             minutes,
                                           GError          **error);
GPtrArray  *cf_handover_list_overdue_countersign (CfStore   *store,
                                           GDateTime        *now,
                                           guint             minutes,
                                           GError          **error);
gboolean    cf_handover_check_op          (CfStore          *store,
                                           CfOp             *op,
                                           CfRole            role,
                                           GError          **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CfHandoverCheck, cf_handover_check_clear)

G_END_DECLS
