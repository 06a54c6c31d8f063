/* cf-staff-directory.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-staff-directory"

#include "config.h"

#include "cf-staff-directory.h"

#include "cf-directory-private.h"
#include "cf-store.h"

/* The staff and teams as list models for views. The objects are updated in
 * place when the store reports a change, so a view keeps its selection and
 * scroll position while records change under it (by this desktop or sync).
 */
struct _CfStaffDirectory
{
  GObject     parent_instance;

  CfStore    *store;
  GListStore *staff;
  GListStore *teams;
  GHashTable *staff_by_id;
  GHashTable *teams_by_id;
};

G_DEFINE_FINAL_TYPE (CfStaffDirectory, cf_staff_directory, G_TYPE_OBJECT)

/* Replaces the contents of @store with @objects, keeping the objects that
 * are still there (and so the positions views know) and splicing the rest.
 */
static void
sync_list (GListStore *store,
           GPtrArray  *objects)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (store));
  guint same = 0;

  while (same < n_items && same < objects->len)
    {
      g_autoptr (GObject) item = g_list_model_get_item (G_LIST_MODEL (store), same);

      if (item != g_ptr_array_index (objects, same))
        break;
      same++;
    }

  if (same == n_items && same == objects->len)
    return;

  g_list_store_splice (store, same, n_items - same,
                       objects->pdata + same, objects->len - same);
}

static void
load_teams (CfStaffDirectory *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) teams = g_ptr_array_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (self->store,
                      "SELECT t.id, t.name, t.lead, l.name, "
                      "  (SELECT COUNT(*) FROM staff m WHERE m.team = t.id AND m.deleted = 0 "
                      "   AND m.active = 1) "
                      "FROM team t LEFT JOIN staff l ON l.id = t.lead "
                      "WHERE t.deleted = 0 ORDER BY t.name",
                      &error);
  GHashTableIter iter;
  gpointer key;

  if (stmt == NULL)
    {
      g_warning ("Cannot read the teams: %s", error->message);
      return;
    }

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      CfTeam *team = g_hash_table_lookup (self->teams_by_id, id);

      if (team == NULL)
        {
          team = _cf_team_new (id);
          g_hash_table_insert (self->teams_by_id, (gpointer) cf_team_get_id (team), team);
        }
      _cf_team_set_values (team,
                           (const char *) sqlite3_column_text (stmt, 1),
                           (const char *) sqlite3_column_text (stmt, 2),
                           (const char *) sqlite3_column_text (stmt, 3),
                           sqlite3_column_int (stmt, 4));
      g_ptr_array_add (teams, team);
      g_hash_table_add (seen, (gpointer) cf_team_get_id (team));
    }

  sync_list (self->teams, teams);

  g_hash_table_iter_init (&iter, self->teams_by_id);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (seen, key))
        g_hash_table_iter_remove (&iter);
    }
}

static void
load_staff (CfStaffDirectory *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) staff = g_ptr_array_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (self->store,
                      "SELECT s.id, s.employee_no, s.name, s.role, s.team, t.name, s.active, "
                      "  s.hire_date, s.phone "
                      "FROM staff s LEFT JOIN team t ON t.id = s.team "
                      "WHERE s.deleted = 0 ORDER BY s.employee_no",
                      &error);
  GHashTableIter iter;
  gpointer key;

  if (stmt == NULL)
    {
      g_warning ("Cannot read the staff: %s", error->message);
      return;
    }

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CfStaffValues values = {
        .id = (const char *) sqlite3_column_text (stmt, 0),
        .employee_no = (const char *) sqlite3_column_text (stmt, 1),
        .name = (const char *) sqlite3_column_text (stmt, 2),
        .team_id = (const char *) sqlite3_column_text (stmt, 4),
        .team_name = (const char *) sqlite3_column_text (stmt, 5),
        .active = sqlite3_column_int (stmt, 6) != 0,
        .hire_date = (const char *) sqlite3_column_text (stmt, 7),
        .phone = (const char *) sqlite3_column_text (stmt, 8),
      };
      CfStaff *member;

      if (!cf_role_from_string ((const char *) sqlite3_column_text (stmt, 3), &values.role))
        values.role = CF_ROLE_AGENT;

      member = g_hash_table_lookup (self->staff_by_id, values.id);
      if (member == NULL)
        {
          member = _cf_staff_new (&values);
          g_hash_table_insert (self->staff_by_id, (gpointer) cf_staff_get_id (member), member);
        }
      else
        {
          _cf_staff_set_values (member, &values);
        }
      g_ptr_array_add (staff, member);
      g_hash_table_add (seen, (gpointer) cf_staff_get_id (member));
    }

  sync_list (self->staff, staff);

  g_hash_table_iter_init (&iter, self->staff_by_id);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (seen, key))
        g_hash_table_iter_remove (&iter);
    }
}

