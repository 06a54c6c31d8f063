/* cf-handover.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-handover"

#include "config.h"

#include "cf-handover.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "cf-case-private.h"
#include "cf-registry.h"
#include "cf-store-private.h"
#include "cf-uuid.h"

/* Shift handover (交接班, DOMAIN.md "Handover").
 *
 * A sheet's content is the canonical JSON (cf_signing_canonical_json ())
 * of an object with one array per section of cf_handover_sections; each
 * item is { "text": string, "source": string or null, "note": string or
 * null }, where a source names the record an item was pre-filled from
 * ("escalation:<id>", "rush_repair:<id>", "duty_log:<id>",
 * "escalation_entry:<id>", "roster_assignment:<id>", "leave_request:<id>").
 *
 * What the outgoing lead signs (cf_handover_content_digest ()) is the
 * BLAKE2b-256 of the canonical JSON of
 *   { "purpose": "callfloor.handover_sheet.v1", "sheet": id,
 *     "shift_date", "outgoing_shift_type", "incoming_shift_type",
 *     "outgoing_lead", "incoming_lead", "outgoing_signed_at",
 *     "content": the content, parsed }
 * so a signature holds for one sheet, its shifts and leads, the moment it
 * claims and the exact content. The hex of that digest is kept in
 * content_digest, which lets a check tell changed content from a bad
 * signature.
 *
 * What the incoming lead signs is the BLAKE2b-256 of the canonical JSON of
 *   { "purpose": "callfloor.handover_countersign.v1", "sheet": id,
 *     "content_digest", "outgoing_signature", "incoming_lead",
 *     "incoming_remarks" (string or null), "incoming_signed_at" }
 * — the signed sheet as the outgoing lead signed it, plus the remarks.
 *
 * An addendum's signature is over
 *   { "purpose": "callfloor.handover_addendum.v1", "sheet", "author",
 *     "text", "signed_at" }.
 */

#define SHEET_PURPOSE       "callfloor.handover_sheet.v1"
#define COUNTERSIGN_PURPOSE "callfloor.handover_countersign.v1"
#define ADDENDUM_PURPOSE    "callfloor.handover_addendum.v1"

const char * const cf_handover_sections[] = {
  "equipment", "unfinished", "staffing", "business", "instructions", "other", NULL
};

G_DEFINE_QUARK (cf-handover-error-quark, cf_handover_error)

/* A string field of a record or op, or NULL (also when not a string). */
#define get_string _cf_case_get_string

static void
set_nullable (JsonObject *object,
              const char *name,
              const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static void
digest_object (JsonObject *object,
               guint8      digest[CF_SIGNING_DIGEST_BYTES])
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *canonical = cf_signing_canonical_json (node);

  /* Only strings, nulls and a checked content go in. */
  g_assert (canonical != NULL);
  cf_signing_digest (canonical, digest);
}

/* A sheet's content nests three levels (sections, items, their members);
 * a little room for what later versions may add.
 */
#define CONTENT_MAX_DEPTH 8

/* Whether the arrays and objects of the JSON @text nest at most
 * @max_depth deep. The content arrives as a string inside a pushed op, so
 * the wire's pre-validator never saw its inside, and json-glib's parser
 * recurses: this non-recursive scan runs before it.
 */
