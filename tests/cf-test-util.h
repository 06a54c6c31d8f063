/* cf-test-util.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cf-store.h"

G_BEGIN_DECLS

char    *cf_test_make_dir                   (char      **out_db_path);
GSubprocess *cf_test_start_server           (const char  *folder,
                                             const char  *database,
                                             const char  *extra_config,
                                             guint       *port);
char    *cf_test_tls_file                   (const char  *name);
char    *cf_test_tls_config                 (void);
void     cf_test_remove_tree                (const char *path);
GBytes  *cf_test_read_file                  (const char *path);

GBytes  *cf_test_get_supervised_template    (const char *name,
                                             const char *employee_no,
                                             const char *login,
                                             const char *password);
CfStore *cf_test_open_supervised_store      (const char *path,
                                             const char *name,
                                             const char *employee_no,
                                             const char *login,
                                             const char *password);
void     cf_test_clear_supervised_templates (void);

/* A test's own database file whose only user is a first supervisor (a
 * manager), with an employee number outside the demo's 1001… range.
 */
#define CF_TEST_SUPERVISOR_NAME  "Ada Supervisor"
#define CF_TEST_SUPERVISOR_NO    "9001"
#define CF_TEST_SUPERVISOR_LOGIN "ada"
#define CF_TEST_PASSWORD         "correct horse battery"

typedef struct
{
  char    *dir;
  char    *path;
  CfStore *store;
  char    *supervisor_id;
  guint    n_commits;     /* write transactions committed on store */
} CfTestSupervisedFixture;

void     cf_test_supervised_set_up          (CfTestSupervisedFixture *f,
                                             gconstpointer            data);
void     cf_test_supervised_tear_down       (CfTestSupervisedFixture *f,
                                             gconstpointer            data);
const char *cf_test_password_hash           (const char *password);
void     cf_test_clear_caches               (void);

char    *cf_test_query_text                 (CfStore    *store,
                                             const char *sql,
                                             const char *parameter);
gint64   cf_test_query_integer              (CfStore    *store,
                                             const char *sql,
                                             const char *parameter);

char    *cf_test_create_record              (CfStore    *store,
                                             const char *author,
                                             const char *kind,
                                             JsonObject *values);
char    *cf_test_create_team                (CfStore    *store,
                                             const char *author,
                                             const char *name);
char    *cf_test_create_signing_user        (CfStore    *store,
                                             const char *author,
                                             const char *employee_no,
                                             const char *role,
                                             const char *name,
                                             const char *login,
                                             const char *password);
void     cf_test_apply_ops                  (CfStore    *store,
                                             const char *author,
                                             GPtrArray  *ops,
                                             GError     *build_error);

/* What callfloor_sync_rewrite () says on a connection of a test's own. */
typedef enum
{
  CF_TEST_REWRITE_UNSET,   /* not defined: as another program has it */
  CF_TEST_REWRITE_NEVER,   /* the triggers hold, as outside the sync path */
  CF_TEST_REWRITE_ALWAYS,  /* the triggers are set aside, as the sync path does */
} CfTestRewrite;

sqlite3 *cf_test_open_raw                   (const char    *path,
                                             CfTestRewrite  rewrite);
void     cf_test_set_rewrite                (sqlite3       *db,
                                             CfTestRewrite  rewrite);

JsonObject *cf_test_get_record              (CfStore    *store,
                                             const char *kind,
                                             const char *record_id);
char    *cf_test_record_string              (CfStore    *store,
                                             const char *kind,
                                             const char *record_id,
                                             const char *field);
gint64   cf_test_record_rev                 (CfStore    *store,
                                             const char *kind,
                                             const char *record_id);
gboolean cf_test_record_deleted             (CfStore    *store,
                                             const char *kind,
                                             const char *record_id);

gboolean cf_test_wait_until                 (gboolean  (*condition) (gpointer),
                                             gpointer    data,
                                             guint       seconds);

char    *cf_test_run_tool                   (const char * const *argv);
char    *cf_test_squeeze                    (const char *text);
guint    cf_test_count_files                (const char *dir);

G_END_DECLS
