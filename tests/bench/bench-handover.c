/* bench-handover.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shift handover on a long history, printed as “key value unit” lines:
 *
 *   bench-handover DIR
 *
 * DIR/handover.db is made when it is not there yet: a fresh store
 * (cf_store_open () runs every migration), the demo (cf_demo_populate (),
 * 100 staff, with its four weeks of sheets), then handover sheets up to
 * 10,000 in all, three shift changes a day going back from the demo's
 * first, each through the real path — created, signed out and
 * countersigned by two of the demo's leads with cf_handover_*_with_key (),
 * every op applied with cf_store_apply () and so checked, signatures
 * verified, as a desktop would — in one transaction. The leads' keys are
 * opened once (cf_signing_open_key ()): a derivation per signature would
 * take an hour. One sheet in 50 has an addendum; the demo's sheet waiting
 * for its countersignature gets it, so that the view opens on the whole
 * history. Each sheet holds a dozen items or so, as a floor's would. The
 * store is closed afterwards, which notes the clean close the next open
 * checks for, and opened again.
 *
 * Then:
 * - signing one sheet, N_RUNS times, in a transaction rolled back after:
 *   cf_handover_sign_out () with the password (the Argon2id derivation
 *   that opens the key, cf_signing_open_key (), and the Ed25519 signature,
 *   cf_signing_key_sign (), also timed on their own), applying it (the
 *   store verifies it), cf_handover_countersign () and applying it, and
 *   cf_handover_verify () of the sheet sealed, and of sheets of the
 *   history;
 * - the history on screen: signed in as the demo supervisor, a 1280 × 800
 *   window first paints empty; the real CfHandoverView is put in it, which
 *   maps it, reads the sheets and verifies the rows on screen: the time to
 *   the end of the frame that shows them; a search typed into its entry,
 *   timed from search-changed to the frame painted after; a sheet selected
 *   from the list, timed until its detail (verified again) has painted.
 *
 * Run under Xvfb with GSK_RENDERER=cairo. Figures, not assertions; gives
 * up after GIVE_UP_SECONDS.
 */

#define G_LOG_DOMAIN "cf-bench-handover"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <adwaita.h>

#include "cf-bench-util.h"
#include "cf-context.h"
#include "cf-demo.h"
#include "cf-handover.h"
#include "cf-handover-view.h"
#include "cf-session.h"
#include "cf-signing.h"
#include "cf-store.h"
#include "cf-uuid.h"

#define GIVE_UP_SECONDS   240
#define N_SHEETS          10000
#define N_DEMO_STAFF      100
#define N_RUNS            20
#define N_VERIFIED        40     /* sheets of the history verified in a row */
#define SHIFT_MINUTES     (8 * 60)

static G_NORETURN void
die (const char   *what,
     const GError *error)
{
  g_printerr ("bench-handover: %s%s%s\n", what, error != NULL ? ": " : "",
              error != NULL ? error->message : "");
  exit (1);
}

static gboolean
give_up_cb (gpointer data)
{
  die ("gave up: the benchmark took too long", NULL);
}

/* The leads ---------------------------------------------------------------- */

/* The demo's accounts that lead shifts, with their keys open. */
static const char * const lead_logins[] = { "lead", "deputy", CF_DEMO_SUPERVISOR_LOGIN };

typedef struct
{
  char         *id[G_N_ELEMENTS (lead_logins)];
  CfSigningKey *key[G_N_ELEMENTS (lead_logins)];
} Leads;

static char *
user_id_of (CfStore    *store,
            const char *login)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStatement) stmt = cf_store_prepare (store, "SELECT id FROM app_user "
                                                          "WHERE login = ? AND deleted = 0",
                                                   &error);

  if (stmt == NULL)
    die ("cannot look up the demo's accounts", error);
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    die ("a demo account is missing", NULL);

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
leads_open (Leads   *leads,
            CfStore *store)
{
  for (guint i = 0; i < G_N_ELEMENTS (lead_logins); i++)
    {
      g_autoptr (GError) error = NULL;

      leads->id[i] = user_id_of (store, lead_logins[i]);
      leads->key[i] = cf_signing_open_key (store, leads->id[i], CF_DEMO_PASSWORD, &error);
      if (leads->key[i] == NULL)
        die ("cannot open a demo lead's signing key", error);
    }
}

