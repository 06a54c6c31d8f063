/* cf-roster-grid.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-roster-grid"

#include "config.h"

#include "cf-roster-grid.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-op.h"
#include "cf-registry.h"
#include "cf-session.h"
#include "cf-staff-directory.h"
#include "cf-store.h"
#include "cf-window.h"

/* The month's roster as a spreadsheet that knows the rules: a custom widget
 * drawing only what is visible with GtkSnapshot, scrolled through
 * GtkScrollable (a column view is five times slower to show a month of
 * 2,000 staff; research/performance.md §1). The header row, the info
 * columns (name, team, planned hours) and the footer counts stay in place;
 * the cells scroll under them.
 *
 * Every paint, paste or clear is one batch of ops in one transaction, and
 * one step of the grid's own undo and redo.
 */

#define ROW_HEIGHT      26
#define HEADER_HEIGHT   40
#define FOOTER_ROW      20
#define CELL_WIDTH      34
#define NAME_WIDTH      104
#define TEAM_WIDTH      92
#define HOURS_WIDTH     100
#define INFO_WIDTH      (NAME_WIDTH + TEAM_WIDTH + HOURS_WIDTH)
#define MAX_UNDO        100
/* Names are laid out ahead, between frames, this long at a time. */
#define LAY_OUT_AHEAD_USEC 4000

typedef struct
{
  GPtrArray *op_ids;   /* char *: the ops of one edit, oldest first */
} Step;

struct _CfRosterGrid
{
  GtkWidget        parent_instance;

  CfContext       *context;
  CfRosterMonth   *month;
  GArray          *rows;          /* guint: the month's rows shown, in order */
  CfRosterRules    rules;
  GHashTable      *problems;      /* row of the month → GArray of CfRosterProblem */

  GtkAdjustment   *hadjustment;
  GtkAdjustment   *vadjustment;
  guint            hscroll_policy : 1;
  guint            vscroll_policy : 1;

  /* Cursor and selection, in shown rows and days */
  guint            cursor_row;
  guint            cursor_day;
  guint            anchor_row;
  guint            anchor_day;

  guint            paint_shift;   /* 1-based shift type painted by dragging; 0 none */
  gboolean         painting;

  GPtrArray       *undo;          /* Step */
  GPtrArray       *redo;

  GtkIMContext    *im_context;
  GString         *typed;         /* a code being typed, for codes longer than one character */
  guint            typed_id;

  /* Cached text */
  GPtrArray       *code_layouts;  /* PangoLayout per shift type, index 0 unused */
  GPtrArray       *leave_layouts; /* PangoLayout per leave type, index 0 unused */
  GPtrArray       *day_layouts;   /* PangoLayout per day: number and weekday */
  GHashTable      *name_layouts;  /* row of the month → PangoLayout */
  guint            lay_out_id;    /* idle laying out the names not yet shown */
  guint            lay_out_next;  /* the next row of the month it lays out */
  GHashTable      *team_layouts;  /* team id → PangoLayout */
  GHashTable      *hours_layouts; /* text → PangoLayout: few rows differ in hours */
  guint            generation;    /* the month's, when the text was laid out */
  GPtrArray       *footer_layouts; /* PangoLayout per shift type's name, index 0 unused */
  GHashTable      *count_layouts; /* day × shift → PangoLayout of the count */
};


