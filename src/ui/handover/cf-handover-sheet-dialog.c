/* cf-handover-sheet-dialog.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-handover-sheet-dialog"

#include "config.h"

#include "cf-handover-sheet-dialog.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-form.h"
#include "cf-handover.h"
#include "cf-registry.h"
#include "cf-roster-month.h"
#include "cf-session.h"
#include "cf-shift-type.h"
#include "cf-store.h"
#include "cf-window.h"

/* Starts a handover sheet: the signed-in lead hands over their shift of a
 * date to the next shift and its lead. The sheet is pre-filled from what
 * the database knows (cf_handover_prefill ()); the lead goes through it in
 * the Handover view before signing.
 */

typedef struct
{
  GtkWindow          *window;
  CfContext          *context;
  GWeakRef            owner;
  CfSheetCreatedFunc  created;
  AdwEntryRow        *date_row;
  AdwComboRow        *outgoing_row;
  AdwComboRow        *incoming_row;
  AdwComboRow        *lead_row;
  GtkLabel           *problem_label;
  GtkWidget          *create_button;
  GPtrArray          *shift_ids;
  GArray             *shift_starts;
  GPtrArray          *lead_ids;
} SheetDialog;

static void
sheet_dialog_free (SheetDialog *data)
{
  g_weak_ref_clear (&data->owner);
  g_clear_object (&data->context);
  g_clear_pointer (&data->shift_ids, g_ptr_array_unref);
  g_clear_pointer (&data->shift_starts, g_array_unref);
  g_clear_pointer (&data->lead_ids, g_ptr_array_unref);
  g_free (data);
}

static const char *
chosen (AdwComboRow *row,
        GPtrArray   *ids)
{
  guint selected = adw_combo_row_get_selected (row);

  return ids != NULL && selected < ids->len ? ids->pdata[selected] : NULL;
}

/* Whether the shift has handed over on @date already: one sheet each. */
static gboolean
sheet_exists (SheetDialog *data,
              const char  *date,
              const char  *outgoing)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (cf_context_get_store (data->context),
                      "SELECT 1 FROM handover_sheet WHERE deleted = 0 AND shift_date = ? "
                      "AND outgoing_shift_type = ? LIMIT 1", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_TRANSIENT);

  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* What keeps the sheet from being made; NULL when nothing does. */
static const char *
problem_of (SheetDialog *data)
{
  GDate date;
  g_autofree char *text = cf_form_get_text (GTK_EDITABLE (data->date_row));
  const char *outgoing = chosen (data->outgoing_row, data->shift_ids);
  const char *incoming = chosen (data->incoming_row, data->shift_ids);

  if (!cf_date_parse (text, &date))
    return _("Enter the date as YYYY-MM-DD, e.g. 2026-11-23.");
  if (outgoing == NULL || incoming == NULL)
    return _("Choose the shift handing over and the shift taking over.");
  if (g_str_equal (outgoing, incoming))
    return _("A shift hands over to another shift.");
  if (chosen (data->lead_row, data->lead_ids) == NULL)
    return _("Choose the incoming lead; there is no one else who leads shifts.");
  if (sheet_exists (data, text, outgoing))
    return _("This shift already has a handover sheet for that day; it is in the list.");

  return NULL;
}

static void
on_input_changed_cb (SheetDialog *data)
{
  const char *problem = problem_of (data);

  cf_form_show_problem (data->problem_label, problem);
  gtk_widget_set_sensitive (data->create_button, problem == NULL);
}

static void
on_create_clicked_cb (SheetDialog *data)
{
  CfStore *store = cf_context_get_store (data->context);
  const char *user_id = cf_session_get_user_id (cf_context_get_session (data->context));
  g_autofree char *date = cf_form_get_text (GTK_EDITABLE (data->date_row));
  const char *outgoing = chosen (data->outgoing_row, data->shift_ids);
  g_autofree char *content = NULL;
  g_autofree char *sheet_id = NULL;
  g_autoptr (GObject) owner = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CfOp) op = NULL;

  if (problem_of (data) != NULL)
    return;

  content = cf_handover_prefill (store, date, outgoing, &error);
  if (content == NULL)
    {
      cf_form_show_problem (data->problem_label, error->message);
      return;
    }
  op = cf_handover_new_sheet (date, outgoing, chosen (data->incoming_row, data->shift_ids),
                              user_id, chosen (data->lead_row, data->lead_ids), content);
  sheet_id = g_strdup (cf_op_get_record_id (op));
  if (!cf_store_apply (store, user_id, &op, 1, &error))
    {
      cf_form_show_problem (data->problem_label, error->message);
      return;
    }

  owner = g_weak_ref_get (&data->owner);
  if (owner != NULL)
    data->created (owner, sheet_id);
  cf_window_show_toast (GTK_WIDGET (data->window),
                        adw_toast_new (_("Handover sheet started; check each item before signing")));
  gtk_window_destroy (data->window);
}

