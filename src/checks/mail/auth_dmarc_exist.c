#include "checks/mail/auth_common.h"

/* Exactly one v=DMARC1 record at _dmarc.domain, else at the
 * organizational domain's _dmarc name (RFC 7489 §6.6.3). */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	const struct fx_dmarc *d = &fx->dmarc;
	struct chk_dmarc_loc loc;
	int ok;

	json_object_set_new(r->evidence, "at_domain", chk_json_txt(&d->at_domain));
	if (d->org != NULL) {
		json_object_set_new(r->evidence, "organizational_domain",
		    chk_jstr(d->org));
		json_object_set_new(r->evidence, "at_org", chk_json_txt(&d->at_org));
	}
	ok = chk_dmarc_locate(fx, &loc, r);
	json_object_set_new(r->evidence, "effective", chk_jstr(loc.owner));
	if (!ok)
		return;
	json_object_set_new(r->evidence, "count", json_integer((json_int_t)loc.count));
	if (loc.count == 0 && loc.at_org)
		chk_set(r, CHK_FAILED, "bad", "dmarc_missing",
		    "no v=DMARC1 record at _dmarc.%s nor at its organizational "
		    "domain's %s", fx->domain, loc.owner);
	else if (loc.count == 0)
		chk_set(r, CHK_FAILED, "bad", "dmarc_missing",
		    "no v=DMARC1 record at %s", loc.owner);
	else if (loc.count > 1)
		chk_set(r, CHK_FAILED, "bad", "dmarc_multiple",
		    "%zu v=DMARC1 records at %s: with more than one, receivers "
		    "apply no DMARC policy at all", loc.count, loc.owner);
	else if (loc.at_org) {
		r->points = 10;
		chk_set(r, CHK_PASSED, "good", "dmarc_org",
		    "no DMARC record at _dmarc.%s; the organizational domain's "
		    "record at %s applies", fx->domain, loc.owner);
	} else {
		r->points = 10;
		chk_set(r, CHK_PASSED, "good", "dmarc_found",
		    "one DMARC record at %s", loc.owner);
	}
}

const struct chk_def chk_mail_auth_dmarc_exist = {
	.name = "mail_auth_dmarc_exist",
	.category = "mail_auth",
	.title = "DMARC record",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
