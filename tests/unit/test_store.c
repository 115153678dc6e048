/*
 * test_store: the store's whole behaviour, run against SQLite in a
 * temporary file always and against PostgreSQL when UTD_PG_URL names a
 * database (tests/pg/pgctl start DIR prints one). On PostgreSQL the suite
 * works in a schema of its own, dropped at the end, so it may share a
 * database with other data.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <libpq-fe.h>

#include "store/store.h"
#include "unit.h"

#define T0 1700000000

static struct store *
open_ok(const char *url)
{
	char err[512];
	struct store *st = store_open(url, err, sizeof(err));

	if (st == NULL)
		fprintf(stderr, "store_open %s: %s\n", url, err);
	return st;
}

/* --- reports --------------------------------------------------------------- */

struct seen {
	char items[64][300];
	size_t n;
	int stop_after;            /* 0: never */
	int with_json_seen;
	struct store *st;          /* for the reentrancy test */
	int inner_rc;
};

static int
seen_report(void *arg, const struct store_report *r)
{
	struct seen *s = arg;

	if (s->n < 64)
		snprintf(s->items[s->n++], sizeof(s->items[0]), "%s/%s/%d",
		    r->domain, r->type, r->score);
	if (r->json != NULL)
		s->with_json_seen++;
	return s->stop_after != 0 && (int)s->n >= s->stop_after;
}

static void
add_report(struct store *st, const char *domain, const char *type,
    int score, int ok, int64_t created, char id[STORE_ID_MAX])
{
	char json[128];

	snprintf(json, sizeof(json), "{\"domain\":\"%s\",\"score\":%d}",
	    domain, score);
	CHECK(store_report_add(st, domain, type, score, ok, "0.9", json,
	    created, id) == 0);
}

static void
test_reports(struct store *st)
{
	char id1[STORE_ID_MAX], id2[STORE_ID_MAX], id[STORE_ID_MAX];
	struct store_report r;
	struct seen s;
	size_t i;

	add_report(st, "a.nl", "web", 100, 1, T0 + 100, id1);
	CHECK(strlen(id1) == 32);
	CHECK(strspn(id1, "0123456789abcdef") == 32);
	add_report(st, "a.nl", "mail", 100, 1, T0 + 110, id);
	add_report(st, "b.nl", "web", 100, 1, T0 + 120, id);
	add_report(st, "b.nl", "web", 90, 1, T0 + 200, id2);   /* fell */
	add_report(st, "c.nl", "web", 100, 1, T0 + 150, id);
	add_report(st, "c.nl", "mail", 80, 1, T0 + 160, id);
	add_report(st, "d.nl", "mail", -1, 0, T0 + 170, id);
	add_report(st, "e.nl", "mail", 100, 1, T0 + 180, id);
	CHECK(strcmp(id1, id2) != 0);

	CHECK(store_report_get(st, id1, &r) == 0);
	CHECK_STR(r.domain, "a.nl");
	CHECK_STR(r.type, "web");
	CHECK_STR(r.version, "0.9");
	CHECK(r.score == 100 && r.ok == 1 && r.created == T0 + 100);
	CHECK_STR(r.json, "{\"domain\":\"a.nl\",\"score\":100}");
	store_report_clear(&r);
	CHECK(r.json == NULL);
	CHECK(store_report_get(st, "0123", &r) == 1);
	store_report_clear(&r);

	CHECK(store_report_recent(st, "b.nl", "web", T0, &r) == 0);
	CHECK_STR(r.id, id2);
	CHECK(r.score == 90);
	store_report_clear(&r);
	CHECK(store_report_recent(st, "b.nl", "web", T0 + 201, &r) == 1);
	CHECK(store_report_recent(st, "b.nl", "mail", 0, &r) == 1);
	CHECK(store_report_recent(st, "d.nl", "mail", 0, &r) == 0);
	CHECK(r.score == -1 && r.ok == 0);
	store_report_clear(&r);

	/* all, ascending, without JSON */
	memset(&s, 0, sizeof(s));
	CHECK(store_reports_each(st, NULL, 0, 0, 0, 0, seen_report, &s) == 0);
	CHECK(s.n == 8);
	CHECK_STR(s.items[0], "a.nl/web/100");
	CHECK_STR(s.items[7], "b.nl/web/90");
	CHECK(s.with_json_seen == 0);
	/* latest of each (domain, type), with JSON */
	memset(&s, 0, sizeof(s));
	CHECK(store_reports_each(st, NULL, 1, 1, 0, 0, seen_report, &s) == 0);
	CHECK(s.n == 7);
	CHECK(s.with_json_seen == 7);
	for (i = 0; i < s.n; i++)
		CHECK(strcmp(s.items[i], "b.nl/web/100") != 0);
	CHECK_STR(s.items[6], "b.nl/web/90");
	/* type and range [since, until) */
	memset(&s, 0, sizeof(s));
	CHECK(store_reports_each(st, "web", 0, 0, T0 + 120, T0 + 200,
	    seen_report, &s) == 0);
	CHECK(s.n == 2);
	CHECK_STR(s.items[0], "b.nl/web/100");
	CHECK_STR(s.items[1], "c.nl/web/100");
	/* latest within the range: b.nl's 100 is its newest before T0+200 */
	memset(&s, 0, sizeof(s));
	CHECK(store_reports_each(st, "web", 1, 0, 0, T0 + 200, seen_report,
	    &s) == 0);
	CHECK(s.n == 3);
	CHECK_STR(s.items[1], "b.nl/web/100");
	/* the callback stops the walk */
	memset(&s, 0, sizeof(s));
	s.stop_after = 2;
	CHECK(store_reports_each(st, NULL, 0, 0, 0, 0, seen_report, &s) == 0);
	CHECK(s.n == 2);

	/* Hall of Fame: newest first; b.nl fell below 100, d.nl failed */
	memset(&s, 0, sizeof(s));
	CHECK(store_hall_of_fame(st, "web", 10, seen_report, &s) == 0);
	CHECK(s.n == 2);
	CHECK_STR(s.items[0], "c.nl/web/100");
	CHECK_STR(s.items[1], "a.nl/web/100");
	memset(&s, 0, sizeof(s));
	CHECK(store_hall_of_fame(st, "mail", 10, seen_report, &s) == 0);
	CHECK(s.n == 2);
	CHECK_STR(s.items[0], "e.nl/mail/100");
	CHECK_STR(s.items[1], "a.nl/mail/100");
	memset(&s, 0, sizeof(s));
	CHECK(store_hall_of_fame(st, "mail", 1, seen_report, &s) == 0);
	CHECK(s.n == 1);
	memset(&s, 0, sizeof(s));
	CHECK(store_hall_of_fame(st, "champions", 10, seen_report, &s) == 0);
	CHECK(s.n == 1);
	CHECK_STR(s.items[0], "a.nl/web/100");
	CHECK(s.with_json_seen == 0);
	/* a champion no more once its newest web report drops */
	add_report(st, "a.nl", "web", 95, 1, T0 + 300, id);
	memset(&s, 0, sizeof(s));
	CHECK(store_hall_of_fame(st, "champions", 10, seen_report, &s) == 0);
	CHECK(s.n == 0);
	memset(&s, 0, sizeof(s));
	CHECK(store_hall_of_fame(st, "web", 10, seen_report, &s) == 0);
	CHECK(s.n == 1);
	CHECK_STR(s.items[0], "c.nl/web/100");
}

