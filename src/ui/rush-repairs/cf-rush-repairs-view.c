/* cf-rush-repairs-view.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-rush-repairs-view"

#include "config.h"

#include "cf-rush-repairs-view.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-form.h"
#include "cf-escalation-summary.h"
#include "cf-list-detail.h"
#include "cf-notify-dialog.h"
#include "cf-registry.h"
#include "cf-rush-repair.h"
#include "cf-rush-repair-dialog.h"
#include "cf-rush-repair-step-dialog.h"
#include "cf-session.h"
#include "cf-store.h"
#include "cf-window.h"

/* Rush-repair orders (抢修单, DOMAIN.md "Rush repair"): the orders not yet
 * closed first, then the newest, with a detail pane beside the list that
 * shows one order's history and the steps the signed-in user may take on
 * it now: notify the people who do the repair (by phone, or by SMS, through
 * the SMS gateway when one is set), record the repair done, record the
 * callback to the customer, close, reopen. Only a callback that confirms
 * the repair lets a shift lead close the order; a failed one sends it back
 * for a new repair, and the view says so.
 *
 * The customer's reference and contact are personal data: the list never
 * shows them, and the detail shows them in full only to the roles that
 * may see them (cf_role_may_see_personal ()).
 */
struct _CfRushRepairsView
{
  CfView              parent_instance;

  /* Template widgets */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_filter;
  GtkWidget          *new_button;
  GtkStack           *content_stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *empty_page;
  GtkStack           *detail_stack;
  GtkLabel           *summary_label;
  GtkImage           *next_icon;
  GtkLabel           *next_label;
  GtkGrid            *facts_grid;
  guint               n_facts;
  GtkFlowBox         *actions_box;
  GtkLabel           *close_hint_label;
  GtkListBox         *timeline;
  GtkLabel           *count_label;

  /* Owned references */
  GListStore         *orders;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filter_model;
  GtkSingleSelection *selection;
  GHashTable         *names;          /* user id → name */
  GtkWidget          *action_buttons[5];
  gboolean            loaded;         /* read when the view is first shown */
  gboolean            reloading;      /* the detail follows once the list is read */
};

G_DEFINE_FINAL_TYPE (CfRushRepairsView, cf_rush_repairs_view, CF_TYPE_VIEW)

/* The columns, in the order of the .ui. */
enum {
  COLUMN_SUMMARY,
  COLUMN_DEPARTMENT,
  COLUMN_STATUS,
  COLUMN_LAST_STEP,
  COLUMN_WHEN,
  N_COLUMNS
};

/* The first choices of the status filter; the statuses follow. */
enum {
  SHOW_ALL,
  SHOW_NOT_CLOSED,
  SHOW_STATUS,
};

/* The steps offered in the detail pane. */
typedef enum
{
  ACTION_NOTIFY,
  ACTION_REPAIRED,
  ACTION_CALLBACK,
  ACTION_CLOSE,
  ACTION_REOPEN,
  N_ACTIONS
} Action;

