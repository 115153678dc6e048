/*
 * store: where `uptodate serve` keeps reports, batch users, batch requests
 * and their jobs. One interface, two backends chosen by the URL given to
 * store_open: SQLite (a file; the default) and PostgreSQL
 * ("postgres://..." or "postgresql://..."). Both hold the same schema,
 * created and upgraded by numbered migrations applied at open
 * (table schema_version). See doc/serve.md.
 *
 * A handle may be used from several threads: every call takes the handle's
 * lock. Calls return 0 on success, 1 for "not found" where noted, and -1 on
 * a database error, with the message in store_error(st) (that thread's last
 * error).
 *
 * Walks (the calls taking a callback) hold the lock while the callback
 * runs: a callback must not call the store on the same handle (such a
 * call fails with -1 instead of deadlocking). A report given to a
 * callback, json included, is valid only during the callback. A limit of
 * 0 means no limit.
 *
 * Times are seconds since the Epoch (UTC). Report and request ids are
 * opaque strings of at most STORE_ID_MAX-1 characters (random hex made by
 * the store), so permalinks cannot be guessed or counted.
 */
#ifndef UTD_STORE_H
#define UTD_STORE_H

#include <stddef.h>
#include <stdint.h>

#define STORE_ID_MAX 33

struct store;

/* "sqlite:PATH", a plain PATH, or a postgres:// URL. Applies migrations.
 * NULL with err filled on failure. */
struct store *store_open(const char *url, char *err, size_t errlen);
void store_close(struct store *st);
const char *store_error(struct store *st);
/* The schema version after the migrations (for tests and --version). */
int store_schema_version(struct store *st);

/* --- reports -------------------------------------------------------------- */

struct store_report {
	char id[STORE_ID_MAX];
	char domain[256];
	char type[8];                /* "web" or "mail" */
	int score;                   /* 0..100, or -1 when status is error */
	int ok;                      /* status "ok" (1) or "error" (0) */
	int64_t created;
	char version[32];            /* uptodate's version that made it */
	char *json;                  /* the report object (malloc'd), or NULL
	                                when the call was asked for no body */
};
void store_report_clear(struct store_report *r);   /* frees json */

/* Store a finished report (the JSON text of report_json's object); fills
 * id. */
int store_report_add(struct store *st, const char *domain, const char *type,
    int score, int ok, const char *version, const char *json, int64_t created,
    char id[STORE_ID_MAX]);
/* One report by id; 1 when there is none. */
int store_report_get(struct store *st, const char *id, struct store_report *r);
/* The newest report of (domain, type) made at or after since; 1 if none. */
int store_report_recent(struct store *st, const char *domain, const char *type,
    int64_t since, struct store_report *r);

/* Walk reports without their JSON unless with_json. latest: only the newest
 * report of each (domain, type). type NULL: both. Reports made in
 * [since, until) (until 0: no upper bound); with latest, the newest of
 * those in the range (so until gives the state at that time). The
 * callback returns nonzero to stop the walk. Order: created ascending. */
typedef int (*store_report_cb)(void *arg, const struct store_report *r);
int store_reports_each(struct store *st, const char *type, int latest,
    int with_json, int64_t since, int64_t until, store_report_cb cb, void *arg);

/* Hall of Fame: the domains whose newest report of the type ("web",
 * "mail") scores 100, or with type "champions", whose newest web and
 * newest mail reports both do. r->type is the type of the listed report
 * (for champions: "web"), r->json NULL. Newest first, at most limit. */
int store_hall_of_fame(struct store *st, const char *type, size_t limit,
    store_report_cb cb, void *arg);

/* --- batch users ---------------------------------------------------------- */

/* hash is the encoded password hash (auth.c); the store never sees the
 * password. add: -1 and store_error "exists" when the name is taken.
 * del also cancels the user's unfinished requests (their requests and
 * results stay). get: -1 when the hash does not fit in hashlen. */
