#include "checks/mail/starttls_common.h"
#include "tls/audit.h"

/* The secure TLSA records of the MX must match the chain its STARTTLS
 * handshake shows (RFC 7672 §3; OpenSSL's DANE verifier). */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct fx_mx_extra *x = chk_mx_extra(fx, chk_mail_ep(fx, e));
	const struct tls_audit *a;

	size_t i, usable = 0;

	if (x == NULL || x->tlsa.n == 0 || x->tlsa.lk.sec != DNS_SEC_SECURE) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_secure_tlsa",
		    "there are no DNSSEC-signed TLSA records to check");
		return;
	}
	for (i = 0; i < x->tlsa.n; i++)
		usable += x->tlsa.rrs[i].usage == 2 || x->tlsa.rrs[i].usage == 3;
	if (usable == 0) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_usable_tlsa",
		    "only TLSA usages 0/1, which SMTP ignores (see DANE records)");
		return;
	}
	if ((a = chk_ep_audit(e, r)) == NULL)
		return;
	json_object_set_new(r->evidence, "usable_records",
	    json_integer((json_int_t)a->dane.usable));
	if (!a->dane.ok) {
		chk_set(r, CHK_FAILED, "bad", "dane_mismatch",
		    "no TLSA record matches the certificate chain%s%s",
		    a->dane.error ? ": " : "", a->dane.error ? a->dane.error : "");
		return;
	}
	r->points = r->max_points;
	chk_set(r, CHK_PASSED, "good", "dane_match",
	    "TLSA %u %u %u matches the chain at depth %d", a->dane.usage,
	    a->dane.selector, a->dane.mtype, a->dane.depth);
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_tls_endpoint(fx, r, ep);
}

const struct chk_def chk_mail_starttls_dane_valid = {
	.name = "mail_starttls_dane_valid",
	.category = "mail_starttls",
	.title = "DANE records match",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
