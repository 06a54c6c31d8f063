/* cf-view.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-view"

#include "config.h"

#include "cf-view.h"

#include "cf-context.h"

/* What every view in the sidebar shares: the context it works in, given at
 * construction, and a single child laid out to fill it (its template).
 */
typedef struct
{
  CfContext *context;
} CfViewPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CfView, cf_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cf_view_dispose (GObject *object)
{
  CfView *self = (CfView *)object;
  CfViewPrivate *priv = cf_view_get_instance_private (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&priv->context);

  G_OBJECT_CLASS (cf_view_parent_class)->dispose (object);
}

static void
cf_view_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  CfView *self = CF_VIEW (object);
  CfViewPrivate *priv = cf_view_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, priv->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_view_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  CfView *self = CF_VIEW (object);
  CfViewPrivate *priv = cf_view_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      priv->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_view_class_init (CfViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_view_dispose;
  object_class->get_property = cf_view_get_property;
  object_class->set_property = cf_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cf_view_init (CfView *self)
{
}

/* Returns: (transfer none): the context the view was made with */
CfContext *
cf_view_get_context (CfView *self)
{
  CfViewPrivate *priv = cf_view_get_instance_private (self);

  g_return_val_if_fail (CF_IS_VIEW (self), NULL);

  return priv->context;
}

/* A cell's whole text, for when it is cut short. Asked for when the
 * pointer rests on it: in GTK 4.8 setting a tooltip at each bind asks the
 * display server where the pointer is, which made a list take seconds to
 * fill.
 */
static gboolean
on_text_cell_query_tooltip_cb (GtkWidget  *inscription,
                               int         x,
                               int         y,
                               gboolean    keyboard,
                               GtkTooltip *tooltip)
{
  const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (inscription));

  if (text == NULL || text[0] == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/**
 * cf_view_setup_text_cell:
 *
 * A GtkSignalListItemFactory::setup handler for a column of text: an
 * inscription ellipsized at the end, whose whole text is its tooltip.
 */
void
cf_view_setup_text_cell (GtkSignalListItemFactory *factory,
                         GtkListItem              *list_item)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_set_has_tooltip (inscription, TRUE);
  g_signal_connect (inscription, "query-tooltip", G_CALLBACK (on_text_cell_query_tooltip_cb),
                    NULL);
  gtk_list_item_set_child (list_item, inscription);
}
