/* cf-store.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cf-store"

#include "config.h"

#include "cf-store.h"

#include <errno.h>
#include <unistd.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cf-case-private.h"
#include "cf-op-private.h"
#include "cf-signing.h"
#include "cf-store-private.h"
#include "cf-uuid.h"

struct _CfStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;        /* SQL text → sqlite3_stmt */
  GHashTable *kind_statements;   /* CfKind → KindStatements */
  char       *device_id;
  gboolean    opened;          /* checked and migrated: safe to write to */
  gboolean    sync_rewrite;    /* see _cf_store_step_sync_write () */
  char       *clock;           /* cf_store_set_clock (); NULL: the real time */

  /* kind name → GPtrArray of record ids changed in the open transaction */
  GHashTable *pending_changes;
};

/* Statements every op runs, found by kind rather than by their SQL. */
typedef enum
{
  KIND_STATEMENT_RECORD,   /* the envelope and fields of a record by id */
  KIND_STATEMENT_EXISTS,   /* whether a live record has that id */
  N_KIND_STATEMENTS
} KindStatement;

/* A kind's statements; all are owned by the store's statement cache. */
typedef struct
{
  sqlite3_stmt *statements[N_KIND_STATEMENTS];
  GHashTable   *updates;   /* the fields set, as a mask (UPDATE_DELETED for the tombstone) → UPDATE */
} KindStatements;

#define UPDATE_DELETED (G_GUINT64_CONSTANT (1) << 63)

static void
kind_statements_free (KindStatements *statements)
{
  g_hash_table_unref (statements->updates);
  g_free (statements);
}

