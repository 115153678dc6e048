/*
 * The pages of `uptodate serve`: every page rendered into memory, checked
 * for the hooks pages.h promises (ids, classes, data- attributes), for
 * escaping of a hostile domain and evidence, for a strict-CSP-friendly
 * document (no style attribute, no inline script or handler, no outside
 * URL) and for balanced tags. Each page is also written to
 * BUILD/pages/NAME.html (BUILD from argv[0]) to be opened in a browser.
 */
#include <errno.h>
#include <ctype.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "checks/check.h"
#include "checks/explain.h"
#include "report/report.h"
#include "report/summary.h"
#include "web/pages.h"
#include "unit.h"

#define HOSTILE "<script>alert(1)</script>\"'&"
#define BASE "http://[2001:db8::1]:8080"
#define VERSION "9.9-test"

static const struct page_site site = { VERSION, BASE };
static char outdir[512];

/* ---- rendering into memory ------------------------------------------- */

struct buf {
	char *p;
	size_t n;
	FILE *f;
};

static FILE *
buf_open(struct buf *b)
{
	b->p = NULL;
	b->n = 0;
	b->f = open_memstream(&b->p, &b->n);
	return b->f;
}

static char *
buf_close(struct buf *b)
{
	fclose(b->f);
	return b->p;
}

/* x escaped, as the pages print it; caller frees. */
static char *
escaped(const char *x)
{
	struct buf b;

	report_html_escape(buf_open(&b), x);
	return buf_close(&b);
}

static int
contains_escaped(const char *html, const char *x)
{
	char *e = escaped(x);
	int r = strstr(html, e) != NULL;

	free(e);
	return r;
}

/* ---- document checks ------------------------------------------------- */

static const char *const void_tags[] = {
	"meta", "link", "input", "br", "img", "hr", "source", "wbr", NULL,
};

static int
is_void(const char *tag)
{
	size_t i;

	for (i = 0; void_tags[i] != NULL; i++)
		if (strcmp(tag, void_tags[i]) == 0)
			return 1;
	return 0;
}

/* Every non-void element is closed in order. 0, or -1 with the reason
 * printed. No script or style content to skip: pages have none inline. */
static int
tags_balance(const char *name, const char *h)
{
	char stack[128][16], tag[16];
	size_t depth = 0, n;
	const char *p = h, *gt;
	int closing;

	while ((p = strchr(p, '<')) != NULL) {
		if (strncmp(p, "<!--", 4) == 0) {
			if ((p = strstr(p, "-->")) == NULL)
				return -1;
			continue;
		}
		if (p[1] == '!') {              /* doctype */
			p++;
			continue;
		}
		closing = p[1] == '/';
		p += 1 + closing;
		for (n = 0; n < sizeof(tag) - 1 && (isalnum((unsigned char)p[n]));
		    n++)
			tag[n] = (char)tolower((unsigned char)p[n]);
		tag[n] = '\0';
		if ((gt = strchr(p, '>')) == NULL || n == 0) {
			fprintf(stderr, "%s: bad tag near %.40s\n", name, p - 1);
			return -1;
		}
		if (closing) {
			if (depth == 0 || strcmp(stack[depth - 1], tag) != 0) {
				fprintf(stderr, "%s: </%s> closes <%s> near %.60s\n", name,
				    tag, depth ? stack[depth - 1] : "(none)", p - 2);
				return -1;
			}
			depth--;
		} else if (!is_void(tag) && gt[-1] != '/') {
			if (depth == sizeof(stack) / sizeof(stack[0]))
				return -1;
			memcpy(stack[depth++], tag, n + 1);
		}
		p = gt + 1;
	}
	if (depth != 0)
		fprintf(stderr, "%s: <%s> not closed\n", name, stack[depth - 1]);
	return depth == 0 ? 0 : -1;
}

/* Every <script has a src; no handler attribute (" onclick=" ...). */
static int
no_inline_script(const char *h)
{
	const char *p;

	for (p = h; (p = strstr(p, "<script")) != NULL; p++)
		if (strncmp(p, "<script src=\"/static/app.js\"",
		    strlen("<script src=\"/static/app.js\"")) != 0)
			return 0;
	for (p = h; (p = strstr(p, " on")) != NULL; p++) {
		const char *q = p + 3;

		while (islower((unsigned char)*q))
			q++;
		if (q > p + 3 && *q == '=' && q[1] == '"')
			return 0;
	}
	return 1;
}

