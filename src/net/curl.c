/*
 * curl.c: a libcurl multi handle on libevent.
 *
 * libcurl asks for socket interest through sock_cb (one struct nc_sock and
 * one persistent event per socket) and for a timeout through timer_cb (one
 * evtimer). Both only record what libcurl wants; all driving happens in
 * drive(), from the loop: curl_multi_socket_action, then every finished
 * transfer is taken off the multi handle and reported by xfer_finish().
 *
 * net_curl_free() may run inside a done callback, that is inside drive():
 * it cancels what is left at once but defers releasing the multi handle
 * until the outermost drive() returns (`dispatching`, `free_pending`).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "net/conn.h"
#include "net/curl.h"
#include "net/internal.h"

struct nc_sock {
	struct net_curl *nc;
	struct nc_sock *prev, *next;
	curl_socket_t fd;
	struct event *ev;
	int want;                   /* CURL_POLL_* the event is armed for */
};

struct nc_xfer {
	struct net_curl *nc;
	struct nc_xfer *prev, *next;
	CURL *easy;
	net_curl_done_cb done;
	void *arg;
	int pinned;
	struct net_addr pin;
	int pin_refused;
	struct net_conn *slot;      /* the pin's politeness slot (net_conn_open_slot) */
	int in_multi;               /* added to the multi handle */
};

struct net_curl {
	struct net *net;
	struct event_base *base;
	CURLM *multi;
	struct event *timer;
	CURLSH *share;              /* TLS sessions of this loop's transfers */
	struct nc_xfer *xfers;
	struct nc_sock *socks;
	unsigned active;
	int closing;
	int dispatching;            /* drive() depth */
	int free_pending;
};

static void nc_destroy(struct net_curl *nc);

/* --- sockets and the timer ------------------------------------------------ */

static void
sock_free(struct nc_sock *ks)
{
	struct net_curl *nc = ks->nc;

	if (ks->prev != NULL)
		ks->prev->next = ks->next;
	else if (nc->socks == ks)
		nc->socks = ks->next;
	if (ks->next != NULL)
		ks->next->prev = ks->prev;
	if (ks->ev != NULL)
		event_free(ks->ev);
	free(ks);
}

static void xfer_finish(struct nc_xfer *x, CURLcode rc);

/* Report every finished transfer; stops when net_curl_free starts. */
static void
check_info(struct net_curl *nc)
{
	CURLMsg *msg;
	int left;

	while (!nc->closing &&
	    (msg = curl_multi_info_read(nc->multi, &left)) != NULL) {
		char *priv = NULL;
		CURLcode rc;
		CURL *easy;

		if (msg->msg != CURLMSG_DONE)
			continue;
		easy = msg->easy_handle;
		rc = msg->data.result;
		if (curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv) !=
		    CURLE_OK || priv == NULL) {
			/* not ours: cannot happen, but never loop on it */
			curl_multi_remove_handle(nc->multi, easy);
			continue;
		}
		xfer_finish((struct nc_xfer *)(void *)priv, rc);
	}
}

static void
drive(struct net_curl *nc, curl_socket_t fd, int action)
{
	int running = 0;

	nc->dispatching++;
	(void)curl_multi_socket_action(nc->multi, fd, action, &running);
	check_info(nc);
	nc->dispatching--;
	if (nc->free_pending && nc->dispatching == 0)
		nc_destroy(nc);
}

static void
sock_event_cb(evutil_socket_t fd, short what, void *arg)
{
	struct net_curl *nc = arg;
	int action = 0;

	if (what & EV_READ)
		action |= CURL_CSELECT_IN;
	if (what & EV_WRITE)
		action |= CURL_CSELECT_OUT;
	drive(nc, fd, action);
}

static void
timer_event_cb(evutil_socket_t fd, short what, void *arg)
{
	drive(arg, CURL_SOCKET_TIMEOUT, 0);
}

