#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

/* Client-initiated renegotiation costs the server CPU (a DoS lever). */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	/* The main handshake tests renegotiation when it is TLS <= 1.2;
	 * otherwise a second one capped at TLS 1.2 does. */
	const struct tls_audit *a = e->audit != NULL && e->audit->reneg.tested ?
	    e->audit : e->audit12;

	(void)fx;
	if (a == NULL || a->hs.code != TLS_AUDIT_OK) {
		/* No TLS 1.2 handshake: nothing to renegotiate, or no HTTPS. */
		if (chk_ep_audit(e, r) == NULL)
			return;
		chk_set(r, CHK_PASSED, "good", "tls13_only",
		    "only TLS 1.3 is accepted, which has no renegotiation");
		return;
	}
	json_object_set_new(r->evidence, "attempts", json_integer(a->reneg.attempts));
	json_object_set_new(r->evidence, "succeeded", json_integer(a->reneg.succeeded));
	if (!a->reneg.tested) {
		chk_set(r, CHK_PASSED, "good", "tls13_only",
		    "TLS 1.3 has no renegotiation");
		return;
	}
	if (a->reneg.succeeded > 0) {
		chk_set(r, CHK_INFO, "other", "client_reneg_allowed",
		    "the server allowed %u of %u client-initiated renegotiations",
		    a->reneg.succeeded, a->reneg.attempts);
		return;
	}
	chk_set(r, CHK_PASSED, "good", "client_reneg_refused",
	    "the server refuses client-initiated renegotiation");
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_tls_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_tls_clientreneg = {
	.name = "web_https_tls_clientreneg",
	.category = "web_https",
	.title = "Client renegotiation",
	.kind = FX_WEB,
	.level = CHK_OPTIONAL,
	.max_points = 0,
	.evaluate = evaluate,
};