G_DEFINE_FINAL_TYPE_WITH_CODE (CfRosterGrid, cf_roster_grid, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

enum {
  PROP_0,
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum {
  CURSOR_MOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Short codes for kinds of leave in a roster cell, in the registry's order. */
static const char * const leave_codes[] = {
  /* translators: short codes for kinds of leave in a roster cell, in the
   * order annual, sick, personal, compensatory, marriage, bereavement,
   * maternity, paternity; typed or pasted into the roster too
   */
  NC_("leave code", "AL"), NC_("leave code", "SL"), NC_("leave code", "PL"),
  NC_("leave code", "CL"), NC_("leave code", "ML"), NC_("leave code", "BL"),
  NC_("leave code", "MT"), NC_("leave code", "PT"),
};

/* The layout lists keep index 0 empty, as cells number shifts from 1. */
static void
layout_unref (gpointer layout)
{
  if (layout != NULL)
    g_object_unref (layout);
}

static void
step_free (Step *step)
{
  g_ptr_array_unref (step->op_ids);
  g_free (step);
}

/* Geometry ------------------------------------------------------------------- */

static int
footer_height (CfRosterGrid *self)
{
  return self->month != NULL
           ? (int) cf_roster_month_get_n_shift_types (self->month) * FOOTER_ROW : 0;
}

static int
content_width (CfRosterGrid *self)
{
  return self->month != NULL ? (int) cf_roster_month_get_n_days (self->month) * CELL_WIDTH : 0;
}

static int
content_height (CfRosterGrid *self)
{
  return (int) self->rows->len * ROW_HEIGHT;
}

static int
body_width (CfRosterGrid *self)
{
  return MAX (gtk_widget_get_width (GTK_WIDGET (self)) - INFO_WIDTH, 0);
}

static int
body_height (CfRosterGrid *self)
{
  return MAX (gtk_widget_get_height (GTK_WIDGET (self)) - HEADER_HEIGHT - footer_height (self), 0);
}

static double
scroll_x (CfRosterGrid *self)
{
  return self->hadjustment != NULL ? gtk_adjustment_get_value (self->hadjustment) : 0;
}

static double
scroll_y (CfRosterGrid *self)
{
  return self->vadjustment != NULL ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

static void
configure_adjustments (CfRosterGrid *self)
{
  if (self->hadjustment != NULL)
    gtk_adjustment_configure (self->hadjustment,
                              CLAMP (scroll_x (self), 0, MAX (content_width (self) - body_width (self), 0)),
                              0, content_width (self), CELL_WIDTH, body_width (self) * 0.9,
                              body_width (self));
  if (self->vadjustment != NULL)
    gtk_adjustment_configure (self->vadjustment,
                              CLAMP (scroll_y (self), 0, MAX (content_height (self) - body_height (self), 0)),
                              0, content_height (self), ROW_HEIGHT, body_height (self) * 0.9,
                              body_height (self));
}

/* Returns: whether (@x, @y) is on a cell, and which */
static gboolean
cell_at_point (CfRosterGrid *self,
               double        x,
               double        y,
               guint        *row,
               guint        *day)
{
  double cx = x - INFO_WIDTH + scroll_x (self);
  double cy = y - HEADER_HEIGHT + scroll_y (self);

  if (self->month == NULL || x < INFO_WIDTH || y < HEADER_HEIGHT ||
      y >= HEADER_HEIGHT + body_height (self) || cx < 0 || cy < 0)
    return FALSE;
  if (cx >= content_width (self) || cy >= content_height (self))
    return FALSE;

  *row = (guint) (cy / ROW_HEIGHT);
  *day = (guint) (cx / CELL_WIDTH);
  return TRUE;
}

static void
scroll_to_cursor (CfRosterGrid *self)
{
  double x = self->cursor_day * CELL_WIDTH;
  double y = self->cursor_row * ROW_HEIGHT;

  if (self->hadjustment != NULL)
    {
      if (x < scroll_x (self))
        gtk_adjustment_set_value (self->hadjustment, x);
      else if (x + CELL_WIDTH > scroll_x (self) + body_width (self))
        gtk_adjustment_set_value (self->hadjustment, x + CELL_WIDTH - body_width (self));
    }
  if (self->vadjustment != NULL)
    {
      if (y < scroll_y (self))
        gtk_adjustment_set_value (self->vadjustment, y);
      else if (y + ROW_HEIGHT > scroll_y (self) + body_height (self))
        gtk_adjustment_set_value (self->vadjustment, y + ROW_HEIGHT - body_height (self));
    }
}

/* Text ----------------------------------------------------------------------- */

static PangoLayout *
make_layout (CfRosterGrid *self,
             const char   *text,
             gboolean      bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }

  return layout;
}

static void lay_out_names_ahead (CfRosterGrid *self);

static void
clear_text_cache (CfRosterGrid *self)
{
  g_ptr_array_set_size (self->code_layouts, 0);
  g_ptr_array_set_size (self->leave_layouts, 0);
  g_ptr_array_set_size (self->day_layouts, 0);
  g_ptr_array_set_size (self->footer_layouts, 0);
  g_hash_table_remove_all (self->name_layouts);
  g_hash_table_remove_all (self->team_layouts);
  g_hash_table_remove_all (self->hours_layouts);
  g_hash_table_remove_all (self->count_layouts);
  lay_out_names_ahead (self);
}

static void
ensure_text_cache (CfRosterGrid *self)
{
  if (self->month == NULL || self->code_layouts->len > 0)
    return;

  g_ptr_array_add (self->code_layouts, NULL);
  g_ptr_array_add (self->footer_layouts, NULL);
  for (guint i = 1; i <= cf_roster_month_get_n_shift_types (self->month); i++)
    {
      const CfRosterShiftType *type = cf_roster_month_get_shift_type (self->month, i);

      g_ptr_array_add (self->code_layouts, make_layout (self, type->code, TRUE));
      g_ptr_array_add (self->footer_layouts, make_layout (self, type->name, FALSE));
    }

  g_ptr_array_add (self->leave_layouts, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (leave_codes); i++)
    g_ptr_array_add (self->leave_layouts,
                     make_layout (self, g_dpgettext2 (NULL, "leave code", leave_codes[i]), FALSE));

  for (guint day = 0; day < cf_roster_month_get_n_days (self->month); day++)
    {
      GDateWeekday weekday = cf_roster_month_get_weekday (self->month, day);
      g_autofree char *text = g_strdup_printf ("%u\n%s", day + 1,
                                               cf_roster_grid_weekday_name (weekday));
      PangoLayout *layout = make_layout (self, text, FALSE);

      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      pango_layout_set_width (layout, CELL_WIDTH * PANGO_SCALE);
      g_ptr_array_add (self->day_layouts, layout);
    }
}

static PangoLayout *
make_column_layout (CfRosterGrid *self,
                    const char   *text,
                    int           width)
{
  PangoLayout *layout = make_layout (self, text, FALSE);

  pango_layout_set_width (layout, (width - 8) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);

  return layout;
}

static PangoLayout *
name_layout (CfRosterGrid *self,
             guint         month_row)
{
  PangoLayout *layout = g_hash_table_lookup (self->name_layouts, GUINT_TO_POINTER (month_row));

  if (layout == NULL)
    {
      layout = make_column_layout (self, cf_roster_month_get_row (self->month, month_row)->name,
                                   NAME_WIDTH);
      g_hash_table_insert (self->name_layouts, GUINT_TO_POINTER (month_row), layout);
    }

  return layout;
}

/* Returns: (nullable): the row's team name laid out, NULL without a team */
static PangoLayout *
team_layout (CfRosterGrid *self,
             guint         month_row)
{
  const CfRosterRow *row = cf_roster_month_get_row (self->month, month_row);
  PangoLayout *layout;
  CfTeam *team;

  if (row->team_id == NULL)
    return NULL;
  layout = g_hash_table_lookup (self->team_layouts, row->team_id);
  if (layout == NULL)
    {
      team = cf_staff_directory_lookup_team (cf_context_get_directory (self->context), row->team_id);
      layout = make_column_layout (self, team != NULL ? cf_team_get_name (team) : "", TEAM_WIDTH);
      g_hash_table_insert (self->team_layouts, g_strdup (row->team_id), layout);
    }

  return layout;
}

/* Hours planned this month against the contract. */
static PangoLayout *
hours_layout (CfRosterGrid *self,
              guint         month_row)
{
  const CfRosterRow *row = cf_roster_month_get_row (self->month, month_row);
  int planned = cf_roster_month_get_planned_minutes (self->month, month_row);
  /* translators: hours planned this month / hours in the contract */
  g_autofree char *text = g_strdup_printf (_("%g / %d h"), planned / 60.0,
                                           row->contract_minutes / 60);
  PangoLayout *layout = g_hash_table_lookup (self->hours_layouts, text);

  if (layout == NULL)
    {
      layout = make_column_layout (self, text, HOURS_WIDTH);
      g_hash_table_insert (self->hours_layouts, g_steal_pointer (&text), layout);
    }

  return layout;
}

/* Every name is laid out once, in idle time after the first frame, so
 * that jumping to another part of a long month shapes no text.
 */
static gboolean
lay_out_names_cb (gpointer user_data)
{
  CfRosterGrid *self = user_data;
  guint n_rows = self->month != NULL ? cf_roster_month_get_n_rows (self->month) : 0;
  gint64 deadline = g_get_monotonic_time () + LAY_OUT_AHEAD_USEC;

  while (self->lay_out_next < n_rows && g_get_monotonic_time () < deadline)
    name_layout (self, self->lay_out_next++);
  if (self->lay_out_next < n_rows)
    return G_SOURCE_CONTINUE;

  self->lay_out_id = 0;
  return G_SOURCE_REMOVE;
}

static void
lay_out_names_ahead (CfRosterGrid *self)
{
  self->lay_out_next = 0;
  if (self->lay_out_id == 0 && self->month != NULL)
    self->lay_out_id = g_idle_add_full (G_PRIORITY_LOW, lay_out_names_cb, self, NULL);
}

static PangoLayout *
count_layout (CfRosterGrid *self,
              guint         day,
              guint         shift)
{
  gpointer key = GUINT_TO_POINTER (day * 256 + shift + 1);
  PangoLayout *layout = g_hash_table_lookup (self->count_layouts, key);

  if (layout == NULL)
    {
      g_autofree char *text = g_strdup_printf ("%u", cf_roster_month_count_shift (self->month, day,
                                                                               shift));

      layout = make_layout (self, text, FALSE);
      g_hash_table_insert (self->count_layouts, key, layout);
    }

  return layout;
}

/* Problems ------------------------------------------------------------------- */

static GArray *
row_problems (CfRosterGrid *self,
              guint         month_row)
{
  GArray *problems = g_hash_table_lookup (self->problems, GUINT_TO_POINTER (month_row));

  if (problems == NULL)
    {
      problems = cf_roster_month_check_row (self->month, &self->rules, month_row);
      g_hash_table_insert (self->problems, GUINT_TO_POINTER (month_row), problems);
    }

  return problems;
}

static gboolean
has_problem (GArray *problems,
             int     day)
{
  for (guint i = 0; i < problems->len; i++)
    {
      if (g_array_index (problems, CfRosterProblem, i).day == day)
        return TRUE;
    }

  return FALSE;
}

/* Drawing -------------------------------------------------------------------- */

static void
rgba_from_colour (guint32  colour,
                  GdkRGBA *rgba)
{
  rgba->red = ((colour >> 16) & 0xff) / 255.0;
  rgba->green = ((colour >> 8) & 0xff) / 255.0;
  rgba->blue = (colour & 0xff) / 255.0;
  rgba->alpha = 1.0;
}

static void
append_text (GtkSnapshot     *snapshot,
             PangoLayout     *layout,
             double           x,
             double           y,
             const GdkRGBA   *colour)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
}

static void
append_centred (GtkSnapshot   *snapshot,
                PangoLayout   *layout,
                double         x,
                double         y,
                double         width,
                double         height,
                const GdkRGBA *colour)
{
  int text_width, text_height;

  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  append_text (snapshot, layout, x + (width - text_width) / 2, y + (height - text_height) / 2,
               colour);
}

static gboolean
is_weekend (CfRosterGrid *self,
            guint         day)
{
  return cf_roster_grid_is_day_off (self->month, day);
}

static void
selection_bounds (CfRosterGrid *self,
                  guint        *row_from,
                  guint        *row_to,
                  guint        *day_from,
                  guint        *day_to)
{
  *row_from = MIN (self->cursor_row, self->anchor_row);
  *row_to = MAX (self->cursor_row, self->anchor_row);
  *day_from = MIN (self->cursor_day, self->anchor_day);
  *day_to = MAX (self->cursor_day, self->anchor_day);
}

static void
snapshot_cells (CfRosterGrid *self,
                GtkSnapshot  *snapshot,
                guint         first_row,
                guint         last_row,
                guint         first_day,
                guint         last_day)
{
  const GdkRGBA text = { 0.12, 0.12, 0.12, 1 };
  const GdkRGBA muted = { 0.35, 0.35, 0.35, 1 };
  const GdkRGBA weekend = { 0, 0, 0, 0.05 };
  const GdkRGBA line = { 0, 0, 0, 0.08 };
  const GdkRGBA leave = { 0.95, 0.93, 0.98, 1 };
  const GdkRGBA problem = { 0.88, 0.11, 0.14, 1 };
  const GdkRGBA changed = { 0.21, 0.52, 0.89, 1 };
  const GdkRGBA selected = { 0.21, 0.52, 0.89, 0.25 };
  guint row_from, row_to, day_from, day_to;

  selection_bounds (self, &row_from, &row_to, &day_from, &day_to);

  for (guint day = first_day; day <= last_day; day++)
    {
      if (is_weekend (self, day))
        gtk_snapshot_append_color (snapshot, &weekend,
                                   &GRAPHENE_RECT_INIT (day * CELL_WIDTH, first_row * ROW_HEIGHT,
                                                        CELL_WIDTH,
                                                        (last_row - first_row + 1) * ROW_HEIGHT));
    }

  for (guint r = first_row; r <= last_row; r++)
    {
      guint month_row = g_array_index (self->rows, guint, r);
      GArray *problems = row_problems (self, month_row);
      double y = r * ROW_HEIGHT;

      for (guint day = first_day; day <= last_day; day++)
        {
          CfRosterCell cell = cf_roster_month_get_cell (self->month, month_row, day);
          const CfRosterShiftType *type = cf_roster_month_get_shift_type (self->month, cell.shift);
          double x = day * CELL_WIDTH;
          graphene_rect_t box = GRAPHENE_RECT_INIT (x + 1, y + 1, CELL_WIDTH - 2, ROW_HEIGHT - 2);

          if (type != NULL)
            {
              GdkRGBA colour;

              rgba_from_colour (type->colour, &colour);
              gtk_snapshot_append_color (snapshot, &colour, &box);
              append_centred (snapshot, self->code_layouts->pdata[cell.shift], x, y, CELL_WIDTH,
                              ROW_HEIGHT, &text);
            }
          else if (cell.leave > 0 && cell.leave < self->leave_layouts->len)
            {
              gtk_snapshot_append_color (snapshot, &leave, &box);
              append_centred (snapshot, self->leave_layouts->pdata[cell.leave], x, y, CELL_WIDTH,
                              ROW_HEIGHT, &muted);
            }
          else if (cell.flags & CF_ROSTER_CELL_APPROVED_LEAVE)
            {
              gtk_snapshot_append_color (snapshot, &leave, &box);
            }

          if (has_problem (problems, day))
            gtk_snapshot_append_color (snapshot, &problem,
                                       &GRAPHENE_RECT_INIT (x + CELL_WIDTH - 7, y + 1, 6, 6));
          if (cell.flags & CF_ROSTER_CELL_CHANGED)
            gtk_snapshot_append_color (snapshot, &changed,
                                       &GRAPHENE_RECT_INIT (x + 1, y + ROW_HEIGHT - 5, 4, 4));
          if (r >= row_from && r <= row_to && day >= day_from && day <= day_to)
            gtk_snapshot_append_color (snapshot, &selected, &box);
        }

      gtk_snapshot_append_color (snapshot, &line,
                                 &GRAPHENE_RECT_INIT (first_day * CELL_WIDTH, y + ROW_HEIGHT - 1,
                                                      (last_day - first_day + 1) * CELL_WIDTH, 1));
    }

  /* The cursor */
  if (self->rows->len > 0 && gtk_widget_has_focus (GTK_WIDGET (self)))
    {
      GskRoundedRect outline;
      const GdkRGBA focus = { 0.21, 0.52, 0.89, 1 };
      const float widths[4] = { 2, 2, 2, 2 };
      const GdkRGBA colours[4] = { focus, focus, focus, focus };

      gsk_rounded_rect_init_from_rect (&outline,
                                       &GRAPHENE_RECT_INIT (self->cursor_day * CELL_WIDTH,
                                                            self->cursor_row * ROW_HEIGHT,
                                                            CELL_WIDTH, ROW_HEIGHT), 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colours);
    }
}

static void
cf_roster_grid_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  CfRosterGrid *self = CF_ROSTER_GRID (widget);
  const GdkRGBA header = { 0.96, 0.96, 0.96, 1 };
  const GdkRGBA holiday_header = { 0.99, 0.88, 0.88, 1 };
  const GdkRGBA working_header = { 0.88, 0.93, 0.99, 1 };
  const GdkRGBA text = { 0.12, 0.12, 0.12, 1 };
  const GdkRGBA muted = { 0.35, 0.35, 0.35, 1 };
  const GdkRGBA line = { 0, 0, 0, 0.15 };
  const GdkRGBA problem = { 0.88, 0.11, 0.14, 1 };
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int body_w = body_width (self), body_h = body_height (self);
  double sx = scroll_x (self), sy = scroll_y (self);
  guint first_row, last_row, first_day, last_day;
  guint n_days;

  if (self->month == NULL)
    return;
  ensure_text_cache (self);
  n_days = cf_roster_month_get_n_days (self->month);

  first_day = (guint) (sx / CELL_WIDTH);
  last_day = MIN ((guint) ((sx + body_w) / CELL_WIDTH), n_days - 1);
  first_row = (guint) (sy / ROW_HEIGHT);
  last_row = self->rows->len > 0 ? MIN ((guint) ((sy + body_h) / ROW_HEIGHT), self->rows->len - 1)
                                 : 0;

  /* The cells, scrolled under the frozen parts. */
  if (self->rows->len > 0 && first_row < self->rows->len)
    {
      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (INFO_WIDTH, HEADER_HEIGHT, body_w, body_h));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (INFO_WIDTH - sx, HEADER_HEIGHT - sy));
      snapshot_cells (self, snapshot, first_row, last_row, first_day, last_day);
      gtk_snapshot_restore (snapshot);
      gtk_snapshot_pop (snapshot);
    }

  /* The info columns: name, team, hours; a mark for the month's hours. */
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, HEADER_HEIGHT, INFO_WIDTH, body_h));
  gtk_snapshot_append_color (snapshot, &header, &GRAPHENE_RECT_INIT (0, HEADER_HEIGHT, INFO_WIDTH, body_h));
  for (guint r = first_row; self->rows->len > 0 && r <= last_row; r++)
    {
      guint month_row = g_array_index (self->rows, guint, r);
      double y = HEADER_HEIGHT + r * ROW_HEIGHT - sy;

      PangoLayout *name = name_layout (self, month_row);
      PangoLayout *team = team_layout (self, month_row);
      int text_height;

      pango_layout_get_pixel_size (name, NULL, &text_height);
      append_text (snapshot, name, 6, y + (ROW_HEIGHT - text_height) / 2.0, &text);
      if (team != NULL)
        append_text (snapshot, team, NAME_WIDTH + 2, y + (ROW_HEIGHT - text_height) / 2.0, &muted);
      append_text (snapshot, hours_layout (self, month_row), NAME_WIDTH + TEAM_WIDTH + 2,
                   y + (ROW_HEIGHT - text_height) / 2.0, &text);
      if (has_problem (row_problems (self, month_row), -1))
        gtk_snapshot_append_color (snapshot, &problem,
                                   &GRAPHENE_RECT_INIT (INFO_WIDTH - 8, y + 1, 6, 6));
      gtk_snapshot_append_color (snapshot, &line,
                                 &GRAPHENE_RECT_INIT (0, y + ROW_HEIGHT - 1, INFO_WIDTH, 1));
    }
  gtk_snapshot_pop (snapshot);

  /* The header row: day number and weekday; weekends and holidays shaded. */
  gtk_snapshot_append_color (snapshot, &header, &GRAPHENE_RECT_INIT (0, 0, width, HEADER_HEIGHT));
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (INFO_WIDTH, 0, body_w, HEADER_HEIGHT));
  for (guint day = first_day; day <= last_day; day++)
    {
      double x = INFO_WIDTH + day * CELL_WIDTH - sx;
      gboolean working_day = FALSE;
      const char *holiday = cf_roster_month_get_holiday (self->month, day, &working_day);

      if (holiday != NULL)
        gtk_snapshot_append_color (snapshot, working_day ? &working_header : &holiday_header,
                                   &GRAPHENE_RECT_INIT (x, 0, CELL_WIDTH, HEADER_HEIGHT));
      append_centred (snapshot, self->day_layouts->pdata[day], x, 0, CELL_WIDTH, HEADER_HEIGHT,
                      is_weekend (self, day) ? &muted : &text);
    }
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (0, HEADER_HEIGHT - 1, width, 1));

  /* The footer: how many have each shift each day. */
  if (footer_height (self) > 0)
    {
      double top = HEADER_HEIGHT + body_h;

      gtk_snapshot_append_color (snapshot, &header,
                                 &GRAPHENE_RECT_INIT (0, top, width, height - top));
      gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (0, top, width, 1));
      for (guint i = 1; i <= cf_roster_month_get_n_shift_types (self->month); i++)
        {
          double y = top + (i - 1) * FOOTER_ROW;

          append_text (snapshot, self->footer_layouts->pdata[i], 6, y + 2, &muted);
          gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (INFO_WIDTH, y, body_w, FOOTER_ROW));
          for (guint day = first_day; day <= last_day; day++)
            append_centred (snapshot, count_layout (self, day, i),
                            INFO_WIDTH + day * CELL_WIDTH - sx, y, CELL_WIDTH, FOOTER_ROW, &text);
          gtk_snapshot_pop (snapshot);
        }
    }

  gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (INFO_WIDTH - 1, 0, 1, height));
}

