/*
 * auth.c: scrypt through OpenSSL's EVP_KDF, base64 through EVP_Encode.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "web/auth.h"

#define SCRYPT_LN   15
#define SCRYPT_R    8
#define SCRYPT_P    1
#define SALT_LEN    16
#define KEY_LEN     32
#define CACHE_SLOTS 64

/* The parameters of a stored hash are input too: their cost is bounded
 * before any work (N up to 2^22, r up to 32, p up to 16). */
static int
scrypt_params_ok(unsigned ln, unsigned r, unsigned p)
{
	return ln >= 1 && ln <= 22 && r >= 1 && r <= 32 && p >= 1 && p <= 16;
}

static int
scrypt(const char *password, const unsigned char *salt, size_t salt_len,
    unsigned ln, unsigned r, unsigned p, unsigned char *key, size_t key_len)
{
	uint64_t n = scrypt_params_ok(ln, r, p) ? (uint64_t)1 << ln : 0;
	uint32_t rr = r, pp = p;
	/* N * r * 128 bytes of memory, with room over OpenSSL's 32 MiB default */
	uint64_t maxmem = n * rr * 128 * 2 + 1024 * 1024;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
		    (void *)password, strlen(password)),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
		    (void *)salt, salt_len),
		OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
		OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &rr),
		OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &pp),
		OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
		OSSL_PARAM_construct_end(),
	};
	EVP_KDF *kdf;
	EVP_KDF_CTX *ctx;
	int rc = -1;

	if (n == 0)
		return -1;
	kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL);
	ctx = kdf != NULL ? EVP_KDF_CTX_new(kdf) : NULL;
	if (ctx != NULL && EVP_KDF_derive(ctx, key, key_len, params) == 1)
		rc = 0;
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
	return rc;
}

int
auth_hash(const char *password, char out[AUTH_HASH_MAX])
{
	unsigned char salt[SALT_LEN], key[KEY_LEN];
	char salt64[4 * ((SALT_LEN + 2) / 3) + 1], key64[4 * ((KEY_LEN + 2) / 3) + 1];

	if (RAND_bytes(salt, sizeof(salt)) != 1 ||
	    scrypt(password, salt, sizeof(salt), SCRYPT_LN, SCRYPT_R, SCRYPT_P,
	    key, sizeof(key)) != 0)
		return -1;
	EVP_EncodeBlock((unsigned char *)salt64, salt, sizeof(salt));
	EVP_EncodeBlock((unsigned char *)key64, key, sizeof(key));
	OPENSSL_cleanse(key, sizeof(key));
	snprintf(out, AUTH_HASH_MAX, "$scrypt$ln=%d,r=%d,p=%d$%s$%s", SCRYPT_LN,
	    SCRYPT_R, SCRYPT_P, salt64, key64);
	return 0;
}

/* Base64 of a known length; the decoded length, or -1. */
static int
b64_decode(const char *in, size_t len, unsigned char *out, size_t cap)
{
	int n, pad = 0;

	if (len == 0 || len % 4 != 0 || len / 4 * 3 > cap)
		return -1;
	if ((n = EVP_DecodeBlock(out, (const unsigned char *)in, (int)len)) < 0)
		return -1;
	if (in[len - 1] == '=')
		pad++;
	if (in[len - 2] == '=')
		pad++;
	return n - pad;
}

int
auth_verify(const char *password, const char *encoded)
{
	unsigned ln, r, p;
	int off = 0, salt_len, key_len, ok;
	const char *salt, *key;
	unsigned char sbuf[64], kbuf[64], mine[64];

	if (sscanf(encoded, "$scrypt$ln=%u,r=%u,p=%u$%n", &ln, &r, &p,
	    &off) != 3 || off == 0)
		return -1;
	salt = encoded + off;
	if ((key = strchr(salt, '$')) == NULL)
		return -1;
	salt_len = b64_decode(salt, (size_t)(key - salt), sbuf, sizeof(sbuf));
	key++;
	key_len = b64_decode(key, strlen(key), kbuf, sizeof(kbuf));
	if (salt_len <= 0 || key_len < 16)
		return -1;
	if (scrypt(password, sbuf, (size_t)salt_len, ln, r, p, mine,
	    (size_t)key_len) != 0)
		return -1;
	ok = CRYPTO_memcmp(mine, kbuf, (size_t)key_len) == 0;
	OPENSSL_cleanse(mine, sizeof(mine));
	return ok;
}

/* --- the cache ------------------------------------------------------------ */

struct auth_slot {
	unsigned char digest[32];
	time_t until;
};

struct auth_cache {
	pthread_mutex_t mu;
	unsigned ttl;
	struct auth_slot slots[CACHE_SLOTS];
	unsigned next;
};

static void
cache_key(const char *user, const char *password, const char *encoded,
    unsigned char digest[32])
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned int len = 32;

	memset(digest, 0, 32);
	if (md == NULL)
		return;
	/* NUL separators: ("ab","c") and ("a","bc") differ */
	if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(md, user, strlen(user) + 1) != 1 ||
	    EVP_DigestUpdate(md, password, strlen(password) + 1) != 1 ||
	    EVP_DigestUpdate(md, encoded, strlen(encoded) + 1) != 1 ||
	    EVP_DigestFinal_ex(md, digest, &len) != 1)
		memset(digest, 0, 32);
	EVP_MD_CTX_free(md);
}

struct auth_cache *
auth_cache_new(unsigned ttl_s)
{
	struct auth_cache *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	pthread_mutex_init(&c->mu, NULL);
	c->ttl = ttl_s;
	return c;
}

void
auth_cache_free(struct auth_cache *c)
{
	if (c == NULL)
		return;
	pthread_mutex_destroy(&c->mu);
	OPENSSL_cleanse(c, sizeof(*c));
	free(c);
}

int
auth_cache_hit(struct auth_cache *c, const char *user, const char *password,
    const char *encoded)
{
	unsigned char d[32];
	time_t now = time(NULL);
	unsigned i;
	int hit = 0;

	cache_key(user, password, encoded, d);
	pthread_mutex_lock(&c->mu);
	for (i = 0; i < CACHE_SLOTS && !hit; i++)
		hit = c->slots[i].until > now &&
		    CRYPTO_memcmp(c->slots[i].digest, d, 32) == 0;
	pthread_mutex_unlock(&c->mu);
	return hit;
}

void
auth_cache_put(struct auth_cache *c, const char *user, const char *password,
    const char *encoded)
{
	struct auth_slot *s;

	pthread_mutex_lock(&c->mu);
	s = &c->slots[c->next++ % CACHE_SLOTS];
	cache_key(user, password, encoded, s->digest);
	s->until = time(NULL) + (time_t)c->ttl;
	pthread_mutex_unlock(&c->mu);
}
