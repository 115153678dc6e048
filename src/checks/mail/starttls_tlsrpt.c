#include <stdlib.h>
#include <string.h>

#include "checks/mail/auth_common.h"
#include "checks/mail/mx_common.h"
#include "mail/tlsrpt.h"

/* RFC 8460 §3: one v=TLSRPTv1 TXT at _smtp._tls.domain with rua=. It
 * concerns mail sent to the domain's MX, so without an MX it does not
 * apply. */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	const struct fx_txt *t = &fx->tlsrpt;
	const char *owner = chk_txt_owner(t, "_smtp._tls"), *rec;
	struct tlsrpt_record *tr;
	json_t *rua;
	char why[256];
	size_t n, i;

	if (!chk_mx_applicable(fx, r))
		return;
	json_object_set_new(r->evidence, "txt", chk_json_txt(t));
	if (!chk_lookup_answered(&t->lk)) {
		chk_set_lookup_error(r, &t->lk, owner);
		return;
	}
	n = chk_txt_count(t, tlsrpt_is_tlsrpt1, &rec);
	if (n == 0) {
		chk_set(r, CHK_INFO, "other", "tlsrpt_missing",
		    "no TLS-RPT record at %s", owner);
		return;
	}
	if (n > 1) {
		chk_set(r, CHK_WARNING, "bad", "tlsrpt_multiple",
		    "%zu v=TLSRPTv1 records at %s: senders take that as no "
		    "reporting policy (RFC 8460 §3)", n, owner);
		return;
	}
	if ((tr = malloc(sizeof(*tr))) == NULL) {
		chk_set(r, CHK_ERROR, "error", "nomem", "out of memory");
		return;
	}
	if (tlsrpt_parse(rec, strlen(rec), tr, why, sizeof(why)) != 0) {
		chk_set(r, CHK_WARNING, "bad", "tlsrpt_syntax",
		    "the TLS-RPT record at %s is malformed: %s", owner, why);
		free(tr);
		return;
	}
	rua = json_array();
	for (i = 0; i < tr->n_rua && i < TLSRPT_URIS_MAX; i++)
		json_array_append_new(rua, json_pack("{s:o,s:s,s:o}", "uri",
		    chk_jstr(tr->rua[i].uri), "scheme",
		    tr->rua[i].scheme == TLSRPT_HTTPS ? "https" : "mailto",
		    "host", chk_jstr(tr->rua[i].host)));
	json_object_set_new(r->evidence, "rua", rua);
	chk_set(r, CHK_PASSED, "good", "tlsrpt_found",
	    "TLS failure reports for %s go to %zu destination%s (first %s)",
	    fx->domain, tr->n_rua, tr->n_rua == 1 ? "" : "s",
	    tr->n_rua ? tr->rua[0].uri : "none");
	free(tr);
}

const struct chk_def chk_mail_starttls_tlsrpt = {
	.name = "mail_starttls_tlsrpt",
	.category = "mail_starttls",
	.title = "TLS reporting (TLS-RPT)",
	.kind = FX_MAIL,
	.level = CHK_RECOMMENDED,
	.max_points = 0,
	.evaluate = evaluate,
};
