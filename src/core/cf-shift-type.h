/* cf-shift-type.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cf-roster-month.h"
#include "cf-roster-rules.h"
#include "cf-types.h"

G_BEGIN_DECLS

GPtrArray *cf_shift_type_list       (CfStore             *store,
                                     GError             **error);
void       cf_shift_type_free       (CfRosterShiftType   *type);
gboolean   cf_shift_time_parse      (const char          *text,
                                     int                 *minute);
char      *cf_shift_time_format     (int                  minute);
char      *cf_shift_times_describe  (const CfShiftTimes  *times);
gboolean   cf_shift_times_check     (const CfShiftTimes  *times,
                                     GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfRosterShiftType, cf_shift_type_free)

G_END_DECLS
