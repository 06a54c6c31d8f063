/* cf-roster-month.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-roster-month"

#include "config.h"

#include "cf-roster-month.h"

#include <string.h>
#include <glib/gi18n.h>

#include "cf-op.h"
#include "cf-registry.h"
#include "cf-shift-type.h"
#include "cf-store.h"

/* One month of the roster as the grid shows it: every staff member's row,
 * with the week before the month for the rules, the shift types, the
 * holidays and approved leave. Cells are small values in one array, so a
 * month of 2,000 staff is loaded in one query and drawn without lookups.
 * The model follows the store: a change of a cell, made here or synced
 * from another desktop, updates that cell and emits ::changed.
 */
struct _CfRosterMonth
{
  GObject       parent_instance;

  CfStore      *store;
  int           year;
  int           month;
  GDate         first;          /* the month's first day */
  guint         n_days;
  guint         n_columns;      /* lead days and the month's days */
  char        **date_texts;     /* YYYY-MM-DD of each column */
  GHashTable   *columns;        /* date text → column + 1 */

  GPtrArray    *rows;           /* CfRosterRow */
  GHashTable   *row_of_staff;   /* staff id → row + 1 */
  GPtrArray    *shift_types;    /* CfRosterShiftType */
  GHashTable   *shift_of_id;    /* shift type id → index (1-based) */
  CfRosterCell *cells;          /* rows × columns */
  char        **holidays;       /* per column: the holiday's name, or NULL */
  guint8       *working_days;   /* per column: a weekend day worked instead */
  guint         generation;     /* counts the loads: rows and types change only with it */
  char         *published_at;   /* NULL while a draft */
  char         *publisher;      /* the name of who published it, if known */
};

G_DEFINE_FINAL_TYPE (CfRosterMonth, cf_roster_month, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The working days of the average month in China's working-hours rules:
 * a monthly contract is for this many; a month with more or fewer working
 * days (public holidays, weekend days worked instead) asks for more or less.
 */
#define AVERAGE_WORKING_DAYS 21.75

/* A month's default contract: 21.75 working days of 8 hours (China's
 * statutory average), when a staff member has none of their own.
 */
#define DEFAULT_CONTRACT_HOURS 174

static void
row_free (CfRosterRow *row)
{
  g_free (row->staff_id);
  g_free (row->employee_no);
  g_free (row->name);
  g_free (row->team_id);
  g_free (row->role);
  g_free (row);
}

/* The registry is constant: its field is looked up once, not a cell. */
static const CfField *
leave_field (void)
{
  static const CfField *field;

  if (g_once_init_enter (&field))
    g_once_init_leave (&field,
                       cf_kind_lookup_field (cf_registry_lookup ("roster_assignment"), "leave"));

  return field;
}

static guint8
leave_index (const char *leave)
{
  const CfField *field;

  if (leave == NULL)
    return 0;
  field = leave_field ();
  for (guint i = 0; field->choices[i] != NULL; i++)
    {
      if (g_str_equal (field->choices[i], leave))
        return i + 1;
    }

  return 0;
}

static CfRosterCell *
cell_at (CfRosterMonth *self,
         guint          row,
         guint          column)
{
  return &self->cells[row * self->n_columns + column];
}

static gboolean
load_shift_types (CfRosterMonth  *self,
                  GError        **error)
{
  GPtrArray *types = cf_shift_type_list (self->store, error);

  if (types == NULL)
    return FALSE;

  g_ptr_array_extend_and_steal (self->shift_types, types);
  for (guint i = 0; i < self->shift_types->len; i++)
    {
      CfRosterShiftType *type = self->shift_types->pdata[i];

      g_hash_table_insert (self->shift_of_id, type->id, GUINT_TO_POINTER (i + 1));
    }

  return TRUE;
}

/* Active staff, and inactive ones who have cells this month, by team and
 * number: the order of the paper roster.
 */
static gboolean
load_rows (CfRosterMonth  *self,
           GError        **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (self->store,
                      "SELECT s.id, s.employee_no, s.name, s.team, s.role, s.active, "
                      "  s.contract_hours FROM staff s LEFT JOIN team t ON t.id = s.team "
                      "WHERE s.deleted = 0 AND (s.active = 1 OR EXISTS (SELECT 1 FROM "
                      "  roster_assignment a WHERE a.staff = s.id AND a.date BETWEEN ? AND ? "
                      "  AND (a.shift_type IS NOT NULL OR a.leave IS NOT NULL))) "
                      "ORDER BY t.name IS NULL, t.name, s.employee_no", error);
  guint working_days = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->date_texts[CF_ROSTER_LEAD_DAYS], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, self->date_texts[self->n_columns - 1], -1, SQLITE_STATIC);

  /* Public holidays off and weekend days worked instead count. */
  for (guint day = 0; day < self->n_days; day++)
    {
      GDateWeekday weekday = cf_roster_month_get_weekday (self, day);
      gboolean weekend = weekday == G_DATE_SATURDAY || weekday == G_DATE_SUNDAY;
      gboolean working_day = FALSE;
      const char *holiday = cf_roster_month_get_holiday (self, day, &working_day);

      if (holiday != NULL ? working_day : !weekend)
        working_days++;
    }

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CfRosterRow *row = g_new0 (CfRosterRow, 1);
      int contract_hours = sqlite3_column_type (stmt, 6) == SQLITE_NULL
                             ? DEFAULT_CONTRACT_HOURS : sqlite3_column_int (stmt, 6);

      row->staff_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row->employee_no = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      row->team_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      row->role = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      row->active = sqlite3_column_int (stmt, 5) != 0;
      row->contract_minutes = (int) (60.0 * contract_hours * working_days / AVERAGE_WORKING_DAYS + 0.5);
      g_ptr_array_add (self->rows, row);
      g_hash_table_insert (self->row_of_staff, row->staff_id, GUINT_TO_POINTER (self->rows->len));
    }

  return TRUE;
}

