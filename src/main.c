/*
 * uptodate: is this website, this mail domain up to date with the modern
 * open standards? The command line: parse, check inputs up front (one clear
 * line and exit 2 or 3 on bad ones), gather facts for every domain at once
 * on one event loop, judge, render.
 */
#include <errno.h>
#include <event2/event.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "batch/batch.h"
#include "checks/report.h"
#include "dns/dns.h"
#include "gather/gather.h"
#include "gather/mxcache.h"
#include "net/conn.h"
#include "net/curl.h"
#include "net/limits.h"
#include "net/net.h"
#include "report/report.h"
#include "report/summary.h"
#include "rpki/rpki.h"
#include "tls/audit.h"
#include "queue/worker.h"
#include "web/serve.h"
#include "web/usercmd.h"

#define UTD_VERSION "0.1.0"

enum { EXIT_GOOD = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_SETUP = 3 };

/* The option table drives getopt and --help alike. */
enum opt_id {
	OPT_JSON = 256, OPT_PRETTY, OPT_ROOT_HINTS, OPT_TRUST_ANCHOR, OPT_RESOLVER,
	OPT_TIMEOUT, OPT_PROBE_TIMEOUT, OPT_HTTP_TIMEOUT, OPT_CA_FILE, OPT_PER_ADDR,
	OPT_NO_COLOR,
	OPT_NO_VALIDATION, OPT_DKIM_SELECTOR, OPT_EHLO_NAME, OPT_GAP,
	OPT_SMTP_RETRIES, OPT_HTML, OPT_VERBOSE, OPT_VRP, OPT_ROUTES,
	OPT_TYPE, OPT_FORMAT, OPT_OUTPUT, OPT_CONCURRENCY, OPT_THREADS,
	OPT_NO_CACHE, OPT_RESUME, OPT_OVERWRITE, OPT_DEADLINE, OPT_WEB_CONNS,
	OPT_WEB_RATE, OPT_SMTP_CONNS, OPT_SMTP_RATE, OPT_PROGRESS,
	OPT_NO_PROGRESS, OPT_NO_SUMMARY,
	OPT_LISTEN, OPT_DB, OPT_BASE_URL, OPT_REUSE, OPT_ALLOW_TARGETS,
	OPT_MAX_BODY, OPT_MAX_DOMAINS, OPT_TESTS_PER_CLIENT, OPT_HTTP_THREADS,
	OPT_LEASE, OPT_MAX_ATTEMPTS, OPT_METRICS, OPT_NO_BATCH_WORK,
	OPT_NO_SHARED_LIMITS, OPT_NO_SHARED_CACHE, OPT_WORKER_ID,
	OPT_USER, OPT_MAX_HEADER, OPT_CONNS_PER_CLIENT,
	OPT_CONN_ZONE, OPT_CONN_ADDR, OPT_CONN_KEYS, OPT_CONN_KEEP,
	OPT_CONN_DNS_PORT,
	OPT_CONN_DNS_RATE,
	OPT_HELP = 'h', OPT_VERSION = 'V',
};
/* Which commands take an option. */
#define C_ONE   1u      /* web, mail */
#define C_BATCH 2u
#define C_SERVE 4u
#define C_WORKER 8u
#define C_QUEUE (C_SERVE | C_WORKER)    /* take jobs from the database */
#define C_RUN   (C_BATCH | C_QUEUE)     /* many tests on the engine */
#define C_ALL   (C_ONE | C_RUN)
struct opt_doc {
	struct option lo;
	const char *arg, *help;
	unsigned cmds;
};
static const struct opt_doc opt_docs[] = {
	{ { "json", no_argument, NULL, OPT_JSON }, NULL,
	  "print one JSON object per domain (batch API v2 shape plus details)",
	  C_ONE },
	{ { "pretty", no_argument, NULL, OPT_PRETTY }, NULL,
	  "indent the JSON", C_ONE },
	{ { "html", required_argument, NULL, OPT_HTML }, "FILE",
	  "also write a standalone HTML report (all domains) to FILE", C_ONE },
	{ { "verbose", no_argument, NULL, OPT_VERBOSE }, NULL,
	  "terminal report: add the evidence and how to fix what is not passed",
	  C_ONE },
	{ { "type", required_argument, NULL, OPT_TYPE }, "web|mail|both",
	  "which test to run on every domain of the list (default web)",
	  C_BATCH },
	{ { "format", required_argument, NULL, OPT_FORMAT }, "jsonl|csv",
	  "JSON Lines (the --json object per line, default) or CSV (a column "
	  "per category and test status, and the score)", C_BATCH },
	{ { "output", required_argument, NULL, OPT_OUTPUT }, "FILE",
	  "write the results to FILE instead of standard output", C_BATCH },
	{ { "resume", no_argument, NULL, OPT_RESUME }, NULL,
	  "continue --output FILE: skip what it already holds", C_BATCH },
	{ { "overwrite", no_argument, NULL, OPT_OVERWRITE }, NULL,
	  "replace an existing --output FILE", C_BATCH },
	{ { "concurrency", required_argument, NULL, OPT_CONCURRENCY }, "N",
	  "tests in flight at once, 1-100000 (default 500)", C_RUN },
	{ { "threads", required_argument, NULL, OPT_THREADS }, "N",
	  "event loops, one per thread, 1-256 (default: the number of cores)",
	  C_RUN },
	{ { "deadline", required_argument, NULL, OPT_DEADLINE }, "MS",
	  "most time one domain's test may take; then it is written with "
	  "status error, code deadline (default 120000)", C_RUN },
	{ { "no-endpoint-cache", no_argument, NULL, OPT_NO_CACHE }, NULL,
	  "test every web server's TLS and every mail server's STARTTLS anew "
	  "for each domain instead of once per run", C_RUN },
	{ { "web-conns", required_argument, NULL, OPT_WEB_CONNS }, "N",
	  "connections open at once to one web server address (default 4)",
	  C_RUN },
	{ { "web-rate", required_argument, NULL, OPT_WEB_RATE }, "N",
	  "new connections per second to one web server address, 0 for no "
	  "limit (default 0)", C_RUN },
	{ { "smtp-conns", required_argument, NULL, OPT_SMTP_CONNS }, "N",
	  "connections open at once to one mail server address (default 1)",
	  C_RUN },
	{ { "smtp-rate", required_argument, NULL, OPT_SMTP_RATE }, "N",
	  "new connections per second to one mail server address, 0 for no "
	  "limit (default 10)", C_RUN },
	{ { "progress", no_argument, NULL, OPT_PROGRESS }, NULL,
	  "show progress on standard error even when it is not a terminal",
	  C_BATCH },
	{ { "no-progress", no_argument, NULL, OPT_NO_PROGRESS }, NULL,
	  "no progress line, even on a terminal", C_BATCH },
	{ { "no-summary", no_argument, NULL, OPT_NO_SUMMARY }, NULL,
	  "no summary (score histogram, statuses per test) at the end",
	  C_BATCH },
	{ { "listen", required_argument, NULL, OPT_LISTEN }, "ADDR:PORT",
	  "serve on this address, e.g. 127.0.0.1:8080 or [::]:80 (repeatable, "
	  "at most 8; default 127.0.0.1:8080 and [::1]:8080)", C_SERVE },
	{ { "db", required_argument, NULL, OPT_DB }, "URL",
	  "where reports, users and batch requests are kept: a SQLite file "
	  "(default uptodate.db) or postgres://...; batch: run the list "
	  "through this database's job queue, with any workers on it", C_RUN },
	{ { "base-url", required_argument, NULL, OPT_BASE_URL }, "URL",
	  "the site's public address for permalinks and API report links, "
	  "e.g. https://uptodate.example (default: links without a host)",
	  C_SERVE },
	{ { "reuse", required_argument, NULL, OPT_REUSE }, "SECONDS",
	  "a report this recent is the result instead of a new test (serve, "
	  "worker, batch --db; default 200, 0: never)", C_RUN },
	{ { "allow-targets", required_argument, NULL, OPT_ALLOW_TARGETS },
	  "CIDR,...", "also test names that resolve into these ranges; by "
	  "default only global unicast addresses are tested (no loopback, "
	  "private, link-local, documentation, ...)", C_SERVE },
	{ { "max-body", required_argument, NULL, OPT_MAX_BODY }, "BYTES",
	  "largest request body accepted (default 1048576)", C_SERVE },
	{ { "max-domains", required_argument, NULL, OPT_MAX_DOMAINS }, "N",
	  "most domains in one batch API request (default 5000)", C_SERVE },
	{ { "tests-per-client", required_argument, NULL, OPT_TESTS_PER_CLIENT },
	  "N", "tests from the website running at once per client address "
	  "(default 4)", C_SERVE },
	{ { "max-header", required_argument, NULL, OPT_MAX_HEADER }, "BYTES",
	  "memory for one connection's request line and headers; a larger "
	  "request is refused (default 65536)", C_SERVE },
	{ { "conns-per-client", required_argument, NULL, OPT_CONNS_PER_CLIENT },
	  "N", "HTTP connections open at once from one client address "
	  "(default 64)", C_SERVE },
	{ { "conn-zone", required_argument, NULL, OPT_CONN_ZONE }, "ZONE",
	  "also run the connection test: answer DNS for conn.ZONE and "
	  "conn6.ZONE, which ZONE delegates to this server (the records to "
	  "put there are printed at start; doc/connection.md)", C_SERVE },
	{ { "conn-addr", required_argument, NULL, OPT_CONN_ADDR }, "ADDR",
	  "an address of this server for the connection test (one IPv6, "
	  "optionally one IPv4; each also needs a --listen): the probe names "
	  "point there and its DNS answers there", C_SERVE },
	{ { "conn-keys", required_argument, NULL, OPT_CONN_KEYS }, "DIR",
	  "the connection test's DNSSEC keys (K<zone>.+013+<tag>.private), "
	  "made there at first start; without it they are new at every start",
	  C_SERVE },
	{ { "conn-keep", required_argument, NULL, OPT_CONN_KEEP }, "SECONDS",
	  "how long a connection test's record is kept (default 300)",
	  C_SERVE },
	{ { "conn-dns-port", required_argument, NULL, OPT_CONN_DNS_PORT }, "N",
	  "port of the connection test's DNS (default 53)", C_SERVE },
	{ { "conn-dns-rate", required_argument, NULL, OPT_CONN_DNS_RATE }, "N",
	  "UDP answers a second the connection test's DNS gives one IPv4 /24 "
	  "or IPv6 /56 (default 100, 0: no limit); beyond it every second "
	  "query is sent to TCP and the others get nothing", C_SERVE },
	{ { "user", required_argument, NULL, OPT_USER }, "NAME",
	  "after binding the sockets, drop root privileges to this user (its "
	  "uid, gid and groups)", C_SERVE },
	{ { "http-threads", required_argument, NULL, OPT_HTTP_THREADS }, "N",
	  "threads answering HTTP per listening address (default 4)", C_SERVE },
	{ { "lease", required_argument, NULL, OPT_LEASE }, "SECONDS",
	  "a batch job is this worker's for so long, renewed while it runs; "
	  "a job whose worker died is taken again after it (default 60)",
	  C_QUEUE },
	{ { "max-attempts", required_argument, NULL, OPT_MAX_ATTEMPTS }, "N",
	  "a job claimed this often without a result ends as status error, "
	  "code worker_lost (default 3)", C_QUEUE },
	{ { "metrics", required_argument, NULL, OPT_METRICS }, "ADDR:PORT",
	  "serve Prometheus /metrics on this address (serve has it on its own "
	  "addresses)", C_WORKER },
	{ { "no-batch-work", no_argument, NULL, OPT_NO_BATCH_WORK }, NULL,
	  "run only the tests from the website here; leave batch jobs to "
	  "'uptodate worker' processes", C_SERVE },
	{ { "no-shared-limits", no_argument, NULL, OPT_NO_SHARED_LIMITS }, NULL,
	  "hold the politeness limits in this process only, not across the "
	  "workers of the database", C_WORKER },
	{ { "no-shared-cache", no_argument, NULL, OPT_NO_SHARED_CACHE }, NULL,
	  "do not share mail servers' STARTTLS results with the other workers "
	  "of the database", C_WORKER },
	{ { "worker-id", required_argument, NULL, OPT_WORKER_ID }, "NAME",
	  "this worker's name in the database (default worker/HOST/PID)",
	  C_WORKER },
	{ { "root-hints", required_argument, NULL, OPT_ROOT_HINTS }, "FILE",
	  "resolve from these root servers instead of the Internet's", C_ALL },
	{ { "trust-anchor", required_argument, NULL, OPT_TRUST_ANCHOR }, "FILE",
	  "DNSSEC trust anchor (DS or DNSKEY records) instead of the root key",
	  C_ALL },
	{ { "resolver", required_argument, NULL, OPT_RESOLVER }, "ADDR",
	  "forward DNS queries to this validating resolver instead of iterating",
	  C_ALL },
	{ { "timeout", required_argument, NULL, OPT_TIMEOUT }, "MS",
	  "deadline of each DNS lookup (default 10000)", C_ALL },
	{ { "probe-timeout", required_argument, NULL, OPT_PROBE_TIMEOUT }, "MS",
	  "deadline of each connection and direct name-server query (default 5000)",
	  C_ALL },
	{ { "ca-file", required_argument, NULL, OPT_CA_FILE }, "FILE",
	  "trusted CA certificates (PEM) instead of the system store", C_ALL },
	{ { "http-timeout", required_argument, NULL, OPT_HTTP_TIMEOUT }, "MS",
	  "deadline of each HTTP(S) request of the website test (default 10000)",
	  C_ALL },
	{ { "max-conns-per-address", required_argument, NULL, OPT_PER_ADDR }, "N",
	  "connections open at once to one server address, 1-64 (default 4 for "
	  "web, 1 for mail)", C_ONE },
	{ { "connect-gap", required_argument, NULL, OPT_GAP }, "MS",
	  "least time between two connects to one address (default 0 for web, "
	  "100 for mail)", C_ONE },
	{ { "dkim-selector", required_argument, NULL, OPT_DKIM_SELECTOR }, "NAME",
	  "mail: also fetch and judge the DKIM key of this selector (repeatable)",
	  C_ALL },
	{ { "ehlo-name", required_argument, NULL, OPT_EHLO_NAME }, "NAME",
	  "mail: the name to say in EHLO (default uptodate.invalid)", C_ALL },
	{ { "smtp-retries", required_argument, NULL, OPT_SMTP_RETRIES }, "N",
	  "mail: tries after a 421/4xx or an early close, pausing 1 s, 2 s, ... "
	  "(default 2)", C_ALL },
	{ { "no-color", no_argument, NULL, OPT_NO_COLOR }, NULL,
	  "plain text even on a terminal", C_ALL },
	{ { "no-validation", no_argument, NULL, OPT_NO_VALIDATION }, NULL,
	  "do not validate DNSSEC (every answer counts as insecure)", C_ALL },
	{ { "vrp", required_argument, NULL, OPT_VRP }, "FILE",
	  "RPKI: validated ROA payloads, rpki-client -j JSON (with --routes)",
	  C_ALL },
	{ { "routes", required_argument, NULL, OPT_ROUTES }, "FILE",
	  "RPKI: routing table, lines of 'prefix origin-AS' (with --vrp)",
	  C_ALL },
	{ { "help", no_argument, NULL, OPT_HELP }, NULL, "show this help",
	  C_ALL },
	{ { "version", no_argument, NULL, OPT_VERSION }, NULL, "show the version",
	  C_ALL },
};
#define N_OPTS (sizeof(opt_docs) / sizeof(opt_docs[0]))

