/*
 * fuzz_tlsrpt: TLS-RPT record parsing on arbitrary bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail/tlsrpt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tlsrpt_record r;
	char why[160];
	char *copy = malloc(size ? size : 1);
	size_t i;

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	if (tlsrpt_parse(copy, size, &r, why, sizeof(why)) != 0) {
		if (why[0] == '\0')
			abort();
	} else {
		if (!tlsrpt_is_tlsrpt1(copy, size) || r.n_rua == 0 ||
		    r.n_rua > TLSRPT_URIS_MAX)
			abort();
		for (i = 0; i < r.n_rua; i++) {
			const struct tlsrpt_uri *u = &r.rua[i];

			if (u->host[0] == '\0' || strlen(u->uri) > TLSRPT_URI_LEN_MAX)
				abort();
			if (u->scheme == TLSRPT_MAILTO ?
			    strncasecmp(u->uri, "mailto:", 7) != 0 :
			    u->scheme == TLSRPT_HTTPS ?
			    strncasecmp(u->uri, "https://", 8) != 0 : 1)
				abort();
			if (strcasestr(u->uri, u->host) == NULL)
				abort();
		}
	}
	free(copy);
	return 0;
}
