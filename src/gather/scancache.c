/*
 * scancache.c: a hash of (address, port) -> scan entry. An entry is
 * RUNNING (its waiters wait) or DONE (a copy of the result, handed out
 * until the TTL passes). Finished entries are on an age list; the oldest
 * go first when there are too many. Each waiter fires from a zero-time
 * event of its own and is freed right after.
 */
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gather/scancache.h"
#include "util/clock.h"
#include "util/hash.h"

#define SC_BUCKETS 4096

struct sc_waiter {
	struct sc_waiter *prev, *next;   /* entry's waiters, or the fired list */
	struct sc_entry *e;
	struct scan_cache *c;
	scan_cache_cb cb;
	void *arg;
	struct event *ev;
	int reused;
	struct tls_scan res;             /* copied when fired */
};

struct sc_entry {
	struct sc_entry *hnext;          /* hash chain */
	struct sc_entry *older, *newer;  /* age list (DONE only) */
	struct scan_cache *c;
	struct net_addr addr;
	uint16_t port;
	int done;
	struct tls_scan_job *job;
	struct tls_scan res;
	struct timespec done_at;
	struct sc_waiter *waiters;
};

struct scan_cache {
	struct net *net;
	struct scan_cache_opts o;
	struct sc_entry *b[SC_BUCKETS];
	struct sc_entry *oldest, *newest;
	struct sc_waiter *fired;
	size_t n_entries, n_done;
	unsigned long scans, reuses, evictions;
};

static size_t
bucket(const struct net_addr *a, uint16_t port)
{
	return hash_fnv(hash_fnv(HASH_FNV_INIT, a->bytes,
	    a->family == AF_INET6 ? 16 : 4), &port, sizeof(port)) % SC_BUCKETS;
}

static void
list_push(struct sc_waiter **head, struct sc_waiter *w)
{
	w->prev = NULL;
	w->next = *head;
	if (*head != NULL)
		(*head)->prev = w;
	*head = w;
}

static void
list_drop(struct sc_waiter **head, struct sc_waiter *w)
{
	if (w->prev != NULL)
		w->prev->next = w->next;
	else
		*head = w->next;
	if (w->next != NULL)
		w->next->prev = w->prev;
	w->prev = w->next = NULL;
}

static void
fire_cb(evutil_socket_t fd, short what, void *arg)
{
	struct sc_waiter *w = arg;

	(void)fd;
	(void)what;
	list_drop(&w->c->fired, w);
	event_free(w->ev);
	w->cb(w->arg, &w->res, w->reused);
	free(w);
}

/* Hand the result to w from the loop; -1 when no event can be had. */
static int
fire(struct scan_cache *c, struct sc_waiter *w, const struct tls_scan *res)
{
	w->res = *res;
	if ((w->ev = event_new(net_base(c->net), -1, 0, fire_cb, w)) == NULL)
		return -1;
	list_push(&c->fired, w);
	event_active(w->ev, EV_TIMEOUT, 0);
	return 0;
}

static void
unhash(struct scan_cache *c, struct sc_entry *e)
{
	struct sc_entry **pp = &c->b[bucket(&e->addr, e->port)];

	for (; *pp != NULL; pp = &(*pp)->hnext)
		if (*pp == e) {
			*pp = e->hnext;
			break;
		}
	c->n_entries--;
}

static void
age_drop(struct scan_cache *c, struct sc_entry *e)
{
	if (e->older != NULL)
		e->older->newer = e->newer;
	else
		c->oldest = e->newer;
	if (e->newer != NULL)
		e->newer->older = e->older;
	else
		c->newest = e->older;
	c->n_done--;
}

/* A finished entry leaves the cache. */
static void
evict(struct scan_cache *c, struct sc_entry *e)
{
	unhash(c, e);
	age_drop(c, e);
	free(e);
}

