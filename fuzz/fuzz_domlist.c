/*
 * fuzz_domlist: a batch's domain list on arbitrary bytes. Checked: lines
 * never exceed the buffer, the reader consumes the whole input, every
 * accepted name is a normalised domain name (lower case, no trailing dot,
 * at most 253 octets, labels of 1-63) that parses again to itself, and a
 * bad line always has a reason.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/domlist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_name(const char *name)
{
	size_t n = strlen(name), label = 0, i;
	char again[256];
	const char *why;

	if (n == 0 || n > 253 || name[n - 1] == '.')
		abort();
	for (i = 0; i < n; i++) {
		if (name[i] >= 'A' && name[i] <= 'Z')
			abort();
		if (name[i] == '.') {
			if (label == 0)
				abort();
			label = 0;
		} else if (++label > 63)
			abort();
	}
	if (domlist_parse(name, n, again, sizeof(again), &why) != DOMLIST_NAME ||
	    strcmp(again, name) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[DOMLIST_LINE_MAX + 2], name[256];
	size_t lines = 0, newlines = 0, i;
	const char *why;
	int too_long;
	long n;
	FILE *f;

	if (size == 0)
		return 0;
	for (i = 0; i < size; i++)
		newlines += data[i] == '\n';
	if ((f = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	while ((n = domlist_read_line(f, buf, sizeof(buf), &too_long)) >= 0) {
		lines++;
		if ((size_t)n >= sizeof(buf) || buf[n] != '\0')
			abort();
		if (too_long)
			continue;
		why = NULL;
		switch (domlist_parse(buf, (size_t)n, name, sizeof(name), &why)) {
		case DOMLIST_NAME:
			check_name(name);
			break;
		case DOMLIST_BAD:
			if (why == NULL || *why == '\0')
				abort();
			break;
		case DOMLIST_SKIP:
			break;
		}
	}
	fclose(f);
	/* every line was read: one per newline, plus an unterminated last */
	if (lines != newlines + (data[size - 1] != '\n'))
		abort();
	return 0;
}