/* --- users ----------------------------------------------------------------- */

static int
seen_user(void *arg, const char *name, int64_t created)
{
	struct seen *s = arg;

	if (s->n < 64 && created > 0)
		snprintf(s->items[s->n++], sizeof(s->items[0]), "%s", name);
	return 0;
}

static void
test_users(struct store *st)
{
	char hash[128], small[4];
	struct seen s;

	CHECK(store_user_add(st, "bob", "$argon2id$bob") == 0);
	CHECK(store_user_add(st, "alice", "$argon2id$alice") == 0);
	CHECK(store_user_add(st, "bob", "other") == -1);
	CHECK_STR(store_error(st), "exists");
	CHECK(store_user_get(st, "bob", hash, sizeof(hash)) == 0);
	CHECK_STR(hash, "$argon2id$bob");
	CHECK(store_user_get(st, "bob", small, sizeof(small)) == -1);
	CHECK(store_user_get(st, "carol", hash, sizeof(hash)) == 1);
	memset(&s, 0, sizeof(s));
	CHECK(store_user_list(st, seen_user, &s) == 0);
	CHECK(s.n == 2);
	CHECK_STR(s.items[0], "alice");
	CHECK_STR(s.items[1], "bob");
	CHECK(store_user_del(st, "bob") == 0);
	CHECK(store_user_del(st, "bob") == 1);
	CHECK(store_user_get(st, "bob", hash, sizeof(hash)) == 1);
	CHECK(store_user_del(st, "alice") == 0);
}

/* --- requests and jobs ----------------------------------------------------- */

static int
add_request(struct store *st, const char *user, const char *prefix,
    size_t n, int64_t now, char id[STORE_ID_MAX])
{
	char names[64][32];
	const char *domains[64];
	size_t i;

	for (i = 0; i < n && i < 64; i++) {
		snprintf(names[i], sizeof(names[i]), "%s%02zu.nl", prefix, i);
		domains[i] = names[i];
	}
	return store_request_add(st, user, prefix, "web", domains, n, now, id);
}

/* Finishes every job still queued or running, with a report each. */
static void
drain(struct store *st, int64_t now)
{
	struct store_job jobs[16];
	char rid[STORE_ID_MAX];
	int n, i;

	store_jobs_requeue_running(st);
	while ((n = store_jobs_claim(st, "drain", jobs, 16, now, 60)) > 0)
		for (i = 0; i < n; i++) {
			add_report(st, jobs[i].domain, jobs[i].type, 50, 1, now,
			    rid);
			CHECK(store_job_done(st, jobs[i].job_id, "drain", rid,
			    now) == 0);
		}
	CHECK(n == 0);
}

static void
test_fairness(struct store *st)
{
	char ida[STORE_ID_MAX], idb[STORE_ID_MAX];
	const char *want[4];
	struct store_job job;
	int k;

	CHECK(add_request(st, "userA", "fa", 5, T0 + 1000, ida) == 0);
	CHECK(add_request(st, "userB", "fb", 2, T0 + 1001, idb) == 0);
	want[0] = ida, want[1] = idb, want[2] = ida, want[3] = idb;
	for (k = 0; k < 4; k++) {
		CHECK(store_jobs_claim(st, "w1", &job, 1, T0 + 1002, 60) == 1);
		CHECK_STR(job.request_id, want[k]);
		CHECK_STR(job.type, "web");
	}
	/* only A's remain */
	for (k = 0; k < 3; k++) {
		CHECK(store_jobs_claim(st, "w1", &job, 1, T0 + 1002, 60) == 1);
		CHECK_STR(job.request_id, ida);
	}
	CHECK(store_jobs_claim(st, "w1", &job, 1, T0 + 1002, 60) == 0);
	drain(st, T0 + 1003);
}

static void
test_shuffle(struct store *st)
{
	struct store_job jobs[50];
	struct store_request rq;
	char id[STORE_ID_MAX], want[32];
	int n, i, same = 1, dup = 0;
	char seen[50] = { 0 };

	CHECK(add_request(st, "userS", "s", 50, T0 + 2000, id) == 0);
	CHECK(store_request_get(st, NULL, id, &rq) == 0);
	CHECK(rq.n_domains == 50 && rq.n_done == 0);
	CHECK_STR(rq.status, STORE_REQ_RUNNING);
	n = store_jobs_claim(st, "w1", jobs, 50, T0 + 2001, 60);
	CHECK(n == 50);
	for (i = 0; i < n; i++) {
		long pos = strtol(jobs[i].domain + 1, NULL, 10);

		snprintf(want, sizeof(want), "s%02d.nl", i);
		if (strcmp(jobs[i].domain, want) != 0)
			same = 0;
		if (pos < 0 || pos >= 50 || seen[pos]++)
			dup = 1;
	}
	CHECK(!same);
	CHECK(!dup);
	CHECK(store_jobs_claim(st, "w1", jobs, 50, T0 + 2001, 60) == 0);
	drain(st, T0 + 2002);
	CHECK(store_request_get(st, NULL, id, &rq) == 0);
	CHECK_STR(rq.status, STORE_REQ_DONE);
	CHECK(rq.n_done == 50);
}

struct results {
	char line[16][300];
	size_t n;
	int json;
};

static int
seen_result(void *arg, const char *domain, const struct store_report *r)
{
	struct results *res = arg;
	char score[16] = "-";

	if (r != NULL && r->json != NULL)
		res->json++;
	if (r != NULL)
		snprintf(score, sizeof(score), "%d", r->score);
	if (res->n < 16)
		snprintf(res->line[res->n++], sizeof(res->line[0]), "%s=%s",
		    domain, score);
	return 0;
}

