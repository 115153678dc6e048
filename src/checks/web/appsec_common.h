/*
 * Shared by the security-option tests (web_appsecpriv): the values of one
 * response header of https://name/ (every occurrence, in order), and the
 * organizational domain a CSP's hosts are judged against.
 */
#ifndef UTD_CHECKS_APPSEC_COMMON_H
#define UTD_CHECKS_APPSEC_COMMON_H

#include "checks/web/https_common.h"

#define CHK_HEADER_VALUES_MAX 16

/* The values of header name (lower case) in h, at most cap; their count. */
size_t chk_header_values(const struct http_result *h, const char *name,
    const char **out, size_t cap);
/* The HTTPS answer to read headers from, or NULL with r set (not_tested:
 * no HTTPS response). */
const struct http_result *chk_https_answer(const struct fx_web_ep *e,
    struct chk_result *r);

#endif
