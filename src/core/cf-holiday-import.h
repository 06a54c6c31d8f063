/* cf-holiday-import.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cf-csv.h"
#include "cf-types.h"

G_BEGIN_DECLS

/* A holiday calendar read from a CSV file (date, name, working_day) and
 * checked, ready to preview and then write in one transaction. Nothing is
 * written until cf_holiday_import_commit().
 */
typedef struct
{
  guint     line;
  char     *date;           /* YYYY-MM-DD once checked; as written when it is not a date */
  char     *name;
  gboolean  working_day;
  char     *replaces;       /* the name the date has now, NULL for a new date */
  char     *problem;        /* NULL when the row can be imported */
} CfHolidayImportRow;

#define CF_TYPE_HOLIDAY_IMPORT (cf_holiday_import_get_type ())

G_DECLARE_FINAL_TYPE (CfHolidayImport, cf_holiday_import, CF, HOLIDAY_IMPORT, GObject)

CfHolidayImport          *cf_holiday_import_new            (CfStore          *store);
gboolean                  cf_holiday_import_load           (CfHolidayImport  *self,
                                                            GBytes           *contents,
                                                            GError          **error);
guint                     cf_holiday_import_get_n_rows     (CfHolidayImport  *self);
const CfHolidayImportRow *cf_holiday_import_get_row        (CfHolidayImport  *self,
                                                            guint             index);
guint                     cf_holiday_import_get_n_problems (CfHolidayImport  *self);
guint                     cf_holiday_import_get_n_updates  (CfHolidayImport  *self);
GStrv                     cf_holiday_import_commit         (CfHolidayImport  *self,
                                                            const char       *author,
                                                            GError          **error);

G_END_DECLS
