/* cf-escalation-alert.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cf-types.h"

G_BEGIN_DECLS

/* Why a user is told about an escalation, most pressing last. */
typedef enum
{
  CF_ESCALATION_ALERT_REPORT_AFTER,  /* an emergency skip passed over the user's level */
  CF_ESCALATION_ALERT_LEVEL,         /* it waits at the user's level to be acknowledged */
  CF_ESCALATION_ALERT_ASSIGNED,      /* it is assigned to the user */
  CF_ESCALATION_ALERT_OVERDUE,       /* one the user can act on is past its due time */
  CF_N_ESCALATION_ALERT_REASONS
} CfEscalationAlertReason;

/* Something a user should hear about an escalation. */
typedef struct
{
  char                    *escalation_id;
  CfEscalationAlertReason  reason;
  char                    *summary;
  char                    *severity;
  char                    *due_at;        /* nullable */
  gboolean                 sent;          /* the user was told already */
  gboolean                 own_doing;     /* the user did it: recorded, not told */
} CfEscalationAlert;

const char *cf_escalation_alert_reason_to_string (CfEscalationAlertReason   reason);
void        cf_escalation_alert_free             (CfEscalationAlert        *alert);

GPtrArray  *cf_escalation_list_alerts            (CfStore                  *store,
                                                  const char               *user_id,
                                                  const char * const       *escalation_ids,
                                                  GDateTime                *now,
                                                  GError                  **error);
gboolean    cf_escalation_mark_alerts_sent       (CfStore                  *store,
                                                  const char               *user_id,
                                                  GPtrArray                *alerts,
                                                  GDateTime                *now,
                                                  GError                  **error);
gboolean    cf_escalation_forget_settled_alerts  (CfStore                  *store,
                                                  const char               *user_id,
                                                  const char * const       *escalation_ids,
                                                  GError                  **error);
char       *cf_escalation_next_alert_due         (CfStore                  *store,
                                                  const char               *user_id,
                                                  GDateTime                *now,
                                                  GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfEscalationAlert, cf_escalation_alert_free)

G_END_DECLS
