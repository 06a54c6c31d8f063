/* cf-handover-view.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-handover-view"

#include "config.h"

#include "cf-handover-view.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-escalation.h"
#include "cf-form.h"
#include "cf-handover.h"
#include "cf-handover-print.h"
#include "cf-handover-sheet-dialog.h"
#include "cf-handover-text.h"
#include "cf-leave.h"
#include "cf-list-detail.h"
#include "cf-registry.h"
#include "cf-session.h"
#include "cf-sign-dialog.h"
#include "cf-signing.h"
#include "cf-store.h"
#include "cf-window.h"

/* Shift handover (交接班): the sheets, newest first, searchable by date,
 * lead and text, and the one chosen beside them — being prepared by the
 * outgoing lead (each pre-filled item kept, removed or annotated), signed
 * out and waiting for the incoming lead's countersignature, or sealed with
 * its addenda. A sheet is verified every time it is shown: the list
 * verifies the rows on screen, the detail the sheet it shows, and one that
 * does not verify is marked tampered with, saying what failed.
 */

/* One sheet as the list shows it. */
#define CF_TYPE_HANDOVER_ROW (cf_handover_row_get_type ())
G_DECLARE_FINAL_TYPE (CfHandoverRow, cf_handover_row, CF, HANDOVER_ROW, GObject)

struct _CfHandoverRow
{
  GObject   parent_instance;

  char     *id;
  char     *shift_date;
  char     *shifts;      /* the outgoing and incoming shifts' codes */
  char     *leads;
  char     *status;
  char     *title;       /* date and shifts, made when first on screen */
  gboolean  overdue;     /* not countersigned in the time allowed */
  gboolean  checked;     /* verified since it was read */
  gboolean  unverified;  /* the check itself failed (tampered says why) */
  char     *tampered;    /* what fails; NULL when it verifies */
  GtkWidget *status_label; /* while the row is bound to one */
};

G_DEFINE_FINAL_TYPE (CfHandoverRow, cf_handover_row, G_TYPE_OBJECT)

static void
cf_handover_row_finalize (GObject *object)
{
  CfHandoverRow *self = CF_HANDOVER_ROW (object);

  g_free (self->id);
  g_free (self->shift_date);
  g_free (self->shifts);
  g_free (self->title);
  g_free (self->leads);
  g_free (self->status);
  g_free (self->tampered);

  G_OBJECT_CLASS (cf_handover_row_parent_class)->finalize (object);
}

static void
cf_handover_row_class_init (CfHandoverRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_handover_row_finalize;
}

static void
cf_handover_row_init (CfHandoverRow *self)
{
}

/* What the list shows. */
typedef enum
{
  SHOW_ALL,
  SHOW_TO_SIGN,       /* signed out to me, for my countersignature */
  SHOW_DRAFTS,
  SHOW_SIGNED_OUT,
  SHOW_SEALED,
} ShowFilter;

struct _CfHandoverView
{
  CfView              parent_instance;

  /* Template widgets */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *show_filter;
  GtkWidget          *new_button;
  GtkStack           *list_stack;
  GtkListView        *sheet_list;
  AdwStatusPage      *empty_page;
  GtkStack           *detail_stack;
  GtkScrolledWindow  *detail_scroller;
  GtkBox             *detail_box;
  GtkLabel           *count_label;

  /* Owned references */
  GListStore         *sheets;
  GtkSingleSelection *selection;
  char               *selected_id;
  char               *shown_content; /* of the sheet shown */
  GHashTable         *overdue;      /* ids of sheets overdue for countersigning */
  GQueue             *to_verify;    /* rows bound but not yet verified */
  GHashTable         *days;         /* shift date → its name on screen */
  guint               n_checked_at_once; /* since the list was read */
  GPtrArray          *later_rows;   /* read, to be added after the first ones */
  guint               later_source;
  guint               verify_source;
  gboolean            loaded;       /* read when the view is first shown */
  gboolean            reloading;    /* selection changes are ours */
};

G_DEFINE_FINAL_TYPE (CfHandoverView, cf_handover_view, CF_TYPE_VIEW)

/* The sheets of the list, newest first; with a search (?1, lower case)
 * their texts are read too, without one only the list's index is.
 */
#define SHEET_COLUMNS \
  "SELECT h.id, h.shift_date, COALESCE (ot.code, ''), COALESCE (it.code, ''), " \
  "  COALESCE (os.name, ou.login, ''), COALESCE (ins.name, iu.login, ''), h.status " \
  "FROM handover_sheet h " \
  "LEFT JOIN shift_type ot ON ot.id = h.outgoing_shift_type " \
  "LEFT JOIN shift_type it ON it.id = h.incoming_shift_type " \
  "LEFT JOIN app_user ou ON ou.id = h.outgoing_lead LEFT JOIN staff os ON os.id = ou.staff " \
  "LEFT JOIN app_user iu ON iu.id = h.incoming_lead LEFT JOIN staff ins ON ins.id = iu.staff " \
  "WHERE h.deleted = 0 AND (?2 IS NULL OR h.status = ?2) " \
  "AND (?3 IS NULL OR h.incoming_lead = ?3) "
#define SHEET_ORDER "ORDER BY h.shift_date DESC, ot.start_minute DESC, h.id DESC"

static const char *sheet_sql = SHEET_COLUMNS "AND ?1 IS NULL " SHEET_ORDER;
static const char *sheet_search_sql =
  SHEET_COLUMNS
  "AND (instr (h.shift_date, ?1) > 0 "
  "  OR instr (lower (COALESCE (os.name, ou.login, '')), ?1) > 0 "
  "  OR instr (lower (COALESCE (ins.name, iu.login, '')), ?1) > 0 "
  "  OR instr (lower (h.content), ?1) > 0 "
  "  OR instr (lower (COALESCE (h.incoming_remarks, '')), ?1) > 0 "
  "  OR EXISTS (SELECT 1 FROM handover_addendum a WHERE a.sheet = h.id AND a.deleted = 0 "
  "             AND instr (lower (a.text), ?1) > 0)) "
  SHEET_ORDER;

static CfContext *
get_context (CfHandoverView *self)
{
  return cf_view_get_context (CF_VIEW (self));
}

static CfStore *
get_store (CfHandoverView *self)
{
  return cf_context_get_store (get_context (self));
}

static CfSession *
get_session (CfHandoverView *self)
{
  return cf_context_get_session (get_context (self));
}

static const char *
get_user_id (CfHandoverView *self)
{
  return cf_session_get_user_id (get_session (self));
}

/* Whether the signed-in user leads shifts, and so may take part. */
static gboolean
leads_shifts (CfHandoverView *self)
{
  CfSession *session = get_session (self);

  return cf_session_is_signed_in (session) &&
         cf_kind_allows (cf_registry_lookup ("handover_sheet"), CF_OP_CREATE,
                         cf_session_get_role (session));
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

/* The name of the person of an account, or its login. */
static char *
user_name (CfStore    *store,
           const char *user_id)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store,
                      "SELECT COALESCE (s.name, u.login) FROM app_user u "
                      "LEFT JOIN staff s ON s.id = u.staff WHERE u.id = ?", NULL);

  if (stmt == NULL || user_id == NULL)
    return g_strdup ("");
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup ("");

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* A shift's code and name, e.g. “E Early”. */
static char *
shift_label (CfStore    *store,
             const char *shift_type_id)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store, "SELECT code, name FROM shift_type WHERE id = ?", NULL);

  if (stmt == NULL || shift_type_id == NULL)
    return g_strdup ("");
  sqlite3_bind_text (stmt, 1, shift_type_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup ("");

  /* translators: a shift: its code and name, e.g. “E Early” */
  return g_strdup_printf (_("%s %s"), (const char *) sqlite3_column_text (stmt, 0),
                          (const char *) sqlite3_column_text (stmt, 1));
}

