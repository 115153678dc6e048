/*
 * batch.c: the reader, the workers, progress and the end of a run.
 *
 * Shared between threads, each behind its own lock: the reader (input,
 * line numbers, the duplicate and resume sets), the output, the summary
 * and the politeness limits. Everything else belongs to one worker and
 * its loop. A worker keeps its share of the concurrency in flight: it
 * takes jobs at start, after each job ends and on its tick (100 ms), which
 * also watches for Ctrl-C. A job ends once: with its report, or at its
 * deadline with an error result (the gather is cancelled; what it still
 * waits for comes back to a freed gather and is dropped).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <event2/event.h>

#include "batch/batch.h"
#include "batch/domlist.h"
#include "checks/report.h"
#include "gather/mxcache.h"
#include "gather/scancache.h"
#include "net/conn.h"
#include "net/curl.h"
#include "net/net.h"
#include "report/report.h"
#include "report/summary.h"
#include "util/clock.h"

#define TICK_MS        100
#define PROGRESS_MS    500
#define BAD_LINES_SHOWN 10

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	interrupted = 1;
	signal(sig, SIG_DFL);   /* a second Ctrl-C ends at once */
}

/* --- the reader ----------------------------------------------------------- */

struct reader {
	pthread_mutex_t mu;
	FILE *in;
	const char *name;
	unsigned types;
	unsigned long line_no;
	char pending[256];           /* a name whose mail job is still due */
	int have_pending, eof;
	struct nameset *seen;        /* keys taken from the input */
	struct nameset *done;        /* keys an earlier run wrote (--resume) */
	unsigned long bad, dups, resumed;
};

/* The next job; 1, or 0 at the end of the input. */
static int
reader_next(struct reader *r, char *name, enum fx_kind *kind)
{
	char line[DOMLIST_LINE_MAX + 2];
	int got = 0, too_long, add;
	const char *why;
	long n;

	pthread_mutex_lock(&r->mu);
	while (!got) {
		if (r->have_pending) {
			r->have_pending = 0;
			memcpy(name, r->pending, strlen(r->pending) + 1);
			*kind = FX_MAIL;
		} else {
			if (r->eof || interrupted)
				break;
			n = domlist_read_line(r->in, line, sizeof(line), &too_long);
			if (n < 0) {
				r->eof = 1;
				break;
			}
			r->line_no++;
			switch (too_long ? DOMLIST_BAD :
			    domlist_parse(line, (size_t)n, name, 256, &why)) {
			case DOMLIST_SKIP:
				continue;
			case DOMLIST_BAD:
				if (too_long)
					why = "line too long";
				if (r->bad++ < BAD_LINES_SHOWN)
					fprintf(stderr, "uptodate: %s:%lu: skipped: %s\n",
					    r->name, r->line_no, why);
				continue;
			case DOMLIST_NAME:
				break;
			}
			if (r->types & BATCH_WEB) {
				*kind = FX_WEB;
				if (r->types & BATCH_MAIL) {
					memcpy(r->pending, name, strlen(name) + 1);
					r->have_pending = 1;
				}
			} else {
				*kind = FX_MAIL;
			}
		}
		if ((add = nameset_add(r->seen, *kind, name)) == 0) {
			r->dups++;
			continue;
		}
		if (r->done != NULL && nameset_has(r->done, *kind, name)) {
			r->resumed++;
			continue;
		}
		got = 1;          /* (add < 0, no memory for the key: tested) */
	}
	pthread_mutex_unlock(&r->mu);
	return got;
}

/* --- the run -------------------------------------------------------------- */

struct worker;

struct bjob {
	struct worker *w;
	struct bjob *prev, *next;
	char name[256];
	enum fx_kind kind;
	struct gather *g;
	struct event *deadline;
};

struct batch {
	const struct batch_opts *o;
	struct reader rd;
	struct batch_out *out;
	struct net_limits *limits;
	pthread_mutex_t sum_mu;
	struct summary *sum;
	pthread_mutex_t done_mu;
	pthread_cond_t done_cv;
	unsigned workers_left;
	atomic_ulong started, finished, errors, deadlines;
	atomic_int write_failed;
};

struct worker {
	struct batch *b;
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
	struct bjob *jobs;
	int input_done, setup_failed;
	char why[256];
};

static void topup(struct worker *w);

static void
job_end(struct bjob *j)
{
	struct worker *w = j->w;

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
}

