/*
 * dnsd.c: UDP and TCP DNS service on a libevent loop (see dnsd.h).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "net/dnsd.h"
#include "net/listen.h"
#include "util/hash.h"

#define DNSD_MSG_MAX 65535
#define DNSD_UDP_READS 32       /* datagrams per wakeup */

struct dnsd_tcp {
	struct net_dnsd *d;
	struct dnsd_tcp *prev, *next;
	int fd;
	struct event *ev;
	struct net_addr from;
	uint8_t in[2 + DNSD_MSG_MAX];
	size_t in_len;
	uint8_t out[2 + DNSD_MSG_MAX];
	size_t out_len, out_off;
};

struct dnsd_sock {
	int fd;
	int tcp;
	struct event *ev;
};

/* One group of UDP sources: its prefix and its bucket of responses, in
 * thousandths of a response. */
struct rrl_slot {
	uint8_t key[8];             /* family, then the /24 or /56 */
	int64_t tokens;
	uint64_t last_ms;
	unsigned over;              /* queries over the limit so far */
};

struct net_dnsd {
	struct event_base *base;
	unsigned rate;              /* UDP responses a second per group; 0: off */
	uint64_t salt;
	struct rrl_slot *rrl;
	atomic_ulong n_dropped, n_slipped;
	struct dnsd_sock s[2 * DNSD_LISTEN_MAX];
	size_t n;
	int stop_pipe[2];
	struct event *stop_ev;
	net_dnsd_answer_fn fn;
	void *arg;
	struct dnsd_tcp *conns;
	unsigned n_conns;
	pthread_t thread;
	int started;
	uint8_t udp_out[DNSD_MSG_MAX];
};

static void
from_sockaddr(struct net_addr *a, const struct sockaddr_storage *ss)
{
	memset(a, 0, sizeof(*a));
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;

		if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr))
			(void)net_addr_from_bytes(a, s6->sin6_addr.s6_addr + 12, 4);
		else
			(void)net_addr_from_bytes(a, &s6->sin6_addr, 16);
	} else if (ss->ss_family == AF_INET) {
		(void)net_addr_from_bytes(a,
		    &((const struct sockaddr_in *)ss)->sin_addr, 4);
	}
}

/* --- UDP rate limit ------------------------------------------------------ */

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The slot of from's group, taken over (with a full bucket) when another
 * group had it: a collision can only loosen the limit, never starve. */
static struct rrl_slot *
rrl_slot(struct net_dnsd *d, const struct net_addr *from, uint64_t now)
{
	uint8_t key[8] = { 0 };
	struct rrl_slot *sl;
	uint32_t h;

	key[0] = (uint8_t)from->family;
	memcpy(key + 1, from->bytes, from->family == AF_INET ? 3 : 7);
	/* keyed by a random salt: a flood cannot aim at a group's slot */
	h = hash_fnv(hash_fnv(HASH_FNV_INIT, &d->salt, sizeof(d->salt)), key,
	    sizeof(key));
	sl = &d->rrl[(h ^ (h >> 16)) % DNSD_RRL_SLOTS];
	if (memcmp(sl->key, key, sizeof(key)) != 0 || sl->last_ms == 0) {
		memcpy(sl->key, key, sizeof(key));
		sl->tokens = (int64_t)d->rate * 1000;
		sl->last_ms = now;
		sl->over = 0;
	}
	return sl;
}

/* 1 when from may have a full response now (and it is counted); else 0
 * and *over is how many of its group's queries were over the limit. */
static int
rrl_allow(struct net_dnsd *d, const struct net_addr *from, unsigned *over)
{
	uint64_t now = now_ms();
	struct rrl_slot *sl = rrl_slot(d, from, now);
	int64_t cap = (int64_t)d->rate * 1000;

	if (now > sl->last_ms) {
		sl->tokens += (int64_t)(now - sl->last_ms) * d->rate;
		if (sl->tokens > cap)
			sl->tokens = cap;
		sl->last_ms = now;
	}
	if (sl->tokens >= 1000) {
		sl->tokens -= 1000;
		return 1;
	}
	*over = ++sl->over;
	return 0;
}

/*
 * The slip reply to q: its header and question with QR and TC set and no
 * records, which sends a real resolver to TCP. Its length, or 0 for a
 * query that is not one well-formed question (it gets nothing).
 */
static size_t
slip_reply(const uint8_t *q, size_t qlen, uint8_t *out, size_t cap)
{
	size_t off = 12, len;

	if (qlen < 12 || (q[2] & 0x80) != 0 || q[4] != 0 || q[5] != 1)
		return 0;
	for (;;) {
		if (off >= qlen || q[off] > 63)
			return 0;
		if (q[off] == 0)
			break;
		off += 1 + (size_t)q[off];
		if (off - 12 > 254)
			return 0;
	}
	len = off + 1 + 4;
	if (len > qlen || len > cap)
		return 0;
	memcpy(out, q, len);
	out[2] = (uint8_t)((q[2] & 0x79) | 0x80 | 0x02);  /* QR, opcode, TC, RD */
	out[3] = 0;
	memset(out + 6, 0, 6);
	return len;
}

