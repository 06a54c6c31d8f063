/* cf-roster-view.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-roster-view"

#include "config.h"

#include "cf-roster-view.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-holidays-dialog.h"
#include "cf-op.h"
#include "cf-roster-export.h"
#include "cf-roster-grid.h"
#include "cf-roster-month.h"
#include "cf-session.h"
#include "cf-shift-types-dialog.h"
#include "cf-staff-directory.h"
#include "cf-store.h"
#include "cf-uuid.h"
#include "cf-window.h"

/* The month's roster (排班表): the grid, month by month, with filters by
 * team and name, a palette of shifts to paint with, and the rule problems
 * of the month in a panel that jumps to each.
 */
struct _CfRosterView
{
  CfView            parent_instance;

  /* Template widgets */
  GtkLabel         *month_label;
  GtkLabel         *status_label;
  GtkSearchEntry   *search_entry;
  GtkDropDown      *team_filter;
  GtkDropDown      *role_filter;
  GtkBox           *palette;
  GtkScrolledWindow *scrolled_window;
  GtkListBox       *problems_list;
  GtkToggleButton  *problems_button;
  GtkListBox       *changes_list;
  GtkToggleButton  *changes_button;
  GtkRevealer      *panel_revealer;
  GtkStack         *panel_stack;

  CfRosterGrid     *grid;
  CfRosterMonth    *month;
  int               year;
  int               month_number;
  GPtrArray        *team_ids;     /* char *, parallel to the team filter; NULL for all */
  GtkWidget        *select_toggle;
  CfRosterRules     rules;
  guint             n_problems;

  GCancellable     *cancellable;
  GtkNativeDialog  *file_chooser;
  GtkPrintOperation *print_operation;
  GtkPrintSettings *print_settings;
  guint             generation;   /* the month's, when rows and palette were made */
};

G_DEFINE_FINAL_TYPE (CfRosterView, cf_roster_view, CF_TYPE_VIEW)

#define MAX_LISTED_ROWS 300

static CfContext *
get_context (CfRosterView *self)
{
  return cf_view_get_context (CF_VIEW (self));
}

/* Filters -------------------------------------------------------------------- */

/* The role filter lists "All Roles", then the roles in CfRole's order. */
static gboolean
row_matches (const CfRosterRow *row,
             const char        *team_id,
             guint              role_choice,
             const char        *folded_search)
{
  g_autofree char *name = NULL;
  CfRole role;

  if (team_id != NULL && g_strcmp0 (row->team_id, team_id) != 0)
    return FALSE;
  if (role_choice > 0 && role_choice <= CF_N_ROLES &&
      (!cf_role_from_string (row->role, &role) || role != role_choice - 1))
    return FALSE;
  if (folded_search == NULL || folded_search[0] == '\0')
    return TRUE;

  name = g_utf8_casefold (row->name, -1);
  return strstr (name, folded_search) != NULL ||
         g_str_has_prefix (row->employee_no, folded_search);
}

static void
apply_filters (CfRosterView *self)
{
  g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *search = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  guint selected = gtk_drop_down_get_selected (self->team_filter);
  const char *team_id = selected < self->team_ids->len ? self->team_ids->pdata[selected] : NULL;
  guint role_choice = gtk_drop_down_get_selected (self->role_filter);

  if (self->month == NULL)
    return;

  g_strstrip (search);
  for (guint i = 0; i < cf_roster_month_get_n_rows (self->month); i++)
    {
      if (row_matches (cf_roster_month_get_row (self->month, i), team_id, role_choice, search))
        g_array_append_val (rows, i);
    }

  cf_roster_grid_set_rows (self->grid, (guint *) rows->data, rows->len);
}

static void
on_filters_changed_cb (CfRosterView *self)
{
  apply_filters (self);
}

