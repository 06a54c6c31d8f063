/* test-ui-staff.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real windows under Xvfb on a temporary database: what a supervisor does
 * on the first morning, driven through the widgets they would use.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "cf-application.h"
#include "cf-context.h"
#include "cf-demo.h"
#include "cf-preferences-window.h"
#include "cf-authority.h"
#include "cf-merge-dialog.h"
#include "cf-op-private.h"
#include "cf-registry.h"
#include "cf-replica.h"
#include "cf-uuid.h"
#include "cf-test-util.h"
#include "cf-test-ui.h"
#include "cf-session.h"
#include "cf-signing.h"
#include "cf-roster-view.h"
#include "cf-staff-dialog.h"
#include "cf-staff-directory.h"
#include "cf-staff-view.h"
#include "cf-store.h"
#include "cf-window.h"

typedef CfTestUiFixture Fixture;

static gboolean
staff_view_shown (gpointer data)
{
  Fixture *fixture = data;

  return g_strcmp0 (cf_window_get_visible_view (fixture->window), "staff") == 0;
}

static gboolean
message_shown (gpointer data)
{
  GtkWidget *label = data;

  return gtk_widget_get_visible (label);
}

static CfStaffView *
staff_view (Fixture *fixture)
{
  return CF_STAFF_VIEW (cf_window_get_view (fixture->window, "staff"));
}


/* A wrong password is refused with a clear message and a wait. */
static void
test_sign_in_wrong_password (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkWidget *label;
  GtkWidget *button;

  cf_test_ui_open_window (fixture);
  label = cf_test_ui_find_named (GTK_WIDGET (fixture->window), "message-label");
  button = cf_test_ui_find_named (GTK_WIDGET (fixture->window), "sign-in-button");

  cf_test_ui_sign_in (fixture, CF_DEMO_SUPERVISOR_LOGIN, "not-the-password");
  g_assert_true (cf_test_ui_wait_for (message_shown, label));

  g_assert_false (cf_session_is_signed_in (cf_context_get_session (fixture->context)));
  g_assert_null (cf_window_get_visible_view (fixture->window));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)),
                            _("The user name or password is not correct.")));
  /* The button waits before another attempt. */
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_cmpuint (cf_session_get_retry_delay (cf_context_get_session (fixture->context)), >, 0);
}

/* A new database asks for its first supervisor, then opens the staff view. */
static void
test_first_run (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *window;
  GListModel *shown;
  g_autoptr (CfStaff) first = NULL;

  cf_test_ui_open_window (fixture);
  window = GTK_WIDGET (fixture->window);
  g_assert_true (gtk_widget_get_visible (cf_test_ui_find_named (window, "confirm-row")));

  cf_test_ui_type_into (window, "name-row", "Wang Fang");
  cf_test_ui_type_into (window, "employee-no-row", "0001");
  cf_test_ui_type_into (window, "login-row", "wangfang");
  cf_test_ui_type_into (window, "password-row", "floor-manager-1");
  cf_test_ui_type_into (window, "confirm-row", "floor-manager-2");
  cf_test_ui_click (window, "sign-in-button");
  g_assert_true (gtk_widget_get_visible (cf_test_ui_find_named (window, "message-label")));
  g_assert_cmpint (cf_store_count (fixture->store, "SELECT COUNT(*) FROM app_user"), ==, 0);

  cf_test_ui_type_into (window, "confirm-row", "floor-manager-1");
  cf_test_ui_click (window, "sign-in-button");
  g_assert_true (cf_test_ui_wait_for (staff_view_shown, fixture));

  shown = cf_staff_view_get_shown (staff_view (fixture));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  first = g_list_model_get_item (shown, 0);
  g_assert_cmpstr (cf_staff_get_name (first), ==, "Wang Fang");
  g_assert_cmpint (cf_staff_get_role (first), ==, CF_ROLE_SUPERVISOR);
}

static gboolean
dialog_closed (gpointer data)
{
  return cf_test_ui_find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

static gboolean
dialog_open (gpointer data)
{
  return cf_test_ui_find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

typedef struct
{
  CfStaffView *view;
  guint        n_items;
} ShownCount;

static gboolean
shown_count_is (gpointer data)
{
  ShownCount *count = data;

  return g_list_model_get_n_items (cf_staff_view_get_shown (count->view)) == count->n_items;
}

static CfStaff *
find_staff_by_number (Fixture    *fixture,
                      const char *employee_no)
{
  GListModel *staff = cf_staff_directory_get_staff (cf_context_get_directory (fixture->context));
  guint n_items = g_list_model_get_n_items (staff);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (CfStaff) member = g_list_model_get_item (staff, i);

      if (g_str_equal (cf_staff_get_employee_no (member), employee_no))
        return member;
    }

  return NULL;
}

static gboolean
toast_undo_shown (gpointer data)
{
  return cf_test_ui_find_button_with_label (GTK_WIDGET (data), _("_Undo")) != NULL;
}

static gboolean
staff_active (gpointer data)
{
  return cf_staff_get_active (data);
}

/* Sign in, add a staff member through the dialog, find them by search,
 * deactivate them and undo it: the supervisor's first morning.
 */
static void
test_staff_flow (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *window;
  GtkWindow *dialog;
  GtkWidget *problem;
  CfStaffView *view;
  CfStaff *added;
  ShownCount count;
  g_autoptr (JsonObject) record = NULL;
  const char *name = cf_test_ui_locale_is_chinese () ? "测试员" : "Tess Tester";

  cf_test_ui_open_window (fixture);
  window = GTK_WIDGET (fixture->window);

  /* The demo database fills in its supervisor. */
  cf_test_ui_click (window, "sign-in-button");
  g_assert_true (cf_test_ui_wait_for (staff_view_shown, fixture));
  view = staff_view (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (cf_staff_view_get_shown (view)), >, 40);

  gtk_widget_activate_action (GTK_WIDGET (view), "staff.add", NULL);
  g_assert_true (cf_test_ui_wait_for (dialog_open, GSIZE_TO_POINTER (CF_TYPE_STAFF_DIALOG)));
  dialog = cf_test_ui_find_toplevel (CF_TYPE_STAFF_DIALOG);

  /* A number already in use is named inline and Save waits. */
  cf_test_ui_type_into (GTK_WIDGET (dialog), "employee-no-row", "1001");
  cf_test_ui_type_into (GTK_WIDGET (dialog), "name-row", name);
  problem = cf_test_ui_find_named (GTK_WIDGET (dialog), "problem-label");
  g_assert_true (gtk_widget_get_visible (problem));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (problem)), "1001"));
  g_assert_false (gtk_widget_is_sensitive (cf_test_ui_find_named (GTK_WIDGET (dialog), "save-button")));

  /* So does an impossible date. */
  cf_test_ui_type_into (GTK_WIDGET (dialog), "employee-no-row", "7777");
  cf_test_ui_type_into (GTK_WIDGET (dialog), "hire-date-row", "2026-02-30");
  g_assert_true (gtk_widget_get_visible (problem));
  g_assert_false (gtk_widget_is_sensitive (cf_test_ui_find_named (GTK_WIDGET (dialog), "save-button")));

  cf_test_ui_type_into (GTK_WIDGET (dialog), "hire-date-row", "2026-11-02");
  cf_test_ui_type_into (GTK_WIDGET (dialog), "phone-row", "8123");
  g_assert_false (gtk_widget_get_visible (problem));
  cf_test_ui_save_screenshot (GTK_WIDGET (dialog), cf_test_ui_locale_is_chinese () ? "staff-dialog-zh_CN.png"
                                                              : "staff-dialog-en.png");
  cf_test_ui_click (GTK_WIDGET (dialog), "save-button");
  g_assert_true (cf_test_ui_wait_for (dialog_closed, GSIZE_TO_POINTER (CF_TYPE_STAFF_DIALOG)));

  added = find_staff_by_number (fixture, "7777");
  g_assert_nonnull (added);
  g_assert_cmpstr (cf_staff_get_name (added), ==, name);
  g_assert_cmpstr (cf_staff_get_hire_date (added), ==, "2026-11-02");
  g_assert_true (cf_staff_get_active (added));

  /* Found by search, by name and by number. */
  cf_test_ui_type_into (window, "search-entry", cf_test_ui_locale_is_chinese () ? "测试" : "tess");
  count.view = view;
  count.n_items = 1;
  g_assert_true (cf_test_ui_wait_for (shown_count_is, &count));
  cf_test_ui_type_into (window, "search-entry", "7777");
  g_assert_true (cf_test_ui_wait_for (shown_count_is, &count));
  cf_staff_view_select (view, cf_staff_get_id (added));
  g_assert_true (cf_staff_view_get_selected (view) == added);

  /* Deactivated: gone from the active list, kept in the database. */
  gtk_widget_activate_action (GTK_WIDGET (view), "staff.deactivate", NULL);
  g_assert_false (cf_staff_get_active (added));
  record = cf_store_get_record (fixture->store, "staff", cf_staff_get_id (added), NULL);
  g_assert_nonnull (record);
  g_assert_false (json_object_get_boolean_member (record, "active"));
  count.n_items = 0;
  g_assert_true (cf_test_ui_wait_for (shown_count_is, &count));

  /* Undo from the toast brings them back. */
  g_assert_true (cf_test_ui_wait_for (toast_undo_shown, window));
  g_signal_emit_by_name (cf_test_ui_find_button_with_label (window, _("_Undo")), "clicked");
  g_assert_true (cf_test_ui_wait_for (staff_active, added));
  count.n_items = 1;
  g_assert_true (cf_test_ui_wait_for (shown_count_is, &count));
  g_assert_cmpint (cf_store_count (fixture->store,
                                   "SELECT COUNT(*) FROM op_log WHERE undoes IS NOT NULL"), ==, 1);

  /* The whole list, for the screenshot. */
  cf_test_ui_type_into (window, "search-entry", "");
  count.n_items = cf_store_count (fixture->store,
                                  "SELECT COUNT(*) FROM staff WHERE active = 1 AND deleted = 0");
  g_assert_true (cf_test_ui_wait_for (shown_count_is, &count));
  cf_test_ui_save_screenshot (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)),
                   cf_test_ui_locale_is_chinese () ? "staff-view-zh_CN.png" : "staff-view-en.png");
}

