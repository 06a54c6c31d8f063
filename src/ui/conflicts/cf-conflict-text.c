/* cf-conflict-text.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-conflict-text"

#include "config.h"

#include "cf-conflict-text.h"

#include <glib/gi18n.h>

#include "cf-store.h"

/* The words the Conflicts view and the merge dialog show for a record and
 * for the versions of its fields: names and labels, not ids and stored
 * values.
 */

/**
 * cf_conflict_describe_record:
 *
 * Returns: (transfer full): what a person recognises the record by, such as
 *   “Staff · Chen Jing”
 */
char *
cf_conflict_describe_record (CfStore    *store,
                             const char *kind_name,
                             const char *record_id)
{
  g_autoptr (JsonObject) record = NULL;
  const char *name = NULL;

  if (cf_registry_lookup (kind_name) == NULL)
    return g_strdup (record_id);

  record = cf_store_get_record (store, kind_name, record_id, NULL);
  if (record != NULL && json_object_has_member (record, "name"))
    name = json_object_get_string_member (record, "name");
  if (name == NULL)
    name = record_id;

  if (g_str_equal (kind_name, "staff"))
    /* translators: a staff member, e.g. “Staff · Chen Jing” */
    return g_strdup_printf (_("Staff · %s"), name);
  if (g_str_equal (kind_name, "team"))
    /* translators: a team, e.g. “Team · Night owls” */
    return g_strdup_printf (_("Team · %s"), name);

  return g_strdup (name);
}

/**
 * cf_conflict_describe_value:
 * @field: (nullable): the field @value is for, when the registry knows it
 * @value: (nullable): one version of the field
 *
 * Returns: (transfer full): the value as a person reads it: a choice's
 *   label, the name of the record a reference points to; never a secret
 */
char *
cf_conflict_describe_value (CfStore       *store,
                            const CfField *field,
                            JsonNode      *value)
{
  const char *text;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup (_("(empty)"));
  if (field != NULL && field->type == CF_FIELD_SECRET)
    return g_strdup (_("(hidden)"));
  if (!JSON_NODE_HOLDS_VALUE (value))
    return json_to_string (value, FALSE);
  if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (value) ? _("Yes") : _("No"));
  if (json_node_get_value_type (value) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
  if (json_node_get_value_type (value) != G_TYPE_STRING)
    return json_to_string (value, FALSE);

  text = json_node_get_string (value);
  if (field != NULL && field->type == CF_FIELD_ENUM)
    {
      for (guint i = 0; field->choices[i] != NULL; i++)
        {
          if (g_str_equal (field->choices[i], text))
            return g_strdup (cf_field_get_choice_label (field, i));
        }
    }
  else if (field != NULL && field->type == CF_FIELD_REFERENCE)
    {
      g_autoptr (JsonObject) record = cf_store_get_record (store, field->reference, text, NULL);

      if (record != NULL && json_object_has_member (record, "name") &&
          json_object_get_string_member (record, "name") != NULL)
        return g_strdup (json_object_get_string_member (record, "name"));
    }

  return g_strdup (text);
}