static const struct
{
  const char *action;
  const char *button_name;
  const char *label;        /* N_() */
} actions[] = {
  { "rush-repairs.notify", "notify-button", N_("_Notify…") },
  { "rush-repairs.repaired", "repaired-button", N_("_Repair Done…") },
  { "rush-repairs.callback", "callback-button", N_("_Callback…") },
  { "rush-repairs.close", "close-button", N_("C_lose") },
  { "rush-repairs.reopen", "reopen-button", N_("Re_open…") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (actions) == N_ACTIONS);

static CfContext *
get_context (CfRushRepairsView *self)
{
  return cf_view_get_context (CF_VIEW (self));
}

static CfStore *
get_store (CfRushRepairsView *self)
{
  return cf_context_get_store (get_context (self));
}

static CfSession *
get_session (CfRushRepairsView *self)
{
  return cf_context_get_session (get_context (self));
}

static const CfField *
order_field (const char *name)
{
  return cf_kind_lookup_field (cf_registry_lookup ("rush_repair"), name);
}

static const CfField *
entry_field (const char *name)
{
  return cf_kind_lookup_field (cf_registry_lookup ("rush_repair_entry"), name);
}

static gboolean
may_see_personal (CfRushRepairsView *self)
{
  return cf_role_may_see_personal (cf_session_get_role (get_session (self)));
}

/* Whether the signed-in user may close orders at all: the registry says
 * who may set the status "closed" (shift leads and the managers).
 */
static gboolean
may_close (CfRushRepairsView *self)
{
  CfRole role = cf_session_get_role (get_session (self));

  return cf_kind_allows (cf_registry_lookup ("rush_repair"), CF_OP_PATCH, role) &&
         cf_kind_allows_value (cf_registry_lookup ("rush_repair"), "status", "closed", role) &&
         cf_kind_allows_value (cf_registry_lookup ("rush_repair_entry"), "type", "closed", role);
}

static gboolean
may_record (CfRushRepairsView *self)
{
  CfRole role = cf_session_get_role (get_session (self));

  return cf_session_is_signed_in (get_session (self)) &&
         cf_kind_allows (cf_registry_lookup ("rush_repair_entry"), CF_OP_CREATE, role) &&
         cf_kind_allows (cf_registry_lookup ("rush_repair"), CF_OP_PATCH, role);
}

static const char *
person_name (CfRushRepairsView *self,
             const char        *user_id)
{
  const char *name = user_id != NULL ? g_hash_table_lookup (self->names, user_id) : NULL;

  return name != NULL ? name : _("Unknown user");
}

/* Columns ------------------------------------------------------------------ */

/* What a cell shows; the list never shows personal data. */
static char *
cell_text (CfRushRepairOrder *order,
           guint              column)
{
  switch (column)
    {
    case COLUMN_SUMMARY:
      return g_strdup (cf_rush_repair_order_get_summary (order));
    case COLUMN_DEPARTMENT:
      return g_strdup (cf_rush_repair_order_get_raised_by_department (order));
    case COLUMN_STATUS:
      return g_strdup (cf_rush_repair_order_get_status_label (order));
    case COLUMN_LAST_STEP:
      return g_strdup (cf_rush_repair_order_get_last_step_label (order));
    case COLUMN_WHEN:
      return cf_list_detail_format_time (cf_rush_repair_order_get_last_step_at (order));
    default:
      g_assert_not_reached ();
    }
}

/* Orders are snapshots, replaced when they change: a bind sets the text
 * once; a failed callback is coloured, a closed order dimmed.
 */
static void
on_cell_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  column_data)
{
  CfRushRepairOrder *order = gtk_list_item_get_item (list_item);
  GtkWidget *inscription = gtk_list_item_get_child (list_item);
  guint column = GPOINTER_TO_UINT (column_data);
  g_autofree char *text = cell_text (order, column);
  const char *status = cf_rush_repair_order_get_status (order);

  gtk_inscription_set_text (GTK_INSCRIPTION (inscription), text);
  if (column == COLUMN_STATUS)
    {
      cf_list_detail_set_class (inscription, "warning",
                                g_strcmp0 (status, "callback_failed") == 0);
      cf_list_detail_set_class (inscription, "success", g_strcmp0 (status, "confirmed") == 0);
    }
  cf_list_detail_set_class (inscription, "dim-label", cf_rush_repair_order_is_closed (order));
}

static void
set_up_columns (CfRushRepairsView *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  g_assert (g_list_model_get_n_items (columns) == N_COLUMNS);

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (cf_view_setup_text_cell), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind_cb), GUINT_TO_POINTER (i));
      gtk_column_view_column_set_factory (column, factory);
    }
}

/* Filters -------------------------------------------------------------------- */

static void
fill_status_filter (CfRushRepairsView *self)
{
  const CfField *field = order_field ("status");
  g_autoptr (GtkStringList) items = gtk_string_list_new (NULL);

  gtk_string_list_append (items, _("All Orders"));
  gtk_string_list_append (items, _("Not Closed"));
  for (guint i = 0; field->choices[i] != NULL; i++)
    gtk_string_list_append (items, cf_field_get_choice_label (field, i));
  gtk_drop_down_set_model (self->status_filter, G_LIST_MODEL (items));
  gtk_drop_down_set_selected (self->status_filter, SHOW_ALL);
}

