/* cf-escalations-view.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-escalations-view"

#include "config.h"

#include "cf-escalations-view.h"

#include <glib/gi18n.h>

#include "cf-context.h"
#include "cf-escalation.h"
#include "cf-escalation-dialog.h"
#include "cf-escalation-list.h"
#include "cf-list-detail.h"
#include "cf-registry.h"
#include "cf-rush-repair-dialog.h"
#include "cf-session.h"
#include "cf-step-dialog.h"
#include "cf-store.h"
#include "cf-weekly-review-dialog.h"
#include "cf-window.h"

/* The escalation log (请示报告制度): every escalation, the ones still
 * being worked first, with a detail pane beside the list that shows one
 * escalation's history and the steps the signed-in user may take on it
 * now. Each step asks for what the rules require (a proposed handling, a
 * reason for a skip, an outcome…), is checked by the core as it is typed
 * and refused in the core's words, and is recorded as one batch.
 *
 * Customer references and contacts are personal data: the list masks
 * them, and only the detail shows them in full, to the roles that may see
 * them (cf_role_may_see_personal ()).
 */
/* The steps of an escalation offered in the detail pane. */
typedef enum
{
  STEP_ACKNOWLEDGE,
  STEP_NOTE,
  STEP_PROPOSAL,
  STEP_INSTRUCTION,
  STEP_ESCALATE,
  STEP_SKIP,
  STEP_HAND_OVER,
  STEP_ANSWER,
  STEP_RESOLVE,
  STEP_REOPEN,
  STEP_CLOSE,
  STEP_CALLBACK,
  STEP_CORRECT,
  N_STEPS
} Step;

/* The facts of the detail pane, two to a line. */
enum {
  FACT_STATUS,
  FACT_LEVEL,
  FACT_ASSIGNEE,
  FACT_DUE,
  FACT_RAISED,
  FACT_SEVERITY,
  FACT_SOURCE,
  FACT_CATEGORY,
  FACT_CUSTOMER_REF,
  FACT_CUSTOMER_CONTACT,
  N_FACTS
};

struct _CfEscalationsView
{
  CfView              parent_instance;

  /* Template widgets */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *show_filter;
  GtkDropDown        *status_filter;
  GtkDropDown        *level_filter;
  GtkDropDown        *severity_filter;
  GtkDropDown        *source_filter;
  GtkDropDown        *category_filter;
  GtkMenuButton      *filters_button;
  GtkWidget          *raise_button;
  GtkStack           *content_stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *empty_page;
  GtkStack           *detail_stack;
  GtkLabel           *summary_label;
  GtkWidget          *report_after_box;
  GtkLabel           *report_after_label;
  GtkGrid            *facts_grid;
  GtkLabel           *facts[N_FACTS];
  GtkFlowBox         *actions_box;
  GtkListView        *timeline;
  GListStore         *timeline_entries;
  GtkLabel           *count_label;

  /* Owned references */
  CfEscalationList   *escalations;
  GtkSingleSelection *selection;
  GDateTime          *now;            /* what "overdue" is measured against */
  GHashTable         *report_after;   /* ids of escalations my level must still be told of */
  CfEscalationPolicy  policy;         /* the levels in use */
  GHashTable         *names;          /* user id → name */
  GPtrArray          *people;         /* CfEscalationPerson, highest role first */
  GPtrArray          *entries;        /* the selected escalation's history */
  GtkWidget          *step_buttons[N_STEPS];
  GtkWidget          *rush_repair_button;
  gboolean            loaded;         /* read when the view is first shown */
  gboolean            reloading;      /* the detail follows once the list is read */
  gboolean            clearing;       /* the filters are being cleared at once */
};

G_DEFINE_FINAL_TYPE (CfEscalationsView, cf_escalations_view, CF_TYPE_VIEW)

/* The choices of the "show" filter, in the order of the .ui. */
enum {
  SHOW_ALL,
  SHOW_OVERDUE,
  SHOW_MINE,
  SHOW_MY_LEVEL,
};


/* Which choice a step's dialog offers besides its text. */
typedef enum
{
  CHOICE_NONE,
  CHOICE_PERSON,       /* who gave an instruction */
  CHOICE_LEVEL,        /* where an emergency skip goes */
  CHOICE_DEPARTMENT,
  CHOICE_ENTRY,        /* which entry a correction corrects */
} Choice;

static const struct
{
  const char *action;
  const char *button_name;
  const char *label;        /* N_() */
  const char *heading;      /* N_(); NULL: taken at once, without a dialog */
  const char *body;         /* N_() */
  const char *text_label;   /* N_() */
  const char *apply_label;  /* N_() */
  Choice      choice;
} steps[] = {
  { "escalations.acknowledge", "acknowledge-button", N_("_Acknowledge"), NULL, NULL, NULL, NULL,
    CHOICE_NONE },
  { "escalations.note", "note-button", N_("_Note…"), N_("Add a Note"),
    N_("A note adds to the history; it changes nothing about where the case stands."),
    N_("Note"), N_("_Add Note"), CHOICE_NONE },
  { "escalations.proposal", "proposal-button", N_("_Propose Handling…"),
    N_("Propose a Handling"),
    N_("Every report up carries a proposed handling: say what you would do."),
    N_("Proposed handling"), N_("_Propose"), CHOICE_NONE },
  { "escalations.instruction", "instruction-button", N_("_Instruction…"),
    N_("Record an Instruction"),
    N_("Write the instruction down in detail, as it was given. It is carried out first; "
       "disagreement is raised afterwards."),
    N_("Instruction"), N_("_Record"), CHOICE_PERSON },
  { "escalations.escalate", "escalate-button", N_("_Escalate…"), N_("Escalate One Level Up"),
    N_("The escalation goes to the next level and waits there to be acknowledged."),
    N_("Reason (optional)"), N_("_Escalate"), CHOICE_NONE },
  { "escalations.skip", "skip-button", N_("Emergency _Skip…"), N_("Emergency Skip"),
    N_("In an emergency a report may skip levels. Every level passed over must be told "
       "afterwards."),
    N_("Why the emergency could not wait"), N_("_Skip Levels"), CHOICE_LEVEL },
  { "escalations.hand-over", "hand-over-button", N_("_Hand to Department…"),
    N_("Hand to a Department"), N_("Say what the department is asked to do."),
    N_("Request"), N_("_Hand Over"), CHOICE_DEPARTMENT },
  { "escalations.answer", "answer-button", N_("Department’s A_nswer…"),
    N_("Record a Department’s Answer"), N_("Write the answer as the department gave it."),
    N_("Answer"), N_("_Record"), CHOICE_DEPARTMENT },
  { "escalations.resolve", "resolve-button", N_("_Resolve…"), N_("Resolve the Escalation"),
    N_("Write how it was settled and, once verified, who was responsible."),
    N_("Outcome"), N_("_Resolve"), CHOICE_NONE },
  { "escalations.reopen", "reopen-button", N_("Re_open…"), N_("Reopen the Escalation"),
    N_("Say why the case is not settled after all."), N_("Reason"), N_("_Reopen"),
    CHOICE_NONE },
  { "escalations.close", "close-button", N_("_Close"), NULL, NULL, NULL, NULL, CHOICE_NONE },
  { "escalations.callback", "callback-button", N_("Call_back…"), N_("Record a Callback"),
    N_("Write what the customer said when they were called back."), N_("Result"),
    N_("_Record"), CHOICE_NONE },
  { "escalations.correct", "correct-button", N_("C_orrect…"), N_("Correct an Entry"),
    N_("The history is never rewritten: the correction is added after the entry it "
       "corrects, and both stay."),
    N_("Correction"), N_("_Add Correction"), CHOICE_ENTRY },
};

