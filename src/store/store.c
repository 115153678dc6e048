/*
 * store: the queries, the same for both backends (see internal.h), and
 * what surrounds them: the URL dispatch, the migrations, the handle's
 * lock, the thread's last error and the random ids.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <openssl/rand.h>

#include "store/internal.h"
#include "store/migrations.h"

/* Jobs inserted per statement by store_request_add: few round trips,
 * and far below both backends' limits on parameters. */
#define STORE_JOBS_PER_INSERT 100

/* "running" but not yet "done": the statuses a cancel still changes. */
#define SQL_REQ_ACTIVE "('registering', 'running', 'generating')"

static _Thread_local char store_errbuf[512];

void
store_seterr(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(store_errbuf, sizeof(store_errbuf), fmt, ap);
	va_end(ap);
}

const char *
store_error(struct store *st)
{
	(void)st;
	return store_errbuf[0] ? store_errbuf : "no error";
}

/* Copy a column into a fixed field; a longer value is cut (the fields
 * are sized for what the store writes). */
static void
copy_field(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

/* 2*n lowercase hex characters from n random bytes. */
static int
random_hex(char *out, size_t outlen, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char buf[32];
	size_t i;

	if (n > sizeof(buf) || outlen < 2 * n + 1)
		return -1;
	if (RAND_bytes(buf, (int)n) != 1) {
		store_seterr("store: no random bytes for an id");
		return -1;
	}
	for (i = 0; i < n; i++) {
		out[2 * i] = hex[buf[i] >> 4];
		out[2 * i + 1] = hex[buf[i] & 15];
	}
	out[2 * n] = '\0';
	return 0;
}

static int
new_id(char id[STORE_ID_MAX])
{
	return random_hex(id, STORE_ID_MAX, (STORE_ID_MAX - 1) / 2);
}

/* The lock checks for errors, so that a callback calling the store on its
 * own handle gets an error instead of hanging forever. */
static int
store_lock(struct store *st)
{
	int e = pthread_mutex_lock(&st->lock);

	if (e == EDEADLK) {
		store_seterr("store: called from its own callback");
		return -1;
	}
	if (e != 0) {
		store_seterr("store: lock failed (%d)", e);
		return -1;
	}
	return 0;
}

static void
store_unlock(struct store *st)
{
	pthread_mutex_unlock(&st->lock);
}

static int64_t
q(struct store *st, const char *sql, const struct store_param *p,
    size_t np, store_row_fn fn, void *arg)
{
	return st->be->exec(st, sql, p, np, fn, arg);
}

static int
tx_begin(struct store *st)
{
	if (q(st, st->be->sql_begin, NULL, 0, NULL, NULL) < 0)
		return -1;
	st->in_tx = 1;
	return 0;
}

static int
tx_commit(struct store *st)
{
	if (q(st, "COMMIT", NULL, 0, NULL, NULL) < 0)
		return -1;
	st->in_tx = 0;
	return 0;
}

/* Keeps the error that made us roll back. */
static void
tx_rollback(struct store *st)
{
	char saved[sizeof(store_errbuf)];

	memcpy(saved, store_errbuf, sizeof(saved));
	(void)q(st, "ROLLBACK", NULL, 0, NULL, NULL);
	st->in_tx = 0;
	memcpy(store_errbuf, saved, sizeof(saved));
}

/* Ends a transaction by rc: commit on 0 or 1, roll back on -1. */
static int
tx_end(struct store *st, int rc)
{
	if (rc < 0) {
		tx_rollback(st);
		return rc;
	}
	if (tx_commit(st) != 0) {
		tx_rollback(st);
		return -1;
	}
	return rc;
}

/* SQL text plus a backend's fragment (a row lock clause). */
static const char *
sql_with(char *buf, size_t len, const char *sql, const char *tail)
{
	snprintf(buf, len, "%s%s", sql, tail);
	return buf;
}

struct int_arg {
	struct store *st;
	int64_t v;
};

static int
row_int(void *arg, const struct store_row *row)
{
	struct int_arg *a = arg;

	a->v = a->st->be->col_int(row, 0);
	return 1;
}

/* The first column of the first row as an integer: 1 when there is no
 * row, -1 on error. */
static int
q_int(struct store *st, const char *sql, const struct store_param *p,
    size_t np, int64_t *v)
{
	struct int_arg a = { st, 0 };
	int64_t n = q(st, sql, p, np, row_int, &a);

	if (n < 0)
		return -1;
	if (n == 0)
		return 1;
	*v = a.v;
	return 0;
}

struct text_arg {
	struct store *st;
	char *buf;
	size_t len;
	int toolong;
};

static int
row_text(void *arg, const struct store_row *row)
{
	struct text_arg *a = arg;
	const char *s = a->st->be->col_text(row, 0);

	if (s == NULL)
		s = "";
	if (strlen(s) >= a->len)
		a->toolong = 1;
	else
		memcpy(a->buf, s, strlen(s) + 1);
	return 1;
}

/* --- open, migrations ------------------------------------------------------ */

static int
migrate_step(struct store *st, int *finished)
{
	const struct store_migration *m = NULL;
	int64_t cur = 0;
	size_t k;
	int rc;

	if (tx_begin(st) != 0)
		return -1;
	if (st->be->sql_migrate_lock != NULL &&
	    q(st, st->be->sql_migrate_lock, NULL, 0, NULL, NULL) < 0)
		return tx_end(st, -1);
	if (q(st, "CREATE TABLE IF NOT EXISTS schema_version"
	    " (version INTEGER NOT NULL)", NULL, 0, NULL, NULL) < 0)
		return tx_end(st, -1);
	rc = q_int(st, "SELECT COALESCE(MAX(version), 0) FROM schema_version",
	    NULL, 0, &cur);
	if (rc != 0)
		return tx_end(st, -1);
	for (k = 0; k < STORE_N_MIGRATIONS; k++) {
		if (store_migrations[k].version > cur) {
			m = &store_migrations[k];
			break;
		}
	}
	st->version = (int)cur;
	if (m == NULL) {
		if (cur > store_migrations[STORE_N_MIGRATIONS - 1].version) {
			store_seterr("store: the schema is version %" PRId64
			    ", newer than this uptodate knows (%d)", cur,
			    store_migrations[STORE_N_MIGRATIONS - 1].version);
			return tx_end(st, -1);
		}
		*finished = 1;
		return tx_end(st, 0);
	}
	if (st->be->script(st, st->be->pg_migrations ? m->pg : m->sqlite) != 0) {
		store_seterr("store: migration %d: %s", m->version,
		    store_error(st));
		return tx_end(st, -1);
	}
	if (q(st, "INSERT INTO schema_version (version) VALUES ($1)",
	    (struct store_param[]){ P_INT(m->version) }, 1, NULL, NULL) < 0)
		return tx_end(st, -1);
	if (tx_end(st, 0) != 0)
		return -1;
	st->version = m->version;
	return 0;
}

static int
migrate(struct store *st)
{
	int finished = 0;

	while (!finished)
		if (migrate_step(st, &finished) != 0)
			return -1;
	return 0;
}

static const struct store_backend *
backend_for(const char *url)
{
	if (strncmp(url, "postgres://", 11) == 0 ||
	    strncmp(url, "postgresql://", 13) == 0)
		return &store_pg_backend;
	return &store_sqlite_backend;
}

struct store *
store_open(const char *url, char *err, size_t errlen)
{
	pthread_mutexattr_t attr;
	struct store *st;

	if ((st = calloc(1, sizeof(*st))) == NULL) {
		snprintf(err, errlen, "store: out of memory");
		return NULL;
	}
	st->be = backend_for(url);
	if (st->be->open(st, url, err, errlen) != 0) {
		free(st);
		return NULL;
	}
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&st->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	if (migrate(st) != 0) {
		snprintf(err, errlen, "%s", store_errbuf);
		store_close(st);
		return NULL;
	}
	return st;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	st->be->close(st);
	pthread_mutex_destroy(&st->lock);
	free(st);
}

int
store_schema_version(struct store *st)
{
	return st->version;
}

/* --- reports --------------------------------------------------------------- */

#define REPORT_COLS "id, domain, type, score, ok, version, created"

void
store_report_clear(struct store_report *r)
{
	free(r->json);
	r->json = NULL;
}

/* Columns first.. of a row in REPORT_COLS order, then json when
 * with_json. json points into the row (copy it to keep it). */
static void
report_from_row(struct store *st, const struct store_row *row, int first,
    int with_json, struct store_report *r)
{
	const struct store_backend *be = st->be;

	memset(r, 0, sizeof(*r));
	copy_field(r->id, sizeof(r->id), be->col_text(row, first));
	copy_field(r->domain, sizeof(r->domain), be->col_text(row, first + 1));
	copy_field(r->type, sizeof(r->type), be->col_text(row, first + 2));
	r->score = (int)be->col_int(row, first + 3);
	r->ok = (int)be->col_int(row, first + 4);
	copy_field(r->version, sizeof(r->version), be->col_text(row, first + 5));
	r->created = be->col_int(row, first + 6);
	if (with_json)
		r->json = (char *)be->col_text(row, first + 7);
}

static int
report_insert(struct store *st, const char *id, const char *domain,
    const char *type, int score, int ok, const char *version,
    const char *json, int64_t created)
{
	if (q(st, "INSERT INTO reports (id, domain, type, score, ok, version,"
	    " created, json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
	    (struct store_param[]){ P_TEXT(id), P_TEXT(domain), P_TEXT(type),
	    P_INT(score), P_INT(ok ? 1 : 0), P_TEXT(version), P_INT(created),
	    P_TEXT(json) }, 8, NULL, NULL) < 0)
		return -1;
	return 0;
}

int
store_report_add(struct store *st, const char *domain, const char *type,
    int score, int ok, const char *version, const char *json, int64_t created,
    char id[STORE_ID_MAX])
{
	int rc;

	if (new_id(id) != 0)
		return -1;
	if (store_lock(st) != 0)
		return -1;
	rc = report_insert(st, id, domain, type, score, ok, version, json,
	    created);
	store_unlock(st);
	return rc;
}

struct report_one {
	struct store *st;
	struct store_report *r;
	int oom;
};

static int
row_report_one(void *arg, const struct store_row *row)
{
	struct report_one *a = arg;

	report_from_row(a->st, row, 0, 1, a->r);
	if (a->r->json != NULL && (a->r->json = strdup(a->r->json)) == NULL)
		a->oom = 1;
	return 1;
}

static int
report_one(struct store *st, const char *sql, const struct store_param *p,
    size_t np, struct store_report *r)
{
	struct report_one a = { st, r, 0 };
	int64_t n;

	memset(r, 0, sizeof(*r));
	if (store_lock(st) != 0)
		return -1;
	n = q(st, sql, p, np, row_report_one, &a);
	store_unlock(st);
	if (a.oom) {
		store_seterr("store: out of memory");
		return -1;
	}
	if (n < 0)
		return -1;
	return n == 0 ? 1 : 0;
}

int
store_report_get(struct store *st, const char *id, struct store_report *r)
{
	return report_one(st, "SELECT " REPORT_COLS ", json FROM reports"
	    " WHERE id = $1", (struct store_param[]){ P_TEXT(id) }, 1, r);
}

int
store_report_recent(struct store *st, const char *domain, const char *type,
    int64_t since, struct store_report *r)
{
	return report_one(st, "SELECT " REPORT_COLS ", json FROM reports"
	    " WHERE domain = $1 AND type = $2 AND created >= $3"
	    " ORDER BY created DESC, id DESC LIMIT 1",
	    (struct store_param[]){ P_TEXT(domain), P_TEXT(type),
	    P_INT(since) }, 3, r);
}

struct report_walk {
	struct store *st;
	int with_json;
	store_report_cb cb;
	void *arg;
};

static int
row_report_walk(void *arg, const struct store_row *row)
{
	struct report_walk *a = arg;
	struct store_report r;

	report_from_row(a->st, row, 0, a->with_json, &r);
	return a->cb(a->arg, &r);
}

#define EACH_WHERE \
	" WHERE ($1 IS NULL OR type = $1) AND created >= $2" \
	" AND ($3 = 0 OR created < $3)"
/* Newest of each (domain, type) among the reports in the range. */
#define EACH_LATEST(COLS, JSON, JOIN) \
	"SELECT " COLS JSON " FROM (SELECT " REPORT_COLS "," \
	" ROW_NUMBER() OVER (PARTITION BY domain, type" \
	"  ORDER BY created DESC, id DESC) AS rn" \
	" FROM reports" EACH_WHERE ") t" JOIN \
	" WHERE t.rn = 1 ORDER BY t.created, t.id"
#define T_COLS "t.id, t.domain, t.type, t.score, t.ok, t.version, t.created"

int
store_reports_each(struct store *st, const char *type, int latest,
    int with_json, int64_t since, int64_t until, store_report_cb cb, void *arg)
{
	static const char *const sql[2][2] = {
		{ "SELECT " REPORT_COLS " FROM reports" EACH_WHERE
		      " ORDER BY created, id",
		  "SELECT " REPORT_COLS ", json FROM reports" EACH_WHERE
		      " ORDER BY created, id" },
		{ EACH_LATEST(T_COLS, "", ""),
		  EACH_LATEST(T_COLS, ", r.json",
		      " JOIN reports r ON r.id = t.id") },
	};
	struct report_walk a = { st, with_json, cb, arg };
	int64_t n;

	if (store_lock(st) != 0)
		return -1;
	n = q(st, sql[latest != 0][with_json != 0],
	    (struct store_param[]){ P_TEXT(type), P_INT(since), P_INT(until) },
	    3, row_report_walk, &a);
	store_unlock(st);
	return n < 0 ? -1 : 0;
}

/* The newest report of each (domain, type), kept when it scores 100. */
#define HOF_BEST \
	"WITH newest AS (SELECT " REPORT_COLS "," \
	"  ROW_NUMBER() OVER (PARTITION BY domain, type" \
	"   ORDER BY created DESC, id DESC) AS rn" \
	"  FROM reports WHERE type IN ('web', 'mail'))," \
	" best AS (SELECT " REPORT_COLS " FROM newest" \
	"  WHERE rn = 1 AND score = 100 AND ok = 1) "

int
store_hall_of_fame(struct store *st, const char *type, size_t limit,
    store_report_cb cb, void *arg)
{
	/* Champions are listed by when they became one: the later of the
	 * two reports. */
	static const char champions[] = HOF_BEST
	    "SELECT w.id, w.domain, w.type, w.score, w.ok, w.version, w.created"
	    " FROM best w JOIN best m ON m.domain = w.domain AND m.type = 'mail'"
	    " WHERE w.type = 'web'"
	    " ORDER BY CASE WHEN m.created > w.created THEN m.created"
	    "  ELSE w.created END DESC, w.domain LIMIT $2";
	static const char one[] = HOF_BEST
	    "SELECT " REPORT_COLS " FROM best WHERE type = $1"
	    " ORDER BY created DESC, domain LIMIT $2";
	struct report_walk a = { st, 0, cb, arg };
	int64_t n, lim = limit == 0 || limit > INT64_MAX ? INT64_MAX :
	    (int64_t)limit;

	if (type == NULL) {
		store_seterr("store: hall of fame of no type");
		return -1;
	}
	if (store_lock(st) != 0)
		return -1;
	n = q(st, strcmp(type, "champions") == 0 ? champions : one,
	    (struct store_param[]){ P_TEXT(type), P_INT(lim) }, 2,
	    row_report_walk, &a);
	store_unlock(st);
	return n < 0 ? -1 : 0;
}

/* --- batch users ----------------------------------------------------------- */

int
store_user_add(struct store *st, const char *name, const char *hash)
{
	int64_t n;

	if (store_lock(st) != 0)
		return -1;
	n = q(st, "INSERT INTO users (name, hash, created) VALUES ($1, $2, $3)"
	    " ON CONFLICT (name) DO NOTHING",
	    (struct store_param[]){ P_TEXT(name), P_TEXT(hash),
	    P_INT((int64_t)time(NULL)) }, 3, NULL, NULL);
	store_unlock(st);
	if (n == 0)
		store_seterr("exists");
	return n == 1 ? 0 : -1;
}

/* The unfinished requests of user (NULL: the one request id) are
 * cancelled and their queued jobs dropped. */
static int
cancel_active(struct store *st, const char *user, const char *id,
    int64_t now)
{
	struct store_param p[] = { P_TEXT(user), P_TEXT(id), P_INT(now) };

	if (q(st, "UPDATE jobs SET state = 'dropped' WHERE state = 'queued'"
	    " AND request_id IN (SELECT id FROM requests"
	    "  WHERE ($1 IS NULL OR user_name = $1)"
	    "  AND ($2 IS NULL OR id = $2) AND status IN " SQL_REQ_ACTIVE ")",
	    p, 2, NULL, NULL) < 0)
		return -1;
	if (q(st, "UPDATE requests SET status = 'cancelled', finished = $3"
	    " WHERE ($1 IS NULL OR user_name = $1) AND ($2 IS NULL OR id = $2)"
	    " AND status IN " SQL_REQ_ACTIVE, p, 3, NULL, NULL) < 0)
		return -1;
	return 0;
}

int
store_user_del(struct store *st, const char *name)
{
	int64_t n;
	int rc;

	if (store_lock(st) != 0)
		return -1;
	if (tx_begin(st) != 0) {
		store_unlock(st);
		return -1;
	}
	rc = cancel_active(st, name, NULL, (int64_t)time(NULL));
	if (rc == 0) {
		n = q(st, "DELETE FROM users WHERE name = $1",
		    (struct store_param[]){ P_TEXT(name) }, 1, NULL, NULL);
		rc = n < 0 ? -1 : n == 0 ? 1 : 0;
	}
	if (rc == 1)             /* no such user: nothing to cancel either */
		tx_rollback(st);
	else
		rc = tx_end(st, rc);
	store_unlock(st);
	return rc;
}

int
store_user_get(struct store *st, const char *name, char *hash,
    size_t hashlen)
{
	struct text_arg a = { st, hash, hashlen, 0 };
	int64_t n;

	if (store_lock(st) != 0)
		return -1;
	n = q(st, "SELECT hash FROM users WHERE name = $1",
	    (struct store_param[]){ P_TEXT(name) }, 1, row_text, &a);
	store_unlock(st);
	if (n < 0)
		return -1;
	if (n == 0)
		return 1;
	if (a.toolong) {
		store_seterr("store: the hash of %s is longer than %zu", name,
		    hashlen - 1);
		return -1;
	}
	return 0;
}

struct user_walk {
	struct store *st;
	store_user_cb cb;
	void *arg;
};

static int
row_user(void *arg, const struct store_row *row)
{
	struct user_walk *a = arg;

	return a->cb(a->arg, a->st->be->col_text(row, 0),
	    a->st->be->col_int(row, 1));
}

int
store_user_list(struct store *st, store_user_cb cb, void *arg)
{
	struct user_walk a = { st, cb, arg };
	int64_t n;

	if (store_lock(st) != 0)
		return -1;
	n = q(st, "SELECT name, created FROM users ORDER BY name", NULL, 0,
	    row_user, &a);
	store_unlock(st);
	return n < 0 ? -1 : 0;
}

/* --- batch requests -------------------------------------------------------- */

/* The jobs of domains[first..first+n), one INSERT: the SQL has only
 * placeholders, the data is bound. */
static int
insert_jobs(struct store *st, const char *id, const char *type,
    const char *const *domains, size_t first, size_t n)
{
	struct store_param p[2 + 3 * STORE_JOBS_PER_INSERT];
	uint64_t keys[STORE_JOBS_PER_INSERT];
	char sql[64 + 48 * STORE_JOBS_PER_INSERT];
	size_t i, np = 2, off;

	if (RAND_bytes((unsigned char *)keys, (int)(n * sizeof(keys[0]))) != 1) {
		store_seterr("store: no random bytes for the job order");
		return -1;
	}
	off = (size_t)snprintf(sql, sizeof(sql), "INSERT INTO jobs (request_id,"
	    " type, domain, position, order_key, state) VALUES");
	p[0] = P_TEXT(id);
	p[1] = P_TEXT(type);
	for (i = 0; i < n; i++) {
		off += (size_t)snprintf(sql + off, sizeof(sql) - off,
		    "%s ($1, $2, $%zu, $%zu, $%zu, 'queued')", i ? "," : "",
		    np + 1, np + 2, np + 3);
		p[np++] = P_TEXT(domains[first + i]);
		p[np++] = P_INT((int64_t)(first + i));
		p[np++] = P_INT((int64_t)(keys[i] >> 1));
	}
	return q(st, sql, p, np, NULL, NULL) < 0 ? -1 : 0;
}

int
store_request_add(struct store *st, const char *user, const char *name,
    const char *type, const char *const *domains, size_t n, int64_t now,
    char id[STORE_ID_MAX])
{
	size_t i, chunk;
	int rc;

	if (new_id(id) != 0)
		return -1;
	if (store_lock(st) != 0)
		return -1;
	if (tx_begin(st) != 0) {
		store_unlock(st);
		return -1;
	}
	/* Without domains there is nothing to wait for. */
	rc = q(st, "INSERT INTO requests (id, user_name, name, type, status,"
	    " submitted, finished)"
	    " VALUES ($1, $2, $3, $4, $5, $6, NULLIF($7, 0))",
	    (struct store_param[]){ P_TEXT(id), P_TEXT(user), P_TEXT(name),
	    P_TEXT(type), P_TEXT(n ? STORE_REQ_RUNNING : STORE_REQ_DONE),
	    P_INT(now), P_INT(n ? 0 : now) }, 7, NULL, NULL) < 0 ? -1 : 0;
	for (i = 0; rc == 0 && i < n; i += chunk) {
		chunk = n - i < STORE_JOBS_PER_INSERT ? n - i :
		    STORE_JOBS_PER_INSERT;
		rc = insert_jobs(st, id, type, domains, i, chunk);
	}
	rc = tx_end(st, rc);
	store_unlock(st);
	return rc;
}

#define REQUEST_COLS \
	"r.id, r.user_name, r.name, r.type, r.status, r.submitted," \
	" r.finished," \
	" (SELECT COUNT(*) FROM jobs j WHERE j.request_id = r.id)," \
	" (SELECT COUNT(*) FROM jobs j WHERE j.request_id = r.id" \
	"  AND j.state IN ('done', 'dropped'))"

static void
request_from_row(struct store *st, const struct store_row *row,
    struct store_request *rq)
{
	const struct store_backend *be = st->be;

	memset(rq, 0, sizeof(*rq));
	copy_field(rq->id, sizeof(rq->id), be->col_text(row, 0));
	copy_field(rq->user, sizeof(rq->user), be->col_text(row, 1));
	copy_field(rq->name, sizeof(rq->name), be->col_text(row, 2));
	copy_field(rq->type, sizeof(rq->type), be->col_text(row, 3));
	copy_field(rq->status, sizeof(rq->status), be->col_text(row, 4));
	rq->submitted = be->col_int(row, 5);
	rq->finished = be->col_int(row, 6);
	rq->n_domains = (size_t)be->col_int(row, 7);
	rq->n_done = (size_t)be->col_int(row, 8);
}

struct request_walk {
	struct store *st;
	store_request_cb cb;
	void *arg;
	struct store_request *one;
};

static int
row_request(void *arg, const struct store_row *row)
{
	struct request_walk *a = arg;
	struct store_request rq;

	if (a->one != NULL) {
		request_from_row(a->st, row, a->one);
		return 1;
	}
	request_from_row(a->st, row, &rq);
	return a->cb(a->arg, &rq);
}

int
store_request_get(struct store *st, const char *user, const char *id,
    struct store_request *rq)
{
	struct request_walk a = { st, NULL, NULL, rq };
	int64_t n;

	memset(rq, 0, sizeof(*rq));
	if (store_lock(st) != 0)
		return -1;
	n = q(st, "SELECT " REQUEST_COLS " FROM requests r"
	    " WHERE r.id = $1 AND ($2 IS NULL OR r.user_name = $2)",
	    (struct store_param[]){ P_TEXT(id), P_TEXT(user) }, 2,
	    row_request, &a);
	store_unlock(st);
	if (n < 0)
		return -1;
	return n == 0 ? 1 : 0;
}

int
store_request_list(struct store *st, const char *user, size_t limit,
    store_request_cb cb, void *arg)
{
	struct request_walk a = { st, cb, arg, NULL };
	int64_t n, lim = limit == 0 || limit > INT64_MAX ? INT64_MAX :
	    (int64_t)limit;

	if (store_lock(st) != 0)
		return -1;
	n = q(st, "SELECT " REQUEST_COLS " FROM requests r"
	    " WHERE ($1 IS NULL OR r.user_name = $1)"
	    " ORDER BY r.submitted DESC, r.id DESC LIMIT $2",
	    (struct store_param[]){ P_TEXT(user), P_INT(lim) }, 2,
	    row_request, &a);
	store_unlock(st);
	return n < 0 ? -1 : 0;
}

static int
request_cancel_tx(struct store *st, const char *user, const char *id,
    int64_t now)
{
	char sql[256];
	int64_t n;

	/* Locks the request against a concurrent job_done (PostgreSQL). */
	n = q(st, sql_with(sql, sizeof(sql), "SELECT id FROM requests"
	    " WHERE id = $1 AND ($2 IS NULL OR user_name = $2)",
	    st->be->sql_for_update),
	    (struct store_param[]){ P_TEXT(id), P_TEXT(user) }, 2, NULL, NULL);
	if (n <= 0)
		return n < 0 ? -1 : 1;
	return cancel_active(st, NULL, id, now);
}

int
store_request_cancel(struct store *st, const char *user, const char *id,
    int64_t now)
{
	int rc;

	if (store_lock(st) != 0)
		return -1;
	if (tx_begin(st) != 0) {
		store_unlock(st);
		return -1;
	}
	rc = tx_end(st, request_cancel_tx(st, user, id, now));
	store_unlock(st);
	return rc;
}

/* --- jobs ------------------------------------------------------------------ */

/* Job ids bound per statement by the calls taking a list of jobs. */
#define STORE_IDS_PER_STMT 100
/* Expired jobs handled per transaction by store_jobs_expire: short
 * transactions, a bounded buffer. */
#define STORE_EXPIRE_BATCH 100
/* Retries of store_slot_take after another process took the slot it
 * chose (PostgreSQL only; see there). */
#define STORE_SLOT_RETRIES 4

/*
 * Runs sql_head followed by "($k, ...)" for ids[0..n), in chunks of
 * STORE_IDS_PER_STMT; the fixed parameters p[0..np) come first. Adds the
 * rows changed to *changed.
 */
static int
exec_ids(struct store *st, const char *sql_head, const struct store_param *p,
    size_t np, const int64_t *ids, size_t n, int64_t *changed)
{
	struct store_param pp[8 + STORE_IDS_PER_STMT];
	char sql[512 + 8 * STORE_IDS_PER_STMT];
	size_t i, k, chunk, off;
	int64_t rows;

	if (np > 8) {
		store_seterr("store: %zu fixed parameters", np);
		return -1;
	}
	memcpy(pp, p, np * sizeof(*p));
	for (i = 0; i < n; i += chunk) {
		chunk = n - i < STORE_IDS_PER_STMT ? n - i : STORE_IDS_PER_STMT;
		off = (size_t)snprintf(sql, sizeof(sql), "%s (", sql_head);
		for (k = 0; k < chunk; k++) {
			off += (size_t)snprintf(sql + off, sizeof(sql) - off,
			    "%s$%zu", k ? ", " : "", np + k + 1);
			pp[np + k] = P_INT(ids[i + k]);
		}
		snprintf(sql + off, sizeof(sql) - off, ")");
		if ((rows = q(st, sql, pp, np + chunk, NULL, NULL)) < 0)
			return -1;
		*changed += rows;
	}
	return 0;
}

/*
 * The next jobs to run. Fair between users: a user's queued jobs are
 * numbered 1, 2, ... (oldest request first, each in its shuffled order)
 * and the user's running jobs are added, so a user with jobs in flight
 * waits for those without; ties go to the older request. Only each
 * running request's first $1 queued jobs can be among the first $1, so
 * only those are numbered (an index range each, not the whole queue);
 * the backend says how (cand: see internal.h).
 */
#define CLAIM_SQL \
	"WITH busy AS (SELECT r.user_name, COUNT(*) AS n" \
	"  FROM jobs j JOIN requests r ON r.id = j.request_id" \
	"  WHERE j.state = 'running' GROUP BY r.user_name)," \
	" cand AS (%s)," \
	" queue AS (SELECT c.job_id, c.user_name, c.submitted, c.request_id," \
	"  c.order_key, ROW_NUMBER() OVER (PARTITION BY c.user_name" \
	"   ORDER BY c.submitted, c.request_id, c.order_key) AS rn" \
	"  FROM cand c)" \
	" SELECT j.job_id, j.request_id, j.domain, j.type" \
	" FROM jobs j JOIN queue q ON q.job_id = j.job_id" \
	" LEFT JOIN busy b ON b.user_name = q.user_name" \
	" WHERE j.state = 'queued'" \
	" ORDER BY q.rn + COALESCE(b.n, 0), q.submitted, q.request_id," \
	"  q.order_key LIMIT $1"

struct claim_arg {
	struct store *st;
	struct store_job *jobs;
	size_t n;
};

/* A job from the columns job_id, request_id, domain, type. */
static void
job_from_row(const struct store_backend *be, const struct store_row *row,
    struct store_job *j)
{
	memset(j, 0, sizeof(*j));
	j->job_id = be->col_int(row, 0);
	copy_field(j->request_id, sizeof(j->request_id), be->col_text(row, 1));
	copy_field(j->domain, sizeof(j->domain), be->col_text(row, 2));
	copy_field(j->type, sizeof(j->type), be->col_text(row, 3));
}

static int
row_claim(void *arg, const struct store_row *row)
{
	struct claim_arg *a = arg;

	job_from_row(a->st->be, row, &a->jobs[a->n++]);
	return 0;
}

static int
claim_tx(struct store *st, const char *worker, struct store_job *jobs,
    size_t max, int64_t now, unsigned lease_s)
{
	struct claim_arg a = { st, jobs, 0 };
	char sql[sizeof(CLAIM_SQL) + 1024];
	int64_t ids[STORE_IDS_PER_STMT], changed = 0;
	size_t i, k;

	/* SKIP LOCKED: jobs another process is claiming are passed over;
	 * the rows stay locked until the commit below. */
	snprintf(sql, sizeof(sql), CLAIM_SQL "%s", st->be->sql_claim_cand,
	    st->be->sql_skip_locked);
	if (q(st, sql, (struct store_param[]){
	    P_INT((int64_t)max) }, 1, row_claim, &a) < 0)
		return -1;
	for (i = 0; i < a.n; i += k) {
		for (k = 0; k < STORE_IDS_PER_STMT && i + k < a.n; k++)
			ids[k] = jobs[i + k].job_id;
		if (exec_ids(st, "UPDATE jobs SET state = 'running',"
		    " claimed_at = $1, worker = $2, lease_until = $3,"
		    " attempts = attempts + 1 WHERE job_id IN",
		    (struct store_param[]){ P_INT(now), P_TEXT(worker),
		    P_INT(now + (int64_t)lease_s) }, 3, ids, k, &changed) != 0)
			return -1;
	}
	return (int)a.n;
}

int
store_jobs_claim(struct store *st, const char *worker,
    struct store_job *jobs, size_t max, int64_t now, unsigned lease_s)
{
	int rc;

	if (max == 0)
		return 0;
	if (max > INT32_MAX)
		max = INT32_MAX;
	if (store_lock(st) != 0)
		return -1;
	if (tx_begin(st) != 0) {
		store_unlock(st);
		return -1;
	}
	rc = tx_end(st, claim_tx(st, worker, jobs, max, now, lease_s));
	store_unlock(st);
	return rc;
}

int
store_jobs_renew(struct store *st, const char *worker,
    const int64_t *job_ids, size_t n, int64_t now, unsigned lease_s)
{
	int64_t held = 0;
	int rc;

	if (n == 0)
		return 0;
	if (store_lock(st) != 0)
		return -1;
	if (tx_begin(st) != 0) {
		store_unlock(st);
		return -1;
	}
	rc = exec_ids(st, "UPDATE jobs SET lease_until = $2"
	    " WHERE state = 'running' AND worker = $1 AND job_id IN",
	    (struct store_param[]){ P_TEXT(worker),
	    P_INT(now + (int64_t)lease_s) }, 2, job_ids, n, &held);
	rc = tx_end(st, rc);
	store_unlock(st);
	if (rc < 0)
		return -1;
	return held > INT32_MAX ? INT32_MAX : (int)held;
}

/*
 * Lock order, the same in every call that changes a job and its request
 * (finish, done, release, expire): the job's row first, then the
 * request's. The request's row lock orders the calls on one request's
 * jobs, so exactly one of them sees that no job is left, and a cancel
 * (which locks the request, then drops its queued jobs) either runs
 * before (the job is then dropped here) or after (it sees the job as
 * this call left it). SQLite locks the whole file instead.
 */

/* Locks the running job of worker; 1 when it is not (or no longer) the
 * worker's. */
static int
job_lock(struct store *st, int64_t job_id, const char *worker,
    char request_id[STORE_ID_MAX])
{
	struct text_arg a = { st, request_id, STORE_ID_MAX, 0 };
	char sql[256];
	int64_t n;

	n = q(st, sql_with(sql, sizeof(sql), "SELECT request_id FROM jobs"
	    " WHERE job_id = $1 AND state = 'running' AND worker = $2",
	    st->be->sql_for_update), (struct store_param[]){ P_INT(job_id),
	    P_TEXT(worker) }, 2, row_text, &a);
	if (n < 0)
		return -1;
	if (n == 0 || a.toolong)
		return 1;
	return 0;
}

/* Locks the request; 1 when it is cancelled, 0 when not. */
static int
request_lock(struct store *st, const char *request_id)
{
	char status[16] = "", sql[256];
	struct text_arg a = { st, status, sizeof(status), 0 };

	if (q(st, sql_with(sql, sizeof(sql), "SELECT status FROM requests"
	    " WHERE id = $1", st->be->sql_for_update),
	    (struct store_param[]){ P_TEXT(request_id) }, 1, row_text,
	    &a) < 0)
		return -1;
	return strcmp(status, STORE_REQ_CANCELLED) == 0;
}

/* The request is done when none of its jobs is queued or running. Call
 * with the request locked. */
static int
request_complete(struct store *st, const char *request_id, int64_t now)
{
	if (q(st, "UPDATE requests SET status = '" STORE_REQ_DONE "',"
	    " finished = $2 WHERE id = $1 AND status = '" STORE_REQ_RUNNING "'"
	    " AND NOT EXISTS (SELECT 1 FROM jobs WHERE request_id = $1"
	    "  AND state IN ('queued', 'running'))",
	    (struct store_param[]){ P_TEXT(request_id), P_INT(now) }, 2,
	    NULL, NULL) < 0)
		return -1;
	return 0;
}

static int
job_drop(struct store *st, int64_t job_id)
{
	if (q(st, "UPDATE jobs SET state = 'dropped', lease_until = NULL"
	    " WHERE job_id = $1", (struct store_param[]){ P_INT(job_id) }, 1,
	    NULL, NULL) < 0)
		return -1;
	return 0;
}

/* Marks the job done with report_id (NULL: without a report) and ends its
 * request when it was the last. */
static int
job_mark_done(struct store *st, int64_t job_id, const char *request_id,
    const char *report_id, int64_t now)
{
	if (q(st, "UPDATE jobs SET state = 'done', report_id = $2,"
	    " lease_until = NULL WHERE job_id = $1",
	    (struct store_param[]){ P_INT(job_id), P_TEXT(report_id) }, 2,
	    NULL, NULL) < 0)
		return -1;
	return request_complete(st, request_id, now);
}

/* What ends a job: a new report (json not NULL), an existing one
 * (report_id) or none. */
struct job_end {
	const char *domain, *type, *version, *json;
	int score, ok;
	const char *report_id;
	char *id;                     /* out: the new report's id, or "" */
};

static int
job_end_tx(struct store *st, int64_t job_id, const char *worker,
    struct job_end *e, int64_t now)
{
	char request_id[STORE_ID_MAX];
	int rc;

	if ((rc = job_lock(st, job_id, worker, request_id)) != 0)
		return rc;
	if ((rc = request_lock(st, request_id)) < 0)
		return -1;
	if (rc == 1)                  /* cancelled: the result is not wanted */
		return job_drop(st, job_id);
	if (e->json != NULL) {
		if (new_id(e->id) != 0 || report_insert(st, e->id, e->domain,
		    e->type, e->score, e->ok, e->version, e->json, now) != 0)
			return -1;
		e->report_id = e->id;
	}
	return job_mark_done(st, job_id, request_id, e->report_id, now);
}

static int
job_end(struct store *st, int64_t job_id, const char *worker,
    struct job_end *e, int64_t now)
{
	int rc;

	if (store_lock(st) != 0)
		return -1;
	if (tx_begin(st) != 0) {
		store_unlock(st);
		return -1;
	}
	rc = tx_end(st, job_end_tx(st, job_id, worker, e, now));
	store_unlock(st);
	return rc;
}

int
store_job_finish(struct store *st, int64_t job_id, const char *worker,
    const char *domain, const char *type, int score, int ok,
    const char *version, const char *json, int64_t now,
    char id[STORE_ID_MAX])
{
	struct job_end e = { domain, type, version, json, score, ok, NULL, id };
	int rc;

	id[0] = '\0';
	if (json == NULL) {
		store_seterr("store: a finished job without a report");
		return -1;
	}
	rc = job_end(st, job_id, worker, &e, now);
	if (rc != 0)
		id[0] = '\0';
	return rc;
}

int
store_job_done(struct store *st, int64_t job_id, const char *worker,
    const char *report_id, int64_t now)
{
	char unused[STORE_ID_MAX];
	struct job_end e = { NULL, NULL, NULL, NULL, 0, 0, report_id, unused };

	return job_end(st, job_id, worker, &e, now);
}

static int
job_release_tx(struct store *st, int64_t job_id, const char *worker)
{
	char request_id[STORE_ID_MAX];
	int rc;

	if ((rc = job_lock(st, job_id, worker, request_id)) != 0)
		return rc;
	if ((rc = request_lock(st, request_id)) < 0)
		return -1;
	if (rc == 1)
		return job_drop(st, job_id);
	if (q(st, "UPDATE jobs SET state = 'queued', worker = NULL,"
	    " lease_until = NULL, claimed_at = NULL,"
	    " attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END"
	    " WHERE job_id = $1", (struct store_param[]){ P_INT(job_id) }, 1,
	    NULL, NULL) < 0)
		return -1;
	return 0;
}

int
store_job_release(struct store *st, int64_t job_id, const char *worker)
{
	int rc;

	if (store_lock(st) != 0)
		return -1;
	if (tx_begin(st) != 0) {
		store_unlock(st);
		return -1;
	}
	rc = tx_end(st, job_release_tx(st, job_id, worker));
	store_unlock(st);
	return rc;
}

/* The report of a job whose workers were lost max_attempts times. NULL
 * when out of memory; the caller frees. */
static char *
lost_report_json(const char *domain, const char *type, int64_t attempts)
{
	char msg[200];
	json_t *o;
	char *s;

	snprintf(msg, sizeof(msg), "the test was started %" PRId64 " times"
	    " and each time its worker stopped renewing its lease (killed,"
	    " or its machine gone)", attempts);
	o = json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s}}",
	    "api_version", "2.0", "domain", domain, "test_type", type,
	    "status", "error", "error", "code", "worker_lost", "msg", msg);
	if (o == NULL)
		return NULL;
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

