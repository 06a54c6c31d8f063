/* cf-context.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-context"

#include "config.h"

#include "cf-context.h"

#include "cf-session.h"
#include "cf-staff-directory.h"
#include "cf-store.h"

/* What a view needs to work: the store, who is signed in, the settings and
 * the shared models. The application owns one and hands it to each view as
 * a construct property; tests build their own. Nothing reaches for a global.
 */
struct _CfContext
{
  GObject           parent_instance;

  CfStore          *store;
  GSettings        *settings;
  CfSession        *session;
  CfStaffDirectory *directory;
};

G_DEFINE_FINAL_TYPE (CfContext, cf_context, G_TYPE_OBJECT)

static void
cf_context_dispose (GObject *object)
{
  CfContext *self = (CfContext *)object;

  g_clear_object (&self->directory);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cf_context_parent_class)->dispose (object);
}

static void
cf_context_class_init (CfContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cf_context_dispose;
}

static void
cf_context_init (CfContext *self)
{
}

CfContext *
cf_context_new (CfStore   *store,
                GSettings *settings)
{
  CfContext *self;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (CF_TYPE_CONTEXT, NULL);
  self->store = g_object_ref (store);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  self->session = cf_session_new (store);

  return self;
}

CfStore *
cf_context_get_store (CfContext *self)
{
  g_return_val_if_fail (CF_IS_CONTEXT (self), NULL);

  return self->store;
}

CfSession *
cf_context_get_session (CfContext *self)
{
  g_return_val_if_fail (CF_IS_CONTEXT (self), NULL);

  return self->session;
}

/* Returns: (transfer none) (nullable): the settings, or %NULL in tests that have none */
GSettings *
cf_context_get_settings (CfContext *self)
{
  g_return_val_if_fail (CF_IS_CONTEXT (self), NULL);

  return self->settings;
}

/* Created on first use, so start-up pays for it only when a view needs it. */
CfStaffDirectory *
cf_context_get_directory (CfContext *self)
{
  g_return_val_if_fail (CF_IS_CONTEXT (self), NULL);

  if (self->directory == NULL)
    self->directory = cf_staff_directory_new (self->store);

  return self->directory;
}
