/* cf-registry.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-registry"

#include "config.h"

#include "cf-registry.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "cf-store.h"
#include "cf-uuid.h"

/* Each record kind is described once, here. The store, the validator, the
 * sync codec and the server read these tables; adding a kind is one entry
 * plus its migration in cf-store-migrations.c.
 */

static const char * const role_names[] = {
  "agent", "supervisor", "deputy", "shift_lead", "information_desk", "complaints_desk", NULL
};

static const char * const role_labels[] = {
  N_("Agent"),
  N_("Supervisor"),
  N_("Deputy supervisor"),
  N_("Shift lead"),
  N_("Information desk"),
  N_("Complaints desk"),
};

static const CfField team_fields[] = {
  { "name", N_("Team name"), CF_FIELD_TEXT, CF_FIELD_REQUIRED | CF_FIELD_UNIQUE, 1, 40 },
  { "lead", N_("Team lead"), CF_FIELD_REFERENCE, 0, 0, 0, NULL, "staff" },
};

static const CfField staff_fields[] = {
  { "employee_no", N_("Employee number"), CF_FIELD_TEXT, CF_FIELD_REQUIRED | CF_FIELD_UNIQUE, 1, 20 },
  { "name", N_("Name"), CF_FIELD_TEXT, CF_FIELD_REQUIRED, 1, 60 },
  { "role", N_("Role"), CF_FIELD_ENUM, CF_FIELD_REQUIRED, 0, 0, role_names, NULL, role_labels },
  { "team", N_("Team"), CF_FIELD_REFERENCE, 0, 0, 0, NULL, "team" },
  { "active", N_("Active"), CF_FIELD_BOOLEAN, CF_FIELD_REQUIRED },
  { "hire_date", N_("Hire date"), CF_FIELD_DATE, 0 },
  { "phone", N_("Extension or phone"), CF_FIELD_TEXT, 0, 0, 30 },
  /* Hours a month; none: the default in Preferences. */
  { "contract_hours", N_("Contract hours a month"), CF_FIELD_INTEGER, 0, 0, 300 },
};

static const CfField user_fields[] = {
  { "staff", N_("Staff member"), CF_FIELD_REFERENCE, CF_FIELD_REQUIRED, 0, 0, NULL, "staff" },
  { "login", N_("User name"), CF_FIELD_TEXT, CF_FIELD_REQUIRED | CF_FIELD_UNIQUE, 2, 32 },
  { "password_hash", N_("Password"), CF_FIELD_SECRET, CF_FIELD_REQUIRED, 1, 256 },
  { "active", N_("Account active"), CF_FIELD_BOOLEAN, CF_FIELD_REQUIRED },
  /* The user's Ed25519 signing key pair (cf-signing.c): the public key in
   * base64, synced; the secret key sealed with the password, kept like the
   * password hash. A user may set these two on their own record, together;
   * the rest of a user stays the supervisor's.
   */
  { "public_key", N_("Signing key"), CF_FIELD_TEXT, 0, 44, 44 },
  { "sealed_secret_key", N_("Sealed signing key"), CF_FIELD_SECRET, 0, 164, 164 },
};

/* Rosters (DOMAIN.md, "Scheduling"). Times of day are minutes since
 * midnight; a shift ends before it starts when it crosses midnight, and
 * belongs to the day it starts. Colours are 0xRRGGBB.
 */
static const CfField shift_type_fields[] = {
  { "code", N_("Code"), CF_FIELD_TEXT, CF_FIELD_REQUIRED | CF_FIELD_UNIQUE, 1, 3 },
  { "name", N_("Shift name"), CF_FIELD_TEXT, CF_FIELD_REQUIRED, 1, 20 },
  { "start_minute", N_("Start"), CF_FIELD_INTEGER, CF_FIELD_REQUIRED, 0, 1439 },
  { "end_minute", N_("End"), CF_FIELD_INTEGER, CF_FIELD_REQUIRED, 0, 1439 },
  { "break_minutes", N_("Unpaid break (minutes)"), CF_FIELD_INTEGER, CF_FIELD_REQUIRED, 0, 600 },
  { "colour", N_("Colour"), CF_FIELD_INTEGER, CF_FIELD_REQUIRED, 0, 0xffffff },
  { "counts_as_work", N_("Counts as work"), CF_FIELD_BOOLEAN, CF_FIELD_REQUIRED },
  { "night", N_("Night shift"), CF_FIELD_BOOLEAN, CF_FIELD_REQUIRED },
  { "active", N_("In use"), CF_FIELD_BOOLEAN, CF_FIELD_REQUIRED },
};

static const char * const leave_types[] = {
  "annual", "sick", "personal", "compensatory", "marriage", "bereavement", "maternity",
  "paternity", NULL
};

static const char * const leave_type_labels[] = {
  N_("Annual leave"),
  N_("Sick leave"),
  N_("Personal leave"),
  N_("Compensatory leave"),
  N_("Marriage leave"),
  N_("Bereavement leave"),
  N_("Maternity leave"),
  N_("Paternity leave"),
};

/* One per staff member and day: a cell of the roster. An empty cell is an
 * assignment with neither a shift nor a leave, so a slot never appears
 * twice and clearing it is a change like any other.
 */
static const CfField roster_assignment_fields[] = {
  { "staff", N_("Staff member"), CF_FIELD_REFERENCE, CF_FIELD_REQUIRED | CF_FIELD_FIXED, 0, 0,
    NULL, "staff" },
  { "date", N_("Date"), CF_FIELD_DATE, CF_FIELD_REQUIRED | CF_FIELD_FIXED },
  { "shift_type", N_("Shift"), CF_FIELD_REFERENCE, 0, 0, 0, NULL, "shift_type" },
  { "leave", N_("Leave"), CF_FIELD_ENUM, 0, 0, 0, leave_types, NULL, leave_type_labels },
  { "note", N_("Note"), CF_FIELD_TEXT, 0, 0, 200 },
};

static const char * const roster_assignment_key[] = { "staff", "date", NULL };

static const char * const leave_statuses[] = { "pending", "approved", "rejected", NULL };

static const char * const leave_status_labels[] = {
  N_("Pending"),
  N_("Approved"),
  N_("Rejected"),
};

