/*
 * store internals: what a backend provides to store.c.
 *
 * The backends differ in how they talk to their database, hardly in what
 * they say: SQLite 3.40 and PostgreSQL 15 both speak the SQL used here
 * (window functions, RETURNING, ON CONFLICT), so every query lives once,
 * in store.c, and a backend is a thin const vtable that runs one statement
 * with bound parameters and hands back its rows. Parameters are written
 * $1, $2 ... in the SQL text for both (SQLite takes "$1" as a named
 * parameter); data is never pasted into SQL. Where the dialects do differ
 * (row locks, how to begin a write transaction) the backend gives the
 * fragment.
 *
 * Locking: store.c takes the handle's mutex around every public call; a
 * backend's functions run under it and need no lock of their own.
 */
#ifndef UTD_STORE_INTERNAL_H
#define UTD_STORE_INTERNAL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

enum store_ptype { STORE_P_TEXT, STORE_P_INT };

/* One bound parameter: text (NULL is SQL NULL) or a 64-bit integer. */
struct store_param {
	enum store_ptype type;
	const char *s;
	int64_t i;
};

#define P_TEXT(v) ((struct store_param){ .type = STORE_P_TEXT, .s = (v) })
#define P_INT(v)  ((struct store_param){ .type = STORE_P_INT, .i = (v) })

/* A backend's cursor on one result row; only valid in the row callback. */
struct store_row;
/* Nonzero stops the statement (its remaining rows are discarded). */
typedef int (*store_row_fn)(void *arg, const struct store_row *row);

struct store_backend {
	const char *name;
	/* Connect to url (after the scheme check), filling st->db. */
	int (*open)(struct store *st, const char *url, char *err,
	    size_t errlen);
	void (*close)(struct store *st);
	/* Run one statement; fn (may be NULL) gets each row. Returns the
	 * number of rows changed (or returned, for a query), or -1 with
	 * store_seterr called. */
	int64_t (*exec)(struct store *st, const char *sql,
	    const struct store_param *p, size_t np, store_row_fn fn,
	    void *arg);
	/* Several statements without parameters (the migrations). */
	int (*script)(struct store *st, const char *sql);
	/* Column i of the row: text (NULL for SQL NULL), or as an integer
	 * (0 for NULL). */
	const char *(*col_text)(const struct store_row *row, int i);
	int64_t (*col_int)(const struct store_row *row, int i);

	/* Starts a write transaction; SQLite's IMMEDIATE takes the write
	 * lock at once instead of failing to upgrade later. */
	const char *sql_begin;
	/* Appended to a SELECT of rows about to be changed, so that several
	 * processes on one PostgreSQL never take the same job or lose a
	 * request's last update; SQLite locks the whole file instead. */
	const char *sql_for_update;      /* " FOR UPDATE" */
	const char *sql_skip_locked;     /* " FOR UPDATE OF j SKIP LOCKED" */
	/* The first $1 queued jobs of each running request, as columns
	 * job_id, user_name, submitted, request_id, order_key: each a short
	 * index range. PostgreSQL plans this well only as a LATERAL join,
	 * which SQLite 3.40 lacks. */
	const char *sql_claim_cand;
	/* Serialises concurrent migrations inside their transaction. */
	const char *sql_migrate_lock;
	/* Take the pg text of each migration (see migrations.h). */
	int pg_migrations;
};

struct store {
	const struct store_backend *be;
	pthread_mutex_t lock;
	void *db;                        /* sqlite3 * or PGconn * */
	int version;                     /* schema version after open */
	int in_tx;                       /* inside BEGIN ... COMMIT */
};

extern const struct store_backend store_sqlite_backend;
extern const struct store_backend store_pg_backend;

/* The calling thread's error message, as store_error returns it. */
void store_seterr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
