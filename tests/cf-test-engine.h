/* cf-test-engine.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cf-sync-engine.h"

G_BEGIN_DECLS

/* Long enough for an Argon2id check on a loaded machine; a server that
 * does not answer fails the test instead of hanging it.
 */
#define CF_TEST_OUTCOME_SECONDS 60

/* What an async call of the sync engine reported. */
typedef struct
{
  gboolean  done;
  gboolean  ok;
  char     *user_id;   /* sign-in */
  GError   *error;
} CfTestOutcome;

void cf_test_outcome_clear   (CfTestOutcome *outcome);
void cf_test_wait_for        (CfTestOutcome *outcome,
                              guint          seconds);
void cf_test_signed_in_cb    (GObject       *object,
                              GAsyncResult  *result,
                              gpointer       outcome);
void cf_test_synced_cb       (GObject       *object,
                              GAsyncResult  *result,
                              gpointer       outcome);
void cf_test_engine_sign_in  (CfSyncEngine  *engine,
                              const char    *login,
                              const char    *password,
                              CfTestOutcome *outcome,
                              guint          seconds);
void cf_test_engine_sync     (CfSyncEngine  *engine,
                              CfTestOutcome *outcome);

G_END_DECLS
