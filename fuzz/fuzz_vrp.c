/*
 * fuzz_vrp: the VRP JSON reader on arbitrary bytes, checked against
 * jansson. Where both read the bytes, they must agree on whether they are
 * JSON; on a "roas" document, jansson's view of each entry says whether
 * it must be loaded, and every loaded VRP must then validate its own
 * route. Fixed routes and addresses are validated after every load, and
 * the results must hang together (states, counts, covering prefixes).
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "rpki/rpki.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char routes_table[] =
    "0.0.0.0/0 64496\n"
    "127.0.0.0/8 64496_64497\n"
    "127.1.0.0/16 1\n"
    "127.0.2.0/24 64496\n"
    "127.0.2.0/25 0\n"
    "198.51.100.0/24 64496,64497\n"
    "2001:db8::/32 64496\n"
    "2001:db8::/48 4294967295\n"
    "::/0 1\n";

static const char *addrs[] = {
	"0.0.0.0", "127.0.0.1", "127.1.2.3", "127.0.2.1", "127.0.2.200",
	"198.51.100.7", "255.255.255.255", "::", "2001:db8::1", "2001:db8:1::1",
	"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::ffff:127.1.2.3",
};

/* 1 when the first len bits of a and b agree. */
static int
same_bits(const uint8_t *a, const uint8_t *b, unsigned len)
{
	unsigned i;

	for (i = 0; i < len; i++)
		if (((a[i / 8] ^ b[i / 8]) >> (7 - i % 8)) & 1)
			return 0;
	return 1;
}

static void
check_route(const struct rpki_route_result *r)
{
	const struct rpki_route *rt = &r->route;
	size_t i;

	if (r->n_vrps > RPKI_RESULT_VRPS_MAX || r->n_vrps > r->n_vrps_total ||
	    r->n_vrps_total > r->n_covering)
		abort();
	if (r->n_vrps < r->n_vrps_total && r->n_vrps != RPKI_RESULT_VRPS_MAX)
		abort();
	switch (r->state) {
	case RPKI_VALID:
		if (r->n_vrps_total == 0 || r->why != RPKI_WHY_NONE ||
		    rt->origin_none)
			abort();
		break;
	case RPKI_INVALID:
		if (r->n_covering == 0 || r->n_vrps_total != r->n_covering ||
		    r->why == RPKI_WHY_NONE || r->loose_max_len)
			abort();
		if ((r->why == RPKI_WHY_AS_SET) != (rt->origin_none != 0))
			abort();
		break;
	case RPKI_NOT_FOUND:
		if (r->n_covering != 0 || r->n_vrps != 0 || r->loose_max_len)
			abort();
		break;
	default:
		abort();
	}
	for (i = 0; i < r->n_vrps; i++) {
		const struct rpki_vrp *v = &r->vrps[i];
		int match;

		if (v->prefix.family != rt->prefix.family ||
		    v->prefix.len > rt->prefix.len ||
		    !same_bits(v->prefix.addr, rt->prefix.addr, v->prefix.len) ||
		    v->max_len < v->prefix.len)
			abort();
		if (i > 0 && v->prefix.len > r->vrps[i - 1].prefix.len)
			abort();
		match = !rt->origin_none && v->asn != 0 && v->asn == rt->origin &&
		    v->max_len >= rt->prefix.len;
		if (match != (r->state == RPKI_VALID))
			abort();
		if (r->state == RPKI_INVALID && r->why == RPKI_WHY_AS0 && v->asn != 0)
			abort();
	}
}

static void
check_addrs(const struct rpki_db *db)
{
	static struct rpki_addr_result ar;
	struct net_addr a;
	size_t i, k;
	char line[512];

	for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		memset(&a, 0, sizeof(a));
		a.family = strchr(addrs[i], ':') ? AF_INET6 : AF_INET;
		if (inet_pton(a.family, addrs[i], a.bytes) != 1)
			abort();
		if (rpki_validate_addr(db, &a, &ar) != 0)
			abort();
		if (ar.n_routes > RPKI_RESULT_ROUTES_MAX ||
		    ar.n_routes > ar.n_routes_total ||
		    ar.n_valid + ar.n_invalid + ar.n_not_found != ar.n_routes_total ||
		    ar.n_covered != ar.n_valid + ar.n_invalid ||
		    ar.any_invalid != (ar.n_invalid > 0) ||
		    (ar.state == RPKI_NO_ROUTE) != (ar.n_routes_total == 0))
			abort();
		for (k = 0; k < ar.n_routes; k++) {
			check_route(&ar.routes[k]);
			rpki_route_explain(&ar.routes[k], line, sizeof(line));
			if (k > 0 && ar.routes[k].route.prefix.len >
			    ar.routes[k - 1].route.prefix.len)
				abort();
		}
	}
}