/* The list ------------------------------------------------------------------ */

static guint
countersign_minutes (CfHandoverView *self)
{
  CfEscalationPolicy policy = CF_ESCALATION_POLICY_DEFAULT;

  /* Without a policy read, the default's time holds. */
  cf_escalation_policy_load (get_store (self), &policy, NULL);

  return policy.countersign_minutes;
}

/* Which sheets are late for their countersignature now. */
static void
read_overdue (CfHandoverView *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GPtrArray) overdue = NULL;
  g_autoptr (GError) error = NULL;

  g_hash_table_remove_all (self->overdue);
  overdue = cf_handover_list_overdue_countersign (get_store (self), now,
                                                  countersign_minutes (self), &error);
  if (overdue == NULL)
    {
      g_warning ("Cannot tell which handover sheets are overdue: %s", error->message);
      return;
    }
  for (guint i = 0; i < overdue->len; i++)
    g_hash_table_add (self->overdue, g_strdup (get_string (overdue->pdata[i], "id")));
}

static ShowFilter
get_show_filter (CfHandoverView *self)
{
  guint selected = gtk_drop_down_get_selected (self->show_filter);

  return selected <= SHOW_SEALED ? (ShowFilter) selected : SHOW_ALL;
}

static char *
get_search (CfHandoverView *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  return text[0] != '\0' ? g_ascii_strdown (text, -1) : NULL;
}

static void
bind_nullable (CfStatement *stmt,
               int          index,
               const char  *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* A row of sheet_sql; what needs the locale (the day's name) waits until
 * the row is on screen, as most of a long history never is.
 */
static CfHandoverRow *
row_from_statement (CfHandoverView *self,
                    CfStatement    *stmt)
{
  CfHandoverRow *row = g_object_new (CF_TYPE_HANDOVER_ROW, NULL);

  row->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  row->shift_date = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  /* translators: the shift handing over and the one taking over, by their
   * codes, e.g. “E → L”
   */
  row->shifts = g_strdup_printf (_("%s → %s"), (const char *) sqlite3_column_text (stmt, 2),
                                 (const char *) sqlite3_column_text (stmt, 3));
  /* translators: the outgoing and the incoming lead, e.g. “Li Na → Wang Fang” */
  row->leads = g_strdup_printf (_("%s → %s"), (const char *) sqlite3_column_text (stmt, 4),
                                (const char *) sqlite3_column_text (stmt, 5));
  row->status = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  row->overdue = g_hash_table_contains (self->overdue, row->id);

  return row;
}

static const char *
row_title (CfHandoverView *self,
           CfHandoverRow  *row)
{
  if (row->title == NULL)
    {
      const char *day = g_hash_table_lookup (self->days, row->shift_date);

      if (day == NULL)
        {
          day = cf_leave_describe_day (row->shift_date);
          g_hash_table_insert (self->days, g_strdup (row->shift_date), (char *) day);
        }

      /* translators: a handover sheet in the list: its day and the shifts, e.g.
       * “Mon 2026-11-23 · E → L”
       */
      row->title = g_strdup_printf (_("%s · %s"), day, row->shifts);
    }

  return row->title;
}

static void
update_empty_page (CfHandoverView *self,
                   gboolean        searching)
{
  ShowFilter filter = get_show_filter (self);

  if (searching || (filter != SHOW_ALL && filter != SHOW_TO_SIGN))
    {
      adw_status_page_set_icon_name (self->empty_page, "system-search-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Sheets Found"));
      adw_status_page_set_description (self->empty_page,
                                       _("Search for something else, or show all sheets."));
    }
  else if (filter == SHOW_TO_SIGN)
    {
      adw_status_page_set_icon_name (self->empty_page, "emblem-ok-symbolic");
      adw_status_page_set_title (self->empty_page, _("Nothing to Sign"));
      adw_status_page_set_description (self->empty_page,
                                       _("Sheets handed over to you appear here for your "
                                         "countersignature."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "document-edit-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Handover Sheets Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("At each shift change the outgoing lead starts a "
                                         "handover sheet (Ctrl+N), signs it, and the "
                                         "incoming lead countersigns it."));
    }
}

static void show_sheet           (CfHandoverView *self);
static void clear_rows_to_verify (CfHandoverView *self);

/* A list shows its first rows at once; the rest of a long history is
 * added once they are on screen, as the list view makes (and measures) a
 * row for up to a couple of hundred items it is given.
 */
#define FIRST_ROWS 50

/* Adds the rows held back, now (@add) or never. */
static void
flush_rows (CfHandoverView *self,
            gboolean        add)
{
  g_clear_handle_id (&self->later_source, g_source_remove);
  if (self->later_rows != NULL && add)
    g_list_store_splice (self->sheets, g_list_model_get_n_items (G_LIST_MODEL (self->sheets)), 0,
                         self->later_rows->pdata, self->later_rows->len);
  g_clear_pointer (&self->later_rows, g_ptr_array_unref);
}

static gboolean
add_later_rows_cb (gpointer user_data)
{
  CfHandoverView *self = user_data;

  self->later_source = 0;
  flush_rows (self, TRUE);

  return G_SOURCE_REMOVE;
}

/* Reads the sheets again, keeping the one chosen when it is still shown. */
static void
reload (CfHandoverView *self)
{
  static const char * const statuses[] = { NULL, "signed_out", "draft", "signed_out", "sealed" };
  ShowFilter filter = get_show_filter (self);
  g_autofree char *search = get_search (self);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStatement) stmt = NULL;
  guint selected = GTK_INVALID_LIST_POSITION;
  guint n_now;
  int step;

  gtk_widget_set_visible (self->new_button, leads_shifts (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handover.new", leads_shifts (self));
  read_overdue (self);

  stmt = cf_store_prepare (get_store (self), search != NULL ? sheet_search_sql : sheet_sql, &error);
  if (stmt == NULL)
    {
      g_warning ("Cannot read the handover sheets: %s", error->message);
      return;
    }
  bind_nullable (stmt, 1, search);
  bind_nullable (stmt, 2, statuses[filter]);
  bind_nullable (stmt, 3, filter == SHOW_TO_SIGN ? get_user_id (self) : NULL);
  while ((step = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CfHandoverRow *row = row_from_statement (self, stmt);

      if (g_strcmp0 (row->id, self->selected_id) == 0)
        selected = rows->len;
      g_ptr_array_add (rows, row);
    }
  if (step != SQLITE_DONE)
    g_warning ("Cannot read the handover sheets: %s",
               sqlite3_errmsg (cf_store_get_connection (get_store (self))));

  clear_rows_to_verify (self);
  self->n_checked_at_once = 0;
  flush_rows (self, FALSE);
  n_now = selected != GTK_INVALID_LIST_POSITION ? rows->len : MIN (rows->len, FIRST_ROWS);
  self->reloading = TRUE;
  g_list_store_splice (self->sheets, 0, g_list_model_get_n_items (G_LIST_MODEL (self->sheets)),
                       rows->pdata, n_now);
  gtk_single_selection_set_selected (self->selection, selected);
  self->reloading = FALSE;
  if (n_now < rows->len)
    {
      g_ptr_array_remove_range (rows, 0, n_now);
      self->later_rows = g_steal_pointer (&rows);
      self->later_source = g_idle_add_full (G_PRIORITY_LOW, add_later_rows_cb, self, NULL);
    }

  {
    guint n_rows = cf_handover_view_get_n_shown (self);
    g_autofree char *count = g_strdup_printf (ngettext ("%u sheet", "%u sheets", n_rows), n_rows);

    gtk_label_set_text (self->count_label, count);
  }
  update_empty_page (self, search != NULL);
  gtk_stack_set_visible_child_name (self->list_stack,
                                    cf_handover_view_get_n_shown (self) > 0 ? "list" : "empty");

  if (selected == GTK_INVALID_LIST_POSITION)
    g_clear_pointer (&self->selected_id, g_free);
  show_sheet (self);
}

/* Verifies a row's sheet the first time it is on screen. */
static void
ensure_checked (CfHandoverView *self,
                CfHandoverRow  *row)
{
  g_auto (CfHandoverCheck) check = { 0 };
  g_autoptr (GError) error = NULL;

  if (row->checked)
    return;
  row->checked = TRUE;
  if (!cf_handover_verify (get_store (self), row->id, &check, &error))
    {
      /* Never shown as verified when it could not be checked. */
      g_warning ("Cannot verify a handover sheet: %s", error->message);
      row->unverified = TRUE;
      row->tampered = g_strdup (error->message);
      return;
    }
  row->tampered = g_steal_pointer (&check.message);
}

/* A row is three labels (day and shifts, leads, status): as few widgets
 * as it takes, since the list makes a couple of hundred rows at once.
 */
static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              CfHandoverView           *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *leads = gtk_label_new (NULL);
  GtkWidget *status = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (leads), 0);
  gtk_label_set_ellipsize (GTK_LABEL (leads), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (leads, "dim-label");
  gtk_widget_add_css_class (leads, "caption");
  gtk_label_set_xalign (GTK_LABEL (status), 0);
  gtk_widget_add_css_class (status, "caption-heading");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), leads);
  gtk_box_append (GTK_BOX (box), status);
  gtk_list_item_set_child (list_item, box);
}

