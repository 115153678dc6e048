/*
 * Unit tests of the explanations registry (checks/explain): every test in
 * the registry and every category has its texts, the texts keep to the
 * length and layout rules, and the table follows the report order.
 */
#include <stdio.h>
#include <string.h>

#include "checks/check.h"
#include "checks/explain.h"
#include "unit.h"

#define SHORT_MAX 400      /* what, why, good */
#define FIX_LINES_MAX 16   /* a fix stays readable on a page */

/* Tests not in the registry yet that must already have their text. */
static const char *const coming[] = {
	"web_appsecpriv_x_frame_options", "web_appsecpriv_x_content_type_options",
	"web_appsecpriv_referrer_policy", "web_appsecpriv_csp",
	"web_appsecpriv_securitytxt", "web_https_hsts_preload",
	"web_rpki_exists", "web_rpki_valid", "web_ns_rpki_exists",
	"web_ns_rpki_valid", "mail_rpki_exists", "mail_rpki_valid",
	"mail_ns_rpki_exists", "mail_ns_rpki_valid", "mail_mx_ns_rpki_exists",
	"mail_mx_ns_rpki_valid",
};

static const char *const categories[] = {
	"web_ipv6", "web_dnssec", "web_https", "web_appsecpriv", "web_rpki",
	"mail_ipv6", "mail_dnssec", "mail_auth", "mail_starttls", "mail_rpki",
};

/* A text is laid out cleanly: not empty, no tab, no space before a
 * newline or at the end, no leading or doubled blank line. */
static int
clean(const char *s)
{
	size_t n, i;

	if (s == NULL || s[0] == '\0' || s[0] == ' ' || s[0] == '\n')
		return 0;
	n = strlen(s);
	if (s[n - 1] == ' ' || s[n - 1] == '\n')
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '\t' || s[i] == '\r')
			return 0;
		if (s[i] == '\n' && (s[i - 1] == ' ' || s[i - 1] == '\n'))
			return 0;
	}
	return 1;
}

/* A short text: clean, at most SHORT_MAX characters, one paragraph,
 * ending a sentence. */
static int
short_ok(const char *s)
{
	size_t n;

	if (!clean(s))
		return 0;
	n = strlen(s);
	return n <= SHORT_MAX && strchr(s, '\n') == NULL &&
	    (s[n - 1] == '.' || s[n - 1] == ')');
}

static size_t
lines(const char *s)
{
	size_t n = 1;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

static void
check_entry(const struct chk_explain *x)
{
	int ok = x != NULL && short_ok(x->what) && short_ok(x->why) &&
	    short_ok(x->good) && clean(x->fix) && lines(x->fix) <= FIX_LINES_MAX;

	if (!ok)
		fprintf(stderr, "explanation of %s is missing or malformed\n",
		    x != NULL ? x->name : "?");
	CHECK(ok);
}

/* Every registered test has all four texts, within the rules. */
static void
test_registry_covered(void)
{
	const struct chk_def *const *d;
	size_t n = 0;

	for (d = chk_registry; *d != NULL; d++) {
		const struct chk_explain *x = chk_explain_find((*d)->name);

		if (x == NULL)
			fprintf(stderr, "no explanation for %s\n", (*d)->name);
		CHECK(x != NULL);
		if (x != NULL) {
			CHECK_STR(x->name, (*d)->name);
			check_entry(x);
		}
		n++;
	}
	CHECK(n > 0);
}

/* The tests that are coming have their text already. */
static void
test_coming_covered(void)
{
	size_t i;

	for (i = 0; i < sizeof(coming) / sizeof(coming[0]); i++) {
		const struct chk_explain *x = chk_explain_find(coming[i]);

		if (x == NULL)
			fprintf(stderr, "no explanation for %s\n", coming[i]);
		CHECK(x != NULL);
		if (x != NULL)
			check_entry(x);
	}
}

/* The table: unique names, every entry clean, registered tests in the
 * registry's order, and nothing that is neither registered nor coming. */
static void
test_table(void)
{
	const struct chk_explain *x, *y;
	const struct chk_def *const *d;
	long last = -1;
	size_t i;

	for (x = chk_explanations; x->name != NULL; x++) {
		long at = -1;
		int known = 0;

		check_entry(x);
		for (y = x + 1; y->name != NULL; y++)
			if (strcmp(x->name, y->name) == 0) {
				fprintf(stderr, "%s is explained twice\n", x->name);
				CHECK(0);
			}
		for (d = chk_registry; *d != NULL; d++)
			if (strcmp((*d)->name, x->name) == 0)
				at = (long)(d - chk_registry);
		for (i = 0; i < sizeof(coming) / sizeof(coming[0]); i++)
			known |= strcmp(coming[i], x->name) == 0;
		if (at < 0 && !known)
			fprintf(stderr, "%s is explained but unknown\n", x->name);
		CHECK(at >= 0 || known);
		if (at >= 0) {
			if (at < last)
				fprintf(stderr, "%s is out of report order\n", x->name);
			CHECK(at > last);
			last = at;
		}
		CHECK(chk_explain_find(x->name) == x);
	}
}

static void
test_categories(void)
{
	const struct chk_cat_explain *c;
	size_t i;

	for (i = 0; i < chk_n_categories; i++) {
		c = chk_cat_explain_find(chk_categories[i].name);
		if (c == NULL)
			fprintf(stderr, "no about text for category %s\n",
			    chk_categories[i].name);
		CHECK(c != NULL);
		CHECK(c != NULL && clean(c->about) && strchr(c->about, '\n') == NULL);
	}
	for (i = 0; i < sizeof(categories) / sizeof(categories[0]); i++) {
		c = chk_cat_explain_find(categories[i]);
		CHECK(c != NULL);
		CHECK(c != NULL && clean(c->about) && clean(c->title));
	}
	/* Every registered test's category is explained. */
	for (const struct chk_def *const *d = chk_registry; *d != NULL; d++)
		CHECK(chk_cat_explain_find((*d)->category) != NULL);
}

static void
test_lookups(void)
{
	CHECK(chk_explain_find(NULL) == NULL);
	CHECK(chk_explain_find("") == NULL);
	CHECK(chk_explain_find("web_no_such_test") == NULL);
	CHECK(chk_explain_find("web_https") == NULL);
	CHECK(chk_cat_explain_find(NULL) == NULL);
	CHECK(chk_cat_explain_find("web_nothing") == NULL);
	CHECK(chk_cat_explain_find("web_https_tls_version") == NULL);
	CHECK_STR(chk_explain_find("web_https_tls_version")->name,
	    "web_https_tls_version");
	CHECK_STR(chk_cat_explain_find("mail_auth")->name, "mail_auth");
	/* The report order starts where the registry does. */
	CHECK_STR(chk_explanations[0].name, chk_registry[0]->name);
	/* Config examples survive as written: newlines, quotes. */
	CHECK(strstr(chk_explain_find("web_https_http_hsts")->fix,
	    "\"max-age=31536000; includeSubDomains\" always;\n") != NULL);
	CHECK(strstr(chk_explain_find("mail_starttls_dane_exist")->fix,
	    "| openssl sha256\n_25._tcp.mail.example.nl. IN TLSA 3 1 1") != NULL);
}

int
main(void)
{
	test_registry_covered();
	test_coming_covered();
	test_table();
	test_categories();
	test_lookups();
	return unit_done("test_explain");
}
