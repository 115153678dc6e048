/*
 * progress: run one gather and watch gather_progress() while it runs.
 *
 * Prints a snapshot every 50 ms ("t=MS name done/started[*] ...", * when
 * finished) and the final one. Between iterations of the loop it checks
 * the invariants: the categories are the run kind's report categories in
 * report order (checks/registry.c), counts never go down, done never
 * passes started, and a finished category never starts more work. At the
 * done callback every category must be finished with done == started.
 *
 * usage: progress [-q] [-r ROOT_HINTS] [-a TRUST_ANCHOR] [-c CA_FILE]
 *                 [-R RESOLVER] web|mail DOMAIN
 * The files default to $UTD_ROOT_HINTS, $UTD_TRUST_ANCHOR and $UTD_CA
 * (tests/testbed/exec sets them). -q prints the final snapshot only.
 * Exit status: 0 when every invariant held, 1 otherwise, 2 on bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "checks/check.h"
#include "dns/dns.h"
#include "gather/gather.h"
#include "net/curl.h"
#include "net/net.h"
#include "tls/audit.h"

struct watch {
	struct gather *g;
	enum fx_kind kind;
	int done, failed, quiet;
	struct timespec t0;
	size_t n;                                 /* categories seen */
	struct gather_progress_cat last[GATHER_PROGRESS_MAX];
	unsigned finished_at[GATHER_PROGRESS_MAX];  /* started when finished */
	int was_finished[GATHER_PROGRESS_MAX];
};

static unsigned
elapsed_ms(const struct watch *w)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (unsigned)((t.tv_sec - w->t0.tv_sec) * 1000 +
	    (t.tv_nsec - w->t0.tv_nsec) / 1000000);
}

static void
fail(struct watch *w, const char *cat, const char *why)
{
	fprintf(stderr, "progress: t=%u %s: %s\n", elapsed_ms(w), cat, why);
	w->failed = 1;
}

static void
print(const struct watch *w, const char *tag)
{
	size_t i;

	printf("%s t=%u", tag, elapsed_ms(w));
	for (i = 0; i < w->n; i++)
		printf(" %s %u/%u%s", w->last[i].name, w->last[i].done,
		    w->last[i].started, w->last[i].finished ? "*" : "");
	printf("\n");
	fflush(stdout);
}

/* The kind's report categories from the registry, in report order. */
static size_t
registry_cats(enum fx_kind kind, const char **names, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < chk_n_categories && n < max; i++)
		if (chk_categories[i].kind == kind)
			names[n++] = chk_categories[i].name;
	return n;
}

/* Take a snapshot and check it against the previous one. */
static void
observe(struct watch *w)
{
	struct gather_progress_cat c[GATHER_PROGRESS_MAX];
	const char *want[GATHER_PROGRESS_MAX];
	size_t i, n, nw;

	n = gather_progress(w->g, c, GATHER_PROGRESS_MAX);
	nw = registry_cats(w->kind, want, GATHER_PROGRESS_MAX);
	if (n != nw)
		fail(w, "-", "not the registry's number of categories");
	for (i = 0; i < n; i++) {
		if (i < nw && strcmp(c[i].name, want[i]) != 0)
			fail(w, c[i].name, "not the registry's category here");
		if (c[i].done > c[i].started)
			fail(w, c[i].name, "more done than started");
		if (c[i].finished != (c[i].done == c[i].started))
			fail(w, c[i].name, "finished disagrees with the counts");
		if (i < w->n && (c[i].started < w->last[i].started ||
		    c[i].done < w->last[i].done))
			fail(w, c[i].name, "a count went down");
		if (w->was_finished[i] && c[i].started != w->finished_at[i])
			fail(w, c[i].name, "work started after finished");
		if (c[i].finished && !w->was_finished[i]) {
			w->was_finished[i] = 1;
			w->finished_at[i] = c[i].started;
		}
		w->last[i] = c[i];
	}
	w->n = n;
}

static void
tick(evutil_socket_t fd, short what, void *arg)
{
	struct watch *w = arg;

	(void)fd;
	(void)what;
	if (!w->done && !w->quiet)
		print(w, "progress");
}

static void
gather_done(void *arg, struct gather *g)
{
	struct watch *w = arg;
	size_t i;

	(void)g;
	observe(w);
	w->done = 1;
	print(w, "final");
	for (i = 0; i < w->n; i++)
		if (!w->last[i].finished || w->last[i].done != w->last[i].started)
			fail(w, w->last[i].name, "not finished at the done callback");
}

static void
usage(void)
{
	fprintf(stderr, "usage: progress [-q] [-r ROOT_HINTS] [-a TRUST_ANCHOR] "
	    "[-c CA_FILE] [-R RESOLVER] web|mail DOMAIN\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct dns_engine_opts dopts = { 0 };
	struct gather_env genv = { 0 };
	struct watch w;
	struct event_base *base;
	struct event *timer;
	struct timeval every = { 0, 50 * 1000 };
	struct net *net;
	struct dns_engine *dns;
	struct net_curl *curl;
	char *err = NULL;
	int c;

	memset(&w, 0, sizeof(w));
	dopts.root_hints = getenv("UTD_ROOT_HINTS");
	dopts.trust_anchor = getenv("UTD_TRUST_ANCHOR");
	genv.ca_file = getenv("UTD_CA");
	while ((c = getopt(argc, argv, "qr:a:c:R:")) != -1) {
		switch (c) {
		case 'q':
			w.quiet = 1;
			break;
		case 'r':
			dopts.root_hints = optarg;
			break;
		case 'a':
			dopts.trust_anchor = optarg;
			break;
		case 'c':
			genv.ca_file = optarg;
			break;
		case 'R':
			dopts.resolver = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2)
		usage();
	if (strcmp(argv[optind], "web") == 0)
		w.kind = FX_WEB;
	else if (strcmp(argv[optind], "mail") == 0)
		w.kind = FX_MAIL;
	else
		usage();
	if ((base = event_base_new()) == NULL || (net = net_new(base)) == NULL ||
	    (curl = net_curl_new(net)) == NULL) {
		fprintf(stderr, "progress: cannot start the event loop\n");
		return 1;
	}
	if ((dns = dns_engine_new(net, &dopts, &err)) == NULL) {
		fprintf(stderr, "progress: %s\n", err ? err : "no resolver");
		free(err);
		return 1;
	}
	genv.net = net;
	genv.dns = dns;
	genv.curl = curl;
	clock_gettime(CLOCK_MONOTONIC, &w.t0);
	if ((w.g = gather_start(&genv, w.kind, argv[optind + 1], gather_done,
	    &w)) == NULL ||
	    (timer = event_new(base, -1, EV_PERSIST, tick, &w)) == NULL ||
	    event_add(timer, &every) != 0) {
		fprintf(stderr, "progress: out of memory\n");
		return 1;
	}
	observe(&w);
	while (!w.done && event_base_loop(base, EVLOOP_ONCE) == 0)
		if (!w.done)
			observe(&w);
	event_free(timer);
	gather_free(w.g);
	net_curl_free(curl);
	dns_engine_free(dns);
	net_free(net);
	event_base_free(base);
	tls_audit_cleanup();
	if (!w.done)
		fail(&w, "-", "the loop ended before the done callback");
	printf("%s\n", w.failed ? "FAIL" : "ok");
	return w.failed ? 1 : 0;
}
