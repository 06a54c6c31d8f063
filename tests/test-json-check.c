/* test-json-check.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "cf-json-check.h"

/* Every check runs on a heap copy of exactly @length bytes, so valgrind
 * reports any read past the end of the body.
 */
static gboolean
check_len (const char          *json,
           gsize                length,
           const CfJsonLimits  *limits,
           GError             **error)
{
  g_autofree char *copy = g_memdup2 (json, length);

  return cf_json_check (copy, length, limits, error);
}

static gboolean
json_glib_accepts (const char *json,
                   gsize       length)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *copy = g_strndup (json, length);

  return json_parser_load_from_data (parser, copy, length, NULL);
}

static void
assert_valid_with (const char         *json,
                   const CfJsonLimits *limits)
{
  g_autoptr (GError) error = NULL;
  gsize length = strlen (json);

  if (!check_len (json, length, limits, &error))
    g_test_message ("rejected: %s", json);
  g_assert_no_error (error);

  /* What the checker lets through, json-glib must parse. */
  g_assert_true (json_glib_accepts (json, length));
}

static void
assert_valid (const char *json)
{
  assert_valid_with (json, NULL);
}

/* Checks that @json fails with @code and, unless @message is %NULL, with
 * exactly that message.
 */
static void
check_fails (const char         *json,
             gsize               length,
             const CfJsonLimits *limits,
             CfJsonCheckError    code,
             const char         *message)
{
  g_autoptr (GError) error = NULL;
  gboolean ok;

  ok = check_len (json, length, limits, &error);

  if (ok || !g_error_matches (error, CF_JSON_CHECK_ERROR, code))
    {
      g_autofree char *shown = g_strescape (length < 200 ? json : "(long input)", NULL);

      g_test_message ("input: %s; expected code %d", shown, code);
    }
  g_assert_false (ok);
  g_assert_error (error, CF_JSON_CHECK_ERROR, (gint) code);

  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
}

static void
assert_invalid_full (const char         *json,
                     gsize               length,
                     const CfJsonLimits *limits,
                     CfJsonCheckError    code)
{
  check_fails (json, length, limits, code, NULL);
}

static void
assert_invalid (const char       *json,
                CfJsonCheckError  code)
{
  check_fails (json, strlen (json), NULL, code, NULL);
}

static void
assert_invalid_message (const char       *json,
                        CfJsonCheckError  code,
                        const char       *message)
{
  check_fails (json, strlen (json), NULL, code, message);
}

static char *
nested_arrays (guint depth)
{
  GString *json = g_string_sized_new (depth * 2);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (json, ']');

  return g_string_free (json, FALSE);
}

static void
test_defaults (void)
{
  CfJsonLimits limits;

  cf_json_limits_init_default (&limits);

  g_assert_cmpuint (limits.max_bytes, ==, 1024 * 1024);
  g_assert_cmpuint (limits.max_depth, ==, 32);
  g_assert_cmpuint (limits.max_string_bytes, ==, 64 * 1024);
  g_assert_cmpuint (limits.max_array_length, ==, 1000);
  g_assert_cmpuint (limits.max_key_bytes, ==, 128);
  g_assert_false (limits.allow_fractions);

  assert_valid_with ("[1]", &limits);
}

static void
test_valid (void)
{
  /* A sync push envelope as the client sends it. */
  assert_valid ("{\"v\":1,\"device\":\"3f1c7a52-9d0e-4b6f-8a21-5c3e9b7d1f04\","
                "\"ops\":[{\"op_id\":\"8e2f\",\"kind\":\"staff.update\",\"base_rev\":41,"
                "\"fields\":{\"name\":\"张伟\",\"team\":null,\"active\":true,"
                "\"skills\":[\"zh\",\"en\"],\"shift\":{\"start\":-480,\"end\":0}}},"
                "{\"op_id\":\"8e30\",\"kind\":\"note.add\",\"fields\":{}}],"
                "\"cursor\":9007199254740992}");

  assert_valid ("{}");
  assert_valid ("[]");
  assert_valid (" \t\r\n{ \n} \r\n\t");
  assert_valid ("[[],{},[[]],{\"a\":[]},[{}]]");
  assert_valid ("[true,false,null]");
  assert_valid ("[0,-0,1,-1,42,9007199254740992,-9007199254740992,9007199254740991]");

  /* Escapes, including a surrogate pair in either case. */
  assert_valid ("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]");
  assert_valid ("[\"\\u00e9\\u5F20\\u4f1f\",\"\\uD83D\\uDE00\",\"\\ud83d\\ude00\"]");
  assert_valid ("[\"\\uD800\\uDC00\",\"\\uDBFF\\uDFFF\",\"\\uFFFF\",\"\\u001f\"]");

  /* Unicode as UTF-8: 2, 3 and 4 bytes, U+10FFFF, DEL and a noncharacter. */
  assert_valid ("[\"é\",\"张伟\",\"😀\",\"\xf4\x8f\xbf\xbf\",\"\x7f\",\"\xef\xbf\xbf\"]");
  assert_valid ("{\"名字\":\"李娜\",\"😀\":\"\"}");

  /* Keys that look alike but are not equal. */
  assert_valid ("{\"\":1,\"a\":1,\"A\":1,\"a \":1,\"ab\":1,\"\\u00e9\":1,\"e\\u0301\":1}");

  /* The same key in different objects is fine. */
  assert_valid ("[{\"a\":1},{\"a\":1},{\"a\":{\"a\":{\"a\":1}}}]");
  assert_valid ("{\"a\":{\"x\":1,\"y\":2},\"b\":{\"x\":1,\"y\":2},\"x\":3,\"y\":4}");
}

