#include "checks/mail/mx_common.h"

/* Every MX host must have an IPv6 address. */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	size_t i, with6 = 0;
	const struct fx_host *missing = NULL;

	if (!chk_mx_applicable(fx, r))
		return;
	for (i = 0; i < fx->n_mx; i++) {
		const struct fx_host *h = &fx->mx[i];

		if (h->n_v6 > 0) {
			with6++;
			continue;
		}
		if (!chk_lookup_answered(&h->aaaa_lk)) {
			chk_set_lookup_error(r, &h->aaaa_lk, h->name);
			return;
		}
		if (missing == NULL)
			missing = h;
	}
	if (missing == NULL)
		chk_set(r, CHK_PASSED, "good", "mx_ipv6",
		    "every mail server (%zu) has an IPv6 address", fx->n_mx);
	else
		chk_set(r, CHK_FAILED, "bad", "mx_ipv6_missing",
		    "%zu of %zu mail servers have no IPv6 address (%s has none)",
		    fx->n_mx - with6, fx->n_mx, missing->name);
}

const struct chk_def chk_mail_ipv6_mx_address = {
	.name = "mail_ipv6_mx_address",
	.category = "mail_ipv6",
	.title = "Mail servers have IPv6 addresses",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 0,
	.evaluate = evaluate,
};