static gboolean
filter_order (gpointer item,
              gpointer user_data)
{
  CfRushRepairsView *self = user_data;
  CfRushRepairOrder *order = item;
  guint shown = gtk_drop_down_get_selected (self->status_filter);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *search = g_utf8_casefold (typed, -1);

  if (shown == SHOW_NOT_CLOSED && cf_rush_repair_order_is_closed (order))
    return FALSE;
  if (shown != GTK_INVALID_LIST_POSITION && shown >= SHOW_STATUS &&
      g_strcmp0 (cf_rush_repair_order_get_status (order),
                 order_field ("status")->choices[shown - SHOW_STATUS]) != 0)
    return FALSE;

  g_strstrip (search);
  if (search[0] == '\0' ||
      cf_list_detail_text_matches (cf_rush_repair_order_get_summary (order), search) ||
      cf_list_detail_text_matches (cf_rush_repair_order_get_raised_by_department (order), search))
    return TRUE;

  /* Searching by a customer reference would tell who may not see it
   * whether one is on file.
   */
  return may_see_personal (self) &&
         cf_list_detail_text_matches (cf_rush_repair_order_get_customer_ref (order), search);
}

static void
on_filters_changed_cb (CfRushRepairsView *self)
{
  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_search_entry_stop_search_cb (CfRushRepairsView *self,
                                GtkSearchEntry    *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* Steps ---------------------------------------------------------------------- */

/* The batch of @action on @order with stand-in texts, checked by the core:
 * whether the order's status allows it now. %NULL with the core's reason.
 */
static GPtrArray *
try_action (CfRushRepairsView  *self,
            Action              action,
            CfRushRepairOrder  *order,
            GError            **error)
{
  CfStore *store = get_store (self);
  const char *author = cf_session_get_user_id (get_session (self));
  const char *id = cf_rush_repair_order_get_id (order);

  switch (action)
    {
    case ACTION_NOTIFY:
      return cf_rush_repair_record_notified (store, author, id, "-", "phone", NULL, error);
    case ACTION_REPAIRED:
      return cf_rush_repair_record_repaired (store, author, id, NULL, error);
    case ACTION_CALLBACK:
      return cf_rush_repair_record_callback (store, author, id, TRUE, NULL, error);
    case ACTION_CLOSE:
      return cf_rush_repair_close (store, author, id, error);
    case ACTION_REOPEN:
      return cf_rush_repair_reopen (store, author, id, "-", error);
    case N_ACTIONS:
    default:
      g_assert_not_reached ();
    }
}

/* Shows the steps the user may take on the selected order now. Close is
 * shown to those who may close an order not yet closed, and says why it
 * is not possible yet, in the core's words.
 */
static void
update_actions (CfRushRepairsView *self)
{
  CfRushRepairOrder *order = cf_rush_repairs_view_get_selected (self);
  CfRole role = cf_session_get_role (get_session (self));
  gboolean can_create = cf_session_is_signed_in (get_session (self)) &&
                        cf_kind_allows (cf_registry_lookup ("rush_repair"), CF_OP_CREATE, role);
  g_autofree char *hint = NULL;
  gboolean any = FALSE;

  gtk_widget_set_visible (self->new_button, can_create);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rush-repairs.new", can_create);

  for (guint i = 0; i < N_ACTIONS; i++)
    {
      g_autoptr (GPtrArray) ops = NULL;
      g_autoptr (GError) error = NULL;
      gboolean allowed = order != NULL && (i == ACTION_CLOSE ? may_close (self)
                                                             : may_record (self));
      gboolean possible = FALSE;
      gboolean shown;

      if (allowed)
        {
          ops = try_action (self, i, order, &error);
          possible = ops != NULL;
        }
      shown = possible ||
              (i == ACTION_CLOSE && allowed && !cf_rush_repair_order_is_closed (order));
      if (i == ACTION_CLOSE && shown && !possible)
        hint = g_strdup (error->message);

      gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i].action, possible);
      gtk_widget_set_visible (gtk_widget_get_parent (self->action_buttons[i]), shown);
      any |= shown;
    }

  /* Those who may not close are told who does, once it can be. */
  if (hint == NULL && order != NULL && !may_close (self) &&
      g_strcmp0 (cf_rush_repair_order_get_status (order), "confirmed") == 0)
    hint = g_strdup (_("The callback confirmed the repair: a shift lead, deputy or supervisor "
                       "closes the order."));

  gtk_widget_set_visible (GTK_WIDGET (self->actions_box), any);
  gtk_label_set_text (self->close_hint_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->close_hint_label), hint != NULL);
  gtk_widget_set_tooltip_text (self->action_buttons[ACTION_CLOSE], hint);
}

