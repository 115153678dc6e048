/*
 * caa: CAA records (RFC 8659, with RFC 8657's account and method binding).
 * A strict reader of the RDATA and a syntax check of each property value;
 * the judgement (is there an issue property, is the set usable) is the
 * CAA check's business.
 */
#ifndef UTD_CAA_H
#define UTD_CAA_H

#include <stddef.h>
#include <stdint.h>

#define CAA_VALUE_MAX 1024

struct caa_rr {
	uint8_t flags;
	char tag[16];               /* 1..15 alphanumerics, lower-cased */
	char value[CAA_VALUE_MAX];  /* NUL-terminated copy (NULs refused) */
	size_t value_len;
};

/* Read one CAA RDATA. 0, or -1 with *why a static reason. */
int caa_parse_rdata(const uint8_t *rd, size_t len, struct caa_rr *out,
    const char **why);

/* Check a property's syntax: flags 0 or 128; issue/issuewild/issuemail
 * values (issuer domain, parameters, accounturi, validationmethods), iodef
 * (mailto: or https: URL), contactemail, contactphone. Unknown tags pass
 * unless marked critical. 0, or -1 with a reason written to why. */
int caa_check(const struct caa_rr *rr, char *why, size_t cap);

/* 1 for issue / issuewild, whose presence the catalogue asks for. */
int caa_is_issue(const struct caa_rr *rr);

#endif