/* Write one result and count it. */
static void
emit(struct batch *b, json_t *r)
{
	const char *st = json_string_value(json_object_get(r, "status"));

	if (st != NULL && strcmp(st, "ok") != 0)
		atomic_fetch_add(&b->errors, 1);
	if (batch_out_write(b->out, r) != 0)
		atomic_store(&b->write_failed, 1);
	if (b->sum != NULL) {
		int bad;

		pthread_mutex_lock(&b->sum_mu);
		bad = summary_add_json(b->sum, r);
		pthread_mutex_unlock(&b->sum_mu);
		(void)bad;      /* our own reports: never bad */
	}
	atomic_fetch_add(&b->finished, 1);
}

static void
job_done(void *arg, struct gather *g)
{
	struct bjob *j = arg;
	struct worker *w = j->w;
	struct chk_report rep;
	struct gather_stats st;
	json_t *r;

	gather_stats(g, &st);
	if (chk_report_build(&rep, gather_facts(g)) == 0) {
		r = report_json(&rep, &st);
		chk_report_clear(&rep);
	} else {
		r = batch_error_result(j->name, j->kind, "out_of_memory",
		    "no memory to judge the results");
	}
	if (r != NULL) {
		emit(w->b, r);
		json_decref(r);
	}
	job_end(j);
	topup(w);
}

static void
deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	struct bjob *j = arg;
	struct worker *w = j->w;
	char msg[128];
	json_t *r;

	(void)fd;
	(void)what;
	snprintf(msg, sizeof(msg), "the test took longer than its deadline "
	    "of %u ms (--deadline)", (unsigned)w->b->o->deadline_ms);
	if ((r = batch_error_result(j->name, j->kind, "deadline", msg)) != NULL) {
		emit(w->b, r);
		json_decref(r);
	}
	atomic_fetch_add(&w->b->deadlines, 1);
	job_end(j);
	topup(w);
}

static int
job_start(struct worker *w, const char *name, enum fx_kind kind)
{
	struct bjob *j = calloc(1, sizeof(*j));
	struct timeval tv;

	if (j == NULL)
		return -1;
	j->w = w;
	j->kind = kind;
	memcpy(j->name, name, strlen(name) + 1);
	j->next = w->jobs;
	if (w->jobs != NULL)
		w->jobs->prev = j;
	w->jobs = j;
	w->inflight++;
	atomic_fetch_add(&w->b->started, 1);
	tv.tv_sec = w->b->o->deadline_ms / 1000;
	tv.tv_usec = (suseconds_t)(w->b->o->deadline_ms % 1000) * 1000;
	if ((j->deadline = evtimer_new(w->base, deadline_cb, j)) == NULL ||
	    evtimer_add(j->deadline, &tv) != 0 ||
	    (j->g = gather_start(&w->genv, kind, name, job_done, j)) == NULL) {
		json_t *r = batch_error_result(name, kind, "out_of_memory",
		    "no memory to start the test");

		if (r != NULL) {
			emit(w->b, r);
			json_decref(r);
		}
		job_end(j);
		return -1;
	}
	return 0;
}

/* Cancel every job in flight (Ctrl-C): they are not written, so a run
 * with --resume does them again. */
static void
cancel_all(struct worker *w)
{
	while (w->jobs != NULL)
		job_end(w->jobs);
}

static void
topup(struct worker *w)
{
	char name[256];
	enum fx_kind kind;

	if (interrupted) {
		cancel_all(w);
		event_base_loopbreak(w->base);
		return;
	}
	while (!w->input_done && w->inflight < w->cap) {
		if (!reader_next(&w->b->rd, name, &kind)) {
			w->input_done = 1;
			break;
		}
		if (job_start(w, name, kind) != 0)
			break;      /* out of memory: try again on the tick */
	}
	if (w->input_done && w->inflight == 0)
		event_base_loopbreak(w->base);
}

static void
tick_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	topup(arg);
}

/*
 * The end of a worker. Gathers cancelled by a deadline or Ctrl-C live on
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
	const struct batch_opts *o = w->b->o;
	struct timeval tv = { 0, TICK_MS * 1000 };
	struct mx_cache_opts mo;
	char *err = NULL;

	if ((w->base = event_base_new()) == NULL ||
	    (w->net = net_new(w->base)) == NULL ||
	    net_use_limits(w->net, w->b->limits) != 0) {
		snprintf(w->why, sizeof(w->why), "cannot start an event loop");
		return -1;
	}
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

		memset(&mo, 0, sizeof(mo));
		mo.ehlo_name = o->ehlo_name;
		mo.ca_file = o->genv.ca_file;
		mo.timeout_ms = o->genv.probe_timeout_ms;
		mo.retries = o->smtp_retries;
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
	struct batch *b = w->b;

	if (worker_setup(w) != 0) {
		w->setup_failed = 1;
	} else {
		topup(w);
		if (!(w->input_done && w->inflight == 0) && !interrupted)
			event_base_dispatch(w->base);
	}
	worker_clear(w);
	pthread_mutex_lock(&b->done_mu);
	b->workers_left--;
	pthread_cond_signal(&b->done_cv);
	pthread_mutex_unlock(&b->done_mu);
	return NULL;
}

/* --- progress ------------------------------------------------------------- */

