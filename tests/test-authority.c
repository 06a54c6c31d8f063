/* test-authority.c
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
#include "cf-session.h"
#include "cf-store.h"
#include "cf-uuid.h"

#include "cf-test-util.h"

/* The server's authority over records, on a real database file holding a
 * first supervisor. Ops arrive as desktops made them (op id, device
 * sequence, author, base rev and old values) and are applied with
 * cf_authority_apply (), as a push would.
 */

#define SUPERVISOR_NAME     "Ada Supervisor"
#define SUPERVISOR_NO       "S001"
#define SUPERVISOR_LOGIN    "ada"
#define PASSWORD            "correct horse battery"

#define DEVICE_A            "0190f0c2-7a8b-7c1e-9d1a-3b0c5e7f1a01"
#define DEVICE_B            "0190f0c2-7a8b-7c1e-9d1a-3b0c5e7f1a02"

typedef struct
{
  char      *dir;
  char      *path;
  CfStore   *store;
  CfSession *session;
  char      *supervisor_id;       /* the signed-in first supervisor's user id */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->dir = cf_test_make_dir (&f->path);
  f->store = cf_test_open_supervised_store (f->path, SUPERVISOR_NAME, SUPERVISOR_NO,
                                            SUPERVISOR_LOGIN, PASSWORD);
  f->session = cf_session_new (f->store);
  cf_session_sign_in (f->session, SUPERVISOR_LOGIN, PASSWORD, &error);
  g_assert_no_error (error);
  f->supervisor_id = g_strdup (cf_session_get_user_id (f->session));
  g_assert_true (cf_uuid_is_valid (f->supervisor_id));

  /* The template holds no synced change yet. */
  g_assert_cmpint (cf_authority_last_seq (f->store), ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  g_clear_pointer (&f->supervisor_id, g_free);
  cf_test_remove_tree (f->dir);
  g_clear_pointer (&f->path, g_free);
  g_clear_pointer (&f->dir, g_free);
}

/* Helpers */

static gint64
count (Fixture    *f,
       const char *sql)
{
  return cf_store_count (f->store, sql);
}

static gint64
device_last_seq (Fixture    *f,
                 const char *device_id)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (f->store, "SELECT last_device_seq FROM device WHERE id = ?", NULL);

  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

static void
assert_no_record (Fixture    *f,
                  const char *kind,
                  const char *record_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) record = cf_store_get_record (f->store, kind, record_id, &error);

  g_assert_null (record);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
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

/* An op as a desktop made it: a fresh op id, made now. */
static CfOp *
remote_op (CfOpAction  action,
           const char *kind,
           const char *record_id,
           JsonObject *set,
           JsonObject *base,
           gint64      base_rev,
           gint64      device_seq,
           const char *author)
{
  g_autofree char *op_id = cf_uuid_new_v7 ();
  g_autofree char *now = cf_utc_now_iso ();
  CfOp *op = _cf_op_new_remote (action, kind, record_id, set, base, base_rev, op_id,
                                device_seq, author, now);

  g_assert_nonnull (op);
  return op;
}

/* A digest of the op as received, as the push handler makes it. */
static char *
op_hash (CfOp *op)
{
  g_autofree char *changes = cf_op_changes_to_json (op);
  g_autofree char *text =
    g_strdup_printf ("%s\n%s\n%s\n%s\n%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT "\n%s\n%s",
                     cf_op_get_op_id (op), cf_op_action_to_string (cf_op_get_action (op)),
                     cf_op_get_kind (op)->name, cf_op_get_record_id (op),
                     cf_op_get_base_rev (op), cf_op_get_device_seq (op), op->author, changes);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* Applies @op as received from @device_id; the authority itself must not
 * fail (that would be a server error, not an answer).
 */
static CfOpResult *
push_with_hash (Fixture    *f,
                const char *device_id,
                CfOp       *op,
                const char *request_hash)
{
  g_autoptr (GError) error = NULL;
  CfOpResult *result = cf_authority_apply (f->store, op, device_id, request_hash, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_true (sqlite3_get_autocommit (cf_store_get_connection (f->store)));

  return result;
}

static CfOpResult *
push (Fixture    *f,
      const char *device_id,
      CfOp       *op)
{
  g_autofree char *hash = op_hash (op);

  return push_with_hash (f, device_id, op, hash);
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

static void
assert_applied (const CfOpResult *result)
{
  assert_status (result, CF_OP_RESULT_APPLIED);
  g_assert_null (result->error);
  g_assert_null (result->conflict_id);
}

static void
assert_rejected (const CfOpResult *result,
                 const char       *error)
{
  assert_status (result, CF_OP_RESULT_REJECTED);
  g_assert_cmpstr (result->error, ==, error);
  g_assert_nonnull (result->reason);
  g_assert_cmpstr (result->reason, !=, "");
}

static JsonObject *
staff_values (const char *employee_no,
              const char *name)
{
  return strings_new ("employee_no", employee_no, "name", name, "role", "agent", NULL);
}

/* Creates a @kind record through the authority; returns the answer and
 * sets @out_id (if not NULL) to the new record's id.
 */
static CfOpResult *
push_create (Fixture     *f,
             const char  *device_id,
             gint64       device_seq,
             const char  *author,
             const char  *kind,
             JsonObject  *values,
             char       **out_id)
{
  g_autoptr (CfOp) op = remote_op (CF_OP_CREATE, kind, NULL, values, NULL, 0, device_seq,
                                   author);

  if (out_id != NULL)
    *out_id = g_strdup (cf_op_get_record_id (op));

  return push (f, device_id, op);
}

/* Creates a staff record at rev 1 as the supervisor; returns its id. */
static char *
create_staff_at_rev_1 (Fixture    *f,
                       const char *device_id,
                       gint64      device_seq,
                       const char *employee_no,
                       const char *name)
{
  g_autoptr (JsonObject) values = staff_values (employee_no, name);
  g_autoptr (CfOpResult) result = NULL;
  char *id = NULL;

  result = push_create (f, device_id, device_seq, f->supervisor_id, "staff", values, &id);
  assert_applied (result);
  g_assert_cmpint (result->rev, ==, 1);

  return id;
}

static CfOpResult *
push_patch (Fixture    *f,
            const char *device_id,
            gint64      device_seq,
            const char *kind,
            const char *record_id,
            JsonObject *set,
            JsonObject *base,
            gint64      base_rev)
{
  g_autoptr (CfOp) op = remote_op (CF_OP_PATCH, kind, record_id, set, base, base_rev,
                                   device_seq, f->supervisor_id);

  return push (f, device_id, op);
}

/* A patch of one text field from @old_value (NULL: empty) to @value. */
static CfOpResult *
push_patch_string (Fixture    *f,
                   const char *device_id,
                   gint64      device_seq,
                   const char *kind,
                   const char *record_id,
                   const char *field,
                   const char *value,
                   const char *old_value,
                   gint64      base_rev)
{
  g_autoptr (JsonObject) set = strings_new (field, value, NULL);
  g_autoptr (JsonObject) base = json_object_new ();

  if (old_value != NULL)
    json_object_set_string_member (base, field, old_value);
  else
    json_object_set_null_member (base, field);

  return push_patch (f, device_id, device_seq, kind, record_id, set, base, base_rev);
}

static gint64
count_changes_of (Fixture    *f,
                  const char *kind,
                  const char *record_id)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (f->store,
                      "SELECT COUNT(*) FROM change_log WHERE kind = ? AND record_id = ?", NULL);

  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

/* The counts a refused or replayed op must leave as they were. */
typedef struct
{
  gint64 changes;
  gint64 applied_ops;
  gint64 staff;
  gint64 teams;
  gint64 conflicts;
} Counts;

static Counts
take_counts (Fixture *f)
{
  Counts counts;

  counts.changes = count (f, "SELECT COUNT(*) FROM change_log");
  counts.applied_ops = count (f, "SELECT COUNT(*) FROM applied_ops");
  counts.staff = count (f, "SELECT COUNT(*) FROM staff");
  counts.teams = count (f, "SELECT COUNT(*) FROM team");
  counts.conflicts = count (f, "SELECT COUNT(*) FROM conflict");

  return counts;
}

/* Nothing but (when @n_answers is 1) the op's answer was written. */
static void
assert_counts (Fixture      *f,
               const Counts *before,
               gint64        n_answers)
{
  Counts after = take_counts (f);

  g_assert_cmpint (after.changes, ==, before->changes);
  g_assert_cmpint (after.applied_ops, ==, before->applied_ops + n_answers);
  g_assert_cmpint (after.staff, ==, before->staff);
  g_assert_cmpint (after.teams, ==, before->teams);
  g_assert_cmpint (after.conflicts, ==, before->conflicts);
}

/* One page of the change feed, which must not fail. */
static GPtrArray *
changes_page (Fixture  *f,
              CfRole    role,
              gint64    since,
              guint     limit,
              gint64   *last_seq,
              gboolean *has_more)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *page = cf_authority_changes (f->store, role, since, limit, last_seq, has_more,
                                          &error);

  g_assert_no_error (error);
  g_assert_nonnull (page);

  return page;
}

static JsonObject *
page_record (GPtrArray *page,
             guint      i)
{
  return g_ptr_array_index (page, i);
}

static const char *
envelope_id (JsonObject *envelope)
{
  return json_object_get_string_member (envelope, "id");
}

static JsonObject *
envelope_body (JsonObject *envelope)
{
  g_assert_true (json_object_has_member (envelope, "body"));
  return json_object_get_object_member (envelope, "body");
}

static char *
envelope_to_string (JsonObject *envelope)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), envelope);

  return json_to_string (node, FALSE);
}