static void
test_lifecycle(struct store *st)
{
	struct store_job jobs[8];
	struct store_request rq;
	struct results res;
	char id[STORE_ID_MAX], rid[STORE_ID_MAX], rid2[STORE_ID_MAX];
	int n, i, again = -1;

	CHECK(add_request(st, "userL", "l", 3, T0 + 3000, id) == 0);
	CHECK(store_request_get(st, "userL", id, &rq) == 0);
	CHECK_STR(rq.user, "userL");
	CHECK_STR(rq.name, "l");
	CHECK_STR(rq.type, "web");
	CHECK(rq.submitted == T0 + 3000 && rq.finished == 0);
	CHECK(rq.n_domains == 3 && rq.n_done == 0);
	CHECK(store_request_get(st, "other", id, &rq) == 1);
	CHECK(store_request_get(st, NULL, "nope", &rq) == 1);

	/* nothing finished yet: results in submission order, no reports */
	memset(&res, 0, sizeof(res));
	CHECK(store_request_results(st, id, 1, seen_result, &res) == 0);
	CHECK(res.n == 3);
	CHECK_STR(res.line[0], "l00.nl=-");
	CHECK_STR(res.line[2], "l02.nl=-");
	CHECK(store_request_results(st, "nope", 0, seen_result, &res) == 1);

	/* a dead process's running jobs come back */
	CHECK(store_jobs_claim(st, "w1", jobs, 2, T0 + 3001, 60) == 2);
	CHECK(store_job_wanted(st, jobs[0].job_id) == 1);
	CHECK(store_jobs_requeue_running(st) == 2);
	CHECK(store_jobs_requeue_running(st) == 0);
	n = store_jobs_claim(st, "w2", jobs, 8, T0 + 3002, 60);
	CHECK(n == 3);
	for (i = 0; i < n; i++) {
		if (strcmp(jobs[i].domain, "l01.nl") == 0) {
			/* no report could be made */
			CHECK(store_job_done(st, jobs[i].job_id, "w2", NULL,
			    T0 + 3003) == 0);
			continue;
		}
		add_report(st, jobs[i].domain, "web", 70, 1, T0 + 3003, rid);
		CHECK(store_job_done(st, jobs[i].job_id, "w2", rid,
		    T0 + 3003) == 0);
		again = i;
		CHECK(store_request_get(st, NULL, id, &rq) == 0);
		if (rq.n_done < 3)
			CHECK_STR(rq.status, STORE_REQ_RUNNING);
	}
	CHECK(store_request_get(st, NULL, id, &rq) == 0);
	CHECK_STR(rq.status, STORE_REQ_DONE);
	CHECK(rq.finished == T0 + 3003);
	CHECK(rq.n_done == 3);

	/* at most once: a second result for a job is refused */
	CHECK(again >= 0);
	if (again >= 0) {
		add_report(st, jobs[again].domain, "web", 10, 1, T0 + 3004, rid2);
		CHECK(store_job_done(st, jobs[again].job_id, "w2", rid2,
		    T0 + 3004) == 1);
	}
	CHECK(store_job_done(st, 987654321, "w2", rid2, T0 + 3004) == 1);
	CHECK(store_request_get(st, NULL, id, &rq) == 0);
	CHECK(rq.finished == T0 + 3003);

	memset(&res, 0, sizeof(res));
	CHECK(store_request_results(st, id, 0, seen_result, &res) == 0);
	CHECK(res.n == 3);
	CHECK_STR(res.line[0], "l00.nl=70");
	CHECK_STR(res.line[1], "l01.nl=-");
	CHECK_STR(res.line[2], "l02.nl=70");
	CHECK(res.json == 0);
	memset(&res, 0, sizeof(res));
	CHECK(store_request_results(st, id, 1, seen_result, &res) == 0);
	CHECK(res.json == 2);

	/* cancelling a done request changes nothing */
	CHECK(store_request_cancel(st, NULL, id, T0 + 3005) == 0);
	CHECK(store_request_get(st, NULL, id, &rq) == 0);
	CHECK_STR(rq.status, STORE_REQ_DONE);
	CHECK(rq.finished == T0 + 3003);
}

static void
test_cancel(struct store *st)
{
	struct store_job job;
	struct store_request rq;
	char id[STORE_ID_MAX], rid[STORE_ID_MAX];

	CHECK(add_request(st, "userC", "c", 4, T0 + 4000, id) == 0);
	CHECK(store_jobs_claim(st, "w1", &job, 1, T0 + 4001, 60) == 1);
	CHECK(store_request_cancel(st, "userD", id, T0 + 4002) == 1);
	CHECK(store_request_cancel(st, "userC", "nope", T0 + 4002) == 1);
	CHECK(store_request_cancel(st, "userC", id, T0 + 4002) == 0);
	CHECK(store_request_get(st, NULL, id, &rq) == 0);
	CHECK_STR(rq.status, STORE_REQ_CANCELLED);
	CHECK(rq.finished == T0 + 4002);
	CHECK(rq.n_domains == 4 && rq.n_done == 3);    /* 3 dropped */
	CHECK(store_job_wanted(st, job.job_id) == 0);
	CHECK(store_jobs_claim(st, "w1", &job, 1, T0 + 4003, 60) == 0 ||
	    strcmp(job.request_id, id) != 0);
	/* the running job's result is discarded */
	add_report(st, job.domain, "web", 60, 1, T0 + 4004, rid);
	CHECK(store_job_done(st, job.job_id, "w1", rid, T0 + 4004) == 0);
	CHECK(store_request_get(st, NULL, id, &rq) == 0);
	CHECK_STR(rq.status, STORE_REQ_CANCELLED);
	CHECK(rq.n_done == 4);
	CHECK(rq.finished == T0 + 4002);
	/* twice: still cancelled, unchanged */
	CHECK(store_request_cancel(st, NULL, id, T0 + 4005) == 0);
	CHECK(store_request_get(st, NULL, id, &rq) == 0);
	CHECK(rq.finished == T0 + 4002);
	drain(st, T0 + 4006);
}

static int
seen_request(void *arg, const struct store_request *rq)
{
	struct seen *s = arg;

	if (s->n < 64)
		snprintf(s->items[s->n++], sizeof(s->items[0]), "%s %s %zu",
		    rq->name, rq->status, rq->n_domains);
	return 0;
}

static void
test_list(struct store *st)
{
	char id[STORE_ID_MAX];
	struct seen s;

	memset(&s, 0, sizeof(s));
	CHECK(store_request_list(st, "userA", 10, seen_request, &s) == 0);
	CHECK(s.n == 1);
	CHECK_STR(s.items[0], "fa done 5");
	memset(&s, 0, sizeof(s));
	CHECK(store_request_list(st, NULL, 2, seen_request, &s) == 0);
	CHECK(s.n == 2);
	CHECK_STR(s.items[0], "c cancelled 4");       /* newest first */
	CHECK_STR(s.items[1], "l done 3");
	memset(&s, 0, sizeof(s));
	CHECK(store_request_list(st, NULL, 100, seen_request, &s) == 0);
	CHECK(s.n == 5);

	/* no domains: done at once */
	CHECK(store_request_add(st, "userE", "e", "mail", NULL, 0, T0 + 4900,
	    id) == 0);
	memset(&s, 0, sizeof(s));
	CHECK(store_request_list(st, "userE", 0, seen_request, &s) == 0);
	CHECK(s.n == 1);
	CHECK_STR(s.items[0], "e done 0");

	/* deleting a user cancels its unfinished requests */
	CHECK(store_user_add(st, "userU", "h") == 0);
	CHECK(add_request(st, "userU", "u", 2, T0 + 5000, id) == 0);
	CHECK(store_user_del(st, "userU") == 0);
	memset(&s, 0, sizeof(s));
	CHECK(store_request_list(st, "userU", 0, seen_request, &s) == 0);
	CHECK(s.n == 1);
	CHECK_STR(s.items[0], "u cancelled 2");
}