static gboolean
sign_in_page_shown (gpointer data)
{
  Fixture *fixture = data;

  return cf_window_get_visible_view (fixture->window) == NULL;
}

/* The primary menu's entries open their windows; signing out returns to
 * the sign-in page and forgets the views of the previous user.
 */
static void
test_shell (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWindow *window;

  cf_test_ui_open_window (fixture);
  cf_test_ui_click (GTK_WIDGET (fixture->window), "sign-in-button");
  g_assert_true (cf_test_ui_wait_for (staff_view_shown, fixture));

  g_action_group_activate_action (G_ACTION_GROUP (cf_test_ui_get_application ()), "preferences", NULL);
  g_assert_true (cf_test_ui_wait_for (dialog_open, GSIZE_TO_POINTER (CF_TYPE_PREFERENCES_WINDOW)));
  window = cf_test_ui_find_toplevel (CF_TYPE_PREFERENCES_WINDOW);
  cf_test_ui_save_screenshot (GTK_WIDGET (window), cf_test_ui_locale_is_chinese () ? "preferences-zh_CN.png"
                                                              : "preferences-en.png");
  gtk_window_destroy (window);

  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-help-overlay", NULL);
  g_assert_true (cf_test_ui_wait_for (dialog_open, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW)));
  gtk_window_destroy (cf_test_ui_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));

  g_action_group_activate_action (G_ACTION_GROUP (cf_test_ui_get_application ()), "about", NULL);
  g_assert_true (cf_test_ui_wait_for (dialog_open, GSIZE_TO_POINTER (ADW_TYPE_ABOUT_WINDOW)));
  gtk_window_destroy (cf_test_ui_find_toplevel (ADW_TYPE_ABOUT_WINDOW));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "window.sign-out", NULL);
  g_assert_true (cf_test_ui_wait_for (sign_in_page_shown, fixture));
  g_assert_false (cf_session_is_signed_in (cf_context_get_session (fixture->context)));
  g_assert_null (cf_window_get_view (fixture->window, "staff"));
}

typedef struct
{
  char        *folder;
  char        *database;
  GSubprocess *server;
  guint        port;
  gboolean     tls;      /* HTTPS, with the certificate of tests/data/tls */
} Server;

static void
server_start (Server *server)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autoptr (CfSession) session = NULL;
  g_autofree char *tls = NULL;

  server->folder = cf_test_make_dir (&server->database);
  store = cf_store_open (server->database, CF_STORE_FLAGS_DURABLE, &error);
  g_assert_no_error (error);
  session = cf_session_new (store);
  cf_session_create_first_supervisor (session, cf_test_ui_locale_is_chinese () ? "王芳" : "Wang Fang", "0001",
                                      "boss", "floor-boss-2026", &error);
  g_assert_no_error (error);
  g_clear_object (&session);
  g_clear_object (&store);
  tls = server->tls ? cf_test_tls_config () : NULL;
  server->server = cf_test_start_server (server->folder, server->database, tls, &server->port);
}

static void
server_stop (Server *server)
{
  if (server->server != NULL)
    {
      g_subprocess_force_exit (server->server);
      g_subprocess_wait (server->server, NULL, NULL);
      g_clear_object (&server->server);
    }
}

static void
server_free (Server *server)
{
  server_stop (server);
  cf_test_remove_tree (server->folder);
  g_free (server->folder);
  g_free (server->database);
}

static gboolean
label_says (gpointer data)
{
  GtkWidget *label = data;
  const char *wanted = g_object_get_data (G_OBJECT (label), "wanted");

  return gtk_widget_get_visible (label) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), wanted);
}

static gboolean
row_subtitle_is (gpointer data)
{
  const char *wanted = g_object_get_data (G_OBJECT (data), "wanted");

  return g_strcmp0 (adw_action_row_get_subtitle (data), wanted) == 0;
}

static gboolean
no_retry_delay (gpointer data)
{
  Fixture *fixture = data;

  return cf_session_get_retry_delay (cf_context_get_session (fixture->context)) == 0;
}

static gboolean
server_has_staff (gpointer data)
{
  Server *server = data;
  g_autoptr (CfStore) store = cf_store_open (server->database, CF_STORE_FLAGS_NONE, NULL);

  return store != NULL && cf_store_count (store, "SELECT COUNT(*) FROM staff") == 2;
}

typedef struct
{
  Server     *server;
  const char *name;
} ServerName;