/* Accessibility -------------------------------------------------------------- */

/**
 * cf_roster_grid_describe_cursor:
 *
 * Returns: (transfer full) (nullable): the focused cell in words — name,
 *   date, shift — as assistive technologies read it
 */
char *
cf_roster_grid_describe_cursor (CfRosterGrid *self)
{
  guint month_row;
  CfRosterCell cell;
  g_autofree char *date = NULL;

  g_return_val_if_fail (CF_IS_ROSTER_GRID (self), NULL);

  if (self->month == NULL || self->rows->len == 0)
    return NULL;

  month_row = g_array_index (self->rows, guint, self->cursor_row);
  cell = cf_roster_month_get_cell (self->month, month_row, self->cursor_day);
  date = cf_roster_month_format_date (self->month, self->cursor_day);

  /* translators: a roster cell for assistive technologies: name, date, shift */
  return g_strdup_printf (_("%s, %s, %s"), cf_roster_month_get_row (self->month, month_row)->name,
                          date, cf_roster_month_describe_cell (self->month, cell));
}

static void
update_accessible (CfRosterGrid *self)
{
  g_autofree char *description = cf_roster_grid_describe_cursor (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description != NULL ? description : "", -1);
  g_signal_emit (self, signals[CURSOR_MOVED], 0);
}

