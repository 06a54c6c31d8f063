/* cf-json-check.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-json-check"

#include "config.h"

#include "cf-json-check.h"

#include <math.h>
#include <string.h>

/* The one strict JSON gate of Callfloor. Every untrusted body, on the
 * server and on the client, goes through cf_json_check () before json-glib
 * sees it, because json-glib 1.6 (Debian 12) crashes on deep nesting, keeps
 * the last of two duplicate keys, turns integer overflow into -1, accepts
 * comments and single quotes, and truncates strings at an escaped NUL
 * (so `{"role\u0000x":…,"role":…}` would be a duplicate after parsing).
 *
 * The checker is a single pass over the bytes with an explicit stack of at
 * most max_depth frames, so hostile nesting costs no C stack. It never reads
 * past @length. Duplicate keys are compared on their decoded value when
 * their object closes: the keys of all open objects share one array, and an
 * object's own keys are compared pair by pair when there are few of them
 * and sorted otherwise. That keeps the worst case at O(k log k) for k keys;
 * a GHashTable with g_str_hash () takes seconds on keys crafted to collide.
 *
 * Error messages are plain English for logs and JSON error bodies. They
 * carry a byte offset (0-based) and never echo the input.
 */

#define DEFAULT_MAX_BYTES        (1024 * 1024)
#define DEFAULT_MAX_DEPTH        32
#define DEFAULT_MAX_STRING_BYTES (64 * 1024)
#define DEFAULT_MAX_ARRAY_LENGTH 1000
#define DEFAULT_MAX_KEY_BYTES    128

/* Decimal digits of 2^53; integers with fewer digits always fit. */
#define MAX_INTEGER_DIGITS "9007199254740992"

/* Longest number with a fraction or exponent handed to g_ascii_strtod ()
 * when fractions are allowed. 17 significant digits plus sign, point and
 * exponent need about 25; the rest is slack for needless zeros.
 */
#define MAX_FRACTION_CHARS 128

/* Below this many keys an object is checked pair by pair instead of sorted. */
#define SMALL_OBJECT_KEYS 8

/* Bytes that stand for themselves inside a string: printable ASCII but the
 * quote and the backslash.
 */
static const guint8 plain_string_byte[256] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x00 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x10 */
  1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x20 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x30 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x40 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,  /* 0x50 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x60 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x70 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x80 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x90 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0xA0 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0xB0 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0xC0 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0xD0 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0xE0 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0xF0 */
};

typedef enum
{
  STATE_VALUE,        /* a value must follow */
  STATE_ARRAY_START,  /* after '[': a value or ']' */
  STATE_ARRAY_NEXT,   /* after ',' in an array: a value */
  STATE_OBJECT_START, /* after '{': a key or '}' */
  STATE_OBJECT_NEXT,  /* after ',' in an object: a key */
  STATE_COLON,        /* after a key */
  STATE_AFTER_VALUE,  /* ',' or the end of the open container */
} State;

typedef struct
{
  gboolean is_object;
  guint    length;       /* elements so far, for arrays */
  gsize    keys_start;   /* first entry of this object in Checker.keys */
  gsize    bytes_start;  /* first byte of this object's keys in Checker.key_bytes */
} Frame;

typedef struct
{
  gsize offset;  /* of the key's opening quote in the input */
  gsize start;   /* decoded key in Checker.key_bytes */
  gsize length;
} KeyRef;

typedef struct
{
  const guchar       *data;
  gsize               length;
  gsize               pos;
  const CfJsonLimits *limits;
  GError            **error;

  /* The open objects and arrays, innermost last; at most max_depth. */
  Frame              *frames;
  guint               depth;
  guint               frames_size;

  /* The keys of every open object, innermost object's last. */
  KeyRef             *keys;
  gsize               n_keys;
  gsize               keys_size;

  /* Their decoded bytes. */
  guint8             *key_bytes;
  gsize               key_bytes_len;
  gsize               key_bytes_size;
} Checker;

G_DEFINE_QUARK (cf-json-check-error-quark, cf_json_check_error)