/* Refilled when teams come, go or are renamed, keeping the chosen team. */
static void
fill_team_filter (CfRosterView *self)
{
  GListModel *teams = cf_staff_directory_get_teams (cf_context_get_directory (get_context (self)));
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = gtk_drop_down_get_selected (self->team_filter);
  g_autofree char *chosen_id = selected < self->team_ids->len
                               ? g_strdup (self->team_ids->pdata[selected]) : NULL;
  guint chosen = 0;

  g_ptr_array_set_size (self->team_ids, 0);
  gtk_string_list_append (names, _("All Teams"));
  g_ptr_array_add (self->team_ids, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (teams); i++)
    {
      g_autoptr (CfTeam) team = g_list_model_get_item (teams, i);

      if (g_strcmp0 (cf_team_get_id (team), chosen_id) == 0)
        chosen = self->team_ids->len;
      gtk_string_list_append (names, cf_team_get_name (team));
      g_ptr_array_add (self->team_ids, g_strdup (cf_team_get_id (team)));
    }
  gtk_drop_down_set_model (self->team_filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->team_filter, chosen);
}

static void
fill_role_filter (CfRosterView *self)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);

  gtk_string_list_append (names, _("All Roles"));
  for (CfRole role = 0; role < CF_N_ROLES; role++)
    gtk_string_list_append (names, cf_role_get_label (role));
  gtk_drop_down_set_model (self->role_filter, G_LIST_MODEL (names));
}

/* Problems ------------------------------------------------------------------- */

/* A row of the side panel, a problem or a change, jumps to its cell. */
static void
on_panel_row_activated_cb (CfRosterView  *self,
                           GtkListBoxRow *row)
{
  guint month_row = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "month-row"));
  int day = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "day"));

  /* The row may be hidden by a filter: show everyone to reach it. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->team_filter, 0);
  gtk_drop_down_set_selected (self->role_filter, 0);
  apply_filters (self);
  cf_roster_grid_set_cursor (self->grid, month_row, MAX (day, 0), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->grid));
}

static GtkWidget *
create_panel_row (CfRosterView *self,
                  guint         month_row,
                  int           day,
                  const char   *subtitle)
{
  const CfRosterRow *staff = cf_roster_month_get_row (self->month, month_row);
  g_autofree char *title = NULL;
  GtkWidget *row = adw_action_row_new ();

  if (day >= 0)
    {
      g_autofree char *date = cf_roster_month_format_date (self->month, day);

      /* translators: a staff member's name and a date, e.g. “Li Na · 2026-12-03” */
      title = g_strdup_printf (_("%s · %s"), staff->name, date);
    }
  else
    {
      title = g_strdup (staff->name);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "month-row", GUINT_TO_POINTER (month_row));
  g_object_set_data (G_OBJECT (row), "day", GINT_TO_POINTER (day));

  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
show_count (GtkToggleButton *button,
            guint            count,
            const char      *tooltip)
{
  if (count > 0)
    gtk_widget_remove_css_class (GTK_WIDGET (button), "flat");
  else
    gtk_widget_add_css_class (GTK_WIDGET (button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), tooltip);
}

/* The month's problems: counted on every change (a millisecond for 2,000
 * rows), listed only while their panel is open.
 */
static void
refresh_problems (CfRosterView *self)
{
  gboolean listing = gtk_toggle_button_get_active (self->problems_button);
  g_autofree char *tooltip = NULL;
  guint listed = 0, total = 0;

  if (listing)
    clear_list (self->problems_list);

  for (guint r = 0; self->month != NULL && r < cf_roster_month_get_n_rows (self->month); r++)
    {
      g_autoptr (GArray) problems = cf_roster_month_check_row (self->month, &self->rules, r);

      total += problems->len;
      for (guint i = 0; listing && i < problems->len && listed < MAX_LISTED_ROWS; i++, listed++)
        {
          const CfRosterProblem *problem = &g_array_index (problems, CfRosterProblem, i);
          g_autofree char *description = cf_roster_problem_describe (&self->rules, problem);

          gtk_list_box_append (self->problems_list,
                               create_panel_row (self, r, problem->day, description));
        }
    }

  self->n_problems = total;
  tooltip = g_strdup_printf (g_dngettext (NULL, "%u Problem", "%u Problems", total), total);
  show_count (self->problems_button, total, tooltip);
}

/* What changed since the month was published, newest first: counted on
 * every change, listed only while their panel is open.
 */
