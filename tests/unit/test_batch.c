/*
 * test_batch: the batch's pieces that need no network: the domain-list
 * reader, the key set, and the output (JSON Lines, CSV, --resume reading
 * an earlier run's file and cutting a half-written last line).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch/domlist.h"
#include "batch/nameset.h"
#include "batch/output.h"
#include "checks/check.h"
#include "report/report.h"
#include "unit.h"

static enum domlist_rc
parse(const char *line, char *out, const char **why)
{
	*why = NULL;
	return domlist_parse(line, strlen(line), out, 256, why);
}

static void
test_parse(void)
{
	char out[256];
	const char *why;

	CHECK(parse("example.nl", out, &why) == DOMLIST_NAME);
	CHECK_STR(out, "example.nl");
	CHECK(parse("  Example.NL.  \r", out, &why) == DOMLIST_NAME);
	CHECK_STR(out, "example.nl");
	CHECK(parse("example.nl,Ministry of X", out, &why) == DOMLIST_NAME);
	CHECK_STR(out, "example.nl");
	CHECK(parse("example.nl  # our main site", out, &why) == DOMLIST_NAME);
	CHECK_STR(out, "example.nl");
	CHECK(parse("\texample.nl\tweb", out, &why) == DOMLIST_NAME);
	CHECK_STR(out, "example.nl");
	CHECK(parse("https://www.Example.nl/path?q=1#x", out, &why) ==
	    DOMLIST_NAME);
	CHECK_STR(out, "www.example.nl");
	CHECK(parse("http://example.nl", out, &why) == DOMLIST_NAME);
	CHECK_STR(out, "example.nl");
	/* skipped */
	CHECK(parse("", out, &why) == DOMLIST_SKIP);
	CHECK(parse("   \t \r", out, &why) == DOMLIST_SKIP);
	CHECK(parse("# a comment", out, &why) == DOMLIST_SKIP);
	CHECK(parse("   # indented comment", out, &why) == DOMLIST_SKIP);
	/* bad, each with a reason */
	CHECK(parse("exa mple", out, &why) == DOMLIST_NAME);   /* first field */
	CHECK_STR(out, "exa");
	CHECK(parse("-bad-.nl", out, &why) == DOMLIST_BAD && why != NULL);
	CHECK(parse("a..b", out, &why) == DOMLIST_BAD && why != NULL);
	CHECK(parse("198.51.100.7", out, &why) == DOMLIST_BAD && why != NULL);
	CHECK(parse("https://user@example.nl/", out, &why) == DOMLIST_BAD);
	CHECK(parse("https://example.nl:8443/", out, &why) == DOMLIST_BAD);
	CHECK(parse("https://", out, &why) == DOMLIST_BAD);
	CHECK(parse(",example.nl", out, &why) == DOMLIST_BAD);
	CHECK(parse("bücher.de", out, &why) == DOMLIST_BAD && why != NULL);
	CHECK(domlist_parse("exa\0mple.nl", 11, out, 256, &why) == DOMLIST_BAD);
	CHECK_STR(why, "NUL byte in the line");
	{
		char big[300];

		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		CHECK(parse(big, out, &why) == DOMLIST_BAD);  /* label > 63 */
	}
}

static void
test_read_line(void)
{
	char *mem = NULL, buf[DOMLIST_LINE_MAX + 2];
	size_t len = 0, i;
	int too_long;
	long n;
	FILE *f = open_memstream(&mem, &len);

	fputs("one.nl\n", f);
	for (i = 0; i < 10000; i++)
		fputc('x', f);
	fputs("\ntwo.nl\nthree.nl", f);
	fclose(f);
	f = fmemopen(mem, len, "r");
	n = domlist_read_line(f, buf, sizeof(buf), &too_long);
	CHECK(n == 6 && !too_long);
	CHECK_STR(buf, "one.nl");
	n = domlist_read_line(f, buf, sizeof(buf), &too_long);
	CHECK(too_long && n == (long)sizeof(buf) - 1);
	n = domlist_read_line(f, buf, sizeof(buf), &too_long);
	CHECK(n == 6 && !too_long);
	CHECK_STR(buf, "two.nl");
	n = domlist_read_line(f, buf, sizeof(buf), &too_long);
	CHECK(n == 8 && !too_long);       /* the last line has no newline */
	CHECK_STR(buf, "three.nl");
	CHECK(domlist_read_line(f, buf, sizeof(buf), &too_long) == -1);
	fclose(f);
	free(mem);
}

static void
test_nameset(void)
{
	struct nameset *s = nameset_new();
	char name[64];
	int i, all = 1;

	CHECK(s != NULL);
	CHECK(nameset_add(s, FX_WEB, "a.nl") == 1);
	CHECK(nameset_add(s, FX_WEB, "a.nl") == 0);
	CHECK(nameset_add(s, FX_MAIL, "a.nl") == 1);   /* types apart */
	CHECK(nameset_has(s, FX_MAIL, "a.nl") && !nameset_has(s, FX_WEB, "b.nl"));
	for (i = 0; i < 50000; i++) {               /* through several growths */
		snprintf(name, sizeof(name), "d%05d.test", i);
		if (nameset_add(s, FX_WEB, name) != 1)
			all = 0;
	}
	CHECK(all);
	CHECK(nameset_count(s) == 50002);
	for (i = 0; i < 50000; i += 997) {
		snprintf(name, sizeof(name), "d%05d.test", i);
		CHECK(nameset_has(s, FX_WEB, name) && !nameset_has(s, FX_MAIL, name));
	}
	nameset_free(s);
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 1 << 20);

	if (f == NULL || buf == NULL)
		abort();
	if (fread(buf, 1, (1 << 20) - 1, f) == 0 && ferror(f))
		abort();
	fclose(f);
	return buf;
}

