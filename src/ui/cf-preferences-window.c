/* cf-preferences-window.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-preferences-window"

#include "config.h"

#include "cf-preferences-window.h"

#include <string.h>
#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-escalation.h"
#include "cf-registry.h"
#include "cf-session.h"
#include "cf-sms-gateway.h"
#include "cf-store.h"
#include "cf-sync-codec.h"
#include "cf-sync-engine.h"

struct _CfPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  GtkSwitch            *remember_user_switch;
  GtkSpinButton        *min_rest_spin;
  GtkSpinButton        *max_days_spin;
  GtkSpinButton        *max_week_spin;
  GtkSpinButton        *tolerance_spin;
  AdwEntryRow          *server_row;
  AdwActionRow         *ca_row;
  GtkButton            *ca_clear_button;
  GtkLabel             *ca_error_label;
  AdwActionRow         *database_row;
  AdwActionRow         *changes_row;
  AdwPreferencesGroup  *policy_note_group;
  AdwPreferencesGroup  *levels_group;
  AdwPreferencesGroup  *due_group;
  AdwPreferencesGroup  *countersign_group;
  AdwPreferencesGroup  *policy_apply_group;
  GtkLabel             *policy_error_label;
  GtkSwitch            *notifications_switch;
  GtkSwitch            *handover_notifications_switch;
  AdwEntryRow          *sms_row;
  GtkLabel             *sms_error_label;

  /* The escalation policy's rows, made from the registry's labels */
  GtkSwitch            *level_switches[CF_N_ESCALATION_LEVELS];   /* NULL: always a level */
  GtkSpinButton        *due_hours[CF_N_ESCALATION_SEVERITIES];
  GtkSpinButton        *due_minutes[CF_N_ESCALATION_SEVERITIES];
  GtkSpinButton        *countersign_hours;
  GtkSpinButton        *countersign_minutes;

  /* Owned references */
  GSettings            *settings;      /* NULL in tests that have none */
  CfContext            *context;
  GtkFileChooserNative *ca_chooser;
  GCancellable         *cancellable;

  CfEscalationPolicy    policy;        /* as stored */
  gboolean              policy_shown;  /* the rows were set from it once */
  gboolean              filling;       /* the rows are being set from the policy */
};

G_DEFINE_FINAL_TYPE (CfPreferencesWindow, cf_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The CA file ------------------------------------------------------------- */

static void
show_ca_error (CfPreferencesWindow *self,
               const char          *message)
{
  gtk_label_set_text (self->ca_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->ca_error_label), message != NULL);
}

/* Far more than a call center's CA and its chain; the system's whole
 * bundle is a fifth of this.
 */
#define MAX_CA_FILE_SIZE (1024 * 1024)

/* In words a person can act on: a file GIO cannot read says why itself. */
static char *
describe_ca_error (const GError *error,
                   const char   *path)
{
  g_autofree char *name = NULL;

  if (error->domain == G_IO_ERROR)
    return g_strdup (error->message);

  name = g_filename_display_basename (path);
  return g_strdup_printf (_("“%s” is not a certificate in PEM format. Choose the certificate "
                            "of the authority that signed the server’s certificate, usually "
                            "a file ending in .pem or .crt."), name);
}

/* Reading the file and loading its certificates may block: in a thread. */
static void
load_ca_file_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GTlsDatabase) database = NULL;
  GError *error = NULL;

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_ACCESS_CAN_READ,
                            G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_ACCESS_CAN_READ))
    {
      g_autofree char *name = g_filename_display_basename (path);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                               _("You may not read “%s”."), name);
      return;
    }
  if (g_file_info_get_size (info) > MAX_CA_FILE_SIZE)
    {
      g_task_return_new_error (task, CF_SYNC_ERROR, CF_SYNC_ERROR_CA_FILE, "too large");
      return;
    }

  database = cf_sync_load_ca_file (path, &error);
  if (database == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
load_ca_file_async (CfPreferencesWindow *self,
                    const char          *path,
                    GAsyncReadyCallback  callback)
{
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, callback, NULL);

  g_task_set_source_tag (task, load_ca_file_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, load_ca_file_thread);
}