/* @column is the cell's column + 1 when known (0 to look it up). */
static void
set_cell (CfRosterMonth *self,
          sqlite3_stmt  *stmt,
          guint          column)
{
  guint row = GPOINTER_TO_UINT (g_hash_table_lookup (self->row_of_staff,
                                                     sqlite3_column_text (stmt, 0)));
  const char *shift_id = (const char *) sqlite3_column_text (stmt, 2);
  const char *updated_at = (const char *) sqlite3_column_text (stmt, 4);
  CfRosterCell *cell;

  if (column == 0)
    column = GPOINTER_TO_UINT (g_hash_table_lookup (self->columns, sqlite3_column_text (stmt, 1)));
  if (row == 0 || column == 0)
    return;
  cell = cell_at (self, row - 1, column - 1);
  cell->shift = shift_id != NULL
                  ? GPOINTER_TO_UINT (g_hash_table_lookup (self->shift_of_id, shift_id)) : 0;
  cell->leave = leave_index ((const char *) sqlite3_column_text (stmt, 3));
  cell->flags &= CF_ROSTER_CELL_APPROVED_LEAVE;
  if (self->published_at != NULL && g_strcmp0 (updated_at, self->published_at) > 0)
    cell->flags |= CF_ROSTER_CELL_CHANGED;
  if (sqlite3_column_type (stmt, 5) != SQLITE_NULL && sqlite3_column_bytes (stmt, 5) > 0)
    cell->flags |= CF_ROSTER_CELL_NOTE;
}

static gboolean
load_cells (CfRosterMonth  *self,
            GError        **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (self->store,
                      "SELECT staff, date, shift_type, leave, updated_at, note "
                      "FROM roster_assignment WHERE date BETWEEN ? AND ? AND deleted = 0", error);
  guint column = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->date_texts[0], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, self->date_texts[self->n_columns - 1], -1, SQLITE_STATIC);

  /* The index gives the cells date by date: the column is looked up once a day. */
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *date = (const char *) sqlite3_column_text (stmt, 1);

      if (column == 0 || g_strcmp0 (date, self->date_texts[column - 1]) != 0)
        column = GPOINTER_TO_UINT (g_hash_table_lookup (self->columns, date));
      set_cell (self, stmt, column);
    }

  return TRUE;
}

