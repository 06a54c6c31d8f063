/* cf-op.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cf-registry.h"

G_BEGIN_DECLS

/* One change to one record: the only way anything is written. An op is
 * described by its caller (kind, record, new values) and completed by the
 * store when applied (op id, device sequence, author, old values, base rev).
 */
typedef struct _CfOp CfOp;

#define CF_TYPE_OP (cf_op_get_type ())

GType         cf_op_get_type        (void) G_GNUC_CONST;
CfOp         *cf_op_new_create      (const char  *kind_name,
                                     JsonObject  *values);
CfOp         *cf_op_new_patch       (const char  *kind_name,
                                     const char  *record_id,
                                     JsonObject  *set);
CfOp         *cf_op_new_delete      (const char  *kind_name,
                                     const char  *record_id);
CfOp         *cf_op_new_restore     (const char  *kind_name,
                                     const char  *record_id);
CfOp         *cf_op_ref             (CfOp        *op);
void          cf_op_unref           (CfOp        *op);
CfOpAction    cf_op_get_action      (CfOp        *op);
const CfKind *cf_op_get_kind        (CfOp        *op);
const char   *cf_op_get_record_id   (CfOp        *op);
const char   *cf_op_get_op_id       (CfOp        *op);
const char   *cf_op_get_author      (CfOp        *op);
gint64        cf_op_get_device_seq  (CfOp        *op);
JsonObject   *cf_op_get_set         (CfOp        *op);
JsonObject   *cf_op_get_base        (CfOp        *op);
gint64        cf_op_get_base_rev    (CfOp        *op);
char         *cf_op_changes_to_json (CfOp        *op);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfOp, cf_op_unref)

G_END_DECLS
