/*
 * fuzz_spf: the SPF parser on arbitrary bytes; then, when the input's
 * first line parses, a walk from it over a fake resolver made of the
 * input. Every TXT question gets some of the input's lines (chosen by a
 * hash of the name), so include: and redirect= recurse; MX, A and AAAA
 * answers and error rcodes come from the same hash. The walk runs three
 * times, answering in different orders: it must end, stay inside its caps
 * and give the same result every time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail/spf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LINES_MAX   16
#define BATCH_MAX   128
#define TOP         "fuzz.test"

struct input {
	const char *line[LINES_MAX];
	size_t n_lines;
	uint32_t seed;
};

struct outcome {
	enum spf_walk_status status;
	enum spf_err err;
	int n_dns, n_void;
	enum spf_qual all;
	unsigned flags;
	size_t n_records;
	char detail[SPF_DETAIL_MAX];
};

static uint32_t
hash(uint32_t h, const char *s)
{
	while (*s != '\0') {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h ^ (h >> 15);
}

static void
answer(struct spf_walk *w, const struct input *in, const struct spf_query *q)
{
	static char hosts[12][SPF_NAME_MAX + 8];
	const char *rr[16];
	uint32_t h = hash(in->seed ^ ((uint32_t)q->qtype * 2654435761u), q->name);
	size_t n = 0, i;

	if (strcmp(q->name, TOP) != 0 && h % 29 == 0) {
		spf_walk_answer(w, q, h % 58 == 0 ? 2 : 5, NULL, 0);
		return;
	}
	if (h % 11 == 0 && q->qtype != SPF_QT_TXT) {
		spf_walk_answer(w, q, 3, NULL, 0);
		return;
	}
	switch (q->qtype) {
	case SPF_QT_TXT:
		if (strcmp(q->name, TOP) == 0) {
			rr[n++] = in->line[0];
			break;
		}
		n = (h >> 8) % 8 == 0 ? 0 : (h >> 8) % 8 == 7 ? 2 : 1;
		for (i = 0; i < n; i++)
			rr[i] = in->line[(h >> (12 + 5 * i)) % in->n_lines];
		break;
	case SPF_QT_MX:
		n = (h >> 8) % 13;
		for (i = 0; i < n; i++) {
			if (i == 0 && (h >> 20) % 5 == 0)
				snprintf(hosts[i], sizeof(hosts[i]), ".");
			else if (snprintf(hosts[i], sizeof(hosts[i]), "m%zu.%s.", i,
			    q->name) < 0)
				abort();
			rr[i] = hosts[i];
		}
		break;
	default:
		spf_walk_answer(w, q, 0, NULL, (h >> 8) % 3);
		return;
	}
	spf_walk_answer(w, q, 0, rr, n);
}

static void
check_result(const struct spf_walk_result *r)
{
	size_t i;

	if (r->status == SPF_WALK_RUNNING || (r->status == SPF_WALK_OK) != (r->err == SPF_E_OK))
		abort();
	if (r->n_dns_terms < 0 || r->n_dns_terms > SPF_LOOKUP_LIMIT + 1 ||
	    r->n_void < 0 || r->n_void > SPF_VOID_LIMIT + 1 ||
	    r->n_queries > SPF_QUERIES_MAX || r->n_records > SPF_RECORDS_MAX)
		abort();
	if (r->status == SPF_WALK_OK && (r->n_dns_terms > SPF_LOOKUP_LIMIT ||
	    r->n_void > SPF_VOID_LIMIT || r->detail[0] != '\0'))
		abort();
	if ((r->err == SPF_E_LOOKUPS) != (r->n_dns_terms == SPF_LOOKUP_LIMIT + 1))
		abort();
	if ((r->err == SPF_E_VOID) != (r->n_void == SPF_VOID_LIMIT + 1))
		abort();
	if (r->status != SPF_WALK_OK && r->detail[0] == '\0')
		abort();
	if (strnlen(r->detail, SPF_DETAIL_MAX) == SPF_DETAIL_MAX)
		abort();
	for (i = 0; i < r->n_records; i++) {
		const struct spf_walk_record *e = &r->records[i];

		if (strlen(e->text) > SPF_CHAIN_TEXT_MAX || e->depth < 0 ||
		    e->depth > SPF_LOOKUP_LIMIT || (e->depth == 0) != (e->via == NULL) ||
		    strlen(e->domain) > SPF_NAME_MAX || (i == 0 && e->depth != 0))
			abort();
	}
}

/* order 0: as asked; 1: last asked first; 2: shuffled, with repeats. */
static void
drive(const struct input *in, int order, struct outcome *out)
{
	struct spf_walk *w = spf_walk_new(TOP);
	struct spf_query q[BATCH_MAX], tmp;
	const struct spf_walk_result *r;
	uint32_t rng = in->seed | 1;
	size_t n, i, j;
	int rounds = 0;

	if (w == NULL)
		abort();
	while (!spf_walk_done(w)) {
		if (++rounds > 1000)
			abort();
		for (n = 0; n < BATCH_MAX && spf_walk_next(w, &q[n]); n++)
			;
		if (n == 0)
			abort();   /* not done, yet nothing to ask and nothing outstanding */
		if (order == 2)
			for (i = n; i > 1; i--) {
				rng = rng * 1103515245u + 12345u;
				j = (rng >> 8) % i;
				tmp = q[i - 1];
				q[i - 1] = q[j];
				q[j] = tmp;
			}
		for (i = 0; i < n; i++) {
			answer(w, in, &q[order == 1 ? n - 1 - i : i]);
			if (order == 2 && i == 0)
				answer(w, in, &q[0]);
		}
	}
	r = spf_walk_result(w);
	check_result(r);
	memset(out, 0, sizeof(*out));
	out->status = r->status;
	out->err = r->err;
	out->n_dns = r->n_dns_terms;
	out->n_void = r->n_void;
	out->all = r->all;
	out->flags = r->flags;
	out->n_records = r->n_records;
	memcpy(out->detail, r->detail, sizeof(out->detail));
	spf_walk_free(w);
}