G_STATIC_ASSERT (G_N_ELEMENTS (steps) == N_STEPS);

static CfContext *
get_context (CfEscalationsView *self)
{
  return cf_view_get_context (CF_VIEW (self));
}

static CfStore *
get_store (CfEscalationsView *self)
{
  return cf_context_get_store (get_context (self));
}

static CfSession *
get_session (CfEscalationsView *self)
{
  return cf_context_get_session (get_context (self));
}

static const CfField *
escalation_field (const char *name)
{
  return cf_kind_lookup_field (cf_registry_lookup ("escalation"), name);
}

static const CfField *
entry_field (const char *name)
{
  return cf_kind_lookup_field (cf_registry_lookup ("escalation_entry"), name);
}

/* The label of @value, one of @field's choices. */
static const char *
choice_label (const CfField *field,
              const char    *value)
{
  return cf_field_get_value_label (field, value);
}

static gboolean
my_level (CfEscalationsView *self,
          CfEscalationLevel *level)
{
  return cf_escalation_policy_level_for_role (&self->policy,
                                              cf_session_get_role (get_session (self)), level);
}

static gboolean
may_see_personal (CfEscalationsView *self)
{
  return cf_role_may_see_personal (cf_session_get_role (get_session (self)));
}

static const char *
person_name (CfEscalationsView *self,
             const char        *user_id)
{
  const char *name = user_id != NULL && self->names != NULL
                     ? g_hash_table_lookup (self->names, user_id) : NULL;

  return name != NULL ? name : _("Unknown user");
}

/* Columns ------------------------------------------------------------------ */

/* The columns, in the order of the .ui: when and where a case stands
 * first, so an overdue one shows without scrolling.
 */
enum {
  COLUMN_SEVERITY,
  COLUMN_SUMMARY,
  COLUMN_DUE,
  COLUMN_STATUS,
  COLUMN_LEVEL,
  COLUMN_ASSIGNEE,
  COLUMN_CUSTOMER,
  COLUMN_SOURCE,
  COLUMN_CATEGORY,
  N_COLUMNS
};

/* What a cell shows. The list never shows personal data in full. */
static char *
cell_text (CfEscalationSummary *escalation,
           guint                column)
{
  switch (column)
    {
    case COLUMN_SEVERITY:
      return g_strdup (cf_escalation_summary_get_label (escalation, "severity"));
    case COLUMN_SUMMARY:
      return g_strdup (cf_escalation_summary_get_summary (escalation));
    case COLUMN_CUSTOMER:
      return cf_escalation_summary_get_customer_ref (escalation) != NULL
             ? cf_personal_mask (cf_escalation_summary_get_customer_ref (escalation))
             : g_strdup ("");
    case COLUMN_SOURCE:
      return g_strdup (cf_escalation_summary_get_label (escalation, "source"));
    case COLUMN_CATEGORY:
      return g_strdup (cf_escalation_summary_get_label (escalation, "category"));
    case COLUMN_LEVEL:
      return g_strdup (cf_escalation_summary_get_label (escalation, "level"));
    case COLUMN_STATUS:
      return g_strdup (cf_escalation_summary_get_label (escalation, "status"));
    case COLUMN_ASSIGNEE:
      return g_strdup (cf_escalation_summary_get_assignee_name (escalation));
    case COLUMN_DUE:
      return cf_list_detail_format_time (cf_escalation_summary_get_due_at (escalation));
    default:
      g_assert_not_reached ();
    }
}

/* Escalations are snapshots, replaced when they change: a bind sets the
 * text once; a critical severity and an overdue due time are coloured.
 */
static void
on_cell_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  column_data)
{
  CfEscalationsView *self = g_object_get_data (G_OBJECT (factory), "view");
  CfEscalationSummary *escalation = gtk_list_item_get_item (list_item);
  GtkWidget *inscription = gtk_list_item_get_child (list_item);
  guint column = GPOINTER_TO_UINT (column_data);
  g_autofree char *text = cell_text (escalation, column);
  const char *severity = cf_escalation_summary_get_severity (escalation);

  gtk_inscription_set_text (GTK_INSCRIPTION (inscription), text);
  if (column == COLUMN_SEVERITY)
    {
      cf_list_detail_set_class (inscription, "error", g_strcmp0 (severity, "critical") == 0);
      cf_list_detail_set_class (inscription, "warning", g_strcmp0 (severity, "urgent") == 0);
    }
  else if (column == COLUMN_DUE)
    {
      cf_list_detail_set_class (inscription, "error",
                                cf_escalation_summary_is_overdue (escalation, self->now));
    }
  else if (column == COLUMN_STATUS)
    {
      const char *status = cf_escalation_summary_get_status (escalation);

      cf_list_detail_set_class (inscription, "dim-label",
                                g_strcmp0 (status, "resolved") == 0 ||
                                g_strcmp0 (status, "closed") == 0);
    }
}

static void
set_up_columns (CfEscalationsView *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  g_assert (g_list_model_get_n_items (columns) == N_COLUMNS);

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

      g_object_set_data (G_OBJECT (factory), "view", self);
      g_signal_connect (factory, "setup", G_CALLBACK (cf_view_setup_text_cell), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind_cb), GUINT_TO_POINTER (i));
      gtk_column_view_column_set_factory (column, factory);
    }
}

/* Filters -------------------------------------------------------------------- */

/* A filter's choice as stored, or NULL for "all" (the first item). */
static const char *
filter_choice (GtkDropDown *dropdown,
               const char  *field_name)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected == 0)
    return NULL;

  return escalation_field (field_name)->choices[selected - 1];
}

static void update_count  (CfEscalationsView *self);
static void update_detail (CfEscalationsView *self);

/* What changes the list. */
typedef enum
{
  SET_FILTER,
  LOAD,
  UPDATE,
} ListChange;

/* Changes the list, keeping the escalation selected while it is shown. */
static void
update_keeping_selection (CfEscalationsView        *self,
                          ListChange                change,
                          const CfEscalationFilter *filter,
                          const char * const       *ids)
{
  CfEscalationSummary *selected = cf_escalations_view_get_selected (self);
  g_autofree char *selected_id = selected != NULL
                                 ? g_strdup (cf_escalation_summary_get_id (selected)) : NULL;
  g_autoptr (GError) error = NULL;
  gboolean read = TRUE;
  guint position;

  self->reloading = TRUE;
  switch (change)
    {
    case SET_FILTER:
      cf_escalation_list_set_filter (self->escalations, filter);
      break;
    case LOAD:
      read = cf_escalation_list_load (self->escalations, get_store (self), self->now, &error);
      break;
    case UPDATE:
      read = cf_escalation_list_update (self->escalations, get_store (self), ids, &error);
      break;
    default:
      g_assert_not_reached ();
    }
  position = cf_escalation_list_find (self->escalations, selected_id);
  gtk_single_selection_set_selected (self->selection, position);
  self->reloading = FALSE;

  if (!read)
    g_warning ("Cannot read the escalations: %s", error->message);
  update_count (self);
  /* A filter leaves the escalation shown as it was. */
  if (change != SET_FILTER || position == GTK_INVALID_LIST_POSITION)
    update_detail (self);
}