struct expired {
	struct store_job job;
	int64_t attempts;
};

struct expire_arg {
	struct store *st;
	struct expired *e;
	size_t n;
};

static int
row_expired(void *arg, const struct store_row *row)
{
	struct expire_arg *a = arg;
	struct expired *x = &a->e[a->n++];

	job_from_row(a->st->be, row, &x->job);
	x->attempts = a->st->be->col_int(row, 4);
	return a->n >= STORE_EXPIRE_BATCH;
}

/*
 * One batch of expired jobs, locked with SKIP LOCKED: a job another
 * process is finishing (or expiring) is left to it. Requests are locked
 * in request_id order, so two processes expiring at once cannot wait on
 * each other in a cycle. *n is set to the jobs seen.
 */
static int
expire_tx(struct store *st, struct expired *buf, int64_t now,
    unsigned max_attempts, const char *version, size_t *n)
{
	struct expire_arg a = { st, buf, 0 };
	char sql[512], id[STORE_ID_MAX], *json;
	const char *locked = "";
	int cancelled = 0, rc;
	size_t i;

	if (q(st, sql_with(sql, sizeof(sql), "SELECT j.job_id, j.request_id,"
	    " j.domain, j.type, j.attempts FROM jobs j"
	    " WHERE j.state = 'running' AND j.lease_until < $1"
	    " ORDER BY j.request_id, j.job_id LIMIT $2",
	    st->be->sql_skip_locked), (struct store_param[]){ P_INT(now),
	    P_INT(STORE_EXPIRE_BATCH) }, 2, row_expired, &a) < 0)
		return -1;
	*n = a.n;
	for (i = 0; i < a.n; i++) {
		struct store_job *x = &buf[i].job;
		int64_t attempts = buf[i].attempts;

		if (strcmp(locked, x->request_id) != 0) {
			if ((cancelled = request_lock(st, x->request_id)) < 0)
				return -1;
			locked = x->request_id;
		}
		if (cancelled) {
			rc = job_drop(st, x->job_id);
		} else if (attempts < (int64_t)max_attempts) {
			rc = q(st, "UPDATE jobs SET state = 'queued',"
			    " worker = NULL, lease_until = NULL,"
			    " claimed_at = NULL WHERE job_id = $1",
			    (struct store_param[]){ P_INT(x->job_id) }, 1,
			    NULL, NULL) < 0 ? -1 : 0;
		} else {
			if ((json = lost_report_json(x->domain, x->type,
			    attempts)) == NULL) {
				store_seterr("store: out of memory");
				return -1;
			}
			rc = new_id(id);
			if (rc == 0)
				rc = report_insert(st, id, x->domain, x->type,
				    -1, 0, version, json, now);
			free(json);
			if (rc == 0)
				rc = job_mark_done(st, x->job_id,
				    x->request_id, id, now);
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

int
store_jobs_expire(struct store *st, int64_t now, unsigned max_attempts,
    const char *version)
{
	struct expired *buf;
	size_t n = STORE_EXPIRE_BATCH;
	int64_t total = 0;
	int rc = 0;

	if ((buf = calloc(STORE_EXPIRE_BATCH, sizeof(*buf))) == NULL) {
		store_seterr("store: out of memory");
		return -1;
	}
	if (store_lock(st) != 0) {
		free(buf);
		return -1;
	}
	/* Each batch changes the state of every job it saw, so the next
	 * one sees others; a short batch was the last. */
	while (rc == 0 && n == STORE_EXPIRE_BATCH) {
		n = 0;
		if ((rc = tx_begin(st)) != 0)
			break;
		rc = tx_end(st, expire_tx(st, buf, now, max_attempts, version,
		    &n));
		if (rc == 0)
			total += (int64_t)n;
	}
	store_unlock(st);
	free(buf);
	if (rc != 0)
		return -1;
	return total > INT32_MAX ? INT32_MAX : (int)total;
}

int
store_jobs_requeue_running(struct store *st)
{
	int64_t n;

	if (store_lock(st) != 0)
		return -1;
	/* A cancelled request's jobs are not wanted any more. */
	n = q(st, "UPDATE jobs SET state = CASE WHEN (SELECT r.status"
	    "  FROM requests r WHERE r.id = jobs.request_id) = '"
	    STORE_REQ_CANCELLED "' THEN 'dropped' ELSE 'queued' END,"
	    " worker = NULL, lease_until = NULL, claimed_at = NULL"
	    " WHERE state = 'running'", NULL, 0, NULL, NULL);
	store_unlock(st);
	if (n > INT32_MAX)
		n = INT32_MAX;
	return (int)n;
}

struct counts_arg {
	struct store *st;
	struct store_counts *c;
};

static int
row_counts(void *arg, const struct store_row *row)
{
	static const struct {
		const char *what, *key;
		size_t off;
	} map[] = {
		{ "job", "queued", offsetof(struct store_counts, jobs_queued) },
		{ "job", "running", offsetof(struct store_counts, jobs_running) },
		{ "job", "done", offsetof(struct store_counts, jobs_done) },
		{ "job", "dropped", offsetof(struct store_counts, jobs_dropped) },
		{ "error", "", offsetof(struct store_counts, jobs_error) },
		{ "request", STORE_REQ_RUNNING,
		    offsetof(struct store_counts, requests_running) },
		{ "request", STORE_REQ_DONE,
		    offsetof(struct store_counts, requests_done) },
		{ "reports", "", offsetof(struct store_counts, reports) },
	};
	struct counts_arg *a = arg;
	const char *what = a->st->be->col_text(row, 0);
	const char *key = a->st->be->col_text(row, 1);
	int64_t n = a->st->be->col_int(row, 2);
	size_t i;

	if (what == NULL || key == NULL || n < 0)
		return 0;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].what, what) == 0 &&
		    strcmp(map[i].key, key) == 0)
			*(uint64_t *)((char *)a->c + map[i].off) = (uint64_t)n;
	return 0;
}

