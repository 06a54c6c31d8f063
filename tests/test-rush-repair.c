/* test-rush-repair.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-escalation.h"
#include "cf-op.h"
#include "cf-rush-repair.h"
#include "cf-store.h"
#include "cf-test-util.h"

/* Rush-repair orders on a real database holding the supervisor, a shift
 * lead who makes and closes orders, a complaints desk who calls customers
 * back and an information desk: each step's rules, the callback that must
 * confirm the repair before the order closes, who may close, and entries
 * that nothing can rewrite.
 */

typedef struct
{
  CfTestSupervisedFixture base;
  char                   *lead_id;   /* shift lead */
  char                   *desk_id;   /* complaints desk */
  char                   *info_id;   /* information desk */
} Fixture;

static char *
create_user (Fixture    *f,
             const char *employee_no,
             const char *role,
             const char *login)
{
  g_autoptr (JsonObject) staff = json_object_new ();
  g_autoptr (JsonObject) user = json_object_new ();
  g_autofree char *staff_id = NULL;

  json_object_set_string_member (staff, "employee_no", employee_no);
  json_object_set_string_member (staff, "name", login);
  json_object_set_string_member (staff, "role", role);
  staff_id = cf_test_create_record (f->base.store, f->base.supervisor_id, "staff", staff);
  json_object_set_string_member (user, "staff", staff_id);
  json_object_set_string_member (user, "login", login);
  json_object_set_string_member (user, "password_hash", cf_test_password_hash (CF_TEST_PASSWORD));

  return cf_test_create_record (f->base.store, f->base.supervisor_id, "user", user);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  cf_test_supervised_set_up (&f->base, data);
  f->lead_id = create_user (f, "L200", "shift_lead", "liu");
  f->desk_id = create_user (f, "C200", "complaints_desk", "chen");
  f->info_id = create_user (f, "I200", "information_desk", "ivy");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->lead_id);
  g_free (f->desk_id);
  g_free (f->info_id);
  cf_test_supervised_tear_down (&f->base, data);
}

/* Applies a step built without error, as the caller of each rule does. */
static void
apply (Fixture    *f,
       const char *author,
       GPtrArray  *ops,
       GError     *build_error)
{
  g_autoptr (GPtrArray) owned = ops;
  g_autoptr (GError) error = build_error;

  g_assert_no_error (error);
  g_assert_nonnull (ops);
  g_assert_true (cf_store_apply (f->base.store, author, (CfOp * const *) ops->pdata, ops->len,
                                 &error));
  g_assert_no_error (error);
}

static char *
create_order (Fixture    *f,
              const char *summary)
{
  CfRushRepairRequest request = {
    summary, "CUST-0815", "139 1234 5678", "Installation and repair", NULL,
    "Raised by the repair team's dispatcher.",
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = cf_rush_repair_create (f->base.store, f->lead_id, &request, &error);
  char *id;

  g_assert_no_error (error);
  id = g_strdup (cf_op_get_record_id (ops->pdata[0]));
  apply (f, f->lead_id, g_steal_pointer (&ops), NULL);

  return id;
}

static void
assert_status (Fixture    *f,
               const char *order_id,
               const char *expected)
{
  g_autofree char *status = cf_test_record_string (f->base.store, "rush_repair", order_id,
                                                   "status");

  g_assert_cmpstr (status, ==, expected);
}

/* The types of an order's entries, oldest first, joined by spaces. */
static char *
timeline (Fixture    *f,
          const char *order_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = cf_rush_repair_list_entries (f->base.store, order_id, &error);
  g_autoptr (GStrvBuilder) types = g_strv_builder_new ();
  g_auto (GStrv) strv = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    g_strv_builder_add (types, json_object_get_string_member (entries->pdata[i], "type"));
  strv = g_strv_builder_end (types);

  return g_strjoinv (" ", strv);
}

static void
assert_timeline (Fixture    *f,
                 const char *order_id,
                 const char *expected)
{
  g_autofree char *types = timeline (f, order_id);

  g_assert_cmpstr (types, ==, expected);
}

static void
notify (Fixture    *f,
        const char *order_id)
{
  g_autoptr (GError) error = NULL;

  apply (f, f->lead_id, cf_rush_repair_record_notified (f->base.store, f->lead_id, order_id,
                                                        "Repair team B", "phone", NULL, &error),
         NULL);
}

static void
report_repaired (Fixture    *f,
                 const char *order_id)
{
  g_autoptr (GError) error = NULL;

  apply (f, f->lead_id, cf_rush_repair_record_repaired (f->base.store, f->lead_id, order_id,
                                                        "Connector replaced", &error), NULL);
}

static void
call_back (Fixture    *f,
           const char *order_id,
           gboolean    confirmed)
{
  const char *said = confirmed ? NULL : "Still no signal";
  g_autoptr (GError) error = NULL;

  apply (f, f->desk_id, cf_rush_repair_record_callback (f->base.store, f->desk_id, order_id,
                                                        confirmed, said, &error), NULL);
}

/* Closing @order_id is refused because no callback confirmed the repair. */
static void
assert_close_refused (Fixture    *f,
                      const char *order_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = cf_rush_repair_close (f->base.store, f->lead_id, order_id, &error);

  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_CALLBACK);
  g_assert_null (ops);
  g_assert_cmpstr (error->message, !=, "");
}

