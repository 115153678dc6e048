/*
 * listen: a listening TCP socket for a server of uptodate (serve, worker
 * metrics), from "ADDR:PORT" or "[IPV6]:PORT". IPv6 sockets are IPv6 only,
 * so [::]:80 and 0.0.0.0:80 can both be given.
 */
#ifndef UTD_NET_LISTEN_H
#define UTD_NET_LISTEN_H

#include <stddef.h>
#include <sys/socket.h>

/*
 * "ADDR:PORT" or "[IPV6]:PORT" (a bare IPv6 address before the last colon
 * is taken too) into *ss and *sl: 0, or -1 when spec is not that.
 */
int net_parse_hostport(const char *spec, struct sockaddr_storage *ss,
    socklen_t *sl);

/* The socket (close-on-exec, listening), or -1 with a one-line why. */
int net_listen(const char *spec, char *why, size_t whylen);

#endif
