#!/usr/bin/python3
"""A hostile mini-Internet, for uptodate's robustness tests.

One process serves:
  - DNS (UDP and TCP port 53) for every name under hostile.test, with the
    hostile DNS behaviours built in;
  - web, TLS and SMTP servers on each behaviour's own address (ports 80,
    443, 25).
See tests/hostile/README.md for the list. Two set-ups:

    hostile.py --testbed HOSTS WORKDIR
        inside the testbed's server namespace (tests/hostile/run): the
        AUTHORITATIVE server of hostile.test (AA set, RA clear, REFUSED
        outside the zone), which test. delegates without DS to
        ns1/ns2.hostile.test; the addresses are those of the catalogue's
        hosts with role "hostile" in HOSTS ($UTD_STATE/hosts): hostile-ns1,
        hostile-ns2 (name servers), hostile-BEHAVIOUR (the servers of one
        behaviour). The testers resolve from the testbed's root down.
    hostile.py --private-target WORKDIR
        only the redirect-private target: counts connections to
        127.0.0.1:80 and :443 of the namespace it runs in (the client's),
        into WORKDIR/hits-private.json
    hostile.py WORKDIR
        standalone (HOSTILE_STANDALONE=1 tests/hostile/run, in a private
        "unshare -n" namespace): everything on 127.0.0.0/8, DNS on
        127.0.0.53 and .54 answering like a forwarder (RD and RA set), for
        uptodate --resolver 127.0.0.53 --no-validation

WORKDIR gets ca.pem, ready (when serving) and hits.json (requests per
server, rewritten as they come). Stdlib only; certificates come from the
openssl command.
"""
import asyncio
import json
import os
import signal
import socket
import ssl
import struct
import subprocess
import sys
import threading
import zlib

ZONE = "hostile.test"
NS_ADDRS = ["127.0.0.53", "127.0.0.54"]   # ns1, ns2 (standalone)
NS_NAMES = {}                              # address -> ns1 / ns2 (testbed)
AUTH = False    # authoritative (testbed) rather than forwarder-like

# behaviour name -> address of its servers
ADDR = {
    "tarpit": "127.0.0.10",
    "slowloris": "127.0.0.11",
    "endless-headers": "127.0.0.12",
    "huge-body": "127.0.0.13",
    "gzip-bomb": "127.0.0.14",
    "redirect-loop": "127.0.0.15",
    "redirect-chain": "127.0.0.16",
    "redirect-private": "127.0.0.17",
    "sectxt-huge": "127.0.0.18",
    "tls-badlen": "127.0.0.20",
    "tls-unoffered": "127.0.0.21",
    "tls-stall": "127.0.0.22",
    "chain50": "127.0.0.23",
    "smtp-endless": "127.0.0.30",
    "smtp-close": "127.0.0.31",
    "smtp-421": "127.0.0.32",
    "smtp-slow": "127.0.0.33",
    "good": "127.0.0.100",
    "good-mail": "127.0.0.101",
}
PRIVATE_TARGET = "127.0.0.1"   # where redirect-private points; must get no hit
MAIL = ["smtp-endless", "smtp-close", "smtp-421", "smtp-slow", "good-mail"]
SPF_CHAIN = 100
BIG_RRSET = 10000               # claimed; as many as fit in 64 KiB are sent

hits = {}
workdir = "."
hits_name = "hits.json"


hits_lock = threading.Lock()


def hit(key):
    with hits_lock:
        hit_locked(key)


def hit_locked(key):
    hits[key] = hits.get(key, 0) + 1
    tmp = os.path.join(workdir, hits_name + ".tmp")
    with open(tmp, "w") as f:
        json.dump(hits, f)
    os.replace(tmp, os.path.join(workdir, hits_name))


# --- DNS --------------------------------------------------------------------
T_A, T_NS, T_CNAME, T_SOA, T_MX, T_TXT, T_AAAA, T_OPT, T_DS = 1, 2, 5, 6, 15, 16, 28, 41, 43


def wname(name):
    out = b""
    for lab in name.strip(".").split("."):
        if lab:
            out += bytes([len(lab)]) + lab.encode()
    return out + b"\0"


