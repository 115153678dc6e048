#include "checks/common.h"

const struct chk_def chk_mail_dnssec_algo = {
	.name = "mail_dnssec_algo",
	.category = "mail_dnssec",
	.title = "Current DNSSEC algorithms",
	.kind = FX_MAIL,
	.level = CHK_RECOMMENDED,
	.max_points = 0,
	.evaluate = chk_eval_dnssec_algo,
};
