/*
 * mxcache.c: one job per (MX address, MX name), shared by every domain
 * of a run (see mxcache.h).
 *
 * A job moves AUDIT -> (WAIT -> AUDIT)* -> SCAN -> DONE; its waiters are
 * called when it reaches DONE, each from a zero-time event so that no
 * callback runs inside mx_cache_get.
 */
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>

#include "gather/mxcache.h"
#include "smtp/starttls.h"
#include "util/clock.h"
#include "util/hash.h"

#define MX_BUCKETS 1024

enum mx_state { MX_AUDIT, MX_WAIT, MX_SCAN, MX_DONE };

struct mx_waiter {
	struct mx_waiter *prev, *next;   /* job's waiters, or the fired list */
	struct mx_cache *cache;
	struct mx_job *job;
	mx_cache_cb cb;
	void *arg;
	struct event *ev;
	int reused;
};

struct mx_job {
	struct mx_job *next;             /* hash chain */
	struct mx_cache *cache;
	enum mx_state state;
	struct net_addr addr;
	char *mx;
	struct tls_audit_tlsa *tlsa;
	uint8_t *tlsa_data;
	size_t n_tlsa;
	struct mx_result res;
	struct event *timer;
	struct tls_audit_job *audit_job;
	struct tls_scan_job *scan_job;
	uint32_t backoff_ms;
	struct mx_waiter *waiters;
	struct timespec done_at;
	int stale;                   /* past the TTL: not handed out again */
};

struct mx_cache {
	struct net *net;
	struct mx_cache_opts o;
	char *ehlo;
	char *ca_file;
	struct mx_job *jobs[MX_BUCKETS];
	struct mx_waiter *fired;     /* waiters whose event is pending */
	size_t n_jobs;
};

static size_t
bucket(const struct net_addr *a, const char *mx)
{
	return hash_fnv_name(hash_fnv(HASH_FNV_INIT, a->bytes,
	    a->family == AF_INET6 ? 16 : 4), mx) % MX_BUCKETS;
}

static void
fired_drop(struct mx_cache *c, struct mx_waiter *w)
{
	if (w->prev != NULL)
		w->prev->next = w->next;
	else
		c->fired = w->next;
	if (w->next != NULL)
		w->next->prev = w->prev;
}

static void job_audit(struct mx_job *j);

static void
waiter_fire_cb(evutil_socket_t fd, short what, void *arg)
{
	struct mx_waiter *w = arg;
	struct mx_result r = w->job->res;

	(void)fd;
	(void)what;
	fired_drop(w->cache, w);
	event_free(w->ev);
	r.reused = w->reused;
	w->cb(w->arg, &r);
	free(w);
}

static int
waiter_schedule(struct mx_cache *c, struct mx_waiter *w)
{
	w->ev = event_new(net_base(c->net), -1, 0, waiter_fire_cb, w);
	if (w->ev == NULL)
		return -1;
	w->cache = c;
	w->prev = NULL;
	w->next = c->fired;
	if (c->fired != NULL)
		c->fired->prev = w;
	c->fired = w;
	event_active(w->ev, EV_TIMEOUT, 0);
	return 0;
}

static void
job_done(struct mx_job *j)
{
	struct mx_waiter *w, *next;

	j->state = MX_DONE;
	clock_start(&j->done_at);
	for (w = j->waiters; w != NULL; w = next) {
		next = w->next;
		if (waiter_schedule(j->cache, w) != 0) {
			/* no event: call now rather than lose it */
			struct mx_result r = j->res;

			r.reused = w->reused;
			w->cb(w->arg, &r);
			free(w);
		}
	}
	j->waiters = NULL;
}

static void
scan_cb(void *arg, const struct tls_scan *s)
{
	struct mx_job *j = arg;

	j->scan_job = NULL;
	j->res.conns += s->connections;
	if ((j->res.scan = malloc(sizeof(*s))) != NULL)
		memcpy(j->res.scan, s, sizeof(*s));
	job_done(j);
}

