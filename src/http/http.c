/*
 * http.c: pinned fetches on net_curl, the manual redirect walk, and the
 * pure header and HTML helpers the website checks use.
 *
 * A fetch is one struct fetch: an easy handle pinned to its address with
 * CURLOPT_CONNECT_TO (no DNS cache is involved), the response being built,
 * and the caps. Its TLS session may be resumed by the next fetch of the
 * same name, address and port through the net_curl's share (libcurl keys
 * sessions by name, connect-to host and port). It ends in one place,
 * fetch_deliver().
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <openssl/ssl.h>

#include "http/http.h"
#include "net/curl.h"
#include "util/clock.h"

#define HTTP_BODY_CHUNK_MIN   16384   /* first body allocation */

/* --- codes ---------------------------------------------------------------- */

static const char *outcome_code[] = {
	[HTTP_FETCH_OK] = "ok",
	[HTTP_FETCH_TIMEOUT] = "timeout",
	[HTTP_FETCH_REFUSED] = "refused",
	[HTTP_FETCH_UNREACHABLE] = "unreachable",
	[HTTP_FETCH_CONNECT_FAILED] = "connect_failed",
	[HTTP_FETCH_TLS] = "tls_error",
	[HTTP_FETCH_TLS_VERIFY] = "tls_verify",
	[HTTP_FETCH_IO] = "io_error",
	[HTTP_FETCH_EMPTY] = "empty_reply",
	[HTTP_FETCH_BADREPLY] = "bad_reply",
	[HTTP_FETCH_BADURL] = "bad_url",
	[HTTP_FETCH_PIN] = "pin_violation",
	[HTTP_FETCH_NOMEM] = "nomem",
	[HTTP_FETCH_CANCELLED] = "cancelled",
	[HTTP_FETCH_ERROR] = "error",
};

const char *
http_outcome_code(enum http_outcome o)
{
	if ((size_t)o >= sizeof(outcome_code) / sizeof(outcome_code[0]))
		return "error";
	return outcome_code[o];
}

static const char *follow_end_code[] = {
	[HTTP_FOLLOW_FINAL] = "final",
	[HTTP_FOLLOW_FAILED] = "failed",
	[HTTP_FOLLOW_OTHER_HOST] = "other_host",
	[HTTP_FOLLOW_BAD_LOCATION] = "bad_location",
	[HTTP_FOLLOW_TOO_MANY] = "too_many",
	[HTTP_FOLLOW_NOMEM] = "nomem",
};

const char *
http_follow_end_code(enum http_follow_end e)
{
	if ((size_t)e >= sizeof(follow_end_code) / sizeof(follow_end_code[0]))
		return "error";
	return follow_end_code[e];
}

/* --- small string helpers (ASCII only, locale-free) ----------------------- */

static int
lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int
span_eq_nocase(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lc((unsigned char)a[i]) != lc((unsigned char)b[i]))
			return 0;
	return 1;
}

/* a[0..alen) equals the NUL-terminated b, ignoring ASCII case */
static int
eq_nocase(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen; i++)
		if (b[i] == '\0' ||
		    lc((unsigned char)a[i]) != lc((unsigned char)b[i]))
			return 0;
	return b[alen] == '\0';
}