/* Absolute URLs only from base_url; with in_text, others are allowed in
 * text (explanations quote https://example.nl/), never in an attribute. */
static int
urls_ok(const char *name, const char *h, int in_text)
{
	static const char *const schemes[] = { "http://", "https://" };
	const char *p;
	int i;

	for (i = 0; i < 2; i++)
		for (p = h; (p = strstr(p, schemes[i])) != NULL; p++) {
			if (strncmp(p, BASE, strlen(BASE)) == 0)
				continue;
			if (in_text && p > h + 1 && p[-1] != '"' && p[-1] != '\'')
				continue;
			fprintf(stderr, "%s: outside URL %.50s\n", name, p);
			return 0;
		}
	return 1;
}

static void
save(const char *name, const char *h)
{
	char path[600];
	FILE *f;

	if (outdir[0] == '\0')
		return;
	snprintf(path, sizeof(path), "%s/%s", outdir, name);
	if ((f = fopen(path, "w")) == NULL)
		return;
	fputs(h, f);
	fclose(f);
}

/* The frame every page shares, and the rules every page keeps. */
static void
check_page(const char *name, const char *h, int urls_in_text)
{
	static const char *const nav[] = { "href=\"/\"", "href=\"/halloffame/\"",
		"href=\"/statistics/\"", "href=\"/about/\"", "href=\"/faq/\"",
		"href=\"/connection/\"", NULL };
	size_t i;
	int ok;

	save(name, h);
	CHECK(strncmp(h, "<!doctype html>", 15) == 0);
	CHECK(strstr(h, "<html lang=\"en\">") != NULL);
	CHECK(strstr(h, "<meta name=\"viewport\"") != NULL);
	CHECK(strstr(h, "<title>") != NULL);
	CHECK(strstr(h, "<link rel=\"stylesheet\" href=\"/static/style.css\">")
	    != NULL);
	CHECK(strstr(h, "class=\"skip\" href=\"#") != NULL);
	CHECK(strstr(h, "<nav") != NULL && strstr(h, "<main") != NULL);
	for (i = 0; nav[i] != NULL; i++)
		CHECK(strstr(h, nav[i]) != NULL);
	CHECK(strstr(h, "<footer") != NULL);
	CHECK(strstr(h, "uptodate " VERSION) != NULL);
	CHECK(strstr(h, "style=") == NULL);
	CHECK(strstr(h, "<style") == NULL);
	CHECK(no_inline_script(h));
	CHECK(urls_ok(name, h, urls_in_text));
	CHECK(strstr(h, "<script>alert") == NULL);
	CHECK(strstr(h, "\"'&") == NULL);
	ok = tags_balance(name, h) == 0;
	CHECK(ok);
	if (!ok)
		fprintf(stderr, "  (in %s)\n", name);
	CHECK(strstr(h, "(null)") == NULL);
}

/* The text between the opening of the test's <details> and its end. */
static char *
test_block(const char *h, const char *test)
{
	char key[128];
	const char *p, *e;

	snprintf(key, sizeof(key), "data-test=\"%s\"", test);
	if ((p = strstr(h, key)) == NULL || (e = strstr(p, "</details>")) == NULL)
		return NULL;
	return strndup(p, (size_t)(e - p));
}

/* ---- pages ------------------------------------------------------------ */