static gboolean fail (Checker          *self,
                      CfJsonCheckError  code,
                      gsize             offset,
                      const char       *format,
                      ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (Checker          *self,
      CfJsonCheckError  code,
      gsize             offset,
      const char       *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (self->error, CF_JSON_CHECK_ERROR, code,
               "%s at byte %" G_GSIZE_FORMAT, what, offset);

  return FALSE;
}

/* The length of the well-formed UTF-8 sequence at @p (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0 if there is none
 * before @end.
 */
static gsize
utf8_sequence_length (const guchar *p,
                      const guchar *end)
{
  guchar lo = 0x80;
  guchar hi = 0xBF;
  gsize n;

  if (p[0] < 0x80)
    return 1;
  else if (p[0] >= 0xC2 && p[0] <= 0xDF)
    n = 2;
  else if (p[0] >= 0xE0 && p[0] <= 0xEF)
    {
      n = 3;
      if (p[0] == 0xE0)
        lo = 0xA0;
      else if (p[0] == 0xED)
        hi = 0x9F;
    }
  else if (p[0] >= 0xF0 && p[0] <= 0xF4)
    {
      n = 4;
      if (p[0] == 0xF0)
        lo = 0x90;
      else if (p[0] == 0xF4)
        hi = 0x8F;
    }
  else
    return 0;

  if ((gsize) (end - p) < n || p[1] < lo || p[1] > hi)
    return 0;

  for (gsize i = 2; i < n; i++)
    {
      if (p[i] < 0x80 || p[i] > 0xBF)
        return 0;
    }

  return n;
}

/* Fails for a byte that cannot start what the grammar expects here, with
 * the most useful code and message.
 */
static gboolean
unexpected_byte (Checker    *self,
                 const char *expected)
{
  guchar c = self->data[self->pos];

  if (c == '\0')
    return fail (self, CF_JSON_CHECK_ERROR_ENCODING, self->pos, "NUL byte");

  if (c >= 0x80 && utf8_sequence_length (self->data + self->pos,
                                         self->data + self->length) == 0)
    return fail (self, CF_JSON_CHECK_ERROR_ENCODING, self->pos, "invalid UTF-8");

  if (c == '/')
    return fail (self, CF_JSON_CHECK_ERROR_SYNTAX, self->pos, "comment");

  if (c == '\'')
    return fail (self, CF_JSON_CHECK_ERROR_SYNTAX, self->pos, "single-quoted string");

  return fail (self, CF_JSON_CHECK_ERROR_SYNTAX, self->pos, "%s", expected);
}

static void
append_key_bytes (Checker      *self,
                  const guint8 *bytes,
                  gsize         n)
{
  if (self->key_bytes_size - self->key_bytes_len < n)
    {
      self->key_bytes_size = MAX (self->key_bytes_size * 2, self->key_bytes_len + n);
      self->key_bytes = g_realloc (self->key_bytes, self->key_bytes_size);
    }

  memcpy (self->key_bytes + self->key_bytes_len, bytes, n);
  self->key_bytes_len += n;
}

static inline void
skip_whitespace (Checker *self)
{
  while (self->pos < self->length)
    {
      guchar c = self->data[self->pos];

      if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
        break;

      self->pos++;
    }
}

/* The value of the four hex digits at @at, or -1. */
static gint
read_hex4 (Checker *self,
           gsize    at)
{
  gint value = 0;

  if (self->length - at < 4)
    return -1;

  for (gsize i = at; i < at + 4; i++)
    {
      gint digit = g_ascii_xdigit_value (self->data[i]);

      if (digit < 0)
        return -1;

      value = value * 16 + digit;
    }

  return value;
}

/* Checks the escape sequence whose backslash is at *@pos, appends what it
 * stands for to the key being read if @is_key, and moves *@pos past it.
 */
static gboolean
scan_escape (Checker  *self,
             gsize    *pos,
             gboolean  is_key)
{
  gsize at = *pos;
  gsize length = 2;
  gunichar ch;

  if (self->length - at < 2)
    return fail (self, CF_JSON_CHECK_ERROR_SYNTAX, at, "unterminated string");

  switch (self->data[at + 1])
    {
    case '"':
    case '\\':
    case '/':
      ch = self->data[at + 1];
      break;

    case 'b':
      ch = '\b';
      break;

    case 'f':
      ch = '\f';
      break;

    case 'n':
      ch = '\n';
      break;

    case 'r':
      ch = '\r';
      break;

    case 't':
      ch = '\t';
      break;

    case 'u':
      {
        gint unit = read_hex4 (self, at + 2);

        if (unit < 0)
          return fail (self, CF_JSON_CHECK_ERROR_SYNTAX, at, "invalid \\u escape");

        /* json-glib cuts the string at an escaped NUL. */
        if (unit == 0)
          return fail (self, CF_JSON_CHECK_ERROR_ENCODING, at, "escaped NUL character");

        length = 6;
        ch = unit;

        if (unit >= 0xDC00 && unit <= 0xDFFF)
          return fail (self, CF_JSON_CHECK_ERROR_ENCODING, at, "unpaired surrogate escape");

        if (unit >= 0xD800 && unit <= 0xDBFF)
          {
            gint low;

            if (self->length - at < 8
                || self->data[at + 6] != '\\'
                || self->data[at + 7] != 'u')
              return fail (self, CF_JSON_CHECK_ERROR_ENCODING, at, "unpaired surrogate escape");

            low = read_hex4 (self, at + 8);
            if (low < 0)
              return fail (self, CF_JSON_CHECK_ERROR_SYNTAX, at + 6, "invalid \\u escape");

            if (low < 0xDC00 || low > 0xDFFF)
              return fail (self, CF_JSON_CHECK_ERROR_ENCODING, at, "unpaired surrogate escape");

            length = 12;
            ch = 0x10000 + (((gunichar) unit - 0xD800) << 10) + ((gunichar) low - 0xDC00);
          }
      }
      break;

    default:
      return fail (self, CF_JSON_CHECK_ERROR_SYNTAX, at, "invalid escape");
    }

  if (is_key)
    {
      char utf8[6];
      gint n = g_unichar_to_utf8 (ch, utf8);

      append_key_bytes (self, (const guint8 *) utf8, n);
    }

  *pos = at + length;

  return TRUE;
}

/* Checks the string whose opening quote is at self->pos. A key's decoded
 * value is appended to self->key_bytes.
 */
static gboolean
scan_string (Checker  *self,
             gboolean  is_key)
{
  const guchar *data = self->data;
  gsize quote = self->pos;
  gsize start = quote + 1;
  gsize limit = is_key ? self->limits->max_key_bytes : self->limits->max_string_bytes;
  gsize stop;
  gsize pos = start;
  gsize run = start;

  /* Scanning stops one byte past the limit or at the end of the input. */
  stop = self->length - start > limit ? start + limit + 1 : self->length;

  while (TRUE)
    {
      guchar c;

      while (pos < stop && plain_string_byte[data[pos]])
        pos++;

      if (pos >= stop)
        break;

      c = data[pos];

      if (c >= 0x80)
        {
          gsize n = utf8_sequence_length (data + pos, data + self->length);

          if (n == 0)
            return fail (self, CF_JSON_CHECK_ERROR_ENCODING, pos, "invalid UTF-8");

          pos += n;
          continue;
        }

      if (c == '\0')
        return fail (self, CF_JSON_CHECK_ERROR_ENCODING, pos, "NUL byte");

      if (c < 0x20)
        return fail (self, CF_JSON_CHECK_ERROR_SYNTAX, pos, "control character in a string");

      /* A quote or a backslash: the bytes before it stand for themselves. */
      if (is_key && pos > run)
        append_key_bytes (self, data + run, pos - run);

      if (c == '"')
        {
          self->pos = pos + 1;
          return TRUE;
        }

      if (!scan_escape (self, &pos, is_key))
        return FALSE;

      run = pos;
    }

  if (pos - start > limit)
    {
      if (is_key)
        return fail (self, CF_JSON_CHECK_ERROR_TOO_LARGE, quote,
                     "key longer than %" G_GSIZE_FORMAT " bytes", limit);
      else
        return fail (self, CF_JSON_CHECK_ERROR_TOO_LARGE, quote,
                     "string longer than %" G_GSIZE_FORMAT " bytes", limit);
    }

  return fail (self, CF_JSON_CHECK_ERROR_SYNTAX, quote, "unterminated string");
}

static inline gboolean
is_digit_at (Checker *self,
             gsize    pos)
{
  return pos < self->length && g_ascii_isdigit (self->data[pos]);
}

static gboolean
scan_number (Checker *self)
{
  const guchar *data = self->data;
  gsize start = self->pos;
  gsize pos = start;
  gsize digits;
  gsize n_digits;
  gboolean is_integer = TRUE;

  if (data[pos] == '-')
    pos++;

  digits = pos;

  if (pos < self->length && data[pos] == '0')
    {
      pos++;
      if (is_digit_at (self, pos))
        return fail (self, CF_JSON_CHECK_ERROR_SYNTAX, start, "number with a leading zero");
    }
  else if (is_digit_at (self, pos))
    {
      while (is_digit_at (self, pos))
        pos++;
    }
  else
    {
      return fail (self, CF_JSON_CHECK_ERROR_SYNTAX, start, "invalid number");
    }

  n_digits = pos - digits;

  if (pos < self->length && data[pos] == '.')
    {
      is_integer = FALSE;
      pos++;

      if (!is_digit_at (self, pos))
        return fail (self, CF_JSON_CHECK_ERROR_SYNTAX, start, "invalid number");

      while (is_digit_at (self, pos))
        pos++;
    }

  if (pos < self->length && (data[pos] == 'e' || data[pos] == 'E'))
    {
      is_integer = FALSE;
      pos++;

      if (pos < self->length && (data[pos] == '+' || data[pos] == '-'))
        pos++;

      if (!is_digit_at (self, pos))
        return fail (self, CF_JSON_CHECK_ERROR_SYNTAX, start, "invalid number");

      while (is_digit_at (self, pos))
        pos++;
    }

  self->pos = pos;

  /* json-glib turns 99999999999999999999 into -1. There are no leading
   * zeros, so comparing digit counts and then digits compares values.
   */
  if (is_integer)
    {
      const gsize max_digits = strlen (MAX_INTEGER_DIGITS);

      if (n_digits > max_digits
          || (n_digits == max_digits && memcmp (data + digits, MAX_INTEGER_DIGITS, max_digits) > 0))
        return fail (self, CF_JSON_CHECK_ERROR_NUMBER, start, "integer outside -2^53..2^53");

      return TRUE;
    }

  if (!self->limits->allow_fractions)
    return fail (self, CF_JSON_CHECK_ERROR_NUMBER, start, "number with a fraction or exponent");

  /* json-glib turns 1e400 into inf, which it then writes out as "inf.0". */
  {
    char literal[MAX_FRACTION_CHARS + 1];

    if (pos - start > MAX_FRACTION_CHARS)
      return fail (self, CF_JSON_CHECK_ERROR_NUMBER, start,
                   "number longer than %d characters", MAX_FRACTION_CHARS);

    memcpy (literal, data + start, pos - start);
    literal[pos - start] = '\0';

    if (!isfinite (g_ascii_strtod (literal, NULL)))
      return fail (self, CF_JSON_CHECK_ERROR_NUMBER, start, "number out of range");
  }

  return TRUE;
}

static gboolean
scan_literal (Checker    *self,
              const char *word)
{
  gsize length = strlen (word);

  if (self->length - self->pos < length || memcmp (self->data + self->pos, word, length) != 0)
    return fail (self, CF_JSON_CHECK_ERROR_SYNTAX, self->pos, "invalid literal");

  self->pos += length;

  return TRUE;
}

static gboolean
push_frame (Checker  *self,
            gboolean  is_object)
{
  guint max_depth = self->limits->max_depth;
  Frame *frame;

  if (self->depth >= max_depth)
    return fail (self, CF_JSON_CHECK_ERROR_TOO_DEEP, self->pos,
                 "nesting deeper than %u", max_depth);

  if (self->depth == self->frames_size)
    {
      if (self->frames_size == 0)
        self->frames_size = MIN (16, max_depth);
      else
        self->frames_size = self->frames_size <= max_depth / 2 ? self->frames_size * 2 : max_depth;

      self->frames = g_renew (Frame, self->frames, self->frames_size);
    }

  frame = &self->frames[self->depth++];
  frame->is_object = is_object;
  frame->length = 0;
  frame->keys_start = self->n_keys;
  frame->bytes_start = self->key_bytes_len;

  self->pos++;

  return TRUE;
}

static inline Frame *
top_frame (Checker *self)
{
  g_assert (self->depth > 0);

  return &self->frames[self->depth - 1];
}

static gboolean
add_element (Checker *self)
{
  Frame *frame = top_frame (self);

  if (frame->length >= self->limits->max_array_length)
    return fail (self, CF_JSON_CHECK_ERROR_TOO_LARGE, self->pos,
                 "array longer than %u elements", self->limits->max_array_length);

  frame->length++;

  return TRUE;
}

static gboolean
scan_key (Checker *self)
{
  KeyRef key;

  key.offset = self->pos;
  key.start = self->key_bytes_len;

  if (!scan_string (self, TRUE))
    return FALSE;

  key.length = self->key_bytes_len - key.start;

  if (self->n_keys == self->keys_size)
    {
      self->keys_size = MAX (16, self->keys_size * 2);
      self->keys = g_renew (KeyRef, self->keys, self->keys_size);
    }

  self->keys[self->n_keys++] = key;

  return TRUE;
}

static inline gboolean
keys_equal (const guint8 *bytes,
            const KeyRef *a,
            const KeyRef *b)
{
  return a->length == b->length
         && (a->length == 0 || memcmp (bytes + a->start, bytes + b->start, a->length) == 0);
}

/* Orders keys by decoded bytes, then by position in the input. */
static gint
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const guint8 *bytes = user_data;
  const KeyRef *ka = a;
  const KeyRef *kb = b;
  gsize common = MIN (ka->length, kb->length);
  gint cmp;

  cmp = common > 0 ? memcmp (bytes + ka->start, bytes + kb->start, common) : 0;
  if (cmp != 0)
    return cmp;

  if (ka->length != kb->length)
    return ka->length < kb->length ? -1 : 1;

  return ka->offset < kb->offset ? -1 : ka->offset > kb->offset;
}

