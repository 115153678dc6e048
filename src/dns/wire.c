/*
 * wire.c: the pure DNS wire helpers. No I/O and no allocation: they run on
 * every datagram the net seam receives and under the fuzzer, so every read
 * is bounds-checked against the length given and nothing trusts a count or
 * a pointer found in the packet.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "dns/dns.h"

#define WIRE_HDR_LEN        12
#define WIRE_NAME_MAX       255  /* RFC 1035 3.1: wire form, all labels */
#define WIRE_LABEL_MAX      63
#define WIRE_PTR_HOPS_MAX   128  /* more than a 255-octet name can need */
#define WIRE_EDNS_BUFSIZE   1232 /* DNS flag day 2020: no fragmentation */
#define WIRE_OPT_LEN        11
#define NAME_TEXT_MAX       253  /* presentation form without trailing dot */

#define WIRE_FLAG_QR        0x8000
#define WIRE_FLAG_AA        0x0400
#define WIRE_FLAG_TC        0x0200
#define WIRE_OPCODE(f)      (((f) >> 11) & 0xf)
#define WIRE_RCODE(f)       ((f) & 0xf)
#define WIRE_EDNS_DO        0x8000
#define WIRE_TYPE_OPT       41
#define WIRE_CLASS_IN       1

/* Header and first question of any message, query or reply. */
struct wire_msg {
	uint16_t id;
	uint16_t flags;
	uint16_t qdcount;
	uint16_t ancount;
	uint16_t qtype;
	uint16_t qclass;
	char qname[256];
};

static const char *sec_str[] = {
	[DNS_SEC_UNKNOWN] = "unknown",
	[DNS_SEC_INSECURE] = "insecure",
	[DNS_SEC_SECURE] = "secure",
	[DNS_SEC_BOGUS] = "bogus",
};

static const char *err_code[] = {
	[DNS_OK] = "ok",
	[DNS_ERR_TIMEOUT] = "timeout",
	[DNS_ERR_SERVFAIL] = "servfail",
	[DNS_ERR_REFUSED] = "refused",
	[DNS_ERR_BADREPLY] = "bad_reply",
	[DNS_ERR_RESOLVER] = "resolver_error",
	[DNS_ERR_NOMEM] = "nomem",
	[DNS_ERR_CANCELLED] = "cancelled",
};

const char *
dns_sec_str(enum dns_sec s)
{
	if ((size_t)s >= sizeof(sec_str) / sizeof(sec_str[0]))
		return "unknown";
	return sec_str[s];
}

const char *
dns_err_code(enum dns_err e)
{
	if ((size_t)e >= sizeof(err_code) / sizeof(err_code[0]))
		return "resolver_error";
	return err_code[e];
}

static uint16_t
wire_get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static void
wire_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Append one label octet in presentation form; 0 or -1 if out of room. */
static int
wire_put_char(char *out, size_t cap, size_t *o, uint8_t c)
{
	static const char digits[] = "0123456789";

	if (c >= 'A' && c <= 'Z')
		c = (uint8_t)(c - 'A' + 'a');
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
	    c == '_') {
		if (*o + 1 >= cap)
			return -1;
		out[(*o)++] = (char)c;
		return 0;
	}
	/* Anything else, the dot and backslash included, as \DDD. */
	if (*o + 4 >= cap)
		return -1;
	out[(*o)++] = '\\';
	out[(*o)++] = digits[c / 100];
	out[(*o)++] = digits[(c / 10) % 10];
	out[(*o)++] = digits[c % 10];
	return 0;
}

/*
 * Read the possibly compressed name at *off as lower-case text. A pointer
 * must point before the start of the run of labels it ends, so the walk
 * moves strictly backwards and cannot loop; the hop cap is a second guard.
 * On success *off is just past the name where it sits in the message.
 */
