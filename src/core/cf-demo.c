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
#include "cf-roster.h"
#include "cf-session.h"
#include "cf-store.h"
#include "cf-uuid.h"

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

/* Rotations of the default shift types (early, middle, late, night,
 * off): the floor works five days in a seven-day cycle, the desks office
 * weeks; both keep within the rules, so the demo shows only the problems
 * leave makes.
 */
static const char floor_rotation[] = "EELLNOO";
static const char desk_week[] = "EEEEEOO";   /* Monday first */

static guint
default_shift_index (char code)
{
  return code == 'E' ? 0 : code == 'M' ? 1 : code == 'L' ? 2 : code == 'N' ? 3 : 4;
}

/* Requests waiting for a decision late this month, for agents with no
 * other leave: over days the roster gives them shifts, so deciding them
 * shows what approving replaces.
 */
static const struct
{
  const char *leave_type;
  int         first_day;
  int         last_day;
  const char *reason;
  const char *chinese_reason;
} pending_leave[] = {
  { "annual", 24, 26, "Visiting family", "回老家探亲" },
  { "personal", 25, 25, "Moving house", "搬家" },
  { "compensatory", 23, 24, "Overtime during the holiday", "节假日加班调休" },
};

static CfOp *
leave_request_op (const char *staff_id,
                  const char *leave_type,
                  const char *from,
                  const char *until,
                  const char *reason,
                  const char *decided_by)
{
  g_autoptr (JsonObject) leave = json_object_new ();

  json_object_set_string_member (leave, "staff", staff_id);
  json_object_set_string_member (leave, "leave_type", leave_type);
  json_object_set_string_member (leave, "start_date", from);
  json_object_set_string_member (leave, "end_date", until);
  if (reason != NULL)
    json_object_set_string_member (leave, "reason", reason);
  json_object_set_string_member (leave, "status", decided_by != NULL ? "approved" : "pending");
  if (decided_by != NULL)
    {
      g_autofree char *now = cf_utc_now_iso ();

      json_object_set_string_member (leave, "decided_by", decided_by);
      json_object_set_string_member (leave, "decided_at", now);
    }

  return cf_op_new_create ("leave_request", leave);
}

/* Six months of roster around @today (three before, this one and two
 * after) — or only this month for a large demo — with some approved leave
 * written into it and a few requests still waiting.
 */
