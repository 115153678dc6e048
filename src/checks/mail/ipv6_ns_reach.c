#include "checks/common.h"

const struct chk_def chk_mail_ipv6_ns_reach = {
	.name = "mail_ipv6_ns_reach",
	.category = "mail_ipv6",
	.title = "Name servers answer over IPv6",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = chk_eval_ns_reach,
};
