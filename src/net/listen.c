/*
 * listen.c: the listening sockets of uptodate's servers.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/listen.h"

int
net_parse_hostport(const char *spec, struct sockaddr_storage *ss,
    socklen_t *sl)
{
	char host[64];
	const char *colon = strrchr(spec, ':');
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	long port;
	char *end;

	memset(ss, 0, sizeof(*ss));
	if (colon == NULL || colon == spec || (size_t)(colon - spec) >= sizeof(host))
		return -1;
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || colon[1] < '0' || colon[1] > '9' || port > 65535)
		return -1;
	if (spec[0] == '[') {
		if (colon[-1] != ']')
			return -1;
		snprintf(host, sizeof(host), "%.*s", (int)(colon - spec - 2),
		    spec + 1);
	} else {
		snprintf(host, sizeof(host), "%.*s", (int)(colon - spec), spec);
	}
	if (spec[0] != '[' && inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		*sl = sizeof(*s4);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		*sl = sizeof(*s6);
		return 0;
	}
	memset(ss, 0, sizeof(*ss));
	return -1;
}

int
net_listen(const char *spec, char *why, size_t whylen)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, one = 1;

	if (net_parse_hostport(spec, &ss, &sl) != 0) {
		snprintf(why, whylen, "--listen %s: want ADDRESS:PORT or "
		    "[IPV6]:PORT", spec);
		return -1;
	}
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
		snprintf(why, whylen, "--listen %s: %s", spec, strerror(errno));
		return -1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss.ss_family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sl) != 0 || listen(fd, 128) != 0) {
		snprintf(why, whylen, "--listen %s: %s", spec, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

