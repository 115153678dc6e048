#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mail/dkim.h"
#include "mail/rectext.h"

void
dkim_tags_init(struct dkim_tags *it, const char *txt, size_t len)
{
	it->txt = txt;
	it->len = len;
	it->pos = 0;
	it->empty = 0;
}

/* A byte for a message: the character, or its hex code. */
int
dkim_tags_next(struct dkim_tags *it, struct dkim_tag *tag, char *why,
    size_t cap)
{
	const unsigned char *s = (const unsigned char *)it->txt;
	size_t p = it->pos, end;
	char b[8];

	for (;;) {
		while (p < it->len && rec_is_fws(s[p]))
			p++;
		if (p == it->len) {
			it->pos = p;
			return 0;
		}
		if (s[p] != ';')
			break;
		it->empty++;
		p++;
	}
	if (!rec_is_alpha(s[p]))
		return rec_fail(why, cap, "tag name expected at offset %zu, found %s",
		    p, rec_show_byte(s[p], b));
	tag->name = it->txt + p;
	tag->offset = p;
	while (p < it->len && (rec_is_alpha(s[p]) || rec_is_digit(s[p]) || s[p] == '_'))
		p++;
	tag->name_len = (size_t)(p - tag->offset);
	while (p < it->len && rec_is_fws(s[p]))
		p++;
	if (p == it->len || s[p] != '=')
		return rec_fail(why, cap, "tag '%.*s': '=' expected at offset %zu, found %s",
		    (int)(tag->name_len > 32 ? 32 : tag->name_len), tag->name, p,
		    p == it->len ? "the end" : rec_show_byte(s[p], b));
	p++;
	while (p < it->len && rec_is_fws(s[p]))
		p++;
	tag->value = it->txt + p;
	for (end = p; end < it->len && s[end] != ';'; end++)
		if (!rec_is_fws(s[end]) && (s[end] < 0x21 || s[end] > 0x7e))
			return rec_fail(why, cap, "tag '%.*s': byte %s at offset %zu is "
			    "not allowed in a value",
			    (int)(tag->name_len > 32 ? 32 : tag->name_len), tag->name,
			    rec_show_byte(s[end], b), end);
	it->pos = end < it->len ? end + 1 : end;
	while (end > p && rec_is_fws(s[end - 1]))
		end--;
	tag->value_len = end - p;
	return 1;
}

static int
tag_is(const struct dkim_tag *t, const char *name)
{
	size_t n = strlen(name);

	return t->name_len == n && memcmp(t->name, name, n) == 0;
}

static int
val_is(const char *v, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(v, want, n) == 0;
}

