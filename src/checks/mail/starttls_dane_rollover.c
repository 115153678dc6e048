#include "checks/mail/starttls_common.h"

/* A key rollover needs a second record ready: two usage-3 records, or
 * usage 3 next to usage 2 (the scheme the reference recommends). */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct fx_mx_extra *x = chk_mx_extra(fx, chk_mail_ep(fx, e));
	size_t i, u2 = 0, u3 = 0;

	if (x == NULL || x->tlsa.n == 0 || x->tlsa.lk.sec != DNS_SEC_SECURE) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_secure_tlsa",
		    "there are no DNSSEC-signed TLSA records");
		return;
	}
	for (i = 0; i < x->tlsa.n; i++) {
		u2 += x->tlsa.rrs[i].usage == 2;
		u3 += x->tlsa.rrs[i].usage == 3;
	}
	json_object_set_new(r->evidence, "usage2", json_integer((json_int_t)u2));
	json_object_set_new(r->evidence, "usage3", json_integer((json_int_t)u3));
	if (u3 >= 2 || (u3 >= 1 && u2 >= 1)) {
		chk_set(r, CHK_PASSED, "good", "rollover_ready",
		    "TLSA at %s is ready for a key rollover (%zu of usage 3, %zu of "
		    "usage 2)", x->tlsa.owner, u3, u2);
		return;
	}
	chk_set(r, CHK_INFO, "other", "no_rollover",
	    "TLSA at %s has no second record for a key rollover", x->tlsa.owner);
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_tls_endpoint(fx, r, ep);
}

const struct chk_def chk_mail_starttls_dane_rollover = {
	.name = "mail_starttls_dane_rollover",
	.category = "mail_starttls",
	.title = "DANE rollover scheme",
	.kind = FX_MAIL,
	.level = CHK_OPTIONAL,
	.max_points = 0,
	.evaluate = evaluate,
};
