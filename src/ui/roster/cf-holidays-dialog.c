/* cf-holidays-dialog.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-holidays-dialog"

#include "config.h"

#include "cf-holidays-dialog.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-form.h"
#include "cf-holiday.h"
#include "cf-holiday-dialog.h"
#include "cf-holiday-import.h"
#include "cf-session.h"
#include "cf-store.h"

/* The holiday calendar of one year at a time: the public holidays, and the
 * weekend days worked instead of them (调休上班), which the roster marks.
 * Supervisors and deputies add, change and delete days, or import the
 * year's calendar from a CSV file; everyone else sees it.
 */
struct _CfHolidaysDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *add_button;
  GtkWidget            *import_button;
  GtkLabel             *year_label;
  GtkStack             *content_stack;
  AdwPreferencesPage   *page;
  AdwPreferencesGroup  *group;
  AdwStatusPage        *empty_page;

  /* Owned references */
  CfContext            *context;
  GPtrArray            *holidays;       /* CfHoliday, as listed */
  GPtrArray            *month_groups;   /* AdwPreferencesGroup, a month each */
  GCancellable         *cancellable;
  GtkNativeDialog      *file_chooser;
  int                   year;
};

G_DEFINE_FINAL_TYPE (CfHolidaysDialog, cf_holidays_dialog, ADW_TYPE_WINDOW)

static gboolean
can_change (CfHolidaysDialog *self)
{
  return cf_session_can (cf_context_get_session (self->context), "holiday", CF_OP_PATCH);
}

static void
show_toast (CfHolidaysDialog   *self,
            const char         *title,
            const char * const *op_ids)
{
  adw_toast_overlay_add_toast (self->toast_overlay,
                               cf_form_new_toast (title, "holidays.undo", op_ids));
}

/* Rows ------------------------------------------------------------------------ */

static GDateTime *
parse_date (const char *date)
{
  int year, month, day;

  if (sscanf (date, "%d-%d-%d", &year, &month, &day) != 3)
    return NULL;

  return g_date_time_new_local (year, month, day, 12, 0, 0);
}

static void
edit_holiday (CfHolidaysDialog *self,
              const CfHoliday  *holiday);

static const CfHoliday *
holiday_of_button (CfHolidaysDialog *self,
                   GtkWidget        *button)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  return index < self->holidays->len ? self->holidays->pdata[index] : NULL;
}

static void
on_edit_clicked_cb (GtkButton        *button,
                    CfHolidaysDialog *self)
{
  const CfHoliday *holiday = holiday_of_button (self, GTK_WIDGET (button));

  if (holiday != NULL)
    edit_holiday (self, holiday);
}

static void
on_delete_clicked_cb (GtkButton        *button,
                      CfHolidaysDialog *self)
{
  const CfHoliday *holiday = holiday_of_button (self, GTK_WIDGET (button));
  CfSession *session = cf_context_get_session (self->context);
  g_autoptr (CfOp) op = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  const char *op_ids[2] = { NULL, NULL };

  if (holiday == NULL)
    return;

  op = cf_op_new_delete ("holiday", holiday->id);
  /* translators: %s is the name of a holiday, then its date */
  title = g_strdup_printf (_("“%s” on %s was deleted"), holiday->name, holiday->date);
  if (!cf_store_apply (cf_context_get_store (self->context), cf_session_get_user_id (session),
                       &op, 1, &error))
    {
      show_toast (self, error->message, NULL);
      return;
    }

  op_ids[0] = cf_op_get_op_id (op);
  show_toast (self, title, op_ids);
}

static const char *
describe_kind (gboolean working_day)
{
  /* translators: a weekend day worked instead of a holiday, 调休上班 */
  return working_day ? C_("holiday", "Working day")
                     /* translators: a public holiday, a day off for everyone */
                     : C_("holiday", "Day off");
}

static GtkWidget *
create_button (CfHolidaysDialog *self,
               const char       *name,
               const char       *icon_name,
               const char       *tooltip,
               guint             index,
               GCallback         callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (index));
  g_signal_connect (button, "clicked", callback, self);

  return button;
}

static GtkWidget *
create_row (CfHolidaysDialog *self,
            guint             index,
            const CfHoliday  *holiday)
{
  g_autofree char *name = g_strdup_printf ("holiday-%s", holiday->date);
  g_autoptr (GDateTime) time = parse_date (holiday->date);
  /* translators: a holiday's date for g_date_time_format (), e.g. “2027-10-01, Friday” */
  g_autofree char *date = time != NULL ? g_date_time_format (time, _("%Y-%m-%d, %A"))
                                       : g_strdup (holiday->date);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *kind = gtk_label_new (describe_kind (holiday->working_day));

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), holiday->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), date);

  gtk_widget_set_valign (kind, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (kind, "caption-heading");
  gtk_widget_add_css_class (kind, holiday->working_day ? "accent" : "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), kind);

  if (can_change (self))
    {
      GtkWidget *edit = create_button (self, "edit-button", "document-edit-symbolic",
                                       _("Edit Holiday"), index, G_CALLBACK (on_edit_clicked_cb));

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 create_button (self, "delete-button", "user-trash-symbolic",
                                                _("Delete Holiday"), index,
                                                G_CALLBACK (on_delete_clicked_cb)));
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);
    }

  return row;
}

