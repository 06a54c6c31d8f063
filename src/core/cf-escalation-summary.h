/* cf-escalation-summary.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cf-escalation.h"
#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_ESCALATION_SUMMARY (cf_escalation_summary_get_type ())

G_DECLARE_FINAL_TYPE (CfEscalationSummary, cf_escalation_summary, CF, ESCALATION_SUMMARY, GObject)

/* A user who may appear in an escalation's history. */
typedef struct
{
  char   *user_id;
  char   *name;
  CfRole  role;
} CfEscalationPerson;

const char          *cf_escalation_summary_get_id               (CfEscalationSummary *self);
const char          *cf_escalation_summary_get_opened_at        (CfEscalationSummary *self);
const char          *cf_escalation_summary_get_source           (CfEscalationSummary *self);
const char          *cf_escalation_summary_get_category         (CfEscalationSummary *self);
const char          *cf_escalation_summary_get_severity         (CfEscalationSummary *self);
const char          *cf_escalation_summary_get_customer_ref     (CfEscalationSummary *self);
const char          *cf_escalation_summary_get_customer_contact (CfEscalationSummary *self);
const char          *cf_escalation_summary_get_summary          (CfEscalationSummary *self);
const char          *cf_escalation_summary_get_level            (CfEscalationSummary *self);
const char          *cf_escalation_summary_get_status           (CfEscalationSummary *self);
const char          *cf_escalation_summary_get_assignee         (CfEscalationSummary *self);
const char          *cf_escalation_summary_get_assignee_name    (CfEscalationSummary *self);
const char          *cf_escalation_summary_get_due_at           (CfEscalationSummary *self);
const char          *cf_escalation_summary_get_label            (CfEscalationSummary *self,
                                                                 const char          *field_name);
gboolean             cf_escalation_summary_is_overdue           (CfEscalationSummary *self,
                                                                 GDateTime           *now);

CfEscalationSummary *cf_escalation_lookup_summary               (CfStore             *store,
                                                                 const char          *escalation_id,
                                                                 GError             **error);
void                 cf_escalation_person_free                  (CfEscalationPerson  *person);
GPtrArray           *cf_escalation_list_people                  (CfStore             *store,
                                                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfEscalationPerson, cf_escalation_person_free)

G_END_DECLS