static gboolean
load_leave (CfRosterMonth  *self,
            GError        **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (self->store,
                      "SELECT staff, MAX (start_date, ?), MIN (end_date, ?) FROM leave_request "
                      "WHERE status = 'approved' AND deleted = 0 AND start_date <= ? "
                      "AND end_date >= ?", error);
  const char *first = self->date_texts[0];
  const char *last = self->date_texts[self->n_columns - 1];

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, last, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, last, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, first, -1, SQLITE_STATIC);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      guint row = GPOINTER_TO_UINT (g_hash_table_lookup (self->row_of_staff,
                                                         sqlite3_column_text (stmt, 0)));
      guint from = GPOINTER_TO_UINT (g_hash_table_lookup (self->columns,
                                                          sqlite3_column_text (stmt, 1)));
      guint to = GPOINTER_TO_UINT (g_hash_table_lookup (self->columns,
                                                        sqlite3_column_text (stmt, 2)));

      if (row == 0 || from == 0 || to == 0)
        continue;
      for (guint column = from - 1; column < to; column++)
        cell_at (self, row - 1, column)->flags |= CF_ROSTER_CELL_APPROVED_LEAVE;
    }

  return TRUE;
}

static gboolean
load_calendar (CfRosterMonth  *self,
               GError        **error)
{
  g_autoptr (CfStatement) holidays =
    cf_store_prepare (self->store, "SELECT date, name, working_day FROM holiday "
                                   "WHERE deleted = 0 AND date BETWEEN ? AND ?", error);
  g_autoptr (CfStatement) month = NULL;
  g_autofree char *month_text = g_strdup_printf ("%04d-%02d", self->year, self->month);

  if (holidays == NULL)
    return FALSE;
  sqlite3_bind_text (holidays, 1, self->date_texts[0], -1, SQLITE_STATIC);
  sqlite3_bind_text (holidays, 2, self->date_texts[self->n_columns - 1], -1, SQLITE_STATIC);
  while (sqlite3_step (holidays) == SQLITE_ROW)
    {
      guint column = GPOINTER_TO_UINT (g_hash_table_lookup (self->columns,
                                                            sqlite3_column_text (holidays, 0)));

      if (column == 0)
        continue;
      g_free (self->holidays[column - 1]);
      self->holidays[column - 1] = g_strdup ((const char *) sqlite3_column_text (holidays, 1));
      self->working_days[column - 1] = sqlite3_column_int (holidays, 2) != 0;
    }

  month = cf_store_prepare (self->store, "SELECT m.published_at, s.name FROM roster_month m "
                                         "LEFT JOIN app_user u ON u.id = m.published_by "
                                         "LEFT JOIN staff s ON s.id = u.staff WHERE m.month = ? "
                                         "AND m.status = 'published' AND m.deleted = 0", error);
  if (month == NULL)
    return FALSE;
  sqlite3_bind_text (month, 1, month_text, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (month) == SQLITE_ROW)
    {
      self->published_at = g_strdup ((const char *) sqlite3_column_text (month, 0));
      self->publisher = g_strdup ((const char *) sqlite3_column_text (month, 1));
    }

  return TRUE;
}

static void
clear (CfRosterMonth *self)
{
  g_ptr_array_set_size (self->rows, 0);
  g_hash_table_remove_all (self->row_of_staff);
  g_ptr_array_set_size (self->shift_types, 0);
  g_hash_table_remove_all (self->shift_of_id);
  g_clear_pointer (&self->cells, g_free);
  for (guint i = 0; i < self->n_columns; i++)
    g_clear_pointer (&self->holidays[i], g_free);
  memset (self->working_days, 0, self->n_columns);
  g_clear_pointer (&self->published_at, g_free);
  g_clear_pointer (&self->publisher, g_free);
}

/**
 * cf_roster_month_reload:
 *
 * Reads the whole month again, in one read transaction.
 */
gboolean
cf_roster_month_reload (CfRosterMonth  *self,
                        GError        **error)
{
  gboolean ok;

  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), FALSE);

  clear (self);
  if (!cf_store_exec (self->store, "BEGIN", error))
    return FALSE;
  ok = load_calendar (self, error) && load_shift_types (self, error) && load_rows (self, error);
  if (ok)
    {
      self->cells = g_new0 (CfRosterCell, (gsize) self->rows->len * self->n_columns);
      ok = load_leave (self, error) && load_cells (self, error);
    }
  cf_store_exec (self->store, "COMMIT", NULL);

  self->generation++;
  g_signal_emit (self, signals[CHANGED], 0);
  return ok;
}