/* text from column col, broken at spaces before column width. */
static void
wrap(FILE *out, const char *text, int col, int width)
{
	const char *p = text;
	int at = col;

	while (*p != '\0') {
		int w = (int)strcspn(p, " ");

		if (at > col && at + 1 + w > width) {
			fprintf(out, "\n%*s", col, "");
			at = col;
		} else if (at > col) {
			fputc(' ', out);
			at++;
		}
		fwrite(p, 1, (size_t)w, out);
		at += w;
		p += w;
		while (*p == ' ')
			p++;
	}
	fputc('\n', out);
}

static void
usage(FILE *out, unsigned cmd)
{
	size_t i;
	char left[40];

	if (cmd == C_WORKER)
		fputs("uptodate " UTD_VERSION " worker - run batch jobs from the database\n\n"
		    "Usage:\n"
		    "  uptodate worker --db URL [OPTIONS]\n\n"
		    "Takes the jobs of batch requests (the batch API of 'uptodate serve')\n"
		    "from the database and runs them; start as many as you like, on as\n"
		    "many machines as you like, on one PostgreSQL. A job is held under a\n"
		    "lease that the worker renews; a worker killed in the middle loses its\n"
		    "jobs to the others when their leases end, and every result is written\n"
		    "once. With PostgreSQL the workers also share the politeness limits per\n"
		    "server address and the STARTTLS results of mail servers. Stops on\n"
		    "Ctrl-C or SIGTERM, giving its unfinished jobs back.\n\n"
		    "Options:\n", out);
	else if (cmd == C_SERVE)
		fputs("uptodate " UTD_VERSION " serve - the website and the batch API\n\n"
		    "Usage:\n"
		    "  uptodate serve [OPTIONS]\n\n"
		    "Serves the website (test forms, live progress, reports with "
		    "permalinks,\nHall of Fame, statistics, explanations) and the "
		    "batch API v2 under\n/api/batch/v2/ (HTTP Basic users: see "
		    "'uptodate user --help'; the API\nis described at "
		    "/api/batch/openapi.yaml). Tests run in this process on\nthe same "
		    "engine as 'uptodate batch'. Names that resolve to addresses "
		    "that\nare not global unicast are refused unless --allow-targets "
		    "opens them.\nStops on Ctrl-C or SIGTERM; batch jobs cut short run "
		    "again at the next\nstart.\n\n"
		    "Options:\n", out);
	else if (cmd == C_BATCH)
		fputs("uptodate " UTD_VERSION " batch - test a list of domains\n\n"
		    "Usage:\n"
		    "  uptodate batch [OPTIONS] [FILE]\n\n"
		    "Reads domains from FILE (or standard input, or '-'), one a line; blank\n"
		    "lines and '#' comments are skipped, a URL counts for its host, and a\n"
		    "line that is not a domain name is reported and skipped. Writes one\n"
		    "result per domain and test type as it finishes. Servers shared by\n"
		    "many domains are tested once per run and kept to a few connections\n"
		    "at a time (see the limits below and uptodate(1)).\n\n"
		    "Options:\n", out);
	else
		fputs("uptodate " UTD_VERSION " - is this domain up to date with the modern "
		    "Internet standards?\n\n"
		    "Usage:\n"
		    "  uptodate web  [OPTIONS] DOMAIN...   test websites: IPv6, DNSSEC, HTTPS,\n"
		    "                                      security options, RPKI\n"
		    "  uptodate mail [OPTIONS] DOMAIN...   test mail domains: IPv6, DNSSEC,\n"
		    "                                      SPF/DKIM/DMARC, STARTTLS, DANE, RPKI\n"
		    "  uptodate batch [OPTIONS] [FILE]     test a list of domains (see\n"
		    "                                      'uptodate batch --help')\n"
		    "  uptodate summarize RESULTS.jsonl    the overview of a batch run (see\n"
		    "                                      'uptodate summarize --help')\n"
		    "  uptodate serve [OPTIONS]            the website and the batch API\n"
		    "                                      (see 'uptodate serve --help')\n"
		    "  uptodate user add|del|list NAME     batch API users (see\n"
		    "                                      'uptodate user --help')\n"
		    "  uptodate worker --db URL            run batch jobs from the database,\n"
		    "                                      on many machines (see\n"
		    "                                      'uptodate worker --help')\n\n"
		    "Every domain is tested at once; reports come in the order given.\n\n"
		    "Options:\n", out);
	for (i = 0; i < N_OPTS; i++) {
		const struct opt_doc *o = &opt_docs[i];

		if (!(o->cmds & cmd))
			continue;
		if (o->lo.val < 256)
			snprintf(left, sizeof(left), "-%c, --%s", o->lo.val, o->lo.name);
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->lo.name,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(out, "  %-26s ", left);
		wrap(out, o->help, 29, 79);
	}
	if (cmd == C_WORKER) {
		fputs("\nExit status:\n"
		    "  0  stopped by Ctrl-C or SIGTERM\n"
		    "  2  bad usage\n"
		    "  3  could not start: database, resolver, --metrics address\n\n"
		    "Examples:\n"
		    "  uptodate worker --db postgres://uptodate@db.example/uptodate\n"
		    "  uptodate worker --db postgres://... --concurrency 2000 --metrics [::]:9187\n", out);
		return;
	}
	if (cmd == C_SERVE) {
		fputs("\nExit status:\n"
		    "  0  stopped by Ctrl-C or SIGTERM\n"
		    "  2  bad usage\n"
		    "  3  could not start: address in use, database, resolver\n\n"
		    "Examples:\n"
		    "  uptodate serve --listen [::]:8080 --base-url https://uptodate.example\n"
		    "  uptodate serve --db postgres://uptodate@db.example/uptodate\n"
		    "  uptodate serve --allow-targets 198.51.100.0/24,2001:db8::/32 \\\n"
		    "      --root-hints root.hints --trust-anchor root.key --ca-file ca.pem\n", out);
		return;
	}
	if (cmd == C_BATCH) {
		fputs("\nExit status:\n"
		    "  0    every domain of the list has its result\n"
		    "  1    the same, but some lines of the list were not domain names\n"
		    "  2    bad usage\n"
		    "  3    setup error, or the output could not be written\n"
		    "  130  interrupted (Ctrl-C): every finished result is written;\n"
		    "       run the same command with --resume for the rest\n\n"
		    "Examples:\n"
		    "  uptodate batch --output results.jsonl domains.txt\n"
		    "  uptodate batch --type both --format csv --output gov.csv gov.txt\n"
		    "  uptodate batch --resume --output results.jsonl domains.txt\n"
		    "  uptodate summarize --html overview.html results.jsonl\n", out);
		return;
	}
	fputs("\nExit status:\n"
	    "  0  every domain tested and no category failed\n"
	    "  1  a category failed or could not be tested, or a domain does not exist\n"
	    "  2  bad usage: unknown option, bad domain name, bad number\n"
	    "  3  setup error: unreadable file, resolver could not start\n\n"
	    "Examples:\n"
	    "  uptodate web example.nl\n"
	    "  uptodate mail --json example.nl example.org\n"
	    "  uptodate web --root-hints root.hints --trust-anchor root.key good.test\n\n"
	    "See uptodate(1) and doc/ for what each test checks and how it is judged.\n",
	    out);
}

