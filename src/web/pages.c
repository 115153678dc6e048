/*
 * pages.c: the pages of `uptodate serve` but the report (pages_report.c):
 * the frame every page shares, home, progress, Hall of Fame, badges,
 * statistics, about, FAQ and errors. See pages.h for the URL map and the
 * hooks that browser tests rely on.
 *
 * Every string from outside goes through report_html_escape (text and
 * quoted attributes) or page_url_seg (URL paths). All texts about the
 * standards come from checks/explain.
 */
#include <math.h>
#include <string.h>
#include <time.h>

#include "checks/check.h"
#include "checks/explain.h"
#include "report/report.h"
#include "report/summary.h"
#include "web/pages_int.h"

#define esc report_html_escape

#define STATS_SERIES_MAX 12     /* lines in one over-time chart */
#define STATS_XLABELS 6         /* date labels on the x axis at most */
#define ABOUT_LINE_MAX 240      /* the home page's one line per standard */

/* ---- the frame -------------------------------------------------------- */

static const struct {
	enum page_nav id;
	const char *href, *label;
} nav_items[] = {
	{ PAGE_NAV_HOME, "/", "Home" },
	{ PAGE_NAV_HOF, "/halloffame/", "Hall of Fame" },
	{ PAGE_NAV_STATS, "/statistics/", "Statistics" },
	{ PAGE_NAV_ABOUT, "/about/", "About" },
	{ PAGE_NAV_FAQ, "/faq/", "FAQ" },
	{ PAGE_NAV_CONN, "/connection/", "Connection test" },
};

void
page_begin(FILE *out, const char *title, enum page_nav cur,
    const char *main_id, int refresh, int script)
{
	size_t i;

	fputs("<!doctype html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width,"
	    "initial-scale=1\">\n", out);
	/* Without script the page reloads itself; with script, app.js polls
	 * and a reload would only make the page jump. */
	if (refresh > 0)
		fprintf(out, "<noscript><meta http-equiv=\"refresh\" "
		    "content=\"%d\"></noscript>\n", refresh);
	fputs("<title>", out);
	esc(out, title);
	fputs(" - uptodate</title>\n"
	    "<link rel=\"stylesheet\" href=\"/static/style.css\">\n", out);
	if (script)
		fputs("<script src=\"/static/app.js\" defer></script>\n", out);
	fprintf(out, "</head>\n<body>\n<a class=\"skip\" href=\"#%s\">Skip to "
	    "content</a>\n<header class=\"site\"><div class=\"wrap\">"
	    "<a class=\"brand\" href=\"/\">uptodate</a>\n"
	    "<nav class=\"main\" aria-label=\"Main\"><ul>\n", main_id);
	for (i = 0; i < sizeof(nav_items) / sizeof(nav_items[0]); i++)
		fprintf(out, "<li><a href=\"%s\"%s>%s</a></li>\n",
		    nav_items[i].href, nav_items[i].id == cur ?
		    " aria-current=\"page\"" : "", nav_items[i].label);
	fputs("</ul></nav></div></header>\n", out);
}

void
page_end(FILE *out, const struct page_site *s)
{
	fputs("</main>\n<footer class=\"site\"><div class=\"wrap\"><p>uptodate ",
	    out);
	esc(out, s != NULL ? s->version : NULL);
	fputs(" &middot; tests against open Internet standards &middot; "
	    "<a href=\"/about/\">About</a> &middot; <a href=\"/faq/\">FAQ</a>"
	    "</p></div></footer>\n</body>\n</html>\n", out);
}

void
page_url_seg(FILE *out, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
		    c == '~')
			fputc(c, out);
		else
			fprintf(out, "%%%02X", c);
	}
}

void
page_date(char *buf, size_t n, int64_t t, int iso)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (n == 0)
		return;
	buf[0] = '\0';
	if (t < 0 || gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, n, iso ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d %H:%M UTC",
	    &tm) == 0)
		buf[0] = '\0';
}

static const char *const status_names[][2] = {
	{ "passed", "Passed" }, { "failed", "Failed" },
	{ "warning", "Warning" }, { "info", "Info" },
	{ "not_tested", "Not tested" }, { "error", "Error" },
};

const char *
page_status_label(const char *status)
{
	size_t i;

	for (i = 0; status != NULL && i < 6; i++)
		if (strcmp(status, status_names[i][0]) == 0)
			return status_names[i][1];
	return status != NULL ? status : "Unknown";
}

const char *
page_status_class(const char *status)
{
	size_t i;

	for (i = 0; status != NULL && i < 6; i++)
		if (strcmp(status, status_names[i][0]) == 0)
			return status_names[i][0];
	return "error";
}

