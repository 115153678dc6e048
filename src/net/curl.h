/*
 * net_curl: libcurl's multi interface driven by the seam's event loop.
 *
 * libcurl owns the sockets of its transfers; this glue tells it when they
 * are readable or writable (CURLMOPT_SOCKETFUNCTION -> libevent events) and
 * when its timeout expires (CURLMOPT_TIMERFUNCTION -> one libevent timer),
 * and reports finished transfers (curl_multi_info_read) through one done
 * callback per transfer. With net.c it is the only code that sees sockets.
 *
 * A transfer may be pinned to one address: the glue then refuses to open
 * any connection to another address (CURLOPT_OPENSOCKETFUNCTION), so a
 * misconfigured or missing CURLOPT_RESOLVE entry can never send a request
 * to whatever the system resolver says. A pinned transfer also waits for a
 * slot of its address in the seam's politeness limits (net_conn_open_slot)
 * before libcurl sees it, and holds it until it ends; the transfer's own
 * CURLOPT_TIMEOUT_MS counts from then (callers bound the wait themselves).
 * Transfers are expected to use one connection each (FORBID_REUSE).
 *
 * The done callback runs exactly once per added transfer, from the loop,
 * never from inside a libcurl callback; the easy handle has already been
 * removed from the multi handle and belongs to the caller again (it may be
 * cleaned up or re-added). A done callback may add transfers or call
 * net_curl_free().
 */
#ifndef UTD_NET_CURL_H
#define UTD_NET_CURL_H

#include <curl/curl.h>

#include "net/net.h"

struct net_curl;

/*
 * rc is the transfer's result; CURLE_ABORTED_BY_CALLBACK when net_curl_free
 * cancelled it. pin_refused is 1 when the transfer tried to connect to an
 * address other than its pin (the connection was refused, rc is then
 * usually CURLE_COULDNT_CONNECT).
 */
typedef void (*net_curl_done_cb)(void *arg, CURL *easy, CURLcode rc,
    int pin_refused);

/* A multi handle on the seam's event base (not owned). Calls
 * curl_global_init (reference counted by libcurl). NULL on ENOMEM. */
struct net_curl *net_curl_new(struct net *n)
	__attribute__((warn_unused_result));

/*
 * Start the transfer described by easy (options already set). While it
 * runs the glue owns the handle's CURLOPT_PRIVATE and, when pin is not
 * NULL, CURLOPT_OPENSOCKETFUNCTION/DATA; both are reset before done runs.
 * Returns 0 when started (done will run; at once, with
 * CURLE_ABORTED_BY_CALLBACK, if net_curl_free is under way), -1 on ENOMEM
 * or when libcurl refuses the handle (then done never runs).
 */
int net_curl_add(struct net_curl *nc, CURL *easy, const struct net_addr *pin,
    net_curl_done_cb done, void *arg)
	__attribute__((warn_unused_result));

/* A share object for this loop's transfers (TLS session cache only; no
 * locking: one thread). Handles that use it must be cleaned up before
 * net_curl_free returns, which their done callbacks do. */
CURLSH *net_curl_share(const struct net_curl *nc);

/* Transfers in flight. */
unsigned net_curl_active(const struct net_curl *nc);

/* Cancel every transfer (each done runs with CURLE_ABORTED_BY_CALLBACK
 * before this returns), then free. Safe from a done callback, where the
 * memory is released once the loop leaves the glue. NULL is a no-op. */
void net_curl_free(struct net_curl *nc);

#endif