static gboolean
server_staff_named (gpointer data)
{
  ServerName *wanted = data;
  g_autoptr (CfStore) store = cf_store_open (wanted->server->database, CF_STORE_FLAGS_NONE, NULL);
  g_autofree char *count = NULL;

  if (store == NULL)
    return FALSE;
  count = cf_test_query_text (store, "SELECT COUNT(*) FROM staff WHERE name = ?", wanted->name);
  return g_strcmp0 (count, "1") == 0;
}

static gboolean
no_open_conflicts (gpointer data)
{
  return cf_replica_count_conflicts (data) == 0;
}

static gboolean
conflict_listed (gpointer data)
{
  return cf_test_ui_find_named (data, "use-other") != NULL;
}

typedef struct
{
  Server       *server;
  CfStore      *store;
  CfSyncEngine *engine;
  const char   *staff_id;
} StaffCopies;

/* No sync is under way, nothing waits to be sent and this desktop has the
 * server's revision of the staff member: stopping the engine now loses
 * nothing.
 */
static gboolean
staff_synced (gpointer data)
{
  StaffCopies *copies = data;
  g_autoptr (CfStore) server_store = NULL;

  if (cf_sync_engine_get_state (copies->engine) != CF_SYNC_STATE_SYNCED ||
      cf_replica_count_pending (copies->store) > 0)
    return FALSE;

  server_store = cf_store_open (copies->server->database, CF_STORE_FLAGS_NONE, NULL);
  return server_store != NULL &&
         cf_test_record_rev (copies->store, "staff", copies->staff_id) ==
           cf_test_record_rev (server_store, "staff", copies->staff_id);
}

/* This desktop changes a staff member to @mine_values while another
 * device changes the same fields on the server, from @base to @theirs;
 * returns the Conflicts view once it lists the conflict.
 */
static GtkWidget *
make_conflict (Fixture    *fixture,
               Server     *server,
               const char *staff_id,
               JsonObject *mine_values,
               JsonObject *theirs,
               JsonObject *base)
{
  CfSyncEngine *engine = cf_window_get_engine (fixture->window);
  CfSession *session = cf_context_get_session (fixture->context);
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) server_store = NULL;
  g_autoptr (CfOp) mine = NULL;
  g_autoptr (CfOp) other = NULL;
  g_autoptr (CfOpResult) result = NULL;
  g_autofree char *op_id = cf_uuid_new_v7 ();
  g_autofree char *device_id = cf_uuid_new_v7 ();
  g_autofree char *now = cf_utc_now_iso ();
  StaffCopies copies = { server, fixture->store, engine, staff_id };
  GtkWidget *view;

  g_assert_true (cf_test_ui_wait_for (staff_synced, &copies));
  cf_sync_engine_stop (engine);
  mine = cf_op_new_patch ("staff", staff_id, mine_values);
  g_assert_true (cf_store_apply (fixture->store, cf_session_get_user_id (session), &mine, 1,
                                 &error));
  g_assert_no_error (error);

  server_store = cf_store_open (server->database, CF_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  other = _cf_op_new_remote (CF_OP_PATCH, "staff", staff_id, theirs, base,
                             cf_test_query_integer (server_store,
                                                    "SELECT rev FROM staff WHERE id = ?", staff_id),
                             op_id, 1, cf_session_get_user_id (session), now);
  result = cf_authority_apply (server_store, other, device_id, op_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, CF_OP_RESULT_APPLIED);

  cf_sync_engine_start (engine);
  view = cf_window_get_view (fixture->window, "conflicts");
  g_assert_nonnull (view);
  g_assert_true (cf_test_ui_wait_for (conflict_listed, view));

  return view;
}

/* Another device renames someone on the server while this desktop renames
 * them too: the Conflicts view shows both names, and choosing one reaches
 * the server and ends the conflict everywhere.
 */
static void
make_and_resolve_conflict (Fixture    *fixture,
                           Server     *server,
                           const char *staff_id)
{
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (JsonObject) theirs = json_object_new ();
  g_autoptr (JsonObject) base = json_object_new ();
  const char *mine_name = cf_test_ui_locale_is_chinese () ? "陈静静" : "Chen Jingjing";
  ServerName wanted = { server, mine_name };
  GtkWidget *view;
  GtkWidget *row;

  json_object_set_string_member (set, "name", mine_name);
  json_object_set_string_member (theirs, "name", cf_test_ui_locale_is_chinese () ? "陈晶" : "Chen J.");
  json_object_set_string_member (base, "name", cf_test_ui_locale_is_chinese () ? "陈静" : "Chen Jing");
  view = make_conflict (fixture, server, staff_id, set, theirs, base);

  row = cf_test_ui_find_named (GTK_WIDGET (fixture->window), "conflicts");
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  cf_test_ui_save_screenshot (adw_application_window_get_content (ADW_APPLICATION_WINDOW (fixture->window)),
                   cf_test_ui_locale_is_chinese () ? "conflicts-zh_CN.png" : "conflicts-en.png");

  cf_test_ui_click (view, "use-other");
  g_assert_true (cf_test_ui_wait_for (server_staff_named, &wanted));
  g_assert_true (cf_test_ui_wait_for (no_open_conflicts, fixture->store));
}

static const char *
problem_shown (GtkWidget *dialog)
{
  GtkWidget *problem = cf_test_ui_find_named (dialog, "problem-label");

  g_assert_nonnull (problem);
  return gtk_widget_get_visible (problem) ? gtk_label_get_text (GTK_LABEL (problem)) : NULL;
}

/* The name, role and hire date changed on both sides: neither version is
 * right, so the person puts the record together by hand. A value the
 * store would refuse is named in the dialog and Resolve waits; what is
 * resolved is exactly what was typed and chosen, here and on the server.
 */