static gboolean
nesting_within (const char *text,
                guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == '"')
            in_string = FALSE;
          continue;
        }

      switch (*p)
        {
        case '"':
          in_string = TRUE;
          break;
        case '{':
        case '[':
          if (++depth > max_depth)
            return FALSE;
          break;
        case '}':
        case ']':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

/* @content parsed, when it is a sheet's content in its canonical form. */
static JsonNode *
parse_content (const char *content)
{
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *canonical = NULL;
  JsonObject *object;

  if (content == NULL || !nesting_within (content, CONTENT_MAX_DEPTH))
    return NULL;
  node = json_from_string (content, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  canonical = cf_signing_canonical_json (node);
  if (g_strcmp0 (canonical, content) != 0)
    return NULL;

  object = json_node_get_object (node);
  for (guint i = 0; cf_handover_sections[i] != NULL; i++)
    {
      JsonNode *section = json_object_get_member (object, cf_handover_sections[i]);

      if (section != NULL && !JSON_NODE_HOLDS_ARRAY (section))
        return NULL;
    }

  return g_steal_pointer (&node);
}

/**
 * cf_handover_content_digest:
 * @sheet: a handover sheet's fields and id
 *
 * The digest the outgoing lead signs (see the top of this file).
 *
 * Returns: %FALSE when the sheet's content is not in canonical form
 */
gboolean
cf_handover_content_digest (JsonObject *sheet,
                            guint8      digest[CF_SIGNING_DIGEST_BYTES])
{
  static const char * const bound[] = {
    "shift_date", "outgoing_shift_type", "incoming_shift_type", "outgoing_lead",
    "incoming_lead", "outgoing_signed_at",
  };
  g_autoptr (JsonObject) signed_part = json_object_new ();
  JsonNode *content;

  g_return_val_if_fail (sheet != NULL, FALSE);

  content = parse_content (get_string (sheet, "content"));
  if (content == NULL)
    return FALSE;

  json_object_set_string_member (signed_part, "purpose", SHEET_PURPOSE);
  set_nullable (signed_part, "sheet", get_string (sheet, "id"));
  for (guint i = 0; i < G_N_ELEMENTS (bound); i++)
    set_nullable (signed_part, bound[i], get_string (sheet, bound[i]));
  json_object_set_member (signed_part, "content", content);
  digest_object (signed_part, digest);

  return TRUE;
}

static void
countersign_digest (JsonObject *sheet,
                    guint8      digest[CF_SIGNING_DIGEST_BYTES])
{
  static const char * const bound[] = {
    "content_digest", "outgoing_signature", "incoming_lead", "incoming_remarks",
    "incoming_signed_at",
  };
  g_autoptr (JsonObject) signed_part = json_object_new ();

  json_object_set_string_member (signed_part, "purpose", COUNTERSIGN_PURPOSE);
  set_nullable (signed_part, "sheet", get_string (sheet, "id"));
  for (guint i = 0; i < G_N_ELEMENTS (bound); i++)
    set_nullable (signed_part, bound[i], get_string (sheet, bound[i]));
  digest_object (signed_part, digest);
}

static void
addendum_digest (const char *sheet_id,
                 const char *author,
                 const char *text,
                 const char *signed_at,
                 guint8      digest[CF_SIGNING_DIGEST_BYTES])
{
  g_autoptr (JsonObject) signed_part = json_object_new ();

  json_object_set_string_member (signed_part, "purpose", ADDENDUM_PURPOSE);
  set_nullable (signed_part, "sheet", sheet_id);
  set_nullable (signed_part, "author", author);
  set_nullable (signed_part, "text", text);
  set_nullable (signed_part, "signed_at", signed_at);
  digest_object (signed_part, digest);
}

static gboolean
digest_from_hex (const char *hex,
                 guint8      digest[CF_SIGNING_DIGEST_BYTES])
{
  if (hex == NULL || strlen (hex) != 2 * CF_SIGNING_DIGEST_BYTES)
    return FALSE;

  for (guint i = 0; i < CF_SIGNING_DIGEST_BYTES; i++)
    {
      int high = g_ascii_xdigit_value (hex[2 * i]);
      int low = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (high < 0 || low < 0)
        return FALSE;
      digest[i] = (guint8) (high << 4 | low);
    }

  return TRUE;
}

static gboolean
verifies (CfStore      *store,
          const char   *signer,
          const guint8  digest[CF_SIGNING_DIGEST_BYTES],
          const char   *signature)
{
  return signer != NULL && signature != NULL &&
         cf_signing_verify (store, signer, digest, signature, NULL);
}

static CfHandoverProblems
check_outgoing (CfStore    *store,
                JsonObject *sheet)
{
  const char *signed_hex = get_string (sheet, "content_digest");
  guint8 digest[CF_SIGNING_DIGEST_BYTES];
  guint8 signed_digest[CF_SIGNING_DIGEST_BYTES];
  CfHandoverProblems problems = 0;

  if (get_string (sheet, "outgoing_signature") == NULL)
    return CF_HANDOVER_PROBLEM_OUTGOING_MISSING;

  if (!cf_handover_content_digest (sheet, digest))
    problems |= CF_HANDOVER_PROBLEM_CONTENT_CHANGED;
  else
    {
      g_autofree char *hex = cf_signing_digest_to_hex (digest);

      if (g_strcmp0 (hex, signed_hex) != 0)
        problems |= CF_HANDOVER_PROBLEM_CONTENT_CHANGED;
    }

  if (!digest_from_hex (signed_hex, signed_digest) ||
      !verifies (store, get_string (sheet, "outgoing_lead"), signed_digest,
                 get_string (sheet, "outgoing_signature")))
    problems |= CF_HANDOVER_PROBLEM_OUTGOING_INVALID;

  return problems;
}

static CfHandoverProblems
check_incoming (CfStore    *store,
                JsonObject *sheet)
{
  guint8 digest[CF_SIGNING_DIGEST_BYTES];

  if (get_string (sheet, "incoming_signature") == NULL)
    return CF_HANDOVER_PROBLEM_INCOMING_MISSING;

  countersign_digest (sheet, digest);
  if (!verifies (store, get_string (sheet, "incoming_lead"), digest,
                 get_string (sheet, "incoming_signature")))
    return CF_HANDOVER_PROBLEM_INCOMING_INVALID;

  return 0;
}

/* Whether @user_id may lead a shift, and so sign a sheet. */
static gboolean
may_lead (CfStore    *store,
          const char *user_id)
{
  CfRole role;

  return user_id != NULL && cf_store_get_author_role (store, user_id, &role) &&
         (CF_ROLES_ROSTER & CF_ROLE_BIT (role)) != 0;
}

static gboolean
refuse (GError     **error,
        GQuark       domain,
        int          code,
        const char  *message)
{
  g_set_error_literal (error, domain, code, message);
  return FALSE;
}

/* A CF_HANDOVER_ERROR for the functions that return the ops of a step. */
static gpointer
fail (GError     **error,
      int          code,
      const char  *message)
{
  g_set_error_literal (error, CF_HANDOVER_ERROR, code, message);
  return NULL;
}

/* The invariants of a sheet's status, whoever wrote it: a draft carries
 * no signature; a sheet signed out carries the outgoing lead's valid
 * signature over its content; a sealed one also the valid countersignature
 * of a second person. A signer must lead shifts when their signature is
 * set (@set holds it), not later: a lead whose account is closed after
 * signing does not hold up the other side.
 */
static gboolean
check_sheet (CfStore     *store,
             JsonObject  *sheet,
             JsonObject  *set,
             GError     **error)
{
  const char *status = get_string (sheet, "status");
  const char *outgoing = get_string (sheet, "outgoing_lead");
  const char *incoming = get_string (sheet, "incoming_lead");

  if (g_strcmp0 (status, "draft") == 0)
    {
      if (get_string (sheet, "outgoing_signature") != NULL ||
          get_string (sheet, "incoming_signature") != NULL)
        return refuse (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                       _("A handover sheet being prepared carries no signature."));
      return TRUE;
    }

  if (json_object_has_member (set, "outgoing_signature") && !may_lead (store, outgoing))
    return refuse (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                   _("The outgoing lead of a handover sheet must be someone who leads shifts."));
  if (check_outgoing (store, sheet) != 0)
    return refuse (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                   _("The outgoing lead’s signature does not match this handover sheet; "
                     "it must be signed again."));

  if (g_strcmp0 (status, "signed_out") == 0)
    {
      if (get_string (sheet, "incoming_signature") != NULL)
        return refuse (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                       _("A handover sheet is countersigned only as it is sealed."));
      return TRUE;
    }

  if (incoming == NULL || g_strcmp0 (incoming, outgoing) == 0)
    return refuse (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                   _("The outgoing and incoming leads must be two different people."));
  if (json_object_has_member (set, "incoming_signature") && !may_lead (store, incoming))
    return refuse (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                   _("The incoming lead of a handover sheet must be someone who leads shifts."));
  if (check_incoming (store, sheet) != 0)
    return refuse (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                   _("The incoming lead’s signature does not match this handover sheet."));

  return TRUE;
}

static gboolean
is_sealed (JsonObject *sheet)
{
  return g_strcmp0 (get_string (sheet, "status"), "sealed") == 0;
}

static gboolean
check_addendum (CfStore     *store,
                JsonObject  *set,
                const char  *author,
                GError     **error)
{
  const char *sheet_id = get_string (set, "sheet");
  g_autoptr (JsonObject) sheet = NULL;
  guint8 digest[CF_SIGNING_DIGEST_BYTES];

  sheet = sheet_id != NULL ? cf_store_get_record (store, "handover_sheet", sheet_id, NULL) : NULL;
  if (sheet == NULL || !is_sealed (sheet))
    return refuse (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                   _("An addendum is added only to a sealed handover sheet."));

  addendum_digest (sheet_id, author, get_string (set, "text"), get_string (set, "signed_at"),
                   digest);
  if (!verifies (store, author, digest, get_string (set, "signature")))
    return refuse (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                   _("The addendum’s signature is not its author’s."));

  return TRUE;
}

/* Who changes a sheet not yet sealed: its outgoing lead, who prepares,
 * signs out, renames the incoming lead or deletes it; its incoming lead
 * only to countersign it. Nobody else, whatever their role: a signed-out
 * sheet is the outgoing lead's proof of what they handed over.
 */
static gboolean
check_author (JsonObject  *sheet,
              CfOp        *op,
              GError     **error)
{
  static const char * const countersign_fields[] = {
    "incoming_signature", "incoming_signed_at", "incoming_remarks", "status", NULL
  };
  const char *author = cf_op_get_author (op);
  g_autoptr (GList) members = NULL;

  if (author != NULL && g_strcmp0 (author, get_string (sheet, "outgoing_lead")) == 0)
    return TRUE;

  if (author != NULL && cf_op_get_action (op) == CF_OP_PATCH &&
      g_strcmp0 (author, get_string (sheet, "incoming_lead")) == 0)
    {
      members = json_object_get_members (cf_op_get_set (op));
      for (const GList *l = members; l != NULL; l = l->next)
        if (!g_strv_contains (countersign_fields, l->data))
          goto forbidden;
      return TRUE;
    }

forbidden:
  return refuse (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN,
                 _("Only its outgoing lead changes a handover sheet before it is sealed; "
                   "the incoming lead only countersigns it."));
}

/**
 * cf_handover_check_op:
 *
 * The rules of handover sheets and addenda for one op, made on this
 * desktop or pushed to the server (see _cf_case_check_op ()): a sealed
 * sheet refuses every change (%CF_STORE_ERROR_IMMUTABLE, rejected/immutable
 * on the server); a sheet's content is kept in canonical form; its status
 * holds only with the signatures it says it has (check_sheet ()), checked
 * against the signers' registered public keys on the sheet as it will be
 * after the op — so a change of content merged into a signed sheet is
 * refused, and an addendum must carry its author's signature.
 */
gboolean
cf_handover_check_op (CfStore     *store,
                      CfOp        *op,
                      CfRole       role,
                      GError     **error)
{
  const char *kind = cf_op_get_kind (op)->name;
  JsonObject *set = cf_op_get_set (op);
  g_autoptr (JsonObject) sheet = NULL;
  g_autoptr (GList) members = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);

  if (g_str_equal (kind, "handover_addendum") && cf_op_get_action (op) == CF_OP_CREATE)
    return check_addendum (store, set, cf_op_get_author (op), error);
  if (!g_str_equal (kind, "handover_sheet"))
    return TRUE;

  if (cf_op_get_action (op) == CF_OP_CREATE)
    sheet = json_object_new ();
  else
    {
      sheet = cf_store_get_record (store, kind, cf_op_get_record_id (op), error);
      if (sheet == NULL)
        return FALSE;
      if (is_sealed (sheet))
        return refuse (error, CF_STORE_ERROR, CF_STORE_ERROR_IMMUTABLE,
                       cf_store_immutable_message ());
      if (!check_author (sheet, op, error))
        return FALSE;
      if (cf_op_get_action (op) != CF_OP_PATCH)
        return TRUE;
    }

  /* The sheet as it will be after the op. */
  json_object_set_string_member (sheet, "id", cf_op_get_record_id (op));
  members = json_object_get_members (set);
  for (const GList *l = members; l != NULL; l = l->next)
    json_object_set_member (sheet, l->data, json_node_copy (json_object_get_member (set, l->data)));

  if (json_object_has_member (set, "content"))
    {
      g_autoptr (JsonNode) content = parse_content (get_string (set, "content"));

      if (content == NULL)
        return refuse (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                       _("The content of a handover sheet is not in its expected form."));
    }

  return check_sheet (store, sheet, set, error);
}

void
cf_handover_check_clear (CfHandoverCheck *check)
{
  g_clear_pointer (&check->digest_hex, g_free);
  g_clear_pointer (&check->outgoing_fingerprint, g_free);
  g_clear_pointer (&check->incoming_fingerprint, g_free);
  g_clear_pointer (&check->message, g_free);
  check->problems = 0;
  check->sealed = FALSE;
}

static JsonObject *
load_sheet (CfStore     *store,
            const char  *sheet_id,
            GError     **error)
{
  g_autoptr (JsonObject) sheet = cf_store_get_record (store, "handover_sheet", sheet_id, error);

  if (sheet == NULL)
    return NULL;
  if (json_object_get_boolean_member (sheet, "deleted"))
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                           _("The handover sheet no longer exists."));
      return NULL;
    }

  return g_steal_pointer (&sheet);
}