/* RFC 9110 tchar */
static int
is_tchar(int c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int
is_ows(int c)
{
	return c == ' ' || c == '\t';
}

static char *
dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static char *
dup_s(const char *s)
{
	return s != NULL ? dup_n(s, strlen(s)) : NULL;
}

/* --- results -------------------------------------------------------------- */

static void
headers_clear(struct http_result *r)
{
	size_t i;

	for (i = 0; i < r->n_headers; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	free(r->headers);
	r->headers = NULL;
	r->n_headers = 0;
	r->headers_truncated = 0;
	r->headers_malformed = 0;
	r->location = NULL;
}

void
http_result_free(struct http_result *r)
{
	if (r == NULL)
		return;
	headers_clear(r);
	free(r->url);
	free(r->location_url);
	free(r->body);
	free(r);
}

const char *
http_header_get(const struct http_result *r, const char *name)
{
	size_t i;

	if (r == NULL || name == NULL)
		return NULL;
	for (i = 0; i < r->n_headers; i++)
		if (eq_nocase(r->headers[i].name, strlen(r->headers[i].name),
		    name))
			return r->headers[i].value;
	return NULL;
}

/*
 * Copy a value: optional whitespace off both ends, CR/LF/NUL to SP
 * (RFC 9110 section 5.5), at most HTTP_HEADER_VALUE_MAX bytes.
 */
static char *
value_copy(const char *s, size_t len, int *truncated)
{
	char *v;
	size_t i;

	while (len > 0 && is_ows((unsigned char)s[0])) {
		s++;
		len--;
	}
	while (len > 0 && is_ows((unsigned char)s[len - 1]))
		len--;
	if (len > HTTP_HEADER_VALUE_MAX) {
		len = HTTP_HEADER_VALUE_MAX;
		*truncated = 1;
	}
	if ((v = dup_n(s, len)) == NULL)
		return NULL;
	for (i = 0; i < len; i++)
		if (v[i] == '\r' || v[i] == '\n' || v[i] == '\0')
			v[i] = ' ';
	return v;
}

/* obs-fold: a line starting with SP/HT continues the previous value. */
static int
header_continue(struct http_result *r, const char *line, size_t len)
{
	struct http_header *h;
	size_t old, add, room;
	int trunc = 0;
	char *v, *nv;

	if (r->n_headers == 0 || r->headers_truncated) {
		r->headers_malformed++;
		return 0;
	}
	h = &r->headers[r->n_headers - 1];
	if ((v = value_copy(line, len, &trunc)) == NULL)
		return -1;
	old = strlen(h->value);
	add = strlen(v);
	room = old < HTTP_HEADER_VALUE_MAX ? HTTP_HEADER_VALUE_MAX - old : 0;
	if (add + 1 > room) {
		trunc = 1;
		add = room > 0 ? room - 1 : 0;
	}
	if (add > 0) {
		if ((nv = realloc(h->value, old + 1 + add + 1)) == NULL) {
			free(v);
			return -1;
		}
		nv[old] = ' ';
		memcpy(nv + old + 1, v, add);
		nv[old + 1 + add] = '\0';
		if (r->location == h->value)
			r->location = nv;
		h->value = nv;
	}
	free(v);
	if (trunc)
		r->headers_truncated = 1;
	return 0;
}

int
http_result_add_header_line(struct http_result *r, const char *line,
    size_t len)
{
	struct http_header *h;
	size_t nlen, i;
	int trunc = 0;
	char *name, *value;

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len == 0)
		return 0;
	if (len >= 5 && memcmp(line, "HTTP/", 5) == 0) {
		headers_clear(r);
		return 0;
	}
	if (is_ows((unsigned char)line[0]))
		return header_continue(r, line, len);
	nlen = 0;
	while (nlen < len && is_tchar((unsigned char)line[nlen]))
		nlen++;
	if (nlen == 0 || nlen == len || line[nlen] != ':') {
		r->headers_malformed++;
		return 0;
	}
	if (r->n_headers >= HTTP_HEADERS_MAX || nlen > HTTP_HEADER_NAME_MAX) {
		r->headers_truncated = 1;
		return 0;
	}
	if (r->n_headers == 0 || (r->n_headers >= 8 &&
	    (r->n_headers & (r->n_headers - 1)) == 0)) {
		size_t cap = r->n_headers == 0 ? 8 : r->n_headers * 2;

		h = realloc(r->headers, cap * sizeof(*h));
		if (h == NULL)
			return -1;
		r->headers = h;
	}
	if ((name = dup_n(line, nlen)) == NULL)
		return -1;
	for (i = 0; i < nlen; i++)
		name[i] = (char)lc((unsigned char)name[i]);
	value = value_copy(line + nlen + 1, len - nlen - 1, &trunc);
	if (value == NULL) {
		free(name);
		return -1;
	}
	if (trunc)
		r->headers_truncated = 1;
	h = &r->headers[r->n_headers++];
	h->name = name;
	h->value = value;
	if (r->location == NULL && strcmp(name, "location") == 0)
		r->location = value;
	return 0;
}

/* --- URLs ----------------------------------------------------------------- */

struct url_parts {
	char *scheme;       /* lower case */
	char *host;         /* as written (IPv6 literals with brackets) */
	uint16_t port;
};

static void
url_parts_free(struct url_parts *p)
{
	free(p->scheme);
	free(p->host);
	memset(p, 0, sizeof(*p));
}

/* 0 when url parsed with a scheme and a host; -1 otherwise (p zeroed or
 * with what could be read). ENOMEM is reported as failure too. */
static int
url_split(const char *url, struct url_parts *p)
{
	CURLU *u;
	char *scheme = NULL, *host = NULL, *port = NULL;
	int rc = -1;
	size_t i;

	memset(p, 0, sizeof(*p));
	if (url == NULL || (u = curl_url()) == NULL)
		return -1;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) !=
	    CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK)
		goto out;
	if ((p->scheme = dup_s(scheme)) == NULL)
		goto out;
	for (i = 0; p->scheme[i] != '\0'; i++)
		p->scheme[i] = (char)lc((unsigned char)p->scheme[i]);
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    host[0] == '\0')
		goto out;
	if ((p->host = dup_s(host)) == NULL)
		goto out;
	if (curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) ==
	    CURLUE_OK) {
		char *end;
		long v = strtol(port, &end, 10);

		if (*end == '\0' && v > 0 && v <= 65535)
			p->port = (uint16_t)v;
	}
	rc = p->port != 0 ? 0 : -1;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return rc;
}

static int
is_web_scheme(const char *scheme)
{
	return scheme != NULL &&
	    (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0);
}

