/* test-replica.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib.h>

#include "cf-authority.h"
#include "cf-op-private.h"
#include "cf-registry.h"
#include "cf-replica.h"
#include "cf-store.h"
#include "cf-uuid.h"

#include "cf-roster.h"
#include "cf-test-util.h"

/* A desktop's side of sync, between two real database files: a server
 * holding a first supervisor, and a desktop made by pulling the server's
 * change feed into an empty store. Data moves between them only through
 * the functions the sync engine uses, without a network: pending ops go up
 * with cf_authority_apply () and come back as answers for
 * cf_replica_record_answers (); pages of cf_authority_changes () come down
 * through cf_replica_apply_changes ().
 */

#define SUPERVISOR_NAME     "Ada Supervisor"
#define SUPERVISOR_NO       "S001"
#define SUPERVISOR_LOGIN    "ada"
#define PASSWORD            "correct horse battery"

/* Another desktop, whose changes reach the server between our syncs. */
#define OTHER_DEVICE        "0190f0c2-7a8b-7c1e-9d1a-3b0c5e7f1a02"

typedef struct
{
  char    *dir;
  char    *server_path;
  char    *desktop_path;
  CfStore *server;
  CfStore *desktop;
  char    *supervisor_id;         /* the first supervisor's user id, on both sides */
  char    *supervisor_staff_id;
  gint64   other_seq;             /* the last device_seq OTHER_DEVICE used */
  guint    n_changed;             /* "changed" emissions of the desktop's store */
} Fixture;

/* Helpers */

static void
on_desktop_changed_cb (CfStore     *store,
                       const char  *kind,
                       const char **ids,
                       Fixture     *f)
{
  g_assert_nonnull (ids);
  g_assert_nonnull (ids[0]);
  f->n_changed++;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (text);
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

/* A deep copy, to be changed without touching @object. */
static JsonObject *
object_copy (JsonObject *object)
{
  g_autofree char *text = object_to_string (object);

  return parse_object (text);
}

/* An object of string members from name, value pairs ending with NULL. */
static JsonObject *
strings_new (const char *first_name,
             ...)
{
  JsonObject *object = json_object_new ();
  va_list args;

  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    json_object_set_string_member (object, name, va_arg (args, const char *));
  va_end (args);

  return object;
}

static void
assert_no_record (CfStore    *store,
                  const char *kind,
                  const char *record_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) record = cf_store_get_record (store, kind, record_id, &error);

  g_assert_null (record);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
}

static char *
node_to_string (JsonNode *node)
{
  if (node == NULL)
    return g_strdup ("(missing)");

  return json_to_string (node, FALSE);
}

/* The desktop holds the server's version of the record: envelope and
 * fields, but never a secret.
 */
static void
assert_same_record (Fixture    *f,
                    const char *kind_name,
                    const char *record_id)
{
  const CfKind *kind = cf_registry_lookup (kind_name);
  g_autoptr (JsonObject) theirs = cf_test_get_record (f->server, kind_name, record_id);
  g_autoptr (JsonObject) ours = cf_test_get_record (f->desktop, kind_name, record_id);
  g_autoptr (GList) members = json_object_get_members (theirs);

  g_assert_cmpuint (json_object_get_size (ours), ==, json_object_get_size (theirs));
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const CfField *field = cf_kind_lookup_field (kind, l->data);
      g_autofree char *server_value = NULL;
      g_autofree char *desktop_value = NULL;

      if (field != NULL && field->type == CF_FIELD_SECRET)
        continue;

      server_value = node_to_string (json_object_get_member (theirs, l->data));
      desktop_value = node_to_string (json_object_get_member (ours, l->data));
      if (g_strcmp0 (server_value, desktop_value) != 0)
        g_error ("%s %s: %s is %s on the desktop, %s on the server", kind_name, record_id,
                 (const char *) l->data, desktop_value, server_value);
    }
}

static gint64
count (CfStore    *store,
       const char *sql)
{
  return cf_store_count (store, sql);
}

/* Every record the desktop holds, with its rev and what a page may change;
 * equal snapshots mean nothing was written.
 */
static char *
snapshot (CfStore *store)
{
  return cf_test_query_text (store,
                             "SELECT group_concat (line, ';') FROM ("
                             "  SELECT 'staff/' || id || '/' || rev || '/' || updated_at || '/' || "
                             "    name || '/' || COALESCE (phone, '') AS line FROM staff "
                             "  UNION ALL SELECT 'team/' || id || '/' || rev || '/' || updated_at "
                             "    || '/' || name FROM team "
                             "  UNION ALL SELECT 'user/' || id || '/' || rev || '/' || updated_at "
                             "    || '/' || login || '/' || password_hash FROM app_user "
                             "  UNION ALL SELECT 'conflict/' || id || '/' || rev || '/' || status "
                             "    FROM conflict "
                             "  UNION ALL SELECT 'op/' || op_id || '/' || pushed || '/' || "
                             "    COALESCE (sync_status, '') FROM op_log "
                             "  ORDER BY 1)",
                             NULL);
}

