/*
 * conn: one stream connection (TCP) on the seam's loop, for the TLS probes,
 * the TLS audit and (later) SMTP. It moves bytes only: TLS is layered on
 * top by tls/ through memory BIOs, so a STARTTLS upgrade is the protocol
 * module handing the same conn to tls/ after its plaintext exchange.
 *
 * Per destination address at most `per_addr_limit` conns are open at once
 * (politeness); opening more queues them, and the deadline of a queued conn
 * starts when it really connects. Every conn counts in net_conn_stats, so a
 * report can say how many connections an endpoint cost.
 *
 * Events arrive through one callback. NET_EV_CONNECTED once; NET_EV_DATA
 * whenever new bytes are buffered (read them with net_conn_data and drop
 * what was used with net_conn_consume); NET_EV_EOF when the peer closed;
 * NET_EV_ERROR with net_conn_status() telling timeout/refused/... After
 * EOF or ERROR no more events come. net_conn_close may be called at any
 * time, also from the callback; no event follows it. The input buffer is
 * capped (NET_CONN_INBUF_MAX): past the cap the conn ends in NET_EV_ERROR
 * with NET_BADREPLY (bytes not consumed in the NET_EV_DATA callback count
 * against it; a write-side cap of a few MiB makes net_conn_write fail).
 *
 * No callback ever runs inside net_conn_open, net_conn_write or
 * net_conn_close: an immediate connect failure arrives from the loop.
 * The caller owns every conn it opened and frees it with net_conn_close,
 * also after EOF or ERROR. net_free ends every conn still live with
 * NET_EV_ERROR and status NET_CANCELLED (the callback may close it), then
 * frees all conns, closed or not: no conn pointer may be used after
 * net_free returns. While net_free runs, net_conn_open returns NULL.
 */
#ifndef UTD_NET_CONN_H
#define UTD_NET_CONN_H

#include "net/limits.h"
#include "net/net.h"

#define NET_CONN_INBUF_MAX  (256 * 1024)

enum net_conn_event {
	NET_EV_CONNECTED,
	NET_EV_DATA,
	NET_EV_EOF,
	NET_EV_ERROR,
};

struct net_conn;
typedef void (*net_conn_cb)(void *arg, struct net_conn *c, enum net_conn_event ev);

/* Open a TCP connection to addr:port. timeout_ms bounds the connect and
 * then each wait for input (re-armed by every arrival; changed by
 * net_conn_set_timeout; 0: none). NULL on ENOMEM or while net_free runs
 * (no callback then). */
struct net_conn *net_conn_open(struct net *n, const struct net_addr *addr,
    uint16_t port, uint32_t timeout_ms, net_conn_cb cb, void *arg)
	__attribute__((warn_unused_result));
/* Queue bytes for sending; 0, or -1 on ENOMEM or a closed conn. */
int net_conn_write(struct net_conn *c, const void *buf, size_t len)
	__attribute__((warn_unused_result));
/* Buffered input not yet consumed. */
const uint8_t *net_conn_data(struct net_conn *c, size_t *len);
void net_conn_consume(struct net_conn *c, size_t n);
/* Deadline for the next input from now on (0: none). */
void net_conn_set_timeout(struct net_conn *c, uint32_t timeout_ms);
enum net_status net_conn_status(const struct net_conn *c);
int net_conn_errno(const struct net_conn *c);
const struct net_addr *net_conn_addr(const struct net_conn *c);
/* Close at once; no callback after this. */
void net_conn_close(struct net_conn *c);

/*
 * A prelude is a plaintext exchange the conn runs by itself after connect
 * and before its user hears NET_EV_CONNECTED: STARTTLS (the smtp module
 * supplies the ops; the conn only moves bytes). Bytes the user writes
 * meanwhile wait until the prelude is done. If it fails, or the peer
 * closes or the deadline passes during it, the conn ends in NET_EV_ERROR
 * with NET_PRELUDE (NET_TIMEOUT for the deadline) and
 * net_conn_prelude_why/_code tell why.
 */
enum net_prelude_rc {
	NET_PRELUDE_MORE,         /* send out[0..*outlen) (maybe none), wait */
	NET_PRELUDE_READY,        /* done: the user's turn (no bytes may follow) */
	NET_PRELUDE_FAIL,         /* give up: why() says why */
};
struct net_prelude_ops {
	/* New per-conn state from arg; NULL on ENOMEM. */
	void *(*start)(const void *arg);
	/* Bytes arrived (len 0: just connected); *used of them consumed. */
	enum net_prelude_rc (*input)(void *st, const uint8_t *in, size_t len,
	    size_t *used, uint8_t *out, size_t outcap, size_t *outlen);
	/* The peer closed during the prelude. */
	void (*eof)(void *st);
	/* Stable lower-case code and one-line detail of a failure. */
	const char *(*code)(const void *st);
	const char *(*why)(const void *st);
	void (*free)(void *st);
};

/* net_conn_open with a prelude (ops and arg must outlive the conn). */
struct net_conn *net_conn_open_prelude(struct net *n,
    const struct net_addr *addr, uint16_t port, uint32_t timeout_ms,
    const struct net_prelude_ops *ops, const void *prelude_arg,
    net_conn_cb cb, void *arg)
	__attribute__((warn_unused_result));
/* 1 while the conn is connected and its prelude still runs. */
int net_conn_in_prelude(const struct net_conn *c);
/* After NET_PRELUDE (or a timeout during the prelude): why, else NULL. */
const char *net_conn_prelude_code(const struct net_conn *c);
const char *net_conn_prelude_why(const struct net_conn *c);

/*
 * Politeness (see net/limits.h): per destination address and class (web,
 * SMTP by port), the most conns open at once (default web 4, SMTP 1; 0 is
 * taken as 1) and the least time between two connects (default web none,
 * SMTP 100 ms). A conn holds its slot from connect until its socket closes
 * (EOF, ERROR or net_conn_close); queued conns start in FIFO order.
 */
void net_set_limit(struct net *n, enum net_class cls,
    const struct net_limit *lim);
/* The same for both classes at once: the most conns, the gap. */
void net_set_per_addr_limit(struct net *n, unsigned limit);
void net_set_per_addr_gap(struct net *n, uint32_t gap_ms);
/* Share l with other nets (threads) of the run; before any conn is opened.
 * 0, or -1 when conns exist. */
int net_use_limits(struct net *n, struct net_limits *l);
struct net_limits *net_get_limits(struct net *n);

/*
 * A slot without a socket, for connections someone else makes (libcurl's):
 * it waits in the address's queue like a conn; cb gets NET_EV_CONNECTED
 * (from the loop) when the slot is granted, or NET_EV_ERROR with
 * NET_CANCELLED when net_free ends it first. net_conn_close gives it back.
 * It counts as a connection to port in net_conn_count.
 */
struct net_conn *net_conn_open_slot(struct net *n, const struct net_addr *addr,
    uint16_t port, net_conn_cb cb, void *arg)
	__attribute__((warn_unused_result));
/* Conns ever opened to addr (connect attempted), for reports. */
unsigned net_conn_count(struct net *n, const struct net_addr *addr, uint16_t port);

#endif
