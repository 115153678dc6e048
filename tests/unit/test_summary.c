/*
 * The summary of a batch run: report lines written by hand in the
 * report_json shape, and every expected number worked out by hand from
 * those lines (the arithmetic is in the comments), not read off the
 * program's output.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "checks/check.h"
#include "report/summary.h"
#include "unit.h"

/* "name":{"status":...} of results.categories or results.tests */
#define ST(name, st) "\"" name "\":{\"status\":\"" st "\",\"verdict\":\"x\"}"

static char why[256];

/* A report line of a tested domain. */
static const char *
ok_line(const char *domain, const char *type, int score, const char *cats,
    const char *tests)
{
	static char b[4096];

	snprintf(b, sizeof(b), "{\"api_version\":\"2.0\",\"domain\":\"%s\","
	    "\"test_type\":\"%s\",\"status\":\"ok\",\"scoring\":{\"percentage\":%d},"
	    "\"results\":{\"categories\":{%s},\"tests\":{%s},\"custom\":{}},"
	    "\"details\":{\"categories\":{},\"tests\":{}}}", domain, type, score,
	    cats, tests);
	return b;
}

/* A report line of a domain that could not be tested. */
static const char *
err_line(const char *domain, const char *type, const char *code,
    const char *msg)
{
	static char b[2048];

	snprintf(b, sizeof(b), "{\"api_version\":\"2.0\",\"domain\":\"%s\","
	    "\"test_type\":\"%s\",\"status\":\"error\",\"error\":{\"code\":\"%s\","
	    "\"msg\":\"%s\"},\"scoring\":{\"percentage\":0},\"results\":{"
	    "\"categories\":{" ST("web_ipv6", "error") "},\"tests\":{},"
	    "\"custom\":{}},\"details\":{}}", domain, type, code, msg);
	return b;
}

static int
add(struct summary *s, const char *line)
{
	why[0] = '\0';
	return summary_add_line(s, line, strlen(line), why, sizeof(why));
}

static int
web(struct summary *s, const char *domain, int score)
{
	return add(s, ok_line(domain, "web", score, "", ""));
}

/* What a renderer writes, as a string to free. */
static char *
render(const struct summary *s, const struct summary *prev, int html)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);

	if (f == NULL)
		return NULL;
	if (html)
		summary_html(f, s, prev, "1.2.3");
	else
		summary_text(f, s, prev, 0);
	fclose(f);
	return text;
}

static size_t
occurrences(const char *hay, const char *needle)
{
	size_t n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}

static int
near(double a, double b)
{
	return a - b < 1e-9 && b - a < 1e-9;
}

static void
test_histogram(void)
{
	struct summary *s = summary_new();
	struct summary_stats st;
	size_t want[SUMMARY_N_BUCKETS] = { 2, 1, 0, 0, 0, 1, 0, 0, 0, 1, 2 };
	int i, all = 1;

	/* web: 0 9 10 55 99 100 100; buckets 0-9: 2, 10-19: 1, 50-59: 1,
	 * 90-99: 1, 100: 2. Sum 373 over 7, median the 4th: 55. */
	CHECK(web(s, "a.nl", 0) == 0);
	CHECK(web(s, "b.nl", 9) == 0);
	CHECK(web(s, "c.nl", 10) == 0);
	CHECK(web(s, "d.nl", 55) == 0);
	CHECK(web(s, "e.nl", 99) == 0);
	CHECK(web(s, "f.nl", 100) == 0);
	CHECK(web(s, "g.nl", 100) == 0);
	summary_stats(s, SUMMARY_WEB, &st);
	CHECK(st.domains == 7 && st.tested == 7 && st.errors == 0);
	for (i = 0; i < SUMMARY_N_BUCKETS; i++)
		all &= st.hist[i] == want[i];
	CHECK(all);
	CHECK(st.perfect == 2);
	CHECK(near(st.mean, 373.0 / 7));
	CHECK(near(st.median, 55));

	/* mail: 10 20 40 90 and one nxdomain; mean 160 / 4 = 40, median
	 * (20 + 40) / 2 = 30. */
	CHECK(add(s, ok_line("a.nl", "mail", 10, "", "")) == 0);
	CHECK(add(s, ok_line("b.nl", "mail", 90, "", "")) == 0);
	CHECK(add(s, ok_line("c.nl", "mail", 40, "", "")) == 0);
	CHECK(add(s, ok_line("d.nl", "mail", 20, "", "")) == 0);
	CHECK(add(s, err_line("x.nl", "mail", "nxdomain", "no such domain")) == 0);
	summary_stats(s, SUMMARY_MAIL, &st);
	CHECK(st.domains == 5 && st.tested == 4 && st.errors == 1);
	CHECK(st.hist[1] == 1 && st.hist[2] == 1 && st.hist[4] == 1 &&
	    st.hist[9] == 1 && st.hist[0] == 0 && st.perfect == 0);
	CHECK(near(st.mean, 40));
	CHECK(near(st.median, 30));
	CHECK(summary_errors(s, SUMMARY_MAIL, "nxdomain") == 1);
	CHECK(summary_errors(s, SUMMARY_WEB, "nxdomain") == 0);
	summary_free(s);

	/* No tested domain: no mean, no median. One: both are its score. */
	s = summary_new();
	summary_stats(s, SUMMARY_WEB, &st);
	CHECK(st.domains == 0 && st.mean < 0 && st.median < 0);
	CHECK(web(s, "only.nl", 100) == 0);
	summary_stats(s, SUMMARY_WEB, &st);
	CHECK(st.hist[10] == 1 && st.hist[9] == 0 && near(st.mean, 100) &&
	    near(st.median, 100));
	summary_free(s);
}