static void
exec_with_text (CfStore    *store,
                const char *sql,
                const char *first,
                const char *second)
{
  g_autoptr (CfStatement) stmt = cf_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  if (second != NULL)
    sqlite3_bind_text (stmt, 2, second, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
}

/* One op_log column of the op @op_id on the desktop. */
static char *
op_log_text (Fixture    *f,
             const char *column,
             const char *op_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM op_log WHERE op_id = ?", column);

  g_assert_cmpint (cf_test_query_integer (f->desktop, "SELECT COUNT(*) FROM op_log WHERE op_id = ?",
                                          op_id), ==, 1);
  return cf_test_query_text (f->desktop, sql, op_id);
}

static gint64
op_log_pushed (Fixture    *f,
               const char *op_id)
{
  return cf_test_query_integer (f->desktop, "SELECT pushed FROM op_log WHERE op_id = ?", op_id);
}

/* The server's side */

/* Applies an op made on OTHER_DEVICE by the supervisor; it must be applied. */
static CfOpResult *
other_device_apply (Fixture    *f,
                    CfOpAction  action,
                    const char *kind,
                    const char *record_id,
                    JsonObject *set,
                    JsonObject *base,
                    gint64      base_rev,
                    char      **out_id)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *op_id = cf_uuid_new_v7 ();
  g_autofree char *now = cf_utc_now_iso ();
  g_autoptr (CfOp) op = _cf_op_new_remote (action, kind, record_id, set, base, base_rev, op_id,
                                           ++f->other_seq, f->supervisor_id, now);
  CfOpResult *result;

  g_assert_nonnull (op);
  result = cf_authority_apply (f->server, op, OTHER_DEVICE, op_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  if (result->status != CF_OP_RESULT_APPLIED)
    g_error ("the other device's op was %s (%s)", cf_op_result_status_to_string (result->status),
             result->reason != NULL ? result->reason : "-");
  if (out_id != NULL)
    *out_id = g_strdup (cf_op_get_record_id (op));

  return result;
}

static char *
other_device_create (Fixture    *f,
                     const char *kind,
                     JsonObject *values)
{
  g_autoptr (CfOpResult) result = NULL;
  char *id = NULL;

  result = other_device_apply (f, CF_OP_CREATE, kind, NULL, values, NULL, 0, &id);
  g_assert_cmpint (result->rev, ==, 1);

  return id;
}

/* Changes one text field from the server's current value; returns the new rev. */
static gint64
other_device_patch (Fixture    *f,
                    const char *kind,
                    const char *record_id,
                    const char *field,
                    const char *value)
{
  g_autoptr (JsonObject) current = cf_test_get_record (f->server, kind, record_id);
  g_autoptr (JsonObject) set = strings_new (field, value, NULL);
  g_autoptr (JsonObject) base = json_object_new ();
  g_autoptr (CfOpResult) result = NULL;

  json_object_set_member (base, field, json_node_copy (json_object_get_member (current, field)));
  result = other_device_apply (f, CF_OP_PATCH, kind, record_id, set, base,
                               json_object_get_int_member (current, "rev"), NULL);
  g_assert_cmpint (result->rev, ==, json_object_get_int_member (current, "rev") + 1);

  return result->rev;
}

static char *
other_device_create_staff (Fixture    *f,
                           const char *employee_no,
                           const char *name,
                           const char *role)
{
  g_autoptr (JsonObject) values = strings_new ("employee_no", employee_no, "name", name,
                                               "role", role, NULL);

  return other_device_create (f, "staff", values);
}

/* The desktop's side */

static gint64
cursor_seq (const char *cursor)
{
  if (cursor == NULL || cursor[0] == '\0')
    return 0;

  return g_ascii_strtoll (cursor, NULL, 10);
}

static JsonArray *
page_to_array (GPtrArray *page)
{
  JsonArray *changes = json_array_new ();

  for (guint i = 0; i < page->len; i++)
    json_array_add_object_element (changes, json_object_ref (page->pdata[i]));

  return changes;
}

/* One page of what the supervisor may read after @since, which must not fail. */
static JsonArray *
server_page (Fixture  *f,
             gint64    since,
             guint     limit,
             gint64   *last_seq,
             gboolean *has_more)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) page = NULL;

  page = cf_authority_changes (f->server, CF_ROLE_SUPERVISOR, since, limit, last_seq, has_more,
                               &error);
  g_assert_no_error (error);
  g_assert_nonnull (page);

  return page_to_array (page);
}

static void
apply_page (Fixture    *f,
            JsonArray  *changes,
            gint64      last_seq)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *cursor = g_strdup_printf ("%" G_GINT64_FORMAT, last_seq);

  cf_replica_apply_changes (f->desktop, changes, cursor, &error);
  g_assert_no_error (error);
  g_assert_true (sqlite3_get_autocommit (cf_store_get_connection (f->desktop)));
}

/* Reads the feed from the desktop's cursor to its end, @limit changes a
 * page, as the sync engine would; returns the number of pages.
 */
static guint
pull_paged (Fixture *f,
            guint    limit)
{
  gboolean has_more = TRUE;
  guint n_pages = 0;

  while (has_more)
    {
      g_autofree char *cursor = cf_replica_get_cursor (f->desktop);
      g_autoptr (JsonArray) changes = NULL;
      gint64 last_seq = -1;

      changes = server_page (f, cursor_seq (cursor), limit, &last_seq, &has_more);
      apply_page (f, changes, last_seq);
      n_pages++;
      g_assert_cmpuint (n_pages, <=, 1000);
    }

  return n_pages;
}

static void
pull (Fixture *f)
{
  g_autofree char *cursor = NULL;

  pull_paged (f, 100);
  cursor = cf_replica_get_cursor (f->desktop);
  g_assert_cmpint (cursor_seq (cursor), ==, cf_authority_last_seq (f->server));
}

/* Applies @op on the desktop as @author; it stays pending. */
static void
desktop_apply (Fixture    *f,
               const char *author,
               CfOp       *op)
{
  g_autoptr (GError) error = NULL;

  cf_store_apply (f->desktop, author, &op, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cf_op_get_op_id (op));
}

static CfOp *
desktop_patch (Fixture    *f,
               const char *author,
               const char *kind,
               const char *record_id,
               const char *field,
               const char *value)
{
  g_autoptr (JsonObject) set = strings_new (field, value, NULL);
  CfOp *op = cf_op_new_patch (kind, record_id, set);

  desktop_apply (f, author, op);
  return op;
}

static CfOp *
desktop_create_team (Fixture    *f,
                     const char *author,
                     const char *name)
{
  g_autoptr (JsonObject) values = strings_new ("name", name, NULL);
  CfOp *op = cf_op_new_create ("team", values);

  desktop_apply (f, author, op);
  return op;
}

static GPtrArray *
pending_ops (Fixture    *f,
             const char *author,
             guint       limit)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *ops = cf_replica_pending_ops (f->desktop, author, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ops);

  return ops;
}

/* Sends @ops as @author's device; the server itself must not fail. */
static GPtrArray *
send_ops (Fixture    *f,
          const char *author,
          GPtrArray  *ops)
{
  g_autofree char *device_id = cf_replica_device_id (f->desktop, author);
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_result_free);

  for (guint i = 0; i < ops->len; i++)
    {
      g_autoptr (GError) error = NULL;
      CfOp *op = ops->pdata[i];
      CfOpResult *result;
      CfRole role;

      g_assert_cmpstr (cf_op_get_author (op), ==, author);
      result = cf_authority_apply (f->server, op, device_id, cf_op_get_op_id (op), &error);
      g_assert_no_error (error);
      g_assert_nonnull (result);
      g_assert_true (cf_store_get_author_role (f->server, author, &role));
      cf_authority_attach_record (f->server, op, role, result, &error);
      g_assert_no_error (error);
      g_ptr_array_add (results, result);
    }

  return results;
}

static void
record_answers (Fixture   *f,
                GPtrArray *ops,
                GPtrArray *results)
{
  g_autoptr (GError) error = NULL;

  cf_replica_record_answers (f->desktop, ops, results, &error);
  g_assert_no_error (error);
  g_assert_true (sqlite3_get_autocommit (cf_store_get_connection (f->desktop)));
}

/* Pushes @author's pending ops and records the answers; returns them. */
static GPtrArray *
push (Fixture    *f,
      const char *author,
      GPtrArray **out_ops)
{
  g_autoptr (GPtrArray) ops = pending_ops (f, author, 100);
  GPtrArray *results = send_ops (f, author, ops);

  record_answers (f, ops, results);
  if (out_ops != NULL)
    *out_ops = g_steal_pointer (&ops);

  return results;
}

static void
assert_status (const CfOpResult *result,
               CfOpResultStatus  status)
{
  g_assert_nonnull (result);
  if (result->status != status)
    g_error ("expected %s, got %s (%s: %s)", cf_op_result_status_to_string (status),
             cf_op_result_status_to_string (result->status),
             result->error != NULL ? result->error : "-",
             result->reason != NULL ? result->reason : "-");
}