/* The filters as they are set, for the list to apply. */
static void
apply_filters (CfEscalationsView *self)
{
  g_autofree char *assignee = NULL;
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  CfEscalationFilter filter = {
    .status = filter_choice (self->status_filter, "status"),
    .level = filter_choice (self->level_filter, "level"),
    .severity = filter_choice (self->severity_filter, "severity"),
    .source = filter_choice (self->source_filter, "source"),
    .category = filter_choice (self->category_filter, "category"),
    .search = typed,
    /* Searching by a customer reference would tell who may not see it
     * whether one is on file.
     */
    .search_customer = may_see_personal (self),
  };
  CfEscalationLevel level;
  guint n_set = (filter.status != NULL) + (filter.level != NULL) + (filter.severity != NULL) +
                (filter.source != NULL) + (filter.category != NULL);
  g_autofree char *label = NULL;

  switch (gtk_drop_down_get_selected (self->show_filter))
    {
    case SHOW_OVERDUE:
      filter.overdue = TRUE;
      break;
    case SHOW_MINE:
      filter.assignee = cf_session_get_user_id (get_session (self));
      /* Nobody signed in has nothing assigned. */
      if (filter.assignee == NULL)
        filter.assignee = "";
      break;
    case SHOW_MY_LEVEL:
      /* Open at my level, or owed a report-after to it. */
      filter.waiting_level = my_level (self, &level) ? cf_escalation_level_to_string (level) : "";
      filter.waiting_ids = self->report_after;
      break;
    default:
      break;
    }

  update_keeping_selection (self, SET_FILTER, &filter, NULL);

  /* The button says how many of its filters are set. */
  if (n_set > 0)
    /* translators: the Filters button when some are set, e.g. “Filters (2)”;
     * the underscore marks the access key
     */
    label = g_strdup_printf (_("_Filters (%u)"), n_set);
  gtk_menu_button_set_label (self->filters_button, label != NULL ? label : _("_Filters"));
}

static void
on_filters_changed_cb (CfEscalationsView *self)
{
  if (self->loaded && !self->clearing)
    apply_filters (self);
}

/* Sets the filters of the popover back to "all", or with @everything the
 * search and the "show" filter too; the list is filtered once.
 */
static void
clear_filters (CfEscalationsView *self,
               gboolean           everything)
{
  GtkDropDown *filters[] = {
    self->status_filter, self->level_filter, self->severity_filter, self->source_filter,
    self->category_filter,
  };

  self->clearing = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    gtk_drop_down_set_selected (filters[i], 0);
  if (everything)
    {
      gtk_drop_down_set_selected (self->show_filter, SHOW_ALL);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
    }
  self->clearing = FALSE;
  on_filters_changed_cb (self);
}

static void
on_clear_filters_clicked_cb (CfEscalationsView *self)
{
  clear_filters (self, FALSE);
}

static void
on_search_entry_stop_search_cb (CfEscalationsView *self,
                                GtkSearchEntry    *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* "All …" and then the choices of @field_name. */
static void
fill_filter (GtkDropDown *dropdown,
             const char  *field_name,
             const char  *all)
{
  const CfField *field = escalation_field (field_name);
  g_autoptr (GtkStringList) items = gtk_string_list_new (NULL);

  gtk_string_list_append (items, all);
  for (guint i = 0; field->choices[i] != NULL; i++)
    gtk_string_list_append (items, cf_field_get_choice_label (field, i));
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (items));
  gtk_drop_down_set_selected (dropdown, 0);
}

/* Steps ----------------------------------------------------------------------- */

/* What a step's dialog holds besides its text. */
typedef struct
{
  const char *person;        /* CHOICE_PERSON: a user id */
  guint       level;         /* CHOICE_LEVEL */
  const char *department;    /* CHOICE_DEPARTMENT: as stored */
  const char *responsible;   /* STEP_RESOLVE, nullable */
  const char *entry;         /* CHOICE_ENTRY: an entry id */
} StepInput;

/* The batch recording @step, checked by the core; %NULL with the core's
 * reason when the step is refused.
 */
static GPtrArray *
build_step (CfEscalationsView *self,
            Step               step,
            const char        *escalation_id,
            const char        *text,
            const StepInput   *input,
            GError           **error)
{
  CfStore *store = get_store (self);
  const char *author = cf_session_get_user_id (get_session (self));

  switch (step)
    {
    case STEP_ACKNOWLEDGE:
      return cf_escalation_acknowledge (store, author, escalation_id, error);
    case STEP_NOTE:
      return cf_escalation_add_note (store, author, escalation_id, text, error);
    case STEP_PROPOSAL:
      return cf_escalation_propose (store, author, escalation_id, text, error);
    case STEP_INSTRUCTION:
      return cf_escalation_record_instruction (store, author, escalation_id, input->person, text,
                                               error);
    case STEP_ESCALATE:
      return cf_escalation_escalate (store, author, escalation_id, text, error);
    case STEP_SKIP:
      return cf_escalation_skip (store, author, escalation_id, input->level, text, error);
    case STEP_HAND_OVER:
      return cf_escalation_hand_over (store, author, escalation_id, input->department, text,
                                      error);
    case STEP_ANSWER:
      return cf_escalation_record_answer (store, author, escalation_id, input->department, text,
                                          error);
    case STEP_RESOLVE:
      return cf_escalation_resolve (store, author, escalation_id, text, input->responsible,
                                    error);
    case STEP_REOPEN:
      return cf_escalation_reopen (store, author, escalation_id, text, error);
    case STEP_CLOSE:
      return cf_escalation_close (store, author, escalation_id, error);
    case STEP_CALLBACK:
      return cf_escalation_record_callback (store, author, escalation_id, text, error);
    case STEP_CORRECT:
      return cf_escalation_correct (store, author, input->entry, text, error);
    case N_STEPS:
    default:
      g_assert_not_reached ();
    }
}

/* The department the escalation was last handed to, if any. */
static const char *
last_department (CfEscalationsView *self)
{
  const char *department = NULL;

  for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
    {
      JsonObject *entry = self->entries->pdata[i];

      if (g_strcmp0 (json_object_get_string_member (entry, "type"), "handed_over") == 0)
        department = json_object_get_string_member_with_default (entry, "department", NULL);
    }

  return department;
}

/* Whether the signed-in user may take @step on @escalation now: the core
 * is asked to build it with a stand-in text, and the registry whether the
 * role may set the status it leads to. A step refused only for something
 * its dialog asks for (a proposal to record first) is still offered, so
 * its dialog can say why.
 */
