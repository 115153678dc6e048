/*
 * fuzz_answer: a resolver answer from arbitrary bytes, all the way to a
 * report. Byte 0 picks the query type (bit 7: a mail test, else a web
 * test), byte 1 the DNSSEC status libunbound would give, the rest is the
 * reply. The answer is digested into facts (as the gatherer does), and the
 * facts are judged, so the record digests and every check's evidence code
 * see hostile records (short rdata, odd names, thousands of MX, null MX
 * mixes); a TXT set is put wherever a policy record is read (SPF, DMARC,
 * MTA-STS, TLS-RPT), TLSA and CAA sets where DANE and CAA are judged.
 * Bit 7 of byte 1 also renders the report as JSON, which must hold every
 * test. Rendering is most of an execution's time and has few branches of
 * its own, so half the inputs skip it; the report is not serialized
 * (jansson's dump of a well-formed tree tests only jansson).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/report.h"
#include "dns/dns.h"
#include "gather/digest.h"
#include "report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint16_t qtypes[] = {
	LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA, LDNS_RR_TYPE_NS, LDNS_RR_TYPE_MX,
	LDNS_RR_TYPE_DNSKEY, LDNS_RR_TYPE_DS, LDNS_RR_TYPE_NSEC3PARAM,
	LDNS_RR_TYPE_SOA, LDNS_RR_TYPE_TLSA, LDNS_RR_TYPE_CAA, LDNS_RR_TYPE_TXT,
};

static void
lookup(struct fx_lookup *lk, const struct dns_answer *a)
{
	lk->done = 1;
	lk->err = a->err;
	lk->rcode = a->rcode;
	lk->sec = a->sec;
	lk->why_bogus = a->why_bogus;
	lk->detail = a->detail;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_answer *a;
	struct arena *ar;
	struct facts fx;
	struct chk_report rep;
	uint16_t qtype;
	json_t *j;

	if (size < 2)
		return 0;
	qtype = qtypes[(data[0] & 0x7f) % (sizeof(qtypes) / sizeof(qtypes[0]))];
	a = dns_answer_from_wire("fuzz.test", qtype, data + 2, size - 2, data[1] % 3,
	    data[1] % 3 == 1 ? "fuzzed" : NULL);
	if (a == NULL)
		return 0;
	if ((ar = arena_new(1 << 20)) == NULL)
		abort();
	memset(&fx, 0, sizeof(fx));
	fx.kind = data[0] & 0x80 ? FX_MAIL : FX_WEB;
	fx.domain = "fuzz.test";
	fx.zone = "fuzz.test";
	fx.web.name = "fuzz.test";
	lookup(&fx.soa_lk, a);
	lookup(&fx.ns_lk, a);
	lookup(&fx.mx_lk, a);
	lookup(&fx.web.aaaa_lk, a);
	lookup(&fx.algo.dnskey_lk, a);
	switch (qtype) {
	case LDNS_RR_TYPE_A:
	case LDNS_RR_TYPE_AAAA:
		(void)fx_digest_addrs(ar, &fx.web, a->rrs, qtype == LDNS_RR_TYPE_AAAA);
		break;
	case LDNS_RR_TYPE_NS:
		(void)fx_digest_ns(ar, &fx, a->rrs);
		break;
	case LDNS_RR_TYPE_MX:
		(void)fx_digest_mx(ar, &fx, a->rrs);
		if (fx.n_mx > FX_MAX_MX)
			abort();
		break;
	case LDNS_RR_TYPE_DNSKEY:
		(void)fx_digest_dnskeys(ar, &fx.algo, a->rrs);
		break;
	case LDNS_RR_TYPE_DS:
		(void)fx_digest_ds(ar, &fx.algo, a->rrs);
		break;
	case LDNS_RR_TYPE_NSEC3PARAM:
		(void)fx_digest_nsec3param(ar, &fx.algo, a->rrs);
		break;
	case LDNS_RR_TYPE_TLSA:
		lookup(&fx.tlsa.lk, a);
		fx.tlsa.owner = "_443._tcp.fuzz.test";
		(void)fx_digest_tlsa(ar, &fx.tlsa, a->rrs);
		break;
	case LDNS_RR_TYPE_CAA:
		lookup(&fx.caa.lk, a);
		fx.caa.owner = "fuzz.test";
		(void)fx_digest_caa(ar, &fx.caa, a->rrs);
		break;
	case LDNS_RR_TYPE_TXT:
		/* the same TXT set wherever a policy record is read */
		lookup(&fx.spf_txt.lk, a);
		(void)fx_digest_txt(ar, &fx.spf_txt, a->rrs);
		fx.spf_txt.owner = "fuzz.test";
		fx.tlsrpt = fx.spf_txt;
		fx.tlsrpt.owner = "_smtp._tls.fuzz.test";
		fx.mtasts.txt = fx.spf_txt;
		fx.mtasts.txt.owner = "_mta-sts.fuzz.test";
		fx.dmarc.at_domain = fx.spf_txt;
		fx.dmarc.at_domain.owner = "_dmarc.fuzz.test";
		break;
	}
	if (chk_report_build(&rep, &fx) == 0) {
		if ((data[1] & 0x80) == 0) {
			chk_report_clear(&rep);
			goto out;
		}
		/* Every test must reach the JSON: a record string jansson
		 * refuses (not UTF-8) would drop its test without a word. */
		j = report_json(&rep, NULL);
		if (j == NULL ||
		    json_object_size(json_object_get(json_object_get(j, "results"),
		    "tests")) != rep.n_results ||
		    json_object_size(json_object_get(json_object_get(j, "details"),
		    "tests")) != rep.n_results)
			abort();
		json_decref(j);
		chk_report_clear(&rep);
	}
out:
	arena_free(ar);
	dns_answer_free(a);
	return 0;
}
