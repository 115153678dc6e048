/*
 * custom.c: the batch API's custom result fields (catalogue §4 for mail;
 * tls_1_3_support for both), derived from the facts.
 */
#include <string.h>

#include "checks/custom.h"
#include "checks/mail/auth_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

/* "yes" when an endpoint accepts TLS 1.3, "no" when every scanned one
 * refuses it, "other" when nothing could be scanned. */
static const char *
tls13_support(const struct facts *fx)
{
	size_t i, n = fx->kind == FX_WEB ? fx->n_eps : fx->n_meps, scanned = 0;

	for (i = 0; i < n; i++) {
		const struct tls_scan *s = fx->kind == FX_WEB ?
		    fx->eps[i].tls.scan : fx->meps[i].tls.scan;

		if (s == NULL || s->status != TLS_SCAN_OK)
			continue;
		scanned++;
		if (s->v[TLS_SCAN_NVERSIONS - 1].accepted == TLS_TRI_YES)
			return "yes";
	}
	return scanned ? "no" : "other";
}

/* no_mx, unreachable (no MX address answered on 25), untestable (one
 * answered but the dialog could not be done), ok. */
static const char *
mail_testable(const struct facts *fx)
{
	size_t i, reached = 0, untestable = 0;

	if (fx->mx_state != FX_MX_PRESENT && fx->mx_state != FX_MX_NULL_MIXED)
		return "no_mx";
	for (i = 0; i < fx->n_meps; i++) {
		const struct fx_mail_ep *m = &fx->meps[i];

		if (!m->connected)
			continue;
		reached++;
		if (m->smtp_code != NULL && strcmp(m->smtp_code, "ok") != 0 &&
		    strcmp(m->smtp_code, "no_starttls") != 0)
			untestable++;
	}
	if (reached == 0)
		return "unreachable";
	return untestable ? "untestable" : "ok";
}

json_t *
chk_custom_fields(const struct facts *fx)
{
	json_t *o = json_object();

	json_object_set_new(o, "tls_1_3_support", chk_jstr(tls13_support(fx)));
	if (fx->kind != FX_MAIL)
		return o;
	json_object_set_new(o, "mail_non_sending_domain",
	    json_boolean(chk_mail_non_sending(fx) == 1));
	json_object_set_new(o, "mail_servers_testable_status",
	    chk_jstr(mail_testable(fx)));
	return o;
}
