/* cf-staff.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-staff"

#include "config.h"

#include "cf-staff.h"

#include <glib/gi18n-lib.h>

#include "cf-directory-private.h"

/* A member of staff as the directory shows it: a read-only snapshot of the
 * record, updated in place when the record changes.
 */
struct _CfStaff
{
  GObject   parent_instance;

  char     *id;
  char     *employee_no;
  char     *name;
  CfRole    role;
  char     *team_id;
  char     *team_name;
  char     *hire_date;
  char     *phone;
  gboolean  active;
};

G_DEFINE_FINAL_TYPE (CfStaff, cf_staff, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_EMPLOYEE_NO,
  PROP_NAME,
  PROP_ROLE_LABEL,
  PROP_TEAM_NAME,
  PROP_ACTIVE,
  PROP_STATUS_LABEL,
  PROP_HIRE_DATE,
  PROP_PHONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cf_staff_finalize (GObject *object)
{
  CfStaff *self = (CfStaff *)object;

  g_free (self->id);
  g_free (self->employee_no);
  g_free (self->name);
  g_free (self->team_id);
  g_free (self->team_name);
  g_free (self->hire_date);
  g_free (self->phone);

  G_OBJECT_CLASS (cf_staff_parent_class)->finalize (object);
}

static void
cf_staff_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CfStaff *self = CF_STAFF (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_EMPLOYEE_NO:
      g_value_set_string (value, self->employee_no);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ROLE_LABEL:
      g_value_set_string (value, cf_role_get_label (self->role));
      break;
    case PROP_TEAM_NAME:
      g_value_set_string (value, self->team_name);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_STATUS_LABEL:
      g_value_set_string (value, self->active ? _("Active") : _("Inactive"));
      break;
    case PROP_HIRE_DATE:
      g_value_set_string (value, self->hire_date);
      break;
    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_staff_class_init (CfStaffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cf_staff_finalize;
  object_class->get_property = cf_staff_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMPLOYEE_NO] =
    g_param_spec_string ("employee-no", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE_LABEL] =
    g_param_spec_string ("role-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEAM_NAME] =
    g_param_spec_string ("team-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_LABEL] =
    g_param_spec_string ("status-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIRE_DATE] =
    g_param_spec_string ("hire-date", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cf_staff_init (CfStaff *self)
{
  self->active = TRUE;
}

CfStaff *
_cf_staff_new (const CfStaffValues *values)
{
  CfStaff *self = g_object_new (CF_TYPE_STAFF, NULL);

  self->id = g_strdup (values->id);
  _cf_staff_set_values (self, values);

  return self;
}

static void
update_string (CfStaff    *self,
               char      **field,
               const char *value,
               guint       prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
_cf_staff_set_values (CfStaff             *self,
                      const CfStaffValues *values)
{
  g_object_freeze_notify (G_OBJECT (self));

  update_string (self, &self->employee_no, values->employee_no, PROP_EMPLOYEE_NO);
  update_string (self, &self->name, values->name, PROP_NAME);
  update_string (self, &self->team_name, values->team_name, PROP_TEAM_NAME);
  update_string (self, &self->hire_date, values->hire_date, PROP_HIRE_DATE);
  update_string (self, &self->phone, values->phone, PROP_PHONE);
  g_free (self->team_id);
  self->team_id = g_strdup (values->team_id);

  if (self->role != values->role)
    {
      self->role = values->role;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE_LABEL]);
    }
  if (self->active != values->active)
    {
      self->active = values->active;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_LABEL]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

const char *
cf_staff_get_id (CfStaff *self)
{
  g_return_val_if_fail (CF_IS_STAFF (self), NULL);
  return self->id;
}

const char *
cf_staff_get_employee_no (CfStaff *self)
{
  g_return_val_if_fail (CF_IS_STAFF (self), NULL);
  return self->employee_no;
}

const char *
cf_staff_get_name (CfStaff *self)
{
  g_return_val_if_fail (CF_IS_STAFF (self), NULL);
  return self->name;
}

CfRole
cf_staff_get_role (CfStaff *self)
{
  g_return_val_if_fail (CF_IS_STAFF (self), CF_ROLE_AGENT);
  return self->role;
}

const char *
cf_staff_get_team_id (CfStaff *self)
{
  g_return_val_if_fail (CF_IS_STAFF (self), NULL);
  return self->team_id;
}

const char *
cf_staff_get_team_name (CfStaff *self)
{
  g_return_val_if_fail (CF_IS_STAFF (self), NULL);
  return self->team_name;
}

gboolean
cf_staff_get_active (CfStaff *self)
{
  g_return_val_if_fail (CF_IS_STAFF (self), FALSE);
  return self->active;
}

const char *
cf_staff_get_hire_date (CfStaff *self)
{
  g_return_val_if_fail (CF_IS_STAFF (self), NULL);
  return self->hire_date;
}

const char *
cf_staff_get_phone (CfStaff *self)
{
  g_return_val_if_fail (CF_IS_STAFF (self), NULL);
  return self->phone;
}
