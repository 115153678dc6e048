#include "checks/common.h"

const struct chk_def chk_mail_ipv6_ns_address = {
	.name = "mail_ipv6_ns_address",
	.category = "mail_ipv6",
	.title = "Name servers have IPv6 addresses",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 0,
	.evaluate = chk_eval_ns_address,
};