static CfOpResult *
result_at (GPtrArray *results,
           guint      i)
{
  g_assert_cmpuint (i, <, results->len);
  return results->pdata[i];
}

static CfOp *
op_at (GPtrArray *ops,
       guint      i)
{
  g_assert_cmpuint (i, <, ops->len);
  return ops->pdata[i];
}

/* A user B (a deputy) on the server, pulled to the desktop; returns the user id. */
static char *
add_second_user (Fixture    *f,
                 char      **out_staff_id)
{
  g_autofree char *staff_id = other_device_create_staff (f, "S002", "Bea Deputy", "deputy");
  g_autoptr (JsonObject) values = strings_new ("staff", staff_id, "login", "bea",
                                               "password_hash", "$argon2id$v=19$server-only",
                                               NULL);
  char *user_id = other_device_create (f, "user", values);

  pull (f);
  if (out_staff_id != NULL)
    *out_staff_id = g_steal_pointer (&staff_id);

  return user_id;
}

/* Fixture */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *cursor = NULL;

  /* The server: a first supervisor, published to the change feed. */
  f->dir = cf_test_make_dir (&f->server_path);
  f->server = cf_test_open_supervised_store (f->server_path, SUPERVISOR_NAME, SUPERVISOR_NO,
                                             SUPERVISOR_LOGIN, PASSWORD);
  cf_authority_publish_local_ops (f->server, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_authority_last_seq (f->server), ==, 2 + CF_ROSTER_N_DEFAULT_SHIFT_TYPES);
  f->supervisor_id = cf_test_query_text (f->server, "SELECT id FROM app_user", NULL);
  f->supervisor_staff_id = cf_test_query_text (f->server, "SELECT staff FROM app_user", NULL);
  g_assert_true (cf_uuid_is_valid (f->supervisor_id));
  g_assert_true (cf_uuid_is_valid (f->supervisor_staff_id));

  /* The desktop: an empty store that pulls what the server has. */
  f->desktop_path = g_build_filename (f->dir, "desktop.db", NULL);
  f->desktop = cf_store_open (f->desktop_path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_signal_connect (f->desktop, "changed", G_CALLBACK (on_desktop_changed_cb), f);
  cursor = cf_replica_get_cursor (f->desktop);
  g_assert_cmpint (cursor_seq (cursor), ==, 0);
  g_assert_cmpint (count (f->desktop, "SELECT COUNT(*) FROM app_user"), ==, 0);

  pull (f);
  g_assert_cmpint (count (f->desktop, "SELECT COUNT(*) FROM app_user"), ==, 1);
  g_assert_cmpint (count (f->desktop, "SELECT COUNT(*) FROM staff"), ==, 1);
  assert_same_record (f, "user", f->supervisor_id);
  assert_same_record (f, "staff", f->supervisor_staff_id);
  g_assert_cmpuint (cf_replica_count_pending (f->desktop), ==, 0);
  f->n_changed = 0;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->desktop);
  g_clear_object (&f->server);
  g_clear_pointer (&f->supervisor_id, g_free);
  g_clear_pointer (&f->supervisor_staff_id, g_free);
  cf_test_remove_tree (f->dir);
  g_clear_pointer (&f->server_path, g_free);
  g_clear_pointer (&f->desktop_path, g_free);
  g_clear_pointer (&f->dir, g_free);
}

/* Device ids */

static void
assert_made_uuid (const char *id)
{
  g_assert_true (cf_uuid_is_valid (id));
  g_assert_cmpint (id[14], ==, '8');
  g_assert_nonnull (strchr ("89ab", id[19]));
}