static void
test_statuses(void)
{
	struct summary *s = summary_new();
	size_t c[SUMMARY_N_STATUS];
	char *text;

	/* web_ipv6: passed a b, failed c, warning d; the nxdomain e is left
	 * out. web_dnssec: passed b, failed a, not_tested c, error d: share
	 * 1 of the 3 where it applied, 33.3%. */
	CHECK(add(s, ok_line("a.nl", "web", 50, ST("web_ipv6", "passed") ","
	    ST("web_dnssec", "failed"), ST("web_ipv6_ws_address", "passed") ","
	    ST("web_dnssec_exist", "failed"))) == 0);
	CHECK(add(s, ok_line("b.nl", "web", 90, ST("web_ipv6", "passed") ","
	    ST("web_dnssec", "passed"), ST("web_ipv6_ws_address", "passed") ","
	    ST("web_dnssec_exist", "passed"))) == 0);
	CHECK(add(s, ok_line("c.nl", "web", 20, ST("web_ipv6", "failed") ","
	    ST("web_dnssec", "not_tested"), ST("web_ipv6_ws_address", "failed") ","
	    ST("web_dnssec_exist", "not_tested"))) == 0);
	CHECK(add(s, ok_line("d.nl", "web", 30, ST("web_ipv6", "warning") ","
	    ST("web_dnssec", "error"), ST("web_ipv6_ws_address", "info") ","
	    ST("web_dnssec_exist", "error"))) == 0);
	CHECK(add(s, err_line("e.nl", "web", "nxdomain", "gone")) == 0);

	CHECK(summary_counts(s, SUMMARY_WEB, SUMMARY_CATEGORY, "web_ipv6", c) == 0);
	CHECK(c[CHK_PASSED] == 2 && c[CHK_FAILED] == 1 && c[CHK_WARNING] == 1 &&
	    c[CHK_INFO] == 0 && c[CHK_NOT_TESTED] == 0 && c[CHK_ERROR] == 0);
	CHECK(summary_counts(s, SUMMARY_WEB, SUMMARY_CATEGORY, "web_dnssec", c) == 0);
	CHECK(c[CHK_PASSED] == 1 && c[CHK_FAILED] == 1 && c[CHK_WARNING] == 0 &&
	    c[CHK_NOT_TESTED] == 1 && c[CHK_ERROR] == 1);
	CHECK(summary_counts(s, SUMMARY_WEB, SUMMARY_TEST, "web_ipv6_ws_address",
	    c) == 0);
	CHECK(c[CHK_PASSED] == 2 && c[CHK_FAILED] == 1 && c[CHK_INFO] == 1);
	/* categories and tests are apart; kinds are apart */
	CHECK(summary_counts(s, SUMMARY_WEB, SUMMARY_CATEGORY,
	    "web_ipv6_ws_address", c) == -1);
	CHECK(summary_counts(s, SUMMARY_MAIL, SUMMARY_CATEGORY, "web_ipv6", c) == -1);
	CHECK(summary_counts(s, SUMMARY_WEB, SUMMARY_TEST, "nothing", c) == -1);

	text = render(s, NULL, 0);
	CHECK(text != NULL && strstr(text, "5 domains, 4 tested, 1 could not") != NULL);
	/* web_ipv6: 2 of 4 = 50.0%; web_dnssec 33.3% */
	CHECK(text != NULL && strstr(text, "web_ipv6 ") != NULL &&
	    strstr(strstr(text, "  web_ipv6 "), "50.0%") != NULL);
	CHECK(text != NULL && strstr(text, "  web_dnssec ") != NULL &&
	    strstr(strstr(text, "  web_dnssec "), "33.3%") != NULL);
	CHECK(text != NULL && strstr(text, "nxdomain") != NULL);
	free(text);
	summary_free(s);
}

