/* cf-notify-dialog.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_NOTIFY_DIALOG (cf_notify_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CfNotifyDialog, cf_notify_dialog, CF, NOTIFY_DIALOG, AdwWindow)

CfNotifyDialog *cf_notify_dialog_new        (CfContext      *context,
                                             const char     *order_id);
gboolean        cf_notify_dialog_is_sending (CfNotifyDialog *self);

G_END_DECLS