static char *
fingerprint_of (CfStore    *store,
                const char *user_id)
{
  g_autoptr (JsonObject) user = NULL;
  const char *key;

  if (user_id == NULL)
    return NULL;
  user = cf_store_get_record (store, "user", user_id, NULL);
  key = user != NULL ? get_string (user, "public_key") : NULL;

  return key != NULL ? cf_signing_fingerprint (key) : NULL;
}

/**
 * cf_handover_verify:
 * @check: (out caller-allocates): what was found; clear it with
 *   cf_handover_check_clear ()
 *
 * Recomputes the sheet's digest and checks both signatures against the
 * signers' registered public keys. @check->problems names every step that
 * failed or is missing; @check->message says, for a person, what fails
 * for the step the sheet claims (a sheet being prepared misses its
 * signatures without fault): when it is set, the sheet is tampered with.
 *
 * Returns: %FALSE only when the sheet cannot be read
 */
gboolean
cf_handover_verify (CfStore          *store,
                    const char       *sheet_id,
                    CfHandoverCheck  *check,
                    GError          **error)
{
  g_autoptr (JsonObject) sheet = NULL;
  const char *status;
  guint8 digest[CF_SIGNING_DIGEST_BYTES];
  CfHandoverProblems claimed = 0;
  g_autoptr (GString) message = g_string_new (NULL);

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (sheet_id != NULL, FALSE);
  g_return_val_if_fail (check != NULL, FALSE);

  memset (check, 0, sizeof *check);
  sheet = load_sheet (store, sheet_id, error);
  if (sheet == NULL)
    return FALSE;

  status = get_string (sheet, "status");
  check->sealed = is_sealed (sheet);
  if (cf_handover_content_digest (sheet, digest))
    check->digest_hex = cf_signing_digest_to_hex (digest);
  check->outgoing_fingerprint = fingerprint_of (store, get_string (sheet, "outgoing_lead"));
  check->incoming_fingerprint = fingerprint_of (store, get_string (sheet, "incoming_lead"));
  check->problems = check_outgoing (store, sheet) | check_incoming (store, sheet);

  /* What the sheet claims to have. */
  if (check->sealed)
    claimed = ~0;
  else if (g_strcmp0 (status, "signed_out") == 0)
    claimed = ~(CF_HANDOVER_PROBLEM_INCOMING_INVALID | CF_HANDOVER_PROBLEM_INCOMING_MISSING);
  else if (get_string (sheet, "outgoing_signature") != NULL ||
           get_string (sheet, "incoming_signature") != NULL)
    claimed = ~(CF_HANDOVER_PROBLEM_OUTGOING_MISSING | CF_HANDOVER_PROBLEM_INCOMING_MISSING);

  /* A sealed sheet whose status was set back would be open to changes
   * again: signatures beyond what the status says are said too.
   */
  if ((g_strcmp0 (status, "draft") == 0 &&
       (get_string (sheet, "outgoing_signature") != NULL ||
        get_string (sheet, "incoming_signature") != NULL)) ||
      (g_strcmp0 (status, "signed_out") == 0 && get_string (sheet, "incoming_signature") != NULL))
    check->problems |= CF_HANDOVER_PROBLEM_STATUS;
  claimed &= check->problems;

  if (claimed & CF_HANDOVER_PROBLEM_CONTENT_CHANGED)
    /* Translators: shown on a handover sheet marked as tampered with */
    g_string_append_printf (message, "%s\n", _("The content is not what the outgoing lead signed."));
  if (claimed & CF_HANDOVER_PROBLEM_OUTGOING_INVALID)
    g_string_append_printf (message, "%s\n", _("The outgoing lead’s signature is not valid."));
  if (claimed & CF_HANDOVER_PROBLEM_OUTGOING_MISSING)
    g_string_append_printf (message, "%s\n", _("The outgoing lead’s signature is missing."));
  if (claimed & CF_HANDOVER_PROBLEM_INCOMING_INVALID)
    g_string_append_printf (message, "%s\n", _("The incoming lead’s signature is not valid."));
  if (claimed & CF_HANDOVER_PROBLEM_INCOMING_MISSING)
    g_string_append_printf (message, "%s\n", _("The incoming lead’s signature is missing."));
  if (claimed & CF_HANDOVER_PROBLEM_STATUS)
    g_string_append_printf (message, "%s\n",
                            _("The sheet carries signatures its status does not show: it was "
                              "signed further than it says."));
  if (message->len > 0)
    {
      g_string_truncate (message, message->len - 1);
      check->message = g_string_free (g_steal_pointer (&message), FALSE);
    }

  return TRUE;
}

