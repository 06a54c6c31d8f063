/* cf-rush-repair.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cf-op.h"
#include "cf-types.h"

G_BEGIN_DECLS

/* What a department asked to have repaired, as the order is made; fields
 * as stored.
 */
typedef struct
{
  const char *summary;
  const char *customer_ref;          /* nullable */
  const char *customer_contact;      /* nullable */
  const char *raised_by_department;  /* any department, in its own words */
  const char *escalation_id;         /* nullable: the escalation it came from */
  const char *details;               /* nullable: the created entry's text */
} CfRushRepairRequest;

/* A refused step is a CF_ESCALATION_ERROR (cf-escalation.h): _STATUS when
 * the order's status does not allow it, _MISSING for a required text left
 * empty, _CALLBACK for closing before a confirmed callback. A value that
 * breaks its field's own rules is a CF_STORE_ERROR_INVALID; a role the
 * registry does not allow, CF_STORE_ERROR_FORBIDDEN from cf_store_apply ().
 */

GPtrArray *cf_rush_repair_create                 (CfStore                    *store,
                                                  const char                 *author,
                                                  const CfRushRepairRequest  *request,
                                                  GError                    **error);
GPtrArray *cf_rush_repair_record_notified        (CfStore                    *store,
                                                  const char                 *author,
                                                  const char                 *order_id,
                                                  const char                 *notified,
                                                  const char                 *channel,
                                                  const char                 *gateway_answer,
                                                  GError                    **error);
GPtrArray *cf_rush_repair_record_repaired        (CfStore                    *store,
                                                  const char                 *author,
                                                  const char                 *order_id,
                                                  const char                 *text,
                                                  GError                    **error);
GPtrArray *cf_rush_repair_record_callback        (CfStore                    *store,
                                                  const char                 *author,
                                                  const char                 *order_id,
                                                  gboolean                    confirmed,
                                                  const char                 *text,
                                                  GError                    **error);
GPtrArray *cf_rush_repair_close                  (CfStore                    *store,
                                                  const char                 *author,
                                                  const char                 *order_id,
                                                  GError                    **error);
GPtrArray *cf_rush_repair_reopen                 (CfStore                    *store,
                                                  const char                 *author,
                                                  const char                 *order_id,
                                                  const char                 *reason,
                                                  GError                    **error);

gboolean   cf_rush_repair_check_op               (CfStore                    *store,
                                                  CfOp                       *op,
                                                  CfRole                      role,
                                                  GError                    **error);

GPtrArray *cf_rush_repair_list_entries           (CfStore                    *store,
                                                  const char                 *order_id,
                                                  GError                    **error);
GPtrArray *cf_rush_repair_list_open              (CfStore                    *store,
                                                  GError                    **error);
GPtrArray *cf_rush_repair_list_awaiting_callback (CfStore                    *store,
                                                  GError                    **error);

G_END_DECLS
