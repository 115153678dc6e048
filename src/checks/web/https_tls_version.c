#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

/* Protocol versions: TLS 1.3 good, 1.2 sufficient, anything older fails. */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct tls_scan *s = chk_ep_scan(e, r);
	uint16_t v[TLS_SCAN_NVERSIONS];
	char names[160] = "", old[120] = "";
	size_t i, n;

	(void)fx;
	if (s == NULL)
		return;
	for (i = 0; i < TLS_SCAN_NVERSIONS; i++) {
		if (s->v[i].accepted == TLS_TRI_UNKNOWN && s->v[i].err != TLS_SCAN_OK) {
			chk_set(r, CHK_ERROR, "error", tls_scan_status_code(s->v[i].err),
			    "whether %s is accepted is unknown: %s",
			    tls_version_name(s->v[i].version), s->v[i].why);
			return;
		}
	}
	n = chk_scan_versions(s, v, TLS_SCAN_NVERSIONS);
	json_object_set_new(r->evidence, "versions", json_array());
	for (i = 0; i < n; i++) {
		json_array_append_new(json_object_get(r->evidence, "versions"),
		    chk_jstr(tls_version_name(v[i])));
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
		    i ? ", " : "", tls_version_name(v[i]));
		if (tlsp_version(v[i]) == TLSP_INSUFFICIENT)
			snprintf(old + strlen(old), sizeof(old) - strlen(old), "%s%s",
			    old[0] ? ", " : "", tls_version_name(v[i]));
	}
	if (n == 0) {
		chk_set(r, CHK_FAILED, "bad", "no_version",
		    "the server accepted no SSL or TLS version we offered");
		return;
	}
	if (old[0]) {
		chk_set(r, CHK_FAILED, "bad", "old_versions",
		    "the server still accepts %s; only TLS 1.3 and 1.2 are safe (accepts: %s)",
		    old, names);
		return;
	}
	r->points = r->max_points;
	chk_set(r, CHK_PASSED, v[n - 1] == TLS_V1_3 ? "good" : "sufficient",
	    "versions_good", "accepts %s", names);
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_tls_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_tls_version = {
	.name = "web_https_tls_version",
	.category = "web_https",
	.title = "TLS versions",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};

/* The same judgement on every MX address, after STARTTLS. */
const struct chk_def chk_mail_starttls_tls_version = {
	.name = "mail_starttls_tls_version",
	.category = "mail_starttls",
	.title = "TLS versions",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
