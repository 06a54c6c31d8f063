/* cf-handover-view.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cf-view.h"

G_BEGIN_DECLS

#define CF_TYPE_HANDOVER_VIEW (cf_handover_view_get_type ())

G_DECLARE_FINAL_TYPE (CfHandoverView, cf_handover_view, CF, HANDOVER_VIEW, CfView)

gboolean    cf_handover_view_select        (CfHandoverView *self,
                                            const char     *sheet_id);
const char *cf_handover_view_get_selected  (CfHandoverView *self);
guint       cf_handover_view_get_n_shown   (CfHandoverView *self);

G_END_DECLS
