/*
 * api.c: the batch API v2 (../shared/spec/checks.md section 9; the
 * document is doc/openapi.yaml, served at /api/batch/openapi.yaml).
 *
 * Every answer is JSON with "api_version" at the top; errors are
 * {"error":{"label","msg"}} with the labels bad-request, invalid-url,
 * unknown-request, server-error and unauthorized. Users see only their
 * own requests.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks/check.h"
#include "report/report.h"
#include "web/input.h"
#include "web/serve_int.h"

#define LIST_DEFAULT 100
#define LIST_MAX     1000

void
api_error(struct reply *r, unsigned status, const char *label,
    const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	reply_json(r, status, json_pack("{s:s,s:{s:s,s:s}}", "api_version",
	    UTD_API_VERSION, "error", "label", label, "msg", msg));
}

static json_t *
api_object(void)
{
	return json_pack("{s:s}", "api_version", UTD_API_VERSION);
}

static json_t *
iso_date(int64_t t)
{
	char buf[32];
	time_t tt = (time_t)t;
	struct tm tm;

	if (t == 0 || gmtime_r(&tt, &tm) == NULL)
		return json_null();
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(buf);
}

static json_t *
request_json(const struct store_request *rq)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:I,s:I}",
	    "request_id", rq->id, "request_type", rq->type, "name", rq->name,
	    "status", rq->status, "submit_date", iso_date(rq->submitted),
	    "finished_date", iso_date(rq->finished),
	    "domains", (json_int_t)rq->n_domains, "done", (json_int_t)rq->n_done);
}

/* HTTP Basic; 0 with the user name, or -1 after a 401 reply. */
static int
authenticate(struct serve *s, struct MHD_Connection *c, char *user,
    size_t cap, struct reply *r)
{
	char *pass = NULL, *name = MHD_basic_auth_get_username_password(c, &pass);
	char hash[AUTH_HASH_MAX];
	int ok = 0;

	if (name != NULL && pass != NULL && strlen(name) < cap &&
	    store_user_get(s->st, name, hash, sizeof(hash)) == 0) {
		if (auth_cache_hit(s->auth, name, pass, hash))
			ok = 1;
		else if (auth_verify(pass, hash) == 1) {
			auth_cache_put(s->auth, name, pass, hash);
			ok = 1;
		}
	}
	if (ok)
		snprintf(user, cap, "%s", name);
	if (name != NULL)
		MHD_free(name);
	if (pass != NULL)
		MHD_free(pass);
	if (!ok) {
		api_error(r, 401, "unauthorized", "this API needs a user name and "
		    "password (HTTP Basic authentication)");
		r->auth_challenge = 1;
		return -1;
	}
	return 0;
}

/* POST requests */
static void
api_submit(struct serve *s, const char *user, const char *body, size_t len,
    struct reply *r)
{
	struct api_submit sub;
	struct store_request rq;
	char id[STORE_ID_MAX], msg[400];
	json_t *o;
	int oom;

	if (api_submit_parse(body, len, s->o->max_domains, &sub, msg,
	    sizeof(msg), &oom) != 0) {
		api_error(r, oom ? 500 : 400, oom ? "server-error" :
		    "bad-request", "%s", msg);
		return;
	}
	if (store_request_add(s->st, user, sub.name, sub.type,
	    (const char *const *)sub.domains, sub.n, (int64_t)time(NULL),
	    id) != 0 || store_request_get(s->st, user, id, &rq) != 0) {
		api_error(r, 500, "server-error", "the request could not be "
		    "stored: %s", store_error(s->st));
	} else {
		o = api_object();
		json_object_set_new(o, "request", request_json(&rq));
		reply_json(r, 201, o);
	}
	api_submit_clear(&sub);
}

static int
list_cb(void *arg, const struct store_request *rq)
{
	json_array_append_new(arg, request_json(rq));
	return 0;
}