G_DEFINE_FINAL_TYPE (CfStore, cf_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (cf-store-error-quark, cf_store_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Each step takes the schema from user_version N to N + 1, in one
 * transaction. Steps are never edited once released; add a new one.
 */
static const char * const migrations[] = {
  /* 1: the op log, staff, teams and desktop users. */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
  "CREATE TABLE op_log ("
  "  device_seq INTEGER PRIMARY KEY,"
  "  op_id TEXT NOT NULL UNIQUE,"
  "  author TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action IN ('create', 'patch', 'delete', 'restore')),"
  "  base_rev INTEGER NOT NULL,"
  "  changes TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  undoes TEXT,"
  "  pushed INTEGER NOT NULL DEFAULT 0"
  ") STRICT;"
  "CREATE INDEX op_log_record ON op_log (kind, record_id);"
  "CREATE TABLE team ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL, updated_by TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  name TEXT NOT NULL,"
  "  lead TEXT REFERENCES staff (id) DEFERRABLE INITIALLY DEFERRED"
  ") STRICT;"
  "CREATE UNIQUE INDEX team_name ON team (name) WHERE deleted = 0;"
  "CREATE TABLE staff ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL, updated_by TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  employee_no TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  role TEXT NOT NULL,"
  "  team TEXT REFERENCES team (id) DEFERRABLE INITIALLY DEFERRED,"
  "  active INTEGER NOT NULL DEFAULT 1,"
  "  hire_date TEXT,"
  "  phone TEXT"
  ") STRICT;"
  "CREATE UNIQUE INDEX staff_employee_no ON staff (employee_no) WHERE deleted = 0;"
  "CREATE INDEX staff_team ON staff (team);"
  "CREATE TABLE app_user ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL, updated_by TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  staff TEXT NOT NULL REFERENCES staff (id) DEFERRABLE INITIALLY DEFERRED,"
  "  login TEXT NOT NULL,"
  "  password_hash TEXT NOT NULL,"
  "  active INTEGER NOT NULL DEFAULT 1"
  ") STRICT;"
  "CREATE UNIQUE INDEX app_user_login ON app_user (login) WHERE deleted = 0;",

  /* 2: sync. The server keeps the change log, the ops it applied (so a
   * replayed push gets the same answers), devices, session tokens and the
   * sign-in record; both sides keep conflicts; a desktop records each op's
   * answer from the server in its op log.
   */
  "CREATE TABLE change_log ("
  "  seq INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  rev INTEGER NOT NULL,"
  "  op_id TEXT"
  ") STRICT;"
  "CREATE INDEX change_log_record ON change_log (kind, record_id);"
  "CREATE TABLE applied_ops ("
  "  op_id TEXT PRIMARY KEY,"
  "  device_id TEXT NOT NULL,"
  "  device_seq INTEGER NOT NULL,"
  "  user_id TEXT NOT NULL,"
  "  request_hash TEXT NOT NULL,"
  "  result TEXT NOT NULL,"
  "  applied_at TEXT NOT NULL"
  ") STRICT;"
  "CREATE TABLE device ("
  "  id TEXT PRIMARY KEY,"
  "  last_device_seq INTEGER NOT NULL DEFAULT 0"
  ") STRICT;"
  "CREATE TABLE auth_token ("
  "  token_hash TEXT PRIMARY KEY,"
  "  user_id TEXT NOT NULL,"
  "  device_id TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  last_used_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE auth_event ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  event TEXT NOT NULL,"
  "  login TEXT,"
  "  address TEXT"
  ") STRICT;"
  "CREATE TABLE conflict ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL, updated_by TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  record_kind TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  fields TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  resolution TEXT"
  ") STRICT;"
  "CREATE INDEX conflict_record ON conflict (record_kind, record_id);"
  "CREATE INDEX op_log_author ON op_log (author, device_seq);"
  "ALTER TABLE op_log ADD COLUMN sync_status TEXT;"
  "ALTER TABLE op_log ADD COLUMN sync_result TEXT;",

  /* 3: each op's place in its author's own sequence, kept when it is
   * written, so the outbox is read without numbering the whole log.
   */
  "ALTER TABLE op_log ADD COLUMN author_seq INTEGER;"
  "UPDATE op_log SET author_seq = (SELECT COUNT(*) FROM op_log o "
  "  WHERE o.author = op_log.author AND o.device_seq <= op_log.device_seq);"
  "CREATE UNIQUE INDEX op_log_author_seq ON op_log (author, author_seq);"
  "CREATE INDEX op_log_outbox ON op_log (author, pushed, device_seq);",

  /* 4: a standalone database's records, uploaded page by page to a new
   * server and held here until the last page applies them all at once.
   */
  "CREATE TABLE attach_staging ("
  "  kind TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  envelope TEXT NOT NULL,"
  "  PRIMARY KEY (kind, record_id)"
  ") STRICT;",

  /* 5: rosters: shift types, one assignment per staff member and day, leave
   * requests, the holiday calendar and each month's publication.
   */
  "CREATE TABLE shift_type ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL, updated_by TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  code TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  start_minute INTEGER NOT NULL,"
  "  end_minute INTEGER NOT NULL,"
  "  break_minutes INTEGER NOT NULL,"
  "  colour INTEGER NOT NULL,"
  "  counts_as_work INTEGER NOT NULL,"
  "  night INTEGER NOT NULL,"
  "  active INTEGER NOT NULL DEFAULT 1"
  ") STRICT;"
  "CREATE UNIQUE INDEX shift_type_code ON shift_type (code) WHERE deleted = 0;"
  "CREATE TABLE roster_assignment ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL, updated_by TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  staff TEXT NOT NULL REFERENCES staff (id) DEFERRABLE INITIALLY DEFERRED,"
  "  date TEXT NOT NULL,"
  "  shift_type TEXT REFERENCES shift_type (id) DEFERRABLE INITIALLY DEFERRED,"
  "  leave TEXT,"
  "  note TEXT"
  ") STRICT;"
  "CREATE UNIQUE INDEX roster_assignment_slot ON roster_assignment (staff, date);"
  /* Covers the month's query: a month is read from the index alone. */
  "CREATE INDEX roster_assignment_date ON roster_assignment "
  "  (date, staff, shift_type, leave, updated_at, note, deleted);"
  "CREATE TABLE leave_request ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL, updated_by TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  staff TEXT NOT NULL REFERENCES staff (id) DEFERRABLE INITIALLY DEFERRED,"
  "  leave_type TEXT NOT NULL,"
  "  start_date TEXT NOT NULL,"
  "  end_date TEXT NOT NULL,"
  "  reason TEXT,"
  "  status TEXT NOT NULL,"
  "  decided_by TEXT REFERENCES app_user (id) DEFERRABLE INITIALLY DEFERRED,"
  "  decided_at TEXT"
  ") STRICT;"
  "CREATE INDEX leave_request_staff ON leave_request (staff, start_date);"
  "CREATE TABLE holiday ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL, updated_by TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  date TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  working_day INTEGER NOT NULL"
  ") STRICT;"
  "CREATE UNIQUE INDEX holiday_date ON holiday (date) WHERE deleted = 0;"
  "CREATE TABLE roster_month ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL, updated_by TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  month TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  published_by TEXT REFERENCES app_user (id) DEFERRABLE INITIALLY DEFERRED,"
  "  published_at TEXT,"
  "  published_problems INTEGER"
  ") STRICT;"
  "CREATE UNIQUE INDEX roster_month_month ON roster_month (month) WHERE deleted = 0;"
  "ALTER TABLE staff ADD COLUMN contract_hours INTEGER;",

  /* 6: the escalation log and rush-repair orders. Their entries are
   * append-only: the triggers refuse any UPDATE or DELETE of an entry
   * unless callfloor_sync_rewrite () says the store's own sync path is
   * writing (see _cf_store_step_sync_write ()). Anywhere else — a sqlite3
   * shell, another program — that function does not exist, so the
   * statement fails as well.
   */
  "CREATE TABLE escalation ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL, updated_by TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  source TEXT NOT NULL,"
  "  category TEXT NOT NULL,"
  "  severity TEXT NOT NULL,"
  "  customer_ref TEXT,"
  "  customer_contact TEXT,"
  "  summary TEXT NOT NULL,"
  "  level TEXT NOT NULL,"
  "  assignee TEXT REFERENCES app_user (id) DEFERRABLE INITIALLY DEFERRED,"
  "  status TEXT NOT NULL,"
  "  due_at TEXT"
  ") STRICT;"
  "CREATE INDEX escalation_status ON escalation (status, level, due_at);"
  "CREATE TABLE escalation_entry ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL, updated_by TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  escalation TEXT NOT NULL REFERENCES escalation (id) DEFERRABLE INITIALLY DEFERRED,"
  "  type TEXT NOT NULL,"
  "  text TEXT,"
  "  from_level TEXT,"
  "  to_level TEXT,"
  "  instructed_by TEXT REFERENCES app_user (id) DEFERRABLE INITIALLY DEFERRED,"
  "  department TEXT,"
  "  responsible TEXT,"
  "  corrects TEXT REFERENCES escalation_entry (id) DEFERRABLE INITIALLY DEFERRED"
  ") STRICT;"
  /* An escalation's timeline, in the same order on every desktop. */
  "CREATE INDEX escalation_entry_timeline ON escalation_entry (escalation, created_at, id);"
  "CREATE INDEX escalation_entry_type ON escalation_entry (type, escalation);"
  "CREATE TABLE rush_repair ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL, updated_by TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  summary TEXT NOT NULL,"
  "  customer_ref TEXT,"
  "  customer_contact TEXT,"
  "  raised_by_department TEXT NOT NULL,"
  "  escalation TEXT REFERENCES escalation (id) DEFERRABLE INITIALLY DEFERRED,"
  "  status TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX rush_repair_status ON rush_repair (status);"
  "CREATE TABLE rush_repair_entry ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL, updated_by TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  rush_repair TEXT NOT NULL REFERENCES rush_repair (id) DEFERRABLE INITIALLY DEFERRED,"
  "  type TEXT NOT NULL,"
  "  text TEXT,"
  "  notified TEXT,"
  "  channel TEXT,"
  "  gateway_answer TEXT,"
  "  result TEXT"
  ") STRICT;"
  "CREATE INDEX rush_repair_entry_timeline ON rush_repair_entry (rush_repair, created_at, id);"
  "CREATE TRIGGER escalation_entry_no_update BEFORE UPDATE ON escalation_entry "
  "  WHEN NOT callfloor_sync_rewrite () "
  "  BEGIN SELECT RAISE (ABORT, 'escalation entries are append-only'); END;"
  "CREATE TRIGGER escalation_entry_no_delete BEFORE DELETE ON escalation_entry "
  "  WHEN NOT callfloor_sync_rewrite () "
  "  BEGIN SELECT RAISE (ABORT, 'escalation entries are append-only'); END;"
  "CREATE TRIGGER rush_repair_entry_no_update BEFORE UPDATE ON rush_repair_entry "
  "  WHEN NOT callfloor_sync_rewrite () "
  "  BEGIN SELECT RAISE (ABORT, 'rush-repair entries are append-only'); END;"
  "CREATE TRIGGER rush_repair_entry_no_delete BEFORE DELETE ON rush_repair_entry "
  "  WHEN NOT callfloor_sync_rewrite () "
  "  BEGIN SELECT RAISE (ABORT, 'rush-repair entries are append-only'); END;",

  /* 7: the call center's escalation policy: the levels in use and the time
   * each severity allows. One record, named by its scope.
   */
  "CREATE TABLE escalation_policy ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL, updated_by TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  scope TEXT NOT NULL,"
  "  complaints_desk_in_use INTEGER NOT NULL,"
  "  shift_lead_in_use INTEGER NOT NULL,"
  "  deputy_in_use INTEGER NOT NULL,"
  "  due_normal INTEGER NOT NULL,"
  "  due_urgent INTEGER NOT NULL,"
  "  due_critical INTEGER NOT NULL"
  ") STRICT;"
  "CREATE UNIQUE INDEX escalation_policy_scope ON escalation_policy (scope) WHERE deleted = 0;",

  /* 8: each user's signing key pair (cf-signing.c): the public key, and
   * the secret key sealed with the user's password. Empty until made.
   */
  "ALTER TABLE app_user ADD COLUMN public_key TEXT;"
  "ALTER TABLE app_user ADD COLUMN sealed_secret_key TEXT;",

  /* 9: shift handover (cf-handover.c): the duty log, handover sheets and
   * their addenda. Duty-log entries and addenda are append-only, and a
   * sealed sheet is read-only: its columns cannot be updated nor the row
   * deleted, with the same exception as in migration 6 for the store's
   * own sync path, which must still give it its rev or write the
   * server's copy. The rev itself may change (the server's numbering).
   */
  "CREATE TABLE duty_log_entry ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL, updated_by TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  shift_date TEXT NOT NULL,"
  "  shift_type TEXT REFERENCES shift_type (id) DEFERRABLE INITIALLY DEFERRED,"
  "  category TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  flagged INTEGER NOT NULL DEFAULT 0"
  ") STRICT;"
  "CREATE INDEX duty_log_entry_shift ON duty_log_entry (shift_date, shift_type, created_at);"
  "CREATE TABLE handover_sheet ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL, updated_by TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  shift_date TEXT NOT NULL,"
  "  outgoing_shift_type TEXT NOT NULL REFERENCES shift_type (id) DEFERRABLE INITIALLY DEFERRED,"
  "  incoming_shift_type TEXT NOT NULL REFERENCES shift_type (id) DEFERRABLE INITIALLY DEFERRED,"
  "  outgoing_lead TEXT NOT NULL REFERENCES app_user (id) DEFERRABLE INITIALLY DEFERRED,"
  "  incoming_lead TEXT REFERENCES app_user (id) DEFERRABLE INITIALLY DEFERRED,"
  "  content TEXT NOT NULL,"
  "  content_digest TEXT,"
  "  outgoing_signature TEXT,"
  "  outgoing_signed_at TEXT,"
  "  incoming_signature TEXT,"
  "  incoming_signed_at TEXT,"
  "  incoming_remarks TEXT,"
  "  status TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX handover_sheet_shift ON handover_sheet (shift_date, outgoing_shift_type);"
  "CREATE INDEX handover_sheet_status ON handover_sheet (status, shift_date);"
  "CREATE TABLE handover_addendum ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL, updated_by TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  sheet TEXT NOT NULL REFERENCES handover_sheet (id) DEFERRABLE INITIALLY DEFERRED,"
  "  text TEXT NOT NULL,"
  "  signature TEXT NOT NULL,"
  "  signed_at TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX handover_addendum_sheet ON handover_addendum (sheet, created_at, id);"
  "CREATE TRIGGER duty_log_entry_no_update BEFORE UPDATE ON duty_log_entry "
  "  WHEN NOT callfloor_sync_rewrite () "
  "  BEGIN SELECT RAISE (ABORT, 'duty-log entries are append-only'); END;"
  "CREATE TRIGGER duty_log_entry_no_delete BEFORE DELETE ON duty_log_entry "
  "  WHEN NOT callfloor_sync_rewrite () "
  "  BEGIN SELECT RAISE (ABORT, 'duty-log entries are append-only'); END;"
  "CREATE TRIGGER handover_addendum_no_update BEFORE UPDATE ON handover_addendum "
  "  WHEN NOT callfloor_sync_rewrite () "
  "  BEGIN SELECT RAISE (ABORT, 'handover addenda are append-only'); END;"
  "CREATE TRIGGER handover_addendum_no_delete BEFORE DELETE ON handover_addendum "
  "  WHEN NOT callfloor_sync_rewrite () "
  "  BEGIN SELECT RAISE (ABORT, 'handover addenda are append-only'); END;"
  "CREATE TRIGGER handover_sheet_sealed_no_update BEFORE UPDATE OF "
  "  id, created_at, created_by, updated_at, updated_by, deleted, shift_date,"
  "  outgoing_shift_type, incoming_shift_type, outgoing_lead, incoming_lead, content,"
  "  content_digest, outgoing_signature, outgoing_signed_at, incoming_signature, incoming_signed_at,"
  "  incoming_remarks, status ON handover_sheet "
  "  WHEN OLD.status = 'sealed' AND NOT callfloor_sync_rewrite () "
  "  BEGIN SELECT RAISE (ABORT, 'a sealed handover sheet is read-only'); END;"
  "CREATE TRIGGER handover_sheet_sealed_no_delete BEFORE DELETE ON handover_sheet "
  "  WHEN OLD.status = 'sealed' AND NOT callfloor_sync_rewrite () "
  "  BEGIN SELECT RAISE (ABORT, 'a sealed handover sheet is read-only'); END;",

  /* 10: how long a handover sheet may wait for its countersignature, part
   * of the escalation policy. A policy set before has the default; the
   * column stays nullable, as a policy made by an older desktop has none.
   */
  "ALTER TABLE escalation_policy ADD COLUMN countersign_minutes INTEGER DEFAULT 30;",

  /* 11: the handover history reads what its list shows from one index,
   * without stepping over each sheet's content (kilobytes, in overflow
   * pages) to reach its status.
   */
  "CREATE INDEX handover_sheet_list ON handover_sheet (deleted, shift_date, status, "
  "  outgoing_shift_type, incoming_shift_type, outgoing_lead, incoming_lead, id);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == CF_STORE_SCHEMA_VERSION);

static const char * const envelope_columns[] = {
  "id", "rev", "created_at", "created_by", "updated_at", "updated_by", "deleted",
};

static gboolean
set_error (GError    **error,
           CfStoreError code,
           const char *message)
{
  g_set_error_literal (error, CF_STORE_ERROR, code, message);
  return FALSE;
}

/* Maps SQLite's result codes to the words a user understands. The raw
 * message goes to the debug log only.
 */
gboolean
cf_store_set_sqlite_error (CfStore  *self,
                           int       rc,
                           GError  **error)
{
  const char *path = self != NULL ? self->path : "";

  if (self != NULL && self->db != NULL)
    g_debug ("SQLite error %d: %s", rc, sqlite3_errmsg (self->db));

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return set_error (error, CF_STORE_ERROR_BUSY,
                        _("The database is busy in another program. "
                          "Try again in a moment; nothing was changed."));
    case SQLITE_FULL:
      return set_error (error, CF_STORE_ERROR_FULL,
                        _("The disk is full. Free some space and try again; "
                          "nothing was changed."));
    case SQLITE_CORRUPT:
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CORRUPT,
                   _("The database “%s” is damaged. Callfloor has not changed it: "
                     "restore it from a backup or ask your administrator."), path);
      return FALSE;
    case SQLITE_NOTADB:
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Callfloor database. Callfloor has not changed it."), path);
      return FALSE;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_READ_ONLY,
                   _("The database “%s” is read-only, so changes cannot be saved."), path);
      return FALSE;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CANT_OPEN,
                   _("The database “%s” cannot be read or written. "
                     "Check that the disk is present and the file may be written."), path);
      return FALSE;
    case SQLITE_CONSTRAINT:
      /* Only the append-only triggers raise. */
      if (rc == SQLITE_CONSTRAINT_TRIGGER)
        return set_error (error, CF_STORE_ERROR_IMMUTABLE, cf_store_immutable_message ());
      return set_error (error, CF_STORE_ERROR_CONSTRAINT,
                        _("The change breaks a rule of the database and was not saved."));
    default:
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                   _("The database reported an unexpected error (%d); nothing was changed."), rc);
      return FALSE;
    }
}

