#include "checks/mail/mx_common.h"

json_t *
chk_json_mx_set(const struct facts *fx)
{
	json_t *o = json_object(), *arr = json_array();
	size_t i;

	json_object_set_new(o, "mx_state", chk_jstr(fx_mx_state_str(fx->mx_state)));
	json_object_set_new(o, "mx_lookup", chk_json_lookup(&fx->mx_lk));
	for (i = 0; i < fx->n_mx; i++) {
		json_t *h = chk_json_host(&fx->mx[i]);

		json_object_set_new(h, "preference", json_integer(fx->mx[i].preference));
		json_object_set_new(h, "soa_lookup", chk_json_lookup(&fx->mx[i].soa_lk));
		json_array_append_new(arr, h);
	}
	json_object_set_new(o, "mx", arr);
	if (fx->n_mx_total > fx->n_mx)
		json_object_set_new(o, "mx_not_tested",
		    json_integer((json_int_t)(fx->n_mx_total - fx->n_mx)));
	return o;
}

int
chk_mx_applicable(const struct facts *fx, struct chk_result *r)
{
	json_decref(r->evidence);
	r->evidence = chk_json_mx_set(fx);
	switch (fx->mx_state) {
	case FX_MX_PRESENT:
	case FX_MX_NULL_MIXED:
		if (fx->n_mx > 0)
			return 1;
		chk_set(r, CHK_NOT_TESTED, "na", "no_mx",
		    "%s has no usable MX host", fx->domain);
		break;
	case FX_MX_NONE:
		chk_set(r, CHK_NOT_TESTED, "na", "no_mx",
		    "%s has no MX record", fx->domain);
		break;
	case FX_MX_NULL:
		chk_set(r, CHK_NOT_TESTED, "na", "null_mx",
		    "%s has a null MX (RFC 7505): it accepts no mail", fx->domain);
		break;
	case FX_MX_UNKNOWN:
		chk_set_lookup_error(r, &fx->mx_lk, "MX lookup");
		break;
	}
	return 0;
}
