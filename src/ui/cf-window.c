/* cf-window.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-window"

#include "config.h"

#include "cf-window.h"

#include <glib/gi18n.h>

#include "cf-conflicts-view.h"
#include "cf-context.h"
#include "cf-duty-log-view.h"
#include "cf-escalation-notifier.h"
#include "cf-escalations-view.h"
#include "cf-handover-view.h"
#include "cf-leave-view.h"
#include "cf-session.h"
#include "cf-sign-in-page.h"
#include "cf-roster-view.h"
#include "cf-rush-repairs-view.h"
#include "cf-staff-view.h"
#include "cf-replica.h"
#include "cf-store.h"
#include "cf-sync-codec.h"
#include "cf-sync-engine.h"

struct _CfWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  CfSignInPage         *sign_in_page;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  AdwWindowTitle       *view_title;
  GtkStack             *view_stack;
  GtkLabel             *sync_label;

  /* Owned references */
  CfContext            *context;
  CfSyncEngine         *engine;      /* NULL when this desktop works alone */
  CfEscalationNotifier *notifier;    /* NULL for a window without an application */
};

G_DEFINE_FINAL_TYPE (CfWindow, cf_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The views in the sidebar. A view is listed only when it works. */
static const struct
{
  const char *name;
  const char *title;
  const char *icon_name;
  GType     (*get_type) (void);
  gboolean    needs_server;
} views[] = {
  { "roster", N_("Roster"), "x-office-calendar-symbolic", cf_roster_view_get_type, FALSE },
  { "leave", N_("Leave"), "airplane-mode-symbolic", cf_leave_view_get_type, FALSE },
  { "escalations", N_("Escalations"), "mail-mark-important-symbolic",
    cf_escalations_view_get_type, FALSE },
  { "rush-repairs", N_("Rush Repairs"), "applications-engineering-symbolic",
    cf_rush_repairs_view_get_type, FALSE },
  { "duty-log", N_("Duty Log"), "document-edit-symbolic", cf_duty_log_view_get_type, FALSE },
  { "handover", N_("Handover"), "emblem-documents-symbolic", cf_handover_view_get_type, FALSE },
  { "staff", N_("Staff"), "system-users-symbolic", cf_staff_view_get_type, FALSE },
  { "conflicts", N_("Conflicts"), "dialog-warning-symbolic", cf_conflicts_view_get_type, TRUE },
};

/* The header bar says whether what is typed here has reached the server. */
static void
update_sync_label (CfWindow *self)
{
  CfStore *store = cf_context_get_store (self->context);
  g_autofree char *text = NULL;
  const char *tooltip = NULL;
  guint pending, conflicts;

  if (self->engine == NULL)
    return;

  pending = cf_replica_count_pending (store);
  conflicts = cf_replica_count_conflicts (store);
  switch (cf_sync_engine_get_state (self->engine))
    {
    case CF_SYNC_STATE_SYNCING:
      text = g_strdup (_("Syncing…"));
      break;
    case CF_SYNC_STATE_OFFLINE:
      text = pending > 0
               ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Offline · %u change waiting",
                                               "Offline · %u changes waiting", pending), pending)
               : g_strdup (_("Offline"));
      break;
    case CF_SYNC_STATE_UNTRUSTED:
      /* Never a silent fallback to the system's certificate authorities. */
      if (g_error_matches (cf_sync_engine_get_trust_error (self->engine),
                           CF_SYNC_ERROR, CF_SYNC_ERROR_CA_FILE))
        {
          text = g_strdup (_("Not syncing · CA certificate file unusable"));
          tooltip = _("The CA certificate file chosen in Preferences cannot be read. "
                      "Choose it again, or clear it to trust the system’s certificate "
                      "authorities.");
        }
      else
        {
          text = g_strdup (_("Not syncing · server certificate not trusted"));
          tooltip = _("If the call center signs its server’s certificate itself, choose "
                      "its CA certificate in Preferences.");
        }
      break;
    case CF_SYNC_STATE_SIGNED_OUT:
      text = g_strdup (_("Not signed in to the server"));
      break;
    case CF_SYNC_STATE_SYNCED:
    default:
      text = conflicts > 0
               ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Synced · %u conflict",
                                               "Synced · %u conflicts", conflicts), conflicts)
               : g_strdup (_("Synced"));
      break;
    }

  gtk_label_set_text (self->sync_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_label), tooltip);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_label),
                          cf_session_is_signed_in (cf_context_get_session (self->context)));
}

static void
show_view (CfWindow   *self,
           const char *name)
{
  GtkWidget *view = gtk_stack_get_child_by_name (self->view_stack, name);

  if (view == NULL)
    return;

  gtk_stack_set_visible_child (self->view_stack, view);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      if (g_str_equal (views[i].name, name))
        adw_window_title_set_title (self->view_title, _(views[i].title));
    }
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
        gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
    }

  if (cf_context_get_settings (self->context) != NULL)
    g_settings_set_string (cf_context_get_settings (self->context), "last-view", name);
}

static GtkWidget *
create_sidebar_row (guint index)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (_(views[index].title));

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (views[index].icon_name));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, views[index].name);

  return row;
}

