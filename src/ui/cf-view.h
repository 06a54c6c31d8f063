/* cf-view.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_VIEW (cf_view_get_type ())

G_DECLARE_DERIVABLE_TYPE (CfView, cf_view, CF, VIEW, GtkWidget)

struct _CfViewClass
{
  GtkWidgetClass parent_class;
};

CfContext *cf_view_get_context     (CfView                   *self);
void       cf_view_setup_text_cell (GtkSignalListItemFactory *factory,
                                    GtkListItem              *list_item);

G_END_DECLS
