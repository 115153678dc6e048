/*
 * Shared by the mail checks that judge each MX host: whether the MX set is
 * there to judge, and its evidence.
 */
#ifndef UTD_CHECKS_MX_COMMON_H
#define UTD_CHECKS_MX_COMMON_H

#include "checks/common.h"

/* 1 when fx has MX hosts to judge. Otherwise sets r (not_tested for no MX
 * or null MX, error when the MX lookup failed) and returns 0. */
int chk_mx_applicable(const struct facts *fx, struct chk_result *r);
json_t *chk_json_mx_set(const struct facts *fx);

#endif