static void
test_bad_lines(void)
{
	static const char *const bad[] = {
		"not json",
		"{\"domain\":\"a.nl\",\"test_type\":\"web\"",     /* truncated */
		"[1,2,3]",
		"{}",
		"{\"domain\":5,\"test_type\":\"web\",\"status\":\"ok\"}",
		"{\"domain\":\"\",\"test_type\":\"web\",\"status\":\"ok\"}",
		"{\"domain\":\"a.nl\",\"test_type\":\"ftp\",\"status\":\"ok\"}",
		"{\"domain\":\"a.nl\",\"test_type\":\"web\",\"status\":\"maybe\"}",
		"{\"domain\":\"a.nl\",\"test_type\":\"web\",\"status\":\"ok\"}",
		"{\"domain\":\"a.nl\",\"test_type\":\"web\",\"status\":\"ok\","
		    "\"scoring\":{\"percentage\":101}}",
		"{\"domain\":\"a.nl\",\"test_type\":\"web\",\"status\":\"ok\","
		    "\"scoring\":{\"percentage\":-1}}",
		"{\"domain\":\"a.nl\",\"test_type\":\"web\",\"status\":\"ok\","
		    "\"scoring\":{\"percentage\":\"50\"}}",
		"{\"domain\":\"a.nl\",\"test_type\":\"web\",\"status\":\"ok\","
		    "\"scoring\":{\"percentage\":50.5}}",
		"{\"domain\":\"a.nl\",\"test_type\":\"web\",\"status\":\"ok\","
		    "\"scoring\":{\"percentage\":1e999}}",
		"{\"domain\":\"a.nl\",\"test_type\":\"web\",\"status\":\"ok\","
		    "\"scoring\":{\"percentage\":99999999999999999999999}}",
		"{\"domain\":\"a.nl\",\"test_type\":\"web\",\"status\":\"ok\","
		    "\"scoring\":{\"percentage\":5},\"results\":\"x\"}",
		"{\"domain\":\"a.nl\",\"test_type\":\"web\",\"status\":\"ok\","
		    "\"scoring\":{\"percentage\":5},\"results\":{\"categories\":[]}}",
		"{\"domain\":\"a.nl\",\"test_type\":\"web\",\"status\":\"ok\","
		    "\"scoring\":{\"percentage\":5},\"results\":{\"tests\":{"
		    ST("web_new", "passed") "," ST("web_x", "great") "}}}",
		"{\"domain\":\"a.nl\",\"test_type\":\"web\",\"status\":\"ok\","
		    "\"scoring\":{\"percentage\":5},\"results\":{\"tests\":{\"t\":5}}}",
		"\"just a string\"",
	};
	size_t i, n = sizeof(bad) / sizeof(bad[0]), refused = 0, said = 0;
	struct summary *s = summary_new();
	struct summary_stats st;
	size_t c[SUMMARY_N_STATUS];
	char longname[300];

	for (i = 0; i < n; i++) {
		refused += add(s, bad[i]) == SUMMARY_BAD;
		said += why[0] != '\0';
	}
	/* a domain one over the 253 characters of a DNS name */
	memset(longname, 'a', 254);
	longname[254] = '\0';
	refused += web(s, longname, 50) == SUMMARY_BAD;
	said += why[0] != '\0';
	CHECK(refused == n + 1 && said == n + 1);
	CHECK(summary_bad_lines(s) == n + 1);
	summary_stats(s, SUMMARY_WEB, &st);
	CHECK(st.domains == 0);
	/* the line refused for web_x's status left no web_new behind */
	CHECK(summary_counts(s, SUMMARY_WEB, SUMMARY_TEST, "web_new", c) == -1);

	/* blank lines are no lines: nothing counted, nothing refused */
	CHECK(add(s, "") == 0 && add(s, "  \t\r") == 0);
	CHECK(summary_bad_lines(s) == n + 1);
	/* a length, not a NUL, ends the line: "{}" then garbage */
	CHECK(summary_add_line(s, "{}garbage", 2, why, sizeof(why)) == SUMMARY_BAD);
	CHECK(summary_add_line(s, "{\"a\":1}\0x", 9, why, sizeof(why)) ==
	    SUMMARY_BAD);
	/* no room for a reason is fine too */
	CHECK(summary_add_line(s, "x", 1, NULL, 0) == SUMMARY_BAD);
	CHECK(summary_bad_lines(s) == n + 4);
	summary_free(s);
}

