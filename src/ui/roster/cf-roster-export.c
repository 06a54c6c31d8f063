/* cf-roster-export.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-roster-export"

#include "config.h"

#include "cf-roster-export-private.h"

#include <glib/gi18n.h>

#include "cf-csv.h"
#include "cf-export.h"
#include "cf-registry.h"
#include "cf-roster-grid.h"

/* The month's roster as people file and post it: a PDF (or a print) with
 * the whole month on every page and as many staff as fit, a spreadsheet,
 * and a CSV. The export is a snapshot of the rows shown when it was made,
 * so it can be written in a thread while the roster changes; every file is
 * written next to its target and renamed into place, so a failure leaves
 * no half file.
 */

G_DEFINE_FINAL_TYPE (CfRosterExport, cf_roster_export, G_TYPE_OBJECT)

G_DEFINE_QUARK (cf-roster-export-error-quark, cf_roster_export_error)

static void
export_row_free (ExportRow *row)
{
  for (guint c = 0; c < N_INFO_COLUMNS; c++)
    g_free (row->texts[c]);
  g_free (row);
}

static void
export_shift_free (ExportShift *shift)
{
  if (shift == NULL)
    return;
  g_free (shift->code);
  g_free (shift->name);
  g_free (shift->times);
  g_free (shift);
}

static void
legend_item_free (LegendItem *item)
{
  g_free (item->code);
  g_free (item->text);
  g_free (item);
}

static const CfField *
leave_field (void)
{
  return cf_kind_lookup_field (cf_registry_lookup ("roster_assignment"), "leave");
}

static char *
format_local_time (GDateTime *time)
{
  /* translators: a date and time on an exported roster, as g_date_time_format () writes it */
  return g_date_time_format (time, _("%Y-%m-%d %H:%M"));
}

/* Snapshot ----------------------------------------------------------------- */

static void
take_shifts (CfRosterExport *self,
             CfRosterMonth  *month)
{
  g_ptr_array_add (self->shifts, NULL);
  for (guint i = 1; i <= cf_roster_month_get_n_shift_types (month); i++)
    {
      const CfRosterShiftType *type = cf_roster_month_get_shift_type (month, i);
      ExportShift *shift = g_new0 (ExportShift, 1);

      shift->code = g_strdup (type->code);
      shift->name = g_strdup (type->name);
      shift->shift_times = type->times;
      shift->colour = type->colour;
      if (type->times.counts_as_work)
        {
          g_autofree char *start = format_minute (type->times.start_minute);
          g_autofree char *end = format_minute (type->times.end_minute);

          /* translators: a shift's times on the roster's legend, e.g. “07:00–15:00” */
          shift->times = g_strdup_printf (_("%s–%s"), start, end);
        }
      g_ptr_array_add (self->shifts, shift);
    }
}

static void
take_leaves (CfRosterExport *self,
             CfRosterMonth  *month)
{
  const CfField *field = leave_field ();

  g_ptr_array_add (self->leave_codes, NULL);
  g_ptr_array_add (self->leave_labels, NULL);
  for (guint i = 0; field->choices[i] != NULL; i++)
    {
      CfRosterCell cell = { 0, i + 1, 0 };

      g_ptr_array_add (self->leave_codes, g_strdup (cf_roster_grid_cell_code (month, cell)));
      g_ptr_array_add (self->leave_labels, g_strdup (cf_field_get_choice_label (field, i)));
    }
}

static void
take_days (CfRosterExport *self,
           CfRosterMonth  *month)
{
  self->days = g_new0 (ExportDay, self->n_days);
  for (guint day = 0; day < self->n_days; day++)
    {
      ExportDay *export_day = &self->days[day];
      GDateWeekday weekday = cf_roster_month_get_weekday (month, day);

      export_day->weekday = g_strdup (cf_roster_grid_weekday_name (weekday));
      export_day->holiday = g_strdup (cf_roster_month_get_holiday (month, day,
                                                                   &export_day->working_day));
      export_day->day_off = cf_roster_grid_is_day_off (month, day);
    }
}

