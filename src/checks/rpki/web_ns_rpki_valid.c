#include "checks/rpki_common.h"

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_rpki_valid(fx, CHK_RPKI_NS, r);
}

const struct chk_def chk_web_ns_rpki_valid = {
	.name = "web_ns_rpki_valid",
	.category = "web_rpki",
	.title = "Route validity of the name servers",
	.kind = FX_WEB,
	.level = CHK_REQUIRED,
	.max_points = 10,
	.evaluate = evaluate,
};
