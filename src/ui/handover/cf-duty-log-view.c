/* cf-duty-log-view.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-duty-log-view"

#include "config.h"

#include "cf-duty-log-view.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-duty-log-dialog.h"
#include "cf-leave.h"
#include "cf-list-detail.h"
#include "cf-registry.h"
#include "cf-session.h"
#include "cf-store.h"

/* The duty log (值班日志) of one shift date, newest entry first: what the
 * shift leads noted during the day, the entries they flagged being carried
 * onto the handover sheet. Entries are never changed once written, so the
 * view only reads them and adds new ones.
 */
struct _CfDutyLogView
{
  CfView         parent_instance;

  /* Template widgets */
  GtkLabel      *date_label;
  GtkDropDown   *category_filter;
  GtkWidget     *add_button;
  GtkStack      *content_stack;
  GtkListBox    *entry_list;
  AdwStatusPage *empty_page;

  /* Owned references */
  char          *shift_date;   /* YYYY-MM-DD */
  guint          n_shown;
  gboolean       loaded;       /* the entries are read when the view is first shown */
};

G_DEFINE_FINAL_TYPE (CfDutyLogView, cf_duty_log_view, CF_TYPE_VIEW)

static const char *entry_sql =
  "SELECT e.id, e.created_at, e.category, e.text, e.flagged, "
  "  COALESCE (s.name, u.login, ''), COALESCE (t.code, '') "
  "FROM duty_log_entry e "
  "LEFT JOIN app_user u ON u.id = e.created_by "
  "LEFT JOIN staff s ON s.id = u.staff "
  "LEFT JOIN shift_type t ON t.id = e.shift_type "
  "WHERE e.deleted = 0 AND e.shift_date = ? "
  "ORDER BY e.created_at DESC, e.id DESC";

static CfContext *
get_context (CfDutyLogView *self)
{
  return cf_view_get_context (CF_VIEW (self));
}

static const CfField *
category_field (void)
{
  return cf_kind_lookup_field (cf_registry_lookup ("duty_log_entry"), "category");
}

static gboolean
can_add (CfDutyLogView *self)
{
  CfSession *session = cf_context_get_session (get_context (self));

  return cf_session_is_signed_in (session) &&
         cf_kind_allows (cf_registry_lookup ("duty_log_entry"), CF_OP_CREATE,
                         cf_session_get_role (session));
}

/* The category chosen in the filter; NULL for all of them. */
static const char *
chosen_category (CfDutyLogView *self)
{
  guint selected = gtk_drop_down_get_selected (self->category_filter);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;

  return category_field ()->choices[selected - 1];
}

static GtkWidget *
create_row (const char *id,
            const char *created_at,
            const char *category,
            const char *text,
            gboolean    flagged,
            const char *author,
            const char *shift_code)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *time = cf_list_detail_format_time (created_at);
  g_autofree char *name = g_strdup_printf ("entry-%s", id);
  g_autofree char *subtitle = NULL;
  const char *clock = strlen (time) > 11 ? time + 11 : time;   /* the date is the view's */
  const char *category_label = cf_field_get_value_label (category_field (), category);

  if (shift_code[0] != '\0')
    /* translators: a duty-log entry: its time, shift code, category and author,
     * e.g. “09:30 · E · Equipment · Li Na”
     */
    subtitle = g_strdup_printf (_("%s · %s · %s · %s"), clock, shift_code, category_label,
                                author);
  else
    /* translators: a duty-log entry: its time, category and author, e.g.
     * “09:30 · Equipment · Li Na”
     */
    subtitle = g_strdup_printf (_("%s · %s · %s"), clock, category_label, author);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (flagged)
    {
      GtkWidget *marker = gtk_label_new (_("Carried onto the handover"));

      gtk_widget_set_name (marker, "carried-label");
      gtk_widget_set_valign (marker, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (marker, "warning");
      gtk_widget_add_css_class (marker, "caption-heading");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), marker);
    }

  return row;
}

static void
update_empty_page (CfDutyLogView *self,
                   guint          n_entries)
{
  if (n_entries == 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "document-edit-symbolic");
      adw_status_page_set_title (self->empty_page, _("Nothing Logged This Day"));
      adw_status_page_set_description (self->empty_page,
                                       _("The duty log records what happens during the shifts: "
                                         "equipment faults, incidents, staffing changes, "
                                         "business changes and instructions from above. "
                                         "Flagged entries are carried onto the handover sheet."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "system-search-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Entries in This Category"));
      adw_status_page_set_description (self->empty_page, _("Show another category or all of them."));
    }
}

