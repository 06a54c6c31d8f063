/* cf-demo.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-demo"

#include "config.h"

#include "cf-demo.h"

#include <glib/gi18n-lib.h>

#include "cf-escalation.h"
#include "cf-handover.h"
#include "cf-password.h"
#include "cf-registry.h"
#include "cf-roster.h"
#include "cf-rush-repair.h"
#include "cf-session.h"
#include "cf-signing.h"
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

/* Escalations ------------------------------------------------------------ */

/* Who acts in the demo's escalations: one account per desktop role. */
typedef struct
{
  CfStore      *store;
  const char   *user[CF_N_ROLES];
  CfSigningKey *key[CF_N_ROLES];   /* opened once: each opening is slow on purpose */
  gboolean      chinese;
  char         *repair_escalation;   /* a rush repair escalated; an order is made for it */
  GDateTime    *now;                 /* what the history leads up to */
  GDateTime    *moment;              /* when the next step is taken */
} DemoFloor;

/* The demo accounts (accounts[], of the staff in @staff_of_role), with
 * signing keys sealed with the demo password and kept open in @floor for
 * the demo's signatures.
 */
static GPtrArray *
create_user_ops (DemoFloor           *floor,
                 const char * const  *staff_of_role,
                 const char          *hash,
                 GError             **error)
{
  g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (GPtrArray) sets = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  CfSigningKey *keys[G_N_ELEMENTS (accounts)];

  for (guint a = 0; a < G_N_ELEMENTS (accounts); a++)
    {
      JsonObject *values = json_object_new ();

      json_object_set_string_member (values, "staff", staff_of_role[accounts[a].role]);
      json_object_set_string_member (values, "login", accounts[a].login);
      json_object_set_string_member (values, "password_hash", hash);
      g_ptr_array_add (sets, values);
    }
  /* One derivation for all: they share the password, as they share its hash. */
  if (!cf_signing_new_keys ((JsonObject * const *) sets->pdata, sets->len, CF_DEMO_PASSWORD, keys,
                            error))
    return NULL;

  for (guint a = 0; a < G_N_ELEMENTS (accounts); a++)
    {
      floor->key[accounts[a].role] = keys[a];
      g_ptr_array_add (ops, cf_op_new_create ("user", sets->pdata[a]));
    }

  return g_steal_pointer (&ops);
}

/* Applies one step as @role's account; @ops may be NULL when building it
 * was refused, with @error already set.
 */
static gboolean
demo_step (DemoFloor  *floor,
           CfRole      role,
           GPtrArray  *ops,
           GError    **error)
{
  g_autoptr (GPtrArray) owned = ops;
  GDateTime *now = floor->now;
  GDateTime *next;

  if (ops == NULL)
    return FALSE;

  /* Each step a while after the one before, never later than now. */
  if (floor->moment != NULL)
    {
      cf_store_set_clock (floor->store, floor->moment);
      next = g_date_time_add_minutes (floor->moment, 23);
      g_date_time_unref (floor->moment);
      floor->moment = g_date_time_compare (next, now) < 0 ? next : g_date_time_ref (now);
      if (floor->moment != next)
        g_date_time_unref (next);
    }

  return cf_store_apply (floor->store, floor->user[role], (CfOp * const *) ops->pdata, ops->len,
                         error);
}

#define TEXT(en, zh) (floor->chinese ? (zh) : (en))
#define STEP(role, call) G_STMT_START { if (!demo_step (floor, role, call, error)) return FALSE; } G_STMT_END

/* Raises an escalation as @role, @hours_ago hours ago; its steps follow
 * from then on.
 */
static char *
demo_raise (DemoFloor   *floor,
            CfRole       role,
            const char  *source,
            const char  *category,
            const char  *severity,
            const char  *customer_ref,
            const char  *customer_contact,
            const char  *summary,
            const char  *details,
            int          hours_ago,
            GError     **error)
{
  CfEscalationReport report = {
    source, category, severity, customer_ref, customer_contact, summary, details,
  };
  g_autoptr (GDateTime) raised = g_date_time_add_hours (floor->now, -hours_ago);
  g_autoptr (GPtrArray) ops = cf_escalation_raise (floor->store, floor->user[role], &report, NULL,
                                                   raised, error);
  g_autofree char *id = NULL;

  if (ops == NULL)
    return NULL;
  g_clear_pointer (&floor->moment, g_date_time_unref);
  floor->moment = g_date_time_ref (raised);
  id = g_strdup (cf_op_get_record_id (ops->pdata[0]));
  if (!demo_step (floor, role, g_steal_pointer (&ops), error))
    return NULL;

  return g_steal_pointer (&id);
}

/* Worked at the complaints desk, reported to the shift lead with an
 * instruction, settled and closed; a note of it was later corrected.
 */
static gboolean
demo_closed_complaint (DemoFloor  *floor,
                       GError    **error)
{
  CfStore *store = floor->store;
  const char *desk = floor->user[CF_ROLE_COMPLAINTS_DESK];
  const char *lead = floor->user[CF_ROLE_SHIFT_LEAD];
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *id = NULL;

  id = demo_raise (floor, CF_ROLE_COMPLAINTS_DESK, "mayors_hotline", "customer_complaint", "urgent",
                   "KD20260117", "13912345678",
                   TEXT ("No signal for three days after a repair visit",
                         "维修上门后连续三天无信号"),
                   TEXT ("The customer called the mayor’s hotline after two calls to us.",
                         "客户两次来电未解决后拨打了市长热线。"),
                   24 * 70, error);
  if (id == NULL)
    return FALSE;
  STEP (CF_ROLE_COMPLAINTS_DESK, cf_escalation_acknowledge (store, desk, id, error));
  STEP (CF_ROLE_COMPLAINTS_DESK,
        cf_escalation_add_note (store, desk, id,
                                TEXT ("Customer called back at 10:15.", "客户于10:15再次来电。"),
                                error));
  entries = cf_escalation_list_entries (store, id, error);
  if (entries == NULL)
    return FALSE;
  STEP (CF_ROLE_COMPLAINTS_DESK,
        cf_escalation_correct (store, desk,
                               json_object_get_string_member (entries->pdata[entries->len - 1],
                                                              "id"),
                               TEXT ("The customer called back at 11:15, not 10:15.",
                                     "客户再次来电时间应为11:15，不是10:15。"),
                               error));
  STEP (CF_ROLE_COMPLAINTS_DESK,
        cf_escalation_propose (store, desk, id,
                               TEXT ("Send a repair crew today and waive this month’s fee.",
                                     "今天派维修人员上门，并减免本月费用。"),
                               error));
  STEP (CF_ROLE_COMPLAINTS_DESK,
        cf_escalation_escalate (store, desk, id,
                                TEXT ("A fee waiver is beyond the desk’s authority.",
                                      "减免费用超出投诉处理席权限。"),
                                error));
  STEP (CF_ROLE_SHIFT_LEAD, cf_escalation_acknowledge (store, lead, id, error));
  STEP (CF_ROLE_COMPLAINTS_DESK,
        cf_escalation_record_instruction (store, desk, id, lead,
                                          TEXT ("Waive the fee, call the customer before 17:00 "
                                                "and confirm the crew’s visit.",
                                                "同意减免费用，17:00前回电客户并确认上门时间。"),
                                          error));
  STEP (CF_ROLE_SHIFT_LEAD,
        cf_escalation_resolve (store, lead, id,
                               TEXT ("Signal restored; fee waived; the customer is satisfied.",
                                     "信号已恢复，费用已减免，客户满意。"),
                               TEXT ("Installation and repair team", "装维班组"), error));
  STEP (CF_ROLE_SHIFT_LEAD, cf_escalation_close (store, lead, id, error));

  return TRUE;
}

