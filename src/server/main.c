/* main.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * callfloor-server: the authority the desktops sync with.
 *
 *   callfloor-server [--config FILE] [--listen ADDRESS:PORT | --socket PATH]
 *                    [--database PATH] [--tls-certificate PEM --tls-key PEM]
 *   callfloor-server init --database PATH …
 *   callfloor-server user add|disable|passwd|list --database PATH …
 */

#define G_LOG_DOMAIN "callfloor-server"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <sys/stat.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "cf-server.h"
#include "cf-server-admin.h"
#include "cf-store.h"

typedef struct
{
  char    *config;
  char    *listen;
  char    *socket;
  char    *database;
  char    *tls_certificate;
  char    *tls_key;
  int      max_body_bytes;
  int      token_idle_hours;
  int      token_lifetime_days;
  int      socket_timeout_seconds;
  int      live_ping_seconds;
  gboolean print_port;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->config);
  g_free (options->listen);
  g_free (options->socket);
  g_free (options->database);
  g_free (options->tls_certificate);
  g_free (options->tls_key);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* Options from the key file fill in what the command line left unset. */
static gboolean
read_config (Options  *options,
             GError  **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  static const char *group = "server";
  char **strings[] = {
    &options->listen, &options->socket, &options->database,
    &options->tls_certificate, &options->tls_key,
  };
  static const char *string_keys[] = {
    "listen", "socket", "database", "tls-certificate", "tls-key",
  };
  int *integers[] = {
    &options->max_body_bytes, &options->token_idle_hours, &options->token_lifetime_days,
    &options->socket_timeout_seconds, &options->live_ping_seconds,
  };
  static const char *integer_keys[] = {
    "max-body-bytes", "token-idle-hours", "token-lifetime-days", "socket-timeout-seconds",
    "live-ping-seconds",
  };

  if (options->config == NULL)
    return TRUE;
  if (!g_key_file_load_from_file (file, options->config, G_KEY_FILE_NONE, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (string_keys); i++)
    {
      g_autofree char *value = g_key_file_get_string (file, group, string_keys[i], NULL);

      if (*strings[i] == NULL && value != NULL && g_strstrip (value)[0] != '\0')
        *strings[i] = g_steal_pointer (&value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (integer_keys); i++)
    {
      g_autoptr (GError) local_error = NULL;
      int value = g_key_file_get_integer (file, group, integer_keys[i], &local_error);

      if (local_error == NULL && *integers[i] == 0)
        *integers[i] = value;
      else if (local_error != NULL &&
               !g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND) &&
               !g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ",
                                      integer_keys[i]);
          return FALSE;
        }
    }

  return TRUE;
}

static GSocketAddress *
parse_listen_address (const char  *text,
                      GError     **error)
{
  g_autoptr (GSocketConnectable) connectable = NULL;
  g_autoptr (GSocketAddressEnumerator) enumerator = NULL;

  connectable = g_network_address_parse (text, CF_SERVER_DEFAULT_PORT, error);
  if (connectable == NULL)
    return NULL;

  enumerator = g_socket_connectable_enumerate (connectable);
  return g_socket_address_enumerator_next (enumerator, NULL, error);
}

static gboolean
listen_unix (SoupServer  *soup,
             const char  *path,
             GError     **error)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketAddress) address = g_unix_socket_address_new (path);

  g_unlink (path);
  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                         error);
  if (socket == NULL ||
      !g_socket_bind (socket, address, TRUE, error) ||
      !g_socket_listen (socket, error))
    return FALSE;

  /* nginx reaches the socket through the callfloor group (docs/server.md). */
  chmod (path, 0660);
  return soup_server_listen_socket (soup, socket, 0, error);
}

