/* cf-case.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cf-case-private.h"
#include "cf-escalation.h"

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

/* The entry recording a step of the case @case_id; @values (nullable)
 * holds its other fields.
 */
CfOp *
_cf_case_entry_op (const char *entry_kind,
                   const char *case_field,
                   const char *case_id,
                   const char *type,
                   const char *text,
                   JsonObject *values)
{
  g_autoptr (JsonObject) entry = values != NULL ? json_object_ref (values) : json_object_new ();

  json_object_set_string_member (entry, case_field, case_id);
  json_object_set_string_member (entry, "type", type);
  _cf_case_set_optional_text (entry, "text", text);

  return cf_op_new_create (entry_kind, entry);
}

/* A step as one batch: the case's new state first, when it changes, so a
 * role that may not make the change is told about the state it asked for;
 * then the entry (taken).
 */
GPtrArray *
_cf_case_step_batch (const char *case_kind,
                     const char *case_id,
                     JsonObject *set,
                     CfOp       *entry)
{
  GPtrArray *ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);

  if (set != NULL && json_object_get_size (set) > 0)
    g_ptr_array_add (ops, cf_op_new_patch (case_kind, case_id, set));
  g_ptr_array_add (ops, entry);

  return ops;
}
