/*
 * conn.c: stream connections on the seam's loop (libevent 2.1, raw
 * non-blocking sockets, our own buffers).
 *
 * A conn moves QUEUED -> CONNECTING -> OPEN -> DONE, or to ENDING when it
 * fails before its caller could see a callback (an immediate connect
 * error): the end is then delivered from the loop, so no callback ever
 * runs inside net_conn_open, net_conn_write or net_conn_close. A conn holds
 * one of its address's slots from CONNECTING until its socket is closed;
 * releasing a slot starts the next queued conn of that address (FIFO).
 *
 * Callbacks run through conn_emit(), which keeps the conn alive while the
 * callback runs: net_conn_close (or net_free) from inside only marks it,
 * and the memory goes when the callback returns.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "net/conn.h"
#include "net/internal.h"
#include "net/net.h"
#include "util/clock.h"

#define CONN_OUTBUF_MAX       (4 * 1024 * 1024)  /* queued, unsent bytes */
#define CONN_READ_CHUNK       16384
#define CONN_READ_PER_WAKEUP  (64 * 1024)        /* fairness between conns */
#define CONN_HOST_BUCKETS     256
#define CONN_PRELUDE_OUT_MAX  1024               /* one prelude command */

enum conn_state {
	CONN_QUEUED,      /* waiting for a slot of its address */
	CONN_CONNECTING,  /* connect in progress */
	CONN_OPEN,        /* connected: reading, writing */
	CONN_ENDING,      /* failed; the end event waits for the loop */
	CONN_DONE,        /* EOF or ERROR delivered (or being delivered) */
};

/* Connections ever attempted to one port of a host. */
struct conn_port {
	struct conn_port *next;
	uint16_t port;
	unsigned count;
};

/* One destination address in one class (web, SMTP): its queue and
 * per-port counters; the slots themselves are counted in net_limits. */
struct conn_host {
	struct conn_host *next;
	struct net_addr addr;
	enum net_class cls;
	struct net_conn *qhead, *qtail;  /* QUEUED conns, FIFO */
	struct conn_port *ports;
	struct net *net;
	struct event *retry_timer;       /* pumps the queue after a wait */
};

struct conn_buf {
	uint8_t *p;
	size_t off, len, cap;            /* data is p[off .. off+len) */
};

struct net_conn {
	struct net *net;                 /* NULL once net_free detached it */
	struct net_conn *prev, *next;    /* net->conns */
	struct net_conn *qnext;          /* host queue while QUEUED */
	struct conn_host *host;
	struct conn_port *port_ctr;
	enum conn_state state;
	enum net_status status;
	int err;
	enum net_conn_event end_ev;      /* ENDING: what to deliver */
	int fd;
	int holds_slot;
	int slot_only;                   /* a slot without a socket (libcurl's) */
	int busy;                        /* callbacks running on the stack */
	int closed;                      /* net_conn_close'd or detached */
	struct event *ev_read, *ev_write, *timer;
	struct sockaddr_storage sa;
	socklen_t salen;
	struct net_addr addr;
	uint16_t port;
	uint32_t timeout_ms;
	net_conn_cb cb;
	void *arg;
	struct conn_buf in, out;
	/* prelude (STARTTLS): runs while in_prelude; user writes wait in held */
	const struct net_prelude_ops *pre;
	const void *pre_arg;
	void *pre_st;
	int in_prelude;
	int pre_failed;
	struct conn_buf held;
};

static void conn_read_cb(evutil_socket_t, short, void *);
static void conn_write_cb(evutil_socket_t, short, void *);
static void conn_timer_cb(evutil_socket_t, short, void *);

/* --- buffers -------------------------------------------------------------- */

/* Make room for need more bytes after the data; 0 or -1 (ENOMEM, cap). */
static int
buf_reserve(struct conn_buf *b, size_t need, size_t max)
{
	size_t ncap;
	uint8_t *np;

	if (need > max || b->len > max - need)
		return -1;
	if (b->off + b->len + need <= b->cap)
		return 0;
	if (b->off > 0) {
		memmove(b->p, b->p + b->off, b->len);
		b->off = 0;
		if (b->len + need <= b->cap)
			return 0;
	}
	ncap = b->cap ? b->cap : 4096;
	while (ncap < b->len + need)
		ncap = ncap > max / 2 ? max : ncap * 2;
	if ((np = realloc(b->p, ncap)) == NULL)
		return -1;
	b->p = np;
	b->cap = ncap;
	return 0;
}

