/* cf-uuid.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-uuid"

#include "config.h"

#include "cf-uuid.h"

#include <string.h>
#include <sodium.h>

G_LOCK_DEFINE_STATIC (uuid_clock);

/* UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter
 * seeded randomly each millisecond so ids made by one process sort in
 * the order they were made, then 62 random bits.
 */
char *
cf_uuid_new_v7 (void)
{
  static guint64 last_ms;
  static guint counter;
  guint8 bytes[16];
  guint64 ms;

  randombytes_buf (bytes, sizeof bytes);

  G_LOCK (uuid_clock);
  ms = (guint64) (g_get_real_time () / 1000);
  if (ms <= last_ms)
    {
      ms = last_ms;
      counter++;
      if (counter > 0xfff)
        {
          ms = ++last_ms;
          counter = bytes[6] & 0x07;
        }
    }
  else
    {
      last_ms = ms;
      counter = ((bytes[6] << 8) | bytes[7]) & 0x7ff;
    }
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  G_UNLOCK (uuid_clock);

  for (guint i = 0; i < 6; i++)
    bytes[i] = (ms >> (40 - 8 * i)) & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5],
                          bytes[6], bytes[7], bytes[8], bytes[9], bytes[10], bytes[11],
                          bytes[12], bytes[13], bytes[14], bytes[15]);
}

/**
 * cf_uuid_from_name:
 * @name: what the id stands for, e.g. a desktop and an author, or a staff
 *   member and a date
 *
 * The same name gives the same id everywhere: BLAKE2b of @name in UUID
 * form, version 8 (made by us), so that records with a natural key get the
 * same id on every desktop.
 *
 * Returns: (transfer full): the id
 */
char *
cf_uuid_from_name (const char *name)
{
  guint8 digest[16];

  g_return_val_if_fail (name != NULL, NULL);

  crypto_generichash (digest, sizeof digest, (const guint8 *) name, strlen (name), NULL, 0);
  digest[6] = 0x80 | (digest[6] & 0x0f);
  digest[8] = 0x80 | (digest[8] & 0x3f);

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

gboolean
cf_uuid_is_valid (const char *text)
{
  if (text == NULL || strlen (text) != 36)
    return FALSE;

  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
        return FALSE;
    }

  return TRUE;
}

/* UTC, ISO-8601 with milliseconds: the form every envelope time takes. */
char *
cf_utc_now_iso (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  return cf_utc_iso (now);
}

/* @time in the envelope's form, so that stored times compare as text. */
char *
cf_utc_iso (GDateTime *time)
{
  g_autoptr (GDateTime) utc = NULL;
  g_autofree char *seconds = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  utc = g_date_time_to_utc (time);
  seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
}
