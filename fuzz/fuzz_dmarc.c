/*
 * fuzz_dmarc: DMARC record parsing on arbitrary bytes; on success the
 * §7.1 helpers run on every reporting host.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail/dmarc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_uri(const struct dmarc_uri *u)
{
	char name[300];
	size_t hn = strlen(u->host), an = strlen(u->addr), i;

	if (strlen(u->uri) > DMARC_URI_LEN_MAX || strncasecmp(u->uri, "mailto:", 7))
		abort();
	if (hn == 0 || hn > DMARC_HOST_MAX || an <= hn || u->addr[an - hn - 1] != '@')
		abort();
	if (strcasecmp(u->addr + an - hn, u->host) != 0)
		abort();
	for (i = 0; i < hn; i++)
		if (u->host[i] >= 'A' && u->host[i] <= 'Z')
			abort();
	if (dmarc_report_auth_name("example.com", u->host, name, sizeof(name)) == 0) {
		size_t n = strlen(name);

		if (n > 253 || strncmp(name, "example.com._report._dmarc.", 27) != 0 ||
		    strcmp(name + 27, u->host) != 0)
			abort();
	} else if (27 + hn <= 253) {
		abort();
	}
	if (dmarc_is_external("example.com", u->host) < 0)
		abort();   /* a valid host name always has an org domain */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dmarc_record r;
	char why[160];
	char *copy = malloc(size ? size : 1);
	int cand;
	size_t i;

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	cand = dmarc_is_dmarc1(copy, size);
	if (dmarc_is_auth_record(copy, size) != cand)
		abort();
	if (dmarc_parse(copy, size, &r, why, sizeof(why)) != 0) {
		if (why[0] == '\0')
			abort();
	} else {
		if (!cand || !(r.seen & DMARC_TAG_V))
			abort();
		if (r.p > DMARC_POLICY_REJECT || r.sp > DMARC_POLICY_REJECT ||
		    r.np > DMARC_POLICY_REJECT || r.psd > DMARC_YN_U || r.t > DMARC_YN_N)
			abort();
		if (((r.seen & DMARC_TAG_P) != 0) != (r.p != DMARC_POLICY_ABSENT))
			abort();
		if (r.pct > 100 || (r.adkim != 'r' && r.adkim != 's') ||
		    (r.aspf != 'r' && r.aspf != 's') || r.fo == 0 || r.rf == 0)
			abort();
		if (r.n_rua > DMARC_URIS_MAX || r.n_ruf > DMARC_URIS_MAX)
			abort();
		if (((r.seen & DMARC_TAG_RUA) != 0) != (r.n_rua > 0))
			abort();
		for (i = 0; i < r.n_rua; i++)
			check_uri(&r.rua[i]);
		for (i = 0; i < r.n_ruf; i++)
			check_uri(&r.ruf[i]);
	}
	free(copy);
	return 0;
}