static GPtrArray *
one_op (CfOp *op)
{
  GPtrArray *ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);

  g_ptr_array_add (ops, op);
  return ops;
}

/**
 * cf_handover_new_sheet:
 *
 * A new sheet being prepared (a draft), with @content from
 * cf_handover_prefill () as the sections' start.
 */
CfOp *
cf_handover_new_sheet (const char *shift_date,
                       const char *outgoing_shift_type_id,
                       const char *incoming_shift_type_id,
                       const char *outgoing_lead,
                       const char *incoming_lead,
                       const char *content)
{
  g_autoptr (JsonObject) set = json_object_new ();

  json_object_set_string_member (set, "shift_date", shift_date);
  json_object_set_string_member (set, "outgoing_shift_type", outgoing_shift_type_id);
  json_object_set_string_member (set, "incoming_shift_type", incoming_shift_type_id);
  json_object_set_string_member (set, "outgoing_lead", outgoing_lead);
  if (incoming_lead != NULL)
    json_object_set_string_member (set, "incoming_lead", incoming_lead);
  json_object_set_string_member (set, "content", content);
  json_object_set_string_member (set, "status", "draft");

  return cf_op_new_create ("handover_sheet", set);
}

static gboolean
refuse_sealed (JsonObject  *sheet,
               GError     **error)
{
  if (!is_sealed (sheet))
    return TRUE;

  return refuse (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_STATE,
                 _("This handover sheet is sealed; add an addendum instead."));
}

/* The sheet @sheet_id, not sealed, for @author to sign as its @own_field
 * lead: refused with @not_lead unless @author is that lead and leads
 * shifts, and when @author is also its @other_field lead.
 */
static JsonObject *
load_for_signing (CfStore     *store,
                  const char  *author,
                  const char  *sheet_id,
                  const char  *own_field,
                  const char  *other_field,
                  const char  *not_lead,
                  GError     **error)
{
  g_autoptr (JsonObject) sheet = load_sheet (store, sheet_id, error);

  if (sheet == NULL || !refuse_sealed (sheet, error))
    return NULL;
  if (g_strcmp0 (author, get_string (sheet, other_field)) == 0)
    return fail (error, CF_HANDOVER_ERROR_SIGNER,
                 _("The outgoing and incoming leads must be two different people."));
  if (g_strcmp0 (author, get_string (sheet, own_field)) != 0 || !may_lead (store, author))
    return fail (error, CF_HANDOVER_ERROR_SIGNER, not_lead);

  return g_steal_pointer (&sheet);
}

/**
 * cf_handover_edit_content:
 *
 * New content for a sheet not yet sealed. A sheet already signed out goes
 * back to being prepared: the outgoing signature no longer holds for the
 * new content, so it is cleared and must be renewed.
 */