/* The integrity check reads the whole file, which takes seconds once a
 * database holds a year of rosters; so it is skipped when the file is the
 * very one a clean close left: same size, time and inode as written down
 * next to it then, and no write-ahead log with writes in it. Any change
 * since — a crash, a copy, damage by another program — makes the check run.
 */
static char *
file_stamp (const char *path)
{
  struct stat st;

  if (g_stat (path, &st) != 0)
    return NULL;

  return g_strdup_printf ("%lld:%lld.%09ld:%llu", (long long) st.st_size,
                          (long long) st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                          (unsigned long long) st.st_ino);
}

static char *
stamp_path (const char *path)
{
  return g_strconcat (path, "-checked", NULL);
}

/* A write-ahead log with frames in it holds writes not yet in the file. */
static gboolean
has_log (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  struct stat st;

  return g_stat (wal, &st) == 0 && st.st_size > 0;
}

static gboolean
closed_cleanly (const char *path)
{
  g_autofree char *stamp_file = stamp_path (path);
  g_autofree char *written = NULL;
  g_autofree char *stamp = NULL;

  if (has_log (path) || !g_file_get_contents (stamp_file, &written, NULL, NULL))
    return FALSE;
  stamp = file_stamp (path);

  return stamp != NULL && g_str_equal (g_strstrip (written), stamp);
}

static void
note_clean_close (const char *path,
                  gboolean    clean)
{
  g_autofree char *stamp_file = stamp_path (path);
  g_autofree char *stamp = clean && !has_log (path) ? file_stamp (path) : NULL;

  if (stamp == NULL || !g_file_set_contents (stamp_file, stamp, -1, NULL))
    g_unlink (stamp_file);
}

static void
cf_store_finalize (GObject *object)
{
  CfStore *self = (CfStore *)object;

  g_clear_pointer (&self->kind_statements, g_hash_table_unref);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->pending_changes, g_hash_table_unref);
  g_clear_pointer (&self->clock, g_free);
  if (self->db != NULL)
    {
      gboolean closed;

      /* A refused file is closed without a write of any kind. */
      if (self->opened)
        sqlite3_exec (self->db, "PRAGMA optimize", NULL, NULL, NULL);
      closed = sqlite3_close (self->db) == SQLITE_OK;
      if (!closed)
        sqlite3_close_v2 (self->db);
      if (self->opened)
        note_clean_close (self->path, closed);
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->device_id, g_free);

  G_OBJECT_CLASS (cf_store_parent_class)->finalize (object);
}

static void
cf_store_class_init (CfStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cf_store_finalize;

  /**
   * CfStore::changed:
   * @kind: the kind name, such as "staff"
   * @ids: the ids of the records that changed
   *
   * Emitted after a transaction that changed records of @kind commits.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRV);
}

static void
cf_store_init (CfStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) sqlite3_finalize);
  self->kind_statements = g_hash_table_new_full (NULL, NULL, NULL,
                                                 (GDestroyNotify) kind_statements_free);
  self->pending_changes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                 (GDestroyNotify) g_ptr_array_unref);
}

/* callfloor_sync_rewrite (): what the append-only triggers of migrations 6
 * and 9 ask. It exists only on the store's own connection and says yes only
 * while _cf_store_step_sync_write () runs a statement.
 */
static void
sync_rewrite_func (sqlite3_context  *context,
                   int               argc,
                   sqlite3_value   **argv)
{
  CfStore *self = sqlite3_user_data (context);

  sqlite3_result_int (context, self->sync_rewrite ? 1 : 0);
}

/**
 * _cf_store_step_sync_write:
 * @stmt: a statement of @self's
 *
 * Steps @stmt with the append-only triggers standing aside. For the sync
 * paths only, which must write records of append-only kinds without
 * changing what they say: the server giving a new record its rev, and a
 * desktop writing the server's copy of a record over its own (with the
 * server's rev), forgetting a record the server refused, or emptying its
 * tables to read them all again. Entries still cannot be changed: the
 * store refuses such an op, the server rejects it, and anything else
 * that writes to the file meets the triggers.
 *
 * Returns: what sqlite3_step () returned
 */
int
_cf_store_step_sync_write (CfStore      *self,
                           sqlite3_stmt *stmt)
{
  int rc;

  g_assert (!self->sync_rewrite);

  self->sync_rewrite = TRUE;
  rc = sqlite3_step (stmt);
  self->sync_rewrite = FALSE;

  return rc;
}

/* Like cf_store_exec (), with the append-only triggers standing aside: see
 * _cf_store_step_sync_write ().
 */
gboolean
_cf_store_exec_sync_write (CfStore     *self,
                           const char  *sql,
                           GError     **error)
{
  gboolean ok;

  g_assert (!self->sync_rewrite);

  self->sync_rewrite = TRUE;
  ok = cf_store_exec (self, sql, error);
  self->sync_rewrite = FALSE;

  return ok;
}

/* Looks at an existing file before SQLite touches it: anything that is not
 * an SQLite database is refused without a byte being written to it.
 */
static gboolean
check_existing_file (const char  *path,
                     gboolean    *exists,
                     GError     **error)
{
  static const char header[16] = "SQLite format 3";
  char buffer[16];
  GStatBuf st;
  FILE *file;
  gsize n_read;

  *exists = FALSE;
  if (g_stat (path, &st) != 0)
    {
      if (errno == ENOENT)
        return TRUE;
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CANT_OPEN,
                   _("The database “%s” cannot be opened: %s"), path, g_strerror (errno));
      return FALSE;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a file, so it cannot be a Callfloor database."), path);
      return FALSE;
    }

  *exists = st.st_size > 0;
  if (st.st_size == 0)
    return TRUE;

  file = g_fopen (path, "rb");
  if (file == NULL)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CANT_OPEN,
                   _("The database “%s” cannot be opened: %s"), path, g_strerror (errno));
      return FALSE;
    }
  n_read = fread (buffer, 1, sizeof buffer, file);
  fclose (file);

  if (n_read != sizeof buffer || memcmp (buffer, header, sizeof header) != 0)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Callfloor database. Callfloor has not changed it."), path);
      return FALSE;
    }

  if (access (path, W_OK) != 0)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_READ_ONLY,
                   _("The database “%s” is read-only, so changes cannot be saved."), path);
      return FALSE;
    }

  return TRUE;
}