static void
fill_list (CfHolidaysDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *year = g_strdup_printf ("%d", self->year);
  g_autofree char *empty_title = NULL;
  guint n_working = 0;
  GPtrArray *holidays;

  gtk_label_set_text (self->year_label, year);

  holidays = cf_holiday_list_year (cf_context_get_store (self->context), self->year, &error);
  if (holidays == NULL)
    {
      show_toast (self, error->message, NULL);
      return;
    }

  for (guint i = 0; i < self->month_groups->len; i++)
    adw_preferences_page_remove (self->page, self->month_groups->pdata[i]);
  g_ptr_array_set_size (self->month_groups, 0);
  g_clear_pointer (&self->holidays, g_ptr_array_unref);
  self->holidays = holidays;

  /* A group a month, under the month's name. */
  for (guint i = 0; i < holidays->len; i++)
    {
      const CfHoliday *holiday = holidays->pdata[i];
      const CfHoliday *previous = i > 0 ? holidays->pdata[i - 1] : NULL;

      if (previous == NULL || strncmp (previous->date, holiday->date, 7) != 0)
        {
          g_autoptr (GDateTime) time = parse_date (holiday->date);
          g_autofree char *month = time != NULL ? g_date_time_format (time, "%B") : NULL;
          AdwPreferencesGroup *month_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

          adw_preferences_group_set_title (month_group, month != NULL ? month : "");
          adw_preferences_page_add (self->page, month_group);
          g_ptr_array_add (self->month_groups, month_group);
        }

      n_working += holiday->working_day;
      adw_preferences_group_add (self->month_groups->pdata[self->month_groups->len - 1],
                                 create_row (self, i, holiday));
    }

  if (holidays->len > 0)
    {
      guint n_off = holidays->len - n_working;
      g_autofree char *off = g_strdup_printf (g_dngettext (NULL, "%u day off", "%u days off",
                                                           n_off), n_off);
      g_autofree char *working = g_strdup_printf (g_dngettext (NULL, "%u working day",
                                                               "%u working days", n_working),
                                                  n_working);
      /* translators: “11 days off, 3 working days” in a year's holiday calendar */
      g_autofree char *description = g_strdup_printf (_("%s, %s"), off, working);

      adw_preferences_group_set_description (self->group, description);
    }

  /* translators: %d is a year */
  empty_title = g_strdup_printf (_("No Holidays in %d"), self->year);
  adw_status_page_set_title (self->empty_page, empty_title);
  gtk_stack_set_visible_child_name (self->content_stack, holidays->len > 0 ? "list" : "empty");
}

static void
on_store_changed_cb (CfHolidaysDialog   *self,
                     const char         *kind,
                     const char * const *ids,
                     CfStore            *store)
{
  if (g_str_equal (kind, "holiday"))
    fill_list (self);
}

/* Adding and editing ---------------------------------------------------------- */

static void
on_holiday_saved_cb (CfHolidaysDialog   *self,
                     const char         *title,
                     const char * const *op_ids,
                     CfHolidayDialog    *dialog)
{
  show_toast (self, title, op_ids);
}

static void
edit_holiday (CfHolidaysDialog *self,
              const CfHoliday  *holiday)
{
  CfHolidayDialog *dialog = cf_holiday_dialog_new (self->context, holiday, self->year);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_holiday_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  edit_holiday (CF_HOLIDAYS_DIALOG (widget), NULL);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfHolidaysDialog *self = CF_HOLIDAYS_DIALOG (widget);
  g_autofree char *problem = cf_form_undo (self->context, parameter);

  if (problem != NULL)
    show_toast (self, problem, NULL);
}

static void
previous_year_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CfHolidaysDialog *self = CF_HOLIDAYS_DIALOG (widget);

  cf_holidays_dialog_set_year (self, self->year - 1);
}

static void
next_year_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CfHolidaysDialog *self = CF_HOLIDAYS_DIALOG (widget);

  cf_holidays_dialog_set_year (self, self->year + 1);
}

/* Importing ------------------------------------------------------------------- */