int
store_counts(struct store *st, struct store_counts *c)
{
	struct counts_arg a = { st, c };
	int64_t n;

	memset(c, 0, sizeof(*c));
	if (store_lock(st) != 0)
		return -1;
	n = q(st, "SELECT 'job', state, COUNT(*) FROM jobs GROUP BY state"
	    " UNION ALL SELECT 'request', status, COUNT(*) FROM requests"
	    "  WHERE status IN ('" STORE_REQ_RUNNING "', '" STORE_REQ_DONE "')"
	    "  GROUP BY status"
	    " UNION ALL SELECT 'error', '', COUNT(*) FROM jobs j"
	    "  JOIN reports p ON p.id = j.report_id"
	    "  WHERE j.state = 'done' AND p.ok = 0"
	    " UNION ALL SELECT 'reports', '', COUNT(*) FROM reports",
	    NULL, 0, row_counts, &a);
	store_unlock(st);
	return n < 0 ? -1 : 0;
}

/* --- shared results and politeness ----------------------------------------- */

int
store_cache_put(struct store *st, const char *key, const char *value,
    int64_t expires)
{
	int64_t n;

	if (store_lock(st) != 0)
		return -1;
	n = q(st, "INSERT INTO cache (key, value, expires) VALUES ($1, $2, $3)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
	    " expires = excluded.expires",
	    (struct store_param[]){ P_TEXT(key), P_TEXT(value),
	    P_INT(expires) }, 3, NULL, NULL);
	store_unlock(st);
	return n < 0 ? -1 : 0;
}

