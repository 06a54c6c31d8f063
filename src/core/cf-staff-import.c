/* cf-staff-import.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-staff-import"

#include "config.h"

#include "cf-staff-import.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "cf-registry.h"
#include "cf-staff.h"
#include "cf-store.h"

typedef enum
{
  COLUMN_EMPLOYEE_NO,
  COLUMN_NAME,
  COLUMN_ROLE,
  COLUMN_TEAM,
  COLUMN_STATUS,
  COLUMN_HIRE_DATE,
  COLUMN_PHONE,
  N_COLUMNS
} Column;

/* Header names people use, in English and Chinese; the field labels of the
 * current language are accepted too. Compared case-folded, spaces removed.
 */
static const CfCsvColumn columns[N_COLUMNS] = {
  { N_("Employee number"),
    { "employeenumber", "employeeno", "employee_no", "empno", "staffno", "number", "id",
      "工号", "工號", "员工编号" } },
  { N_("Name"), { "name", "fullname", "staffname", "姓名", "名字", "员工姓名", "員工姓名" } },
  { N_("Role"), { "role", "position", "角色", "岗位", "崗位", "职位", "職位" } },
  { N_("Team"), { "team", "group", "班组", "班組", "小组", "小組", "组别", "組別", "团队", "團隊" } },
  { N_("Status"), { "status", "active", "状态", "狀態", "在职状态", "在職狀態" } },
  { N_("Hire date"), { "hiredate", "hire_date", "startdate", "joined", "入职日期",
                       "入職日期", "入职时间", "入職時間" } },
  { N_("Extension or phone"), { "phone", "extension", "ext", "tel", "telephone", "分机",
                                "分機", "电话", "電話", "分机号" } },
};

/* Role names as Chinese call centres write them. */
static const struct
{
  const char *text;
  CfRole      role;
} role_aliases[] = {
  { "坐席", CF_ROLE_AGENT }, { "话务员", CF_ROLE_AGENT }, { "話務員", CF_ROLE_AGENT },
  { "客服", CF_ROLE_AGENT },
  { "主管", CF_ROLE_SUPERVISOR },
  { "副主管", CF_ROLE_DEPUTY },
  { "班长", CF_ROLE_SHIFT_LEAD }, { "班長", CF_ROLE_SHIFT_LEAD },
  { "信息席", CF_ROLE_INFORMATION_DESK }, { "客服信息席", CF_ROLE_INFORMATION_DESK },
  { "资讯席", CF_ROLE_INFORMATION_DESK }, { "資訊席", CF_ROLE_INFORMATION_DESK },
  { "投诉处理席", CF_ROLE_COMPLAINTS_DESK }, { "投訴處理席", CF_ROLE_COMPLAINTS_DESK },
  { "投诉席", CF_ROLE_COMPLAINTS_DESK }, { "投訴席", CF_ROLE_COMPLAINTS_DESK },
};

struct _CfStaffImport
{
  GObject        parent_instance;

  CfStore       *store;
  GArray        *rows;          /* CfStaffImportRow */
  GPtrArray     *new_teams;     /* team names not yet in the store, NULL-terminated */
  guint          n_problems;
  CfCsvEncoding  encoding;
};

G_DEFINE_FINAL_TYPE (CfStaffImport, cf_staff_import, G_TYPE_OBJECT)

static void
clear_row (CfStaffImportRow *row)
{
  g_free (row->employee_no);
  g_free (row->name);
  g_free (row->role_label);
  g_free (row->team_name);
  g_free (row->hire_date);
  g_free (row->phone);
  g_free (row->problem);
}

