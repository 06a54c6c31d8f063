/* cf-server-admin.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The operator's commands (docs/server.md, "First setup" and "Managing
 * users"):
 *
 *   callfloor-server init --database PATH [--name NAME] [--employee-no NO]
 *                         [--login LOGIN] [--password-stdin]
 *   callfloor-server user list    --database PATH
 *   callfloor-server user add     --database PATH [--login LOGIN] [--employee-no NO]
 *                                 [--name NAME] [--role ROLE] [--password-stdin]
 *   callfloor-server user disable --database PATH LOGIN
 *   callfloor-server user enable  --database PATH LOGIN
 *   callfloor-server user passwd  --database PATH LOGIN [--password-stdin]
 *
 * They work on the database file directly, as whoever holds it: every
 * change is an op of CF_SYSTEM_AUTHOR (the first supervisor's own, for
 * init), published to the change log in the same transaction so desktops
 * receive it like any other change. Details that are not given as options
 * are asked for on the terminal; passwords are never echoed, printed or
 * logged, and are wiped from memory once hashed.
 *
 * Exit status: 0 done, 1 failed, 2 wrong usage.
 */

#define G_LOG_DOMAIN "cf-server-admin"

#include "config.h"

#include "cf-server-admin.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>
#include <glib/gstdio.h>

#include "cf-authority.h"
#include "cf-op.h"
#include "cf-password.h"
#include "cf-registry.h"
#include "cf-session.h"
#include "cf-signing.h"
#include "cf-store.h"

#define EXIT_USAGE 2

/* The longest line read from the terminal or standard input, in bytes. */
#define MAX_LINE_BYTES 1024

/* What one command run holds: its name for messages and, once needed,
 * the terminal it asks on.
 */
typedef struct
{
  const char *command;       /* "callfloor-server user add" */
  FILE       *terminal;      /* /dev/tty, or NULL until asked on */
} Admin;

static void
admin_clear (Admin *admin)
{
  g_clear_pointer (&admin->terminal, fclose);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Admin, admin_clear)

/* A password or other secret text, wiped before it is freed. */
typedef char Secret;

static void
secret_free (Secret *secret)
{
  if (secret == NULL)
    return;

  sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Secret, secret_free)

/* The account a login names. */
typedef struct
{
  char     *user_id;
  char     *login;
  char     *name;
  char     *employee_no;
  gboolean  active;
  gboolean  staff_active;
} Account;

static void
account_free (Account *account)
{
  g_free (account->user_id);
  g_free (account->login);
  g_free (account->name);
  g_free (account->employee_no);
  g_free (account);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Account, account_free)

/* Errors and messages --------------------------------------------------------- */

/* Prints one line on stderr; an error of G_OPTION_ERROR (a missing or wrong
 * option, also raised here for details nobody can be asked for) is a usage
 * error, anything else a failure.
 */
static int
report_error (Admin  *admin,
              GError *error)
{
  g_printerr ("%s: %s\n", admin->command, error->message);

  return error->domain == G_OPTION_ERROR ? EXIT_USAGE : EXIT_FAILURE;
}

static int
usage_error (Admin      *admin,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static int
usage_error (Admin      *admin,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s (see --help)\n", admin->command, message);
  return EXIT_USAGE;
}

static char *
desktop_role_names (void)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) names = NULL;

  for (CfRole role = 0; role < CF_N_ROLES; role++)
    {
      if (cf_role_is_desktop (role))
        g_strv_builder_add (builder, cf_role_to_string (role));
    }
  names = g_strv_builder_end (builder);

  return g_strjoinv (", ", names);
}

/* Parses the options of one command; usage errors are reported here. */
static gboolean
parse_options (Admin               *admin,
               GOptionContext      *context,
               const GOptionEntry  *entries,
               int                 *argc,
               char              ***argv,
               int                  n_arguments,
               int                 *status)
{
  g_autoptr (GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = usage_error (admin, "%s", error->message);
      return FALSE;
    }
  if (*argc - 1 < n_arguments)
    {
      *status = usage_error (admin, "the user name (LOGIN) is missing");
      return FALSE;
    }
  if (*argc - 1 > n_arguments)
    {
      *status = usage_error (admin, "unexpected argument “%s”", (*argv)[1 + n_arguments]);
      return FALSE;
    }

  return TRUE;
}

/* Reading from the terminal and standard input -------------------------------- */

/* Reads one line without its line ending. The buffer is wiped, as the line
 * may be a password.
 */