static void
test_replica_device_id (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *a = cf_replica_device_id (f->desktop, f->supervisor_id);
  g_autofree char *a_again = cf_replica_device_id (f->desktop, f->supervisor_id);
  g_autofree char *b = cf_replica_device_id (f->desktop, "0190f0c2-7a8b-7c1e-9d1a-3b0c5e7f1aff");
  g_autofree char *system = cf_replica_device_id (f->desktop, CF_SYSTEM_AUTHOR);
  g_autofree char *a_elsewhere = cf_replica_device_id (f->server, f->supervisor_id);
  g_autofree char *a_reopened = NULL;

  assert_made_uuid (a);
  assert_made_uuid (b);
  assert_made_uuid (system);
  assert_made_uuid (a_elsewhere);

  /* The same store and author: the same device, also once reopened. */
  g_assert_cmpstr (a, ==, a_again);
  g_clear_object (&f->desktop);
  f->desktop = cf_store_open (f->desktop_path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  a_reopened = cf_replica_device_id (f->desktop, f->supervisor_id);
  g_assert_cmpstr (a, ==, a_reopened);

  /* Another author or another store: another device. */
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpstr (a, !=, system);
  g_assert_cmpstr (b, !=, system);
  g_assert_cmpstr (a, !=, a_elsewhere);
  g_assert_cmpstr (cf_store_get_device_id (f->desktop), !=, cf_store_get_device_id (f->server));
}

/* Pending ops */

static void
assert_pending (Fixture    *f,
                const char *author,
                CfOp      **expected,
                guint       n_expected,
                gint64      first_seq)
{
  g_autoptr (GPtrArray) ops = pending_ops (f, author, 100);

  g_assert_cmpuint (ops->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      CfOp *op = ops->pdata[i];

      g_assert_cmpstr (cf_op_get_op_id (op), ==, cf_op_get_op_id (expected[i]));
      g_assert_cmpstr (cf_op_get_record_id (op), ==, cf_op_get_record_id (expected[i]));
      g_assert_cmpint (cf_op_get_action (op), ==, cf_op_get_action (expected[i]));
      g_assert_cmpstr (cf_op_get_author (op), ==, author);
      g_assert_cmpint (cf_op_get_device_seq (op), ==, first_seq + i);
      g_assert_true (json_object_equal (cf_op_get_set (op), cf_op_get_set (expected[i])));
    }
}

static void
test_replica_pending_ops (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *b_id = add_second_user (f, NULL);
  g_autoptr (CfOp) a1 = desktop_create_team (f, f->supervisor_id, "A one");
  g_autoptr (CfOp) b1 = desktop_create_team (f, b_id, "B one");
  g_autoptr (CfOp) a2 = desktop_create_team (f, f->supervisor_id, "A two");
  g_autoptr (CfOp) b2 = desktop_create_team (f, b_id, "B two");
  g_autoptr (CfOp) a3 = desktop_patch (f, f->supervisor_id, "team", cf_op_get_record_id (a1),
                                       "name", "A one, renamed");
  g_autoptr (GPtrArray) first_two = NULL;
  g_autoptr (GPtrArray) results = NULL;
  CfOp *a_ops[] = { a1, a2, a3 };
  CfOp *b_ops[] = { b1, b2 };

  /* The op log numbers them together... */
  g_assert_cmpint (cf_op_get_device_seq (a3), ==, 5);
  g_assert_cmpuint (cf_replica_count_pending (f->desktop), ==, 5);

  /* ...but each author's ops go up as a device of their own. */
  assert_pending (f, f->supervisor_id, a_ops, 3, 1);
  assert_pending (f, b_id, b_ops, 2, 1);

  /* The limit keeps the oldest. */
  first_two = pending_ops (f, f->supervisor_id, 2);
  g_assert_cmpuint (first_two->len, ==, 2);
  for (guint i = 0; i < first_two->len; i++)
    {
      g_assert_cmpstr (cf_op_get_op_id (op_at (first_two, i)), ==, cf_op_get_op_id (a_ops[i]));
      g_assert_cmpint (cf_op_get_device_seq (op_at (first_two, i)), ==, i + 1);
    }

  /* The server takes A's first two in that order, as A's device. */
  results = send_ops (f, f->supervisor_id, first_two);
  assert_status (result_at (results, 0), CF_OP_RESULT_APPLIED);
  assert_status (result_at (results, 1), CF_OP_RESULT_APPLIED);
  record_answers (f, first_two, results);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* A's third keeps its number; B's are untouched. */
  assert_pending (f, f->supervisor_id, &a_ops[2], 1, 3);
  assert_pending (f, b_id, b_ops, 2, 1);
  g_assert_cmpuint (cf_replica_count_pending (f->desktop), ==, 3);

  /* And the server agrees: A's 3 and B's 1, 2 are the next it expects. */
  results = push (f, f->supervisor_id, NULL);
  g_assert_cmpuint (results->len, ==, 1);
  assert_status (result_at (results, 0), CF_OP_RESULT_APPLIED);
  g_clear_pointer (&results, g_ptr_array_unref);
  results = push (f, b_id, NULL);
  g_assert_cmpuint (results->len, ==, 2);
  assert_status (result_at (results, 0), CF_OP_RESULT_APPLIED);
  assert_status (result_at (results, 1), CF_OP_RESULT_APPLIED);

  g_assert_cmpuint (cf_replica_count_pending (f->desktop), ==, 0);
  assert_pending (f, f->supervisor_id, NULL, 0, 1);
  assert_pending (f, b_id, NULL, 0, 1);
  g_assert_cmpint (count (f->server, "SELECT COUNT(*) FROM team"), ==, 4);
  {
    g_autofree char *renamed = cf_test_record_string (f->server, "team",
                                                      cf_op_get_record_id (a1), "name");

    g_assert_cmpstr (renamed, ==, "A one, renamed");
  }
  pull (f);
  g_assert_cmpint (count (f->desktop, "SELECT COUNT(*) FROM team"), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (a_ops); i++)
    assert_same_record (f, "team", cf_op_get_record_id (a_ops[i]));
  for (guint i = 0; i < G_N_ELEMENTS (b_ops); i++)
    assert_same_record (f, "team", cf_op_get_record_id (b_ops[i]));
}

/* Answers */

static void
test_replica_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  const char *staff_id = f->supervisor_staff_id;
  g_autoptr (CfOp) patch = desktop_patch (f, f->supervisor_id, "staff", staff_id, "phone", "4411");
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (JsonObject) answer = NULL;
  g_autofree char *status = NULL;
  g_autofree char *text = NULL;
  g_autofree char *phone = NULL;
  gint64 server_rev;

  g_assert_cmpint (op_log_pushed (f, cf_op_get_op_id (patch)), ==, 0);
  g_assert_cmpuint (cf_replica_count_pending (f->desktop), ==, 1);

  /* Applied */
  results = push (f, f->supervisor_id, &ops);
  g_assert_cmpuint (results->len, ==, 1);
  assert_status (result_at (results, 0), CF_OP_RESULT_APPLIED);
  server_rev = cf_test_record_rev (f->server, "staff", staff_id);
  g_assert_cmpint (server_rev, ==, 2);
  g_assert_cmpint (result_at (results, 0)->rev, ==, server_rev);
  phone = cf_test_record_string (f->server, "staff", staff_id, "phone");
  g_assert_cmpstr (phone, ==, "4411");

  g_assert_cmpint (op_log_pushed (f, cf_op_get_op_id (patch)), ==, 1);
  status = op_log_text (f, "sync_status", cf_op_get_op_id (patch));
  g_assert_cmpstr (status, ==, "applied");
  text = op_log_text (f, "sync_result", cf_op_get_op_id (patch));
  answer = parse_object (text);
  g_assert_cmpstr (json_object_get_string_member (answer, "status"), ==, "applied");
  g_assert_cmpint (json_object_get_int_member (answer, "rev"), ==, server_rev);
  g_assert_cmpint (json_object_get_int_member (answer, "seq"), ==, result_at (results, 0)->seq);
  g_assert_cmpint (cf_test_record_rev (f->desktop, "staff", staff_id), ==, server_rev);
  g_assert_cmpuint (cf_replica_count_pending (f->desktop), ==, 0);
  g_clear_pointer (&ops, g_ptr_array_unref);
  g_clear_pointer (&results, g_ptr_array_unref);
  g_clear_pointer (&status, g_free);
  g_clear_pointer (&text, g_free);

  /* Its page then changes nothing. */
  {
    g_autofree char *before = snapshot (f->desktop);
    g_autofree char *after = NULL;

    f->n_changed = 0;
    pull (f);
    after = snapshot (f->desktop);
    g_assert_cmpstr (before, ==, after);
    g_assert_cmpuint (f->n_changed, ==, 0);
    assert_same_record (f, "staff", staff_id);
  }

  /* Retry: the second op arrives before the first and waits for it. */
  {
    g_autoptr (CfOp) first = desktop_patch (f, f->supervisor_id, "staff", staff_id,
                                            "phone", "4412");
    g_autoptr (CfOp) second = desktop_patch (f, f->supervisor_id, "staff", staff_id,
                                             "name", "Ada Lovelace");
    g_autoptr (GPtrArray) all = pending_ops (f, f->supervisor_id, 100);
    g_autoptr (GPtrArray) later = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);

    g_assert_cmpuint (all->len, ==, 2);
    g_ptr_array_add (later, cf_op_ref (op_at (all, 1)));
    results = send_ops (f, f->supervisor_id, later);
    assert_status (result_at (results, 0), CF_OP_RESULT_RETRY);
    g_assert_cmpint (result_at (results, 0)->expected_device_seq, ==, 2);
    record_answers (f, later, results);
    g_clear_pointer (&results, g_ptr_array_unref);

    g_assert_cmpint (op_log_pushed (f, cf_op_get_op_id (second)), ==, 0);
    status = op_log_text (f, "sync_status", cf_op_get_op_id (second));
    g_assert_null (status);
    text = op_log_text (f, "sync_result", cf_op_get_op_id (second));
    g_assert_null (text);
    g_assert_cmpuint (cf_replica_count_pending (f->desktop), ==, 2);
    assert_pending (f, f->supervisor_id, (CfOp **) all->pdata, 2, 2);

    /* Sent in order, both are applied. */
    results = push (f, f->supervisor_id, NULL);
    g_assert_cmpuint (results->len, ==, 2);
    assert_status (result_at (results, 0), CF_OP_RESULT_APPLIED);
    assert_status (result_at (results, 1), CF_OP_RESULT_APPLIED);
    g_clear_pointer (&results, g_ptr_array_unref);
    status = op_log_text (f, "sync_status", cf_op_get_op_id (second));
    g_assert_cmpstr (status, ==, "applied");
    g_clear_pointer (&status, g_free);
    g_assert_cmpuint (cf_replica_count_pending (f->desktop), ==, 0);
    pull (f);
    assert_same_record (f, "staff", staff_id);
  }

  /* A lost answer: the push is sent again and answered as a duplicate of
   * the first answer, which is what the op log keeps.
   */
  {
    g_autoptr (CfOp) rename = desktop_patch (f, f->supervisor_id, "staff", staff_id,
                                             "name", "Ada King");
    g_autoptr (GPtrArray) lost = pending_ops (f, f->supervisor_id, 100);
    g_autoptr (GPtrArray) lost_results = send_ops (f, f->supervisor_id, lost);

    assert_status (result_at (lost_results, 0), CF_OP_RESULT_APPLIED);
    g_assert_cmpuint (cf_replica_count_pending (f->desktop), ==, 1);

    results = push (f, f->supervisor_id, NULL);
    assert_status (result_at (results, 0), CF_OP_RESULT_DUPLICATE);
    g_assert_cmpint (result_at (results, 0)->original_status, ==, CF_OP_RESULT_APPLIED);
    g_clear_pointer (&results, g_ptr_array_unref);
    status = op_log_text (f, "sync_status", cf_op_get_op_id (rename));
    g_assert_cmpstr (status, ==, "applied");
    g_clear_pointer (&status, g_free);
    g_assert_cmpint (op_log_pushed (f, cf_op_get_op_id (rename)), ==, 1);
    g_assert_cmpint (cf_test_record_rev (f->desktop, "staff", staff_id), ==,
                     result_at (lost_results, 0)->rev);
    g_assert_cmpint (cf_test_record_rev (f->desktop, "staff", staff_id), ==,
                     cf_test_record_rev (f->server, "staff", staff_id));
  }

  /* Rejected: the name was taken on the server meanwhile. */
  {
    g_autoptr (JsonObject) values = strings_new ("name", "Night", NULL);
    g_autofree char *server_team = other_device_create (f, "team", values);
    g_autoptr (CfOp) create = desktop_create_team (f, f->supervisor_id, "Night");
    g_autoptr (JsonObject) rejection = NULL;

    results = push (f, f->supervisor_id, NULL);
    g_assert_cmpuint (results->len, ==, 1);
    assert_status (result_at (results, 0), CF_OP_RESULT_REJECTED);
    g_assert_cmpstr (result_at (results, 0)->error, ==, "invalid");

    g_assert_cmpint (op_log_pushed (f, cf_op_get_op_id (create)), ==, 1);
    status = op_log_text (f, "sync_status", cf_op_get_op_id (create));
    g_assert_cmpstr (status, ==, "rejected");
    text = op_log_text (f, "sync_result", cf_op_get_op_id (create));
    rejection = parse_object (text);
    g_assert_cmpstr (json_object_get_string_member (rejection, "status"), ==, "rejected");
    g_assert_cmpstr (json_object_get_string_member (rejection, "error"), ==, "invalid");
    g_assert_cmpstr (json_object_get_string_member (rejection, "reason"), ==,
                     result_at (results, 0)->reason);
    g_assert_cmpuint (cf_replica_count_pending (f->desktop), ==, 0);
    assert_pending (f, f->supervisor_id, NULL, 0, 1);
    assert_no_record (f->server, "team", cf_op_get_record_id (create));

    /* The team the server never had is gone from here too, as a tombstone
     * that frees its name for the server's team of that name.
     */
    g_assert_true (cf_test_record_deleted (f->desktop, "team", cf_op_get_record_id (create)));
    pull (f);
    assert_same_record (f, "team", server_team);
  }
}

