/* cf-sync-engine.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-sync-engine"

#include "config.h"

#include "cf-sync-engine.h"

#include <libsoup/soup.h>

#include "cf-replica.h"
#include "cf-store.h"
#include "cf-sync-codec.h"
#include "cf-uuid.h"

/* The desktop's sync engine, on the main loop with libsoup's async API:
 * push the signed-in user's pending ops in order, then pull the change
 * feed page by page. Every answer passes the strict JSON check before it
 * is read; nothing here blocks the UI.
 */
struct _CfSyncEngine
{
  GObject      parent_instance;

  CfStore     *store;
  SoupSession *session;
  char        *server_url;
  char        *ca_file;       /* NULL: the system's certificate authorities */
  GError      *trust_error;   /* why the server is not trusted, or NULL */

  char        *token;
  char        *user_id;
  char        *signing_public_key;   /* the signed-in user's keys, from the sign-in answer */
  char        *signing_sealed_key;
  char        *attach_server_id;  /* signed in with a standalone database */
  CfSyncState  state;

  /* Running on its own (cf_sync_engine_start) */
  gboolean                 running;
  gboolean                 connecting;
  gboolean                 syncing;
  gboolean                 again;
  guint                    failures;
  guint                    sync_id;
  guint                    watchdog_id;
  guint                    reconnect_id;
  guint                    ping_seconds;
  GCancellable            *cancellable;
  SoupWebsocketConnection *live;
};

G_DEFINE_FINAL_TYPE (CfSyncEngine, cf_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_CA_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define PAGE_SIZE       500
#define OPS_PER_PUSH    500

/* How soon a local change goes up, how often the feed is read without a
 * poke, and the longest wait between attempts while the server is away.
 */
#define PUSH_DELAY_MS       300
#define PERIODIC_SECONDS    60
#define MAX_BACKOFF_SECONDS 300

static void
set_state (CfSyncEngine *self,
           CfSyncState   state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* TLS ------------------------------------------------------------------------ */

/**
 * cf_sync_load_ca_file:
 * @path: a PEM file with the certificates of one or more certificate
 *   authorities, such as a call center's own
 *
 * Loads the certificate authorities to trust instead of the system's.
 *
 * Returns: (transfer full): the database, or %NULL with a
 *   %CF_SYNC_ERROR_CA_FILE error when the file cannot be read or holds no
 *   certificate
 */
GTlsDatabase *
cf_sync_load_ca_file (const char  *path,
                      GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  GTlsDatabase *database;

  g_return_val_if_fail (path != NULL, NULL);

  database = g_tls_file_database_new (path, &local_error);
  if (database == NULL)
    g_set_error (error, CF_SYNC_ERROR, CF_SYNC_ERROR_CA_FILE,
                 "the CA certificate file cannot be used: %s", local_error->message);

  return database;
}

/* A CA file was set and cannot be loaded: nothing is sent at all, rather
 * than to a server only the system's certificate authorities vouch for.
 */
static gboolean
ca_file_failed (CfSyncEngine *self)
{
  return g_error_matches (self->trust_error, CF_SYNC_ERROR, CF_SYNC_ERROR_CA_FILE);
}

/* A new session for each CA file, so no connection made while other
 * authorities were trusted is used again.
 */
static void
create_session (CfSyncEngine *self)
{
  g_autoptr (GTlsDatabase) database = NULL;
  g_autoptr (GError) error = NULL;

  g_clear_object (&self->session);
  g_clear_error (&self->trust_error);
  self->session = soup_session_new_with_options ("timeout", 30,
                                                 "user-agent", "Callfloor/" PACKAGE_VERSION,
                                                 NULL);
  if (self->ca_file == NULL)
    return;

  database = cf_sync_load_ca_file (self->ca_file, &error);
  if (database == NULL)
    {
      g_debug ("%s", error->message);
      self->trust_error = g_steal_pointer (&error);
      return;
    }
  soup_session_set_tls_database (self->session, database);
}

/* Requests ------------------------------------------------------------------- */

typedef struct
{
  SoupMessage *msg;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->msg);
  g_free (request);
}

/* The words of an error answer, `{ "error": code, "message": text }`. */
static const char *
server_message (JsonNode *node)
{
  const char *message = NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    message = json_object_get_string_member_with_default (json_node_get_object (node),
                                                          "message", NULL);

  return message != NULL ? message : "the server refused the request";
}

static void
on_request_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  CfSyncEngine *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  guint status;
  gsize length;
  const char *data;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  /* Only a new CA file clears a CA file's error, whatever a request made
   * before it was set answers.
   */
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    {
      if (!ca_file_failed (self))
        {
          g_clear_error (&self->trust_error);
          self->trust_error = g_error_new (CF_SYNC_ERROR, CF_SYNC_ERROR_UNTRUSTED,
                                           "the server's certificate is not trusted: %s",
                                           error->message);
          set_state (self, CF_SYNC_STATE_UNTRUSTED);
        }
      g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_UNTRUSTED,
                               "the server's certificate is not trusted: %s", error->message);
      return;
    }
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_state (self, CF_SYNC_STATE_OFFLINE);
      g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_NETWORK,
                               "the server cannot be reached: %s", error->message);
      return;
    }

  if (!ca_file_failed (self))
    g_clear_error (&self->trust_error);
  status = soup_message_get_status (request->msg);
  data = g_bytes_get_data (bytes, &length);
  node = cf_sync_parse (data != NULL ? data : "", length, NULL);

  switch (status)
    {
    case SOUP_STATUS_OK:
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_MALFORMED,
                                 "the server's answer is not valid");
      else
        g_task_return_pointer (task, g_steal_pointer (&node), (GDestroyNotify) json_node_unref);
      return;
    case SOUP_STATUS_UNAUTHORIZED:
      g_clear_pointer (&self->token, g_free);
      set_state (self, CF_SYNC_STATE_SIGNED_OUT);
      g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_UNAUTHORIZED,
                               "the server asks to sign in again");
      return;
    case 429:
      g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_THROTTLED,
                               "too many attempts; wait a moment");
      return;
    case SOUP_STATUS_GONE:
      g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_GONE,
                               "the replica must be rebuilt");
      return;
    case SOUP_STATUS_FORBIDDEN:
      g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_FORBIDDEN,
                               "%s", server_message (node));
      return;
    case SOUP_STATUS_CONFLICT:
      g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_OTHER_DATA,
                               "%s", server_message (node));
      return;
    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_REFUSED,
                               "%s", server_message (node));
      return;
    default:
      g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_SERVER,
                               "the server answered %u", status);
      return;
    }
}

