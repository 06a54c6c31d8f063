/* cf-handover-print.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-handover-print"

#include "config.h"

#include "cf-handover-print.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <pango/pangocairo.h>

#include "cf-export.h"
#include "cf-handover.h"
#include "cf-handover-text.h"
#include "cf-list-detail.h"
#include "cf-store.h"
#include "cf-window.h"

/* A handover sheet on paper, for the archive folder (DOMAIN.md
 * "Handover"): who handed over to whom, every section and item, both
 * signatures with their times and key fingerprints, whether the sheet
 * verifies as it is printed, its addenda, and blank lines where both
 * leads sign by hand.
 *
 * A printout is a snapshot of the sheet's texts, read and verified on the
 * calling thread, so that a PDF can be written in a thread. Its content
 * is a column of blocks (headings, fields, items) that flows over A4
 * portrait pages; a block longer than what is left of a page is cut
 * between its lines. The PDF and the print dialog draw the same pages.
 */

#define CF_TYPE_HANDOVER_PRINTOUT (cf_handover_printout_get_type ())

G_DECLARE_FINAL_TYPE (CfHandoverPrintout, cf_handover_printout, CF, HANDOVER_PRINTOUT, GObject)

typedef enum
{
  BLOCK_TEXT,
  BLOCK_ALERT,   /* on a red ground: the sheet does not verify */
  BLOCK_RULE,    /* a line across the page */
} BlockKind;

typedef struct
{
  BlockKind    kind;
  char        *label;         /* nullable: in a column left of the text, on its first line */
  char        *text;
  double       size;
  CfTextFlags  flags;
  guint32      colour;
  double       indent;
  double       label_w;
  double       space_before;
  guint        keep_next;     /* how many blocks after this one go on its page with it */
} Block;

/* Where a block, or the part of it on one page, is drawn. */
typedef struct
{
  guint  block;
  guint  first_line;
  double y;            /* on its page */
  double top;          /* of its first line, in the block's layout */
  double height;
  guint  page;
} Piece;

struct _CfHandoverPrintout
{
  GObject    parent_instance;

  char      *title;           /* the PDF's title and the print job's name */
  char      *file_name;       /* suggested */
  char      *running_header;  /* atop every page after the first */
  char      *generated;
  GPtrArray *blocks;          /* Block */

  /* The pieces of the last page size asked for. */
  double     width;
  double     height;
  GArray    *pieces;          /* Piece */
  guint      n_pages;
};

G_DEFINE_FINAL_TYPE (CfHandoverPrintout, cf_handover_printout, G_TYPE_OBJECT)

G_DEFINE_QUARK (cf-handover-print-error-quark, cf_handover_print_error)

#define TEXT_COLOUR   0x1f1f1f
#define MUTED_COLOUR  0x595959
#define LINE_COLOUR   0xb0b0b0
#define ALERT_COLOUR  0xa51d2d
#define ALERT_GROUND  0xfbe3e4
#define GOOD_COLOUR   0x26734d

/* The page, in points. */
#define TITLE_SIZE    18.0
#define HEADING_SIZE  12.5
#define BODY_SIZE     10.0
#define SMALL_SIZE    8.5
#define FIELD_LABEL_W 120.0
#define NUMBER_W      20.0
#define NOTE_INDENT   (NUMBER_W + 14.0)
#define RULE_H        8.0
#define RUNNING_H     14.0
#define FOOTER_H      16.0
#define GAP           8.0
#define PAD           4.0
#define ALERT_PAD     6.0

static void
block_free (Block *block)
{
  g_free (block->label);
  g_free (block->text);
  g_free (block);
}

static Block *
add_block (CfHandoverPrintout *self,
           BlockKind           kind,
           const char         *text,
           double              size,
           CfTextFlags         flags,
           guint32             colour,
           double              space_before)
{
  Block *block = g_new0 (Block, 1);

  block->kind = kind;
  block->text = g_strdup (text != NULL ? text : "");
  block->size = size;
  block->flags = flags | CF_TEXT_WRAP;
  block->colour = colour;
  block->space_before = space_before;
  g_ptr_array_add (self->blocks, block);

  return block;
}

static Block *
add_text (CfHandoverPrintout *self,
          const char         *text,
          double              size,
          CfTextFlags         flags,
          guint32             colour,
          double              space_before)
{
  return add_block (self, BLOCK_TEXT, text, size, flags, colour, space_before);
}

static Block *
add_heading (CfHandoverPrintout *self,
             const char         *text)
{
  Block *block = add_text (self, text, HEADING_SIZE, CF_TEXT_BOLD, TEXT_COLOUR, 14);

  /* A heading is not left alone at the foot of a page. */
  block->keep_next = 1;

  return block;
}

/* A subheading in the body's size, kept with the @keep_next blocks after it. */
static void
add_subheading (CfHandoverPrintout *self,
                const char         *text,
                guint               keep_next)
{
  Block *block = add_text (self, text, BODY_SIZE, CF_TEXT_BOLD, TEXT_COLOUR, 8);

  block->keep_next = keep_next;
}

static Block *
add_field (CfHandoverPrintout *self,
           const char         *label,
           const char         *value,
           guint32             colour)
{
  Block *block = add_text (self, value, BODY_SIZE, 0, colour, 2);

  block->label = g_strdup (label);
  block->label_w = FIELD_LABEL_W;

  return block;
}

