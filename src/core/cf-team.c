/* cf-team.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-team"

#include "config.h"

#include "cf-team.h"

#include "cf-directory-private.h"

struct _CfTeam
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *lead_id;
  char    *lead_name;
  guint    n_members;
};

G_DEFINE_FINAL_TYPE (CfTeam, cf_team, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_LEAD_NAME,
  PROP_N_MEMBERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cf_team_finalize (GObject *object)
{
  CfTeam *self = (CfTeam *)object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->lead_id);
  g_free (self->lead_name);

  G_OBJECT_CLASS (cf_team_parent_class)->finalize (object);
}

static void
cf_team_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  CfTeam *self = CF_TEAM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_LEAD_NAME:
      g_value_set_string (value, self->lead_name);
      break;
    case PROP_N_MEMBERS:
      g_value_set_uint (value, self->n_members);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_team_class_init (CfTeamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cf_team_finalize;
  object_class->get_property = cf_team_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEAD_NAME] =
    g_param_spec_string ("lead-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_MEMBERS] =
    g_param_spec_uint ("n-members", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cf_team_init (CfTeam *self)
{
}

CfTeam *
_cf_team_new (const char *id)
{
  CfTeam *self = g_object_new (CF_TYPE_TEAM, NULL);

  self->id = g_strdup (id);
  return self;
}

void
_cf_team_set_values (CfTeam     *self,
                     const char *name,
                     const char *lead_id,
                     const char *lead_name,
                     guint       n_members)
{
  g_free (self->lead_id);
  self->lead_id = g_strdup (lead_id);

  if (g_strcmp0 (self->name, name) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
  if (g_strcmp0 (self->lead_name, lead_name) != 0)
    {
      g_free (self->lead_name);
      self->lead_name = g_strdup (lead_name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEAD_NAME]);
    }
  if (self->n_members != n_members)
    {
      self->n_members = n_members;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MEMBERS]);
    }
}

const char *
cf_team_get_id (CfTeam *self)
{
  g_return_val_if_fail (CF_IS_TEAM (self), NULL);
  return self->id;
}

const char *
cf_team_get_name (CfTeam *self)
{
  g_return_val_if_fail (CF_IS_TEAM (self), NULL);
  return self->name;
}

const char *
cf_team_get_lead_id (CfTeam *self)
{
  g_return_val_if_fail (CF_IS_TEAM (self), NULL);
  return self->lead_id;
}

const char *
cf_team_get_lead_name (CfTeam *self)
{
  g_return_val_if_fail (CF_IS_TEAM (self), NULL);
  return self->lead_name;
}

guint
cf_team_get_n_members (CfTeam *self)
{
  g_return_val_if_fail (CF_IS_TEAM (self), 0);
  return self->n_members;
}