/* A callback that calls the store on its own handle gets an error, not a
 * deadlock. */
static int
reenter(void *arg, const struct store_report *r)
{
	struct seen *s = arg;
	char hash[8];

	(void)r;
	s->inner_rc = store_user_get(s->st, "x", hash, sizeof(hash));
	return 1;
}

static void
test_reentry(struct store *st)
{
	struct seen s;

	memset(&s, 0, sizeof(s));
	s.st = st;
	CHECK(store_reports_each(st, NULL, 0, 0, 0, 0, reenter, &s) == 0);
	CHECK(s.inner_rc == -1);
}

/* Threads claiming at once, on two handles (two connections: on
 * PostgreSQL the row locks, on SQLite the file lock), take every job
 * exactly once, and the request ends done. */
#define CLAIMERS 4
#define CLAIM_JOBS 40

struct claimer {
	struct store *st;
	char worker[24];
	int64_t got[CLAIM_JOBS];
	int n, err;
};

static void *
claimer_run(void *arg)
{
	struct claimer *c = arg;
	struct store_job job;
	int n;

	while ((n = store_jobs_claim(c->st, c->worker, &job, 1, T0 + 6000,
	    60)) == 1) {
		if (c->n < CLAIM_JOBS)
			c->got[c->n++] = job.job_id;
		if (store_job_done(c->st, job.job_id, c->worker, NULL,
		    T0 + 6001) != 0)
			c->err = 1;
	}
	if (n < 0)
		c->err = 1;
	return NULL;
}

static void
test_threads(struct store *st, struct store *st2)
{
	struct claimer c[CLAIMERS];
	pthread_t t[CLAIMERS];
	struct store_request rq;
	char id[STORE_ID_MAX];
	int i, j, k, total = 0, dup = 0;

	CHECK(add_request(st, "userT", "t", CLAIM_JOBS, T0 + 6000, id) == 0);
	memset(c, 0, sizeof(c));
	for (i = 0; i < CLAIMERS; i++) {
		c[i].st = i % 2 ? st2 : st;
		snprintf(c[i].worker, sizeof(c[i].worker), "claimer%d", i);
		pthread_create(&t[i], NULL, claimer_run, &c[i]);
	}
	for (i = 0; i < CLAIMERS; i++) {
		pthread_join(t[i], NULL);
		CHECK(c[i].err == 0);
		total += c[i].n;
	}
	CHECK(total == CLAIM_JOBS);
	for (i = 0; i < CLAIMERS; i++)
		for (j = 0; j < c[i].n; j++)
			for (k = 0; k < CLAIMERS; k++)
				for (int m = 0; m < c[k].n; m++)
					if ((k != i || m != j) &&
					    c[i].got[j] == c[k].got[m])
						dup = 1;
	CHECK(!dup);
	CHECK(store_request_get(st, NULL, id, &rq) == 0);
	CHECK_STR(rq.status, STORE_REQ_DONE);
}

/* --- leases, expiry, release ----------------------------------------------- */

struct domain_count {
	const char *domain;
	int n;
};

static int
count_domain(void *arg, const struct store_report *r)
{
	struct domain_count *c = arg;

	if (strcmp(r->domain, c->domain) == 0)
		c->n++;
	return 0;
}

/* How many reports of any type domain has. */
static int
n_reports(struct store *st, const char *domain)
{
	struct domain_count c = { domain, 0 };

	if (store_reports_each(st, NULL, 0, 0, 0, 0, count_domain, &c) != 0)
		return -1;
	return c.n;
}

static int
finish(struct store *st, const struct store_job *job, const char *worker,
    int score, int64_t now, char id[STORE_ID_MAX])
{
	char json[320];

	snprintf(json, sizeof(json), "{\"domain\":\"%s\",\"score\":%d}",
	    job->domain, score);
	return store_job_finish(st, job->job_id, worker, job->domain,
	    job->type, score, 1, "0.9", json, now, id);
}

static void
test_leases(struct store *st)
{
	struct store_job job;
	struct store_request rq;
	struct results res;
	char id[STORE_ID_MAX], rid[STORE_ID_MAX];
	int64_t jid, two[2];

	CHECK(add_request(st, "userW", "w", 1, T0 + 7000, id) == 0);
	CHECK(store_jobs_claim(st, "w1", &job, 1, T0 + 7001, 60) == 1);
	jid = job.job_id;
	two[0] = jid, two[1] = 987654321;
	CHECK(store_jobs_renew(st, "w1", &jid, 1, T0 + 7010, 60) == 1);
	CHECK(store_jobs_renew(st, "w1", two, 2, T0 + 7011, 60) == 1);
	CHECK(store_jobs_renew(st, "w2", &jid, 1, T0 + 7012, 60) == 0);
	CHECK(store_jobs_renew(st, "w1", NULL, 0, T0 + 7012, 60) == 0);

	/* w2 is refused and nothing is written */
	memset(rid, 'x', sizeof(rid));
	CHECK(finish(st, &job, "w2", 80, T0 + 7020, rid) == 1);
	CHECK(rid[0] == '\0');
	CHECK(n_reports(st, job.domain) == 0);
	CHECK(store_job_done(st, jid, "w2", NULL, T0 + 7020) == 1);
	CHECK(store_job_release(st, jid, "w2") == 1);
	CHECK(store_request_get(st, NULL, id, &rq) == 0);
	CHECK_STR(rq.status, STORE_REQ_RUNNING);
	CHECK(rq.n_done == 0);

	/* an ended lease not yet expired nor claimed again still counts */
	CHECK(store_jobs_renew(st, "w1", &jid, 1, T0 + 7200, 60) == 1);
	CHECK(finish(st, &job, "w1", 80, T0 + 7300, rid) == 0);
	CHECK(strlen(rid) == 32);
	CHECK(n_reports(st, job.domain) == 1);
	CHECK(store_request_get(st, NULL, id, &rq) == 0);
	CHECK_STR(rq.status, STORE_REQ_DONE);
	CHECK(rq.finished == T0 + 7300 && rq.n_done == 1);
	memset(&res, 0, sizeof(res));
	CHECK(store_request_results(st, id, 1, seen_result, &res) == 0);
	CHECK(res.n == 1 && res.json == 1);
	CHECK_STR(res.line[0], "w00.nl=80");

	/* once only, even for the holder */
	CHECK(finish(st, &job, "w1", 81, T0 + 7301, rid) == 1);
	CHECK(store_job_done(st, jid, "w1", NULL, T0 + 7301) == 1);
	CHECK(store_jobs_renew(st, "w1", &jid, 1, T0 + 7301, 60) == 0);
	CHECK(store_job_release(st, jid, "w1") == 1);
	CHECK(n_reports(st, job.domain) == 1);
	CHECK(store_job_finish(st, jid, "w1", job.domain, "web", 1, 1, "0.9",
	    NULL, T0 + 7302, rid) == -1);
}

