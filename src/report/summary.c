/*
 * summary.c: the aggregator behind `uptodate summarize` and the batch
 * runner's end-of-run overview, and its terminal and HTML renderers.
 *
 * Per test type, domains are interned (name -> dense id) and each id has a
 * 16-byte record; category and test names are interned the same way, and a
 * record holds one status nibble per name id. Counting a record and taking
 * it back are the same walk (apply with +1 or -1), which is what lets a
 * later line for the same domain replace the earlier one.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks/check.h"
#include "report/report.h"
#include "report/summary.h"
#include "util/text.h"
#include "util/arena.h"

#define SUM_DOMAIN_MAX 253      /* a DNS name's longest text form */
#define SUM_NAME_MAX 64         /* a category or test name */
#define SUM_NAMES_MAX 256       /* distinct category and test names per kind */
#define SUM_CODE_MAX 32         /* an error code, truncated beyond */
#define SUM_CODES_MAX 32        /* distinct error codes per kind, "other" last */
#define SUM_MSG_MAX 160         /* the example message kept per error code */
#define SUM_ARENA_MAX ((size_t)2 << 30)   /* names and status nibbles */
#define SUM_READ_CHUNK ((size_t)64 * 1024)
#define SUM_BAR_WIDTH 40        /* terminal histogram */

/* String -> dense id (0, 1, ...), keys copied into the summary's arena. */
struct sum_intern {
	uint64_t *slot;         /* hash << 32 | (id + 1); 0 = free */
	size_t nslots;          /* a power of two, or 0 */
	char **key;             /* id -> key */
	size_t n, cap;
};

/* The last result of one domain. */
struct sum_dom {
	uint8_t *st;            /* nibble i: status + 1 of name id i; 0 = absent */
	uint16_t n_st;          /* nibbles in use */
	uint16_t st_cap;        /* nibbles st can hold (reused on replacement) */
	int16_t score;          /* 0..100, or -1: could not be tested */
	uint16_t code;          /* error code id when score is -1 */
};

struct sum_kind {
	struct sum_intern domains;      /* id -> dom[id] */
	struct sum_dom *dom;
	size_t dom_cap;
	struct sum_intern names;        /* 'c' or 't' + category or test name */
	size_t count[SUM_NAMES_MAX][SUMMARY_N_STATUS];
	struct sum_intern codes;
	size_t code_count[SUM_CODES_MAX];
	char *code_msg[SUM_CODES_MAX];  /* an example: the first message seen
	                                   (its line may have been replaced) */
	size_t score_count[101];
	size_t tested, errors;
	uint64_t score_sum;
};

struct summary {
	struct arena *arena;
	struct sum_kind kind[SUMMARY_N_KINDS];
	size_t bad, replaced;
};

/* One parsed report, before it is counted. */
struct sum_line {
	enum summary_kind kind;
	char domain[SUM_DOMAIN_MAX + 1];
	int score;                      /* -1: status "error" */
	const char *code, *msg;         /* borrowed from the JSON */
	uint8_t st[SUM_NAMES_MAX];      /* status + 1 per name id */
	size_t n_st;
};

static const char *const kind_word[SUMMARY_N_KINDS] = { "web", "mail" };
static const char *const kind_title[SUMMARY_N_KINDS] = { "Websites", "Mail domains" };

/* Table columns: best first, the way a reader scans adoption. */
static const enum chk_status show_order[SUMMARY_N_STATUS] = {
	CHK_PASSED, CHK_FAILED, CHK_WARNING, CHK_INFO, CHK_NOT_TESTED, CHK_ERROR,
};

/* --- strings ------------------------------------------------------------ */

/* src cut to fit size (at a UTF-8 character boundary), then made safe to
 * print on a terminal (text_clean: control characters become '?'). */
static void
copy_clean(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
	text_trim_partial(dst);
	(void)text_clean(dst, 1);
}

static int bad(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The reason of a bad line into why (cleaned); returns SUMMARY_BAD. */
static int
bad(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why != NULL && whylen > 0) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
		(void)text_clean(why, 1);
	}
	return SUMMARY_BAD;
}

static int
kind_parse(const char *s)
{
	int k;

	for (k = 0; s != NULL && k < SUMMARY_N_KINDS; k++)
		if (strcmp(s, kind_word[k]) == 0)
			return k;
	return -1;
}

/* --- interning ---------------------------------------------------------- */

