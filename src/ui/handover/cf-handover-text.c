/* cf-handover-text.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cf-handover-text.h"

#include <string.h>
#include <glib/gi18n.h>

/* What a handover sheet's parts are called on screen and on paper. */

/* Returns: the heading of a section of cf_handover_sections */
const char *
cf_handover_section_title (const char *section)
{
  static const struct
  {
    const char *section;
    const char *title;
  } titles[] = {
    { "equipment", N_("Equipment Condition") },
    { "unfinished", N_("Unfinished Work") },
    { "staffing", N_("Staffing Changes") },
    /* Translators: business going live or retired, and temporary business */
    { "business", N_("Business Changes") },
    { "instructions", N_("Instructions from Above") },
    { "other", N_("Other Notes") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_strcmp0 (section, titles[i].section) == 0)
      return _(titles[i].title);

  return section;
}

/* Returns: a sheet's status (draft, signed_out, sealed) for a person */
const char *
cf_handover_status_label (const char *status)
{
  if (g_strcmp0 (status, "draft") == 0)
    return _("Being prepared");
  if (g_strcmp0 (status, "signed_out") == 0)
    return _("Awaiting countersignature");
  if (g_strcmp0 (status, "sealed") == 0)
    return _("Sealed");

  return status;
}

/* Returns: where a pre-filled item came from (its source's kind), or NULL
 * for an item the lead wrote
 */
const char *
cf_handover_source_label (const char *source)
{
  static const struct
  {
    const char *kind;
    const char *label;
  } labels[] = {
    { "escalation", N_("Open escalation") },
    { "rush_repair", N_("Open rush repair") },
    { "duty_log", N_("Duty log") },
    { "escalation_entry", N_("Escalation instruction") },
    { "roster_assignment", N_("Roster") },
    { "leave_request", N_("Leave") },
  };
  const char *colon = source != NULL ? strchr (source, ':') : NULL;

  if (colon == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (strlen (labels[i].kind) == (gsize) (colon - source) &&
        strncmp (source, labels[i].kind, colon - source) == 0)
      return _(labels[i].label);

  return NULL;
}