static void
leads_clear (Leads *leads)
{
  for (guint i = 0; i < G_N_ELEMENTS (lead_logins); i++)
    {
      g_clear_pointer (&leads->id[i], g_free);
      g_clear_pointer (&leads->key[i], cf_signing_key_free);
    }
}

static guint
lead_index (Leads      *leads,
            const char *user_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (lead_logins); i++)
    {
      if (g_strcmp0 (leads->id[i], user_id) == 0)
        return i;
    }

  die ("a sheet's lead is not one of the demo's", NULL);
}

/* Making the database ------------------------------------------------------- */

static const char * const equipment_texts[] = {
  "All seats, headsets and wallboards working.",
  "Wallboard 2 still without queue figures; the IT ticket is open.",
  "Seat 14 uses a spare headset until the new one arrives.",
  "Recording server checked with the vendor before the end of the shift: normal.",
  "Softphone at seats 31 and 32 restarted twice; watch it.",
  "Air conditioning in the east wing repaired by building management.",
};

static const char * const case_texts[] = {
  "No dial tone since the line was repaired",
  "Broadband drops every evening",
  "Billed twice for the same month",
  "Technician missed the appointment",
  "Refund promised on the phone was never paid",
  "Number moved to another operator without consent",
  "Replacement router not delivered",
  "Fibre installation postponed a third time",
};

static const char * const notes[] = {
  "Told the incoming lead in person.",
  "The customer expects a call back this shift.",
  "Waiting for the department's answer.",
  "Repair team on site; ask them how it went.",
};

static const char * const staffing_texts[] = {
  "The agent at seat 9 went home ill mid-shift; the seat is empty.",
  "Two agents of the middle shift stayed an hour longer for the queue.",
  "A new agent started today, with a mentor for the first week.",
};

static const char * const business_texts[] = {
  "The 5G family plan goes on sale tomorrow; the script is in the knowledge base.",
  "The old 20 GB data add-on is withdrawn from today: no new orders.",
  "Billing system maintenance tonight from 01:00 to 03:00: no balance enquiries.",
};

static const char * const instruction_texts[] = {
  "Deputy: every call about the north district outage gets a call back within 24 hours.",
  "Supervisor: complaints that mention the regulator go straight to the complaints desk.",
  "Quality team: the new closing words on every call from today.",
};

static const char * const other_texts[] = {
  "Fire drill on Thursday afternoon.",
  "Lost and found: a phone charger left at seat 17.",
};

static void
add_item (JsonObject *sections,
          const char *section,
          const char *text,
          const char *note)
{
  JsonObject *item = json_object_new ();

  json_object_set_string_member (item, "text", text);
  json_object_set_null_member (item, "source");
  if (note != NULL)
    json_object_set_string_member (item, "note", note);
  else
    json_object_set_null_member (item, "note");
  json_array_add_object_element (json_object_get_array_member (sections, section), item);
}

#define PICK(rand, texts) ((texts)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (texts))])

/* A sheet's content, as a floor's: the equipment, a few open cases (each
 * with a customer reference, which a search finds), some staffing,
 * business and instructions.
 */
