/*
 * connzone.c: the signed answers of the connection test's zones
 * (see connzone.h). ldns builds, signs and writes the messages.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <ldns/ldns.h>

#include "dns/connzone.h"

#define CZ_UDP_MAX 1232        /* largest UDP reply (DNS flag day 2020) */
#define CZ_SIG_BEFORE 3600     /* signatures valid from an hour ago */
#define CZ_SIG_AFTER (7 * 86400)

enum cz_which { CZ_CONN, CZ_BOGUS, CZ_CONN6, CZ_NZONES };

static const char *const cz_prefix[CZ_NZONES] = { "conn", "bogus.conn",
    "conn6" };

struct cz_zone {
	char name[300];               /* text, no trailing dot */
	ldns_rdf *apex;
	ldns_key_list *keys;          /* one key */
	ldns_rr *dnskey;
	ldns_rr *ds;                  /* SHA-256 */
	ldns_rr *soa;
	ldns_rr *ns;
};

struct connzone {
	struct connzone_opts o;
	char zone[256];
	struct cz_zone z[CZ_NZONES];
	ldns_rdf *ns_conn, *ns_conn6; /* ns.conn.Z, ns.conn6.Z */
	uint32_t ttl;
};

/* What a name holds. */
struct cz_name {
	enum cz_which zone;
	int exists;
	int apex;
	int ns_host;                  /* ns.<zone> */
	int delegation;               /* bogus.conn.Z seen from conn.Z (DS) */
	int has_a, has_aaaa;          /* probe data */
	enum connzone_probe probe;
	char id[CONNZONE_ID_LEN + 1];
};

const char *
connzone_probe_name(enum connzone_probe p)
{
	static const char *const names[CONNZONE_PROBE_N] = { "none", "a",
	    "aaaa", "bogus", "conn6", "literal" };

	return (unsigned)p < CONNZONE_PROBE_N ? names[p] : "none";
}

int
connzone_id_ok(const char *s)
{
	size_t i;

	for (i = 0; i < CONNZONE_ID_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[i] == '\0';
}

/* --- keys ---------------------------------------------------------------- */

static int
key_finish(struct cz_zone *z, ldns_key *k, char *why, size_t whylen)
{
	ldns_key_set_flags(k, 257);
	ldns_key_set_pubkey_owner(k, ldns_rdf_clone(z->apex));
	if ((z->dnskey = ldns_key2rr(k)) == NULL) {
		snprintf(why, whylen, "conn zone %s: no public key", z->name);
		return -1;
	}
	ldns_rr_set_ttl(z->dnskey, 3600);
	ldns_key_set_keytag(k, ldns_calc_keytag(z->dnskey));
	if ((z->keys = ldns_key_list_new()) == NULL ||
	    !ldns_key_list_push_key(z->keys, k)) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	if ((z->ds = ldns_key_rr2ds(z->dnskey, LDNS_SHA256)) == NULL) {
		snprintf(why, whylen, "conn zone %s: cannot make its DS", z->name);
		return -1;
	}
	return 0;
}

/* K<zone>.+013+NNNNN.private in dir, or "" */
static void
key_find(const char *dir, const char *zone, char *path, size_t cap)
{
	char want[300];
	size_t wl;
	DIR *d;
	struct dirent *e;

	path[0] = '\0';
	wl = (size_t)snprintf(want, sizeof(want), "K%s.+013+", zone);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);

		if (n == wl + 5 + 8 && strncasecmp(e->d_name, want, wl) == 0 &&
		    strcmp(e->d_name + n - 8, ".private") == 0) {
			snprintf(path, cap, "%s/%s", dir, e->d_name);
			break;
		}
	}
	closedir(d);
}

static int
key_load(struct cz_zone *z, const char *path, char *why, size_t whylen)
{
	FILE *f = fopen(path, "r");
	ldns_key *k = NULL;
	ldns_status st;

	if (f == NULL) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		return -1;
	}
	st = ldns_key_new_frm_fp(&k, f);
	fclose(f);
	if (st != LDNS_STATUS_OK || k == NULL) {
		snprintf(why, whylen, "%s: not a key: %s", path,
		    ldns_get_errorstr_by_id(st));
		return -1;
	}
	if (ldns_key_algorithm(k) != LDNS_SIGN_ECDSAP256SHA256) {
		ldns_key_free(k);
		snprintf(why, whylen, "%s: want an ECDSAP256SHA256 key", path);
		return -1;
	}
	return key_finish(z, k, why, whylen);
}