static void
copy_cut(char *dst, size_t cap, const char *src, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * Split a colon-separated list (whitespace around the colons) and hand
 * each item to fn. -1 with a reason for an empty item.
 */
static int
each_item(const char *tagname, const char *v, size_t n,
    void (*fn)(struct dkim_key *, const char *, size_t), struct dkim_key *k,
    char *why, size_t cap)
{
	size_t i = 0, start, end;

	for (;;) {
		while (i < n && rec_is_fws((unsigned char)v[i]))
			i++;
		start = i;
		while (i < n && v[i] != ':')
			i++;
		end = i;
		while (end > start && rec_is_fws((unsigned char)v[end - 1]))
			end--;
		if (end == start)
			return rec_fail(why, cap, "%s: empty item in the list", tagname);
		fn(k, v + start, end - start);
		if (i == n)
			return 0;
		i++;
	}
}

static void
add_hash(struct dkim_key *k, const char *v, size_t n)
{
	if (val_is(v, n, "sha1"))
		k->hashes |= DKIM_H_SHA1;
	else if (val_is(v, n, "sha256"))
		k->hashes |= DKIM_H_SHA256;
	else
		k->hashes |= DKIM_H_OTHER;
}

static void
add_service(struct dkim_key *k, const char *v, size_t n)
{
	if (val_is(v, n, "email"))
		k->services |= DKIM_S_EMAIL;
	else if (val_is(v, n, "*"))
		k->services |= DKIM_S_ANY;
	else
		k->services |= DKIM_S_OTHER;
}

static void
add_flag(struct dkim_key *k, const char *v, size_t n)
{
	if (val_is(v, n, "y"))
		k->flags |= DKIM_T_TESTING;
	else if (val_is(v, n, "s"))
		k->flags |= DKIM_T_STRICT;
	else
		k->flags |= DKIM_T_OTHER;
}

static int
b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (rec_is_digit(c))
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * base64string of RFC 6376 §2.4: whitespace anywhere, padding optional
 * but only at the end. Decodes into out (DKIM_KEY_BYTES_MAX bytes).
 */
static int
b64_decode(const char *v, size_t n, unsigned char *out, size_t *outlen,
    char *why, size_t cap)
{
	uint32_t acc = 0;
	size_t i, chars = 0, pad = 0, o = 0;
	char b[8];
	int d;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		if (rec_is_fws(c))
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		if ((d = b64_value(c)) < 0)
			return rec_fail(why, cap, "p: %s at offset %zu is not base64",
			    rec_show_byte(c, b), i);
		if (pad > 0)
			return rec_fail(why, cap, "p: base64 continues after '=' padding");
		acc = acc << 6 | (uint32_t)d;
		if (++chars % 4 == 0) {
			if (o + 3 > DKIM_KEY_BYTES_MAX)
				return rec_fail(why, cap, "p: key longer than %d bytes",
				    DKIM_KEY_BYTES_MAX);
			out[o++] = (unsigned char)(acc >> 16);
			out[o++] = (unsigned char)(acc >> 8);
			out[o++] = (unsigned char)acc;
			acc = 0;
		}
	}
	switch (chars % 4) {
	case 1:
		return rec_fail(why, cap, "p: base64 ends with a stray character");
	case 2:
		if (pad != 0 && pad != 2)
			return rec_fail(why, cap, "p: base64 padding is %zu '=', want 2", pad);
		if (o + 1 > DKIM_KEY_BYTES_MAX)
			return rec_fail(why, cap, "p: key longer than %d bytes",
			    DKIM_KEY_BYTES_MAX);
		out[o++] = (unsigned char)(acc >> 4);
		break;
	case 3:
		if (pad != 0 && pad != 1)
			return rec_fail(why, cap, "p: base64 padding is %zu '=', want 1", pad);
		if (o + 2 > DKIM_KEY_BYTES_MAX)
			return rec_fail(why, cap, "p: key longer than %d bytes",
			    DKIM_KEY_BYTES_MAX);
		out[o++] = (unsigned char)(acc >> 10);
		out[o++] = (unsigned char)(acc >> 2);
		break;
	default:
		if (pad != 0)
			return rec_fail(why, cap, "p: base64 padding where none belongs");
	}
	*outlen = o;
	return 0;
}

static const char *
pkey_name(int id)
{
	switch (id) {
	case EVP_PKEY_RSA:
		return "RSA";
	case EVP_PKEY_ED25519:
		return "Ed25519";
	case EVP_PKEY_EC:
		return "EC";
	case EVP_PKEY_ED448:
		return "Ed448";
	case EVP_PKEY_DSA:
		return "DSA";
	}
	return "unknown";
}

static int
decode_rsa(const unsigned char *der, size_t n, struct dkim_key *out,
    char *why, size_t cap)
{
	const unsigned char *q = der;
	EVP_PKEY *pk;
	int id;

	pk = d2i_PUBKEY(NULL, &q, (long)n);
	if (pk != NULL) {
		id = EVP_PKEY_get_base_id(pk);
		if (id != EVP_PKEY_RSA) {
			EVP_PKEY_free(pk);
			return rec_fail(why, cap, "p: SubjectPublicKeyInfo holds a key of "
			    "type %s, but k=rsa", pkey_name(id));
		}
	} else {
		ERR_clear_error();
		q = der;
		pk = d2i_PublicKey(EVP_PKEY_RSA, NULL, &q, (long)n);
		if (pk == NULL) {
			ERR_clear_error();
			return rec_fail(why, cap, "p: not an RSA public key (neither "
			    "SubjectPublicKeyInfo nor PKCS#1 RSAPublicKey)");
		}
		out->notes |= DKIM_NOTE_BARE_RSA;
	}
	if (q != der + n) {
		EVP_PKEY_free(pk);
		return rec_fail(why, cap, "p: %zu bytes of trailing data after the key",
		    (size_t)(der + n - q));
	}
	out->bits = (unsigned)EVP_PKEY_get_bits(pk);
	EVP_PKEY_free(pk);
	return 0;
}

