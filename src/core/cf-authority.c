/* cf-authority.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-authority"

#include "config.h"

#include "cf-authority.h"

#include <glib/gi18n-lib.h>

#include "cf-case-private.h"
#include "cf-escalation.h"
#include "cf-op-private.h"
#include "cf-registry.h"
#include "cf-signing.h"
#include "cf-store-private.h"
#include "cf-uuid.h"

/* The server is the single authority over records. It applies each op it
 * receives in one transaction together with its answer (applied_ops) and
 * the change log, so a push replayed after a timeout, a crash or a lost
 * answer gets the same answers and changes nothing twice. Patches carry
 * their base rev and the old values of the fields they change: fields
 * nobody else changed merge; the same field changed on both sides becomes
 * a conflict record with both versions, never last-writer-wins.
 */

static const char * const status_names[] = {
  "applied", "duplicate", "conflict", "rejected", "retry",
};

void
cf_op_result_free (CfOpResult *result)
{
  if (result == NULL)
    return;

  g_free (result->conflict_id);
  g_free (result->error);
  g_free (result->reason);
  g_clear_pointer (&result->record, json_object_unref);
  g_free (result);
}

const char *
cf_op_result_status_to_string (CfOpResultStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), NULL);

  return status_names[status];
}

static gboolean
status_from_string (const char       *text,
                    CfOpResultStatus *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    {
      if (g_strcmp0 (text, status_names[i]) == 0)
        {
          *status = i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
add_result_members (JsonBuilder      *builder,
                    const CfOpResult *result,
                    CfOpResultStatus  status)
{
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status_names[status]);

  switch (status)
    {
    case CF_OP_RESULT_CONFLICT:
      json_builder_set_member_name (builder, "conflict_id");
      json_builder_add_string_value (builder, result->conflict_id);
      G_GNUC_FALLTHROUGH;
    case CF_OP_RESULT_APPLIED:
      json_builder_set_member_name (builder, "rev");
      json_builder_add_int_value (builder, result->rev);
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, result->seq);
      break;
    case CF_OP_RESULT_RETRY:
      json_builder_set_member_name (builder, "expected_device_seq");
      json_builder_add_int_value (builder, result->expected_device_seq);
      G_GNUC_FALLTHROUGH;
    case CF_OP_RESULT_REJECTED:
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, result->error);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, result->reason);
      break;
    case CF_OP_RESULT_DUPLICATE:
    default:
      g_assert_not_reached ();
    }
}

/**
 * cf_op_result_to_json:
 *
 * Returns: (transfer full): the answer for one op as the push response
 *   carries it; a duplicate carries the first answer under "original".
 */
JsonNode *
cf_op_result_to_json (const CfOpResult *result,
                      const char       *op_id)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  if (op_id != NULL)
    {
      json_builder_set_member_name (builder, "op_id");
      json_builder_add_string_value (builder, op_id);
    }

  if (result->status == CF_OP_RESULT_DUPLICATE)
    {
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, "duplicate");
      json_builder_set_member_name (builder, "original");
      json_builder_begin_object (builder);
      add_result_members (builder, result, result->original_status);
      json_builder_end_object (builder);
    }
  else
    {
      add_result_members (builder, result, result->status);
    }

  if (result->record != NULL || result->record_gone)
    {
      json_builder_set_member_name (builder, "record");
      if (result->record != NULL)
        json_builder_add_value (builder,
                                json_node_init_object (json_node_alloc (), result->record));
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static char *
dup_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (node));
}

static gint64
int_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;

  return json_node_get_int (node);
}

/* Reads an answer back, from applied_ops or from a push response. */
CfOpResult *
cf_op_result_from_json (JsonObject  *object,
                        GError     **error)
{
  g_autoptr (CfOpResult) result = g_new0 (CfOpResult, 1);
  g_autofree char *status = dup_string_member (object, "status");
  JsonObject *fields = object;

  if (!status_from_string (status, &result->status))
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID, "unknown op status");
      return NULL;
    }

  result->original_status = result->status;
  if (result->status == CF_OP_RESULT_DUPLICATE)
    {
      g_autofree char *original = NULL;
      JsonNode *node = json_object_get_member (object, "original");

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID, "duplicate without original");
          return NULL;
        }
      fields = json_node_get_object (node);
      original = dup_string_member (fields, "status");
      if (!status_from_string (original, &result->original_status) ||
          result->original_status == CF_OP_RESULT_DUPLICATE)
        {
          g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID, "bad original status");
          return NULL;
        }
    }

  result->rev = int_member (fields, "rev");
  result->seq = int_member (fields, "seq");
  result->expected_device_seq = int_member (fields, "expected_device_seq");
  result->conflict_id = dup_string_member (fields, "conflict_id");
  result->error = dup_string_member (fields, "error");
  result->reason = dup_string_member (fields, "reason");

  {
    JsonNode *record = json_object_get_member (object, "record");

    if (record != NULL && JSON_NODE_HOLDS_OBJECT (record))
      result->record = json_object_ref (json_node_get_object (record));
    else if (record != NULL && JSON_NODE_HOLDS_NULL (record))
      result->record_gone = TRUE;
  }

  return g_steal_pointer (&result);
}

static CfOpResult *
new_result (CfOpResultStatus  status,
            const char       *error,
            const char       *reason)
{
  CfOpResult *result = g_new0 (CfOpResult, 1);

  result->status = status;
  result->original_status = status;
  result->error = g_strdup (error);
  result->reason = g_strdup (reason);

  return result;
}

