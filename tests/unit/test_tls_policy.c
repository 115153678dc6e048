/*
 * The NCSC-NL classification of catalogue §6, suite by suite: IANA numbers
 * from the TLS Cipher Suites registry, expected classes from the catalogue.
 */
#include "checks/tls_policy.h"
#include "unit.h"

#define IS(expr, cls) CHECK_STR(tlsp_class_str(expr), tlsp_class_str(cls))

int
main(void)
{
	/* versions */
	IS(tlsp_version(0x0304), TLSP_GOOD);
	IS(tlsp_version(0x0303), TLSP_SUFFICIENT);
	IS(tlsp_version(0x0302), TLSP_INSUFFICIENT);
	IS(tlsp_version(0x0301), TLSP_INSUFFICIENT);
	IS(tlsp_version(0x0300), TLSP_INSUFFICIENT);
	IS(tlsp_version(0x0200), TLSP_INSUFFICIENT);

	/* TLS 1.3 */
	IS(tlsp_suite(0x0304, 0x1302), TLSP_GOOD);         /* AES_256_GCM_SHA384 */
	IS(tlsp_suite(0x0304, 0x1303), TLSP_GOOD);         /* CHACHA20_POLY1305 */
	IS(tlsp_suite(0x0304, 0x1301), TLSP_SUFFICIENT);   /* AES_128_GCM_SHA256 */
	IS(tlsp_suite(0x0304, 0x1304), TLSP_SUFFICIENT);   /* AES_128_CCM_SHA256 */
	IS(tlsp_suite(0x0304, 0x1305), TLSP_INSUFFICIENT); /* AES_128_CCM_8_SHA256 */

	/* TLS 1.2 sufficient */
	IS(tlsp_suite(0x0303, 0xc02f), TLSP_SUFFICIENT);   /* ECDHE_RSA_AES_128_GCM */
	IS(tlsp_suite(0x0303, 0xc02c), TLSP_SUFFICIENT);   /* ECDHE_ECDSA_AES_256_GCM */
	IS(tlsp_suite(0x0303, 0xcca8), TLSP_SUFFICIENT);   /* ECDHE_RSA_CHACHA20 */
	IS(tlsp_suite(0x0303, 0xc0ac), TLSP_SUFFICIENT);   /* ECDHE_ECDSA_AES_128_CCM */
	/* phase-out */
	IS(tlsp_suite(0x0303, 0xc028), TLSP_PHASE_OUT);    /* ECDHE_RSA_AES_256_CBC_SHA384 */
	IS(tlsp_suite(0x0303, 0xc023), TLSP_PHASE_OUT);    /* ECDHE_ECDSA_AES_128_CBC_SHA256 */
	IS(tlsp_suite(0x0303, 0xc061), TLSP_PHASE_OUT);    /* ECDHE_RSA_ARIA_256_GCM */
	IS(tlsp_suite(0x0303, 0xc08a), TLSP_PHASE_OUT);    /* ECDHE_RSA_CAMELLIA_128_GCM */
	IS(tlsp_suite(0x0303, 0x009f), TLSP_PHASE_OUT);    /* DHE_RSA_AES_256_GCM */
	IS(tlsp_suite(0x0303, 0xccaa), TLSP_PHASE_OUT);    /* DHE_RSA_CHACHA20 */
	IS(tlsp_suite(0x0303, 0x0067), TLSP_PHASE_OUT);    /* DHE_RSA_AES_128_CBC_SHA256 */
	/* insufficient */
	IS(tlsp_suite(0x0303, 0xc013), TLSP_INSUFFICIENT); /* ECDHE_RSA_AES_128_CBC_SHA */
	IS(tlsp_suite(0x0303, 0x002f), TLSP_INSUFFICIENT); /* RSA_AES_128_CBC_SHA */
	IS(tlsp_suite(0x0303, 0x009c), TLSP_INSUFFICIENT); /* RSA_AES_128_GCM (static RSA) */
	IS(tlsp_suite(0x0303, 0x000a), TLSP_INSUFFICIENT); /* RSA_3DES_EDE_CBC_SHA */
	IS(tlsp_suite(0x0303, 0x0005), TLSP_INSUFFICIENT); /* RSA_RC4_128_SHA */
	IS(tlsp_suite(0x0303, 0x0003), TLSP_INSUFFICIENT); /* RSA_EXPORT_RC4_40_MD5 */
	IS(tlsp_suite(0x0303, 0x0034), TLSP_INSUFFICIENT); /* DH_anon_AES_128_CBC_SHA */
	IS(tlsp_suite(0x0303, 0xc0ae), TLSP_INSUFFICIENT); /* ECDHE_ECDSA_AES_128_CCM_8 */
	IS(tlsp_suite(0x0303, 0x00a2), TLSP_INSUFFICIENT); /* DHE_DSS_AES_128_GCM */
	IS(tlsp_suite(0x0303, 0xc02d), TLSP_INSUFFICIENT); /* ECDH_ECDSA_AES_128_GCM (static) */
	IS(tlsp_suite(0x0303, 0x0000), TLSP_INSUFFICIENT); /* NULL_WITH_NULL_NULL */
	IS(tlsp_suite(0x0303, 0x1302), TLSP_INSUFFICIENT); /* a 1.3 suite on 1.2 */

	/* groups */
	IS(tlsp_group(29), TLSP_GOOD);        /* x25519 */
	IS(tlsp_group(23), TLSP_GOOD);        /* secp256r1 */
	IS(tlsp_group(28), TLSP_GOOD);        /* brainpoolP512r1 */
	IS(tlsp_group(0x11ec), TLSP_GOOD);    /* X25519MLKEM768 */
	IS(tlsp_group(21), TLSP_PHASE_OUT);   /* secp224r1 */
	IS(tlsp_group(257), TLSP_PHASE_OUT);  /* ffdhe3072 */
	IS(tlsp_group(256), TLSP_INSUFFICIENT);  /* ffdhe2048 */
	IS(tlsp_group(TLSP_GROUP_CUSTOM_DH), TLSP_INSUFFICIENT);
	IS(tlsp_group(19), TLSP_INSUFFICIENT);   /* secp192r1 */

	/* certificate keys */
	IS(tlsp_cert_key(TLSP_KEY_RSA, 4096, NULL), TLSP_GOOD);
	IS(tlsp_cert_key(TLSP_KEY_RSA, 3072, NULL), TLSP_GOOD);
	IS(tlsp_cert_key(TLSP_KEY_RSA, 2048, NULL), TLSP_PHASE_OUT);
	IS(tlsp_cert_key(TLSP_KEY_RSA, 1024, NULL), TLSP_INSUFFICIENT);
	IS(tlsp_cert_key(TLSP_KEY_EC, 256, "prime256v1"), TLSP_GOOD);
	IS(tlsp_cert_key(TLSP_KEY_EC, 384, "secp384r1"), TLSP_GOOD);
	IS(tlsp_cert_key(TLSP_KEY_EC, 224, "secp224r1"), TLSP_PHASE_OUT);
	IS(tlsp_cert_key(TLSP_KEY_EC, 256, "secp256k1"), TLSP_INSUFFICIENT);
	IS(tlsp_cert_key(TLSP_KEY_ED25519, 256, NULL), TLSP_GOOD);
	IS(tlsp_cert_key(TLSP_KEY_DSA, 2048, NULL), TLSP_INSUFFICIENT);

	/* certificate signatures */
	IS(tlsp_cert_sig("SHA256"), TLSP_GOOD);
	IS(tlsp_cert_sig("SHA512"), TLSP_GOOD);
	IS(tlsp_cert_sig("ED25519"), TLSP_GOOD);
	IS(tlsp_cert_sig("SHA224"), TLSP_PHASE_OUT);
	IS(tlsp_cert_sig("SHA1"), TLSP_INSUFFICIENT);
	IS(tlsp_cert_sig("MD5"), TLSP_INSUFFICIENT);
	IS(tlsp_cert_sig(NULL), TLSP_INSUFFICIENT);

	/* key-exchange signature hashes (TLS 1.2 SignatureScheme) */
	IS(tlsp_kex_hash(0x0401), TLSP_GOOD);        /* rsa_pkcs1_sha256 */
	IS(tlsp_kex_hash(0x0503), TLSP_GOOD);        /* ecdsa_secp384r1_sha384 */
	IS(tlsp_kex_hash(0x0804), TLSP_GOOD);        /* rsa_pss_rsae_sha256 */
	IS(tlsp_kex_hash(0x0807), TLSP_GOOD);        /* ed25519 */
	IS(tlsp_kex_hash(0x0301), TLSP_PHASE_OUT);   /* rsa sha224 */
	IS(tlsp_kex_hash(0x0201), TLSP_INSUFFICIENT);/* rsa_pkcs1_sha1 */
	IS(tlsp_kex_hash(0x0203), TLSP_INSUFFICIENT);/* ecdsa_sha1 */
	IS(tlsp_kex_hash(0x0101), TLSP_INSUFFICIENT);/* md5 */
	return unit_done("test_tls_policy");
}