/* What jansson says one "roas" entry must give: 1 a VRP, 0 a skip. */
static int
entry_ok(json_t *e, struct rpki_vrp *v)
{
	json_t *asn, *prefix, *ml;
	char why[RPKI_WHY_MAX];
	unsigned max;
	uint32_t as;
	const char *s;
	size_t n;

	if (!json_is_object(e))
		return 0;
	asn = json_object_get(e, "asn");
	prefix = json_object_get(e, "prefix");
	ml = json_object_get(e, "maxLength");
	if (!json_is_string(prefix) || rpki_prefix_parse(json_string_value(prefix),
	    json_string_length(prefix), &v->prefix, why, sizeof(why)) != 0)
		return 0;
	if (json_is_integer(asn)) {
		if (json_integer_value(asn) < 0 ||
		    json_integer_value(asn) > (json_int_t)UINT32_MAX)
			return 0;
		v->asn = (uint32_t)json_integer_value(asn);
	} else if (json_is_string(asn)) {
		/* "AS"/"as" (any case) and asplain without leading zeros. */
		s = json_string_value(asn);
		n = json_string_length(asn);
		if (n >= 2 && (s[0] | 0x20) == 'a' && (s[1] | 0x20) == 's') {
			s += 2;
			n -= 2;
		}
		if (n == 0 || n > 10 || (s[0] == '0' && n > 1) ||
		    strspn(s, "0123456789") != n ||
		    strtoull(s, NULL, 10) > UINT32_MAX)
			return 0;
		as = (uint32_t)strtoull(s, NULL, 10);
		v->asn = as;
	} else {
		return 0;
	}
	max = v->prefix.family == AF_INET ? 32 : 128;
	if (ml == NULL) {
		v->max_len = v->prefix.len;
	} else {
		if (!json_is_integer(ml) || json_integer_value(ml) < v->prefix.len ||
		    json_integer_value(ml) > max)
			return 0;
		v->max_len = (uint8_t)json_integer_value(ml);
	}
	return 1;
}

/* Compare with jansson where the two can be compared. */
static void
differential(const uint8_t *data, size_t size, int r, const char *why,
    const struct rpki_db *db)
{
	const struct rpki_counts *c = rpki_vrp_counts(db);
	struct rpki_route_result rr;
	struct rpki_route rt;
	struct rpki_vrp v;
	json_error_t err;
	json_t *doc, *roas, *e;
	size_t i, good = 0, bad = 0;
	int ours_json, theirs_json;

	if (r != 0 && strstr(why, "nested deeper") != NULL)
		return;
	doc = json_loadb((const char *)data, size, JSON_DECODE_ANY |
	    JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
	if (doc == NULL && (strstr(err.text, "duplicate") != NULL ||
	    strstr(err.text, "too big") != NULL ||
	    strstr(err.text, "overflow") != NULL ||
	    strstr(err.text, "NUL") != NULL ||
	    strstr(err.text, "maximum parsing depth") != NULL))
		return;
	ours_json = r == 0 || strncmp(why, "not JSON", 8) != 0;
	theirs_json = doc != NULL;
	/* jansson 2.14 lets some raw NULs pass ("1\0,", "0\0"). */
	if (!ours_json && theirs_json && memchr(data, 0, size) != NULL) {
		json_decref(doc);
		return;
	}
	if (ours_json != theirs_json) {
		fprintf(stderr, "ours: %s\njansson: %s\n", r == 0 ? "loaded" : why,
		    doc ? "ok" : err.text);
		abort();
	}
	if (doc == NULL)
		return;
	roas = json_is_object(doc) ? json_object_get(doc, "roas") : NULL;
	if ((r == 0) != json_is_array(roas))
		abort();
	if (r != 0) {
		json_decref(doc);
		return;
	}
	json_array_foreach(roas, i, e) {
		if (entry_ok(e, &v)) {
			good++;
			memset(&rt, 0, sizeof(rt));
			rt.prefix = v.prefix;
			rt.origin = v.asn;
			rpki_validate_route(db, &rt, &rr);
			check_route(&rr);
			if (rr.state != (v.asn != 0 ? RPKI_VALID : RPKI_INVALID))
				abort();
		} else {
			bad++;
		}
	}
	if (c->first_skip[0] != '\0' && strstr(c->first_skip, "at one prefix"))
		bad = c->skipped, good = c->loaded + c->duplicates;
	if (c->loaded + c->duplicates != good || c->skipped != bad) {
		fprintf(stderr, "ours %zu+%zu/%zu, jansson %zu/%zu\n", c->loaded,
		    c->duplicates, c->skipped, good, bad);
		abort();
	}
	json_decref(doc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rpki_db *db = rpki_db_new();
	const struct rpki_counts *c;
	char why[RPKI_WHY_MAX];
	int r;

	if (db == NULL)
		return 0;
	if (rpki_routes_load_buffer(db, routes_table, sizeof(routes_table) - 1,
	    why, sizeof(why)) != 0 || why[0] != '\0')
		abort();
	r = rpki_vrp_load_buffer(db, (const char *)data, size, why, sizeof(why));
	c = rpki_vrp_counts(db);
	if (r != 0) {
		if (r != -1 || why[0] == '\0' || c->loaded || c->skipped ||
		    c->duplicates)
			abort();
	} else {
		if ((c->skipped > 0) != (why[0] != '\0') ||
		    strcmp(why, c->first_skip) != 0)
			abort();
	}
	differential(data, size, r, why, db);
	check_addrs(db);
	rpki_db_free(db);
	return 0;
}
