/*
 * limits.c: a hash of (address, class) -> slots in use, peak, last connect,
 * under one mutex. Entries stay until the object is freed: one per address
 * ever contacted (about 64 bytes), so a run over a million domains spends
 * tens of megabytes at most here.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "net/limits.h"
#include "util/clock.h"

#define LIM_BUCKETS 4096

struct lim_host {
	struct lim_host *next;
	struct net_addr addr;
	enum net_class cls;
	unsigned active, peak;
	int started;
	struct timespec last;            /* of the last connect */
	uint64_t arb_slots;              /* slots the arbiter granted, a bit each */
	unsigned arb_misses;             /* refusals in a row: the poll backs off */
};

struct net_limits {
	pthread_mutex_t mu;
	unsigned refs, users;
	unsigned long n_hosts;
	struct net_limit lim[NET_CLASS_N];
	struct lim_host *b[LIM_BUCKETS];
	struct net_arbiter arb;
	int has_arb;
};

struct net_limits *
net_limits_new(void)
{
	struct net_limits *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	if (pthread_mutex_init(&l->mu, NULL) != 0) {
		free(l);
		return NULL;
	}
	l->refs = 1;
	l->lim[NET_CLASS_WEB].max_conns = 4;
	l->lim[NET_CLASS_SMTP].max_conns = 1;
	l->lim[NET_CLASS_SMTP].gap_ms = 100;
	return l;
}

void
net_limits_ref(struct net_limits *l)
{
	pthread_mutex_lock(&l->mu);
	l->refs++;
	pthread_mutex_unlock(&l->mu);
}

void
net_limits_unref(struct net_limits *l)
{
	struct lim_host *h, *hn;
	unsigned left;
	size_t i;

	if (l == NULL)
		return;
	pthread_mutex_lock(&l->mu);
	left = --l->refs;
	pthread_mutex_unlock(&l->mu);
	if (left > 0)
		return;
	for (i = 0; i < LIM_BUCKETS; i++)
		for (h = l->b[i]; h != NULL; h = hn) {
			hn = h->next;
			free(h);
		}
	pthread_mutex_destroy(&l->mu);
	free(l);
}

void
net_limits_set(struct net_limits *l, enum net_class cls,
    const struct net_limit *lim)
{
	pthread_mutex_lock(&l->mu);
	l->lim[cls] = *lim;
	if (l->lim[cls].max_conns == 0)
		l->lim[cls].max_conns = 1;
	pthread_mutex_unlock(&l->mu);
}

void
net_limits_get(struct net_limits *l, enum net_class cls, struct net_limit *lim)
{
	pthread_mutex_lock(&l->mu);
	*lim = l->lim[cls];
	pthread_mutex_unlock(&l->mu);
}

enum net_class
net_limits_class(uint16_t port)
{
	return port == 25 || port == 465 || port == 587 ? NET_CLASS_SMTP :
	    NET_CLASS_WEB;
}

/* Under the mutex. */
static struct lim_host *
find(struct net_limits *l, const struct net_addr *a, enum net_class cls,
    int create)
{
	size_t b = net_limits_hash(a, cls) % LIM_BUCKETS;
	struct lim_host *h;

	for (h = l->b[b]; h != NULL; h = h->next)
		if (h->cls == cls && net_addr_cmp(&h->addr, a) == 0)
			return h;
	if (!create || (h = calloc(1, sizeof(*h))) == NULL)
		return NULL;
	h->addr = *a;
	h->cls = cls;
	h->next = l->b[b];
	l->b[b] = h;
	l->n_hosts++;
	return h;
}

int
net_limits_take(struct net_limits *l, const struct net_addr *addr,
    enum net_class cls, uint32_t *wait_ms)
{
	struct lim_host *h;
	uint32_t since;
	int ok = 0;