/* Host as compared between hops: lower case, no trailing dot. */
static char *
host_key(const char *host)
{
	size_t n, i;
	char *k;

	if (host == NULL)
		return NULL;
	n = strlen(host);
	if (n > 1 && host[n - 1] == '.')
		n--;
	if ((k = dup_n(host, n)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		k[i] = (char)lc((unsigned char)k[i]);
	return k;
}

/* A literal host ("192.0.2.1", "[2001:db8::1]") as an address; -1 if none. */
static int
host_literal(const char *host, struct net_addr *a)
{
	char buf[64];
	size_t n = strlen(host);

	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		if (n - 2 >= sizeof(buf))
			return -1;
		memcpy(buf, host + 1, n - 2);
		buf[n - 2] = '\0';
		return net_addr_parse(a, buf);
	}
	return net_addr_parse(a, host);
}

/* --- one fetch ------------------------------------------------------------ */

struct fetch {
	CURL *easy;
	struct curl_slist *connect_to;
	struct curl_slist *hdrs;
	struct http_result *r;
	struct net_addr pin;
	size_t max_body;
	size_t body_cap;            /* bytes allocated for r->body */
	size_t header_bytes;
	int header_overflow;
	int nomem;
	struct timespec start;
	char errbuf[CURL_ERROR_SIZE];
	http_fetch_cb cb;
	void *arg;
};

static void
fetch_release(struct fetch *f)
{
	if (f->easy != NULL)
		curl_easy_cleanup(f->easy);
	curl_slist_free_all(f->connect_to);
	curl_slist_free_all(f->hdrs);
	http_result_free(f->r);
	free(f);
}

/* The single end of a fetch: hand the result over, release the rest. */
static void
fetch_deliver(struct fetch *f)
{
	struct http_result *r = f->r;

	f->r = NULL;
	r->elapsed_ms = clock_elapsed_ms(&f->start);
	/* Results live in the facts until the domain is judged: give back
	 * what the body buffer did not use (it grows by 16 KiB steps). */
	if (r->body != NULL && f->body_cap > r->body_len + 1) {
		uint8_t *nb = realloc(r->body, r->body_len + 1);

		if (nb != NULL)
			r->body = nb;
	}
	f->cb(f->arg, r);
	fetch_release(f);
}

static void fetch_fail(struct fetch *f, enum http_outcome o, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static void
fetch_fail(struct fetch *f, enum http_outcome o, const char *fmt, ...)
{
	va_list ap;

	f->r->outcome = o;
	va_start(ap, fmt);
	vsnprintf(f->r->detail, sizeof(f->r->detail), fmt, ap);
	va_end(ap);
	fetch_deliver(f);
}

static size_t
header_cb(char *buf, size_t size, size_t n, void *arg)
{
	struct fetch *f = arg;
	size_t len = size * n;
	struct curl_tlssessioninfo *ti = NULL;

	/* the first header line: the TLS handshake, if any, is done */
	if (f->header_bytes == 0 &&
	    curl_easy_getinfo(f->easy, CURLINFO_TLS_SSL_PTR, &ti) == CURLE_OK &&
	    ti != NULL && ti->backend == CURLSSLBACKEND_OPENSSL &&
	    ti->internals != NULL)
		f->r->tls_resumed = SSL_session_reused(ti->internals) == 1;
	f->header_bytes += len;
	if (f->header_bytes > HTTP_HEADER_BYTES_MAX) {
		f->header_overflow = 1;
		return 0;
	}
	if (http_result_add_header_line(f->r, buf, len) != 0) {
		f->nomem = 1;
		return 0;
	}
	return len;
}

static size_t
body_cb(char *buf, size_t size, size_t n, void *arg)
{
	struct fetch *f = arg;
	struct http_result *r = f->r;
	size_t len = size * n, room = f->max_body - r->body_len;
	size_t take = len < room ? len : room;

	if (take > 0) {
		size_t need = r->body_len + take + 1;

		if (need > f->body_cap) {
			size_t cap = f->body_cap;
			uint8_t *nb;

			while (cap < need)
				cap = cap < HTTP_BODY_CHUNK_MIN ?
				    HTTP_BODY_CHUNK_MIN : cap * 2;
			if (cap > f->max_body + 1)
				cap = f->max_body + 1;
			if ((nb = realloc(r->body, cap)) == NULL) {
				f->nomem = 1;
				return 0;
			}
			r->body = nb;
			f->body_cap = cap;
		}
		memcpy(r->body + r->body_len, buf, take);
		r->body_len += take;
		r->body[r->body_len] = '\0';
	}
	if (take < len) {
		r->body_truncated = 1;
		return 0;
	}
	return len;
}

static enum http_outcome
outcome_of(CURLcode rc, int os_errno)
{
	switch (rc) {
	case CURLE_OK:
		return HTTP_FETCH_OK;
	case CURLE_OPERATION_TIMEDOUT:
		return HTTP_FETCH_TIMEOUT;
	case CURLE_COULDNT_CONNECT:
		switch (os_errno) {
		case ECONNREFUSED:
			return HTTP_FETCH_REFUSED;
		case EHOSTUNREACH:
		case ENETUNREACH:
		case EADDRNOTAVAIL:
		case EHOSTDOWN:
		case ENETDOWN:
			return HTTP_FETCH_UNREACHABLE;
		case ETIMEDOUT:
			return HTTP_FETCH_TIMEOUT;
		default:
			return HTTP_FETCH_CONNECT_FAILED;
		}
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_USE_SSL_FAILED:
		return HTTP_FETCH_TLS;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		return HTTP_FETCH_TLS_VERIFY;
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
		return HTTP_FETCH_IO;
	case CURLE_GOT_NOTHING:
		return HTTP_FETCH_EMPTY;
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_HTTP3:
	case CURLE_PARTIAL_FILE:
	case CURLE_BAD_CONTENT_ENCODING:
	case CURLE_TOO_MANY_REDIRECTS:
		return HTTP_FETCH_BADREPLY;
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
		return HTTP_FETCH_BADURL;
	case CURLE_COULDNT_RESOLVE_HOST:
		/* the pin did not apply: never fall back to DNS */
		return HTTP_FETCH_PIN;
	case CURLE_OUT_OF_MEMORY:
		return HTTP_FETCH_NOMEM;
	case CURLE_ABORTED_BY_CALLBACK:
		return HTTP_FETCH_CANCELLED;
	default:
		return HTTP_FETCH_ERROR;
	}
}

static void
fetch_done(void *arg, CURL *easy, CURLcode rc, int pin_refused)
{
	struct fetch *f = arg;
	struct http_result *r = f->r;
	struct net_addr used;
	char *ip = NULL, *redir = NULL;
	long l;

	r->curl_code = (int)rc;
	if (curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &l) == CURLE_OK)
		r->os_errno = (int)l;
	if (curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &l) == CURLE_OK)
		r->status = l;
	if (curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &l) == CURLE_OK) {
		switch (l) {
		case CURL_HTTP_VERSION_1_0:
			r->http_version = 10;
			break;
		case CURL_HTTP_VERSION_1_1:
			r->http_version = 11;
			break;
		case CURL_HTTP_VERSION_2_0:
			r->http_version = 20;
			break;
		case CURL_HTTP_VERSION_3:
			r->http_version = 30;
			break;
		default:
			break;
		}
	}
	if (curl_easy_getinfo(easy, CURLINFO_SSL_VERIFYRESULT, &l) == CURLE_OK)
		r->tls_verify_result = l;
	if (curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK &&
	    ip != NULL)
		snprintf(r->primary_ip, sizeof(r->primary_ip), "%s", ip);
	if (curl_easy_getinfo(easy, CURLINFO_PRIMARY_PORT, &l) == CURLE_OK)
		r->primary_port = l;
	r->pin_ok = r->primary_ip[0] != '\0' &&
	    net_addr_parse(&used, r->primary_ip) == 0 &&
	    net_addr_cmp(&used, &f->pin) == 0;
	if (r->location != NULL &&
	    curl_easy_getinfo(easy, CURLINFO_REDIRECT_URL, &redir) ==
	    CURLE_OK && redir != NULL &&
	    (r->location_url = dup_s(redir)) == NULL)
		f->nomem = 1;

	r->outcome = outcome_of(rc, r->os_errno);
	if (pin_refused) {
		r->outcome = HTTP_FETCH_PIN;
		snprintf(r->detail, sizeof(r->detail),
		    "refused to connect anywhere but the pinned %s",
		    f->pin.text);
	} else if (rc == CURLE_WRITE_ERROR && f->nomem) {
		r->outcome = HTTP_FETCH_NOMEM;
	} else if (rc == CURLE_WRITE_ERROR && f->header_overflow) {
		r->outcome = HTTP_FETCH_BADREPLY;
		snprintf(r->detail, sizeof(r->detail),
		    "response headers exceed %d bytes", HTTP_HEADER_BYTES_MAX);
	} else if (rc == CURLE_WRITE_ERROR && r->body_truncated) {
		r->outcome = HTTP_FETCH_OK;
	} else if (rc == CURLE_OK && f->nomem) {
		r->outcome = HTTP_FETCH_NOMEM;
	} else if (r->outcome != HTTP_FETCH_OK) {
		snprintf(r->detail, sizeof(r->detail), "%s",
		    f->errbuf[0] != '\0' ? f->errbuf : curl_easy_strerror(rc));
	}
	if (r->outcome == HTTP_FETCH_NOMEM && r->detail[0] == '\0')
		snprintf(r->detail, sizeof(r->detail), "out of memory");
	fetch_deliver(f);
}