/* Fails at the first key of the innermost object that repeats an earlier one. */
static gboolean
check_duplicate_keys (Checker     *self,
                      const Frame *frame)
{
  const guint8 *bytes = self->key_bytes;
  gsize n_keys = self->n_keys - frame->keys_start;
  gsize repeat = G_MAXSIZE;
  KeyRef *keys;

  if (n_keys < 2)
    return TRUE;

  keys = self->keys + frame->keys_start;

  if (n_keys <= SMALL_OBJECT_KEYS)
    {
      for (gsize i = 1; i < n_keys && repeat == G_MAXSIZE; i++)
        {
          for (gsize j = 0; j < i; j++)
            {
              if (keys_equal (bytes, &keys[i], &keys[j]))
                {
                  repeat = keys[i].offset;
                  break;
                }
            }
        }
    }
  else
    {
      g_assert (n_keys <= G_MAXINT);
      g_qsort_with_data (keys, (gint) n_keys, sizeof (KeyRef), compare_keys, (gpointer) bytes);

      for (gsize i = 1; i < n_keys; i++)
        {
          if (keys_equal (bytes, &keys[i - 1], &keys[i]))
            repeat = MIN (repeat, keys[i].offset);
        }
    }

  if (repeat != G_MAXSIZE)
    return fail (self, CF_JSON_CHECK_ERROR_DUPLICATE_KEY, repeat, "duplicate key");

  return TRUE;
}

