#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

/* Cipher suites of every accepted version (catalogue §6). */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct tls_scan *s = chk_ep_scan(e, r);
	enum tlsp_class worst = TLSP_GOOD, c;
	const char *worst_name = NULL, *worst_ver = NULL;
	json_t *arr = json_array();
	size_t i, j;

	(void)fx;
	json_object_set_new(r->evidence, "suites", arr);
	if (s == NULL)
		return;
	for (i = 0; i < TLS_SCAN_NVERSIONS; i++) {
		const struct tls_scan_version *v = &s->v[i];

		if (v->accepted != TLS_TRI_YES)
			continue;
		if (v->version == TLS_SSL2 && v->n_ssl2_specs > 0) {
			worst = TLSP_INSUFFICIENT;
			worst_name = "SSL 2.0 cipher specs";
			worst_ver = tls_version_name(v->version);
		}
		for (j = 0; j < v->n_suites; j++) {
			c = tlsp_suite(v->version, v->suites[j]);
			json_array_append_new(arr, json_pack("{s:s,s:s,s:s}", "version",
			    tls_version_name(v->version), "suite", tls_suite_name(v->suites[j]),
			    "class", tlsp_class_str(c)));
			if (worst_name == NULL || c > worst) {
				worst = c;
				worst_name = tls_suite_name(v->suites[j]);
				worst_ver = tls_version_name(v->version);
			}
		}
	}
	if (worst_name == NULL) {
		chk_set(r, CHK_FAILED, "bad", "no_suites", "no cipher suite was accepted");
		return;
	}
	if (worst == TLSP_INSUFFICIENT) {
		chk_set(r, CHK_FAILED, "bad", "insufficient_suite",
		    "accepts %s on %s, which is insufficient", worst_name, worst_ver);
		return;
	}
	r->points = r->max_points;
	if (worst == TLSP_PHASE_OUT)
		chk_set(r, CHK_WARNING, "phase_out", "phase_out_suite",
		    "accepts %s on %s, which is to be phased out", worst_name, worst_ver);
	else
		chk_set(r, CHK_PASSED, "good", "suites_good",
		    "every accepted cipher suite is good or sufficient");
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_tls_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_tls_ciphers = {
	.name = "web_https_tls_ciphers",
	.category = "web_https",
	.title = "Cipher suites",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};

/* The same judgement on every MX address, after STARTTLS. */
const struct chk_def chk_mail_starttls_tls_ciphers = {
	.name = "mail_starttls_tls_ciphers",
	.category = "mail_starttls",
	.title = "Cipher suites",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
