/*
 * net.c: the seam on libevent 2.1.
 *
 * Every operation is one struct net_op on its struct net's list, with one
 * socket, one I/O event and one timer. The I/O and timer callbacks only
 * turn events into state transitions; an operation ends in exactly one
 * place, op_finish(), which unlinks and releases everything before calling
 * back, so a callback may start new operations or even call net_free().
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "dns/dns.h"
#include "net/internal.h"
#include "net/targets.h"
#include "net/net.h"
#include "util/clock.h"

#define NET_DNS_MAX_MSG     65535  /* largest DNS message, UDP or TCP */
#define NET_DNS_MIN_MSG     12     /* a DNS header */
#define NET_UDP_READS_MAX   16     /* datagrams drained per wakeup */
#define NET_DNS_FLAG_TC     0x02   /* in the third header octet */

enum op_kind {
	OP_PROBE,
	OP_DNS,
};

enum op_state {
	OP_CONNECTING,   /* TCP connect in progress (probe, DNS over TCP) */
	OP_UDP_WAIT,     /* DNS query sent, waiting for a matching reply */
	OP_TCP_WRITE,    /* sending the length-prefixed query */
	OP_TCP_READ,     /* reading the length-prefixed reply */
};

struct net_op {
	struct net *net;
	struct net_op *prev, *next;
	enum op_kind kind;
	enum op_state state;
	int fd;
	struct event *io;
	struct event *timer;
	struct timespec start;
	uint32_t timeout_ms;
	int half_done;          /* DNS: the mid-deadline timer has fired */
	struct sockaddr_storage sa;
	socklen_t salen;
	net_connect_cb probe_cb;
	net_dns_cb dns_cb;
	void *arg;

	/* DNS only */
	uint8_t *query;
	size_t query_len;
	int over_tcp;
	int saw_junk;           /* a non-matching datagram arrived */
	uint8_t *tcp_out;       /* 2-byte length + query */
	size_t tcp_out_len;
	uint8_t tcp_lenbuf[2];
	uint8_t *tcp_in;
	size_t tcp_in_len;      /* announced reply length */
	size_t io_off;          /* progress within the current TCP phase */
};

static void op_io_cb(evutil_socket_t, short, void *);
static void op_timer_cb(evutil_socket_t, short, void *);

static const char *status_code[] = {
	[NET_OK] = "ok",
	[NET_TIMEOUT] = "timeout",
	[NET_REFUSED] = "refused",
	[NET_UNREACHABLE] = "unreachable",
	[NET_ERROR] = "error",
	[NET_BADREPLY] = "bad_reply",
	[NET_NOMEM] = "nomem",
	[NET_CANCELLED] = "cancelled",
	[NET_PRELUDE] = "prelude",
	[NET_FORBIDDEN] = "forbidden",
};

const char *
net_status_code(enum net_status st)
{
	if ((size_t)st >= sizeof(status_code) / sizeof(status_code[0]))
		return "error";
	return status_code[st];
}

/* --- addresses ----------------------------------------------------------- */

int
net_addr_parse(struct net_addr *a, const char *text)
{
	if (a == NULL || text == NULL)
		return -1;
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, text, a->bytes) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, text, a->bytes) == 1)
		a->family = AF_INET6;
	else
		return -1;
	/* Keep the canonical form, not what the user typed. */
	if (inet_ntop(a->family, a->bytes, a->text, sizeof(a->text)) == NULL)
		return -1;
	return 0;
}

int
net_addr_from_bytes(struct net_addr *a, const void *bytes, size_t len)
{
	if (a == NULL || bytes == NULL || (len != 4 && len != 16))
		return -1;
	memset(a, 0, sizeof(*a));
	a->family = len == 4 ? AF_INET : AF_INET6;
	memcpy(a->bytes, bytes, len);
	if (inet_ntop(a->family, a->bytes, a->text, sizeof(a->text)) == NULL)
		return -1;
	return 0;
}

int
net_addr_is_v4mapped(const struct net_addr *a)
{
	static const uint8_t prefix[12] =
	    { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	return a != NULL && a->family == AF_INET6 &&
	    memcmp(a->bytes, prefix, sizeof(prefix)) == 0;
}

int
net_addr_sockaddr(const struct net_addr *a, uint16_t port,
    struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, a->bytes, 4);
		*len = sizeof(*sin);
		return 0;
	}
	if (a->family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, a->bytes, 16);
		*len = sizeof(*sin6);
		return 0;
	}
	return -1;
}

/* --- the seam ------------------------------------------------------------- */

struct net *
net_new(struct event_base *base)
{
	struct net *n;

	if (base == NULL || (n = calloc(1, sizeof(*n))) == NULL)
		return NULL;
	n->base = base;
	if ((n->limits = net_limits_new()) == NULL) {
		free(n);
		return NULL;
	}
	net_limits_user(n->limits, 1);
	return n;
}