static gboolean
step_available (CfEscalationsView   *self,
                Step                 step,
                CfEscalationSummary *escalation)
{
  const CfKind *kind = cf_registry_lookup ("escalation");
  CfRole role = cf_session_get_role (get_session (self));
  StepInput input = { NULL, CF_ESCALATION_LEVEL_SUPERVISOR, "engineering", NULL, NULL };
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;

  if ((step == STEP_RESOLVE && !cf_kind_allows_value (kind, "status", "resolved", role)) ||
      (step == STEP_CLOSE && !cf_kind_allows_value (kind, "status", "closed", role)) ||
      !cf_kind_allows (cf_registry_lookup ("escalation_entry"), CF_OP_CREATE, role))
    return FALSE;
  if (step == STEP_INSTRUCTION)
    {
      if (self->people == NULL || self->people->len == 0)
        return FALSE;
      input.person = ((CfEscalationPerson *) self->people->pdata[0])->user_id;
    }
  if (step == STEP_ANSWER)
    {
      input.department = last_department (self);
      if (input.department == NULL)
        return FALSE;
    }
  if (step == STEP_CORRECT)
    {
      if (self->entries == NULL || self->entries->len == 0)
        return FALSE;
      input.entry = json_object_get_string_member (self->entries->pdata[0], "id");
    }

  ops = build_step (self, step, cf_escalation_summary_get_id (escalation), "-", &input, &error);

  return ops != NULL ||
         g_error_matches (error, CF_ESCALATION_ERROR, CF_ESCALATION_ERROR_NO_PROPOSAL);
}

/* Records @ops as the signed-in user; the history cannot be undone, so the
 * toast only says what was done.
 */
static gboolean
apply_step (CfEscalationsView *self,
            Step               step,
            GPtrArray         *ops)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  const char *type = NULL;

  if (!cf_store_apply (get_store (self), cf_session_get_user_id (get_session (self)),
                       (CfOp * const *) ops->pdata, ops->len, &error))
    {
      cf_window_show_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return FALSE;
    }

  /* The step is named by the entry that records it. */
  for (guint i = 0; i < ops->len; i++)
    {
      if (g_str_equal (cf_op_get_kind (ops->pdata[i])->name, "escalation_entry"))
        type = json_object_get_string_member (cf_op_get_set (ops->pdata[i]), "type");
    }
  /* translators: %s is a step such as “Proposed handling” */
  title = g_strdup_printf (_("Recorded: %s"), choice_label (entry_field ("type"), type));
  cf_window_show_toast (GTK_WIDGET (self), adw_toast_new (title));

  return TRUE;
}

/* A step asked for in its dialog: which, of which escalation. */
typedef struct
{
  CfEscalationsView *view;
  Step               step;
  char              *escalation_id;
} StepRequest;

static void
step_request_free (StepRequest *request)
{
  g_object_unref (request->view);
  g_free (request->escalation_id);
  g_free (request);
}

static GPtrArray *
build_requested_step (const char  *choice,
                      const char  *text,
                      const char  *responsible,
                      gpointer     user_data,
                      GError     **error)
{
  StepRequest *request = user_data;
  StepInput input = { choice, 0, choice, responsible, choice };

  if (choice != NULL)
    cf_escalation_level_from_string (choice, (CfEscalationLevel *) &input.level);

  return build_step (request->view, request->step, request->escalation_id, text, &input, error);
}

static void
apply_requested_step (GPtrArray    *ops,
                      const GError *error,
                      gpointer      user_data)
{
  StepRequest *request = user_data;

  if (ops == NULL)
    cf_window_show_toast (GTK_WIDGET (request->view), adw_toast_new (error->message));
  else
    apply_step (request->view, request->step, ops);
}

/* The choice a step's dialog offers: labels to show, values as stored. */
static void
fill_choice (CfEscalationsView   *self,
             Step                 step,
             CfEscalationSummary *escalation,
             CfStepDialogSpec    *spec)
{
  const char *session_user = cf_session_get_user_id (get_session (self));
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  spec->choice_labels = labels;
  spec->choice_values = values;
  switch (steps[step].choice)
    {
    case CHOICE_PERSON:
      /* Instructions come from above: the desks do not give them. */
      for (guint i = 0; i < self->people->len; i++)
        {
          CfEscalationPerson *person = self->people->pdata[i];

          if (person->role != CF_ROLE_SUPERVISOR && person->role != CF_ROLE_DEPUTY &&
              person->role != CF_ROLE_SHIFT_LEAD)
            continue;
          if (g_strcmp0 (person->user_id, session_user) == 0)
            spec->choice_selected = values->len;
          /* translators: who gave an instruction: a name and a role */
          g_ptr_array_add (labels, g_strdup_printf (_("%s (%s)"), person->name,
                                                    cf_role_get_label (person->role)));
          g_ptr_array_add (values, g_strdup (person->user_id));
        }
      break;
    case CHOICE_LEVEL:
      {
        CfEscalationLevel from = CF_ESCALATION_LEVEL_AGENT;
        gboolean passed_one = FALSE;

        /* A skip lands on a level in use past at least one other. */
        cf_escalation_level_from_string (cf_escalation_summary_get_level (escalation), &from);
        for (guint l = from + 1; l < CF_N_ESCALATION_LEVELS; l++)
          {
            if (!cf_escalation_policy_uses_level (&self->policy, l))
              continue;
            if (!passed_one)
              {
                passed_one = TRUE;
                continue;
              }
            g_ptr_array_add (labels,
                             g_strdup (cf_field_get_choice_label (escalation_field ("level"), l)));
            g_ptr_array_add (values, g_strdup (cf_escalation_level_to_string (l)));
          }
        spec->choice_selected = values->len > 0 ? values->len - 1 : 0;
      }
      break;
    case CHOICE_DEPARTMENT:
      {
        const CfField *field = entry_field ("department");
        const char *handed = step == STEP_ANSWER ? last_department (self) : NULL;

        for (guint i = 0; field->choices[i] != NULL; i++)
          {
            if (g_strcmp0 (field->choices[i], handed) == 0)
              spec->choice_selected = i;
            g_ptr_array_add (labels, g_strdup (cf_field_get_choice_label (field, i)));
            g_ptr_array_add (values, g_strdup (field->choices[i]));
          }
      }
      break;
    case CHOICE_ENTRY:
      /* The latest first: what is corrected is mostly what was just written. */
      for (guint i = self->entries->len; i > 0; i--)
        {
          JsonObject *entry = self->entries->pdata[i - 1];
          g_autofree char *when =
            cf_list_detail_format_time (json_object_get_string_member (entry, "created_at"));

          /* translators: an entry to correct: its type, who wrote it and when */
          g_ptr_array_add (labels,
                           g_strdup_printf (_("%s · %s · %s"),
                                            choice_label (entry_field ("type"),
                                                          json_object_get_string_member (entry, "type")),
                                            person_name (self, json_object_get_string_member_with_default (entry, "created_by", NULL)),
                                            when));
          g_ptr_array_add (values, g_strdup (json_object_get_string_member (entry, "id")));
        }
      break;
    case CHOICE_NONE:
    default:
      g_assert_not_reached ();
    }
}