const char *
page_cat_title(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < chk_n_categories; i++)
		if (strcmp(chk_categories[i].name, name) == 0)
			return chk_categories[i].title;
	return name != NULL ? name : "";
}

static int
is_web_cat(const char *name)
{
	return strncmp(name, "web_", 4) == 0;
}

/* ---- home ------------------------------------------------------------- */

/* The first sentence of a paragraph (up to ". "), escaped. */
static void
first_sentence(FILE *out, const char *p)
{
	char b[ABOUT_LINE_MAX + 1];
	const char *dot = strstr(p, ". ");
	size_t n = dot != NULL ? (size_t)(dot - p) + 1 : strlen(p);

	if (n > ABOUT_LINE_MAX)
		n = ABOUT_LINE_MAX;
	memcpy(b, p, n);
	b[n] = '\0';
	esc(out, b);
}

static void
standards_list(FILE *out, int web)
{
	const struct chk_cat_explain *c;

	fputs("<ul class=\"standards\">\n", out);
	for (c = chk_cat_explanations; c->name != NULL; c++) {
		if (is_web_cat(c->name) != web)
			continue;
		fprintf(out, "<li><a href=\"/about/%s/\">", c->name);
		esc(out, c->title);
		fputs("</a>: ", out);
		first_sentence(out, c->about);
		fputs("</li>\n", out);
	}
	fputs("</ul>\n", out);
}

void
page_home(FILE *out, const struct page_site *s, const char *notice)
{
	page_begin(out, "Test your website and email", PAGE_NAV_HOME, "main", 0,
	    0);
	fputs("<main id=\"main\" class=\"wrap\">\n"
	    "<h1>Is your domain up to date?</h1>\n"
	    "<p>Test whether your website and your email use modern, open "
	    "Internet standards: IPv6, DNSSEC, HTTPS, security headers, "
	    "SPF, DKIM, DMARC, STARTTLS, DANE and RPKI. Every result comes "
	    "with an explanation and, where something is missing, how to fix "
	    "it.</p>\n", out);
	if (notice != NULL && *notice != '\0') {
		fputs("<p id=\"notice\" role=\"alert\">", out);
		esc(out, notice);
		fputs("</p>\n", out);
	}
	fputs("<div class=\"forms\">\n"
	    "<section class=\"card\"><h2>Website test</h2>\n"
	    "<form id=\"web-form\" action=\"/test/site\" method=\"post\">\n"
	    "<label for=\"web-domain\">Domain name of your website</label>\n"
	    "<input type=\"text\" id=\"web-domain\" name=\"domain\" "
	    "required maxlength=\"253\" placeholder=\"example.nl\" "
	    "autocomplete=\"url\" autocapitalize=\"off\" spellcheck=\"false\" "
	    "inputmode=\"url\">\n"
	    "<button type=\"submit\">Test website</button>\n</form>\n"
	    "<p>IPv6, DNSSEC, HTTPS, security options, RPKI.</p></section>\n"
	    "<section class=\"card\"><h2>Email test</h2>\n"
	    "<form id=\"mail-form\" action=\"/test/mail\" method=\"post\">\n"
	    "<label for=\"mail-domain\">Domain name of your email address"
	    "</label>\n"
	    "<input type=\"text\" id=\"mail-domain\" name=\"domain\" "
	    "required maxlength=\"253\" placeholder=\"example.nl\" "
	    "autocapitalize=\"off\" spellcheck=\"false\" inputmode=\"url\">\n"
	    "<button type=\"submit\">Test email</button>\n</form>\n"
	    "<p>IPv6, DNSSEC, DMARC, DKIM, SPF, STARTTLS, DANE, RPKI.</p>"
	    "</section>\n"
	    "<section class=\"card\"><h2>Connection test</h2>\n"
	    "<p>Does your own Internet connection use IPv6 and a resolver "
	    "that validates DNSSEC?</p>\n"
	    "<p><a href=\"/connection/\">Test your connection</a></p>"
	    "</section>\n</div>\n"
	    "<h2>What the website test checks</h2>\n", out);
	standards_list(out, 1);
	fputs("<h2>What the email test checks</h2>\n", out);
	standards_list(out, 0);
	fputs("<p>Domains that pass every test enter the <a href=\"/halloffame/\">"
	    "Hall of Fame</a>. The <a href=\"/faq/\">FAQ</a> explains the score "
	    "and what is stored.</p>\n", out);
	page_end(out, s);
}

/* ---- progress --------------------------------------------------------- */

