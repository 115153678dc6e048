/*
 * serve.c: the daemon, the routes of the website, the interactive tests
 * and the engine's job source.
 *
 * Locking: one mutex (s->mu) guards the interactive tests, the queue of
 * batch jobs claimed from the store and the ring of cancelled requests.
 * Store calls take the store's own lock and are never made under s->mu,
 * except the claim, which must not hand a job out twice.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "checks/check.h"
#include "checks/explain.h"
#include "report/report.h"
#include "report/summary.h"
#include "util/clock.h"
#include "net/listen.h"
#include "queue/jobq.h"
#include "queue/metrics.h"
#include "web/conntest.h"
#include "web/input.h"
#include "web/serve_int.h"

#define CONN_TIMEOUT_S   30
#define DONE_KEEP_MS     (10 * 60 * 1000)   /* finished tests answer this long */
#define TESTS_MAX        2048               /* interactive tests remembered */
#define HOF_LIMIT        500
#define STATS_DAYS       60

extern const char serve_openapi_yaml[];      /* doc/openapi.yaml, built in */


static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *
serve_path_word(const char *type)
{
	return strcmp(type, "web") == 0 ? "site" : "mail";
}

/* --- interactive tests ---------------------------------------------------- */

enum it_state { IT_QUEUED, IT_RUNNING, IT_DONE, IT_ERROR };
static const char *const it_state_name[] = { "queued", "running", "done",
    "error" };

struct itest {
	struct itest *next;           /* s->tests */
	struct itest *qnext;          /* s->queue */
	char type[8];
	char domain[256];
	char client[INET6_ADDRSTRLEN];
	enum it_state state;
	long long started_ms, ended_ms;
	int in_engine;
	struct gather_progress_cat cats[GATHER_PROGRESS_MAX];
	size_t n_cats;
	char report_id[STORE_ID_MAX];
	char error[320];
};

/* What a worker's job carries. */
struct sjob {
	struct itest *it;             /* interactive, or NULL: batch */
	struct store_job bj;
	struct timespec t0;
};

static struct itest *
test_find(struct serve *s, const char *type, const char *domain)
{
	struct itest *t;

	for (t = s->tests; t != NULL; t = t->next)
		if (strcmp(t->type, type) == 0 && strcmp(t->domain, domain) == 0)
			return t;
	return NULL;
}

/* Forget finished tests that nobody will ask about any more. */
static void
tests_prune(struct serve *s)
{
	struct itest **pp = &s->tests, *t;
	long long now = now_ms();

	while ((t = *pp) != NULL) {
		if ((t->state == IT_DONE || t->state == IT_ERROR) &&
		    !t->in_engine && now - t->ended_ms > DONE_KEEP_MS) {
			*pp = t->next;
			free(t);
		} else {
			pp = &t->next;
		}
	}
}

static unsigned
tests_count(struct serve *s, const char *client, unsigned *all)
{
	struct itest *t;
	unsigned n = 0;

	*all = 0;
	for (t = s->tests; t != NULL; t = t->next) {
		(*all)++;
		if ((t->state == IT_QUEUED || t->state == IT_RUNNING) &&
		    strcmp(t->client, client) == 0)
			n++;
	}
	return n;
}

/*
 * Start a test of (type, domain) for a client, or join the one running.
 * 0 started or joined, 1 over the client's limit, -1 out of memory or too
 * many tests remembered.
 */
static int
test_start(struct serve *s, const char *type, const char *domain,
    const char *client)
{
	struct itest *t;
	unsigned all;
	int rc = 0;

	pthread_mutex_lock(&s->mu);
	tests_prune(s);
	t = test_find(s, type, domain);
	if (t != NULL && (t->state == IT_QUEUED || t->state == IT_RUNNING))
		goto out;
	if (tests_count(s, client, &all) >= s->o->tests_per_client) {
		rc = 1;
		goto out;
	}
	if (t == NULL) {
		if (all >= TESTS_MAX || (t = calloc(1, sizeof(*t))) == NULL) {
			rc = -1;
			goto out;
		}
		snprintf(t->type, sizeof(t->type), "%s", type);
		snprintf(t->domain, sizeof(t->domain), "%s", domain);
		t->next = s->tests;
		s->tests = t;
	}
	snprintf(t->client, sizeof(t->client), "%s", client);
	t->state = IT_QUEUED;
	t->started_ms = now_ms();
	t->n_cats = 0;
	t->report_id[0] = t->error[0] = '\0';
	t->qnext = NULL;
	if (s->queue_tail != NULL)
		s->queue_tail->qnext = t;
	else
		s->queue_head = t;
	s->queue_tail = t;
out:
	pthread_mutex_unlock(&s->mu);
	return rc;
}

static size_t cats_of(const char *type, struct gather_progress_cat *cats);

/* --- the engine's source -------------------------------------------------- */

static int
request_cancelled(struct serve *s, const char *id)
{
	unsigned i, n = s->n_cancelled < CANCELLED_RING ? s->n_cancelled :
	    CANCELLED_RING;

	for (i = 0; i < n; i++)
		if (strcmp(s->cancelled[i], id) == 0)
			return 1;
	return 0;
}

void
serve_note_cancelled(struct serve *s, const char *request_id)
{
	pthread_mutex_lock(&s->mu);
	snprintf(s->cancelled[s->n_cancelled++ % CANCELLED_RING], STORE_ID_MAX,
	    "%s", request_id);
	pthread_mutex_unlock(&s->mu);
}