static const CfField leave_request_fields[] = {
  { "staff", N_("Staff member"), CF_FIELD_REFERENCE, CF_FIELD_REQUIRED | CF_FIELD_FIXED, 0, 0,
    NULL, "staff" },
  { "leave_type", N_("Type of leave"), CF_FIELD_ENUM, CF_FIELD_REQUIRED, 0, 0, leave_types, NULL,
    leave_type_labels },
  { "start_date", N_("From"), CF_FIELD_DATE, CF_FIELD_REQUIRED },
  { "end_date", N_("Until"), CF_FIELD_DATE, CF_FIELD_REQUIRED },
  { "reason", N_("Reason"), CF_FIELD_TEXT, 0, 0, 200 },
  { "status", N_("Status"), CF_FIELD_ENUM, CF_FIELD_REQUIRED, 0, 0, leave_statuses, NULL,
    leave_status_labels },
  { "decided_by", N_("Decided by"), CF_FIELD_REFERENCE, 0, 0, 0, NULL, "user" },
  { "decided_at", N_("Decided at"), CF_FIELD_TEXT, 0, 0, 40 },
};

/* Public holidays, and the weekend days worked instead (调休上班). */
static const CfField holiday_fields[] = {
  { "date", N_("Date"), CF_FIELD_DATE, CF_FIELD_REQUIRED | CF_FIELD_UNIQUE | CF_FIELD_FIXED },
  { "name", N_("Holiday name"), CF_FIELD_TEXT, CF_FIELD_REQUIRED, 1, 40 },
  { "working_day", N_("Working day"), CF_FIELD_BOOLEAN, CF_FIELD_REQUIRED },
};

static const char * const holiday_key[] = { "date", NULL };

static const char * const roster_month_statuses[] = { "draft", "published", NULL };

static const char * const roster_month_status_labels[] = {
  N_("Draft"),
  N_("Published"),
};

/* A month of the roster: published before it starts; published_problems
 * is how many rule problems the publisher confirmed.
 */
static const CfField roster_month_fields[] = {
  { "month", N_("Month"), CF_FIELD_TEXT, CF_FIELD_REQUIRED | CF_FIELD_UNIQUE | CF_FIELD_FIXED,
    7, 7 },
  { "status", N_("Status"), CF_FIELD_ENUM, CF_FIELD_REQUIRED, 0, 0, roster_month_statuses, NULL,
    roster_month_status_labels },
  { "published_by", N_("Published by"), CF_FIELD_REFERENCE, 0, 0, 0, NULL, "user" },
  { "published_at", N_("Published at"), CF_FIELD_TEXT, 0, 0, 40 },
  { "published_problems", N_("Problems confirmed"), CF_FIELD_INTEGER, 0, 0, 1000000 },
};

static const char * const roster_month_key[] = { "month", NULL };

/* How the call center works its escalations (DOMAIN.md, "Request-and-report
 * / escalation"): which of the optional levels a report climbs through —
 * the agent and the supervisor always are levels — and how long each
 * severity may stay unresolved, in minutes (5 minutes to 30 days); and
 * how long after the incoming shift starts a handover sheet may wait for
 * its countersignature before deputies and supervisors are told. One
 * record for the whole call center, named by its scope; the server checks
 * every escalation step against it.
 */
static const char * const escalation_policy_scopes[] = { "call_center", NULL };

static const char * const escalation_policy_scope_labels[] = {
  N_("The whole call center"),
};

static const CfField escalation_policy_fields[] = {
  { "scope", N_("Applies to"), CF_FIELD_ENUM, CF_FIELD_REQUIRED | CF_FIELD_UNIQUE | CF_FIELD_FIXED,
    0, 0, escalation_policy_scopes, NULL, escalation_policy_scope_labels },
  { "complaints_desk_in_use", N_("Complaints desk is a level"), CF_FIELD_BOOLEAN,
    CF_FIELD_REQUIRED },
  { "shift_lead_in_use", N_("Shift lead is a level"), CF_FIELD_BOOLEAN, CF_FIELD_REQUIRED },
  { "deputy_in_use", N_("Deputy supervisor is a level"), CF_FIELD_BOOLEAN, CF_FIELD_REQUIRED },
  { "due_normal", N_("Time allowed for a normal escalation (minutes)"), CF_FIELD_INTEGER,
    CF_FIELD_REQUIRED, 5, 30 * 24 * 60 },
  { "due_urgent", N_("Time allowed for an urgent escalation (minutes)"), CF_FIELD_INTEGER,
    CF_FIELD_REQUIRED, 5, 30 * 24 * 60 },
  { "due_critical", N_("Time allowed for a critical escalation (minutes)"), CF_FIELD_INTEGER,
    CF_FIELD_REQUIRED, 5, 30 * 24 * 60 },
  /* Added after the first release: not required, so that a policy made by
   * an older desktop, which does not know it, is still valid. None means
   * the default (CF_ESCALATION_COUNTERSIGN_MINUTES_DEFAULT).
   */
  { "countersign_minutes", N_("Time allowed for a handover countersignature (minutes)"),
    CF_FIELD_INTEGER, 0, 5, 24 * 60 },
};

static const char * const escalation_policy_key[] = { "scope", NULL };

static const char * const conflict_statuses[] = { "open", "resolved", NULL };

/* A change the server could not merge: the same field changed on two
 * desktops. Both versions are kept ("fields": {name: {mine, theirs, base}})
 * until a person chooses; made by the server only, resolved by a resolve op.
 */
static const CfField conflict_fields[] = {
  { "record_kind", N_("Kind of record"), CF_FIELD_TEXT, CF_FIELD_REQUIRED, 1, 40 },
  { "record_id", N_("Record"), CF_FIELD_TEXT, CF_FIELD_REQUIRED, 36, 36 },
  { "fields", N_("Changed fields"), CF_FIELD_TEXT, CF_FIELD_REQUIRED, 2, 65536 },
  { "status", N_("Status"), CF_FIELD_ENUM, CF_FIELD_REQUIRED, 0, 0, conflict_statuses },
  { "resolution", N_("Resolution"), CF_FIELD_TEXT, 0, 0, 65536 },
};

/* The escalation log (DOMAIN.md, "Request-and-report / escalation"): an
 * escalation holds where a case stands now; its entries are the history,
 * written once and never changed, so the record people point to when
 * something went wrong cannot be rewritten.
 */
static const char * const escalation_sources[] = {
  "hotline", "mayors_hotline", "consumer_council", "partner_operator", "internal", "on_site", NULL
};