static int
key_write(const struct cz_zone *z, const char *dir, char *why, size_t whylen)
{
	char path[4096];
	const char *ext[2] = { "private", "key" };
	FILE *f;
	int i;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/K%s.+013+%05u.%s", dir, z->name,
		    (unsigned)ldns_key_keytag(ldns_key_list_key(z->keys, 0)),
		    ext[i]);
		if ((f = fopen(path, "wx")) == NULL) {
			snprintf(why, whylen, "%s: %s", path, strerror(errno));
			return -1;
		}
		if (i == 0) {
			(void)fchmod(fileno(f), 0600);
			ldns_key_print(f, ldns_key_list_key(z->keys, 0));
		} else {
			ldns_rr_print(f, z->dnskey);
		}
		if (fclose(f) != 0) {
			snprintf(why, whylen, "%s: %s", path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int
zone_keys(struct connzone *cz, struct cz_zone *z, char *why, size_t whylen)
{
	char path[4096];
	ldns_key *k;

	if (cz->o.keydir != NULL) {
		key_find(cz->o.keydir, z->name, path, sizeof(path));
		if (path[0] != '\0')
			return key_load(z, path, why, whylen);
	}
	if ((k = ldns_key_new_frm_algorithm(LDNS_SIGN_ECDSAP256SHA256,
	    256)) == NULL) {
		snprintf(why, whylen, "conn zone %s: cannot make a key", z->name);
		return -1;
	}
	if (key_finish(z, k, why, whylen) != 0)
		return -1;
	if (cz->o.keydir != NULL)
		return key_write(z, cz->o.keydir, why, whylen);
	return 0;
}

/* --- records -------------------------------------------------------------- */

static ldns_rr *
rr_new(const ldns_rdf *owner, ldns_rr_type t, uint32_t ttl)
{
	ldns_rr *rr = ldns_rr_new();

	if (rr == NULL)
		return NULL;
	ldns_rr_set_owner(rr, ldns_rdf_clone(owner));
	ldns_rr_set_type(rr, t);
	ldns_rr_set_class(rr, LDNS_RR_CLASS_IN);
	ldns_rr_set_ttl(rr, ttl);
	return rr;
}

static ldns_rr *
rr_addr(const ldns_rdf *owner, int v6, const void *addr, uint32_t ttl)
{
	ldns_rr *rr = rr_new(owner, v6 ? LDNS_RR_TYPE_AAAA : LDNS_RR_TYPE_A, ttl);

	if (rr != NULL)
		ldns_rr_push_rdf(rr, ldns_rdf_new_frm_data(v6 ? LDNS_RDF_TYPE_AAAA :
		    LDNS_RDF_TYPE_A, v6 ? 16 : 4, addr));
	return rr;
}

/* "<prefix>.<zone>." as a name */
static ldns_rdf *
dname(const char *prefix, const char *zone)
{
	char s[600];

	snprintf(s, sizeof(s), "%s%s%s.", prefix, prefix[0] ? "." : "", zone);
	return ldns_dname_new_frm_str(s);
}

struct connzone *
connzone_new(const struct connzone_opts *o, char *why, size_t whylen)
{
	struct connzone *cz;
	ldns_rdf *base;
	char soa[1024];
	int i;

	if (o->zone == NULL || strlen(o->zone) == 0 || strlen(o->zone) > 200 ||
	    (base = ldns_dname_new_frm_str(o->zone)) == NULL) {
		snprintf(why, whylen, "--conn-zone: not a domain name");
		return NULL;
	}
	ldns_rdf_deep_free(base);
	if (!o->have_web4 && !o->have_web6) {
		snprintf(why, whylen, "the connection test needs an address "
		    "(--conn-addr)");
		return NULL;
	}
	if (o->keydir != NULL && mkdir(o->keydir, 0755) != 0 && errno != EEXIST) {
		snprintf(why, whylen, "--conn-keys %s: %s", o->keydir,
		    strerror(errno));
		return NULL;
	}
	if ((cz = calloc(1, sizeof(*cz))) == NULL) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	cz->o = *o;
	snprintf(cz->zone, sizeof(cz->zone), "%s", o->zone);
	for (i = 0; cz->zone[i] != '\0'; i++)
		cz->zone[i] = (char)tolower((unsigned char)cz->zone[i]);
	if (i > 0 && cz->zone[i - 1] == '.')
		cz->zone[i - 1] = '\0';
	cz->o.zone = cz->zone;
	cz->ttl = o->ttl != 0 ? o->ttl : 60;
	cz->ns_conn = dname("ns.conn", cz->zone);
	cz->ns_conn6 = dname("ns.conn6", cz->zone);
	for (i = 0; i < CZ_NZONES; i++) {
		struct cz_zone *z = &cz->z[i];
		const ldns_rdf *nsn = i == CZ_CONN6 ? cz->ns_conn6 : cz->ns_conn;
		char *nstext = ldns_rdf2str(nsn);

		snprintf(z->name, sizeof(z->name), "%s.%s", cz_prefix[i],
		    cz->zone);
		z->apex = dname("", z->name);
		snprintf(soa, sizeof(soa), "%s. %u IN SOA %s hostmaster.%s. "
		    "%lu 3600 600 86400 %u", z->name, cz->ttl,
		    nstext != NULL ? nstext : ".", z->name,
		    (unsigned long)time(NULL), cz->ttl);
		free(nstext);
		if (z->apex == NULL || ldns_rr_new_frm_str(&z->soa, soa, 0, NULL,
		    NULL) != LDNS_STATUS_OK || (z->ns = rr_new(z->apex,
		    LDNS_RR_TYPE_NS, cz->ttl)) == NULL) {
			snprintf(why, whylen, "--conn-zone %s: not a usable name",
			    o->zone);
			connzone_free(cz);
			return NULL;
		}
		ldns_rr_push_rdf(z->ns, ldns_rdf_clone(nsn));
		if (zone_keys(cz, z, why, whylen) != 0) {
			connzone_free(cz);
			return NULL;
		}
	}
	return cz;
}

void
connzone_free(struct connzone *cz)
{
	int i;

	if (cz == NULL)
		return;
	for (i = 0; i < CZ_NZONES; i++) {
		ldns_rdf_deep_free(cz->z[i].apex);
		if (cz->z[i].keys != NULL)
			ldns_key_list_free(cz->z[i].keys);
		ldns_rr_free(cz->z[i].dnskey);
		ldns_rr_free(cz->z[i].ds);
		ldns_rr_free(cz->z[i].soa);
		ldns_rr_free(cz->z[i].ns);
	}
	ldns_rdf_deep_free(cz->ns_conn);
	ldns_rdf_deep_free(cz->ns_conn6);
	free(cz);
}

/* --- names ---------------------------------------------------------------- */

/* Labels of a wire name (lowercased copy), leftmost first; the count, or -1. */
static int
labels(const ldns_rdf *name, char lab[][64], int max)
{
	const uint8_t *p = ldns_rdf_data(name);
	size_t n = ldns_rdf_size(name), off = 0;
	int k = 0;

	while (off < n && p[off] != 0) {
		size_t len = p[off];
		size_t j;

		if (len > 63 || off + 1 + len > n || k >= max)
			return -1;
		for (j = 0; j < len; j++)
			lab[k][j] = (char)tolower(p[off + 1 + j]);
		lab[k][len] = '\0';
		/* a label with a NUL or a dot in it matches nothing of ours */
		if (memchr(lab[k], '\0', len) != NULL || memchr(lab[k], '.', len))
			lab[k][0] = '\x01', lab[k][1] = '\0';
		k++;
		off += 1 + len;
	}
	return k;
}

static int
is_under(const ldns_rdf *name, const ldns_rdf *apex)
{
	return ldns_dname_compare(name, apex) == 0 ||
	    ldns_dname_is_subdomain(name, apex);
}

/* Where qname lives and what it holds. -1: not ours. */
static int
classify(const struct connzone *cz, const ldns_rdf *qname, ldns_rr_type qt,
    struct cz_name *nm)
{
	char lab[128][64];
	int n, rel;
	const char *l0, *l1;

	memset(nm, 0, sizeof(*nm));
	if (is_under(qname, cz->z[CZ_BOGUS].apex) &&
	    !(qt == LDNS_RR_TYPE_DS &&
	    ldns_dname_compare(qname, cz->z[CZ_BOGUS].apex) == 0))
		nm->zone = CZ_BOGUS;
	else if (is_under(qname, cz->z[CZ_CONN].apex))
		nm->zone = CZ_CONN;
	else if (is_under(qname, cz->z[CZ_CONN6].apex))
		nm->zone = CZ_CONN6;
	else
		return -1;
	if ((n = labels(qname, lab, 128)) < 0)
		return -1;
	rel = n - ldns_dname_label_count(cz->z[nm->zone].apex);
	l0 = rel >= 1 ? lab[0] : "";
	l1 = rel >= 2 ? lab[1] : "";
	if (rel == 0) {
		nm->exists = nm->apex = 1;
		return 0;
	}
	switch (nm->zone) {
	case CZ_CONN:
		if (rel == 1 && strcmp(l0, "ns") == 0) {
			nm->exists = nm->ns_host = 1;
		} else if (rel == 1 && (strcmp(l0, "a") == 0 ||
		    strcmp(l0, "aaaa") == 0)) {
			nm->exists = 1;        /* empty non-terminal */
		} else if (rel == 1 && strcmp(l0, "bogus") == 0) {
			nm->exists = nm->delegation = 1;
		} else if (rel == 2 && strcmp(l1, "a") == 0) {
			nm->exists = nm->has_a = 1;
			nm->probe = CONNZONE_PROBE_A;
		} else if (rel == 2 && strcmp(l1, "aaaa") == 0) {
			nm->exists = nm->has_aaaa = 1;
			nm->probe = CONNZONE_PROBE_AAAA;
		}
		break;
	case CZ_BOGUS:
		if (rel == 1) {
			nm->exists = nm->has_a = nm->has_aaaa = 1;
			nm->probe = CONNZONE_PROBE_BOGUS;
		}
		break;
	case CZ_CONN6:
		if (rel == 1 && strcmp(l0, "ns") == 0) {
			nm->exists = nm->ns_host = 1;
		} else if (rel == 1 && strcmp(l0, "a-aaaa") == 0) {
			nm->exists = 1;
		} else if (rel == 2 && strcmp(l1, "a-aaaa") == 0) {
			nm->exists = nm->has_a = nm->has_aaaa = 1;
			nm->probe = CONNZONE_PROBE_CONN6;
		}
		break;
	default:
		break;
	}
	if (nm->probe != CONNZONE_PROBE_NONE) {
		if (connzone_id_ok(l0))
			memcpy(nm->id, l0, CONNZONE_ID_LEN + 1);
		else
			nm->probe = CONNZONE_PROBE_NONE;
	}
	return 0;
}

/* The RRset of type t at the name (empty list if none). */
static ldns_rr_list *
rrset(const struct connzone *cz, const struct cz_name *nm,
    const ldns_rdf *qname, ldns_rr_type t)
{
	const struct cz_zone *z = &cz->z[nm->zone];
	const struct connzone_opts *o = &cz->o;
	ldns_rr_list *l = ldns_rr_list_new();

	if (l == NULL)
		return NULL;
	if (nm->apex) {
		if (t == LDNS_RR_TYPE_SOA)
			ldns_rr_list_push_rr(l, ldns_rr_clone(z->soa));
		else if (t == LDNS_RR_TYPE_NS)
			ldns_rr_list_push_rr(l, ldns_rr_clone(z->ns));
		else if (t == LDNS_RR_TYPE_DNSKEY)
			ldns_rr_list_push_rr(l, ldns_rr_clone(z->dnskey));
	} else if (nm->ns_host) {
		if (t == LDNS_RR_TYPE_A && o->have_ns4 && nm->zone != CZ_CONN6)
			ldns_rr_list_push_rr(l, rr_addr(qname, 0, &o->ns4, cz->ttl));
		else if (t == LDNS_RR_TYPE_AAAA && o->have_ns6)
			ldns_rr_list_push_rr(l, rr_addr(qname, 1, &o->ns6, cz->ttl));
	} else if (nm->delegation) {
		if (t == LDNS_RR_TYPE_DS)
			ldns_rr_list_push_rr(l, ldns_rr_clone(cz->z[CZ_BOGUS].ds));
	} else {
		if (t == LDNS_RR_TYPE_A && nm->has_a && o->have_web4)
			ldns_rr_list_push_rr(l, rr_addr(qname, 0, &o->web4, cz->ttl));
		else if (t == LDNS_RR_TYPE_AAAA && nm->has_aaaa && o->have_web6)
			ldns_rr_list_push_rr(l, rr_addr(qname, 1, &o->web6, cz->ttl));
	}
	return l;
}

/* The types at the name, for the NSEC bitmap. */
static size_t
types_at(const struct connzone *cz, const struct cz_name *nm,
    ldns_rr_type *t)
{
	const struct connzone_opts *o = &cz->o;
	size_t n = 0;

	if (nm->apex) {
		t[n++] = LDNS_RR_TYPE_NS;
		t[n++] = LDNS_RR_TYPE_SOA;
		t[n++] = LDNS_RR_TYPE_DNSKEY;
	} else if (nm->ns_host) {
		if (o->have_ns4 && nm->zone != CZ_CONN6)
			t[n++] = LDNS_RR_TYPE_A;
		if (o->have_ns6)
			t[n++] = LDNS_RR_TYPE_AAAA;
	} else if (nm->delegation) {
		t[n++] = LDNS_RR_TYPE_NS;
		t[n++] = LDNS_RR_TYPE_DS;
	} else {
		if (nm->has_a && o->have_web4)
			t[n++] = LDNS_RR_TYPE_A;
		if (nm->has_aaaa && o->have_web6)
			t[n++] = LDNS_RR_TYPE_AAAA;
	}
	t[n++] = LDNS_RR_TYPE_RRSIG;
	t[n++] = LDNS_RR_TYPE_NSEC;
	return n;
}

/* NSEC qname -> \000.qname: this name only, with its types. */
static ldns_rr *
black_lie(const struct connzone *cz, const struct cz_name *nm,
    const ldns_rdf *qname)
{
	ldns_rr_type t[8];
	size_t n = types_at(cz, nm, t);
	ldns_rr *rr = rr_new(qname, LDNS_RR_TYPE_NSEC, cz->ttl);
	uint8_t next[LDNS_MAX_DOMAINLEN + 2];
	size_t qs = ldns_rdf_size(qname);

	if (rr == NULL)
		return NULL;
	next[0] = 1;
	next[1] = 0;
	if (qs + 2 > LDNS_MAX_DOMAINLEN) {
		/* No room for a label more. An NSEC from the name to itself
		 * would deny the whole zone to aggressive caching: send none
		 * (such a name fails validation, and no probe name is that
		 * long). */
		ldns_rr_free(rr);
		return NULL;
	}
	memcpy(next + 2, ldns_rdf_data(qname), qs);
	ldns_rr_push_rdf(rr, ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, qs + 2,
	    next));
	ldns_rr_push_rdf(rr, ldns_dnssec_create_nsec_bitmap(t, n,
	    LDNS_RR_TYPE_NSEC));
	return rr;
}

/* Sign rrs (one RRset) with the zone's key; broken: spoil the signature. */
static ldns_rr_list *
sign(struct connzone *cz, enum cz_which zi, ldns_rr_list *rrs, int broken)
{
	ldns_key *k = ldns_key_list_key(cz->z[zi].keys, 0);
	time_t now = time(NULL);
	ldns_rr_list *sigs;
	size_t i;

	ldns_key_set_inception(k, (uint32_t)(now - CZ_SIG_BEFORE));
	ldns_key_set_expiration(k, (uint32_t)(now + CZ_SIG_AFTER));
	if ((sigs = ldns_sign_public(rrs, cz->z[zi].keys)) == NULL)
		return NULL;
	for (i = 0; i < ldns_rr_list_rr_count(sigs); i++) {
		ldns_rr *s = ldns_rr_list_rr(sigs, i);

		/* the TTL of an RRSIG is that of its RRset */
		ldns_rr_set_ttl(s, ldns_rr_ttl(ldns_rr_list_rr(rrs, 0)));
		if (broken && ldns_rr_rd_count(s) == 9) {
			ldns_rdf *sig = ldns_rr_rdf(s, 8);

			if (ldns_rdf_size(sig) > 0)
				ldns_rdf_data(sig)[ldns_rdf_size(sig) / 2] ^= 0x5a;
		}
	}
	return sigs;
}

static void
push_all(ldns_pkt *p, ldns_pkt_section sec, ldns_rr_list *l)
{
	ldns_rr *rr;
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < ldns_rr_list_rr_count(l); i++) {
		rr = ldns_rr_list_rr(l, i);
		ldns_pkt_push_rr(p, sec, rr);
	}
	ldns_rr_list_free(l);          /* the records now belong to p */
}

