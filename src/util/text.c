/*
 * text.c: UTF-8 checking and cleaning (see text.h).
 */
#include <stdint.h>
#include <string.h>

#include "util/text.h"

/* Length of the well-formed sequence at p (1..4), or 0. */
static size_t
seq_len(const unsigned char *p)
{
	unsigned char c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		/* E0: no overlongs (A0..BF); ED: no surrogates (80..9F) */
		if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f))
			return 0;
		return (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		/* F0: no overlongs (90..BF); F4: at most U+10FFFF (80..8F) */
		if ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
			return 0;
		return (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
		    (p[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;                   /* 80..C1, F5..FF */
}

size_t
text_clean(char *s, int ctrl)
{
	unsigned char *p = (unsigned char *)s;
	size_t n, fixed = 0;

	/* a NUL ends the string, and no continuation byte is NUL, so seq_len
	 * never reads past it */
	while (*p != '\0') {
		if ((n = seq_len(p)) == 0) {
			*p++ = '?';
			fixed++;
			continue;
		}
		if (ctrl && ((n == 1 && (*p < 0x20 || *p == 0x7f)) ||
		    (n == 2 && p[0] == 0xc2 && p[1] <= 0x9f))) {
			memset(p, '?', n);
			fixed += n;
		}
		p += n;
	}
	return fixed;
}

void
text_trim_partial(char *s)
{
	size_t n = strlen(s), k, want;
	unsigned char c;

	for (k = 1; k <= 3 && k <= n; k++) {
		c = (unsigned char)s[n - k];
		if ((c & 0xc0) == 0x80)
			continue;           /* a continuation byte: look further back */
		want = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 :
		    c >= 0xf0 && c <= 0xf4 ? 4 : 0;
		if (want > k)
			s[n - k] = '\0';
		return;
	}
}