def txt_rdata(s):
    b = s.encode()
    out = b""
    while True:
        out += bytes([min(len(b), 255)]) + b[:255]
        b = b[255:]
        if not b:
            return out


records = {}   # name -> list of (type, rdata bytes)


def add(name, rtype, rdata):
    records.setdefault(name.lower(), []).append((rtype, rdata))


def soa_rdata(zone):
    return (wname("ns1." + ZONE) + wname("hostmaster." + ZONE) +
            struct.pack("!IIIII", 2024010101, 3600, 600, 86400, 300))


def add_zone(zone):
    add(zone, T_SOA, soa_rdata(zone))
    add(zone, T_NS, wname("ns1." + ZONE))
    add(zone, T_NS, wname("ns2." + ZONE))


def add_addrs(name, addrs):
    for a in addrs if isinstance(addrs, list) else [addrs]:
        if ":" in a:
            add(name, T_AAAA, socket.inet_pton(socket.AF_INET6, a))
        else:
            add(name, T_A, socket.inet_aton(a))


def build_zone():
    add_zone(ZONE)
    for i, a in enumerate(NS_ADDRS):
        ns = "%s.%s" % (NS_NAMES.get(a, "ns%d" % (i + 1)), ZONE)
        if ":" in a:
            add(ns, T_AAAA, socket.inet_pton(socket.AF_INET6, a))
        else:
            add(ns, T_A, socket.inet_aton(a))
    for b, a in ADDR.items():
        d = "%s.%s" % (b, ZONE)
        add_zone(d)
        if b in MAIL:
            add(d, T_MX, struct.pack("!H", 10) + wname("mx." + d))
            add_addrs("mx." + d, a)
            add(d, T_TXT, txt_rdata("v=spf1 -all"))
            add("_dmarc." + d, T_TXT, txt_rdata("v=DMARC1; p=reject"))
        else:
            add_addrs(d, a)
    # DNS behaviours: names whose answers are hostile (see special())
    for b in ("ptr-loop", "truncated", "dns-silent", "big-rrset"):
        add_zone("%s.%s" % (b, ZONE))
    # CNAME loop: not a zone apex (a CNAME cannot sit beside SOA)
    add("cname-loop." + ZONE, T_CNAME, wname("cname-loop2." + ZONE))
    add("cname-loop2." + ZONE, T_CNAME, wname("cname-loop." + ZONE))
    # SPF include chain of 100
    d = "spf-chain." + ZONE
    add_zone(d)
    add(d, T_TXT, txt_rdata("v=spf1 include:s1.%s -all" % d))
    for i in range(1, SPF_CHAIN + 1):
        nxt = ("include:s%d.%s " % (i + 1, d)) if i < SPF_CHAIN else ""
        add("s%d.%s" % (i, d), T_TXT, txt_rdata("v=spf1 %s-all" % nxt))
    add("_dmarc." + d, T_TXT, txt_rdata("v=DMARC1; p=reject"))


def in_zone(n):
    return n == ZONE or n.endswith("." + ZONE)


def zone_of(n):
    while n:
        if any(t == T_SOA for t, _ in records.get(n, ())):
            return n
        n = n.partition(".")[2]
    return ZONE


def parse_query(msg):
    if len(msg) < 12:
        return None
    qid, flags, qd, an, ns, ar = struct.unpack("!HHHHHH", msg[:12])
    if flags & 0x8000 or qd != 1:
        return None
    p, labels = 12, []
    while True:
        if p >= len(msg):
            return None
        ln = msg[p]
        if ln == 0:
            p += 1
            break
        if ln & 0xC0:
            return None
        labels.append(msg[p + 1:p + 1 + ln].decode("ascii", "replace"))
        p += 1 + ln
    if p + 4 > len(msg):
        return None
    qtype, qclass = struct.unpack("!HH", msg[p:p + 4])
    qsec = msg[12:p + 4]
    udp = 512
    q = p + 4
    if ar and q + 11 <= len(msg) and msg[q] == 0:
        t, cls = struct.unpack("!HH", msg[q + 1:q + 5])
        if t == T_OPT:
            udp = max(512, cls)
    return {"id": qid, "flags": flags, "name": ".".join(labels).lower(),
            "qtype": qtype, "qsec": qsec, "udp": udp, "edns": udp != 512 or ar > 0}


