#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/mail/auth_common.h"
#include "checks/mail/mx_common.h"
#include "http/http.h"
#include "mail/mtasts.h"

/* RFC 8461 §3.3: the policy's media type is text/plain (parameters such
 * as charset allowed). */
static int
is_text_plain(const char *ct)
{
	size_t n;

	if (ct == NULL)
		return 0;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	n = strcspn(ct, "; \t");
	return n == 10 && strncasecmp(ct, "text/plain", 10) == 0;
}

/* Failures of the policy server itself (the domain's to fix) are broken
 * policies; the rest say that we could not finish the test. */
static int
server_fault(enum http_outcome o)
{
	return o == HTTP_FETCH_REFUSED || o == HTTP_FETCH_TLS ||
	    o == HTTP_FETCH_TLS_VERIFY || o == HTTP_FETCH_EMPTY ||
	    o == HTTP_FETCH_BADREPLY;
}

static json_t *
fetch_json(const struct http_result *p)
{
	json_t *o = json_pack("{s:s,s:i,s:i}", "outcome", http_outcome_code(p->outcome),
	    "status", (int)p->status, "body_bytes", (int)p->body_len);

	if (o == NULL)
		return NULL;
	if (p->detail[0] != '\0')
		json_object_set_new(o, "detail", chk_jstr(p->detail));
	if (http_header_get(p, "content-type") != NULL)
		json_object_set_new(o, "content_type",
		    chk_jstr(http_header_get(p, "content-type")));
	if (p->location != NULL)
		json_object_set_new(o, "location", chk_jstr(p->location));
	if (p->body_truncated)
		json_object_set_new(o, "body_truncated", json_true());
	if (p->outcome == HTTP_FETCH_TLS_VERIFY)
		json_object_set_new(o, "tls_verify_result",
		    json_integer(p->tls_verify_result));
	return o;
}

/* The policy host has no address to fetch from: why. */
static void
no_host(const struct facts *fx, struct chk_result *r)
{
	const struct fx_host *h = &fx->mtasts.host;
	const char *name = h->name ? h->name : "the mta-sts host";

	if (!chk_lookup_answered(&h->a_lk))
		chk_set_lookup_error(r, &h->a_lk, name);
	else if (!chk_lookup_answered(&h->aaaa_lk))
		chk_set_lookup_error(r, &h->aaaa_lk, name);
	else
		chk_set(r, CHK_WARNING, "bad", "mtasts_policy_host_missing",
		    "an MTA-STS record is published, but %s has no address to "
		    "fetch the policy from", name);
}

/* The fetched policy: HTTP 200, text/plain, whole, well-formed (§3.3). */
static int
policy_usable(const struct http_result *p, const char *url,
    struct chk_result *r)
{
	if (p->outcome != HTTP_FETCH_OK && server_fault(p->outcome)) {
		chk_set(r, CHK_WARNING, "bad", p->outcome == HTTP_FETCH_TLS_VERIFY ?
		    "mtasts_policy_cert" : "mtasts_policy_fetch",
		    "the MTA-STS policy at %s cannot be fetched: %s%s%s", url,
		    http_outcome_code(p->outcome), p->detail[0] ? ": " : "", p->detail);
		return 0;
	}
	if (p->outcome != HTTP_FETCH_OK) {
		chk_set(r, CHK_ERROR, "error", http_outcome_code(p->outcome),
		    "fetching the MTA-STS policy at %s failed: %s%s%s", url,
		    http_outcome_code(p->outcome), p->detail[0] ? ": " : "", p->detail);
		return 0;
	}
	if (p->status >= 300 && p->status < 400) {
		chk_set(r, CHK_WARNING, "bad", "mtasts_policy_redirect",
		    "the MTA-STS policy URL %s answers with a redirect (%ld%s%s), "
		    "which senders must not follow (RFC 8461 §3.3)", url, p->status,
		    p->location ? " to " : "", p->location ? p->location : "");
		return 0;
	}
	if (p->status != 200) {
		chk_set(r, CHK_WARNING, "bad", "mtasts_policy_http_status",
		    "the MTA-STS policy URL %s answers with HTTP status %ld, not 200",
		    url, p->status);
		return 0;
	}
	if (!is_text_plain(http_header_get(p, "content-type"))) {
		const char *ct = http_header_get(p, "content-type");

		chk_set(r, CHK_WARNING, "bad", "mtasts_policy_content_type",
		    "the MTA-STS policy at %s is served as %s, not text/plain "
		    "(RFC 8461 §3.3)", url, ct ? ct : "no content type");
		return 0;
	}
	if (p->body_truncated || p->body_len > MTASTS_POLICY_MAX) {
		chk_set(r, CHK_WARNING, "bad", "mtasts_policy_too_big",
		    "the MTA-STS policy at %s is larger than %d bytes", url,
		    MTASTS_POLICY_MAX);
		return 0;
	}
	return 1;
}

