/*
 * report: renderers of a judged domain. They walk struct chk_report
 * generically; no renderer knows any particular check.
 */
#ifndef UTD_REPORT_H
#define UTD_REPORT_H

#include <stdio.h>

#include "checks/report.h"
#include "gather/gather.h"

#define UTD_API_VERSION "2.0"

/* The batch API v2 shape plus "details" (see doc/report.schema.json).
 * st may be NULL. Returns a new reference. */
json_t *report_json(const struct chk_report *rep, const struct gather_stats *st);
/* A result's score as stored: the percentage when its status is "ok"
 * (*ok 1), else -1 (*ok 0). */
int report_json_score(const json_t *result, int *ok);
/* The result of a domain that has no report: status "error" with a typed
 * code ("deadline", "out_of_memory", ...) and a message. New reference. */
json_t *report_error_json(const char *domain, enum fx_kind kind,
    const char *code, const char *msg);

/* A terminal report; colour when use_color; verbose adds each result's
 * evidence and, for what is not passed, how to fix it. */
void report_text(FILE *out, const struct chk_report *rep, int use_color,
    int verbose);

/* A standalone HTML document (inline CSS, no script, no external asset):
 * begin, one report_html_domain per domain, end. */
void report_html_begin(FILE *out, const char *title);
void report_html_domain(FILE *out, const struct chk_report *rep);
void report_html_end(FILE *out, const char *version);
/* s escaped for HTML text and quoted attribute values. */
void report_html_escape(FILE *out, const char *s);

#endif
