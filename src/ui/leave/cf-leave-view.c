/* cf-leave-view.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-leave-view"

#include "config.h"

#include "cf-leave-view.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-leave-dialog.h"
#include "cf-session.h"
#include "cf-store.h"
#include "cf-window.h"

/* Leave requests (请假): those waiting for a decision first, then the ones
 * decided lately, searchable by name and filtered by status. The roster's
 * people ask for leave here; supervisors and deputies approve it — which
 * writes it into the roster, after showing the shifts it replaces — or
 * reject it.
 */
struct _CfLeaveView
{
  CfView              parent_instance;

  /* Template widgets */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_filter;
  GtkWidget          *new_button;
  GtkStack           *content_stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *empty_page;
  GtkLabel           *count_label;
  GtkWidget          *approve_button;
  GtkWidget          *reject_button;

  /* Owned references */
  GListStore         *requests;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filter_model;
  GtkSingleSelection *selection;
  gboolean            loaded;     /* the requests are read when the view is first shown */
};

G_DEFINE_FINAL_TYPE (CfLeaveView, cf_leave_view, CF_TYPE_VIEW)

/* The choices of the status filter, in the order of the .ui. */
enum {
  SHOW_ALL,
  SHOW_PENDING,
  SHOW_APPROVED,
  SHOW_REJECTED,
};

static CfContext *
get_context (CfLeaveView *self)
{
  return cf_view_get_context (CF_VIEW (self));
}

static gboolean
can (CfLeaveView *self,
     CfOpAction   action)
{
  return cf_session_can (cf_context_get_session (get_context (self)), "leave_request", action);
}

static void
update_actions (CfLeaveView *self)
{
  CfLeaveRequest *selected = cf_leave_view_get_selected (self);
  gboolean can_decide = can (self, CF_OP_PATCH);
  gboolean pending = selected != NULL &&
                     cf_leave_request_get_status (selected) == CF_LEAVE_STATUS_PENDING;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "leave.new", can (self, CF_OP_CREATE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "leave.approve", can_decide && pending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "leave.reject", can_decide && pending);

  /* Those who may not decide see no buttons for it. */
  gtk_widget_set_visible (self->new_button, can (self, CF_OP_CREATE));
  gtk_widget_set_visible (self->approve_button, can_decide);
  gtk_widget_set_visible (self->reject_button, can_decide);
}

static void
update_count (CfLeaveView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->requests));
  guint pending = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < total; i++)
    {
      g_autoptr (CfLeaveRequest) request = g_list_model_get_item (G_LIST_MODEL (self->requests),
                                                                  i);

      pending += cf_leave_request_get_status (request) == CF_LEAVE_STATUS_PENDING;
    }

  /* translators: the first part of “3 waiting · 5 of 12 requests shown” */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u waiting · %u of %u request shown",
                                       "%u waiting · %u of %u requests shown", total),
                          pending, shown, total);
  gtk_label_set_text (self->count_label, text);

  if (total == 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "airplane-mode-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Leave Requests"));
      adw_status_page_set_description (self->empty_page,
                                       _("Requests are listed here while they wait for a "
                                         "decision, and for three months after."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "system-search-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Requests Found"));
      adw_status_page_set_description (self->empty_page,
                                       _("Try another name or number, or show another status."));
    }
  gtk_stack_set_visible_child_name (self->content_stack, shown > 0 ? "list" : "empty");
}

/* Columns ------------------------------------------------------------------ */

static char *
staff_text (CfLeaveRequest *request)
{
  /* translators: a staff member in the list: name and employee number */
  return g_strdup_printf (_("%s · %s"), cf_leave_request_get_staff_name (request),
                          cf_leave_request_get_employee_no (request));
}

static char *
type_text (CfLeaveRequest *request)
{
  return g_strdup (cf_leave_request_get_type_label (request));
}

static char *
dates_text (CfLeaveRequest *request)
{
  const char *start = cf_leave_request_get_start_date (request);
  const char *end = cf_leave_request_get_end_date (request);

  if (g_strcmp0 (start, end) == 0)
    return g_strdup (start);

  /* translators: a range of days, e.g. “2026-12-10 – 2026-12-12” */
  return g_strdup_printf (_("%s – %s"), start, end);
}

static char *
days_text (CfLeaveRequest *request)
{
  return g_strdup_printf ("%u", cf_leave_request_get_n_days (request));
}

static char *
reason_text (CfLeaveRequest *request)
{
  return g_strdup (cf_leave_request_get_reason (request));
}

static char *
status_text (CfLeaveRequest *request)
{
  return g_strdup (cf_leave_request_get_status_label (request));
}