static void
request_async (CfSyncEngine        *self,
               const char          *method,
               const char          *path,
               JsonNode            *body,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autofree char *uri = g_strconcat (self->server_url, path, NULL);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, request_async);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (ca_file_failed (self))
    {
      set_state (self, CF_SYNC_STATE_UNTRUSTED);
      g_task_return_error (task, g_error_copy (self->trust_error));
      return;
    }

  request->msg = soup_message_new (method, uri);
  if (request->msg == NULL)
    {
      g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_NETWORK,
                               "the server address is not valid");
      return;
    }
  if (self->token != NULL)
    {
      g_autofree char *header = g_strconcat ("Bearer ", self->token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (request->msg),
                                    "Authorization", header);
    }
  if (body != NULL)
    {
      g_autofree char *text = cf_sync_to_string (body);
      gsize length = strlen (text);
      g_autoptr (GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);

      soup_message_set_request_body_from_bytes (request->msg, "application/json", bytes);
    }

  soup_session_send_and_read_async (self->session, request->msg, G_PRIORITY_DEFAULT, cancellable,
                                    on_request_read_cb, g_steal_pointer (&task));
}

static JsonNode *
request_finish (CfSyncEngine  *self,
                GAsyncResult  *result,
                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Sign-in -------------------------------------------------------------------- */

static void
on_sign_in_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  CfSyncEngine *self = CF_SYNC_ENGINE (object);
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) reply = request_finish (self, result, &error);
  g_autofree char *known_server = NULL;
  JsonObject *object_reply;
  JsonObject *user;
  const char *token, *server_id, *user_id;

  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  object_reply = json_node_get_object (reply);
  token = json_object_get_string_member_with_default (object_reply, "token", NULL);
  server_id = json_object_get_string_member_with_default (object_reply, "server_id", NULL);
  user = json_object_get_object_member (object_reply, "user");
  user_id = user != NULL ? json_object_get_string_member_with_default (user, "id", NULL) : NULL;
  /* The user's own signing keys, sealed with their password; checked by
   * cf_signing_install_keys () when they are kept.
   */
  g_clear_pointer (&self->signing_public_key, g_free);
  g_clear_pointer (&self->signing_sealed_key, g_free);
  if (user != NULL)
    {
      self->signing_public_key =
        g_strdup (json_object_get_string_member_with_default (user, "public_key", NULL));
      self->signing_sealed_key =
        g_strdup (json_object_get_string_member_with_default (user, "sealed_secret_key", NULL));
    }
  if (token == NULL || !cf_uuid_is_valid (server_id) || !cf_uuid_is_valid (user_id))
    {
      g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_MALFORMED,
                               "the server's sign-in answer is not valid");
      return;
    }

  /* A replica follows one server only. */
  known_server = cf_store_get_meta (self->store, "server_id");
  if (known_server != NULL && !g_str_equal (known_server, server_id))
    {
      g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_WRONG_SERVER,
                               "this database belongs to another server");
      return;
    }
  /* A database made on its own has accounts the server does not know: it
   * can be uploaded to a new server once (cf_sync_engine_attach_async ()),
   * with this session, but it is not synced as it is.
   */
  if (known_server == NULL && cf_store_count (self->store, "SELECT COUNT(*) FROM app_user") > 0)
    {
      g_free (self->token);
      self->token = g_strdup (token);
      g_free (self->user_id);
      self->user_id = g_strdup (user_id);
      g_free (self->attach_server_id);
      self->attach_server_id = g_strdup (server_id);
      g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_STANDALONE,
                               "this database has accounts of its own");
      return;
    }
  if (known_server == NULL && !cf_store_set_meta (self->store, "server_id", server_id, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_free (self->token);
  self->token = g_strdup (token);
  g_free (self->user_id);
  self->user_id = g_strdup (user_id);
  g_task_return_pointer (task, g_strdup (user_id), g_free);
}

/**
 * cf_sync_engine_sign_in_async:
 *
 * Signs in to the server; the session is then used for every push and
 * pull until the server ends it.
 */
void
cf_sync_engine_sign_in_async (CfSyncEngine        *self,
                              const char          *login,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (CF_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_sync_engine_sign_in_async);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_set_member_name (builder, "device_id");
  json_builder_add_string_value (builder, cf_store_get_device_id (self->store));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  request_async (self, "POST", "/v1/auth/login", body, cancellable, on_sign_in_cb, task);
}

/* Returns: the signed-in user's id on the server */
char *
cf_sync_engine_sign_in_finish (CfSyncEngine  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Attaching a standalone database ------------------------------------------ */

#define RECORDS_PER_UPLOAD 500

typedef struct
{
  GPtrArray       *records;
  guint            next;
  guint            n_uploaded;
  CfSyncProgress   progress;
  gpointer         progress_data;
} Attach;

static void
attach_free (Attach *attach)
{
  g_clear_pointer (&attach->records, g_ptr_array_unref);
  g_free (attach);
}

static void send_upload_page (GTask *task);

static void
on_attached_synced_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!cf_sync_engine_sync_finish (CF_SYNC_ENGINE (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_upload_page_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CfSyncEngine *self = CF_SYNC_ENGINE (object);
  g_autoptr (GTask) task = user_data;
  Attach *attach = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) reply = request_finish (self, result, &error);
  GCancellable *cancellable;
  gint64 applied;

  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (attach->progress != NULL)
    attach->progress (attach->next, attach->records->len, attach->progress_data);
  if (attach->next < attach->records->len)
    {
      send_upload_page (g_steal_pointer (&task));
      return;
    }

  applied = json_object_get_int_member_with_default (json_node_get_object (reply), "applied", -1);
  if (applied < 0 || applied > attach->records->len)
    {
      g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_MALFORMED,
                               "the server's answer is not valid");
      return;
    }
  attach->n_uploaded = applied;

  /* The server has the records: from now on this database follows it. */
  if (!cf_replica_finish_attach (self->store, self->attach_server_id, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_pointer (&self->attach_server_id, g_free);
  cancellable = g_task_get_cancellable (task);
  cf_sync_engine_sync_async (self, cancellable, on_attached_synced_cb, g_steal_pointer (&task));
}

static void
send_upload_page (GTask *task)
{
  CfSyncEngine *self = g_task_get_source_object (task);
  Attach *attach = g_task_get_task_data (task);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) body = NULL;
  guint end = MIN (attach->next + RECORDS_PER_UPLOAD, attach->records->len);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "database_id");
  json_builder_add_string_value (builder, cf_store_get_device_id (self->store));
  json_builder_set_member_name (builder, "page");
  json_builder_add_int_value (builder, attach->next / RECORDS_PER_UPLOAD);
  json_builder_set_member_name (builder, "last");
  json_builder_add_boolean_value (builder, end == attach->records->len);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  for (guint i = attach->next; i < end; i++)
    json_builder_add_value (builder, json_node_init_object (json_node_alloc (),
                                                            attach->records->pdata[i]));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  attach->next = end;

  request_async (self, "POST", "/v1/sync/attach", body, g_task_get_cancellable (task),
                 on_upload_page_cb, task);
}

/**
 * cf_sync_engine_attach_async:
 * @progress: (nullable): called after each page the server took, with the
 *   records sent so far and the total
 *
 * After a sign-in answered %CF_SYNC_ERROR_STANDALONE: uploads this
 * database's records to the server, once, in pages, then follows the
 * server and reads everything back from it. The server refuses with
 * %CF_SYNC_ERROR_OTHER_DATA when it holds another call center's data,
 * %CF_SYNC_ERROR_FORBIDDEN when the user is not a supervisor and
 * %CF_SYNC_ERROR_REFUSED (naming the record) when a record breaks a rule;
 * then nothing was kept on either side and the database stays standalone.
 */
void
cf_sync_engine_attach_async (CfSyncEngine        *self,
                             CfSyncProgress       progress,
                             gpointer             progress_data,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  Attach *attach;

  g_return_if_fail (CF_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_sync_engine_attach_async);
  if (self->attach_server_id == NULL || self->token == NULL)
    {
      g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_UNAUTHORIZED,
                               "sign in to the server first");
      return;
    }

  attach = g_new0 (Attach, 1);
  attach->progress = progress;
  attach->progress_data = progress_data;
  g_task_set_task_data (task, attach, (GDestroyNotify) attach_free);
  attach->records = cf_replica_snapshot (self->store, &error);
  if (attach->records == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  send_upload_page (g_steal_pointer (&task));
}

gboolean
cf_sync_engine_attach_finish (CfSyncEngine  *self,
                              GAsyncResult  *result,
                              guint         *n_uploaded,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (n_uploaded != NULL)
    *n_uploaded = ((Attach *) g_task_get_task_data (G_TASK (result)))->n_uploaded;

  return TRUE;
}

/* Sync ----------------------------------------------------------------------- */

typedef struct
{
  GPtrArray *ops;
  guint      rebuilds;
  guint      pushes_without_progress;
  gboolean   ended;       /* answered, while the next page may still be on its way */
} Sync;

static void
sync_free (Sync *sync)
{
  g_clear_pointer (&sync->ops, g_ptr_array_unref);
  g_free (sync);
}

static void pull (GTask *task);
static void push (GTask *task);

/* Each step of a sync owns the task's reference and passes it on; failing
 * ends the chain.
 */
static void
fail (GTask  *task,
      GError *error)
{
  CfSyncEngine *self = g_task_get_source_object (task);
  Sync *sync = g_task_get_task_data (task);

  sync->ended = TRUE;
  if (self->state == CF_SYNC_STATE_SYNCING)
    set_state (self, CF_SYNC_STATE_OFFLINE);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void request_page (GTask      *task,
                          const char *cursor);

static void
on_pulled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CfSyncEngine *self = CF_SYNC_ENGINE (object);
  g_autoptr (GTask) task = user_data;
  Sync *sync = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) reply = request_finish (self, result, &error);
  JsonObject *page;
  JsonNode *changes;
  const char *cursor;
  gboolean has_more;

  if (sync->ended)
    return;

  if (reply == NULL)
    {
      /* 410: start the replica again from the beginning, keeping the
       * outbox and the conflicts.
       */
      if (g_error_matches (error, CF_SYNC_ERROR, CF_SYNC_ERROR_GONE) && sync->rebuilds++ == 0)
        {
          g_clear_error (&error);
          if (!cf_replica_forget_cursor (self->store, &error))
            return fail (g_steal_pointer (&task), g_steal_pointer (&error));
          return pull (g_steal_pointer (&task));
        }
      return fail (g_steal_pointer (&task), g_steal_pointer (&error));
    }

  page = json_node_get_object (reply);
  changes = json_object_get_member (page, "changes");
  cursor = json_object_get_string_member_with_default (page, "cursor", NULL);
  if (changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes) || cursor == NULL)
    return fail (g_steal_pointer (&task),
                 g_error_new (CF_SYNC_ERROR, CF_SYNC_ERROR_MALFORMED,
                              "the change feed's answer is not valid"));

  /* The server makes the next page while this one is applied here; should
   * this one fail, the next is dropped and asked for again next time.
   */
  has_more = json_object_get_boolean_member_with_default (page, "has_more", FALSE);
  if (has_more)
    request_page (g_object_ref (task), cursor);

  if (!cf_replica_apply_changes (self->store, json_node_get_array (changes), cursor, &error))
    return fail (g_steal_pointer (&task), g_steal_pointer (&error));
  if (has_more)
    return;

  sync->ended = TRUE;
  set_state (self, CF_SYNC_STATE_SYNCED);
  g_task_return_boolean (task, TRUE);
}

