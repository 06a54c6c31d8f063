/* cf-test-ui.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cf-application.h"
#include "cf-context.h"
#include "cf-store.h"
#include "cf-window.h"

G_BEGIN_DECLS

/* A test's own database in a temporary folder; data is TRUE for the demo
 * staff (60 of them) and their roster.
 */
typedef struct
{
  char      *folder;
  CfStore   *store;
  CfContext *context;
  CfWindow  *window;
} CfTestUiFixture;

CfApplication *cf_test_ui_init                   (int              *argc,
                                                  char           ***argv);
CfApplication *cf_test_ui_get_application        (void);

void           cf_test_ui_fixture_set_up         (CfTestUiFixture  *fixture,
                                                  gconstpointer     data);
void           cf_test_ui_fixture_tear_down      (CfTestUiFixture  *fixture,
                                                  gconstpointer     data);
void           cf_test_ui_open_window            (CfTestUiFixture  *fixture);
void           cf_test_ui_sign_in                (CfTestUiFixture  *fixture,
                                                  const char       *login,
                                                  const char       *password);
void           cf_test_ui_show_view              (CfTestUiFixture  *fixture,
                                                  const char       *name);
GtkWindow     *cf_test_ui_wait_for_toplevel      (GType             type);

gboolean       cf_test_ui_wait_for               (gboolean        (*condition) (gpointer),
                                                  gpointer          data);
void           cf_test_ui_settle                 (void);
void           cf_test_ui_wait_for_paint         (GtkWidget        *widget);
GtkWidget     *cf_test_ui_find_named             (GtkWidget        *root,
                                                  const char       *name);
GtkWidget     *cf_test_ui_find_button_with_label (GtkWidget        *root,
                                                  const char       *label);
GtkWidget     *cf_test_ui_find_label             (GtkWidget        *root,
                                                  const char       *text);
gboolean       cf_test_ui_wait_for_label         (GtkWidget        *root,
                                                  const char       *text);
GtkWindow     *cf_test_ui_find_toplevel          (GType             type);
void           cf_test_ui_type_into              (GtkWidget        *root,
                                                  const char       *name,
                                                  const char       *text);
void           cf_test_ui_click                  (GtkWidget        *root,
                                                  const char       *name);
void           cf_test_ui_save_screenshot        (GtkWidget        *widget,
                                                  const char       *name);
gboolean       cf_test_ui_locale_is_chinese      (void);

G_END_DECLS