static Block *
add_rule (CfHandoverPrintout *self)
{
  return add_block (self, BLOCK_RULE, NULL, BODY_SIZE, 0, LINE_COLOUR, 6);
}

/* Pages --------------------------------------------------------------------- */

static double
text_width (Block  *block,
            double  width)
{
  double text_w = width - block->indent - block->label_w;

  if (block->kind == BLOCK_ALERT)
    text_w -= 2 * ALERT_PAD;

  return MAX (text_w, 1);
}

static PangoLayout *
create_layout (Block        *block,
               PangoContext *context,
               double        width)
{
  return cf_export_create_text (context, block->text, block->size, text_width (block, width),
                                block->flags);
}

/* The top and bottom of each line of @block, in points from its top. */
static GArray *
measure_lines (Block        *block,
               PangoContext *context,
               double        width)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (double) * 2);
  g_autoptr (PangoLayout) layout = NULL;
  PangoLayoutIter *iter;

  if (block->kind == BLOCK_RULE)
    {
      double line[2] = { 0, RULE_H };

      g_array_append_vals (lines, line, 1);
      return lines;
    }

  layout = create_layout (block, context, width);
  iter = pango_layout_get_iter (layout);
  do
    {
      int y0, y1;
      double line[2];

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      line[0] = (double) y0 / PANGO_SCALE;
      line[1] = (double) y1 / PANGO_SCALE;
      g_array_append_vals (lines, line, 1);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  return lines;
}

#define LINE_TOP(lines, i)    (((double *) (lines)->data)[2 * (i)])
#define LINE_BOTTOM(lines, i) (((double *) (lines)->data)[2 * (i) + 1])

static double
page_top (guint page)
{
  /* Pages after the first begin with the running header. */
  return page == 0 ? 0 : RUNNING_H + GAP;
}

static double
block_height (GArray *lines)
{
  return LINE_BOTTOM (lines, lines->len - 1);
}

/* Whether @block and the blocks it keeps with it fit below @y, when they
 * would fit on a page at all.
 */
static gboolean
keeps_fit (CfHandoverPrintout *self,
           GPtrArray          *measured,
           guint               b,
           double              y,
           double              bottom,
           guint               page)
{
  Block *block = self->blocks->pdata[b];
  double needed = block_height (measured->pdata[b]);

  for (guint k = 1; k <= block->keep_next && b + k < self->blocks->len; k++)
    {
      Block *next = self->blocks->pdata[b + k];

      needed += next->space_before + block_height (measured->pdata[b + k]);
    }

  return y + needed <= bottom || needed > bottom - page_top (page + 1);
}

/* Flows the blocks over pages of the printable size. */
static void
paginate (CfHandoverPrintout *self,
          double              width,
          double              height)
{
  PangoContext *context;
  g_autoptr (GPtrArray) measured = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  double bottom = height - FOOTER_H - GAP;
  guint page = 0;
  double y = 0;

  if (self->pieces != NULL && self->width == width && self->height == height)
    return;

  g_clear_pointer (&self->pieces, g_array_unref);
  self->pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  self->width = width;
  self->height = height;

  context = cf_export_create_context ();
  for (guint b = 0; b < self->blocks->len; b++)
    g_ptr_array_add (measured, measure_lines (self->blocks->pdata[b], context, width));
  g_object_unref (context);

  for (guint b = 0; b < self->blocks->len; b++)
    {
      Block *block = self->blocks->pdata[b];
      GArray *lines = measured->pdata[b];
      guint line = 0;

      if (y > page_top (page))
        y += block->space_before;
      if (block->keep_next > 0 && y > page_top (page) &&
          !keeps_fit (self, measured, b, y, bottom, page))
        y = page_top (++page);

      while (line < lines->len)
        {
          guint first = line;
          double start = LINE_TOP (lines, first);
          Piece piece;

          while (line < lines->len && y + LINE_BOTTOM (lines, line) - start <= bottom)
            line++;
          if (line == first)
            {
              if (y > page_top (page))
                {
                  y = page_top (++page);
                  continue;
                }
              /* A line taller than a page: drawn, and cut at its foot. */
              line++;
            }

          piece.block = b;
          piece.first_line = first;
          piece.y = y;
          piece.top = start;
          piece.height = LINE_BOTTOM (lines, line - 1) - start;
          piece.page = page;
          g_array_append_val (self->pieces, piece);
          y += piece.height;
          if (line < lines->len)
            y = page_top (++page);
        }
    }

  self->n_pages = page + 1;
}

/* Returns: how many pages of the printable size the printout takes */
static guint
count_pages (gpointer user_data,
             double   width,
             double   height)
{
  CfHandoverPrintout *self = user_data;

  paginate (self, width, height);
  return self->n_pages;
}

