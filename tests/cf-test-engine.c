/* cf-test-engine.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cf-test-engine.h"

#include "cf-test-util.h"

void
cf_test_outcome_clear (CfTestOutcome *outcome)
{
  g_clear_pointer (&outcome->user_id, g_free);
  g_clear_error (&outcome->error);
  outcome->done = outcome->ok = FALSE;
}

static gboolean
outcome_done (gpointer data)
{
  return ((CfTestOutcome *) data)->done;
}

/* Runs the main loop until the call reported, within @seconds. */
void
cf_test_wait_for (CfTestOutcome *outcome,
                  guint          seconds)
{
  g_assert_true (cf_test_wait_until (outcome_done, outcome, seconds));
}

void
cf_test_signed_in_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  CfTestOutcome *outcome = user_data;

  outcome->user_id = cf_sync_engine_sign_in_finish (CF_SYNC_ENGINE (object), result,
                                                    &outcome->error);
  outcome->ok = outcome->user_id != NULL;
  outcome->done = TRUE;
}

void
cf_test_synced_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CfTestOutcome *outcome = user_data;

  outcome->ok = cf_sync_engine_sync_finish (CF_SYNC_ENGINE (object), result, &outcome->error);
  outcome->done = TRUE;
}

/* Signs in; the answer, right or wrong, is in @outcome within @seconds. */
void
cf_test_engine_sign_in (CfSyncEngine  *engine,
                        const char    *login,
                        const char    *password,
                        CfTestOutcome *outcome,
                        guint          seconds)
{
  cf_test_outcome_clear (outcome);
  cf_sync_engine_sign_in_async (engine, login, password, NULL, cf_test_signed_in_cb, outcome);
  cf_test_wait_for (outcome, seconds);
}

void
cf_test_engine_sync (CfSyncEngine  *engine,
                     CfTestOutcome *outcome)
{
  cf_test_outcome_clear (outcome);
  cf_sync_engine_sync_async (engine, NULL, cf_test_synced_cb, outcome);
  cf_test_wait_for (outcome, CF_TEST_OUTCOME_SECONDS);
}
