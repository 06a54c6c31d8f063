/* cf-server.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_SERVER_DEFAULT_PORT      8425
#define CF_SERVER_DEFAULT_MAX_BODY  (1024 * 1024)

typedef struct
{
  gsize  max_body_bytes;
  guint  token_idle_hours;
  guint  token_lifetime_days;
  guint  socket_timeout_seconds;
  guint  live_ping_seconds;
} CfServerLimits;

#define CF_TYPE_SERVER (cf_server_get_type ())

G_DECLARE_FINAL_TYPE (CfServer, cf_server, CF, SERVER, GObject)

CfServer   *cf_server_new           (CfStore               *store,
                                     const CfServerLimits  *limits,
                                     GError               **error);
SoupServer *cf_server_get_soup      (CfServer              *self);
const char *cf_server_get_server_id (CfServer              *self);
guint       cf_server_get_n_live    (CfServer              *self);

G_END_DECLS