/* Pulling */

static void
test_replica_pull (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) team_values = strings_new ("name", "Day", NULL);
  g_autofree char *team_id = other_device_create (f, "team", team_values);
  g_autoptr (JsonObject) staff_values = strings_new ("employee_no", "2001", "name", "Li Na",
                                                     "role", "agent", "team", team_id,
                                                     "hire_date", "2024-03-01",
                                                     "phone", "5501", NULL);
  g_autofree char *staff_id = other_device_create (f, "staff", staff_values);
  g_autofree char *cursor_before = cf_replica_get_cursor (f->desktop);
  g_autofree char *snapshot_before = snapshot (f->desktop);
  g_autofree char *cursor = NULL;
  g_autofree char *expected_cursor = NULL;
  g_autofree char *old_envelope = NULL;
  g_autoptr (JsonArray) page = NULL;
  gint64 last_seq = -1;
  gboolean has_more = TRUE;

  page = server_page (f, cursor_seq (cursor_before), 100, &last_seq, &has_more);
  g_assert_false (has_more);
  g_assert_cmpuint (json_array_get_length (page), ==, 2);
  g_assert_cmpint (last_seq, ==, cf_authority_last_seq (f->server));
  old_envelope = object_to_string (json_array_get_object_element (page, 1));

  /* A page failing part-way writes nothing, its cursor included. */
  {
    g_autoptr (JsonArray) bad = json_array_new ();
    g_autoptr (JsonObject) broken = object_copy (json_array_get_object_element (page, 1));
    g_autofree char *long_name = g_strnfill (61, 'x');
    g_autofree char *snapshot_after = NULL;
    g_autofree char *cursor_after = NULL;

    for (guint i = 0; i < json_array_get_length (page); i++)
      json_array_add_object_element (bad, object_copy (json_array_get_object_element (page, i)));
    json_object_set_int_member (broken, "rev", 2);
    json_object_set_string_member (json_object_get_object_member (broken, "body"), "name",
                                   long_name);
    json_array_add_object_element (bad, g_steal_pointer (&broken));

    g_assert_false (cf_replica_apply_changes (f->desktop, bad, "999", &error));
    g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_true (sqlite3_get_autocommit (cf_store_get_connection (f->desktop)));

    assert_no_record (f->desktop, "team", team_id);
    assert_no_record (f->desktop, "staff", staff_id);
    cursor_after = cf_replica_get_cursor (f->desktop);
    g_assert_cmpstr (cursor_after, ==, cursor_before);
    snapshot_after = snapshot (f->desktop);
    g_assert_cmpstr (snapshot_after, ==, snapshot_before);
    g_assert_cmpuint (f->n_changed, ==, 0);
  }

  /* So is a change that is not well formed. */
  {
    g_autoptr (JsonArray) bad = json_array_new ();
    g_autoptr (JsonObject) broken = object_copy (json_array_get_object_element (page, 1));
    g_autofree char *cursor_after = NULL;

    json_array_add_object_element (bad, object_copy (json_array_get_object_element (page, 0)));
    json_object_set_string_member (broken, "kind", "no-such-kind");
    json_array_add_object_element (bad, g_steal_pointer (&broken));

    g_assert_false (cf_replica_apply_changes (f->desktop, bad, "999", &error));
    g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
    g_clear_error (&error);
    assert_no_record (f->desktop, "team", team_id);
    cursor_after = cf_replica_get_cursor (f->desktop);
    g_assert_cmpstr (cursor_after, ==, cursor_before);
  }

  /* The page itself: the server's records, revs and all, and its cursor. */
  apply_page (f, page, last_seq);
  assert_same_record (f, "team", team_id);
  assert_same_record (f, "staff", staff_id);
  g_assert_cmpint (cf_test_record_rev (f->desktop, "staff", staff_id), ==, 1);
  {
    g_autofree char *name = cf_test_record_string (f->desktop, "staff", staff_id, "name");
    g_autofree char *team = cf_test_record_string (f->desktop, "staff", staff_id, "team");
    g_autofree char *hire_date = cf_test_record_string (f->desktop, "staff", staff_id, "hire_date");

    g_assert_cmpstr (name, ==, "Li Na");
    g_assert_cmpstr (team, ==, team_id);
    g_assert_cmpstr (hire_date, ==, "2024-03-01");
  }
  expected_cursor = g_strdup_printf ("%" G_GINT64_FORMAT, last_seq);
  cursor = cf_replica_get_cursor (f->desktop);
  g_assert_cmpstr (cursor, ==, expected_cursor);
  g_assert_cmpuint (f->n_changed, ==, 2);
  g_assert_cmpuint (cf_replica_count_pending (f->desktop), ==, 0);

  /* The same page again changes nothing and tells no one. */
  {
    g_autofree char *before = snapshot (f->desktop);
    g_autofree char *after = NULL;
    gint64 n_staff = count (f->desktop, "SELECT COUNT(*) FROM staff");
    gint64 n_teams = count (f->desktop, "SELECT COUNT(*) FROM team");

    f->n_changed = 0;
    apply_page (f, page, last_seq);
    after = snapshot (f->desktop);
    g_assert_cmpstr (after, ==, before);
    g_assert_cmpint (count (f->desktop, "SELECT COUNT(*) FROM staff"), ==, n_staff);
    g_assert_cmpint (count (f->desktop, "SELECT COUNT(*) FROM team"), ==, n_teams);
    g_assert_cmpint (cf_test_record_rev (f->desktop, "staff", staff_id), ==, 1);
    g_assert_cmpint (cf_test_record_rev (f->desktop, "team", team_id), ==, 1);
    g_assert_cmpuint (f->n_changed, ==, 0);
  }

  /* An older version never overwrites a newer one. */
  g_assert_cmpint (other_device_patch (f, "staff", staff_id, "name", "Li Na Wang"), ==, 2);
  pull (f);
  assert_same_record (f, "staff", staff_id);
  g_assert_cmpint (cf_test_record_rev (f->desktop, "staff", staff_id), ==, 2);
  {
    g_autoptr (JsonArray) stale = json_array_new ();
    g_autofree char *before = snapshot (f->desktop);
    g_autofree char *after = NULL;
    g_autofree char *name = NULL;

    json_array_add_object_element (stale, parse_object (old_envelope));
    f->n_changed = 0;
    apply_page (f, stale, last_seq + 1);
    name = cf_test_record_string (f->desktop, "staff", staff_id, "name");
    g_assert_cmpstr (name, ==, "Li Na Wang");
    g_assert_cmpint (cf_test_record_rev (f->desktop, "staff", staff_id), ==, 2);
    after = snapshot (f->desktop);
    g_assert_cmpstr (after, ==, before);
    g_assert_cmpuint (f->n_changed, ==, 0);
  }
}