/* What a row says of its sheet: tampered or overdue before its status;
 * "sealed" in green only once verified.
 */
static void
show_row_status (CfHandoverRow *row,
                 GtkWidget     *status)
{
  const char *label;

  if (row->unverified)
    /* translators: a handover sheet that could not be checked at all */
    label = _("Not verified");
  else if (row->tampered != NULL)
    label = _("Tampered");
  else if (row->overdue)
    label = _("Overdue");
  else
    label = cf_handover_status_label (row->status);

  gtk_label_set_text (GTK_LABEL (status), label);
  gtk_widget_set_tooltip_text (status, row->tampered);
  cf_list_detail_set_class (status, "error", row->tampered != NULL);
  cf_list_detail_set_class (status, "warning", row->tampered == NULL && row->overdue);
  cf_list_detail_set_class (status, "success",
                            row->checked && row->tampered == NULL && !row->overdue &&
                            g_strcmp0 (row->status, "sealed") == 0);
  cf_list_detail_set_class (status, "dim-label",
                            row->tampered == NULL && !row->overdue &&
                            (!row->checked || g_strcmp0 (row->status, "sealed") != 0));
}

/* The rows a list shows first are verified as they are bound, so that
 * the first frame shows them verified; the list view binds many more
 * (off screen), which are verified just after, a few at a time so that
 * frames keep coming.
 */
#define ROWS_ON_SCREEN 16

static gboolean
verify_rows_cb (gpointer user_data)
{
  CfHandoverView *self = user_data;
  gint64 until = g_get_monotonic_time () + 8 * G_TIME_SPAN_MILLISECOND;

  while (!g_queue_is_empty (self->to_verify) && g_get_monotonic_time () < until)
    {
      g_autoptr (CfHandoverRow) row = g_queue_pop_head (self->to_verify);

      if (row->status_label == NULL)
        continue;
      ensure_checked (self, row);
      show_row_status (row, row->status_label);
    }

  if (!g_queue_is_empty (self->to_verify))
    return G_SOURCE_CONTINUE;
  self->verify_source = 0;
  return G_SOURCE_REMOVE;
}

static void
clear_rows_to_verify (CfHandoverView *self)
{
  g_queue_clear_full (self->to_verify, g_object_unref);
  g_clear_handle_id (&self->verify_source, g_source_remove);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             CfHandoverView           *self)
{
  CfHandoverRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));
  GtkWidget *leads = gtk_widget_get_next_sibling (title);
  GtkWidget *status = gtk_widget_get_next_sibling (leads);

  gtk_label_set_text (GTK_LABEL (title), row_title (self, row));
  gtk_label_set_text (GTK_LABEL (leads), row->leads);
  row->status_label = status;
  if (!row->checked && self->n_checked_at_once < ROWS_ON_SCREEN)
    {
      ensure_checked (self, row);
      self->n_checked_at_once++;
    }
  show_row_status (row, status);
  if (!row->checked)
    {
      g_queue_push_tail (self->to_verify, g_object_ref (row));
      if (self->verify_source == 0)
        self->verify_source = g_idle_add_full (G_PRIORITY_LOW, verify_rows_cb, self, NULL);
    }
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               CfHandoverView           *self)
{
  CfHandoverRow *row = gtk_list_item_get_item (list_item);

  if (row != NULL)
    row->status_label = NULL;
}

/* The detail ---------------------------------------------------------------- */

static void
clear_detail (CfHandoverView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->detail_box))) != NULL)
    gtk_box_remove (self->detail_box, child);
}

static GtkWidget *
add_label (GtkBox     *box,
           const char *name,
           const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  if (name != NULL)
    gtk_widget_set_name (label, name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);

  return label;
}

static GtkWidget *
add_button (GtkWidget  *box,
            const char *name,
            const char *label,
            const char *action_name)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_name (button, name);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_box_append (GTK_BOX (box), button);

  return button;
}

/* What the signed-in user may do with the sheet shown. */
typedef struct
{
  gboolean prepare;       /* the outgoing lead, before sealing: edit, rename, delete */
  gboolean sign_out;
  gboolean countersign;
  gboolean addendum;
} SheetSteps;

static SheetSteps
steps_for (CfHandoverView *self,
           JsonObject     *sheet,
           gboolean        tampered)
{
  const char *status = sheet != NULL ? get_string (sheet, "status") : NULL;
  const char *me = get_user_id (self);
  gboolean leads = sheet != NULL && leads_shifts (self);
  SheetSteps steps = { FALSE };

  steps.prepare = leads && g_strcmp0 (status, "sealed") != 0 &&
                  g_strcmp0 (me, get_string (sheet, "outgoing_lead")) == 0;
  steps.sign_out = steps.prepare && g_strcmp0 (status, "draft") == 0;
  steps.countersign = leads && !tampered && g_strcmp0 (status, "signed_out") == 0 &&
                      g_strcmp0 (me, get_string (sheet, "incoming_lead")) == 0;
  steps.addendum = leads && g_strcmp0 (status, "sealed") == 0;

  return steps;
}

/* The view's actions for the sheet shown, one place for all of them. */
static void
update_sheet_actions (CfHandoverView   *self,
                      const SheetSteps *steps,
                      gboolean          shown)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "handover.sign-out", steps->sign_out);
  gtk_widget_action_set_enabled (widget, "handover.countersign", steps->countersign);
  gtk_widget_action_set_enabled (widget, "handover.add-addendum", steps->addendum);
  gtk_widget_action_set_enabled (widget, "handover.change-incoming-lead", steps->prepare);
  gtk_widget_action_set_enabled (widget, "handover.delete", steps->prepare);
  gtk_widget_action_set_enabled (widget, "handover.print", shown);
  gtk_widget_action_set_enabled (widget, "handover.save-pdf", shown);
}