static void
on_store_changed_cb (CfStaffDirectory  *self,
                     const char        *kind,
                     const char *const *ids,
                     CfStore           *store)
{
  g_assert (CF_IS_STAFF_DIRECTORY (self));

  /* Team names show in staff rows and member counts in team rows. */
  if (g_str_equal (kind, "staff") || g_str_equal (kind, "team"))
    {
      load_teams (self);
      load_staff (self);
    }
}

static void
cf_staff_directory_dispose (GObject *object)
{
  CfStaffDirectory *self = (CfStaffDirectory *)object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->staff);
  g_clear_object (&self->teams);
  g_clear_pointer (&self->staff_by_id, g_hash_table_unref);
  g_clear_pointer (&self->teams_by_id, g_hash_table_unref);

  G_OBJECT_CLASS (cf_staff_directory_parent_class)->dispose (object);
}

static void
cf_staff_directory_class_init (CfStaffDirectoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cf_staff_directory_dispose;
}

static void
cf_staff_directory_init (CfStaffDirectory *self)
{
  self->staff = g_list_store_new (CF_TYPE_STAFF);
  self->teams = g_list_store_new (CF_TYPE_TEAM);
  self->staff_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->teams_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
}

CfStaffDirectory *
cf_staff_directory_new (CfStore *store)
{
  CfStaffDirectory *self;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  self = g_object_new (CF_TYPE_STAFF_DIRECTORY, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  load_teams (self);
  load_staff (self);

  return self;
}

/* Returns: (transfer none): every member of staff, active or not, by employee number */
GListModel *
cf_staff_directory_get_staff (CfStaffDirectory *self)
{
  g_return_val_if_fail (CF_IS_STAFF_DIRECTORY (self), NULL);

  return G_LIST_MODEL (self->staff);
}

/* Returns: (transfer none): the teams, by name */
GListModel *
cf_staff_directory_get_teams (CfStaffDirectory *self)
{
  g_return_val_if_fail (CF_IS_STAFF_DIRECTORY (self), NULL);

  return G_LIST_MODEL (self->teams);
}

CfStaff *
cf_staff_directory_lookup (CfStaffDirectory *self,
                           const char       *staff_id)
{
  g_return_val_if_fail (CF_IS_STAFF_DIRECTORY (self), NULL);

  return staff_id != NULL ? g_hash_table_lookup (self->staff_by_id, staff_id) : NULL;
}

CfTeam *
cf_staff_directory_lookup_team (CfStaffDirectory *self,
                                const char       *team_id)
{
  g_return_val_if_fail (CF_IS_STAFF_DIRECTORY (self), NULL);

  return team_id != NULL ? g_hash_table_lookup (self->teams_by_id, team_id) : NULL;
}

/* Case-insensitive, as typed in a spreadsheet column. */
CfTeam *
cf_staff_directory_find_team (CfStaffDirectory *self,
                              const char       *name)
{
  g_autofree char *folded = NULL;
  guint n_items;

  g_return_val_if_fail (CF_IS_STAFF_DIRECTORY (self), NULL);

  if (name == NULL)
    return NULL;

  folded = g_utf8_casefold (name, -1);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->teams));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (CfTeam) team = g_list_model_get_item (G_LIST_MODEL (self->teams), i);
      g_autofree char *team_folded = g_utf8_casefold (cf_team_get_name (team), -1);

      if (g_str_equal (folded, team_folded))
        return team;
    }

  return NULL;
}