static void
test_home(void)
{
	const struct chk_cat_explain *c;
	char href[128];
	struct buf b;
	char *h;

	page_home(buf_open(&b), &site, "The domain " HOSTILE " is refused.");
	h = buf_close(&b);
	check_page("home.html", h, 0);
	CHECK(strstr(h, "<form id=\"web-form\" action=\"/test/site\" "
	    "method=\"post\">") != NULL);
	CHECK(strstr(h, "<form id=\"mail-form\" action=\"/test/mail\" "
	    "method=\"post\">") != NULL);
	CHECK(strstr(h, "id=\"web-domain\" name=\"domain\"") != NULL);
	CHECK(strstr(h, "id=\"mail-domain\" name=\"domain\"") != NULL);
	CHECK(strstr(h, "<label for=\"web-domain\">") != NULL);
	CHECK(strstr(h, "<label for=\"mail-domain\">") != NULL);
	CHECK(strstr(h, "href=\"/connection/\">Test your connection") != NULL);
	CHECK(strstr(h, "<p id=\"notice\" role=\"alert\">") != NULL);
	CHECK(contains_escaped(h, HOSTILE));
	for (c = chk_cat_explanations; c->name != NULL; c++) {
		snprintf(href, sizeof(href), "href=\"/about/%s/\"", c->name);
		CHECK(strstr(h, href) != NULL);
		CHECK(contains_escaped(h, c->title));
	}
	free(h);

	page_home(buf_open(&b), &site, NULL);
	h = buf_close(&b);
	CHECK(strstr(h, "id=\"notice\"") == NULL);
	free(h);
}

static void
test_progress(void)
{
	static const struct page_progress_cat cats[] = {
		{ "web_ipv6", 4, 4, 1 }, { "web_dnssec", 1, 3, 0 },
		{ "web_https", 0, 0, 0 },
	};
	struct page_progress p = { "web", HOSTILE ".nl", "running", 3200, cats, 3,
		NULL, NULL };
	struct buf b;
	char *h, *s;
	json_t *j, *c;

	page_progress(buf_open(&b), &site, &p);
	h = buf_close(&b);
	check_page("progress.html", h, 0);
	CHECK(strstr(h, "<main id=\"progress\"") != NULL);
	CHECK(strstr(h, "data-state=\"running\" data-type=\"web\" data-domain=\""
	    "&lt;script&gt;") != NULL);
	CHECK(strstr(h, "<li class=\"cat\" data-category=\"web_ipv6\" "
	    "data-finished=\"1\">") != NULL);
	CHECK(strstr(h, "<li class=\"cat\" data-category=\"web_dnssec\" "
	    "data-finished=\"0\">") != NULL);
	CHECK(strstr(h, "data-category=\"web_https\" data-finished=\"0\">") != NULL);
	CHECK(strstr(h, "<progress max=\"3\" value=\"1\"") != NULL);
	CHECK(strstr(h, "<noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>") != NULL);
	CHECK(strstr(h, "<script src=\"/static/app.js\"") != NULL);
	CHECK(strstr(h, "id=\"progress-error\" role=\"alert\" hidden") != NULL);
	free(h);

	p.type = "mail";
	p.state = "error";
	p.error = "resolver " HOSTILE;
	page_progress(buf_open(&b), &site, &p);
	h = buf_close(&b);
	check_page("progress-error.html", h, 0);
	CHECK(strstr(h, "data-state=\"error\" data-type=\"mail\"") != NULL);
	CHECK(strstr(h, "http-equiv=\"refresh\"") == NULL);
	CHECK(contains_escaped(h, "resolver " HOSTILE));
	free(h);

	p.state = "done";
	p.error = NULL;
	p.report_url = "/mail/x.nl/ab12/";
	page_progress(buf_open(&b), &site, &p);
	h = buf_close(&b);
	CHECK(strstr(h, "http-equiv=\"refresh\"") == NULL);
	CHECK(strstr(h, "href=\"/mail/x.nl/ab12/\"") != NULL);
	free(h);

	p.state = "running";
	p.report_url = NULL;
	j = page_progress_json(&p);
	CHECK(j != NULL);
	CHECK_STR(json_string_value(json_object_get(j, "state")), "running");
	CHECK(json_integer_value(json_object_get(j, "elapsed_ms")) == 3200);
	c = json_object_get(j, "categories");
	CHECK(json_array_size(c) == 3);
	CHECK_STR(json_string_value(json_object_get(json_array_get(c, 1), "name")),
	    "web_dnssec");
	CHECK(json_integer_value(json_object_get(json_array_get(c, 1), "done")) == 1);
	CHECK(json_integer_value(json_object_get(json_array_get(c, 1), "started"))
	    == 3);
	CHECK(json_is_true(json_object_get(json_array_get(c, 0), "finished")));
	CHECK(json_is_false(json_object_get(json_array_get(c, 1), "finished")));
	CHECK(json_object_get(j, "report_url") == NULL);
	CHECK(json_object_get(j, "error") == NULL);
	json_decref(j);
	p.state = "done";
	p.report_url = "/mail/x.nl/ab12/";
	p.error = "e";
	j = page_progress_json(&p);
	CHECK_STR(json_string_value(json_object_get(j, "report_url")),
	    "/mail/x.nl/ab12/");
	CHECK_STR(json_string_value(json_object_get(j, "error")), "e");
	s = json_dumps(j, 0);
	CHECK(s != NULL && strstr(s, "\"categories\"") != NULL);
	free(s);
	json_decref(j);
}

