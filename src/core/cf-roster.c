/* cf-roster.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-roster"

#include "config.h"

#include "cf-roster.h"

#include <glib/gi18n-lib.h>

/* The shift types a new call center starts with, named in its language
 * (早班, 中班, 晚班, 夜班, 休息 under a Chinese locale); all of them can be
 * changed. Times are minutes since midnight.
 */
typedef struct
{
  const char *code;
  const char *name;
  int         start_minute;
  int         end_minute;
  int         break_minutes;
  guint32     colour;
  gboolean    counts_as_work;
  gboolean    night;
} DefaultShiftType;

static const DefaultShiftType default_shift_types[] = {
  /* translators: the one-character code of the early shift, typed into the roster */
  { NC_("shift code", "E"), N_("Early"), 7 * 60, 15 * 60, 30, 0x99c1f1, TRUE, FALSE },
  /* translators: the one-character code of the middle shift, typed into the roster */
  { NC_("shift code", "M"), N_("Middle"), 11 * 60, 19 * 60, 30, 0x8ff0a4, TRUE, FALSE },
  /* translators: the one-character code of the late shift, typed into the roster */
  { NC_("shift code", "L"), N_("Late"), 15 * 60, 23 * 60, 30, 0xf9f06b, TRUE, FALSE },
  /* translators: the one-character code of the night shift, typed into the roster */
  { NC_("shift code", "N"), N_("Night"), 23 * 60, 7 * 60, 30, 0xdc8add, TRUE, TRUE },
  /* translators: the one-character code of a day off, typed into the roster */
  { NC_("shift code", "O"), N_("Off"), 0, 0, 0, 0xdeddda, FALSE, FALSE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (default_shift_types) == CF_ROSTER_N_DEFAULT_SHIFT_TYPES);

/**
 * cf_roster_default_shift_type_ops:
 *
 * Returns: (transfer container) (element-type CfOp): the creates of the
 *   default shift types, in the current language
 */
GPtrArray *
cf_roster_default_shift_type_ops (void)
{
  GPtrArray *ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);

  for (guint i = 0; i < G_N_ELEMENTS (default_shift_types); i++)
    {
      const DefaultShiftType *type = &default_shift_types[i];
      g_autoptr (JsonObject) values = json_object_new ();

      json_object_set_string_member (values, "code",
                                     g_dpgettext2 (GETTEXT_PACKAGE, "shift code", type->code));
      json_object_set_string_member (values, "name", g_dgettext (GETTEXT_PACKAGE, type->name));
      json_object_set_int_member (values, "start_minute", type->start_minute);
      json_object_set_int_member (values, "end_minute", type->end_minute);
      json_object_set_int_member (values, "break_minutes", type->break_minutes);
      json_object_set_int_member (values, "colour", type->colour);
      json_object_set_boolean_member (values, "counts_as_work", type->counts_as_work);
      json_object_set_boolean_member (values, "night", type->night);
      json_object_set_boolean_member (values, "active", TRUE);
      g_ptr_array_add (ops, cf_op_new_create ("shift_type", values));
    }

  return ops;
}