/* Editing -------------------------------------------------------------------- */

/* Cells changed: their problems and counts are worked out again. */
static void
invalidate (CfRosterGrid *self)
{
  g_hash_table_remove_all (self->problems);
  g_hash_table_remove_all (self->count_layouts);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
push_step (GPtrArray *stack,
           GPtrArray *ops)
{
  Step *step = g_new0 (Step, 1);

  step->op_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < ops->len; i++)
    g_ptr_array_add (step->op_ids, g_strdup (cf_op_get_op_id (ops->pdata[i])));
  g_ptr_array_add (step->op_ids, NULL);
  g_ptr_array_add (stack, step);
  if (stack->len > MAX_UNDO)
    g_ptr_array_remove_index (stack, 0);
}

static void
show_error (CfRosterGrid *self,
            const GError *error)
{
  if (gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    cf_window_show_toast (GTK_WIDGET (self), adw_toast_new (error->message));
  else
    g_warning ("%s", error->message);
}

/* Sets the block of shown rows @row_from..@row_to and days
 * @day_from..@day_to to @cells (row by row), as one batch.
 */
static gboolean
apply_block (CfRosterGrid       *self,
             guint               row_from,
             guint               row_to,
             guint               day_from,
             guint               day_to,
             const CfRosterCell *cells)
{
  CfSession *session = cf_context_get_session (self->context);
  g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;

  for (guint r = row_from; r <= row_to; r++)
    g_array_append_val (rows, g_array_index (self->rows, guint, r));

  ops = cf_roster_month_make_ops (self->month, (guint *) rows->data, rows->len, day_from, day_to,
                                  cells);
  if (ops->len == 0)
    return TRUE;

  if (!cf_store_apply (cf_context_get_store (self->context), cf_session_get_user_id (session),
                       (CfOp * const *) ops->pdata, ops->len, &error))
    {
      show_error (self, error);
      return FALSE;
    }

  push_step (self->undo, ops);
  g_ptr_array_set_size (self->redo, 0);
  return TRUE;
}

/* The same value in every selected cell. */
static gboolean
fill_selection (CfRosterGrid *self,
                CfRosterCell  value)
{
  guint row_from, row_to, day_from, day_to;
  g_autofree CfRosterCell *cells = NULL;
  guint n;

  if (self->month == NULL || self->rows->len == 0)
    return FALSE;

  selection_bounds (self, &row_from, &row_to, &day_from, &day_to);
  n = (row_to - row_from + 1) * (day_to - day_from + 1);
  cells = g_new (CfRosterCell, n);
  for (guint i = 0; i < n; i++)
    cells[i] = value;

  return apply_block (self, row_from, row_to, day_from, day_to, cells);
}

/* Returns: the cell a code stands for: a shift type's code or a leave's */
static gboolean
parse_code (CfRosterGrid *self,
            const char   *code,
            CfRosterCell *cell)
{
  g_autofree char *stripped = g_strstrip (g_strdup (code));
  guint shift;

  memset (cell, 0, sizeof *cell);
  if (stripped[0] == '\0')
    return TRUE;

  shift = cf_roster_month_find_shift_code (self->month, stripped);
  if (shift > 0)
    {
      cell->shift = shift;
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (leave_codes); i++)
    {
      if (g_ascii_strcasecmp (stripped, leave_codes[i]) == 0 ||
          g_str_equal (stripped, g_dpgettext2 (NULL, "leave code", leave_codes[i])))
        {
          cell->leave = i + 1;
          return TRUE;
        }
    }

  return FALSE;
}

/* A paste or a rotation with a code that is neither a shift's nor a
 * leave's changes nothing, and says which.
 */
static gboolean
refuse_code (CfRosterGrid *self,
             const char   *code)
{
  g_autoptr (GError) error = NULL;

  error = g_error_new (CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                       /* translators: %s is what was pasted or typed as a roster code */
                       _("“%s” is not the code of a shift or a leave; nothing was changed."),
                       code);
  show_error (self, error);
  return FALSE;
}

/**
 * cf_roster_grid_type_code:
 * @code: a shift type's code (or a leave's)
 *
 * What typing a code does: sets every selected cell to it.
 *
 * Returns: whether @code is known and the cells were set
 */
gboolean
cf_roster_grid_type_code (CfRosterGrid *self,
                          const char   *code)
{
  CfRosterCell cell;

  g_return_val_if_fail (CF_IS_ROSTER_GRID (self), FALSE);

  if (self->month == NULL || !parse_code (self, code, &cell) ||
      (cell.shift == 0 && cell.leave == 0))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }

  return fill_selection (self, cell);
}

