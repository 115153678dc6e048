/*
 * fuzz_dnswire: the DNS wire helpers on arbitrary bytes. The input is
 * parsed as a reply, matched against a fixed query (and, with its first
 * octets rewritten to that query's id, so the name comparison is reached
 * often), and normalised as a user-given name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns/dns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t query[512];
	static int query_len;
	struct dns_wire_reply r;
	char out[256];
	const char *why;
	uint8_t *copy;

	if (query_len == 0)
		query_len = dns_wire_query(query, sizeof(query), "example.com",
		    1, 0x1234);
	if (query_len <= 0)
		abort();

	if (dns_wire_parse_reply(data, size, &r) == 0) {
		if (strlen(r.qname) >= sizeof(r.qname) || r.rcode > 15)
			abort();
	}
	(void)dns_wire_matches(query, (size_t)query_len, data, size);

	/* exact-size heap copies so ASan sees any over-read */
	if ((copy = malloc(size + 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	if (size >= 2) {
		copy[0] = 0x12;
		copy[1] = 0x34;
		(void)dns_wire_matches(query, (size_t)query_len, copy, size);
	}
	memcpy(copy, data, size);
	copy[size] = '\0';
	if (dns_name_normalise((const char *)copy, out, sizeof(out), &why) == 0)
		if (strlen(out) > 253)
			abort();
	free(copy);
	return 0;
}
