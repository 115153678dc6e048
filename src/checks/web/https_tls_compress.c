#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

static int
only_tls13(const struct tls_scan *s)
{
	size_t i;

	for (i = 0; i < TLS_SCAN_NVERSIONS; i++)
		if (s->v[i].accepted == TLS_TRI_YES && s->v[i].version != TLS_V1_3)
			return 0;
	return 1;
}

/* TLS compression (CRIME) must be refused. */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct tls_scan *s = chk_ep_scan(e, r);

	(void)fx;
	if (s == NULL)
		return;
	if (s->compression == TLS_TRI_YES) {
		chk_set(r, CHK_FAILED, "bad", "tls_compression",
		    "the server accepts TLS compression, which leaks secrets (CRIME)");
		return;
	}
	if (s->compression == TLS_TRI_UNKNOWN && !only_tls13(s)) {
		chk_set(r, CHK_ERROR, "error", "unknown",
		    "TLS compression could not be tested");
		return;
	}
	r->points = r->max_points;
	chk_set(r, CHK_PASSED, "good", "no_tls_compression",
	    only_tls13(s) ? "TLS 1.3 has no compression" : "the server refuses TLS compression");
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_tls_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_tls_compress = {
	.name = "web_https_tls_compress",
	.category = "web_https",
	.title = "TLS compression",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};

/* The same judgement on every MX address, after STARTTLS. */
const struct chk_def chk_mail_starttls_tls_compress = {
	.name = "mail_starttls_tls_compress",
	.category = "mail_starttls",
	.title = "TLS compression",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
