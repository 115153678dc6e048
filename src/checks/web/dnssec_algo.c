#include "checks/common.h"

const struct chk_def chk_web_dnssec_algo = {
	.name = "web_dnssec_algo",
	.category = "web_dnssec",
	.title = "Current DNSSEC algorithms",
	.kind = FX_WEB,
	.level = CHK_RECOMMENDED,
	.max_points = 0,
	.evaluate = chk_eval_dnssec_algo,
};
