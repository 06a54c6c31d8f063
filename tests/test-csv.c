/* test-csv.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib.h>

#include "cf-csv.h"

#define STAFF_UTF8 "工号,姓名\n1001,张伟\n1002,李娜\n"

static GPtrArray *
parse_len (const char     *text,
           gsize           len,
           CfCsvEncoding  *out_encoding,
           char           *out_delimiter,
           GError        **error)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, len);

  return cf_csv_parse (bytes, out_encoding, out_delimiter, error);
}

static GPtrArray *
parse (const char     *text,
       GError        **error)
{
  return parse_len (text, strlen (text), NULL, NULL, error);
}

static void
assert_record (GPtrArray *records,
               guint      index,
               guint      line,
               ...)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) expected = NULL;
  const CfCsvRecord *record;
  const char *field;
  va_list args;

  g_assert_cmpuint (index, <, records->len);
  record = g_ptr_array_index (records, index);

  va_start (args, line);
  while ((field = va_arg (args, const char *)) != NULL)
    g_strv_builder_add (builder, field);
  va_end (args);
  expected = g_strv_builder_end (builder);

  g_assert_cmpstrv (record->fields, expected);
  g_assert_cmpuint (record->line, ==, line);
}

static void
assert_error_on_line (const GError *error,
                      CfCsvError    code,
                      guint         line)
{
  g_autofree char *needle = g_strdup_printf ("Line %u:", line);

  g_assert_error (error, CF_CSV_ERROR, (int) code);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not name line %u", error->message, line);
}

static void
assert_staff (GPtrArray *records)
{
  g_assert_cmpuint (records->len, ==, 3);
  assert_record (records, 0, 1, "工号", "姓名", NULL);
  assert_record (records, 1, 2, "1001", "张伟", NULL);
  assert_record (records, 2, 3, "1002", "李娜", NULL);
}

static void
test_utf8 (void)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  CfCsvEncoding encoding = CF_CSV_ENCODING_GB18030;
  char delimiter = 0;

  records = parse_len (STAFF_UTF8, strlen (STAFF_UTF8), &encoding, &delimiter, &error);
  g_assert_no_error (error);
  g_assert_cmpint (encoding, ==, CF_CSV_ENCODING_UTF8);
  g_assert_cmpint (delimiter, ==, ',');
  assert_staff (records);
}

static void
test_utf8_bom (void)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  const char *text = CF_CSV_UTF8_BOM STAFF_UTF8;
  CfCsvEncoding encoding = CF_CSV_ENCODING_UTF8;

  records = parse_len (text, strlen (text), &encoding, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (encoding, ==, CF_CSV_ENCODING_UTF8_BOM);
  /* The mark must not stick to the first header. */
  assert_staff (records);
}

static void
test_utf8_bom_invalid (void)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  /* Valid GB18030 ("张" is D5 C5), but the mark promises UTF-8. */
  const char *text = CF_CSV_UTF8_BOM "a,b\n1,\xD5\xC5\n";

  records = parse (text, &error);
  g_assert_null (records);
  assert_error_on_line (error, CF_CSV_ERROR_ENCODING, 2);
}

static void
test_gb18030 (void)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *gb = NULL;
  CfCsvEncoding encoding = CF_CSV_ENCODING_UTF8;
  char delimiter = 0;
  gsize len = 0;

  gb = g_convert (STAFF_UTF8, -1, "GB18030", "UTF-8", NULL, &len, &error);
  g_assert_no_error (error);
  /* Otherwise the test would prove nothing. */
  g_assert_false (g_utf8_validate_len (gb, len, NULL));

  records = parse_len (gb, len, &encoding, &delimiter, &error);
  g_assert_no_error (error);
  g_assert_cmpint (encoding, ==, CF_CSV_ENCODING_GB18030);
  g_assert_cmpint (delimiter, ==, ',');
  assert_staff (records);
}

