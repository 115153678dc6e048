#include <stdio.h>
#include <string.h>

#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

/*
 * A STARTTLS endpoint whose first dialog did not reach TLS: 1 with r set
 * (not_tested when STARTTLS is not offered, error with the SMTP reason
 * otherwise). The OpenSSL handshake's prelude is that first dialog.
 */
static int
starttls_missing(const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct tls_audit *a = e->audit;

	if (!e->starttls)
		return 0;
	if (a == NULL) {
		chk_set(r, CHK_ERROR, "error", "not_tested_smtp",
		    "no SMTP dialog was made");
		return 1;
	}
	if (a->hs.code == TLS_AUDIT_REFUSED) {
		chk_set(r, CHK_ERROR, "error", "refused",
		    "nothing listens on port 25");
		return 1;
	}
	if (a->hs.code != TLS_AUDIT_PRELUDE)
		return 0;
	if (a->prelude_code != NULL && strcmp(a->prelude_code, "no_starttls") == 0) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_starttls",
		    "the server does not offer STARTTLS");
		return 1;
	}
	chk_set(r, CHK_ERROR, "error", "smtp", "SMTP dialog: %s",
	    a->hs.detail ? a->hs.detail : "failed");
	return 1;
}

const struct tls_scan *
chk_ep_scan(const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct tls_scan *s = e->scan;

	if (starttls_missing(e, r))
		return NULL;
	if (s == NULL) {
		chk_set(r, CHK_ERROR, "error", "not_scanned", "TLS was not scanned");
		return NULL;
	}
	if (s->status == TLS_SCAN_REFUSED && !e->starttls) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_https", "nothing listens on port 443");
		return NULL;
	}
	if (s->status != TLS_SCAN_OK) {
		chk_set(r, CHK_ERROR, "error", tls_scan_status_code(s->status),
		    "TLS scan of port %u: %s%s%s", (unsigned)e->port,
		    tls_scan_status_code(s->status), s->why[0] ? ": " : "", s->why);
		return NULL;
	}
	return s;
}

const struct tls_audit *
chk_ep_audit(const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct tls_audit *a = e->audit;

	if (starttls_missing(e, r))
		return NULL;
	if (a == NULL) {
		chk_set(r, CHK_ERROR, "error", "not_audited", "no TLS handshake was made");
		return NULL;
	}
	if (a->hs.code == TLS_AUDIT_REFUSED) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_https", "nothing listens on port 443");
		return NULL;
	}
	if (a->hs.code != TLS_AUDIT_OK) {
		chk_set(r, CHK_ERROR, "error", tls_audit_err_code(a->hs.code),
		    "TLS handshake with OpenSSL: %s%s%s", tls_audit_err_code(a->hs.code),
		    a->hs.detail ? ": " : "", a->hs.detail ? a->hs.detail : "");
		return NULL;
	}
	return a;
}

const struct tls_cert *
chk_worst_cert(const struct tls_audit *a, chk_cert_judge judge, json_t *arr,
    int *worst, struct chk_result *r)
{
	const struct tls_cert *w = NULL;
	size_t i;
	int c;

	for (i = 0; i < a->n_chain; i++) {
		const struct tls_cert *ct = &a->chain[i];
		json_t *entry;

		if (ct->self_signed && i > 0)
			continue;
		entry = json_pack("{s:o}", "subject", chk_jstr(ct->subject));
		c = judge(ct, entry);
		json_array_append_new(arr, entry);
		if (w == NULL || c > *worst) {
			*worst = c;
			w = ct;
		}
	}
	if (w == NULL)
		chk_set(r, CHK_ERROR, "error", "no_certificate",
		    "the server sent no certificate");
	return w;
}

size_t
chk_scan_versions(const struct tls_scan *s, uint16_t *out, size_t cap)
{
	size_t i, n = 0;

	for (i = 0; i < TLS_SCAN_NVERSIONS && n < cap; i++)
		if (s->v[i].accepted == TLS_TRI_YES)
			out[n++] = s->v[i].version;
	return n;
}

const struct http_result *
chk_ep_http80(const struct fx_web_ep *e)
{
	return e->http80 != NULL && e->http80->n_hops > 0 ?
	    e->http80->hops[0].result : NULL;
}

int
chk_http_connected(const struct http_result *h)
{
	if (h == NULL)
		return 0;
	switch (h->outcome) {
	case HTTP_FETCH_OK:
	case HTTP_FETCH_TLS:
	case HTTP_FETCH_TLS_VERIFY:
	case HTTP_FETCH_IO:
	case HTTP_FETCH_EMPTY:
	case HTTP_FETCH_BADREPLY:
		return 1;
	default:
		return 0;
	}
}

void
chk_set_http_error(struct chk_result *r, const struct http_result *h,
    const char *what)
{
	if (h == NULL) {
		chk_set(r, CHK_ERROR, "error", "not_fetched", "%s was not fetched", what);
		return;
	}
	chk_set(r, CHK_ERROR, "error", http_outcome_code(h->outcome), "%s: %s%s%s",
	    what, http_outcome_code(h->outcome), h->detail[0] ? ": " : "", h->detail);
}