int store_user_add(struct store *st, const char *name, const char *hash);
int store_user_del(struct store *st, const char *name);          /* 1: none */
int store_user_get(struct store *st, const char *name, char *hash,
    size_t hashlen);                                               /* 1: none */
typedef int (*store_user_cb)(void *arg, const char *name, int64_t created);
int store_user_list(struct store *st, store_user_cb cb, void *arg);

/* --- batch requests and their jobs ---------------------------------------- */

/* Request status as in the batch API: */
#define STORE_REQ_REGISTERING "registering"
#define STORE_REQ_RUNNING     "running"
#define STORE_REQ_GENERATING  "generating"
#define STORE_REQ_DONE        "done"
#define STORE_REQ_CANCELLED   "cancelled"
#define STORE_REQ_ERROR       "error"

struct store_request {
	char id[STORE_ID_MAX];
	char user[64];
	char name[256];
	char type[8];                /* "web" or "mail" */
	char status[16];
	int64_t submitted, finished; /* finished 0 while not finished */
	size_t n_domains, n_done;    /* jobs in all, jobs finished */
};

/* A new request with one job per domain (domains normalised and unique,
 * the caller's work), status "running" ("done" at once when n is 0);
 * each job gets a random order key so jobs are taken shuffled. Fills id. */
int store_request_add(struct store *st, const char *user, const char *name,
    const char *type, const char *const *domains, size_t n, int64_t now,
    char id[STORE_ID_MAX]);
/* 1 when there is no such request of this user (user NULL: any user). */
int store_request_get(struct store *st, const char *user, const char *id,
    struct store_request *rq);
/* Newest first; at most limit. */
typedef int (*store_request_cb)(void *arg, const struct store_request *rq);
int store_request_list(struct store *st, const char *user, size_t limit,
    store_request_cb cb, void *arg);
/* Cancel: the request becomes "cancelled", its queued jobs are dropped
 * and its running jobs' results are discarded when they come. 1: none.
 * A request already done, cancelled or in error is left as it is (0). */
int store_request_cancel(struct store *st, const char *user, const char *id,
    int64_t now);

/* A job claimed by a worker. */
struct store_job {
	int64_t job_id;
	char request_id[STORE_ID_MAX];
	char domain[256];
	char type[8];
};
/*
 * Jobs are claimed under a lease: the claiming worker's id (any string,
 * e.g. "host:pid:n") and a time until which the job is its. The worker
 * renews the leases of the jobs it runs; a job whose lease ran out (the
 * worker was killed, the machine is gone) is claimed again by anyone, and
 * after max_attempts claims ends with an error result instead (see
 * store_jobs_expire). A result is written at most once per job: only the
 * holder of a live lease can finish a job (store_job_finish).
 */

/* Claim up to max queued jobs of running requests for worker, marking
 * them running with lease_until = now + lease_s and attempts + 1: fair
 * between users (round robin: each user's first job before anyone's
 * second, counting the jobs a user already has running) and in each
 * request's shuffled order, older requests of a user first. Returns how
 * many were claimed (0..max), or -1. */
int store_jobs_claim(struct store *st, const char *worker,
    struct store_job *jobs, size_t max, int64_t now, unsigned lease_s);
/* Extend to now + lease_s the leases of these jobs that worker still
 * holds (running, its id). Returns how many it still holds, or -1. */
int store_jobs_renew(struct store *st, const char *worker,
    const int64_t *job_ids, size_t n, int64_t now, unsigned lease_s);
/* Finish a job in one transaction: store the report (as store_report_add:
 * id filled) and mark the job done with it, when worker holds the job's
 * lease (running, its id; an expired lease not yet claimed again still
 * counts). When it was the request's last job, the request becomes "done"
 * (finished = now). A job of a cancelled request is dropped and its report
 * not stored. 0 finished (id filled; "" when dropped), 1 the job is not
 * this worker's any more (nothing written), -1 error. */
