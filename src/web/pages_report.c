/*
 * pages_report.c: the report page of `uptodate serve`, rendered from the
 * stored report JSON (doc/report.schema.json), not from live structures,
 * so that an old permalink renders the same way years later.
 *
 * The evidence is rendered generically: an object is a two-column table,
 * an array of objects a table with a column per key, scalars text. Depth,
 * rows, columns and string length are capped, so that a large evidence
 * makes a long page, never an unbounded one.
 */
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/explain.h"
#include "report/report.h"
#include "web/pages_int.h"

#define esc report_html_escape

#define EV_DEPTH_MAX 4          /* nested tables; deeper is shown as JSON */
#define EV_ROWS_MAX 100         /* rows of one table, items of one list */
#define EV_COLS_MAX 24          /* columns of a table of objects */
#define EV_STR_MAX 4000         /* characters of one string shown */
#define EV_DUMP_MAX 300         /* characters of a too-deep value's JSON */
#define REPORT_CATS_MAX 64      /* categories rendered */
#define REPORT_TESTS_MAX 1024   /* tests looked at */

/* ---- evidence --------------------------------------------------------- */

static void ev_value(FILE *out, const json_t *v, int depth);

/* Text, cut at max characters with an ellipsis. */
static void
esc_cut(FILE *out, const char *s, size_t max)
{
	char b[EV_STR_MAX + 1];
	size_t n = strlen(s);

	if (n <= max) {
		esc(out, s);
		return;
	}
	if (max > EV_STR_MAX)
		max = EV_STR_MAX;
	memcpy(b, s, max);
	b[max] = '\0';
	esc(out, b);
	fprintf(out, "\xe2\x80\xa6 <span class=\"more\">(%zu characters)</span>",
	    n);
}

static void
more_rows(FILE *out, size_t total, int cols)
{
	if (total > EV_ROWS_MAX)
		fprintf(out, "<tr><td class=\"more\" colspan=\"%d\">%zu more not "
		    "shown</td></tr>", cols, total - EV_ROWS_MAX);
}

static void
ev_object(FILE *out, const json_t *o, int depth)
{
	const char *k;
	json_t *v;
	size_t i = 0;

	fputs("<table class=\"ev\"><tbody>", out);
	json_object_foreach((json_t *)o, k, v) {
		if (i++ >= EV_ROWS_MAX)
			break;
		fputs("<tr><th scope=\"row\">", out);
		esc_cut(out, k, 200);
		fputs("</th><td>", out);
		ev_value(out, v, depth + 1);
		fputs("</td></tr>", out);
	}
	more_rows(out, json_object_size(o), 2);
	fputs("</tbody></table>", out);
}

/* An array whose items are all objects: a column per key (first seen
 * order, up to EV_COLS_MAX). */
static void
ev_table(FILE *out, const json_t *a, int depth)
{
	const char *cols[EV_COLS_MAX], *k;
	size_t ncols = 0, i, j, n = json_array_size(a);
	json_t *row, *v;

	for (i = 0; i < n && i < EV_ROWS_MAX; i++)
		json_object_foreach(json_array_get(a, i), k, v) {
			for (j = 0; j < ncols && strcmp(cols[j], k) != 0; j++)
				;
			if (j == ncols && ncols < EV_COLS_MAX)
				cols[ncols++] = k;
		}
	if (ncols == 0) {
		fprintf(out, "<em>%zu empty objects</em>", n);
		return;
	}
	fputs("<table class=\"ev\"><thead><tr>", out);
	for (j = 0; j < ncols; j++) {
		fputs("<th scope=\"col\">", out);
		esc_cut(out, cols[j], 200);
		fputs("</th>", out);
	}
	fputs("</tr></thead><tbody>", out);
	for (i = 0; i < n && i < EV_ROWS_MAX; i++) {
		row = json_array_get(a, i);
		fputs("<tr>", out);
		for (j = 0; j < ncols; j++) {
			fputs("<td>", out);
			if ((v = json_object_get(row, cols[j])) != NULL)
				ev_value(out, v, depth + 1);
			fputs("</td>", out);
		}
		fputs("</tr>", out);
	}
	more_rows(out, n, (int)ncols);
	fputs("</tbody></table>", out);
}