static void
test_depth (void)
{
  g_autofree char *deep32 = nested_arrays (32);
  g_autofree char *deep33 = nested_arrays (33);
  g_autoptr (GString) objects = g_string_new (NULL);
  CfJsonLimits limits;

  assert_valid (deep32);

  assert_invalid_message (deep33, CF_JSON_CHECK_ERROR_TOO_DEEP,
                          "nesting deeper than 32 at byte 32");

  /* Objects and arrays count alike. */
  for (guint i = 0; i < 16; i++)
    g_string_append (objects, "{\"a\":[");
  g_string_append (objects, "1");
  for (guint i = 0; i < 16; i++)
    g_string_append (objects, "]}");
  assert_valid (objects->str);

  g_string_insert (objects, 0, "[");
  g_string_append (objects, "]");
  assert_invalid (objects->str, CF_JSON_CHECK_ERROR_TOO_DEEP);

  cf_json_limits_init_default (&limits);
  limits.max_depth = 1;
  assert_valid_with ("[1,2,\"x\"]", &limits);
  assert_valid_with ("{\"a\":1}", &limits);
  assert_invalid_full ("[[]]", 4, &limits, CF_JSON_CHECK_ERROR_TOO_DEEP);
  assert_invalid_full ("{\"a\":{}}", 8, &limits, CF_JSON_CHECK_ERROR_TOO_DEEP);
}

static void
test_deep_nesting (void)
{
  const guint depth = 100000;
  g_autofree char *unclosed = g_malloc (depth);
  g_autofree char *balanced = nested_arrays (depth);
  g_autoptr (GString) objects = g_string_new (NULL);

  /* json-glib 1.6 crashes on this; the checker stops at the 33rd level. */
  memset (unclosed, '[', depth);
  check_fails (unclosed, depth, NULL, CF_JSON_CHECK_ERROR_TOO_DEEP,
               "nesting deeper than 32 at byte 32");

  assert_invalid_full (balanced, depth * 2, NULL, CF_JSON_CHECK_ERROR_TOO_DEEP);

  for (guint i = 0; i < depth; i++)
    g_string_append (objects, "{\"a\":");
  assert_invalid_full (objects->str, objects->len, NULL, CF_JSON_CHECK_ERROR_TOO_DEEP);

  /* With the limit lifted it still needs no C stack. */
  {
    CfJsonLimits limits;

    cf_json_limits_init_default (&limits);
    limits.max_depth = G_MAXUINT;
    g_assert_true (check_len (balanced, depth * 2, &limits, NULL));
    assert_invalid_full (unclosed, depth, &limits, CF_JSON_CHECK_ERROR_SYNTAX);
  }
}

