/*
 * vrp_load: how fast the rpki module loads a full VRP set and answers
 * route origin validation for addresses.
 *
 * Generates, from a fixed seed, an rpki-client -j style file of 500,000
 * VRPs (440,000 IPv4 and 60,000 IPv6, in clusters like real allocations:
 * a covering ROA and more-specifics of the same or another AS, maxLength
 * sometimes past the length) and a routing table of 1,000,000 routes
 * (the VRPs' own prefixes, some under another origin, more-specifics, and
 * space no VRP covers: 112-223/8 and 3000::/4, while the VRPs stay in
 * 1-111/8 and 2000::/4). Then times rpki_vrp_load_json (wall and CPU, median of
 * 5 runs, a fresh db each), the routes load, and 1,000,000
 * rpki_validate_addr lookups (90 % inside a route, 10 % anywhere).
 *
 *   bench/vrp_load [SEED]      files go to /tmp/uptodate-bench-*.{json,txt}
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <arpa/inet.h>

#include "rpki/rpki.h"

#define N_VRP4    440000
#define N_VRP6    60000
#define N_ROUTES  1000000
#define N_LOOKUPS 1000000
#define RUNS      5

static uint64_t rng_state;

/* splitmix64: small, fast, the same sequence everywhere. */
static uint64_t
rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned
below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

struct pfx {
	uint8_t a[16];
	uint8_t v6, len, max_len;
	uint32_t asn;
};

static void
mask(uint8_t *a, unsigned len, unsigned width)
{
	unsigned i;

	for (i = 0; i < width; i++) {
		if (len >= 8 * (i + 1))
			continue;
		a[i] = len <= 8 * i ? 0 :
		    (uint8_t)(a[i] & (0xffu << (8 - (len - 8 * i))));
	}
}

static void
random_bits(uint8_t *a, unsigned from, unsigned width)
{
	unsigned i;
	uint64_t r = rnd(), r2 = rnd();

	for (i = from / 8; i < width; i++) {
		uint8_t b = (uint8_t)(i < 8 ? r >> (8 * i) : r2 >> (8 * (i - 8)));

		if (i == from / 8 && from % 8)
			a[i] = (uint8_t)((a[i] & (0xffu << (8 - from % 8))) |
			    (b & (0xffu >> (from % 8))));
		else
			a[i] = b;
	}
}

static void
pfx_text(const struct pfx *p, char *buf, size_t cap)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(p->v6 ? AF_INET6 : AF_INET, p->a, a, sizeof(a));
	snprintf(buf, cap, "%s/%u", a, p->len);
}

static uint32_t
random_asn(void)
{
	return below(10) < 8 ? 1 + below(65000) : 131072 + below(270000);
}

/* Where the next block goes: allocations are handed out in address order
 * with gaps, so blocks of different holders do not overlap, as in the RIR
 * registries. [0] VRP space (1-111/8, 2000::/4), [1] space no VRP covers
 * (112-223/8, 3000::/4); IPv6 cursors hold the top 64 bits. */
static uint64_t cursor4[2] = { 1ull << 24, 112ull << 24 };
static uint64_t cursor6[2] = { 0x2000ull << 48, 0x3000ull << 48 };

static void
place(uint8_t *a, int v6, unsigned len, int uncovered)
{
	uint64_t size, at, *c = v6 ? &cursor6[uncovered] : &cursor4[uncovered];
	uint64_t lo = v6 ? (uncovered ? 0x3000ull : 0x2000ull) << 48 :
	    (uncovered ? 112ull : 1ull) << 24;
	uint64_t hi = v6 ? (uncovered ? 0x4000ull : 0x3000ull) << 48 :
	    (uncovered ? 224ull : 112ull) << 24;
	unsigned i;

	size = 1ull << ((v6 ? 64 : 32) - len);
	at = (*c + size - 1) & ~(size - 1);
	if (at + size > hi)
		at = lo;         /* full: wrap, a few blocks overlap */
	*c = at + size * (1 + below(2));
	memset(a, 0, 16);
	for (i = 0; i < (v6 ? 8u : 4u); i++)
		a[i] = (uint8_t)(at >> (8 * ((v6 ? 7 : 3) - i)));
}

/* A block length as a holder's ROA has it: mostly small, a few /8-/15. */
static unsigned
block_len(int v6)
{
	unsigned r = below(1000);

	if (v6)
		return r < 10 ? 19 + below(10) : r < 400 ? 29 + below(4) :
		    r < 700 ? 32 + below(9) : 41 + below(8);
	return r < 1 ? 8 + below(4) : r < 20 ? 12 + below(4) : r < 200 ? 16 :
	    r < 300 ? 17 + below(2) : r < 550 ? 19 + below(2) :
	    r < 800 ? 21 + below(2) : 23 + below(2);
}