/* Jobs in the input (lines with a name, times the types); 0 when unknown
 * (standard input). */
static unsigned long
count_jobs(const char *path, unsigned types)
{
	char line[DOMLIST_LINE_MAX + 2], name[256];
	unsigned long n = 0;
	const char *why;
	int too_long;
	long len;
	FILE *f;

	if (strcmp(path, "-") == 0 || (f = fopen(path, "r")) == NULL)
		return 0;
	while ((len = domlist_read_line(f, line, sizeof(line), &too_long)) >= 0)
		if (!too_long && domlist_parse(line, (size_t)len, name,
		    sizeof(name), &why) == DOMLIST_NAME)
			n++;
	fclose(f);
	return types == (BATCH_WEB | BATCH_MAIL) ? 2 * n : n;
}

static void
progress_line(struct batch *b, unsigned long total, const struct timespec *t0,
    int final)
{
	unsigned long done = atomic_load(&b->finished);
	unsigned long skipped, inflight;
	double secs = clock_elapsed_ms(t0) / 1000.0, rate;
	char eta[32] = "";

	pthread_mutex_lock(&b->rd.mu);
	skipped = b->rd.resumed + b->rd.dups;
	pthread_mutex_unlock(&b->rd.mu);
	inflight = atomic_load(&b->started) - done;
	rate = secs > 0 ? done / secs : 0;
	if (total > 0 && rate > 0 && done + skipped < total) {
		unsigned long left = (unsigned long)((total - done - skipped) / rate);

		snprintf(eta, sizeof(eta), ", ETA %lu:%02lu:%02lu", left / 3600,
		    left / 60 % 60, left % 60);
	}
	if (total > 0)
		fprintf(stderr, "\r%lu/%lu done", done + skipped, total);
	else
		fprintf(stderr, "\r%lu done", done + skipped);
	fprintf(stderr, ", %lu in flight, %.1f/s, %lu errors%s\033[K%s",
	    inflight, rate, atomic_load(&b->errors), eta, final ? "\n" : "");
	fflush(stderr);
}

/* --- run ------------------------------------------------------------------ */

