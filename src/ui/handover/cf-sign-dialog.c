/* cf-sign-dialog.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-sign-dialog"

#include "config.h"

#include "cf-sign-dialog.h"

#include <string.h>
#include <glib/gi18n.h>
#include <sodium.h>

#include "cf-context.h"
#include "cf-form.h"
#include "cf-op.h"
#include "cf-session.h"
#include "cf-store.h"
#include "cf-window.h"

/* The dialog of one step on a handover sheet: a text (remarks, an
 * addendum, a note on an item) and, to sign, the signer's password again,
 * which opens their signing key. A wrong password or a refusal keeps the
 * dialog open with what was typed, saying why; the password is never kept.
 */

typedef struct
{
  GtkWindow       *window;
  CfContext       *context;
  GtkTextView     *text_view;
  GtkPasswordEntry *password_entry;
  GtkLabel        *problem_label;
  GtkWidget       *apply_button;
  GtkSpinner      *spinner;
  GCancellable    *cancellable;   /* the key being opened; cancelled with the window */
  gboolean         busy;
  gboolean         text_required;
  char            *done_title;
  gboolean         undoable;
  void           (*done) (gpointer user_data);
  CfSignBuildFunc  build;
  gpointer         user_data;
  GDestroyNotify   destroy;
} SignDialog;

static void
sign_dialog_free (SignDialog *data)
{
  if (data->destroy != NULL)
    data->destroy (data->user_data);
  g_clear_object (&data->cancellable);
  g_clear_object (&data->context);
  g_free (data->done_title);
  g_free (data);
}

static char *
get_text (SignDialog *data)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  if (data->text_view == NULL)
    return NULL;
  buffer = gtk_text_view_get_buffer (data->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The step can be taken once what it needs is typed. */
static void
update_apply (SignDialog *data)
{
  g_autofree char *text = get_text (data);
  gboolean ready = !data->text_required || cf_form_has_text (text);

  if (data->password_entry != NULL)
    ready = ready && *gtk_editable_get_text (GTK_EDITABLE (data->password_entry)) != '\0';
  gtk_widget_set_sensitive (data->apply_button, ready && !data->busy);
}

static void
on_input_changed_cb (SignDialog *data)
{
  cf_form_show_problem (data->problem_label, NULL);
  update_apply (data);
}

static void
show_problem (SignDialog *data,
              const char *message)
{
  /* Emptying the password clears the problem shown: it goes first. */
  if (data->password_entry != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (data->password_entry), "");
      gtk_widget_grab_focus (GTK_WIDGET (data->password_entry));
    }
  cf_form_show_problem (data->problem_label, message);
}

/* Records the step built with @key (NULL when no password is asked). */
static void
record_step (SignDialog   *data,
             CfSigningKey *key)
{
  CfSession *session = cf_context_get_session (data->context);
  g_autofree char *text = get_text (data);
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;

  ops = data->build (text, key, data->user_data, &error);
  if (ops == NULL)
    {
      show_problem (data, error->message);
      return;
    }

  if (!cf_store_apply (cf_context_get_store (data->context), cf_session_get_user_id (session),
                       (CfOp **) ops->pdata, ops->len, &error))
    {
      show_problem (data, error->message);
      return;
    }

  if (data->undoable)
    {
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
      g_auto (GStrv) op_ids = NULL;

      for (guint i = 0; i < ops->len; i++)
        g_strv_builder_add (builder, cf_op_get_op_id (ops->pdata[i]));
      op_ids = g_strv_builder_end (builder);
      cf_window_show_undo_toast (GTK_WIDGET (data->window), data->done_title,
                                 (const char * const *) op_ids);
    }
  else
    cf_window_show_toast (GTK_WIDGET (data->window), adw_toast_new (data->done_title));
  if (data->done != NULL)
    data->done (data->user_data);
  gtk_window_destroy (data->window);
}

static void
set_busy (SignDialog *data,
          gboolean    busy)
{
  /* The entry keeps its focus (and sensitivity): while busy, it only
   * does not activate.
   */
  data->busy = busy;
  if (data->text_view != NULL)
    gtk_text_view_set_editable (data->text_view, !busy);
  gtk_spinner_set_spinning (data->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (data->spinner), busy);
  update_apply (data);
}

static void
on_key_opened_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GtkWindow) window = user_data;
  SignDialog *data = g_object_get_data (G_OBJECT (window), "cf-sign-dialog");
  g_autoptr (CfSigningKey) key = NULL;
  g_autoptr (GError) error = NULL;

  key = cf_signing_open_key_finish (result, &error);
  if (data == NULL || g_cancellable_is_cancelled (data->cancellable))
    return;

  set_busy (data, FALSE);
  if (key == NULL)
    {
      show_problem (data, error->message);
      return;
    }
  record_step (data, key);
}

