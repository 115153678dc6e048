#include <string.h>

#include "checks/mail/auth_common.h"
#include "checks/mail/mx_common.h"
#include "mail/spf.h"

/* No MX, but an SPF record that authorises nobody: the domain handles no
 * mail, and a null MX (RFC 7505) would say so to senders too. */
static int
advise_null_mx(const struct facts *fx, struct chk_result *r)
{
	size_t i, n = 0, at = 0;

	if (fx->mx_state != FX_MX_NONE)
		return 0;
	for (i = 0; i < fx->spf_txt.n; i++)
		if (spf_is_spf1(fx->spf_txt.txt[i], strlen(fx->spf_txt.txt[i]))) {
			n++;
			at = i;
		}
	if (n != 1 || !chk_spf_is_reject_all(fx->spf_txt.txt[at]))
		return 0;
	chk_set(r, CHK_INFO, "other", "no_mx_advise_null_mx",
	    "%s has no MX and its SPF record (\"v=spf1 -all\") says it sends no "
	    "mail: a null MX (MX 0 .) would tell senders it receives none either "
	    "(RFC 7505)", fx->domain);
	return 1;
}

/* Every MX host must have an IPv6 address. The MX set's own state is
 * reported here too: a null MX next to real MX records (RFC 7505 §3 says
 * it must stand alone) is a warning. */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	size_t i, with6 = 0;
	const struct fx_host *missing = NULL;

	if (!chk_mx_applicable(fx, r)) {
		(void)advise_null_mx(fx, r);
		return;
	}
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
	if (missing == NULL && fx->mx_state == FX_MX_NULL_MIXED)
		chk_set(r, CHK_WARNING, "other", "null_mx_mixed",
		    "every mail server (%zu) has an IPv6 address, but the MX set "
		    "also holds a null MX (MX 0 .), which must stand alone "
		    "(RFC 7505 §3)", fx->n_mx);
	else if (missing == NULL)
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
