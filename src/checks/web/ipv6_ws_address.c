#include "checks/common.h"

/* The web host must have at least one (non-mapped) AAAA record. */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	const struct fx_host *h = &fx->web;

	json_decref(r->evidence);
	r->evidence = chk_json_host(h);
	if (h->n_v6 > 0) {
		chk_set(r, CHK_PASSED, "good", "web_ipv6",
		    "%s has %zu IPv6 address%s (%s)", h->name, h->n_v6,
		    h->n_v6 == 1 ? "" : "es", h->v6[0].text);
		return;
	}
	if (!chk_lookup_answered(&h->aaaa_lk)) {
		chk_set_lookup_error(r, &h->aaaa_lk, "AAAA lookup");
		return;
	}
	if (h->n_v6_mapped > 0)
		chk_set(r, CHK_FAILED, "bad", "web_ipv6_mapped_only",
		    "%s has only IPv4-mapped IPv6 addresses (::ffff:0:0/96), which are not IPv6",
		    h->name);
	else
		chk_set(r, CHK_FAILED, "bad", "web_ipv6_missing",
		    "%s has no IPv6 address (no AAAA record)", h->name);
}

const struct chk_def chk_web_ipv6_ws_address = {
	.name = "web_ipv6_ws_address",
	.category = "web_ipv6",
	.title = "Web server has an IPv6 address",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 0,
	.evaluate = evaluate,
};
