/* cf-case-private.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cf-op.h"
#include "cf-types.h"

G_BEGIN_DECLS

/* What escalations and rush-repair orders share: a case whose steps are
 * append-only entries, each step one batch of its entry and then the
 * case's new state.
 */

gboolean   _cf_case_has_text          (const char  *text);
gboolean   _cf_case_require_text      (const char  *text,
                                       const char  *message,
                                       GError     **error);
void       _cf_case_set_optional_text (JsonObject  *object,
                                       const char  *name,
                                       const char  *text);
GPtrArray *_cf_case_step_batch        (const char  *case_kind,
                                       const char  *case_id,
                                       JsonObject  *set,
                                       CfOp        *entry);
const char *_cf_case_get_string      (JsonObject  *object,
                                       const char  *name);
guint      _cf_case_status_bit        (const char * const *names,
                                       guint        n_names,
                                       const char  *status);
const char *_cf_case_status_name      (const char * const *names,
                                       guint        n_names,
                                       guint        bit);
JsonObject *_cf_case_last_entry       (CfStore     *store,
                                       const char  *entry_kind,
                                       const char  *case_field,
                                       const char  *case_id,
                                       const char  *none,
                                       GError     **error);
gboolean   _cf_case_check_op          (CfStore     *store,
                                       CfOp        *op,
                                       CfRole      role,
                                       GError     **error);

G_END_DECLS
