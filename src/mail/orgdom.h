/*
 * orgdom: the Organizational Domain of a DNS name (RFC 7489 §3.2), which
 * is the registrable domain by the Public Suffix List: the longest
 * matching public suffix plus one label. libpsl does the matching.
 *
 * The list is the newest of libpsl's built-in copy and Debian's files
 * under /usr/share/publicsuffix (psl_latest), with ORGDOM_PSL_FILE and the
 * built-in copy as fallbacks. It is loaded on the first lookup and kept,
 * read-only, until orgdom_free(): the module's only state, so the first
 * lookup and orgdom_free() must not race with other lookups (uptodate runs
 * its checks on one thread).
 *
 * Names under no listed suffix fall under the list's implicit "*" rule:
 * the last label is the public suffix, so the Organizational Domain of
 * a.b.example.test is example.test (the testbed's *.test names).
 *
 * Names are DNS names: ASCII case does not matter and one trailing dot is
 * ignored; answers are lower-case without the trailing dot. Our prefix is
 * orgdom_ because libpsl owns psl_*.
 */
#ifndef UTD_ORGDOM_H
#define UTD_ORGDOM_H

#include <stddef.h>

#define ORGDOM_NAME_MAX 253   /* longest name accepted, without the dot */
#define ORGDOM_PSL_FILE "/usr/share/publicsuffix/public_suffix_list.dat"

enum orgdom_status {
	ORGDOM_OK = 0,
	ORGDOM_PUBLIC_SUFFIX, /* the name is itself a public suffix */
	ORGDOM_BAD_NAME,      /* empty, empty label, label > 63, name > 253,
	                         space or control byte */
	ORGDOM_TOO_SMALL,     /* out cannot hold the answer */
	ORGDOM_NO_LIST,       /* no Public Suffix List could be loaded */
};

/* A stable human phrase for a status ("name is a public suffix"). */
const char *orgdom_strerror(enum orgdom_status st);

/*
 * The Organizational Domain of domain, written to out (cap bytes, NUL
 * included; ORGDOM_NAME_MAX + 1 is always enough). ORGDOM_OK, or
 * ORGDOM_PUBLIC_SUFFIX with the normalised name itself in out (it has no
 * Organizational Domain; callers that compare may use the name itself),
 * or an error with out set to "". Nothing to free.
 */
enum orgdom_status orgdom_lookup(const char *domain, char *out, size_t cap)
	__attribute__((warn_unused_result));

/*
 * 1 when a and b have the same Organizational Domain (a public suffix
 * counts as its own), 0 when they differ, -1 when either name is bad or
 * no list could be loaded.
 */
int orgdom_same(const char *a, const char *b)
	__attribute__((warn_unused_result));

/* Frees the loaded list; the next lookup loads it again. */
void orgdom_free(void);

#endif