/* Asks for the page after @cursor; @task is the request's to keep. */
static void
request_page (GTask      *task,
              const char *cursor)
{
  CfSyncEngine *self = g_task_get_source_object (task);
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  if (cursor != NULL && cursor[0] != '\0')
    escaped = g_uri_escape_string (cursor, NULL, FALSE);
  path = g_strdup_printf ("/v1/sync/changes?limit=%d%s%s", PAGE_SIZE,
                          escaped != NULL ? "&since=" : "", escaped != NULL ? escaped : "");

  request_async (self, "GET", path, NULL, g_task_get_cancellable (task), on_pulled_cb, task);
}

static void
pull (GTask *task)
{
  CfSyncEngine *self = g_task_get_source_object (task);
  g_autofree char *cursor = cf_replica_get_cursor (self->store);

  request_page (task, cursor);
}

static void
on_pushed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CfSyncEngine *self = CF_SYNC_ENGINE (object);
  g_autoptr (GTask) task = user_data;
  Sync *sync = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) reply = request_finish (self, result, &error);
  g_autoptr (GPtrArray) answers = NULL;
  JsonNode *results;
  JsonArray *array;
  gboolean progress = FALSE;

  if (reply == NULL)
    return fail (g_steal_pointer (&task), g_steal_pointer (&error));

  results = json_object_get_member (json_node_get_object (reply), "results");
  if (results == NULL || !JSON_NODE_HOLDS_ARRAY (results) ||
      json_array_get_length (json_node_get_array (results)) != sync->ops->len)
    return fail (g_steal_pointer (&task),
                 g_error_new (CF_SYNC_ERROR, CF_SYNC_ERROR_MALFORMED,
                              "the push answer does not match the ops sent"));

  array = json_node_get_array (results);
  answers = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_result_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      CfOpResult *answer = JSON_NODE_HOLDS_OBJECT (node)
                             ? cf_op_result_from_json (json_node_get_object (node), NULL) : NULL;

      if (answer == NULL)
        return fail (g_steal_pointer (&task),
                     g_error_new (CF_SYNC_ERROR, CF_SYNC_ERROR_MALFORMED,
                                  "an answer in the push is not valid"));
      progress = progress || answer->status != CF_OP_RESULT_RETRY;
      g_ptr_array_add (answers, answer);
    }

  if (!cf_replica_record_answers (self->store, sync->ops, answers, &error))
    return fail (g_steal_pointer (&task), g_steal_pointer (&error));

  /* Ops the server wants again are resent in order; a server that keeps
   * refusing to move on is an error, not a loop.
   */
  sync->pushes_without_progress = progress ? 0 : sync->pushes_without_progress + 1;
  if (sync->pushes_without_progress > 2)
    return fail (g_steal_pointer (&task),
                 g_error_new (CF_SYNC_ERROR, CF_SYNC_ERROR_SERVER,
                              "the server does not accept the ops in order"));

  push (g_steal_pointer (&task));
}

