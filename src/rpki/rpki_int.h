/*
 * rpki internals shared by rpki.c (tables, tries, validation, the routes
 * text reader) and vrp_json.c (the JSON reader). A loader parses into a
 * stage; rpki.c commits the stage into the db only when the document as a
 * whole was good, so a load is all or nothing.
 */
#ifndef UTD_RPKI_INT_H
#define UTD_RPKI_INT_H

#include <stddef.h>
#include <stdint.h>

#include "rpki/rpki.h"

#define RPKI_ENTRY_AS_SET 0x01u   /* a route whose origin is NONE */

/* One parsed VRP or route, before it goes into a table (24 bytes). */
struct rpki_entry {
	uint8_t addr[16];           /* bits past len zero */
	uint32_t asn;
	uint8_t v6;                 /* 0 IPv4, 1 IPv6 */
	uint8_t len;
	uint8_t max_len;            /* VRPs; routes keep len here */
	uint8_t flags;              /* RPKI_ENTRY_* */
};

/* The entries of one load and the skips seen on the way. */
struct rpki_stage {
	struct rpki_entry *v;
	size_t n, cap;
	size_t limit;               /* entries the table has room for */
	size_t max;                 /* entries a table holds */
	const char *what;           /* "VRPs" or "routes", for the cap reason */
	size_t skipped;
	char first_skip[RPKI_WHY_MAX];
};

/* Append e; past st->limit the entry is skipped and counted instead.
 * 0, or -1 when out of memory. */
int rpki_stage_add(struct rpki_stage *st, const struct rpki_entry *e)
	__attribute__((warn_unused_result));

/* Count a skipped entry; the first reason is kept. */
void rpki_stage_skip(struct rpki_stage *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define RPKI_QUOTE_MAX 48           /* bytes of input quoted in a reason */

/* Up to RPKI_QUOTE_MAX bytes of s for a reason, non-printable bytes as
 * '?', "..." when cut; buf holds RPKI_QUOTE_MAX + 4 bytes. Returns buf. */
const char *rpki_quote(const char *s, size_t n, char *buf, size_t cap);

/* Write a reason into why (cap bytes) and return -1. */
int rpki_fail(char *why, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* An ASN: decimal 0 to 4294967295 without leading zeros, after an
 * optional "AS" (any case) when allow_as. 0 or -1. */
int rpki_asn_parse(const char *s, size_t n, int allow_as, uint32_t *asn)
	__attribute__((warn_unused_result));

/* Stage the "roas" of a JSON document. 0, or -1 with the reason in why
 * when the document is not JSON, has no "roas" array, or memory ran out. */
int rpki_json_scan(const char *buf, size_t len, struct rpki_stage *st,
    char *why, size_t cap) __attribute__((warn_unused_result));

#endif
