#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks/web/appsec_common.h"
#include "http/sectxt.h"

/*
 * security.txt (RFC 9116, catalogue §8) at /.well-known/security.txt, or
 * at /security.txt (a location error): 200, text/plain; charset=utf-8,
 * and the fields' rules. Errors are a warning, recommendations only info.
 */
static void
ep(const struct facts *fx, const struct fx_web_ep *e, struct chk_result *r)
{
	const struct http_result *h = e->sectxt;
	const char *where = "/.well-known/security.txt", *ct, *problem;
	struct sectxt *t;
	char url[300];
	json_t *arr;
	size_t i;

	if (h == NULL || (h->outcome != HTTP_FETCH_OK && e->sectxt_root == NULL)) {
		chk_set_http_error(r, h, "GET /.well-known/security.txt");
		return;
	}
	if (h->outcome != HTTP_FETCH_OK || h->status != 200) {
		const struct http_result *root = e->sectxt_root;

		if (root != NULL && root->outcome == HTTP_FETCH_OK &&
		    root->status == 200) {
			h = root;
			where = "/security.txt";
		} else if (h->outcome != HTTP_FETCH_OK) {
			chk_set_http_error(r, h, "GET /.well-known/security.txt");
			return;
		} else {
			chk_set(r, CHK_WARNING, "bad", "sectxt_missing",
			    "no security.txt: /.well-known/security.txt answers %ld",
			    h->status);
			return;
		}
	}
	json_object_set_new(r->evidence, "location", chk_jstr(where));
	ct = http_header_get(h, "content-type");
	json_object_set_new(r->evidence, "content_type", ct ? chk_jstr(ct) :
	    json_null());
	if ((t = calloc(1, sizeof(*t))) == NULL) {
		chk_set(r, CHK_ERROR, "error", "nomem", "out of memory");
		return;
	}
	snprintf(url, sizeof(url), "https://%s%s", fx->domain, where);
	(void)sectxt_parse((const char *)h->body, h->body_len, url, time(NULL), t);
	arr = json_array();
	for (i = 0; i < t->n_findings; i++)
		json_array_append_new(arr, json_pack("{s:s,s:s,s:i,s:o}",
		    "severity", sectxt_severity_str(t->findings[i].severity),
		    "code", t->findings[i].code, "line", (int)t->findings[i].line,
		    "text", chk_jstr(t->findings[i].text)));
	json_object_set_new(r->evidence, "findings", arr);
	json_object_set_new(r->evidence, "signature",
	    chk_jstr(sectxt_signature_str(t)));
	if ((problem = sectxt_content_type_problem(ct)) != NULL) {
		chk_set(r, CHK_WARNING, "bad", "sectxt_content_type",
		    "security.txt is served as %s (%s): it must be text/plain; "
		    "charset=utf-8", ct ? ct : "nothing", problem);
	} else if (strcmp(where, "/security.txt") == 0) {
		chk_set(r, CHK_WARNING, "bad", "sectxt_location",
		    "security.txt is only at /security.txt; RFC 9116 puts it at "
		    "/.well-known/security.txt");
	} else if (t->n_errors > 0) {
		size_t k;

		for (k = 0; k < t->n_findings; k++)
			if (t->findings[k].severity == SECTXT_ERROR)
				break;
		chk_set(r, CHK_WARNING, "bad", "sectxt_errors",
		    "security.txt has %zu error%s; first: %s", t->n_errors,
		    t->n_errors == 1 ? "" : "s", k < t->n_findings ?
		    t->findings[k].text : "(not kept)");
	} else if (t->n_recommendations > 0) {
		chk_set(r, CHK_INFO, "other", "sectxt_recommendations",
		    "security.txt is valid; %zu recommendation%s not met (first: "
		    "%s)", t->n_recommendations, t->n_recommendations == 1 ? "" :
		    "s", t->n_findings ? t->findings[0].text : "-");
	} else {
		chk_set(r, CHK_PASSED, "good", "sectxt_good",
		    "security.txt is valid and meets every recommendation");
	}
	free(t);
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_endpoint(fx, r, ep);
}

const struct chk_def chk_web_appsecpriv_securitytxt = {
	.name = "web_appsecpriv_securitytxt",
	.category = "web_appsecpriv",
	.title = "security.txt",
	.kind = FX_WEB,
	.level = CHK_RECOMMENDED,
	.max_points = 0,
	.evaluate = evaluate,
};
