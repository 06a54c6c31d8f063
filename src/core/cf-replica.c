/* cf-replica.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-replica"

#include "config.h"

#include "cf-replica.h"

#include "cf-op-private.h"
#include "cf-registry.h"
#include "cf-store-private.h"
#include "cf-uuid.h"

/* A desktop's side of sync. Its tables hold the server's state of what its
 * user may see, with the desktop's own pending changes on top; the op log
 * is the outbox. Everything here is local: the network is the engine's.
 */

/* The server applies each device's ops in order, and ops go up only with
 * their author's session. On a shared desktop each author is therefore a
 * device of their own, numbered 1, 2, 3… through their ops in the log.
 */
char *
cf_replica_device_id (CfStore    *store,
                      const char *author)
{
  g_autofree char *seed = g_strconcat (cf_store_get_device_id (store), "/", author, NULL);

  return cf_uuid_from_name (seed);
}

/**
 * cf_replica_pending_ops:
 * @author: whose ops; only their session may send them
 *
 * Returns: (transfer container) (element-type CfOp): the ops of @author
 *   the server has not answered yet, oldest first, each numbered in
 *   @author's own sequence.
 */
GPtrArray *
cf_replica_pending_ops (CfStore     *store,
                        const char  *author,
                        guint        limit,
                        GError     **error)
{
  g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store,
                      "SELECT op_id, kind, record_id, action, base_rev, changes, created_at, "
                      "  author_seq FROM op_log WHERE author = ? AND pushed = 0 "
                      "ORDER BY device_seq LIMIT ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, author, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonObject *changes;
      CfOpAction action;
      CfOp *op;

      if (!cf_op_action_from_string ((const char *) sqlite3_column_text (stmt, 3), &action) ||
          !json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 5), -1,
                                       NULL))
        {
          g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CORRUPT,
                       "an op in the log cannot be read");
          return NULL;
        }
      changes = json_node_get_object (json_parser_get_root (parser));
      op = _cf_op_new_remote (action, (const char *) sqlite3_column_text (stmt, 1),
                              (const char *) sqlite3_column_text (stmt, 2),
                              json_object_get_object_member (changes, "set"),
                              json_object_get_object_member (changes, "base"),
                              sqlite3_column_int64 (stmt, 4),
                              (const char *) sqlite3_column_text (stmt, 0),
                              sqlite3_column_int64 (stmt, 7),
                              author,
                              (const char *) sqlite3_column_text (stmt, 6));
      if (op == NULL)
        {
          g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CORRUPT,
                       "an op in the log names an unknown kind");
          return NULL;
        }
      g_ptr_array_add (ops, op);
    }
  if (rc != SQLITE_DONE)
    {
      cf_store_set_sqlite_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&ops);
}

static gboolean
raise_rev (CfStore     *store,
           CfOp        *op,
           gint64       rev,
           GError     **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store, _cf_store_kind_sql ("UPDATE %s SET rev = MAX (rev, ?) WHERE id = ?",
                                                 op->kind->table), error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rev);
  sqlite3_bind_text (stmt, 2, op->record_id, -1, SQLITE_TRANSIENT);
  rc = _cf_store_step_sync_write (store, stmt);
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (store, rc, error);

  return TRUE;
}

static gboolean show_server_state (CfStore     *store,
                                   CfOp        *op,
                                   CfOpResult  *result,
                                   GError     **error);

/**
 * cf_replica_record_answers:
 * @ops: (element-type CfOp): the ops sent
 * @results: (element-type CfOpResult): the server's answers, one per op
 *
 * Keeps each answer in the op log, in one transaction. An op answered
 * "retry" stays pending; every other answer is final. When the server did
 * not take an op as made and sent its own state of the record, the record
 * shows that state again at once.
 */
