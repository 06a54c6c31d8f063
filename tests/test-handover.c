/* test-handover.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cf-authority.h"
#include "cf-demo.h"
#include "cf-escalation.h"
#include "cf-handover.h"
#include "cf-op.h"
#include "cf-op-private.h"
#include "cf-rush-repair.h"
#include "cf-signing.h"
#include "cf-store.h"
#include "cf-test-util.h"
#include "cf-uuid.h"

/* Shift handover on a real database: the supervisor, two shift leads with
 * signing keys (the outgoing Olga and the incoming Ivan) and a complaints
 * desk user who does not lead shifts. What a sheet is pre-filled with;
 * signing out and countersigning; who may sign which side; a sealed sheet
 * that no path can change; a changed byte that verification finds; and
 * addenda.
 */

#define OUT_PASSWORD  "outgoing lead 2026"
#define IN_PASSWORD   "incoming lead 2026"
#define DESK_PASSWORD "complaints desk 2026"
#define DEVICE        "0190f0c2-7a8b-7c1e-9d1a-3b0c5e7f1a10"

typedef struct
{
  CfTestSupervisedFixture base;
  char                   *out_id;     /* shift lead, outgoing */
  char                   *in_id;      /* shift lead, incoming */
  char                   *desk_id;    /* complaints desk */
  char                   *early_id;   /* 07:00–15:00 */
  char                   *late_id;    /* 15:00–23:00 */
} Fixture;

static char *
create_user (Fixture    *f,
             const char *employee_no,
             const char *role,
             const char *login,
             const char *password)
{
  return cf_test_create_signing_user (f->base.store, f->base.supervisor_id, employee_no, role,
                                      login, login, password);
}

/* One of the shift types every new database has (cf-roster.c). */
static char *
shift_by_code (Fixture    *f,
               const char *code)
{
  char *id = cf_test_query_text (f->base.store, "SELECT id FROM shift_type WHERE code = ?", code);

  g_assert_nonnull (id);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  cf_test_supervised_set_up (&f->base, data);
  f->out_id = create_user (f, "L300", "shift_lead", "olga", OUT_PASSWORD);
  f->in_id = create_user (f, "L301", "shift_lead", "ivan", IN_PASSWORD);
  f->desk_id = create_user (f, "C300", "complaints_desk", "chen", DESK_PASSWORD);
  f->early_id = shift_by_code (f, "E");
  f->late_id = shift_by_code (f, "L");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->out_id);
  g_free (f->in_id);
  g_free (f->desk_id);
  g_free (f->early_id);
  g_free (f->late_id);
  cf_test_supervised_tear_down (&f->base, data);
}

/* Applies ops built without error. */
static void
apply (Fixture    *f,
       const char *author,
       GPtrArray  *ops,
       GError     *build_error)
{
  cf_test_apply_ops (f->base.store, author, ops, build_error);
}

/* A patch of one text field. */
static CfOp *
patch_text (const char *kind,
            const char *id,
            const char *field,
            const char *value)
{
  g_autoptr (JsonObject) set = json_object_new ();

  json_object_set_string_member (set, field, value);
  return cf_op_new_patch (kind, id, set);
}

static const char *
empty_content (void)
{
  return "{\"business\":[],\"equipment\":[{\"note\":null,\"source\":null,"
         "\"text\":\"Wallboard 2 flickers\"}],\"instructions\":[],\"other\":[],"
         "\"staffing\":[],\"unfinished\":[]}";
}

static char *
create_sheet (Fixture    *f,
              const char *date,
              const char *incoming_lead)
{
  g_autoptr (GError) error = NULL;
  CfOp *op = cf_handover_new_sheet (date, f->early_id, f->late_id, f->out_id, incoming_lead,
                                    empty_content ());
  char *id = g_strdup (cf_op_get_record_id (op));
  GPtrArray *ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);

  g_ptr_array_add (ops, op);
  apply (f, f->out_id, ops, NULL);

  return id;
}

static void
sign_out (Fixture    *f,
          const char *sheet_id)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *ops = cf_handover_sign_out (f->base.store, f->out_id, sheet_id, OUT_PASSWORD,
                                         &error);

  apply (f, f->out_id, ops, error);
}

static void
countersign (Fixture    *f,
             const char *sheet_id,
             const char *remarks)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *ops = cf_handover_countersign (f->base.store, f->in_id, sheet_id, IN_PASSWORD,
                                            remarks, &error);

  apply (f, f->in_id, ops, error);
}

static char *
sealed_sheet (Fixture *f)
{
  char *id = create_sheet (f, "2026-03-02", f->in_id);

  sign_out (f, id);
  countersign (f, id, "Read and understood; wallboard ticket taken over.");
  return id;
}

static char *
status_of (Fixture    *f,
           const char *sheet_id)
{
  return cf_test_record_string (f->base.store, "handover_sheet", sheet_id, "status");
}

static char *
add_duty_log (Fixture    *f,
              const char *date,
              const char *shift_id,
              const char *category,
              const char *text,
              gboolean    flagged)
{
  g_autoptr (JsonObject) entry = json_object_new ();

  json_object_set_string_member (entry, "shift_date", date);
  json_object_set_string_member (entry, "shift_type", shift_id);
  json_object_set_string_member (entry, "category", category);
  json_object_set_string_member (entry, "text", text);
  json_object_set_boolean_member (entry, "flagged", flagged);

  return cf_test_create_record (f->base.store, f->out_id, "duty_log_entry", entry);
}

