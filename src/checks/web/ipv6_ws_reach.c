#include <stdio.h>

#include "checks/common.h"

/* Every IPv6 address of the web host must accept TCP on 80 or 443. */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	const struct fx_host *h = &fx->web;
	size_t ok, i, j;
	const struct net_addr *bad = NULL;
	char why[128] = "";

	json_decref(r->evidence);
	r->evidence = chk_json_host(h);
	if (h->n_v6 == 0 && !chk_lookup_answered(&h->aaaa_lk)) {
		chk_set_lookup_error(r, &h->aaaa_lk, "AAAA lookup");
		return;
	}
	if (h->n_v6 == 0) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_web_ipv6",
		    "%s has no IPv6 address to connect to", h->name);
		return;
	}
	ok = chk_host_v6_ok(h);
	r->points = chk_host_reach_points(h);
	if (ok == h->n_v6) {
		chk_set(r, CHK_PASSED, "good", "web_ipv6_reachable",
		    "every IPv6 address of %s (%zu) accepts connections on port 80 or 443",
		    h->name, h->n_v6);
		return;
	}
	for (i = 0; i < h->n_v6 && bad == NULL; i++) {
		int any = 0;
		const struct fx_probe *last = NULL;

		for (j = 0; j < h->n_probes; j++) {
			if (net_addr_cmp(&h->probes[j].addr, &h->v6[i]) != 0)
				continue;
			last = &h->probes[j];
			any |= chk_probe_ok(last);
		}
		if (!any) {
			bad = &h->v6[i];
			if (last != NULL)
				chk_probe_reason(last, why, sizeof(why));
		}
	}
	chk_set(r, CHK_FAILED, "bad", "web_ipv6_unreachable",
	    "%zu of %zu IPv6 addresses of %s accept no connection on 80 or 443 (%s: %s)",
	    h->n_v6 - ok, h->n_v6, h->name, bad ? bad->text : "?", why);
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