gboolean
cf_replica_record_answers (CfStore    *store,
                           GPtrArray  *ops,
                           GPtrArray  *results,
                           GError    **error)
{
  g_return_val_if_fail (ops->len == results->len, FALSE);

  if (!cf_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < ops->len; i++)
    {
      CfOp *op = ops->pdata[i];
      CfOpResult *result = results->pdata[i];
      CfOpResultStatus status = result->status == CF_OP_RESULT_DUPLICATE ? result->original_status
                                                                         : result->status;
      g_autoptr (JsonNode) node = NULL;
      g_autofree char *text = NULL;
      g_autoptr (CfStatement) stmt = NULL;
      int rc;

      if (status == CF_OP_RESULT_RETRY)
        continue;

      /* The op log keeps the answer, not the record that came with it. */
      {
        JsonObject *record = g_steal_pointer (&result->record);
        gboolean record_gone = result->record_gone;

        result->record_gone = FALSE;
        node = cf_op_result_to_json (result, NULL);
        result->record = record;
        result->record_gone = record_gone;
      }
      text = json_to_string (node, FALSE);
      stmt = cf_store_prepare (store, "UPDATE op_log SET pushed = 1, sync_status = ?, "
                                      "sync_result = ? WHERE op_id = ?", error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_text (stmt, 1, cf_op_result_status_to_string (status), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, op->op_id, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          cf_store_set_sqlite_error (store, rc, error);
          goto failed;
        }

      /* The local rev names the server state this desktop holds. It moves
       * on only when the server's new rev is this op alone (a change of its
       * own, seq, made on the rev the op was made on); when the server
       * merged other changes in between, already held the values (no change
       * of its own) or kept a conflict, the record is read again from the
       * change feed instead.
       */
      if (status == CF_OP_RESULT_APPLIED && result->seq > 0 &&
          result->rev == op->base_rev + 1 &&
          !raise_rev (store, op, result->rev, error))
        goto failed;

      if ((result->record != NULL || result->record_gone) &&
          !show_server_state (store, op, result, error))
        goto failed;
    }

  return cf_store_commit (store, error);

failed:
  cf_store_rollback (store);
  return FALSE;
}

static const char *
change_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gint64
local_rev (CfStore      *store,
           const CfKind *kind,
           const char   *record_id)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store, _cf_store_kind_sql ("SELECT rev FROM %s WHERE id = ?", kind->table),
                      NULL);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return -1;

  return sqlite3_column_int64 (stmt, 0);
}

static void
bind_field (sqlite3_stmt  *stmt,
            int            column,
            const CfField *field,
            JsonNode      *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    sqlite3_bind_null (stmt, column);
  else if (field->type == CF_FIELD_INTEGER)
    sqlite3_bind_int64 (stmt, column, json_node_get_int (value));
  else if (field->type == CF_FIELD_BOOLEAN)
    sqlite3_bind_int (stmt, column, json_node_get_boolean (value) ? 1 : 0);
  else
    sqlite3_bind_text (stmt, column, json_node_get_string (value), -1, SQLITE_TRANSIENT);
}

/* Writes the server's state of one record. Secret fields never come from
 * the server: a new row gets an empty one (a password this desktop has
 * not checked yet) and an existing row keeps its own.
 */
