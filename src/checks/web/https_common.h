/*
 * Per-address judgement for the website's HTTPS category: every A and AAAA
 * of the name is judged on its own (catalogue §3: we test all), the test
 * takes the worst status, and each address's points feed the weakest-server
 * score.
 */
#ifndef UTD_CHECKS_HTTPS_COMMON_H
#define UTD_CHECKS_HTTPS_COMMON_H

#include "checks/common.h"
#include "http/http.h"

typedef void (*chk_ep_fn)(const struct facts *fx, const struct fx_web_ep *ep,
    struct chk_result *r);

/* Run fn on every web address and fold the results into r. */
void chk_per_endpoint(const struct facts *fx, struct chk_result *r, chk_ep_fn fn);

/* An HTTP fetch that failed, as an error with its typed reason. */
void chk_set_http_error(struct chk_result *r, const struct http_result *h,
    const char *what);

#endif