static int
src_next(void *arg, struct engine_job *job)
{
	struct serve *s = arg;
	struct sjob *sj;
	struct itest *t;

	if ((sj = calloc(1, sizeof(*sj))) == NULL)
		return 0;
	pthread_mutex_lock(&s->mu);
	if ((t = s->queue_head) != NULL) {
		/* people waiting at a page come first */
		if ((s->queue_head = t->qnext) == NULL)
			s->queue_tail = NULL;
		t->state = IT_RUNNING;
		t->in_engine = 1;
		sj->it = t;
		snprintf(job->name, sizeof(job->name), "%s", t->domain);
		job->kind = strcmp(t->type, "web") == 0 ? FX_WEB : FX_MAIL;
	}
	pthread_mutex_unlock(&s->mu);
	if (sj->it == NULL) {
		if (s->q == NULL || jobq_next(s->q, &sj->bj) != 1) {
			free(sj);
			return 0;
		}
		snprintf(job->name, sizeof(job->name), "%s", sj->bj.domain);
		job->kind = strcmp(sj->bj.type, "web") == 0 ? FX_WEB : FX_MAIL;
	}
	clock_gettime(CLOCK_MONOTONIC, &sj->t0);
	job->ctx = sj;
	return 1;
}

/* A refused target is the result: nothing was sent to it (the net seam
 * refused the connection); the person learns why. */
static json_t *
vet_host(struct serve *s, const struct engine_job *job,
    const struct fx_host *h)
{
	const char *why = NULL;
	char msg[512];
	size_t i;

	for (i = 0; i < h->n_v4 + h->n_v6; i++) {
		const struct net_addr *a = i < h->n_v4 ? &h->v4[i] :
		    &h->v6[i - h->n_v4];

		if (net_targets_permit(s->targets, a, &why))
			continue;
		snprintf(msg, sizeof(msg), "%s resolves to %s, a %s address; "
		    "this server tests only public Internet addresses",
		    h->name != NULL ? h->name : job->name, a->text, why);
		return report_error_json(job->name, job->kind,
		    "target_not_allowed", msg);
	}
	return NULL;
}

static json_t *
src_vet(void *arg, struct engine_job *job, const struct facts *fx)
{
	struct serve *s = arg;
	json_t *r;
	size_t i;

	if ((r = vet_host(s, job, &fx->web)) != NULL)
		return r;
	for (i = 0; i < fx->n_mx; i++)
		if ((r = vet_host(s, job, &fx->mx[i])) != NULL)
			return r;
	for (i = 0; i < fx->n_ns; i++)
		if ((r = vet_host(s, job, &fx->ns[i])) != NULL)
			return r;
	return NULL;
}

/* Store a result as a report; 0 with id, or -1. */
static int
keep_report(struct serve *s, const struct engine_job *job, json_t *result,
    char id[STORE_ID_MAX])
{
	int ok, score = report_json_score(result, &ok), rc;
	char *text;

	if ((text = json_dumps(result, JSON_COMPACT)) == NULL)
		return -1;
	rc = store_report_add(s->st, job->name, job->kind == FX_WEB ? "web" :
	    "mail", score, ok, s->o->version, text, (int64_t)time(NULL), id);
	free(text);
	if (rc != 0)
		fprintf(stderr, "uptodate: serve: storing the report of %s: %s\n",
		    job->name, store_error(s->st));
	return rc;
}

static void
src_done(void *arg, struct engine_job *job, json_t *result, int deadline)
{
	struct serve *s = arg;
	struct sjob *sj = job->ctx;
	const char *code = json_string_value(json_object_get(
	    json_object_get(result, "error"), "code"));
	int refused = code != NULL && strcmp(code, "target_not_allowed") == 0;
	char id[STORE_ID_MAX] = "";
	struct itest *t = sj->it;
	size_t i;
	int stored;

	(void)deadline;
	{
		struct timespec t1;

		clock_gettime(CLOCK_MONOTONIC, &t1);
		metrics_observe(s->m, job->kind == FX_WEB ? "web" : "mail",
		    (double)(t1.tv_sec - sj->t0.tv_sec) +
		    (t1.tv_nsec - sj->t0.tv_nsec) / 1e9);
	}
	if (t == NULL) {          /* a batch job: the queue stores it */
		(void)jobq_finish(s->q, &sj->bj, result);
		free(sj);
		return;
	}
	stored = keep_report(s, job, result, id) == 0;
	pthread_mutex_lock(&s->mu);
	t->in_engine = 0;
	t->ended_ms = now_ms();
	if (t->n_cats == 0)
		t->n_cats = cats_of(t->type, t->cats);
	for (i = 0; i < t->n_cats; i++) {   /* nothing is left to do */
		t->cats[i].finished = 1;
		t->cats[i].done = t->cats[i].started;
	}
	if (stored && !refused) {
		t->state = IT_DONE;
		memcpy(t->report_id, id, sizeof(id));
	} else {
		const char *msg = json_string_value(json_object_get(
		    json_object_get(result, "error"), "msg"));

		t->state = IT_ERROR;
		snprintf(t->error, sizeof(t->error), "%s", refused && msg ?
		    msg : "the report could not be stored; try again later");
	}
	pthread_mutex_unlock(&s->mu);
	free(sj);
}

static void
src_dropped(void *arg, struct engine_job *job)
{
	struct serve *s = arg;
	struct sjob *sj = job->ctx;

	if (sj->it != NULL) {
		pthread_mutex_lock(&s->mu);
		sj->it->in_engine = 0;
		sj->it->state = IT_ERROR;
		sj->it->ended_ms = now_ms();
		snprintf(sj->it->error, sizeof(sj->it->error),
		    "the test was stopped");
		pthread_mutex_unlock(&s->mu);
	} else {
		jobq_release(s->q, &sj->bj);    /* another worker takes it */
	}
	free(sj);
}

