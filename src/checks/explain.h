/*
 * explain: the plain-language text behind every test and category, for
 * the reports and the home page.
 *
 * One static table per kind, in report order: the registry's order
 * (checks/registry.c, CHK_LIST), with tests that are not built yet placed
 * where their category will appear. Lookups walk the table linearly (under
 * a hundred entries; no sorting to keep in step with the registry).
 *
 * Every text is plain English for a site owner who is not a specialist.
 * what, why and good are one to three sentences; fix is concrete and may
 * hold newlines around a short configuration or zone-file example.
 */
#ifndef UTD_EXPLAIN_H
#define UTD_EXPLAIN_H

struct chk_explain {
	const char *name;         /* batch API test name */
	const char *what;         /* what the test checks */
	const char *why;          /* the attack or failure it prevents */
	const char *good;         /* what a passed result means */
	const char *fix;          /* how to fix a failure; may hold newlines */
};

/* The explanation of a test; NULL for an unknown name (or NULL). */
const struct chk_explain *chk_explain_find(const char *test_name);

/* Every explanation in report order, terminated by a NULL name. */
extern const struct chk_explain chk_explanations[];

struct chk_cat_explain {
	const char *name;         /* batch API category name */
	const char *about;        /* one paragraph on the standard behind it */
	const char *title;        /* a heading for the home page */
};

/* The explanation of a category; NULL for an unknown name (or NULL). */
const struct chk_cat_explain *chk_cat_explain_find(const char *category);

/* Every category explanation in report order, terminated by a NULL name:
 * also the categories that have no test in the registry yet. */
extern const struct chk_cat_explain chk_cat_explanations[];

/* The connection test's (checks/conn/conn.c), found by the same two
 * lookups but not listed with the domain tests' standards. */
extern const struct chk_explain conn_explanations[];
extern const struct chk_cat_explain conn_cat_explanations[];

#endif
