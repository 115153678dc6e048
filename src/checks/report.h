/*
 * report: the judged outcome of one domain — every check's result, each
 * category's status and score, and the total — built from facts by
 * running the registry. Renderers (report/json.c, report/text.c) read it.
 */
#ifndef UTD_CHECKS_REPORT_H
#define UTD_CHECKS_REPORT_H

#include "checks/check.h"

struct chk_cat_result {
	const struct chk_category *cat;
	enum chk_status status;
	double points;
	int max_points;
	int percentage;           /* int(100 * points / max); -1 when max is 0 */
};

struct chk_report {
	const struct facts *fx;
	/* Domain-level outcome: "ok", or "error" with a code and detail when
	 * the domain could not be tested at all (e.g. it does not exist). */
	const char *status;
	const char *error_code;
	char error_detail[256];
	size_t n_results;
	const struct chk_def **defs;
	struct chk_result *results;
	size_t n_cats;
	struct chk_cat_result *cats;
	int percentage;           /* total score */
};

/* Judge facts; returns 0, or -1 on ENOMEM. Free with chk_report_clear. */
int chk_report_build(struct chk_report *rep, const struct facts *fx)
	__attribute__((warn_unused_result));
void chk_report_clear(struct chk_report *rep);

/* Category status from its tests' statuses and levels (catalogue §1). */
enum chk_status chk_category_status(const enum chk_status *st,
    const enum chk_level *lv, size_t n);

/* 1 when any category failed or errored (for the exit code). */
int chk_report_has_failure(const struct chk_report *rep);

#endif
