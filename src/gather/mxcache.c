/*
 * mxcache.c: one job per (MX address, MX name), shared by every domain
 * of a run (see mxcache.h).
 *
 * A job moves AUDIT -> (WAIT -> AUDIT)* -> SCAN -> DONE; its waiters are
 * called when it reaches DONE, each from a zero-time event so that no
 * callback runs inside mx_cache_get. With a shared level, a new job first
 * asks it and may start in DONE; a job that ran puts its result there.
 */
#include <arpa/inet.h>
#include <event2/event.h>
#include <jansson.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gather/mxcache.h"
#include "smtp/starttls.h"
#include "tls/serial.h"
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
	char *key;                   /* in the shared level; NULL: none */
	int from_shared;             /* res came from there */
	int lost;                    /* a part of res is missing (ENOMEM) */
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
static int retryable(const struct tls_audit *a);

/* --- the shared level ----------------------------------------------------- */

static int
tlsa_order(const void *x, const void *y)
{
	const struct tls_audit_tlsa *a = x, *b = y;
	size_t n = a->len < b->len ? a->len : b->len;
	int d;

	if (a->usage != b->usage)
		return a->usage < b->usage ? -1 : 1;
	if (a->selector != b->selector)
		return a->selector < b->selector ? -1 : 1;
	if (a->mtype != b->mtype)
		return a->mtype < b->mtype ? -1 : 1;
	if (n > 0 && (d = memcmp(a->data, b->data, n)) != 0)
		return d;
	return a->len == b->len ? 0 : a->len < b->len ? -1 : 1;
}

static int
digest_part(EVP_MD_CTX *md, const void *p, size_t len, int none)
{
	uint32_t n = none ? UINT32_MAX : (uint32_t)len;
	uint8_t be[4] = { n >> 24, n >> 16 & 0xff, n >> 8 & 0xff, n & 0xff };

	if (!none && len >= UINT32_MAX)
		return -1;
	return EVP_DigestUpdate(md, be, 4) == 1 &&
	    (none || len == 0 || EVP_DigestUpdate(md, p, len) == 1) ? 0 : -1;
}

/* The job's key in the shared level (format in mxcache.h), or NULL. */
static char *
shared_key(const struct mx_cache *c, const struct mx_job *j)
{
	struct tls_audit_tlsa *sorted = NULL;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char h[EVP_MAX_MD_SIZE];
	char hex[65], addr[INET6_ADDRSTRLEN], *key = NULL;
	char *lower = strdup(j->mx);
	unsigned int hlen = 0, i;
	int ok;

	if (j->n_tlsa > 0 && (sorted = calloc(j->n_tlsa, sizeof(*sorted))))
		memcpy(sorted, j->tlsa, j->n_tlsa * sizeof(*sorted));
	ok = md != NULL && lower != NULL && (j->n_tlsa == 0 || sorted) &&
	    inet_ntop(j->addr.family, j->addr.bytes, addr, sizeof(addr)) &&
	    EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1;
	for (i = 0; ok && lower[i] != '\0'; i++)
		if (lower[i] >= 'A' && lower[i] <= 'Z')
			lower[i] = (char)(lower[i] - 'A' + 'a');
	ok = ok && digest_part(md, lower, strlen(lower), 0) == 0 &&
	    digest_part(md, c->ehlo, strlen(c->ehlo), 0) == 0 &&
	    digest_part(md, c->ca_file, c->ca_file ? strlen(c->ca_file) : 0,
	    c->ca_file == NULL) == 0;
	if (ok && j->n_tlsa > 0)
		qsort(sorted, j->n_tlsa, sizeof(*sorted), tlsa_order);
	for (i = 0; ok && i < j->n_tlsa; i++) {
		uint8_t usm[3] = { sorted[i].usage, sorted[i].selector,
		    sorted[i].mtype };

		ok = EVP_DigestUpdate(md, usm, 3) == 1 &&
		    digest_part(md, sorted[i].data, sorted[i].len, 0) == 0;
	}
	ok = ok && EVP_DigestFinal_ex(md, h, &hlen) == 1 && hlen == 32;
	for (i = 0; ok && i < 32; i++)
		(void)snprintf(hex + 2 * i, 3, "%02x", h[i]);
	if (ok && (key = malloc(MX_SHARED_KEY_MAX)) != NULL &&
	    snprintf(key, MX_SHARED_KEY_MAX, "mx%d.%d/%s/%u/%s",
	    MX_SHARED_FORMAT, TLS_SERIAL_FORMAT, addr,
	    (unsigned)c->o.port, hex) >= MX_SHARED_KEY_MAX) {
		free(key);
		key = NULL;
	}
	EVP_MD_CTX_free(md);
	free(sorted);
	free(lower);
	return key;
}

/* Worth storing for others: what the server did, not what went wrong
 * here, and not a refusal that asks to be tried again later. */
static int
shareable(const struct mx_job *j)
{
	const struct tls_audit *a = j->res.audit;
	const struct tls_scan *s = j->res.scan;

	if (a == NULL || j->lost || retryable(a))
		return 0;
	switch (a->hs.code) {
	case TLS_AUDIT_NOMEM:
	case TLS_AUDIT_CANCELLED:
	case TLS_AUDIT_SETUP:
	case TLS_AUDIT_NETWORK:
		return 0;
	default:
		break;
	}
	if (a->prelude_code != NULL &&
	    (strcmp(a->prelude_code, "cancelled") == 0 ||
	    strcmp(a->prelude_code, "usage") == 0))
		return 0;
	return s == NULL || (s->status != TLS_SCAN_NOMEM &&
	    s->status != TLS_SCAN_CANCELLED && s->status != TLS_SCAN_NET_ERROR);
}