/* Applying */

static void
test_authority_apply_create (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr (JsonObject) values = staff_values ("1001", "Zhang Wei");
  g_autoptr (CfOp) op = remote_op (CF_OP_CREATE, "staff", NULL, values, NULL, 0, 1,
                                   f->supervisor_id);
  g_autoptr (CfOpResult) result = NULL;
  g_autoptr (JsonObject) record = NULL;
  g_autoptr (JsonObject) stored = NULL;
  g_autoptr (CfStatement) stmt = NULL;
  g_autofree char *hash = op_hash (op);
  const char *id = cf_op_get_record_id (op);
  gint64 staff_before = count (f, "SELECT COUNT(*) FROM staff");

  g_assert_true (cf_uuid_is_valid (id));

  result = push (f, DEVICE_A, op);
  assert_applied (result);
  g_assert_cmpint (result->rev, ==, 1);
  g_assert_cmpint (result->seq, ==, 1);

  /* The record, at rev 1, with what the desktop sent and who made it. */
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM staff"), ==, staff_before + 1);
  record = cf_test_get_record (f->store, "staff", id);
  g_assert_cmpint (json_object_get_int_member (record, "rev"), ==, 1);
  g_assert_false (json_object_get_boolean_member (record, "deleted"));
  g_assert_cmpstr (json_object_get_string_member (record, "name"), ==, "Zhang Wei");
  g_assert_cmpstr (json_object_get_string_member (record, "employee_no"), ==, "1001");
  g_assert_true (json_object_get_boolean_member (record, "active"));
  g_assert_cmpstr (json_object_get_string_member (record, "created_by"), ==, f->supervisor_id);

  /* Its place in the change log. */
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM change_log"), ==, 1);
  stmt = cf_store_prepare (f->store, "SELECT seq, kind, record_id, rev, op_id FROM change_log",
                           NULL);
  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 1);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "staff");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, id);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 3), ==, 1);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 4), ==, cf_op_get_op_id (op));
  g_clear_pointer (&stmt, sqlite3_reset);
  g_assert_cmpint (cf_authority_last_seq (f->store), ==, 1);

  /* The answer, kept for replays. */
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM applied_ops"), ==, 1);
  stmt = cf_store_prepare (f->store,
                           "SELECT op_id, device_id, device_seq, user_id, request_hash, result "
                           "FROM applied_ops", NULL);
  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, cf_op_get_op_id (op));
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, DEVICE_A);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 2), ==, 1);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, f->supervisor_id);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 4), ==, hash);
  stored = parse_object ((const char *) sqlite3_column_text (stmt, 5));
  g_clear_pointer (&stmt, sqlite3_reset);
  g_assert_cmpstr (json_object_get_string_member (stored, "status"), ==, "applied");
  g_assert_cmpint (json_object_get_int_member (stored, "rev"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (stored, "seq"), ==, 1);

  /* The device's place in its own sequence. */
  g_assert_cmpint (device_last_seq (f, DEVICE_A), ==, 1);
}

static void
test_authority_replay (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (JsonObject) values = staff_values ("1001", "Zhang Wei");
  g_autoptr (CfOp) op = remote_op (CF_OP_CREATE, "staff", NULL, values, NULL, 0, 1,
                                   f->supervisor_id);
  g_autoptr (CfOpResult) first = NULL;
  g_autoptr (CfOpResult) again = NULL;
  g_autoptr (CfOpResult) reused = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *hash = op_hash (op);
  g_autofree char *other_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "other", -1);
  Counts before;

  first = push (f, DEVICE_A, op);
  assert_applied (first);
  before = take_counts (f);

  /* The same push again, say after its answer was lost. */
  again = push_with_hash (f, DEVICE_A, op, hash);
  assert_status (again, CF_OP_RESULT_DUPLICATE);
  g_assert_cmpint (again->original_status, ==, CF_OP_RESULT_APPLIED);
  g_assert_cmpint (again->rev, ==, first->rev);
  g_assert_cmpint (again->seq, ==, first->seq);
  assert_counts (f, &before, 0);
  g_assert_cmpint (cf_test_record_rev (f->store, "staff", cf_op_get_record_id (op)), ==, 1);
  g_assert_cmpint (device_last_seq (f, DEVICE_A), ==, 1);

  /* It answers as a duplicate of the first answer. */
  node = cf_op_result_to_json (again, cf_op_get_op_id (op));
  {
    JsonObject *object = json_node_get_object (node);
    JsonObject *original = json_object_get_object_member (object, "original");

    g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "duplicate");
    g_assert_cmpstr (json_object_get_string_member (object, "op_id"), ==, cf_op_get_op_id (op));
    g_assert_nonnull (original);
    g_assert_cmpstr (json_object_get_string_member (original, "status"), ==, "applied");
    g_assert_cmpint (json_object_get_int_member (original, "rev"), ==, 1);
  }

  /* The same op id with different contents is refused, and not stored. */
  reused = push_with_hash (f, DEVICE_A, op, other_hash);
  assert_rejected (reused, "idempotency_key_reuse");
  assert_counts (f, &before, 0);
  g_assert_cmpint (device_last_seq (f, DEVICE_A), ==, 1);
  g_assert_cmpint (cf_test_record_rev (f->store, "staff", cf_op_get_record_id (op)), ==, 1);
}

