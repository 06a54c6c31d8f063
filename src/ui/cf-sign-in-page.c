/* cf-sign-in-page.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-sign-in-page"

#include "config.h"

#include "cf-sign-in-page.h"

#include <glib/gi18n.h>
#include <sodium.h>

#include "cf-context.h"
#include "cf-demo.h"
#include "cf-session.h"
#include "cf-signing.h"
#include "cf-store.h"
#include "cf-sync-codec.h"
#include "cf-sync-engine.h"
#include "cf-token-store.h"

/* Who is at the desk: creates the first supervisor of a new database, and
 * asks for user name and password at every later start.
 */
struct _CfSignInPage
{
  GtkWidget             parent_instance;

  /* Template widgets */
  AdwStatusPage        *status_page;
  AdwPreferencesGroup  *first_run_group;
  AdwEntryRow          *name_row;
  AdwEntryRow          *employee_no_row;
  AdwEntryRow          *login_row;
  AdwPasswordEntryRow  *password_row;
  AdwPasswordEntryRow  *confirm_row;
  GtkLabel             *message_label;
  GtkButton            *sign_in_button;
  GtkSpinner           *spinner;

  /* Owned references */
  CfContext            *context;
  CfSyncEngine         *engine;          /* NULL when this desktop works alone */
  GCancellable         *cancellable;
  char                 *server_password; /* kept only while signing in */

  guint                 countdown_id;
  guint                 first_run : 1;
  guint                 busy : 1;
  guint                 server_away : 1;
  guint                 server_untrusted : 1;
  guint                 ca_file_unusable : 1;
};

G_DEFINE_FINAL_TYPE (CfSignInPage, cf_sign_in_page, GTK_TYPE_WIDGET)

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
row_text (gpointer row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
has_text (gpointer row)
{
  g_autofree char *text = g_strstrip (g_strdup (row_text (row)));

  return text[0] != '\0';
}

static void
update_button (CfSignInPage *self)
{
  gboolean ready = has_text (self->login_row) && row_text (self->password_row)[0] != '\0';

  if (self->first_run)
    ready = ready && has_text (self->name_row) && has_text (self->employee_no_row) &&
            row_text (self->confirm_row)[0] != '\0';

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button),
                            ready && !self->busy && self->countdown_id == 0);
}

static void
show_message (CfSignInPage *self,
              const char   *message)
{
  gtk_label_set_text (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
set_busy (CfSignInPage *self,
          gboolean      busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  update_button (self);
}

static gboolean
countdown_cb (gpointer user_data)
{
  CfSignInPage *self = user_data;
  CfSession *session = cf_context_get_session (self->context);
  guint delay = cf_session_get_retry_delay (session);

  if (delay == 0)
    {
      self->countdown_id = 0;
      show_message (self, _("The user name or password is not correct. Try again."));
      update_button (self);
      return G_SOURCE_REMOVE;
    }

  {
    g_autofree char *message =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                    "The user name or password is not correct. "
                                    "You can try again in %u second.",
                                    "The user name or password is not correct. "
                                    "You can try again in %u seconds.",
                                    delay),
                       delay);
    show_message (self, message);
  }

  return G_SOURCE_CONTINUE;
}

/* After a wrong password the button waits, and says how long. */
static void
start_countdown (CfSignInPage *self)
{
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  if (cf_session_get_retry_delay (cf_context_get_session (self->context)) == 0)
    return;

  self->countdown_id = g_timeout_add_seconds (1, countdown_cb, self);
  countdown_cb (self);
  update_button (self);
}

static void
on_server_session_found_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr (CfSignInPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *token = cf_token_store_lookup_finish (result, &error);
  CfSession *session;

  if (token == NULL || self->engine == NULL)
    {
      if (error != NULL)
        g_debug ("No server session in the keyring: %s", error->message);
      return;
    }

  session = cf_context_get_session (self->context);
  if (cf_session_is_signed_in (session))
    cf_sync_engine_resume (self->engine, token, cf_session_get_user_id (session));
}

