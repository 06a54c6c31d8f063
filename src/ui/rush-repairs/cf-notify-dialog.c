/* cf-notify-dialog.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-notify-dialog"

#include "config.h"

#include "cf-notify-dialog.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-escalation.h"
#include "cf-form.h"
#include "cf-registry.h"
#include "cf-rush-repair.h"
#include "cf-rush-repair-order.h"
#include "cf-session.h"
#include "cf-sms-gateway.h"
#include "cf-store.h"
#include "cf-window.h"

/* Records who was told of a rush-repair order, and how: by phone, or by
 * SMS. With an SMS gateway set in Preferences (the "sms-gateway-url" key),
 * the SMS can be sent from here: one request per person, all at once,
 * each person's notification recorded with what the gateway answered.
 * Without one, the user records that they texted or called by hand.
 *
 * While the messages are on their way the dialog cannot be closed: a
 * message sent must not go unrecorded. The wait is bounded by the
 * gateway's timeout. Should recording be refused (the order moved on
 * meanwhile), the answers stay shown and can be recorded again.
 */

/* At most this many SMS in one go: each is a request of its own. */
#define MAX_GATEWAY_PEOPLE 20

typedef struct
{
  char     *name;      /* nullable */
  char     *phone;     /* as typed; nullable */
  char     *number;    /* as sent; NULL when @phone is not a number */
  char     *answer;    /* the gateway's, once it came */
  guint     status;
  gboolean  answered;
  gboolean  recorded;
} Person;

struct _CfNotifyDialog
{
  AdwWindow       parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkWidget      *send_button;
  GtkTextView    *people_view;
  AdwComboRow    *channel_row;
  AdwActionRow   *gateway_row;
  GtkSwitch      *gateway_switch;
  AdwEntryRow    *message_row;
  GtkWidget      *results_group;
  GtkListBox     *results_list;
  GtkWidget      *sending_box;
  GtkSpinner     *spinner;
  GtkLabel       *sending_label;
  GtkLabel       *problem_label;

  /* Owned references */
  CfContext      *context;
  char           *order_id;
  CfSmsGateway   *gateway;       /* NULL without a usable gateway */
  GCancellable   *cancellable;
  GPtrArray      *sent;          /* Person: the SMS sent, until all are recorded */
  guint           n_waiting;     /* answers still to come */

  /* Problems are named once the user has changed something. */
  gboolean        touched;
};

G_DEFINE_FINAL_TYPE (CfNotifyDialog, cf_notify_dialog, ADW_TYPE_WINDOW)

static void
person_free (Person *person)
{
  g_free (person->name);
  g_free (person->phone);
  g_free (person->number);
  g_free (person->answer);
  g_free (person);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Person, person_free)

static CfStore *
get_store (CfNotifyDialog *self)
{
  return cf_context_get_store (self->context);
}

static const char *
get_author (CfNotifyDialog *self)
{
  return cf_session_get_user_id (cf_context_get_session (self->context));
}

static char *
strip_or_null (char *text)
{
  g_strstrip (text);
  if (text[0] != '\0')
    return text;

  g_free (text);
  return NULL;
}

/* One line of the people typed: a name, then a phone number, after the
 * last comma when there is one, else from the first digit or "+".
 */
static Person *
parse_line (const char *line)
{
  Person *person = g_new0 (Person, 1);
  const char *comma = strrchr (line, ',');
  const char *wide_comma = g_utf8_strrchr (line, -1, 0xFF0C);   /* ， */
  const char *split = NULL;
  const char *phone = NULL;

  if (wide_comma != NULL && (comma == NULL || wide_comma > comma))
    {
      split = wide_comma;
      phone = g_utf8_next_char (wide_comma);
    }
  else if (comma != NULL)
    {
      split = comma;
      phone = comma + 1;
    }
  else
    {
      for (const char *p = line; *p != '\0' && split == NULL; p++)
        {
          if (g_ascii_isdigit (*p) || *p == '+')
            split = phone = p;
        }
    }

  if (split == NULL)
    {
      person->name = strip_or_null (g_strdup (line));
      return person;
    }

  person->name = strip_or_null (g_strndup (line, split - line));
  person->phone = strip_or_null (g_strdup (phone));
  if (person->phone != NULL)
    person->number = cf_sms_gateway_normalize_phone (person->phone, NULL);

  return person;
}

