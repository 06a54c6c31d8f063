/* cf-rush-repair.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-rush-repair"

#include "config.h"

#include "cf-rush-repair.h"

#include <glib/gi18n-lib.h>

#include "cf-case-private.h"
#include "cf-escalation.h"
#include "cf-registry.h"
#include "cf-store.h"

/* Rush-repair orders (抢修单, DOMAIN.md "Rush repair"): for a repair any
 * department raised, a shift lead makes an order and notifies the people
 * concerned by SMS or phone; when the repair is reported done, an agent
 * calls the customer back; only a callback that confirms the repair lets
 * the order close. A failed callback sends it back: a new repair report
 * and a new callback are needed before it can close.
 *
 *   open             → notified (and notified again: more people told)
 *   notified         → repaired
 *   repaired         → confirmed or callback_failed, by the callback
 *   callback_failed  → notified, or repaired again
 *   confirmed        → closed
 *   closed           → open, reopened
 *
 * Each step is checked here and built as one batch of ops, as for an
 * escalation (cf-escalation.c): the order's new status and the entry that
 * records the step, which is never changed afterwards. The caller applies
 * the batch with cf_store_apply (), which checks the author's role against
 * the registry: who may make an order, and who may close one.
 *
 * Sending the SMS itself (through a gateway configured as an HTTP URL
 * template, with libsoup) is not done here: core has no libsoup. A sender
 * belongs in the sync or UI layer and records its outcome with
 * cf_rush_repair_record_notified (), passing the gateway's answer.
 */

typedef enum
{
  STATUS_OPEN            = 1 << 0,
  STATUS_NOTIFIED        = 1 << 1,
  STATUS_REPAIRED        = 1 << 2,
  STATUS_CONFIRMED       = 1 << 3,
  STATUS_CALLBACK_FAILED = 1 << 4,
  STATUS_CLOSED          = 1 << 5,
} Status;

/* As the registry's "status" choices, in the same order. */
static const char * const status_names[] = {
  "open", "notified", "repaired", "confirmed", "callback_failed", "closed",
};

/* An order as the rules see it. */
typedef struct
{
  JsonObject *record;
  const char *id;
  Status      status;
} Order;

static void
order_clear (Order *order)
{
  g_clear_pointer (&order->record, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Order, order_clear)

#define status_bit(text) _cf_case_status_bit (status_names, G_N_ELEMENTS (status_names), (text))
#define status_to_string(bit) \
  _cf_case_status_name (status_names, G_N_ELEMENTS (status_names), (bit))

static gboolean
lookup_order (CfStore     *store,
              const char  *order_id,
              Order       *order,
              GError     **error)
{
  order->record = order_id != NULL ? cf_store_get_record (store, "rush_repair", order_id, NULL)
                                   : NULL;
  if (order->record == NULL || json_object_get_boolean_member (order->record, "deleted"))
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                           _("The rush-repair order no longer exists."));
      return FALSE;
    }

  order->id = json_object_get_string_member (order->record, "id");
  order->status = status_bit (_cf_case_get_string (order->record, "status"));

  return TRUE;
}

static gboolean
refuse (GError     **error,
        int          code,
        const char  *message)
{
  g_set_error_literal (error, CF_ESCALATION_ERROR, code, message);
  return FALSE;
}

/* Whether @value is one of the choices of @kind_name's @field_name. */
static gboolean
is_choice (const char *kind_name,
           const char *field_name,
           const char *value)
{
  const CfField *field = cf_kind_lookup_field (cf_registry_lookup (kind_name), field_name);

  return value != NULL && g_strv_contains (field->choices, value);
}

/* Why an order that is neither confirmed nor closed cannot close yet. */
static const char *
not_closable_message (Status status)
{
  switch (status)
    {
    case STATUS_REPAIRED:
      return _("The order cannot be closed yet: the customer has not been called back to "
               "confirm the repair.");
    case STATUS_CALLBACK_FAILED:
      return _("The order cannot be closed: the last callback found the repair not done. "
               "Record a new repair and a callback that confirms it first.");
    case STATUS_OPEN:
    case STATUS_NOTIFIED:
    case STATUS_CONFIRMED:
    case STATUS_CLOSED:
    default:
      return _("The order cannot be closed yet: the repair has not been reported done, and "
               "only a callback that confirms it lets the order close.");
    }
}

/* What an entry of each type needs: the statuses that allow it, with the
 * message saying so otherwise.
 */
typedef struct
{
  const char *type;
  Status      allowed;
  const char *refused;   /* N_() */
} EntryRule;