static void
push (GTask *task)
{
  CfSyncEngine *self = g_task_get_source_object (task);
  Sync *sync = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autofree char *device_id = NULL;

  g_clear_pointer (&sync->ops, g_ptr_array_unref);
  sync->ops = cf_replica_pending_ops (self->store, self->user_id, OPS_PER_PUSH, &error);
  if (sync->ops == NULL)
    return fail (task, g_steal_pointer (&error));
  if (sync->ops->len == 0)
    return pull (task);

  device_id = cf_replica_device_id (self->store, self->user_id);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "device_id");
  json_builder_add_string_value (builder, device_id);
  json_builder_set_member_name (builder, "ops");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sync->ops->len; i++)
    json_builder_add_value (builder, cf_sync_op_to_json (sync->ops->pdata[i]));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  request_async (self, "POST", "/v1/sync/push", body, g_task_get_cancellable (task),
                 on_pushed_cb, task);
}

/**
 * cf_sync_engine_sync_async:
 *
 * Pushes the signed-in user's pending ops, then pulls the change feed
 * until it is caught up.
 */
void
cf_sync_engine_sync_async (CfSyncEngine        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CF_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_sync_engine_sync_async);
  g_task_set_task_data (task, g_new0 (Sync, 1), (GDestroyNotify) sync_free);

  if (ca_file_failed (self))
    {
      set_state (self, CF_SYNC_STATE_UNTRUSTED);
      g_task_return_error (task, g_error_copy (self->trust_error));
      g_object_unref (task);
      return;
    }
  if (self->token == NULL)
    {
      /* Signed in on this desktop alone because the server was not trusted. */
      set_state (self, self->trust_error != NULL ? CF_SYNC_STATE_UNTRUSTED
                                                 : CF_SYNC_STATE_SIGNED_OUT);
      g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_UNAUTHORIZED,
                               "sign in to the server first");
      g_object_unref (task);
      return;
    }

  set_state (self, CF_SYNC_STATE_SYNCING);
  push (task);
}

