#include "checks/web/https_common.h"

#define HSTS_MIN_AGE 31536000   /* one year, in seconds */

/*
 * Ready for the browsers' HSTS preload lists: the header of https://name/
 * holds `preload` with includeSubDomains and a max-age of a year or more
 * (what the lists ask for). New in uptodate; optional, so info at worst.
 */
static void
ep(const struct facts *fx, const struct fx_web_ep *e, struct chk_result *r)
{
	const struct http_result *h = e->https;
	struct http_hsts hs;
	const char *v;

	(void)fx;
	if (h == NULL || h->outcome != HTTP_FETCH_OK) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_https",
		    "no HTTPS response to read an HSTS header from");
		return;
	}
	if ((v = http_header_get(h, "strict-transport-security")) == NULL ||
	    http_parse_hsts(v, &hs) != 0) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_valid_hsts",
		    "no valid Strict-Transport-Security header (see HSTS)");
		return;
	}
	json_object_set_new(r->evidence, "header", chk_jstr(v));
	if (!hs.preload) {
		chk_set(r, CHK_INFO, "other", "hsts_no_preload",
		    "the HSTS header has no preload directive");
		return;
	}
	if (!hs.include_subdomains || hs.max_age < HSTS_MIN_AGE) {
		chk_set(r, CHK_INFO, "other", "hsts_preload_incomplete",
		    "the HSTS header asks for preloading but lacks %s",
		    !hs.include_subdomains ? "includeSubDomains" :
		    "a max-age of at least a year");
		return;
	}
	chk_set(r, CHK_PASSED, "good", "hsts_preload_ready",
	    "the HSTS header is ready for the preload lists (preload, "
	    "includeSubDomains, max-age %lld)", (long long)hs.max_age);
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_hsts_preload = {
	.name = "web_https_hsts_preload",
	.category = "web_https",
	.title = "HSTS preload",
	.kind = FX_WEB,
	.level = CHK_OPTIONAL,
	.max_points = 0,
	.evaluate = evaluate,
};
