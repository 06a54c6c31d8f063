/* cf-leave.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cf-op.h"
#include "cf-types.h"

G_BEGIN_DECLS

#define CF_LEAVE_ERROR (cf_leave_error_quark ())

/* Why a leave request cannot be made or decided. A value that breaks its
 * field's own rules (a date that is not a date) is a CF_STORE_ERROR_INVALID.
 */
typedef enum
{
  CF_LEAVE_ERROR_NO_STAFF,     /* nobody chosen, or not a member of staff */
  CF_LEAVE_ERROR_INACTIVE,     /* the staff member has left */
  CF_LEAVE_ERROR_DATES,        /* it ends before it starts */
  CF_LEAVE_ERROR_TOO_LONG,
  CF_LEAVE_ERROR_OVERLAP,      /* another pending or approved request covers a day */
  CF_LEAVE_ERROR_DECIDED,      /* no longer pending */
} CfLeaveError;

/* The longest leave one request may cover, in calendar days. */
#define CF_LEAVE_MAX_DAYS 366

/* Decided requests are listed this many days after the decision. */
#define CF_LEAVE_RECENT_DAYS 90

typedef enum
{
  CF_LEAVE_STATUS_PENDING,
  CF_LEAVE_STATUS_APPROVED,
  CF_LEAVE_STATUS_REJECTED,
} CfLeaveStatus;

/* A day of a request's range that the roster already fills: with a shift
 * (shift_code and shift_name), or with another kind of leave (leave_type).
 */
typedef struct
{
  char *date;           /* YYYY-MM-DD */
  char *shift_code;     /* nullable */
  char *shift_name;     /* nullable */
  char *leave_type;     /* nullable: the leave's stored name */
} CfLeaveClash;

#define CF_TYPE_LEAVE_REQUEST (cf_leave_request_get_type ())

G_DECLARE_FINAL_TYPE (CfLeaveRequest, cf_leave_request, CF, LEAVE_REQUEST, GObject)

GQuark          cf_leave_error_quark               (void);

const char     *cf_leave_request_get_id            (CfLeaveRequest  *self);
const char     *cf_leave_request_get_staff_id      (CfLeaveRequest  *self);
const char     *cf_leave_request_get_staff_name    (CfLeaveRequest  *self);
const char     *cf_leave_request_get_employee_no   (CfLeaveRequest  *self);
const char     *cf_leave_request_get_leave_type    (CfLeaveRequest  *self);
const char     *cf_leave_request_get_type_label    (CfLeaveRequest  *self);
const char     *cf_leave_request_get_start_date    (CfLeaveRequest  *self);
const char     *cf_leave_request_get_end_date      (CfLeaveRequest  *self);
guint           cf_leave_request_get_n_days        (CfLeaveRequest  *self);
const char     *cf_leave_request_get_reason        (CfLeaveRequest  *self);
CfLeaveStatus   cf_leave_request_get_status        (CfLeaveRequest  *self);
const char     *cf_leave_request_get_status_label  (CfLeaveRequest  *self);
const char     *cf_leave_request_get_decided_by    (CfLeaveRequest  *self);
const char     *cf_leave_request_get_decided_at    (CfLeaveRequest  *self);

const char     *cf_leave_type_get_label            (const char      *leave_type);
guint           cf_leave_count_days                (const char      *start_date,
                                                    const char      *end_date);
char           *cf_leave_describe_day              (const char      *date);
void            cf_leave_clash_clear               (CfLeaveClash    *clash);

GListModel     *cf_leave_list_requests             (CfStore         *store,
                                                    GError         **error);
CfLeaveRequest *cf_leave_lookup_request            (CfStore         *store,
                                                    const char      *request_id,
                                                    GError         **error);
gboolean        cf_leave_check_request             (CfStore         *store,
                                                    const char      *staff_id,
                                                    const char      *start_date,
                                                    const char      *end_date,
                                                    const char      *except_id,
                                                    GError         **error);
CfOp           *cf_leave_submit                    (CfStore         *store,
                                                    const char      *author,
                                                    const char      *staff_id,
                                                    const char      *leave_type,
                                                    const char      *start_date,
                                                    const char      *end_date,
                                                    const char      *reason,
                                                    GError         **error);
GArray         *cf_leave_list_clashes              (CfStore         *store,
                                                    const char      *request_id,
                                                    GError         **error);
GPtrArray      *cf_leave_approve                   (CfStore         *store,
                                                    const char      *author,
                                                    const char      *request_id,
                                                    GError         **error);
CfOp           *cf_leave_reject                    (CfStore         *store,
                                                    const char      *author,
                                                    const char      *request_id,
                                                    GError         **error);

G_END_DECLS