static void
test_duplicate_key (void)
{
  g_autoptr (GString) many = g_string_new ("{");
  g_autofree char *expected = NULL;

  assert_invalid_message ("{\"a\":1,\"a\":2}", CF_JSON_CHECK_ERROR_DUPLICATE_KEY,
                          "duplicate key at byte 7");

  /* json-glib would keep "admin". */
  assert_invalid ("{\"role\":\"agent\",\"role\":\"admin\"}", CF_JSON_CHECK_ERROR_DUPLICATE_KEY);

  /* Keys are compared on their decoded value. */
  assert_invalid ("{\"a\":1,\"\\u0061\":2}", CF_JSON_CHECK_ERROR_DUPLICATE_KEY);
  assert_invalid ("{\"\\u0061\":1,\"\\u0061\":2}", CF_JSON_CHECK_ERROR_DUPLICATE_KEY);
  assert_invalid ("{\"é\":1,\"\\u00E9\":2}", CF_JSON_CHECK_ERROR_DUPLICATE_KEY);
  assert_invalid ("{\"😀\":1,\"\\ud83d\\uDE00\":2}", CF_JSON_CHECK_ERROR_DUPLICATE_KEY);
  assert_invalid ("{\"/\":1,\"\\/\":2}", CF_JSON_CHECK_ERROR_DUPLICATE_KEY);
  assert_invalid ("{\"\\n\":1,\"\\u000a\":2}", CF_JSON_CHECK_ERROR_DUPLICATE_KEY);
  assert_invalid ("{\"\":1,\"\":2}", CF_JSON_CHECK_ERROR_DUPLICATE_KEY);

  /* Inner objects, and outer keys on either side of an inner object. */
  assert_invalid ("[{\"x\":{\"b\":1,\"c\":[],\"b\":2}}]", CF_JSON_CHECK_ERROR_DUPLICATE_KEY);
  assert_invalid ("{\"a\":{\"b\":1},\"a\":2}", CF_JSON_CHECK_ERROR_DUPLICATE_KEY);
  assert_invalid ("{\"a\":{\"b\":{\"c\":1}},\"c\":{},\"b\":[],\"c\":2}",
                  CF_JSON_CHECK_ERROR_DUPLICATE_KEY);

  /* A large object is sorted; the error still names the first repeat. */
  for (guint i = 0; i < 100; i++)
    g_string_append_printf (many, "\"k%u\":%u,", i, i);
  expected = g_strdup_printf ("duplicate key at byte %" G_GSIZE_FORMAT, many->len);
  g_string_append (many, "\"k\\u00350\":0,\"k7\":0,\"z\":0}");
  check_fails (many->str, many->len, NULL, CF_JSON_CHECK_ERROR_DUPLICATE_KEY,
               expected);
}

/* 2^14 distinct keys that all share one g_str_hash () value: the checker
 * must not slow down to a crawl on them, and must still see a repeat.
 */
static void
test_colliding_keys (void)
{
  const guint bits = 14;
  g_autoptr (GString) json = g_string_new ("{");
  g_autoptr (GString) key = g_string_new (NULL);
  gint64 start;

  for (guint i = 0; i < (1u << bits); i++)
    {
      g_string_truncate (key, 0);
      for (guint b = 0; b < bits; b++)
        g_string_append (key, (i >> b) & 1 ? "b@" : "aa");

      if (i < 2)
        g_assert_cmpuint (g_str_hash (key->str), ==, g_str_hash ("aaaaaaaaaaaaaaaaaaaaaaaaaaaa"));

      g_string_append_printf (json, "%s\"%s\":0", i > 0 ? "," : "", key->str);
    }
  g_string_append (json, "}");

  start = g_get_monotonic_time ();
  g_assert_true (check_len (json->str, json->len, NULL, NULL));
  g_test_message ("%u colliding keys checked in %.1f ms", 1u << bits,
                  (g_get_monotonic_time () - start) / 1000.0);

  g_string_truncate (json, json->len - 1);
  g_string_append_printf (json, ",\"%s\":1}", key->str);
  assert_invalid_full (json->str, json->len, NULL, CF_JSON_CHECK_ERROR_DUPLICATE_KEY);
}

