/* cf-roster-month.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cf-roster-rules.h"
#include "cf-types.h"

G_BEGIN_DECLS

/* The days before the month loaded with it, for the rules. */
#define CF_ROSTER_LEAD_DAYS 7

typedef enum
{
  CF_ROSTER_CELL_APPROVED_LEAVE = 1 << 0,  /* an approved leave request covers the day */
  CF_ROSTER_CELL_CHANGED        = 1 << 1,  /* changed after the month was published */
  CF_ROSTER_CELL_NOTE           = 1 << 2,
} CfRosterCellFlags;

/* One cell: a shift type (1-based index, 0 for none) or a leave (1-based
 * index into the leave types, 0 for none).
 */
typedef struct
{
  guint16 shift;
  guint8  leave;
  guint8  flags;
} CfRosterCell;

typedef struct
{
  char         *id;
  char         *code;
  char         *name;
  CfShiftTimes  times;
  guint32       colour;     /* 0xRRGGBB */
  gboolean      night;
  gboolean      active;
} CfRosterShiftType;

typedef struct
{
  char     *staff_id;
  char     *employee_no;
  char     *name;
  char     *team_id;        /* nullable */
  char     *role;
  gboolean  active;
  int       contract_minutes; /* this month's: the monthly contract scaled by the month's
                               working days (less public holidays, plus weekend days worked
                               instead) against the average 21.75 */
} CfRosterRow;

/* A cell changed after the month was published. */
typedef struct
{
  guint  row;
  guint  day;
  char  *changed_at;   /* UTC ISO-8601 */
  char  *changed_by;   /* the name of who changed it last; NULL if unknown */
} CfRosterChange;

#define CF_TYPE_ROSTER_MONTH (cf_roster_month_get_type ())

G_DECLARE_FINAL_TYPE (CfRosterMonth, cf_roster_month, CF, ROSTER_MONTH, GObject)

CfRosterMonth           *cf_roster_month_new              (CfStore        *store,
                                                           int             year,
                                                           int             month,
                                                           GError        **error);
int                      cf_roster_month_get_year         (CfRosterMonth  *self);
int                      cf_roster_month_get_month        (CfRosterMonth  *self);
guint                    cf_roster_month_get_n_days       (CfRosterMonth  *self);
guint                    cf_roster_month_get_n_rows       (CfRosterMonth  *self);
const CfRosterRow       *cf_roster_month_get_row          (CfRosterMonth  *self,
                                                           guint           row);
CfRosterCell             cf_roster_month_get_cell         (CfRosterMonth  *self,
                                                           guint           row,
                                                           int             day);
guint                    cf_roster_month_get_n_shift_types (CfRosterMonth *self);
const CfRosterShiftType *cf_roster_month_get_shift_type   (CfRosterMonth  *self,
                                                           guint           index);
guint                    cf_roster_month_find_shift_code  (CfRosterMonth  *self,
                                                           const char     *code);
GDateWeekday             cf_roster_month_get_weekday      (CfRosterMonth  *self,
                                                           guint           day);
const char              *cf_roster_month_get_holiday      (CfRosterMonth  *self,
                                                           guint           day,
                                                           gboolean       *working_day);
guint                    cf_roster_month_get_generation   (CfRosterMonth  *self);
gboolean                 cf_roster_month_is_published     (CfRosterMonth  *self);
const char              *cf_roster_month_get_published_at (CfRosterMonth  *self);
const char              *cf_roster_month_get_publisher    (CfRosterMonth  *self);
int                      cf_roster_month_get_planned_minutes (CfRosterMonth *self,
                                                           guint           row);
guint                    cf_roster_month_count_shift      (CfRosterMonth  *self,
                                                           guint           day,
                                                           guint           shift);
GArray                  *cf_roster_month_check_row        (CfRosterMonth  *self,
                                                           const CfRosterRules *rules,
                                                           guint           row);
char                    *cf_roster_month_format_date      (CfRosterMonth  *self,
                                                           guint           day);
GPtrArray               *cf_roster_month_make_ops         (CfRosterMonth  *self,
                                                           const guint    *rows,
                                                           guint           n_rows,
                                                           guint           first_day,
                                                           guint           last_day,
                                                           const CfRosterCell *cells);
const char              *cf_roster_month_describe_cell    (CfRosterMonth  *self,
                                                           CfRosterCell    cell);
GArray                  *cf_roster_month_list_changes     (CfRosterMonth  *self,
                                                           GError        **error);
gboolean                 cf_roster_month_reload           (CfRosterMonth  *self,
                                                           GError        **error);

G_END_DECLS