static char *
decided_by_text (CfLeaveRequest *request)
{
  return g_strdup (cf_leave_request_get_decided_by (request));
}

/* What each column shows, in the order of the columns. */
static char * (* const column_texts[]) (CfLeaveRequest *request) = {
  staff_text, type_text, dates_text, days_text, reason_text, status_text, decided_by_text,
};

static const char * const status_classes[] = { "warning", "success", "dim-label" };

/* Requests are snapshots, replaced when they change: a bind sets the text
 * once, and the status its colour.
 */
static void
on_cell_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  column)
{
  CfLeaveRequest *request = gtk_list_item_get_item (list_item);
  GtkWidget *inscription = gtk_list_item_get_child (list_item);
  g_autofree char *text = column_texts[GPOINTER_TO_UINT (column)] (request);

  gtk_inscription_set_text (GTK_INSCRIPTION (inscription), text);
  if (column_texts[GPOINTER_TO_UINT (column)] != status_text)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    gtk_widget_remove_css_class (inscription, status_classes[i]);
  gtk_widget_add_css_class (inscription, status_classes[cf_leave_request_get_status (request)]);
}

static void
set_up_columns (CfLeaveView *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  g_assert (g_list_model_get_n_items (columns) == G_N_ELEMENTS (column_texts));

  for (guint i = 0; i < G_N_ELEMENTS (column_texts); i++)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (cf_view_setup_text_cell), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind_cb), GUINT_TO_POINTER (i));
      gtk_column_view_column_set_factory (column, factory);
    }
}

/* Filters -------------------------------------------------------------------- */

static gboolean
filter_request (gpointer item,
                gpointer user_data)
{
  CfLeaveView *self = user_data;
  CfLeaveRequest *request = item;
  guint status = gtk_drop_down_get_selected (self->status_filter);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *search = g_utf8_casefold (typed, -1);
  g_autofree char *name = NULL;

  if (status != GTK_INVALID_LIST_POSITION && status != SHOW_ALL &&
      cf_leave_request_get_status (request) != status - SHOW_PENDING)
    return FALSE;

  g_strstrip (search);
  if (search[0] == '\0' || g_str_has_prefix (cf_leave_request_get_employee_no (request), search))
    return TRUE;
  name = g_utf8_casefold (cf_leave_request_get_staff_name (request), -1);

  return strstr (name, search) != NULL;
}

static void
on_filters_changed_cb (CfLeaveView *self)
{
  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_search_entry_stop_search_cb (CfLeaveView    *self,
                                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* Loading -------------------------------------------------------------------- */

/* Reads the requests again, keeping the one selected. */
static void
reload (CfLeaveView *self)
{
  CfLeaveRequest *selected = cf_leave_view_get_selected (self);
  g_autofree char *selected_id = selected != NULL ? g_strdup (cf_leave_request_get_id (selected))
                                                  : NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) requests = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  requests = cf_leave_list_requests (cf_context_get_store (get_context (self)), &error);
  if (requests == NULL)
    {
      g_warning ("Cannot read the leave requests: %s", error->message);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (requests); i++)
    g_ptr_array_add (items, g_list_model_get_item (requests, i));
  g_list_store_splice (self->requests, 0, g_list_model_get_n_items (G_LIST_MODEL (self->requests)),
                       items->pdata, items->len);

  if (selected_id != NULL)
    cf_leave_view_select (self, selected_id);
  update_count (self);
  update_actions (self);
}

/* A request, its staff member or who decided it changed — here or by a
 * sync from another desktop.
 */
static void
on_store_changed_cb (CfLeaveView        *self,
                     const char         *kind,
                     const char * const *ids)
{
  if (self->loaded &&
      (g_str_equal (kind, "leave_request") || g_str_equal (kind, "staff") ||
       g_str_equal (kind, "user")))
    reload (self);
}

static void
on_selection_changed_cb (CfLeaveView *self)
{
  update_actions (self);
}

static void
on_shown_items_changed_cb (CfLeaveView *self)
{
  update_count (self);
  update_actions (self);
}

/* Deciding ------------------------------------------------------------------ */

/* Returns: (transfer full): e.g. “Annual leave, Thu 2026-12-10 to Sat
 *   2026-12-12 (3 days)”
 */
static char *
describe_request (CfLeaveRequest *request)
{
  g_autofree char *first = cf_leave_describe_day (cf_leave_request_get_start_date (request));
  g_autofree char *last = cf_leave_describe_day (cf_leave_request_get_end_date (request));
  guint n_days = cf_leave_request_get_n_days (request);

  /* translators: a kind of leave, its first and last day and how many days */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %s to %s (%u day)",
                                       "%s, %s to %s (%u days)", n_days),
                          cf_leave_request_get_type_label (request), first, last, n_days);
}

