/* cf-csv.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CF_CSV_ERROR (cf_csv_error_quark ())

typedef enum
{
  CF_CSV_ERROR_ENCODING,
  CF_CSV_ERROR_SYNTAX,
  CF_CSV_ERROR_TOO_LARGE,
  CF_CSV_ERROR_EMPTY,
} CfCsvError;

typedef enum
{
  CF_CSV_ENCODING_UTF8,
  CF_CSV_ENCODING_UTF8_BOM,
  CF_CSV_ENCODING_GB18030,
} CfCsvEncoding;

typedef struct
{
  guint line;    /* 1-based physical line where the record starts */
  GStrv fields;  /* UTF-8, never NULL, at least one field */
} CfCsvRecord;

/* The UTF-8 byte-order mark to start an export with so Excel opens it as UTF-8. */
#define CF_CSV_UTF8_BOM "\xEF\xBB\xBF"

/* Limits past which cf_csv_parse () fails with CF_CSV_ERROR_TOO_LARGE. */
#define CF_CSV_MAX_INPUT_BYTES (16 * 1024 * 1024)
#define CF_CSV_MAX_RECORDS     200000
#define CF_CSV_MAX_FIELD_BYTES 4096
#define CF_CSV_MAX_FIELDS      256

/* A column an import reads: its name (N_(), matched as written and as
 * translated) and the other names people give it, already normalised
 * (see cf_csv_normalize_header ()).
 */
typedef struct
{
  const char *label;
  const char *aliases[12];
} CfCsvColumn;

GQuark     cf_csv_error_quark   (void);

void       cf_csv_record_free   (CfCsvRecord         *record);

GPtrArray *cf_csv_parse         (GBytes              *data,
                                 CfCsvEncoding       *out_encoding,
                                 char                *out_delimiter,
                                 GError             **error);

void       cf_csv_append_record (GString             *out,
                                 const char * const  *fields,
                                 gsize                n_fields);

char       *cf_csv_normalize_header (const char          *header);
void        cf_csv_map_columns      (const char * const  *header,
                                     const CfCsvColumn   *columns,
                                     guint                n_columns,
                                     int                 *positions);
gboolean    cf_csv_record_is_blank  (CfCsvRecord         *record);
char       *cf_csv_record_cell      (CfCsvRecord         *record,
                                     int                  position);
char       *cf_csv_parse_date       (const char          *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfCsvRecord, cf_csv_record_free)

G_END_DECLS