struct job {
	struct event_base *base;
	int *remaining;
	char name[256];
	struct gather *g;
	struct chk_report rep;
	struct gather_stats st;
	int done, built;
};

static void
job_done(void *arg, struct gather *g)
{
	struct job *j = arg;

	j->done = 1;
	gather_stats(g, &j->st);
	j->built = chk_report_build(&j->rep, gather_facts(g)) == 0;
	/* libunbound may keep events registered: stop when the work is done. */
	if (--*j->remaining == 0)
		event_base_loopbreak(j->base);
}

/* A whole number from min to max for --opt; what names the unit in the
 * message ("milliseconds", "a number"). */
static int
parse_range(const char *opt, const char *s, long min, long max,
    const char *what, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *s == '\0' || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "uptodate: --%s wants %s from %ld to %ld, not '%s'\n",
		    opt, what, min, max, s);
		return -1;
	}
	*out = v;
	return 0;
}

static int
parse_num(const char *opt, const char *s, long max, const char *what, long *out)
{
	return parse_range(opt, s, 1, max, what, out);
}

/* The RPKI data of the run; NULL (with the reason on stderr) when a file
 * cannot be used. Skipped entries are reported, not fatal. */
static struct rpki_db *
load_rpki(const char *vrp, const char *routes)
{
	struct rpki_db *db = rpki_db_new();
	const struct rpki_counts *c;
	char why[256];

	if (db == NULL) {
		fprintf(stderr, "uptodate: out of memory\n");
		return NULL;
	}
	if (rpki_vrp_load_json(db, vrp, why, sizeof(why)) != 0) {
		fprintf(stderr, "uptodate: --vrp %s: %s\n", vrp, why);
		rpki_db_free(db);
		return NULL;
	}
	if (rpki_routes_load(db, routes, why, sizeof(why)) != 0) {
		fprintf(stderr, "uptodate: --routes %s: %s\n", routes, why);
		rpki_db_free(db);
		return NULL;
	}
	c = rpki_vrp_counts(db);
	if (c->skipped > 0)
		fprintf(stderr, "uptodate: --vrp %s: %zu entries skipped (first: "
		    "%s)\n", vrp, c->skipped, c->first_skip);
	c = rpki_route_counts(db);
	if (c->skipped > 0)
		fprintf(stderr, "uptodate: --routes %s: %zu lines skipped (first: "
		    "%s)\n", routes, c->skipped, c->first_skip);
	return db;
}