struct lost {
	const char *domain;
	int found, score;
	char status[16], code[32], type[16], api[8], rdomain[64];
};

static int
seen_lost(void *arg, const char *domain, const struct store_report *r)
{
	struct lost *l = arg;
	json_t *o;

	if (strcmp(domain, l->domain) != 0 || r == NULL || r->json == NULL)
		return 0;
	l->found++;
	l->score = r->score;
	if ((o = json_loads(r->json, 0, NULL)) == NULL)
		return 0;
	snprintf(l->status, sizeof(l->status), "%s",
	    json_string_value(json_object_get(o, "status")));
	snprintf(l->code, sizeof(l->code), "%s", json_string_value(
	    json_object_get(json_object_get(o, "error"), "code")));
	snprintf(l->type, sizeof(l->type), "%s",
	    json_string_value(json_object_get(o, "test_type")));
	snprintf(l->api, sizeof(l->api), "%s",
	    json_string_value(json_object_get(o, "api_version")));
	snprintf(l->rdomain, sizeof(l->rdomain), "%s",
	    json_string_value(json_object_get(o, "domain")));
	json_decref(o);
	return 0;
}

static void
test_expiry(struct store *st)
{
	struct store_job a[2], b[2], *lost_job = NULL, *won = NULL;
	struct store_request rq;
	struct lost l;
	char id[STORE_ID_MAX], id2[STORE_ID_MAX], rid[STORE_ID_MAX];
	int i;

	CHECK(add_request(st, "userX", "x", 2, T0 + 8000, id) == 0);
	CHECK(store_jobs_claim(st, "w1", a, 2, T0 + 8000, 1) == 2);
	CHECK(store_jobs_expire(st, T0 + 8001, 3, "0.9") == 0);
	CHECK(store_jobs_expire(st, T0 + 8002, 3, "0.9") == 2);
	CHECK(store_jobs_renew(st, "w1", &a[0].job_id, 1, T0 + 8002, 1) == 0);
	CHECK(store_jobs_claim(st, "w2", b, 2, T0 + 8003, 1) == 2);
	/* w1 comes back late: refused */
	CHECK(finish(st, &a[0], "w1", 90, T0 + 8004, rid) == 1);
	CHECK(finish(st, &a[1], "w1", 90, T0 + 8004, rid) == 1);
	CHECK(n_reports(st, a[0].domain) == 0);
	CHECK(n_reports(st, a[1].domain) == 0);
	for (i = 0; i < 2; i++)
		if (b[i].job_id == a[0].job_id)
			lost_job = &b[i], won = &b[1 - i];
	CHECK(lost_job != NULL);
	if (lost_job == NULL)
		return;
	CHECK(finish(st, won, "w2", 90, T0 + 8005, rid) == 0);
	/* claimed twice: the second expiry ends it with an error report */
	CHECK(store_jobs_expire(st, T0 + 8010, 2, "0.9") == 1);
	CHECK(store_jobs_expire(st, T0 + 8010, 2, "0.9") == 0);
	CHECK(finish(st, lost_job, "w2", 90, T0 + 8011, rid) == 1);
	CHECK(n_reports(st, lost_job->domain) == 1);
	CHECK(store_request_get(st, NULL, id, &rq) == 0);
	CHECK_STR(rq.status, STORE_REQ_DONE);
	CHECK(rq.finished == T0 + 8010 && rq.n_done == 2);
	memset(&l, 0, sizeof(l));
	l.domain = lost_job->domain;
	CHECK(store_request_results(st, id, 1, seen_lost, &l) == 0);
	CHECK(l.found == 1);
	CHECK(l.score == -1);
	CHECK_STR(l.status, "error");
	CHECK_STR(l.code, "worker_lost");
	CHECK_STR(l.type, "web");
	CHECK_STR(l.api, "2.0");
	CHECK_STR(l.rdomain, lost_job->domain);

	/* a cancelled request's lost job is dropped, not queued again */
	CHECK(add_request(st, "userX", "xc", 1, T0 + 8100, id2) == 0);
	CHECK(store_jobs_claim(st, "w1", a, 1, T0 + 8100, 1) == 1);
	CHECK(store_request_cancel(st, NULL, id2, T0 + 8101) == 0);
	CHECK(store_jobs_expire(st, T0 + 8102, 3, "0.9") == 1);
	CHECK(store_request_get(st, NULL, id2, &rq) == 0);
	CHECK_STR(rq.status, STORE_REQ_CANCELLED);
	CHECK(rq.n_done == 1);
	CHECK(n_reports(st, a[0].domain) == 0);
}

static void
test_release(struct store *st)
{
	struct store_job job, again;
	struct store_request rq;
	char id[STORE_ID_MAX], rid[STORE_ID_MAX];

	CHECK(add_request(st, "userR", "rl", 1, T0 + 8200, id) == 0);
	CHECK(store_jobs_claim(st, "w1", &job, 1, T0 + 8200, 60) == 1);
	CHECK(store_job_release(st, job.job_id, "w2") == 1);
	CHECK(store_job_release(st, job.job_id, "w1") == 0);
	CHECK(store_job_release(st, job.job_id, "w1") == 1);
	CHECK(finish(st, &job, "w1", 70, T0 + 8201, rid) == 1);
	CHECK(store_jobs_claim(st, "w2", &again, 1, T0 + 8202, 60) == 1);
	CHECK(again.job_id == job.job_id);
	/* the release did not count: one claim so far, so with at most 2
	 * the job is queued again, not ended */
	CHECK(store_jobs_expire(st, T0 + 8300, 2, "0.9") == 1);
	CHECK(store_request_get(st, NULL, id, &rq) == 0);
	CHECK(rq.n_done == 0);
	CHECK(store_jobs_claim(st, "w3", &again, 1, T0 + 8301, 60) == 1);
	CHECK(finish(st, &again, "w3", 70, T0 + 8302, rid) == 0);
	CHECK(store_request_get(st, NULL, id, &rq) == 0);
	CHECK_STR(rq.status, STORE_REQ_DONE);

	/* a cancelled request's job given back is dropped */
	CHECK(add_request(st, "userR", "rc", 1, T0 + 8400, id) == 0);
	CHECK(store_jobs_claim(st, "w1", &job, 1, T0 + 8400, 60) == 1);
	CHECK(store_request_cancel(st, NULL, id, T0 + 8401) == 0);
	CHECK(store_job_release(st, job.job_id, "w1") == 0);
	CHECK(store_request_get(st, NULL, id, &rq) == 0);
	CHECK(rq.n_done == 1);
}