/* What fold runs on server i. */
struct fold_job {
	const struct facts *fx;
	chk_ep_fn web;
	chk_tls_fn tls;
};

static const char *
fold_addr(const struct facts *fx, size_t i)
{
	return fx->kind == FX_WEB ? fx->eps[i].addr.text : fx->meps[i].tls.addr.text;
}

static void
fold_one(const struct fold_job *fj, size_t i, struct chk_result *sub)
{
	const struct facts *fx = fj->fx;

	if (fj->web != NULL)
		fj->web(fx, &fx->eps[i], sub);
	else if (fx->kind == FX_WEB)
		fj->tls(fx, &fx->eps[i].tls, sub);
	else
		fj->tls(fx, &fx->meps[i].tls, sub);
}

/* No server to judge: why, in r. */
static void
fold_none(const struct facts *fx, struct chk_result *r)
{
	const struct fx_host *h = &fx->web;

	if (fx->kind == FX_MAIL) {
		if (fx->mx_state != FX_MX_PRESENT && fx->mx_state != FX_MX_NULL_MIXED)
			chk_set(r, CHK_NOT_TESTED, "na", "no_mx",
			    "the domain receives no mail (%s)",
			    fx_mx_state_str(fx->mx_state));
		else
			chk_set(r, CHK_NOT_TESTED, "na", "no_mx_address",
			    "no MX has an address to test");
		return;
	}
	/* No address and a lookup that failed: whether there is an address
	 * is not known, so this is no "not tested" */
	if (!chk_lookup_answered(&h->a_lk))
		chk_set_lookup_error(r, &h->a_lk, "A lookup");
	else if (!chk_lookup_answered(&h->aaaa_lk))
		chk_set_lookup_error(r, &h->aaaa_lk, "AAAA lookup");
	else
		chk_set(r, CHK_NOT_TESTED, "na", "no_web_address",
		    "%s has no IPv4 or IPv6 address to test", fx->domain);
}

static void
fold(const struct fold_job *fj, struct chk_result *r)
{
	const struct facts *fx = fj->fx;
	struct chk_result sub;
	json_t *servers = json_array();
	size_t i, worst = 0, same = 1;
	size_t n = fx->kind == FX_WEB ? fx->n_eps : fx->n_meps;
	const char *first_code = NULL;
	double min = -1;

	json_decref(r->evidence);
	r->evidence = json_pack("{s:o}", "servers", servers);
	if (n == 0) {
		fold_none(fx, r);
		return;
	}
	if (n > CHK_MAX_SERVERS)
		n = CHK_MAX_SERVERS;
	r->n_servers = n;
	for (i = 0; i < n; i++) {
		memset(&sub, 0, sizeof(sub));
		sub.status = CHK_ERROR;
		sub.verdict = "error";
		sub.code = "not_evaluated";
		sub.max_points = r->max_points;
		sub.evidence = json_object();
		fold_one(fj, i, &sub);
		r->server_points[i] = sub.points;
		if (min < 0 || sub.points < min)
			min = sub.points;
		json_array_append_new(servers, json_pack("{s:s,s:s,s:s,s:s,s:s,s:f,s:o}",
		    "address", fold_addr(fx, i),
		    "host", fx->kind == FX_WEB ? fx->domain : fx->meps[i].mx->name,
		    "status", chk_status_str(sub.status),
		    "code", sub.code, "detail", sub.detail, "points", sub.points,
		    "evidence", sub.evidence));
		if (i == 0 || sub.status < r->status) {
			worst = i;
			r->status = sub.status;
			r->verdict = sub.verdict;
			r->code = sub.code;
			snprintf(r->detail, sizeof(r->detail), "%s", sub.detail);
		}
		if (first_code == NULL)
			first_code = sub.code;
		else if (strcmp(sub.code, first_code) != 0)
			same = 0;
	}
	r->points = min < 0 ? 0 : min;
	if (n > 1) {
		char d[CHK_DETAIL_MAX + 64];
		size_t dl;

		if (same)
			snprintf(d, sizeof(d), "%s (all %zu addresses)", r->detail, n);
		else
			snprintf(d, sizeof(d), "%s: %s", fold_addr(fx, worst), r->detail);
		dl = strlen(d) < sizeof(r->detail) - 1 ? strlen(d) : sizeof(r->detail) - 1;
		memcpy(r->detail, d, dl);
		r->detail[dl] = '\0';
	}
}

void
chk_per_endpoint(const struct facts *fx, struct chk_result *r, chk_ep_fn fn)
{
	struct fold_job fj = { fx, fn, NULL };

	fold(&fj, r);
}

void
chk_per_tls_endpoint(const struct facts *fx, struct chk_result *r, chk_tls_fn fn)
{
	struct fold_job fj = { fx, NULL, fn };

	fold(&fj, r);
}
