/* cf-roster-export-pdf.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-roster-export-pdf"

#include "config.h"

#include "cf-roster-export-private.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "cf-export.h"

/* The roster's pages, for a PDF and for a print: the whole month across
 * the page, scaled to fit, and as many staff as fit under the title, with
 * the day's counts, the legend and a footer on every page.
 */

/* The page at scale 1, in points; a page scales it to fit the whole month
 * across its width.
 */
#define BASE_FONT    7.5
#define BASE_CELL    22.0
#define BASE_ROW     14.0
#define BASE_HEADER  24.0
#define BASE_COUNT   11.0
#define BASE_TITLE   22.0
#define BASE_FOOTER  14.0
#define BASE_GAP     6.0
#define BASE_LEGEND  13.0
#define MAX_SCALE    1.2
#define PAD          2.0

/* Page layout ---------------------------------------------------------------- */

typedef struct
{
  double scale;
  double font;
  double cell_w;
  double column_w[N_INFO_COLUMNS];
  double info_w;
  double title_h;
  double header_h;
  double row_h;
  double count_h;
  double legend_h;
  double footer_h;
  double gap;
  guint  rows_per_page;
  guint  n_pages;
} PageLayout;

/* Lays the legend out in lines across @width; @x and @line (one per item,
 * may be NULL) say where each item goes.
 *
 * Returns: the number of lines
 */
static guint
flow_legend (CfRosterExport   *self,
             PangoContext     *context,
             const PageLayout *layout,
             double            width,
             double           *x,
             guint            *line)
{
  double position = 0;
  guint lines = self->legend->len > 0 ? 1 : 0;

  for (guint i = 0; i < self->legend->len; i++)
    {
      LegendItem *item = self->legend->pdata[i];
      double item_width = layout->cell_w + layout->gap / 2 +
                          cf_export_text_width (context, item->text, layout->font, 0) +
                          2 * layout->gap;

      if (position > 0 && position + item_width > width)
        {
          position = 0;
          lines++;
        }
      if (x != NULL)
        x[i] = position;
      if (line != NULL)
        line[i] = lines - 1;
      position += item_width;
    }

  return lines;
}

static const char *
column_label (InfoColumn column)
{
  switch (column)
    {
    case COLUMN_NAME:
      return _("Name");
    case COLUMN_NUMBER:
      /* translators: the employee number's column on a printed roster; keep it short */
      return _("No.");
    case COLUMN_TEAM:
      return _("Team");
    case COLUMN_HOURS:
    case N_INFO_COLUMNS:
    default:
      return _("Hours");
    }
}

static const CfTextFlags column_flags[N_INFO_COLUMNS] = { 0, 0, 0, CF_TEXT_RIGHT };

/* At scale 1, in points: each info column is as wide as its widest text,
 * within limits (a long name is cut short rather than squeezing the days).
 */
static const double column_limits[N_INFO_COLUMNS][2] = {
  { 50, 110 }, { 24, 50 }, { 30, 90 }, { 40, 80 },
};

void
cf_roster_export_measure_columns (CfRosterExport *self)
{
  PangoContext *context = cf_export_create_context ();

  self->info_width = 0;
  for (guint c = 0; c < N_INFO_COLUMNS; c++)
    {
      double width = cf_export_text_width (context, column_label (c), BASE_FONT, CF_TEXT_BOLD);
      g_autoptr (PangoLayout) layout = cf_export_create_text (context, "", BASE_FONT, 0, 0);

      /* One layout for the column's texts: a month of 2,000 staff is
       * measured in a blink.
       */
      for (guint r = 0; r < self->rows->len; r++)
        {
          ExportRow *row = self->rows->pdata[r];
          int text_w, text_h;

          pango_layout_set_text (layout, row->texts[c], -1);
          pango_layout_get_size (layout, &text_w, &text_h);
          width = MAX (width, (double) text_w / PANGO_SCALE);
        }
      self->column_widths[c] = CLAMP (width + 2 * PAD + 1, column_limits[c][0],
                                      column_limits[c][1]);
      self->info_width += self->column_widths[c];
    }

  g_object_unref (context);
}

/* The whole month across @width, scaled; as many rows as fit in @height
 * under the title, the header, the day's counts, the legend and the footer.
 */
