/* cf-sms-gateway.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-sms-gateway"

#include "config.h"

#include "cf-sms-gateway.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

/* Sends an SMS through the call center's SMS gateway, for the people a
 * rush-repair order notifies (DOMAIN.md, "Rush repair"). The gateway is an
 * HTTP or HTTPS URL template set in Preferences, such as
 *
 *   https://sms.example.com/send?key=SECRET&to={phone}&text={message}
 *
 * where {phone} and {message} are replaced by the URL-encoded number and
 * text, and fetched with GET: one request per person. What the gateway
 * answers is kept with the notification, as its HTTP status and the start
 * of its body, or what went wrong when no answer came, so that a shift lead
 * can later tell whether a message was taken.
 *
 * The template usually carries the gateway's key in its query: the URL is
 * never logged, only its host.
 */

struct _CfSmsGateway
{
  GObject      parent_instance;

  char        *url_template;
  char        *host;
  guint        timeout;       /* seconds, for the whole request */
  SoupSession *session;
};

G_DEFINE_FINAL_TYPE (CfSmsGateway, cf_sms_gateway, G_TYPE_OBJECT)

G_DEFINE_QUARK (cf-sms-gateway-error-quark, cf_sms_gateway_error)

#define PHONE_PLACEHOLDER   "{phone}"
#define MESSAGE_PLACEHOLDER "{message}"
#define PHONE_MIN_CHARS     5
#define PHONE_MAX_CHARS     20

/* The bytes of the answer read: enough for its first characters in any
 * script, with room for the control characters taken out.
 */
#define ANSWER_BYTES        (CF_SMS_GATEWAY_ANSWER_CHARS * 4 + 1024)

/* @url_template with each placeholder replaced by @phone and @message as
 * they are (the caller encodes them).
 */
static char *
expand (const char *url_template,
        const char *phone,
        const char *message)
{
  GString *url = g_string_new (NULL);
  const char *p = url_template;

  while (*p != '\0')
    {
      if (g_str_has_prefix (p, PHONE_PLACEHOLDER))
        {
          g_string_append (url, phone);
          p += strlen (PHONE_PLACEHOLDER);
        }
      else if (g_str_has_prefix (p, MESSAGE_PLACEHOLDER))
        {
          g_string_append (url, message);
          p += strlen (MESSAGE_PLACEHOLDER);
        }
      else
        {
          g_string_append_c (url, *p++);
        }
    }

  return g_string_free (url, FALSE);
}

static gboolean
template_error (GError     **error,
                const char  *message)
{
  g_set_error_literal (error, CF_SMS_GATEWAY_ERROR, CF_SMS_GATEWAY_ERROR_TEMPLATE, message);
  return FALSE;
}

/* Parses @url_template with stand-ins for its placeholders. */
static GUri *
parse_template (const char *url_template,
                const char *stand_in)
{
  g_autofree char *url = expand (url_template, stand_in, stand_in);

  return g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
}

/**
 * cf_sms_gateway_check_template:
 * @url_template: (nullable): the gateway's URL template, as set
 *
 * Checks that @url_template can be used: an http or https URL with a host,
 * with {phone} and {message} in its path or query.
 *
 * Returns: whether it can; %FALSE with @error set, in words for whoever
 *   set it, never quoting the URL (it may carry the gateway's key)
 */
gboolean
cf_sms_gateway_check_template (const char  *url_template,
                               GError     **error)
{
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GUri) other = NULL;
  const char *scheme;

  if (url_template == NULL || url_template[0] == '\0')
    return template_error (error, _("No SMS gateway URL is set."));
  /* Sent as it stands apart from the placeholders: a space or a byte
   * beyond ASCII would make a broken request.
   */
  for (const char *p = url_template; *p != '\0'; p++)
    {
      if ((guchar) *p <= ' ' || (guchar) *p >= 0x7f)
        return template_error (error, _("The SMS gateway URL may hold only printable ASCII "
                                        "characters, without spaces: encode others as %XX."));
    }
  if (strstr (url_template, PHONE_PLACEHOLDER) == NULL)
    return template_error (error, _("The SMS gateway URL needs {phone} where the phone number "
                                    "goes."));
  if (strstr (url_template, MESSAGE_PLACEHOLDER) == NULL)
    return template_error (error, _("The SMS gateway URL needs {message} where the text goes."));

  uri = parse_template (url_template, "0");
  if (uri == NULL)
    return template_error (error, _("The SMS gateway URL is not a valid URL."));
  scheme = g_uri_get_scheme (uri);
  if (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0)
    return template_error (error, _("The SMS gateway URL must start with http:// or "
                                    "https://."));
  if (g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    return template_error (error, _("The SMS gateway URL has no host name."));

  /* A placeholder in the host or the port would send each message to a
   * server the number or the text names.
   */
  other = parse_template (url_template, "1");
  if (other == NULL ||
      g_strcmp0 (g_uri_get_host (uri), g_uri_get_host (other)) != 0 ||
      g_uri_get_port (uri) != g_uri_get_port (other) ||
      g_strcmp0 (g_uri_get_userinfo (uri), g_uri_get_userinfo (other)) != 0)
    return template_error (error, _("{phone} and {message} belong in the path or the query of "
                                    "the SMS gateway URL, not in its host."));

  return TRUE;
}