static void
buf_consume(struct conn_buf *b, size_t n)
{
	if (n > b->len)
		n = b->len;
	b->off += n;
	b->len -= n;
	if (b->len == 0)
		b->off = 0;
}

static void
buf_free(struct conn_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* --- hosts and counters --------------------------------------------------- */

static struct conn_host *
host_find(struct net *n, const struct net_addr *a, enum net_class cls,
    int create)
{
	struct conn_host *h;
	size_t b;

	if (n->hosts == NULL) {
		if (!create)
			return NULL;
		n->hosts = calloc(CONN_HOST_BUCKETS, sizeof(*n->hosts));
		if (n->hosts == NULL)
			return NULL;
	}
	b = net_limits_hash(a, cls) % CONN_HOST_BUCKETS;
	for (h = n->hosts[b]; h != NULL; h = h->next)
		if (h->cls == cls && net_addr_cmp(&h->addr, a) == 0)
			return h;
	if (!create || (h = calloc(1, sizeof(*h))) == NULL)
		return NULL;
	h->addr = *a;
	h->cls = cls;
	h->net = n;
	h->next = n->hosts[b];
	n->hosts[b] = h;
	return h;
}

static struct conn_port *
host_port(struct conn_host *h, uint16_t port, int create)
{
	struct conn_port *p;

	for (p = h->ports; p != NULL; p = p->next)
		if (p->port == port)
			return p;
	if (!create || (p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->port = port;
	p->next = h->ports;
	h->ports = p;
	return p;
}

static void
hosts_free(struct net *n)
{
	struct conn_host *h, *hn;
	struct conn_port *p, *pn;
	size_t b;

	if (n->hosts == NULL)
		return;
	for (b = 0; b < CONN_HOST_BUCKETS; b++)
		for (h = n->hosts[b]; h != NULL; h = hn) {
			hn = h->next;
			for (p = h->ports; p != NULL; p = pn) {
				pn = p->next;
				free(p);
			}
			if (h->retry_timer != NULL)
				event_free(h->retry_timer);
			free(h);
		}
	free(n->hosts);
	n->hosts = NULL;
}

static void
host_unqueue(struct conn_host *h, struct net_conn *c)
{
	struct net_conn **pp, *prev = NULL;

	for (pp = &h->qhead; *pp != NULL; prev = *pp, pp = &(*pp)->qnext)
		if (*pp == c) {
			*pp = c->qnext;
			if (h->qtail == c)
				h->qtail = prev;
			c->qnext = NULL;
			return;
		}
}

/* --- the conn's resources ------------------------------------------------- */

static void
conn_set_state(struct net_conn *c, enum conn_state to)
{
	c->state = to;
}

/* Close the socket and its events and give the slot back (no pump). */
static void
conn_release_io(struct net_conn *c)
{
	if (c->ev_read != NULL) {
		event_free(c->ev_read);
		c->ev_read = NULL;
	}
	if (c->ev_write != NULL) {
		event_free(c->ev_write);
		c->ev_write = NULL;
	}
	if (c->fd != -1) {
		close(c->fd);
		c->fd = -1;
	}
	if (c->holds_slot) {
		c->holds_slot = 0;
		if (c->net != NULL)
			net_limits_put(c->net->limits, &c->host->addr,
			    c->host->cls);
	}
}

static void conn_start(struct net_conn *c);
static void host_pump(struct net *n, struct conn_host *h);

static void
host_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	struct conn_host *h = arg;

	(void)fd;
	(void)what;
	host_pump(h->net, h);
}

/* Pump h again in wait_ms; 0 if armed, -1 if no timer could be had. */
static int
host_retry(struct net *n, struct conn_host *h, uint32_t wait_ms)
{
	struct timeval tv;

	if (h->retry_timer == NULL &&
	    (h->retry_timer = evtimer_new(n->base, host_retry_cb, h)) == NULL)
		return -1;
	if (evtimer_pending(h->retry_timer, NULL))
		return 0;
	tv.tv_sec = wait_ms / 1000;
	tv.tv_usec = (suseconds_t)(wait_ms % 1000) * 1000;
	return evtimer_add(h->retry_timer, &tv);
}

/*
 * Start queued conns of h while the limits give slots. When they do not,
 * a timer pumps again once the gap has passed; a release by this net pumps
 * at once, one by another net (another thread) is seen by polling.
 */
static void
host_pump(struct net *n, struct conn_host *h)
{
	struct net_conn *c;
	uint32_t wait;

	if (n == NULL || n->closing || h == NULL)
		return;
	while (h->qhead != NULL) {
		if (!net_limits_take(n->limits, &h->addr, h->cls, &wait)) {
			if (wait == 0 && net_limits_shared(n->limits))
				wait = NET_LIMITS_POLL_MS;
			/* (without a timer, the next release here pumps) */
			if (wait > 0)
				(void)host_retry(n, h, wait);
			return;
		}
		c = h->qhead;
		h->qhead = c->qnext;
		if (h->qhead == NULL)
			h->qtail = NULL;
		c->qnext = NULL;
		conn_start(c);
	}
}

/* Take the conn off every list of its net; it keeps its memory. */
static void
conn_detach(struct net_conn *c)
{
	struct net *n = c->net;

	conn_release_io(c);
	if (c->timer != NULL) {
		event_free(c->timer);
		c->timer = NULL;
	}
	if (n == NULL)
		return;
	if (c->state == CONN_QUEUED)
		host_unqueue(c->host, c);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else if (n->conns == c)
		n->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
	c->net = NULL;
	host_pump(n, c->host);
}

static void
conn_prelude_free(struct net_conn *c)
{
	if (c->pre_st != NULL)
		c->pre->free(c->pre_st);
	c->pre_st = NULL;
}

static void
conn_destroy(struct net_conn *c)
{
	buf_free(&c->in);
	buf_free(&c->out);
	buf_free(&c->held);
	conn_prelude_free(c);
	free(c);
}

/* Run the callback; 1 if the conn is gone afterwards (closed inside). */
static int
conn_emit(struct net_conn *c, enum net_conn_event ev)
{
	c->busy++;
	c->cb(c->arg, c, ev);
	c->busy--;
	if (!c->closed)
		return 0;
	if (c->busy == 0)
		conn_destroy(c);
	return 1;
}

/* The end of a conn's life on the wire: release, then one last event. */
static int
conn_end(struct net_conn *c, enum net_conn_event ev, enum net_status st,
    int err)
{
	if (c->state == CONN_QUEUED && c->net != NULL)
		host_unqueue(c->host, c);
	conn_release_io(c);
	if (c->timer != NULL)
		evtimer_del(c->timer);
	c->status = st;
	c->err = err;
	conn_set_state(c, CONN_DONE);
	host_pump(c->net, c->host);
	return conn_emit(c, ev);
}

/* A failure the caller must not hear of before its call returns. */
static void
conn_fail_later(struct net_conn *c, enum net_status st, int err)
{
	conn_release_io(c);
	c->status = st;
	c->err = err;
	c->end_ev = NET_EV_ERROR;
	conn_set_state(c, CONN_ENDING);
	evtimer_del(c->timer);
	event_active(c->timer, EV_TIMEOUT, 0);
}

static void
conn_arm_timer(struct net_conn *c)
{
	struct timeval tv;

	if (c->timer == NULL)
		return;
	evtimer_del(c->timer);
	if (c->timeout_ms == 0 ||
	    (c->state != CONN_CONNECTING && c->state != CONN_OPEN))
		return;
	tv.tv_sec = c->timeout_ms / 1000;
	tv.tv_usec = (suseconds_t)(c->timeout_ms % 1000) * 1000;
	if (evtimer_add(c->timer, &tv) != 0)
		conn_fail_later(c, NET_ERROR, errno ? errno : EIO);
}

/* Called by host_pump only: take a slot and connect. */
static void
conn_start(struct net_conn *c)
{
	int e = 0;

	conn_set_state(c, CONN_CONNECTING);
	c->holds_slot = 1;
	c->port_ctr->count++;
	if (c->slot_only) {
		/* granted: told from the loop, never inside the caller */
		event_active(c->timer, EV_TIMEOUT, 0);
		return;
	}
	if (!net_permits_sockaddr(c->net, (const struct sockaddr *)&c->sa))
		e = EACCES;
	else if ((c->fd = socket(c->sa.ss_family, SOCK_STREAM |
	    SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) == -1)
		e = errno;
	else if (connect(c->fd, (struct sockaddr *)&c->sa, c->salen) != 0)
		e = errno;
	if (e != 0 && e != EINPROGRESS) {
		conn_fail_later(c, net_errno_status(e), e);
		return;
	}
	c->ev_read = event_new(c->net->base, c->fd, EV_READ | EV_PERSIST,
	    conn_read_cb, c);
	c->ev_write = event_new(c->net->base, c->fd, EV_WRITE | EV_PERSIST,
	    conn_write_cb, c);
	if (c->ev_read == NULL || c->ev_write == NULL ||
	    event_add(c->ev_write, NULL) != 0) {
		conn_fail_later(c, NET_NOMEM, ENOMEM);
		return;
	}
	/* A connect done at once still reports writable. */
	conn_arm_timer(c);
}

/* --- I/O ------------------------------------------------------------------ */

static int conn_queue_out(struct net_conn *c, const void *buf, size_t len);

/*
 * Feed the buffered input to the prelude. Returns 1 if the conn is gone or
 * ended, 0 if it goes on (still in the prelude, or handed to the user).
 */
static int
conn_prelude_step(struct net_conn *c)
{
	uint8_t out[CONN_PRELUDE_OUT_MAX];
	size_t used = 0, outlen = 0;
	enum net_prelude_rc rc;

	rc = c->pre->input(c->pre_st, c->in.len ? c->in.p + c->in.off : NULL,
	    c->in.len, &used, out, sizeof(out), &outlen);
	if (used > c->in.len)
		used = c->in.len;
	buf_consume(&c->in, used);
	if (outlen > sizeof(out))
		outlen = sizeof(out);
	if (rc == NET_PRELUDE_FAIL) {
		c->pre_failed = 1;
		(void)conn_end(c, NET_EV_ERROR, NET_PRELUDE, 0);
		return 1;
	}
	if (outlen > 0 && conn_queue_out(c, out, outlen) != 0) {
		(void)conn_end(c, NET_EV_ERROR, NET_NOMEM, ENOMEM);
		return 1;
	}
	if (rc == NET_PRELUDE_MORE)
		return 0;
	c->in_prelude = 0;
	if (c->held.len > 0) {
		if (conn_queue_out(c, c->held.p + c->held.off,
		    c->held.len) != 0) {
			(void)conn_end(c, NET_EV_ERROR, NET_NOMEM, ENOMEM);
			return 1;
		}
		buf_consume(&c->held, c->held.len);
	}
	if (conn_emit(c, NET_EV_CONNECTED) || c->state != CONN_OPEN)
		return 1;
	return 0;
}

static void
conn_connected(struct net_conn *c)
{
	int soerr = 0;
	socklen_t len = sizeof(soerr);

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0)
		soerr = errno;
	if (soerr == EINPROGRESS || soerr == EALREADY)
		return;
	if (soerr != 0) {
		(void)conn_end(c, NET_EV_ERROR, net_errno_status(soerr), soerr);
		return;
	}
	conn_set_state(c, CONN_OPEN);
	if (event_add(c->ev_read, NULL) != 0) {
		(void)conn_end(c, NET_EV_ERROR, NET_ERROR, errno ? errno : EIO);
		return;
	}
	if (c->out.len == 0)
		event_del(c->ev_write);
	conn_arm_timer(c);
	if (c->state != CONN_OPEN)
		return;  /* the timer failed: the end comes from the loop */
	if (c->pre != NULL) {
		if ((c->pre_st = c->pre->start(c->pre_arg)) == NULL) {
			(void)conn_end(c, NET_EV_ERROR, NET_NOMEM, ENOMEM);
			return;
		}
		c->in_prelude = 1;
		(void)conn_prelude_step(c);
		return;
	}
	(void)conn_emit(c, NET_EV_CONNECTED);
}

/*
 * The peer closed, or reset the connection, during the prelude: that is
 * the prelude's failure (SMTP: closed before the dialog ended), not a
 * network error. 1 when the conn ended so; e is 0 for an orderly close.
 */
static int
conn_prelude_closed(struct net_conn *c, int e)
{
	if (!c->in_prelude || (e != 0 && e != ECONNRESET && e != EPIPE))
		return 0;
	c->pre->eof(c->pre_st);
	c->pre_failed = 1;
	(void)conn_end(c, NET_EV_ERROR, NET_PRELUDE, 0);
	return 1;
}

static void
conn_flush(struct net_conn *c)
{
	while (c->out.len > 0) {
		ssize_t w = send(c->fd, c->out.p + c->out.off, c->out.len,
		    MSG_NOSIGNAL);

		if (w < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			if (e == EAGAIN || e == EWOULDBLOCK)
				return;
			if (conn_prelude_closed(c, e))
				return;
			(void)conn_end(c, NET_EV_ERROR, net_errno_status(e), e);
			return;
		}
		buf_consume(&c->out, (size_t)w);
	}
	event_del(c->ev_write);
}

static void
conn_write_cb(evutil_socket_t fd, short what, void *arg)
{
	struct net_conn *c = arg;

	if (c->state == CONN_CONNECTING)
		conn_connected(c);
	else if (c->state == CONN_OPEN)
		conn_flush(c);
}

static void
conn_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct net_conn *c = arg;
	size_t got = 0;
	int eof = 0, over = 0, e = 0;

	if (c->state != CONN_OPEN)
		return;
	while (got < CONN_READ_PER_WAKEUP) {
		size_t room = NET_CONN_INBUF_MAX - c->in.len;
		ssize_t r;
		uint8_t peek;

		if (room == 0 && got > 0)
			break;  /* let the callback consume first */
		if (room == 0) {
			/* Full and unconsumed: any further byte is too many. */
			r = recv(c->fd, &peek, 1, MSG_PEEK);
			if (r > 0)
				over = 1;
		} else {
			if (room > CONN_READ_CHUNK)
				room = CONN_READ_CHUNK;
			if (buf_reserve(&c->in, room,
			    NET_CONN_INBUF_MAX) != 0) {
				e = ENOMEM;
				break;
			}
			r = recv(c->fd, c->in.p + c->in.off + c->in.len, room,
			    0);
			if (r > 0) {
				c->in.len += (size_t)r;
				got += (size_t)r;
			}
		}
		if (r == 0)
			eof = 1;
		else if (r < 0 && errno == EINTR)
			continue;
		else if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			e = errno;
		if (r <= 0 || over || room == 0)
			break;
	}
	if (got > 0) {
		conn_arm_timer(c);
		if (c->in_prelude) {
			if (conn_prelude_step(c))
				return;
			if (!c->in_prelude && c->in.len > 0 &&
			    (conn_emit(c, NET_EV_DATA) || c->state != CONN_OPEN))
				return;
		} else if (conn_emit(c, NET_EV_DATA) || c->state != CONN_OPEN)
			return;
	}
	if ((eof || e != 0) && conn_prelude_closed(c, eof ? 0 : e))
		return;
	if (over)
		(void)conn_end(c, NET_EV_ERROR, NET_BADREPLY, 0);
	else if (e != 0)
		(void)conn_end(c, NET_EV_ERROR, net_errno_status(e), e);
	else if (eof)
		(void)conn_end(c, NET_EV_EOF, NET_OK, 0);
}

static void
conn_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct net_conn *c = arg;

	switch (c->state) {
	case CONN_ENDING:
		conn_set_state(c, CONN_DONE);
		host_pump(c->net, c->host);
		(void)conn_emit(c, c->end_ev);
		break;
	case CONN_CONNECTING:
		if (c->slot_only) {
			conn_set_state(c, CONN_OPEN);
			(void)conn_emit(c, NET_EV_CONNECTED);
			break;
		}
		/* FALLTHROUGH */
	case CONN_OPEN:
		(void)conn_end(c, NET_EV_ERROR, NET_TIMEOUT, ETIMEDOUT);
		break;
	case CONN_QUEUED:
	case CONN_DONE:
		break;
	}
}

