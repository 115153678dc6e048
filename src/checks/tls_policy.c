#include <string.h>
#include <strings.h>

#include "checks/tls_policy.h"

const char *
tlsp_class_str(enum tlsp_class c)
{
	switch (c) {
	case TLSP_GOOD: return "good";
	case TLSP_SUFFICIENT: return "sufficient";
	case TLSP_PHASE_OUT: return "phase_out";
	case TLSP_INSUFFICIENT: return "insufficient";
	}
	return "insufficient";
}

enum tlsp_class
tlsp_version(uint16_t v)
{
	if (v == 0x0304)
		return TLSP_GOOD;
	if (v == 0x0303)
		return TLSP_SUFFICIENT;
	return TLSP_INSUFFICIENT;
}

/* TLS 1.2 suites the guidelines accept; everything else is insufficient. */
static const struct {
	uint16_t id;
	enum tlsp_class cls;
} suites12[] = {
	/* ECDHE with AEAD */
	{ 0xc02c, TLSP_SUFFICIENT }, { 0xc030, TLSP_SUFFICIENT },
	{ 0xc02b, TLSP_SUFFICIENT }, { 0xc02f, TLSP_SUFFICIENT },
	{ 0xcca9, TLSP_SUFFICIENT }, { 0xcca8, TLSP_SUFFICIENT },
	{ 0xc0ad, TLSP_SUFFICIENT }, { 0xc0ac, TLSP_SUFFICIENT },
	/* ECDHE with CBC-SHA2, CAMELLIA, ARIA */
	{ 0xc024, TLSP_PHASE_OUT }, { 0xc028, TLSP_PHASE_OUT },
	{ 0xc023, TLSP_PHASE_OUT }, { 0xc027, TLSP_PHASE_OUT },
	{ 0xc072, TLSP_PHASE_OUT }, { 0xc073, TLSP_PHASE_OUT },
	{ 0xc076, TLSP_PHASE_OUT }, { 0xc077, TLSP_PHASE_OUT },
	{ 0xc086, TLSP_PHASE_OUT }, { 0xc087, TLSP_PHASE_OUT },
	{ 0xc08a, TLSP_PHASE_OUT }, { 0xc08b, TLSP_PHASE_OUT },
	{ 0xc048, TLSP_PHASE_OUT }, { 0xc049, TLSP_PHASE_OUT },
	{ 0xc04c, TLSP_PHASE_OUT }, { 0xc04d, TLSP_PHASE_OUT },
	{ 0xc05c, TLSP_PHASE_OUT }, { 0xc05d, TLSP_PHASE_OUT },
	{ 0xc060, TLSP_PHASE_OUT }, { 0xc061, TLSP_PHASE_OUT },
	/* DHE_RSA with AES GCM/CCM/CBC-SHA2, CHACHA20, CAMELLIA, ARIA */
	{ 0x009e, TLSP_PHASE_OUT }, { 0x009f, TLSP_PHASE_OUT },
	{ 0xc09e, TLSP_PHASE_OUT }, { 0xc09f, TLSP_PHASE_OUT },
	{ 0x0067, TLSP_PHASE_OUT }, { 0x006b, TLSP_PHASE_OUT },
	{ 0xccaa, TLSP_PHASE_OUT },
	{ 0x00be, TLSP_PHASE_OUT }, { 0x00c4, TLSP_PHASE_OUT },
	{ 0xc07c, TLSP_PHASE_OUT }, { 0xc07d, TLSP_PHASE_OUT },
	{ 0xc044, TLSP_PHASE_OUT }, { 0xc045, TLSP_PHASE_OUT },
	{ 0xc052, TLSP_PHASE_OUT }, { 0xc053, TLSP_PHASE_OUT },
};

enum tlsp_class
tlsp_suite(uint16_t version, uint16_t suite)
{
	size_t i;

	if (version == 0x0304) {
		switch (suite) {
		case 0x1302: case 0x1303: return TLSP_GOOD;
		case 0x1301: case 0x1304: return TLSP_SUFFICIENT;
		default: return TLSP_INSUFFICIENT;
		}
	}
	for (i = 0; i < sizeof(suites12) / sizeof(suites12[0]); i++)
		if (suites12[i].id == suite)
			return suites12[i].cls;
	return TLSP_INSUFFICIENT;
}

