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
#include <unistd.h>

#include "checks/report.h"
#include "dns/dns.h"
#include "gather/gather.h"
#include "gather/mxcache.h"
#include "net/conn.h"
#include "net/curl.h"
#include "net/net.h"
#include "report/report.h"
#include "rpki/rpki.h"

#define UTD_VERSION "0.1.0"

enum { EXIT_GOOD = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_SETUP = 3 };

/* The option table drives getopt and --help alike. */
enum opt_id {
	OPT_JSON = 256, OPT_PRETTY, OPT_ROOT_HINTS, OPT_TRUST_ANCHOR, OPT_RESOLVER,
	OPT_TIMEOUT, OPT_PROBE_TIMEOUT, OPT_HTTP_TIMEOUT, OPT_CA_FILE, OPT_PER_ADDR,
	OPT_NO_COLOR,
	OPT_NO_VALIDATION, OPT_DKIM_SELECTOR, OPT_EHLO_NAME, OPT_GAP,
	OPT_SMTP_RETRIES, OPT_HTML, OPT_VERBOSE, OPT_VRP, OPT_ROUTES,
	OPT_HELP = 'h', OPT_VERSION = 'V',
};
struct opt_doc {
	struct option lo;
	const char *arg, *help;
};
static const struct opt_doc opt_docs[] = {
	{ { "json", no_argument, NULL, OPT_JSON }, NULL,
	  "print one JSON object per domain (batch API v2 shape plus details)" },
	{ { "pretty", no_argument, NULL, OPT_PRETTY }, NULL,
	  "indent the JSON" },
	{ { "html", required_argument, NULL, OPT_HTML }, "FILE",
	  "also write a standalone HTML report (all domains) to FILE" },
	{ { "verbose", no_argument, NULL, OPT_VERBOSE }, NULL,
	  "terminal report: add the evidence and how to fix what is not passed" },
	{ { "root-hints", required_argument, NULL, OPT_ROOT_HINTS }, "FILE",
	  "resolve from these root servers instead of the Internet's" },
	{ { "trust-anchor", required_argument, NULL, OPT_TRUST_ANCHOR }, "FILE",
	  "DNSSEC trust anchor (DS or DNSKEY records) instead of the root key" },
	{ { "resolver", required_argument, NULL, OPT_RESOLVER }, "ADDR",
	  "forward DNS queries to this validating resolver instead of iterating" },
	{ { "timeout", required_argument, NULL, OPT_TIMEOUT }, "MS",
	  "deadline of each DNS lookup (default 10000)" },
	{ { "probe-timeout", required_argument, NULL, OPT_PROBE_TIMEOUT }, "MS",
	  "deadline of each connection and direct name-server query (default 5000)" },
	{ { "ca-file", required_argument, NULL, OPT_CA_FILE }, "FILE",
	  "trusted CA certificates (PEM) instead of the system store" },
	{ { "http-timeout", required_argument, NULL, OPT_HTTP_TIMEOUT }, "MS",
	  "deadline of each HTTP(S) request of the website test (default 10000)" },
	{ { "max-conns-per-address", required_argument, NULL, OPT_PER_ADDR }, "N",
	  "connections open at once to one server address, 1-64 (default 4 for "
	  "web, 1 for mail)" },
	{ { "connect-gap", required_argument, NULL, OPT_GAP }, "MS",
	  "least time between two connects to one address (default 0 for web, "
	  "100 for mail)" },
	{ { "dkim-selector", required_argument, NULL, OPT_DKIM_SELECTOR }, "NAME",
	  "mail: also fetch and judge the DKIM key of this selector (repeatable)" },
	{ { "ehlo-name", required_argument, NULL, OPT_EHLO_NAME }, "NAME",
	  "mail: the name to say in EHLO (default uptodate.invalid)" },
	{ { "smtp-retries", required_argument, NULL, OPT_SMTP_RETRIES }, "N",
	  "mail: tries after a 421/4xx or an early close, pausing 1 s, 2 s, ... "
	  "(default 2)" },
	{ { "no-color", no_argument, NULL, OPT_NO_COLOR }, NULL,
	  "plain text even on a terminal" },
	{ { "no-validation", no_argument, NULL, OPT_NO_VALIDATION }, NULL,
	  "do not validate DNSSEC (every answer counts as insecure)" },
	{ { "vrp", required_argument, NULL, OPT_VRP }, "FILE",
	  "RPKI: validated ROA payloads, rpki-client -j JSON (with --routes)" },
	{ { "routes", required_argument, NULL, OPT_ROUTES }, "FILE",
	  "RPKI: routing table, lines of 'prefix origin-AS' (with --vrp)" },
	{ { "help", no_argument, NULL, OPT_HELP }, NULL, "show this help" },
	{ { "version", no_argument, NULL, OPT_VERSION }, NULL, "show the version" },
};
#define N_OPTS (sizeof(opt_docs) / sizeof(opt_docs[0]))

static void
usage(FILE *out)
{
	size_t i;
	char left[40];

	fputs("uptodate " UTD_VERSION " - is this domain up to date with the modern "
	    "Internet standards?\n\n"
	    "Usage:\n"
	    "  uptodate web  [OPTIONS] DOMAIN...   test websites: IPv6, DNSSEC, HTTPS\n"
	    "  uptodate mail [OPTIONS] DOMAIN...   test mail domains: IPv6, DNSSEC\n\n"
	    "Every domain is tested at once; reports come in the order given.\n\n"
	    "Options:\n", out);
	for (i = 0; i < N_OPTS; i++) {
		const struct opt_doc *o = &opt_docs[i];

		if (o->lo.val < 256)
			snprintf(left, sizeof(left), "-%c, --%s", o->lo.val, o->lo.name);
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->lo.name,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(out, "  %-26s %s\n", left, o->help);
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

	for (k = 0; k < N_OPTS; k++)
		lopts[k] = opt_docs[k].lo;
	memset(&lopts[N_OPTS], 0, sizeof(lopts[N_OPTS]));
	color = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0)) {
		usage(stdout);
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
	if (strcmp(argv[1], "web") == 0)
		kind = FX_WEB;
	else if (strcmp(argv[1], "mail") == 0)
		kind = FX_MAIL;
	else {
		fprintf(stderr, "uptodate: unknown command '%s': use web or mail (see --help)\n",
		    argv[1]);
		return EXIT_USAGE;
	}
	argc--;
	argv++;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hV", lopts, NULL)) != -1) {
		switch (c) {
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
		case OPT_HELP: usage(stdout); return EXIT_GOOD;
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
	if ((dopts.root_hints && !readable("root-hints", dopts.root_hints)) ||
	    (dopts.trust_anchor && !readable("trust-anchor", dopts.trust_anchor)) ||
	    (genv.ca_file && !readable("ca-file", genv.ca_file))) {
		free(jobs);
		return EXIT_SETUP;
	}

	if ((vrp == NULL) != (routes == NULL)) {
		fprintf(stderr, "uptodate: --vrp and --routes go together (RPKI "
		    "needs both the ROAs and the routes)\n");
		free(jobs);
		return EXIT_USAGE;
	}
	if (vrp != NULL && (rpki = load_rpki(vrp, routes)) == NULL) {
		free(jobs);
		return EXIT_SETUP;
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
	net_set_per_addr_limit(net, (unsigned)per_addr);
	net_set_per_addr_gap(net, (uint32_t)gap);
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
	return rc;
}
