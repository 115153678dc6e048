/*
 * conntest.c: the connection test in `uptodate serve` (see conntest.h).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <openssl/rand.h>

#include "checks/conn/conn.h"
#include "dns/connzone.h"
#include "net/listen.h"
#include "net/dnsd.h"
#include "web/conntest.h"
#include "web/serve_int.h"

struct visit {
	struct visit *next;
	char id[CONNZONE_ID_LEN + 1];
	time_t started;
	uint64_t client_key;          /* keyed hash of the starter's address */
	struct conn_obs obs;
	json_t *result;               /* made when first shown */
};

struct conntest {
	struct connzone *cz;
	struct net_dnsd *dnsd;
	unsigned keep_s;
	uint64_t salt;
	int have6;
	struct in6_addr addr6;        /* the literal probe's address */
	char url4[80], url6[80];      /* "http://[2001:db8::1]:8080" */
	char port_suffix[24];         /* ":8080", or "" for 80 */
	char zone[256];

	pthread_mutex_t mu;           /* visits */
	struct visit *visits;         /* newest first */
	size_t n_visits;
};

/* --- visits ------------------------------------------------------------- */

static void
visits_prune(struct conntest *ct, time_t now)
{
	struct visit **pp = &ct->visits, *v;

	while ((v = *pp) != NULL) {
		if (now - v->started >= (time_t)ct->keep_s) {
			*pp = v->next;
			json_decref(v->result);
			free(v);
			ct->n_visits--;
		} else {
			pp = &v->next;
		}
	}
}

static struct visit *
visit_find(struct conntest *ct, const char *id)
{
	struct visit *v;
	time_t now = time(NULL);

	for (v = ct->visits; v != NULL; v = v->next)
		if (strcmp(v->id, id) == 0)
			return now - v->started < (time_t)ct->keep_s ? v : NULL;
	return NULL;
}