static void
open_step_dialog (CfEscalationsView   *self,
                  Step                 step,
                  CfEscalationSummary *escalation)
{
  StepRequest *request = g_new0 (StepRequest, 1);
  CfStepDialogSpec spec = {
    .heading = _(steps[step].heading),
    .body = _(steps[step].body),
    .text_label = _(steps[step].text_label),
    .apply_label = _(steps[step].apply_label),
    .ask_responsible = step == STEP_RESOLVE,
  };

  request->view = g_object_ref (self);
  request->step = step;
  request->escalation_id = g_strdup (cf_escalation_summary_get_id (escalation));
  if (steps[step].choice != CHOICE_NONE)
    fill_choice (self, step, escalation, &spec);

  cf_step_dialog_present (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), &spec,
                          build_requested_step, apply_requested_step, request,
                          (GDestroyNotify) step_request_free);
  g_clear_pointer (&spec.choice_labels, g_ptr_array_unref);
  g_clear_pointer (&spec.choice_values, g_ptr_array_unref);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfEscalationsView *self = CF_ESCALATIONS_VIEW (widget);
  CfEscalationSummary *escalation = cf_escalations_view_get_selected (self);
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;
  StepInput input = { NULL, 0, NULL, NULL };
  Step step = N_STEPS;

  for (guint i = 0; i < N_STEPS; i++)
    {
      if (g_str_equal (action_name, steps[i].action))
        step = i;
    }
  g_assert (step != N_STEPS);
  if (escalation == NULL)
    return;

  if (steps[step].heading != NULL)
    {
      open_step_dialog (self, step, escalation);
      return;
    }

  /* Acknowledging and closing ask for nothing more. */
  ops = build_step (self, step, cf_escalation_summary_get_id (escalation), NULL, &input, &error);
  if (ops == NULL)
    cf_window_show_toast (widget, adw_toast_new (error->message));
  else
    apply_step (self, step, ops);
}

/* The user's level, passed over by an emergency skip, has been told. */
static void
acknowledge_report_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CfEscalationsView *self = CF_ESCALATIONS_VIEW (widget);
  CfEscalationSummary *escalation = cf_escalations_view_get_selected (self);
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (GError) error = NULL;

  if (escalation == NULL)
    return;

  ops = cf_escalation_acknowledge_report (get_store (self),
                                          cf_session_get_user_id (get_session (self)),
                                          cf_escalation_summary_get_id (escalation), &error);
  if (ops == NULL)
    cf_window_show_toast (widget, adw_toast_new (error->message));
  else
    apply_step (self, N_STEPS, ops);
}

/* Detail ---------------------------------------------------------------------- */

/* One fact of the escalation, its name above its value, two to a line;
 * made once, filled in for each escalation shown.
 */
static void
create_fact (CfEscalationsView *self,
             guint              fact,
             const char        *name,
             const char        *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *caption = gtk_label_new (title);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_set_name (label, name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_box_append (GTK_BOX (box), label);
  gtk_grid_attach (self->facts_grid, box, fact % 2, fact / 2, 1, 1);
  self->facts[fact] = GTK_LABEL (label);
}

static void
create_facts (CfEscalationsView *self)
{
  create_fact (self, FACT_STATUS, "status-row", _("Status"));
  create_fact (self, FACT_LEVEL, "level-row", _("Level"));
  create_fact (self, FACT_ASSIGNEE, "assignee-row", _("Assigned To"));
  create_fact (self, FACT_DUE, "due-row", _("Due"));
  create_fact (self, FACT_RAISED, "raised-row", _("Raised"));
  create_fact (self, FACT_SEVERITY, "severity-row", _("Severity"));
  create_fact (self, FACT_SOURCE, "source-row", _("Source"));
  create_fact (self, FACT_CATEGORY, "category-row", _("Category"));
  create_fact (self, FACT_CUSTOMER_REF, "customer-ref-row",
               cf_field_get_label (escalation_field ("customer_ref")));
  create_fact (self, FACT_CUSTOMER_CONTACT, "customer-contact-row",
               cf_field_get_label (escalation_field ("customer_contact")));
}

static void
set_fact (CfEscalationsView *self,
          guint              fact,
          const char        *value)
{
  gtk_label_set_text (self->facts[fact], value != NULL && value[0] != '\0' ? value : "—");
}

/* A personal value: in full to the roles that may see it, masked to the rest. */
static void
set_personal_fact (CfEscalationsView *self,
                   guint              fact,
                   const char        *value)
{
  g_autofree char *shown = may_see_personal (self) || value == NULL
                           ? g_strdup (value) : cf_personal_mask (value);

  set_fact (self, fact, shown);
}

static void
update_facts (CfEscalationsView   *self,
              CfEscalationSummary *escalation)
{
  g_autofree char *raised =
    cf_list_detail_format_time (cf_escalation_summary_get_opened_at (escalation));
  g_autofree char *due = cf_list_detail_format_time (cf_escalation_summary_get_due_at (escalation));
  gboolean overdue = cf_escalation_summary_is_overdue (escalation, self->now);

  set_fact (self, FACT_STATUS, cf_escalation_summary_get_label (escalation, "status"));
  set_fact (self, FACT_LEVEL, cf_escalation_summary_get_label (escalation, "level"));
  set_fact (self, FACT_ASSIGNEE, cf_escalation_summary_get_assignee_name (escalation));
  if (overdue)
    {
      g_autofree char *text = NULL;

      /* translators: a due time that has passed, e.g. “2026-11-20 13:30 · overdue” */
      text = g_strdup_printf (_("%s · overdue"), due);
      set_fact (self, FACT_DUE, text);
    }
  else
    {
      set_fact (self, FACT_DUE, due);
    }
  cf_list_detail_set_class (GTK_WIDGET (self->facts[FACT_DUE]), "error", overdue);
  set_fact (self, FACT_RAISED, raised);
  set_fact (self, FACT_SEVERITY, cf_escalation_summary_get_label (escalation, "severity"));
  set_fact (self, FACT_SOURCE, cf_escalation_summary_get_label (escalation, "source"));
  set_fact (self, FACT_CATEGORY, cf_escalation_summary_get_label (escalation, "category"));
  set_personal_fact (self, FACT_CUSTOMER_REF, cf_escalation_summary_get_customer_ref (escalation));
  set_personal_fact (self, FACT_CUSTOMER_CONTACT,
                     cf_escalation_summary_get_customer_contact (escalation));
}

static JsonObject *
find_entry (CfEscalationsView *self,
            const char        *entry_id)
{
  for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
    {
      JsonObject *entry = self->entries->pdata[i];

      if (g_strcmp0 (json_object_get_string_member (entry, "id"), entry_id) == 0)
        return entry;
    }

  return NULL;
}

/* The history ------------------------------------------------------------------- */

/* An entry of the history as the timeline's list holds it. */
#define CF_TYPE_TIMELINE_ENTRY (cf_timeline_entry_get_type ())

G_DECLARE_FINAL_TYPE (CfTimelineEntry, cf_timeline_entry, CF, TIMELINE_ENTRY, GObject)

struct _CfTimelineEntry
{
  GObject     parent_instance;

  JsonObject *entry;
  gboolean    corrected;   /* a later entry corrects it */
};

G_DEFINE_FINAL_TYPE (CfTimelineEntry, cf_timeline_entry, G_TYPE_OBJECT)

static void
cf_timeline_entry_finalize (GObject *object)
{
  g_clear_pointer (&CF_TIMELINE_ENTRY (object)->entry, json_object_unref);

  G_OBJECT_CLASS (cf_timeline_entry_parent_class)->finalize (object);
}

static void
cf_timeline_entry_class_init (CfTimelineEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_timeline_entry_finalize;
}

static void
cf_timeline_entry_init (CfTimelineEntry *self)
{
}

/* The lines of an entry in the timeline, each shown when it has a text. */
enum {
  LINE_HEADING,
  LINE_INSTRUCTION,   /* who gave an instruction */
  LINE_FACTS,         /* between which levels it moved, the department, who was responsible */
  LINE_CORRECTION,    /* which entry it corrects, or that a later one corrects it */
  LINE_TEXT,
  N_LINES
};

static const char * const line_classes[N_LINES] = {
  "heading", "accent", "dim-label", "warning", NULL,
};

/* The history is a list view, so that only the entries on screen are
 * made and measured: a case with two hundred entries opens at once.
 */
static void
on_timeline_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_widget_set_name (box, "timeline-entry");
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  for (guint i = 0; i < N_LINES; i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      /* The text may be copied; the rest is said again elsewhere, and a
       * selectable label costs a row its handlers.
       */
      gtk_label_set_selectable (GTK_LABEL (label), i == LINE_TEXT);
      if (line_classes[i] != NULL)
        gtk_widget_add_css_class (label, line_classes[i]);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_child (list_item, box);
}

static void
set_line (GtkWidget  *line,
          const char *text)
{
  gtk_widget_set_visible (line, text != NULL);
  gtk_label_set_text (GTK_LABEL (line), text != NULL ? text : "");
}

/* The lines given, one under the other; %NULL when none is. */
static char *
join_lines (const char *first,
            const char *second,
            const char *third)
{
  const char *lines[] = { first, second, third };
  GString *joined = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      if (lines[i] == NULL)
        continue;
      if (joined == NULL)
        joined = g_string_new (lines[i]);
      else
        g_string_append_printf (joined, "\n%s", lines[i]);
    }

  return joined != NULL ? g_string_free (joined, FALSE) : NULL;
}

