/* cf-csv.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-csv"

#include "config.h"

#include "cf-csv.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

/* The one CSV reader and writer of Callfloor. Every import (staff lists,
 * schedules, contacts) reads through cf_csv_parse () and every export writes
 * through cf_csv_append_record (), so encodings, quoting and limits behave
 * the same everywhere.
 *
 * Files come from Excel and WPS on Chinese Windows as often as from
 * LibreOffice, so besides UTF-8 (with or without a byte-order mark) the
 * reader accepts GB18030, the superset of GBK that "CSV (comma delimited)"
 * is saved in there.
 */

typedef struct
{
  const char *p;
  const char *end;
  char        delimiter;
  guint       line;
} Scanner;

G_DEFINE_QUARK (cf-csv-error-quark, cf_csv_error)

static inline gboolean
is_line_end (char c)
{
  return c == '\n' || c == '\r';
}

/* The 1-based physical line of @offset in @data, counting LF, CRLF and a
 * lone CR as one line end each, the same way the parser counts them.
 */
static guint
line_at_offset (const char *data,
                gsize       len,
                gsize       offset)
{
  guint line = 1;

  g_assert (offset <= len);

  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        line++;
      else if (data[i] == '\r' && (i + 1 >= len || data[i + 1] != '\n'))
        line++;
    }

  return line;
}

/* Turns the raw bytes into UTF-8 text. Returns the text (newly allocated)
 * and its length, or NULL with @error set.
 */
static char *
decode (const char     *data,
        gsize           len,
        CfCsvEncoding  *out_encoding,
        gsize          *out_len,
        GError        **error)
{
  g_autoptr (GError) convert_error = NULL;
  g_autofree char *converted = NULL;
  const char *nul;
  const char *utf8_end;
  gsize bytes_read = 0;
  gsize bytes_written = 0;
  gsize bad_offset;

  nul = memchr (data, '\0', len);
  if (nul != NULL)
    {
      g_set_error (error, CF_CSV_ERROR, CF_CSV_ERROR_ENCODING,
                   /* translators: %u is a line number; an .xlsx or UTF-16 file was picked */
                   _("Line %u: the file contains binary data, not CSV text. "
                     "Save it from the spreadsheet as “CSV UTF-8” and try again."),
                   line_at_offset (data, len, nul - data));
      return NULL;
    }

  if (len >= 3 && memcmp (data, CF_CSV_UTF8_BOM, 3) == 0)
    {
      /* The mark says UTF-8; do not second-guess it with GB18030. */
      data += 3;
      len -= 3;

      if (!g_utf8_validate_len (data, len, &utf8_end))
        {
          g_set_error (error, CF_CSV_ERROR, CF_CSV_ERROR_ENCODING,
                       /* translators: %u is a line number */
                       _("Line %u: the file is marked as UTF-8 but contains "
                         "bytes that are not valid UTF-8"),
                       line_at_offset (data, len, utf8_end - data));
          return NULL;
        }

      *out_encoding = CF_CSV_ENCODING_UTF8_BOM;
      *out_len = len;
      return g_strndup (data, len);
    }

  if (g_utf8_validate_len (data, len, &utf8_end))
    {
      *out_encoding = CF_CSV_ENCODING_UTF8;
      *out_len = len;
      return g_strndup (data, len);
    }

  /* g_convert () stops without an error at a sequence cut short by the end
   * of the input when bytes_read is asked for, so check that it read all.
   */
  converted = g_convert (data, len, "UTF-8", "GB18030",
                         &bytes_read, &bytes_written, &convert_error);
  if (converted != NULL && bytes_read == len)
    {
      *out_encoding = CF_CSV_ENCODING_GB18030;
      *out_len = bytes_written;
      return g_steal_pointer (&converted);
    }

  /* Neither decoder gets through. ASCII reads the same in both, so the one
   * that got further has proven more of the file to be in its encoding; the
   * byte it stopped at is the one the person needs to look at.
   */
  if (convert_error != NULL &&
      !g_error_matches (convert_error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE) &&
      !g_error_matches (convert_error, G_CONVERT_ERROR, G_CONVERT_ERROR_PARTIAL_INPUT))
    {
      g_debug ("Cannot convert from GB18030: %s", convert_error->message);
      bytes_read = 0;
    }
  bad_offset = MAX ((gsize) (utf8_end - data), bytes_read);

  g_set_error (error, CF_CSV_ERROR, CF_CSV_ERROR_ENCODING,
               /* translators: %u is a line number */
               _("Line %u: the file is neither UTF-8 nor GB18030 text. "
                 "Save it from the spreadsheet as “CSV UTF-8” and try again."),
               line_at_offset (data, len, bad_offset));
  return NULL;
}