static const EntryRule entry_rules[] = {
  { "created", STATUS_OPEN, N_("This order was already made.") },
  { "notified", STATUS_OPEN | STATUS_NOTIFIED | STATUS_CALLBACK_FAILED,
    N_("People can be notified only while the order is open or after a failed callback.") },
  { "repaired", STATUS_NOTIFIED | STATUS_CALLBACK_FAILED,
    N_("A repair can be reported done only after the people concerned were notified, or after "
       "a failed callback.") },
  { "callback", STATUS_REPAIRED,
    N_("The customer can be called back only after the repair is reported done.") },
  /* Closing says what is missing itself (check_entry ()). */
  { "closed", STATUS_CONFIRMED, NULL },
  { "reopened", STATUS_CLOSED, N_("Only a closed order can be reopened.") },
};

/* Whether the order has any entry yet. */
static gboolean
has_entries (CfStore     *store,
             const char  *order_id,
             gboolean    *found,
             GError     **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store, "SELECT 1 FROM rush_repair_entry WHERE rush_repair = ? "
                             "AND deleted = 0 LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, order_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (store, rc, error);
  *found = rc == SQLITE_ROW;

  return TRUE;
}

/* Checks the entry @entry (its fields as stored) that a person of @role
 * would record on @order as it stands now: the one place the rules of
 * each step are, for the steps below and for every entry made on a
 * desktop or pushed to the server (cf_rush_repair_check_op ()). Who may
 * record each type is the registry's permission table (the value rules of
 * the entry's "type").
 */
static gboolean
check_entry (CfStore     *store,
             Order       *order,
             CfRole       role,
             JsonObject  *entry,
             GError     **error)
{
  const CfKind *kind = cf_registry_lookup ("rush_repair_entry");
  const char *type = _cf_case_get_string (entry, "type");
  const char *text = _cf_case_get_string (entry, "text");
  const EntryRule *rule = NULL;
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (entry_rules); i++)
    {
      if (g_strcmp0 (type, entry_rules[i].type) == 0)
        rule = &entry_rules[i];
    }
  if (rule == NULL || cf_kind_lookup_value_rule (kind, "type", type) == NULL)
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                           _("This is not a step of a rush-repair order."));
      return FALSE;
    }

  if (g_str_equal (type, "closed") && order->status == STATUS_CLOSED)
    return refuse (error, CF_ESCALATION_ERROR_STATUS, _("The order is already closed."));
  if (g_str_equal (type, "closed") && order->status != STATUS_CONFIRMED)
    return refuse (error, CF_ESCALATION_ERROR_CALLBACK, not_closable_message (order->status));
  if ((order->status & rule->allowed) == 0)
    return refuse (error, CF_ESCALATION_ERROR_STATUS, _(rule->refused));
  if (!cf_kind_check_values (kind, entry, role, error))
    return FALSE;

  if (g_str_equal (type, "created"))
    {
      if (!has_entries (store, order->id, &found, error))
        return FALSE;
      if (found)
        return refuse (error, CF_ESCALATION_ERROR_STATUS, _("This order was already made."));
    }
  else if (g_str_equal (type, "notified"))
    {
      const char *channel = _cf_case_get_string (entry, "channel");

      if (!_cf_case_require_text (_cf_case_get_string (entry, "notified"),
                                  _("Say who was notified."), error))
        return FALSE;
      if (!is_choice ("rush_repair_entry", "channel", channel))
        return refuse (error, CF_ESCALATION_ERROR_MISSING,
                       _("Choose how they were notified: by SMS or by phone."));
      if (_cf_case_has_text (_cf_case_get_string (entry, "gateway_answer")) &&
          !g_str_equal (channel, "sms"))
        {
          g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                               _("Only an SMS sent through the gateway has a gateway’s answer."));
          return FALSE;
        }
    }
  else if (g_str_equal (type, "callback"))
    {
      const char *result = _cf_case_get_string (entry, "result");

      if (!is_choice ("rush_repair_entry", "result", result))
        return refuse (error, CF_ESCALATION_ERROR_MISSING,
                       _("Say whether the customer confirmed the repair."));
      if (g_str_equal (result, "failed") &&
          !_cf_case_require_text (text, _("Say what is still wrong, for the next repair."), error))
        return FALSE;
    }
  else if (g_str_equal (type, "reopened"))
    {
      return _cf_case_require_text (text, _("Say why the order is reopened."), error);
    }

  return TRUE;
}

/* The status an order has once @entry is recorded: the one place that
 * says how each step moves an order.
 */