static char *
make_content (GRand *rand,
              guint  serial)
{
  g_autoptr (JsonObject) sections = json_object_new ();
  g_autoptr (JsonNode) node = NULL;
  guint n_cases = g_rand_int_range (rand, 2, 9);

  for (guint i = 0; cf_handover_sections[i] != NULL; i++)
    json_object_set_array_member (sections, cf_handover_sections[i], json_array_new ());

  add_item (sections, "equipment", PICK (rand, equipment_texts), NULL);
  if (g_rand_boolean (rand))
    add_item (sections, "equipment", PICK (rand, equipment_texts), NULL);
  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s (KD%06u)", PICK (rand, case_texts),
                                               serial * 7 + i);

      add_item (sections, "unfinished", text,
                g_rand_int_range (rand, 0, 3) == 0 ? PICK (rand, notes) : NULL);
    }
  for (guint i = g_rand_int_range (rand, 0, 3); i > 0; i--)
    add_item (sections, "staffing", PICK (rand, staffing_texts), NULL);
  if (g_rand_int_range (rand, 0, 3) == 0)
    add_item (sections, "business", PICK (rand, business_texts), NULL);
  for (guint i = g_rand_int_range (rand, 0, 3); i > 0; i--)
    add_item (sections, "instructions", PICK (rand, instruction_texts), NULL);
  if (g_rand_int_range (rand, 0, 4) == 0)
    add_item (sections, "other", PICK (rand, other_texts), NULL);

  node = json_node_init_object (json_node_alloc (), sections);
  return cf_signing_canonical_json (node);
}

/* Applies @ops built without error as @author, dated @moment. */
static void
apply_at (CfStore    *store,
          const char *author,
          GDateTime  *moment,
          GPtrArray  *ops,
          GError     *build_error)
{
  g_autoptr (GPtrArray) owned = ops;
  g_autoptr (GError) error = NULL;

  if (ops == NULL)
    die ("cannot make a step of a sheet", build_error);
  cf_store_set_clock (store, moment);
  if (!cf_store_apply (store, author, (CfOp * const *) ops->pdata, ops->len, &error))
    die ("cannot apply a step of a sheet", error);
}

static GPtrArray *
one_op (CfOp *op)
{
  GPtrArray *ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);

  g_ptr_array_add (ops, op);
  return ops;
}

/* Countersigns @sheet_id as its incoming lead at @moment. */
static void
countersign_at (CfStore    *store,
                Leads      *leads,
                const char *sheet_id,
                const char *incoming,
                GDateTime  *moment,
                const char *remarks)
{
  GError *error = NULL;
  guint i = lead_index (leads, incoming);
  GPtrArray *ops = cf_handover_countersign_with_key (store, incoming, sheet_id, leads->key[i],
                                                     remarks, moment, &error);

  apply_at (store, incoming, moment, ops, error);
}

/* The shift types handing over at 15:00, 23:00 and 07:00: early, late and
 * night, found by their start.
 */