static Secret *
read_line (FILE        *file,
           const char  *source,
           GError     **error)
{
  char buffer[MAX_LINE_BYTES + 2];
  gsize length;
  Secret *line;

  if (fgets (buffer, sizeof buffer, file) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "nothing was read from %s", source);
      return NULL;
    }

  length = strlen (buffer);
  if (length > 0 && buffer[length - 1] == '\n')
    buffer[--length] = '\0';
  else if (!feof (file))
    {
      sodium_memzero (buffer, sizeof buffer);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the line read from %s is longer than %d bytes", source, MAX_LINE_BYTES);
      return NULL;
    }
  if (length > 0 && buffer[length - 1] == '\r')
    buffer[--length] = '\0';

  if (!g_utf8_validate (buffer, length, NULL))
    {
      sodium_memzero (buffer, sizeof buffer);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "what was read from %s is not UTF-8 text", source);
      return NULL;
    }

  line = g_strndup (buffer, length);
  sodium_memzero (buffer, sizeof buffer);

  return line;
}

/* The controlling terminal, opened on first use; @what names the option
 * that would have made asking unnecessary.
 */
static FILE *
get_terminal (Admin       *admin,
              const char  *what,
              GError     **error)
{
  int fd;

  if (admin->terminal != NULL)
    return admin->terminal;

  fd = g_open ("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC, 0);
  if (fd >= 0)
    admin->terminal = fdopen (fd, "r+");
  if (admin->terminal == NULL)
    {
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "%s is missing and there is no terminal to ask for it on", what);
      return NULL;
    }

  return admin->terminal;
}

static void
terminal_print (FILE       *terminal,
                const char *text)
{
  fputs (text, terminal);
  fflush (terminal);
}

/* Asks until something other than blanks is typed. */
static char *
ask_text (Admin       *admin,
          const char  *prompt,
          const char  *option,
          GError     **error)
{
  FILE *terminal = get_terminal (admin, option, error);

  if (terminal == NULL)
    return NULL;

  for (;;)
    {
      g_autoptr (Secret) line = NULL;
      g_autofree char *question = g_strdup_printf ("%s: ", prompt);

      terminal_print (terminal, question);
      line = read_line (terminal, "the terminal", error);
      if (line == NULL)
        {
          terminal_print (terminal, "\n");
          return NULL;
        }
      if (g_strstrip (line)[0] != '\0')
        return g_strdup (line);
    }
}

/* An option's value, stripped, or what the operator types when it was not
 * given.
 */
static char *
option_or_ask (Admin       *admin,
               const char  *value,
               const char  *prompt,
               const char  *option,
               GError     **error)
{
  if (value != NULL)
    return g_strstrip (g_strdup (value));

  return ask_text (admin, prompt, option, error);
}

/* While echo is off, a signal that ends the program turns it on again. */
static struct termios echo_termios;
static volatile sig_atomic_t echo_fd = -1;
static const int echo_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

static void
on_signal_restore_echo (int signum)
{
  if (echo_fd >= 0)
    tcsetattr (echo_fd, TCSAFLUSH, &echo_termios);
  signal (signum, SIG_DFL);
  raise (signum);
}

static Secret *
ask_secret (FILE        *terminal,
            const char  *prompt,
            GError     **error)
{
  struct sigaction old_actions[G_N_ELEMENTS (echo_signals)];
  struct sigaction action = { 0 };
  struct termios quiet;
  int fd = fileno (terminal);
  Secret *line;

  if (tcgetattr (fd, &echo_termios) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "cannot turn off echo on the terminal: %s", g_strerror (saved_errno));
      return NULL;
    }

  action.sa_handler = on_signal_restore_echo;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (echo_signals); i++)
    sigaction (echo_signals[i], &action, &old_actions[i]);

  quiet = echo_termios;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  quiet.c_lflag |= ECHONL;
  echo_fd = fd;

  terminal_print (terminal, prompt);
  if (tcsetattr (fd, TCSAFLUSH, &quiet) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "cannot turn off echo on the terminal: %s", g_strerror (saved_errno));
      line = NULL;
    }
  else
    {
      line = read_line (terminal, "the terminal", error);
      tcsetattr (fd, TCSAFLUSH, &echo_termios);
      if (line == NULL)
        terminal_print (terminal, "\n");
    }

  echo_fd = -1;
  for (guint i = 0; i < G_N_ELEMENTS (echo_signals); i++)
    sigaction (echo_signals[i], &old_actions[i], NULL);

  return line;
}