/* Reads the entries of the date shown again. */
static void
reload (CfDutyLogView *self)
{
  CfStore *store = cf_context_get_store (get_context (self));
  const char *category = chosen_category (self);
  g_autofree char *day = cf_leave_describe_day (self->shift_date);
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStatement) stmt = NULL;
  guint n_entries = 0;
  int step;

  gtk_label_set_text (self->date_label, day);
  gtk_widget_set_visible (self->add_button, can_add (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duty-log.add", can_add (self));

  cf_list_detail_clear_list_box (self->entry_list);
  self->n_shown = 0;

  stmt = cf_store_prepare (store, entry_sql, &error);
  if (stmt == NULL)
    {
      g_warning ("Cannot read the duty log: %s", error->message);
      return;
    }
  sqlite3_bind_text (stmt, 1, self->shift_date, -1, SQLITE_TRANSIENT);
  while ((step = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *entry_category = (const char *) sqlite3_column_text (stmt, 2);

      n_entries++;
      if (category != NULL && g_strcmp0 (category, entry_category) != 0)
        continue;
      gtk_list_box_append (self->entry_list,
                           create_row ((const char *) sqlite3_column_text (stmt, 0),
                                       (const char *) sqlite3_column_text (stmt, 1),
                                       entry_category,
                                       (const char *) sqlite3_column_text (stmt, 3),
                                       sqlite3_column_int (stmt, 4) != 0,
                                       (const char *) sqlite3_column_text (stmt, 5),
                                       (const char *) sqlite3_column_text (stmt, 6)));
      self->n_shown++;
    }
  if (step != SQLITE_DONE)
    g_warning ("Cannot read the duty log: %s", sqlite3_errmsg (cf_store_get_connection (store)));

  update_empty_page (self, n_entries);
  gtk_stack_set_visible_child_name (self->content_stack, self->n_shown > 0 ? "list" : "empty");
}

/* An entry was written here or came from another desktop; names and shift
 * codes shown may change too.
 */
static void
on_store_changed_cb (CfDutyLogView      *self,
                     const char         *kind,
                     const char * const *ids)
{
  if (self->loaded &&
      (g_str_equal (kind, "duty_log_entry") || g_str_equal (kind, "staff") ||
       g_str_equal (kind, "shift_type")))
    reload (self);
}

static void
on_category_filter_changed_cb (CfDutyLogView *self)
{
  if (self->loaded)
    reload (self);
}

static void
move_days (CfDutyLogView *self,
           int            n_days)
{
  GDate day;
  char text[11];

  if (!cf_date_parse (self->shift_date, &day))
    return;
  if (n_days > 0)
    g_date_add_days (&day, n_days);
  else
    g_date_subtract_days (&day, -n_days);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &day);
  cf_duty_log_view_set_date (self, text);
}

static void
previous_day_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  move_days (CF_DUTY_LOG_VIEW (widget), -1);
}

static void
next_day_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  move_days (CF_DUTY_LOG_VIEW (widget), 1);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CfDutyLogView *self = CF_DUTY_LOG_VIEW (widget);
  CfDutyLogDialog *dialog;

  if (!can_add (self))
    return;

  dialog = cf_duty_log_dialog_new (get_context (self), self->shift_date);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject ------------------------------------------------------------------- */

static void
cf_duty_log_view_constructed (GObject *object)
{
  CfDutyLogView *self = (CfDutyLogView *)object;
  const CfField *field = category_field ();
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);

  G_OBJECT_CLASS (cf_duty_log_view_parent_class)->constructed (object);

  gtk_string_list_append (labels, _("All Categories"));
  for (guint i = 0; field->choices[i] != NULL; i++)
    gtk_string_list_append (labels, cf_field_get_choice_label (field, i));
  gtk_drop_down_set_model (self->category_filter, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->category_filter, 0);

  g_signal_connect_object (cf_context_get_store (get_context (self)), "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
cf_duty_log_view_map (GtkWidget *widget)
{
  CfDutyLogView *self = CF_DUTY_LOG_VIEW (widget);

  GTK_WIDGET_CLASS (cf_duty_log_view_parent_class)->map (widget);

  if (!self->loaded)
    {
      self->loaded = TRUE;
      reload (self);
    }
}

static gboolean
cf_duty_log_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (CF_DUTY_LOG_VIEW (widget)->category_filter));
}

static void
cf_duty_log_view_dispose (GObject *object)
{
  CfDutyLogView *self = (CfDutyLogView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_DUTY_LOG_VIEW);
  g_clear_pointer (&self->shift_date, g_free);

  G_OBJECT_CLASS (cf_duty_log_view_parent_class)->dispose (object);
}

static void
cf_duty_log_view_class_init (CfDutyLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_duty_log_view_constructed;
  object_class->dispose = cf_duty_log_view_dispose;
  widget_class->map = cf_duty_log_view_map;
  widget_class->grab_focus = cf_duty_log_view_grab_focus;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX
                                               "/ui/handover/cf-duty-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CfDutyLogView, date_label);
  gtk_widget_class_bind_template_child (widget_class, CfDutyLogView, category_filter);
  gtk_widget_class_bind_template_child (widget_class, CfDutyLogView, add_button);
  gtk_widget_class_bind_template_child (widget_class, CfDutyLogView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CfDutyLogView, entry_list);
  gtk_widget_class_bind_template_child (widget_class, CfDutyLogView, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_category_filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "duty-log.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "duty-log.previous-day", NULL,
                                   previous_day_action);
  gtk_widget_class_install_action (widget_class, "duty-log.next-day", NULL, next_day_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "duty-log.add",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK,
                                       "duty-log.previous-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK,
                                       "duty-log.next-day", NULL);
}

static void
cf_duty_log_view_init (CfDutyLogView *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->shift_date = g_date_time_format (now, "%Y-%m-%d");
}

/* Returns: the shift date shown, as YYYY-MM-DD */
const char *
cf_duty_log_view_get_date (CfDutyLogView *self)
{
  g_return_val_if_fail (CF_IS_DUTY_LOG_VIEW (self), NULL);

  return self->shift_date;
}

/* Shows the entries of @shift_date, a YYYY-MM-DD date. */
void
cf_duty_log_view_set_date (CfDutyLogView *self,
                           const char    *shift_date)
{
  GDate day;

  g_return_if_fail (CF_IS_DUTY_LOG_VIEW (self));
  g_return_if_fail (shift_date != NULL && cf_date_parse (shift_date, &day));

  g_free (self->shift_date);
  self->shift_date = g_strdup (shift_date);
  if (self->loaded)
    reload (self);
}

/* Returns: how many entries the list shows */
guint
cf_duty_log_view_get_n_shown (CfDutyLogView *self)
{
  g_return_val_if_fail (CF_IS_DUTY_LOG_VIEW (self), 0);

  return self->n_shown;
}
