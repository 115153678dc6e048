/*
 * engine.c: the workers.
 *
 * A job ends once: with its report, at its deadline with an error result
 * (the gather is cancelled; what it still waits for comes back to a freed
 * gather and is dropped), or silently when the source no longer wants it
 * or asks to stop.
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <event2/event.h>

#include "checks/report.h"
#include "engine/engine.h"
#include "gather/mxcache.h"
#include "gather/scancache.h"
#include "net/conn.h"
#include "net/curl.h"
#include "net/net.h"
#include "report/report.h"

#define TICK_MS 100

struct worker;

struct ejob {
	struct worker *w;
	struct ejob *prev, *next;
	struct engine_job job;
	struct gather *g;
	struct event *deadline;
};

struct engine {
	struct engine_opts o;
	struct engine_source src;
	struct worker *ws;
	unsigned started_threads;
	pthread_mutex_t done_mu;
	pthread_cond_t done_cv;
	unsigned workers_left;
	atomic_ulong started, ended;
};

struct worker {
	struct engine *e;
	pthread_t tid;
	unsigned cap, inflight;
	struct event_base *base;
	struct net *net;
	struct dns_engine *dns;
	struct net_curl *curl;
	struct mx_cache *mxc;
	struct scan_cache *scc;
	struct gather_env genv;
	struct event *tick;
	struct ejob *jobs;
	int input_done, stopping, setup_failed;
	char why[256];
};

static void topup(struct worker *w);

static void
job_end(struct ejob *j, int reported)
{
	struct worker *w = j->w;

	if (!reported && w->e->src.dropped != NULL)
		w->e->src.dropped(w->e->src.arg, &j->job);
	if (j->prev != NULL)
		j->prev->next = j->next;
	else
		w->jobs = j->next;
	if (j->next != NULL)
		j->next->prev = j->prev;
	if (j->deadline != NULL)
		event_free(j->deadline);
	gather_free(j->g);
	free(j);
	w->inflight--;
	atomic_fetch_add(&w->e->ended, 1);
}

/* Hand a result to the source and end the job. */
static void
job_result(struct ejob *j, json_t *r, int deadline)
{
	struct worker *w = j->w;

	if (r != NULL) {
		w->e->src.done(w->e->src.arg, &j->job, r, deadline);
		json_decref(r);
	}
	job_end(j, r != NULL);
}

static void
job_done(void *arg, struct gather *g)
{
	struct ejob *j = arg;
	struct worker *w = j->w;
	struct chk_report rep;
	struct gather_stats st;
	json_t *r;

	gather_stats(g, &st);
	if (w->e->src.vet != NULL && (r = w->e->src.vet(w->e->src.arg, &j->job,
	    gather_facts(g))) != NULL) {
		;       /* the source's verdict replaces the report */
	} else if (chk_report_build(&rep, gather_facts(g)) == 0) {
		r = report_json(&rep, &st);
		chk_report_clear(&rep);
	} else {
		r = report_error_json(j->job.name, j->job.kind, "out_of_memory",
		    "no memory to judge the results");
	}
	job_result(j, r, 0);
	topup(w);
}

static void
deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ejob *j = arg;
	struct worker *w = j->w;
	char msg[128];

	(void)fd;
	(void)what;
	snprintf(msg, sizeof(msg), "the test took longer than its deadline "
	    "of %u ms", (unsigned)w->e->o.deadline_ms);
	job_result(j, report_error_json(j->job.name, j->job.kind, "deadline",
	    msg), 1);
	topup(w);
}

static int
job_start(struct worker *w, const struct engine_job *job)
{
	struct ejob *j = calloc(1, sizeof(*j));
	struct timeval tv;

	if (j == NULL)
		return -1;
	j->w = w;
	j->job = *job;
	j->next = w->jobs;
	if (w->jobs != NULL)
		w->jobs->prev = j;
	w->jobs = j;
	w->inflight++;
	atomic_fetch_add(&w->e->started, 1);
	tv.tv_sec = w->e->o.deadline_ms / 1000;
	tv.tv_usec = (suseconds_t)(w->e->o.deadline_ms % 1000) * 1000;
	if ((j->deadline = evtimer_new(w->base, deadline_cb, j)) == NULL ||
	    evtimer_add(j->deadline, &tv) != 0 ||
	    (j->g = gather_start(&w->genv, job->kind, job->name, job_done,
	    j)) == NULL) {
		job_result(j, report_error_json(job->name, job->kind,
		    "out_of_memory", "no memory to start the test"), 0);
		return -1;
	}
	return 0;
}