/* Pending local changes stay on top of the server's state. */
static void
test_replica_pending_on_top (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *staff_id = other_device_create_staff (f, "2001", "Li Na", "agent");
  g_autoptr (CfOp) patch = NULL;
  g_autoptr (GPtrArray) results = NULL;
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *server_phone = NULL;

  pull (f);
  patch = desktop_patch (f, f->supervisor_id, "staff", staff_id, "phone", "7777");

  /* Meanwhile the server's version moves on. */
  g_assert_cmpint (other_device_patch (f, "staff", staff_id, "name", "Li Na Wang"), ==, 2);
  f->n_changed = 0;
  pull (f);
  g_assert_cmpuint (f->n_changed, ==, 1);

  name = cf_test_record_string (f->desktop, "staff", staff_id, "name");
  phone = cf_test_record_string (f->desktop, "staff", staff_id, "phone");
  g_assert_cmpstr (name, ==, "Li Na Wang");
  g_assert_cmpstr (phone, ==, "7777");
  g_assert_cmpint (cf_test_record_rev (f->desktop, "staff", staff_id), ==, 2);
  server_phone = cf_test_record_string (f->server, "staff", staff_id, "phone");
  g_assert_null (server_phone);
  g_assert_cmpint (op_log_pushed (f, cf_op_get_op_id (patch)), ==, 0);
  g_assert_cmpuint (cf_replica_count_pending (f->desktop), ==, 1);

  /* The record says who made the change on top, and when. */
  {
    g_autofree char *updated_by = cf_test_record_string (f->desktop, "staff", staff_id,
                                                         "updated_by");
    g_autofree char *updated_at = cf_test_record_string (f->desktop, "staff", staff_id,
                                                         "updated_at");
    g_autofree char *made_at = op_log_text (f, "created_at", cf_op_get_op_id (patch));

    g_assert_cmpstr (updated_by, ==, f->supervisor_id);
    g_assert_cmpstr (updated_at, ==, made_at);
  }

  /* Once pushed, both sides agree. */
  results = push (f, f->supervisor_id, NULL);
  assert_status (result_at (results, 0), CF_OP_RESULT_APPLIED);
  pull (f);
  assert_same_record (f, "staff", staff_id);
  g_clear_pointer (&phone, g_free);
  phone = cf_test_record_string (f->desktop, "staff", staff_id, "phone");
  g_assert_cmpstr (phone, ==, "7777");
}

/* An answer merged with another device's change must not hide that change:
 * the record here is not the server's until the change feed brings it.
 */
static void
test_replica_answer_then_pull (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *staff_id = other_device_create_staff (f, "2001", "Li Na", "agent");
  g_autoptr (CfOp) patch = NULL;
  g_autoptr (GPtrArray) results = NULL;
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;

  pull (f);
  patch = desktop_patch (f, f->supervisor_id, "staff", staff_id, "phone", "7777");
  g_assert_cmpint (other_device_patch (f, "staff", staff_id, "name", "Li Na Wang"), ==, 2);

  /* Pushed before pulling: the server merges both changes into rev 3. */
  results = push (f, f->supervisor_id, NULL);
  assert_status (result_at (results, 0), CF_OP_RESULT_APPLIED);
  g_assert_cmpint (result_at (results, 0)->rev, ==, 3);

  pull (f);
  name = cf_test_record_string (f->desktop, "staff", staff_id, "name");
  phone = cf_test_record_string (f->desktop, "staff", staff_id, "phone");
  g_assert_cmpstr (name, ==, "Li Na Wang");
  g_assert_cmpstr (phone, ==, "7777");
  g_assert_cmpint (cf_test_record_rev (f->desktop, "staff", staff_id), ==, 3);
  assert_same_record (f, "staff", staff_id);
}