static void
update_ca_row (CfPreferencesWindow *self)
{
  g_autofree char *path = NULL;
  gboolean has_file;

  if (self->settings != NULL)
    path = g_settings_get_string (self->settings, "server-ca-file");
  has_file = path != NULL && path[0] != '\0';

  adw_action_row_set_subtitle (self->ca_row,
                               has_file ? path
                                        : _("None — the system’s certificate authorities are "
                                            "trusted"));
  gtk_widget_set_visible (GTK_WIDGET (self->ca_clear_button), has_file);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.choose-ca-file",
                                 self->settings != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.clear-ca-file", has_file);
}

static void
on_saved_ca_file_checked_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  CfPreferencesWindow *self = CF_PREFERENCES_WINDOW (object);
  const char *path = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *current = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *message = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Only about the file that is set now. */
  current = g_settings_get_string (self->settings, "server-ca-file");
  if (!g_str_equal (current, path))
    return;

  reason = describe_ca_error (error, path);
  message = g_strdup_printf (_("This desktop does not sync while this file cannot be used. %s"),
                             reason);
  show_ca_error (self, message);
}

/* A file set earlier may have gone or changed since. */
static void
on_settings_ca_file_changed_cb (CfPreferencesWindow *self,
                                const char          *key,
                                GSettings           *settings)
{
  g_autofree char *path = g_settings_get_string (settings, "server-ca-file");

  update_ca_row (self);
  show_ca_error (self, NULL);
  if (path[0] != '\0')
    load_ca_file_async (self, path, on_saved_ca_file_checked_cb);
}

static void
on_chosen_ca_file_loaded_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  CfPreferencesWindow *self = CF_PREFERENCES_WINDOW (object);
  const char *path = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* The engine follows the setting. */
      g_settings_set_string (self->settings, "server-ca-file", path);
      show_ca_error (self, NULL);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("CA file refused: %s", error->message);
  message = describe_ca_error (error, path);
  show_ca_error (self, message);
}

static void
on_ca_chooser_response_cb (CfPreferencesWindow *self,
                           int                  response,
                           GtkNativeDialog     *chooser)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->ca_chooser);

  if (file != NULL)
    cf_preferences_window_choose_ca_file (self, file);
}

static void
choose_ca_file_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CfPreferencesWindow *self = CF_PREFERENCES_WINDOW (widget);
  g_autoptr (GtkFileFilter) certificates = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();
  g_autofree char *current = g_settings_get_string (self->settings, "server-ca-file");

  if (self->ca_chooser != NULL)
    return;

  gtk_file_filter_set_name (certificates, _("Certificates (PEM)"));
  gtk_file_filter_add_suffix (certificates, "pem");
  gtk_file_filter_add_suffix (certificates, "crt");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  self->ca_chooser = gtk_file_chooser_native_new (_("Choose the Server’s CA Certificate"),
                                                  GTK_WINDOW (self),
                                                  GTK_FILE_CHOOSER_ACTION_OPEN,
                                                  _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->ca_chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->ca_chooser), certificates);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->ca_chooser), all);
  if (current[0] != '\0')
    {
      g_autoptr (GFile) file = g_file_new_for_path (current);

      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->ca_chooser), file, NULL);
    }
  g_signal_connect_swapped (self->ca_chooser, "response",
                            G_CALLBACK (on_ca_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->ca_chooser));
}

static void
clear_ca_file_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CfPreferencesWindow *self = CF_PREFERENCES_WINDOW (widget);

  g_settings_reset (self->settings, "server-ca-file");
  show_ca_error (self, NULL);
}

/* The escalation policy ---------------------------------------------------- */

/* The call center's policy is the supervisor's to set (the registry's
 * rule, which the store and the server check again).
 */
static gboolean
may_set_policy (CfPreferencesWindow *self)
{
  CfSession *session = cf_context_get_session (self->context);

  return cf_session_can (session, "escalation_policy", CF_OP_CREATE) &&
         cf_session_can (session, "escalation_policy", CF_OP_PATCH);
}

static void
show_policy_error (CfPreferencesWindow *self,
                   const char          *message)
{
  gtk_label_set_text (self->policy_error_label, message != NULL ? message : "");
}

/* The policy as the rows say it. */
static void
read_policy (CfPreferencesWindow *self,
             CfEscalationPolicy  *policy)
{
  policy->levels = CF_ESCALATION_LEVELS_REQUIRED;
  for (guint i = 0; i < CF_N_ESCALATION_LEVELS; i++)
    {
      if (self->level_switches[i] != NULL && gtk_switch_get_active (self->level_switches[i]))
        policy->levels |= 1u << i;
    }
  for (guint i = 0; i < CF_N_ESCALATION_SEVERITIES; i++)
    policy->due_times.minutes[i] = gtk_spin_button_get_value_as_int (self->due_hours[i]) * 60 +
                                   gtk_spin_button_get_value_as_int (self->due_minutes[i]);
  policy->countersign_minutes = gtk_spin_button_get_value_as_int (self->countersign_hours) * 60 +
                                gtk_spin_button_get_value_as_int (self->countersign_minutes);
}

