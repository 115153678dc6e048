/*
 * Shared by the RPKI tests (catalogue §3/§4, §8): every address of one
 * set of hosts (the web host, the name servers, the MX hosts, the name
 * servers of the MX zones) is looked up in the route origin validation
 * data the run was given (--vrp, --routes); the facts carry the loaded
 * database, so the tests stay lookups without I/O.
 *
 *  exists: every address's most specific route is covered by a VRP
 *          (RFC 6811 valid or invalid); otherwise warning, 0 points.
 *  valid:  every route covering every address is RFC 6811 valid;
 *          invalid or not found fails; valid through a VRP whose
 *          maxLength is longer than the route is a warning (RFC 9319).
 * Without data the tests are not_tested and leave the score; without
 * addresses to judge they are not_tested with full points.
 */
#ifndef UTD_CHECKS_RPKI_COMMON_H
#define UTD_CHECKS_RPKI_COMMON_H

#include "checks/common.h"

enum chk_rpki_target {
	CHK_RPKI_WEB,        /* the web host's addresses */
	CHK_RPKI_NS,         /* the tested domain's name servers */
	CHK_RPKI_MX,         /* every MX host */
	CHK_RPKI_MX_NS,      /* the name servers of every MX's zone */
};

void chk_rpki_exists(const struct facts *fx, enum chk_rpki_target t,
    struct chk_result *r);
void chk_rpki_valid(const struct facts *fx, enum chk_rpki_target t,
    struct chk_result *r);

#endif