/**
 * cf_sms_gateway_normalize_phone:
 * @phone: (nullable): a phone number as typed
 *
 * Spaces and hyphens people type between groups of digits are dropped;
 * what is left must be 5 to 20 characters: digits, with an optional +
 * in front.
 *
 * Returns: (transfer full): the number as sent, e.g. "+8613912345678";
 *   %NULL with @error set when @phone is not a phone number
 */
char *
cf_sms_gateway_normalize_phone (const char  *phone,
                                GError     **error)
{
  g_autoptr (GString) number = g_string_new (NULL);
  gboolean valid = phone != NULL;

  for (const char *p = phone; valid && *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '-')
        continue;
      if (g_ascii_isdigit (*p) || (*p == '+' && number->len == 0))
        g_string_append_c (number, *p);
      else
        valid = FALSE;
    }

  if (!valid || number->len < PHONE_MIN_CHARS || number->len > PHONE_MAX_CHARS)
    {
      g_set_error (error, CF_SMS_GATEWAY_ERROR, CF_SMS_GATEWAY_ERROR_PHONE,
                   /* translators: %s is what was typed as a phone number */
                   _("“%s” is not a phone number: use 5 to 20 digits, with an optional + in "
                     "front."),
                   phone != NULL ? phone : "");
      return NULL;
    }

  return g_string_free (g_steal_pointer (&number), FALSE);
}

/**
 * cf_sms_gateway_check_message:
 * @message: (nullable): the text to send
 *
 * Returns: whether @message can be sent: some text, at most
 *   %CF_SMS_GATEWAY_MESSAGE_CHARS characters; %FALSE with @error set
 */
gboolean
cf_sms_gateway_check_message (const char  *message,
                              GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (message != NULL ? message : ""));

  if (stripped[0] == '\0')
    {
      g_set_error_literal (error, CF_SMS_GATEWAY_ERROR, CF_SMS_GATEWAY_ERROR_MESSAGE,
                           _("Write the text of the SMS."));
      return FALSE;
    }
  if (!g_utf8_validate (stripped, -1, NULL) ||
      g_utf8_strlen (stripped, -1) > CF_SMS_GATEWAY_MESSAGE_CHARS)
    {
      g_set_error (error, CF_SMS_GATEWAY_ERROR, CF_SMS_GATEWAY_ERROR_MESSAGE,
                   /* translators: %u is a number of characters */
                   _("The text of the SMS is too long: at most %u characters."),
                   CF_SMS_GATEWAY_MESSAGE_CHARS);
      return FALSE;
    }

  return TRUE;
}

/* The answer as it is kept: valid UTF-8, without control characters (a
 * line break or tab becomes a space) or the invisible marks that reorder
 * text, its first CF_SMS_GATEWAY_ANSWER_CHARS characters.
 */
static char *
clean_answer (const guint8 *bytes,
              gsize         n_bytes)
{
  g_autofree char *valid = g_utf8_make_valid ((const char *) bytes, n_bytes);
  GString *clean = g_string_new (NULL);
  guint n_chars = 0;

  for (const char *p = valid; *p != '\0' && n_chars < CF_SMS_GATEWAY_ANSWER_CHARS;
       p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\r' || c == '\t')
        c = ' ';
      else if (g_unichar_iscntrl (c) || (c >= 0x202A && c <= 0x202E) ||
               (c >= 0x2066 && c <= 0x2069))
        continue;
      g_string_append_unichar (clean, c);
      n_chars++;
    }

  return g_strstrip (g_string_free (clean, FALSE));
}

/* Sending --------------------------------------------------------------------- */

typedef struct
{
  SoupMessage  *msg;
  GCancellable *cancellable;   /* the caller's cancellation, or the deadline */
  GCancellable *caller;
  gulong        caller_id;
  guint         deadline_id;
  gboolean      timed_out;
  GInputStream *body;
  guint8        buffer[ANSWER_BYTES];
  guint         status;
} Send;