static void
job_scan(struct mx_job *j)
{
	struct tls_scan_opts so;

	memset(&so, 0, sizeof(so));
	so.timeout_ms = j->cache->o.timeout_ms;
	so.prelude = &smtp_starttls_prelude;
	so.prelude_arg = j->cache->ehlo;
	j->state = MX_SCAN;
	j->scan_job = tls_scan_start(j->cache->net, &j->addr,
	    j->cache->o.port, j->mx, &so, scan_cb, j);
	if (j->scan_job == NULL)
		job_done(j);
}

/* A refusal worth another try later: 4xx, 421, or a close mid-dialog. */
static int
retryable(const struct tls_audit *a)
{
	const char *c = a->prelude_code;

	return a->hs.code == TLS_AUDIT_PRELUDE && c != NULL &&
	    (strcmp(c, "rate_limited") == 0 || strcmp(c, "closed_early") == 0);
}

static void
timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct mx_job *j = arg;

	(void)fd;
	(void)what;
	job_audit(j);
}

static void
audit_cb(void *arg, struct tls_audit *a)
{
	struct mx_job *j = arg;
	struct timeval tv;

	j->audit_job = NULL;
	j->res.conns += a->conns;
	if (retryable(a) && j->res.attempts <= j->cache->o.retries &&
	    j->timer != NULL) {
		tls_audit_free(j->res.audit);
		j->res.audit = a;
		j->state = MX_WAIT;
		tv.tv_sec = j->backoff_ms / 1000;
		tv.tv_usec = (suseconds_t)(j->backoff_ms % 1000) * 1000;
		j->backoff_ms *= 2;
		if (evtimer_add(j->timer, &tv) == 0)
			return;
	}
	tls_audit_free(j->res.audit);
	j->res.audit = a;
	if (a->hs.code == TLS_AUDIT_OK ||
	    (a->hs.code != TLS_AUDIT_PRELUDE && a->prelude_code == NULL &&
	    a->hs.code != TLS_AUDIT_REFUSED &&
	    a->hs.code != TLS_AUDIT_UNREACHABLE &&
	    a->hs.code != TLS_AUDIT_TIMEOUT && a->hs.code != TLS_AUDIT_CANCELLED))
		job_scan(j);    /* STARTTLS worked, whatever TLS did then */
	else
		job_done(j);
}

static void
job_audit(struct mx_job *j)
{
	struct tls_audit_opts ao;

	memset(&ao, 0, sizeof(ao));
	ao.sni = j->mx;
	ao.ca_file = j->cache->ca_file;
	ao.tlsa = j->n_tlsa ? j->tlsa : NULL;
	ao.n_tlsa = j->n_tlsa;
	ao.probes = 0;           /* no 0-RTT on SMTP; renegotiation unscored */
	ao.timeout_ms = j->cache->o.timeout_ms;
	ao.prelude = &smtp_starttls_prelude;
	ao.prelude_arg = j->cache->ehlo;
	j->state = MX_AUDIT;
	j->res.attempts++;
	j->audit_job = tls_audit_start(j->cache->net, &j->addr,
	    j->cache->o.port, &ao, audit_cb, j);
	if (j->audit_job == NULL)
		job_done(j);
}

static struct mx_job *
job_new(struct mx_cache *c, const struct net_addr *addr, const char *mx,
    const struct tls_audit_tlsa *tlsa, size_t n_tlsa)
{
	struct mx_job *j = calloc(1, sizeof(*j));
	size_t i, total = 0, off = 0;

	if (j == NULL)
		return NULL;
	j->cache = c;
	j->addr = *addr;
	j->backoff_ms = c->o.backoff_ms;
	for (i = 0; i < n_tlsa; i++)
		total += tlsa[i].len;
	if ((j->mx = strdup(mx)) == NULL ||
	    (n_tlsa && (j->tlsa = calloc(n_tlsa, sizeof(*tlsa))) == NULL) ||
	    (total && (j->tlsa_data = malloc(total)) == NULL) ||
	    (j->timer = evtimer_new(net_base(c->net), timer_cb, j)) == NULL) {
		free(j->mx);
		free(j->tlsa);
		free(j->tlsa_data);
		free(j);
		return NULL;
	}
	for (i = 0; i < n_tlsa; i++) {
		j->tlsa[i] = tlsa[i];
		j->tlsa[i].data = j->tlsa_data + off;
		if (tlsa[i].len)
			memcpy(j->tlsa_data + off, tlsa[i].data, tlsa[i].len);
		off += tlsa[i].len;
	}
	j->n_tlsa = n_tlsa;
	j->next = c->jobs[bucket(addr, mx)];
	c->jobs[bucket(addr, mx)] = j;
	c->n_jobs++;
	return j;
}