/* The sources of the items of @section, joined by spaces. */
static char *
sources (const char *content,
         const char *section)
{
  g_autoptr (JsonNode) node = json_from_string (content, NULL);
  JsonArray *items = json_object_get_array_member (json_node_get_object (node), section);
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      g_string_append_printf (text, "%s%s", i > 0 ? " " : "",
                              json_object_get_string_member (item, "source"));
      g_assert_true (json_object_has_member (item, "note"));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_prefill (Fixture       *f,
              gconstpointer  data)
{
  CfEscalationReport report = {
    "hotline", "rush_repair", "urgent", NULL, NULL, "Whole street without service", NULL,
  };
  CfRushRepairRequest request = {
    "Street cabinet flooded", NULL, NULL, "Engineering", NULL, NULL,
  };
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) cell = json_object_new ();
  g_autoptr (JsonNode) parsed = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *escalation_id = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *instruction_id = NULL;
  g_autofree char *flagged_id = NULL;
  g_autofree char *unflagged_id = NULL;
  g_autofree char *other_shift_id = NULL;
  g_autofree char *order_from_above_id = NULL;
  g_autofree char *cell_id = NULL;
  g_autofree char *content = NULL;
  g_autofree char *unfinished = NULL;
  g_autofree char *instructions = NULL;
  g_autofree char *staffing = NULL;
  g_autofree char *expected = NULL;
  GPtrArray *ops;
  CfOp *patch;

  ops = cf_escalation_raise (f->base.store, f->out_id, &report, NULL, NULL, &error);
  escalation_id = g_strdup (cf_op_get_record_id (ops->pdata[0]));
  apply (f, f->out_id, ops, error);
  ops = cf_escalation_record_instruction (f->base.store, f->out_id, escalation_id,
                                          f->base.supervisor_id,
                                          "Send an engineer before noon.", &error);
  instruction_id = g_strdup (cf_op_get_record_id (ops->pdata[0]));
  apply (f, f->out_id, ops, error);
  ops = cf_rush_repair_create (f->base.store, f->out_id, &request, &error);
  order_id = g_strdup (cf_op_get_record_id (ops->pdata[0]));
  apply (f, f->out_id, ops, error);

  flagged_id = add_duty_log (f, today, f->early_id, "equipment", "Headset 14 broken", TRUE);
  unflagged_id = add_duty_log (f, today, f->early_id, "incident", "Fire drill at 10:00", FALSE);
  other_shift_id = add_duty_log (f, today, f->late_id, "equipment", "Late shift's own", TRUE);
  order_from_above_id = add_duty_log (f, today, f->late_id, "instruction",
                                      "No overtime this week", FALSE);

  /* The duty log is append-only. */
  patch = patch_text ("duty_log_entry", flagged_id, "text", "Nothing broken");
  g_assert_false (cf_store_apply (f->base.store, f->out_id, &patch, 1, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_IMMUTABLE);
  g_clear_error (&error);
  cf_op_unref (patch);

  json_object_set_string_member (cell, "staff",
                                 cf_test_query_text (f->base.store,
                                                     "SELECT staff FROM app_user WHERE id = ?",
                                                     f->desk_id));
  json_object_set_string_member (cell, "date", today);
  json_object_set_string_member (cell, "leave", "sick");
  cell_id = cf_test_create_record (f->base.store, f->out_id, "roster_assignment", cell);

  content = cf_handover_prefill (f->base.store, today, f->early_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (content);

  /* Kept in canonical form, so it signs the same everywhere. */
  parsed = json_from_string (content, NULL);
  canonical = cf_signing_canonical_json (parsed);
  g_assert_cmpstr (canonical, ==, content);

  unfinished = sources (content, "unfinished");
  expected = g_strdup_printf ("escalation:%s rush_repair:%s duty_log:%s", escalation_id, order_id,
                              flagged_id);
  g_assert_cmpstr (unfinished, ==, expected);
  g_assert_null (strstr (content, unflagged_id));
  g_assert_null (strstr (content, other_shift_id));
  g_clear_pointer (&expected, g_free);

  instructions = sources (content, "instructions");
  expected = g_strdup_printf ("escalation_entry:%s duty_log:%s", instruction_id,
                              order_from_above_id);
  g_assert_cmpstr (instructions, ==, expected);
  g_assert_nonnull (strstr (content, "Send an engineer before noon."));
  g_clear_pointer (&expected, g_free);

  staffing = sources (content, "staffing");
  expected = g_strdup_printf ("roster_assignment:%s", cell_id);
  g_assert_cmpstr (staffing, ==, expected);
  g_assert_nonnull (strstr (content, "chen: Sick leave"));
}

static void
assert_verifies (Fixture    *f,
                 const char *sheet_id)
{
  g_auto (CfHandoverCheck) check = { 0 };
  g_autoptr (GError) error = NULL;

  g_assert_true (cf_handover_verify (f->base.store, sheet_id, &check, &error));
  g_assert_no_error (error);
  g_assert_true (check.sealed);
  g_assert_cmpint (check.problems, ==, 0);
  g_assert_null (check.message);
  g_assert_nonnull (check.outgoing_fingerprint);
  g_assert_nonnull (check.incoming_fingerprint);
  g_assert_cmpstr (check.outgoing_fingerprint, !=, check.incoming_fingerprint);
}

/* Two different people sign, each with their own password; the sheet is
 * then sealed and verifies.
 */
static void
test_sign_and_seal (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = create_sheet (f, "2026-03-02", NULL);
  g_autofree char *status = NULL;
  g_autofree char *remarks = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *ops;
  CfOp *patch;

  /* The signature binds the incoming lead: named first. */
  ops = cf_handover_sign_out (f->base.store, f->out_id, id, OUT_PASSWORD, &error);
  g_assert_error (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_STATE);
  g_assert_null (ops);
  g_clear_error (&error);
  patch = patch_text ("handover_sheet", id, "incoming_lead", f->in_id);
  g_assert_true (cf_store_apply (f->base.store, f->out_id, &patch, 1, &error));
  g_assert_no_error (error);
  cf_op_unref (patch);

  /* Only the outgoing lead signs out, and only with their own password. */
  ops = cf_handover_sign_out (f->base.store, f->in_id, id, IN_PASSWORD, &error);
  g_assert_error (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_SIGNER);
  g_assert_null (ops);
  g_clear_error (&error);
  ops = cf_handover_sign_out (f->base.store, f->out_id, id, IN_PASSWORD, &error);
  g_assert_error (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_PASSWORD);
  g_assert_null (ops);
  g_clear_error (&error);

  /* Nobody countersigns a sheet not signed out. */
  ops = cf_handover_countersign (f->base.store, f->in_id, id, IN_PASSWORD, NULL, &error);
  g_assert_error (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_STATE);
  g_assert_null (ops);
  g_clear_error (&error);

  sign_out (f, id);
  status = status_of (f, id);
  g_assert_cmpstr (status, ==, "signed_out");
  g_clear_pointer (&status, g_free);

  /* The same person cannot sign both sides, nor a third one countersign. */
  ops = cf_handover_countersign (f->base.store, f->out_id, id, OUT_PASSWORD, NULL, &error);
  g_assert_error (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_SIGNER);
  g_assert_null (ops);
  g_clear_error (&error);
  ops = cf_handover_countersign (f->base.store, f->desk_id, id, DESK_PASSWORD, NULL, &error);
  g_assert_error (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_SIGNER);
  g_assert_null (ops);
  g_clear_error (&error);
  ops = cf_handover_countersign (f->base.store, f->in_id, id, OUT_PASSWORD, NULL, &error);
  g_assert_error (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_PASSWORD);
  g_assert_null (ops);
  g_clear_error (&error);

  countersign (f, id, "Taken over at 15:05.");
  status = status_of (f, id);
  g_assert_cmpstr (status, ==, "sealed");
  remarks = cf_test_record_string (f->base.store, "handover_sheet", id, "incoming_remarks");
  g_assert_cmpstr (remarks, ==, "Taken over at 15:05.");
  assert_verifies (f, id);
}

/* Only someone who leads shifts takes over, even when named: the sheet is
 * not signed out to them, and they cannot countersign it.
 */
static void
test_incoming_must_lead (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id = create_sheet (f, "2026-03-02", f->desk_id);
  g_autofree char *status = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *ops;

  ops = cf_handover_sign_out (f->base.store, f->out_id, id, OUT_PASSWORD, &error);
  g_assert_error (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_SIGNER);
  g_assert_null (ops);
  g_clear_error (&error);
  ops = cf_handover_countersign (f->base.store, f->desk_id, id, DESK_PASSWORD, NULL, &error);
  g_assert_error (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_SIGNER);
  g_assert_null (ops);
  status = status_of (f, id);
  g_assert_cmpstr (status, ==, "draft");
}

/* The outgoing lead names another incoming lead: on a signed-out sheet
 * that withdraws the signature, which binds the incoming lead; not
 * themselves, not someone who does not lead shifts, not by anyone else,
 * and never on a sealed sheet.
 */
static void
test_change_incoming_lead (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *id = create_sheet (f, "2026-03-02", f->desk_id);
  g_autofree char *second = create_user (f, "L302", "shift_lead", "mei", IN_PASSWORD);
  g_autofree char *sealed_id = sealed_sheet (f);
  g_autoptr (GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *incoming = NULL;
  g_autofree char *signature = NULL;
  GPtrArray *ops;

  /* Named by mistake: the complaints desk does not lead shifts. */
  ops = cf_handover_sign_out (f->base.store, f->out_id, id, OUT_PASSWORD, &error);
  g_assert_error (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_SIGNER);
  g_assert_null (ops);
  g_clear_error (&error);
  apply (f, f->out_id, cf_handover_set_incoming_lead (f->base.store, f->out_id, id, f->in_id,
                                                      &error), error);
  sign_out (f, id);

  /* Another lead now: the signature goes, the sheet is prepared again. */
  ops = cf_handover_set_incoming_lead (f->base.store, f->in_id, id, second, &error);
  g_assert_error (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_SIGNER);
  g_assert_null (ops);
  g_clear_error (&error);
  ops = cf_handover_set_incoming_lead (f->base.store, f->out_id, id, f->out_id, &error);
  g_assert_error (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_SIGNER);
  g_assert_null (ops);
  g_clear_error (&error);
  ops = cf_handover_set_incoming_lead (f->base.store, f->out_id, id, f->desk_id, &error);
  g_assert_error (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_SIGNER);
  g_assert_null (ops);
  g_clear_error (&error);
  apply (f, f->out_id, cf_handover_set_incoming_lead (f->base.store, f->out_id, id, second,
                                                      &error), error);
  status = status_of (f, id);
  g_assert_cmpstr (status, ==, "draft");
  incoming = cf_test_record_string (f->base.store, "handover_sheet", id, "incoming_lead");
  g_assert_cmpstr (incoming, ==, second);
  signature = cf_test_record_string (f->base.store, "handover_sheet", id, "outgoing_signature");
  g_assert_null (signature);
  sign_out (f, id);

  ops = cf_handover_set_incoming_lead (f->base.store, f->out_id, sealed_id, second, &error);
  g_assert_error (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_STATE);
  g_assert_null (ops);
}

/* The outgoing signature holds for the content it was made over: a changed
 * content is refused while it stands, editing clears it, and it must be
 * renewed before the incoming lead can countersign.
 */
static void
test_changed_content_needs_new_signature (Fixture       *f,
                                          gconstpointer  data)
{
  g_autofree char *id = create_sheet (f, "2026-03-02", f->in_id);
  const char *changed = "{\"business\":[],\"equipment\":[],\"instructions\":[],\"other\":[],"
                        "\"staffing\":[],\"unfinished\":[]}";
  g_auto (CfHandoverCheck) check = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *signature = NULL;
  g_autoptr (GString) deep = NULL;
  sqlite3 *db = NULL;
  GPtrArray *ops;
  CfOp *patch;

  sign_out (f, id);

  /* A plain patch of the content under a signature is refused… */
  patch = patch_text ("handover_sheet", id, "content", changed);
  g_assert_false (cf_store_apply (f->base.store, f->out_id, &patch, 1, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  g_clear_error (&error);
  cf_op_unref (patch);

  /* …and content not in canonical form is refused anywhere. */
  ops = cf_handover_edit_content (f->base.store, id, "{ \"other\": [] }", &error);
  g_assert_error (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_CONTENT);
  g_assert_null (ops);
  g_clear_error (&error);

  /* Nor is content nested deeper than a sheet's, which might overflow the
   * JSON parser's stack.
   */
  deep = g_string_new ("{\"other\":");
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  ops = cf_handover_edit_content (f->base.store, id, deep->str, &error);
  g_assert_error (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_CONTENT);
  g_assert_null (ops);
  g_clear_error (&error);
  patch = patch_text ("handover_sheet", id, "content", deep->str);
  g_assert_false (cf_store_apply (f->base.store, f->out_id, &patch, 1, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  g_clear_error (&error);
  cf_op_unref (patch);

  /* Content changed behind the store's back: found, and no countersigning.
   * (The triggers guard sealed sheets only.)
   */
  db = cf_test_open_raw (f->base.path, CF_TEST_REWRITE_NEVER);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE handover_sheet SET content = replace (content, "
                                     "'flickers', 'flickerz')", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (cf_handover_verify (f->base.store, id, &check, &error));
  g_assert_no_error (error);
  g_assert_cmpint (check.problems, ==,
                   CF_HANDOVER_PROBLEM_CONTENT_CHANGED | CF_HANDOVER_PROBLEM_INCOMING_MISSING);
  g_assert_nonnull (check.message);
  ops = cf_handover_countersign (f->base.store, f->in_id, id, IN_PASSWORD, NULL, &error);
  g_assert_error (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_STATE);
  g_assert_null (ops);
  g_clear_error (&error);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE handover_sheet SET content = replace (content, "
                                     "'flickerz', 'flickers')", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  /* Editing sends the sheet back to draft without its signature. */
  apply (f, f->out_id, cf_handover_edit_content (f->base.store, id, changed, &error), error);
  status = status_of (f, id);
  g_assert_cmpstr (status, ==, "draft");
  g_clear_pointer (&status, g_free);
  signature = cf_test_record_string (f->base.store, "handover_sheet", id, "outgoing_signature");
  g_assert_null (signature);
  ops = cf_handover_countersign (f->base.store, f->in_id, id, IN_PASSWORD, NULL, &error);
  g_assert_error (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_STATE);
  g_assert_null (ops);
  g_clear_error (&error);

  sign_out (f, id);
  countersign (f, id, NULL);
  assert_verifies (f, id);
}

/* Ivan's patch of the sheet @id, the first op his device pushes to the
 * server (in process), is rejected with @expected.
 */
static void
assert_server_rejects (Fixture    *f,
                       const char *id,
                       JsonObject *set,
                       JsonObject *base,
                       gint64      base_rev,
                       const char *expected)
{
  g_autofree char *op_id = cf_uuid_new_v7 ();
  g_autofree char *now = cf_utc_now_iso ();
  g_autoptr (CfOp) remote = _cf_op_new_remote (CF_OP_PATCH, "handover_sheet", id, set, base,
                                               base_rev, op_id, 1, f->in_id, now);
  g_autoptr (CfOpResult) result = NULL;
  g_autoptr (GError) error = NULL;

  result = cf_authority_apply (f->base.store, remote, DEVICE, "hash", &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpint (result->status, ==, CF_OP_RESULT_REJECTED);
  g_assert_cmpstr (result->error, ==, expected);
}

/* Before it is sealed a sheet is its outgoing lead's: another lead, even
 * the supervisor, may neither delete nor change it, on this desktop or at
 * the server; the incoming lead only countersigns it.
 */
static void
test_only_outgoing_lead_changes (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *id = create_sheet (f, "2026-03-02", f->in_id);
  g_autofree char *other = create_user (f, "L303", "shift_lead", "lan", IN_PASSWORD);
  const char *strangers[] = { other, f->base.supervisor_id, f->in_id };
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (JsonObject) base = json_object_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *status = NULL;
  CfOp *op;

  sign_out (f, id);
  for (guint i = 0; i < G_N_ELEMENTS (strangers); i++)
    {
      op = cf_op_new_delete ("handover_sheet", id);
      g_assert_false (cf_store_apply (f->base.store, strangers[i], &op, 1, &error));
      g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
      g_clear_error (&error);
      cf_op_unref (op);

      op = patch_text ("handover_sheet", id, "incoming_lead", other);
      g_assert_false (cf_store_apply (f->base.store, strangers[i], &op, 1, &error));
      g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
      g_clear_error (&error);
      cf_op_unref (op);
    }

  /* The server says the same to the incoming lead. */
  json_object_set_string_member (set, "incoming_lead", other);
  json_object_set_string_member (base, "incoming_lead", f->in_id);
  assert_server_rejects (f, id, set, base, 2, "forbidden");

  status = status_of (f, id);
  g_assert_cmpstr (status, ==, "signed_out");
  g_assert_cmpint (cf_test_query_integer (f->base.store, "SELECT deleted FROM handover_sheet "
                                                         "WHERE id = ?", id), ==, 0);

  /* Its outgoing lead may delete it. */
  op = cf_op_new_delete ("handover_sheet", id);
  g_assert_true (cf_store_apply (f->base.store, f->out_id, &op, 1, &error));
  g_assert_no_error (error);
  cf_op_unref (op);
}

/* A sealed sheet is read-only through the store, in SQL and on the server;
 * corrections go into addenda.
 */
static void
test_sealed_refuses_changes (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *id = sealed_sheet (f);
  const char *rewrites[] = {
    "UPDATE handover_sheet SET content = '{}'",
    "UPDATE handover_sheet SET incoming_remarks = 'Nothing was said'",
    "UPDATE handover_sheet SET status = 'draft'",
    "UPDATE handover_sheet SET deleted = 1",
    "DELETE FROM handover_sheet",
  };
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (JsonObject) base = json_object_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *now = cf_utc_now_iso ();
  g_autofree char *status = NULL;
  sqlite3 *db = NULL;
  GPtrArray *ops;
  CfOp *op;

  /* The store. */
  op = patch_text ("handover_sheet", id, "incoming_remarks", "Nothing was said");
  g_assert_false (cf_store_apply (f->base.store, f->in_id, &op, 1, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_IMMUTABLE);
  g_clear_error (&error);
  cf_op_unref (op);
  op = cf_op_new_delete ("handover_sheet", id);
  g_assert_false (cf_store_apply (f->base.store, f->base.supervisor_id, &op, 1, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_IMMUTABLE);
  g_clear_error (&error);
  cf_op_unref (op);
  ops = cf_handover_edit_content (f->base.store, id, empty_content (), &error);
  g_assert_error (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_STATE);
  g_assert_null (ops);
  g_clear_error (&error);
  ops = cf_handover_sign_out (f->base.store, f->out_id, id, OUT_PASSWORD, &error);
  g_assert_error (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_STATE);
  g_assert_null (ops);
  g_clear_error (&error);

  /* SQL: a plain connection has no rewrite function; with one that says
   * no, the triggers speak. The server's numbering may still change.
   */
  db = cf_test_open_raw (f->base.path, CF_TEST_REWRITE_UNSET);
  for (guint i = 0; i < G_N_ELEMENTS (rewrites); i++)
    g_assert_cmpint (sqlite3_exec (db, rewrites[i], NULL, NULL, NULL), !=, SQLITE_OK);
  cf_test_set_rewrite (db, CF_TEST_REWRITE_NEVER);
  for (guint i = 0; i < G_N_ELEMENTS (rewrites); i++)
    {
      g_assert_cmpint (sqlite3_exec (db, rewrites[i], NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
      g_assert_cmpstr (sqlite3_errmsg (db), ==, "a sealed handover sheet is read-only");
    }
  g_assert_cmpint (sqlite3_exec (db, "UPDATE handover_sheet SET rev = 7", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);
  g_assert_false (cf_store_exec (f->base.store, "UPDATE handover_sheet SET status = 'draft'",
                                 &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_IMMUTABLE);
  g_clear_error (&error);

  /* The server, in process: rejected/immutable. */
  json_object_set_string_member (set, "incoming_remarks", "Nothing was said");
  json_object_set_string_member (base, "incoming_remarks",
                                 "Read and understood; wallboard ticket taken over.");
  assert_server_rejects (f, id, set, base, 7, "immutable");

  status = status_of (f, id);
  g_assert_cmpstr (status, ==, "sealed");
  assert_verifies (f, id);
}

/* The server checks signatures as the desktop does: a sheet cannot be
 * pushed as sealed without both leads' valid signatures.
 */
static void
test_server_refuses_forged_seal (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *id = create_sheet (f, "2026-03-02", f->in_id);
  g_autofree char *signature = NULL;
  g_autofree char *status = NULL;
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (JsonObject) base = json_object_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *now = cf_utc_now_iso ();

  sign_out (f, id);
  signature = cf_test_record_string (f->base.store, "handover_sheet", id, "outgoing_signature");

  /* Ivan "countersigns" with Olga's signature. */
  json_object_set_string_member (set, "incoming_signature", signature);
  json_object_set_string_member (set, "incoming_signed_at", now);
  json_object_set_string_member (set, "status", "sealed");
  json_object_set_null_member (base, "incoming_signature");
  json_object_set_null_member (base, "incoming_signed_at");
  json_object_set_string_member (base, "status", "signed_out");
  assert_server_rejects (f, id, set, base, 0, "invalid");
  status = status_of (f, id);
  g_assert_cmpstr (status, ==, "signed_out");
}

/* One byte changed in a sealed sheet, by something that sets the triggers
 * aside as the sync path does, is found and said.
 */
static void
test_tampered (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *id = sealed_sheet (f);
  g_auto (CfHandoverCheck) check = { 0 };
  g_autoptr (GError) error = NULL;
  sqlite3 *db = NULL;

  db = cf_test_open_raw (f->base.path, CF_TEST_REWRITE_ALWAYS);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE handover_sheet SET content = replace (content, "
                                     "'Wallboard 2', 'Wallboard 3')", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);

  g_assert_true (cf_handover_verify (f->base.store, id, &check, &error));
  g_assert_no_error (error);
  g_assert_true (check.sealed);
  g_assert_cmpint (check.problems, ==, CF_HANDOVER_PROBLEM_CONTENT_CHANGED);
  g_assert_cmpstr (check.message, ==, "The content is not what the outgoing lead signed.");
  cf_handover_check_clear (&check);

  /* Put back, it verifies; the remarks are bound by the countersignature. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE handover_sheet SET content = replace (content, "
                                     "'Wallboard 3', 'Wallboard 2')", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  assert_verifies (f, id);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE handover_sheet SET incoming_remarks = "
                                     "'Nothing was handed over'", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (cf_handover_verify (f->base.store, id, &check, &error));
  g_assert_cmpint (check.problems, ==, CF_HANDOVER_PROBLEM_INCOMING_INVALID);
  g_assert_cmpstr (check.message, ==, "The incoming lead’s signature is not valid.");
  cf_handover_check_clear (&check);

  /* A rewritten digest does not help: the signature is then invalid. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE handover_sheet SET content_digest = "
                                     "replace (content_digest, substr (content_digest, 1, 1), "
                                     "CASE substr (content_digest, 1, 1) WHEN '0' THEN '1' "
                                     "ELSE '0' END)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (cf_handover_verify (f->base.store, id, &check, &error));
  g_assert_true (check.problems & CF_HANDOVER_PROBLEM_OUTGOING_INVALID);
  g_assert_nonnull (check.message);
  sqlite3_close (db);
}

/* A sealed sheet set back to being prepared (or to signed out) behind the
 * app's back would take changes again: its signatures give it away.
 */
static void
test_status_set_back (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = sealed_sheet (f);
  const char *statuses[] = { "signed_out", "draft" };
  sqlite3 *db = cf_test_open_raw (f->base.path, CF_TEST_REWRITE_ALWAYS);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_auto (CfHandoverCheck) check = { 0 };
      g_autoptr (GError) error = NULL;
      char *sql = sqlite3_mprintf ("UPDATE handover_sheet SET status = %Q WHERE id = %Q",
                                   statuses[i], id);

      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_free (sql);
      g_assert_true (cf_handover_verify (f->base.store, id, &check, &error));
      g_assert_no_error (error);
      g_assert_false (check.sealed);
      g_assert_true (check.problems & CF_HANDOVER_PROBLEM_STATUS);
      g_assert_nonnull (check.message);
    }
  sqlite3_close (db);
}

static void
test_addendum (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *draft_id = create_sheet (f, "2026-03-01", f->in_id);
  g_autofree char *id = sealed_sheet (f);
  g_autoptr (GError) error = NULL;
  g_autofree char *addendum_id = NULL;
  sqlite3 *db = NULL;
  GPtrArray *ops;

  ops = cf_handover_add_addendum (f->base.store, f->out_id, draft_id, OUT_PASSWORD,
                                  "Forgot the printer", &error);
  g_assert_error (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_STATE);
  g_assert_null (ops);
  g_clear_error (&error);
  ops = cf_handover_add_addendum (f->base.store, f->out_id, id, IN_PASSWORD,
                                  "Forgot the printer", &error);
  g_assert_error (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_PASSWORD);
  g_assert_null (ops);
  g_clear_error (&error);

  ops = cf_handover_add_addendum (f->base.store, f->out_id, id, OUT_PASSWORD,
                                  "Printer 3 is out of toner as well.", &error);
  g_assert_no_error (error);
  addendum_id = g_strdup (cf_op_get_record_id (ops->pdata[0]));
  /* Signed by Olga, it cannot pass as Ivan's. */
  g_assert_false (cf_store_apply (f->base.store, f->in_id, (CfOp * const *) ops->pdata, ops->len,
                                  &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  g_clear_error (&error);
  apply (f, f->out_id, ops, NULL);

  g_assert_true (cf_handover_verify_addendum (f->base.store, addendum_id, &error));
  g_assert_no_error (error);
  assert_verifies (f, id);

  db = cf_test_open_raw (f->base.path, CF_TEST_REWRITE_NEVER);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE handover_addendum SET text = 'Nothing'", NULL, NULL,
                                 NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpstr (sqlite3_errmsg (db), ==, "handover addenda are append-only");
  cf_test_set_rewrite (db, CF_TEST_REWRITE_ALWAYS);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE handover_addendum SET text = 'Nothing'", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_false (cf_handover_verify_addendum (f->base.store, addendum_id, &error));
  g_assert_error (error, CF_SIGNING_ERROR, CF_SIGNING_ERROR_MISMATCH);
}

static gboolean
lists_sheet (GPtrArray  *sheets,
             const char *id)
{
  for (guint i = 0; i < sheets->len; i++)
    {
      if (g_strcmp0 (json_object_get_string_member (sheets->pdata[i], "id"), id) == 0)
        return TRUE;
    }

  return FALSE;
}

/* A sheet not countersigned 30 minutes after the late shift starts at
 * 15:00 local time is overdue; a sealed one never is.
 */
static void
test_overdue_countersign (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *waiting_id = create_sheet (f, "2026-03-02", f->in_id);
  g_autofree char *sealed_id = sealed_sheet (f);
  g_autoptr (GDateTime) before = g_date_time_new_local (2026, 3, 2, 15, 29, 0);
  g_autoptr (GDateTime) after = g_date_time_new_local (2026, 3, 2, 15, 30, 0);
  g_autoptr (GPtrArray) none = NULL;
  g_autoptr (GPtrArray) overdue = NULL;
  g_autoptr (GError) error = NULL;

  sign_out (f, waiting_id);

  none = cf_handover_list_overdue_countersign (f->base.store, before, 30, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  overdue = cf_handover_list_overdue_countersign (f->base.store, after, 30, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overdue->len, ==, 1);
  g_assert_true (lists_sheet (overdue, waiting_id));
  g_assert_false (lists_sheet (overdue, sealed_id));
}

/* The ids of the rows of @sql. */
static GPtrArray *
list_ids (CfStore    *store,
          const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStatement) stmt = cf_store_prepare (store, sql, &error);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));

  return ids;
}

/* The demo database a floor lead first sees: four weeks of duty logs in
 * every category, a sealed sheet for every shift change in them, each
 * verifying and signed by two different leads on its day, two signed
 * addenda, the last change waiting for its countersignature (which its
 * incoming lead gives with the demo password) and the current shift's
 * sheet being prepared.
 */
static void
test_demo (gconstpointer data)
{
  gboolean chinese = GPOINTER_TO_INT (data);
  g_autofree char *path = NULL;
  g_autofree char *dir = cf_test_make_dir (&path);
  g_autoptr (CfStore) store = NULL;
  g_autoptr (GError) error = NULL;
  /* Mid-morning: the night has handed over to the early shift. */
  g_autoptr (GDateTime) now = g_date_time_new_local (2026, 3, 18, 10, 30, 0);
  g_autoptr (GDateTime) first_day = g_date_time_add_days (now, -27);
  g_autoptr (GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autoptr (GPtrArray) sealed = NULL;
  g_autoptr (GPtrArray) addenda = NULL;
  g_autofree char *now_iso = cf_utc_iso (now);
  g_autofree char *first_date = g_date_time_format (first_day, "%Y-%m-%d");
  g_autofree char *yesterday_date = g_date_time_format (yesterday, "%Y-%m-%d");
  g_autofree char *waiting_id = NULL;
  g_autofree char *waiting_lead = NULL;
  g_autofree char *draft_date = NULL;

  store = cf_store_open (path, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (cf_demo_populate_at (store, 20, chinese, now, &error));
  g_assert_no_error (error);

  /* Every demo account can sign. */
  g_assert_cmpint (cf_store_count (store, "SELECT COUNT(*) FROM app_user WHERE public_key IS NULL "
                                          "OR sealed_secret_key IS NULL"), ==, 0);

  /* Four weeks of duty logs, every category, some carried onto the sheets,
   * none written after now.
   */
  g_assert_cmpint (cf_test_query_integer (store, "SELECT COUNT(*) FROM duty_log_entry "
                                                 "WHERE shift_date = ?", first_date), >, 0);
  g_assert_cmpint (cf_store_count (store, "SELECT COUNT(DISTINCT shift_date) "
                                          "FROM duty_log_entry"), ==, 28);
  g_assert_cmpint (cf_store_count (store, "SELECT COUNT(DISTINCT category) "
                                          "FROM duty_log_entry"), ==, 6);
  g_assert_cmpint (cf_store_count (store, "SELECT COUNT(*) FROM duty_log_entry "
                                          "WHERE flagged = 1"), >, 10);
  g_assert_cmpint (cf_test_query_integer (store, "SELECT COUNT(*) FROM duty_log_entry "
                                                 "WHERE created_at > ?", now_iso), ==, 0);

  /* A sealed sheet for each of the three shift changes of every day up
   * to yesterday's night; each verifies, signed by two people, the
   * outgoing lead before the incoming one, on the sheet's day or (the
   * night's) the morning after.
   */
  sealed = list_ids (store, "SELECT id FROM handover_sheet WHERE status = 'sealed'");
  g_assert_cmpuint (sealed->len, ==, 27 * 3 - 1);
  for (guint i = 0; i < sealed->len; i++)
    {
      g_auto (CfHandoverCheck) check = { 0 };

      g_assert_true (cf_handover_verify (store, sealed->pdata[i], &check, &error));
      g_assert_no_error (error);
      g_assert_true (check.sealed);
      g_assert_cmpint (check.problems, ==, 0);
      g_assert_null (check.message);
      g_assert_cmpint (cf_test_query_integer (store,
                                              "SELECT COUNT(*) FROM handover_sheet WHERE id = ? "
                                              "AND outgoing_lead != incoming_lead "
                                              "AND created_at <= outgoing_signed_at "
                                              "AND outgoing_signed_at < incoming_signed_at "
                                              "AND date (outgoing_signed_at, 'localtime') "
                                              "  IN (shift_date, date (shift_date, '+1 day')) "
                                              "AND date (incoming_signed_at, 'localtime') "
                                              "  IN (shift_date, date (shift_date, '+1 day')) "
                                              "AND updated_at = incoming_signed_at",
                                              sealed->pdata[i]), ==, 1);
    }
  g_assert_cmpint (cf_test_query_integer (store, "SELECT COUNT(*) FROM handover_sheet "
                                                 "WHERE shift_date = ?", first_date), ==, 3);

  /* Two addenda, signed by their authors. */
  addenda = list_ids (store, "SELECT id FROM handover_addendum");
  g_assert_cmpuint (addenda->len, ==, 2);
  for (guint i = 0; i < addenda->len; i++)
    {
      g_assert_true (cf_handover_verify_addendum (store, addenda->pdata[i], &error));
      g_assert_no_error (error);
    }

  /* Last night's sheet waits for the early lead's countersignature. */
  g_assert_cmpint (cf_store_count (store, "SELECT COUNT(*) FROM handover_sheet "
                                          "WHERE status = 'signed_out'"), ==, 1);
  waiting_id = cf_test_query_text (store, "SELECT id FROM handover_sheet "
                                          "WHERE status = 'signed_out' AND shift_date = ?",
                                   yesterday_date);
  g_assert_nonnull (waiting_id);
  {
    g_auto (CfHandoverCheck) check = { 0 };

    g_assert_true (cf_handover_verify (store, waiting_id, &check, &error));
    g_assert_cmpint (check.problems, ==, CF_HANDOVER_PROBLEM_INCOMING_MISSING);
    g_assert_null (check.message);
  }
  waiting_lead = cf_test_record_string (store, "handover_sheet", waiting_id, "incoming_lead");
  {
    g_autoptr (GPtrArray) ops = cf_handover_countersign (store, waiting_lead, waiting_id,
                                                         CF_DEMO_PASSWORD, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (cf_store_apply (store, waiting_lead, (CfOp * const *) ops->pdata, ops->len,
                                   &error));
    g_assert_no_error (error);
  }
  {
    g_auto (CfHandoverCheck) check = { 0 };

    g_assert_true (cf_handover_verify (store, waiting_id, &check, &error));
    g_assert_true (check.sealed);
    g_assert_cmpint (check.problems, ==, 0);
  }

  /* And the early shift's sheet is being prepared. */
  draft_date = cf_test_query_text (store, "SELECT shift_date FROM handover_sheet "
                                          "WHERE status = 'draft'", NULL);
  g_assert_cmpstr (draft_date, ==, "2026-03-18");
  g_assert_cmpint (cf_store_count (store, "SELECT COUNT(*) FROM handover_sheet "
                                          "WHERE status = 'draft'"), ==, 1);

  g_clear_object (&store);
  cf_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/handover/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("prefill", test_prefill);
  ADD ("sign-and-seal", test_sign_and_seal);
  ADD ("incoming-must-lead", test_incoming_must_lead);
  ADD ("change-incoming-lead", test_change_incoming_lead);
  ADD ("only-outgoing-lead-changes", test_only_outgoing_lead_changes);
  ADD ("changed-content-needs-new-signature", test_changed_content_needs_new_signature);
  ADD ("sealed-refuses-changes", test_sealed_refuses_changes);
  ADD ("server-refuses-forged-seal", test_server_refuses_forged_seal);
  ADD ("tampered", test_tampered);
  ADD ("status-set-back", test_status_set_back);
  ADD ("addendum", test_addendum);
  ADD ("overdue-countersign", test_overdue_countersign);
  g_test_add_data_func ("/handover/demo/en", GINT_TO_POINTER (FALSE), test_demo);
  g_test_add_data_func ("/handover/demo/zh_CN", GINT_TO_POINTER (TRUE), test_demo);

#undef ADD

  return g_test_run ();
}
