#include "checks/mail/starttls_common.h"

/* The catalogue takes 0-RTT as not applicable to SMTP (no mail server
 * is known to take early data after STARTTLS): passed wherever STARTTLS
 * works, without a probe. */
static void
ep(const struct facts *fx, const struct fx_tls_ep *e, struct chk_result *r)
{
	(void)fx;
	if (chk_ep_audit(e, r) == NULL)
		return;
	r->points = r->max_points;
	chk_set(r, CHK_PASSED, "na", "zero_rtt_na",
	    "0-RTT does not apply to SMTP");
}

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_per_tls_endpoint(fx, r, ep);
}

const struct chk_def chk_mail_starttls_tls_0rtt = {
	.name = "mail_starttls_tls_0rtt",
	.category = "mail_starttls",
	.title = "0-RTT",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
