#include "checks/common.h"

const struct chk_def chk_web_dnssec_valid = {
	.name = "web_dnssec_valid",
	.category = "web_dnssec",
	.title = "Signatures validate",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = chk_eval_dnssec_valid,
};
