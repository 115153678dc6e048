#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

/* Extended master secret (RFC 7627), on the highest version below 1.3 the
 * server accepts (TLS 1.0 to 1.2 all have it). */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct tls_scan *s = chk_ep_scan(e, r);
	const struct tls_scan_version *v = NULL, *c;
	static const uint16_t below13[] = { TLS_V1_2, TLS_V1_1, TLS_V1_0 };
	enum tls_tri t;
	size_t i;

	(void)fx;
	if (s == NULL)
		return;
	for (i = 0; i < sizeof(below13) / sizeof(below13[0]) && v == NULL; i++)
		if ((c = tls_scan_get(s, below13[i])) != NULL &&
		    c->accepted == TLS_TRI_YES)
			v = c;
	if (v == NULL) {
		r->points = r->max_points;
		chk_set(r, CHK_NOT_TESTED, "na", "no_tls12",
		    "no version below TLS 1.3 is accepted");
		return;
	}
	t = v->ems != TLS_TRI_UNKNOWN ? v->ems : s->ems;
	if (t == TLS_TRI_UNKNOWN && e->audit != NULL && e->audit->ems >= 0)
		t = e->audit->ems ? TLS_TRI_YES : TLS_TRI_NO;
	if (t == TLS_TRI_NO) {
		chk_set(r, CHK_FAILED, "bad", "no_ems",
		    "the server does not use the extended master secret on %s",
		    tls_version_name(v->version));
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