/* What Delete does: empties the selected cells. */
gboolean
cf_roster_grid_clear (CfRosterGrid *self)
{
  CfRosterCell empty = { 0 };

  g_return_val_if_fail (CF_IS_ROSTER_GRID (self), FALSE);

  return fill_selection (self, empty);
}

/**
 * cf_roster_grid_apply_pattern:
 * @pattern: shift codes in the order they repeat, e.g. “早早中中晚晚休休”
 *   (one character a code) or “E E M M L L O O” (separated by spaces or
 *   commas, for longer codes)
 *
 * Applies a rotation to the selected rows, from the first selected day to
 * the end of the month, as one batch.
 *
 * Returns: whether the pattern was known and applied
 */
gboolean
cf_roster_grid_apply_pattern (CfRosterGrid *self,
                              const char   *pattern)
{
  g_autoptr (GArray) steps = g_array_new (FALSE, FALSE, sizeof (CfRosterCell));
  g_auto (GStrv) codes = NULL;
  g_autofree CfRosterCell *cells = NULL;
  guint row_from, row_to, day_from, day_to, width, last_day;

  g_return_val_if_fail (CF_IS_ROSTER_GRID (self), FALSE);

  if (self->month == NULL || self->rows->len == 0 || pattern == NULL)
    return FALSE;

  if (strpbrk (pattern, " ,\t") != NULL)
    {
      codes = g_strsplit_set (pattern, " ,\t", -1);
    }
  else
    {
      g_autoptr (GPtrArray) characters = g_ptr_array_new ();

      for (const char *c = pattern; *c != '\0'; c = g_utf8_next_char (c))
        g_ptr_array_add (characters, g_strndup (c, g_utf8_next_char (c) - c));
      g_ptr_array_add (characters, NULL);
      codes = (GStrv) g_ptr_array_free (g_steal_pointer (&characters), FALSE);
    }

  for (guint i = 0; codes[i] != NULL; i++)
    {
      CfRosterCell cell;

      if (g_strstrip (codes[i])[0] == '\0')
        continue;
      if (!parse_code (self, codes[i], &cell))
        return refuse_code (self, codes[i]);
      g_array_append_val (steps, cell);
    }
  if (steps->len == 0)
    return FALSE;

  selection_bounds (self, &row_from, &row_to, &day_from, &day_to);
  last_day = cf_roster_month_get_n_days (self->month) - 1;
  width = last_day - day_from + 1;
  cells = g_new0 (CfRosterCell, (row_to - row_from + 1) * width);
  for (guint r = 0; r <= row_to - row_from; r++)
    for (guint d = 0; d < width; d++)
      cells[r * width + d] = g_array_index (steps, CfRosterCell, d % steps->len);

  return apply_block (self, row_from, row_to, day_from, last_day, cells);
}

/* Fills the selection with what the same rows had @offset days before each
 * day, forward, so a selection longer than @offset repeats it. Days before
 * the lead the month keeps come from @earlier, the previous month.
 */
static gboolean
copy_earlier_days (CfRosterGrid  *self,
                   guint          offset,
                   CfRosterMonth *earlier)
{
  g_autoptr (GHashTable) earlier_rows = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree CfRosterCell *cells = NULL;
  guint row_from, row_to, day_from, day_to, width;
  int earlier_days = earlier != NULL ? (int) cf_roster_month_get_n_days (earlier) : 0;

  if (earlier != NULL)
    for (guint r = 0; r < cf_roster_month_get_n_rows (earlier); r++)
      g_hash_table_insert (earlier_rows, cf_roster_month_get_row (earlier, r)->staff_id,
                           GUINT_TO_POINTER (r + 1));

  selection_bounds (self, &row_from, &row_to, &day_from, &day_to);
  width = day_to - day_from + 1;
  cells = g_new0 (CfRosterCell, (row_to - row_from + 1) * width);
  for (guint r = row_from; r <= row_to; r++)
    {
      guint month_row = g_array_index (self->rows, guint, r);
      const CfRosterRow *row = cf_roster_month_get_row (self->month, month_row);
      guint earlier_row = GPOINTER_TO_UINT (g_hash_table_lookup (earlier_rows, row->staff_id));

      for (guint day = day_from; day <= day_to; day++)
        {
          int source = (int) day - (int) offset;
          CfRosterCell cell = { 0 };

          if (source >= (int) day_from)
            cell = cells[(r - row_from) * width + (source - day_from)];
          else if (source >= -CF_ROSTER_LEAD_DAYS)
            cell = cf_roster_month_get_cell (self->month, month_row, source);
          else if (earlier_row > 0 && earlier_days + source >= 0)
            cell = cf_roster_month_get_cell (earlier, earlier_row - 1, earlier_days + source);
          cells[(r - row_from) * width + (day - day_from)] = (CfRosterCell) { cell.shift, cell.leave, 0 };
        }
    }

  return apply_block (self, row_from, row_to, day_from, day_to, cells);
}

/**
 * cf_roster_grid_copy_previous_week:
 *
 * Fills the selected cells with what the same rows had seven days before
 * each (reaching into the last week of the previous month), as one batch.
 *
 * Returns: whether anything was set
 */
gboolean
cf_roster_grid_copy_previous_week (CfRosterGrid *self)
{
  g_return_val_if_fail (CF_IS_ROSTER_GRID (self), FALSE);

  if (self->month == NULL || self->rows->len == 0)
    return FALSE;

  return copy_earlier_days (self, 7, NULL);
}

/**
 * cf_roster_grid_copy_previous_month:
 *
 * Fills the selected cells with what the same rows had four weeks before
 * each, so weekdays and weekly rotations line up, reaching into the
 * previous month; as one batch.
 *
 * Returns: whether anything was set
 */