static int
decode_ed25519(const unsigned char *raw, size_t n, struct dkim_key *out,
    char *why, size_t cap)
{
	EVP_PKEY *pk;

	if (n != 32)
		return rec_fail(why, cap, "p: Ed25519 key is %zu bytes; RFC 8463 wants "
		    "the raw 32-byte key%s", n,
		    n == 44 ? " (this looks like a SubjectPublicKeyInfo)" : "");
	pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, raw, n);
	if (pk == NULL) {
		ERR_clear_error();
		return rec_fail(why, cap, "p: OpenSSL refuses the Ed25519 key");
	}
	out->bits = (unsigned)EVP_PKEY_get_bits(pk);
	EVP_PKEY_free(pk);
	return 0;
}

static const struct {
	const char *name;
	unsigned bit;
} key_tags[] = {
	{ "v", DKIM_TAG_V }, { "h", DKIM_TAG_H }, { "k", DKIM_TAG_K },
	{ "n", DKIM_TAG_N }, { "p", DKIM_TAG_P }, { "s", DKIM_TAG_S },
	{ "t", DKIM_TAG_T },
};

/* Duplicate check over all tags seen so far, known or not. */
static int
seen_before(const struct dkim_tag *seen, size_t n, const struct dkim_tag *t)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (seen[i].name_len == t->name_len &&
		    memcmp(seen[i].name, t->name, t->name_len) == 0)
			return 1;
	return 0;
}

int
dkim_key_parse(const char *txt, size_t len, struct dkim_key *out,
    char *why, size_t cap)
{
	struct dkim_tag tags[DKIM_TAGS_MAX], t, p = { 0 };
	struct dkim_tags it;
	unsigned char der[DKIM_KEY_BYTES_MAX];
	size_t ntags = 0, i;
	int r;

	memset(out, 0, sizeof(*out));
	out->type = DKIM_KEYTYPE_RSA;
	snprintf(out->k, sizeof(out->k), "rsa");
	out->hashes = DKIM_H_ANY;
	out->services = DKIM_S_ANY;
	if (cap > 0)
		why[0] = '\0';
	dkim_tags_init(&it, txt, len);
	while ((r = dkim_tags_next(&it, &t, why, cap)) == 1) {
		unsigned bit = 0;

		if (seen_before(tags, ntags, &t))
			return rec_fail(why, cap, "tag '%.*s' appears twice",
			    (int)(t.name_len > 32 ? 32 : t.name_len), t.name);
		if (ntags == DKIM_TAGS_MAX)
			return rec_fail(why, cap, "more than %d tags", DKIM_TAGS_MAX);
		tags[ntags++] = t;
		for (i = 0; i < sizeof(key_tags) / sizeof(key_tags[0]); i++)
			if (tag_is(&t, key_tags[i].name))
				bit = key_tags[i].bit;
		out->seen |= bit;
		switch (bit) {
		case 0:
			out->notes |= DKIM_NOTE_UNKNOWN_TAG;
			if (out->unknown[0] == '\0')
				copy_cut(out->unknown, sizeof(out->unknown), t.name,
				    t.name_len);
			break;
		case DKIM_TAG_V:
			if (ntags != 1)
				return rec_fail(why, cap, "tag 'v' must come first");
			if (!val_is(t.value, t.value_len, "DKIM1"))
				return rec_fail(why, cap, "v: '%.*s' is not DKIM1",
				    (int)(t.value_len > 32 ? 32 : t.value_len), t.value);
			break;
		case DKIM_TAG_H:
			out->hashes = 0;
			if (each_item("h", t.value, t.value_len, add_hash, out, why,
			    cap) != 0)
				return -1;
			break;
		case DKIM_TAG_K:
			if (t.value_len == 0)
				return rec_fail(why, cap, "k: empty value");
			copy_cut(out->k, sizeof(out->k), t.value, t.value_len);
			if (val_is(t.value, t.value_len, "rsa"))
				out->type = DKIM_KEYTYPE_RSA;
			else if (val_is(t.value, t.value_len, "ed25519"))
				out->type = DKIM_KEYTYPE_ED25519;
			else
				out->type = DKIM_KEYTYPE_UNKNOWN;
			break;
		case DKIM_TAG_P:
			p = t;
			break;
		case DKIM_TAG_S:
			out->services = 0;
			if (each_item("s", t.value, t.value_len, add_service, out, why,
			    cap) != 0)
				return -1;
			break;
		case DKIM_TAG_T:
			if (each_item("t", t.value, t.value_len, add_flag, out, why,
			    cap) != 0)
				return -1;
			break;
		}
	}
	if (r < 0)
		return -1;
	if (it.empty > 0)
		out->notes |= DKIM_NOTE_EMPTY_TAG;
	if (ntags == 0)
		return rec_fail(why, cap, "empty record: no tags");
	if (!(out->seen & DKIM_TAG_P))
		return rec_fail(why, cap, "p: required tag missing");
	if (b64_decode(p.value, p.value_len, der, &out->key_bytes, why, cap) != 0)
		return -1;
	if (out->key_bytes == 0) {
		out->revoked = 1;
		return 0;
	}
	switch (out->type) {
	case DKIM_KEYTYPE_RSA:
		return decode_rsa(der, out->key_bytes, out, why, cap);
	case DKIM_KEYTYPE_ED25519:
		return decode_ed25519(der, out->key_bytes, out, why, cap);
	case DKIM_KEYTYPE_UNKNOWN:
		break;
	}
	return 0;
}