static void
take_rows (CfRosterExport   *self,
           CfRosterMonth    *month,
           CfStaffDirectory *directory,
           const guint      *rows,
           guint             n_rows)
{
  self->cells = g_new0 (CfRosterCell, (gsize) n_rows * self->n_days);
  for (guint r = 0; r < n_rows; r++)
    {
      const CfRosterRow *row = cf_roster_month_get_row (month, rows[r]);
      CfTeam *team = directory != NULL ? cf_staff_directory_lookup_team (directory, row->team_id)
                                       : NULL;
      ExportRow *export_row = g_new0 (ExportRow, 1);

      export_row->texts[COLUMN_NUMBER] = g_strdup (row->employee_no);
      export_row->texts[COLUMN_NAME] = g_strdup (row->name);
      export_row->texts[COLUMN_TEAM] = g_strdup (team != NULL ? cf_team_get_name (team) : "");
      export_row->planned_minutes = cf_roster_month_get_planned_minutes (month, rows[r]);
      export_row->contract_minutes = row->contract_minutes;
      /* translators: hours planned this month / hours in the contract */
      export_row->texts[COLUMN_HOURS] = g_strdup_printf (_("%g / %d h"),
                                                         export_row->planned_minutes / 60.0,
                                                         export_row->contract_minutes / 60);
      g_ptr_array_add (self->rows, export_row);

      for (guint day = 0; day < self->n_days; day++)
        self->cells[r * self->n_days + day] = cf_roster_month_get_cell (month, rows[r], day);
    }
}

static void
add_legend_item (CfRosterExport *self,
                 SwatchKind      kind,
                 guint32         colour,
                 const char     *code,
                 char           *text)
{
  LegendItem *item = g_new0 (LegendItem, 1);

  item->kind = kind;
  item->colour = colour;
  item->code = g_strdup (code);
  item->text = text;
  g_ptr_array_add (self->legend, item);
}

/* The shifts active or used, counted per day; the legend of shifts, the
 * leaves used and the month's holidays.
 */
static void
take_totals (CfRosterExport *self,
             CfRosterMonth  *month)
{
  g_autofree gboolean *used = g_new0 (gboolean, self->shifts->len);
  g_autofree gboolean *leave_used = g_new0 (gboolean, self->leave_codes->len);
  gboolean approved_leave = FALSE;

  self->counts = g_new0 (guint, (gsize) self->n_days * self->shifts->len);
  for (guint r = 0; r < self->rows->len; r++)
    for (guint day = 0; day < self->n_days; day++)
      {
        CfRosterCell cell = cell_at (self, r, day);

        if (shift_at (self, cell.shift) != NULL)
          {
            used[cell.shift] = TRUE;
            self->counts[day * self->shifts->len + cell.shift]++;
          }
        else if (cell.leave > 0 && cell.leave < self->leave_codes->len)
          leave_used[cell.leave] = TRUE;
        else if (cell.flags & CF_ROSTER_CELL_APPROVED_LEAVE)
          approved_leave = TRUE;
      }

  for (guint i = 1; i < self->shifts->len; i++)
    {
      const ExportShift *shift = shift_at (self, i);

      if (!used[i] && !cf_roster_month_get_shift_type (month, i)->active)
        continue;
      g_array_append_val (self->shown_shifts, i);
      add_legend_item (self, SWATCH_SHIFT, shift->colour, shift->code,
                       shift->times != NULL
                         /* translators: a shift in the roster's legend: its name and times */
                         ? g_strdup_printf (C_("roster legend", "%s %s"), shift->name, shift->times)
                         : g_strdup (shift->name));
    }
  for (guint i = 1; i < self->leave_codes->len; i++)
    if (leave_used[i])
      add_legend_item (self, SWATCH_LEAVE, LEAVE_COLOUR, self->leave_codes->pdata[i],
                       g_strdup (self->leave_labels->pdata[i]));
  if (approved_leave)
    add_legend_item (self, SWATCH_LEAVE, LEAVE_COLOUR, "", g_strdup (_("Approved leave")));
  for (guint day = 0; day < self->n_days; day++)
    {
      g_autofree char *number = g_strdup_printf ("%u", day + 1);

      if (self->days[day].holiday == NULL)
        continue;
      if (self->days[day].working_day)
        add_legend_item (self, SWATCH_WORKING_DAY, WORKING_DAY_COLOUR, number,
                         /* translators: a weekend day worked instead of a holiday (调休上班) */
                         g_strdup_printf (_("%s (working day)"), self->days[day].holiday));
      else
        add_legend_item (self, SWATCH_HOLIDAY, HOLIDAY_COLOUR, number,
                         g_strdup (self->days[day].holiday));
    }
}

static void
take_status (CfRosterExport *self,
             CfRosterMonth  *month)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) first = g_date_time_new_local (self->year, self->month, 1, 0, 0, 0);
  g_autofree char *generated = format_local_time (now);
  const char *published_at = cf_roster_month_get_published_at (month);
  const char *publisher = cf_roster_month_get_publisher (month);

  /* translators: the roster's month, as g_date_time_format () writes it, e.g. “2026年12月” */
  self->title = g_date_time_format (first, _("%B %Y"));
  /* translators: %s is a date and time */
  self->generated = g_strdup_printf (_("Generated %s"), generated);

  if (published_at == NULL)
    {
      self->status = g_strdup (_("Draft, not published"));
    }
  else
    {
      g_autoptr (GDateTime) utc = g_date_time_new_from_iso8601 (published_at, NULL);
      g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
      g_autofree char *when = local != NULL ? format_local_time (local) : g_strdup (published_at);

      if (publisher != NULL)
        /* translators: a person's name and a date and time */
        self->status = g_strdup_printf (_("Published by %s on %s"), publisher, when);
      else
        /* translators: %s is a date and time */
        self->status = g_strdup_printf (_("Published on %s"), when);
    }
}