static void
test_requeue(struct store *st)
{
	struct store_job jobs[2], job;
	struct store_request rq;
	char id[STORE_ID_MAX], idc[STORE_ID_MAX], rid[STORE_ID_MAX];

	CHECK(add_request(st, "userQ", "q", 1, T0 + 8500, id) == 0);
	CHECK(add_request(st, "userQ", "qc", 2, T0 + 8501, idc) == 0);
	CHECK(store_jobs_claim(st, "w1", jobs, 2, T0 + 8502, 60) == 2);
	CHECK(store_jobs_claim(st, "w1", &job, 1, T0 + 8502, 60) == 1);
	CHECK(store_request_cancel(st, NULL, idc, T0 + 8503) == 0);
	CHECK(store_jobs_requeue_running(st) == 3);
	CHECK(store_request_get(st, NULL, idc, &rq) == 0);
	CHECK(rq.n_done == 2);                  /* dropped, not queued */
	CHECK(store_request_get(st, NULL, id, &rq) == 0);
	CHECK(rq.n_done == 0);
	/* the old holder lost the job */
	if (strcmp(jobs[0].request_id, id) == 0)
		job = jobs[0];
	else if (strcmp(jobs[1].request_id, id) == 0)
		job = jobs[1];
	CHECK_STR(job.request_id, id);
	CHECK(finish(st, &job, "w1", 60, T0 + 8504, rid) == 1);
	CHECK(store_jobs_claim(st, "w2", &job, 1, T0 + 8505, 60) == 1);
	CHECK_STR(job.request_id, id);
	CHECK(finish(st, &job, "w2", 60, T0 + 8506, rid) == 0);
	CHECK(store_request_get(st, NULL, id, &rq) == 0);
	CHECK_STR(rq.status, STORE_REQ_DONE);
}

static void
test_counts(struct store *st)
{
	struct store_counts c0, c;
	struct store_job jobs[2];
	char id[STORE_ID_MAX], rid[STORE_ID_MAX];

	CHECK(store_counts(st, &c0) == 0);
	CHECK(c0.jobs_queued == 0 && c0.jobs_running == 0);
	CHECK(c0.reports > 0 && c0.jobs_done > 0 && c0.requests_done > 0);
	CHECK(c0.jobs_error >= 1);              /* test_expiry's */
	CHECK(add_request(st, "userK", "k", 3, T0 + 8600, id) == 0);
	CHECK(store_counts(st, &c) == 0);
	CHECK(c.jobs_queued == 3 && c.requests_running == c0.requests_running + 1);
	CHECK(store_jobs_claim(st, "w1", jobs, 2, T0 + 8601, 1) == 2);
	CHECK(store_counts(st, &c) == 0);
	CHECK(c.jobs_queued == 1 && c.jobs_running == 2);
	CHECK(finish(st, &jobs[0], "w1", 50, T0 + 8602, rid) == 0);
	CHECK(store_jobs_renew(st, "w1", &jobs[1].job_id, 1, T0 + 8602, 0) == 1);
	CHECK(store_jobs_expire(st, T0 + 8603, 1, "0.9") == 1);
	CHECK(store_request_cancel(st, NULL, id, T0 + 8604) == 0);
	CHECK(store_counts(st, &c) == 0);
	CHECK(c.jobs_queued == 0 && c.jobs_running == 0);
	CHECK(c.jobs_done == c0.jobs_done + 2);
	CHECK(c.jobs_error == c0.jobs_error + 1);
	CHECK(c.jobs_dropped == c0.jobs_dropped + 1);
	CHECK(c.reports == c0.reports + 2);
	CHECK(c.requests_running == c0.requests_running);
	CHECK(c.requests_done == c0.requests_done);
}

/* --- cache and slots ------------------------------------------------------- */

static void
test_cache(struct store *st)
{
	static const char odd[] = "{\"a\":\"it's \\\"q\\\"\\n\",\"\xc3\xa9\":1}";
	char *v = (char *)"untouched";

	CHECK(store_cache_get(st, "k1", T0, &v) == 1);
	CHECK(v == NULL);
	CHECK(store_cache_put(st, "k1", "v1", T0 + 100) == 0);
	CHECK(store_cache_get(st, "k1", T0 + 99, &v) == 0);
	CHECK_STR(v, "v1");
	free(v);
	CHECK(store_cache_get(st, "k1", T0 + 100, &v) == 1);   /* expired */
	CHECK(v == NULL);
	CHECK(store_cache_put(st, "k1", odd, T0 + 200) == 0);  /* replaced */
	CHECK(store_cache_get(st, "k1", T0 + 150, &v) == 0);
	CHECK_STR(v, odd);
	free(v);
	CHECK(store_cache_put(st, "k2", "", T0 + 50) == 0);
	CHECK(store_cache_put(st, "k3", "v3", T0 + 300) == 0);
	CHECK(store_cache_get(st, "k2", T0, &v) == 0);
	CHECK_STR(v, "");
	free(v);
	CHECK(store_cache_prune(st, T0 + 160) == 1);
	CHECK(store_cache_get(st, "k2", T0, &v) == 1);         /* gone */
	CHECK(store_cache_get(st, "k1", T0 + 160, &v) == 0);
	free(v);
	CHECK(store_cache_prune(st, T0 + 160) == 0);
	CHECK(store_cache_prune(st, T0 + 1000) == 2);
	CHECK(store_cache_get(st, "k3", T0, &v) == 1);
}