/* --- UDP ----------------------------------------------------------------- */

static void
on_udp(evutil_socket_t fd, short what, void *arg)
{
	struct net_dnsd *d = arg;
	uint8_t q[DNSD_MSG_MAX];
	struct sockaddr_storage ss;
	socklen_t sl;
	struct net_addr from;
	ssize_t n;
	size_t len;
	unsigned over = 0;
	int i;

	(void)what;
	for (i = 0; i < DNSD_UDP_READS; i++) {
		sl = sizeof(ss);
		n = recvfrom(fd, q, sizeof(q), 0, (struct sockaddr *)&ss, &sl);
		if (n < 0)
			return;               /* EAGAIN, or an ICMP error: next time */
		from_sockaddr(&from, &ss);
		if (d->rate == 0 || rrl_allow(d, &from, &over)) {
			len = d->fn(d->arg, &from, 0, q, (size_t)n, d->udp_out,
			    sizeof(d->udp_out));
		} else if (over % 2 == 1 &&
		    (len = slip_reply(q, (size_t)n, d->udp_out,
		    sizeof(d->udp_out))) > 0) {
			atomic_fetch_add_explicit(&d->n_slipped, 1,
			    memory_order_relaxed);
		} else {
			atomic_fetch_add_explicit(&d->n_dropped, 1,
			    memory_order_relaxed);
			len = 0;
		}
		if (len > 0)
			(void)sendto(fd, d->udp_out, len, 0, (struct sockaddr *)&ss,
			    sl);
	}
}

/* --- TCP ----------------------------------------------------------------- */

static void
tcp_close(struct dnsd_tcp *t)
{
	struct net_dnsd *d = t->d;

	if (t->prev != NULL)
		t->prev->next = t->next;
	else
		d->conns = t->next;
	if (t->next != NULL)
		t->next->prev = t->prev;
	d->n_conns--;
	event_free(t->ev);
	close(t->fd);
	free(t);
}

static void on_tcp(evutil_socket_t fd, short what, void *arg);

static int
tcp_rearm(struct dnsd_tcp *t, short what)
{
	struct timeval tv = { DNSD_TCP_IDLE_S, 0 };

	event_del(t->ev);
	if (event_assign(t->ev, t->d->base, t->fd, what, on_tcp, t) != 0)
		return -1;
	return event_add(t->ev, &tv);
}

static void
on_tcp(evutil_socket_t fd, short what, void *arg)
{
	struct dnsd_tcp *t = arg;
	struct net_dnsd *d = t->d;
	ssize_t n;
	size_t need, len;

	if (what & EV_TIMEOUT) {
		tcp_close(t);
		return;
	}
	if (t->out_len > 0) {
		n = write(fd, t->out + t->out_off, t->out_len - t->out_off);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			tcp_close(t);
			return;
		}
		t->out_off += (size_t)n;
		if (t->out_off < t->out_len)
			return;
		t->out_len = t->out_off = 0;
		if (tcp_rearm(t, EV_READ | EV_PERSIST) != 0)
			tcp_close(t);
		return;
	}
	need = t->in_len < 2 ? 2 : 2 + (((size_t)t->in[0] << 8) | t->in[1]);
	n = read(fd, t->in + t->in_len, need - t->in_len);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		tcp_close(t);
		return;
	}
	t->in_len += (size_t)n;
	if (t->in_len < 2)
		return;
	need = 2 + (((size_t)t->in[0] << 8) | t->in[1]);
	if (need == 2) {
		tcp_close(t);              /* a message of length 0 */
		return;
	}
	if (t->in_len < need)
		return;
	len = d->fn(d->arg, &t->from, 1, t->in + 2, need - 2, t->out + 2,
	    DNSD_MSG_MAX);
	t->in_len = 0;
	if (len == 0) {
		tcp_close(t);
		return;
	}
	t->out[0] = (uint8_t)(len >> 8);
	t->out[1] = (uint8_t)len;
	t->out_len = len + 2;
	t->out_off = 0;
	if (tcp_rearm(t, EV_WRITE | EV_PERSIST) != 0)
		tcp_close(t);
}

static void
on_accept(evutil_socket_t fd, short what, void *arg)
{
	struct net_dnsd *d = arg;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	struct dnsd_tcp *t;
	int c;

	(void)what;
	if ((c = accept4(fd, (struct sockaddr *)&ss, &sl,
	    SOCK_NONBLOCK | SOCK_CLOEXEC)) < 0)
		return;
	if (d->n_conns >= DNSD_TCP_MAX || (t = calloc(1, sizeof(*t))) == NULL) {
		close(c);
		return;
	}
	t->d = d;
	t->fd = c;
	from_sockaddr(&t->from, &ss);
	if ((t->ev = event_new(d->base, c, EV_READ | EV_PERSIST, on_tcp,
	    t)) == NULL) {
		close(c);
		free(t);
		return;
	}
	t->next = d->conns;
	if (d->conns != NULL)
		d->conns->prev = t;
	d->conns = t;
	d->n_conns++;
	if (tcp_rearm(t, EV_READ | EV_PERSIST) != 0)
		tcp_close(t);
}

