#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

/* The chain must lead to a trusted root (the CA file, or the system store). */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct tls_audit *a = chk_ep_audit(e, r);

	(void)fx;
	if (a == NULL)
		return;
	if (a->n_chain > 0)
		json_object_set_new(r->evidence, "leaf", chk_jstr(a->chain[0].subject));
	if (!a->trusted) {
		chk_set(r, CHK_FAILED, "bad", "untrusted",
		    "the certificate chain is not trusted: %s (at depth %d)",
		    a->verify_error ? a->verify_error : "unknown reason", a->verify_depth);
		return;
	}
	r->points = r->max_points;
	chk_set(r, CHK_PASSED, "good", "trusted", "the certificate chain is trusted");
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_tls_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_cert_chain = {
	.name = "web_https_cert_chain",
	.category = "web_https",
	.title = "Certificate trust",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};

/* The same judgement on every MX address, after STARTTLS. */
const struct chk_def chk_mail_starttls_cert_chain = {
	.name = "mail_starttls_cert_chain",
	.category = "mail_starttls",
	.title = "Certificate trust",
	.kind = FX_MAIL,
	.level = CHK_OPTIONAL,
	.max_points = 0,
	.evaluate = evaluate,
};
