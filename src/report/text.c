#include <stdlib.h>
#include <string.h>

#include "checks/explain.h"
#include "report/report.h"

#define C_RESET "\033[0m"

static const char *
status_color(enum chk_status s)
{
	switch (s) {
	case CHK_ERROR: return "\033[1;35m";
	case CHK_FAILED: return "\033[1;31m";
	case CHK_WARNING: return "\033[33m";
	case CHK_INFO: return "\033[36m";
	case CHK_NOT_TESTED: return "\033[2m";
	case CHK_PASSED: return "\033[32m";
	}
	return "";
}

static void
status_word(FILE *out, enum chk_status s, int color)
{
	if (color)
		fprintf(out, "%s%-10s%s", status_color(s), chk_status_str(s), C_RESET);
	else
		fprintf(out, "%-10s", chk_status_str(s));
}

/* Lines of s, each indented by pad. */
static void
indented(FILE *out, const char *pad, const char *s)
{
	const char *nl;

	while (s != NULL && *s != '\0') {
		nl = strchr(s, '\n');
		fprintf(out, "%s%.*s\n", pad, nl ? (int)(nl - s) : (int)strlen(s), s);
		s = nl ? nl + 1 : NULL;
	}
}

/* --verbose: the evidence behind a result and, unless it passed, how to
 * fix it. */
static void
verbose_result(FILE *out, const struct chk_def *d, const struct chk_result *r)
{
	const struct chk_explain *x = chk_explain_find(d->name);
	char *ev;

	if ((r->status == CHK_FAILED || r->status == CHK_WARNING ||
	    r->status == CHK_INFO) && x != NULL) {
		fprintf(out, "%15s how to fix:\n", "");
		indented(out, "                  ", x->fix);
	}
	ev = json_dumps(r->evidence, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (ev != NULL && strcmp(ev, "{}") != 0)
		fprintf(out, "%15s evidence (%s): %s\n", "", r->code, ev);
	free(ev);
}

void
report_text(FILE *out, const struct chk_report *rep, int color, int verbose)
{
	size_t i, j;

	fprintf(out, "%s test of %s: ", rep->fx->kind == FX_WEB ? "Website" : "Email",
	    rep->fx->domain);
	if (strcmp(rep->status, "ok") != 0) {
		fprintf(out, "could not be tested: %s\n", rep->error_detail);
		return;
	}
	fprintf(out, "score %d%%\n", rep->percentage);
	for (i = 0; i < rep->n_cats; i++) {
		const struct chk_cat_result *c = &rep->cats[i];

		fprintf(out, "\n%-8s ", c->cat->title);
		status_word(out, c->status, color);
		if (c->percentage >= 0)
			fprintf(out, " %3d%%", c->percentage);
		fputc('\n', out);
		for (j = 0; j < rep->n_results; j++) {
			const struct chk_def *d = rep->defs[j];
			const struct chk_result *r = &rep->results[j];

			if (strcmp(d->category, c->cat->name) != 0)
				continue;
			fputs("  ", out);
			status_word(out, r->status, color);
			fprintf(out, " %-37s %s\n", d->title, r->detail);
			if (verbose)
				verbose_result(out, d, r);
		}
	}
}
