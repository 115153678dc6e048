#include <stdio.h>

#include "checks/common.h"

/* CAA (RFC 8659): a readable RRset at the name or a parent, every property
 * well-formed, and at least one issue or issuewild property. */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	const struct fx_caa *c = &fx->caa;
	json_t *arr = json_array();
	char why[200] = "";
	size_t i, issue = 0, bad = 0;

	for (i = 0; i < c->n; i++) {
		char w[200] = "";
		int ok = caa_check(&c->rrs[i], w, sizeof(w)) == 0;

		json_array_append_new(arr, json_pack("{s:i,s:s,s:s,s:b}", "flags",
		    c->rrs[i].flags, "tag", c->rrs[i].tag, "value", c->rrs[i].value,
		    "valid", ok));
		if (!ok && bad++ == 0)
			snprintf(why, sizeof(why), "%s", w);
		issue += caa_is_issue(&c->rrs[i]);
	}
	json_decref(r->evidence);
	r->evidence = json_pack("{s:s?,s:o,s:o,s:i}", "owner", c->owner,
	    "caa_lookup", chk_json_lookup(&c->lk), "records", arr,
	    "unreadable", (int)c->n_unreadable);
	if (c->owner == NULL && !chk_lookup_answered(&c->lk)) {
		chk_set_lookup_error(r, &c->lk, "CAA lookup");
		return;
	}
	if (c->owner == NULL) {
		chk_set(r, CHK_WARNING, "bad", "caa_missing",
		    "no CAA record at %s or its parents: any certificate authority may "
		    "issue certificates for it", fx->domain);
		return;
	}
	if (c->n_unreadable > 0) {
		chk_set(r, CHK_WARNING, "bad", "caa_unreadable",
		    "%zu CAA record%s at %s cannot be read", c->n_unreadable,
		    c->n_unreadable == 1 ? "" : "s", c->owner);
		return;
	}
	if (bad > 0) {
		chk_set(r, CHK_WARNING, "bad", "caa_syntax",
		    "CAA at %s has %zu malformed propert%s: %s", c->owner, bad,
		    bad == 1 ? "y" : "ies", why);
		return;
	}
	if (issue == 0) {
		chk_set(r, CHK_WARNING, "bad", "caa_no_issue",
		    "CAA at %s has no issue or issuewild property", c->owner);
		return;
	}
	chk_set(r, CHK_PASSED, "good", "caa_good",
	    "CAA at %s names who may issue certificates (%zu record%s)", c->owner,
	    c->n, c->n == 1 ? "" : "s");
}

const struct chk_def chk_web_https_tls_caa = {
	.name = "web_https_tls_caa",
	.category = "web_https",
	.title = "CAA records",
	.kind = FX_WEB,
	.level = CHK_RECOMMENDED,
	.max_points = 0,
	.evaluate = evaluate,
};
