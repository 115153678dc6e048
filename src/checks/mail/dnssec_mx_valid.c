#include "checks/mail/mx_common.h"

/* The signatures of every signed MX name must validate. */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	size_t i, secure = 0;

	if (!chk_mx_applicable(fx, r))
		return;
	for (i = 0; i < fx->n_mx; i++) {
		const struct fx_lookup *lk = &fx->mx[i].soa_lk;

		if (lk->done && lk->sec == DNS_SEC_BOGUS) {
			chk_set(r, CHK_FAILED, "bad", "mx_bogus",
			    "DNSSEC validation of MX %s fails: %s", fx->mx[i].name,
			    lk->why_bogus ? lk->why_bogus : "no reason given");
			return;
		}
		if (!lk->done || lk->err != DNS_OK || lk->sec == DNS_SEC_UNKNOWN) {
			chk_set_lookup_error(r, lk, fx->mx[i].name);
			return;
		}
		if (lk->sec == DNS_SEC_SECURE)
			secure++;
	}
	if (secure == 0)
		chk_set(r, CHK_NOT_TESTED, "na", "mx_insecure",
		    "no MX name is signed, so there is nothing to validate");
	else
		chk_set(r, CHK_PASSED, "good", "mx_secure",
		    "the DNSSEC signatures of %zu signed MX name%s validate", secure,
		    secure == 1 ? "" : "s");
}

const struct chk_def chk_mail_dnssec_mx_valid = {
	.name = "mail_dnssec_mx_valid",
	.category = "mail_dnssec",
	.title = "Mail server name signatures validate",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 0,
	.evaluate = evaluate,
};
