/*
 * explain.c: what each test checks, why it matters, what a pass means and
 * how to fix a failure, in report order. See explain.h.
 *
 * Texts that several tests share (the same advice for a web and a mail
 * variant) are macros below, so that the table keeps one entry per test.
 * Examples use example.nl, the documentation prefixes 192.0.2.0/24 and
 * 2001:db8::/32, and the documentation AS 64500.
 */
#include <string.h>

#include "checks/explain.h"

/* ---- shared texts ---- */

#define WHY_NS_IPV6 \
	"Resolvers that only have IPv6 can look up your domain only through " \
	"name servers with an IPv6 address. With two or more of them, one " \
	"failing server does not make the domain unreachable over IPv6."

#define FIX_NS_IPV6 \
	"Ask your DNS hosting provider for name servers with IPv6; most " \
	"providers have them. If you run your own name servers, give each an " \
	"IPv6 address, publish it, and have the registrar add IPv6 glue for " \
	"name servers that sit inside your own domain:\n" \
	"ns1.example.nl. IN AAAA 2001:db8:10::53\n" \
	"ns2.example.nl. IN AAAA 2001:db8:20::53"

#define WHY_NS_REACH \
	"A published IPv6 address that does not answer makes resolvers wait " \
	"and retry, which slows lookups of your domain down or makes them " \
	"fail. A server that answers REFUSED or SERVFAIL for your domain is " \
	"not serving it at all."

#define FIX_NS_REACH \
	"Check that the name server listens on its IPv6 address (BIND: " \
	"listen-on-v6 { any; };), that firewalls allow UDP and TCP port 53 " \
	"over IPv6, and that the server is authoritative for your zone. Test " \
	"every address from outside your network:\n" \
	"    dig @2001:db8:10::53 example.nl SOA +norecurse\n" \
	"If a provider runs the name servers, send them the address that " \
	"fails."

#define FIX_DNSSEC_SIGN \
	"Ask your DNS hosting provider to turn on DNSSEC; most do it with one " \
	"setting and pass the DS record to the registrar themselves. On your " \
	"own name servers, sign the zone:\n" \
	"    BIND 9.16+: dnssec-policy default; in the zone statement\n" \
	"    Knot DNS: dnssec-signing: on in the zone section\n" \
	"    PowerDNS: pdnsutil secure-zone example.nl\n" \
	"    BIND tools by hand: dnssec-keygen (a KSK and a ZSK), then " \
	"dnssec-signzone -S -o example.nl db.example.nl\n" \
	"Then give the DS record to your registrar. Get it with: " \
	"dig @ns1.example.nl example.nl DNSKEY | dnssec-dsfromkey -f - " \
	"example.nl (Knot: keymgr example.nl ds; PowerDNS: pdnsutil " \
	"export-zone-ds example.nl)."

#define WHY_DNSSEC_VALID \
	"A signed zone whose signatures fail (bogus) is worse off than an " \
	"unsigned one: validating resolvers, which serve a large share of " \
	"Internet users, refuse to answer for it, so for those users the " \
	"name stops working."

#define FIX_DNSSEC_VALID_CAUSES \
	"- the signatures expired because re-signing stopped: restart or " \
	"repair the signer;\n" \
	"- the DS record at the registrar matches no current DNSKEY, often " \
	"after a key change or a move to another DNS provider: publish the " \
	"right DS, or remove it until signing works again;\n" \
	"- the name servers serve different copies of the zone: repair the " \
	"zone transfers.\n" \
	"See where the chain of trust breaks with delv example.nl SOA +vtrace " \
	"or at dnsviz.net. Change DNS providers with a proper key rollover."

#define FIX_DNSSEC_VALID "The usual causes:\n" FIX_DNSSEC_VALID_CAUSES

#define WHY_DNSSEC_ALGO \
	"Old algorithms such as RSA/MD5, DSA and RSA/SHA-1 no longer give " \
	"enough protection, and some validators already treat zones signed " \
	"only with them as unsigned. NSEC3 with extra iterations or a salt " \
	"costs resolvers work without making the zone harder to list."

#define GOOD_DNSSEC_ALGO \
	"The zone is signed with current algorithms, its DS records use " \
	"SHA-256 or SHA-384, and NSEC3 (if used) has no extra iterations " \
	"and no salt."

#define FIX_DNSSEC_ALGO \
	"Move to algorithm 13 (ECDSAP256SHA256) or 15 (Ed25519) with an " \
	"algorithm rollover; many DNS providers offer this as a setting.\n" \
	"    BIND: in dnssec-policy, keys { csk lifetime unlimited algorithm " \
	"ecdsap256sha256; };\n" \
	"    Knot DNS: algorithm: ecdsap256sha256 in the policy section\n" \
	"    PowerDNS: pdnsutil add-zone-key example.nl ksk active ecdsa256, " \
	"then retire the old keys step by step\n" \
	"Ask the registrar for a DS with digest type 2 (SHA-256) and remove " \
	"SHA-1 DS records. For NSEC3 use 0 iterations and no salt " \
	"(PowerDNS: pdnsutil set-nsec3 example.nl '1 0 0 -'; Knot: " \
	"nsec3-iterations: 0 and nsec3-salt-length: 0)."

/* The attack a certificate authority restriction (CAA) prevents. */
#define WHY_CAA \
	"CAA (RFC 8659) tells certificate authorities which of them may " \
	"issue certificates for a domain; the others must refuse. That makes " \
	"it harder for an attacker to get a certificate for your name from " \
	"a careless or deceived CA."

#define FIX_CAA_RECORDS \
	"example.nl. IN CAA 0 issue \"letsencrypt.org\"\n" \
	"example.nl. IN CAA 0 issue \"sectigo.com\"\n" \
	"example.nl. IN CAA 0 issuewild \";\"\n" \
	"example.nl. IN CAA 0 iodef \"mailto:security@example.nl\"\n" \
	"Name every CA you use (each CA documents the value for issue). The " \
	"issuewild line forbids wildcard certificates; leave it out if you " \
	"use them. Records at example.nl also cover its subdomains unless a " \
	"subdomain has CAA records of its own."

#define FIX_PUBKEY_NEW_KEY \
	"Create a new key and get a new certificate for it, for example an " \
	"ECDSA P-256 key:\n" \
	"    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 " \
	"-out server.key\n" \
	"    openssl req -new -key server.key -subj /CN=example.nl -out " \
	"server.csr\n" \
	"With certbot: --key-type ecdsa --elliptic-curve secp256r1, or " \
	"--key-type rsa --rsa-key-size 3072. A weak key on an intermediate " \
	"certificate can only be avoided by choosing another chain or CA."

#define WHY_PUBKEY \
	"The certificate's key is what an attacker must break to " \
	"impersonate the server. RSA keys below 2048 bits and DSA keys are " \
	"within reach of well-funded attackers or refused by clients; " \
	"2048-bit RSA still passes but is being phased out."

#define GOOD_PUBKEY \
	"Every key is strong: RSA of 3072 bits or more, ECDSA on P-256, " \
	"P-384, P-521 or a brainpool curve, or Ed25519/Ed448 (2048-bit RSA " \
	"gives a warning)."

#define WHY_SIG \
	"A signature over a weak hash such as SHA-1 or MD5 can be forged " \
	"with a collision attack, as has been done in practice for both, " \
	"so an attacker could make a certificate that seems to be signed by " \
	"a trusted CA."

#define GOOD_SIG \
	"Every certificate is signed with SHA-256, SHA-384, SHA-512, " \
	"Ed25519 or Ed448."

#define WHY_COMPRESS \
	"Compressing data before encrypting it lets an attacker who can add " \
	"text to the traffic learn secrets, such as session cookies, from " \
	"the size of the encrypted records (the CRIME attack)."

#define WHY_SECRENEG \
	"Without the secure renegotiation extension, an attacker in the " \
	"middle can put their own data in front of a victim's session, and " \
	"the server treats it as sent by the victim (CVE-2009-3555)."

#define WHY_EMS \
	"Without it, an attacker in the middle can make two separate " \
	"connections end up with the same keys, and then slip into the " \
	"victim's session on resumption or renegotiation (the triple " \
	"handshake attack)."

#define WHY_KEXHASH \
	"The signature over the key exchange is what stops an attacker from " \
	"putting in their own keys. SHA-1 collisions can be computed, so a " \
	"signature that relies on SHA-1 gives weaker proof that the key " \
	"exchange is genuine."

#define SIGALGS \
	"ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:ed25519:rsa_pss_rsae_sha256:" \
	"rsa_pss_rsae_sha384:rsa_pss_rsae_sha512:RSA+SHA256:RSA+SHA384:" \
	"RSA+SHA512"

#define WHY_CIPHERORDER \
	"If the server follows the client's preference, an old or " \
	"manipulated client can end up with a weaker suite although both " \
	"sides support a stronger one. When the server decides, every " \
	"capable client gets the best suite on offer."

#define GOOD_CIPHERORDER \
	"The server prefers its strongest suites, or it accepts only good " \
	"and sufficient suites, so the order does not matter."

#define GOOD_KEYEXCHANGE \
	"Every accepted group is good: X25519, X448, NIST P-256, P-384 or " \
	"P-521, a brainpool curve, or a hybrid post-quantum group."

#define WHY_KEYEXCHANGE \
	"The key exchange protects the session keys, so a weak group " \
	"undermines even a strong cipher. Small finite-field groups, " \
	"self-made DH primes and uncommon curves fall below today's safety " \
	"margin or cannot be checked by clients."

/* RPKI: the same advice for every set of addresses. */
#define WHY_RPKI_VALID \
	"Networks that enforce RPKI drop routes that are invalid, so their " \
	"users cannot reach addresses announced that way. An invalid route " \
	"can also be the sign of a hijack in progress."

#define FIX_ROA_EXISTS(holder) \
	"A ROA is created by the holder of the address block, usually " holder \
	": ask them to publish ROAs. If your organisation holds the " \
	"addresses itself, create the ROAs in your RIR's portal (RIPE NCC: " \
	"the RPKI dashboard in my.ripe.net) with the prefix exactly as it " \
	"is announced in BGP, the AS that originates it, and a maxLength " \
	"equal to the announced prefix length:\n" \
	"    prefix 192.0.2.0/24, origin AS64500, maxLength 24\n" \
	"    prefix 2001:db8::/32, origin AS64500, maxLength 32"

