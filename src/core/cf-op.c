/* cf-op.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-op"

#include "config.h"

#include "cf-op-private.h"
#include "cf-uuid.h"

G_DEFINE_BOXED_TYPE (CfOp, cf_op, cf_op_ref, cf_op_unref)

CfOp *
_cf_op_new (CfOpAction  action,
            const char *kind_name,
            const char *record_id,
            JsonObject *set)
{
  const CfKind *kind = cf_registry_lookup (kind_name);
  CfOp *op;

  g_return_val_if_fail (kind != NULL, NULL);

  op = g_new0 (CfOp, 1);
  g_atomic_ref_count_init (&op->ref_count);
  op->action = action;
  op->permission_action = action;
  op->kind = kind;
  op->record_id = record_id != NULL ? g_strdup (record_id) : cf_uuid_new_v7 ();
  op->set = set != NULL ? json_object_ref (set) : json_object_new ();
  op->base = json_object_new ();

  return op;
}

/* An op as another device made it, for the server to apply. */
CfOp *
_cf_op_new_remote (CfOpAction  action,
                   const char *kind_name,
                   const char *record_id,
                   JsonObject *set,
                   JsonObject *base,
                   gint64      base_rev,
                   const char *op_id,
                   gint64      device_seq,
                   const char *author,
                   const char *created_at)
{
  CfOp *op = _cf_op_new (action, kind_name, record_id, set);

  if (op == NULL)
    return NULL;

  if (base != NULL)
    {
      json_object_unref (op->base);
      op->base = json_object_ref (base);
    }
  op->base_rev = base_rev;
  op->op_id = g_strdup (op_id);
  op->device_seq = device_seq;
  op->author = g_strdup (author);
  op->created_at = g_strdup (created_at);

  return op;
}

/* @values: the new record's fields; its id is made here. */
/* A record of a kind with a natural key (a roster slot) gets the id every
 * desktop gives it; any other a new UUIDv7.
 */
CfOp *
cf_op_new_create (const char *kind_name,
                  JsonObject *values)
{
  const CfKind *kind = cf_registry_lookup (kind_name);
  g_autofree char *natural_id = NULL;

  g_return_val_if_fail (kind != NULL, NULL);

  natural_id = cf_kind_natural_id (kind, values);
  return _cf_op_new (CF_OP_CREATE, kind_name, natural_id, values);
}

CfOp *
cf_op_new_patch (const char *kind_name,
                 const char *record_id,
                 JsonObject *set)
{
  g_return_val_if_fail (record_id != NULL, NULL);
  g_return_val_if_fail (set != NULL, NULL);

  return _cf_op_new (CF_OP_PATCH, kind_name, record_id, set);
}

CfOp *
cf_op_new_delete (const char *kind_name,
                  const char *record_id)
{
  g_return_val_if_fail (record_id != NULL, NULL);

  return _cf_op_new (CF_OP_DELETE, kind_name, record_id, NULL);
}

CfOp *
cf_op_new_restore (const char *kind_name,
                   const char *record_id)
{
  g_return_val_if_fail (record_id != NULL, NULL);

  return _cf_op_new (CF_OP_RESTORE, kind_name, record_id, NULL);
}

CfOp *
cf_op_ref (CfOp *op)
{
  g_return_val_if_fail (op != NULL, NULL);

  g_atomic_ref_count_inc (&op->ref_count);
  return op;
}

void
cf_op_unref (CfOp *op)
{
  g_return_if_fail (op != NULL);

  if (!g_atomic_ref_count_dec (&op->ref_count))
    return;

  g_free (op->record_id);
  g_clear_pointer (&op->set, json_object_unref);
  g_clear_pointer (&op->base, json_object_unref);
  g_free (op->op_id);
  g_free (op->author);
  g_free (op->created_at);
  g_free (op->undoes);
  g_free (op);
}

CfOpAction
cf_op_get_action (CfOp *op)
{
  return op->action;
}

const CfKind *
cf_op_get_kind (CfOp *op)
{
  return op->kind;
}

const char *
cf_op_get_record_id (CfOp *op)
{
  return op->record_id;
}

/* NULL until applied, and for a patch that changed nothing. */
const char *
cf_op_get_op_id (CfOp *op)
{
  return op->op_id;
}

gint64
cf_op_get_device_seq (CfOp *op)
{
  return op->device_seq;
}

JsonObject *
cf_op_get_set (CfOp *op)
{
  return op->set;
}

JsonObject *
cf_op_get_base (CfOp *op)
{
  return op->base;
}

gint64
cf_op_get_base_rev (CfOp *op)
{
  return op->base_rev;
}

/* The changed fields with their old and new values, as the op log and the
 * sync envelope carry them: {"set": {…new…}, "base": {…old…}}.
 */
char *
cf_op_changes_to_json (CfOp *op)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonNode) set = json_node_init_object (json_node_alloc (), op->set);
  g_autoptr (JsonNode) base = json_node_init_object (json_node_alloc (), op->base);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "set");
  json_builder_add_value (builder, g_steal_pointer (&set));
  json_builder_set_member_name (builder, "base");
  json_builder_add_value (builder, g_steal_pointer (&base));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/* The user who made the op; NULL until applied, for a local op. */
const char *
cf_op_get_author (CfOp *op)
{
  return op->author;
}