static void
ev_array(FILE *out, const json_t *a, int depth)
{
	size_t i, n = json_array_size(a), objects = 0, nested = 0;
	json_t *v;

	if (n == 0) {
		fputs("<em>none</em>", out);
		return;
	}
	json_array_foreach((json_t *)a, i, v) {
		objects += json_is_object(v);
		nested += json_is_object(v) || json_is_array(v);
	}
	if (objects == n) {
		ev_table(out, a, depth);
		return;
	}
	if (nested == 0) {      /* scalars: one line, comma separated */
		json_array_foreach((json_t *)a, i, v) {
			if (i >= EV_ROWS_MAX) {
				fprintf(out, " <span class=\"more\">and %zu more</span>",
				    n - EV_ROWS_MAX);
				break;
			}
			if (i > 0)
				fputs(", ", out);
			ev_value(out, v, depth + 1);
		}
		return;
	}
	fputs("<ul class=\"ev\">", out);
	json_array_foreach((json_t *)a, i, v) {
		if (i >= EV_ROWS_MAX) {
			fprintf(out, "<li class=\"more\">%zu more not shown</li>",
			    n - EV_ROWS_MAX);
			break;
		}
		fputs("<li>", out);
		ev_value(out, v, depth + 1);
		fputs("</li>", out);
	}
	fputs("</ul>", out);
}

static void
ev_value(FILE *out, const json_t *v, int depth)
{
	char *dump;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
	case JSON_ARRAY:
		if (depth >= EV_DEPTH_MAX) {
			dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
			fputs("<code>", out);
			esc_cut(out, dump != NULL ? dump : "(too large)", EV_DUMP_MAX);
			fputs("</code>", out);
			free(dump);
		} else if (json_is_object(v)) {
			if (json_object_size(v) == 0)
				fputs("<em>none</em>", out);
			else
				ev_object(out, v, depth);
		} else
			ev_array(out, v, depth);
		break;
	case JSON_STRING:
		esc_cut(out, json_string_value(v), EV_STR_MAX);
		break;
	case JSON_INTEGER:
		fprintf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		fprintf(out, "%g", json_real_value(v));
		break;
	case JSON_TRUE:
		fputs("yes", out);
		break;
	case JSON_FALSE:
		fputs("no", out);
		break;
	default:
		fputs("<em>none</em>", out);
	}
}

/* ---- the report ------------------------------------------------------- */