static void
send_free (Send *send)
{
  if (send->caller != NULL)
    g_cancellable_disconnect (send->caller, send->caller_id);
  g_clear_object (&send->caller);
  g_clear_handle_id (&send->deadline_id, g_source_remove);
  g_clear_object (&send->cancellable);
  g_clear_object (&send->msg);
  g_clear_object (&send->body);
  g_free (send);
}

static void
on_caller_cancelled_cb (GCancellable *caller,
                        GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static gboolean
on_deadline_cb (gpointer user_data)
{
  Send *send = user_data;

  send->deadline_id = 0;
  send->timed_out = TRUE;
  g_cancellable_cancel (send->cancellable);

  return G_SOURCE_REMOVE;
}

/* Finishes @task with @answer, unless the caller gave up on it. */
static void
return_answer (GTask *task,
               char  *answer)
{
  CfSmsGateway *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_free (answer);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The SMS was not sent: cancelled");
      return;
    }

  g_debug ("SMS gateway %s: %s", self->host,
           send->status != 0 ? soup_status_get_phrase (send->status) : "no answer");
  g_task_return_pointer (task, answer, g_free);
}

static void
on_body_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Send *send = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *body = NULL;
  gsize n_read = 0;

  /* What came before a failure or the deadline is kept all the same. */
  g_input_stream_read_all_finish (G_INPUT_STREAM (object), result, &n_read, &error);
  g_input_stream_close_async (G_INPUT_STREAM (object), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  body = clean_answer (send->buffer, n_read);

  return_answer (task, body[0] != '\0' ? g_strdup_printf ("HTTP %u: %s", send->status, body)
                                       : g_strdup_printf ("HTTP %u", send->status));
}

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  CfSmsGateway *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  send->body = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (send->body == NULL)
    {
      /* The session's own timeout may come first. */
      if (send->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        {
          /* translators: what is recorded when an SMS gateway did not answer;
           * %u is a number of seconds
           */
          return_answer (task, g_strdup_printf (_("no answer within %u s"), self->timeout));
        }
      else
        {
          /* The message names the host, never the URL. */
          g_debug ("SMS gateway %s: %s", self->host, error->message);
          /* translators: what is recorded when an SMS gateway could not be
           * reached; %s is its host name
           */
          return_answer (task, g_strdup_printf (_("cannot connect to %s"), self->host));
        }
      return;
    }

  send->status = soup_message_get_status (send->msg);
  g_input_stream_read_all_async (send->body, send->buffer, sizeof send->buffer,
                                 G_PRIORITY_DEFAULT, send->cancellable, on_body_read_cb,
                                 g_steal_pointer (&task));
}

/* GObject ------------------------------------------------------------------- */

static void
cf_sms_gateway_finalize (GObject *object)
{
  CfSmsGateway *self = (CfSmsGateway *)object;

  g_clear_object (&self->session);
  g_free (self->url_template);
  g_free (self->host);

  G_OBJECT_CLASS (cf_sms_gateway_parent_class)->finalize (object);
}

static void
cf_sms_gateway_class_init (CfSmsGatewayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cf_sms_gateway_finalize;
}

static void
cf_sms_gateway_init (CfSmsGateway *self)
{
  self->timeout = CF_SMS_GATEWAY_TIMEOUT_SECONDS;
}

/* Public API ------------------------------------------------------------------ */

/**
 * cf_sms_gateway_new:
 * @url_template: the gateway's URL template (see
 *   cf_sms_gateway_check_template ())
 *
 * Returns: (transfer full): a gateway, or %NULL with @error set when
 *   @url_template cannot be used
 */