/* One entry of the history: what, who and when; its text; and what else
 * it records — who gave an instruction, between which levels it moved,
 * which entry a correction corrects.
 */
static void
on_timeline_bind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     CfEscalationsView        *self)
{
  CfTimelineEntry *item = gtk_list_item_get_item (list_item);
  JsonObject *entry = item->entry;
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *lines[N_LINES];
  const char *type = json_object_get_string_member (entry, "type");
  const char *text = json_object_get_string_member_with_default (entry, "text", NULL);
  const char *from = json_object_get_string_member_with_default (entry, "from_level", NULL);
  const char *to = json_object_get_string_member_with_default (entry, "to_level", NULL);
  const char *department = json_object_get_string_member_with_default (entry, "department", NULL);
  const char *responsible = json_object_get_string_member_with_default (entry, "responsible", NULL);
  const char *corrects = json_object_get_string_member_with_default (entry, "corrects", NULL);
  g_autofree char *when =
    cf_list_detail_format_time (json_object_get_string_member (entry, "created_at"));
  g_autofree char *heading = NULL;
  g_autofree char *given = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *dept = NULL;
  g_autofree char *link = NULL;
  g_autofree char *who = NULL;
  g_autofree char *facts = NULL;
  g_autofree char *correction = NULL;
  const char *type_label = choice_label (entry_field ("type"), type);
  GtkWidget *line = gtk_widget_get_first_child (box);

  for (guint i = 0; i < N_LINES; i++, line = gtk_widget_get_next_sibling (line))
    lines[i] = line;

  if (corrects != NULL)
    type_label = _("Correction");
  /* translators: an entry of the history: its type, who wrote it and when,
   * e.g. “Instruction · Li Wei · 2026-11-20 09:30”
   */
  heading = g_strdup_printf (_("%s · %s · %s"), type_label,
                             person_name (self, json_object_get_string_member_with_default (entry, "created_by", NULL)),
                             when);
  set_line (lines[LINE_HEADING], heading);

  if (g_strcmp0 (type, "instruction") == 0)
    /* translators: %s is the name of who gave the instruction */
    given = g_strdup_printf (_("Instruction given by %s — carry it out"),
                             person_name (self, json_object_get_string_member_with_default (entry, "instructed_by", NULL)));
  set_line (lines[LINE_INSTRUCTION], given);
  cf_list_detail_set_class (box, "instruction", given != NULL);

  if (from != NULL && to != NULL)
    /* translators: an escalation moving between levels, e.g. “Shift lead → Supervisor” */
    moved = g_strdup_printf (_("%s → %s"), choice_label (entry_field ("from_level"), from),
                             choice_label (entry_field ("to_level"), to));
  else if (to != NULL && g_strcmp0 (type, "report_after_acknowledged") == 0)
    moved = g_strdup (choice_label (entry_field ("to_level"), to));

  if (department != NULL)
    /* translators: %s is a department such as “Engineering” */
    dept = g_strdup_printf (_("Department: %s"),
                            choice_label (entry_field ("department"), department));

  if (corrects != NULL)
    {
      JsonObject *corrected = find_entry (self, corrects);

      if (corrected != NULL)
        {
          g_autofree char *corrected_when =
            cf_list_detail_format_time (json_object_get_string_member (corrected, "created_at"));

          /* translators: which entry a correction corrects, e.g.
           * “Corrects: Note · Li Wei · 2026-11-20 09:30”
           */
          link = g_strdup_printf (_("Corrects: %s · %s · %s"),
                                  choice_label (entry_field ("type"),
                                                json_object_get_string_member (corrected, "type")),
                                  person_name (self, json_object_get_string_member_with_default (corrected, "created_by", NULL)),
                                  corrected_when);
        }
      else
        {
          link = g_strdup (_("Corrects an earlier entry"));
        }
    }

  if (responsible != NULL)
    /* translators: %s is the party found responsible */
    who = g_strdup_printf (_("Responsible: %s"), responsible);

  /* The lines of a kind share a label, a line each. */
  facts = join_lines (moved, dept, who);
  set_line (lines[LINE_FACTS], facts);
  /* An entry that a later one corrects says so where it stands. */
  correction = join_lines (link, item->corrected ? _("Corrected by a later entry") : NULL, NULL);
  set_line (lines[LINE_CORRECTION], correction);
  set_line (lines[LINE_TEXT], text);
}

static void
update_timeline (CfEscalationsView   *self,
                 CfEscalationSummary *escalation)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) corrected = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  self->entries = cf_escalation_list_entries (get_store (self),
                                              cf_escalation_summary_get_id (escalation), &error);
  if (self->entries == NULL)
    {
      g_warning ("Cannot read the escalation's history: %s", error->message);
      g_list_store_remove_all (self->timeline_entries);
      return;
    }

  for (guint i = 0; i < self->entries->len; i++)
    {
      const char *corrects = json_object_get_string_member_with_default (self->entries->pdata[i],
                                                                         "corrects", NULL);

      if (corrects != NULL)
        g_hash_table_add (corrected, (gpointer) corrects);
    }
  for (guint i = 0; i < self->entries->len; i++)
    {
      CfTimelineEntry *item = g_object_new (CF_TYPE_TIMELINE_ENTRY, NULL);

      item->entry = json_object_ref (self->entries->pdata[i]);
      item->corrected = g_hash_table_contains (corrected,
                                               json_object_get_string_member (item->entry, "id"));
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->timeline_entries, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->timeline_entries)),
                       items->pdata, items->len);
}