/* A safety emergency reported straight to the supervisor: the deputy was
 * passed over and has not been told yet.
 */
static gboolean
demo_emergency_skip (DemoFloor  *floor,
                     GError    **error)
{
  CfStore *store = floor->store;
  const char *lead = floor->user[CF_ROLE_SHIFT_LEAD];
  const char *supervisor = floor->user[CF_ROLE_SUPERVISOR];
  g_autofree char *id = NULL;

  id = demo_raise (floor, CF_ROLE_SHIFT_LEAD, "on_site", "safety", "critical", NULL, NULL,
                   TEXT ("Smoke from the UPS cabinet in the equipment room",
                         "机房UPS机柜冒烟"),
                   TEXT ("Floor evacuated to the east wing; calls rerouted.",
                         "已疏散至东侧区域，话务已转接。"),
                   3, error);
  if (id == NULL)
    return FALSE;
  STEP (CF_ROLE_SHIFT_LEAD,
        cf_escalation_propose (store, lead, id,
                               TEXT ("Cut the UPS, call the fire service and the building "
                                     "manager, keep calls rerouted.",
                                     "切断UPS电源，通知消防和物业，话务继续转接。"),
                               error));
  STEP (CF_ROLE_SHIFT_LEAD,
        cf_escalation_skip (store, lead, id, CF_ESCALATION_LEVEL_SUPERVISOR,
                            TEXT ("Personal safety: the deputy could not be reached at once.",
                                  "涉及人身安全，未能立即联系到副主管。"),
                            error));
  STEP (CF_ROLE_SUPERVISOR, cf_escalation_acknowledge (store, supervisor, id, error));
  STEP (CF_ROLE_SUPERVISOR,
        cf_escalation_record_instruction (store, supervisor, id, supervisor,
                                          TEXT ("Nobody goes back in until the fire service "
                                                "clears the room. Report every 30 minutes.",
                                                "消防确认前任何人不得返回机房，每30分钟汇报一次。"),
                                          error));

  return TRUE;
}

/* A skip over the shift lead that the shift lead has since acknowledged. */
static gboolean
demo_acknowledged_skip (DemoFloor  *floor,
                        GError    **error)
{
  CfStore *store = floor->store;
  const char *desk = floor->user[CF_ROLE_COMPLAINTS_DESK];
  const char *deputy = floor->user[CF_ROLE_DEPUTY];
  g_autofree char *id = NULL;

  id = demo_raise (floor, CF_ROLE_COMPLAINTS_DESK, "consumer_council", "major_error", "critical",
                   "KD20251102", "13700001111",
                   TEXT ("Wrong bills sent to 300 customers", "300位客户收到错误账单"),
                   NULL, 24 * 12, error);
  if (id == NULL)
    return FALSE;
  STEP (CF_ROLE_COMPLAINTS_DESK,
        cf_escalation_propose (store, desk, id,
                               TEXT ("Stop the billing run and send a correction by SMS.",
                                     "暂停出账，并以短信发送更正通知。"),
                               error));
  STEP (CF_ROLE_COMPLAINTS_DESK,
        cf_escalation_skip (store, desk, id, CF_ESCALATION_LEVEL_DEPUTY,
                            TEXT ("The consumer council set a two-hour deadline.",
                                  "消保委要求两小时内答复。"),
                            error));
  STEP (CF_ROLE_SHIFT_LEAD,
        cf_escalation_acknowledge_report (store, floor->user[CF_ROLE_SHIFT_LEAD], id, error));
  STEP (CF_ROLE_DEPUTY, cf_escalation_acknowledge (store, deputy, id, error));
  STEP (CF_ROLE_DEPUTY,
        cf_escalation_hand_over (store, deputy, id, "data",
                                 TEXT ("Find which accounts were billed twice.",
                                       "查明哪些账户被重复计费。"),
                                 error));
  STEP (CF_ROLE_DEPUTY,
        cf_escalation_record_answer (store, deputy, id, "data",
                                     TEXT ("312 accounts; the list is in the shared folder.",
                                           "共312个账户，名单已放在共享目录。"),
                                     error));
  STEP (CF_ROLE_DEPUTY,
        cf_escalation_resolve (store, deputy, id,
                               TEXT ("Bills corrected and refunds issued.",
                                     "账单已更正，多收费用已退还。"),
                               TEXT ("Billing system change of the 1st", "1日的计费系统变更"),
                               error));
  STEP (CF_ROLE_DEPUTY, cf_escalation_close (store, deputy, id, error));

  return TRUE;
}

/* Handed to installation and repair, answered, resolved, not yet closed. */
static gboolean
demo_department (DemoFloor  *floor,
                 GError    **error)
{
  CfStore *store = floor->store;
  const char *lead = floor->user[CF_ROLE_SHIFT_LEAD];
  g_autofree char *id = NULL;

  id = demo_raise (floor, CF_ROLE_SHIFT_LEAD, "hotline", "rush_repair", "urgent", "KD20240388",
                   "13600002222",
                   TEXT ("Whole building without broadband after roadworks",
                         "道路施工后整栋楼宽带中断"),
                   NULL, 24 * 20, error);
  if (id == NULL)
    return FALSE;
  STEP (CF_ROLE_SHIFT_LEAD, cf_escalation_acknowledge (store, lead, id, error));
  STEP (CF_ROLE_SHIFT_LEAD,
        cf_escalation_hand_over (store, lead, id, "installation_repair",
                                 TEXT ("Check the fibre cut at the roadworks and repair it.",
                                       "请排查施工处光缆中断并抢修。"),
                                 error));
  STEP (CF_ROLE_SHIFT_LEAD,
        cf_escalation_record_answer (store, lead, id, "installation_repair",
                                     TEXT ("Fibre spliced at 16:40; service is back.",
                                           "光缆已于16:40熔接，业务已恢复。"),
                                     error));
  STEP (CF_ROLE_SHIFT_LEAD,
        cf_escalation_resolve (store, lead, id,
                               TEXT ("Repaired; callbacks to the building’s customers planned.",
                                     "已修复，计划对该楼客户回访。"),
                               TEXT ("Roadworks contractor", "道路施工单位"), error));
  floor->repair_escalation = g_steal_pointer (&id);

  return TRUE;
}

