/* cf-weekly-review.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-weekly-review"

#include "config.h"

#include "cf-weekly-review.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>
#include <xlsxwriter.h>

#include "cf-escalation-review.h"
#include "cf-export.h"

/* The weekly review for the shift-lead meeting, as it is handed round:
 * the week's hard complaints (cf_escalation_list_hard_complaints ()) in a
 * table, as an A4 landscape PDF or a spreadsheet. The review is a
 * snapshot of the texts, so it can be written in a thread; files are
 * written next to their target and renamed into place (cf-export.c).
 */

struct _CfWeeklyReview
{
  GObject    parent_instance;

  char      *week;        /* “2026-11-16 – 2026-11-22” */
  char      *monday;      /* “2026-11-16” */
  char      *title;
  char      *generated;
  GPtrArray *rows;        /* GStrv of CF_WEEKLY_REVIEW_N_COLUMNS texts */
  GArray    *severities;  /* guint32: the severity's text colour, per row */
};

G_DEFINE_FINAL_TYPE (CfWeeklyReview, cf_weekly_review, G_TYPE_OBJECT)

G_DEFINE_QUARK (cf-weekly-review-error-quark, cf_weekly_review_error)

#define TEXT_COLOUR     0x1f1f1f
#define MUTED_COLOUR    0x595959
#define HEADER_COLOUR   0xf5f5f5
#define LINE_COLOUR     0xb0b0b0
#define URGENT_COLOUR   0x9c4a00
#define CRITICAL_COLOUR 0xc01c28

/* The page, in points. */
#define FONT_SIZE   9.0
#define TITLE_SIZE  16.0
#define TITLE_H     24.0
#define SUBTITLE_H  16.0
#define GAP         8.0
#define HEADER_H    20.0
#define FOOTER_H    16.0
#define PAD         4.0

/* Each column's share of the page's width. */
static const double column_shares[CF_WEEKLY_REVIEW_N_COLUMNS] = {
  0.29, 0.08, 0.12, 0.09, 0.13, 0.29,
};

/* Each column's width in the spreadsheet, in characters. */
static const double column_chars[CF_WEEKLY_REVIEW_N_COLUMNS] = { 44, 10, 16, 12, 18, 44 };

const char *
cf_weekly_review_get_column_title (CfWeeklyReviewColumn column)
{
  switch (column)
    {
    case CF_WEEKLY_REVIEW_SUMMARY:
      return _("Summary");
    case CF_WEEKLY_REVIEW_SEVERITY:
      return _("Severity");
    case CF_WEEKLY_REVIEW_LEVEL:
      /* translators: a column of the weekly review: the highest level an escalation reached */
      return _("Level Reached");
    case CF_WEEKLY_REVIEW_STATUS:
      return _("Status");
    case CF_WEEKLY_REVIEW_REASONS:
      /* translators: a column of the weekly review: why a complaint is on it */
      return _("Why Listed");
    case CF_WEEKLY_REVIEW_OUTCOME:
      return _("Outcome");
    case CF_WEEKLY_REVIEW_N_COLUMNS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
set_write_error (GError     **error,
                 const char  *path,
                 const char  *reason)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, CF_WEEKLY_REVIEW_ERROR, CF_WEEKLY_REVIEW_ERROR_WRITE,
               /* translators: a file name and why it could not be written */
               _("Cannot save the weekly review as “%s”: %s"), name, reason);
}

static void
take_row (CfWeeklyReview        *self,
          const CfHardComplaint *complaint)
{
  char **row = g_new0 (char *, CF_WEEKLY_REVIEW_N_COLUMNS + 1);
  guint32 colour = g_strcmp0 (complaint->severity, "critical") == 0 ? CRITICAL_COLOUR
                   : g_strcmp0 (complaint->severity, "urgent") == 0 ? URGENT_COLOUR
                   : TEXT_COLOUR;

  row[CF_WEEKLY_REVIEW_SUMMARY] = g_strdup (complaint->summary);
  row[CF_WEEKLY_REVIEW_SEVERITY] = g_strdup (cf_hard_complaint_get_label (complaint, "severity"));
  row[CF_WEEKLY_REVIEW_LEVEL] = g_strdup (cf_hard_complaint_get_label (complaint, "level"));
  row[CF_WEEKLY_REVIEW_STATUS] = g_strdup (cf_hard_complaint_get_label (complaint, "status"));
  row[CF_WEEKLY_REVIEW_REASONS] = cf_hard_complaint_describe_reasons (complaint);
  row[CF_WEEKLY_REVIEW_OUTCOME] = cf_hard_complaint_describe_outcome (complaint);
  g_ptr_array_add (self->rows, row);
  g_array_append_val (self->severities, colour);
}

