#include "checks/common.h"

const struct chk_def chk_web_ipv6_ns_reach = {
	.name = "web_ipv6_ns_reach",
	.category = "web_ipv6",
	.title = "Name servers answer over IPv6",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = chk_eval_ns_reach,
};