static GtkWidget *
create_preview_row (const CfHolidayImportRow *row)
{
  GtkWidget *widget = adw_action_row_new ();
  g_autofree char *line = g_strdup_printf ("%u", row->line);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *line_label = gtk_label_new (line);

  /* translators: a line of a holiday file: its date and name, e.g. “2027-10-01 · 国庆节” */
  title = g_strdup_printf (_("%s · %s"), row->date, row->name);
  if (row->problem != NULL)
    subtitle = g_strdup (row->problem);
  else if (row->replaces != NULL)
    /* translators: what an imported day will be, then the name the date has now */
    subtitle = g_strdup_printf (_("%s, now “%s”"), describe_kind (row->working_day),
                                row->replaces);
  else
    subtitle = g_strdup (describe_kind (row->working_day));

  gtk_widget_add_css_class (line_label, "dim-label");
  gtk_widget_add_css_class (line_label, "numeric");
  gtk_label_set_width_chars (GTK_LABEL (line_label), 3);
  adw_action_row_add_prefix (ADW_ACTION_ROW (widget), line_label);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (widget), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), subtitle);
  if (row->problem != NULL)
    gtk_widget_add_css_class (widget, "error");

  return widget;
}

/* Lines with problems first, so they are seen before anything else. */
static GtkWidget *
create_preview (CfHolidayImport *import)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  guint n_rows = cf_holiday_import_get_n_rows (import);

  gtk_widget_set_name (list, "preview-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < n_rows; i++)
        {
          const CfHolidayImportRow *row = cf_holiday_import_get_row (import, i);

          if ((row->problem != NULL) == (pass == 0))
            gtk_list_box_append (GTK_LIST_BOX (list), create_preview_row (row));
        }
    }

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);

  return scrolled;
}

static char *
describe_import (CfHolidayImport *import,
                 GFile           *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  guint n_rows = cf_holiday_import_get_n_rows (import);
  guint n_problems = cf_holiday_import_get_n_problems (import);
  guint n_updates = cf_holiday_import_get_n_updates (import);
  GString *summary = g_string_new (NULL);

  /* translators: %u days, %s a file name */
  g_string_append_printf (summary, g_dngettext (NULL, "%u day read from “%s”.",
                                                "%u days read from “%s”.", n_rows),
                          n_rows, basename);
  g_string_append_c (summary, ' ');
  if (n_problems > 0)
    g_string_append_printf (summary,
                            g_dngettext (NULL,
                                         "%u line has a problem: correct the file and open it "
                                         "again. Nothing is imported until every line is right.",
                                         "%u lines have problems: correct the file and open it "
                                         "again. Nothing is imported until every line is right.",
                                         n_problems),
                            n_problems);
  else if (n_updates > 0)
    g_string_append_printf (summary,
                            g_dngettext (NULL,
                                         "%u date is in the calendar already and will be "
                                         "changed.",
                                         "%u dates are in the calendar already and will be "
                                         "changed.",
                                         n_updates),
                            n_updates);
  else
    g_string_append (summary, _("Every line is ready to import."));

  return g_string_free (summary, FALSE);
}

static void
on_import_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       CfHolidaysDialog *self)
{
  CfHolidayImport *import = g_object_get_data (G_OBJECT (dialog), "import");
  CfSession *session = cf_context_get_session (self->context);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) op_ids = NULL;
  g_autofree char *title = NULL;
  guint n_rows = cf_holiday_import_get_n_rows (import);
  int year;

  if (!g_str_equal (response, "import"))
    return;

  op_ids = cf_holiday_import_commit (import, cf_session_get_user_id (session), &error);
  if (op_ids == NULL)
    {
      show_toast (self, error->message, NULL);
      return;
    }

  /* Show the year the file is about. */
  if (sscanf (cf_holiday_import_get_row (import, 0)->date, "%d-", &year) == 1)
    cf_holidays_dialog_set_year (self, year);

  title = g_strdup_printf (g_dngettext (NULL, "%u day imported", "%u days imported", n_rows),
                           n_rows);
  show_toast (self, title, NULL);
}

static void
show_import_problem (CfHolidaysDialog *self,
                     const char       *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                              _("The File Cannot Be Imported"), message);

  gtk_widget_set_name (dialog, "holiday-import-error");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
preview_import (CfHolidaysDialog *self,
                GFile            *file,
                GBytes           *contents)
{
  g_autoptr (CfHolidayImport) import = cf_holiday_import_new (cf_context_get_store (self->context));
  g_autoptr (GError) error = NULL;
  g_autofree char *summary = NULL;
  GtkWidget *dialog;

  if (!cf_holiday_import_load (import, contents, &error))
    {
      show_import_problem (self, error->message);
      return;
    }

  summary = describe_import (import, file);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Import Holidays?"), summary);
  gtk_widget_set_name (dialog, "holiday-import-dialog");
  gtk_window_set_default_size (GTK_WINDOW (dialog), 480, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), create_preview (import));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "import", _("_Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "import",
                                           cf_holiday_import_get_n_problems (import) == 0);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "import", g_steal_pointer (&import), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_import_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_file_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (CfHolidaysDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) contents = NULL;
  g_autofree char *data = NULL;
  gsize length;

  if (!g_file_load_contents_finish (G_FILE (object), result, &data, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_import_problem (self, error->message);
      return;
    }

  contents = g_bytes_new_take (g_steal_pointer (&data), length);
  preview_import (self, G_FILE (object), contents);
}

