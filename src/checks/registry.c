/*
 * The registry: every check uptodate runs, in report order. Adding a check
 * is its file plus one line in CHK_LIST.
 */
#include "checks/check.h"

/* Every check, in report order: the one line a new check adds. */
#define CHK_LIST(X) \
	X(web_ipv6_ns_address) \
	X(web_ipv6_ns_reach) \
	X(web_ipv6_ws_address) \
	X(web_ipv6_ws_reach) \
	X(web_ipv6_ws_similar) \
	X(web_dnssec_exist) \
	X(web_dnssec_valid) \
	X(web_dnssec_algo) \
	X(web_https_http_available) \
	X(web_https_http_redirect) \
	X(web_https_http_hsts) \
	X(web_https_http_compress) \
	X(web_https_tls_version) \
	X(web_https_tls_ciphers) \
	X(web_https_tls_cipherorder) \
	X(web_https_tls_keyexchange) \
	X(web_https_tls_keyexchangehash) \
	X(web_https_tls_compress) \
	X(web_https_tls_secreneg) \
	X(web_https_tls_clientreneg) \
	X(web_https_tls_extendedmastersecret) \
	X(web_https_tls_0rtt) \
	X(web_https_tls_ocsp) \
	X(web_https_tls_caa) \
	X(web_https_cert_chain) \
	X(web_https_cert_pubkey) \
	X(web_https_cert_sig) \
	X(web_https_cert_domain) \
	X(web_https_dane_exist) \
	X(web_https_dane_valid) \
	X(web_https_http2) \
	X(web_https_hsts_preload) \
	X(web_appsecpriv_x_frame_options) \
	X(web_appsecpriv_x_content_type_options) \
	X(web_appsecpriv_referrer_policy) \
	X(web_appsecpriv_csp) \
	X(web_appsecpriv_securitytxt) \
	X(web_rpki_exists) \
	X(web_rpki_valid) \
	X(web_ns_rpki_exists) \
	X(web_ns_rpki_valid) \
	X(mail_ipv6_ns_address) \
	X(mail_ipv6_ns_reach) \
	X(mail_ipv6_mx_address) \
	X(mail_ipv6_mx_reach) \
	X(mail_dnssec_mailto_exist) \
	X(mail_dnssec_mailto_valid) \
	X(mail_dnssec_mx_exist) \
	X(mail_dnssec_mx_valid) \
	X(mail_dnssec_algo) \
	X(mail_auth_dmarc_exist) \
	X(mail_auth_dmarc_policy) \
	X(mail_auth_dkim_exist) \
	X(mail_auth_spf_exist) \
	X(mail_auth_spf_policy) \
	X(mail_starttls_tls_available) \
	X(mail_starttls_tls_version) \
	X(mail_starttls_tls_ciphers) \
	X(mail_starttls_tls_cipherorder) \
	X(mail_starttls_tls_keyexchange) \
	X(mail_starttls_tls_keyexchangehash) \
	X(mail_starttls_tls_compress) \
	X(mail_starttls_tls_secreneg) \
	X(mail_starttls_tls_extendedmastersecret) \
	X(mail_starttls_tls_0rtt) \
	X(mail_starttls_tls_caa) \
	X(mail_starttls_cert_chain) \
	X(mail_starttls_cert_pubkey) \
	X(mail_starttls_cert_sig) \
	X(mail_starttls_cert_domain) \
	X(mail_starttls_dane_exist) \
	X(mail_starttls_dane_valid) \
	X(mail_starttls_dane_rollover) \
	X(mail_starttls_mtasts) \
	X(mail_starttls_tlsrpt) \
	X(mail_ptr_fcrdns) \
	X(mail_rpki_exists) \
	X(mail_rpki_valid) \
	X(mail_ns_rpki_exists) \
	X(mail_ns_rpki_valid) \
	X(mail_mx_ns_rpki_exists) \
	X(mail_mx_ns_rpki_valid)

#define CHK_EXTERN(n) extern const struct chk_def chk_##n;
CHK_LIST(CHK_EXTERN)

#define CHK_ENTRY(n) &chk_##n,
const struct chk_def *const chk_registry[] = {
	CHK_LIST(CHK_ENTRY)
	NULL,
};

const struct chk_category chk_categories[] = {
	{ "web_ipv6", "IPv6", FX_WEB, 0, 0 },
	{ "web_dnssec", "DNSSEC", FX_WEB, 0, 0 },
	{ "web_https", "HTTPS", FX_WEB, 1, 0 },
	{ "mail_ipv6", "IPv6", FX_MAIL, 0, 0 },
	{ "mail_dnssec", "DNSSEC", FX_MAIL, 0, 0 },
	{ "mail_auth", "Mail authenticity", FX_MAIL, 0, 0 },
	{ "mail_starttls", "STARTTLS and DANE", FX_MAIL, 1, 1 },
	{ "web_appsecpriv", "Security options", FX_WEB, 0, 0 },
	{ "web_rpki", "RPKI", FX_WEB, 0, 0 },
	{ "mail_rpki", "RPKI", FX_MAIL, 0, 0 },
};
const size_t chk_n_categories = sizeof(chk_categories) / sizeof(chk_categories[0]);