static void
test_gb18030_crlf_quoted (void)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *gb = NULL;
  const char *utf8 = "工号,备注\r\n1001,\"夜班, 周末\r\n可加班\"\r\n1002,王芳\r\n";
  CfCsvEncoding encoding = CF_CSV_ENCODING_UTF8;
  gsize len = 0;

  gb = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, &len, &error);
  g_assert_no_error (error);

  records = parse_len (gb, len, &encoding, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (encoding, ==, CF_CSV_ENCODING_GB18030);
  g_assert_cmpuint (records->len, ==, 3);
  assert_record (records, 1, 2, "1001", "夜班, 周末\n可加班", NULL);
  assert_record (records, 2, 4, "1002", "王芳", NULL);
}

static void
test_quoted (void)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;

  records = parse ("id,note\n"
                   "1,\"Wang, Fang\"\n"
                   "2,\"say \"\"hi\"\"\"\n"
                   "3,\"line one\nline two\n\nline four\"\n"
                   "4,\"\"\n"
                   "5,after\n",
                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 6);
  assert_record (records, 0, 1, "id", "note", NULL);
  assert_record (records, 1, 2, "1", "Wang, Fang", NULL);
  assert_record (records, 2, 3, "2", "say \"hi\"", NULL);
  assert_record (records, 3, 4, "3", "line one\nline two\n\nline four", NULL);
  assert_record (records, 4, 8, "4", "", NULL);
  assert_record (records, 5, 9, "5", "after", NULL);
}

static void
test_line_ends (void)
{
  const char *texts[] = {
    "a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n",
    "a,b\r1,\"x\ry\"\r2,z\r",
    "a,b\n1,\"x\ny\"\n2,z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (GPtrArray) records = NULL;
      g_autoptr (GError) error = NULL;

      records = parse (texts[i], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (records->len, ==, 3);
      assert_record (records, 0, 1, "a", "b", NULL);
      assert_record (records, 1, 2, "1", "x\ny", NULL);
      assert_record (records, 2, 4, "2", "z", NULL);
    }
}

static void
test_tab (void)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  const char *text = "工号\t姓名\t备注\n1001\t张伟\t夜班, 周末\n";
  char delimiter = 0;

  records = parse_len (text, strlen (text), NULL, &delimiter, &error);
  g_assert_no_error (error);
  g_assert_cmpint (delimiter, ==, '\t');
  g_assert_cmpuint (records->len, ==, 2);
  assert_record (records, 1, 2, "1001", "张伟", "夜班, 周末", NULL);
}

static void
test_semicolon (void)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  const char *text = "name;\"score, final\"\nWang;1,5\n";
  char delimiter = 0;

  records = parse_len (text, strlen (text), NULL, &delimiter, &error);
  g_assert_no_error (error);
  g_assert_cmpint (delimiter, ==, ';');
  assert_record (records, 0, 1, "name", "score, final", NULL);
  assert_record (records, 1, 2, "Wang", "1,5", NULL);
}

static void
test_comma_wins (void)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  const char *text = "a;b,c\td\n";
  char delimiter = 0;

  records = parse_len (text, strlen (text), NULL, &delimiter, &error);
  g_assert_no_error (error);
  g_assert_cmpint (delimiter, ==, ',');
  assert_record (records, 0, 1, "a;b", "c\td", NULL);
}

static void
test_blank_lines (void)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;

  records = parse ("\n\r\na\tb\n\n   \n1\t2\n\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  assert_record (records, 0, 3, "a", "b", NULL);
  assert_record (records, 1, 6, "1", "2", NULL);
}

static void
test_trim (void)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;

  records = parse ("  a  , \"  b  \" ,c d,,\"\"\n", &error);
  g_assert_no_error (error);
  assert_record (records, 0, 1, "a", "  b  ", "c d", "", "", NULL);
}

static void
test_stray_quote (void)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;

  records = parse ("size,model\n"
                   "5\" screen,O'Brien \"X\"\n"
                   "\"quoted\"tail,next\n",
                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  assert_record (records, 1, 2, "5\" screen", "O'Brien \"X\"", NULL);
  assert_record (records, 2, 3, "quotedtail", "next", NULL);
}

static void
test_unterminated_quote (void)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;

  records = parse ("id,note\n1,ok\n2,\"open\nstill open\n3,x\n", &error);
  g_assert_null (records);
  assert_error_on_line (error, CF_CSV_ERROR_SYNTAX, 3);
  g_assert_nonnull (strstr (error->message, "not closed"));
}

