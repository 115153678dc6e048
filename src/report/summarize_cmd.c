/*
 * summarize_cmd.c: `uptodate summarize` — read the JSON Lines results of a
 * batch run, print the overview on the terminal, optionally write it as a
 * standalone HTML page, and compare it with an earlier run.
 *
 * Options are a table (name, argument, help) that drives both the parser
 * and --help. They are parsed here by hand rather than with getopt, whose
 * global state main has already used.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/summary.h"

enum { SUM_EXIT_OK = 0, SUM_EXIT_USAGE = 2, SUM_EXIT_FILE = 3 };

enum sum_opt { OPT_HTML, OPT_COMPARE, OPT_NO_COLOR, OPT_HELP, OPT__COUNT };

static const struct {
	const char *name;
	const char *arg;        /* NULL: a flag */
	const char *help;
} sum_opts[OPT__COUNT] = {
	[OPT_HTML] = { "html", "FILE", "also write a standalone HTML page" },
	[OPT_COMPARE] = { "compare", "OLD.jsonl", "show the changes since an "
	    "earlier run" },
	[OPT_NO_COLOR] = { "no-color", NULL, "plain text even on a terminal" },
	[OPT_HELP] = { "help", NULL, "show this help" },
};

static void
usage(FILE *out)
{
	char left[40];
	int i;

	fputs("Usage: uptodate summarize [OPTIONS] RESULTS.jsonl\n\n"
	    "Sum up a batch run, per test type (web, mail): how many domains, the\n"
	    "score distribution (mean, median, histogram), how far each category\n"
	    "and test is adopted (share passed where it applied), the lowest\n"
	    "scores, and why domains could not be tested.\n\n"
	    "RESULTS holds one JSON report per line, as 'uptodate web --json' and\n"
	    "the batch runner write them; - reads standard input. A domain that\n"
	    "appears more than once counts with its last line. Bad lines are\n"
	    "skipped; the first 5 are named on stderr with their line number.\n\n"
	    "--compare adds, per category and test, the change in the share\n"
	    "passed and, per domain in both runs, who improved or worsened most.\n"
	    "The HTML page (inline CSS and SVG, no script, nothing fetched) comes\n"
	    "in addition to the terminal form; --html - writes it to stdout\n"
	    "instead.\n\n"
	    "Options:\n", out);
	for (i = 0; i < OPT__COUNT; i++) {
		snprintf(left, sizeof(left), "--%s%s%s", sum_opts[i].name,
		    sum_opts[i].arg != NULL ? " " : "",
		    sum_opts[i].arg != NULL ? sum_opts[i].arg : "");
		fprintf(out, "  %-22s %s\n", left, sum_opts[i].help);
	}
	fputs("\nExit status:\n"
	    "  0  summary written\n"
	    "  2  bad usage\n"
	    "  3  a file could not be read or written\n\n"
	    "Examples:\n"
	    "  uptodate summarize results.jsonl\n"
	    "  uptodate summarize --html overview.html results.jsonl\n"
	    "  uptodate summarize --compare january.jsonl february.jsonl\n"
	    "  zcat results.jsonl.gz | uptodate summarize -\n", out);
}

static int
usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "uptodate: summarize: %s%s%s%s (see uptodate summarize "
	    "--help)\n", what, arg != NULL ? " '" : "", arg != NULL ? arg : "",
	    arg != NULL ? "'" : "");
	return SUM_EXIT_USAGE;
}

/* The option named by arg ("--name" or "--name=value"); -1 when unknown. */
static int
find_opt(const char *arg, const char **value)
{
	const char *name = arg + 2, *eq = strchr(name, '=');
	size_t n = eq != NULL ? (size_t)(eq - name) : strlen(name);
	int i;

	*value = eq != NULL ? eq + 1 : NULL;
	for (i = 0; i < OPT__COUNT; i++)
		if (strlen(sum_opts[i].name) == n &&
		    strncmp(sum_opts[i].name, name, n) == 0)
			return i;
	return -1;
}

/* Load path into a new summary; NULL (said on stderr) when it cannot be. */
static struct summary *
load(const char *path)
{
	struct summary *s = summary_new();

	if (s == NULL) {
		fprintf(stderr, "uptodate: out of memory\n");
		return NULL;
	}
	if (summary_load_file(s, path, stderr) != 0) {
		fprintf(stderr, "uptodate: %s: %s\n", strcmp(path, "-") == 0 ?
		    "stdin" : path, strerror(errno));
		summary_free(s);
		return NULL;
	}
	return s;
}

static int
write_html(const char *path, const struct summary *s,
    const struct summary *prev, const char *version)
{
	int to_stdout = strcmp(path, "-") == 0;
	FILE *f = to_stdout ? stdout : fopen(path, "w");

	if (f == NULL) {
		fprintf(stderr, "uptodate: --html %s: %s\n", path, strerror(errno));
		return -1;
	}
	summary_html(f, s, prev, version);
	if ((to_stdout ? fflush(f) : fclose(f)) != 0 || (to_stdout && ferror(f))) {
		fprintf(stderr, "uptodate: --html %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int
summarize_main(int argc, char **argv, const char *version)
{
	const char *html = NULL, *compare = NULL, *results = NULL, *val;
	struct summary *s = NULL, *prev = NULL;
	int color, i, o, only_files = 0, rc = SUM_EXIT_OK;

	color = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!only_files && strcmp(a, "--") == 0) {
			only_files = 1;
			continue;
		}
		if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
			if (results != NULL)
				return usage_error("more than one results file:", a);
			results = a;
			continue;
		}
		if (strcmp(a, "-h") == 0)
			a = "--help";
		if (strncmp(a, "--", 2) != 0 || (o = find_opt(a, &val)) < 0)
			return usage_error("unknown option", a);
		if (sum_opts[o].arg == NULL && val != NULL)
			return usage_error("this option takes no value:", a);
		if (sum_opts[o].arg != NULL && val == NULL && i + 1 < argc)
			val = argv[++i];
		if (sum_opts[o].arg != NULL && (val == NULL || val[0] == '\0'))
			return usage_error("this option needs a value:", a);
		switch ((enum sum_opt)o) {
		case OPT_HTML: html = val; break;
		case OPT_COMPARE: compare = val; break;
		case OPT_NO_COLOR: color = 0; break;
		case OPT_HELP: usage(stdout); return SUM_EXIT_OK;
		case OPT__COUNT: break;
		}
	}
	if (results == NULL)
		return usage_error("say which results file to read, e.g. "
		    "'uptodate summarize results.jsonl'", NULL);
	if (compare != NULL && strcmp(compare, "-") == 0 && strcmp(results, "-") == 0)
		return usage_error("only one file can be read from stdin", NULL);

	if ((s = load(results)) == NULL ||
	    (compare != NULL && (prev = load(compare)) == NULL))
		rc = SUM_EXIT_FILE;
	else if (html != NULL && write_html(html, s, prev, version) != 0)
		rc = SUM_EXIT_FILE;
	else if (html == NULL || strcmp(html, "-") != 0) {
		summary_text(stdout, s, prev, color);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			fprintf(stderr, "uptodate: stdout: %s\n", strerror(errno));
			rc = SUM_EXIT_FILE;
		}
	}
	summary_free(s);
	summary_free(prev);
	return rc;
}