static gboolean
pop_frame (Checker *self)
{
  Frame *frame = top_frame (self);

  if (frame->is_object)
    {
      if (!check_duplicate_keys (self, frame))
        return FALSE;

      self->n_keys = frame->keys_start;
      self->key_bytes_len = frame->bytes_start;
    }

  self->depth--;
  self->pos++;

  return TRUE;
}

/* Checks the value starting at self->pos; opening an object or array moves
 * to the state that reads its contents.
 */
static gboolean
scan_value (Checker *self,
            State   *state)
{
  *state = STATE_AFTER_VALUE;

  switch (self->data[self->pos])
    {
    case '{':
      *state = STATE_OBJECT_START;
      return push_frame (self, TRUE);

    case '[':
      *state = STATE_ARRAY_START;
      return push_frame (self, FALSE);

    case '"':
      return scan_string (self, FALSE);

    case 't':
      return scan_literal (self, "true");

    case 'f':
      return scan_literal (self, "false");

    case 'n':
      return scan_literal (self, "null");

    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return scan_number (self);

    default:
      return unexpected_byte (self, "expected a value");
    }
}

static gboolean
scan_document (Checker *self)
{
  State state = STATE_VALUE;

  skip_whitespace (self);

  if (self->pos >= self->length)
    return fail (self, CF_JSON_CHECK_ERROR_SYNTAX, self->pos, "no JSON value");

  if (self->data[self->pos] != '{' && self->data[self->pos] != '[')
    return unexpected_byte (self, "top-level value is not an object or array");

  while (TRUE)
    {
      guchar c;

      skip_whitespace (self);

      if (self->pos >= self->length)
        {
          if (state == STATE_AFTER_VALUE && self->depth == 0)
            return TRUE;

          return fail (self, CF_JSON_CHECK_ERROR_SYNTAX, self->pos, "unexpected end of input");
        }

      c = self->data[self->pos];

      switch (state)
        {
        case STATE_ARRAY_START:
          if (c == ']')
            {
              if (!pop_frame (self))
                return FALSE;

              state = STATE_AFTER_VALUE;
              break;
            }

          if (!add_element (self) || !scan_value (self, &state))
            return FALSE;
          break;

        case STATE_ARRAY_NEXT:
          if (c == ']')
            return fail (self, CF_JSON_CHECK_ERROR_SYNTAX, self->pos, "trailing comma");

          if (!add_element (self) || !scan_value (self, &state))
            return FALSE;
          break;

        case STATE_VALUE:
          if (!scan_value (self, &state))
            return FALSE;
          break;

        case STATE_OBJECT_START:
        case STATE_OBJECT_NEXT:
          if (c == '}' && state == STATE_OBJECT_START)
            {
              if (!pop_frame (self))
                return FALSE;

              state = STATE_AFTER_VALUE;
            }
          else if (c == '}')
            {
              return fail (self, CF_JSON_CHECK_ERROR_SYNTAX, self->pos, "trailing comma");
            }
          else if (c == '"')
            {
              if (!scan_key (self))
                return FALSE;

              state = STATE_COLON;
            }
          else
            {
              return unexpected_byte (self, "expected a string key");
            }
          break;

        case STATE_COLON:
          if (c != ':')
            return unexpected_byte (self, "expected ':'");

          self->pos++;
          state = STATE_VALUE;
          break;

        case STATE_AFTER_VALUE:
          if (self->depth == 0)
            return unexpected_byte (self, "data after the top-level value");

          if (c == ',')
            {
              self->pos++;
              state = top_frame (self)->is_object ? STATE_OBJECT_NEXT : STATE_ARRAY_NEXT;
            }
          else if (c == (top_frame (self)->is_object ? '}' : ']'))
            {
              if (!pop_frame (self))
                return FALSE;
            }
          else if (top_frame (self)->is_object)
            {
              return unexpected_byte (self, "expected ',' or '}'");
            }
          else
            {
              return unexpected_byte (self, "expected ',' or ']'");
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/**
 * cf_json_limits_init_default:
 * @limits: the limits to fill in
 *
 * Sets @limits to what the sync protocol allows: 1 MiB bodies, nesting 32
 * deep, strings up to 64 KiB, arrays up to 1000 elements, keys up to 128
 * bytes and integers only.
 */
void
cf_json_limits_init_default (CfJsonLimits *limits)
{
  g_return_if_fail (limits != NULL);

  limits->max_bytes = DEFAULT_MAX_BYTES;
  limits->max_depth = DEFAULT_MAX_DEPTH;
  limits->max_string_bytes = DEFAULT_MAX_STRING_BYTES;
  limits->max_array_length = DEFAULT_MAX_ARRAY_LENGTH;
  limits->max_key_bytes = DEFAULT_MAX_KEY_BYTES;
  limits->allow_fractions = FALSE;
}

/**
 * cf_json_check:
 * @data: (array length=length): the untrusted body, not necessarily nul-terminated
 * @length: the number of bytes in @data
 * @limits: (nullable): the limits to enforce, or %NULL for the defaults
 * @error: return location for a #CfJsonCheckError
 *
 * Checks that @data is strict RFC 8259 JSON that json-glib will parse to
 * exactly what it says: UTF-8 without NUL, an object or array at the top,
 * no duplicate keys, integers within ±2^53 and, unless
 * @limits->allow_fractions, nothing but integers. Reads no byte past
 * @length and uses no recursion.
 *
 * Returns: %TRUE if @data may be handed to json-glib
 */
gboolean
cf_json_check (const char          *data,
               gsize                length,
               const CfJsonLimits  *limits,
               GError             **error)
{
  CfJsonLimits defaults;
  Checker self = { 0 };
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (limits == NULL)
    {
      cf_json_limits_init_default (&defaults);
      limits = &defaults;
    }

  self.data = (const guchar *) data;
  self.length = length;
  self.limits = limits;
  self.error = error;

  if (length > limits->max_bytes)
    return fail (&self, CF_JSON_CHECK_ERROR_TOO_LARGE, limits->max_bytes,
                 "body larger than %" G_GSIZE_FORMAT " bytes", limits->max_bytes);

  ok = scan_document (&self);

  g_free (self.frames);
  g_free (self.keys);
  g_free (self.key_bytes);

  return ok;
}