static char *
shift_type_starting (CfStore *store,
                     int      minute)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStatement) stmt = cf_store_prepare (store, "SELECT id FROM shift_type "
                                                          "WHERE start_minute = ? AND deleted = 0",
                                                   &error);

  if (stmt == NULL)
    die ("cannot look up the shift types", error);
  sqlite3_bind_int (stmt, 1, minute);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    die ("a default shift type is missing", NULL);

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* The date of the oldest sheet, or NULL. */
static char *
first_sheet_date (CfStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStatement) stmt = cf_store_prepare (store, "SELECT min (shift_date) "
                                                          "FROM handover_sheet", &error);

  if (stmt == NULL)
    die ("cannot read the sheets", error);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_text (stmt, 0) == NULL)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* Which lead (of lead_logins) leads shift @s (0 early, 1 late, 2 night; 3
 * the next day's early) of @date: they move on by a shift each week, so
 * two shifts in a row never have the same lead.
 */
static guint
shift_lead (const GDate *date,
            int          s)
{
  guint day = g_date_get_julian (date) + s / 3;

  return (s % 3 + day / 7) % G_N_ELEMENTS (lead_logins);
}

static void
make_database (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261123);
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GDateTime) day = NULL;
  g_autofree char *first_date = NULL;
  char *shift_ids[3];
  Leads leads = { { NULL } };
  gint64 n_sheets, serial = 0, start = g_get_monotonic_time ();
  GDate date;

  store = cf_store_open (path, CF_STORE_FLAGS_NONE, &error);
  if (store == NULL)
    die ("cannot make the database", error);
  if (!cf_demo_populate (store, N_DEMO_STAFF, FALSE, &error))
    die ("cannot fill in the demo", error);
  leads_open (&leads, store);
  shift_ids[0] = shift_type_starting (store, 7 * 60);
  shift_ids[1] = shift_type_starting (store, 15 * 60);
  shift_ids[2] = shift_type_starting (store, 23 * 60);

  if (!cf_store_begin (store, &error))
    die ("cannot start the transaction", error);

  /* The demo's sheet waiting for its countersignature is countersigned. */
  {
    g_autoptr (CfStatement) stmt =
      cf_store_prepare (store, "SELECT id, incoming_lead FROM handover_sheet "
                               "WHERE status = 'signed_out' AND deleted = 0", &error);
    g_autoptr (GPtrArray) waiting = g_ptr_array_new_with_free_func (g_free);

    if (stmt == NULL)
      die ("cannot find the sheets waiting", error);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        g_ptr_array_add (waiting, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
        g_ptr_array_add (waiting, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      }
    sqlite3_reset (stmt);
    for (guint i = 0; i < waiting->len; i += 2)
      {
        g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

        countersign_at (store, &leads, waiting->pdata[i], waiting->pdata[i + 1], now, NULL);
      }
  }

  first_date = first_sheet_date (store);
  if (first_date == NULL || !cf_date_parse (first_date, &date))
    die ("the demo has no handover sheets", NULL);

  n_sheets = cf_store_count (store, "SELECT COUNT(*) FROM handover_sheet");
  for (gint64 to_make = N_SHEETS - n_sheets; serial < to_make;)
    {
      g_autofree char *shift_date = NULL;
      g_autoptr (GDateTime) midnight = NULL;
      char text[11];

      g_date_subtract_days (&date, 1);
      g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);
      shift_date = g_strdup (text);
      midnight = g_date_time_new (local, g_date_get_year (&date), g_date_get_month (&date),
                                  g_date_get_day (&date), 0, 0, 0);

      /* The night first: the history is made from the newest back. */
      for (int s = 2; s >= 0 && serial < to_make; s--, serial++)
        {
          static const int change_minutes[] = { 15 * 60, 23 * 60, 31 * 60 };
          g_autoptr (GDateTime) change = g_date_time_add_minutes (midnight, change_minutes[s]);
          g_autoptr (GDateTime) prepared = g_date_time_add_minutes (change, -40);
          g_autoptr (GDateTime) signed_out = g_date_time_add_minutes (change, -8);
          g_autoptr (GDateTime) countersigned = g_date_time_add_minutes (change, 12);
          guint outgoing = shift_lead (&date, s);
          guint incoming = shift_lead (&date, s + 1);
          g_autofree char *content = make_content (rand, serial);
          CfOp *create;
          g_autofree char *id = NULL;
          GError *step_error = NULL;

          create = cf_handover_new_sheet (shift_date, shift_ids[s], shift_ids[(s + 1) % 3],
                                          leads.id[outgoing], leads.id[incoming], content);
          id = g_strdup (cf_op_get_record_id (create));
          apply_at (store, leads.id[outgoing], prepared, one_op (create), NULL);
          apply_at (store, leads.id[outgoing], signed_out,
                    cf_handover_sign_out_with_key (store, leads.id[outgoing], id,
                                                   leads.key[outgoing], signed_out, &step_error),
                    step_error);
          countersign_at (store, &leads, id, leads.id[incoming], countersigned,
                          serial % 5 == 0 ? "Read and understood." : NULL);
          if (serial % 50 == 0)
            {
              g_autoptr (GDateTime) later = g_date_time_add_hours (change, 20);

              apply_at (store, leads.id[incoming], later,
                        cf_handover_add_addendum_with_key (store, leads.id[incoming], id,
                                                           leads.key[incoming],
                                                           "Addition: the customer waiting for a "
                                                           "call back was reached; settled.",
                                                           later, &step_error),
                        step_error);
            }
        }
    }

  cf_store_set_clock (store, NULL);
  if (!cf_store_commit (store, &error))
    die ("cannot commit the sheets", error);
  g_printerr ("bench-handover: made %s (%" G_GINT64_FORMAT " sheets, %" G_GINT64_FORMAT
              " addenda) in %.1f s\n", path,
              cf_store_count (store, "SELECT COUNT(*) FROM handover_sheet"),
              cf_store_count (store, "SELECT COUNT(*) FROM handover_addendum"),
              (g_get_monotonic_time () - start) / 1e6);
  for (guint i = 0; i < G_N_ELEMENTS (shift_ids); i++)
    g_free (shift_ids[i]);
  leads_clear (&leads);
  /* Closing the store notes the clean close next to the file. */
}