gboolean
cf_roster_grid_copy_previous_month (CfRosterGrid *self)
{
  g_autoptr (CfRosterMonth) previous = NULL;
  g_autoptr (GError) error = NULL;
  int year, month;

  g_return_val_if_fail (CF_IS_ROSTER_GRID (self), FALSE);

  if (self->month == NULL || self->rows->len == 0)
    return FALSE;

  year = cf_roster_month_get_year (self->month);
  month = cf_roster_month_get_month (self->month) - 1;
  if (month == 0)
    {
      year--;
      month = 12;
    }
  previous = cf_roster_month_new (cf_context_get_store (self->context), year, month, &error);
  if (previous == NULL)
    {
      show_error (self, error);
      return FALSE;
    }

  return copy_earlier_days (self, 28, previous);
}

/**
 * cf_roster_grid_select_all:
 *
 * Selects every shown row and every day, from the first cell to the last
 * (where the cursor goes, as selections run from anchor to cursor).
 */
void
cf_roster_grid_select_all (CfRosterGrid *self)
{
  g_return_if_fail (CF_IS_ROSTER_GRID (self));

  if (self->month == NULL || self->rows->len == 0)
    return;

  self->anchor_row = 0;
  self->anchor_day = 0;
  self->cursor_row = self->rows->len - 1;
  self->cursor_day = cf_roster_month_get_n_days (self->month) - 1;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static const char *
cell_code (CfRosterGrid *self,
           CfRosterCell  cell)
{
  return cf_roster_grid_cell_code (self->month, cell);
}

/**
 * cf_roster_grid_copy_text:
 *
 * Returns: (transfer full): the selection as tab-separated text, a line a
 *   row, as spreadsheets copy and paste it
 */
char *
cf_roster_grid_copy_text (CfRosterGrid *self)
{
  g_autoptr (GString) text = g_string_new (NULL);
  guint row_from, row_to, day_from, day_to;

  g_return_val_if_fail (CF_IS_ROSTER_GRID (self), NULL);

  if (self->month == NULL || self->rows->len == 0)
    return g_strdup ("");

  selection_bounds (self, &row_from, &row_to, &day_from, &day_to);
  for (guint r = row_from; r <= row_to; r++)
    {
      guint month_row = g_array_index (self->rows, guint, r);

      for (guint day = day_from; day <= day_to; day++)
        {
          if (day > day_from)
            g_string_append_c (text, '\t');
          g_string_append (text, cell_code (self,
                                            cf_roster_month_get_cell (self->month, month_row, day)));
        }
      g_string_append_c (text, '\n');
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * cf_roster_grid_paste_text:
 * @text: tab-separated codes, a line a row, from this grid or a spreadsheet
 *
 * Pastes the block at the cursor, cut where the month or the rows end. A
 * code that is not a shift or a leave refuses the whole paste.
 *
 * Returns: whether it was pasted
 */
gboolean
cf_roster_grid_paste_text (CfRosterGrid *self,
                           const char   *text)
{
  g_auto (GStrv) lines = NULL;
  g_autofree CfRosterCell *cells = NULL;
  guint n_lines, width = 0, height, day_to, row_to;

  g_return_val_if_fail (CF_IS_ROSTER_GRID (self), FALSE);

  if (self->month == NULL || self->rows->len == 0 || text == NULL)
    return FALSE;

  lines = g_strsplit (text, "\n", -1);
  n_lines = g_strv_length (lines);
  while (n_lines > 0 && g_strstrip (lines[n_lines - 1])[0] == '\0')
    n_lines--;
  if (n_lines == 0)
    return FALSE;
  for (guint i = 0; i < n_lines; i++)
    {
      g_auto (GStrv) fields = g_strsplit (lines[i], "\t", -1);

      width = MAX (width, g_strv_length (fields));
    }

  day_to = MIN (self->cursor_day + width, cf_roster_month_get_n_days (self->month)) - 1;
  row_to = MIN (self->cursor_row + n_lines, self->rows->len) - 1;
  width = day_to - self->cursor_day + 1;
  height = row_to - self->cursor_row + 1;
  cells = g_new0 (CfRosterCell, width * height);

  for (guint i = 0; i < height; i++)
    {
      g_auto (GStrv) fields = g_strsplit (lines[i], "\t", -1);
      guint n_fields = g_strv_length (fields);

      for (guint j = 0; j < width; j++)
        {
          if (j < n_fields && !parse_code (self, g_strchomp (fields[j]), &cells[i * width + j]))
            return refuse_code (self, fields[j]);
        }
    }

  self->anchor_row = row_to;
  self->anchor_day = day_to;
  return apply_block (self, self->cursor_row, row_to, self->cursor_day, day_to, cells);
}

static gboolean
undo_step (CfRosterGrid *self,
           GPtrArray    *from,
           GPtrArray    *to)
{
  CfSession *session = cf_context_get_session (self->context);
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;
  Step *step;

  if (from->len == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }

  step = from->pdata[from->len - 1];
  ops = cf_store_undo (cf_context_get_store (self->context), cf_session_get_user_id (session),
                       (const char * const *) step->op_ids->pdata, &error);
  if (ops == NULL)
    {
      show_error (self, error);
      return FALSE;
    }

  g_ptr_array_remove_index (from, from->len - 1);
  push_step (to, ops);
  return TRUE;
}

gboolean
cf_roster_grid_undo (CfRosterGrid *self)
{
  g_return_val_if_fail (CF_IS_ROSTER_GRID (self), FALSE);

  return undo_step (self, self->undo, self->redo);
}

gboolean
cf_roster_grid_redo (CfRosterGrid *self)
{
  g_return_val_if_fail (CF_IS_ROSTER_GRID (self), FALSE);

  return undo_step (self, self->redo, self->undo);
}

/* Cursor ---------------------------------------------------------------------- */

/**
 * cf_roster_grid_set_cursor:
 * @extend: whether the selection grows to the cell (shift-click, shift-arrow)
 */
void
cf_roster_grid_set_cursor (CfRosterGrid *self,
                           guint         row,
                           guint         day,
                           gboolean      extend)
{
  g_return_if_fail (CF_IS_ROSTER_GRID (self));

  if (self->month == NULL || self->rows->len == 0)
    return;

  self->cursor_row = MIN (row, self->rows->len - 1);
  self->cursor_day = MIN (day, cf_roster_month_get_n_days (self->month) - 1);
  if (!extend)
    {
      self->anchor_row = self->cursor_row;
      self->anchor_day = self->cursor_day;
    }

  scroll_to_cursor (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cf_roster_grid_get_cursor (CfRosterGrid *self,
                           guint        *row,
                           guint        *day)
{
  g_return_if_fail (CF_IS_ROSTER_GRID (self));

  *row = self->cursor_row;
  *day = self->cursor_day;
}

static void
move_cursor (CfRosterGrid *self,
             int           rows,
             int           days,
             gboolean      extend)
{
  int row = (int) self->cursor_row + rows;
  int day = (int) self->cursor_day + days;

  cf_roster_grid_set_cursor (self, MAX (row, 0), MAX (day, 0), extend);
}

/* Input ----------------------------------------------------------------------- */

static void
on_clipboard_text_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (CfRosterGrid) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);

  if (text != NULL)
    cf_roster_grid_paste_text (self, text);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   CfRosterGrid          *self)
{
  gboolean shift = (state & GDK_SHIFT_MASK) != 0;
  gboolean control = (state & GDK_CONTROL_MASK) != 0;
  int page = MAX (body_height (self) / ROW_HEIGHT - 1, 1);

  if (self->month == NULL)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Up: case GDK_KEY_KP_Up:
      move_cursor (self, -1, 0, shift);
      return TRUE;
    case GDK_KEY_Down: case GDK_KEY_KP_Down:
      move_cursor (self, 1, 0, shift);
      return TRUE;
    case GDK_KEY_Left: case GDK_KEY_KP_Left:
      move_cursor (self, 0, -1, shift);
      return TRUE;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: case GDK_KEY_Tab:
      move_cursor (self, 0, 1, shift && keyval != GDK_KEY_Tab);
      return TRUE;
    case GDK_KEY_Page_Up: case GDK_KEY_KP_Page_Up:
      move_cursor (self, -page, 0, shift);
      return TRUE;
    case GDK_KEY_Page_Down: case GDK_KEY_KP_Page_Down:
      move_cursor (self, page, 0, shift);
      return TRUE;
    case GDK_KEY_Home: case GDK_KEY_KP_Home:
      cf_roster_grid_set_cursor (self, control ? 0 : self->cursor_row, 0, shift);
      return TRUE;
    case GDK_KEY_End: case GDK_KEY_KP_End:
      cf_roster_grid_set_cursor (self, control ? self->rows->len - 1 : self->cursor_row,
                                 cf_roster_month_get_n_days (self->month) - 1, shift);
      return TRUE;
    case GDK_KEY_Delete: case GDK_KEY_KP_Delete: case GDK_KEY_BackSpace:
      cf_roster_grid_clear (self);
      return TRUE;
    default:
      break;
    }

  if (control)
    {
      switch (keyval)
        {
        case GDK_KEY_c: case GDK_KEY_C:
          {
            g_autofree char *text = cf_roster_grid_copy_text (self);

            gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
            return TRUE;
          }
        case GDK_KEY_v: case GDK_KEY_V:
          gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (self)), NULL,
                                         on_clipboard_text_cb, g_object_ref (self));
          return TRUE;
        case GDK_KEY_a: case GDK_KEY_A:
          cf_roster_grid_select_all (self);
          return TRUE;
        case GDK_KEY_z:
          cf_roster_grid_undo (self);
          return TRUE;
        case GDK_KEY_Z: case GDK_KEY_y:
          cf_roster_grid_redo (self);
          return TRUE;
        default:
          return FALSE;
        }
    }

  return FALSE;
}