static void
draw_piece (CfHandoverPrintout *self,
            cairo_t            *cr,
            PangoContext       *context,
            double              width,
            const Piece        *piece)
{
  Block *block = self->blocks->pdata[piece->block];
  double x = block->indent + block->label_w;
  g_autoptr (PangoLayout) layout = NULL;

  if (block->kind == BLOCK_RULE)
    {
      cf_export_draw_line (cr, block->colour, block->indent, piece->y + RULE_H / 2, width,
                           piece->y + RULE_H / 2, 0.6);
      return;
    }

  if (block->kind == BLOCK_ALERT)
    {
      cf_export_fill_box (cr, ALERT_GROUND, block->indent, piece->y - ALERT_PAD / 2,
                          width - block->indent, piece->height + ALERT_PAD);
      cf_export_fill_box (cr, ALERT_COLOUR, block->indent, piece->y - ALERT_PAD / 2, 3,
                          piece->height + ALERT_PAD);
      x += ALERT_PAD;
    }

  if (block->label != NULL && piece->first_line == 0)
    {
      g_autoptr (PangoLayout) label = cf_export_create_text (context, block->label, block->size,
                                                             block->label_w - PAD, CF_TEXT_WRAP);

      cf_export_show_layout (cr, label, block->indent, piece->y, cf_export_text_height (label),
                             MUTED_COLOUR);
    }

  layout = create_layout (block, context, width);
  cairo_save (cr);
  cairo_rectangle (cr, 0, piece->y, width, piece->height);
  cairo_clip (cr);
  cf_export_set_colour (cr, block->colour);
  cairo_move_to (cr, x, piece->y - piece->top);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

/* Draws one page; the printable area is at the origin of @cr, in points. */
static void
draw_page (gpointer  user_data,
           cairo_t  *cr,
           double    width,
           double    height,
           guint     page)
{
  CfHandoverPrintout *self = user_data;
  PangoContext *context;
  g_autofree char *page_text = NULL;

  paginate (self, width, height);
  if (page >= self->n_pages)
    {
      g_critical ("%s: page %u of %u", G_STRFUNC, page, self->n_pages);
      return;
    }

  context = cf_export_create_context ();
  cairo_save (cr);
  if (page > 0)
    {
      cf_export_draw_text (cr, context, self->running_header, 0, 0, width, RUNNING_H, SMALL_SIZE,
                           CF_TEXT_ELLIPSIZE, MUTED_COLOUR);
      cf_export_draw_line (cr, LINE_COLOUR, 0, RUNNING_H, width, RUNNING_H, 0.3);
    }

  for (guint i = 0; i < self->pieces->len; i++)
    {
      const Piece *piece = &g_array_index (self->pieces, Piece, i);

      if (piece->page == page)
        draw_piece (self, cr, context, width, piece);
    }

  /* translators: the page number on a printed handover sheet */
  page_text = g_strdup_printf (_("Page %u of %u"), page + 1, self->n_pages);
  cf_export_draw_footer (cr, context, self->generated, page_text, width, height - FOOTER_H,
                         FOOTER_H, SMALL_SIZE);
  cairo_restore (cr);
  g_object_unref (context);
}

/* Reading the sheet ------------------------------------------------------------ */

/* A text of a row, or "" for NULL. */
static const char *
column_text (CfStatement *stmt,
             int          column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

/* The sheet's fields, with the names of its shifts and leads. */
static const char *sheet_sql =
  "SELECT h.shift_date, h.status, h.content, h.outgoing_signed_at, h.incoming_signed_at, "
  "  h.incoming_remarks, COALESCE (os.name, ''), COALESCE (os.code, ''), "
  "  COALESCE (ins.name, ''), COALESCE (ins.code, ''), "
  "  COALESCE (ost.name, ou.login, ''), COALESCE (inst.name, iu.login, '') "
  "FROM handover_sheet h "
  "LEFT JOIN shift_type os ON os.id = h.outgoing_shift_type "
  "LEFT JOIN shift_type ins ON ins.id = h.incoming_shift_type "
  "LEFT JOIN app_user ou ON ou.id = h.outgoing_lead "
  "LEFT JOIN staff ost ON ost.id = ou.staff "
  "LEFT JOIN app_user iu ON iu.id = h.incoming_lead "
  "LEFT JOIN staff inst ON inst.id = iu.staff "
  "WHERE h.id = ? AND h.deleted = 0";

enum
{
  SHEET_DATE,
  SHEET_STATUS,
  SHEET_CONTENT,
  SHEET_OUTGOING_SIGNED_AT,
  SHEET_INCOMING_SIGNED_AT,
  SHEET_REMARKS,
  SHEET_OUTGOING_SHIFT,
  SHEET_OUTGOING_CODE,
  SHEET_INCOMING_SHIFT,
  SHEET_INCOMING_CODE,
  SHEET_OUTGOING_LEAD,
  SHEET_INCOMING_LEAD,
  SHEET_N_COLUMNS
};

static const char *addendum_sql =
  "SELECT a.id, a.text, a.signed_at, COALESCE (s.name, u.login, '') "
  "FROM handover_addendum a "
  "LEFT JOIN app_user u ON u.id = a.created_by "
  "LEFT JOIN staff s ON s.id = u.staff "
  "WHERE a.sheet = ? AND a.deleted = 0 "
  "ORDER BY a.signed_at, a.id";

static gboolean
read_failed (CfStore  *store,
             GError  **error)
{
  g_warning ("Cannot read a handover sheet: %s",
             sqlite3_errmsg (cf_store_get_connection (store)));
  g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                       _("The handover sheet could not be read."));
  return FALSE;
}

/* Returns: (transfer full): the sheet's fields, SHEET_N_COLUMNS texts */
static GStrv
read_sheet (CfStore     *store,
            const char  *sheet_id,
            GError     **error)
{
  g_autoptr (CfStatement) stmt = cf_store_prepare (store, sheet_sql, error);
  GStrv fields;
  int step;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, sheet_id, -1, SQLITE_TRANSIENT);
  step = sqlite3_step (stmt);
  if (step == SQLITE_DONE)
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                           _("The handover sheet no longer exists."));
      return NULL;
    }
  if (step != SQLITE_ROW)
    {
      read_failed (store, error);
      return NULL;
    }

  fields = g_new0 (char *, SHEET_N_COLUMNS + 1);
  for (int c = 0; c < SHEET_N_COLUMNS; c++)
    fields[c] = g_strdup (column_text (stmt, c));

  return fields;
}

