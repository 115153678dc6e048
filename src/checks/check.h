/*
 * check: the plug-in interface of uptodate's tests.
 *
 * A check is a const struct chk_def: its API name, category, level and
 * points, and one evaluate() that turns gathered facts into a result.
 * Checks know nothing of sockets or the loop: they read struct facts.
 * Adding a check is one file under checks/web or checks/mail plus one line
 * in checks/registry.c; the reports render every result generically.
 *
 * Every result carries its reason: a status, a verdict word (the batch
 * API's vocabulary), a stable machine code, a one-line human detail, and a
 * JSON object of evidence.
 */
#ifndef UTD_CHECK_H
#define UTD_CHECK_H

#include <jansson.h>
#include <stddef.h>

#include "checks/facts.h"

/* API statuses, in the catalogue's order worst first. */
enum chk_status {
	CHK_ERROR = 0,
	CHK_FAILED,
	CHK_WARNING,
	CHK_INFO,
	CHK_NOT_TESTED,
	CHK_PASSED,
};
const char *chk_status_str(enum chk_status s);
/* Parse an API status text; -1 when unknown. */
int chk_status_parse(const char *s);

enum chk_level {
	CHK_REQUIRED,
	CHK_RECOMMENDED,
	CHK_OPTIONAL,
};
const char *chk_level_str(enum chk_level l);

/* A bad status clamped to what the level allows: recommended tests are at
 * worst warning, optional ones at worst info. Errors stay errors. */
enum chk_status chk_clamp(enum chk_level l, enum chk_status s);

#define CHK_DETAIL_MAX 512
#define CHK_MAX_SERVERS 32        /* per-server categories: addresses judged */

struct chk_result {
	enum chk_status status;
	const char *verdict;      /* static: "good", "bad", "na", ... */
	const char *code;         /* static stable reason code */
	char detail[CHK_DETAIL_MAX];
	double points;            /* awarded, 0..max_points */
	int max_points;           /* preset from the def; 0 takes it out of the score */
	/* Tests of per-server categories (HTTPS per web address, STARTTLS per
	 * MX address) also give each server's points, in the facts' server
	 * order; the category scores the weakest server (catalogue §2). */
	size_t n_servers;
	double server_points[CHK_MAX_SERVERS];
	json_t *evidence;         /* owned; object, never NULL after evaluate */
};

struct chk_def {
	const char *name;         /* batch API test name */
	const char *category;     /* batch API category name */
	const char *title;        /* short human title */
	enum fx_kind kind;
	enum chk_level level;
	int max_points;
	void (*evaluate)(const struct facts *fx, struct chk_result *r);
};

/* Set status, verdict, code and a printf-style detail in one go. */
void chk_set(struct chk_result *r, enum chk_status st, const char *verdict,
    const char *code, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* A JSON string of s for evidence: s itself when it is valid UTF-8, else
 * a copy with the bad bytes as '?' (jansson refuses them, and the NULL it
 * gives would drop the field without a word). NULL only for a NULL s or
 * out of memory, as json_string. */
json_t *chk_jstr(const char *s);

/* Turn a failed lookup into an error result with its typed reason
 * ("timeout", "servfail", "bogus", ...); what says what was looked up. */
void chk_set_lookup_error(struct chk_result *r, const struct fx_lookup *lk,
    const char *what);

/* Registry: every check, in report order, NULL-terminated. */
extern const struct chk_def *const chk_registry[];
const struct chk_def *chk_find(const char *name);

/* Categories, in report order, with their share of the total score. */
struct chk_category {
	const char *name;         /* batch API category name */
	const char *title;
	enum fx_kind kind;
	int per_server;           /* score = the minimum server total */
	int needs_mx;             /* out of the score without an MX (null
	                             MX or none) */
};
extern const struct chk_category chk_categories[];
extern const size_t chk_n_categories;

/* Evaluate one def on facts: run evaluate, clamp to the level, bound the
 * points. r is initialised here; free r->evidence with json_decref. */
void chk_run(const struct chk_def *d, const struct facts *fx, struct chk_result *r);

#endif
