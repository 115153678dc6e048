/*
 * fuzz_http_headers: the HTTP helpers on arbitrary bytes. The whole input
 * is parsed as a Strict-Transport-Security value (up to its first NUL),
 * fed line by line as response header lines, and split in two at its first
 * NUL (else in the middle) for the HTML distance, which must stay within
 * [0, 1], be 0 for a page against itself, and be symmetric.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_hsts(const char *s)
{
	struct http_hsts h;
	int rc = http_parse_hsts(s, &h);

	if ((rc == 0) != !(h.flags & HTTP_HSTS_ERRORS))
		abort();
	if (h.max_age < -1 || memchr(h.detail, '\0', sizeof(h.detail)) == NULL)
		abort();
	if (rc == 0 && h.max_age < 0)
		abort();
}

static void
check_lines(const char *s, size_t size)
{
	struct http_result *r = calloc(1, sizeof(*r));
	size_t i = 0, j;

	if (r == NULL)
		return;
	while (i < size) {
		for (j = i; j < size && s[j] != '\n'; j++)
			;
		if (j < size)
			j++;
		if (http_result_add_header_line(r, s + i, j - i) != 0)
			break;
		i = j;
	}
	if (r->n_headers > HTTP_HEADERS_MAX)
		abort();
	for (i = 0; i < r->n_headers; i++) {
		if (strlen(r->headers[i].name) > HTTP_HEADER_NAME_MAX ||
		    strlen(r->headers[i].value) > HTTP_HEADER_VALUE_MAX)
			abort();
		if (http_header_get(r, r->headers[i].name) == NULL)
			abort();
	}
	if (r->location != NULL &&
	    http_header_get(r, "location") != r->location)
		abort();
	http_result_free(r);
}

static void
check_distance(const char *s, size_t size)
{
	const char *nul = memchr(s, '\0', size);
	size_t alen = nul != NULL ? (size_t)(nul - s) : size / 2;
	const char *b = s + alen + (nul != NULL);
	size_t blen = size - alen - (nul != NULL);
	char *a_copy, *b_copy;
	double d, e;

	/* exact-size heap copies so ASan sees any over-read */
	a_copy = malloc(alen ? alen : 1);
	b_copy = malloc(blen ? blen : 1);
	if (a_copy == NULL || b_copy == NULL)
		goto out;
	memcpy(a_copy, s, alen);
	memcpy(b_copy, b, blen);
	d = http_html_distance(a_copy, alen, b_copy, blen);
	e = http_html_distance(b_copy, blen, a_copy, alen);
	if (isnan(d) || d < 0 || d > 1 || fabs(d - e) > 1e-12)
		abort();
	if (http_html_distance(a_copy, alen, a_copy, alen) != 0)
		abort();
out:
	free(a_copy);
	free(b_copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_hsts(s);
	check_lines(s, size);
	check_distance(s, size);
	free(s);
	return 0;
}