static int
sock_cb(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	struct net_curl *nc = userp;
	struct nc_sock *ks = socketp;
	short flags;

	if (what == CURL_POLL_REMOVE) {
		if (ks != NULL)
			sock_free(ks);
		return 0;
	}
	if (ks == NULL) {
		if ((ks = calloc(1, sizeof(*ks))) == NULL)
			return -1;
		ks->nc = nc;
		ks->fd = fd;
		ks->next = nc->socks;
		if (nc->socks != NULL)
			nc->socks->prev = ks;
		nc->socks = ks;
		if (curl_multi_assign(nc->multi, fd, ks) != CURLM_OK) {
			sock_free(ks);
			return -1;
		}
	}
	if (ks->ev != NULL && ks->want == what)
		return 0;
	if (ks->ev != NULL) {
		event_free(ks->ev);
		ks->ev = NULL;
	}
	ks->want = what;
	flags = EV_PERSIST;
	if (what & CURL_POLL_IN)
		flags |= EV_READ;
	if (what & CURL_POLL_OUT)
		flags |= EV_WRITE;
	ks->ev = event_new(nc->base, fd, flags, sock_event_cb, nc);
	if (ks->ev == NULL || event_add(ks->ev, NULL) != 0)
		return -1;
	return 0;
}

static int
timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct net_curl *nc = userp;
	struct timeval tv;

	if (timeout_ms < 0)
		return evtimer_del(nc->timer) == 0 ? 0 : -1;
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (suseconds_t)(timeout_ms % 1000) * 1000;
	return evtimer_add(nc->timer, &tv) == 0 ? 0 : -1;
}

/* --- pinning -------------------------------------------------------------- */

static int
sockaddr_is(const struct sockaddr *sa, socklen_t len, const struct net_addr *a)
{
	if (sa->sa_family == AF_INET && a->family == AF_INET &&
	    len >= (socklen_t)sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *sin = (const void *)sa;

		return memcmp(&sin->sin_addr, a->bytes, 4) == 0;
	}
	if (sa->sa_family == AF_INET6 && a->family == AF_INET6 &&
	    len >= (socklen_t)sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *sin6 = (const void *)sa;

		return memcmp(&sin6->sin6_addr, a->bytes, 16) == 0;
	}
	return 0;
}

static curl_socket_t
open_cb(void *clientp, curlsocktype purpose, struct curl_sockaddr *ca)
{
	struct nc_xfer *x = clientp;
	int fd;

	if (purpose != CURLSOCKTYPE_IPCXN ||
	    (x->pinned && !sockaddr_is(&ca->addr, ca->addrlen, &x->pin))) {
		x->pin_refused = 1;
		return CURL_SOCKET_BAD;
	}
	if (!net_permits_sockaddr(x->nc->net, &ca->addr))
		return CURL_SOCKET_BAD;     /* the target policy */
	fd = socket(ca->family, ca->socktype | SOCK_CLOEXEC, ca->protocol);
	return fd < 0 ? CURL_SOCKET_BAD : fd;
}

/* Install (x) or remove (NULL) the pin guard; 0 or -1. */
static int
pin_set(CURL *easy, struct nc_xfer *x)
{
	if (curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION,
	    x != NULL ? open_cb : NULL) != CURLE_OK ||
	    curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, x) != CURLE_OK)
		return -1;
	return 0;
}

/* --- transfers ------------------------------------------------------------ */

static void
xfer_unlink(struct nc_xfer *x)
{
	struct net_curl *nc = x->nc;

	if (x->prev != NULL)
		x->prev->next = x->next;
	else if (nc->xfers == x)
		nc->xfers = x->next;
	if (x->next != NULL)
		x->next->prev = x->prev;
	x->prev = x->next = NULL;
}

/* The single end of a transfer: off the multi handle, reset, call back. */
static void
xfer_finish(struct nc_xfer *x, CURLcode rc)
{
	struct net_curl *nc = x->nc;
	CURL *easy = x->easy;

	if (x->in_multi)
		curl_multi_remove_handle(nc->multi, easy);
	xfer_unlink(x);
	nc->active--;
	if (x->slot != NULL) {
		net_conn_close(x->slot);
		x->slot = NULL;
	}
	curl_easy_setopt(easy, CURLOPT_PRIVATE, NULL);
	if (x->pinned)
		(void)pin_set(easy, NULL);
	x->done(x->arg, easy, rc, x->pin_refused);
	free(x);
}

/* Hand the transfer to libcurl; 0, or -1 when it refuses. */
static int
xfer_start(struct net_curl *nc, struct nc_xfer *x)
{
	if (curl_easy_setopt(x->easy, CURLOPT_PRIVATE, (char *)x) != CURLE_OK ||
	    curl_multi_add_handle(nc->multi, x->easy) != CURLM_OK) {
		curl_easy_setopt(x->easy, CURLOPT_PRIVATE, NULL);
		return -1;
	}
	x->in_multi = 1;
	return 0;
}

