/* cf-case-private.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cf-op.h"

G_BEGIN_DECLS

/* What escalations and rush-repair orders share: a case whose steps are
 * append-only entries, each step one batch of the case's new state and
 * its entry.
 */

gboolean   _cf_case_has_text          (const char  *text);
gboolean   _cf_case_require_text      (const char  *text,
                                       const char  *message,
                                       GError     **error);
void       _cf_case_set_optional_text (JsonObject  *object,
                                       const char  *name,
                                       const char  *text);
CfOp      *_cf_case_entry_op          (const char  *entry_kind,
                                       const char  *case_field,
                                       const char  *case_id,
                                       const char  *type,
                                       const char  *text,
                                       JsonObject  *values);
GPtrArray *_cf_case_step_batch        (const char  *case_kind,
                                       const char  *case_id,
                                       JsonObject  *set,
                                       CfOp        *entry);

G_END_DECLS