static gboolean
append_change (CfStore     *store,
               const char  *kind_name,
               const char  *record_id,
               gint64       rev,
               const char  *op_id,
               gint64      *seq,
               GError     **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store, "INSERT INTO change_log (kind, record_id, rev, op_id) "
                             "VALUES (?, ?, ?, ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, rev);
  sqlite3_bind_text (stmt, 4, op_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (store, rc, error);

  *seq = sqlite3_last_insert_rowid (cf_store_get_connection (store));
  _cf_store_note_change (store, kind_name, record_id);
  return TRUE;
}

/* Every accepted change gives the record its next rev and a place in the
 * change log, in the same transaction.
 */
static gboolean
bump_revision (CfStore      *store,
               const CfKind *kind,
               const char   *record_id,
               const char   *op_id,
               gint64       *rev,
               gint64       *seq,
               GError      **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store, _cf_store_kind_sql ("UPDATE %s SET rev = rev + 1 WHERE id = ? "
                                                 "RETURNING rev", kind->table), error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_TRANSIENT);
  /* A rev is the envelope's: append-only records get theirs too. */
  rc = _cf_store_step_sync_write (store, stmt);
  if (rc != SQLITE_ROW)
    return cf_store_set_sqlite_error (store, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);
  *rev = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return append_change (store, kind->name, record_id, *rev, op_id, seq, error);
}

static CfOpResult *
rejected_from_error (const GError *error)
{
  const char *code = "invalid";

  /* An author whose level may not act on an escalation is refused like a
   * role that may not; any other broken step rule is an invalid op.
   */
  if (g_error_matches (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN) ||
      g_error_matches (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_LEVEL))
    code = "forbidden";
  else if (g_error_matches (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND))
    code = "not_found";
  else if (g_error_matches (error, CF_STORE_ERROR, CF_STORE_ERROR_IMMUTABLE))
    code = "immutable";

  return new_result (CF_OP_RESULT_REJECTED, code, error->message);
}

static gboolean
is_rejection (const GError *error)
{
  return error->domain == CF_ESCALATION_ERROR ||
         g_error_matches (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID) ||
         g_error_matches (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN) ||
         g_error_matches (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND) ||
         g_error_matches (error, CF_STORE_ERROR, CF_STORE_ERROR_IMMUTABLE);
}

static CfOpResult *apply_patch (CfStore  *store,
                                CfOp     *op,
                                GError  **error);

static CfOpResult *
apply_create (CfStore  *store,
              CfOp     *op,
              GError  **error)
{
  const CfKind *kind = cf_op_get_kind (op);
  g_autoptr (GError) local_error = NULL;
  g_autoptr (JsonObject) existing = NULL;
  g_autoptr (GList) members = json_object_get_members (op->set);
  CfOpResult *result;

  existing = cf_store_get_record (store, kind->name, op->record_id, NULL);
  if (existing != NULL && kind->natural_key != NULL &&
      !json_object_get_boolean_member (existing, "deleted") &&
      cf_kind_check_new_id (kind, op->record_id, op->set, NULL))
    {
      /* Another desktop made the same record (the same roster slot, say)
       * first: this one is a change of it made without knowing it, from
       * nothing, so equal values merge and different ones become a
       * conflict with both kept — never a second booking of the slot.
       */
      op->base_rev = 0;
      return apply_patch (store, op, error);
    }
  if (existing != NULL)
    return new_result (CF_OP_RESULT_REJECTED, "invalid", _("This record already exists."));
  if (!cf_kind_check_new_id (kind, op->record_id, op->set, &local_error))
    return new_result (CF_OP_RESULT_REJECTED, "invalid", local_error->message);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      if (cf_kind_lookup_field (kind, l->data) == NULL)
        {
          g_autofree char *reason = g_strdup_printf (_("“%s” is not a field of this record."),
                                                     (const char *) l->data);
          return new_result (CF_OP_RESULT_REJECTED, "invalid", reason);
        }
    }

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const CfField *field = &kind->fields[i];

      if (field->type == CF_FIELD_BOOLEAN && !json_object_has_member (op->set, field->name))
        json_object_set_boolean_member (op->set, field->name, g_str_equal (field->name, "active"));
      if (!_cf_store_validate_field (store, kind, field, json_object_get_member (op->set, field->name),
                                     op->record_id, error))
        return NULL;
    }

  if (!_cf_store_insert_record (store, op, error))
    return NULL;

  result = new_result (CF_OP_RESULT_APPLIED, NULL, NULL);
  if (!bump_revision (store, kind, op->record_id, op->op_id, &result->rev, &result->seq, error))
    g_clear_pointer (&result, cf_op_result_free);

  return result;
}

static char *
conflicting_fields_json (JsonObject *conflicting)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), conflicting);

  return json_to_string (node, FALSE);
}

/* Keeps both versions of the fields changed on both sides. */
static gboolean
create_conflict (CfStore     *store,
                 CfOp        *op,
                 JsonObject  *conflicting,
                 char       **conflict_id,
                 GError     **error)
{
  g_autoptr (JsonObject) values = json_object_new ();
  g_autofree char *fields = conflicting_fields_json (conflicting);
  g_autoptr (CfOp) create = NULL;
  gint64 rev, seq;

  json_object_set_string_member (values, "record_kind", op->kind->name);
  json_object_set_string_member (values, "record_id", op->record_id);
  json_object_set_string_member (values, "fields", fields);
  json_object_set_string_member (values, "status", "open");
  create = _cf_op_new_remote (CF_OP_CREATE, "conflict", NULL, values, NULL, 0, op->op_id,
                              0, op->author, op->created_at);

  if (!_cf_store_insert_record (store, create, error) ||
      !bump_revision (store, create->kind, create->record_id, op->op_id, &rev, &seq, error))
    return FALSE;

  *conflict_id = g_strdup (create->record_id);
  return TRUE;
}

