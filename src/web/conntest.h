/*
 * conntest: the connection test inside `uptodate serve` (doc/connection.md).
 *
 * One visit: the page asks POST /api/connection/start for an id and the
 * probe URLs, fetches them, then opens /connection/result/ID/. The HTTP
 * side records each probe fetched (GET /connection/probe/ID on a probe
 * host name or the IPv6 literal) with the client's family and truncated
 * address; the DNS side (net/dnsd + dns/connzone, its own thread) records
 * which resolvers asked for the visit's names, over which family. The
 * verdict (checks/conn) is made from both when the result is first shown,
 * and kept with the visit; a visit is forgotten --conn-keep seconds after
 * it started. Only truncated addresses are kept (IPv4 /16, IPv6 /32);
 * nothing of a visit is logged.
 */
#ifndef UTD_WEB_CONNTEST_H
#define UTD_WEB_CONNTEST_H

#include <stddef.h>

#include <microhttpd.h>

struct serve_opts;
struct conntest;

#define CONNTEST_VISITS_MAX 4096      /* visits remembered at once */
#define CONNTEST_PER_CLIENT 16        /* ... started by one address */
#define CONNTEST_PROBE_TIMEOUT_MS 8000

/* Make the zones and bind the DNS sockets (before privileges go); NULL
 * with a one-line why. */
struct conntest *conntest_new(const struct serve_opts *o, char *why,
    size_t whylen);
/* Start answering DNS: 0, or -1 with why. */
int conntest_start(struct conntest *ct, char *why, size_t whylen);
void conntest_free(struct conntest *ct);

/* A reply for the server to send (see serve_int.h struct reply). */
struct reply;
struct page_site;

/* Handle the request if it is the connection test's: 1 (r filled), else
 * 0. ct may be NULL (the test is not configured: the page says so). */
int conntest_route(struct conntest *ct, const struct page_site *site,
    struct MHD_Connection *c, const char *method, const char *url,
    struct reply *r);

#endif
