#include <stdio.h>

#include "checks/mail/mx_common.h"

/* Every IPv6 address of every MX must accept TCP on port 25. */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	struct chk_reach s;
	char why[128] = "";

	if (!chk_mx_applicable(fx, r)) {
		/* No MX to reach: full points, as the catalogue says. */
		if (r->status == CHK_NOT_TESTED)
			r->points = r->max_points;
		return;
	}
	if (!chk_hosts_reach(fx->mx, fx->n_mx, &s, r))
		return;
	r->points = s.points;
	if (s.n6 == 0) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_mx_ipv6",
		    "no mail server has an IPv6 address to connect to");
		return;
	}
	if (s.bad == 0) {
		chk_set(r, CHK_PASSED, "good", "mx_ipv6_reachable",
		    "every IPv6 address of the mail servers (%zu) accepts connections on port 25",
		    s.n6);
		return;
	}
	chk_probe_reason(s.first_bad, why, sizeof(why));
	chk_set(r, CHK_FAILED, "bad", "mx_ipv6_unreachable",
	    "%zu of %zu mail-server IPv6 addresses accept no connection on port 25 (%s: %s)",
	    s.bad, s.n6, s.first_bad->addr.text, why);
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
