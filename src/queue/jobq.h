/*
 * jobq: a worker's side of the job queue in the store (batch API requests,
 * `uptodate batch --db`). Claims jobs in small batches under a lease,
 * renews the leases of the jobs it runs, finishes each with its report in
 * one transaction (written at most once: a job whose lease another worker
 * took over is not written again), and gives expired jobs of dead workers
 * back to the queue. Used by `uptodate serve` (its in-process workers) and
 * `uptodate worker`; thread safe.
 */
#ifndef UTD_JOBQ_H
#define UTD_JOBQ_H

#include <stdint.h>

#include <jansson.h>

#include "store/store.h"

struct jobq_opts {
	const char *worker;          /* this worker's id (copied) */
	unsigned lease_s;            /* 0: 60 */
	unsigned max_attempts;       /* claims before a job ends in error; 0: 3 */
	unsigned reuse_s;            /* a report this recent is the result */
	const char *version;         /* uptodate's, stored with reports */
	unsigned batch;              /* jobs claimed at once; 0: 16 */
};

struct jobq_stats {
	uint64_t claimed, finished, reused, lost, released;
};

struct jobq;

struct jobq *jobq_new(struct store *st, const struct jobq_opts *o);
/* Gives the claimed jobs not started back to the queue; the ones still
 * running are left to their lease (a stopped worker's jobs return once
 * it has run out, or at once with jobq_release). */
void jobq_free(struct jobq *q);

/* The next job to run: 1 with *job, 0 when there is none now. A job whose
 * domain has a report younger than reuse_s is finished with it here and
 * not handed out. */
int jobq_next(struct jobq *q, struct store_job *job);
/* The job's result (the report object or an error result): stored and
 * the job finished. 0, 1 when the job was no longer this worker's (not
 * written), -1 on a store error (the job returns to the queue when its
 * lease ends). */
int jobq_finish(struct jobq *q, const struct store_job *job, json_t *result);
/* A job that will not finish here (cancelled, the worker stops): back to
 * the queue, or dropped when its request was cancelled. */
void jobq_release(struct jobq *q, const struct store_job *job);
/* Every second or so: renew the leases of the jobs handed out and not
 * finished, and expire other workers' dead leases. */
void jobq_tick(struct jobq *q);
void jobq_stats(struct jobq *q, struct jobq_stats *st);

#endif