static gboolean
write_server_state (CfStore      *store,
                    const CfKind *kind,
                    JsonObject   *change,
                    JsonObject   *body,
                    GError      **error)
{
  g_autoptr (GString) columns = g_string_new ("id, rev, created_at, created_by, updated_at, "
                                              "updated_by, deleted");
  g_autoptr (GString) values = g_string_new ("?, ?, ?, ?, ?, ?, ?");
  g_autoptr (GString) updates = g_string_new ("rev = excluded.rev, updated_at = excluded.updated_at, "
                                              "updated_by = excluded.updated_by, "
                                              "deleted = excluded.deleted");
  g_autoptr (CfStatement) stmt = NULL;
  JsonNode *deleted = json_object_get_member (change, "deleted");
  int rc;

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const CfField *field = &kind->fields[i];

      g_string_append_printf (columns, ", %s", field->name);
      g_string_append (values, ", ?");
      if (field->type != CF_FIELD_SECRET)
        g_string_append_printf (updates, ", %s = excluded.%s", field->name, field->name);
    }

  stmt = cf_store_prepare (store,
                           _cf_store_kind_sql ("INSERT INTO %s (%s) VALUES (%s) "
                                               "ON CONFLICT (id) DO UPDATE SET %s",
                                               kind->table, columns->str, values->str,
                                               updates->str), error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, change_string (change, "id"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, json_object_get_int_member (change, "rev"));
  sqlite3_bind_text (stmt, 3, change_string (change, "created_at"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, change_string (change, "created_by"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, change_string (change, "updated_at"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, change_string (change, "updated_by"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 7, deleted != NULL && JSON_NODE_HOLDS_VALUE (deleted) &&
                             json_node_get_value_type (deleted) == G_TYPE_BOOLEAN &&
                             json_node_get_boolean (deleted));
  for (guint i = 0; i < kind->n_fields; i++)
    {
      const CfField *field = &kind->fields[i];

      if (field->type == CF_FIELD_SECRET)
        sqlite3_bind_text (stmt, 8 + i, "", -1, SQLITE_STATIC);
      else
        bind_field (stmt, 8 + i, field, json_object_get_member (body, field->name));
    }

  /* The server's copy of an append-only record is written over this
   * desktop's own, which it can only repeat.
   */
  rc = _cf_store_step_sync_write (store, stmt);
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (store, rc, error);

  return TRUE;
}

/* The desktop's own changes the server has not answered yet stay on top of
 * what the server says, so nothing typed here disappears while it waits.
 */
static gboolean
reapply_pending (CfStore      *store,
                 const CfKind *kind,
                 const char   *record_id,
                 GError      **error)
{
  g_autoptr (GPtrArray) updates = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store, "SELECT action, changes, author, created_at FROM op_log "
                             "WHERE kind = ? AND record_id = ? AND pushed = 0 "
                             "AND action <> 'create' ORDER BY device_seq", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonObject *set;

      if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 1), -1,
                                       NULL))
        continue;

      /* Written as it was made: by its author, at its time. */
      set = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                           "set");
      g_ptr_array_add (updates,
                       _cf_op_new_remote (CF_OP_PATCH, kind->name, record_id, set, NULL, 0, NULL,
                                          0, (const char *) sqlite3_column_text (stmt, 2),
                                          (const char *) sqlite3_column_text (stmt, 3)));
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < updates->len; i++)
    {
      if (!_cf_store_update_record (store, updates->pdata[i], error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_change (JsonObject     *change,
              const CfKind  **kind,
              JsonObject    **body,
              GError        **error)
{
  JsonNode *rev = json_object_get_member (change, "rev");
  JsonNode *body_node = json_object_get_member (change, "body");

  *kind = cf_registry_lookup (change_string (change, "kind"));
  if (*kind == NULL || !cf_uuid_is_valid (change_string (change, "id")) ||
      rev == NULL || !JSON_NODE_HOLDS_VALUE (rev) || json_node_get_value_type (rev) != G_TYPE_INT64 ||
      body_node == NULL || !JSON_NODE_HOLDS_OBJECT (body_node) ||
      change_string (change, "created_at") == NULL || change_string (change, "updated_at") == NULL)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID, "a change is not well formed");
      return FALSE;
    }
  *body = json_node_get_object (body_node);

  /* The server's word is checked like anyone's: types and limits. */
  for (guint i = 0; i < (*kind)->n_fields; i++)
    {
      const CfField *field = &(*kind)->fields[i];

      if (field->type == CF_FIELD_SECRET)
        continue;
      if (!cf_field_validate (field, json_object_get_member (*body, field->name), error))
        return FALSE;
    }

  return TRUE;
}

/* A record the server does not have exists here only through ops it
 * refused: it goes, as a tombstone, unless a later op still waits on it.
 */
static gboolean
forget_record (CfStore     *store,
               CfOp        *op,
               GError     **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store, _cf_store_kind_sql ("UPDATE %s SET deleted = 1 WHERE id = ? AND "
                                                 "NOT EXISTS (SELECT 1 FROM op_log WHERE "
                                                 "kind = ? AND record_id = ? AND pushed = 0)",
                                                 op->kind->table), error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, op->kind->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, op->record_id, -1, SQLITE_TRANSIENT);
  rc = _cf_store_step_sync_write (store, stmt);
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (store, rc, error);

  return TRUE;
}