/* The pin's slot is granted (start) or cancelled by net_free (finish). */
static void
slot_cb(void *arg, struct net_conn *c, enum net_conn_event ev)
{
	struct nc_xfer *x = arg;

	(void)c;
	if (ev == NET_EV_CONNECTED && xfer_start(x->nc, x) == 0)
		return;
	xfer_finish(x, ev == NET_EV_CONNECTED ? CURLE_OUT_OF_MEMORY :
	    CURLE_ABORTED_BY_CALLBACK);
}

int
net_curl_add(struct net_curl *nc, CURL *easy, const struct net_addr *pin,
    net_curl_done_cb done, void *arg)
{
	struct nc_xfer *x;

	if (nc == NULL || easy == NULL || done == NULL)
		return -1;
	if ((x = calloc(1, sizeof(*x))) == NULL)
		return -1;
	x->nc = nc;
	x->easy = easy;
	x->done = done;
	x->arg = arg;
	if (nc->closing) {
		done(arg, easy, CURLE_ABORTED_BY_CALLBACK, 0);
		free(x);
		return 0;
	}
	if (pin != NULL)
		x->pin = *pin;
	x->pinned = pin != NULL;
	/* The socket hook checks the pin and the seam's target policy. */
	if (pin != NULL || nc->net->targets != NULL) {
		if (pin_set(easy, x) != 0) {
			(void)pin_set(easy, NULL);
			free(x);
			return -1;
		}
	}
	/* A pinned transfer first waits for a slot of its address, so libcurl's
	 * connections count in the seam's politeness limits. */
	if (x->pinned)
		x->slot = net_conn_open_slot(nc->net, pin, 0, slot_cb, x);
	if (x->pinned ? x->slot == NULL : xfer_start(nc, x) != 0) {
		(void)pin_set(easy, NULL);
		free(x);
		return -1;
	}
	x->next = nc->xfers;
	if (nc->xfers != NULL)
		nc->xfers->prev = x;
	nc->xfers = x;
	nc->active++;
	return 0;
}

CURLSH *
net_curl_share(const struct net_curl *nc)
{
	return nc != NULL ? nc->share : NULL;
}

unsigned
net_curl_active(const struct net_curl *nc)
{
	return nc != NULL ? nc->active : 0;
}

/* --- life cycle ----------------------------------------------------------- */

struct net_curl *
net_curl_new(struct net *n)
{
	struct net_curl *nc;

	if (n == NULL || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return NULL;
	if ((nc = calloc(1, sizeof(*nc))) == NULL)
		goto fail;
	nc->net = n;
	nc->base = net_base(n);
	if ((nc->multi = curl_multi_init()) == NULL)
		goto fail;
	if ((nc->timer = evtimer_new(nc->base, timer_event_cb, nc)) == NULL)
		goto fail;
	if ((nc->share = curl_share_init()) == NULL ||
	    curl_share_setopt(nc->share, CURLSHOPT_SHARE,
	    CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK)
		goto fail;
	if (curl_multi_setopt(nc->multi, CURLMOPT_SOCKETFUNCTION, sock_cb) ||
	    curl_multi_setopt(nc->multi, CURLMOPT_SOCKETDATA, nc) ||
	    curl_multi_setopt(nc->multi, CURLMOPT_TIMERFUNCTION, timer_cb) ||
	    curl_multi_setopt(nc->multi, CURLMOPT_TIMERDATA, nc))
		goto fail;
	return nc;
fail:
	if (nc != NULL) {
		if (nc->share != NULL)
			curl_share_cleanup(nc->share);
		if (nc->multi != NULL)
			curl_multi_cleanup(nc->multi);
		if (nc->timer != NULL)
			event_free(nc->timer);
		free(nc);
	}
	curl_global_cleanup();
	return NULL;
}

static void
nc_destroy(struct net_curl *nc)
{
	curl_multi_cleanup(nc->multi);
	/* every easy handle that used it has been cleaned up by now (each
	 * transfer's done callback owns its handle) */
	curl_share_cleanup(nc->share);
	while (nc->socks != NULL)
		sock_free(nc->socks);
	event_free(nc->timer);
	free(nc);
	curl_global_cleanup();
}

void
net_curl_free(struct net_curl *nc)
{
	if (nc == NULL || nc->closing)
		return;
	nc->closing = 1;
	while (nc->xfers != NULL)
		xfer_finish(nc->xfers, CURLE_ABORTED_BY_CALLBACK);
	if (nc->dispatching > 0) {
		nc->free_pending = 1;
		return;
	}
	nc_destroy(nc);
}