/* Picks the delimiter from the first non-blank line: a comma, unless that
 * line has tabs and no commas (tab), or semicolons and neither commas nor
 * tabs (semicolon, as Excel writes in locales with a decimal comma).
 * Quoted fields are skipped so a quoted "Name, full" does not count.
 */
static char
detect_delimiter (const char *p,
                  const char *end)
{
  guint commas = 0;
  guint tabs = 0;
  guint semicolons = 0;
  gboolean field_start = TRUE;
  gboolean seen_text = FALSE;

  while (p < end)
    {
      char c = *p;

      if (is_line_end (c))
        {
          if (seen_text)
            break;
          field_start = TRUE;
          p++;
          continue;
        }

      if (c == ' ')
        {
          p++;
          continue;
        }

      seen_text = TRUE;

      if (c == '"' && field_start)
        {
          for (p++; p < end; p++)
            {
              if (*p == '"')
                {
                  if (p + 1 < end && p[1] == '"')
                    p++;
                  else
                    break;
                }
            }

          field_start = FALSE;
          if (p < end)
            p++;
          continue;
        }

      if (c == ',')
        commas++;
      else if (c == '\t')
        tabs++;
      else if (c == ';')
        semicolons++;

      field_start = (c == ',' || c == '\t' || c == ';');
      p++;
    }

  if (commas == 0 && tabs > 0)
    return '\t';
  if (commas == 0 && semicolons > 0)
    return ';';
  return ',';
}

/* Consumes a line end at s->p, if there is one. */
static void
skip_line_end (Scanner *s)
{
  g_assert (s->p < s->end && is_line_end (*s->p));

  if (*s->p == '\r' && s->p + 1 < s->end && s->p[1] == '\n')
    s->p += 2;
  else
    s->p++;

  s->line++;
}

/* Appends the unquoted run up to the next delimiter or line end. */
static void
append_unquoted (Scanner *s,
                 GString *field)
{
  const char *start = s->p;

  while (s->p < s->end && *s->p != s->delimiter && !is_line_end (*s->p))
    s->p++;

  g_string_append_len (field, start, s->p - start);
}

/* Reads one field into @field, leaving s->p at the delimiter, the line end
 * or the end of the input.
 */
static gboolean
read_field (Scanner   *s,
            GString   *field,
            gboolean  *out_quoted,
            GError   **error)
{
  guint field_line;
  gsize keep = 0;

  g_string_truncate (field, 0);

  while (s->p < s->end && *s->p == ' ')
    s->p++;

  field_line = s->line;
  *out_quoted = (s->p < s->end && *s->p == '"');

  if (*out_quoted)
    {
      s->p++;

      for (;;)
        {
          const char *start = s->p;

          while (s->p < s->end && *s->p != '"' && !is_line_end (*s->p))
            s->p++;
          g_string_append_len (field, start, s->p - start);

          if (s->p == s->end)
            {
              g_set_error (error, CF_CSV_ERROR, CF_CSV_ERROR_SYNTAX,
                           /* translators: %u is the line number where the field starts */
                           _("Line %u: a quoted field is not closed"),
                           field_line);
              return FALSE;
            }

          if (is_line_end (*s->p))
            {
              /* Line breaks inside a field become "\n" whatever the file uses. */
              skip_line_end (s);
              g_string_append_c (field, '\n');
            }
          else if (s->p + 1 < s->end && s->p[1] == '"')
            {
              g_string_append_c (field, '"');
              s->p += 2;
            }
          else
            {
              s->p++;
              break;
            }
        }

      /* Text after the closing quote ("abc"def) is not valid CSV; keep it
       * literally, as spreadsheets do, rather than lose the row.
       */
      keep = field->len;
    }

  append_unquoted (s, field);

  while (field->len > keep && field->str[field->len - 1] == ' ')
    g_string_truncate (field, field->len - 1);

  if (field->len > CF_CSV_MAX_FIELD_BYTES)
    {
      g_set_error (error, CF_CSV_ERROR, CF_CSV_ERROR_TOO_LARGE,
                   /* translators: a line number, then the largest field size in bytes */
                   _("Line %u: a field is longer than the limit of %u bytes"),
                   field_line, (guint) CF_CSV_MAX_FIELD_BYTES);
      return FALSE;
    }

  return TRUE;
}

