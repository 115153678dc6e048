/*
 * worker.c: the engine fed by the job queue, the politeness arbiter on
 * the database, and /metrics.
 *
 * Two store handles: one for the queue (claims, results, leases) and one
 * for the connection slots, which are asked for under the politeness
 * limits' lock on every connect and must not wait behind a long claim.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "gather/mxcache.h"
#include "net/limits.h"
#include "net/listen.h"
#include "queue/jobq.h"
#include "queue/metrics.h"
#include "queue/worker.h"
#include "store/store.h"

/* A connection slot's lease; the worker renews its slots every
 * SLOT_RENEW_S, so a dead worker's slots come free within the lease. */
#define SLOT_LEASE_MS  (15 * 1000)
#define SLOT_RENEW_S   3
#define PRUNE_EVERY_S  300


struct wk {
	struct worker_opts *o;
	struct store *st, *slots;
	struct jobq *q;
	struct metrics *m;
	char id[128];
	struct MHD_Daemon *metrics_d;
	time_t last_prune, last_slot_renew;
};

struct wjob {
	struct store_job bj;
	struct timespec t0;
};

/* --- the engine's source -------------------------------------------------- */

static int
src_next(void *arg, struct engine_job *job)
{
	struct wk *w = arg;
	struct wjob *j = calloc(1, sizeof(*j));

	if (j == NULL)
		return 0;
	if (jobq_next(w->q, &j->bj) != 1) {
		free(j);
		return 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &j->t0);
	snprintf(job->name, sizeof(job->name), "%s", j->bj.domain);
	job->kind = strcmp(j->bj.type, "web") == 0 ? FX_WEB : FX_MAIL;
	job->ctx = j;
	return 1;
}

static void
src_done(void *arg, struct engine_job *job, json_t *result, int deadline)
{
	struct wk *w = arg;
	struct wjob *j = job->ctx;
	struct timespec t1;

	(void)deadline;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	metrics_observe(w->m, j->bj.type, (double)(t1.tv_sec - j->t0.tv_sec) +
	    (t1.tv_nsec - j->t0.tv_nsec) / 1e9);
	(void)jobq_finish(w->q, &j->bj, result);
	free(j);
}

static void
src_dropped(void *arg, struct engine_job *job)
{
	struct wk *w = arg;
	struct wjob *j = job->ctx;

	jobq_release(w->q, &j->bj);
	free(j);
}

static int
src_stop(void *arg)
{
	(void)arg;
	return engine_interrupted();
}

/* --- politeness across workers -------------------------------------------- */

static void
dest_key(char *out, size_t cap, const struct net_addr *a, enum net_class cls)
{
	snprintf(out, cap, "%s/%s", cls == NET_CLASS_SMTP ? "smtp" : "web",
	    a->text);
}