static void
scan_cb(void *arg, const struct tls_scan *s)
{
	struct sc_entry *e = arg;
	struct scan_cache *c = e->c;
	struct sc_waiter *w, *next;

	e->job = NULL;
	e->res = *s;
	e->done = 1;
	clock_start(&e->done_at);
	e->older = c->newest;
	e->newer = NULL;
	if (c->newest != NULL)
		c->newest->newer = e;
	else
		c->oldest = e;
	c->newest = e;
	c->n_done++;
	for (w = e->waiters; w != NULL; w = next) {
		next = w->next;
		/* the first asker (last in the list) paid for the scan */
		w->reused = next != NULL;
		if (fire(c, w, s) != 0) {
			w->cb(w->arg, s, w->reused);
			free(w);
		}
	}
	e->waiters = NULL;
	while (c->n_done > c->o.max_entries && c->oldest != NULL &&
	    c->oldest != e) {
		evict(c, c->oldest);
		c->evictions++;
	}
}

int
scan_cache_get(struct scan_cache *c, const struct net_addr *addr,
    uint16_t port, const char *sni, scan_cache_cb cb, void *arg)
{
	size_t b = bucket(addr, port);
	struct tls_scan_opts so;
	struct sc_waiter *w;
	struct sc_entry *e;

	for (e = c->b[b]; e != NULL; e = e->hnext)
		if (e->port == port && net_addr_cmp(&e->addr, addr) == 0)
			break;
	if (e != NULL && e->done &&
	    clock_elapsed_ms(&e->done_at) / 1000 >= c->o.ttl_s) {
		evict(c, e);        /* too old: scan again */
		e = NULL;
	}
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return -1;
	w->c = c;
	w->cb = cb;
	w->arg = arg;
	if (e != NULL && e->done) {
		w->reused = 1;
		c->reuses++;
		if (fire(c, w, &e->res) != 0) {
			free(w);
			return -1;
		}
		return 0;
	}
	if (e == NULL) {
		if ((e = calloc(1, sizeof(*e))) == NULL) {
			free(w);
			return -1;
		}
		e->c = c;
		e->addr = *addr;
		e->port = port;
		memset(&so, 0, sizeof(so));
		so.timeout_ms = c->o.timeout_ms;
		e->job = tls_scan_start(c->net, addr, port, sni, &so, scan_cb, e);
		if (e->job == NULL) {
			free(e);
			free(w);
			return -1;
		}
		e->hnext = c->b[b];
		c->b[b] = e;
		c->n_entries++;
		c->scans++;
	} else {
		c->reuses++;
	}
	w->e = e;
	/* appended at the head: the first asker ends up last */
	list_push(&e->waiters, w);
	return 0;
}

struct scan_cache *
scan_cache_new(struct net *net, const struct scan_cache_opts *o)
{
	struct scan_cache *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->net = net;
	if (o != NULL)
		c->o = *o;
	if (c->o.ttl_s == 0)
		c->o.ttl_s = 3600;
	if (c->o.max_entries == 0)
		c->o.max_entries = 65536;
	return c;
}

void
scan_cache_stats(const struct scan_cache *c, struct scan_cache_stats *st)
{
	st->entries = c->n_entries;
	st->scans = c->scans;
	st->reuses = c->reuses;
	st->evictions = c->evictions;
}

void
scan_cache_free(struct scan_cache *c)
{
	struct sc_entry *e, *en;
	struct sc_waiter *w, *wn;
	struct tls_scan none;
	size_t i;

	if (c == NULL)
		return;
	memset(&none, 0, sizeof(none));
	none.status = TLS_SCAN_CANCELLED;
	snprintf(none.why, sizeof(none.why), "the run ended first");
	for (i = 0; i < SC_BUCKETS; i++)
		for (e = c->b[i]; e != NULL; e = en) {
			en = e->hnext;
			if (e->job != NULL)
				tls_scan_cancel(e->job);
			for (w = e->waiters; w != NULL; w = wn) {
				wn = w->next;
				w->cb(w->arg, &none, 0);
				free(w);
			}
			free(e);
		}
	for (w = c->fired; w != NULL; w = wn) {
		wn = w->next;
		event_free(w->ev);
		w->cb(w->arg, &none, 0);
		free(w);
	}
	free(c);
}