/* Reads the record starting at s->p. Sets @out_record to NULL for a blank
 * line (nothing but spaces).
 */
static gboolean
read_record (Scanner      *s,
             GString      *field,
             CfCsvRecord **out_record,
             GError      **error)
{
  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (CfCsvRecord) record = NULL;
  gboolean first_quoted = FALSE;
  guint start_line = s->line;

  for (;;)
    {
      gboolean quoted;

      if (!read_field (s, field, &quoted, error))
        return FALSE;

      if (fields->len == CF_CSV_MAX_FIELDS)
        {
          g_set_error (error, CF_CSV_ERROR, CF_CSV_ERROR_TOO_LARGE,
                       /* translators: a line number, then the largest number of columns */
                       _("Line %u: a row has more than the limit of %u columns"),
                       start_line, (guint) CF_CSV_MAX_FIELDS);
          return FALSE;
        }

      if (fields->len == 0)
        first_quoted = quoted;
      g_ptr_array_add (fields, g_strndup (field->str, field->len));

      if (s->p == s->end)
        break;

      if (*s->p == s->delimiter)
        {
          s->p++;
          continue;
        }

      skip_line_end (s);
      break;
    }

  if (fields->len == 1 && !first_quoted && ((char *) fields->pdata[0])[0] == '\0')
    {
      *out_record = NULL;
      return TRUE;
    }

  g_ptr_array_add (fields, NULL);

  record = g_new0 (CfCsvRecord, 1);
  record->line = start_line;
  record->fields = (GStrv) g_ptr_array_free (g_steal_pointer (&fields), FALSE);

  *out_record = g_steal_pointer (&record);
  return TRUE;
}

/**
 * cf_csv_record_free:
 * @record: (nullable): a record from cf_csv_parse ()
 *
 * Frees @record and its fields.
 */
void
cf_csv_record_free (CfCsvRecord *record)
{
  if (record == NULL)
    return;

  g_strfreev (record->fields);
  g_free (record);
}

/**
 * cf_csv_parse:
 * @data: the whole file
 * @out_encoding: (out) (optional): the encoding the file was in
 * @out_delimiter: (out) (optional): ',', '\t' or ';'
 * @error: return location for a #CfCsvError
 *
 * Parses a CSV file as RFC 4180 describes it, with the leniency files from
 * spreadsheets need:
 *
 * - The encoding is UTF-8 with a byte-order mark (stripped), UTF-8, or else
 *   GB18030; anything else, or a zero byte, is %CF_CSV_ERROR_ENCODING.
 * - The delimiter is a comma unless the first non-blank line has no commas
 *   but tabs (then tab) or semicolons (then semicolon).
 * - Quoted fields may hold delimiters, doubled quotes and line breaks; line
 *   breaks inside a field are returned as "\n". Text between a closing quote
 *   and the delimiter is kept literally.
 * - ASCII spaces around unquoted fields (and around the quotes of quoted
 *   ones) are trimmed; a quote inside an unquoted field is kept literally.
 * - LF, CRLF and CR all end a line. Lines with nothing but spaces are
 *   skipped.
 *
 * Rows may have different numbers of fields; checking them is the caller's
 * business. Error messages name the line and are meant to be shown as they
 * are.
 *
 * Returns: (transfer full) (element-type CfCsvRecord): the records, at least
 *   one, or %NULL with @error set
 */
