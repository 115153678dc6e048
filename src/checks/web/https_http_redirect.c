#include <string.h>

#include "checks/web/https_common.h"

/* http://name/ must send its first hop to https://name/ (same name), and no
 * later hop may lead back to plain http. An address with nothing on port 80
 * passes: there is no plain HTTP to protect. */
static void
ep(const struct facts *fx, const struct fx_web_ep *e, struct chk_result *r)
{
	const struct http_follow_result *fr = e->http80;
	const struct http_hop *h0, *h1;
	size_t i;

	if (fr == NULL || fr->n_hops == 0 || fr->hops[0].result == NULL) {
		chk_set_http_error(r, NULL, "GET http://name/");
		return;
	}
	h0 = &fr->hops[0];
	if (h0->result->outcome == HTTP_FETCH_REFUSED) {
		r->points = r->max_points;
		chk_set(r, CHK_PASSED, "good", "no_http",
		    "nothing listens on port 80, so there is no plain HTTP to redirect");
		return;
	}
	if (h0->result->outcome != HTTP_FETCH_OK) {
		chk_set_http_error(r, h0->result, "GET http://name/");
		return;
	}
	if (fr->n_hops < 2 || h0->location == NULL) {
		chk_set(r, CHK_FAILED, "bad", "no_redirect",
		    "http://%s/ answers %ld without redirecting to HTTPS", fx->domain,
		    h0->status);
		return;
	}
	h1 = &fr->hops[1];
	if (h1->scheme == NULL || strcmp(h1->scheme, "https") != 0) {
		chk_set(r, CHK_FAILED, "bad", "redirect_not_https",
		    "http://%s/ redirects to %s, not to HTTPS", fx->domain, h1->url);
		return;
	}
	if (h1->host == NULL || strcmp(h1->host, fx->domain) != 0) {
		chk_set(r, CHK_FAILED, "bad", "redirect_other_host",
		    "http://%s/ redirects to %s; the first hop must stay on %s so its "
		    "HSTS policy is set", fx->domain, h1->url, fx->domain);
		return;
	}
	for (i = 2; i < fr->n_hops; i++) {
		if (fr->hops[i].scheme != NULL && strcmp(fr->hops[i].scheme, "http") == 0) {
			chk_set(r, CHK_FAILED, "bad", "redirect_back_to_http",
			    "http://%s/ redirects to HTTPS, but hop %zu goes back to %s",
			    fx->domain, i, fr->hops[i].url);
			return;
		}
	}
	r->points = r->max_points;
	chk_set(r, CHK_PASSED, "good", "redirect_https",
	    "http://%s/ redirects straight to %s", fx->domain, h1->url);
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_http_redirect = {
	.name = "web_https_http_redirect",
	.category = "web_https",
	.title = "HTTP redirects to HTTPS",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
