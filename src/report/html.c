/*
 * html.c: a standalone HTML report (no external assets: inline CSS, no
 * script), readable when opened from disk. It walks the judged report
 * generically, like the terminal renderer, and takes every explanation
 * from the registry in checks/explain.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks/explain.h"
#include "report/report.h"

/* Text with &, <, >, " escaped; newlines kept (the CSS keeps them). */
/* Text for HTML content and attribute values (double or single quoted);
 * control characters other than newline and tab become '?'. */
void
report_html_escape(FILE *out, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
				fputc('?', out);
			else
				fputc(*s, out);
		}
	}
}

#define esc report_html_escape

static const char css[] =
    "body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;"
    "padding:1rem;color:#1b1b1b;background:#fff}"
    "h1{font-size:1.6rem;margin:.5rem 0}"
    ".score{font-size:3rem;font-weight:700}"
    "table{border-collapse:collapse;width:100%}"
    "td,th{text-align:left;vertical-align:top;padding:.3rem .5rem;"
    "border-bottom:1px solid #ddd}"
    ".st{font-weight:700;white-space:nowrap}"
    ".passed{color:#126b2b}.failed{color:#b3161b}.error{color:#7a1f8a}"
    ".warning{color:#8a5a00}.info{color:#125a8a}.not_tested{color:#666}"
    "section{margin:1.5rem 0}"
    "details{margin:.2rem 0}"
    "pre{white-space:pre-wrap;background:#f4f4f4;padding:.5rem;"
    "font-size:.85rem;overflow-x:auto}"
    "footer{margin-top:2rem;color:#555;font-size:.85rem}";

static void
status_cell(FILE *out, enum chk_status s)
{
	fprintf(out, "<td class=\"st %s\">%s</td>", chk_status_str(s),
	    chk_status_str(s));
}

static void
test_row(FILE *out, const struct chk_def *d, const struct chk_result *r)
{
	const struct chk_explain *x = chk_explain_find(d->name);
	char *ev = json_dumps(r->evidence, JSON_INDENT(1) | JSON_PRESERVE_ORDER);

	fputs("<tr>", out);
	status_cell(out, r->status);
	fputs("<td><strong>", out);
	esc(out, d->title);
	fputs("</strong> <small>(", out);
	esc(out, d->name);
	fputs(")</small><br>", out);
	esc(out, r->detail);
	if (x != NULL) {
		fputs("<details><summary>What, why and how to fix</summary>"
		    "<p><em>What:</em> ", out);
		esc(out, x->what);
		fputs("</p><p><em>Why:</em> ", out);
		esc(out, x->why);
		fputs("</p><p><em>Good result:</em> ", out);
		esc(out, x->good);
		fputs("</p><p><em>How to fix:</em></p><pre>", out);
		esc(out, x->fix);
		fputs("</pre></details>", out);
	}
	if (ev != NULL) {
		fputs("<details><summary>Technical details (", out);
		esc(out, r->code);
		fputs(")</summary><pre>", out);
		esc(out, ev);
		fputs("</pre></details>", out);
	}
	fputs("</td></tr>\n", out);
	free(ev);
}

void
report_html_begin(FILE *out, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width,"
	    "initial-scale=1\"><title>", out);
	esc(out, title);
	fprintf(out, "</title><style>%s</style></head><body>\n", css);
}

void
report_html_domain(FILE *out, const struct chk_report *rep)
{
	const char *kind = rep->fx->kind == FX_WEB ? "Website" : "Email";
	size_t i, j;

	fprintf(out, "<article class=\"report\"><header><h1>%s test of ", kind);
	esc(out, rep->fx->domain);
	fputs("</h1>\n", out);
	if (strcmp(rep->status, "ok") != 0) {
		fputs("<p class=\"score-line\">Could not be tested: ", out);
		esc(out, rep->error_detail);
		fputs("</p></header>\n", out);
	} else {
		fprintf(out, "<p class=\"score-line\"><span class=\"score\">%d%%"
		    "</span> score</p></header>\n", rep->percentage);
	}
	fputs("<nav><table><tr><th>Category</th><th>Status</th><th>Score</th>"
	    "</tr>\n", out);
	for (i = 0; i < rep->n_cats; i++) {
		const struct chk_cat_result *c = &rep->cats[i];

		fprintf(out, "<tr><td><a href=\"#%s-", c->cat->name);
		esc(out, rep->fx->domain);
		fputs("\">", out);
		esc(out, c->cat->title);
		fputs("</a></td>", out);
		status_cell(out, c->status);
		if (c->percentage >= 0)
			fprintf(out, "<td>%d%%</td></tr>\n", c->percentage);
		else
			fputs("<td>not scored</td></tr>\n", out);
	}
	fputs("</table></nav>\n", out);
	for (i = 0; i < rep->n_cats; i++) {
		const struct chk_cat_result *c = &rep->cats[i];
		const struct chk_cat_explain *cx = chk_cat_explain_find(c->cat->name);

		fprintf(out, "<section id=\"%s-", c->cat->name);
		esc(out, rep->fx->domain);
		fputs("\" class=\"category\"><h2>", out);
		esc(out, c->cat->title);
		fprintf(out, " <span class=\"st %s\">%s</span></h2>\n",
		    chk_status_str(c->status), chk_status_str(c->status));
		if (cx != NULL) {
			fputs("<p>", out);
			esc(out, cx->about);
			fputs("</p>\n", out);
		}
		fputs("<table>\n", out);
		for (j = 0; j < rep->n_results; j++)
			if (strcmp(rep->defs[j]->category, c->cat->name) == 0)
				test_row(out, rep->defs[j], &rep->results[j]);
		fputs("</table></section>\n", out);
	}
	fputs("</article>\n", out);
}

void
report_html_end(FILE *out, const char *version)
{
	char when[64] = "";
	time_t now = time(NULL);
	struct tm tm;

	if (gmtime_r(&now, &tm) != NULL)
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
	fprintf(out, "<footer>Made by uptodate %s on %s. Statuses: passed, "
	    "failed (a requirement is not met), warning (a recommendation is "
	    "not met), info (optional), not_tested, error (the test could not "
	    "be done, with the reason).</footer>\n</body></html>\n",
	    version, when);
}