static void
test_slots(struct store *st)
{
	static const char dest[] = "web/198.51.100.81";
	const int64_t now = (int64_t)T0 * 1000, lease = 30000;

	CHECK(store_slot_take(st, dest, 0, "w1", now, lease) == -1);
	CHECK(store_slot_take(st, dest, 2, "w1", now, lease) == 0);
	CHECK(store_slot_take(st, dest, 2, "w2", now + 1, lease) == 1);
	CHECK(store_slot_take(st, dest, 2, "w3", now + 2, lease) == -1);
	CHECK(store_slot_give(st, dest, 1, "w1") == 1);      /* w2's */
	CHECK(store_slot_give(st, dest, 0, "w1") == 0);
	CHECK(store_slot_give(st, dest, 0, "w1") == 1);
	CHECK(store_slot_take(st, dest, 2, "w3", now + 3, lease) == 0);
	CHECK(store_slot_take(st, dest, 2, "w1", now + 4, lease) == -1);
	/* a larger max for the same destination sees the same slots */
	CHECK(store_slot_take(st, dest, 3, "w1", now + 4, lease) == 2);
	CHECK(store_slot_give(st, dest, 2, "w1") == 0);
	/* w2's lease (now + 1 + lease) has ended, w3's not yet */
	CHECK(store_slot_take(st, dest, 2, "w4", now + 1 + lease, lease) == 1);
	CHECK(store_slot_take(st, dest, 2, "w5", now + 2 + lease, lease) == -1);
	CHECK(store_slot_give(st, dest, 1, "w2") == 1);      /* taken over */
	CHECK(store_slot_take(st, dest, 2, "w5", now + 3 + lease, lease) == 0);
	CHECK(store_slot_give(st, dest, 0, "w3") == 1);
	/* other destinations are counted apart */
	CHECK(store_slot_take(st, "web/other", 1, "w4", now, lease) == 0);
	CHECK(store_slot_take(st, "web/other", 1, "w5", now, lease) == -1);
	CHECK(store_slot_give_all(st, "w4") == 2);
	CHECK(store_slot_give_all(st, "w4") == 0);
	CHECK(store_slot_take(st, dest, 2, "w6", now + 4 + lease, lease) == 1);
	CHECK(store_slot_take(st, "web/other", 1, "w5", now, lease) == 0);
	CHECK(store_slot_give_all(st, "w5") == 2);
	CHECK(store_slot_give_all(st, "w6") == 1);
	/* a live holder renews its slots; an ended lease is not renewed */
	CHECK(store_slot_take(st, dest, 1, "w7", now, lease) == 0);
	CHECK(store_slot_take(st, "web/third", 1, "w7", now, lease) == 0);
	CHECK(store_slot_renew(st, "w7", now + lease - 1, lease) == 2);
	CHECK(store_slot_take(st, dest, 1, "w8", now + lease + 1, lease) == -1);
	CHECK(store_slot_renew(st, "w7", now + 3 * lease, lease) == 0);
	CHECK(store_slot_take(st, dest, 1, "w8", now + 3 * lease, lease) == 0);
	CHECK(store_slot_renew(st, "nobody", now, lease) == 0);
	CHECK(store_slot_give_all(st, "w7") == 1);
	CHECK(store_slot_give_all(st, "w8") == 1);
}

/* --- races between two connections --------------------------------------- */

/* Two workers on two handles claim the same request's jobs and, before
 * each claim, expire every lease (theirs are 1 s, the clock 1000 s on),
 * so each keeps taking the other's jobs away while it runs them; each
 * also tries to finish the job the other claimed last. Every job must
 * still be finished exactly once, with one report. */
#define RACE_JOBS 40
#define RACE_ROUNDS 5000

struct race {
	pthread_barrier_t start;
	atomic_int finished[RACE_JOBS];
	atomic_int refused, errors;
	_Atomic int64_t last[2];        /* job_id * 100 + its domain's number */
	char request_id[STORE_ID_MAX];
};

struct racer {
	struct race *race;
	struct store *st;
	int self;
	char worker[24];
	int rounds;
};

static void
race_finish(struct racer *r, const struct store_job *job)
{
	char rid[STORE_ID_MAX];
	long k = strtol(job->domain + 4, NULL, 10);
	int rc = finish(r->st, job, r->worker, 42, T0 + 9001, rid);

	if (rc == 0 && k >= 0 && k < RACE_JOBS)
		atomic_fetch_add(&r->race->finished[k], 1);
	else if (rc == 1)
		atomic_fetch_add(&r->race->refused, 1);
	else
		atomic_fetch_add(&r->race->errors, 1);
}

static void *
racer_run(void *arg)
{
	struct racer *r = arg;
	struct store_request rq;
	struct store_job job, other;
	int64_t last;
	int n;

	pthread_barrier_wait(&r->race->start);
	for (r->rounds = 0; r->rounds < RACE_ROUNDS; r->rounds++) {
		if (store_jobs_expire(r->st, T0 + 10000, 1000, "0.9") < 0)
			atomic_fetch_add(&r->race->errors, 1);
		n = store_jobs_claim(r->st, r->worker, &job, 1, T0 + 9000, 1);
		if (n < 0)
			atomic_fetch_add(&r->race->errors, 1);
		if (n == 1) {
			atomic_store(&r->race->last[r->self], job.job_id * 100 +
			    strtol(job.domain + 4, NULL, 10));
			race_finish(r, &job);
		}
		if ((last = atomic_load(&r->race->last[!r->self])) > 0) {
			memset(&other, 0, sizeof(other));
			other.job_id = last / 100;
			snprintf(other.domain, sizeof(other.domain),
			    "race%02d.nl", (int)(last % 100));
			snprintf(other.type, sizeof(other.type), "web");
			race_finish(r, &other);
		}
		if (n == 1)
			continue;
		if (store_request_get(r->st, NULL, r->race->request_id,
		    &rq) != 0) {
			atomic_fetch_add(&r->race->errors, 1);
			break;
		}
		if (strcmp(rq.status, STORE_REQ_DONE) == 0)
			break;
		sched_yield();
	}
	return NULL;
}

static void
test_finish_race(struct store *st, struct store *st2)
{
	static struct race race;
	struct racer r[2];
	pthread_t t[2];
	struct store_request rq;
	char domain[32];
	int i, once = 1, one_report = 1;

	memset(&race, 0, sizeof(race));
	pthread_barrier_init(&race.start, NULL, 2);
	CHECK(add_request(st, "userZ", "race", RACE_JOBS, T0 + 9000,
	    race.request_id) == 0);
	for (i = 0; i < 2; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		r[i].race = &race;
		r[i].st = i ? st2 : st;
		r[i].self = i;
		snprintf(r[i].worker, sizeof(r[i].worker), "racer%d", i);
		pthread_create(&t[i], NULL, racer_run, &r[i]);
	}
	for (i = 0; i < 2; i++) {
		pthread_join(t[i], NULL);
		CHECK(r[i].rounds < RACE_ROUNDS);
	}
	pthread_barrier_destroy(&race.start);
	CHECK(atomic_load(&race.errors) == 0);
	for (i = 0; i < RACE_JOBS; i++) {
		snprintf(domain, sizeof(domain), "race%02d.nl", i);
		if (atomic_load(&race.finished[i]) != 1)
			once = 0;
		if (n_reports(st, domain) != 1)
			one_report = 0;
	}
	CHECK(once);
	CHECK(one_report);
	CHECK(store_request_get(st, NULL, race.request_id, &rq) == 0);
	CHECK_STR(rq.status, STORE_REQ_DONE);
	CHECK(rq.n_done == RACE_JOBS);
	if (getenv("UTD_TEST_VERBOSE") != NULL)
		printf("  finish race: %d refused, rounds %d + %d\n",
		    atomic_load(&race.refused), r[0].rounds, r[1].rounds);
}

/* Two holders on two handles want the one slot of a destination: never
 * both at once. */
#define SLOT_ROUNDS 300

struct slot_race {
	pthread_barrier_t start;
	atomic_int holders, overlap, errors;
};

