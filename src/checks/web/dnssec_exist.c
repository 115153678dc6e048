#include "checks/common.h"

const struct chk_def chk_web_dnssec_exist = {
	.name = "web_dnssec_exist",
	.category = "web_dnssec",
	.title = "Domain is signed",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 0,
	.evaluate = chk_eval_dnssec_exist,
};