GPtrArray *
cf_handover_edit_content (CfStore     *store,
                          const char  *sheet_id,
                          const char  *content,
                          GError     **error)
{
  g_autoptr (JsonObject) sheet = NULL;
  g_autoptr (JsonNode) parsed = parse_content (content);
  g_autoptr (JsonObject) set = json_object_new ();

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  sheet = load_sheet (store, sheet_id, error);
  if (sheet == NULL || !refuse_sealed (sheet, error))
    return NULL;
  if (parsed == NULL)
    return fail (error, CF_HANDOVER_ERROR_CONTENT,
                 _("The content of a handover sheet is not in its expected form."));

  json_object_set_string_member (set, "content", content);
  if (g_strcmp0 (get_string (sheet, "status"), "draft") != 0)
    {
      json_object_set_string_member (set, "status", "draft");
      json_object_set_null_member (set, "outgoing_signature");
      json_object_set_null_member (set, "outgoing_signed_at");
      json_object_set_null_member (set, "content_digest");
    }

  return one_op (cf_op_new_patch ("handover_sheet", sheet_id, set));
}

/* @author's signature of @digest: with @key, opened once for many
 * signatures, or by opening their key with @password.
 */
static gboolean
sign_digest (CfStore        *store,
             const char     *author,
             const char     *password,
             CfSigningKey   *key,
             const guint8    digest[CF_SIGNING_DIGEST_BYTES],
             char          **signature,
             GError        **error)
{
  if (key == NULL)
    return cf_signing_sign (store, author, password, digest, signature, error);

  *signature = cf_signing_key_sign (key, digest);
  return TRUE;
}

static GPtrArray *
sign_out (CfStore       *store,
          const char    *author,
          const char    *sheet_id,
          const char    *password,
          CfSigningKey  *key,
          GDateTime     *at,
          GError       **error)
{
  g_autoptr (JsonObject) sheet = NULL;
  g_autoptr (JsonObject) set = json_object_new ();
  g_autofree char *now = at != NULL ? cf_utc_iso (at) : cf_utc_now_iso ();
  g_autofree char *signature = NULL;
  g_autofree char *hex = NULL;
  guint8 digest[CF_SIGNING_DIGEST_BYTES];

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (author != NULL, NULL);

  sheet = load_for_signing (store, author, sheet_id, "outgoing_lead", "incoming_lead",
                            _("Only the outgoing lead named on the sheet signs it out."), error);
  if (sheet == NULL)
    return NULL;
  if (get_string (sheet, "incoming_lead") == NULL)
    return fail (error, CF_HANDOVER_ERROR_STATE,
                 _("Name the incoming lead before signing the sheet."));
  if (!may_lead (store, get_string (sheet, "incoming_lead")))
    return fail (error, CF_HANDOVER_ERROR_SIGNER,
                 _("The incoming lead of a handover sheet must be someone who leads shifts."));

  json_object_set_string_member (sheet, "outgoing_signed_at", now);
  if (!cf_handover_content_digest (sheet, digest))
    return fail (error, CF_HANDOVER_ERROR_CONTENT,
                 _("The content of a handover sheet is not in its expected form."));
  if (!sign_digest (store, author, password, key, digest, &signature, error))
    return NULL;
  hex = cf_signing_digest_to_hex (digest);

  json_object_set_string_member (set, "outgoing_signature", signature);
  json_object_set_string_member (set, "outgoing_signed_at", now);
  json_object_set_string_member (set, "content_digest", hex);
  json_object_set_string_member (set, "status", "signed_out");

  return one_op (cf_op_new_patch ("handover_sheet", sheet_id, set));
}

/**
 * cf_handover_set_incoming_lead:
 * @author: the signed-in user, who must be the sheet's outgoing lead
 * @incoming_lead: who takes over; someone else who leads shifts
 *
 * Names another incoming lead on a sheet not yet sealed. The outgoing
 * signature binds the incoming lead, so a sheet signed out goes back to
 * being prepared and must be signed again.
 *
 * Returns: (transfer full): the op to apply, or %NULL
 */
GPtrArray *
cf_handover_set_incoming_lead (CfStore     *store,
                               const char  *author,
                               const char  *sheet_id,
                               const char  *incoming_lead,
                               GError     **error)
{
  g_autoptr (JsonObject) sheet = NULL;
  g_autoptr (JsonObject) set = json_object_new ();

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (author != NULL, NULL);

  sheet = load_sheet (store, sheet_id, error);
  if (sheet == NULL || !refuse_sealed (sheet, error))
    return NULL;
  if (g_strcmp0 (author, get_string (sheet, "outgoing_lead")) != 0)
    return fail (error, CF_HANDOVER_ERROR_SIGNER,
                 _("Only the outgoing lead named on the sheet names who takes over."));
  if (incoming_lead == NULL || g_strcmp0 (incoming_lead, author) == 0)
    return fail (error, CF_HANDOVER_ERROR_SIGNER,
                 _("The outgoing and incoming leads must be two different people."));
  if (!may_lead (store, incoming_lead))
    return fail (error, CF_HANDOVER_ERROR_SIGNER,
                 _("The incoming lead of a handover sheet must be someone who leads shifts."));

  json_object_set_string_member (set, "incoming_lead", incoming_lead);
  if (g_strcmp0 (get_string (sheet, "status"), "draft") != 0)
    {
      json_object_set_string_member (set, "status", "draft");
      json_object_set_null_member (set, "outgoing_signature");
      json_object_set_null_member (set, "outgoing_signed_at");
      json_object_set_null_member (set, "content_digest");
    }

  return one_op (cf_op_new_patch ("handover_sheet", sheet_id, set));
}

/**
 * cf_handover_sign_out:
 * @author: the signed-in user, who must be the sheet's outgoing lead
 * @password: @author's password, which opens their signing key
 *
 * The outgoing lead's signature over the sheet as it is now (see the top
 * of this file); renews it when the sheet was signed out before. The
 * incoming lead must be named first, as the signature binds them.
 *
 * Returns: (transfer full): the op to apply, or %NULL
 */
GPtrArray *
cf_handover_sign_out (CfStore     *store,
                      const char  *author,
                      const char  *sheet_id,
                      const char  *password,
                      GError     **error)
{
  return sign_out (store, author, sheet_id, password, NULL, NULL, error);
}

/**
 * cf_handover_sign_out_with_key:
 * @key: @author's key, opened with cf_signing_open_key ()
 * @signed_at: (nullable): the moment the signature claims; %NULL for now
 *
 * cf_handover_sign_out () with a key opened already: in a worker thread
 * by the sign dialog, or once for many signatures of a history written
 * after the fact (the demo, the benchmarks).
 */