/* The steps on the sheet: signing in front, the rest in a menu beside. */
static void
add_steps (CfHandoverView   *self,
           const SheetSteps *steps)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *more = gtk_menu_button_new ();
  g_autoptr (GMenu) menu = g_menu_new ();
  g_autoptr (GMenu) paper = g_menu_new ();
  GtkWidget *button = NULL;

  gtk_widget_set_name (box, "sheet-steps");
  if (steps->sign_out)
    button = add_button (box, "sign-out-button", _("_Sign Out…"), "handover.sign-out");
  else if (steps->countersign)
    button = add_button (box, "countersign-button", _("_Countersign…"), "handover.countersign");
  if (button != NULL)
    gtk_widget_add_css_class (button, "suggested-action");
  if (steps->addendum)
    add_button (box, "addendum-button", _("Add _Addendum…"), "handover.add-addendum");

  if (steps->prepare)
    {
      g_menu_append (menu, _("Change _Incoming Lead…"), "handover.change-incoming-lead");
      g_menu_append (menu, _("_Delete Sheet"), "handover.delete");
    }
  g_menu_append (paper, _("_Print…"), "handover.print");
  g_menu_append (paper, _("Save as P_DF…"), "handover.save-pdf");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (paper));
  gtk_widget_set_name (more, "sheet-menu-button");
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (more), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (more), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (more, _("More Steps"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (more), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("More Steps"), -1);
  gtk_box_append (GTK_BOX (box), more);

  gtk_box_append (self->detail_box, box);
}

/* What the check found, at the top of the sheet. */
static void
add_verdict (CfHandoverView  *self,
             JsonObject      *sheet,
             CfHandoverCheck *check,
             gboolean         overdue)
{
  const char *status = get_string (sheet, "status");

  if (check->message != NULL)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      /* translators: a handover sheet that does not verify; what failed follows */
      GtkWidget *title = add_label (GTK_BOX (box), "tampered-title",
                                    _("Tampered: this sheet does not verify"), "heading");

      gtk_widget_add_css_class (title, "error");
      add_label (GTK_BOX (box), "tampered-reason", check->message, "error");
      gtk_widget_add_css_class (box, "card");
      gtk_widget_set_name (box, "tampered-box");
      g_object_set (box, "margin-top", 0, NULL);
      gtk_widget_set_margin_start (gtk_widget_get_first_child (box), 12);
      gtk_widget_set_margin_top (gtk_widget_get_first_child (box), 10);
      gtk_widget_set_margin_start (gtk_widget_get_last_child (box), 12);
      gtk_widget_set_margin_end (gtk_widget_get_last_child (box), 12);
      gtk_widget_set_margin_bottom (gtk_widget_get_last_child (box), 10);
      gtk_box_append (self->detail_box, box);
      return;
    }

  if (overdue)
    add_label (self->detail_box, "overdue-label",
               _("Not countersigned in the time allowed after the incoming shift started; "
                 "deputies and supervisors are notified."), "warning");
  if (g_strcmp0 (status, "sealed") == 0)
    add_label (self->detail_box, "verified-label",
               _("Sealed. The content and both signatures verify; corrections go into "
                 "addenda."), "success");
  else if (g_strcmp0 (status, "signed_out") == 0)
    add_label (self->detail_box, "verified-label",
               _("Signed out; the outgoing lead’s signature verifies. Waiting for the "
                 "incoming lead to read and countersign it. A change to the sheet withdraws "
                 "the signature."), "dim-label");
  else
    add_label (self->detail_box, "verified-label",
               _("Being prepared by the outgoing lead. Keep, remove or annotate each item, "
                 "then sign it out."), "dim-label");
}

/* Editing items -------------------------------------------------------------- */

typedef enum
{
  EDIT_REMOVE,
  EDIT_NOTE,
  EDIT_ADD,
} EditKind;

typedef struct
{
  CfHandoverView *view;
  char           *sheet_id;
  char           *content;    /* the sheet's content the item was shown in */
  char           *section;
  guint           index;
  EditKind        kind;
} ItemEdit;

static void
item_edit_free (ItemEdit *edit)
{
  g_clear_object (&edit->view);
  g_free (edit->sheet_id);
  g_free (edit->content);
  g_free (edit->section);
  g_free (edit);
}

static ItemEdit *
item_edit_new (CfHandoverView *self,
               const char     *content,
               const char     *section,
               guint           index,
               EditKind        kind)
{
  ItemEdit *edit = g_new0 (ItemEdit, 1);

  edit->view = g_object_ref (self);
  edit->sheet_id = g_strdup (self->selected_id);
  edit->content = g_strdup (content);
  edit->section = g_strdup (section);
  edit->index = index;
  edit->kind = kind;

  return edit;
}

/* The sheet's content with one item removed, annotated or added, as the
 * ops that record it.
 */
static GPtrArray *
build_item_edit (const char    *text,
                 CfSigningKey  *key,
                 gpointer       user_data,
                 GError       **error)
{
  ItemEdit *edit = user_data;
  CfStore *store = get_store (edit->view);
  g_autoptr (JsonObject) sheet = cf_store_get_record (store, "handover_sheet", edit->sheet_id,
                                                      error);
  g_autoptr (JsonNode) content = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  JsonArray *items = NULL;

  if (sheet == NULL)
    return NULL;
  /* Items are found by their place: only in the content they were shown in. */
  if (g_strcmp0 (get_string (sheet, "content"), edit->content) != 0)
    {
      g_set_error_literal (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_STATE,
                           _("The sheet has changed meanwhile; look at it again."));
      return NULL;
    }
  content = json_from_string (get_string (sheet, "content"), error);
  if (content == NULL || !JSON_NODE_HOLDS_OBJECT (content))
    {
      g_set_error_literal (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_CONTENT,
                           _("The content of a handover sheet is not in its expected form."));
      return NULL;
    }
  if (!json_object_has_member (json_node_get_object (content), edit->section))
    json_object_set_array_member (json_node_get_object (content), edit->section,
                                  json_array_new ());
  items = json_object_get_array_member (json_node_get_object (content), edit->section);

  switch (edit->kind)
    {
    case EDIT_ADD:
      {
        JsonObject *item = json_object_new ();

        if (!cf_form_has_text (trimmed))
          {
            g_set_error_literal (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_CONTENT,
                                 _("Write what the item says."));
            json_object_unref (item);
            return NULL;
          }
        json_object_set_string_member (item, "text", trimmed);
        json_object_set_null_member (item, "source");
        json_object_set_null_member (item, "note");
        json_array_add_object_element (items, item);
      }
      break;

    case EDIT_NOTE:
    case EDIT_REMOVE:
      if (edit->index >= json_array_get_length (items))
        {
          g_set_error_literal (error, CF_HANDOVER_ERROR, CF_HANDOVER_ERROR_STATE,
                               _("The sheet has changed meanwhile; look at it again."));
          return NULL;
        }
      if (edit->kind == EDIT_REMOVE)
        json_array_remove_element (items, edit->index);
      else if (cf_form_has_text (trimmed))
        json_object_set_string_member (json_array_get_object_element (items, edit->index),
                                       "note", trimmed);
      else
        json_object_set_null_member (json_array_get_object_element (items, edit->index), "note");
      break;

    default:
      g_assert_not_reached ();
    }

  canonical = cf_signing_canonical_json (content);
  return cf_handover_edit_content (store, edit->sheet_id, canonical, error);
}

static void apply_steps (CfHandoverView *self,
                         GPtrArray      *ops,
                         GError         *error,
                         const char     *done_title);

static void
on_remove_item_clicked_cb (GtkButton *button,
                           ItemEdit  *edit)
{
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;

  ops = build_item_edit (NULL, NULL, edit, &error);
  apply_steps (edit->view, ops, error, _("Item removed from the sheet"));
}