struct event_base *
net_base(struct net *n)
{
	return n->base;
}

void
net_set_targets(struct net *n, const struct net_targets *t)
{
	n->targets = t;
}

int
net_permits(const struct net *n, const struct net_addr *a)
{
	return net_targets_permit(n->targets, a, NULL);
}

int
net_permits_sockaddr(const struct net *n, const struct sockaddr *sa)
{
	struct net_addr a;

	if (n->targets == NULL)
		return 1;
	if (sa->sa_family == AF_INET)
		(void)net_addr_from_bytes(&a,
		    &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
	else if (sa->sa_family == AF_INET6)
		(void)net_addr_from_bytes(&a,
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
	else
		return 0;
	return net_permits(n, &a);
}

enum net_status
net_errno_status(int e)
{
	switch (e) {
	case 0:
		return NET_OK;
	case ECONNREFUSED:
		return NET_REFUSED;
	case EHOSTUNREACH:
	case ENETUNREACH:
	case EADDRNOTAVAIL:
	case EHOSTDOWN:
	case ENETDOWN:
		return NET_UNREACHABLE;
	case ETIMEDOUT:
		return NET_TIMEOUT;
	case ENOMEM:
		return NET_NOMEM;
	case EACCES:          /* the target policy (net_permits) */
		return NET_FORBIDDEN;
	default:
		return NET_ERROR;
	}
}

static struct net_op *
op_new(struct net *n, enum op_kind kind, const struct net_addr *addr,
    uint16_t port, uint32_t timeout_ms, void *arg)
{
	struct net_op *op;

	if ((op = calloc(1, sizeof(*op))) == NULL)
		return NULL;
	if ((op->timer = evtimer_new(n->base, op_timer_cb, op)) == NULL) {
		free(op);
		return NULL;
	}
	op->net = n;
	op->kind = kind;
	op->fd = -1;
	op->timeout_ms = timeout_ms;
	op->arg = arg;
	clock_start(&op->start);
	if (addr == NULL ||
	    net_addr_sockaddr(addr, port, &op->sa, &op->salen) != 0)
		op->salen = 0;
	op->next = n->ops;
	if (n->ops != NULL)
		n->ops->prev = op;
	n->ops = op;
	return op;
}

/* Close the socket and drop its event; the timer stays. */
static void
op_close_fd(struct net_op *op)
{
	if (op->io != NULL) {
		event_free(op->io);
		op->io = NULL;
	}
	if (op->fd != -1) {
		close(op->fd);
		op->fd = -1;
	}
}

/* Unlink and release everything but the op itself. */
static void
op_release(struct net_op *op)
{
	struct net *n = op->net;

	if (op->prev != NULL)
		op->prev->next = op->next;
	else if (n->ops == op)
		n->ops = op->next;
	if (op->next != NULL)
		op->next->prev = op->prev;
	op->prev = op->next = NULL;
	op_close_fd(op);
	if (op->timer != NULL) {
		event_free(op->timer);
		op->timer = NULL;
	}
}

static void
op_free(struct net_op *op)
{
	free(op->query);
	free(op->tcp_out);
	free(op->tcp_in);
	free(op);
}

/* The single end of every operation: release, call back once, free. */
static void
op_finish(struct net_op *op, enum net_status st, int err,
    const uint8_t *wire, size_t wire_len)
{
	uint32_t el = clock_elapsed_ms(&op->start);

	op_release(op);
	if (op->kind == OP_PROBE) {
		struct net_connect_result r;

		memset(&r, 0, sizeof(r));
		r.status = st;
		r.err = err;
		r.elapsed_ms = el;
		op->probe_cb(op->arg, &r);
	} else {
		struct net_dns_result r;

		memset(&r, 0, sizeof(r));
		r.status = st;
		r.err = err;
		r.over_tcp = op->over_tcp;
		r.wire = (uint8_t *)wire;
		r.wire_len = wire_len;
		r.elapsed_ms = el;
		op->dns_cb(op->arg, &r);
	}
	op_free(op);
}

static void
op_fail_errno(struct net_op *op, int e)
{
	op_finish(op, net_errno_status(e), e, NULL, 0);
}

static int
op_arm_timer(struct net_op *op, uint32_t ms)
{
	struct timeval tv;

	tv.tv_sec = ms / 1000;
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	return evtimer_add(op->timer, &tv);
}

/* Watch the current socket for what, replacing any earlier event. */
static int
op_watch(struct net_op *op, short what)
{
	if (op->io != NULL) {
		event_free(op->io);
		op->io = NULL;
	}
	op->io = event_new(op->net->base, op->fd, what | EV_PERSIST, op_io_cb,
	    op);
	if (op->io == NULL)
		return -1;
	return event_add(op->io, NULL);
}

/*
 * Open a non-blocking socket of the given type and start connecting it.
 * Returns 0 when connected at once, EINPROGRESS when pending, else errno.
 */
static int
op_open(struct net_op *op, int type)
{
	if (op->salen == 0)
		return EAFNOSUPPORT;
	if (!net_permits_sockaddr(op->net, (const struct sockaddr *)&op->sa))
		return EACCES;
	op->fd = socket(op->sa.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (op->fd == -1)
		return errno;
	if (connect(op->fd, (struct sockaddr *)&op->sa, op->salen) == 0)
		return 0;
	return errno;
}

void
net_free(struct net *n)
{
	if (n == NULL)
		return;
	n->closing = 1;
	while (n->ops != NULL)
		op_finish(n->ops, NET_CANCELLED, 0, NULL, 0);
	net_conn_free_all(n);
	net_limits_user(n->limits, -1);
	net_limits_unref(n->limits);
	free(n);
}

/* --- TCP reachability ----------------------------------------------------- */

int
net_tcp_probe(struct net *n, const struct net_addr *addr, uint16_t port,
    uint32_t timeout_ms, net_connect_cb cb, void *arg)
{
	struct net_op *op;
	int e;

	if ((op = op_new(n, OP_PROBE, addr, port, timeout_ms, arg)) == NULL)
		return -1;
	op->probe_cb = cb;
	op->state = OP_CONNECTING;
	if (n->closing) {
		op_finish(op, NET_CANCELLED, 0, NULL, 0);
		return 0;
	}
	e = op_open(op, SOCK_STREAM);
	if (e == 0) {
		op_finish(op, NET_OK, 0, NULL, 0);
		return 0;
	}
	if (e != EINPROGRESS) {
		op_fail_errno(op, e);
		return 0;
	}
	if (op_watch(op, EV_WRITE) != 0 || op_arm_timer(op, timeout_ms) != 0) {
		if (op->io == NULL) {
			/* only event_new fails this way: out of memory */
			op_release(op);
			op_free(op);
			return -1;
		}
		op_fail_errno(op, errno ? errno : EIO);
	}
	return 0;
}

/* --- DNS query ------------------------------------------------------------ */

static int
dns_udp_send(struct net_op *op)
{
	ssize_t w = send(op->fd, op->query, op->query_len, 0);

	if (w < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : errno;
	return 0;
}

static void
dns_udp_read(struct net_op *op)
{
	uint8_t pkt[NET_DNS_MAX_MSG];
	int i;

	for (i = 0; i < NET_UDP_READS_MAX; i++) {
		ssize_t r = recv(op->fd, pkt, sizeof(pkt), 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			/* ICMP errors surface here on a connected socket. */
			op_fail_errno(op, errno);
			return;
		}
		if (!dns_wire_matches(op->query, op->query_len, pkt,
		    (size_t)r)) {
			op->saw_junk = 1;
			continue;
		}
		if (pkt[2] & NET_DNS_FLAG_TC) {
			int e;

			op_close_fd(op);
			op->over_tcp = 1;
			op->state = OP_CONNECTING;
			e = op_open(op, SOCK_STREAM);
			if (e != 0 && e != EINPROGRESS) {
				op_fail_errno(op, e);
				return;
			}
			if (op_watch(op, EV_WRITE) != 0) {
				op_finish(op, NET_NOMEM, ENOMEM, NULL, 0);
				return;
			}
			/* A connect done at once still reports writable. */
			return;
		}
		op_finish(op, NET_OK, 0, pkt, (size_t)r);
		return;
	}
}

static void
dns_tcp_write(struct net_op *op)
{
	while (op->io_off < op->tcp_out_len) {
		ssize_t w = send(op->fd, op->tcp_out + op->io_off,
		    op->tcp_out_len - op->io_off, MSG_NOSIGNAL);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			op_fail_errno(op, errno);
			return;
		}
		op->io_off += (size_t)w;
	}
	op->state = OP_TCP_READ;
	op->io_off = 0;
	if (op_watch(op, EV_READ) != 0)
		op_finish(op, NET_NOMEM, ENOMEM, NULL, 0);
}

static void
dns_tcp_read(struct net_op *op)
{
	for (;;) {
		uint8_t *dst;
		size_t want;
		ssize_t r;

		if (op->tcp_in == NULL) {
			dst = op->tcp_lenbuf + op->io_off;
			want = sizeof(op->tcp_lenbuf) - op->io_off;
		} else {
			dst = op->tcp_in + op->io_off;
			want = op->tcp_in_len - op->io_off;
		}
		r = recv(op->fd, dst, want, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			op_fail_errno(op, errno);
			return;
		}
		if (r == 0) {
			if (op->tcp_in == NULL && op->io_off == 0)
				op_finish(op, NET_ERROR, ECONNRESET, NULL, 0);
			else
				op_finish(op, NET_BADREPLY, 0, NULL, 0);
			return;
		}
		op->io_off += (size_t)r;
		if (op->tcp_in == NULL) {
			if (op->io_off < sizeof(op->tcp_lenbuf))
				continue;
			op->tcp_in_len = (size_t)op->tcp_lenbuf[0] << 8 |
			    op->tcp_lenbuf[1];
			if (op->tcp_in_len < NET_DNS_MIN_MSG) {
				op_finish(op, NET_BADREPLY, 0, NULL, 0);
				return;
			}
			if ((op->tcp_in = malloc(op->tcp_in_len)) == NULL) {
				op_finish(op, NET_NOMEM, ENOMEM, NULL, 0);
				return;
			}
			op->io_off = 0;
			continue;
		}
		if (op->io_off < op->tcp_in_len)
			continue;
		/* The connection is ours alone: a mismatch is a bad reply. */
		if (!dns_wire_matches(op->query, op->query_len, op->tcp_in,
		    op->tcp_in_len))
			op_finish(op, NET_BADREPLY, 0, NULL, 0);
		else
			op_finish(op, NET_OK, 0, op->tcp_in, op->tcp_in_len);
		return;
	}
}

static void
op_connected(struct net_op *op)
{
	int soerr = 0;
	socklen_t len = sizeof(soerr);

	if (getsockopt(op->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0)
		soerr = errno;
	if (soerr == EINPROGRESS || soerr == EALREADY)
		return;
	if (soerr != 0 || op->kind == OP_PROBE) {
		op_fail_errno(op, soerr);
		return;
	}
	op->state = OP_TCP_WRITE;
	op->io_off = 0;
	dns_tcp_write(op);
}

static void
op_io_cb(evutil_socket_t fd, short what, void *arg)
{
	struct net_op *op = arg;

	switch (op->state) {
	case OP_CONNECTING:
		op_connected(op);
		break;
	case OP_UDP_WAIT:
		dns_udp_read(op);
		break;
	case OP_TCP_WRITE:
		dns_tcp_write(op);
		break;
	case OP_TCP_READ:
		dns_tcp_read(op);
		break;
	}
}

static void
op_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct net_op *op = arg;
	int e;

	if (op->kind == OP_DNS && !op->half_done) {
		op->half_done = 1;
		if (op->state == OP_UDP_WAIT && (e = dns_udp_send(op)) != 0) {
			op_fail_errno(op, e);
			return;
		}
		if (op_arm_timer(op, op->timeout_ms - op->timeout_ms / 2) != 0)
			op_finish(op, NET_ERROR, errno ? errno : EIO, NULL, 0);
		return;
	}
	if (op->saw_junk)
		op_finish(op, NET_BADREPLY, 0, NULL, 0);
	else
		op_finish(op, NET_TIMEOUT, 0, NULL, 0);
}

int
net_dns_query(struct net *n, const struct net_addr *addr, uint16_t port,
    const uint8_t *query, size_t query_len, uint32_t timeout_ms,
    net_dns_cb cb, void *arg)
{
	struct net_op *op;
	int e;

	if ((op = op_new(n, OP_DNS, addr, port, timeout_ms, arg)) == NULL)
		return -1;
	op->dns_cb = cb;
	op->state = OP_UDP_WAIT;
	if (query_len >= NET_DNS_MIN_MSG && query_len <= NET_DNS_MAX_MSG) {
		op->query_len = query_len;
		op->tcp_out_len = query_len + 2;
		op->query = malloc(query_len);
		op->tcp_out = malloc(op->tcp_out_len);
		if (op->query == NULL || op->tcp_out == NULL) {
			op_release(op);
			op_free(op);
			return -1;
		}
		memcpy(op->query, query, query_len);
		op->tcp_out[0] = (uint8_t)(query_len >> 8);
		op->tcp_out[1] = (uint8_t)query_len;
		memcpy(op->tcp_out + 2, query, query_len);
	}
	if (n->closing) {
		op_finish(op, NET_CANCELLED, 0, NULL, 0);
		return 0;
	}
	if (op->query == NULL) {
		op_fail_errno(op, EINVAL);
		return 0;
	}
	e = op_open(op, SOCK_DGRAM);
	if (e == 0)
		e = dns_udp_send(op);
	if (e != 0) {
		op_fail_errno(op, e);
		return 0;
	}
	if (op_watch(op, EV_READ) != 0) {
		if (op->io == NULL) {
			op_release(op);
			op_free(op);
			return -1;
		}
		op_fail_errno(op, errno ? errno : EIO);
		return 0;
	}
	if (op_arm_timer(op, timeout_ms / 2) != 0)
		op_fail_errno(op, errno ? errno : EIO);
	return 0;
}