struct dup_arg {
	struct store *st;
	char *s;
	int oom;
};

static int
row_dup(void *arg, const struct store_row *row)
{
	struct dup_arg *a = arg;
	const char *s = a->st->be->col_text(row, 0);

	if ((a->s = strdup(s ? s : "")) == NULL)
		a->oom = 1;
	return 1;
}

int
store_cache_get(struct store *st, const char *key, int64_t now,
    char **value)
{
	struct dup_arg a = { st, NULL, 0 };
	int64_t n;

	*value = NULL;
	if (store_lock(st) != 0)
		return -1;
	n = q(st, "SELECT value FROM cache WHERE key = $1 AND expires > $2",
	    (struct store_param[]){ P_TEXT(key), P_INT(now) }, 2, row_dup, &a);
	store_unlock(st);
	if (a.oom) {
		store_seterr("store: out of memory");
		return -1;
	}
	if (n < 0) {
		free(a.s);
		return -1;
	}
	if (n == 0)
		return 1;
	*value = a.s;
	return 0;
}

int
store_cache_prune(struct store *st, int64_t now)
{
	int64_t n;

	if (store_lock(st) != 0)
		return -1;
	n = q(st, "DELETE FROM cache WHERE expires <= $1",
	    (struct store_param[]){ P_INT(now) }, 1, NULL, NULL);
	store_unlock(st);
	if (n > INT32_MAX)
		n = INT32_MAX;
	return (int)n;
}