static void
refresh_changes (CfRosterView *self)
{
  gboolean listing = gtk_toggle_button_get_active (self->changes_button);
  g_autoptr (GArray) changes = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *tooltip = NULL;

  if (listing)
    clear_list (self->changes_list);
  if (self->month == NULL)
    return;

  if (!cf_roster_month_is_published (self->month))
    {
      gtk_toggle_button_set_active (self->changes_button, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->changes_button), FALSE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->changes_button), TRUE);
  changes = cf_roster_month_list_changes (self->month, &error);
  if (changes == NULL)
    {
      g_warning ("Cannot list the roster's changes: %s", error->message);
      return;
    }

  for (guint i = 0; listing && i < MIN (changes->len, MAX_LISTED_ROWS); i++)
    {
      const CfRosterChange *change = &g_array_index (changes, CfRosterChange, i);
      CfRosterCell cell = cf_roster_month_get_cell (self->month, change->row, change->day);
      g_autoptr (GDateTime) utc = g_date_time_new_from_iso8601 (change->changed_at, NULL);
      g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
      /* translators: when a roster cell was changed, as g_date_time_format () writes it */
      g_autofree char *when = local != NULL ? g_date_time_format (local, _("%m-%d %H:%M"))
                                            : g_strdup (change->changed_at);
      g_autofree char *subtitle = NULL;

      if (change->changed_by != NULL)
        /* translators: a change to a published roster: the cell's shift now, who changed it, when */
        subtitle = g_strdup_printf (_("Now %s · by %s · %s"),
                                    cf_roster_month_describe_cell (self->month, cell),
                                    change->changed_by, when);
      else
        /* translators: a change to a published roster: the cell's shift now, and when */
        subtitle = g_strdup_printf (_("Now %s · %s"),
                                    cf_roster_month_describe_cell (self->month, cell), when);
      gtk_list_box_append (self->changes_list,
                           create_panel_row (self, change->row, change->day, subtitle));
    }

  tooltip = g_strdup_printf (g_dngettext (NULL, "%u Change Since Publishing",
                                          "%u Changes Since Publishing", changes->len),
                             changes->len);
  show_count (self->changes_button, changes->len, tooltip);
}

/* The side panel shows the problems or the changes, one at a time. */
static void
on_panel_toggled_cb (CfRosterView    *self,
                     GtkToggleButton *button)
{
  gboolean problems = gtk_toggle_button_get_active (self->problems_button);
  gboolean changes = gtk_toggle_button_get_active (self->changes_button);

  if (problems && changes)
    {
      gtk_toggle_button_set_active (button == self->problems_button ? self->changes_button
                                                                   : self->problems_button,
                                    FALSE);
      return;
    }

  gtk_revealer_set_reveal_child (self->panel_revealer, problems || changes);
  if (problems)
    {
      gtk_stack_set_visible_child_name (self->panel_stack, "problems");
      refresh_problems (self);
    }
  else if (changes)
    {
      gtk_stack_set_visible_child_name (self->panel_stack, "changes");
      refresh_changes (self);
    }
  else
    {
      clear_list (self->problems_list);
      clear_list (self->changes_list);
    }
}

/* Palette -------------------------------------------------------------------- */

static void
on_palette_toggled_cb (GtkToggleButton *button,
                       CfRosterView    *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  cf_roster_grid_set_paint_shift (self->grid,
                                  GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "shift")));
}