/* Returns: (transfer container) (element-type Person): the people typed, a line each */
static GPtrArray *
parse_people (CfNotifyDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->people_view);
  GPtrArray *people = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (Person) person = parse_line (lines[i]);

      if (person->name != NULL || person->phone != NULL)
        g_ptr_array_add (people, g_steal_pointer (&person));
    }

  return people;
}

/* Who a person is, as the notification records it. */
static char *
describe_person (Person *person)
{
  const char *phone = person->number != NULL ? person->number : person->phone;

  if (person->name != NULL && phone != NULL)
    /* translators: a person notified of a rush repair: a name and a phone number */
    return g_strdup_printf (_("%s (%s)"), person->name, phone);

  return g_strdup (person->name != NULL ? person->name : phone);
}

/* Everyone typed, for a notification that names them all. */
static char *
describe_people (GPtrArray *people)
{
  g_autoptr (GString) who = g_string_new (NULL);

  for (guint i = 0; i < people->len; i++)
    {
      g_autofree char *person = describe_person (people->pdata[i]);

      if (i > 0)
        /* translators: what separates the people notified in one entry */
        g_string_append (who, _("; "));
      g_string_append (who, person);
    }

  return g_string_free (g_steal_pointer (&who), FALSE);
}

static const char *
selected_channel (CfNotifyDialog *self)
{
  const CfField *field = cf_kind_lookup_field (cf_registry_lookup ("rush_repair_entry"),
                                               "channel");
  guint selected = adw_combo_row_get_selected (self->channel_row);

  return selected < g_strv_length ((GStrv) field->choices) ? field->choices[selected] : NULL;
}

static gboolean
uses_gateway (CfNotifyDialog *self)
{
  return self->gateway != NULL && g_strcmp0 (selected_channel (self), "sms") == 0 &&
         gtk_switch_get_active (self->gateway_switch);
}

static gboolean
is_sending (CfNotifyDialog *self)
{
  return self->n_waiting > 0;
}

/* What keeps the people typed from being notified this way, or NULL. */
static char *
find_problem (CfNotifyDialog *self,
              GPtrArray      *people)
{
  gboolean gateway = uses_gateway (self);
  g_autofree char *who = describe_people (people);
  g_autoptr (JsonNode) value = NULL;
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;
  char *problem;

  if (gateway)
    {
      if (people->len > MAX_GATEWAY_PEOPLE)
        return g_strdup_printf (_("Send to at most %u people at a time."), MAX_GATEWAY_PEOPLE);
      for (guint i = 0; i < people->len; i++)
        {
          Person *person = people->pdata[i];

          if (person->phone == NULL)
            /* translators: %u counts the lines of people typed, %s is a name */
            return g_strdup_printf (_("Line %u: add a phone number to text %s."), i + 1,
                                    person->name);
          if (person->number == NULL)
            {
              g_autoptr (GError) phone_error = NULL;
              g_autofree char *number = cf_sms_gateway_normalize_phone (person->phone,
                                                                        &phone_error);

              /* translators: %u counts the lines of people typed, %s says what is wrong */
              return g_strdup_printf (_("Line %u: %s"), i + 1, phone_error->message);
            }
        }
      if (!cf_sms_gateway_check_message (gtk_editable_get_text (GTK_EDITABLE (self->message_row)),
                                         &error))
        return g_strdup (error->message);
    }
  else if (people->len > 0)
    {
      /* All in one notification: the field's own limits apply. */
      value = json_node_init_string (json_node_alloc (), who);
      problem = cf_form_check_value (GTK_WIDGET (self->people_view), get_store (self),
                                     "rush_repair_entry", "notified", value, NULL, FALSE);
      if (problem != NULL)
        return problem;
    }

  /* What the core says: the order may have moved on, or nobody is named. */
  if (gateway && people->len > 0)
    {
      g_clear_pointer (&who, g_free);
      who = describe_person (people->pdata[0]);
    }
  ops = cf_rush_repair_record_notified (get_store (self), get_author (self), self->order_id, who,
                                        selected_channel (self), gateway ? "-" : NULL, &error);
  if (ops == NULL)
    return g_strdup (error->message);

  return NULL;
}