static uint64_t
addr_key(const struct conntest *ct, const struct sockaddr *sa)
{
	uint64_t h = ct->salt ^ 1469598103934665603ULL;
	const uint8_t *b = NULL;
	size_t n = 0, i;

	if (sa != NULL && sa->sa_family == AF_INET) {
		b = (const uint8_t *)&((const struct sockaddr_in *)
		    (const void *)sa)->sin_addr;
		n = 4;
	} else if (sa != NULL && sa->sa_family == AF_INET6) {
		b = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
		n = 16;
	}
	for (i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

/* --- DNS side ------------------------------------------------------------ */

static size_t
on_dns(void *arg, const struct net_addr *from, int tcp, const uint8_t *q,
    size_t qlen, uint8_t *out, size_t cap)
{
	struct conntest *ct = arg;
	struct connzone_seen seen;
	struct visit *v;
	size_t len = connzone_answer(ct->cz, q, qlen, tcp, out, cap, &seen);

	if (seen.probe == CONNZONE_PROBE_NONE || from->family == 0)
		return len;
	pthread_mutex_lock(&ct->mu);
	if ((v = visit_find(ct, seen.id)) != NULL) {
		struct conn_obs *o = &v->obs;
		struct conn_dns_seen d;
		int fam = from->family == AF_INET6 ? 6 : 4;
		size_t i;
		int dup = 0;

		memset(&d, 0, sizeof(d));
		d.probe = seen.probe;
		d.family = fam;
		d.qtype = seen.qtype;
		conn_addr_truncate(fam, from->bytes, d.resolver, sizeof(d.resolver));
		for (i = 0; i < o->n_dns; i++)
			if (o->dns[i].probe == d.probe && o->dns[i].family == fam &&
			    o->dns[i].qtype == d.qtype &&
			    strcmp(o->dns[i].resolver, d.resolver) == 0)
				dup = 1;
		if (!dup && o->n_dns < CONN_DNS_MAX)
			o->dns[o->n_dns++] = d;
		else if (!dup)
			o->dns_dropped++;
	}
	pthread_mutex_unlock(&ct->mu);
	return len;
}

/* --- life --------------------------------------------------------------- */

/* The port of a --listen on address a, or -1. */
static long
listen_port(const struct serve_opts *o, int fam, const void *a)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	size_t i;

	for (i = 0; i < o->n_listen; i++) {
		if (net_parse_hostport(o->listen[i], &ss, &sl) != 0 ||
		    ss.ss_family != fam)
			continue;
		if (fam == AF_INET &&
		    memcmp(&((struct sockaddr_in *)&ss)->sin_addr, a, 4) == 0)
			return ntohs(((struct sockaddr_in *)&ss)->sin_port);
		if (fam == AF_INET6 &&
		    memcmp(&((struct sockaddr_in6 *)&ss)->sin6_addr, a, 16) == 0)
			return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	}
	return -1;
}

struct conntest *
conntest_new(const struct serve_opts *o, char *why, size_t whylen)
{
	struct conntest *ct;
	struct connzone_opts zo;
	const char *dns[DNSD_LISTEN_MAX];
	char dnsbuf[DNSD_LISTEN_MAX][80], a4[INET_ADDRSTRLEN],
	    a6[INET6_ADDRSTRLEN];
	long p4 = -1, p6 = -1;
	size_t i, nd = 0;

	memset(&zo, 0, sizeof(zo));
	for (i = 0; i < o->n_conn_addr; i++) {
		if (inet_pton(AF_INET, o->conn_addr[i], &zo.web4) == 1 &&
		    !zo.have_web4) {
			zo.have_web4 = zo.have_ns4 = 1;
			zo.ns4 = zo.web4;
		} else if (inet_pton(AF_INET6, o->conn_addr[i], &zo.web6) == 1 &&
		    !zo.have_web6) {
			zo.have_web6 = zo.have_ns6 = 1;
			zo.ns6 = zo.web6;
		} else {
			snprintf(why, whylen, "--conn-addr %s: want one IPv4 and one "
			    "IPv6 address", o->conn_addr[i]);
			return NULL;
		}
	}
	if (!zo.have_web6) {
		snprintf(why, whylen, "the connection test needs an IPv6 address "
		    "(--conn-addr): its IPv6 probes and the IPv6-only name "
		    "server live there");
		return NULL;
	}
	if (zo.have_web4 && (p4 = listen_port(o, AF_INET, &zo.web4)) < 0) {
		inet_ntop(AF_INET, &zo.web4, a4, sizeof(a4));
		snprintf(why, whylen, "--conn-addr %s: no --listen on that address "
		    "(the probes are fetched from it)", a4);
		return NULL;
	}
	if ((p6 = listen_port(o, AF_INET6, &zo.web6)) < 0) {
		inet_ntop(AF_INET6, &zo.web6, a6, sizeof(a6));
		snprintf(why, whylen, "--conn-addr %s: no --listen on that address "
		    "(the probes are fetched from it)", a6);
		return NULL;
	}
	if (zo.have_web4 && p4 != p6) {
		snprintf(why, whylen, "the --listen ports of the two --conn-addr "
		    "addresses differ (%ld, %ld): the probe names need one", p4, p6);
		return NULL;
	}
	zo.zone = o->conn_zone;
	zo.keydir = o->conn_keys;
	if ((ct = calloc(1, sizeof(*ct))) == NULL) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&ct->mu, NULL);
	ct->keep_s = o->conn_keep_s != 0 ? o->conn_keep_s : 300;
	(void)RAND_bytes((unsigned char *)&ct->salt, sizeof(ct->salt));
	ct->have6 = 1;
	ct->addr6 = zo.web6;
	snprintf(ct->zone, sizeof(ct->zone), "%s", o->conn_zone);
	if (ct->zone[0] != '\0' && ct->zone[strlen(ct->zone) - 1] == '.')
		ct->zone[strlen(ct->zone) - 1] = '\0';
	for (i = 0; ct->zone[i] != '\0'; i++)
		if (ct->zone[i] >= 'A' && ct->zone[i] <= 'Z')
			ct->zone[i] = (char)(ct->zone[i] - 'A' + 'a');
	if (p6 != 80)
		snprintf(ct->port_suffix, sizeof(ct->port_suffix), ":%ld", p6);
	inet_ntop(AF_INET6, &zo.web6, a6, sizeof(a6));
	snprintf(ct->url6, sizeof(ct->url6), "http://[%s]%s", a6,
	    ct->port_suffix);
	if ((ct->cz = connzone_new(&zo, why, whylen)) == NULL) {
		conntest_free(ct);
		return NULL;
	}
	if (zo.have_web4) {
		inet_ntop(AF_INET, &zo.web4, a4, sizeof(a4));
		snprintf(dnsbuf[nd], sizeof(dnsbuf[nd]), "%s:%u", a4,
		    o->conn_dns_port != 0 ? o->conn_dns_port : 53);
		dns[nd] = dnsbuf[nd];
		nd++;
	}
	snprintf(dnsbuf[nd], sizeof(dnsbuf[nd]), "[%s]:%u", a6,
	    o->conn_dns_port != 0 ? o->conn_dns_port : 53);
	dns[nd] = dnsbuf[nd];
	nd++;
	if ((ct->dnsd = net_dnsd_bind(dns, nd, on_dns, ct, why, whylen)) == NULL) {
		conntest_free(ct);
		return NULL;
	}
	if (net_dnsd_limit(ct->dnsd, o->conn_dns_rate == 0 ? 100 :
	    o->conn_dns_rate < 0 ? 0 : (unsigned)o->conn_dns_rate) != 0) {
		snprintf(why, whylen, "out of memory");
		conntest_free(ct);
		return NULL;
	}
	return ct;
}