static void
fill_palette (CfRosterView *self)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->palette));

  /* Everything after the label goes. */
  child = child != NULL ? gtk_widget_get_next_sibling (child) : NULL;
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      gtk_box_remove (self->palette, child);
      child = next;
    }

  self->select_toggle = gtk_toggle_button_new_with_label (_("Select"));
  gtk_widget_set_name (self->select_toggle, "paint-none");
  gtk_widget_set_tooltip_text (self->select_toggle, _("Dragging selects cells"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->select_toggle), TRUE);
  g_signal_connect (self->select_toggle, "toggled", G_CALLBACK (on_palette_toggled_cb), self);
  gtk_box_append (self->palette, self->select_toggle);

  for (guint i = 1; self->month != NULL && i <= cf_roster_month_get_n_shift_types (self->month); i++)
    {
      const CfRosterShiftType *type = cf_roster_month_get_shift_type (self->month, i);
      g_autofree char *label = NULL;
      g_autofree char *name = g_strdup_printf ("paint-%s", type->code);
      GtkWidget *button;

      if (!type->active)
        continue;
      /* translators: a shift in the palette: its code and name, e.g. “E Early” */
      label = g_strdup_printf (_("%s %s"), type->code, type->name);
      button = gtk_toggle_button_new_with_label (label);
      gtk_widget_set_name (button, name);
      gtk_widget_set_tooltip_text (button, _("Dragging paints this shift"));
      gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button),
                                   GTK_TOGGLE_BUTTON (self->select_toggle));
      g_object_set_data (G_OBJECT (button), "shift", GUINT_TO_POINTER (i));
      g_signal_connect (button, "toggled", G_CALLBACK (on_palette_toggled_cb), self);
      gtk_box_append (self->palette, button);
    }

  cf_roster_grid_set_paint_shift (self->grid, 0);
}

/* Publishing ------------------------------------------------------------------ */

/* The month's publication is one record, named by its month: publishing
 * again, here or on another desktop, changes that record.
 */
static void
publish (CfRosterView *self)
{
  CfContext *context = get_context (self);
  CfSession *session = cf_context_get_session (context);
  g_autoptr (JsonObject) values = json_object_new ();
  g_autoptr (JsonObject) existing = NULL;
  g_autoptr (CfOp) op = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *month = g_strdup_printf ("%04d-%02d", self->year, self->month_number);
  g_autofree char *now = cf_utc_now_iso ();

  json_object_set_string_member (values, "month", month);
  op = cf_op_new_create ("roster_month", values);
  existing = cf_store_get_record (cf_context_get_store (context), "roster_month",
                                  cf_op_get_record_id (op), NULL);
  json_object_set_string_member (values, "status", "published");
  json_object_set_string_member (values, "published_by", cf_session_get_user_id (session));
  json_object_set_string_member (values, "published_at", now);
  json_object_set_int_member (values, "published_problems", self->n_problems);
  if (existing != NULL)
    {
      const char *id = json_object_get_string_member (existing, "id");

      json_object_remove_member (values, "month");
      g_clear_pointer (&op, cf_op_unref);
      op = cf_op_new_patch ("roster_month", id, values);
    }

  if (!cf_store_apply (cf_context_get_store (context), cf_session_get_user_id (session), &op, 1,
                       &error))
    {
      cf_window_show_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }

  cf_window_show_toast (GTK_WIDGET (self), adw_toast_new (_("Roster published")));
}

static void
on_publish_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        CfRosterView     *self)
{
  if (g_str_equal (response, "publish"))
    publish (self);
}

/* Publishing with problems asks first; the count is recorded with it. */
static void
publish_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CfRosterView *self = CF_ROSTER_VIEW (widget);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->month == NULL)
    return;
  if (self->n_problems == 0)
    {
      publish (self);
      return;
    }

  body = g_strdup_printf (g_dngettext (NULL,
                                       "The roster has %u problem. Publish it anyway? That it was "
                                       "published with it is recorded.",
                                       "The roster has %u problems. Publish it anyway? That it "
                                       "was published with them is recorded.",
                                       self->n_problems),
                          self->n_problems);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Publish With Problems?"), body);
  gtk_widget_set_name (dialog, "publish-dialog");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "publish", _("_Publish"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "publish",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_publish_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Rules ------------------------------------------------------------------------ */

/* The rules come from Preferences and follow them. */
static void
read_rules (CfRosterView *self)
{
  GSettings *settings = cf_context_get_settings (get_context (self));

  cf_roster_rules_init (&self->rules);
  if (settings != NULL)
    {
      self->rules.min_rest_minutes = 60 * g_settings_get_int (settings, "roster-min-rest-hours");
      self->rules.max_consecutive_days = g_settings_get_int (settings,
                                                             "roster-max-consecutive-days");
      self->rules.max_week_minutes = 60 * g_settings_get_int (settings, "roster-max-week-hours");
      self->rules.month_tolerance_minutes = 60 * g_settings_get_int (settings,
                                                                     "roster-month-tolerance-hours");
    }
}

static void
on_rules_changed_cb (CfRosterView *self,
                     const char   *key)
{
  if (!g_str_has_prefix (key, "roster-"))
    return;

  read_rules (self);
  cf_roster_grid_set_rules (self->grid, &self->rules);
  if (self->month != NULL)
    refresh_problems (self);
}

/* Filling -------------------------------------------------------------------- */

static void
copy_previous_week_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CfRosterView *self = CF_ROSTER_VIEW (widget);

  cf_roster_grid_copy_previous_week (self->grid);
  gtk_widget_grab_focus (GTK_WIDGET (self->grid));
}