static void
add_roster (GPtrArray  *ops,
            GPtrArray  *staff_ops,
            GPtrArray  *shift_type_ops,
            guint       n_staff,
            gboolean    chinese,
            const char *supervisor_id,
            GRand      *rand)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  int months_before = n_staff > 500 ? 0 : 3;
  int months_after = n_staff > 500 ? 0 : 2;
  guint n_pending = 0;
  GDate first, last;

  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, g_date_time_get_month (now), g_date_time_get_year (now));
  last = first;
  g_date_subtract_months (&first, months_before);
  g_date_add_months (&last, months_after + 1);
  g_date_subtract_days (&last, 1);

  for (guint i = 0; i < staff_ops->len; i++)
    {
      CfOp *staff_op = staff_ops->pdata[i];
      const char *role = json_object_get_string_member (cf_op_get_set (staff_op), "role");
      gboolean desk = g_str_equal (role, "information_desk") || g_str_equal (role, "complaints_desk");
      int leave_from = 0, leave_until = 0;   /* days of this month on approved leave */
      gboolean asked = FALSE;
      GDate day;

      if (g_str_equal (role, "supervisor") || g_str_equal (role, "deputy") ||
          !json_object_get_boolean_member (cf_op_get_set (staff_op), "active"))
        continue;

      /* One in eight asks for a few days of leave this month; most are
       * approved, and approved leave is in the roster.
       */
      if (g_rand_int_range (rand, 0, 8) == 0)
        {
          int start = g_rand_int_range (rand, 3, 20);
          int length = g_rand_int_range (rand, 2, 5);
          gboolean approved = g_rand_int_range (rand, 0, 3) != 0;
          g_autofree char *from = g_strdup_printf ("%04d-%02d-%02d", g_date_time_get_year (now),
                                                   g_date_time_get_month (now), start);
          g_autofree char *until = g_strdup_printf ("%04d-%02d-%02d", g_date_time_get_year (now),
                                                    g_date_time_get_month (now),
                                                    start + length - 1);

          g_ptr_array_add (ops, leave_request_op (cf_op_get_record_id (staff_op), "annual", from,
                                                  until, NULL, approved ? supervisor_id : NULL));
          asked = TRUE;
          if (approved)
            {
              leave_from = start;
              leave_until = start + length - 1;
            }
        }

      /* Every fifth agent without leave, until each waiting request has one. */
      if (!asked && g_str_equal (role, "agent") && i % 5 == 0 &&
          n_pending < G_N_ELEMENTS (pending_leave))
        {
          g_autofree char *from = g_strdup_printf ("%04d-%02d-%02d", g_date_time_get_year (now),
                                                   g_date_time_get_month (now),
                                                   pending_leave[n_pending].first_day);
          g_autofree char *until = g_strdup_printf ("%04d-%02d-%02d", g_date_time_get_year (now),
                                                    g_date_time_get_month (now),
                                                    pending_leave[n_pending].last_day);

          g_ptr_array_add (ops, leave_request_op (cf_op_get_record_id (staff_op),
                                                  pending_leave[n_pending].leave_type, from, until,
                                                  chinese ? pending_leave[n_pending].chinese_reason
                                                          : pending_leave[n_pending].reason,
                                                  NULL));
          n_pending++;
        }

      for (day = first; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
        {
          g_autoptr (JsonObject) values = json_object_new ();
          g_autofree char *date = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&day),
                                                   g_date_get_month (&day), g_date_get_day (&day));
          char code = desk ? desk_week[g_date_get_weekday (&day) - 1]
                           : floor_rotation[(g_date_get_julian (&day) + i) % 7];
          gboolean this_month = g_date_get_month (&day) == (GDateMonth) g_date_time_get_month (now) &&
                                g_date_get_year (&day) == g_date_time_get_year (now);

          json_object_set_string_member (values, "staff", cf_op_get_record_id (staff_op));
          json_object_set_string_member (values, "date", date);
          if (this_month && (int) g_date_get_day (&day) >= leave_from &&
              (int) g_date_get_day (&day) <= leave_until)
            json_object_set_string_member (values, "leave", "annual");
          else
            json_object_set_string_member (values, "shift_type",
                                           cf_op_get_record_id (shift_type_ops->pdata[default_shift_index (code)]));
          g_ptr_array_add (ops, cf_op_new_create ("roster_assignment", values));
        }
    }
}

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
  g_autoptr (GPtrArray) roster_ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (GPtrArray) shift_type_ops = NULL;
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
      /* Five shifts of 7.5 hours a week. */
      json_object_set_int_member (values, "contract_hours", 163);
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

  shift_type_ops = cf_roster_default_shift_type_ops ();
  {
    g_autoptr (GPtrArray) staff_ops = g_ptr_array_copy (ops, (GCopyFunc) cf_op_ref, NULL);

    g_ptr_array_set_free_func (staff_ops, (GDestroyNotify) cf_op_unref);
    add_roster (roster_ops, staff_ops, shift_type_ops, n_staff, chinese, supervisor_id, rand);
  }

  if (!cf_store_apply (store, supervisor_id, (CfOp * const *) team_ops->pdata, team_ops->len,
                       error) ||
      !cf_store_apply (store, supervisor_id, (CfOp * const *) shift_type_ops->pdata,
                       shift_type_ops->len, error) ||
      !cf_store_apply (store, supervisor_id, (CfOp * const *) roster_ops->pdata, roster_ops->len,
                       error) ||
      !cf_store_set_meta (store, "demo", "1", error) ||
      !cf_store_commit (store, error))
    goto failed;

  return TRUE;

failed:
  cf_store_rollback (store);
  return FALSE;
}