static void
on_file_chooser_response_cb (CfHolidaysDialog     *self,
                             int                   response,
                             GtkFileChooserNative *chooser)
{
  g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  g_clear_object (&self->file_chooser);
  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    cf_holidays_dialog_import_file (self, file);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CfHolidaysDialog *self = CF_HOLIDAYS_DIALOG (widget);
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CSV Files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");

  chooser = gtk_file_chooser_native_new (_("Import Holidays"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_file_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_object (&self->file_chooser, GTK_NATIVE_DIALOG (chooser));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
}

/* GObject --------------------------------------------------------------------- */

static void
cf_holidays_dialog_dispose (GObject *object)
{
  CfHolidaysDialog *self = (CfHolidaysDialog *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (self->file_chooser);
  g_clear_object (&self->file_chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_HOLIDAYS_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->holidays, g_ptr_array_unref);
  g_clear_pointer (&self->month_groups, g_ptr_array_unref);

  G_OBJECT_CLASS (cf_holidays_dialog_parent_class)->dispose (object);
}

static void
cf_holidays_dialog_class_init (CfHolidaysDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_holidays_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/roster/cf-holidays-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CfHolidaysDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CfHolidaysDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, CfHolidaysDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, CfHolidaysDialog, year_label);
  gtk_widget_class_bind_template_child (widget_class, CfHolidaysDialog, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CfHolidaysDialog, page);
  gtk_widget_class_bind_template_child (widget_class, CfHolidaysDialog, group);
  gtk_widget_class_bind_template_child (widget_class, CfHolidaysDialog, empty_page);

  gtk_widget_class_install_action (widget_class, "holidays.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "holidays.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "holidays.undo", "as", undo_action);
  gtk_widget_class_install_action (widget_class, "holidays.previous-year", NULL,
                                   previous_year_action);
  gtk_widget_class_install_action (widget_class, "holidays.next-year", NULL, next_year_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "holidays.add",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK,
                                       "holidays.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK,
                                       "holidays.previous-year", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK,
                                       "holidays.next-year", NULL);
}

static void
cf_holidays_dialog_init (CfHolidaysDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->month_groups = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Opens on the current year. */
CfHolidaysDialog *
cf_holidays_dialog_new (CfContext *context)
{
  CfHolidaysDialog *self;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  gboolean managing;

  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);

  self = g_object_new (CF_TYPE_HOLIDAYS_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->year = g_date_time_get_year (now);

  managing = can_change (self);
  gtk_widget_set_visible (self->add_button, managing);
  gtk_widget_set_visible (self->import_button, managing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "holidays.add", managing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "holidays.import", managing);
  if (!managing)
    adw_status_page_set_description (self->empty_page,
                                     _("Supervisors and deputies keep the holiday calendar."));
  g_signal_connect_object (cf_context_get_store (context), "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  fill_list (self);

  return self;
}

int
cf_holidays_dialog_get_year (CfHolidaysDialog *self)
{
  g_return_val_if_fail (CF_IS_HOLIDAYS_DIALOG (self), 0);

  return self->year;
}

void
cf_holidays_dialog_set_year (CfHolidaysDialog *self,
                             int               year)
{
  g_return_if_fail (CF_IS_HOLIDAYS_DIALOG (self));

  if (year < 1900 || year > 2999)
    return;

  self->year = year;
  fill_list (self);
}

/**
 * cf_holidays_dialog_import_file:
 *
 * Reads @file and shows what it would import; nothing is written until
 * the user presses Import.
 */
void
cf_holidays_dialog_import_file (CfHolidaysDialog *self,
                                GFile            *file)
{
  g_autoptr (GFileInfo) info = NULL;

  g_return_if_fail (CF_IS_HOLIDAYS_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  /* A file too large to be a calendar is refused before it is read. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, NULL);
  if (info != NULL && g_file_info_get_size (info) > CF_CSV_MAX_INPUT_BYTES)
    {
      show_import_problem (self, _("This file is too large to be a holiday calendar "
                                   "(more than 16 MB)."));
      return;
    }

  g_file_load_contents_async (file, self->cancellable, on_file_loaded_cb, g_object_ref (self));
}
