#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/mail/auth_common.h"
#include "mail/spf.h"

json_t *
chk_json_txt(const struct fx_txt *t)
{
	json_t *o = json_object(), *arr = json_array();
	size_t i;

	json_object_set_new(o, "owner", t->owner ? chk_jstr(t->owner) : json_null());
	json_object_set_new(o, "lookup", chk_json_lookup(&t->lk));
	for (i = 0; i < t->n; i++)
		json_array_append_new(arr, chk_jstr(t->txt[i]));
	json_object_set_new(o, "records", arr);
	return o;
}

const char *
chk_txt_owner(const struct fx_txt *t, const char *fallback)
{
	return t->owner != NULL ? t->owner : fallback;
}

size_t
chk_txt_count(const struct fx_txt *t, int (*is_kind)(const char *, size_t),
    const char **first)
{
	size_t i, n = 0;

	if (first != NULL)
		*first = NULL;
	for (i = 0; i < t->n; i++) {
		if (t->txt[i] == NULL || !is_kind(t->txt[i], strlen(t->txt[i])))
			continue;
		if (n++ == 0 && first != NULL)
			*first = t->txt[i];
	}
	return n;
}

static int
dmarc_set(struct chk_dmarc_loc *loc, const struct fx_txt *t, int at_org,
    const char *name, struct chk_result *r)
{
	char fallback[300];

	snprintf(fallback, sizeof(fallback), "_dmarc.%s", name);
	snprintf(loc->owner, sizeof(loc->owner), "%s", chk_txt_owner(t, fallback));
	loc->set = t;
	loc->at_org = at_org;
	if (!chk_lookup_answered(&t->lk)) {
		loc->failed = &t->lk;
		if (r != NULL)
			chk_set_lookup_error(r, &t->lk, loc->owner);
		return 0;
	}
	loc->count = chk_txt_count(t, dmarc_is_dmarc1, &loc->txt);
	return 1;
}

int
chk_dmarc_locate(const struct facts *fx, struct chk_dmarc_loc *loc,
    struct chk_result *r)
{
	const struct fx_dmarc *d = &fx->dmarc;

	memset(loc, 0, sizeof(*loc));
	if (!dmarc_set(loc, &d->at_domain, 0, fx->domain, r))
		return 0;
	/* §6.6.3: the organizational domain only when the domain has none */
	if (loc->count > 0 || d->org == NULL)
		return 1;
	return dmarc_set(loc, &d->at_org, 1, d->org, r);
}

enum dmarc_policy
chk_dmarc_effective(const struct dmarc_record *rec, int at_org)
{
	if (at_org && rec->sp != DMARC_POLICY_ABSENT)
		return rec->sp;
	return rec->p;
}

static json_t *
uris_json(const struct dmarc_uri *u, size_t n)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:o,s:o}", "uri",
		    chk_jstr(u[i].uri), "host", chk_jstr(u[i].host)));
	return arr;
}

static const char *
yn_str(enum dmarc_yn v)
{
	switch (v) {
	case DMARC_YN_Y: return "y";
	case DMARC_YN_N: return "n";
	case DMARC_YN_U: return "u";
	case DMARC_YN_ABSENT: break;
	}
	return "absent";
}

json_t *
chk_json_dmarc(const struct dmarc_record *rec)
{
	char adkim[2] = { rec->adkim, '\0' }, aspf[2] = { rec->aspf, '\0' };
	json_t *o, *notes = json_array();

	if (rec->notes & DMARC_NOTE_UNKNOWN_TAG)
		json_array_append_new(notes, chk_jstr("unknown_tag"));
	if (rec->notes & DMARC_NOTE_EMPTY_TAG)
		json_array_append_new(notes, chk_jstr("empty_tag"));
	if (rec->notes & DMARC_NOTE_P_NOT_SECOND)
		json_array_append_new(notes, chk_jstr("p_not_second"));
	o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:I,s:o,s:o,s:o}",
	    "p", dmarc_policy_str(rec->p), "sp", dmarc_policy_str(rec->sp),
	    "np", dmarc_policy_str(rec->np), "psd", yn_str(rec->psd),
	    "t", yn_str(rec->t), "adkim", adkim, "aspf", aspf,
	    "pct", (int)rec->pct, "ri", (json_int_t)rec->ri,
	    "rua", uris_json(rec->rua, rec->n_rua),
	    "ruf", uris_json(rec->ruf, rec->n_ruf), "notes", notes);
	if (o != NULL && rec->unknown[0] != '\0')
		json_object_set_new(o, "unknown_tag", chk_jstr(rec->unknown));
	return o;
}

int
chk_spf_is_reject_all(const char *txt)
{
	struct spf_record *rec;
	char why[SPF_DETAIL_MAX];
	int ok = 0, i;

	if (txt == NULL || (rec = malloc(sizeof(*rec))) == NULL)
		return 0;
	if (spf_parse(txt, strlen(txt), rec, why, sizeof(why)) == 0 && rec->all_term >= 0 &&
	    rec->all == SPF_Q_FAIL) {
		ok = 1;
		for (i = 0; i < rec->all_term; i++)
			if (rec->terms[i].kind < SPF_K_REDIRECT)
				ok = 0;
	}
	free(rec);
	return ok;
}

int
chk_mail_non_sending(const struct facts *fx)
{
	struct chk_dmarc_loc loc;
	struct dmarc_record *rec;
	const char *spf;
	char why[256];
	int reject = 0;

	if (!chk_dmarc_locate(fx, &loc, NULL) || loc.count != 1)
		return 0;
	if (!chk_lookup_answered(&fx->spf_txt.lk) ||
	    chk_txt_count(&fx->spf_txt, spf_is_spf1, &spf) != 1)
		return 0;
	if ((rec = malloc(sizeof(*rec))) == NULL)
		return 0;
	if (dmarc_parse(loc.txt, strlen(loc.txt), rec, why, sizeof(why)) == 0)
		reject = chk_dmarc_effective(rec, loc.at_org) == DMARC_POLICY_REJECT;
	free(rec);
	return reject && chk_spf_is_reject_all(spf);
}
