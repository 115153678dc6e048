#include <stdio.h>

#include "checks/mail/auth_common.h"
#include "mail/spf.h"

/* Exactly one v=spf1 TXT record at the domain (RFC 7208 §4.5). */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	const struct fx_txt *t = &fx->spf_txt;
	const char *owner = chk_txt_owner(t, fx->domain);
	char what[300];
	size_t n;

	json_object_set_new(r->evidence, "txt", chk_json_txt(t));
	if (!chk_lookup_answered(&t->lk)) {
		snprintf(what, sizeof(what), "TXT lookup of %s", owner);
		chk_set_lookup_error(r, &t->lk, what);
		return;
	}
	n = chk_txt_count(t, spf_is_spf1, NULL);
	json_object_set_new(r->evidence, "count", json_integer((json_int_t)n));
	if (n == 0)
		chk_set(r, CHK_FAILED, "bad", "spf_missing",
		    "no v=spf1 TXT record at %s", owner);
	else if (n > 1)
		chk_set(r, CHK_FAILED, "bad", "spf_multiple",
		    "%zu v=spf1 TXT records at %s: there must be exactly one, "
		    "more is a permanent error (RFC 7208 §4.5)", n, owner);
	else {
		r->points = 10;
		chk_set(r, CHK_PASSED, "good", "spf_found",
		    "one SPF record at %s", owner);
	}
}

const struct chk_def chk_mail_auth_spf_exist = {
	.name = "mail_auth_spf_exist",
	.category = "mail_auth",
	.title = "SPF record",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
