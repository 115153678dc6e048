/*
 * fuzz_cert: the certificate fields the reports show (subject, issuer,
 * key, signature algorithm, validity, subjectAltNames, OCSP URL,
 * fingerprint), read from arbitrary DER as a server could send it. Every
 * string must be bounded and terminated, the SAN list within its cap, the
 * fingerprint 64 hex digits or empty.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tls/audit.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
bounded(const char *s, size_t max)
{
	if (s != NULL && strnlen(s, max + 1) > max)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *m = arena_new(1 << 16);
	struct tls_cert c;
	uint8_t *copy;
	size_t i, n;

	if (m == NULL || (copy = malloc(size ? size : 1)) == NULL) {
		arena_free(m);
		return 0;
	}
	memcpy(copy, data, size);
	if (tls_cert_from_der(m, copy, size, &c) == 0) {
		bounded(c.subject, TLS_AUDIT_NAME_MAX);
		bounded(c.issuer, TLS_AUDIT_NAME_MAX);
		bounded(c.key_name, 256);
		bounded(c.curve, 256);
		bounded(c.sig_alg, 256);
		bounded(c.sig_digest, 256);
		bounded(c.sig_key, 256);
		if (c.n_san > TLS_AUDIT_SAN_MAX || c.n_san > c.n_san_total)
			abort();
		for (i = 0; i < c.n_san; i++)
			if (c.san[i] == NULL)
				abort();
			else
				(void)strlen(c.san[i]);
		if (c.ocsp_url != NULL)
			(void)strlen(c.ocsp_url);
		n = strlen(c.sha256);
		if (n != 0 && n != 64)
			abort();
	}
	free(copy);
	arena_free(m);
	return 0;
}
