/*
 * batch: `uptodate batch`, lists of domains tested concurrently.
 *
 * Worker threads, each one event loop with its own resolver context, net
 * seam, HTTP client and endpoint caches, take (domain, test type) jobs from
 * one shared reader of the input and write each result as it finishes to
 * one shared output. The politeness limits per destination address are one
 * object shared by every thread. See doc/batch.md.
 */
#ifndef UTD_BATCH_H
#define UTD_BATCH_H

#include <stdint.h>

#include "batch/output.h"
#include "dns/dns.h"
#include "gather/gather.h"
#include "net/limits.h"

struct batch_opts {
	unsigned types;               /* BATCH_WEB | BATCH_MAIL */
	enum batch_format format;
	const char *input;            /* path, or "-" for stdin */
	const char *output;           /* path, or NULL for stdout */
	int resume, overwrite;
	unsigned concurrency;         /* jobs in flight over all threads */
	unsigned threads;
	int endpoint_cache;
	uint32_t deadline_ms;         /* per job */
	int progress;                 /* progress line on stderr */
	int summary;                  /* summary on stderr at the end */
	int color;
	struct net_limit limits[NET_CLASS_N];
	struct dns_engine_opts dns;
	struct gather_env genv;       /* timeouts, CA file, selectors, RPKI */
	const char *ehlo_name;
	unsigned smtp_retries;
};

/* Run; returns the exit status (0 all written, 1 some results are errors
 * or lines were bad, 3 setup or output failure, 130 interrupted). */
int batch_run(const struct batch_opts *o);

#endif
