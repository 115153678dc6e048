/*
 * batch.c: the reader, the output, progress and the end of a run; the
 * engine (engine/engine.h) runs the tests.
 *
 * The engine's workers call the reader, the output and the summary from
 * their threads, so each is behind its own lock: the reader (input, line
 * numbers, the duplicate and resume sets), the output, the summary. The
 * engine asks about Ctrl-C on its tick and then cancels what is in flight
 * without writing it.
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

#include "batch/batch.h"
#include "batch/domlist.h"
#include "engine/engine.h"
#include "report/report.h"
#include "report/summary.h"
#include "util/clock.h"

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

struct batch {
	const struct batch_opts *o;
	struct reader rd;
	struct batch_out *out;
	struct net_limits *limits;
	struct engine *eng;
	pthread_mutex_t sum_mu;
	struct summary *sum;
	atomic_ulong finished, errors, deadlines;
	atomic_int write_failed;
};

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

/* The engine's source: the reader, the output, Ctrl-C. Jobs cancelled by
 * Ctrl-C are not written, so a run with --resume does them again. */
static int
src_next(void *arg, struct engine_job *job)
{
	struct batch *b = arg;

	return reader_next(&b->rd, job->name, &job->kind) ? 1 : -1;
}

static void
src_done(void *arg, struct engine_job *job, json_t *result, int deadline)
{
	struct batch *b = arg;

	(void)job;
	if (deadline)
		atomic_fetch_add(&b->deadlines, 1);
	emit(b, result);
}

static int
src_stop(void *arg)
{
	(void)arg;
	return interrupted != 0;
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
	{
		unsigned long started, ended;

		engine_counts(b->eng, &started, &ended);
		inflight = started - ended;
	}
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

struct progress_arg {
	struct batch *b;
	unsigned long total;
	const struct timespec *t0;
};

static void
progress_tick(void *arg)
{
	struct progress_arg *p = arg;

	progress_line(p->b, p->total, p->t0, 0);
}

/* --- run ------------------------------------------------------------------ */

int
batch_run(const struct batch_opts *o)
{
	struct batch b;
	struct timespec t0;
	struct sigaction sa, old_int, old_term;
	unsigned long total = 0;
	struct progress_arg pw;
	unsigned i;
	char why[512];
	int rc = 0, setup_failed = 0;
	double secs;

	memset(&b, 0, sizeof(b));
	b.o = o;
	interrupted = 0;
	pthread_mutex_init(&b.rd.mu, NULL);
	pthread_mutex_init(&b.sum_mu, NULL);
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

	{
		struct engine_opts eo;
		struct engine_source src = { .next = src_next,
		    .done = src_done, .stop = src_stop, .arg = &b };

		memset(&eo, 0, sizeof(eo));
		eo.threads = o->threads;
		eo.concurrency = o->concurrency;
		eo.deadline_ms = o->deadline_ms;
		eo.endpoint_cache = o->endpoint_cache;
		eo.dns = o->dns;
		eo.genv = o->genv;
		eo.ehlo_name = o->ehlo_name;
		eo.smtp_retries = o->smtp_retries;
		eo.limits = b.limits;
		clock_start(&t0);
		if ((b.eng = engine_start(&eo, &src, why, sizeof(why))) == NULL) {
			fprintf(stderr, "uptodate: %s\n", why);
			rc = 3;
			goto sig;
		}
		pw.b = &b;
		pw.total = total;
		pw.t0 = &t0;
		if (engine_wait(b.eng, PROGRESS_MS, o->progress ? progress_tick :
		    NULL, &pw, why, sizeof(why)) != 0) {
			fprintf(stderr, "uptodate: %s\n", why);
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
	engine_free(b.eng);
	if (b.rd.in != NULL && b.rd.in != stdin)
		fclose(b.rd.in);
	nameset_free(b.rd.seen);
	nameset_free(b.rd.done);
	summary_free(b.sum);
	net_limits_unref(b.limits);
	pthread_mutex_destroy(&b.rd.mu);
	pthread_mutex_destroy(&b.sum_mu);
	return rc;
}