gboolean
cf_sync_engine_sync_finish (CfSyncEngine  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Running on its own ------------------------------------------------------- */

static void schedule_sync (CfSyncEngine *self, guint delay_ms);
static void connect_live (CfSyncEngine *self);

/* 1, 2, 4 … seconds up to five minutes, with up to half again at random so
 * desktops that lost the server together do not return together.
 */
static guint
backoff_ms (guint failures)
{
  guint seconds = MIN (1u << MIN (failures, 9u), MAX_BACKOFF_SECONDS);

  return seconds * 1000 + g_random_int_range (0, seconds * 500 + 1);
}

static void
on_auto_synced_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CfSyncEngine *self = CF_SYNC_ENGINE (object);
  g_autoptr (GError) error = NULL;

  self->syncing = FALSE;
  if (cf_sync_engine_sync_finish (self, result, &error))
    {
      self->failures = 0;
      schedule_sync (self, self->again ? 0 : PERIODIC_SECONDS * 1000);
      self->again = FALSE;
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->running)
    {
      /* Stopped and started again while this sync ran: the new run's
       * first sync waited for this one to end.
       */
      if (self->running && self->again)
        {
          self->again = FALSE;
          schedule_sync (self, 0);
        }
      return;
    }
  g_debug ("Sync failed: %s", error->message);
  if (g_error_matches (error, CF_SYNC_ERROR, CF_SYNC_ERROR_UNAUTHORIZED))
    return;

  self->failures++;
  schedule_sync (self, backoff_ms (self->failures));
}