int
batch_run(const struct batch_opts *o)
{
	struct batch b;
	struct worker *ws = NULL;
	struct timespec t0;
	struct sigaction sa, old_int, old_term;
	unsigned long total = 0;
	unsigned i, started_threads = 0;
	char why[512];
	int rc = 0, setup_failed = 0;
	double secs;

	memset(&b, 0, sizeof(b));
	b.o = o;
	interrupted = 0;
	pthread_mutex_init(&b.rd.mu, NULL);
	pthread_mutex_init(&b.sum_mu, NULL);
	pthread_mutex_init(&b.done_mu, NULL);
	pthread_cond_init(&b.done_cv, NULL);
	b.rd.name = strcmp(o->input, "-") == 0 ? "stdin" : o->input;
	b.rd.types = o->types;
	if (strcmp(o->input, "-") == 0) {
		b.rd.in = stdin;
	} else if ((b.rd.in = fopen(o->input, "r")) == NULL) {
		fprintf(stderr, "uptodate: %s: %s\n", o->input, strerror(errno));
		rc = 3;
		goto out;
	}
	if ((b.rd.seen = nameset_new()) == NULL ||
	    (o->resume && (b.rd.done = nameset_new()) == NULL) ||
	    (o->summary && (b.sum = summary_new()) == NULL) ||
	    (b.limits = net_limits_new()) == NULL) {
		fprintf(stderr, "uptodate: out of memory\n");
		rc = 3;
		goto out;
	}
	for (i = 0; i < NET_CLASS_N; i++)
		net_limits_set(b.limits, (enum net_class)i, &o->limits[i]);
	if ((b.out = batch_out_open(o->output, o->format, o->types, o->resume,
	    o->overwrite, b.rd.done, why, sizeof(why))) == NULL) {
		fprintf(stderr, "uptodate: --output: %s\n", why);
		rc = 3;
		goto out;
	}
	if (o->resume && nameset_count(b.rd.done) > 0)
		fprintf(stderr, "uptodate: resuming: %zu results already in %s\n",
		    nameset_count(b.rd.done), o->output);
	if (o->progress)
		total = count_jobs(o->input, o->types);

	/* Process-wide initialisation before any thread starts. */
	json_object_seed(0);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "uptodate: cannot start libcurl\n");
		rc = 3;
		goto out;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

	if ((ws = calloc(o->threads, sizeof(*ws))) == NULL) {
		fprintf(stderr, "uptodate: out of memory\n");
		rc = 3;
		goto sig;
	}
	clock_start(&t0);
	b.workers_left = o->threads;
	for (i = 0; i < o->threads; i++) {
		ws[i].b = &b;
		ws[i].cap = (o->concurrency + o->threads - 1) / o->threads;
		if (pthread_create(&ws[i].tid, NULL, worker_main, &ws[i]) != 0) {
			fprintf(stderr, "uptodate: cannot start thread %u\n", i);
			interrupted = 1;      /* the others stop at once */
			pthread_mutex_lock(&b.done_mu);
			b.workers_left -= o->threads - i;
			pthread_mutex_unlock(&b.done_mu);
			setup_failed = 1;
			break;
		}
		started_threads++;
	}
	pthread_mutex_lock(&b.done_mu);
	while (b.workers_left > 0) {
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += PROGRESS_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&b.done_cv, &b.done_mu, &until);
		if (o->progress && b.workers_left > 0) {
			pthread_mutex_unlock(&b.done_mu);
			progress_line(&b, total, &t0, 0);
			pthread_mutex_lock(&b.done_mu);
		}
	}
	pthread_mutex_unlock(&b.done_mu);
	for (i = 0; i < started_threads; i++) {
		pthread_join(ws[i].tid, NULL);
		if (ws[i].setup_failed) {
			if (!setup_failed)
				fprintf(stderr, "uptodate: %s\n", ws[i].why);
			setup_failed = 1;
		}
	}
	if (o->progress)
		progress_line(&b, total, &t0, 1);
	secs = clock_elapsed_ms(&t0) / 1000.0;

	if (b.sum != NULL && !interrupted && !setup_failed)
		summary_text(stderr, b.sum, NULL, o->color);
	fprintf(stderr, "uptodate: %lu results written in %.1f s (%.1f/s)",
	    atomic_load(&b.finished), secs,
	    secs > 0 ? atomic_load(&b.finished) / secs : 0.0);
	if (atomic_load(&b.errors) > 0)
		fprintf(stderr, ", %lu with status error (%lu past the deadline)",
		    atomic_load(&b.errors), atomic_load(&b.deadlines));
	if (b.rd.dups > 0)
		fprintf(stderr, ", %lu duplicates skipped", b.rd.dups);
	if (b.rd.resumed > 0)
		fprintf(stderr, ", %lu already done", b.rd.resumed);
	if (b.rd.bad > 0)
		fprintf(stderr, ", %lu bad lines skipped", b.rd.bad);
	fputc('\n', stderr);
	if (ferror(b.rd.in)) {
		fprintf(stderr, "uptodate: reading %s: %s\n", b.rd.name,
		    strerror(errno));
		rc = 3;
	}
	if (setup_failed)
		rc = 3;
	else if (interrupted) {
		fprintf(stderr, "uptodate: interrupted: every finished result is "
		    "written; the same command with --resume does the rest\n");
		rc = 130;
	} else if (rc == 0 && b.rd.bad > 0)
		rc = 1;
sig:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	curl_global_cleanup();
out:
	if (b.out != NULL && batch_out_close(b.out, why, sizeof(why)) != 0) {
		fprintf(stderr, "uptodate: --output: %s\n", why);
		rc = 3;
	}
	if (atomic_load(&b.write_failed) && rc != 3)
		rc = 3;
	free(ws);
	if (b.rd.in != NULL && b.rd.in != stdin)
		fclose(b.rd.in);
	nameset_free(b.rd.seen);
	nameset_free(b.rd.done);
	summary_free(b.sum);
	net_limits_unref(b.limits);
	pthread_mutex_destroy(&b.rd.mu);
	pthread_mutex_destroy(&b.sum_mu);
	pthread_mutex_destroy(&b.done_mu);
	pthread_cond_destroy(&b.done_cv);
	return rc;
}
