/*
 * pages: the HTML of `uptodate serve`. Server-side pages, one small
 * stylesheet and one small script (both served from /static/), no external
 * asset. Every page works without JavaScript; the script only makes the
 * progress page live. Semantic HTML (header/nav/main/footer, headings in
 * order, labelled form fields, tables with th), readable on a phone
 * (viewport meta, fluid layout), keyboard accessible (visible focus, a
 * skip link).
 *
 * Every function writes one whole document (or asset) to out; all text
 * from outside (domains, report fields) is escaped with
 * report_html_escape. The server builds out with open_memstream.
 *
 * URL map (the server routes these; pages link to them):
 *   /                              home: website and email test forms
 *   POST /test/site, /test/mail    form field "domain" -> 303 to progress
 *   /test/site/DOMAIN/             progress (meta refresh every 2 s;
 *   /test/mail/DOMAIN/               app.js polls /api/progress/...)
 *   /api/progress/site/DOMAIN      JSON, see struct page_progress
 *   /site/DOMAIN/ID/, /mail/DOMAIN/ID/   a report (permalink)
 *   /halloffame/ (champions), /halloffame/web/, /halloffame/mail/
 *   /badge/web.svg, /badge/mail.svg, /badge/champion.svg
 *   /statistics/
 *   /about/, /about/CATEGORY/ (one per category), /faq/
 *   /connection/                   the connection test (page_conn)
 *   POST /api/connection/start     its id and probe URLs (JSON)
 *   /connection/probe/ID           a probe (on the probe host names)
 *   /connection/result/ID/         its verdict (page_report)
 *   /api/connection/result/ID      the same as JSON
 *   /static/style.css, /static/app.js
 *
 * Stable hooks for tests (do not rename): see the comments of each page.
 */
#ifndef UTD_PAGES_H
#define UTD_PAGES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

struct summary;

struct page_site {
	const char *version;         /* uptodate's version, in every footer */
	const char *base_url;        /* absolute base for share links, e.g.
	                                "http://[2001:db8::1]:8080" ("" if unknown) */
};

/* Home: a form id="web-form" (action="/test/site", method post, input
 * name="domain" id="web-domain") and id="mail-form" (action="/test/mail",
 * input id="mail-domain"), a link to /connection/, and one line about each
 * standard (chk_cat_explanations) linking to its /about/ page.
 * notice: a message shown above the forms (e.g. why a domain was refused),
 * or NULL; shown in an element with id="notice" role="alert". */
void page_home(FILE *out, const struct page_site *s, const char *notice);

/* Progress of a running test. */
struct page_progress_cat {
	const char *name;            /* category API name (e.g. "ipv6") */
	unsigned done, started;      /* operations finished / started so far */
	int finished;                /* no more work for this category */
};
struct page_progress {
	const char *type;            /* "web" or "mail" */
	const char *domain;
	const char *state;           /* "queued", "running", "done", "error" */
	unsigned elapsed_ms;
	const struct page_progress_cat *cats;
	size_t n_cats;
	const char *report_url;      /* when done: where the report is */
	const char *error;           /* when error: why */
};
/* The progress page: <main id="progress" data-state="STATE"
 * data-type="web|mail" data-domain="...">, one
 * <li class="cat" data-category="NAME" data-finished="0|1"> per category
 * with a <progress> element, and <meta http-equiv="refresh" content="2">
 * (inside <noscript>: only without script) while not done (when done,
 * the server redirects instead of serving it).
 * Loads /static/app.js, which polls /api/progress/{site|mail}/DOMAIN every
 * second, updates the list and goes to report_url when state is "done". */
void page_progress(FILE *out, const struct page_site *s,
    const struct page_progress *p);
/* The JSON /api/progress/... returns: {"state","elapsed_ms","categories":
 * [{"name","done","started","finished"}],"report_url"?, "error"?}. */
json_t *page_progress_json(const struct page_progress *p);

/* A report (the object stored by the server: report_json's shape, see
 * doc/report.schema.json). Shows: domain, score in
 * <p id="score" data-score="N">N%</p>, the date (created, UTC) and the
 * version that made it, a permalink (base_url + path) with a copy button
 * that works without script as a plain link; one
 * <section class="category" data-category="NAME" data-status="STATUS">
 * per category with its title and status; in it one
 * <details class="test" data-test="NAME" data-status="STATUS"> per test
 * with status, verdict/detail line, then what/why/how to fix from
 * chk_explain_find (fix shown when not passed), and the evidence as
 * technical details tables (the test's details.tests.NAME.evidence:
 * objects/arrays rendered as tables, generically). A domain-level error
 * (status "error") shows the error code and message instead of the score.
 * "Test again" button posts to /test/site or /test/mail with the domain. */
void page_report(FILE *out, const struct page_site *s, const char *id,
    const json_t *report, int64_t created, const char *version);

/* Hall of Fame. which: "champions", "web" or "mail". Entries: newest
 * first, each with domain, date and a link to its report
 * (report_path). <table id="hof" data-which="...">, one <tr
 * class="hof-entry" data-domain="..."> each. Tabs link the three lists.
 * Shows the matching badge (/badge/NAME.svg) and how to embed it. */
struct page_hof_entry {
	const char *domain;
	int64_t created;
	const char *report_path;     /* e.g. "/site/example.nl/ab12../" */
};
void page_hof(FILE *out, const struct page_site *s, const char *which,
    const struct page_hof_entry *e, size_t n);

/* The connection test: <main id="conn" data-state="ready"> (or
 * "unavailable" with why when this server has no connection-test zone),
 * one <li class="probe" data-probe="NAME" data-state="waiting"> per probe
 * with a .probe-state, and <p id="conn-state" role="status">. app.js runs
 * the test and goes to /connection/result/ID/; without script the page
 * says that the test needs it. */
void page_conn(FILE *out, const struct page_site *s, const char *unavailable);

/* A badge: SVG "uptodate | 100% website" etc. which as page_hof. */
void page_badge_svg(FILE *out, const char *which);

/* Statistics: per type, the summary (report/summary.h) of the newest
 * report of every tested domain: adoption of each category and test as
 * inline SVG bar charts, score histogram; and adoption over time: one
 * point per period (e.g. per day) with the share of domains whose test
 * passed each category, as an inline SVG line chart per type.
 * web/mail may be NULL (nothing tested yet). */
struct page_stats_point {
	int64_t period_start;        /* seconds; the label is its UTC date */
	unsigned tested;             /* reports in that period */
	const char *const *cat_names;   /* n_cats names */
	const double *cat_passed;       /* n_cats shares 0..1 */
	size_t n_cats;
};
void page_stats(FILE *out, const struct page_site *s,
    const struct summary *web, const struct summary *mail,
    const struct page_stats_point *web_t, size_t n_web_t,
    const struct page_stats_point *mail_t, size_t n_mail_t);

/* About: topic NULL for the overview (every category with its about text
 * and a link), or a category name (its about text and, for each test of
 * the category in chk_explanations, what/why/good/fix); 0, or -1 for an
 * unknown topic (nothing written). */
int page_about(FILE *out, const struct page_site *s, const char *topic);
/* FAQ: how tests work, what the score means, statuses, privacy, the batch
 * API (link to /api/batch/openapi.yaml). */
void page_faq(FILE *out, const struct page_site *s);

/* An error page: <main id="error" data-code="CODE">, the message, a link
 * home. */
void page_error(FILE *out, const struct page_site *s, int code,
    const char *msg);

/* Static assets. */
extern const char page_css[];
extern const char page_js[];

#endif