/* Escalations still being worked, at several levels; some overdue. */
static gboolean
demo_open_cases (DemoFloor  *floor,
                 GError    **error)
{
  CfStore *store = floor->store;
  const char *desk = floor->user[CF_ROLE_COMPLAINTS_DESK];
  const char *lead = floor->user[CF_ROLE_SHIFT_LEAD];
  const char *deputy = floor->user[CF_ROLE_DEPUTY];
  g_autofree char *waiting = NULL;
  g_autofree char *overdue = NULL;
  g_autofree char *at_deputy = NULL;
  g_autofree char *at_supervisor = NULL;
  g_autofree char *reopened = NULL;

  /* Raised by the information desk; waits at the complaints desk. */
  waiting = demo_raise (floor, CF_ROLE_INFORMATION_DESK, "hotline", "customer_complaint", "normal",
                        "KD20250931", "13812345678",
                        TEXT ("Charged twice for the same channel package",
                              "同一频道套餐被重复扣费"),
                        NULL, 2, error);
  if (waiting == NULL)
    return FALSE;

  /* Acknowledged at the complaints desk a day and a half ago: overdue. */
  overdue = demo_raise (floor, CF_ROLE_COMPLAINTS_DESK, "partner_operator", "customer_complaint",
                        "urgent", "KD20230577", "13500003333",
                        TEXT ("Number porting stuck for a week", "携号转网一周未完成"),
                        NULL, 36, error);
  if (overdue == NULL)
    return FALSE;
  STEP (CF_ROLE_COMPLAINTS_DESK, cf_escalation_acknowledge (store, desk, overdue, error));

  /* Up to the deputy, who works it. */
  at_deputy = demo_raise (floor, CF_ROLE_COMPLAINTS_DESK, "mayors_hotline", "beyond_remit",
                          "normal", "KD20220219", "13300004444",
                          TEXT ("Customer asks for compensation for a missed installation",
                                "客户因装机爽约要求赔偿"),
                          NULL, 30, error);
  if (at_deputy == NULL)
    return FALSE;
  STEP (CF_ROLE_COMPLAINTS_DESK,
        cf_escalation_propose (store, desk, at_deputy,
                               TEXT ("Offer one month free.", "提出赠送一个月服务。"), error));
  STEP (CF_ROLE_COMPLAINTS_DESK, cf_escalation_escalate (store, desk, at_deputy, NULL, error));
  STEP (CF_ROLE_SHIFT_LEAD, cf_escalation_acknowledge (store, lead, at_deputy, error));
  STEP (CF_ROLE_SHIFT_LEAD,
        cf_escalation_propose (store, lead, at_deputy,
                               TEXT ("One month free and a written apology.",
                                     "赠送一个月服务并书面致歉。"),
                               error));
  STEP (CF_ROLE_SHIFT_LEAD,
        cf_escalation_escalate (store, lead, at_deputy,
                                TEXT ("Compensation needs the deputy’s approval.",
                                      "赔偿需副主管批准。"),
                                error));
  STEP (CF_ROLE_DEPUTY, cf_escalation_acknowledge (store, deputy, at_deputy, error));
  STEP (CF_ROLE_DEPUTY,
        cf_escalation_add_note (store, deputy, at_deputy,
                                TEXT ("Waiting for the installer’s visit log.",
                                      "等待装机人员的上门记录。"),
                                error));

  /* Reported by the deputy to the supervisor, not yet taken. */
  at_supervisor = demo_raise (floor, CF_ROLE_DEPUTY, "internal", "discipline_breach", "normal",
                              NULL, NULL,
                              TEXT ("Agent shared a customer’s details in a chat group",
                                    "坐席在聊天群中泄露客户信息"),
                              NULL, 6, error);
  if (at_supervisor == NULL)
    return FALSE;
  STEP (CF_ROLE_DEPUTY,
        cf_escalation_propose (store, deputy, at_supervisor,
                               TEXT ("Written warning and a QA deduction; retrain the team "
                                     "on confidentiality.",
                                     "书面警告并质检扣分，全组重新培训保密规定。"),
                               error));
  STEP (CF_ROLE_DEPUTY,
        cf_escalation_escalate (store, deputy, at_supervisor,
                                TEXT ("Sanctions are the supervisor’s decision.",
                                      "处分须由主管决定。"),
                                error));

  /* Closed, then reopened when the customer called again. */
  reopened = demo_raise (floor, CF_ROLE_COMPLAINTS_DESK, "hotline", "customer_complaint",
                         "normal", "KD20210810", "13100005555",
                         TEXT ("Set-top box reboots every evening", "机顶盒每晚自动重启"),
                         NULL, 24 * 45, error);
  if (reopened == NULL)
    return FALSE;
  STEP (CF_ROLE_COMPLAINTS_DESK, cf_escalation_acknowledge (store, desk, reopened, error));
  STEP (CF_ROLE_COMPLAINTS_DESK,
        cf_escalation_resolve (store, desk, reopened,
                               TEXT ("Firmware updated remotely.", "已远程升级固件。"), NULL,
                               error));
  STEP (CF_ROLE_COMPLAINTS_DESK, cf_escalation_close (store, desk, reopened, error));
  STEP (CF_ROLE_COMPLAINTS_DESK,
        cf_escalation_reopen (store, desk, reopened,
                              TEXT ("The customer says it still reboots.",
                                    "客户反映仍在重启。"),
                              error));

  return TRUE;
}

/* Three months of settled cases behind the ones above. */
static const struct
{
  const char *source;
  const char *category;
  const char *severity;
  const char *summary;
  const char *chinese_summary;
  const char *outcome;
  const char *chinese_outcome;
} settled_cases[] = {
  { "hotline", "customer_complaint", "normal", "Technician arrived two hours late",
    "维修人员迟到两小时", "Apologised; a bill credit was given.", "已致歉并给予话费补偿。" },
  { "consumer_council", "customer_complaint", "urgent", "Contract terms not explained at sale",
    "办理时未说明合约条款", "Contract cancelled without a fee.", "已免违约金解除合约。" },
  { "internal", "discipline_breach", "normal", "Agent left the seat without asking",
    "坐席未请示离开座位", "Talked to; recorded in the duty log.", "已谈话并记入值班日志。" },
  { "on_site", "safety", "urgent", "Loose floor cable tripped an agent", "地面线缆松动致坐席绊倒",
    "Cable fixed; the agent is fine.", "线缆已固定，坐席无碍。" },
  { "mayors_hotline", "customer_complaint", "urgent", "Repeated outages in an old estate",
    "老旧小区反复断网", "Line replaced across the estate.", "已更换整个小区的线路。" },
  { "partner_operator", "beyond_remit", "normal", "Partner asks for call recordings",
    "合作运营商索要通话录音", "Refused; referred to the data department.", "已拒绝，转数据部门处理。" },
  { "hotline", "major_error", "urgent", "Wrong outage notice read to callers",
    "向来电客户播报了错误的故障通知", "Script corrected; affected callers called back.",
    "话术已更正，受影响客户已回访。" },
  { "hotline", "rush_repair", "normal", "Cable cut by a delivery van", "线缆被货车挂断",
    "Repaired the same day.", "当天已修复。" },
  { "internal", "major_error", "normal", "Briefing notes sent to the wrong team",
    "班前会材料发错班组", "Recalled and resent.", "已撤回并重新发送。" },
  { "consumer_council", "customer_complaint", "normal", "Refund not received after a month",
    "一个月未收到退款", "Refund paid with interest.", "已退款并补偿利息。" },
};