static gboolean
on_sync_timeout_cb (gpointer user_data)
{
  CfSyncEngine *self = user_data;

  self->sync_id = 0;
  if (self->syncing)
    {
      self->again = TRUE;
      return G_SOURCE_REMOVE;
    }

  self->syncing = TRUE;
  cf_sync_engine_sync_async (self, self->cancellable, on_auto_synced_cb, NULL);
  if (self->live == NULL && self->reconnect_id == 0)
    connect_live (self);

  return G_SOURCE_REMOVE;
}

/* A sync is due in @delay_ms, or sooner if one is due sooner already. */
static void
schedule_sync (CfSyncEngine *self,
               guint         delay_ms)
{
  if (!self->running)
    return;
  /* Whatever asked for a sync during one gets another right after it:
   * a change made while a pull runs must not wait for the next minute.
   */
  if (self->syncing)
    {
      self->again = TRUE;
      return;
    }

  g_clear_handle_id (&self->sync_id, g_source_remove);
  self->sync_id = g_timeout_add (delay_ms, on_sync_timeout_cb, self);
}

/* Pushed soon after each local change; pulls alone do not push. */
static void
on_store_changed_cb (CfSyncEngine      *self,
                     const char        *kind,
                     const char * const *ids,
                     CfStore           *store)
{
  if (cf_replica_count_pending (self->store) > 0)
    schedule_sync (self, PUSH_DELAY_MS);
}

static void
drop_live (CfSyncEngine *self)
{
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  self->ping_seconds = 0;
  if (self->live != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->live, self);
      if (soup_websocket_connection_get_state (self->live) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->live, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->live);
    }
}

static gboolean
on_reconnect_cb (gpointer user_data)
{
  CfSyncEngine *self = user_data;

  self->reconnect_id = 0;
  connect_live (self);
  return G_SOURCE_REMOVE;
}

static void
reconnect_later (CfSyncEngine *self)
{
  drop_live (self);
  if (self->running && self->reconnect_id == 0)
    self->reconnect_id = g_timeout_add (backoff_ms (self->failures + 1), on_reconnect_cb, self);
}

/* Nothing heard for two and a half heartbeats: the connection is dead
 * even if the socket does not know it yet.
 */
static gboolean
on_watchdog_cb (gpointer user_data)
{
  CfSyncEngine *self = user_data;

  self->watchdog_id = 0;
  g_debug ("No heartbeat from the server; reconnecting");
  reconnect_later (self);
  schedule_sync (self, 0);
  return G_SOURCE_REMOVE;
}

static void
reset_watchdog (CfSyncEngine *self)
{
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  if (self->ping_seconds > 0)
    self->watchdog_id = g_timeout_add (self->ping_seconds * 2500, on_watchdog_cb, self);
}

static void
on_live_message_cb (SoupWebsocketConnection *connection,
                    int                      type,
                    GBytes                  *message,
                    CfSyncEngine            *self)
{
  g_autoptr (JsonNode) node = NULL;
  JsonObject *object;
  const char *what;
  gsize length;
  const char *data = g_bytes_get_data (message, &length);

  node = cf_sync_parse (data != NULL ? data : "", length, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  object = json_node_get_object (node);
  what = json_object_get_string_member_with_default (object, "t", "");

  if (g_str_equal (what, "hello"))
    self->ping_seconds = (guint) CLAMP (json_object_get_int_member_with_default (object, "ping", 30),
                                        1, 3600);
  else if (g_str_equal (what, "poke"))
    schedule_sync (self, 0);

  reset_watchdog (self);
}

static void
on_live_closed_cb (SoupWebsocketConnection *connection,
                   CfSyncEngine            *self)
{
  reconnect_later (self);
}

static void
on_live_connected_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  CfSyncEngine *self = user_data;
  g_autoptr (GError) error = NULL;
  SoupWebsocketConnection *connection;

  self->connecting = FALSE;
  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (connection != NULL && SOUP_SESSION (object) != self->session)
    {
      /* Made while other certificate authorities were trusted. */
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (connection);
      connect_live (self);
      g_object_unref (self);
      return;
    }
  if (connection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("No live connection: %s", error->message);
          reconnect_later (self);
        }
      g_object_unref (self);
      return;
    }

  self->live = connection;
  g_object_set (connection, "max-incoming-payload-size", (guint64) 4096, NULL);
  g_signal_connect (connection, "message", G_CALLBACK (on_live_message_cb), self);
  g_signal_connect (connection, "closed", G_CALLBACK (on_live_closed_cb), self);
  /* Whatever happened while not listening is read now. */
  schedule_sync (self, 0);
  g_object_unref (self);
}