GPtrArray *
cf_handover_sign_out_with_key (CfStore       *store,
                               const char    *author,
                               const char    *sheet_id,
                               CfSigningKey  *key,
                               GDateTime     *signed_at,
                               GError       **error)
{
  g_return_val_if_fail (key != NULL, NULL);

  return sign_out (store, author, sheet_id, NULL, key, signed_at, error);
}

static GPtrArray *
countersign (CfStore       *store,
             const char    *author,
             const char    *sheet_id,
             const char    *password,
             const char    *remarks,
             CfSigningKey  *key,
             GDateTime     *at,
             GError       **error)
{
  g_autoptr (JsonObject) sheet = NULL;
  g_autoptr (JsonObject) set = json_object_new ();
  g_autofree char *now = at != NULL ? cf_utc_iso (at) : cf_utc_now_iso ();
  g_autofree char *signature = NULL;
  guint8 digest[CF_SIGNING_DIGEST_BYTES];

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (author != NULL, NULL);

  sheet = load_for_signing (store, author, sheet_id, "incoming_lead", "outgoing_lead",
                            _("Only the incoming lead named on the sheet countersigns it."), error);
  if (sheet == NULL)
    return NULL;
  if (g_strcmp0 (get_string (sheet, "status"), "signed_out") != 0 ||
      check_outgoing (store, sheet) != 0)
    return fail (error, CF_HANDOVER_ERROR_STATE,
                 _("The outgoing lead’s signature does not hold for this sheet as it is now; "
                   "they must sign it again first."));

  set_nullable (sheet, "incoming_remarks", _cf_case_has_text (remarks) ? remarks : NULL);
  json_object_set_string_member (sheet, "incoming_signed_at", now);
  countersign_digest (sheet, digest);
  if (!sign_digest (store, author, password, key, digest, &signature, error))
    return NULL;

  json_object_set_string_member (set, "incoming_signature", signature);
  json_object_set_string_member (set, "incoming_signed_at", now);
  json_object_set_member (set, "incoming_remarks",
                          json_node_copy (json_object_get_member (sheet, "incoming_remarks")));
  json_object_set_string_member (set, "status", "sealed");

  return one_op (cf_op_new_patch ("handover_sheet", sheet_id, set));
}

/**
 * cf_handover_countersign:
 * @author: the signed-in user, who must be the sheet's incoming lead
 * @remarks: (nullable): the incoming lead's remarks, bound by the
 *   signature with the outgoing lead's signed sheet
 *
 * The incoming lead's countersignature, which seals the sheet. Refused
 * unless the outgoing signature holds for the sheet as it is now.
 *
 * Returns: (transfer full): the op to apply, or %NULL
 */
GPtrArray *
cf_handover_countersign (CfStore     *store,
                         const char  *author,
                         const char  *sheet_id,
                         const char  *password,
                         const char  *remarks,
                         GError     **error)
{
  return countersign (store, author, sheet_id, password, remarks, NULL, NULL, error);
}

/**
 * cf_handover_countersign_with_key:
 *
 * cf_handover_countersign () with an open key and a moment, as
 * cf_handover_sign_out_with_key ().
 */
GPtrArray *
cf_handover_countersign_with_key (CfStore       *store,
                                  const char    *author,
                                  const char    *sheet_id,
                                  CfSigningKey  *key,
                                  const char    *remarks,
                                  GDateTime     *signed_at,
                                  GError       **error)
{
  g_return_val_if_fail (key != NULL, NULL);

  return countersign (store, author, sheet_id, NULL, remarks, key, signed_at, error);
}

static GPtrArray *
add_addendum (CfStore       *store,
              const char    *author,
              const char    *sheet_id,
              const char    *password,
              const char    *text,
              CfSigningKey  *key,
              GDateTime     *at,
              GError       **error)
{
  g_autoptr (JsonObject) sheet = NULL;
  g_autoptr (JsonObject) set = json_object_new ();
  g_autofree char *now = at != NULL ? cf_utc_iso (at) : cf_utc_now_iso ();
  g_autofree char *signature = NULL;
  guint8 digest[CF_SIGNING_DIGEST_BYTES];

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (author != NULL, NULL);

  sheet = load_sheet (store, sheet_id, error);
  if (sheet == NULL)
    return NULL;
  if (!is_sealed (sheet))
    return fail (error, CF_HANDOVER_ERROR_STATE,
                 _("An addendum is added only to a sealed handover sheet."));
  if (!_cf_case_has_text (text))
    return fail (error, CF_HANDOVER_ERROR_CONTENT,
                 _("Write what the addendum corrects or adds."));

  addendum_digest (sheet_id, author, text, now, digest);
  if (!sign_digest (store, author, password, key, digest, &signature, error))
    return NULL;

  json_object_set_string_member (set, "sheet", sheet_id);
  json_object_set_string_member (set, "text", text);
  json_object_set_string_member (set, "signature", signature);
  json_object_set_string_member (set, "signed_at", now);

  return one_op (cf_op_new_create ("handover_addendum", set));
}

/**
 * cf_handover_add_addendum:
 *
 * A correction or addition to a sealed sheet, signed by @author.
 *
 * Returns: (transfer full): the op to apply, or %NULL
 */
GPtrArray *
cf_handover_add_addendum (CfStore     *store,
                          const char  *author,
                          const char  *sheet_id,
                          const char  *password,
                          const char  *text,
                          GError     **error)
{
  return add_addendum (store, author, sheet_id, password, text, NULL, NULL, error);
}

/**
 * cf_handover_add_addendum_with_key:
 *
 * cf_handover_add_addendum () with an open key and a moment, as
 * cf_handover_sign_out_with_key ().
 */
GPtrArray *
cf_handover_add_addendum_with_key (CfStore       *store,
                                   const char    *author,
                                   const char    *sheet_id,
                                   CfSigningKey  *key,
                                   const char    *text,
                                   GDateTime     *signed_at,
                                   GError       **error)
{
  g_return_val_if_fail (key != NULL, NULL);

  return add_addendum (store, author, sheet_id, NULL, text, key, signed_at, error);
}

/**
 * cf_handover_verify_addendum:
 *
 * Whether an addendum's signature holds for its text, sheet, time and
 * author (the user who created it).
 */