static void
compute_layout (CfRosterExport *self,
                PangoContext   *context,
                double          width,
                double          height,
                PageLayout     *layout)
{
  double natural = self->info_width + self->n_days * BASE_CELL;
  double s = MIN (width / natural, MAX_SCALE);
  double fixed, room;

  layout->scale = s;
  layout->font = BASE_FONT * s;
  layout->info_w = self->info_width * s;
  layout->cell_w = width > natural * s ? (width - layout->info_w) / self->n_days : BASE_CELL * s;
  for (guint c = 0; c < N_INFO_COLUMNS; c++)
    layout->column_w[c] = self->column_widths[c] * s;
  layout->title_h = BASE_TITLE * s;
  layout->header_h = BASE_HEADER * s;
  layout->row_h = BASE_ROW * s;
  layout->count_h = BASE_COUNT * s;
  layout->footer_h = BASE_FOOTER * s;
  layout->gap = BASE_GAP * s;
  layout->legend_h = flow_legend (self, context, layout, width, NULL, NULL) * BASE_LEGEND * s;

  fixed = layout->title_h + layout->header_h + layout->gap +
          self->shown_shifts->len * layout->count_h + layout->gap + layout->legend_h +
          layout->gap + layout->footer_h;
  room = height - fixed;
  layout->rows_per_page = room > layout->row_h ? (guint) (room / layout->row_h) : 1;
  layout->n_pages = MAX (1, (self->rows->len + layout->rows_per_page - 1) / layout->rows_per_page);
}

static void
layout_for_page (CfRosterExport *self,
                 double          width,
                 double          height,
                 PageLayout     *layout)
{
  PangoContext *context = cf_export_create_context ();

  compute_layout (self, context, width, height, layout);
  g_object_unref (context);
}

/* Drawing ------------------------------------------------------------------ */

typedef struct
{
  cairo_t          *cr;
  PangoContext     *context;
  const PageLayout *layout;
} Painter;

static void
fill_box (Painter *painter,
          guint32  colour,
          double   x,
          double   y,
          double   width,
          double   height)
{
  cf_export_fill_box (painter->cr, colour, x, y, width, height);
}

static void
show_layout (Painter     *painter,
             PangoLayout *layout,
             double       x,
             double       y,
             double       height,
             guint32      colour)
{
  cf_export_show_layout (painter->cr, layout, x, y, height, colour);
}

static void
draw_text (Painter     *painter,
           const char  *text,
           double       x,
           double       y,
           double       width,
           double       height,
           double       size,
           CfTextFlags  flags,
           guint32      colour)
{
  cf_export_draw_text (painter->cr, painter->context, text, x, y, width, height, size, flags,
                       colour);
}

static void
draw_swatch (Painter    *painter,
             SwatchKind  kind,
             guint32     colour,
             const char *code,
             double      x,
             double      y,
             double      width,
             double      height)
{
  const PageLayout *layout = painter->layout;
  gboolean leave = kind == SWATCH_LEAVE;

  fill_box (painter, colour, x, y, width, height);
  if (code != NULL && code[0] != '\0')
    draw_text (painter, code, x, y, width, height, layout->font,
               CF_TEXT_CENTRE | (leave ? CF_TEXT_ITALIC : CF_TEXT_BOLD),
               leave ? LEAVE_TEXT_COLOUR : kind == SWATCH_SHIFT ? text_colour_on (colour)
                                                                : TEXT_COLOUR);
}

static void
draw_line (Painter *painter,
           double   x0,
           double   y0,
           double   x1,
           double   y1,
           double   width)
{
  cf_export_draw_line (painter->cr, LINE_COLOUR, x0, y0, x1, y1, width);
}

static void
draw_header (CfRosterExport *self,
             Painter        *painter,
             double          y)
{
  const PageLayout *layout = painter->layout;
  double h = layout->header_h, size = layout->font;
  double x = 0;

  fill_box (painter, HEADER_COLOUR, 0, y, layout->info_w + self->n_days * layout->cell_w, h);
  for (guint c = 0; c < N_INFO_COLUMNS; c++)
    {
      draw_text (painter, column_label (c), x + PAD * layout->scale, y,
                 layout->column_w[c] - 2 * PAD * layout->scale, h, size,
                 CF_TEXT_BOLD | CF_TEXT_ELLIPSIZE | column_flags[c], TEXT_COLOUR);
      x += layout->column_w[c];
    }

  for (guint day = 0; day < self->n_days; day++)
    {
      const ExportDay *export_day = &self->days[day];
      g_autofree char *number = g_strdup_printf ("%u", day + 1);
      double day_x = layout->info_w + day * layout->cell_w;
      guint32 colour = export_day->holiday == NULL ? (export_day->day_off ? DAY_OFF_COLOUR : 0)
                       : export_day->working_day ? WORKING_DAY_COLOUR : HOLIDAY_COLOUR;
      guint32 text = export_day->day_off ? MUTED_COLOUR : TEXT_COLOUR;

      if (colour != 0)
        fill_box (painter, colour, day_x, y, layout->cell_w, h);
      draw_text (painter, number, day_x, y + h * 0.05, layout->cell_w, h / 2, size,
                 CF_TEXT_BOLD | CF_TEXT_CENTRE, text);
      draw_text (painter, export_day->weekday, day_x, y + h * 0.45, layout->cell_w, h / 2,
                 size * 0.9, CF_TEXT_CENTRE, text);
    }
}

