/* cf-rush-repair-order.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_TYPE_RUSH_REPAIR_ORDER (cf_rush_repair_order_get_type ())

G_DECLARE_FINAL_TYPE (CfRushRepairOrder, cf_rush_repair_order, CF, RUSH_REPAIR_ORDER, GObject)

const char        *cf_rush_repair_order_get_id                   (CfRushRepairOrder *self);
const char        *cf_rush_repair_order_get_summary              (CfRushRepairOrder *self);
const char        *cf_rush_repair_order_get_customer_ref         (CfRushRepairOrder *self);
const char        *cf_rush_repair_order_get_customer_contact     (CfRushRepairOrder *self);
const char        *cf_rush_repair_order_get_raised_by_department (CfRushRepairOrder *self);
const char        *cf_rush_repair_order_get_escalation           (CfRushRepairOrder *self);
const char        *cf_rush_repair_order_get_status               (CfRushRepairOrder *self);
const char        *cf_rush_repair_order_get_status_label         (CfRushRepairOrder *self);
const char        *cf_rush_repair_order_get_created_at           (CfRushRepairOrder *self);
const char        *cf_rush_repair_order_get_created_by           (CfRushRepairOrder *self);
const char        *cf_rush_repair_order_get_last_step            (CfRushRepairOrder *self);
const char        *cf_rush_repair_order_get_last_step_label      (CfRushRepairOrder *self);
const char        *cf_rush_repair_order_get_last_step_at         (CfRushRepairOrder *self);
gboolean           cf_rush_repair_order_is_closed                (CfRushRepairOrder *self);

GListModel        *cf_rush_repair_order_list_all                 (CfStore           *store,
                                                                  GError           **error);
CfRushRepairOrder *cf_rush_repair_order_lookup                   (CfStore           *store,
                                                                  const char        *order_id,
                                                                  GError           **error);
GPtrArray         *cf_rush_repair_order_list_escalations         (CfStore           *store,
                                                                  GError           **error);

/* An escalation an order may be made for. */
typedef struct
{
  char *id;
  char *summary;
  char *status;
} CfRushRepairEscalation;

void               cf_rush_repair_escalation_free                (CfRushRepairEscalation *escalation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfRushRepairEscalation, cf_rush_repair_escalation_free)

G_END_DECLS
