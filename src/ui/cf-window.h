/* cf-window.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-application.h"
#include "cf-sync-engine.h"
#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_WINDOW (cf_window_get_type ())

G_DECLARE_FINAL_TYPE (CfWindow, cf_window, CF, WINDOW, AdwApplicationWindow)

CfWindow   *cf_window_new            (CfApplication *application,
                                      CfContext     *context);
CfContext  *cf_window_get_context    (CfWindow      *self);
CfSyncEngine *cf_window_get_engine   (CfWindow      *self);
const char *cf_window_get_visible_view (CfWindow    *self);
GtkWidget  *cf_window_get_view       (CfWindow      *self,
                                      const char    *name);
gboolean    cf_window_show_view      (CfWindow      *self,
                                      const char    *name);
void        cf_window_show_handover_sheet (CfWindow   *self,
                                           const char *sheet_id);
void        cf_window_add_toast      (CfWindow      *self,
                                      AdwToast      *toast);
void        cf_window_show_toast     (GtkWidget     *widget,
                                      AdwToast      *toast);
void        cf_window_show_undo_toast (GtkWidget          *widget,
                                       const char         *title,
                                       const char * const *op_ids);

G_END_DECLS