static size_t
count_lines(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

/* A result the way report_json makes one (only the fields the output
 * reads). */
static json_t *
fake_result(const char *domain, const char *type, int score)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:{s:i},s:{s:{s:{s:s}},s:{s:{s:s}}}}",
	    "api_version", "2.0", "domain", domain, "test_type", type,
	    "status", "ok", "scoring", "percentage", score, "results",
	    "categories", "web_ipv6", "status", "passed",
	    "tests", "web_ipv6_ws_address", "status", "failed");
}

static void
test_output(void)
{
	char path[] = "/tmp/utd-test-batch-XXXXXX", why[256], *text;
	struct nameset *done = nameset_new();
	struct batch_out *o;
	json_t *r;
	FILE *f;
	int fd = mkstemp(path);

	CHECK(fd >= 0 && done != NULL);
	close(fd);
	/* an empty file is simply written */
	o = batch_out_open(path, BATCH_JSONL, BATCH_WEB, 0, 0, done, why,
	    sizeof(why));
	CHECK(o != NULL);
	r = fake_result("a.test", "web", 80);
	CHECK(batch_out_write(o, r) == 0);
	json_decref(r);
	r = report_error_json("b.test", FX_WEB, "deadline", "too slow");
	CHECK(batch_out_write(o, r) == 0);
	json_decref(r);
	CHECK(batch_out_close(o, why, sizeof(why)) == 0);
	text = slurp(path);
	CHECK(count_lines(text) == 2);
	CHECK(strstr(text, "\"domain\":\"b.test\"") != NULL);
	CHECK(strstr(text, "\"code\":\"deadline\"") != NULL);
	free(text);

	/* an existing file is refused without --resume or --overwrite */
	o = batch_out_open(path, BATCH_JSONL, BATCH_WEB, 0, 0, done, why,
	    sizeof(why));
	CHECK(o == NULL && strstr(why, "--resume") != NULL);

	/* a run killed mid-line: resume keeps the whole lines, cuts the rest */
	f = fopen(path, "a");
	fputs("{\"domain\":\"c.te", f);
	fclose(f);
	o = batch_out_open(path, BATCH_JSONL, BATCH_WEB, 1, 0, done, why,
	    sizeof(why));
	CHECK(o != NULL);
	CHECK(nameset_count(done) == 2);
	CHECK(nameset_has(done, FX_WEB, "a.test") &&
	    nameset_has(done, FX_WEB, "b.test"));
	CHECK(!nameset_has(done, FX_WEB, "c.test"));
	r = fake_result("c.test", "web", 100);
	CHECK(batch_out_write(o, r) == 0);
	json_decref(r);
	CHECK(batch_out_close(o, why, sizeof(why)) == 0);
	text = slurp(path);
	CHECK(count_lines(text) == 3);
	CHECK(strstr(text, "c.te{") == NULL);    /* the cut line is gone */
	CHECK(strstr(text, "\"domain\":\"c.test\"") != NULL);
	free(text);
	nameset_free(done);

	/* CSV: a header from the registry, one row per result */
	done = nameset_new();
	o = batch_out_open(path, BATCH_CSV, BATCH_WEB, 0, 1, done, why,
	    sizeof(why));
	CHECK(o != NULL);
	r = fake_result("a.test", "web", 80);
	CHECK(batch_out_write(o, r) == 0);
	json_decref(r);
	CHECK(batch_out_close(o, why, sizeof(why)) == 0);
	text = slurp(path);
	CHECK(strncmp(text, "domain,test_type,status,error_code,score,web_ipv6,",
	    50) == 0);
	CHECK(strstr(text, ",web_ipv6_ws_address") != NULL);
	CHECK(strstr(text, "mail_auth") == NULL);        /* web only */
	CHECK(strstr(text, "\na.test,web,ok,,80,passed,") != NULL);
	CHECK(strstr(text, ",failed") != NULL);
	CHECK(count_lines(text) == 2);
	free(text);
	/* resume of a CSV written for another --type is refused */
	o = batch_out_open(path, BATCH_CSV, BATCH_WEB | BATCH_MAIL, 1, 0, done,
	    why, sizeof(why));
	CHECK(o == NULL && strstr(why, "--type") != NULL);
	o = batch_out_open(path, BATCH_CSV, BATCH_WEB, 1, 0, done, why,
	    sizeof(why));
	CHECK(o != NULL && nameset_has(done, FX_WEB, "a.test"));
	CHECK(batch_out_close(o, why, sizeof(why)) == 0);
	nameset_free(done);
	unlink(path);
}

int
main(void)
{
	test_parse();
	test_read_line();
	test_nameset();
	test_output();
	return unit_done("test_batch");
}