static void
test_duplicates(void)
{
	struct summary *s = summary_new();
	struct summary_stats st;
	size_t c[SUMMARY_N_STATUS];

	/* a.nl 20 (ipv6 failed), b.nl 50 (passed), a.nl again 80 (passed):
	 * two domains, mean (80 + 50) / 2 = 65, ipv6 passed 2 failed 0. */
	CHECK(add(s, ok_line("a.nl", "web", 20, ST("web_ipv6", "failed"), "")) == 0);
	CHECK(add(s, ok_line("b.nl", "web", 50, ST("web_ipv6", "passed"), "")) == 0);
	CHECK(add(s, ok_line("a.nl", "web", 80, ST("web_ipv6", "passed"), "")) == 0);
	summary_stats(s, SUMMARY_WEB, &st);
	CHECK(st.domains == 2 && st.tested == 2 && near(st.mean, 65));
	CHECK(st.hist[2] == 0 && st.hist[5] == 1 && st.hist[8] == 1);
	CHECK(summary_counts(s, SUMMARY_WEB, SUMMARY_CATEGORY, "web_ipv6", c) == 0);
	CHECK(c[CHK_PASSED] == 2 && c[CHK_FAILED] == 0);
	CHECK(summary_replaced(s) == 1);

	/* a.nl then could not be tested: b.nl alone is scored */
	CHECK(add(s, err_line("a.nl", "web", "nxdomain", "gone")) == 0);
	summary_stats(s, SUMMARY_WEB, &st);
	CHECK(st.domains == 2 && st.tested == 1 && st.errors == 1 &&
	    near(st.mean, 50) && st.hist[8] == 0);
	CHECK(summary_counts(s, SUMMARY_WEB, SUMMARY_CATEGORY, "web_ipv6", c) == 0);
	CHECK(c[CHK_PASSED] == 1 && c[CHK_ERROR] == 0);

	/* "A.NL." is a.nl: tested again at 90, with more tests than before
	 * (a longer status record); mean (90 + 50) / 2 = 70 */
	CHECK(add(s, ok_line("A.NL.", "web", 90, ST("web_ipv6", "warning") ","
	    ST("web_dnssec", "passed"), ST("web_ipv6_ns_address", "passed"))) == 0);
	summary_stats(s, SUMMARY_WEB, &st);
	CHECK(st.domains == 2 && st.tested == 2 && st.errors == 0 &&
	    near(st.mean, 70));
	CHECK(summary_errors(s, SUMMARY_WEB, "nxdomain") == 0);
	CHECK(summary_counts(s, SUMMARY_WEB, SUMMARY_CATEGORY, "web_ipv6", c) == 0);
	CHECK(c[CHK_PASSED] == 1 && c[CHK_WARNING] == 1);
	CHECK(summary_replaced(s) == 3);

	/* the same name tested for mail is another result */
	CHECK(add(s, ok_line("a.nl", "mail", 10, "", "")) == 0);
	summary_stats(s, SUMMARY_WEB, &st);
	CHECK(st.domains == 2);
	summary_stats(s, SUMMARY_MAIL, &st);
	CHECK(st.domains == 1 && summary_replaced(s) == 3);
	summary_free(s);
}

