#include <string.h>

#include "checks/web/appsec_common.h"

size_t
chk_header_values(const struct http_result *h, const char *name,
    const char **out, size_t cap)
{
	size_t i, n = 0;

	for (i = 0; h != NULL && i < h->n_headers && n < cap; i++)
		if (strcmp(h->headers[i].name, name) == 0)
			out[n++] = h->headers[i].value;
	return n;
}

const struct http_result *
chk_https_answer(const struct fx_web_ep *e, struct chk_result *r)
{
	const struct http_result *h = e->https;

	if (h == NULL || h->outcome != HTTP_FETCH_OK) {
		chk_set(r, CHK_NOT_TESTED, "na", "no_https",
		    "no HTTPS response to read the headers from");
		return NULL;
	}
	return h;
}
