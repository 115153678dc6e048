#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

/* Secure renegotiation (RFC 5746) up to TLS 1.2. */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct tls_scan *s = chk_ep_scan(e, r);
	enum tls_tri t;

	(void)fx;
	if (s == NULL)
		return;
	t = s->secure_reneg;
	if (t == TLS_TRI_UNKNOWN && e->audit != NULL && e->audit->secure_reneg >= 0)
		t = e->audit->secure_reneg ? TLS_TRI_YES : TLS_TRI_NO;
	if (t == TLS_TRI_NO) {
		chk_set(r, CHK_FAILED, "bad", "insecure_reneg",
		    "the server does not support secure renegotiation (RFC 5746)");
		return;
	}
	r->points = r->max_points;
	if (t == TLS_TRI_YES)
		chk_set(r, CHK_PASSED, "good", "secure_reneg",
		    "the server supports secure renegotiation");
	else
		chk_set(r, CHK_PASSED, "good", "tls13_only",
		    "TLS 1.3 has no renegotiation");
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_tls_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_tls_secreneg = {
	.name = "web_https_tls_secreneg",
	.category = "web_https",
	.title = "Secure renegotiation",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};

/* The same judgement on every MX address, after STARTTLS. */
const struct chk_def chk_mail_starttls_tls_secreneg = {
	.name = "mail_starttls_tls_secreneg",
	.category = "mail_starttls",
	.title = "Secure renegotiation",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
