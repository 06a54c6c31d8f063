/* cf-escalation-list.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cf-escalation-summary.h"
#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_ESCALATION_LIST (cf_escalation_list_get_type ())

G_DECLARE_FINAL_TYPE (CfEscalationList, cf_escalation_list, CF, ESCALATION_LIST, GObject)

/* Which escalations a list shows; every condition given must hold. Texts
 * are as stored; %NULL means any.
 */
typedef struct
{
  const char *status;
  const char *level;
  const char *severity;
  const char *source;
  const char *category;
  const char *assignee;         /* a user id */
  gboolean    overdue;          /* only those overdue at the list's now */
  const char *waiting_level;    /* only those open or reopened at this level… */
  GHashTable *waiting_ids;      /* (nullable) …or whose ids are in this set */
  const char *search;           /* words in the summary, any case */
  gboolean    search_customer;  /* the customer reference is searched too */
} CfEscalationFilter;

CfEscalationList    *cf_escalation_list_new            (void);
gboolean             cf_escalation_list_load           (CfEscalationList          *self,
                                                        CfStore                   *store,
                                                        GDateTime                 *now,
                                                        GError                   **error);
gboolean             cf_escalation_list_update         (CfEscalationList          *self,
                                                        CfStore                   *store,
                                                        const char * const        *ids,
                                                        GError                   **error);
void                 cf_escalation_list_set_filter     (CfEscalationList          *self,
                                                        const CfEscalationFilter  *filter);
guint                cf_escalation_list_get_n_total    (CfEscalationList          *self);
guint                cf_escalation_list_get_n_overdue  (CfEscalationList          *self);
guint                cf_escalation_list_find           (CfEscalationList          *self,
                                                        const char                *escalation_id);

G_END_DECLS
