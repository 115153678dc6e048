/*
 * fuzz_connzone: the connection test's authoritative server on arbitrary
 * query bytes, over UDP (cut to the client's size) and TCP. A reply must
 * fit the buffer, carry the query's id, have QR set, and parse again; the
 * first input byte picks UDP or TCP and a small or large output buffer.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dns/connzone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct connzone *cz;
	static uint8_t out[65535];
	struct connzone_seen seen;
	size_t n, cap;
	uint8_t *q;
	int tcp;

	if (cz == NULL) {
		struct connzone_opts o;
		char why[256];

		memset(&o, 0, sizeof(o));
		o.zone = "uptodate.test";
		o.have_web4 = o.have_web6 = o.have_ns4 = o.have_ns6 = 1;
		inet_pton(AF_INET, "198.51.100.170", &o.web4);
		inet_pton(AF_INET6, "2001:db8::170", &o.web6);
		o.ns4 = o.web4;
		o.ns6 = o.web6;
		if ((cz = connzone_new(&o, why, sizeof(why))) == NULL)
			abort();
	}
	if (size < 1)
		return 0;
	tcp = data[0] & 1;
	cap = (data[0] & 2) ? sizeof(out) : 512;
	/* exact-size heap copy so ASan sees any over-read */
	if ((q = malloc(size - 1 ? size - 1 : 1)) == NULL)
		return 0;
	memcpy(q, data + 1, size - 1);
	n = connzone_answer(cz, q, size - 1, tcp, out, cap, &seen);
	if (n > cap || (n > 0 && n < 12))
		abort();
	if (!tcp && n > 1232 && n > 512)
		abort();
	if (n > 0) {
		ldns_pkt *p = NULL;

		if (out[0] != q[0] || out[1] != q[1] || (out[2] & 0x80) == 0)
			abort();
		if (n > 12 && ldns_wire2pkt(&p, out, n) != LDNS_STATUS_OK)
			abort();
		ldns_pkt_free(p);
	}
	if (seen.probe != CONNZONE_PROBE_NONE && !connzone_id_ok(seen.id))
		abort();
	free(q);
	return 0;
}