static void
unref_layout (gpointer layout)
{
  if (layout != NULL)
    g_object_unref (layout);
}

/* Code layouts are made once a page: most cells repeat a few codes. */
static PangoLayout *
cell_layout (CfRosterExport *self,
             Painter        *painter,
             GPtrArray      *cache,
             CfRosterCell    cell)
{
  guint key = shift_at (self, cell.shift) != NULL ? cell.shift : self->shifts->len + cell.leave;

  if (key >= cache->len)
    g_ptr_array_set_size (cache, key + 1);
  if (cache->pdata[key] == NULL)
    cache->pdata[key] = cf_export_create_text (painter->context, cell_text (self, cell),
                                               painter->layout->font, painter->layout->cell_w,
                                               CF_TEXT_CENTRE |
                                               (cell_is_leave (self, cell) ? CF_TEXT_ITALIC
                                                                           : CF_TEXT_BOLD));

  return cache->pdata[key];
}

static void
draw_rows (CfRosterExport *self,
           Painter        *painter,
           guint           first,
           guint           last,
           double          top)
{
  const PageLayout *layout = painter->layout;
  g_autoptr (GPtrArray) cache = g_ptr_array_new_with_free_func (unref_layout);
  double pad = PAD * layout->scale, inset = 0.6 * layout->scale;
  double width = layout->info_w + self->n_days * layout->cell_w;
  double bottom = top + (last - first) * layout->row_h;

  for (guint day = 0; day < self->n_days; day++)
    if (self->days[day].day_off)
      fill_box (painter, DAY_OFF_COLOUR, layout->info_w + day * layout->cell_w, top,
                layout->cell_w, bottom - top);

  for (guint r = first; r < last; r++)
    {
      ExportRow *row = self->rows->pdata[r];
      double y = top + (r - first) * layout->row_h, x = 0;

      for (guint c = 0; c < N_INFO_COLUMNS; c++)
        {
          draw_text (painter, row->texts[c], x + pad, y, layout->column_w[c] - 2 * pad,
                     layout->row_h, layout->font, CF_TEXT_ELLIPSIZE | column_flags[c],
                     c == COLUMN_NUMBER ? MUTED_COLOUR : TEXT_COLOUR);
          x += layout->column_w[c];
        }

      for (guint day = 0; day < self->n_days; day++)
        {
          CfRosterCell cell = cell_at (self, r, day);
          const ExportShift *shift = shift_at (self, cell.shift);
          double cell_x = layout->info_w + day * layout->cell_w;
          guint32 colour;

          if (shift != NULL)
            colour = shift->colour;
          else if (cell_is_leave (self, cell))
            colour = LEAVE_COLOUR;
          else
            continue;

          fill_box (painter, colour, cell_x + inset, y + inset, layout->cell_w - 2 * inset,
                    layout->row_h - 2 * inset);
          if (cell_text (self, cell)[0] != '\0')
            show_layout (painter, cell_layout (self, painter, cache, cell), cell_x, y,
                         layout->row_h, shift != NULL ? text_colour_on (colour)
                                                      : LEAVE_TEXT_COLOUR);
        }
    }

  for (guint r = first; r <= last; r++)
    {
      double y = top + (r - first) * layout->row_h;

      draw_line (painter, 0, y, width, y, 0.3 * layout->scale);
    }
  for (guint day = 0; day <= self->n_days; day++)
    {
      double x = layout->info_w + day * layout->cell_w;

      draw_line (painter, x, top - layout->header_h, x, bottom,
                 (day == 0 ? 0.8 : 0.3) * layout->scale);
    }
}

