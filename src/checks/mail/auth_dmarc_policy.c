#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/mail/auth_common.h"

/* The authorisation entry the gatherer made for host: it asks only for
 * report hosts outside the organizational domain (RFC 7489 §7.1). */
static const struct fx_dmarc_auth *
auth_for(const struct fx_dmarc *d, const char *host)
{
	size_t i;

	for (i = 0; i < d->n_auth; i++)
		if (d->auth[i].host != NULL && strcasecmp(d->auth[i].host, host) == 0)
			return &d->auth[i];
	return NULL;
}

struct ext_state {
	size_t unauthorised, unknown;
	const struct fx_dmarc_auth *first_bad;   /* first unauthorised */
	const struct fx_dmarc_auth *first_err;   /* first unreadable */
};

/* Judge the external hosts of one URI list; evidence into arr. */
static void
judge_uris(const struct fx_dmarc *d, const struct dmarc_uri *u, size_t n,
    const char *tag, json_t *arr, struct ext_state *s)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct fx_dmarc_auth *a = auth_for(d, u[i].host);
		json_t *o = json_pack("{s:s,s:o,s:o,s:b}", "tag", tag, "uri",
		    chk_jstr(u[i].uri), "host", chk_jstr(u[i].host), "external",
		    a != NULL);

		if (a != NULL) {
			json_object_set_new(o, "authorisation", chk_json_txt(&a->txt));
			if (!chk_lookup_answered(&a->txt.lk)) {
				json_object_set_new(o, "authorised", json_null());
				if (s->unknown++ == 0)
					s->first_err = a;
			} else if (chk_txt_count(&a->txt, dmarc_is_auth_record, NULL) == 0) {
				json_object_set_new(o, "authorised", json_false());
				if (s->unauthorised++ == 0)
					s->first_bad = a;
			} else
				json_object_set_new(o, "authorised", json_true());
		}
		json_array_append_new(arr, o);
	}
}

/* Syntax of the record in effect, then its effective policy, then the
 * authorisation of external report destinations. */
static void
judge(const struct facts *fx, const struct chk_dmarc_loc *loc,
    struct dmarc_record *rec, struct chk_result *r)
{
	struct ext_state s;
	enum dmarc_policy eff;
	char why[256], ferr[CHK_DETAIL_MAX];
	json_t *uris = json_array();

	if (dmarc_parse(loc->txt, strlen(loc->txt), rec, why, sizeof(why)) != 0) {
		json_decref(uris);
		chk_set(r, CHK_FAILED, "bad", "dmarc_syntax",
		    "the DMARC record at %s is malformed: %s", loc->owner, why);
		return;
	}
	eff = chk_dmarc_effective(rec, loc->at_org);
	json_object_set_new(r->evidence, "parsed", chk_json_dmarc(rec));
	json_object_set_new(r->evidence, "effective_policy",
	    chk_jstr(dmarc_policy_str(eff)));
	memset(&s, 0, sizeof(s));
	judge_uris(&fx->dmarc, rec->rua, rec->n_rua, "rua", uris, &s);
	judge_uris(&fx->dmarc, rec->ruf, rec->n_ruf, "ruf", uris, &s);
	json_object_set_new(r->evidence, "report_uris", uris);

	r->points = 2;
	if (rec->p == DMARC_POLICY_ABSENT) {
		chk_set(r, CHK_FAILED, "bad", "dmarc_policy_missing",
		    "the DMARC record at %s has no p= tag", loc->owner);
		return;
	}
	if (eff == DMARC_POLICY_NONE) {
		chk_set(r, CHK_FAILED, "bad", "dmarc_policy_none",
		    "the DMARC policy for %s is none (%s at %s): failing mail is "
		    "delivered as usual", fx->domain,
		    loc->at_org && rec->sp != DMARC_POLICY_ABSENT ? "sp" : "p",
		    loc->owner);
		return;
	}
	/* The policy itself protects the domain: full points, but reports
	 * sent where they are not wanted are a recommendation not met. */
	r->points = 10;
	if (s.unauthorised > 0) {
		chk_set(r, CHK_WARNING, "bad", "dmarc_external_unauthorised",
		    "the DMARC policy is %s, but %zu external report destination%s "
		    "(first %s) %s not authorise reports for %s (no v=DMARC1 "
		    "record at %s)", dmarc_policy_str(eff), s.unauthorised,
		    s.unauthorised == 1 ? "" : "s", s.first_bad->host,
		    s.unauthorised == 1 ? "does" : "do", fx->domain,
		    chk_txt_owner(&s.first_bad->txt, "its _report._dmarc name"));
		return;
	}
	if (s.unknown > 0) {
		struct chk_result tmp;

		memset(&tmp, 0, sizeof(tmp));
		chk_set_lookup_error(&tmp, &s.first_err->txt.lk,
		    chk_txt_owner(&s.first_err->txt, s.first_err->host));
		snprintf(ferr, sizeof(ferr), "%s", tmp.detail);
		chk_set(r, CHK_WARNING, "other", "dmarc_external_unverified",
		    "the DMARC policy is %s, but the authorisation of external "
		    "report destination %s could not be read (%s)",
		    dmarc_policy_str(eff), s.first_err->host, ferr);
		return;
	}
	chk_set(r, CHK_PASSED, "good", "dmarc_policy_good",
	    "the DMARC policy for %s is %s (%s)%s", fx->domain,
	    dmarc_policy_str(eff), loc->owner,
	    rec->pct < 100 ? ", applied to only part of the mail (pct below 100)" : "");
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	struct chk_dmarc_loc loc;
	struct dmarc_record *rec;
	int ok;

	ok = chk_dmarc_locate(fx, &loc, r);
	json_object_set_new(r->evidence, "effective", chk_jstr(loc.owner));
	if (!ok)
		return;
	json_object_set_new(r->evidence, "at_org", json_boolean(loc.at_org));
	json_object_set_new(r->evidence, "records", chk_json_txt(loc.set));
	if (loc.count != 1) {
		chk_set(r, CHK_FAILED, "bad", loc.count ? "dmarc_multiple" : "dmarc_missing",
		    "no DMARC policy to judge: %zu v=DMARC1 records at %s",
		    loc.count, loc.owner);
		return;
	}
	if ((rec = malloc(sizeof(*rec))) == NULL) {
		chk_set(r, CHK_ERROR, "error", "nomem", "out of memory");
		return;
	}
	judge(fx, &loc, rec, r);
	free(rec);
}

const struct chk_def chk_mail_auth_dmarc_policy = {
	.name = "mail_auth_dmarc_policy",
	.category = "mail_auth",
	.title = "DMARC policy",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
