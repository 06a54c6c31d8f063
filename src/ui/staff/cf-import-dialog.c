/* cf-import-dialog.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-import-dialog"

#include "config.h"

#include "cf-import-dialog.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-session.h"
#include "cf-staff-import.h"
#include "cf-window.h"

/* One line of the preview, for the column view. */
#define CF_TYPE_IMPORT_PREVIEW_ROW (cf_import_preview_row_get_type ())

G_DECLARE_FINAL_TYPE (CfImportPreviewRow, cf_import_preview_row, CF, IMPORT_PREVIEW_ROW, GObject)

struct _CfImportPreviewRow
{
  GObject                 parent_instance;

  CfStaffImport          *import;
  const CfStaffImportRow *row;
};

G_DEFINE_FINAL_TYPE (CfImportPreviewRow, cf_import_preview_row, G_TYPE_OBJECT)

enum {
  ROW_PROP_0,
  ROW_PROP_LINE,
  ROW_PROP_EMPLOYEE_NO,
  ROW_PROP_NAME,
  ROW_PROP_ROLE,
  ROW_PROP_TEAM,
  ROW_PROP_HIRE_DATE,
  ROW_PROP_PROBLEM,
  ROW_N_PROPS
};

static void
cf_import_preview_row_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CfImportPreviewRow *self = CF_IMPORT_PREVIEW_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_LINE:
      g_value_take_string (value, g_strdup_printf ("%u", self->row->line));
      break;
    case ROW_PROP_EMPLOYEE_NO:
      g_value_set_string (value, self->row->employee_no);
      break;
    case ROW_PROP_NAME:
      g_value_set_string (value, self->row->name);
      break;
    case ROW_PROP_ROLE:
      g_value_set_string (value, self->row->role_label);
      break;
    case ROW_PROP_TEAM:
      g_value_set_string (value, self->row->team_name);
      break;
    case ROW_PROP_HIRE_DATE:
      g_value_set_string (value, self->row->hire_date);
      break;
    case ROW_PROP_PROBLEM:
      g_value_set_string (value, self->row->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_import_preview_row_finalize (GObject *object)
{
  CfImportPreviewRow *self = (CfImportPreviewRow *)object;

  g_clear_object (&self->import);

  G_OBJECT_CLASS (cf_import_preview_row_parent_class)->finalize (object);
}

static void
cf_import_preview_row_class_init (CfImportPreviewRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char *names[] = {
    NULL, "line", "employee-no", "name", "role", "team", "hire-date", "problem",
  };

  object_class->get_property = cf_import_preview_row_get_property;
  object_class->finalize = cf_import_preview_row_finalize;

  for (guint i = 1; i < ROW_N_PROPS; i++)
    g_object_class_install_property (object_class, i,
                                     g_param_spec_string (names[i], NULL, NULL, NULL,
                                                          G_PARAM_READABLE |
                                                          G_PARAM_STATIC_STRINGS));
}

static void
cf_import_preview_row_init (CfImportPreviewRow *self)
{
}

struct _CfImportDialog
{
  AdwWindow      parent_instance;

  /* Template widgets */
  GtkLabel      *summary_label;
  GtkStack      *content_stack;
  GtkColumnView *column_view;
  AdwStatusPage *error_page;

  /* Owned references */
  CfContext     *context;
  CfStaffImport *import;
};

G_DEFINE_FINAL_TYPE (CfImportDialog, cf_import_dialog, ADW_TYPE_WINDOW)

static const char *
encoding_name (CfCsvEncoding encoding)
{
  switch (encoding)
    {
    case CF_CSV_ENCODING_UTF8:
      return "UTF-8";
    case CF_CSV_ENCODING_UTF8_BOM:
      return _("UTF-8 with byte-order mark");
    case CF_CSV_ENCODING_GB18030:
      return "GB18030";
    default:
      g_assert_not_reached ();
    }
}

/* Lines with problems first, so they are seen before anything else. */
static void
fill_preview (CfImportDialog *self)
{
  g_autoptr (GListStore) rows = g_list_store_new (CF_TYPE_IMPORT_PREVIEW_ROW);
  g_autoptr (GtkNoSelection) selection = NULL;
  guint n_rows = cf_staff_import_get_n_rows (self->import);

  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < n_rows; i++)
        {
          const CfStaffImportRow *row = cf_staff_import_get_row (self->import, i);
          g_autoptr (CfImportPreviewRow) item = NULL;

          if ((row->problem != NULL) != (pass == 0))
            continue;
          item = g_object_new (CF_TYPE_IMPORT_PREVIEW_ROW, NULL);
          item->import = g_object_ref (self->import);
          item->row = row;
          g_list_store_append (rows, item);
        }
    }

  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&rows)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
}