	*wait_ms = 0;
	pthread_mutex_lock(&l->mu);
	if ((h = find(l, addr, cls, 1)) == NULL) {
		/* no memory for the entry: better impolite than stuck */
		pthread_mutex_unlock(&l->mu);
		return 1;
	}
	if (h->active >= l->lim[cls].max_conns)
		goto out;
	if (h->started && l->lim[cls].gap_ms > 0 &&
	    (since = clock_elapsed_ms(&h->last)) < l->lim[cls].gap_ms) {
		*wait_ms = l->lim[cls].gap_ms - since;
		goto out;
	}
	if (l->has_arb) {
		int slot = l->arb.take(l->arb.arg, addr, cls,
		    l->lim[cls].max_conns > 0 ? l->lim[cls].max_conns : 1);

		if (slot == -1) {        /* held by other processes */
			uint32_t base = l->arb.poll_ms > 0 ? l->arb.poll_ms : 50;

			/* each ask is a database transaction: ask less often
			 * the longer the slots stay taken, up to 16 times */
			*wait_ms = base << (h->arb_misses < 4 ? h->arb_misses : 4);
			h->arb_misses++;
			goto out;
		}
		h->arb_misses = 0;
		if (slot >= 0 && slot < 64)
			h->arb_slots |= (uint64_t)1 << slot;
	}
	h->active++;
	if (h->active > h->peak)
		h->peak = h->active;
	clock_start(&h->last);
	h->started = 1;
	ok = 1;
out:
	pthread_mutex_unlock(&l->mu);
	return ok;
}

void
net_limits_put(struct net_limits *l, const struct net_addr *addr,
    enum net_class cls)
{
	struct lim_host *h;

	pthread_mutex_lock(&l->mu);
	if ((h = find(l, addr, cls, 0)) != NULL && h->active > 0) {
		h->active--;
		if (l->has_arb && h->arb_slots != 0) {
			int slot = __builtin_ctzll(h->arb_slots);

			h->arb_slots &= ~((uint64_t)1 << slot);
			l->arb.give(l->arb.arg, addr, cls, slot);
		}
	}
	pthread_mutex_unlock(&l->mu);
}

void
net_limits_set_arbiter(struct net_limits *l, const struct net_arbiter *a)
{
	pthread_mutex_lock(&l->mu);
	l->has_arb = a != NULL;
	if (a != NULL)
		l->arb = *a;
	pthread_mutex_unlock(&l->mu);
}

void
net_limits_user(struct net_limits *l, int delta)
{
	pthread_mutex_lock(&l->mu);
	l->users = (unsigned)((int)l->users + delta);
	pthread_mutex_unlock(&l->mu);
}

int
net_limits_shared(struct net_limits *l)
{
	int shared;

	pthread_mutex_lock(&l->mu);
	shared = l->users > 1;
	pthread_mutex_unlock(&l->mu);
	return shared;
}

unsigned
net_limits_peak(struct net_limits *l, const struct net_addr *addr,
    enum net_class cls)
{
	struct lim_host *h;
	unsigned peak;

	pthread_mutex_lock(&l->mu);
	peak = (h = find(l, addr, cls, 0)) != NULL ? h->peak : 0;
	pthread_mutex_unlock(&l->mu);
	return peak;
}

unsigned long
net_limits_hosts(struct net_limits *l)
{
	unsigned long n;

	pthread_mutex_lock(&l->mu);
	n = l->n_hosts;
	pthread_mutex_unlock(&l->mu);
	return n;
}

void
net_limits_totals(struct net_limits *l, enum net_class cls,
    unsigned long *open, unsigned *most, unsigned *peak)
{
	struct lim_host *h;
	size_t i;

	*open = 0;
	*most = *peak = 0;
	pthread_mutex_lock(&l->mu);
	for (i = 0; i < LIM_BUCKETS; i++)
		for (h = l->b[i]; h != NULL; h = h->next) {
			if (h->cls != cls)
				continue;
			*open += h->active;
			if (h->active > *most)
				*most = h->active;
			if (h->peak > *peak)
				*peak = h->peak;
		}
	pthread_mutex_unlock(&l->mu);
}