/* The new password: the first line of standard input, or typed twice on
 * the terminal. It must be strong enough (cf_password_check_strength ()).
 */
static Secret *
read_new_password (Admin     *admin,
                   gboolean   from_stdin,
                   GError   **error)
{
  g_autoptr (Secret) password = NULL;

  if (from_stdin)
    {
      password = read_line (stdin, "standard input", error);
      if (password == NULL)
        return NULL;
    }
  else
    {
      g_autoptr (Secret) again = NULL;
      FILE *terminal = get_terminal (admin, "--password-stdin", error);

      if (terminal == NULL)
        return NULL;
      password = ask_secret (terminal, "Password: ", error);
      if (password == NULL)
        return NULL;
      if (!cf_password_check_strength (password, error))
        return NULL;
      again = ask_secret (terminal, "Password again: ", error);
      if (again == NULL)
        return NULL;
      if (!g_str_equal (password, again))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "the two passwords are not the same; nothing was changed");
          return NULL;
        }
    }

  if (!cf_password_check_strength (password, error))
    return NULL;

  return g_steal_pointer (&password);
}

/* The new password's hash, and in @user a new signing key pair sealed with
 * it (cf-signing.c): the operator never knows the old password, so a
 * password set here also replaces the key. Signatures made before are
 * checked against the key they were made with.
 */
static char *
hash_new_password (Admin       *admin,
                   gboolean     from_stdin,
                   JsonObject  *user,
                   GError     **error)
{
  g_autoptr (Secret) password = read_new_password (admin, from_stdin, error);

  if (password == NULL || !cf_signing_add_keys (user, password, error))
    return NULL;

  return cf_password_hash (password, error);
}

/* The store ---------------------------------------------------------------------- */

static gboolean
require_database (const char  *database,
                  GError     **error)
{
  if (database == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           "--database PATH is required");
      return FALSE;
    }

  return TRUE;
}

/* Opens a database made by init; a missing file is not created. */
static CfStore *
open_existing_store (const char  *database,
                     GError     **error)
{
  if (!g_file_test (database, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "“%s” does not exist; create it with "
                   "“callfloor-server init --database %s”", database, database);
      return NULL;
    }

  return cf_store_open (database, CF_STORE_FLAGS_DURABLE, error);
}

static gboolean
has_users (CfStore *store)
{
  return cf_store_count (store, "SELECT COUNT(*) FROM app_user") > 0;
}

static gboolean
validate_field (const char  *kind_name,
                const char  *field_name,
                const char  *value,
                GError     **error)
{
  const CfField *field = cf_kind_lookup_field (cf_registry_lookup (kind_name), field_name);
  g_autoptr (JsonNode) node = json_node_init_string (json_node_alloc (), value);

  g_assert (field != NULL);

  return cf_field_validate (field, node, error);
}

static Account *
lookup_account (CfStore     *store,
                const char  *login,
                GError     **error)
{
  g_autoptr (CfStatement) stmt = NULL;
  Account *account;
  int rc;

  stmt = cf_store_prepare (store,
                           "SELECT u.id, u.login, s.name, s.employee_no, u.active, s.active "
                           "FROM app_user u JOIN staff s ON s.id = u.staff "
                           "WHERE u.login = ? AND u.deleted = 0",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "there is no user “%s” (see “callfloor-server user list”)", login);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      cf_store_set_sqlite_error (store, rc, error);
      return NULL;
    }

  account = g_new0 (Account, 1);
  account->user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  account->login = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  account->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  account->employee_no = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  account->active = sqlite3_column_int (stmt, 4) != 0;
  account->staff_active = sqlite3_column_int (stmt, 5) != 0;

  return account;
}

/* Deletes every session token of @user_id: each desktop signed in as that
 * user must sign in again.
 */
static gboolean
sign_out_everywhere (CfStore     *store,
                     const char  *user_id,
                     guint       *n_signed_out,
                     GError     **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store, "DELETE FROM auth_token WHERE user_id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (store, rc, error);

  *n_signed_out = sqlite3_changes (cf_store_get_connection (store));
  return TRUE;
}

/* Applies @ops as CF_SYSTEM_AUTHOR, signs @sign_out_user_id out everywhere
 * (unless NULL) and publishes the ops to the change log, all in one
 * transaction.
 */