gint64
_cf_store_query_integer (CfStore    *self,
                         const char *sql,
                         GError    **error)
{
  g_autoptr (CfStatement) stmt = cf_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    cf_store_set_sqlite_error (self, rc, error);
  else
    set_error (error, CF_STORE_ERROR_FAILED, _("The database gave no answer."));

  return -1;
}

/* A read-only look at the pages before anything is written: a damaged file
 * is reported and left as it is.
 */
static gboolean
check_integrity (CfStore  *self,
                 GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return cf_store_set_sqlite_error (self, rc, error);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
      if (!ok)
        g_debug ("quick_check: %s", sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    return cf_store_set_sqlite_error (self, rc, error);
  if (!ok)
    return cf_store_set_sqlite_error (self, SQLITE_CORRUPT, error);

  return TRUE;
}

static gboolean
migrate (CfStore  *self,
         gint64    version,
         GError  **error)
{
  for (gint64 step = version; step < CF_STORE_SCHEMA_VERSION; step++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT,
                                               step + 1);

      g_debug ("Migrating %s to schema %" G_GINT64_FORMAT, self->path, step + 1);
      if (!cf_store_begin (self, error))
        return FALSE;
      if (!cf_store_exec (self, migrations[step], error) ||
          !cf_store_exec (self, bump, error) ||
          !cf_store_commit (self, error))
        {
          cf_store_rollback (self);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
ensure_device_id (CfStore  *self,
                  GError  **error)
{
  self->device_id = cf_store_get_meta (self, "device_id");
  if (self->device_id != NULL)
    return TRUE;

  self->device_id = cf_uuid_new_v7 ();
  return cf_store_set_meta (self, "device_id", self->device_id, error);
}

/**
 * cf_store_open:
 * @path: the database file; its folder is created when missing
 *
 * Opens or creates a Callfloor database and brings its schema up to date.
 * A file that is not an SQLite database, is damaged, or was written by a
 * newer Callfloor is refused and left exactly as it was.
 */
CfStore *
cf_store_open (const char    *path,
               CfStoreFlags   flags,
               GError       **error)
{
  g_autoptr (CfStore) self = NULL;
  g_autofree char *folder = NULL;
  gboolean exists;
  gint64 version;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CANT_OPEN,
                   _("The folder “%s” for the database cannot be created: %s"),
                   folder, g_strerror (saved_errno));
      return NULL;
    }

  if (!check_existing_file (path, &exists, error))
    return NULL;

  self = g_object_new (CF_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      if ((rc & 0xff) == SQLITE_CANTOPEN)
        g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CANT_OPEN,
                     _("The database “%s” cannot be created here. "
                       "Check that the folder may be written."), path);
      else
        cf_store_set_sqlite_error (self, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_create_function_v2 (self->db, "callfloor_sync_rewrite", 0,
                              SQLITE_UTF8 | SQLITE_INNOCUOUS, self, sync_rewrite_func,
                              NULL, NULL, NULL);

  if (exists && !closed_cleanly (path) && !check_integrity (self, error))
    return NULL;

  version = _cf_store_query_integer (self, "PRAGMA user_version", error);
  if (version < 0)
    return NULL;
  if (version > CF_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_TOO_NEW,
                   _("The database “%s” was written by a newer version of Callfloor "
                     "(schema %d; this version knows up to %d). "
                     "Update Callfloor to open it; the file has not been changed."),
                   path, (int) version, CF_STORE_SCHEMA_VERSION);
      return NULL;
    }

  /* Reads go through a 16 MB page cache, not a memory map: a month of
   * the roster for 2,000 staff loads as fast either way, but a map's
   * pages (and the neighbours the kernel maps with each) all count as
   * the application's memory — 60 MB more for that month, measured with
   * bench-grid.
   */
  if (!cf_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !cf_store_exec (self, "PRAGMA cache_size = -16000", error) ||
      !cf_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !cf_store_exec (self, (flags & CF_STORE_FLAGS_DURABLE) ? "PRAGMA synchronous = FULL"
                                                             : "PRAGMA synchronous = NORMAL",
                      error))
    return NULL;

  if (!migrate (self, version, error) || !ensure_device_id (self, error))
    return NULL;

  self->opened = TRUE;
  return g_steal_pointer (&self);
}

const char *
cf_store_get_path (CfStore *self)
{
  g_return_val_if_fail (CF_IS_STORE (self), NULL);

  return self->path;
}

/* The id this database signs its ops with: one per desktop database. */
const char *
cf_store_get_device_id (CfStore *self)
{
  g_return_val_if_fail (CF_IS_STORE (self), NULL);

  return self->device_id;
}

sqlite3 *
cf_store_get_connection (CfStore *self)
{
  g_return_val_if_fail (CF_IS_STORE (self), NULL);

  return self->db;
}

/**
 * cf_store_prepare:
 * @sql: a string that lives as long as the store (a literal)
 *
 * Returns: (transfer none): the cached statement for @sql, reset and with
 *   its bindings cleared; hold it in a g_autoptr (CfStatement) so it is
 *   reset again when done.
 */
CfStatement *
cf_store_prepare (CfStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (self), NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_warning ("Cannot prepare “%s”: %s", sql, sqlite3_errmsg (self->db));
      cf_store_set_sqlite_error (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);

  return stmt;
}

gboolean
cf_store_exec (CfStore     *self,
               const char  *sql,
               GError     **error)
{
  int rc;

  g_return_val_if_fail (CF_IS_STORE (self), FALSE);

  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return cf_store_set_sqlite_error (self, rc, error);

  return TRUE;
}

/* BEGIN IMMEDIATE: the write lock is taken at once, so a transaction never
 * fails half-way for want of it.
 */
gboolean
cf_store_begin (CfStore  *self,
                GError  **error)
{
  g_return_val_if_fail (CF_IS_STORE (self), FALSE);
  g_return_val_if_fail (sqlite3_get_autocommit (self->db), FALSE);

  return cf_store_exec (self, "BEGIN IMMEDIATE", error);
}

static void
emit_pending_changes (CfStore *self)
{
  g_autoptr (GHashTable) changes = g_steal_pointer (&self->pending_changes);
  GHashTableIter iter;
  gpointer key, value;

  self->pending_changes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                 (GDestroyNotify) g_ptr_array_unref);

  g_hash_table_iter_init (&iter, changes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *ids = value;

      g_ptr_array_add (ids, NULL);
      g_signal_emit (self, signals[CHANGED], 0, key, ids->pdata);
    }
}

gboolean
cf_store_commit (CfStore  *self,
                 GError  **error)
{
  g_return_val_if_fail (CF_IS_STORE (self), FALSE);

  if (!cf_store_exec (self, "COMMIT", error))
    return FALSE;

  emit_pending_changes (self);
  return TRUE;
}

