/* cf-escalation.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cf-op.h"
#include "cf-types.h"

G_BEGIN_DECLS

#define CF_ESCALATION_ERROR (cf_escalation_error_quark ())

/* Why a step of an escalation is refused. A value that breaks its field's
 * own rules is a CF_STORE_ERROR_INVALID; a role the registry does not
 * allow, CF_STORE_ERROR_FORBIDDEN.
 */
typedef enum
{
  CF_ESCALATION_ERROR_STATUS,        /* not possible in the escalation's status */
  CF_ESCALATION_ERROR_LEVEL,         /* the author's level may not act on it */
  CF_ESCALATION_ERROR_MISSING,       /* a required text (reason, outcome…) is empty */
  CF_ESCALATION_ERROR_NO_PROPOSAL,   /* reporting up without a proposed handling */
  CF_ESCALATION_ERROR_TOP,           /* there is no level above */
  CF_ESCALATION_ERROR_SKIP,          /* a skip must pass over at least one level */
  CF_ESCALATION_ERROR_NO_REPORT,     /* no report-after waits for the author's level */
  CF_ESCALATION_ERROR_DEPARTMENT,    /* an answer from a department never asked */
  CF_ESCALATION_ERROR_CORRECTION,    /* the entry to correct is not one of the escalation's */
  CF_ESCALATION_ERROR_CALLBACK,      /* a rush repair closed before a confirmed callback */
  CF_ESCALATION_ERROR_STATE,         /* a change that does not match where the case stands */
} CfEscalationError;

/* The levels a report climbs, one at a time (DOMAIN.md); the order is the
 * registry's "level" choices.
 */
typedef enum
{
  CF_ESCALATION_LEVEL_AGENT,
  CF_ESCALATION_LEVEL_COMPLAINTS_DESK,
  CF_ESCALATION_LEVEL_SHIFT_LEAD,
  CF_ESCALATION_LEVEL_DEPUTY,
  CF_ESCALATION_LEVEL_SUPERVISOR,
  CF_N_ESCALATION_LEVELS
} CfEscalationLevel;

typedef enum
{
  CF_ESCALATION_SEVERITY_NORMAL,
  CF_ESCALATION_SEVERITY_URGENT,
  CF_ESCALATION_SEVERITY_CRITICAL,
  CF_N_ESCALATION_SEVERITIES
} CfEscalationSeverity;

/* How long each severity may stay unresolved, in minutes. */
typedef struct
{
  guint minutes[CF_N_ESCALATION_SEVERITIES];
} CfEscalationDueTimes;

#define CF_ESCALATION_DUE_TIMES_DEFAULT { { 24 * 60, 4 * 60, 60 } }

/* The shortest and longest time a severity may be given, in minutes. */
#define CF_ESCALATION_DUE_MINUTES_MIN 5
#define CF_ESCALATION_DUE_MINUTES_MAX (30 * 24 * 60)

/* A set of levels, as bits of (1 << level). */
#define CF_ESCALATION_LEVELS_ALL ((1u << CF_N_ESCALATION_LEVELS) - 1)
/* The levels every policy has: a report starts with an agent and ends
 * with the supervisor.
 */
#define CF_ESCALATION_LEVELS_REQUIRED ((1u << CF_ESCALATION_LEVEL_AGENT) | \
                                       (1u << CF_ESCALATION_LEVEL_SUPERVISOR))

/* How the call center works its escalations: a synced record
 * (escalation_policy) that the supervisor sets and the server enforces.
 *
 * A level not in use is passed over: escalating goes to the next level in
 * use, a skip passes over levels in use only and only they are owed a
 * report afterwards. People whose role's level is not in use stand at the
 * nearest level in use below their own (a deputy stands with the shift
 * leads when the deputy is not a level), and an escalation left at a
 * level no longer in use is worked as if it were at that level too.
 */
typedef struct
{
  guint                levels;      /* bits (1 << CfEscalationLevel) */
  CfEscalationDueTimes due_times;
  /* How long after the incoming shift starts a handover sheet may wait for
   * its countersignature (cf_handover_list_overdue_countersign ()).
   */
  guint                countersign_minutes;
} CfEscalationPolicy;

/* The time a handover countersignature may take, in minutes. */
#define CF_ESCALATION_COUNTERSIGN_MINUTES_DEFAULT 30
#define CF_ESCALATION_COUNTERSIGN_MINUTES_MIN 5
#define CF_ESCALATION_COUNTERSIGN_MINUTES_MAX (24 * 60)

#define CF_ESCALATION_POLICY_DEFAULT { CF_ESCALATION_LEVELS_ALL, CF_ESCALATION_DUE_TIMES_DEFAULT, \
                                       CF_ESCALATION_COUNTERSIGN_MINUTES_DEFAULT }

/* What is reported when an escalation is raised; fields as stored. */
typedef struct
{
  const char *source;
  const char *category;
  const char *severity;
  const char *customer_ref;       /* nullable */
  const char *customer_contact;   /* nullable */
  const char *summary;
  const char *details;            /* nullable: the raised entry's text */
} CfEscalationReport;

/* A skipped level that has not yet been told: opened by an emergency
 * skip, closed by that level's report_after_acknowledged entry.
 */