/* "Early (E)" */
static char *
describe_shift (const char *name,
                const char *code)
{
  if (code[0] == '\0' || g_strcmp0 (name, code) == 0)
    return g_strdup (name);

  /* translators: a shift on a handover sheet: its name and code, e.g. “Early (E)” */
  return g_strdup_printf (_("%s (%s)"), name, code);
}

/* A string member, or NULL when it is not a string. */
static const char *
item_string (JsonObject *item,
             const char *name)
{
  JsonNode *node = json_object_get_member (item, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static void
add_item (CfHandoverPrintout *self,
          guint               number,
          JsonNode           *node)
{
  JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *text = item != NULL ? item_string (item, "text") : NULL;
  const char *note = item != NULL ? item_string (item, "note") : NULL;
  g_autofree char *label = g_strdup_printf ("%u.", number);
  Block *block;

  block = add_text (self, text, BODY_SIZE, 0, TEXT_COLOUR, 5);
  block->label = g_steal_pointer (&label);
  block->label_w = NUMBER_W;
  if (note != NULL && note[0] != '\0')
    {
      g_autofree char *note_text = NULL;
      Block *note_block;

      /* translators: a shift lead's note under an item of a handover sheet */
      note_text = g_strdup_printf (_("Note: %s"), note);
      note_block = add_text (self, note_text, BODY_SIZE - 0.5, CF_TEXT_ITALIC, MUTED_COLOUR, 1);
      note_block->indent = NOTE_INDENT;
      block->keep_next = 1;
    }
}

static void
add_sections (CfHandoverPrintout *self,
              const char         *content)
{
  g_autoptr (JsonNode) node = json_from_string (content, NULL);
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                         ? json_node_get_object (node) : NULL;

  if (object == NULL)
    {
      add_block (self, BLOCK_ALERT, _("The content of this sheet cannot be read."), BODY_SIZE,
                 CF_TEXT_BOLD, ALERT_COLOUR, 12);
      return;
    }

  for (guint s = 0; cf_handover_sections[s] != NULL; s++)
    {
      JsonNode *section = json_object_get_member (object, cf_handover_sections[s]);
      JsonArray *items = section != NULL && JSON_NODE_HOLDS_ARRAY (section)
                           ? json_node_get_array (section) : NULL;
      guint n_items = items != NULL ? json_array_get_length (items) : 0;

      add_heading (self, cf_handover_section_title (cf_handover_sections[s]));
      if (n_items == 0)
        add_text (self, _("Nothing to hand over"), BODY_SIZE, CF_TEXT_ITALIC, MUTED_COLOUR, 4);
      for (guint i = 0; i < n_items; i++)
        add_item (self, i + 1, json_array_get_element (items, i));
    }
}

/* What the check found, for the signatures block. */
static void
add_verification (CfHandoverPrintout    *self,
                  const CfHandoverCheck *check,
                  const char            *status)
{
  Block *block;

  if (check->message != NULL)
    {
      g_autofree char *text = NULL;

      /* translators: on a printed handover sheet that does not verify; %s says why */
      text = g_strdup_printf (_("TAMPERED: %s"), check->message);
      block = add_field (self, _("Verification"), text, ALERT_COLOUR);
      block->flags |= CF_TEXT_BOLD;
    }
  else if (g_strcmp0 (status, "sealed") == 0)
    add_field (self, _("Verification"),
               _("Verified: the content and both signatures hold."), GOOD_COLOUR);
  else if (g_strcmp0 (status, "signed_out") == 0)
    add_field (self, _("Verification"),
               _("Verified: the outgoing lead’s signature holds. Not countersigned yet."),
               GOOD_COLOUR);
  else
    add_field (self, _("Verification"), _("Not signed yet."), TEXT_COLOUR);
}

static void
add_signer (CfHandoverPrintout *self,
            const char         *heading,
            const char         *name,
            const char         *signed_at,
            const char         *fingerprint,
            const char         *remarks)
{
  g_autofree char *time = cf_list_detail_format_time (signed_at[0] != '\0' ? signed_at : NULL);

  add_subheading (self, heading, 3);
  add_field (self, _("Name"), name[0] != '\0' ? name : _("Not named yet"), TEXT_COLOUR);
  add_field (self, _("Signed at"), time[0] != '\0' ? time : _("Not signed yet"), TEXT_COLOUR);
  /* translators: the fingerprint of a shift lead's signing key, on a printed handover sheet */
  add_field (self, _("Key fingerprint"), fingerprint != NULL ? fingerprint : _("No key"),
             TEXT_COLOUR);
  if (remarks != NULL)
    add_field (self, _("Remarks"), remarks[0] != '\0' ? remarks : _("None"), TEXT_COLOUR);
}

typedef struct
{
  char *id;
  char *text;
  char *signed_at;
  char *author;
} Addendum;

static void
addendum_free (Addendum *addendum)
{
  g_free (addendum->id);
  g_free (addendum->text);
  g_free (addendum->signed_at);
  g_free (addendum->author);
  g_free (addendum);
}

static gboolean
add_addenda (CfHandoverPrintout  *self,
             CfStore             *store,
             const char          *sheet_id,
             gboolean             sealed,
             GError             **error)
{
  g_autoptr (GPtrArray) addenda = g_ptr_array_new_with_free_func ((GDestroyNotify) addendum_free);
  g_autoptr (CfStatement) stmt = cf_store_prepare (store, addendum_sql, error);
  int step;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sheet_id, -1, SQLITE_TRANSIENT);
  while ((step = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Addendum *addendum = g_new0 (Addendum, 1);

      addendum->id = g_strdup (column_text (stmt, 0));
      addendum->text = g_strdup (column_text (stmt, 1));
      addendum->signed_at = g_strdup (column_text (stmt, 2));
      addendum->author = g_strdup (column_text (stmt, 3));
      g_ptr_array_add (addenda, addendum);
    }
  if (step != SQLITE_DONE)
    return read_failed (store, error);
  g_clear_pointer (&stmt, sqlite3_reset);

  /* Only a sealed sheet takes addenda. */
  if (!sealed && addenda->len == 0)
    return TRUE;

  add_heading (self, _("Addenda"));
  if (addenda->len == 0)
    add_text (self, _("No addenda"), BODY_SIZE, CF_TEXT_ITALIC, MUTED_COLOUR, 4);
  for (guint i = 0; i < addenda->len; i++)
    {
      Addendum *addendum = addenda->pdata[i];
      g_autoptr (GError) local_error = NULL;
      g_autofree char *time = cf_list_detail_format_time (addendum->signed_at);
      g_autofree char *heading = NULL;
      gboolean valid = cf_handover_verify_addendum (store, addendum->id, &local_error);
      Block *block;

      if (local_error != NULL)
        g_debug ("Addendum %s does not verify: %s", addendum->id, local_error->message);
      /* translators: an addendum to a printed handover sheet: its number,
       * its author's name and the time it was signed, e.g.
       * “Addendum 1 · Li Na · 2026-03-02 16:10”
       */
      heading = g_strdup_printf (_("Addendum %u · %s · %s"), i + 1, addendum->author, time);
      add_subheading (self, heading, 2);
      add_text (self, addendum->text, BODY_SIZE, 0, TEXT_COLOUR, 2);
      if (valid)
        add_text (self, _("Signature verified"), SMALL_SIZE + 0.5, 0, GOOD_COLOUR, 2);
      else
        {
          /* translators: under an addendum whose signature does not hold for its text */
          block = add_text (self, _("TAMPERED: the signature does not match this addendum."),
                            SMALL_SIZE + 0.5, CF_TEXT_BOLD, ALERT_COLOUR, 2);
          block->kind = BLOCK_ALERT;
        }
    }

  return TRUE;
}

/* The blank lines where both leads sign by hand. */
static void
add_wet_signatures (CfHandoverPrintout *self)
{
  /* Drawn as underscores so the blanks are there in the PDF's text too. */
  static const char blank[] = "______________________________";
  static const char short_blank[] = "____________________";
  g_autofree char *outgoing = NULL;
  g_autofree char *incoming = NULL;

  /* Both lines on the heading's page: they are signed together. */
  add_heading (self, _("Signatures on Paper"))->keep_next = 2;

  /* translators: a line to sign by hand on a printed handover sheet; the
   * first %s is a blank line for the signature, the second one for the date
   * and time
   */
  outgoing = g_strdup_printf (_("Outgoing lead: %s   Date/time: %s"), blank, short_blank);
  /* translators: a line to sign by hand on a printed handover sheet; the
   * first %s is a blank line for the signature, the second one for the date
   * and time
   */
  incoming = g_strdup_printf (_("Incoming lead: %s   Date/time: %s"), blank, short_blank);
  /* Room above each line for a signature. */
  add_text (self, outgoing, BODY_SIZE, 0, TEXT_COLOUR, 32);
  add_text (self, incoming, BODY_SIZE, 0, TEXT_COLOUR, 32);
}

static void
set_write_error (GError     **error,
                 const char  *path,
                 const char  *reason)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, CF_HANDOVER_PRINT_ERROR, CF_HANDOVER_PRINT_ERROR_WRITE,
               /* translators: a file name and why it could not be written */
               _("Cannot save the handover sheet as “%s”: %s"), name, reason);
}