static void
test_worst(void)
{
	struct summary *s = summary_new();
	struct summary_entry e[SUMMARY_LIST_MAX];
	char name[32];
	size_t n;
	int i;

	/* ties by name: m 5, then a and x at 10 */
	CHECK(web(s, "x.nl", 10) == 0);
	CHECK(web(s, "a.nl", 10) == 0);
	CHECK(web(s, "m.nl", 5) == 0);
	CHECK(add(s, err_line("z.nl", "web", "nxdomain", "gone")) == 0);
	n = summary_worst(s, SUMMARY_WEB, e, 2);
	CHECK(n == 2);
	CHECK_STR(e[0].domain, "m.nl");
	CHECK_STR(e[1].domain, "a.nl");
	CHECK(e[0].score == 5 && e[1].score == 10);
	/* bounded: 30 more at 50..79 keep the list at 20, the lowest first */
	for (i = 0; i < 30; i++) {
		snprintf(name, sizeof(name), "d%02d.nl", 29 - i);
		CHECK(web(s, name, 50 + i) == 0);
	}
	n = summary_worst(s, SUMMARY_WEB, e, SUMMARY_LIST_MAX);
	CHECK(n == SUMMARY_LIST_MAX);
	CHECK_STR(e[2].domain, "x.nl");
	/* then d29 (50), d28 (51), ...: the last of 20 is d13 at 66 */
	CHECK_STR(e[3].domain, "d29.nl");
	CHECK_STR(e[19].domain, "d13.nl");
	CHECK(e[19].score == 66);
	summary_free(s);
}

static void
test_compare(void)
{
	struct summary *prev = summary_new(), *s = summary_new();
	struct summary_entry e[SUMMARY_LIST_MAX];
	char *text, *html;
	size_t n;

	/* earlier: a 40, b 70, c 50, e 10, f 10, g 0: mean 180 / 6 = 30;
	 * web_ipv6 passed 1 of 3 (a failed, b passed, c failed): 33.3% */
	CHECK(add(prev, ok_line("a.nl", "web", 40, ST("web_ipv6", "failed"), "")) == 0);
	CHECK(add(prev, ok_line("b.nl", "web", 70, ST("web_ipv6", "passed"), "")) == 0);
	CHECK(add(prev, ok_line("c.nl", "web", 50, ST("web_ipv6", "failed"), "")) == 0);
	CHECK(web(prev, "e.nl", 10) == 0 && web(prev, "f.nl", 10) == 0 &&
	    web(prev, "g.nl", 0) == 0);
	/* now: a 90, b 50, d 100, e 30, f 30, g 100: mean 400 / 6 = 66.7,
	 * +36.7; web_ipv6 passed 3 of 3: 100%, +66.7 points */
	CHECK(add(s, ok_line("a.nl", "web", 90, ST("web_ipv6", "passed"), "")) == 0);
	CHECK(add(s, ok_line("b.nl", "web", 50, ST("web_ipv6", "passed"), "")) == 0);
	CHECK(add(s, ok_line("d.nl", "web", 100, ST("web_ipv6", "passed"), "")) == 0);
	CHECK(web(s, "e.nl", 30) == 0 && web(s, "f.nl", 30) == 0 &&
	    web(s, "g.nl", 100) == 0);

	/* improved: g +100, a +50, then e and f +20 by name; c and d are in
	 * one run only */
	n = summary_movers(s, prev, SUMMARY_WEB, 1, e, SUMMARY_LIST_MAX);
	CHECK(n == 4);
	CHECK_STR(e[0].domain, "g.nl");
	CHECK_STR(e[1].domain, "a.nl");
	CHECK_STR(e[2].domain, "e.nl");
	CHECK_STR(e[3].domain, "f.nl");
	CHECK(e[1].prev_score == 40 && e[1].score == 90);
	n = summary_movers(s, prev, SUMMARY_WEB, 0, e, SUMMARY_LIST_MAX);
	CHECK(n == 1);
	CHECK_STR(e[0].domain, "b.nl");
	CHECK(e[0].prev_score == 70 && e[0].score == 50);
	CHECK(summary_movers(s, NULL, SUMMARY_WEB, 1, e, SUMMARY_LIST_MAX) == 0);

	text = render(s, prev, 0);
	CHECK(text != NULL && strstr(text, "+66.7 pts") != NULL);
	CHECK(text != NULL && strstr(text, "mean 66.7 (+36.7)") != NULL);
	CHECK(text != NULL && strstr(text, "a.nl (40 -> 90)") != NULL);
	CHECK(text != NULL && strstr(text, "b.nl (70 -> 50)") != NULL);
	CHECK(text != NULL && strstr(text, "-20") != NULL);
	html = render(s, prev, 1);
	CHECK(html != NULL && strstr(html, "Improved most") != NULL);
	CHECK(html != NULL && strstr(html, "+66.7 pts") != NULL);
	CHECK(html != NULL && strstr(html, "class=\"old\"") != NULL);
	free(text);
	free(html);
	summary_free(s);
	summary_free(prev);
}