static int
wire_read_name(const uint8_t *w, size_t len, size_t *off, char *out,
    size_t cap)
{
	size_t pos = *off, run = *off, end = 0, wirelen = 0, o = 0, i;
	int hops = 0, jumped = 0;

	for (;;) {
		uint8_t c;

		if (pos >= len)
			return -1;
		c = w[pos];
		if ((c & 0xc0) == 0xc0) {
			size_t target;

			if (pos + 1 >= len)
				return -1;
			target = ((size_t)(c & 0x3f) << 8) | w[pos + 1];
			if (target >= run || ++hops > WIRE_PTR_HOPS_MAX)
				return -1;
			if (!jumped) {
				end = pos + 2;
				jumped = 1;
			}
			pos = run = target;
			continue;
		}
		/* 0x40 and 0x80 are the obsolete extended label types. */
		if (c & 0xc0)
			return -1;
		wirelen += (size_t)c + 1;
		if (wirelen > WIRE_NAME_MAX)
			return -1;
		if (c == 0) {
			pos++;
			break;
		}
		if (len - pos - 1 < c)
			return -1;
		if (o > 0) {
			if (o + 1 >= cap)
				return -1;
			out[o++] = '.';
		}
		for (i = 0; i < c; i++)
			if (wire_put_char(out, cap, &o, w[pos + 1 + i]) != 0)
				return -1;
		pos += 1 + (size_t)c;
	}
	out[o] = '\0';
	*off = jumped ? end : pos;
	return 0;
}

/* Header plus exactly one question (RFC 9619); -1 if malformed. */
static int
wire_parse(const uint8_t *w, size_t len, struct wire_msg *m)
{
	size_t off = WIRE_HDR_LEN;

	if (w == NULL || len < WIRE_HDR_LEN)
		return -1;
	m->id = wire_get16(w);
	m->flags = wire_get16(w + 2);
	m->qdcount = wire_get16(w + 4);
	m->ancount = wire_get16(w + 6);
	if (m->qdcount != 1)
		return -1;
	if (wire_read_name(w, len, &off, m->qname, sizeof(m->qname)) != 0)
		return -1;
	if (len - off < 4)
		return -1;
	m->qtype = wire_get16(w + off);
	m->qclass = wire_get16(w + off + 2);
	return 0;
}

/* Encode a presentation name (no escapes) into wire form; length or -1. */
static int
wire_encode_name(const char *name, uint8_t *out, size_t cap)
{
	size_t n = strlen(name), i = 0, o = 0;

	if (n == 1 && name[0] == '.')
		n = 0;
	else if (n > 0 && name[n - 1] == '.')
		n--;
	while (n > 0) {
		size_t j = i, l;

		while (j < n && name[j] != '.')
			j++;
		l = j - i;
		if (l == 0 || l > WIRE_LABEL_MAX)
			return -1;
		if (o + 1 + l + 1 > WIRE_NAME_MAX || o + 1 + l + 1 > cap)
			return -1;
		out[o++] = (uint8_t)l;
		memcpy(out + o, name + i, l);
		o += l;
		if (j == n)
			break;
		i = j + 1;
		if (i == n)
			return -1;
	}
	if (o + 1 > cap)
		return -1;
	out[o++] = 0;
	return (int)o;
}

int
dns_wire_query(uint8_t *buf, size_t cap, const char *name, uint16_t qtype,
    uint16_t id)
{
	uint8_t qn[WIRE_NAME_MAX];
	int nl;
	size_t need, off;

	if (buf == NULL || name == NULL)
		return -1;
	if ((nl = wire_encode_name(name, qn, sizeof(qn))) < 0)
		return -1;
	need = WIRE_HDR_LEN + (size_t)nl + 4 + WIRE_OPT_LEN;
	if (need > cap)
		return -1;

	memset(buf, 0, WIRE_HDR_LEN);
	wire_put16(buf, id);
	/* flags 0: opcode QUERY, RD off (we ask servers for their own data) */
	wire_put16(buf + 4, 1);         /* qdcount */
	wire_put16(buf + 10, 1);        /* arcount: the OPT record */
	off = WIRE_HDR_LEN;
	memcpy(buf + off, qn, (size_t)nl);
	off += (size_t)nl;
	wire_put16(buf + off, qtype);
	wire_put16(buf + off + 2, WIRE_CLASS_IN);
	off += 4;

	/* RFC 6891 OPT: root owner, class = UDP size, TTL = ext-rcode,
	 * version, flags (DO), no options. */
	buf[off] = 0;
	wire_put16(buf + off + 1, WIRE_TYPE_OPT);
	wire_put16(buf + off + 3, WIRE_EDNS_BUFSIZE);
	wire_put16(buf + off + 5, 0);
	wire_put16(buf + off + 7, WIRE_EDNS_DO);
	wire_put16(buf + off + 9, 0);
	off += WIRE_OPT_LEN;
	return (int)off;
}

