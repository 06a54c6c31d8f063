/* cf-holiday.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cf-op.h"
#include "cf-types.h"

G_BEGIN_DECLS

/* A day of the holiday calendar: a public holiday, or a weekend day worked
 * instead of one (调休上班).
 */
typedef struct
{
  char     *id;
  char     *date;          /* YYYY-MM-DD */
  char     *name;
  gboolean  working_day;
} CfHoliday;

void       cf_holiday_free       (CfHoliday   *holiday);
GPtrArray *cf_holiday_list_year  (CfStore     *store,
                                  int          year,
                                  GError     **error);
CfHoliday *cf_holiday_lookup     (CfStore     *store,
                                  const char  *date);
void       cf_holiday_add_ops    (CfStore     *store,
                                  const char  *date,
                                  const char  *name,
                                  gboolean     working_day,
                                  GPtrArray   *ops);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfHoliday, cf_holiday_free)

G_END_DECLS