/* An RRset into a section, with its signatures when do_bit. */
static void
push_set(struct connzone *cz, ldns_pkt *p, ldns_pkt_section sec,
    enum cz_which zi, ldns_rr_list *set, int do_bit, int broken)
{
	ldns_rr_list *sigs = NULL;

	if (set == NULL)
		return;
	if (ldns_rr_list_rr_count(set) == 0) {
		ldns_rr_list_free(set);
		return;
	}
	if (do_bit)
		sigs = sign(cz, zi, set, broken);
	push_all(p, sec, set);
	push_all(p, sec, sigs);
}

/* Answer qname into p; its classification in *out, or -1 (REFUSED) for
 * a name outside the zones. */
static int
answer_name(struct connzone *cz, ldns_pkt *p, const ldns_rdf *qname,
    ldns_rr_type qt, int do_bit, struct cz_name *out)
{
	struct cz_name nm;
	ldns_rr_list *set;
	enum cz_which zi;
	int broken;

	if (classify(cz, qname, qt, &nm) != 0) {
		ldns_pkt_set_rcode(p, LDNS_RCODE_REFUSED);
		return -1;
	}
	*out = nm;
	ldns_pkt_set_aa(p, 1);
	zi = nm.zone;
	broken = nm.probe == CONNZONE_PROBE_BOGUS;
	if (qt == LDNS_RR_TYPE_ANY) {
		/* RFC 8482: one RRset is enough */
		qt = nm.apex ? LDNS_RR_TYPE_SOA : nm.has_a ? LDNS_RR_TYPE_A :
		    nm.has_aaaa ? LDNS_RR_TYPE_AAAA : LDNS_RR_TYPE_NSEC;
	}
	set = rrset(cz, &nm, qname, qt);
	if (set != NULL && ldns_rr_list_rr_count(set) > 0) {
		push_set(cz, p, LDNS_SECTION_ANSWER, zi, set, do_bit, broken);
		if (qt == LDNS_RR_TYPE_NS && nm.apex) {
			struct cz_name h;
			ldns_rdf *nsn = zi == CZ_CONN6 ? cz->ns_conn6 : cz->ns_conn;
			enum cz_which hz;

			if (classify(cz, nsn, LDNS_RR_TYPE_A, &h) == 0) {
				hz = h.zone;
				push_set(cz, p, LDNS_SECTION_ADDITIONAL, hz,
				    rrset(cz, &h, nsn, LDNS_RR_TYPE_A), do_bit, 0);
				push_set(cz, p, LDNS_SECTION_ADDITIONAL, hz,
				    rrset(cz, &h, nsn, LDNS_RR_TYPE_AAAA), do_bit, 0);
			}
		}
		return 0;
	}
	ldns_rr_list_free(set);
	/* NODATA: SOA, and with DNSSEC the NSEC of this name alone. */
	{
		ldns_rr_list *soa = ldns_rr_list_new();
		ldns_rr *soarr = ldns_rr_clone(cz->z[zi].soa);

		if (soa == NULL || soarr == NULL) {
			ldns_rr_list_free(soa);
			ldns_rr_free(soarr);
			ldns_pkt_set_rcode(p, LDNS_RCODE_SERVFAIL);
			return 0;
		}
		ldns_rr_list_push_rr(soa, soarr);
		push_set(cz, p, LDNS_SECTION_AUTHORITY, zi, soa, do_bit, 0);
	}
	if (do_bit) {
		ldns_rr_list *nsec = ldns_rr_list_new();
		ldns_rr *rr = black_lie(cz, &nm, qname);

		if (nsec == NULL || rr == NULL) {
			ldns_rr_list_free(nsec);
			ldns_rr_free(rr);
			return 0;
		}
		ldns_rr_list_push_rr(nsec, rr);
		push_set(cz, p, LDNS_SECTION_AUTHORITY, zi, nsec, do_bit, 0);
	}
	return 0;
}

