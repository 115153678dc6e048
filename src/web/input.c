/*
 * input.c: checks of what clients of `uptodate serve` send.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <microhttpd.h>

#include "batch/domlist.h"
#include "batch/nameset.h"
#include "web/input.h"

int
serve_domain(const char *in, char *out, const char **why)
{
	size_t len = strlen(in);

	while (len > 0 && (in[len - 1] == ' ' || in[len - 1] == '\t' ||
	    in[len - 1] == '\r' || in[len - 1] == '\n'))
		len--;
	while (len > 0 && (*in == ' ' || *in == '\t')) {
		in++;
		len--;
	}
	if (len == 0) {
		*why = "no domain given";
		return -1;
	}
	if (len > 1024 || memchr(in, ' ', len) != NULL ||
	    memchr(in, ',', len) != NULL || memchr(in, '#', len) != NULL ||
	    memchr(in, '\t', len) != NULL) {
		*why = "not a domain name (one name, no spaces)";
		return -1;
	}
	switch (domlist_parse(in, len, out, 256, why)) {
	case DOMLIST_NAME:
		break;
	case DOMLIST_SKIP:
		*why = "no domain given";
		return -1;
	case DOMLIST_BAD:
		return -1;
	}
	if (strchr(out, '.') == NULL) {
		*why = "not a domain name: it has no dot (a top-level domain or "
		    "a local name)";
		return -1;
	}
	return 0;
}



int
form_field(const char *body, size_t len, const char *name, char *out,
    size_t cap)
{
	size_t nlen = strlen(name), i = 0;

	while (i < len) {
		size_t end = i;

		while (end < len && body[end] != '&')
			end++;
		if (end - i > nlen && memcmp(body + i, name, nlen) == 0 &&
		    body[i + nlen] == '=') {
			size_t vlen = end - i - nlen - 1, k;

			if (vlen >= cap)
				return -1;
			memcpy(out, body + i + nlen + 1, vlen);
			out[vlen] = '\0';
			for (k = 0; k < vlen; k++)
				if (out[k] == '+')
					out[k] = ' ';
			MHD_http_unescape(out);
			return 0;
		}
		i = end + 1;
	}
	return -1;
}

void
api_submit_clear(struct api_submit *s)
{
	size_t i;

	for (i = 0; s->domains != NULL && i < s->n; i++)
		free(s->domains[i]);
	free(s->domains);
	memset(s, 0, sizeof(*s));
}

/* The fields of the body, checked; 0, or -1 with msg. */
static int
submit_fields(json_t *j, unsigned max_domains, struct api_submit *out,
    json_t **list, char *msg, size_t msglen)
{
	const char *type;
	json_t *v;

	type = json_string_value(json_object_get(j, "type"));
	if (type == NULL || (strcmp(type, "web") != 0 && strcmp(type, "mail") != 0)) {
		snprintf(msg, msglen, "\"type\" must be \"web\" or \"mail\"");
		return -1;
	}
	snprintf(out->type, sizeof(out->type), "%s", type);
	if ((v = json_object_get(j, "name")) != NULL) {
		if (!json_is_string(v) || json_string_length(v) > 200 ||
		    strlen(json_string_value(v)) != json_string_length(v)) {
			snprintf(msg, msglen, "\"name\" must be a string of at most "
			    "200 characters");
			return -1;
		}
		snprintf(out->name, sizeof(out->name), "%s", json_string_value(v));
	}
	v = json_object_get(j, "domains");
	if (!json_is_array(v) || json_array_size(v) == 0) {
		snprintf(msg, msglen, "\"domains\" must be a non-empty list of "
		    "domain names");
		return -1;
	}
	if (json_array_size(v) > max_domains) {
		snprintf(msg, msglen, "%zu domains; at most %u per request",
		    json_array_size(v), max_domains);
		return -1;
	}
	*list = v;
	return 0;
}

int
api_submit_parse(const char *body, size_t len, unsigned max_domains,
    struct api_submit *out, char *msg, size_t msglen, int *oom)
{
	json_error_t jerr;
	json_t *j, *list = NULL;
	struct nameset *seen = NULL;
	const char *why;
	size_t i, total;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	*oom = 0;
	j = json_loadb(body != NULL ? body : "", len, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL || !json_is_object(j)) {
		snprintf(msg, msglen, "the body is not a JSON object%s%s",
		    j == NULL ? ": " : "", j == NULL ? jerr.text : "");
		goto out;
	}
	if (submit_fields(j, max_domains, out, &list, msg, msglen) != 0)
		goto out;
	total = json_array_size(list);
	if ((out->domains = calloc(total, sizeof(*out->domains))) == NULL ||
	    (seen = nameset_new()) == NULL) {
		*oom = 1;
		snprintf(msg, msglen, "out of memory");
		goto out;
	}
	for (i = 0; i < total; i++) {
		const char *raw = json_string_value(json_array_get(list, i));
		char dom[256];
		int add;

		if (raw == NULL) {
			snprintf(msg, msglen, "domains[%zu] is not a string", i);
			goto out;
		}
		if (serve_domain(raw, dom, &why) != 0) {
			snprintf(msg, msglen, "domains[%zu] \"%.100s\": %s", i, raw,
			    why);
			goto out;
		}
		if ((add = nameset_add(seen, 0, dom)) == 0)
			continue;            /* a duplicate: tested once */
		if (add < 0 || (out->domains[out->n] = strdup(dom)) == NULL) {
			*oom = 1;
			snprintf(msg, msglen, "out of memory");
			goto out;
		}
		out->n++;
	}
	rc = 0;
out:
	if (rc != 0)
		api_submit_clear(out);
	nameset_free(seen);
	json_decref(j);
	return rc;
}