static gboolean
policy_edited (CfPreferencesWindow *self)
{
  CfEscalationPolicy shown;

  read_policy (self, &shown);
  return memcmp (&shown, &self->policy, sizeof shown) != 0;
}

static void
update_policy_actions (CfPreferencesWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.apply-escalation-policy",
                                 may_set_policy (self) && policy_edited (self));
}

static void
fill_policy (CfPreferencesWindow *self)
{
  self->filling = TRUE;
  for (guint i = 0; i < CF_N_ESCALATION_LEVELS; i++)
    {
      if (self->level_switches[i] != NULL)
        gtk_switch_set_active (self->level_switches[i],
                               cf_escalation_policy_uses_level (&self->policy, i));
    }
  for (guint i = 0; i < CF_N_ESCALATION_SEVERITIES; i++)
    {
      gtk_spin_button_set_value (self->due_hours[i], self->policy.due_times.minutes[i] / 60);
      gtk_spin_button_set_value (self->due_minutes[i], self->policy.due_times.minutes[i] % 60);
    }
  gtk_spin_button_set_value (self->countersign_hours, self->policy.countersign_minutes / 60);
  gtk_spin_button_set_value (self->countersign_minutes, self->policy.countersign_minutes % 60);
  self->filling = FALSE;
  self->policy_shown = TRUE;
  update_policy_actions (self);
}

/* Reads the stored policy; what was typed and not applied is kept. */
static void
load_policy (CfPreferencesWindow *self)
{
  g_autoptr (GError) error = NULL;
  gboolean edited = self->policy_shown && policy_edited (self);

  if (!cf_escalation_policy_load (cf_context_get_store (self->context), &self->policy, &error))
    {
      show_policy_error (self, error->message);
      return;
    }
  if (!edited)
    fill_policy (self);
  else
    update_policy_actions (self);
}

static void
on_policy_input_changed_cb (CfPreferencesWindow *self)
{
  if (self->filling)
    return;

  show_policy_error (self, NULL);
  update_policy_actions (self);
}

/* Another desktop's change arrives by sync. */
static void
on_store_changed_cb (CfPreferencesWindow *self,
                     const char          *kind,
                     const char * const  *ids,
                     CfStore             *store)
{
  if (g_str_equal (kind, "escalation_policy"))
    load_policy (self);
}

static void
apply_escalation_policy_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  CfPreferencesWindow *self = CF_PREFERENCES_WINDOW (widget);
  CfStore *store = cf_context_get_store (self->context);
  const char *author = cf_session_get_user_id (cf_context_get_session (self->context));
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;
  CfEscalationPolicy policy;

  read_policy (self, &policy);
  ops = cf_escalation_policy_save (store, author, &policy, &error);
  if (ops == NULL ||
      !cf_store_apply (store, author, (CfOp * const *) ops->pdata, ops->len, &error))
    {
      /* The rows keep what was typed, to be corrected or applied again. */
      show_policy_error (self, error->message);
      return;
    }

  self->policy = policy;
  update_policy_actions (self);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("The escalation policy was saved")));
}

static GtkWidget *
create_level_row (CfPreferencesWindow *self,
                  CfEscalationLevel    level)
{
  const CfField *field = cf_kind_lookup_field (cf_registry_lookup ("escalation"), "level");
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *name = NULL;
  GtkWidget *suffix;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 cf_field_get_choice_label (field, level));
  if ((CF_ESCALATION_LEVELS_REQUIRED & (1u << level)) != 0)
    {
      suffix = gtk_label_new (_("Always a level"));
      gtk_widget_add_css_class (suffix, "dim-label");
    }
  else
    {
      suffix = gtk_switch_new ();
      gtk_widget_set_valign (suffix, GTK_ALIGN_CENTER);
      name = g_strdup_printf ("level-switch-%s", cf_escalation_level_to_string (level));
      gtk_widget_set_name (suffix, name);
      g_signal_connect_swapped (suffix, "notify::active",
                                G_CALLBACK (on_policy_input_changed_cb), self);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), suffix);
      self->level_switches[level] = GTK_SWITCH (suffix);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);

  return row;
}

