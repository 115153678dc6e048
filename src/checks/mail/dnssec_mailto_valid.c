#include "checks/mail/mx_common.h"

/* Judged like the web test on the mail domain; the category's points are
 * the worst DNSSEC state of the mail domain and each MX name. */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	size_t i;
	int pts;

	chk_eval_dnssec_valid(fx, r);
	pts = chk_dnssec_points(&fx->soa_lk);
	if (fx->mx_state == FX_MX_PRESENT || fx->mx_state == FX_MX_NULL_MIXED) {
		for (i = 0; i < fx->n_mx; i++) {
			int p = chk_dnssec_points(&fx->mx[i].soa_lk);

			if (p < pts)
				pts = p;
		}
	}
	r->points = pts;
}

const struct chk_def chk_mail_dnssec_mailto_valid = {
	.name = "mail_dnssec_mailto_valid",
	.category = "mail_dnssec",
	.title = "Mail domain signatures validate",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