static gboolean
on_quit_signal_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static int
serve (int    argc,
       char **argv)
{
  g_auto (Options) options = { 0 };
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &options.config, "Read options from FILE", "FILE" },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &options.listen,
      "Listen on ADDRESS:PORT (default 127.0.0.1:8425)", "ADDRESS:PORT" },
    { "socket", 's', 0, G_OPTION_ARG_FILENAME, &options.socket, "Listen on a Unix socket", "PATH" },
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &options.database, "The server's database", "PATH" },
    { "tls-certificate", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_certificate,
      "Serve HTTPS with this certificate (PEM)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_key, "The certificate's key (PEM)", "FILE" },
    { "print-port", 0, 0, G_OPTION_ARG_NONE, &options.print_port,
      "Print the port once listening (for tests with port 0)", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— sync server for Callfloor desktops");
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autoptr (CfServer) server = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  CfServerLimits limits;
  SoupServer *soup;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
                                    "Commands:\n"
                                    "  init        create the database and its first supervisor\n"
                                    "  user        add, disable, change the password of, or list users\n");
  if (!g_option_context_parse (context, &argc, &argv, &error) || !read_config (&options, &error))
    {
      g_printerr ("callfloor-server: %s\n", error->message);
      return 2;
    }
  if (options.database == NULL)
    options.database = g_strdup ("/var/lib/callfloor/server.db");

  limits.max_body_bytes = options.max_body_bytes > 0 ? options.max_body_bytes
                                                      : CF_SERVER_DEFAULT_MAX_BODY;
  limits.token_idle_hours = options.token_idle_hours > 0 ? options.token_idle_hours : 12;
  limits.token_lifetime_days = options.token_lifetime_days > 0 ? options.token_lifetime_days : 7;
  limits.socket_timeout_seconds = options.socket_timeout_seconds > 0
                                    ? options.socket_timeout_seconds : 30;
  limits.live_ping_seconds = options.live_ping_seconds > 0 ? options.live_ping_seconds : 30;

  if (!g_file_test (options.database, G_FILE_TEST_EXISTS))
    {
      g_printerr ("callfloor-server: %s does not exist; create it with "
                  "“callfloor-server init --database %s”\n", options.database, options.database);
      return 1;
    }
  store = cf_store_open (options.database, CF_STORE_FLAGS_DURABLE, &error);
  if (store == NULL || (server = cf_server_new (store, &limits, &error)) == NULL)
    {
      g_printerr ("callfloor-server: %s\n", error->message);
      return 1;
    }
  soup = cf_server_get_soup (server);

  if ((options.tls_certificate != NULL) != (options.tls_key != NULL))
    {
      g_printerr ("callfloor-server: --tls-certificate and --tls-key go together\n");
      return 2;
    }
  if (options.tls_certificate != NULL)
    {
      g_autoptr (GTlsCertificate) certificate =
        g_tls_certificate_new_from_files (options.tls_certificate, options.tls_key, &error);

      if (certificate == NULL)
        {
          g_printerr ("callfloor-server: %s\n", error->message);
          return 1;
        }
      soup_server_set_tls_certificate (soup, certificate);
    }

  if (options.socket != NULL)
    {
      if (!listen_unix (soup, options.socket, &error))
        {
          g_printerr ("callfloor-server: %s: %s\n", options.socket, error->message);
          return 1;
        }
    }
  else
    {
      g_autoptr (GSocketAddress) address =
        parse_listen_address (options.listen != NULL ? options.listen : "127.0.0.1", &error);

      if (address == NULL ||
          !soup_server_listen (soup, address,
                               options.tls_certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0,
                               &error))
        {
          g_printerr ("callfloor-server: cannot listen on %s: %s\n",
                      options.listen != NULL ? options.listen : "127.0.0.1",
                      error->message);
          return 1;
        }
    }

  {
    GSList *uris = soup_server_get_uris (soup);

    for (GSList *l = uris; l != NULL; l = l->next)
      {
        g_autofree char *text = g_uri_to_string (l->data);

        g_message ("Listening on %s (database %s)", text, options.database);
        if (options.print_port)
          {
            g_print ("%d\n", g_uri_get_port (l->data));
            fflush (stdout);
          }
      }
    g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_quit_signal_cb, loop);
  g_unix_signal_add (SIGINT, on_quit_signal_cb, loop);
  g_main_loop_run (loop);
  g_message ("Stopping");

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");

  if (argc > 1 && g_str_equal (argv[1], "init"))
    return cf_server_admin_init (argc - 1, argv + 1);
  if (argc > 1 && g_str_equal (argv[1], "user"))
    return cf_server_admin_user (argc - 1, argv + 1);

  return serve (argc, argv);
}