/* A report in doc/report.schema.json's shape. */
static json_t *
make_test(const char *title, const char *level, const char *code,
    const char *detail, json_t *evidence)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:f,s:i,s:o}", "title", title,
	    "level", level, "code", code, "detail", detail, "points", 0.0,
	    "max_points", 1, "evidence", evidence);
}

static json_t *
deep(int n)
{
	char k[16];
	json_t *o = json_pack("{s:s}", "bottom", "deepest");

	while (n-- > 0) {
		snprintf(k, sizeof(k), "level%d", n);
		o = json_pack("{s:o}", k, o);
	}
	return o;
}

static json_t *
make_report(const char *domain)
{
	json_t *many = json_array(), *ev;
	int i;

	for (i = 0; i < 150; i++)
		json_array_append_new(many, json_sprintf("192.0.2.%d", i));
	ev = json_pack("{s:s,s:[{s:s,s:[s],s:[s,s],s:{s:s,s:s},s:[{s:s,s:i,"
	    "s:b,s:s,s:s}]},{s:s,s:[],s:[]}],s:o,s:o,s:s}",
	    "zone", "example.nl",
	    "nameservers",
	    "name", "ns1.example.nl", "ipv4", "198.51.100.53", "ipv6",
	    "2001:db8::53", "2001:db8::54",
	    "soa_lookup", "status", "ok", "dnssec", "insecure",
	    "probes", "address", "2001:db8::53", "port", 53, "ok", 0, "status",
	    "timeout", "reason", HOSTILE,
	    "name", "ns2.example.nl", "ipv4", "ipv6",
	    "deep", deep(8),
	    "many", many,
	    HOSTILE, "value " HOSTILE);
	return json_pack("{s:s,s:s,s:s,s:s,s:{s:i},"
	    "s:{s:{s:{s:s,s:s},s:{s:s,s:s},s:{s:s,s:s}},"
	    "s:{s:{s:s,s:s},s:{s:s,s:s},s:{s:s,s:s},s:{s:s,s:s}},s:{}},"
	    "s:{s:{s:{s:s,s:f,s:i,s:i},s:{s:s,s:f,s:i,s:i},s:{s:s,s:f,s:i,s:n}},"
	    "s:{s:o,s:o,s:o,s:o}}}",
	    "api_version", "2.0", "domain", domain, "test_type", "web",
	    "status", "ok", "scoring", "percentage", 67,
	    "results",
	    "categories",
	    "web_ipv6", "status", "passed", "verdict", "passed",
	    "web_dnssec", "status", "failed", "verdict", "failed",
	    "web_https", "status", "warning", "verdict", "warning",
	    "tests",
	    "web_ipv6_ns_address", "status", "passed", "verdict", "good",
	    "web_dnssec_exist", "status", "failed", "verdict", "bad",
	    "web_https_http_hsts", "status", "warning", "verdict", "bad",
	    "web_future_thing", "status", "info", "verdict", "other",
	    "custom",
	    "details",
	    "categories",
	    "web_ipv6", "title", "IPv6", "points", 1.0, "max_points", 1,
	    "percentage", 100,
	    "web_dnssec", "title", "DNSSEC", "points", 0.0, "max_points", 1,
	    "percentage", 0,
	    "web_https", "title", "HTTPS", "points", 0.0, "max_points", 1,
	    "percentage",
	    "tests",
	    "web_ipv6_ns_address", make_test("IPv6 addresses for name servers",
	    "required", "ns_ipv6_ok", "two name servers have IPv6", json_object()),
	    "web_dnssec_exist", make_test("DNSSEC existence", "required",
	    "unsigned", "the zone is not signed " HOSTILE, ev),
	    "web_https_http_hsts", make_test("HSTS", "recommended", "short",
	    "max-age is one day", json_pack("{s:i}", "max_age", 86400)),
	    "web_future_thing", make_test("A future test", "optional", "x",
	    "something", json_pack("{s:[i,i]}", "list", 1, 2)));
}

