/*
 * targets.c: the special-purpose address table and the allow list.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/targets.h"

struct range {
	int family;
	uint8_t bytes[16];
	unsigned bits;
};

struct special {
	const char *cidr;
	const char *name;
};

/* Not global unicast. The IPv6 list includes the IPv4-mapped, NAT64 and
 * 6to4 prefixes: they reach IPv4 destinations the IPv4 rules would have
 * refused. */
static const struct special specials[] = {
	{ "0.0.0.0/8", "this network" },
	{ "10.0.0.0/8", "private" },
	{ "100.64.0.0/10", "shared (carrier-grade NAT)" },
	{ "127.0.0.0/8", "loopback" },
	{ "169.254.0.0/16", "link-local" },
	{ "172.16.0.0/12", "private" },
	{ "192.0.0.0/24", "IETF protocol assignments" },
	{ "192.0.2.0/24", "documentation" },
	{ "192.88.99.0/24", "6to4 relay anycast" },
	{ "192.168.0.0/16", "private" },
	{ "198.18.0.0/15", "benchmarking" },
	{ "198.51.100.0/24", "documentation" },
	{ "203.0.113.0/24", "documentation" },
	{ "224.0.0.0/4", "multicast" },
	{ "240.0.0.0/4", "reserved" },
	{ "::/128", "unspecified" },
	{ "::1/128", "loopback" },
	{ "::ffff:0:0/96", "IPv4-mapped" },
	{ "64:ff9b::/96", "NAT64" },
	{ "64:ff9b:1::/48", "local NAT64" },
	{ "100::/64", "discard-only" },
	{ "2001::/23", "IETF protocol assignments" },
	{ "2001:db8::/32", "documentation" },
	{ "2002::/16", "6to4" },
	{ "3fff::/20", "documentation" },
	{ "fc00::/7", "unique local" },
	{ "fe80::/10", "link-local" },
	{ "fec0::/10", "site-local (deprecated)" },
	{ "ff00::/8", "multicast" },
};
#define N_SPECIAL (sizeof(specials) / sizeof(specials[0]))

#define ALLOW_MAX 64

struct net_targets {
	struct range allow[ALLOW_MAX];
	size_t n_allow;
};

static int
range_parse(struct range *r, const char *text)
{
	char buf[64], *slash, *end;
	unsigned long bits;
	size_t len = strlen(text);

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, text, len + 1);
	memset(r, 0, sizeof(*r));
	if ((slash = strchr(buf, '/')) != NULL)
		*slash = '\0';
	if (inet_pton(AF_INET, buf, r->bytes) == 1)
		r->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, r->bytes) == 1)
		r->family = AF_INET6;
	else
		return -1;
	r->bits = r->family == AF_INET ? 32 : 128;
	if (slash != NULL) {
		if (slash[1] < '0' || slash[1] > '9')
			return -1;
		bits = strtoul(slash + 1, &end, 10);
		if (*end != '\0' || bits > r->bits)
			return -1;
		r->bits = (unsigned)bits;
	}
	return 0;
}

/* Does r hold the first bits of b (same family)? */
static int
range_has(const struct range *r, int family, const uint8_t *b, unsigned bits)
{
	unsigned full = r->bits / 8, rest = r->bits % 8;

	if (r->family != family || bits < r->bits)
		return 0;
	if (memcmp(r->bytes, b, full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	return ((r->bytes[full] ^ b[full]) & (0xff << (8 - rest))) == 0;
}

static const struct range *
special_range(size_t i)
{
	static struct range table[N_SPECIAL];
	static int ready;   /* filled once, before threads: see net_targets_new */

	if (!ready) {
		size_t k;

		for (k = 0; k < N_SPECIAL; k++)
			if (range_parse(&table[k], specials[k].cidr) != 0)
				abort();      /* the table above is wrong */
		ready = 1;
	}
	return &table[i];
}

const char *
net_addr_special(const struct net_addr *a)
{
	unsigned bits = a->family == AF_INET ? 32 : 128;
	size_t i;

	for (i = 0; i < N_SPECIAL; i++)
		if (range_has(special_range(i), a->family, a->bytes, bits))
			return specials[i].name;
	return NULL;
}

struct net_targets *
net_targets_new(void)
{
	(void)special_range(0);     /* build the table in this thread */
	return calloc(1, sizeof(struct net_targets));
}

void
net_targets_free(struct net_targets *t)
{
	free(t);
}

int
net_targets_allow(struct net_targets *t, const char *list, char *err,
    size_t errlen)
{
	const char *p = list, *q;
	char item[64];
	size_t len;

	while (*p != '\0') {
		q = strchr(p, ',');
		len = q != NULL ? (size_t)(q - p) : strlen(p);
		if (len == 0 || len >= sizeof(item) || (q != NULL && q[1] == '\0')) {
			snprintf(err, errlen, "empty or overlong range in \"%s\"", list);
			return -1;
		}
		memcpy(item, p, len);
		item[len] = '\0';
		if (t->n_allow == ALLOW_MAX) {
			snprintf(err, errlen, "more than %d ranges", ALLOW_MAX);
			return -1;
		}
		if (range_parse(&t->allow[t->n_allow], item) != 0) {
			snprintf(err, errlen, "\"%s\" is not an address or "
			    "ADDRESS/PREFIX", item);
			return -1;
		}
		t->n_allow++;
		p = q != NULL ? q + 1 : p + len;
	}
	return 0;
}

int
net_targets_permit(const struct net_targets *t, const struct net_addr *a,
    const char **why)
{
	unsigned bits = a->family == AF_INET ? 32 : 128;
	const char *name;
	size_t i;

	if (t == NULL || (name = net_addr_special(a)) == NULL)
		return 1;
	for (i = 0; i < t->n_allow; i++)
		if (range_has(&t->allow[i], a->family, a->bytes, bits))
			return 1;
	if (why != NULL)
		*why = name;
	return 0;
}

size_t
net_targets_blocked(const struct net_targets *t, const char **out, size_t max)
{
	size_t i, k, n = 0;

	for (i = 0; i < N_SPECIAL && n < max; i++) {
		const struct range *s = special_range(i);
		int covered = 0;

		for (k = 0; t != NULL && k < t->n_allow; k++)
			if (range_has(&t->allow[k], s->family, s->bytes, s->bits))
				covered = 1;
		/* An allowed range inside a special one opens that whole range
		 * to the resolver: a block list cannot punch holes. */
		for (k = 0; t != NULL && k < t->n_allow; k++)
			if (range_has(s, t->allow[k].family, t->allow[k].bytes,
			    t->allow[k].bits))
				covered = 1;
		if (!covered)
			out[n++] = specials[i].cidr;
	}
	return n;
}