static const char *
state_text(const char *state)
{
	if (state == NULL)
		return "Unknown state.";
	if (strcmp(state, "queued") == 0)
		return "Waiting for a free slot\xe2\x80\xa6";
	if (strcmp(state, "running") == 0)
		return "Testing\xe2\x80\xa6";
	if (strcmp(state, "done") == 0)
		return "Done.";
	return "Stopped.";
}

void
page_progress(FILE *out, const struct page_site *s,
    const struct page_progress *p)
{
	const char *state = p->state != NULL ? p->state : "queued";
	int web = p->type != NULL && strcmp(p->type, "web") == 0;
	int live = strcmp(state, "done") != 0 && strcmp(state, "error") != 0;
	int is_err = strcmp(state, "error") == 0;
	char title[320];
	size_t i;

	snprintf(title, sizeof(title), "Testing %s", p->domain != NULL ?
	    p->domain : "");
	page_begin(out, title, PAGE_NAV_NONE, "progress", live ? 2 : 0, 1);
	fputs("<main id=\"progress\" class=\"wrap\" data-state=\"", out);
	esc(out, state);
	fprintf(out, "\" data-type=\"%s\" data-domain=\"", web ? "web" : "mail");
	esc(out, p->domain);
	fprintf(out, "\">\n<h1>%s test of <span class=\"domain\">",
	    web ? "Website" : "Email");
	esc(out, p->domain);
	fprintf(out, "</span></h1>\n<p id=\"progress-state\" role=\"status\" "
	    "aria-live=\"polite\">%s", state_text(state));
	if (live && p->elapsed_ms > 0)
		fprintf(out, " %u s", p->elapsed_ms / 1000);
	fputs("</p>\n<p id=\"progress-error\" role=\"alert\"", out);
	if (!is_err)
		fputs(" hidden>", out);
	else {
		fputc('>', out);
		esc(out, p->error != NULL ? p->error : "The test failed.");
	}
	fputs("</p>\n<ol class=\"cats\">\n", out);
	for (i = 0; i < p->n_cats; i++) {
		const struct page_progress_cat *c = &p->cats[i];

		fputs("<li class=\"cat\" data-category=\"", out);
		esc(out, c->name);
		fprintf(out, "\" data-finished=\"%d\"><span class=\"cat-title\">",
		    c->finished ? 1 : 0);
		esc(out, page_cat_title(c->name));
		fputs("</span> <progress", out);
		if (c->finished)
			fputs(" max=\"1\" value=\"1\"", out);
		else if (c->started > 0)
			fprintf(out, " max=\"%u\" value=\"%u\"", c->started,
			    c->done > c->started ? c->started : c->done);
		fputs(" aria-label=\"", out);
		esc(out, page_cat_title(c->name));
		fprintf(out, "\">%u of %u</progress> <span class=\"cat-state\">",
		    c->done, c->started);
		if (c->finished)
			fputs("done", out);
		else
			fprintf(out, "%u of %u steps", c->done, c->started);
		fputs("</span></li>\n", out);
	}
	fputs("</ol>\n", out);
	if (strcmp(state, "done") == 0 && p->report_url != NULL) {
		fputs("<p><a id=\"report-link\" href=\"", out);
		esc(out, p->report_url);
		fputs("\">See the report</a></p>\n", out);
	}
	if (live)
		fputs("<p class=\"meta\">This page updates itself; the report "
		    "opens when the test is done.</p>\n", out);
	else
		fputs("<p><a href=\"/\">Start another test</a></p>\n", out);
	page_end(out, s);
}

json_t *
page_progress_json(const struct page_progress *p)
{
	json_t *root = json_object(), *cats = json_array();
	size_t i;

	if (root == NULL || cats == NULL) {
		json_decref(root);
		json_decref(cats);
		return NULL;
	}
	json_object_set_new(root, "state", json_string(p->state != NULL ?
	    p->state : "queued"));
	json_object_set_new(root, "elapsed_ms", json_integer(p->elapsed_ms));
	for (i = 0; i < p->n_cats; i++) {
		const struct page_progress_cat *c = &p->cats[i];

		json_array_append_new(cats, json_pack("{s:s?,s:I,s:I,s:b}",
		    "name", c->name, "done", (json_int_t)c->done, "started",
		    (json_int_t)c->started, "finished", c->finished != 0));
	}
	json_object_set_new(root, "categories", cats);
	if (p->report_url != NULL)
		json_object_set_new(root, "report_url",
		    json_string(p->report_url));
	if (p->error != NULL)
		json_object_set_new(root, "error", json_string(p->error));
	return root;
}

/* ---- Hall of Fame and badges ----------------------------------------- */

