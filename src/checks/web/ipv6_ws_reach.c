#include <stdio.h>

#include "checks/web/https_common.h"

static void
reason(const struct http_result *h, char *buf, size_t cap)
{
	if (h == NULL)
		snprintf(buf, cap, "not fetched");
	else if (h->outcome == HTTP_FETCH_TIMEOUT)
		snprintf(buf, cap, "no answer within %u ms", h->elapsed_ms);
	else
		snprintf(buf, cap, "%s", http_outcome_code(h->outcome));
}

/* Every IPv6 address of the web host must accept TCP on 80 or 443. */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	const struct fx_host *h = &fx->web;
	const struct fx_web_ep *bad = NULL;
	json_t *arr = json_array();
	size_t i, n6 = 0, ok = 0;
	char why[128] = "";

	json_decref(r->evidence);
	r->evidence = json_pack("{s:s,s:o,s:o}", "name", h->name, "aaaa_lookup",
	    chk_json_lookup(&h->aaaa_lk), "addresses", arr);
	if (h->n_v6 == 0 && !chk_lookup_answered(&h->aaaa_lk)) {
		chk_set_lookup_error(r, &h->aaaa_lk, "AAAA lookup");
		return;
	}
	for (i = 0; i < fx->n_eps; i++) {
		const struct fx_web_ep *e = &fx->eps[i];
		int p80, p443;

		if (e->addr.family != AF_INET6)
			continue;
		n6++;
		/* The fetches on 80 and 443 are the reachability probes. */
		p80 = chk_http_connected(chk_ep_http80(e));
		p443 = chk_http_connected(e->https);
		json_array_append_new(arr, json_pack("{s:s,s:b,s:b}", "address",
		    e->addr.text, "port80", p80, "port443", p443));
		if (p80 || p443)
			ok++;
		else if (bad == NULL)
			bad = e;
	}
	if (n6 == 0) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_web_ipv6",
		    "%s has no IPv6 address to connect to", h->name);
		return;
	}
	r->points = ok == n6 ? 10 : ok > 0 ? 2 : 0;
	if (bad == NULL) {
		chk_set(r, CHK_PASSED, "good", "web_ipv6_reachable",
		    "every IPv6 address of %s (%zu) accepts connections on port 80 or 443",
		    h->name, n6);
		return;
	}
	reason(bad->https, why, sizeof(why));
	chk_set(r, CHK_FAILED, "bad", "web_ipv6_unreachable",
	    "%zu of %zu IPv6 addresses of %s accept no connection on 80 or 443 (%s: %s)",
	    n6 - ok, n6, h->name, bad->addr.text, why);
}

const struct chk_def chk_web_ipv6_ws_reach = {
	.name = "web_ipv6_ws_reach",
	.category = "web_ipv6",
	.title = "Web server reachable over IPv6",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
