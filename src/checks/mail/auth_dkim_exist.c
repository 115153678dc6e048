#include <stdio.h>
#include <string.h>

#include "checks/mail/auth_common.h"
#include "mail/dkim.h"

/* What the keys at the selectors given on the command line came to. */
struct sel_tally {
	size_t good, weak, bad, revoked, missing, errors;
	const struct fx_dkim_sel *first_err;
	char bad_why[300], weak_why[300], missing_sel[128];
};

/* Judge every record at one selector; its evidence goes to arr. */
static void
judge_selector(const struct facts *fx, const struct fx_dkim_sel *s,
    json_t *arr, struct sel_tally *t)
{
	json_t *o = json_object(), *keys = json_array();
	char name[300];
	size_t i;

	snprintf(name, sizeof(name), "%s._domainkey.%s", s->selector, fx->domain);
	json_object_set_new(o, "selector", chk_jstr(s->selector));
	json_object_set_new(o, "txt", chk_json_txt(&s->txt));
	json_object_set_new(o, "keys", keys);
	json_array_append_new(arr, o);
	if (!chk_lookup_answered(&s->txt.lk)) {
		if (t->errors++ == 0)
			t->first_err = s;
		return;
	}
	if (s->txt.n == 0) {
		if (t->missing++ == 0)
			snprintf(t->missing_sel, sizeof(t->missing_sel), "%s", s->selector);
		return;
	}
	for (i = 0; i < s->txt.n; i++) {
		struct dkim_key key;
		enum dkim_verdict v;
		char why[256];
		const char *txt = s->txt.txt[i] ? s->txt.txt[i] : "";

		if (dkim_key_parse(txt, strlen(txt), &key, why, sizeof(why)) != 0) {
			json_array_append_new(keys, json_pack("{s:s,s:o}",
			    "verdict", "bad", "reason", chk_jstr(why)));
			if (t->bad++ == 0)
				snprintf(t->bad_why, sizeof(t->bad_why),
				    "selector %s: malformed key record: %s", s->selector, why);
			continue;
		}
		v = dkim_key_judge(&key, why, sizeof(why));
		json_array_append_new(keys, json_pack("{s:s,s:o,s:o,s:i,s:b}",
		    "verdict", dkim_verdict_str(v), "reason", chk_jstr(why), "k",
		    chk_jstr(key.k),
		    "bits", (int)key.bits, "revoked", key.revoked));
		switch (v) {
		case DKIM_GOOD:
			t->good++;
			break;
		case DKIM_WARNING:
			if (t->weak++ == 0)
				snprintf(t->weak_why, sizeof(t->weak_why), "selector %s: %s",
				    s->selector, why);
			break;
		case DKIM_BAD:
			if (t->bad++ == 0)
				snprintf(t->bad_why, sizeof(t->bad_why), "selector %s: %s",
				    s->selector, why);
			break;
		case DKIM_REVOKED:
			t->revoked++;
			break;
		}
	}
}

/* Nothing usable to judge: existence by the _domainkey node alone
 * (RFC 8020: NXDOMAIN means nothing below it exists). */