static gboolean
apply_and_publish (CfStore      *store,
                   CfOp * const *ops,
                   guint         n_ops,
                   const char   *sign_out_user_id,
                   guint        *n_signed_out,
                   GError      **error)
{
  if (!cf_store_begin (store, error))
    return FALSE;

  if (!cf_store_apply_system (store, ops, n_ops, error) ||
      (sign_out_user_id != NULL &&
       !sign_out_everywhere (store, sign_out_user_id, n_signed_out, error)) ||
      !cf_authority_publish_local_ops (store, error) ||
      !cf_store_commit (store, error))
    {
      cf_store_rollback (store);
      return FALSE;
    }

  return TRUE;
}

static const char *
sessions_text (guint n_sessions)
{
  return n_sessions == 1 ? "session" : "sessions";
}

/* init ----------------------------------------------------------------------------- */

static gboolean
create_first_supervisor (CfStore     *store,
                         const char  *name,
                         const char  *employee_no,
                         const char  *login,
                         const char  *password,
                         GError     **error)
{
  g_autoptr (CfSession) session = cf_session_new (store);

  if (!cf_store_begin (store, error))
    return FALSE;

  /* Checked again under the write lock: another init may have won. */
  if (has_users (store))
    {
      cf_store_rollback (store);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "“%s” is already initialised: it has users. "
                   "Add more with “callfloor-server user add”", cf_store_get_path (store));
      return FALSE;
    }

  if (!cf_session_create_first_supervisor (session, name, employee_no, login, password, error) ||
      !cf_authority_publish_local_ops (store, error) ||
      !cf_store_commit (store, error))
    {
      cf_store_rollback (store);
      return FALSE;
    }

  return TRUE;
}

int
cf_server_admin_init (int    argc,
                      char **argv)
{
  g_auto (Admin) admin = { "callfloor-server init", NULL };
  g_autofree char *database = NULL;
  g_autofree char *name_option = NULL;
  g_autofree char *employee_no_option = NULL;
  g_autofree char *login_option = NULL;
  gboolean password_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
      "The database to create (its folder too)", "PATH" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name_option, "The first supervisor's name", "NAME" },
    { "employee-no", 0, 0, G_OPTION_ARG_STRING, &employee_no_option,
      "The first supervisor's employee number", "NO" },
    { "login", 0, 0, G_OPTION_ARG_STRING, &login_option,
      "The first supervisor's user name", "LOGIN" },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      "Read the password from the first line of standard input", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context =
    g_option_context_new ("— create the database and its first supervisor");
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autoptr (Secret) password = NULL;
  g_autofree char *name = NULL;
  g_autofree char *employee_no = NULL;
  g_autofree char *login = NULL;
  gboolean existed;
  int status;

  g_set_prgname (admin.command);
  g_option_context_set_description (context,
                                    "Details not given as options are asked for on the terminal; "
                                    "so is the password,\ntwice, unless --password-stdin is given. "
                                    "There are no default accounts.\n");
  if (!parse_options (&admin, context, entries, &argc, &argv, 0, &status))
    return status;
  if (!require_database (database, &error))
    return report_error (&admin, error);

  /* An existing file is looked at before anything is asked; a new one is
   * created only once everything has been given.
   */
  existed = g_file_test (database, G_FILE_TEST_EXISTS);
  if (existed)
    {
      store = cf_store_open (database, CF_STORE_FLAGS_DURABLE, &error);
      if (store == NULL)
        return report_error (&admin, error);
      if (has_users (store))
        {
          g_printerr ("%s: “%s” is already initialised: it has users. "
                      "Add more with “callfloor-server user add”\n", admin.command, database);
          return EXIT_FAILURE;
        }
    }

  if ((name = option_or_ask (&admin, name_option, "Name", "--name", &error)) == NULL ||
      !validate_field ("staff", "name", name, &error) ||
      (employee_no = option_or_ask (&admin, employee_no_option, "Employee number",
                                    "--employee-no", &error)) == NULL ||
      !validate_field ("staff", "employee_no", employee_no, &error) ||
      (login = option_or_ask (&admin, login_option, "User name", "--login", &error)) == NULL ||
      !validate_field ("user", "login", login, &error) ||
      (password = read_new_password (&admin, password_stdin, &error)) == NULL)
    return report_error (&admin, error);

  if (store == NULL)
    {
      store = cf_store_open (database, CF_STORE_FLAGS_DURABLE, &error);
      if (store == NULL)
        return report_error (&admin, error);
    }

  if (!create_first_supervisor (store, name, employee_no, login, password, &error))
    return report_error (&admin, error);

  g_print ("%s the database %s.\n", existed ? "Initialised" : "Created", database);
  g_print ("First supervisor: %s (employee number %s), user name “%s”.\n",
           name, employee_no, login);
  g_print ("Add everyone else with “callfloor-server user add --database %s”.\n", database);

  return EXIT_SUCCESS;
}