static void
test_html(void)
{
	struct summary *s = summary_new();
	char *html, *text;

	CHECK(add(s, ok_line("<script>alert(1)</script>.nl", "web", 5,
	    ST("web_ipv6", "passed"), ST("t_<svg onload=x>", "failed") ","
	    ST("web_dnssec_exist", "passed"))) == 0);
	CHECK(add(s, ok_line("q\\\"'.nl", "web", 50, "", "")) == 0);
	CHECK(add(s, err_line("err.nl", "web", "<b>bad</b>",
	    "<img src=x onerror=alert(1)> & \\\"q\\\"")) == 0);
	/* an escape sequence in a name must not reach the terminal */
	CHECK(add(s, ok_line("e\\u001b[31m.nl", "web", 7, "", "")) == 0);
	CHECK(add(s, ok_line("m.nl", "mail", 60, ST("mail_auth", "failed"), "")) == 0);
	html = render(s, NULL, 1);
	CHECK(html != NULL);
	if (html == NULL)
		return;
	CHECK(strncmp(html, "<!DOCTYPE html>", 15) == 0);
	CHECK(strlen(html) > 7 && strcmp(html + strlen(html) - 8, "</html>\n") == 0);
	CHECK(strstr(html, "<script") == NULL);
	CHECK(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;.nl") != NULL);
	CHECK(strstr(html, "<img") == NULL);
	CHECK(strstr(html, "&lt;img src=x onerror=alert(1)&gt; &amp; "
	    "&quot;q&quot;") != NULL);
	CHECK(strstr(html, "&lt;b&gt;bad&lt;/b&gt;") != NULL);
	CHECK(strstr(html, "q&quot;&#39;.nl") != NULL);
	CHECK(strstr(html, "t_&lt;svg onload=x&gt;") != NULL);
	CHECK(strstr(html, "<svg onload") == NULL);
	/* no external reference of any kind */
	CHECK(strstr(html, "http://") == NULL && strstr(html, "https://") == NULL);
	CHECK(strstr(html, "src=\"") == NULL && strstr(html, "<link") == NULL);
	/* well-formed enough: every container closed */
	CHECK(occurrences(html, "<svg") > 0);
	CHECK(occurrences(html, "<svg") == occurrences(html, "</svg>"));
	CHECK(occurrences(html, "<figure>") == occurrences(html, "</figure>"));
	CHECK(occurrences(html, "<table>") == occurrences(html, "</table>"));
	CHECK(occurrences(html, "<section") == occurrences(html, "</section>"));
	CHECK(occurrences(html, "<section") == 2);
	CHECK(occurrences(html, "<tr>") == occurrences(html, "</tr>"));
	CHECK(occurrences(html, "<rect") == occurrences(html, "</rect>") +
	    occurrences(html, "\"/>") - occurrences(html, "<line"));
	CHECK(strstr(html, "1.2.3") != NULL);
	text = render(s, NULL, 0);
	CHECK(text != NULL && strchr(text, '\033') == NULL);
	CHECK(text != NULL && strstr(text, "e?[31m.nl") != NULL);
	free(text);
	free(html);

	/* an empty summary is a page too */
	summary_free(s);
	s = summary_new();
	html = render(s, NULL, 1);
	CHECK(html != NULL && strstr(html, "No results") != NULL &&
	    occurrences(html, "<svg") == 0);
	free(html);
	summary_free(s);
}

static void
test_errors(void)
{
	struct summary *s = summary_new();
	char name[32], code[32], *text;
	int i;

	/* A report without a code counts as "unknown", then 33 codes with one
	 * domain each: unknown and c00..c29 fill the 31 places, c30..c32 count
	 * as "other" (3). c05 gets three more domains (4 in all) and leads
	 * the list, then "other", then the ones by code. */
	CHECK(add(s, "{\"domain\":\"u.nl\",\"test_type\":\"web\","
	    "\"status\":\"error\"}") == 0);
	for (i = 0; i < 33; i++) {
		snprintf(name, sizeof(name), "e%02d.nl", i);
		snprintf(code, sizeof(code), "c%02d", i);
		CHECK(add(s, err_line(name, "web", code, "m")) == 0);
	}
	for (i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "f%02d.nl", i);
		CHECK(add(s, err_line(name, "web", "c05", "m")) == 0);
	}
	CHECK(summary_errors(s, SUMMARY_WEB, "unknown") == 1);
	CHECK(summary_errors(s, SUMMARY_WEB, "c29") == 1);
	CHECK(summary_errors(s, SUMMARY_WEB, "c30") == 0);
	CHECK(summary_errors(s, SUMMARY_WEB, "other") == 3);
	CHECK(summary_errors(s, SUMMARY_WEB, "c05") == 4);
	text = render(s, NULL, 0);
	CHECK(text != NULL && strstr(text, "Could not be tested:\n  c05 ") != NULL);
	CHECK(text != NULL && strstr(text, "  c05  ") < strstr(text, "  other ") &&
	    strstr(text, "  other ") < strstr(text, "  c00 ") &&
	    strstr(text, "  c29 ") < strstr(text, "  unknown "));
	free(text);
	summary_free(s);
}