/* How many have each shift each day, of the rows exported. */
static void
draw_counts (CfRosterExport *self,
             Painter        *painter,
             double          top)
{
  const PageLayout *layout = painter->layout;
  double size = layout->font * 0.9;

  for (guint i = 0; i < self->shown_shifts->len; i++)
    {
      guint index = g_array_index (self->shown_shifts, guint, i);
      const ExportShift *shift = shift_at (self, index);
      double y = top + i * layout->count_h;

      fill_box (painter, i % 2 == 0 ? HEADER_COLOUR : 0xffffff, 0, y,
                layout->info_w + self->n_days * layout->cell_w, layout->count_h);
      draw_swatch (painter, SWATCH_SHIFT, shift->colour, NULL, layout->info_w - 4 * layout->scale,
                   y + layout->count_h * 0.2, 3 * layout->scale, layout->count_h * 0.6);
      draw_text (painter, shift->name, 2 * layout->scale, y, layout->info_w - 8 * layout->scale,
                 layout->count_h, size, CF_TEXT_RIGHT | CF_TEXT_ELLIPSIZE, MUTED_COLOUR);
      for (guint day = 0; day < self->n_days; day++)
        {
          guint count = self->counts[day * self->shifts->len + index];
          g_autofree char *text = NULL;

          if (count == 0)
            continue;
          text = g_strdup_printf ("%u", count);
          draw_text (painter, text, layout->info_w + day * layout->cell_w, y, layout->cell_w,
                     layout->count_h, size, CF_TEXT_CENTRE, TEXT_COLOUR);
        }
    }
}

static void
draw_legend (CfRosterExport *self,
             Painter        *painter,
             double          width,
             double          top)
{
  const PageLayout *layout = painter->layout;
  g_autofree double *x = g_new0 (double, self->legend->len + 1);
  g_autofree guint *line = g_new0 (guint, self->legend->len + 1);
  double line_h = BASE_LEGEND * layout->scale;

  flow_legend (self, painter->context, layout, width, x, line);
  for (guint i = 0; i < self->legend->len; i++)
    {
      LegendItem *item = self->legend->pdata[i];
      double y = top + line[i] * line_h;
      double text_x = x[i] + layout->cell_w + layout->gap / 2;

      draw_swatch (painter, item->kind, item->colour, item->code, x[i], y + line_h * 0.08,
                   layout->cell_w, line_h * 0.84);
      draw_text (painter, item->text, text_x, y, 0, line_h, layout->font, 0, TEXT_COLOUR);
    }
}

static void
draw_footer (CfRosterExport *self,
             Painter        *painter,
             double          width,
             double          top,
             guint           page)
{
  const PageLayout *layout = painter->layout;
  g_autofree char *page_text = NULL;
  double third = width / 3;

  /* translators: the page number on a printed roster */
  page_text = g_strdup_printf (_("Page %u of %u"), page + 1, layout->n_pages);
  draw_line (painter, 0, top, width, top, 0.3 * layout->scale);
  draw_text (painter, self->generated, 0, top, third, layout->footer_h, layout->font,
             CF_TEXT_ELLIPSIZE, MUTED_COLOUR);
  draw_text (painter, self->status, third, top, third, layout->footer_h, layout->font,
             CF_TEXT_CENTRE | CF_TEXT_ELLIPSIZE, TEXT_COLOUR);
  draw_text (painter, page_text, 2 * third, top, third, layout->footer_h, layout->font,
             CF_TEXT_RIGHT, MUTED_COLOUR);
}

static void
draw_title (CfRosterExport *self,
            Painter        *painter,
            double          width)
{
  const PageLayout *layout = painter->layout;
  g_autofree char *title = NULL;
  g_autofree char *staff = NULL;

  /* translators: the title of a printed roster; %s is its month, e.g. “2026年12月” */
  title = g_strdup_printf (_("Roster · %s"), self->title);
  staff = g_strdup_printf (g_dngettext (NULL, "%u staff member", "%u staff", self->rows->len),
                           self->rows->len);
  draw_text (painter, title, 0, 0, width * 0.7, layout->title_h * 0.8, layout->font * 1.8,
             CF_TEXT_BOLD | CF_TEXT_ELLIPSIZE, TEXT_COLOUR);
  draw_text (painter, staff, width * 0.7, 0, width * 0.3, layout->title_h * 0.8, layout->font,
             CF_TEXT_RIGHT, MUTED_COLOUR);
}

/**
 * cf_roster_export_draw_page:
 * @cr: a context in points, with the page's printable area at the origin
 * @width: the printable width, in points
 * @height: the printable height, in points
 * @page: 0 for the first page
 *
 * Draws one page: the title, the whole month for the page's staff with the
 * name, team and hours columns, the day's counts, the legend and a footer
 * with when it was made, whether the month is published and the page.
 * A PDF and a print draw the same pages.
 */
