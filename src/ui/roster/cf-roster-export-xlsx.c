/* cf-roster-export-xlsx.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-roster-export-xlsx"

#include "config.h"

#include "cf-roster-export-private.h"

#include <glib/gi18n.h>
#include <xlsxwriter.h>

/* The roster as a spreadsheet: one sheet for the month, with the info
 * columns and the header rows frozen, a cell a day filled in its shift's
 * colour, the day's counts as formulas; a second sheet with the legend.
 */

enum {
  XLSX_NAME,
  XLSX_NUMBER,
  XLSX_TEAM,
  XLSX_PLANNED,
  XLSX_CONTRACT,
  XLSX_FIRST_DAY,
};

#define XLSX_TITLE_ROW   0
#define XLSX_STATUS_ROW  1
#define XLSX_HEADER_ROW  2
#define XLSX_WEEKDAY_ROW 3
#define XLSX_FIRST_ROW   4

typedef struct
{
  lxw_format  *title;
  lxw_format  *header;
  lxw_format  *header_day_off;
  lxw_format  *header_holiday;
  lxw_format  *header_working_day;
  lxw_format  *text;
  lxw_format  *hours;
  lxw_format  *empty;
  lxw_format  *empty_day_off;
  lxw_format  *leave;
  lxw_format  *count;
  lxw_format **shifts;   /* per shift, 1-based */
} XlsxFormats;

static lxw_format *
add_cell_format (lxw_workbook *workbook,
                 guint32       fill,
                 guint32       font,
                 gboolean      bold)
{
  lxw_format *format = workbook_add_format (workbook);

  format_set_border (format, LXW_BORDER_THIN);
  format_set_border_color (format, LINE_COLOUR);
  format_set_align (format, LXW_ALIGN_CENTER);
  format_set_align (format, LXW_ALIGN_VERTICAL_CENTER);
  if (fill != 0)
    format_set_bg_color (format, fill);
  if (font != 0)
    format_set_font_color (format, font);
  if (bold)
    format_set_bold (format);

  return format;
}

static void
add_xlsx_formats (CfRosterExport *self,
                  lxw_workbook   *workbook,
                  XlsxFormats    *formats)
{
  formats->title = workbook_add_format (workbook);
  format_set_bold (formats->title);
  format_set_font_size (formats->title, 14);
  formats->header = add_cell_format (workbook, HEADER_COLOUR, 0, TRUE);
  formats->header_day_off = add_cell_format (workbook, DAY_OFF_COLOUR, MUTED_COLOUR, TRUE);
  formats->header_holiday = add_cell_format (workbook, HOLIDAY_COLOUR, 0, TRUE);
  formats->header_working_day = add_cell_format (workbook, WORKING_DAY_COLOUR, 0, TRUE);
  formats->text = add_cell_format (workbook, 0, 0, FALSE);
  format_set_align (formats->text, LXW_ALIGN_LEFT);
  formats->hours = add_cell_format (workbook, 0, 0, FALSE);
  format_set_align (formats->hours, LXW_ALIGN_RIGHT);
  format_set_num_format (formats->hours, "0.0");
  formats->empty = add_cell_format (workbook, 0, 0, FALSE);
  formats->empty_day_off = add_cell_format (workbook, DAY_OFF_COLOUR, 0, FALSE);
  formats->leave = add_cell_format (workbook, LEAVE_COLOUR, LEAVE_TEXT_COLOUR, FALSE);
  format_set_italic (formats->leave);
  formats->count = add_cell_format (workbook, HEADER_COLOUR, 0, FALSE);

  formats->shifts = g_new0 (lxw_format *, self->shifts->len);
  for (guint i = 1; i < self->shifts->len; i++)
    {
      const ExportShift *shift = shift_at (self, i);

      formats->shifts[i] = add_cell_format (workbook, shift->colour, text_colour_on (shift->colour),
                                            TRUE);
    }
}

static lxw_format *
xlsx_header_format (const XlsxFormats *formats,
                    const ExportDay   *day)
{
  if (day->holiday != NULL)
    return day->working_day ? formats->header_working_day : formats->header_holiday;

  return day->day_off ? formats->header_day_off : formats->header;
}

static lxw_format *
xlsx_cell_format (CfRosterExport    *self,
                  const XlsxFormats *formats,
                  CfRosterCell       cell,
                  guint              day)
{
  if (shift_at (self, cell.shift) != NULL)
    return formats->shifts[cell.shift];
  if (cell_is_leave (self, cell))
    return formats->leave;

  return self->days[day].day_off ? formats->empty_day_off : formats->empty;
}

