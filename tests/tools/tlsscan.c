/*
 * tlsscan: run the TLS endpoint scanner once and print what it found, in
 * the oracle's normalised form (tests/oracle/testssl-versions-suites):
 * sorted "VERSION SUITE_IANA_NAME" lines, then "connections N". With -v
 * also the groups, order policies, DHE primes and other facts, as
 * "# ..." lines after those, and a trace of every probe on stderr.
 *
 * usage: tlsscan [-v] [-t TIMEOUT_MS] [-n MAX_CONNS] ADDR PORT [SNI]
 * Exit status: 0 when the scan completed (status ok), 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "net/conn.h"
#include "net/net.h"
#include "tls/hello.h"
#include "tls/scan.h"

struct run {
	int verbose;
	int done;
	int status;
};

static const char *
oracle_version(uint16_t v)
{
	switch (v) {
	case TLS_SSL2:
		return "SSLv2";
	case TLS_SSL3:
		return "SSLv3";
	case TLS_V1_0:
		return "TLSv1.0";
	case TLS_V1_1:
		return "TLSv1.1";
	case TLS_V1_2:
		return "TLSv1.2";
	default:
		return "TLSv1.3";
	}
}

static int
line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
print_groups(const char *what, const struct tls_scan_groups *g)
{
	size_t i;

	printf("# %s on %s: %s order=%s%s%s:", what,
	    g->version ? tls_version_name(g->version) : "-",
	    g->complete ? "complete" : "incomplete", tls_order_str(g->order),
	    g->err ? " err=" : "", g->err ? tls_scan_status_code(g->err) : "");
	for (i = 0; i < g->n; i++)
		printf(" %s", tls_group_name(g->ids[i]));
	printf("\n");
}

static void
print_verbose(const struct tls_scan *s)
{
	size_t i, k;

	for (i = 0; i < TLS_SCAN_NVERSIONS; i++) {
		const struct tls_scan_version *v = &s->v[i];

		printf("# %s accepted=%s conns=%u", oracle_version(v->version),
		    tls_tri_str(v->accepted), v->connections);
		if (v->accepted == TLS_TRI_YES)
			printf(" suites=%zu complete=%d order=%s", v->n_suites,
			    v->complete, tls_order_str(v->order));
		if (v->err != TLS_SCAN_OK)
			printf(" err=%s", tls_scan_status_code(v->err));
		if (v->why[0] != '\0')
			printf(" (%s)", v->why);
		printf("\n");
		if (v->accepted == TLS_TRI_YES && v->n_suites > 0) {
			printf("#   order:");
			for (k = 0; k < v->n_suites; k++)
				printf(" %s", tls_suite_name(v->suites[k]));
			printf("\n");
		}
	}
	print_groups("groups", &s->groups13);
	print_groups("curves", &s->groups12);
	for (i = 0; i < s->n_dhe; i++)
		printf("# dhe %u bits %s\n", s->dhe[i].bits, s->dhe[i].group ?
		    tls_group_name((uint16_t)s->dhe[i].group) : "custom");
	printf("# kex sha1=%s sha224=%s%s%s\n", tls_tri_str(s->kex_sha1),
	    tls_tri_str(s->kex_sha224), s->kex_err ? " err=" : "",
	    s->kex_err ? tls_scan_status_code(s->kex_err) : "");
	printf("# compression=%s secure_reneg=%s ems=%s alpn=%s h2=%s\n",
	    tls_tri_str(s->compression), tls_tri_str(s->secure_reneg),
	    tls_tri_str(s->ems), s->alpn[0] ? s->alpn : "-",
	    tls_tri_str(s->alpn_h2));
	printf("# status=%s%s%s elapsed=%u ms\n",
	    tls_scan_status_code(s->status), s->why[0] ? " " : "", s->why,
	    s->elapsed_ms);
}

static void
scan_done(void *arg, const struct tls_scan *s)
{
	struct run *r = arg;
	char *lines[TLS_SCAN_NVERSIONS * TLS_SCAN_MAX_SUITES +
	    TLS_SCAN_MAX_SSL2];
	size_t n = 0, i, k;

	r->done = 1;
	r->status = s->status;
	for (i = 0; i < TLS_SCAN_NVERSIONS; i++) {
		const struct tls_scan_version *v = &s->v[i];
		char buf[160];

		if (v->accepted != TLS_TRI_YES)
			continue;
		for (k = 0; k < v->n_ssl2_specs; k++) {
			snprintf(buf, sizeof(buf), "%s %s",
			    oracle_version(v->version),
			    tls_ssl2_spec_name(v->ssl2_specs[k]));
			if ((lines[n] = strdup(buf)) != NULL)
				n++;
		}
		for (k = 0; k < v->n_suites; k++) {
			snprintf(buf, sizeof(buf), "%s %s",
			    oracle_version(v->version),
			    tls_suite_name(v->suites[k]));
			if ((lines[n] = strdup(buf)) != NULL)
				n++;
		}
	}
	qsort(lines, n, sizeof(lines[0]), line_cmp);
	for (i = 0; i < n; i++) {
		printf("%s\n", lines[i]);
		free(lines[i]);
	}
	printf("connections %u\n", s->connections);
	if (s->status != TLS_SCAN_OK)
		printf("error %s %s\n", tls_scan_status_code(s->status),
		    s->why);
	if (r->verbose)
		print_verbose(s);
}

static void
trace_line(void *arg, const char *line)
{
	fprintf(stderr, "%s\n", line);
}

static void
usage(void)
{
	fprintf(stderr, "usage: tlsscan [-v] [-t TIMEOUT_MS] [-n MAX_CONNS] "
	    "ADDR PORT [SNI]\n");
	exit(2);
}

static unsigned long
number(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*s == '\0' || *end != '\0')
		usage();
	return v;
}

int
main(int argc, char **argv)
{
	struct tls_scan_opts o = { 0 };
	struct run r = { 0 };
	struct event_base *base;
	struct net *net;
	struct net_addr addr;
	struct tls_scan_job *job;
	unsigned long port;
	int c;

	while ((c = getopt(argc, argv, "vt:n:")) != -1) {
		switch (c) {
		case 'v':
			r.verbose = 1;
			o.trace = trace_line;
			break;
		case 't':
			o.timeout_ms = (uint32_t)number(optarg);
			break;
		case 'n':
			o.max_conns = (unsigned)number(optarg);
			break;
		default:
			usage();
		}
	}
	if (argc - optind < 2 || argc - optind > 3)
		usage();
	if (net_addr_parse(&addr, argv[optind]) != 0)
		usage();
	port = number(argv[optind + 1]);
	if (port == 0 || port > 65535)
		usage();
	if ((base = event_base_new()) == NULL ||
	    (net = net_new(base)) == NULL) {
		fprintf(stderr, "tlsscan: out of memory\n");
		return 1;
	}
	job = tls_scan_start(net, &addr, (uint16_t)port,
	    argc - optind == 3 ? argv[optind + 2] : NULL, &o, scan_done, &r);
	if (job == NULL) {
		fprintf(stderr, "tlsscan: cannot start the scan\n");
		return 1;
	}
	while (!r.done && event_base_loop(base, EVLOOP_ONCE) == 0)
		;
	net_free(net);
	event_base_free(base);
	return r.done && r.status == TLS_SCAN_OK ? 0 : 1;
}