static void
update_actions (CfEscalationsView *self)
{
  CfEscalationSummary *escalation = cf_escalations_view_get_selected (self);
  CfRole role = cf_session_get_role (get_session (self));
  static const char * const settled[] = { "resolved", "closed", NULL };
  gboolean any = FALSE;
  gboolean rush_repair;

  gtk_widget_set_visible (self->raise_button,
                          cf_kind_allows (cf_registry_lookup ("escalation"), CF_OP_CREATE, role));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "escalations.raise",
                                 cf_kind_allows (cf_registry_lookup ("escalation"), CF_OP_CREATE,
                                                 role));

  /* Only the steps the user may take at this point are shown. */
  for (guint i = 0; i < N_STEPS; i++)
    {
      gboolean available = escalation != NULL && step_available (self, i, escalation);

      gtk_widget_action_set_enabled (GTK_WIDGET (self), steps[i].action, available);
      gtk_widget_set_visible (gtk_widget_get_parent (self->step_buttons[i]), available);
      any |= available;
    }
  /* An escalation about a repair still being worked can become an order. */
  rush_repair = escalation != NULL &&
                g_strcmp0 (cf_escalation_summary_get_category (escalation), "rush_repair") == 0 &&
                !g_strv_contains (settled, cf_escalation_summary_get_status (escalation)) &&
                cf_kind_allows (cf_registry_lookup ("rush_repair"), CF_OP_CREATE, role);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "escalations.rush-repair", rush_repair);
  gtk_widget_set_visible (gtk_widget_get_parent (self->rush_repair_button), rush_repair);
  any |= rush_repair;
  gtk_widget_set_visible (GTK_WIDGET (self->actions_box), any);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "escalations.acknowledge-report",
                                 gtk_widget_get_visible (self->report_after_box));
}

static void
update_report_after (CfEscalationsView   *self,
                     CfEscalationSummary *escalation)
{
  gboolean open = self->report_after != NULL &&
                  g_hash_table_contains (self->report_after,
                                         cf_escalation_summary_get_id (escalation));
  CfEscalationLevel level;

  gtk_widget_set_visible (self->report_after_box, open);
  if (open && my_level (self, &level))
    {
      g_autofree char *text = NULL;

      /* translators: %s is a level such as “Shift lead” */
      text = g_strdup_printf (_("This escalation skipped your level (%s) in an emergency. "
                                "Acknowledge that you have been told."),
                              cf_field_get_choice_label (escalation_field ("level"), level));
      gtk_label_set_text (self->report_after_label, text);
    }
}

static void
update_detail (CfEscalationsView *self)
{
  CfEscalationSummary *escalation = cf_escalations_view_get_selected (self);

  if (escalation == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      g_clear_pointer (&self->entries, g_ptr_array_unref);
      g_list_store_remove_all (self->timeline_entries);
      gtk_widget_set_visible (self->report_after_box, FALSE);
      update_actions (self);
      return;
    }

  gtk_label_set_text (self->summary_label, cf_escalation_summary_get_summary (escalation));
  update_facts (self, escalation);
  update_timeline (self, escalation);
  update_report_after (self, escalation);
  update_actions (self);
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

/* Loading --------------------------------------------------------------------- */

static void
update_count (CfEscalationsView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->escalations));
  guint total = cf_escalation_list_get_n_total (self->escalations);
  guint overdue = cf_escalation_list_get_n_overdue (self->escalations);
  g_autofree char *text = NULL;

  /* translators: e.g. “2 overdue · 5 of 12 escalations shown” */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u overdue · %u of %u escalation shown",
                                       "%u overdue · %u of %u escalations shown", total),
                          overdue, shown, total);
  gtk_label_set_text (self->count_label, text);

  if (total == 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "mail-mark-important-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Escalations"));
      adw_status_page_set_description (self->empty_page,
                                       _("What cannot be settled at one level is raised here "
                                         "and reported up, one level at a time."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "system-search-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Escalations Found"));
      adw_status_page_set_description (self->empty_page,
                                       _("Try other words, or change the filters."));
    }
  gtk_stack_set_visible_child_name (self->content_stack, shown > 0 ? "list" : "empty");
}

/* What my level must still be told of: emergency skips over it. */
static void
read_report_after (CfEscalationsView *self)
{
  g_autoptr (GPtrArray) reports = NULL;
  CfEscalationLevel level;

  g_hash_table_remove_all (self->report_after);
  if (my_level (self, &level))
    reports = cf_escalation_list_report_after (get_store (self), level, NULL);
  for (guint i = 0; reports != NULL && i < reports->len; i++)
    g_hash_table_add (self->report_after,
                      g_strdup (((CfReportAfter *) reports->pdata[i])->escalation_id));
}

/* Reads the escalations and who is who again, keeping the one selected. */
static void
reload (CfEscalationsView *self)
{
  g_autoptr (GError) error = NULL;

  if (!cf_escalation_policy_load (get_store (self), &self->policy, &error))
    g_warning ("Cannot read the escalation policy: %s", error->message);

  g_clear_pointer (&self->now, g_date_time_unref);
  self->now = g_date_time_new_now_utc ();

  g_clear_pointer (&self->people, g_ptr_array_unref);
  self->people = cf_escalation_list_people (get_store (self), NULL);
  g_hash_table_remove_all (self->names);
  for (guint i = 0; self->people != NULL && i < self->people->len; i++)
    {
      CfEscalationPerson *person = self->people->pdata[i];

      g_hash_table_insert (self->names, g_strdup (person->user_id), g_strdup (person->name));
    }

  read_report_after (self);
  update_keeping_selection (self, LOAD, NULL, NULL);
}

/* An escalation, its history or who is who changed — here, or by a sync
 * from another desktop. Only the escalations that changed are read again.
 */
static void
on_store_changed_cb (CfEscalationsView  *self,
                     const char         *kind,
                     const char * const *ids)
{
  if (!self->loaded)
    return;

  if (g_str_equal (kind, "staff") || g_str_equal (kind, "user") ||
      g_str_equal (kind, "escalation_policy"))
    {
      reload (self);
    }
  else if (g_str_equal (kind, "escalation"))
    {
      read_report_after (self);
      update_keeping_selection (self, UPDATE, NULL, ids);
    }
  else if (g_str_equal (kind, "escalation_entry"))
    {
      /* An acknowledged report-after leaves "waiting for my level". */
      read_report_after (self);
      if (gtk_drop_down_get_selected (self->show_filter) == SHOW_MY_LEVEL)
        apply_filters (self);
      update_detail (self);
    }
}

static void
on_selection_changed_cb (CfEscalationsView *self)
{
  if (!self->reloading)
    update_detail (self);
}

/* Raising ----------------------------------------------------------------------- */

static void
on_dialog_raised_cb (CfEscalationsView *self,
                     const char        *escalation_id)
{
  gtk_drop_down_set_selected (self->show_filter, SHOW_ALL);
  gtk_drop_down_set_selected (self->status_filter, 0);
  gtk_drop_down_set_selected (self->level_filter, 0);
  gtk_drop_down_set_selected (self->severity_filter, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  cf_escalations_view_select (self, escalation_id);
}

static void
raise_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CfEscalationsView *self = CF_ESCALATIONS_VIEW (widget);
  CfEscalationDialog *dialog = cf_escalation_dialog_new (get_context (self));

  g_signal_connect_object (dialog, "raised", G_CALLBACK (on_dialog_raised_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A repair the escalation is about becomes a rush-repair order that
 * names it.
 */
static void
rush_repair_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CfEscalationsView *self = CF_ESCALATIONS_VIEW (widget);
  CfEscalationSummary *escalation = cf_escalations_view_get_selected (self);
  CfRushRepairDialog *dialog;

  if (escalation == NULL)
    return;
  dialog = cf_rush_repair_dialog_new (get_context (self));
  cf_rush_repair_dialog_set_escalation (dialog, cf_escalation_summary_get_id (escalation));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
weekly_review_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  cf_weekly_review_dialog_present (widget, get_store (CF_ESCALATIONS_VIEW (widget)));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (CF_ESCALATIONS_VIEW (widget)->search_entry));
}

/* GObject ------------------------------------------------------------------- */

static void
create_step_buttons (CfEscalationsView *self)
{
  for (guint i = 0; i < N_STEPS; i++)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_(steps[i].label));

      gtk_widget_set_name (button, steps[i].button_name);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), steps[i].action);
      if (i == STEP_ACKNOWLEDGE || i == STEP_RESOLVE)
        gtk_widget_add_css_class (button, "suggested-action");
      gtk_flow_box_append (self->actions_box, button);
      self->step_buttons[i] = button;
    }

  self->rush_repair_button = gtk_button_new_with_mnemonic (_("Rush-Repair _Order…"));
  gtk_widget_set_name (self->rush_repair_button, "rush-repair-button");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->rush_repair_button),
                                  "escalations.rush-repair");
  gtk_flow_box_append (self->actions_box, self->rush_repair_button);
}