#define SET(opt, val) do { \
	if (curl_easy_setopt(f->easy, opt, val) != CURLE_OK) { \
		what = #opt; \
		goto setopt_failed; \
	} \
} while (0)

int
http_fetch(struct net_curl *nc, const struct http_req *req, http_fetch_cb cb,
    void *arg)
{
	struct fetch *f;
	struct url_parts up;
	struct net_addr lit;
	const char *what = NULL;
	char entry[600];
	size_t i;
	int n;

	if (nc == NULL || req == NULL || cb == NULL)
		return -1;
	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	f->cb = cb;
	f->arg = arg;
	f->pin = req->addr;
	f->max_body = req->max_body != 0 ? req->max_body :
	    HTTP_BODY_MAX_DEFAULT;
	clock_start(&f->start);
	if ((f->r = calloc(1, sizeof(*f->r))) == NULL ||
	    (f->r->body = calloc(1, 1)) == NULL ||
	    (f->r->url = dup_s(req->url != NULL ? req->url : "")) == NULL) {
		fetch_release(f);
		return -1;
	}
	f->body_cap = 1;

	if (req->addr.family != AF_INET && req->addr.family != AF_INET6) {
		fetch_fail(f, HTTP_FETCH_BADURL, "no pinned address");
		return 0;
	}
	if (url_split(req->url, &up) != 0 || !is_web_scheme(up.scheme)) {
		url_parts_free(&up);
		fetch_fail(f, HTTP_FETCH_BADURL,
		    "not an http(s) URL with a host: %.200s", f->r->url);
		return 0;
	}
	if (host_literal(up.host, &lit) == 0) {
		if (net_addr_cmp(&lit, &req->addr) != 0) {
			fetch_fail(f, HTTP_FETCH_BADURL,
			    "URL address %s is not the pinned address %s",
			    lit.text, req->addr.text);
			url_parts_free(&up);
			return 0;
		}
	} else {
		n = snprintf(entry, sizeof(entry),
		    req->addr.family == AF_INET6 ? "%s:%u:[%s]:%u" : "%s:%u:%s:%u",
		    up.host, (unsigned)up.port, req->addr.text, (unsigned)up.port);
		if (n < 0 || (size_t)n >= sizeof(entry)) {
			url_parts_free(&up);
			fetch_fail(f, HTTP_FETCH_BADURL, "host name too long");
			return 0;
		}
		if ((f->connect_to = curl_slist_append(NULL, entry)) == NULL) {
			url_parts_free(&up);
			fetch_release(f);
			return -1;
		}
	}
	url_parts_free(&up);
	for (i = 0; req->headers != NULL && req->headers[i] != NULL; i++) {
		struct curl_slist *s;

		if ((s = curl_slist_append(f->hdrs, req->headers[i])) == NULL) {
			fetch_release(f);
			return -1;
		}
		f->hdrs = s;
	}
	if ((f->easy = curl_easy_init()) == NULL) {
		fetch_release(f);
		return -1;
	}

	SET(CURLOPT_ERRORBUFFER, f->errbuf);
	SET(CURLOPT_URL, f->r->url);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	if (net_curl_share(nc) != NULL)
		SET(CURLOPT_SHARE, net_curl_share(nc));
	if (f->connect_to != NULL)
		SET(CURLOPT_CONNECT_TO, f->connect_to);
	SET(CURLOPT_PROXY, "");
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_FRESH_CONNECT, 1L);
	SET(CURLOPT_FORBID_REUSE, 1L);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_TIMEOUT_MS, (long)(req->timeout_ms != 0 ?
	    req->timeout_ms : HTTP_TIMEOUT_DEFAULT_MS));
	SET(CURLOPT_HTTP_VERSION, req->http2 ? (long)CURL_HTTP_VERSION_2TLS :
	    (long)CURL_HTTP_VERSION_1_1);
	SET(CURLOPT_SSL_VERIFYPEER, req->verify ? 1L : 0L);
	SET(CURLOPT_SSL_VERIFYHOST, req->verify ? 2L : 0L);
	if (req->ca_file != NULL)
		SET(CURLOPT_CAINFO, req->ca_file);
	SET(CURLOPT_USERAGENT,
	    req->user_agent != NULL ? req->user_agent : HTTP_USER_AGENT);
	if (f->hdrs != NULL)
		SET(CURLOPT_HTTPHEADER, f->hdrs);
	SET(CURLOPT_HTTP_CONTENT_DECODING, 0L);
	SET(CURLOPT_HEADERFUNCTION, header_cb);
	SET(CURLOPT_HEADERDATA, f);
	SET(CURLOPT_WRITEFUNCTION, body_cb);
	SET(CURLOPT_WRITEDATA, f);

	if (net_curl_add(nc, f->easy, &f->pin, fetch_done, f) != 0) {
		fetch_release(f);
		return -1;
	}
	return 0;