static uint32_t
hash_str(const char *s)
{
	uint32_t h = 2166136261u;   /* FNV-1a */

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

/* The slot holding key, or the free slot where it would go. */
static size_t
intern_slot(const struct sum_intern *t, const char *key, uint32_t h)
{
	size_t mask = t->nslots - 1, i = h & mask;

	while (t->slot[i] != 0 && ((uint32_t)(t->slot[i] >> 32) != h ||
	    strcmp(t->key[(uint32_t)t->slot[i] - 1], key) != 0))
		i = (i + 1) & mask;
	return i;
}

static int64_t
intern_find(const struct sum_intern *t, const char *key)
{
	size_t i;

	if (t->nslots == 0)
		return -1;
	i = intern_slot(t, key, hash_str(key));
	return t->slot[i] != 0 ? (int64_t)(uint32_t)t->slot[i] - 1 : -1;
}

static int
intern_grow(struct sum_intern *t)
{
	size_t n = t->nslots ? t->nslots * 2 : 64, i, j;
	uint64_t *slot = calloc(n, sizeof(*slot));

	if (slot == NULL)
		return -1;
	for (i = 0; i < t->nslots; i++) {
		if (t->slot[i] == 0)
			continue;
		for (j = (t->slot[i] >> 32) & (n - 1); slot[j] != 0; j = (j + 1) & (n - 1))
			;
		slot[j] = t->slot[i];
	}
	free(t->slot);
	t->slot = slot;
	t->nslots = n;
	return 0;
}

/* The id of key, added when new and fewer than max keys are held: -1 when
 * full, -2 on ENOMEM. */
static int64_t
intern_add(struct sum_intern *t, struct arena *a, const char *key, size_t max)
{
	uint32_t h = hash_str(key);
	char **keys;
	size_t i;

	if ((t->n + 1) * 4 > t->nslots * 3 && intern_grow(t) != 0)
		return -2;
	i = intern_slot(t, key, h);
	if (t->slot[i] != 0)
		return (int64_t)(uint32_t)t->slot[i] - 1;
	if (t->n >= max)
		return -1;
	if (t->n == t->cap) {
		if ((keys = realloc(t->key, (t->cap ? t->cap * 2 : 64) *
		    sizeof(*keys))) == NULL)
			return -2;
		t->key = keys;
		t->cap = t->cap ? t->cap * 2 : 64;
	}
	if ((t->key[t->n] = arena_strdup(a, key)) == NULL)
		return -2;
	t->slot[i] = (uint64_t)h << 32 | (uint64_t)(t->n + 1);
	return (int64_t)t->n++;
}

static void
intern_free(struct sum_intern *t)
{
	free(t->slot);
	free(t->key);
}

/* --- the aggregate ------------------------------------------------------ */

struct summary *
summary_new(void)
{
	struct summary *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	if ((s->arena = arena_new(SUM_ARENA_MAX)) == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

void
summary_free(struct summary *s)
{
	int k;

	if (s == NULL)
		return;
	for (k = 0; k < SUMMARY_N_KINDS; k++) {
		intern_free(&s->kind[k].domains);
		intern_free(&s->kind[k].names);
		intern_free(&s->kind[k].codes);
		free(s->kind[k].dom);
	}
	arena_free(s->arena);
	free(s);
}

static unsigned
nibble(const uint8_t *st, size_t i)
{
	return (st[i / 2] >> (i % 2 * 4)) & 0xf;
}

static void
bump(size_t *c, int sign)
{
	if (sign > 0)
		(*c)++;
	else
		(*c)--;
}

/* Count a domain's result in (sign +1) or take it out of (-1) the totals. */
static void
apply(struct sum_kind *k, const struct sum_dom *d, int sign)
{
	size_t i;
	unsigned v;

	if (d->score < 0) {
		bump(&k->errors, sign);
		bump(&k->code_count[d->code], sign);
		return;
	}
	bump(&k->tested, sign);
	bump(&k->score_count[d->score], sign);
	if (sign > 0)
		k->score_sum += (uint64_t)d->score;
	else
		k->score_sum -= (uint64_t)d->score;
	for (i = 0; i < d->n_st; i++)
		if ((v = nibble(d->st, i)) != 0)
			bump(&k->count[i][v - 1], sign);
}

/* The domain as a key: ASCII lower case, no trailing dot, cleaned. */
static int
domain_key(const char *in, char *out, char *why, size_t whylen)
{
	size_t n = strlen(in), i;

	if (n > 0 && in[n - 1] == '.')
		n--;
	if (n == 0)
		return bad(why, whylen, "\"domain\" is empty");
	if (n > SUM_DOMAIN_MAX)
		return bad(why, whylen, "\"domain\" is longer than %d characters",
		    SUM_DOMAIN_MAX);
	for (i = 0; i < n; i++)
		out[i] = in[i] >= 'A' && in[i] <= 'Z' ? (char)(in[i] - 'A' + 'a') : in[i];
	out[n] = '\0';
	(void)text_clean(out, 1);
	return 0;
}

/* The statuses of results.categories (tag 'c') or results.tests ('t') into
 * ln: pass 0 only checks them, pass 1 interns the names. Two passes so
 * that a line rejected for a bad status leaves no names behind. */
static int
parse_statuses(struct summary *s, struct sum_line *ln, json_t *results,
    const char *part, char tag, int pass, char *why, size_t whylen)
{
	struct sum_kind *k = &s->kind[ln->kind];
	json_t *obj = json_object_get(results, part), *v;
	const char *name, *str;
	char key[SUM_NAME_MAX + 2];
	size_t n;
	int64_t id;

	if (obj == NULL)
		return 0;
	if (!json_is_object(obj))
		return bad(why, whylen, "\"results.%s\" is not an object", part);
	json_object_foreach(obj, name, v) {
		n = strlen(name);
		str = json_string_value(json_object_get(v, "status"));
		if (pass == 0) {
			if (n == 0 || n > SUM_NAME_MAX)
				return bad(why, whylen, "a name in \"results.%s\" is "
				    "empty or longer than %d characters", part, SUM_NAME_MAX);
			if (str == NULL || chk_status_parse(str) < 0)
				return bad(why, whylen, "\"results.%s.%s.status\" is not "
				    "a known status", part, name);
			continue;
		}
		key[0] = tag;
		memcpy(key + 1, name, n + 1);
		(void)text_clean(key, 1);
		id = intern_add(&k->names, s->arena, key, SUM_NAMES_MAX);
		if (id == -1)
			return bad(why, whylen, "more than %d different category and "
			    "test names", SUM_NAMES_MAX);
		if (id < 0)
			return SUMMARY_NOMEM;
		ln->st[id] = (uint8_t)(chk_status_parse(str) + 1);
		if ((size_t)id >= ln->n_st)
			ln->n_st = (size_t)id + 1;
	}
	return 0;
}

static int
parse_report(struct summary *s, json_t *rep, struct sum_line *ln, char *why,
    size_t whylen)
{
	json_t *results, *v, *e;
	const char *str;
	json_int_t pct;
	int kind, pass, rc;

	if (!json_is_object(rep))
		return bad(why, whylen, "not a JSON object");
	if ((str = json_string_value(json_object_get(rep, "domain"))) == NULL)
		return bad(why, whylen, "no \"domain\" string");
	if ((rc = domain_key(str, ln->domain, why, whylen)) != 0)
		return rc;
	if ((kind = kind_parse(json_string_value(json_object_get(rep,
	    "test_type")))) < 0)
		return bad(why, whylen, "\"test_type\" is not \"web\" or \"mail\"");
	ln->kind = (enum summary_kind)kind;
	str = json_string_value(json_object_get(rep, "status"));
	if (str != NULL && strcmp(str, "error") == 0) {
		e = json_object_get(rep, "error");
		ln->score = -1;
		ln->code = json_string_value(json_object_get(e, "code"));
		ln->msg = json_string_value(json_object_get(e, "msg"));
		return 0;
	}
	if (str == NULL || strcmp(str, "ok") != 0)
		return bad(why, whylen, "\"status\" is not \"ok\" or \"error\"");
	v = json_object_get(json_object_get(rep, "scoring"), "percentage");
	if (!json_is_integer(v) || (pct = json_integer_value(v)) < 0 || pct > 100)
		return bad(why, whylen, "\"scoring.percentage\" is not a whole "
		    "number from 0 to 100");
	ln->score = (int)pct;
	results = json_object_get(rep, "results");
	if (results != NULL && !json_is_object(results))
		return bad(why, whylen, "\"results\" is not an object");
	for (pass = 0; pass < 2; pass++)
		if ((rc = parse_statuses(s, ln, results, "categories", 'c', pass,
		    why, whylen)) != 0 || (rc = parse_statuses(s, ln, results,
		    "tests", 't', pass, why, whylen)) != 0)
			return rc;
	return 0;
}

/* The id of ln's error code; a new code keeps ln's message as its example.
 * -1 on ENOMEM. */
static int64_t
error_code(struct summary *s, struct sum_kind *k, const struct sum_line *ln)
{
	char code[SUM_CODE_MAX + 1], msg[SUM_MSG_MAX + 1];
	int64_t id;

	copy_clean(code, sizeof(code), ln->code != NULL && ln->code[0] != '\0' ?
	    ln->code : "unknown");
	id = intern_add(&k->codes, s->arena, code, SUM_CODES_MAX - 1);
	if (id == -1)
		id = intern_add(&k->codes, s->arena, "other", SUM_CODES_MAX);
	if (id < 0)
		return -1;
	if (k->code_msg[id] == NULL && ln->msg != NULL && ln->msg[0] != '\0') {
		copy_clean(msg, sizeof(msg), ln->msg);
		if ((k->code_msg[id] = arena_strdup(s->arena, msg)) == NULL)
			return -1;
	}
	return id;
}

/* Count ln, replacing the domain's earlier result. Everything that can
 * fail is done before the totals change, so they stay consistent. */
static int
commit(struct summary *s, const struct sum_line *ln)
{
	struct sum_kind *k = &s->kind[ln->kind];
	struct sum_dom *d, *old = NULL;
	int64_t id, code = 0;
	uint8_t *st;
	size_t i, cap;

	if (k->domains.n == k->dom_cap) {
		cap = k->dom_cap ? k->dom_cap * 2 : 1024;
		if ((d = realloc(k->dom, cap * sizeof(*d))) == NULL)
			return SUMMARY_NOMEM;
		k->dom = d;
		k->dom_cap = cap;
	}
	if (ln->score < 0 && (code = error_code(s, k, ln)) < 0)
		return SUMMARY_NOMEM;
	if ((id = intern_find(&k->domains, ln->domain)) >= 0)
		old = &k->dom[id];
	cap = old != NULL ? old->st_cap : 0;
	st = old != NULL ? old->st : NULL;
	if (ln->n_st > cap) {
		if ((st = arena_alloc(s->arena, (ln->n_st + 1) / 2)) == NULL)
			return SUMMARY_NOMEM;
		cap = ln->n_st;
	}
	if (old != NULL) {
		apply(k, old, -1);
		s->replaced++;
		d = old;
	} else {
		if ((id = intern_add(&k->domains, s->arena, ln->domain,
		    (size_t)UINT32_MAX - 1)) < 0)
			return SUMMARY_NOMEM;
		d = &k->dom[id];
	}
	if (st != NULL)
		memset(st, 0, (cap + 1) / 2);
	for (i = 0; i < ln->n_st; i++)
		st[i / 2] |= (uint8_t)(ln->st[i] << (i % 2 * 4));
	d->st = st;
	d->n_st = (uint16_t)ln->n_st;
	d->st_cap = (uint16_t)cap;
	d->score = (int16_t)ln->score;
	d->code = (uint16_t)code;
	apply(k, d, +1);
	return 0;
}

static int
add_report(struct summary *s, json_t *rep, char *why, size_t whylen)
{
	struct sum_line ln;
	int rc;

	memset(&ln, 0, sizeof(ln));
	if ((rc = parse_report(s, rep, &ln, why, whylen)) == 0)
		rc = commit(s, &ln);
	if (rc == SUMMARY_BAD)
		s->bad++;
	else if (rc == SUMMARY_NOMEM && why != NULL && whylen > 0)
		snprintf(why, whylen, "out of memory");
	return rc;
}

int
summary_add_json(struct summary *s, json_t *report)
{
	return add_report(s, report, NULL, 0);
}

int
summary_add_line(struct summary *s, const char *line, size_t len, char *why,
    size_t whylen)
{
	json_error_t err;
	json_t *rep;
	size_t i;
	int rc;

	for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t' ||
	    line[i] == '\r' || line[i] == '\n'); i++)
		;
	if (i == len)
		return 0;
	if ((rep = json_loadb(line, len, 0, &err)) == NULL) {
		s->bad++;
		return bad(why, whylen, "not JSON (column %d): %s", err.column,
		    err.text);
	}
	rc = add_report(s, rep, why, whylen);
	json_decref(rep);
	return rc;
}

/* --- reading a file line by line ---------------------------------------- */

struct reader {
	FILE *f;
	char *buf;
	size_t size, start, end;
	size_t scanned;         /* bytes after start known to hold no newline */
	int eof;
	int skipping;           /* the current line is over SUMMARY_LINE_MAX */
};

/* The next line (without its newline) in *line and *len: 1, or 0 at the
 * end, -1 on a read error or ENOMEM (errno). A line over the cap is read
 * through without being kept and comes back empty with *toolong set. */
static int
reader_next(struct reader *r, const char **line, size_t *len, int *toolong)
{
	char *nl = NULL, *nbuf;
	size_t n, nsize;

	for (;;) {
		if (r->end > r->start + r->scanned)
			nl = memchr(r->buf + r->start + r->scanned, '\n',
			    r->end - r->start - r->scanned);
		if (nl != NULL || (r->eof && (r->end > r->start || r->skipping))) {
			n = nl != NULL ? (size_t)(nl - r->buf) : r->end;
			*line = r->buf != NULL ? r->buf + r->start : "";
			*len = r->skipping ? 0 : n - r->start;
			*toolong = r->skipping;
			r->start = nl != NULL ? n + 1 : r->end;
			r->scanned = 0;
			r->skipping = 0;
			return 1;
		}
		if (r->eof)
			return 0;
		r->scanned = r->end - r->start;
		if (r->skipping) {
			r->start = r->end = r->scanned = 0;
		} else if (r->start > 0) {
			memmove(r->buf, r->buf + r->start, r->end - r->start);
			r->end -= r->start;
			r->start = 0;
		}
		if (r->end == r->size && r->size >= SUMMARY_LINE_MAX) {
			r->skipping = 1;
			r->start = r->end = r->scanned = 0;
		} else if (r->end == r->size) {
			nsize = r->size ? r->size * 2 : SUM_READ_CHUNK;
			if (nsize > SUMMARY_LINE_MAX)
				nsize = SUMMARY_LINE_MAX;
			if ((nbuf = realloc(r->buf, nsize)) == NULL) {
				errno = ENOMEM;
				return -1;
			}
			r->buf = nbuf;
			r->size = nsize;
		}
		n = fread(r->buf + r->end, 1, r->size - r->end, r->f);
		r->end += n;
		if (n == 0) {
			if (ferror(r->f))
				return -1;
			r->eof = 1;
		}
	}
}

int
summary_load_file(struct summary *s, const char *path, FILE *warn)
{
	struct reader r = { 0 };
	int from_stdin = strcmp(path, "-") == 0, got, rc, toolong, saved;
	const char *name = from_stdin ? "stdin" : path, *line;
	size_t len, lineno = 0, nbad = 0;
	char why[256];

	if ((r.f = from_stdin ? stdin : fopen(path, "r")) == NULL)
		return -1;
	while ((got = reader_next(&r, &line, &len, &toolong)) > 0) {
		lineno++;
		if (toolong) {
			s->bad++;
			rc = bad(why, sizeof(why), "line longer than %zu bytes",
			    SUMMARY_LINE_MAX - 1);
		} else
			rc = summary_add_line(s, line, len, why, sizeof(why));
		if (rc == SUMMARY_NOMEM) {
			errno = ENOMEM;
			got = -1;
			break;
		}
		if (rc == SUMMARY_BAD && ++nbad <= SUMMARY_WARN_MAX && warn != NULL)
			fprintf(warn, "%s:%zu: %s\n", name, lineno, why);
	}
	saved = errno;
	if (!from_stdin)
		fclose(r.f);
	free(r.buf);
	if (got < 0) {
		errno = saved;
		return -1;
	}
	if (nbad > SUMMARY_WARN_MAX && warn != NULL)
		fprintf(warn, "%s: %zu bad lines skipped in all (the first %d "
		    "above)\n", name, nbad, SUMMARY_WARN_MAX);
	return 0;
}

/* --- queries ------------------------------------------------------------ */

size_t
summary_bad_lines(const struct summary *s)
{
	return s->bad;
}

size_t
summary_replaced(const struct summary *s)
{
	return s->replaced;
}

/* The median of n scores given as a count per score: the mean of the
 * scores at ranks (n-1)/2 and n/2 (from 0). */
static double
median(const size_t *count, size_t n)
{
	size_t lo = (n - 1) / 2, hi = n / 2, seen = 0;
	int i, a = -1;

	for (i = 0; i <= 100; i++) {
		seen += count[i];
		if (a < 0 && seen > lo)
			a = i;
		if (seen > hi)
			return (a + i) / 2.0;
	}
	return -1;
}

void
summary_stats(const struct summary *s, enum summary_kind kind,
    struct summary_stats *st)
{
	const struct sum_kind *k = &s->kind[kind];
	int i;

	memset(st, 0, sizeof(*st));
	st->tested = k->tested;
	st->errors = k->errors;
	st->domains = k->tested + k->errors;
	st->perfect = k->score_count[100];
	for (i = 0; i <= 100; i++)
		st->hist[i / 10] += k->score_count[i];
	st->mean = k->tested ? (double)k->score_sum / (double)k->tested : -1;
	st->median = k->tested ? median(k->score_count, k->tested) : -1;
}

/* The counts of name id, or NULL when no domain has it (any more). */
static const size_t *
counts_of(const struct sum_kind *k, int64_t id)
{
	int i;

	if (id < 0)
		return NULL;
	for (i = 0; i < SUMMARY_N_STATUS; i++)
		if (k->count[id][i] != 0)
			return k->count[id];
	return NULL;
}

int
summary_counts(const struct summary *s, enum summary_kind kind,
    enum summary_part part, const char *name, size_t counts[SUMMARY_N_STATUS])
{
	const struct sum_kind *k = &s->kind[kind];
	char key[SUM_NAME_MAX + 2];
	const size_t *c;

	if (strlen(name) > SUM_NAME_MAX)
		return -1;
	key[0] = part == SUMMARY_CATEGORY ? 'c' : 't';
	memcpy(key + 1, name, strlen(name) + 1);
	if ((c = counts_of(k, intern_find(&k->names, key))) == NULL)
		return -1;
	memcpy(counts, c, SUMMARY_N_STATUS * sizeof(*counts));
	return 0;
}

size_t
summary_errors(const struct summary *s, enum summary_kind kind,
    const char *code)
{
	const struct sum_kind *k = &s->kind[kind];
	int64_t id = intern_find(&k->codes, code);

	return id >= 0 ? k->code_count[id] : 0;
}

/* Ranked lists: the lowest scores, or the biggest rises or falls. */
enum sum_rank { RANK_WORST, RANK_IMPROVED, RANK_WORSENED };

static int
rank_key(const struct summary_entry *e, enum sum_rank how)
{
	switch (how) {
	case RANK_IMPROVED: return e->prev_score - e->score;
	case RANK_WORSENED: return e->score - e->prev_score;
	default: return e->score;
	}
}

/* Insert e into out (n held, sorted by key then domain) when it ranks
 * among the first max. */
static void
rank_offer(struct summary_entry *out, size_t *n, size_t max,
    const struct summary_entry *e, enum sum_rank how)
{
	int key = rank_key(e, how), k;
	size_t i;

	if (max == 0)
		return;
	if (*n == max) {
		k = rank_key(&out[max - 1], how);
		if (key > k || (key == k && strcmp(e->domain, out[max - 1].domain) >= 0))
			return;
	} else
		(*n)++;
	for (i = *n - 1; i > 0; i--) {
		k = rank_key(&out[i - 1], how);
		if (k < key || (k == key && strcmp(out[i - 1].domain, e->domain) <= 0))
			break;
		out[i] = out[i - 1];
	}
	out[i] = *e;
}

size_t
summary_worst(const struct summary *s, enum summary_kind kind,
    struct summary_entry *out, size_t max)
{
	const struct sum_kind *k = &s->kind[kind];
	struct summary_entry e;
	size_t i, n = 0;

	for (i = 0; i < k->domains.n; i++) {
		if (k->dom[i].score < 0)
			continue;
		e.domain = k->domains.key[i];
		e.score = k->dom[i].score;
		e.prev_score = -1;
		rank_offer(out, &n, max, &e, RANK_WORST);
	}
	return n;
}

size_t
summary_movers(const struct summary *s, const struct summary *prev,
    enum summary_kind kind, int improved, struct summary_entry *out,
    size_t max)
{
	const struct sum_kind *k = &s->kind[kind], *o;
	struct summary_entry e;
	size_t i, n = 0;
	int64_t id;

	if (prev == NULL)
		return 0;
	o = &prev->kind[kind];
	for (i = 0; i < k->domains.n; i++) {
		if (k->dom[i].score < 0 ||
		    (id = intern_find(&o->domains, k->domains.key[i])) < 0 ||
		    o->dom[id].score < 0)
			continue;
		e.domain = k->domains.key[i];
		e.score = k->dom[i].score;
		e.prev_score = o->dom[id].score;
		if (improved ? e.score > e.prev_score : e.score < e.prev_score)
			rank_offer(out, &n, max, &e, improved ? RANK_IMPROVED :
			    RANK_WORSENED);
	}
	return n;
}

/* --- shared by both renderers ------------------------------------------- */

/* One category or test row of a table: its counts in this run and in the
 * earlier one (NULL when that run has none). */
struct sum_row {
	const char *name;
	const size_t *cur, *old;
};

/* The rows of one part (tag 'c' or 't'): names of s in first-seen order
 * (the report's order), then names only prev has. rows holds
 * 2 * SUM_NAMES_MAX. */
static size_t
gather_rows(const struct summary *s, const struct summary *prev,
    enum summary_kind kind, char tag, struct sum_row *rows)
{
	const struct sum_kind *k = &s->kind[kind];
	const struct sum_kind *o = prev != NULL ? &prev->kind[kind] : NULL;
	size_t i, n = 0;

	for (i = 0; i < k->names.n; i++) {
		if (k->names.key[i][0] != tag)
			continue;
		rows[n].name = k->names.key[i] + 1;
		rows[n].cur = counts_of(k, (int64_t)i);
		rows[n].old = o != NULL ? counts_of(o, intern_find(&o->names,
		    k->names.key[i])) : NULL;
		if (rows[n].cur != NULL || rows[n].old != NULL)
			n++;
	}
	for (i = 0; o != NULL && i < o->names.n; i++) {
		if (o->names.key[i][0] != tag ||
		    intern_find(&k->names, o->names.key[i]) >= 0)
			continue;
		rows[n].name = o->names.key[i] + 1;
		rows[n].cur = NULL;
		if ((rows[n].old = counts_of(o, (int64_t)i)) != NULL)
			n++;
	}
	return n;
}

/* Share passed, in percent, among the domains where the category or test
 * applied (not_tested left out); -1 when none. */
static double
share_passed(const size_t *c)
{
	size_t n = 0;
	int i;

	if (c == NULL)
		return -1;
	for (i = 0; i < SUMMARY_N_STATUS; i++)
		if (i != CHK_NOT_TESTED)
			n += c[i];
	return n ? 100.0 * (double)c[CHK_PASSED] / (double)n : -1;
}

static const char *
fmt_share(char *b, size_t n, double v)
{
	if (v < 0)
		snprintf(b, n, "-");
	else
		snprintf(b, n, "%.1f%%", v);
	return b;
}

/* The sign of cur - old as shown (to one decimal): 1, -1, 0 (also when
 * either is missing). */
static int
delta_sign(double cur, double old)
{
	if (cur < 0 || old < 0 || (cur - old < 0.05 && cur - old > -0.05))
		return 0;
	return cur > old ? 1 : -1;
}

/* "+3.2 pts", "-1", "+0.0"; "new" or "gone" when one side is missing. */
static const char *
fmt_delta(char *b, size_t n, double cur, double old, int decimals,
    const char *unit)
{
	if (cur < 0 && old < 0)
		snprintf(b, n, "-");
	else if (old < 0)
		snprintf(b, n, "new");
	else if (cur < 0)
		snprintf(b, n, "gone");
	else
		snprintf(b, n, "%+.*f%s", decimals, delta_sign(cur, old) ? cur - old :
		    0.0, unit);
	return b;
}

static const char *
bucket_label(char *b, size_t n, int bucket)
{
	if (bucket == SUMMARY_N_BUCKETS - 1)
		snprintf(b, n, "100");
	else
		snprintf(b, n, "%d-%d", bucket * 10, bucket * 10 + 9);
	return b;
}

static const char *
title_of(enum summary_part part, const char *name)
{
	const struct chk_def *d;
	size_t i;

	if (part == SUMMARY_CATEGORY) {
		for (i = 0; i < chk_n_categories; i++)
			if (strcmp(chk_categories[i].name, name) == 0)
				return chk_categories[i].title;
		return name;
	}
	d = chk_find(name);
	return d != NULL ? d->title : name;
}

/* Key tests, charted in the HTML: those the registry marks required. */
static int
key_test(const char *name)
{
	const struct chk_def *d = chk_find(name);

	return d != NULL && d->level == CHK_REQUIRED;
}

static int
kind_shown(const struct summary *s, const struct summary *prev,
    enum summary_kind kind)
{
	const struct sum_kind *k = &s->kind[kind];

	return k->tested + k->errors > 0 || (prev != NULL &&
	    prev->kind[kind].tested + prev->kind[kind].errors > 0);
}

/* The error codes that have domains, most domains first (ties by code):
 * ids into out (SUM_CODES_MAX); returns how many. */
static size_t
codes_ranked(const struct sum_kind *k, size_t *out)
{
	size_t i, j, n = 0;

	for (i = 0; i < k->codes.n; i++) {
		if (k->code_count[i] == 0)
			continue;
		for (j = n++; j > 0 && (k->code_count[out[j - 1]] < k->code_count[i] ||
		    (k->code_count[out[j - 1]] == k->code_count[i] &&
		    strcmp(k->codes.key[out[j - 1]], k->codes.key[i]) > 0)); j--)
			out[j] = out[j - 1];
		out[j] = i;
	}
	return n;
}

static size_t
total_domains(const struct summary *s)
{
	size_t n = 0;
	int k;

	for (k = 0; k < SUMMARY_N_KINDS; k++)
		n += s->kind[k].tested + s->kind[k].errors;
	return n;
}

/* --- terminal ----------------------------------------------------------- */

#define T_BOLD "\033[1m"
#define T_GREEN "\033[32m"
#define T_RED "\033[31m"
#define T_CYAN "\033[36m"
#define T_RESET "\033[0m"

static const char *
tc(int color, const char *code)
{
	return color ? code : "";
}

/* A change, right-aligned in width, green when up and red when down. */
static void
text_delta(FILE *out, int color, double cur, double old, int decimals,
    const char *unit, int width)
{
	char b[32];
	int sign = delta_sign(cur, old);

	fmt_delta(b, sizeof(b), cur, old, decimals, unit);
	fprintf(out, "%s%*s%s", tc(color && sign, sign > 0 ? T_GREEN : T_RED),
	    width, b, tc(color && sign, T_RESET));
}

static void
text_scores(FILE *out, const struct summary_stats *st,
    const struct summary_stats *old, int color)
{
	size_t max = 1;
	int b, j, w;
	char lab[16];

	fprintf(out, "Score of the tested: mean %.1f", st->mean < 0 ? 0 : st->mean);
	if (old != NULL) {
		fputs(" (", out);
		text_delta(out, color, st->mean, old->mean, 1, "", 0);
		fputc(')', out);
	}
	fprintf(out, ", median %.1f, %zu at 100%%\n", st->median < 0 ? 0 :
	    st->median, st->perfect);
	for (b = 0; b < SUMMARY_N_BUCKETS; b++)
		if (st->hist[b] > max)
			max = st->hist[b];
	for (b = 0; b < SUMMARY_N_BUCKETS; b++) {
		w = (int)((st->hist[b] * SUM_BAR_WIDTH + max - 1) / max);
		fprintf(out, "  %6s %s", bucket_label(lab, sizeof(lab), b),
		    tc(color, T_CYAN));
		for (j = 0; j < SUM_BAR_WIDTH; j++)
			fputc(j < w ? '#' : ' ', out);
		fprintf(out, "%s %zu", tc(color, T_RESET), st->hist[b]);
		if (old != NULL)
			fprintf(out, " (was %zu)", old->hist[b]);
		fputc('\n', out);
	}
}

static void
text_errors(FILE *out, const struct sum_kind *k)
{
	size_t ids[SUM_CODES_MAX], i, n = codes_ranked(k, ids);

	if (n > 0)
		fputs("Could not be tested:\n", out);
	for (i = 0; i < n; i++) {
		fprintf(out, "  %-16s %6zu", k->codes.key[ids[i]],
		    k->code_count[ids[i]]);
		if (k->code_msg[ids[i]] != NULL)
			fprintf(out, "  e.g. %s", k->code_msg[ids[i]]);
		fputc('\n', out);
	}
}

static int
status_width(int col)
{
	int w = (int)strlen(chk_status_str(show_order[col]));

	return w < 6 ? 6 : w;
}

static void
text_table(FILE *out, const char *title, const struct sum_row *r, size_t n,
    int compare, int color)
{
	char b[16];
	size_t i;
	int j, w = (int)strlen(title);

	if (n == 0)
		return;
	for (i = 0; i < n; i++)
		if ((int)strlen(r[i].name) + 2 > w)
			w = (int)strlen(r[i].name) + 2;
	fprintf(out, "%s%-*s %6s", tc(color, T_BOLD), w, title, "share");
	if (compare)
		fprintf(out, " %9s", "change");
	for (j = 0; j < SUMMARY_N_STATUS; j++)
		fprintf(out, " %*s", status_width(j), chk_status_str(show_order[j]));
	fprintf(out, "%s\n", tc(color, T_RESET));
	for (i = 0; i < n; i++) {
		fprintf(out, "  %-*s %6s", w - 2, r[i].name,
		    fmt_share(b, sizeof(b), share_passed(r[i].cur)));
		if (compare) {
			fputc(' ', out);
			text_delta(out, color, share_passed(r[i].cur),
			    share_passed(r[i].old), 1, " pts", 9);
		}
		for (j = 0; j < SUMMARY_N_STATUS; j++)
			fprintf(out, " %*zu", status_width(j), r[i].cur != NULL ?
			    r[i].cur[show_order[j]] : 0);
		fputc('\n', out);
	}
}

static void
text_list(FILE *out, const char *title, const struct summary_entry *e,
    size_t n, int movers, int color)
{
	size_t i;

	if (n == 0)
		return;
	fprintf(out, "%s%s%s\n", tc(color, T_BOLD), title, tc(color, T_RESET));
	for (i = 0; i < n; i++) {
		if (movers) {
			fputs("  ", out);
			text_delta(out, color, e[i].score, e[i].prev_score, 0, "", 4);
			fprintf(out, "  %s (%d -> %d)\n", e[i].domain, e[i].prev_score,
			    e[i].score);
		} else
			fprintf(out, "  %6d  %s\n", e[i].score, e[i].domain);
	}
}

static void
text_kind(FILE *out, const struct summary *s, const struct summary *prev,
    enum summary_kind kind, int color)
{
	struct summary_stats st, ost;
	struct sum_row rows[2 * SUM_NAMES_MAX];
	struct summary_entry list[SUMMARY_LIST_MAX];
	size_t n;

	summary_stats(s, kind, &st);
	if (prev != NULL)
		summary_stats(prev, kind, &ost);
	fprintf(out, "\n%s== %s: %zu domains, %zu tested, %zu could not be tested%s",
	    tc(color, T_BOLD), kind_title[kind], st.domains, st.tested, st.errors,
	    tc(color, T_RESET));
	if (prev != NULL)
		fprintf(out, " (earlier run: %zu domains)", ost.domains);
	fputc('\n', out);
	if (st.tested > 0)
		text_scores(out, &st, prev != NULL ? &ost : NULL, color);
	text_errors(out, &s->kind[kind]);
	n = gather_rows(s, prev, kind, 'c', rows);
	text_table(out, "Categories", rows, n, prev != NULL, color);
	n = gather_rows(s, prev, kind, 't', rows);
	text_table(out, "Tests", rows, n, prev != NULL, color);
	n = summary_worst(s, kind, list, SUMMARY_LIST_MAX);
	text_list(out, "Lowest scores", list, n, 0, color);
	n = summary_movers(s, prev, kind, 1, list, SUMMARY_LIST_MAX);
	text_list(out, "Improved most", list, n, 1, color);
	n = summary_movers(s, prev, kind, 0, list, SUMMARY_LIST_MAX);
	text_list(out, "Worsened most", list, n, 1, color);
}

void
summary_text(FILE *out, const struct summary *s, const struct summary *prev,
    int color)
{
	int k, shown = 0;

	fprintf(out, "%suptodate summary: %zu domains%s", tc(color, T_BOLD),
	    total_domains(s), tc(color, T_RESET));
	if (s->bad > 0)
		fprintf(out, "; %zu bad lines skipped", s->bad);
	if (s->replaced > 0)
		fprintf(out, "; %zu results replaced by a later line", s->replaced);
	fputc('\n', out);
	if (prev != NULL)
		fprintf(out, "compared with an earlier run of %zu domains\n",
		    total_domains(prev));
	fputs("share: passed among the domains where it applied (not_tested "
	    "left out)\n", out);
	for (k = 0; k < SUMMARY_N_KINDS; k++) {
		if (!kind_shown(s, prev, (enum summary_kind)k))
			continue;
		text_kind(out, s, prev, (enum summary_kind)k, color);
		shown = 1;
	}
	if (!shown)
		fputs("\nno results\n", out);
}

/* --- HTML --------------------------------------------------------------- */

#define esc report_html_escape

static const char html_css[] =
    "body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;"
    "padding:1rem;color:#1b1b1b;background:#fff}"
    "h1{font-size:1.6rem;margin:.5rem 0}"
    "h2{margin-top:2.5rem;border-bottom:2px solid #1f5fbf}"
    "h3{margin-top:1.5rem}"
    "table{border-collapse:collapse;width:100%;font-size:.9rem}"
    "caption{text-align:left;font-weight:700;font-size:1.1rem;padding:.8rem 0 .3rem}"
    "td,th{text-align:left;vertical-align:top;padding:.25rem .5rem;"
    "border-bottom:1px solid #ddd}"
    ".n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    ".scroll{overflow-x:auto}"
    ".d{overflow-wrap:anywhere}"
    "figure{margin:1rem 0}"
    "figcaption{font-size:.85rem;color:#555}"
    "svg{display:block;width:100%;height:auto;max-width:32rem}"
    "svg text{font:12px system-ui,sans-serif;fill:#1b1b1b}"
    ".cur{fill:#1f5fbf}.old{fill:#a9b4c2}.track{fill:#eef1f4}"
    ".axis{stroke:#888}"
    ".up{color:#126b2b}.down{color:#b3161b}"
    "dl{display:flex;flex-wrap:wrap;gap:.5rem 2rem;margin:1rem 0}"
    "dt{font-size:.85rem;color:#555}dd{margin:0;font-size:1.4rem;font-weight:700}"
    "dd small{font-size:.9rem;font-weight:400}"
    ".key{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 .6em}"
    ".k-cur{background:#1f5fbf}.k-old{background:#a9b4c2}"
    "code{font-size:.8em;color:#555}"
    "footer{margin-top:2rem;color:#555;font-size:.85rem}";

static const char *
updown(int sign)
{
	return sign > 0 ? "up" : sign < 0 ? "down" : "";
}

/* <td> holding a change, coloured by its direction. */
static void
html_delta_cell(FILE *out, double cur, double old, int decimals,
    const char *unit)
{
	char b[32];

	fprintf(out, "<td class=\"n %s\">%s</td>", updown(delta_sign(cur, old)),
	    fmt_delta(b, sizeof(b), cur, old, decimals, unit));
}

static void
html_legend(FILE *out)
{
	fputs("<span class=\"key k-old\"></span>earlier run"
	    "<span class=\"key k-cur\"></span>this run", out);
}

/* One fact of the <dl>: value, and the change when comparing (coloured
 * when more is better). */
static void
html_fact(FILE *out, const char *label, double cur, double old, int compare,
    int decimals, int colored)
{
	char b[32];

	fprintf(out, "<div><dt>%s</dt><dd>", label);
	if (cur < 0)
		fputs("-", out);
	else
		fprintf(out, "%.*f", decimals, cur);
	if (compare)
		fprintf(out, " <small class=\"%s\">%s</small>", colored ?
		    updown(delta_sign(cur, old)) : "", fmt_delta(b, sizeof(b), cur,
		    old, decimals, ""));
	fputs("</dd></div>\n", out);
}

static void
html_facts(FILE *out, const struct summary_stats *st,
    const struct summary_stats *old)
{
	static const struct summary_stats none = { .mean = -1, .median = -1 };
	const struct summary_stats *o = old != NULL ? old : &none;
	int c = old != NULL;

	fputs("<dl>\n", out);
	html_fact(out, "Domains", (double)st->domains, (double)o->domains, c, 0, 0);
	html_fact(out, "Tested", (double)st->tested, (double)o->tested, c, 0, 0);
	html_fact(out, "Could not be tested", (double)st->errors,
	    (double)o->errors, c, 0, 0);
	html_fact(out, "Mean score", st->mean, o->mean, c, 1, 1);
	html_fact(out, "Median score", st->median, o->median, c, 1, 1);
	html_fact(out, "Score 100%", (double)st->perfect, (double)o->perfect, c,
	    0, 1);
	fputs("</dl>\n", out);
}

static double
hist_share(const struct summary_stats *st, int b)
{
	return st->tested ? (double)st->hist[b] / (double)st->tested : 0;
}

/* Score histogram: bars scale by share of the tested, so that runs of
 * different sizes compare; the earlier run's bar stands left of this one. */
static void
html_hist(FILE *out, const struct summary_stats *st,
    const struct summary_stats *old)
{
	const double base = 195, height = 170;
	double top = 0, h, x;
	char lab[16];
	int b;

	for (b = 0; b < SUMMARY_N_BUCKETS; b++) {
		if (hist_share(st, b) > top)
			top = hist_share(st, b);
		if (old != NULL && hist_share(old, b) > top)
			top = hist_share(old, b);
	}
	if (top == 0)
		top = 1;
	fputs("<figure><svg viewBox=\"0 0 440 220\" role=\"img\">"
	    "<title>Score distribution</title>\n", out);
	for (b = 0; b < SUMMARY_N_BUCKETS; b++) {
		x = 40.0 * b;
		bucket_label(lab, sizeof(lab), b);
		if (old != NULL) {
			h = height * hist_share(old, b) / top;
			fprintf(out, "<rect class=\"old\" x=\"%.1f\" y=\"%.1f\" width=\"15\" "
			    "height=\"%.1f\"><title>%s, earlier run: %zu</title></rect>",
			    x + 4, base - h, h, lab, old->hist[b]);
		}
		h = height * hist_share(st, b) / top;
		fprintf(out, "<rect class=\"cur\" x=\"%.1f\" y=\"%.1f\" width=\"%d\" "
		    "height=\"%.1f\"><title>%s: %zu</title></rect>",
		    x + (old != NULL ? 21 : 6), base - h, old != NULL ? 15 : 28, h,
		    lab, st->hist[b]);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%zu"
		    "</text><text x=\"%.1f\" y=\"212\" text-anchor=\"middle\">%s</text>\n",
		    x + (old != NULL ? 28.5 : 20), base - h - 4, st->hist[b], x + 20, lab);
	}
	fprintf(out, "<line class=\"axis\" x1=\"0\" y1=\"%.0f\" x2=\"440\" "
	    "y2=\"%.0f\"/></svg>\n<figcaption>Score of the tested domains, in "
	    "steps of ten; the number over a bar counts domains", base, base);
	if (old != NULL) {
		fputs(" of this run. Bars are shares of each run.", out);
		html_legend(out);
	}
	fputs("</figcaption></figure>\n", out);
}

