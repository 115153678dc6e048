#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rpki/rpki.h"
#include "rpki/rpki_int.h"

#define NO_ITEM     UINT32_MAX
#define PATH_MAX_NODES 129     /* lengths 0 to 128 */
#define STAGE_FIRST 1024       /* entries of a stage's first allocation */
#define READ_FIRST  (64 * 1024)

/* A trie node; child 0 means none, as the root (node 0) is nobody's child. */
struct node {
	uint32_t child[2];
	uint32_t head;              /* first item at this prefix, or NO_ITEM */
	uint16_t n;                 /* items at this prefix */
	uint8_t len;
};

struct trie {
	unsigned width;             /* key bytes: 4 or 16 */
	uint32_t n_nodes, cap_nodes;
	struct node *nodes;
	uint8_t *keys;              /* width bytes a node: its prefix, masked */
};

/* A VRP (asn, max_len) or a route (asn, flags) at a node, in a list
 * sorted by (max_len, flags, asn). */
struct item {
	uint32_t asn;
	uint32_t next;
	uint8_t max_len;
	uint8_t flags;
};

struct table {
	struct trie t[2];           /* IPv4, IPv6 */
	struct item *items;
	uint32_t n_items, cap_items, max_items;
	const char *what;
	struct rpki_counts counts;
};

struct rpki_db {
	struct table vrps, routes;
};

/* --- small helpers -------------------------------------------------------- */