#define FIX_ROA_VALID(holder) \
	"Compare the routes with the ROAs (for example with RIPEstat or a " \
	"validator such as Routinator) and correct the mismatch, yourself " \
	"or through " holder ":\n" \
	"- a new or extra origin AS, such as a DDoS protection service, " \
	"needs a ROA of its own;\n" \
	"- a more specific prefix (a /24 out of a /22) needs a ROA for that " \
	"prefix;\n" \
	"- a route that no ROA covers (not found) needs one: see the exists " \
	"test.\n" \
	"Keep maxLength equal to the announced prefix length (RFC 9319): a " \
	"longer one lets a hijacker announce a more specific route with " \
	"your AS as its origin."

#define GOOD_RPKI_VALID(what) \
	"Every route to " what " is valid: its prefix and origin AS match " \
	"a ROA."

#define FIX_HTTPS_CERT_CHAIN_TEST \
	"Check what the server sends with: openssl s_client -connect " \
	"example.nl:443 -servername example.nl -showcerts"

/* ---- the tests, in report order ---- */

const struct chk_explain chk_explanations[] = {
	/* web_ipv6 */
	{
		.name = "web_ipv6_ns_address",
		.what = "Checks that at least two of the name servers of your "
		    "domain have an IPv6 address (an AAAA record).",
		.why = WHY_NS_IPV6,
		.good = "At least two name servers of your domain have an IPv6 "
		    "address.",
		.fix = FIX_NS_IPV6,
	},
	{
		.name = "web_ipv6_ns_reach",
		.what = "Sends a DNS query for your domain to every IPv6 address "
		    "of every name server and checks that each one answers "
		    "(over UDP, and over TCP when the reply is too large).",
		.why = WHY_NS_REACH,
		.good = "Every IPv6 address of your name servers answers queries "
		    "for your domain.",
		.fix = FIX_NS_REACH,
	},
	{
		.name = "web_ipv6_ws_address",
		.what = "Checks that the name of your website has at least one "
		    "IPv6 address (an AAAA record). IPv4-mapped addresses "
		    "(::ffff:a.b.c.d) do not count.",
		.why = "Without an AAAA record, visitors on IPv6-only networks "
		    "reach your site only through translation services of "
		    "their provider, if at all. With one, every visitor can "
		    "connect directly.",
		.good = "Your website's name has at least one IPv6 address.",
		.fix = "Give the web server an IPv6 address (your hosting "
		    "provider can do this if you do not manage the server), "
		    "make the web server listen on it, and publish it next to "
		    "the A records:\n"
		    "example.nl.     IN AAAA 2001:db8::80\n"
		    "www.example.nl. IN AAAA 2001:db8::80\n"
		    "nginx needs listen [::]:80; and listen [::]:443 ssl; in "
		    "each server block. Apache's Listen 80 and Listen 443 "
		    "without an address already cover IPv6.",
	},
	{
		.name = "web_ipv6_ws_reach",
		.what = "Connects to every IPv6 address of your website on "
		    "port 80 (HTTP) and port 443 (HTTPS) and checks that each "
		    "address accepts a connection on at least one of them.",
		.why = "Browsers that prefer IPv6 try the IPv6 address first. "
		    "When it does not answer, visitors wait while the browser "
		    "falls back to IPv4, or get an error if they have no IPv4 "
		    "at all.",
		.good = "Every IPv6 address of your website accepts connections "
		    "on port 80 or 443.",
		.fix = "Make sure the web server listens on IPv6 and that "
		    "firewalls and security groups allow TCP ports 80 and 443 "
		    "over IPv6.\n"
		    "nginx, in each server block:\n"
		    "    listen [::]:80;\n"
		    "    listen [::]:443 ssl;\n"
		    "Apache: Listen 80 and Listen 443 without an address cover "
		    "IPv6 too.\n"
		    "Test from a host with IPv6: curl -6 -I https://example.nl/\n"
		    "Remove AAAA records of addresses that cannot be repaired.",
	},
	{
		.name = "web_ipv6_ws_similar",
		.what = "Compares what your website returns over IPv6 with what "
		    "it returns over IPv4: which of ports 80 and 443 answer, "
		    "the HTTP status codes, and the content of the page.",
		.why = "When the IPv6 address leads to another or an outdated "
		    "server, visitors get a different site depending on their "
		    "network, which is easy to miss and hard to debug. Often "
		    "it is the default page of a forgotten server.",
		.good = "Your website answers the same over IPv4 and IPv6, with "
		    "pages that differ by at most 10 %.",
		.fix = "Point the A and AAAA records at the same website: put "
		    "the IPv6 address on the same server, load balancer or CDN "
		    "as the IPv4 address, in the same virtual host (nginx: one "
		    "server block with both listen 443 ssl; and listen "
		    "[::]:443 ssl;). Then compare the two:\n"
		    "    curl -4 -sI https://example.nl/\n"
		    "    curl -6 -sI https://example.nl/",
	},

	/* web_dnssec */
	{
		.name = "web_dnssec_exist",
		.what = "Checks whether your domain is signed with DNSSEC, with "
		    "a chain of trust from the DNS root down to your domain.",
		.why = "Without DNSSEC a resolver cannot tell a genuine answer "
		    "from a forged one, so a poisoned cache or a manipulated "
		    "network can send your visitors to a server of an "
		    "attacker's choice.",
		.good = "Your domain is signed with DNSSEC.",
		.fix = FIX_DNSSEC_SIGN,
	},
	{
		.name = "web_dnssec_valid",
		.what = "Checks that the DNSSEC signatures of your domain "
		    "validate: a validating resolver follows the chain of "
		    "trust from the root and accepts the answer as authentic.",
		.why = WHY_DNSSEC_VALID,
		.good = "The signatures validate, so answers for your domain "
		    "are marked secure.",
		.fix = FIX_DNSSEC_VALID,
	},
	{
		.name = "web_dnssec_algo",
		.what = "Checks the algorithms that sign the zone of your domain "
		    "(DNSKEY), the digests of its DS records and its NSEC3 "
		    "settings, following RFC 8624 and RFC 9276.",
		.why = WHY_DNSSEC_ALGO,
		.good = GOOD_DNSSEC_ALGO,
		.fix = FIX_DNSSEC_ALGO,
	},

	/* web_https */
	{
		.name = "web_https_http_available",
		.what = "Checks that every IP address of your website offers "
		    "HTTPS: a TLS connection on port 443 followed by an HTTP "
		    "answer.",
		.why = "Plain HTTP can be read and changed by anyone on the "
		    "network path, from a public Wi-Fi hotspot to a hacked "
		    "router. HTTPS encrypts the traffic and lets the browser "
		    "check that it reached the real site.",
		.good = "Every address of your website answers over HTTPS.",
		.fix = "Get a certificate (free from Let's Encrypt, for example "
		    "certbot --nginx -d example.nl -d www.example.nl) and "
		    "enable TLS on port 443.\n"
		    "nginx:\n"
		    "    listen 443 ssl;\n"
		    "    listen [::]:443 ssl;\n"
		    "    ssl_certificate     /etc/ssl/example.nl/fullchain.pem;\n"
		    "    ssl_certificate_key /etc/ssl/example.nl/privkey.pem;\n"
		    "Apache (mod_ssl), in <VirtualHost *:443>:\n"
		    "    SSLEngine on\n"
		    "    SSLCertificateFile    /etc/ssl/example.nl/fullchain.pem\n"
		    "    SSLCertificateKeyFile /etc/ssl/example.nl/privkey.pem",
	},
	{
		.name = "web_https_http_redirect",
		.what = "Requests http://your-name/ on every address and checks "
		    "that the first answer redirects to https:// on the same "
		    "name and that no later redirect leads back to plain HTTP. "
		    "An address with nothing on port 80 passes.",
		.why = "Visitors who type the name without https:// or follow an "
		    "old link start on plain HTTP, where an attacker can catch "
		    "them before they reach the secure site. A first hop to "
		    "HTTPS on the same name also lets that name's HSTS policy "
		    "be set.",
		.good = "Plain HTTP requests are sent straight to HTTPS on the "
		    "same name.",
		.fix = "nginx:\n"
		    "    server {\n"
		    "        listen 80;\n"
		    "        listen [::]:80;\n"
		    "        server_name example.nl;\n"
		    "        return 301 https://example.nl$request_uri;\n"
		    "    }\n"
		    "Apache, in <VirtualHost *:80> with ServerName example.nl:\n"
		    "    Redirect permanent / https://example.nl/\n"
		    "Send visitors on to another name (such as www) only after "
		    "this first hop to HTTPS.",
	},
	{
		.name = "web_https_http_hsts",
		.what = "Reads the Strict-Transport-Security (HSTS, RFC 6797) "
		    "header of https://your-name/ and checks that it is valid "
		    "and that max-age is at least one year (31536000 seconds).",
		.why = "HSTS makes browsers use only HTTPS for your site for the "
		    "given time, so later visits never start on plain HTTP, "
		    "where an attacker could intercept or strip the secure "
		    "connection. A short max-age lets the protection lapse "
		    "between visits.",
		.good = "Browsers are told to use only HTTPS for your site for "
		    "at least a year.",
		.fix = "Send the header on every HTTPS response; add "
		    "includeSubDomains only when every subdomain works over "
		    "HTTPS.\n"
		    "nginx:\n"
		    "    add_header Strict-Transport-Security \"max-age=31536000; "
		    "includeSubDomains\" always;\n"
		    "Apache (mod_headers):\n"
		    "    Header always set Strict-Transport-Security "
		    "\"max-age=31536000; includeSubDomains\"\n"
		    "Send one header with each directive once: browsers ignore "
		    "a malformed one.",
	},
	{
		.name = "web_https_http_compress",
		.what = "Checks whether your website compresses its HTTPS "
		    "responses (a Content-Encoding such as gzip or br).",
		.why = "When a page holds both a secret (such as an anti-forgery "
		    "token) and text an attacker can influence, compression can "
		    "reveal the secret through the size of the encrypted "
		    "responses (the BREACH attack). Whether that matters "
		    "depends on the page, so this is informational.",
		.good = "The HTTPS response is not compressed.",
		.fix = "If pages mix secrets with input from the request, switch "
		    "HTTP compression off for them, or protect the secrets "
		    "instead (tokens masked anew on every response, SameSite "
		    "cookies). Static files without secrets may stay "
		    "compressed.\n"
		    "nginx, in the location of the dynamic pages:\n"
		    "    gzip off;\n"
		    "Apache, in the matching <Location>:\n"
		    "    SetEnv no-gzip 1",
	},
	{
		.name = "web_https_tls_version",
		.what = "Checks which versions of SSL and TLS your web server "
		    "accepts, from SSL 2.0 up to TLS 1.3.",
		.why = "SSL 2.0, SSL 3.0, TLS 1.0 and TLS 1.1 have known "
		    "weaknesses (such as POODLE and BEAST) and are deprecated "
		    "(RFC 8996). Accepting them lets an attacker push a "
		    "connection down to a version that can be broken.",
		.good = "Your server accepts only TLS 1.3 and TLS 1.2, the "
		    "versions considered safe (1.2 alone also passes).",
		.fix = "nginx:\n"
		    "    ssl_protocols TLSv1.2 TLSv1.3;\n"
		    "Apache:\n"
		    "    SSLProtocol -all +TLSv1.2 +TLSv1.3\n"
		    "Set it globally or in every server block or virtual host on "
		    "the same address: the default one can decide for all. "
		    "TLS 1.3 needs OpenSSL 1.1.1 or later; upgrade older "
		    "software.",
	},
	{
		.name = "web_https_tls_ciphers",
		.what = "Checks every cipher suite your web server accepts, on "
		    "every TLS version, against the NCSC-NL guidelines: good, "
		    "sufficient, phase-out or insufficient.",
		.why = "A cipher suite fixes how the connection is encrypted "
		    "and protected. Suites with RC4, 3DES, CBC with SHA-1, "
		    "export-grade keys or plain RSA key exchange have practical "
		    "attacks or lack forward secrecy; an attacker who forces "
		    "one can read or alter the traffic.",
		.good = "Every cipher suite your server accepts is rated good or "
		    "sufficient.",
		.fix = "On TLS 1.2 allow only ECDHE suites with AES-GCM or "
		    "ChaCha20; OpenSSL's TLS 1.3 defaults are fine.\n"
		    "nginx:\n"
		    "    ssl_ciphers ECDHE-ECDSA-AES256-GCM-SHA384:"
		    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
		    "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:"
		    "ECDHE-RSA-AES128-GCM-SHA256;\n"
		    "Apache:\n"
		    "    SSLCipherSuite ECDHE-ECDSA-AES256-GCM-SHA384:"
		    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
		    "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:"
		    "ECDHE-RSA-AES128-GCM-SHA256\n"
		    "Do not enable TLS_AES_128_CCM_8_SHA256 for TLS 1.3.",
	},
	{
		.name = "web_https_tls_cipherorder",
		.what = "When your server accepts both strong and weaker cipher "
		    "suites on one TLS version, checks that the server chooses "
		    "(not the client) and ranks every good or sufficient suite "
		    "above every weaker one.",
		.why = WHY_CIPHERORDER,
		.good = GOOD_CIPHERORDER,
		.fix = "Put the strongest suites first and let the server "
		    "enforce its order, or remove the weaker suites altogether "
		    "(see the cipher suite test).\n"
		    "nginx:\n"
		    "    ssl_prefer_server_ciphers on;\n"
		    "Apache:\n"
		    "    SSLHonorCipherOrder on",
	},
	{
		.name = "web_https_tls_keyexchange",
		.what = "Checks the parameters of every ephemeral key exchange "
		    "your server accepts: the elliptic curves and groups of "
		    "ECDHE and TLS 1.3, and the finite-field groups of DHE.",
		.why = WHY_KEYEXCHANGE,
		.good = GOOD_KEYEXCHANGE,
		.fix = "Offer only strong curves, and leave DHE out unless old "
		    "clients need it. Setting the list also removes the "
		    "finite-field groups OpenSSL 3 offers in TLS 1.3 by default.\n"
		    "nginx (without ssl_dhparam, DHE stays off):\n"
		    "    ssl_ecdh_curve X25519:prime256v1:secp384r1;\n"
		    "Apache (and add !kDHE to SSLCipherSuite):\n"
		    "    SSLOpenSSLConfCmd Curves X25519:prime256v1:secp384r1\n"
		    "To keep DHE, use an RFC 7919 group of 3072 bits or more "
		    "(ffdhe3072), never a self-generated one; it is still "
		    "rated phase-out.",
	},
	{
		.name = "web_https_tls_keyexchangehash",
		.what = "On TLS 1.2, checks whether your server still signs its "
		    "key exchange with SHA-1 (or SHA-224) when a client offers "
		    "only those hashes. On TLS 1.0 and 1.1 that signature "
		    "always involves SHA-1, so they fail.",
		.why = WHY_KEXHASH,
		.good = "Your server refuses to sign its key exchange with SHA-1 "
		    "or SHA-224, or accepts only TLS 1.3.",
		.fix = "Switch off TLS 1.0 and 1.1 (see the version test) and "
		    "allow only SHA-2 signature algorithms (nginx 1.19.4+ and "
		    "OpenSSL 1.1.1+):\n"
		    "nginx:\n"
		    "    ssl_conf_command SignatureAlgorithms " SIGALGS ";\n"
		    "Apache:\n"
		    "    SSLOpenSSLConfCmd SignatureAlgorithms " SIGALGS,
	},
	{
		.name = "web_https_tls_compress",
		.what = "Checks whether your server accepts compression at the "
		    "TLS level.",
		.why = WHY_COMPRESS,
		.good = "Your server refuses TLS compression (TLS 1.3 has none).",
		.fix = "Current web servers and OpenSSL versions do not compress "
		    "TLS. Upgrade an old nginx or OpenSSL; in Apache make sure "
		    "it is off:\n"
		    "    SSLCompression off\n"
		    "Check load balancers and appliances in front of the server "
		    "as well.",
	},
	{
		.name = "web_https_tls_secreneg",
		.what = "Checks that your server supports secure renegotiation "
		    "(RFC 5746) on TLS 1.2 and older versions.",
		.why = WHY_SECRENEG,
		.good = "Your server supports secure renegotiation, or accepts "
		    "only TLS 1.3, which has no renegotiation.",
		.fix = "Every TLS library released since 2010 supports RFC 5746, "
		    "so a failure points to very old software: upgrade the web "
		    "server and OpenSSL, or the firmware of the load balancer "
		    "or appliance in front of them. In Apache, leave "
		    "SSLInsecureRenegotiation off (the default).",
	},
	{
		.name = "web_https_tls_clientreneg",
		.what = "Checks whether your server lets the client start a "
		    "renegotiation (a new handshake inside an open connection) "
		    "on TLS 1.2 and older versions.",
		.why = "A handshake costs the server far more work than the "
		    "client, so a client that may renegotiate at will can keep "
		    "a server busy with little effort (denial of service). "
		    "Normal clients hardly ever need it.",
		.good = "Your server refuses renegotiation started by the "
		    "client, or accepts only TLS 1.3.",
		.fix = "nginx refuses client renegotiation by itself; so does "
		    "any server built on OpenSSL 3. With older OpenSSL, "
		    "upgrade, or set SSL_OP_NO_RENEGOTIATION (OpenSSL 1.1.0h+) "
		    "in software that offers it. In Apache, avoid per-directory "
		    "SSLVerifyClient and SSLCipherSuite settings, which make "
		    "the server renegotiate.",
	},
	{
		.name = "web_https_tls_extendedmastersecret",
		.what = "Checks that your server uses the extended master secret "
		    "(RFC 7627) on TLS 1.2 and older versions, which ties the "
		    "session keys to the whole handshake.",
		.why = WHY_EMS,
		.good = "Your server uses the extended master secret, or accepts "
		    "only TLS 1.3, where it is built in.",
		.fix = "OpenSSL has supported it since 1.1.0 and uses it by "
		    "default, as do other current TLS libraries. A failure "
		    "means an old library or an explicit opt-out: upgrade "
		    "OpenSSL (and the web server with it), drop options that "
		    "disable it (SSL_OP_NO_EXTENDED_MASTER_SECRET), or update "
		    "the load balancer or appliance in front.",
	},
	{
		.name = "web_https_tls_0rtt",
		.what = "Checks whether your server accepts TLS 1.3 early data "
		    "(0-RTT): data a returning client sends before the "
		    "handshake is complete.",
		.why = "Early data can be recorded and replayed by an attacker, "
		    "and the server cannot tell the copy from the original. A "
		    "replayed request that changes something, such as an order "
		    "or a form, would be carried out twice.",
		.good = "Your server does not accept 0-RTT early data.",
		.fix = "nginx:\n"
		    "    ssl_early_data off;   # the default\n"
		    "Apache's mod_ssl does not offer early data. On CDNs and "
		    "load balancers, switch off 0-RTT or early data in the TLS "
		    "settings. If it must stay, the application has to refuse "
		    "replays, for example with 425 Too Early for requests "
		    "marked Early-Data: 1 (RFC 8470).",
	},
	{
		.name = "web_https_tls_ocsp",
		.what = "When your certificate names an OCSP responder, checks "
		    "that the server staples a current, correctly signed OCSP "
		    "response (proof that the certificate is not revoked) to "
		    "the handshake.",
		.why = "Without stapling, a browser that wants to check "
		    "revocation must ask the CA itself, which is slow, tells "
		    "the CA which sites the user visits, and is skipped when "
		    "the CA does not answer. A stapled response hands over "
		    "that proof at once.",
		.good = "The server staples a valid OCSP response that says the "
		    "certificate is good.",
		.fix = "nginx:\n"
		    "    ssl_stapling on;\n"
		    "    ssl_stapling_verify on;\n"
		    "    ssl_trusted_certificate /etc/ssl/example.nl/chain.pem;\n"
		    "    resolver 192.0.2.53;   # your DNS resolver\n"
		    "Apache (the cache line outside any <VirtualHost>):\n"
		    "    SSLStaplingCache shmcb:/var/run/ocsp(128000)\n"
		    "    SSLUseStapling on\n"
		    "The server must be able to reach the CA's OCSP responder. "
		    "A certificate without an OCSP address needs nothing.",
	},
	{
		.name = "web_https_tls_caa",
		.what = "Looks up the CAA records of your domain, climbing to "
		    "parent domains if needed, and checks that they are "
		    "well-formed and name at least one CA in an issue or "
		    "issuewild property.",
		.why = WHY_CAA,
		.good = "Valid CAA records say which CAs may issue certificates "
		    "for your domain.",
		.fix = "Publish CAA records for every CA you use, and an address "
		    "for reports:\n"
		    FIX_CAA_RECORDS,
	},
	{
		.name = "web_https_cert_chain",
		.what = "Checks that the certificate chain your server sends "
		    "leads to a root CA that browsers trust, and that the "
		    "certificates are within their validity period.",
		.why = "Browsers show a full-page warning for an untrusted, "
		    "expired or incomplete chain. Visitors who learn to click "
		    "through such warnings can no longer tell your site from "
		    "an attacker's.",
		.good = "The certificate chain is complete and trusted.",
		.fix = "Use a certificate from a publicly trusted CA, renew it "
		    "automatically before it expires (certbot or another ACME "
		    "client), and send the intermediate certificates with it:\n"
		    "nginx: ssl_certificate must point to the full chain "
		    "(fullchain.pem), not to the server certificate alone.\n"
		    "Apache 2.4.8+: SSLCertificateFile "
		    "/etc/ssl/example.nl/fullchain.pem\n"
		    FIX_HTTPS_CERT_CHAIN_TEST,
	},
	{
		.name = "web_https_cert_pubkey",
		.what = "Checks the type and size of the public key of every "
		    "certificate your server sends, except the root.",
		.why = WHY_PUBKEY,
		.good = GOOD_PUBKEY,
		.fix = FIX_PUBKEY_NEW_KEY,
	},
	{
		.name = "web_https_cert_sig",
		.what = "Checks the hash algorithm of the signature on every "
		    "certificate your server sends, except the root.",
		.why = WHY_SIG,
		.good = GOOD_SIG,
		.fix = "Request a new certificate; public CAs all sign with "
		    "SHA-256 or stronger today. If the weak signature is on an "
		    "intermediate, install the CA's current intermediate chain "
		    "instead of an old copy (nginx: the file in ssl_certificate; "
		    "Apache: SSLCertificateFile). Roots are not judged: clients "
		    "trust them because they are in their store, not because "
		    "of their signature.",
	},
	{
		.name = "web_https_cert_domain",
		.what = "Checks that the certificate is valid for the tested "
		    "name, through its Subject Alternative Names and the usual "
		    "wildcard rules.",
		.why = "A browser accepts a certificate only for the names "
		    "listed in it. A mismatch causes a warning that visitors "
		    "may learn to ignore, which is exactly what an attacker "
		    "with a certificate for another name relies on.",
		.good = "The certificate covers the tested name.",
		.fix = "Get a certificate that lists every name the site is "
		    "reached by:\n"
		    "    certbot --nginx -d example.nl -d www.example.nl\n"
		    "A wildcard (*.example.nl) covers www.example.nl but not "
		    "example.nl itself, nor a.b.example.nl. With several sites "
		    "on one address, check that this name selects the right "
		    "site: nginx matches server_name, Apache ServerName and "
		    "ServerAlias.",
	},
	{
		.name = "web_https_dane_exist",
		.what = "Checks whether your website publishes DANE TLSA records "
		    "at _443._tcp.<name>, in a DNSSEC-signed zone.",
		.why = "TLSA records (RFC 6698) pin the certificate or key of "
		    "your website in DNS, protected by DNSSEC, so clients that "
		    "support DANE notice a false certificate even when a CA "
		    "was tricked into issuing it. Browsers do not use DANE yet, "
		    "so this is optional.",
		.good = "DNSSEC-signed TLSA records are published for your "
		    "website.",
		.fix = "Sign your zone with DNSSEC first. Then publish the hash "
		    "of the certificate's public key:\n"
		    "    openssl x509 -in fullchain.pem -noout -pubkey | openssl "
		    "pkey -pubin -outform DER | openssl sha256\n"
		    "_443._tcp.example.nl. IN TLSA 3 1 1 <the hex digest>\n"
		    "Publish the record of the next key before you change keys; "
		    "certbot's --reuse-key keeps the key, and so the record, "
		    "across renewals.",
	},
	{
		.name = "web_https_dane_valid",
		.what = "When your website has DNSSEC-signed TLSA records, checks "
		    "that at least one of them matches the certificate chain "
		    "the server presents (RFC 6698, RFC 7671).",
		.why = "Clients that enforce DANE refuse the connection when no "
		    "record matches. A stale record left after a certificate "
		    "or key change locks those clients out and protects "
		    "nobody.",
		.good = "A TLSA record matches the certificate chain the server "
		    "presents.",
		.fix = "Compute the digest from the certificate being served "
		    "now and compare it with the record:\n"
		    "    openssl s_client -connect example.nl:443 -servername "
		    "example.nl </dev/null 2>/dev/null | openssl x509 -noout "
		    "-pubkey | openssl pkey -pubin -outform DER | openssl "
		    "sha256\n"
		    "Publish that value (TLSA 3 1 1) and remove the stale "
		    "record. A usage 2 record must hold the issuing CA's key, "
		    "and the server must send that CA certificate in its chain.",
	},
	{
		.name = "web_https_http2",
		.what = "Checks whether your web server offers HTTP/2 on its "
		    "HTTPS connections (agreed through ALPN during the TLS "
		    "handshake).",
		.why = "HTTP/2 carries many requests over one connection with "
		    "compressed headers, which usually makes pages load faster, "
		    "most of all on slow or distant networks. It does not "
		    "change security; this test is informational.",
		.good = "Your server offers HTTP/2.",
		.fix = "nginx 1.25.1 and later, in the server block:\n"
		    "    http2 on;\n"
		    "older nginx:\n"
		    "    listen 443 ssl http2;\n"
		    "Apache 2.4.17+ with mod_http2 loaded (best with the event "
		    "MPM):\n"
		    "    Protocols h2 http/1.1",
	},
	{
		.name = "web_https_hsts_preload",
		.what = "Checks whether your HSTS header asks for a place on the "
		    "browsers' HSTS preload list: the preload directive together "
		    "with includeSubDomains and a max-age of at least one year.",
		.why = "Plain HSTS protects a browser only after its first "
		    "visit. Domains on the preload list, which is built into "
		    "the major browsers, are reached over HTTPS from the very "
		    "first request.",
		.good = "Your HSTS header meets the conditions of the preload "
		    "list.",
		.fix = "Do this only when every subdomain, now and later, works "
		    "over HTTPS: getting off the list takes months. Send the "
		    "header from the bare domain (example.nl):\n"
		    "nginx:\n"
		    "    add_header Strict-Transport-Security \"max-age=63072000; "
		    "includeSubDomains; preload\" always;\n"
		    "Apache:\n"
		    "    Header always set Strict-Transport-Security "
		    "\"max-age=63072000; includeSubDomains; preload\"\n"
		    "Then submit the domain at hstspreload.org.",
	},

	/* web_appsecpriv */
	{
		.name = "web_appsecpriv_x_frame_options",
		.what = "Checks that your website sends an X-Frame-Options "
		    "header with DENY or SAMEORIGIN.",
		.why = "Without it, another site can load your pages in an "
		    "invisible frame and trick visitors into clicking on them "
		    "(clickjacking), for example to change a setting while "
		    "they are logged in.",
		.good = "Other sites may not show your pages in a frame.",
		.fix = "nginx:\n"
		    "    add_header X-Frame-Options \"SAMEORIGIN\" always;\n"
		    "Apache:\n"
		    "    Header always set X-Frame-Options \"SAMEORIGIN\"\n"
		    "Use DENY when your pages never need a frame, not even on "
		    "your own site. The Content-Security-Policy directive "
		    "frame-ancestors 'self' does the same in current browsers; "
		    "sending both is fine.",
	},
	{
		.name = "web_appsecpriv_x_content_type_options",
		.what = "Checks that your website sends the header "
		    "X-Content-Type-Options: nosniff.",
		.why = "Without it, browsers may guess the type of a file from "
		    "its content instead of trusting the Content-Type header. "
		    "An uploaded file that looks like a script or HTML could "
		    "then run as part of your site.",
		.good = "Browsers are told not to guess content types.",
		.fix = "nginx:\n"
		    "    add_header X-Content-Type-Options \"nosniff\" always;\n"
		    "Apache:\n"
		    "    Header always set X-Content-Type-Options \"nosniff\"\n"
		    "Make sure every response has the right Content-Type: "
		    "scripts and style sheets served with a wrong type are "
		    "then blocked.",
	},
	{
		.name = "web_appsecpriv_referrer_policy",
		.what = "Checks the Referrer-Policy header, which sets how much "
		    "of a page's address the browser passes on to other sites "
		    "when a visitor follows a link or the page loads content "
		    "from elsewhere.",
		.why = "Page addresses can hold private details such as search "
		    "terms, account names or tokens. A strict policy keeps them "
		    "from leaking to third parties through the Referer header.",
		.good = "The policy is no-referrer or same-origin: nothing is "
		    "passed on to other sites.",
		.fix = "nginx:\n"
		    "    add_header Referrer-Policy \"same-origin\" always;\n"
		    "Apache:\n"
		    "    Header always set Referrer-Policy \"same-origin\"\n"
		    "strict-origin-when-cross-origin, the browsers' default, "
		    "sends only the site's name to other HTTPS sites and is "
		    "noted as information; unsafe-url, origin and "
		    "no-referrer-when-downgrade give a warning.",
	},
	{
		.name = "web_appsecpriv_csp",
		.what = "Reads the Content-Security-Policy header and checks "
		    "that it limits where scripts, frames, forms and other "
		    "content may come from, without loopholes such as "
		    "'unsafe-inline' or 'unsafe-eval'.",
		.why = "A strict policy is a second line of defence against "
		    "cross-site scripting: even when an attacker manages to "
		    "inject code into a page, the browser refuses to run it or "
		    "to load it from elsewhere.",
		.good = "The policy limits content to your own site and named "
		    "hosts, without unsafe exceptions.",
		.fix = "Start strict and add only the hosts you need:\n"
		    "nginx:\n"
		    "    add_header Content-Security-Policy \"default-src 'self'; "
		    "base-uri 'self'; form-action 'self'; frame-ancestors "
		    "'self'; object-src 'none'\" always;\n"
		    "Apache:\n"
		    "    Header always set Content-Security-Policy \"default-src "
		    "'self'; base-uri 'self'; form-action 'self'; "
		    "frame-ancestors 'self'; object-src 'none'\"\n"
		    "Move inline scripts and styles into files (or use nonces), "
		    "avoid eval, and name hosts with https:// instead of a bare "
		    "https: or *. Try a policy first with "
		    "Content-Security-Policy-Report-Only.",
	},
	{
		.name = "web_appsecpriv_securitytxt",
		.what = "Fetches /.well-known/security.txt over HTTPS and checks "
		    "it against RFC 9116: served as text/plain, with at least "
		    "a Contact field and one valid Expires date in the future.",
		.why = "Someone who finds a vulnerability in your site needs a "
		    "way to tell you. A security.txt file points them to the "
		    "right contact at once, so the report reaches you instead "
		    "of getting lost or published.",
		.good = "A valid security.txt with a contact and a future expiry "
		    "date is published.",
		.fix = "Serve this as text/plain; charset=utf-8 at "
		    "https://example.nl/.well-known/security.txt:\n"
		    "Contact: mailto:security@example.nl\n"
		    "Expires: 2026-12-31T23:00:00Z\n"
		    "Preferred-Languages: nl, en\n"
		    "Canonical: https://example.nl/.well-known/security.txt\n"
		    "Keep Expires less than a year ahead and renew it in time. "
		    "Signing the file with OpenPGP is recommended.",
	},

	/* web_rpki */
	{
		.name = "web_rpki_exists",
		.what = "For every IP address of your website, checks that a "
		    "Route Origin Authorisation (ROA) in the RPKI covers the "
		    "routes through which that address is announced.",
		.why = "Without a ROA, networks cannot tell a genuine "
		    "announcement of your addresses from a hijack or a typing "
		    "error elsewhere, so traffic to your site can be diverted. "
		    "A ROA lets networks that validate routes reject false "
		    "ones.",
		.good = "Every address of your website is covered by a ROA.",
		.fix = FIX_ROA_EXISTS("your hosting provider"),
	},
	{
		.name = "web_rpki_valid",
		.what = "For every IP address of your website, checks the route "
		    "origin validation state (RFC 6811) of each route that "
		    "covers it: the origin AS and the prefix length must match "
		    "a ROA.",
		.why = WHY_RPKI_VALID,
		.good = GOOD_RPKI_VALID("your website's addresses"),
		.fix = FIX_ROA_VALID("your hosting provider"),
	},
	{
		.name = "web_ns_rpki_exists",
		.what = "For every IP address of the name servers of your "
		    "domain, checks that a ROA in the RPKI covers the routes "
		    "through which it is announced.",
		.why = "Whoever hijacks the routes to your name servers can "
		    "answer DNS queries for your domain, or silence them, and "
		    "so redirect or block everything that depends on the "
		    "domain for anyone who does not validate DNSSEC.",
		.good = "Every address of your name servers is covered by a ROA.",
		.fix = FIX_ROA_EXISTS("your DNS hosting provider"),
	},
	{
		.name = "web_ns_rpki_valid",
		.what = "For every IP address of the name servers of your "
		    "domain, checks the route origin validation state (RFC "
		    "6811) of each route that covers it.",
		.why = WHY_RPKI_VALID,
		.good = GOOD_RPKI_VALID("your name servers"),
		.fix = FIX_ROA_VALID("your DNS hosting provider"),
	},

	/* mail_ipv6 */
	{
		.name = "mail_ipv6_ns_address",
		.what = "Checks that at least two of the name servers of your "
		    "mail domain have an IPv6 address (an AAAA record).",
		.why = WHY_NS_IPV6,
		.good = "At least two name servers of your mail domain have an "
		    "IPv6 address.",
		.fix = FIX_NS_IPV6,
	},
	{
		.name = "mail_ipv6_ns_reach",
		.what = "Sends a DNS query for your mail domain to every IPv6 "
		    "address of every name server and checks that each one "
		    "answers (over UDP, and over TCP when the reply is too "
		    "large).",
		.why = WHY_NS_REACH,
		.good = "Every IPv6 address of your name servers answers queries "
		    "for your mail domain.",
		.fix = FIX_NS_REACH,
	},
	{
		.name = "mail_ipv6_mx_address",
		.what = "Checks that every mail server in the MX records of your "
		    "domain has an IPv6 address. It also flags a null MX (MX 0 "
		    ".) mixed with real MX records, and suggests a null MX for "
		    "a domain without MX that sends no mail.",
		.why = "A sender with only IPv6 cannot deliver to a mail server "
		    "without an IPv6 address. Mail is queued and retried before "
		    "it bounces, so such messages are delayed or lost instead "
		    "of failing visibly.",
		.good = "Every mail server of your domain has an IPv6 address.",
		.fix = "Give each mail server an IPv6 address and publish it:\n"
		    "mail.example.nl. IN AAAA 2001:db8::25\n"
		    "Make the MTA use it (Postfix: inet_protocols = all) and "
		    "allow TCP port 25 over IPv6. With a mail provider, ask for "
		    "MX hosts with IPv6. A domain that receives no mail should "
		    "publish only a null MX (RFC 7505):\n"
		    "example.nl. IN MX 0 .",
	},
	{
		.name = "mail_ipv6_mx_reach",
		.what = "Connects to port 25 on every IPv6 address of every mail "
		    "server of your domain and checks that each one answers.",
		.why = "Senders try the IPv6 address first when a server has "
		    "both. An address that does not answer delays delivery from "
		    "every such sender and loses mail from senders that only "
		    "have IPv6.",
		.good = "Every IPv6 address of your mail servers accepts "
		    "connections on port 25.",
		.fix = "Check that the MTA listens on IPv6 (Postfix: "
		    "inet_protocols = all, with inet_interfaces covering the "
		    "address), that firewalls allow TCP port 25 over IPv6, and "
		    "that the AAAA record holds the right address. Test from a "
		    "host with IPv6 outside your network:\n"
		    "    nc -6 -v mail.example.nl 25\n"
		    "Remove AAAA records of addresses that cannot be repaired.",
	},

	/* mail_dnssec */
	{
		.name = "mail_dnssec_mailto_exist",
		.what = "Checks whether your mail domain, the part after the @ "
		    "in your addresses, is signed with DNSSEC.",
		.why = "Senders find your mail servers through the MX records of "
		    "your domain. Without DNSSEC those answers can be forged and "
		    "your mail diverted to a server of the attacker's choice. "
		    "DANE for your mail servers depends on DNSSEC too.",
		.good = "Your mail domain is signed with DNSSEC.",
		.fix = FIX_DNSSEC_SIGN,
	},
	{
		.name = "mail_dnssec_mailto_valid",
		.what = "Checks that the DNSSEC signatures of your mail domain "
		    "validate. The points of this category take the weakest of "
		    "your mail domain and the names of its mail servers.",
		.why = WHY_DNSSEC_VALID,
		.good = "The signatures of your mail domain validate.",
		.fix = FIX_DNSSEC_VALID,
	},
	{
		.name = "mail_dnssec_mx_exist",
		.what = "Checks that the name of every mail server in your MX "
		    "records lies in a DNSSEC-signed zone.",
		.why = "After the MX lookup, senders look up the address of each "
		    "mail server. If those names are unsigned, their addresses "
		    "can be forged, and DANE records for the mail servers cannot "
		    "be trusted either.",
		.good = "The names of all your mail servers are signed with "
		    "DNSSEC.",
		.fix = "If the mail servers are in your own domain, signing that "
		    "zone is enough (see the test of your mail domain). If they "
		    "belong to a mail provider (say mx.provider.example), ask "
		    "the provider to sign its zone, or choose a provider that "
		    "does.",
	},
	{
		.name = "mail_dnssec_mx_valid",
		.what = "Checks that the DNSSEC signatures of every signed mail "
		    "server name validate.",
		.why = "When the signatures of an MX name fail, senders with a "
		    "validating resolver cannot find that mail server at all, "
		    "so their mail to your domain is queued and then bounced.",
		.good = "The signatures of all signed mail server names validate.",
		.fix = "Have the operator of the zone that holds the MX name "
		    "repair its signatures (expired signatures, or a DS that "
		    "matches no key). If it is your own zone, the usual causes "
		    "are:\n"
		    FIX_DNSSEC_VALID_CAUSES,
	},
	{
		.name = "mail_dnssec_algo",
		.what = "Checks the algorithms that sign the zone of your mail "
		    "domain (DNSKEY), the digests of its DS records and its "
		    "NSEC3 settings, following RFC 8624 and RFC 9276.",
		.why = WHY_DNSSEC_ALGO,
		.good = GOOD_DNSSEC_ALGO,
		.fix = FIX_DNSSEC_ALGO,
	},

	/* mail_auth */
	{
		.name = "mail_auth_dmarc_exist",
		.what = "Looks for exactly one DMARC record (v=DMARC1) at "
		    "_dmarc.<your domain>, or, when there is none, at _dmarc of "
		    "the organizational domain (RFC 7489).",
		.why = "DMARC tells receiving servers what to do with mail that "
		    "claims your domain but fails SPF and DKIM, and where to "
		    "send reports. Without it, receivers decide for themselves "
		    "and forged mail in your name is often delivered.",
		.good = "One DMARC record applies to your domain.",
		.fix = "Publish one TXT record. Start with p=none and reports to "
		    "learn who sends mail in your name, then move on to "
		    "quarantine or reject:\n"
		    "_dmarc.example.nl. IN TXT \"v=DMARC1; p=none; "
		    "rua=mailto:dmarc-reports@example.nl\"\n"
		    "If there are several v=DMARC1 records, merge them into one: "
		    "with two, receivers use neither.",
	},
	{
		.name = "mail_auth_dmarc_policy",
		.what = "Checks the syntax of the DMARC record that applies to "
		    "your domain and its policy, which must be quarantine or "
		    "reject (sp= for a subdomain covered by its parent's "
		    "record). It also checks that outside report addresses "
		    "agreed to receive reports.",
		.why = "With p=none, receivers only report failures and still "
		    "deliver forged mail, so the domain is not protected. "
		    "Reports for another domain need its consent (RFC 7489 "
		    "section 7.1), otherwise receivers may drop them.",
		.good = "The DMARC policy tells receivers to quarantine or "
		    "reject mail that fails authentication.",
		.fix = "Once the reports show that your own mail passes SPF or "
		    "DKIM, raise the policy:\n"
		    "_dmarc.example.nl. IN TXT \"v=DMARC1; p=reject; "
		    "rua=mailto:dmarc-reports@example.nl\"\n"
		    "When reports go to another domain (here report.example), "
		    "that domain must publish:\n"
		    "example.nl._report._dmarc.report.example. IN TXT "
		    "\"v=DMARC1\"\n"
		    "DMARC report services usually do this when you sign up.",
	},
	{
		.name = "mail_auth_dkim_exist",
		.what = "Checks whether your domain publishes DKIM keys: the name "
		    "_domainkey.<your domain> must exist (RFC 8020). With "
		    "selectors given by --dkim-selector, each key is also "
		    "judged on type, size and flags.",
		.why = "DKIM (RFC 6376) signs outgoing mail so that receivers can "
		    "verify it comes from your domain and was not altered. "
		    "DMARC relies on a DKIM signature (or SPF) that matches the "
		    "From domain.",
		.good = "DKIM keys are published for your domain (and, where "
		    "checked, they are strong enough).",
		.fix = "Switch on DKIM signing in your mail service or MTA (for "
		    "Postfix usually OpenDKIM or rspamd) and publish the public "
		    "key it gives you, for example:\n"
		    "    opendkim-genkey -b 2048 -d example.nl -s mail2025\n"
		    "mail2025._domainkey.example.nl. IN TXT \"v=DKIM1; k=rsa; "
		    "p=MIIBIjANBgkqh...\"\n"
		    "Split a long key into strings of at most 255 characters. "
		    "Use RSA of 2048 bits or more and remove t=y once signing "
		    "works. A domain that sends no mail needs no DKIM when it "
		    "has SPF -all and DMARC p=reject.",
	},
	{
		.name = "mail_auth_spf_exist",
		.what = "Checks that your domain has exactly one SPF record: a "
		    "TXT record that starts with v=spf1 (RFC 7208).",
		.why = "SPF lists the servers allowed to send mail for your "
		    "domain, which receivers, and DMARC, use to spot forged "
		    "mail. Two or more SPF records are an error, so receivers "
		    "then act as if there were none.",
		.good = "Your domain has one SPF record.",
		.fix = "Publish one TXT record that lists every service that "
		    "sends mail for you:\n"
		    "example.nl. IN TXT \"v=spf1 mx "
		    "include:_spf.mailprovider.example -all\"\n"
		    "When several services each ask for a record of their own, "
		    "merge them into one v=spf1 record. A domain that sends no "
		    "mail at all:\n"
		    "example.nl. IN TXT \"v=spf1 -all\"",
	},
	{
		.name = "mail_auth_spf_policy",
		.what = "Evaluates your SPF record with everything it includes "
		    "or redirects to, and checks that it ends in -all or ~all, "
		    "stays within 10 DNS lookups and 2 void lookups, and has no "
		    "broken includes.",
		.why = "A policy that ends in +all or ?all, or has no all, lets "
		    "any server pass or stay neutral, so it stops no forgery. "
		    "Going over the lookup limits or including a broken record "
		    "makes the whole SPF check a permanent error.",
		.good = "The SPF policy fails (-all) or soft-fails (~all) unknown "
		    "senders and can be evaluated within the limits.",
		.fix = "End the record with -all (or ~all, leaving the decision "
		    "to DMARC):\n"
		    "example.nl. IN TXT \"v=spf1 ip4:192.0.2.0/24 "
		    "ip6:2001:db8::/48 include:_spf.mailprovider.example "
		    "-all\"\n"
		    "To stay within 10 DNS-querying terms (include, a, mx, ptr, "
		    "exists, redirect), replace a and mx by ip4/ip6 ranges, "
		    "drop includes of services you no longer use, and avoid "
		    "ptr. Repair or remove includes of domains without an SPF "
		    "record.",
	},

	/* mail_starttls */
	{
		.name = "mail_starttls_tls_available",
		.what = "Connects to port 25 on every address of every mail "
		    "server, asks for STARTTLS after EHLO, and checks that a TLS "
		    "handshake follows.",
		.why = "Without STARTTLS, mail to your domain crosses the "
		    "Internet as plain text that anyone on the path can read "
		    "or change. Encryption between mail servers keeps its "
		    "content private in transit.",
		.good = "Every address of your mail servers offers STARTTLS and "
		    "completes a TLS handshake.",
		.fix = "Postfix (main.cf, 3.4+):\n"
		    "    smtpd_tls_security_level = may\n"
		    "    smtpd_tls_chain_files = /etc/postfix/mail.key, "
		    "/etc/postfix/mail.fullchain.pem\n"
		    "(older Postfix: smtpd_tls_key_file and smtpd_tls_cert_file)\n"
		    "Use a certificate for the MX name, run postfix reload, and "
		    "test:\n"
		    "    openssl s_client -starttls smtp -connect "
		    "mail.example.nl:25\n"
		    "Keep the level at may on port 25: encrypt would refuse "
		    "mail from senders without TLS.",
	},
	{
		.name = "mail_starttls_tls_version",
		.what = "Checks which versions of SSL and TLS each mail server "
		    "accepts after STARTTLS, from SSL 2.0 up to TLS 1.3.",
		.why = "SSL 2.0, SSL 3.0, TLS 1.0 and TLS 1.1 have known "
		    "weaknesses and are deprecated (RFC 8996). Accepting them "
		    "lets an attacker push a connection down to a version that "
		    "can be broken.",
		.good = "Your mail servers accept only TLS 1.3 and TLS 1.2 (1.2 "
		    "alone also passes).",
		.fix = "Postfix (main.cf):\n"
		    "    smtpd_tls_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1.1\n"
		    "    smtpd_tls_mandatory_protocols = !SSLv2, !SSLv3, !TLSv1, "
		    "!TLSv1.1\n"
		    "Postfix 3.6+ also accepts >=TLSv1.2. TLS 1.3 needs OpenSSL "
		    "1.1.1 or later. Senders that only speak TLS 1.0 or 1.1 "
		    "will then deliver without encryption.",
	},
	{
		.name = "mail_starttls_tls_ciphers",
		.what = "Checks every cipher suite each mail server accepts "
		    "after STARTTLS, on every TLS version, against the NCSC-NL "
		    "guidelines: good, sufficient, phase-out or insufficient.",
		.why = "A cipher suite fixes how the connection is encrypted "
		    "and protected. Suites with RC4, 3DES, CBC with SHA-1, "
		    "export-grade keys or plain RSA key exchange have practical "
		    "attacks or lack forward secrecy.",
		.good = "Every cipher suite your mail servers accept is rated "
		    "good or sufficient.",
		.fix = "Postfix (main.cf); the non-mandatory settings apply to "
		    "port 25:\n"
		    "    smtpd_tls_ciphers = high\n"
		    "    smtpd_tls_mandatory_ciphers = high\n"
		    "    smtpd_tls_exclude_ciphers = aNULL, eNULL, kRSA, kDHE, "
		    "RC4, 3DES, DES, MD5, SHA1, SHA256, SHA384, CAMELLIA, ARIA, "
		    "AESCCM8, PSK\n"
		    "    tls_preempt_cipherlist = yes\n"
		    "This leaves ECDHE with AES-GCM, AES-CCM or ChaCha20 on "
		    "TLS 1.2; TLS 1.3 suites are not affected.",
	},
	{
		.name = "mail_starttls_tls_cipherorder",
		.what = "When a mail server accepts both strong and weaker "
		    "cipher suites on one TLS version, checks that the server "
		    "chooses and ranks every good or sufficient suite above "
		    "every weaker one.",
		.why = WHY_CIPHERORDER,
		.good = GOOD_CIPHERORDER,
		.fix = "Postfix (main.cf):\n"
		    "    tls_preempt_cipherlist = yes\n"
		    "Postfix then applies its own order, which with "
		    "smtpd_tls_ciphers = high puts the strongest suites first. "
		    "Removing the weaker suites (see the cipher suite test) "
		    "settles this test as well.",
	},
	{
		.name = "mail_starttls_tls_keyexchange",
		.what = "Checks the parameters of every ephemeral key exchange "
		    "each mail server accepts: the elliptic curves and groups "
		    "of ECDHE and TLS 1.3, and the finite-field groups of DHE.",
		.why = WHY_KEYEXCHANGE,
		.good = GOOD_KEYEXCHANGE,
		.fix = "Postfix (main.cf, 3.2+):\n"
		    "    tls_eecdh_auto_curves = X25519 X448 prime256v1 "
		    "secp384r1 secp521r1\n"
		    "Leave DHE out (kDHE in smtpd_tls_exclude_ciphers): "
		    "Postfix's built-in DH group is not one of the RFC 7919 "
		    "groups. With Postfix 3.8+ on OpenSSL 3, also keep "
		    "ffdhe2048 out of tls_ffdhe_auto_groups, which sets the "
		    "finite-field groups of TLS 1.3:\n"
		    "    tls_ffdhe_auto_groups = ffdhe3072 ffdhe4096",
	},
	{
		.name = "mail_starttls_tls_keyexchangehash",
		.what = "On TLS 1.2, checks whether each mail server still signs "
		    "its key exchange with SHA-1 (or SHA-224) when a client "
		    "offers only those hashes. On TLS 1.0 and 1.1 that "
		    "signature always involves SHA-1, so they fail.",
		.why = WHY_KEXHASH,
		.good = "Your mail servers refuse to sign the key exchange with "
		    "SHA-1 or SHA-224, or accept only TLS 1.3.",
		.fix = "Switch off TLS 1.0 and 1.1 (see the version test). "
		    "Postfix takes its signature algorithms from OpenSSL, so "
		    "limit them in the system_default section of openssl.cnf, "
		    "which OpenSSL applies to every program:\n"
		    "    [system_default_sect]\n"
		    "    SignatureAlgorithms = " SIGALGS "\n"
		    "Postfix 3.9 (and 3.8.1, 3.7.6 and later) can read a file "
		    "of its own instead: tls_config_file.",
	},
	{
		.name = "mail_starttls_tls_compress",
		.what = "Checks whether each mail server accepts compression at "
		    "the TLS level.",
		.why = WHY_COMPRESS,
		.good = "Your mail servers refuse TLS compression (TLS 1.3 has "
		    "none).",
		.fix = "Current OpenSSL does not compress TLS. With an older "
		    "setup, upgrade, or tell Postfix (2.11+) to refuse it:\n"
		    "    tls_ssl_options = NO_COMPRESSION",
	},
	{
		.name = "mail_starttls_tls_secreneg",
		.what = "Checks that each mail server supports secure "
		    "renegotiation (RFC 5746) on TLS 1.2 and older versions.",
		.why = WHY_SECRENEG,
		.good = "Your mail servers support secure renegotiation, or "
		    "accept only TLS 1.3, which has no renegotiation.",
		.fix = "Every TLS library released since 2010 supports RFC 5746, "
		    "so a failure points to very old software: upgrade the MTA "
		    "and OpenSSL, or the firmware of a mail gateway or "
		    "appliance in front. Postfix can also refuse "
		    "renegotiation altogether (3.4+):\n"
		    "    tls_ssl_options = NO_RENEGOTIATION",
	},
	{
		.name = "mail_starttls_tls_extendedmastersecret",
		.what = "Checks that each mail server uses the extended master "
		    "secret (RFC 7627) on TLS 1.2 and older versions, which "
		    "ties the session keys to the whole handshake.",
		.why = WHY_EMS,
		.good = "Your mail servers use the extended master secret, or "
		    "accept only TLS 1.3, where it is built in.",
		.fix = "OpenSSL has supported it since 1.1.0 and uses it by "
		    "default. A failure means an old TLS library or an "
		    "explicit opt-out: upgrade OpenSSL and the MTA built on it, "
		    "or the firmware of a mail gateway in front.",
	},
	{
		.name = "mail_starttls_tls_0rtt",
		.what = "Kept for the standard test list: 0-RTT (TLS 1.3 early "
		    "data) is treated as not applicable to SMTP and is not "
		    "probed on port 25, so this test passes wherever STARTTLS "
		    "works.",
		.why = "Early data can be replayed, so a server that accepted it "
		    "could be made to act on the same command twice. Common "
		    "mail servers such as Postfix and Exim do not accept early "
		    "data.",
		.good = "STARTTLS works on the mail server; 0-RTT plays no part.",
		.fix = "Nothing to do for 0-RTT itself. If this test shows an "
		    "error, the STARTTLS handshake did not work on that "
		    "address: see the STARTTLS test.",
	},
	{
		.name = "mail_starttls_tls_caa",
		.what = "Looks up the CAA records of the name of each mail "
		    "server, climbing to parent domains if needed, and checks "
		    "that they are well-formed and name at least one CA.",
		.why = WHY_CAA,
		.good = "Valid CAA records say which CAs may issue certificates "
		    "for every mail server name.",
		.fix = "Publish CAA records for the domain of your mail server "
		    "names; for MX names of a mail provider, ask the provider:\n"
		    FIX_CAA_RECORDS,
	},
	{
		.name = "mail_starttls_cert_chain",
		.what = "Checks that the certificate chain of each mail server "
		    "leads to a trusted root CA. Optional for mail: senders "
		    "that encrypt opportunistically accept any certificate, and "
		    "DANE can vouch for a self-signed one.",
		.why = "Senders that insist on authentication, through MTA-STS "
		    "or DANE with usage 2, refuse a certificate they cannot "
		    "verify, so an untrusted certificate can stop their mail.",
		.good = "The certificate chain of every mail server is trusted.",
		.fix = "Install a certificate from a public CA (for example Let's "
		    "Encrypt, for mail.example.nl) together with its "
		    "intermediates:\n"
		    "    smtpd_tls_chain_files = /etc/postfix/mail.key, "
		    "/etc/postfix/mail.fullchain.pem\n"
		    "Renew it automatically and run postfix reload afterwards. "
		    "Check with:\n"
		    "    openssl s_client -starttls smtp -connect "
		    "mail.example.nl:25 -showcerts",
	},
	{
		.name = "mail_starttls_cert_pubkey",
		.what = "Checks the type and size of the public key of every "
		    "certificate each mail server sends, except the root.",
		.why = WHY_PUBKEY,
		.good = GOOD_PUBKEY,
		.fix = FIX_PUBKEY_NEW_KEY "\n"
		    "Install it with smtpd_tls_chain_files and publish new TLSA "
		    "records first if you use DANE.",
	},
	{
		.name = "mail_starttls_cert_sig",
		.what = "Checks the hash algorithm of the signature on every "
		    "certificate each mail server sends, except the root.",
		.why = WHY_SIG,
		.good = GOOD_SIG,
		.fix = "Request a new certificate; public CAs all sign with "
		    "SHA-256 or stronger today. A self-signed certificate (fine "
		    "with DANE 3 1 1) can be re-made with a strong hash:\n"
		    "    openssl req -x509 -new -key mail.key -sha256 -days 730 "
		    "-subj /CN=mail.example.nl -out mail.pem\n"
		    "If the weak signature is on an intermediate, install the "
		    "CA's current chain.",
	},
	{
		.name = "mail_starttls_cert_domain",
		.what = "Checks that the certificate of each mail server is valid "
		    "for the server's name as it appears in your MX records. "
		    "Optional for mail.",
		.why = "Senders that authenticate the server, through MTA-STS "
		    "or DANE with usage 2, match the certificate against the MX "
		    "name and refuse to deliver on a mismatch.",
		.good = "The certificate of every mail server covers its MX name.",
		.fix = "Get a certificate that includes the MX name exactly as in "
		    "the MX record (mail.example.nl), or point the MX record at "
		    "the name the certificate has. When one server receives for "
		    "several MX names, list them all in the certificate.",
	},
	{
		.name = "mail_starttls_dane_exist",
		.what = "Checks that each mail server has DANE TLSA records at "
		    "_25._tcp.<MX name>, in a DNSSEC-signed zone, with at least "
		    "one record of usage 2 or 3 (usages 0 and 1 do not count "
		    "for SMTP).",
		.why = "Without DANE a sender cannot tell whether a missing "
		    "STARTTLS offer or an odd certificate is an attack, so it "
		    "carries on without protection. With DANE (RFC 7672), "
		    "senders that support it insist on a verified, encrypted "
		    "connection.",
		.good = "DNSSEC-signed TLSA records of usage 2 or 3 are published "
		    "for every mail server.",
		.fix = "The zone of the MX name must be signed with DNSSEC. Then "
		    "publish the hash of the server's public key:\n"
		    "    openssl x509 -in /etc/postfix/mail.fullchain.pem -noout "
		    "-pubkey | openssl pkey -pubin -outform DER | openssl "
		    "sha256\n"
		    "_25._tcp.mail.example.nl. IN TLSA 3 1 1 <the hex digest>\n"
		    "Add a record for the next key, or a 2 1 1 record for the "
		    "issuing CA, so that renewals do not break delivery (see "
		    "the rollover test). For a provider's MX, the provider must "
		    "publish TLSA.",
	},
	{
		.name = "mail_starttls_dane_valid",
		.what = "When a mail server has DNSSEC-signed TLSA records, "
		    "checks that one of them matches the certificate chain the "
		    "server presents after STARTTLS (RFC 7672).",
		.why = "Senders that use DANE refuse to deliver when no record "
		    "matches. A stale record left after a certificate or key "
		    "change stops their mail, which is queued and eventually "
		    "bounced.",
		.good = "A TLSA record matches the certificate chain of every "
		    "mail server.",
		.fix = "Compute the digest from the key the server presents now:\n"
		    "    openssl s_client -starttls smtp -connect "
		    "mail.example.nl:25 </dev/null 2>/dev/null | openssl x509 "
		    "-noout -pubkey | openssl pkey -pubin -outform DER | "
		    "openssl sha256\n"
		    "Publish it as a TLSA 3 1 1 record and remove the stale one. "
		    "Records of usage 0 or 1 do not count for SMTP. Before each "
		    "later key change, publish the next key's record first and "
		    "wait at least twice the TTL.",
	},
	{
		.name = "mail_starttls_dane_rollover",
		.what = "Checks whether the TLSA records of each mail server "
		    "allow a certificate change without a gap: two usage-3 "
		    "records (current and next key), or a usage-3 record next "
		    "to a usage-2 record for the issuing CA.",
		.why = "With a single record, replacing the key or certificate "
		    "breaks DANE until the new record has reached every "
		    "resolver cache, and DANE senders cannot deliver in the "
		    "meantime.",
		.good = "The TLSA records already allow for the next key or "
		    "certificate change.",
		.fix = "Either make the next key now and publish its hash next to "
		    "the current one:\n"
		    "_25._tcp.mail.example.nl. IN TLSA 3 1 1 <hash of the "
		    "current key>\n"
		    "_25._tcp.mail.example.nl. IN TLSA 3 1 1 <hash of the next "
		    "key>\n"
		    "or add a record for the CA that issues your certificates:\n"
		    "_25._tcp.mail.example.nl. IN TLSA 2 1 1 <hash of the "
		    "issuing CA's key>\n"
		    "With usage 2 the server must send that CA certificate in "
		    "its chain.",
	},
	{
		.name = "mail_starttls_mtasts",
		.what = "Checks MTA-STS (RFC 8461): a TXT record at "
		    "_mta-sts.<domain> and a policy at "
		    "https://mta-sts.<domain>/.well-known/mta-sts.txt, fetched "
		    "with strict certificate checks, in enforce mode and "
		    "covering every MX.",
		.why = "MTA-STS lets senders that support it, among them large "
		    "mail providers, refuse to deliver over an unencrypted or "
		    "unverified connection to your servers. It guards against "
		    "downgrade and interception where DNSSEC and DANE are not "
		    "available.",
		.good = "An MTA-STS policy in enforce mode is published and "
		    "covers every mail server.",
		.fix = "Serve the policy as text/plain, without redirects and "
		    "with a valid certificate for mta-sts.example.nl, at "
		    "https://mta-sts.example.nl/.well-known/mta-sts.txt:\n"
		    "version: STSv1\n"
		    "mode: enforce\n"
		    "mx: mail.example.nl\n"
		    "max_age: 1209600\n"
		    "Announce it, with a new id whenever the policy changes:\n"
		    "_mta-sts.example.nl. IN TXT \"v=STSv1; id=20250601T120000\"\n"
		    "When unsure, start with mode: testing and TLS reporting, "
		    "then switch to enforce.",
	},
	{
		.name = "mail_starttls_tlsrpt",
		.what = "Checks for a TLS reporting record (TLS-RPT, RFC 8460) at "
		    "_smtp._tls.<domain> and that it is well-formed.",
		.why = "Senders that support TLS-RPT send daily reports of failed "
		    "attempts to reach your mail servers securely. Without them "
		    "you learn about certificate, DANE or MTA-STS problems only "
		    "when mail goes missing.",
		.good = "A valid TLS-RPT record tells senders where to report TLS "
		    "problems.",
		.fix = "Publish exactly one record:\n"
		    "_smtp._tls.example.nl. IN TXT \"v=TLSRPTv1; "
		    "rua=mailto:tls-reports@example.nl\"\n"
		    "rua may also be an https:// address, or several addresses "
		    "separated by commas.",
	},
	{
		.name = "mail_ptr_fcrdns",
		.what = "Checks that every IP address of your mail servers has a "
		    "reverse DNS name (PTR record) that resolves back to the "
		    "same address (forward-confirmed reverse DNS).",
		.why = "Many receiving servers refuse or distrust mail from "
		    "addresses without matching reverse DNS. Servers that "
		    "receive your mail often send too (bounces, forwards), so "
		    "a missing PTR causes delivery problems.",
		.good = "Every mail server address has a PTR name that resolves "
		    "back to it.",
		.fix = "The reverse zone belongs to the holder of the address "
		    "block, usually your hosting or Internet provider: set the "
		    "PTR in their control panel or ask them. It should name the "
		    "server, and that name must hold the address:\n"
		    "10.2.0.192.in-addr.arpa. IN PTR mail.example.nl.\n"
		    "mail.example.nl.         IN A   192.0.2.10\n"
		    "Do the same for each IPv6 address (under ip6.arpa).",
	},

	/* mail_rpki */
	{
		.name = "mail_rpki_exists",
		.what = "For every IP address of your mail servers, checks that a "
		    "ROA in the RPKI covers the routes through which it is "
		    "announced.",
		.why = "Whoever hijacks the routes to your mail servers can "
		    "receive or block the mail sent to your domain. A ROA lets "
		    "networks that validate routes reject such false "
		    "announcements.",
		.good = "Every address of your mail servers is covered by a ROA.",
		.fix = FIX_ROA_EXISTS("your hosting or mail provider"),
	},
	{
		.name = "mail_rpki_valid",
		.what = "For every IP address of your mail servers, checks the "
		    "route origin validation state (RFC 6811) of each route "
		    "that covers it.",
		.why = WHY_RPKI_VALID,
		.good = GOOD_RPKI_VALID("your mail servers"),
		.fix = FIX_ROA_VALID("your hosting or mail provider"),
	},
	{
		.name = "mail_ns_rpki_exists",
		.what = "For every IP address of the name servers of your mail "
		    "domain, checks that a ROA covers the routes through which "
		    "it is announced.",
		.why = "Whoever hijacks the routes to these name servers can "
		    "answer the MX lookups for your domain and send your mail "
		    "elsewhere, for any sender that does not validate DNSSEC.",
		.good = "Every address of the name servers of your mail domain is "
		    "covered by a ROA.",
		.fix = FIX_ROA_EXISTS("your DNS hosting provider"),
	},
	{
		.name = "mail_ns_rpki_valid",
		.what = "For every IP address of the name servers of your mail "
		    "domain, checks the route origin validation state (RFC "
		    "6811) of each route that covers it.",
		.why = WHY_RPKI_VALID,
		.good = GOOD_RPKI_VALID("the name servers of your mail domain"),
		.fix = FIX_ROA_VALID("your DNS hosting provider"),
	},
	{
		.name = "mail_mx_ns_rpki_exists",
		.what = "For every IP address of the name servers that serve the "
		    "domains of your mail servers (the zones of the MX names), "
		    "checks that a ROA covers the routes through which it is "
		    "announced.",
		.why = "Senders look up the addresses of your mail servers "
		    "through these name servers. A hijacked route to them lets "
		    "an attacker hand out false addresses and divert your mail.",
		.good = "Every address of the name servers of your MX names is "
		    "covered by a ROA.",
		.fix = FIX_ROA_EXISTS("the DNS provider of the MX names (often "
		    "your mail provider)"),
	},
	{
		.name = "mail_mx_ns_rpki_valid",
		.what = "For every IP address of the name servers that serve the "
		    "domains of your mail servers, checks the route origin "
		    "validation state (RFC 6811) of each route that covers it.",
		.why = WHY_RPKI_VALID,
		.good = GOOD_RPKI_VALID("the name servers of your MX names"),
		.fix = FIX_ROA_VALID("the DNS provider of the MX names"),
	},

	{ .name = NULL },
};