static gboolean
map_columns (GStrv    header,
             int      positions[N_COLUMNS],
             GError **error)
{
  cf_csv_map_columns ((const char * const *) header, columns, N_COLUMNS, positions);

  for (guint c = COLUMN_EMPLOYEE_NO; c <= COLUMN_NAME; c++)
    {
      if (positions[c] < 0)
        {
          g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                       /* translators: %s is a column such as “Employee number” */
                       _("Line 1: the file has no “%s” column. The first line must name "
                         "the columns, for example: Employee number, Name, Role, Team, "
                         "Hire date, Phone (or 工号, 姓名, 角色, 班组, 入职日期, 电话)."),
                       g_dgettext (GETTEXT_PACKAGE, columns[c].label));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
parse_role (const char *text,
            CfRole     *role)
{
  if (text[0] == '\0')
    {
      *role = CF_ROLE_AGENT;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (role_aliases); i++)
    {
      if (g_str_equal (text, role_aliases[i].text))
        {
          *role = role_aliases[i].role;
          return TRUE;
        }
    }

  return cf_role_from_label (text, role);
}

static gboolean
parse_status (const char *text,
              gboolean   *active)
{
  static const char * const active_words[] = { "active", "yes", "1", "在职", "在職", "在岗", NULL };
  static const char * const inactive_words[] = { "inactive", "no", "0", "离职", "離職", "停用", NULL };
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autofree char *active_label = g_utf8_casefold (_("Active"), -1);
  g_autofree char *inactive_label = g_utf8_casefold (_("Inactive"), -1);

  if (folded[0] == '\0' || g_strv_contains (active_words, folded) ||
      g_str_equal (folded, active_label))
    *active = TRUE;
  else if (g_strv_contains (inactive_words, folded) || g_str_equal (folded, inactive_label))
    *active = FALSE;
  else
    return FALSE;

  return TRUE;
}

static char *
check_text_field (const char *field_name,
                  const char *value)
{
  const CfField *field = cf_kind_lookup_field (cf_registry_lookup ("staff"), field_name);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;

  if (value[0] != '\0')
    node = json_node_init_string (json_node_alloc (), value);
  if (!cf_field_validate (field, node, &error))
    return g_strdup (error->message);

  return NULL;
}

/* A new team's name is checked as the team's own name field would check it
 * on commit, under the label of the column it came from.
 */
static char *
check_team_name (const char *value)
{
  CfField field = *cf_kind_lookup_field (cf_registry_lookup ("team"), "name");
  g_autoptr (JsonNode) node = json_node_init_string (json_node_alloc (), value);
  g_autoptr (GError) error = NULL;

  field.label = cf_kind_lookup_field (cf_registry_lookup ("staff"), "team")->label;
  if (!cf_field_validate (&field, node, &error))
    return g_strdup (error->message);

  return NULL;
}

static void
check_row (CfStaffImport    *self,
           CfStaffImportRow *row,
           GHashTable       *numbers_in_file,
           GHashTable       *known_teams,
           gboolean          status_known)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *hire_date = NULL;
  gpointer first_line;
  CfRole role;

  if ((row->problem = check_text_field ("employee_no", row->employee_no)) != NULL ||
      (row->problem = check_text_field ("name", row->name)) != NULL ||
      (row->problem = check_text_field ("phone", row->phone)) != NULL)
    return;

  if (!parse_role (row->role_label, &role))
    {
      /* translators: %s is what the file says in the Role column */
      row->problem = g_strdup_printf (_("Role: “%s” is not a known role"), row->role_label);
      return;
    }
  g_free (row->role_label);
  row->role_label = g_strdup (cf_role_get_label (role));

  if (row->hire_date[0] != '\0')
    {
      hire_date = cf_csv_parse_date (row->hire_date);
      if (hire_date == NULL)
        {
          /* translators: %s is the date as written in the file */
          row->problem = g_strdup_printf (_("Hire date: “%s” is not a valid date"),
                                          row->hire_date);
          return;
        }
      g_free (row->hire_date);
      row->hire_date = g_steal_pointer (&hire_date);
    }

  if (!status_known)
    {
      row->problem = g_strdup (_("Status: use “Active” or “Inactive”"));
      return;
    }

  if (g_hash_table_lookup_extended (numbers_in_file, row->employee_no, NULL, &first_line))
    {
      /* translators: the first %s is an employee number, %u a line of the file */
      row->problem = g_strdup_printf (_("Employee number “%s” is also on line %u"),
                                      row->employee_no, GPOINTER_TO_UINT (first_line));
      return;
    }
  g_hash_table_insert (numbers_in_file, row->employee_no, GUINT_TO_POINTER (row->line));

  if (!cf_store_check_unique (self->store, "staff", "employee_no", row->employee_no, NULL,
                              &error))
    {
      row->problem = g_strdup (error->message);
      return;
    }

  if (row->team_name[0] != '\0' && !g_hash_table_contains (known_teams, row->team_name))
    {
      if ((row->problem = check_team_name (row->team_name)) != NULL)
        return;
      g_hash_table_add (known_teams, g_strdup (row->team_name));
      g_ptr_array_insert (self->new_teams, self->new_teams->len - 1, g_strdup (row->team_name));
    }
}

static GHashTable *
load_team_names (CfStaffImport *self)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (CfStatement) stmt = cf_store_prepare (self->store,
                                                   "SELECT name FROM team WHERE deleted = 0",
                                                   NULL);

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));

  return names;
}