/* --- API ------------------------------------------------------------------ */

static struct net_conn *
conn_open(struct net *n, const struct net_addr *addr, uint16_t port,
    uint32_t timeout_ms, net_conn_cb cb, void *arg, int slot_only)
{
	struct net_conn *c;

	if (n == NULL || n->closing || addr == NULL || cb == NULL)
		return NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->fd = -1;
	c->net = n;
	c->addr = *addr;
	c->port = port;
	c->timeout_ms = timeout_ms;
	c->cb = cb;
	c->arg = arg;
	c->slot_only = slot_only;
	c->timer = evtimer_new(n->base, conn_timer_cb, c);
	c->host = host_find(n, addr, net_limits_class(port), 1);
	if (c->timer == NULL || c->host == NULL ||
	    (c->port_ctr = host_port(c->host, port, 1)) == NULL) {
		if (c->timer != NULL)
			event_free(c->timer);
		free(c);
		return NULL;
	}
	c->next = n->conns;
	if (n->conns != NULL)
		n->conns->prev = c;
	n->conns = c;
	if (net_addr_sockaddr(addr, port, &c->sa, &c->salen) != 0) {
		conn_fail_later(c, NET_ERROR, EAFNOSUPPORT);
		return c;
	}
	conn_set_state(c, CONN_QUEUED);
	if (c->host->qtail != NULL)
		c->host->qtail->qnext = c;
	else
		c->host->qhead = c;
	c->host->qtail = c;
	host_pump(n, c->host);
	return c;
}