/* GET requests?limit=N */
static void
api_list(struct serve *s, struct MHD_Connection *c, const char *user,
    struct reply *r)
{
	const char *lim = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
	    "limit");
	long limit = LIST_DEFAULT;
	char *end;
	json_t *a = json_array(), *o;

	if (lim != NULL) {
		limit = strtol(lim, &end, 10);
		if (*end != '\0' || *lim == '\0' || limit < 1 || limit > LIST_MAX) {
			json_decref(a);
			api_error(r, 400, "bad-request", "limit must be 1 to %d",
			    LIST_MAX);
			return;
		}
	}
	if (store_request_list(s->st, user, (size_t)limit, list_cb, a) != 0) {
		json_decref(a);
		api_error(r, 500, "server-error", "%s", store_error(s->st));
		return;
	}
	o = api_object();
	json_object_set_new(o, "requests", a);
	reply_json(r, 200, o);
}

/* The request of this user, or a reply saying why not. */
static int
find_request(struct serve *s, const char *user, const char *id,
    struct store_request *rq, struct reply *r)
{
	int rc = strlen(id) < STORE_ID_MAX ? store_request_get(s->st, user, id,
	    rq) : 1;

	if (rc == 1)
		api_error(r, 404, "unknown-request", "there is no request %.64s",
		    id);
	else if (rc != 0)
		api_error(r, 500, "server-error", "%s", store_error(s->st));
	return rc;
}

static void
api_status(struct serve *s, const char *user, const char *id, struct reply *r)
{
	struct store_request rq;
	json_t *o;

	if (find_request(s, user, id, &rq, r) != 0)
		return;
	o = api_object();
	json_object_set_new(o, "request", request_json(&rq));
	reply_json(r, 200, o);
}

/* PATCH requests/{id} {"status":"cancelled"} */
static void
api_patch(struct serve *s, const char *user, const char *id,
    const char *body, size_t len, struct reply *r)
{
	json_t *j = json_loadb(body != NULL ? body : "", len, 0, NULL), *o;
	const char *st = json_string_value(json_object_get(j, "status"));
	struct store_request rq;

	if (st == NULL || strcmp(st, "cancelled") != 0) {
		json_decref(j);
		api_error(r, 400, "bad-request", "the only change is "
		    "{\"status\": \"cancelled\"}");
		return;
	}
	json_decref(j);
	if (find_request(s, user, id, &rq, r) != 0)
		return;
	if (store_request_cancel(s->st, user, id, (int64_t)time(NULL)) != 0) {
		api_error(r, 500, "server-error", "%s", store_error(s->st));
		return;
	}
	serve_note_cancelled(s, id);
	if (find_request(s, user, id, &rq, r) != 0)
		return;
	o = api_object();
	json_object_set_new(o, "request", request_json(&rq));
	reply_json(r, 200, o);
}

struct results_walk {
	struct serve *s;
	json_t *domains;
	int technical;
};

static int
result_cb(void *arg, const char *domain, const struct store_report *rep)
{
	struct results_walk *w = arg;
	json_t *j, *out;
	char url[700];

	if (rep == NULL || rep->json == NULL ||
	    (j = json_loads(rep->json, 0, NULL)) == NULL) {
		json_object_set_new(w->domains, domain, json_pack("{s:s,s:{s:s,s:s}}",
		    "status", "error", "error", "code", "no_result", "msg",
		    "no result was made for this domain"));
		return 0;
	}
	if (w->technical) {
		out = json_pack("{s:O,s:O}", "status", json_object_get(j, "status"),
		    "details", json_object_get(j, "details"));
	} else {
		snprintf(url, sizeof(url), "%s/%s/%s/%s/", w->s->site.base_url,
		    serve_path_word(rep->type), rep->domain, rep->id);
		out = json_pack("{s:O,s:O,s:{s:s}}", "status",
		    json_object_get(j, "status"), "scoring",
		    json_object_get(j, "scoring"), "report", "url", url);
		if (json_object_get(j, "results") != NULL)
			json_object_set(out, "results", json_object_get(j, "results"));
		if (json_object_get(j, "error") != NULL)
			json_object_set(out, "error", json_object_get(j, "error"));
	}
	json_object_set_new(w->domains, domain, out);
	json_decref(j);
	return 0;
}

static void
api_results(struct serve *s, const char *user, const char *id, int technical,
    struct reply *r)
{
	struct results_walk w = { s, NULL, technical };
	struct store_request rq;
	json_t *o;