/* Signed in while the server was away: a session kept from an earlier
 * sign-in lets this desktop sync again when the server returns.
 */
static void
resume_server_session (CfSignInPage *self,
                       CfSession    *session)
{
  if (cf_sync_engine_get_token (self->engine) != NULL)
    return;

  cf_token_store_lookup_async (cf_sync_engine_get_server_url (self->engine),
                               cf_session_get_login (session), self->cancellable,
                               on_server_session_found_cb, g_object_ref (self));
}

static void
on_signed_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CfSession *session = CF_SESSION (object);
  g_autoptr (CfSignInPage) self = user_data;
  g_autoptr (GError) error = NULL;
  GSettings *settings;

  if (!cf_session_sign_in_finish (session, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      set_busy (self, FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      /* The server could not check the password: that is what to fix. */
      if (self->ca_file_unusable)
        show_message (self, _("The CA certificate file chosen in Preferences cannot be used, "
                              "so your password could not be checked with the server. Choose "
                              "the file again in Preferences, or clear it."));
      else if (self->server_untrusted)
        show_message (self, _("This desktop does not trust the server’s certificate, so your "
                              "password could not be checked with the server. If the call "
                              "center signs its server’s certificate itself, choose its CA "
                              "certificate in Preferences."));
      else
        show_message (self, error->message);
      if (!self->ca_file_unusable && !self->server_untrusted &&
          (g_error_matches (error, CF_SESSION_ERROR, CF_SESSION_ERROR_WRONG_PASSWORD) ||
           g_error_matches (error, CF_SESSION_ERROR, CF_SESSION_ERROR_TOO_SOON)))
        start_countdown (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  if (self->engine != NULL && self->server_away)
    resume_server_session (self, session);

  settings = cf_context_get_settings (self->context);
  if (settings != NULL)
    g_settings_set_string (settings, "last-user",
                           g_settings_get_boolean (settings, "remember-user")
                             ? cf_session_get_login (session) : "");

  set_busy (self, FALSE);
  show_message (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  g_signal_emit (self, signals[SIGNED_IN], 0);
}

static void
forget_server_password (CfSignInPage *self)
{
  if (self->server_password != NULL)
    sodium_memzero (self->server_password, strlen (self->server_password));
  g_clear_pointer (&self->server_password, g_free);
}

static void
sign_in_locally (CfSignInPage *self,
                 const char   *password)
{
  CfSession *session = cf_context_get_session (self->context);

  cf_session_sign_in_async (session, row_text (self->login_row), password,
                            self->cancellable, on_signed_in_cb, g_object_ref (self));
}

static void
on_verifier_cached_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (CfSignInPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *password = g_steal_pointer (&self->server_password);

  if (!cf_session_cache_verifier_finish (CF_SESSION (object), result, &error))
    g_debug ("Cannot keep a local verifier: %s", error->message);
  if (password == NULL)   /* cancelled meanwhile */
    return;

  sign_in_locally (self, password);
  sodium_memzero (password, strlen (password));
}

/* The user's signing keys as the server holds them, so that they can sign
 * here, offline too. Not having them only means signing waits.
 */
static void
keep_signing_keys (CfSignInPage *self)
{
  g_autoptr (GError) error = NULL;
  const char *public_key, *sealed_key;

  cf_sync_engine_get_signing_keys (self->engine, &public_key, &sealed_key);
  if (public_key == NULL || sealed_key == NULL)
    return;
  if (!cf_signing_install_keys (cf_context_get_store (self->context),
                                cf_sync_engine_get_user_id (self->engine), public_key, sealed_key,
                                &error))
    g_warning ("Cannot keep the signing keys: %s", error->message);
}

/* The server has accepted the password and this desktop has what the
 * server holds (unless @error says why not): keep a local verifier of the
 * password (made in a worker thread), so the same person can sign in here
 * while the server is away, and sign in.
 */
static void
finish_server_sign_in (CfSignInPage *self,
                       GError       *error)
{
  g_autofree char *password = NULL;

  if (cf_sync_engine_get_token (self->engine) != NULL)
    cf_token_store_save (cf_sync_engine_get_server_url (self->engine), row_text (self->login_row),
                         cf_sync_engine_get_token (self->engine));
  if (error == NULL)
    {
      keep_signing_keys (self);
      cf_session_cache_verifier_async (cf_context_get_session (self->context),
                                       cf_sync_engine_get_user_id (self->engine),
                                       self->server_password, self->cancellable,
                                       on_verifier_cached_cb, g_object_ref (self));
      return;
    }

  g_debug ("First sync failed: %s", error->message);
  password = g_steal_pointer (&self->server_password);
  sign_in_locally (self, password);
  sodium_memzero (password, strlen (password));
}

static void
on_first_sync_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (CfSignInPage) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!cf_sync_engine_sync_finish (CF_SYNC_ENGINE (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  finish_server_sign_in (self, error);
}

static void
stop_signing_in (CfSignInPage *self,
                 const char   *message)
{
  forget_server_password (self);
  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_message (self, message);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

/* Attaching a standalone database ------------------------------------------ */

static void
on_upload_progress (guint    done,
                    guint    total,
                    gpointer user_data)
{
  CfSignInPage *self = user_data;
  g_autofree char *message = NULL;

  /* translators: while a database is uploaded to the server */
  message = g_strdup_printf (_("Uploading this database: %u of %u records…"), done, total);
  show_message (self, message);
}

static void
on_attached_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (CfSignInPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (cf_sync_engine_attach_finish (CF_SYNC_ENGINE (object), result, NULL, &error))
    {
      show_message (self, NULL);
      finish_server_sign_in (self, NULL);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, CF_SYNC_ERROR, CF_SYNC_ERROR_OTHER_DATA))
    message = g_strdup (_("This server already holds another call center’s data, so this "
                          "database was not uploaded. Ask whoever runs the server, or clear the "
                          "server address in Preferences to keep working on this desktop alone."));
  else if (g_error_matches (error, CF_SYNC_ERROR, CF_SYNC_ERROR_FORBIDDEN))
    message = g_strdup (_("Only a supervisor can upload a database to the server. Sign in with "
                          "the server’s supervisor account."));
  else if (g_error_matches (error, CF_SYNC_ERROR, CF_SYNC_ERROR_REFUSED))
    /* translators: %s is the server's reason, naming the record */
    message = g_strdup_printf (_("The server refused the upload, and nothing was changed: %s"),
                               error->message);
  else
    message = g_strdup (_("The upload did not finish, and nothing was changed. Check the "
                          "connection to the server and sign in again to try once more."));
  stop_signing_in (self, message);
}

static void
on_upload_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       CfSignInPage     *self)
{
  if (!g_str_equal (response, "upload"))
    {
      stop_signing_in (self, _("This database was set up on this desktop alone. To work with "
                               "the server, sign in as the server’s supervisor and upload it, "
                               "or clear the server address in Preferences."));
      return;
    }

  show_message (self, _("Uploading this database…"));
  cf_sync_engine_attach_async (self->engine, on_upload_progress, self, self->cancellable,
                               on_attached_cb, g_object_ref (self));
}

/* A database used on its own meets a server for the first time: it can be
 * uploaded once, if the person is sure.
 */
static void
ask_to_upload (CfSignInPage *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Upload This Database to the Server?"),
                                   _("This database was set up on this desktop alone. Its "
                                     "staff, teams and accounts can be uploaded to the server "
                                     "once; from then on this desktop works with the server, "
                                     "and everyone keeps their password. A server that already "
                                     "holds another call center’s data refuses the upload."));
  gtk_widget_set_name (dialog, "upload-dialog");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "upload", _("_Upload"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "upload",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "upload");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_upload_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_server_signed_in_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr (CfSignInPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *user_id = NULL;

  user_id = cf_sync_engine_sign_in_finish (CF_SYNC_ENGINE (object), result, &error);
  if (user_id != NULL)
    {
      /* Bring this desktop up to date before the account is looked up. */
      cf_sync_engine_sync_async (CF_SYNC_ENGINE (object), self->cancellable, on_first_sync_cb,
                                 g_object_ref (self));
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, CF_SYNC_ERROR, CF_SYNC_ERROR_NETWORK) ||
      g_error_matches (error, CF_SYNC_ERROR, CF_SYNC_ERROR_SERVER) ||
      g_error_matches (error, CF_SYNC_ERROR, CF_SYNC_ERROR_UNTRUSTED) ||
      g_error_matches (error, CF_SYNC_ERROR, CF_SYNC_ERROR_CA_FILE))
    {
      g_autofree char *password = g_steal_pointer (&self->server_password);

      /* The server is away, or not trusted (the header then says why):
       * this desktop works on, with what it has.
       */
      self->server_away = TRUE;
      self->server_untrusted = g_error_matches (error, CF_SYNC_ERROR, CF_SYNC_ERROR_UNTRUSTED);
      self->ca_file_unusable = g_error_matches (error, CF_SYNC_ERROR, CF_SYNC_ERROR_CA_FILE);
      sign_in_locally (self, password);
      sodium_memzero (password, strlen (password));
      return;
    }

  if (g_error_matches (error, CF_SYNC_ERROR, CF_SYNC_ERROR_STANDALONE))
    {
      ask_to_upload (self);
      return;
    }

  if (g_error_matches (error, CF_SYNC_ERROR, CF_SYNC_ERROR_THROTTLED))
    stop_signing_in (self, _("Too many wrong passwords. Wait a few minutes before trying again."));
  else if (g_error_matches (error, CF_SYNC_ERROR, CF_SYNC_ERROR_WRONG_SERVER))
    stop_signing_in (self, _("This database belongs to another server. Open a new database "
                             "to use this server."));
  else
    stop_signing_in (self, _("The user name or password is not correct."));
}

static void
sign_in (CfSignInPage *self)
{
  set_busy (self, TRUE);
  show_message (self, NULL);
  self->server_away = FALSE;
  self->server_untrusted = FALSE;
  self->ca_file_unusable = FALSE;

  if (self->engine == NULL)
    {
      sign_in_locally (self, row_text (self->password_row));
      return;
    }

  forget_server_password (self);
  self->server_password = g_strdup (row_text (self->password_row));
  cf_sync_engine_sign_in_async (self->engine, row_text (self->login_row),
                                row_text (self->password_row), self->cancellable,
                                on_server_signed_in_cb, g_object_ref (self));
}

static void
create_first_supervisor (CfSignInPage *self)
{
  CfSession *session = cf_context_get_session (self->context);
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (row_text (self->name_row)));
  g_autofree char *employee_no = g_strstrip (g_strdup (row_text (self->employee_no_row)));
  g_autofree char *login = g_strstrip (g_strdup (row_text (self->login_row)));

  if (g_strcmp0 (row_text (self->password_row), row_text (self->confirm_row)) != 0)
    {
      show_message (self, _("The two passwords are not the same."));
      gtk_widget_grab_focus (GTK_WIDGET (self->confirm_row));
      return;
    }

  if (!cf_session_create_first_supervisor (session, name, employee_no, login,
                                           row_text (self->password_row), &error))
    {
      show_message (self, error->message);
      return;
    }

  self->first_run = FALSE;
  sign_in (self);
}

static void
on_sign_in_button_clicked_cb (CfSignInPage *self,
                              GtkButton    *button)
{
  g_assert (CF_IS_SIGN_IN_PAGE (self));

  if (!gtk_widget_get_sensitive (GTK_WIDGET (button)))
    return;

  if (self->first_run)
    create_first_supervisor (self);
  else
    sign_in (self);
}

static void
on_entry_changed_cb (CfSignInPage *self,
                     GtkEditable  *editable)
{
  update_button (self);
}

static void
on_login_row_activated_cb (CfSignInPage *self,
                           AdwEntryRow  *row)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
on_password_row_activated_cb (CfSignInPage *self,
                              AdwEntryRow  *row)
{
  on_sign_in_button_clicked_cb (self, self->sign_in_button);
}

static void
update_mode (CfSignInPage *self)
{
  /* With a server, accounts come from the server. */
  self->first_run = self->engine == NULL &&
                    cf_session_needs_first_supervisor (cf_context_get_session (self->context));

  gtk_widget_set_visible (GTK_WIDGET (self->first_run_group), self->first_run);
  gtk_widget_set_visible (GTK_WIDGET (self->confirm_row), self->first_run);

  if (self->first_run)
    {
      adw_status_page_set_title (self->status_page, _("Welcome to Callfloor"));
      adw_status_page_set_description (self->status_page,
                                       _("This database is new. Create the account of its "
                                         "first supervisor, who can then add everyone else."));
      gtk_button_set_label (self->sign_in_button, _("_Create Account"));
    }
  else
    {
      adw_status_page_set_title (self->status_page, _("Sign In"));
      adw_status_page_set_description (self->status_page,
                                       _("Everything you change is recorded under your name."));
      gtk_button_set_label (self->sign_in_button, _("_Sign In"));
    }
}

/* The last user name is filled in; the demo database fills in its
 * supervisor's password too, as the README says.
 */
static void
prefill (CfSignInPage *self)
{
  GSettings *settings = cf_context_get_settings (self->context);
  g_autofree char *demo = cf_store_get_meta (cf_context_get_store (self->context), "demo");
  g_autofree char *last_user = NULL;

  if (self->first_run)
    return;

  if (settings != NULL && g_settings_get_boolean (settings, "remember-user"))
    last_user = g_settings_get_string (settings, "last-user");

  if (g_strcmp0 (demo, "1") == 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->login_row), CF_DEMO_SUPERVISOR_LOGIN);
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), CF_DEMO_PASSWORD);
    }
  else if (last_user != NULL && last_user[0] != '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (self->login_row), last_user);
    }
}