/* A criterion matching @code exactly: quotes doubled, wildcards escaped. */
static char *
countif_criterion (const char *code)
{
  GString *out = g_string_new (NULL);

  for (const char *c = code; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      else if (*c == '*' || *c == '?' || *c == '~')
        g_string_append_c (out, '~');
      g_string_append_c (out, *c);
    }

  return g_string_free (out, FALSE);
}

static void
write_xlsx_month (CfRosterExport    *self,
                  lxw_worksheet     *sheet,
                  const XlsxFormats *formats)
{
  const char *headers[] = {
    _("Name"), _("Employee No."), _("Team"), _("Planned Hours"), _("Contract Hours"),
  };
  g_autofree char *title = g_strdup_printf (_("Roster · %s"), self->title);
  g_autofree char *status = g_strdup_printf ("%s · %s", self->status, self->generated);
  lxw_row_t count_row = XLSX_FIRST_ROW + self->rows->len + 1;

  worksheet_write_string (sheet, XLSX_TITLE_ROW, 0, title, formats->title);
  worksheet_write_string (sheet, XLSX_STATUS_ROW, 0, status, NULL);
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    {
      worksheet_write_string (sheet, XLSX_HEADER_ROW, c, headers[c], formats->header);
      worksheet_write_blank (sheet, XLSX_WEEKDAY_ROW, c, formats->header);
    }
  for (guint day = 0; day < self->n_days; day++)
    {
      lxw_format *format = xlsx_header_format (formats, &self->days[day]);

      worksheet_write_number (sheet, XLSX_HEADER_ROW, XLSX_FIRST_DAY + day, day + 1, format);
      worksheet_write_string (sheet, XLSX_WEEKDAY_ROW, XLSX_FIRST_DAY + day,
                              self->days[day].weekday, format);
    }

  for (guint r = 0; r < self->rows->len; r++)
    {
      ExportRow *row = self->rows->pdata[r];
      lxw_row_t y = XLSX_FIRST_ROW + r;

      worksheet_write_string (sheet, y, XLSX_NAME, row->texts[COLUMN_NAME], formats->text);
      worksheet_write_string (sheet, y, XLSX_NUMBER, row->texts[COLUMN_NUMBER], formats->text);
      worksheet_write_string (sheet, y, XLSX_TEAM, row->texts[COLUMN_TEAM], formats->text);
      worksheet_write_number (sheet, y, XLSX_PLANNED, row->planned_minutes / 60.0, formats->hours);
      worksheet_write_number (sheet, y, XLSX_CONTRACT, row->contract_minutes / 60.0,
                              formats->hours);
      for (guint day = 0; day < self->n_days; day++)
        {
          CfRosterCell cell = cell_at (self, r, day);
          lxw_format *format = xlsx_cell_format (self, formats, cell, day);
          const char *text = cell_text (self, cell);

          if (text[0] != '\0')
            worksheet_write_string (sheet, y, XLSX_FIRST_DAY + day, text, format);
          else
            worksheet_write_blank (sheet, y, XLSX_FIRST_DAY + day, format);
        }
    }

  /* The day's counts, as formulas over the column, with their values. */
  for (guint i = 0; i < self->shown_shifts->len; i++)
    {
      guint index = g_array_index (self->shown_shifts, guint, i);
      const ExportShift *shift = shift_at (self, index);
      g_autofree char *criterion = countif_criterion (shift->code);
      /* translators: a shift's name and code, labelling its count of staff a day */
      g_autofree char *label = g_strdup_printf (_("%s (%s)"), shift->name, shift->code);

      worksheet_write_string (sheet, count_row + i, XLSX_NAME, label, formats->count);
      for (guint day = 0; day < self->n_days && self->rows->len > 0; day++)
        {
          char range[LXW_MAX_CELL_RANGE_LENGTH];
          g_autofree char *formula = NULL;

          lxw_rowcol_to_range (range, XLSX_FIRST_ROW, XLSX_FIRST_DAY + day,
                               XLSX_FIRST_ROW + self->rows->len - 1, XLSX_FIRST_DAY + day);
          formula = g_strdup_printf ("=COUNTIF(%s,\"%s\")", range, criterion);
          worksheet_write_formula_num (sheet, count_row + i, XLSX_FIRST_DAY + day, formula,
                                       formats->count,
                                       self->counts[day * self->shifts->len + index]);
        }
    }

  worksheet_set_column (sheet, XLSX_NAME, XLSX_NAME, 16, NULL);
  worksheet_set_column (sheet, XLSX_NUMBER, XLSX_NUMBER, 10, NULL);
  worksheet_set_column (sheet, XLSX_TEAM, XLSX_TEAM, 14, NULL);
  worksheet_set_column (sheet, XLSX_PLANNED, XLSX_CONTRACT, 9, NULL);
  worksheet_set_column (sheet, XLSX_FIRST_DAY, XLSX_FIRST_DAY + self->n_days - 1, 4.6, NULL);
  worksheet_freeze_panes (sheet, XLSX_FIRST_ROW, XLSX_FIRST_DAY);
  worksheet_set_landscape (sheet);
  worksheet_fit_to_pages (sheet, 1, 0);
  worksheet_repeat_rows (sheet, XLSX_HEADER_ROW, XLSX_WEEKDAY_ROW);
}

