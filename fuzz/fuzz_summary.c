/*
 * fuzz_summary: a JSON Lines file of results, as a user may hand one to
 * `uptodate summarize`. The input is cut at every newline; each line goes
 * to summary_add_line of one run, and every other line also to an
 * "earlier run". One of the four renderings (text or HTML, alone or
 * comparing the runs, picked by the input's length) then writes to
 * /dev/null: rendering all four took most of an execution's time.
 *
 * Checked: a refused line says why and is counted; per test type the
 * domains are the tested plus the errors, the histogram holds the tested,
 * mean and median are scores; the ranked lists are bounded, ordered, and
 * the movers really moved.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_lists(const struct summary *s, const struct summary *prev, int kind,
    size_t tested)
{
	struct summary_entry e[SUMMARY_LIST_MAX];
	size_t n, i;
	int up;

	n = summary_worst(s, kind, e, SUMMARY_LIST_MAX);
	if (n > tested || (tested > 0 && n == 0))
		abort();
	for (i = 0; i < n; i++)
		if (e[i].score < 0 || e[i].score > 100 || e[i].domain[0] == '\0' ||
		    (i > 0 && (e[i].score < e[i - 1].score ||
		    (e[i].score == e[i - 1].score &&
		    strcmp(e[i].domain, e[i - 1].domain) <= 0))))
			abort();
	for (up = 0; up < 2; up++) {
		n = summary_movers(s, prev, kind, up, e, SUMMARY_LIST_MAX);
		for (i = 0; i < n; i++)
			if (up ? e[i].score <= e[i].prev_score :
			    e[i].score >= e[i].prev_score)
				abort();
	}
}

static void
check(const struct summary *s, const struct summary *prev)
{
	struct summary_stats st;
	size_t sum;
	int k, b;

	for (k = 0; k < SUMMARY_N_KINDS; k++) {
		summary_stats(s, k, &st);
		for (b = 0, sum = 0; b < SUMMARY_N_BUCKETS; b++)
			sum += st.hist[b];
		if (st.domains != st.tested + st.errors || sum != st.tested ||
		    st.perfect != st.hist[SUMMARY_N_BUCKETS - 1])
			abort();
		if (st.tested == 0 ? st.mean != -1 || st.median != -1 :
		    st.mean < 0 || st.mean > 100 || st.median < 0 || st.median > 100)
			abort();
		check_lists(s, prev, k, st.tested);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct summary *s, *prev;
	const char *p = (const char *)data, *end = p + size, *nl;
	size_t bad = 0, line = 0;
	char why[256];
	int rc;

	if (null == NULL && (null = fopen("/dev/null", "w")) == NULL)
		abort();
	s = summary_new();
	prev = summary_new();
	if (s == NULL || prev == NULL)
		goto out;
	for (;; p = nl + 1, line++) {
		if (p == end || (nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		why[0] = '\0';
		rc = summary_add_line(s, p, (size_t)(nl - p), why, sizeof(why));
		if (rc == SUMMARY_NOMEM)
			goto out;
		if (rc != 0 && (rc != SUMMARY_BAD || why[0] == '\0'))
			abort();
		bad += rc == SUMMARY_BAD;
		if (line % 2 == 0 &&
		    summary_add_line(prev, p, (size_t)(nl - p), NULL, 0) == SUMMARY_NOMEM)
			goto out;
		if (nl == end)
			break;
	}
	if (summary_bad_lines(s) != bad)
		abort();
	check(s, prev);
	switch (size % 4) {
	case 0:
		summary_text(null, s, NULL, 0);
		break;
	case 1:
		summary_text(null, s, prev, 1);
		break;
	case 2:
		summary_html(null, s, NULL, "fuzz");
		break;
	default:
		summary_html(null, s, prev, "fuzz");
		break;
	}
out:
	summary_free(s);
	summary_free(prev);
	return 0;
}
