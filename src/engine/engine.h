/*
 * engine: worker threads that run domain tests, fed by a job source.
 *
 * Each worker is one event loop with its own resolver context, net seam,
 * HTTP client and endpoint caches; the politeness limits and the target
 * policy are shared by all. A worker keeps its share of the concurrency in
 * flight: it asks the source for jobs at start, after each job ends and on
 * its tick, which also asks the source whether to stop and whether each job
 * in flight is still wanted. `uptodate batch` feeds it from a domain list,
 * `uptodate serve` from the web page and the batch API.
 *
 * Every source callback runs on a worker thread, several at once: the
 * source does its own locking.
 */
#ifndef UTD_ENGINE_H
#define UTD_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "dns/dns.h"
#include "gather/gather.h"

struct mx_shared;
struct net_limits;
struct net_targets;

struct engine_job {
	char name[256];               /* normalised domain */
	enum fx_kind kind;
	void *ctx;                    /* the source's, untouched */
};

struct engine_source {
	/* The next job: 1 with *job filled, 0 when there is none now (asked
	 * again on the tick), -1 when there will be none again. */
	int (*next)(void *arg, struct engine_job *job);
	/* A job's end: result is the report object or an error result
	 * (status "error", error.code "deadline", "out_of_memory", ...);
	 * borrowed. deadline: it ended at the deadline. */
	void (*done)(void *arg, struct engine_job *job, json_t *result,
	    int deadline);
	/* Optional, when the facts are in and before they are judged: a
	 * result (new reference) replaces the report, e.g. an error for a
	 * target the policy refused; NULL lets the report be made. */
	json_t *(*vet)(void *arg, struct engine_job *job,
	    const struct facts *fx);
	/* Optional, on the tick: 0 cancels the job (done is not called). */
	int (*wanted)(void *arg, struct engine_job *job);
	/* Optional, on the tick: the job's gather, for progress. */
	void (*progress)(void *arg, struct engine_job *job,
	    const struct gather *g);
	/* Optional: a job ended without a result (not wanted, or stopped);
	 * the place to free job->ctx. */
	void (*dropped)(void *arg, struct engine_job *job);
	/* Optional, on the tick: nonzero cancels every job and ends the
	 * workers. */
	int (*stop)(void *arg);
	void *arg;
};

struct engine_opts {
	unsigned threads;
	unsigned concurrency;         /* jobs in flight over all threads */
	uint32_t deadline_ms;         /* per job */
	uint32_t tick_ms;             /* 0: 100 */
	int endpoint_cache;
	struct dns_engine_opts dns;
	struct gather_env genv;       /* timeouts, CA file, selectors, RPKI */
	const char *ehlo_name;
	unsigned smtp_retries;
	struct net_limits *limits;    /* shared politeness (not owned) */
	const struct net_targets *targets;   /* NULL: any destination */
	const struct mx_shared *mx_shared;   /* STARTTLS results shared with
	                                        other processes (NULL: none) */
	uint32_t mx_ttl_s;                   /* their lifetime; 0: default */
};

struct engine;

/* Start the workers. curl_global_init and json_object_seed must have run.
 * NULL with why filled when no worker could start. */
struct engine *engine_start(const struct engine_opts *o,
    const struct engine_source *src, char *why, size_t whylen);
/* Wait until every worker has ended (the source ran dry with nothing in
 * flight, or asked to stop), calling each(arg) every poll_ms meanwhile
 * (each may be NULL). 0, or -1 with why when a worker failed to set up. */
int engine_wait(struct engine *e, uint32_t poll_ms, void (*each)(void *),
    void *arg, char *why, size_t whylen);
/* Jobs started and ended so far. */
void engine_counts(const struct engine *e, unsigned long *started,
    unsigned long *ended);
/* After engine_wait. NULL is a no-op. */
void engine_free(struct engine *e);

/* A whole run in one call, for the long-lived commands (serve, worker):
 * the process-wide set-up (json_object_seed, libcurl), SIGINT and SIGTERM
 * caught (engine_interrupted() then says 1: a source's stop should
 * return it), start, wait (each every poll_ms), free, restore. 0, or -1
 * with why. */
int engine_run(const struct engine_opts *o, const struct engine_source *src,
    uint32_t poll_ms, void (*each)(void *), void *arg, char *why,
    size_t whylen);
int engine_interrupted(void);
/* Ask engine_run's workers to stop as a signal would (from each). */
void engine_interrupt(void);

#endif