static int
src_wanted(void *arg, struct engine_job *job)
{
	struct serve *s = arg;
	struct sjob *sj = job->ctx;
	int cancelled;

	if (sj->it != NULL)
		return 1;
	pthread_mutex_lock(&s->mu);
	cancelled = request_cancelled(s, sj->bj.request_id);
	pthread_mutex_unlock(&s->mu);
	return !cancelled;      /* (src_dropped gives it back: dropped) */
}

static void
src_progress(void *arg, struct engine_job *job, const struct gather *g)
{
	struct serve *s = arg;
	struct sjob *sj = job->ctx;

	if (sj->it == NULL)
		return;
	pthread_mutex_lock(&s->mu);
	sj->it->n_cats = gather_progress(g, sj->it->cats, GATHER_PROGRESS_MAX);
	pthread_mutex_unlock(&s->mu);
}

static int
src_stop(void *arg)
{
	struct serve *s = arg;

	return s->stopping || engine_interrupted();
}

/* --- replies -------------------------------------------------------------- */

static void
reply_set(struct reply *r, unsigned status, const char *type, char *body,
    size_t len)
{
	free(r->body);
	r->status = status;
	r->type = type;
	r->body = body;
	r->len = len;
}

void
reply_json(struct reply *r, unsigned status, json_t *j)
{
	char *text = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
	if (text == NULL) {
		reply_set(r, 500, "application/json", NULL, 0);
		return;
	}
	reply_set(r, status, "application/json", text, strlen(text));
}

static void reply_redirect(struct reply *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
reply_redirect(struct reply *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->location_buf, sizeof(r->location_buf), fmt, ap);
	va_end(ap);
	r->location = r->location_buf;
	reply_set(r, 303, "text/plain", NULL, 0);
}

FILE *
page_open(struct pagebuf *pb, struct reply *r)
{
	pb->p = NULL;
	pb->len = 0;
	if ((pb->f = open_memstream(&pb->p, &pb->len)) == NULL)
		reply_set(r, 500, "text/plain", NULL, 0);
	return pb->f;
}

void
page_close(struct pagebuf *pb, struct reply *r, unsigned status,
    const char *type)
{
	if (fclose(pb->f) != 0) {
		free(pb->p);
		reply_set(r, 500, "text/plain", NULL, 0);
		return;
	}
	reply_set(r, status, type, pb->p, pb->len);
}

static void
reply_error_page(struct serve *s, struct reply *r, unsigned code,
    const char *msg)
{
	struct pagebuf pb;

	if (page_open(&pb, r) == NULL)
		return;
	page_error(pb.f, &s->site, (int)code, msg);
	page_close(&pb, r, code, "text/html; charset=utf-8");
}

static void
reply_home(struct serve *s, struct reply *r, unsigned status,
    const char *notice)
{
	struct pagebuf pb;

	if (page_open(&pb, r) == NULL)
		return;
	page_home(pb.f, &s->site, notice);
	page_close(&pb, r, status, "text/html; charset=utf-8");
}

/* --- pages ---------------------------------------------------------------- */

static void
client_addr(struct MHD_Connection *c, char *out, size_t cap)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci != NULL ? ci->client_addr : NULL;

	snprintf(out, cap, "unknown");
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    out, (socklen_t)cap);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    out, (socklen_t)cap);
}

/* A report of (type, domain) younger than --reuse is shown again instead
 * of testing again: 1 with the redirect to it in r. */
static int
redirect_recent(struct serve *s, const char *type, const char *domain,
    struct reply *r)
{
	struct store_report rep;
	int64_t since = (int64_t)time(NULL) - (int64_t)s->o->reuse_s;

	if (s->o->reuse_s == 0 ||
	    store_report_recent(s->st, domain, type, since, &rep) != 0)
		return 0;
	reply_redirect(r, "/%s/%s/%s/", serve_path_word(type), domain, rep.id);
	store_report_clear(&rep);
	return 1;
}

/* POST /test/site or /test/mail. */
static void
route_test_post(struct serve *s, struct MHD_Connection *c, const char *type,
    const char *body, size_t len, struct reply *r)
{
	char raw[1100], domain[256], client[INET6_ADDRSTRLEN], notice[400];
	const char *why = "no domain given";
	int rc;

	if (body == NULL || form_field(body, len, "domain", raw,
	    sizeof(raw)) != 0 || serve_domain(raw, domain, &why) != 0) {
		snprintf(notice, sizeof(notice), "That is not a domain we can "
		    "test: %s.", why);
		reply_home(s, r, 400, notice);
		return;
	}
	if (redirect_recent(s, type, domain, r))
		return;
	client_addr(c, client, sizeof(client));
	if ((rc = test_start(s, type, domain, client)) == 1) {
		snprintf(notice, sizeof(notice), "You already have %u tests "
		    "running; wait until one has finished.",
		    s->o->tests_per_client);
		reply_home(s, r, 429, notice);
		return;
	}
	if (rc < 0) {
		reply_home(s, r, 503, "The server is too busy right now; try "
		    "again in a minute.");
		return;
	}
	reply_redirect(r, "/test/%s/%s/", serve_path_word(type), domain);
}

/* A snapshot of a test for the progress page and its JSON. */
struct snap {
	int found;
	enum it_state state;
	unsigned elapsed_ms;
	struct gather_progress_cat cats[GATHER_PROGRESS_MAX];
	size_t n_cats;
	char report_url[400];
	char error[320];
};

static void
snap_take(struct serve *s, const char *type, const char *domain,
    struct snap *sn)
{
	struct itest *t;