static const struct {
	const char *which, *tab, *badge, *what, *badge_text;
} hof_lists[] = {
	{ "champions", "Champions", "champion", "domains whose website and "
	    "email both score 100%", "100% champion" },
	{ "web", "Websites", "web", "websites that score 100%", "100% website" },
	{ "mail", "Email", "mail", "email domains that score 100%",
	    "100% email" },
};

static size_t
hof_index(const char *which)
{
	size_t i;

	for (i = 0; which != NULL && i < 3; i++)
		if (strcmp(which, hof_lists[i].which) == 0 ||
		    strcmp(which, hof_lists[i].badge) == 0)
			return i;
	return 0;
}

void
page_hof(FILE *out, const struct page_site *s, const char *which,
    const struct page_hof_entry *e, size_t n)
{
	size_t w = hof_index(which), i;
	const char *base = s != NULL && s->base_url != NULL ? s->base_url : "";
	char date[40], iso[40];

	page_begin(out, "Hall of Fame", PAGE_NAV_HOF, "main", 0, 0);
	fputs("<main id=\"main\" class=\"wrap\">\n<h1>Hall of Fame</h1>\n"
	    "<nav class=\"tabs\" aria-label=\"Lists\"><ul>\n", out);
	for (i = 0; i < 3; i++)
		fprintf(out, "<li><a href=\"/halloffame/%s\"%s>%s</a></li>\n",
		    i == 0 ? "" : i == 1 ? "web/" : "mail/", i == w ?
		    " aria-current=\"page\"" : "", hof_lists[i].tab);
	fprintf(out, "</ul></nav>\n<h2>%s</h2>\n<p>The %s in their latest "
	    "test, newest first.</p>\n<div class=\"scroll\">"
	    "<table id=\"hof\" data-which=\"%s\">\n<thead><tr><th scope=\"col\">"
	    "Domain</th><th scope=\"col\">Tested</th><th scope=\"col\">Report"
	    "</th></tr></thead>\n<tbody>\n", hof_lists[w].tab, hof_lists[w].what,
	    hof_lists[w].which);
	for (i = 0; i < n; i++) {
		page_date(date, sizeof(date), e[i].created, 0);
		page_date(iso, sizeof(iso), e[i].created, 1);
		fputs("<tr class=\"hof-entry\" data-domain=\"", out);
		esc(out, e[i].domain);
		fputs("\"><td class=\"d\">", out);
		esc(out, e[i].domain);
		fprintf(out, "</td><td><time datetime=\"%s\">%s</time></td><td>",
		    iso, date);
		if (e[i].report_path != NULL && e[i].report_path[0] == '/') {
			fputs("<a href=\"", out);
			esc(out, e[i].report_path);
			fputs("\">Report<span class=\"vh\"> of ", out);
			esc(out, e[i].domain);
			fputs("</span></a>", out);
		}
		fputs("</td></tr>\n", out);
	}
	if (n == 0)
		fputs("<tr class=\"hof-empty\"><td colspan=\"3\">No domain yet: "
		    "be the first.</td></tr>\n", out);
	fprintf(out, "</tbody></table></div>\n<h2>The badge</h2>\n"
	    "<p><img src=\"/badge/%s.svg\" alt=\"uptodate %s\" height=\"20\">"
	    "</p>\n<p>A domain in this list may show the badge on its site. "
	    "Embed it with:</p>\n<pre><code>&lt;a href=&quot;", hof_lists[w].badge,
	    hof_lists[w].badge_text);
	esc(out, base);
	fputs("/halloffame/", out);
	if (w > 0)
		fprintf(out, "%s/", hof_lists[w].which);
	fputs("&quot;&gt;&lt;img src=&quot;", out);
	esc(out, base);
	fprintf(out, "/badge/%s.svg&quot; alt=&quot;uptodate %s&quot;&gt;"
	    "&lt;/a&gt;</code></pre>\n", hof_lists[w].badge,
	    hof_lists[w].badge_text);
	page_end(out, s);
}

void
page_badge_svg(FILE *out, const char *which)
{
	size_t w = hof_index(which);
	const char *left = "uptodate", *right = hof_lists[w].badge_text;
	/* Verdana-ish 11px: about 7 px per character, 10 px padding. */
	int lw = (int)strlen(left) * 7 + 10, rw = (int)strlen(right) * 7 + 10;

	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"20\" viewBox=\"0 0 %d 20\" role=\"img\" "
	    "aria-label=\"%s: %s\">"
	    "<title>%s: %s</title>"
	    "<rect width=\"%d\" height=\"20\" rx=\"3\" fill=\"#555\"/>"
	    "<rect x=\"%d\" width=\"%d\" height=\"20\" rx=\"3\" fill=\"#126b2b\"/>"
	    "<rect x=\"%d\" width=\"4\" height=\"20\" fill=\"#126b2b\"/>"
	    "<g fill=\"#fff\" font-family=\"Verdana,DejaVu Sans,sans-serif\" "
	    "font-size=\"11\" text-anchor=\"middle\">"
	    "<text x=\"%d\" y=\"14\">%s</text>"
	    "<text x=\"%d\" y=\"14\">%s</text></g></svg>\n",
	    lw + rw, lw + rw, left, right, left, right, lw + rw, lw, rw, lw,
	    lw / 2, left, lw + rw / 2, right);
}

