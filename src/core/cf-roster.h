/* cf-roster.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cf-op.h"
#include "cf-types.h"

G_BEGIN_DECLS

/* Early, middle, late, night and off. */
#define CF_ROSTER_N_DEFAULT_SHIFT_TYPES 5

GPtrArray *cf_roster_default_shift_type_ops (void);

G_END_DECLS