static void
on_note_item_clicked_cb (GtkButton *button,
                         ItemEdit  *edit)
{
  g_autoptr (JsonObject) sheet = cf_store_get_record (get_store (edit->view), "handover_sheet",
                                                      edit->sheet_id, NULL);
  g_autoptr (JsonNode) content = sheet != NULL ? json_from_string (get_string (sheet, "content"),
                                                                   NULL) : NULL;
  JsonArray *items = NULL;
  const char *note = NULL;
  CfSignDialogSpec spec = {
    .title = _("Note on Item"),
    .description = NULL,
    .text_label = _("Note"),
    .apply_label = _("_Save Note"),
    .done_title = _("Note saved"),
    .undoable = TRUE,
  };

  if (content != NULL && JSON_NODE_HOLDS_OBJECT (content))
    items = json_object_get_array_member (json_node_get_object (content), edit->section);
  if (items != NULL && edit->index < json_array_get_length (items))
    {
      JsonObject *item = json_array_get_object_element (items, edit->index);

      spec.description = get_string (item, "text");
      note = get_string (item, "note");
    }
  spec.initial_text = note;

  cf_sign_dialog_present (GTK_WIDGET (button), get_context (edit->view), &spec, build_item_edit,
                          item_edit_new (edit->view, edit->content, edit->section, edit->index, EDIT_NOTE),
                          (GDestroyNotify) item_edit_free);
}

static void
on_add_item_clicked_cb (GtkButton *button,
                        ItemEdit  *edit)
{
  g_autofree char *description = NULL;
  CfSignDialogSpec spec = {
    .title = _("Add Item"),
    .text_label = _("Item"),
    .text_required = TRUE,
    .apply_label = _("_Add"),
    .done_title = _("Item added to the sheet"),
    .undoable = TRUE,
  };

  /* translators: %s is a section of a handover sheet, e.g. “Equipment Condition” */
  description = g_strdup_printf (_("A new item under “%s”."), cf_handover_section_title (edit->section));
  spec.description = description;
  cf_sign_dialog_present (GTK_WIDGET (button), get_context (edit->view), &spec, build_item_edit,
                          item_edit_new (edit->view, edit->content, edit->section, 0, EDIT_ADD),
                          (GDestroyNotify) item_edit_free);
}

static GtkWidget *
item_button (CfHandoverView *self,
             const char     *icon_name,
             const char     *tooltip,
             const char     *section,
             guint           index,
             EditKind        kind,
             GCallback       callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);
  g_autofree char *name = g_strdup_printf ("%s-%s-%u",
                                           kind == EDIT_REMOVE ? "remove" : "note", section, index);

  gtk_widget_set_name (button, name);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  g_signal_connect_data (button, "clicked", callback, item_edit_new (self, self->shown_content, section, index, kind),
                         (GClosureNotify) item_edit_free, 0);

  return button;
}

/* One section of the sheet; @editable when the signed-in user prepares it. */
static void
add_section (CfHandoverView *self,
             JsonObject     *content,
             const char     *section,
             gboolean        editable)
{
  JsonArray *items = content != NULL && json_object_has_member (content, section)
                     ? json_object_get_array_member (content, section) : NULL;
  guint n_items = items != NULL ? json_array_get_length (items) : 0;
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (cf_handover_section_title (section));
  GtkWidget *list = gtk_list_box_new ();
  g_autofree char *list_name = g_strdup_printf ("section-%s", section);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (header), title);
  if (editable)
    {
      GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
      g_autofree char *add_name = g_strdup_printf ("add-%s", section);
      /* translators: %s is a section of a handover sheet */
      g_autofree char *tooltip = g_strdup_printf (_("Add an Item to “%s”"),
                                                  cf_handover_section_title (section));

      gtk_widget_set_name (add, add_name);
      gtk_widget_set_tooltip_text (add, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      tooltip, -1);
      gtk_widget_add_css_class (add, "flat");
      g_signal_connect_data (add, "clicked", G_CALLBACK (on_add_item_clicked_cb),
                             item_edit_new (self, self->shown_content, section, 0, EDIT_ADD),
                             (GClosureNotify) item_edit_free, 0);
      gtk_box_append (GTK_BOX (header), add);
    }
  gtk_widget_set_margin_top (header, 6);
  gtk_box_append (self->detail_box, header);

  gtk_widget_set_name (list, list_name);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  cf_handover_section_title (section), -1);

  for (guint i = 0; i < n_items; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *note = item != NULL ? get_string (item, "note") : NULL;
      const char *source = item != NULL ? cf_handover_source_label (get_string (item, "source"))
                                        : NULL;
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;

      if (item == NULL)
        continue;
      if (note != NULL && source != NULL)
        /* translators: under an item of a handover sheet: where it came from and the
         * lead's note, e.g. “Open escalation · Note: customer called again”
         */
        subtitle = g_strdup_printf (_("%s · Note: %s"), source, note);
      else if (note != NULL)
        /* translators: under an item of a handover sheet: the lead's note */
        subtitle = g_strdup_printf (_("Note: %s"), note);
      else
        subtitle = g_strdup (source);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), get_string (item, "text"));
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      if (subtitle != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      if (editable)
        {
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     item_button (self, "document-edit-symbolic",
                                                  _("Add or Change a Note"), section, i,
                                                  EDIT_NOTE,
                                                  G_CALLBACK (on_note_item_clicked_cb)));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     item_button (self, "user-trash-symbolic",
                                                  _("Remove from the Sheet"), section, i,
                                                  EDIT_REMOVE,
                                                  G_CALLBACK (on_remove_item_clicked_cb)));
        }
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }

  if (n_items == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nothing to hand over"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_box_append (self->detail_box, list);
}

/* Who signed, when, and with which key. */
static void
add_signatures (CfHandoverView  *self,
                JsonObject      *sheet,
                CfHandoverCheck *check)
{
  CfStore *store = get_store (self);
  GtkWidget *title = gtk_label_new (_("Signatures"));
  GtkWidget *grid = gtk_grid_new ();
  g_autofree char *outgoing = user_name (store, get_string (sheet, "outgoing_lead"));
  g_autofree char *incoming = user_name (store, get_string (sheet, "incoming_lead"));
  g_autofree char *signed_out = cf_list_detail_format_time (get_string (sheet,
                                                                       "outgoing_signed_at"));
  g_autofree char *countersigned = cf_list_detail_format_time (get_string (sheet,
                                                                          "incoming_signed_at"));
  const char *remarks = get_string (sheet, "incoming_remarks");
  guint n_facts = 0;

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_margin_top (title, 6);
  gtk_box_append (self->detail_box, title);

  gtk_widget_set_name (grid, "signatures-grid");
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  cf_list_detail_add_fact (GTK_GRID (grid), &n_facts, "outgoing-lead", _("Outgoing lead"),
                           outgoing);
  cf_list_detail_add_fact (GTK_GRID (grid), &n_facts, "signed-out-at", _("Signed out"),
                           signed_out[0] != '\0' ? signed_out : _("Not yet"));
  if (check->outgoing_fingerprint != NULL)
    cf_list_detail_add_fact (GTK_GRID (grid), &n_facts, "outgoing-fingerprint",
                             _("Key fingerprint"), check->outgoing_fingerprint);
  cf_list_detail_add_fact (GTK_GRID (grid), &n_facts, "incoming-lead", _("Incoming lead"),
                           incoming);
  cf_list_detail_add_fact (GTK_GRID (grid), &n_facts, "countersigned-at", _("Countersigned"),
                           countersigned[0] != '\0' ? countersigned : _("Not yet"));
  if (check->incoming_fingerprint != NULL)
    cf_list_detail_add_fact (GTK_GRID (grid), &n_facts, "incoming-fingerprint",
                             _("Key fingerprint"), check->incoming_fingerprint);
  if (remarks != NULL)
    cf_list_detail_add_fact (GTK_GRID (grid), &n_facts, "remarks", _("Remarks"), remarks);
  if (check->digest_hex != NULL && g_strcmp0 (get_string (sheet, "status"), "draft") != 0)
    cf_list_detail_add_fact (GTK_GRID (grid), &n_facts, "content-digest", _("Content digest"),
                             check->digest_hex);
  gtk_box_append (self->detail_box, grid);
}