/* Files ----------------------------------------------------------------------- */

void
cf_roster_export_set_write_error (GError     **error,
                                  const char  *path,
                                  const char  *reason)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, CF_ROSTER_EXPORT_ERROR, CF_ROSTER_EXPORT_ERROR_WRITE,
               /* translators: a file name and why it could not be written */
               _("Cannot save the roster as “%s”: %s"), name, reason);
}

static gboolean
write_csv (CfRosterExport  *self,
           const char      *path,
           GError         **error)
{
  g_autoptr (GString) out = g_string_new (CF_CSV_UTF8_BOM);
  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) local_error = NULL;

  g_ptr_array_add (fields, g_strdup ("employee_no"));
  g_ptr_array_add (fields, g_strdup ("name"));
  g_ptr_array_add (fields, g_strdup ("team"));
  for (guint day = 0; day < self->n_days; day++)
    g_ptr_array_add (fields, g_strdup_printf ("%u", day + 1));
  cf_csv_append_record (out, (const char * const *) fields->pdata, fields->len);

  for (guint r = 0; r < self->rows->len; r++)
    {
      ExportRow *row = self->rows->pdata[r];

      g_ptr_array_set_size (fields, 0);
      g_ptr_array_add (fields, g_strdup (row->texts[COLUMN_NUMBER]));
      g_ptr_array_add (fields, g_strdup (row->texts[COLUMN_NAME]));
      g_ptr_array_add (fields, g_strdup (row->texts[COLUMN_TEAM]));
      for (guint day = 0; day < self->n_days; day++)
        g_ptr_array_add (fields, g_strdup (cell_text (self, cell_at (self, r, day))));
      cf_csv_append_record (out, (const char * const *) fields->pdata, fields->len);
    }

  if (!g_file_set_contents_full (path, out->str, out->len, G_FILE_SET_CONTENTS_NONE, 0666,
                                 &local_error))
    {
      cf_roster_export_set_write_error (error, path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* GObject -------------------------------------------------------------------- */

static void
cf_roster_export_finalize (GObject *object)
{
  CfRosterExport *self = (CfRosterExport *)object;

  for (guint day = 0; day < self->n_days; day++)
    {
      g_free (self->days[day].weekday);
      g_free (self->days[day].holiday);
    }
  g_free (self->days);
  g_free (self->title);
  g_free (self->status);
  g_free (self->generated);
  g_ptr_array_unref (self->rows);
  g_free (self->cells);
  g_ptr_array_unref (self->shifts);
  g_ptr_array_unref (self->leave_codes);
  g_ptr_array_unref (self->leave_labels);
  g_array_unref (self->shown_shifts);
  g_free (self->counts);
  g_ptr_array_unref (self->legend);

  G_OBJECT_CLASS (cf_roster_export_parent_class)->finalize (object);
}

static void
cf_roster_export_class_init (CfRosterExportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cf_roster_export_finalize;
}

static void
cf_roster_export_init (CfRosterExport *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) export_row_free);
  self->shifts = g_ptr_array_new_with_free_func ((GDestroyNotify) export_shift_free);
  self->leave_codes = g_ptr_array_new_with_free_func (g_free);
  self->leave_labels = g_ptr_array_new_with_free_func (g_free);
  self->shown_shifts = g_array_new (FALSE, FALSE, sizeof (guint));
  self->legend = g_ptr_array_new_with_free_func ((GDestroyNotify) legend_item_free);
}

/* Public API ----------------------------------------------------------------- */

/**
 * cf_roster_export_new:
 * @month: the month
 * @directory: (nullable): where team names are looked up
 * @rows: (array length=n_rows): the month's rows to export, in order: the
 *   rows the grid shows
 *
 * Takes a snapshot of the rows, their cells and the month's shifts,
 * holidays and publication; later changes to the month are not in it.
 *
 * Returns: (transfer full): the export
 */
