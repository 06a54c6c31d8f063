/* cf-holiday-import.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-holiday-import"

#include "config.h"

#include "cf-holiday-import.h"

#include <glib/gi18n-lib.h>

#include "cf-holiday.h"
#include "cf-registry.h"
#include "cf-store.h"

/* The holiday calendar as the State Council publishes it each year, typed
 * into a spreadsheet: one line per day off, and one per weekend day worked
 * instead (调休上班). A date already in the calendar is changed, not
 * refused, so next year's corrected file can be imported over this one.
 */

typedef enum
{
  COLUMN_DATE,
  COLUMN_NAME,
  COLUMN_WORKING_DAY,
  N_COLUMNS
} Column;

/* The labels are the holiday fields' own (cf-registry.c). */
static const CfCsvColumn columns[N_COLUMNS] = {
  { N_("Date"), { "date", "day", "日期", "日子" } },
  { N_("Holiday name"), { "name", "holiday", "名称", "名稱", "节日", "節日", "假日", "节假日", "節假日" } },
  { N_("Working day"), { "working_day", "workingday", "working", "work", "上班", "是否上班",
                         "调休上班", "調休上班", "工作日" } },
};

struct _CfHolidayImport
{
  GObject   parent_instance;

  CfStore  *store;
  GArray   *rows;          /* CfHolidayImportRow */
  guint     n_problems;
  guint     n_updates;
};

G_DEFINE_FINAL_TYPE (CfHolidayImport, cf_holiday_import, G_TYPE_OBJECT)

static void
clear_row (CfHolidayImportRow *row)
{
  g_free (row->date);
  g_free (row->name);
  g_free (row->replaces);
  g_free (row->problem);
}

static const CfField *
holiday_field (const char *name)
{
  return cf_kind_lookup_field (cf_registry_lookup ("holiday"), name);
}

/* 1/0, true/false, yes/no, 是/否 and 上班/休息; empty is a day off. */
static gboolean
parse_working_day (const char *text,
                   gboolean   *working_day)
{
  static const char * const working_words[] = {
    "1", "true", "yes", "y", "是", "上班", "班", "调休上班", "調休上班", "工作日", NULL
  };
  static const char * const off_words[] = {
    "", "0", "false", "no", "n", "否", "休息", "休", "放假", "假", NULL
  };
  g_autofree char *folded = g_utf8_casefold (text, -1);

  if (g_strv_contains (working_words, folded))
    *working_day = TRUE;
  else if (g_strv_contains (off_words, folded))
    *working_day = FALSE;
  else
    return FALSE;

  return TRUE;
}

/* Checks @text as the holiday field @name is checked when it is saved. */
static char *
check_field (const char *name,
             const char *text)
{
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;

  if (text[0] != '\0')
    node = json_node_init_string (json_node_alloc (), text);
  if (!cf_field_validate (holiday_field (name), node, &error))
    return g_strdup (error->message);

  return NULL;
}

static void
check_row (CfHolidayImport    *self,
           CfHolidayImportRow *row,
           const char         *working_day_text,
           GHashTable         *dates_in_file)
{
  g_autofree char *date = NULL;
  g_autoptr (CfHoliday) existing = NULL;
  gpointer first_line;

  date = cf_csv_parse_date (row->date);
  if (date == NULL)
    {
      row->problem = row->date[0] == '\0'
                       ? check_field ("date", row->date)
                       /* translators: %s is the field “Date”, then the date as written in the file */
                       : g_strdup_printf (_("%s: “%s” is not a valid date"),
                                          cf_field_get_label (holiday_field ("date")), row->date);
      return;
    }
  g_free (row->date);
  row->date = g_steal_pointer (&date);

  if ((row->problem = check_field ("name", row->name)) != NULL)
    return;

  if (!parse_working_day (working_day_text, &row->working_day))
    {
      /* translators: %s is the field “Working day”, then what the file says in it */
      row->problem = g_strdup_printf (_("%s: “%s” is not understood; use 1 or 0, yes or no, "
                                        "是 or 否, 上班 or 休息"),
                                      cf_field_get_label (holiday_field ("working_day")),
                                      working_day_text);
      return;
    }

  if (g_hash_table_lookup_extended (dates_in_file, row->date, NULL, &first_line))
    {
      /* translators: %s is a date, %u a line of the file */
      row->problem = g_strdup_printf (_("Date %s is also on line %u"),
                                      row->date, GPOINTER_TO_UINT (first_line));
      return;
    }
  g_hash_table_insert (dates_in_file, row->date, GUINT_TO_POINTER (row->line));

  existing = cf_holiday_lookup (self->store, row->date);
  if (existing != NULL)
    {
      row->replaces = g_strdup (existing->name);
      self->n_updates++;
    }
}

static void
cf_holiday_import_finalize (GObject *object)
{
  CfHolidayImport *self = (CfHolidayImport *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_array_unref);

  G_OBJECT_CLASS (cf_holiday_import_parent_class)->finalize (object);
}

static void
cf_holiday_import_class_init (CfHolidayImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cf_holiday_import_finalize;
}

static void
cf_holiday_import_init (CfHolidayImport *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (CfHolidayImportRow));
  g_array_set_clear_func (self->rows, (GDestroyNotify) clear_row);
}

