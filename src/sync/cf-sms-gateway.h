/* cf-sms-gateway.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CF_SMS_GATEWAY_ERROR (cf_sms_gateway_error_quark ())

typedef enum
{
  CF_SMS_GATEWAY_ERROR_TEMPLATE,   /* the URL template cannot be used */
  CF_SMS_GATEWAY_ERROR_PHONE,      /* not a phone number */
  CF_SMS_GATEWAY_ERROR_MESSAGE,    /* no text, or too long */
} CfSmsGatewayError;

/* How long a gateway has to answer, by default. */
#define CF_SMS_GATEWAY_TIMEOUT_SECONDS 15
/* How much of the gateway's answer is kept, in characters. */
#define CF_SMS_GATEWAY_ANSWER_CHARS    500
/* The longest text sent, in characters. */
#define CF_SMS_GATEWAY_MESSAGE_CHARS   500

#define CF_TYPE_SMS_GATEWAY (cf_sms_gateway_get_type ())

G_DECLARE_FINAL_TYPE (CfSmsGateway, cf_sms_gateway, CF, SMS_GATEWAY, GObject)

GQuark        cf_sms_gateway_error_quark     (void);
gboolean      cf_sms_gateway_check_template  (const char           *url_template,
                                              GError              **error);
char         *cf_sms_gateway_normalize_phone (const char           *phone,
                                              GError              **error);
gboolean      cf_sms_gateway_check_message   (const char           *message,
                                              GError              **error);

CfSmsGateway *cf_sms_gateway_new             (const char           *url_template,
                                              GError              **error);
const char   *cf_sms_gateway_get_host        (CfSmsGateway         *self);
guint         cf_sms_gateway_get_timeout     (CfSmsGateway         *self);
void          cf_sms_gateway_set_timeout     (CfSmsGateway         *self,
                                              guint                 seconds);
char         *cf_sms_gateway_build_url       (CfSmsGateway         *self,
                                              const char           *phone,
                                              const char           *message,
                                              GError              **error);
void          cf_sms_gateway_send_async      (CfSmsGateway         *self,
                                              const char           *phone,
                                              const char           *message,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
char         *cf_sms_gateway_send_finish     (CfSmsGateway         *self,
                                              GAsyncResult         *result,
                                              guint                *status,
                                              GError              **error);

G_END_DECLS
