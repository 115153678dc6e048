#include <stdio.h>

#include "checks/mail/mx_common.h"

/* Forward-confirmed reverse DNS of every MX address: a PTR name whose
 * own addresses include the address again. Many receivers expect it of
 * sending hosts; an MX often is one, so it is noted, never scored. */
static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	json_t *arr;
	size_t i, missing = 0, unconfirmed = 0, unknown = 0;
	const struct fx_mail_ep *first_missing = NULL, *first_unconfirmed = NULL;
	const struct fx_mail_ep *first_unknown = NULL;
	char what[200];

	if (!chk_mx_applicable(fx, r))
		return;
	arr = json_array();
	json_object_set_new(r->evidence, "addresses", arr);
	if (fx->n_meps_total > fx->n_meps)
		json_object_set_new(r->evidence, "addresses_not_tested",
		    json_integer((json_int_t)(fx->n_meps_total - fx->n_meps)));
	for (i = 0; i < fx->n_meps; i++) {
		const struct fx_mail_ep *m = &fx->meps[i];
		int answered = chk_lookup_answered(&m->ptr_lk);

		json_array_append_new(arr, json_pack("{s:s,s:s?,s:o,s:s?,s:o}",
		    "address", m->tls.addr.text, "mx", m->mx ? m->mx->name : NULL,
		    "ptr_lookup", chk_json_lookup(&m->ptr_lk), "ptr", m->ptr_name,
		    "fcrdns", m->fcrdns < 0 || !answered ? json_null() :
		    json_boolean(m->fcrdns)));
		if (!answered || m->fcrdns < 0) {
			if (unknown++ == 0)
				first_unknown = m;
		} else if (m->ptr_name == NULL) {
			if (missing++ == 0)
				first_missing = m;
		} else if (m->fcrdns == 0) {
			if (unconfirmed++ == 0)
				first_unconfirmed = m;
		}
	}
	if (fx->n_meps == 0) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_mx_address",
		    "no MX host of %s has an address to look up", fx->domain);
		return;
	}
	if (missing > 0) {
		chk_set(r, CHK_INFO, "bad", "ptr_missing",
		    "%zu of %zu MX addresses have no PTR record (first %s)%s",
		    missing, fx->n_meps, first_missing->tls.addr.text, unconfirmed ?
		    "; others have one that does not resolve back" : "");
		return;
	}
	if (unconfirmed > 0) {
		chk_set(r, CHK_INFO, "bad", "ptr_not_confirmed",
		    "%zu of %zu MX addresses have a PTR name that does not resolve "
		    "back to them (first %s -> %s)", unconfirmed, fx->n_meps,
		    first_unconfirmed->tls.addr.text, first_unconfirmed->ptr_name);
		return;
	}
	if (unknown > 0) {
		if (!chk_lookup_answered(&first_unknown->ptr_lk)) {
			snprintf(what, sizeof(what), "PTR lookup of %s",
			    first_unknown->tls.addr.text);
			chk_set_lookup_error(r, &first_unknown->ptr_lk, what);
		} else
			chk_set(r, CHK_ERROR, "error", "forward_lookup_failed",
			    "the addresses of %s (the PTR name of %s) could not be "
			    "looked up", first_unknown->ptr_name ?
			    first_unknown->ptr_name : "the PTR name",
			    first_unknown->tls.addr.text);
		return;
	}
	chk_set(r, CHK_PASSED, "good", "fcrdns_good",
	    "every MX address (%zu) has a PTR name that resolves back to it",
	    fx->n_meps);
}

const struct chk_def chk_mail_ptr_fcrdns = {
	.name = "mail_ptr_fcrdns",
	.category = "mail_starttls",
	.title = "Reverse DNS of the MX addresses",
	.kind = FX_MAIL,
	.level = CHK_OPTIONAL,
	.max_points = 0,
	.evaluate = evaluate,
};
