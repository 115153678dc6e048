#!/usr/bin/env python3
# Seeds for fuzz_tls_reply (server replies, as in tests/unit/test_tls_hello.c)
# and fuzz_tls_hello (option bytes). Run once; the output is committed in
# fuzz/corpus/tls_reply/ and fuzz/corpus/tls_hello/. Real s_server replies
# can be added with: UTD_TLS_DUMP=fuzz/corpus/tls_reply build/tests/test_tls_hello
import os, struct, sys
here = os.path.dirname(os.path.abspath(__file__))
reply_dir = os.path.join(here, 'corpus', 'tls_reply')
hello_dir = os.path.join(here, 'corpus', 'tls_hello')
os.makedirs(reply_dir, exist_ok=True)
os.makedirs(hello_dir, exist_ok=True)

def u16(v): return struct.pack('>H', v)
def u24(v): return struct.pack('>I', v)[1:]
def vec8(b): return bytes([len(b)]) + b
def vec16(b): return u16(len(b)) + b
def ext(t, d=b''): return u16(t) + vec16(d)
def hs(t, body): return bytes([t]) + u24(len(body)) + body
def rec(ct, data, ver=0x0303, chunk=0):
    out, off = b'', 0
    while True:
        take = len(data) - off if not chunk else min(chunk, len(data) - off)
        take = min(take, 16384)
        out += bytes([ct]) + u16(ver) + u16(take) + data[off:off + take]
        off += take
        if off >= len(data): return out
HRR = bytes.fromhex('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c')
def sh(ver=0x0303, suite=0xc02f, exts=None, random=b'\x5a' * 32, comp=0, sid=b''):
    b = u16(ver) + random + vec8(sid) + u16(suite) + bytes([comp])
    if exts is not None: b += vec16(exts)
    return hs(2, b)
def cert(n=2, size=300):
    certs = b''.join(u24(size) + bytes([0x30 + i]) * size for i in range(n))
    return hs(11, u24(len(certs)) + certs)
DONE = hs(14, b'')
def ske_ecdhe(group=29, plen=32, sigalg=0x0401, siglen=256, tls12=True):
    b = b'\x03' + u16(group) + vec8(b'\x04' * plen)
    if sigalg is not None and tls12: b += u16(sigalg)
    if sigalg is not None: b += vec16(b'\xee' * siglen)
    return hs(12, b)
def ske_dhe(p, g=b'\x02', sigalg=0x0804, tls12=True, hint=None, signed=True):
    b = b'' if hint is None else vec16(hint)
    b += vec16(p) + vec16(g) + vec16(b'\x42' * len(p))
    if signed:
        if tls12: b += u16(sigalg)
        b += vec16(b'\x99' * 64)
    return hs(12, b)
def e_fixed(bits):
    sc = 1 << (bits + 64); t, s, k = sc, 0, 0
    while t: s += t; k += 1; t //= k
    return s >> 64
