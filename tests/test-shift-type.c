/* test-shift-type.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "cf-shift-type.h"
#include "cf-store.h"

/* Times are typed the ways people write them; anything else is refused. */
static void
test_parse (void)
{
  static const struct
  {
    const char *text;
    int         minute;   /* -1: refused */
  } cases[] = {
    { "08:00", 8 * 60 }, { "8:00", 8 * 60 }, { " 8:30 ", 8 * 60 + 30 }, { "0800", 8 * 60 },
    { "23:59", 1439 }, { "00:00", 0 }, { "24:00", 0 }, { "7", 7 * 60 }, { "16：30", 16 * 60 + 30 },
    { "", -1 }, { "8:0", -1 }, { "8:60", -1 }, { "25:00", -1 }, { "24:01", -1 }, { "2401", -1 },
    { "0860", -1 }, { "8.30", -1 }, { "-8:00", -1 }, { "8:00pm", -1 }, { "800", -1 },
    { "8:00:00", -1 }, { "eight", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int minute = -1;
      gboolean ok = cf_shift_time_parse (cases[i].text, &minute);

      g_test_message ("“%s”", cases[i].text);
      g_assert_cmpint (ok, ==, cases[i].minute >= 0);
      if (ok)
        g_assert_cmpint (minute, ==, cases[i].minute);
    }
}

/* A shift that ends the next day says so. */
static void
test_describe (void)
{
  CfShiftTimes day = { 8 * 60, 16 * 60, 30, TRUE };
  CfShiftTimes night = { 23 * 60, 7 * 60, 30, TRUE };
  g_autofree char *day_text = cf_shift_times_describe (&day);
  g_autofree char *night_text = cf_shift_times_describe (&night);
  g_autofree char *midnight = cf_shift_time_format (0);

  g_assert_nonnull (strstr (day_text, "08:00"));
  g_assert_nonnull (strstr (day_text, "16:00"));
  g_assert_null (strstr (day_text, "+1"));
  g_assert_nonnull (strstr (night_text, "23:00"));
  g_assert_nonnull (strstr (night_text, "07:00"));
  g_assert_nonnull (strstr (night_text, "+1"));
  g_assert_cmpstr (midnight, ==, "00:00");
}

/* The break is shorter than the shift, across midnight too; a day off
 * has neither.
 */
static void
test_check (void)
{
  static const struct
  {
    CfShiftTimes times;
    gboolean     ok;
  } cases[] = {
    { { 8 * 60, 16 * 60, 30, TRUE }, TRUE },
    { { 8 * 60, 16 * 60, 480, TRUE }, FALSE },
    { { 8 * 60, 16 * 60, 479, TRUE }, TRUE },
    { { 23 * 60, 7 * 60, 60, TRUE }, TRUE },
    { { 23 * 60, 1 * 60, 120, TRUE }, FALSE },
    { { 8 * 60, 8 * 60, 0, TRUE }, FALSE },
    { { 0, 0, 0, FALSE }, TRUE },
    { { 0, 0, 30, FALSE }, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      gboolean ok = cf_shift_times_check (&cases[i].times, &error);

      g_test_message ("case %u", i);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        g_assert_no_error (error);
      else
        g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/shift-type/parse", test_parse);
  g_test_add_func ("/shift-type/describe", test_describe);
  g_test_add_func ("/shift-type/check", test_check);

  return g_test_run ();
}