/* user list ------------------------------------------------------------------------ */

/* Columns on a terminal: Chinese characters take two. */
static glong
display_width (const char *text)
{
  glong width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

static void
append_cell (GString    *line,
             const char *text,
             glong       width)
{
  g_string_append (line, text);
  for (glong i = display_width (text); i < width + 2; i++)
    g_string_append_c (line, ' ');
}

static int
user_list (Admin  *admin,
           int     argc,
           char  **argv)
{
  enum { LOGIN, NAME, EMPLOYEE_NO, ROLE, ACTIVE, N_COLUMNS };
  static const char *headings[N_COLUMNS] = {
    "USER NAME", "NAME", "EMPLOYEE NO", "ROLE", "ACTIVE",
  };
  g_autofree char *database = NULL;
  const GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database, "The server's database", "PATH" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— list the users");
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autoptr (CfStatement) stmt = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  glong widths[N_COLUMNS];
  int status;
  int rc;

  if (!parse_options (admin, context, entries, &argc, &argv, 0, &status))
    return status;
  if (!require_database (database, &error) ||
      (store = open_existing_store (database, &error)) == NULL)
    return report_error (admin, error);

  stmt = cf_store_prepare (store,
                           "SELECT u.login, s.name, s.employee_no, s.role, u.active, s.active "
                           "FROM app_user u JOIN staff s ON s.id = u.staff "
                           "WHERE u.deleted = 0 ORDER BY u.login",
                           &error);
  if (stmt == NULL)
    return report_error (admin, error);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char **row = g_new0 (char *, N_COLUMNS + 1);

      for (int i = LOGIN; i <= ROLE; i++)
        row[i] = g_strdup ((const char *) sqlite3_column_text (stmt, i));
      if (sqlite3_column_int (stmt, 4) == 0)
        row[ACTIVE] = g_strdup ("no");
      else if (sqlite3_column_int (stmt, 5) == 0)
        row[ACTIVE] = g_strdup ("no (staff member inactive)");
      else
        row[ACTIVE] = g_strdup ("yes");
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      cf_store_set_sqlite_error (store, rc, &error);
      return report_error (admin, error);
    }

  if (rows->len == 0)
    {
      g_print ("There are no users; create the first supervisor with "
               "“callfloor-server init --database %s”.\n", database);
      return EXIT_SUCCESS;
    }

  for (int i = 0; i < N_COLUMNS; i++)
    {
      widths[i] = display_width (headings[i]);
      for (guint r = 0; r < rows->len; r++)
        widths[i] = MAX (widths[i], display_width (((char **) rows->pdata[r])[i]));
    }

  for (guint r = 0; r <= rows->len; r++)
    {
      const char * const *cells = r == 0 ? headings : g_ptr_array_index (rows, r - 1);
      g_autoptr (GString) line = g_string_new (NULL);

      for (int i = 0; i < N_COLUMNS - 1; i++)
        append_cell (line, cells[i], widths[i]);
      g_string_append (line, cells[ACTIVE]);
      g_print ("%s\n", line->str);
    }

  return EXIT_SUCCESS;
}

/* user add -------------------------------------------------------------------------- */

typedef struct
{
  char     *id;
  char     *name;
  CfRole    role;
  gboolean  active;
  char     *login;       /* the account the staff member already has, or NULL */
} StaffMember;

static void
staff_member_free (StaffMember *member)
{
  g_free (member->id);
  g_free (member->name);
  g_free (member->login);
  g_free (member);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StaffMember, staff_member_free)

/* The staff member with @employee_no, or NULL (and no error) when there is
 * none.
 */
