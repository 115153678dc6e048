#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/mail/auth_common.h"
#include "mail/spf.h"

static json_t *
walk_json(const struct spf_walk_result *res)
{
	static const struct { unsigned flag; const char *name; } flags[] = {
		{ SPF_F_PTR, "ptr" }, { SPF_F_MACROS, "macros" },
		{ SPF_F_PERMISSIVE, "permissive" }, { SPF_F_QUERY_CAP, "query_cap" },
		{ SPF_F_TRUNCATED, "truncated" },
	};
	json_t *o, *fl = json_array(), *recs = json_array();
	size_t i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (res->flags & flags[i].flag)
			json_array_append_new(fl, chk_jstr(flags[i].name));
	for (i = 0; i < res->n_records && i < SPF_RECORDS_MAX; i++) {
		const struct spf_walk_record *e = &res->records[i];

		json_array_append_new(recs, json_pack("{s:o,s:o?,s:o,s:i,s:b}",
		    "domain", chk_jstr(e->domain), "via", chk_jstr(e->via), "text",
		    chk_jstr(e->text),
		    "depth", e->depth, "truncated", e->truncated));
	}
	o = json_pack("{s:s,s:s,s:o,s:i,s:i,s:i,s:s,s:i,s:o,s:o}",
	    "status", spf_walk_status_str(res->status),
	    "error", spf_err_code(res->err), "detail", chk_jstr(res->detail),
	    "dns_terms", res->n_dns_terms, "dns_term_limit", SPF_LOOKUP_LIMIT,
	    "void_lookups", res->n_void, "all", spf_qual_str(res->all),
	    "queries", (int)res->n_queries, "flags", fl, "records", recs);
	if (o != NULL && res->ptr_where[0] != '\0')
		json_object_set_new(o, "ptr_where", chk_jstr(res->ptr_where));
	if (o != NULL && res->macro_where[0] != '\0')
		json_object_set_new(o, "macro_where", chk_jstr(res->macro_where));
	return o;
}

/* A walk that ended in a permanent error below a readable top record:
 * something the policy leans on is broken (catalogue §4: 2 points). */
static void
permerror(const struct spf_walk_result *res, struct chk_result *r)
{
	const char *code = "spf_permerror", *what = "the SPF policy is broken";

	switch (res->err) {
	case SPF_E_NO_RECORD:
	case SPF_E_MULTIPLE:
	case SPF_E_SYNTAX:
		code = "spf_broken_include";
		what = "an included or redirected record is broken";
		break;
	case SPF_E_LOOKUPS:
		code = "spf_lookup_limit";
		what = "more than 10 DNS-querying terms (RFC 7208 §4.6.4)";
		break;
	case SPF_E_VOID:
		code = "spf_void_limit";
		what = "more than 2 void lookups (RFC 7208 §4.6.4)";
		break;
	case SPF_E_MX_HOSTS:
		code = "spf_mx_limit";
		what = "an mx term with more than 10 hosts (RFC 7208 §4.6.4)";
		break;
	case SPF_E_LOOP:
		code = "spf_include_loop";
		what = "the includes loop";
		break;
	default:
		break;
	}
	r->points = 2;
	chk_set(r, CHK_FAILED, "bad", code, "%s: %s", what, res->detail);
}

static void
judge_walk(const struct facts *fx, const struct spf_walk_result *res,
    struct chk_result *r)
{
	const char *note = (res->flags & SPF_F_PTR) ?
	    "; it uses ptr, which RFC 7208 §5.5 advises against" : "";

