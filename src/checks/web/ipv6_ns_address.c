#include "checks/common.h"

const struct chk_def chk_web_ipv6_ns_address = {
	.name = "web_ipv6_ns_address",
	.category = "web_ipv6",
	.title = "Name servers have IPv6 addresses",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 0,
	.evaluate = chk_eval_ns_address,
};