static void
copy_previous_month_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  CfRosterView *self = CF_ROSTER_VIEW (widget);

  cf_roster_grid_copy_previous_month (self->grid);
  gtk_widget_grab_focus (GTK_WIDGET (self->grid));
}

static void
on_rotation_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         CfRosterView     *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  if (g_str_equal (response, "apply"))
    cf_roster_grid_apply_pattern (self->grid, gtk_editable_get_text (entry));
  gtk_widget_grab_focus (GTK_WIDGET (self->grid));
}

/* A rotation such as 早早中中晚晚休休, typed once, fills the selected
 * rows from the first selected day to the end of the month.
 */
static void
apply_rotation_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CfRosterView *self = CF_ROSTER_VIEW (widget);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *dialog;

  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_widget_set_name (entry, "rotation-entry");
  /* translators: an example rotation, in the default shift codes */
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("E E M M L L O O"));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Apply a Rotation"),
                                   _("Type the shift codes in the order they repeat. They fill "
                                     "the selected staff from the first selected day to the end "
                                     "of the month."));
  gtk_widget_set_name (dialog, "rotation-dialog");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "apply", _("_Apply"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rotation_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Roster settings -------------------------------------------------------------- */

/* The shift types and holidays the roster is planned with; everyone sees
 * them, managers change them (the dialogs say which).
 */
static void
present_dialog (CfRosterView *self,
                GtkWindow    *dialog)
{
  gtk_window_set_transient_for (dialog, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (dialog);
}

static void
shift_types_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CfRosterView *self = CF_ROSTER_VIEW (widget);

  present_dialog (self, GTK_WINDOW (cf_shift_types_dialog_new (get_context (self))));
}

static void
holidays_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CfRosterView *self = CF_ROSTER_VIEW (widget);

  present_dialog (self, GTK_WINDOW (cf_holidays_dialog_new (get_context (self))));
}

/* Printing and exporting --------------------------------------------------------- */

/* The rows shown, as the filters left them, are what is printed or saved. */
static CfRosterExport *
create_export (CfRosterView *self)
{
  guint n_rows;
  const guint *rows = cf_roster_grid_get_rows (self->grid, &n_rows);

  return cf_roster_export_new (self->month, cf_context_get_directory (get_context (self)), rows,
                               n_rows);
}

static void
show_export_error (CfRosterView *self,
                   const char   *heading,
                   const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, error->message);

  gtk_widget_set_name (dialog, "export-error-dialog");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_print_done_cb (GtkPrintOperation       *operation,
                  GtkPrintOperationResult  result,
                  CfRosterView            *self)
{
  g_autoptr (GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    g_set_object (&self->print_settings, gtk_print_operation_get_print_settings (operation));
  if (result != GTK_PRINT_OPERATION_RESULT_ERROR)
    return;

  gtk_print_operation_get_error (operation, &error);
  if (error != NULL)
    show_export_error (self, _("Cannot Print the Roster"), error);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CfRosterView *self = CF_ROSTER_VIEW (widget);
  g_autoptr (CfRosterExport) export = NULL;
  g_autoptr (GtkPrintOperation) operation = NULL;

  if (self->month == NULL)
    return;

  export = create_export (self);
  operation = cf_roster_export_new_print_operation (export);
  g_object_set_data_full (G_OBJECT (operation), "export", g_object_ref (export), g_object_unref);
  if (self->print_settings != NULL)
    gtk_print_operation_set_print_settings (operation, self->print_settings);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (on_print_done_cb), self, 0);
  g_set_object (&self->print_operation, operation);
  /* Errors, and everything after the dialog, come to ::done. */
  gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                           GTK_WINDOW (gtk_widget_get_root (widget)), NULL);
}

