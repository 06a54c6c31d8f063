/* cf-context.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_CONTEXT (cf_context_get_type ())

G_DECLARE_FINAL_TYPE (CfContext, cf_context, CF, CONTEXT, GObject)

CfContext        *cf_context_new             (CfStore   *store,
                                              GSettings *settings);
CfStore          *cf_context_get_store       (CfContext *self);
CfSession        *cf_context_get_session     (CfContext *self);
GSettings        *cf_context_get_settings    (CfContext *self);
CfStaffDirectory *cf_context_get_directory   (CfContext *self);

G_END_DECLS
