/* cf-signing.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cf-store.h"
#include "cf-op.h"

G_BEGIN_DECLS

#define CF_SIGNING_ERROR (cf_signing_error_quark ())

typedef enum
{
  CF_SIGNING_ERROR_FAILED,
  CF_SIGNING_ERROR_PASSWORD,    /* the password does not open the signer's key */
  CF_SIGNING_ERROR_NO_KEY,      /* the user has no key (pair) registered here */
  CF_SIGNING_ERROR_ENCODING,    /* a key or signature is not well formed */
  CF_SIGNING_ERROR_MISMATCH,    /* the signature does not match the content */
} CfSigningError;

#define CF_SIGNING_DIGEST_BYTES 32
/* Base64 (with padding) of a 32-byte public key, of the sealed secret key
 * (1 version byte, 16 salt, 24 nonce, 64 + 16 box) and of a signature.
 */
#define CF_SIGNING_PUBLIC_KEY_CHARS 44
#define CF_SIGNING_SEALED_KEY_CHARS 164
#define CF_SIGNING_SIGNATURE_CHARS  88

/* A user's secret key, opened with their password: signs many times with
 * one Argon2id derivation (the demo's and the benchmarks' history). Wiped
 * when freed.
 */
typedef struct _CfSigningKey CfSigningKey;

GQuark    cf_signing_error_quark       (void);

/* The canonical serialization of signed content: the same content gives
 * the same bytes on every desktop and on the server.
 *
 * - No whitespace outside strings.
 * - Object members sorted by their names' UTF-8 bytes (strcmp order); a
 *   JsonObject cannot hold a name twice.
 * - Array elements in their order.
 * - Strings must be valid UTF-8 and are written between double quotes with
 *   exactly these escapes: \" and \\; \b \f \n \r \t for those five control
 *   characters; \u00XX (lowercase hex) for the other characters below
 *   U+0020. Every other character, "/" and U+007F included, is written as
 *   its own UTF-8 bytes.
 * - Integers (int64) in decimal, "-" for negatives, no leading zeros or "+".
 * - true, false, null.
 * - Floating-point numbers are refused (no one way to write them), and so
 *   is nesting deeper than 32 levels.
 *
 * Returns NULL when the content is refused.
 */
char     *cf_signing_canonical_json    (JsonNode          *content);
void      cf_signing_digest            (const char        *canonical,
                                        guint8             out[CF_SIGNING_DIGEST_BYTES]);
char     *cf_signing_digest_to_hex     (const guint8       digest[CF_SIGNING_DIGEST_BYTES]);

gboolean  cf_signing_make_keys         (const char        *password,
                                        char             **public_key_b64,
                                        char             **sealed_secret_key_b64,
                                        GError           **error);
gboolean  cf_signing_add_keys          (JsonObject        *set,
                                        const char        *password,
                                        GError           **error);
gboolean  cf_signing_reseal            (const char        *sealed_secret_key_b64,
                                        const char        *old_password,
                                        const char        *new_password,
                                        char             **new_sealed_b64,
                                        GError           **error);
gboolean  cf_signing_change_password   (CfStore           *store,
                                        const char        *user_id,
                                        const char        *old_password,
                                        const char        *new_password,
                                        JsonObject        *set,
                                        GError           **error);
gboolean  cf_signing_install_keys      (CfStore           *store,
                                        const char        *user_id,
                                        const char        *public_key_b64,
                                        const char        *sealed_secret_key_b64,
                                        GError           **error);
gboolean  cf_signing_user_has_keys     (CfStore           *store,
                                        const char        *user_id);
gboolean  cf_signing_is_own_key_patch  (CfOp              *op,
                                        const char        *author);

gboolean  cf_signing_sign              (CfStore           *store,
                                        const char        *user_id,
                                        const char        *password,
                                        const guint8       digest[CF_SIGNING_DIGEST_BYTES],
                                        char             **signature_b64,
                                        GError           **error);
CfSigningKey *cf_signing_open_key     (CfStore           *store,
                                        const char        *user_id,
                                        const char        *password,
                                        GError           **error);
void      cf_signing_open_key_async    (CfStore           *store,
                                        const char        *user_id,
                                        const char        *password,
                                        GCancellable      *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer           user_data);
CfSigningKey *cf_signing_open_key_finish (GAsyncResult    *result,
                                        GError           **error);
gboolean  cf_signing_new_keys          (JsonObject * const *sets,
                                        guint              n_sets,
                                        const char        *password,
                                        CfSigningKey     **keys,
                                        GError           **error);
char     *cf_signing_key_sign          (CfSigningKey      *key,
                                        const guint8       digest[CF_SIGNING_DIGEST_BYTES]);
void      cf_signing_key_free          (CfSigningKey      *key);
gboolean  cf_signing_verify            (CfStore           *store,
                                        const char        *user_id,
                                        const guint8       digest[CF_SIGNING_DIGEST_BYTES],
                                        const char        *signature_b64,
                                        GError           **error);
char     *cf_signing_fingerprint       (const char        *public_key_b64);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfSigningKey, cf_signing_key_free)

G_END_DECLS
