/* cf-json-check.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CF_JSON_CHECK_ERROR (cf_json_check_error_quark ())

typedef enum
{
  CF_JSON_CHECK_ERROR_TOO_LARGE,     /* total size, string length, array length, key length */
  CF_JSON_CHECK_ERROR_TOO_DEEP,
  CF_JSON_CHECK_ERROR_SYNTAX,        /* anything that is not strict RFC 8259 JSON */
  CF_JSON_CHECK_ERROR_ENCODING,      /* not UTF-8, NUL bytes, \u0000, unpaired surrogate escapes */
  CF_JSON_CHECK_ERROR_DUPLICATE_KEY,
  CF_JSON_CHECK_ERROR_NUMBER,        /* integers beyond 2^53 either way; fractions unless allowed */
} CfJsonCheckError;

typedef struct
{
  gsize    max_bytes;         /* whole body; default 1 MiB */
  guint    max_depth;         /* open objects and arrays; default 32 */
  gsize    max_string_bytes;  /* raw bytes between the quotes; default 64 KiB */
  guint    max_array_length;  /* elements of one array; default 1000 */
  gsize    max_key_bytes;     /* raw bytes between the quotes of a key; default 128 */
  gboolean allow_fractions;   /* default FALSE: the protocol only uses integers */
} CfJsonLimits;

GQuark   cf_json_check_error_quark   (void);

void     cf_json_limits_init_default (CfJsonLimits       *limits);

gboolean cf_json_check               (const char         *data,
                                      gsize               length,
                                      const CfJsonLimits *limits,
                                      GError            **error);

G_END_DECLS