def ffdhe(b, x):
    m = e_fixed(b - 130) + x
    return ((1 << b) - (1 << (b - 64)) + m * (1 << 64) - 1).to_bytes(b // 8, 'big')

seeds = {}
std = ext(0xff01, b'\x00') + ext(23) + ext(16, vec16(vec8(b'h2'))) + ext(35) + ext(5) + ext(11, b'\x01\x00')
flight = sh(exts=std) + cert() + ske_ecdhe() + DONE
seeds['tls12-ecdhe'] = rec(22, flight)
seeds['tls12-ecdhe-split'] = rec(22, flight, chunk=7)
seeds['tls12-status'] = rec(22, sh(exts=std) + cert(1, 100) + hs(22, b'\x01' + u24(4) + b'ocsp') + ske_ecdhe(23, 65, 0x0804) + hs(13, b'\x01\x01' + vec16(u16(0x0401)) + vec16(b'')) + DONE)
seeds['tls10-ecdhe'] = rec(22, sh(0x0301, 0xc013, comp=1) + cert(1) + ske_ecdhe(23, 65, 0, 128, tls12=False) + DONE, 0x0301)
seeds['tls12-dhe-ffdhe2048'] = rec(22, sh(0x0303, 0x009e) + cert(1) + ske_dhe(ffdhe(2048, 560316)) + DONE)
seeds['tls12-dhe-ffdhe3072'] = rec(22, sh(0x0303, 0x009f) + ske_dhe(ffdhe(3072, 2625351)) + DONE)
seeds['tls11-dhe-custom1024'] = rec(22, sh(0x0302, 0x0033) + ske_dhe(b'\x00' + b'\xc3' * 128, tls12=False) + DONE, 0x0302)
seeds['tls12-dhe-psk'] = rec(22, sh(0x0303, 0x00aa) + ske_dhe(b'\xc3' * 64, hint=b'hint', signed=False) + DONE)
seeds['tls12-ecdhe-psk'] = rec(22, sh(0x0303, 0xc035) + hs(12, vec16(b'hint') + b'\x03' + u16(29) + vec8(b'\x01' * 32)) + DONE)
seeds['tls12-psk'] = rec(22, sh(0x0303, 0x008c) + hs(12, vec16(b'hint')) + DONE)
seeds['tls10-rsa-export'] = rec(22, sh(0x0301, 0x0003) + cert(1) + hs(12, vec16(b'\xc1' * 64) + vec16(b'\x01\x00\x01') + vec16(b'\x99' * 128)) + DONE, 0x0301)
seeds['tls12-ecdh-anon'] = rec(22, sh(0x0303, 0xc018) + hs(12, b'\x03' + u16(23) + vec8(b'\x04\x01\x02')) + DONE)
seeds['tls12-explicit-curve'] = rec(22, sh(0x0303, 0xc02f) + hs(12, b'\x01\x00') + DONE)
seeds['tls12-resumed'] = rec(22, sh(0x0303, 0xc02f, sid=b'\x01' * 32)) + rec(20, b'\x01')
seeds['tls12-then-alert'] = rec(22, sh(0x0303, 0xc02f)) + rec(21, b'\x02\x28')
ks = ext(43, u16(0x0304)) + ext(51, u16(29) + vec16(b'\x07' * 32))
seeds['tls13'] = rec(22, sh(0x0303, 0x1302, ks, sid=b'\x11' * 32)) + rec(20, b'\x01') + rec(23, b'hello')
seeds['tls13-p256'] = rec(22, sh(0x0303, 0x1301, ext(43, u16(0x0304)) + ext(51, u16(23) + vec16(b'\x04' * 65))))
seeds['tls13-hrr'] = rec(22, sh(0x0303, 0x1301, ext(43, u16(0x0304)) + ext(51, u16(23)) + ext(44, vec16(b'zz')), random=HRR))
seeds['tls12-downgrade'] = rec(22, sh(0x0303, 0xc02f, random=b'\x01' * 24 + b'DOWNGRD\x01') + DONE)
seeds['alert'] = rec(21, b'\x02\x46', 0x0301)
seeds['alert-ssl3'] = rec(21, b'\x02\x28', 0x0300)
seeds['ssl2-server-hello'] = bytes([0x80, 37, 4, 0, 1, 0, 2, 0, 4, 0, 6, 0, 16]) + b'cert' + bytes.fromhex('0100800700c0') + bytes(range(1, 17))
seeds['ssl2-error'] = bytes([0x80, 3, 0, 0, 1])
seeds['http'] = b'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'
seeds['smtp'] = b'220 mail.example.test ESMTP\r\n'
seeds['bad-sid'] = rec(22, hs(2, u16(0x0303) + b'\x5a' * 32 + b'\x21' + b'\x00' * 6))
seeds['dup-ext'] = rec(22, sh(exts=ext(23) + ext(23)))
seeds['long-record'] = bytes.fromhex('16030348010000')
seeds['big-cert'] = rec(22, sh(0x0303, 0x009c) + cert(1, 40000) + DONE)
for name, data in seeds.items():
    open(os.path.join(reply_dir, name), 'wb').write(data)

# fuzz_tls_hello: [version sel][min sel][flags][suites/2][groups][sigalgs]
# [sni len/2][alpn len] + 32 random bytes + the pool.
def hello_seed(ver, mn, flags, ns, ng, nsig, sni, alpn, pool):
    return bytes([ver, mn, flags, ns, ng, nsig, sni, alpn]) + bytes(range(32)) + pool
pool12 = bytes.fromhex('c02fc030c02b009e00ff') * 4
pool13 = bytes.fromhex('130213031301') + bytes([0, 2, 3, 4, 0x80, 0x29]) + bytes.fromhex('0403080404010201') * 4
hellos = {
    'ssl2': hello_seed(0, 0, 0, 3, 0, 0, 0, 0, bytes.fromhex('0100800700c0060040')),
    'ssl3': hello_seed(1, 0, 0x01, 5, 0, 0, 0, 0, pool12),
    'tls10': hello_seed(2, 0, 0xde, 5, 3, 4, 8, 11, pool12),
    'tls11': hello_seed(3, 0, 0x5e, 5, 3, 0, 8, 0, pool12),
    'tls12': hello_seed(4, 0, 0xde, 5, 3, 4, 8, 11, pool12),
    'tls12-deflate': hello_seed(4, 0, 0x3e, 5, 3, 4, 0, 0, pool12),
    'tls13': hello_seed(5, 4, 0xde, 3, 4, 4, 8, 11, pool13),
    'tls13-ssl3': hello_seed(6, 1, 0xc6, 3, 6, 4, 5, 20, pool13),
    'tls13-ffdhe': hello_seed(5, 0, 0x46, 3, 2, 4, 5, 0, bytes.fromhex('130200 08 0c'.replace(' ', ''))),
    'tls13-hybrid': hello_seed(5, 4, 0x46, 3, 2, 4, 5, 0, bytes.fromhex('13020d00')),
    'bad-version': hello_seed(7, 0, 0, 3, 0, 0, 0, 0, pool12),
    'long-sni': hello_seed(4, 0, 0x40, 5, 0, 0, 200, 0, pool12),
    'max-suites': hello_seed(4, 0x40, 0, 0, 0, 0, 0, 0, pool12),
}
for name, data in hellos.items():
    open(os.path.join(hello_dir, name), 'wb').write(data)
print(len(seeds), 'reply seeds,', len(hellos), 'hello seeds')
