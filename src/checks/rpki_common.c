#include <stdio.h>
#include <string.h>

#include "checks/rpki_common.h"
#include "rpki/rpki.h"

#define RPKI_ADDRS_MAX 64   /* addresses judged per test */

struct target_addr {
	const struct net_addr *addr;
	const char *host;
};

static size_t
add_host(const struct fx_host *h, struct target_addr *out, size_t n)
{
	size_t i;

	for (i = 0; i < h->n_v4 && n < RPKI_ADDRS_MAX; i++) {
		out[n].addr = &h->v4[i];
		out[n++].host = h->name;
	}
	for (i = 0; i < h->n_v6 && n < RPKI_ADDRS_MAX; i++) {
		out[n].addr = &h->v6[i];
		out[n++].host = h->name;
	}
	return n;
}

/* The addresses of the target hosts; *what names them for details. */
static size_t
targets(const struct facts *fx, enum chk_rpki_target t,
    struct target_addr *out, const char **what)
{
	size_t i, k, n = 0;

	switch (t) {
	case CHK_RPKI_WEB:
		*what = "web server";
		return add_host(&fx->web, out, 0);
	case CHK_RPKI_NS:
		*what = "name server";
		for (i = 0; i < fx->n_ns; i++)
			n = add_host(&fx->ns[i], out, n);
		return n;
	case CHK_RPKI_MX:
		*what = "mail server";
		for (i = 0; i < fx->n_mx; i++)
			n = add_host(&fx->mx[i], out, n);
		return n;
	case CHK_RPKI_MX_NS:
		*what = "name server of a mail server's zone";
		for (i = 0; fx->mx_extra != NULL && i < fx->n_mx; i++)
			for (k = 0; k < fx->mx_extra[i].n_ns; k++)
				n = add_host(&fx->mx_extra[i].ns[k], out, n);
		return n;
	}
	return 0;
}

/* Common start: 0 with r set when there is nothing to judge. */
static size_t
prepare(const struct facts *fx, enum chk_rpki_target t, struct chk_result *r,
    struct target_addr *ta, const char **what)
{
	size_t n;

	if (fx->rpki == NULL) {
		r->max_points = 0;
		chk_set(r, CHK_NOT_TESTED, "na", "no_rpki_data",
		    "no RPKI data: give --vrp FILE (rpki-client -j output) and "
		    "--routes FILE (lines of prefix and origin AS)");
		return 0;
	}
	if ((t == CHK_RPKI_MX || t == CHK_RPKI_MX_NS) &&
	    fx->mx_state != FX_MX_PRESENT && fx->mx_state != FX_MX_NULL_MIXED) {
		r->points = r->max_points;
		chk_set(r, CHK_NOT_TESTED, "na", "no_mx",
		    "the domain receives no mail (%s)", fx_mx_state_str(fx->mx_state));
		return 0;
	}
	if ((n = targets(fx, t, ta, what)) > 0)
		return n;
	/* Nothing to judge: a failed lookup is an error with its reason;
	 * hosts without addresses leave nothing routed (0 points: the
	 * IPv6 and reachability tests say what is missing). */
	if (t == CHK_RPKI_WEB && !chk_lookup_answered(&fx->web.a_lk))
		chk_set_lookup_error(r, &fx->web.a_lk, "A lookup");
	else if (t == CHK_RPKI_NS && fx->n_ns == 0 &&
	    !chk_lookup_answered(&fx->ns_lk))
		chk_set_lookup_error(r, &fx->ns_lk, "NS lookup");
	else if (t == CHK_RPKI_MX && !chk_lookup_answered(&fx->mx_lk))
		chk_set_lookup_error(r, &fx->mx_lk, "MX lookup");
	else
		chk_set(r, CHK_NOT_TESTED, "na", "no_address",
		    "no %s address to judge", *what);
	return 0;
}