static CfOpResult *
apply_patch (CfStore  *store,
             CfOp     *op,
             GError  **error)
{
  const CfKind *kind = op->kind;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (JsonObject) current = NULL;
  g_autoptr (JsonObject) merged = json_object_new ();
  g_autoptr (JsonObject) conflicting = json_object_new ();
  g_autoptr (GList) members = json_object_get_members (op->set);
  g_autoptr (CfOp) update = NULL;
  g_autoptr (CfOpResult) result = NULL;
  gboolean same_base;
  gboolean sets_secret = FALSE;

  current = cf_store_get_record (store, kind->name, op->record_id, error);
  if (current == NULL)
    return NULL;
  if (json_object_get_boolean_member (current, "deleted"))
    return new_result (CF_OP_RESULT_REJECTED, "not_found", _("The record no longer exists."));

  same_base = op->base_rev == json_object_get_int_member (current, "rev");
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const CfField *field = cf_kind_lookup_field (kind, name);
      JsonNode *wanted = json_object_get_member (op->set, name);
      JsonNode *theirs = json_object_get_member (current, name);
      JsonNode *base = json_object_get_member (op->base, name);

      if (field == NULL)
        {
          g_autofree char *reason = g_strdup_printf (_("“%s” is not a field of this record."),
                                                     name);
          return new_result (CF_OP_RESULT_REJECTED, "invalid", reason);
        }

      if (json_node_equal (wanted, theirs))
        continue;

      if (!cf_field_check_change (field, &local_error))
        return new_result (CF_OP_RESULT_REJECTED, "invalid", local_error->message);

      /* A desktop never holds the server's secrets, so their base says
       * nothing; and a secret never goes into a conflict, which others
       * read. The op's other fields decide (below).
       */
      if (field->type == CF_FIELD_SECRET)
        sets_secret = TRUE;
      if (same_base || field->type == CF_FIELD_SECRET ||
          (base != NULL && json_node_equal (base, theirs)))
        {
          if (!_cf_store_validate_field (store, kind, field, wanted, op->record_id, error))
            return NULL;
          json_object_set_member (merged, name, json_node_copy (wanted));
        }
      else
        {
          JsonObject *versions = json_object_new ();

          json_object_set_member (versions, "mine", json_node_copy (wanted));
          json_object_set_member (versions, "theirs", json_node_copy (theirs));
          json_object_set_member (versions, "base",
                                  base != NULL ? json_node_copy (base) : json_node_new (JSON_NODE_NULL));
          json_object_set_object_member (conflicting, name, versions);
        }
    }

  /* A secret and what goes with it (a sealed signing key and its public
   * key) apply together or not at all: changed elsewhere first, the whole
   * change is refused and made again from the current version.
   */
  if (sets_secret && json_object_get_size (conflicting) > 0)
    return new_result (CF_OP_RESULT_REJECTED, "stale",
                       _("This account was changed elsewhere first. Sign in again and retry."));

  result = new_result (json_object_get_size (conflicting) > 0 ? CF_OP_RESULT_CONFLICT
                                                              : CF_OP_RESULT_APPLIED, NULL, NULL);
  result->rev = json_object_get_int_member (current, "rev");

  if (json_object_get_size (merged) > 0)
    {
      update = _cf_op_new_remote (CF_OP_PATCH, kind->name, op->record_id, merged, NULL, 0,
                                  op->op_id, 0, op->author, op->created_at);
      if (!_cf_store_update_record (store, update, error) ||
          !bump_revision (store, kind, op->record_id, op->op_id, &result->rev, &result->seq, error))
        return NULL;
    }

  if (result->status == CF_OP_RESULT_CONFLICT &&
      !create_conflict (store, op, conflicting, &result->conflict_id, error))
    return NULL;

  return g_steal_pointer (&result);
}

static CfOpResult *
apply_tombstone (CfStore   *store,
                 CfOp      *op,
                 gboolean   deleted,
                 GError   **error)
{
  g_autoptr (JsonObject) current = cf_store_get_record (store, op->kind->name, op->record_id,
                                                        error);
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (CfOp) update = NULL;
  CfOpResult *result;

  if (current == NULL)
    return NULL;

  result = new_result (CF_OP_RESULT_APPLIED, NULL, NULL);
  result->rev = json_object_get_int_member (current, "rev");
  if (json_object_get_boolean_member (current, "deleted") == deleted)
    return result;

  /* A restored record takes back its unique values, which another record
   * may have taken meanwhile: refuse that as an answer, not as a broken
   * constraint that would fail every replay of the push.
   */
  for (guint i = 0; !deleted && i < op->kind->n_fields; i++)
    {
      const CfField *field = &op->kind->fields[i];
      JsonNode *value = json_object_get_member (current, field->name);

      if ((field->flags & CF_FIELD_UNIQUE) && value != NULL && !JSON_NODE_HOLDS_NULL (value) &&
          !cf_store_check_unique (store, op->kind->name, field->name,
                                  json_node_get_string (value), op->record_id, error))
        {
          cf_op_result_free (result);
          return NULL;
        }
    }

  json_object_set_boolean_member (set, "deleted", deleted);
  update = _cf_op_new_remote (CF_OP_PATCH, op->kind->name, op->record_id, set, NULL, 0,
                              op->op_id, 0, op->author, op->created_at);
  if (!_cf_store_update_record (store, update, error) ||
      !bump_revision (store, op->kind, op->record_id, op->op_id, &result->rev, &result->seq, error))
    g_clear_pointer (&result, cf_op_result_free);

  return result;
}