/* A reply of header (and question) only: FORMERR, NOTIMP, REFUSED, TC. */
static size_t
short_reply(const uint8_t *q, size_t qlen, int with_question, uint8_t rcode,
    int tc, uint8_t *out, size_t cap)
{
	size_t n = 12;

	if (with_question) {
		/* the question as sent: name, type, class */
		size_t off = 12;

		while (off < qlen && q[off] != 0) {
			if ((q[off] & 0xc0) != 0)
				return short_reply(q, qlen, 0, rcode, tc, out, cap);
			off += 1 + q[off];
		}
		off += 1 + 4;
		if (off > qlen)
			return short_reply(q, qlen, 0, LDNS_RCODE_FORMERR, 0, out,
			    cap);
		n = off;
	}
	if (n > cap)
		return 0;
	memcpy(out, q, n);
	out[2] = (uint8_t)(0x80 | (q[2] & 0x79) | (tc ? 0x02 : 0) |
	    (rcode == LDNS_RCODE_NOERROR && tc ? 0x04 : 0));
	out[3] = rcode & 0x0f;
	out[4] = 0;
	out[5] = with_question ? 1 : 0;
	memset(out + 6, 0, 6);
	return n;
}

size_t
connzone_answer(struct connzone *cz, const uint8_t *q, size_t qlen, int tcp,
    uint8_t *out, size_t cap, struct connzone_seen *seen)
{
	ldns_pkt *qp = NULL, *p = NULL;
	ldns_rr *qrr;
	const ldns_rdf *qname;
	ldns_rr_type qt;
	uint8_t *wire = NULL;
	size_t len = 0, limit;
	int do_bit;
	struct cz_name nm;

	if (seen != NULL)
		memset(seen, 0, sizeof(*seen));
	if (qlen < 12 || (q[2] & 0x80) != 0)
		return 0;                /* no id, or a reply: drop */
	if (((q[2] >> 3) & 0x0f) != LDNS_PACKET_QUERY)
		return short_reply(q, qlen, 0, LDNS_RCODE_NOTIMPL, 0, out, cap);
	if (ldns_wire2pkt(&qp, q, qlen) != LDNS_STATUS_OK ||
	    ldns_pkt_qdcount(qp) != 1 || ldns_pkt_ancount(qp) != 0 ||
	    ldns_rr_list_rr_count(ldns_pkt_question(qp)) != 1) {
		ldns_pkt_free(qp);
		return short_reply(q, qlen, 0, LDNS_RCODE_FORMERR, 0, out, cap);
	}
	qrr = ldns_rr_list_rr(ldns_pkt_question(qp), 0);
	qname = ldns_rr_owner(qrr);
	qt = ldns_rr_get_type(qrr);
	if (ldns_rr_get_class(qrr) != LDNS_RR_CLASS_IN ||
	    qt == LDNS_RR_TYPE_AXFR || qt == LDNS_RR_TYPE_IXFR) {
		ldns_pkt_free(qp);
		return short_reply(q, qlen, 1, LDNS_RCODE_REFUSED, 0, out, cap);
	}
	if (ldns_pkt_edns(qp) && ldns_pkt_edns_version(qp) > 0) {
		/* BADVERS (16) needs the OPT record: answer FORMERR-free by
		 * refusing; no resolver sends version 1 today */
		ldns_pkt_free(qp);
		return short_reply(q, qlen, 1, LDNS_RCODE_REFUSED, 0, out, cap);
	}
	do_bit = ldns_pkt_edns(qp) && ldns_pkt_edns_do(qp);
	if ((p = ldns_pkt_new()) == NULL) {
		ldns_pkt_free(qp);
		return 0;
	}
	ldns_pkt_set_id(p, ldns_pkt_id(qp));
	ldns_pkt_set_qr(p, 1);
	ldns_pkt_set_rd(p, ldns_pkt_rd(qp));
	ldns_pkt_set_cd(p, ldns_pkt_cd(qp));
	ldns_pkt_set_opcode(p, LDNS_PACKET_QUERY);
	ldns_pkt_push_rr(p, LDNS_SECTION_QUESTION, ldns_rr_clone(qrr));
	if (ldns_pkt_edns(qp)) {
		ldns_pkt_set_edns_udp_size(p, CZ_UDP_MAX);
		ldns_pkt_set_edns_do(p, do_bit);
	}
	if (answer_name(cz, p, qname, qt, do_bit, &nm) == 0 && seen != NULL &&
	    nm.probe != CONNZONE_PROBE_NONE) {
		seen->probe = nm.probe;
		memcpy(seen->id, nm.id, sizeof(seen->id));
		seen->qtype = (uint16_t)qt;
	}
	limit = cap;
	if (!tcp) {
		size_t want = ldns_pkt_edns(qp) ?
		    ldns_pkt_edns_udp_size(qp) : 512;

		if (want < 512)
			want = 512;
		if (want > CZ_UDP_MAX)
			want = CZ_UDP_MAX;
		if (want < limit)
			limit = want;
	}
	if (ldns_pkt2wire(&wire, p, &len) != LDNS_STATUS_OK) {
		len = short_reply(q, qlen, 1, LDNS_RCODE_SERVFAIL, 0, out, cap);
	} else if (len > limit) {
		len = short_reply(q, qlen, 1, LDNS_RCODE_NOERROR, 1, out, cap);
	} else {
		memcpy(out, wire, len);
	}
	free(wire);
	ldns_pkt_free(p);
	ldns_pkt_free(qp);
	return len;
}