static void
test_report(void)
{
	static const char *const tests[][2] = {
		{ "web_ipv6_ns_address", "passed" },
		{ "web_dnssec_exist", "failed" },
		{ "web_https_http_hsts", "warning" },
		{ "web_future_thing", "info" },
	};
	json_t *rep = make_report("example.nl"), *bad;
	const struct chk_explain *x;
	char key[160], *h, *blk;
	struct buf b;
	size_t i;

	CHECK(rep != NULL);
	page_report(buf_open(&b), &site, "ab12cd", rep, 1714564800, "1.2.3");
	h = buf_close(&b);
	check_page("report.html", h, 1);
	CHECK(strstr(h, "<p id=\"score\" data-score=\"67\">67%</p>") != NULL);
	CHECK(strstr(h, "2024-05-01 12:00 UTC") != NULL);
	CHECK(strstr(h, "datetime=\"2024-05-01T12:00:00Z\"") != NULL);
	CHECK(strstr(h, "uptodate 1.2.3") != NULL);
	CHECK(strstr(h, "<a id=\"permalink\" href=\"" BASE
	    "/site/example.nl/ab12cd/\">") != NULL);
	CHECK(strstr(h, "id=\"copy-permalink\"") != NULL);
	CHECK(strstr(h, "data-url=\"" BASE "/site/example.nl/ab12cd/\"") != NULL);
	CHECK(strstr(h, "<form id=\"retest\" action=\"/test/site\" "
	    "method=\"post\"><input type=\"hidden\" name=\"domain\" "
	    "value=\"example.nl\">") != NULL);
	CHECK(strstr(h, "<section class=\"category\" id=\"cat-web_ipv6\" "
	    "data-category=\"web_ipv6\" data-status=\"passed\">") != NULL);
	CHECK(strstr(h, "data-category=\"web_dnssec\" data-status=\"failed\">")
	    != NULL);
	CHECK(strstr(h, "data-category=\"web_https\" data-status=\"warning\">")
	    != NULL);
	CHECK(strstr(h, "<span class=\"st failed\">Failed</span>") != NULL);
	CHECK(strstr(h, "href=\"/about/web_dnssec/\"") != NULL);
	for (i = 0; i < 4; i++) {
		snprintf(key, sizeof(key), "<details class=\"test\" id=\"test-%s\" "
		    "data-test=\"%s\" data-status=\"%s\"", tests[i][0], tests[i][0],
		    tests[i][1]);
		CHECK(strstr(h, key) != NULL);
		blk = test_block(h, tests[i][0]);
		CHECK(blk != NULL);
		if (blk == NULL)
			continue;
		if ((x = chk_explain_find(tests[i][0])) != NULL) {
			CHECK(contains_escaped(blk, x->what));
			CHECK(contains_escaped(blk, x->why));
			if (i == 0) {
				CHECK(strstr(blk, "How to fix") == NULL);
				CHECK(contains_escaped(blk, x->good));
			} else {
				CHECK(strstr(blk, "How to fix") != NULL);
				CHECK(contains_escaped(blk, x->fix));
			}
		} else
			CHECK(i == 3);
		free(blk);
	}
	/* The unknown test still shows, in its own section. */
	CHECK(strstr(h, "id=\"cat-other\"") != NULL);
	/* Evidence as tables, escaped, capped. */
	blk = test_block(h, "web_dnssec_exist");
	CHECK(blk != NULL && strstr(blk, "<th scope=\"col\">address</th>") != NULL);
	CHECK(blk != NULL && strstr(blk, "<th scope=\"row\">zone</th><td>"
	    "example.nl</td>") != NULL);
	CHECK(blk != NULL && strstr(blk, "2001:db8::53, 2001:db8::54") != NULL);
	CHECK(blk != NULL && strstr(blk, "value &lt;script&gt;") != NULL);
	CHECK(blk != NULL && strstr(blk, "and 50 more") != NULL);
	CHECK(blk != NULL && strstr(blk, ">level1</th>") != NULL);
	CHECK(blk != NULL && strstr(blk, ">level5</th>") == NULL);
	CHECK(blk != NULL && strstr(blk, "deepest") != NULL);
	CHECK(blk != NULL && strstr(blk, "the zone is not signed &lt;script") != NULL);
	free(blk);
	free(h);
	json_decref(rep);

	/* A hostile domain, and a malformed report: escaped, no crash. */
	rep = make_report(HOSTILE ".nl");
	page_report(buf_open(&b), &site, "id/" HOSTILE, rep, 0, HOSTILE);
	h = buf_close(&b);
	check_page("report-hostile.html", h, 1);
	CHECK(strstr(h, "/site/%3Cscript%3Ealert%281%29%3C%2Fscript%3E") != NULL);
	free(h);
	json_decref(rep);
	bad = json_pack("{s:i,s:[i],s:{s:s}}", "domain", 5, "results", 1,
	    "details", "tests", "x");
	page_report(buf_open(&b), &site, "x", bad, -1, NULL);
	h = buf_close(&b);
	check_page("report-malformed.html", h, 1);
	free(h);
	json_decref(bad);

	/* A domain that could not be tested: the code, not a score. */
	rep = json_pack("{s:s,s:s,s:s,s:s,s:{s:s,s:s},s:{s:i},s:{s:{},s:{},s:{}},"
	    "s:{s:{},s:{}}}", "api_version", "2.0", "domain", "nope.example",
	    "test_type", "mail", "status", "error", "error", "code", "nxdomain",
	    "msg", "the domain does not exist " HOSTILE, "scoring", "percentage",
	    0, "results", "categories", "tests", "custom", "details",
	    "categories", "tests");
	page_report(buf_open(&b), &site, "ee11", rep, 1714564800, "1.2.3");
	h = buf_close(&b);
	check_page("report-error.html", h, 1);
	CHECK(strstr(h, "id=\"score\"") == NULL);
	CHECK(strstr(h, "id=\"report-error\" data-code=\"nxdomain\"") != NULL);
	CHECK(strstr(h, "<code>nxdomain</code>") != NULL);
	CHECK(contains_escaped(h, "the domain does not exist " HOSTILE));
	CHECK(strstr(h, "action=\"/test/mail\"") != NULL);
	CHECK(strstr(h, BASE "/mail/nope.example/ee11/") != NULL);
	free(h);
	json_decref(rep);
}

