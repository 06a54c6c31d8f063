/* cf-shift-types-dialog.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-shift-types-dialog"

#include "config.h"

#include "cf-shift-types-dialog.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-form.h"
#include "cf-session.h"
#include "cf-shift-type.h"
#include "cf-shift-type-dialog.h"
#include "cf-store.h"

/* The shift types the roster is planned with: each with its colour and
 * code as the roster shows them, its name, times and working hours.
 * Supervisors and deputies add and change them; a shift type is never
 * deleted, only made inactive, as past rosters still name it. Everyone
 * else sees the list as it is.
 */
struct _CfShiftTypesDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *add_button;
  AdwPreferencesGroup  *group;
  GtkListBox           *shift_list;

  /* Owned references */
  CfContext            *context;
  GPtrArray            *shift_types;    /* CfRosterShiftType, as listed */
};

G_DEFINE_FINAL_TYPE (CfShiftTypesDialog, cf_shift_types_dialog, ADW_TYPE_WINDOW)

#define SWATCH_WIDTH  40
#define SWATCH_HEIGHT 28

static gboolean
can_change (CfShiftTypesDialog *self)
{
  return cf_session_can (cf_context_get_session (self->context), "shift_type", CF_OP_PATCH);
}

/* The code on its colour, as a cell of the roster shows it. */
static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  guint32 colour = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (area), "colour"));
  const char *code = g_object_get_data (G_OBJECT (area), "code");
  double red = ((colour >> 16) & 0xff) / 255.0;
  double green = ((colour >> 8) & 0xff) / 255.0;
  double blue = (colour & 0xff) / 255.0;
  double ink = 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.5 ? 0.0 : 1.0;
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), code);
  PangoAttrList *attrs = pango_attr_list_new ();
  double radius = 6;
  int text_width, text_height;

  cairo_new_sub_path (cr);
  cairo_arc (cr, width - radius, radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, width - radius, height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, radius, height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, radius, radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, red, green, blue);
  cairo_fill (cr);

  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  cairo_set_source_rgba (cr, ink, ink, ink, 0.85);
  cairo_move_to (cr, (width - text_width) / 2.0, (height - text_height) / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static GtkWidget *
create_swatch (const CfRosterShiftType *type)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), SWATCH_WIDTH);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), SWATCH_HEIGHT);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (area), "colour", GUINT_TO_POINTER (type->colour));
  g_object_set_data_full (G_OBJECT (area), "code", g_strdup (type->code), g_free);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_swatch, NULL, NULL);

  return area;
}

static char *
describe_shift_type (const CfRosterShiftType *type)
{
  g_autofree char *times = cf_shift_times_describe (&type->times);
  int minutes = cf_shift_times_work_minutes (&type->times);

  if (!type->times.counts_as_work)
    return g_strdup (_("Not counted as work"));

  /* translators: a shift's times and working hours, e.g. “08:00–16:00 · 7:30 h” */
  return g_strdup_printf (_("%s · %d:%02d h"), times, minutes / 60, minutes % 60);
}

static GtkWidget *
create_tag (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");

  return label;
}

static void
edit_shift_type (CfShiftTypesDialog      *self,
                 const CfRosterShiftType *type);

static void
on_edit_clicked_cb (GtkButton          *button,
                    CfShiftTypesDialog *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  if (index < self->shift_types->len)
    edit_shift_type (self, self->shift_types->pdata[index]);
}

static GtkWidget *
create_row (CfShiftTypesDialog      *self,
            guint                    index,
            const CfRosterShiftType *type)
{
  g_autofree char *subtitle = describe_shift_type (type);
  g_autofree char *name = g_strdup_printf ("shift-%s", type->code);
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), type->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), create_swatch (type));
  if (type->night)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), create_tag (_("Night")));
  if (!type->active)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), create_tag (_("Inactive")));
      gtk_widget_add_css_class (row, "dim-label");
    }

  if (can_change (self))
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("document-edit-symbolic");

      gtk_widget_set_name (button, "edit-button");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Edit Shift"));
      g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (index));
      g_signal_connect (button, "clicked", G_CALLBACK (on_edit_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
    }

  return row;
}

static void
fill_list (CfShiftTypesDialog *self)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *shift_types;
  GtkWidget *child;

  shift_types = cf_shift_type_list (cf_context_get_store (self->context), &error);
  if (shift_types == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->shift_list))) != NULL)
    gtk_list_box_remove (self->shift_list, child);
  g_clear_pointer (&self->shift_types, g_ptr_array_unref);
  self->shift_types = shift_types;

  for (guint i = 0; i < shift_types->len; i++)
    gtk_list_box_append (self->shift_list, create_row (self, i, shift_types->pdata[i]));
}

static void
on_store_changed_cb (CfShiftTypesDialog *self,
                     const char         *kind,
                     const char * const *ids,
                     CfStore            *store)
{
  if (g_str_equal (kind, "shift_type"))
    fill_list (self);
}

static void
on_shift_type_saved_cb (CfShiftTypesDialog *self,
                        const char         *title,
                        const char * const *op_ids,
                        CfShiftTypeDialog  *dialog)
{
  adw_toast_overlay_add_toast (self->toast_overlay,
                               cf_form_new_toast (title, "shift-types.undo", op_ids));
}

static void
edit_shift_type (CfShiftTypesDialog      *self,
                 const CfRosterShiftType *type)
{
  CfShiftTypeDialog *dialog = cf_shift_type_dialog_new (self->context, type);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_shift_type_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  edit_shift_type (CF_SHIFT_TYPES_DIALOG (widget), NULL);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfShiftTypesDialog *self = CF_SHIFT_TYPES_DIALOG (widget);
  g_autofree char *problem = cf_form_undo (self->context, parameter);

  if (problem != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (problem));
}

static void
cf_shift_types_dialog_dispose (GObject *object)
{
  CfShiftTypesDialog *self = (CfShiftTypesDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_SHIFT_TYPES_DIALOG);
  g_clear_object (&self->context);
  g_clear_pointer (&self->shift_types, g_ptr_array_unref);

  G_OBJECT_CLASS (cf_shift_types_dialog_parent_class)->dispose (object);
}

static void
cf_shift_types_dialog_class_init (CfShiftTypesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_shift_types_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX
                                               "/ui/roster/cf-shift-types-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CfShiftTypesDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CfShiftTypesDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, CfShiftTypesDialog, group);
  gtk_widget_class_bind_template_child (widget_class, CfShiftTypesDialog, shift_list);

  gtk_widget_class_install_action (widget_class, "shift-types.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "shift-types.undo", "as", undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "shift-types.add", NULL);
}

static void
cf_shift_types_dialog_init (CfShiftTypesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CfShiftTypesDialog *
cf_shift_types_dialog_new (CfContext *context)
{
  CfShiftTypesDialog *self;

  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);

  self = g_object_new (CF_TYPE_SHIFT_TYPES_DIALOG, NULL);
  self->context = g_object_ref (context);

  gtk_widget_set_visible (self->add_button, can_change (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "shift-types.add",
                                 cf_session_can (cf_context_get_session (context), "shift_type",
                                                 CF_OP_CREATE));
  if (!can_change (self))
    adw_preferences_group_set_description (self->group,
                                           _("The shifts the roster is planned with. Only "
                                             "supervisors and deputies change them."));
  g_signal_connect_object (cf_context_get_store (context), "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  fill_list (self);

  return self;
}