static void
test_invalid_encoding (void)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  /* 0x81 starts a GB18030 sequence but 0x20 cannot follow it; neither is
   * valid UTF-8.
   */
  const char text[] = "id,name\n1,ok\n2,\x81\x20x\n";

  records = parse_len (text, sizeof text - 1, NULL, NULL, &error);
  g_assert_null (records);
  assert_error_on_line (error, CF_CSV_ERROR_ENCODING, 3);
}

static void
test_invalid_encoding_truncated (void)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  /* A GB18030 lead byte cut off by the end of the file. */
  const char text[] = "id,name\n1,\xD5\xC5\n2,\xD5";

  records = parse_len (text, sizeof text - 1, NULL, NULL, &error);
  g_assert_null (records);
  assert_error_on_line (error, CF_CSV_ERROR_ENCODING, 3);
}

static void
test_nul (void)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  const char text[] = "id,name\n1,a\0b\n";

  records = parse_len (text, sizeof text - 1, NULL, NULL, &error);
  g_assert_null (records);
  assert_error_on_line (error, CF_CSV_ERROR_ENCODING, 2);
}

static void
test_empty (void)
{
  const char *texts[] = { "", CF_CSV_UTF8_BOM, "\n\r\n  \n" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (GPtrArray) records = NULL;
      g_autoptr (GError) error = NULL;

      records = parse (texts[i], &error);
      g_assert_null (records);
      g_assert_error (error, CF_CSV_ERROR, CF_CSV_ERROR_EMPTY);
    }
}

static void
test_limit_field (void)
{
  g_autoptr (GString) text = g_string_new ("id,note\n1,");
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < CF_CSV_MAX_FIELD_BYTES; i++)
    g_string_append_c (text, 'x');

  records = parse (text->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (((CfCsvRecord *) records->pdata[1])->fields[1]), ==,
                    CF_CSV_MAX_FIELD_BYTES);
  g_clear_pointer (&records, g_ptr_array_unref);

  g_string_append (text, "x\n");
  records = parse (text->str, &error);
  g_assert_null (records);
  assert_error_on_line (error, CF_CSV_ERROR_TOO_LARGE, 2);
}

static void
test_limit_quoted_field (void)
{
  g_autoptr (GString) text = g_string_new ("id,note\n1,\"a\n");
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < CF_CSV_MAX_FIELD_BYTES; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\"\n");

  records = parse (text->str, &error);
  g_assert_null (records);
  assert_error_on_line (error, CF_CSV_ERROR_TOO_LARGE, 2);
}

static void
test_limit_columns (void)
{
  g_autoptr (GString) text = g_string_new ("a\n");
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 1; i < CF_CSV_MAX_FIELDS; i++)
    g_string_append (text, "x,");
  g_string_append (text, "x\n");

  records = parse (text->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (((CfCsvRecord *) records->pdata[1])->fields), ==,
                    CF_CSV_MAX_FIELDS);
  g_clear_pointer (&records, g_ptr_array_unref);

  g_string_insert (text, 2, "x,");
  records = parse (text->str, &error);
  g_assert_null (records);
  assert_error_on_line (error, CF_CSV_ERROR_TOO_LARGE, 2);
}

static void
test_limit_rows (void)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < CF_CSV_MAX_RECORDS; i++)
    g_string_append (text, "1\n");

  records = parse (text->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, CF_CSV_MAX_RECORDS);
  g_clear_pointer (&records, g_ptr_array_unref);

  g_string_append (text, "1\n");
  records = parse (text->str, &error);
  g_assert_null (records);
  assert_error_on_line (error, CF_CSV_ERROR_TOO_LARGE, CF_CSV_MAX_RECORDS + 1);
}