/* The server's state of the record an answered op was for, with this
 * desktop's other pending changes on top; an answer that does not hold a
 * well-formed state of that very record is not trusted with it.
 */
static gboolean
show_server_state (CfStore     *store,
                   CfOp        *op,
                   CfOpResult  *result,
                   GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  const CfKind *kind;
  JsonObject *body;

  if (result->record_gone)
    {
      if (!forget_record (store, op, error))
        return FALSE;
      _cf_store_note_change (store, op->kind->name, op->record_id);
      return TRUE;
    }

  if (!check_change (result->record, &kind, &body, &local_error) || kind != op->kind ||
      g_strcmp0 (change_string (result->record, "id"), op->record_id) != 0)
    {
      g_warning ("An answer holds a record that does not match its op: %s",
                 local_error != NULL ? local_error->message : "another record");
      return TRUE;
    }
  if (local_rev (store, kind, op->record_id) > json_object_get_int_member (result->record, "rev"))
    return TRUE;

  if (!write_server_state (store, kind, result->record, body, error) ||
      !reapply_pending (store, kind, op->record_id, error))
    return FALSE;
  _cf_store_note_change (store, kind->name, op->record_id);

  return TRUE;
}

/**
 * cf_replica_apply_changes:
 * @changes: one page of the change feed
 * @cursor: where the page ends
 *
 * Applies a page and keeps its cursor in one transaction, so a page is
 * either applied with its cursor or not at all. A record is written only
 * when the server's rev is newer than the one here, so pages delivered
 * twice change nothing.
 */
gboolean
cf_replica_apply_changes (CfStore     *store,
                          JsonArray   *changes,
                          const char  *cursor,
                          GError     **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), FALSE);

  if (!cf_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonNode *node = json_array_get_element (changes, i);
      const CfKind *kind;
      JsonObject *change;
      JsonObject *body;
      const char *record_id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID, "a change is not an object");
          goto failed;
        }
      change = json_node_get_object (node);
      if (!check_change (change, &kind, &body, error))
        goto failed;
      record_id = change_string (change, "id");

      if (local_rev (store, kind, record_id) >= json_object_get_int_member (change, "rev"))
        continue;

      if (!write_server_state (store, kind, change, body, error) ||
          !reapply_pending (store, kind, record_id, error))
        goto failed;
      _cf_store_note_change (store, kind->name, record_id);
    }

  if (!cf_store_set_meta (store, "sync_cursor", cursor, error) ||
      !cf_store_commit (store, error))
    goto failed;

  return TRUE;

failed:
  cf_store_rollback (store);
  return FALSE;
}

char *
cf_replica_get_cursor (CfStore *store)
{
  return cf_store_get_meta (store, "sync_cursor");
}

/* After 410 Gone: the replica is read again from the start; the outbox and
 * the conflicts stay as they are.
 */
gboolean
cf_replica_forget_cursor (CfStore  *store,
                          GError  **error)
{
  return cf_store_set_meta (store, "sync_cursor", "", error);
}

guint
cf_replica_count_pending (CfStore *store)
{
  return (guint) MAX (0, cf_store_count (store, "SELECT COUNT(*) FROM op_log WHERE pushed = 0 "
                                                "AND author <> '" CF_SYSTEM_AUTHOR "'"));
}

guint
cf_replica_count_conflicts (CfStore *store)
{
  return (guint) MAX (0, cf_store_count (store, "SELECT COUNT(*) FROM conflict "
                                                "WHERE status = 'open' AND deleted = 0"));
}

static GPtrArray *
list_rows (CfStore     *store,
           const char  *sql,
           guint        n_columns,
           const char * const *names,
           GError     **error)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (CfStatement) stmt = cf_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *row = json_object_new ();

      for (guint i = 0; i < n_columns; i++)
        {
          if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
            json_object_set_null_member (row, names[i]);
          else
            json_object_set_string_member (row, names[i],
                                           (const char *) sqlite3_column_text (stmt, i));
        }
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      cf_store_set_sqlite_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

/**
 * cf_replica_list_conflicts:
 *
 * Returns: (transfer container) (element-type JsonObject): the open
 *   conflicts, oldest first: id, record_kind, record_id, fields (JSON),
 *   created_at, and the name of the staff member made it, when known
 */
