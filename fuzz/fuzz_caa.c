/*
 * fuzz_caa: CAA RDATA reading and property syntax on arbitrary bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns/caa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct caa_rr rr;
	const char *why;
	char reason[128];
	uint8_t *copy = malloc(size ? size : 1);

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	if (caa_parse_rdata(copy, size, &rr, &why) == 0) {
		if (strlen(rr.value) != rr.value_len || strlen(rr.tag) > 15)
			abort();
		(void)caa_check(&rr, reason, sizeof(reason));
		(void)caa_is_issue(&rr);
	}
	free(copy);
	return 0;
}