static const struct
{
  const char           *name;
  CfRosterExportFormat  format;
} export_formats[] = {
  { "pdf-a4", CF_ROSTER_EXPORT_PDF_A4 },
  { "pdf-a3", CF_ROSTER_EXPORT_PDF_A3 },
  { "xlsx", CF_ROSTER_EXPORT_XLSX },
  { "csv", CF_ROSTER_EXPORT_CSV },
};

static GtkFileFilter *
create_export_filter (CfRosterExportFormat format)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  switch (format)
    {
    case CF_ROSTER_EXPORT_XLSX:
      gtk_file_filter_set_name (filter, _("Spreadsheets"));
      gtk_file_filter_add_mime_type (filter, "application/vnd.openxmlformats-officedocument."
                                             "spreadsheetml.sheet");
      gtk_file_filter_add_suffix (filter, "xlsx");
      break;
    case CF_ROSTER_EXPORT_CSV:
      gtk_file_filter_set_name (filter, _("CSV Files"));
      gtk_file_filter_add_mime_type (filter, "text/csv");
      gtk_file_filter_add_suffix (filter, "csv");
      break;
    case CF_ROSTER_EXPORT_PDF_A4:
    case CF_ROSTER_EXPORT_PDF_A3:
    default:
      gtk_file_filter_set_name (filter, _("PDF Documents"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
      gtk_file_filter_add_suffix (filter, "pdf");
      break;
    }

  return filter;
}

typedef struct
{
  CfRosterView *self;
  GFile        *file;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_object_unref (job->self);
  g_object_unref (job->file);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportJob, export_job_free)

static void
on_export_written_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (ExportJob) job = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *title = NULL;

  if (!cf_roster_export_write_finish (CF_ROSTER_EXPORT (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_export_error (job->self, _("Roster Not Saved"), error);
      return;
    }

  basename = g_file_get_basename (job->file);
  /* translators: %s is a file name */
  title = g_strdup_printf (_("Roster saved as “%s”"), basename);
  cf_window_show_toast (GTK_WIDGET (job->self), adw_toast_new (title));
}

static void
write_export (CfRosterView         *self,
              CfRosterExport       *export,
              CfRosterExportFormat  format,
              GFile                *file)
{
  ExportJob *job = g_new0 (ExportJob, 1);

  job->self = g_object_ref (self);
  job->file = g_object_ref (file);
  cf_roster_export_write_async (export, format, file, self->cancellable, on_export_written_cb, job);
}

static void
on_export_chooser_response_cb (CfRosterView         *self,
                               int                   response,
                               GtkFileChooserNative *chooser)
{
  g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  CfRosterExport *export = g_object_get_data (G_OBJECT (chooser), "export");
  CfRosterExportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "format"));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    write_export (self, export, format, file);
  g_clear_object (&self->file_chooser);
}