/* Cancel every job in flight: the source hears nothing of them. */
static void
cancel_all(struct worker *w)
{
	while (w->jobs != NULL)
		job_end(w->jobs, 0);
}

static void
topup(struct worker *w)
{
	const struct engine_source *src = &w->e->src;
	struct engine_job job;
	int got;

	if (w->stopping) {
		cancel_all(w);
		event_base_loopbreak(w->base);
		return;
	}
	while (!w->input_done && w->inflight < w->cap) {
		memset(&job, 0, sizeof(job));
		if ((got = src->next(src->arg, &job)) < 0)
			w->input_done = 1;
		if (got <= 0)
			break;
		if (job_start(w, &job) != 0)
			break;      /* out of memory: try again on the tick */
	}
	if (w->input_done && w->inflight == 0)
		event_base_loopbreak(w->base);
}

static void
tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct worker *w = arg;
	const struct engine_source *src = &w->e->src;
	struct ejob *j, *next;

	(void)fd;
	(void)what;
	if (src->stop != NULL && src->stop(src->arg))
		w->stopping = 1;
	for (j = w->jobs; j != NULL && !w->stopping; j = next) {
		next = j->next;
		if (src->wanted != NULL && !src->wanted(src->arg, &j->job))
			job_end(j, 0);
		else if (src->progress != NULL)
			src->progress(src->arg, &j->job, j->g);
	}
	topup(w);
}

/*
 * The end of a worker. Gathers cancelled by a deadline or a stop live on
 * until what they wait for answers: each layer, freed in turn, answers its
 * waiters at once (cancelled), and a last pass of the loop runs what was
 * deferred (done events, MX waiters of a gather's own cache), so that
 * every gather is gone before the loop is.
 */
static void
worker_clear(struct worker *w)
{
	int rounds;

	cancel_all(w);
	net_curl_free(w->curl);
	dns_engine_free(w->dns);
	scan_cache_free(w->scc);
	mx_cache_free(w->mxc);
	net_free(w->net);
	if (w->tick != NULL)
		event_free(w->tick);
	for (rounds = 0; w->base != NULL && rounds < 16; rounds++)
		if (event_base_loop(w->base, EVLOOP_NONBLOCK) != 0)
			break;
	if (w->base != NULL)
		event_base_free(w->base);
}

/* Everything a worker owns; 0, or -1 with w->why. */
static int
worker_setup(struct worker *w)
{
	const struct engine_opts *o = &w->e->o;
	struct timeval tv = { 0, 0 };
	char *err = NULL;

	tv.tv_usec = (suseconds_t)(o->tick_ms != 0 ? o->tick_ms : TICK_MS) * 1000;
	if ((w->base = event_base_new()) == NULL ||
	    (w->net = net_new(w->base)) == NULL ||
	    (o->limits != NULL && net_use_limits(w->net, o->limits) != 0)) {
		snprintf(w->why, sizeof(w->why), "cannot start an event loop");
		return -1;
	}
	net_set_targets(w->net, o->targets);
	if ((w->dns = dns_engine_new(w->net, &o->dns, &err)) == NULL) {
		snprintf(w->why, sizeof(w->why), "%s", err ? err :
		    "cannot start the resolver");
		free(err);
		return -1;
	}
	if ((w->curl = net_curl_new(w->net)) == NULL) {
		snprintf(w->why, sizeof(w->why), "cannot start the HTTP client");
		return -1;
	}
	w->genv = o->genv;
	w->genv.net = w->net;
	w->genv.dns = w->dns;
	w->genv.curl = w->curl;
	if (o->endpoint_cache) {
		struct scan_cache_opts so = { 0 };
		struct mx_cache_opts mo;

		memset(&mo, 0, sizeof(mo));
		mo.ehlo_name = o->ehlo_name;
		mo.ca_file = o->genv.ca_file;
		mo.timeout_ms = o->genv.probe_timeout_ms;
		mo.retries = o->smtp_retries;
		mo.shared = o->mx_shared;
		mo.ttl_s = o->mx_ttl_s;
		so.timeout_ms = o->genv.probe_timeout_ms;
		if ((w->mxc = mx_cache_new(w->net, &mo)) == NULL ||
		    (w->scc = scan_cache_new(w->net, &so)) == NULL) {
			snprintf(w->why, sizeof(w->why), "out of memory");
			return -1;
		}
		w->genv.mx_cache = w->mxc;
		w->genv.scan_cache = w->scc;
	}
	if ((w->tick = event_new(w->base, -1, EV_PERSIST, tick_cb, w)) == NULL ||
	    event_add(w->tick, &tv) != 0) {
		snprintf(w->why, sizeof(w->why), "cannot start a timer");
		return -1;
	}
	return 0;
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct engine *e = w->e;

	if (worker_setup(w) != 0) {
		w->setup_failed = 1;
	} else {
		topup(w);
		if (!(w->input_done && w->inflight == 0) && !w->stopping)
			event_base_dispatch(w->base);
	}
	worker_clear(w);
	pthread_mutex_lock(&e->done_mu);
	e->workers_left--;
	pthread_cond_signal(&e->done_cv);
	pthread_mutex_unlock(&e->done_mu);
	return NULL;
}

