#include <string.h>

#include "checks/custom.h"
#include "report/report.h"

static const char *
kind_str(enum fx_kind k)
{
	return k == FX_WEB ? "web" : "mail";
}

json_t *
report_json(const struct chk_report *rep, const struct gather_stats *st)
{
	json_t *root = json_object(), *results = json_object();
	json_t *cats = json_object(), *tests = json_object();
	json_t *dcats = json_object(), *dtests = json_object(), *details = json_object();
	size_t i;

	json_object_set_new(root, "api_version", json_string(UTD_API_VERSION));
	json_object_set_new(root, "domain", json_string(rep->fx->domain));
	json_object_set_new(root, "test_type", json_string(kind_str(rep->fx->kind)));
	json_object_set_new(root, "status", json_string(rep->status));
	if (rep->error_code != NULL)
		json_object_set_new(root, "error", json_pack("{s:s,s:s}",
		    "code", rep->error_code, "msg", rep->error_detail));
	json_object_set_new(root, "scoring", json_pack("{s:i}", "percentage",
	    rep->percentage));

	for (i = 0; i < rep->n_cats; i++) {
		const struct chk_cat_result *c = &rep->cats[i];
		const char *s = chk_status_str(c->status);

		json_object_set_new(cats, c->cat->name, json_pack("{s:s,s:s}",
		    "status", s, "verdict", s));
		json_object_set_new(dcats, c->cat->name, json_pack("{s:s,s:f,s:i,s:o}",
		    "title", c->cat->title, "points", c->points,
		    "max_points", c->max_points, "percentage",
		    c->percentage >= 0 ? json_integer(c->percentage) : json_null()));
	}
	for (i = 0; i < rep->n_results; i++) {
		const struct chk_def *d = rep->defs[i];
		const struct chk_result *r = &rep->results[i];

		json_object_set_new(tests, d->name, json_pack("{s:s,s:s}",
		    "status", chk_status_str(r->status), "verdict", r->verdict));
		json_object_set_new(dtests, d->name, json_pack("{s:s,s:s,s:s,s:s,s:f,s:i,s:O}",
		    "title", d->title, "level", chk_level_str(d->level),
		    "code", r->code, "detail", r->detail, "points", r->points,
		    "max_points", r->max_points, "evidence", r->evidence));
	}
	json_object_set_new(results, "categories", cats);
	json_object_set_new(results, "tests", tests);
	json_object_set_new(results, "custom", chk_custom_fields(rep->fx));
	json_object_set_new(root, "results", results);

	json_object_set_new(details, "categories", dcats);
	json_object_set_new(details, "tests", dtests);
	if (st != NULL)
		json_object_set_new(details, "stats", json_pack("{s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:I,s:b}",
		    "dns_queries", st->dns_queries, "dns_probes", st->dns_probes,
		    "tcp_probes", st->tcp_probes, "http_fetches", st->http_fetches,
		    "tls_connections", st->tls_connections,
		    "tls_scans_reused", st->scans_reused,
		    "https_resumed", st->tls_resumed, "memory_bytes",
		    (json_int_t)st->arena_bytes, "memory_limit_hit", st->out_of_memory));
	json_object_set_new(root, "details", details);
	return root;
}

json_t *
report_error_json(const char *domain, enum fx_kind kind, const char *code,
    const char *msg)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:{s:s,s:s}}", "api_version",
	    UTD_API_VERSION, "domain", domain, "test_type", kind_str(kind),
	    "status", "error", "error", "code", code, "msg", msg);
}

int
report_json_score(const json_t *result, int *ok)
{
	const char *status = json_string_value(json_object_get(result, "status"));

	*ok = status != NULL && strcmp(status, "ok") == 0;
	if (!*ok)
		return -1;
	return (int)json_integer_value(json_object_get(json_object_get(result,
	    "scoring"), "percentage"));
}