/* Approves or rejects the request @request_id; the toast's Undo takes the
 * decision back, with the roster cells an approval wrote.
 */
static void
decide (CfLeaveView *self,
        const char  *request_id,
        gboolean     approving)
{
  CfContext *context = get_context (self);
  CfStore *store = cf_context_get_store (context);
  const char *author = cf_session_get_user_id (cf_context_get_session (context));
  g_autoptr (CfLeaveRequest) request = NULL;
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GStrvBuilder) op_ids = g_strv_builder_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) undo_ids = NULL;
  g_autofree char *title = NULL;

  request = cf_leave_lookup_request (store, request_id, &error);
  if (request != NULL && approving)
    {
      ops = cf_leave_approve (store, author, request_id, &error);
    }
  else if (request != NULL)
    {
      g_autoptr (CfOp) op = cf_leave_reject (store, author, request_id, &error);

      if (op != NULL)
        {
          ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
          g_ptr_array_add (ops, g_steal_pointer (&op));
        }
    }
  if (ops == NULL)
    {
      cf_window_show_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }

  for (guint i = 0; i < ops->len; i++)
    g_strv_builder_add (op_ids, cf_op_get_op_id (ops->pdata[i]));
  undo_ids = g_strv_builder_end (op_ids);
  /* translators: %s is a staff member's name */
  title = g_strdup_printf (approving ? _("Leave approved for %s") : _("Leave rejected for %s"),
                           cf_leave_request_get_staff_name (request));
  cf_window_show_undo_toast (GTK_WIDGET (self), title, (const char * const *) undo_ids);
}

static void
on_approve_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        CfLeaveView      *self)
{
  if (g_str_equal (response, "approve"))
    decide (self, g_object_get_data (G_OBJECT (dialog), "request-id"), TRUE);
}

/* Each day approving replaces, with what the roster has on it now. */
static GtkWidget *
create_clash_list (GArray *clashes)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();

  gtk_widget_set_name (list, "clash-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Shifts to Replace"), -1);

  for (guint i = 0; i < clashes->len; i++)
    {
      CfLeaveClash *clash = &g_array_index (clashes, CfLeaveClash, i);
      g_autofree char *day = cf_leave_describe_day (clash->date);
      g_autofree char *what = NULL;
      GtkWidget *row = adw_action_row_new ();

      if (clash->shift_code != NULL)
        /* translators: a shift: its code and name, e.g. “E Early” */
        what = g_strdup_printf (_("%s %s"), clash->shift_code, clash->shift_name);
      else
        what = g_strdup (cf_leave_type_get_label (clash->leave_type));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), day);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), what);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 280);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);

  return scrolled;
}

/* Approving asks first, listing the shifts the leave will replace. */
static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CfLeaveView *self = CF_LEAVE_VIEW (widget);
  CfLeaveRequest *request = cf_leave_view_get_selected (self);
  g_autoptr (GArray) clashes = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (request == NULL || cf_leave_request_get_status (request) != CF_LEAVE_STATUS_PENDING)
    return;

  clashes = cf_leave_list_clashes (cf_context_get_store (get_context (self)),
                                   cf_leave_request_get_id (request), &error);
  if (clashes == NULL)
    {
      cf_window_show_toast (widget, adw_toast_new (error->message));
      return;
    }

  description = describe_request (request);
  if (clashes->len == 0)
    /* translators: a staff member's name and their leave, e.g.
     * “Li Na: Annual leave, Thu 2026-12-10 to Sat 2026-12-12 (3 days)”
     */
    body = g_strdup_printf (_("%s: %s. The leave is written into the roster."),
                            cf_leave_request_get_staff_name (request), description);
  else
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s: %s. The roster has a shift or other leave on %u "
                                         "of these days; approving replaces it with this leave.",
                                         "%s: %s. The roster has shifts or other leave on %u "
                                         "of these days; approving replaces them with this leave.",
                                         clashes->len),
                            cf_leave_request_get_staff_name (request), description, clashes->len);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       _("Approve Leave?"), body));
  gtk_widget_set_name (GTK_WIDGET (dialog), "approve-dialog");
  g_object_set_data_full (G_OBJECT (dialog), "request-id",
                          g_strdup (cf_leave_request_get_id (request)), g_free);
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  if (clashes->len > 0)
    {
      adw_message_dialog_set_extra_child (dialog, create_clash_list (clashes));
      adw_message_dialog_add_response (dialog, "approve", _("Approve and _Replace Shifts"));
      adw_message_dialog_set_response_appearance (dialog, "approve", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (dialog, "cancel");
    }
  else
    {
      adw_message_dialog_add_response (dialog, "approve", _("_Approve"));
      adw_message_dialog_set_response_appearance (dialog, "approve", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "approve");
    }
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_approve_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Rejecting changes no roster: it is done at once, with Undo. */
static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CfLeaveView *self = CF_LEAVE_VIEW (widget);
  CfLeaveRequest *request = cf_leave_view_get_selected (self);
  g_autofree char *request_id = request != NULL ? g_strdup (cf_leave_request_get_id (request))
                                                : NULL;

  if (request_id != NULL)
    decide (self, request_id, FALSE);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CfLeaveDialog *dialog = cf_leave_dialog_new (get_context (CF_LEAVE_VIEW (widget)));

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (CF_LEAVE_VIEW (widget)->search_entry));
}