/* PDF ------------------------------------------------------------------------ */

/* Where each row goes: its height, and the first row of each page. */
typedef struct
{
  double *row_heights;
  GArray *page_starts;   /* guint; one more at the end: the number of rows */
} Pages;

static void
pages_clear (Pages *pages)
{
  g_clear_pointer (&pages->row_heights, g_free);
  g_clear_pointer (&pages->page_starts, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pages, pages_clear)

static PangoLayout *
create_cell (PangoContext *context,
             const char   *text,
             double        column_width,
             CfTextFlags   flags)
{
  return cf_export_create_text (context, text, FONT_SIZE, column_width - 2 * PAD,
                                flags | CF_TEXT_WRAP);
}

static void
paginate (CfWeeklyReview *self,
          PangoContext   *context,
          double          width,
          double          height,
          Pages          *pages)
{
  double room = height - TITLE_H - SUBTITLE_H - GAP - HEADER_H - GAP - FOOTER_H;
  double used = 0;
  guint start = 0;

  pages->row_heights = g_new0 (double, self->rows->len + 1);
  pages->page_starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (pages->page_starts, start);

  for (guint r = 0; r < self->rows->len; r++)
    {
      char **row = self->rows->pdata[r];
      double row_h = 0;

      for (guint c = 0; c < CF_WEEKLY_REVIEW_N_COLUMNS; c++)
        {
          g_autoptr (PangoLayout) layout = create_cell (context, row[c],
                                                        width * column_shares[c], 0);

          row_h = MAX (row_h, cf_export_text_height (layout) + 2 * PAD);
        }
      pages->row_heights[r] = row_h;
      /* A row too tall for a page has one to itself. */
      if (used > 0 && used + row_h > room)
        {
          g_array_append_val (pages->page_starts, r);
          used = 0;
        }
      used += row_h;
    }
  g_array_append_val (pages->page_starts, self->rows->len);
}

/**
 * cf_weekly_review_get_n_pages:
 * @width: the printable width, in points
 * @height: the printable height, in points
 *
 * Returns: how many pages of this size the review takes (at least one)
 */
guint
cf_weekly_review_get_n_pages (CfWeeklyReview *self,
                              double          width,
                              double          height)
{
  PangoContext *context;
  g_auto (Pages) pages = { NULL };

  g_return_val_if_fail (CF_IS_WEEKLY_REVIEW (self), 0);

  context = cf_export_create_context ();
  paginate (self, context, width, height, &pages);
  g_object_unref (context);

  return pages.page_starts->len - 1;
}

static void
draw_header (cairo_t      *cr,
             PangoContext *context,
             double        width,
             double        y)
{
  double x = 0;

  cf_export_fill_box (cr, HEADER_COLOUR, 0, y, width, HEADER_H);
  for (guint c = 0; c < CF_WEEKLY_REVIEW_N_COLUMNS; c++)
    {
      double column_w = width * column_shares[c];

      cf_export_draw_text (cr, context, cf_weekly_review_get_column_title (c), x + PAD, y,
                           column_w - 2 * PAD, HEADER_H, FONT_SIZE,
                           CF_TEXT_BOLD | CF_TEXT_ELLIPSIZE, TEXT_COLOUR);
      x += column_w;
    }
  cf_export_draw_line (cr, LINE_COLOUR, 0, y + HEADER_H, width, y + HEADER_H, 0.8);
}

static void
draw_row (CfWeeklyReview *self,
          cairo_t        *cr,
          PangoContext   *context,
          double          width,
          guint           r,
          double          y,
          double          row_h)
{
  char **row = self->rows->pdata[r];
  double x = 0;

  for (guint c = 0; c < CF_WEEKLY_REVIEW_N_COLUMNS; c++)
    {
      double column_w = width * column_shares[c];
      gboolean severity = c == CF_WEEKLY_REVIEW_SEVERITY;
      g_autoptr (PangoLayout) layout = create_cell (context, row[c], column_w,
                                                    severity ? CF_TEXT_BOLD : 0);

      cf_export_show_layout (cr, layout, x + PAD, y + PAD, cf_export_text_height (layout),
                             severity ? g_array_index (self->severities, guint32, r)
                                      : TEXT_COLOUR);
      x += column_w;
    }
  cf_export_draw_line (cr, LINE_COLOUR, 0, y + row_h, width, y + row_h, 0.3);
}

/**
 * cf_weekly_review_draw_page:
 * @cr: a context in points, with the page's printable area at the origin
 * @width: the printable width, in points
 * @height: the printable height, in points
 * @page: 0 for the first page
 *
 * Draws one page: the title with the week, the table's header and the
 * page's rows, and a footer with when it was made and the page.
 */
void
cf_weekly_review_draw_page (CfWeeklyReview *self,
                            cairo_t        *cr,
                            double          width,
                            double          height,
                            guint           page)
{
  PangoContext *context;
  g_auto (Pages) pages = { NULL };
  g_autofree char *subtitle = NULL;
  g_autofree char *page_text = NULL;
  guint n_pages;
  double y;

  g_return_if_fail (CF_IS_WEEKLY_REVIEW (self));
  g_return_if_fail (cr != NULL);

  context = cf_export_create_context ();
  pango_cairo_update_context (cr, context);
  paginate (self, context, width, height, &pages);
  n_pages = pages.page_starts->len - 1;
  if (page >= n_pages)
    {
      g_critical ("%s: page %u of %u", G_STRFUNC, page, n_pages);
      g_object_unref (context);
      return;
    }

  cairo_save (cr);
  cf_export_draw_text (cr, context, self->title, 0, 0, width, TITLE_H, TITLE_SIZE,
                       CF_TEXT_BOLD | CF_TEXT_ELLIPSIZE, TEXT_COLOUR);
  subtitle = g_strdup_printf (g_dngettext (NULL, "%u hard complaint", "%u hard complaints",
                                           self->rows->len), self->rows->len);
  cf_export_draw_text (cr, context, subtitle, 0, TITLE_H, width, SUBTITLE_H, FONT_SIZE, 0,
                       MUTED_COLOUR);
  y = TITLE_H + SUBTITLE_H + GAP;
  draw_header (cr, context, width, y);
  y += HEADER_H;

  if (self->rows->len == 0)
    cf_export_draw_text (cr, context, _("No hard complaints this week."), PAD, y, width,
                         HEADER_H, FONT_SIZE, CF_TEXT_ITALIC, MUTED_COLOUR);
  for (guint r = g_array_index (pages.page_starts, guint, page);
       r < g_array_index (pages.page_starts, guint, page + 1); r++)
    {
      draw_row (self, cr, context, width, r, y, pages.row_heights[r]);
      y += pages.row_heights[r];
    }

  /* translators: the page number on a printed weekly review */
  page_text = g_strdup_printf (_("Page %u of %u"), page + 1, n_pages);
  cf_export_draw_footer (cr, context, self->generated, page_text, width, height - FOOTER_H,
                         FOOTER_H, FONT_SIZE * 0.9);
  cairo_restore (cr);
  g_object_unref (context);
}

static guint
count_pages_cb (gpointer user_data,
                double   width,
                double   height)
{
  return cf_weekly_review_get_n_pages (user_data, width, height);
}

static void
draw_page_cb (gpointer  user_data,
              cairo_t  *cr,
              double    width,
              double    height,
              guint     page)
{
  cf_weekly_review_draw_page (user_data, cr, width, height, page);
}

static gboolean
write_pdf (CfWeeklyReview  *self,
           const char      *path,
           GError         **error)
{
  if (!cf_export_write_pdf (path, CF_EXPORT_A4_WIDTH, CF_EXPORT_A4_HEIGHT, self->title,
                            count_pages_cb, draw_page_cb, self))
    {
      set_write_error (error, path, _("the PDF could not be written."));
      return FALSE;
    }

  return TRUE;
}

/* XLSX ------------------------------------------------------------------------ */

static gboolean
write_xlsx (CfWeeklyReview  *self,
            const char      *path,
            GError         **error)
{
  lxw_workbook *workbook = workbook_new (path);
  lxw_doc_properties properties = { 0 };
  lxw_worksheet *sheet;
  lxw_format *header, *text;
  lxw_error status;

  if (workbook == NULL)
    {
      set_write_error (error, path, _("the spreadsheet could not be made."));
      return FALSE;
    }

  properties.title = self->title;
  properties.comments = self->generated;
  workbook_set_properties (workbook, &properties);
  header = workbook_add_format (workbook);
  format_set_bold (header);
  format_set_bg_color (header, HEADER_COLOUR);
  format_set_border (header, LXW_BORDER_THIN);
  format_set_border_color (header, LINE_COLOUR);
  text = workbook_add_format (workbook);
  format_set_text_wrap (text);
  format_set_align (text, LXW_ALIGN_VERTICAL_TOP);
  format_set_border (text, LXW_BORDER_THIN);
  format_set_border_color (text, LINE_COLOUR);

  /* The sheet is named after the week's Monday. */
  sheet = workbook_add_worksheet (workbook, self->monday);
  for (guint c = 0; c < CF_WEEKLY_REVIEW_N_COLUMNS; c++)
    {
      worksheet_write_string (sheet, 0, c, cf_weekly_review_get_column_title (c), header);
      worksheet_set_column (sheet, c, c, column_chars[c], NULL);
    }
  for (guint r = 0; r < self->rows->len; r++)
    {
      char **row = self->rows->pdata[r];

      for (guint c = 0; c < CF_WEEKLY_REVIEW_N_COLUMNS; c++)
        worksheet_write_string (sheet, r + 1, c, row[c], text);
    }
  worksheet_freeze_panes (sheet, 1, 0);
  worksheet_autofilter (sheet, 0, 0, self->rows->len, CF_WEEKLY_REVIEW_N_COLUMNS - 1);
  worksheet_set_landscape (sheet);
  worksheet_set_paper (sheet, 9);   /* A4 */
  worksheet_fit_to_pages (sheet, 1, 0);
  worksheet_repeat_rows (sheet, 0, 0);

  status = workbook_close (workbook);
  if (status != LXW_NO_ERROR)
    {
      g_debug ("Cannot write %s: %s", path, lxw_strerror (status));
      set_write_error (error, path, _("the spreadsheet could not be written."));
      return FALSE;
    }

  return TRUE;
}

/* GObject -------------------------------------------------------------------- */

static void
cf_weekly_review_finalize (GObject *object)
{
  CfWeeklyReview *self = (CfWeeklyReview *)object;

  g_free (self->week);
  g_free (self->monday);
  g_free (self->title);
  g_free (self->generated);
  g_ptr_array_unref (self->rows);
  g_array_unref (self->severities);

  G_OBJECT_CLASS (cf_weekly_review_parent_class)->finalize (object);
}

static void
cf_weekly_review_class_init (CfWeeklyReviewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_weekly_review_finalize;
}

static void
cf_weekly_review_init (CfWeeklyReview *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->severities = g_array_new (FALSE, FALSE, sizeof (guint32));
}

/* Public API ----------------------------------------------------------------- */

/**
 * cf_weekly_review_new:
 * @day: any day of the week to review
 * @now: (nullable): what “overdue” is measured against; %NULL for now
 *
 * Reads the week's hard complaints and takes a snapshot of their texts.
 *
 * Returns: (transfer full): the review, or %NULL with @error set
 */
CfWeeklyReview *
cf_weekly_review_new (CfStore      *store,
                      const GDate  *day,
                      GDateTime    *now,
                      GError      **error)
{
  g_autoptr (CfWeeklyReview) self = NULL;
  g_autoptr (GPtrArray) complaints = NULL;
  g_autoptr (GDateTime) local = g_date_time_new_now_local ();
  g_autofree char *generated = NULL;
  char monday_text[16];
  GDate monday;

  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  complaints = cf_escalation_list_hard_complaints (store, day, now, error);
  if (complaints == NULL)
    return NULL;

  self = g_object_new (CF_TYPE_WEEKLY_REVIEW, NULL);
  cf_escalation_review_get_week (day, &monday, NULL);
  g_date_strftime (monday_text, sizeof monday_text, "%Y-%m-%d", &monday);
  self->monday = g_strdup (monday_text);
  self->week = cf_escalation_review_describe_week (day);
  /* translators: the title of the weekly review; %s is its week */
  self->title = g_strdup_printf (_("Weekly Review of Hard Complaints · %s"), self->week);
  /* translators: a date and time on an exported weekly review */
  generated = g_date_time_format (local, _("%Y-%m-%d %H:%M"));
  /* translators: %s is a date and time */
  self->generated = g_strdup_printf (_("Generated %s"), generated);

  for (guint i = 0; i < complaints->len; i++)
    take_row (self, complaints->pdata[i]);

  return g_steal_pointer (&self);
}

/* Returns: the week as the review's title shows it */
const char *
cf_weekly_review_get_week (CfWeeklyReview *self)
{
  g_return_val_if_fail (CF_IS_WEEKLY_REVIEW (self), NULL);

  return self->week;
}

guint
cf_weekly_review_get_n_rows (CfWeeklyReview *self)
{
  g_return_val_if_fail (CF_IS_WEEKLY_REVIEW (self), 0);

  return self->rows->len;
}

/* Returns: the text of a cell of the review's table */
const char *
cf_weekly_review_get_cell (CfWeeklyReview       *self,
                           guint                 row,
                           CfWeeklyReviewColumn  column)
{
  g_return_val_if_fail (CF_IS_WEEKLY_REVIEW (self), NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);
  g_return_val_if_fail (column < CF_WEEKLY_REVIEW_N_COLUMNS, NULL);

  return ((char **) self->rows->pdata[row])[column];
}

/**
 * cf_weekly_review_get_suggested_name:
 *
 * Returns: (transfer full): a file name for the review, e.g.
 *   “weekly-review-2026-11-16.pdf”
 */
char *
cf_weekly_review_get_suggested_name (CfWeeklyReview       *self,
                                     CfWeeklyReviewFormat  format)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (CF_IS_WEEKLY_REVIEW (self), NULL);

  /* translators: the suggested name of a weekly review's file, without its
   * extension; %s is the week's Monday, e.g. “2026-11-16”
   */
  base = g_strdup_printf (_("weekly-review-%s"), self->monday);
  return g_strdup_printf ("%s.%s", base, format == CF_WEEKLY_REVIEW_XLSX ? "xlsx" : "pdf");
}