static json_t *
json_addr(const struct target_addr *ta, const struct rpki_addr_result *ar)
{
	json_t *routes = json_array();
	char line[256];
	size_t i;

	for (i = 0; i < ar->n_routes; i++)
		json_array_append_new(routes, chk_jstr(
		    rpki_route_explain(&ar->routes[i], line, sizeof(line))));
	return json_pack("{s:s,s:s,s:s,s:o}", "address", ta->addr->text,
	    "host", ta->host, "state", rpki_state_str(ar->state),
	    "routes", routes);
}

void
chk_rpki_exists(const struct facts *fx, enum chk_rpki_target t,
    struct chk_result *r)
{
	struct target_addr ta[RPKI_ADDRS_MAX];
	struct rpki_addr_result ar;
	json_t *arr = json_array();
	const char *what = "", *first = NULL;
	size_t i, n, missing = 0;

	json_object_set_new(r->evidence, "addresses", arr);
	if ((n = prepare(fx, t, r, ta, &what)) == 0)
		return;
	for (i = 0; i < n; i++) {
		if (rpki_validate_addr(fx->rpki, ta[i].addr, &ar) != 0)
			ar.state = RPKI_NO_ROUTE;
		json_array_append_new(arr, json_addr(&ta[i], &ar));
		if (ar.state != RPKI_VALID && ar.state != RPKI_INVALID &&
		    missing++ == 0)
			first = ta[i].addr->text;
	}
	if (missing > 0) {
		chk_set(r, CHK_WARNING, "bad", "rpki_missing",
		    "%zu of %zu %s addresses have no route covered by a ROA "
		    "(first %s)", missing, n, what, first);
		return;
	}
	r->points = r->max_points;
	chk_set(r, CHK_PASSED, "good", "rpki_covered",
	    "every %s address (%zu) is covered by a ROA", what, n);
}

void
chk_rpki_valid(const struct facts *fx, enum chk_rpki_target t,
    struct chk_result *r)
{
	struct target_addr ta[RPKI_ADDRS_MAX];
	struct rpki_addr_result ar;
	json_t *arr = json_array();
	const char *what = "";
	char line[256] = "", where[64] = "";
	size_t i, n, bad = 0, loose = 0;
	int code = 0;    /* 1 invalid, 2 not found, 3 no route */

	json_object_set_new(r->evidence, "addresses", arr);
	if ((n = prepare(fx, t, r, ta, &what)) == 0)
		return;
	for (i = 0; i < n; i++) {
		size_t k;

		if (rpki_validate_addr(fx->rpki, ta[i].addr, &ar) != 0)
			ar.state = RPKI_NO_ROUTE;
		json_array_append_new(arr, json_addr(&ta[i], &ar));
		loose += ar.any_loose_max_len != 0;
		if (ar.n_routes_total > 0 && ar.n_invalid == 0 &&
		    ar.n_not_found == 0)
			continue;
		if (bad++ > 0)
			continue;
		snprintf(where, sizeof(where), "%s", ta[i].addr->text);
		code = ar.n_routes_total == 0 ? 3 : ar.n_invalid > 0 ? 1 : 2;
		for (k = 0; k < ar.n_routes; k++)
			if (ar.routes[k].state != RPKI_VALID) {
				rpki_route_explain(&ar.routes[k], line, sizeof(line));
				break;
			}
	}
	if (bad > 0) {
		chk_set(r, CHK_FAILED, "bad", code == 1 ? "rpki_invalid" :
		    code == 2 ? "rpki_not_found" : "rpki_no_route",
		    "%zu of %zu %s addresses are not RPKI valid; %s: %s", bad, n,
		    what, where, code == 3 ? "no route covers it" : line);
		return;
	}
	r->points = r->max_points;
	if (loose > 0) {
		chk_set(r, CHK_WARNING, "phase_out", "rpki_loose_maxlength",
		    "every %s address is RPKI valid, but %zu through a ROA whose "
		    "maxLength is longer than the announced prefix (RFC 9319: "
		    "such ROAs let others announce more specifics)", what, loose);
		return;
	}
	chk_set(r, CHK_PASSED, "good", "rpki_valid",
	    "every route to every %s address (%zu) is RPKI valid", what, n);
}