static void
merge_conflict_by_hand (Fixture    *fixture,
                        Server     *server,
                        const char *staff_id)
{
  const CfKind *staff_kind = cf_registry_lookup ("staff");
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (JsonObject) theirs = json_object_new ();
  g_autoptr (JsonObject) base = json_object_new ();
  g_autoptr (JsonObject) record = NULL;
  g_autofree char *base_name = cf_test_record_string (fixture->store, "staff", staff_id, "name");
  const char *their_name = cf_test_ui_locale_is_chinese () ? "陈静怡" : "Jingyi Chen";
  const char *merged_name = cf_test_ui_locale_is_chinese () ? "陈静宜" : "Chen Jingyi";
  ServerName wanted = { server, merged_name };
  GtkWidget *view;
  GtkWidget *dialog;
  GtkWidget *resolve_button;
  const char *problem;

  json_object_set_string_member (set, "name", cf_test_ui_locale_is_chinese () ? "陈静一" : "Chen Jing-yi");
  json_object_set_string_member (set, "role", "shift_lead");
  json_object_set_string_member (set, "hire_date", "2024-03-01");
  json_object_set_string_member (theirs, "name", their_name);
  json_object_set_string_member (theirs, "role", "deputy");
  json_object_set_string_member (theirs, "hire_date", "2024-03-15");
  json_object_set_string_member (base, "name", base_name);
  json_object_set_string_member (base, "role", "agent");
  json_object_set_null_member (base, "hire_date");
  view = make_conflict (fixture, server, staff_id, set, theirs, base);

  cf_test_ui_click (view, "edit-merge");
  g_assert_true (cf_test_ui_wait_for (dialog_open, GSIZE_TO_POINTER (CF_TYPE_MERGE_DIALOG)));
  dialog = GTK_WIDGET (cf_test_ui_find_toplevel (CF_TYPE_MERGE_DIALOG));
  resolve_button = cf_test_ui_find_named (dialog, "resolve-button");

  /* Each value starts as the current version, which can be resolved as is. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cf_test_ui_find_named (dialog, "value-name"))), ==,
                   their_name);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (cf_test_ui_find_named (dialog, "value-role"))),
                    ==, CF_ROLE_DEPUTY);
  g_assert_null (problem_shown (dialog));
  g_assert_true (gtk_widget_is_sensitive (resolve_button));

  /* An impossible date is named, with its field, and Resolve waits. */
  cf_test_ui_type_into (dialog, "value-hire_date", "2024-02-30");
  problem = problem_shown (dialog);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, cf_field_get_label (cf_kind_lookup_field (staff_kind,
                                                                              "hire_date"))));
  g_assert_false (gtk_widget_is_sensitive (resolve_button));

  /* So does an empty name. */
  cf_test_ui_type_into (dialog, "value-hire_date", "2024-03-08");
  cf_test_ui_type_into (dialog, "value-name", "  ");
  problem = problem_shown (dialog);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, cf_field_get_label (cf_kind_lookup_field (staff_kind,
                                                                              "name"))));
  g_assert_false (gtk_widget_is_sensitive (resolve_button));

  cf_test_ui_type_into (dialog, "value-name", merged_name);
  adw_combo_row_set_selected (ADW_COMBO_ROW (cf_test_ui_find_named (dialog, "value-role")),
                              CF_ROLE_SHIFT_LEAD);
  g_assert_null (problem_shown (dialog));
  g_assert_true (gtk_widget_is_sensitive (resolve_button));
  cf_test_ui_save_screenshot (dialog, cf_test_ui_locale_is_chinese () ? "merge-zh_CN.png" : "merge-en.png");

  cf_test_ui_click (dialog, "resolve-button");
  g_assert_true (cf_test_ui_wait_for (dialog_closed, GSIZE_TO_POINTER (CF_TYPE_MERGE_DIALOG)));

  g_assert_cmpuint (cf_replica_count_conflicts (fixture->store), ==, 0);
  record = cf_store_get_record (fixture->store, "staff", staff_id, NULL);
  g_assert_nonnull (record);
  g_assert_cmpstr (json_object_get_string_member (record, "name"), ==, merged_name);
  g_assert_cmpstr (json_object_get_string_member (record, "role"), ==, "shift_lead");
  g_assert_cmpstr (json_object_get_string_member (record, "hire_date"), ==, "2024-03-08");
  g_assert_true (cf_test_ui_wait_for (server_staff_named, &wanted));
  g_assert_true (cf_test_ui_wait_for (no_open_conflicts, fixture->store));
}

/* A desktop set to use a server signs in with the server's account, gets
 * its data, shows that it is synced and sends what is typed here; when the
 * server is gone, the same person still signs in and the header says so.
 */
static void
test_sync_sign_in (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (JsonObject) values = json_object_new ();
  g_autoptr (CfOp) op = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *verifier = NULL;
  g_autofree char *sealed = NULL;
  g_autofree char *server_key = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *signature = NULL;
  guint8 digest[CF_SIGNING_DIGEST_BYTES];
  Server server = { 0 };
  CfSession *session = cf_context_get_session (fixture->context);
  GtkWidget *window;
  GtkWidget *label;

  server_start (&server);
  url = g_strdup_printf ("http://127.0.0.1:%u", server.port);
  g_settings_set_string (settings, "server-url", url);

  cf_test_ui_open_window (fixture);
  window = GTK_WIDGET (fixture->window);
  g_assert_false (gtk_widget_get_visible (cf_test_ui_find_named (window, "confirm-row")));

  /* The server made the account's signing keys when it made the account. */
  {
    g_autoptr (CfStore) server_store = cf_store_open (server.database, CF_STORE_FLAGS_NONE, NULL);

    g_assert_nonnull (server_store);
    server_key = cf_test_query_text (server_store,
                                     "SELECT public_key FROM app_user WHERE login = ?", "boss");
    g_assert_nonnull (server_key);
  }

  cf_test_ui_sign_in (fixture, "boss", "floor-boss-2026");
  g_assert_true (cf_test_ui_wait_for (staff_view_shown, fixture));
  g_assert_cmpuint (g_list_model_get_n_items (cf_staff_view_get_shown (staff_view (fixture))), ==, 1);
  verifier = cf_test_query_text (fixture->store, "SELECT password_hash FROM app_user WHERE login = ?",
                                 "boss");
  g_assert_cmpstr (verifier, !=, "");
  /* The server handed over the user's signing keys with the sign-in: this
   * desktop keeps the same pair, it makes none of its own.
   */
  sealed = cf_test_query_text (fixture->store,
                               "SELECT sealed_secret_key FROM app_user WHERE login = ?", "boss");
  g_assert_nonnull (sealed);
  g_assert_cmpstr (sealed, !=, "");
  ours = cf_test_query_text (fixture->store, "SELECT public_key FROM app_user WHERE login = ?",
                             "boss");
  g_assert_cmpstr (ours, ==, server_key);

  label = cf_test_ui_find_named (window, "sync-label");
  g_object_set_data (G_OBJECT (label), "wanted", (gpointer) _("Synced"));
  g_assert_true (cf_test_ui_wait_for (label_says, label));

  /* Typed here, on the server soon after. */
  json_object_set_string_member (values, "employee_no", "2001");
  json_object_set_string_member (values, "name", cf_test_ui_locale_is_chinese () ? "陈静" : "Chen Jing");
  json_object_set_string_member (values, "role", "agent");
  op = cf_op_new_create ("staff", values);
  g_assert_true (cf_store_apply (fixture->store, cf_session_get_user_id (session), &op, 1, &error));
  g_assert_no_error (error);
  g_assert_true (cf_test_ui_wait_for (server_has_staff, &server));
  g_assert_true (cf_test_ui_wait_for (label_says, label));
  make_and_resolve_conflict (fixture, &server, cf_op_get_record_id (op));
  merge_conflict_by_hand (fixture, &server, cf_op_get_record_id (op));
  {
    GtkWidget *row = cf_test_ui_find_named (window, "staff");

    g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
    g_assert_true (cf_test_ui_wait_for (staff_view_shown, fixture));
  }
  cf_test_ui_save_screenshot (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)),
                   cf_test_ui_locale_is_chinese () ? "sync-zh_CN.png" : "sync-en.png");

  /* The server goes away; the same person signs in on this desktop. */
  gtk_widget_activate_action (window, "window.sign-out", NULL);
  server_stop (&server);
  cf_test_ui_sign_in (fixture, "boss", "floor-boss-2026");
  g_assert_true (cf_test_ui_wait_for (staff_view_shown, fixture));
  g_object_set_data (G_OBJECT (label), "wanted", (gpointer) _("Offline"));
  g_assert_true (cf_test_ui_wait_for (label_says, label));

  /* And signs here while the server is away, with the kept key. */
  cf_signing_digest ("{\"sheet\":1}", digest);
  g_assert_true (cf_signing_sign (fixture->store, cf_session_get_user_id (session),
                                  "floor-boss-2026", digest, &signature, &error));
  g_assert_no_error (error);
  g_assert_true (cf_signing_verify (fixture->store, cf_session_get_user_id (session), digest,
                                    signature, &error));
  g_assert_no_error (error);
  /* Nothing replaced the key the server registered. */
  {
    g_autoptr (CfStore) server_store = cf_store_open (server.database, CF_STORE_FLAGS_NONE, NULL);
    g_autofree char *kept = NULL;

    g_assert_nonnull (server_store);
    kept = cf_test_query_text (server_store, "SELECT public_key FROM app_user WHERE login = ?",
                               "boss");
    g_assert_cmpstr (kept, ==, server_key);
  }

  g_settings_reset (settings, "server-url");
  server_free (&server);
}