static gboolean
cf_sign_in_page_grab_focus (GtkWidget *widget)
{
  CfSignInPage *self = CF_SIGN_IN_PAGE (widget);

  if (self->first_run)
    return gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  if (has_text (self->login_row) && row_text (self->password_row)[0] != '\0')
    return gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_button));
  if (has_text (self->login_row))
    return gtk_widget_grab_focus (GTK_WIDGET (self->password_row));

  return gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
}

static void
cf_sign_in_page_dispose (GObject *object)
{
  GtkWidget *child;
  CfSignInPage *self = (CfSignInPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  forget_server_password (self);
  g_clear_object (&self->engine);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_SIGN_IN_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cf_sign_in_page_parent_class)->dispose (object);
}

static void
cf_sign_in_page_class_init (CfSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_sign_in_page_dispose;
  widget_class->grab_focus = cf_sign_in_page_grab_focus;

  /**
   * CfSignInPage::signed-in:
   *
   * Emitted when a user has signed in through the page.
   */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/cf-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfSignInPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, CfSignInPage, first_run_group);
  gtk_widget_class_bind_template_child (widget_class, CfSignInPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, CfSignInPage, employee_no_row);
  gtk_widget_class_bind_template_child (widget_class, CfSignInPage, login_row);
  gtk_widget_class_bind_template_child (widget_class, CfSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, CfSignInPage, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, CfSignInPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, CfSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, CfSignInPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_login_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_row_activated_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cf_sign_in_page_init (CfSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

void
cf_sign_in_page_set_context (CfSignInPage *self,
                             CfContext    *context)
{
  g_return_if_fail (CF_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (CF_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  cf_sign_in_page_reset (self);
}

/* @engine: (nullable): the server to sign in to first, or %NULL */
void
cf_sign_in_page_set_engine (CfSignInPage *self,
                            CfSyncEngine *engine)
{
  g_return_if_fail (CF_IS_SIGN_IN_PAGE (self));

  g_set_object (&self->engine, engine);
  if (self->context != NULL)
    cf_sign_in_page_reset (self);
}

/* Back to an empty form, as after signing out. */
void
cf_sign_in_page_reset (CfSignInPage *self)
{
  g_return_if_fail (CF_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  show_message (self, NULL);
  update_mode (self);
  prefill (self);
  start_countdown (self);
  update_button (self);
}