struct slotter {
	struct slot_race *race;
	struct store *st;
	char holder[24];
	int got;
};

static void *
slotter_run(void *arg)
{
	struct slotter *s = arg;
	int i, k, slot;

	pthread_barrier_wait(&s->race->start);
	for (i = 0; i < SLOT_ROUNDS; i++) {
		slot = store_slot_take(s->st, "race/198.51.100.1", 1, s->holder,
		    (int64_t)T0 * 1000, 60000);
		if (slot == -1) {
			sched_yield();
			continue;
		}
		if (slot != 0) {
			atomic_fetch_add(&s->race->errors, 1);
			continue;
		}
		s->got++;
		if (atomic_fetch_add(&s->race->holders, 1) != 0)
			atomic_fetch_add(&s->race->overlap, 1);
		for (k = 0; k < 3; k++)
			sched_yield();
		atomic_fetch_sub(&s->race->holders, 1);
		if (store_slot_give(s->st, "race/198.51.100.1", 0, s->holder) != 0)
			atomic_fetch_add(&s->race->errors, 1);
	}
	return NULL;
}

static void
test_slot_race(struct store *st, struct store *st2)
{
	static struct slot_race race;
	struct slotter s[2];
	pthread_t t[2];
	int i;

	memset(&race, 0, sizeof(race));
	pthread_barrier_init(&race.start, NULL, 2);
	for (i = 0; i < 2; i++) {
		memset(&s[i], 0, sizeof(s[i]));
		s[i].race = &race;
		s[i].st = i ? st2 : st;
		snprintf(s[i].holder, sizeof(s[i].holder), "holder%d", i);
		pthread_create(&t[i], NULL, slotter_run, &s[i]);
	}
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&race.start);
	CHECK(atomic_load(&race.errors) == 0);
	CHECK(atomic_load(&race.overlap) == 0);
	CHECK(s[0].got + s[1].got > 0);
	if (getenv("UTD_TEST_VERBOSE") != NULL)
		printf("  slot race: held %d + %d times\n", s[0].got, s[1].got);
}

/* --- the suite per backend ------------------------------------------------- */

static void
run_suite(const char *label, const char *url)
{
	struct store *st;
	char id[STORE_ID_MAX];
	struct store_report r;
	int before = unit_failed;

	st = open_ok(url);
	CHECK(st != NULL);
	if (st == NULL)
		return;
	CHECK(store_schema_version(st) == 2);
	test_reports(st);
	test_users(st);
	test_fairness(st);
	test_shuffle(st);
	test_lifecycle(st);
	test_cancel(st);
	test_list(st);
	test_reentry(st);
	test_leases(st);
	test_expiry(st);
	test_release(st);
	test_requeue(st);
	test_counts(st);
	test_cache(st);
	test_slots(st);
	{
		struct store *st2 = open_ok(url);

		CHECK(st2 != NULL);
		if (st2 != NULL) {
			test_threads(st, st2);
			test_finish_race(st, st2);
			test_slot_race(st, st2);
		}
		store_close(st2);
	}
	add_report(st, "keep.nl", "web", 1, 1, T0, id);
	store_close(st);

	/* reopened: the migrations are not applied again, the data stays */
	st = open_ok(url);
	CHECK(st != NULL);
	if (st == NULL)
		return;
	CHECK(store_schema_version(st) == 2);
	CHECK(store_report_get(st, id, &r) == 0);
	CHECK_STR(r.domain, "keep.nl");
	store_report_clear(&r);
	store_close(st);
	printf("store on %s: %s\n", label,
	    unit_failed == before ? "ok" : "FAILED");
}

static void
test_open_errors(void)
{
	char err[512];

	CHECK(store_open("/nonexistent-utd-dir/sub/store.db", err,
	    sizeof(err)) == NULL);
	CHECK(strstr(err, "/nonexistent-utd-dir/sub") != NULL);
	CHECK(strstr(err, "No such file or directory") != NULL);
	CHECK(store_open("sqlite:", err, sizeof(err)) == NULL);
	/* a socket directory that does not exist: libpq's own message */
	CHECK(store_open("postgresql:///x?host=/nonexistent-utd-dir", err,
	    sizeof(err)) == NULL);
	CHECK(strncmp(err, "postgresql: ", 12) == 0);
	CHECK(strstr(err, "/nonexistent-utd-dir") != NULL);
	CHECK(store_open("postgres:///x?host=/nonexistent-utd-dir", err,
	    sizeof(err)) == NULL);
	CHECK(strncmp(err, "postgresql: ", 12) == 0);
	CHECK(store_open("postgresql://[bad", err, sizeof(err)) == NULL);
	CHECK(strncmp(err, "postgresql: ", 12) == 0);
}

static void
test_sqlite(void)
{
	char dir[] = "/tmp/utd-test-store-XXXXXX", path[128], url[160];
	static const char *const tails[] = { "", "-wal", "-shm" };
	size_t i;

	if (mkdtemp(dir) == NULL) {
		CHECK(!"mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/store.db", dir);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	run_suite("sqlite", url);
	/* the plain path names the same file */
	{
		struct store *st = open_ok(path);

		CHECK(st != NULL && store_schema_version(st) == 2);
		store_close(st);
	}
	for (i = 0; i < 3; i++) {
		char f[160];

		snprintf(f, sizeof(f), "%s%s", path, tails[i]);
		unlink(f);
	}
	rmdir(dir);
}

static void
quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* Runs sql on the test database directly (schema setup only). */
static int
pg_admin(const char *url, const char *sql)
{
	PGconn *c = PQconnectdb(url);
	PGresult *res;
	int ok;

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "pg: %s", PQerrorMessage(c));
		PQfinish(c);
		return -1;
	}
	PQsetNoticeProcessor(c, quiet, NULL);
	res = PQexec(c, sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "pg: %s", PQresultErrorMessage(res));
	PQclear(res);
	PQfinish(c);
	return ok ? 0 : -1;
}

static void
test_pg(void)
{
	const char *base = getenv("UTD_PG_URL");
	char schema[64], sql[256], url[1024];

	if (base == NULL || *base == '\0') {
		printf("store on postgresql: skipped (UTD_PG_URL not set)\n");
		return;
	}
	snprintf(schema, sizeof(schema), "utd_test_%ld", (long)getpid());
	snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE;"
	    " CREATE SCHEMA %s", schema, schema);
	CHECK(pg_admin(base, sql) == 0);
	snprintf(url, sizeof(url), "%s%coptions=-csearch_path%%3D%s", base,
	    strchr(base, '?') ? '&' : '?', schema);
	run_suite("postgresql", url);
	snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", schema);
	CHECK(pg_admin(base, sql) == 0);
}

int
main(void)
{
	test_open_errors();
	test_sqlite();
	test_pg();
	return unit_done("test_store");
}