static void
test_limit_size (void)
{
  g_autoptr (GString) text = g_string_sized_new (CF_CSV_MAX_INPUT_BYTES + 100);
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  char line[101];

  /* 100-byte lines: well under every other limit, so only the size can fail. */
  memset (line, 'x', 99);
  line[99] = '\n';
  line[100] = '\0';
  while (text->len + 100 <= CF_CSV_MAX_INPUT_BYTES)
    g_string_append (text, line);
  g_string_append_len (text, line, CF_CSV_MAX_INPUT_BYTES - text->len);
  g_assert_cmpuint (text->len, ==, CF_CSV_MAX_INPUT_BYTES);

  records = parse_len (text->str, text->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&records, g_ptr_array_unref);

  g_string_append_c (text, '\n');
  records = parse_len (text->str, text->len, NULL, NULL, &error);
  g_assert_null (records);
  g_assert_error (error, CF_CSV_ERROR, CF_CSV_ERROR_TOO_LARGE);
}

static void
test_writer_format (void)
{
  const char *fields[] = { "plain", "a,b", "say \"hi\"", "two\nlines", " padded ", "", NULL };
  g_autoptr (GString) out = g_string_new (NULL);

  cf_csv_append_record (out, fields, G_N_ELEMENTS (fields));
  g_assert_cmpstr (out->str, ==,
                   "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded \",,\r\n");
}

static void
test_writer_round_trip (void)
{
  const char *header[] = { "工号", "姓名", "备注", NULL };
  const char *rows[][3] = {
    { "1001", "张伟", "夜班, 周末" },
    { "1002", " 李娜 ", "说 \"你好\"" },
    { "1003", "王芳", "第一行\n第二行" },
    { "1004", "", "a;b\tc" },
  };
  const char *single[] = { "" };
  g_autoptr (GString) out = g_string_new (CF_CSV_UTF8_BOM);
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  CfCsvEncoding encoding = CF_CSV_ENCODING_UTF8;
  char delimiter = 0;

  cf_csv_append_record (out, header, 3);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    cf_csv_append_record (out, rows[i], G_N_ELEMENTS (rows[i]));
  cf_csv_append_record (out, single, G_N_ELEMENTS (single));

  records = parse_len (out->str, out->len, &encoding, &delimiter, &error);
  g_assert_no_error (error);
  g_assert_cmpint (encoding, ==, CF_CSV_ENCODING_UTF8_BOM);
  g_assert_cmpint (delimiter, ==, ',');
  g_assert_cmpuint (records->len, ==, 1 + G_N_ELEMENTS (rows) + 1);

  g_assert_cmpstrv (((CfCsvRecord *) records->pdata[0])->fields, header);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      CfCsvRecord *record = records->pdata[i + 1];

      g_assert_cmpuint (g_strv_length (record->fields), ==, 3);
      for (guint j = 0; j < 3; j++)
        g_assert_cmpstr (record->fields[j], ==, rows[i][j]);
    }
  assert_record (records, 5, 7, "", NULL);
}