static void
clear_views (CfWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->view_stack))) != NULL)
    gtk_stack_remove (self->view_stack, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list))) != NULL)
    gtk_list_box_remove (self->sidebar_list, child);
}

/* The views are made for the user who signed in, so each one shows what
 * that user's role may do; signing out throws them away.
 */
static void
create_views (CfWindow *self)
{
  CfSession *session = cf_context_get_session (self->context);
  GSettings *settings = cf_context_get_settings (self->context);
  g_autofree char *last_view = settings != NULL ? g_settings_get_string (settings, "last-view")
                                                : NULL;
  g_autofree char *subtitle = NULL;

  clear_views (self);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      GtkWidget *view;

      /* Conflicts arise only where desktops sync. */
      if (views[i].needs_server && self->engine == NULL)
        continue;

      view = g_object_new (views[i].get_type (), "context", self->context, NULL);
      gtk_stack_add_named (self->view_stack, view, views[i].name);
      gtk_list_box_append (self->sidebar_list, create_sidebar_row (i));
    }

  /* translators: the signed-in user and their role, e.g. “Wang Fang · Supervisor” */
  subtitle = g_strdup_printf (_("%s · %s"), cf_session_get_display_name (session),
                              cf_role_get_label (cf_session_get_role (session)));
  adw_window_title_set_subtitle (self->view_title, subtitle);

  if (last_view == NULL || gtk_stack_get_child_by_name (self->view_stack, last_view) == NULL)
    show_view (self, views[0].name);
  else
    show_view (self, last_view);
}

static void
on_sign_in_page_signed_in_cb (CfWindow     *self,
                              CfSignInPage *page)
{
  g_assert (CF_IS_WINDOW (self));

  create_views (self);
  if (self->engine != NULL)
    cf_sync_engine_start (self->engine);
  update_sync_label (self);
  gtk_stack_set_visible_child_name (self->main_stack, "main");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  gtk_widget_grab_focus (gtk_stack_get_visible_child (self->view_stack));
}

static void
on_sidebar_list_row_activated_cb (CfWindow      *self,
                                  GtkListBoxRow *row,
                                  GtkListBox    *list)
{
  g_assert (CF_IS_WINDOW (self));

  show_view (self, gtk_widget_get_name (GTK_WIDGET (row)));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CfWindow *self = CF_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CfWindow *self = CF_WINDOW (widget);

  cf_session_sign_out (cf_context_get_session (self->context));
  if (self->engine != NULL)
    cf_sync_engine_stop (self->engine);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_label), FALSE);
  clear_views (self);
  cf_sign_in_page_reset (self->sign_in_page);
  gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
}

/* The target of every Undo button: the ops to undo, as the store logged them. */
static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfWindow *self = CF_WINDOW (widget);
  CfSession *session = cf_context_get_session (self->context);
  g_autofree const char **op_ids = g_variant_get_strv (parameter, NULL);
  g_autoptr (GPtrArray) undone = NULL;
  g_autoptr (GError) error = NULL;

  if (!cf_session_is_signed_in (session))
    return;

  undone = cf_store_undo (cf_context_get_store (self->context), cf_session_get_user_id (session),
                          op_ids, &error);
  if (undone == NULL)
    cf_window_add_toast (self, adw_toast_new (error->message));
}

static gboolean
cf_window_close_request (GtkWindow *window)
{
  CfWindow *self = CF_WINDOW (window);
  GSettings *settings = cf_context_get_settings (self->context);

  if (settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (cf_window_parent_class)->close_request (window);
}

/* Whoever signs in here hears of the escalations that need them, through
 * the application the window belongs to (set after construction).
 */
static void
on_notify_application_cb (CfWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  g_clear_object (&self->notifier);
  if (application != NULL)
    self->notifier = cf_escalation_notifier_new (G_APPLICATION (application), self->context);
}

static void
cf_window_constructed (GObject *object)
{
  CfWindow *self = CF_WINDOW (object);
  GSettings *settings = cf_context_get_settings (self->context);

  G_OBJECT_CLASS (cf_window_parent_class)->constructed (object);

  if (settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  /* With a server configured, sign-in goes to it first and the engine
   * keeps this desktop in step once someone is signed in.
   */
  if (settings != NULL)
    {
      g_autofree char *server_url = g_settings_get_string (settings, "server-url");

      if (server_url[0] != '\0')
        {
          self->engine = cf_sync_engine_new (cf_context_get_store (self->context), server_url);
          /* Unlike the address, a new CA file is used at once. */
          g_settings_bind (settings, "server-ca-file", self->engine, "ca-file",
                           G_SETTINGS_BIND_GET);
          g_signal_connect_object (self->engine, "notify::state", G_CALLBACK (update_sync_label),
                                   self, G_CONNECT_SWAPPED);
          g_signal_connect_object (self->engine, "notify::ca-file", G_CALLBACK (update_sync_label),
                                   self, G_CONNECT_SWAPPED);
          g_signal_connect_object (cf_context_get_store (self->context), "changed",
                                   G_CALLBACK (update_sync_label), self, G_CONNECT_SWAPPED);
          cf_sign_in_page_set_engine (self->sign_in_page, self->engine);
        }
    }
  cf_sign_in_page_set_context (self->sign_in_page, self->context);

  g_signal_connect (self, "notify::application", G_CALLBACK (on_notify_application_cb), NULL);
  on_notify_application_cb (self);

  /* A session signed in before the window was made goes straight to work. */
  if (cf_session_is_signed_in (cf_context_get_session (self->context)))
    on_sign_in_page_signed_in_cb (self, self->sign_in_page);
}

static void
cf_window_dispose (GObject *object)
{
  CfWindow *self = (CfWindow *)object;

  if (self->engine != NULL)
    cf_sync_engine_stop (self->engine);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_WINDOW);
  g_clear_object (&self->notifier);
  g_clear_object (&self->engine);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cf_window_parent_class)->dispose (object);
}