static void
check_record(const struct spf_record *rec, size_t len)
{
	size_t i;

	if (rec->n_terms > SPF_TERMS_MAX || rec->all_term >= (int)rec->n_terms ||
	    (rec->redirect != NULL) != (rec->redirect_term >= 0) ||
	    (rec->all != SPF_Q_NONE) != (rec->all_term >= 0))
		abort();
	for (i = 0; i < rec->n_terms; i++) {
		const struct spf_term *t = &rec->terms[i];

		if (t->text == NULL || strlen(t->text) > len || t->kind > SPF_K_MODIFIER)
			abort();
		switch (t->kind) {
		case SPF_K_A:
		case SPF_K_MX:
			if (t->cidr4 < 0 || t->cidr4 > 32 || t->cidr6 < 0 || t->cidr6 > 128)
				abort();
			break;
		case SPF_K_IP4:
			if (t->cidr4 < 0 || t->cidr4 > 32 || t->cidr6 != -1)
				abort();
			break;
		case SPF_K_IP6:
			if (t->cidr6 < 0 || t->cidr6 > 128 || t->cidr4 != -1)
				abort();
			break;
		case SPF_K_INCLUDE:
		case SPF_K_EXISTS:
		case SPF_K_REDIRECT:
		case SPF_K_EXP:
			if (t->domain == NULL || t->domain[0] == '\0')
				abort();
			break;
		default:
			break;
		}
		if ((t->kind >= SPF_K_REDIRECT) != (t->qual == SPF_Q_NONE))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct spf_record rec;
	struct outcome o[3];
	struct input in;
	char why[128], *copy, *text, *p;
	size_t i;

	/* The whole input, in a buffer of exactly its size. */
	if ((copy = malloc(size ? size : 1)) == NULL)
		return 0;
	if (size > 0)
		memcpy(copy, data, size);
	if (spf_parse(copy, size, &rec, why, sizeof(why)) == 0) {
		if (!spf_is_spf1(copy, size))
			abort();
		check_record(&rec, size);
	} else if (strlen(why) == 0) {
		abort();
	}
	free(copy);

	/* Lines as TXT strings; the first is the walk's own record. */
	if ((text = malloc(size + 1)) == NULL)
		return 0;
	if (size > 0)
		memcpy(text, data, size);
	text[size] = '\0';
	memset(&in, 0, sizeof(in));
	in.seed = 2166136261u;
	for (i = 0; i < size; i++)
		in.seed = (in.seed ^ data[i]) * 16777619u;
	for (p = text; in.n_lines < LINES_MAX;) {
		in.line[in.n_lines++] = p;
		if ((p = strchr(p, '\n')) == NULL)
			break;
		*p++ = '\0';
	}
	if (spf_parse(in.line[0], strlen(in.line[0]), &rec, why, sizeof(why)) == 0) {
		for (i = 0; i < 3; i++)
			drive(&in, (int)i, &o[i]);
		for (i = 1; i < 3; i++)
			if (memcmp(&o[0], &o[i], sizeof(o[0])) != 0) {
				fprintf(stderr, "answer order changed the result:\n  %s\n  %s\n",
				    o[0].detail, o[i].detail);
				abort();
			}
	}
	free(text);
	return 0;
}