/* The server already held what the desktop sent, and another device's
 * change with it: the answer is "applied" without a change of its own, so
 * the record here is still not the server's version.
 */
static void
test_replica_answer_without_change (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *staff_id = other_device_create_staff (f, "2001", "Li Na", "agent");
  g_autoptr (JsonObject) set = strings_new ("phone", "7777", "name", "Li Na Wang", NULL);
  g_autoptr (JsonObject) base = strings_new ("name", "Li Na", NULL);
  g_autoptr (CfOpResult) other = NULL;
  g_autoptr (CfOp) patch = NULL;
  g_autoptr (GPtrArray) results = NULL;
  g_autofree char *name = NULL;

  pull (f);
  patch = desktop_patch (f, f->supervisor_id, "staff", staff_id, "phone", "7777");
  json_object_set_null_member (base, "phone");
  other = other_device_apply (f, CF_OP_PATCH, "staff", staff_id, set, base, 1, NULL);
  g_assert_cmpint (other->rev, ==, 2);

  results = push (f, f->supervisor_id, NULL);
  assert_status (result_at (results, 0), CF_OP_RESULT_APPLIED);
  g_assert_cmpint (result_at (results, 0)->rev, ==, 2);
  g_assert_cmpint (cf_test_record_rev (f->server, "staff", staff_id), ==, 2);

  pull (f);
  name = cf_test_record_string (f->desktop, "staff", staff_id, "name");
  g_assert_cmpstr (name, ==, "Li Na Wang");
  assert_same_record (f, "staff", staff_id);
}

/* Secrets */

static void
test_replica_secrets (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *server_hash = NULL;
  g_autofree char *desktop_hash = NULL;
  g_autofree char *b_hash = NULL;
  g_autofree char *login = NULL;
  g_autofree char *b_id = NULL;

  /* The first supervisor's hash stays on the server. */
  server_hash = cf_test_query_text (f->server, "SELECT password_hash FROM app_user WHERE id = ?",
                                    f->supervisor_id);
  g_assert_true (g_str_has_prefix (server_hash, "$argon2id$"));
  desktop_hash = cf_test_query_text (f->desktop, "SELECT password_hash FROM app_user WHERE id = ?",
                                     f->supervisor_id);
  g_assert_cmpstr (desktop_hash, ==, "");
  g_clear_pointer (&desktop_hash, g_free);

  /* So does a user added later. */
  b_id = add_second_user (f, NULL);
  assert_same_record (f, "user", b_id);
  b_hash = cf_test_query_text (f->desktop, "SELECT password_hash FROM app_user WHERE id = ?",
                               b_id);
  g_assert_cmpstr (b_hash, ==, "");
  g_assert_cmpint (count (f->desktop, "SELECT COUNT(*) FROM app_user WHERE password_hash <> ''"),
                   ==, 0);

  /* A verifier cached on this desktop survives a newer server version. */
  exec_with_text (f->desktop, "UPDATE app_user SET password_hash = ? WHERE id = ?",
                  "$argon2id$v=19$cached-here", f->supervisor_id);
  g_assert_cmpint (other_device_patch (f, "user", f->supervisor_id, "login", "ada.l"), ==, 2);
  f->n_changed = 0;
  pull (f);
  g_assert_cmpuint (f->n_changed, ==, 1);
  login = cf_test_record_string (f->desktop, "user", f->supervisor_id, "login");
  g_assert_cmpstr (login, ==, "ada.l");
  g_assert_cmpint (cf_test_record_rev (f->desktop, "user", f->supervisor_id), ==, 2);
  desktop_hash = cf_test_query_text (f->desktop, "SELECT password_hash FROM app_user WHERE id = ?",
                                     f->supervisor_id);
  g_assert_cmpstr (desktop_hash, ==, "$argon2id$v=19$cached-here");
  assert_same_record (f, "user", f->supervisor_id);

  /* The server's own hash was not touched by any of it. */
  g_clear_pointer (&desktop_hash, g_free);
  desktop_hash = cf_test_query_text (f->server, "SELECT password_hash FROM app_user WHERE id = ?",
                                     f->supervisor_id);
  g_assert_cmpstr (desktop_hash, ==, server_hash);
}

/* Conflicts */

