/* cf-merge-dialog.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_MERGE_DIALOG (cf_merge_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CfMergeDialog, cf_merge_dialog, CF, MERGE_DIALOG, AdwWindow)

CfMergeDialog *cf_merge_dialog_new (CfContext   *context,
                                    const char  *conflict_id,
                                    GError     **error);

G_END_DECLS