static StaffMember *
lookup_staff_member (CfStore     *store,
                     const char  *employee_no,
                     GError     **error)
{
  g_autoptr (StaffMember) member = NULL;
  int rc;

  {
    g_autoptr (CfStatement) stmt =
      cf_store_prepare (store,
                        "SELECT id, name, role, active FROM staff "
                        "WHERE employee_no = ? AND deleted = 0",
                        error);
    if (stmt == NULL)
      return NULL;
    sqlite3_bind_text (stmt, 1, employee_no, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_DONE)
      return NULL;
    if (rc != SQLITE_ROW)
      {
        cf_store_set_sqlite_error (store, rc, error);
        return NULL;
      }

    member = g_new0 (StaffMember, 1);
    member->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    member->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    if (!cf_role_from_string ((const char *) sqlite3_column_text (stmt, 2), &member->role))
      member->role = CF_ROLE_AGENT;
    member->active = sqlite3_column_int (stmt, 3) != 0;
  }

  {
    g_autoptr (CfStatement) stmt =
      cf_store_prepare (store,
                        "SELECT login FROM app_user WHERE staff = ? AND deleted = 0 LIMIT 1",
                        error);
    if (stmt == NULL)
      return NULL;
    sqlite3_bind_text (stmt, 1, member->id, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      member->login = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    else if (rc != SQLITE_DONE)
      {
        cf_store_set_sqlite_error (store, rc, error);
        return NULL;
      }
  }

  return g_steal_pointer (&member);
}

/* A role as given on the command line: its name or its label. Agents are
 * scheduled, not signed in: they cannot have an account.
 */
static gboolean
parse_desktop_role (const char  *text,
                    CfRole      *role,
                    GError     **error)
{
  g_autofree char *roles = desktop_role_names ();

  if (!cf_role_from_label (text, role))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "there is no role “%s”; use one of %s", text, roles);
      return FALSE;
    }
  if (!cf_role_is_desktop (*role))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "an agent cannot have an account; the roles that sign in are %s", roles);
      return FALSE;
    }

  return TRUE;
}

/* Checks that the account can be linked to an existing staff member. */
static gboolean
check_staff_member (StaffMember  *member,
                    const char   *employee_no,
                    const char   *name_option,
                    const char   *role_option,
                    GError      **error)
{
  g_autofree char *roles = desktop_role_names ();
  CfRole role;

  if (name_option != NULL)
    {
      g_autofree char *name = g_strstrip (g_strdup (name_option));

      if (!g_str_equal (name, member->name))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       "employee number %s belongs to %s, not %s; leave out --name to give "
                       "%s an account", employee_no, member->name, name, member->name);
          return FALSE;
        }
    }
  if (role_option != NULL && cf_role_from_label (role_option, &role) && role != member->role)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s (employee number %s) is %s, not %s; change the role in Callfloor, "
                   "or leave out --role", member->name, employee_no,
                   cf_role_to_string (member->role), cf_role_to_string (role));
      return FALSE;
    }
  if (!cf_role_is_desktop (member->role))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "%s (employee number %s) is an agent, and an agent cannot have an account; "
                   "the roles that sign in are %s", member->name, employee_no, roles);
      return FALSE;
    }
  if (!member->active)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s (employee number %s) is not active; make them active in Callfloor first",
                   member->name, employee_no);
      return FALSE;
    }
  if (member->login != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s (employee number %s) already has the account “%s”",
                   member->name, employee_no, member->login);
      return FALSE;
    }

  return TRUE;
}

