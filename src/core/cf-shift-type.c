/* cf-shift-type.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-shift-type"

#include "config.h"

#include "cf-shift-type.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-store.h"

/* Shift types as people read and type them: times of day as HH:MM, a
 * shift that ends before it starts ending the next day (it belongs to the
 * day it starts), and the rules that hold across fields, which the
 * registry checks one field at a time cannot see.
 */

#define MINUTES_PER_DAY (24 * 60)

void
cf_shift_type_free (CfRosterShiftType *type)
{
  if (type == NULL)
    return;

  g_free (type->id);
  g_free (type->code);
  g_free (type->name);
  g_free (type);
}

/**
 * cf_shift_type_list:
 *
 * Returns: (transfer container) (element-type CfRosterShiftType): every
 *   shift type, active ones first, then working shifts by start and code;
 *   %NULL with @error set when the store cannot be read
 */
GPtrArray *
cf_shift_type_list (CfStore  *store,
                    GError  **error)
{
  g_autoptr (GPtrArray) types = NULL;
  g_autoptr (CfStatement) stmt = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  stmt = cf_store_prepare (store,
                           "SELECT id, code, name, start_minute, end_minute, break_minutes, "
                           "  colour, counts_as_work, night, active FROM shift_type "
                           "WHERE deleted = 0 "
                           "ORDER BY active DESC, counts_as_work DESC, start_minute, code", error);
  if (stmt == NULL)
    return NULL;

  types = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_shift_type_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CfRosterShiftType *type = g_new0 (CfRosterShiftType, 1);

      type->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      type->code = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      type->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      type->times.start_minute = sqlite3_column_int (stmt, 3);
      type->times.end_minute = sqlite3_column_int (stmt, 4);
      type->times.break_minutes = sqlite3_column_int (stmt, 5);
      type->colour = sqlite3_column_int (stmt, 6);
      type->times.counts_as_work = sqlite3_column_int (stmt, 7) != 0;
      type->night = sqlite3_column_int (stmt, 8) != 0;
      type->active = sqlite3_column_int (stmt, 9) != 0;
      g_ptr_array_add (types, type);
    }

  return g_steal_pointer (&types);
}

/**
 * cf_shift_time_parse:
 * @text: a time of day as typed: 8:00, 08:00, 0800, 8 or 08：00 (a
 *   full-width colon, as Chinese input methods type it); 24:00 is midnight
 * @minute: (out): minutes since midnight, 0 to 1439
 *
 * Returns: whether @text is a time of day
 */
gboolean
cf_shift_time_parse (const char *text,
                     int        *minute)
{
  g_autofree char *stripped = NULL;
  g_auto (GStrv) parts = NULL;
  guint64 hours = 0, minutes = 0;

  g_return_val_if_fail (minute != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  stripped = g_strstrip (g_strdup (text));
  parts = g_strsplit (stripped, g_utf8_strchr (stripped, -1, 0xff1a) != NULL ? "：" : ":", -1);

  if (g_strv_length (parts) == 2)
    {
      if (strlen (parts[1]) != 2 ||
          !g_ascii_string_to_unsigned (parts[0], 10, 0, 24, &hours, NULL) ||
          !g_ascii_string_to_unsigned (parts[1], 10, 0, 59, &minutes, NULL))
        return FALSE;
    }
  else if (g_strv_length (parts) == 1 && strlen (parts[0]) == 4)
    {
      /* 0800, as on a paper roster */
      guint64 both;

      if (!g_ascii_string_to_unsigned (parts[0], 10, 0, 2400, &both, NULL))
        return FALSE;
      hours = both / 100;
      minutes = both % 100;
      if (minutes > 59)
        return FALSE;
    }
  else if (g_strv_length (parts) != 1 || strlen (parts[0]) > 2 ||
           !g_ascii_string_to_unsigned (parts[0], 10, 0, 24, &hours, NULL))
    {
      return FALSE;
    }

  if (hours == 24 && minutes != 0)
    return FALSE;

  *minute = (int) ((hours * 60 + minutes) % MINUTES_PER_DAY);
  return TRUE;
}

/* Returns: (transfer full): @minute since midnight as HH:MM */
char *
cf_shift_time_format (int minute)
{
  g_return_val_if_fail (minute >= 0 && minute < MINUTES_PER_DAY, NULL);

  return g_strdup_printf ("%02d:%02d", minute / 60, minute % 60);
}

/**
 * cf_shift_times_describe:
 *
 * Returns: (transfer full): the shift's times, e.g. “08:00–16:00”, or
 *   “23:00–07:00 +1” for one that ends the next day
 */
char *
cf_shift_times_describe (const CfShiftTimes *times)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  g_return_val_if_fail (times != NULL, NULL);

  start = cf_shift_time_format (times->start_minute);
  end = cf_shift_time_format (times->end_minute);
  if (times->end_minute < times->start_minute)
    /* translators: a shift's times when it ends the next day, e.g. “23:00–07:00 +1” */
    return g_strdup_printf (_("%s–%s +1"), start, end);

  /* translators: a shift's times, e.g. “08:00–16:00” */
  return g_strdup_printf (_("%s–%s"), start, end);
}

/**
 * cf_shift_times_check:
 *
 * Checks what holds across a shift's fields: a shift that counts as work
 * lasts some time, and its unpaid break is shorter than the shift.
 *
 * Returns: %FALSE with a message for the user in @error when it does not
 */
gboolean
cf_shift_times_check (const CfShiftTimes  *times,
                      GError             **error)
{
  int length;

  g_return_val_if_fail (times != NULL, FALSE);

  length = times->end_minute - times->start_minute;
  if (length < 0)
    length += MINUTES_PER_DAY;

  if (times->counts_as_work && length == 0)
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                           _("A shift that counts as work must end at another time than it "
                             "starts."));
      return FALSE;
    }

  if (times->break_minutes > 0 && times->break_minutes >= length)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                   /* translators: the first %d is the break, the second the shift's
                    * length, both in minutes
                    */
                   g_dngettext (GETTEXT_PACKAGE,
                                "The unpaid break (%d minutes) must be shorter than the shift "
                                "(%d minute).",
                                "The unpaid break (%d minutes) must be shorter than the shift "
                                "(%d minutes).",
                                length),
                   times->break_minutes, length);
      return FALSE;
    }

  return TRUE;
}
