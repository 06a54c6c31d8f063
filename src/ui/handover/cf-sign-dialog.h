/* cf-sign-dialog.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cf-signing.h"
#include "cf-types.h"

G_BEGIN_DECLS

/* Makes the ops of the step from what was typed; @key is the signer's
 * key opened with the password typed, NULL when the dialog does not ask
 * for it.
 */
typedef GPtrArray *(*CfSignBuildFunc) (const char    *text,
                                       CfSigningKey  *key,
                                       gpointer       user_data,
                                       GError       **error);

typedef struct
{
  const char *title;          /* the window's, e.g. “Sign Out Handover Sheet” */
  const char *description;    /* what the step means for the person taking it */
  const char *text_label;     /* NULL: no text is asked for */
  const char *initial_text;
  gboolean    text_required;
  gboolean    ask_password;   /* signing: the signer's password opens their key */
  const char *apply_label;    /* with a mnemonic, e.g. “_Sign Out” */
  const char *done_title;     /* the toast once recorded */
  gboolean    undoable;       /* the toast offers Undo */
  void      (*done) (gpointer user_data);   /* once recorded, if set */
} CfSignDialogSpec;

void cf_sign_dialog_present (GtkWidget              *parent,
                             CfContext              *context,
                             const CfSignDialogSpec *spec,
                             CfSignBuildFunc         build,
                             gpointer                user_data,
                             GDestroyNotify          destroy);

G_END_DECLS