int
conntest_start(struct conntest *ct, char *why, size_t whylen)
{
	if (net_dnsd_start(ct->dnsd) != 0) {
		snprintf(why, whylen, "the connection test's DNS could not start");
		return -1;
	}
	fprintf(stderr, "uptodate: connection test on %s; its parent zone must "
	    "delegate:\n", ct->zone);
	connzone_print_delegation(ct->cz, stderr);
	return 0;
}

void
conntest_free(struct conntest *ct)
{
	if (ct == NULL)
		return;
	net_dnsd_free(ct->dnsd);       /* first: its thread uses the rest */
	connzone_free(ct->cz);
	while (ct->visits != NULL) {
		struct visit *v = ct->visits;

		ct->visits = v->next;
		json_decref(v->result);
		free(v);
	}
	pthread_mutex_destroy(&ct->mu);
	free(ct);
}

/* --- HTTP side ----------------------------------------------------------- */

static const struct sockaddr *
client_sa(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	return ci != NULL ? ci->client_addr : NULL;
}

static void
route_start(struct conntest *ct, struct MHD_Connection *c, struct reply *r)
{
	const struct sockaddr *sa = client_sa(c);
	uint64_t key = addr_key(ct, sa);
	struct visit *v, *w;
	unsigned char rnd[CONNZONE_ID_LEN / 2];
	unsigned mine = 0;
	time_t now = time(NULL);
	json_t *probes;
	size_t i;
	char url[400];
	static const struct {
		const char *probe, *label;
	} names[] = {
		{ "aaaa", "aaaa.conn" }, { "a", "a.conn" }, { "bogus", "bogus.conn" },
		{ "conn6", "a-aaaa.conn6" },
	};

	if ((v = calloc(1, sizeof(*v))) == NULL ||
	    RAND_bytes(rnd, sizeof(rnd)) != 1) {
		free(v);
		api_error(r, 500, "error", "out of memory");
		return;
	}
	for (i = 0; i < sizeof(rnd); i++)
		snprintf(v->id + 2 * i, 3, "%02x", rnd[i]);
	v->started = now;
	v->client_key = key;
	pthread_mutex_lock(&ct->mu);
	visits_prune(ct, now);
	for (w = ct->visits; w != NULL; w = w->next)
		mine += w->client_key == key;
	if (ct->n_visits >= CONNTEST_VISITS_MAX || mine >= CONNTEST_PER_CLIENT) {
		pthread_mutex_unlock(&ct->mu);
		free(v);
		api_error(r, ct->n_visits >= CONNTEST_VISITS_MAX ? 503 : 429,
		    "busy", "too many connection tests at once; try again in a "
		    "few minutes");
		return;
	}
	v->next = ct->visits;
	ct->visits = v;
	ct->n_visits++;
	pthread_mutex_unlock(&ct->mu);

	probes = json_array();
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(url, sizeof(url), "http://%s.%s.%s%s/connection/probe/%s",
		    v->id, names[i].label, ct->zone, ct->port_suffix, v->id);
		json_array_append_new(probes, json_pack("{s:s,s:s}", "probe",
		    names[i].probe, "url", url));
	}
	snprintf(url, sizeof(url), "%s/connection/probe/%s", ct->url6, v->id);
	json_array_append_new(probes, json_pack("{s:s,s:s}", "probe", "literal",
	    "url", url));
	snprintf(url, sizeof(url), "/connection/result/%s/", v->id);
	reply_json(r, 200, json_pack("{s:s,s:o,s:s,s:i}", "id", v->id, "probes",
	    probes, "result_url", url, "timeout_ms", CONNTEST_PROBE_TIMEOUT_MS));
}

/* The probe of this request: by Host name, or the IPv6 literal. */
static enum connzone_probe
probe_of(struct conntest *ct, struct MHD_Connection *c, char *id)
{
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "Host");
	char h[64];
	const char *end;
	struct in6_addr a;

	if (host == NULL)
		return CONNZONE_PROBE_NONE;
	if (host[0] == '[' && (end = strchr(host, ']')) != NULL &&
	    (size_t)(end - host - 1) < sizeof(h)) {
		snprintf(h, sizeof(h), "%.*s", (int)(end - host - 1), host + 1);
		return inet_pton(AF_INET6, h, &a) == 1 &&
		    memcmp(&a, &ct->addr6, 16) == 0 ? CONNZONE_PROBE_LITERAL :
		    CONNZONE_PROBE_NONE;
	}
	return connzone_probe_of_host(ct->cz, host, id);
}