static gboolean
demo_settled_cases (DemoFloor  *floor,
                    GError    **error)
{
  CfStore *store = floor->store;
  const char *desk = floor->user[CF_ROLE_COMPLAINTS_DESK];
  const char *lead = floor->user[CF_ROLE_SHIFT_LEAD];

  for (guint i = 0; i < G_N_ELEMENTS (settled_cases); i++)
    {
      g_autofree char *ref = g_strdup_printf ("KD2025%04u", 1200 + i * 37);
      g_autofree char *contact = g_strdup_printf ("139%08u", 20260000 + i * 1371);
      gboolean by_lead = i % 3 == 0;
      CfRole role = by_lead ? CF_ROLE_SHIFT_LEAD : CF_ROLE_COMPLAINTS_DESK;
      const char *author = by_lead ? lead : desk;
      g_autofree char *id = NULL;

      id = demo_raise (floor, role, settled_cases[i].source, settled_cases[i].category,
                       settled_cases[i].severity, ref, contact,
                       TEXT (settled_cases[i].summary, settled_cases[i].chinese_summary), NULL,
                       24 * (85 - (int) i * 7), error);
      if (id == NULL)
        return FALSE;
      STEP (role, cf_escalation_acknowledge (store, author, id, error));
      STEP (role,
            cf_escalation_resolve (store, author, id,
                                   TEXT (settled_cases[i].outcome,
                                         settled_cases[i].chinese_outcome),
                                   NULL, error));
      if (i % 4 != 1)
        STEP (role, cf_escalation_close (store, author, id, error));
    }

  return TRUE;
}

/* A few months of the escalation log, every state in it, built step by
 * step through the rules of cf-escalation.c.
 */
static gboolean
add_escalations (DemoFloor  *floor,
                 GError    **error)
{
  return demo_settled_cases (floor, error) &&
         demo_closed_complaint (floor, error) &&
         demo_acknowledged_skip (floor, error) &&
         demo_department (floor, error) &&
         demo_emergency_skip (floor, error) &&
         demo_open_cases (floor, error);
}

/* Rush repairs --------------------------------------------------------------- */

/* Makes a rush-repair order as the shift lead. */
static char *
demo_order (DemoFloor   *floor,
            const char  *summary,
            const char  *department,
            const char  *customer_ref,
            const char  *customer_contact,
            const char  *escalation_id,
            const char  *details,
            GError     **error)
{
  CfRushRepairRequest request = {
    summary, customer_ref, customer_contact, department, escalation_id, details,
  };
  g_autoptr (GPtrArray) ops = cf_rush_repair_create (floor->store,
                                                     floor->user[CF_ROLE_SHIFT_LEAD], &request,
                                                     error);
  g_autofree char *id = NULL;

  if (ops == NULL)
    return NULL;
  id = g_strdup (cf_op_get_record_id (ops->pdata[0]));
  if (!demo_step (floor, CF_ROLE_SHIFT_LEAD, g_steal_pointer (&ops), error))
    return NULL;

  return g_steal_pointer (&id);
}

/* How far an order of the demo has gone. */
typedef enum
{
  REPAIR_OPEN,
  REPAIR_NOTIFIED,
  REPAIR_REPAIRED,
  REPAIR_CONFIRMED,
  REPAIR_CALLBACK_FAILED,
  REPAIR_CLOSED,
  REPAIR_REOPENED,
} DemoRepairStage;

static const struct
{
  DemoRepairStage  stage;
  const char      *summary;
  const char      *chinese_summary;
  const char      *department;
  const char      *chinese_department;
  const char      *customer_ref;     /* NULL: not one customer's */
  const char      *customer_contact;
} demo_orders[] = {
  { REPAIR_CLOSED, "Exchange cabinet flooded after the storm", "暴雨后交接箱进水",
    "Network operations", "网络维护中心", NULL, NULL },
  { REPAIR_REOPENED, "No dial tone on a business line", "商务专线无拨号音",
    "Business customers", "政企客户部", "KD20251733", "13911112222" },
  { REPAIR_CLOSED, "Set-top box dead after a power cut", "停电后机顶盒无法开机",
    "Customer service", "客户服务中心", "KD20250412", "13822223333" },
  { REPAIR_CALLBACK_FAILED, "Intermittent broadband in an old estate", "老旧小区宽带时断时续",
    "Installation and repair", "装维中心", "KD20260208", "13733334444" },
  { REPAIR_CONFIRMED, NULL, NULL, "Installation and repair", "装维中心", "KD20240388",
    "13600002222" },
  { REPAIR_REPAIRED, "Fibre box door torn off on Heping Road", "和平路光交箱门被撬",
    "Network operations", "网络维护中心", NULL, NULL },
  { REPAIR_NOTIFIED, "Payphone vandalised at the railway station", "火车站公用电话被损坏",
    "Public telephones", "公话业务部", NULL, NULL },
  { REPAIR_OPEN, "Mobile mast alarm: no power at site 0412", "0412基站停电告警",
    "Network operations", "网络维护中心", NULL, NULL },
};

/* The people a shift lead notifies, and what an SMS gateway said. */
static gboolean
demo_notify (DemoFloor   *floor,
             const char  *order_id,
             GError     **error)
{
  CfStore *store = floor->store;
  const char *lead = floor->user[CF_ROLE_SHIFT_LEAD];

  STEP (CF_ROLE_SHIFT_LEAD,
        cf_rush_repair_record_notified (store, lead, order_id,
                                        TEXT ("Zhang Qiang (13800138000)", "张强 (13800138000)"),
                                        "sms", "HTTP 200: OK, message queued", error));
  STEP (CF_ROLE_SHIFT_LEAD,
        cf_rush_repair_record_notified (store, lead, order_id,
                                        TEXT ("Repair team on duty", "值班抢修班组"), "phone",
                                        NULL, error));

  return TRUE;
}

/* An order taken through @stage, step by step through the rules of
 * cf-rush-repair.c: notified, repaired, called back by the complaints
 * desk, closed by the shift lead.
 */