static Status
entry_moves (Order      *order,
             JsonObject *entry)
{
  const char *type = _cf_case_get_string (entry, "type");

  if (g_strcmp0 (type, "created") == 0 || g_strcmp0 (type, "reopened") == 0)
    return STATUS_OPEN;
  if (g_strcmp0 (type, "notified") == 0)
    return STATUS_NOTIFIED;
  if (g_strcmp0 (type, "repaired") == 0)
    return STATUS_REPAIRED;
  if (g_strcmp0 (type, "callback") == 0)
    return g_strcmp0 (_cf_case_get_string (entry, "result"), "confirmed") == 0
           ? STATUS_CONFIRMED : STATUS_CALLBACK_FAILED;
  if (g_strcmp0 (type, "closed") == 0)
    return STATUS_CLOSED;

  return order->status;
}

/* A step: checks an entry of @type on @order (@values, nullable, holds its
 * other fields) and builds it as one batch (_cf_case_step_batch ()): the
 * entry, then the order's new status.
 */
static GPtrArray *
step (CfStore     *store,
      const char  *author,
      const char  *order_id,
      const char  *type,
      const char  *text,
      JsonObject  *values,
      GError     **error)
{
  g_auto (Order) order = { NULL };
  g_autoptr (JsonObject) entry = values != NULL ? json_object_ref (values) : json_object_new ();
  g_autoptr (JsonObject) set = json_object_new ();
  Status status;
  CfRole role;

  if (!lookup_order (store, order_id, &order, error))
    return NULL;
  if (!cf_store_get_author_role (store, author, &role))
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN,
                           _("Changes can only be made by a signed-in, active user."));
      return NULL;
    }

  json_object_set_string_member (entry, "rush_repair", order.id);
  json_object_set_string_member (entry, "type", type);
  _cf_case_set_optional_text (entry, "text", text);
  if (!check_entry (store, &order, role, entry, error))
    return NULL;

  status = entry_moves (&order, entry);
  if (status != order.status)
    json_object_set_string_member (set, "status", status_to_string (status));

  return _cf_case_step_batch ("rush_repair", order.id, set,
                              cf_op_new_create ("rush_repair_entry", entry));
}

/**
 * cf_rush_repair_create:
 * @author: who makes the order; the registry says which roles may (shift
 *   leads and the managers by default), checked when it is applied
 * @request: what is to be repaired and for whom
 *
 * Returns: (transfer container) (element-type CfOp): the order and its
 *   "created" entry, to apply with cf_store_apply (); %NULL with @error set
 */
GPtrArray *
cf_rush_repair_create (CfStore                    *store,
                       const char                 *author,
                       const CfRushRepairRequest  *request,
                       GError                    **error)
{
  g_autoptr (JsonObject) values = json_object_new ();
  g_autoptr (JsonObject) entry = json_object_new ();
  GPtrArray *ops;
  CfOp *create;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (author != NULL && request != NULL, NULL);

  if (!_cf_case_require_text (request->summary, _("Say in a few words what needs repairing."), error) ||
      !_cf_case_require_text (request->raised_by_department, _("Say which department raised the repair."),
                     error))
    return NULL;
  if (request->escalation_id != NULL)
    {
      g_autoptr (JsonObject) escalation = cf_store_get_record (store, "escalation",
                                                               request->escalation_id, NULL);

      if (escalation == NULL || json_object_get_boolean_member (escalation, "deleted"))
        {
          g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                               _("The escalation this order was made for no longer exists."));
          return NULL;
        }
      json_object_set_string_member (values, "escalation", request->escalation_id);
    }

  json_object_set_string_member (values, "summary", request->summary);
  _cf_case_set_optional_text (values, "customer_ref", request->customer_ref);
  _cf_case_set_optional_text (values, "customer_contact", request->customer_contact);
  json_object_set_string_member (values, "raised_by_department", request->raised_by_department);
  json_object_set_string_member (values, "status", "open");
  create = cf_op_new_create ("rush_repair", values);

  json_object_set_string_member (entry, "rush_repair", cf_op_get_record_id (create));
  json_object_set_string_member (entry, "type", "created");
  _cf_case_set_optional_text (entry, "text", request->details);
  ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_ptr_array_add (ops, create);
  g_ptr_array_add (ops, cf_op_new_create ("rush_repair_entry", entry));

  return ops;
}

/**
 * cf_rush_repair_record_notified:
 * @notified: who was told, in the author's words (a team, a person)
 * @channel: how, as stored: "sms" or "phone"
 * @gateway_answer: (nullable): for an SMS sent through a gateway, what
 *   the gateway answered, kept as it came
 *
 * Allowed while the order is open — more people may be told — and again
 * after a failed callback.
 *
 * Returns: (transfer container) (element-type CfOp): the ops, or %NULL
 *   with @error set
 */