/* A database used on this desktop alone (the demo's) meets the server: the
 * supervisor is asked, uploads it, and works on with the server; the
 * server then holds every staff member of the database.
 */
static void
test_sync_attach (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *url = NULL;
  gint64 local_staff = cf_store_count (fixture->store, "SELECT COUNT(*) FROM staff");
  gint64 local_sealed = cf_store_count (fixture->store, "SELECT COUNT(*) FROM handover_sheet "
                                                        "WHERE status = 'sealed'");
  Server server = { 0 };
  AdwMessageDialog *dialog;
  GtkWidget *label;

  server_start (&server);
  url = g_strdup_printf ("http://127.0.0.1:%u", server.port);
  g_settings_set_string (settings, "server-url", url);

  cf_test_ui_open_window (fixture);
  cf_test_ui_sign_in (fixture, "boss", "floor-boss-2026");
  g_assert_true (cf_test_ui_wait_for (dialog_open, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG)));
  dialog = ADW_MESSAGE_DIALOG (cf_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "upload-dialog");
  cf_test_ui_save_screenshot (GTK_WIDGET (dialog),
                   cf_test_ui_locale_is_chinese () ? "upload-zh_CN.png" : "upload-en.png");

  adw_message_dialog_response (dialog, "upload");
  g_assert_true (cf_test_ui_wait_for (staff_view_shown, fixture));
  label = cf_test_ui_find_named (GTK_WIDGET (fixture->window), "sync-label");
  g_object_set_data (G_OBJECT (label), "wanted", (gpointer) _("Synced"));
  g_assert_true (cf_test_ui_wait_for (label_says, label));

  /* Every staff member of the database, and the server's own supervisor. */
  {
    g_autoptr (CfStore) server_store = cf_store_open (server.database, CF_STORE_FLAGS_NONE, NULL);

    g_assert_nonnull (server_store);
    g_assert_cmpint (cf_store_count (server_store, "SELECT COUNT(*) FROM staff"), ==,
                     local_staff + 1);
    /* Sealed handover sheets go up whole: their signatures still hold. */
    g_assert_cmpint (local_sealed, >, 0);
    g_assert_cmpint (cf_store_count (server_store, "SELECT COUNT(*) FROM handover_sheet "
                                                   "WHERE status = 'sealed'"), ==, local_sealed);
  }
  g_assert_cmpint (cf_store_count (fixture->store, "SELECT COUNT(*) FROM staff"), ==,
                   local_staff + 1);
  g_assert_nonnull (cf_store_get_meta (fixture->store, "server_id"));

  g_settings_reset (settings, "server-url");
  server_free (&server);
}

/* Preferences → Server: a file that is not a certificate is refused with
 * the reason under the row and the setting unchanged; the CA's certificate
 * is kept; clearing goes back to the system's authorities; a kept file
 * that became unusable is reported when the window opens.
 */
static void
test_preferences_ca_file (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *ca = cf_test_tls_file ("ca.pem");
  g_autofree char *notes = g_build_filename (fixture->folder, "notes.pem", NULL);
  g_autoptr (GFile) ca_file = g_file_new_for_path (ca);
  g_autoptr (GFile) notes_file = g_file_new_for_path (notes);
  g_autofree char *saved = NULL;
  const char *none = _("None — the system’s certificate authorities are trusted");
  CfPreferencesWindow *preferences;
  GtkWidget *row, *label, *clear;

  g_assert_true (g_file_set_contents (notes, "Call the CA at 1234\n", -1, NULL));
  g_settings_set_string (settings, "server-url", "https://callfloor.example.com");
  preferences = cf_preferences_window_new (fixture->context);
  gtk_window_set_default_size (GTK_WINDOW (preferences), 640, 720);
  gtk_window_present (GTK_WINDOW (preferences));
  cf_test_ui_settle ();
  row = cf_test_ui_find_named (GTK_WIDGET (preferences), "ca-row");
  label = cf_test_ui_find_named (GTK_WIDGET (preferences), "ca-error-label");
  clear = cf_test_ui_find_named (GTK_WIDGET (preferences), "ca-clear-button");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, none);
  g_assert_false (gtk_widget_get_visible (clear));

  cf_preferences_window_choose_ca_file (preferences, notes_file);
  g_assert_true (cf_test_ui_wait_for (message_shown, label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "notes.pem"));
  saved = g_settings_get_string (settings, "server-ca-file");
  g_assert_cmpstr (saved, ==, "");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, none);
  cf_test_ui_save_screenshot (GTK_WIDGET (preferences),
                   cf_test_ui_locale_is_chinese () ? "preferences-server-refused-zh_CN.png"
                                        : "preferences-server-refused-en.png");

  cf_preferences_window_choose_ca_file (preferences, ca_file);
  g_object_set_data (G_OBJECT (row), "wanted", ca);
  g_assert_true (cf_test_ui_wait_for (row_subtitle_is, row));
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (settings, "server-ca-file");
  g_assert_cmpstr (saved, ==, ca);
  g_assert_false (gtk_widget_get_visible (label));
  g_assert_true (gtk_widget_get_visible (clear));
  cf_test_ui_save_screenshot (GTK_WIDGET (preferences), cf_test_ui_locale_is_chinese () ? "preferences-server-zh_CN.png"
                                                                   : "preferences-server-en.png");

  g_signal_emit_by_name (clear, "clicked");
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (settings, "server-ca-file");
  g_assert_cmpstr (saved, ==, "");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, none);
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* Set by hand, or the file changed since it was chosen. */
  g_settings_set_string (settings, "server-ca-file", notes);
  preferences = cf_preferences_window_new (fixture->context);
  gtk_window_present (GTK_WINDOW (preferences));
  label = cf_test_ui_find_named (GTK_WIDGET (preferences), "ca-error-label");
  g_assert_true (cf_test_ui_wait_for (message_shown, label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "notes.pem"));
  gtk_window_destroy (GTK_WINDOW (preferences));

  g_settings_reset (settings, "server-ca-file");
  g_settings_reset (settings, "server-url");
}

/* A server whose certificate the call center signed itself: without its
 * CA the sign-in page says the certificate is not trusted; with it the
 * desktop syncs over HTTPS; a CA file that became unusable stops the sync
 * and the header says why.
 */