CfRosterExport *
cf_roster_export_new (CfRosterMonth    *month,
                      CfStaffDirectory *directory,
                      const guint      *rows,
                      guint             n_rows)
{
  CfRosterExport *self;

  g_return_val_if_fail (CF_IS_ROSTER_MONTH (month), NULL);
  g_return_val_if_fail (directory == NULL || CF_IS_STAFF_DIRECTORY (directory), NULL);
  g_return_val_if_fail (rows != NULL || n_rows == 0, NULL);

  self = g_object_new (CF_TYPE_ROSTER_EXPORT, NULL);
  self->year = cf_roster_month_get_year (month);
  self->month = cf_roster_month_get_month (month);
  self->n_days = cf_roster_month_get_n_days (month);

  take_status (self, month);
  take_shifts (self, month);
  take_leaves (self, month);
  take_days (self, month);
  take_rows (self, month, directory, rows, n_rows);
  take_totals (self, month);
  cf_roster_export_measure_columns (self);

  return self;
}

/**
 * cf_roster_export_get_suggested_name:
 *
 * Returns: (transfer full): a file name for the export, e.g.
 *   “roster-2026-12.pdf”
 */
char *
cf_roster_export_get_suggested_name (CfRosterExport       *self,
                                     CfRosterExportFormat  format)
{
  g_autofree char *month = NULL;
  g_autofree char *base = NULL;
  const char *extension;

  g_return_val_if_fail (CF_IS_ROSTER_EXPORT (self), NULL);

  month = g_strdup_printf ("%04d-%02d", self->year, self->month);
  switch (format)
    {
    case CF_ROSTER_EXPORT_XLSX:
      extension = "xlsx";
      break;
    case CF_ROSTER_EXPORT_CSV:
      extension = "csv";
      break;
    case CF_ROSTER_EXPORT_PDF_A4:
    case CF_ROSTER_EXPORT_PDF_A3:
    default:
      extension = "pdf";
      break;
    }

  /* translators: the suggested name of an exported roster's file, without
   * its extension; %s is the month, e.g. “2026-12”
   */
  base = g_strdup_printf (_("roster-%s"), month);
  return g_strdup_printf ("%s.%s", base, extension);
}

typedef struct
{
  CfRosterExport       *self;
  CfRosterExportFormat  format;
} FileData;

static gboolean
write_file_cb (const char  *path,
               gpointer     user_data,
               GError     **error)
{
  FileData *data = user_data;

  switch (data->format)
    {
    case CF_ROSTER_EXPORT_PDF_A4:
      return cf_roster_export_write_pdf_file (data->self, path, CF_ROSTER_EXPORT_A4_WIDTH,
                                              CF_ROSTER_EXPORT_A4_HEIGHT, error);
    case CF_ROSTER_EXPORT_PDF_A3:
      return cf_roster_export_write_pdf_file (data->self, path, CF_ROSTER_EXPORT_A3_WIDTH,
                                              CF_ROSTER_EXPORT_A3_HEIGHT, error);
    case CF_ROSTER_EXPORT_XLSX:
      return cf_roster_export_write_xlsx_file (data->self, path, error);
    case CF_ROSTER_EXPORT_CSV:
      return write_csv (data->self, path, error);
    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

/**
 * cf_roster_export_write:
 * @file: the file to write, in a local folder; replaced if it exists
 *
 * Writes the export to @file, through a temporary file next to it: if
 * anything fails, @file is as it was and nothing else is left.
 *
 * Returns: whether it was written
 */
gboolean
cf_roster_export_write (CfRosterExport        *self,
                        CfRosterExportFormat   format,
                        GFile                 *file,
                        GError               **error)
{
  g_autofree char *path = NULL;
  FileData data;

  g_return_val_if_fail (CF_IS_ROSTER_EXPORT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, CF_ROSTER_EXPORT_ERROR, CF_ROSTER_EXPORT_ERROR_NOT_LOCAL,
                   /* translators: %s is where the user chose to save the roster */
                   _("Cannot save the roster as “%s”: choose a folder on this computer."), name);
      return FALSE;
    }

  data.self = self;
  data.format = format;

  return cf_export_replace_file (path, write_file_cb, &data, cf_roster_export_set_write_error,
                                 error);
}

static gboolean
write_export_cb (GObject  *export,
                 int       format,
                 GFile    *file,
                 GError  **error)
{
  return cf_roster_export_write (CF_ROSTER_EXPORT (export), format, file, error);
}

/**
 * cf_roster_export_write_async:
 *
 * Writes the export in a thread; see cf_roster_export_write ().
 */
void
cf_roster_export_write_async (CfRosterExport       *self,
                              CfRosterExportFormat  format,
                              GFile                *file,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_return_if_fail (CF_IS_ROSTER_EXPORT (self));

  cf_export_write_async (G_OBJECT (self), write_export_cb, format, file, cancellable, callback,
                         user_data);
}

gboolean
cf_roster_export_write_finish (CfRosterExport  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (CF_IS_ROSTER_EXPORT (self), FALSE);

  return cf_export_write_finish (G_OBJECT (self), result, error);
}
