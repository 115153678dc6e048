/*
 * fuzz_routes: the routes text reader on arbitrary bytes. The whole
 * buffer is loaded into one db and each line alone into a fresh one: the
 * skips and routes of the lines must add up to the whole's. For the first
 * CROSS_LINES lines that load a route alone, that line's db also gets a
 * few fixed VRPs, and the line's prefix must be found again, with the
 * line's origins and the same validation states, in the whole table. (The
 * VRP load and lookups per line were most of the time; the reader itself
 * sees every line either way, and 10 million inputs vary which lines are
 * first.)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "rpki/rpki.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CROSS_LINES 2

static const char vrps[] = "{\"roas\":["
    "{\"asn\":64496,\"prefix\":\"0.0.0.0/0\",\"maxLength\":8},"
    "{\"asn\":0,\"prefix\":\"127.0.0.0/8\",\"maxLength\":32},"
    "{\"asn\":64496,\"prefix\":\"127.0.2.0/24\",\"maxLength\":24},"
    "{\"asn\":64497,\"prefix\":\"127.0.2.0/23\",\"maxLength\":32},"
    "{\"asn\":64496,\"prefix\":\"2001:db8::/32\",\"maxLength\":48},"
    "{\"asn\":1,\"prefix\":\"::/0\",\"maxLength\":128}]}";

static void
add_vrps(struct rpki_db *db)
{
	char why[RPKI_WHY_MAX];

	if (rpki_vrp_load_buffer(db, vrps, sizeof(vrps) - 1, why, sizeof(why)) != 0
	    || why[0] != '\0')
		abort();
}

static struct rpki_db *
db_with_vrps(void)
{
	struct rpki_db *db = rpki_db_new();

	if (db != NULL)
		add_vrps(db);
	return db;
}

static int
covers(const struct rpki_prefix *p, const struct net_addr *a)
{
	const uint8_t *b = a->bytes;
	unsigned i;

	if (a->family == AF_INET6 && p->family == AF_INET &&
	    memcmp(b, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0)
		b += 12;
	else if (p->family != a->family)
		return 0;
	for (i = 0; i < p->len; i++)
		if (((p->addr[i / 8] ^ b[i / 8]) >> (7 - i % 8)) & 1)
			return 0;
	return 1;
}

/* Validate a and check the result hangs together. */
static void
check_addr(const struct rpki_db *db, const struct net_addr *a,
    struct rpki_addr_result *ar)
{
	size_t k, i;

	if (rpki_validate_addr(db, a, ar) != 0)
		abort();
	if (ar->n_routes > RPKI_RESULT_ROUTES_MAX ||
	    ar->n_routes > ar->n_routes_total ||
	    ar->n_valid + ar->n_invalid + ar->n_not_found != ar->n_routes_total ||
	    (ar->state == RPKI_NO_ROUTE) != (ar->n_routes_total == 0))
		abort();
	for (k = 0; k < ar->n_routes; k++) {
		const struct rpki_route_result *r = &ar->routes[k];

		if (!covers(&r->route.prefix, a))
			abort();
		if (k > 0 && r->route.prefix.len > ar->routes[k - 1].route.prefix.len)
			abort();
		if (r->state == RPKI_NOT_FOUND && r->n_covering != 0)
			abort();
		if (r->state != RPKI_NOT_FOUND && r->n_covering == 0)
			abort();
		for (i = 0; i < r->n_vrps; i++)
			if (r->vrps[i].prefix.len > r->route.prefix.len)
				abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rpki_addr_result ar, one;
	struct rpki_db *db = db_with_vrps(), *single;
	const struct rpki_counts *c;
	const char *buf = (const char *)data, *nl;
	size_t pos = 0, n, skipped = 0, routes = 0, k, j, crossed = 0;
	char why[RPKI_WHY_MAX];
	struct net_addr a;
	struct rpki_prefix p;

	if (db == NULL)
		return 0;
	if (rpki_routes_load_buffer(db, buf, size, why, sizeof(why)) != 0)
		abort();
	c = rpki_route_counts(db);
	if ((c->skipped > 0) != (why[0] != '\0') || strcmp(why, c->first_skip))
		abort();
	while (pos < size) {
		nl = memchr(buf + pos, '\n', size - pos);
		n = nl != NULL ? (size_t)(nl - (buf + pos)) : size - pos;
		single = rpki_db_new();
		if (single == NULL)
			break;
		if (rpki_routes_load_buffer(single, buf + pos, n, why,
		    sizeof(why)) != 0)
			abort();
		skipped += rpki_route_counts(single)->skipped;
		routes += rpki_route_counts(single)->loaded +
		    rpki_route_counts(single)->duplicates;
		if (rpki_route_counts(single)->skipped > 1 ||
		    (rpki_route_counts(single)->skipped == 1) != (why[0] != '\0'))
			abort();
		/* A loaded line's first field is its prefix (or its address,
		 * pfx2as style); the whole table must have the same routes
		 * there. */
		if (rpki_route_counts(single)->loaded > 0 &&
		    crossed++ < CROSS_LINES) {
			const char *f = buf + pos;
			size_t fl, m = n;

			add_vrps(single);
			while (m > 0 && (*f == ' ' || *f == '\t'))
				f++, m--;
			for (fl = 0; fl < m && f[fl] != ' ' && f[fl] != '\t'; fl++)
				;
			memset(&a, 0, sizeof(a));
			if (memchr(f, '/', fl) != NULL) {
				if (rpki_prefix_parse(f, fl, &p, why,
				    sizeof(why)) != 0)
					abort();
				a.family = p.family;
				memcpy(a.bytes, p.addr, sizeof(a.bytes));
			} else {
				char t[64];

				if (fl >= sizeof(t))
					abort();
				memcpy(t, f, fl);
				t[fl] = '\0';
				a.family = memchr(t, ':', fl) ? AF_INET6 : AF_INET;
				if (inet_pton(a.family, t, a.bytes) != 1)
					abort();
			}
			check_addr(single, &a, &one);
			check_addr(db, &a, &ar);
			/* ::ffff:0:0/96 is looked up as IPv4: such a route is never
			 * found by an address. */
			if (a.family == AF_INET6 &&
			    memcmp(a.bytes, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0)
				one.n_routes = 0;
			else if (one.n_routes_total == 0 ||
			    ar.n_routes_total < one.n_routes_total)
				abort();
			/* Each route of the line is among the whole table's. */
			for (k = 0; k < one.n_routes; k++) {
				for (j = 0; j < ar.n_routes; j++)
					if (ar.routes[j].route.prefix.len ==
					    one.routes[k].route.prefix.len &&
					    ar.routes[j].route.origin ==
					    one.routes[k].route.origin &&
					    ar.routes[j].route.origin_none ==
					    one.routes[k].route.origin_none)
						break;
				if (j == ar.n_routes &&
				    ar.n_routes == ar.n_routes_total)
					abort();
				if (j < ar.n_routes &&
				    ar.routes[j].state != one.routes[k].state)
					abort();
			}
		}
		rpki_db_free(single);
		pos += n + 1;
	}
	if (c->skipped != skipped ||
	    (c->loaded + c->duplicates != routes &&
	    strstr(c->first_skip, "at one prefix") == NULL))
		abort();
	/* A few addresses from the input bytes. */
	for (k = 0; k + 16 <= size && k < 64; k += 16) {
		memset(&a, 0, sizeof(a));
		a.family = data[k] & 1 ? AF_INET6 : AF_INET;
		memcpy(a.bytes, data + k, 16);
		check_addr(db, &a, &ar);
	}
	rpki_db_free(db);
	return 0;
}
