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

/* The same for TLS judgements, which the website (every address, 443) and
 * the email test (every MX address, STARTTLS on 25) share: fn runs on each
 * TLS endpoint of the facts' kind. */
typedef void (*chk_tls_fn)(const struct facts *fx, const struct fx_tls_ep *ep,
    struct chk_result *r);
void chk_per_tls_endpoint(const struct facts *fx, struct chk_result *r,
    chk_tls_fn fn);

struct tls_scan;
struct tls_audit;

/* The endpoint's TLS scan, or NULL with r set: not_tested when nothing
 * listens on 443 or the MX offers no STARTTLS (the availability tests say
 * so), error with the scan's reason otherwise. */
const struct tls_scan *chk_ep_scan(const struct fx_tls_ep *e, struct chk_result *r);
/* The endpoint's completed OpenSSL handshake, or NULL with r set likewise. */
const struct tls_audit *chk_ep_audit(const struct fx_tls_ep *e, struct chk_result *r);
/* The weakest certificate the server sent, a root excepted, by the
 * classifier judge (which also adds its evidence to the entry it gets);
 * every certificate is listed in arr. NULL with r set to an error when the
 * server sent none. */
struct tls_cert;
typedef int (*chk_cert_judge)(const struct tls_cert *c, json_t *entry);
const struct tls_cert *chk_worst_cert(const struct tls_audit *a,
    chk_cert_judge judge, json_t *arr, int *worst, struct chk_result *r);

/* Accepted versions of a scan, SSL 2.0 first; returns how many. */
size_t chk_scan_versions(const struct tls_scan *s, uint16_t *out, size_t cap);

/* The first hop's response of GET http://name/, or NULL. */
const struct http_result *chk_ep_http80(const struct fx_web_ep *e);

/* 1 when a fetch got a TCP connection (whatever happened after). */
int chk_http_connected(const struct http_result *h);

/* An HTTP fetch that failed, as an error with its typed reason. */
void chk_set_http_error(struct chk_result *r, const struct http_result *h,
    const char *what);

#endif
