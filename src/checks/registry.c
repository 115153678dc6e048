/*
 * The registry: every check uptodate runs, in report order. Adding a check
 * is its file plus one line here (and its extern above).
 */
#include "checks/check.h"

extern const struct chk_def
    chk_web_ipv6_ns_address, chk_web_ipv6_ns_reach, chk_web_ipv6_ws_address,
    chk_web_ipv6_ws_reach, chk_web_ipv6_ws_similar, chk_web_dnssec_exist, chk_web_dnssec_valid,
    chk_web_dnssec_algo, chk_web_https_tls_caa, chk_web_https_dane_exist,
    chk_web_https_http_available, chk_web_https_http_redirect,
    chk_web_https_http_hsts, chk_web_https_http_compress, chk_web_https_http2,
    chk_mail_ipv6_ns_address, chk_mail_ipv6_ns_reach, chk_mail_ipv6_mx_address,
    chk_mail_ipv6_mx_reach, chk_mail_dnssec_mailto_exist,
    chk_mail_dnssec_mailto_valid, chk_mail_dnssec_mx_exist,
    chk_mail_dnssec_mx_valid, chk_mail_dnssec_algo;

const struct chk_def *const chk_registry[] = {
	&chk_web_ipv6_ns_address,
	&chk_web_ipv6_ns_reach,
	&chk_web_ipv6_ws_address,
	&chk_web_ipv6_ws_reach,
	&chk_web_ipv6_ws_similar,
	&chk_web_dnssec_exist,
	&chk_web_dnssec_valid,
	&chk_web_dnssec_algo,
	&chk_web_https_http_available,
	&chk_web_https_http_redirect,
	&chk_web_https_http_hsts,
	&chk_web_https_http_compress,
	&chk_web_https_tls_caa,
	&chk_web_https_dane_exist,
	&chk_web_https_http2,
	&chk_mail_ipv6_ns_address,
	&chk_mail_ipv6_ns_reach,
	&chk_mail_ipv6_mx_address,
	&chk_mail_ipv6_mx_reach,
	&chk_mail_dnssec_mailto_exist,
	&chk_mail_dnssec_mailto_valid,
	&chk_mail_dnssec_mx_exist,
	&chk_mail_dnssec_mx_valid,
	&chk_mail_dnssec_algo,
	NULL,
};

const struct chk_category chk_categories[] = {
	{ "web_ipv6", "IPv6", FX_WEB, 0 },
	{ "web_dnssec", "DNSSEC", FX_WEB, 0 },
	{ "web_https", "HTTPS", FX_WEB, 1 },
	{ "mail_ipv6", "IPv6", FX_MAIL, 0 },
	{ "mail_dnssec", "DNSSEC", FX_MAIL, 0 },
};
const size_t chk_n_categories = sizeof(chk_categories) / sizeof(chk_categories[0]);
