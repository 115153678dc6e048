/*
 * tls_policy: the NCSC-NL TLS guidelines (catalogue §6) as classifiers.
 * Policy lives here, above the TLS engine, which only reports what a server
 * accepted. Every function maps a wire value to good / sufficient /
 * phase_out / insufficient.
 */
#ifndef UTD_TLS_POLICY_H
#define UTD_TLS_POLICY_H

#include <stdint.h>

enum tlsp_class {
	TLSP_GOOD = 0,
	TLSP_SUFFICIENT,
	TLSP_PHASE_OUT,
	TLSP_INSUFFICIENT,
};
const char *tlsp_class_str(enum tlsp_class c);

/* Protocol version (wire number; 0x0200 SSL 2.0). */
enum tlsp_class tlsp_version(uint16_t version);
/* Cipher suite as negotiated under version (TLS 1.3 suites only count on 1.3). */
enum tlsp_class tlsp_suite(uint16_t version, uint16_t suite);
/* (EC)DHE group: named groups and RFC 7919 FFDHE ids; a custom DH group is
 * passed as TLSP_GROUP_CUSTOM_DH. */
#define TLSP_GROUP_CUSTOM_DH 0xffff
enum tlsp_class tlsp_group(uint16_t group);

/* Certificate public key. */
enum tlsp_keytype { TLSP_KEY_RSA, TLSP_KEY_EC, TLSP_KEY_ED25519, TLSP_KEY_ED448,
	TLSP_KEY_DSA, TLSP_KEY_OTHER };
/* curve: OpenSSL short name ("prime256v1", "secp384r1", "brainpoolP256r1"...) for EC. */
enum tlsp_class tlsp_cert_key(enum tlsp_keytype type, int bits, const char *curve);
/* Certificate signature digest: OpenSSL digest short name ("SHA256", "SHA1",
 * "MD5", "SHA224"...), or "ED25519"/"ED448"/"UNDEF" for the EdDSA schemes. */
enum tlsp_class tlsp_cert_sig(const char *digest);
/* Key-exchange signature hash of a TLS 1.2 SignatureScheme (hash<<8 | sig). */
enum tlsp_class tlsp_kex_hash(uint16_t sigalg);

#endif