static void
test_add_json(void)
{
	struct summary *s = summary_new();
	struct summary_stats st;
	json_t *r = json_pack("{s:s,s:s,s:s,s:{s:i},s:{s:{s:{s:s}},s:{}}}",
	    "domain", "j.nl", "test_type", "mail", "status", "ok", "scoring",
	    "percentage", 75, "results", "categories", "mail_auth", "status",
	    "passed", "tests");

	CHECK(r != NULL && summary_add_json(s, r) == 0);
	/* nothing of the report is kept */
	CHECK(r != NULL && r->refcount == 1);
	json_decref(r);
	summary_stats(s, SUMMARY_MAIL, &st);
	CHECK(st.tested == 1 && near(st.mean, 75));
	r = json_integer(3);
	CHECK(summary_add_json(s, r) == SUMMARY_BAD && summary_bad_lines(s) == 1);
	json_decref(r);
	summary_free(s);
	summary_free(NULL);
}

static int
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static void
test_load_file(void)
{
	char path[] = "/tmp/test_summary_XXXXXX", *warned = NULL, *big;
	struct summary *s = summary_new();
	struct summary_stats st;
	size_t n = 0, bigsize = 200 * 1024, i;
	FILE *f, *w;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL)
		return;
	/* 1 a 50 | 2 bad | 3 blank | 4 b 70 | 5-10 bad | 11 c 90, 200 KB |
	 * 12 d 10, CRLF | 13 e 30, no newline. Five domains, mean 250 / 5 =
	 * 50, median 50; seven bad lines, five of them named. */
	fprintf(f, "%s\n", ok_line("a.nl", "web", 50, "", ""));
	fputs("garbage\n\n", f);
	fprintf(f, "%s\n", ok_line("b.nl", "web", 70, "", ""));
	for (i = 5; i <= 10; i++)
		fprintf(f, "{\"bad\":%zu}\n", i);
	big = malloc(bigsize + 1);
	if (big != NULL) {
		memset(big, 'x', bigsize);
		big[bigsize] = '\0';
		fprintf(f, "{\"domain\":\"c.nl\",\"test_type\":\"web\",\"status\":"
		    "\"ok\",\"scoring\":{\"percentage\":90},\"details\":\"%s\"}\n", big);
		free(big);
	}
	fprintf(f, "%s\r\n", ok_line("d.nl", "web", 10, "", ""));
	fputs(ok_line("e.nl", "web", 30, "", ""), f);
	CHECK(fclose(f) == 0);

	w = open_memstream(&warned, &n);
	CHECK(w != NULL && summary_load_file(s, path, w) == 0);
	if (w != NULL)
		fclose(w);
	summary_stats(s, SUMMARY_WEB, &st);
	CHECK(st.domains == 5 && near(st.mean, 50) && near(st.median, 50));
	CHECK(summary_bad_lines(s) == 7);
	CHECK(warned != NULL && occurrences(warned, path) == 6);
	CHECK(warned != NULL && strstr(warned, ":2: not JSON") != NULL);
	CHECK(warned != NULL && strstr(warned, ":5: no \"domain\"") != NULL);
	CHECK(warned != NULL && strstr(warned, ":8: ") != NULL &&
	    strstr(warned, ":9: ") == NULL);
	CHECK(warned != NULL && strstr(warned, "7 bad lines") != NULL);
	free(warned);

	/* a line over the cap is read through, counted bad; the next counts */
	if ((f = fopen(path, "w")) != NULL &&
	    (big = malloc(SUMMARY_LINE_MAX + 16)) != NULL) {
		memset(big, ' ', SUMMARY_LINE_MAX + 16);
		CHECK(fwrite(big, 1, SUMMARY_LINE_MAX + 16, f) ==
		    SUMMARY_LINE_MAX + 16);
		fprintf(f, "\n%s\n", ok_line("f.nl", "web", 20, "", ""));
		CHECK(fclose(f) == 0);
		free(big);
		CHECK(summary_load_file(s, path, NULL) == 0);
		CHECK(summary_bad_lines(s) == 8);
		summary_stats(s, SUMMARY_WEB, &st);
		CHECK(st.domains == 6);
	}
	unlink(path);
	errno = 0;
	CHECK(summary_load_file(s, "/nonexistent/results.jsonl", NULL) == -1 &&
	    errno == ENOENT);
	summary_free(s);
}