GPtrArray *
cf_rush_repair_record_notified (CfStore     *store,
                                const char  *author,
                                const char  *order_id,
                                const char  *notified,
                                const char  *channel,
                                const char  *gateway_answer,
                                GError     **error)
{
  g_autoptr (JsonObject) values = json_object_new ();

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  _cf_case_set_optional_text (values, "notified", notified);
  _cf_case_set_optional_text (values, "channel", channel);
  _cf_case_set_optional_text (values, "gateway_answer", gateway_answer);
  return step (store, author, order_id, "notified", NULL, values, error);
}

/**
 * cf_rush_repair_record_repaired:
 * @text: (nullable): what was done, as reported
 *
 * The repair is reported done: after the people concerned were notified,
 * or after a failed callback (the new repair that one calls for).
 *
 * Returns: (transfer container) (element-type CfOp): the ops, or %NULL
 *   with @error set
 */
GPtrArray *
cf_rush_repair_record_repaired (CfStore     *store,
                                const char  *author,
                                const char  *order_id,
                                const char  *text,
                                GError     **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  return step (store, author, order_id, "repaired", text, NULL, error);
}

/**
 * cf_rush_repair_record_callback:
 * @confirmed: whether the customer confirmed the repair
 * @text: (nullable): what the customer said; required when the repair was
 *   not confirmed, for whoever repairs it next
 *
 * An agent (or a desk) called the customer back after the repair was
 * reported done. A confirmed repair lets the order close; a failed one
 * sends it back for a new repair and a new callback.
 *
 * Returns: (transfer container) (element-type CfOp): the ops, or %NULL
 *   with @error set
 */
GPtrArray *
cf_rush_repair_record_callback (CfStore     *store,
                                const char  *author,
                                const char  *order_id,
                                gboolean     confirmed,
                                const char  *text,
                                GError     **error)
{
  g_autoptr (JsonObject) values = json_object_new ();

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  json_object_set_string_member (values, "result", confirmed ? "confirmed" : "failed");
  return step (store, author, order_id, "callback", text, values, error);
}

/**
 * cf_rush_repair_close:
 *
 * Closes an order whose last callback confirmed the repair; refused in
 * any other status, saying what is missing. Only the roles the registry
 * allows may close (shift leads and the managers by default), checked by
 * the store and the server.
 *
 * Returns: (transfer container) (element-type CfOp): the ops, or %NULL
 *   with @error set
 */
GPtrArray *
cf_rush_repair_close (CfStore     *store,
                      const char  *author,
                      const char  *order_id,
                      GError     **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  return step (store, author, order_id, "closed", NULL, NULL, error);
}

/**
 * cf_rush_repair_reopen:
 * @reason: why the repair is not settled after all; required
 *
 * A closed order opens again, as if just made: it needs people notified,
 * a repair and a confirmed callback before it can close again.
 *
 * Returns: (transfer container) (element-type CfOp): the ops, or %NULL
 *   with @error set
 */
GPtrArray *
cf_rush_repair_reopen (CfStore     *store,
                       const char  *author,
                       const char  *order_id,
                       const char  *reason,
                       GError     **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  return step (store, author, order_id, "reopened", reason, NULL, error);
}

/* Checking ops ------------------------------------------------------------ */

/**
 * cf_rush_repair_check_op:
 * @op: an op on a rush-repair order or its history, made by a person of
 *   @role (its author)
 *
 * Checks @op against the rush-repair rules with the same code the steps
 * use: a new order starts open; an entry is one its author may record on
 * the order as it stands now (closing only after a confirmed callback,
 * saying what is missing); a patch of the order's status says what the
 * entry recorded last implies. The store calls it for every change made on
 * this desktop, the server for every op pushed to it; other kinds pass.
 *
 * Returns: %FALSE with @error set: a %CF_ESCALATION_ERROR or a
 *   %CF_STORE_ERROR
 */