/* A cluster: a block and up to 16 more-specifics inside it. */
static size_t
gen_cluster(struct pfx *out, size_t room, int v6)
{
	unsigned width = v6 ? 16 : 4, top = v6 ? 48 : 24;
	unsigned blen = block_len(v6);
	unsigned m = blen == top ? 0 : 1 + below(16), i;
	uint32_t asn = random_asn();
	struct pfx b;
	size_t n = 0;

	memset(&b, 0, sizeof(b));
	b.v6 = (uint8_t)v6;
	place(b.a, v6, blen, 0);
	b.len = (uint8_t)blen;
	b.asn = asn;
	if ((m == 0 || below(2) == 0) && n < room) {
		b.max_len = below(10) < 7 || blen == top ? b.len :
		    (uint8_t)(b.len + 1 + below(top - blen));
		out[n++] = b;
	}
	for (i = 0; i < m && n < room; i++) {
		struct pfx s = b;
		unsigned len = blen + 1 + below(top - blen);
		size_t k;

		if (below(3) != 0)
			len = top;       /* most ROAs are /24 or /48 */
		random_bits(s.a, blen, width);
		s.len = (uint8_t)len;
		mask(s.a, len, width);
		for (k = 0; k < n; k++)
			if (out[k].len == s.len && memcmp(out[k].a, s.a, 16) == 0)
				break;
		if (k < n)
			continue;    /* validators print each VRP once */
		s.max_len = below(10) < 8 || len == top ? s.len :
		    (uint8_t)(len + 1 + below(top - len));
		s.asn = below(10) == 0 ? random_asn() : asn;
		out[n++] = s;
	}
	return n;
}

/* Lengths as a routing table has them: mostly /24 and /48. */
static unsigned
route_len(int v6)
{
	static const uint8_t v4[20] = { 24, 24, 24, 24, 24, 24, 24, 24, 24, 24,
	    24, 24, 24, 24, 23, 23, 22, 22, 21, 20 };
	static const uint8_t l6[10] = { 48, 48, 48, 48, 48, 44, 40, 36, 32, 29 };

	return v6 ? l6[below(10)] : v4[below(20)];
}

static double
now(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of n <= RUNS values, v left as it was. */
static double
median(const double *v, size_t n)
{
	double s[RUNS];

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), dbl_cmp);
	return s[n / 2];
}

static long
peak_rss_mib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