static void
test_authority_device_order (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *first_id = create_staff_at_rev_1 (f, DEVICE_A, 1, "1001", "Zhang Wei");
  g_autoptr (JsonObject) values3 = staff_values ("1003", "Li Na");
  g_autoptr (CfOp) op3 = remote_op (CF_OP_CREATE, "staff", NULL, values3, NULL, 0, 3,
                                    f->supervisor_id);
  g_autoptr (CfOpResult) result = NULL;
  g_autoptr (JsonObject) values = NULL;
  Counts before = take_counts (f);

  g_assert_cmpint (device_last_seq (f, DEVICE_A), ==, 1);

  /* A gap: the device must send 2 first. */
  result = push (f, DEVICE_A, op3);
  assert_status (result, CF_OP_RESULT_RETRY);
  g_assert_cmpstr (result->error, ==, "out_of_order");
  g_assert_cmpint (result->expected_device_seq, ==, 2);
  assert_counts (f, &before, 0);
  assert_no_record (f, "staff", cf_op_get_record_id (op3));
  g_assert_cmpint (device_last_seq (f, DEVICE_A), ==, 1);
  g_clear_pointer (&result, cf_op_result_free);

  /* A new op reusing a sequence number already taken. */
  values = staff_values ("1002", "Wang Fang");
  {
    g_autoptr (CfOp) stale = remote_op (CF_OP_CREATE, "staff", NULL, values, NULL, 0, 1,
                                        f->supervisor_id);

    result = push (f, DEVICE_A, stale);
    assert_rejected (result, "out_of_order");
    assert_counts (f, &before, 0);
    assert_no_record (f, "staff", cf_op_get_record_id (stale));
    g_assert_cmpint (device_last_seq (f, DEVICE_A), ==, 1);
    g_clear_pointer (&result, cf_op_result_free);
  }

  /* Once 2 has arrived, 3 is applied as it was sent. */
  {
    g_autoptr (CfOp) op2 = remote_op (CF_OP_CREATE, "staff", NULL, values, NULL, 0, 2,
                                      f->supervisor_id);

    result = push (f, DEVICE_A, op2);
    assert_applied (result);
    g_clear_pointer (&result, cf_op_result_free);
  }
  result = push (f, DEVICE_A, op3);
  assert_applied (result);
  g_assert_cmpint (device_last_seq (f, DEVICE_A), ==, 3);
  g_clear_pointer (&result, cf_op_result_free);

  /* Another device counts from 1 on its own. */
  {
    g_autoptr (JsonObject) set = strings_new ("phone", "201", NULL);
    g_autoptr (CfOp) b1 = NULL;
    g_autoptr (CfOp) b2 = NULL;
    g_autoptr (CfOp) b3 = NULL;

    b1 = remote_op (CF_OP_PATCH, "staff", first_id, set, NULL, 1, 1, f->supervisor_id);
    result = push (f, DEVICE_B, b1);
    assert_applied (result);
    g_assert_cmpint (device_last_seq (f, DEVICE_B), ==, 1);
    g_assert_cmpint (device_last_seq (f, DEVICE_A), ==, 3);
    g_clear_pointer (&result, cf_op_result_free);

    /* Device A's position does not make B's 4 acceptable. */
    json_object_set_string_member (set, "phone", "202");
    b3 = remote_op (CF_OP_PATCH, "staff", first_id, set, NULL, 2, 4, f->supervisor_id);
    result = push (f, DEVICE_B, b3);
    assert_status (result, CF_OP_RESULT_RETRY);
    g_assert_cmpint (result->expected_device_seq, ==, 2);
    g_clear_pointer (&result, cf_op_result_free);

    b2 = remote_op (CF_OP_PATCH, "staff", first_id, set, NULL, 2, 2, f->supervisor_id);
    result = push (f, DEVICE_B, b2);
    assert_applied (result);
    g_assert_cmpint (device_last_seq (f, DEVICE_B), ==, 2);
    g_assert_cmpint (device_last_seq (f, DEVICE_A), ==, 3);
  }
}

static void
test_authority_forbidden (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) lead_values = strings_new ("employee_no", "2001", "name", "Sam Lead",
                                                    "role", "shift_lead", NULL);
  g_autoptr (JsonObject) user_values = NULL;
  g_autoptr (CfSession) lead_session = cf_session_new (f->store);
  g_autoptr (CfOp) patch = NULL;
  g_autoptr (CfOp) next = NULL;
  g_autoptr (CfOpResult) result = NULL;
  g_autoptr (CfOpResult) replay = NULL;
  g_autofree char *lead_staff_id = NULL;
  g_autofree char *staff_id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *hash = NULL;
  const char *lead_id;
  Counts before;

  /* A shift lead with a desktop account, made on the server by the
   * supervisor.
   */
  lead_staff_id = cf_test_create_record (f->store, f->supervisor_id, "staff", lead_values);
  user_values = strings_new ("staff", lead_staff_id, "login", "sam",
                             "password_hash", cf_test_password_hash (PASSWORD), NULL);
  g_free (cf_test_create_record (f->store, f->supervisor_id, "user", user_values));
  cf_session_sign_in (lead_session, "sam", PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_session_get_role (lead_session), ==, CF_ROLE_SHIFT_LEAD);
  lead_id = cf_session_get_user_id (lead_session);

  staff_id = create_staff_at_rev_1 (f, DEVICE_B, 1, "1001", "Zhang Wei");
  before = take_counts (f);

  /* Shift leads may read staff but not change them. */
  {
    g_autoptr (JsonObject) set = strings_new ("name", "Zhang Wei Jr", NULL);
    g_autoptr (JsonObject) base = strings_new ("name", "Zhang Wei", NULL);

    patch = remote_op (CF_OP_PATCH, "staff", staff_id, set, base, 1, 1, lead_id);
  }
  hash = op_hash (patch);
  result = push_with_hash (f, DEVICE_A, patch, hash);
  assert_rejected (result, "forbidden");
  assert_counts (f, &before, 1);
  name = cf_test_record_string (f->store, "staff", staff_id, "name");
  g_assert_cmpstr (name, ==, "Zhang Wei");
  g_assert_cmpint (cf_test_record_rev (f->store, "staff", staff_id), ==, 1);

  /* The refusal is an answer like any other: a replay gets it again. */
  replay = push_with_hash (f, DEVICE_A, patch, hash);
  assert_status (replay, CF_OP_RESULT_DUPLICATE);
  g_assert_cmpint (replay->original_status, ==, CF_OP_RESULT_REJECTED);
  g_assert_cmpstr (replay->error, ==, "forbidden");
  g_assert_cmpstr (replay->reason, ==, result->reason);
  assert_counts (f, &before, 1);

  /* And the device moved on past it. */
  g_assert_cmpint (device_last_seq (f, DEVICE_A), ==, 1);
  {
    g_autoptr (JsonObject) set = strings_new ("phone", "301", NULL);
    g_autoptr (CfOpResult) next_result = NULL;

    next = remote_op (CF_OP_PATCH, "staff", staff_id, set, NULL, 1, 2, f->supervisor_id);
    next_result = push (f, DEVICE_A, next);
    assert_applied (next_result);
    g_assert_cmpint (next_result->rev, ==, 2);
    g_assert_cmpint (device_last_seq (f, DEVICE_A), ==, 2);
  }
}

