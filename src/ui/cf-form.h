/* cf-form.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "cf-registry.h"
#include "cf-types.h"

G_BEGIN_DECLS

void      cf_form_add_close_shortcut (GtkWidget *window);
gboolean  cf_form_has_text     (const char    *text);
char     *cf_form_get_text     (GtkEditable   *row);
JsonNode *cf_form_parse_text   (const CfField *field,
                                const char    *text);
char     *cf_form_check_value  (GtkWidget     *row,
                                CfStore       *store,
                                const char    *kind_name,
                                const char    *field_name,
                                JsonNode      *value,
                                const char    *record_id,
                                gboolean       show_problem);
char     *cf_form_check_text   (GtkEditable   *row,
                                CfStore       *store,
                                const char    *kind_name,
                                const char    *field_name,
                                const char    *record_id,
                                gboolean       show_problem);
void      cf_form_show_problem (GtkLabel      *label,
                                const char    *problem);
AdwToast *cf_form_new_toast    (const char    *title,
                                const char    *undo_action,
                                const char * const *op_ids);
char     *cf_form_undo         (CfContext     *context,
                                GVariant      *op_ids);

G_END_DECLS
