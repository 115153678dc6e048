/*
 * Shared by the STARTTLS checks: from a TLS endpoint of the email test
 * back to its MX address and MX name.
 */
#ifndef UTD_CHECKS_STARTTLS_COMMON_H
#define UTD_CHECKS_STARTTLS_COMMON_H

#include "checks/mail/mx_common.h"
#include "checks/web/https_common.h"

/* The mail endpoint that holds e (e is &fx->meps[i].tls). */
const struct fx_mail_ep *chk_mail_ep(const struct facts *fx,
    const struct fx_tls_ep *e);
/* TLSA and CAA of that endpoint's MX name. */
const struct fx_mx_extra *chk_mx_extra(const struct facts *fx,
    const struct fx_mail_ep *m);

#endif