struct engine *
engine_start(const struct engine_opts *o, const struct engine_source *src,
    char *why, size_t whylen)
{
	struct engine *e = calloc(1, sizeof(*e));
	unsigned i, threads = o->threads > 0 ? o->threads : 1;

	if (e == NULL || (e->ws = calloc(threads, sizeof(*e->ws))) == NULL) {
		free(e);
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	e->o = *o;
	e->o.threads = threads;
	e->src = *src;
	pthread_mutex_init(&e->done_mu, NULL);
	pthread_cond_init(&e->done_cv, NULL);
	e->workers_left = threads;
	for (i = 0; i < threads; i++) {
		e->ws[i].e = e;
		e->ws[i].cap = (o->concurrency + threads - 1) / threads;
		if (e->ws[i].cap == 0)
			e->ws[i].cap = 1;
		if (pthread_create(&e->ws[i].tid, NULL, worker_main,
		    &e->ws[i]) != 0)
			break;
		e->started_threads++;
	}
	if (e->started_threads < threads) {
		pthread_mutex_lock(&e->done_mu);
		e->workers_left -= threads - e->started_threads;
		pthread_mutex_unlock(&e->done_mu);
		if (e->started_threads == 0) {
			snprintf(why, whylen, "cannot start a worker thread");
			engine_free(e);
			return NULL;
		}
	}
	return e;
}

int
engine_wait(struct engine *e, uint32_t poll_ms, void (*each)(void *),
    void *arg, char *why, size_t whylen)
{
	unsigned i;
	int rc = 0;

	pthread_mutex_lock(&e->done_mu);
	while (e->workers_left > 0) {
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += (long)poll_ms * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&e->done_cv, &e->done_mu, &until);
		if (each != NULL && e->workers_left > 0) {
			pthread_mutex_unlock(&e->done_mu);
			each(arg);
			pthread_mutex_lock(&e->done_mu);
		}
	}
	pthread_mutex_unlock(&e->done_mu);
	for (i = 0; i < e->started_threads; i++) {
		pthread_join(e->ws[i].tid, NULL);
		if (e->ws[i].setup_failed && rc == 0) {
			snprintf(why, whylen, "%s", e->ws[i].why);
			rc = -1;
		}
	}
	e->started_threads = 0;
	return rc;
}

void
engine_counts(const struct engine *e, unsigned long *started,
    unsigned long *ended)
{
	*started = atomic_load(&e->started);
	*ended = atomic_load(&e->ended);
}

void
engine_free(struct engine *e)
{
	if (e == NULL)
		return;
	pthread_mutex_destroy(&e->done_mu);
	pthread_cond_destroy(&e->done_cv);
	free(e->ws);
	free(e);
}

/* --- a whole run ---------------------------------------------------------- */

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

int
engine_interrupted(void)
{
	return interrupted != 0;
}

void
engine_interrupt(void)
{
	interrupted = 1;
}

int
engine_run(const struct engine_opts *o, const struct engine_source *src,
    uint32_t poll_ms, void (*each)(void *), void *arg, char *why,
    size_t whylen)
{
	struct sigaction sa, old_int, old_term;
	struct engine *e;
	int rc = -1;

	json_object_seed(0);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(why, whylen, "cannot start libcurl");
		return -1;
	}
	interrupted = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	if ((e = engine_start(o, src, why, whylen)) != NULL) {
		rc = engine_wait(e, poll_ms, each, arg, why, whylen);
		engine_free(e);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	curl_global_cleanup();
	return rc;
}