static CfOpResult *
apply_checked (CfStore  *store,
               CfOp     *op,
               GError  **error)
{
  CfRole role;

  if (!cf_store_get_author_role (store, op->author, &role))
    return new_result (CF_OP_RESULT_REJECTED, "forbidden",
                       _("The author of this change is not an active user."));
  if (op->kind->append_only && op->action != CF_OP_CREATE)
    return new_result (CF_OP_RESULT_REJECTED, "immutable", cf_store_immutable_message ());
  if (!cf_kind_allows (op->kind, op->action, role) &&
      !cf_signing_is_own_key_patch (op, op->author))
    {
      g_autofree char *reason = g_strdup_printf (_("Your role (%s) may not make this change."),
                                                 cf_role_get_label (role));
      return new_result (CF_OP_RESULT_REJECTED, "forbidden", reason);
    }
  if (!cf_kind_check_values (op->kind, op->set, role, error))
    return NULL;

  if (op->action == CF_OP_PATCH && g_str_equal (op->kind->name, "conflict") &&
      !cf_store_check_conflict_patch (store, op, role, error))
    return NULL;

  /* Escalation and rush-repair steps follow the same rules as on the
   * desktop (_cf_case_check_op ()), whatever sent them.
   */
  if (!_cf_case_check_op (store, op, role, error))
    return NULL;

  switch (op->action)
    {
    case CF_OP_CREATE:
      return apply_create (store, op, error);
    case CF_OP_PATCH:
      return apply_patch (store, op, error);
    case CF_OP_DELETE:
      return apply_tombstone (store, op, TRUE, error);
    case CF_OP_RESTORE:
      return apply_tombstone (store, op, FALSE, error);
    case CF_N_OP_ACTIONS:
    default:
      g_assert_not_reached ();
    }
}

static CfOpResult *
stored_result (CfStore     *store,
               const char  *op_id,
               const char  *request_hash,
               gboolean    *found,
               GError     **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store, "SELECT request_hash, result FROM applied_ops WHERE op_id = ?", error);
  g_autoptr (JsonParser) parser = json_parser_new ();
  CfOpResult *result;
  int rc;

  *found = FALSE;
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, op_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      cf_store_set_sqlite_error (store, rc, error);
      return NULL;
    }

  *found = TRUE;
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), request_hash) != 0)
    return new_result (CF_OP_RESULT_REJECTED, "idempotency_key_reuse",
                       _("This change was already received with different contents."));

  if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 1), -1, error))
    return NULL;
  result = cf_op_result_from_json (json_node_get_object (json_parser_get_root (parser)), error);
  if (result != NULL)
    result->status = CF_OP_RESULT_DUPLICATE;

  return result;
}

static gint64
last_device_seq (CfStore     *store,
                 const char  *device_id,
                 GError     **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store, "SELECT last_device_seq FROM device WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    return 0;

  cf_store_set_sqlite_error (store, rc, error);
  return -1;
}