/* Cells changed in the store, here or by a sync: only they are read again;
 * anything else a month shows makes it read the whole month.
 */
static void
on_store_changed_cb (CfRosterMonth      *self,
                     const char         *kind,
                     const char * const *ids,
                     CfStore            *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CfStatement) stmt = NULL;

  if (g_str_equal (kind, "shift_type") || g_str_equal (kind, "staff") ||
      g_str_equal (kind, "team") || g_str_equal (kind, "holiday") ||
      g_str_equal (kind, "leave_request") || g_str_equal (kind, "roster_month"))
    {
      if (!cf_roster_month_reload (self, &error))
        g_warning ("Cannot read the roster again: %s", error->message);
      return;
    }
  if (!g_str_equal (kind, "roster_assignment"))
    return;

  stmt = cf_store_prepare (self->store,
                           "SELECT staff, date, shift_type, leave, updated_at, note "
                           "FROM roster_assignment WHERE id = ?", &error);
  if (stmt == NULL)
    return;
  for (guint i = 0; ids[i] != NULL; i++)
    {
      sqlite3_bind_text (stmt, 1, ids[i], -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        set_cell (self, stmt, 0);
      sqlite3_reset (stmt);
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

static void
cf_roster_month_finalize (GObject *object)
{
  CfRosterMonth *self = (CfRosterMonth *)object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_store_changed_cb, self);
  clear (self);
  g_clear_object (&self->store);
  g_strfreev (self->date_texts);
  g_clear_pointer (&self->columns, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->row_of_staff, g_hash_table_unref);
  g_clear_pointer (&self->shift_types, g_ptr_array_unref);
  g_clear_pointer (&self->shift_of_id, g_hash_table_unref);
  g_free (self->holidays);
  g_free (self->working_days);

  G_OBJECT_CLASS (cf_roster_month_parent_class)->finalize (object);
}

static void
cf_roster_month_class_init (CfRosterMonthClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cf_roster_month_finalize;

  /**
   * CfRosterMonth::changed:
   *
   * Cells, rows or the calendar changed; the grid draws again.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cf_roster_month_init (CfRosterMonth *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  self->row_of_staff = g_hash_table_new (g_str_hash, g_str_equal);
  self->shift_types = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_shift_type_free);
  self->shift_of_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->columns = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * cf_roster_month_new:
 * @month: 1 to 12
 *
 * Returns: (transfer full): the month, loaded, or %NULL with @error set
 */
CfRosterMonth *
cf_roster_month_new (CfStore  *store,
                     int       year,
                     int       month,
                     GError  **error)
{
  g_autoptr (CfRosterMonth) self = NULL;
  GDate date;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (month >= 1 && month <= 12 && year >= 1900 && year <= 2999, NULL);

  self = g_object_new (CF_TYPE_ROSTER_MONTH, NULL);
  self->store = g_object_ref (store);
  self->year = year;
  self->month = month;
  g_date_clear (&self->first, 1);
  g_date_set_dmy (&self->first, 1, month, year);
  self->n_days = g_date_get_days_in_month (month, year);
  self->n_columns = CF_ROSTER_LEAD_DAYS + self->n_days;
  self->date_texts = g_new0 (char *, self->n_columns + 1);
  self->holidays = g_new0 (char *, self->n_columns);
  self->working_days = g_new0 (guint8, self->n_columns);

  date = self->first;
  g_date_subtract_days (&date, CF_ROSTER_LEAD_DAYS);
  for (guint i = 0; i < self->n_columns; i++, g_date_add_days (&date, 1))
    {
      self->date_texts[i] = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date),
                                             g_date_get_month (&date), g_date_get_day (&date));
      g_hash_table_insert (self->columns, self->date_texts[i], GUINT_TO_POINTER (i + 1));
    }

  if (!cf_roster_month_reload (self, error))
    return NULL;
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);

  return g_steal_pointer (&self);
}

int
cf_roster_month_get_year (CfRosterMonth *self)
{
  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), 0);

  return self->year;
}

int
cf_roster_month_get_month (CfRosterMonth *self)
{
  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), 0);

  return self->month;
}

guint
cf_roster_month_get_n_days (CfRosterMonth *self)
{
  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), 0);

  return self->n_days;
}