/* Returns: whether the people typed can be notified as chosen */
static gboolean
validate (CfNotifyDialog *self)
{
  g_autoptr (GPtrArray) people = parse_people (self);
  g_autofree char *problem = NULL;
  gboolean sms = g_strcmp0 (selected_channel (self), "sms") == 0;
  gboolean gateway = uses_gateway (self);

  gtk_widget_set_visible (GTK_WIDGET (self->gateway_row), sms);
  gtk_widget_set_visible (GTK_WIDGET (self->message_row), gateway);

  if (self->sent != NULL)
    {
      /* Sent, not yet all recorded: recording is what is left to do. */
      gtk_button_set_label (GTK_BUTTON (self->send_button), _("_Record Answers"));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.send", !is_sending (self));
      return FALSE;
    }

  problem = find_problem (self, people);
  cf_form_show_problem (self->problem_label,
                        self->touched || people->len > 0 ? problem : NULL);
  gtk_button_set_label (GTK_BUTTON (self->send_button),
                        gateway ? _("_Send and Record") : _("_Record"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.send", problem == NULL);

  return problem == NULL;
}

static void
on_input_changed_cb (CfNotifyDialog *self)
{
  self->touched = TRUE;
  validate (self);
}

/* Recording ------------------------------------------------------------------ */

static gboolean
accepted (Person *person)
{
  return person->status >= 200 && person->status < 300;
}

/* Records each SMS sent with the gateway's answer, one notification per
 * person; on a refusal, what is left stays for another try.
 */
static void
record_sent (CfNotifyDialog *self)
{
  guint n_accepted = 0;
  g_autofree char *title = NULL;

  for (guint i = 0; i < self->sent->len; i++)
    {
      Person *person = self->sent->pdata[i];
      g_autofree char *who = describe_person (person);
      g_autoptr (GPtrArray) ops = NULL;
      g_autoptr (GError) error = NULL;

      n_accepted += accepted (person);
      if (person->recorded)
        continue;
      ops = cf_rush_repair_record_notified (get_store (self), get_author (self), self->order_id,
                                            who, "sms", person->answer, &error);
      if (ops == NULL ||
          !cf_store_apply (get_store (self), get_author (self), (CfOp * const *) ops->pdata,
                           ops->len, &error))
        {
          cf_form_show_problem (self->problem_label, error->message);
          validate (self);
          return;
        }
      person->recorded = TRUE;
    }

  if (n_accepted == self->sent->len)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "SMS sent to %u person; the gateway’s answer is "
                                          "recorded",
                                          "SMS sent to %u people; the gateway’s answers are "
                                          "recorded", n_accepted),
                             n_accepted);
  else
    /* translators: e.g. “The SMS gateway took 1 of 3 messages: …” */
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "The SMS gateway took %u of %u message: call the "
                                          "others; its answers are in the history",
                                          "The SMS gateway took %u of %u messages: call the "
                                          "others; its answers are in the history",
                                          self->sent->len),
                             n_accepted, self->sent->len);
  cf_window_show_toast (GTK_WIDGET (self), cf_form_new_toast (title, NULL, NULL));
  g_clear_pointer (&self->sent, g_ptr_array_unref);
  gtk_window_close (GTK_WINDOW (self));
}

/* Records one notification naming everyone, sent or called by hand. */
static void
record_by_hand (CfNotifyDialog *self)
{
  g_autoptr (GPtrArray) people = parse_people (self);
  g_autofree char *who = describe_people (people);
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;
  const char *channel = selected_channel (self);

  ops = cf_rush_repair_record_notified (get_store (self), get_author (self), self->order_id, who,
                                        channel, NULL, &error);
  if (ops == NULL ||
      !cf_store_apply (get_store (self), get_author (self), (CfOp * const *) ops->pdata,
                       ops->len, &error))
    {
      cf_form_show_problem (self->problem_label, error->message);
      return;
    }

  cf_window_show_toast (GTK_WIDGET (self),
                        cf_form_new_toast (g_str_equal (channel, "sms")
                                           ? _("Recorded: people notified by SMS")
                                           : _("Recorded: people notified by phone"),
                                           NULL, NULL));
  gtk_window_close (GTK_WINDOW (self));
}

/* Sending -------------------------------------------------------------------- */

