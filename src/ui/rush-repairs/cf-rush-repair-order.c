/* cf-rush-repair-order.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-rush-repair-order"

#include "config.h"

#include "cf-rush-repair-order.h"

#include "cf-registry.h"
#include "cf-store.h"

/* Where each rush-repair order stands, as the Rush Repairs view lists it:
 * the order's fields and its last step, a snapshot replaced when the store
 * changes. The timeline of one order is read with
 * cf_rush_repair_list_entries ().
 *
 * cf-rush-repair.h lists only the orders still open; the view shows the
 * closed ones too, so the queries for the list live here, next to the
 * only code that runs them. They read the store and nothing else (no GTK)
 * and could move into core unchanged.
 */
struct _CfRushRepairOrder
{
  GObject  parent_instance;

  char    *id;
  char    *summary;
  char    *customer_ref;
  char    *customer_contact;
  char    *raised_by_department;
  char    *escalation;
  char    *status;
  char    *created_at;
  char    *created_by;
  char    *last_step;
  char    *last_step_at;
};

G_DEFINE_FINAL_TYPE (CfRushRepairOrder, cf_rush_repair_order, G_TYPE_OBJECT)

static void
cf_rush_repair_order_finalize (GObject *object)
{
  CfRushRepairOrder *self = (CfRushRepairOrder *)object;

  g_free (self->id);
  g_free (self->summary);
  g_free (self->customer_ref);
  g_free (self->customer_contact);
  g_free (self->raised_by_department);
  g_free (self->escalation);
  g_free (self->status);
  g_free (self->created_at);
  g_free (self->created_by);
  g_free (self->last_step);
  g_free (self->last_step_at);

  G_OBJECT_CLASS (cf_rush_repair_order_parent_class)->finalize (object);
}

static void
cf_rush_repair_order_class_init (CfRushRepairOrderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cf_rush_repair_order_finalize;
}

static void
cf_rush_repair_order_init (CfRushRepairOrder *self)
{
}

const char *
cf_rush_repair_order_get_id (CfRushRepairOrder *self)
{
  g_return_val_if_fail (CF_IS_RUSH_REPAIR_ORDER (self), NULL);

  return self->id;
}

const char *
cf_rush_repair_order_get_summary (CfRushRepairOrder *self)
{
  g_return_val_if_fail (CF_IS_RUSH_REPAIR_ORDER (self), NULL);

  return self->summary;
}

/* Returns: (nullable): the customer's reference, personal data */
const char *
cf_rush_repair_order_get_customer_ref (CfRushRepairOrder *self)
{
  g_return_val_if_fail (CF_IS_RUSH_REPAIR_ORDER (self), NULL);

  return self->customer_ref;
}

/* Returns: (nullable): how to reach the customer, personal data */
const char *
cf_rush_repair_order_get_customer_contact (CfRushRepairOrder *self)
{
  g_return_val_if_fail (CF_IS_RUSH_REPAIR_ORDER (self), NULL);

  return self->customer_contact;
}

const char *
cf_rush_repair_order_get_raised_by_department (CfRushRepairOrder *self)
{
  g_return_val_if_fail (CF_IS_RUSH_REPAIR_ORDER (self), NULL);

  return self->raised_by_department;
}

/* Returns: (nullable): the escalation the order was made for */
const char *
cf_rush_repair_order_get_escalation (CfRushRepairOrder *self)
{
  g_return_val_if_fail (CF_IS_RUSH_REPAIR_ORDER (self), NULL);

  return self->escalation;
}

/* Returns: the status as stored, e.g. "callback_failed" */
const char *
cf_rush_repair_order_get_status (CfRushRepairOrder *self)
{
  g_return_val_if_fail (CF_IS_RUSH_REPAIR_ORDER (self), NULL);

  return self->status;
}

const char *
cf_rush_repair_order_get_status_label (CfRushRepairOrder *self)
{
  g_return_val_if_fail (CF_IS_RUSH_REPAIR_ORDER (self), NULL);

  return cf_field_get_value_label (cf_kind_lookup_field (cf_registry_lookup ("rush_repair"),
                                                         "status"), self->status);
}

const char *
cf_rush_repair_order_get_created_at (CfRushRepairOrder *self)
{
  g_return_val_if_fail (CF_IS_RUSH_REPAIR_ORDER (self), NULL);

  return self->created_at;
}

/* Returns: (nullable): the user who made the order */
const char *
cf_rush_repair_order_get_created_by (CfRushRepairOrder *self)
{
  g_return_val_if_fail (CF_IS_RUSH_REPAIR_ORDER (self), NULL);

  return self->created_by;
}

/* Returns: (nullable): the type of the order's newest entry, e.g. "notified" */
const char *
cf_rush_repair_order_get_last_step (CfRushRepairOrder *self)
{
  g_return_val_if_fail (CF_IS_RUSH_REPAIR_ORDER (self), NULL);

  return self->last_step;
}

const char *
cf_rush_repair_order_get_last_step_label (CfRushRepairOrder *self)
{
  g_return_val_if_fail (CF_IS_RUSH_REPAIR_ORDER (self), NULL);

  if (self->last_step == NULL)
    return "";

  return cf_field_get_value_label (cf_kind_lookup_field (cf_registry_lookup ("rush_repair_entry"),
                                                         "type"), self->last_step);
}

