#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

/* TLS 1.3 early data (0-RTT) can be replayed: it must be refused. */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct tls_audit *a = chk_ep_audit(e, r);

	(void)fx;
	if (a == NULL)
		return;
	json_object_set_new(r->evidence, "early_data",
	    chk_jstr(tls_early_status_str(a->early.status)));
	switch (a->early.status) {
	case TLS_EARLY_ACCEPTED:
		chk_set(r, CHK_FAILED, "bad", "0rtt_accepted",
		    "the server accepts 0-RTT early data, which an attacker can replay");
		return;
	case TLS_EARLY_FAILED:
		chk_set(r, CHK_ERROR, "error", "resumption_failed",
		    "the 0-RTT probe's resumption failed: %s",
		    a->early.hs.detail ? a->early.hs.detail : tls_audit_err_code(a->early.hs.code));
		return;
	case TLS_EARLY_NOT_TESTED:
		r->points = r->max_points;
		chk_set(r, CHK_NOT_TESTED, "na", "no_tls13", "0-RTT exists only in TLS 1.3");
		return;
	default:
		break;
	}
	r->points = r->max_points;
	chk_set(r, CHK_PASSED, "good", "0rtt_refused", "the server does not accept 0-RTT (%s)",
	    tls_early_status_str(a->early.status));
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_tls_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_tls_0rtt = {
	.name = "web_https_tls_0rtt",
	.category = "web_https",
	.title = "0-RTT",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