/* The addenda, oldest first, each verified. */
static void
add_addenda (CfHandoverView *self,
             const char     *sheet_id)
{
  CfStore *store = get_store (self);
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (store,
                      "SELECT a.id, a.text, a.signed_at, COALESCE (s.name, u.login, '') "
                      "FROM handover_addendum a LEFT JOIN app_user u ON u.id = a.created_by "
                      "LEFT JOIN staff s ON s.id = u.staff "
                      "WHERE a.sheet = ? AND a.deleted = 0 ORDER BY a.signed_at, a.id", &error);
  GtkWidget *list = NULL;

  if (stmt == NULL)
    {
      g_warning ("Cannot read the addenda: %s", error->message);
      return;
    }
  sqlite3_bind_text (stmt, 1, sheet_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *time = cf_list_detail_format_time ((const char *) sqlite3_column_text (stmt, 2));
      g_autofree char *subtitle = NULL;
      gboolean verifies = cf_handover_verify_addendum (store,
                                                       (const char *) sqlite3_column_text (stmt, 0),
                                                       NULL);

      if (list == NULL)
        {
          GtkWidget *title = gtk_label_new (_("Addenda"));

          gtk_label_set_xalign (GTK_LABEL (title), 0);
          gtk_widget_add_css_class (title, "heading");
          gtk_widget_set_margin_top (title, 6);
          gtk_box_append (self->detail_box, title);
          list = gtk_list_box_new ();
          gtk_widget_set_name (list, "addenda-list");
          gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
          gtk_widget_add_css_class (list, "boxed-list");
          gtk_box_append (self->detail_box, list);
        }

      if (verifies)
        /* translators: under an addendum: its author and time, e.g. “Li Na · 2026-11-23 09:30” */
        subtitle = g_strdup_printf (_("%s · %s"), (const char *) sqlite3_column_text (stmt, 3),
                                    time);
      else
        /* translators: under an addendum whose signature fails: its author and time */
        subtitle = g_strdup_printf (_("%s · %s · Signature not valid"),
                                    (const char *) sqlite3_column_text (stmt, 3), time);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     (const char *) sqlite3_column_text (stmt, 1));
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (!verifies)
        gtk_widget_add_css_class (row, "error");
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
}

static CfHandoverRow *
find_row (CfHandoverView *self,
          const char     *sheet_id,
          guint          *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sheets));

  for (guint i = 0; sheet_id != NULL && i < n; i++)
    {
      g_autoptr (CfHandoverRow) row = g_list_model_get_item (G_LIST_MODEL (self->sheets), i);

      if (g_str_equal (row->id, sheet_id))
        {
          if (position != NULL)
            *position = i;
          return row;
        }
    }

  return NULL;
}

/* Shows the chosen sheet, verified now. */
static void
show_sheet (CfHandoverView *self)
{
  CfStore *store = get_store (self);
  g_autoptr (JsonObject) sheet = NULL;
  g_autoptr (JsonNode) content = NULL;
  g_auto (CfHandoverCheck) check = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *day = NULL;
  g_autofree char *outgoing_shift = NULL;
  g_autofree char *incoming_shift = NULL;
  g_autofree char *subtitle = NULL;
  CfHandoverRow *row;
  SheetSteps steps;
  double scroll = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->detail_scroller));

  clear_detail (self);
  steps = steps_for (self, NULL, FALSE);
  update_sheet_actions (self, &steps, FALSE);
  if (self->selected_id == NULL ||
      (sheet = cf_store_get_record (store, "handover_sheet", self->selected_id, NULL)) == NULL ||
      !cf_handover_verify (store, self->selected_id, &check, &error))
    {
      if (error != NULL)
        g_warning ("Cannot verify the handover sheet: %s", error->message);
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }

  row = find_row (self, self->selected_id, NULL);
  if (row != NULL)
    {
      row->checked = TRUE;
      g_free (row->tampered);
      row->tampered = g_strdup (check.message);
      if (row->status_label != NULL)
        show_row_status (row, row->status_label);
    }

  day = cf_leave_describe_day (get_string (sheet, "shift_date"));
  outgoing_shift = shift_label (store, get_string (sheet, "outgoing_shift_type"));
  incoming_shift = shift_label (store, get_string (sheet, "incoming_shift_type"));
  add_label (self->detail_box, "sheet-title", day, "title-2");
  /* translators: the shift handing over and the one taking over, e.g. “E Early → L Late” */
  subtitle = g_strdup_printf (_("%s → %s"), outgoing_shift, incoming_shift);
  add_label (self->detail_box, "sheet-shifts", subtitle, "heading");

  add_verdict (self, sheet, &check, row != NULL && row->overdue);
  steps = steps_for (self, sheet, check.message != NULL);
  update_sheet_actions (self, &steps, TRUE);
  add_steps (self, &steps);

  g_free (self->shown_content);
  self->shown_content = g_strdup (get_string (sheet, "content"));
  content = json_from_string (self->shown_content, NULL);
  for (guint i = 0; cf_handover_sections[i] != NULL; i++)
    add_section (self,
                 content != NULL && JSON_NODE_HOLDS_OBJECT (content)
                 ? json_node_get_object (content) : NULL,
                 cf_handover_sections[i], steps.prepare);

  add_signatures (self, sheet, &check);
  add_addenda (self, self->selected_id);

  gtk_stack_set_visible_child_name (self->detail_stack, "sheet");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->detail_scroller), scroll);
}

static void
on_selection_changed_cb (CfHandoverView *self)
{
  CfHandoverRow *row = gtk_single_selection_get_selected_item (self->selection);

  if (self->reloading)
    return;
  g_free (self->selected_id);
  self->selected_id = row != NULL ? g_strdup (row->id) : NULL;
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->detail_scroller), 0);
  show_sheet (self);
}

/* Steps ---------------------------------------------------------------------- */

typedef struct
{
  CfHandoverView *view;
  char           *sheet_id;
} SheetStep;

static void
sheet_step_free (SheetStep *step)
{
  g_clear_object (&step->view);
  g_free (step->sheet_id);
  g_free (step);
}

static SheetStep *
sheet_step_new (CfHandoverView *self)
{
  SheetStep *step = g_new0 (SheetStep, 1);

  step->view = g_object_ref (self);
  step->sheet_id = g_strdup (self->selected_id);

  return step;
}

static GPtrArray *
build_sign_out (const char    *text,
                CfSigningKey  *key,
                gpointer       user_data,
                GError       **error)
{
  SheetStep *step = user_data;

  return cf_handover_sign_out_with_key (get_store (step->view), get_user_id (step->view),
                                        step->sheet_id, key, NULL, error);
}

static GPtrArray *
build_countersign (const char    *text,
                   CfSigningKey  *key,
                   gpointer       user_data,
                   GError       **error)
{
  SheetStep *step = user_data;

  return cf_handover_countersign_with_key (get_store (step->view), get_user_id (step->view),
                                           step->sheet_id, key, text, NULL, error);
}