/*
 * Taking a slot is one statement, atomic on both databases, so no
 * transaction is needed: the candidate is the lowest slot below max that
 * no live lease holds (0, or one above a held slot), and it is inserted,
 * or, when its row exists, taken over by ON CONFLICT DO UPDATE only if
 * that row's lease has ended. On PostgreSQL the conflicting row is locked
 * and its WHERE evaluated again on the newest version, so of two
 * processes choosing the same free slot one gets it and the other changes
 * nothing (0 rows): it then looks again, with a new snapshot, unless all
 * max are held. SQLite runs the statement under the file's write lock.
 * The table keeps a row per slot ever taken (give deletes its row).
 */
#define SLOT_TAKE_SQL \
	"INSERT INTO slots (dest, slot, holder, lease_until_ms)" \
	" SELECT $1, x.c, $3, $5 FROM (SELECT 0 AS c UNION ALL" \
	"  SELECT slot + 1 FROM slots WHERE dest = $1" \
	"  AND lease_until_ms > $4) x" \
	" WHERE x.c < $2 AND NOT EXISTS (SELECT 1 FROM slots s" \
	"  WHERE s.dest = $1 AND s.slot = x.c AND s.lease_until_ms > $4)" \
	" ORDER BY x.c LIMIT 1" \
	" ON CONFLICT (dest, slot) DO UPDATE SET holder = excluded.holder," \
	" lease_until_ms = excluded.lease_until_ms" \
	" WHERE slots.lease_until_ms <= $4" \
	" RETURNING slot"

