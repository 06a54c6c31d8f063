/* cf-escalation-notifier.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_ESCALATION_NOTIFIER (cf_escalation_notifier_get_type ())

G_DECLARE_FINAL_TYPE (CfEscalationNotifier, cf_escalation_notifier, CF, ESCALATION_NOTIFIER,
                      GObject)

CfEscalationNotifier *cf_escalation_notifier_new (GApplication *application,
                                                  CfContext    *context);

G_END_DECLS
