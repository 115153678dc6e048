#include <stdio.h>

#include "checks/mail/starttls_common.h"

/* CAA of each MX name (RFC 8659): a readable set at the name or a parent
 * with an issue property; the worst MX decides. */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	json_t *arr = json_array();
	size_t i, k, worst = 0, issue, bad;
	enum chk_status st = CHK_PASSED;
	char detail[CHK_DETAIL_MAX] = "";
	const char *code = "caa_good";

	if (!chk_mx_applicable(fx, r)) {
		json_decref(arr);
		return;
	}
	json_object_set_new(r->evidence, "mx_caa", arr);
	if (fx->mx_extra == NULL) {
		chk_set(r, CHK_ERROR, "error", "not_asked",
		    "the CAA records of the MX names were not looked up");
		return;
	}
	for (i = 0; i < fx->n_mx; i++) {
		const struct fx_caa *c = &fx->mx_extra[i].caa;
		enum chk_status s = CHK_PASSED;
		char w[200] = "";

		issue = bad = 0;
		for (k = 0; k < c->n; k++) {
			bad += caa_check(&c->rrs[k], w, sizeof(w)) != 0;
			issue += caa_is_issue(&c->rrs[k]);
		}
		json_array_append_new(arr, json_pack("{s:s,s:s?,s:i,s:o}",
		    "name", fx->mx[i].name, "owner", c->owner, "records", (int)c->n,
		    "lookup", chk_json_lookup(&c->lk)));
		if (c->owner == NULL && !chk_lookup_answered(&c->lk)) {
			chk_set_lookup_error(r, &c->lk, "CAA lookup");
			return;
		}
		if (c->owner == NULL || issue == 0 || bad > 0 || c->n_unreadable > 0) {
			s = CHK_WARNING;
			if (worst++ == 0) {
				/* the first MX at fault names the code (as the
				 * website's CAA test) */
				code = c->owner == NULL ? "caa_missing" :
				    c->n_unreadable > 0 ? "caa_unreadable" :
				    bad > 0 ? "caa_syntax" : "caa_no_issue";
				snprintf(detail, sizeof(detail), "%s: %s",
				    fx->mx[i].name, c->owner == NULL ?
				    "no CAA record at the name or its parents" :
				    c->n_unreadable > 0 ? "CAA records cannot be read" :
				    bad > 0 ? w : "no issue or issuewild property");
			}
		}
		if (s < st)
			st = s;
	}
	if (st == CHK_WARNING) {
		chk_set(r, CHK_WARNING, "bad", code, "%s", detail);
		return;
	}
	chk_set(r, CHK_PASSED, "good", "caa_good",
	    "every MX name has CAA records naming who may issue");
}

const struct chk_def chk_mail_starttls_tls_caa = {
	.name = "mail_starttls_tls_caa",
	.category = "mail_starttls",
	.title = "CAA records of the MX",
	.kind = FX_MAIL,
	.level = CHK_RECOMMENDED,
	.max_points = 0,
	.evaluate = evaluate,
};
