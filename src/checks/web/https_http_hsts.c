#include "checks/web/https_common.h"

#define HSTS_MIN_AGE 31536000   /* one year, in seconds */

/* The first Strict-Transport-Security header of https://name/, before any
 * redirect: valid, with max-age of at least a year. */
static void
ep(const struct facts *fx, const struct fx_web_ep *e, struct chk_result *r)
{
	const struct http_result *h = e->https;
	struct http_hsts hs;
	const char *v;

	if (h == NULL || h->outcome != HTTP_FETCH_OK) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_https",
		    "no HTTPS response to read an HSTS header from");
		return;
	}
	json_object_set_new(r->evidence, "status", json_integer(h->status));
	if ((v = http_header_get(h, "strict-transport-security")) == NULL) {
		chk_set(r, CHK_FAILED, "bad", "hsts_missing",
		    "https://%s/ sends no Strict-Transport-Security header", fx->domain);
		return;
	}
	json_object_set_new(r->evidence, "header", chk_jstr(v));
	if (http_parse_hsts(v, &hs) != 0) {
		chk_set(r, CHK_FAILED, "bad", "hsts_invalid",
		    "the Strict-Transport-Security header is invalid (%s), so browsers ignore it",
		    hs.detail);
		return;
	}
	json_object_set_new(r->evidence, "max_age", json_integer(hs.max_age));
	if (hs.max_age < HSTS_MIN_AGE) {
		r->points = 2;
		chk_set(r, CHK_FAILED, "bad", "hsts_short",
		    "HSTS max-age is %lld seconds; at least one year (31536000) is needed",
		    (long long)hs.max_age);
		return;
	}
	r->points = r->max_points;
	chk_set(r, CHK_PASSED, "good", "hsts_good",
	    "HSTS is set for %lld seconds%s", (long long)hs.max_age,
	    hs.include_subdomains ? ", including subdomains" : "");
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_http_hsts = {
	.name = "web_https_http_hsts",
	.category = "web_https",
	.title = "HSTS",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