static void
test_replica_conflict (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *staff_id = other_device_create_staff (f, "2001", "Li Na", "agent");
  g_autoptr (CfOp) mine = NULL;
  g_autoptr (CfOp) later = NULL;
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (JsonObject) fields = NULL;
  g_autofree char *conflict_id = NULL;
  g_autofree char *status = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  const CfOpResult *result;

  pull (f);
  g_assert_cmpuint (cf_replica_count_conflicts (f->desktop), ==, 0);

  /* Two devices change the same field from the same version. */
  mine = desktop_patch (f, f->supervisor_id, "staff", staff_id, "name", "Li Na (desk)");
  g_assert_cmpuint (cf_replica_count_pending (f->desktop), ==, 1);
  g_assert_cmpint (other_device_patch (f, "staff", staff_id, "name", "Li Na (other)"), ==, 2);

  results = push (f, f->supervisor_id, NULL);
  result = result_at (results, 0);
  assert_status (result, CF_OP_RESULT_CONFLICT);
  g_assert_true (cf_uuid_is_valid (result->conflict_id));
  conflict_id = g_strdup (result->conflict_id);
  status = op_log_text (f, "sync_status", cf_op_get_op_id (mine));
  g_assert_cmpstr (status, ==, "conflict");
  text = op_log_text (f, "sync_result", cf_op_get_op_id (mine));
  {
    g_autoptr (JsonObject) answer = parse_object (text);

    g_assert_cmpstr (json_object_get_string_member (answer, "conflict_id"), ==, conflict_id);
  }
  g_assert_cmpuint (cf_replica_count_pending (f->desktop), ==, 0);

  /* The answer brought the server's version of the record: shown at once,
   * before any pull, so the desktop's own value does not linger.
   */
  name = cf_test_record_string (f->desktop, "staff", staff_id, "name");
  g_assert_cmpstr (name, ==, "Li Na (other)");
  g_clear_pointer (&name, g_free);
  g_assert_cmpint (cf_test_record_rev (f->desktop, "staff", staff_id), ==, 2);

  /* The conflict is not here until the change feed brings it, like any record. */
  assert_no_record (f->desktop, "conflict", conflict_id);
  g_assert_cmpuint (cf_replica_count_conflicts (f->desktop), ==, 0);
  f->n_changed = 0;
  pull (f);
  g_assert_cmpuint (f->n_changed, >=, 1);

  assert_same_record (f, "conflict", conflict_id);
  g_clear_pointer (&status, g_free);
  status = cf_test_record_string (f->desktop, "conflict", conflict_id, "status");
  g_assert_cmpstr (status, ==, "open");
  {
    g_autofree char *record_kind = cf_test_record_string (f->desktop, "conflict", conflict_id,
                                                          "record_kind");
    g_autofree char *record_id = cf_test_record_string (f->desktop, "conflict", conflict_id,
                                                        "record_id");
    g_autofree char *fields_text = cf_test_record_string (f->desktop, "conflict", conflict_id,
                                                          "fields");
    JsonObject *versions;

    g_assert_cmpstr (record_kind, ==, "staff");
    g_assert_cmpstr (record_id, ==, staff_id);
    fields = parse_object (fields_text);
    versions = json_object_get_object_member (fields, "name");
    g_assert_nonnull (versions);
    g_assert_cmpstr (json_object_get_string_member (versions, "mine"), ==, "Li Na (desk)");
    g_assert_cmpstr (json_object_get_string_member (versions, "theirs"), ==, "Li Na (other)");
    g_assert_cmpstr (json_object_get_string_member (versions, "base"), ==, "Li Na");
  }
  g_assert_cmpuint (cf_replica_count_conflicts (f->desktop), ==, 1);

  /* The record shows the server's version; the conflict keeps ours. */
  name = cf_test_record_string (f->desktop, "staff", staff_id, "name");
  g_assert_cmpstr (name, ==, "Li Na (other)");
  assert_same_record (f, "staff", staff_id);

  /* Pending counts what the desktop's users still have to send. */
  {
    g_autoptr (JsonObject) values = strings_new ("name", "Made by the operator", NULL);
    g_autoptr (CfOp) system = cf_op_new_create ("team", values);

    cf_store_apply_system (f->desktop, &system, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (count (f->desktop, "SELECT COUNT(*) FROM op_log WHERE pushed = 0"), ==, 1);
    g_assert_cmpuint (cf_replica_count_pending (f->desktop), ==, 0);
  }
  later = desktop_patch (f, f->supervisor_id, "staff", staff_id, "phone", "7777");
  g_assert_cmpuint (cf_replica_count_pending (f->desktop), ==, 1);
  g_assert_cmpuint (cf_replica_count_conflicts (f->desktop), ==, 1);

  /* Once a newer version says it is resolved, it no longer counts. */
  {
    g_autoptr (JsonArray) page = NULL;
    g_autoptr (JsonArray) resolved_page = json_array_new ();
    g_autofree char *cursor = cf_replica_get_cursor (f->desktop);
    JsonObject *resolved = NULL;
    gint64 last_seq = -1;
    gboolean has_more = TRUE;

    page = server_page (f, 0, 100, &last_seq, &has_more);
    for (guint i = 0; i < json_array_get_length (page); i++)
      {
        JsonObject *envelope = json_array_get_object_element (page, i);

        if (g_strcmp0 (json_object_get_string_member (envelope, "id"), conflict_id) == 0)
          resolved = object_copy (envelope);
      }
    g_assert_nonnull (resolved);
    json_object_set_int_member (resolved, "rev", json_object_get_int_member (resolved, "rev") + 1);
    json_object_set_string_member (json_object_get_object_member (resolved, "body"), "status",
                                   "resolved");
    json_array_add_object_element (resolved_page, resolved);
    apply_page (f, resolved_page, cursor_seq (cursor));

    g_clear_pointer (&status, g_free);
    status = cf_test_record_string (f->desktop, "conflict", conflict_id, "status");
    g_assert_cmpstr (status, ==, "resolved");
    g_assert_cmpuint (cf_replica_count_conflicts (f->desktop), ==, 0);
  }
}

/* Reading the feed again */

static void
test_replica_forget_cursor (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) team_values = strings_new ("name", "Day", NULL);
  g_autofree char *team_id = other_device_create (f, "team", team_values);
  g_autofree char *staff_id = other_device_create_staff (f, "2001", "Li Na", "agent");
  g_autoptr (CfOp) patch = NULL;
  g_autoptr (GPtrArray) pending_before = NULL;
  g_autofree char *snapshot_before = NULL;
  g_autofree char *snapshot_after = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *phone = NULL;
  guint n_pages;

  g_assert_cmpint (other_device_patch (f, "staff", staff_id, "name", "Li Na Wang"), ==, 2);
  pull (f);
  patch = desktop_patch (f, f->supervisor_id, "staff", staff_id, "phone", "7777");
  pending_before = pending_ops (f, f->supervisor_id, 100);
  g_assert_cmpuint (pending_before->len, ==, 1);
  snapshot_before = snapshot (f->desktop);

  /* Say the desktop lost a record; the cursor is forgotten (410 Gone). */
  exec_with_text (f->desktop, "DELETE FROM team WHERE id = ?", team_id, NULL);
  assert_no_record (f->desktop, "team", team_id);
  cf_replica_forget_cursor (f->desktop, &error);
  g_assert_no_error (error);
  cursor = cf_replica_get_cursor (f->desktop);
  g_assert_cmpint (cursor_seq (cursor), ==, 0);
  g_clear_pointer (&cursor, g_free);

  /* From the start, a few changes a page. */
  n_pages = pull_paged (f, 2);
  g_assert_cmpuint (n_pages, >, 1);
  cursor = cf_replica_get_cursor (f->desktop);
  g_assert_cmpint (cursor_seq (cursor), ==, cf_authority_last_seq (f->server));

  /* Everything once, the lost record back, the pending change on top. */
  snapshot_after = snapshot (f->desktop);
  g_assert_cmpstr (snapshot_after, ==, snapshot_before);
  assert_same_record (f, "team", team_id);
  g_assert_cmpint (count (f->desktop, "SELECT COUNT(*) FROM team"), ==,
                   count (f->server, "SELECT COUNT(*) FROM team"));
  g_assert_cmpint (count (f->desktop, "SELECT COUNT(*) FROM staff"), ==,
                   count (f->server, "SELECT COUNT(*) FROM staff"));
  g_assert_cmpint (count (f->desktop, "SELECT COUNT(*) FROM app_user"), ==,
                   count (f->server, "SELECT COUNT(*) FROM app_user"));
  g_assert_cmpint (cf_test_record_rev (f->desktop, "staff", staff_id), ==, 2);
  phone = cf_test_record_string (f->desktop, "staff", staff_id, "phone");
  g_assert_cmpstr (phone, ==, "7777");
  g_assert_cmpuint (cf_replica_count_pending (f->desktop), ==, 1);
  assert_pending (f, f->supervisor_id, (CfOp **) pending_before->pdata, 1, 1);
  g_assert_cmpint (op_log_pushed (f, cf_op_get_op_id (patch)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/replica/device-id", test_replica_device_id);
  ADD ("/replica/pending-ops", test_replica_pending_ops);
  ADD ("/replica/round-trip", test_replica_round_trip);
  ADD ("/replica/pull", test_replica_pull);
  ADD ("/replica/pending-on-top", test_replica_pending_on_top);
  ADD ("/replica/answer-then-pull", test_replica_answer_then_pull);
  ADD ("/replica/answer-without-change", test_replica_answer_without_change);
  ADD ("/replica/secrets", test_replica_secrets);
  ADD ("/replica/conflict", test_replica_conflict);
  ADD ("/replica/forget-cursor", test_replica_forget_cursor);

#undef ADD

  status = g_test_run ();

  cf_test_clear_supervised_templates ();

  return status;
}