int
dns_wire_parse_reply(const uint8_t *wire, size_t len, struct dns_wire_reply *r)
{
	struct wire_msg m;

	if (r == NULL || wire_parse(wire, len, &m) != 0)
		return -1;
	if (!(m.flags & WIRE_FLAG_QR))
		return -1;
	r->id = m.id;
	r->rcode = WIRE_RCODE(m.flags);
	r->aa = (m.flags & WIRE_FLAG_AA) != 0;
	r->tc = (m.flags & WIRE_FLAG_TC) != 0;
	r->ancount = m.ancount;
	memcpy(r->qname, m.qname, sizeof(r->qname));
	r->qtype = m.qtype;
	return 0;
}

int
dns_wire_matches(const uint8_t *query, size_t qlen, const uint8_t *reply,
    size_t rlen)
{
	struct wire_msg q, r;

	if (wire_parse(query, qlen, &q) != 0 || wire_parse(reply, rlen, &r) != 0)
		return 0;
	/* A reflected copy of the query must not pass for its answer. */
	if ((q.flags & WIRE_FLAG_QR) || !(r.flags & WIRE_FLAG_QR))
		return 0;
	if (q.id != r.id || WIRE_OPCODE(q.flags) != WIRE_OPCODE(r.flags))
		return 0;
	if (q.qtype != r.qtype || q.qclass != r.qclass)
		return 0;
	return strcmp(q.qname, r.qname) == 0;
}

static int
name_is_ip_literal(const char *s, size_t n)
{
	char tmp[INET6_ADDRSTRLEN];
	struct in6_addr a6;
	struct in_addr a4;

	if (n >= sizeof(tmp))
		return 0;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return inet_pton(AF_INET, tmp, &a4) == 1 ||
	    inet_pton(AF_INET6, tmp, &a6) == 1;
}

int
dns_name_normalise(const char *in, char *out, size_t cap, const char **why)
{
	const char *why_tmp;
	size_t n, i, label = 0;
	int underscore = 0;

	if (why == NULL)
		why = &why_tmp;
	if (in == NULL || in[0] == '\0') {
		*why = "empty name";
		return -1;
	}
	n = strlen(in);
	for (i = 0; i < n; i++) {
		if ((unsigned char)in[i] >= 0x80) {
			*why = "internationalised names must be given in "
			    "A-label (xn--) form";
			return -1;
		}
	}
	if (in[n - 1] == '.')
		n--;
	if (n == 0) {
		*why = "the root is not a domain name to test";
		return -1;
	}
	if (name_is_ip_literal(in, n)) {
		*why = "an IP address is not a domain name";
		return -1;
	}
	if (n > NAME_TEXT_MAX) {
		*why = "name longer than 253 characters";
		return -1;
	}
	if (out == NULL || n + 1 > cap) {
		*why = "output buffer too small";
		return -1;
	}
	for (i = 0; i <= n; i++) {
		char c = i < n ? in[i] : '.';

		if (c == '.') {
			if (label == 0) {
				*why = "empty label (a leading dot or two dots "
				    "in a row)";
				return -1;
			}
			if (!underscore && out[i - 1] == '-') {
				*why = "a label may not begin or end with a "
				    "hyphen";
				return -1;
			}
			if (i < n)
				out[i] = '.';
			label = 0;
			continue;
		}
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_')) {
			*why = "invalid character: only letters, digits, "
			    "hyphen, underscore and dots are allowed";
			return -1;
		}
		if (label == 0) {
			underscore = c == '_';
			if (c == '-') {
				*why = "a label may not begin or end with a "
				    "hyphen";
				return -1;
			}
		}
		if (++label > WIRE_LABEL_MAX) {
			*why = "label longer than 63 characters";
			return -1;
		}
		out[i] = c;
	}
	out[n] = '\0';
	*why = NULL;
	return 0;
}