int
mx_cache_get(struct mx_cache *c, const struct net_addr *addr, const char *mx,
    const struct tls_audit_tlsa *tlsa, size_t n_tlsa, mx_cache_cb cb,
    void *arg)
{
	struct mx_job *j;
	struct mx_waiter *w;
	int fresh = 0;

	for (j = c->jobs[bucket(addr, mx)]; j != NULL; j = j->next) {
		if (j->stale || net_addr_cmp(&j->addr, addr) != 0 ||
		    strcasecmp(j->mx, mx) != 0)
			continue;
		if (j->state == MX_DONE &&
		    clock_elapsed_ms(&j->done_at) / 1000 >= c->o.ttl_s) {
			j->stale = 1;
			continue;
		}
		break;
	}
	if (j == NULL) {
		if ((j = job_new(c, addr, mx, tlsa, n_tlsa)) == NULL)
			return -1;
		fresh = 1;
	}
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return -1;
	w->job = j;
	w->cb = cb;
	w->arg = arg;
	w->reused = !fresh;
	if (j->state == MX_DONE && !fresh) {
		if (waiter_schedule(c, w) != 0) {
			free(w);
			return -1;
		}
		return 0;
	}
	w->next = j->waiters;
	j->waiters = w;
	if (fresh)
		job_audit(j);
	return 0;
}

struct mx_cache *
mx_cache_new(struct net *net, const struct mx_cache_opts *o)
{
	struct mx_cache *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->net = net;
	if (o != NULL)
		c->o = *o;
	else
		c->o.retries = 2;
	if (c->o.timeout_ms == 0)
		c->o.timeout_ms = 10000;
	if (c->o.backoff_ms == 0)
		c->o.backoff_ms = 1000;
	if (c->o.port == 0)
		c->o.port = 25;
	if (c->o.ttl_s == 0)
		c->o.ttl_s = MX_CACHE_TTL_S;
	c->ehlo = strdup(c->o.ehlo_name ? c->o.ehlo_name : "uptodate.invalid");
	c->ca_file = c->o.ca_file ? strdup(c->o.ca_file) : NULL;
	if (c->ehlo == NULL || (c->o.ca_file && c->ca_file == NULL)) {
		mx_cache_free(c);
		return NULL;
	}
	return c;
}

size_t
mx_cache_entries(const struct mx_cache *c)
{
	return c->n_jobs;
}

void
mx_cache_free(struct mx_cache *c)
{
	struct mx_job *j, *jn;
	struct mx_waiter *w, *wn;
	struct mx_result none;
	size_t b;

	if (c == NULL)
		return;
	/* Whoever still waits hears now, with no result (their gathers have
	 * been freed: this only lets them go). */
	memset(&none, 0, sizeof(none));
	for (b = 0; b < MX_BUCKETS; b++)
		for (j = c->jobs[b]; j != NULL; j = jn) {
			jn = j->next;
			if (j->audit_job != NULL)
				tls_audit_cancel(j->audit_job);
			if (j->scan_job != NULL)
				tls_scan_cancel(j->scan_job);
			for (w = j->waiters; w != NULL; w = wn) {
				wn = w->next;
				w->cb(w->arg, &none);
				free(w);
			}
			if (j->timer != NULL)
				event_free(j->timer);
			tls_audit_free(j->res.audit);
			free(j->res.scan);
			free(j->mx);
			free(j->tlsa);
			free(j->tlsa_data);
			free(j);
		}
	for (w = c->fired; w != NULL; w = wn) {
		wn = w->next;
		if (w->ev != NULL)
			event_free(w->ev);
		w->cb(w->arg, &none);
		free(w);
	}
	free(c->ehlo);
	free(c->ca_file);
	free(c);
}
