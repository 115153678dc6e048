#include <strings.h>

#include "checks/web/https_common.h"

/* HTTP compression over HTTPS can leak secrets (BREACH): informational. */
static void
ep(const struct facts *fx, const struct fx_web_ep *e, struct chk_result *r)
{
	const struct http_result *h = e->https;
	const char *v;

	(void)fx;
	if (h == NULL || h->outcome != HTTP_FETCH_OK) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_https", "no HTTPS response to read");
		return;
	}
	v = http_header_get(h, "content-encoding");
	if (v != NULL && strcasecmp(v, "identity") != 0) {
		chk_set(r, CHK_INFO, "other", "http_compressed",
		    "the HTTPS response is compressed (%s); if the page mixes secrets with "
		    "user input, compression can leak them (BREACH)", v);
		return;
	}
	chk_set(r, CHK_PASSED, "good", "http_uncompressed",
	    "the HTTPS response is not compressed");
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_http_compress = {
	.name = "web_https_http_compress",
	.category = "web_https",
	.title = "HTTP compression",
	.kind = FX_WEB,
	.level = CHK_OPTIONAL,
	.max_points = 0,
	.evaluate = evaluate,
};