static const char * const escalation_source_labels[] = {
  N_("Hotline call"),
  N_("Mayor’s hotline"),
  N_("Consumer council"),
  N_("Partner operator"),
  N_("Internal"),
  N_("On site"),
};

static const char * const escalation_categories[] = {
  "customer_complaint", "major_error", "discipline_breach", "safety", "beyond_remit",
  "rush_repair", NULL
};

static const char * const escalation_category_labels[] = {
  N_("Customer complaint"),
  N_("Major error or accident"),
  N_("Discipline breach"),
  N_("Equipment or personal safety"),
  N_("Beyond one’s remit"),
  N_("Rush repair"),
};

static const char * const escalation_severities[] = { "normal", "urgent", "critical", NULL };

static const char * const escalation_severity_labels[] = {
  N_("Normal"),
  N_("Urgent"),
  N_("Critical"),
};

/* The levels a report climbs, one at a time, lowest first. */
static const char * const escalation_levels[] = {
  "agent", "complaints_desk", "shift_lead", "deputy", "supervisor", NULL
};

static const char * const escalation_level_labels[] = {
  N_("Agent"),
  N_("Complaints desk"),
  N_("Shift lead"),
  N_("Deputy supervisor"),
  N_("Supervisor"),
};

static const char * const escalation_statuses[] = {
  "open", "acknowledged", "in_progress", "resolved", "closed", "reopened", NULL
};

static const char * const escalation_status_labels[] = {
  N_("Open"),
  N_("Acknowledged"),
  N_("In progress"),
  N_("Resolved"),
  N_("Closed"),
  N_("Reopened"),
};

static const CfField escalation_fields[] = {
  { "source", N_("Source"), CF_FIELD_ENUM, CF_FIELD_REQUIRED, 0, 0, escalation_sources, NULL,
    escalation_source_labels },
  { "category", N_("Category"), CF_FIELD_ENUM, CF_FIELD_REQUIRED, 0, 0, escalation_categories,
    NULL, escalation_category_labels },
  { "severity", N_("Severity"), CF_FIELD_ENUM, CF_FIELD_REQUIRED, 0, 0, escalation_severities,
    NULL, escalation_severity_labels },
  { "customer_ref", N_("Customer reference"), CF_FIELD_TEXT, CF_FIELD_PERSONAL, 0, 60 },
  { "customer_contact", N_("Customer contact"), CF_FIELD_TEXT, CF_FIELD_PERSONAL, 0, 100 },
  { "summary", N_("Summary"), CF_FIELD_TEXT, CF_FIELD_REQUIRED, 1, 500 },
  { "level", N_("Level"), CF_FIELD_ENUM, CF_FIELD_REQUIRED, 0, 0, escalation_levels, NULL,
    escalation_level_labels },
  { "assignee", N_("Assigned to"), CF_FIELD_REFERENCE, 0, 0, 0, NULL, "user" },
  { "status", N_("Status"), CF_FIELD_ENUM, CF_FIELD_REQUIRED, 0, 0, escalation_statuses, NULL,
    escalation_status_labels },
  /* UTC ISO-8601, as the envelope's times. */
  { "due_at", N_("Due"), CF_FIELD_TEXT, 0, 0, 40 },
};

static const CfValueRule escalation_rules[] = {
  { "status", "resolved", CF_ROLES_ESCALATION },
  { "status", "closed", CF_ROLES_ESCALATION },
  { NULL }
};

static const char * const escalation_entry_types[] = {
  "raised", "acknowledged", "note", "instruction", "proposal", "escalated", "skipped",
  "handed_over", "department_answer", "resolved", "reopened", "closed", "callback",
  "report_after_acknowledged", NULL
};

static const char * const escalation_entry_type_labels[] = {
  N_("Raised"),
  N_("Acknowledged"),
  N_("Note"),
  N_("Instruction"),
  N_("Proposed handling"),
  N_("Escalated"),
  N_("Emergency skip"),
  N_("Handed to a department"),
  N_("Department’s answer"),
  N_("Resolved"),
  N_("Reopened"),
  N_("Closed"),
  N_("Callback"),
  N_("Skipped level informed"),
};

static const char * const departments[] = {
  "engineering", "data", "operations", "installation_repair", NULL
};

static const char * const department_labels[] = {
  N_("Engineering"),
  N_("Data"),
  N_("Operations"),
  N_("Installation and repair"),
};

/* One step of an escalation's history. An instruction is kept verbatim
 * with who gave it; a correction is a note that names the entry it
 * corrects.
 */
static const CfField escalation_entry_fields[] = {
  { "escalation", N_("Escalation"), CF_FIELD_REFERENCE, CF_FIELD_REQUIRED | CF_FIELD_FIXED, 0, 0,
    NULL, "escalation" },
  { "type", N_("Entry"), CF_FIELD_ENUM, CF_FIELD_REQUIRED | CF_FIELD_FIXED, 0, 0,
    escalation_entry_types, NULL, escalation_entry_type_labels },
  { "text", N_("Text"), CF_FIELD_TEXT, 0, 0, 4000 },
  { "from_level", N_("From level"), CF_FIELD_ENUM, 0, 0, 0, escalation_levels, NULL,
    escalation_level_labels },
  { "to_level", N_("To level"), CF_FIELD_ENUM, 0, 0, 0, escalation_levels, NULL,
    escalation_level_labels },
  { "instructed_by", N_("Instruction given by"), CF_FIELD_REFERENCE, 0, 0, 0, NULL, "user" },
  { "department", N_("Department"), CF_FIELD_ENUM, 0, 0, 0, departments, NULL,
    department_labels },
  { "responsible", N_("Responsible party"), CF_FIELD_TEXT, 0, 0, 200 },
  { "corrects", N_("Corrects"), CF_FIELD_REFERENCE, 0, 0, 0, NULL, "escalation_entry" },
};

/* Who may record each step of an escalation's history (every type has a
 * rule), and which steps take the escalation's level or one above it. Any
 * desktop role raises, writes notes, instructions as given, proposals,
 * hand-overs and answers, callbacks and reopenings; the roles that stand
 * at a level acknowledge, escalate, skip, resolve and close at their
 * level, and acknowledge being told of a skip over their level.
 */