	memset(sn, 0, sizeof(*sn));
	pthread_mutex_lock(&s->mu);
	if ((t = test_find(s, type, domain)) != NULL) {
		sn->found = 1;
		sn->state = t->state;
		sn->elapsed_ms = (unsigned)((t->state == IT_DONE ||
		    t->state == IT_ERROR ? t->ended_ms : now_ms()) -
		    t->started_ms);
		memcpy(sn->cats, t->cats, sizeof(sn->cats));
		sn->n_cats = t->n_cats;
		if (t->state == IT_DONE)
			snprintf(sn->report_url, sizeof(sn->report_url),
			    "/%s/%s/%s/", serve_path_word(type), domain,
			    t->report_id);
		snprintf(sn->error, sizeof(sn->error), "%s", t->error);
	}
	pthread_mutex_unlock(&s->mu);
}

static void
snap_progress(const struct snap *sn, const char *type, const char *domain,
    struct page_progress *p, struct page_progress_cat *pc)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	p->type = type;
	p->domain = domain;
	p->state = it_state_name[sn->state];
	p->elapsed_ms = sn->elapsed_ms;
	for (i = 0; i < sn->n_cats; i++) {
		pc[i].name = sn->cats[i].name;
		pc[i].done = sn->cats[i].done;
		pc[i].started = sn->cats[i].started;
		pc[i].finished = sn->cats[i].finished;
	}
	p->cats = pc;
	p->n_cats = sn->n_cats;
	p->report_url = sn->state == IT_DONE ? sn->report_url : NULL;
	p->error = sn->state == IT_ERROR ? sn->error : NULL;
}

/* Before a test has reported progress, its categories are listed at 0. */
static size_t
cats_of(const char *type, struct gather_progress_cat *cats)
{
	enum fx_kind k = strcmp(type, "web") == 0 ? FX_WEB : FX_MAIL;
	size_t i, n = 0;

	for (i = 0; i < chk_n_categories && n < GATHER_PROGRESS_MAX; i++)
		if (chk_categories[i].kind == k) {
			memset(&cats[n], 0, sizeof(cats[n]));
			cats[n++].name = chk_categories[i].name;
		}
	return n;
}

/* GET /test/site/DOMAIN/ (page) and /api/progress/site/DOMAIN (JSON). */
static void
route_progress(struct serve *s, struct MHD_Connection *c, const char *type,
    const char *rawdom, int as_json, struct reply *r)
{
	char domain[256], client[INET6_ADDRSTRLEN];
	struct page_progress_cat pc[GATHER_PROGRESS_MAX];
	struct page_progress p;
	struct snap sn;
	const char *why;
	struct pagebuf pb;

	if (serve_domain(rawdom, domain, &why) != 0) {
		if (as_json)
			reply_json(r, 400, json_pack("{s:s,s:s}", "state", "error",
			    "error", why));
		else
			reply_error_page(s, r, 400, why);
		return;
	}
	snap_take(s, type, domain, &sn);
	if (!sn.found && !as_json) {
		if (redirect_recent(s, type, domain, r))
			return;
		client_addr(c, client, sizeof(client));
		if (test_start(s, type, domain, client) != 0) {
			reply_home(s, r, 429, "You already have tests running, "
			    "or the server is too busy; try again in a minute.");
			return;
		}
		snap_take(s, type, domain, &sn);
	}
	if (!sn.found) {
		reply_json(r, 404, json_pack("{s:s,s:s}", "state", "error",
		    "error", "no test of this domain is running"));
		return;
	}
	if (sn.n_cats == 0)
		sn.n_cats = cats_of(type, sn.cats);
	snap_progress(&sn, type, domain, &p, pc);
	if (as_json) {
		reply_json(r, 200, page_progress_json(&p));
		return;
	}
	if (sn.state == IT_DONE) {
		reply_redirect(r, "%s", sn.report_url);
		return;
	}
	if (page_open(&pb, r) == NULL)
		return;
	page_progress(pb.f, &s->site, &p);
	page_close(&pb, r, 200, "text/html; charset=utf-8");
}

/* GET /site/DOMAIN/ID/ */
static void
route_report(struct serve *s, const char *type, const char *domain,
    const char *id, struct reply *r)
{
	struct store_report rep;
	json_t *j;
	struct pagebuf pb;
	int rc;

	if (strlen(id) >= STORE_ID_MAX ||
	    (rc = store_report_get(s->st, id, &rep)) == 1) {
		reply_error_page(s, r, 404, "There is no such report.");
		return;
	}
	if (rc != 0) {
		reply_error_page(s, r, 500, "The report could not be read.");
		return;
	}
	if (strcmp(rep.type, type) != 0 || strcmp(rep.domain, domain) != 0 ||
	    (j = json_loads(rep.json != NULL ? rep.json : "", 0, NULL)) == NULL) {
		store_report_clear(&rep);
		reply_error_page(s, r, 404, "There is no such report.");
		return;
	}
	if (page_open(&pb, r) == NULL) {
		json_decref(j);
		store_report_clear(&rep);
		return;
	}
	page_report(pb.f, &s->site, rep.id, j, rep.created, rep.version);
	page_close(&pb, r, 200, "text/html; charset=utf-8");
	r->cache = 60;
	json_decref(j);
	store_report_clear(&rep);
}

/* Hall of Fame. */
struct hof {
	struct page_hof_entry e[HOF_LIMIT];
	char buf[HOF_LIMIT][2][300];
	size_t n;
};

static int
hof_cb(void *arg, const struct store_report *rep)
{
	struct hof *h = arg;

	if (h->n == HOF_LIMIT)
		return 1;
	snprintf(h->buf[h->n][0], sizeof(h->buf[0][0]), "%s", rep->domain);
	snprintf(h->buf[h->n][1], sizeof(h->buf[0][1]), "/%s/%s/%s/",
	    serve_path_word(rep->type), rep->domain, rep->id);
	h->e[h->n].domain = h->buf[h->n][0];
	h->e[h->n].report_path = h->buf[h->n][1];
	h->e[h->n].created = rep->created;
	h->n++;
	return 0;
}