int
store_slot_take(struct store *st, const char *dest, unsigned max,
    const char *holder, int64_t now_ms, int64_t lease_ms)
{
	struct store_param p[] = { P_TEXT(dest), P_INT((int64_t)max),
	    P_TEXT(holder), P_INT(now_ms), P_INT(now_ms + lease_ms) };
	int64_t slot = -1, held = 0;
	int tries, rc = -1;

	if (max == 0)
		return -1;
	if (store_lock(st) != 0)
		return -2;
	for (tries = 0; tries <= STORE_SLOT_RETRIES; tries++) {
		rc = q_int(st, SLOT_TAKE_SQL, p, 5, &slot);
		if (rc != 1)
			break;
		/* Nothing taken: all held, or another process was first. */
		rc = q_int(st, "SELECT COUNT(*) FROM slots WHERE dest = $1"
		    " AND slot < $2 AND lease_until_ms > $4", p, 4, &held);
		if (rc != 0 || held >= (int64_t)max) {
			rc = rc < 0 ? -1 : 1;
			break;
		}
		rc = 1;
	}
	store_unlock(st);
	if (rc < 0)
		return -2;
	return rc == 0 ? (int)slot : -1;
}

int
store_slot_give(struct store *st, const char *dest, int slot,
    const char *holder)
{
	int64_t n;

	if (store_lock(st) != 0)
		return -1;
	n = q(st, "DELETE FROM slots WHERE dest = $1 AND slot = $2"
	    " AND holder = $3", (struct store_param[]){ P_TEXT(dest),
	    P_INT(slot), P_TEXT(holder) }, 3, NULL, NULL);
	store_unlock(st);
	if (n < 0)
		return -1;
	return n == 0 ? 1 : 0;
}