static const CfValueRule escalation_entry_rules[] = {
  { "type", "raised", CF_ROLES_DESKTOP },
  { "type", "acknowledged", CF_ROLES_ESCALATION, TRUE },
  { "type", "note", CF_ROLES_DESKTOP },
  { "type", "instruction", CF_ROLES_DESKTOP },
  { "type", "proposal", CF_ROLES_DESKTOP },
  { "type", "escalated", CF_ROLES_ESCALATION, TRUE },
  { "type", "skipped", CF_ROLES_ESCALATION, TRUE },
  { "type", "handed_over", CF_ROLES_DESKTOP },
  { "type", "department_answer", CF_ROLES_DESKTOP },
  { "type", "resolved", CF_ROLES_ESCALATION, TRUE },
  { "type", "reopened", CF_ROLES_DESKTOP },
  { "type", "closed", CF_ROLES_ESCALATION, TRUE },
  { "type", "callback", CF_ROLES_DESKTOP },
  { "type", "report_after_acknowledged", CF_ROLES_ESCALATION },
  { NULL }
};

/* Rush-repair orders (抢修单, DOMAIN.md "Rush repair"): made by a shift
 * lead for a repair any department raised; closed only after a callback
 * confirmed the repair, and open again when a callback failed.
 */
static const char * const rush_repair_statuses[] = {
  "open", "notified", "repaired", "confirmed", "callback_failed", "closed", NULL
};

static const char * const rush_repair_status_labels[] = {
  N_("Open"),
  N_("People notified"),
  N_("Repaired"),
  N_("Callback confirmed"),
  N_("Callback failed"),
  N_("Closed"),
};

static const CfField rush_repair_fields[] = {
  { "summary", N_("Summary"), CF_FIELD_TEXT, CF_FIELD_REQUIRED, 1, 500 },
  { "customer_ref", N_("Customer reference"), CF_FIELD_TEXT, CF_FIELD_PERSONAL, 0, 60 },
  { "customer_contact", N_("Customer contact"), CF_FIELD_TEXT, CF_FIELD_PERSONAL, 0, 100 },
  { "raised_by_department", N_("Raised by department"), CF_FIELD_TEXT, CF_FIELD_REQUIRED, 1, 60 },
  { "escalation", N_("Escalation"), CF_FIELD_REFERENCE, 0, 0, 0, NULL, "escalation" },
  { "status", N_("Status"), CF_FIELD_ENUM, CF_FIELD_REQUIRED, 0, 0, rush_repair_statuses, NULL,
    rush_repair_status_labels },
};

static const CfValueRule rush_repair_rules[] = {
  { "status", "closed", CF_ROLES_ROSTER },
  { NULL }
};

static const char * const rush_repair_entry_types[] = {
  "created", "notified", "repaired", "callback", "closed", "reopened", NULL
};

static const char * const rush_repair_entry_type_labels[] = {
  N_("Order created"),
  N_("People notified"),
  N_("Repaired"),
  N_("Callback"),
  N_("Closed"),
  N_("Reopened"),
};

static const char * const notify_channels[] = { "sms", "phone", NULL };

static const char * const notify_channel_labels[] = {
  N_("SMS"),
  N_("Phone"),
};

static const char * const callback_results[] = { "confirmed", "failed", NULL };

static const char * const callback_result_labels[] = {
  N_("Repair confirmed"),
  N_("Not repaired"),
};

static const CfField rush_repair_entry_fields[] = {
  { "rush_repair", N_("Rush-repair order"), CF_FIELD_REFERENCE,
    CF_FIELD_REQUIRED | CF_FIELD_FIXED, 0, 0, NULL, "rush_repair" },
  { "type", N_("Entry"), CF_FIELD_ENUM, CF_FIELD_REQUIRED | CF_FIELD_FIXED, 0, 0,
    rush_repair_entry_types, NULL, rush_repair_entry_type_labels },
  { "text", N_("Text"), CF_FIELD_TEXT, 0, 0, 2000 },
  { "notified", N_("Notified"), CF_FIELD_TEXT, 0, 0, 200 },
  { "channel", N_("Notified by"), CF_FIELD_ENUM, 0, 0, 0, notify_channels, NULL,
    notify_channel_labels },
  { "gateway_answer", N_("SMS gateway’s answer"), CF_FIELD_TEXT, 0, 0, 2000 },
  { "result", N_("Callback result"), CF_FIELD_ENUM, 0, 0, 0, callback_results, NULL,
    callback_result_labels },
};

/* Who may record each step of a rush-repair order: shift leads and the
 * managers make and close orders; anyone records who was told, the repair,
 * the callback and a reopening.
 */
static const CfValueRule rush_repair_entry_rules[] = {
  { "type", "created", CF_ROLES_ROSTER },
  { "type", "notified", CF_ROLES_DESKTOP },
  { "type", "repaired", CF_ROLES_DESKTOP },
  { "type", "callback", CF_ROLES_DESKTOP },
  { "type", "closed", CF_ROLES_ROSTER },
  { "type", "reopened", CF_ROLES_DESKTOP },
  { NULL }
};

/* Shift handover (交接班, DOMAIN.md "Handover"; cf-handover.c). The duty
 * log (值班日志) is kept by whoever leads the shift — shift leads, and the
 * deputies and supervisors who stand in for them — and is append-only: a
 * correction is a new entry.
 */
static const char * const duty_log_categories[] = {
  "equipment", "incident", "staffing", "business_change", "instruction", "other", NULL
};

static const char * const duty_log_category_labels[] = {
  N_("Equipment"),
  N_("Incident"),
  N_("Staffing"),
  N_("Business change"),
  N_("Instruction from above"),
  N_("Other"),
};

static const CfField duty_log_entry_fields[] = {
  { "shift_date", N_("Date"), CF_FIELD_DATE, CF_FIELD_REQUIRED | CF_FIELD_FIXED },
  { "shift_type", N_("Shift"), CF_FIELD_REFERENCE, CF_FIELD_FIXED, 0, 0, NULL, "shift_type" },
  { "category", N_("Category"), CF_FIELD_ENUM, CF_FIELD_REQUIRED | CF_FIELD_FIXED, 0, 0,
    duty_log_categories, NULL, duty_log_category_labels },
  { "text", N_("Text"), CF_FIELD_TEXT, CF_FIELD_REQUIRED | CF_FIELD_FIXED, 1, 2000 },
  /* Carried onto the shift's handover sheet as unfinished work. */
  { "flagged", N_("Hand over"), CF_FIELD_BOOLEAN, CF_FIELD_FIXED },
};

static const char * const handover_statuses[] = { "draft", "signed_out", "sealed", NULL };