typedef struct
{
  CfWeeklyReview       *self;
  CfWeeklyReviewFormat  format;
} FileData;

static gboolean
write_file_cb (const char  *path,
               gpointer     user_data,
               GError     **error)
{
  FileData *data = user_data;

  if (data->format == CF_WEEKLY_REVIEW_XLSX)
    return write_xlsx (data->self, path, error);

  return write_pdf (data->self, path, error);
}

/**
 * cf_weekly_review_write:
 * @file: the file to write, in a local folder; replaced if it exists
 *
 * Writes the review to @file, through a temporary file next to it: if
 * anything fails, @file is as it was and nothing else is left.
 *
 * Returns: whether it was written
 */
gboolean
cf_weekly_review_write (CfWeeklyReview        *self,
                        CfWeeklyReviewFormat   format,
                        GFile                 *file,
                        GError               **error)
{
  g_autofree char *path = NULL;
  FileData data = { self, format };

  g_return_val_if_fail (CF_IS_WEEKLY_REVIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, CF_WEEKLY_REVIEW_ERROR, CF_WEEKLY_REVIEW_ERROR_NOT_LOCAL,
                   /* translators: %s is where the user chose to save the weekly review */
                   _("Cannot save the weekly review as “%s”: choose a folder on this computer."),
                   name);
      return FALSE;
    }

  return cf_export_replace_file (path, write_file_cb, &data, set_write_error, error);
}

static gboolean
write_review_cb (GObject  *review,
                 int       format,
                 GFile    *file,
                 GError  **error)
{
  return cf_weekly_review_write (CF_WEEKLY_REVIEW (review), format, file, error);
}

/* Writes the review in a thread; see cf_weekly_review_write (). */
void
cf_weekly_review_write_async (CfWeeklyReview       *self,
                              CfWeeklyReviewFormat  format,
                              GFile                *file,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_return_if_fail (CF_IS_WEEKLY_REVIEW (self));

  cf_export_write_async (G_OBJECT (self), write_review_cb, format, file, cancellable, callback,
                         user_data);
}

gboolean
cf_weekly_review_write_finish (CfWeeklyReview  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (CF_IS_WEEKLY_REVIEW (self), FALSE);

  return cf_export_write_finish (G_OBJECT (self), result, error);
}