struct net_conn *
net_conn_open(struct net *n, const struct net_addr *addr, uint16_t port,
    uint32_t timeout_ms, net_conn_cb cb, void *arg)
{
	return conn_open(n, addr, port, timeout_ms, cb, arg, 0);
}

/* Append to the send buffer and wake the writer; 0 or -1. */
static int
conn_queue_out(struct net_conn *c, const void *buf, size_t len)
{
	if (buf_reserve(&c->out, len, CONN_OUTBUF_MAX) != 0)
		return -1;
	memcpy(c->out.p + c->out.off + c->out.len, buf, len);
	c->out.len += len;
	if (c->state == CONN_OPEN && event_add(c->ev_write, NULL) != 0) {
		conn_fail_later(c, NET_ERROR, errno ? errno : EIO);
		return -1;
	}
	return 0;
}

int
net_conn_write(struct net_conn *c, const void *buf, size_t len)
{
	if (c == NULL || c->closed || c->state == CONN_ENDING ||
	    c->state == CONN_DONE)
		return -1;
	if (len == 0)
		return 0;
	if (c->pre != NULL && (c->in_prelude || c->state != CONN_OPEN)) {
		if (buf_reserve(&c->held, len, CONN_OUTBUF_MAX) != 0)
			return -1;
		memcpy(c->held.p + c->held.off + c->held.len, buf, len);
		c->held.len += len;
		return 0;
	}
	return conn_queue_out(c, buf, len);
}