static GPtrArray *
build_addendum (const char    *text,
                CfSigningKey  *key,
                gpointer       user_data,
                GError       **error)
{
  SheetStep *step = user_data;

  return cf_handover_add_addendum_with_key (get_store (step->view), get_user_id (step->view),
                                            step->sheet_id, key, text, NULL, error);
}

/* The sheet stays in front after its step, even when the filter shown
 * would now hide it (countersigned from To Sign).
 */
static void
show_stepped_sheet (gpointer user_data)
{
  SheetStep *step = user_data;

  cf_handover_view_select (step->view, step->sheet_id);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CfHandoverView *self = CF_HANDOVER_VIEW (widget);
  const CfSignDialogSpec spec = {
    .title = _("Sign Out Handover Sheet"),
    .description = _("You sign the sheet exactly as it is shown, with your own signing key. "
                     "Any later change to it withdraws your signature. The incoming lead then "
                     "reads it and countersigns."),
    .ask_password = TRUE,
    .apply_label = C_("handover", "_Sign Out"),
    .done_title = _("Handover sheet signed out"),
    .done = show_stepped_sheet,
  };

  if (self->selected_id != NULL)
    cf_sign_dialog_present (widget, get_context (self), &spec, build_sign_out,
                            sheet_step_new (self), (GDestroyNotify) sheet_step_free);
}

static void
countersign_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CfHandoverView *self = CF_HANDOVER_VIEW (widget);
  const CfSignDialogSpec spec = {
    .title = _("Countersign Handover Sheet"),
    .description = _("By countersigning you confirm that you have read the sheet and take over "
                     "the shift. The sheet is then sealed: nothing on it can change, and "
                     "corrections go into addenda."),
    .text_label = _("Remarks (optional)"),
    .ask_password = TRUE,
    .apply_label = _("_Countersign"),
    .done_title = _("Handover sheet countersigned and sealed"),
    .done = show_stepped_sheet,
  };

  if (self->selected_id != NULL)
    cf_sign_dialog_present (widget, get_context (self), &spec, build_countersign,
                            sheet_step_new (self), (GDestroyNotify) sheet_step_free);
}

static void
add_addendum_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CfHandoverView *self = CF_HANDOVER_VIEW (widget);
  const CfSignDialogSpec spec = {
    .title = _("Add Addendum"),
    .description = _("An addendum corrects or adds to the sealed sheet. It is signed with your "
                     "key and cannot be changed afterwards."),
    .text_label = _("Addendum"),
    .text_required = TRUE,
    .ask_password = TRUE,
    .apply_label = _("_Sign and Add"),
    .done_title = _("Addendum added"),
    .done = show_stepped_sheet,
  };

  if (self->selected_id != NULL)
    cf_sign_dialog_present (widget, get_context (self), &spec, build_addendum,
                            sheet_step_new (self), (GDestroyNotify) sheet_step_free);
}

typedef struct
{
  CfHandoverView *view;
  char           *sheet_id;
  GtkDropDown    *leads;
  GPtrArray      *lead_ids;
  char           *current;    /* the incoming lead named now */
} LeadChange;

static void
lead_change_free (LeadChange *change)
{
  g_clear_object (&change->view);
  g_free (change->sheet_id);
  g_clear_pointer (&change->lead_ids, g_ptr_array_unref);
  g_free (change->current);
  g_free (change);
}

/* Records a step built (@ops, or @error why not), with Undo. */
static void
apply_steps (CfHandoverView *self,
             GPtrArray      *ops,
             GError         *error,
             const char     *done_title)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GError) apply_error = NULL;
  g_auto (GStrv) op_ids = NULL;

  if (ops == NULL)
    {
      cf_window_show_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }
  if (!cf_store_apply (get_store (self), get_user_id (self), (CfOp **) ops->pdata, ops->len,
                       &apply_error))
    {
      cf_window_show_toast (GTK_WIDGET (self), adw_toast_new (apply_error->message));
      return;
    }

  for (guint i = 0; i < ops->len; i++)
    g_strv_builder_add (builder, cf_op_get_op_id (ops->pdata[i]));
  op_ids = g_strv_builder_end (builder);
  cf_window_show_undo_toast (GTK_WIDGET (self), done_title, (const char * const *) op_ids);
}

static void
on_lead_change_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            LeadChange       *change)
{
  guint selected = gtk_drop_down_get_selected (change->leads);
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_str_equal (response, "change") || selected >= change->lead_ids->len ||
      g_strcmp0 (change->lead_ids->pdata[selected], change->current) == 0)
    return;

  ops = cf_handover_set_incoming_lead (get_store (change->view), get_user_id (change->view),
                                       change->sheet_id, change->lead_ids->pdata[selected],
                                       &error);
  apply_steps (change->view, ops, error, _("Incoming lead changed"));
}

/* Another incoming lead, chosen from those who lead shifts. */
static void
change_incoming_lead_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  CfHandoverView *self = CF_HANDOVER_VIEW (widget);
  g_autoptr (JsonObject) sheet = NULL;
  g_autoptr (GtkStringList) names = NULL;
  LeadChange *change;
  GtkWidget *dialog;
  GtkWidget *dropdown;
  const char *current;
  const char *body;

  if (self->selected_id == NULL ||
      (sheet = cf_store_get_record (get_store (self), "handover_sheet", self->selected_id,
                                    NULL)) == NULL)
    return;

  change = g_new0 (LeadChange, 1);
  change->view = g_object_ref (self);
  change->sheet_id = g_strdup (self->selected_id);
  names = cf_handover_lead_choices (get_store (self), get_user_id (self), &change->lead_ids);
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_widget_set_name (dropdown, "incoming-lead-choice");
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Incoming lead"), -1);
  change->leads = GTK_DROP_DOWN (dropdown);
  current = get_string (sheet, "incoming_lead");
  change->current = g_strdup (current);
  for (guint i = 0; current != NULL && i < change->lead_ids->len; i++)
    if (g_str_equal (change->lead_ids->pdata[i], current))
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);

  if (g_strcmp0 (get_string (sheet, "status"), "signed_out") == 0)
    body = _("Your signature names the incoming lead: it is withdrawn, and you sign the sheet "
             "again for the new one.");
  else
    body = _("The incoming lead reads the sheet and countersigns it.");
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Change Incoming Lead?"), body);
  gtk_widget_set_name (dialog, "change-lead-dialog");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), dropdown);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "change", _("C_hange"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "change",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "change",
                                           change->lead_ids->len > 0);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "change");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_lead_change_response_cb), change,
                         (GClosureNotify) lead_change_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A sheet not sealed may go, started by mistake (Undo brings it back);
 * a sealed one never does.
 */
static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CfHandoverView *self = CF_HANDOVER_VIEW (widget);
  g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);

  if (self->selected_id == NULL)
    return;
  g_ptr_array_add (ops, cf_op_new_delete ("handover_sheet", self->selected_id));
  apply_steps (self, ops, NULL, _("Handover sheet deleted"));
}

/* On paper, for the archive: the signers' names, times and key
 * fingerprints, and lines for signing by hand.
 */
static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CfHandoverView *self = CF_HANDOVER_VIEW (widget);

  if (self->selected_id != NULL)
    cf_handover_print_sheet (GTK_WINDOW (gtk_widget_get_root (widget)), get_store (self),
                             self->selected_id);
}

static void
save_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CfHandoverView *self = CF_HANDOVER_VIEW (widget);

  if (self->selected_id != NULL)
    cf_handover_pdf_save (GTK_WINDOW (gtk_widget_get_root (widget)), get_store (self),
                          self->selected_id);
}