static const char * const handover_status_labels[] = {
  N_("Draft"),
  N_("Signed by the outgoing lead"),
  N_("Sealed"),
};

/* A handover sheet (交接日志 / 工作交接表). Its content is the canonical
 * JSON of its sections (cf_handover_prefill ()); the outgoing lead signs
 * it, the incoming lead countersigns it with their remarks, and then it is
 * sealed: the store, the triggers of migration 9 and the server refuse
 * any change (cf_handover_check_op ()). Signatures and times are written
 * by cf_handover_sign_out () and cf_handover_countersign () only.
 */
static const CfField handover_sheet_fields[] = {
  { "shift_date", N_("Date"), CF_FIELD_DATE, CF_FIELD_REQUIRED | CF_FIELD_FIXED },
  { "outgoing_shift_type", N_("Outgoing shift"), CF_FIELD_REFERENCE,
    CF_FIELD_REQUIRED | CF_FIELD_FIXED, 0, 0, NULL, "shift_type" },
  { "incoming_shift_type", N_("Incoming shift"), CF_FIELD_REFERENCE, CF_FIELD_REQUIRED, 0, 0,
    NULL, "shift_type" },
  { "outgoing_lead", N_("Outgoing lead"), CF_FIELD_REFERENCE, CF_FIELD_REQUIRED, 0, 0, NULL,
    "user" },
  { "incoming_lead", N_("Incoming lead"), CF_FIELD_REFERENCE, 0, 0, 0, NULL, "user" },
  { "content", N_("Handover content"), CF_FIELD_TEXT, CF_FIELD_REQUIRED, 2, 16000 },
  /* Hex BLAKE2b-256 of what the outgoing lead signed, so a check can tell
   * changed content from a bad signature (cf_handover_verify ()).
   */
  { "content_digest", N_("Content digest"), CF_FIELD_TEXT, 0, 0, 64 },
  { "outgoing_signature", N_("Outgoing signature"), CF_FIELD_TEXT, 0, 0, 88 },
  { "outgoing_signed_at", N_("Signed out at"), CF_FIELD_TEXT, 0, 0, 40 },
  { "incoming_signature", N_("Incoming signature"), CF_FIELD_TEXT, 0, 0, 88 },
  { "incoming_signed_at", N_("Countersigned at"), CF_FIELD_TEXT, 0, 0, 40 },
  { "incoming_remarks", N_("Incoming lead’s remarks"), CF_FIELD_TEXT, 0, 0, 2000 },
  { "status", N_("Status"), CF_FIELD_ENUM, CF_FIELD_REQUIRED, 0, 0, handover_statuses, NULL,
    handover_status_labels },
};

/* A correction or addition to a sealed sheet, signed by its author. */
static const CfField handover_addendum_fields[] = {
  { "sheet", N_("Handover sheet"), CF_FIELD_REFERENCE, CF_FIELD_REQUIRED | CF_FIELD_FIXED, 0, 0,
    NULL, "handover_sheet" },
  { "text", N_("Text"), CF_FIELD_TEXT, CF_FIELD_REQUIRED | CF_FIELD_FIXED, 1, 2000 },
  { "signature", N_("Signature"), CF_FIELD_TEXT, CF_FIELD_REQUIRED | CF_FIELD_FIXED, 88, 88 },
  { "signed_at", N_("Signed at"), CF_FIELD_TEXT, CF_FIELD_REQUIRED | CF_FIELD_FIXED, 1, 40 },
};

/* Staff and teams are owned by supervisors and deputies (DOMAIN.md); no one
 * deletes a person with history: staff are deactivated instead.
 */
