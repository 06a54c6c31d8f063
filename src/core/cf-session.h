/* cf-session.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_SESSION_ERROR (cf_session_error_quark ())

typedef enum
{
  CF_SESSION_ERROR_FAILED,
  CF_SESSION_ERROR_WRONG_PASSWORD,
  CF_SESSION_ERROR_TOO_SOON,
  CF_SESSION_ERROR_NOT_ALLOWED,
  CF_SESSION_ERROR_WEAK_PASSWORD,
} CfSessionError;

#define CF_TYPE_SESSION (cf_session_get_type ())

G_DECLARE_FINAL_TYPE (CfSession, cf_session, CF, SESSION, GObject)

GQuark      cf_session_error_quark             (void);
CfSession  *cf_session_new                     (CfStore              *store);
gboolean    cf_session_needs_first_supervisor  (CfSession            *self);
gboolean    cf_session_create_first_supervisor (CfSession            *self,
                                                const char           *name,
                                                const char           *employee_no,
                                                const char           *login,
                                                const char           *password,
                                                GError              **error);
void        cf_session_sign_in_async           (CfSession            *self,
                                                const char           *login,
                                                const char           *password,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean    cf_session_sign_in_finish          (CfSession            *self,
                                                GAsyncResult         *result,
                                                GError              **error);
gboolean    cf_session_sign_in                 (CfSession            *self,
                                                const char           *login,
                                                const char           *password,
                                                GError              **error);
void        cf_session_sign_out                (CfSession            *self);
void        cf_session_cache_verifier_async    (CfSession            *self,
                                                const char           *user_id,
                                                const char           *password,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean    cf_session_cache_verifier_finish   (CfSession            *self,
                                                GAsyncResult         *result,
                                                GError              **error);
guint       cf_session_get_retry_delay         (CfSession            *self);
gboolean    cf_session_is_signed_in            (CfSession            *self);
const char *cf_session_get_user_id             (CfSession            *self);
const char *cf_session_get_staff_id            (CfSession            *self);
const char *cf_session_get_display_name        (CfSession            *self);
const char *cf_session_get_login               (CfSession            *self);
CfRole      cf_session_get_role                (CfSession            *self);
gboolean    cf_session_can                     (CfSession            *self,
                                                const char           *kind_name,
                                                int                   action);

G_END_DECLS