static void
on_sheet_created (GObject    *owner,
                  const char *sheet_id)
{
  cf_handover_view_select (CF_HANDOVER_VIEW (owner), sheet_id);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CfHandoverView *self = CF_HANDOVER_VIEW (widget);

  if (leads_shifts (self))
    cf_handover_sheet_dialog_present (widget, get_context (self), on_sheet_created);
}

/* Signals -------------------------------------------------------------------- */

static void
on_store_changed_cb (CfHandoverView     *self,
                     const char         *kind,
                     const char * const *ids)
{
  static const char * const shown[] = {
    "handover_sheet", "handover_addendum", "user", "staff", "shift_type", "escalation_policy",
  };

  if (!self->loaded)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    if (g_str_equal (kind, shown[i]))
      {
        reload (self);
        return;
      }
}

static void
on_search_changed_cb (CfHandoverView *self)
{
  if (self->loaded)
    reload (self);
}

static void
on_show_filter_changed_cb (CfHandoverView *self)
{
  if (self->loaded)
    reload (self);
}

/* GObject -------------------------------------------------------------------- */

static void
cf_handover_view_constructed (GObject *object)
{
  CfHandoverView *self = (CfHandoverView *)object;

  G_OBJECT_CLASS (cf_handover_view_parent_class)->constructed (object);

  g_signal_connect_object (get_store (self), "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static gboolean
has_sheets_to_sign (CfHandoverView *self)
{
  g_autoptr (CfStatement) stmt = NULL;

  if (!cf_session_is_signed_in (get_session (self)))
    return FALSE;
  stmt = cf_store_prepare (get_store (self),
                           "SELECT 1 FROM handover_sheet WHERE deleted = 0 "
                           "AND status = 'signed_out' AND incoming_lead = ? LIMIT 1", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, get_user_id (self), -1, SQLITE_TRANSIENT);

  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* The first time: the incoming lead sees first what waits for them. */
static void
cf_handover_view_map (GtkWidget *widget)
{
  CfHandoverView *self = CF_HANDOVER_VIEW (widget);

  GTK_WIDGET_CLASS (cf_handover_view_parent_class)->map (widget);

  if (self->loaded)
    {
      reload (self);
      return;
    }

  /* Read once, after the filter is chosen. */
  if (has_sheets_to_sign (self))
    {
      gtk_drop_down_set_selected (self->show_filter, SHOW_TO_SIGN);
      self->loaded = TRUE;
      reload (self);
      if (self->selected_id == NULL)
        gtk_single_selection_set_selected (self->selection, 0);
      return;
    }
  self->loaded = TRUE;
  reload (self);
}

static gboolean
cf_handover_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (CF_HANDOVER_VIEW (widget)->search_entry));
}

static void
cf_handover_view_dispose (GObject *object)
{
  CfHandoverView *self = (CfHandoverView *)object;

  /* Dialogs still open may keep the view alive: no more reloads. */
  if (cf_view_get_context (CF_VIEW (self)) != NULL)
    g_signal_handlers_disconnect_by_data (get_store (self), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_HANDOVER_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->sheets);
  g_clear_pointer (&self->selected_id, g_free);
  g_clear_pointer (&self->shown_content, g_free);
  g_clear_pointer (&self->overdue, g_hash_table_unref);
  if (self->to_verify != NULL)
    clear_rows_to_verify (self);
  g_clear_pointer (&self->to_verify, g_queue_free);
  g_clear_pointer (&self->days, g_hash_table_unref);
  flush_rows (self, FALSE);

  G_OBJECT_CLASS (cf_handover_view_parent_class)->dispose (object);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (CF_HANDOVER_VIEW (widget)->search_entry));
}

static void
cf_handover_view_class_init (CfHandoverViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_handover_view_constructed;
  object_class->dispose = cf_handover_view_dispose;
  widget_class->map = cf_handover_view_map;
  widget_class->grab_focus = cf_handover_view_grab_focus;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX
                                               "/ui/handover/cf-handover-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CfHandoverView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CfHandoverView, show_filter);
  gtk_widget_class_bind_template_child (widget_class, CfHandoverView, new_button);
  gtk_widget_class_bind_template_child (widget_class, CfHandoverView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CfHandoverView, sheet_list);
  gtk_widget_class_bind_template_child (widget_class, CfHandoverView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CfHandoverView, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, CfHandoverView, detail_scroller);
  gtk_widget_class_bind_template_child (widget_class, CfHandoverView, detail_box);
  gtk_widget_class_bind_template_child (widget_class, CfHandoverView, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_show_filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "handover.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "handover.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "handover.countersign", NULL,
                                   countersign_action);
  gtk_widget_class_install_action (widget_class, "handover.add-addendum", NULL,
                                   add_addendum_action);
  gtk_widget_class_install_action (widget_class, "handover.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "handover.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "handover.change-incoming-lead", NULL,
                                   change_incoming_lead_action);
  gtk_widget_class_install_action (widget_class, "handover.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "handover.save-pdf", NULL, save_pdf_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "handover.new",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "handover.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "handover.print", NULL);
}

static void
cf_handover_view_init (CfHandoverView *self)
{
  g_autoptr (GtkStringList) shows = gtk_string_list_new (NULL);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->overdue = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->to_verify = g_queue_new ();
  self->days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->sheets = g_list_store_new (CF_TYPE_HANDOVER_ROW);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sheets)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "selection-changed",
                            G_CALLBACK (on_selection_changed_cb), self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->sheet_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->sheet_list, GTK_SELECTION_MODEL (self->selection));

  gtk_string_list_append (shows, _("All Sheets"));
  gtk_string_list_append (shows, _("To Sign"));
  gtk_string_list_append (shows, _("Being Prepared"));
  gtk_string_list_append (shows, _("Awaiting Countersignature"));
  gtk_string_list_append (shows, _("Sealed"));
  gtk_drop_down_set_model (self->show_filter, G_LIST_MODEL (shows));
}

/**
 * cf_handover_view_select:
 * @sheet_id: a handover sheet's id
 *
 * Shows the sheet @sheet_id, showing all sheets first when the search or
 * the filter hides it.
 *
 * Returns: %FALSE when there is no such sheet
 */
gboolean
cf_handover_view_select (CfHandoverView *self,
                         const char     *sheet_id)
{
  guint position;

  g_return_val_if_fail (CF_IS_HANDOVER_VIEW (self), FALSE);
  g_return_val_if_fail (sheet_id != NULL, FALSE);

  self->loaded = TRUE;
  g_free (self->selected_id);
  self->selected_id = g_strdup (sheet_id);
  reload (self);
  flush_rows (self, TRUE);
  if (find_row (self, sheet_id, &position) == NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_drop_down_set_selected (self->show_filter, SHOW_ALL);
      g_free (self->selected_id);
      self->selected_id = g_strdup (sheet_id);
      reload (self);
      flush_rows (self, TRUE);
      if (find_row (self, sheet_id, &position) == NULL)
        return FALSE;
    }

  gtk_widget_activate_action (GTK_WIDGET (self->sheet_list), "list.scroll-to-item", "u",
                              position);
  return TRUE;
}

/* Returns: (nullable): the id of the sheet shown */
const char *
cf_handover_view_get_selected (CfHandoverView *self)
{
  g_return_val_if_fail (CF_IS_HANDOVER_VIEW (self), NULL);

  return self->selected_id;
}

/* Returns: how many sheets the list shows */
guint
cf_handover_view_get_n_shown (CfHandoverView *self)
{
  g_return_val_if_fail (CF_IS_HANDOVER_VIEW (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->sheets)) +
         (self->later_rows != NULL ? self->later_rows->len : 0);
}
