/*
 * The PostgreSQL backend: one libpq connection per handle. Rows come in
 * single-row mode, so walking every report with its JSON does not first
 * load them all into memory. Parameters go as text with their types
 * given (text or int8), which lets "$2 IS NULL" be typed.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "store/internal.h"

#define PG_TEXTOID 25
#define PG_INT8OID 20

struct store_row {
	const PGresult *res;
};

/* libpq's messages end in a newline (and may span lines); keep the first
 * line, since ours are one-line messages. */
static const char *
pg_msg(const char *msg, char *buf, size_t len)
{
	size_t n = strcspn(msg, "\n");

	snprintf(buf, len, "%.*s", (int)n, msg);
	return buf;
}

/* NOTICEs such as "relation already exists, skipping" are not errors;
 * libpq would print them on stderr. */
static void
pg_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static int
pg_open(struct store *st, const char *url, char *err, size_t errlen)
{
	PGconn *conn = PQconnectdb(url);
	char buf[512];

	if (conn == NULL) {
		snprintf(err, errlen, "postgresql: out of memory");
		return -1;
	}
	if (PQstatus(conn) != CONNECTION_OK) {
		snprintf(err, errlen, "postgresql: %s",
		    pg_msg(PQerrorMessage(conn), buf, sizeof(buf)));
		PQfinish(conn);
		return -1;
	}
	PQsetNoticeProcessor(conn, pg_notice, NULL);
	st->db = conn;
	return 0;
}

static void
pg_close(struct store *st)
{
	PQfinish(st->db);
	st->db = NULL;
}

/* A connection lost between calls (server restart) is opened again; one
 * lost inside a transaction is not, or the transaction's remaining
 * statements would run on their own: they fail until its ROLLBACK. */
static int
pg_ready(struct store *st)
{
	PGconn *conn = st->db;
	char buf[512];

	if (PQstatus(conn) == CONNECTION_OK)
		return 0;
	if (st->in_tx) {
		store_seterr("postgresql: connection lost in a transaction");
		return -1;
	}
	PQreset(conn);
	if (PQstatus(conn) == CONNECTION_OK)
		return 0;
	store_seterr("postgresql: %s",
	    pg_msg(PQerrorMessage(conn), buf, sizeof(buf)));
	return -1;
}

static void
pg_result_error(PGconn *conn, const PGresult *res)
{
	char buf[512];
	const char *msg = res ? PQresultErrorMessage(res) : "";

	if (*msg == '\0')
		msg = PQerrorMessage(conn);
	store_seterr("postgresql: %s", pg_msg(msg, buf, sizeof(buf)));
}

struct pg_params {
	Oid *types;
	const char **values;
	char (*ints)[24];
};

static void
pg_params_free(struct pg_params *pp)
{
	free(pp->types);
	free(pp->values);
	free(pp->ints);
}

static int
pg_params_make(struct pg_params *pp, const struct store_param *p, size_t np)
{
	size_t k;

	memset(pp, 0, sizeof(*pp));
	if (np == 0)
		return 0;
	pp->types = calloc(np, sizeof(*pp->types));
	pp->values = calloc(np, sizeof(*pp->values));
	pp->ints = calloc(np, sizeof(*pp->ints));
	if (pp->types == NULL || pp->values == NULL || pp->ints == NULL) {
		pg_params_free(pp);
		store_seterr("postgresql: out of memory");
		return -1;
	}
	for (k = 0; k < np; k++) {
		if (p[k].type == STORE_P_INT) {
			snprintf(pp->ints[k], sizeof(pp->ints[k]), "%" PRId64,
			    p[k].i);
			pp->types[k] = PG_INT8OID;
			pp->values[k] = pp->ints[k];
		} else {
			pp->types[k] = PG_TEXTOID;
			pp->values[k] = p[k].s;
		}
	}
	return 0;
}

/* Read the results of the statement sent: rows one by one, then the
 * final status. After fn asked to stop, the rest is read and dropped. */
static int64_t
pg_collect(PGconn *conn, store_row_fn fn, void *arg)
{
	struct store_row row;
	PGresult *res;
	int64_t rows = 0;
	int stop = 0, failed = 0;

	while ((res = PQgetResult(conn)) != NULL) {
		switch (PQresultStatus(res)) {
		case PGRES_SINGLE_TUPLE:
			rows++;
			row.res = res;
			if (!stop && !failed && fn != NULL && fn(arg, &row))
				stop = 1;
			break;
		case PGRES_TUPLES_OK:
			break;
		case PGRES_COMMAND_OK:
			if (!failed)
				rows = strtoll(PQcmdTuples(res), NULL, 10);
			break;
		default:
			if (!failed)
				pg_result_error(conn, res);
			failed = 1;
			break;
		}
		PQclear(res);
	}
	return failed ? -1 : rows;
}

static int64_t
pg_exec(struct store *st, const char *sql, const struct store_param *p,
    size_t np, store_row_fn fn, void *arg)
{
	PGconn *conn = st->db;
	struct pg_params pp;
	int64_t rows;

	if (np > 65535) {
		store_seterr("postgresql: %zu parameters", np);
		return -1;
	}
	if (pg_ready(st) != 0 || pg_params_make(&pp, p, np) != 0)
		return -1;
	if (!PQsendQueryParams(conn, sql, (int)np, pp.types, pp.values, NULL,
	    NULL, 0)) {
		pg_result_error(conn, NULL);
		pg_params_free(&pp);
		return -1;
	}
	pg_params_free(&pp);
	if (!PQsetSingleRowMode(conn)) {
		pg_result_error(conn, NULL);
		(void)pg_collect(conn, NULL, NULL);
		return -1;
	}
	rows = pg_collect(conn, fn, arg);
	return rows;
}

static int
pg_script(struct store *st, const char *sql)
{
	PGresult *res;
	int rc = 0;

	if (pg_ready(st) != 0)
		return -1;
	res = PQexec(st->db, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK) {
		pg_result_error(st->db, res);
		rc = -1;
	}
	PQclear(res);
	return rc;
}

static const char *
pg_col_text(const struct store_row *row, int i)
{
	if (PQgetisnull(row->res, 0, i))
		return NULL;
	return PQgetvalue(row->res, 0, i);
}

static int64_t
pg_col_int(const struct store_row *row, int i)
{
	if (PQgetisnull(row->res, 0, i))
		return 0;
	return strtoll(PQgetvalue(row->res, 0, i), NULL, 10);
}

const struct store_backend store_pg_backend = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.script = pg_script,
	.col_text = pg_col_text,
	.col_int = pg_col_int,
	.sql_begin = "BEGIN",
	.sql_for_update = " FOR UPDATE",
	.sql_skip_locked = " FOR UPDATE OF j SKIP LOCKED",
	.sql_migrate_lock = "SELECT pg_advisory_xact_lock(7594237411)",
	.sql_claim_cand =
	    "SELECT k.job_id, r.user_name, r.submitted, k.request_id,"
	    " k.order_key FROM requests r CROSS JOIN LATERAL"
	    " (SELECT j.job_id, j.request_id, j.order_key FROM jobs j"
	    "  WHERE j.request_id = r.id AND j.state = 'queued'"
	    "  ORDER BY j.order_key LIMIT $1) k"
	    " WHERE r.status = 'running'",
	.pg_migrations = 1,
};