enum connzone_probe
connzone_probe_of_host(const struct connzone *cz, const char *host,
    char id[CONNZONE_ID_LEN + 1])
{
	char h[300];
	size_t n, zl = strlen(cz->zone), i;
	static const struct {
		const char *mid;
		enum connzone_probe p;
	} tab[] = {
		{ ".a.conn.", CONNZONE_PROBE_A },
		{ ".aaaa.conn.", CONNZONE_PROBE_AAAA },
		{ ".bogus.conn.", CONNZONE_PROBE_BOGUS },
		{ ".a-aaaa.conn6.", CONNZONE_PROBE_CONN6 },
	};

	if (host == NULL || (n = strcspn(host, ":")) >= sizeof(h) ||
	    host[0] == '[')
		return CONNZONE_PROBE_NONE;
	for (i = 0; i < n; i++)
		h[i] = (char)tolower((unsigned char)host[i]);
	h[n] = '\0';
	if (n > 0 && h[n - 1] == '.')
		h[--n] = '\0';
	if (n <= CONNZONE_ID_LEN + zl)
		return CONNZONE_PROBE_NONE;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		size_t ml = strlen(tab[i].mid);

		if (CONNZONE_ID_LEN + ml + zl == n &&
		    strncmp(h + CONNZONE_ID_LEN, tab[i].mid, ml) == 0 &&
		    strcmp(h + CONNZONE_ID_LEN + ml, cz->zone) == 0) {
			memcpy(id, h, CONNZONE_ID_LEN);
			id[CONNZONE_ID_LEN] = '\0';
			return connzone_id_ok(id) ? tab[i].p : CONNZONE_PROBE_NONE;
		}
	}
	return CONNZONE_PROBE_NONE;
}

void
connzone_print_delegation(const struct connzone *cz, FILE *out)
{
	char a4[INET_ADDRSTRLEN], a6[INET6_ADDRSTRLEN];
	const struct connzone_opts *o = &cz->o;
	int i;

	if (o->have_ns4)
		inet_ntop(AF_INET, &o->ns4, a4, sizeof(a4));
	if (o->have_ns6)
		inet_ntop(AF_INET6, &o->ns6, a6, sizeof(a6));
	for (i = 0; i < CZ_NZONES; i++) {
		const char *ns = i == CZ_CONN6 ? "ns.conn6" : "ns.conn";

		if (i == CZ_BOGUS)
			continue;              /* inside conn.Z: ours */
		fprintf(out, "%s.\tNS\t%s.%s.\n", cz->z[i].name, ns, cz->zone);
		if (o->have_ns4 && i != CZ_CONN6)
			fprintf(out, "%s.%s.\tA\t%s\n", ns, cz->zone, a4);
		if (o->have_ns6)
			fprintf(out, "%s.%s.\tAAAA\t%s\n", ns, cz->zone, a6);
		ldns_rr_print(out, cz->z[i].ds);
	}
}
