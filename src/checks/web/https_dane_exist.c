#include "checks/common.h"

/* DANE for the website: TLSA records at _443._tcp.name, in a DNSSEC-secure
 * answer (an unsigned TLSA protects nothing). */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	const struct fx_tlsa *t = &fx->tlsa;
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < t->n; i++)
		json_array_append_new(arr, json_pack("{s:i,s:i,s:i,s:i}",
		    "usage", t->rrs[i].usage, "selector", t->rrs[i].selector,
		    "matching_type", t->rrs[i].mtype, "data_length", (int)t->rrs[i].len));
	json_decref(r->evidence);
	r->evidence = json_pack("{s:s?,s:o,s:o}", "owner", t->owner,
	    "tlsa_lookup", chk_json_lookup(&t->lk), "records", arr);
	if (t->lk.done && t->lk.sec == DNS_SEC_BOGUS) {
		chk_set(r, CHK_INFO, "bad", "tlsa_bogus",
		    "the TLSA records at %s fail DNSSEC validation: %s", t->owner,
		    t->lk.why_bogus ? t->lk.why_bogus : "no reason given");
		return;
	}
	if (!chk_lookup_answered(&t->lk)) {
		chk_set_lookup_error(r, &t->lk, "TLSA lookup");
		return;
	}
	if (t->n == 0) {
		chk_set(r, CHK_INFO, "bad", "tlsa_missing",
		    "no TLSA record at %s", t->owner);
		return;
	}
	if (t->lk.sec != DNS_SEC_SECURE) {
		chk_set(r, CHK_INFO, "bad", "tlsa_insecure",
		    "TLSA records at %s are not DNSSEC-signed, so clients cannot trust them",
		    t->owner);
		return;
	}
	chk_set(r, CHK_PASSED, "good", "tlsa_present",
	    "%zu DNSSEC-signed TLSA record%s at %s", t->n, t->n == 1 ? "" : "s",
	    t->owner);
}

const struct chk_def chk_web_https_dane_exist = {
	.name = "web_https_dane_exist",
	.category = "web_https",
	.title = "DANE records for the website",
	.kind = FX_WEB,
	.level = CHK_OPTIONAL,
	.max_points = 0,
	.evaluate = evaluate,
};
