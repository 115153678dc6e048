/*
 * test_text: remote strings made fit for a report (util/text.c), and the
 * two places checks use it: a result's detail (chk_set) and evidence
 * strings (chk_jstr). Expected forms from RFC 3629's table of well-formed
 * sequences.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "checks/check.h"
#include "util/text.h"
#include "unit.h"

/* Clean a copy of in and compare with want; n is the replaced count. */
static void
clean_is(const char *in, int ctrl, const char *want, size_t n)
{
	char buf[64];
	size_t got;

	snprintf(buf, sizeof(buf), "%s", in);
	got = text_clean(buf, ctrl);
	CHECK_STR(buf, want);
	CHECK(got == n);
}

static void
test_clean(void)
{
	clean_is("plain ASCII, 0-9", 0, "plain ASCII, 0-9", 0);
	clean_is("", 0, "", 0);
	/* well-formed: 2, 3 and 4 bytes, the edges of the table */
	clean_is("caf\xc3\xa9", 0, "caf\xc3\xa9", 0);
	clean_is("\xe2\x82\xac", 0, "\xe2\x82\xac", 0);
	clean_is("\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80", 0);
	clean_is("\xc2\x80\xdf\xbf", 0, "\xc2\x80\xdf\xbf", 0);
	clean_is("\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80", 0,
	    "\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80", 0);
	clean_is("\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", 0,
	    "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", 0);
	/* overlong forms */
	clean_is("\xc0\x80", 0, "??", 2);
	clean_is("\xc1\xbf", 0, "??", 2);
	clean_is("\xe0\x80\x80", 0, "???", 3);
	clean_is("\xe0\x9f\xbf", 0, "???", 3);
	clean_is("\xf0\x80\x80\x80", 0, "????", 4);
	clean_is("\xf0\x8f\xbf\xbf", 0, "????", 4);
	/* surrogates, and beyond U+10FFFF */
	clean_is("\xed\xa0\x80", 0, "???", 3);
	clean_is("\xed\xbf\xbf", 0, "???", 3);
	clean_is("\xf4\x90\x80\x80", 0, "????", 4);
	clean_is("\xf5\x80\x80\x80", 0, "????", 4);
	clean_is("\xff\xfe", 0, "??", 2);
	/* cut short, lone continuation bytes, a good character after a bad */
	clean_is("a\xe2\x82", 0, "a??", 2);
	clean_is("\xe2\x82z", 0, "??z", 2);
	clean_is("\x80\xbf", 0, "??", 2);
	clean_is("\xf0\x9f\x98", 0, "???", 3);
	clean_is("\xc3\xc3\xa9", 0, "?\xc3\xa9", 1);
	/* control characters: only with ctrl */
	clean_is("\x1b[31mred\x7f\ttab\r\n", 0, "\x1b[31mred\x7f\ttab\r\n", 0);
	clean_is("\x1b[31mred\x7f\ttab\r\n", 1, "?[31mred??tab??", 5);
	clean_is("next\xc2\x85line", 1, "next??line", 2);
	clean_is("\xc2\x9f\xc2\xa0", 1, "??\xc2\xa0", 2);
	clean_is("\xc2\x85", 0, "\xc2\x85", 0);
}

static void
trim_is(const char *in, const char *want)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%s", in);
	text_trim_partial(buf);
	CHECK_STR(buf, want);
}

static void
test_trim(void)
{
	trim_is("abc", "abc");
	trim_is("", "");
	trim_is("a\xc3\xa9", "a\xc3\xa9");          /* whole */
	trim_is("a\xc3", "a");                       /* é cut after 1 of 2 */
	trim_is("a\xe2\x82\xac", "a\xe2\x82\xac");
	trim_is("a\xe2\x82", "a");
	trim_is("a\xe2", "a");
	trim_is("a\xf0\x9f\x98\x80", "a\xf0\x9f\x98\x80");
	trim_is("a\xf0\x9f\x98", "a");
	trim_is("\xf0", "");
	/* not a cut character: left for cleaning */
	trim_is("a\x80\x80\x80\x80", "a\x80\x80\x80\x80");
	trim_is("a\xff", "a\xff");
}

/* Whatever the bytes, a cleaned string is one jansson takes. */
static void
test_random(void)
{
	uint32_t x = 2463534242u;
	char buf[40];
	int i, k, refused = 0, raw_refused = 0;

	for (i = 0; i < 20000; i++) {
		json_t *j;

		for (k = 0; k < 39; k++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			/* mostly high bytes, some ASCII, never NUL */
			buf[k] = (char)(x % 3 ? 0x80 | (x >> 8 & 0x7f) : 1 + (x >> 8) % 127);
		}
		buf[39] = '\0';
		if ((j = json_string(buf)) == NULL)
			raw_refused++;
		json_decref(j);
		(void)text_clean(buf, 1);
		if ((j = json_string(buf)) == NULL)
			refused++;
		json_decref(j);
	}
	CHECK(raw_refused > 10000);     /* the input really was bad */
	CHECK(refused == 0);
}

static void
test_checks(void)
{
	struct chk_result r;
	char big[CHK_DETAIL_MAX + 20];
	json_t *j;
	size_t i, n;

	memset(&r, 0, sizeof(r));
	chk_set(&r, CHK_FAILED, "bad", "x", "iodef \"%s\" is not a URL",
	    "mailto:\xc8\xff\xff\xffq\xbe\x1b[2J");
	CHECK_STR(r.detail, "iodef \"mailto:????q??[2J\" is not a URL");
	/* a detail cut at its size ends on a character */
	for (i = 0; i + 2 < sizeof(big); i += 2)
		memcpy(big + i, "\xc3\xa9", 2);
	big[i] = '\0';
	chk_set(&r, CHK_FAILED, "bad", "x", "%s", big);
	n = strlen(r.detail);
	CHECK(n == CHK_DETAIL_MAX - 2);
	CHECK(text_clean(r.detail, 1) == 0);

	j = chk_jstr("TXT \xff\xfe record");
	CHECK(j != NULL);
	CHECK_STR(json_string_value(j), "TXT ?? record");
	json_decref(j);
	j = chk_jstr("valid \xe2\x82\xac\t");
	CHECK_STR(json_string_value(j), "valid \xe2\x82\xac\t");
	json_decref(j);
	CHECK(chk_jstr(NULL) == NULL);
}

int
main(void)
{
	test_clean();
	test_trim();
	test_random();
	test_checks();
	return unit_done("test_text");
}
