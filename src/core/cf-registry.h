/* cf-registry.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cf-types.h"

G_BEGIN_DECLS

typedef enum
{
  CF_FIELD_TEXT,
  CF_FIELD_INTEGER,
  CF_FIELD_BOOLEAN,
  CF_FIELD_DATE,
  CF_FIELD_ENUM,
  CF_FIELD_REFERENCE,
  CF_FIELD_SECRET,
} CfFieldType;

typedef enum
{
  CF_FIELD_REQUIRED = 1 << 0,
  CF_FIELD_UNIQUE   = 1 << 1,
  CF_FIELD_FIXED    = 1 << 2,   /* set when the record is made, never changed */
  /* A customer's personal data (DOMAIN.md, "Confidentiality"): masked in
   * lists, shown in full only in a detail to roles that may see it.
   */
  CF_FIELD_PERSONAL = 1 << 3,
} CfFieldFlags;

typedef enum
{
  CF_OP_CREATE,
  CF_OP_PATCH,
  CF_OP_DELETE,
  CF_OP_RESTORE,
  CF_N_OP_ACTIONS
} CfOpAction;

/* How the server settles two changes made from the same base revision. */
typedef enum
{
  /* Disjoint fields merge; the same field changed on both sides is kept as
   * a conflict for a person to resolve.
   */
  CF_CONFLICT_MERGE_FIELDS,
} CfConflictPolicy;

typedef struct
{
  const char         *name;
  const char         *label;       /* N_() */
  CfFieldType         type;
  CfFieldFlags        flags;
  gint64              min;         /* characters for text, value for integers */
  gint64              max;
  const char * const *choices;     /* enumerations */
  const char         *reference;   /* the kind a reference points to */
  const char * const *choice_labels; /* N_(), one per choice; NULL shows the choices as stored */
} CfField;

/* Only @roles may set the enumeration @field to @value, whatever else the
 * action's own roles may do: who may close an escalation, say. For the
 * entries of an escalation's history, the rules of "type" are the
 * permission table of its steps: who may record each type, and whether
 * they must stand at the escalation's level or above (at_level,
 * checked by cf_escalation_check_op ()).
 */
typedef struct
{
  const char *field;
  const char *value;
  guint       roles;
  gboolean    at_level;
} CfValueRule;

typedef struct
{
  const char       *name;
  const char       *table;
  const CfField    *fields;
  guint             n_fields;
  guint             read_roles;
  guint             action_roles[CF_N_OP_ACTIONS];
  CfConflictPolicy  conflict_policy;
  /* Fields that name the record: at most one live record has them, on
   * every desktop alike, because its id is made from them. Two desktops
   * making the same record meet as two changes of it (merged, or kept as a
   * conflict), never as two records.
   */
  const char * const *natural_key;
  /* Records that are never changed or removed once made, such as the
   * entries of an escalation's history: a correction is a new record. The
   * store refuses a patch, delete or restore (CF_STORE_ERROR_IMMUTABLE),
   * triggers made by the kind's migration refuse an UPDATE or DELETE in
   * SQL, and the server answers rejected/immutable.
   */
  gboolean            append_only;
  const CfValueRule  *value_rules;   /* ends with an empty rule; may be NULL */
} CfKind;

const CfKind  *cf_registry_lookup          (const char     *kind_name);
const CfKind **cf_registry_list            (guint          *n_kinds);
const CfField *cf_kind_lookup_field        (const CfKind   *kind,
                                            const char     *field_name);
gboolean       cf_kind_allows              (const CfKind   *kind,
                                            CfOpAction      action,
                                            CfRole          role);
gboolean       cf_kind_allows_value        (const CfKind   *kind,
                                            const char     *field_name,
                                            const char     *value,
                                            CfRole          role);
const CfValueRule *cf_kind_lookup_value_rule (const CfKind *kind,
                                            const char     *field_name,
                                            const char     *value);
gboolean       cf_kind_check_values        (const CfKind   *kind,
                                            JsonObject     *set,
                                            CfRole          role,
                                            GError        **error);
char          *cf_kind_natural_id          (const CfKind   *kind,
                                            JsonObject     *values);
gboolean       cf_kind_check_new_id        (const CfKind   *kind,
                                            const char     *record_id,
                                            JsonObject     *values,
                                            GError        **error);
gboolean       cf_field_check_change       (const CfField  *field,
                                            GError        **error);
const char    *cf_field_get_label          (const CfField  *field);
const char    *cf_field_get_choice_label   (const CfField  *field,
                                            guint           index);
const char    *cf_field_get_value_label    (const CfField  *field,
                                            const char     *value);
gboolean       cf_field_validate           (const CfField  *field,
                                            JsonNode       *value,
                                            GError        **error);
gboolean       cf_role_may_see_personal    (CfRole          role);
char          *cf_personal_mask            (const char     *value);
gboolean       cf_date_parse               (const char     *text,
                                            GDate          *date);
const char    *cf_op_action_to_string      (CfOpAction      action);
gboolean       cf_op_action_from_string    (const char     *text,
                                            CfOpAction     *action);

G_END_DECLS
