/* cf-staff-import.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cf-csv.h"
#include "cf-types.h"

G_BEGIN_DECLS

/* A staff list read from a CSV file and checked, ready to preview and then
 * write in one transaction. Nothing is written until cf_staff_import_commit().
 */
typedef struct
{
  guint  line;
  char  *employee_no;
  char  *name;
  char  *role_label;
  char  *team_name;
  char  *hire_date;
  char  *phone;
  gboolean active;
  char  *problem;        /* NULL when the row can be imported */
} CfStaffImportRow;

#define CF_TYPE_STAFF_IMPORT (cf_staff_import_get_type ())

G_DECLARE_FINAL_TYPE (CfStaffImport, cf_staff_import, CF, STAFF_IMPORT, GObject)

CfStaffImport          *cf_staff_import_new            (CfStore        *store);
gboolean                cf_staff_import_load           (CfStaffImport  *self,
                                                        GBytes         *contents,
                                                        GError        **error);
guint                   cf_staff_import_get_n_rows     (CfStaffImport  *self);
const CfStaffImportRow *cf_staff_import_get_row        (CfStaffImport  *self,
                                                        guint           index);
guint                   cf_staff_import_get_n_problems (CfStaffImport  *self);
const char * const     *cf_staff_import_get_new_teams  (CfStaffImport  *self);
CfCsvEncoding           cf_staff_import_get_encoding   (CfStaffImport  *self);
GStrv                   cf_staff_import_commit         (CfStaffImport  *self,
                                                        const char     *author,
                                                        GError        **error);
GBytes                 *cf_staff_export_csv            (GListModel     *staff);

G_END_DECLS
