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

  char        *token;
  char        *user_id;
  CfSyncState  state;
};

G_DEFINE_FINAL_TYPE (CfSyncEngine, cf_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define PAGE_SIZE       500
#define OPS_PER_PUSH    500

static void
set_state (CfSyncEngine *self,
           CfSyncState   state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
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
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_state (self, CF_SYNC_STATE_OFFLINE);
      g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_NETWORK,
                               "the server cannot be reached: %s", error->message);
      return;
    }

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

/* Sync ----------------------------------------------------------------------- */

typedef struct
{
  GPtrArray *ops;
  guint      rebuilds;
  guint      pushes_without_progress;
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

  if (self->state == CF_SYNC_STATE_SYNCING)
    set_state (self, CF_SYNC_STATE_OFFLINE);
  g_task_return_error (task, error);
  g_object_unref (task);
}

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

  if (!cf_replica_apply_changes (self->store, json_node_get_array (changes), cursor, &error))
    return fail (g_steal_pointer (&task), g_steal_pointer (&error));

  if (json_object_get_boolean_member_with_default (page, "has_more", FALSE))
    return pull (g_steal_pointer (&task));

  set_state (self, CF_SYNC_STATE_SYNCED);
  g_task_return_boolean (task, TRUE);
}

static void
pull (GTask *task)
{
  CfSyncEngine *self = g_task_get_source_object (task);
  g_autofree char *cursor = cf_replica_get_cursor (self->store);
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  if (cursor != NULL && cursor[0] != '\0')
    escaped = g_uri_escape_string (cursor, NULL, FALSE);
  path = g_strdup_printf ("/v1/sync/changes?limit=%d%s%s", PAGE_SIZE,
                          escaped != NULL ? "&since=" : "", escaped != NULL ? escaped : "");

  request_async (self, "GET", path, NULL, g_task_get_cancellable (task), on_pulled_cb, task);
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

  if (self->token == NULL)
    {
      set_state (self, CF_SYNC_STATE_SIGNED_OUT);
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

static void
cf_sync_engine_finalize (GObject *object)
{
  CfSyncEngine *self = (CfSyncEngine *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->user_id, g_free);

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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_sync_engine_class_init (CfSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cf_sync_engine_finalize;
  object_class->get_property = cf_sync_engine_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, CF_SYNC_STATE_SIGNED_OUT, CF_SYNC_STATE_SYNCED,
                      CF_SYNC_STATE_SIGNED_OUT, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
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
  self->session = soup_session_new_with_options ("timeout", 30,
                                                 "user-agent", "Callfloor/" PACKAGE_VERSION,
                                                 NULL);

  return self;
}