static guint
n_records (GPtrArray *records)
{
  g_autoptr (GPtrArray) owned = records;

  g_assert_nonnull (records);
  return records->len;
}

/* From making the order to closing it: each step moves the order on and
 * writes one entry, and the timeline reads in the order they happened.
 */
static void
test_happy_path (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = create_order (f, "No signal in building 7");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) waiting = NULL;
  g_autofree char *details = NULL;

  assert_status (f, id, "open");
  assert_timeline (f, id, "created");
  details = cf_test_query_text (f->base.store, "SELECT text FROM rush_repair_entry "
                                               "WHERE rush_repair = ? AND type = 'created'", id);
  g_assert_cmpstr (details, ==, "Raised by the repair team's dispatcher.");
  g_assert_cmpuint (n_records (cf_rush_repair_list_open (f->base.store, &error)), ==, 1);

  apply (f, f->lead_id, cf_rush_repair_record_notified (f->base.store, f->lead_id, id,
                                                        "Repair team B", "sms",
                                                        "{\"code\":0,\"msg\":\"queued\"}", &error),
         NULL);
  assert_status (f, id, "notified");
  report_repaired (f, id);
  assert_status (f, id, "repaired");
  waiting = cf_rush_repair_list_awaiting_callback (f->base.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waiting->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (waiting->pdata[0], "id"), ==, id);

  /* The complaints desk calls the customer back; a shift lead closes. */
  call_back (f, id, TRUE);
  assert_status (f, id, "confirmed");
  g_assert_cmpuint (n_records (cf_rush_repair_list_awaiting_callback (f->base.store, &error)),
                    ==, 0);
  g_assert_cmpint (cf_test_query_integer (f->base.store, "SELECT COUNT(*) FROM rush_repair_entry "
                                                         "WHERE rush_repair = ? AND type = "
                                                         "'callback' AND result = 'confirmed'", id),
                   ==, 1);
  apply (f, f->lead_id, cf_rush_repair_close (f->base.store, f->lead_id, id, &error), NULL);
  assert_status (f, id, "closed");
  assert_timeline (f, id, "created notified repaired callback closed");
  g_assert_cmpuint (n_records (cf_rush_repair_list_open (f->base.store, &error)), ==, 0);
  g_assert_no_error (error);
}

/* What an order is made of is checked, and it may name the escalation it
 * came from.
 */