/* Returns: when the last step was taken (UTC, ISO-8601), or when the
 *   order was made
 */
const char *
cf_rush_repair_order_get_last_step_at (CfRushRepairOrder *self)
{
  g_return_val_if_fail (CF_IS_RUSH_REPAIR_ORDER (self), NULL);

  return self->last_step_at != NULL ? self->last_step_at : self->created_at;
}

gboolean
cf_rush_repair_order_is_closed (CfRushRepairOrder *self)
{
  g_return_val_if_fail (CF_IS_RUSH_REPAIR_ORDER (self), FALSE);

  return g_strcmp0 (self->status, "closed") == 0;
}

/* Queries -------------------------------------------------------------------- */

/* The newest entry of the order r, as cf_rush_repair_list_entries ()
 * orders the timeline.
 */
#define ORDER_SELECT \
  "SELECT r.id, r.summary, r.customer_ref, r.customer_contact, r.raised_by_department, " \
  "  r.escalation, r.status, r.created_at, r.created_by, e.type, e.created_at " \
  "FROM rush_repair r LEFT JOIN rush_repair_entry e ON e.id = (" \
  "  SELECT l.id FROM rush_repair_entry l WHERE l.rush_repair = r.id AND l.deleted = 0 " \
  "  ORDER BY l.created_at DESC, l.id DESC LIMIT 1) " \
  "WHERE r.deleted = 0 "

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static CfRushRepairOrder *
order_from_row (sqlite3_stmt *stmt)
{
  CfRushRepairOrder *order = g_object_new (CF_TYPE_RUSH_REPAIR_ORDER, NULL);

  order->id = column_text (stmt, 0);
  order->summary = column_text (stmt, 1);
  order->customer_ref = column_text (stmt, 2);
  order->customer_contact = column_text (stmt, 3);
  order->raised_by_department = column_text (stmt, 4);
  order->escalation = column_text (stmt, 5);
  order->status = column_text (stmt, 6);
  order->created_at = column_text (stmt, 7);
  order->created_by = column_text (stmt, 8);
  order->last_step = column_text (stmt, 9);
  order->last_step_at = column_text (stmt, 10);

  return order;
}

/**
 * cf_rush_repair_order_list_all:
 *
 * Every order: those not yet closed first, then the closed ones; the
 * newest first within each.
 *
 * Returns: (transfer full): a list of #CfRushRepairOrder; %NULL with
 *   @error set
 */
GListModel *
cf_rush_repair_order_list_all (CfStore  *store,
                               GError  **error)
{
  g_autoptr (CfStatement) stmt = NULL;
  g_autoptr (GListStore) orders = g_list_store_new (CF_TYPE_RUSH_REPAIR_ORDER);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  stmt = cf_store_prepare (store,
                           ORDER_SELECT
                           "ORDER BY r.status = 'closed', r.created_at DESC, r.id DESC", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, order_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      cf_store_set_sqlite_error (store, rc, error);
      return NULL;
    }
  g_list_store_splice (orders, 0, 0, items->pdata, items->len);

  return G_LIST_MODEL (g_steal_pointer (&orders));
}

/**
 * cf_rush_repair_order_lookup:
 *
 * Returns: (transfer full) (nullable): the order as the list shows it;
 *   %NULL when it does not exist, with @error set only when it could not
 *   be read
 */
CfRushRepairOrder *
cf_rush_repair_order_lookup (CfStore     *store,
                             const char  *order_id,
                             GError     **error)
{
  g_autoptr (CfStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  stmt = cf_store_prepare (store, ORDER_SELECT "AND r.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, order_id, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return order_from_row (stmt);
  if (rc != SQLITE_DONE)
    cf_store_set_sqlite_error (store, rc, error);

  return NULL;
}

void
cf_rush_repair_escalation_free (CfRushRepairEscalation *escalation)
{
  if (escalation == NULL)
    return;

  g_free (escalation->id);
  g_free (escalation->summary);
  g_free (escalation->status);
  g_free (escalation);
}

/**
 * cf_rush_repair_order_list_escalations:
 *
 * The escalations an order may be made for: those not closed, the ones
 * filed as rush repairs first, then the newest.
 *
 * Returns: (transfer container) (element-type CfRushRepairEscalation): the
 *   escalations, at most 200; %NULL with @error set
 */
GPtrArray *
cf_rush_repair_order_list_escalations (CfStore  *store,
                                       GError  **error)
{
  g_autoptr (CfStatement) stmt = NULL;
  g_autoptr (GPtrArray) escalations = NULL;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  stmt = cf_store_prepare (store,
                           "SELECT id, summary, status FROM escalation "
                           "WHERE deleted = 0 AND status <> 'closed' "
                           "ORDER BY category <> 'rush_repair', created_at DESC, id DESC "
                           "LIMIT 200", error);
  if (stmt == NULL)
    return NULL;

  escalations = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_rush_repair_escalation_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CfRushRepairEscalation *escalation = g_new0 (CfRushRepairEscalation, 1);

      escalation->id = column_text (stmt, 0);
      escalation->summary = column_text (stmt, 1);
      escalation->status = column_text (stmt, 2);
      g_ptr_array_add (escalations, escalation);
    }
  if (rc != SQLITE_DONE)
    {
      cf_store_set_sqlite_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&escalations);
}