setopt_failed:
	fetch_fail(f, HTTP_FETCH_ERROR, "libcurl refused option %s", what);
	return 0;
}

#undef SET

/* --- the redirect walk ---------------------------------------------------- */

struct follow {
	struct net_curl *nc;
	struct http_req req;        /* url unused; strings below are owned */
	char *ca_file, *user_agent;
	char **headers;
	char *pin_host;             /* host_key of the first URL */
	unsigned max_hops, followed;
	size_t hops_cap;
	struct http_follow_result *fr;
	http_follow_cb cb;
	void *arg;
};

static void
hop_clear(struct http_hop *h)
{
	free(h->url);
	free(h->scheme);
	free(h->host);
	http_result_free(h->result);
}

void
http_follow_result_free(struct http_follow_result *fr)
{
	size_t i;

	if (fr == NULL)
		return;
	for (i = 0; i < fr->n_hops; i++)
		hop_clear(&fr->hops[i]);
	free(fr->hops);
	free(fr);
}

static void
follow_free(struct follow *w)
{
	size_t i;

	free(w->ca_file);
	free(w->user_agent);
	for (i = 0; w->headers != NULL && w->headers[i] != NULL; i++)
		free(w->headers[i]);
	free(w->headers);
	free(w->pin_host);
	http_follow_result_free(w->fr);
	free(w);
}

static void
follow_end(struct follow *w, enum http_follow_end end)
{
	struct http_follow_result *fr = w->fr;

	w->fr = NULL;
	fr->end = end;
	w->cb(w->arg, fr);
	follow_free(w);
}

/* Append a hop for url; NULL on ENOMEM. */
static struct http_hop *
hop_add(struct follow *w, const char *url)
{
	struct http_follow_result *fr = w->fr;
	struct url_parts up;
	struct http_hop *h;

	if (fr->n_hops == w->hops_cap) {
		size_t cap = w->hops_cap ? w->hops_cap * 2 : 4;

		if ((h = realloc(fr->hops, cap * sizeof(*h))) == NULL)
			return NULL;
		fr->hops = h;
		w->hops_cap = cap;
	}
	h = &fr->hops[fr->n_hops];
	memset(h, 0, sizeof(*h));
	if ((h->url = dup_s(url)) == NULL)
		return NULL;
	fr->n_hops++;
	(void)url_split(url, &up);
	h->scheme = up.scheme;
	h->host = host_key(up.host);
	h->port = up.port;
	if (up.host != NULL && h->host == NULL) {
		free(up.host);
		return NULL;
	}
	free(up.host);
	return h;
}

static void follow_fetch(struct follow *w);

static int
is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 ||
	    status == 307 || status == 308;
}

static void
follow_hop_done(void *arg, struct http_result *r)
{
	struct follow *w = arg;
	struct http_hop *h = &w->fr->hops[w->fr->n_hops - 1];
	const char *next;

	h->result = r;
	h->fetched = 1;
	h->status = r->status;
	h->location = r->location;
	if (r->outcome != HTTP_FETCH_OK) {
		follow_end(w, HTTP_FOLLOW_FAILED);
		return;
	}
	if (!is_redirect(r->status) || r->location == NULL) {
		follow_end(w, HTTP_FOLLOW_FINAL);
		return;
	}
	next = r->location_url != NULL ? r->location_url : r->location;
	if ((h = hop_add(w, next)) == NULL) {
		follow_end(w, HTTP_FOLLOW_NOMEM);
		return;
	}
	if (r->location_url == NULL || h->host == NULL ||
	    !is_web_scheme(h->scheme)) {
		follow_end(w, HTTP_FOLLOW_BAD_LOCATION);
		return;
	}
	if (w->pin_host == NULL || strcmp(h->host, w->pin_host) != 0) {
		follow_end(w, HTTP_FOLLOW_OTHER_HOST);
		return;
	}
	if (w->followed >= w->max_hops) {
		follow_end(w, HTTP_FOLLOW_TOO_MANY);
		return;
	}
	w->followed++;
	follow_fetch(w);
}

/* Fetch the last hop. */
static void
follow_fetch(struct follow *w)
{
	struct http_req req = w->req;

	req.url = w->fr->hops[w->fr->n_hops - 1].url;
	if (http_fetch(w->nc, &req, follow_hop_done, w) != 0)
		follow_end(w, HTTP_FOLLOW_NOMEM);
}

int
http_follow(struct net_curl *nc, const struct http_req *req,
    unsigned max_hops, http_follow_cb cb, void *arg)
{
	struct follow *w;
	struct http_req first;
	struct url_parts up;
	size_t i, n = 0;

	if (nc == NULL || req == NULL || cb == NULL)
		return -1;
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return -1;
	w->nc = nc;
	w->cb = cb;
	w->arg = arg;
	w->max_hops = max_hops != 0 ? max_hops : HTTP_FOLLOW_HOPS_DEFAULT;
	w->req = *req;
	if ((w->fr = calloc(1, sizeof(*w->fr))) == NULL)
		goto nomem;
	if (req->ca_file != NULL && (w->ca_file = dup_s(req->ca_file)) == NULL)
		goto nomem;
	if (req->user_agent != NULL &&
	    (w->user_agent = dup_s(req->user_agent)) == NULL)
		goto nomem;
	while (req->headers != NULL && req->headers[n] != NULL)
		n++;
	if (req->headers != NULL) {
		if ((w->headers = calloc(n + 1, sizeof(*w->headers))) == NULL)
			goto nomem;
		for (i = 0; i < n; i++)
			if ((w->headers[i] = dup_s(req->headers[i])) == NULL)
				goto nomem;
	}
	w->req.ca_file = w->ca_file;
	w->req.user_agent = w->user_agent;
	w->req.headers = (const char *const *)w->headers;
	w->req.url = NULL;
	if (url_split(req->url, &up) == 0 &&
	    (w->pin_host = host_key(up.host)) == NULL) {
		url_parts_free(&up);
		goto nomem;
	}
	url_parts_free(&up);
	if (hop_add(w, req->url != NULL ? req->url : "") == NULL)
		goto nomem;
	first = w->req;
	first.url = w->fr->hops[0].url;
	/* may call back (and free w) before returning */
	if (http_fetch(nc, &first, follow_hop_done, w) != 0)
		goto nomem;
	return 0;
nomem:
	follow_free(w);
	return -1;
}