void
cf_roster_export_draw_page (CfRosterExport *self,
                            cairo_t        *cr,
                            double          width,
                            double          height,
                            guint           page)
{
  PangoContext *context;
  PageLayout layout;
  Painter painter = { cr, NULL, &layout };
  guint first, last;
  double y;

  g_return_if_fail (CF_IS_ROSTER_EXPORT (self));
  g_return_if_fail (cr != NULL);

  context = painter.context = cf_export_create_context ();
  pango_cairo_update_context (cr, context);
  compute_layout (self, context, width, height, &layout);
  if (page >= layout.n_pages)
    {
      g_critical ("%s: page %u of %u", G_STRFUNC, page, layout.n_pages);
      g_object_unref (context);
      return;
    }

  first = page * layout.rows_per_page;
  last = MIN (first + layout.rows_per_page, self->rows->len);

  cairo_save (cr);
  draw_title (self, &painter, width);
  y = layout.title_h;
  draw_header (self, &painter, y);
  y += layout.header_h;
  if (first == last)
    {
      draw_text (&painter, _("No staff"), 0, y, layout.info_w, layout.row_h, layout.font,
                 CF_TEXT_ITALIC, MUTED_COLOUR);
      y += layout.row_h;
    }
  else
    {
      draw_rows (self, &painter, first, last, y);
      y += (last - first) * layout.row_h;
    }
  y += layout.gap;
  draw_counts (self, &painter, y);
  y += self->shown_shifts->len * layout.count_h + layout.gap;
  draw_legend (self, &painter, width, y);
  draw_footer (self, &painter, width, height - layout.footer_h, page);
  cairo_restore (cr);
  g_object_unref (context);
}

/**
 * cf_roster_export_get_n_pages:
 * @width: the printable width, in points
 * @height: the printable height, in points
 * @rows_per_page: (out) (optional): how many staff a page of this size holds
 *
 * Returns: how many pages of this size the export takes (at least one)
 */
guint
cf_roster_export_get_n_pages (CfRosterExport *self,
                              double          width,
                              double          height,
                              guint          *rows_per_page)
{
  PageLayout layout;

  g_return_val_if_fail (CF_IS_ROSTER_EXPORT (self), 0);

  layout_for_page (self, width, height, &layout);
  if (rows_per_page != NULL)
    *rows_per_page = layout.rows_per_page;

  return layout.n_pages;
}

/* Printing ------------------------------------------------------------------- */

static void
on_begin_print_cb (GtkPrintOperation *operation,
                   GtkPrintContext   *context,
                   CfRosterExport    *self)
{
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);

  guint n_pages = cf_roster_export_get_n_pages (self, width, height, NULL);

  gtk_print_operation_set_n_pages (operation, n_pages);
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page,
                 CfRosterExport    *self)
{
  cf_roster_export_draw_page (self, gtk_print_context_get_cairo_context (context),
                              gtk_print_context_get_width (context),
                              gtk_print_context_get_height (context), page);
}

/**
 * cf_roster_export_new_print_operation:
 *
 * Returns: (transfer full): a print operation that draws the pages a PDF
 *   has, on the paper chosen, landscape unless the user says otherwise
 */
GtkPrintOperation *
cf_roster_export_new_print_operation (CfRosterExport *self)
{
  GtkPrintOperation *operation;
  g_autoptr (GtkPageSetup) page_setup = gtk_page_setup_new ();
  g_autofree char *job_name = NULL;

  g_return_val_if_fail (CF_IS_ROSTER_EXPORT (self), NULL);

  operation = gtk_print_operation_new ();
  gtk_page_setup_set_orientation (page_setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_print_operation_set_default_page_setup (operation, page_setup);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  /* translators: the print job's name; %s is the roster's month */
  job_name = g_strdup_printf (_("Roster %s"), self->title);
  gtk_print_operation_set_job_name (operation, job_name);
  g_signal_connect_object (operation, "begin-print", G_CALLBACK (on_begin_print_cb), self, 0);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (on_draw_page_cb), self, 0);

  return operation;
}

/* PDF ---------------------------------------------------------------------------- */

static guint
count_pages_cb (gpointer user_data,
                double   width,
                double   height)
{
  return cf_roster_export_get_n_pages (user_data, width, height, NULL);
}

static void
draw_page_cb (gpointer  user_data,
              cairo_t  *cr,
              double    width,
              double    height,
              guint     page)
{
  cf_roster_export_draw_page (user_data, cr, width, height, page);
}

gboolean
cf_roster_export_write_pdf_file (CfRosterExport  *self,
                                 const char      *path,
                                 double           width,
                                 double           height,
                                 GError         **error)
{
  g_autofree char *title = g_strdup_printf (_("Roster · %s"), self->title);

  if (!cf_export_write_pdf (path, width, height, title, count_pages_cb, draw_page_cb, self))
    {
      cf_roster_export_set_write_error (error, path, _("the PDF could not be written."));
      return FALSE;
    }

  return TRUE;
}
