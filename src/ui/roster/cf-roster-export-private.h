/* cf-roster-export-private.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cf-roster-export.h"

G_BEGIN_DECLS

/* The info columns, repeated on every page. */
typedef enum
{
  COLUMN_NAME,
  COLUMN_NUMBER,
  COLUMN_TEAM,
  COLUMN_HOURS,
  N_INFO_COLUMNS
} InfoColumn;

typedef struct
{
  char *texts[N_INFO_COLUMNS];
  int   planned_minutes;
  int   contract_minutes;
} ExportRow;

typedef struct
{
  char         *code;
  char         *name;
  char         *times;    /* “07:00–15:00”, or NULL for a day off */
  CfShiftTimes  shift_times;
  guint32       colour;
} ExportShift;

typedef struct
{
  char     *weekday;
  char     *holiday;      /* nullable */
  gboolean  working_day;  /* a weekend day worked instead of a holiday */
  gboolean  day_off;
} ExportDay;

/* What the legend explains, as a swatch like a cell and a text. */
typedef enum
{
  SWATCH_SHIFT,
  SWATCH_LEAVE,
  SWATCH_HOLIDAY,
  SWATCH_WORKING_DAY,
} SwatchKind;

typedef struct
{
  SwatchKind  kind;
  guint32     colour;
  char       *code;
  char       *text;
} LegendItem;

struct _CfRosterExport
{
  GObject       parent_instance;

  int           year;
  int           month;
  char         *title;          /* the month as the locale writes it */
  char         *status;         /* draft, or published by whom and when */
  char         *generated;      /* when the export was made */

  guint         n_days;
  ExportDay    *days;
  GPtrArray    *rows;           /* ExportRow */
  CfRosterCell *cells;          /* rows × days */
  GPtrArray    *shifts;         /* ExportShift, 1-based as in cells; index 0 is NULL */
  GPtrArray    *leave_codes;    /* char *, 1-based as in cells */
  GPtrArray    *leave_labels;   /* char *, 1-based */
  GArray       *shown_shifts;   /* guint: the shifts counted and explained */
  guint        *counts;         /* days × shifts: how many have each shift each day */
  GPtrArray    *legend;         /* LegendItem */
  double        column_widths[N_INFO_COLUMNS]; /* at scale 1 */
  double        info_width;
};

/* Colours, as the grid draws them */
#define HEADER_COLOUR       0xf5f5f5
#define DAY_OFF_COLOUR      0xebebeb
#define HOLIDAY_COLOUR      0xfce0e0
#define WORKING_DAY_COLOUR  0xe0edfc
#define LEAVE_COLOUR        0xf2edfa
#define LEAVE_TEXT_COLOUR   0x595959
#define TEXT_COLOUR         0x1f1f1f
#define MUTED_COLOUR        0x595959
#define LINE_COLOUR         0xb0b0b0

static inline CfRosterCell
cell_at (CfRosterExport *self,
         guint           row,
         guint           day)
{
  return self->cells[row * self->n_days + day];
}

static inline const ExportShift *
shift_at (CfRosterExport *self,
          guint           index)
{
  return index < self->shifts->len ? self->shifts->pdata[index] : NULL;
}

/* Returns: what @cell shows: its shift's code, its leave's, or "" */
static inline const char *
cell_text (CfRosterExport *self,
           CfRosterCell    cell)
{
  const ExportShift *shift = shift_at (self, cell.shift);

  if (shift != NULL)
    return shift->code;
  if (cell.leave > 0 && cell.leave < self->leave_codes->len)
    return self->leave_codes->pdata[cell.leave];

  return "";
}

static inline gboolean
cell_is_leave (CfRosterExport *self,
               CfRosterCell    cell)
{
  return shift_at (self, cell.shift) == NULL &&
         ((cell.leave > 0 && cell.leave < self->leave_codes->len) ||
          (cell.flags & CF_ROSTER_CELL_APPROVED_LEAVE) != 0);
}

static inline char *
format_minute (int minute)
{
  return g_strdup_printf ("%02d:%02d", (minute / 60) % 24, minute % 60);
}

/* Dark text on light shift colours, white on dark ones. */
static inline guint32
text_colour_on (guint32 colour)
{
  double luminance = 0.299 * ((colour >> 16) & 0xff) + 0.587 * ((colour >> 8) & 0xff) +
                     0.114 * (colour & 0xff);

  return luminance < 128 ? 0xffffff : TEXT_COLOUR;
}

void     cf_roster_export_set_write_error (GError         **error,
                                           const char      *path,
                                           const char      *reason);
void     cf_roster_export_measure_columns (CfRosterExport  *self);
gboolean cf_roster_export_write_pdf_file  (CfRosterExport  *self,
                                           const char      *path,
                                           double           width,
                                           double           height,
                                           GError         **error);
gboolean cf_roster_export_write_xlsx_file (CfRosterExport  *self,
                                           const char      *path,
                                           GError         **error);

G_END_DECLS