static gboolean
demo_rush_repair (DemoFloor        *floor,
                  DemoRepairStage   stage,
                  const char       *summary,
                  const char       *department,
                  const char       *customer_ref,
                  const char       *customer_contact,
                  const char       *escalation_id,
                  GError          **error)
{
  CfStore *store = floor->store;
  const char *lead = floor->user[CF_ROLE_SHIFT_LEAD];
  const char *desk = floor->user[CF_ROLE_COMPLAINTS_DESK];
  g_autofree char *id = NULL;

  id = demo_order (floor, summary, department, customer_ref, customer_contact, escalation_id,
                   TEXT ("Reported by the department's dispatcher.", "由该部门调度员报修。"),
                   error);
  if (id == NULL)
    return FALSE;
  if (stage == REPAIR_OPEN)
    return TRUE;
  if (!demo_notify (floor, id, error))
    return FALSE;
  if (stage == REPAIR_NOTIFIED)
    return TRUE;
  STEP (CF_ROLE_SHIFT_LEAD,
        cf_rush_repair_record_repaired (store, lead, id,
                                        TEXT ("Reported done by the repair team.",
                                              "抢修班组报告已修复。"),
                                        error));
  if (stage == REPAIR_REPAIRED)
    return TRUE;
  if (stage == REPAIR_CALLBACK_FAILED)
    {
      STEP (CF_ROLE_COMPLAINTS_DESK,
            cf_rush_repair_record_callback (store, desk, id, FALSE,
                                            TEXT ("The customer says it still drops every "
                                                  "evening.",
                                                  "客户反映每晚仍然断线。"),
                                            error));
      return TRUE;
    }
  STEP (CF_ROLE_COMPLAINTS_DESK,
        cf_rush_repair_record_callback (store, desk, id, TRUE,
                                        TEXT ("The customer confirms it works.",
                                              "客户确认已恢复正常。"),
                                        error));
  if (stage == REPAIR_CONFIRMED)
    return TRUE;
  STEP (CF_ROLE_SHIFT_LEAD, cf_rush_repair_close (store, lead, id, error));
  if (stage == REPAIR_REOPENED)
    STEP (CF_ROLE_SHIFT_LEAD,
          cf_rush_repair_reopen (store, lead, id,
                                 TEXT ("The customer called again: no dial tone since "
                                       "this morning.",
                                       "客户再次来电：今早起又无拨号音。"),
                                 error));

  return TRUE;
}

/* Rush-repair orders in every status, one of them made for an escalation,
 * a few days apart over the last weeks.
 */
static gboolean
add_rush_repairs (DemoFloor  *floor,
                  GError    **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_orders); i++)
    {
      gboolean linked = demo_orders[i].summary == NULL;
      const char *summary = linked ? TEXT ("Whole building without broadband after roadworks",
                                           "道路施工后整栋楼宽带中断")
                                   : TEXT (demo_orders[i].summary,
                                           demo_orders[i].chinese_summary);

      g_clear_pointer (&floor->moment, g_date_time_unref);
      floor->moment = g_date_time_add_hours (floor->now,
                                             -58 * (int) (G_N_ELEMENTS (demo_orders) - i));
      if (!demo_rush_repair (floor, demo_orders[i].stage, summary,
                             TEXT (demo_orders[i].department,
                                   demo_orders[i].chinese_department),
                             demo_orders[i].customer_ref, demo_orders[i].customer_contact,
                             linked ? floor->repair_escalation : NULL, error))
        return FALSE;
    }

  return TRUE;
}

/* Handover ------------------------------------------------------------------- */

/* Weeks of duty logs and handover sheets up to now. */
#define HANDOVER_DAYS 28
#define SHIFT_MINUTES (8 * 60)

/* The shift changes of a day, by the default shift types' order (early,
 * middle, late, night, off), at minutes after the sheet's date's midnight:
 * early hands over to late, late to night, and the night, dated the day it
 * starts, to the next day's early shift. The middle shift overlaps both and
 * hands over to no one.
 */
static const struct
{
  guint outgoing;
  guint incoming;
  int   minute;
} shift_changes[] = {
  { 0, 2, 15 * 60 },
  { 2, 3, 23 * 60 },
  { 3, 0, 31 * 60 },
};

/* Who leads the shifts and signs the sheets: three demo accounts, moved on
 * by a shift every week, so that two shifts in a row never have the same
 * lead.
 */
static const CfRole shift_leaders[] = {
  CF_ROLE_SHIFT_LEAD, CF_ROLE_DEPUTY, CF_ROLE_SUPERVISOR,
};