static gboolean
write_pdf_cb (const char  *path,
              gpointer     user_data,
              GError     **error)
{
  CfHandoverPrintout *self = user_data;

  if (!cf_export_write_pdf (path, CF_EXPORT_A4_PORTRAIT_WIDTH, CF_EXPORT_A4_PORTRAIT_HEIGHT,
                            self->title, count_pages, draw_page, self))
    {
      set_write_error (error, path, _("the PDF could not be written."));
      return FALSE;
    }

  return TRUE;
}

/* Writes the PDF at @path, through a temporary file next to it. */
static gboolean
write_pdf (CfHandoverPrintout  *self,
           const char          *path,
           GError             **error)
{
  return cf_export_replace_file (path, write_pdf_cb, self, set_write_error, error);
}

/* GObject ---------------------------------------------------------------------- */

static void
cf_handover_printout_finalize (GObject *object)
{
  CfHandoverPrintout *self = (CfHandoverPrintout *)object;

  g_free (self->title);
  g_free (self->file_name);
  g_free (self->running_header);
  g_free (self->generated);
  g_ptr_array_unref (self->blocks);
  g_clear_pointer (&self->pieces, g_array_unref);

  G_OBJECT_CLASS (cf_handover_printout_parent_class)->finalize (object);
}

static void
cf_handover_printout_class_init (CfHandoverPrintoutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_handover_printout_finalize;
}