static void
test_sync_tls (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *ca = cf_test_tls_file ("ca.pem");
  g_autofree char *key = cf_test_tls_file ("server-key.pem");
  g_autofree char *url = NULL;
  Server server = { .tls = TRUE };
  CfSyncEngine *engine;
  GtkWidget *window, *message, *label;

  server_start (&server);
  url = g_strdup_printf ("https://127.0.0.1:%u", server.port);
  g_settings_set_string (settings, "server-url", url);

  cf_test_ui_open_window (fixture);
  window = GTK_WIDGET (fixture->window);
  engine = cf_window_get_engine (fixture->window);
  message = cf_test_ui_find_named (window, "message-label");
  cf_test_ui_sign_in (fixture, "boss", "floor-boss-2026");
  g_assert_true (cf_test_ui_wait_for (message_shown, message));
  g_assert_cmpint (cf_sync_engine_get_state (engine), ==, CF_SYNC_STATE_UNTRUSTED);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (message)), ==,
                   _("This desktop does not trust the server’s certificate, so your "
                     "password could not be checked with the server. If the call "
                     "center signs its server’s certificate itself, choose its CA "
                     "certificate in Preferences."));
  g_assert_null (cf_window_get_visible_view (fixture->window));

  /* Chosen in Preferences: the window's engine follows the setting. */
  g_settings_set_string (settings, "server-ca-file", ca);
  g_assert_cmpstr (cf_sync_engine_get_ca_file (engine), ==, ca);
  g_assert_true (cf_test_ui_wait_for (no_retry_delay, fixture));
  cf_test_ui_sign_in (fixture, "boss", "floor-boss-2026");
  g_assert_true (cf_test_ui_wait_for (staff_view_shown, fixture));
  label = cf_test_ui_find_named (window, "sync-label");
  g_object_set_data (G_OBJECT (label), "wanted", (gpointer) _("Synced"));
  g_assert_true (cf_test_ui_wait_for (label_says, label));

  /* The file is replaced by something else: no sync, and no fallback. */
  g_settings_set_string (settings, "server-ca-file", key);
  g_object_set_data (G_OBJECT (label), "wanted",
                     (gpointer) _("Not syncing · CA certificate file unusable"));
  g_assert_true (cf_test_ui_wait_for (label_says, label));
  g_assert_cmpint (cf_sync_engine_get_state (engine), ==, CF_SYNC_STATE_UNTRUSTED);
  g_assert_nonnull (gtk_widget_get_tooltip_text (label));

  g_settings_reset (settings, "server-ca-file");
  g_settings_reset (settings, "server-url");
  server_free (&server);
}

static gboolean
roster_view_shown (gpointer data)
{
  Fixture *fixture = data;

  return g_strcmp0 (cf_window_get_visible_view (fixture->window), "roster") == 0;
}

/* Presses a key on the grid, as its key controller receives it. */
static void
press_key (GtkWidget       *grid,
           guint            keyval,
           GdkModifierType  state)
{
  GListModel *controllers = gtk_widget_observe_controllers (grid);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);
    }
  g_object_unref (controllers);
  g_assert_true (handled);
}

/* The code in the store for the cell at shown @row and @day. */
static char *
stored_code (Fixture      *fixture,
             CfRosterGrid *grid,
             guint         row,
             guint         day)
{
  CfRosterMonth *month = cf_roster_grid_get_month (grid);
  /* No filter: the grid shows the month's rows in their order. */
  guint month_row = row;
  g_autofree char *date = cf_roster_month_format_date (month, day);
  g_autofree char *sql = NULL;
  char *code;

  g_assert_cmpuint (cf_roster_grid_get_n_rows (grid), ==, cf_roster_month_get_n_rows (month));
  sql = g_strdup_printf ("SELECT COALESCE ((SELECT t.code FROM shift_type t WHERE t.id = a.shift_type), "
                         "a.leave, '') FROM roster_assignment a WHERE a.date = '%s' AND a.staff = ?",
                         date);
  code = cf_test_query_text (fixture->store, sql, cf_roster_month_get_row (month, month_row)->staff_id);

  return code != NULL ? code : g_strdup ("");
}

static void
assert_stored (Fixture      *fixture,
               CfRosterGrid *grid,
               guint         row,
               guint         day,
               const char   *code)
{
  g_autofree char *stored = stored_code (fixture, grid, row, day);

  g_assert_cmpstr (stored, ==, code);
}

/* The roster grid as a person uses it: a code typed into a cell, a range
 * painted, a block pasted from a spreadsheet, undone and redone — each
 * checked in the database — with the focused cell described in words.
 */
