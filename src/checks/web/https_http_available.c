#include "checks/web/https_common.h"

/* HTTPS answers on 443 at this address. */
static void
ep(const struct facts *fx, const struct fx_web_ep *e, struct chk_result *r)
{
	const struct http_result *h = e->https;

	if (h == NULL) {
		chk_set_http_error(r, h, "GET https://name/");
		return;
	}
	switch (h->outcome) {
	case HTTP_FETCH_OK:
		chk_set(r, CHK_PASSED, "good", "https_available",
		    "HTTPS answers on port 443 (status %ld)", h->status);
		break;
	case HTTP_FETCH_REFUSED:
		chk_set(r, CHK_FAILED, "bad", "https_missing",
		    "nothing accepts connections on port 443: no HTTPS");
		break;
	case HTTP_FETCH_TLS:
	case HTTP_FETCH_EMPTY:
	case HTTP_FETCH_BADREPLY:
		chk_set(r, CHK_FAILED, "bad", "https_broken",
		    "port 443 is open but no HTTPS conversation was possible (%s: %s)",
		    http_outcome_code(h->outcome), h->detail);
		break;
	default:
		chk_set_http_error(r, h, "GET https://name/");
		break;
	}
	(void)fx;
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_http_available = {
	.name = "web_https_http_available",
	.category = "web_https",
	.title = "HTTPS available",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 0,
	.evaluate = evaluate,
};