def rr(owner, rtype, rdata, ttl=300):
    return owner + struct.pack("!HHIH", rtype, 1, ttl, len(rdata)) + rdata


def opt_rr():
    return b"\0" + struct.pack("!HHIH", T_OPT, 1232, 0, 0)


def header(q, rcode, an, ns, ar, tc=False, aa=True):
    # the opcode and RD of the query; RA only as a forwarder (standalone)
    f = 0x8000 | (q["flags"] & 0x7900) | rcode
    if not AUTH:
        f |= 0x0080
    if aa:
        f |= 0x0400
    if tc:
        f |= 0x0200
    return struct.pack("!HHHHHH", q["id"], f, 1, an, ns, ar)


def answer(q, tcp):
    """The reply to q (bytes), or None to stay silent, or "close"."""
    n, t = q["name"], q["qtype"]
    addr_q = t in (T_A, T_AAAA)
    ar = [opt_rr()] if q["edns"] else []
    if n == "dns-silent." + ZONE and addr_q:
        return None
    if n == "truncated." + ZONE and t not in (T_SOA, T_NS):
        if tcp:
            return "close"
        return header(q, 0, 0, 0, len(ar), tc=True) + q["qsec"] + b"".join(ar)
    if n == "ptr-loop." + ZONE and addr_q:
        # the answer's owner name is a label followed by a pointer to itself
        body = header(q, 0, 1, 0, 0) + q["qsec"]
        p = len(body)
        owner = b"\x01a" + struct.pack("!H", 0xC000 | p)
        return body + rr(owner, T_A, socket.inet_aton("127.0.0.1"))
    if n == "big-rrset." + ZONE and t == T_A:
        recs = []
        size = 12 + len(q["qsec"])
        for i in range(BIG_RRSET):
            one = rr(b"\xc0\x0c", T_A, bytes([127, 1, i >> 8, i & 255]))
            if size + len(one) > 65535:
                break
            recs.append(one)
            size += len(one)
        msg = header(q, 0, len(recs), 0, 0) + q["qsec"] + b"".join(recs)
        if not tcp and len(msg) > q["udp"]:
            return header(q, 0, 0, 0, 0, tc=True) + q["qsec"]
        return msg
    if AUTH and not in_zone(n):
        # an authoritative server of hostile.test only: not ours
        return header(q, 5, 0, 0, len(ar), aa=False) + q["qsec"] + b"".join(ar)
    if n == "" or n == "test":
        rs = []
        soa = []
        rcode = 0
    elif not in_zone(n):
        return header(q, 3, 0, 0, len(ar)) + q["qsec"] + b"".join(ar)
    elif t == T_DS and n != ZONE and zone_of(n) == n:
        # the DS of a behaviour's apex is the parent side's: none (NODATA
        # with the SOA of the zone above)
        z = zone_of(n.partition(".")[2])
        rs, soa, rcode = [], [rr(wname(z), T_SOA, soa_rdata(z))], 0
    else:
        rs, soa, rcode = [], [], 0
        cur, seen, owner = n, set(), b"\xc0\x0c"
        while True:
            data = records.get(cur)
            if data is None:
                if not any(k.endswith("." + cur) for k in records):
                    rcode = 3
                z = zone_of(cur)
                soa = [rr(wname(z), T_SOA, soa_rdata(z))]
                break
            cn = [d for tt, d in data if tt == T_CNAME]
            if cn and t != T_CNAME:
                rs.append(rr(owner, T_CNAME, cn[0]))
                seen.add(cur)
                nxt = records_name(cn[0])
                if nxt in seen:
                    break
                cur, owner = nxt, cn[0]
                continue
            rs += [rr(owner, tt, d) for tt, d in data if tt == t]
            if not rs:
                z = zone_of(cur)
                soa = [rr(wname(z), T_SOA, soa_rdata(z))]
            break
    msg = (header(q, rcode, len(rs), len(soa), len(ar)) + q["qsec"] +
           b"".join(rs) + b"".join(soa) + b"".join(ar))
    if not tcp and len(msg) > q["udp"]:
        return header(q, 0, 0, 0, 0, tc=True) + q["qsec"]
    return msg


