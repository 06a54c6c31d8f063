/* cf-escalation-review.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cf-types.h"

G_BEGIN_DECLS

/* Why a complaint is among the week's hard ones; any combination. */
typedef enum
{
  CF_HARD_COMPLAINT_ESCALATED = 1 << 0,  /* reported beyond the complaints desk */
  CF_HARD_COMPLAINT_REOPENED  = 1 << 1,
  CF_HARD_COMPLAINT_OVERDUE   = 1 << 2,
} CfHardComplaintReasons;

/* One of the week's hard complaints, for the weekly shift-lead meeting;
 * values as stored.
 */
typedef struct
{
  char                   *escalation_id;
  char                   *opened_at;      /* UTC ISO-8601 */
  char                   *summary;
  char                   *severity;
  char                   *level_reached;  /* the highest level it was reported to */
  char                   *status;
  char                   *outcome;        /* nullable: the resolution's text; NULL while open */
  char                   *responsible;    /* nullable: the party found responsible */
  CfHardComplaintReasons  reasons;
} CfHardComplaint;

void        cf_hard_complaint_free             (CfHardComplaint        *complaint);
char       *cf_hard_complaint_describe_reasons (const CfHardComplaint  *complaint);
char       *cf_hard_complaint_describe_outcome (const CfHardComplaint  *complaint);
const char *cf_hard_complaint_get_label        (const CfHardComplaint  *complaint,
                                                const char             *field_name);

void        cf_escalation_review_get_week      (const GDate            *day,
                                                GDate                  *monday,
                                                GDate                  *sunday);
char       *cf_escalation_review_describe_week (const GDate            *day);
GPtrArray  *cf_escalation_list_hard_complaints (CfStore                *store,
                                                const GDate            *day,
                                                GDateTime              *now,
                                                GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfHardComplaint, cf_hard_complaint_free)

G_END_DECLS
