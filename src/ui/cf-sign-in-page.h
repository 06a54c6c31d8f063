/* cf-sign-in-page.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-sync-engine.h"
#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_SIGN_IN_PAGE (cf_sign_in_page_get_type ())

G_DECLARE_FINAL_TYPE (CfSignInPage, cf_sign_in_page, CF, SIGN_IN_PAGE, GtkWidget)

void cf_sign_in_page_set_context (CfSignInPage *self,
                                  CfContext    *context);
void cf_sign_in_page_reset       (CfSignInPage *self);
void cf_sign_in_page_set_engine  (CfSignInPage *self,
                                  CfSyncEngine *engine);

G_END_DECLS
