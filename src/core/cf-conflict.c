/* cf-conflict.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-conflict"

#include "config.h"

#include "cf-conflict.h"

#include <glib/gi18n-lib.h>

#include "cf-op.h"
#include "cf-store.h"

static const char * const choice_names[] = { "mine", "theirs", "merged" };

/**
 * cf_conflict_resolution_ops:
 * @merged: (nullable): the values to keep, for %CF_CONFLICT_KEEP_MERGED
 *
 * Resolving is an op like any other, so it works offline and from either
 * desktop: the record gets the chosen values and the conflict is marked
 * resolved, with what was chosen. Apply both ops together.
 *
 * Returns: (transfer container) (element-type CfOp): the two ops
 */
GPtrArray *
cf_conflict_resolution_ops (CfStore           *store,
                            const char        *conflict_id,
                            CfConflictChoice   choice,
                            JsonObject        *merged,
                            GError           **error)
{
  g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (JsonObject) conflict = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonObject) values = json_object_new ();
  g_autoptr (JsonObject) resolution = json_object_new ();
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (JsonNode) resolution_node = NULL;
  g_autofree char *resolution_text = NULL;
  g_autoptr (GList) names = NULL;
  JsonObject *fields;

  g_return_val_if_fail (choice <= CF_CONFLICT_KEEP_MERGED, NULL);
  g_return_val_if_fail (choice != CF_CONFLICT_KEEP_MERGED || merged != NULL, NULL);

  conflict = cf_store_get_record (store, "conflict", conflict_id, error);
  if (conflict == NULL)
    return NULL;
  if (g_strcmp0 (json_object_get_string_member (conflict, "status"), "open") != 0)
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_CHANGED,
                           _("This conflict has already been resolved."));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, json_object_get_string_member (conflict, "fields"), -1,
                                   error))
    return NULL;
  fields = json_node_get_object (json_parser_get_root (parser));

  names = json_object_get_members (fields);
  for (const GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *versions = json_object_get_object_member (fields, l->data);
      JsonNode *value;

      if (choice == CF_CONFLICT_KEEP_MERGED)
        value = json_object_get_member (merged, l->data);
      else
        value = json_object_get_member (versions, choice == CF_CONFLICT_KEEP_MINE ? "mine"
                                                                                  : "theirs");
      if (value == NULL)
        {
          g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                       _("A value is missing for “%s”."), (const char *) l->data);
          return NULL;
        }
      json_object_set_member (values, l->data, json_node_copy (value));
    }

  g_ptr_array_add (ops, cf_op_new_patch (json_object_get_string_member (conflict, "record_kind"),
                                         json_object_get_string_member (conflict, "record_id"),
                                         values));

  json_object_set_string_member (resolution, "choice", choice_names[choice]);
  json_object_set_object_member (resolution, "values", json_object_ref (values));
  resolution_node = json_node_init_object (json_node_alloc (), resolution);
  resolution_text = json_to_string (resolution_node, FALSE);
  json_object_set_string_member (set, "status", "resolved");
  json_object_set_string_member (set, "resolution", resolution_text);
  g_ptr_array_add (ops, cf_op_new_patch ("conflict", conflict_id, set));

  return g_steal_pointer (&ops);
}

/**
 * cf_conflict_resolve:
 * @author: who chooses
 * @merged: (nullable): the values to keep, for %CF_CONFLICT_KEEP_MERGED
 *
 * Applies the ops of cf_conflict_resolution_ops() together: either the
 * record gets the chosen values and the conflict is resolved, or nothing
 * changes.
 */
gboolean
cf_conflict_resolve (CfStore           *store,
                     const char        *author,
                     const char        *conflict_id,
                     CfConflictChoice   choice,
                     JsonObject        *merged,
                     GError           **error)
{
  g_autoptr (GPtrArray) ops = NULL;

  ops = cf_conflict_resolution_ops (store, conflict_id, choice, merged, error);
  if (ops == NULL)
    return FALSE;

  return cf_store_apply (store, author, (CfOp * const *) ops->pdata, ops->len, error);
}
