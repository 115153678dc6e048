/*
 * feed.c: `uptodate batch --db`, the command line's way into the job
 * queue that the batch API feeds: the same requests, jobs, workers and
 * results, so a list run from a terminal and one sent to the API take one
 * path.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch/batch.h"
#include "batch/domlist.h"
#include "batch/nameset.h"
#include "report/report.h"
#include "queue/worker.h"
#include "store/store.h"

struct names {
	char **v;
	size_t n, cap;
	unsigned long bad;
};

static int
names_add(struct names *ns, const char *name)
{
	if (ns->n == ns->cap) {
		size_t cap = ns->cap ? ns->cap * 2 : 256;
		char **v = realloc(ns->v, cap * sizeof(*v));

		if (v == NULL)
			return -1;
		ns->v = v;
		ns->cap = cap;
	}
	if ((ns->v[ns->n] = strdup(name)) == NULL)
		return -1;
	ns->n++;
	return 0;
}

static void
names_free(struct names *ns)
{
	size_t i;

	for (i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
}

/* The list, as the batch reader takes it: bad lines reported, duplicates
 * once. 0, or -1 after a message. */
static int
read_list(const char *path, struct names *ns)
{
	char line[DOMLIST_LINE_MAX + 2], name[256];
	struct nameset *seen = nameset_new();
	unsigned long line_no = 0;
	const char *why;
	int too_long, rc = 0;
	long len;
	FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");

	if (in == NULL || seen == NULL) {
		fprintf(stderr, "uptodate: %s: %s\n", path, in == NULL ?
		    strerror(errno) : "out of memory");
		nameset_free(seen);
		return -1;
	}
	while ((len = domlist_read_line(in, line, sizeof(line), &too_long)) >= 0) {
		line_no++;
		switch (too_long ? DOMLIST_BAD : domlist_parse(line, (size_t)len,
		    name, sizeof(name), &why)) {
		case DOMLIST_SKIP:
			continue;
		case DOMLIST_BAD:
			if (ns->bad++ < 10)
				fprintf(stderr, "uptodate: %s:%lu: skipped: %s\n", path,
				    line_no, too_long ? "line too long" : why);
			continue;
		case DOMLIST_NAME:
			break;
		}
		if (nameset_add(seen, 0, name) != 0 && names_add(ns, name) != 0) {
			fprintf(stderr, "uptodate: out of memory\n");
			rc = -1;
			break;
		}
	}
	if (ferror(in)) {
		fprintf(stderr, "uptodate: reading %s: %s\n", path, strerror(errno));
		rc = -1;
	}
	if (in != stdin)
		fclose(in);
	nameset_free(seen);
	return rc;
}

struct out_walk {
	struct batch_out *out;
	enum fx_kind kind;
	unsigned long written, errors;
	int failed;
};

static int
write_cb(void *arg, const char *domain, const struct store_report *rep)
{
	struct out_walk *w = arg;
	json_t *j = rep != NULL && rep->json != NULL ?
	    json_loads(rep->json, 0, NULL) : NULL;
	const char *st;

	if (j == NULL)
		j = report_error_json(domain, w->kind, "no_result",
		    "no result was made for this domain");
	if (j == NULL)
		return 1;
	st = json_string_value(json_object_get(j, "status"));
	if (st == NULL || strcmp(st, "ok") != 0)
		w->errors++;
	if (batch_out_write(w->out, j) != 0)
		w->failed = 1;
	w->written++;
	json_decref(j);
	return 0;
}

int
batch_db_run(const struct batch_opts *bo, struct worker_opts *wo)
{
	static const char *const tname[] = { "web", "mail" };
	char ids[2][STORE_ID_MAX], why[512], label[300];
	const char *until[2];
	struct names ns = { 0 };
	struct store *st = NULL;
	struct batch_out *out = NULL;
	struct out_walk ow = { 0 };
	size_t n_req = 0, i;
	int rc = 3, k;

	if (read_list(bo->input, &ns) != 0)
		goto done;
	if ((st = store_open(wo->db, why, sizeof(why))) == NULL) {
		fprintf(stderr, "uptodate: --db %s: %s\n", wo->db, why);
		goto done;
	}
	/* the output first: a bad path fails before any work */
	if ((out = batch_out_open(bo->output, bo->format, bo->types, 0,
	    bo->overwrite, NULL, why, sizeof(why))) == NULL) {
		fprintf(stderr, "uptodate: --output: %s\n", why);
		goto done;
	}
	snprintf(label, sizeof(label), "uptodate batch %s", bo->input);
	for (k = 0; k < 2; k++) {
		if (!(bo->types & (k == 0 ? BATCH_WEB : BATCH_MAIL)) || ns.n == 0)
			continue;
		if (store_request_add(st, "cli", label, tname[k],
		    (const char *const *)ns.v, ns.n, (int64_t)time(NULL),
		    ids[n_req]) != 0) {
			fprintf(stderr, "uptodate: --db: %s\n", store_error(st));
			goto done;
		}
		fprintf(stderr, "uptodate: request %s: %zu %s tests queued\n",
		    ids[n_req], ns.n, tname[k]);
		until[n_req] = ids[n_req];
		n_req++;
	}
	wo->until = until;
	wo->n_until = n_req;
	if (n_req > 0 && (rc = worker_run(wo)) != 0)
		goto done;
	for (i = 0; i < n_req; i++) {
		struct store_request rq;

		if (store_request_get(st, NULL, ids[i], &rq) != 0 ||
		    strcmp(rq.status, STORE_REQ_DONE) != 0) {
			fprintf(stderr, "uptodate: interrupted: the requests stay in "
			    "the database, where workers finish them; their results "
			    "are in the batch API under the ids above\n");
			rc = 130;
			goto done;
		}
		ow.out = out;
		ow.kind = strcmp(rq.type, "web") == 0 ? FX_WEB : FX_MAIL;
		if (store_request_results(st, ids[i], 1, write_cb, &ow) != 0) {
			fprintf(stderr, "uptodate: reading results: %s\n",
			    store_error(st));
			goto done;
		}
	}
	fprintf(stderr, "uptodate: %lu results written, %lu with status error",
	    ow.written, ow.errors);
	if (ns.bad > 0)
		fprintf(stderr, ", %lu bad lines skipped", ns.bad);
	fputc('\n', stderr);
	rc = ow.failed ? 3 : ns.bad > 0 ? 1 : 0;
done:
	if (out != NULL && batch_out_close(out, why, sizeof(why)) != 0) {
		fprintf(stderr, "uptodate: --output: %s\n", why);
		rc = 3;
	}
	store_close(st);
	names_free(&ns);
	return rc;
}