static int
arb_take(void *arg, const struct net_addr *addr, enum net_class cls,
    unsigned max)
{
	struct wk *w = arg;
	struct timespec ts;
	char key[80];

	dest_key(key, sizeof(key), addr, cls);
	clock_gettime(CLOCK_REALTIME, &ts);
	return store_slot_take(w->slots, key, max, w->id,
	    (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, SLOT_LEASE_MS);
}

static void
arb_give(void *arg, const struct net_addr *addr, enum net_class cls, int slot)
{
	struct wk *w = arg;
	char key[80];

	dest_key(key, sizeof(key), addr, cls);
	(void)store_slot_give(w->slots, key, slot, w->id);
}

/* --- STARTTLS results across workers -------------------------------------- */

static char *
mx_get(void *arg, const char *key)
{
	struct wk *w = arg;
	char *v = NULL;

	if (store_cache_get(w->slots, key, (int64_t)time(NULL), &v) != 0)
		return NULL;
	return v;
}

static void
mx_put(void *arg, const char *key, const char *value, uint32_t ttl_s)
{
	struct wk *w = arg;

	(void)store_cache_put(w->slots, key, value, (int64_t)time(NULL) + ttl_s);
}

/* --- /metrics ------------------------------------------------------------- */

static enum MHD_Result
on_metrics(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data,
    size_t *data_size, void **con_cls)
{
	struct wk *w = cls;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	unsigned status = 200;
	char *p = NULL;
	size_t len = 0;
	FILE *f;

	(void)version;
	(void)data;
	(void)data_size;
	(void)con_cls;
	if (strcmp(method, "GET") != 0 || strcmp(url, "/metrics") != 0) {
		status = 404;
		p = strdup("not found: this is /metrics only\n");
		len = p != NULL ? strlen(p) : 0;
	} else if ((f = open_memstream(&p, &len)) != NULL) {
		if (metrics_write(f, w->m, w->st, w->q, w->o->eng.limits) != 0)
			status = 500;
		fclose(f);
	}
	if ((resp = MHD_create_response_from_buffer(len, p,
	    MHD_RESPMEM_MUST_FREE)) == NULL) {
		free(p);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type",
	    "text/plain; version=0.0.4; charset=utf-8");
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Are the requests this run waits for (batch --db) all done? */
static int
until_done(struct wk *w)
{
	struct store_request rq;
	size_t i;

	for (i = 0; i < w->o->n_until; i++)
		if (store_request_get(w->st, NULL, w->o->until[i], &rq) != 0 ||
		    (strcmp(rq.status, STORE_REQ_DONE) != 0 &&
		    strcmp(rq.status, STORE_REQ_CANCELLED) != 0))
			return 0;
	return 1;
}

static void
tick(void *arg)
{
	struct wk *w = arg;
	time_t now = time(NULL);

	jobq_tick(w->q);
	if (w->o->share_limits && now - w->last_slot_renew >= SLOT_RENEW_S) {
		struct timespec ts;

		w->last_slot_renew = now;
		clock_gettime(CLOCK_REALTIME, &ts);
		(void)store_slot_renew(w->slots, w->id, (int64_t)ts.tv_sec * 1000 +
		    ts.tv_nsec / 1000000, SLOT_LEASE_MS);
	}
	if (w->o->n_until > 0 && until_done(w))
		engine_interrupt();
	if (w->o->share_mx && now - w->last_prune >= PRUNE_EVERY_S) {
		w->last_prune = now;
		(void)store_cache_prune(w->slots, (int64_t)now);
	}
}

int
worker_run(struct worker_opts *o)
{
	struct wk w;
	struct engine_source src = {
		.next = src_next, .done = src_done, .dropped = src_dropped,
		.stop = src_stop,
	};
	struct net_arbiter arb = { arb_take, arb_give, NULL, 50 };
	struct mx_shared shared = { mx_get, mx_put, NULL };
	struct jobq_opts qo = { 0 };
	char why[512], host[64] = "localhost";
	int rc = 3, fd;

	memset(&w, 0, sizeof(w));
	w.o = o;
	src.arg = &w;
	arb.arg = &w;
	shared.arg = &w;
	(void)gethostname(host, sizeof(host) - 1);
	if (o->id != NULL)
		snprintf(w.id, sizeof(w.id), "%s", o->id);
	else
		snprintf(w.id, sizeof(w.id), "worker/%s/%ld", host, (long)getpid());
	if ((w.st = store_open(o->db, why, sizeof(why))) == NULL ||
	    ((o->share_limits || o->share_mx) &&
	    (w.slots = store_open(o->db, why, sizeof(why))) == NULL)) {
		fprintf(stderr, "uptodate: --db %s: %s\n", o->db, why);
		goto out;
	}
	qo.worker = w.id;
	qo.lease_s = o->lease_s;
	qo.max_attempts = o->max_attempts;
	qo.reuse_s = o->reuse_s;
	qo.version = o->version;
	if ((w.q = jobq_new(w.st, &qo)) == NULL || (w.m = metrics_new()) == NULL) {
		fprintf(stderr, "uptodate: out of memory\n");
		goto out;
	}
	if (o->metrics != NULL) {
		if ((fd = net_listen(o->metrics, why, sizeof(why))) < 0) {
			fprintf(stderr, "uptodate: --metrics: %s\n", why);
			goto out;
		}
		if ((w.metrics_d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
		    MHD_USE_ERROR_LOG, 0, NULL, NULL, on_metrics, &w,
		    MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_CONNECTION_TIMEOUT,
		    (unsigned)10, MHD_OPTION_END)) == NULL) {
			fprintf(stderr, "uptodate: cannot serve --metrics on %s\n",
			    o->metrics);
			close(fd);
			goto out;
		}
	}
	if (o->share_limits)
		net_limits_set_arbiter(o->eng.limits, &arb);
	if (o->share_mx) {
		o->eng.mx_shared = &shared;
		o->eng.mx_ttl_s = o->mx_ttl_s;
	}
	if (o->n_until == 0)
		fprintf(stderr, "uptodate: worker %s taking jobs from %s\n", w.id,
		    strncmp(o->db, "postgres", 8) == 0 ? "PostgreSQL" : o->db);
	if ((rc = engine_run(&o->eng, &src, 500, tick, &w, why, sizeof(why)) ==
	    0 ? 0 : 3) != 0)
		fprintf(stderr, "uptodate: %s\n", why);
out:
	if (w.metrics_d != NULL)
		MHD_stop_daemon(w.metrics_d);
	net_limits_set_arbiter(o->eng.limits, NULL);
	jobq_free(w.q);
	if (w.slots != NULL)
		(void)store_slot_give_all(w.slots, w.id);
	metrics_free(w.m);
	store_close(w.slots);
	store_close(w.st);
	if (rc == 0 && o->n_until == 0)
		fprintf(stderr, "uptodate: worker stopped\n");
	return rc;
}