gboolean
cf_handover_verify_addendum (CfStore     *store,
                             const char  *addendum_id,
                             GError     **error)
{
  g_autoptr (JsonObject) addendum = NULL;
  guint8 digest[CF_SIGNING_DIGEST_BYTES];

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);

  addendum = cf_store_get_record (store, "handover_addendum", addendum_id, error);
  if (addendum == NULL)
    return FALSE;

  addendum_digest (get_string (addendum, "sheet"), get_string (addendum, "created_by"),
                   get_string (addendum, "text"), get_string (addendum, "signed_at"), digest);
  return cf_signing_verify (store, get_string (addendum, "created_by"), digest,
                            get_string (addendum, "signature"), error);
}

/* Pre-filling ------------------------------------------------------------ */

static void
add_item (JsonObject *sections,
          const char *section,
          const char *text,
          const char *source_kind,
          const char *source_id)
{
  JsonObject *item = json_object_new ();
  g_autofree char *source = source_kind != NULL ? g_strdup_printf ("%s:%s", source_kind, source_id)
                                                : NULL;

  json_object_set_string_member (item, "text", text != NULL ? text : "");
  set_nullable (item, "source", source);
  json_object_set_null_member (item, "note");
  json_array_add_object_element (json_object_get_array_member (sections, section), item);
}

/* Adds an item to @section for each row of @sql (id, text), bound to
 * @parameters (NULL-terminated).
 */