static void
shared_put(struct mx_job *j)
{
	const struct mx_shared *sh = j->cache->o.shared;
	json_t *v = json_object(), *a = tls_audit_to_json(j->res.audit);
	json_t *s = j->res.scan ? tls_scan_to_json(j->res.scan) : json_null();
	char *text = NULL;

	if (v != NULL && a != NULL && s != NULL &&
	    json_object_set_new(v, "format", json_integer(MX_SHARED_FORMAT)) ==
	    0 &&
	    json_object_set_new(v, "at", json_integer(time(NULL))) == 0 &&
	    json_object_set_new(v, "attempts",
	    json_integer(j->res.attempts)) == 0 &&
	    json_object_set_new(v, "conns", json_integer(j->res.conns)) == 0 &&
	    json_object_set(v, "audit", a) == 0 &&
	    json_object_set(v, "scan", s) == 0)
		text = json_dumps(v, JSON_COMPACT);
	if (text != NULL && strlen(text) <= MX_SHARED_VALUE_MAX)
		sh->put(sh->arg, j->key, text, j->cache->o.ttl_s);
	free(text);
	json_decref(a);
	json_decref(s);
	json_decref(v);
}

static int
int_field(const json_t *v, const char *key, json_int_t max, json_int_t *out)
{
	const json_t *x = json_object_get(v, key);

	if (!json_is_integer(x) || json_integer_value(x) < 0 ||
	    json_integer_value(x) > max)
		return -1;
	*out = json_integer_value(x);
	return 0;
}

/* Fill j from the shared level: 1 on a hit young enough, else 0. */
static int
shared_get(struct mx_job *j)
{
	const struct mx_shared *sh = j->cache->o.shared;
	struct mx_result r;
	json_int_t format, at, attempts, conns, age;
	json_t *v = NULL;
	const json_t *s;
	char *text = sh->get(sh->arg, j->key);
	int hit = 0;

	memset(&r, 0, sizeof(r));
	if (text != NULL && strnlen(text, MX_SHARED_VALUE_MAX + 1) <=
	    MX_SHARED_VALUE_MAX)
		v = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	free(text);
	if (!json_is_object(v) || json_object_size(v) != 6 ||
	    int_field(v, "format", INT32_MAX, &format) != 0 ||
	    format != MX_SHARED_FORMAT ||
	    int_field(v, "at", INT64_MAX, &at) != 0 ||
	    int_field(v, "attempts", UINT_MAX, &attempts) != 0 ||
	    int_field(v, "conns", UINT_MAX, &conns) != 0 ||
	    (s = json_object_get(v, "scan")) == NULL)
		goto out;
	/* a clock behind the writer's counts as no age */
	age = (json_int_t)time(NULL) - at;
	if (age < 0)
		age = 0;
	if (age >= (json_int_t)j->cache->o.ttl_s)
		goto out;
	if ((r.audit = tls_audit_from_json(json_object_get(v, "audit"))) ==
	    NULL)
		goto out;
	if (!json_is_null(s) && ((r.scan = malloc(sizeof(*r.scan))) == NULL ||
	    tls_scan_from_json(s, r.scan) != 0))
		goto out;
	r.attempts = (unsigned)attempts;
	r.conns = (unsigned)conns;
	r.reused = 1;
	j->res = r;
	j->from_shared = 1;
	j->state = MX_DONE;
	clock_start(&j->done_at);
	j->done_at.tv_sec -= (time_t)age;    /* the TTL runs from the put */
	hit = 1;
out:
	if (!hit) {
		tls_audit_free(r.audit);
		free(r.scan);
	}
	json_decref(v);
	return hit;
}

/* --- jobs ----------------------------------------------------------------- */

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
	if (j->key != NULL && shareable(j))
		shared_put(j);
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
	else
		j->lost = 1;
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
	if (j->scan_job == NULL) {
		j->lost = 1;
		job_done(j);
	}
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
	/* The step timeout restarts with every byte, so a server that
	 * trickles its banner a byte a second would keep an audit for the
	 * default minute: ten steps' worth is the whole audit's bound. */
	ao.deadline_ms = ao.timeout_ms <= 6000 ? 10 * ao.timeout_ms : 60000;
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
	    (j->timer = evtimer_new(net_base(c->net), timer_cb, j)) == NULL)
		goto fail;
	for (i = 0; i < n_tlsa; i++) {
		j->tlsa[i] = tlsa[i];
		j->tlsa[i].data = j->tlsa_data + off;
		if (tlsa[i].len)
			memcpy(j->tlsa_data + off, tlsa[i].data, tlsa[i].len);
		off += tlsa[i].len;
	}
	j->n_tlsa = n_tlsa;
	if (c->o.shared != NULL && (j->key = shared_key(c, j)) == NULL)
		goto fail;
	j->next = c->jobs[bucket(addr, mx)];
	c->jobs[bucket(addr, mx)] = j;
	c->n_jobs++;
	return j;
fail:
	if (j->timer != NULL)
		event_free(j->timer);
	free(j->mx);
	free(j->tlsa);
	free(j->tlsa_data);
	free(j);
	return NULL;
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
		if (j->key != NULL && shared_get(j))
			fresh = 0;
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
			free(j->key);
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
