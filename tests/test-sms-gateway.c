/* test-sms-gateway.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SMS gateway a rush-repair order notifies people through, against a
 * real SoupServer on 127.0.0.1: the number and the text reach it
 * URL-encoded, Chinese and "+86" included; what it answers is recorded as
 * its status and the start of its body, cleaned; a gateway that does not
 * answer or cannot be reached is given up on within a short time; bad
 * templates and numbers are refused before anything is sent; and the
 * gateway's key, in the URL's query, is never logged.
 */

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "cf-sms-gateway.h"

#define KEY "s3cr3t-gateway-key"

typedef struct
{
  SoupServer        *server;
  char              *base;         /* http://127.0.0.1:PORT */
  guint              status;       /* what the handler answers */
  char              *body;
  gboolean           hold;         /* keep the request waiting */
  SoupServerMessage *held;
  guint              n_requests;
  char              *raw_query;    /* the last request's query, as sent */
  GHashTable        *params;       /* and decoded */
} Fixture;

/* The debug messages of the gateway's log domain, to look for the key. */
static GString *gateway_log;

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }
  if (g_strcmp0 (domain, "cf-sms-gateway") == 0 && message != NULL)
    {
      g_string_append (gateway_log, message);
      g_string_append_c (gateway_log, '\n');
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* The client gave up on the held request. */
static void
on_held_finished_cb (Fixture *f)
{
  f->held = NULL;
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Fixture *f = user_data;

  f->n_requests++;
  g_free (f->raw_query);
  f->raw_query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  g_clear_pointer (&f->params, g_hash_table_unref);
  if (query != NULL)
    f->params = g_hash_table_ref (query);

  if (f->hold)
    {
      soup_server_message_pause (msg);
      f->held = msg;
      g_signal_connect_swapped (msg, "finished", G_CALLBACK (on_held_finished_cb), f);
      return;
    }

  soup_server_message_set_status (msg, f->status, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY, f->body,
                                    strlen (f->body));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  GSList *uris;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, "/send", on_request_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  g_assert_nonnull (uris);
  f->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  f->status = SOUP_STATUS_OK;
  f->body = g_strdup ("OK");
  g_string_truncate (gateway_log, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->held != NULL)
    {
      soup_server_message_set_status (f->held, SOUP_STATUS_OK, NULL);
      soup_server_message_unpause (f->held);
    }
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->params, g_hash_table_unref);
  g_free (f->raw_query);
  g_free (f->body);
  g_free (f->base);
}

static CfSmsGateway *
new_gateway (Fixture *f)
{
  g_autofree char *url_template = g_strdup_printf ("%s/send?key=" KEY "&to={phone}&text={message}",
                                                   f->base);
  g_autoptr (GError) error = NULL;
  CfSmsGateway *gateway = cf_sms_gateway_new (url_template, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (cf_sms_gateway_get_host (gateway), ==, "127.0.0.1");
  g_assert_cmpuint (cf_sms_gateway_get_timeout (gateway), ==, CF_SMS_GATEWAY_TIMEOUT_SECONDS);

  return gateway;
}

typedef struct
{
  gboolean  done;
  char     *answer;
  guint     status;
  GError   *error;
} Sent;

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Sent *sent = user_data;

  sent->answer = cf_sms_gateway_send_finish (CF_SMS_GATEWAY (object), result, &sent->status,
                                             &sent->error);
  sent->done = TRUE;
}

/* Sends and waits for the outcome, at most @seconds. */
static void
send_and_wait (CfSmsGateway *gateway,
               const char   *phone,
               const char   *message,
               GCancellable *cancellable,
               Sent         *sent,
               guint         seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  cf_sms_gateway_send_async (gateway, phone, message, cancellable, on_sent_cb, sent);
  while (!sent->done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sent->done);
}

static void
sent_clear (Sent *sent)
{
  g_free (sent->answer);
  g_clear_error (&sent->error);
}

/* Templates that cannot work are refused, each with its reason, and never
 * quoted (they may carry a key).
 */
static void
test_bad_templates (void)
{
  static const char * const bad[] = {
    "",
    "https://sms.example.com/send?to=&text={message}",
    "https://sms.example.com/send?to={phone}&text=",
    "ftp://sms.example.com/send?to={phone}&text={message}",
    "sms.example.com/send?to={phone}&text={message}",
    "http:///send?to={phone}&text={message}",
    "https://{phone}.example.com/send?text={message}",
    "https://sms.example.com:{phone}/send?text={message}",
    "https://sms.example.com/send?to={phone}&text={message}&key=a b" KEY,
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (CfSmsGateway) gateway = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("template %u", i);
      g_assert_false (cf_sms_gateway_check_template (bad[i], &error));
      g_assert_error (error, CF_SMS_GATEWAY_ERROR, CF_SMS_GATEWAY_ERROR_TEMPLATE);
      g_assert_null (strstr (error->message, "example.com"));
      g_assert_null (strstr (error->message, KEY));
      g_clear_error (&error);
      g_assert_null (cf_sms_gateway_new (bad[i], &error));
      g_assert_error (error, CF_SMS_GATEWAY_ERROR, CF_SMS_GATEWAY_ERROR_TEMPLATE);
      g_clear_error (&error);
    }
  g_assert_false (cf_sms_gateway_check_template (NULL, &error));
  g_assert_error (error, CF_SMS_GATEWAY_ERROR, CF_SMS_GATEWAY_ERROR_TEMPLATE);
  g_clear_error (&error);

  gateway = cf_sms_gateway_new ("HTTPS://sms.example.com/v1/{phone}?key=" KEY "&text={message}",
                                &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_sms_gateway_get_host (gateway), ==, "sms.example.com");
}

