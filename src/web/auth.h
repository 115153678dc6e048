/*
 * auth: passwords of batch API users, stored only as scrypt hashes.
 *
 * Encoded as "$scrypt$ln=LOG2N,r=R,p=P$SALT$HASH" (salt and hash base64),
 * so the cost can be raised later without breaking stored hashes.
 * scrypt is memory-hard (RFC 7914): with N=2^15, r=8 one guess costs 32 MiB
 * and about 0.1 s, which is also why a verified (user, password) pair is
 * remembered for a while instead of being hashed on every request.
 */
#ifndef UTD_AUTH_H
#define UTD_AUTH_H

#include <stddef.h>

#define AUTH_HASH_MAX 160

/* A new hash of password with a random salt; 0, or -1 (no memory, no
 * randomness). */
int auth_hash(const char *password, char out[AUTH_HASH_MAX]);
/* 1 when password matches encoded, 0 when not, -1 when encoded is not a
 * hash this code made. Constant time in the comparison. */
int auth_verify(const char *password, const char *encoded);

/* A cache of recently verified (user, password, hash) triples, keyed by a
 * SHA-256 of them; thread safe. ttl in seconds. */
struct auth_cache;
struct auth_cache *auth_cache_new(unsigned ttl_s);
void auth_cache_free(struct auth_cache *c);
/* 1 when user/password were verified against encoded within the ttl. */
int auth_cache_hit(struct auth_cache *c, const char *user, const char *password,
    const char *encoded);
void auth_cache_put(struct auth_cache *c, const char *user,
    const char *password, const char *encoded);

#endif