static void
route_hof(struct serve *s, const char *which, struct reply *r)
{
	struct hof *h = calloc(1, sizeof(*h));
	struct pagebuf pb;

	if (h == NULL || store_hall_of_fame(s->st, which, HOF_LIMIT, hof_cb,
	    h) != 0 || page_open(&pb, r) == NULL) {
		free(h);
		reply_error_page(s, r, 500, "The Hall of Fame could not be read.");
		return;
	}
	page_hof(pb.f, &s->site, which, h->e, h->n);
	page_close(&pb, r, 200, "text/html; charset=utf-8");
	free(h);
}

/* Statistics: the newest report of each domain for the overview; every
 * report of the last STATS_DAYS days, per day, for adoption over time. */
struct daystat {
	int64_t day;
	unsigned tested;
	unsigned passed[GATHER_PROGRESS_MAX];
};

struct stats_walk {
	struct summary *sum;
	const char *cat_names[GATHER_PROGRESS_MAX];
	size_t n_cats;
	struct daystat days[STATS_DAYS + 1];
	size_t n_days;
};

static int
stats_latest_cb(void *arg, const struct store_report *rep)
{
	struct stats_walk *w = arg;
	json_t *j = rep->json != NULL ? json_loads(rep->json, 0, NULL) : NULL;

	if (j != NULL) {
		int bad = summary_add_json(w->sum, j);

		(void)bad;      /* our own reports */
		json_decref(j);
	}
	return 0;
}

static int
stats_day_cb(void *arg, const struct store_report *rep)
{
	struct stats_walk *w = arg;
	int64_t day = rep->created - rep->created % 86400;
	json_t *j, *cats;
	struct daystat *d;
	size_t i;

	if (!rep->ok || rep->json == NULL)
		return 0;
	if (w->n_days == 0 || w->days[w->n_days - 1].day != day) {
		if (w->n_days == STATS_DAYS + 1)
			return 1;
		memset(&w->days[w->n_days], 0, sizeof(w->days[0]));
		w->days[w->n_days++].day = day;
	}
	d = &w->days[w->n_days - 1];
	if ((j = json_loads(rep->json, 0, NULL)) == NULL)
		return 0;
	cats = json_object_get(json_object_get(j, "results"), "categories");
	d->tested++;
	for (i = 0; i < w->n_cats; i++) {
		const char *st = json_string_value(json_object_get(
		    json_object_get(cats, w->cat_names[i]), "status"));

		if (st != NULL && strcmp(st, "passed") == 0)
			d->passed[i]++;
	}
	json_decref(j);
	return 0;
}

/* One type's figures; the points are the caller's to free. */
static int
stats_type(struct serve *s, const char *type, struct summary **sum,
    struct page_stats_point **pts, size_t *n_pts, double **shares,
    const char ***names)
{
	struct stats_walk *w = calloc(1, sizeof(*w));
	struct gather_progress_cat cats[GATHER_PROGRESS_MAX];
	int64_t since = (int64_t)time(NULL) - (int64_t)STATS_DAYS * 86400;
	size_t i, k;

	*sum = NULL;
	*pts = NULL;
	*shares = NULL;
	*names = NULL;
	*n_pts = 0;
	if (w == NULL || (w->sum = summary_new()) == NULL)
		goto fail;
	w->n_cats = cats_of(type, cats);
	for (i = 0; i < w->n_cats; i++)
		w->cat_names[i] = cats[i].name;
	if (store_reports_each(s->st, type, 1, 1, 0, 0, stats_latest_cb, w) != 0 ||
	    store_reports_each(s->st, type, 0, 1, since - since % 86400, 0,
	    stats_day_cb, w) != 0)
		goto fail;
	if (w->n_days > 0 &&
	    ((*pts = calloc(w->n_days, sizeof(**pts))) == NULL ||
	    (*shares = calloc(w->n_days * w->n_cats, sizeof(double))) == NULL ||
	    (*names = calloc(w->n_cats, sizeof(char *))) == NULL))
		goto fail;
	for (k = 0; k < w->n_cats && *names != NULL; k++)
		(*names)[k] = w->cat_names[k];
	for (i = 0; i < w->n_days; i++) {
		struct page_stats_point *p = &(*pts)[i];

		p->period_start = w->days[i].day;
		p->tested = w->days[i].tested;
		p->cat_names = *names;
		p->n_cats = w->n_cats;
		for (k = 0; k < w->n_cats; k++)
			(*shares)[i * w->n_cats + k] = w->days[i].tested > 0 ?
			    (double)w->days[i].passed[k] / w->days[i].tested : 0;
		p->cat_passed = &(*shares)[i * w->n_cats];
	}
	*n_pts = w->n_days;
	*sum = w->sum;
	free(w);
	return 0;
fail:
	if (w != NULL)
		summary_free(w->sum);
	free(w);
	free(*pts);
	free(*shares);
	free(*names);
	*pts = NULL;
	return -1;
}

static void
route_stats(struct serve *s, struct reply *r)
{
	struct summary *ws = NULL, *ms = NULL;
	struct page_stats_point *wp = NULL, *mp = NULL;
	size_t nw = 0, nm = 0;
	double *wsh = NULL, *msh = NULL;
	const char **wn = NULL, **mn = NULL;
	struct pagebuf pb;

	if (stats_type(s, "web", &ws, &wp, &nw, &wsh, &wn) != 0 ||
	    stats_type(s, "mail", &ms, &mp, &nm, &msh, &mn) != 0 ||
	    page_open(&pb, r) == NULL) {
		reply_error_page(s, r, 500, "The statistics could not be read.");
	} else {
		page_stats(pb.f, &s->site, ws, ms, wp, nw, mp, nm);
		page_close(&pb, r, 200, "text/html; charset=utf-8");
	}
	summary_free(ws);
	summary_free(ms);
	free(wp);
	free(mp);
	free(wsh);
	free(msh);
	free(wn);
	free(mn);
}