void
cf_store_rollback (CfStore *self)
{
  g_return_if_fail (CF_IS_STORE (self));

  g_hash_table_remove_all (self->pending_changes);
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Savepoints: one step inside a longer transaction that can be undone on
 * its own, so that a batch of ops shares one commit (one fsync) while each
 * op still lands whole or not at all. The changes a step made are reported
 * with the transaction's commit even if the step was undone: a listener
 * reads the record again and finds nothing new.
 */
gboolean
cf_store_savepoint (CfStore  *self,
                    GError  **error)
{
  g_return_val_if_fail (CF_IS_STORE (self), FALSE);
  g_return_val_if_fail (!sqlite3_get_autocommit (self->db), FALSE);

  return cf_store_exec (self, "SAVEPOINT step", error);
}

gboolean
cf_store_release (CfStore  *self,
                  GError  **error)
{
  g_return_val_if_fail (CF_IS_STORE (self), FALSE);

  return cf_store_exec (self, "RELEASE step", error);
}

/* Undoes the step; the savepoint stays open, so the step can go on. */
void
cf_store_rollback_to (CfStore *self)
{
  g_return_if_fail (CF_IS_STORE (self));

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK TO step", NULL, NULL, NULL);
}

char *
cf_store_get_meta (CfStore    *self,
                   const char *key)
{
  g_autoptr (CfStatement) stmt = cf_store_prepare (self, "SELECT value FROM meta WHERE key = ?",
                                                   NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

gboolean
cf_store_set_meta (CfStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (self, "INSERT INTO meta (key, value) VALUES (?, ?) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (self, rc, error);

  return TRUE;
}

/* A count for a constant query: tests, benchmarks and empty states. */
gint64
cf_store_count (CfStore    *self,
                const char *sql)
{
  return _cf_store_query_integer (self, sql, NULL);
}

gboolean
cf_store_get_author_role (CfStore    *self,
                          const char *user_id,
                          CfRole     *role)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (self,
                      "SELECT s.role FROM app_user u JOIN staff s ON s.id = u.staff "
                      "WHERE u.id = ? AND u.deleted = 0 AND u.active = 1 "
                      "AND s.deleted = 0 AND s.active = 1",
                      NULL);

  if (stmt == NULL || user_id == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;

  return cf_role_from_string ((const char *) sqlite3_column_text (stmt, 0), role);
}

/* Statements built from the registry: the SQL text is made once per kind
 * and field from names in the registry (never from input) and interned so
 * it can key the statement cache.
 */
const char *
_cf_store_kind_sql (const char *format,
                    ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  return g_intern_string (sql);
}

static const char *
kind_statement_sql (const CfKind  *kind,
                    KindStatement  which)
{
  g_autoptr (GString) columns = NULL;

  switch (which)
    {
    case KIND_STATEMENT_RECORD:
      columns = g_string_new ("id, rev, created_at, created_by, updated_at, updated_by, deleted");
      for (guint i = 0; i < kind->n_fields; i++)
        g_string_append_printf (columns, ", %s", kind->fields[i].name);
      return _cf_store_kind_sql ("SELECT %s FROM %s WHERE id = ?", columns->str, kind->table);
    case KIND_STATEMENT_EXISTS:
      return _cf_store_kind_sql ("SELECT 1 FROM %s WHERE id = ? AND deleted = 0", kind->table);
    case N_KIND_STATEMENTS:
    default:
      g_assert_not_reached ();
    }
}

static KindStatements *
get_kind_statements (CfStore      *self,
                     const CfKind *kind)
{
  KindStatements *statements = g_hash_table_lookup (self->kind_statements, kind);

  if (statements == NULL)
    {
      statements = g_new0 (KindStatements, 1);
      statements->updates = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_hash_table_insert (self->kind_statements, (gpointer) kind, statements);
    }

  return statements;
}

static sqlite3_stmt *
reset_statement (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return stmt;
}

/* Like cf_store_prepare (), for the statements every op runs: the SQL is
 * made and looked up once per kind.
 */
static sqlite3_stmt *
prepare_kind_statement (CfStore        *self,
                        const CfKind   *kind,
                        KindStatement   which,
                        GError        **error)
{
  KindStatements *statements = get_kind_statements (self, kind);

  if (statements->statements[which] == NULL)
    {
      statements->statements[which] = cf_store_prepare (self, kind_statement_sql (kind, which),
                                                        error);
      return statements->statements[which];
    }

  return reset_statement (statements->statements[which]);
}

/* The UPDATE setting the fields in @mask (bit i for the kind's field i),
 * and with UPDATE_DELETED the tombstone, besides who changed it and when.
 */
static sqlite3_stmt *
prepare_update (CfStore       *self,
                const CfKind  *kind,
                guint64        mask,
                GError       **error)
{
  KindStatements *statements = get_kind_statements (self, kind);
  sqlite3_stmt *stmt = g_hash_table_lookup (statements->updates, &mask);
  g_autoptr (GString) assignments = NULL;

  if (stmt != NULL)
    return reset_statement (stmt);

  assignments = g_string_new ("updated_at = ?, updated_by = ?");
  for (guint i = 0; i < kind->n_fields; i++)
    if (mask & (G_GUINT64_CONSTANT (1) << i))
      g_string_append_printf (assignments, ", %s = ?", kind->fields[i].name);
  if (mask & UPDATE_DELETED)
    g_string_append (assignments, ", deleted = ?");

  stmt = cf_store_prepare (self, _cf_store_kind_sql ("UPDATE %s SET %s WHERE id = ?",
                                                     kind->table, assignments->str), error);
  if (stmt != NULL)
    g_hash_table_insert (statements->updates, g_memdup2 (&mask, sizeof mask), stmt);

  return stmt;
}

static void
bind_value (sqlite3_stmt  *stmt,
            int            column,
            const CfField *field,
            JsonNode      *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      sqlite3_bind_null (stmt, column);
      return;
    }

  switch (field->type)
    {
    case CF_FIELD_INTEGER:
      sqlite3_bind_int64 (stmt, column, json_node_get_int (value));
      break;
    case CF_FIELD_BOOLEAN:
      sqlite3_bind_int (stmt, column, json_node_get_boolean (value) ? 1 : 0);
      break;
    case CF_FIELD_TEXT:
    case CF_FIELD_SECRET:
    case CF_FIELD_DATE:
    case CF_FIELD_ENUM:
    case CF_FIELD_REFERENCE:
      sqlite3_bind_text (stmt, column, json_node_get_string (value), -1, SQLITE_TRANSIENT);
      break;
    default:
      g_assert_not_reached ();
    }
}

static JsonNode *
column_value (sqlite3_stmt  *stmt,
              int            column,
              const CfField *field)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return json_node_new (JSON_NODE_NULL);

  switch (field->type)
    {
    case CF_FIELD_INTEGER:
      return json_node_init_int (json_node_alloc (), sqlite3_column_int64 (stmt, column));
    case CF_FIELD_BOOLEAN:
      return json_node_init_boolean (json_node_alloc (), sqlite3_column_int (stmt, column) != 0);
    case CF_FIELD_TEXT:
    case CF_FIELD_SECRET:
    case CF_FIELD_DATE:
    case CF_FIELD_ENUM:
    case CF_FIELD_REFERENCE:
      return json_node_init_string (json_node_alloc (),
                                    (const char *) sqlite3_column_text (stmt, column));
    default:
      g_assert_not_reached ();
    }
}

/**
 * cf_store_set_clock:
 * @moment: (nullable): when the next changes are made; %NULL for the
 *   real time again
 *
 * For the demo database only: its made-up history is written as if it
 * happened over the past months, so a case raised weeks ago does not
 * read as raised today. Never set while syncing.
 */
void
cf_store_set_clock (CfStore   *self,
                    GDateTime *moment)
{
  g_return_if_fail (CF_IS_STORE (self));

  g_clear_pointer (&self->clock, g_free);
  if (moment != NULL)
    self->clock = cf_utc_iso (moment);
}

/* A record as cf_store_get_record () gives it, from a row of its kind's
 * record statement.
 */
static JsonObject *
record_from_row (const CfKind *kind,
                 sqlite3_stmt *stmt)
{
  JsonObject *record = json_object_new ();

  for (guint i = 0; i < G_N_ELEMENTS (envelope_columns); i++)
    {
      if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
        json_object_set_null_member (record, envelope_columns[i]);
      else if (g_str_equal (envelope_columns[i], "rev"))
        json_object_set_int_member (record, "rev", sqlite3_column_int64 (stmt, i));
      else if (g_str_equal (envelope_columns[i], "deleted"))
        json_object_set_boolean_member (record, "deleted", sqlite3_column_int (stmt, i) != 0);
      else
        json_object_set_string_member (record, envelope_columns[i],
                                       (const char *) sqlite3_column_text (stmt, i));
    }
  for (guint i = 0; i < kind->n_fields; i++)
    json_object_set_member (record, kind->fields[i].name,
                            column_value (stmt, G_N_ELEMENTS (envelope_columns) + i,
                                          &kind->fields[i]));

  return record;
}

/**
 * cf_store_get_record:
 *
 * Returns: (transfer full): the record's envelope and fields, tombstones
 *   included (look at "deleted"), or %NULL with %CF_STORE_ERROR_NOT_FOUND.
 */
JsonObject *
cf_store_get_record (CfStore     *self,
                     const char  *kind_name,
                     const char  *record_id,
                     GError     **error)
{
  const CfKind *kind = cf_registry_lookup (kind_name);
  g_autoptr (CfStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  stmt = prepare_kind_statement (self, kind, KIND_STATEMENT_RECORD, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      set_error (error, CF_STORE_ERROR_NOT_FOUND, _("The record no longer exists."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      cf_store_set_sqlite_error (self, rc, error);
      return NULL;
    }

  return record_from_row (kind, stmt);
}

/**
 * cf_store_list_records:
 * @field: a field of the kind, compared with @value
 * @order_by: the columns to sort by, as SQL; from the code, never typed
 *
 * Returns: (transfer container) (element-type JsonObject): the live
 *   records of @kind_name whose @field is @value, each as
 *   cf_store_get_record () gives it, in one query; %NULL with @error set
 */
GPtrArray *
cf_store_list_records (CfStore     *self,
                       const char  *kind_name,
                       const char  *field,
                       const char  *value,
                       const char  *order_by,
                       GError     **error)
{
  const CfKind *kind = cf_registry_lookup (kind_name);
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (CfStatement) stmt = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (cf_kind_lookup_field (kind, field) != NULL, NULL);

  /* The record statement's columns, read for many rows at once. */
  columns = g_strdup (kind_statement_sql (kind, KIND_STATEMENT_RECORD));
  *strstr (columns, " WHERE id = ?") = '\0';
  sql = g_strdup_printf ("%s WHERE %s = ? AND deleted = 0 ORDER BY %s", columns, field, order_by);
  stmt = cf_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, record_from_row (kind, stmt));
  if (rc != SQLITE_DONE)
    {
      cf_store_set_sqlite_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&records);
}

/* Fails with a message naming the record that already holds @value. */
gboolean
cf_store_check_unique (CfStore     *self,
                       const char  *kind_name,
                       const char  *field_name,
                       const char  *value,
                       const char  *except_id,
                       GError     **error)
{
  const CfKind *kind = cf_registry_lookup (kind_name);
  const CfField *field;
  gboolean has_name;
  g_autoptr (CfStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (kind != NULL, FALSE);
  field = cf_kind_lookup_field (kind, field_name);
  g_return_val_if_fail (field != NULL, FALSE);

  has_name = cf_kind_lookup_field (kind, "name") != NULL;
  stmt = cf_store_prepare (self,
                           _cf_store_kind_sql ("SELECT %s FROM %s WHERE %s = ? AND deleted = 0 "
                                     "AND id IS NOT ? LIMIT 1",
                                     has_name ? "name" : "id", kind->table, field->name),
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, except_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return cf_store_set_sqlite_error (self, rc, error);

  if (has_name && !g_str_equal (field->name, "name"))
    g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                 /* translators: e.g. Employee number “1001” is already used by Zhang Wei. */
                 _("%s “%s” is already used by %s."),
                 cf_field_get_label (field), value, sqlite3_column_text (stmt, 0));
  else
    g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                 /* translators: e.g. Name “Team 1” is already in use. */
                 _("%s “%s” is already in use."), cf_field_get_label (field), value);

  return FALSE;
}

static gboolean
check_reference (CfStore        *self,
                 const CfField  *field,
                 JsonNode       *value,
                 GError        **error)
{
  const CfKind *target = cf_registry_lookup (field->reference);
  g_autoptr (CfStatement) stmt = NULL;
  int rc;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return TRUE;

  stmt = prepare_kind_statement (self, target, KIND_STATEMENT_EXISTS, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, json_node_get_string (value), -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (self, rc, error);

  g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
               /* translators: %s is a field such as “Team” */
               _("%s: the chosen record does not exist."), cf_field_get_label (field));
  return FALSE;
}

gboolean
_cf_store_validate_field (CfStore        *self,
                          const CfKind   *kind,
                          const CfField  *field,
                          JsonNode       *value,
                          const char     *record_id,
                          GError        **error)
{
  if (!cf_field_validate (field, value, error))
    return FALSE;
  if (field->type == CF_FIELD_REFERENCE && !check_reference (self, field, value, error))
    return FALSE;
  if ((field->flags & CF_FIELD_UNIQUE) && value != NULL && !JSON_NODE_HOLDS_NULL (value) &&
      !cf_store_check_unique (self, kind->name, field->name, json_node_get_string (value),
                              record_id, error))
    return FALSE;

  return TRUE;
}

/**
 * cf_store_check_value:
 * @value: (nullable): the value; %NULL or a JSON null stands for an empty one
 * @record_id: (nullable): the record the value is for, %NULL for a new one
 *
 * Checks @value for the field @field_name of a @kind_name record as
 * cf_store_apply() will when it is saved: against the field's rules in the
 * registry, that a reference points to a record that exists, and that a
 * unique value is not held by another record. Forms use it to name a
 * problem while it is typed.
 */
gboolean
cf_store_check_value (CfStore     *self,
                      const char  *kind_name,
                      const char  *field_name,
                      JsonNode    *value,
                      const char  *record_id,
                      GError     **error)
{
  const CfKind *kind;
  const CfField *field;

  g_return_val_if_fail (CF_IS_STORE (self), FALSE);
  kind = cf_registry_lookup (kind_name);
  g_return_val_if_fail (kind != NULL, FALSE);
  field = cf_kind_lookup_field (kind, field_name);
  g_return_val_if_fail (field != NULL, FALSE);

  return _cf_store_validate_field (self, kind, field, value, record_id, error);
}

void
_cf_store_note_change (CfStore    *self,
                       const char *kind_name,
                       const char *record_id)
{
  GPtrArray *ids = g_hash_table_lookup (self->pending_changes, kind_name);

  if (ids == NULL)
    {
      ids = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (self->pending_changes, (gpointer) kind_name, ids);
    }
  g_ptr_array_add (ids, g_strdup (record_id));
}

gboolean
_cf_store_insert_record (CfStore  *self,
                         CfOp     *op,
                         GError  **error)
{
  const CfKind *kind = op->kind;
  g_autoptr (GString) columns = g_string_new ("id, created_at, created_by, updated_at, updated_by");
  g_autoptr (GString) values = g_string_new ("?, ?, ?, ?, ?");
  g_autoptr (CfStatement) stmt = NULL;
  int rc;

  for (guint i = 0; i < kind->n_fields; i++)
    {
      g_string_append_printf (columns, ", %s", kind->fields[i].name);
      g_string_append (values, ", ?");
    }

  stmt = cf_store_prepare (self, _cf_store_kind_sql ("INSERT INTO %s (%s) VALUES (%s)",
                                           kind->table, columns->str, values->str), error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, op->record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, op->created_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, op->author, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, op->created_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, op->author, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < kind->n_fields; i++)
    bind_value (stmt, 6 + i, &kind->fields[i],
                json_object_get_member (op->set, kind->fields[i].name));

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (self, rc, error);

  return TRUE;
}

gboolean
_cf_store_update_record (CfStore     *self,
                         CfOp        *op,
                         GError     **error)
{
  const CfKind *kind = op->kind;
  g_autoptr (CfStatement) stmt = NULL;
  guint64 mask = 0;
  int column = 3;
  int rc;

  g_assert (kind->n_fields < 63);

  /* The fields in the registry's order, so one statement serves every
   * patch of the same fields whatever order they were set in.
   */
  for (guint i = 0; i < kind->n_fields; i++)
    if (json_object_has_member (op->set, kind->fields[i].name))
      mask |= G_GUINT64_CONSTANT (1) << i;
  if (json_object_has_member (op->set, "deleted"))
    mask |= UPDATE_DELETED;

  stmt = prepare_update (self, kind, mask, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, op->created_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, op->author, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < kind->n_fields; i++)
    if (mask & (G_GUINT64_CONSTANT (1) << i))
      bind_value (stmt, column++, &kind->fields[i],
                  json_object_get_member (op->set, kind->fields[i].name));
  if (mask & UPDATE_DELETED)
    sqlite3_bind_int (stmt, column++,
                      json_object_get_boolean_member (op->set, "deleted") ? 1 : 0);
  sqlite3_bind_text (stmt, column, op->record_id, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return cf_store_set_sqlite_error (self, rc, error);

  return TRUE;
}

static gboolean
append_to_op_log (CfStore  *self,
                  CfOp     *op,
                  GError  **error)
{
  g_autoptr (CfStatement) stmt = NULL;
  g_autofree char *changes = cf_op_changes_to_json (op);
  gint64 last_seq;
  int rc;

  last_seq = _cf_store_query_integer (self, "SELECT COALESCE (MAX (device_seq), 0) FROM op_log", error);
  if (last_seq < 0)
    return FALSE;

  stmt = cf_store_prepare (self,
                           "INSERT INTO op_log (device_seq, op_id, author, kind, record_id, "
                           "action, base_rev, changes, created_at, undoes, author_seq) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                           "  (SELECT COALESCE (MAX (author_seq), 0) + 1 FROM op_log "
                           "   WHERE author = ?3))", error);
  if (stmt == NULL)
    return FALSE;

  op->device_seq = last_seq + 1;
  op->op_id = cf_uuid_new_v7 ();
  sqlite3_bind_int64 (stmt, 1, op->device_seq);
  sqlite3_bind_text (stmt, 2, op->op_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, op->author, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, op->kind->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, op->record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, cf_op_action_to_string (op->action), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, op->base_rev);
  sqlite3_bind_text (stmt, 8, changes, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, op->created_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, op->undoes, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      g_clear_pointer (&op->op_id, g_free);
      op->device_seq = 0;
      return cf_store_set_sqlite_error (self, rc, error);
    }

  return TRUE;
}

static gboolean
apply_create (CfStore  *self,
              CfOp     *op,
              GError  **error)
{
  const CfKind *kind = op->kind;
  g_autoptr (GList) members = json_object_get_members (op->set);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      if (cf_kind_lookup_field (kind, l->data) == NULL)
        {
          g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                       _("“%s” is not a field of this record."), (const char *) l->data);
          return FALSE;
        }
    }

  for (guint i = 0; i < kind->n_fields; i++)
    {
      const CfField *field = &kind->fields[i];

      /* A new record is active unless said otherwise. */
      if (field->type == CF_FIELD_BOOLEAN && !json_object_has_member (op->set, field->name))
        json_object_set_boolean_member (op->set, field->name, g_str_equal (field->name, "active"));

      if (!_cf_store_validate_field (self, kind, field, json_object_get_member (op->set, field->name),
                           op->record_id, error))
        return FALSE;
    }

  if (!cf_kind_check_new_id (kind, op->record_id, op->set, error))
    return FALSE;

  op->base_rev = 0;
  return _cf_store_insert_record (self, op, error);
}

static gboolean
apply_patch (CfStore     *self,
             CfOp        *op,
             JsonObject  *current,
             GError     **error)
{
  const CfKind *kind = op->kind;
  g_autoptr (GList) members = json_object_get_members (op->set);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const CfField *field = cf_kind_lookup_field (kind, name);
      JsonNode *value = json_object_get_member (op->set, name);
      JsonNode *old = json_object_get_member (current, name);

      if (field == NULL)
        {
          g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_INVALID,
                       _("“%s” is not a field of this record."), name);
          return FALSE;
        }

      /* An unchanged field is dropped: the op carries only real changes. */
      if (json_node_equal (value, old))
        {
          json_object_remove_member (op->set, name);
          continue;
        }

      if (!cf_field_check_change (field, error) ||
          !_cf_store_validate_field (self, kind, field, value, op->record_id, error))
        return FALSE;
      json_object_set_member (op->base, name, json_node_copy (old));
    }

  if (json_object_get_size (op->set) == 0)
    return TRUE;

  return _cf_store_update_record (self, op, error);
}

static gboolean
apply_tombstone (CfStore     *self,
                 CfOp        *op,
                 JsonObject  *current,
                 gboolean     deleted,
                 GError     **error)
{
  if (json_object_get_boolean_member (current, "deleted") == deleted)
    return TRUE;

  json_object_set_boolean_member (op->set, "deleted", deleted);
  json_object_set_boolean_member (op->base, "deleted", !deleted);
  return _cf_store_update_record (self, op, error);
}

/**
 * cf_store_check_conflict_patch:
 *
 * A conflict is resolved by patching its status and resolution, which only
 * a role that may patch the conflicting record may do; the versions it
 * keeps never change. Checked on the desktop and on the server alike.
 */
gboolean
cf_store_check_conflict_patch (CfStore  *self,
                               CfOp     *op,
                               CfRole    role,
                               GError  **error)
{
  g_autoptr (JsonObject) conflict = NULL;
  g_autoptr (GList) members = json_object_get_members (op->set);
  const CfKind *target;

  for (const GList *l = members; l != NULL; l = l->next)
    {
      if (!g_str_equal (l->data, "status") && !g_str_equal (l->data, "resolution"))
        return set_error (error, CF_STORE_ERROR_INVALID,
                          _("Only the status and resolution of a conflict may change."));
    }

  conflict = cf_store_get_record (self, "conflict", op->record_id, error);
  if (conflict == NULL)
    return FALSE;
  target = cf_registry_lookup (json_object_get_string_member (conflict, "record_kind"));
  if (target == NULL || !cf_kind_allows (target, CF_OP_PATCH, role))
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN,
                   _("Your role (%s) may not make this change."), cf_role_get_label (role));
      return FALSE;
    }

  return TRUE;
}