static void
cf_handover_printout_init (CfHandoverPrintout *self)
{
  self->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
}

/* A file name without what a file system may refuse in a shift's code. */
static char *
file_name_part (const char *text)
{
  GString *part = g_string_new (NULL);

  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    {
      gunichar ch = g_utf8_get_char (c);

      if (ch == '/' || ch == '\\' || ch == ':' || g_unichar_iscntrl (ch) ||
          g_unichar_isspace (ch))
        g_string_append_c (part, '-');
      else
        g_string_append_unichar (part, ch);
    }

  return g_string_free (part, FALSE);
}

/* Reads and verifies the sheet, and lays out its texts. */
static CfHandoverPrintout *
cf_handover_printout_new (CfStore     *store,
                          const char  *sheet_id,
                          GError     **error)
{
  g_autoptr (CfHandoverPrintout) self = NULL;
  g_auto (CfHandoverCheck) check = { 0 };
  g_auto (GStrv) sheet = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *now_text = NULL;
  g_autofree char *outgoing_shift = NULL;
  g_autofree char *incoming_shift = NULL;
  g_autofree char *code = NULL;
  g_autofree char *subtitle = NULL;
  const char *status;
  Block *block;

  if (!cf_handover_verify (store, sheet_id, &check, error))
    return NULL;
  sheet = read_sheet (store, sheet_id, error);
  if (sheet == NULL)
    return NULL;
  status = sheet[SHEET_STATUS];

  self = g_object_new (CF_TYPE_HANDOVER_PRINTOUT, NULL);
  outgoing_shift = describe_shift (sheet[SHEET_OUTGOING_SHIFT], sheet[SHEET_OUTGOING_CODE]);
  incoming_shift = describe_shift (sheet[SHEET_INCOMING_SHIFT], sheet[SHEET_INCOMING_CODE]);
  code = file_name_part (sheet[SHEET_OUTGOING_CODE]);
  /* Not translated: the archive's files sort by date whatever the language. */
  self->file_name = g_strdup_printf ("handover-%s-%s.pdf", sheet[SHEET_DATE], code);
  /* translators: the title of a printed handover sheet and its print job;
   * %s are its date and the outgoing shift's code, e.g. “Handover Sheet · 2026-03-02 · E”
   */
  self->title = g_strdup_printf (_("Handover Sheet · %s · %s"), sheet[SHEET_DATE],
                                 sheet[SHEET_OUTGOING_CODE]);
  /* translators: atop the pages of a printed handover sheet after the first:
   * its date, the outgoing and the incoming shift, e.g. “2026-03-02 · Early (E) → Late (L)”
   */
  subtitle = g_strdup_printf (_("%s · %s → %s"), sheet[SHEET_DATE], outgoing_shift,
                              incoming_shift);
  /* translators: %s is the date and shifts of a handover sheet */
  self->running_header = g_strdup_printf (_("Handover Sheet · %s"), subtitle);
  /* translators: a date and time on a printed handover sheet */
  now_text = g_date_time_format (now, _("%Y-%m-%d %H:%M"));
  /* translators: %s is a date and time */
  self->generated = g_strdup_printf (_("Generated %s"), now_text);

  add_text (self, _("Handover Sheet"), TITLE_SIZE, CF_TEXT_BOLD, TEXT_COLOUR, 0);
  add_text (self, subtitle, BODY_SIZE, 0, MUTED_COLOUR, 2);
  add_rule (self);
  add_field (self, _("Date"), sheet[SHEET_DATE], TEXT_COLOUR);
  add_field (self, _("Outgoing shift"), outgoing_shift, TEXT_COLOUR);
  add_field (self, _("Outgoing lead"), sheet[SHEET_OUTGOING_LEAD], TEXT_COLOUR);
  add_field (self, _("Incoming shift"), incoming_shift, TEXT_COLOUR);
  add_field (self, _("Incoming lead"),
             sheet[SHEET_INCOMING_LEAD][0] != '\0' ? sheet[SHEET_INCOMING_LEAD]
                                                  : _("Not named yet"), TEXT_COLOUR);
  add_field (self, _("Status"), cf_handover_status_label (status), TEXT_COLOUR)->flags |= CF_TEXT_BOLD;

  if (check.message != NULL)
    {
      /* translators: in large letters on a printed handover sheet that does
       * not verify: its content or signatures were changed
       */
      block = add_block (self, BLOCK_ALERT, _("TAMPERED"), HEADING_SIZE + 2, CF_TEXT_BOLD,
                         ALERT_COLOUR, 14);
      block->keep_next = 1;
      add_block (self, BLOCK_ALERT, check.message, BODY_SIZE, 0, ALERT_COLOUR, 0);
    }

  add_sections (self, sheet[SHEET_CONTENT]);

  add_rule (self)->space_before = 14;
  add_heading (self, _("Signatures"));
  add_signer (self, _("Outgoing lead"), sheet[SHEET_OUTGOING_LEAD],
              sheet[SHEET_OUTGOING_SIGNED_AT], check.outgoing_fingerprint, NULL);
  add_signer (self, _("Incoming lead"), sheet[SHEET_INCOMING_LEAD],
              sheet[SHEET_INCOMING_SIGNED_AT], check.incoming_fingerprint,
              sheet[SHEET_REMARKS]);
  add_verification (self, &check, status);

  if (!add_addenda (self, store, sheet_id, check.sealed, error))
    return NULL;
  add_wet_signatures (self);

  return g_steal_pointer (&self);
}

