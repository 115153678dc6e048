#include "checks/mail/mx_common.h"

/* Every MX name must be in a signed zone (secure or bogus counts as signed;
 * validity is the next test's business). */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	size_t i, unsigned_n = 0;
	const struct fx_host *first = NULL;

	if (!chk_mx_applicable(fx, r))
		return;
	for (i = 0; i < fx->n_mx; i++) {
		const struct fx_lookup *lk = &fx->mx[i].soa_lk;

		if (!lk->done || (lk->sec != DNS_SEC_BOGUS &&
		    (lk->err != DNS_OK || lk->sec == DNS_SEC_UNKNOWN))) {
			chk_set_lookup_error(r, lk, fx->mx[i].name);
			return;
		}
		if (lk->sec == DNS_SEC_INSECURE && unsigned_n++ == 0)
			first = &fx->mx[i];
	}
	if (unsigned_n == 0)
		chk_set(r, CHK_PASSED, "good", "mx_signed",
		    "every MX name (%zu) is signed with DNSSEC", fx->n_mx);
	else
		chk_set(r, CHK_FAILED, "bad", "mx_unsigned",
		    "%zu of %zu MX names are not signed (%s)", unsigned_n, fx->n_mx,
		    first->name);
}

const struct chk_def chk_mail_dnssec_mx_exist = {
	.name = "mail_dnssec_mx_exist",
	.category = "mail_dnssec",
	.title = "Mail server names are signed",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 0,
	.evaluate = evaluate,
};
