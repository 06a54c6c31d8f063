/* cf-op-private.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cf-op.h"

G_BEGIN_DECLS

struct _CfOp
{
  gatomicrefcount  ref_count;
  CfOpAction       action;
  const CfKind    *kind;
  char            *record_id;
  JsonObject      *set;
  JsonObject      *base;
  gint64           base_rev;

  /* Filled in by the store when the op is applied. */
  char            *op_id;
  gint64           device_seq;
  char            *author;
  char            *created_at;
  char            *undoes;
  CfOpAction       permission_action;
};

CfOp *_cf_op_new        (CfOpAction  action,
                         const char *kind_name,
                         const char *record_id,
                         JsonObject *set);
CfOp *_cf_op_new_remote (CfOpAction  action,
                         const char *kind_name,
                         const char *record_id,
                         JsonObject *set,
                         JsonObject *base,
                         gint64      base_rev,
                         const char *op_id,
                         gint64      device_seq,
                         const char *author,
                         const char *created_at);

G_END_DECLS