static void
open_step_dialog (CfRushRepairsView *self,
                  CfRushRepairStep   step)
{
  CfRushRepairOrder *order = cf_rush_repairs_view_get_selected (self);
  CfRushRepairStepDialog *dialog;

  if (order == NULL)
    return;

  dialog = cf_rush_repair_step_dialog_new (get_context (self), cf_rush_repair_order_get_id (order),
                                           cf_rush_repair_order_get_summary (order), step);
  gtk_window_set_transient_for (GTK_WINDOW (dialog),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
notify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CfRushRepairsView *self = CF_RUSH_REPAIRS_VIEW (widget);
  CfRushRepairOrder *order = cf_rush_repairs_view_get_selected (self);
  CfNotifyDialog *dialog;

  if (order == NULL)
    return;

  dialog = cf_notify_dialog_new (get_context (self), cf_rush_repair_order_get_id (order));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
repaired_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  open_step_dialog (CF_RUSH_REPAIRS_VIEW (widget), CF_RUSH_REPAIR_STEP_REPAIRED);
}

static void
callback_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  open_step_dialog (CF_RUSH_REPAIRS_VIEW (widget), CF_RUSH_REPAIR_STEP_CALLBACK);
}

static void
reopen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_step_dialog (CF_RUSH_REPAIRS_VIEW (widget), CF_RUSH_REPAIR_STEP_REOPEN);
}

/* Closing asks for nothing more: it is possible only after a confirmed
 * callback, and the store checks who closes.
 */
static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CfRushRepairsView *self = CF_RUSH_REPAIRS_VIEW (widget);
  CfRushRepairOrder *order = cf_rush_repairs_view_get_selected (self);
  const char *author = cf_session_get_user_id (get_session (self));
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;

  if (order == NULL)
    return;

  ops = cf_rush_repair_close (get_store (self), author, cf_rush_repair_order_get_id (order),
                              &error);
  if (ops == NULL ||
      !cf_store_apply (get_store (self), author, (CfOp * const *) ops->pdata, ops->len, &error))
    {
      cf_window_show_toast (widget, adw_toast_new (error->message));
      return;
    }

  cf_window_show_toast (widget, cf_form_new_toast (_("Order closed: the repair is confirmed"),
                                                   NULL, NULL));
}

/* Detail ---------------------------------------------------------------------- */

static void
add_fact (CfRushRepairsView *self,
          const char        *name,
          const char        *title,
          const char        *value)
{
  cf_list_detail_add_fact (self->facts_grid, &self->n_facts, name, title, value);
}

/* A personal value: in full to the roles that may see it, masked to the rest. */
static void
add_personal_fact (CfRushRepairsView *self,
                   const char        *name,
                   const char        *field_name,
                   const char        *value)
{
  g_autofree char *shown = may_see_personal (self) || value == NULL
                           ? g_strdup (value) : cf_personal_mask (value);

  add_fact (self, name, cf_field_get_label (order_field (field_name)), shown);
}

