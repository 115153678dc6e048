/*
 * Shared by the mail authenticity checks (DMARC, DKIM, SPF) and the
 * transport-policy checks (MTA-STS, TLS-RPT): which TXT record is in
 * effect, the non-sending-domain rule, and evidence of TXT sets.
 *
 * Everything here reads struct facts only. The parsed records are large
 * (tens of kilobytes), so the helpers that need one allocate it on the
 * heap and free it before they return.
 */
#ifndef UTD_CHECKS_AUTH_COMMON_H
#define UTD_CHECKS_AUTH_COMMON_H

#include "checks/common.h"
#include "mail/dmarc.h"

/* A TXT set as evidence: owner, lookup, records. */
json_t *chk_json_txt(const struct fx_txt *t);

/* The owner of t, or fallback when the gatherer left it unset. */
const char *chk_txt_owner(const struct fx_txt *t, const char *fallback);

/* How many records of t is_kind accepts; *first (may be NULL) gets the
 * first of them, or NULL. */
size_t chk_txt_count(const struct fx_txt *t,
    int (*is_kind)(const char *, size_t), const char **first);

/* The DMARC record set in effect (RFC 7489 §6.6.3): the set at
 * _dmarc.domain when it holds any v=DMARC1 record, else the set at the
 * organizational domain's _dmarc name when the gatherer asked for it. */
struct chk_dmarc_loc {
	const struct fx_txt *set;
	int at_org;                  /* set is the organizational domain's */
	size_t count;                /* v=DMARC1 records in set */
	const char *txt;             /* the first of them, NULL if none */
	char owner[300];             /* set's name, for details */
	const struct fx_lookup *failed;  /* the lookup that failed, or NULL */
};

/* Fill loc. 1 when the set could be read (count may be 0 or more than
 * one); 0 when a lookup failed: loc->failed says which and, when r is not
 * NULL, r is set to that error. */
int chk_dmarc_locate(const struct facts *fx, struct chk_dmarc_loc *loc,
    struct chk_result *r);

/* The policy that applies to fx->domain under rec: p for the domain's
 * own record; for a subdomain under its organizational domain's record,
 * sp when given, else p (RFC 7489 §6.3). */
enum dmarc_policy chk_dmarc_effective(const struct dmarc_record *rec,
    int at_org);

/* The parsed record as evidence (tags, report URIs, notes). */
json_t *chk_json_dmarc(const struct dmarc_record *rec);

/*
 * 1 when the domain declares that it sends no mail: exactly one DMARC
 * record in effect whose effective policy is reject, and exactly one SPF
 * record that authorises nobody, "v=spf1 -all" (modifiers allowed, no
 * mechanism before the -all). The DKIM check is exempt for such a domain
 * (catalogue §4) and the batch field mail_non_sending_domain reads it.
 * 0 otherwise, also when a lookup failed or out of memory.
 */
int chk_mail_non_sending(const struct facts *fx);

/* "v=spf1 -all" as above: rec parses and reaches no mechanism but -all. */
int chk_spf_is_reject_all(const char *txt);

#endif