/* ---- statistics ------------------------------------------------------- */

static const char *const series_colour[STATS_SERIES_MAX] = {
	"#1f5fbf", "#b3161b", "#126b2b", "#8a5a00", "#7a1f8a", "#0f7c7c",
	"#555555", "#c2410c", "#4338ca", "#a21caf", "#65a30d", "#0369a1",
};
/* A dash pattern per series, so that lines differ by more than colour. */
static const char *const series_dash[4] = { "", "6 3", "2 3", "8 3 2 3" };

/* "2024-05-01" */
static void
day(char *buf, size_t n, int64_t t)
{
	page_date(buf, n, t, 1);
	if (strlen(buf) > 10)
		buf[10] = '\0';
}

/* The union of category names over the points, first-seen order. */
static size_t
series_names(const struct page_stats_point *p, size_t n,
    const char **names)
{
	size_t i, j, k, m = 0;

	for (i = 0; i < n; i++)
		for (j = 0; j < p[i].n_cats && p[i].cat_names != NULL; j++) {
			const char *nm = p[i].cat_names[j];

			if (nm == NULL)
				continue;
			for (k = 0; k < m && strcmp(names[k], nm) != 0; k++)
				;
			if (k == m && m < STATS_SERIES_MAX)
				names[m++] = nm;
		}
	return m;
}

/* The share of name in point p, or -1. */
static double
point_share(const struct page_stats_point *p, const char *name)
{
	size_t j;

	for (j = 0; j < p->n_cats && p->cat_names != NULL; j++)
		if (p->cat_names[j] != NULL && strcmp(p->cat_names[j], name) == 0) {
			double v = p->cat_passed != NULL ? p->cat_passed[j] : -1;

			if (!isfinite(v) || v < 0)
				return -1;
			return v > 1 ? 1 : v;
		}
	return -1;
}

static void
stats_line_chart(FILE *out, const char *type, const struct page_stats_point *p,
    size_t n)
{
	const double x0 = 48, x1 = 590, y0 = 20, y1 = 240;
	const char *names[STATS_SERIES_MAX];
	size_t m, i, k, step;
	int64_t tmin, tmax;
	char date[40];

	if (n == 0) {
		fputs("<p class=\"no-data\">Not enough data yet: no test in any "
		    "period.</p>\n", out);
		return;
	}
	m = series_names(p, n, names);
	tmin = tmax = p[0].period_start;
	for (i = 1; i < n; i++) {
		if (p[i].period_start < tmin)
			tmin = p[i].period_start;
		if (p[i].period_start > tmax)
			tmax = p[i].period_start;
	}
#define XPOS(t) (tmax > tmin ? x0 + (x1 - x0) * (double)((t) - tmin) / \
	    (double)(tmax - tmin) : (x0 + x1) / 2)
