/* cf-weekly-review-dialog.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cf-types.h"
#include "cf-weekly-review.h"

G_BEGIN_DECLS

void cf_weekly_review_dialog_present (GtkWidget            *view,
                                      CfStore              *store);
void cf_weekly_review_save           (GtkWidget            *view,
                                      CfStore              *store,
                                      const GDate          *day,
                                      CfWeeklyReviewFormat  format,
                                      GFile                *file);

G_END_DECLS