static gboolean
cf_escalations_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (CF_ESCALATIONS_VIEW (widget)->column_view));
}

static void
cf_escalations_view_constructed (GObject *object)
{
  CfEscalationsView *self = CF_ESCALATIONS_VIEW (object);
  g_autoptr (GtkListItemFactory) factory = NULL;

  G_OBJECT_CLASS (cf_escalations_view_parent_class)->constructed (object);

  set_up_columns (self);
  create_step_buttons (self);
  create_facts (self);
  fill_filter (self->status_filter, "status", _("All Statuses"));
  fill_filter (self->level_filter, "level", _("All Levels"));
  fill_filter (self->severity_filter, "severity", _("All Severities"));
  fill_filter (self->source_filter, "source", _("All Sources"));
  fill_filter (self->category_filter, "category", _("All Categories"));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_timeline_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_timeline_bind_cb), self);
  gtk_list_view_set_factory (self->timeline, factory);
  gtk_list_view_set_model (self->timeline,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->timeline_entries)))));

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->escalations)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (get_store (self), "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

/* The escalations are read when the view is first shown, not when the
 * window is made: a column view fills every row it is given before it
 * has a size.
 */
static void
cf_escalations_view_map (GtkWidget *widget)
{
  CfEscalationsView *self = CF_ESCALATIONS_VIEW (widget);

  GTK_WIDGET_CLASS (cf_escalations_view_parent_class)->map (widget);

  if (!self->loaded)
    {
      self->loaded = TRUE;
      reload (self);
      apply_filters (self);
      /* Given the list once it is read: a column view told of 100,000
       * new rows asks for each of them.
       */
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
    }
}

static void
cf_escalations_view_dispose (GObject *object)
{
  CfEscalationsView *self = (CfEscalationsView *)object;

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_ESCALATIONS_VIEW);
  g_clear_object (&self->selection);
  if (self->timeline != NULL)
    gtk_list_view_set_model (self->timeline, NULL);
  g_clear_object (&self->escalations);
  g_clear_object (&self->timeline_entries);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->report_after, g_hash_table_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->people, g_ptr_array_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (cf_escalations_view_parent_class)->dispose (object);
}

static void
cf_escalations_view_class_init (CfEscalationsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_escalations_view_constructed;
  object_class->dispose = cf_escalations_view_dispose;
  widget_class->grab_focus = cf_escalations_view_grab_focus;
  widget_class->map = cf_escalations_view_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX
                                               "/ui/escalations/cf-escalations-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, show_filter);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, status_filter);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, level_filter);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, severity_filter);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, source_filter);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, category_filter);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, filters_button);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, raise_button);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, report_after_box);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, report_after_label);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, actions_box);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, timeline);
  gtk_widget_class_bind_template_child (widget_class, CfEscalationsView, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_filters_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search_cb);

  gtk_widget_class_install_action (widget_class, "escalations.raise", NULL, raise_action);
  gtk_widget_class_install_action (widget_class, "escalations.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "escalations.weekly-review", NULL,
                                   weekly_review_action);
  gtk_widget_class_install_action (widget_class, "escalations.rush-repair", NULL,
                                   rush_repair_action);
  gtk_widget_class_install_action (widget_class, "escalations.acknowledge-report", NULL,
                                   acknowledge_report_action);
  for (guint i = 0; i < N_STEPS; i++)
    gtk_widget_class_install_action (widget_class, steps[i].action, NULL, step_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "escalations.raise", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "escalations.search", NULL);
}

static void
cf_escalations_view_init (CfEscalationsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->escalations = cf_escalation_list_new ();
  self->policy = (CfEscalationPolicy) CF_ESCALATION_POLICY_DEFAULT;
  self->timeline_entries = g_list_store_new (CF_TYPE_TIMELINE_ENTRY);
  self->report_after = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Returns: (transfer none): the escalations as shown, filtered */
GListModel *
cf_escalations_view_get_shown (CfEscalationsView *self)
{
  g_return_val_if_fail (CF_IS_ESCALATIONS_VIEW (self), NULL);

  return G_LIST_MODEL (self->escalations);
}

/* Returns: (transfer none) (nullable): the selected escalation */
CfEscalationSummary *
cf_escalations_view_get_selected (CfEscalationsView *self)
{
  g_return_val_if_fail (CF_IS_ESCALATIONS_VIEW (self), NULL);

  if (self->selection == NULL)
    return NULL;

  return gtk_single_selection_get_selected_item (self->selection);
}

/* Selects the escalation @escalation_id when it is shown. */
void
cf_escalations_view_select (CfEscalationsView *self,
                            const char        *escalation_id)
{
  guint position;

  g_return_if_fail (CF_IS_ESCALATIONS_VIEW (self));

  position = cf_escalation_list_find (self->escalations, escalation_id);
  /* Asked for one the filters hide (a notification was clicked): all are
   * shown again rather than nothing selected.
   */
  if (position == GTK_INVALID_LIST_POSITION && self->loaded)
    {
      clear_filters (self, TRUE);
      position = cf_escalation_list_find (self->escalations, escalation_id);
    }
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, position);
}

/**
 * cf_escalations_view_get_cell_text:
 * @position: a row of the shown escalations
 * @column: a column, counted from 0
 *
 * Returns: (transfer full) (nullable): the text the list shows in that cell
 */
char *
cf_escalations_view_get_cell_text (CfEscalationsView *self,
                                   guint              position,
                                   guint              column)
{
  g_autoptr (CfEscalationSummary) escalation = NULL;

  g_return_val_if_fail (CF_IS_ESCALATIONS_VIEW (self), NULL);
  g_return_val_if_fail (column < N_COLUMNS, NULL);

  escalation = g_list_model_get_item (G_LIST_MODEL (self->escalations), position);
  if (escalation == NULL)
    return NULL;

  return cell_text (escalation, column);
}

/**
 * cf_escalations_view_save_weekly_review:
 * @day: any day of the week to review
 *
 * Saves the weekly review as the Weekly Review dialog does once a file
 * is chosen.
 */
void
cf_escalations_view_save_weekly_review (CfEscalationsView    *self,
                                        const GDate          *day,
                                        CfWeeklyReviewFormat  format,
                                        GFile                *file)
{
  g_return_if_fail (CF_IS_ESCALATIONS_VIEW (self));

  cf_weekly_review_save (GTK_WIDGET (self), get_store (self), day, format, file);
}