static void
write_xlsx_legend (CfRosterExport    *self,
                   lxw_worksheet     *sheet,
                   const XlsxFormats *formats)
{
  const char *headers[] = { _("Code"), _("Shift"), _("Start"), _("End"), _("Break (min)") };
  lxw_row_t y = 0;

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    worksheet_write_string (sheet, y, c, headers[c], formats->header);
  for (guint i = 1; i < self->shifts->len; i++)
    {
      const ExportShift *shift = shift_at (self, i);

      y++;
      worksheet_write_string (sheet, y, 0, shift->code, formats->shifts[i]);
      worksheet_write_string (sheet, y, 1, shift->name, formats->text);
      if (shift->times != NULL)
        {
          g_autofree char *start = format_minute (shift->shift_times.start_minute);
          g_autofree char *end = format_minute (shift->shift_times.end_minute);

          worksheet_write_string (sheet, y, 2, start, formats->text);
          worksheet_write_string (sheet, y, 3, end, formats->text);
          worksheet_write_number (sheet, y, 4, shift->shift_times.break_minutes, formats->text);
        }
    }

  y += 2;
  worksheet_write_string (sheet, y, 0, _("Code"), formats->header);
  worksheet_write_string (sheet, y, 1, _("Leave"), formats->header);
  for (guint i = 1; i < self->leave_codes->len; i++)
    {
      y++;
      worksheet_write_string (sheet, y, 0, self->leave_codes->pdata[i], formats->leave);
      worksheet_write_string (sheet, y, 1, self->leave_labels->pdata[i], formats->text);
    }

  y += 2;
  worksheet_write_string (sheet, y, 0, _("Day"), formats->header);
  worksheet_write_string (sheet, y, 1, _("Holiday"), formats->header);
  for (guint day = 0; day < self->n_days; day++)
    {
      if (self->days[day].holiday == NULL)
        continue;
      y++;
      worksheet_write_number (sheet, y, 0, day + 1, xlsx_header_format (formats, &self->days[day]));
      worksheet_write_string (sheet, y, 1, self->days[day].holiday, formats->text);
    }

  worksheet_set_column (sheet, 0, 0, 8, NULL);
  worksheet_set_column (sheet, 1, 1, 22, NULL);
  worksheet_set_column (sheet, 2, 4, 10, NULL);
}

gboolean
cf_roster_export_write_xlsx_file (CfRosterExport  *self,
                                  const char      *path,
                                  GError         **error)
{
  lxw_workbook *workbook = workbook_new (path);
  g_autofree char *month_name = g_strdup_printf ("%04d-%02d", self->year, self->month);
  g_autofree char *title = g_strdup_printf (_("Roster · %s"), self->title);
  /* translators: the name of the spreadsheet's second sheet; at most 31 characters */
  const char *legend_name = _("Legend");
  lxw_doc_properties properties = { 0 };
  g_autofree lxw_format **shift_formats = NULL;
  XlsxFormats formats;
  lxw_error status;

  if (workbook == NULL)
    {
      cf_roster_export_set_write_error (error, path, _("the spreadsheet could not be made."));
      return FALSE;
    }

  properties.title = title;
  properties.comments = self->status;
  workbook_set_properties (workbook, &properties);
  add_xlsx_formats (self, workbook, &formats);
  shift_formats = formats.shifts;
  if (workbook_validate_sheet_name (workbook, legend_name) != LXW_NO_ERROR)
    legend_name = "Legend";

  write_xlsx_month (self, workbook_add_worksheet (workbook, month_name), &formats);
  write_xlsx_legend (self, workbook_add_worksheet (workbook, legend_name), &formats);

  status = workbook_close (workbook);
  if (status != LXW_NO_ERROR)
    {
      g_debug ("Cannot write %s: %s", path, lxw_strerror (status));
      cf_roster_export_set_write_error (error, path, _("the spreadsheet could not be written."));
      return FALSE;
    }

  return TRUE;
}