static gboolean
on_typed_timeout_cb (gpointer user_data)
{
  CfRosterGrid *self = user_data;

  self->typed_id = 0;
  if (self->typed->len > 0)
    cf_roster_grid_type_code (self, self->typed->str);
  g_string_truncate (self->typed, 0);

  return G_SOURCE_REMOVE;
}

/* Whether a code longer than @typed starts with it (a leave's “AL” after
 * “A”), so that typing waits for the next character.
 */
static gboolean
longer_code_follows (CfRosterGrid *self,
                     const char   *typed)
{
  g_autofree char *folded = g_utf8_casefold (typed, -1);

  for (guint i = 1; i <= cf_roster_month_get_n_shift_types (self->month); i++)
    {
      g_autofree char *code = g_utf8_casefold (cf_roster_month_get_shift_type (self->month, i)->code, -1);

      if (g_str_has_prefix (code, folded) && !g_str_equal (code, folded))
        return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (leave_codes); i++)
    {
      g_autofree char *code = g_utf8_casefold (g_dpgettext2 (NULL, "leave code", leave_codes[i]), -1);
      g_autofree char *english = g_utf8_casefold (leave_codes[i], -1);

      if ((g_str_has_prefix (code, folded) && !g_str_equal (code, folded)) ||
          (g_str_has_prefix (english, folded) && !g_str_equal (english, folded)))
        return TRUE;
    }

  return FALSE;
}

/* Typed codes, through the input method (早, 中… come through it). A code
 * is set as soon as no longer one could follow; otherwise a second later.
 */
static void
on_im_commit_cb (GtkIMContext *context,
                 const char   *text,
                 CfRosterGrid *self)
{
  if (self->month == NULL)
    return;

  g_clear_handle_id (&self->typed_id, g_source_remove);
  g_string_append (self->typed, text);
  if (longer_code_follows (self, self->typed->str))
    {
      self->typed_id = g_timeout_add (1000, on_typed_timeout_cb, self);
      return;
    }

  cf_roster_grid_type_code (self, self->typed->str);
  g_string_truncate (self->typed, 0);
}

static void
on_pressed_cb (GtkGestureClick *gesture,
               int              n_press,
               double           x,
               double           y,
               CfRosterGrid    *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  guint row, day;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (!cell_at_point (self, x, y, &row, &day))
    return;

  cf_roster_grid_set_cursor (self, row, day, (state & GDK_SHIFT_MASK) != 0);
  self->painting = self->paint_shift > 0;
}

static void
on_drag_update_cb (GtkGestureDrag *gesture,
                   double          offset_x,
                   double          offset_y,
                   CfRosterGrid   *self)
{
  double start_x, start_y;
  guint row, day;

  gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y);
  if (cell_at_point (self, start_x + offset_x, start_y + offset_y, &row, &day))
    cf_roster_grid_set_cursor (self, row, day, TRUE);
}

/* Dragging with a shift chosen in the palette paints it, as one batch. */
static void
on_drag_end_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                CfRosterGrid   *self)
{
  CfRosterCell cell = { self->paint_shift, 0, 0 };

  if (!self->painting)
    return;
  self->painting = FALSE;
  fill_selection (self, cell);
}

static void
on_focus_changed_cb (CfRosterGrid *self)
{
  if (gtk_widget_has_focus (GTK_WIDGET (self)))
    gtk_im_context_focus_in (self->im_context);
  else
    gtk_im_context_focus_out (self->im_context);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_month_changed_cb (CfRosterGrid *self)
{
  /* Rows, shift types or the calendar are only new with a new generation. */
  if (cf_roster_month_get_generation (self->month) != self->generation)
    {
      self->generation = cf_roster_month_get_generation (self->month);
      clear_text_cache (self);
    }
  invalidate (self);
}

/* GtkWidget and GObject --------------------------------------------------------- */

static void
cf_roster_grid_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  configure_adjustments (CF_ROSTER_GRID (widget));
}

static void
cf_roster_grid_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  CfRosterGrid *self = CF_ROSTER_GRID (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = INFO_WIDTH + 4 * CELL_WIDTH;
      *natural = MAX (*minimum, INFO_WIDTH + content_width (self));
    }
  else
    {
      *minimum = HEADER_HEIGHT + footer_height (self) + 4 * ROW_HEIGHT;
      *natural = MAX (*minimum, HEADER_HEIGHT + footer_height (self) + content_height (self));
    }
}

static void
on_adjustment_changed_cb (CfRosterGrid *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (CfRosterGrid   *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adjustment,
                guint           prop_id)
{
  if (*slot == adjustment && adjustment != NULL)
    return;

  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, on_adjustment_changed_cb, self);
  g_clear_object (slot);
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  *slot = g_object_ref_sink (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (on_adjustment_changed_cb),
                            self);
  configure_adjustments (self);
  g_object_notify (G_OBJECT (self), prop_id == PROP_HADJUSTMENT ? "hadjustment" : "vadjustment");
}

static void
cf_roster_grid_dispose (GObject *object)
{
  CfRosterGrid *self = (CfRosterGrid *)object;

  g_clear_handle_id (&self->lay_out_id, g_source_remove);
  if (self->month != NULL)
    g_signal_handlers_disconnect_by_func (self->month, on_month_changed_cb, self);
  g_clear_object (&self->month);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, on_adjustment_changed_cb, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, on_adjustment_changed_cb, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_handle_id (&self->typed_id, g_source_remove);
  g_clear_object (&self->im_context);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cf_roster_grid_parent_class)->dispose (object);
}