static void
test_authority_invalid (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *existing_id = create_staff_at_rev_1 (f, DEVICE_A, 1, "1001", "Zhang Wei");
  g_autoptr (JsonObject) values = strings_new ("employee_no", "1002", "role", "agent", NULL);
  g_autoptr (CfOpResult) result = NULL;
  g_autofree char *missing_id = NULL;
  g_autofree char *name = NULL;
  Counts before = take_counts (f);

  /* No name. */
  result = push_create (f, DEVICE_A, 2, f->supervisor_id, "staff", values, &missing_id);
  assert_rejected (result, "invalid");
  if (strstr (result->reason, "Name") == NULL)
    g_error ("“%s” does not name the field", result->reason);
  assert_counts (f, &before, 1);
  assert_no_record (f, "staff", missing_id);
  g_assert_cmpint (device_last_seq (f, DEVICE_A), ==, 2);
  g_clear_pointer (&result, cf_op_result_free);

  /* A create of a record that exists does not overwrite it. */
  {
    g_autoptr (JsonObject) again = staff_values ("1003", "Someone Else");
    g_autoptr (CfOp) op = remote_op (CF_OP_CREATE, "staff", existing_id, again, NULL, 0, 3,
                                     f->supervisor_id);

    result = push (f, DEVICE_A, op);
    assert_rejected (result, "invalid");
    assert_counts (f, &before, 2);
    name = cf_test_record_string (f->store, "staff", existing_id, "name");
    g_assert_cmpstr (name, ==, "Zhang Wei");
    g_assert_cmpint (cf_test_record_rev (f->store, "staff", existing_id), ==, 1);
    g_clear_pointer (&result, cf_op_result_free);
  }

  /* A field the kind does not have. */
  {
    g_autoptr (JsonObject) set = strings_new ("salary", "lots", NULL);

    result = push_patch (f, DEVICE_A, 4, "staff", existing_id, set, NULL, 1);
    assert_rejected (result, "invalid");
    assert_counts (f, &before, 3);
    g_clear_pointer (&result, cf_op_result_free);
  }

  /* A value the field refuses. */
  result = push_patch_string (f, DEVICE_A, 5, "staff", existing_id, "role", "emperor",
                              "agent", 1);
  assert_rejected (result, "invalid");
  assert_counts (f, &before, 4);
  g_assert_cmpint (cf_test_record_rev (f->store, "staff", existing_id), ==, 1);
  g_clear_pointer (&result, cf_op_result_free);

  /* A patch of a record the server never had. */
  {
    g_autofree char *unknown_id = cf_uuid_new_v7 ();

    result = push_patch_string (f, DEVICE_A, 6, "staff", unknown_id, "name", "Nobody",
                                NULL, 1);
    assert_rejected (result, "not_found");
    assert_counts (f, &before, 5);
  }
  g_assert_cmpint (device_last_seq (f, DEVICE_A), ==, 6);
}

/* A push applies its ops under one commit, each op a savepoint of it: a
 * rejected op in the middle leaves nothing but its answer, the ops around
 * it land, and when the commit never comes (the server failed) nothing of
 * the push is kept, so that replaying it applies every op once.
 */
static GPtrArray *
apply_batch (Fixture    *f,
             GPtrArray  *ops,
             gboolean    commit)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_result_free);
  g_autoptr (GError) error = NULL;

  cf_store_begin (f->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ops->len; i++)
    {
      g_autofree char *hash = op_hash (ops->pdata[i]);
      CfOpResult *result = cf_authority_apply (f->store, ops->pdata[i], DEVICE_A, hash, &error);

      g_assert_no_error (error);
      g_assert_false (sqlite3_get_autocommit (cf_store_get_connection (f->store)));
      g_ptr_array_add (results, result);
    }
  if (commit)
    cf_store_commit (f->store, &error);
  else
    cf_store_rollback (f->store);
  g_assert_no_error (error);

  return results;
}

static void
test_authority_batch (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (JsonObject) first = staff_values ("2001", "Li Na");
  g_autoptr (JsonObject) same_number = staff_values ("2001", "Wang Fang");
  g_autoptr (JsonObject) third = staff_values ("2002", "Chen Jing");
  g_autoptr (GPtrArray) lost = NULL;
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GPtrArray) replayed = NULL;
  g_autofree char *name = NULL;
  Counts before = take_counts (f);

  g_ptr_array_add (ops, remote_op (CF_OP_CREATE, "staff", NULL, first, NULL, 0, 1,
                                   f->supervisor_id));
  g_ptr_array_add (ops, remote_op (CF_OP_CREATE, "staff", NULL, same_number, NULL, 0, 2,
                                   f->supervisor_id));
  g_ptr_array_add (ops, remote_op (CF_OP_CREATE, "staff", NULL, third, NULL, 0, 3,
                                   f->supervisor_id));

  /* The commit never comes: nothing was kept, not even the answers. */
  lost = apply_batch (f, ops, FALSE);
  assert_applied (lost->pdata[0]);
  assert_rejected (lost->pdata[1], "invalid");
  assert_applied (lost->pdata[2]);
  assert_counts (f, &before, 0);
  g_assert_cmpint (device_last_seq (f, DEVICE_A), ==, 0);

  /* Sent again and committed: the rejected op kept only its answer. */
  results = apply_batch (f, ops, TRUE);
  assert_applied (results->pdata[0]);
  assert_rejected (results->pdata[1], "invalid");
  assert_applied (results->pdata[2]);
  g_assert_cmpint (take_counts (f).staff, ==, before.staff + 2);
  g_assert_cmpint (take_counts (f).applied_ops, ==, before.applied_ops + 3);
  g_assert_cmpint (take_counts (f).changes, ==, before.changes + 2);
  assert_no_record (f, "staff", cf_op_get_record_id (ops->pdata[1]));
  name = cf_test_record_string (f->store, "staff", cf_op_get_record_id (ops->pdata[2]), "name");
  g_assert_cmpstr (name, ==, "Chen Jing");
  g_assert_cmpint (((CfOpResult *) results->pdata[2])->seq, ==,
                   ((CfOpResult *) results->pdata[0])->seq + 1);
  g_assert_cmpint (device_last_seq (f, DEVICE_A), ==, 3);

  /* Once more: every op answers as the duplicate it is. */
  replayed = apply_batch (f, ops, TRUE);
  for (guint i = 0; i < replayed->len; i++)
    assert_status (replayed->pdata[i], CF_OP_RESULT_DUPLICATE);
  g_assert_cmpint (((CfOpResult *) replayed->pdata[1])->original_status, ==,
                   CF_OP_RESULT_REJECTED);
  g_assert_cmpint (take_counts (f).applied_ops, ==, before.applied_ops + 3);
}

/* Attaching a standalone database: a record that breaks a rule fails the
 * whole upload, named, and leaves nothing behind, so that a corrected
 * upload can follow; once desktops have pushed to a server, nothing can be
 * attached to it.
 */
static JsonObject *
staff_envelope (const char *record_id,
                const char *employee_no,
                const char *name)
{
  JsonObject *envelope = json_object_new ();
  JsonObject *body = staff_values (employee_no, name);

  json_object_set_string_member (envelope, "kind", "staff");
  json_object_set_string_member (envelope, "id", record_id);
  json_object_set_string_member (envelope, "created_at", "2026-01-05T08:00:00Z");
  json_object_set_object_member (envelope, "body", body);

  return envelope;
}