/* @parameter: “pdf-a4”, “pdf-a3”, “xlsx” or “csv” */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CfRosterView *self = CF_ROSTER_VIEW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  g_autoptr (CfRosterExport) export = NULL;
  g_autoptr (GtkFileFilter) filter = NULL;
  g_autofree char *suggested = NULL;
  GtkFileChooserNative *chooser;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (export_formats); i++)
    if (g_str_equal (name, export_formats[i].name))
      break;
  g_return_if_fail (i < G_N_ELEMENTS (export_formats));
  if (self->month == NULL)
    return;

  export = create_export (self);
  suggested = cf_roster_export_get_suggested_name (export, export_formats[i].format);
  filter = create_export_filter (export_formats[i].format);
  chooser = gtk_file_chooser_native_new (_("Export Roster"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data_full (G_OBJECT (chooser), "export", g_steal_pointer (&export), g_object_unref);
  g_object_set_data (G_OBJECT (chooser), "format", GINT_TO_POINTER (export_formats[i].format));
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_object (&self->file_chooser, GTK_NATIVE_DIALOG (chooser));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
}

/* Months ---------------------------------------------------------------------- */

static void
on_month_changed_cb (CfRosterView *self)
{
  /* Read again as a whole: staff or shift types may have come or gone. */
  if (cf_roster_month_get_generation (self->month) != self->generation)
    {
      self->generation = cf_roster_month_get_generation (self->month);
      fill_palette (self);
      apply_filters (self);
    }

  gtk_label_set_text (self->status_label, cf_roster_month_is_published (self->month)
                                            ? _("Published") : _("Draft"));
  refresh_problems (self);
  refresh_changes (self);
}

static void
show_month (CfRosterView *self,
            int           year,
            int           month_number)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfRosterMonth) month = NULL;
  g_autoptr (GDateTime) first = NULL;
  g_autofree char *title = NULL;

  month = cf_roster_month_new (cf_context_get_store (get_context (self)), year, month_number,
                               &error);
  if (month == NULL)
    {
      cf_window_show_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }

  if (self->month != NULL)
    g_signal_handlers_disconnect_by_func (self->month, on_month_changed_cb, self);
  g_set_object (&self->month, month);
  g_signal_connect_swapped (self->month, "changed", G_CALLBACK (on_month_changed_cb), self);
  self->year = year;
  self->month_number = month_number;

  first = g_date_time_new_local (year, month_number, 1, 0, 0, 0);
  /* translators: the roster's month, as g_date_time_format () writes it, e.g. “2026年12月” */
  title = g_date_time_format (first, _("%B %Y"));
  gtk_label_set_text (self->month_label, title);

  cf_roster_grid_set_month (self->grid, month);
  self->generation = cf_roster_month_get_generation (month);
  fill_palette (self);
  apply_filters (self);
  on_month_changed_cb (self);
}

static void
step_month (CfRosterView *self,
            int           step)
{
  int index = self->year * 12 + (self->month_number - 1) + step;

  show_month (self, index / 12, index % 12 + 1);
}

static void
previous_month_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  step_month (CF_ROSTER_VIEW (widget), -1);
}

static void
next_month_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  step_month (CF_ROSTER_VIEW (widget), 1);
}

static void
cf_roster_view_constructed (GObject *object)
{
  CfRosterView *self = CF_ROSTER_VIEW (object);

  G_OBJECT_CLASS (cf_roster_view_parent_class)->constructed (object);

  self->grid = CF_ROSTER_GRID (cf_roster_grid_new (get_context (self)));
  gtk_widget_set_name (GTK_WIDGET (self->grid), "roster-grid");
  gtk_scrolled_window_set_child (self->scrolled_window, GTK_WIDGET (self->grid));
  read_rules (self);
  cf_roster_grid_set_rules (self->grid, &self->rules);
  if (cf_context_get_settings (get_context (self)) != NULL)
    g_signal_connect_object (cf_context_get_settings (get_context (self)), "changed",
                             G_CALLBACK (on_rules_changed_cb), self, G_CONNECT_SWAPPED);

  fill_team_filter (self);
  g_signal_connect_object (cf_staff_directory_get_teams (cf_context_get_directory (get_context (self))),
                           "items-changed", G_CALLBACK (fill_team_filter), self,
                           G_CONNECT_SWAPPED);
  fill_role_filter (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.publish",
                                 cf_session_can (cf_context_get_session (get_context (self)),
                                                 "roster_month", CF_OP_PATCH));
}

/* A month is read when the view is first shown, not when the window is
 * made: the window opens as fast with or without a roster.
 */
static void
cf_roster_view_map (GtkWidget *widget)
{
  CfRosterView *self = CF_ROSTER_VIEW (widget);

  GTK_WIDGET_CLASS (cf_roster_view_parent_class)->map (widget);

  if (self->month == NULL)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();

      show_month (self, g_date_time_get_year (now), g_date_time_get_month (now));
    }
}

