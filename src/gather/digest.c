#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "gather/digest.h"

const char *
fx_mx_state_str(enum fx_mx_state s)
{
	switch (s) {
	case FX_MX_PRESENT: return "mx";
	case FX_MX_NONE: return "no_mx";
	case FX_MX_NULL: return "null_mx";
	case FX_MX_NULL_MIXED: return "null_mx_with_other_mx";
	case FX_MX_UNKNOWN: break;
	}
	return "unknown";
}

char *
fx_dname(struct arena *ar, const ldns_rdf *rdf)
{
	char *s, *p;
	size_t n;

	if (rdf == NULL || ldns_rdf_get_type(rdf) != LDNS_RDF_TYPE_DNAME ||
	    (s = ldns_rdf2str(rdf)) == NULL)
		return NULL;
	n = strlen(s);
	if (n > 0 && s[n - 1] == '.')
		s[--n] = '\0';
	for (p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	p = arena_strdup(ar, s);
	free(s);
	return p;
}

int
fx_digest_addrs(struct arena *ar, struct fx_host *h, const ldns_rr_list *rrs,
    int v6)
{
	size_t n = ldns_rr_list_rr_count(rrs), i, got = 0;
	struct net_addr *arr;

	if (n > FX_MAX_ADDRS)
		n = FX_MAX_ADDRS;
	if (n == 0)
		return 0;
	if ((arr = arena_alloc(ar, n * sizeof(*arr))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		const ldns_rdf *rd = ldns_rr_rdf(ldns_rr_list_rr(rrs, i), 0);

		if (rd == NULL || ldns_rdf_size(rd) != (v6 ? 16u : 4u) ||
		    net_addr_from_bytes(&arr[got], ldns_rdf_data(rd),
		    ldns_rdf_size(rd)) != 0)
			continue;
		if (v6 && net_addr_is_v4mapped(&arr[got])) {
			h->n_v6_mapped++;
			continue;
		}
		got++;
	}
	if (v6) {
		h->v6 = arr;
		h->n_v6 = got;
	} else {
		h->v4 = arr;
		h->n_v4 = got;
	}
	return 0;
}

static int
host_seen(const struct fx_host *hs, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(hs[i].name, name) == 0)
			return 1;
	return 0;
}

int
fx_digest_ns_set(struct arena *ar, struct fx_host **out, size_t *n_out,
    size_t *n_total, const ldns_rr_list *rrs)
{
	size_t n = ldns_rr_list_rr_count(rrs), i;

	*n_total = n;
	if (n == 0)
		return 0;
	if ((*out = arena_alloc(ar, (n < FX_MAX_NS ? n : FX_MAX_NS) *
	    sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < n && *n_out < FX_MAX_NS; i++) {
		char *name;

		if (ldns_rr_get_type(ldns_rr_list_rr(rrs, i)) != LDNS_RR_TYPE_NS)
			continue;
		name = fx_dname(ar, ldns_rr_rdf(ldns_rr_list_rr(rrs, i), 0));
		if (name == NULL || name[0] == '\0' ||
		    host_seen(*out, *n_out, name))
			continue;
		(*out)[(*n_out)++].name = name;
	}
	return 0;
}

int
fx_digest_ns(struct arena *ar, struct facts *fx, const ldns_rr_list *rrs)
{
	return fx_digest_ns_set(ar, &fx->ns, &fx->n_ns, &fx->n_ns_total, rrs);
}

static int
mx_cmp(const void *x, const void *y)
{
	const struct fx_host *a = x, *b = y;

	if (a->preference != b->preference)
		return a->preference < b->preference ? -1 : 1;
	return strcmp(a->name, b->name);
}

int
fx_digest_mx(struct arena *ar, struct facts *fx, const ldns_rr_list *rrs)
{
	size_t n = ldns_rr_list_rr_count(rrs), i, nulls = 0;

	fx->n_mx_total = n;
	fx->mx_state = FX_MX_NONE;
	if (n == 0)
		return 0;
	if ((fx->mx = arena_alloc(ar, n * sizeof(*fx->mx))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		ldns_rr *rr = ldns_rr_list_rr(rrs, i);
		const ldns_rdf *pref = ldns_rr_rdf(rr, 0);
		char *name = fx_dname(ar, ldns_rr_rdf(rr, 1));

		if (name == NULL || pref == NULL)
			continue;
		if (name[0] == '\0') {
			nulls++;
			continue;
		}
		if (strcmp(name, "localhost") == 0) {
			fx->mx_localhost_dropped = 1;
			continue;
		}
		if (host_seen(fx->mx, fx->n_mx, name))
			continue;
		fx->mx[fx->n_mx].name = name;
		fx->mx[fx->n_mx].preference = ldns_rdf2native_int16(pref);
		fx->n_mx++;
	}
	if (nulls > 0)
		fx->mx_state = fx->n_mx > 0 ? FX_MX_NULL_MIXED : FX_MX_NULL;
	else
		fx->mx_state = fx->n_mx > 0 ? FX_MX_PRESENT : FX_MX_NONE;
	qsort(fx->mx, fx->n_mx, sizeof(*fx->mx), mx_cmp);
	if (fx->n_mx > FX_MAX_MX)
		fx->n_mx = FX_MAX_MX;
	return 0;
}

/* Records with fewer fields than their type needs are skipped. */
static void *
rr_array(struct arena *ar, const ldns_rr_list *rrs, size_t size)
{
	size_t n = ldns_rr_list_rr_count(rrs);

	return n == 0 ? NULL : arena_alloc(ar, n * size);
}

int
fx_digest_dnskeys(struct arena *ar, struct fx_zone_algo *z, const ldns_rr_list *rrs)
{
	size_t n = ldns_rr_list_rr_count(rrs), i;

	if (n == 0)
		return 0;
	if ((z->dnskeys = rr_array(ar, rrs, sizeof(*z->dnskeys))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		ldns_rr *rr = ldns_rr_list_rr(rrs, i);
		struct fx_dnskey *k = &z->dnskeys[z->n_dnskeys];

		if (ldns_rr_rd_count(rr) < 4)
			continue;
		k->flags = ldns_rdf2native_int16(ldns_rr_rdf(rr, 0));
		k->algorithm = ldns_rdf2native_int8(ldns_rr_rdf(rr, 2));
		k->key_tag = ldns_calc_keytag(rr);
		k->bits = (uint16_t)ldns_rr_dnskey_key_size(rr);
		z->n_dnskeys++;
	}
	return 0;
}

int
fx_digest_ds(struct arena *ar, struct fx_zone_algo *z, const ldns_rr_list *rrs)
{
	size_t n = ldns_rr_list_rr_count(rrs), i;

	if (n == 0)
		return 0;
	if ((z->ds = rr_array(ar, rrs, sizeof(*z->ds))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		ldns_rr *rr = ldns_rr_list_rr(rrs, i);
		struct fx_ds *d = &z->ds[z->n_ds];

		if (ldns_rr_rd_count(rr) < 4)
			continue;
		d->key_tag = ldns_rdf2native_int16(ldns_rr_rdf(rr, 0));
		d->algorithm = ldns_rdf2native_int8(ldns_rr_rdf(rr, 1));
		d->digest_type = ldns_rdf2native_int8(ldns_rr_rdf(rr, 2));
		z->n_ds++;
	}
	return 0;
}

int
fx_digest_nsec3param(struct arena *ar, struct fx_zone_algo *z,
    const ldns_rr_list *rrs)
{
	size_t n = ldns_rr_list_rr_count(rrs), i;

	if (n == 0)
		return 0;
	if ((z->nsec3p = rr_array(ar, rrs, sizeof(*z->nsec3p))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		ldns_rr *rr = ldns_rr_list_rr(rrs, i);
		struct fx_nsec3param *p = &z->nsec3p[z->n_nsec3p];
		const ldns_rdf *salt;

		if (ldns_rr_rd_count(rr) < 4)
			continue;
		p->hash = ldns_rdf2native_int8(ldns_rr_rdf(rr, 0));
		p->flags = ldns_rdf2native_int8(ldns_rr_rdf(rr, 1));
		p->iterations = ldns_rdf2native_int16(ldns_rr_rdf(rr, 2));
		salt = ldns_rr_rdf(rr, 3);
		p->salt_len = ldns_rdf_size(salt) > 0 ? ldns_rdf_data(salt)[0] : 0;
		z->n_nsec3p++;
	}
	return 0;
}

/* The RDATA of rr in wire form, in the arena. */
static const uint8_t *
rdata_wire(struct arena *ar, const ldns_rr *rr, size_t *len)
{
	ldns_buffer *b = ldns_buffer_new(512);
	uint8_t *copy = NULL;

	*len = 0;
	if (b == NULL)
		return NULL;
	if (ldns_rr_rdata2buffer_wire(b, rr) == LDNS_STATUS_OK &&
	    (copy = arena_alloc(ar, ldns_buffer_position(b) + 1)) != NULL) {
		*len = ldns_buffer_position(b);
		memcpy(copy, ldns_buffer_begin(b), *len);
	}
	ldns_buffer_free(b);
	return copy;
}

int
fx_digest_caa(struct arena *ar, struct fx_caa *c, const ldns_rr_list *rrs)
{
	size_t n = ldns_rr_list_rr_count(rrs), i, len;
	const uint8_t *rd;
	const char *why;

	if (n == 0)
		return 0;
	if (n > 64)
		n = 64;
	if ((c->rrs = arena_alloc(ar, n * sizeof(*c->rrs))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		rd = rdata_wire(ar, ldns_rr_list_rr(rrs, i), &len);
		if (rd == NULL)
			return -1;
		if (caa_parse_rdata(rd, len, &c->rrs[c->n], &why) == 0)
			c->n++;
		else
			c->n_unreadable++;
	}
	return 0;
}

int
fx_digest_tlsa(struct arena *ar, struct fx_tlsa *t, const ldns_rr_list *rrs)
{
	size_t n = ldns_rr_list_rr_count(rrs), i, len;
	const uint8_t *rd;

	if (n == 0)
		return 0;
	if (n > 64)
		n = 64;
	if ((t->rrs = arena_alloc(ar, n * sizeof(*t->rrs))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		struct fx_tlsa_rr *r = &t->rrs[t->n];

		if ((rd = rdata_wire(ar, ldns_rr_list_rr(rrs, i), &len)) == NULL)
			return -1;
		if (len < 4)          /* usage, selector, type, >= 1 data byte */
			continue;
		r->usage = rd[0];
		r->selector = rd[1];
		r->mtype = rd[2];
		r->data = rd + 3;
		r->len = len - 3;
		t->n++;
	}
	return 0;
}

/* TXT: each record's character-strings joined (RFC 7208 §3.3, RFC 7489
 * §6.6.3 and the others read them so); a record with a NUL byte is kept
 * out, since no policy record may hold one. */
int
fx_digest_txt(struct arena *ar, struct fx_txt *t, const ldns_rr_list *rrs)
{
	size_t n = ldns_rr_list_rr_count(rrs), i, len, off, k;
	const uint8_t *rd;
	char *s;

	if (n == 0)
		return 0;
	if (n > FX_MAX_TXT)
		n = FX_MAX_TXT;
	if ((t->txt = arena_alloc(ar, n * sizeof(*t->txt))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(rrs, i);

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_TXT)
			continue;
		if ((rd = rdata_wire(ar, rr, &len)) == NULL)
			return -1;
		if ((s = arena_alloc(ar, len + 1)) == NULL)
			return -1;
		for (off = 0, k = 0; off < len; off += 1 + (size_t)rd[off]) {
			size_t sl = rd[off];

			if (off + 1 + sl > len)
				break;
			memcpy(s + k, rd + off + 1, sl);
			k += sl;
		}
		s[k] = '\0';
		if (strlen(s) != k)
			continue;
		t->txt[t->n++] = s;
	}
	return 0;
}