int
rpki_fail(char *why, size_t cap, const char *fmt, ...)
{
	va_list ap;

	if (cap == 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(why, cap, fmt, ap);
	va_end(ap);
	return -1;
}

const char *
rpki_quote(const char *s, size_t n, char *buf, size_t cap)
{
	size_t i, k = n > RPKI_QUOTE_MAX ? RPKI_QUOTE_MAX : n;

	if (cap < RPKI_QUOTE_MAX + 4)
		return "";
	for (i = 0; i < k; i++)
		buf[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	if (k < n) {
		memcpy(buf + k, "...", 3);
		k += 3;
	}
	buf[k] = '\0';
	return buf;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int
rpki_asn_parse(const char *s, size_t n, int allow_as, uint32_t *asn)
{
	uint64_t v = 0;
	size_t i = 0;

	if (allow_as && n >= 2 && (s[0] | 0x20) == 'a' && (s[1] | 0x20) == 's')
		i = 2;
	if (i == n || n - i > 10 || (s[i] == '0' && n - i > 1))
		return -1;
	for (; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > UINT32_MAX)
		return -1;
	*asn = (uint32_t)v;
	return 0;
}

static unsigned
bit_at(const uint8_t *key, unsigned i)
{
	return (key[i >> 3] >> (7 - (i & 7))) & 1u;
}

/* Leading bits a and b share, at most max. */
static unsigned
common_bits(const uint8_t *a, const uint8_t *b, unsigned max)
{
	unsigned i;

	for (i = 0; i < max; i += 8) {
		unsigned x = a[i >> 3] ^ b[i >> 3];

		if (x != 0) {
			i += (unsigned)__builtin_clz(x) - 24;
			break;
		}
	}
	return i < max ? i : max;
}

static uint64_t
load_be64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return __builtin_bswap64(v);
}

static uint32_t
load_be32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return __builtin_bswap32(v);
}

/* 1 when the first plen bits of key (width bytes) are those of pk. */
static int
has_prefix(const uint8_t *key, const uint8_t *pk, unsigned plen,
    unsigned width)
{
	uint64_t d;

	if (plen == 0)
		return 1;
	if (width == 4)
		return ((load_be32(key) ^ load_be32(pk)) &
		    (0xffffffffu << (32 - plen))) == 0;
	d = load_be64(key) ^ load_be64(pk);
	if (plen <= 64)
		return (d & (~0ull << (64 - plen))) == 0;
	if (d != 0)
		return 0;
	d = load_be64(key + 8) ^ load_be64(pk + 8);
	return (d & (~0ull << (128 - plen))) == 0;
}

static void
copy_masked(uint8_t *dst, const uint8_t *src, unsigned len, unsigned width)
{
	unsigned full = len >> 3, rem = len & 7;

	memcpy(dst, src, full);
	if (full < width) {
		dst[full] = rem ? (uint8_t)(src[full] & (0xffu << (8 - rem))) : 0;
		memset(dst + full + 1, 0, width - full - 1);
	}
}

/* --- prefixes ------------------------------------------------------------- */

int
rpki_prefix_parse(const char *s, size_t n, struct rpki_prefix *out,
    char *why, size_t cap)
{
	char a[INET6_ADDRSTRLEN], q[RPKI_QUOTE_MAX + 4], fix[RPKI_PREFIX_STR_MAX];
	const char *slash, *l;
	size_t alen, ln, i;
	unsigned len = 0, max;
	struct rpki_prefix m;

	memset(out, 0, sizeof(*out));
	slash = s != NULL ? memchr(s, '/', n) : NULL;
	if (slash == NULL)
		return rpki_fail(why, cap, "prefix '%s': no '/length'",
		    rpki_quote(s, s != NULL ? n : 0, q, sizeof(q)));
	alen = (size_t)(slash - s);
	if (alen == 0 || alen >= sizeof(a) || memchr(s, '\0', alen) != NULL)
		return rpki_fail(why, cap, "prefix '%s': bad address",
		    rpki_quote(s, n, q, sizeof(q)));
	memcpy(a, s, alen);
	a[alen] = '\0';
	if (memchr(a, ':', alen) != NULL) {
		out->family = AF_INET6;
		max = 128;
	} else {
		out->family = AF_INET;
		max = 32;
	}
	if (inet_pton(out->family, a, out->addr) != 1)
		return rpki_fail(why, cap, "prefix '%s': bad %s address",
		    rpki_quote(s, n, q, sizeof(q)), max == 32 ? "IPv4" : "IPv6");
	l = slash + 1;
	ln = n - alen - 1;
	if (ln == 0 || ln > 3 || (l[0] == '0' && ln > 1))
		return rpki_fail(why, cap, "prefix '%s': bad length",
		    rpki_quote(s, n, q, sizeof(q)));
	for (i = 0; i < ln; i++) {
		if (!is_digit(l[i]))
			return rpki_fail(why, cap, "prefix '%s': bad length",
			    rpki_quote(s, n, q, sizeof(q)));
		len = len * 10 + (unsigned)(l[i] - '0');
	}
	if (len > max)
		return rpki_fail(why, cap, "prefix '%s': length %u is longer than "
		    "%u", rpki_quote(s, n, q, sizeof(q)), len, max);
	out->len = (uint8_t)len;
	m = *out;
	copy_masked(m.addr, out->addr, len, max / 8);
	if (memcmp(m.addr, out->addr, max / 8) != 0)
		return rpki_fail(why, cap, "prefix '%s': host bits set (%s is the "
		    "network)", rpki_quote(s, n, q, sizeof(q)),
		    rpki_prefix_str(&m, fix, sizeof(fix)));
	return 0;
}

char *
rpki_prefix_str(const struct rpki_prefix *p, char *buf, size_t cap)
{
	char a[INET6_ADDRSTRLEN];

	if (cap == 0)
		return buf;
	if ((p->family != AF_INET && p->family != AF_INET6) ||
	    inet_ntop(p->family, p->addr, a, sizeof(a)) == NULL)
		snprintf(buf, cap, "?/%u", p->len);
	else
		snprintf(buf, cap, "%s/%u", a, p->len);
	return buf;
}

/* --- tries ---------------------------------------------------------------- */

#define KEY(t, i) ((t)->keys + (size_t)(i) * (t)->width)

/* Room for extra more nodes, and the root once there is room. */
static int
trie_reserve(struct trie *t, size_t extra)
{
	size_t need = (size_t)t->n_nodes + extra + 1, cap;
	struct node *nodes;
	uint8_t *keys;

	if (need > t->cap_nodes) {
		if (need > UINT32_MAX / 2)
			return -1;
		cap = t->cap_nodes ? t->cap_nodes : 64;
		while (cap < need)
			cap *= 2;
		nodes = realloc(t->nodes, cap * sizeof(*nodes));
		if (nodes == NULL)
			return -1;
		t->nodes = nodes;
		keys = realloc(t->keys, cap * t->width);
		if (keys == NULL)
			return -1;
		t->keys = keys;
		t->cap_nodes = (uint32_t)cap;
	}
	if (t->n_nodes == 0) {
		memset(&t->nodes[0], 0, sizeof(t->nodes[0]));
		t->nodes[0].head = NO_ITEM;
		memset(KEY(t, 0), 0, t->width);
		t->n_nodes = 1;
	}
	return 0;
}

static uint32_t
node_new(struct trie *t, const uint8_t *key, unsigned len)
{
	uint32_t i = t->n_nodes++;
	struct node *nd = &t->nodes[i];

	nd->child[0] = nd->child[1] = 0;
	nd->head = NO_ITEM;
	nd->n = 0;
	nd->len = (uint8_t)len;
	copy_masked(KEY(t, i), key, len, t->width);
	return i;
}

/* The node of (key, len), made if missing; room for two new nodes must be
 * reserved. */
static uint32_t
trie_insert(struct trie *t, const uint8_t *key, unsigned len)
{
	uint32_t cur = 0, c, nn, leaf;
	unsigned b, clen, cp;

	for (;;) {
		if (t->nodes[cur].len == len)
			return cur;
		b = bit_at(key, t->nodes[cur].len);
		c = t->nodes[cur].child[b];
		if (c == 0) {
			c = node_new(t, key, len);
			t->nodes[cur].child[b] = c;
			return c;
		}
		clen = t->nodes[c].len;
		cp = common_bits(key, KEY(t, c), clen < len ? clen : len);
		if (cp == clen) {
			cur = c;
			continue;
		}
		if (cp == len) {
			nn = node_new(t, key, len);
			t->nodes[nn].child[bit_at(KEY(t, c), len)] = c;
			t->nodes[cur].child[b] = nn;
			return nn;
		}
		nn = node_new(t, key, cp);
		leaf = node_new(t, key, len);
		t->nodes[nn].child[bit_at(key, cp)] = leaf;
		t->nodes[nn].child[bit_at(KEY(t, c), cp)] = c;
		t->nodes[cur].child[b] = nn;
		return leaf;
	}
}

/*
 * The nodes with items whose prefix covers (key, len), least specific
 * first, into path (PATH_MAX_NODES); returns how many. The descent reads
 * only the bits that branch, and then checks the keys of the nodes with
 * items: once one does not cover the key, no deeper one does. That is one
 * cache line a level instead of two.
 */
static unsigned
trie_path(const struct trie *t, const uint8_t *key, unsigned len,
    uint32_t *path)
{
	const struct node *nd;
	uint32_t cur = 0, c;
	unsigned n = 0, i;

	if (t->n_nodes == 0)
		return 0;
	for (;;) {
		nd = &t->nodes[cur];
		if (nd->n > 0)
			path[n++] = cur;
		if (nd->len >= len)
			break;
		c = nd->child[bit_at(key, nd->len)];
		if (c == 0 || t->nodes[c].len > len)
			break;
		cur = c;
	}
	for (i = 0; i < n; i++)
		if (!has_prefix(key, KEY(t, path[i]), t->nodes[path[i]].len,
		    t->width))
			break;
	return i;
}

/* Give back what a commit reserved and did not use. */
static void
trie_trim(struct trie *t)
{
	struct node *nodes;
	uint8_t *keys;

	if (t->n_nodes == 0 || t->cap_nodes - t->n_nodes < t->cap_nodes / 8)
		return;
	nodes = realloc(t->nodes, (size_t)t->n_nodes * sizeof(*nodes));
	if (nodes == NULL)
		return;
	t->nodes = nodes;
	keys = realloc(t->keys, (size_t)t->n_nodes * t->width);
	if (keys != NULL)
		t->keys = keys;
	t->cap_nodes = t->n_nodes;
}

static size_t
trie_bytes(const struct trie *t)
{
	return (size_t)t->cap_nodes * (sizeof(struct node) + t->width);
}

/* --- tables --------------------------------------------------------------- */

static void
table_init(struct table *tb, const char *what, uint32_t max)
{
	memset(tb, 0, sizeof(*tb));
	tb->t[0].width = 4;
	tb->t[1].width = 16;
	tb->max_items = max;
	tb->what = what;
}

static void
table_free(struct table *tb)
{
	free(tb->t[0].nodes);
	free(tb->t[0].keys);
	free(tb->t[1].nodes);
	free(tb->t[1].keys);
	free(tb->items);
}

static int
items_reserve(struct table *tb, size_t extra)
{
	size_t need = (size_t)tb->n_items + extra, cap;
	struct item *v;

	if (need > tb->max_items)
		need = tb->max_items;
	if (need <= tb->cap_items)
		return 0;
	cap = tb->cap_items ? tb->cap_items : 1024;
	while (cap < need)
		cap *= 2;
	if (cap > tb->max_items)
		cap = tb->max_items;
	v = realloc(tb->items, cap * sizeof(*v));
	if (v == NULL)
		return -1;
	tb->items = v;
	tb->cap_items = (uint32_t)cap;
	return 0;
}

static uint64_t
item_order(uint8_t max_len, uint8_t flags, uint32_t asn)
{
	return (uint64_t)max_len << 40 | (uint64_t)flags << 32 | asn;
}

/* Entries in trie order: family, address, length, then the item order. */
static int
entry_cmp(const void *a, const void *b)
{
	const struct rpki_entry *x = a, *y = b;
	uint64_t kx, ky;

	if (x->v6 != y->v6)
		return x->v6 < y->v6 ? -1 : 1;
	kx = load_be64(x->addr);
	ky = load_be64(y->addr);
	if (kx == ky && x->v6) {
		kx = load_be64(x->addr + 8);
		ky = load_be64(y->addr + 8);
	}
	if (kx != ky)
		return kx < ky ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	kx = item_order(x->max_len, x->flags, x->asn);
	ky = item_order(y->max_len, y->flags, y->asn);
	return kx < ky ? -1 : kx > ky;
}

static void
count_skip(struct rpki_counts *c, char *first, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Count a skip at commit time; the reason goes to first when it is empty. */
static void
count_skip(struct rpki_counts *c, char *first, size_t cap, const char *fmt, ...)
{
	va_list ap;

	c->skipped++;
	if (cap == 0 || first[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(first, cap, fmt, ap);
	va_end(ap);
}

/* Put one entry into the table; memory must be reserved. */
static void
table_put(struct table *tb, const struct rpki_entry *e, char *first,
    size_t cap)
{
	struct trie *t = &tb->t[e->v6];
	uint32_t nd, *link, i;
	uint64_t key = item_order(e->max_len, e->flags, e->asn), k;
	struct rpki_prefix p;
	char ps[RPKI_PREFIX_STR_MAX];

	if (tb->n_items >= tb->max_items) {
		count_skip(&tb->counts, first, cap, "more than %u %s", tb->max_items,
		    tb->what);
		return;
	}
	nd = trie_insert(t, e->addr, e->len);
	link = &t->nodes[nd].head;
	while (*link != NO_ITEM) {
		const struct item *it = &tb->items[*link];

		k = item_order(it->max_len, it->flags, it->asn);
		if (k == key) {
			tb->counts.duplicates++;
			return;
		}
		if (k > key)
			break;
		link = &tb->items[*link].next;
	}
	if (t->nodes[nd].n >= RPKI_PREFIX_ITEMS_MAX) {
		p.family = e->v6 ? AF_INET6 : AF_INET;
		memcpy(p.addr, e->addr, sizeof(p.addr));
		p.len = e->len;
		count_skip(&tb->counts, first, cap, "%s: more than %d %s at one "
		    "prefix", rpki_prefix_str(&p, ps, sizeof(ps)),
		    RPKI_PREFIX_ITEMS_MAX, tb->what);
		return;
	}
	i = tb->n_items++;
	tb->items[i].asn = e->asn;
	tb->items[i].max_len = e->max_len;
	tb->items[i].flags = e->flags;
	tb->items[i].next = *link;
	*link = i;
	t->nodes[nd].n++;
	tb->counts.loaded++;
}

/*
 * Move a good stage into the table. Sorted entries walk nearly the same
 * trie path one after another, which keeps the walk in the cache, and
 * make the duplicates within a load neighbours; validators and pfx2as
 * write sorted files, so the sort is skipped when it has nothing to do.
 * 0, or -1 when out of memory (the table unchanged). why gets this
 * load's first skip, or "".
 */
static int
table_commit(struct table *tb, struct rpki_stage *st, char *why, size_t cap)
{
	size_t i, n4 = 0;
	char first[RPKI_WHY_MAX];

	for (i = 1; i < st->n; i++)
		if (entry_cmp(&st->v[i - 1], &st->v[i]) > 0)
			break;
	if (i < st->n)
		qsort(st->v, st->n, sizeof(st->v[0]), entry_cmp);
	for (i = 0; i < st->n; i++)
		n4 += st->v[i].v6 == 0;
	if (items_reserve(tb, st->n) != 0 ||
	    trie_reserve(&tb->t[0], 2 * n4) != 0 ||
	    trie_reserve(&tb->t[1], 2 * (st->n - n4)) != 0)
		return rpki_fail(why, cap, "out of memory for %zu %s", st->n,
		    tb->what);
	memcpy(first, st->first_skip, sizeof(first));
	tb->counts.skipped += st->skipped;
	for (i = 0; i < st->n; i++) {
		if (i > 0 && entry_cmp(&st->v[i - 1], &st->v[i]) == 0) {
			tb->counts.duplicates++;
			continue;
		}
		table_put(tb, &st->v[i], first, sizeof(first));
	}
	trie_trim(&tb->t[0]);
	trie_trim(&tb->t[1]);
	if (tb->n_items > 0 && tb->cap_items - tb->n_items >= tb->cap_items / 8) {
		struct item *v = realloc(tb->items, (size_t)tb->n_items * sizeof(*v));

		if (v != NULL) {
			tb->items = v;
			tb->cap_items = tb->n_items;
		}
	}
	if (tb->counts.first_skip[0] == '\0')
		memcpy(tb->counts.first_skip, first, sizeof(first));
	if (cap > 0)
		snprintf(why, cap, "%s", first);
	return 0;
}

/* --- stages --------------------------------------------------------------- */

static void
stage_init(struct rpki_stage *st, const struct table *tb)
{
	memset(st, 0, sizeof(*st));
	st->limit = tb->max_items - tb->n_items;
	st->max = tb->max_items;
	st->what = tb->what;
}

void
rpki_stage_skip(struct rpki_stage *st, const char *fmt, ...)
{
	va_list ap;

	st->skipped++;
	if (st->first_skip[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(st->first_skip, sizeof(st->first_skip), fmt, ap);
	va_end(ap);
}

int
rpki_stage_add(struct rpki_stage *st, const struct rpki_entry *e)
{
	struct rpki_entry *v;
	size_t cap;

	if (st->n >= st->limit) {
		rpki_stage_skip(st, "more than %zu %s", st->max, st->what);
		return 0;
	}
	if (st->n == st->cap) {
		cap = st->cap ? st->cap * 2 : STAGE_FIRST;
		if (cap > st->limit)
			cap = st->limit;
		v = realloc(st->v, cap * sizeof(*v));
		if (v == NULL)
			return -1;
		st->v = v;
		st->cap = cap;
	}
	st->v[st->n++] = *e;
	return 0;
}

/* --- the db --------------------------------------------------------------- */

struct rpki_db *
rpki_db_new(void)
{
	struct rpki_db *db = calloc(1, sizeof(*db));

	if (db == NULL)
		return NULL;
	table_init(&db->vrps, "VRPs", RPKI_VRPS_MAX);
	table_init(&db->routes, "routes", RPKI_ROUTES_MAX);
	return db;
}

void
rpki_db_free(struct rpki_db *db)
{
	if (db == NULL)
		return;
	table_free(&db->vrps);
	table_free(&db->routes);
	free(db);
}

const struct rpki_counts *
rpki_vrp_counts(const struct rpki_db *db)
{
	return &db->vrps.counts;
}

const struct rpki_counts *
rpki_route_counts(const struct rpki_db *db)
{
	return &db->routes.counts;
}

size_t
rpki_db_bytes(const struct rpki_db *db)
{
	const struct table *tb[2] = { &db->vrps, &db->routes };
	size_t i, n = sizeof(*db);

	for (i = 0; i < 2; i++)
		n += trie_bytes(&tb[i]->t[0]) + trie_bytes(&tb[i]->t[1]) +
		    (size_t)tb[i]->cap_items * sizeof(struct item);
	return n;
}

/* The whole file at path into *out (malloc'd, the caller frees), at most
 * RPKI_FILE_MAX bytes. 0, or -1 with a reason. */
static int
read_file(const char *path, char **out, size_t *outlen, char *why, size_t cap)
{
	struct stat sb;
	size_t n = 0, bcap;
	char *buf = NULL, *nb;
	ssize_t r;
	int fd, e;

	*out = NULL;
	*outlen = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rpki_fail(why, cap, "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0) {
		e = errno;
		close(fd);
		return rpki_fail(why, cap, "%s: %s", path, strerror(e));
	}
	if (S_ISREG(sb.st_mode) && (uint64_t)sb.st_size > RPKI_FILE_MAX) {
		close(fd);
		return rpki_fail(why, cap, "%s: larger than %u bytes", path,
		    RPKI_FILE_MAX);
	}
	bcap = S_ISREG(sb.st_mode) ? (size_t)sb.st_size + 1 : READ_FIRST;
	for (;;) {
		if (n == bcap || buf == NULL) {
			if (buf != NULL && bcap > RPKI_FILE_MAX / 2)
				bcap = (size_t)RPKI_FILE_MAX + 1;
			else if (buf != NULL)
				bcap *= 2;
			nb = realloc(buf, bcap);
			if (nb == NULL) {
				free(buf);
				close(fd);
				return rpki_fail(why, cap, "%s: out of memory", path);
			}
			buf = nb;
		}
		r = read(fd, buf + n, bcap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			free(buf);
			close(fd);
			return rpki_fail(why, cap, "%s: %s", path, strerror(e));
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > RPKI_FILE_MAX) {
			free(buf);
			close(fd);
			return rpki_fail(why, cap, "%s: larger than %u bytes", path,
			    RPKI_FILE_MAX);
		}
	}
	close(fd);
	*out = buf;
	*outlen = n;
	return 0;
}

int
rpki_vrp_load_buffer(struct rpki_db *db, const char *buf, size_t len,
    char *why, size_t cap)
{
	struct rpki_stage st;
	int r;

	if (cap > 0)
		why[0] = '\0';
	stage_init(&st, &db->vrps);
	r = rpki_json_scan(buf, len, &st, why, cap);
	if (r == 0)
		r = table_commit(&db->vrps, &st, why, cap);
	free(st.v);
	return r;
}

int
rpki_vrp_load_json(struct rpki_db *db, const char *path, char *why,
    size_t cap)
{
	char *buf, reason[RPKI_WHY_MAX];
	size_t len;
	int r;

	if (read_file(path, &buf, &len, why, cap) != 0)
		return -1;
	r = rpki_vrp_load_buffer(db, buf, len, reason, sizeof(reason));
	free(buf);
	if (r != 0)
		return rpki_fail(why, cap, "%s: %s", path, reason);
	if (cap > 0)
		snprintf(why, cap, "%s", reason);
	return 0;
}

/* --- routes text ---------------------------------------------------------- */

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Stage the origins of one line ("64496", "AS64496_64497", "1,2"): all of
 * them, or none and a skip. -1 only when out of memory. */
static int
stage_origins(struct rpki_stage *st, size_t line, const struct rpki_prefix *p,
    const char *s, size_t n)
{
	struct rpki_entry e[RPKI_PREFIX_ITEMS_MAX];
	char q[RPKI_QUOTE_MAX + 4];
	size_t i = 0, k = 0, end, j, m;
	uint32_t asn;

	while (i <= n) {
		const char *el = s + i;
		const char *sep;

		sep = memchr(el, '_', n - i);
		end = sep != NULL ? (size_t)(sep - s) : n;
		m = end - i;
		if (k == RPKI_PREFIX_ITEMS_MAX) {
			rpki_stage_skip(st, "line %zu: more than %d origins", line,
			    RPKI_PREFIX_ITEMS_MAX);
			return 0;
		}
		memset(&e[k], 0, sizeof(e[k]));
		if (memchr(el, ',', m) != NULL) {
			for (j = 0; j <= m;) {
				const char *c = memchr(el + j, ',', m - j);
				size_t ce = c != NULL ? (size_t)(c - el) : m;

				if (rpki_asn_parse(el + j, ce - j, 1, &asn) != 0)
					goto bad;
				j = ce + 1;
			}
			e[k].flags = RPKI_ENTRY_AS_SET;
		} else if (rpki_asn_parse(el, m, 1, &e[k].asn) != 0) {
			goto bad;
		}
		k++;
		i = end + 1;
	}
	for (i = 0; i < k; i++) {
		memcpy(e[i].addr, p->addr, sizeof(e[i].addr));
		e[i].v6 = p->family == AF_INET6;
		e[i].len = p->len;
		e[i].max_len = p->len;
		if (rpki_stage_add(st, &e[i]) != 0)
			return -1;
	}
	return 0;
bad:
	rpki_stage_skip(st, "line %zu: bad origin '%s' (an AS number, "
	    "'AS' and a number, '_' between origins, ',' inside an AS_SET)",
	    line, rpki_quote(s, n, q, sizeof(q)));
	return 0;
}

/* One line without its LF. -1 only when out of memory. */
static int
routes_line(struct rpki_stage *st, size_t line, const char *s, size_t n)
{
	const char *f[4], *hash;
	size_t fl[4], nf = 0, i = 0, start;
	char buf[INET6_ADDRSTRLEN + 8], reason[RPKI_WHY_MAX], q[RPKI_QUOTE_MAX + 4];
	struct rpki_prefix p;

	if (n > RPKI_LINE_MAX) {
		rpki_stage_skip(st, "line %zu: longer than %d bytes", line,
		    RPKI_LINE_MAX);
		return 0;
	}
	hash = memchr(s, '#', n);
	if (hash != NULL)
		n = (size_t)(hash - s);
	if (n > 0 && s[n - 1] == '\r')
		n--;
	while (i < n) {
		while (i < n && is_blank(s[i]))
			i++;
		if (i == n)
			break;
		start = i;
		while (i < n && !is_blank(s[i]))
			i++;
		if (nf < 4) {
			f[nf] = s + start;
			fl[nf] = i - start;
		}
		nf++;
	}
	if (nf == 0)
		return 0;
	if (nf == 2 && memchr(f[0], '/', fl[0]) != NULL) {
		if (rpki_prefix_parse(f[0], fl[0], &p, reason, sizeof(reason)) != 0)
			goto bad;
		return stage_origins(st, line, &p, f[1], fl[1]);
	}
	if (nf == 3 && memchr(f[0], '/', fl[0]) == NULL) {
		if (fl[0] + fl[1] + 2 > sizeof(buf)) {
			rpki_fail(reason, sizeof(reason), "prefix '%s': bad address",
			    rpki_quote(f[0], fl[0], q, sizeof(q)));
			goto bad;
		}
		memcpy(buf, f[0], fl[0]);
		buf[fl[0]] = '/';
		memcpy(buf + fl[0] + 1, f[1], fl[1]);
		if (rpki_prefix_parse(buf, fl[0] + 1 + fl[1], &p, reason,
		    sizeof(reason)) != 0)
			goto bad;
		return stage_origins(st, line, &p, f[2], fl[2]);
	}
	rpki_stage_skip(st, "line %zu: expected 'prefix origin' or 'address "
	    "length origin', found %zu field%s", line, nf, nf == 1 ? "" : "s");
	return 0;
bad:
	rpki_stage_skip(st, "line %zu: %s", line, reason);
	return 0;
}

int
rpki_routes_load_buffer(struct rpki_db *db, const char *buf, size_t len,
    char *why, size_t cap)
{
	struct rpki_stage st;
	const char *nl;
	size_t pos = 0, line = 0, n;
	int r = 0;

	if (cap > 0)
		why[0] = '\0';
	stage_init(&st, &db->routes);
	while (pos < len && r == 0) {
		nl = memchr(buf + pos, '\n', len - pos);
		n = nl != NULL ? (size_t)(nl - (buf + pos)) : len - pos;
		line++;
		r = routes_line(&st, line, buf + pos, n);
		pos += n + 1;
	}
	if (r != 0)
		r = rpki_fail(why, cap, "out of memory after %zu routes", st.n);
	else
		r = table_commit(&db->routes, &st, why, cap);
	free(st.v);
	return r;
}

int
rpki_routes_load(struct rpki_db *db, const char *path, char *why, size_t cap)
{
	char *buf, reason[RPKI_WHY_MAX];
	size_t len;
	int r;

	if (read_file(path, &buf, &len, why, cap) != 0)
		return -1;
	r = rpki_routes_load_buffer(db, buf, len, reason, sizeof(reason));
	free(buf);
	if (r != 0)
		return rpki_fail(why, cap, "%s: %s", path, reason);
	if (cap > 0)
		snprintf(why, cap, "%s", reason);
	return 0;
}

/* --- validation ----------------------------------------------------------- */

static void
fill_vrp(struct rpki_vrp *v, const struct trie *t, uint32_t node,
    const struct item *it)
{
	memset(&v->prefix, 0, sizeof(v->prefix));
	v->prefix.family = t->width == 16 ? AF_INET6 : AF_INET;
	memcpy(v->prefix.addr, KEY(t, node), t->width);
	v->prefix.len = t->nodes[node].len;
	v->max_len = it->max_len;
	v->asn = it->asn;
}

static int
vrp_matches(const struct item *it, const struct rpki_route *rt)
{
	return !rt->origin_none && it->asn != 0 && it->asn == rt->origin &&
	    it->max_len >= rt->prefix.len;
}

void
rpki_validate_route(const struct rpki_db *db, const struct rpki_route *rt,
    struct rpki_route_result *out)
{
	const struct table *tb = &db->vrps;
	const struct trie *t;
	const struct item *it;
	uint32_t path[PATH_MAX_NODES], i;
	unsigned np, k;
	int match = 0, same_as = 0, non_as0 = 0, pick;

	memset(out, 0, offsetof(struct rpki_route_result, vrps));
	out->route = *rt;
	out->state = RPKI_NOT_FOUND;
	if ((rt->prefix.family != AF_INET && rt->prefix.family != AF_INET6) ||
	    rt->prefix.len > (rt->prefix.family == AF_INET ? 32 : 128))
		return;
	t = &tb->t[rt->prefix.family == AF_INET6];
	np = trie_path(t, rt->prefix.addr, rt->prefix.len, path);
	for (k = 0; k < np; k++) {
		for (i = t->nodes[path[k]].head; i != NO_ITEM; i = it->next) {
			it = &tb->items[i];
			out->n_covering++;
			non_as0 |= it->asn != 0;
			if (vrp_matches(it, rt)) {
				match = 1;
				out->loose_max_len |= it->max_len > rt->prefix.len;
			} else if (!rt->origin_none && it->asn != 0 &&
			    it->asn == rt->origin) {
				same_as = 1;
			}
		}
	}
	if (out->n_covering == 0)
		return;
	if (match) {
		out->state = RPKI_VALID;
	} else {
		out->state = RPKI_INVALID;
		if (rt->origin_none)
			out->why = RPKI_WHY_AS_SET;
		else if (same_as)
			out->why = RPKI_WHY_LENGTH;
		else if (!non_as0)
			out->why = RPKI_WHY_AS0;
		else
			out->why = RPKI_WHY_ORIGIN;
	}
	for (k = np; k-- > 0;) {
		for (i = t->nodes[path[k]].head; i != NO_ITEM; i = it->next) {
			it = &tb->items[i];
			pick = !match || vrp_matches(it, rt);
			if (!pick)
				continue;
			if (out->n_vrps < RPKI_RESULT_VRPS_MAX)
				fill_vrp(&out->vrps[out->n_vrps++], t, path[k], it);
			out->n_vrps_total++;
		}
	}
}

static int
state_rank(enum rpki_state s)
{
	switch (s) {
	case RPKI_VALID:
		return 1;
	case RPKI_NOT_FOUND:
		return 2;
	case RPKI_INVALID:
		return 3;
	case RPKI_NO_ROUTE:
		break;
	}
	return 0;
}

int
rpki_validate_addr(const struct rpki_db *db, const struct net_addr *addr,
    struct rpki_addr_result *out)
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };
	const struct table *tb = &db->routes;
	const struct trie *t;
	const struct item *it;
	struct rpki_route_result scratch, *r;
	struct rpki_route rt;
	uint32_t path[PATH_MAX_NODES], i;
	uint8_t key[16];
	unsigned np, k, len;
	int v6;

	memset(out, 0, offsetof(struct rpki_addr_result, routes));
	memset(key, 0, sizeof(key));
	if (addr->family == AF_INET) {
		memcpy(key, addr->bytes, 4);
		v6 = 0;
	} else if (addr->family == AF_INET6 &&
	    memcmp(addr->bytes, mapped, sizeof(mapped)) == 0) {
		memcpy(key, addr->bytes + 12, 4);
		v6 = 0;
	} else if (addr->family == AF_INET6) {
		memcpy(key, addr->bytes, 16);
		v6 = 1;
	} else {
		return -1;
	}
	len = v6 ? 128 : 32;
	t = &tb->t[v6];
	np = trie_path(t, key, len, path);
	for (k = np; k-- > 0;) {
		memset(&rt, 0, sizeof(rt));
		rt.prefix.family = v6 ? AF_INET6 : AF_INET;
		memcpy(rt.prefix.addr, KEY(t, path[k]), t->width);
		rt.prefix.len = t->nodes[path[k]].len;
		for (i = t->nodes[path[k]].head; i != NO_ITEM; i = it->next) {
			it = &tb->items[i];
			rt.origin = it->asn;
			rt.origin_none = (it->flags & RPKI_ENTRY_AS_SET) != 0;
			r = out->n_routes < RPKI_RESULT_ROUTES_MAX ?
			    &out->routes[out->n_routes++] : &scratch;
			rpki_validate_route(db, &rt, r);
			out->n_routes_total++;
			out->n_valid += r->state == RPKI_VALID;
			out->n_invalid += r->state == RPKI_INVALID;
			out->n_not_found += r->state == RPKI_NOT_FOUND;
			out->n_covered += r->n_covering > 0;
			out->any_loose_max_len |= r->loose_max_len;
			if (k == np - 1 &&
			    state_rank(r->state) > state_rank(out->state))
				out->state = r->state;
		}
	}
	out->any_invalid = out->n_invalid > 0;
	return 0;
}

/* --- words ---------------------------------------------------------------- */

const char *
rpki_state_str(enum rpki_state s)
{
	switch (s) {
	case RPKI_NO_ROUTE:
		return "no_route";
	case RPKI_VALID:
		return "valid";
	case RPKI_INVALID:
		return "invalid";
	case RPKI_NOT_FOUND:
		return "not_found";
	}
	return "unknown";
}

const char *
rpki_why_str(enum rpki_why w)
{
	switch (w) {
	case RPKI_WHY_NONE:
		return "none";
	case RPKI_WHY_ORIGIN:
		return "origin";
	case RPKI_WHY_LENGTH:
		return "length";
	case RPKI_WHY_AS0:
		return "as0";
	case RPKI_WHY_AS_SET:
		return "as_set";
	}
	return "unknown";
}

/* snprintf at *off into buf, clamping *off to the end. */
static void
add(char *buf, size_t cap, size_t *off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
add(char *buf, size_t cap, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (*off >= cap)
		return;
	va_start(ap, fmt);
	r = vsnprintf(buf + *off, cap - *off, fmt, ap);
	va_end(ap);
	if (r < 0)
		return;
	*off = (size_t)r >= cap - *off ? cap : *off + (size_t)r;
}

char *
rpki_route_explain(const struct rpki_route_result *r, char *buf, size_t cap)
{
	char ps[RPKI_PREFIX_STR_MAX];
	size_t off = 0, i;
	uint32_t as = r->route.origin;

	if (cap == 0)
		return buf;
	buf[0] = '\0';
	add(buf, cap, &off, "%s ", rpki_prefix_str(&r->route.prefix, ps,
	    sizeof(ps)));
	if (r->route.origin_none)
		add(buf, cap, &off, "AS_SET");
	else
		add(buf, cap, &off, "AS%u", as);
	switch (r->state) {
	case RPKI_VALID:
		add(buf, cap, &off, ": valid");
		break;
	case RPKI_NOT_FOUND:
		add(buf, cap, &off, ": not found: no VRP covers it");
		return buf;
	case RPKI_INVALID:
		if (r->why == RPKI_WHY_AS_SET)
			add(buf, cap, &off, ": invalid: the origin is an AS_SET, "
			    "which matches no VRP");
		else if (r->why == RPKI_WHY_LENGTH)
			add(buf, cap, &off, ": invalid: /%u is longer than the "
			    "maxLength of every VRP for AS%u", r->route.prefix.len,
			    as);
		else if (r->why == RPKI_WHY_AS0)
			add(buf, cap, &off, ": invalid: only AS0 VRPs cover it "
			    "(no origin is allowed)");
		else
			add(buf, cap, &off, ": invalid: no VRP for AS%u covers it",
			    as);
		break;
	case RPKI_NO_ROUTE:
		add(buf, cap, &off, ": no route");
		return buf;
	}
	add(buf, cap, &off, " (%zu VRP%s:", r->n_vrps_total,
	    r->n_vrps_total == 1 ? "" : "s");
	for (i = 0; i < r->n_vrps; i++)
		add(buf, cap, &off, "%s %s-%u AS%u", i ? "," : "",
		    rpki_prefix_str(&r->vrps[i].prefix, ps, sizeof(ps)),
		    r->vrps[i].max_len, r->vrps[i].asn);
	if (r->n_vrps < r->n_vrps_total)
		add(buf, cap, &off, ", %zu more", r->n_vrps_total - r->n_vrps);
	add(buf, cap, &off, ")");
	if (r->loose_max_len)
		add(buf, cap, &off, "; maxLength is longer than /%u, so "
		    "more-specifics are authorized too: those not announced are "
		    "open to forged-origin sub-prefix hijacks (RFC 9319)",
		    r->route.prefix.len);
	return buf;
}