static void
by_node(const struct facts *fx, int exempt, struct chk_result *r)
{
	const struct fx_lookup *lk = &fx->dkim.domainkey_lk;
	char what[300];

	if (chk_lookup_answered(lk) && lk->rcode == 0) {
		r->points = 10;
		chk_set(r, CHK_PASSED, "good", "dkim_keys_exist",
		    "_domainkey.%s exists, so DKIM keys are published under it",
		    fx->domain);
	} else if (exempt) {
		r->points = 10;
		chk_set(r, CHK_NOT_TESTED, "na", "non_sending_exempt",
		    "%s sends no mail (DMARC reject and SPF \"-all\"), so it needs "
		    "no DKIM keys", fx->domain);
	} else if (chk_lookup_answered(lk))
		chk_set(r, CHK_FAILED, "bad", "dkim_none",
		    "_domainkey.%s does not exist (NXDOMAIN): no DKIM keys are "
		    "published", fx->domain);
	else {
		snprintf(what, sizeof(what), "_domainkey.%s", fx->domain);
		chk_set_lookup_error(r, lk, what);
	}
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	const struct fx_dkim *d = &fx->dkim;
	const struct fx_lookup *lk = &d->domainkey_lk;
	struct sel_tally t;
	json_t *sels;
	char what[300];
	int exempt = chk_mail_non_sending(fx);
	size_t i;

	json_object_set_new(r->evidence, "domainkey_lookup", chk_json_lookup(lk));
	json_object_set_new(r->evidence, "non_sending", json_boolean(exempt));
	if (d->n_sel == 0) {
		by_node(fx, exempt, r);
		return;
	}
	memset(&t, 0, sizeof(t));
	sels = json_array();
	json_object_set_new(r->evidence, "selectors", sels);
	for (i = 0; i < d->n_sel; i++)
		judge_selector(fx, &d->sel[i], sels, &t);
	json_object_set_new(r->evidence, "keys", json_pack("{s:i,s:i,s:i,s:i,s:i}",
	    "good", (int)t.good, "weak", (int)t.weak, "bad", (int)t.bad,
	    "revoked", (int)t.revoked, "missing", (int)t.missing));
	if (t.errors > 0) {
		snprintf(what, sizeof(what), "%s",
		    chk_txt_owner(&t.first_err->txt, t.first_err->selector));
		chk_set_lookup_error(r, &t.first_err->txt.lk, what);
		return;
	}
	if (t.bad > 0) {
		chk_set(r, CHK_FAILED, "bad", "dkim_key_bad",
		    "%zu DKIM key%s cannot be used; %s", t.bad, t.bad == 1 ? "" : "s",
		    t.bad_why);
		return;
	}
	if (t.good + t.weak == 0) {
		/* the selectors named hold no key: fall back to the node */
		by_node(fx, exempt, r);
		if (r->status == CHK_PASSED)
			chk_set(r, CHK_WARNING, "bad", t.missing == 0 ?
			    "dkim_key_revoked" : "dkim_selector_missing",
			    "no usable DKIM key at the selector%s given (%zu missing, "
			    "%zu revoked: empty p=), though _domainkey.%s exists",
			    d->n_sel == 1 ? "" : "s", t.missing, t.revoked, fx->domain);
		return;
	}
	if (lk->done && lk->rcode == 3)
		json_object_set_new(r->evidence, "domainkey_nxdomain_inconsistent",
		    json_true());
	r->points = 10;
	if (t.missing > 0) {
		chk_set(r, CHK_WARNING, "bad", "dkim_selector_missing",
		    "%zu selector%s given %s no key record (first %s)", t.missing,
		    t.missing == 1 ? "" : "s", t.missing == 1 ? "has" : "have",
		    t.missing_sel);
		return;
	}
	if (t.weak > 0) {
		chk_set(r, CHK_WARNING, "bad", "dkim_key_weak",
		    "%zu DKIM key%s should be replaced; %s", t.weak,
		    t.weak == 1 ? "" : "s", t.weak_why);
		return;
	}
	if (t.revoked > 0)
		chk_set(r, CHK_PASSED, "good", "dkim_keys_good",
		    "%zu good DKIM key%s at the selectors given, %zu revoked",
		    t.good, t.good == 1 ? "" : "s", t.revoked);
	else
		chk_set(r, CHK_PASSED, "good", "dkim_keys_good",
		    "%zu good DKIM key%s at the selectors given", t.good,
		    t.good == 1 ? "" : "s");
}

const struct chk_def chk_mail_auth_dkim_exist = {
	.name = "mail_auth_dkim_exist",
	.category = "mail_auth",
	.title = "DKIM keys",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