static void
reset (CfStaffImport *self)
{
  g_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->new_teams, 0);
  g_ptr_array_add (self->new_teams, NULL);
  self->n_problems = 0;
}

static void
cf_staff_import_finalize (GObject *object)
{
  CfStaffImport *self = (CfStaffImport *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->new_teams, g_ptr_array_unref);

  G_OBJECT_CLASS (cf_staff_import_parent_class)->finalize (object);
}

static void
cf_staff_import_class_init (CfStaffImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cf_staff_import_finalize;
}

static void
cf_staff_import_init (CfStaffImport *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (CfStaffImportRow));
  g_array_set_clear_func (self->rows, (GDestroyNotify) clear_row);
  self->new_teams = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->new_teams, NULL);
}

CfStaffImport *
cf_staff_import_new (CfStore *store)
{
  CfStaffImport *self;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  self = g_object_new (CF_TYPE_STAFF_IMPORT, NULL);
  self->store = g_object_ref (store);

  return self;
}

/**
 * cf_staff_import_load:
 * @contents: the file, in UTF-8 (with or without BOM) or GB18030
 *
 * Reads and checks every row. A problem with the whole file (encoding,
 * quoting, missing columns) is an error; a problem with a row is kept on
 * the row, with its line number, for the preview.
 */
gboolean
cf_staff_import_load (CfStaffImport  *self,
                      GBytes         *contents,
                      GError        **error)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GHashTable) numbers_in_file = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) known_teams = NULL;
  int positions[N_COLUMNS];

  g_return_val_if_fail (CF_IS_STAFF_IMPORT (self), FALSE);

  reset (self);
  records = cf_csv_parse (contents, &self->encoding, NULL, error);
  if (records == NULL || !map_columns (((CfCsvRecord *) records->pdata[0])->fields, positions,
                                       error))
    return FALSE;

  known_teams = load_team_names (self);
  for (guint i = 1; i < records->len; i++)
    {
      CfCsvRecord *record = records->pdata[i];
      CfStaffImportRow row = { 0 };
      CfStaffImportRow *added;
      g_autofree char *status = NULL;
      gboolean status_known;

      if (cf_csv_record_is_blank (record))
        continue;

      row.line = record->line;
      row.employee_no = cf_csv_record_cell (record, positions[COLUMN_EMPLOYEE_NO]);
      row.name = cf_csv_record_cell (record, positions[COLUMN_NAME]);
      row.role_label = cf_csv_record_cell (record, positions[COLUMN_ROLE]);
      row.team_name = cf_csv_record_cell (record, positions[COLUMN_TEAM]);
      row.hire_date = cf_csv_record_cell (record, positions[COLUMN_HIRE_DATE]);
      row.phone = cf_csv_record_cell (record, positions[COLUMN_PHONE]);
      status = cf_csv_record_cell (record, positions[COLUMN_STATUS]);
      status_known = parse_status (status, &row.active);

      g_array_append_val (self->rows, row);
      added = &g_array_index (self->rows, CfStaffImportRow, self->rows->len - 1);
      check_row (self, added, numbers_in_file, known_teams, status_known);
      if (added->problem != NULL)
        self->n_problems++;
    }

  /* Spreadsheets write rows of empty cells below the data. */
  if (self->rows->len == 0)
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                           _("The file has column names but no staff rows."));
      return FALSE;
    }

  return TRUE;
}

guint
cf_staff_import_get_n_rows (CfStaffImport *self)
{
  g_return_val_if_fail (CF_IS_STAFF_IMPORT (self), 0);

  return self->rows->len;
}