/* --- Strict-Transport-Security -------------------------------------------- */

#define HSTS_NAMES_MAX 16   /* unknown directive names kept for duplicates */

struct span {
	const char *s;
	size_t n;
};

static void
hsts_problem(struct http_hsts *h, unsigned flag, const char *what,
    const char *at, size_t n)
{
	if (h->detail[0] == '\0')
		snprintf(h->detail, sizeof(h->detail), "%s%s%.*s%s", what,
		    n > 0 ? " \"" : "", (int)(n > 40 ? 40 : n), at,
		    n > 0 ? "\"" : "");
	h->flags |= flag;
}

static void
skip_ows(const char **p)
{
	while (is_ows((unsigned char)**p))
		(*p)++;
}

/* Past a quoted-string starting at *p == '"'; 0, or -1 if unterminated. */
static int
skip_quoted(const char **p)
{
	const char *s = *p + 1;

	for (;;) {
		if (*s == '\0') {
			*p = s;
			return -1;
		}
		if (*s == '\\') {
			if (s[1] == '\0') {
				*p = s + 1;
				return -1;
			}
			s += 2;
			continue;
		}
		if (*s == '"') {
			*p = s + 1;
			return 0;
		}
		s++;
	}
}

static void
skip_to_semicolon(const char **p)
{
	while (**p != '\0' && **p != ';') {
		if (**p == '"')
			(void)skip_quoted(p);
		else
			(*p)++;
	}
}

/*
 * delta-seconds from a token or a quoted-string body (escapes resolved):
 * 1*DIGIT, clamped to INT64_MAX. -1 when not a number.
 */
static int64_t
hsts_seconds(struct span v, int quoted, int *overflow)
{
	int64_t n = 0;
	size_t i, digits = 0;

	*overflow = 0;
	for (i = 0; i < v.n; i++) {
		int c = (unsigned char)v.s[i];

		if (quoted && c == '\\' && i + 1 < v.n)
			c = (unsigned char)v.s[++i];
		if (c < '0' || c > '9')
			return -1;
		digits++;
		if (n > (INT64_MAX - (c - '0')) / 10) {
			*overflow = 1;
			n = INT64_MAX;
		} else if (!*overflow) {
			n = n * 10 + (c - '0');
		}
	}
	return digits > 0 ? n : -1;
}

int
http_parse_hsts(const char *value, struct http_hsts *out)
{
	struct span unknown[HSTS_NAMES_MAX];
	size_t n_unknown = 0;
	int seen_maxage = 0, seen_sub = 0, seen_preload = 0;
	const char *p = value;

	memset(out, 0, sizeof(*out));
	out->max_age = -1;
	if (p == NULL) {
		hsts_problem(out, HTTP_HSTS_E_NO_MAXAGE, "no header", "", 0);
		return -1;
	}
	for (;;) {
		struct span name, val = { NULL, 0 };
		int has_val = 0, quoted = 0;
		size_t i;

		skip_ows(&p);
		if (*p == '\0')
			break;
		if (*p == ';') {
			p++;
			continue;
		}
		name.s = p;
		while (is_tchar((unsigned char)*p))
			p++;
		name.n = (size_t)(p - name.s);
		if (name.n == 0) {
			hsts_problem(out, HTTP_HSTS_E_SYNTAX,
			    "directive name expected at", p, strlen(p));
			skip_to_semicolon(&p);
			continue;
		}
		skip_ows(&p);
		if (*p == '=') {
			p++;
			skip_ows(&p);
			has_val = 1;
			if (*p == '"') {
				const char *q = p;

				quoted = 1;
				if (skip_quoted(&p) != 0) {
					hsts_problem(out, HTTP_HSTS_E_SYNTAX,
					    "unterminated quoted string", q,
					    strlen(q));
					break;
				}
				val.s = q + 1;
				val.n = (size_t)(p - q) - 2;
			} else {
				val.s = p;
				while (is_tchar((unsigned char)*p))
					p++;
				val.n = (size_t)(p - val.s);
				if (val.n == 0) {
					hsts_problem(out, HTTP_HSTS_E_SYNTAX,
					    "value expected for", name.s,
					    name.n);
					skip_to_semicolon(&p);
					continue;
				}
			}
			skip_ows(&p);
		}
		if (*p != ';' && *p != '\0') {
			hsts_problem(out, HTTP_HSTS_E_SYNTAX,
			    "\";\" expected at", p, strlen(p));
			skip_to_semicolon(&p);
			continue;
		}

		if (eq_nocase(name.s, name.n, "max-age")) {
			int64_t secs;
			int ovf;

			if (seen_maxage++) {
				hsts_problem(out, HTTP_HSTS_E_DUPLICATE,
				    "duplicate directive", name.s, name.n);
				continue;
			}
			secs = has_val ? hsts_seconds(val, quoted, &ovf) : -1;
			if (secs < 0) {
				hsts_problem(out, HTTP_HSTS_E_BAD_MAXAGE,
				    "max-age is not a number:", val.s, val.n);
				continue;
			}
			if (ovf)
				hsts_problem(out, HTTP_HSTS_W_OVERFLOW,
				    "max-age too large, clamped:", val.s,
				    val.n);
			out->max_age = secs;
		} else if (eq_nocase(name.s, name.n, "includesubdomains") ||
		    eq_nocase(name.s, name.n, "preload")) {
			int *seen = lc((unsigned char)name.s[0]) == 'i' ?
			    &seen_sub : &seen_preload;

			if ((*seen)++) {
				hsts_problem(out, HTTP_HSTS_E_DUPLICATE,
				    "duplicate directive", name.s, name.n);
				continue;
			}
			if (has_val)
				hsts_problem(out, HTTP_HSTS_W_VALUE,
				    "value ignored on", name.s, name.n);
			if (seen == &seen_sub)
				out->include_subdomains = 1;
			else
				out->preload = 1;
		} else {
			int dup = 0;

			for (i = 0; i < n_unknown && !dup; i++)
				dup = unknown[i].n == name.n &&
				    span_eq_nocase(unknown[i].s, name.s,
				    name.n);
			if (dup) {
				hsts_problem(out, HTTP_HSTS_E_DUPLICATE,
				    "duplicate directive", name.s, name.n);
				continue;
			}
			if (n_unknown < HSTS_NAMES_MAX)
				unknown[n_unknown++] = name;
			hsts_problem(out, HTTP_HSTS_W_UNKNOWN,
			    "unknown directive ignored:", name.s, name.n);
		}
	}
	if (!seen_maxage)
		hsts_problem(out, HTTP_HSTS_E_NO_MAXAGE, "max-age missing",
		    "", 0);
	if (out->flags & HTTP_HSTS_ERRORS) {
		/* a UA ignores the whole header */
		return -1;
	}
	return 0;
}