static void
test_hof(void)
{
	static const struct page_hof_entry e[] = {
		{ "example.nl", 1714564800, "/site/example.nl/ab12/" },
		{ HOSTILE, 1714478400, "/site/x/\"><script>alert(1)</script>/" },
	};
	static const char *const which[] = { "champions", "web", "mail" };
	char name[64], key[64];
	struct buf b;
	char *h;
	int i;

	for (i = 0; i < 3; i++) {
		page_hof(buf_open(&b), &site, which[i], e, 2);
		h = buf_close(&b);
		snprintf(name, sizeof(name), "hof-%s.html", which[i]);
		check_page(name, h, 0);
		snprintf(key, sizeof(key), "<table id=\"hof\" data-which=\"%s\">",
		    which[i]);
		CHECK(strstr(h, key) != NULL);
		CHECK(strstr(h, "<tr class=\"hof-entry\" data-domain=\"example.nl\">")
		    != NULL);
		CHECK(strstr(h, "<tr class=\"hof-entry\" data-domain=\"&lt;script")
		    != NULL);
		CHECK(strstr(h, "href=\"/site/example.nl/ab12/\"") != NULL);
		CHECK(strstr(h, "2024-05-01") != NULL);
		CHECK(strstr(h, "href=\"/halloffame/web/\"") != NULL);
		CHECK(strstr(h, "href=\"/halloffame/mail/\"") != NULL);
		snprintf(key, sizeof(key), "src=\"/badge/%s.svg\"",
		    i == 0 ? "champion" : which[i]);
		CHECK(strstr(h, key) != NULL);
		CHECK(strstr(h, "&lt;img src=&quot;" BASE "/badge/") != NULL);
		free(h);
	}
	page_hof(buf_open(&b), &site, "web", NULL, 0);
	h = buf_close(&b);
	check_page("hof-empty.html", h, 0);
	CHECK(strstr(h, "class=\"hof-entry\"") == NULL);
	CHECK(strstr(h, "id=\"hof\"") != NULL);
	free(h);
}

