#include <stdlib.h>

#include "checks/web/appsec_common.h"
#include "http/secheaders.h"
#include "mail/orgdom.h"

#define CSP_FINDINGS_SHOWN 16

/* Content-Security-Policy by the rules of catalogue §8: any broken rule
 * is a warning, and each is named in the evidence. */
static void
ep(const struct facts *fx, const struct fx_web_ep *e, struct chk_result *r)
{
	const struct http_result *h = chk_https_answer(e, r);
	const char *v[CHK_HEADER_VALUES_MAX];
	struct csp_finding f[CSP_FINDINGS_SHOWN];
	char base[ORGDOM_NAME_MAX + 1], why[160];
	struct csp_policy *p;
	json_t *arr;
	size_t n, nf, i;

	if (h == NULL)
		return;
	n = chk_header_values(h, "content-security-policy", v,
	    CHK_HEADER_VALUES_MAX);
	if (n == 0) {
		chk_set(r, CHK_WARNING, "bad", "csp_missing",
		    "https://%s/ sends no Content-Security-Policy", fx->domain);
		return;
	}
	if ((p = malloc(sizeof(*p))) == NULL) {
		chk_set(r, CHK_ERROR, "error", "nomem", "out of memory");
		return;
	}
	if (csp_parse(v, n, p, why, sizeof(why)) != 0) {
		chk_set(r, CHK_WARNING, "bad", "csp_invalid",
		    "the Content-Security-Policy cannot be read: %s", why);
		free(p);
		return;
	}
	if (orgdom_lookup(fx->domain, base, sizeof(base)) != ORGDOM_OK &&
	    base[0] == '\0')
		snprintf(base, sizeof(base), "%s", fx->domain);
	nf = csp_judge(p, base, f, CSP_FINDINGS_SHOWN);
	free(p);
	arr = json_array();
	for (i = 0; i < nf && i < CSP_FINDINGS_SHOWN; i++)
		json_array_append_new(arr, json_pack("{s:s,s:o,s:o,s:o}",
		    "rule", f[i].code, "directive", chk_jstr(f[i].directive),
		    "source", chk_jstr(f[i].source), "text", chk_jstr(f[i].text)));
	json_object_set_new(r->evidence, "broken_rules", arr);
	if (nf > 0) {
		chk_set(r, CHK_WARNING, "bad", "csp_weak",
		    "%zu CSP rule%s broken; first: %s", nf, nf == 1 ? "" : "s",
		    f[0].text);
		return;
	}
	chk_set(r, CHK_PASSED, "good", "csp_good",
	    "the Content-Security-Policy breaks none of the rules");
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_endpoint(fx, r, ep);
}

const struct chk_def chk_web_appsecpriv_csp = {
	.name = "web_appsecpriv_csp",
	.category = "web_appsecpriv",
	.title = "Content-Security-Policy",
	.kind = FX_WEB,
	.level = CHK_RECOMMENDED,
	.max_points = 0,
	.evaluate = evaluate,
};
