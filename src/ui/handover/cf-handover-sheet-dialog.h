/* cf-handover-sheet-dialog.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-types.h"

G_BEGIN_DECLS

/* Called with the new sheet's id once it is recorded, while @owner lives. */
typedef void (*CfSheetCreatedFunc) (GObject    *owner,
                                    const char *sheet_id);

void           cf_handover_sheet_dialog_present (GtkWidget          *owner,
                                                 CfContext          *context,
                                                 CfSheetCreatedFunc  created);
GtkStringList *cf_handover_lead_choices         (CfStore            *store,
                                                 const char         *except_user_id,
                                                 GPtrArray         **ids);

G_END_DECLS