/* Mode, then whether the mx patterns cover every MX of the domain. */
static void
judge_policy(const struct facts *fx, const struct mtasts_policy *pol,
    const char *url, struct chk_result *r)
{
	json_t *pats = json_array(), *unc = json_array();
	size_t i, n_unc = 0;
	const char *first = NULL;

	for (i = 0; i < pol->n_mx && i < MTASTS_MX_MAX; i++)
		json_array_append_new(pats, chk_jstr(pol->mx[i]));
	json_object_set_new(r->evidence, "mode", chk_jstr(mtasts_mode_str(pol->mode)));
	json_object_set_new(r->evidence, "max_age", json_integer(pol->max_age));
	json_object_set_new(r->evidence, "mx_patterns", pats);
	json_object_set_new(r->evidence, "uncovered_mx", unc);
	if (pol->mode == MTASTS_MODE_NONE) {
		chk_set(r, CHK_INFO, "other", "mtasts_mode_none",
		    "the MTA-STS policy at %s has mode none: the domain withdrew "
		    "its policy", url);
		return;
	}
	for (i = 0; i < fx->n_mx; i++) {
		if (fx->mx[i].name == NULL || mtasts_mx_match(pol, fx->mx[i].name))
			continue;
		json_array_append_new(unc, chk_jstr(fx->mx[i].name));
		if (n_unc++ == 0)
			first = fx->mx[i].name;
	}
	if (n_unc > 0) {
		chk_set(r, CHK_WARNING, "bad", "mtasts_mx_not_covered",
		    "%zu MX host%s (first %s) %s not match the mx patterns of the "
		    "MTA-STS policy (mode %s): senders that enforce it cannot "
		    "deliver there", n_unc, n_unc == 1 ? "" : "s", first,
		    n_unc == 1 ? "does" : "do", mtasts_mode_str(pol->mode));
		return;
	}
	if (pol->mode == MTASTS_MODE_TESTING) {
		chk_set(r, CHK_INFO, "other", "mtasts_testing",
		    "the MTA-STS policy covers every MX but is in testing mode: "
		    "senders report failures and deliver anyway (max_age %u s)",
		    (unsigned)pol->max_age);
		return;
	}
	chk_set(r, CHK_PASSED, "good", "mtasts_enforce",
	    "the MTA-STS policy is enforced and covers every MX (max_age %u s)",
	    (unsigned)pol->max_age);
}

static void
judge_fetch(const struct facts *fx, struct chk_result *r)
{
	const struct http_result *p = fx->mtasts.policy;
	const char *url = fx->mtasts.url ? fx->mtasts.url : "the policy URL";
	struct mtasts_policy *pol;
	char why[256];

	json_object_set_new(r->evidence, "policy_host", chk_json_host(&fx->mtasts.host));
	if (fx->mtasts.url != NULL)
		json_object_set_new(r->evidence, "url", chk_jstr(fx->mtasts.url));
	if (p == NULL) {
		if (fx->mtasts.host.n_v4 + fx->mtasts.host.n_v6 == 0)
			no_host(fx, r);
		else
			chk_set(r, CHK_ERROR, "error", "mtasts_not_fetched",
			    "the MTA-STS policy was not fetched");
		return;
	}
	json_object_set_new(r->evidence, "fetch", fetch_json(p));
	if (!policy_usable(p, url, r))
		return;
	if ((pol = malloc(sizeof(*pol))) == NULL) {
		chk_set(r, CHK_ERROR, "error", "nomem", "out of memory");
		return;
	}
	if (mtasts_policy_parse((const char *)p->body, p->body_len, pol, why,
	    sizeof(why)) != 0)
		chk_set(r, CHK_WARNING, "bad", "mtasts_policy_syntax",
		    "the MTA-STS policy at %s is malformed: %s", url, why);
	else
		judge_policy(fx, pol, url, r);
	free(pol);
}

/* RFC 8461: one v=STSv1 TXT at _mta-sts.domain, then the policy over
 * verified HTTPS without redirects, whose mx patterns cover every MX. */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	const struct fx_txt *t = &fx->mtasts.txt;
	const char *owner = chk_txt_owner(t, "_mta-sts"), *rec;
	struct mtasts_txt st;
	char why[256];
	size_t n;

	if (!chk_mx_applicable(fx, r))
		return;
	json_object_set_new(r->evidence, "txt", chk_json_txt(t));
	if (!chk_lookup_answered(&t->lk)) {
		chk_set_lookup_error(r, &t->lk, owner);
		return;
	}
	n = chk_txt_count(t, mtasts_is_stsv1, &rec);
	if (n == 0) {
		chk_set(r, CHK_INFO, "other", "mtasts_missing",
		    "no MTA-STS record at %s", owner);
		return;
	}
	if (n > 1) {
		chk_set(r, CHK_WARNING, "bad", "mtasts_txt_multiple",
		    "%zu v=STSv1 records at %s: senders take that as no policy "
		    "(RFC 8461 §3.1)", n, owner);
		return;
	}
	if (mtasts_txt_parse(rec, strlen(rec), &st, why, sizeof(why)) != 0) {
		chk_set(r, CHK_WARNING, "bad", "mtasts_txt_syntax",
		    "the MTA-STS record at %s is malformed: %s", owner, why);
		return;
	}
	json_object_set_new(r->evidence, "id", chk_jstr(st.id));
	judge_fetch(fx, r);
}

const struct chk_def chk_mail_starttls_mtasts = {
	.name = "mail_starttls_mtasts",
	.category = "mail_starttls",
	.title = "MTA-STS policy",
	.kind = FX_MAIL,
	.level = CHK_RECOMMENDED,
	.max_points = 0,
	.evaluate = evaluate,
};