/* The shift running now, or the last one to have started today. */
static guint
current_shift (SheetDialog *data)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  int minute = g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now);
  guint best = 0;
  int best_start = -1;

  for (guint i = 0; i < data->shift_starts->len; i++)
    {
      int start = g_array_index (data->shift_starts, int, i);

      if (start <= minute && start > best_start)
        {
          best = i;
          best_start = start;
        }
    }

  return best;
}

/* The shift that starts next after @shift, the first of the day after the
 * last.
 */
static guint
next_shift (SheetDialog *data,
            guint        shift)
{
  int start = g_array_index (data->shift_starts, int, shift);
  guint next = shift, first = shift;

  for (guint i = 0; i < data->shift_starts->len; i++)
    {
      int other = g_array_index (data->shift_starts, int, i);

      if (other < g_array_index (data->shift_starts, int, first))
        first = i;
      if (other > start &&
          (next == shift || other < g_array_index (data->shift_starts, int, next)))
        next = i;
    }

  return next != shift ? next : first;
}

static void
fill_shifts (SheetDialog *data)
{
  g_autoptr (GPtrArray) types = NULL;
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr (GError) error = NULL;

  data->shift_ids = g_ptr_array_new_with_free_func (g_free);
  data->shift_starts = g_array_new (FALSE, FALSE, sizeof (int));
  types = cf_shift_type_list (cf_context_get_store (data->context), &error);
  if (types == NULL)
    g_warning ("Cannot list the shift types: %s", error->message);
  for (guint i = 0; types != NULL && i < types->len; i++)
    {
      CfRosterShiftType *type = types->pdata[i];
      g_autofree char *label = NULL;

      if (!type->active || !type->times.counts_as_work)
        continue;
      /* translators: a shift: its code and name, e.g. “E Early” */
      label = g_strdup_printf (_("%s %s"), type->code, type->name);
      gtk_string_list_append (labels, label);
      g_ptr_array_add (data->shift_ids, g_strdup (type->id));
      g_array_append_val (data->shift_starts, type->times.start_minute);
    }

  adw_combo_row_set_model (data->outgoing_row, G_LIST_MODEL (labels));
  adw_combo_row_set_model (data->incoming_row, G_LIST_MODEL (labels));
  if (data->shift_ids->len > 0)
    {
      guint current = current_shift (data);

      adw_combo_row_set_selected (data->outgoing_row, current);
      adw_combo_row_set_selected (data->incoming_row, next_shift (data, current));
    }
}

/**
 * cf_handover_lead_choices:
 * @except_user_id: the one not to offer (who hands over)
 * @ids: (out) (transfer full): the accounts' ids, in the list's order
 *
 * Everyone else who may take over a shift, by name, for a drop-down.
 *
 * Returns: (transfer full): their names
 */
GtkStringList *
cf_handover_lead_choices (CfStore     *store,
                          const char  *except_user_id,
                          GPtrArray  **ids)
{
  GtkStringList *labels = gtk_string_list_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store,
                      "SELECT u.id, s.name, s.role FROM app_user u JOIN staff s ON s.id = u.staff "
                      "WHERE u.deleted = 0 AND u.active = 1 AND s.deleted = 0 AND s.active = 1 "
                      "AND u.id != ? ORDER BY s.name, u.id", &error);

  *ids = g_ptr_array_new_with_free_func (g_free);
  if (stmt == NULL)
    {
      g_warning ("Cannot list the shift leads: %s", error->message);
      return labels;
    }
  sqlite3_bind_text (stmt, 1, except_user_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CfRole role;

      /* Those whose role leads shifts, as the store checks it. */
      if (!cf_role_from_string ((const char *) sqlite3_column_text (stmt, 2), &role) ||
          (CF_ROLES_ROSTER & CF_ROLE_BIT (role)) == 0)
        continue;
      g_ptr_array_add (*ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      gtk_string_list_append (labels, (const char *) sqlite3_column_text (stmt, 1));
    }

  return labels;
}

