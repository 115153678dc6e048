#!/usr/bin/env python3
# Seeds for fuzz_answer: [qtype selector][sec][DNS reply]. Run once; the
# output is committed in fuzz/corpus/answer/.
import os, struct, sys
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), 'corpus', 'answer')
os.makedirs(out, exist_ok=True)
def name(n):
    b = b''
    for l in n.strip('.').split('.'):
        if l: b += bytes([len(l)]) + l.encode()
    return b + b'\0'
TYPES = {'A': 1, 'AAAA': 28, 'NS': 2, 'MX': 15, 'DNSKEY': 48, 'DS': 43, 'NSEC3PARAM': 51, 'SOA': 6, 'CNAME': 5, 'TLSA': 52, 'CAA': 257, 'TXT': 16}
SEL = {'A': 0, 'AAAA': 1, 'NS': 2, 'MX': 3, 'DNSKEY': 4, 'DS': 5, 'NSEC3PARAM': 6, 'SOA': 7, 'TLSA': 8, 'CAA': 9, 'TXT': 10}
def reply(qtype, rrs, rcode=0):
    h = struct.pack('>HHHHHH', 0x1234, 0x8180 | rcode, 1, len(rrs), 0, 0)
    q = name('fuzz.test') + struct.pack('>HH', TYPES[qtype], 1)
    body = b''
    for owner, t, rdata in rrs:
        body += name(owner) + struct.pack('>HHIH', TYPES[t], 1, 300, len(rdata)) + rdata
    return h + q + body
def seed(fn, qtype, rrs, sec=2, rcode=0, mail=False):
    sel = SEL[qtype] | (0x80 if mail else 0)
    open(os.path.join(out, fn), 'wb').write(bytes([sel, sec]) + reply(qtype, rrs, rcode))
seed('a', 'A', [('fuzz.test', 'A', bytes([198, 51, 100, 7]))])
seed('aaaa', 'AAAA', [('fuzz.test', 'AAAA', bytes.fromhex('20010db8000000000000000000000001'))])
seed('aaaa-mapped', 'AAAA', [('fuzz.test', 'AAAA', bytes.fromhex('00000000000000000000ffffc6336407'))])
seed('cname-aaaa', 'AAAA', [('fuzz.test', 'CNAME', name('www.fuzz.test')), ('www.fuzz.test', 'AAAA', bytes(16))])
seed('ns', 'NS', [('fuzz.test', 'NS', name('ns1.fuzz.test')), ('fuzz.test', 'NS', name('ns2.fuzz.test'))])
seed('mx', 'MX', [('fuzz.test', 'MX', struct.pack('>H', 10) + name('mx.fuzz.test')), ('fuzz.test', 'MX', struct.pack('>H', 5) + name('localhost'))], mail=True)
seed('nullmx', 'MX', [('fuzz.test', 'MX', struct.pack('>H', 0) + b'\0')], mail=True)
seed('nullmx-mixed', 'MX', [('fuzz.test', 'MX', struct.pack('>H', 0) + b'\0'), ('fuzz.test', 'MX', struct.pack('>H', 10) + name('mx.fuzz.test'))], mail=True)
seed('dnskey', 'DNSKEY', [('fuzz.test', 'DNSKEY', struct.pack('>HBB', 257, 3, 13) + bytes(64))])
seed('dnskey-rsa', 'DNSKEY', [('fuzz.test', 'DNSKEY', struct.pack('>HBB', 256, 3, 5) + bytes([3, 1, 0, 1]) + bytes(128))])
seed('ds', 'DS', [('fuzz.test', 'DS', struct.pack('>HBB', 1234, 13, 2) + bytes(32))])
seed('nsec3param', 'NSEC3PARAM', [('fuzz.test', 'NSEC3PARAM', struct.pack('>BBHB', 1, 0, 10, 4) + bytes(4))])
seed('soa-bogus', 'SOA', [], sec=1, rcode=2)
seed('nxdomain', 'SOA', [], sec=0, rcode=3)
seed('short-rdata', 'DS', [('fuzz.test', 'DS', b'\x01')])
def txt(*strings):
    return b''.join(bytes([len(x)]) + x for x in strings)
seed('tlsa', 'TLSA', [('_443._tcp.fuzz.test', 'TLSA', bytes([3, 1, 1]) + bytes(32)), ('_443._tcp.fuzz.test', 'TLSA', bytes([2, 0, 2]) + bytes(64))])
seed('tlsa-mail', 'TLSA', [('_25._tcp.mx.fuzz.test', 'TLSA', bytes([3, 1, 1]) + bytes(32))], mail=True)
seed('tlsa-short', 'TLSA', [('_443._tcp.fuzz.test', 'TLSA', bytes([3, 1, 1]))])
seed('caa', 'CAA', [('fuzz.test', 'CAA', bytes([0, 5]) + b'issue' + b'ca.test; account=1'), ('fuzz.test', 'CAA', bytes([128, 9]) + b'issuewild' + b';')])
seed('caa-iodef', 'CAA', [('fuzz.test', 'CAA', bytes([0, 5]) + b'iodef' + b'mailto:x@fuzz.test')], mail=True)
seed('txt-spf', 'TXT', [('fuzz.test', 'TXT', txt(b'v=spf1 ip4:198.51.100.0/24 ', b'include:_spf.fuzz.test -all'))], mail=True)
seed('txt-dmarc', 'TXT', [('fuzz.test', 'TXT', txt(b'v=DMARC1; p=reject; rua=mailto:d@fuzz.test; pct=100'))], mail=True)
seed('txt-tlsrpt', 'TXT', [('fuzz.test', 'TXT', txt(b'v=TLSRPTv1; rua=mailto:t@fuzz.test'))], mail=True)
seed('txt-mtasts', 'TXT', [('fuzz.test', 'TXT', txt(b'v=STSv1; id=20261126T000000;'))], mail=True)
seed('txt-many', 'TXT', [('fuzz.test', 'TXT', txt(b'v=spf1 -all')), ('fuzz.test', 'TXT', txt(b'v=spf1 +all')), ('fuzz.test', 'TXT', txt(b'v=DMARC1; p=none', b'\0'))], mail=True)
seed('txt-web', 'TXT', [('fuzz.test', 'TXT', txt(b'v=spf1 -all'))])
