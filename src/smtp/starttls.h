/*
 * starttls: the SMTP dialog up to "220 Ready to start TLS" as a conn
 * prelude (net/conn.h), so that the TLS scanner and the OpenSSL audit run
 * unchanged over STARTTLS: every conn they open to an MX first greets,
 * says EHLO and asks for STARTTLS, and only then sees NET_EV_CONNECTED.
 * A dialog that does not get there ends the conn with NET_PRELUDE and the
 * smtp_client's status code ("no_starttls", "rate_limited", ...) and
 * detail (which quotes the server).
 */
#ifndef UTD_SMTP_STARTTLS_H
#define UTD_SMTP_STARTTLS_H

#include "net/conn.h"

/* The prelude; its arg is the EHLO name (a const char *, which must
 * outlive the conns). */
extern const struct net_prelude_ops smtp_starttls_prelude;

#endif
