/* cf-demo.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-demo"

#include "config.h"

#include "cf-demo.h"

#include <glib/gi18n-lib.h>

#include "cf-password.h"
#include "cf-registry.h"
#include "cf-session.h"
#include "cf-store.h"

/* A believable call centre: a supervisor, two deputies, a shift lead per
 * team, the information and complaints desks, and agents; a few have left.
 * Everything goes through the op path, as a real floor's data would.
 */

static const char * const chinese_surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
  "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
};

static const char * const chinese_given[] = {
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
  "明", "超", "秀英", "霞", "平", "刚", "桂英", "欣怡", "子涵", "梓轩", "浩然", "雨萱", "思远",
  "佳怡", "晨", "宇", "婷", "倩", "雪", "琳", "斌", "鹏", "慧", "颖", "俊杰",
};

static const char * const english_first[] = {
  "Alice", "Ben", "Chloe", "Daniel", "Emma", "Felix", "Grace", "Henry", "Isla", "Jack",
  "Katie", "Liam", "Mia", "Noah", "Olivia", "Peter", "Quinn", "Ruby", "Sam", "Tara",
  "Umar", "Vera", "Will", "Xena", "Yusuf", "Zoe", "Amir", "Bella", "Chen", "Dana",
};

static const char * const english_last[] = {
  "Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Thomas", "Roberts", "Walker",
  "Wright", "Hughes", "Green", "Hall", "Wood", "Clarke", "Patel", "Khan", "Lewis", "Young",
  "King", "Scott", "Baker", "Adams", "Mitchell", "Turner", "Parker", "Morris", "Cook",
};

static const char * const chinese_teams[] = {
  "一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组",
};

static const char * const english_teams[] = {
  "Team Amber", "Team Birch", "Team Cedar", "Team Delta",
  "Team Ember", "Team Fjord", "Team Grove", "Team Harbor",
};

/* Desktop accounts: login and role; each is a named member of staff. */
static const struct
{
  const char *login;
  CfRole      role;
} accounts[] = {
  { CF_DEMO_SUPERVISOR_LOGIN, CF_ROLE_SUPERVISOR },
  { "deputy", CF_ROLE_DEPUTY },
  { "lead", CF_ROLE_SHIFT_LEAD },
  { "info", CF_ROLE_INFORMATION_DESK },
  { "complaints", CF_ROLE_COMPLAINTS_DESK },
};

static char *
make_name (GRand    *rand,
           gboolean  chinese)
{
  if (chinese)
    return g_strconcat (chinese_surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (chinese_surnames))],
                        chinese_given[g_rand_int_range (rand, 0, G_N_ELEMENTS (chinese_given))],
                        NULL);

  return g_strdup_printf ("%s %s",
                          english_first[g_rand_int_range (rand, 0, G_N_ELEMENTS (english_first))],
                          english_last[g_rand_int_range (rand, 0, G_N_ELEMENTS (english_last))]);
}

static CfRole
role_for_index (guint i,
                guint n_teams)
{
  if (i == 0)
    return CF_ROLE_SUPERVISOR;
  if (i <= 2)
    return CF_ROLE_DEPUTY;
  if (i <= 2 + n_teams)
    return CF_ROLE_SHIFT_LEAD;
  if (i <= 4 + n_teams)
    return CF_ROLE_INFORMATION_DESK;
  if (i <= 7 + n_teams)
    return CF_ROLE_COMPLAINTS_DESK;
  return CF_ROLE_AGENT;
}

static CfOp *
create_user_op (const char *staff_id,
                const char *login,
                const char *hash)
{
  g_autoptr (JsonObject) values = json_object_new ();

  json_object_set_string_member (values, "staff", staff_id);
  json_object_set_string_member (values, "login", login);
  json_object_set_string_member (values, "password_hash", hash);

  return cf_op_new_create ("user", values);
}

/**
 * cf_demo_populate:
 * @n_staff: how many staff (at least 16)
 * @chinese: Chinese names and teams, for a Chinese locale
 *
 * Fills an empty database with demo staff, teams and one account per
 * desktop role (see CF_DEMO_PASSWORD). Always the same data for the same
 * arguments.
 */