static void
fill_leads (SheetDialog *data)
{
  g_autoptr (GtkStringList) labels =
    cf_handover_lead_choices (cf_context_get_store (data->context),
                              cf_session_get_user_id (cf_context_get_session (data->context)),
                              &data->lead_ids);

  adw_combo_row_set_model (data->lead_row, G_LIST_MODEL (labels));
}

static GtkWidget *
add_combo (GtkWidget  *group,
           const char *name,
           const char *title)
{
  GtkWidget *row = adw_combo_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  return row;
}

/**
 * cf_handover_sheet_dialog_present:
 * @owner: the widget the dialog is for; @created is called for it
 *
 * Shows the dialog that starts a handover sheet, the signed-in user being
 * the outgoing lead.
 */
void
cf_handover_sheet_dialog_present (GtkWidget          *owner,
                                  CfContext          *context,
                                  CfSheetCreatedFunc  created)
{
  SheetDialog *data = g_new0 (SheetDialog, 1);
  GtkWidget *window = adw_window_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *create = gtk_button_new_with_mnemonic (_("C_reate"));
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *problem_group = adw_preferences_group_new ();
  GtkWidget *date_row = adw_entry_row_new ();
  GtkWidget *problem = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT,
                                     NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  data->window = GTK_WINDOW (window);
  data->context = g_object_ref (context);
  g_weak_ref_init (&data->owner, owner);
  data->created = created;
  data->create_button = create;
  g_object_set_data_full (G_OBJECT (window), "cf-handover-sheet-dialog", data,
                          (GDestroyNotify) sheet_dialog_free);

  gtk_widget_set_name (window, "handover-sheet-dialog");
  gtk_window_set_title (GTK_WINDOW (window), _("New Handover Sheet"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (owner)));
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 440);

  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  gtk_widget_set_name (create, "create-sheet-button");
  gtk_widget_add_css_class (create, "suggested-action");
  g_signal_connect_swapped (create, "clicked", G_CALLBACK (on_create_clicked_cb), data);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), create);
  gtk_box_append (GTK_BOX (content), header);

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("You hand over as the outgoing lead. The sheet starts "
                                           "with the open escalations and rush repairs, the "
                                           "flagged duty-log entries, the day’s instructions "
                                           "and staffing changes; keep, remove or annotate "
                                           "each item before you sign."));
  gtk_widget_set_name (date_row, "date-row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (date_row), _("Date"));
  gtk_editable_set_text (GTK_EDITABLE (date_row), today);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), date_row);
  data->date_row = ADW_ENTRY_ROW (date_row);
  data->outgoing_row = ADW_COMBO_ROW (add_combo (group, "outgoing-shift-row", _("Handing over")));
  data->incoming_row = ADW_COMBO_ROW (add_combo (group, "incoming-shift-row", _("Taking over")));
  data->lead_row = ADW_COMBO_ROW (add_combo (group, "incoming-lead-row", _("Incoming lead")));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  gtk_widget_set_name (problem, "problem-label");
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_widget_add_css_class (problem, "error");
  data->problem_label = GTK_LABEL (problem);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (problem_group), problem);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (problem_group));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (content), page);

  fill_shifts (data);
  fill_leads (data);
  g_signal_connect_swapped (date_row, "changed", G_CALLBACK (on_input_changed_cb), data);
  g_signal_connect_swapped (date_row, "entry-activated", G_CALLBACK (on_create_clicked_cb), data);
  g_signal_connect_swapped (data->outgoing_row, "notify::selected",
                            G_CALLBACK (on_input_changed_cb), data);
  g_signal_connect_swapped (data->incoming_row, "notify::selected",
                            G_CALLBACK (on_input_changed_cb), data);
  g_signal_connect_swapped (data->lead_row, "notify::selected",
                            G_CALLBACK (on_input_changed_cb), data);
  cf_form_add_close_shortcut (window);

  adw_window_set_content (ADW_WINDOW (window), content);
  on_input_changed_cb (data);
  gtk_window_present (GTK_WINDOW (window));
}