static void
test_writer_single_column (void)
{
  const char *header[] = { "备注; 说明" };
  const char *row[] = { "a\tb" };
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;

  /* A lone column with a semicolon or a tab must not read back as split. */
  cf_csv_append_record (out, header, 1);
  cf_csv_append_record (out, row, 1);

  records = parse_len (out->str, out->len, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_record (records, 0, 1, "备注; 说明", NULL);
  assert_record (records, 1, 2, "a\tb", NULL);
}

static void
test_writer_formula (void)
{
  const char *fields[] = {
    "=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "a=b", "1-2",
  };
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;

  cf_csv_append_record (out, fields, G_N_ELEMENTS (fields));
  g_assert_cmpstr (out->str, ==,
                   "\"'=HYPERLINK(\"\"http://x\"\")\",'+1+1,'-2+3,'@SUM(A1),"
                   "\"'\tx\",\"'\rx\",a=b,1-2\r\n");

  /* Reading it back keeps the apostrophes: the file says so. */
  records = parse_len (out->str, out->len, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_record (records, 0, 1,
                 "'=HYPERLINK(\"http://x\")", "'+1+1", "'-2+3", "'@SUM(A1)", "'\tx", "'\nx",
                 "a=b", "1-2", NULL);
}

/* Imports read dates as spreadsheets write them, and nothing else. */
static void
test_columns_date (void)
{
  static const struct
  {
    const char *text;
    const char *date;
  } cases[] = {
    { "2027-02-05", "2027-02-05" }, { "2027/2/5", "2027-02-05" }, { "2027.2.5", "2027-02-05" },
    { "2027年2月5日", "2027-02-05" }, { "2028-02-29", "2028-02-29" },
    { "2027-02-29", NULL }, { "2027-13-01", NULL }, { "2027-02-05x", NULL }, { "5/2/2027", NULL },
    { "2027-2", NULL }, { "", NULL }, { "1899-12-31", NULL }, { "2027-01-257", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *date = cf_csv_parse_date (cases[i].text);

      g_test_message ("“%s”", cases[i].text);
      g_assert_cmpstr (date, ==, cases[i].date);
    }
}

/* Columns are found by any of their names, in any order; cells of a short
 * row are empty, and an export's formula guard comes off.
 */
static void
test_columns_map (void)
{
  static const CfCsvColumn columns[] = {
    { "Date", { "date", "日期" } },
    { "Name", { "name", "名称" } },
    { "Working day", { "working_day", "上班" } },
  };
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  int positions[G_N_ELEMENTS (columns)];
  const char *text = "名称, Working Day ,备注,日期\n'=1+1,1\n , ,\n";
  g_autofree char *name = NULL;
  g_autofree char *date = NULL;

  records = parse_len (text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
  cf_csv_map_columns ((const char * const *) ((CfCsvRecord *) records->pdata[0])->fields,
                      columns, G_N_ELEMENTS (columns), positions);
  g_assert_cmpint (positions[0], ==, 3);
  g_assert_cmpint (positions[1], ==, 0);
  g_assert_cmpint (positions[2], ==, 1);

  g_assert_false (cf_csv_record_is_blank (records->pdata[1]));
  name = cf_csv_record_cell (records->pdata[1], positions[1]);
  date = cf_csv_record_cell (records->pdata[1], positions[0]);
  g_assert_cmpstr (name, ==, "=1+1");
  g_assert_cmpstr (date, ==, "");
  g_assert_true (cf_csv_record_is_blank (records->pdata[2]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/csv/encoding/utf8", test_utf8);
  g_test_add_func ("/csv/encoding/utf8-bom", test_utf8_bom);
  g_test_add_func ("/csv/encoding/utf8-bom-invalid", test_utf8_bom_invalid);
  g_test_add_func ("/csv/encoding/gb18030", test_gb18030);
  g_test_add_func ("/csv/encoding/gb18030-crlf-quoted", test_gb18030_crlf_quoted);
  g_test_add_func ("/csv/encoding/invalid", test_invalid_encoding);
  g_test_add_func ("/csv/encoding/invalid-truncated", test_invalid_encoding_truncated);
  g_test_add_func ("/csv/encoding/nul", test_nul);
  g_test_add_func ("/csv/parse/quoted", test_quoted);
  g_test_add_func ("/csv/parse/line-ends", test_line_ends);
  g_test_add_func ("/csv/parse/tab", test_tab);
  g_test_add_func ("/csv/parse/semicolon", test_semicolon);
  g_test_add_func ("/csv/parse/comma-wins", test_comma_wins);
  g_test_add_func ("/csv/parse/blank-lines", test_blank_lines);
  g_test_add_func ("/csv/parse/trim", test_trim);
  g_test_add_func ("/csv/parse/stray-quote", test_stray_quote);
  g_test_add_func ("/csv/parse/unterminated-quote", test_unterminated_quote);
  g_test_add_func ("/csv/parse/empty", test_empty);
  g_test_add_func ("/csv/limits/field", test_limit_field);
  g_test_add_func ("/csv/limits/quoted-field", test_limit_quoted_field);
  g_test_add_func ("/csv/limits/columns", test_limit_columns);
  g_test_add_func ("/csv/limits/rows", test_limit_rows);
  g_test_add_func ("/csv/limits/size", test_limit_size);
  g_test_add_func ("/csv/writer/format", test_writer_format);
  g_test_add_func ("/csv/writer/round-trip", test_writer_round_trip);
  g_test_add_func ("/csv/writer/single-column", test_writer_single_column);
  g_test_add_func ("/csv/writer/formula", test_writer_formula);
  g_test_add_func ("/csv/columns/date", test_columns_date);
  g_test_add_func ("/csv/columns/map", test_columns_map);

  return g_test_run ();
}
