#include <string.h>

#include "checks/mail/starttls_common.h"
#include "tls/audit.h"

/*
 * STARTTLS on every MX address: banner, EHLO, STARTTLS and a TLS
 * handshake. Not offered fails; a server that could not be asked (refused,
 * timeout, rate-limited after the retries) is an error with that reason.
 */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct fx_mail_ep *m = chk_mail_ep(fx, e);
	const struct tls_audit *a = e->audit;
	const char *code = m && m->smtp_code ? m->smtp_code : "unknown";

	if (m != NULL)
		json_object_set_new(r->evidence, "mx", chk_jstr(m->mx->name));
	if (m != NULL && m->smtp_attempts > 1)
		json_object_set_new(r->evidence, "attempts",
		    json_integer(m->smtp_attempts));
	if (a == NULL) {
		chk_set(r, CHK_ERROR, "error", "not_tested_smtp",
		    "no SMTP dialog was made");
		return;
	}
	if (a->hs.code == TLS_AUDIT_OK) {
		r->points = r->max_points;
		chk_set(r, CHK_PASSED, "good", "starttls",
		    "STARTTLS offered and a %s handshake made",
		    a->version_name ? a->version_name : "TLS");
		return;
	}
	if (a->hs.code == TLS_AUDIT_PRELUDE) {
		if (strcmp(code, "no_starttls") == 0) {
			chk_set(r, CHK_FAILED, "bad", "no_starttls",
			    "the server does not offer STARTTLS%s%s",
			    a->hs.detail ? ": " : "", a->hs.detail ? a->hs.detail : "");
			return;
		}
		/* a close in the middle of the dialog is retried like a 421
		 * (doc/checks.md, politeness); still closing, it refused */
		if (strcmp(code, "rate_limited") == 0 ||
		    strcmp(code, "closed_early") == 0) {
			chk_set(r, CHK_ERROR, "error", "rate-limited",
			    "the server refused the test (after %u attempts): %s",
			    m ? m->smtp_attempts : 1,
			    a->hs.detail ? a->hs.detail : "4xx reply");
			return;
		}
		chk_set(r, CHK_ERROR, "error", code, "SMTP dialog: %s",
		    a->hs.detail ? a->hs.detail : code);
		return;
	}
	if (a->hs.code == TLS_AUDIT_REFUSED || a->hs.code == TLS_AUDIT_UNREACHABLE ||
	    a->hs.code == TLS_AUDIT_TIMEOUT || a->hs.code == TLS_AUDIT_NETWORK ||
	    a->hs.code == TLS_AUDIT_CANCELLED || a->hs.code == TLS_AUDIT_NOMEM ||
	    a->hs.code == TLS_AUDIT_SETUP) {
		chk_set(r, CHK_ERROR, "error", tls_audit_err_code(a->hs.code),
		    "port 25: %s%s%s", tls_audit_err_code(a->hs.code),
		    a->hs.detail ? ": " : "", a->hs.detail ? a->hs.detail : "");
		return;
	}
	/* STARTTLS was accepted, but no TLS handshake came of it. */
	chk_set(r, CHK_FAILED, "bad", "handshake_failed",
	    "STARTTLS offered, but the TLS handshake failed: %s%s%s",
	    tls_audit_err_code(a->hs.code), a->hs.detail ? ": " : "",
	    a->hs.detail ? a->hs.detail : "");
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_tls_endpoint(fx, r, ep);
}

const struct chk_def chk_mail_starttls_tls_available = {
	.name = "mail_starttls_tls_available",
	.category = "mail_starttls",
	.title = "STARTTLS available",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