gboolean
cf_demo_populate (CfStore   *store,
                  guint      n_staff,
                  gboolean   chinese,
                  GError   **error)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261122);
  g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (GPtrArray) team_ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autofree char *hash = NULL;
  g_autoptr (CfOp) first_staff = NULL;
  g_autoptr (CfOp) first_user = NULL;
  const char *staff_of_role[CF_N_ROLES] = { NULL };
  const char *supervisor_id;
  guint n_teams = 8;
  CfOp *bootstrap[2];

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);

  n_staff = MAX (n_staff, 16);
  hash = cf_password_hash (CF_DEMO_PASSWORD, error);
  if (hash == NULL)
    return FALSE;

  if (!cf_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < n_staff; i++)
    {
      g_autoptr (JsonObject) values = json_object_new ();
      g_autofree char *employee_no = g_strdup_printf ("%04u", 1001 + i);
      g_autofree char *name = make_name (rand, chinese);
      g_autofree char *hire_date = g_strdup_printf ("%04d-%02d-%02d",
                                                    g_rand_int_range (rand, 2012, 2027),
                                                    g_rand_int_range (rand, 1, 13),
                                                    g_rand_int_range (rand, 1, 29));
      g_autofree char *phone = g_strdup_printf ("8%03u", (i * 7 + 11) % 1000);
      CfRole role = role_for_index (i, n_teams);
      CfOp *op;

      json_object_set_string_member (values, "employee_no", employee_no);
      json_object_set_string_member (values, "name", name);
      json_object_set_string_member (values, "role", cf_role_to_string (role));
      json_object_set_string_member (values, "hire_date", hire_date);
      json_object_set_string_member (values, "phone", phone);
      /* One in twenty agents has left; their history stays. */
      json_object_set_boolean_member (values, "active",
                                      role != CF_ROLE_AGENT || g_rand_int_range (rand, 0, 20) != 0);

      op = cf_op_new_create ("staff", values);
      if (staff_of_role[role] == NULL)
        staff_of_role[role] = cf_op_get_record_id (op);
      if (i == 0)
        first_staff = op;
      else
        g_ptr_array_add (ops, op);
    }

  first_user = create_user_op (cf_op_get_record_id (first_staff), accounts[0].login, hash);
  supervisor_id = cf_op_get_record_id (first_user);
  bootstrap[0] = first_staff;
  bootstrap[1] = first_user;
  if (!cf_store_apply_bootstrap (store, supervisor_id, bootstrap, 2, error) ||
      !cf_store_apply (store, supervisor_id, (CfOp * const *) ops->pdata, ops->len, error))
    goto failed;

  /* Teams, each led by a shift lead, then everyone below the desks joins one. */
  for (guint t = 0; t < n_teams; t++)
    {
      g_autoptr (JsonObject) values = json_object_new ();

      json_object_set_string_member (values, "name", chinese ? chinese_teams[t] : english_teams[t]);
      json_object_set_string_member (values, "lead", cf_op_get_record_id (ops->pdata[2 + t]));
      g_ptr_array_add (team_ops, cf_op_new_create ("team", values));
    }
  for (guint i = 2; i < ops->len; i++)
    {
      CfOp *staff_op = ops->pdata[i];
      g_autoptr (JsonObject) set = json_object_new ();
      guint team = i < 2 + n_teams ? i - 2 : (i - 2) % n_teams;

      if (i >= 2 + n_teams && i < 7 + n_teams)
        continue;
      json_object_set_string_member (set, "team", cf_op_get_record_id (team_ops->pdata[team]));
      g_ptr_array_add (team_ops, cf_op_new_patch ("staff", cf_op_get_record_id (staff_op), set));
    }
  for (guint a = 1; a < G_N_ELEMENTS (accounts); a++)
    g_ptr_array_add (team_ops, create_user_op (staff_of_role[accounts[a].role],
                                               accounts[a].login, hash));

  if (!cf_store_apply (store, supervisor_id, (CfOp * const *) team_ops->pdata, team_ops->len,
                       error) ||
      !cf_store_set_meta (store, "demo", "1", error) ||
      !cf_store_commit (store, error))
    goto failed;

  return TRUE;

failed:
  cf_store_rollback (store);
  return FALSE;
}
