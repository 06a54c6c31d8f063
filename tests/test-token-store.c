/* test-token-store.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server session in a real keyring: gnome-keyring-daemon on a private
 * D-Bus session bus of the test's own, its login keyring made and unlocked
 * with a throwaway password, as a desktop session would have it.
 */

#include "config.h"

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "cf-test-util.h"
#include "cf-token-store.h"

#define SERVER_URL "https://callfloor.example:8425"
#define SECRETS    "org.freedesktop.secrets"

typedef struct
{
  GSubprocess *bus;
  GSubprocess *keyring;
  char        *runtime_dir;
} Fixture;

static gboolean
secret_service_running (gpointer data)
{
  g_autoptr (GDBusConnection) connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr (GVariant) reply = NULL;

  if (connection == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", SECRETS), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 1000, NULL, NULL);
  if (reply == NULL)
    return FALSE;

  return g_variant_get_boolean (g_variant_get_child_value (reply, 0));
}

/* The bus lives as long as the test program: libsecret keeps its
 * connection to it until the end.
 */
static GSubprocess *
start_session_bus (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) output = NULL;
  g_autofree char *address = NULL;
  GSubprocess *bus;

  bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "dbus-daemon", "--session",
                          "--nofork", "--print-address=1", NULL);
  g_assert_no_error (error);
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
  address = g_data_input_stream_read_line (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", g_strstrip (address), TRUE);

  return bus;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *program = g_find_program_in_path ("gnome-keyring-daemon");
  g_autoptr (GBytes) password = g_bytes_new_static ("throwaway-keyring", 17);
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  GOutputStream *input;

  if (program == NULL || g_find_program_in_path ("dbus-daemon") == NULL)
    {
      g_test_skip ("gnome-keyring-daemon or dbus-daemon is not installed");
      return;
    }

  f->bus = start_session_bus ();

  /* The daemon keeps its keyring and its socket in a folder of its own;
   * --unlock makes the login keyring with the password on stdin, so no
   * prompt is ever shown.
   */
  f->runtime_dir = g_dir_make_tmp ("callfloor-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", f->runtime_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->runtime_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", f->runtime_dir, TRUE);
  f->keyring = g_subprocess_launcher_spawn (launcher, &error, program, "--foreground",
                                            "--unlock", "--components=secrets", NULL);
  g_assert_no_error (error);
  input = g_subprocess_get_stdin_pipe (f->keyring);
  g_output_stream_write_bytes (input, password, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (input, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (cf_test_wait_until (secret_service_running, NULL, 20));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  secret_service_disconnect ();
  for (GSubprocess **process = (GSubprocess *[]) { f->keyring, f->bus, NULL }; *process != NULL;
       process++)
    {
      g_subprocess_send_signal (*process, SIGTERM);
      g_subprocess_wait (*process, NULL, NULL);
    }
  g_clear_object (&f->keyring);
  g_clear_object (&f->bus);
  if (f->runtime_dir != NULL)
    {
      cf_test_remove_tree (f->runtime_dir);
      g_free (f->runtime_dir);
    }
}

typedef struct
{
  const char *login;
  gboolean    done;
  char       *token;
  GError     *error;
} Lookup;

static void
on_looked_up_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Lookup *lookup = user_data;

  lookup->token = cf_token_store_lookup_finish (result, &lookup->error);
  lookup->done = TRUE;
}

static gboolean
lookup_done (gpointer data)
{
  return ((Lookup *) data)->done;
}

/* What the keyring holds for @login, looked up as the app does. */
static char *
look_up (const char *login)
{
  Lookup lookup = { login, FALSE, NULL, NULL };

  cf_token_store_lookup_async (SERVER_URL, login, NULL, on_looked_up_cb, &lookup);
  g_assert_true (cf_test_wait_until (lookup_done, &lookup, 20));
  g_assert_no_error (lookup.error);

  return lookup.token;
}

static gboolean
token_kept (gpointer data)
{
  g_autofree char *token = look_up ("lead");

  return g_strcmp0 (token, data) == 0;
}

/* A session saved for one user of one server comes back for that user of
 * that server only, and a newer one replaces it.
 */
static void
test_token_store_keyring (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *other = NULL;

  if (g_test_failed () || f->bus == NULL)
    return;

  cf_token_store_save (SERVER_URL, "lead", "first-session-token");
  g_assert_true (cf_test_wait_until (token_kept, (gpointer) "first-session-token", 20));

  other = look_up ("boss");
  g_assert_null (other);

  cf_token_store_save (SERVER_URL, "lead", "second-session-token");
  g_assert_true (cf_test_wait_until (token_kept, (gpointer) "second-session-token", 20));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/token-store/keyring", Fixture, NULL, fixture_set_up, test_token_store_keyring,
              fixture_tear_down);

  return g_test_run ();
}
