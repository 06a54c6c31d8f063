/* cf-escalation-summary.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-escalation-summary"

#include "config.h"

#include "cf-escalation-summary-private.h"

#include <glib/gi18n-lib.h>

#include "cf-registry.h"
#include "cf-store.h"

G_DEFINE_FINAL_TYPE (CfEscalationSummary, cf_escalation_summary, G_TYPE_OBJECT)

#define SUMMARY_COLUMNS \
  "e.id, e.created_at, e.source, e.category, e.severity, e.customer_ref, " \
  "e.customer_contact, e.summary, e.level, e.status, e.assignee, s.name, e.due_at " \
  "FROM escalation e LEFT JOIN app_user u ON u.id = e.assignee " \
  "LEFT JOIN staff s ON s.id = u.staff "

CfEscalationTexts *
_cf_escalation_texts_new (gsize size)
{
  CfEscalationTexts *texts = g_rc_box_new0 (CfEscalationTexts);

  texts->chunk = g_string_chunk_new (size);

  return texts;
}

CfEscalationTexts *
_cf_escalation_texts_ref (CfEscalationTexts *texts)
{
  return g_rc_box_acquire (texts);
}

static void
texts_clear (CfEscalationTexts *texts)
{
  g_string_chunk_free (texts->chunk);
}

void
_cf_escalation_texts_unref (CfEscalationTexts *texts)
{
  g_rc_box_release_full (texts, (GDestroyNotify) texts_clear);
}

static void
cf_escalation_summary_finalize (GObject *object)
{
  CfEscalationSummary *self = CF_ESCALATION_SUMMARY (object);

  g_clear_pointer (&self->texts, _cf_escalation_texts_unref);

  G_OBJECT_CLASS (cf_escalation_summary_parent_class)->finalize (object);
}

static void
cf_escalation_summary_class_init (CfEscalationSummaryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_escalation_summary_finalize;
}

static void
cf_escalation_summary_init (CfEscalationSummary *self)
{
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static const char *
chunk_column (CfEscalationTexts *texts,
              sqlite3_stmt      *stmt,
              int                column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_string_chunk_insert (texts->chunk, text) : NULL;
}

static CfEscalationSummary *
summary_from_row (sqlite3_stmt *stmt)
{
  CfEscalationSummary *self = g_object_new (CF_TYPE_ESCALATION_SUMMARY, NULL);

  self->texts = _cf_escalation_texts_new (512);
  self->id = chunk_column (self->texts, stmt, 0);
  self->opened_at = chunk_column (self->texts, stmt, 1);
  self->source = chunk_column (self->texts, stmt, 2);
  self->category = chunk_column (self->texts, stmt, 3);
  self->severity = chunk_column (self->texts, stmt, 4);
  self->customer_ref = chunk_column (self->texts, stmt, 5);
  self->customer_contact = chunk_column (self->texts, stmt, 6);
  self->summary = chunk_column (self->texts, stmt, 7);
  self->level = chunk_column (self->texts, stmt, 8);
  self->status = chunk_column (self->texts, stmt, 9);
  self->assignee = chunk_column (self->texts, stmt, 10);
  self->assignee_name = chunk_column (self->texts, stmt, 11);
  self->due_at = chunk_column (self->texts, stmt, 12);

  return self;
}

const char *
cf_escalation_summary_get_id (CfEscalationSummary *self)
{
  g_return_val_if_fail (CF_IS_ESCALATION_SUMMARY (self), NULL);
  return self->id;
}

/* Returns: when it was raised, UTC ISO-8601 */
const char *
cf_escalation_summary_get_opened_at (CfEscalationSummary *self)
{
  g_return_val_if_fail (CF_IS_ESCALATION_SUMMARY (self), NULL);
  return self->opened_at;
}

const char *
cf_escalation_summary_get_source (CfEscalationSummary *self)
{
  g_return_val_if_fail (CF_IS_ESCALATION_SUMMARY (self), NULL);
  return self->source;
}

const char *
cf_escalation_summary_get_category (CfEscalationSummary *self)
{
  g_return_val_if_fail (CF_IS_ESCALATION_SUMMARY (self), NULL);
  return self->category;
}

const char *
cf_escalation_summary_get_severity (CfEscalationSummary *self)
{
  g_return_val_if_fail (CF_IS_ESCALATION_SUMMARY (self), NULL);
  return self->severity;
}

/* Returns: (nullable): the customer reference in full; personal data
 *   (cf_role_may_see_personal ())
 */
const char *
cf_escalation_summary_get_customer_ref (CfEscalationSummary *self)
{
  g_return_val_if_fail (CF_IS_ESCALATION_SUMMARY (self), NULL);
  return self->customer_ref;
}

/* Returns: (nullable): the customer's contact in full; personal data */
const char *
cf_escalation_summary_get_customer_contact (CfEscalationSummary *self)
{
  g_return_val_if_fail (CF_IS_ESCALATION_SUMMARY (self), NULL);
  return self->customer_contact;
}