/* What a floor's duty log holds; @flag: usually carried onto the handover. */
static const struct
{
  const char *category;
  gboolean    flag;
  const char *text;
  const char *chinese_text;
} duty_log_texts[] = {
  { "equipment", TRUE, "Headset at seat 14 crackles; swapped for a spare and reported to IT.",
    "14号座席耳机有杂音，已换备用耳机并报IT。" },
  { "equipment", TRUE, "Wallboard 2 shows no queue figures; IT ticket raised.",
    "2号大屏不显示排队数据，已向IT报障。" },
  { "equipment", FALSE, "Softphone froze at seats 31 and 32 after the update; restarted, "
    "working again.", "31、32号座席软电话更新后卡死，重启后恢复。" },
  { "equipment", TRUE, "Recording server alarm for ten minutes; the vendor says every call was "
    "recorded.", "录音服务器告警约十分钟，厂家称通话均已录音。" },
  { "equipment", FALSE, "Air conditioning in the east wing too cold; building management "
    "called.", "东侧区域空调温度过低，已通知物业。" },
  { "equipment", FALSE, "IVR menu 3 played last month’s announcement; corrected by the vendor.",
    "IVR菜单3播放的是上月公告，厂家已更正。" },
  { "incident", TRUE, "Abusive caller threatened the agent at seat 22; call ended as the "
    "procedure says, recording kept.", "22号座席遭客户辱骂威胁，已按流程结束通话并保存录音。" },
  { "incident", FALSE, "Queue above 40 calls for twenty minutes after a broadband outage in the "
    "north district.", "北区宽带故障后排队超过40通，持续约二十分钟。" },
  { "incident", FALSE, "Caller reported a gas smell at home; transferred to the emergency line.",
    "客户来电称家中有燃气味，已转接应急热线。" },
  { "incident", TRUE, "A customer came to the front desk to complain in person; the complaints "
    "desk met him and will call back.", "一位客户到前台当面投诉，投诉处理席已接待并将回电。" },
  { "incident", TRUE, "A new agent quoted the wrong tariff to three callers; callbacks planned.",
    "新员工向三位客户报错资费，已安排回访更正。" },
  { "incident", FALSE, "Power dip on the floor; calls dropped for about two minutes.",
    "职场瞬间断电，约两分钟内话务中断。" },
  { "staffing", TRUE, "The agent at seat 9 went home ill mid-shift; the seat is empty.",
    "9号座席员工中途因病离岗，座席空缺。" },
  { "staffing", FALSE, "Two agents of the middle shift stayed an hour longer for the queue.",
    "中班两名员工为消化排队加班一小时。" },
  { "staffing", FALSE, "A new agent started today, with a mentor for the first week.",
    "新员工今日上岗，第一周由带教老师陪同。" },
  { "staffing", FALSE, "One agent 40 minutes late (traffic); the team lead is told.",
    "一名员工因交通迟到40分钟，已告知组长。" },
  { "staffing", TRUE, "Two agents agreed to swap Saturday’s shifts; the roster is still to be "
    "changed.", "两名员工协商调换周六班次，排班待调整。" },
  { "business_change", FALSE, "The 5G family plan goes on sale tomorrow; the script is in the "
    "knowledge base.", "5G家庭套餐明日起开售，话术已上传知识库。" },
  { "business_change", FALSE, "The old 20 GB data add-on is withdrawn from today: no new orders.",
    "旧版20GB流量包今日起下架，不再受理新办。" },
  { "business_change", FALSE, "Until further notice, broadband repair visits in the north "
    "district are booked through the dispatcher only.", "即日起北区宽带维修上门一律经调度预约，另行通知为止。" },
  { "business_change", FALSE, "Billing system maintenance tonight from 01:00 to 03:00: no balance "
    "enquiries.", "今晚01:00至03:00计费系统维护，暂停余额查询。" },
  { "business_change", FALSE, "Number portability now needs a code sent to the customer by SMS.",
    "携号转网需客户提供短信验证码。" },
  { "instruction", FALSE, "Deputy: every call about the north district outage gets a call back "
    "within 24 hours.", "副主管要求：北区故障相关来电一律24小时内回访。" },
  { "instruction", FALSE, "Supervisor: no overtime on the night shift without asking first.",
    "主管要求：夜班加班须事先报批。" },
  { "instruction", FALSE, "Quality team: the new closing words on every call from today.",
    "质检组要求：即日起每通电话使用新版结束语。" },
  { "instruction", FALSE, "Deputy: send the queue figures to the operations group every hour.",
    "副主管要求：每小时向运营群报送排队数据。" },
  { "instruction", FALSE, "Supervisor: complaints that mention the regulator go straight to the "
    "complaints desk.", "主管要求：提及通信管理局的投诉直接转投诉处理席。" },
  { "other", FALSE, "Fire drill on Thursday afternoon.", "周四下午进行消防演练。" },
  { "other", FALSE, "Visitors from the regional office on the floor tomorrow morning.",
    "明早省公司领导来职场参观。" },
  { "other", FALSE, "Lost and found: a phone charger left at seat 17.",
    "失物招领：17号座席遗留手机充电器一个。" },
  { "other", FALSE, "The canteen closes early tonight; the night shift’s meals come at 22:30.",
    "今晚食堂提前关闭，夜班餐22:30送到。" },
  { "other", TRUE, "Carpet cleaning on Sunday night: seats 30 to 40 move to the training room.",
    "周日晚清洗地毯，30至40号座席临时移至培训室。" },
};

/* What a lead writes on the sheet themselves. */
static const struct
{
  const char *text;
  const char *chinese_text;
} equipment_notes[] = {
  { "All seats, headsets and wallboards working.", "全部座席、耳机和大屏工作正常。" },
  { "Wallboard 2 still without queue figures; the IT ticket is open.",
    "2号大屏仍无排队数据，IT工单未关闭。" },
  { "Seat 14 uses a spare headset until the new one arrives.",
    "14号座席暂用备用耳机，新耳机待到货。" },
  { "Recording server checked with the vendor before the end of the shift: normal.",
    "交班前已与厂家核查录音服务器，运行正常。" },
  { "Spare headsets: four left in the cupboard.", "备用耳机：柜中剩余四副。" },
}, item_notes[] = {
  { "Told the incoming lead in person.", "已当面告知接班值班长。" },
  { "The customer expects a call back this shift.", "客户等待本班回电。" },
  { "Waiting for the department’s answer.", "等待相关部门答复。" },
  { "Repair team on site; ask them how it went.", "抢修班组已到现场，请跟进结果。" },
}, remarks[] = {
  { "Read and understood.", "已阅，无异议。" },
  { "Wallboard ticket taken over.", "大屏工单已接手跟进。" },
  { "I will call the waiting customers back first.", "接班后优先回电等待的客户。" },
  { "Spare headsets counted: four.", "已清点备用耳机，共四副。" },
}, addenda[] = {
  { "Correction: the headset was swapped at seat 41, not at seat 14.",
    "更正：更换耳机的是41号座席，不是14号座席。" },
  { "Addition: the customer waiting for a call back was reached at 08:20; settled.",
    "补充：等待回电的客户已于08:20联系上，问题已解决。" },
};

#define POOL_TEXT(pool, i) (floor->chinese ? (pool)[i].chinese_text : (pool)[i].text)

/* Applies @ops as @role's account, dated @moment. */
static gboolean
demo_apply_at (DemoFloor  *floor,
               CfRole      role,
               GDateTime  *moment,
               GPtrArray  *ops,
               GError    **error)
{
  g_autoptr (GPtrArray) owned = ops;

  if (ops == NULL)
    return FALSE;

  cf_store_set_clock (floor->store, moment);
  return cf_store_apply (floor->store, floor->user[role], (CfOp * const *) ops->pdata, ops->len,
                         error);
}

static GPtrArray *
single_op (CfOp *op)
{
  GPtrArray *ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);

  g_ptr_array_add (ops, op);
  return ops;
}

/* A few entries in @role's duty log of a shift, at times within it up to now. */
static gboolean
demo_duty_log (DemoFloor    *floor,
               CfRole        role,
               const char   *shift_date,
               const char   *shift_type_id,
               GDateTime    *start,
               GRand        *rand,
               GError      **error)
{
  guint n = g_rand_int_range (rand, 2, 5);
  int minute = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (JsonObject) values = json_object_new ();
      g_autoptr (GDateTime) moment = NULL;
      guint text = g_rand_int_range (rand, 0, G_N_ELEMENTS (duty_log_texts));

      /* Written before the sheet is prepared, in the shift's last hour. */
      minute += g_rand_int_range (rand, 10, (SHIFT_MINUTES - 60) / n);
      moment = g_date_time_add_minutes (start, minute);
      if (g_date_time_compare (moment, floor->now) > 0)
        break;

      json_object_set_string_member (values, "shift_date", shift_date);
      json_object_set_string_member (values, "shift_type", shift_type_id);
      json_object_set_string_member (values, "category", duty_log_texts[text].category);
      json_object_set_string_member (values, "text", POOL_TEXT (duty_log_texts, text));
      json_object_set_boolean_member (values, "flagged", duty_log_texts[text].flag &&
                                                         g_rand_int_range (rand, 0, 3) != 0);
      if (!demo_apply_at (floor, role, moment,
                          single_op (cf_op_new_create ("duty_log_entry", values)), error))
        return FALSE;
    }

  return TRUE;
}

static void
append_item (JsonArray  *items,
             const char *text,
             const char *note)
{
  JsonObject *item = json_object_new ();

  json_object_set_string_member (item, "text", text);
  json_object_set_null_member (item, "source");
  if (note != NULL)
    json_object_set_string_member (item, "note", note);
  else
    json_object_set_null_member (item, "note");
  json_array_add_object_element (items, item);
}