guint
cf_roster_month_get_n_rows (CfRosterMonth *self)
{
  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), 0);

  return self->rows->len;
}

const CfRosterRow *
cf_roster_month_get_row (CfRosterMonth *self,
                         guint          row)
{
  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);

  return self->rows->pdata[row];
}

/**
 * cf_roster_month_get_cell:
 * @day: 0 for the month's first day; down to -%CF_ROSTER_LEAD_DAYS for the
 *   days before it
 */
CfRosterCell
cf_roster_month_get_cell (CfRosterMonth *self,
                          guint          row,
                          int            day)
{
  CfRosterCell none = { 0 };

  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), none);
  g_return_val_if_fail (row < self->rows->len, none);
  g_return_val_if_fail (day >= -CF_ROSTER_LEAD_DAYS && day < (int) self->n_days, none);

  return *cell_at (self, row, day + CF_ROSTER_LEAD_DAYS);
}

guint
cf_roster_month_get_n_shift_types (CfRosterMonth *self)
{
  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), 0);

  return self->shift_types->len;
}

/* @index: 1-based, as in a cell */
const CfRosterShiftType *
cf_roster_month_get_shift_type (CfRosterMonth *self,
                                guint          index)
{
  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), NULL);

  if (index == 0 || index > self->shift_types->len)
    return NULL;

  return self->shift_types->pdata[index - 1];
}

/* Returns: the 1-based index of the active shift type with @code (compared
 *   case-insensitively), or 0
 */
guint
cf_roster_month_find_shift_code (CfRosterMonth *self,
                                 const char    *code)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), 0);

  if (code == NULL || code[0] == '\0')
    return 0;
  folded = g_utf8_casefold (code, -1);
  for (guint i = 0; i < self->shift_types->len; i++)
    {
      CfRosterShiftType *type = self->shift_types->pdata[i];
      g_autofree char *type_code = g_utf8_casefold (type->code, -1);

      if (type->active && g_str_equal (folded, type_code))
        return i + 1;
    }

  return 0;
}

GDateWeekday
cf_roster_month_get_weekday (CfRosterMonth *self,
                             guint          day)
{
  GDate date;

  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), G_DATE_BAD_WEEKDAY);

  date = self->first;
  g_date_add_days (&date, day);
  return g_date_get_weekday (&date);
}

/* Returns: (nullable): the name of the holiday on @day; @working_day says
 *   whether it is a weekend day worked instead (调休上班)
 */
const char *
cf_roster_month_get_holiday (CfRosterMonth *self,
                             guint          day,
                             gboolean      *working_day)
{
  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), NULL);
  g_return_val_if_fail (day < self->n_days, NULL);

  if (working_day != NULL)
    *working_day = self->working_days[CF_ROSTER_LEAD_DAYS + day];

  return self->holidays[CF_ROSTER_LEAD_DAYS + day];
}

/**
 * cf_roster_month_get_generation:
 *
 * Returns: a number that changes each time the whole month is read again —
 *   rows, shift types and the calendar may have changed — and stays the
 *   same while only cells change
 */
guint
cf_roster_month_get_generation (CfRosterMonth *self)
{
  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), 0);

  return self->generation;
}

gboolean
cf_roster_month_is_published (CfRosterMonth *self)
{
  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), FALSE);

  return self->published_at != NULL;
}

/* Returns: (nullable): when the month was published, as UTC ISO-8601 */
const char *
cf_roster_month_get_published_at (CfRosterMonth *self)
{
  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), NULL);

  return self->published_at;
}

/**
 * cf_roster_month_describe_cell:
 *
 * Returns: (transfer none): what @cell holds in words: the shift's name,
 *   the kind of leave, or that there is no shift
 */
const char *
cf_roster_month_describe_cell (CfRosterMonth *self,
                               CfRosterCell   cell)
{
  const CfRosterShiftType *type;

  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), NULL);

  type = cf_roster_month_get_shift_type (self, cell.shift);
  if (type != NULL)
    return type->name;
  if (cell.leave > 0)
    return cf_field_get_choice_label (leave_field (), cell.leave - 1);

  return _("No shift");
}

static void
change_clear (CfRosterChange *change)
{
  g_free (change->changed_at);
  g_free (change->changed_by);
}