/* The Handover view ------------------------------------------------------------ */

typedef struct
{
  CfBenchFrames   frames;
  CfHandoverView *view;
  gint64          signal_time;   /* when search-changed was last sent */
} Bench;

static GtkWidget *
get_named (Bench      *bench,
           const char *name)
{
  GtkWidget *widget = cf_bench_find_named (GTK_WIDGET (bench->view), name);

  if (widget == NULL)
    die ("a widget of the view was not found by its name", NULL);

  return widget;
}

/* Runs before the view's own handler of the signal. */
static gboolean
search_changed_hook (GSignalInvocationHint *hint,
                     guint                  n_values,
                     const GValue          *values,
                     gpointer               data)
{
  Bench *bench = data;

  bench->signal_time = g_get_monotonic_time ();
  return TRUE;
}

/* Types @text into the search entry and times it from the entry's
 * search-changed to the frame painted after.
 */
static double
time_search (Bench      *bench,
             const char *text)
{
  GtkWidget *entry = get_named (bench, "handover-search");

  cf_bench_idle_a_moment ();
  bench->signal_time = 0;
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  while (bench->signal_time == 0)
    g_main_context_iteration (NULL, TRUE);
  cf_bench_frames_wait (&bench->frames);

  return cf_bench_elapsed_ms (bench->signal_time, bench->frames.paint_end);
}

/* The history on screen: its first frame, searches, sheets selected. */
static void
time_view (CfStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (CfContext) context = cf_context_new (store, settings);
  g_autoptr (GArray) searches = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) clears = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) details = g_array_new (FALSE, FALSE, sizeof (double));
  GtkSelectionModel *selection;
  Bench bench = { { NULL } };
  gint64 start, loaded;

  if (!cf_session_sign_in (cf_context_get_session (context), CF_DEMO_SUPERVISOR_LOGIN,
                           CF_DEMO_PASSWORD, &error))
    die ("cannot sign in as the demo supervisor", error);

  /* The empty window first: what is timed is the view, not the window. */
  cf_bench_frames_open (&bench.frames, 1280, 800);
  bench.view = g_object_new (CF_TYPE_HANDOVER_VIEW, "context", context, NULL);
  g_signal_add_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), 0,
                              search_changed_hook, &bench, NULL);
  cf_bench_idle_a_moment ();

  /* Mapping the view reads the sheets; the rows on screen are verified
   * as they are bound.
   */
  start = g_get_monotonic_time ();
  gtk_window_set_child (GTK_WINDOW (bench.frames.window), GTK_WIDGET (bench.view));
  loaded = g_get_monotonic_time ();
  if (cf_handover_view_get_n_shown (bench.view) == 0)
    die ("the view shows no sheets once mapped", NULL);
  cf_bench_frames_wait (&bench.frames);
  g_print ("handover_shown %u rows\n", cf_handover_view_get_n_shown (bench.view));
  g_print ("handover_first_frame %.1f ms\n", cf_bench_elapsed_ms (start, bench.frames.paint_end));
  g_print ("handover_map_load %.1f ms\n", cf_bench_elapsed_ms (start, loaded));
  g_print ("handover_first_frame_paint %.1f ms\n",
           cf_bench_elapsed_ms (bench.frames.paint_start, bench.frames.paint_end));

  /* Search: a lead's name in a third of the sheets, a customer reference
   * in one, a date; and clearing it.
   */
  for (guint i = 0; i < 6; i++)
    {
      static const char * const texts[] = { "lead", "kd004242", "2025-06" };
      double ms = time_search (&bench, texts[i % G_N_ELEMENTS (texts)]);

      g_array_append_val (searches, ms);
      ms = time_search (&bench, "");
      g_array_append_val (clears, ms);
    }
  cf_bench_print_times ("handover_search", searches);
  cf_bench_print_times ("handover_search_clear", clears);

  /* A row on screen chosen, as a click does: its sheet's detail,
   * verified again, painted.
   */
  selection = gtk_list_view_get_model (GTK_LIST_VIEW (get_named (&bench, "sheet-list")));
  for (guint i = 0; i < N_RUNS; i++)
    {
      g_autofree char *before = g_strdup (cf_handover_view_get_selected (bench.view));
      double ms;

      cf_bench_idle_a_moment ();
      start = g_get_monotonic_time ();
      gtk_selection_model_select_item (selection, 1 + (i * 3) % 15, TRUE);
      cf_bench_frames_wait (&bench.frames);
      ms = cf_bench_elapsed_ms (start, bench.frames.paint_end);
      g_array_append_val (details, ms);
      if (g_strcmp0 (cf_handover_view_get_selected (bench.view), before) == 0)
        die ("choosing a row showed no other sheet", NULL);
    }
  cf_bench_print_times ("handover_detail", details);

  gtk_window_destroy (GTK_WINDOW (bench.frames.window));
}

