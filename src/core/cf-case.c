/* cf-case.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cf-case-private.h"

#include <glib/gi18n-lib.h>

#include "cf-escalation.h"
#include "cf-handover.h"
#include "cf-rush-repair.h"
#include "cf-store-private.h"

/* Whether @text holds more than white space. */
gboolean
_cf_case_has_text (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return TRUE;
    }

  return FALSE;
}

/* Fails with @message when @text is missing or blank. */
gboolean
_cf_case_require_text (const char  *text,
                       const char  *message,
                       GError     **error)
{
  if (_cf_case_has_text (text))
    return TRUE;

  g_set_error_literal (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_MISSING, message);
  return FALSE;
}

void
_cf_case_set_optional_text (JsonObject *object,
                            const char *name,
                            const char *text)
{
  if (_cf_case_has_text (text))
    json_object_set_string_member (object, name, text);
}

/* A step as one batch: the entry (taken) first, then the case's new state
 * when it changes. The store and the server check each op as it comes
 * (_cf_case_check_op ()): the entry against where the case stands, then
 * the state against where the entry just recorded puts it — so the state
 * of a case never changes without the step that says why.
 */
GPtrArray *
_cf_case_step_batch (const char *case_kind,
                     const char *case_id,
                     JsonObject *set,
                     CfOp       *entry)
{
  GPtrArray *ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);

  g_ptr_array_add (ops, entry);
  if (set != NULL && json_object_get_size (set) > 0)
    g_ptr_array_add (ops, cf_op_new_patch (case_kind, case_id, set));

  return ops;
}

/* @name of @object when it is a string, else %NULL: for values that may
 * come from anywhere, such as a pushed op.
 */
const char *
_cf_case_get_string (JsonObject *object,
                     const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* The rules of escalations, rush repairs and handover sheets for one op,
 * made on this desktop (cf_store_apply ()) or pushed to the server, by a
 * person of @role; ops of other kinds pass. The same checks the steps make.
 */
gboolean
_cf_case_check_op (CfStore     *store,
                   CfOp        *op,
                   CfRole       role,
                   GError     **error)
{
  return cf_escalation_check_op (store, op, role, error) &&
         cf_rush_repair_check_op (store, op, role, error) &&
         cf_handover_check_op (store, op, role, error);
}

/* A case's status as a bit (1 << its place in @names, which holds @n_names
 * names); 0 for an unknown one.
 */
guint
_cf_case_status_bit (const char * const *names,
                     guint               n_names,
                     const char         *status)
{
  for (guint i = 0; i < n_names; i++)
    {
      if (g_strcmp0 (status, names[i]) == 0)
        return 1u << i;
    }

  return 0;
}

/* The name of the status @bit (from _cf_case_status_bit ()). */
const char *
_cf_case_status_name (const char * const *names,
                      guint               n_names,
                      guint               bit)
{
  for (guint i = 0; i < n_names; i++)
    {
      if (bit == 1u << i)
        return names[i];
    }

  g_return_val_if_reached (NULL);
}

/* The entry of the case @case_id recorded last, in the order the entries
 * reached this database (on the server, the order it accepted them in);
 * with no entry yet, a CF_ESCALATION_ERROR_STATE saying @none.
 */
JsonObject *
_cf_case_last_entry (CfStore     *store,
                     const char  *entry_kind,
                     const char  *case_field,
                     const char  *case_id,
                     const char  *none,
                     GError     **error)
{
  const CfKind *kind = cf_registry_lookup (entry_kind);
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store, _cf_store_kind_sql ("SELECT id FROM %s WHERE %s = ? AND deleted = 0 "
                                                 "ORDER BY rowid DESC LIMIT 1",
                                                 kind->table, case_field), error);
  g_autofree char *id = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_STATE, none);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      cf_store_set_sqlite_error (store, rc, error);
      return NULL;
    }
  id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return cf_store_get_record (store, entry_kind, id, error);
}