/* Why a record of an append-only kind cannot be changed: the store's
 * refusal and the server's answer say the same.
 */
const char *
cf_store_immutable_message (void)
{
  return _("This is part of a record that cannot be changed once written. "
           "Add a correction instead.");
}

static gboolean
apply_one (CfStore     *self,
           const char  *author,
           CfRole       role,
           gboolean     bootstrap,
           const char  *now,
           CfOp        *op,
           GError     **error)
{
  g_autoptr (JsonObject) current = NULL;
  gboolean ok;

  g_return_val_if_fail (op->op_id == NULL, FALSE);

  if (op->kind->append_only && op->action != CF_OP_CREATE)
    return set_error (error, CF_STORE_ERROR_IMMUTABLE, cf_store_immutable_message ());

  /* Any user records their own signing keys (cf_signing_is_own_key_patch ()). */
  if (!bootstrap && !cf_kind_allows (op->kind, op->permission_action, role) &&
      !cf_signing_is_own_key_patch (op, author))
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FORBIDDEN,
                   _("Your role (%s) may not make this change."), cf_role_get_label (role));
      return FALSE;
    }

  if (!bootstrap && !cf_kind_check_values (op->kind, op->set, role, error))
    return FALSE;

  if (!bootstrap && op->action == CF_OP_PATCH && g_str_equal (op->kind->name, "conflict") &&
      !cf_store_check_conflict_patch (self, op, role, error))
    return FALSE;

  g_free (op->author);
  op->author = g_strdup (author);
  g_free (op->created_at);
  op->created_at = g_strdup (now);

  /* The rules of escalations, rush repairs and handovers, as the server
   * checks them; an addendum's signature is checked against its author.
   */
  if (!bootstrap && !_cf_case_check_op (self, op, role, error))
    return FALSE;

  if (op->action != CF_OP_CREATE)
    {
      current = cf_store_get_record (self, op->kind->name, op->record_id, error);
      if (current == NULL)
        return FALSE;
      if (op->action == CF_OP_PATCH && json_object_get_boolean_member (current, "deleted"))
        return set_error (error, CF_STORE_ERROR_NOT_FOUND, _("The record no longer exists."));
      op->base_rev = json_object_get_int_member (current, "rev");
    }

  switch (op->action)
    {
    case CF_OP_CREATE:
      ok = apply_create (self, op, error);
      break;
    case CF_OP_PATCH:
      ok = apply_patch (self, op, current, error);
      break;
    case CF_OP_DELETE:
      ok = apply_tombstone (self, op, current, TRUE, error);
      break;
    case CF_OP_RESTORE:
      ok = apply_tombstone (self, op, current, FALSE, error);
      break;
    case CF_N_OP_ACTIONS:
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    return FALSE;

  /* Nothing changed, nothing to log. */
  if (op->action != CF_OP_CREATE && json_object_get_size (op->set) == 0)
    return TRUE;

  if (!append_to_op_log (self, op, error))
    return FALSE;

  _cf_store_note_change (self, op->kind->name, op->record_id);
  return TRUE;
}