#define YPOS(v) (y1 - (y1 - y0) * (v))
	fprintf(out, "<figure><svg class=\"chart\" id=\"trend-%s\" "
	    "viewBox=\"0 0 640 280\" role=\"img\" aria-labelledby=\"trend-%s-t\">"
	    "<title id=\"trend-%s-t\">Share of domains that passed each category, "
	    "per period</title>\n", type, type, type);
	for (k = 0; k <= 4; k++) {
		double y = YPOS((double)k / 4);

		fprintf(out, "<line class=\"grid\" x1=\"%.0f\" y1=\"%.1f\" "
		    "x2=\"%.0f\" y2=\"%.1f\"/><text x=\"%.0f\" y=\"%.1f\" "
		    "text-anchor=\"end\">%zu%%</text>\n", x0, y, x1, y, x0 - 6,
		    y + 4, k * 25);
	}
	fprintf(out, "<line class=\"axis\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" "
	    "y2=\"%.0f\"/>\n", x0, y1, x1, y1);
	step = n <= STATS_XLABELS ? 1 : (n + STATS_XLABELS - 1) / STATS_XLABELS;
	for (i = 0; i < n; i += step) {
		day(date, sizeof(date), p[i].period_start);
		fprintf(out, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">"
		    "%s</text>\n", XPOS(p[i].period_start), y1 + 18, date);
	}
	for (k = 0; k < m; k++) {
		int open = 0;

		fprintf(out, "<g class=\"series\" data-category=\"");
		esc(out, names[k]);
		fprintf(out, "\" stroke=\"%s\" fill=\"%s\">", series_colour[k],
		    series_colour[k]);
		if (n > 1) {
			for (i = 0; i < n; i++) {
				double v = point_share(&p[i], names[k]);

				if (v < 0)
					continue;
				if (!open)
					fprintf(out, "<polyline fill=\"none\" stroke-width=\"2\"%s%s%s points=\"",
					    *series_dash[k % 4] ? " stroke-dasharray=\"" : "",
					    series_dash[k % 4], *series_dash[k % 4] ? "\"" : "");
				fprintf(out, "%s%.1f,%.1f", open ? " " : "",
				    XPOS(p[i].period_start), YPOS(v));
				open = 1;
			}
			if (open)
				fputs("\"/>", out);
		}
		for (i = 0; i < n; i++) {
			double v = point_share(&p[i], names[k]);

			if (v < 0)
				continue;
			day(date, sizeof(date), p[i].period_start);
			fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\"><title>",
			    XPOS(p[i].period_start), YPOS(v));
			esc(out, page_cat_title(names[k]));
			fprintf(out, ", %s: %.1f%%</title></circle>", date, 100 * v);
		}
		fputs("</g>\n", out);
	}