GPtrArray *
cf_replica_list_conflicts (CfStore  *store,
                           GError  **error)
{
  static const char * const names[] = {
    "id", "record_kind", "record_id", "fields", "created_at", "author_name",
  };

  return list_rows (store,
                    "SELECT c.id, c.record_kind, c.record_id, c.fields, c.created_at, s.name "
                    "FROM conflict c LEFT JOIN app_user u ON u.id = c.created_by "
                    "LEFT JOIN staff s ON s.id = u.staff "
                    "WHERE c.status = 'open' AND c.deleted = 0 ORDER BY c.created_at",
                    G_N_ELEMENTS (names), names, error);
}

/**
 * cf_replica_list_refused:
 *
 * Returns: (transfer container) (element-type JsonObject): this desktop's
 *   changes the server refused, newest first: op_id, kind, record_id,
 *   action, changes (JSON), created_at, result (JSON with error and reason)
 */
GPtrArray *
cf_replica_list_refused (CfStore  *store,
                         GError  **error)
{
  static const char * const names[] = {
    "op_id", "kind", "record_id", "action", "changes", "created_at", "result",
  };

  return list_rows (store,
                    "SELECT op_id, kind, record_id, action, changes, created_at, sync_result "
                    "FROM op_log WHERE sync_status = 'rejected' ORDER BY device_seq DESC LIMIT 200",
                    G_N_ELEMENTS (names), names, error);
}

/**
 * cf_replica_snapshot:
 *
 * Everything a standalone database holds, to upload it to a new server:
 * every live record of every kind, in the registry's order (a kind's
 * required references point to kinds before it), secret fields included
 * so that people keep their passwords.
 *
 * Returns: (transfer container) (element-type JsonObject): the records in
 *   the change feed's form
 */
GPtrArray *
cf_replica_snapshot (CfStore  *store,
                     GError  **error)
{
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  const CfKind **kinds;
  guint n_kinds;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  kinds = cf_registry_list (&n_kinds);
  for (guint k = 0; k < n_kinds; k++)
    {
      g_autoptr (CfStatement) stmt = NULL;
      g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

      if (g_str_equal (kinds[k]->name, "conflict"))
        continue;
      stmt = cf_store_prepare (store, _cf_store_kind_sql ("SELECT id FROM %s WHERE deleted = 0 "
                                                          "ORDER BY rowid", kinds[k]->table),
                               error);
      if (stmt == NULL)
        return NULL;
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_reset (stmt);

      for (guint i = 0; i < ids->len; i++)
        {
          JsonObject *record = cf_authority_record_envelope (store, kinds[k], ids->pdata[i], 0,
                                                             TRUE, error);

          if (record == NULL)
            return NULL;
          g_ptr_array_add (records, record);
        }
    }

  return g_steal_pointer (&records);
}

/**
 * cf_replica_finish_attach:
 * @server_id: the server the database now belongs to
 *
 * After the server took a standalone database's records: the database
 * follows that server from now on. Its ops are marked uploaded (they stay
 * in the op log, as history) and its records are read again from the
 * change feed, as the server holds them; all in one transaction.
 */
gboolean
cf_replica_finish_attach (CfStore     *store,
                          const char  *server_id,
                          GError     **error)
{
  const CfKind **kinds;
  guint n_kinds;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);

  if (!cf_store_begin (store, error))
    return FALSE;

  kinds = cf_registry_list (&n_kinds);
  for (guint k = 0; k < n_kinds; k++)
    {
      if (!_cf_store_exec_sync_write (store, _cf_store_kind_sql ("DELETE FROM %s", kinds[k]->table),
                                      error))
        goto failed;
    }

  if (!cf_store_exec (store, "UPDATE op_log SET pushed = 1, sync_status = 'uploaded' "
                             "WHERE pushed = 0", error) ||
      !cf_store_set_meta (store, "server_id", server_id, error) ||
      !cf_replica_forget_cursor (store, error) ||
      !cf_store_commit (store, error))
    goto failed;

  return TRUE;

failed:
  cf_store_rollback (store);
  return FALSE;
}