static void
cf_roster_grid_finalize (GObject *object)
{
  CfRosterGrid *self = (CfRosterGrid *)object;

  g_array_unref (self->rows);
  g_hash_table_unref (self->problems);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);
  g_ptr_array_unref (self->code_layouts);
  g_ptr_array_unref (self->leave_layouts);
  g_ptr_array_unref (self->day_layouts);
  g_ptr_array_unref (self->footer_layouts);
  g_hash_table_unref (self->name_layouts);
  g_hash_table_unref (self->team_layouts);
  g_hash_table_unref (self->hours_layouts);
  g_hash_table_unref (self->count_layouts);
  g_string_free (self->typed, TRUE);

  G_OBJECT_CLASS (cf_roster_grid_parent_class)->finalize (object);
}

static void
cf_roster_grid_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CfRosterGrid *self = CF_ROSTER_GRID (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_roster_grid_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CfRosterGrid *self = CF_ROSTER_GRID (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value), prop_id);
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value), prop_id);
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_roster_grid_class_init (CfRosterGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_roster_grid_dispose;
  object_class->finalize = cf_roster_grid_finalize;
  object_class->get_property = cf_roster_grid_get_property;
  object_class->set_property = cf_roster_grid_set_property;

  widget_class->snapshot = cf_roster_grid_snapshot;
  widget_class->measure = cf_roster_grid_measure;
  widget_class->size_allocate = cf_roster_grid_size_allocate;

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /**
   * CfRosterGrid::cursor-moved:
   *
   * The focused cell is another one.
   */
  signals[CURSOR_MOVED] = g_signal_new ("cursor-moved", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "rostergrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
cf_roster_grid_init (CfRosterGrid *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->rows = g_array_new (FALSE, FALSE, sizeof (guint));
  self->problems = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  self->code_layouts = g_ptr_array_new_with_free_func (layout_unref);
  self->leave_layouts = g_ptr_array_new_with_free_func (layout_unref);
  self->day_layouts = g_ptr_array_new_with_free_func (layout_unref);
  self->name_layouts = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->team_layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->hours_layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->footer_layouts = g_ptr_array_new_with_free_func (layout_unref);
  self->count_layouts = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->typed = g_string_new (NULL);
  cf_roster_rules_init (&self->rules);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  self->im_context = gtk_im_multicontext_new ();
  gtk_im_context_set_client_widget (self->im_context, GTK_WIDGET (self));
  g_signal_connect (self->im_context, "commit", G_CALLBACK (on_im_commit_cb), self);
  gtk_event_controller_key_set_im_context (GTK_EVENT_CONTROLLER_KEY (key), self->im_context);
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (self, "notify::has-focus", G_CALLBACK (on_focus_changed_cb), NULL);
}

GtkWidget *
cf_roster_grid_new (CfContext *context)
{
  CfRosterGrid *self = g_object_new (CF_TYPE_ROSTER_GRID, NULL);

  self->context = g_object_ref (context);

  return GTK_WIDGET (self);
}

/**
 * cf_roster_grid_set_month:
 *
 * Shows @month, all its rows, until cf_roster_grid_set_rows () says
 * otherwise; the cursor goes to the first cell and the undo history, which
 * belongs to the month, is forgotten.
 */
void
cf_roster_grid_set_month (CfRosterGrid  *self,
                          CfRosterMonth *month)
{
  g_return_if_fail (CF_IS_ROSTER_GRID (self));

  if (self->month != NULL)
    g_signal_handlers_disconnect_by_func (self->month, on_month_changed_cb, self);
  g_set_object (&self->month, month);
  if (month != NULL)
    g_signal_connect_swapped (month, "changed", G_CALLBACK (on_month_changed_cb), self);

  g_array_set_size (self->rows, 0);
  for (guint i = 0; month != NULL && i < cf_roster_month_get_n_rows (month); i++)
    g_array_append_val (self->rows, i);
  self->cursor_row = self->cursor_day = self->anchor_row = self->anchor_day = 0;
  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  self->generation = month != NULL ? cf_roster_month_get_generation (month) : 0;
  clear_text_cache (self);
  invalidate (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  update_accessible (self);
}

CfRosterMonth *
cf_roster_grid_get_month (CfRosterGrid *self)
{
  g_return_val_if_fail (CF_IS_ROSTER_GRID (self), NULL);

  return self->month;
}

/**
 * cf_roster_grid_set_rows:
 * @rows: (array length=n_rows): the month's rows to show, in order: a
 *   filter by team, role or name
 */
void
cf_roster_grid_set_rows (CfRosterGrid *self,
                         const guint  *rows,
                         guint         n_rows)
{
  g_return_if_fail (CF_IS_ROSTER_GRID (self));

  g_array_set_size (self->rows, 0);
  g_array_append_vals (self->rows, rows, n_rows);
  self->cursor_row = MIN (self->cursor_row, n_rows > 0 ? n_rows - 1 : 0);
  self->anchor_row = self->cursor_row;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  configure_adjustments (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible (self);
}

guint
cf_roster_grid_get_n_rows (CfRosterGrid *self)
{
  g_return_val_if_fail (CF_IS_ROSTER_GRID (self), 0);

  return self->rows->len;
}

/**
 * cf_roster_grid_get_rows:
 * @n_rows: (out): how many rows are shown
 *
 * Returns: (array length=n_rows) (transfer none): the month's rows shown,
 *   in order, as the filters left them
 */
const guint *
cf_roster_grid_get_rows (CfRosterGrid *self,
                         guint        *n_rows)
{
  g_return_val_if_fail (CF_IS_ROSTER_GRID (self), NULL);
  g_return_val_if_fail (n_rows != NULL, NULL);

  *n_rows = self->rows->len;
  return (const guint *) self->rows->data;
}

/* What a cell shows, for the grid, the clipboard and exports --------------------- */

/* Returns: the code @cell shows: its shift's, its leave's (translated), or "" */
const char *
cf_roster_grid_cell_code (CfRosterMonth *month,
                          CfRosterCell   cell)
{
  const CfRosterShiftType *type = cf_roster_month_get_shift_type (month, cell.shift);

  if (type != NULL)
    return type->code;
  if (cell.leave > 0 && cell.leave <= G_N_ELEMENTS (leave_codes))
    return g_dpgettext2 (NULL, "leave code", leave_codes[cell.leave - 1]);

  return "";
}

/* Returns: the translated short name of @weekday, as the header shows it */
const char *
cf_roster_grid_weekday_name (GDateWeekday weekday)
{
  static const char * const weekdays[] = {
    NULL, N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"),
  };

  g_return_val_if_fail (g_date_valid_weekday (weekday), "");

  return _(weekdays[weekday]);
}

/* Returns: whether @day is a day off: a weekend or a public holiday, but
 *   not a weekend day worked instead of one (调休上班)
 */
gboolean
cf_roster_grid_is_day_off (CfRosterMonth *month,
                           guint          day)
{
  GDateWeekday weekday = cf_roster_month_get_weekday (month, day);
  gboolean working_day = FALSE;
  const char *holiday = cf_roster_month_get_holiday (month, day, &working_day);

  if (holiday != NULL)
    return !working_day;

  return weekday == G_DATE_SATURDAY || weekday == G_DATE_SUNDAY;
}

void
cf_roster_grid_set_rules (CfRosterGrid        *self,
                          const CfRosterRules *rules)
{
  g_return_if_fail (CF_IS_ROSTER_GRID (self));

  self->rules = *rules;
  invalidate (self);
}

/* @shift: the 1-based shift type dragging paints, or 0 to select */
void
cf_roster_grid_set_paint_shift (CfRosterGrid *self,
                                guint         shift)
{
  g_return_if_fail (CF_IS_ROSTER_GRID (self));

  self->paint_shift = shift;
}