/* Whether the record an item was pre-filled from existed at @moment: the
 * demo's sheets are pre-filled from the open escalations and orders of
 * today, which a lead weeks ago did not know of.
 */
static gboolean
known_at (CfStore    *store,
          const char *source,
          const char *moment)
{
  static const char * const kinds[] = { "escalation", "rush_repair" };
  g_auto (GStrv) parts = source != NULL ? g_strsplit (source, ":", 2) : NULL;

  if (parts == NULL || parts[0] == NULL || parts[1] == NULL)
    return TRUE;
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr (JsonObject) record = NULL;

      if (!g_str_equal (parts[0], kinds[k]))
        continue;
      record = cf_store_get_record (store, kinds[k], parts[1], NULL);
      return record != NULL &&
             g_strcmp0 (json_object_get_string_member_with_default (record, "created_at", ""),
                        moment) <= 0;
    }

  return TRUE;
}

/* The sheet's content as a lead leaves it: the pre-filled items they knew
 * of, some with a note and one settled item now and then taken out; the
 * equipment's condition; the shift's business changes and other news from
 * the duty log copied over.
 */
static char *
demo_sheet_content (DemoFloor   *floor,
                    const char  *shift_date,
                    const char  *shift_type_id,
                    GDateTime   *moment,
                    GRand       *rand,
                    GError     **error)
{
  g_autofree char *prefilled = cf_handover_prefill (floor->store, shift_date, shift_type_id, error);
  g_autofree char *moment_iso = cf_utc_iso (moment);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (CfStatement) stmt = NULL;
  g_autoptr (JsonArray) unfinished = json_array_new ();
  JsonObject *sections;
  JsonArray *prefilled_unfinished;
  gboolean removed_one = FALSE;

  if (prefilled == NULL)
    return NULL;
  node = json_from_string (prefilled, error);
  if (node == NULL)
    return NULL;
  sections = json_node_get_object (node);

  prefilled_unfinished = json_object_get_array_member (sections, "unfinished");
  for (guint i = 0; i < json_array_get_length (prefilled_unfinished); i++)
    {
      JsonObject *item = json_array_get_object_element (prefilled_unfinished, i);
      const char *source = json_object_get_string_member_with_default (item, "source", NULL);

      if (!known_at (floor->store, source, moment_iso))
        continue;
      if (!removed_one && g_str_has_prefix (source, "duty_log:") &&
          g_rand_int_range (rand, 0, 5) == 0)
        {
          removed_one = TRUE;   /* settled before the end of the shift */
          continue;
        }
      if (g_rand_int_range (rand, 0, 3) == 0)
        json_object_set_string_member (item, "note",
                                       POOL_TEXT (item_notes,
                                                  g_rand_int_range (rand, 0,
                                                                    G_N_ELEMENTS (item_notes))));
      json_array_add_object_element (unfinished, json_object_ref (item));
    }
  json_object_set_array_member (sections, "unfinished", g_steal_pointer (&unfinished));

  append_item (json_object_get_array_member (sections, "equipment"),
               POOL_TEXT (equipment_notes,
                          g_rand_int_range (rand, 0, G_N_ELEMENTS (equipment_notes))), NULL);

  stmt = cf_store_prepare (floor->store, "SELECT category, text FROM duty_log_entry "
                                         "WHERE deleted = 0 AND shift_date = ? AND shift_type = ? "
                                         "AND flagged = 0 AND category IN ('business_change', "
                                         "'staffing', 'other') ORDER BY created_at", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, shift_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, shift_type_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *category = (const char *) sqlite3_column_text (stmt, 0);
      const char *section = g_str_equal (category, "business_change") ? "business" : category;

      append_item (json_object_get_array_member (sections, section),
                   (const char *) sqlite3_column_text (stmt, 1), NULL);
    }
  sqlite3_reset (stmt);

  return cf_signing_canonical_json (node);
}

/* How far the demo takes a sheet. */
typedef enum
{
  SHEET_DRAFT,
  SHEET_SIGNED_OUT,
  SHEET_SEALED,
} DemoSheetStage;

/* The sheet of a shift change at @change, prepared by the outgoing lead
 * before it, signed out just before it and countersigned by the incoming
 * lead just after (as far as @stage goes, never later than now).
 */
static char *
demo_sheet (DemoFloor       *floor,
            CfRole           outgoing,
            CfRole           incoming,
            const char      *shift_date,
            const char      *outgoing_id,
            const char      *incoming_id,
            GDateTime       *change,
            DemoSheetStage   stage,
            GRand           *rand,
            GError         **error)
{
  g_autoptr (GDateTime) prepared = g_date_time_add_minutes (change,
                                                            -g_rand_int_range (rand, 25, 60));
  g_autoptr (GDateTime) signed_out = g_date_time_add_minutes (change,
                                                              -g_rand_int_range (rand, 2, 15));
  g_autoptr (GDateTime) countersigned = g_date_time_add_minutes (change,
                                                                 g_rand_int_range (rand, 5, 30));
  g_autofree char *content = NULL;
  g_autofree char *id = NULL;
  const char *remark = NULL;
  CfOp *create;

  if (g_date_time_compare (prepared, floor->now) > 0)
    {
      g_date_time_unref (prepared);
      prepared = g_date_time_ref (floor->now);
    }
  content = demo_sheet_content (floor, shift_date, outgoing_id, prepared, rand, error);
  if (content == NULL)
    return NULL;
  create = cf_handover_new_sheet (shift_date, outgoing_id, incoming_id, floor->user[outgoing],
                                  floor->user[incoming], content);
  id = g_strdup (cf_op_get_record_id (create));
  if (!demo_apply_at (floor, outgoing, prepared, single_op (create), error))
    return NULL;
  if (stage == SHEET_DRAFT)
    return g_steal_pointer (&id);

  if (!demo_apply_at (floor, outgoing, signed_out,
                      cf_handover_sign_out_with_key (floor->store, floor->user[outgoing], id,
                                                     floor->key[outgoing], signed_out, error),
                      error))
    return NULL;
  if (stage == SHEET_SIGNED_OUT)
    return g_steal_pointer (&id);

  if (g_rand_int_range (rand, 0, 3) == 0)
    remark = POOL_TEXT (remarks, g_rand_int_range (rand, 0, G_N_ELEMENTS (remarks)));
  if (!demo_apply_at (floor, incoming, countersigned,
                      cf_handover_countersign_with_key (floor->store, floor->user[incoming], id,
                                                        floor->key[incoming], remark,
                                                        countersigned, error),
                      error))
    return NULL;

  return g_steal_pointer (&id);
}