const char *
cf_escalation_summary_get_summary (CfEscalationSummary *self)
{
  g_return_val_if_fail (CF_IS_ESCALATION_SUMMARY (self), NULL);
  return self->summary;
}

const char *
cf_escalation_summary_get_level (CfEscalationSummary *self)
{
  g_return_val_if_fail (CF_IS_ESCALATION_SUMMARY (self), NULL);
  return self->level;
}

const char *
cf_escalation_summary_get_status (CfEscalationSummary *self)
{
  g_return_val_if_fail (CF_IS_ESCALATION_SUMMARY (self), NULL);
  return self->status;
}

/* Returns: (nullable): the user it is assigned to */
const char *
cf_escalation_summary_get_assignee (CfEscalationSummary *self)
{
  g_return_val_if_fail (CF_IS_ESCALATION_SUMMARY (self), NULL);
  return self->assignee;
}

/* Returns: (nullable): the name of the user it is assigned to */
const char *
cf_escalation_summary_get_assignee_name (CfEscalationSummary *self)
{
  g_return_val_if_fail (CF_IS_ESCALATION_SUMMARY (self), NULL);
  return self->assignee_name;
}

/* Returns: (nullable): when it is due, UTC ISO-8601 */
const char *
cf_escalation_summary_get_due_at (CfEscalationSummary *self)
{
  g_return_val_if_fail (CF_IS_ESCALATION_SUMMARY (self), NULL);
  return self->due_at;
}

/**
 * cf_escalation_summary_get_label:
 * @field_name: an enumeration of the escalation: "source", "category",
 *   "severity", "level" or "status"
 *
 * Returns: (transfer none): the value of @field_name as people read it,
 *   translated
 */
const char *
cf_escalation_summary_get_label (CfEscalationSummary *self,
                                 const char          *field_name)
{
  const CfField *field;
  const char *value;

  g_return_val_if_fail (CF_IS_ESCALATION_SUMMARY (self), NULL);

  field = cf_kind_lookup_field (cf_registry_lookup ("escalation"), field_name);
  g_return_val_if_fail (field != NULL && field->type == CF_FIELD_ENUM, NULL);

  value = g_str_equal (field_name, "source") ? self->source
          : g_str_equal (field_name, "category") ? self->category
          : g_str_equal (field_name, "severity") ? self->severity
          : g_str_equal (field_name, "level") ? self->level
          : self->status;
  return cf_field_get_value_label (field, value);
}

gboolean
cf_escalation_summary_is_overdue (CfEscalationSummary *self,
                                  GDateTime           *now)
{
  g_return_val_if_fail (CF_IS_ESCALATION_SUMMARY (self), FALSE);

  return cf_escalation_is_overdue (self->status, self->due_at, now);
}

/* Returns: (transfer full): the escalation, or %NULL with @error set */
CfEscalationSummary *
cf_escalation_lookup_summary (CfStore     *store,
                              const char  *escalation_id,
                              GError     **error)
{
  g_autoptr (CfStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  stmt = cf_store_prepare (store, "SELECT " SUMMARY_COLUMNS "WHERE e.id = ? AND e.deleted = 0",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, escalation_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return summary_from_row (stmt);
  if (rc != SQLITE_DONE)
    cf_store_set_sqlite_error (store, rc, error);
  else
    g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                         _("The escalation no longer exists."));

  return NULL;
}

void
cf_escalation_person_free (CfEscalationPerson *person)
{
  g_free (person->user_id);
  g_free (person->name);
  g_free (person);
}

/**
 * cf_escalation_list_people:
 *
 * The users who may appear in an escalation's history, by their name:
 * who wrote each entry, who gave an instruction.
 *
 * Returns: (transfer container) (element-type CfEscalationPerson): the
 *   users, highest role first; %NULL with @error set
 */
GPtrArray *
cf_escalation_list_people (CfStore  *store,
                           GError  **error)
{
  g_autoptr (GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_escalation_person_free);
  g_autoptr (CfStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  stmt = cf_store_prepare (store,
                           "SELECT u.id, s.name, s.role FROM app_user u "
                           "JOIN staff s ON s.id = u.staff WHERE u.deleted = 0 "
                           "ORDER BY CASE s.role WHEN 'supervisor' THEN 0 WHEN 'deputy' THEN 1 "
                           "  WHEN 'shift_lead' THEN 2 WHEN 'complaints_desk' THEN 3 ELSE 4 END, "
                           "  s.name, u.id", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CfEscalationPerson *person = g_new0 (CfEscalationPerson, 1);

      person->user_id = column_text (stmt, 0);
      person->name = column_text (stmt, 1);
      if (!cf_role_from_string ((const char *) sqlite3_column_text (stmt, 2), &person->role))
        person->role = CF_ROLE_AGENT;
      g_ptr_array_add (people, person);
    }
  if (rc != SQLITE_DONE)
    {
      cf_store_set_sqlite_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&people);
}