GPtrArray *
cf_csv_parse (GBytes         *data,
              CfCsvEncoding  *out_encoding,
              char           *out_delimiter,
              GError        **error)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GString) field = NULL;
  g_autofree char *text = NULL;
  CfCsvEncoding encoding;
  const char *raw;
  gsize raw_len;
  gsize text_len;
  Scanner s;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  raw = g_bytes_get_data (data, &raw_len);

  if (raw_len > CF_CSV_MAX_INPUT_BYTES)
    {
      g_set_error (error, CF_CSV_ERROR, CF_CSV_ERROR_TOO_LARGE,
                   /* translators: %u is the largest file size in MiB */
                   _("The file is larger than the limit of %u MiB"),
                   (guint) (CF_CSV_MAX_INPUT_BYTES / (1024 * 1024)));
      return NULL;
    }

  if (raw_len == 0 || (raw_len == 3 && memcmp (raw, CF_CSV_UTF8_BOM, 3) == 0))
    {
      g_set_error_literal (error, CF_CSV_ERROR, CF_CSV_ERROR_EMPTY,
                           _("The file is empty"));
      return NULL;
    }

  text = decode (raw, raw_len, &encoding, &text_len, error);
  if (text == NULL)
    return NULL;

  s.p = text;
  s.end = text + text_len;
  s.delimiter = detect_delimiter (s.p, s.end);
  s.line = 1;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_csv_record_free);
  field = g_string_sized_new (256);

  while (s.p < s.end)
    {
      CfCsvRecord *record;

      if (!read_record (&s, field, &record, error))
        return NULL;

      if (record == NULL)
        continue;

      if (records->len == CF_CSV_MAX_RECORDS)
        {
          g_set_error (error, CF_CSV_ERROR, CF_CSV_ERROR_TOO_LARGE,
                       /* translators: a line number, then the largest number of rows */
                       _("Line %u: the file has more than the limit of %u rows"),
                       record->line, (guint) CF_CSV_MAX_RECORDS);
          cf_csv_record_free (record);
          return NULL;
        }

      g_ptr_array_add (records, record);
    }

  if (records->len == 0)
    {
      g_set_error_literal (error, CF_CSV_ERROR, CF_CSV_ERROR_EMPTY,
                           _("The file has only blank lines"));
      return NULL;
    }

  if (out_encoding != NULL)
    *out_encoding = encoding;
  if (out_delimiter != NULL)
    *out_delimiter = s.delimiter;

  return g_steal_pointer (&records);
}

/* Excel, LibreOffice and WPS evaluate a cell that starts like a formula,
 * even from a CSV file (CSV injection); a leading apostrophe makes it text.
 */
static gboolean
starts_like_formula (const char *field)
{
  return field[0] != '\0' && strchr ("=+-@\t\r", field[0]) != NULL;
}

static gboolean
needs_quotes (const char *field)
{
  gsize len = strlen (field);

  /* Tabs and semicolons are quoted too, so that cf_csv_parse () cannot take
   * either for the delimiter of a file we wrote.
   */
  return strpbrk (field, ",\"\r\n\t;") != NULL ||
         (len > 0 && (field[0] == ' ' || field[len - 1] == ' '));
}

/**
 * cf_csv_append_record:
 * @out: the string to append to
 * @fields: (array length=n_fields) (nullable): UTF-8 fields; %NULL entries
 *   are written as empty fields
 * @n_fields: the number of @fields
 *
 * Appends one comma-separated record ending in CRLF. Fields with commas,
 * quotes, line breaks, tabs, semicolons or leading or trailing spaces are
 * quoted. A field starting with = + - @, a tab or a CR gets a leading
 * apostrophe so spreadsheets do not run it as a formula; cf_csv_parse ()
 * returns it with the apostrophe.
 *
 * Start a file with %CF_CSV_UTF8_BOM so Excel reads it as UTF-8.
 */
void
cf_csv_append_record (GString            *out,
                      const char * const *fields,
                      gsize               n_fields)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (fields != NULL || n_fields == 0);

  for (gsize i = 0; i < n_fields; i++)
    {
      const char *field = fields[i] != NULL ? fields[i] : "";
      /* A lone empty field would read back as a blank line, and be skipped. */
      gboolean quote = needs_quotes (field) || (n_fields == 1 && field[0] == '\0');

      if (i > 0)
        g_string_append_c (out, ',');

      if (quote)
        g_string_append_c (out, '"');

      if (starts_like_formula (field))
        g_string_append_c (out, '\'');

      if (quote)
        {
          for (const char *p = field; *p != '\0'; p++)
            {
              if (*p == '"')
                g_string_append_c (out, '"');
              g_string_append_c (out, *p);
            }
          g_string_append_c (out, '"');
        }
      else
        {
          g_string_append (out, field);
        }
    }

  g_string_append (out, "\r\n");
}

/* Reading columns ------------------------------------------------------------- */

/**
 * cf_csv_normalize_header:
 *
 * Returns: (transfer full): @header case-folded, without spaces (ideographic
 *   ones too), dashes, dots and slashes, for comparing column names
 */