/* One bar of a horizontal chart, on its grey track. */
static void
html_hbar(FILE *out, double y, double h, const char *cls, double share,
    const char *what)
{
	char b[16];

	fprintf(out, "<rect class=\"track\" x=\"0\" y=\"%.0f\" width=\"400\" "
	    "height=\"%.0f\"/>", y, h);
	if (share > 0)
		fprintf(out, "<rect class=\"%s\" x=\"0\" y=\"%.0f\" width=\"%.1f\" "
		    "height=\"%.0f\"><title>%s: %s</title></rect>", cls, y, 4 * share,
		    h, what, fmt_share(b, sizeof(b), share));
}

/* Share passed per row as horizontal bars (keys_only: key tests only). */
static void
html_bars(FILE *out, const char *title, const struct sum_row *r, size_t n,
    enum summary_part part, int compare, int keys_only)
{
	const double rh = compare ? 44 : 34;
	char a[16], b[16];
	size_t i, shown = 0;
	double y, cur, old;

	for (i = 0; i < n; i++)
		shown += !keys_only || key_test(r[i].name);
	if (shown == 0)
		return;
	fprintf(out, "<figure><svg viewBox=\"0 0 400 %.0f\" role=\"img\"><title>",
	    rh * (double)shown);
	esc(out, title);
	fputs("</title>\n", out);
	for (i = 0, y = 0; i < n; i++) {
		if (keys_only && !key_test(r[i].name))
			continue;
		cur = share_passed(r[i].cur);
		old = share_passed(r[i].old);
		fprintf(out, "<text x=\"0\" y=\"%.0f\">", y + 14);
		esc(out, title_of(part, r[i].name));
		fprintf(out, "</text><text x=\"400\" y=\"%.0f\" text-anchor=\"end\">",
		    y + 14);
		if (compare)
			fprintf(out, "%s &#8594; ", fmt_share(a, sizeof(a), old));
		fprintf(out, "%s</text>", fmt_share(b, sizeof(b), cur));
		if (compare) {
			html_hbar(out, y + 19, 8, "old", old, "earlier run");
			html_hbar(out, y + 29, 8, "cur", cur, "this run");
		} else
			html_hbar(out, y + 19, 10, "cur", cur, "passed");
		fputc('\n', out);
		y += rh;
	}
	fputs("</svg><figcaption>Share passed where it applied (not tested left "
	    "out)", out);
	if (compare)
		html_legend(out);
	fputs("</figcaption></figure>\n", out);
}

