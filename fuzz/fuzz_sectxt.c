/*
 * fuzz_sectxt: security.txt parsing on arbitrary bytes, at a fixed "now".
 * Checked: the counts add up and every finding is well-formed; a file
 * with no error has a Contact and a valid Expires not in the past; kept
 * values and language tags respect their caps and grammar; parsing is
 * deterministic; and the same bytes with every LF made CRLF give the same
 * findings and values. The input (to its first NUL) also goes to the
 * date-time, language-tag and Content-Type readers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/sectxt.h"

#define NOW ((time_t)1622505600)   /* 2021-06-01T00:00:00Z */
#define URL "https://example.com/.well-known/security.txt"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_values(const struct sectxt_values *v, size_t lines)
{
	size_t i;

	if (v->kept > SECTXT_VALUES_MAX || v->kept > v->n ||
	    (v->n <= SECTXT_VALUES_MAX && v->kept != v->n))
		abort();
	for (i = 0; i < v->kept; i++)
		if (strlen(v->v[i]) > SECTXT_VALUE_MAX || v->line[i] == 0 ||
		    v->line[i] > lines)
			abort();
}

static void
check(const struct sectxt *t, size_t errors)
{
	size_t i, e = 0, r = 0;

	if (errors != t->n_errors || t->n_findings > SECTXT_FINDINGS_MAX ||
	    t->n_findings + t->n_dropped != t->n_errors + t->n_recommendations)
		abort();
	for (i = 0; i < t->n_findings; i++) {
		const struct sectxt_finding *f = &t->findings[i];

		if ((unsigned)f->code_id >= SECTXT_CODE__COUNT ||
		    f->code != sectxt_code_str(f->code_id) ||
		    f->severity != sectxt_code_severity(f->code_id) ||
		    f->line > t->n_lines || f->text[0] == '\0' ||
		    memchr(f->text, '\0', sizeof(f->text)) == NULL)
			abort();
		if (f->severity == SECTXT_ERROR)
			e++;
		else
			r++;
	}
	if (e > t->n_errors || r > t->n_recommendations)
		abort();
	if (t->n_errors == 0 && (t->contact.n == 0 || !t->has_expires ||
	    t->expires < NOW))
		abort();
	check_values(&t->contact, t->n_lines);
	check_values(&t->encryption, t->n_lines);
	check_values(&t->canonical, t->n_lines);
	check_values(&t->policy, t->n_lines);
	check_values(&t->acknowledgments, t->n_lines);
	check_values(&t->hiring, t->n_lines);
	check_values(&t->csaf, t->n_lines);
	if (t->n_langs > SECTXT_LANGS_MAX)
		abort();
	for (i = 0; i < t->n_langs; i++)
		if (!sectxt_lang_tag_ok(t->langs[i], strlen(t->langs[i])))
			abort();
}

/* Same findings (codes and lines) and the same values. */
static void
same(const struct sectxt *a, const struct sectxt *b)
{
	size_t i;

	if (a->n_errors != b->n_errors ||
	    a->n_recommendations != b->n_recommendations ||
	    a->n_findings != b->n_findings || a->n_lines != b->n_lines ||
	    a->is_signed != b->is_signed || a->has_expires != b->has_expires ||
	    a->expires != b->expires || a->n_langs != b->n_langs ||
	    memcmp(&a->contact, &b->contact, sizeof(a->contact)) != 0 ||
	    memcmp(&a->canonical, &b->canonical, sizeof(a->canonical)) != 0)
		abort();
	for (i = 0; i < a->n_findings; i++)
		if (a->findings[i].code_id != b->findings[i].code_id ||
		    a->findings[i].line != b->findings[i].line)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sectxt t, u;
	char *copy = malloc(size + 1), *crlf = NULL, why[96];
	size_t errors, i, o, n;
	time_t when;

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	errors = sectxt_parse(copy, size, URL, NOW, &t);
	check(&t, errors);
	if (sectxt_parse(copy, size, URL, NOW, &u) != errors ||
	    memcmp(&t, &u, sizeof(t)) != 0)
		abort();
	if (size > SECTXT_BODY_MAX && (errors != 1 || t.n_lines != 0))
		abort();

	if (memchr(copy, '\r', size) == NULL && size * 2 <= SECTXT_BODY_MAX &&
	    (crlf = malloc(size * 2 + 1)) != NULL) {
		for (i = 0, o = 0; i < size; i++) {
			if (copy[i] == '\n')
				crlf[o++] = '\r';
			crlf[o++] = copy[i];
		}
		(void)sectxt_parse(crlf, o, URL, NOW, &u);
		same(&t, &u);
		free(crlf);
	}

	n = strlen(copy);
	if (sectxt_parse_datetime(copy, n, &when, why, sizeof(why)) != 0 &&
	    why[0] == '\0')
		abort();
	(void)sectxt_lang_tag_ok(copy, n);
	if (sectxt_content_type_ok(copy) !=
	    (sectxt_content_type_problem(copy) == NULL))
		abort();
	free(copy);
	return 0;
}
