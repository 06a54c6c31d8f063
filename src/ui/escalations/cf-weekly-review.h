/* cf-weekly-review.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "cf-types.h"

G_BEGIN_DECLS

#define CF_WEEKLY_REVIEW_ERROR (cf_weekly_review_error_quark ())

typedef enum
{
  CF_WEEKLY_REVIEW_ERROR_WRITE,      /* the file cannot be written */
  CF_WEEKLY_REVIEW_ERROR_NOT_LOCAL,  /* the file is not in a local folder */
} CfWeeklyReviewError;

typedef enum
{
  CF_WEEKLY_REVIEW_PDF,   /* A4 landscape */
  CF_WEEKLY_REVIEW_XLSX,
} CfWeeklyReviewFormat;

/* The columns of the review, in the PDF and in the spreadsheet. */
typedef enum
{
  CF_WEEKLY_REVIEW_SUMMARY,
  CF_WEEKLY_REVIEW_SEVERITY,
  CF_WEEKLY_REVIEW_LEVEL,
  CF_WEEKLY_REVIEW_STATUS,
  CF_WEEKLY_REVIEW_REASONS,
  CF_WEEKLY_REVIEW_OUTCOME,
  CF_WEEKLY_REVIEW_N_COLUMNS
} CfWeeklyReviewColumn;

#define CF_TYPE_WEEKLY_REVIEW (cf_weekly_review_get_type ())

G_DECLARE_FINAL_TYPE (CfWeeklyReview, cf_weekly_review, CF, WEEKLY_REVIEW, GObject)

GQuark          cf_weekly_review_error_quark        (void);

CfWeeklyReview *cf_weekly_review_new                (CfStore               *store,
                                                     const GDate           *day,
                                                     GDateTime             *now,
                                                     GError               **error);
const char     *cf_weekly_review_get_week           (CfWeeklyReview        *self);
guint           cf_weekly_review_get_n_rows         (CfWeeklyReview        *self);
const char     *cf_weekly_review_get_cell           (CfWeeklyReview        *self,
                                                     guint                  row,
                                                     CfWeeklyReviewColumn   column);
const char     *cf_weekly_review_get_column_title   (CfWeeklyReviewColumn   column);
char           *cf_weekly_review_get_suggested_name (CfWeeklyReview        *self,
                                                     CfWeeklyReviewFormat   format);
guint           cf_weekly_review_get_n_pages        (CfWeeklyReview        *self,
                                                     double                 width,
                                                     double                 height);
void            cf_weekly_review_draw_page          (CfWeeklyReview        *self,
                                                     cairo_t               *cr,
                                                     double                 width,
                                                     double                 height,
                                                     guint                  page);
gboolean        cf_weekly_review_write              (CfWeeklyReview        *self,
                                                     CfWeeklyReviewFormat   format,
                                                     GFile                 *file,
                                                     GError               **error);
void            cf_weekly_review_write_async        (CfWeeklyReview        *self,
                                                     CfWeeklyReviewFormat   format,
                                                     GFile                 *file,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
gboolean        cf_weekly_review_write_finish       (CfWeeklyReview        *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);

G_END_DECLS