/* A later correction of a sealed sheet by one of its leads. */
static gboolean
demo_addendum (DemoFloor   *floor,
               CfRole       role,
               const char  *sheet_id,
               GDateTime   *moment,
               const char  *text,
               GError     **error)
{
  return demo_apply_at (floor, role, moment,
                        cf_handover_add_addendum_with_key (floor->store, floor->user[role],
                                                           sheet_id, floor->key[role], text,
                                                           moment, error),
                        error);
}

/* The demo account leading shift @s (by shift_changes) of @day. */
static CfRole
shift_leader (int   day,
              guint s)
{
  int week = (day + HANDOVER_DAYS) / 7;

  return shift_leaders[(s + week) % G_N_ELEMENTS (shift_leaders)];
}

/* HANDOVER_DAYS of duty logs, three entries or so a shift, and a sealed
 * handover sheet for every shift change, two of them with an addendum;
 * the last change before now signed out and waiting for its
 * countersignature, and the current shift's sheet being prepared.
 */
static gboolean
add_handovers (DemoFloor  *floor,
               GPtrArray  *shift_type_ops,
               GError    **error)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261123);
  g_autoptr (GDateTime) local_now = g_date_time_to_local (floor->now);
  g_autoptr (GDateTime) today = g_date_time_new_local (g_date_time_get_year (local_now),
                                                       g_date_time_get_month (local_now),
                                                       g_date_time_get_day_of_month (local_now),
                                                       0, 0, 0);

  for (int day = 1 - HANDOVER_DAYS; day <= 0; day++)
    {
      g_autoptr (GDateTime) midnight = g_date_time_add_days (today, day);
      g_autofree char *date = g_date_time_format (midnight, "%Y-%m-%d");

      for (guint s = 0; s < G_N_ELEMENTS (shift_changes); s++)
        {
          g_autoptr (GDateTime) change = g_date_time_add_minutes (midnight,
                                                                  shift_changes[s].minute);
          g_autoptr (GDateTime) start = g_date_time_add_minutes (change, -SHIFT_MINUTES);
          g_autoptr (GDateTime) next_change = g_date_time_add_minutes (change, SHIFT_MINUTES);
          CfOp *outgoing_type = shift_type_ops->pdata[shift_changes[s].outgoing];
          CfOp *incoming_type = shift_type_ops->pdata[shift_changes[s].incoming];
          CfRole outgoing = shift_leader (day, s);
          CfRole incoming = s + 1 < G_N_ELEMENTS (shift_changes) ? shift_leader (day, s + 1)
                                                                 : shift_leader (day + 1, 0);
          DemoSheetStage stage;
          g_autofree char *id = NULL;

          if (g_date_time_compare (start, floor->now) > 0)
            return TRUE;
          if (!demo_duty_log (floor, outgoing, date, cf_op_get_record_id (outgoing_type), start,
                              rand, error))
            return FALSE;

          if (g_date_time_compare (change, floor->now) > 0)
            stage = SHEET_DRAFT;
          else if (g_date_time_compare (next_change, floor->now) > 0)
            stage = SHEET_SIGNED_OUT;
          else
            stage = SHEET_SEALED;
          id = demo_sheet (floor, outgoing, incoming, date, cf_op_get_record_id (outgoing_type),
                           cf_op_get_record_id (incoming_type), change, stage, rand, error);
          if (id == NULL)
            return FALSE;

          /* Two corrections a week apart, by one lead or the other, the next morning. */
          if (stage == SHEET_SEALED && s == 0 && (day == -9 || day == -2))
            {
              g_autoptr (GDateTime) later = g_date_time_add_hours (change, 20);

              if (!demo_addendum (floor, day == -9 ? outgoing : incoming, id, later,
                                  POOL_TEXT (addenda, day == -9 ? 0 : 1), error))
                return FALSE;
            }
        }
    }

  return TRUE;
}

#undef POOL_TEXT

#undef STEP
#undef TEXT

static void
demo_floor_clear (DemoFloor *floor)
{
  if (floor->store != NULL)
    cf_store_set_clock (floor->store, NULL);
  for (guint i = 0; i < CF_N_ROLES; i++)
    g_clear_pointer (&floor->key[i], cf_signing_key_free);
  g_clear_pointer (&floor->moment, g_date_time_unref);
  g_clear_pointer (&floor->now, g_date_time_unref);
  g_clear_pointer (&floor->repair_escalation, g_free);
}

/**
 * cf_demo_populate:
 * @n_staff: how many staff (at least 16)
 * @chinese: Chinese names and teams, for a Chinese locale
 *
 * Fills an empty database with demo staff, teams and one account per
 * desktop role (see CF_DEMO_PASSWORD), each with a signing key, a few
 * months of escalations and rush repairs, and four weeks of duty logs and
 * signed handover sheets, leading up to now. Always the same data for the
 * same arguments (but the keys).
 */
gboolean
cf_demo_populate (CfStore   *store,
                  guint      n_staff,
                  gboolean   chinese,
                  GError   **error)
{
  return cf_demo_populate_at (store, n_staff, chinese, NULL, error);
}

/**
 * cf_demo_populate_at:
 * @now: (nullable): the moment the history of escalations, rush repairs
 *   and handovers leads up to; %NULL for now
 *
 * Like cf_demo_populate (), with a history that ends at @now: tests date
 * it in a week of their choosing.
 */
gboolean
cf_demo_populate_at (CfStore    *store,
                     guint       n_staff,
                     gboolean    chinese,
                     GDateTime  *now,
                     GError    **error)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261122);
  g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (GPtrArray) team_ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (GPtrArray) roster_ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (GPtrArray) shift_type_ops = NULL;
  g_autofree char *hash = NULL;
  g_autoptr (CfOp) first_staff = NULL;
  g_autoptr (GPtrArray) user_ops = NULL;
  CfOp *first_user;
  const char *staff_of_role[CF_N_ROLES] = { NULL };
  const char *supervisor_id;
  DemoFloor floor = { NULL };
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

  user_ops = create_user_ops (&floor, staff_of_role, hash, error);
  if (user_ops == NULL)
    goto failed;
  first_user = user_ops->pdata[0];
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
  floor.store = store;
  floor.chinese = chinese;
  floor.now = now != NULL ? g_date_time_to_utc (now) : g_date_time_new_now_utc ();
  floor.user[CF_ROLE_SUPERVISOR] = supervisor_id;
  for (guint a = 1; a < G_N_ELEMENTS (accounts); a++)
    {
      CfOp *user_op = cf_op_ref (user_ops->pdata[a]);

      floor.user[accounts[a].role] = cf_op_get_record_id (user_op);
      g_ptr_array_add (team_ops, user_op);
    }

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
      !add_escalations (&floor, error) ||
      !add_rush_repairs (&floor, error) ||
      !add_handovers (&floor, shift_type_ops, error) ||
      !cf_store_set_meta (store, "demo", "1", error) ||
      !cf_store_commit (store, error))
    goto failed;

  demo_floor_clear (&floor);
  return TRUE;

failed:
  demo_floor_clear (&floor);
  cf_store_rollback (store);
  return FALSE;
}
