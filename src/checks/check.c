#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"
#include "checks/check.h"

static const char *const status_str[] = {
	[CHK_ERROR] = "error",
	[CHK_FAILED] = "failed",
	[CHK_WARNING] = "warning",
	[CHK_INFO] = "info",
	[CHK_NOT_TESTED] = "not_tested",
	[CHK_PASSED] = "passed",
};

const char *
chk_status_str(enum chk_status s)
{
	if ((unsigned)s >= sizeof(status_str) / sizeof(status_str[0]))
		return "error";
	return status_str[s];
}

int
chk_status_parse(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(status_str) / sizeof(status_str[0]); i++)
		if (strcmp(s, status_str[i]) == 0)
			return (int)i;
	return -1;
}

const char *
chk_level_str(enum chk_level l)
{
	switch (l) {
	case CHK_REQUIRED:
		return "required";
	case CHK_RECOMMENDED:
		return "recommended";
	case CHK_OPTIONAL:
		return "optional";
	}
	return "required";
}

enum chk_status
chk_clamp(enum chk_level l, enum chk_status s)
{
	if (s == CHK_ERROR)
		return s;
	if (l == CHK_RECOMMENDED && s == CHK_FAILED)
		return CHK_WARNING;
	if (l == CHK_OPTIONAL && (s == CHK_FAILED || s == CHK_WARNING))
		return CHK_INFO;
	return s;
}

void
chk_set(struct chk_result *r, enum chk_status st, const char *verdict,
    const char *code, const char *fmt, ...)
{
	va_list ap;

	r->status = st;
	r->verdict = verdict;
	r->code = code;
	va_start(ap, fmt);
	vsnprintf(r->detail, sizeof(r->detail), fmt, ap);
	va_end(ap);
	/* a detail quotes records, headers and banners: cut on a character,
	 * then valid UTF-8 without control characters */
	text_trim_partial(r->detail);
	(void)text_clean(r->detail, 1);
}

json_t *
chk_jstr(const char *s)
{
	json_t *j;
	char *c;

	if (s == NULL)
		return NULL;
	if ((j = json_string(s)) != NULL)
		return j;
	if ((c = strdup(s)) == NULL)
		return NULL;
	(void)text_clean(c, 0);
	j = json_string(c);
	free(c);
	return j;
}

void
chk_set_lookup_error(struct chk_result *r, const struct fx_lookup *lk,
    const char *what)
{
	if (!lk->done) {
		chk_set(r, CHK_ERROR, "error", "not_asked",
		    "%s was not looked up: a prerequisite lookup failed", what);
		return;
	}
	if (lk->sec == DNS_SEC_BOGUS) {
		chk_set(r, CHK_ERROR, "error", "bogus",
		    "%s: DNSSEC validation failed (%s)", what,
		    lk->why_bogus ? lk->why_bogus : "no reason given");
		return;
	}
	switch (lk->err) {
	case DNS_ERR_TIMEOUT:
		chk_set(r, CHK_ERROR, "error", "timeout",
		    "%s: no answer within %u ms", what, lk->elapsed_ms);
		break;
	case DNS_ERR_SERVFAIL:
		chk_set(r, CHK_ERROR, "error", "servfail",
		    "%s: the resolver answered SERVFAIL%s%s", what,
		    lk->detail ? ": " : "", lk->detail ? lk->detail : "");
		break;
	case DNS_ERR_REFUSED:
		chk_set(r, CHK_ERROR, "error", "refused",
		    "%s: the resolver answered REFUSED", what);
		break;
	case DNS_OK:
		chk_set(r, CHK_ERROR, "error", "rcode",
		    "%s: answer with rcode %d", what, lk->rcode);
		break;
	default:
		chk_set(r, CHK_ERROR, "error", dns_err_code(lk->err),
		    "%s: %s%s%s", what, dns_err_code(lk->err),
		    lk->detail ? ": " : "", lk->detail ? lk->detail : "");
		break;
	}
}

const struct chk_def *
chk_find(const char *name)
{
	const struct chk_def *const *d;

	for (d = chk_registry; *d != NULL; d++)
		if (strcmp((*d)->name, name) == 0)
			return *d;
	return NULL;
}

void
chk_run(const struct chk_def *d, const struct facts *fx, struct chk_result *r)
{
	memset(r, 0, sizeof(*r));
	r->status = CHK_ERROR;
	r->verdict = "error";
	r->code = "not_evaluated";
	r->max_points = d->max_points;
	r->evidence = json_object();
	d->evaluate(fx, r);
	r->status = chk_clamp(d->level, r->status);
	if (r->max_points < 0)
		r->max_points = 0;
	if (r->points > r->max_points)
		r->points = r->max_points;
	if (r->points < 0)
		r->points = 0;
	if (r->n_servers > CHK_MAX_SERVERS)
		r->n_servers = CHK_MAX_SERVERS;
	for (size_t i = 0; i < r->n_servers; i++) {
		if (r->server_points[i] > r->max_points)
			r->server_points[i] = r->max_points;
		if (r->server_points[i] < 0)
			r->server_points[i] = 0;
	}
}