static void
html_table(FILE *out, const char *caption, const struct sum_row *r, size_t n,
    enum summary_part part, int compare)
{
	char b[16];
	size_t i;
	int j;

	fputs("<div class=\"scroll\"><table><caption>", out);
	esc(out, caption);
	fprintf(out, "</caption><thead><tr><th>%s</th><th class=\"n\">Share passed"
	    "</th>", part == SUMMARY_CATEGORY ? "Category" : "Test");
	if (compare)
		fputs("<th class=\"n\">Earlier</th><th class=\"n\">Change</th>", out);
	for (j = 0; j < SUMMARY_N_STATUS; j++)
		fprintf(out, "<th class=\"n\">%s</th>", chk_status_str(show_order[j]));
	fputs("</tr></thead><tbody>\n", out);
	for (i = 0; i < n; i++) {
		fputs("<tr><td>", out);
		esc(out, title_of(part, r[i].name));
		fputs(" <code>", out);
		esc(out, r[i].name);
		fprintf(out, "</code></td><td class=\"n\">%s</td>",
		    fmt_share(b, sizeof(b), share_passed(r[i].cur)));
		if (compare) {
			fprintf(out, "<td class=\"n\">%s</td>",
			    fmt_share(b, sizeof(b), share_passed(r[i].old)));
			html_delta_cell(out, share_passed(r[i].cur),
			    share_passed(r[i].old), 1, " pts");
		}
		for (j = 0; j < SUMMARY_N_STATUS; j++)
			fprintf(out, "<td class=\"n\">%zu</td>", r[i].cur != NULL ?
			    r[i].cur[show_order[j]] : 0);
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table></div>\n", out);
}

static void
html_list(FILE *out, const char *caption, const struct summary_entry *e,
    size_t n, int movers)
{
	size_t i;

	if (n == 0)
		return;
	fprintf(out, "<div class=\"scroll\"><table><caption>%s</caption><thead><tr>"
	    "<th>Domain</th>%s</tr></thead><tbody>\n", caption, movers ?
	    "<th class=\"n\">Earlier</th><th class=\"n\">Now</th>"
	    "<th class=\"n\">Change</th>" : "<th class=\"n\">Score</th>");
	for (i = 0; i < n; i++) {
		fputs("<tr><td class=\"d\">", out);
		esc(out, e[i].domain);
		if (movers) {
			fprintf(out, "</td><td class=\"n\">%d</td><td class=\"n\">%d</td>",
			    e[i].prev_score, e[i].score);
			html_delta_cell(out, e[i].score, e[i].prev_score, 0, "");
			fputs("</tr>\n", out);
		} else
			fprintf(out, "</td><td class=\"n\">%d</td></tr>\n", e[i].score);
	}
	fputs("</tbody></table></div>\n", out);
}

static void
html_errors(FILE *out, const struct sum_kind *k)
{
	size_t ids[SUM_CODES_MAX], i, n = codes_ranked(k, ids);

	if (n == 0)
		return;
	fputs("<div class=\"scroll\"><table><caption>Could not be tested</caption>"
	    "<thead><tr><th>Reason</th><th class=\"n\">Domains</th><th>Example"
	    "</th></tr></thead><tbody>\n", out);
	for (i = 0; i < n; i++) {
		fputs("<tr><td><code>", out);
		esc(out, k->codes.key[ids[i]]);
		fprintf(out, "</code></td><td class=\"n\">%zu</td><td>",
		    k->code_count[ids[i]]);
		esc(out, k->code_msg[ids[i]]);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n", out);
}

/* Facts, score histogram, adoption bars and tables of one kind; rows
 * holds 2 * SUM_NAMES_MAX. */
static void
html_charts(FILE *out, const struct summary *s, const struct summary *prev,
    enum summary_kind kind, struct sum_row *rows)
{
	struct summary_stats st, ost;
	int compare = prev != NULL;
	size_t n;

	summary_stats(s, kind, &st);
	if (compare)
		summary_stats(prev, kind, &ost);
	html_facts(out, &st, compare ? &ost : NULL);
	if (st.tested > 0 || (compare && ost.tested > 0))
		html_hist(out, &st, compare ? &ost : NULL);
	if ((n = gather_rows(s, prev, kind, 'c', rows)) > 0) {
		fputs("<h3>Adoption per category</h3>\n", out);
		html_bars(out, "Share passed per category", rows, n,
		    SUMMARY_CATEGORY, compare, 0);
		html_table(out, "Categories", rows, n, SUMMARY_CATEGORY, compare);
	}
	if ((n = gather_rows(s, prev, kind, 't', rows)) > 0) {
		fputs("<h3>Adoption per test</h3>\n", out);
		html_bars(out, "Share passed per required test", rows, n,
		    SUMMARY_TEST, compare, 1);
		html_table(out, "Tests", rows, n, SUMMARY_TEST, compare);
	}
}

void
summary_html_charts(FILE *out, const struct summary *s,
    enum summary_kind kind)
{
	struct sum_row rows[2 * SUM_NAMES_MAX];

	html_charts(out, s, NULL, kind, rows);
}

static void
html_kind(FILE *out, const struct summary *s, const struct summary *prev,
    enum summary_kind kind)
{
	struct sum_row rows[2 * SUM_NAMES_MAX];
	struct summary_entry list[SUMMARY_LIST_MAX];
	int compare = prev != NULL;
	size_t n;

	fprintf(out, "<section id=\"%s\"><h2>%s</h2>\n", kind_word[kind],
	    kind_title[kind]);
	html_charts(out, s, prev, kind, rows);
	n = summary_worst(s, kind, list, SUMMARY_LIST_MAX);
	html_list(out, "Lowest scores", list, n, 0);
	html_errors(out, &s->kind[kind]);
	if (compare) {
		fputs("<h3>What changed</h3>\n", out);
		n = summary_movers(s, prev, kind, 1, list, SUMMARY_LIST_MAX);
		html_list(out, "Improved most", list, n, 1);
		if (n == 0)
			fputs("<p>No domain in both runs improved.</p>\n", out);
		n = summary_movers(s, prev, kind, 0, list, SUMMARY_LIST_MAX);
		html_list(out, "Worsened most", list, n, 1);
	}
	fputs("</section>\n", out);
}

void
summary_html(FILE *out, const struct summary *s, const struct summary *prev,
    const char *version)
{
	char when[64] = "";
	time_t now = time(NULL);
	struct tm tm;
	int k, shown = 0;

	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
	    "<title>uptodate summary</title><style>%s</style></head><body>\n"
	    "<header><h1>Summary of a batch run</h1>\n<p>%zu domains", html_css,
	    total_domains(s));
	if (prev != NULL)
		fprintf(out, ", compared with an earlier run of %zu domains",
		    total_domains(prev));
	fputc('.', out);
	if (s->bad > 0)
		fprintf(out, " %zu bad lines skipped.", s->bad);
	if (s->replaced > 0)
		fprintf(out, " %zu results replaced by a later line for the same "
		    "domain.", s->replaced);
	fputs(" A share passed counts the domains where the category or test "
	    "applied (not tested left out); domains that could not be tested "
	    "are counted apart and have no score.</p></header>\n<main>\n", out);
	for (k = 0; k < SUMMARY_N_KINDS; k++) {
		if (!kind_shown(s, prev, (enum summary_kind)k))
			continue;
		html_kind(out, s, prev, (enum summary_kind)k);
		shown = 1;
	}
	if (!shown)
		fputs("<p>No results.</p>\n", out);
	if (gmtime_r(&now, &tm) != NULL)
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
	fputs("</main>\n<footer>Made by uptodate ", out);
	esc(out, version);
	fprintf(out, " on %s.</footer>\n</body></html>\n", when);
}