static void
cf_roster_view_dispose (GObject *object)
{
  CfRosterView *self = (CfRosterView *)object;

  if (self->month != NULL)
    g_signal_handlers_disconnect_by_func (self->month, on_month_changed_cb, self);
  g_clear_object (&self->month);
  g_clear_pointer (&self->team_ids, g_ptr_array_unref);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (self->file_chooser);
  g_clear_object (&self->file_chooser);
  g_clear_object (&self->print_operation);
  g_clear_object (&self->print_settings);

  G_OBJECT_CLASS (cf_roster_view_parent_class)->dispose (object);
}

static void
cf_roster_view_class_init (CfRosterViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_roster_view_constructed;
  object_class->dispose = cf_roster_view_dispose;
  widget_class->map = cf_roster_view_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/roster/cf-roster-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CfRosterView, month_label);
  gtk_widget_class_bind_template_child (widget_class, CfRosterView, status_label);
  gtk_widget_class_bind_template_child (widget_class, CfRosterView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CfRosterView, team_filter);
  gtk_widget_class_bind_template_child (widget_class, CfRosterView, role_filter);
  gtk_widget_class_bind_template_child (widget_class, CfRosterView, palette);
  gtk_widget_class_bind_template_child (widget_class, CfRosterView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, CfRosterView, problems_list);
  gtk_widget_class_bind_template_child (widget_class, CfRosterView, problems_button);
  gtk_widget_class_bind_template_child (widget_class, CfRosterView, changes_list);
  gtk_widget_class_bind_template_child (widget_class, CfRosterView, changes_button);
  gtk_widget_class_bind_template_child (widget_class, CfRosterView, panel_revealer);
  gtk_widget_class_bind_template_child (widget_class, CfRosterView, panel_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_panel_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_panel_toggled_cb);

  gtk_widget_class_install_action (widget_class, "roster.previous-month", NULL,
                                   previous_month_action);
  gtk_widget_class_install_action (widget_class, "roster.next-month", NULL, next_month_action);
  gtk_widget_class_install_action (widget_class, "roster.publish", NULL, publish_action);
  gtk_widget_class_install_action (widget_class, "roster.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "roster.export", "s", export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "roster.print", NULL);
  gtk_widget_class_install_action (widget_class, "roster.copy-previous-week", NULL,
                                   copy_previous_week_action);
  gtk_widget_class_install_action (widget_class, "roster.copy-previous-month", NULL,
                                   copy_previous_month_action);
  gtk_widget_class_install_action (widget_class, "roster.apply-rotation", NULL,
                                   apply_rotation_action);
  gtk_widget_class_install_action (widget_class, "roster.shift-types", NULL, shift_types_action);
  gtk_widget_class_install_action (widget_class, "roster.holidays", NULL, holidays_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK,
                                       "roster.previous-month", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK,
                                       "roster.next-month", NULL);
}

static void
cf_roster_view_init (CfRosterView *self)
{
  self->team_ids = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
  cf_roster_rules_init (&self->rules);
  gtk_widget_init_template (GTK_WIDGET (self));
}

CfRosterGrid *
cf_roster_view_get_grid (CfRosterView *self)
{
  g_return_val_if_fail (CF_IS_ROSTER_VIEW (self), NULL);

  return self->grid;
}

/* Shows another month: @month_number is 1 to 12. */
void
cf_roster_view_show_month (CfRosterView *self,
                           int           year,
                           int           month_number)
{
  g_return_if_fail (CF_IS_ROSTER_VIEW (self));

  show_month (self, year, month_number);
}

/**
 * cf_roster_view_export_file:
 *
 * Saves the rows shown as @format to @file, in a thread, as the Export
 * menu does once a file is chosen; a toast says it is done, a dialog that
 * it failed.
 */
void
cf_roster_view_export_file (CfRosterView         *self,
                            CfRosterExportFormat  format,
                            GFile                *file)
{
  g_autoptr (CfRosterExport) export = NULL;

  g_return_if_fail (CF_IS_ROSTER_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->month == NULL)
    return;

  export = create_export (self);
  write_export (self, export, format, file);
}