static gboolean
add_rows (CfStore            *store,
          JsonObject         *sections,
          const char         *section,
          const char         *source_kind,
          const char         *sql,
          const char * const *parameters,
          GError            **error)
{
  g_autoptr (CfStatement) stmt = cf_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; parameters != NULL && parameters[i] != NULL; i++)
    sqlite3_bind_text (stmt, i + 1, parameters[i], -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_item (sections, section, (const char *) sqlite3_column_text (stmt, 1), source_kind,
              (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (store, rc, error);

  return TRUE;
}

/* The staffing changes of @date: who is on leave that day, as the roster
 * or an approved leave request says (one item per person), and the
 * roster's cells of that day changed after the month was published.
 */
static gboolean
add_staffing (CfStore     *store,
              JsonObject  *sections,
              const char  *date,
              GError     **error)
{
  const CfField *leave_field = cf_kind_lookup_field (cf_registry_lookup ("leave_request"),
                                                     "leave_type");
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store,
                      "SELECT 'roster_assignment', r.id, s.name, r.leave, r.staff "
                      "FROM roster_assignment r JOIN staff s ON s.id = r.staff "
                      "WHERE r.deleted = 0 AND r.date = ?1 AND r.leave IS NOT NULL "
                      "UNION ALL "
                      "SELECT 'leave_request', l.id, s.name, l.leave_type, l.staff "
                      "FROM leave_request l JOIN staff s ON s.id = l.staff "
                      "WHERE l.deleted = 0 AND l.status = 'approved' "
                      "AND l.start_date <= ?1 AND l.end_date >= ?1 "
                      "ORDER BY 3, 1 DESC", error);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *month = g_strndup (date, 7);
  const char * const changed[] = { date, month, NULL };
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *staff = (const char *) sqlite3_column_text (stmt, 4);
      g_autofree char *text = NULL;

      if (!g_hash_table_add (seen, g_strdup (staff)))
        continue;
      /* Translators: an item of a handover sheet: a person's name and their leave */
      text = g_strdup_printf (_("%s: %s"), (const char *) sqlite3_column_text (stmt, 2),
                              cf_field_get_value_label (leave_field,
                                                        (const char *) sqlite3_column_text (stmt, 3)));
      add_item (sections, "staffing", text, (const char *) sqlite3_column_text (stmt, 0),
                (const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (store, rc, error);

  return add_rows (store, sections, "staffing", "roster_assignment",
                   "SELECT r.id, s.name || ': ' || COALESCE (t.name, r.leave, '–') "
                   "FROM roster_assignment r JOIN staff s ON s.id = r.staff "
                   "LEFT JOIN shift_type t ON t.id = r.shift_type "
                   "JOIN roster_month m ON m.month = ?2 AND m.deleted = 0 "
                   "WHERE r.deleted = 0 AND r.date = ?1 AND r.leave IS NULL "
                   "AND m.published_at IS NOT NULL AND r.updated_at > m.published_at "
                   "ORDER BY s.name", changed, error);
}

/**
 * cf_handover_prefill:
 * @shift_date: the handover's date (YYYY-MM-DD)
 * @outgoing_shift_type_id: the shift handing over
 *
 * A new sheet's content, in canonical form, pre-filled from what the
 * database knows; the outgoing lead keeps, removes or annotates each item
 * before signing:
 * - unfinished work: every escalation not resolved or closed, every
 *   rush-repair order not closed, and the duty-log entries of that date
 *   and shift flagged to be handed over (but instructions, below);
 * - instructions: the escalations' instruction entries recorded that day
 *   (by their UTC date) and the duty log's instructions of that date, of
 *   any shift;
 * - staffing: the people on leave that day (roster or approved request)
 *   and the roster's cells of that day changed after it was published;
 * - equipment, business and other: empty, for the lead to write.
 *
 * Returns: (transfer full): the content, or %NULL
 */
char *
cf_handover_prefill (CfStore     *store,
                     const char  *shift_date,
                     const char  *outgoing_shift_type_id,
                     GError     **error)
{
  g_autoptr (JsonObject) sections = json_object_new ();
  g_autoptr (JsonNode) node = NULL;
  const char * const date_only[] = { shift_date, NULL };
  const char * const shift[] = { shift_date, outgoing_shift_type_id, NULL };
  GDate date;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  if (shift_date == NULL || !cf_date_parse (shift_date, &date) || outgoing_shift_type_id == NULL)
    return fail (error, CF_HANDOVER_ERROR_FAILED,
                 _("A handover needs its date and the shift handing over."));

  for (guint i = 0; cf_handover_sections[i] != NULL; i++)
    json_object_set_array_member (sections, cf_handover_sections[i], json_array_new ());

  if (!add_rows (store, sections, "unfinished", "escalation",
                 "SELECT id, summary FROM escalation WHERE deleted = 0 "
                 "AND status NOT IN ('resolved', 'closed') ORDER BY created_at, id", NULL, error) ||
      !add_rows (store, sections, "unfinished", "rush_repair",
                 "SELECT id, summary FROM rush_repair WHERE deleted = 0 AND status != 'closed' "
                 "ORDER BY created_at, id", NULL, error) ||
      !add_rows (store, sections, "unfinished", "duty_log",
                 "SELECT id, text FROM duty_log_entry WHERE deleted = 0 AND flagged = 1 "
                 "AND shift_date = ?1 AND shift_type = ?2 AND category != 'instruction' "
                 "ORDER BY created_at, id", shift, error) ||
      !add_rows (store, sections, "instructions", "escalation_entry",
                 "SELECT id, text FROM escalation_entry WHERE deleted = 0 "
                 "AND type = 'instruction' AND substr (created_at, 1, 10) = ?1 "
                 "ORDER BY created_at, id", date_only, error) ||
      !add_rows (store, sections, "instructions", "duty_log",
                 "SELECT id, text FROM duty_log_entry WHERE deleted = 0 "
                 "AND category = 'instruction' AND shift_date = ?1 "
                 "ORDER BY created_at, id", date_only, error) ||
      !add_staffing (store, sections, shift_date, error))
    return NULL;

  node = json_node_init_object (json_node_alloc (), sections);
  return cf_signing_canonical_json (node);
}

/* Overdue countersignatures ---------------------------------------------- */

/**
 * cf_handover_countersign_deadline:
 * @shift_date: a sheet's date (YYYY-MM-DD)
 * @incoming_start: the minute of the day its incoming shift starts
 * @outgoing_start: the minute of the day its outgoing shift starts
 * @minutes: how long a sheet may wait for its countersignature
 * @local: the desktop's time zone
 *
 * When a sheet falls overdue: @minutes after its incoming shift starts,
 * in local time, on the next day when the incoming shift does not start
 * after the outgoing one (a night shift handing over to the early shift).
 *
 * Returns: (transfer full) (nullable): the moment, or %NULL for a date
 *   that is not one
 */
GDateTime *
cf_handover_countersign_deadline (const char *shift_date,
                                  int         incoming_start,
                                  int         outgoing_start,
                                  guint       minutes,
                                  GTimeZone  *local)
{
  g_autoptr (GDateTime) day = NULL;
  GDate date;

  if (shift_date == NULL || !cf_date_parse (shift_date, &date))
    return NULL;
  day = g_date_time_new (local, g_date_get_year (&date), g_date_get_month (&date),
                         g_date_get_day (&date), 0, 0, 0);
  if (incoming_start <= outgoing_start)
    incoming_start += 24 * 60;

  return g_date_time_add_minutes (day, incoming_start + (int) minutes);
}

typedef struct
{
  char      *sheet_id;
  GDateTime *deadline;
} Deadline;

static void
deadline_free (Deadline *deadline)
{
  g_free (deadline->sheet_id);
  g_date_time_unref (deadline->deadline);
  g_free (deadline);
}

/* The countersignature deadline of every live sheet not sealed, by date
 * (cf_handover_countersign_deadline ()).
 */
static GPtrArray *
read_deadlines (CfStore     *store,
                guint        minutes,
                GError     **error)
{
  g_autoptr (CfStatement) stmt = NULL;
  g_autoptr (GPtrArray) deadlines = g_ptr_array_new_with_free_func ((GDestroyNotify) deadline_free);
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  int rc;

  stmt = cf_store_prepare (store,
                           "SELECT h.id, h.shift_date, i.start_minute, o.start_minute "
                           "FROM handover_sheet h "
                           "JOIN shift_type i ON i.id = h.incoming_shift_type "
                           "JOIN shift_type o ON o.id = h.outgoing_shift_type "
                           "WHERE h.deleted = 0 AND h.status IN ('draft', 'signed_out') "
                           "ORDER BY h.shift_date, i.start_minute, h.id", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GDateTime *moment =
        cf_handover_countersign_deadline ((const char *) sqlite3_column_text (stmt, 1),
                                          sqlite3_column_int (stmt, 2),
                                          sqlite3_column_int (stmt, 3), minutes, local);
      Deadline *deadline;

      if (moment == NULL)
        continue;
      deadline = g_new0 (Deadline, 1);
      deadline->sheet_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      deadline->deadline = moment;
      g_ptr_array_add (deadlines, deadline);
    }
  if (rc != SQLITE_DONE)
    {
      cf_store_set_sqlite_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&deadlines);
}

/**
 * cf_handover_list_overdue_countersign:
 * @now: the time to judge by
 * @minutes: how long after the incoming shift's start a sheet may stay
 *   without its countersignature
 *
 * The live sheets not sealed @minutes after their incoming shift started.
 * The incoming shift starts on the sheet's date, in local time, or on the
 * next day when it does not start after the outgoing shift (a night shift
 * handing over to the early shift).
 *
 * Returns: (transfer full) (element-type JsonObject): the sheets, by date
 */
GPtrArray *
cf_handover_list_overdue_countersign (CfStore     *store,
                                      GDateTime   *now,
                                      guint        minutes,
                                      GError     **error)
{
  g_autoptr (GPtrArray) overdue = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (GPtrArray) deadlines = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  deadlines = read_deadlines (store, minutes, error);
  if (deadlines == NULL)
    return NULL;

  for (guint i = 0; i < deadlines->len; i++)
    {
      Deadline *deadline = deadlines->pdata[i];
      JsonObject *sheet;

      if (g_date_time_compare (now, deadline->deadline) < 0)
        continue;
      sheet = cf_store_get_record (store, "handover_sheet", deadline->sheet_id, error);
      if (sheet == NULL)
        return NULL;
      g_ptr_array_add (overdue, sheet);
    }

  return g_steal_pointer (&overdue);
}

/**
 * cf_handover_next_countersign_deadline:
 * @now: the time to judge by
 * @minutes: as for cf_handover_list_overdue_countersign ()
 *
 * The earliest moment after @now at which a live sheet not sealed falls
 * overdue for its countersignature.
 *
 * Returns: (transfer full) (nullable): that moment, or %NULL when none
 *   falls due later (@error unset) or on error
 */
GDateTime *
cf_handover_next_countersign_deadline (CfStore     *store,
                                       GDateTime   *now,
                                       guint        minutes,
                                       GError     **error)
{
  g_autoptr (GPtrArray) deadlines = NULL;
  GDateTime *next = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  deadlines = read_deadlines (store, minutes, error);
  for (guint i = 0; deadlines != NULL && i < deadlines->len; i++)
    {
      GDateTime *deadline = ((Deadline *) deadlines->pdata[i])->deadline;

      if (g_date_time_compare (deadline, now) > 0 &&
          (next == NULL || g_date_time_compare (deadline, next) < 0))
        next = deadline;
    }

  return next != NULL ? g_date_time_ref (next) : NULL;
}