/* Numbers as people type them: groups with spaces or hyphens, a + in
 * front; anything else is refused.
 */
static void
test_phone_numbers (void)
{
  static const struct
  {
    const char *typed;
    const char *sent;   /* NULL: refused */
  } numbers[] = {
    { "+8613912345678", "+8613912345678" },
    { "139 1234 5678", "13912345678" },
    { "+86-139-1234-5678", "+8613912345678" },
    { "12345", "12345" },
    { "+1234", "+1234" },
    { "12345678901234567890", "12345678901234567890" },
    { "1234", NULL },
    { "+123", NULL },
    { "123456789012345678901", NULL },
    { "139123x5678", NULL },
    { "++8613912345678", NULL },
    { "86+13912345678", NULL },
    { "139\n12345678", NULL },
    { "１３９１２３４５６７８", NULL },
    { "", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *sent = cf_sms_gateway_normalize_phone (numbers[i].typed, &error);

      g_test_message ("number %u", i);
      g_assert_cmpstr (sent, ==, numbers[i].sent);
      if (numbers[i].sent == NULL)
        g_assert_error (error, CF_SMS_GATEWAY_ERROR, CF_SMS_GATEWAY_ERROR_PHONE);
      else
        g_assert_no_error (error);
    }
}

/* A Chinese text and a +86 number reach the gateway intact: each
 * URL-encoded in the query, "+" as %2B so it is not read as a space; the
 * answer is recorded as its status and its body without control
 * characters; the key shows nowhere in the log, the host does.
 */
static void
test_sends_encoded (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (CfSmsGateway) gateway = new_gateway (f);
  const char *text = "抢修单：和平路光缆中断，请 30 分钟内到场 & 回电 +1";
  Sent sent = { FALSE };

  g_free (f->body);
  f->body = g_strdup ("queued\r\nid=42\x1b[0m\x07 \xe2\x80\xae" "done");
  send_and_wait (gateway, "+86 139-1234-5678", text, NULL, &sent, 10);

  g_assert_no_error (sent.error);
  g_assert_cmpuint (f->n_requests, ==, 1);
  g_assert_nonnull (f->params);
  g_assert_cmpstr (g_hash_table_lookup (f->params, "key"), ==, KEY);
  g_assert_cmpstr (g_hash_table_lookup (f->params, "to"), ==, "+8613912345678");
  g_assert_cmpstr (g_hash_table_lookup (f->params, "text"), ==, text);
  g_assert_true (g_str_has_prefix (f->raw_query, "key=" KEY "&to=%2B8613912345678&text=%E6%8A%A2"));
  g_assert_null (strchr (f->raw_query, ' '));
  g_assert_null (strstr (f->raw_query, "&回"));

  g_assert_cmpuint (sent.status, ==, 200);
  g_assert_cmpstr (sent.answer, ==, "HTTP 200: queued  id=42[0m done");

  g_assert_nonnull (strstr (gateway_log->str, "127.0.0.1"));
  g_assert_null (strstr (gateway_log->str, KEY));
  g_assert_null (strstr (gateway_log->str, "/send"));
  sent_clear (&sent);
}

/* A refusal is recorded like any answer: its status and the first 500
 * characters of what it said.
 */
static void
test_server_error (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (CfSmsGateway) gateway = new_gateway (f);
  g_autoptr (GString) body = g_string_new ("余额不足");
  g_autofree char *expected_body = NULL;
  Sent sent = { FALSE };

  for (guint i = 0; i < 300; i++)
    g_string_append (body, "错误x");
  g_free (f->body);
  f->body = g_strdup (body->str);
  f->status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  send_and_wait (gateway, "13912345678", "Rush repair", NULL, &sent, 10);

  g_assert_no_error (sent.error);
  g_assert_cmpuint (sent.status, ==, 500);
  g_assert_true (g_str_has_prefix (sent.answer, "HTTP 500: 余额不足错误x错误x"));
  expected_body = g_utf8_substring (body->str, 0, CF_SMS_GATEWAY_ANSWER_CHARS);
  g_assert_cmpstr (sent.answer + strlen ("HTTP 500: "), ==, expected_body);
  g_assert_cmpint (g_utf8_strlen (sent.answer, -1), ==,
                   strlen ("HTTP 500: ") + CF_SMS_GATEWAY_ANSWER_CHARS);
  sent_clear (&sent);

  /* An empty answer is its status alone. */
  g_free (f->body);
  f->body = g_strdup ("");
  f->status = SOUP_STATUS_NO_CONTENT;
  sent = (Sent) { FALSE };
  send_and_wait (gateway, "13912345678", "Rush repair", NULL, &sent, 10);
  g_assert_cmpstr (sent.answer, ==, "HTTP 204");
  g_assert_cmpuint (sent.status, ==, 204);
  sent_clear (&sent);
}

/* A gateway that takes the request and never answers is given up on when
 * the timeout passes, and that is what is recorded.
 */
static void
test_slow_gateway (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (CfSmsGateway) gateway = new_gateway (f);
  g_autofree char *expected = NULL;
  Sent sent = { FALSE };
  gint64 start, elapsed;

  cf_sms_gateway_set_timeout (gateway, 1);
  f->hold = TRUE;
  start = g_get_monotonic_time ();
  send_and_wait (gateway, "13912345678", "Rush repair", NULL, &sent, 10);
  elapsed = g_get_monotonic_time () - start;

  g_assert_no_error (sent.error);
  g_assert_cmpuint (f->n_requests, ==, 1);
  g_assert_cmpuint (sent.status, ==, 0);
  expected = g_strdup_printf ("no answer within %u s", 1);
  g_assert_cmpstr (sent.answer, ==, expected);
  g_assert_cmpint (elapsed, >=, G_USEC_PER_SEC * 9 / 10);
  g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);
  sent_clear (&sent);
}