static const CfKind kinds[] = {
  {
    "team", "team", team_fields, G_N_ELEMENTS (team_fields),
    CF_ROLES_DESKTOP,
    { CF_ROLES_MANAGERS, CF_ROLES_MANAGERS, CF_ROLES_MANAGERS, CF_ROLES_MANAGERS },
    CF_CONFLICT_MERGE_FIELDS,
  },
  {
    "staff", "staff", staff_fields, G_N_ELEMENTS (staff_fields),
    CF_ROLES_DESKTOP,
    { CF_ROLES_MANAGERS, CF_ROLES_MANAGERS, 0, 0 },
    CF_CONFLICT_MERGE_FIELDS,
  },
  /* Every desktop reads the accounts (never their secrets): a person signs
   * in on a desktop their account has reached, authors are shown by name,
   * and signatures are checked against the signers' public keys.
   */
  {
    "user", "app_user", user_fields, G_N_ELEMENTS (user_fields),
    CF_ROLES_DESKTOP,
    { CF_ROLE_BIT (CF_ROLE_SUPERVISOR), CF_ROLE_BIT (CF_ROLE_SUPERVISOR), 0, 0 },
    CF_CONFLICT_MERGE_FIELDS,
  },
  {
    "shift_type", "shift_type", shift_type_fields, G_N_ELEMENTS (shift_type_fields),
    CF_ROLES_DESKTOP,
    { CF_ROLES_MANAGERS, CF_ROLES_MANAGERS, 0, 0 },
    CF_CONFLICT_MERGE_FIELDS,
  },
  /* Shift leads adjust the roster (DOMAIN.md); no cell is ever deleted. */
  {
    "roster_assignment", "roster_assignment", roster_assignment_fields,
    G_N_ELEMENTS (roster_assignment_fields),
    CF_ROLES_DESKTOP,
    { CF_ROLES_ROSTER, CF_ROLES_ROSTER, 0, 0 },
    CF_CONFLICT_MERGE_FIELDS,
    roster_assignment_key,
  },
  {
    "leave_request", "leave_request", leave_request_fields, G_N_ELEMENTS (leave_request_fields),
    CF_ROLES_DESKTOP,
    { CF_ROLES_ROSTER, CF_ROLES_MANAGERS, 0, 0 },
    CF_CONFLICT_MERGE_FIELDS,
  },
  {
    "holiday", "holiday", holiday_fields, G_N_ELEMENTS (holiday_fields),
    CF_ROLES_DESKTOP,
    { CF_ROLES_MANAGERS, CF_ROLES_MANAGERS, CF_ROLES_MANAGERS, CF_ROLES_MANAGERS },
    CF_CONFLICT_MERGE_FIELDS,
    holiday_key,
  },
  {
    "roster_month", "roster_month", roster_month_fields, G_N_ELEMENTS (roster_month_fields),
    CF_ROLES_DESKTOP,
    { CF_ROLES_MANAGERS, CF_ROLES_MANAGERS, 0, 0 },
    CF_CONFLICT_MERGE_FIELDS,
    roster_month_key,
  },
  /* Everybody reads the escalation policy; only the supervisor sets it,
   * and nobody removes it.
   */
  {
    "escalation_policy", "escalation_policy", escalation_policy_fields,
    G_N_ELEMENTS (escalation_policy_fields),
    CF_ROLES_DESKTOP,
    { CF_ROLE_BIT (CF_ROLE_SUPERVISOR), CF_ROLE_BIT (CF_ROLE_SUPERVISOR), 0, 0 },
    CF_CONFLICT_MERGE_FIELDS,
    escalation_policy_key,
  },
  /* Every desktop role may raise an escalation and add to its history;
   * the levels act on it (cf-escalation.c), and only the roles that work
   * escalations resolve and close them. Nothing of it is ever deleted.
   */
  {
    "escalation", "escalation", escalation_fields, G_N_ELEMENTS (escalation_fields),
    CF_ROLES_DESKTOP,
    { CF_ROLES_DESKTOP, CF_ROLES_DESKTOP, 0, 0 },
    CF_CONFLICT_MERGE_FIELDS,
    NULL, FALSE, escalation_rules,
  },
  {
    "escalation_entry", "escalation_entry", escalation_entry_fields,
    G_N_ELEMENTS (escalation_entry_fields),
    CF_ROLES_DESKTOP,
    { CF_ROLES_DESKTOP, 0, 0, 0 },
    CF_CONFLICT_MERGE_FIELDS,
    NULL, TRUE, escalation_entry_rules,
  },
  /* Shift leads make rush-repair orders and close them; anyone records
   * who was told, the repair and the callback.
   */
  {
    "rush_repair", "rush_repair", rush_repair_fields, G_N_ELEMENTS (rush_repair_fields),
    CF_ROLES_DESKTOP,
    { CF_ROLES_ROSTER, CF_ROLES_DESKTOP, 0, 0 },
    CF_CONFLICT_MERGE_FIELDS,
    NULL, FALSE, rush_repair_rules,
  },
  {
    "rush_repair_entry", "rush_repair_entry", rush_repair_entry_fields,
    G_N_ELEMENTS (rush_repair_entry_fields),
    CF_ROLES_DESKTOP,
    { CF_ROLES_DESKTOP, 0, 0, 0 },
    CF_CONFLICT_MERGE_FIELDS,
    NULL, TRUE, rush_repair_entry_rules,
  },
  /* Whoever leads a shift (CF_ROLES_ROSTER) keeps the duty log, prepares,
   * signs and countersigns handover sheets and adds addenda; everyone
   * reads them. Before it is sealed a sheet is changed or deleted by its
   * outgoing lead alone, and countersigned by its incoming lead; a sealed
   * sheet by nobody (cf_handover_check_op ()).
   */
  {
    "duty_log_entry", "duty_log_entry", duty_log_entry_fields,
    G_N_ELEMENTS (duty_log_entry_fields),
    CF_ROLES_DESKTOP,
    { CF_ROLES_ROSTER, 0, 0, 0 },
    CF_CONFLICT_MERGE_FIELDS,
    NULL, TRUE,
  },
  {
    "handover_sheet", "handover_sheet", handover_sheet_fields,
    G_N_ELEMENTS (handover_sheet_fields),
    CF_ROLES_DESKTOP,
    { CF_ROLES_ROSTER, CF_ROLES_ROSTER, CF_ROLES_ROSTER, CF_ROLES_ROSTER },
    CF_CONFLICT_MERGE_FIELDS,
  },
  {
    "handover_addendum", "handover_addendum", handover_addendum_fields,
    G_N_ELEMENTS (handover_addendum_fields),
    CF_ROLES_DESKTOP,
    { CF_ROLES_ROSTER, 0, 0, 0 },
    CF_CONFLICT_MERGE_FIELDS,
    NULL, TRUE,
  },
  /* Resolving a conflict is patching it; who may do so is decided by the
   * conflicting record's kind (cf_store_check_conflict_patch ()).
   */
  {
    "conflict", "conflict", conflict_fields, G_N_ELEMENTS (conflict_fields),
    CF_ROLES_DESKTOP,
    { 0, CF_ROLES_DESKTOP, 0, 0 },
    CF_CONFLICT_MERGE_FIELDS,
  },
};

static const char * const op_action_names[] = { "create", "patch", "delete", "restore" };

static gboolean invalid (const CfField  *field,
                         GError        **error,
                         const char     *reason);

const char *
cf_role_to_string (CfRole role)
{
  g_return_val_if_fail (role < CF_N_ROLES, NULL);

  return role_names[role];
}

const char *
cf_role_get_label (CfRole role)
{
  g_return_val_if_fail (role < CF_N_ROLES, NULL);

  return g_dgettext (GETTEXT_PACKAGE, role_labels[role]);
}