static GtkSpinButton *
create_due_spin (CfPreferencesWindow *self,
                 GtkWidget           *row,
                 const char          *name,
                 guint                upper,
                 const char          *unit)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, upper, 1);
  GtkWidget *label = gtk_label_new (unit);

  gtk_widget_set_name (spin, name);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (on_policy_input_changed_cb), self);
  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);

  return GTK_SPIN_BUTTON (spin);
}

static GtkWidget *
create_due_row (CfPreferencesWindow  *self,
                CfEscalationSeverity  severity)
{
  const CfField *field = cf_kind_lookup_field (cf_registry_lookup ("escalation"), "severity");
  GtkWidget *row = adw_action_row_new ();
  const char *value = field->choices[severity];
  g_autofree char *hours_name = g_strdup_printf ("due-hours-%s", value);
  g_autofree char *minutes_name = g_strdup_printf ("due-minutes-%s", value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 cf_field_get_choice_label (field, severity));
  self->due_hours[severity] =
    /* translators: a unit after a number of hours, as in “4 h” */
    create_due_spin (self, row, hours_name, CF_ESCALATION_DUE_MINUTES_MAX / 60, _("h"));
  self->due_minutes[severity] =
    /* translators: a unit after a number of minutes, as in “30 min” */
    create_due_spin (self, row, minutes_name, 59, _("min"));

  return row;
}

/* Hours and minutes, as the due times. */
static GtkWidget *
create_countersign_row (CfPreferencesWindow *self)
{
  GtkWidget *row = adw_action_row_new ();
  guint max_hours = CF_ESCALATION_COUNTERSIGN_MINUTES_MAX / 60;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Time for the Countersignature"));
  self->countersign_hours =
    /* translators: a unit after a number of hours, as in “4 h” */
    create_due_spin (self, row, "countersign-hours", max_hours, _("h"));
  self->countersign_minutes =
    /* translators: a unit after a number of minutes, as in “30 min” */
    create_due_spin (self, row, "countersign-minutes", 59, _("min"));

  return row;
}

static void
create_policy_rows (CfPreferencesWindow *self)
{
  for (guint i = 0; i < CF_N_ESCALATION_LEVELS; i++)
    adw_preferences_group_add (self->levels_group, create_level_row (self, i));
  for (guint i = 0; i < CF_N_ESCALATION_SEVERITIES; i++)
    adw_preferences_group_add (self->due_group, create_due_row (self, i));
  adw_preferences_group_add (self->countersign_group, create_countersign_row (self));
}

/* Others see the policy as it stands, and why they cannot change it. */
static void
set_up_policy (CfPreferencesWindow *self)
{
  gboolean editable = may_set_policy (self);

  for (guint i = 0; i < CF_N_ESCALATION_LEVELS; i++)
    {
      if (self->level_switches[i] != NULL)
        gtk_widget_set_sensitive (GTK_WIDGET (self->level_switches[i]), editable);
    }
  for (guint i = 0; i < CF_N_ESCALATION_SEVERITIES; i++)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->due_hours[i]), editable);
      gtk_widget_set_sensitive (GTK_WIDGET (self->due_minutes[i]), editable);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->countersign_hours), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->countersign_minutes), editable);
  gtk_widget_set_visible (GTK_WIDGET (self->policy_note_group), !editable);
  gtk_widget_set_visible (GTK_WIDGET (self->policy_apply_group), editable);

  g_signal_connect_object (cf_context_get_store (self->context), "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  load_policy (self);
}

/* The SMS gateway ----------------------------------------------------------- */

static void
show_sms_error (CfPreferencesWindow *self,
                const char          *message)
{
  gtk_label_set_text (self->sms_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->sms_error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->sms_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->sms_row), "error");
}

static void
on_sms_row_changed_cb (CfPreferencesWindow *self)
{
  show_sms_error (self, NULL);
}

/* Empty for no gateway; otherwise stored only when the gateway could use
 * it. The address may carry the gateway's key: it is never logged.
 */
static void
on_sms_row_apply_cb (CfPreferencesWindow *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->sms_row)));
  g_autoptr (GError) error = NULL;

  if (self->settings == NULL)
    return;
  g_strstrip (text);
  if (text[0] != '\0' && !cf_sms_gateway_check_template (text, &error))
    {
      show_sms_error (self, error->message);
      return;
    }

  show_sms_error (self, NULL);
  g_settings_set_string (self->settings, "sms-gateway-url", text);
}