	if (find_request(s, user, id, &rq, r) != 0)
		return;
	if (strcmp(rq.status, STORE_REQ_DONE) != 0) {
		api_error(r, 400, "bad-request", "the request is %s; results are "
		    "there once it is done%s", rq.status,
		    strcmp(rq.status, STORE_REQ_CANCELLED) == 0 ?
		    " (it was cancelled: there will be none)" : "");
		return;
	}
	w.domains = json_object();
	if (store_request_results(s->st, id, 1, result_cb, &w) != 0) {
		json_decref(w.domains);
		api_error(r, 500, "server-error", "%s", store_error(s->st));
		return;
	}
	o = api_object();
	json_object_set_new(o, "request", request_json(&rq));
	json_object_set_new(o, "domains", w.domains);
	reply_json(r, 200, o);
}

/* GET metadata/report: every category and test this version reports. */
static void
api_metadata(struct reply *r)
{
	json_t *cats = json_array(), *tests = json_array(), *o;
	size_t i;

	for (i = 0; i < chk_n_categories; i++)
		json_array_append_new(cats, json_pack("{s:s,s:s,s:s}", "name",
		    chk_categories[i].name, "title", chk_categories[i].title,
		    "type", chk_categories[i].kind == FX_WEB ? "web" : "mail"));
	for (i = 0; chk_registry[i] != NULL; i++) {
		const struct chk_def *d = chk_registry[i];

		json_array_append_new(tests, json_pack("{s:s,s:s,s:s,s:s,s:s}",
		    "name", d->name, "title", d->title, "category", d->category,
		    "type", d->kind == FX_WEB ? "web" : "mail", "level",
		    chk_level_str(d->level)));
	}
	o = api_object();
	json_object_set_new(o, "report", json_pack("{s:o,s:o}", "categories",
	    cats, "tests", tests));
	reply_json(r, 200, o);
}

void
api_handle(struct serve *s, struct MHD_Connection *c, const char *method,
    const char *path, const char *body, size_t body_len, int body_too_big,
    struct reply *r)
{
	char user[64], id[STORE_ID_MAX + 8], rest[32];
	const char *slash;
	size_t idlen;

	if (authenticate(s, c, user, sizeof(user), r) != 0)
		return;
	if (body_too_big) {
		api_error(r, 413, "bad-request", "the body is larger than %zu "
		    "bytes", s->o->max_body);
		return;
	}
	if (strcmp(path, "requests") == 0 || strcmp(path, "requests/") == 0) {
		if (strcmp(method, "POST") == 0)
			api_submit(s, user, body, body_len, r);
		else if (strcmp(method, "GET") == 0)
			api_list(s, c, user, r);
		else
			api_error(r, 405, "invalid-url", "%s is not allowed on "
			    "requests", method);
		return;
	}
	if (strcmp(path, "metadata/report") == 0) {
		if (strcmp(method, "GET") == 0)
			api_metadata(r);
		else
			api_error(r, 405, "invalid-url", "%s is not allowed on "
			    "metadata/report", method);
		return;
	}
	if (strncmp(path, "requests/", 9) != 0)
		goto unknown;
	path += 9;
	slash = strchr(path, '/');
	idlen = slash != NULL ? (size_t)(slash - path) : strlen(path);
	if (idlen == 0 || idlen >= sizeof(id))
		goto unknown;
	memcpy(id, path, idlen);
	id[idlen] = '\0';
	snprintf(rest, sizeof(rest), "%s", slash != NULL ? slash + 1 : "");
	if (strlen(rest) > 0 && rest[strlen(rest) - 1] == '/')
		rest[strlen(rest) - 1] = '\0';
	if (rest[0] == '\0') {
		if (strcmp(method, "GET") == 0)
			api_status(s, user, id, r);
		else if (strcmp(method, "PATCH") == 0)
			api_patch(s, user, id, body, body_len, r);
		else
			api_error(r, 405, "invalid-url", "%s is not allowed on a "
			    "request", method);
		return;
	}
	if (strcmp(rest, "results") == 0 || strcmp(rest, "results_technical") == 0) {
		if (strcmp(method, "GET") == 0)
			api_results(s, user, id, strcmp(rest, "results") != 0, r);
		else
			api_error(r, 405, "invalid-url", "%s is not allowed on "
			    "results", method);
		return;
	}
unknown:
	api_error(r, 404, "invalid-url", "this is not an endpoint of the batch "
	    "API v2 (see /api/batch/openapi.yaml)");
}