	switch (res->status) {
	case SPF_WALK_RUNNING:
		chk_set(r, CHK_ERROR, "error", "spf_incomplete",
		    "the walk of the SPF policy did not finish (%u questions asked)",
		    res->n_queries);
		return;
	case SPF_WALK_TEMPERROR:
		if (res->err == SPF_E_NOMEM)
			chk_set(r, CHK_ERROR, "error", "nomem",
			    "out of memory while walking the SPF policy");
		else
			chk_set(r, CHK_ERROR, "error", "spf_temperror",
			    "a DNS lookup the SPF policy needs failed: %s", res->detail);
		return;
	case SPF_WALK_NONE:
		if (res->err == SPF_E_BAD_NAME)
			chk_set(r, CHK_ERROR, "error", "bad_name", "%s", res->detail);
		else
			chk_set(r, CHK_FAILED, "bad", "spf_missing", "%s", res->detail);
		return;
	case SPF_WALK_PERMERROR:
		permerror(res, r);
		return;
	case SPF_WALK_OK:
		break;
	}
	if (res->flags & SPF_F_PERMISSIVE) {
		r->points = 2;
		if (res->all == SPF_Q_PASS || res->all == SPF_Q_NEUTRAL)
			chk_set(r, CHK_FAILED, "bad", "spf_permissive",
			    "the SPF policy of %s ends in %sall: every sender passes or "
			    "is neutral", fx->domain, res->all == SPF_Q_PASS ? "+" : "?");
		else
			chk_set(r, CHK_FAILED, "bad", "spf_permissive",
			    "the SPF policy of %s includes a record that lets every "
			    "sender pass", fx->domain);
		return;
	}
	if (res->all == SPF_Q_NONE) {
		r->points = 2;
		chk_set(r, CHK_FAILED, "bad", "spf_no_all",
		    "the SPF policy of %s ends in neither an all mechanism nor a "
		    "redirect to one: unlisted senders are neutral", fx->domain);
		return;
	}
	r->points = 10;
	if (res->all == SPF_Q_SOFTFAIL)
		chk_set(r, CHK_PASSED, "good", "spf_policy_softfail",
		    "the SPF policy of %s ends in ~all (softfail), accepted as "
		    "sufficient since DMARC decides what happens to failing mail; "
		    "%d of %d DNS-querying terms, %d void lookup%s%s", fx->domain,
		    res->n_dns_terms, SPF_LOOKUP_LIMIT, res->n_void,
		    res->n_void == 1 ? "" : "s", note);
	else
		chk_set(r, CHK_PASSED, "good", "spf_policy_strict",
		    "the SPF policy of %s ends in -all; %d of %d DNS-querying "
		    "terms, %d void lookup%s%s", fx->domain, res->n_dns_terms,
		    SPF_LOOKUP_LIMIT, res->n_void, res->n_void == 1 ? "" : "s", note);
}

/* The domain's own record first (missing, several or malformed: 0
 * points), then the walk of everything it includes (catalogue §4). */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	const struct fx_txt *t = &fx->spf_txt;
	const char *owner = chk_txt_owner(t, fx->domain), *txt;
	struct spf_record *rec;
	char why[SPF_DETAIL_MAX], what[300];
	size_t n;
	int bad;

	json_object_set_new(r->evidence, "txt", chk_json_txt(t));
	if (fx->spf != NULL && spf_walk_done(fx->spf))
		json_object_set_new(r->evidence, "walk", walk_json(spf_walk_result(fx->spf)));
	if (!chk_lookup_answered(&t->lk)) {
		snprintf(what, sizeof(what), "TXT lookup of %s", owner);
		chk_set_lookup_error(r, &t->lk, what);
		return;
	}
	n = chk_txt_count(t, spf_is_spf1, &txt);
	if (n != 1) {
		chk_set(r, CHK_FAILED, "bad", n ? "spf_multiple" : "spf_missing",
		    "no SPF policy to judge: %zu v=spf1 records at %s", n, owner);
		return;
	}
	if ((rec = malloc(sizeof(*rec))) == NULL) {
		chk_set(r, CHK_ERROR, "error", "nomem", "out of memory");
		return;
	}
	bad = spf_parse(txt, strlen(txt), rec, why, sizeof(why)) != 0;
	free(rec);
	if (bad) {
		chk_set(r, CHK_FAILED, "bad", "spf_syntax",
		    "the SPF record of %s is malformed: %s", owner, why);
		return;
	}
	if (fx->spf == NULL) {
		chk_set(r, CHK_ERROR, "error", "spf_not_walked",
		    "the SPF policy of %s was not walked", fx->domain);
		return;
	}
	judge_walk(fx, spf_walk_result(fx->spf), r);
}

const struct chk_def chk_mail_auth_spf_policy = {
	.name = "mail_auth_spf_policy",
	.category = "mail_auth",
	.title = "SPF policy",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