enum tlsp_class
tlsp_group(uint16_t g)
{
	switch (g) {
	case 23: case 24: case 25:          /* secp256r1, secp384r1, secp521r1 */
	case 26: case 27: case 28:          /* brainpoolP*r1 */
	case 29: case 30:                   /* x25519, x448 */
	case 31: case 32: case 33:          /* brainpoolP*r1tls13 */
	case 0x11eb: case 0x11ec: case 0x11ed:  /* ML-KEM hybrids */
		return TLSP_GOOD;
	case 21:                            /* secp224r1 */
	case 257: case 258: case 259: case 260:  /* ffdhe3072..8192 */
		return TLSP_PHASE_OUT;
	}
	return TLSP_INSUFFICIENT;              /* ffdhe2048, custom DH, others */
}

enum tlsp_class
tlsp_cert_key(enum tlsp_keytype type, int bits, const char *curve)
{
	static const char *const good_curves[] = {
		"prime256v1", "P-256", "secp256r1", "secp384r1", "P-384",
		"secp521r1", "P-521", "brainpoolP256r1", "brainpoolP384r1",
		"brainpoolP512r1",
	};
	size_t i;

	switch (type) {
	case TLSP_KEY_RSA:
		if (bits >= 3072)
			return TLSP_GOOD;
		return bits >= 2048 ? TLSP_PHASE_OUT : TLSP_INSUFFICIENT;
	case TLSP_KEY_EC:
		if (curve == NULL)
			return TLSP_INSUFFICIENT;
		for (i = 0; i < sizeof(good_curves) / sizeof(good_curves[0]); i++)
			if (strcmp(curve, good_curves[i]) == 0)
				return TLSP_GOOD;
		if (strcmp(curve, "secp224r1") == 0 || strcmp(curve, "P-224") == 0)
			return TLSP_PHASE_OUT;
		return TLSP_INSUFFICIENT;
	case TLSP_KEY_ED25519:
	case TLSP_KEY_ED448:
		return TLSP_GOOD;
	case TLSP_KEY_DSA:
	case TLSP_KEY_OTHER:
		break;
	}
	return TLSP_INSUFFICIENT;
}

enum tlsp_class
tlsp_cert_sig(const char *d)
{
	if (d == NULL)
		return TLSP_INSUFFICIENT;
	if (strcasecmp(d, "SHA256") == 0 || strcasecmp(d, "SHA384") == 0 ||
	    strcasecmp(d, "SHA512") == 0 || strcasecmp(d, "SHA2-256") == 0 ||
	    strcasecmp(d, "SHA2-384") == 0 || strcasecmp(d, "SHA2-512") == 0 ||
	    strcasecmp(d, "ED25519") == 0 || strcasecmp(d, "ED448") == 0)
		return TLSP_GOOD;
	if (strcasecmp(d, "SHA224") == 0 || strcasecmp(d, "SHA2-224") == 0)
		return TLSP_PHASE_OUT;
	return TLSP_INSUFFICIENT;
}

enum tlsp_class
tlsp_kex_hash(uint16_t sigalg)
{
	switch (sigalg) {
	case 0x0804: case 0x0805: case 0x0806:   /* rsa_pss_rsae_* */
	case 0x0809: case 0x080a: case 0x080b:   /* rsa_pss_pss_* */
	case 0x0807: case 0x0808:                /* ed25519, ed448 */
		return TLSP_GOOD;
	}
	switch (sigalg >> 8) {
	case 4: case 5: case 6:                  /* SHA-256/384/512 */
		return TLSP_GOOD;
	case 3:                                  /* SHA-224 */
		return TLSP_PHASE_OUT;
	}
	return TLSP_INSUFFICIENT;                /* MD5, SHA-1, none */
}
