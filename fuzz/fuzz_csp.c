/*
 * fuzz_csp: the security header parsers on arbitrary bytes. The input is
 * cut at every NUL into header values (at most VALUES_MAX): they go to
 * csp_parse, then csp_judge (with a base domain and without), and the
 * same values to the Referrer-Policy, X-Frame-Options and
 * X-Content-Type-Options readers.
 *
 * Checked: every kept source is a well-formed token of its kind; the
 * policy written back as text parses to the same directives and sources;
 * the finding count does not depend on the room given; every finding
 * names a known rule.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/secheaders.h"

#define VALUES_MAX 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_source(const struct csp_policy *p, int d, const struct csp_source *s)
{
	const char *t = csp_src_text(p, s);
	size_t n = strlen(t), i;

	if (n == 0 || n != s->len || s->text >= p->used)
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)t[i] < 0x21 || (unsigned char)t[i] > 0x7e ||
		    t[i] == ',' || t[i] == ';')
			abort();
	if ((s->kind == CSP_SRC_TOKEN) != !csp_dir_takes_sources((enum csp_dir)d))
		abort();
	switch (s->kind) {
	case CSP_SRC_SCHEME:
		if (t[n - 1] != ':' || s->scheme_len + 1u != n)
			abort();
		break;
	case CSP_SRC_HOST:
		if (s->host_len == 0 || s->host_at + s->host_len > n ||
		    s->path_at + s->path_len > n ||
		    (s->path_len > 0 && t[s->path_at] != '/'))
			abort();
		if ((s->flags & CSP_SRC_F_STAR_HOST) &&
		    (s->host_len != 1 || t[s->host_at] != '*'))
			abort();
		if (s->port < CSP_PORT_ANY || s->port > 65535)
			abort();
		if (s->scheme_len > 0 && memcmp(t + s->scheme_len, "://", 3) != 0)
			abort();
		break;
	case CSP_SRC_NONE:
	case CSP_SRC_SELF:
	case CSP_SRC_UNSAFE_INLINE:
	case CSP_SRC_UNSAFE_EVAL:
	case CSP_SRC_UNSAFE_HASHES:
	case CSP_SRC_NONCE:
	case CSP_SRC_HASH:
		if (n < 3 || t[0] != '\'' || t[n - 1] != '\'')
			abort();
		break;
	default:
		break;
	}
}

/* The kept directives as one policy text, then parsed again. */
static void
check_roundtrip(const struct csp_policy *p)
{
	static struct csp_policy again;
	static char text[CSP_BYTES_MAX + 1];
	const char *v[1] = { text };
	char why[160];
	size_t o = 0, k;
	int d;

	text[0] = '\0';
	for (d = 0; d < CSP_D__COUNT; d++) {
		const struct csp_directive *dir = &p->dir[d];

		if (!dir->present)
			continue;
		o += (size_t)snprintf(text + o, sizeof(text) - o, "%s%s",
		    o > 0 ? ";" : "", csp_dir_name((enum csp_dir)d));
		for (k = 0; k < dir->n && o < sizeof(text); k++)
			o += (size_t)snprintf(text + o, sizeof(text) - o, " %s",
			    csp_src_text(p, &dir->src[k]));
		if (o >= sizeof(text))
			return;
	}
	if (o > CSP_BYTES_MAX)
		return;     /* separators between values added bytes: skip */
	if (csp_parse(v, 1, &again, why, sizeof(why)) != 0)
		abort();
	for (d = 0; d < CSP_D__COUNT; d++) {
		const struct csp_directive *a = &p->dir[d], *b = &again.dir[d];

		if (a->present != b->present || a->n != b->n)
			abort();
		for (k = 0; k < a->n; k++)
			if (a->src[k].kind != b->src[k].kind ||
			    a->src[k].flags != b->src[k].flags ||
			    a->src[k].port != b->src[k].port ||
			    strcmp(csp_src_text(p, &a->src[k]),
			    csp_src_text(&again, &b->src[k])) != 0)
				abort();
	}
}

static void
check_judge(const struct csp_policy *p, const char *base)
{
	static struct csp_finding f[64];
	size_t n = csp_judge(p, base, f, 64), i;

	if (csp_judge(p, base, NULL, 0) != n || csp_judge(p, base, f, 1) != n)
		abort();
	n = csp_judge(p, base, f, 64);
	for (i = 0; i < n && i < 64; i++) {
		if ((unsigned)f[i].rule >= CSP_R__COUNT ||
		    strcmp(f[i].code, csp_rule_code(f[i].rule)) != 0 ||
		    f[i].text[0] == '\0' ||
		    memchr(f[i].text, '\0', sizeof(f[i].text)) == NULL ||
		    strlen(f[i].source) > CSP_SHOW_MAX + 3)
			abort();
		if ((f[i].directive[0] == '\0') != (f[i].source[0] == '\0'))
			abort();
	}
}

static void
check_others(const char *const *v, size_t nv)
{
	struct sechdr_refpol_result rp;
	struct sechdr_xfo_result x;
	struct sechdr_xcto_result c;

	sechdr_referrer_policy(v, nv, &rp);
	if (rp.n_unknown > rp.n_tokens ||
	    (rp.policy == SECHDR_RP_EMPTY) != (rp.cls == SECHDR_RPC_NONE) ||
	    (rp.policy != SECHDR_RP_EMPTY && rp.n_tokens == rp.n_unknown) ||
	    rp.detail[0] == '\0')
		abort();
	sechdr_xfo(v, nv, &x);
	if (x.ok != (x.value == SECHDR_XFO_DENY ||
	    x.value == SECHDR_XFO_SAMEORIGIN) ||
	    (x.value == SECHDR_XFO_MISSING) != (x.n_values == 0) ||
	    (x.value == SECHDR_XFO_MULTIPLE && x.n_values < 2) ||
	    strcmp(x.code, sechdr_xfo_code(x.value)) != 0 || x.detail[0] == '\0')
		abort();
	sechdr_xcto(v, nv, &c);
	if (c.ok != (strcmp(c.code, "nosniff") == 0) ||
	    (strcmp(c.code, "missing") == 0) != (c.n_values == 0))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct csp_policy p;
	const char *v[VALUES_MAX];
	char why[160];
	char *copy = malloc(size + 1);
	size_t nv = 0, i, used;
	int d;

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	v[nv++] = copy;
	for (i = 0; i < size && nv < VALUES_MAX; i++)
		if (copy[i] == '\0')
			v[nv++] = copy + i + 1;

	if (csp_parse(v, nv, &p, why, sizeof(why)) != 0) {
		if (why[0] == '\0' || p.n_policies != 0)
			abort();
	} else {
		used = 1;
		if (p.n_seen > CSP_DIRECTIVES_MAX || p.used > sizeof(p.buf) ||
		    p.n_policies == 0)
			abort();
		for (d = 0; d < CSP_D__COUNT; d++) {
			if (p.dir[d].n > CSP_SOURCES_MAX ||
			    (!p.dir[d].present && p.dir[d].n > 0) ||
			    p.dir[d].policy >= p.n_policies)
				abort();
			for (i = 0; i < p.dir[d].n; i++) {
				check_source(&p, d, &p.dir[d].src[i]);
				used += p.dir[d].src[i].len + 1u;
			}
		}
		if (used != p.used)
			abort();
		check_roundtrip(&p);
		check_judge(&p, "example.nl");
		check_judge(&p, NULL);
	}
	check_others(v, nv);
	free(copy);
	return 0;
}