static void
connect_live (CfSyncEngine *self)
{
  g_autofree char *uri = g_strconcat (self->server_url, "/v1/live", NULL);
  g_autofree char *header = NULL;
  g_autoptr (SoupMessage) msg = NULL;

  if (!self->running || self->token == NULL || self->live != NULL || self->connecting ||
      ca_file_failed (self))
    return;

  msg = soup_message_new ("GET", uri);
  if (msg == NULL)
    return;
  header = g_strconcat ("Bearer ", self->token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  self->connecting = TRUE;
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->cancellable, on_live_connected_cb,
                                        g_object_ref (self));
}

/**
 * cf_sync_engine_start:
 *
 * From now on the engine syncs by itself: soon after each local change,
 * when the server pokes it over the live connection, every minute
 * otherwise, and with growing waits while the server cannot be reached.
 */
void
cf_sync_engine_start (CfSyncEngine *self)
{
  g_return_if_fail (CF_IS_SYNC_ENGINE (self));

  if (self->running)
    return;

  self->running = TRUE;
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  connect_live (self);
  schedule_sync (self, 0);
}

void
cf_sync_engine_stop (CfSyncEngine *self)
{
  g_return_if_fail (CF_IS_SYNC_ENGINE (self));

  if (!self->running)
    return;

  self->running = FALSE;
  self->again = FALSE;
  g_signal_handlers_disconnect_by_func (self->store, on_store_changed_cb, self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->sync_id, g_source_remove);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  drop_live (self);
}

/* Live: the connection is open and the server has said hello on it. */
gboolean
cf_sync_engine_is_live (CfSyncEngine *self)
{
  g_return_val_if_fail (CF_IS_SYNC_ENGINE (self), FALSE);

  return self->live != NULL && self->ping_seconds > 0 &&
         soup_websocket_connection_get_state (self->live) == SOUP_WEBSOCKET_STATE_OPEN;
}

/**
 * cf_sync_engine_get_token:
 *
 * Returns: (nullable): the server session, to keep in the keyring
 */
const char *
cf_sync_engine_get_token (CfSyncEngine *self)
{
  g_return_val_if_fail (CF_IS_SYNC_ENGINE (self), NULL);

  return self->token;
}

/**
 * cf_sync_engine_resume:
 * @token: a server session kept from an earlier sign-in
 * @user_id: whose session it is
 *
 * Lets a desktop that signed in while the server was away sync again when
 * the server returns. If the session has expired, the server says so and
 * the state becomes %CF_SYNC_STATE_SIGNED_OUT.
 */
void
cf_sync_engine_resume (CfSyncEngine *self,
                       const char   *token,
                       const char   *user_id)
{
  g_return_if_fail (CF_IS_SYNC_ENGINE (self));
  g_return_if_fail (token != NULL && user_id != NULL);

  g_free (self->token);
  self->token = g_strdup (token);
  g_free (self->user_id);
  self->user_id = g_strdup (user_id);

  if (self->running)
    {
      connect_live (self);
      schedule_sync (self, 0);
    }
}

const char *
cf_sync_engine_get_server_url (CfSyncEngine *self)
{
  g_return_val_if_fail (CF_IS_SYNC_ENGINE (self), NULL);

  return self->server_url;
}

/* Returns: (nullable): the CA file whose authorities are trusted, or %NULL
 * for the system's
 */
const char *
cf_sync_engine_get_ca_file (CfSyncEngine *self)
{
  g_return_val_if_fail (CF_IS_SYNC_ENGINE (self), NULL);

  return self->ca_file;
}

/**
 * cf_sync_engine_set_ca_file:
 * @ca_file: (nullable): a PEM file with the certificate authorities that
 *   sign the server's certificate, or %NULL (or "") for the system's
 *
 * From now on the server's certificate must be signed by one of these
 * authorities; connections made before are not used again. A file that
 * cannot be loaded stops all traffic with the server, with the state
 * %CF_SYNC_STATE_UNTRUSTED and the reason in
 * cf_sync_engine_get_trust_error (), until another one is set.
 */