static void
update_facts (CfRushRepairsView *self,
              CfRushRepairOrder *order)
{
  const char *escalation_id = cf_rush_repair_order_get_escalation (order);
  g_autoptr (JsonObject) escalation = NULL;
  g_autofree char *made = cf_list_detail_format_time (cf_rush_repair_order_get_created_at (order));

  cf_list_detail_clear_facts (self->facts_grid, &self->n_facts);

  if (escalation_id != NULL)
    escalation = cf_store_get_record (get_store (self), "escalation", escalation_id, NULL);

  add_fact (self, "status-row", _("Status"), cf_rush_repair_order_get_status_label (order));
  add_fact (self, "department-row", _("Raised By"),
            cf_rush_repair_order_get_raised_by_department (order));
  add_fact (self, "made-by-row", _("Made By"),
            person_name (self, cf_rush_repair_order_get_created_by (order)));
  add_fact (self, "made-at-row", _("Made"), made);
  add_personal_fact (self, "customer-ref-row", "customer_ref",
                     cf_rush_repair_order_get_customer_ref (order));
  add_personal_fact (self, "customer-contact-row", "customer_contact",
                     cf_rush_repair_order_get_customer_contact (order));
  add_fact (self, "escalation-row", _("Escalation"),
            escalation != NULL ? json_object_get_string_member_with_default (escalation,
                                                                             "summary", NULL)
                               : NULL);
}

/* Where the order stands and what comes next. */
static void
update_next_step (CfRushRepairsView *self,
                  CfRushRepairOrder *order)
{
  static const struct
  {
    const char *status;
    const char *text;       /* N_() */
    const char *icon_name;
    const char *css_class;  /* nullable */
  } next_steps[] = {
    { "open", N_("Next: notify the people who will do the repair."), "go-next-symbolic",
      NULL },
    { "notified", N_("Next: record the repair once it is reported done. More people can still "
                     "be notified."), "go-next-symbolic", NULL },
    { "repaired", N_("Next: call the customer back to confirm the repair."),
      "call-start-symbolic", NULL },
    { "confirmed", N_("The customer confirmed the repair: the order can be closed."),
      "emblem-ok-symbolic", "success" },
    { "callback_failed", N_("The callback found the repair not done, so the order is open "
                            "again: it needs a new repair, and a callback that confirms it, "
                            "before it can be closed."), "dialog-warning-symbolic", "warning" },
    { "closed", N_("Closed after a callback confirmed the repair. Reopen it if the fault comes "
                   "back."), "object-select-symbolic", "dim-label" },
  };
  static const char * const classes[] = { "success", "warning", "dim-label" };
  const char *status = cf_rush_repair_order_get_status (order);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      cf_list_detail_set_class (GTK_WIDGET (self->next_label), classes[i], FALSE);
      cf_list_detail_set_class (GTK_WIDGET (self->next_icon), classes[i], FALSE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (next_steps); i++)
    {
      if (g_strcmp0 (status, next_steps[i].status) != 0)
        continue;
      gtk_label_set_text (self->next_label, _(next_steps[i].text));
      gtk_image_set_from_icon_name (self->next_icon, next_steps[i].icon_name);
      if (next_steps[i].css_class != NULL)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->next_label), next_steps[i].css_class);
          gtk_widget_add_css_class (GTK_WIDGET (self->next_icon), next_steps[i].css_class);
        }
    }
}

/* One line of an entry of the history. */
static void
add_line (GtkWidget  *box,
          const char *text,
          const char *css_class)
{
  gtk_box_append (GTK_BOX (box), cf_list_detail_history_label (text, css_class));
}

/* One entry of the history: what, who and when; who was notified and
 * how, with the SMS gateway's answer; the callback's result; its text.
 */
