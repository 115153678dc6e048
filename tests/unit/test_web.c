/*
 * test_web: the parts of `uptodate serve` that need no network: the
 * target policy (RFC 6890 special-purpose ranges and the allow list), the
 * password hashes, and the checks of what clients send.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/targets.h"
#include "web/auth.h"
#include "web/input.h"
#include "unit.h"

static const char *
special(const char *text)
{
	struct net_addr a;

	if (net_addr_parse(&a, text) != 0)
		return "PARSE ERROR";
	return net_addr_special(&a);
}

static int
permits(const struct net_targets *t, const char *text)
{
	struct net_addr a;

	return net_addr_parse(&a, text) == 0 && net_targets_permit(t, &a, NULL);
}

static void
test_specials(void)
{
	/* RFC 6890 and the IANA registries; global addresses are NULL */
	CHECK_STR(special("10.1.2.3"), "private");
	CHECK_STR(special("172.31.255.255"), "private");
	CHECK(special("172.32.0.1") == NULL);
	CHECK_STR(special("192.168.0.1"), "private");
	CHECK_STR(special("127.0.0.1"), "loopback");
	CHECK_STR(special("169.254.169.254"), "link-local");
	CHECK_STR(special("100.64.0.1"), "shared (carrier-grade NAT)");
	CHECK(special("100.128.0.1") == NULL);
	CHECK_STR(special("0.1.2.3"), "this network");
	CHECK_STR(special("198.51.100.7"), "documentation");
	CHECK_STR(special("198.18.0.1"), "benchmarking");
	CHECK_STR(special("224.0.0.251"), "multicast");
	CHECK_STR(special("255.255.255.255"), "reserved");
	CHECK(special("145.100.1.1") == NULL);
	CHECK(special("145.220.1.1") == NULL);
	CHECK_STR(special("::1"), "loopback");
	CHECK_STR(special("::"), "unspecified");
	CHECK_STR(special("::ffff:10.0.0.1"), "IPv4-mapped");
	CHECK_STR(special("fe80::1"), "link-local");
	CHECK_STR(special("fd12:3456::1"), "unique local");
	CHECK_STR(special("2001:db8::53"), "documentation");
	CHECK_STR(special("2002:a00:1::1"), "6to4");
	CHECK_STR(special("64:ff9b::a00:1"), "NAT64");
	CHECK_STR(special("ff02::1"), "multicast");
	CHECK(special("2001:4860:4860::8888") == NULL);
	CHECK(special("2a00:1450::1") == NULL);
}

static void
test_policy(void)
{
	struct net_targets *t = net_targets_new();
	const char *blocked[64], *why = NULL;
	char err[200];
	struct net_addr a;
	size_t n, i;
	int has_doc4 = 0, has_lo = 0;

	CHECK(t != NULL);
	CHECK(permits(NULL, "127.0.0.1"));              /* no policy */
	CHECK(!permits(t, "127.0.0.1"));
	CHECK(!permits(t, "198.51.100.7"));
	CHECK(permits(t, "145.100.1.1"));
	CHECK(net_addr_parse(&a, "10.0.0.1") == 0);
	CHECK(!net_targets_permit(t, &a, &why));
	CHECK_STR(why, "private");

	CHECK(net_targets_allow(t, "198.51.100.0/24,2001:db8::/32", err,
	    sizeof(err)) == 0);
	CHECK(permits(t, "198.51.100.7"));
	CHECK(permits(t, "2001:db8:1::1"));
	CHECK(permits(t, "2001:db9::1"));               /* global unicast */
	CHECK(permits(t, "198.51.101.1"));              /* global unicast */
	CHECK(!permits(t, "203.0.113.9"));              /* documentation */
	CHECK(!permits(t, "127.0.0.1"));
	n = net_targets_blocked(t, blocked, 64);
	for (i = 0; i < n; i++) {
		has_doc4 |= strcmp(blocked[i], "198.51.100.0/24") == 0;
		has_lo |= strcmp(blocked[i], "127.0.0.0/8") == 0;
	}
	CHECK(!has_doc4 && has_lo);

	CHECK(net_targets_allow(t, "10.0.0.0/33", err, sizeof(err)) != 0);
	CHECK(strstr(err, "10.0.0.0/33") != NULL);
	CHECK(net_targets_allow(t, "a,b", err, sizeof(err)) != 0);
	CHECK(net_targets_allow(t, "10.0.0.0/8,", err, sizeof(err)) != 0);
	CHECK(net_targets_allow(t, "10.1.2.3", err, sizeof(err)) == 0);
	CHECK(permits(t, "10.1.2.3"));
	CHECK(!permits(t, "10.1.2.4"));
	net_targets_free(t);
	/* the edges of 2001:db8::/32 and 198.51.100.0/24 */
	CHECK(special("2001:db9::1") == NULL);
	CHECK(special("2001:db7:ffff::1") == NULL);
	CHECK(special("198.51.101.1") == NULL);
	CHECK(special("198.51.99.255") == NULL);
}