static void
route_probe(struct conntest *ct, struct MHD_Connection *c, const char *id,
    struct reply *r)
{
	char hid[CONNZONE_ID_LEN + 1] = "";
	enum connzone_probe p = probe_of(ct, c, hid);
	const struct sockaddr *sa = client_sa(c);
	struct visit *v;
	int found = 0;

	r->cors = 1;
	if (p == CONNZONE_PROBE_NONE || !connzone_id_ok(id) ||
	    (p != CONNZONE_PROBE_LITERAL && strcmp(hid, id) != 0) || sa == NULL) {
		api_error(r, 404, "unknown-request", "not a probe of this test");
		return;
	}
	pthread_mutex_lock(&ct->mu);
	if ((v = visit_find(ct, id)) != NULL && v->result == NULL) {
		struct conn_http_seen *h = &v->obs.http[p];

		found = 1;
		h->seen = 1;
		if (sa->sa_family == AF_INET6) {
			const uint8_t *b = ((const struct sockaddr_in6 *)
			    (const void *)sa)->sin6_addr.s6_addr;

			if (IN6_IS_ADDR_V4MAPPED((const struct in6_addr *)
			    (const void *)b)) {
				h->family = 4;
				conn_addr_truncate(4, b + 12, h->addr, sizeof(h->addr));
			} else {
				h->family = 6;
				h->eui64 = conn_addr_eui64(b);
				conn_addr_truncate(6, b, h->addr, sizeof(h->addr));
			}
		} else {
			h->family = 4;
			conn_addr_truncate(4, (const uint8_t *)&((const struct
			    sockaddr_in *)(const void *)sa)->sin_addr, h->addr,
			    sizeof(h->addr));
		}
	}
	pthread_mutex_unlock(&ct->mu);
	if (!found) {
		api_error(r, 404, "unknown-request", "no such test running (it "
		    "may have ended)");
		return;
	}
	reply_json(r, 200, json_pack("{s:b}", "ok", 1));
}

/* The verdict of a visit (made now if not yet); NULL if none. */
static json_t *
result_of(struct conntest *ct, const char *id)
{
	struct visit *v;
	json_t *res = NULL;

	if (!connzone_id_ok(id))
		return NULL;
	pthread_mutex_lock(&ct->mu);
	if ((v = visit_find(ct, id)) != NULL) {
		if (v->result == NULL)
			v->result = conn_report(&v->obs);
		res = json_incref(v->result);
	}
	pthread_mutex_unlock(&ct->mu);
	return res;
}

int
conntest_route(struct conntest *ct, const struct page_site *site,
    struct MHD_Connection *c, const char *method, const char *url,
    struct reply *r)
{
	int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	int post = strcmp(method, "POST") == 0;
	const char *rest;
	char id[CONNZONE_ID_LEN + 2];
	struct pagebuf pb;
	json_t *res;

	if (strcmp(url, "/connection") == 0 || strcmp(url, "/connection/") == 0) {
		if (!get)
			return 0;
		if (page_open(&pb, r) == NULL)
			return 1;
		page_conn(pb.f, site, ct == NULL ? "The connection test is not "
		    "set up on this server (uptodate serve --conn-zone)." : NULL);
		page_close(&pb, r, ct == NULL ? 404 : 200,
		    "text/html; charset=utf-8");
		r->connect_any = 1;
		return 1;
	}
	if (ct == NULL)
		return 0;
	if (strcmp(url, "/api/connection/start") == 0) {
		if (!post)
			api_error(r, 405, "bad-request", "use POST");
		else
			route_start(ct, c, r);
		return 1;
	}
	if (strncmp(url, "/connection/probe/", 18) == 0 && get) {
		route_probe(ct, c, url + 18, r);
		return 1;
	}
	if ((strncmp(url, "/connection/result/", 19) == 0 ||
	    strncmp(url, "/api/connection/result/", 23) == 0) && get) {
		int api = url[1] == 'a';

		rest = url + (api ? 23 : 19);
		snprintf(id, sizeof(id), "%.*s", (int)strcspn(rest, "/"), rest);
		if ((res = result_of(ct, id)) == NULL) {
			if (api) {
				api_error(r, 404, "unknown-request", "no such test (they "
				    "are kept %u seconds)", ct->keep_s);
			} else if (page_open(&pb, r) != NULL) {
				page_error(pb.f, site, 404, "There is no such connection "
				    "test: results are kept a few minutes only.");
				page_close(&pb, r, 404, "text/html; charset=utf-8");
			}
			return 1;
		}
		if (api) {
			reply_json(r, 200, res);
		} else if (page_open(&pb, r) != NULL) {
			page_report(pb.f, site, id, res, (int64_t)time(NULL), site->version);
			json_decref(res);
			page_close(&pb, r, 200, "text/html; charset=utf-8");
		} else {
			json_decref(res);
		}
		return 1;
	}
	return 0;
}