static void
cf_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CfWindow *self = CF_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CfWindow *self = CF_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_window_class_init (CfWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = cf_window_constructed;
  object_class->dispose = cf_window_dispose;
  object_class->get_property = cf_window_get_property;
  object_class->set_property = cf_window_set_property;
  window_class->close_request = cf_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CF_TYPE_SIGN_IN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cf-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CfWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CfWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CfWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, CfWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CfWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, CfWindow, view_title);
  gtk_widget_class_bind_template_child (widget_class, CfWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CfWindow, sync_label);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_page_signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_list_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "window.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "window.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "window.undo", "as", undo_action);
}

static void
cf_window_init (CfWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CfWindow *
cf_window_new (CfApplication *application,
               CfContext     *context)
{
  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);

  return g_object_new (CF_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

/* Returns: (transfer none) (nullable): the sync engine, with a server set */
CfSyncEngine *
cf_window_get_engine (CfWindow *self)
{
  g_return_val_if_fail (CF_IS_WINDOW (self), NULL);

  return self->engine;
}

CfContext *
cf_window_get_context (CfWindow *self)
{
  g_return_val_if_fail (CF_IS_WINDOW (self), NULL);

  return self->context;
}

/* The name of the view on screen, or %NULL before sign-in. */
const char *
cf_window_get_visible_view (CfWindow *self)
{
  g_return_val_if_fail (CF_IS_WINDOW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") != 0)
    return NULL;

  return gtk_stack_get_visible_child_name (self->view_stack);
}

GtkWidget *
cf_window_get_view (CfWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (CF_IS_WINDOW (self), NULL);

  return gtk_stack_get_child_by_name (self->view_stack, name);
}

/**
 * cf_window_show_view:
 * @name: a view's name, such as "escalations"
 *
 * Puts the view @name on screen, as its row in the sidebar does.
 *
 * Returns: %FALSE when there is no such view, as before sign-in
 */
gboolean
cf_window_show_view (CfWindow   *self,
                     const char *name)
{
  g_return_val_if_fail (CF_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") != 0 ||
      gtk_stack_get_child_by_name (self->view_stack, name) == NULL)
    return FALSE;

  show_view (self, name);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  return TRUE;
}

/**
 * cf_window_show_handover_sheet:
 * @sheet_id: the handover sheet to select, or "" for none (the summary of
 *   several)
 *
 * Puts the Handover view on screen for a click on a handover notification
 * (app.show-handover-sheet), as app.show-escalation does with the
 * Escalations view; the view is told which sheet in the one call below.
 */
void
cf_window_show_handover_sheet (CfWindow   *self,
                               const char *sheet_id)
{
  GtkWidget *view;

  g_return_if_fail (CF_IS_WINDOW (self));
  g_return_if_fail (sheet_id != NULL);

  if (!cf_window_show_view (self, "handover") || sheet_id[0] == '\0')
    return;
  view = cf_window_get_view (self, "handover");
  if (!cf_handover_view_select (CF_HANDOVER_VIEW (view), sheet_id))
    g_debug ("The handover sheet %s is not here", sheet_id);
}

void
cf_window_add_toast (CfWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (CF_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * cf_window_show_toast:
 * @widget: a widget in a Callfloor window, or in a dialog in front of one
 *
 * Shows @toast in the main window @widget belongs to.
 */
void
cf_window_show_toast (GtkWidget *widget,
                      AdwToast  *toast)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (widget));

  while (window != NULL && !CF_IS_WINDOW (window))
    window = gtk_window_get_transient_for (window);

  if (window != NULL)
    cf_window_add_toast (CF_WINDOW (window), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/**
 * cf_window_show_undo_toast:
 * @title: what was done, e.g. “Wang Fang was deactivated”
 * @op_ids: the ops the Undo button undoes
 *
 * The newest change is the one a person wants to undo, so its toast goes
 * in front of any still showing.
 */
void
cf_window_show_undo_toast (GtkWidget          *widget,
                           const char         *title,
                           const char * const *op_ids)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "window.undo");
  adw_toast_set_action_target_value (toast, g_variant_new_strv (op_ids, -1));
  cf_window_show_toast (widget, toast);
}