const char *
dkim_verdict_str(enum dkim_verdict v)
{
	switch (v) {
	case DKIM_GOOD:
		return "good";
	case DKIM_WARNING:
		return "warning";
	case DKIM_BAD:
		return "bad";
	case DKIM_REVOKED:
		return "revoked";
	}
	return "unknown";
}

static enum dkim_verdict
verdict(enum dkim_verdict v, char *why, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum dkim_verdict
verdict(enum dkim_verdict v, char *why, size_t cap, const char *fmt, ...)
{
	va_list ap;

	if (cap > 0) {
		va_start(ap, fmt);
		vsnprintf(why, cap, fmt, ap);
		va_end(ap);
	}
	return v;
}

enum dkim_verdict
dkim_key_judge(const struct dkim_key *key, char *why, size_t cap)
{
	if (key->revoked)
		return verdict(DKIM_REVOKED, why, cap,
		    "p= is empty: the key is revoked");
	if (key->type == DKIM_KEYTYPE_UNKNOWN)
		return verdict(DKIM_BAD, why, cap, "unknown key type k=%s", key->k);
	if (!(key->services & (DKIM_S_EMAIL | DKIM_S_ANY)))
		return verdict(DKIM_BAD, why, cap,
		    "s= excludes email: the key cannot verify mail");
	if (!(key->hashes & (DKIM_H_SHA256 | DKIM_H_ANY)))
		return verdict(DKIM_BAD, why, cap, "h= does not allow sha256 "
		    "(rsa-sha1 is forbidden by RFC 8301)");
	if (key->type == DKIM_KEYTYPE_RSA && key->bits < 1024)
		return verdict(DKIM_BAD, why, cap, "RSA key of %u bits: RFC 8301 "
		    "requires at least 1024", key->bits);
	if (key->type == DKIM_KEYTYPE_RSA && key->bits < 2048)
		return verdict(DKIM_WARNING, why, cap, "RSA key of %u bits: 2048 "
		    "or more is recommended", key->bits);
	if (key->flags & DKIM_T_TESTING)
		return verdict(DKIM_WARNING, why, cap, "t=y: the domain is testing "
		    "DKIM, verifiers treat its mail as unsigned");
	if (key->type == DKIM_KEYTYPE_ED25519)
		return verdict(DKIM_GOOD, why, cap, "Ed25519 key (RFC 8463)");
	return verdict(DKIM_GOOD, why, cap, "RSA key of %u bits", key->bits);
}
