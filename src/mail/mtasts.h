/*
 * mtasts: SMTP MTA Strict Transport Security (RFC 8461): the TXT record
 * at _mta-sts.domain (§3.1), the policy file fetched from
 * https://mta-sts.domain/.well-known/mta-sts.txt (§3.2), and the MX
 * pattern match of §4.1.
 *
 * No I/O: the fetch and the DNS lookup are elsewhere; these take bytes,
 * not NUL-terminated. Field names and the values STSv1, enforce, testing,
 * none are case-sensitive (%s in the ABNF). Unknown fields are ignored and
 * noted; a repeated field other than mx keeps its first value (§3.2: "all
 * entries except for the first SHOULD be ignored"). Empty fields in the
 * TXT record (";;") and blank lines in the policy are tolerated and noted.
 *
 * Caps: MTASTS_POLICY_MAX bytes of policy body (what a fetch should keep),
 * MTASTS_MX_MAX mx patterns. Past a cap the input is refused with a
 * reason.
 */
#ifndef UTD_MTASTS_H
#define UTD_MTASTS_H

#include <stddef.h>
#include <stdint.h>

#define MTASTS_POLICY_MAX  (64 * 1024)
#define MTASTS_MX_MAX      64
#define MTASTS_MX_LEN_MAX  255        /* "*." + a 253-byte name */
#define MTASTS_ID_MAX      32
#define MTASTS_MAX_AGE_MAX 31557600u  /* one year, §3.2 */

/* Things that leave a record or policy valid, in .notes. */
#define MTASTS_NOTE_UNKNOWN    0x01u  /* unknown field, ignored */
#define MTASTS_NOTE_DUPLICATE  0x02u  /* repeated field, first kept */
#define MTASTS_NOTE_EMPTY      0x04u  /* ";;" or a blank line */

struct mtasts_txt {
	char id[MTASTS_ID_MAX + 1];
	unsigned notes;
};

/*
 * 1 when the TXT record is an STS candidate: it starts with "v=STSv1"
 * followed by the end, ';' or whitespace (§3.1 discards records that do
 * not begin with "v=STSv1;"; the ABNF allows whitespace before the ';').
 */
int mtasts_is_stsv1(const char *txt, size_t len);

/*
 * Parse the TXT record: "v=STSv1" first, then fields separated by
 * *WSP ";" *WSP, with a trailing separator allowed; id= (1 to 32 letters
 * and digits) required; extensions name=value with no whitespace around
 * '='. 0, or -1 with a reason in why (cap bytes). out is always filled;
 * nothing to free.
 */
int mtasts_txt_parse(const char *txt, size_t len, struct mtasts_txt *out,
    char *why, size_t cap) __attribute__((warn_unused_result));

enum mtasts_mode {
	MTASTS_MODE_ABSENT = 0,
	MTASTS_MODE_ENFORCE,
	MTASTS_MODE_TESTING,
	MTASTS_MODE_NONE,
};

struct mtasts_policy {
	enum mtasts_mode mode;
	uint32_t max_age;                           /* seconds */
	size_t n_mx;
	char mx[MTASTS_MX_MAX][MTASTS_MX_LEN_MAX + 1]; /* as published */
	unsigned notes;
	size_t lines;
};

/*
 * Parse a policy body: "key: value" lines ended by LF or CRLF, in any
 * order; version (STSv1), mode, max_age (0 to 31557600) required; mx
 * (["*."] domain, the wildcard only as the whole leftmost label) one or
 * more unless mode is none. 0, or -1 with a reason naming the line in why
 * (cap bytes). out is always filled; nothing to free.
 */
int mtasts_policy_parse(const char *body, size_t len,
    struct mtasts_policy *out, char *why, size_t cap)
	__attribute__((warn_unused_result));

const char *mtasts_mode_str(enum mtasts_mode m);  /* "enforce", ... */

/*
 * 1 when the MX host name (NUL-terminated, one trailing dot ignored, any
 * case) matches one of the policy's patterns per §4.1: equal, or a "*."
 * pattern whose wildcard stands for exactly one leftmost label. 0 if not.
 */
int mtasts_mx_match(const struct mtasts_policy *pol, const char *mx_host);

#endif