struct net_conn *
net_conn_open_prelude(struct net *n, const struct net_addr *addr,
    uint16_t port, uint32_t timeout_ms, const struct net_prelude_ops *ops,
    const void *prelude_arg, net_conn_cb cb, void *arg)
{
	struct net_conn *c;

	if (ops == NULL || ops->start == NULL || ops->input == NULL ||
	    ops->eof == NULL || ops->code == NULL || ops->why == NULL ||
	    ops->free == NULL)
		return NULL;
	if ((c = net_conn_open(n, addr, port, timeout_ms, cb, arg)) == NULL)
		return NULL;
	c->pre = ops;
	c->pre_arg = prelude_arg;
	return c;
}

int
net_conn_in_prelude(const struct net_conn *c)
{
	return c != NULL && c->in_prelude && c->state == CONN_OPEN;
}

const char *
net_conn_prelude_code(const struct net_conn *c)
{
	if (c->pre == NULL || c->pre_st == NULL)
		return NULL;
	if (!c->pre_failed && c->in_prelude && c->status == NET_TIMEOUT)
		return "timeout";
	return c->pre_failed ? c->pre->code(c->pre_st) : NULL;
}

const char *
net_conn_prelude_why(const struct net_conn *c)
{
	if (c->pre == NULL || c->pre_st == NULL)
		return NULL;
	if (!c->pre_failed && c->in_prelude && c->status == NET_TIMEOUT)
		return c->pre->why(c->pre_st);
	return c->pre_failed ? c->pre->why(c->pre_st) : NULL;
}

