#include "checks/rpki_common.h"

static void
evaluate(const struct facts *fx, struct chk_result *r)
{
	chk_rpki_exists(fx, CHK_RPKI_MX, r);
}

const struct chk_def chk_mail_rpki_exists = {
	.name = "mail_rpki_exists",
	.category = "mail_rpki",
	.title = "Route authorisation of the mail servers",
	.kind = FX_MAIL,
	.level = CHK_REQUIRED,
	.max_points = 5,
	.evaluate = evaluate,
};
