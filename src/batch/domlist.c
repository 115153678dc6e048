#include <string.h>

#include "batch/domlist.h"
#include "dns/dns.h"

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	    c == '\f';
}

enum domlist_rc
domlist_parse(const char *line, size_t len, char *out, size_t cap,
    const char **why)
{
	char field[DOMLIST_LINE_MAX + 1];
	size_t i = 0, n = 0;
	const char *sep, *host;

	while (i < len && is_blank(line[i]))
		i++;
	if (i == len || line[i] == '#')
		return DOMLIST_SKIP;
	if (len - i > DOMLIST_LINE_MAX) {
		*why = "line too long";
		return DOMLIST_BAD;
	}
	while (i < len && !is_blank(line[i]) && line[i] != ',')
		field[n++] = line[i++];
	field[n] = '\0';
	if (memchr(field, '\0', n) != NULL) {
		*why = "NUL byte in the line";
		return DOMLIST_BAD;
	}
	host = field;
	/* a URL (letters, then "://"): its host part */
	if ((sep = strstr(field, "://")) != NULL && sep > field &&
	    strspn(field, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
	    == (size_t)(sep - field)) {
		host = sep + 3;
		field[(size_t)(host - field) + strcspn(host, "/?#")] = '\0';
		if (strchr(host, '@') != NULL) {
			*why = "a URL with a user name; give the domain name";
			return DOMLIST_BAD;
		}
		if (strchr(host, ':') != NULL) {
			*why = "a URL with a port or an address; give the domain name";
			return DOMLIST_BAD;
		}
	}
	if (*host == '\0') {
		*why = "no domain name";
		return DOMLIST_BAD;
	}
	if (dns_name_normalise(host, out, cap, why) != 0)
		return DOMLIST_BAD;
	return DOMLIST_NAME;
}

long
domlist_read_line(FILE *f, char *buf, size_t cap, int *too_long)
{
	size_t n = 0;
	int c, any = 0;

	*too_long = 0;
	while ((c = getc_unlocked(f)) != EOF) {
		any = 1;
		if (c == '\n')
			break;
		if (n + 1 < cap)
			buf[n++] = (char)c;
		else
			*too_long = 1;
	}
	buf[n] = '\0';
	return any ? (long)n : -1;
}
