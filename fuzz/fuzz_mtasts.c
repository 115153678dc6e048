/*
 * fuzz_mtasts: the MTA-STS TXT record and policy parsers on the same
 * arbitrary bytes; every accepted pattern must match a host made from it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail/mtasts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Each pattern alone: it matches a host built from it, in any case and
 * with the root dot; a wildcard never matches two labels or none. */
static void
check_patterns(const struct mtasts_policy *p)
{
	static struct mtasts_policy one;
	char host[MTASTS_MX_LEN_MAX + 8];
	size_t i, j;

	(void)mtasts_mx_match(p, "mail.example.com");
	for (i = 0; i < p->n_mx; i++) {
		const char *pat = p->mx[i];

		if (pat[0] == '\0' || strlen(pat) > MTASTS_MX_LEN_MAX)
			abort();
		memset(&one, 0, sizeof(one));
		one.n_mx = 1;
		memcpy(one.mx[0], pat, strlen(pat) + 1);
		if (pat[0] == '*') {
			if (pat[1] != '.' || strchr(pat + 1, '*') != NULL)
				abort();
			snprintf(host, sizeof(host), "x%s", pat + 1);
			if (!mtasts_mx_match(&one, host) || !mtasts_mx_match(p, host))
				abort();
			snprintf(host, sizeof(host), "x.y%s.", pat + 1);
			if (mtasts_mx_match(&one, host))
				abort();
			if (mtasts_mx_match(&one, pat + 2))
				abort();
		} else {
			if (strchr(pat, '*') != NULL)
				abort();
			snprintf(host, sizeof(host), "%s.", pat);
			for (j = 0; host[j] != '\0'; j++)
				if (host[j] >= 'a' && host[j] <= 'z')
					host[j] = (char)(host[j] - 'a' + 'A');
			if (!mtasts_mx_match(&one, host) || !mtasts_mx_match(p, host))
				abort();
			snprintf(host, sizeof(host), "x%s", pat);
			if (mtasts_mx_match(&one, host))
				abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mtasts_policy pol;
	struct mtasts_txt txt;
	char why[160];
	char *copy = malloc(size ? size : 1);
	size_t i, n;

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	if (mtasts_txt_parse(copy, size, &txt, why, sizeof(why)) != 0) {
		if (why[0] == '\0')
			abort();
	} else {
		n = strlen(txt.id);
		if (!mtasts_is_stsv1(copy, size) || n == 0 || n > MTASTS_ID_MAX)
			abort();
		for (i = 0; i < n; i++)
			if (!((txt.id[i] >= '0' && txt.id[i] <= '9') ||
			    (txt.id[i] >= 'a' && txt.id[i] <= 'z') ||
			    (txt.id[i] >= 'A' && txt.id[i] <= 'Z')))
				abort();
	}
	if (mtasts_policy_parse(copy, size, &pol, why, sizeof(why)) != 0) {
		if (why[0] == '\0')
			abort();
	} else {
		if (pol.mode == MTASTS_MODE_ABSENT || pol.max_age > MTASTS_MAX_AGE_MAX ||
		    pol.n_mx > MTASTS_MX_MAX ||
		    (pol.mode != MTASTS_MODE_NONE && pol.n_mx == 0))
			abort();
		check_patterns(&pol);
	}
	free(copy);
	return 0;
}
