#include <stdio.h>
#include <string.h>

#include "checks/tls_policy.h"
#include "checks/web/https_common.h"
#include "tls/audit.h"
#include "tls/hello.h"
#include "tls/scan.h"

static void
judge(uint16_t id, enum tlsp_class *worst, uint16_t *worst_id, json_t *arr)
{
	enum tlsp_class c = tlsp_group(id);

	json_array_append_new(arr, json_pack("{s:s,s:s}", "group",
	    id == TLSP_GROUP_CUSTOM_DH ? "custom DH group" : tls_group_name(id),
	    "class", tlsp_class_str(c)));
	if (*worst_id == 0 || c > *worst) {
		*worst = c;
		*worst_id = id;
	}
}

/* Key-exchange parameters: every (EC)DHE group the server accepts. */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	const struct tls_scan *s = chk_ep_scan(e, r);
	enum tlsp_class worst = TLSP_GOOD;
	uint16_t worst_id = 0;
	json_t *arr = json_array();
	size_t i;

	(void)fx;
	json_object_set_new(r->evidence, "groups", arr);
	if (s == NULL)
		return;
	for (i = 0; i < s->groups13.n; i++)
		judge(s->groups13.ids[i], &worst, &worst_id, arr);
	for (i = 0; i < s->groups12.n; i++)
		judge(s->groups12.ids[i], &worst, &worst_id, arr);
	for (i = 0; i < s->n_dhe; i++)
		judge(s->dhe[i].group ? (uint16_t)s->dhe[i].group : TLSP_GROUP_CUSTOM_DH,
		    &worst, &worst_id, arr);
	if (worst_id == 0) {
		/* not applicable (static RSA only: the suites test judges
		 * that), so full points as the other n/a results */
		r->points = r->max_points;
		chk_set(r, CHK_NOT_TESTED, "na", "no_ephemeral_kx",
		    "no ephemeral key exchange was seen");
		return;
	}
	if (worst == TLSP_INSUFFICIENT) {
		chk_set(r, CHK_FAILED, "bad", "insufficient_group",
		    "accepts key exchange with %s, which is insufficient",
		    worst_id == TLSP_GROUP_CUSTOM_DH ? "a custom DH group" : tls_group_name(worst_id));
		return;
	}
	r->points = r->max_points;
	if (worst == TLSP_PHASE_OUT)
		chk_set(r, CHK_WARNING, "phase_out", "phase_out_group",
		    "accepts key exchange with %s, which is to be phased out",
		    tls_group_name(worst_id));
	else
		chk_set(r, CHK_PASSED, "good", "groups_good",
		    "every accepted key-exchange group is good");
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_tls_endpoint(fx, r, ep);
}

const struct chk_def chk_web_https_tls_keyexchange = {
	.name = "web_https_tls_keyexchange",
	.category = "web_https",
	.title = "Key exchange parameters",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};

/* The same judgement on every MX address, after STARTTLS. */
const struct chk_def chk_mail_starttls_tls_keyexchange = {
	.name = "mail_starttls_tls_keyexchange",
	.category = "mail_starttls",
	.title = "Key exchange parameters",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
