#include "checks/common.h"

const struct chk_def chk_mail_dnssec_mailto_exist = {
	.name = "mail_dnssec_mailto_exist",
	.category = "mail_dnssec",
	.title = "Mail domain is signed",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 0,
	.evaluate = chk_eval_dnssec_exist,
};