/* summarize_main with stdout and stderr sent to /dev/null. */
static int
run(int argc, const char **argv)
{
	int out = dup(1), err = dup(2), null = open("/dev/null", O_WRONLY), rc;

	fflush(stdout);
	dup2(null, 1);
	dup2(null, 2);
	rc = summarize_main(argc, (char **)argv, "test");
	fflush(stdout);
	dup2(out, 1);
	dup2(err, 2);
	close(out);
	close(err);
	close(null);
	return rc;
}

static void
test_command(void)
{
	char path[] = "/tmp/test_summary_XXXXXX", html[64], *page = NULL;
	const char *a0[] = { "summarize" };
	const char *a1[] = { "summarize", "--bogus", "x" };
	const char *a2[] = { "summarize", "x", "--html" };
	const char *a3[] = { "summarize", "a", "b" };
	const char *a4[] = { "summarize", "--no-color=1", "a" };
	const char *a5[] = { "summarize", "/nonexistent/results.jsonl" };
	const char *a6[] = { "summarize", "--compare", "-", "-" };
	const char *a7[] = { "summarize", "--help" };
	const char *a8[] = { "summarize", "-x", "a" };
	const char *a9[] = { "summarize", "--html", "/nonexistent/dir/o.html", path };
	const char *a10[] = { "summarize", "--no-color", "--html", html,
	    "--compare=" "/nonexistent/old.jsonl", path };
	const char *a11[] = { "summarize", "--no-color", "--html", html,
	    "--compare", path, "--", path };
	int fd = mkstemp(path);
	size_t n = 0;
	FILE *f;

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	snprintf(html, sizeof(html), "%s.html", path);
	CHECK(write_file(path, "nonsense\n") == 0);
	CHECK(run(1, a0) == 2);
	CHECK(run(3, a1) == 2);
	CHECK(run(3, a2) == 2);
	CHECK(run(3, a3) == 2);
	CHECK(run(3, a4) == 2);
	CHECK(run(2, a5) == 3);
	CHECK(run(4, a6) == 2);
	CHECK(run(2, a7) == 0);
	CHECK(run(3, a8) == 2);
	CHECK(run(4, a9) == 3);
	CHECK(run(6, a10) == 3);
	CHECK(write_file(path, ok_line("a.nl", "web", 50, ST("web_ipv6",
	    "passed"), "")) == 0);
	CHECK(run(8, a11) == 0);
	if ((f = fopen(html, "r")) != NULL) {
		page = calloc(1, 1 << 16);
		n = page != NULL ? fread(page, 1, (1 << 16) - 1, f) : 0;
		fclose(f);
	}
	CHECK(n > 0 && strncmp(page, "<!DOCTYPE html>", 15) == 0 &&
	    strstr(page, "earlier run") != NULL);
	free(page);
	unlink(html);
	unlink(path);
}

int
main(void)
{
	test_histogram();
	test_statuses();
	test_bad_lines();
	test_duplicates();
	test_worst();
	test_compare();
	test_html();
	test_errors();
	test_add_json();
	test_load_file();
	test_command();
	return unit_done("test_summary");
}
