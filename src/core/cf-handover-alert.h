/* cf-handover-alert.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cf-types.h"

G_BEGIN_DECLS

/* A handover sheet past its time for the countersignature, as a deputy or
 * supervisor is told of it.
 */
typedef struct
{
  char     *sheet_id;
  char     *shift_date;       /* YYYY-MM-DD, as stored */
  char     *outgoing_shift;   /* the shift types' names */
  char     *incoming_shift;
  char     *incoming_lead;    /* the incoming lead's name; NULL while none is named */
  gboolean  sent;             /* the user was told already */
} CfHandoverAlert;

void        cf_handover_alert_free       (CfHandoverAlert  *alert);

GPtrArray  *cf_handover_list_alerts      (CfStore          *store,
                                          const char       *user_id,
                                          GDateTime        *now,
                                          GError          **error);
gboolean    cf_handover_mark_alerts_sent (CfStore          *store,
                                          const char       *user_id,
                                          GPtrArray        *alerts,
                                          GDateTime        *now,
                                          GError          **error);
char       *cf_handover_next_alert_due   (CfStore          *store,
                                          const char       *user_id,
                                          GDateTime        *now,
                                          GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfHandoverAlert, cf_handover_alert_free)

G_END_DECLS