gboolean
cf_rush_repair_check_op (CfStore     *store,
                         CfOp        *op,
                         CfRole       role,
                         GError     **error)
{
  const char *kind;
  JsonObject *set;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (op != NULL, FALSE);

  kind = cf_op_get_kind (op)->name;
  set = cf_op_get_set (op);
  if (g_str_equal (kind, "rush_repair") && cf_op_get_action (op) == CF_OP_CREATE)
    {
      if (g_strcmp0 (_cf_case_get_string (set, "status"), "open") != 0)
        return refuse (error, CF_ESCALATION_ERROR_STATE, _("A new rush-repair order starts open."));
      return TRUE;
    }

  if (g_str_equal (kind, "rush_repair") && cf_op_get_action (op) == CF_OP_PATCH &&
      json_object_has_member (set, "status"))
    {
      g_auto (Order) order = { NULL };
      g_autoptr (JsonObject) entry = NULL;

      if (!lookup_order (store, cf_op_get_record_id (op), &order, error))
        return FALSE;
      if (g_strcmp0 (_cf_case_get_string (set, "status"), status_to_string (order.status)) == 0)
        return TRUE;
      entry = _cf_case_last_entry (store, "rush_repair_entry", "rush_repair", order.id,
                                   _("A rush-repair order changes only through a step of its "
                                     "history."), error);
      if (entry == NULL)
        return FALSE;
      if (g_strcmp0 (_cf_case_get_string (set, "status"),
                     status_to_string (entry_moves (&order, entry))) != 0)
        return refuse (error, CF_ESCALATION_ERROR_STATE,
                       _("A rush-repair order’s status changes only with the step of its history "
                         "that moves it."));
      return TRUE;
    }

  if (g_str_equal (kind, "rush_repair_entry") && cf_op_get_action (op) == CF_OP_CREATE)
    {
      g_auto (Order) order = { NULL };

      return lookup_order (store, _cf_case_get_string (set, "rush_repair"), &order, error) &&
             check_entry (store, &order, role, set, error);
    }

  return TRUE;
}

/* Queries ----------------------------------------------------------------- */

/* The live records of @kind_name whose ids @stmt selects, in its order. */
static GPtrArray *
select_records (CfStore       *store,
                const char    *kind_name,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) records = NULL;
  int rc;

  /* The ids first: reading each record uses the connection again. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      cf_store_set_sqlite_error (store, rc, error);
      return NULL;
    }

  records = g_ptr_array_new_full (ids->len, (GDestroyNotify) json_object_unref);
  for (guint i = 0; i < ids->len; i++)
    {
      JsonObject *record = cf_store_get_record (store, kind_name, ids->pdata[i], error);

      if (record == NULL)
        return NULL;
      g_ptr_array_add (records, record);
    }

  return g_steal_pointer (&records);
}

/**
 * cf_rush_repair_list_entries:
 *
 * An order's timeline: its entries in the order every desktop shows them,
 * by the time each was recorded and then by id.
 *
 * Returns: (transfer container) (element-type JsonObject): the entries'
 *   records, oldest first; %NULL with @error set
 */
GPtrArray *
cf_rush_repair_list_entries (CfStore     *store,
                             const char  *order_id,
                             GError     **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  return cf_store_list_records (store, "rush_repair_entry", "rush_repair", order_id,
                                "created_at, id", error);
}

/**
 * cf_rush_repair_list_open:
 *
 * Returns: (transfer container) (element-type JsonObject): the orders not
 *   yet closed, oldest first; %NULL with @error set
 */
GPtrArray *
cf_rush_repair_list_open (CfStore  *store,
                          GError  **error)
{
  g_autoptr (CfStatement) stmt = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  stmt = cf_store_prepare (store,
                           "SELECT id FROM rush_repair WHERE deleted = 0 AND status <> 'closed' "
                           "ORDER BY created_at, id", error);
  if (stmt == NULL)
    return NULL;

  return select_records (store, "rush_repair", stmt, error);
}

/**
 * cf_rush_repair_list_awaiting_callback:
 *
 * The orders whose repair was reported done and whose customer has not
 * been called back since, in the order their last repair was reported.
 *
 * Returns: (transfer container) (element-type JsonObject): the orders,
 *   the longest waiting first; %NULL with @error set
 */
GPtrArray *
cf_rush_repair_list_awaiting_callback (CfStore  *store,
                                       GError  **error)
{
  g_autoptr (CfStatement) stmt = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  stmt = cf_store_prepare (store,
                           "SELECT r.id FROM rush_repair r JOIN rush_repair_entry e "
                           "  ON e.rush_repair = r.id AND e.type = 'repaired' AND e.deleted = 0 "
                           "WHERE r.deleted = 0 AND r.status = 'repaired' "
                           "AND NOT EXISTS (SELECT 1 FROM rush_repair_entry l "
                           "  WHERE l.rush_repair = r.id AND l.type = 'repaired' "
                           "  AND l.deleted = 0 AND (l.created_at, l.id) > (e.created_at, e.id)) "
                           "ORDER BY e.created_at, e.id", error);
  if (stmt == NULL)
    return NULL;

  return select_records (store, "rush_repair", stmt, error);
}
