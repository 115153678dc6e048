/*
 * fuzz_tls_serial: the audit and scan parsers (tls/serial.h) on arbitrary
 * JSON. The input is parsed as JSON; the value, and its "audit" and
 * "scan" members when it is an object (the shape mxcache stores), go
 * through both parsers. Checked for every accepted value: the writer
 * takes it back, its text parses again to a value equal field by field
 * (tests/unit/tls_compare.h), and writing that gives the same text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tls/serial.h"
#include "../tests/unit/tls_compare.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* JSON text of j, or abort; j is released. */
static char *
text(json_t *j)
{
	char *t;

	if (j == NULL || (t = json_dumps(j, JSON_COMPACT)) == NULL)
		abort();
	json_decref(j);
	return t;
}

static void
try_audit(const json_t *j)
{
	struct tls_audit *a = tls_audit_from_json(j), *b;
	char *t1, *t2;
	json_t *j2;

	if (a == NULL)
		return;
	t1 = text(tls_audit_to_json(a));
	if ((j2 = json_loads(t1, 0, NULL)) == NULL ||
	    (b = tls_audit_from_json(j2)) == NULL ||
	    tls_compare_audit(a, b) != NULL)
		abort();
	t2 = text(tls_audit_to_json(b));
	if (strcmp(t1, t2) != 0)
		abort();
	free(t1);
	free(t2);
	json_decref(j2);
	tls_audit_free(a);
	tls_audit_free(b);
}

static void
try_scan(const json_t *j)
{
	static struct tls_scan a, b;
	char *t1, *t2;
	json_t *j2;

	if (tls_scan_from_json(j, &a) != 0)
		return;
	t1 = text(tls_scan_to_json(&a));
	if ((j2 = json_loads(t1, 0, NULL)) == NULL ||
	    tls_scan_from_json(j2, &b) != 0 || tls_compare_scan(&a, &b) != NULL)
		abort();
	t2 = text(tls_scan_to_json(&b));
	if (strcmp(t1, t2) != 0)
		abort();
	free(t1);
	free(t2);
	json_decref(j2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = json_loadb((const char *)data, size,
	    JSON_REJECT_DUPLICATES, NULL);

	if (j == NULL)
		return 0;
	try_audit(j);
	try_scan(j);
	if (json_is_object(j)) {
		try_audit(json_object_get(j, "audit"));
		try_scan(json_object_get(j, "scan"));
	}
	json_decref(j);
	return 0;
}
