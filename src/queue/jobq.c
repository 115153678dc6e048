/*
 * jobq.c: claimed jobs waiting to start, jobs running (for their leases),
 * under one mutex; store calls outside it except the claim, which must not
 * hand a job out twice.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "queue/jobq.h"
#include "report/report.h"

#define CLAIM_MAX       64
#define CLAIM_EVERY_MS  250
#define EXPIRE_EVERY_S  5

struct jobq {
	struct store *st;
	struct jobq_opts o;
	char worker[128];
	pthread_mutex_t mu;
	struct store_job claimed[CLAIM_MAX];
	size_t n_claimed, next_claimed;
	long long last_claim_ms;
	int64_t *running;            /* job ids handed out, not finished */
	size_t n_running, cap_running;
	time_t last_renew, last_expire;
	struct jobq_stats stats;
};

static long long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct jobq *
jobq_new(struct store *st, const struct jobq_opts *o)
{
	struct jobq *q = calloc(1, sizeof(*q));

	if (q == NULL)
		return NULL;
	q->st = st;
	q->o = *o;
	snprintf(q->worker, sizeof(q->worker), "%s", o->worker);
	q->o.worker = q->worker;
	if (q->o.lease_s == 0)
		q->o.lease_s = 60;
	if (q->o.max_attempts == 0)
		q->o.max_attempts = 3;
	if (q->o.batch == 0 || q->o.batch > CLAIM_MAX)
		q->o.batch = 16;
	pthread_mutex_init(&q->mu, NULL);
	q->last_claim_ms = -CLAIM_EVERY_MS;
	return q;
}

void
jobq_free(struct jobq *q)
{
	size_t i;

	if (q == NULL)
		return;
	for (i = q->next_claimed; i < q->n_claimed; i++)
		(void)store_job_release(q->st, q->claimed[i].job_id, q->worker);
	pthread_mutex_destroy(&q->mu);
	free(q->running);
	free(q);
}

static void
running_add(struct jobq *q, int64_t id)
{
	if (q->n_running == q->cap_running) {
		size_t cap = q->cap_running ? q->cap_running * 2 : 64;
		int64_t *p = realloc(q->running, cap * sizeof(*p));

		if (p == NULL)
			return;          /* its lease then runs out: claimed again */
		q->running = p;
		q->cap_running = cap;
	}
	q->running[q->n_running++] = id;
}

static void
running_del(struct jobq *q, int64_t id)
{
	size_t i;

	pthread_mutex_lock(&q->mu);
	for (i = 0; i < q->n_running; i++)
		if (q->running[i] == id) {
			q->running[i] = q->running[--q->n_running];
			break;
		}
	pthread_mutex_unlock(&q->mu);
}

/* A recent report of the domain finishes the job without a test. */
static int
reuse(struct jobq *q, const struct store_job *job)
{
	struct store_report rep;
	int64_t now = (int64_t)time(NULL);

	if (q->o.reuse_s == 0 || store_report_recent(q->st, job->domain,
	    job->type, now - (int64_t)q->o.reuse_s, &rep) != 0)
		return 0;
	if (store_job_done(q->st, job->job_id, q->worker, rep.id, now) != 0)
		fprintf(stderr, "uptodate: finishing the job of %s: %s\n",
		    job->domain, store_error(q->st));
	store_report_clear(&rep);
	return 1;
}

int
jobq_next(struct jobq *q, struct store_job *job)
{
	long long now;
	int n, got;

	for (;;) {
		got = 0;
		now = mono_ms();
		pthread_mutex_lock(&q->mu);
		if (q->next_claimed == q->n_claimed &&
		    now - q->last_claim_ms >= CLAIM_EVERY_MS) {
			q->last_claim_ms = now;
			n = store_jobs_claim(q->st, q->worker, q->claimed,
			    q->o.batch, (int64_t)time(NULL), q->o.lease_s);
			if (n < 0)
				fprintf(stderr, "uptodate: claiming jobs: %s\n",
				    store_error(q->st));
			q->n_claimed = n > 0 ? (size_t)n : 0;
			q->next_claimed = 0;
			q->stats.claimed += q->n_claimed;
			/* running from the claim on: their leases are renewed */
			for (n = 0; n < (int)q->n_claimed; n++)
				running_add(q, q->claimed[n].job_id);
		}
		if (q->next_claimed < q->n_claimed) {
			*job = q->claimed[q->next_claimed++];
			got = 1;
		}
		pthread_mutex_unlock(&q->mu);
		if (!got)
			return 0;
		if (!reuse(q, job))
			return 1;
		running_del(q, job->job_id);
		pthread_mutex_lock(&q->mu);
		q->stats.reused++;
		pthread_mutex_unlock(&q->mu);
	}
}

int
jobq_finish(struct jobq *q, const struct store_job *job, json_t *result)
{
	int ok, score = report_json_score(result, &ok), rc;
	char id[STORE_ID_MAX], *text;

	if ((text = json_dumps(result, JSON_COMPACT)) == NULL)
		return -1;
	rc = store_job_finish(q->st, job->job_id, q->worker, job->domain,
	    job->type, score, ok, q->o.version, text, (int64_t)time(NULL), id);
	free(text);
	if (rc < 0)
		fprintf(stderr, "uptodate: storing the result of %s: %s\n",
		    job->domain, store_error(q->st));
	running_del(q, job->job_id);
	pthread_mutex_lock(&q->mu);
	if (rc == 0)
		q->stats.finished++;
	else if (rc == 1)
		q->stats.lost++;
	pthread_mutex_unlock(&q->mu);
	return rc;
}

void
jobq_release(struct jobq *q, const struct store_job *job)
{
	if (store_job_release(q->st, job->job_id, q->worker) < 0)
		fprintf(stderr, "uptodate: giving back the job of %s: %s\n",
		    job->domain, store_error(q->st));
	running_del(q, job->job_id);
	pthread_mutex_lock(&q->mu);
	q->stats.released++;
	pthread_mutex_unlock(&q->mu);
}

void
jobq_tick(struct jobq *q)
{
	time_t now = time(NULL);
	int64_t *ids = NULL;
	size_t n = 0;
	int renew, expire;

	pthread_mutex_lock(&q->mu);
	/* renew at a third of the lease, so two missed ticks do no harm */
	renew = now - q->last_renew >= (time_t)(q->o.lease_s / 3 > 0 ?
	    q->o.lease_s / 3 : 1) && q->n_running > 0;
	if (renew && (ids = malloc(q->n_running * sizeof(*ids))) != NULL) {
		memcpy(ids, q->running, q->n_running * sizeof(*ids));
		n = q->n_running;
	}
	if (renew)
		q->last_renew = now;
	expire = now - q->last_expire >= EXPIRE_EVERY_S;
	if (expire)
		q->last_expire = now;
	pthread_mutex_unlock(&q->mu);
	if (n > 0 && store_jobs_renew(q->st, q->worker, ids, n, (int64_t)now,
	    q->o.lease_s) < 0)
		fprintf(stderr, "uptodate: renewing leases: %s\n",
		    store_error(q->st));
	free(ids);
	if (expire && store_jobs_expire(q->st, (int64_t)now, q->o.max_attempts,
	    q->o.version) < 0)
		fprintf(stderr, "uptodate: expiring leases: %s\n",
		    store_error(q->st));
}

void
jobq_stats(struct jobq *q, struct jobq_stats *st)
{
	pthread_mutex_lock(&q->mu);
	*st = q->stats;
	pthread_mutex_unlock(&q->mu);
}