/* A DKIM selector: dot-separated labels of letters, digits, '-', '_'. */
static int
dkim_selector_ok(const char *s)
{
	size_t i, label = 0, n = strlen(s);

	if (n == 0 || n > 63 * 3)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '.') {
			if (label == 0)
				return 0;
			label = 0;
			continue;
		}
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_') ||
		    ++label > 63)
			return 0;
	}
	return label > 0;
}

static int
parse_ms(const char *opt, const char *s, uint32_t *out)
{
	long v;

	if (parse_num(opt, s, 600000, "milliseconds", &v) != 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* Thousands of tests in flight need more descriptors than the usual soft
 * limit of 1024: take what the hard limit allows. */
static void
raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static const char *
opt_name(int val)
{
	size_t i;

	for (i = 0; i < N_OPTS; i++)
		if (opt_docs[i].lo.val == val)
			return opt_docs[i].lo.name;
	return "?";
}

static unsigned
opt_cmds(int val)
{
	size_t i;

	for (i = 0; i < N_OPTS; i++)
		if (opt_docs[i].lo.val == val)
			return opt_docs[i].cmds;
	return 0;
}

static void
batch_defaults(struct batch_opts *bo)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	memset(bo, 0, sizeof(*bo));
	bo->types = BATCH_WEB;
	bo->format = BATCH_JSONL;
	bo->concurrency = 500;
	bo->threads = cores >= 1 && cores <= 256 ? (unsigned)cores : 1;
	bo->endpoint_cache = 1;
	bo->deadline_ms = 120000;
	bo->progress = isatty(STDERR_FILENO);
	bo->summary = 1;
	bo->limits[NET_CLASS_WEB].max_conns = 4;
	bo->limits[NET_CLASS_SMTP].max_conns = 1;
	bo->limits[NET_CLASS_SMTP].gap_ms = 100;
}

static int readable(const char *opt, const char *path);
static struct rpki_db *load_rpki(const char *vrp, const char *routes);

/* The files every command may name, checked before any work: EXIT_GOOD
 * (and the RPKI data in *rpki when --vrp is given), or the exit status
 * after one line on stderr. */
static int
check_inputs(const struct dns_engine_opts *dopts,
    const struct gather_env *genv, const char *vrp, const char *routes,
    struct rpki_db **rpki)
{
	*rpki = NULL;
	if ((vrp == NULL) != (routes == NULL)) {
		fprintf(stderr, "uptodate: --vrp and --routes go together (RPKI "
		    "needs both the ROAs and the routes)\n");
		return EXIT_USAGE;
	}
	if ((dopts->root_hints && !readable("root-hints", dopts->root_hints)) ||
	    (dopts->trust_anchor && !readable("trust-anchor",
	    dopts->trust_anchor)) ||
	    (genv->ca_file && !readable("ca-file", genv->ca_file)))
		return EXIT_SETUP;
	if (vrp != NULL && (*rpki = load_rpki(vrp, routes)) == NULL)
		return EXIT_SETUP;
	return EXIT_GOOD;
}

/* `uptodate batch`, after the options: the input, the checks of files,
 * then the run. */
static int
batch_cmd(struct batch_opts *bo, const struct dns_engine_opts *dopts,
    const struct gather_env *genv, int nargs, char **args, const char *vrp,
    const char *routes, const char **selectors, size_t n_sel,
    const char *ehlo, unsigned retries, int color)
{
	struct rpki_db *rpki = NULL;
	int rc;

	if (nargs > 1) {
		fprintf(stderr, "uptodate: batch reads one list of domains; "
		    "got %d arguments (see 'uptodate batch --help')\n", nargs);
		return EXIT_USAGE;
	}
	bo->input = nargs == 1 ? args[0] : "-";
	if (strcmp(bo->input, "-") == 0 && isatty(STDIN_FILENO)) {
		fprintf(stderr, "uptodate: batch: give a FILE of domains, or send "
		    "them on standard input (see 'uptodate batch --help')\n");
		return EXIT_USAGE;
	}
	if (bo->resume && bo->overwrite) {
		fprintf(stderr, "uptodate: --resume and --overwrite exclude each "
		    "other\n");
		return EXIT_USAGE;
	}
	if (bo->resume && bo->output == NULL) {
		fprintf(stderr, "uptodate: --resume continues an --output FILE; "
		    "give it\n");
		return EXIT_USAGE;
	}
	if ((rc = check_inputs(dopts, genv, vrp, routes, &rpki)) != EXIT_GOOD)
		return rc;
	bo->dns = *dopts;
	bo->genv = *genv;
	bo->genv.rpki = rpki;
	bo->genv.dkim_selectors = n_sel ? selectors : NULL;
	bo->ehlo_name = ehlo;
	bo->smtp_retries = retries;
	bo->color = color && isatty(STDERR_FILENO);
	if (bo->concurrency < bo->threads)
		bo->threads = bo->concurrency;
	rc = batch_run(bo);
	rpki_db_free(rpki);
	tls_audit_cleanup();
	return rc;
}

static void
serve_defaults(struct serve_opts *so)
{
	memset(so, 0, sizeof(*so));
	so->db = "uptodate.db";
	so->base_url = "";
	so->reuse_s = 200;
	so->max_body = 1024 * 1024;
	so->max_domains = 5000;
	so->tests_per_client = 4;
	so->http_threads = 4;
	so->max_header = 64 * 1024;
	so->conns_per_client = 64;
	so->version = UTD_VERSION;
}

/* What the engine of serve and worker needs, from the batch command's
 * options (concurrency, threads, deadline, politeness) and the test
 * options: EXIT_GOOD with *limits and *rpki to free, or the exit status. */
static int
engine_setup(struct engine_opts *eo, const struct batch_opts *bo,
    const struct dns_engine_opts *dopts, const struct gather_env *genv,
    const char *vrp, const char *routes, const char **selectors,
    size_t n_sel, const char *ehlo, unsigned retries,
    struct net_limits **limits, struct rpki_db **rpki)
{
	unsigned i;
	int rc;

	*limits = NULL;
	if ((rc = check_inputs(dopts, genv, vrp, routes, rpki)) != EXIT_GOOD)
		return rc;
	if ((*limits = net_limits_new()) == NULL) {
		fprintf(stderr, "uptodate: out of memory\n");
		rpki_db_free(*rpki);
		*rpki = NULL;
		return EXIT_SETUP;
	}
	for (i = 0; i < NET_CLASS_N; i++)
		net_limits_set(*limits, (enum net_class)i, &bo->limits[i]);
	eo->threads = bo->concurrency < bo->threads ? bo->concurrency :
	    bo->threads;
	eo->concurrency = bo->concurrency;
	eo->deadline_ms = bo->deadline_ms;
	eo->endpoint_cache = bo->endpoint_cache;
	eo->dns = *dopts;
	eo->genv = *genv;
	eo->genv.rpki = *rpki;
	eo->genv.dkim_selectors = n_sel ? selectors : NULL;
	eo->ehlo_name = ehlo;
	eo->smtp_retries = retries;
	eo->limits = *limits;
	return EXIT_GOOD;
}

static int
no_args(const char *cmd, int nargs, char **args)
{
	if (nargs == 0)
		return 0;
	fprintf(stderr, "uptodate: %s takes no arguments, got '%s' (see "
	    "'uptodate %s --help')\n", cmd, args[0], cmd);
	return -1;
}

/* `uptodate serve`, after the options. */
static int
serve_cmd(struct serve_opts *so, const struct batch_opts *bo,
    const struct dns_engine_opts *dopts, const struct gather_env *genv,
    int nargs, char **args, const char *vrp, const char *routes,
    const char **selectors, size_t n_sel, const char *ehlo, unsigned retries)
{
	struct rpki_db *rpki = NULL;
	struct net_limits *limits;
	int rc;

	if (no_args("serve", nargs, args) != 0)
		return EXIT_USAGE;
	if (so->n_listen == 0) {
		so->listen[so->n_listen++] = "127.0.0.1:8080";
		so->listen[so->n_listen++] = "[::1]:8080";
		so->listen_defaulted = 1;
	}
	if ((rc = engine_setup(&so->eng, bo, dopts, genv, vrp, routes,
	    selectors, n_sel, ehlo, retries, &limits, &rpki)) != EXIT_GOOD)
		return rc;
	/* A person who fixed a server and tests again must see the fix: no
	 * endpoint results are kept between tests (doc/serve.md). */
	so->eng.endpoint_cache = 0;
	rc = serve_run(so);
	net_limits_unref(limits);
	rpki_db_free(rpki);
	tls_audit_cleanup();
	return rc;
}

/* A worker on the database's queue: `uptodate worker`, or with feed the
 * list of `uptodate batch --db` put into the queue first. */
static int
queue_run(struct worker_opts *wo, const struct serve_opts *so,
    struct batch_opts *bo, const struct dns_engine_opts *dopts,
    const struct gather_env *genv, const char *vrp, const char *routes,
    const char **selectors, size_t n_sel, const char *ehlo, unsigned retries,
    int feed)
{
	struct rpki_db *rpki = NULL;
	struct net_limits *limits;
	int rc;

	wo->db = so->db;
	wo->reuse_s = so->reuse_s;
	wo->version = UTD_VERSION;
	if ((rc = engine_setup(&wo->eng, bo, dopts, genv, vrp, routes,
	    selectors, n_sel, ehlo, retries, &limits, &rpki)) != EXIT_GOOD)
		return rc;
	rc = feed ? batch_db_run(bo, wo) : worker_run(wo);
	net_limits_unref(limits);
	rpki_db_free(rpki);
	tls_audit_cleanup();
	return rc;
}

/* `uptodate worker`, after the options. */
static int
worker_cmd(struct worker_opts *wo, const struct serve_opts *so,
    struct batch_opts *bo, const struct dns_engine_opts *dopts,
    const struct gather_env *genv, int nargs, char **args, const char *vrp,
    const char *routes, const char **selectors, size_t n_sel,
    const char *ehlo, unsigned retries)
{
	if (no_args("worker", nargs, args) != 0)
		return EXIT_USAGE;
	return queue_run(wo, so, bo, dopts, genv, vrp, routes, selectors,
	    n_sel, ehlo, retries, 0);
}

/* `uptodate batch --db URL`: the list through the database's queue. */
static int
batch_db_cmd(struct worker_opts *wo, const struct serve_opts *so,
    struct batch_opts *bo, const struct dns_engine_opts *dopts,
    const struct gather_env *genv, int nargs, char **args, const char *vrp,
    const char *routes, const char **selectors, size_t n_sel,
    const char *ehlo, unsigned retries)
{
	if (nargs > 1) {
		fprintf(stderr, "uptodate: batch reads one list of domains; "
		    "got %d arguments (see 'uptodate batch --help')\n", nargs);
		return EXIT_USAGE;
	}
	if (bo->resume) {
		fprintf(stderr, "uptodate: --resume does not go with --db: the "
		    "database keeps the state of its requests\n");
		return EXIT_USAGE;
	}
	bo->input = nargs == 1 ? args[0] : "-";
	return queue_run(wo, so, bo, dopts, genv, vrp, routes, selectors,
	    n_sel, ehlo, retries, 1);
}

static int
readable(const char *opt, const char *path)
{
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		fprintf(stderr, "uptodate: --%s %s: %s\n", opt, path, strerror(errno));
		return 0;
	}
	fclose(f);
	return 1;
}