static GtkWidget *
create_entry_row (CfRushRepairsView *self,
                  JsonObject        *entry)
{
  const char *type = json_object_get_string_member (entry, "type");
  const char *author = json_object_get_string_member_with_default (entry, "created_by", NULL);
  const char *text = json_object_get_string_member_with_default (entry, "text", NULL);
  const char *notified = json_object_get_string_member_with_default (entry, "notified", NULL);
  const char *channel = json_object_get_string_member_with_default (entry, "channel", NULL);
  const char *answer = json_object_get_string_member_with_default (entry, "gateway_answer", NULL);
  const char *result = json_object_get_string_member_with_default (entry, "result", NULL);
  const char *created_at = json_object_get_string_member (entry, "created_at");
  g_autofree char *when = cf_list_detail_format_time (created_at);
  g_autofree char *heading = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_widget_set_name (row, "timeline-entry");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  /* translators: an entry of a rush-repair order's history: what, who
   * wrote it and when, e.g. “Repaired · Li Wei · 2026-11-20 09:30”
   */
  heading = g_strdup_printf (_("%s · %s · %s"),
                             cf_field_get_value_label (entry_field ("type"), type),
                             person_name (self, author), when);
  add_line (box, heading, "heading");

  if (notified != NULL)
    {
      g_autofree char *who = NULL;

      /* translators: who was notified and how, e.g. “Wang Wei (13912345678) · by SMS” */
      who = g_strdup_printf (_("%s · by %s"), notified,
                             cf_field_get_value_label (entry_field ("channel"), channel));
      add_line (box, who, NULL);
    }
  if (answer != NULL)
    {
      g_autofree char *said = NULL;

      /* translators: %s is what the SMS gateway answered, e.g. “HTTP 200: OK” */
      said = g_strdup_printf (_("SMS gateway: %s"), answer);
      add_line (box, said, g_str_has_prefix (answer, "HTTP 2") ? "dim-label" : "error");
    }
  if (result != NULL)
    {
      gboolean confirmed = g_str_equal (result, "confirmed");

      add_line (box, cf_field_get_value_label (entry_field ("result"), result),
                confirmed ? "success" : "warning");
      if (!confirmed)
        add_line (box, _("The order went back for a new repair."), "warning");
    }
  if (text != NULL)
    add_line (box, text, NULL);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

static void
update_timeline (CfRushRepairsView *self,
                 CfRushRepairOrder *order)
{
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;

  cf_list_detail_clear_list_box (self->timeline);
  entries = cf_rush_repair_list_entries (get_store (self), cf_rush_repair_order_get_id (order),
                                         &error);
  if (entries == NULL)
    {
      g_warning ("Cannot read the rush-repair order's history: %s", error->message);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    gtk_list_box_append (self->timeline, create_entry_row (self, entries->pdata[i]));
}

static void
update_detail (CfRushRepairsView *self)
{
  CfRushRepairOrder *order = cf_rush_repairs_view_get_selected (self);

  if (order == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      cf_list_detail_clear_list_box (self->timeline);
      update_actions (self);
      return;
    }

  gtk_label_set_text (self->summary_label, cf_rush_repair_order_get_summary (order));
  update_next_step (self, order);
  update_facts (self, order);
  update_timeline (self, order);
  update_actions (self);
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

/* Loading --------------------------------------------------------------------- */

static void
update_count (CfRushRepairsView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->orders));
  guint not_closed = 0;
  guint awaiting = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < total; i++)
    {
      g_autoptr (CfRushRepairOrder) order = g_list_model_get_item (G_LIST_MODEL (self->orders), i);

      not_closed += !cf_rush_repair_order_is_closed (order);
      awaiting += g_strcmp0 (cf_rush_repair_order_get_status (order), "repaired") == 0;
    }

  /* translators: e.g. “4 not closed · 1 waiting for a callback · 4 of 9 orders shown” */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u not closed · %u waiting for a callback · %u of %u "
                                       "order shown",
                                       "%u not closed · %u waiting for a callback · %u of %u "
                                       "orders shown", total),
                          not_closed, awaiting, shown, total);
  gtk_label_set_text (self->count_label, text);

  if (total == 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "applications-engineering-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Rush-Repair Orders"));
      adw_status_page_set_description (self->empty_page,
                                       _("When a department raises a repair, a shift lead makes "
                                         "an order here and notifies the people who do it."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "system-search-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Orders Found"));
      adw_status_page_set_description (self->empty_page,
                                       _("Try other words, or show another status."));
    }
  gtk_stack_set_visible_child_name (self->content_stack, shown > 0 ? "list" : "empty");
}

