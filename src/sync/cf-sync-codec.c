/* cf-sync-codec.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-sync-codec"

#include "config.h"

#include "cf-sync-codec.h"

#include <sodium.h>

#include "cf-json-check.h"
#include "cf-op-private.h"
#include "cf-uuid.h"

/* The wire form of ops, on both sides. Everything that arrives passes the
 * strict pre-validator before json-glib sees it, then a shape check here;
 * the values themselves are checked against the registry when applied.
 */

G_DEFINE_QUARK (cf-sync-error-quark, cf_sync_error)

#define MAX_AUTHOR_LENGTH 64

/**
 * cf_sync_parse:
 *
 * Returns: (transfer full): the parsed body, or %NULL when it is not strict
 *   JSON within the protocol's limits
 */
JsonNode *
cf_sync_parse (const char  *data,
               gsize        length,
               GError     **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local_error = NULL;

  if (!cf_json_check (data, length, NULL, &local_error))
    {
      g_set_error (error, CF_SYNC_ERROR, CF_SYNC_ERROR_MALFORMED, "%s", local_error->message);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, CF_SYNC_ERROR, CF_SYNC_ERROR_MALFORMED, "%s", local_error->message);
      return NULL;
    }

  return json_parser_steal_root (parser);
}

char *
cf_sync_to_string (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

JsonNode *
cf_sync_op_to_json (CfOp *op)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) set = json_node_init_object (json_node_alloc (), cf_op_get_set (op));
  g_autoptr (JsonNode) base = json_node_init_object (json_node_alloc (), cf_op_get_base (op));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "op_id");
  json_builder_add_string_value (builder, op->op_id);
  json_builder_set_member_name (builder, "device_seq");
  json_builder_add_int_value (builder, op->device_seq);
  json_builder_set_member_name (builder, "author");
  json_builder_add_string_value (builder, op->author);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, op->kind->name);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, op->record_id);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, cf_op_action_to_string (op->action));
  json_builder_set_member_name (builder, "base_rev");
  json_builder_add_int_value (builder, op->base_rev);
  json_builder_set_member_name (builder, "set");
  json_builder_add_value (builder, g_steal_pointer (&set));
  json_builder_set_member_name (builder, "base");
  json_builder_add_value (builder, g_steal_pointer (&base));
  json_builder_set_member_name (builder, "client_time");
  json_builder_add_string_value (builder, op->created_at);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
malformed (GError    **error,
           const char *what)
{
  g_set_error (error, CF_SYNC_ERROR, CF_SYNC_ERROR_MALFORMED, "op: %s", what);
  return FALSE;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
int_member (JsonObject *object,
            const char *name,
            gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  *value = json_node_get_int (node);
  return TRUE;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

/* Field values are plain JSON values; objects and arrays are not fields. */
static gboolean
values_are_scalar (JsonObject *object)
{
  g_autoptr (GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);

      if (!JSON_NODE_HOLDS_VALUE (node) && !JSON_NODE_HOLDS_NULL (node))
        return FALSE;
    }

  return TRUE;
}

/**
 * cf_sync_op_from_json:
 *
 * Returns: (transfer full): the op as another device made it, or %NULL
 *   when @node is not an op of this protocol
 */
CfOp *
cf_sync_op_from_json (JsonNode  *node,
                      GError   **error)
{
  static const char * const members[] = {
    "op_id", "device_seq", "author", "kind", "id", "action", "base_rev", "set", "base",
    "client_time", NULL
  };
  JsonObject *object;
  const char *op_id, *author, *kind_name, *record_id, *action_name, *client_time;
  JsonObject *set, *base;
  gint64 device_seq, base_rev;
  CfOpAction action;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return malformed (error, "not an object"), NULL;
  object = json_node_get_object (node);

  {
    g_autoptr (GList) names = json_object_get_members (object);

    for (const GList *l = names; l != NULL; l = l->next)
      if (!g_strv_contains (members, l->data))
        return malformed (error, "unknown member"), NULL;
  }

  op_id = string_member (object, "op_id");
  author = string_member (object, "author");
  kind_name = string_member (object, "kind");
  record_id = string_member (object, "id");
  action_name = string_member (object, "action");
  client_time = string_member (object, "client_time");
  set = object_member (object, "set");
  base = object_member (object, "base");

  if (!cf_uuid_is_valid (op_id))
    return malformed (error, "op_id is not a UUID"), NULL;
  if (!cf_uuid_is_valid (record_id))
    return malformed (error, "id is not a UUID"), NULL;
  if (author == NULL || author[0] == '\0' || strlen (author) > MAX_AUTHOR_LENGTH)
    return malformed (error, "author"), NULL;
  if (cf_registry_lookup (kind_name) == NULL)
    return malformed (error, "unknown kind"), NULL;
  if (!cf_op_action_from_string (action_name, &action))
    return malformed (error, "unknown action"), NULL;
  if (!int_member (object, "device_seq", &device_seq) || device_seq < 1)
    return malformed (error, "device_seq"), NULL;
  if (!int_member (object, "base_rev", &base_rev) || base_rev < 0)
    return malformed (error, "base_rev"), NULL;
  if (set == NULL || base == NULL || !values_are_scalar (set) || !values_are_scalar (base))
    return malformed (error, "set and base must be objects of values"), NULL;
  if (client_time == NULL || strlen (client_time) > 40)
    return malformed (error, "client_time"), NULL;

  return _cf_op_new_remote (action, kind_name, record_id, set, base, base_rev, op_id,
                            device_seq, author, client_time);
}

/* A digest of the op as received: the same op sent again has the same one. */
char *
cf_sync_op_hash (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  guint8 digest[32];

  crypto_generichash (digest, sizeof digest, (const guint8 *) text, strlen (text), NULL, 0);
  return g_base64_encode (digest, sizeof digest);
}

/* Cursors are opaque to clients; they name the server so a replica of
 * another server's data is never continued by mistake.
 */
char *
cf_sync_make_cursor (const char *server_id,
                     gint64      seq)
{
  return g_strdup_printf ("%s:%" G_GINT64_FORMAT, server_id, seq);
}

gboolean
cf_sync_parse_cursor (const char *cursor,
                      const char *server_id,
                      gint64     *seq)
{
  gsize prefix = strlen (server_id);
  char *end = NULL;
  gint64 value;

  if (cursor == NULL || strncmp (cursor, server_id, prefix) != 0 || cursor[prefix] != ':')
    return FALSE;

  value = g_ascii_strtoll (cursor + prefix + 1, &end, 10);
  if (end == cursor + prefix + 1 || *end != '\0' || value < 0)
    return FALSE;

  *seq = value;
  return TRUE;
}
