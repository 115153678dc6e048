/*
 * summary: the overview of a batch run that a sector monitor wants. Per
 * test type (web, mail): how many domains, the score distribution (mean,
 * median, histogram), how far each category and test is adopted, which
 * domains score lowest, why domains could not be tested, and, against an
 * earlier run, what moved.
 *
 * Input is the per-domain JSON of report_json, usually one object per line
 * of a JSON Lines file. Only a small record per domain is kept (its name,
 * its score or error code, and its category and test statuses packed four
 * bits each), never the JSON: a million lines fit in about 100 MB. A domain
 * seen again replaces its earlier result (a batch appends), so every count
 * is kept reversible. Domains that could not be tested at all (status
 * "error") are counted by error code and left out of scores and adoption.
 *
 * Lines are user input: every string is capped and cleaned of control
 * characters when stored, a bad line is counted and skipped with its
 * reason, never fatal. The HTML renderer escapes everything it prints.
 */
#ifndef UTD_SUMMARY_H
#define UTD_SUMMARY_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

enum summary_kind { SUMMARY_WEB, SUMMARY_MAIL, SUMMARY_N_KINDS };
enum summary_part { SUMMARY_CATEGORY, SUMMARY_TEST };

#define SUMMARY_N_STATUS 6              /* counts[] index: enum chk_status */
#define SUMMARY_N_BUCKETS 11            /* scores 0-9, 10-19, ..., 90-99, 100 */
#define SUMMARY_LIST_MAX 20             /* lowest scores, movers */
#define SUMMARY_LINE_MAX ((size_t)64 << 20)  /* longer lines are skipped */
#define SUMMARY_WARN_MAX 5              /* bad lines reported one by one */

/* Results of summary_add_*: 0 = added (or a blank line), else one of: */
enum { SUMMARY_BAD = -1, SUMMARY_NOMEM = -2 };

struct summary;

struct summary_stats {
	size_t domains;                 /* distinct, each with its last result */
	size_t tested;                  /* status "ok": these have a score */
	size_t errors;                  /* status "error": could not be tested */
	size_t perfect;                 /* score 100 */
	size_t hist[SUMMARY_N_BUCKETS];
	double mean, median;            /* of the tested; -1 when none */
};

/* One domain of a ranked list; domain is owned by the summary. */
struct summary_entry {
	const char *domain;
	int score;
	int prev_score;                 /* movers: in the earlier run; else -1 */
};

/* NULL on ENOMEM. summary_free(NULL) is a no-op. */
struct summary *summary_new(void);
void summary_free(struct summary *s);

/* Count one report (the report_json shape). Nothing of report is kept:
 * the caller still owns it. SUMMARY_BAD when it is not a report. */
int summary_add_json(struct summary *s, json_t *report)
	__attribute__((warn_unused_result));

/* Parse and count one JSON Lines line of len bytes (no NUL needed). A
 * blank line is ignored (0). SUMMARY_BAD (counted, with the reason in why)
 * for a bad line; SUMMARY_NOMEM ("out of memory" in why). why may be NULL. */
int summary_add_line(struct summary *s, const char *line, size_t len,
    char *why, size_t whylen) __attribute__((warn_unused_result));

/* Count every line of the file at path ("-": standard input), of any
 * length (lines over SUMMARY_LINE_MAX are read through and counted bad).
 * The first SUMMARY_WARN_MAX bad lines go to warn (NULL: none) as
 * "FILE:LINE: reason", then their total. 0, or -1 with errno when the file
 * cannot be opened or read, or on ENOMEM. */
int summary_load_file(struct summary *s, const char *path, FILE *warn)
	__attribute__((warn_unused_result));

/* Lines skipped as bad, and results replaced by a later line. */
size_t summary_bad_lines(const struct summary *s);
size_t summary_replaced(const struct summary *s);

void summary_stats(const struct summary *s, enum summary_kind kind,
    struct summary_stats *st);

/* How many tested domains had each status (indexed by enum chk_status) in
 * the category or test name; -1 when no domain had it at all. */
int summary_counts(const struct summary *s, enum summary_kind kind,
    enum summary_part part, const char *name, size_t counts[SUMMARY_N_STATUS]);

/* Domains that could not be tested with this error code ("unknown" when a
 * report gave none; "other" gathers codes beyond the first 31). */
size_t summary_errors(const struct summary *s, enum summary_kind kind,
    const char *code);

/* The lowest scores (ties by domain name): up to max entries into out;
 * returns how many. */
size_t summary_worst(const struct summary *s, enum summary_kind kind,
    struct summary_entry *out, size_t max);

/* Tested domains in both runs whose score rose (improved = 1) or fell most,
 * ties by name: up to max entries into out; returns how many. */
size_t summary_movers(const struct summary *s, const struct summary *prev,
    enum summary_kind kind, int improved, struct summary_entry *out,
    size_t max);

/* The terminal form; with prev (may be NULL), the changes since that run. */
void summary_text(FILE *out, const struct summary *s,
    const struct summary *prev, int color);

/* A standalone HTML5 page: inline CSS and SVG, no script, no external
 * asset. With prev (may be NULL), both runs side by side. */
void summary_html(FILE *out, const struct summary *s,
    const struct summary *prev, const char *version);

/* The body of one kind, for a page that has its own document and
 * stylesheet (the server's statistics page): the facts (<dl>), the score
 * histogram, and the adoption of each category and required test as
 * inline SVG bars with tables below, under <h3> headings. No domain name
 * is printed. The classes it uses (cur, old, track, axis, n, scroll, key)
 * must be styled by the caller. */
void summary_html_charts(FILE *out, const struct summary *s,
    enum summary_kind kind);

/* `uptodate summarize [--html FILE] [--compare OLD] [--no-color] RESULTS`;
 * argv[0] is "summarize". Exit status: 0, 2 bad usage, 3 file error. */
int summarize_main(int argc, char **argv, const char *version);

#endif