void
cf_sync_engine_set_ca_file (CfSyncEngine *self,
                            const char   *ca_file)
{
  g_return_if_fail (CF_IS_SYNC_ENGINE (self));

  if (ca_file != NULL && ca_file[0] == '\0')
    ca_file = NULL;
  if (g_strcmp0 (self->ca_file, ca_file) == 0)
    return;

  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
  drop_live (self);
  create_session (self);

  if (self->trust_error != NULL)
    set_state (self, CF_SYNC_STATE_UNTRUSTED);
  else if (self->state == CF_SYNC_STATE_UNTRUSTED)
    set_state (self, self->token != NULL ? CF_SYNC_STATE_OFFLINE : CF_SYNC_STATE_SIGNED_OUT);

  if (self->running)
    {
      self->failures = 0;
      g_clear_handle_id (&self->reconnect_id, g_source_remove);
      connect_live (self);
      schedule_sync (self, 0);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CA_FILE]);
}

/**
 * cf_sync_engine_get_trust_error:
 *
 * Returns: (nullable): why the server is not trusted while the state is
 *   %CF_SYNC_STATE_UNTRUSTED: %CF_SYNC_ERROR_CA_FILE or
 *   %CF_SYNC_ERROR_UNTRUSTED
 */
const GError *
cf_sync_engine_get_trust_error (CfSyncEngine *self)
{
  g_return_val_if_fail (CF_IS_SYNC_ENGINE (self), NULL);

  return self->trust_error;
}

CfSyncState
cf_sync_engine_get_state (CfSyncEngine *self)
{
  g_return_val_if_fail (CF_IS_SYNC_ENGINE (self), CF_SYNC_STATE_SIGNED_OUT);

  return self->state;
}

const char *
cf_sync_engine_get_user_id (CfSyncEngine *self)
{
  g_return_val_if_fail (CF_IS_SYNC_ENGINE (self), NULL);

  return self->user_id;
}

/**
 * cf_sync_engine_get_signing_keys:
 * @public_key: (out) (nullable): the signed-in user's public key, base64
 * @sealed_key: (out) (nullable): their secret key sealed with their password
 *
 * What the server's last sign-in answer held of the user's signing keys,
 * unchecked; %NULL for what it did not hold.
 */
void
cf_sync_engine_get_signing_keys (CfSyncEngine  *self,
                                 const char   **public_key,
                                 const char   **sealed_key)
{
  g_return_if_fail (CF_IS_SYNC_ENGINE (self));

  *public_key = self->signing_public_key;
  *sealed_key = self->signing_sealed_key;
}

static void
cf_sync_engine_dispose (GObject *object)
{
  cf_sync_engine_stop (CF_SYNC_ENGINE (object));

  G_OBJECT_CLASS (cf_sync_engine_parent_class)->dispose (object);
}

static void
cf_sync_engine_finalize (GObject *object)
{
  CfSyncEngine *self = (CfSyncEngine *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_error (&self->trust_error);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->signing_public_key, g_free);
  g_clear_pointer (&self->signing_sealed_key, g_free);
  g_clear_pointer (&self->attach_server_id, g_free);

  G_OBJECT_CLASS (cf_sync_engine_parent_class)->finalize (object);
}

static void
cf_sync_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CfSyncEngine *self = CF_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_sync_engine_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CfSyncEngine *self = CF_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_CA_FILE:
      cf_sync_engine_set_ca_file (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_sync_engine_class_init (CfSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cf_sync_engine_dispose;
  object_class->finalize = cf_sync_engine_finalize;
  object_class->get_property = cf_sync_engine_get_property;
  object_class->set_property = cf_sync_engine_set_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, CF_SYNC_STATE_SIGNED_OUT, CF_SYNC_STATE_SYNCED,
                      CF_SYNC_STATE_SIGNED_OUT, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Bound to the server-ca-file setting by the window; "" is none. */
  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cf_sync_engine_init (CfSyncEngine *self)
{
  self->state = CF_SYNC_STATE_SIGNED_OUT;
}

/**
 * cf_sync_engine_new:
 * @server_url: e.g. "https://callfloor.example.com" (no trailing slash)
 */
CfSyncEngine *
cf_sync_engine_new (CfStore    *store,
                    const char *server_url)
{
  CfSyncEngine *self;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (server_url != NULL, NULL);

  self = g_object_new (CF_TYPE_SYNC_ENGINE, NULL);
  self->store = g_object_ref (store);
  self->server_url = g_strdup (server_url);
  while (g_str_has_suffix (self->server_url, "/"))
    self->server_url[strlen (self->server_url) - 1] = '\0';
  create_session (self);

  return self;
}