static void
test_roster_grid (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *window;
  GtkWidget *grid_widget;
  CfRosterGrid *grid;
  CfRosterMonth *month;
  g_autofree char *early = NULL;
  g_autofree char *late = NULL;
  g_autofree char *night = NULL;
  g_autofree char *off = NULL;
  g_autofree char *block = NULL;
  g_autofree char *before_first = NULL;
  g_autofree char *before_last = NULL;
  guint row, day;

  cf_test_ui_open_window (fixture);
  window = GTK_WIDGET (fixture->window);
  cf_test_ui_click (window, "sign-in-button");
  g_assert_true (cf_test_ui_wait_for (staff_view_shown, fixture));
  {
    GtkWidget *row_widget = cf_test_ui_find_named (window, "roster");

    g_signal_emit_by_name (gtk_widget_get_parent (row_widget), "row-activated", row_widget);
    g_assert_true (cf_test_ui_wait_for (roster_view_shown, fixture));
  }

  grid = cf_roster_view_get_grid (CF_ROSTER_VIEW (cf_window_get_view (fixture->window, "roster")));
  grid_widget = GTK_WIDGET (grid);
  month = cf_roster_grid_get_month (grid);
  g_assert_nonnull (month);
  g_assert_cmpuint (cf_roster_grid_get_n_rows (grid), >, 40);
  early = g_strdup (cf_roster_month_get_shift_type (month, cf_roster_month_find_shift_code (month, cf_test_ui_locale_is_chinese () ? "早" : "E"))->code);
  late = g_strdup (cf_roster_month_get_shift_type (month, cf_roster_month_find_shift_code (month, cf_test_ui_locale_is_chinese () ? "晚" : "L"))->code);
  night = g_strdup (cf_roster_month_get_shift_type (month, cf_roster_month_find_shift_code (month, cf_test_ui_locale_is_chinese () ? "夜" : "N"))->code);
  off = g_strdup (cf_roster_month_get_shift_type (month, cf_roster_month_find_shift_code (month, cf_test_ui_locale_is_chinese () ? "休" : "O"))->code);
  gtk_widget_grab_focus (grid_widget);

  /* Keyboard: arrows move; a typed code sets the cell. */
  cf_roster_grid_set_cursor (grid, 0, 0, FALSE);
  press_key (grid_widget, GDK_KEY_Down, 0);
  press_key (grid_widget, GDK_KEY_Right, 0);
  cf_roster_grid_get_cursor (grid, &row, &day);
  g_assert_cmpuint (row, ==, 1);
  g_assert_cmpuint (day, ==, 1);
  g_assert_true (cf_roster_grid_type_code (grid, night));
  assert_stored (fixture, grid, 1, 1, night);
  {
    g_autofree char *description = cf_roster_grid_describe_cursor (grid);
    g_autofree char *date = cf_roster_month_format_date (month, 1);
    const CfRosterShiftType *type =
      cf_roster_month_get_shift_type (month, cf_roster_month_find_shift_code (month, night));

    /* Name, date and shift, for assistive technologies. */
    g_assert_nonnull (strstr (description, cf_roster_month_get_row (month, 1)->name));
    g_assert_nonnull (strstr (description, date));
    g_assert_nonnull (strstr (description, type->name));
  }

  /* Delete empties the cell. */
  cf_roster_grid_set_cursor (grid, 1, 1, FALSE);
  press_key (grid_widget, GDK_KEY_Delete, 0);
  assert_stored (fixture, grid, 1, 1, "");

  /* A range painted: shift-arrows extend the selection. */
  cf_roster_grid_set_cursor (grid, 2, 2, FALSE);
  press_key (grid_widget, GDK_KEY_Right, GDK_SHIFT_MASK);
  press_key (grid_widget, GDK_KEY_Down, GDK_SHIFT_MASK);
  g_assert_true (cf_roster_grid_type_code (grid, late));
  assert_stored (fixture, grid, 2, 2, late);
  assert_stored (fixture, grid, 2, 3, late);
  assert_stored (fixture, grid, 3, 2, late);
  assert_stored (fixture, grid, 3, 3, late);

  /* A block pasted as a spreadsheet copies it; an unknown code pastes
   * nothing.
   */
  block = g_strdup_printf ("%s\t%s\n%s\t%s\n", early, late, night, off);
  before_first = stored_code (fixture, grid, 4, 10);
  before_last = stored_code (fixture, grid, 5, 11);
  cf_roster_grid_set_cursor (grid, 4, 10, FALSE);
  g_assert_true (cf_roster_grid_paste_text (grid, block));
  assert_stored (fixture, grid, 4, 10, early);
  assert_stored (fixture, grid, 4, 11, late);
  assert_stored (fixture, grid, 5, 10, night);
  assert_stored (fixture, grid, 5, 11, off);
  cf_roster_grid_set_cursor (grid, 4, 10, FALSE);
  cf_roster_grid_set_cursor (grid, 5, 11, TRUE);
  {
    g_autofree char *copied = cf_roster_grid_copy_text (grid);

    g_assert_cmpstr (copied, ==, block);
  }
  cf_roster_grid_set_cursor (grid, 6, 10, FALSE);
  g_assert_false (cf_roster_grid_paste_text (grid, "X?\tE\n"));

  /* Ctrl+Z takes the paste back; Ctrl+Shift+Z puts it back. */
  press_key (grid_widget, GDK_KEY_z, GDK_CONTROL_MASK);
  assert_stored (fixture, grid, 4, 10, before_first);
  assert_stored (fixture, grid, 5, 11, before_last);
  press_key (grid_widget, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  assert_stored (fixture, grid, 4, 10, early);
  assert_stored (fixture, grid, 5, 11, off);

  /* Two night shifts then an early one: too little rest, listed in the
   * problems panel, whose row jumps to the cell.
   */
  {
    g_autofree char *rest = g_strdup_printf ("%s\t%s\t%s\n", night, night, early);
    GtkWidget *list = cf_test_ui_find_named (window, "problems-list");
    GtkWidget *first;
    guint month_row;

    cf_roster_grid_set_cursor (grid, 7, 20, FALSE);
    g_assert_true (cf_roster_grid_paste_text (grid, rest));
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (cf_test_ui_find_named (window, "problems-button")), TRUE);
    first = gtk_widget_get_first_child (list);
    g_assert_nonnull (first);
    for (GtkWidget *row_widget = first; row_widget != NULL;
         row_widget = gtk_widget_get_next_sibling (row_widget))
      {
        if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row_widget), "month-row")) == 7 &&
            GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row_widget), "day")) == 22)
          {
            g_signal_emit_by_name (list, "row-activated", row_widget);
            break;
          }
      }
    cf_roster_grid_get_cursor (grid, &month_row, &day);
    g_assert_cmpuint (month_row, ==, 7);
    g_assert_cmpuint (day, ==, 22);

    /* The rule is a preference: with no least rest, no such problem. */
    {
      g_autoptr (GSettings) settings = g_settings_new (APP_ID);
      gboolean listed = FALSE;

      g_settings_set_int (settings, "roster-min-rest-hours", 0);
      for (GtkWidget *row_widget = gtk_widget_get_first_child (list); row_widget != NULL;
           row_widget = gtk_widget_get_next_sibling (row_widget))
        listed |= GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row_widget), "month-row")) == 7 &&
                  GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row_widget), "day")) == 22;
      g_assert_false (listed);
      g_settings_reset (settings, "roster-min-rest-hours");
    }
  }

  /* A rotation typed once fills the selected staff to the month's end;
   * copying the previous week repeats what the rows had seven days before.
   */
  {
    GtkWidget *view = GTK_WIDGET (cf_window_get_view (fixture->window, "roster"));
    g_autofree char *pattern = g_strdup_printf ("%s%s%s", early, late, off);
    guint n_days = cf_roster_month_get_n_days (month);
    AdwMessageDialog *dialog;

    cf_roster_grid_set_cursor (grid, 10, 3, FALSE);
    cf_roster_grid_set_cursor (grid, 11, 3, TRUE);
    gtk_widget_activate_action (view, "roster.apply-rotation", NULL);
    g_assert_true (cf_test_ui_wait_for (dialog_open, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG)));
    dialog = ADW_MESSAGE_DIALOG (cf_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
    g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "rotation-dialog");
    gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), pattern);
    /* As the Apply button does: the response, then the dialog closes. */
    adw_message_dialog_response (dialog, "apply");
    gtk_window_destroy (GTK_WINDOW (dialog));
    for (guint r = 10; r <= 11; r++)
      for (guint d = 3; d < n_days; d++)
        {
          const char *wanted = (d - 3) % 3 == 0 ? early : (d - 3) % 3 == 1 ? late : off;

          assert_stored (fixture, grid, r, d, wanted);
        }

    /* Week 2 of row 12 copied into week 3. */
    cf_roster_grid_set_cursor (grid, 12, 14, FALSE);
    cf_roster_grid_set_cursor (grid, 12, 20, TRUE);
    gtk_widget_activate_action (view, "roster.copy-previous-week", NULL);
    for (guint d = 14; d <= 20; d++)
      {
        g_autofree char *before = stored_code (fixture, grid, 12, d - 7);

        assert_stored (fixture, grid, 12, d, before);
      }
  }

  /* Published with its problems, after saying so; a change made after
   * publishing is marked as such.
   */
  {
    GtkWidget *view = GTK_WIDGET (cf_window_get_view (fixture->window, "roster"));
    AdwMessageDialog *dialog;
    g_autofree char *sql = NULL;
    gint64 problems;

    gtk_widget_activate_action (view, "roster.publish", NULL);
    g_assert_true (cf_test_ui_wait_for (dialog_open, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG)));
    dialog = ADW_MESSAGE_DIALOG (cf_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
    g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "publish-dialog");
    adw_message_dialog_response (dialog, "publish");
    gtk_window_destroy (GTK_WINDOW (dialog));
    sql = g_strdup_printf ("SELECT published_problems FROM roster_month WHERE month = '%04d-%02d' "
                           "AND status = 'published' AND published_by = ?",
                           cf_roster_month_get_year (month), cf_roster_month_get_month (month));
    problems = cf_test_query_integer (fixture->store, sql,
                                      cf_session_get_user_id (cf_context_get_session (fixture->context)));
    g_assert_cmpint (problems, >, 0);
    month = cf_roster_grid_get_month (grid);
    g_assert_true (cf_roster_month_is_published (month));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cf_test_ui_find_named (window, "status-label"))), ==,
                     _("Published"));

    g_assert_false (cf_roster_month_get_cell (month, 0, 15).flags & CF_ROSTER_CELL_CHANGED);
    cf_roster_grid_set_cursor (grid, 0, 15, FALSE);
    /* Another shift than the one the cell has. */
    g_assert_true (cf_roster_grid_type_code (grid,
                                             cf_roster_month_get_cell (month, 0, 15).shift ==
                                               cf_roster_month_find_shift_code (month, late)
                                               ? early : late));
    g_assert_true (cf_roster_month_get_cell (month, 0, 15).flags & CF_ROSTER_CELL_CHANGED);
  }

  /* The change is listed in the side panel, and its row jumps to the cell. */
  {
    GtkWidget *changes_button = cf_test_ui_find_named (window, "changes-button");
    GtkWidget *list = cf_test_ui_find_named (window, "changes-list");
    GtkWidget *first;
    guint month_row;

    g_assert_true (gtk_widget_get_visible (changes_button));
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (changes_button), TRUE);
    /* One panel at a time: the problems make way. */
    g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (cf_test_ui_find_named (window, "problems-button"))));
    first = gtk_widget_get_first_child (list);
    g_assert_nonnull (first);
    g_assert_null (gtk_widget_get_next_sibling (first));
    g_assert_cmpuint (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (first), "month-row")), ==, 0);
    g_assert_cmpint (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (first), "day")), ==, 15);
    cf_roster_grid_set_cursor (grid, 3, 3, FALSE);
    g_signal_emit_by_name (list, "row-activated", first);
    cf_roster_grid_get_cursor (grid, &month_row, &day);
    g_assert_cmpuint (month_row, ==, 0);
    g_assert_cmpuint (day, ==, 15);
  }

  cf_test_ui_save_screenshot (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)),
                   cf_test_ui_locale_is_chinese () ? "roster-zh_CN.png" : "roster-en.png");

  /* The role filter shows the shift leads alone. */
  {
    GtkDropDown *roles = GTK_DROP_DOWN (cf_test_ui_find_named (window, "role-filter"));
    guint shift_leads = 0;

    for (guint r = 0; r < cf_roster_month_get_n_rows (month); r++)
      shift_leads += g_strcmp0 (cf_roster_month_get_row (month, r)->role,
                                cf_role_to_string (CF_ROLE_SHIFT_LEAD)) == 0;
    g_assert_cmpuint (shift_leads, >, 0);
    gtk_drop_down_set_selected (roles, CF_ROLE_SHIFT_LEAD + 1);
    g_assert_cmpuint (cf_roster_grid_get_n_rows (grid), ==, shift_leads);
    gtk_drop_down_set_selected (roles, 0);
    g_assert_cmpuint (cf_roster_grid_get_n_rows (grid), ==, cf_roster_month_get_n_rows (month));
  }

  /* Next month, everyone selected with Ctrl+A, filled from the previous
   * month four weeks back, so weekdays line up; one undo takes it back.
   */
  {
    GtkWidget *view = GTK_WIDGET (cf_window_get_view (fixture->window, "roster"));
    g_autoptr (CfRosterMonth) previous = NULL;
    g_autoptr (CfRosterMonth) copied = NULL;
    g_autoptr (GError) error = NULL;
    guint n_previous_days, changed_cells = 0;

    previous = cf_roster_month_new (fixture->store, cf_roster_month_get_year (month),
                                    cf_roster_month_get_month (month), &error);
    g_assert_no_error (error);
    n_previous_days = cf_roster_month_get_n_days (previous);
    gtk_widget_activate_action (view, "roster.next-month", NULL);
    month = cf_roster_grid_get_month (grid);
    gtk_widget_grab_focus (grid_widget);
    press_key (grid_widget, GDK_KEY_a, GDK_CONTROL_MASK);
    gtk_widget_activate_action (view, "roster.copy-previous-month", NULL);

    copied = cf_roster_month_new (fixture->store, cf_roster_month_get_year (month),
                                  cf_roster_month_get_month (month), &error);
    g_assert_no_error (error);
    for (guint r = 0; r < cf_roster_month_get_n_rows (copied); r++)
      {
        const char *staff_id = cf_roster_month_get_row (copied, r)->staff_id;
        int source_row = -1;

        for (guint p = 0; p < cf_roster_month_get_n_rows (previous); p++)
          if (g_str_equal (cf_roster_month_get_row (previous, p)->staff_id, staff_id))
            source_row = p;
        for (guint d = 0; d < cf_roster_month_get_n_days (copied); d++)
          {
            CfRosterCell cell = cf_roster_month_get_cell (copied, r, d);
            CfRosterCell wanted = { 0 };

            if (d >= 28)
              wanted = cf_roster_month_get_cell (copied, r, d - 28);
            else if (source_row >= 0)
              wanted = cf_roster_month_get_cell (previous, source_row, n_previous_days + d - 28);
            g_assert_cmpuint (cell.shift, ==, wanted.shift);
            g_assert_cmpuint (cell.leave, ==, wanted.leave);
          }
      }

    press_key (grid_widget, GDK_KEY_z, GDK_CONTROL_MASK);
    g_clear_object (&copied);
    copied = cf_roster_month_new (fixture->store, cf_roster_month_get_year (month),
                                  cf_roster_month_get_month (month), &error);
    g_assert_no_error (error);
    for (guint r = 0; r < cf_roster_month_get_n_rows (copied); r++)
      for (guint d = 0; d < cf_roster_month_get_n_days (copied); d++)
        changed_cells += cf_roster_month_get_cell (copied, r, d).shift !=
                         cf_roster_month_get_cell (month, r, d).shift;
    /* The grid's month follows the store: it matches a fresh read. */
    g_assert_cmpuint (changed_cells, ==, 0);
  }
}

