#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

/* Extended master secret (RFC 7627) on TLS 1.2. */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct tls_scan *s = chk_ep_scan(e, r);
	const struct tls_scan_version *v12;
	enum tls_tri t;

	(void)fx;
	if (s == NULL)
		return;
	v12 = tls_scan_get(s, TLS_V1_2);
	if (v12 == NULL || v12->accepted != TLS_TRI_YES) {
		r->points = r->max_points;
		chk_set(r, CHK_NOT_TESTED, "na", "no_tls12", "TLS 1.2 is not accepted");
		return;
	}
	t = v12->ems != TLS_TRI_UNKNOWN ? v12->ems : s->ems;
	if (t == TLS_TRI_UNKNOWN && e->audit != NULL && e->audit->ems >= 0)
		t = e->audit->ems ? TLS_TRI_YES : TLS_TRI_NO;
	if (t == TLS_TRI_NO) {
		chk_set(r, CHK_FAILED, "bad", "no_ems",
		    "the server does not use the extended master secret on TLS 1.2");
		return;
	}
	if (t == TLS_TRI_UNKNOWN) {
		chk_set(r, CHK_ERROR, "error", "unknown",
		    "extended master secret support could not be established");
		return;
	}
	r->points = r->max_points;
	chk_set(r, CHK_PASSED, "good", "ems", "the server uses the extended master secret");
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_tls_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_tls_extendedmastersecret = {
	.name = "web_https_tls_extendedmastersecret",
	.category = "web_https",
	.title = "Extended master secret",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};

/* The same judgement on every MX address, after STARTTLS. */
const struct chk_def chk_mail_starttls_tls_extendedmastersecret = {
	.name = "mail_starttls_tls_extendedmastersecret",
	.category = "mail_starttls",
	.title = "Extended master secret",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