static void
test_badge(void)
{
	static const char *const which[] = { "champions", "web", "mail", "bogus" };
	struct buf b;
	char *h, name[64];
	size_t i, n;

	for (i = 0; i < 4; i++) {
		page_badge_svg(buf_open(&b), which[i]);
		h = buf_close(&b);
		n = strlen(h);
		snprintf(name, sizeof(name), "badge-%s.svg", which[i]);
		save(name, h);
		CHECK(strncmp(h, "<svg ", 5) == 0);
		CHECK(strstr(h, "xmlns=\"http://www.w3.org/2000/svg\"") != NULL);
		CHECK(strstr(h, "height=\"20\"") != NULL);
		CHECK(n > 7 && strcmp(h + n - 7, "</svg>\n") == 0);
		CHECK(strstr(h, "100%") != NULL);
		CHECK(tags_balance(name, h) == 0);
		free(h);
	}
}

static void
test_stats(void)
{
	static const char *const names[] = { "web_ipv6", "web_dnssec", HOSTILE };
	static const double shares[3][3] = {
		{ 0.5, 0.25, 0.1 }, { 0.6, 0.3, 0.2 }, { 0.75, 0.5, 1.5 },
	};
	struct page_stats_point pts[3];
	struct summary *sum = summary_new();
	json_t *rep;
	struct buf b;
	char *h;
	int i;

	CHECK(sum != NULL);
	rep = make_report("a.example");
	CHECK(summary_add_json(sum, rep) == 0);
	json_decref(rep);
	rep = make_report(HOSTILE);
	CHECK(summary_add_json(sum, rep) == 0);
	json_decref(rep);
	for (i = 0; i < 3; i++) {
		pts[i].period_start = 1714521600 + 86400 * i;
		pts[i].tested = 10 + (unsigned)i;
		pts[i].cat_names = names;
		pts[i].cat_passed = shares[i];
		pts[i].n_cats = 3;
	}

	page_stats(buf_open(&b), &site, sum, NULL, pts, 3, NULL, 0);
	h = buf_close(&b);
	check_page("stats.html", h, 0);
	CHECK(strstr(h, "id=\"stats-web\"") != NULL);
	CHECK(strstr(h, "id=\"stats-mail\"") != NULL);
	CHECK(strstr(h, "Adoption per category") != NULL);
	CHECK(strstr(h, "<rect class=\"cur\"") != NULL);
	CHECK(strstr(h, "id=\"trend-web\"") != NULL);
	CHECK(strstr(h, "<polyline") != NULL);
	CHECK(strstr(h, "2024-05-01") != NULL && strstr(h, "2024-05-03") != NULL);
	CHECK(strstr(h, "class=\"legend\"") != NULL);
	CHECK(strstr(h, "Not enough data yet") != NULL);
	CHECK(strstr(h, "Nothing tested yet") != NULL);
	/* Domain names stay off the public page. */
	CHECK(strstr(h, "a.example") == NULL);
	free(h);

	page_stats(buf_open(&b), &site, NULL, sum, pts, 1, NULL, 0);
	h = buf_close(&b);
	check_page("stats-one-point.html", h, 0);
	CHECK(strstr(h, "<polyline") == NULL);
	CHECK(strstr(h, "<circle") != NULL);
	CHECK(strstr(h, "Only one period") != NULL);
	free(h);
	summary_free(sum);
}