static GtkWidget *
create_result_row (Person *person)
{
  g_autofree char *who = describe_person (person);
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_set_name (row, "result-row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), who);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Sending…"));

  return row;
}

static void
update_result_row (CfNotifyDialog *self,
                   guint           index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->results_list, index);
  Person *person = self->sent->pdata[index];

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), person->answer);
  gtk_widget_add_css_class (GTK_WIDGET (row), accepted (person) ? "success" : "error");
}

static void
update_sending (CfNotifyDialog *self)
{
  gboolean sending = is_sending (self);

  gtk_widget_set_visible (self->sending_box, sending);
  gtk_spinner_set_spinning (self->spinner, sending);
  gtk_widget_set_sensitive (GTK_WIDGET (self->people_view), self->sent == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->channel_row), self->sent == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->gateway_row), self->sent == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->message_row), self->sent == NULL);
  if (sending)
    {
      g_autofree char *text = NULL;

      /* translators: %u is how many SMS still wait for the gateway's answer */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Waiting for the gateway to answer %u message…",
                                           "Waiting for the gateway to answer %u messages…",
                                           self->n_waiting),
                              self->n_waiting);
      gtk_label_set_text (self->sending_label, text);
    }
  validate (self);
}

typedef struct
{
  CfNotifyDialog *self;    /* not a reference: the dialog cancels its sends in dispose */
  guint           index;
} SendData;

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autofree SendData *data = user_data;
  g_autoptr (GError) error = NULL;
  guint status = 0;
  char *answer;
  CfNotifyDialog *self;
  Person *person;

  answer = cf_sms_gateway_send_finish (CF_SMS_GATEWAY (object), result, &status, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = data->self;
  person = self->sent->pdata[data->index];
  person->answered = TRUE;
  person->status = status;
  person->answer = answer != NULL ? answer : g_strdup (error->message);
  self->n_waiting--;
  update_result_row (self, data->index);
  update_sending (self);

  if (!is_sending (self))
    record_sent (self);
}

static void
send_all (CfNotifyDialog *self)
{
  g_autofree char *message = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->message_row)));

  self->sent = parse_people (self);
  for (guint i = 0; i < self->sent->len; i++)
    {
      Person *person = self->sent->pdata[i];
      SendData *data = g_new0 (SendData, 1);

      gtk_list_box_append (self->results_list, create_result_row (person));
      data->self = self;
      data->index = i;
      self->n_waiting++;
      cf_sms_gateway_send_async (self->gateway, person->number, message, self->cancellable,
                                 on_sent_cb, data);
    }
  gtk_widget_set_visible (self->results_group, TRUE);
  update_sending (self);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfNotifyDialog *self = CF_NOTIFY_DIALOG (widget);

  if (is_sending (self))
    return;
  if (self->sent != NULL)
    {
      record_sent (self);
      return;
    }

  self->touched = TRUE;
  if (!validate (self))
    return;

  if (uses_gateway (self))
    send_all (self);
  else
    record_by_hand (self);
}

/* Messages on their way are recorded before the dialog goes. */
static gboolean
on_close_request_cb (CfNotifyDialog *self)
{
  return is_sending (self);
}

/* Setup ---------------------------------------------------------------------- */

static void
fill_channels (CfNotifyDialog *self)
{
  const CfField *field = cf_kind_lookup_field (cf_registry_lookup ("rush_repair_entry"),
                                               "channel");
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);

  for (guint i = 0; field->choices[i] != NULL; i++)
    gtk_string_list_append (labels, cf_field_get_choice_label (field, i));
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->channel_row, 0);
}

