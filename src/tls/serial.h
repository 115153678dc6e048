/*
 * serial: a TLS audit (tls/audit.h) and a TLS scan (tls/scan.h) as JSON
 * values and back, so that processes on different machines can share
 * results through a database (gather/mxcache.h).
 *
 * Every field survives a round trip exactly, the audit's arena and the
 * scan's unused array slots aside. Enums are written as their stable
 * codes ("ok", "starttls", "yes", "server", ...), so a value stays
 * readable and a code renumbered in C does not change its meaning.
 * Strings are JSON strings when they are UTF-8, else {"hex": "..."} (the
 * audit keeps names and server text as sent, and caps cut through UTF-8
 * sequences); a NULL string is null.
 *
 * The parsers read what another process wrote, so they trust nothing:
 * every key must be present and no other, numbers are integers within
 * the field's range, arrays are no longer than the struct holds, strings
 * no longer than TLS_SERIAL_STR_MAX (subject and issuer no longer than
 * TLS_AUDIT_NAME_MAX, fixed buffers no longer than their size), counts
 * agree (n_san <= n_san_total, n_chain <= n_chain_sent), and an unknown
 * enum code is refused. A writer never produces what its parser refuses:
 * to_json fails instead.
 *
 * Bump TLS_SERIAL_FORMAT when a field is added or changes meaning; users
 * put it in their keys so that processes of different formats never read
 * each other's values.
 */
#ifndef UTD_TLS_SERIAL_H
#define UTD_TLS_SERIAL_H

#include <jansson.h>

#include "tls/audit.h"
#include "tls/scan.h"

#define TLS_SERIAL_FORMAT     1
#define TLS_SERIAL_STR_MAX    4096              /* bytes of any string */
#define TLS_SERIAL_ARENA_CAP  (4 * 1024 * 1024) /* a parsed audit's arena */

/* A new JSON object for a (the caller owns the reference), or NULL on
 * ENOMEM or a value the parser would refuse (an enum out of range, a
 * string past its cap, counts that disagree). */
json_t *tls_audit_to_json(const struct tls_audit *a)
	__attribute__((warn_unused_result));

/* The audit j describes, in a new arena (free with tls_audit_free), or
 * NULL when j is malformed or memory runs out. j is not kept. */
struct tls_audit *tls_audit_from_json(const json_t *j)
	__attribute__((warn_unused_result));

/* As tls_audit_to_json, for a scan. */
json_t *tls_scan_to_json(const struct tls_scan *s)
	__attribute__((warn_unused_result));

/* Fill *out (zeroed first) from j: 0, or -1 when j is malformed (*out is
 * then zeroed again). */
int tls_scan_from_json(const json_t *j, struct tls_scan *out)
	__attribute__((warn_unused_result));

#endif