static void
on_apply_clicked_cb (SignDialog *data)
{
  CfSession *session = cf_context_get_session (data->context);

  if (!gtk_widget_get_sensitive (data->apply_button) || data->busy)
    return;

  if (data->password_entry == NULL)
    {
      record_step (data, NULL);
      return;
    }

  /* The password opens the signer's key in a worker thread (Argon2id,
   * slow on purpose); the entry is emptied at once.
   */
  cf_signing_open_key_async (cf_context_get_store (data->context),
                             cf_session_get_user_id (session),
                             gtk_editable_get_text (GTK_EDITABLE (data->password_entry)),
                             data->cancellable, on_key_opened_cb, g_object_ref (data->window));
  gtk_editable_set_text (GTK_EDITABLE (data->password_entry), "");
  set_busy (data, TRUE);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   SignDialog            *data)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_CONTROL_MASK))
    {
      on_apply_clicked_cb (data);
      return TRUE;
    }

  return FALSE;
}

static GtkWidget *
add_text (SignDialog             *data,
          GtkBox                 *box,
          const CfSignDialogSpec *spec)
{
  GtkWidget *label = gtk_label_new (spec->text_label);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *text_view = gtk_text_view_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (box, label);

  gtk_widget_set_name (text_view, "sign-text");
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (text_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (text_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  spec->text_label, -1);
  if (spec->initial_text != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)),
                              spec->initial_text, -1);
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)), "changed",
                            G_CALLBACK (on_input_changed_cb), data);
  data->text_view = GTK_TEXT_VIEW (text_view);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), text_view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 100);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_box_append (box, scrolled);

  return text_view;
}

static GtkWidget *
add_password (SignDialog *data,
              GtkBox     *box)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (_("Your _password"));
  GtkWidget *entry = gtk_password_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_box_append (box, label);

  gtk_widget_set_name (entry, "sign-password");
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Your password"), -1);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_input_changed_cb), data);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (on_apply_clicked_cb), data);
  data->password_entry = GTK_PASSWORD_ENTRY (entry);
  gtk_box_append (box, entry);

  return entry;
}

/**
 * cf_sign_dialog_present:
 * @parent: a widget of the window the dialog is for
 * @build: makes the step from what is typed, once the user asks
 * @destroy: (nullable): frees @user_data when the dialog is gone
 *
 * Shows the dialog of a step on a handover sheet. The step's ops are
 * recorded by the signed-in user when @build makes them; the dialog closes
 * with a toast in the main window.
 */
void
cf_sign_dialog_present (GtkWidget              *parent,
                        CfContext              *context,
                        const CfSignDialogSpec *spec,
                        CfSignBuildFunc         build,
                        gpointer                user_data,
                        GDestroyNotify          destroy)
{
  SignDialog *data = g_new0 (SignDialog, 1);
  GtkWidget *window = adw_window_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *apply = gtk_button_new_with_mnemonic (spec->apply_label);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *description = gtk_label_new (spec->description);
  GtkWidget *problem = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT,
                                     NULL);
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkWidget *focus = NULL;

  data->window = GTK_WINDOW (window);
  data->context = g_object_ref (context);
  data->text_required = spec->text_required;
  data->done_title = g_strdup (spec->done_title);
  data->undoable = spec->undoable;
  data->done = spec->done;
  data->build = build;
  data->user_data = user_data;
  data->destroy = destroy;
  data->apply_button = apply;
  g_object_set_data_full (G_OBJECT (window), "cf-sign-dialog", data,
                          (GDestroyNotify) sign_dialog_free);

  gtk_widget_set_name (window, "sign-dialog");
  gtk_window_set_title (GTK_WINDOW (window), spec->title);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (parent)));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, spec->text_label != NULL ? 440 : 300);

  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  data->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (data->spinner), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (data->spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Signing"), -1);
  data->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (window, "destroy", G_CALLBACK (g_cancellable_cancel),
                            data->cancellable);
  gtk_widget_set_name (apply, "sign-apply-button");
  gtk_widget_add_css_class (apply, "suggested-action");
  g_signal_connect_swapped (apply, "clicked", G_CALLBACK (on_apply_clicked_cb), data);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), apply);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (data->spinner));
  gtk_box_append (GTK_BOX (content), header);

  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_vexpand (box, TRUE);
  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_widget_set_name (description, "sign-description");
  gtk_box_append (GTK_BOX (box), description);

  if (spec->text_label != NULL)
    focus = add_text (data, GTK_BOX (box), spec);
  if (spec->ask_password)
    {
      GtkWidget *entry = add_password (data, GTK_BOX (box));

      if (focus == NULL || spec->initial_text != NULL)
        focus = entry;
    }

  gtk_widget_set_name (problem, "problem-label");
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_widget_add_css_class (problem, "error");
  gtk_widget_set_visible (problem, FALSE);
  data->problem_label = GTK_LABEL (problem);
  gtk_box_append (GTK_BOX (box), problem);
  gtk_box_append (GTK_BOX (content), box);

  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), data);
  gtk_widget_add_controller (window, keys);
  cf_form_add_close_shortcut (window);

  adw_window_set_content (ADW_WINDOW (window), content);
  update_apply (data);
  gtk_window_present (GTK_WINDOW (window));
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
}
