/*
 * test_store: the store's whole behaviour, run against SQLite in a
 * temporary file always and against PostgreSQL when UTD_PG_URL names a
 * database (tests/pg/pgctl start DIR prints one). On PostgreSQL the suite
 * works in a schema of its own, dropped at the end, so it may share a
 * database with other data.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	while ((n = store_jobs_claim(st, jobs, 16, now)) > 0)
		for (i = 0; i < n; i++) {
			add_report(st, jobs[i].domain, jobs[i].type, 50, 1, now,
			    rid);
			CHECK(store_job_done(st, jobs[i].job_id, rid, now) == 0);
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
		CHECK(store_jobs_claim(st, &job, 1, T0 + 1002) == 1);
		CHECK_STR(job.request_id, want[k]);
		CHECK_STR(job.type, "web");
	}
	/* only A's remain */
	for (k = 0; k < 3; k++) {
		CHECK(store_jobs_claim(st, &job, 1, T0 + 1002) == 1);
		CHECK_STR(job.request_id, ida);
	}
	CHECK(store_jobs_claim(st, &job, 1, T0 + 1002) == 0);
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
	n = store_jobs_claim(st, jobs, 50, T0 + 2001);
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
	CHECK(store_jobs_claim(st, jobs, 50, T0 + 2001) == 0);
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
	CHECK(store_jobs_claim(st, jobs, 2, T0 + 3001) == 2);
	CHECK(store_job_wanted(st, jobs[0].job_id) == 1);
	CHECK(store_jobs_requeue_running(st) == 2);
	CHECK(store_jobs_requeue_running(st) == 0);
	n = store_jobs_claim(st, jobs, 8, T0 + 3002);
	CHECK(n == 3);
	for (i = 0; i < n; i++) {
		if (strcmp(jobs[i].domain, "l01.nl") == 0) {
			/* no report could be made */
			CHECK(store_job_done(st, jobs[i].job_id, NULL,
			    T0 + 3003) == 0);
			continue;
		}
		add_report(st, jobs[i].domain, "web", 70, 1, T0 + 3003, rid);
		CHECK(store_job_done(st, jobs[i].job_id, rid, T0 + 3003) == 0);
		again = i;
		CHECK(store_request_get(st, NULL, id, &rq) == 0);
		if (rq.n_done < 3)
			CHECK_STR(rq.status, STORE_REQ_RUNNING);
	}
	CHECK(store_request_get(st, NULL, id, &rq) == 0);
	CHECK_STR(rq.status, STORE_REQ_DONE);
	CHECK(rq.finished == T0 + 3003);
	CHECK(rq.n_done == 3);

	/* at most once: a second result for a job is ignored */
	CHECK(again >= 0);
	if (again >= 0) {
		add_report(st, jobs[again].domain, "web", 10, 1, T0 + 3004, rid2);
		CHECK(store_job_done(st, jobs[again].job_id, rid2,
		    T0 + 3004) == 0);
	}
	CHECK(store_job_done(st, 987654321, rid2, T0 + 3004) == 1);
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
	CHECK(store_jobs_claim(st, &job, 1, T0 + 4001) == 1);
	CHECK(store_request_cancel(st, "userD", id, T0 + 4002) == 1);
	CHECK(store_request_cancel(st, "userC", "nope", T0 + 4002) == 1);
	CHECK(store_request_cancel(st, "userC", id, T0 + 4002) == 0);
	CHECK(store_request_get(st, NULL, id, &rq) == 0);
	CHECK_STR(rq.status, STORE_REQ_CANCELLED);
	CHECK(rq.finished == T0 + 4002);
	CHECK(rq.n_domains == 4 && rq.n_done == 3);    /* 3 dropped */
	CHECK(store_job_wanted(st, job.job_id) == 0);
	CHECK(store_jobs_claim(st, &job, 1, T0 + 4003) == 0 ||
	    strcmp(job.request_id, id) != 0);
	/* the running job's result is discarded */
	add_report(st, job.domain, "web", 60, 1, T0 + 4004, rid);
	CHECK(store_job_done(st, job.job_id, rid, T0 + 4004) == 0);
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
	int64_t got[CLAIM_JOBS];
	int n, err;
};

static void *
claimer_run(void *arg)
{
	struct claimer *c = arg;
	struct store_job job;
	int n;

	while ((n = store_jobs_claim(c->st, &job, 1, T0 + 6000)) == 1) {
		if (c->n < CLAIM_JOBS)
			c->got[c->n++] = job.job_id;
		if (store_job_done(c->st, job.job_id, NULL, T0 + 6001) != 0)
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
	CHECK(store_schema_version(st) == 1);
	test_reports(st);
	test_users(st);
	test_fairness(st);
	test_shuffle(st);
	test_lifecycle(st);
	test_cancel(st);
	test_list(st);
	test_reentry(st);
	{
		struct store *st2 = open_ok(url);

		CHECK(st2 != NULL);
		if (st2 != NULL)
			test_threads(st, st2);
		store_close(st2);
	}
	add_report(st, "keep.nl", "web", 1, 1, T0, id);
	store_close(st);

	/* reopened: the migrations are not applied again, the data stays */
	st = open_ok(url);
	CHECK(st != NULL);
	if (st == NULL)
		return;
	CHECK(store_schema_version(st) == 1);
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

		CHECK(st != NULL && store_schema_version(st) == 1);
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