static void
show_error (GtkWindow  *parent,
            const char *heading,
            const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, message);

  gtk_widget_set_name (dialog, "handover-print-error-dialog");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Printing ---------------------------------------------------------------------- */

static void
on_begin_print_cb (GtkPrintOperation  *operation,
                   GtkPrintContext    *context,
                   CfHandoverPrintout *self)
{
  gtk_print_operation_set_n_pages (operation,
                                   count_pages (self, gtk_print_context_get_width (context),
                                                gtk_print_context_get_height (context)));
}

static void
on_draw_page_cb (GtkPrintOperation  *operation,
                 GtkPrintContext    *context,
                 int                 page,
                 CfHandoverPrintout *self)
{
  draw_page (self, gtk_print_context_get_cairo_context (context),
             gtk_print_context_get_width (context), gtk_print_context_get_height (context), page);
}

static void
on_print_done_cb (GtkPrintOperation       *operation,
                  GtkPrintOperationResult  result,
                  gpointer                 user_data)
{
  g_autoptr (GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    gtk_print_operation_get_error (operation, &error);
  if (error != NULL)
    show_error (g_object_get_data (G_OBJECT (operation), "parent"),
                _("Cannot Print the Handover Sheet"), error->message);
  /* The reference cf_handover_print_sheet () gave up to the printing. */
  g_object_unref (operation);
}

/* Saving ---------------------------------------------------------------------- */

static gboolean
write_printout_cb (GObject  *printout,
                   int       format,
                   GFile    *file,
                   GError  **error)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, CF_HANDOVER_PRINT_ERROR, CF_HANDOVER_PRINT_ERROR_NOT_LOCAL,
                   /* translators: %s is where the user chose to save the handover sheet */
                   _("Cannot save the handover sheet as “%s”: choose a folder on this computer."),
                   name);
      return FALSE;
    }

  return write_pdf (CF_HANDOVER_PRINTOUT (printout), path, error);
}

static void
on_pdf_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GtkWindow) parent = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;

  if (!cf_export_write_finish (object, result, &error))
    {
      show_error (parent, _("Cannot Save the Handover Sheet"), error->message);
      return;
    }

  if (parent == NULL)
    return;
  /* translators: %s is a file name */
  title = g_strdup_printf (_("Handover sheet saved as “%s”"),
                           (const char *) g_object_get_data (object, "basename"));
  cf_window_show_toast (GTK_WIDGET (parent), adw_toast_new (title));
}

/* Writes @self to @file in a thread; a toast in @parent says where it
 * went, or a dialog why it could not be saved.
 */
static void
save_printout (GtkWindow          *parent,
               CfHandoverPrintout *self,
               GFile              *file)
{
  g_object_set_data_full (G_OBJECT (self), "basename", g_file_get_basename (file), g_free);
  cf_export_write_async (G_OBJECT (self), write_printout_cb, 0, file, NULL, on_pdf_written_cb,
                         parent != NULL ? g_object_ref (parent) : NULL);
}

static void
on_chooser_response_cb (GtkFileChooserNative *chooser,
                        int                   response,
                        CfHandoverPrintout   *self)
{
  g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  GtkWindow *parent = gtk_native_dialog_get_transient_for (GTK_NATIVE_DIALOG (chooser));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    save_printout (parent, self, file);
  /* The references cf_handover_pdf_save () gave up to the chooser. */
  g_object_unref (self);
  g_object_unref (chooser);
}

/* Public API ------------------------------------------------------------------- */

/**
 * cf_handover_pdf_write:
 * @path: the PDF to write; replaced if it exists
 *
 * Writes the sheet as an A4 portrait PDF, verified as it is now, through
 * a temporary file next to @path: if anything fails, @path is as it was
 * and nothing else is left.
 *
 * Returns: whether it was written
 */