CfHolidayImport *
cf_holiday_import_new (CfStore *store)
{
  CfHolidayImport *self;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  self = g_object_new (CF_TYPE_HOLIDAY_IMPORT, NULL);
  self->store = g_object_ref (store);

  return self;
}

/**
 * cf_holiday_import_load:
 * @contents: the file, in UTF-8 (with or without BOM) or GB18030
 *
 * Reads and checks every row. A problem with the whole file (encoding,
 * quoting, size, missing columns) is an error; a problem with a row is
 * kept on the row, with its line number, for the preview.
 */
gboolean
cf_holiday_import_load (CfHolidayImport  *self,
                        GBytes           *contents,
                        GError          **error)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GHashTable) dates_in_file = g_hash_table_new (g_str_hash, g_str_equal);
  int positions[N_COLUMNS];

  g_return_val_if_fail (CF_IS_HOLIDAY_IMPORT (self), FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  g_array_set_size (self->rows, 0);
  self->n_problems = 0;
  self->n_updates = 0;

  records = cf_csv_parse (contents, NULL, NULL, error);
  if (records == NULL)
    return FALSE;

  cf_csv_map_columns ((const char * const *) ((CfCsvRecord *) records->pdata[0])->fields,
                      columns, N_COLUMNS, positions);
  for (guint c = COLUMN_DATE; c <= COLUMN_NAME; c++)
    {
      if (positions[c] < 0)
        {
          g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                       /* translators: %s is a column such as “Date” */
                       _("Line 1: the file has no “%s” column. The first line must name the "
                         "columns: date, name, working_day (or 日期, 名称, 上班)."),
                       g_dgettext (GETTEXT_PACKAGE, columns[c].label));
          return FALSE;
        }
    }

  for (guint i = 1; i < records->len; i++)
    {
      CfCsvRecord *record = records->pdata[i];
      CfHolidayImportRow row = { 0 };
      CfHolidayImportRow *added;
      g_autofree char *working_day = NULL;

      if (cf_csv_record_is_blank (record))
        continue;

      row.line = record->line;
      row.date = cf_csv_record_cell (record, positions[COLUMN_DATE]);
      row.name = cf_csv_record_cell (record, positions[COLUMN_NAME]);
      working_day = cf_csv_record_cell (record, positions[COLUMN_WORKING_DAY]);

      g_array_append_val (self->rows, row);
      added = &g_array_index (self->rows, CfHolidayImportRow, self->rows->len - 1);
      check_row (self, added, working_day, dates_in_file);
      if (added->problem != NULL)
        self->n_problems++;
    }

  if (self->rows->len == 0)
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                           _("The file has column names but no holidays."));
      return FALSE;
    }

  return TRUE;
}

guint
cf_holiday_import_get_n_rows (CfHolidayImport *self)
{
  g_return_val_if_fail (CF_IS_HOLIDAY_IMPORT (self), 0);

  return self->rows->len;
}

const CfHolidayImportRow *
cf_holiday_import_get_row (CfHolidayImport *self,
                           guint            index)
{
  g_return_val_if_fail (CF_IS_HOLIDAY_IMPORT (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);

  return &g_array_index (self->rows, CfHolidayImportRow, index);
}

guint
cf_holiday_import_get_n_problems (CfHolidayImport *self)
{
  g_return_val_if_fail (CF_IS_HOLIDAY_IMPORT (self), 0);

  return self->n_problems;
}

/* Returns: how many rows change a date the calendar has already */
guint
cf_holiday_import_get_n_updates (CfHolidayImport *self)
{
  g_return_val_if_fail (CF_IS_HOLIDAY_IMPORT (self), 0);

  return self->n_updates;
}

/**
 * cf_holiday_import_commit:
 * @author: the signed-in user
 *
 * Writes every row in one transaction: new dates are created, dates the
 * calendar has are changed. Refused while any row has a problem, and by
 * the store for a role that may not keep the calendar.
 *
 * Returns: (transfer full): the ids of the ops written (to undo the
 *   import), or %NULL with @error set and nothing written
 */
GStrv
cf_holiday_import_commit (CfHolidayImport  *self,
                          const char       *author,
                          GError          **error)
{
  g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (GStrvBuilder) op_ids = g_strv_builder_new ();

  g_return_val_if_fail (CF_IS_HOLIDAY_IMPORT (self), NULL);
  g_return_val_if_fail (author != NULL, NULL);

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

  for (guint i = 0; i < self->rows->len; i++)
    {
      const CfHolidayImportRow *row = &g_array_index (self->rows, CfHolidayImportRow, i);

      cf_holiday_add_ops (self->store, row->date, row->name, row->working_day, ops);
    }

  if (!cf_store_apply (self->store, author, (CfOp * const *) ops->pdata, ops->len, error))
    return NULL;

  /* A line that changes nothing writes nothing. */
  for (guint i = 0; i < ops->len; i++)
    {
      if (cf_op_get_op_id (ops->pdata[i]) != NULL)
        g_strv_builder_add (op_ids, cf_op_get_op_id (ops->pdata[i]));
    }

  return g_strv_builder_end (op_ids);
}