/* --- life ---------------------------------------------------------------- */

static void
on_stop(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	event_base_loopbreak(arg);
}

struct net_dnsd *
net_dnsd_bind(const char *const *specs, size_t n, net_dnsd_answer_fn fn,
    void *arg, char *why, size_t whylen)
{
	struct net_dnsd *d;
	size_t i;
	int k, one = 1;

	if (n == 0 || n > DNSD_LISTEN_MAX) {
		snprintf(why, whylen, "DNS: between 1 and %d addresses",
		    DNSD_LISTEN_MAX);
		return NULL;
	}
	if ((d = calloc(1, sizeof(*d))) == NULL) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	d->fn = fn;
	d->arg = arg;
	d->stop_pipe[0] = d->stop_pipe[1] = -1;
	for (i = 0; i < n; i++) {
		struct sockaddr_storage ss;
		socklen_t sl;

		if (net_parse_hostport(specs[i], &ss, &sl) != 0) {
			snprintf(why, whylen, "DNS address %s: want ADDRESS:PORT or "
			    "[IPV6]:PORT", specs[i]);
			goto fail;
		}
		for (k = 0; k < 2; k++) {
			struct dnsd_sock *s = &d->s[d->n];

			s->tcp = k;
			s->fd = socket(ss.ss_family, (k ? SOCK_STREAM : SOCK_DGRAM) |
			    SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
			if (s->fd < 0) {
				snprintf(why, whylen, "DNS %s: %s", specs[i],
				    strerror(errno));
				goto fail;
			}
			d->n++;
			(void)setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one,
			    sizeof(one));
			if (ss.ss_family == AF_INET6)
				(void)setsockopt(s->fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
				    sizeof(one));
			if (bind(s->fd, (struct sockaddr *)&ss, sl) != 0 ||
			    (k && listen(s->fd, 64) != 0)) {
				snprintf(why, whylen, "DNS %s over %s: %s", specs[i],
				    k ? "TCP" : "UDP", strerror(errno));
				goto fail;
			}
		}
	}
	return d;
fail:
	net_dnsd_free(d);
	return NULL;
}

static void *
dnsd_main(void *arg)
{
	struct net_dnsd *d = arg;

	event_base_dispatch(d->base);
	return NULL;
}

int
net_dnsd_limit(struct net_dnsd *d, unsigned per_s)
{
	if (d->started || per_s > DNSD_RRL_MAX)
		return -1;
	if (per_s > 0 && d->rrl == NULL &&
	    (d->rrl = calloc(DNSD_RRL_SLOTS, sizeof(*d->rrl))) == NULL)
		return -1;
	if (getrandom(&d->salt, sizeof(d->salt), 0) != sizeof(d->salt))
		d->salt = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)d;
	d->rate = per_s;
	return 0;
}

void
net_dnsd_counts(struct net_dnsd *d, unsigned long *dropped,
    unsigned long *slipped)
{
	*dropped = atomic_load_explicit(&d->n_dropped, memory_order_relaxed);
	*slipped = atomic_load_explicit(&d->n_slipped, memory_order_relaxed);
}

int
net_dnsd_start(struct net_dnsd *d)
{
	size_t i;

	if ((d->base = event_base_new()) == NULL ||
	    pipe2(d->stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0 ||
	    (d->stop_ev = event_new(d->base, d->stop_pipe[0], EV_READ, on_stop,
	    d->base)) == NULL || event_add(d->stop_ev, NULL) != 0)
		return -1;
	for (i = 0; i < d->n; i++) {
		d->s[i].ev = event_new(d->base, d->s[i].fd, EV_READ | EV_PERSIST,
		    d->s[i].tcp ? on_accept : on_udp, d);
		if (d->s[i].ev == NULL || event_add(d->s[i].ev, NULL) != 0)
			return -1;
	}
	if (pthread_create(&d->thread, NULL, dnsd_main, d) != 0)
		return -1;
	d->started = 1;
	return 0;
}

void
net_dnsd_free(struct net_dnsd *d)
{
	size_t i;

	if (d == NULL)
		return;
	if (d->started) {
		char c = 1;

		if (write(d->stop_pipe[1], &c, 1) == 1)
			pthread_join(d->thread, NULL);
		else
			pthread_detach(d->thread);
	}
	while (d->conns != NULL)
		tcp_close(d->conns);
	for (i = 0; i < d->n; i++) {
		if (d->s[i].ev != NULL)
			event_free(d->s[i].ev);
		close(d->s[i].fd);
	}
	if (d->stop_ev != NULL)
		event_free(d->stop_ev);
	for (i = 0; i < 2; i++)
		if (d->stop_pipe[i] >= 0)
			close(d->stop_pipe[i]);
	if (d->base != NULL)
		event_base_free(d->base);
	free(d->rrl);
	free(d);
}