char *
cf_csv_normalize_header (const char *header)
{
  g_autofree char *folded = g_utf8_casefold (header, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != '-' && c != '.' && c != '/' && c != 0x3000)
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
header_matches (const CfCsvColumn *column,
                const char        *normalized)
{
  g_autofree char *english = cf_csv_normalize_header (column->label);
  g_autofree char *translated = cf_csv_normalize_header (g_dgettext (GETTEXT_PACKAGE,
                                                                     column->label));

  if (g_str_equal (normalized, english) || g_str_equal (normalized, translated))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (column->aliases) && column->aliases[i] != NULL; i++)
    {
      if (g_str_equal (normalized, column->aliases[i]))
        return TRUE;
    }

  return FALSE;
}

/**
 * cf_csv_map_columns:
 * @header: the fields of the file's first line
 * @positions: (out caller-allocates) (array length=n_columns): where each of
 *   @columns is in @header, or -1 when the file does not have it
 *
 * Finds @columns in @header; the first field that matches a column takes it.
 */
void
cf_csv_map_columns (const char * const *header,
                    const CfCsvColumn  *columns,
                    guint               n_columns,
                    int                *positions)
{
  g_return_if_fail (header != NULL);
  g_return_if_fail (columns != NULL || n_columns == 0);

  for (guint c = 0; c < n_columns; c++)
    positions[c] = -1;

  for (guint i = 0; header[i] != NULL; i++)
    {
      g_autofree char *normalized = cf_csv_normalize_header (header[i]);

      for (guint c = 0; c < n_columns; c++)
        {
          if (positions[c] < 0 && header_matches (&columns[c], normalized))
            {
              positions[c] = i;
              break;
            }
        }
    }
}

/**
 * cf_csv_record_is_blank:
 *
 * Strips the blanks around each of @record's fields.
 *
 * Returns: whether nothing is left: spreadsheets write rows of empty cells
 *   below the data.
 */
gboolean
cf_csv_record_is_blank (CfCsvRecord *record)
{
  gboolean blank = TRUE;

  g_return_val_if_fail (record != NULL, TRUE);

  for (guint f = 0; record->fields[f] != NULL; f++)
    {
      g_strstrip (record->fields[f]);
      blank = blank && record->fields[f][0] == '\0';
    }

  return blank;
}

/**
 * cf_csv_record_cell:
 * @position: a column's position from cf_csv_map_columns (), -1 for none
 *
 * Exports neutralise formulas with a leading apostrophe (see
 * cf_csv_append_record ()); it is taken off again.
 *
 * Returns: (transfer full): the cell's text, "" when the row is shorter or
 *   the column missing
 */
char *
cf_csv_record_cell (CfCsvRecord *record,
                    int          position)
{
  const char *text;

  g_return_val_if_fail (record != NULL, NULL);

  if (position < 0 || (guint) position >= g_strv_length (record->fields))
    return g_strdup ("");

  text = record->fields[position];
  if (text[0] == '\'' && text[1] != '\0' && strchr ("=+-@", text[1]) != NULL)
    return g_strdup (text + 1);

  return g_strdup (text);
}

/**
 * cf_csv_parse_date:
 *
 * Reads a date as spreadsheets write it: 2026-03-01, 2026/3/1, 2026.3.1 or
 * 2026年3月1日.
 *
 * Returns: (transfer full) (nullable): the date as YYYY-MM-DD, or %NULL
 *   when @text is not a valid date
 */
char *
cf_csv_parse_date (const char *text)
{
  unsigned year, month, day;
  int end = -1;

  g_return_val_if_fail (text != NULL, NULL);

  if (!((sscanf (text, "%u-%u-%u%n", &year, &month, &day, &end) == 3 && text[end] == '\0') ||
        (sscanf (text, "%u/%u/%u%n", &year, &month, &day, &end) == 3 && text[end] == '\0') ||
        (sscanf (text, "%u.%u.%u%n", &year, &month, &day, &end) == 3 && text[end] == '\0') ||
        (sscanf (text, "%u年%u月%u日%n", &year, &month, &day, &end) == 3 && text[end] == '\0')))
    return NULL;

  if (year < 1900 || year > 2999 || month > 12 || day > 31 ||
      !g_date_valid_dmy (day, month, year))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}