gboolean
cf_role_from_string (const char *text,
                     CfRole     *role)
{
  for (guint i = 0; i < CF_N_ROLES; i++)
    {
      if (g_strcmp0 (text, role_names[i]) == 0)
        {
          *role = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Accepts the stored name, the English label or the translated label,
 * case-insensitively: what people type into a spreadsheet column.
 */
gboolean
cf_role_from_label (const char *label,
                    CfRole     *role)
{
  g_autofree char *folded = NULL;

  if (label == NULL)
    return FALSE;

  folded = g_utf8_casefold (label, -1);
  for (guint i = 0; i < CF_N_ROLES; i++)
    {
      g_autofree char *english = g_utf8_casefold (role_labels[i], -1);
      g_autofree char *translated = g_utf8_casefold (cf_role_get_label (i), -1);

      if (g_str_equal (folded, role_names[i]) ||
          g_str_equal (folded, english) ||
          g_str_equal (folded, translated))
        {
          *role = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Who may see a customer's personal data (CF_FIELD_PERSONAL) in full: the
 * roles that work escalations and complaints. Everyone else sees it masked
 * (DOMAIN.md, "Confidentiality").
 */
#define CF_ROLES_PERSONAL_DATA CF_ROLES_ESCALATION

/**
 * cf_role_may_see_personal:
 *
 * Returns: whether people of @role see the fields flagged
 *   %CF_FIELD_PERSONAL in full, in a record's detail; lists always mask them
 */
gboolean
cf_role_may_see_personal (CfRole role)
{
  return role < CF_N_ROLES && (CF_ROLES_PERSONAL_DATA & CF_ROLE_BIT (role)) != 0;
}

/**
 * cf_personal_mask:
 * @value: (nullable): a personal value, such as a phone number
 *
 * Masks @value as lists show it: a phone-like value keeps its first three
 * and last four characters (13812345678 → 138****5678); a shorter one
 * keeps only its first and last.
 *
 * Returns: (transfer full): the masked value; "" for %NULL
 */
char *
cf_personal_mask (const char *value)
{
  g_autoptr (GString) masked = g_string_new (NULL);
  glong n_chars, keep_start, keep_end;
  const char *p;

  if (value == NULL)
    return g_strdup ("");

  n_chars = g_utf8_strlen (value, -1);
  keep_start = n_chars >= 8 ? 3 : n_chars >= 3 ? 1 : 0;
  keep_end = n_chars >= 8 ? 4 : n_chars >= 3 ? 1 : 0;
  p = value;
  for (glong i = 0; i < n_chars; i++, p = g_utf8_next_char (p))
    {
      if (i < keep_start || i >= n_chars - keep_end)
        g_string_append_len (masked, p, g_utf8_next_char (p) - p);
      else
        g_string_append_c (masked, '*');
    }

  return g_string_free (g_steal_pointer (&masked), FALSE);
}

gboolean
cf_role_is_desktop (CfRole role)
{
  return (CF_ROLES_DESKTOP & CF_ROLE_BIT (role)) != 0;
}

const CfKind *
cf_registry_lookup (const char *kind_name)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (g_strcmp0 (kinds[i].name, kind_name) == 0)
        return &kinds[i];
    }

  return NULL;
}

const CfKind **
cf_registry_list (guint *n_kinds)
{
  static const CfKind *list[G_N_ELEMENTS (kinds) + 1];

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    list[i] = &kinds[i];
  *n_kinds = G_N_ELEMENTS (kinds);

  return list;
}

const CfField *
cf_kind_lookup_field (const CfKind *kind,
                      const char   *field_name)
{
  g_return_val_if_fail (kind != NULL, NULL);

  for (guint i = 0; i < kind->n_fields; i++)
    {
      if (g_strcmp0 (kind->fields[i].name, field_name) == 0)
        return &kind->fields[i];
    }

  return NULL;
}

gboolean
cf_kind_allows (const CfKind *kind,
                CfOpAction    action,
                CfRole        role)
{
  g_return_val_if_fail (kind != NULL, FALSE);
  g_return_val_if_fail (action < CF_N_OP_ACTIONS, FALSE);

  return (kind->action_roles[action] & CF_ROLE_BIT (role)) != 0;
}

/* Whether @role may set the enumeration @field_name to @value, as far as
 * the kind's value rules go (cf_kind_allows () says whether it may make
 * the change at all).
 */
gboolean
cf_kind_allows_value (const CfKind *kind,
                      const char   *field_name,
                      const char   *value,
                      CfRole        role)
{
  const CfValueRule *rule;

  g_return_val_if_fail (kind != NULL, FALSE);

  rule = cf_kind_lookup_value_rule (kind, field_name, value);
  return rule == NULL || (rule->roles & CF_ROLE_BIT (role)) != 0;
}

/**
 * cf_kind_lookup_value_rule:
 *
 * Returns: (nullable): the rule for setting @field_name to @value, or
 *   %NULL when there is none (anyone the action allows may)
 */
const CfValueRule *
cf_kind_lookup_value_rule (const CfKind *kind,
                           const char   *field_name,
                           const char   *value)
{
  g_return_val_if_fail (kind != NULL, NULL);

  for (const CfValueRule *rule = kind->value_rules; rule != NULL && rule->field != NULL; rule++)
    {
      if (g_str_equal (rule->field, field_name) && g_strcmp0 (rule->value, value) == 0)
        return rule;
    }

  return NULL;
}

/* Checks the values an op sets against the kind's value rules; the store
 * and the server both call it.
 */
gboolean
cf_kind_check_values (const CfKind  *kind,
                      JsonObject    *set,
                      CfRole         role,
                      GError       **error)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (const CfValueRule *rule = kind->value_rules; rule != NULL && rule->field != NULL; rule++)
    {
      JsonNode *value = set != NULL ? json_object_get_member (set, rule->field) : NULL;
      const CfField *field;
      const char *label = rule->value;

      if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
          json_node_get_value_type (value) != G_TYPE_STRING ||
          !g_str_equal (json_node_get_string (value), rule->value) ||
          (rule->roles & CF_ROLE_BIT (role)) != 0)
        continue;

      field = cf_kind_lookup_field (kind, rule->field);
      for (guint i = 0; field->choices[i] != NULL; i++)
        {
          if (g_str_equal (field->choices[i], rule->value))
            label = cf_field_get_choice_label (field, i);
        }
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN,
                   /* translators: e.g. Your role (Information desk) may not set Status to “Closed”. */
                   _("Your role (%s) may not set %s to “%s”."), cf_role_get_label (role),
                   cf_field_get_label (field), label);
      return FALSE;
    }

  return TRUE;
}

/**
 * cf_kind_natural_id:
 * @values: the record's values, holding its natural key
 *
 * Returns: (transfer full) (nullable): the id every desktop gives the record
 *   named by these values, or %NULL when @kind has no natural key or a key
 *   field is missing
 */
char *
cf_kind_natural_id (const CfKind *kind,
                    JsonObject   *values)
{
  g_autoptr (GString) name = NULL;

  g_return_val_if_fail (kind != NULL, NULL);

  if (kind->natural_key == NULL)
    return NULL;

  name = g_string_new (kind->name);
  for (guint i = 0; kind->natural_key[i] != NULL; i++)
    {
      JsonNode *value = json_object_get_member (values, kind->natural_key[i]);

      if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
          json_node_get_value_type (value) != G_TYPE_STRING)
        return NULL;
      g_string_append_printf (name, "\n%s", json_node_get_string (value));
    }

  return cf_uuid_from_name (name->str);
}

/* A record of a kind with a natural key must have the id its key gives:
 * otherwise two desktops could each make one, and a slot be booked twice.
 */
gboolean
cf_kind_check_new_id (const CfKind  *kind,
                      const char    *record_id,
                      JsonObject    *values,
                      GError       **error)
{
  g_autofree char *natural_id = cf_kind_natural_id (kind, values);

  if (kind->natural_key == NULL || g_strcmp0 (natural_id, record_id) == 0)
    return TRUE;

  g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                       _("This record’s id does not match what it is for."));
  return FALSE;
}

