/* cf-escalation-summary-private.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cf-escalation-summary.h"

G_BEGIN_DECLS

/* Texts shared by many summaries, freed with the last of them. */
typedef struct
{
  GStringChunk *chunk;
} CfEscalationTexts;

CfEscalationTexts *_cf_escalation_texts_new   (gsize              size);
CfEscalationTexts *_cf_escalation_texts_ref   (CfEscalationTexts *texts);
void               _cf_escalation_texts_unref (CfEscalationTexts *texts);

/* Where each escalation stands, as the list shows it: a snapshot, made by
 * CfEscalationList for the rows the list view asks for and replaced when
 * the store changes; its texts are the list's. The history is read for one escalation at a time
 * (cf_escalation_list_entries ()).
 */
struct _CfEscalationSummary
{
  GObject            parent_instance;

  CfEscalationTexts *texts;   /* where the texts below are kept */
  const char        *id;
  const char        *opened_at;
  const char        *source;
  const char        *category;
  const char        *severity;
  const char        *customer_ref;
  const char        *customer_contact;
  const char        *summary;
  const char        *level;
  const char        *status;
  const char        *assignee;
  const char        *assignee_name;
  const char        *due_at;
};

G_END_DECLS