const uint8_t *
net_conn_data(struct net_conn *c, size_t *len)
{
	*len = c->in.len;
	return c->in.len > 0 ? c->in.p + c->in.off : NULL;
}

void
net_conn_consume(struct net_conn *c, size_t n)
{
	buf_consume(&c->in, n);
}

void
net_conn_set_timeout(struct net_conn *c, uint32_t timeout_ms)
{
	c->timeout_ms = timeout_ms;
	if (c->state == CONN_OPEN)
		conn_arm_timer(c);
}

enum net_status
net_conn_status(const struct net_conn *c)
{
	return c->status;
}

int
net_conn_errno(const struct net_conn *c)
{
	return c->err;
}

const struct net_addr *
net_conn_addr(const struct net_conn *c)
{
	return &c->addr;
}

void
net_conn_close(struct net_conn *c)
{
	if (c == NULL || c->closed)
		return;
	conn_detach(c);
	c->closed = 1;
	if (c->busy == 0)
		conn_destroy(c);
}

/* Pump every host (after a limit was raised). */
static void
hosts_pump(struct net *n)
{
	struct conn_host *h;
	size_t b;

	if (n->hosts == NULL)
		return;
	for (b = 0; b < CONN_HOST_BUCKETS; b++)
		for (h = n->hosts[b]; h != NULL; h = h->next)
			host_pump(n, h);
}

