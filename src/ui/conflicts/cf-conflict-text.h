/* cf-conflict-text.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cf-registry.h"
#include "cf-types.h"

G_BEGIN_DECLS

char *cf_conflict_describe_record (CfStore       *store,
                                   const char    *kind_name,
                                   const char    *record_id);
char *cf_conflict_describe_value  (CfStore       *store,
                                   const CfField *field,
                                   JsonNode      *value);

G_END_DECLS