static gboolean
record_answer (CfStore           *store,
               CfOp              *op,
               const char        *device_id,
               const char        *request_hash,
               const CfOpResult  *result,
               GError           **error)
{
  g_autoptr (JsonNode) node = cf_op_result_to_json (result, NULL);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autofree char *now = cf_utc_now_iso ();
  g_autoptr (CfStatement) insert = NULL;
  int rc;

  insert = cf_store_prepare (store,
                             "INSERT INTO applied_ops (op_id, device_id, device_seq, user_id, "
                             "request_hash, result, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_text (insert, 1, op->op_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 2, device_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (insert, 3, op->device_seq);
  sqlite3_bind_text (insert, 4, op->author, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 5, request_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 6, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 7, now, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (store, rc, error);
  sqlite3_reset (insert);

  {
    g_autoptr (CfStatement) device =
      cf_store_prepare (store, "INSERT INTO device (id, last_device_seq) VALUES (?, ?) "
                               "ON CONFLICT (id) DO UPDATE SET last_device_seq = excluded.last_device_seq",
                        error);
    if (device == NULL)
      return FALSE;
    sqlite3_bind_text (device, 1, device_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (device, 2, op->device_seq);
    rc = sqlite3_step (device);
    if (rc != SQLITE_DONE)
      return cf_store_set_sqlite_error (store, rc, error);
  }

  return TRUE;
}

/* An op is one step: its own transaction, or a savepoint inside the
 * caller's when a push applies its batch under one commit.
 */
static gboolean
begin_step (CfStore   *store,
            gboolean   nested,
            GError   **error)
{
  return nested ? cf_store_savepoint (store, error) : cf_store_begin (store, error);
}

static gboolean
end_step (CfStore   *store,
          gboolean   nested,
          GError   **error)
{
  if (nested ? cf_store_release (store, error) : cf_store_commit (store, error))
    return TRUE;

  if (nested)
    cf_store_rollback_to (store);
  else
    cf_store_rollback (store);
  return FALSE;
}

static void
undo_step (CfStore  *store,
           gboolean  nested)
{
  if (nested)
    {
      cf_store_rollback_to (store);
      cf_store_release (store, NULL);
    }
  else
    {
      cf_store_rollback (store);
    }
}

/**
 * cf_authority_apply:
 * @op: an op made on @device_id, with its op id, device sequence, author,
 *   base rev and old values
 * @request_hash: a digest of the op as received, to tell a replay from a
 *   different op reusing the same id
 *
 * Applies one op on the server together with its answer: in a transaction
 * of its own, or — when the caller has begun one, to commit a whole push
 * at once — in a savepoint of it, so that the op and its answer still land
 * together or not at all. Answers must not be sent before that commit.
 *
 * Returns: (transfer full): the answer, or %NULL with @error set when the
 *   server itself failed (disk, database); then nothing of the op was
 *   applied and the push must be answered with a server error, not an
 *   answer per op.
 */
CfOpResult *
cf_authority_apply (CfStore     *store,
                    CfOp        *op,
                    const char  *device_id,
                    const char  *request_hash,
                    GError     **error)
{
  g_autoptr (CfOpResult) result = NULL;
  g_autoptr (GError) local_error = NULL;
  gboolean nested;
  gboolean found;
  gint64 last;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (op != NULL && op->op_id != NULL && op->author != NULL, NULL);
  g_return_val_if_fail (device_id != NULL && request_hash != NULL, NULL);

  nested = !sqlite3_get_autocommit (cf_store_get_connection (store));
  if (!begin_step (store, nested, error))
    return NULL;

  result = stored_result (store, op->op_id, request_hash, &found, &local_error);
  if (local_error != NULL)
    goto failed;
  if (found)
    goto done;

  /* Each device's ops are applied in the order they were made. */
  last = last_device_seq (store, device_id, &local_error);
  if (last < 0)
    goto failed;
  if (op->device_seq != last + 1)
    {
      result = new_result (op->device_seq > last ? CF_OP_RESULT_RETRY : CF_OP_RESULT_REJECTED,
                           "out_of_order", "ops must arrive in the order they were made");
      result->expected_device_seq = last + 1;
      goto done;
    }

  result = apply_checked (store, op, &local_error);
  if (result == NULL)
    {
      if (!is_rejection (local_error))
        goto failed;

      /* A rejection is an answer like any other: nothing of the op is kept
       * but the answer.
       */
      undo_step (store, nested);
      result = rejected_from_error (local_error);
      g_clear_error (&local_error);
      if (!begin_step (store, nested, error))
        return NULL;
    }

  if (!record_answer (store, op, device_id, request_hash, result, &local_error))
    goto failed;

done:
  if (!end_step (store, nested, error))
    return NULL;
  return g_steal_pointer (&result);

failed:
  undo_step (store, nested);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/* Attaching a standalone database ------------------------------------------ */

G_DEFINE_QUARK (cf-attach-error-quark, cf_attach_error)

/* A database is attached once, to a server no desktop has pushed to: the
 * server's own accounts (made with `callfloor-server user add`) are all it
 * may hold. An attach that failed leaves nothing behind, so it can be
 * tried again.
 */
static gboolean
check_attachable (CfStore     *store,
                  const char  *database_id,
                  gboolean    *done,
                  GError     **error)
{
  g_autofree char *attached = cf_store_get_meta (store, "attached_database");
  g_autofree char *attached_done = cf_store_get_meta (store, "attached_done");

  *done = FALSE;
  if (attached != NULL && !g_str_equal (attached, database_id))
    {
      g_set_error_literal (error, CF_ATTACH_ERROR, CF_ATTACH_ERROR_OTHER_DATA,
                           "another database has been attached to this server");
      return FALSE;
    }
  if (attached == NULL && cf_store_count (store, "SELECT COUNT(*) FROM applied_ops") > 0)
    {
      g_set_error_literal (error, CF_ATTACH_ERROR, CF_ATTACH_ERROR_OTHER_DATA,
                           "this server already holds changes from desktops");
      return FALSE;
    }

  *done = attached_done != NULL;
  return attached != NULL || cf_store_set_meta (store, "attached_database", database_id, error);
}

static gboolean
stage_records (CfStore    *store,
               guint       page,
               JsonArray  *records,
               GError    **error)
{
  g_autoptr (CfStatement) stmt = NULL;

  if (page == 0 && !cf_store_exec (store, "DELETE FROM attach_staging", error))
    return FALSE;

  stmt = cf_store_prepare (store, "INSERT OR REPLACE INTO attach_staging "
                                  "(kind, record_id, position, envelope) VALUES (?, ?, "
                                  "(SELECT COUNT(*) FROM attach_staging), ?)", error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonNode *node = json_array_get_element (records, i);
      JsonObject *record = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const CfKind *kind = record != NULL ? cf_registry_lookup (
                             json_object_get_string_member_with_default (record, "kind", NULL))
                                          : NULL;
      const char *record_id = record != NULL
                                ? json_object_get_string_member_with_default (record, "id", NULL)
                                : NULL;
      JsonNode *body = record != NULL ? json_object_get_member (record, "body") : NULL;
      g_autofree char *text = NULL;
      int rc;

      if (kind == NULL || g_str_equal (kind->name, "conflict") || !cf_uuid_is_valid (record_id) ||
          body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
        {
          g_set_error (error, CF_ATTACH_ERROR, CF_ATTACH_ERROR_INVALID,
                       "record %u of page %u is not a record", i + 1, page + 1);
          return FALSE;
        }

      text = json_to_string (node, FALSE);
      sqlite3_bind_text (stmt, 1, kind->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return cf_store_set_sqlite_error (store, rc, error);
    }

  return TRUE;
}

/* An uploaded record whose unique value a live record here already has is
 * that record: the staff member or account the server was set up with.
 * Returns the server's id, or %NULL.
 */
static char *
same_record_here (CfStore      *store,
                  const CfKind *kind,
                  const char   *record_id,
                  JsonObject   *body)
{
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const CfField *field = &kind->fields[i];
      JsonNode *value = json_object_get_member (body, field->name);
      g_autoptr (CfStatement) stmt = NULL;

      if ((field->flags & CF_FIELD_UNIQUE) == 0 || value == NULL ||
          !JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        continue;

      stmt = cf_store_prepare (store,
                               _cf_store_kind_sql ("SELECT id FROM %s WHERE %s = ? AND "
                                                   "deleted = 0 AND id <> ?",
                                                   kind->table, field->name), NULL);
      if (stmt == NULL)
        continue;
      sqlite3_bind_text (stmt, 1, json_node_get_string (value), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }

  return NULL;
}

typedef struct
{
  const CfKind *kind;
  char         *record_id;
  JsonObject   *body;
  JsonObject   *later;       /* optional references, set once every record exists */
  char         *created_at;
} Staged;

static void
staged_free (Staged *staged)
{
  g_free (staged->record_id);
  g_clear_pointer (&staged->body, json_object_unref);
  g_clear_pointer (&staged->later, json_object_unref);
  g_free (staged->created_at);
  g_free (staged);
}

static GPtrArray *
read_staged (CfStore     *store,
             GHashTable  *same,
             GError     **error)
{
  g_autoptr (GPtrArray) staged = g_ptr_array_new_with_free_func ((GDestroyNotify) staged_free);
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store, "SELECT envelope FROM attach_staging ORDER BY position", error);

  if (stmt == NULL)
    return NULL;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonObject *envelope;
      Staged *record;
      char *server_id;
      JsonNode *deleted;

      if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1,
                                       error))
        return NULL;
      envelope = json_node_get_object (json_parser_get_root (parser));
      deleted = json_object_get_member (envelope, "deleted");
      if (deleted != NULL && JSON_NODE_HOLDS_VALUE (deleted) &&
          json_node_get_value_type (deleted) == G_TYPE_BOOLEAN && json_node_get_boolean (deleted))
        continue;

      record = g_new0 (Staged, 1);
      record->kind = cf_registry_lookup (json_object_get_string_member (envelope, "kind"));
      record->record_id = g_strdup (json_object_get_string_member (envelope, "id"));
      record->body = json_object_ref (json_object_get_object_member (envelope, "body"));
      record->created_at = g_strdup (json_object_get_string_member_with_default (envelope,
                                                                                  "created_at",
                                                                                  NULL));
      server_id = same_record_here (store, record->kind, record->record_id, record->body);
      if (server_id != NULL)
        {
          g_hash_table_insert (same, g_strdup (record->record_id), server_id);
          staged_free (record);
          continue;
        }
      g_ptr_array_add (staged, record);
    }

  return g_steal_pointer (&staged);
}

/* Whether a reference of @kind's to @target_kind may point to a record
 * made after it: the snapshot sends the kinds in the registry's order, so
 * a reference to an earlier kind always finds its record made.
 */
static gboolean
may_point_forward (const CfKind *kind,
                   const char   *target_kind)
{
  const CfKind *target = cf_registry_lookup (target_kind);
  guint n_kinds;
  const CfKind **kinds = cf_registry_list (&n_kinds);

  for (guint i = 0; i < n_kinds; i++)
    {
      if (kinds[i] == target)
        return FALSE;
      if (kinds[i] == kind)
        return TRUE;
    }

  return TRUE;
}

/* References to records that are the server's own now point to those;
 * optional ones that may point to a record made later wait until every
 * uploaded record exists, except those of an append-only record.
 */
static void
prepare_references (Staged     *record,
                    GHashTable *same)
{
  for (guint i = 0; i < record->kind->n_fields; i++)
    {
      const CfField *field = &record->kind->fields[i];
      JsonNode *value = json_object_get_member (record->body, field->name);
      const char *target;

      if (field->type != CF_FIELD_REFERENCE || value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
          json_node_get_value_type (value) != G_TYPE_STRING)
        continue;

      target = g_hash_table_lookup (same, json_node_get_string (value));
      if (target == NULL)
        target = json_node_get_string (value);
      /* An append-only record is never patched, so all its references go
       * in with it; they point to records uploaded before it (a snapshot
       * sends the kinds in the registry's order, each in the order made).
       */
      if ((field->flags & CF_FIELD_REQUIRED) != 0 || record->kind->append_only ||
          !may_point_forward (record->kind, field->reference))
        {
          json_object_set_string_member (record->body, field->name, target);
          continue;
        }

      if (record->later == NULL)
        record->later = json_object_new ();
      json_object_set_string_member (record->later, field->name, target);
      json_object_remove_member (record->body, field->name);
    }
}

static gboolean
attach_failed (Staged      *record,
               const char  *reason,
               GError     **error)
{
  JsonNode *name = json_object_get_member (record->body, "name");

  if (name != NULL && JSON_NODE_HOLDS_VALUE (name) &&
      json_node_get_value_type (name) == G_TYPE_STRING && *json_node_get_string (name) != '\0')
    g_set_error (error, CF_ATTACH_ERROR, CF_ATTACH_ERROR_INVALID, "%s “%s” (%s): %s",
                 record->kind->name, json_node_get_string (name), record->record_id, reason);
  else
    g_set_error (error, CF_ATTACH_ERROR, CF_ATTACH_ERROR_INVALID, "%s %s: %s",
                 record->kind->name, record->record_id, reason);
  return FALSE;
}

static gboolean
apply_staged (CfStore     *store,
              const char  *user_id,
              guint       *n_applied,
              GError     **error)
{
  g_autoptr (GHashTable) same = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GPtrArray) staged = read_staged (store, same, error);

  if (staged == NULL)
    return FALSE;

  /* Two rounds: each record, then the references that could point to a
   * record made after it (a team's lead, a staff member's team).
   */
  for (guint i = 0; i < staged->len; i++)
    {
      Staged *record = staged->pdata[i];
      g_autofree char *op_id = cf_uuid_new_v7 ();
      g_autoptr (CfOp) create = NULL;
      g_autoptr (CfOpResult) result = NULL;
      g_autoptr (GError) local_error = NULL;

      prepare_references (record, same);
      create = _cf_op_new_remote (CF_OP_CREATE, record->kind->name, record->record_id,
                                  record->body, NULL, 0, op_id, 0, user_id, record->created_at);
      if (create == NULL)
        return attach_failed (record, "not a valid record", error);
      result = apply_create (store, create, &local_error);
      if (result == NULL)
        return is_rejection (local_error)
                 ? attach_failed (record, local_error->message, error)
                 : (g_propagate_error (error, g_steal_pointer (&local_error)), FALSE);
      if (result->status != CF_OP_RESULT_APPLIED)
        return attach_failed (record, result->reason, error);
    }

  for (guint i = 0; i < staged->len; i++)
    {
      Staged *record = staged->pdata[i];
      g_autofree char *op_id = cf_uuid_new_v7 ();
      g_autoptr (CfOp) patch = NULL;
      g_autoptr (CfOpResult) result = NULL;
      g_autoptr (GError) local_error = NULL;

      if (record->later == NULL)
        continue;
      patch = _cf_op_new_remote (CF_OP_PATCH, record->kind->name, record->record_id,
                                 record->later, NULL, 1, op_id, 0, user_id, record->created_at);
      result = patch != NULL ? apply_patch (store, patch, &local_error) : NULL;
      if (result == NULL)
        return attach_failed (record, local_error != NULL ? local_error->message
                                                          : "not a valid record", error);
      if (result->status != CF_OP_RESULT_APPLIED)
        return attach_failed (record, result->reason, error);
    }

  *n_applied = staged->len;
  return cf_store_exec (store, "DELETE FROM attach_staging", error) &&
         cf_store_set_meta (store, "attached_done", "1", error);
}

static void
forget_attach (CfStore *store)
{
  if (!cf_store_begin (store, NULL))
    return;
  if (cf_store_exec (store, "DELETE FROM attach_staging", NULL) &&
      cf_store_exec (store, "DELETE FROM meta WHERE key = 'attached_database'", NULL))
    cf_store_commit (store, NULL);
  else
    cf_store_rollback (store);
}

/**
 * cf_authority_attach:
 * @database_id: the standalone database's own id
 * @user_id: the supervisor who uploads it
 * @page: 0 for the first page; a first page starts the upload over
 * @records: (element-type JsonObject): records in the change feed's form,
 *   secret fields included (people keep their passwords)
 * @last: whether this is the last page: then every record is applied, in
 *   one transaction, as if @user_id had made it
 * @n_applied: (out): on the last page, how many records were added
 *
 * Uploads a standalone database's records to a server, once. A record
 * holding a unique value a record here already has (the supervisor the
 * server was set up with, say) is taken to be that record, and references
 * to it point to the server's. The last page applied again answers as
 * before, so a lost answer can be asked for again.
 */
gboolean
cf_authority_attach (CfStore     *store,
                     const char  *database_id,
                     const char  *user_id,
                     guint        page,
                     JsonArray   *records,
                     gboolean     last,
                     guint       *n_applied,
                     GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  gboolean done;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (cf_uuid_is_valid (database_id), FALSE);

  *n_applied = 0;
  if (!cf_store_begin (store, error))
    return FALSE;

  if (!check_attachable (store, database_id, &done, &local_error))
    goto failed;
  if (done)
    {
      if (page == 0 && !last)
        {
          g_set_error_literal (&local_error, CF_ATTACH_ERROR, CF_ATTACH_ERROR_OTHER_DATA,
                               "this database has been attached to this server already");
          goto failed;
        }
      return cf_store_commit (store, error);
    }

  if (!stage_records (store, page, records, &local_error) ||
      (last && !apply_staged (store, user_id, n_applied, &local_error)))
    goto failed;

  if (!cf_store_commit (store, error))
    {
      cf_store_rollback (store);
      return FALSE;
    }
  return TRUE;

failed:
  cf_store_rollback (store);
  if (g_error_matches (local_error, CF_ATTACH_ERROR, CF_ATTACH_ERROR_INVALID))
    forget_attach (store);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * cf_authority_publish_local_ops:
 *
 * Gives the changes made directly on the server's database (its first
 * supervisor, users added from the command line) their revs and places in
 * the change log, so desktops receive them like any other change.
 */
gboolean
cf_authority_publish_local_ops (CfStore  *store,
                                GError  **error)
{
  g_autoptr (GPtrArray) pending = g_ptr_array_new_with_free_func (g_free);
  gboolean own_transaction;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);

  own_transaction = sqlite3_get_autocommit (cf_store_get_connection (store));
  if (own_transaction && !cf_store_begin (store, error))
    return FALSE;

  {
    g_autoptr (CfStatement) stmt =
      cf_store_prepare (store, "SELECT kind, record_id, op_id FROM op_log WHERE pushed = 0 "
                               "ORDER BY device_seq", error);
    if (stmt == NULL)
      goto failed;
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        g_ptr_array_add (pending, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
        g_ptr_array_add (pending, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
        g_ptr_array_add (pending, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
      }
  }

  for (guint i = 0; i < pending->len; i += 3)
    {
      const CfKind *kind = cf_registry_lookup (pending->pdata[i]);
      gint64 rev, seq;

      if (kind == NULL ||
          !bump_revision (store, kind, pending->pdata[i + 1], pending->pdata[i + 2], &rev, &seq,
                          error))
        goto failed;
    }

  if (!cf_store_exec (store, "UPDATE op_log SET pushed = 1 WHERE pushed = 0", error))
    goto failed;
  if (own_transaction && !cf_store_commit (store, error))
    goto failed;

  return TRUE;

failed:
  if (own_transaction)
    cf_store_rollback (store);
  return FALSE;
}

gint64
cf_authority_last_seq (CfStore *store)
{
  return cf_store_count (store, "SELECT COALESCE (MAX (seq), 0) FROM change_log");
}

/* A record as the change feed carries it: envelope and body, without the
 * fields that never leave the server (password hashes).
 */
/**
 * cf_authority_record_envelope:
 * @seq: the record's place in the change log
 * @with_secrets: whether secret fields are included; only a standalone
 *   database's upload sends them
 *
 * Returns: (transfer full): the record in the change feed's form: kind,
 *   seq, id, rev, created/updated at/by, deleted, and its fields in "body"
 */
JsonObject *
cf_authority_record_envelope (CfStore       *store,
                              const CfKind  *kind,
                              const char    *record_id,
                              gint64         seq,
                              gboolean       with_secrets,
                              GError       **error)
{
  g_autoptr (JsonObject) record = cf_store_get_record (store, kind->name, record_id, error);
  JsonObject *envelope;
  JsonObject *body;

  if (record == NULL)
    return NULL;

  envelope = json_object_new ();
  body = json_object_new ();
  json_object_set_string_member (envelope, "kind", kind->name);
  json_object_set_int_member (envelope, "seq", seq);
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const CfField *field = &kind->fields[i];

      if (field->type != CF_FIELD_SECRET || with_secrets)
        json_object_set_member (body, field->name,
                                json_node_copy (json_object_get_member (record, field->name)));
      json_object_remove_member (record, field->name);
    }

  {
    g_autoptr (GList) members = json_object_get_members (record);

    for (const GList *l = members; l != NULL; l = l->next)
      json_object_set_member (envelope, l->data,
                              json_node_copy (json_object_get_member (record, l->data)));
  }
  json_object_set_object_member (envelope, "body", body);

  return envelope;
}

static gint64
latest_change_of (CfStore     *store,
                  const char  *kind_name,
                  const char  *record_id,
                  GError     **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store, "SELECT MAX (seq) FROM change_log WHERE kind = ? AND record_id = ?",
                      error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, kind_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      cf_store_set_sqlite_error (store, rc, error);
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

/**
 * cf_authority_attach_record:
 * @role: the role of the user who sent @op
 *
 * When the server did not take @op as it was (a conflict, a rejection),
 * the desktop still shows its own version of the record. The answer then
 * carries the server's state of the record, as the change feed would have
 * it, or says that the server has no such record, so that the desktop can
 * show what is true at once. Nothing is added for a kind @role may not read.
 */
gboolean
cf_authority_attach_record (CfStore     *store,
                            CfOp        *op,
                            CfRole       role,
                            CfOpResult  *result,
                            GError     **error)
{
  CfOpResultStatus status = result->status == CF_OP_RESULT_DUPLICATE ? result->original_status
                                                                      : result->status;
  g_autoptr (GError) local_error = NULL;
  gint64 seq;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);

  if ((status != CF_OP_RESULT_CONFLICT && status != CF_OP_RESULT_REJECTED) ||
      (op->kind->read_roles & CF_ROLE_BIT (role)) == 0)
    return TRUE;

  seq = latest_change_of (store, op->kind->name, op->record_id, error);
  if (seq < 0)
    return FALSE;
  result->record = cf_authority_record_envelope (store, op->kind, op->record_id, seq, FALSE,
                                                 &local_error);
  if (result->record != NULL)
    return TRUE;
  if (!g_error_matches (local_error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  result->record_gone = TRUE;
  return TRUE;
}

/**
 * cf_authority_changes:
 * @role: the reader's role; kinds it may not read are left out
 * @since: the last change-log position the reader has
 * @last_seq: (out): the position to ask from next time
 * @has_more: (out): whether more changes follow
 *
 * One page of the change feed, in server order. A record changed several
 * times within the page appears once, in its latest state.
 *
 * Returns: (transfer container) (element-type JsonObject): the records
 */
GPtrArray *
cf_authority_changes (CfStore   *store,
                      CfRole     role,
                      gint64     since,
                      guint      limit,
                      gint64    *last_seq,
                      gboolean  *has_more,
                      GError   **error)
{
  g_autoptr (GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (GHashTable) latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (CfStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  *last_seq = since;
  *has_more = FALSE;
  stmt = cf_store_prepare (store,
                           "SELECT seq, kind, record_id FROM change_log WHERE seq > ? "
                           "ORDER BY seq LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, (gint64) limit + 1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      const CfKind *kind = cf_registry_lookup ((const char *) sqlite3_column_text (stmt, 1));
      char *key;

      if (rows->len == limit)
        {
          *has_more = TRUE;
          break;
        }
      g_array_append_val (rows, seq);
      *last_seq = seq;

      if (kind == NULL || (kind->read_roles & CF_ROLE_BIT (role)) == 0)
        {
          g_ptr_array_add (keys, NULL);
          continue;
        }
      key = g_strconcat (kind->name, "/", sqlite3_column_text (stmt, 2), NULL);
      g_hash_table_insert (latest, g_strdup (key), GINT_TO_POINTER (rows->len - 1));
      g_ptr_array_add (keys, key);
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      cf_store_set_sqlite_error (store, rc, error);
      return NULL;
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < rows->len; i++)
    {
      const char *key = keys->pdata[i];
      g_auto (GStrv) parts = NULL;
      JsonObject *record;

      if (key == NULL || GPOINTER_TO_INT (g_hash_table_lookup (latest, key)) != (int) i)
        continue;

      parts = g_strsplit (key, "/", 2);
      record = cf_authority_record_envelope (store, cf_registry_lookup (parts[0]), parts[1],
                                             g_array_index (rows, gint64, i), FALSE, error);
      if (record == NULL)
        return NULL;
      g_ptr_array_add (changes, record);
    }

  return g_steal_pointer (&changes);
}