CfSmsGateway *
cf_sms_gateway_new (const char  *url_template,
                    GError     **error)
{
  g_autoptr (CfSmsGateway) self = NULL;
  g_autoptr (GUri) uri = NULL;

  if (!cf_sms_gateway_check_template (url_template, error))
    return NULL;

  self = g_object_new (CF_TYPE_SMS_GATEWAY, NULL);
  self->url_template = g_strdup (url_template);
  uri = parse_template (url_template, "0");
  self->host = g_strdup (g_uri_get_host (uri));
  /* The session's timeout backs up each request's deadline (see
   * cf_sms_gateway_set_timeout ()).
   */
  self->session = soup_session_new_with_options ("timeout", self->timeout + 1,
                                                 "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                                 NULL);

  return g_steal_pointer (&self);
}

/* Returns: the gateway's host name, which is all that may be shown of its URL */
const char *
cf_sms_gateway_get_host (CfSmsGateway *self)
{
  g_return_val_if_fail (CF_IS_SMS_GATEWAY (self), NULL);

  return self->host;
}

guint
cf_sms_gateway_get_timeout (CfSmsGateway *self)
{
  g_return_val_if_fail (CF_IS_SMS_GATEWAY (self), 0);

  return self->timeout;
}

/**
 * cf_sms_gateway_set_timeout:
 * @seconds: how long a gateway has to answer a request, in all
 */
void
cf_sms_gateway_set_timeout (CfSmsGateway *self,
                            guint         seconds)
{
  g_return_if_fail (CF_IS_SMS_GATEWAY (self));
  g_return_if_fail (seconds > 0);

  self->timeout = seconds;
  /* The deadline of each request is what counts; the session's own
   * timeout is only there should the deadline fail to stop a stuck read.
   */
  soup_session_set_timeout (self->session, seconds + 1);
}

/**
 * cf_sms_gateway_build_url:
 * @phone: a phone number (see cf_sms_gateway_normalize_phone ())
 * @message: the text
 *
 * Returns: (transfer full): the URL that sends @message to @phone, with
 *   both URL-encoded; %NULL with @error set when either cannot be sent.
 *   It carries the gateway's key: never log it.
 */
char *
cf_sms_gateway_build_url (CfSmsGateway  *self,
                          const char    *phone,
                          const char    *message,
                          GError       **error)
{
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;
  g_autofree char *escaped_number = NULL;
  g_autofree char *escaped_text = NULL;

  g_return_val_if_fail (CF_IS_SMS_GATEWAY (self), NULL);

  number = cf_sms_gateway_normalize_phone (phone, error);
  if (number == NULL || !cf_sms_gateway_check_message (message, error))
    return NULL;

  text = g_strstrip (g_strdup (message));
  /* Everything but the unreserved characters is escaped: "+" too, which a
   * query would otherwise read as a space.
   */
  escaped_number = g_uri_escape_string (number, NULL, FALSE);
  escaped_text = g_uri_escape_string (text, NULL, FALSE);

  return expand (self->url_template, escaped_number, escaped_text);
}

/**
 * cf_sms_gateway_send_async:
 * @phone: the number to text
 * @message: the text
 *
 * Asks the gateway to send @message to @phone: one GET request, given
 * cf_sms_gateway_get_timeout () seconds in all to answer.
 */
void
cf_sms_gateway_send_async (CfSmsGateway        *self,
                           const char          *phone,
                           const char          *message,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autofree char *url = NULL;
  Send *send;

  g_return_if_fail (CF_IS_SMS_GATEWAY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_sms_gateway_send_async);

  url = cf_sms_gateway_build_url (self, phone, message, &error);
  if (url != NULL)
    uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  send = g_new0 (Send, 1);
  g_task_set_task_data (task, send, (GDestroyNotify) send_free);
  send->msg = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  /* The gateway's own answer is what is recorded, a redirect included. */
  soup_message_add_flags (send->msg, SOUP_MESSAGE_NO_REDIRECT);
  send->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      send->caller = g_object_ref (cancellable);
      send->caller_id = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled_cb),
                                               g_object_ref (send->cancellable), g_object_unref);
    }
  /* To the millisecond: a timeout in whole seconds may come early. */
  send->deadline_id = g_timeout_add (self->timeout * 1000, on_deadline_cb, send);

  g_debug ("Sending an SMS through %s", self->host);
  soup_session_send_async (self->session, send->msg, G_PRIORITY_DEFAULT, send->cancellable,
                           on_sent_cb, g_steal_pointer (&task));
}

/**
 * cf_sms_gateway_send_finish:
 * @status: (out) (optional): the HTTP status the gateway answered with,
 *   or 0 when no answer came
 *
 * The answer to record with the notification: "HTTP 200: " and the start
 * of what the gateway said, or why no answer came ("no answer within
 * 15 s", "cannot connect to …"). A status from 200 to 299 means the
 * gateway took the message.
 *
 * Returns: (transfer full): the answer; %NULL with @error set when nothing
 *   was sent (@phone or @message refused, or cancelled)
 */
char *
cf_sms_gateway_send_finish (CfSmsGateway  *self,
                            GAsyncResult  *result,
                            guint         *status,
                            GError       **error)
{
  Send *send;

  g_return_val_if_fail (CF_IS_SMS_GATEWAY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  send = g_task_get_task_data (G_TASK (result));
  if (status != NULL)
    *status = send != NULL && !g_task_had_error (G_TASK (result)) ? send->status : 0;

  return g_task_propagate_pointer (G_TASK (result), error);
}
