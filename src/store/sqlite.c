/*
 * The SQLite backend: one connection per handle, in WAL mode so that
 * readers (the web pages) do not wait for the writer (the workers).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "store/internal.h"

/* How long a statement waits for another process's write lock. */
#define SQLITE_BUSY_MS 10000

struct store_row {
	sqlite3_stmt *stmt;
};

/* sqlite3_open's "unable to open database file" does not say why; the
 * usual reason is the directory, so look at it. */
static void
open_error(const char *path, const char *msg, char *err, size_t errlen)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	struct stat sb;

	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if (stat(dir, &sb) != 0)
		snprintf(err, errlen, "sqlite %s: %s (directory %s: %s)", path,
		    msg, dir, strerror(errno));
	else if (!S_ISDIR(sb.st_mode))
		snprintf(err, errlen, "sqlite %s: %s (%s is not a directory)",
		    path, msg, dir);
	else
		snprintf(err, errlen, "sqlite %s: %s", path, msg);
}

static int
sq_open(struct store *st, const char *url, char *err, size_t errlen)
{
	static const char setup[] =
	    "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = NORMAL;"
	    "PRAGMA foreign_keys = ON;";
	const char *path = url;
	sqlite3 *db = NULL;
	char *msg = NULL;
	int rc;

	if (strncmp(path, "sqlite:", 7) == 0)
		path += 7;
	if (*path == '\0') {
		snprintf(err, errlen, "sqlite: no file name in \"%s\"", url);
		return -1;
	}
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		open_error(path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc),
		    err, errlen);
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, SQLITE_BUSY_MS);
	if (sqlite3_exec(db, setup, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "sqlite %s: %s", path,
		    msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		sqlite3_close(db);
		return -1;
	}
	st->db = db;
	return 0;
}

static void
sq_close(struct store *st)
{
	sqlite3_close(st->db);
	st->db = NULL;
}

/* Parameters are named "$1", "$2"... in the SQL text; look each up by
 * name, since SQLite numbers them by first appearance. */
static int
sq_bind(sqlite3 *db, sqlite3_stmt *stmt, const struct store_param *p,
    size_t np)
{
	char name[24];
	size_t k;
	int idx, rc;

	for (k = 0; k < np; k++) {
		snprintf(name, sizeof(name), "$%zu", k + 1);
		idx = sqlite3_bind_parameter_index(stmt, name);
		if (idx == 0)
			continue;        /* not used by this statement */
		if (p[k].type == STORE_P_INT)
			rc = sqlite3_bind_int64(stmt, idx, p[k].i);
		else if (p[k].s == NULL)
			rc = sqlite3_bind_null(stmt, idx);
		else
			rc = sqlite3_bind_text(stmt, idx, p[k].s, -1,
			    SQLITE_STATIC);
		if (rc != SQLITE_OK) {
			store_seterr("sqlite bind %s: %s", name,
			    sqlite3_errmsg(db));
			return -1;
		}
	}
	return 0;
}

static int64_t
sq_exec(struct store *st, const char *sql, const struct store_param *p,
    size_t np, store_row_fn fn, void *arg)
{
	sqlite3 *db = st->db;
	sqlite3_stmt *stmt = NULL;
	struct store_row row;
	int64_t rows = 0;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		store_seterr("sqlite: %s", sqlite3_errmsg(db));
		return -1;
	}
	if (sq_bind(db, stmt, p, np) != 0) {
		sqlite3_finalize(stmt);
		return -1;
	}
	row.stmt = stmt;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		rows++;
		if (fn != NULL && fn(arg, &row) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		store_seterr("sqlite: %s", sqlite3_errmsg(db));
		sqlite3_finalize(stmt);
		return -1;
	}
	/* A statement that returns no rows reports the rows it changed. */
	if (sqlite3_column_count(stmt) == 0)
		rows = sqlite3_changes64(db);
	sqlite3_finalize(stmt);
	return rows;
}

static int
sq_script(struct store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		store_seterr("sqlite: %s", msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static const char *
sq_col_text(const struct store_row *row, int i)
{
	return (const char *)sqlite3_column_text(row->stmt, i);
}

static int64_t
sq_col_int(const struct store_row *row, int i)
{
	return sqlite3_column_int64(row->stmt, i);
}

const struct store_backend store_sqlite_backend = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.exec = sq_exec,
	.script = sq_script,
	.col_text = sq_col_text,
	.col_int = sq_col_int,
	.sql_begin = "BEGIN IMMEDIATE",
	.sql_for_update = "",
	.sql_skip_locked = "",
	.sql_migrate_lock = NULL,
	.sql_claim_cand =
	    "SELECT j.job_id, r.user_name, r.submitted, j.request_id,"
	    " j.order_key FROM requests r, jobs j"
	    " WHERE r.status = 'running' AND j.job_id IN"
	    "  (SELECT k.job_id FROM jobs k WHERE k.request_id = r.id"
	    "   AND k.state = 'queued' ORDER BY k.order_key LIMIT $1)",
	.pg_migrations = 0,
};