static void
on_settings_sms_gateway_changed_cb (CfPreferencesWindow *self,
                                    const char          *key,
                                    GSettings           *settings)
{
  g_autofree char *url = g_settings_get_string (settings, "sms-gateway-url");

  gtk_editable_set_text (GTK_EDITABLE (self->sms_row), url);
  show_sms_error (self, NULL);
}

/* GObject ------------------------------------------------------------------ */

static void
cf_preferences_window_dispose (GObject *object)
{
  CfPreferencesWindow *self = CF_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->ca_chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->ca_chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->ca_chooser));
      g_clear_object (&self->ca_chooser);
    }
  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (object), CF_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (cf_preferences_window_parent_class)->dispose (object);
}

static void
cf_preferences_window_class_init (CfPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/cf-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, remember_user_switch);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, min_rest_spin);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, max_days_spin);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, max_week_spin);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, tolerance_spin);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, ca_row);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, ca_error_label);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, database_row);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, changes_row);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, policy_note_group);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, levels_group);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, due_group);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, countersign_group);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, policy_apply_group);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, policy_error_label);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow,
                                        handover_notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, sms_row);
  gtk_widget_class_bind_template_child (widget_class, CfPreferencesWindow, sms_error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_sms_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sms_row_changed_cb);

  gtk_widget_class_install_action (widget_class, "preferences.choose-ca-file", NULL,
                                   choose_ca_file_action);
  gtk_widget_class_install_action (widget_class, "preferences.clear-ca-file", NULL,
                                   clear_ca_file_action);
  gtk_widget_class_install_action (widget_class, "preferences.apply-escalation-policy", NULL,
                                   apply_escalation_policy_action);
}

static void
cf_preferences_window_init (CfPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  create_policy_rows (self);
}

CfPreferencesWindow *
cf_preferences_window_new (CfContext *context)
{
  CfPreferencesWindow *self;
  CfStore *store;
  GSettings *settings;
  g_autofree char *changes = NULL;
  gint64 n_ops;

  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);

  self = g_object_new (CF_TYPE_PREFERENCES_WINDOW, NULL);
  self->context = g_object_ref (context);
  store = cf_context_get_store (context);
  settings = cf_context_get_settings (context);

  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      g_settings_bind (settings, "remember-user", self->remember_user_switch, "active",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "server-url", self->server_row, "text", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "roster-min-rest-hours", self->min_rest_spin, "value",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "roster-max-consecutive-days", self->max_days_spin, "value",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "roster-max-week-hours", self->max_week_spin, "value",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "roster-month-tolerance-hours", self->tolerance_spin, "value",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "escalation-notifications", self->notifications_switch, "active",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "handover-notifications", self->handover_notifications_switch,
                       "active", G_SETTINGS_BIND_DEFAULT);
      g_signal_connect_object (settings, "changed::server-ca-file",
                               G_CALLBACK (on_settings_ca_file_changed_cb), self,
                               G_CONNECT_SWAPPED);
      on_settings_ca_file_changed_cb (self, "server-ca-file", settings);
      g_signal_connect_object (settings, "changed::sms-gateway-url",
                               G_CALLBACK (on_settings_sms_gateway_changed_cb), self,
                               G_CONNECT_SWAPPED);
      on_settings_sms_gateway_changed_cb (self, "sms-gateway-url", settings);
    }
  else
    {
      update_ca_row (self);
    }
  set_up_policy (self);

  adw_action_row_set_subtitle (self->database_row, cf_store_get_path (store));
  n_ops = cf_store_count (store, "SELECT COUNT(*) FROM op_log");
  changes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%lu change in the log of this desktop",
                                          "%lu changes in the log of this desktop",
                                          (gulong) n_ops),
                             (gulong) n_ops);
  adw_action_row_set_subtitle (self->changes_row, changes);

  return self;
}

/**
 * cf_preferences_window_choose_ca_file:
 * @file: the file chosen with the Choose… button
 *
 * Makes @file the server's CA certificate when it holds one; otherwise
 * says why not under the row, and the setting stays as it was.
 */
void
cf_preferences_window_choose_ca_file (CfPreferencesWindow *self,
                                      GFile               *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (CF_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->settings == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_ca_error (self, _("Choose a file on this computer."));
      return;
    }

  load_ca_file_async (self, path, on_chosen_ca_file_loaded_cb);
}