int
store_slot_give_all(struct store *st, const char *holder)
{
	int64_t n;

	if (store_lock(st) != 0)
		return -1;
	n = q(st, "DELETE FROM slots WHERE holder = $1",
	    (struct store_param[]){ P_TEXT(holder) }, 1, NULL, NULL);
	store_unlock(st);
	if (n > INT32_MAX)
		n = INT32_MAX;
	return (int)n;
}

int
store_slot_renew(struct store *st, const char *holder, int64_t now_ms,
    int64_t lease_ms)
{
	int64_t n;

	if (store_lock(st) != 0)
		return -1;
	n = q(st, "UPDATE slots SET lease_until_ms = $2 WHERE holder = $1"
	    " AND lease_until_ms > $3",
	    (struct store_param[]){ P_TEXT(holder), P_INT(now_ms + lease_ms),
	    P_INT(now_ms) }, 3, NULL, NULL);
	store_unlock(st);
	if (n > INT32_MAX)
		n = INT32_MAX;
	return (int)n;
}

int
store_job_wanted(struct store *st, int64_t job_id)
{
	char status[16] = "";
	struct text_arg a = { st, status, sizeof(status), 0 };
	int64_t n;

	if (store_lock(st) != 0)
		return -1;
	n = q(st, "SELECT r.status FROM jobs j JOIN requests r"
	    " ON r.id = j.request_id WHERE j.job_id = $1",
	    (struct store_param[]){ P_INT(job_id) }, 1, row_text, &a);
	store_unlock(st);
	if (n < 0)
		return -1;
	return n > 0 && strcmp(status, STORE_REQ_CANCELLED) != 0;
}