static gboolean
apply_ops (CfStore     *self,
           const char  *author,
           gboolean     bootstrap,
           CfOp * const *ops,
           guint        n_ops,
           GError     **error)
{
  gboolean own_transaction = sqlite3_get_autocommit (self->db);
  /* one batch, one moment */
  g_autofree char *now = self->clock != NULL ? g_strdup (self->clock) : cf_utc_now_iso ();
  CfRole role = CF_ROLE_AGENT;

  if (!bootstrap && !cf_store_get_author_role (self, author, &role))
    return set_error (error, CF_STORE_ERROR_FORBIDDEN,
                      _("Changes can only be made by a signed-in, active user."));

  if (own_transaction && !cf_store_begin (self, error))
    return FALSE;

  for (guint i = 0; i < n_ops; i++)
    {
      if (!apply_one (self, author, role, bootstrap, now, ops[i], error))
        {
          if (own_transaction)
            cf_store_rollback (self);
          for (guint j = 0; j <= i; j++)
            {
              g_clear_pointer (&ops[j]->op_id, g_free);
              ops[j]->device_seq = 0;
            }
          return FALSE;
        }
    }

  if (own_transaction && !cf_store_commit (self, error))
    {
      cf_store_rollback (self);
      return FALSE;
    }

  return TRUE;
}