static int
user_add (Admin  *admin,
          int     argc,
          char  **argv)
{
  g_autofree char *database = NULL;
  g_autofree char *login_option = NULL;
  g_autofree char *employee_no_option = NULL;
  g_autofree char *name_option = NULL;
  g_autofree char *role_option = NULL;
  gboolean password_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database, "The server's database", "PATH" },
    { "login", 0, 0, G_OPTION_ARG_STRING, &login_option, "The new user name", "LOGIN" },
    { "employee-no", 0, 0, G_OPTION_ARG_STRING, &employee_no_option,
      "The staff member's employee number", "NO" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name_option,
      "The name of a new staff member", "NAME" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_option,
      "The role of a new staff member", "ROLE" },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      "Read the password from the first line of standard input", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— add a desktop user");
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autoptr (StaffMember) member = NULL;
  g_autoptr (JsonObject) user = json_object_new ();
  g_autoptr (CfOp) create_staff = NULL;
  g_autoptr (CfOp) create_user = NULL;
  g_autofree char *roles = desktop_role_names ();
  g_autofree char *description = NULL;
  g_autofree char *login = NULL;
  g_autofree char *employee_no = NULL;
  g_autofree char *name = NULL;
  g_autofree char *hash = NULL;
  CfOp *ops[2];
  guint n_ops = 0;
  CfRole role = CF_ROLE_AGENT;
  int status;

  description = g_strdup_printf ("When a staff member with the employee number exists, the account "
                                 "is theirs;\notherwise a new staff member is made with --name "
                                 "and --role.\nRoles: %s.\n"
                                 "Details not given as options are asked for on the terminal; "
                                 "so is the password,\ntwice, unless --password-stdin is given.\n",
                                 roles);
  g_option_context_set_description (context, description);
  if (!parse_options (admin, context, entries, &argc, &argv, 0, &status))
    return status;
  if (!require_database (database, &error) ||
      (role_option != NULL && !parse_desktop_role (role_option, &role, &error)) ||
      (store = open_existing_store (database, &error)) == NULL)
    return report_error (admin, error);
  if (!has_users (store))
    {
      g_printerr ("%s: “%s” has no users yet; create the first supervisor with "
                  "“callfloor-server init --database %s”\n",
                  admin->command, database, database);
      return EXIT_FAILURE;
    }

  /* Everything is checked before the password is asked for. */
  if ((login = option_or_ask (admin, login_option, "User name", "--login", &error)) == NULL ||
      !validate_field ("user", "login", login, &error) ||
      !cf_store_check_unique (store, "user", "login", login, NULL, &error) ||
      (employee_no = option_or_ask (admin, employee_no_option, "Employee number",
                                    "--employee-no", &error)) == NULL ||
      !validate_field ("staff", "employee_no", employee_no, &error))
    return report_error (admin, error);

  member = lookup_staff_member (store, employee_no, &error);
  if (error != NULL)
    return report_error (admin, error);

  if (member != NULL)
    {
      if (!check_staff_member (member, employee_no, name_option, role_option, &error))
        return report_error (admin, error);
      name = g_strdup (member->name);
      role = member->role;
    }
  else
    {
      g_autoptr (JsonObject) staff = json_object_new ();
      g_autofree char *role_prompt = g_strdup_printf ("Role (%s)", roles);

      if ((name = option_or_ask (admin, name_option, "Name", "--name", &error)) == NULL ||
          !validate_field ("staff", "name", name, &error))
        return report_error (admin, error);
      if (role_option == NULL)
        {
          g_autofree char *role_text = ask_text (admin, role_prompt, "--role", &error);

          if (role_text == NULL || !parse_desktop_role (role_text, &role, &error))
            return report_error (admin, error);
        }

      json_object_set_string_member (staff, "employee_no", employee_no);
      json_object_set_string_member (staff, "name", name);
      json_object_set_string_member (staff, "role", cf_role_to_string (role));
      create_staff = cf_op_new_create ("staff", staff);
      ops[n_ops++] = create_staff;
    }

  hash = hash_new_password (admin, password_stdin, user, &error);
  if (hash == NULL)
    return report_error (admin, error);

  json_object_set_string_member (user, "staff",
                                 member != NULL ? member->id : cf_op_get_record_id (create_staff));
  json_object_set_string_member (user, "login", login);
  json_object_set_string_member (user, "password_hash", hash);
  create_user = cf_op_new_create ("user", user);
  ops[n_ops++] = create_user;

  if (!apply_and_publish (store, ops, n_ops, NULL, NULL, &error))
    return report_error (admin, error);

  g_print ("Added the user “%s” for %s%s (employee number %s, %s).\n",
           login, member != NULL ? "" : "the new staff member ", name, employee_no,
           cf_role_to_string (role));

  return EXIT_SUCCESS;
}

/* user disable, enable, passwd -------------------------------------------------- */

static int
user_set_active (Admin    *admin,
                 int       argc,
                 char    **argv,
                 gboolean  active)
{
  g_autofree char *database = NULL;
  const GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database, "The server's database", "PATH" },
    { NULL }
  };
  g_autoptr (GOptionContext) context =
    g_option_context_new (active ? "LOGIN — let a user sign in again"
                                 : "LOGIN — stop a user signing in; signs out all sessions");
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autoptr (Account) account = NULL;
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (CfOp) patch = NULL;
  guint n_signed_out = 0;
  int status;

  if (!parse_options (admin, context, entries, &argc, &argv, 1, &status))
    return status;
  if (!require_database (database, &error) ||
      (store = open_existing_store (database, &error)) == NULL ||
      (account = lookup_account (store, argv[1], &error)) == NULL)
    return report_error (admin, error);

  json_object_set_boolean_member (set, "active", active);
  patch = cf_op_new_patch ("user", account->user_id, set);
  if (!apply_and_publish (store, &patch, 1, active ? NULL : account->user_id, &n_signed_out,
                          &error))
    return report_error (admin, error);

  if (active)
    {
      g_print (account->active ? "“%s” was already enabled.\n" : "Enabled “%s”.\n",
               account->login);
      if (!account->staff_active)
        g_print ("%s (employee number %s) is not active as a staff member, so “%s” cannot sign "
                 "in until a supervisor makes them active in Callfloor.\n",
                 account->name, account->employee_no, account->login);
    }
  else if (account->active)
    {
      g_print ("Disabled “%s” and signed out its %u %s.\n",
               account->login, n_signed_out, sessions_text (n_signed_out));
    }
  else
    {
      g_print ("“%s” was already disabled; signed out its %u %s.\n",
               account->login, n_signed_out, sessions_text (n_signed_out));
    }

  return EXIT_SUCCESS;
}