static void
describe (CfImportDialog *self,
          GFile          *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  guint n_rows = cf_staff_import_get_n_rows (self->import);
  guint n_problems = cf_staff_import_get_n_problems (self->import);
  guint n_teams = g_strv_length ((char **) cf_staff_import_get_new_teams (self->import));
  g_autoptr (GString) summary = g_string_new (NULL);

  g_string_append_printf (summary,
                          /* translators: %u staff rows, %s a file name, the last %s an encoding such as GB18030 */
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%u staff row read from “%s” (%s).",
                                       "%u staff rows read from “%s” (%s).",
                                       n_rows),
                          n_rows, basename,
                          encoding_name (cf_staff_import_get_encoding (self->import)));
  g_string_append_c (summary, ' ');
  if (n_problems > 0)
    g_string_append_printf (summary,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "%u line has a problem: correct the file and open it "
                                         "again. Nothing is imported until every line is right.",
                                         "%u lines have problems: correct the file and open it "
                                         "again. Nothing is imported until every line is right.",
                                         n_problems),
                            n_problems);
  else if (n_teams > 0)
    g_string_append_printf (summary,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Every line is ready; %u new team will be created.",
                                         "Every line is ready; %u new teams will be created.",
                                         n_teams),
                            n_teams);
  else
    g_string_append (summary, _("Every line is ready to import."));

  gtk_label_set_text (self->summary_label, summary->str);
  if (n_problems > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "error");
}

static void
commit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CfImportDialog *self = CF_IMPORT_DIALOG (widget);
  CfSession *session = cf_context_get_session (self->context);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) op_ids = NULL;
  g_autofree char *title = NULL;
  guint n_rows = cf_staff_import_get_n_rows (self->import);

  op_ids = cf_staff_import_commit (self->import, cf_session_get_user_id (session), &error);
  if (op_ids == NULL)
    {
      gtk_label_set_text (self->summary_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "error");
      return;
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u staff member imported",
                                        "%u staff members imported",
                                        n_rows),
                           n_rows);
  cf_window_show_undo_toast (GTK_WIDGET (self), title, (const char * const *) op_ids);
  gtk_window_close (GTK_WINDOW (self));
}

static void
cf_import_dialog_dispose (GObject *object)
{
  CfImportDialog *self = (CfImportDialog *)object;

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->import);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cf_import_dialog_parent_class)->dispose (object);
}

static void
cf_import_dialog_class_init (CfImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_import_dialog_dispose;

  g_type_ensure (CF_TYPE_IMPORT_PREVIEW_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/staff/cf-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CfImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CfImportDialog, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CfImportDialog, column_view);
  gtk_widget_class_bind_template_child (widget_class, CfImportDialog, error_page);

  gtk_widget_class_install_action (widget_class, "import.commit", NULL, commit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cf_import_dialog_init (CfImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * cf_import_dialog_new:
 * @contents: the file's bytes, as read
 *
 * Checks @contents and shows what would be imported; nothing is written
 * until the user presses Import.
 */
CfImportDialog *
cf_import_dialog_new (CfContext *context,
                      GFile     *file,
                      GBytes    *contents)
{
  CfImportDialog *self;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (contents != NULL, NULL);

  self = g_object_new (CF_TYPE_IMPORT_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->import = cf_staff_import_new (cf_context_get_store (context));

  if (!cf_staff_import_load (self->import, contents, &error))
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "error");
      gtk_widget_set_visible (GTK_WIDGET (self->summary_label), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.commit", FALSE);
      return self;
    }

  describe (self, file);
  fill_preview (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.commit",
                                 cf_staff_import_get_n_problems (self->import) == 0 &&
                                 cf_staff_import_get_n_rows (self->import) > 0);

  return self;
}

guint
cf_import_dialog_get_n_problems (CfImportDialog *self)
{
  g_return_val_if_fail (CF_IS_IMPORT_DIALOG (self), 0);

  return self->import != NULL ? cf_staff_import_get_n_problems (self->import) : 0;
}
