/*
 * worker: `uptodate worker`, one of any number of processes on any number
 * of machines that take jobs of batch requests from the database (see
 * queue/jobq.h) and run them on the engine. With PostgreSQL, workers also
 * share the politeness limits per destination address (connection slots
 * in the database) and the STARTTLS results of mail servers (a table with
 * a TTL). See doc/scale.md.
 */
#ifndef UTD_WORKER_H
#define UTD_WORKER_H

#include "engine/engine.h"

struct worker_opts {
	const char *db;               /* store URL */
	struct engine_opts eng;
	unsigned lease_s;             /* of a job; renewed while it runs */
	unsigned max_attempts;        /* claims before a job ends in error */
	unsigned reuse_s;             /* a report this recent is the result */
	const char *metrics;          /* "ADDR:PORT" for /metrics, or NULL */
	int share_limits;             /* connection slots in the database */
	int share_mx;                 /* MX results in the database */
	unsigned mx_ttl_s;
	const char *version;
	const char *id;               /* worker id; NULL: host/pid */
	const char *const *until;     /* stop once these requests are done
	                                 (uptodate batch --db), or NULL */
	size_t n_until;
};

/* Run until SIGINT or SIGTERM (jobs in flight go back to the queue);
 * the exit status: 0, or 3 when it could not start. */
int worker_run(struct worker_opts *o);

/* `uptodate batch --db URL`: the list becomes requests in the database
 * (user "cli"; one per test type), this process works as a worker until
 * they are done (other workers may help), then their results are written
 * like a batch's. bo's input/output/format/types; wo's worker options.
 * The exit status of uptodate batch. */
struct batch_opts;
int batch_db_run(const struct batch_opts *bo, struct worker_opts *wo);

#endif