/* Reads the orders again, keeping the one selected. */
static void
reload (CfRushRepairsView *self)
{
  CfRushRepairOrder *selected = cf_rush_repairs_view_get_selected (self);
  g_autofree char *selected_id = selected != NULL
                                 ? g_strdup (cf_rush_repair_order_get_id (selected)) : NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) orders = NULL;
  g_autoptr (GPtrArray) people = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  orders = cf_rush_repair_order_list_all (get_store (self), &error);
  if (orders == NULL)
    {
      g_warning ("Cannot read the rush-repair orders: %s", error->message);
      return;
    }

  g_hash_table_remove_all (self->names);
  people = cf_escalation_list_people (get_store (self), NULL);
  for (guint i = 0; people != NULL && i < people->len; i++)
    {
      CfEscalationPerson *person = people->pdata[i];

      g_hash_table_insert (self->names, g_strdup (person->user_id), g_strdup (person->name));
    }

  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    g_ptr_array_add (items, g_list_model_get_item (orders, i));
  self->reloading = TRUE;
  g_list_store_splice (self->orders, 0, g_list_model_get_n_items (G_LIST_MODEL (self->orders)),
                       items->pdata, items->len);
  if (selected_id != NULL)
    cf_rush_repairs_view_select (self, selected_id);
  self->reloading = FALSE;

  update_count (self);
  update_detail (self);
}

/* An order, its history or who is who changed — here, or by a sync from
 * another desktop.
 */
static void
on_store_changed_cb (CfRushRepairsView  *self,
                     const char         *kind,
                     const char * const *ids)
{
  if (self->loaded &&
      (g_str_equal (kind, "rush_repair") || g_str_equal (kind, "rush_repair_entry") ||
       g_str_equal (kind, "escalation") || g_str_equal (kind, "staff") ||
       g_str_equal (kind, "user")))
    reload (self);
}

static void
on_selection_changed_cb (CfRushRepairsView *self)
{
  if (!self->reloading)
    update_detail (self);
}

static void
on_shown_items_changed_cb (CfRushRepairsView *self)
{
  update_count (self);
}

/* Making an order ------------------------------------------------------------- */

static void
on_dialog_created_cb (CfRushRepairsView *self,
                      const char        *order_id)
{
  gtk_drop_down_set_selected (self->status_filter, SHOW_ALL);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  cf_rush_repairs_view_select (self, order_id);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CfRushRepairsView *self = CF_RUSH_REPAIRS_VIEW (widget);
  CfRushRepairDialog *dialog = cf_rush_repair_dialog_new (get_context (self));

  g_signal_connect_object (dialog, "created", G_CALLBACK (on_dialog_created_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (CF_RUSH_REPAIRS_VIEW (widget)->search_entry));
}

/* GObject ------------------------------------------------------------------- */

static void
create_action_buttons (CfRushRepairsView *self)
{
  for (guint i = 0; i < N_ACTIONS; i++)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_(actions[i].label));

      gtk_widget_set_name (button, actions[i].button_name);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), actions[i].action);
      gtk_flow_box_append (self->actions_box, button);
      self->action_buttons[i] = button;
    }
  gtk_widget_add_css_class (self->action_buttons[ACTION_CLOSE], "suggested-action");
}

static gboolean
cf_rush_repairs_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (CF_RUSH_REPAIRS_VIEW (widget)->column_view));
}