typedef struct
{
  char              *escalation_id;
  char              *skip_entry_id;
  char              *skipped_at;     /* when the skip was recorded */
  CfEscalationLevel  level;
} CfReportAfter;

GQuark      cf_escalation_error_quark        (void);

gboolean    cf_escalation_policy_load        (CfStore                     *store,
                                              CfEscalationPolicy          *policy,
                                              GError                     **error);
GPtrArray  *cf_escalation_policy_save        (CfStore                     *store,
                                              const char                  *author,
                                              const CfEscalationPolicy    *policy,
                                              GError                     **error);
gboolean    cf_escalation_policy_check       (const CfEscalationPolicy    *policy,
                                              GError                     **error);
gboolean    cf_escalation_policy_uses_level  (const CfEscalationPolicy    *policy,
                                              CfEscalationLevel            level);
gboolean    cf_escalation_policy_level_for_role (const CfEscalationPolicy *policy,
                                              CfRole                       role,
                                              CfEscalationLevel           *level);

const char *cf_escalation_level_to_string    (CfEscalationLevel            level);
gboolean    cf_escalation_level_from_string  (const char                  *text,
                                              CfEscalationLevel           *level);
gboolean    cf_escalation_level_for_role     (CfRole                       role,
                                              CfEscalationLevel           *level);
char       *cf_escalation_compute_due_at     (const char                  *severity,
                                              const CfEscalationDueTimes  *due_times,
                                              GDateTime                   *now);
gboolean    cf_escalation_is_overdue         (const char                  *status,
                                              const char                  *due_at,
                                              GDateTime                   *now);
GPtrArray  *cf_escalation_list_overdue       (CfStore                     *store,
                                              GDateTime                   *now,
                                              GError                     **error);
GPtrArray  *cf_escalation_list_entries       (CfStore                     *store,
                                              const char                  *escalation_id,
                                              GError                     **error);
void        cf_report_after_free             (CfReportAfter               *report);
GPtrArray  *cf_escalation_list_report_after  (CfStore                     *store,
                                              CfEscalationLevel            level,
                                              GError                     **error);

GPtrArray  *cf_escalation_raise              (CfStore                     *store,
                                              const char                  *author,
                                              const CfEscalationReport    *report,
                                              const CfEscalationDueTimes  *due_times,
                                              GDateTime                   *now,
                                              GError                     **error);
GPtrArray  *cf_escalation_acknowledge        (CfStore                     *store,
                                              const char                  *author,
                                              const char                  *escalation_id,
                                              GError                     **error);
GPtrArray  *cf_escalation_add_note           (CfStore                     *store,
                                              const char                  *author,
                                              const char                  *escalation_id,
                                              const char                  *text,
                                              GError                     **error);
GPtrArray  *cf_escalation_record_instruction (CfStore                     *store,
                                              const char                  *author,
                                              const char                  *escalation_id,
                                              const char                  *instructed_by,
                                              const char                  *text,
                                              GError                     **error);
GPtrArray  *cf_escalation_propose            (CfStore                     *store,
                                              const char                  *author,
                                              const char                  *escalation_id,
                                              const char                  *text,
                                              GError                     **error);
GPtrArray  *cf_escalation_escalate           (CfStore                     *store,
                                              const char                  *author,
                                              const char                  *escalation_id,
                                              const char                  *reason,
                                              GError                     **error);
GPtrArray  *cf_escalation_skip               (CfStore                     *store,
                                              const char                  *author,
                                              const char                  *escalation_id,
                                              CfEscalationLevel            to_level,
                                              const char                  *reason,
                                              GError                     **error);
GPtrArray  *cf_escalation_acknowledge_report (CfStore                     *store,
                                              const char                  *author,
                                              const char                  *escalation_id,
                                              GError                     **error);
GPtrArray  *cf_escalation_hand_over          (CfStore                     *store,
                                              const char                  *author,
                                              const char                  *escalation_id,
                                              const char                  *department,
                                              const char                  *text,
                                              GError                     **error);
GPtrArray  *cf_escalation_record_answer      (CfStore                     *store,
                                              const char                  *author,
                                              const char                  *escalation_id,
                                              const char                  *department,
                                              const char                  *text,
                                              GError                     **error);
GPtrArray  *cf_escalation_resolve            (CfStore                     *store,
                                              const char                  *author,
                                              const char                  *escalation_id,
                                              const char                  *outcome,
                                              const char                  *responsible,
                                              GError                     **error);
GPtrArray  *cf_escalation_reopen             (CfStore                     *store,
                                              const char                  *author,
                                              const char                  *escalation_id,
                                              const char                  *reason,
                                              GError                     **error);
GPtrArray  *cf_escalation_close              (CfStore                     *store,
                                              const char                  *author,
                                              const char                  *escalation_id,
                                              GError                     **error);
GPtrArray  *cf_escalation_record_callback    (CfStore                     *store,
                                              const char                  *author,
                                              const char                  *escalation_id,
                                              const char                  *result,
                                              GError                     **error);
GPtrArray  *cf_escalation_correct            (CfStore                     *store,
                                              const char                  *author,
                                              const char                  *entry_id,
                                              const char                  *text,
                                              GError                     **error);

gboolean    cf_escalation_check_op           (CfStore                     *store,
                                              CfOp                        *op,
                                              CfRole                       role,
                                              GError                     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfReportAfter, cf_report_after_free)

G_END_DECLS