/* Signing and verifying ------------------------------------------------------ */

static double
since_ms (gint64 start)
{
  return cf_bench_elapsed_ms (start, g_get_monotonic_time ());
}

static void
append (GArray *times,
        double  ms)
{
  g_array_append_val (times, ms);
}

/* One sheet signed out and countersigned with the password, N_RUNS times,
 * and verified; the steps of a signature on their own; sheets of the
 * history verified. Rolled back after: the history stays as made.
 */
static void
time_signing (CfStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261124);
  g_autoptr (GArray) sign_outs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) sign_out_applies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) countersigns = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) countersign_applies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) verifies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) unseals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) ed25519_signs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) ed25519_verifies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) history_verifies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (CfStatement) newest = NULL;
  g_autoptr (GPtrArray) history = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *early = shift_type_starting (store, 7 * 60);
  g_autofree char *late = shift_type_starting (store, 15 * 60);
  Leads leads = { { NULL } };
  gint64 start;

  leads_open (&leads, store);
  if (!cf_store_begin (store, &error))
    die ("cannot start the transaction", error);

  for (guint i = 0; i < N_RUNS; i++)
    {
      g_autofree char *content = make_content (rand, 900000 + i);
      g_autofree char *date = g_strdup_printf ("2099-01-%02u", 1 + i);
      CfOp *create = cf_handover_new_sheet (date, early, late, leads.id[0], leads.id[1], content);
      g_autofree char *id = g_strdup (cf_op_get_record_id (create));
      g_auto (CfHandoverCheck) check = { 0 };
      g_autoptr (CfSigningKey) key = NULL;
      g_autofree char *signature = NULL;
      guint8 digest[CF_SIGNING_DIGEST_BYTES];
      GPtrArray *ops;

      apply_at (store, leads.id[0], NULL, one_op (create), NULL);

      start = g_get_monotonic_time ();
      ops = cf_handover_sign_out (store, leads.id[0], id, CF_DEMO_PASSWORD, &error);
      append (sign_outs, since_ms (start));
      start = g_get_monotonic_time ();
      apply_at (store, leads.id[0], NULL, ops, error);
      append (sign_out_applies, since_ms (start));

      start = g_get_monotonic_time ();
      ops = cf_handover_countersign (store, leads.id[1], id, CF_DEMO_PASSWORD,
                                     "Read and understood.", &error);
      append (countersigns, since_ms (start));
      start = g_get_monotonic_time ();
      apply_at (store, leads.id[1], NULL, ops, error);
      append (countersign_applies, since_ms (start));

      start = g_get_monotonic_time ();
      if (!cf_handover_verify (store, id, &check, &error))
        die ("cannot verify a sheet", error);
      append (verifies, since_ms (start));
      if (check.problems != 0)
        die ("a sheet just sealed does not verify", NULL);

      /* What a signature costs: opening the key (Argon2id), Ed25519. */
      cf_signing_digest (content, digest);
      start = g_get_monotonic_time ();
      key = cf_signing_open_key (store, leads.id[0], CF_DEMO_PASSWORD, &error);
      append (unseals, since_ms (start));
      if (key == NULL)
        die ("cannot open a key", error);
      start = g_get_monotonic_time ();
      signature = cf_signing_key_sign (key, digest);
      append (ed25519_signs, since_ms (start));
      start = g_get_monotonic_time ();
      if (!cf_signing_verify (store, leads.id[0], digest, signature, &error))
        die ("a signature does not verify", error);
      append (ed25519_verifies, since_ms (start));
    }

  /* The newest sheets of the history, as many as a list shows, in a row. */
  newest = cf_store_prepare (store, "SELECT id FROM handover_sheet WHERE status = 'sealed' "
                                    "AND shift_date < '2099' ORDER BY shift_date DESC LIMIT ?",
                             &error);
  if (newest == NULL)
    die ("cannot list the sheets", error);
  sqlite3_bind_int (newest, 1, N_VERIFIED);
  while (sqlite3_step (newest) == SQLITE_ROW)
    g_ptr_array_add (history, g_strdup ((const char *) sqlite3_column_text (newest, 0)));
  for (guint run = 0; run < 5; run++)
    {
      start = g_get_monotonic_time ();
      for (guint i = 0; i < history->len; i++)
        {
          g_auto (CfHandoverCheck) check = { 0 };

          if (!cf_handover_verify (store, history->pdata[i], &check, &error))
            die ("cannot verify a sheet", error);
          if (check.problems != 0)
            die ("a sheet of the history does not verify", NULL);
        }
      append (history_verifies, since_ms (start));
    }

  cf_store_rollback (store);
  leads_clear (&leads);

  cf_bench_print_times ("handover_sign_out", sign_outs);
  cf_bench_print_times ("handover_unseal", unseals);
  cf_bench_print_times ("handover_ed25519_sign", ed25519_signs);
  cf_bench_print_times ("handover_sign_out_apply", sign_out_applies);
  cf_bench_print_times ("handover_countersign", countersigns);
  cf_bench_print_times ("handover_countersign_apply", countersign_applies);
  cf_bench_print_times ("handover_verify", verifies);
  cf_bench_print_times ("handover_ed25519_verify", ed25519_verifies);
  g_print ("handover_verify_rows %u rows\n", history->len);
  cf_bench_print_times ("handover_verify_history", history_verifies);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autofree char *path = NULL;

  setlocale (LC_ALL, "");
  if (argc != 2 || !g_file_test (argv[1], G_FILE_TEST_IS_DIR))
    die ("usage: bench-handover DIR", NULL);
  path = g_build_filename (argv[1], "handover.db", NULL);

  gtk_init ();
  adw_init ();
  g_timeout_add_seconds (GIVE_UP_SECONDS, give_up_cb, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    make_database (path);

  store = cf_store_open (path, CF_STORE_FLAGS_NONE, &error);
  if (store == NULL)
    die ("cannot open the database", error);
  g_print ("handover_sheets %" G_GINT64_FORMAT " rows\n",
           cf_store_count (store, "SELECT COUNT(*) FROM handover_sheet"));
  time_signing (store);
  time_view (store);

  return 0;
}