gboolean
cf_handover_pdf_write (CfStore     *store,
                       const char  *sheet_id,
                       const char  *path,
                       GError     **error)
{
  g_autoptr (CfHandoverPrintout) printout = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (sheet_id != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  printout = cf_handover_printout_new (store, sheet_id, error);
  if (printout == NULL)
    return FALSE;

  return write_pdf (printout, path, error);
}

/**
 * cf_handover_print_operation_new:
 *
 * Reads and verifies the sheet now, for a print operation that draws the
 * pages its PDF has: A4 portrait with the PDF's margins, unless the user
 * chooses otherwise.
 *
 * Returns: (transfer full): the print operation, or %NULL with @error set
 */
GtkPrintOperation *
cf_handover_print_operation_new (CfStore     *store,
                                 const char  *sheet_id,
                                 GError     **error)
{
  g_autoptr (CfHandoverPrintout) printout = NULL;
  g_autoptr (GtkPageSetup) page_setup = gtk_page_setup_new ();
  g_autoptr (GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  GtkPrintOperation *operation;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (sheet_id != NULL, NULL);

  printout = cf_handover_printout_new (store, sheet_id, error);
  if (printout == NULL)
    return NULL;

  operation = gtk_print_operation_new ();
  gtk_page_setup_set_paper_size (page_setup, a4);
  gtk_page_setup_set_orientation (page_setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_page_setup_set_top_margin (page_setup, CF_EXPORT_PDF_MARGIN, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (page_setup, CF_EXPORT_PDF_MARGIN, GTK_UNIT_POINTS);
  gtk_page_setup_set_left_margin (page_setup, CF_EXPORT_PDF_MARGIN, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (page_setup, CF_EXPORT_PDF_MARGIN, GTK_UNIT_POINTS);
  gtk_print_operation_set_default_page_setup (operation, page_setup);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, printout->title);
  g_object_set_data_full (G_OBJECT (operation), "printout", g_object_ref (printout),
                          g_object_unref);
  g_signal_connect_object (operation, "begin-print", G_CALLBACK (on_begin_print_cb), printout,
                           0);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (on_draw_page_cb), printout, 0);

  return operation;
}

/**
 * cf_handover_print_sheet:
 * @parent: (nullable): the window the print dialog belongs to
 *
 * Prints the sheet through the print dialog, on the pages its PDF has;
 * an error is said in a dialog.
 */
void
cf_handover_print_sheet (GtkWindow  *parent,
                         CfStore    *store,
                         const char *sheet_id)
{
  g_autoptr (GError) error = NULL;
  GtkPrintOperation *operation;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (CF_IS_STORE (store));
  g_return_if_fail (sheet_id != NULL);

  operation = cf_handover_print_operation_new (store, sheet_id, &error);
  if (operation == NULL)
    {
      show_error (parent, _("Cannot Print the Handover Sheet"), error->message);
      return;
    }

  gtk_print_operation_set_allow_async (operation, TRUE);
  if (parent != NULL)
    g_object_set_data_full (G_OBJECT (operation), "parent", g_object_ref (parent),
                            g_object_unref);
  /* Errors, and everything after the dialog, come to ::done, which
   * releases the operation.
   */
  g_signal_connect (operation, "done", G_CALLBACK (on_print_done_cb), NULL);
  gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, NULL);
}

/**
 * cf_handover_pdf_save:
 * @parent: (nullable): the window the file chooser belongs to; its toasts
 *   say where the PDF went
 *
 * Asks where to save the sheet as a PDF and writes it in a thread; a
 * failure is said in a dialog, and leaves no file behind.
 */
void
cf_handover_pdf_save (GtkWindow  *parent,
                      CfStore    *store,
                      const char *sheet_id)
{
  g_autoptr (CfHandoverPrintout) printout = NULL;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr (GError) error = NULL;
  GtkFileChooserNative *chooser;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (CF_IS_STORE (store));
  g_return_if_fail (sheet_id != NULL);

  printout = cf_handover_printout_new (store, sheet_id, &error);
  if (printout == NULL)
    {
      show_error (parent, _("Cannot Save the Handover Sheet"), error->message);
      return;
    }

  gtk_file_filter_set_name (filter, _("PDF Documents"));
  gtk_file_filter_add_suffix (filter, "pdf");
  chooser = gtk_file_chooser_native_new (_("Save Handover Sheet as PDF"), parent,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), printout->file_name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb),
                    g_steal_pointer (&printout));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * cf_handover_pdf_save_to_file:
 * @parent: (nullable): the window whose toasts say where the PDF went
 * @file: where to save the PDF; replaced if it exists
 *
 * Writes the sheet's PDF to @file in a thread, as cf_handover_pdf_save ()
 * does once a file is chosen; a failure is said in a dialog, and leaves
 * no file behind.
 */
void
cf_handover_pdf_save_to_file (GtkWindow  *parent,
                              CfStore    *store,
                              const char *sheet_id,
                              GFile      *file)
{
  g_autoptr (CfHandoverPrintout) printout = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (CF_IS_STORE (store));
  g_return_if_fail (sheet_id != NULL);
  g_return_if_fail (G_IS_FILE (file));

  printout = cf_handover_printout_new (store, sheet_id, &error);
  if (printout == NULL)
    {
      show_error (parent, _("Cannot Save the Handover Sheet"), error->message);
      return;
    }

  save_printout (parent, printout, file);
}