struct result_walk {
	struct store *st;
	int with_json;
	store_result_cb cb;
	void *arg;
};

static int
row_result(void *arg, const struct store_row *row)
{
	struct result_walk *a = arg;
	struct store_report r;
	const char *domain = a->st->be->col_text(row, 0);

	if (a->st->be->col_text(row, 1) == NULL)
		return a->cb(a->arg, domain, NULL);
	report_from_row(a->st, row, 1, a->with_json, &r);
	return a->cb(a->arg, domain, &r);
}

#define RESULTS_SQL(JSON) \
	"SELECT j.domain, p.id, p.domain, p.type, p.score, p.ok, p.version," \
	" p.created" JSON " FROM jobs j LEFT JOIN reports p" \
	" ON p.id = j.report_id AND j.state = 'done'" \
	" WHERE j.request_id = $1 ORDER BY j.position"

int
store_request_results(struct store *st, const char *id, int with_json,
    store_result_cb cb, void *arg)
{
	struct result_walk a = { st, with_json, cb, arg };
	struct store_param p[] = { P_TEXT(id) };
	int64_t n;

	if (store_lock(st) != 0)
		return -1;
	n = q(st, "SELECT id FROM requests WHERE id = $1", p, 1, NULL, NULL);
	if (n > 0)
		n = q(st, with_json ? RESULTS_SQL(", p.json") : RESULTS_SQL(""),
		    p, 1, row_result, &a);
	else if (n == 0)
		n = -2;
	store_unlock(st);
	if (n == -2)
		return 1;
	return n < 0 ? -1 : 0;
}