int store_job_finish(struct store *st, int64_t job_id, const char *worker,
    const char *domain, const char *type, int score, int ok,
    const char *version, const char *json, int64_t now,
    char id[STORE_ID_MAX]);
/* A claimed job finished with an existing report (a recent one reused):
 * as store_job_finish without storing a report. report_id NULL: no report
 * (the job is done without a result). 0, 1 not this worker's, -1. */
int store_job_done(struct store *st, int64_t job_id, const char *worker,
    const char *report_id, int64_t now);
/* Give a claimed job back to the queue (a worker that stops): queued
 * again without counting the attempt (dropped when its request was
 * cancelled). 0, 1 not this worker's, -1. */
int store_job_release(struct store *st, int64_t job_id, const char *worker);
/* Running jobs whose lease ended before now: queued again, or, when they
 * were claimed max_attempts times already, finished with an error report
 * (status "error", error.code "worker_lost", made with version) so that
 * the request can end; a cancelled request's are dropped. Claims take
 * only queued jobs, so some process must call this now and then. Jobs
 * another process is finishing at that moment are left to it. Returns
 * how many jobs were touched, or -1. */
int store_jobs_expire(struct store *st, int64_t now, unsigned max_attempts,
    const char *version);
/* Put every running job back to queued, whoever holds it (serve with
 * SQLite, the only worker, at start); a cancelled request's are dropped.
 * Returns how many, or -1. */
int store_jobs_requeue_running(struct store *st);

/* Counts for /metrics. */
struct store_counts {
	uint64_t jobs_queued, jobs_running, jobs_done, jobs_dropped;
	uint64_t jobs_error;          /* done with a report of status error */
	uint64_t requests_running, requests_done, reports;
};
int store_counts(struct store *st, struct store_counts *c);

/* --- shared results and politeness between processes --------------------- */

/* A value under key until expires (seconds); put replaces. get: 0 with
 * *value (malloc'd, NUL-terminated), 1 when there is none or it expired.
 * prune deletes the expired ones and returns how many, or -1. */
int store_cache_put(struct store *st, const char *key, const char *value,
    int64_t expires);
int store_cache_get(struct store *st, const char *key, int64_t now,
    char **value);
int store_cache_prune(struct store *st, int64_t now);

/* Connection slots per destination, held across processes: take one of
 * slots 0..max-1 of dest (e.g. "web/198.51.100.81") for holder until
 * now_ms + lease_ms (a slot whose lease ended is free). Returns the slot,
 * -1 when all max are held, -2 on error. give frees one slot that holder
 * holds; 0, 1 when it did not hold it, -1. */
int store_slot_take(struct store *st, const char *dest, unsigned max,
    const char *holder, int64_t now_ms, int64_t lease_ms);
int store_slot_give(struct store *st, const char *dest, int slot,
    const char *holder);
/* Extend to now_ms + lease_ms the slots holder holds and whose lease has
 * not ended (a worker renews them while it lives, so that the lease can be
 * short and a dead worker's slots come free soon); how many, or -1. */
int store_slot_renew(struct store *st, const char *holder, int64_t now_ms,
    int64_t lease_ms);
/* Free every slot of holder (a worker that stops); how many, or -1. */
int store_slot_give_all(struct store *st, const char *holder);

/* Is the request of this job still wanted (not cancelled)? 1 yes, 0 no,
 * -1 error. */
int store_job_wanted(struct store *st, int64_t job_id);

/* The domains of a request with their reports, in the order submitted.
 * report NULL when the job is not finished (or made no report). The
 * report's json is given (with_json) for results and results_technical.
 * 1: no such request (the caller checks whose it is). */
typedef int (*store_result_cb)(void *arg, const char *domain,
    const struct store_report *report);
int store_request_results(struct store *st, const char *id, int with_json,
    store_result_cb cb, void *arg);

#endif
