#include <stdio.h>

#include "checks/web/https_common.h"

#define SIMILAR_MAX_DISTANCE 0.10

/* What one address shows a visitor: which of 80 and 443 answer, with what
 * status, and the page (HTTPS preferred). */
struct view {
	int open80, open443;
	long st80, st443;
	const struct http_result *page;
};

static const char *
ports_str(const struct view *v)
{
	if (v->open80 && v->open443)
		return "on ports 80 and 443";
	if (v->open80)
		return "on port 80 only";
	if (v->open443)
		return "on port 443 only";
	return "on neither port 80 nor 443";
}

static int
answered(const struct http_result *h)
{
	return h != NULL && h->outcome == HTTP_FETCH_OK;
}

static void
view_of(const struct fx_web_ep *e, struct view *v)
{
	const struct http_result *h80 = chk_ep_http80(e);

	v->open80 = answered(h80);
	v->open443 = answered(e->https);
	v->st80 = v->open80 ? h80->status : 0;
	v->st443 = v->open443 ? e->https->status : 0;
	v->page = v->open443 ? e->https : v->open80 ? h80 : NULL;
}

/* The IPv4 and the IPv6 site must be the same site: the same ports open,
 * the same status, and pages at most 10 % apart. Every IPv6 address is
 * compared with the first IPv4 address that answers. */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	const struct fx_web_ep *v4 = NULL;
	struct view a, b;
	json_t *cmp = json_array();
	size_t i;
	double dist, worst = -1;
	enum chk_status st = CHK_PASSED;
	const char *code = "same_site";

	json_decref(r->evidence);
	r->evidence = json_pack("{s:o}", "comparisons", cmp);
	for (i = 0; i < fx->n_eps && v4 == NULL; i++) {
		view_of(&fx->eps[i], &a);
		if (fx->eps[i].addr.family == AF_INET && a.page != NULL)
			v4 = &fx->eps[i];
	}
	if (v4 == NULL || fx->web.n_v6 == 0) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_pair",
		    "comparing needs an answering IPv4 address and an IPv6 address");
		return;
	}
	view_of(v4, &a);
	for (i = 0; i < fx->n_eps; i++) {
		const struct fx_web_ep *e = &fx->eps[i];

		if (e->addr.family != AF_INET6)
			continue;
		view_of(e, &b);
		dist = -1;
		if (b.page != NULL)
			dist = http_html_distance((const char *)a.page->body, a.page->body_len,
			    (const char *)b.page->body, b.page->body_len);
		json_array_append_new(cmp, json_pack("{s:s,s:s,s:[i,i],s:[i,i],s:[i,i],s:[i,i],s:f}",
		    "ipv4", v4->addr.text, "ipv6", e->addr.text,
		    "ipv4_open", a.open80, a.open443, "ipv6_open", b.open80, b.open443,
		    "ipv4_status", (int)a.st80, (int)a.st443,
		    "ipv6_status", (int)b.st80, (int)b.st443, "distance", dist));
		if (a.open80 != b.open80 || a.open443 != b.open443) {
			chk_set(r, CHK_FAILED, "bad", "ports_differ",
			    "%s answers %s, but %s answers %s", v4->addr.text,
			    ports_str(&a), e->addr.text, ports_str(&b));
			return;
		}
		if (a.st80 != b.st80 || a.st443 != b.st443) {
			chk_set(r, CHK_FAILED, "bad", "status_differs",
			    "%s answers %ld/%ld (ports 80/443) but %s answers %ld/%ld",
			    v4->addr.text, a.st80, a.st443, e->addr.text, b.st80, b.st443);
			return;
		}
		if (dist < 0) {
			chk_set(r, CHK_ERROR, "error", "nomem", "the pages could not be compared");
			return;
		}
		if (dist > worst)
			worst = dist;
		if (dist > SIMILAR_MAX_DISTANCE && st == CHK_PASSED) {
			st = CHK_WARNING;
			code = "content_differs";
		}
		if (a.page->status < 200 || a.page->status > 399) {
			st = CHK_WARNING;
			code = "no_success_status";
		}
	}
	if (st == CHK_PASSED) {
		r->points = r->max_points;
		chk_set(r, st, "good", code,
		    "the IPv4 and IPv6 sites are the same (pages differ by %.0f %%)",
		    worst * 100);
	} else if (code[0] == 'n')
		chk_set(r, st, "other", code,
		    "both IPv4 and IPv6 answer status %ld, not a success", a.page->status);
	else
		chk_set(r, st, "other", code,
		    "the IPv4 and IPv6 pages differ by %.0f %% (more than 10 %%)", worst * 100);
}

const struct chk_def chk_web_ipv6_ws_similar = {
	.name = "web_ipv6_ws_similar",
	.category = "web_ipv6",
	.title = "Same website over IPv4 and IPv6",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 2,
	.evaluate = evaluate,
};