def records_name(wire):
    labels, p = [], 0
    while wire[p]:
        labels.append(wire[p + 1:p + 1 + wire[p]].decode())
        p += 1 + wire[p]
    return ".".join(labels).lower()


class DnsUdp(asyncio.DatagramProtocol):
    def connection_made(self, tr):
        self.tr = tr

    def datagram_received(self, data, peer):
        q = parse_query(data)
        if q is None:
            return
        hit("dns:" + q["name"])
        r = answer(q, False)
        if isinstance(r, bytes):
            self.tr.sendto(r, peer)


async def dns_tcp(reader, writer):
    try:
        while True:
            ln = struct.unpack("!H", await reader.readexactly(2))[0]
            q = parse_query(await reader.readexactly(ln))
            if q is None:
                break
            hit("dnstcp:" + q["name"])
            r = answer(q, True)
            if r == "close":
                break
            if r is None:
                await asyncio.sleep(120)
                break
            writer.write(struct.pack("!H", len(r)) + r)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    writer.close()


# --- HTTP -------------------------------------------------------------------
async def read_request(reader):
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError,
            asyncio.TimeoutError, ConnectionError, ssl.SSLError):
        return None
    line = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
    return line[1] if len(line) >= 2 else "/"


def response(status, headers, body=b""):
    reason = {200: "OK", 301: "Moved Permanently", 302: "Found",
              404: "Not Found"}.get(status, "X")
    h = "HTTP/1.1 %d %s\r\n" % (status, reason)
    for k, v in headers:
        h += "%s: %s\r\n" % (k, v)
    h += "Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
    return h.encode() + body


PAGE = (b"<!doctype html><html><head><title>hostile</title></head>"
        b"<body><p>A page.</p></body></html>\n")
GOOD_HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Strict-Transport-Security", "max-age=31536000"),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Content-Security-Policy",
     "default-src 'self'; frame-ancestors 'self'; base-uri 'self'; "
     "form-action 'self'"),
]
SECTXT = ("Contact: mailto:security@hostile.test\n"
          "Expires: 2099-12-31T23:00:00.000Z\n"
          "Preferred-Languages: en\n"
          "Canonical: https://%s/.well-known/security.txt\n")
GZIP_BOMB = b""


def make_gzip_bomb():
    global GZIP_BOMB
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    zero = bytes(1 << 20)
    parts = [c.compress(zero) for _ in range(1024)]   # 1 GiB of zeros
    parts.append(c.flush())
    GZIP_BOMB = b"".join(parts)


async def stream_forever(writer, chunk, pause=0.0, limit=None):
    """Writes chunk again and again until limit bytes, the peer goes away,
    or 5 minutes pass."""
    sent = 0
    end = asyncio.get_running_loop().time() + 300
    while limit is None or sent < limit:
        if writer.is_closing() or asyncio.get_running_loop().time() > end:
            raise ConnectionError("peer gone")
        writer.write(chunk)
        sent += len(chunk)
        await writer.drain()
        # drain() does not yield while the buffer is low: let others run
        await asyncio.sleep(pause)


