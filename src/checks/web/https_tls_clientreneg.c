#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

/* 1 when the scan saw a version below TLS 1.3 accepted. */
static int
below13(const struct tls_scan *s)
{
	size_t i;

	for (i = 0; i < TLS_SCAN_NVERSIONS; i++)
		if (s->v[i].accepted == TLS_TRI_YES && s->v[i].version < TLS_V1_3)
			return 1;
	return 0;
}

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
		/* No TLS 1.2 handshake: nothing to renegotiate when the scan
		 * saw no version below 1.3; otherwise that handshake failed
		 * and the test could not be done. */
		if (chk_ep_audit(e, r) == NULL)
			return;
		if (e->scan != NULL && e->scan->status == TLS_SCAN_OK &&
		    !below13(e->scan)) {
			chk_set(r, CHK_PASSED, "good", "tls13_only",
			    "only TLS 1.3 is accepted, which has no renegotiation");
			return;
		}
		chk_set(r, CHK_ERROR, "error", a != NULL ?
		    tls_audit_err_code(a->hs.code) : "not_tested",
		    "the TLS 1.2 handshake for the renegotiation test failed: %s",
		    a != NULL && a->hs.detail != NULL ? a->hs.detail :
		    a != NULL ? tls_audit_err_code(a->hs.code) : "not made");
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