/* The Chinese run must really be in Chinese: without the locale or the
 * catalogue, gettext would silently show English.
 */
static void
test_translated (void)
{
  if (!cf_test_ui_locale_is_chinese ())
    {
      g_test_skip ("not a Chinese run");
      return;
    }

  g_assert_cmpstr (_("Staff"), !=, "Staff");
  g_assert_cmpstr (cf_role_get_label (CF_ROLE_SHIFT_LEAD), ==, "班长");
}

int
main (int   argc,
      char *argv[])
{
  CfApplication *application = cf_test_ui_init (&argc, &argv);
  int status;

  g_test_add_func ("/ui/translated", test_translated);
  g_test_add ("/ui/first-run", Fixture, GINT_TO_POINTER (FALSE),
              cf_test_ui_fixture_set_up, test_first_run, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/sign-in/wrong-password", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_sign_in_wrong_password, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/shell", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_shell, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/preferences/ca-file", Fixture, GINT_TO_POINTER (FALSE),
              cf_test_ui_fixture_set_up, test_preferences_ca_file, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/sync/tls", Fixture, GINT_TO_POINTER (FALSE),
              cf_test_ui_fixture_set_up, test_sync_tls, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/sync/sign-in", Fixture, GINT_TO_POINTER (FALSE),
              cf_test_ui_fixture_set_up, test_sync_sign_in, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/sync/attach", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_sync_attach, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/roster/grid", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_roster_grid, cf_test_ui_fixture_tear_down);
  g_test_add ("/ui/staff/flow", Fixture, GINT_TO_POINTER (TRUE),
              cf_test_ui_fixture_set_up, test_staff_flow, cf_test_ui_fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&application);

  return status;
}