/* The gateway set in Preferences, if any and if it can be used. */
static void
set_up_gateway (CfNotifyDialog *self)
{
  GSettings *settings = cf_context_get_settings (self->context);
  g_autofree char *url_template = settings != NULL
                                  ? g_settings_get_string (settings, "sms-gateway-url") : NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *subtitle = NULL;

  if (url_template == NULL || url_template[0] == '\0')
    {
      adw_action_row_set_subtitle (self->gateway_row,
                                   _("No SMS gateway is set in Preferences: record that you "
                                     "texted them yourself."));
    }
  else
    {
      self->gateway = cf_sms_gateway_new (url_template, &error);
      if (self->gateway == NULL)
        {
          /* translators: %s says what is wrong with the gateway's URL */
          subtitle = g_strdup_printf (_("The SMS gateway in Preferences cannot be used: %s"),
                                      error->message);
          adw_action_row_set_subtitle (self->gateway_row, subtitle);
        }
      else
        {
          /* translators: %s is the host name of the SMS gateway */
          subtitle = g_strdup_printf (_("One SMS per person through %s; each answer is recorded"),
                                      cf_sms_gateway_get_host (self->gateway));
          adw_action_row_set_subtitle (self->gateway_row, subtitle);
        }
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->gateway_switch), self->gateway != NULL);
  gtk_switch_set_active (self->gateway_switch, self->gateway != NULL);
}

static void
cf_notify_dialog_dispose (GObject *object)
{
  CfNotifyDialog *self = (CfNotifyDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_NOTIFY_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->gateway);
  g_clear_object (&self->context);
  g_clear_pointer (&self->order_id, g_free);
  g_clear_pointer (&self->sent, g_ptr_array_unref);

  G_OBJECT_CLASS (cf_notify_dialog_parent_class)->dispose (object);
}

static void
cf_notify_dialog_class_init (CfNotifyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_notify_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX
                                               "/ui/rush-repairs/cf-notify-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CfNotifyDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CfNotifyDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, CfNotifyDialog, people_view);
  gtk_widget_class_bind_template_child (widget_class, CfNotifyDialog, channel_row);
  gtk_widget_class_bind_template_child (widget_class, CfNotifyDialog, gateway_row);
  gtk_widget_class_bind_template_child (widget_class, CfNotifyDialog, gateway_switch);
  gtk_widget_class_bind_template_child (widget_class, CfNotifyDialog, message_row);
  gtk_widget_class_bind_template_child (widget_class, CfNotifyDialog, results_group);
  gtk_widget_class_bind_template_child (widget_class, CfNotifyDialog, results_list);
  gtk_widget_class_bind_template_child (widget_class, CfNotifyDialog, sending_box);
  gtk_widget_class_bind_template_child (widget_class, CfNotifyDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CfNotifyDialog, sending_label);
  gtk_widget_class_bind_template_child (widget_class, CfNotifyDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_close_request_cb);

  gtk_widget_class_install_action (widget_class, "dialog.send", NULL, send_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  /* Return is a new line among the people: Ctrl+Return sends. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "dialog.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "dialog.send",
                                       NULL);
}

static void
cf_notify_dialog_init (CfNotifyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  g_signal_connect_object (gtk_text_view_get_buffer (self->people_view), "changed",
                           G_CALLBACK (on_input_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * cf_notify_dialog_new:
 * @order_id: the rush-repair order whose people are notified
 *
 * Returns: (transfer floating): the dialog, to present
 */
CfNotifyDialog *
cf_notify_dialog_new (CfContext  *context,
                      const char *order_id)
{
  g_autoptr (CfRushRepairOrder) order = NULL;
  CfNotifyDialog *self;

  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  self = g_object_new (CF_TYPE_NOTIFY_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->order_id = g_strdup (order_id);

  order = cf_rush_repair_order_lookup (get_store (self), order_id, NULL);
  if (order != NULL)
    {
      g_autofree char *message = NULL;

      adw_window_title_set_subtitle (self->window_title,
                                     cf_rush_repair_order_get_summary (order));
      /* translators: the SMS sent to the people who do a rush repair: what
       * needs repairing and who raised it
       */
      message = g_strdup_printf (_("Rush repair: %s (raised by %s). Please reply when it is "
                                   "done."),
                                 cf_rush_repair_order_get_summary (order),
                                 cf_rush_repair_order_get_raised_by_department (order));
      gtk_editable_set_text (GTK_EDITABLE (self->message_row), message);
    }

  fill_channels (self);
  set_up_gateway (self);

  /* A new form starts without complaints; they come as the user types. */
  self->touched = FALSE;
  validate (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->people_view));

  return self;
}

/* Returns: whether SMS are on their way, their answers not all in */
gboolean
cf_notify_dialog_is_sending (CfNotifyDialog *self)
{
  g_return_val_if_fail (CF_IS_NOTIFY_DIALOG (self), FALSE);

  return is_sending (self);
}