/**
 * cf_store_apply:
 * @author: the id of the signed-in user making the change
 * @ops: (array length=n_ops): the ops, applied in order
 *
 * The single write path. Each op is checked against the registry (the
 * author's role, field types and limits, references, uniqueness), written,
 * and appended to the op log; all @ops commit together or not at all. When
 * called inside a transaction opened with cf_store_begin(), the ops join it
 * and, on failure, the caller rolls that transaction back.
 */
gboolean
cf_store_apply (CfStore      *self,
                const char   *author,
                CfOp * const *ops,
                guint         n_ops,
                GError      **error)
{
  g_return_val_if_fail (CF_IS_STORE (self), FALSE);
  g_return_val_if_fail (author != NULL, FALSE);

  return apply_ops (self, author, FALSE, ops, n_ops, error);
}

/**
 * cf_store_apply_system:
 *
 * Like cf_store_apply(), for changes made by whoever runs the server
 * (callfloor-server init and user): the op log names CF_SYSTEM_AUTHOR and
 * no role is checked, as the operator already holds the database file.
 */
gboolean
cf_store_apply_system (CfStore      *self,
                       CfOp * const *ops,
                       guint         n_ops,
                       GError      **error)
{
  g_return_val_if_fail (CF_IS_STORE (self), FALSE);

  return apply_ops (self, CF_SYSTEM_AUTHOR, TRUE, ops, n_ops, error);
}

/**
 * cf_store_apply_bootstrap:
 *
 * Like cf_store_apply(), for the one moment no user exists yet: creating
 * the first supervisor of a new database. Refused once any user exists.
 */
gboolean
cf_store_apply_bootstrap (CfStore      *self,
                          const char   *author,
                          CfOp * const *ops,
                          guint         n_ops,
                          GError      **error)
{
  g_return_val_if_fail (CF_IS_STORE (self), FALSE);

  if (cf_store_count (self, "SELECT COUNT(*) FROM app_user") != 0)
    return set_error (error, CF_STORE_ERROR_FORBIDDEN,
                      _("This database already has users; sign in to make changes."));

  return apply_ops (self, author, TRUE, ops, n_ops, error);
}

/* The action of the change an undo chain started from: undoing an undo
 * (a redo) makes that change again, so it needs the same permission.
 */
static CfOpAction
original_action (CfStore    *self,
                 const char *op_id,
                 CfOpAction  action)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (self,
                      "WITH RECURSIVE chain (op_id, action, undoes) AS ("
                      "  SELECT op_id, action, undoes FROM op_log WHERE op_id = ? "
                      "  UNION "
                      "  SELECT o.op_id, o.action, o.undoes FROM op_log o "
                      "  JOIN chain c ON o.op_id = c.undoes) "
                      "SELECT action FROM chain WHERE undoes IS NULL",
                      NULL);
  CfOpAction original;

  if (stmt == NULL)
    return action;
  sqlite3_bind_text (stmt, 1, op_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW ||
      !cf_op_action_from_string ((const char *) sqlite3_column_text (stmt, 0), &original))
    return action;

  return original;
}

static CfOp *
inverse_of_logged_op (CfStore     *self,
                      const char  *op_id,
                      GError     **error)
{
  g_autoptr (CfStatement) stmt =
    cf_store_prepare (self, "SELECT kind, record_id, action, changes FROM op_log WHERE op_id = ?",
                      error);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (CfOp) inverse = NULL;
  const char *kind_name;
  const char *record_id;
  CfOpAction action;
  JsonObject *changes;
  JsonObject *set;
  JsonObject *base;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, op_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        set_error (error, CF_STORE_ERROR_NOT_FOUND, _("There is nothing to undo."));
      else
        cf_store_set_sqlite_error (self, rc, error);
      return NULL;
    }

  kind_name = (const char *) sqlite3_column_text (stmt, 0);
  record_id = (const char *) sqlite3_column_text (stmt, 1);
  if (!cf_op_action_from_string ((const char *) sqlite3_column_text (stmt, 2), &action) ||
      !json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 3), -1, NULL))
    {
      set_error (error, CF_STORE_ERROR_CORRUPT, _("The change log entry cannot be read."));
      return NULL;
    }
  changes = json_node_get_object (json_parser_get_root (parser));
  set = json_object_get_object_member (changes, "set");
  base = json_object_get_object_member (changes, "base");

  switch (action)
    {
    case CF_OP_CREATE:
      /* A record named by its natural key (a roster cell) stays: undoing
       * its making empties it, as clearing does.
       */
      if (cf_registry_lookup (kind_name)->natural_key != NULL)
        {
          const CfKind *kind = cf_registry_lookup (kind_name);
          g_autoptr (JsonObject) empty = json_object_new ();

          for (guint i = 0; i < kind->n_fields; i++)
            {
              if ((kind->fields[i].flags & (CF_FIELD_REQUIRED | CF_FIELD_FIXED)) == 0)
                json_object_set_null_member (empty, kind->fields[i].name);
            }
          inverse = _cf_op_new (CF_OP_PATCH, kind_name, record_id, empty);
          break;
        }
      G_GNUC_FALLTHROUGH;
    case CF_OP_RESTORE:
      inverse = _cf_op_new (CF_OP_DELETE, kind_name, record_id, NULL);
      break;
    case CF_OP_DELETE:
      inverse = _cf_op_new (CF_OP_RESTORE, kind_name, record_id, NULL);
      break;
    case CF_OP_PATCH:
      {
        g_autoptr (JsonObject) current = cf_store_get_record (self, kind_name, record_id, error);
        g_autoptr (GList) members = json_object_get_members (set);

        if (current == NULL)
          return NULL;
        /* Undo puts back the old values only where nobody changed them since. */
        for (const GList *l = members; l != NULL; l = l->next)
          {
            if (!json_node_equal (json_object_get_member (set, l->data),
                                  json_object_get_member (current, l->data)))
              {
                set_error (error, CF_STORE_ERROR_CHANGED,
                           _("This cannot be undone: the record has been changed since."));
                return NULL;
              }
          }
        inverse = _cf_op_new (CF_OP_PATCH, kind_name, record_id, base);
      }
      break;
    case CF_N_OP_ACTIONS:
    default:
      g_assert_not_reached ();
    }

  /* Undoing is allowed to whoever may make the change being undone; redoing,
   * to whoever may make the change first made.
   */
  inverse->permission_action = original_action (self, op_id, action);
  inverse->undoes = g_strdup (op_id);

  return g_steal_pointer (&inverse);
}

/**
 * cf_store_undo:
 * @op_ids: the ops to undo, in the order they were applied
 *
 * Applies the inverse of each op as new ops, newest first, through the same
 * path as any change, in one transaction.
 *
 * Returns: (transfer container) (element-type CfOp): the ops that undid
 *   them (undo those to redo), or %NULL with @error set.
 */
GPtrArray *
cf_store_undo (CfStore             *self,
               const char          *author,
               const char * const  *op_ids,
               GError             **error)
{
  g_autoptr (GPtrArray) inverses = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_op_unref);
  guint n;

  g_return_val_if_fail (CF_IS_STORE (self), NULL);
  g_return_val_if_fail (op_ids != NULL, NULL);

  n = g_strv_length ((char **) op_ids);
  if (!cf_store_begin (self, error))
    return NULL;

  for (guint i = n; i > 0; i--)
    {
      CfOp *inverse = inverse_of_logged_op (self, op_ids[i - 1], error);

      if (inverse == NULL ||
          !apply_ops (self, author, FALSE, &inverse, 1, error))
        {
          g_clear_pointer (&inverse, cf_op_unref);
          cf_store_rollback (self);
          return NULL;
        }
      g_ptr_array_add (inverses, inverse);
    }

  if (!cf_store_commit (self, error))
    {
      cf_store_rollback (self);
      return NULL;
    }

  return g_steal_pointer (&inverses);
}