static void
test_authority_attach (Fixture       *f,
                       gconstpointer  data)
{
  const char *database_id = "0190f0c2-7a8b-7c1e-9d1a-3b0c5e7f1aaa";
  g_autofree char *first_id = cf_uuid_new_v7 ();
  g_autofree char *second_id = cf_uuid_new_v7 ();
  g_autoptr (JsonArray) records = json_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  Counts before = take_counts (f);
  guint n_applied;

  json_array_add_object_element (records, staff_envelope (first_id, "4001", "Lin Yu"));
  json_array_add_object_element (records, staff_envelope (second_id, "4002", ""));

  g_assert_false (cf_authority_attach (f->store, database_id, f->supervisor_id, 0, records, TRUE,
                                       &n_applied, &error));
  g_assert_error (error, CF_ATTACH_ERROR, CF_ATTACH_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, second_id));
  g_clear_error (&error);
  assert_counts (f, &before, 0);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM attach_staging"), ==, 0);
  g_assert_null (cf_store_get_meta (f->store, "attached_database"));

  /* Corrected, in two pages. */
  json_object_set_string_member (json_object_get_object_member (json_array_get_object_element (
                                   records, 1), "body"), "name", "Xu Jia");
  {
    g_autoptr (JsonArray) first_page = json_array_new ();
    g_autoptr (JsonArray) second_page = json_array_new ();

    json_array_add_element (first_page, json_node_copy (json_array_get_element (records, 0)));
    json_array_add_element (second_page, json_node_copy (json_array_get_element (records, 1)));
    g_assert_true (cf_authority_attach (f->store, database_id, f->supervisor_id, 0, first_page,
                                        FALSE, &n_applied, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_applied, ==, 0);
    assert_counts (f, &before, 0);
    g_assert_true (cf_authority_attach (f->store, database_id, f->supervisor_id, 1, second_page,
                                        TRUE, &n_applied, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_applied, ==, 2);
  }
  name = cf_test_record_string (f->store, "staff", second_id, "name");
  g_assert_cmpstr (name, ==, "Xu Jia");
  g_assert_cmpint (take_counts (f).staff, ==, before.staff + 2);
  g_assert_cmpint (take_counts (f).changes, ==, before.changes + 2);

  /* The last page again (its answer was lost): the same answer, nothing
   * added twice.
   */
  g_assert_true (cf_authority_attach (f->store, database_id, f->supervisor_id, 1, records, TRUE,
                                      &n_applied, &error));
  g_assert_no_error (error);
  g_assert_cmpint (take_counts (f).staff, ==, before.staff + 2);

  /* Another database, once desktops have pushed: refused. */
  g_free (create_staff_at_rev_1 (f, DEVICE_A, 1, "4100", "Pan Yi"));
  g_assert_false (cf_authority_attach (f->store, "0190f0c2-7a8b-7c1e-9d1a-3b0c5e7f1bbb",
                                       f->supervisor_id, 0, records, TRUE, &n_applied, &error));
  g_assert_error (error, CF_ATTACH_ERROR, CF_ATTACH_ERROR_OTHER_DATA);
  g_assert_cmpint (take_counts (f).staff, ==, before.staff + 3);
}

static void
test_authority_attach_after_pushes (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *record_id = cf_uuid_new_v7 ();
  g_autoptr (JsonArray) records = json_array_new ();
  g_autoptr (GError) error = NULL;
  Counts before;
  guint n_applied;

  g_free (create_staff_at_rev_1 (f, DEVICE_A, 1, "4100", "Pan Yi"));
  before = take_counts (f);
  json_array_add_object_element (records, staff_envelope (record_id, "4001", "Lin Yu"));
  g_assert_false (cf_authority_attach (f->store, "0190f0c2-7a8b-7c1e-9d1a-3b0c5e7f1aaa",
                                       f->supervisor_id, 0, records, TRUE, &n_applied, &error));
  g_assert_error (error, CF_ATTACH_ERROR, CF_ATTACH_ERROR_OTHER_DATA);
  assert_counts (f, &before, 0);
  g_assert_null (cf_store_get_meta (f->store, "attached_database"));
}

/* Merging and conflicts */

static void
test_authority_merge (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = create_staff_at_rev_1 (f, DEVICE_A, 1, "1001", "Zhang Wei");
  g_autoptr (CfOpResult) a = NULL;
  g_autoptr (CfOpResult) b = NULL;
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;

  /* Both desktops start from rev 1 and change different fields. */
  a = push_patch_string (f, DEVICE_A, 2, "staff", id, "name", "Zhang Wei Jr", "Zhang Wei", 1);
  assert_applied (a);
  g_assert_cmpint (a->rev, ==, 2);

  b = push_patch_string (f, DEVICE_B, 1, "staff", id, "phone", "4711", NULL, 1);
  assert_applied (b);
  g_assert_cmpint (b->rev, ==, 3);
  g_assert_cmpint (b->seq, >, a->seq);

  name = cf_test_record_string (f->store, "staff", id, "name");
  phone = cf_test_record_string (f->store, "staff", id, "phone");
  g_assert_cmpstr (name, ==, "Zhang Wei Jr");
  g_assert_cmpstr (phone, ==, "4711");
  g_assert_cmpint (cf_test_record_rev (f->store, "staff", id), ==, 3);
  g_assert_cmpint (count_changes_of (f, "staff", id), ==, 3);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM conflict"), ==, 0);
}

static void
test_authority_conflict (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id = create_staff_at_rev_1 (f, DEVICE_A, 1, "1001", "Zhang Wei");
  g_autoptr (CfOpResult) a = NULL;
  g_autoptr (CfOpResult) b = NULL;
  g_autoptr (CfOpResult) same = NULL;
  g_autoptr (CfOpResult) by_value = NULL;
  g_autoptr (JsonObject) conflict = NULL;
  g_autoptr (JsonObject) fields = NULL;
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;
  JsonObject *versions;
  gint64 changes;

  a = push_patch_string (f, DEVICE_A, 2, "staff", id, "name", "Alpha", "Zhang Wei", 1);
  assert_applied (a);
  g_assert_cmpint (a->rev, ==, 2);

  /* The other desktop changed the same field from the same base. */
  changes = count (f, "SELECT COUNT(*) FROM change_log");
  b = push_patch_string (f, DEVICE_B, 1, "staff", id, "name", "Beta", "Zhang Wei", 1);
  assert_status (b, CF_OP_RESULT_CONFLICT);
  g_assert_nonnull (b->conflict_id);
  g_assert_true (cf_uuid_is_valid (b->conflict_id));

  /* The first change stands: never last-writer-wins. */
  name = cf_test_record_string (f->store, "staff", id, "name");
  g_assert_cmpstr (name, ==, "Alpha");
  g_assert_cmpint (cf_test_record_rev (f->store, "staff", id), ==, 2);
  g_assert_cmpint (count_changes_of (f, "staff", id), ==, 2);

  /* Both versions are kept for a person to choose. */
  conflict = cf_test_get_record (f->store, "conflict", b->conflict_id);
  g_assert_cmpstr (json_object_get_string_member (conflict, "status"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (conflict, "record_kind"), ==, "staff");
  g_assert_cmpstr (json_object_get_string_member (conflict, "record_id"), ==, id);
  g_assert_cmpint (json_object_get_int_member (conflict, "rev"), ==, 1);
  fields = parse_object (json_object_get_string_member (conflict, "fields"));
  g_assert_cmpuint (json_object_get_size (fields), ==, 1);
  versions = json_object_get_object_member (fields, "name");
  g_assert_nonnull (versions);
  g_assert_cmpstr (json_object_get_string_member (versions, "mine"), ==, "Beta");
  g_assert_cmpstr (json_object_get_string_member (versions, "theirs"), ==, "Alpha");
  g_assert_cmpstr (json_object_get_string_member (versions, "base"), ==, "Zhang Wei");

  /* The conflict itself goes out in the change feed. */
  g_assert_cmpint (count_changes_of (f, "conflict", b->conflict_id), ==, 1);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM change_log"), ==, changes + 1);

  /* Replaying the conflicting op makes no second conflict. */
  {
    g_autoptr (JsonObject) set = strings_new ("name", "Beta", NULL);
    g_autoptr (JsonObject) base = strings_new ("name", "Zhang Wei", NULL);
    g_autoptr (CfOp) op = remote_op (CF_OP_PATCH, "staff", id, set, base, 1, 2,
                                     f->supervisor_id);
    g_autoptr (CfOpResult) first = push (f, DEVICE_B, op);
    g_autoptr (CfOpResult) replay = push (f, DEVICE_B, op);
    gint64 n_conflicts = count (f, "SELECT COUNT(*) FROM conflict");

    /* The same conflict again from a new op is another conflict record… */
    assert_status (first, CF_OP_RESULT_CONFLICT);
    g_assert_cmpstr (first->conflict_id, !=, b->conflict_id);
    g_assert_cmpint (n_conflicts, ==, 2);
    /* …but a replay of it is not. */
    assert_status (replay, CF_OP_RESULT_DUPLICATE);
    g_assert_cmpint (replay->original_status, ==, CF_OP_RESULT_CONFLICT);
    g_assert_cmpstr (replay->conflict_id, ==, first->conflict_id);
    g_assert_cmpint (count (f, "SELECT COUNT(*) FROM conflict"), ==, n_conflicts);
  }

  /* Setting a field to the value it already has changes nothing. */
  changes = count (f, "SELECT COUNT(*) FROM change_log");
  same = push_patch_string (f, DEVICE_B, 3, "staff", id, "name", "Alpha", "Zhang Wei", 1);
  assert_applied (same);
  g_assert_cmpint (same->rev, ==, 2);
  g_assert_cmpint (cf_test_record_rev (f->store, "staff", id), ==, 2);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM change_log"), ==, changes);

  /* A stale base rev whose old values still hold merges by value. */
  by_value = push_patch_string (f, DEVICE_B, 4, "staff", id, "phone", "4711", NULL, 1);
  assert_applied (by_value);
  g_assert_cmpint (by_value->rev, ==, 3);
  phone = cf_test_record_string (f->store, "staff", id, "phone");
  g_assert_cmpstr (phone, ==, "4711");
  g_clear_pointer (&name, g_free);
  name = cf_test_record_string (f->store, "staff", id, "name");
  g_assert_cmpstr (name, ==, "Alpha");
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM change_log"), ==, changes + 1);
}

/* A patch with one field in conflict and one that merges: the merge is
 * applied, the conflict kept, the record gets one new rev.
 */
static void
test_authority_conflict_partial (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *id = create_staff_at_rev_1 (f, DEVICE_A, 1, "1001", "Zhang Wei");
  g_autoptr (CfOpResult) a = NULL;
  g_autoptr (CfOpResult) b = NULL;
  g_autoptr (JsonObject) set = strings_new ("name", "Beta", "phone", "4711", NULL);
  g_autoptr (JsonObject) base = strings_new ("name", "Zhang Wei", NULL);
  g_autoptr (JsonObject) conflict = NULL;
  g_autoptr (JsonObject) fields = NULL;
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;

  a = push_patch_string (f, DEVICE_A, 2, "staff", id, "name", "Alpha", "Zhang Wei", 1);
  assert_applied (a);

  json_object_set_null_member (base, "phone");
  b = push_patch (f, DEVICE_B, 1, "staff", id, set, base, 1);
  assert_status (b, CF_OP_RESULT_CONFLICT);
  g_assert_cmpint (b->rev, ==, 3);
  g_assert_cmpint (cf_test_record_rev (f->store, "staff", id), ==, 3);

  name = cf_test_record_string (f->store, "staff", id, "name");
  phone = cf_test_record_string (f->store, "staff", id, "phone");
  g_assert_cmpstr (name, ==, "Alpha");
  g_assert_cmpstr (phone, ==, "4711");

  conflict = cf_test_get_record (f->store, "conflict", b->conflict_id);
  fields = parse_object (json_object_get_string_member (conflict, "fields"));
  g_assert_true (json_object_has_member (fields, "name"));
  g_assert_false (json_object_has_member (fields, "phone"));
}

static void
test_authority_tombstones (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr (JsonObject) values = strings_new ("name", "Night shift", NULL);
  g_autoptr (CfOpResult) created = NULL;
  g_autoptr (CfOpResult) deleted = NULL;
  g_autoptr (CfOpResult) again = NULL;
  g_autoptr (CfOpResult) patched = NULL;
  g_autoptr (CfOpResult) restored = NULL;
  g_autoptr (CfOpResult) staff_delete = NULL;
  g_autoptr (JsonObject) record = NULL;
  g_autofree char *team_id = NULL;
  g_autofree char *staff_id = NULL;
  Counts before;

  created = push_create (f, DEVICE_A, 1, f->supervisor_id, "team", values, &team_id);
  assert_applied (created);
  g_assert_cmpint (created->rev, ==, 1);

  /* Delete leaves a tombstone with a new rev. */
  {
    g_autoptr (CfOp) op = remote_op (CF_OP_DELETE, "team", team_id, NULL, NULL, 1, 2,
                                     f->supervisor_id);

    deleted = push (f, DEVICE_A, op);
  }
  assert_applied (deleted);
  g_assert_cmpint (deleted->rev, ==, 2);
  g_assert_cmpint (deleted->seq, >, created->seq);
  record = cf_test_get_record (f->store, "team", team_id);
  g_assert_true (json_object_get_boolean_member (record, "deleted"));
  g_assert_cmpint (json_object_get_int_member (record, "rev"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (record, "name"), ==, "Night shift");
  g_assert_cmpint (count_changes_of (f, "team", team_id), ==, 2);
  g_clear_pointer (&record, json_object_unref);

  /* Deleting it again (another desktop did too) changes nothing. */
  before = take_counts (f);
  {
    g_autoptr (CfOp) op = remote_op (CF_OP_DELETE, "team", team_id, NULL, NULL, 1, 1,
                                     f->supervisor_id);

    again = push (f, DEVICE_B, op);
  }
  assert_applied (again);
  g_assert_cmpint (again->rev, ==, 2);
  assert_counts (f, &before, 1);

  /* A tombstone cannot be patched. */
  patched = push_patch_string (f, DEVICE_B, 2, "team", team_id, "name", "Day shift",
                               "Night shift", 1);
  assert_rejected (patched, "not_found");
  assert_counts (f, &before, 2);

  /* Restore brings it back, with a new rev. */
  {
    g_autoptr (CfOp) op = remote_op (CF_OP_RESTORE, "team", team_id, NULL, NULL, 2, 3,
                                     f->supervisor_id);

    restored = push (f, DEVICE_A, op);
  }
  assert_applied (restored);
  g_assert_cmpint (restored->rev, ==, 3);
  g_assert_cmpint (restored->seq, >, deleted->seq);
  record = cf_test_get_record (f->store, "team", team_id);
  g_assert_false (json_object_get_boolean_member (record, "deleted"));
  g_assert_cmpint (json_object_get_int_member (record, "rev"), ==, 3);
  g_assert_cmpint (count_changes_of (f, "team", team_id), ==, 3);

  /* Staff are deactivated, never deleted. */
  staff_id = create_staff_at_rev_1 (f, DEVICE_A, 4, "1001", "Zhang Wei");
  before = take_counts (f);
  {
    g_autoptr (CfOp) op = remote_op (CF_OP_DELETE, "staff", staff_id, NULL, NULL, 1, 5,
                                     f->supervisor_id);

    staff_delete = push (f, DEVICE_A, op);
  }
  assert_rejected (staff_delete, "forbidden");
  assert_counts (f, &before, 1);
  g_clear_pointer (&record, json_object_unref);
  record = cf_test_get_record (f->store, "staff", staff_id);
  g_assert_false (json_object_get_boolean_member (record, "deleted"));
}

/* Restoring a team whose name another team took meanwhile is refused as
 * an answer; a database error here would fail the push for ever.
 */
static void
test_authority_restore_name_taken (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr (JsonObject) values = strings_new ("name", "Night shift", NULL);
  g_autoptr (CfOpResult) result = NULL;
  g_autofree char *old_id = NULL;
  g_autofree char *new_id = NULL;
  g_autoptr (JsonObject) record = NULL;
  Counts before;

  result = push_create (f, DEVICE_A, 1, f->supervisor_id, "team", values, &old_id);
  assert_applied (result);
  g_clear_pointer (&result, cf_op_result_free);
  {
    g_autoptr (CfOp) op = remote_op (CF_OP_DELETE, "team", old_id, NULL, NULL, 1, 2,
                                     f->supervisor_id);

    result = push (f, DEVICE_A, op);
    assert_applied (result);
    g_clear_pointer (&result, cf_op_result_free);
  }
  result = push_create (f, DEVICE_A, 3, f->supervisor_id, "team", values, &new_id);
  assert_applied (result);
  g_clear_pointer (&result, cf_op_result_free);

  before = take_counts (f);
  {
    g_autoptr (CfOp) op = remote_op (CF_OP_RESTORE, "team", old_id, NULL, NULL, 2, 1,
                                     f->supervisor_id);

    result = push (f, DEVICE_B, op);
  }
  assert_rejected (result, "invalid");
  assert_counts (f, &before, 1);
  g_assert_cmpint (device_last_seq (f, DEVICE_B), ==, 1);
  record = cf_test_get_record (f->store, "team", old_id);
  g_assert_true (json_object_get_boolean_member (record, "deleted"));
  g_assert_cmpint (json_object_get_int_member (record, "rev"), ==, 2);
}

/* The change feed */

static void
test_authority_changes_paging (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  gint64 since = 0;
  guint n_pages = 0;
  guint n_seen = 0;
  gboolean has_more = TRUE;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("Team %u", i + 1);
      g_autoptr (JsonObject) values = strings_new ("name", name, NULL);
      g_autoptr (CfOpResult) result = NULL;
      char *id = NULL;

      result = push_create (f, DEVICE_A, i + 1, f->supervisor_id, "team", values, &id);
      assert_applied (result);
      g_assert_cmpint (result->seq, ==, i + 1);
      g_ptr_array_add (ids, id);
    }
  g_assert_cmpint (cf_authority_last_seq (f->store), ==, 5);

  /* Pages of two: 1–2, 3–4, 5. */
  while (has_more)
    {
      g_autoptr (GPtrArray) page = NULL;
      gint64 last_seq = -1;
      guint expected = MIN (2, 5 - n_seen);

      page = changes_page (f, CF_ROLE_SUPERVISOR, since, 2, &last_seq, &has_more);
      g_assert_cmpuint (page->len, ==, expected);
      for (guint i = 0; i < page->len; i++)
        {
          JsonObject *envelope = page_record (page, i);
          JsonObject *body = envelope_body (envelope);
          g_autofree char *name = g_strdup_printf ("Team %u", n_seen + 1);

          g_assert_cmpstr (json_object_get_string_member (envelope, "kind"), ==, "team");
          g_assert_cmpint (json_object_get_int_member (envelope, "seq"), ==, n_seen + 1);
          g_assert_cmpstr (envelope_id (envelope), ==, g_ptr_array_index (ids, n_seen));
          g_assert_cmpint (json_object_get_int_member (envelope, "rev"), ==, 1);
          g_assert_false (json_object_get_boolean_member (envelope, "deleted"));
          g_assert_cmpstr (json_object_get_string_member (body, "name"), ==, name);
          n_seen++;
        }
      g_assert_cmpint (last_seq, ==, n_seen);
      g_assert_cmpint (has_more, ==, n_seen < 5);
      since = last_seq;
      n_pages++;
      g_assert_cmpuint (n_pages, <=, 3);
    }
  g_assert_cmpuint (n_pages, ==, 3);
  g_assert_cmpuint (n_seen, ==, 5);

  /* Nothing new: an empty page that stays where it was. */
  {
    g_autoptr (GPtrArray) page = NULL;
    gint64 last_seq = -1;

    page = changes_page (f, CF_ROLE_SUPERVISOR, 5, 2, &last_seq, &has_more);
    g_assert_cmpuint (page->len, ==, 0);
    g_assert_cmpint (last_seq, ==, 5);
    g_assert_false (has_more);
  }

  /* Exactly a page full: no promise of more. */
  {
    g_autoptr (GPtrArray) page = NULL;
    gint64 last_seq = -1;

    page = changes_page (f, CF_ROLE_SUPERVISOR, 3, 2, &last_seq, &has_more);
    g_assert_cmpuint (page->len, ==, 2);
    g_assert_cmpint (last_seq, ==, 5);
    g_assert_false (has_more);
  }
}

static void
test_authority_changes_latest (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr (JsonObject) values = strings_new ("name", "Team 1", NULL);
  g_autoptr (JsonObject) other = strings_new ("name", "Team 2", NULL);
  g_autoptr (CfOpResult) result = NULL;
  g_autoptr (GPtrArray) page = NULL;
  g_autofree char *team_id = NULL;
  g_autofree char *other_id = NULL;
  gint64 last_seq = -1;
  gint64 final_seq;
  gboolean has_more = TRUE;
  JsonObject *envelope;

  result = push_create (f, DEVICE_A, 1, f->supervisor_id, "team", values, &team_id);
  assert_applied (result);
  g_clear_pointer (&result, cf_op_result_free);
  result = push_create (f, DEVICE_A, 2, f->supervisor_id, "team", other, &other_id);
  assert_applied (result);
  g_clear_pointer (&result, cf_op_result_free);
  result = push_patch_string (f, DEVICE_A, 3, "team", team_id, "name", "Team 1b", "Team 1", 1);
  assert_applied (result);
  g_clear_pointer (&result, cf_op_result_free);
  result = push_patch_string (f, DEVICE_A, 4, "team", team_id, "name", "Team 1c", "Team 1b", 2);
  assert_applied (result);
  g_assert_cmpint (result->rev, ==, 3);
  final_seq = result->seq;
  g_assert_cmpint (final_seq, ==, 4);

  /* Four changes, two records; the patched one in its latest state, at
   * the place of its latest change.
   */
  page = changes_page (f, CF_ROLE_DEPUTY, 0, 10, &last_seq, &has_more);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpint (last_seq, ==, 4);
  g_assert_false (has_more);

  envelope = page_record (page, 0);
  g_assert_cmpstr (envelope_id (envelope), ==, other_id);
  g_assert_cmpint (json_object_get_int_member (envelope, "seq"), ==, 2);

  envelope = page_record (page, 1);
  g_assert_cmpstr (envelope_id (envelope), ==, team_id);
  g_assert_cmpint (json_object_get_int_member (envelope, "seq"), ==, final_seq);
  g_assert_cmpint (json_object_get_int_member (envelope, "rev"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (envelope_body (envelope), "name"), ==,
                   "Team 1c");
}

static void
test_authority_changes_secrets_and_roles (Fixture       *f,
                                          gconstpointer  data)
{
  g_autofree char *staff_id = create_staff_at_rev_1 (f, DEVICE_A, 1, "1001", "Zhang Wei");
  g_autoptr (JsonObject) user_values = NULL;
  g_autoptr (CfOpResult) result = NULL;
  g_autofree char *user_id = NULL;
  gint64 user_seq;
  gboolean found_user = FALSE;

  /* A desktop account made on a desktop and pushed, with its hash. */
  user_values = strings_new ("staff", staff_id, "login", "zhang",
                             "password_hash", cf_test_password_hash (PASSWORD), NULL);
  result = push_create (f, DEVICE_A, 2, f->supervisor_id, "user", user_values, &user_id);
  assert_applied (result);
  user_seq = result->seq;
  g_assert_cmpint (user_seq, ==, 2);

  /* Every desktop role sees the account, never its hash. */
  for (CfRole role = 0; role < CF_N_ROLES; role++)
    {
      g_autoptr (GPtrArray) page = NULL;
      gint64 last_seq = -1;
      gboolean has_more = TRUE;

      if (!cf_role_is_desktop (role))
        continue;
      found_user = FALSE;
      page = changes_page (f, role, 0, 100, &last_seq, &has_more);
      g_assert_cmpuint (page->len, ==, 2);
      g_assert_cmpint (last_seq, ==, user_seq);
      g_assert_false (has_more);
      for (guint i = 0; i < page->len; i++)
        {
          JsonObject *envelope = page_record (page, i);
          JsonObject *body = envelope_body (envelope);
          g_autofree char *text = envelope_to_string (envelope);

          g_assert_false (json_object_has_member (body, "password_hash"));
          g_assert_false (json_object_has_member (envelope, "password_hash"));
          g_assert_null (strstr (text, "password_hash"));
          g_assert_null (strstr (text, cf_test_password_hash (PASSWORD)));
          if (g_strcmp0 (json_object_get_string_member (envelope, "kind"), "user") == 0)
            {
              found_user = TRUE;
              g_assert_cmpstr (envelope_id (envelope), ==, user_id);
              g_assert_cmpstr (json_object_get_string_member (body, "login"), ==, "zhang");
              g_assert_cmpstr (json_object_get_string_member (body, "staff"), ==, staff_id);
            }
        }
      g_assert_true (found_user);
    }

  /* An agent may read neither staff nor accounts: left out, but the feed
   * moves on.
   */
  {
    g_autoptr (GPtrArray) page = NULL;
    gint64 last_seq = -1;
    gboolean has_more = TRUE;

    page = changes_page (f, CF_ROLE_AGENT, 0, 100, &last_seq, &has_more);
    g_assert_cmpuint (page->len, ==, 0);
    g_assert_cmpint (last_seq, ==, user_seq);
    g_assert_false (has_more);
  }
  {
    g_autoptr (GPtrArray) page = NULL;
    gint64 last_seq = -1;
    gboolean has_more = TRUE;

    /* A page holding nothing the reader may see still advances. */
    page = changes_page (f, CF_ROLE_AGENT, 1, 1, &last_seq, &has_more);
    g_assert_cmpuint (page->len, ==, 0);
    g_assert_cmpint (last_seq, ==, user_seq);
    g_assert_false (has_more);
  }
}

static void
test_authority_changes_many (Fixture       *f,
                             gconstpointer  data)
{
  const guint n_changes = 10000;
  const guint limit = 1000;
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 since = 0;
  gint64 previous_seq = 0;
  gint64 started;
  guint n_pages = 0;
  gboolean has_more = TRUE;

  started = g_get_monotonic_time ();
  for (guint i = 0; i < n_changes; i++)
    {
      g_autofree char *name = g_strdup_printf ("Team %05u", i);
      g_autoptr (JsonObject) values = strings_new ("name", name, NULL);
      g_autoptr (CfOpResult) result = NULL;

      result = push_create (f, DEVICE_A, i + 1, f->supervisor_id, "team", values, NULL);
      if (result->status != CF_OP_RESULT_APPLIED)
        assert_applied (result);
    }
  g_test_message ("%u ops applied in %.2f s", n_changes,
                  (g_get_monotonic_time () - started) / 1e6);
  g_assert_cmpint (cf_authority_last_seq (f->store), ==, n_changes);

  started = g_get_monotonic_time ();
  while (has_more)
    {
      g_autoptr (GPtrArray) page = NULL;
      gint64 last_seq = -1;

      page = changes_page (f, CF_ROLE_SHIFT_LEAD, since, limit, &last_seq, &has_more);
      g_assert_cmpuint (page->len, ==, limit);
      for (guint i = 0; i < page->len; i++)
        {
          JsonObject *envelope = page_record (page, i);
          gint64 seq = json_object_get_int_member (envelope, "seq");

          g_assert_cmpint (seq, >, previous_seq);
          g_assert_cmpint (seq, <=, last_seq);
          previous_seq = seq;
          g_assert_true (g_hash_table_add (seen, g_strdup (envelope_id (envelope))));
        }
      g_assert_cmpint (last_seq, ==, since + limit);
      since = last_seq;
      n_pages++;
      g_assert_cmpuint (n_pages, <=, n_changes / limit);
    }
  g_test_message ("%u pages read in %.2f s", n_pages,
                  (g_get_monotonic_time () - started) / 1e6);

  g_assert_cmpuint (n_pages, ==, n_changes / limit);
  g_assert_cmpuint (g_hash_table_size (seen), ==, n_changes);
  g_assert_cmpint (since, ==, n_changes);
}

/* Answers */

static void
assert_round_trip (const CfOpResult *result)
{
  g_autofree char *op_id = cf_uuid_new_v7 ();
  g_autoptr (JsonNode) node = cf_op_result_to_json (result, op_id);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr (JsonObject) object = parse_object (text);
  g_autoptr (CfOpResult) back = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (json_object_get_string_member (object, "op_id"), ==, op_id);

  back = cf_op_result_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpint (back->status, ==, result->status);
  g_assert_cmpint (back->original_status, ==, result->original_status);
  g_assert_cmpint (back->rev, ==, result->rev);
  g_assert_cmpint (back->seq, ==, result->seq);
  g_assert_cmpint (back->expected_device_seq, ==, result->expected_device_seq);
  g_assert_cmpstr (back->conflict_id, ==, result->conflict_id);
  g_assert_cmpstr (back->error, ==, result->error);
  g_assert_cmpstr (back->reason, ==, result->reason);
}

static void
test_authority_result_json (void)
{
  g_autofree char *conflict_id = cf_uuid_new_v7 ();
  CfOpResult applied = { CF_OP_RESULT_APPLIED, 4, 12345, NULL, NULL, NULL, 0,
                         CF_OP_RESULT_APPLIED };
  CfOpResult conflict = { CF_OP_RESULT_CONFLICT, 7, 99, conflict_id, NULL, NULL, 0,
                          CF_OP_RESULT_CONFLICT };
  CfOpResult rejected = { CF_OP_RESULT_REJECTED, 0, 0, NULL, (char *) "forbidden",
                          (char *) "Your role (Shift lead) may not make this change.", 0,
                          CF_OP_RESULT_REJECTED };
  CfOpResult retry = { CF_OP_RESULT_RETRY, 0, 0, NULL, (char *) "out_of_order",
                       (char *) "ops must arrive in the order they were made", 811,
                       CF_OP_RESULT_RETRY };
  const CfOpResult *originals[] = { &applied, &conflict, &rejected, &retry };

  assert_round_trip (&applied);
  assert_round_trip (&conflict);
  assert_round_trip (&rejected);
  assert_round_trip (&retry);

  /* A duplicate carries what the first attempt got. */
  for (guint i = 0; i < G_N_ELEMENTS (originals); i++)
    {
      CfOpResult duplicate = *originals[i];
      g_autoptr (JsonNode) node = NULL;
      JsonObject *original;

      duplicate.status = CF_OP_RESULT_DUPLICATE;
      duplicate.original_status = originals[i]->status;
      assert_round_trip (&duplicate);

      node = cf_op_result_to_json (&duplicate, NULL);
      g_assert_false (json_object_has_member (json_node_get_object (node), "op_id"));
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "status"),
                       ==, "duplicate");
      original = json_object_get_object_member (json_node_get_object (node), "original");
      g_assert_nonnull (original);
      g_assert_cmpstr (json_object_get_string_member (original, "status"), ==,
                       cf_op_result_status_to_string (originals[i]->status));
    }

  /* What the wire may not say. */
  {
    const char *bad[] = {
      "{\"status\":\"done\"}",
      "{\"rev\":1}",
      "{\"status\":\"duplicate\"}",
      "{\"status\":\"duplicate\",\"original\":{\"status\":\"duplicate\"}}",
      "{\"status\":\"duplicate\",\"original\":\"applied\"}",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr (JsonObject) object = parse_object (bad[i]);
        g_autoptr (GError) error = NULL;
        g_autoptr (CfOpResult) result = cf_op_result_from_json (object, &error);

        g_assert_null (result);
        g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/authority/apply-create", test_authority_apply_create);
  ADD ("/authority/replay", test_authority_replay);
  ADD ("/authority/device-order", test_authority_device_order);
  ADD ("/authority/forbidden", test_authority_forbidden);
  ADD ("/authority/invalid", test_authority_invalid);
  ADD ("/authority/batch", test_authority_batch);
  ADD ("/authority/attach", test_authority_attach);
  ADD ("/authority/attach-after-pushes", test_authority_attach_after_pushes);
  ADD ("/authority/merge", test_authority_merge);
  ADD ("/authority/conflict", test_authority_conflict);
  ADD ("/authority/conflict-partial", test_authority_conflict_partial);
  ADD ("/authority/tombstones", test_authority_tombstones);
  ADD ("/authority/restore-name-taken", test_authority_restore_name_taken);
  ADD ("/authority/changes-paging", test_authority_changes_paging);
  ADD ("/authority/changes-latest", test_authority_changes_latest);
  ADD ("/authority/changes-secrets-and-roles", test_authority_changes_secrets_and_roles);
  ADD ("/authority/changes-many", test_authority_changes_many);
  g_test_add_func ("/authority/result-json", test_authority_result_json);

#undef ADD

  status = g_test_run ();

  cf_test_clear_caches ();

  return status;
}