static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  CfEscalationReport report = {
    "hotline", "rush_repair", "urgent", NULL, NULL, "Whole street without service", NULL,
  };
  CfRushRepairRequest request = { "  ", NULL, NULL, "Engineering", NULL, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = NULL;
  g_autofree char *escalation_id = NULL;
  g_autofree char *linked = NULL;

  ops = cf_rush_repair_create (f->base.store, f->lead_id, &request, &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_MISSING);
  g_assert_null (ops);
  g_clear_error (&error);
  request.summary = "Street cabinet flooded";
  request.raised_by_department = "";
  ops = cf_rush_repair_create (f->base.store, f->lead_id, &request, &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_MISSING);
  g_clear_error (&error);
  request.raised_by_department = "Engineering";
  request.escalation_id = "0190a3c2-0000-7000-8000-000000000000";
  ops = cf_rush_repair_create (f->base.store, f->lead_id, &request, &error);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  ops = cf_escalation_raise (f->base.store, f->lead_id, &report, NULL, NULL, &error);
  escalation_id = g_strdup (cf_op_get_record_id (ops->pdata[0]));
  apply (f, f->lead_id, g_steal_pointer (&ops), error);
  request.escalation_id = escalation_id;
  ops = cf_rush_repair_create (f->base.store, f->lead_id, &request, &error);
  g_assert_no_error (error);
  linked = g_strdup (cf_op_get_record_id (ops->pdata[0]));
  apply (f, f->lead_id, g_steal_pointer (&ops), NULL);
  {
    g_autofree char *escalation = cf_test_record_string (f->base.store, "rush_repair", linked,
                                                         "escalation");
    g_autofree char *contact = cf_test_record_string (f->base.store, "rush_repair", linked,
                                                      "customer_contact");

    g_assert_cmpstr (escalation, ==, escalation_id);
    g_assert_null (contact);
  }

  /* The information desk may not make an order: the store refuses. */
  ops = cf_rush_repair_create (f->base.store, f->info_id, &request, &error);
  g_assert_no_error (error);
  g_assert_false (cf_store_apply (f->base.store, f->info_id, (CfOp * const *) ops->pdata,
                                  ops->len, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
}

/* An order closes only after a callback that confirmed the repair: not
 * while open, notified, repaired, or after a failed callback.
 */
static void
test_close_needs_confirmed_callback (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *id = create_order (f, "Line down on Nanjing Road");

  assert_close_refused (f, id);
  notify (f, id);
  assert_close_refused (f, id);
  report_repaired (f, id);
  assert_close_refused (f, id);
  call_back (f, id, FALSE);
  assert_status (f, id, "callback_failed");
  assert_close_refused (f, id);
  g_assert_cmpint (cf_test_query_integer (f->base.store, "SELECT COUNT(*) FROM rush_repair_entry "
                                                         "WHERE rush_repair = ? "
                                                         "AND type = 'closed'", id), ==, 0);
}

/* A failed callback sends the order back: it needs a new repair report
 * and a new callback, which then lets it close.
 */
static void
test_failed_callback (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = create_order (f, "Set-top box keeps rebooting");
  g_autoptr (GError) error = NULL;
  GPtrArray *ops;

  /* Called back before the repair is reported done. */
  ops = cf_rush_repair_record_callback (f->base.store, f->desk_id, id, TRUE, NULL, &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_STATUS);
  g_assert_null (ops);
  g_clear_error (&error);
  ops = cf_rush_repair_record_repaired (f->base.store, f->lead_id, id, NULL, &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_STATUS);
  g_clear_error (&error);

  notify (f, id);
  report_repaired (f, id);
  ops = cf_rush_repair_record_callback (f->base.store, f->desk_id, id, FALSE, " ", &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_MISSING);
  g_clear_error (&error);
  call_back (f, id, FALSE);
  assert_status (f, id, "callback_failed");

  /* The failed callback used up the repair report. */
  ops = cf_rush_repair_record_callback (f->base.store, f->desk_id, id, TRUE, NULL, &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_STATUS);
  g_clear_error (&error);

  report_repaired (f, id);
  call_back (f, id, TRUE);
  apply (f, f->lead_id, cf_rush_repair_close (f->base.store, f->lead_id, id, &error), NULL);
  assert_status (f, id, "closed");
  assert_timeline (f, id, "created notified repaired callback repaired callback closed");
}

/* Who was notified, how, and what the SMS gateway answered are kept as
 * given; people may be told again after a failed callback, not once the
 * repair waits for its callback.
 */
static void
test_notified (Fixture       *f,
               gconstpointer  data)
{
  const char *answer = "HTTP 200 {\"result\":\"OK\",\"msgid\":\"88231\"}";
  g_autofree char *id = create_order (f, "Fibre cut at the bridge");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  GPtrArray *ops;

  ops = cf_rush_repair_record_notified (f->base.store, f->lead_id, id, "", "sms", NULL, &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_MISSING);
  g_assert_null (ops);
  g_clear_error (&error);
  ops = cf_rush_repair_record_notified (f->base.store, f->lead_id, id, "Team A", "pigeon", NULL,
                                        &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_MISSING);
  g_clear_error (&error);
  ops = cf_rush_repair_record_notified (f->base.store, f->lead_id, id, "Team A", "phone", answer,
                                        &error);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID);
  g_clear_error (&error);

  apply (f, f->lead_id, cf_rush_repair_record_notified (f->base.store, f->lead_id, id,
                                                        "Wang (line crew)", "sms", answer, &error),
         NULL);
  notify (f, id);
  entries = cf_rush_repair_list_entries (f->base.store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_cmpstr (json_object_get_string_member (entries->pdata[1], "notified"), ==,
                   "Wang (line crew)");
  g_assert_cmpstr (json_object_get_string_member (entries->pdata[1], "channel"), ==, "sms");
  g_assert_cmpstr (json_object_get_string_member (entries->pdata[1], "gateway_answer"), ==, answer);
  g_assert_cmpstr (json_object_get_string_member (entries->pdata[2], "notified"), ==,
                   "Repair team B");
  g_assert_cmpstr (json_object_get_string_member (entries->pdata[2], "channel"), ==, "phone");
  g_assert_true (json_object_get_null_member (entries->pdata[2], "gateway_answer"));
  assert_status (f, id, "notified");

  report_repaired (f, id);
  ops = cf_rush_repair_record_notified (f->base.store, f->lead_id, id, "Team A", "phone", NULL,
                                        &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_STATUS);
  g_clear_error (&error);
  call_back (f, id, FALSE);
  notify (f, id);
  assert_status (f, id, "notified");
}

/* Only the roles the registry allows close an order: the store refuses
 * the complaints desk and the information desk whatever they build, and
 * the entry alone as well.
 */
static void
test_close_forbidden_role (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *id = create_order (f, "Router replaced, customer unsure");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = NULL;
  const char *forbidden[] = { f->desk_id, f->info_id };

  notify (f, id);
  report_repaired (f, id);
  call_back (f, id, TRUE);

  /* The step itself refuses them... */
  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    {
      g_assert_null (cf_rush_repair_close (f->base.store, forbidden[i], id, &error));
      g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
      g_clear_error (&error);
    }
  /* ...and so does the store, given the ops a supervisor's closing is. */
  ops = cf_rush_repair_close (f->base.store, f->base.supervisor_id, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    {
      g_assert_false (cf_store_apply (f->base.store, forbidden[i], (CfOp * const *) ops->pdata,
                                      ops->len, &error));
      g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
      g_clear_error (&error);
      g_assert_false (cf_store_apply (f->base.store, forbidden[i],
                                      (CfOp * const *) &ops->pdata[0], 1, &error));
      g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN);
      g_clear_error (&error);
    }
  assert_status (f, id, "confirmed");
  assert_timeline (f, id, "created notified repaired callback");

  /* The same batch, sent by the supervisor, closes it. */
  g_assert_true (cf_store_apply (f->base.store, f->base.supervisor_id,
                                 (CfOp * const *) ops->pdata, ops->len, &error));
  g_assert_no_error (error);
  assert_status (f, id, "closed");
}

/* A closed order can be reopened with a reason, and then needs a repair
 * and a confirmed callback again before it closes.
 */
static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = create_order (f, "Intermittent dropouts");
  g_autoptr (GError) error = NULL;
  GPtrArray *ops;

  ops = cf_rush_repair_reopen (f->base.store, f->lead_id, id, "Customer called again", &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_STATUS);
  g_assert_null (ops);
  g_clear_error (&error);

  notify (f, id);
  report_repaired (f, id);
  call_back (f, id, TRUE);
  apply (f, f->lead_id, cf_rush_repair_close (f->base.store, f->lead_id, id, &error), NULL);
  ops = cf_rush_repair_close (f->base.store, f->lead_id, id, &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_STATUS);
  g_clear_error (&error);
  ops = cf_rush_repair_reopen (f->base.store, f->lead_id, id, "", &error);
  g_assert_error (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_MISSING);
  g_clear_error (&error);

  apply (f, f->desk_id, cf_rush_repair_reopen (f->base.store, f->desk_id, id,
                                               "Customer called again", &error), NULL);
  assert_status (f, id, "open");
  assert_close_refused (f, id);
  g_assert_cmpuint (n_records (cf_rush_repair_list_open (f->base.store, &error)), ==, 1);
  notify (f, id);
  report_repaired (f, id);
  call_back (f, id, TRUE);
  apply (f, f->lead_id, cf_rush_repair_close (f->base.store, f->lead_id, id, &error), NULL);
  assert_timeline (f, id, "created notified repaired callback closed reopened "
                          "notified repaired callback closed");
}

/* Open orders oldest first; those waiting for a callback, the longest
 * waiting first.
 */
static void
test_queries (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *first = create_order (f, "First");
  g_autofree char *second = create_order (f, "Second");
  g_autofree char *third = create_order (f, "Third");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) open = NULL;
  g_autoptr (GPtrArray) waiting = NULL;

  notify (f, second);
  report_repaired (f, second);
  notify (f, first);
  report_repaired (f, first);
  notify (f, third);
  report_repaired (f, third);
  call_back (f, third, TRUE);
  apply (f, f->lead_id, cf_rush_repair_close (f->base.store, f->lead_id, third, &error), NULL);

  open = cf_rush_repair_list_open (f->base.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 2);
  g_assert_cmpstr (json_object_get_string_member (open->pdata[0], "id"), ==, first);
  g_assert_cmpstr (json_object_get_string_member (open->pdata[1], "id"), ==, second);
  waiting = cf_rush_repair_list_awaiting_callback (f->base.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waiting->len, ==, 2);
  g_assert_cmpstr (json_object_get_string_member (waiting->pdata[0], "id"), ==, second);
  g_assert_cmpstr (json_object_get_string_member (waiting->pdata[1], "id"), ==, first);
}