/**
 * cf_roster_month_list_changes:
 *
 * The cells of the month changed since it was published, newest first, with
 * who changed them last and when; empty for a draft.
 *
 * Returns: (transfer full) (element-type CfRosterChange): the changes
 */
GArray *
cf_roster_month_list_changes (CfRosterMonth  *self,
                              GError        **error)
{
  g_autoptr (GArray) changes = g_array_new (FALSE, TRUE, sizeof (CfRosterChange));
  g_autoptr (CfStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), NULL);

  g_array_set_clear_func (changes, (GDestroyNotify) change_clear);
  if (self->published_at == NULL)
    return g_steal_pointer (&changes);

  stmt = cf_store_prepare (self->store,
                           "SELECT a.staff, a.date, a.updated_at, s.name FROM roster_assignment a "
                           "LEFT JOIN app_user u ON u.id = a.updated_by "
                           "LEFT JOIN staff s ON s.id = u.staff "
                           "WHERE a.date BETWEEN ? AND ? AND a.updated_at > ? AND a.deleted = 0 "
                           "ORDER BY a.updated_at DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, self->date_texts[CF_ROSTER_LEAD_DAYS], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, self->date_texts[self->n_columns - 1], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, self->published_at, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint row = GPOINTER_TO_UINT (g_hash_table_lookup (self->row_of_staff,
                                                         sqlite3_column_text (stmt, 0)));
      guint column = GPOINTER_TO_UINT (g_hash_table_lookup (self->columns,
                                                            sqlite3_column_text (stmt, 1)));
      CfRosterChange change;

      if (row == 0 || column == 0)
        continue;
      change.row = row - 1;
      change.day = column - 1 - CF_ROSTER_LEAD_DAYS;
      change.changed_at = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      change.changed_by = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_array_append_val (changes, change);
    }
  if (rc != SQLITE_DONE)
    {
      cf_store_set_sqlite_error (self->store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&changes);
}

/* Returns: (nullable): the name of who published the month, when known */
const char *
cf_roster_month_get_publisher (CfRosterMonth *self)
{
  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), NULL);

  return self->publisher;
}

int
cf_roster_month_get_planned_minutes (CfRosterMonth *self,
                                     guint          row)
{
  int minutes = 0;

  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), 0);
  g_return_val_if_fail (row < self->rows->len, 0);

  for (guint day = 0; day < self->n_days; day++)
    {
      const CfRosterShiftType *type =
        cf_roster_month_get_shift_type (self, cell_at (self, row, CF_ROSTER_LEAD_DAYS + day)->shift);

      if (type != NULL)
        minutes += cf_shift_times_work_minutes (&type->times);
    }

  return minutes;
}

/* How many staff have shift type @shift on @day: the footer rows. */
guint
cf_roster_month_count_shift (CfRosterMonth *self,
                             guint          day,
                             guint          shift)
{
  guint count = 0;

  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), 0);
  g_return_val_if_fail (day < self->n_days, 0);

  for (guint row = 0; row < self->rows->len; row++)
    count += cell_at (self, row, CF_ROSTER_LEAD_DAYS + day)->shift == shift;

  return count;
}

/**
 * cf_roster_month_check_row:
 *
 * Returns: (transfer full) (element-type CfRosterProblem): the row's
 *   problems; a problem's day is 0 for the month's first day
 */
GArray *
cf_roster_month_check_row (CfRosterMonth       *self,
                           const CfRosterRules *rules,
                           guint                row)
{
  GArray *problems = g_array_new (FALSE, FALSE, sizeof (CfRosterProblem));
  const CfRosterRow *staff;
  CfRosterDay *days;
  GDate lead_start;

  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), problems);
  g_return_val_if_fail (row < self->rows->len, problems);

  staff = self->rows->pdata[row];
  days = g_newa (CfRosterDay, self->n_columns);
  for (guint column = 0; column < self->n_columns; column++)
    {
      const CfRosterCell *cell = cell_at (self, row, column);
      const CfRosterShiftType *type = cf_roster_month_get_shift_type (self, cell->shift);

      days[column].shift = type != NULL ? &type->times : NULL;
      days[column].approved_leave = (cell->flags & CF_ROSTER_CELL_APPROVED_LEAVE) != 0;
    }

  lead_start = self->first;
  g_date_subtract_days (&lead_start, CF_ROSTER_LEAD_DAYS);
  cf_roster_check_row (rules, days, self->n_columns, CF_ROSTER_LEAD_DAYS,
                       g_date_get_weekday (&lead_start), staff->active, staff->contract_minutes,
                       problems);

  for (guint i = 0; i < problems->len; i++)
    {
      CfRosterProblem *problem = &g_array_index (problems, CfRosterProblem, i);

      if (problem->day >= 0)
        problem->day -= CF_ROSTER_LEAD_DAYS;
    }

  return problems;
}