static int
user_passwd (Admin  *admin,
             int     argc,
             char  **argv)
{
  g_autofree char *database = NULL;
  gboolean password_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database, "The server's database", "PATH" },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      "Read the password from the first line of standard input", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context =
    g_option_context_new ("LOGIN — set a new password; signs out all sessions");
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStore) store = NULL;
  g_autoptr (Account) account = NULL;
  g_autoptr (JsonObject) set = json_object_new ();
  g_autoptr (CfOp) patch = NULL;
  g_autofree char *hash = NULL;
  guint n_signed_out = 0;
  int status;

  if (!parse_options (admin, context, entries, &argc, &argv, 1, &status))
    return status;
  if (!require_database (database, &error) ||
      (store = open_existing_store (database, &error)) == NULL ||
      (account = lookup_account (store, argv[1], &error)) == NULL ||
      (hash = hash_new_password (admin, password_stdin, set, &error)) == NULL)
    return report_error (admin, error);

  json_object_set_string_member (set, "password_hash", hash);
  patch = cf_op_new_patch ("user", account->user_id, set);
  if (!apply_and_publish (store, &patch, 1, account->user_id, &n_signed_out, &error))
    return report_error (admin, error);

  g_print ("Changed the password of “%s” and signed out its %u %s.\n",
           account->login, n_signed_out, sessions_text (n_signed_out));

  return EXIT_SUCCESS;
}

/* user ------------------------------------------------------------------------------- */

static const struct
{
  const char *name;
  const char *summary;
} user_commands[] = {
  { "list",    "list the users" },
  { "add",     "add a desktop user" },
  { "disable", "stop a user signing in; signs out all sessions" },
  { "enable",  "let a disabled user sign in again" },
  { "passwd",  "set a user's new password; signs out all sessions" },
};

static void
print_user_help (FILE *file)
{
  fprintf (file,
           "Usage:\n"
           "  callfloor-server user COMMAND --database PATH [OPTION…]\n\n"
           "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (user_commands); i++)
    fprintf (file, "  %-9s %s\n", user_commands[i].name, user_commands[i].summary);
  fprintf (file, "\nSee “callfloor-server user COMMAND --help” for a command's options.\n");
}

int
cf_server_admin_user (int    argc,
                      char **argv)
{
  g_auto (Admin) admin = { "callfloor-server user", NULL };
  g_autofree char *command = NULL;
  const char *name = argc > 1 ? argv[1] : NULL;

  if (name == NULL)
    {
      g_printerr ("callfloor-server user: the command is missing\n");
      print_user_help (stderr);
      return EXIT_USAGE;
    }
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_user_help (stdout);
      return EXIT_SUCCESS;
    }

  command = g_strconcat ("callfloor-server user ", name, NULL);
  admin.command = command;
  g_set_prgname (command);

  /* From here the command's name is argv[0], as GOptionContext expects. */
  argc--;
  argv++;
  if (g_str_equal (name, "list"))
    return user_list (&admin, argc, argv);
  if (g_str_equal (name, "add"))
    return user_add (&admin, argc, argv);
  if (g_str_equal (name, "disable"))
    return user_set_active (&admin, argc, argv, FALSE);
  if (g_str_equal (name, "enable"))
    return user_set_active (&admin, argc, argv, TRUE);
  if (g_str_equal (name, "passwd"))
    return user_passwd (&admin, argc, argv);

  g_printerr ("callfloor-server user: there is no command “%s”; use list, add, disable, "
              "enable or passwd\n", name);
  return EXIT_USAGE;
}