/* A field fixed when its record is made is never changed by a patch. */
gboolean
cf_field_check_change (const CfField  *field,
                       GError        **error)
{
  if ((field->flags & CF_FIELD_FIXED) != 0)
    return invalid (field, error, _("this cannot change once the record is made"));

  return TRUE;
}

const char *
cf_field_get_label (const CfField *field)
{
  return g_dgettext (GETTEXT_PACKAGE, field->label);
}

/**
 * cf_field_get_choice_label:
 * @index: the position of a choice in @field's choices
 *
 * Returns: what a person reads for the choice: its translated label, or the
 *   stored name when the field has no labels
 */
const char *
cf_field_get_choice_label (const CfField *field,
                           guint          index)
{
  g_return_val_if_fail (field != NULL && field->type == CF_FIELD_ENUM, NULL);
  g_return_val_if_fail (index < g_strv_length ((char **) field->choices), NULL);

  if (field->choice_labels == NULL)
    return field->choices[index];

  return g_dgettext (GETTEXT_PACKAGE, field->choice_labels[index]);
}

/**
 * cf_field_get_value_label:
 * @value: (nullable): a value of @field as stored
 *
 * Returns: what a person reads for @value: its choice's label, or @value
 *   itself when it is not one of the choices ("" for %NULL)
 */
const char *
cf_field_get_value_label (const CfField *field,
                          const char    *value)
{
  g_return_val_if_fail (field != NULL && field->type == CF_FIELD_ENUM, NULL);

  for (guint i = 0; field->choices[i] != NULL; i++)
    {
      if (g_strcmp0 (field->choices[i], value) == 0)
        return cf_field_get_choice_label (field, i);
    }

  return value != NULL ? value : "";
}

gboolean
cf_date_parse (const char *text,
               GDate      *date)
{
  unsigned year, month, day;
  char tail;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  if (sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &tail) != 3)
    return FALSE;
  if (!g_date_valid_dmy (day, month, year) || year < 1900 || year > 2999)
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);

  return TRUE;
}

static gboolean
invalid (const CfField  *field,
         GError        **error,
         const char     *reason)
{
  g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
               /* translators: the first %s is a field such as “Name”, the second says what is wrong with it */
               _("%s: %s"), cf_field_get_label (field), reason);
  return FALSE;
}

/* Checks one value against its field's type and limits. A NULL node or a
 * JSON null stands for an empty value. References are checked for shape
 * here and for existence by the store.
 */
gboolean
cf_field_validate (const CfField  *field,
                   JsonNode       *value,
                   GError        **error)
{
  gboolean empty = value == NULL || JSON_NODE_HOLDS_NULL (value);
  GType value_type;

  g_return_val_if_fail (field != NULL, FALSE);

  if (empty)
    {
      if (field->flags & CF_FIELD_REQUIRED)
        return invalid (field, error, _("this is required"));
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (value))
    return invalid (field, error, _("the value has the wrong type"));

  value_type = json_node_get_value_type (value);

  switch (field->type)
    {
    case CF_FIELD_TEXT:
    case CF_FIELD_SECRET:
      {
        const char *text;
        glong length;

        if (value_type != G_TYPE_STRING)
          return invalid (field, error, _("the value must be text"));
        text = json_node_get_string (value);
        if (!g_utf8_validate (text, -1, NULL))
          return invalid (field, error, _("the text is not valid UTF-8"));
        length = g_utf8_strlen (text, -1);
        if (field->flags & CF_FIELD_REQUIRED)
          {
            g_autofree char *stripped = g_strstrip (g_strdup (text));

            if (stripped[0] == '\0')
              return invalid (field, error, _("this is required"));
          }
        for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
          {
            gunichar c = g_utf8_get_char (p);
            if (g_unichar_iscntrl (c))
              return invalid (field, error, _("the text contains control characters"));
          }
        if (length < field->min)
          {
            g_autofree char *reason =
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "at least %d character is needed",
                                            "at least %d characters are needed",
                                            field->min),
                               (int) field->min);
            return invalid (field, error, reason);
          }
        if (field->max > 0 && length > field->max)
          {
            g_autofree char *reason =
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "at most %d character is allowed",
                                            "at most %d characters are allowed",
                                            field->max),
                               (int) field->max);
            return invalid (field, error, reason);
          }
        return TRUE;
      }

    case CF_FIELD_INTEGER:
      {
        gint64 number;

        if (value_type != G_TYPE_INT64)
          return invalid (field, error, _("the value must be a whole number"));
        number = json_node_get_int (value);
        if (number < field->min || number > field->max)
          {
            g_autofree char *reason =
              g_strdup_printf (_("the value must be between %d and %d"),
                               (int) field->min, (int) field->max);
            return invalid (field, error, reason);
          }
        return TRUE;
      }

    case CF_FIELD_BOOLEAN:
      if (value_type != G_TYPE_BOOLEAN)
        return invalid (field, error, _("the value must be yes or no"));
      return TRUE;

    case CF_FIELD_DATE:
      {
        GDate date;

        if (value_type != G_TYPE_STRING || !cf_date_parse (json_node_get_string (value), &date))
          return invalid (field, error, _("the date is not valid (use YYYY-MM-DD)"));
        return TRUE;
      }

    case CF_FIELD_ENUM:
      if (value_type != G_TYPE_STRING ||
          !g_strv_contains ((const char * const *) field->choices, json_node_get_string (value)))
        return invalid (field, error, _("the value is not one of the allowed choices"));
      return TRUE;

    case CF_FIELD_REFERENCE:
      if (value_type != G_TYPE_STRING || !cf_uuid_is_valid (json_node_get_string (value)))
        return invalid (field, error, _("the reference is not valid"));
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

const char *
cf_op_action_to_string (CfOpAction action)
{
  g_return_val_if_fail (action < CF_N_OP_ACTIONS, NULL);

  return op_action_names[action];
}

gboolean
cf_op_action_from_string (const char *text,
                          CfOpAction *action)
{
  for (guint i = 0; i < CF_N_OP_ACTIONS; i++)
    {
      if (g_strcmp0 (text, op_action_names[i]) == 0)
        {
          *action = i;
          return TRUE;
        }
    }

  return FALSE;
}