int
main(int argc, char **argv)
{
	const char *json = "/tmp/uptodate-bench-vrps.json";
	const char *table = "/tmp/uptodate-bench-routes.txt";
	static struct rpki_addr_result res;
	struct pfx *vrps, *routes;
	size_t nv = 0, nr = 0, i, n4;
	double wall[RUNS], cpu[RUNS], t0, c0, w, c;
	char text[64], why[RPKI_WHY_MAX];
	struct rpki_db *db;
	struct net_addr addr;
	size_t states[4] = { 0, 0, 0, 0 };
	FILE *f;
	int r;

	rng_state = argc > 1 ? strtoull(argv[1], NULL, 10) : 20261126;
	vrps = calloc(N_VRP4 + N_VRP6, sizeof(*vrps));
	routes = calloc(N_ROUTES, sizeof(*routes));
	if (vrps == NULL || routes == NULL)
		return 1;
	while (nv < N_VRP4)
		nv += gen_cluster(vrps + nv, N_VRP4 - nv, 0);
	n4 = nv;
	while (nv < N_VRP4 + N_VRP6)
		nv += gen_cluster(vrps + nv, N_VRP4 + N_VRP6 - nv, 1);

	if ((f = fopen(json, "w")) == NULL)
		return 1;
	fprintf(f, "{\n\t\"metadata\": {\n\t\t\"buildmachine\": \"bench\",\n"
	    "\t\t\"buildtime\": \"2026-11-26T00:00:00Z\",\n\t\t\"roas\": %zu\n\t},\n"
	    "\t\"roas\": [\n", nv);
	for (i = 0; i < nv; i++) {
		pfx_text(&vrps[i], text, sizeof(text));
		fprintf(f, "\t\t{ \"asn\": %u, \"prefix\": \"%s\", "
		    "\"maxLength\": %u, \"ta\": \"%s\", \"expires\": %u }%s\n", vrps[i].asn, text,
		    vrps[i].max_len, i % 5 == 0 ? "ripe" : i % 5 == 1 ? "arin" :
		    i % 5 == 2 ? "apnic" : i % 5 == 3 ? "lacnic" : "afrinic",
		    1764000000u + (unsigned)(i % 86400), i + 1 < nv ? "," : "");
	}
	fprintf(f, "\t]\n}\n");
	fclose(f);

	/* Routes: each VRP's prefix by its AS (a few by another), a third of
	 * the loose VRPs also as a more-specific, the rest uncovered space. */
	for (i = 0; i < nv && nr < N_ROUTES; i++) {
		routes[nr] = vrps[i];
		if (below(20) == 0)
			routes[nr].asn = random_asn();
		nr++;
		if (vrps[i].max_len > vrps[i].len && below(3) == 0 && nr < N_ROUTES) {
			routes[nr] = vrps[i];
			routes[nr].len = (uint8_t)(vrps[i].len + 1 +
			    below(vrps[i].max_len - vrps[i].len));
			random_bits(routes[nr].a, vrps[i].len, vrps[i].v6 ? 16 : 4);
			mask(routes[nr].a, routes[nr].len, vrps[i].v6 ? 16 : 4);
			nr++;
		}
	}
	while (nr < N_ROUTES) {
		struct pfx p;
		int v6 = below(10) == 0;

		memset(&p, 0, sizeof(p));
		p.v6 = (uint8_t)v6;
		p.len = (uint8_t)route_len(v6);
		place(p.a, v6, p.len, 1);
		p.asn = random_asn();
		routes[nr++] = p;
	}
	if ((f = fopen(table, "w")) == NULL)
		return 1;
	for (i = 0; i < nr; i++) {
		pfx_text(&routes[i], text, sizeof(text));
		fprintf(f, "%s\t%u\n", text, routes[i].asn);
	}
	fclose(f);
	printf("generated %zu VRPs (%zu IPv4, %zu IPv6) in %s, %zu routes in %s\n",
	    nv, n4, nv - n4, json, nr, table);

	for (r = 0; r < RUNS; r++) {
		db = rpki_db_new();
		if (db == NULL)
			return 1;
		t0 = now(CLOCK_MONOTONIC);
		c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		if (rpki_vrp_load_json(db, json, why, sizeof(why)) != 0) {
			fprintf(stderr, "load: %s\n", why);
			return 1;
		}
		wall[r] = now(CLOCK_MONOTONIC) - t0;
		cpu[r] = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
		if (r == 0) {
			const struct rpki_counts *vc = rpki_vrp_counts(db);
			double bytes = (double)rpki_db_bytes(db);

			printf("VRPs: %zu loaded, %zu duplicates, %zu skipped; db "
			    "%.1f MiB (%.1f bytes a VRP)\n", vc->loaded,
			    vc->duplicates, vc->skipped, bytes / 1048576.0,
			    bytes / (double)vc->loaded);
		}
		if (r < RUNS - 1)
			rpki_db_free(db);
	}
	printf("rpki_vrp_load_json: median of %d: wall %.3f s, CPU %.3f s "
	    "(runs: %.3f %.3f %.3f %.3f %.3f wall)\n", RUNS, median(wall, RUNS),
	    median(cpu, RUNS), wall[0], wall[1], wall[2], wall[3], wall[4]);

	t0 = now(CLOCK_MONOTONIC);
	c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	if (rpki_routes_load(db, table, why, sizeof(why)) != 0) {
		fprintf(stderr, "routes: %s\n", why);
		return 1;
	}
	w = now(CLOCK_MONOTONIC) - t0;
	c = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	printf("rpki_routes_load: %zu routes (%zu duplicates, %zu skipped): wall "
	    "%.3f s, CPU %.3f s; db now %.1f MiB\n", rpki_route_counts(db)->loaded,
	    rpki_route_counts(db)->duplicates, rpki_route_counts(db)->skipped, w,
	    c, (double)rpki_db_bytes(db) / 1048576.0);

	t0 = now(CLOCK_MONOTONIC);
	c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	for (i = 0; i < N_LOOKUPS; i++) {
		memset(&addr, 0, sizeof(addr));
		if (below(10) != 0) {
			const struct pfx *p = &routes[below((unsigned)nr)];

			memcpy(addr.bytes, p->a, 16);
			random_bits(addr.bytes, p->len, p->v6 ? 16 : 4);
			addr.family = p->v6 ? AF_INET6 : AF_INET;
		} else {
			addr.family = below(2) ? AF_INET6 : AF_INET;
			random_bits(addr.bytes, 0, 16);
		}
		if (rpki_validate_addr(db, &addr, &res) != 0)
			return 1;
		states[res.state]++;
	}
	w = now(CLOCK_MONOTONIC) - t0;
	c = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	printf("rpki_validate_addr: %d lookups: wall %.3f s, CPU %.3f s (%.2f us "
	    "each); %s %zu, %s %zu, %s %zu, %s %zu\n", N_LOOKUPS, w, c,
	    w * 1e6 / N_LOOKUPS, rpki_state_str(RPKI_VALID), states[RPKI_VALID],
	    rpki_state_str(RPKI_INVALID), states[RPKI_INVALID],
	    rpki_state_str(RPKI_NOT_FOUND), states[RPKI_NOT_FOUND],
	    rpki_state_str(RPKI_NO_ROUTE), states[RPKI_NO_ROUTE]);
	printf("peak RSS of the whole run: %ld MiB\n", peak_rss_mib());
	rpki_db_free(db);
	free(vrps);
	free(routes);
	return 0;
}
