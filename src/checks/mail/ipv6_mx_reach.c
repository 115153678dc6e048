#include <stdio.h>

#include "checks/mail/mx_common.h"

/* Every IPv6 address of every MX must accept TCP on port 25. */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	size_t i, j, n6 = 0, bad = 0;
	double sum = 0;
	const struct fx_probe *first_bad = NULL;
	char why[128] = "";

	if (!chk_mx_applicable(fx, r)) {
		/* No MX to reach: full points, as the catalogue says. */
		if (r->status == CHK_NOT_TESTED)
			r->points = r->max_points;
		return;
	}
	for (i = 0; i < fx->n_mx; i++) {
		const struct fx_host *h = &fx->mx[i];

		if (h->n_v6 == 0 && !chk_lookup_answered(&h->aaaa_lk)) {
			chk_set_lookup_error(r, &h->aaaa_lk, h->name);
			return;
		}
		n6 += h->n_v6;
		sum += chk_host_reach_points(h);
		for (j = 0; j < h->n_probes; j++) {
			if (!chk_probe_ok(&h->probes[j])) {
				bad++;
				if (first_bad == NULL)
					first_bad = &h->probes[j];
			}
		}
	}
	r->points = sum / (double)fx->n_mx;
	if (n6 == 0) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_mx_ipv6",
		    "no mail server has an IPv6 address to connect to");
		return;
	}
	if (bad == 0) {
		chk_set(r, CHK_PASSED, "good", "mx_ipv6_reachable",
		    "every IPv6 address of the mail servers (%zu) accepts connections on port 25", n6);
		return;
	}
	chk_probe_reason(first_bad, why, sizeof(why));
	chk_set(r, CHK_FAILED, "bad", "mx_ipv6_unreachable",
	    "%zu of %zu mail-server IPv6 addresses accept no connection on port 25 (%s: %s)",
	    bad, n6, first_bad->addr.text, why);
}

const struct chk_def chk_mail_ipv6_mx_reach = {
	.name = "mail_ipv6_mx_reach",
	.category = "mail_ipv6",
	.title = "Mail servers reachable over IPv6",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