int
main(int argc, char **argv)
{
	struct option lopts[N_OPTS + 1];
	struct dns_engine_opts dopts = { 0 };
	struct gather_env genv = { 0 };
	struct event_base *base = NULL;
	struct net *net = NULL;
	struct dns_engine *dns = NULL;
	struct net_curl *curl = NULL;
	struct job *jobs = NULL;
	enum fx_kind kind;
	int json = 0, pretty = 0, verbose = 0, color, c, i, n, rc = EXIT_GOOD,
	    remaining;
	const char *html = NULL, *vrp = NULL, *routes = NULL;
	struct rpki_db *rpki = NULL;
	FILE *hf = NULL;
	long per_addr = -1, gap = -1, retries = 2;
	const char *selectors[17] = { NULL };
	size_t n_sel = 0;
	const char *ehlo = NULL;
	struct mx_cache *mxc = NULL;
	struct mx_cache_opts mo;
	char *err = NULL;
	size_t k;
	unsigned cmd;
	struct batch_opts bo;
	struct serve_opts so;
	struct worker_opts wo;
	int db_given = 0;
	long num;

	raise_fd_limit();
	for (k = 0; k < N_OPTS; k++)
		lopts[k] = opt_docs[k].lo;
	memset(&lopts[N_OPTS], 0, sizeof(lopts[N_OPTS]));
	color = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0)) {
		usage(stdout, C_ONE);
		return EXIT_GOOD;
	}
	if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
		puts("uptodate " UTD_VERSION);
		return EXIT_GOOD;
	}
	if (argc < 2) {
		fprintf(stderr, "uptodate: say what to test: 'uptodate web DOMAIN' or "
		    "'uptodate mail DOMAIN' (see --help)\n");
		return EXIT_USAGE;
	}
	cmd = C_ONE;
	kind = FX_WEB;
	if (strcmp(argv[1], "web") == 0)
		kind = FX_WEB;
	else if (strcmp(argv[1], "mail") == 0)
		kind = FX_MAIL;
	else if (strcmp(argv[1], "batch") == 0)
		cmd = C_BATCH;
	else if (strcmp(argv[1], "serve") == 0)
		cmd = C_SERVE;
	else if (strcmp(argv[1], "worker") == 0)
		cmd = C_WORKER;
	else if (strcmp(argv[1], "summarize") == 0)
		return summarize_main(argc - 1, argv + 1, UTD_VERSION);
	else if (strcmp(argv[1], "user") == 0)
		return user_main(argc - 1, argv + 1, UTD_VERSION);
	else {
		fprintf(stderr, "uptodate: unknown command '%s': use web, mail, "
		    "batch, summarize, serve, worker or user (see --help)\n",
		    argv[1]);
		return EXIT_USAGE;
	}
	batch_defaults(&bo);
	serve_defaults(&so);
	memset(&wo, 0, sizeof(wo));
	wo.share_limits = wo.share_mx = 1;
	argc--;
	argv++;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hV", lopts, NULL)) != -1) {
		if (c != ':' && c != '?' && !(opt_cmds(c) & cmd)) {
			fprintf(stderr, "uptodate: --%s is not an option of '%s' "
			    "(see 'uptodate %s --help')\n", opt_name(c), argv[0],
			    argv[0]);
			return EXIT_USAGE;
		}
		switch (c) {
		case OPT_TYPE:
			if (strcmp(optarg, "web") == 0)
				bo.types = BATCH_WEB;
			else if (strcmp(optarg, "mail") == 0)
				bo.types = BATCH_MAIL;
			else if (strcmp(optarg, "both") == 0)
				bo.types = BATCH_WEB | BATCH_MAIL;
			else {
				fprintf(stderr, "uptodate: --type wants web, mail "
				    "or both, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "jsonl") == 0)
				bo.format = BATCH_JSONL;
			else if (strcmp(optarg, "csv") == 0)
				bo.format = BATCH_CSV;
			else {
				fprintf(stderr, "uptodate: --format wants jsonl or "
				    "csv, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_OUTPUT: bo.output = optarg; break;
		case OPT_RESUME: bo.resume = 1; break;
		case OPT_OVERWRITE: bo.overwrite = 1; break;
		case OPT_NO_CACHE: bo.endpoint_cache = 0; break;
		case OPT_PROGRESS: bo.progress = 1; break;
		case OPT_NO_PROGRESS: bo.progress = 0; break;
		case OPT_NO_SUMMARY: bo.summary = 0; break;
		case OPT_CONCURRENCY:
			if (parse_num("concurrency", optarg, 100000, "a number",
			    &num) != 0)
				return EXIT_USAGE;
			bo.concurrency = (unsigned)num;
			break;
		case OPT_THREADS:
			if (parse_num("threads", optarg, 256, "a number", &num) != 0)
				return EXIT_USAGE;
			bo.threads = (unsigned)num;
			break;
		case OPT_DEADLINE:
			if (parse_range("deadline", optarg, 1000, 3600000,
			    "milliseconds", &num) != 0)
				return EXIT_USAGE;
			bo.deadline_ms = (uint32_t)num;
			break;
		case OPT_WEB_CONNS:
		case OPT_SMTP_CONNS:
			if (parse_num(c == OPT_WEB_CONNS ? "web-conns" :
			    "smtp-conns", optarg, 64, "a number", &num) != 0)
				return EXIT_USAGE;
			bo.limits[c == OPT_WEB_CONNS ? NET_CLASS_WEB :
			    NET_CLASS_SMTP].max_conns = (unsigned)num;
			break;
		case OPT_WEB_RATE:
		case OPT_SMTP_RATE:
			if (parse_range(c == OPT_WEB_RATE ? "web-rate" :
			    "smtp-rate", optarg, 0, 1000, "connections a second",
			    &num) != 0)
				return EXIT_USAGE;
			bo.limits[c == OPT_WEB_RATE ? NET_CLASS_WEB :
			    NET_CLASS_SMTP].gap_ms = num ? (uint32_t)(1000 / num) : 0;
			break;
		case OPT_LISTEN:
			if (so.n_listen == SERVE_LISTEN_MAX) {
				fprintf(stderr, "uptodate: at most %d --listen "
				    "addresses\n", SERVE_LISTEN_MAX);
				return EXIT_USAGE;
			}
			so.listen[so.n_listen++] = optarg;
			break;
		case OPT_DB: so.db = optarg; db_given = 1; break;
		case OPT_BASE_URL:
			if (strncmp(optarg, "http://", 7) != 0 &&
			    strncmp(optarg, "https://", 8) != 0) {
				fprintf(stderr, "uptodate: --base-url wants an "
				    "http:// or https:// URL, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			so.base_url = optarg;
			break;
		case OPT_REUSE:
			if (parse_range("reuse", optarg, 0, 86400 * 30, "seconds",
			    &num) != 0)
				return EXIT_USAGE;
			so.reuse_s = (unsigned)num;
			break;
		case OPT_ALLOW_TARGETS: so.allow_targets = optarg; break;
		case OPT_MAX_BODY:
			if (parse_range("max-body", optarg, 1024, 64 * 1024 * 1024,
			    "bytes", &num) != 0)
				return EXIT_USAGE;
			so.max_body = (size_t)num;
			break;
		case OPT_MAX_DOMAINS:
			if (parse_num("max-domains", optarg, 1000000, "a number",
			    &num) != 0)
				return EXIT_USAGE;
			so.max_domains = (unsigned)num;
			break;
		case OPT_TESTS_PER_CLIENT:
			if (parse_num("tests-per-client", optarg, 1000, "a number",
			    &num) != 0)
				return EXIT_USAGE;
			so.tests_per_client = (unsigned)num;
			break;
		case OPT_USER: so.user = optarg; break;
		case OPT_CONN_ZONE: so.conn_zone = optarg; break;
		case OPT_CONN_ADDR:
			if (so.n_conn_addr >= 2) {
				fprintf(stderr, "uptodate: --conn-addr: at most two (one "
				    "IPv4, one IPv6)\n");
				return EXIT_USAGE;
			}
			so.conn_addr[so.n_conn_addr++] = optarg;
			break;
		case OPT_CONN_KEYS: so.conn_keys = optarg; break;
		case OPT_CONN_KEEP:
			if (parse_range("conn-keep", optarg, 10, 86400, "seconds",
			    &num) != 0)
				return EXIT_USAGE;
			so.conn_keep_s = (unsigned)num;
			break;
		case OPT_CONN_DNS_PORT:
			if (parse_range("conn-dns-port", optarg, 1, 65535, "a port",
			    &num) != 0)
				return EXIT_USAGE;
			so.conn_dns_port = (unsigned)num;
			break;
		case OPT_CONN_DNS_RATE:
			if (parse_range("conn-dns-rate", optarg, 0, 1000000,
			    "answers a second", &num) != 0)
				return EXIT_USAGE;
			so.conn_dns_rate = num == 0 ? -1 : (int)num;
			break;
		case OPT_MAX_HEADER:
			if (parse_range("max-header", optarg, 4096, 16 * 1024 * 1024,
			    "bytes", &num) != 0)
				return EXIT_USAGE;
			so.max_header = (size_t)num;
			break;
		case OPT_CONNS_PER_CLIENT:
			if (parse_num("conns-per-client", optarg, 100000, "a number",
			    &num) != 0)
				return EXIT_USAGE;
			so.conns_per_client = (unsigned)num;
			break;
		case OPT_HTTP_THREADS:
			if (parse_num("http-threads", optarg, 64, "a number",
			    &num) != 0)
				return EXIT_USAGE;
			so.http_threads = (unsigned)num;
			break;
		case OPT_LEASE:
			if (parse_range("lease", optarg, 5, 3600, "seconds",
			    &num) != 0)
				return EXIT_USAGE;
			so.lease_s = wo.lease_s = (unsigned)num;
			break;
		case OPT_MAX_ATTEMPTS:
			if (parse_num("max-attempts", optarg, 100, "a number",
			    &num) != 0)
				return EXIT_USAGE;
			so.max_attempts = wo.max_attempts = (unsigned)num;
			break;
		case OPT_METRICS: wo.metrics = optarg; break;
		case OPT_NO_BATCH_WORK: so.no_batch_work = 1; break;
		case OPT_NO_SHARED_LIMITS: wo.share_limits = 0; break;
		case OPT_NO_SHARED_CACHE: wo.share_mx = 0; break;
		case OPT_WORKER_ID: wo.id = optarg; break;
		case OPT_JSON: json = 1; break;
		case OPT_PRETTY: pretty = 1; break;
		case OPT_HTML: html = optarg; break;
		case OPT_VRP: vrp = optarg; break;
		case OPT_ROUTES: routes = optarg; break;
		case OPT_VERBOSE: verbose = 1; break;
		case OPT_ROOT_HINTS: dopts.root_hints = optarg; break;
		case OPT_TRUST_ANCHOR: dopts.trust_anchor = optarg; break;
		case OPT_RESOLVER: dopts.resolver = optarg; break;
		case OPT_TIMEOUT:
			if (parse_ms("timeout", optarg, &dopts.timeout_ms) != 0)
				return EXIT_USAGE;
			break;
		case OPT_PROBE_TIMEOUT:
			if (parse_ms("probe-timeout", optarg, &genv.probe_timeout_ms) != 0)
				return EXIT_USAGE;
			break;
		case OPT_HTTP_TIMEOUT:
			if (parse_ms("http-timeout", optarg, &genv.http_timeout_ms) != 0)
				return EXIT_USAGE;
			break;
		case OPT_CA_FILE: genv.ca_file = optarg; break;
		case OPT_PER_ADDR:
			if (parse_num("max-conns-per-address", optarg, 64, "a number",
			    &per_addr) != 0)
				return EXIT_USAGE;
			break;
		case OPT_GAP:
			if (parse_range("connect-gap", optarg, 0, 60000,
			    "milliseconds", &gap) != 0)
				return EXIT_USAGE;
			break;
		case OPT_SMTP_RETRIES:
			if (parse_range("smtp-retries", optarg, 0, 10, "a number",
			    &retries) != 0)
				return EXIT_USAGE;
			break;
		case OPT_DKIM_SELECTOR:
			if (n_sel >= 16 || !dkim_selector_ok(optarg)) {
				fprintf(stderr, "uptodate: --dkim-selector '%s': %s\n",
				    optarg, n_sel >= 16 ? "at most 16 selectors" :
				    "not a selector (letters, digits, '-', '_', '.')");
				return EXIT_USAGE;
			}
			selectors[n_sel++] = optarg;
			break;
		case OPT_EHLO_NAME: ehlo = optarg; break;
		case OPT_NO_COLOR: color = 0; break;
		case OPT_NO_VALIDATION: dopts.no_validation = 1; break;
		case OPT_HELP: usage(stdout, cmd); return EXIT_GOOD;
		case OPT_VERSION: puts("uptodate " UTD_VERSION); return EXIT_GOOD;
		case ':':
			fprintf(stderr, "uptodate: option %s needs a value (see --help)\n",
			    argv[optind - 1]);
			return EXIT_USAGE;
		default:
			fprintf(stderr, "uptodate: unknown option '%s' (see --help)\n",
			    argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	n = argc - optind;
	if (cmd == C_WORKER)
		return worker_cmd(&wo, &so, &bo, &dopts, &genv, n, argv + optind,
		    vrp, routes, selectors, n_sel, ehlo, (unsigned)retries);
	if (cmd == C_SERVE)
		return serve_cmd(&so, &bo, &dopts, &genv, n, argv + optind, vrp,
		    routes, selectors, n_sel, ehlo, (unsigned)retries);
	if (cmd == C_BATCH && db_given)
		return batch_db_cmd(&wo, &so, &bo, &dopts, &genv, n, argv + optind,
		    vrp, routes, selectors, n_sel, ehlo, (unsigned)retries);
	if (cmd == C_BATCH)
		return batch_cmd(&bo, &dopts, &genv, argc - optind, argv + optind,
		    vrp, routes, selectors, n_sel, ehlo, (unsigned)retries, color);
	if (n < 1) {
		fprintf(stderr, "uptodate: no domain given (e.g. 'uptodate %s example.nl')\n",
		    kind == FX_WEB ? "web" : "mail");
		return EXIT_USAGE;
	}
	if (n > 10000) {
		fprintf(stderr, "uptodate: %d domains at once is more than 10000; use batch\n", n);
		return EXIT_USAGE;
	}
	if ((jobs = calloc((size_t)n, sizeof(*jobs))) == NULL) {
		fprintf(stderr, "uptodate: out of memory\n");
		return EXIT_SETUP;
	}
	for (i = 0; i < n; i++) {
		const char *why = NULL;

		if (dns_name_normalise(argv[optind + i], jobs[i].name,
		    sizeof(jobs[i].name), &why) != 0) {
			fprintf(stderr, "uptodate: '%s' is not a domain name: %s\n",
			    argv[optind + i], why);
			free(jobs);
			return EXIT_USAGE;
		}
	}
	if ((rc = check_inputs(&dopts, &genv, vrp, routes, &rpki)) !=
	    EXIT_GOOD) {
		free(jobs);
		return rc;
	}
	if (html != NULL && (hf = fopen(html, "w")) == NULL) {
		fprintf(stderr, "uptodate: --html %s: %s\n", html, strerror(errno));
		free(jobs);
		return EXIT_SETUP;
	}
	if ((base = event_base_new()) == NULL || (net = net_new(base)) == NULL) {
		fprintf(stderr, "uptodate: cannot start the event loop\n");
		rc = EXIT_SETUP;
		goto out;
	}
	/* Politeness: mail servers get one connection at a time, spaced. */
	if (per_addr < 0)
		per_addr = kind == FX_MAIL ? 1 : 4;
	if (gap < 0)
		gap = kind == FX_MAIL ? 100 : 0;
	{
		struct net_limit lim = { (unsigned)per_addr, (uint32_t)gap };

		net_set_limit(net, kind == FX_MAIL ? NET_CLASS_SMTP :
		    NET_CLASS_WEB, &lim);
	}
	if ((dns = dns_engine_new(net, &dopts, &err)) == NULL) {
		fprintf(stderr, "uptodate: %s\n", err ? err : "cannot start the resolver");
		free(err);
		rc = EXIT_SETUP;
		goto out;
	}
	if ((curl = net_curl_new(net)) == NULL) {
		fprintf(stderr, "uptodate: cannot start the HTTP client\n");
		rc = EXIT_SETUP;
		goto out;
	}
	genv.net = net;
	genv.dns = dns;
	genv.curl = curl;
	genv.dkim_selectors = n_sel ? selectors : NULL;
	genv.rpki = rpki;
	if (kind == FX_MAIL) {
		memset(&mo, 0, sizeof(mo));
		mo.ehlo_name = ehlo;
		mo.ca_file = genv.ca_file;
		mo.timeout_ms = genv.probe_timeout_ms;
		mo.retries = (unsigned)retries;
		if ((mxc = mx_cache_new(net, &mo)) == NULL) {
			fprintf(stderr, "uptodate: out of memory\n");
			rc = EXIT_SETUP;
			goto out;
		}
		genv.mx_cache = mxc;
	}
	remaining = n;
	for (i = 0; i < n; i++) {
		jobs[i].base = base;
		jobs[i].remaining = &remaining;
		jobs[i].g = gather_start(&genv, kind, jobs[i].name, job_done, &jobs[i]);
		if (jobs[i].g == NULL) {
			fprintf(stderr, "uptodate: out of memory\n");
			rc = EXIT_SETUP;
			goto out;
		}
	}
	event_base_dispatch(base);

	if (hf != NULL)
		report_html_begin(hf, n == 1 ? jobs[0].name : "uptodate report");
	for (i = 0; i < n; i++) {
		struct job *j = &jobs[i];

		if (!j->done || !j->built) {
			fprintf(stderr, "uptodate: %s: test did not complete\n", j->name);
			rc = EXIT_SETUP;
			continue;
		}
		if (hf != NULL)
			report_html_domain(hf, &j->rep);
		if (json) {
			json_t *o = report_json(&j->rep, &j->st);

			json_dumpf(o, stdout, (pretty ? JSON_INDENT(2) : JSON_COMPACT) |
			    JSON_PRESERVE_ORDER);
			fputc('\n', stdout);
			json_decref(o);
		} else {
			if (i > 0)
				fputc('\n', stdout);
			report_text(stdout, &j->rep, color, verbose);
		}
		if (chk_report_has_failure(&j->rep) && rc == EXIT_GOOD)
			rc = EXIT_FINDINGS;
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, "uptodate: writing the report: %s\n", strerror(errno));
		rc = EXIT_SETUP;
	}
	if (hf != NULL) {
		report_html_end(hf, UTD_VERSION);
		if (ferror(hf) | fclose(hf)) {
			fprintf(stderr, "uptodate: writing %s: %s\n", html,
			    strerror(errno));
			rc = EXIT_SETUP;
		}
		hf = NULL;
	}
out:
	if (hf != NULL)
		fclose(hf);
	for (i = 0; jobs != NULL && i < n; i++) {
		if (jobs[i].built)
			chk_report_clear(&jobs[i].rep);
		gather_free(jobs[i].g);
	}
	free(jobs);
	mx_cache_free(mxc);
	rpki_db_free(rpki);
	net_curl_free(curl);
	dns_engine_free(dns);
	net_free(net);
	if (base != NULL)
		event_base_free(base);
	tls_audit_cleanup();
	return rc;
}
