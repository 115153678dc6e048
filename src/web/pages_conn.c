/*
 * pages_conn.c: the connection test's page (its result is a report, see
 * pages_report.c).
 */
#include <stdio.h>

#include "report/report.h"
#include "web/pages_int.h"

static const struct {
	const char *probe, *title;
} conn_probes[] = {
	{ "aaaa", "A name with only an IPv6 address" },
	{ "literal", "An IPv6 address without a name" },
	{ "conn6", "A name whose name server has only IPv6" },
	{ "a", "A name with only an IPv4 address" },
	{ "bogus", "A name with broken DNSSEC signatures (should fail)" },
};

void
page_conn(FILE *out, const struct page_site *s, const char *unavailable)
{
	size_t i;

	page_begin(out, "Test your connection", PAGE_NAV_CONN, "conn", 0, 1);
	fprintf(out, "<main id=\"conn\" class=\"wrap\" data-state=\"%s\">\n"
	    "<h1>Test your connection</h1>\n"
	    "<p>Is your own Internet connection up to date? This test checks "
	    "whether your connection and your DNS resolver can use IPv6, and "
	    "whether your resolver checks DNSSEC signatures. Your browser "
	    "fetches a few test addresses; the server notes which of them "
	    "arrive and which resolver asked for their names. Addresses are "
	    "kept only shortened (IPv4 to /16, IPv6 to /32) and forgotten "
	    "after a few minutes.</p>\n", unavailable != NULL ? "unavailable" :
	    "ready");
	if (unavailable != NULL) {
		fputs("<p id=\"conn-state\" role=\"status\">", out);
		report_html_escape(out, unavailable);
		fputs("</p>\n", out);
		page_end(out, s);
		return;
	}
	fputs("<noscript><p class=\"notice\">The connection test runs in your "
	    "browser and needs JavaScript: with it switched off, nothing can "
	    "be tested.</p></noscript>\n"
	    "<p id=\"conn-state\" role=\"status\">Waiting&hellip;</p>\n"
	    "<ul class=\"probes\">\n", out);
	for (i = 0; i < sizeof(conn_probes) / sizeof(conn_probes[0]); i++)
		fprintf(out, "<li class=\"probe\" data-probe=\"%s\" "
		    "data-state=\"waiting\"><span class=\"probe-title\">%s</span> "
		    "<span class=\"probe-state\">waiting</span></li>\n",
		    conn_probes[i].probe, conn_probes[i].title);
	fputs("</ul>\n", out);
	page_end(out, s);
}