/* Enter on a waiting request asks to approve it. */
static void
on_column_view_activate_cb (CfLeaveView   *self,
                            guint          position,
                            GtkColumnView *column_view)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "leave.approve", NULL);
}

/* GObject ------------------------------------------------------------------- */

static gboolean
cf_leave_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (CF_LEAVE_VIEW (widget)->column_view));
}

static void
cf_leave_view_constructed (GObject *object)
{
  CfLeaveView *self = CF_LEAVE_VIEW (object);

  G_OBJECT_CLASS (cf_leave_view_parent_class)->constructed (object);

  set_up_columns (self);
  self->filter = gtk_custom_filter_new (filter_request, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->requests)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (on_shown_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cf_context_get_store (get_context (self)), "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
}

/* The requests are read when the view is first shown, not when the window
 * is made: a column view fills every row it is given before it has a size.
 */
static void
cf_leave_view_map (GtkWidget *widget)
{
  CfLeaveView *self = CF_LEAVE_VIEW (widget);

  GTK_WIDGET_CLASS (cf_leave_view_parent_class)->map (widget);

  if (!self->loaded)
    {
      self->loaded = TRUE;
      reload (self);
    }
}

static void
cf_leave_view_dispose (GObject *object)
{
  CfLeaveView *self = (CfLeaveView *)object;

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_LEAVE_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->requests);

  G_OBJECT_CLASS (cf_leave_view_parent_class)->dispose (object);
}

static void
cf_leave_view_class_init (CfLeaveViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_leave_view_constructed;
  object_class->dispose = cf_leave_view_dispose;
  widget_class->grab_focus = cf_leave_view_grab_focus;
  widget_class->map = cf_leave_view_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/leave/cf-leave-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CfLeaveView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CfLeaveView, status_filter);
  gtk_widget_class_bind_template_child (widget_class, CfLeaveView, new_button);
  gtk_widget_class_bind_template_child (widget_class, CfLeaveView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CfLeaveView, column_view);
  gtk_widget_class_bind_template_child (widget_class, CfLeaveView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CfLeaveView, count_label);
  gtk_widget_class_bind_template_child (widget_class, CfLeaveView, approve_button);
  gtk_widget_class_bind_template_child (widget_class, CfLeaveView, reject_button);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "leave.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "leave.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "leave.reject", NULL, reject_action);
  gtk_widget_class_install_action (widget_class, "leave.search", NULL, search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "leave.new",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "leave.search",
                                       NULL);
}

static void
cf_leave_view_init (CfLeaveView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->requests = g_list_store_new (CF_TYPE_LEAVE_REQUEST);
}

/* Returns: (transfer none): the requests as shown, filtered */
GListModel *
cf_leave_view_get_shown (CfLeaveView *self)
{
  g_return_val_if_fail (CF_IS_LEAVE_VIEW (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

/* Returns: (transfer none) (nullable): the selected request */
CfLeaveRequest *
cf_leave_view_get_selected (CfLeaveView *self)
{
  g_return_val_if_fail (CF_IS_LEAVE_VIEW (self), NULL);

  if (self->selection == NULL)
    return NULL;

  return gtk_single_selection_get_selected_item (self->selection);
}

/* Selects the request @request_id when it is shown. */
void
cf_leave_view_select (CfLeaveView *self,
                      const char  *request_id)
{
  GListModel *shown;

  g_return_if_fail (CF_IS_LEAVE_VIEW (self));

  shown = G_LIST_MODEL (self->selection);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr (CfLeaveRequest) request = g_list_model_get_item (shown, i);

      if (g_strcmp0 (cf_leave_request_get_id (request), request_id) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}
