/*
 * serve: `uptodate serve`, the website and the batch API v2.
 *
 * libmicrohttpd answers HTTP on its own threads; the tests run on the
 * engine's workers (engine/engine.h), fed by two queues: the tests people
 * start from the pages (first) and the jobs of batch requests, claimed
 * from the store. Reports, users and batch requests live in the store
 * (store/store.h): SQLite by default, PostgreSQL with a postgres:// URL.
 * See doc/serve.md.
 */
#ifndef UTD_SERVE_H
#define UTD_SERVE_H

#include <stddef.h>

#include "engine/engine.h"

#define SERVE_LISTEN_MAX 8

struct serve_opts {
	const char *listen[SERVE_LISTEN_MAX];   /* "ADDR:PORT", "[V6]:PORT" */
	size_t n_listen;
	int listen_defaulted;         /* no --listen: an address that cannot be
	                                 bound (no IPv6 here) is skipped */
	const char *db;               /* store URL */
	const char *base_url;         /* for permalinks; "" root-relative */
	unsigned reuse_s;             /* a report this recent is shown again */
	const char *allow_targets;    /* CIDR list, or NULL */
	size_t max_body;              /* bytes of a request body */
	unsigned max_domains;         /* per batch request */
	unsigned tests_per_client;    /* interactive tests in flight per address */
	unsigned http_threads;
	size_t max_header;            /* memory per connection: request line and
	                                 headers must fit */
	unsigned conns_per_client;    /* HTTP connections at once per address */
	const char *user;             /* drop to this user after binding */
	unsigned lease_s;             /* of a batch job; renewed while it runs */
	unsigned max_attempts;        /* claims before a job ends in error */
	int no_batch_work;            /* leave batch jobs to uptodate worker */
	const char *conn_zone;        /* the connection test's zone, or NULL */
	const char *conn_addr[2];     /* its IPv4 and IPv6 address */
	size_t n_conn_addr;
	const char *conn_keys;        /* its key directory, or NULL */
	unsigned conn_keep_s;         /* a visit is kept so long (0: 300) */
	unsigned conn_dns_port;       /* its DNS port (0: 53) */
	int conn_dns_rate;            /* UDP answers/s per source group
	                                 (0: 100, -1: no limit) */
	struct engine_opts eng;
	const char *version;
};

/* Run until SIGINT or SIGTERM; the exit status (0, or 3 when it could not
 * start, with the reason on stderr). */
int serve_run(struct serve_opts *o);

#endif