/* ---- the categories, in report order ---- */

const struct chk_cat_explain chk_cat_explanations[] = {
	{
		.name = "web_ipv6",
		.title = "Reachable over IPv6",
		.about = "IPv6 is the current version of the Internet Protocol. "
		    "Its predecessor, IPv4, ran out of free addresses years ago, "
		    "and a growing share of users, mobile networks first, "
		    "connect over IPv6. These tests check that the name servers "
		    "of your domain and your web server have IPv6 addresses, "
		    "that those addresses answer, and that visitors get the "
		    "same website over IPv6 as over IPv4. A site that works "
		    "over both stays reachable for everyone without "
		    "translation in between.",
	},
	{
		.name = "web_dnssec",
		.title = "Signed domain name (DNSSEC)",
		.about = "DNSSEC (RFC 4033 to 4035) adds digital signatures to "
		    "the DNS records of a domain. A resolver that validates "
		    "them can tell a genuine answer from a forged or altered "
		    "one, so visitors are not sent to an attacker's server by "
		    "a poisoned cache or a manipulated network. These tests "
		    "check that your domain is signed, that the signatures "
		    "validate along a chain of trust from the DNS root, and "
		    "that current algorithms are used. DNSSEC is also the "
		    "foundation of DANE.",
	},
	{
		.name = "web_https",
		.title = "Secure connection (HTTPS)",
		.about = "HTTPS is HTTP over TLS. It encrypts the traffic between "
		    "browser and web server, and the certificate lets the "
		    "browser check that it reached the real site. These tests "
		    "check that HTTPS is offered and enforced (redirect and "
		    "HSTS), that TLS allows only current versions, cipher "
		    "suites and key exchanges, that the certificate is trusted, "
		    "strong and valid for the name, and related options such "
		    "as CAA, OCSP stapling and DANE. The criteria follow the "
		    "TLS guidelines of NCSC-NL. Every IP address of the site is "
		    "tested on its own, and the weakest one counts.",
	},
	{
		.name = "web_appsecpriv",
		.title = "Security options in HTTP headers",
		.about = "A web server can send HTTP headers that switch on extra "
		    "protection in the browser: pages may not be framed by "
		    "other sites, content types are not guessed, scripts and "
		    "other content may only come from named places, and less "
		    "of a page's address is passed on to other sites. A "
		    "security.txt file (RFC 9116) tells people who find a "
		    "vulnerability how to report it. These tests read those "
		    "headers and the file. They do not count towards the "
		    "score, but each one closes a known kind of attack at "
		    "little cost.",
	},
	{
		.name = "web_rpki",
		.title = "Route authorisation (RPKI)",
		.about = "The Internet's routing system (BGP) lets any network "
		    "announce any block of IP addresses, by mistake or on "
		    "purpose, and traffic may follow a false announcement. With "
		    "the Resource Public Key Infrastructure (RPKI), the holder "
		    "of an address block publishes signed Route Origin "
		    "Authorisations (ROAs) that say which network (AS) may "
		    "announce it, and networks that validate routes (RFC 6811) "
		    "drop announcements that contradict them. These tests check "
		    "that the addresses of your web server and name servers are "
		    "covered by ROAs and that the routes to them are valid.",
	},
	{
		.name = "mail_ipv6",
		.title = "Mail servers reachable over IPv6",
		.about = "A mail server with only IPv4 addresses cannot receive "
		    "mail directly from senders that only have IPv6, and the "
		    "share of IPv6 traffic keeps growing. These tests check "
		    "that the name servers of your mail domain and the mail "
		    "servers in its MX records have IPv6 addresses, and that "
		    "those addresses answer: DNS queries for the name servers, "
		    "connections on port 25 for the mail servers.",
	},
	{
		.name = "mail_dnssec",
		.title = "Signed domain names (DNSSEC)",
		.about = "Sending servers find your mail servers through DNS: "
		    "they look up the MX records of your domain and then the "
		    "address of each mail server. If those answers can be "
		    "forged, mail can be diverted to an attacker. DNSSEC signs "
		    "the records so that a validating resolver rejects "
		    "forgeries. These tests check that your mail domain and the "
		    "names of your mail servers are signed and validate, and "
		    "that current algorithms are used. DNSSEC is also needed "
		    "for DANE, which protects the encrypted connection between "
		    "mail servers.",
	},
	{
		.name = "mail_auth",
		.title = "Authenticity marks against forged mail (DMARC, DKIM, "
		    "SPF)",
		.about = "Anyone can put your domain in the From address of a "
		    "message. Three standards, published in DNS, let receiving "
		    "servers recognise such forgeries: SPF (RFC 7208) lists the "
		    "servers allowed to send mail for your domain, DKIM (RFC "
		    "6376) adds a signature to each message that receivers "
		    "verify with a public key in your DNS, and DMARC (RFC 7489) "
		    "tells receivers what to do with mail that fails those "
		    "checks and where to send reports. These tests check that "
		    "all three are published and that the policies are strict "
		    "enough to make a difference.",
	},
	{
		.name = "mail_starttls",
		.title = "Secure mail transport (STARTTLS and DANE)",
		.about = "Mail servers talk SMTP to each other on port 25, where "
		    "encryption is opportunistic: the receiving server offers "
		    "STARTTLS and the sender upgrades the connection to TLS. "
		    "On its own that is easy to undo: an attacker on the path "
		    "can remove the offer or present a false certificate, and "
		    "most senders carry on without protection. DANE (RFC 7672) "
		    "publishes the expected certificate in DNSSEC-signed TLSA "
		    "records, so that senders can insist on a verified, "
		    "encrypted connection. These tests check STARTTLS and the "
		    "TLS settings of every address of every mail server, DANE, "
		    "and related policies such as MTA-STS and TLS reporting. "
		    "The weakest address counts.",
	},
	{
		.name = "mail_rpki",
		.title = "Route authorisation (RPKI)",
		.about = "BGP, the Internet's routing system, lets any network "
		    "announce any block of IP addresses, so mail and DNS "
		    "traffic can be diverted by a false announcement. With "
		    "RPKI, address holders publish signed Route Origin "
		    "Authorisations (ROAs) naming the network (AS) that may "
		    "announce each block, and networks that validate routes "
		    "(RFC 6811) drop contradicting announcements. These tests "
		    "check the addresses of your mail servers, of the name "
		    "servers of your mail domain, and of the name servers of "
		    "your mail servers' domains.",
	},

	{ .name = NULL },
};

const struct chk_explain *
chk_explain_find(const char *test_name)
{
	const struct chk_explain *x;

	if (test_name == NULL)
		return NULL;
	for (x = chk_explanations; x->name != NULL; x++)
		if (strcmp(x->name, test_name) == 0)
			return x;
	for (x = conn_explanations; x->name != NULL; x++)
		if (strcmp(x->name, test_name) == 0)
			return x;
	return NULL;
}

const struct chk_cat_explain *
chk_cat_explain_find(const char *category)
{
	const struct chk_cat_explain *c;

	if (category == NULL)
		return NULL;
	for (c = chk_cat_explanations; c->name != NULL; c++)
		if (strcmp(c->name, category) == 0)
			return c;
	for (c = conn_cat_explanations; c->name != NULL; c++)
		if (strcmp(c->name, category) == 0)
			return c;
	return NULL;
}