static void
test_numbers (void)
{
  CfJsonLimits fractions;

  cf_json_limits_init_default (&fractions);
  fractions.allow_fractions = TRUE;

  /* json-glib 1.6 turns these into -1 or wraps them. */
  assert_invalid ("[18446744073709551616]", CF_JSON_CHECK_ERROR_NUMBER);
  assert_invalid ("[99999999999999999999]", CF_JSON_CHECK_ERROR_NUMBER);
  assert_invalid ("[9007199254740993]", CF_JSON_CHECK_ERROR_NUMBER);
  assert_invalid ("[-9007199254740993]", CF_JSON_CHECK_ERROR_NUMBER);
  assert_invalid ("{\"rev\":10000000000000000}", CF_JSON_CHECK_ERROR_NUMBER);
  assert_invalid_full ("[18446744073709551616]", 22, &fractions, CF_JSON_CHECK_ERROR_NUMBER);

  /* The protocol only has integers. */
  assert_invalid ("[1e3]", CF_JSON_CHECK_ERROR_NUMBER);
  assert_invalid ("[1.5]", CF_JSON_CHECK_ERROR_NUMBER);
  assert_invalid ("[1.0]", CF_JSON_CHECK_ERROR_NUMBER);
  assert_invalid ("[-0.0]", CF_JSON_CHECK_ERROR_NUMBER);
  assert_invalid ("[1E+2]", CF_JSON_CHECK_ERROR_NUMBER);
  assert_invalid ("[0e0]", CF_JSON_CHECK_ERROR_NUMBER);

  assert_valid_with ("[1e3,1.5,1.0,-0.0,1E+2,1e-3,0e0,-1.5E-5,1.7976931348623157e308]",
                     &fractions);
  assert_valid_with ("[1e-400,12,-9007199254740992]", &fractions);

  /* json-glib makes inf of these, and writes it out as "inf.0". */
  assert_invalid_full ("[1e400]", 7, &fractions, CF_JSON_CHECK_ERROR_NUMBER);
  assert_invalid_full ("[-1.8e308]", 10, &fractions, CF_JSON_CHECK_ERROR_NUMBER);

  /* Not numbers at all. */
  assert_invalid ("[01]", CF_JSON_CHECK_ERROR_SYNTAX);
  assert_invalid ("[-01]", CF_JSON_CHECK_ERROR_SYNTAX);
  assert_invalid ("[00]", CF_JSON_CHECK_ERROR_SYNTAX);
  assert_invalid ("[-]", CF_JSON_CHECK_ERROR_SYNTAX);
  assert_invalid ("[+1]", CF_JSON_CHECK_ERROR_SYNTAX);
  assert_invalid ("[.5]", CF_JSON_CHECK_ERROR_SYNTAX);
  assert_invalid ("[1.]", CF_JSON_CHECK_ERROR_SYNTAX);
  assert_invalid ("[1.e3]", CF_JSON_CHECK_ERROR_SYNTAX);
  assert_invalid ("[1e]", CF_JSON_CHECK_ERROR_SYNTAX);
  assert_invalid ("[1e+]", CF_JSON_CHECK_ERROR_SYNTAX);
  assert_invalid ("[0x10]", CF_JSON_CHECK_ERROR_SYNTAX);
  assert_invalid ("[- 1]", CF_JSON_CHECK_ERROR_SYNTAX);
  assert_invalid_full ("[01]", 4, &fractions, CF_JSON_CHECK_ERROR_SYNTAX);
  assert_invalid_full ("[1.]", 4, &fractions, CF_JSON_CHECK_ERROR_SYNTAX);
  assert_invalid_full ("[1.5.3]", 7, &fractions, CF_JSON_CHECK_ERROR_SYNTAX);
  assert_invalid_full ("[1e5e5]", 7, &fractions, CF_JSON_CHECK_ERROR_SYNTAX);
}