async def web(behaviour, port, reader, writer):
    name = "%s.%s" % (behaviour, ZONE)
    tls = port == 443
    hit("%s:%d" % (behaviour, port))
    try:
        if behaviour == "tarpit":
            # no TLS either: the server is raw TCP on both ports
            while not writer.is_closing() and await reader.read(4096):
                pass
            return
        path = await read_request(reader)
        if path is None:
            return
        if not tls and behaviour not in ("redirect-private", "slowloris", "tarpit"):
            writer.write(response(301, [("Location", "https://%s/" % name)]))
            await writer.drain()
            return
        if behaviour == "slowloris":
            msg = response(200, GOOD_HEADERS, PAGE * 50)
            for i in range(len(msg)):
                if writer.is_closing():
                    break
                writer.write(msg[i:i + 1])
                await writer.drain()
                await asyncio.sleep(1)
        elif behaviour == "endless-headers":
            writer.write(b"HTTP/1.1 200 OK\r\n")
            await stream_forever(writer, b"".join(b"X-Junk-%d: %s\r\n" % (k, b"a" * 60)
                                                  for k in range(100)))
        elif behaviour == "huge-body":
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                         b"Content-Length: %d\r\n\r\n" % (1 << 30))
            await stream_forever(writer, b"<p>huge</p>" * 6000, limit=1 << 30)
        elif behaviour == "gzip-bomb":
            writer.write(response(200, GOOD_HEADERS + [("Content-Encoding", "gzip")],
                                  GZIP_BOMB))
        elif behaviour == "redirect-loop":
            writer.write(response(301, [("Location", "https://%s/" % name)]))
        elif behaviour == "redirect-chain":
            n = int(path.strip("/") or 0) if path.strip("/").isdigit() else 0
            if n < 50:
                writer.write(response(301, [("Location", "https://%s/%d" % (name, n + 1))]))
            else:
                writer.write(response(200, GOOD_HEADERS, PAGE))
        elif behaviour == "redirect-private":
            writer.write(response(302, [("Location", "%s://%s/latest/meta-data/" % (
                "https" if tls else "http", PRIVATE_TARGET))]))
        elif behaviour == "sectxt-huge":
            if path == "/.well-known/security.txt":
                body = (SECTXT % name).encode()
                line = b"# " + b"x" * 77 + b"\n"
                body += line * ((10 << 20) // len(line))
                writer.write(response(200, [("Content-Type", "text/plain; charset=utf-8")], body))
            else:
                writer.write(response(200, GOOD_HEADERS, PAGE))
        else:   # good, chain50
            if path == "/.well-known/security.txt":
                writer.write(response(200, [("Content-Type", "text/plain; charset=utf-8")],
                                      (SECTXT % name).encode()))
            else:
                writer.write(response(200, GOOD_HEADERS, PAGE))
        await writer.drain()
    except (ConnectionError, ssl.SSLError, OSError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def private_target(port, reader, writer):
    hit("private-target:%d" % port)
    writer.close()


# --- raw TLS behaviours ------------------------------------------------------
def client_suites(hello):
    """Cipher suites offered in a TLS ClientHello record, or None."""
    try:
        if hello[0] != 0x16 or hello[5] != 1:
            return None
        p = 9 + 2 + 32
        p += 1 + hello[p]
        n = struct.unpack("!H", hello[p:p + 2])[0]
        return [struct.unpack("!H", hello[p + 2 + i:p + 4 + i])[0]
                for i in range(0, n, 2)]
    except (IndexError, struct.error):
        return None


def server_hello(suite):
    # renegotiation_info and extended_master_secret, so OpenSSL goes on
    ext = b"\xff\x01\x00\x01\x00" + b"\x00\x17\x00\x00"
    body = (struct.pack("!H", 0x0303) + os.urandom(32) + b"\0" + struct.pack("!H", suite) +
            b"\0" + struct.pack("!H", len(ext)) + ext)
    hs = b"\x02" + struct.pack("!I", len(body))[1:] + body
    return b"\x16\x03\x03" + struct.pack("!H", len(hs)) + hs


async def raw_tls(behaviour, reader, writer):
    hit("%s:443" % behaviour)
    try:
        hello = await asyncio.wait_for(reader.read(16384), 30)
        suites = client_suites(hello)
        if behaviour == "tls-badlen":
            # a record header claiming 65535 bytes (more than 2^14 + 2048)
            writer.write(b"\x16\x03\x03\xff\xff" + b"\x02\x00\x00\x46" + os.urandom(200))
        elif behaviour == "tls-unoffered":
            offered = set(suites or [])
            pick = next(s for s in (0x0001, 0x0002, 0x002F, 0xC02F, 0x1301, 0xCCA8,
                                    0x00FF ^ 0x0F00, 0x5A5A)
                        if s not in offered)
            writer.write(server_hello(pick))
        elif behaviour == "tls-stall":
            offered = [s for s in (suites or [0xC02F]) if s >> 8 != 0x13 and
                       s not in (0x00FF, 0x5600)] or [0xC02F]
            writer.write(server_hello(offered[0]))
        await writer.drain()
        await asyncio.sleep(60)
    except (ConnectionError, asyncio.TimeoutError, OSError):
        pass
    finally:
        writer.close()


# --- SMTP -------------------------------------------------------------------
async def smtp(behaviour, reader, writer):
    hit("%s:25" % behaviour)
    try:
        if behaviour == "smtp-endless":
            await stream_forever(writer, b"".join(
                b"220-line %d of a reply that never ends\r\n" % k for k in range(100)))
        elif behaviour == "smtp-close":
            writer.write(b"220 mx.smtp-close.hostile.test ESMTP\r\n")
            await writer.drain()
        elif behaviour == "smtp-421":
            writer.write(b"421 4.3.2 mx.smtp-421.hostile.test busy, go away\r\n")
            await writer.drain()
        elif behaviour == "smtp-slow":
            for b in b"220 mx.smtp-slow.hostile.test ESMTP slowly\r\n" * 10:
                if writer.is_closing():
                    break
                writer.write(bytes([b]))
                await writer.drain()
                await asyncio.sleep(1)
        else:   # good-mail: a polite server without STARTTLS
            writer.write(b"220 mx.good-mail.hostile.test ESMTP\r\n")
            while True:
                line = await asyncio.wait_for(reader.readline(), 30)
                if not line:
                    break
                cmd = line[:4].upper()
                if cmd in (b"EHLO", b"HELO"):
                    writer.write(b"250-mx.good-mail.hostile.test\r\n250 8BITMIME\r\n")
                elif cmd == b"QUIT":
                    writer.write(b"221 bye\r\n")
                    await writer.drain()
                    break
                else:
                    writer.write(b"502 5.5.1 no\r\n")
                await writer.drain()
    except (ConnectionError, asyncio.TimeoutError, OSError):
        pass
    finally:
        writer.close()


# --- certificates -------------------------------------------------------------
def sh(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_certs(d):
    ca = os.path.join(d, "ca")
    sh("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
       "-nodes", "-keyout", ca + ".key", "-out", ca + ".pem", "-days", "30",
       "-subj", "/CN=hostile test CA",
       "-addext", "basicConstraints=critical,CA:TRUE",
       "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    ext = os.path.join(d, "leaf.ext")
    with open(ext, "w") as f:
        f.write("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                "extendedKeyUsage=serverAuth\n"
                "subjectAltName=DNS:%s,DNS:*.%s,DNS:*.good-mail.%s\n" % (ZONE, ZONE, ZONE))
    caext = os.path.join(d, "ca.ext")
    with open(caext, "w") as f:
        f.write("basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n")

    def issue(name, cn, parent, extfile, rsa=False):
        key = os.path.join(d, name + ".key")
        csr = os.path.join(d, name + ".csr")
        if rsa:
            sh("openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
               "-out", csr, "-subj", "/CN=" + cn)
        else:
            sh("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
               "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", csr,
               "-subj", "/CN=" + cn)
        sh("openssl", "x509", "-req", "-in", csr, "-CA", parent + ".pem",
           "-CAkey", parent + ".key", "-CAcreateserial", "-days", "30",
           "-extfile", extfile, "-out", os.path.join(d, name + ".pem"))
        return os.path.join(d, name)

    leaf = issue("leaf", "*." + ZONE, ca, ext, rsa=True)
    # chain50: the leaf and 49 intermediates, each signed by the next
    parent = ca
    inters = []
    for i in range(49):
        parent = issue("int%02d" % i, "hostile intermediate %d" % i, parent, caext)
        inters.append(parent)
    leaf50 = issue("leaf50", "chain50." + ZONE, parent, ext)
    with open(os.path.join(d, "chain50-full.pem"), "w") as out:
        for p in [leaf50] + inters[::-1]:
            with open(p + ".pem") as f:
                out.write(f.read())
    return leaf, os.path.join(d, "chain50-full.pem"), leaf50 + ".key"


def ssl_ctx(certfile, keyfile):
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    c.minimum_version = ssl.TLSVersion.TLSv1_2
    c.load_cert_chain(certfile, keyfile)
    return c


# --- main -------------------------------------------------------------------
async def dns_main(up):
    loop = asyncio.get_running_loop()
    servers = []
    for a in NS_ADDRS:
        await loop.create_datagram_endpoint(DnsUdp, local_addr=(a, 53))
        servers.append(await asyncio.start_server(dns_tcp, a, 53))
    up.set()
    await asyncio.Event().wait()


def testbed_hosts(path):
    """ADDR and NS_ADDRS from the testbed's hosts file ("NAME IPV4|- IPV6|-
    ROLES" lines): hostile-ns1/ns2 are the name servers, hostile-BEHAVIOUR
    the servers of one behaviour; every address of each."""
    global NS_ADDRS
    found = {}
    with open(path) as f:
        for line in f:
            w = line.split()
            if len(w) < 4 or w[0].startswith("#") or "hostile" not in w[3].split(","):
                continue
            if w[0].startswith("hostile-"):
                found[w[0][8:]] = [a for a in w[1:3] if a != "-"]
    missing = [b for b in list(ADDR) + ["ns1", "ns2"] if not found.get(b)]
    if missing:
        sys.exit("hostile.py: no testbed host hostile-%s (role hostile) in %s"
                 % (", hostile-".join(missing), path))
    for b in ADDR:
        ADDR[b] = found[b]
    NS_ADDRS = []
    for ns in ("ns1", "ns2"):
        for a in found[ns]:
            NS_ADDRS.append(a)
            NS_NAMES[a] = ns


async def serve_forever(ready="ready"):
    hit("started")
    with open(os.path.join(workdir, ready), "w") as f:
        f.write("%d\n" % os.getpid())
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    await stop.wait()


def bind(cb, addr, port, **kw):
    return asyncio.start_server(cb, addr, port, reuse_address=True, **kw)


async def main():
    global workdir, AUTH, hits_name
    args = sys.argv[1:]
    mode = "standalone"
    if args[:1] == ["--testbed"] and len(args) == 3:
        mode, hostsfile, workdir = "testbed", args[1], args[2]
    elif args[:1] == ["--private-target"] and len(args) == 2:
        mode, workdir = "private", args[1]
    elif len(args) == 1 and not args[0].startswith("-"):
        workdir = args[0]
    else:
        sys.exit("usage: hostile.py [--testbed HOSTS | --private-target] WORKDIR")
    os.makedirs(workdir, exist_ok=True)
    servers = []
    if mode == "private":
        # the client namespace's own loopback: what redirect-private points at
        hits_name = "hits-private.json"
        for port in (80, 443):
            servers.append(await bind(lambda r, w, p=port: private_target(p, r, w),
                                      PRIVATE_TARGET, port))
        await serve_forever("ready-private")
        return
    if mode == "testbed":
        AUTH = True
        testbed_hosts(hostsfile)
    leaf, chain50, chain50key = make_certs(workdir)
    make_gzip_bomb()
    build_zone()
    ctx = ssl_ctx(leaf + ".pem", leaf + ".key")
    ctx50 = ssl_ctx(chain50, chain50key)
    # DNS on its own thread and loop, so busy web servers cannot starve it
    dns_up = threading.Event()
    threading.Thread(target=lambda: asyncio.run(dns_main(dns_up)), daemon=True).start()
    if not dns_up.wait(30):
        sys.exit("hostile.py: DNS did not start")

    for b, addrs in ADDR.items():
        for a in addrs if isinstance(addrs, list) else [addrs]:
            if b in MAIL:
                servers.append(await bind(lambda r, w, b=b: smtp(b, r, w), a, 25))
            elif b.startswith("tls-"):
                servers.append(await bind(lambda r, w, b=b: raw_tls(b, r, w), a, 443))
            else:
                if b != "chain50":
                    servers.append(await bind(lambda r, w, b=b: web(b, 80, r, w), a, 80))
                if b == "tarpit":
                    servers.append(await bind(lambda r, w, b=b: web(b, 443, r, w), a, 443))
                else:
                    servers.append(await bind(lambda r, w, b=b: web(b, 443, r, w), a, 443,
                                              ssl=ctx50 if b == "chain50" else ctx,
                                              ssl_handshake_timeout=10))
    if mode == "standalone":
        for port in (80, 443):
            servers.append(await bind(lambda r, w, p=port: private_target(p, r, w),
                                      PRIVATE_TARGET, port))
    await serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
