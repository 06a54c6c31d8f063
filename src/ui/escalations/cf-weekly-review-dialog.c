/* cf-weekly-review-dialog.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-weekly-review-dialog"

#include "config.h"

#include "cf-weekly-review-dialog.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cf-escalation-review.h"
#include "cf-window.h"

/* Saving the weekly review from the Escalations view: a dialog asks for
 * the week (last week unless the user steps to another) and the format,
 * a file chooser for where, and a toast says how it went.
 */

typedef struct
{
  GtkWidget            *view;
  CfStore              *store;
  GDate                 monday;
  GtkLabel             *week_label;
  GtkDropDown          *format_dropdown;
  CfWeeklyReview       *review;
  GtkFileChooserNative *chooser;
  CfWeeklyReviewFormat  format;
} ReviewDialog;

static void
review_dialog_free (ReviewDialog *data)
{
  g_object_unref (data->view);
  g_object_unref (data->store);
  g_clear_object (&data->review);
  g_clear_object (&data->chooser);
  g_free (data);
}

static void
show_week (ReviewDialog *data)
{
  g_autofree char *week = cf_escalation_review_describe_week (&data->monday);

  gtk_label_set_text (data->week_label, week);
}

static void
on_previous_week_clicked_cb (ReviewDialog *data)
{
  g_date_subtract_days (&data->monday, 7);
  show_week (data);
}

static void
on_next_week_clicked_cb (ReviewDialog *data)
{
  g_date_add_days (&data->monday, 7);
  show_week (data);
}

static void
on_review_written_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (GtkWidget) view = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;

  if (!cf_weekly_review_write_finish (CF_WEEKLY_REVIEW (object), result, &error))
    {
      cf_window_show_toast (view, adw_toast_new (error->message));
      return;
    }

  /* translators: %s is a file name */
  title = g_strdup_printf (_("Weekly review saved as “%s”"),
                           (const char *) g_object_get_data (object, "basename"));
  cf_window_show_toast (view, adw_toast_new (title));
}

static void
write_review (GtkWidget            *view,
              CfWeeklyReview       *review,
              CfWeeklyReviewFormat  format,
              GFile                *file)
{
  g_object_set_data_full (G_OBJECT (review), "basename", g_file_get_basename (file), g_free);
  cf_weekly_review_write_async (review, format, file, NULL, on_review_written_cb,
                                g_object_ref (view));
}

static CfWeeklyReview *
read_review (GtkWidget   *view,
             CfStore     *store,
             const GDate *day)
{
  g_autoptr (GError) error = NULL;
  CfWeeklyReview *review = cf_weekly_review_new (store, day, NULL, &error);

  if (review == NULL)
    {
      g_warning ("Cannot read the weekly review: %s", error->message);
      cf_window_show_toast (view, adw_toast_new (_("The weekly review could not be read.")));
    }

  return review;
}

/**
 * cf_weekly_review_save:
 * @view: the widget whose window shows the toast
 * @day: any day of the week to review
 *
 * Writes the weekly review of @day's week to @file in a thread, as the
 * dialog does once a file is chosen; a toast says where it went, or why
 * it could not be saved.
 */
void
cf_weekly_review_save (GtkWidget            *view,
                       CfStore              *store,
                       const GDate          *day,
                       CfWeeklyReviewFormat  format,
                       GFile                *file)
{
  g_autoptr (CfWeeklyReview) review = NULL;

  g_return_if_fail (GTK_IS_WIDGET (view));
  g_return_if_fail (G_IS_FILE (file));

  review = read_review (view, store, day);
  if (review != NULL)
    write_review (view, review, format, file);
}

static void
on_chooser_response_cb (GtkFileChooserNative *chooser,
                        int                   response,
                        ReviewDialog         *data)
{
  g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    write_review (data->view, data->review, data->format, file);
  review_dialog_free (data);
}

static void
choose_file (ReviewDialog *data)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = cf_weekly_review_get_suggested_name (data->review, data->format);

  if (data->format == CF_WEEKLY_REVIEW_XLSX)
    {
      gtk_file_filter_set_name (filter, _("Spreadsheets"));
      gtk_file_filter_add_suffix (filter, "xlsx");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("PDF Documents"));
      gtk_file_filter_add_suffix (filter, "pdf");
    }

  data->chooser = gtk_file_chooser_native_new (_("Save Weekly Review"),
                                               GTK_WINDOW (gtk_widget_get_root (data->view)),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (data->chooser), name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (data->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (data->chooser), TRUE);
  g_signal_connect (data->chooser, "response", G_CALLBACK (on_chooser_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (data->chooser));
}

static void
on_dialog_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       ReviewDialog     *data)
{
  if (g_strcmp0 (response, "save") != 0)
    {
      review_dialog_free (data);
      return;
    }

  data->format = gtk_drop_down_get_selected (data->format_dropdown) == 1
                   ? CF_WEEKLY_REVIEW_XLSX : CF_WEEKLY_REVIEW_PDF;
  data->review = read_review (data->view, data->store, &data->monday);
  if (data->review == NULL)
    {
      review_dialog_free (data);
      return;
    }
  choose_file (data);
}

static GtkWidget *
create_week_stepper (ReviewDialog *data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *previous = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *next = gtk_button_new_from_icon_name ("go-next-symbolic");
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_tooltip_text (previous, _("Previous Week"));
  gtk_widget_set_tooltip_text (next, _("Next Week"));
  g_signal_connect_swapped (previous, "clicked", G_CALLBACK (on_previous_week_clicked_cb), data);
  g_signal_connect_swapped (next, "clicked", G_CALLBACK (on_next_week_clicked_cb), data);
  gtk_widget_set_name (label, "weekly-review-week");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  data->week_label = GTK_LABEL (label);

  gtk_box_append (GTK_BOX (box), previous);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), next);

  return box;
}

/**
 * cf_weekly_review_dialog_present:
 * @view: the view the dialog is for; toasts go to its window
 *
 * Asks for the week (last week to begin with) and the format, then where
 * to save the weekly review.
 */
void
cf_weekly_review_dialog_present (GtkWidget *view,
                                 CfStore   *store)
{
  const char *formats[] = { _("PDF (A4 landscape)"), _("Spreadsheet (XLSX)"), NULL };
  ReviewDialog *data = g_new0 (ReviewDialog, 1);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *dropdown = gtk_drop_down_new_from_strings (formats);
  AdwMessageDialog *dialog;

  g_return_if_fail (GTK_IS_WIDGET (view));

  data->view = g_object_ref (view);
  data->store = g_object_ref (store);
  g_date_clear (&data->monday, 1);
  g_date_set_dmy (&data->monday, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
  g_date_subtract_days (&data->monday, 7);
  cf_escalation_review_get_week (&data->monday, &data->monday, NULL);

  gtk_box_append (GTK_BOX (box), create_week_stepper (data));
  gtk_widget_set_name (dropdown, "weekly-review-format");
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Format"), -1);
  data->format_dropdown = GTK_DROP_DOWN (dropdown);
  gtk_box_append (GTK_BOX (box), dropdown);
  show_week (data);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (view)),
                                                       _("Weekly Review"),
                                                       _("The week’s hard complaints for the "
                                                         "shift-lead meeting: escalated beyond "
                                                         "the complaints desk, reopened or "
                                                         "overdue, with their outcome.")));
  gtk_widget_set_name (GTK_WIDGET (dialog), "weekly-review-dialog");
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  adw_message_dialog_add_response (dialog, "save", _("_Save…"));
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_dialog_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
}