static void
test_auth(void)
{
	char h1[AUTH_HASH_MAX], h2[AUTH_HASH_MAX];
	struct auth_cache *c = auth_cache_new(60);

	CHECK(auth_hash("correct horse", h1) == 0);
	CHECK(auth_hash("correct horse", h2) == 0);
	CHECK(strncmp(h1, "$scrypt$ln=15,r=8,p=1$", 22) == 0);
	CHECK(strstr(h1, "correct") == NULL);
	CHECK(strcmp(h1, h2) != 0);                     /* salted */
	CHECK(auth_verify("correct horse", h1) == 1);
	CHECK(auth_verify("correct horse", h2) == 1);
	CHECK(auth_verify("correct horsE", h1) == 0);
	CHECK(auth_verify("", h1) == 0);
	CHECK(auth_verify("x", "plaintext") == -1);
	CHECK(auth_verify("x", "$scrypt$ln=15,r=8,p=1$$") == -1);
	CHECK(auth_verify("x", "$scrypt$ln=99,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=") == -1);

	CHECK(c != NULL);
	CHECK(!auth_cache_hit(c, "u", "correct horse", h1));
	auth_cache_put(c, "u", "correct horse", h1);
	CHECK(auth_cache_hit(c, "u", "correct horse", h1));
	CHECK(!auth_cache_hit(c, "u", "wrong", h1));
	CHECK(!auth_cache_hit(c, "v", "correct horse", h1));
	CHECK(!auth_cache_hit(c, "u", "correct horse", h2)); /* hash changed */
	auth_cache_free(c);
}

static void
test_domain(void)
{
	char out[256];
	const char *why = NULL;

	CHECK(serve_domain("Example.NL.", out, &why) == 0);
	CHECK_STR(out, "example.nl");
	CHECK(serve_domain("  good.test\n", out, &why) == 0);
	CHECK_STR(out, "good.test");
	CHECK(serve_domain("https://WWW.example.nl/path?q", out, &why) == 0);
	CHECK_STR(out, "www.example.nl");
	CHECK(serve_domain("", out, &why) != 0 && why != NULL);
	CHECK(serve_domain("localhost", out, &why) != 0);
	CHECK(strstr(why, "no dot") != NULL);
	CHECK(serve_domain("not a domain", out, &why) != 0);
	CHECK(serve_domain("a,b.nl", out, &why) != 0);
	CHECK(serve_domain("a..b", out, &why) != 0);
	CHECK(serve_domain("<script>.nl", out, &why) != 0);
}

static void
test_form(void)
{
	const char *b = "x=1&domain=https%3A%2F%2Fgood.test%2F&y=a+b";
	char out[64];

	CHECK(form_field(b, strlen(b), "domain", out, sizeof(out)) == 0);
	CHECK_STR(out, "https://good.test/");
	CHECK(form_field(b, strlen(b), "y", out, sizeof(out)) == 0);
	CHECK_STR(out, "a b");
	CHECK(form_field(b, strlen(b), "z", out, sizeof(out)) != 0);
	CHECK(form_field(b, strlen(b), "domain", out, 5) != 0);   /* too long */
	CHECK(form_field("domainx=1", 9, "domain", out, sizeof(out)) != 0);
	CHECK(form_field("domain=", 7, "domain", out, sizeof(out)) == 0);
	CHECK_STR(out, "");
}

static void
submit_bad(const char *body, const char *want)
{
	struct api_submit s;
	char msg[400] = "";
	int oom;

	CHECK(api_submit_parse(body, strlen(body), 3, &s, msg, sizeof(msg),
	    &oom) != 0);
	CHECK(!oom);
	if (strstr(msg, want) == NULL)
		fprintf(stderr, "message \"%s\" lacks \"%s\"\n", msg, want);
	CHECK(strstr(msg, want) != NULL);
}

static void
test_submit(void)
{
	const char *ok = "{\"type\":\"mail\",\"name\":\"run 1\",\"domains\":"
	    "[\"B.test\",\"a.test\",\"b.test.\",\"https://a.test/x\"]}";
	struct api_submit s;
	char msg[400];
	int oom;

	CHECK(api_submit_parse(ok, strlen(ok), 5, &s, msg, sizeof(msg),
	    &oom) == 0);
	CHECK_STR(s.type, "mail");
	CHECK_STR(s.name, "run 1");
	CHECK(s.n == 2);                     /* duplicates merged, order kept */
	if (s.n == 2) {
		CHECK_STR(s.domains[0], "b.test");
		CHECK_STR(s.domains[1], "a.test");
	}
	api_submit_clear(&s);

	submit_bad("", "not a JSON object");
	submit_bad("[1]", "not a JSON object");
	submit_bad("{\"domains\":[\"a.b\"]}", "\"type\"");
	submit_bad("{\"type\":\"ftp\",\"domains\":[\"a.b\"]}", "\"type\"");
	submit_bad("{\"type\":\"web\"}", "\"domains\"");
	submit_bad("{\"type\":\"web\",\"domains\":[]}", "non-empty");
	submit_bad("{\"type\":\"web\",\"domains\":\"a.b\"}", "\"domains\"");
	submit_bad("{\"type\":\"web\",\"domains\":[5]}", "domains[0] is not");
	submit_bad("{\"type\":\"web\",\"domains\":[\"a.b\",\"x y\"]}", "domains[1]");
	submit_bad("{\"type\":\"web\",\"name\":5,\"domains\":[\"a.b\"]}", "\"name\"");
	submit_bad("{\"type\":\"web\",\"domains\":[\"a.b\",\"c.d\",\"e.f\",\"g.h\"]}",
	    "at most 3");
	submit_bad("{\"type\":\"web\",\"type\":\"mail\",\"domains\":[\"a.b\"]}",
	    "not a JSON object");
}

int
main(void)
{
	test_specials();
	test_policy();
	test_auth();
	test_domain();
	test_form();
	test_submit();
	return unit_done("test_web");
}