#undef XPOS
#undef YPOS
	fputs("</svg>\n<figcaption>", out);
	if (n == 1)
		fputs("Only one period so far: the line appears from the second. ",
		    out);
	fputs("Share of the domains tested in each period whose category "
	    "passed.<ul class=\"legend\">\n", out);
	for (k = 0; k < m; k++) {
		fprintf(out, "<li><svg viewBox=\"0 0 32 8\" aria-hidden=\"true\">"
		    "<line x1=\"0\" y1=\"4\" x2=\"32\" y2=\"4\" stroke=\"%s\" "
		    "stroke-width=\"3\"%s%s%s/></svg>", series_colour[k],
		    *series_dash[k % 4] ? " stroke-dasharray=\"" : "",
		    series_dash[k % 4], *series_dash[k % 4] ? "\"" : "");
		esc(out, page_cat_title(names[k]));
		fputs("</li>\n", out);
	}
	fputs("</ul></figcaption></figure>\n", out);

	/* The same numbers as a table, for screen readers and exact values. */
	fputs("<details><summary>The numbers</summary><div class=\"scroll\">"
	    "<table><thead><tr><th scope=\"col\">Period</th>"
	    "<th scope=\"col\" class=\"n\">Tested</th>", out);
	for (k = 0; k < m; k++) {
		fputs("<th scope=\"col\" class=\"n\">", out);
		esc(out, page_cat_title(names[k]));
		fputs("</th>", out);
	}
	fputs("</tr></thead><tbody>\n", out);
	for (i = 0; i < n; i++) {
		day(date, sizeof(date), p[i].period_start);
		fprintf(out, "<tr><th scope=\"row\">%s</th><td class=\"n\">%u</td>",
		    date, p[i].tested);
		for (k = 0; k < m; k++) {
			double v = point_share(&p[i], names[k]);

			if (v < 0)
				fputs("<td class=\"n\">-</td>", out);
			else
				fprintf(out, "<td class=\"n\">%.1f%%</td>", 100 * v);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table></div></details>\n", out);
}

static void
stats_section(FILE *out, const char *type, const char *title,
    const struct summary *sum, enum summary_kind kind,
    const struct page_stats_point *p, size_t n)
{
	struct summary_stats st;

	fprintf(out, "<section class=\"stats\" id=\"stats-%s\" data-type=\"%s\">"
	    "<h2>%s</h2>\n", type, type, title);
	if (sum != NULL)
		summary_stats(sum, kind, &st);
	if (sum == NULL || st.domains == 0)
		fputs("<p class=\"no-data\">Nothing tested yet.</p>\n", out);
	else
		summary_html_charts(out, sum, kind);
	fputs("<h3>Adoption over time</h3>\n", out);
	stats_line_chart(out, type, p, n);
	fputs("</section>\n", out);
}

void
page_stats(FILE *out, const struct page_site *s,
    const struct summary *web, const struct summary *mail,
    const struct page_stats_point *web_t, size_t n_web_t,
    const struct page_stats_point *mail_t, size_t n_mail_t)
{
	page_begin(out, "Statistics", PAGE_NAV_STATS, "main", 0, 0);
	fputs("<main id=\"main\" class=\"wrap\">\n<h1>Statistics</h1>\n"
	    "<p>How far the tested domains have adopted each standard, counted "
	    "over the latest test of every domain. A share passed counts the "
	    "domains where the category or test applied; domains that could "
	    "not be tested are counted apart and have no score. Domains are "
	    "tested because someone asked, so this is not a sample of the "
	    "whole Internet.</p>\n", out);
	stats_section(out, "web", "Websites", web, SUMMARY_WEB, web_t, n_web_t);
	stats_section(out, "mail", "Email", mail, SUMMARY_MAIL, mail_t,
	    n_mail_t);
	page_end(out, s);
}

/* ---- about, FAQ, errors ---------------------------------------------- */

/* The category of an explained test: the registry's, or for a test that
 * is not built yet, its name's prefix. */
static int
test_in_cat(const char *test, const char *cat)
{
	const struct chk_def *d = chk_find(test);
	size_t n = strlen(cat);

	if (d != NULL)
		return strcmp(d->category, cat) == 0;
	return strncmp(test, cat, n) == 0 && test[n] == '_';
}

static void
about_overview(FILE *out)
{
	const struct chk_cat_explain *c;
	int web;

	fputs("<h1>About the tests</h1>\n<p>uptodate tests domains against "
	    "open Internet standards that make the Internet more reliable, "
	    "secure and private. The tests and their names follow "
	    "Internet.nl. Each category below has a page with every test, "
	    "what it checks, why it matters and how to fix a failure.</p>\n",
	    out);
	for (web = 1; web >= 0; web--) {
		fprintf(out, "<h2>%s</h2>\n", web ? "Website test" : "Email test");
		for (c = chk_cat_explanations; c->name != NULL; c++) {
			if (is_web_cat(c->name) != web)
				continue;
			fprintf(out, "<section class=\"about-cat\" data-category=\"%s\">"
			    "<h3><a href=\"/about/%s/\">", c->name, c->name);
			esc(out, c->title);
			fputs("</a></h3>\n<p>", out);
			esc(out, c->about);
			fputs("</p></section>\n", out);
		}
	}
}

static void
about_category(FILE *out, const struct chk_cat_explain *c)
{
	const struct chk_explain *x;
	const struct chk_def *d;

	fputs("<p><a href=\"/about/\">All categories</a></p>\n<h1>", out);
	esc(out, c->title);
	fprintf(out, "</h1>\n<p>");
	esc(out, c->about);
	fprintf(out, "</p>\n<p>Part of the %s test.</p>\n<h2>The tests</h2>\n",
	    is_web_cat(c->name) ? "website" : "email");
	for (x = chk_explanations; x->name != NULL; x++) {
		if (!test_in_cat(x->name, c->name))
			continue;
		d = chk_find(x->name);
		fprintf(out, "<section class=\"about-test\" id=\"%s\" "
		    "data-test=\"%s\"><h3>", x->name, x->name);
		esc(out, d != NULL ? d->title : x->name);
		fputs(" <code>", out);
		esc(out, x->name);
		fputs("</code></h3>\n", out);
		if (d != NULL)
			fprintf(out, "<p class=\"meta\">Level: %s</p>\n",
			    chk_level_str(d->level));
		else
			fputs("<p class=\"meta\">Not built yet.</p>\n", out);
		fputs("<h4>What is tested</h4>\n<p>", out);
		esc(out, x->what);
		fputs("</p>\n<h4>Why it matters</h4>\n<p>", out);
		esc(out, x->why);
		fputs("</p>\n<h4>What a pass means</h4>\n<p>", out);
		esc(out, x->good);
		fputs("</p>\n<h4>How to fix a failure</h4>\n<pre class=\"fix\">", out);
		esc(out, x->fix);
		fputs("</pre></section>\n", out);
	}
}

int
page_about(FILE *out, const struct page_site *s, const char *topic)
{
	const struct chk_cat_explain *c = NULL;

	if (topic != NULL && (c = chk_cat_explain_find(topic)) == NULL)
		return -1;
	page_begin(out, c != NULL ? c->title : "About the tests",
	    PAGE_NAV_ABOUT, "main", 0, 0);
	fputs("<main id=\"main\" class=\"wrap\">\n", out);
	if (c != NULL)
		about_category(out, c);
	else
		about_overview(out);
	page_end(out, s);
	return 0;
}

void
page_faq(FILE *out, const struct page_site *s)
{
	page_begin(out, "Frequently asked questions", PAGE_NAV_FAQ, "main", 0,
	    0);
	fputs("<main id=\"main\" class=\"wrap\">\n"
	    "<h1>Frequently asked questions</h1>\n"
	    "<h2 id=\"how\">How does a test work?</h2>\n"
	    "<p>uptodate looks up your domain in the DNS with a validating "
	    "resolver, connects to your web or mail servers over IPv4 and "
	    "IPv6, and reads what they offer: TLS versions and ciphers, "
	    "certificates, HTTP headers, SPF, DKIM and DMARC records, DANE "
	    "records and route origins. It only makes ordinary connections and "
	    "queries, the same a browser or a sending mail server makes; it "
	    "does not try to break in. A test takes from a few seconds to a "
	    "minute.</p>\n"
	    "<h2 id=\"score\">What does the score mean?</h2>\n"
	    "<p>Each required test gives points when it passes; the score is "
	    "the share of those points that your domain earned, in percent. "
	    "Recommended and optional tests (warning and info) are shown but "
	    "do not lower the score. Where a category checks several servers, "
	    "the weakest server counts. 100% means every required standard "
	    "is in place, and puts the domain in the <a href=\"/halloffame/\">"
	    "Hall of Fame</a>.</p>\n"
	    "<h2 id=\"statuses\">What do the statuses mean?</h2>\n<dl class=\"statuses\">\n"
	    "<div><dt><span class=\"st passed\">Passed</span></dt><dd>The "
	    "requirement is met.</dd></div>\n"
	    "<div><dt><span class=\"st failed\">Failed</span></dt><dd>A "
	    "requirement is not met; the report says how to fix it.</dd></div>\n"
	    "<div><dt><span class=\"st warning\">Warning</span></dt><dd>A "
	    "recommendation is not met.</dd></div>\n"
	    "<div><dt><span class=\"st info\">Info</span></dt><dd>An optional "
	    "standard, for your information.</dd></div>\n"
	    "<div><dt><span class=\"st not_tested\">Not tested</span></dt><dd>"
	    "The test does not apply, or something it builds on is missing "
	    "(for example DANE without DNSSEC).</dd></div>\n"
	    "<div><dt><span class=\"st error\">Error</span></dt><dd>The test "
	    "could not be done; the report gives the reason, such as a time-out "
	    "or a refused connection.</dd></div>\n</dl>\n"
	    "<h2 id=\"privacy\">What is stored?</h2>\n"
	    "<p>Every report is stored with the domain name, the time of the "
	    "test and what the servers showed, so that its link keeps working "
	    "and the statistics can count it. Reports are public: anyone with "
	    "the link can read them. Your IP address is not stored with a "
	    "report; it is kept only briefly to limit how often one visitor "
	    "can start tests. No cookies, no trackers, and no asset from "
	    "another site.</p>\n"
	    "<h2 id=\"retest\">I fixed something. When can I test again?</h2>\n"
	    "<p>Right away with the Test again button of the report, though a "
	    "domain is not tested more often than every few minutes. DNS "
	    "changes may take the time to live of the old records to show.</p>\n"
	    "<h2 id=\"batch\">Can I test many domains at once?</h2>\n"
	    "<p>Yes: the batch API takes a list of domains and returns one "
	    "result per domain in the Internet.nl batch API v2 format. It is "
	    "described in <a href=\"/api/batch/openapi.yaml\">its OpenAPI "
	    "document</a>. The command line tool <code>uptodate batch</code> "
	    "does the same without a server.</p>\n"
	    "<h2 id=\"standards\">Which standards are tested?</h2>\n"
	    "<p>See <a href=\"/about/\">About the tests</a> for every category "
	    "and test, with the reasons behind each.</p>\n", out);
	page_end(out, s);
}

static const char *
http_reason(int code)
{
	switch (code) {
	case 400: return "Bad request";
	case 403: return "Forbidden";
	case 404: return "Not found";
	case 405: return "Method not allowed";
	case 409: return "Conflict";
	case 413: return "Request too large";
	case 429: return "Too many requests";
	case 500: return "Internal error";
	case 503: return "Service unavailable";
	default: return "Error";
	}
}

void
page_error(FILE *out, const struct page_site *s, int code, const char *msg)
{
	char title[64];

	snprintf(title, sizeof(title), "%d %s", code, http_reason(code));
	page_begin(out, title, PAGE_NAV_NONE, "error", 0, 0);
	fprintf(out, "<main id=\"error\" class=\"wrap\" data-code=\"%d\">\n"
	    "<h1>%s</h1>\n<p>", code, title);
	esc(out, msg != NULL && *msg != '\0' ? msg : http_reason(code));
	fputs("</p>\n<p><a href=\"/\">Back to the home page</a></p>\n", out);
	page_end(out, s);
}