static void
test_syntax (void)
{
  const char *cases[] = {
    /* What json-glib 1.6 accepts anyway. */
    "{\"a\":1} // comment",
    "/* comment */ {}",
    "{\"a\":1 /* comment */}",
    "[1, # comment\n 2]",
    "{'a':1}",
    "['a']",
    "[1,]",
    "{\"a\":1,}",
    "[NaN]",
    "[Infinity]",
    "[-Infinity]",
    "[nan]",
    "[inf]",
    "[undefined]",
    "{a:1}",
    /* Plainly broken. */
    "",
    "   ",
    "\"a\"",
    "1",
    "true",
    "null",
    "[",
    "{",
    "]",
    "[1",
    "{\"a\":1",
    "{\"a\"",
    "{\"a\":",
    "[\"abc",
    "[\"abc\\",
    "[\"abc\\\"]",
    "[1]]",
    "{\"a\":1}}",
    "[1] x",
    "[1][2]",
    "{} {}",
    "[,1]",
    "[1,,2]",
    "[1 2]",
    "{\"a\" 1}",
    "{\"a\":}",
    "{\"a\"::1}",
    "{\"a\",1}",
    "{1:2}",
    "{\"a\":1,\"b\"}",
    "{\"a\":1;\"b\":2}",
    "[1}",
    "{\"a\":1]",
    "[nul]",
    "[tru]",
    "[True]",
    "[nulll]",
    "[\"\\x41\"]",
    "[\"\\U0041\"]",
    "[\"\\u12\"]",
    "[\"\\u12G4\"]",
    "[\"\\uD800\\u12\"]",
    "[\"\\a\"]",
    "[\"\\'\"]",
    "[\"a\tb\"]",
    "[\"a\nb\"]",
    "[\"\x1f\"]",
    "{\"a\tb\":1}",
    "\xef\xbb\xbf[]",
    "\v[]",
    "\f[]",
    "[]\v",
    "\xc2\xa0[]",
    "[\xc2\xa0]",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_invalid (cases[i], CF_JSON_CHECK_ERROR_SYNTAX);

  assert_invalid_message ("[1,]", CF_JSON_CHECK_ERROR_SYNTAX,
                          "trailing comma at byte 3");
  assert_invalid_message ("{'a':1}", CF_JSON_CHECK_ERROR_SYNTAX,
                          "single-quoted string at byte 1");
  assert_invalid_message ("[1] // x", CF_JSON_CHECK_ERROR_SYNTAX,
                          "comment at byte 4");
  assert_invalid_message ("\"a\"", CF_JSON_CHECK_ERROR_SYNTAX,
                          "top-level value is not an object or array at byte 0");
}

static void
test_encoding (void)
{
  const char *cases[] = {
    "[\"\xc0\xaf\"]",              /* overlong '/' */
    "[\"\xe0\x80\xaf\"]",          /* overlong, 3 bytes */
    "[\"\xf0\x80\x80\xaf\"]",      /* overlong, 4 bytes */
    "[\"\xc1\xbf\"]",
    "[\"\xed\xa0\x80\"]",          /* U+D800 encoded */
    "[\"\xed\xbf\xbf\"]",          /* U+DFFF encoded */
    "[\"\xf4\x90\x80\x80\"]",      /* above U+10FFFF */
    "[\"\xf8\x88\x80\x80\x80\"]",  /* 5 bytes */
    "[\"\xff\"]",
    "[\"\x80\"]",
    "[\"\xe4\xb8\"]",              /* truncated */
    "[\"\xf0\x9f\x98\"]",
    "[\"\xe4\"]",
    "{\"\xc3\":1}",
    "[\"\\uD800\"]",               /* lone surrogate escapes */
    "[\"\\uDC00\"]",
    "[\"\\udbff\"]",
    "[\"\\uD800x\"]",
    "[\"\\uD800\\u0041\"]",
    "[\"\\uDBFF\\uDBFF\"]",
    "[\"\\uDE00\\uD83D\"]",
    "{\"\\uD800\":1}",
    "[\"a\\u0000b\"]",             /* json-glib cuts strings there */
    "{\"role\\u0000x\":1}",
    "\xc0[]",
    "[1,\xff]",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_invalid (cases[i], CF_JSON_CHECK_ERROR_ENCODING);

  /* Truncated at the very end of the buffer. */
  assert_invalid_full ("[\"\xe4\xb8", 4, NULL, CF_JSON_CHECK_ERROR_ENCODING);
  assert_invalid_full ("[\"\xf0", 3, NULL, CF_JSON_CHECK_ERROR_ENCODING);

  /* NUL bytes in and out of strings. */
  assert_invalid_full ("[\"a\0b\"]", 7, NULL, CF_JSON_CHECK_ERROR_ENCODING);
  assert_invalid_full ("[1,\0 2]", 7, NULL, CF_JSON_CHECK_ERROR_ENCODING);
  assert_invalid_full ("[1]\0", 4, NULL, CF_JSON_CHECK_ERROR_ENCODING);
  assert_invalid_full ("\0", 1, NULL, CF_JSON_CHECK_ERROR_ENCODING);

  assert_invalid_message ("[\"\\uD800\"]", CF_JSON_CHECK_ERROR_ENCODING,
                          "unpaired surrogate escape at byte 2");
}

static void
test_too_large (void)
{
  CfJsonLimits limits;
  g_autoptr (GString) json = g_string_new (NULL);

  /* The whole body, even when it is valid. */
  cf_json_limits_init_default (&limits);
  limits.max_string_bytes = G_MAXSIZE;
  g_string_append (json, "[\"");
  while (json->len < 1024 * 1024 - 2)
    g_string_append_c (json, 'x');
  g_string_append (json, "\"]");
  g_assert_cmpuint (json->len, ==, 1024 * 1024);
  assert_valid_with (json->str, &limits);

  g_string_append_c (json, ' ');
  check_fails (json->str, json->len, &limits, CF_JSON_CHECK_ERROR_TOO_LARGE,
               "body larger than 1048576 bytes at byte 1048576");

  cf_json_limits_init_default (&limits);
  limits.max_bytes = 10;
  assert_valid_with ("[1,2,3,44]", &limits);
  assert_invalid_full ("[1,2,3,444]", 11, &limits, CF_JSON_CHECK_ERROR_TOO_LARGE);

  /* One string. */
  g_string_assign (json, "[\"");
  for (guint i = 0; i < 64 * 1024; i++)
    g_string_append_c (json, 'x');
  g_string_append (json, "\"]");
  assert_valid (json->str);
  g_string_insert_c (json, 2, 'x');
  assert_invalid (json->str, CF_JSON_CHECK_ERROR_TOO_LARGE);
  g_string_truncate (json, 64 * 1024 + 10);
  assert_invalid_full (json->str, json->len, NULL, CF_JSON_CHECK_ERROR_TOO_LARGE);

  cf_json_limits_init_default (&limits);
  limits.max_string_bytes = 3;
  assert_valid_with ("[\"abc\",\"\\n\",\"é\"]", &limits);
  assert_invalid_full ("[\"abcd\"]", 8, &limits, CF_JSON_CHECK_ERROR_TOO_LARGE);
  assert_invalid_full ("[\"\\u00e9\"]", 10, &limits, CF_JSON_CHECK_ERROR_TOO_LARGE);

  /* One array; objects have no member limit of their own. */
  g_string_assign (json, "[0");
  for (guint i = 1; i < 1000; i++)
    g_string_append (json, ",0");
  g_string_append (json, "]");
  assert_valid (json->str);
  g_string_insert (json, 1, "0,");
  assert_invalid_message (json->str, CF_JSON_CHECK_ERROR_TOO_LARGE,
                          "array longer than 1000 elements at byte 2001");

  g_string_assign (json, "{");
  for (guint i = 0; i < 1500; i++)
    g_string_append_printf (json, "%s\"%u\":[]", i > 0 ? "," : "", i);
  g_string_append (json, "}");
  assert_valid (json->str);

  cf_json_limits_init_default (&limits);
  limits.max_array_length = 2;
  assert_valid_with ("[[1,2],[3,4]]", &limits);
  assert_invalid_full ("[[1,2],[3,4],[]]", 16, &limits, CF_JSON_CHECK_ERROR_TOO_LARGE);
  assert_invalid_full ("[[1,2,3]]", 9, &limits, CF_JSON_CHECK_ERROR_TOO_LARGE);

  /* One key, counted in raw bytes. */
  g_string_assign (json, "{\"");
  for (guint i = 0; i < 128; i++)
    g_string_append_c (json, 'k');
  g_string_append (json, "\":1}");
  assert_valid (json->str);
  g_string_insert_c (json, 2, 'k');
  assert_invalid_message (json->str, CF_JSON_CHECK_ERROR_TOO_LARGE,
                          "key longer than 128 bytes at byte 1");

  g_string_assign (json, "{\"");
  for (guint i = 0; i < 22; i++)
    g_string_append (json, "\\u0061");
  g_string_append (json, "\":1}");
  assert_invalid (json->str, CF_JSON_CHECK_ERROR_TOO_LARGE);
}

/* The body is only @length bytes; what follows in memory must not count. */
static void
test_not_nul_terminated (void)
{
  static const struct {
    const char *buffer;
    gsize       length;
    gboolean    valid;
  } cases[] = {
    { "[1]]", 3, TRUE },
    { "{}x", 2, TRUE },
    { "[1]\"", 3, TRUE },
    { "[1]", 2, FALSE },
    { "[12]", 3, FALSE },
    { "[\"ab\"]", 4, FALSE },
    { "[\"a\\\"]", 4, FALSE },
    { "[\"\\u00e9\"]", 6, FALSE },
    { "[\"\\uD83D\\uDE00\"]", 10, FALSE },
    { "[tru]", 4, FALSE },
    { "[true]", 4, FALSE },
    { "[-1]", 2, FALSE },
    { "[1e5]", 3, FALSE },
    { "{\"a\":1}", 6, FALSE },
    { "{\"a\":1}", 4, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize size = strlen (cases[i].buffer);
      g_autofree char *buffer = g_malloc (size);
      g_autoptr (GError) error = NULL;
      gboolean ok;

      /* Exactly the bytes of the case, no terminator: the rest of the
       * buffer is the "garbage" that must be ignored.
       */
      memcpy (buffer, cases[i].buffer, size);
      ok = cf_json_check (buffer, cases[i].length, NULL, &error);

      if (ok != cases[i].valid)
        g_test_message ("case %" G_GSIZE_FORMAT ": %s (%" G_GSIZE_FORMAT " bytes)",
                        i, cases[i].buffer, cases[i].length);
      g_assert_cmpint (ok, ==, cases[i].valid);
      if (!ok)
        g_assert_true (g_error_matches (error, CF_JSON_CHECK_ERROR, CF_JSON_CHECK_ERROR_SYNTAX)
                       || g_error_matches (error, CF_JSON_CHECK_ERROR,
                                           CF_JSON_CHECK_ERROR_ENCODING));
    }

  g_assert_false (cf_json_check (NULL, 0, NULL, NULL));
}

/* Random valid JSON, with every kind of token the checker knows. */
static void
append_random_value (GRand   *rand,
                     GString *json,
                     guint    depth)
{
  static const char *fragments[] = {
    "a", "Z", " ", "é", "张伟", "😀", "\x7f", "\\n", "\\\"", "\\\\", "\\/", "\\t",
    "\\u00e9", "\\u5f20", "\\uD83D\\uDE00", "\\ud800\\udc00", "\\u001F",
  };
  static const char *numbers[] = {
    "0", "-0", "1", "-1", "42", "9007199254740992", "-9007199254740992", "1234567890",
  };
  static const char *spaces[] = { "", "", "", " ", "\n", "\r\n\t" };
  guint kind = g_rand_int_range (rand, depth < 5 ? 0 : 2, 7);

  g_string_append (json, spaces[g_rand_int_range (rand, 0, G_N_ELEMENTS (spaces))]);

  switch (kind)
    {
    case 0:
    case 1:
      {
        guint n = g_rand_int_range (rand, 0, 5);
        gboolean is_object = kind == 0;

        g_string_append_c (json, is_object ? '{' : '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (json, ',');

            if (is_object)
              {
                /* "k<i>" then fragments: distinct, since no fragment starts with a digit. */
                g_string_append_printf (json, "\"k%u", i);
                g_string_append (json, fragments[g_rand_int_range (rand, 0,
                                                                   G_N_ELEMENTS (fragments))]);
                g_string_append (json, "\":");
              }

            append_random_value (rand, json, depth + 1);
          }
        g_string_append_c (json, is_object ? '}' : ']');
      }
      break;

    case 2:
      {
        guint n = g_rand_int_range (rand, 0, 6);

        g_string_append_c (json, '"');
        for (guint i = 0; i < n; i++)
          g_string_append (json, fragments[g_rand_int_range (rand, 0, G_N_ELEMENTS (fragments))]);
        g_string_append_c (json, '"');
      }
      break;

    case 3:
    case 4:
      g_string_append (json, numbers[g_rand_int_range (rand, 0, G_N_ELEMENTS (numbers))]);
      break;

    case 5:
      g_string_append (json, g_rand_boolean (rand) ? "true" : "false");
      break;

    case 6:
      g_string_append (json, "null");
      break;

    default:
      g_assert_not_reached ();
    }

  g_string_append (json, spaces[g_rand_int_range (rand, 0, G_N_ELEMENTS (spaces))]);
}

static void
mutate (GRand   *rand,
        GString *json)
{
  static const char interesting[] = "{}[]\",:\\/'0123456789-+.eEutnfx \t\n\r\0\x80\xbf\xc0\xed\xff";
  guint n = g_rand_int_range (rand, 1, 4);

  for (guint i = 0; i < n; i++)
    {
      gsize at = json->len > 0 ? g_rand_int_range (rand, 0, json->len) : 0;
      char c = g_rand_boolean (rand)
        ? interesting[g_rand_int_range (rand, 0, sizeof interesting - 1)]
        : (char) g_rand_int_range (rand, 0, 256);

      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:
          if (json->len > 0)
            json->str[at] = c;
          break;

        case 1:
          g_string_insert_len (json, at, &c, 1);
          break;

        case 2:
          if (json->len > 0)
            g_string_erase (json, at, 1);
          break;

        case 3:
          g_string_truncate (json, at);
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/* Whatever the checker accepts, json-glib must parse: 500 random byte
 * strings, 500 random valid documents and 1000 mutations of valid ones.
 */
static void
test_fuzz (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (0xCF150C);
  guint n_accepted = 0;
  guint n_mutants_accepted = 0;

  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr (GString) json = g_string_new (NULL);
      g_autoptr (GError) error = NULL;
      gboolean ok;

      if (i < 500)
        {
          guint length = g_rand_int_range (rand, 0, 64);

          for (guint j = 0; j < length; j++)
            g_string_append_c (json, (char) g_rand_int_range (rand, 0, 256));
        }
      else
        {
          g_string_append_c (json, '[');
          append_random_value (rand, json, 1);
          g_string_append_c (json, ']');

          if (i >= 1000)
            mutate (rand, json);
        }

      ok = check_len (json->str, json->len, NULL, &error);

      if (ok)
        {
          n_accepted++;
          n_mutants_accepted += i >= 1000;

          if (!json_glib_accepts (json->str, json->len))
            {
              g_autofree char *shown = g_strescape (json->str, NULL);

              g_test_message ("accepted but json-glib fails: %s", shown);
            }
          g_assert_true (json_glib_accepts (json->str, json->len));
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == CF_JSON_CHECK_ERROR);
          g_assert_nonnull (strstr (error->message, " at byte "));
        }

      if (i >= 500 && i < 1000)
        {
          if (!ok)
            g_test_message ("valid document rejected: %s", error->message);
          g_assert_true (ok);
        }
    }

  g_test_message ("%u of 2000 accepted, %u of them mutants", n_accepted, n_mutants_accepted);
  g_assert_cmpuint (n_mutants_accepted, >=, 20);
}

/* A 1 MiB push body: batches of up to 1000 ops, like the client sends. */
static GString *
build_megabyte_body (void)
{
  GString *json = g_string_new ("{\"v\":1,\"device\":\"3f1c7a52-9d0e-4b6f-8a21-5c3e9b7d1f04\","
                                "\"batches\":[");
  const gsize target = 1024 * 1024 - 1024;
  guint op = 0;

  while (json->len < target)
    {
      g_string_append (json, op > 0 ? ",{\"ops\":[" : "{\"ops\":[");
      for (guint i = 0; i < 1000 && json->len < target; i++, op++)
        g_string_append_printf (json,
                                "%s{\"op_id\":\"5c3e9b7d-%08x\",\"kind\":\"staff.update\","
                                "\"base_rev\":%u,\"at\":17700000%05u,"
                                "\"fields\":{\"name\":\"张伟 \\u00e9\",\"team\":null,"
                                "\"active\":true,\"skills\":[\"zh\",\"en\",\"yue\"],"
                                "\"note\":\"Called back about the \\\"late shift\\\" swap;\\n"
                                "customer prefers mornings. 😀\",\"shift\":{\"start\":-480,"
                                "\"end\":%u}}}",
                                i > 0 ? "," : "", op, op, op % 100000, op * 7);
      g_string_append (json, "]}");
    }
  g_string_append (json, "]}");

  return json;
}

static void
test_throughput (void)
{
  g_autoptr (GString) json = NULL;
  const guint rounds = 200;
  gint64 start;
  double seconds;
  double mb_per_s;

  if (!g_test_perf ())
    {
      g_test_skip ("run with -m perf");
      return;
    }

  json = build_megabyte_body ();
  g_assert_cmpuint (json->len, <=, 1024 * 1024);
  assert_valid (json->str);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < rounds; i++)
    g_assert_true (cf_json_check (json->str, json->len, NULL, NULL));
  seconds = (g_get_monotonic_time () - start) / 1e6;
  mb_per_s = json->len * (double) rounds / seconds / 1e6;

  g_test_maximized_result (mb_per_s, "cf_json_check: %.0f MB/s on %" G_GSIZE_FORMAT " bytes",
                           mb_per_s, json->len);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 20; i++)
    g_assert_true (json_glib_accepts (json->str, json->len));
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("json-glib parse of the same body: %.0f MB/s", json->len * 20.0 / seconds / 1e6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/json-check/defaults", test_defaults);
  g_test_add_func ("/json-check/valid", test_valid);
  g_test_add_func ("/json-check/depth", test_depth);
  g_test_add_func ("/json-check/deep-nesting", test_deep_nesting);
  g_test_add_func ("/json-check/duplicate-key", test_duplicate_key);
  g_test_add_func ("/json-check/colliding-keys", test_colliding_keys);
  g_test_add_func ("/json-check/numbers", test_numbers);
  g_test_add_func ("/json-check/syntax", test_syntax);
  g_test_add_func ("/json-check/encoding", test_encoding);
  g_test_add_func ("/json-check/too-large", test_too_large);
  g_test_add_func ("/json-check/not-nul-terminated", test_not_nul_terminated);
  g_test_add_func ("/json-check/fuzz", test_fuzz);
  g_test_add_func ("/json-check/perf/throughput", test_throughput);

  return g_test_run ();
}