/* Nothing listens at the gateway's port: "cannot connect", at once. */
static void
test_unreachable_gateway (void)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketAddress) any = NULL;
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (CfSmsGateway) gateway = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url_template = NULL;
  Sent sent = { FALSE };
  guint16 port;

  /* A port that was free a moment ago and is closed now. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  any = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  url_template = g_strdup_printf ("http://127.0.0.1:%u/send?key=" KEY "&to={phone}&text={message}",
                                  port);
  gateway = cf_sms_gateway_new (url_template, &error);
  g_assert_no_error (error);
  cf_sms_gateway_set_timeout (gateway, 2);
  send_and_wait (gateway, "13912345678", "Rush repair", NULL, &sent, 10);

  g_assert_no_error (sent.error);
  g_assert_cmpuint (sent.status, ==, 0);
  g_assert_cmpstr (sent.answer, ==, "cannot connect to 127.0.0.1");
  sent_clear (&sent);
}

/* A bad number or an empty text sends nothing; a cancelled send records
 * nothing.
 */
static void
test_refused_and_cancelled (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr (CfSmsGateway) gateway = new_gateway (f);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *url = NULL;
  g_autoptr (GError) error = NULL;
  Sent sent = { FALSE };

  send_and_wait (gateway, "139-CALL-ME", "Rush repair", NULL, &sent, 10);
  g_assert_error (sent.error, CF_SMS_GATEWAY_ERROR, CF_SMS_GATEWAY_ERROR_PHONE);
  g_assert_null (sent.answer);
  sent_clear (&sent);

  sent = (Sent) { FALSE };
  send_and_wait (gateway, "13912345678", "   ", NULL, &sent, 10);
  g_assert_error (sent.error, CF_SMS_GATEWAY_ERROR, CF_SMS_GATEWAY_ERROR_MESSAGE);
  sent_clear (&sent);
  g_assert_cmpuint (f->n_requests, ==, 0);

  url = cf_sms_gateway_build_url (gateway, "+86 139 1234 5678", " a+b ", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (url, "/send?key=" KEY "&to=%2B8613912345678&text=a%2Bb"));

  /* Cancelled while the gateway holds the request. */
  f->hold = TRUE;
  sent = (Sent) { FALSE };
  cf_sms_gateway_send_async (gateway, "13912345678", "Rush repair", cancellable, on_sent_cb,
                             &sent);
  while (f->n_requests == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  while (!sent.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (sent.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (sent.answer);
  sent_clear (&sent);
}

int
main (int   argc,
      char *argv[])
{
  gateway_log = g_string_new (NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sms-gateway/bad-templates", test_bad_templates);
  g_test_add_func ("/sms-gateway/phone-numbers", test_phone_numbers);
  g_test_add ("/sms-gateway/sends-encoded", Fixture, NULL, fixture_set_up, test_sends_encoded,
              fixture_tear_down);
  g_test_add ("/sms-gateway/server-error", Fixture, NULL, fixture_set_up, test_server_error,
              fixture_tear_down);
  g_test_add ("/sms-gateway/slow-gateway", Fixture, NULL, fixture_set_up, test_slow_gateway,
              fixture_tear_down);
  g_test_add_func ("/sms-gateway/unreachable-gateway", test_unreachable_gateway);
  g_test_add ("/sms-gateway/refused-and-cancelled", Fixture, NULL, fixture_set_up,
              test_refused_and_cancelled, fixture_tear_down);

  return g_test_run ();
}