static const char *
str_at(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The category of a test: the registry's, else the longest category of
 * the report that prefixes the name; NULL if none. */
static const char *
test_category(const char *test, const json_t *cats)
{
	const struct chk_def *d = chk_find(test);
	const char *k, *best = NULL;
	size_t n, bn = 0;
	json_t *v;

	if (d != NULL)
		return d->category;
	json_object_foreach((json_t *)cats, k, v) {
		n = strlen(k);
		if (n > bn && strncmp(test, k, n) == 0 && test[n] == '_') {
			best = k;
			bn = n;
		}
	}
	return best;
}

static void
status_badge(FILE *out, const char *status)
{
	fprintf(out, "<span class=\"st %s\">", page_status_class(status));
	esc(out, page_status_label(status));
	fputs("</span>", out);
}

static void
test_block(FILE *out, const char *name, const json_t *res,
    const json_t *det, const char *cat)
{
	const char *status = str_at(res, "status");
	const char *cls = page_status_class(status);
	const char *title = str_at(det, "title");
	const struct chk_explain *x = chk_explain_find(name);
	const json_t *ev = json_object_get(det, "evidence");
	int passed = strcmp(cls, "passed") == 0;

	if (title == NULL) {
		const struct chk_def *d = chk_find(name);

		title = d != NULL ? d->title : name;
	}
	fputs("<details class=\"test\" id=\"test-", out);
	esc(out, name);
	fputs("\" data-test=\"", out);
	esc(out, name);
	fputs("\" data-status=\"", out);
	esc(out, status != NULL ? status : "");
	fprintf(out, "\"%s>\n<summary>", strcmp(cls, "failed") == 0 ||
	    strcmp(cls, "error") == 0 ? " open" : "");
	status_badge(out, status);
	fputs(" ", out);
	esc(out, title);
	fputs("</summary>\n", out);
	if (str_at(det, "detail") != NULL) {
		fputs("<p class=\"detail\">", out);
		esc_cut(out, str_at(det, "detail"), EV_STR_MAX);
		fputs("</p>\n", out);
	}
	fputs("<p class=\"meta\">", out);
	if (str_at(det, "level") != NULL) {
		fputs("Level: ", out);
		esc(out, str_at(det, "level"));
		fputs(" &middot; ", out);
	}
	if (str_at(res, "verdict") != NULL) {
		fputs("Verdict: ", out);
		esc(out, str_at(res, "verdict"));
		fputs(" &middot; ", out);
	}
	if (str_at(det, "code") != NULL) {
		fputs("Code: <code>", out);
		esc(out, str_at(det, "code"));
		fputs("</code> &middot; ", out);
	}
	fputs("Test <code>", out);
	esc(out, name);
	fputs("</code>", out);
	if (cat != NULL && x != NULL) {
		fputs(" &middot; <a href=\"/about/", out);
		page_url_seg(out, cat);
		fputs("/#", out);
		page_url_seg(out, name);
		fputs("\">About this test</a>", out);
	}
	fputs("</p>\n", out);
	if (x != NULL) {
		fputs("<h3>What is tested</h3>\n<p>", out);
		esc(out, x->what);
		fputs("</p>\n<h3>Why it matters</h3>\n<p>", out);
		esc(out, x->why);
		fputs("</p>\n", out);
		if (passed) {
			fputs("<h3>What a pass means</h3>\n<p>", out);
			esc(out, x->good);
			fputs("</p>\n", out);
		} else {
			fputs("<h3>How to fix</h3>\n<pre class=\"fix\">", out);
			esc(out, x->fix);
			fputs("</pre>\n", out);
		}
	}
	if (json_is_object(ev) && json_object_size(ev) > 0) {
		fputs("<h3>Technical details</h3>\n<div class=\"scroll evidence\">",
		    out);
		ev_value(out, ev, 0);
		fputs("</div>\n", out);
	}
	fputs("</details>\n", out);
}

static void
category_percent(FILE *out, const json_t *dcat)
{
	const json_t *p = json_object_get(dcat, "percentage");

	if (json_is_integer(p))
		fprintf(out, "%" JSON_INTEGER_FORMAT "%%", json_integer_value(p));
	else
		fputs("not scored", out);
}

static void
overview(FILE *out, const json_t *cats, const json_t *dcats)
{
	const char *k, *title;
	json_t *v;
	size_t i = 0;

	fputs("<h2>Overview</h2>\n<div class=\"scroll\"><table id=\"overview\">"
	    "<thead><tr><th scope=\"col\">Category</th><th scope=\"col\">Status"
	    "</th><th scope=\"col\" class=\"n\">Score</th></tr></thead><tbody>\n",
	    out);
	json_object_foreach((json_t *)cats, k, v) {
		if (i++ >= REPORT_CATS_MAX)
			break;
		title = str_at(json_object_get(dcats, k), "title");
		fputs("<tr><td><a href=\"#cat-", out);
		esc(out, k);
		fputs("\">", out);
		esc(out, title != NULL ? title : page_cat_title(k));
		fputs("</a></td><td>", out);
		status_badge(out, str_at(v, "status"));
		fputs("</td><td class=\"n\">", out);
		category_percent(out, json_object_get(dcats, k));
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n", out);
}

static void
category_section(FILE *out, const char *name, const json_t *cat,
    const json_t *cats, const json_t *dcats, const json_t *tests,
    const json_t *dtests)
{
	const json_t *dcat = json_object_get(dcats, name);
	const char *title = str_at(dcat, "title");
	const char *status = str_at(cat, "status");
	const char *k, *tc;
	json_t *v;
	size_t i = 0, shown = 0;

	fputs("<section class=\"category\" id=\"cat-", out);
	esc(out, name);
	fputs("\" data-category=\"", out);
	esc(out, name);
	fputs("\" data-status=\"", out);
	esc(out, status != NULL ? status : "");
	fputs("\">\n<h2>", out);
	esc(out, title != NULL ? title : page_cat_title(name));
	fputs(" ", out);
	status_badge(out, status);
	fputs("</h2>\n<p class=\"meta\">Score: ", out);
	category_percent(out, dcat);
	if (chk_cat_explain_find(name) != NULL) {
		fputs(" &middot; <a href=\"/about/", out);
		page_url_seg(out, name);
		fputs("/\">About this standard</a>", out);
	}
	fputs("</p>\n", out);
	json_object_foreach((json_t *)tests, k, v) {
		if (i++ >= REPORT_TESTS_MAX)
			break;
		tc = test_category(k, cats);
		if (tc == NULL || strcmp(tc, name) != 0)
			continue;
		test_block(out, k, v, json_object_get(dtests, k), name);
		shown++;
	}
	if (shown == 0)
		fputs("<p>No test result in this category.</p>\n", out);
	fputs("</section>\n", out);
}

/* Tests that belong to no category of the report. */
static void
other_tests(FILE *out, const json_t *cats, const json_t *tests,
    const json_t *dtests)
{
	const char *k, *tc;
	json_t *v;
	size_t i = 0, shown = 0;

	json_object_foreach((json_t *)tests, k, v) {
		if (i++ >= REPORT_TESTS_MAX)
			break;
		tc = test_category(k, cats);
		if (tc != NULL && json_object_get(cats, tc) != NULL)
			continue;
		if (shown++ == 0)
			fputs("<section class=\"category\" id=\"cat-other\" "
			    "data-category=\"other\" data-status=\"info\">\n"
			    "<h2>Other tests</h2>\n", out);
		test_block(out, k, v, json_object_get(dtests, k), tc);
	}
	if (shown > 0)
		fputs("</section>\n", out);
}

/* web: 1 website, 0 email, -1 connection test */
static void
permalink_url(FILE *out, const char *base, int web, const char *domain,
    const char *id)
{
	esc(out, base);
	if (web < 0) {
		fputs("/connection/result/", out);
	} else {
		fprintf(out, "/%s/", web ? "site" : "mail");
		page_url_seg(out, domain);
		fputc('/', out);
	}
	page_url_seg(out, id);
	fputc('/', out);
}

static void
permalink(FILE *out, const struct page_site *s, int web, const char *domain,
    const char *id)
{
	const char *base = s != NULL && s->base_url != NULL ? s->base_url : "";
	int i;

	fputs("<p class=\"permalink\">Permalink: ", out);
	for (i = 0; i < 2; i++) {
		fputs(i == 0 ? "<a id=\"permalink\" href=\"" :
		    " <button type=\"button\" id=\"copy-permalink\" "
		    "class=\"secondary\" hidden data-url=\"", out);
		permalink_url(out, base, web, domain, id);
		fputs("\">", out);
		if (i == 0) {
			permalink_url(out, base, web, domain, id);
			fputs("</a>", out);
		} else
			fputs("Copy link</button>", out);
	}
	fputs("</p>\n", out);
}

void
page_report(FILE *out, const struct page_site *s, const char *id,
    const json_t *report, int64_t created, const char *version)
{
	const char *domain = str_at(report, "domain");
	const char *type = str_at(report, "test_type");
	const char *status = str_at(report, "status");
	const json_t *results = json_object_get(report, "results");
	const json_t *details = json_object_get(report, "details");
	const json_t *cats = json_object_get(results, "categories");
	const json_t *tests = json_object_get(results, "tests");
	const json_t *dcats = json_object_get(details, "categories");
	const json_t *dtests = json_object_get(details, "tests");
	const json_t *err = json_object_get(report, "error");
	const json_t *pct = json_object_get(json_object_get(report, "scoring"),
	    "percentage");
	int conn = type != NULL && strcmp(type, "connection") == 0;
	int web = conn ? -1 : type == NULL || strcmp(type, "mail") != 0;
	int failed = status != NULL && strcmp(status, "ok") != 0;
	char title[320], date[40], iso[40];
	const char *k;
	json_t *v;
	size_t i = 0;

	if (domain == NULL)
		domain = "";
	if (conn)
		snprintf(title, sizeof(title), "Your connection");
	else
		snprintf(title, sizeof(title), "%s: %s test", domain, web ?
		    "website" : "email");
	page_begin(out, title, PAGE_NAV_NONE, "main", 0, 1);
	fprintf(out, "<main id=\"main\" class=\"wrap report\" data-type=\"%s\" "
	    "data-domain=\"", conn ? "connection" : web ? "web" : "mail");
	esc(out, domain);
	fputs("\">\n<h1>", out);
	if (conn) {
		fputs("Connection test: your connection", out);
	} else {
		fputs(web ? "Website test: " : "Email test: ", out);
		fputs("<span class=\"domain\">", out);
		esc(out, domain);
		fputs("</span>", out);
	}
	fputs("</h1>\n<div class=\"score-box\">\n", out);
	if (failed) {
		const char *code = str_at(err, "code");

		fputs("<section id=\"report-error\" data-code=\"", out);
		esc(out, code != NULL ? code : "unknown");
		fputs("\" role=\"alert\"><h2>Could not be tested</h2>\n<p><code>",
		    out);
		esc(out, code != NULL ? code : "unknown");
		fputs("</code>: ", out);
		esc_cut(out, str_at(err, "msg") != NULL ? str_at(err, "msg") :
		    "no reason given", EV_STR_MAX);
		fputs("</p></section>\n", out);
	} else {
		json_int_t n = json_is_integer(pct) ? json_integer_value(pct) : 0;

		if (n < 0 || n > 100)
			n = 0;
		fprintf(out, "<div><p class=\"meta\">Score</p>\n<p id=\"score\" "
		    "data-score=\"%" JSON_INTEGER_FORMAT "\">%" JSON_INTEGER_FORMAT
		    "%%</p></div>\n", n, n);
	}
	page_date(date, sizeof(date), created, 0);
	page_date(iso, sizeof(iso), created, 1);
	fprintf(out, "<div>\n<p class=\"meta\">Tested on <time datetime=\"%s\">"
	    "%s</time> with uptodate ", iso, date);
	esc(out, version != NULL ? version : "(unknown version)");
	fputs(".</p>\n", out);
	permalink(out, s, web, domain, id);
	if (conn) {
		fputs("<p><a id=\"retest\" href=\"/connection/\">Test again</a>"
		    "</p>\n</div>\n</div>\n", out);
	} else {
		fprintf(out, "<form id=\"retest\" action=\"/test/%s\" "
		    "method=\"post\"><input type=\"hidden\" name=\"domain\" "
		    "value=\"", web ? "site" : "mail");
		esc(out, domain);
		fputs("\"><button type=\"submit\">Test again</button></form>\n"
		    "</div>\n</div>\n", out);
	}
	if (json_object_size(cats) > 0)
		overview(out, cats, dcats);
	json_object_foreach((json_t *)cats, k, v) {
		if (i++ >= REPORT_CATS_MAX)
			break;
		category_section(out, k, v, cats, dcats, tests, dtests);
	}
	other_tests(out, cats, tests, dtests);
	page_end(out, s);
}
