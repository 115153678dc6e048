#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/report.h"

enum chk_status
chk_category_status(const enum chk_status *st, const enum chk_level *lv, size_t n)
{
	size_t i;
	int any_err = 0, any_fail = 0, any_warn = 0, any_info = 0;
	int has_req = 0, has_rec = 0;

	for (i = 0; i < n; i++) {
		any_err |= st[i] == CHK_ERROR;
		any_fail |= st[i] == CHK_FAILED;
		any_warn |= st[i] == CHK_WARNING;
		any_info |= st[i] == CHK_INFO;
		has_req |= lv[i] == CHK_REQUIRED;
		has_rec |= lv[i] == CHK_RECOMMENDED;
	}
	if (any_err)
		return CHK_ERROR;
	if (any_fail)
		return CHK_FAILED;
	if (any_warn && !has_req)
		return CHK_WARNING;
	if (any_info && !has_req && !has_rec)
		return CHK_INFO;
	return CHK_PASSED;
}

static void
domain_status(struct chk_report *rep, const struct facts *fx)
{
	const struct fx_lookup *lk = &fx->soa_lk;

	rep->status = "ok";
	if (lk->done && lk->err == DNS_OK && lk->rcode == 3 /* NXDOMAIN */ &&
	    lk->sec != DNS_SEC_BOGUS) {
		rep->status = "error";
		rep->error_code = "nxdomain";
		snprintf(rep->error_detail, sizeof(rep->error_detail),
		    "%s does not exist (NXDOMAIN)", fx->domain);
	}
}

/* A domain that could not be tested at all has no findings: every test is
 * not_tested with the domain's reason, and nothing scores. */
static void
untested(struct chk_result *r, const struct chk_report *rep)
{
	chk_set(r, CHK_NOT_TESTED, "na", rep->error_code, "%s", rep->error_detail);
	r->points = 0;
	r->max_points = 0;
}

/* Per-server categories score the weakest server: the minimum over servers
 * of the sum of that server's points across the category's tests. A test
 * without per-server points counts the same for every server. */
static double
weakest_server(const struct chk_report *rep, const char *cat, double total)
{
	double sums[CHK_MAX_SERVERS] = { 0 }, shared = 0, min;
	size_t i, s, n = 0;

	for (i = 0; i < rep->n_results; i++) {
		const struct chk_result *r = &rep->results[i];

		if (strcmp(rep->defs[i]->category, cat) != 0)
			continue;
		if (r->n_servers == 0) {
			shared += r->points;
			continue;
		}
		if (r->n_servers > n)
			n = r->n_servers;
		for (s = 0; s < r->n_servers; s++)
			sums[s] += r->server_points[s];
	}
	if (n == 0)
		return total;
	min = sums[0];
	for (s = 1; s < n; s++)
		if (sums[s] < min)
			min = sums[s];
	return min + shared;
}

int
chk_report_build(struct chk_report *rep, const struct facts *fx)
{
	const struct chk_def *const *d;
	size_t n = 0, i, j, k, nc = 0, scored = 0;
	enum chk_status *st;
	enum chk_level *lv;
	double sum_pct = 0;

	memset(rep, 0, sizeof(*rep));
	rep->fx = fx;
	for (d = chk_registry; *d != NULL; d++)
		n += (*d)->kind == fx->kind;
	for (i = 0; i < chk_n_categories; i++)
		nc += chk_categories[i].kind == fx->kind;
	rep->defs = calloc(n ? n : 1, sizeof(*rep->defs));
	rep->results = calloc(n ? n : 1, sizeof(*rep->results));
	rep->cats = calloc(nc ? nc : 1, sizeof(*rep->cats));
	st = calloc(n ? n : 1, sizeof(*st));
	lv = calloc(n ? n : 1, sizeof(*lv));
	if (!rep->defs || !rep->results || !rep->cats || !st || !lv) {
		free(st);
		free(lv);
		chk_report_clear(rep);
		return -1;
	}
	domain_status(rep, fx);
	for (d = chk_registry; *d != NULL; d++) {
		if ((*d)->kind != fx->kind)
			continue;
		rep->defs[rep->n_results] = *d;
		chk_run(*d, fx, &rep->results[rep->n_results]);
		if (rep->error_code != NULL)
			untested(&rep->results[rep->n_results], rep);
		rep->n_results++;
	}
	for (i = 0; i < chk_n_categories; i++) {
		struct chk_cat_result *c;

		if (chk_categories[i].kind != fx->kind)
			continue;
		c = &rep->cats[rep->n_cats++];
		c->cat = &chk_categories[i];
		for (j = 0, k = 0; j < rep->n_results; j++) {
			if (strcmp(rep->defs[j]->category, c->cat->name) != 0)
				continue;
			st[k] = rep->results[j].status;
			lv[k] = rep->defs[j]->level;
			k++;
			c->points += rep->results[j].points;
			c->max_points += rep->results[j].max_points;
		}
		if (c->cat->per_server)
			c->points = weakest_server(rep, c->cat->name, c->points);
		if (c->cat->needs_mx && fx->mx_state != FX_MX_PRESENT &&
		    fx->mx_state != FX_MX_NULL_MIXED)
			c->points = c->max_points = 0;
		c->status = rep->error_code != NULL ? CHK_NOT_TESTED :
		    chk_category_status(st, lv, k);
		c->percentage = -1;
		if (c->max_points > 0) {
			c->percentage = (int)(100.0 * c->points / c->max_points + 1e-9);
			sum_pct += c->percentage;
			scored++;
		}
	}
	rep->percentage = scored ? (int)(sum_pct / (double)scored + 1e-9) : 0;
	free(st);
	free(lv);
	return 0;
}

void
chk_report_clear(struct chk_report *rep)
{
	size_t i;

	if (rep->results != NULL)
		for (i = 0; i < rep->n_results; i++)
			json_decref(rep->results[i].evidence);
	free(rep->defs);
	free(rep->results);
	free(rep->cats);
	memset(rep, 0, sizeof(*rep));
}

int
chk_report_has_failure(const struct chk_report *rep)
{
	size_t i;

	if (strcmp(rep->status, "ok") != 0)
		return 1;
	for (i = 0; i < rep->n_cats; i++)
		if (rep->cats[i].status == CHK_FAILED || rep->cats[i].status == CHK_ERROR)
			return 1;
	return 0;
}