static void
test_about_faq_error(void)
{
	const struct chk_cat_explain *c;
	const struct chk_explain *x;
	const struct chk_def *d;
	char key[160], name[80];
	struct buf b;
	char *h;
	int r;

	r = page_about(buf_open(&b), &site, NULL);
	h = buf_close(&b);
	CHECK(r == 0);
	check_page("about.html", h, 0);
	for (c = chk_cat_explanations; c->name != NULL; c++) {
		snprintf(key, sizeof(key), "href=\"/about/%s/\"", c->name);
		CHECK(strstr(h, key) != NULL);
		CHECK(contains_escaped(h, c->about));
	}
	free(h);

	for (c = chk_cat_explanations; c->name != NULL; c++) {
		r = page_about(buf_open(&b), &site, c->name);
		h = buf_close(&b);
		CHECK(r == 0);
		snprintf(name, sizeof(name), "about-%s.html", c->name);
		check_page(name, h, 1);
		CHECK(contains_escaped(h, c->about));
		for (x = chk_explanations; x->name != NULL; x++) {
			d = chk_find(x->name);
			if (d == NULL || strcmp(d->category, c->name) != 0)
				continue;
			snprintf(key, sizeof(key), "id=\"%s\"", x->name);
			CHECK(strstr(h, key) != NULL);
			CHECK(contains_escaped(h, x->what));
			CHECK(contains_escaped(h, x->fix));
		}
		free(h);
	}

	r = page_about(buf_open(&b), &site, "no_such_category");
	h = buf_close(&b);
	CHECK(r == -1);
	CHECK(b.n == 0);
	free(h);
	r = page_about(buf_open(&b), &site, HOSTILE);
	h = buf_close(&b);
	CHECK(r == -1 && b.n == 0);
	free(h);

	page_faq(buf_open(&b), &site);
	h = buf_close(&b);
	check_page("faq.html", h, 0);
	CHECK(strstr(h, "href=\"/api/batch/openapi.yaml\"") != NULL);
	CHECK(strstr(h, "Not tested") != NULL);
	free(h);

	page_error(buf_open(&b), &site, 404, "No report " HOSTILE);
	h = buf_close(&b);
	check_page("error.html", h, 0);
	CHECK(strstr(h, "<main id=\"error\"") != NULL);
	CHECK(strstr(h, "data-code=\"404\"") != NULL);
	CHECK(contains_escaped(h, "No report " HOSTILE));
	CHECK(strstr(h, "<a href=\"/\">") != NULL);
	free(h);
}

static void
test_assets(void)
{
	CHECK(strlen(page_css) > 500 && strlen(page_css) < 16000);
	CHECK(strstr(page_css, ":focus") != NULL);
	CHECK(strstr(page_css, ".passed") != NULL && strstr(page_css, ".failed")
	    != NULL && strstr(page_css, ".warning") != NULL &&
	    strstr(page_css, ".info") != NULL && strstr(page_css, ".error") != NULL
	    && strstr(page_css, ".not_tested") != NULL);
	CHECK(strstr(page_css, "overflow-x:auto") != NULL);
	CHECK(strstr(page_css, "http") == NULL);
	CHECK(strstr(page_js, "/api/progress/") != NULL);
	CHECK(strstr(page_js, "'site'") != NULL);
	CHECK(strstr(page_js, "report_url") != NULL);
	CHECK(strstr(page_js, "navigator.clipboard") != NULL);
	CHECK(strstr(page_js, "copy-permalink") != NULL);
	CHECK(strstr(page_js, "setTimeout(poll, 1000)") != NULL);
	CHECK(strstr(page_js, "eval(") == NULL && strstr(page_js, "innerHTML")
	    == NULL);
	CHECK(strstr(page_js, "http") == NULL);
	save("style.css", page_css);
	save("app.js", page_js);
}

int
main(int argc, char **argv)
{
	const char *slash = argc > 0 ? strrchr(argv[0], '/') : NULL;

	/* build/X/tests/test_pages -> build/X/pages */
	if (slash != NULL && (size_t)(slash - argv[0]) < sizeof(outdir) - 16) {
		snprintf(outdir, sizeof(outdir), "%.*s/../pages",
		    (int)(slash - argv[0]), argv[0]);
		if (mkdir(outdir, 0755) != 0 && errno != EEXIST)
			outdir[0] = '\0';
	}
	test_home();
	test_progress();
	test_report();
	test_hof();
	test_badge();
	test_stats();
	test_about_faq_error();
	test_assets();
	return unit_done("test_pages");
}