const CfStaffImportRow *
cf_staff_import_get_row (CfStaffImport *self,
                         guint          index)
{
  g_return_val_if_fail (CF_IS_STAFF_IMPORT (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);

  return &g_array_index (self->rows, CfStaffImportRow, index);
}

guint
cf_staff_import_get_n_problems (CfStaffImport *self)
{
  g_return_val_if_fail (CF_IS_STAFF_IMPORT (self), 0);

  return self->n_problems;
}

/* Returns: (transfer none): the teams the import will create */
const char * const *
cf_staff_import_get_new_teams (CfStaffImport *self)
{
  g_return_val_if_fail (CF_IS_STAFF_IMPORT (self), NULL);

  return (const char * const *) self->new_teams->pdata;
}

CfCsvEncoding
cf_staff_import_get_encoding (CfStaffImport *self)
{
  g_return_val_if_fail (CF_IS_STAFF_IMPORT (self), CF_CSV_ENCODING_UTF8);

  return self->encoding;
}

static CfOp *
create_staff_op (const CfStaffImportRow *row,
                 const char             *team_id)
{
  g_autoptr (JsonObject) values = json_object_new ();
  CfRole role = CF_ROLE_AGENT;

  parse_role (row->role_label, &role);
  json_object_set_string_member (values, "employee_no", row->employee_no);
  json_object_set_string_member (values, "name", row->name);
  json_object_set_string_member (values, "role", cf_role_to_string (role));
  json_object_set_boolean_member (values, "active", row->active);
  if (team_id != NULL)
    json_object_set_string_member (values, "team", team_id);
  if (row->hire_date[0] != '\0')
    json_object_set_string_member (values, "hire_date", row->hire_date);
  if (row->phone[0] != '\0')
    json_object_set_string_member (values, "phone", row->phone);

  return cf_op_new_create ("staff", values);
}

/**
 * cf_staff_import_commit:
 * @author: the signed-in user
 *
 * Writes every row, and the teams they name that do not exist yet, in one
 * transaction. Refused while any row has a problem.
 *
 * Returns: (transfer full): the ids of the ops written (to undo the import)
 */
GStrv
cf_staff_import_commit (CfStaffImport  *self,
                        const char     *author,
                        GError        **error)
{
  g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (GHashTable) team_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (CfStatement) stmt = NULL;
  g_autoptr (GStrvBuilder) op_ids = g_strv_builder_new ();

  g_return_val_if_fail (CF_IS_STAFF_IMPORT (self), NULL);

  if (self->n_problems > 0)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u line has a problem. Correct the file and open it again; "
                                "nothing was imported.",
                                "%u lines have problems. Correct the file and open it again; "
                                "nothing was imported.",
                                self->n_problems),
                   self->n_problems);
      return NULL;
    }

  stmt = cf_store_prepare (self->store, "SELECT name, id FROM team WHERE deleted = 0", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (team_ids,
                         (gpointer) g_intern_string ((const char *) sqlite3_column_text (stmt, 0)),
                         (gpointer) g_intern_string ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);

  for (guint i = 0; i + 1 < self->new_teams->len; i++)
    {
      g_autoptr (JsonObject) values = json_object_new ();
      CfOp *op;

      json_object_set_string_member (values, "name", self->new_teams->pdata[i]);
      op = cf_op_new_create ("team", values);
      g_hash_table_insert (team_ids, self->new_teams->pdata[i],
                           (gpointer) cf_op_get_record_id (op));
      g_ptr_array_add (ops, op);
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      const CfStaffImportRow *row = &g_array_index (self->rows, CfStaffImportRow, i);

      g_ptr_array_add (ops, create_staff_op (row, g_hash_table_lookup (team_ids, row->team_name)));
    }

  if (!cf_store_apply (self->store, author, (CfOp * const *) ops->pdata, ops->len, error))
    return NULL;

  for (guint i = 0; i < ops->len; i++)
    g_strv_builder_add (op_ids, cf_op_get_op_id (ops->pdata[i]));

  return g_strv_builder_end (op_ids);
}

/**
 * cf_staff_export_csv:
 * @staff: a list model of #CfStaff, in the order to write
 *
 * Returns: (transfer full): the staff as CSV in UTF-8 with a byte-order
 *   mark (so Excel opens it as UTF-8), with the column names of the
 *   current language; cf_staff_import_load() reads it back.
 */
GBytes *
cf_staff_export_csv (GListModel *staff)
{
  GString *out = g_string_new (CF_CSV_UTF8_BOM);
  const char *header[N_COLUMNS];
  guint n_items = g_list_model_get_n_items (staff);

  for (guint c = 0; c < N_COLUMNS; c++)
    header[c] = g_dgettext (GETTEXT_PACKAGE, columns[c].label);
  cf_csv_append_record (out, header, N_COLUMNS);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (CfStaff) member = g_list_model_get_item (staff, i);
      const char *fields[N_COLUMNS] = {
        [COLUMN_EMPLOYEE_NO] = cf_staff_get_employee_no (member),
        [COLUMN_NAME] = cf_staff_get_name (member),
        [COLUMN_ROLE] = cf_role_get_label (cf_staff_get_role (member)),
        [COLUMN_TEAM] = cf_staff_get_team_name (member),
        [COLUMN_STATUS] = cf_staff_get_active (member) ? _("Active") : _("Inactive"),
        [COLUMN_HIRE_DATE] = cf_staff_get_hire_date (member),
        [COLUMN_PHONE] = cf_staff_get_phone (member),
      };

      cf_csv_append_record (out, fields, N_COLUMNS);
    }

  return g_string_free_to_bytes (out);
}
