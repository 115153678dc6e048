/*
 * output.c: the writer behind one mutex, the CSV columns from the check
 * registry, and the reading of an earlier run's file for --resume.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch/output.h"
#include "checks/check.h"
#include "report/report.h"

struct batch_out {
	pthread_mutex_t mu;
	FILE *f;
	int own;                     /* not stdout */
	enum batch_format fmt;
	unsigned types;
	int err;                     /* errno of the first write error */
};

static int
kind_wanted(unsigned types, enum fx_kind k)
{
	return (types & (k == FX_WEB ? BATCH_WEB : BATCH_MAIL)) != 0;
}

/* --- CSV ------------------------------------------------------------------ */

/* One field, quoted when it must be (RFC 4180). */
static void
csv_field(FILE *f, const char *s, int first)
{
	if (!first)
		fputc(',', f);
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* The header: fixed columns, then every category and test of the types. */
static void
csv_header(FILE *f, unsigned types)
{
	size_t i;

	fputs("domain,test_type,status,error_code,score", f);
	for (i = 0; i < chk_n_categories; i++)
		if (kind_wanted(types, chk_categories[i].kind))
			csv_field(f, chk_categories[i].name, 0);
	for (i = 0; chk_registry[i] != NULL; i++)
		if (kind_wanted(types, chk_registry[i]->kind))
			csv_field(f, chk_registry[i]->name, 0);
	fputc('\n', f);
}

static const char *
status_of(json_t *set, const char *name)
{
	return json_string_value(json_object_get(json_object_get(set, name),
	    "status"));
}

static void
csv_row(FILE *f, unsigned types, json_t *r)
{
	json_t *res = json_object_get(r, "results");
	json_t *cats = json_object_get(res, "categories");
	json_t *tests = json_object_get(res, "tests");
	json_t *score = json_object_get(json_object_get(r, "scoring"),
	    "percentage");
	char num[16] = "";
	size_t i;

	csv_field(f, json_string_value(json_object_get(r, "domain")), 1);
	csv_field(f, json_string_value(json_object_get(r, "test_type")), 0);
	csv_field(f, json_string_value(json_object_get(r, "status")), 0);
	csv_field(f, json_string_value(json_object_get(json_object_get(r,
	    "error"), "code")), 0);
	if (json_is_integer(score))
		snprintf(num, sizeof(num), "%lld",
		    (long long)json_integer_value(score));
	csv_field(f, num, 0);
	for (i = 0; i < chk_n_categories; i++)
		if (kind_wanted(types, chk_categories[i].kind))
			csv_field(f, status_of(cats, chk_categories[i].name), 0);
	for (i = 0; chk_registry[i] != NULL; i++)
		if (kind_wanted(types, chk_registry[i]->kind))
			csv_field(f, status_of(tests, chk_registry[i]->name), 0);
	fputc('\n', f);
}

/* --- resume --------------------------------------------------------------- */

/* The key of one complete line; 0, or -1 when the line is not ours. */
static int
line_key(enum batch_format fmt, char *line, enum fx_kind *kind,
    const char **domain, json_t **hold)
{
	const char *type;
	char *comma;

	*hold = NULL;
	if (fmt == BATCH_JSONL) {
		if ((*hold = json_loads(line, 0, NULL)) == NULL)
			return -1;
		*domain = json_string_value(json_object_get(*hold, "domain"));
		type = json_string_value(json_object_get(*hold, "test_type"));
	} else {
		if ((comma = strchr(line, ',')) == NULL)
			return -1;
		*comma = '\0';
		*domain = line;
		type = comma + 1;
		if ((comma = strchr(type, ',')) != NULL)
			*comma = '\0';
	}
	if (*domain == NULL || type == NULL)
		return -1;
	if (strcmp(type, "web") == 0)
		*kind = FX_WEB;
	else if (strcmp(type, "mail") == 0)
		*kind = FX_MAIL;
	else
		return -1;
	return 0;
}

/*
 * Read the keys of an earlier run from f (opened for reading and
 * writing); cut a last line that has no newline. 0, or -1 with why.
 */
static int
resume_read(FILE *f, enum batch_format fmt, unsigned types,
    struct nameset *done, char *why, size_t whylen)
{
	char *line = NULL, *want = NULL;
	size_t cap = 0, wlen = 0;
	unsigned long no = 0, bad = 0;
	off_t good_end = 0;
	ssize_t n;
	FILE *hf;
	int rc = 0;

	if (fmt == BATCH_CSV && (hf = open_memstream(&want, &wlen)) != NULL) {
		csv_header(hf, types);
		fclose(hf);
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		enum fx_kind kind;
		const char *domain;
		json_t *hold;

		if (line[n - 1] != '\n')
			break;          /* cut: the run died while writing it */
		no++;
		good_end += n;
		if (fmt == BATCH_CSV && no == 1) {
			if (want == NULL || strcmp(line, want) != 0) {
				snprintf(why, whylen, "its CSV columns are not "
				    "those of this --type; give another --output");
				rc = -1;
				break;
			}
			continue;
		}
		line[n - 1] = '\0';
		if (line_key(fmt, line, &kind, &domain, &hold) != 0) {
			if (bad++ == 0)
				fprintf(stderr, "uptodate: --resume: line %lu is "
				    "not a result; its domain, if any, is tested "
				    "again\n", no);
		} else if (nameset_add(done, kind, domain) < 0) {
			snprintf(why, whylen, "out of memory");
			rc = -1;
		}
		json_decref(hold);
		if (rc != 0)
			break;
	}
	free(line);
	free(want);
	if (rc == 0 && ferror(f)) {
		snprintf(why, whylen, "reading: %s", strerror(errno));
		rc = -1;
	}
	if (rc == 0 && ftruncate(fileno(f), good_end) != 0) {
		snprintf(why, whylen, "cutting the unfinished last line: %s",
		    strerror(errno));
		rc = -1;
	}
	if (rc == 0 && fseeko(f, good_end, SEEK_SET) != 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		rc = -1;
	}
	if (rc == 0 && bad > 1)
		fprintf(stderr, "uptodate: --resume: %lu lines were not "
		    "results\n", bad);
	return rc;
}

/* --- the writer ----------------------------------------------------------- */

struct batch_out *
batch_out_open(const char *path, enum batch_format fmt, unsigned types,
    int resume, int overwrite, struct nameset *done, char *why,
    size_t whylen)
{
	struct batch_out *o = calloc(1, sizeof(*o));
	struct stat sb;
	int existing;

	if (o == NULL) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	o->fmt = fmt;
	o->types = types;
	pthread_mutex_init(&o->mu, NULL);
	if (path == NULL || strcmp(path, "-") == 0) {
		if (resume) {
			snprintf(why, whylen, "--resume needs --output FILE");
			goto fail;
		}
		o->f = stdout;
		if (fmt == BATCH_CSV)
			csv_header(o->f, types);
		return o;
	}
	existing = stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0;
	if (existing && !resume && !overwrite) {
		snprintf(why, whylen, "%s exists: --resume continues it, "
		    "--overwrite replaces it", path);
		goto fail;
	}
	o->own = 1;
	if (existing && resume) {
		if ((o->f = fopen(path, "r+")) == NULL) {
			snprintf(why, whylen, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (resume_read(o->f, fmt, types, done, why, whylen) != 0)
			goto fail;
		return o;
	}
	if ((o->f = fopen(path, "w")) == NULL) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (fmt == BATCH_CSV)
		csv_header(o->f, types);
	return o;
fail:
	if (o->own && o->f != NULL)
		fclose(o->f);
	pthread_mutex_destroy(&o->mu);
	free(o);
	return NULL;
}

int
batch_out_write(struct batch_out *o, json_t *r)
{
	char *s = NULL;
	int rc = 0;

	if (o->fmt == BATCH_JSONL &&
	    (s = json_dumps(r, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL)
		return -1;
	pthread_mutex_lock(&o->mu);
	if (o->err == 0) {
		if (o->fmt == BATCH_JSONL) {
			fputs(s, o->f);
			fputc('\n', o->f);
		} else {
			csv_row(o->f, o->types, r);
		}
		if (fflush(o->f) != 0 || ferror(o->f))
			o->err = errno ? errno : EIO;
	}
	rc = o->err ? -1 : 0;
	pthread_mutex_unlock(&o->mu);
	free(s);
	return rc;
}

int
batch_out_close(struct batch_out *o, char *why, size_t whylen)
{
	int rc = 0;

	if (o == NULL)
		return 0;
	if (fflush(o->f) != 0 && o->err == 0)
		o->err = errno ? errno : EIO;
	if (o->own && fclose(o->f) != 0 && o->err == 0)
		o->err = errno ? errno : EIO;
	if (o->err != 0) {
		snprintf(why, whylen, "writing the results: %s", strerror(o->err));
		rc = -1;
	}
	pthread_mutex_destroy(&o->mu);
	free(o);
	return rc;
}
