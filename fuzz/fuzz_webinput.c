/*
 * fuzz_webinput: what clients send to `uptodate serve`, on arbitrary bytes.
 * The input is tried three ways: as a batch API request body, as a form
 * body (the "domain" field, then that value as a typed domain), and as a
 * typed domain. Checked: every accepted domain is normalised (lower case,
 * no trailing dot, at most 253 octets, has a dot) and accepted again as
 * itself; a refusal always has a reason; accepted requests have a valid
 * type, at most max domains, no duplicates.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_DOMAINS 50

static void
check_domain(const char *d)
{
	size_t n = strlen(d), i;
	char again[256];
	const char *why = NULL;

	if (n == 0 || n > 253 || d[n - 1] == '.' || strchr(d, '.') == NULL)
		abort();
	for (i = 0; i < n; i++)
		if (d[i] >= 'A' && d[i] <= 'Z')
			abort();
	if (serve_domain(d, again, &why) != 0 || strcmp(again, d) != 0)
		abort();
}

static void
try_domain(const char *s)
{
	char out[256];
	const char *why = NULL;

	if (serve_domain(s, out, &why) == 0)
		check_domain(out);
	else if (why == NULL || *why == '\0')
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct api_submit sub;
	char msg[400], field[1100], *text;
	size_t i, k;
	int oom;

	if (api_submit_parse((const char *)data, size, MAX_DOMAINS, &sub, msg,
	    sizeof(msg), &oom) == 0) {
		if (strcmp(sub.type, "web") != 0 && strcmp(sub.type, "mail") != 0)
			abort();
		if (sub.n == 0 || sub.n > MAX_DOMAINS)
			abort();
		for (i = 0; i < sub.n; i++) {
			check_domain(sub.domains[i]);
			for (k = 0; k < i; k++)
				if (strcmp(sub.domains[i], sub.domains[k]) == 0)
					abort();
		}
		api_submit_clear(&sub);
	} else if (msg[0] == '\0') {
		abort();
	}
	if (form_field((const char *)data, size, "domain", field,
	    sizeof(field)) == 0) {
		if (strlen(field) >= sizeof(field))
			abort();
		try_domain(field);
	}
	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	try_domain(text);
	free(text);
	return 0;
}
