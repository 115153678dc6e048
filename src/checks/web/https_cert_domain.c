#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

/* The leaf certificate must be valid for the tested name. */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct tls_audit *a = chk_ep_audit(e, r);
	json_t *san = json_array();
	size_t i;

	json_object_set_new(r->evidence, "subject_alt_names", san);
	if (a == NULL)
		return;
	if (a->n_chain > 0)
		for (i = 0; i < a->chain[0].n_san; i++)
			json_array_append_new(san, chk_jstr(a->chain[0].san[i]));
	if (a->host_match != 1) {
		chk_set(r, CHK_FAILED, "bad", "name_mismatch",
		    "the certificate is not valid for %s (it names %s)",
		    a->sni ? a->sni : fx->domain,
		    a->n_chain > 0 && a->chain[0].n_san > 0 ? a->chain[0].san[0] :
		    a->n_chain > 0 ? a->chain[0].subject : "nothing");
		return;
	}
	r->points = r->max_points;
	chk_set(r, CHK_PASSED, "good", "name_match", "the certificate is valid for %s",
	    a->sni ? a->sni : fx->domain);
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_tls_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_cert_domain = {
	.name = "web_https_cert_domain",
	.category = "web_https",
	.title = "Certificate name",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};

/* The same judgement on every MX address, after STARTTLS. */
const struct chk_def chk_mail_starttls_cert_domain = {
	.name = "mail_starttls_cert_domain",
	.category = "mail_starttls",
	.title = "Certificate name",
	.kind = FX_MAIL,
	.level = CHK_OPTIONAL,
	.max_points = 0,
	.evaluate = evaluate,
};