static void
reply_text(struct reply *r, unsigned status, const char *text)
{
	char *copy = strdup(text);

	reply_set(r, copy != NULL ? status : 500, "text/plain; charset=utf-8",
	    copy, copy != NULL ? strlen(copy) : 0);
}

static void
reply_static(struct reply *r, const char *type, const char *text)
{
	char *copy = strdup(text);

	if (copy == NULL) {
		reply_set(r, 500, "text/plain", NULL, 0);
		return;
	}
	reply_set(r, 200, type, copy, strlen(copy));
	r->cache = 3600;
}

/* /metrics, for clients on this machine only: a public site should not
 * tell strangers its queue. Prometheus on another host scrapes through a
 * proxy (doc/scale.md). */
static void
route_metrics(struct serve *s, struct MHD_Connection *c, struct reply *r)
{
	char client[INET6_ADDRSTRLEN];
	struct net_addr a;
	struct pagebuf pb;
	const char *why;

	client_addr(c, client, sizeof(client));
	if (net_addr_parse(&a, client) != 0 ||
	    (why = net_addr_special(&a)) == NULL || strcmp(why, "loopback") != 0) {
		reply_text(r, 403, "/metrics answers clients on this machine "
		    "only\n");
		return;
	}
	if (page_open(&pb, r) == NULL)
		return;
	if (metrics_write(pb.f, s->m, s->st, s->q, s->o->eng.limits) != 0) {
		page_close(&pb, r, 500, "text/plain; version=0.0.4; charset=utf-8");
		return;
	}
	page_close(&pb, r, 200, "text/plain; version=0.0.4; charset=utf-8");
}

/* Split "/a/b/c/" into at most max segments (in buf); the count. */
static size_t
split_path(const char *url, char *buf, size_t cap, char **seg, size_t max)
{
	size_t n = 0;
	char *p, *save = NULL;

	snprintf(buf, cap, "%s", url);
	for (p = strtok_r(buf, "/", &save); p != NULL && n < max;
	    p = strtok_r(NULL, "/", &save))
		seg[n++] = p;
	return p != NULL ? max + 1 : n;
}

static int
type_of_word(const char *w, const char **type)
{
	if (strcmp(w, "site") == 0)
		*type = "web";
	else if (strcmp(w, "mail") == 0)
		*type = "mail";
	else
		return -1;
	return 0;
}

static void
route(struct serve *s, struct MHD_Connection *c, const char *method,
    const char *url, const char *body, size_t len, int too_big,
    struct reply *r)
{
	char buf[1024], *seg[6];
	size_t n;
	const char *type;
	int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	int post = strcmp(method, "POST") == 0;

	if (strncmp(url, "/api/batch/v2/", 14) == 0 ||
	    strcmp(url, "/api/batch/v2") == 0) {
		api_handle(s, c, method, url[13] == '/' ? url + 14 : "", body,
		    len, too_big, r);
		return;
	}
	if (too_big) {
		reply_error_page(s, r, 413, "The request is too large.");
		return;
	}
	if (conntest_route(s->ct, &s->site, c, method, url, r))
		return;
	if (strlen(url) >= sizeof(buf) ||
	    (n = split_path(url, buf, sizeof(buf), seg, 5)) > 5) {
		reply_error_page(s, r, 404, "There is no such page.");
		return;
	}
	if (n == 0 && get) {
		reply_home(s, r, 200, NULL);
	} else if (n == 2 && post && strcmp(seg[0], "test") == 0 &&
	    type_of_word(seg[1], &type) == 0) {
		route_test_post(s, c, type, body, len, r);
	} else if (n == 3 && get && strcmp(seg[0], "test") == 0 &&
	    type_of_word(seg[1], &type) == 0) {
		route_progress(s, c, type, seg[2], 0, r);
	} else if (n == 4 && get && strcmp(seg[0], "api") == 0 &&
	    strcmp(seg[1], "progress") == 0 && type_of_word(seg[2], &type) == 0) {
		route_progress(s, c, type, seg[3], 1, r);
	} else if (n == 3 && get && type_of_word(seg[0], &type) == 0) {
		route_report(s, type, seg[1], seg[2], r);
	} else if (n <= 2 && get && strcmp(seg[0], "halloffame") == 0) {
		const char *which = n == 1 ? "champions" : seg[1];

		if (strcmp(which, "champions") != 0 && strcmp(which, "web") != 0 &&
		    strcmp(which, "mail") != 0)
			reply_error_page(s, r, 404, "There is no such list.");
		else
			route_hof(s, which, r);
	} else if (n == 2 && get && strcmp(seg[0], "badge") == 0 &&
	    (strcmp(seg[1], "web.svg") == 0 || strcmp(seg[1], "mail.svg") == 0 ||
	    strcmp(seg[1], "champion.svg") == 0)) {
		struct pagebuf pb;
		char which[16];

		snprintf(which, sizeof(which), "%.*s",
		    (int)(strlen(seg[1]) - 4), seg[1]);
		if (page_open(&pb, r) == NULL)
			return;
		page_badge_svg(pb.f, strcmp(which, "champion") == 0 ?
		    "champions" : which);
		page_close(&pb, r, 200, "image/svg+xml");
		r->cache = 86400;
	} else if (n == 1 && get && strcmp(seg[0], "statistics") == 0) {
		route_stats(s, r);
	} else if (n <= 2 && get && strcmp(seg[0], "about") == 0) {
		struct pagebuf pb;

		if (page_open(&pb, r) == NULL)
			return;
		if (page_about(pb.f, &s->site, n == 2 ? seg[1] : NULL) != 0) {
			fclose(pb.f);
			free(pb.p);
			reply_error_page(s, r, 404, "There is no such page.");
			return;
		}
		page_close(&pb, r, 200, "text/html; charset=utf-8");
	} else if (n == 1 && get && strcmp(seg[0], "faq") == 0) {
		struct pagebuf pb;

		if (page_open(&pb, r) == NULL)
			return;
		page_faq(pb.f, &s->site);
		page_close(&pb, r, 200, "text/html; charset=utf-8");
	} else if (n == 2 && get && strcmp(seg[0], "static") == 0 &&
	    strcmp(seg[1], "style.css") == 0) {
		reply_static(r, "text/css; charset=utf-8", page_css);
	} else if (n == 2 && get && strcmp(seg[0], "static") == 0 &&
	    strcmp(seg[1], "app.js") == 0) {
		reply_static(r, "text/javascript; charset=utf-8", page_js);
	} else if (n == 3 && get && strcmp(url, "/api/batch/openapi.yaml") == 0) {
		reply_static(r, "application/yaml; charset=utf-8",
		    serve_openapi_yaml);
	} else if (n == 1 && get && strcmp(seg[0], "metrics") == 0) {
		route_metrics(s, c, r);
	} else if (!get && !post) {
		reply_error_page(s, r, 405, "That method is not supported here.");
	} else {
		reply_error_page(s, r, 404, "There is no such page.");
	}
}

