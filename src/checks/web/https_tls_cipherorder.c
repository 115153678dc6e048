#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

/* The server must prefer every good or sufficient suite over every weaker
 * one it accepts; with only good/sufficient suites the order is free. */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct tls_scan *s = chk_ep_scan(e, r);
	size_t i, j, k;

	(void)fx;
	if (s == NULL)
		return;
	for (i = 0; i < TLS_SCAN_NVERSIONS; i++) {
		const struct tls_scan_version *v = &s->v[i];
		int weak = 0, strong = 0;

		if (v->accepted != TLS_TRI_YES || v->n_suites < 2)
			continue;
		for (j = 0; j < v->n_suites; j++) {
			if (tlsp_suite(v->version, v->suites[j]) >= TLSP_PHASE_OUT)
				weak = 1;
			else
				strong = 1;
		}
		json_object_set_new(r->evidence, tls_version_name(v->version),
		    chk_jstr(tls_order_str(v->order)));
		if (!weak || !strong)
			continue;
		if (v->order == TLS_ORDER_CLIENT) {
			chk_set(r, CHK_FAILED, "bad", "client_order",
			    "on %s the server follows the client's order although it accepts "
			    "weaker suites", tls_version_name(v->version));
			return;
		}
		if (v->order != TLS_ORDER_SERVER) {
			chk_set(r, CHK_ERROR, "error", "order_unknown",
			    "the suite order on %s could not be established",
			    tls_version_name(v->version));
			return;
		}
		for (j = 0; j < v->n_suites; j++) {
			if (tlsp_suite(v->version, v->suites[j]) < TLSP_PHASE_OUT)
				continue;
			for (k = j + 1; k < v->n_suites; k++) {
				if (tlsp_suite(v->version, v->suites[k]) < TLSP_PHASE_OUT) {
					chk_set(r, CHK_FAILED, "bad", "weak_preferred",
					    "on %s the server prefers %s over %s",
					    tls_version_name(v->version),
					    tls_suite_name(v->suites[j]), tls_suite_name(v->suites[k]));
					return;
				}
			}
		}
	}
	r->points = r->max_points;
	chk_set(r, CHK_PASSED, "good", "order_good",
	    "the server prefers its strongest suites");
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_tls_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_tls_cipherorder = {
	.name = "web_https_tls_cipherorder",
	.category = "web_https",
	.title = "Cipher order",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};

/* The same judgement on every MX address, after STARTTLS. */
const struct chk_def chk_mail_starttls_tls_cipherorder = {
	.name = "mail_starttls_tls_cipherorder",
	.category = "mail_starttls",
	.title = "Cipher order",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