/* --- HTML distance -------------------------------------------------------- */

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME  0x100000001b3ULL

static uint64_t
fnv(uint64_t h, const char *s, size_t n, int fold)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i];

		h ^= (uint8_t)(fold ? lc(c) : c);
		h *= FNV_PRIME;
	}
	return h;
}

static uint64_t
fnv_byte(uint64_t h, uint8_t c)
{
	return (h ^ c) * FNV_PRIME;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* Element names or ids whose value/content changes per request. */
static const char *const noise_names[] = {
	"__viewstate", "__viewstategenerator", "__eventvalidation",
	"__requestverificationtoken", "csrf-token", "csrfmiddlewaretoken",
	"authenticity_token", "_token",
};

struct attr {
	struct span name, val;
};

/*
 * Next attribute of a tag body s[*pos..end); 0 at '>' (consumed) or end.
 * Quoted values may hold '>'.
 */
static int
attr_next(const char *s, size_t end, size_t *pos, struct attr *a)
{
	size_t i = *pos;

	memset(a, 0, sizeof(*a));
	while (i < end && (is_space((unsigned char)s[i]) || s[i] == '/'))
		i++;
	if (i >= end || s[i] == '>') {
		*pos = i < end ? i + 1 : end;
		return 0;
	}
	a->name.s = s + i;
	while (i < end && !is_space((unsigned char)s[i]) && s[i] != '=' &&
	    s[i] != '>' && s[i] != '/')
		i++;
	a->name.n = (size_t)(s + i - a->name.s);
	if (a->name.n == 0)
		i++;            /* a stray '=': skip it, keep going */
	while (i < end && is_space((unsigned char)s[i]))
		i++;
	if (a->name.n > 0 && i < end && s[i] == '=') {
		i++;
		while (i < end && is_space((unsigned char)s[i]))
			i++;
		if (i < end && (s[i] == '"' || s[i] == '\'')) {
			char q = s[i++];

			a->val.s = s + i;
			while (i < end && s[i] != q)
				i++;
			a->val.n = (size_t)(s + i - a->val.s);
			if (i < end)
				i++;
		} else {
			a->val.s = s + i;
			while (i < end && !is_space((unsigned char)s[i]) &&
			    s[i] != '>')
				i++;
			a->val.n = (size_t)(s + i - a->val.s);
		}
	}
	*pos = i;
	return 1;
}

static int
is_noise_value(struct span v)
{
	size_t i;

	for (i = 0; i < sizeof(noise_names) / sizeof(noise_names[0]); i++)
		if (eq_nocase(v.s, v.n, noise_names[i]))
			return 1;
	return 0;
}

/* Hash the tag starting at s[i] == '<'; returns the index after it. */
static size_t
tag_token(const char *s, size_t len, size_t i, uint64_t *out)
{
	size_t start = i + 1, pos, name_end;
	struct attr a;
	uint64_t h;
	int noise = 0;

	if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
		size_t j;

		for (j = i + 4; j + 3 <= len; j++)
			if (memcmp(s + j, "-->", 3) == 0)
				break;
		j = j + 3 <= len ? j + 3 : len;
		*out = fnv(FNV_OFFSET, s + i, j - i, 0);
		return j;
	}
	name_end = start;
	while (name_end < len && !is_space((unsigned char)s[name_end]) &&
	    s[name_end] != '>' && (s[name_end] != '/' || name_end == start))
		name_end++;
	h = fnv(fnv_byte(FNV_OFFSET, '<'), s + start, name_end - start, 1);

	pos = name_end;
	while (attr_next(s, len, &pos, &a))
		if ((eq_nocase(a.name.s, a.name.n, "name") ||
		    eq_nocase(a.name.s, a.name.n, "id")) &&
		    is_noise_value(a.val))
			noise = 1;
	pos = name_end;
	while (attr_next(s, len, &pos, &a)) {
		if (eq_nocase(a.name.s, a.name.n, "nonce"))
			continue;
		if (noise && (eq_nocase(a.name.s, a.name.n, "value") ||
		    eq_nocase(a.name.s, a.name.n, "content")))
			continue;
		h = fnv(fnv_byte(h, ' '), a.name.s, a.name.n, 1);
		if (a.val.s != NULL)
			h = fnv(fnv_byte(h, '='), a.val.s, a.val.n, 0);
	}
	*out = fnv_byte(h, '>');
	return pos;
}

