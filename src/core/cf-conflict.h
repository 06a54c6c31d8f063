/* cf-conflict.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cf-types.h"

G_BEGIN_DECLS

/* Which version of the conflicting fields a person keeps. */
typedef enum
{
  CF_CONFLICT_KEEP_MINE,      /* the version the server could not merge */
  CF_CONFLICT_KEEP_THEIRS,    /* the version the server kept */
  CF_CONFLICT_KEEP_MERGED,    /* values the person typed */
} CfConflictChoice;

GPtrArray *cf_conflict_resolution_ops (CfStore           *store,
                                       const char        *conflict_id,
                                       CfConflictChoice   choice,
                                       JsonObject        *merged,
                                       GError           **error);
gboolean   cf_conflict_resolve        (CfStore           *store,
                                       const char        *author,
                                       const char        *conflict_id,
                                       CfConflictChoice   choice,
                                       JsonObject        *merged,
                                       GError           **error);

G_END_DECLS