/* Returns: (transfer full): @day as YYYY-MM-DD */
char *
cf_roster_month_format_date (CfRosterMonth *self,
                             guint          day)
{
  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), NULL);
  g_return_val_if_fail (day < self->n_days, NULL);

  return g_strdup (self->date_texts[CF_ROSTER_LEAD_DAYS + day]);
}

static void
set_value (JsonObject              *set,
           const CfRosterShiftType *type,
           guint8                   leave)
{
  const CfField *field = leave_field ();

  if (type != NULL)
    json_object_set_string_member (set, "shift_type", type->id);
  else
    json_object_set_null_member (set, "shift_type");
  if (leave > 0)
    json_object_set_string_member (set, "leave", field->choices[leave - 1]);
  else
    json_object_set_null_member (set, "leave");
}

/**
 * cf_roster_month_make_ops:
 * @rows: (array length=n_rows): the rows to change
 * @first_day: the first day of the block (0 is the month's first)
 * @last_day: its last day
 * @cells: the new cells, row by row, (@last_day - @first_day + 1) a row;
 *   only their shift and leave count
 *
 * A paint, a paste or a clear as ops: a cell's record is made the first
 * time it is filled and changed afterwards; cells that would not change
 * give no op. Apply them together: one transaction, one undo step.
 *
 * Returns: (transfer container) (element-type CfOp): the ops
 */
GPtrArray *
cf_roster_month_make_ops (CfRosterMonth      *self,
                          const guint        *rows,
                          guint               n_rows,
                          guint               first_day,
                          guint               last_day,
                          const CfRosterCell *cells)
{
  GPtrArray *ops = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  g_autoptr (CfStatement) exists = NULL;
  guint width;

  g_return_val_if_fail (CF_IS_ROSTER_MONTH (self), ops);
  g_return_val_if_fail (first_day <= last_day && last_day < self->n_days, ops);

  width = last_day - first_day + 1;
  exists = cf_store_prepare (self->store, "SELECT 1 FROM roster_assignment WHERE id = ?", NULL);
  if (exists == NULL)
    return ops;

  for (guint r = 0; r < n_rows; r++)
    {
      const CfRosterRow *row;

      g_return_val_if_fail (rows[r] < self->rows->len, ops);
      row = self->rows->pdata[rows[r]];

      for (guint day = first_day; day <= last_day; day++)
        {
          const CfRosterCell *wanted = &cells[r * width + (day - first_day)];
          const CfRosterCell *current = cell_at (self, rows[r], CF_ROSTER_LEAD_DAYS + day);
          const CfRosterShiftType *type = cf_roster_month_get_shift_type (self, wanted->shift);
          g_autoptr (JsonObject) values = json_object_new ();
          g_autoptr (CfOp) create = NULL;
          gboolean known;

          if (wanted->shift == current->shift && wanted->leave == current->leave)
            continue;

          json_object_set_string_member (values, "staff", row->staff_id);
          json_object_set_string_member (values, "date",
                                         self->date_texts[CF_ROSTER_LEAD_DAYS + day]);
          create = cf_op_new_create ("roster_assignment", values);

          sqlite3_bind_text (exists, 1, cf_op_get_record_id (create), -1, SQLITE_TRANSIENT);
          known = sqlite3_step (exists) == SQLITE_ROW;
          sqlite3_reset (exists);

          if (known)
            {
              g_autoptr (JsonObject) set = json_object_new ();

              set_value (set, type, wanted->leave);
              g_ptr_array_add (ops, cf_op_new_patch ("roster_assignment",
                                                     cf_op_get_record_id (create), set));
            }
          else
            {
              set_value (cf_op_get_set (create), type, wanted->leave);
              g_ptr_array_add (ops, g_steal_pointer (&create));
            }
        }
    }

  return ops;
}
