/* cf-holiday.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-holiday"

#include "config.h"

#include "cf-holiday.h"

#include "cf-store.h"

/* The holiday calendar. A holiday is named by its date: every desktop
 * gives the holiday of a date the same id, so two desktops entering the
 * same date meet as two changes of one record. Entering a date again
 * therefore changes its holiday — or brings back the one deleted there.
 */

void
cf_holiday_free (CfHoliday *holiday)
{
  if (holiday == NULL)
    return;

  g_free (holiday->id);
  g_free (holiday->date);
  g_free (holiday->name);
  g_free (holiday);
}

static CfHoliday *
holiday_from_row (sqlite3_stmt *stmt)
{
  CfHoliday *holiday = g_new0 (CfHoliday, 1);

  holiday->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  holiday->date = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  holiday->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  holiday->working_day = sqlite3_column_int (stmt, 3) != 0;

  return holiday;
}

/**
 * cf_holiday_list_year:
 *
 * Returns: (transfer container) (element-type CfHoliday): the holidays and
 *   working days of @year, by date; %NULL with @error set when the store
 *   cannot be read
 */
GPtrArray *
cf_holiday_list_year (CfStore  *store,
                      int       year,
                      GError  **error)
{
  g_autoptr (GPtrArray) holidays = NULL;
  g_autoptr (CfStatement) stmt = NULL;
  g_autofree char *first = g_strdup_printf ("%04d-01-01", year);
  g_autofree char *last = g_strdup_printf ("%04d-12-31", year);

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  stmt = cf_store_prepare (store, "SELECT id, date, name, working_day FROM holiday "
                                  "WHERE deleted = 0 AND date BETWEEN ? AND ? ORDER BY date",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, last, -1, SQLITE_TRANSIENT);

  holidays = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_holiday_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (holidays, holiday_from_row (stmt));

  return g_steal_pointer (&holidays);
}

/* Returns: (transfer full) (nullable): the holiday on @date (YYYY-MM-DD) */
CfHoliday *
cf_holiday_lookup (CfStore    *store,
                   const char *date)
{
  g_autoptr (CfStatement) stmt = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (date != NULL, NULL);

  stmt = cf_store_prepare (store, "SELECT id, date, name, working_day FROM holiday "
                                  "WHERE deleted = 0 AND date = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return holiday_from_row (stmt);
}

/**
 * cf_holiday_add_ops:
 * @date: YYYY-MM-DD
 * @ops: (element-type CfOp): where the ops go
 *
 * Appends the ops that make @date a holiday (or a working day) called
 * @name: a create for a new date, a patch for a date that has a holiday
 * already, and a restore first for one whose holiday was deleted. The ops
 * are checked when they are applied.
 */
void
cf_holiday_add_ops (CfStore    *store,
                    const char *date,
                    const char *name,
                    gboolean    working_day,
                    GPtrArray  *ops)
{
  g_autoptr (JsonObject) values = json_object_new ();
  g_autoptr (JsonObject) changes = json_object_new ();
  g_autoptr (JsonObject) existing = NULL;
  g_autoptr (CfOp) create = NULL;
  const char *id;

  g_return_if_fail (CF_IS_STORE (store));
  g_return_if_fail (date != NULL && name != NULL);
  g_return_if_fail (ops != NULL);

  json_object_set_string_member (values, "date", date);
  json_object_set_string_member (values, "name", name);
  json_object_set_boolean_member (values, "working_day", working_day);
  create = cf_op_new_create ("holiday", values);
  id = cf_op_get_record_id (create);

  existing = id != NULL ? cf_store_get_record (store, "holiday", id, NULL) : NULL;
  if (existing == NULL)
    {
      g_ptr_array_add (ops, g_steal_pointer (&create));
      return;
    }

  if (json_object_get_boolean_member (existing, "deleted"))
    g_ptr_array_add (ops, cf_op_new_restore ("holiday", id));
  json_object_set_string_member (changes, "name", name);
  json_object_set_boolean_member (changes, "working_day", working_day);
  g_ptr_array_add (ops, cf_op_new_patch ("holiday", id, changes));
}