/* An entry, once written, cannot be changed (the triggers behind this are
 * tested with the escalation log's).
 */
static void
test_append_only (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = create_order (f, "Dish misaligned after storm");
  g_autofree char *entry_id = cf_test_query_text (f->base.store, "SELECT id FROM rush_repair_entry "
                                                                 "WHERE rush_repair = ?", id);
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (CfOp) patch = NULL;
  g_autoptr (GError) error = NULL;

  json_object_set_string_member (set, "text", "Nobody asked for this");
  patch = cf_op_new_patch ("rush_repair_entry", entry_id, set);
  g_assert_false (cf_store_apply (f->base.store, f->base.supervisor_id, &patch, 1, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_IMMUTABLE);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/rush-repair/happy-path", test_happy_path);
  ADD ("/rush-repair/create", test_create);
  ADD ("/rush-repair/close-needs-confirmed-callback", test_close_needs_confirmed_callback);
  ADD ("/rush-repair/failed-callback", test_failed_callback);
  ADD ("/rush-repair/notified", test_notified);
  ADD ("/rush-repair/close-forbidden-role", test_close_forbidden_role);
  ADD ("/rush-repair/reopen", test_reopen);
  ADD ("/rush-repair/queries", test_queries);
  ADD ("/rush-repair/append-only", test_append_only);

#undef ADD

  status = g_test_run ();
  cf_test_clear_caches ();

  return status;
}