static void
cf_rush_repairs_view_constructed (GObject *object)
{
  CfRushRepairsView *self = CF_RUSH_REPAIRS_VIEW (object);

  G_OBJECT_CLASS (cf_rush_repairs_view_parent_class)->constructed (object);

  set_up_columns (self);
  create_action_buttons (self);
  fill_status_filter (self);

  self->filter = gtk_custom_filter_new (filter_order, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->orders)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (on_shown_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (get_store (self), "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

/* The orders are read when the view is first shown, not when the window
 * is made: a column view fills every row it is given before it has a
 * size. Who is signed in may have changed since: the steps follow.
 */
static void
cf_rush_repairs_view_map (GtkWidget *widget)
{
  CfRushRepairsView *self = CF_RUSH_REPAIRS_VIEW (widget);

  GTK_WIDGET_CLASS (cf_rush_repairs_view_parent_class)->map (widget);

  if (!self->loaded)
    {
      self->loaded = TRUE;
      reload (self);
    }
  else
    {
      update_detail (self);
    }
}

static void
cf_rush_repairs_view_dispose (GObject *object)
{
  CfRushRepairsView *self = (CfRushRepairsView *)object;

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_RUSH_REPAIRS_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->orders);
  g_clear_pointer (&self->names, g_hash_table_unref);

  G_OBJECT_CLASS (cf_rush_repairs_view_parent_class)->dispose (object);
}

static void
cf_rush_repairs_view_class_init (CfRushRepairsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_rush_repairs_view_constructed;
  object_class->dispose = cf_rush_repairs_view_dispose;
  widget_class->grab_focus = cf_rush_repairs_view_grab_focus;
  widget_class->map = cf_rush_repairs_view_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX
                                               "/ui/rush-repairs/cf-rush-repairs-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairsView, status_filter);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairsView, new_button);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairsView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairsView, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairsView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairsView, next_icon);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairsView, next_label);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairsView, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairsView, actions_box);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairsView, close_hint_label);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairsView, timeline);
  gtk_widget_class_bind_template_child (widget_class, CfRushRepairsView, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search_cb);

  gtk_widget_class_install_action (widget_class, "rush-repairs.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "rush-repairs.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "rush-repairs.notify", NULL, notify_action);
  gtk_widget_class_install_action (widget_class, "rush-repairs.repaired", NULL, repaired_action);
  gtk_widget_class_install_action (widget_class, "rush-repairs.callback", NULL, callback_action);
  gtk_widget_class_install_action (widget_class, "rush-repairs.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "rush-repairs.reopen", NULL, reopen_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "rush-repairs.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "rush-repairs.search", NULL);
}

static void
cf_rush_repairs_view_init (CfRushRepairsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->orders = g_list_store_new (CF_TYPE_RUSH_REPAIR_ORDER);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Returns: (transfer none): the orders as shown, filtered */
GListModel *
cf_rush_repairs_view_get_shown (CfRushRepairsView *self)
{
  g_return_val_if_fail (CF_IS_RUSH_REPAIRS_VIEW (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

/* Returns: (transfer none) (nullable): the selected order */
CfRushRepairOrder *
cf_rush_repairs_view_get_selected (CfRushRepairsView *self)
{
  g_return_val_if_fail (CF_IS_RUSH_REPAIRS_VIEW (self), NULL);

  if (self->selection == NULL)
    return NULL;

  return gtk_single_selection_get_selected_item (self->selection);
}

/* Selects the order @order_id when it is shown. */
void
cf_rush_repairs_view_select (CfRushRepairsView *self,
                             const char        *order_id)
{
  GListModel *shown;

  g_return_if_fail (CF_IS_RUSH_REPAIRS_VIEW (self));

  shown = G_LIST_MODEL (self->selection);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr (CfRushRepairOrder) order = g_list_model_get_item (shown, i);

      if (g_strcmp0 (cf_rush_repair_order_get_id (order), order_id) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}

/**
 * cf_rush_repairs_view_get_cell_text:
 * @position: a row of the shown orders
 * @column: a column, counted from 0
 *
 * Returns: (transfer full) (nullable): the text the list shows in that cell
 */
char *
cf_rush_repairs_view_get_cell_text (CfRushRepairsView *self,
                                    guint              position,
                                    guint              column)
{
  g_autoptr (CfRushRepairOrder) order = NULL;

  g_return_val_if_fail (CF_IS_RUSH_REPAIRS_VIEW (self), NULL);
  g_return_val_if_fail (column < N_COLUMNS, NULL);

  order = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);
  if (order == NULL)
    return NULL;

  return cell_text (order, column);
}