/* --- libmicrohttpd -------------------------------------------------------- */

struct upload {
	char *p;
	size_t len, cap;
	int too_big;
};

static enum MHD_Result
add_headers(struct MHD_Response *resp, const struct reply *r)
{
	char cc[64];

	if (r->type != NULL)
		MHD_add_response_header(resp, "Content-Type", r->type);
	if (r->location != NULL)
		MHD_add_response_header(resp, "Location", r->location);
	if (r->auth_challenge)
		MHD_add_response_header(resp, "WWW-Authenticate",
		    "Basic realm=\"uptodate batch API\", charset=\"UTF-8\"");
	if (r->cache > 0)
		snprintf(cc, sizeof(cc), "public, max-age=%d", r->cache);
	else
		snprintf(cc, sizeof(cc), "no-store");
	MHD_add_response_header(resp, "Cache-Control", cc);
	if (r->cors)
		MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
	/* What we test others for, we do ourselves. The connection test's
	 * page fetches its probes from other hosts (and an IPv6 literal, which
	 * a CSP host source cannot name). */
	MHD_add_response_header(resp, "Content-Security-Policy",
	    r->connect_any ? "default-src 'self'; connect-src 'self' http: "
	    "https:; img-src 'self' data:; frame-ancestors 'none'; "
	    "base-uri 'self'; form-action 'self'" :
	    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
	    "base-uri 'self'; form-action 'self'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	return MHD_YES;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data,
    size_t *data_size, void **con_cls)
{
	struct serve *s = cls;
	struct upload *up = *con_cls;
	struct reply r;
	struct MHD_Response *resp;
	enum MHD_Result ret;

	(void)version;
	if (up == NULL) {
		if ((up = calloc(1, sizeof(*up))) == NULL)
			return MHD_NO;
		*con_cls = up;
		return MHD_YES;
	}
	if (*data_size > 0) {
		if (!up->too_big && up->len + *data_size > s->o->max_body) {
			up->too_big = 1;
		} else if (!up->too_big) {
			if (up->len + *data_size + 1 > up->cap) {
				size_t cap = (up->len + *data_size + 1) * 2;
				char *p;

				if (cap > s->o->max_body + 1)
					cap = s->o->max_body + 1;
				if ((p = realloc(up->p, cap)) == NULL)
					return MHD_NO;
				up->p = p;
				up->cap = cap;
			}
			memcpy(up->p + up->len, data, *data_size);
			up->len += *data_size;
			up->p[up->len] = '\0';
		}
		*data_size = 0;
		return MHD_YES;
	}
	memset(&r, 0, sizeof(r));
	route(s, c, method, url, up->p, up->len, up->too_big, &r);
	if (r.status == 0)
		r.status = 500;
	resp = MHD_create_response_from_buffer(r.len, r.body,
	    MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(r.body);
		return MHD_NO;
	}
	add_headers(resp, &r);
	ret = MHD_queue_response(c, r.status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct upload *up = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (up != NULL) {
		free(up->p);
		free(up);
		*con_cls = NULL;
	}
}

/* Become user (its uid, gid and groups) for good; 0, or -1 with why. */
static int
drop_privileges(const char *user, char *why, size_t whylen)
{
	struct passwd *pw = getpwnam(user);

	if (pw == NULL) {
		snprintf(why, whylen, "no such user");
		return -1;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 ||
	    setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
		snprintf(why, whylen, "cannot become %s: %s", user,
		    strerror(errno));
		return -1;
	}
	if (pw->pw_uid != 0 && (setuid(0) == 0 || seteuid(0) == 0)) {
		snprintf(why, whylen, "root could be regained");
		return -1;
	}
	return 0;
}

/* Twice a second, from the main thread: the leases of batch jobs. */
static void
serve_tick(void *arg)
{
	struct serve *s = arg;

	if (s->q != NULL)
		jobq_tick(s->q);
}

int
serve_run(struct serve_opts *o)
{
	struct serve s;
	struct engine_source src = {
		.next = src_next, .done = src_done, .vet = src_vet,
		.wanted = src_wanted, .progress = src_progress,
		.dropped = src_dropped, .stop = src_stop,
	};
	const char *blocked[64];
	char why[512];
	size_t i, nb;
	int rc = 3, requeued, fds[SERVE_LISTEN_MAX];
	size_t n_fds = 0;

	memset(&s, 0, sizeof(s));
	s.o = o;
	src.arg = &s;
	pthread_mutex_init(&s.mu, NULL);
	s.site.version = o->version;
	s.site.base_url = o->base_url != NULL ? o->base_url : "";
	if ((s.targets = net_targets_new()) == NULL ||
	    (s.m = metrics_new()) == NULL ||
	    (s.auth = auth_cache_new(300)) == NULL) {
		fprintf(stderr, "uptodate: out of memory\n");
		goto out;
	}
	if (o->allow_targets != NULL && net_targets_allow(s.targets,
	    o->allow_targets, why, sizeof(why)) != 0) {
		fprintf(stderr, "uptodate: --allow-targets: %s\n", why);
		goto out;
	}
	/* The sockets first (a port below 1024 needs root), then the
	 * privileges go, then everything else, as the unprivileged user. */
	for (i = 0; i < o->n_listen; i++) {
		if ((fds[n_fds] = net_listen(o->listen[i], why, sizeof(why))) < 0) {
			fprintf(stderr, "uptodate: %s%s\n", why,
			    o->listen_defaulted ? " (skipped)" : "");
			if (o->listen_defaulted)
				continue;
			goto out;
		}
		s.listen_ok[n_fds++] = o->listen[i];
	}
	if (o->conn_zone != NULL &&
	    (s.ct = conntest_new(o, why, sizeof(why))) == NULL) {
		fprintf(stderr, "uptodate: %s\n", why);
		goto out;
	}
	if (o->user != NULL && drop_privileges(o->user, why, sizeof(why)) != 0) {
		fprintf(stderr, "uptodate: --user %s: %s\n", o->user, why);
		goto out;
	}
	if (o->user == NULL && geteuid() == 0)
		fprintf(stderr, "uptodate: serve: running as root; --user NAME "
		    "drops to NAME once the sockets are bound\n");
	if ((s.st = store_open(o->db, why, sizeof(why))) == NULL) {
		fprintf(stderr, "uptodate: --db %s: %s\n", o->db, why);
		goto out;
	}
	/* With SQLite this process is the only worker: what an earlier run
	 * left running goes back to the queue at once. With PostgreSQL other
	 * workers may hold jobs: theirs return when their leases end. */
	if (strncmp(o->db, "postgres", 8) != 0 &&
	    (requeued = store_jobs_requeue_running(s.st)) > 0)
		fprintf(stderr, "uptodate: serve: %d batch jobs of an earlier "
		    "run queued again\n", requeued);
	{
		char host[64] = "localhost";
		struct jobq_opts qo = { 0 };

		(void)gethostname(host, sizeof(host) - 1);
		snprintf(s.worker, sizeof(s.worker), "serve/%s/%ld", host,
		    (long)getpid());
		qo.worker = s.worker;
		qo.lease_s = o->lease_s;
		qo.max_attempts = o->max_attempts;
		qo.reuse_s = o->reuse_s;
		qo.version = o->version;
		if (!o->no_batch_work && (s.q = jobq_new(s.st, &qo)) == NULL) {
			fprintf(stderr, "uptodate: out of memory\n");
			goto out;
		}
	}

	for (i = 0; i < n_fds; i++) {
		s.d[s.n_d] = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
		    MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request,
		    &s, MHD_OPTION_LISTEN_SOCKET, fds[i],
		    MHD_OPTION_THREAD_POOL_SIZE, o->http_threads,
		    MHD_OPTION_CONNECTION_MEMORY_LIMIT, o->max_header,
		    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONN_TIMEOUT_S,
		    MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->conns_per_client,
		    MHD_OPTION_NOTIFY_COMPLETED, on_completed, &s,
		    MHD_OPTION_END);
		if (s.d[s.n_d] == NULL) {
			fprintf(stderr, "uptodate: cannot serve on %s\n",
			    s.listen_ok[i]);
			goto out;
		}
		fds[i] = -1;            /* the daemon's now */
		s.n_d++;
	}
	if (s.n_d == 0) {
		fprintf(stderr, "uptodate: no address to serve on\n");
		goto out;
	}
	if (s.ct != NULL && conntest_start(s.ct, why, sizeof(why)) != 0) {
		fprintf(stderr, "uptodate: %s\n", why);
		goto out;
	}

	/* The resolver never asks a name server at a refused address, unless
	 * it forwards to a resolver of the operator's choice. */
	nb = net_targets_blocked(s.targets, blocked, 63);
	blocked[nb] = NULL;
	if (o->eng.dns.resolver == NULL)
		o->eng.dns.do_not_query = blocked;
	o->eng.targets = s.targets;
	for (i = 0; i < s.n_d; i++)
		fprintf(stderr, "uptodate: serving on %s\n", s.listen_ok[i]);
	if ((rc = engine_run(&o->eng, &src, 500, serve_tick, &s, why,
	    sizeof(why)) == 0 ? 0 : 3) != 0)
		fprintf(stderr, "uptodate: %s\n", why);
out:
	for (i = 0; i < s.n_d; i++)
		MHD_stop_daemon(s.d[i]);
	for (i = s.n_d; i < n_fds; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	conntest_free(s.ct);
	jobq_free(s.q);
	while (s.tests != NULL) {
		struct itest *t = s.tests;

		s.tests = t->next;
		free(t);
	}
	store_close(s.st);
	auth_cache_free(s.auth);
	metrics_free(s.m);
	net_targets_free(s.targets);
	pthread_mutex_destroy(&s.mu);
	if (rc == 0)
		fprintf(stderr, "uptodate: serve: stopped\n");
	return rc;
}