/* Tokens of a page as hashes; *out is malloc'd (NULL with n 0 if empty). */
static int
html_tokens(const char *s, size_t len, uint64_t **out, size_t *n)
{
	uint64_t *t;
	size_t i = 0, k = 0;

	*out = NULL;
	*n = 0;
	if (len > HTTP_HTML_CMP_MAX)
		len = HTTP_HTML_CMP_MAX;
	if (len == 0)
		return 0;
	if ((t = malloc(len * sizeof(*t))) == NULL)
		return -1;
	while (i < len) {
		size_t j;

		if (is_space((unsigned char)s[i])) {
			i++;
			continue;
		}
		if (s[i] == '<') {
			i = tag_token(s, len, i, &t[k++]);
			continue;
		}
		j = i;
		while (j < len && !is_space((unsigned char)s[j]) && s[j] != '<')
			j++;
		t[k++] = fnv(FNV_OFFSET, s + i, j - i, 0);
		i = j;
	}
	*out = t;
	*n = k;
	return 0;
}

struct hidx {
	uint64_t h;
	size_t i;
};

static int
cmp_hidx(const void *a, const void *b)
{
	const struct hidx *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Length of the longest common subsequence of a and b, bit-parallel
 * (Crochemore et al. 2001): one bit per position of a, and for each token
 * of b, V' = (V + (V & M)) | (V & ~M) where M marks the positions of a
 * holding that token; the zeros of V count the LCS. M comes from a stored
 * mask for tokens frequent in a (more positions than V has words, so at
 * most na masks' worth of words in all) and is built and cleared in a
 * scratch vector for the others, so each token of b costs O(na/64) and
 * memory stays O(na). Returns -1 on ENOMEM.
 */
static long
lcs_bits(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	size_t w = (na + 63) / 64, nd = 0, nf = 0, i, j, k;
	struct hidx *idx;
	size_t *first = NULL, *mask_of = NULL;
	uint64_t *keys = NULL, *masks = NULL, *v = NULL, *scratch = NULL;
	long lcs = -1;

	if (na == 0 || nb == 0)
		return 0;
	if ((idx = malloc(na * sizeof(*idx))) == NULL)
		return -1;
	for (i = 0; i < na; i++) {
		idx[i].h = a[i];
		idx[i].i = i;
	}
	qsort(idx, na, sizeof(*idx), cmp_hidx);
	for (i = 0; i < na; i++)
		if (i == 0 || idx[i].h != idx[i - 1].h)
			nd++;
	keys = malloc(nd * sizeof(*keys));
	first = malloc((nd + 1) * sizeof(*first));
	mask_of = malloc(nd * sizeof(*mask_of));
	v = malloc(w * sizeof(*v));
	scratch = calloc(w, sizeof(*scratch));
	if (keys == NULL || first == NULL || mask_of == NULL || v == NULL ||
	    scratch == NULL)
		goto out;
	for (i = 0, k = 0; i < na; i++)
		if (i == 0 || idx[i].h != idx[i - 1].h) {
			keys[k] = idx[i].h;
			first[k++] = i;
		}
	first[nd] = na;
	for (k = 0; k < nd; k++)
		mask_of[k] = first[k + 1] - first[k] > w ? nf++ : SIZE_MAX;
	if (nf > 0 && (masks = calloc(nf * w, sizeof(*masks))) == NULL)
		goto out;
	for (k = 0; k < nd; k++)
		if (mask_of[k] != SIZE_MAX)
			for (i = first[k]; i < first[k + 1]; i++)
				masks[mask_of[k] * w + idx[i].i / 64] |=
				    1ULL << (idx[i].i % 64);
	memset(v, 0xff, w * sizeof(*v));
	for (j = 0; j < nb; j++) {
		size_t lo = 0, hi = nd;
		const uint64_t *m;
		uint64_t carry = 0;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (keys[mid] < b[j])
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == nd || keys[lo] != b[j])
			continue;
		if (mask_of[lo] != SIZE_MAX) {
			m = masks + mask_of[lo] * w;
		} else {
			for (i = first[lo]; i < first[lo + 1]; i++)
				scratch[idx[i].i / 64] |=
				    1ULL << (idx[i].i % 64);
			m = scratch;
		}
		for (k = 0; k < w; k++) {
			uint64_t x = v[k] & m[k];
			uint64_t s1 = v[k] + x;
			uint64_t c1 = s1 < v[k];
			uint64_t s2 = s1 + carry;
			uint64_t c2 = s2 < s1;

			v[k] = s2 | (v[k] & ~m[k]);
			carry = c1 | c2;
		}
		if (m == scratch)
			for (i = first[lo]; i < first[lo + 1]; i++)
				scratch[idx[i].i / 64] = 0;
	}
	lcs = 0;
	for (i = 0; i < na; i++)
		if (!(v[i / 64] >> (i % 64) & 1))
			lcs++;
out:
	free(idx);
	free(keys);
	free(first);
	free(mask_of);
	free(masks);
	free(v);
	free(scratch);
	return lcs;
}

double
http_html_distance(const char *a, size_t alen, const char *b, size_t blen)
{
	uint64_t *ta = NULL, *tb = NULL;
	size_t na, nb, pre = 0, suf = 0, ma, mb, common;
	double d = -1;

	if ((alen > 0 && a == NULL) || (blen > 0 && b == NULL))
		return -1;
	if (html_tokens(a, alen, &ta, &na) != 0 ||
	    html_tokens(b, blen, &tb, &nb) != 0)
		goto out;
	if (na + nb == 0) {
		d = 0;
		goto out;
	}
	while (pre < na && pre < nb && ta[pre] == tb[pre])
		pre++;
	while (suf < na - pre && suf < nb - pre &&
	    ta[na - 1 - suf] == tb[nb - 1 - suf])
		suf++;
	ma = na - pre - suf;
	mb = nb - pre - suf;
	common = pre + suf;
	if (ma > 0 && mb > 0) {
		const uint64_t *xa = ta + pre, *xb = tb + pre;
		size_t xn = ma, yn = mb;
		long l;

		if (ma > mb) {
			xa = tb + pre;
			xb = ta + pre;
			xn = mb;
			yn = ma;
		}
		if ((l = lcs_bits(xa, xn, xb, yn)) < 0)
			goto out;
		common += (size_t)l;
	}
	d = 1.0 - 2.0 * (double)common / (double)(na + nb);
	if (d < 0)
		d = 0;
out:
	free(ta);
	free(tb);
	return d;
}
