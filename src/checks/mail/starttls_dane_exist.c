#include "checks/mail/starttls_common.h"

/* TLSA for SMTP (RFC 7672): at _25._tcp.MX, DNSSEC-secure, with at least
 * one record of usage 2 or 3 (0 and 1 mean nothing on port 25). */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct fx_mx_extra *x = chk_mx_extra(fx, chk_mail_ep(fx, e));
	const struct fx_tlsa *t;
	json_t *arr = json_array();
	size_t i, usable = 0;

	if (x == NULL) {
		json_decref(arr);
		chk_set(r, CHK_ERROR, "error", "no_mx", "no MX for this address");
		return;
	}
	t = &x->tlsa;
	for (i = 0; i < t->n; i++) {
		json_array_append_new(arr, json_pack("{s:i,s:i,s:i}",
		    "usage", t->rrs[i].usage, "selector", t->rrs[i].selector,
		    "matching_type", t->rrs[i].mtype));
		usable += t->rrs[i].usage == 2 || t->rrs[i].usage == 3;
	}
	json_object_set_new(r->evidence, "owner", chk_jstr(t->owner));
	json_object_set_new(r->evidence, "records", arr);
	if (t->lk.done && t->lk.sec == DNS_SEC_BOGUS) {
		chk_set(r, CHK_FAILED, "bad", "tlsa_bogus",
		    "the TLSA records at %s fail DNSSEC validation: %s", t->owner,
		    t->lk.why_bogus ? t->lk.why_bogus : "no reason given");
		return;
	}
	if (!chk_lookup_answered(&t->lk)) {
		chk_set_lookup_error(r, &t->lk, "TLSA lookup");
		return;
	}
	if (t->n == 0) {
		chk_set(r, CHK_FAILED, "bad", "tlsa_missing", "no TLSA record at %s",
		    t->owner);
		return;
	}
	if (t->lk.sec != DNS_SEC_SECURE) {
		chk_set(r, CHK_FAILED, "bad", "tlsa_insecure",
		    "TLSA records at %s are not DNSSEC-signed", t->owner);
		return;
	}
	if (usable == 0) {
		chk_set(r, CHK_FAILED, "bad", "tlsa_unusable",
		    "TLSA at %s has only usages 0/1, which SMTP ignores (RFC 7672)",
		    t->owner);
		return;
	}
	r->points = r->max_points;
	chk_set(r, CHK_PASSED, "good", "tlsa_present",
	    "%zu DNSSEC-signed TLSA record%s at %s", t->n, t->n == 1 ? "" : "s",
	    t->owner);
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_tls_endpoint(fx, r, ep);
}

const struct chk_def chk_mail_starttls_dane_exist = {
	.name = "mail_starttls_dane_exist",
	.category = "mail_starttls",
	.title = "DANE records",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