void
net_set_limit(struct net *n, enum net_class cls, const struct net_limit *lim)
{
	net_limits_set(n->limits, cls, lim);
	hosts_pump(n);
}

/* One field of every class's limit: the most conns (gap NULL) or the
 * gap (max NULL). */
static void
set_all_classes(struct net *n, const unsigned *max, const uint32_t *gap)
{
	struct net_limit lim;
	int cls;

	for (cls = 0; cls < NET_CLASS_N; cls++) {
		net_limits_get(n->limits, (enum net_class)cls, &lim);
		if (max != NULL)
			lim.max_conns = *max;
		if (gap != NULL)
			lim.gap_ms = *gap;
		net_limits_set(n->limits, (enum net_class)cls, &lim);
	}
	hosts_pump(n);
}

void
net_set_per_addr_gap(struct net *n, uint32_t gap_ms)
{
	set_all_classes(n, NULL, &gap_ms);
}

void
net_set_per_addr_limit(struct net *n, unsigned limit)
{
	set_all_classes(n, &limit, NULL);
}

int
net_use_limits(struct net *n, struct net_limits *l)
{
	if (n->conns != NULL || l == NULL)
		return -1;
	net_limits_ref(l);
	net_limits_user(l, 1);
	net_limits_user(n->limits, -1);
	net_limits_unref(n->limits);
	n->limits = l;
	return 0;
}

struct net_limits *
net_get_limits(struct net *n)
{
	return n->limits;
}

struct net_conn *
net_conn_open_slot(struct net *n, const struct net_addr *addr, uint16_t port,
    net_conn_cb cb, void *arg)
{
	return conn_open(n, addr, port, 0, cb, arg, 1);
}

unsigned
net_conn_count(struct net *n, const struct net_addr *addr, uint16_t port)
{
	struct conn_host *h;
	struct conn_port *p;

	if (n == NULL || addr == NULL ||
	    (h = host_find(n, addr, net_limits_class(port), 0)) == NULL ||
	    (p = host_port(h, port, 0)) == NULL)
		return 0;
	return p->count;
}

void
net_conn_free_all(struct net *n)
{
	struct net_conn *c;

	n->closing = 1;
	while ((c = n->conns) != NULL) {
		if (c->state != CONN_DONE) {
			if (conn_end(c, NET_EV_ERROR, NET_CANCELLED, 0))
				continue;
		}
		conn_detach(c);
		c->closed = 1;
		if (c->busy == 0)
			conn_destroy(c);
	}
	hosts_free(n);
}
