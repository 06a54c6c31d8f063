/* cf-step-dialog.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Builds the step from what is typed and chosen: the ops to apply, or
 * %NULL with the core's reason.
 */
typedef GPtrArray *(*CfStepBuildFunc) (const char  *choice,
                                       const char  *text,
                                       const char  *responsible,
                                       gpointer     user_data,
                                       GError     **error);

/* Called once the user asked to record the step: @ops, or %NULL with
 * @error when the core refused it by then.
 */
typedef void (*CfStepApplyFunc) (GPtrArray    *ops,
                                 const GError *error,
                                 gpointer      user_data);

/* What a step's dialog shows; the texts translated. */
typedef struct
{
  const char  *heading;
  const char  *body;
  const char  *text_label;
  const char  *apply_label;
  GPtrArray   *choice_labels;     /* (nullable): a choice besides the text */
  GPtrArray   *choice_values;     /* what each choice stands for, as stored */
  guint        choice_selected;
  gboolean     ask_responsible;   /* who was found responsible, optional */
} CfStepDialogSpec;

void cf_step_dialog_present (GtkWindow              *parent,
                             const CfStepDialogSpec *spec,
                             CfStepBuildFunc         build,
                             CfStepApplyFunc         apply,
                             gpointer                user_data,
                             GDestroyNotify          destroy);

G_END_DECLS
