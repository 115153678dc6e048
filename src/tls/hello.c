/*
 * hello.c: hand-built ClientHellos and a strict parser of the server's
 * first flight. Pure buffer code: no sockets, no allocation, no OpenSSL.
 *
 * The builder writes through a bounded writer that remembers an overflow
 * instead of checking every call. The parser reads through cursors that
 * refuse any read past their end, and it re-reads the whole buffer on each
 * call; a verdict reached on a prefix of the input therefore never depends
 * on bytes after that prefix (the fuzz target checks this).
 *
 * Key shares are valid public values without private keys: we never finish
 * a handshake, but servers validate shares, and an invalid one would earn
 * an alert we would misread as "group not supported". The NIST and
 * brainpool shares are the curves' generator points (SEC 2, RFC 5639),
 * FFDHE shares are the value 2 (it generates the prime-order subgroup of
 * every RFC 7919 group), X25519/X448 shares are bytes from the random.
 */
#include <stdio.h>
#include <string.h>

#include "tls/hello.h"

#define REC_HDR_LEN         5
#define REC_PLAIN_MAX       16384          /* RFC 8446 5.1: 2^14 */
#define REC_READ_MAX        (16384 + 2048) /* RFC 5246 6.2.3: ciphertext bound */
#define HS_HDR_LEN          4
#define HS_MSG_MAX          16384          /* largest message we keep (SH, SKE) */
#define FLIGHT_MAX          (256 * 1024)   /* all handshake bytes of a flight */
#define SSL2_REC_MAX        32767
#define SSL2_CHALLENGE_LEN  16
#define SID_MAX             32
#define SNI_NAME_MAX        255
#define ALPN_PROTO_MAX      255

enum {
	CT_CCS = 20,
	CT_ALERT = 21,
	CT_HANDSHAKE = 22,
	CT_APPDATA = 23,
};

enum {
	HS_HELLO_REQUEST = 0,
	HS_CLIENT_HELLO = 1,
	HS_SERVER_HELLO = 2,
	HS_NEW_SESSION_TICKET = 4,
	HS_CERTIFICATE = 11,
	HS_SERVER_KEY_EXCHANGE = 12,
	HS_CERTIFICATE_REQUEST = 13,
	HS_SERVER_HELLO_DONE = 14,
	HS_CERTIFICATE_STATUS = 22,
	HS_SUPPLEMENTAL_DATA = 23,
};

enum {
	EXT_SERVER_NAME = 0,
	EXT_STATUS_REQUEST = 5,
	EXT_SUPPORTED_GROUPS = 10,
	EXT_EC_POINT_FORMATS = 11,
	EXT_SIGNATURE_ALGORITHMS = 13,
	EXT_ALPN = 16,
	EXT_EMS = 23,
	EXT_SESSION_TICKET = 35,
	EXT_SUPPORTED_VERSIONS = 43,
	EXT_PSK_MODES = 45,
	EXT_KEY_SHARE = 51,
	EXT_RENEG_INFO = 0xff01,
};

enum {
	SSL2_MT_ERROR = 0,
	SSL2_MT_CLIENT_HELLO = 1,
	SSL2_MT_SERVER_HELLO = 4,
};

#define GROUP_X25519          29
#define GROUP_X448            30
#define GROUP_FFDHE2048       0x0100
#define GROUP_EXPLICIT_PRIME  0xff01
#define GROUP_EXPLICIT_CHAR2  0xff02
#define EC_CURVE_NAMED        3

/* RFC 8446 4.1.3: SHA-256("HelloRetryRequest") as the ServerHello random */
static const uint8_t hrr_random[32] = {
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02,
	0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e,
	0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

/* RFC 8446 4.1.3: last 8 bytes of a downgrading server's random */
static const uint8_t downgrade_tls12[8] = { 'D', 'O', 'W', 'N', 'G', 'R', 'D', 1 };
static const uint8_t downgrade_tls11[8] = { 'D', 'O', 'W', 'N', 'G', 'R', 'D', 0 };

/*
 * Public constants: the RFC 7919 Appendix A primes, and the uncompressed
 * generator points of secp256r1/384r1/521r1 (SEC 2) and brainpoolP256r1/
 * 384r1/512r1 (RFC 5639). Generated from the system OpenSSL's parameters
 * and checked (primality of p and (p-1)/2, the RFC 7919 formula with e,
 * points on their curves) before being written here.
 */
static const uint8_t ffdhe2048_p[256] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xad, 0xf8, 0x54, 0x58,
	0xa2, 0xbb, 0x4a, 0x9a, 0xaf, 0xdc, 0x56, 0x20, 0x27, 0x3d, 0x3c, 0xf1,
	0xd8, 0xb9, 0xc5, 0x83, 0xce, 0x2d, 0x36, 0x95, 0xa9, 0xe1, 0x36, 0x41,
	0x14, 0x64, 0x33, 0xfb, 0xcc, 0x93, 0x9d, 0xce, 0x24, 0x9b, 0x3e, 0xf9,
	0x7d, 0x2f, 0xe3, 0x63, 0x63, 0x0c, 0x75, 0xd8, 0xf6, 0x81, 0xb2, 0x02,
	0xae, 0xc4, 0x61, 0x7a, 0xd3, 0xdf, 0x1e, 0xd5, 0xd5, 0xfd, 0x65, 0x61,
	0x24, 0x33, 0xf5, 0x1f, 0x5f, 0x06, 0x6e, 0xd0, 0x85, 0x63, 0x65, 0x55,
	0x3d, 0xed, 0x1a, 0xf3, 0xb5, 0x57, 0x13, 0x5e, 0x7f, 0x57, 0xc9, 0x35,
	0x98, 0x4f, 0x0c, 0x70, 0xe0, 0xe6, 0x8b, 0x77, 0xe2, 0xa6, 0x89, 0xda,
	0xf3, 0xef, 0xe8, 0x72, 0x1d, 0xf1, 0x58, 0xa1, 0x36, 0xad, 0xe7, 0x35,
	0x30, 0xac, 0xca, 0x4f, 0x48, 0x3a, 0x79, 0x7a, 0xbc, 0x0a, 0xb1, 0x82,
	0xb3, 0x24, 0xfb, 0x61, 0xd1, 0x08, 0xa9, 0x4b, 0xb2, 0xc8, 0xe3, 0xfb,
	0xb9, 0x6a, 0xda, 0xb7, 0x60, 0xd7, 0xf4, 0x68, 0x1d, 0x4f, 0x42, 0xa3,
	0xde, 0x39, 0x4d, 0xf4, 0xae, 0x56, 0xed, 0xe7, 0x63, 0x72, 0xbb, 0x19,
	0x0b, 0x07, 0xa7, 0xc8, 0xee, 0x0a, 0x6d, 0x70, 0x9e, 0x02, 0xfc, 0xe1,
	0xcd, 0xf7, 0xe2, 0xec, 0xc0, 0x34, 0x04, 0xcd, 0x28, 0x34, 0x2f, 0x61,
	0x91, 0x72, 0xfe, 0x9c, 0xe9, 0x85, 0x83, 0xff, 0x8e, 0x4f, 0x12, 0x32,
	0xee, 0xf2, 0x81, 0x83, 0xc3, 0xfe, 0x3b, 0x1b, 0x4c, 0x6f, 0xad, 0x73,
	0x3b, 0xb5, 0xfc, 0xbc, 0x2e, 0xc2, 0x20, 0x05, 0xc5, 0x8e, 0xf1, 0x83,
	0x7d, 0x16, 0x83, 0xb2, 0xc6, 0xf3, 0x4a, 0x26, 0xc1, 0xb2, 0xef, 0xfa,
	0x88, 0x6b, 0x42, 0x38, 0x61, 0x28, 0x5c, 0x97, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff,
};

static const uint8_t ffdhe3072_p[384] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xad, 0xf8, 0x54, 0x58,
	0xa2, 0xbb, 0x4a, 0x9a, 0xaf, 0xdc, 0x56, 0x20, 0x27, 0x3d, 0x3c, 0xf1,
	0xd8, 0xb9, 0xc5, 0x83, 0xce, 0x2d, 0x36, 0x95, 0xa9, 0xe1, 0x36, 0x41,
	0x14, 0x64, 0x33, 0xfb, 0xcc, 0x93, 0x9d, 0xce, 0x24, 0x9b, 0x3e, 0xf9,
	0x7d, 0x2f, 0xe3, 0x63, 0x63, 0x0c, 0x75, 0xd8, 0xf6, 0x81, 0xb2, 0x02,
	0xae, 0xc4, 0x61, 0x7a, 0xd3, 0xdf, 0x1e, 0xd5, 0xd5, 0xfd, 0x65, 0x61,
	0x24, 0x33, 0xf5, 0x1f, 0x5f, 0x06, 0x6e, 0xd0, 0x85, 0x63, 0x65, 0x55,
	0x3d, 0xed, 0x1a, 0xf3, 0xb5, 0x57, 0x13, 0x5e, 0x7f, 0x57, 0xc9, 0x35,
	0x98, 0x4f, 0x0c, 0x70, 0xe0, 0xe6, 0x8b, 0x77, 0xe2, 0xa6, 0x89, 0xda,
	0xf3, 0xef, 0xe8, 0x72, 0x1d, 0xf1, 0x58, 0xa1, 0x36, 0xad, 0xe7, 0x35,
	0x30, 0xac, 0xca, 0x4f, 0x48, 0x3a, 0x79, 0x7a, 0xbc, 0x0a, 0xb1, 0x82,
	0xb3, 0x24, 0xfb, 0x61, 0xd1, 0x08, 0xa9, 0x4b, 0xb2, 0xc8, 0xe3, 0xfb,
	0xb9, 0x6a, 0xda, 0xb7, 0x60, 0xd7, 0xf4, 0x68, 0x1d, 0x4f, 0x42, 0xa3,
	0xde, 0x39, 0x4d, 0xf4, 0xae, 0x56, 0xed, 0xe7, 0x63, 0x72, 0xbb, 0x19,
	0x0b, 0x07, 0xa7, 0xc8, 0xee, 0x0a, 0x6d, 0x70, 0x9e, 0x02, 0xfc, 0xe1,
	0xcd, 0xf7, 0xe2, 0xec, 0xc0, 0x34, 0x04, 0xcd, 0x28, 0x34, 0x2f, 0x61,
	0x91, 0x72, 0xfe, 0x9c, 0xe9, 0x85, 0x83, 0xff, 0x8e, 0x4f, 0x12, 0x32,
	0xee, 0xf2, 0x81, 0x83, 0xc3, 0xfe, 0x3b, 0x1b, 0x4c, 0x6f, 0xad, 0x73,
	0x3b, 0xb5, 0xfc, 0xbc, 0x2e, 0xc2, 0x20, 0x05, 0xc5, 0x8e, 0xf1, 0x83,
	0x7d, 0x16, 0x83, 0xb2, 0xc6, 0xf3, 0x4a, 0x26, 0xc1, 0xb2, 0xef, 0xfa,
	0x88, 0x6b, 0x42, 0x38, 0x61, 0x1f, 0xcf, 0xdc, 0xde, 0x35, 0x5b, 0x3b,
	0x65, 0x19, 0x03, 0x5b, 0xbc, 0x34, 0xf4, 0xde, 0xf9, 0x9c, 0x02, 0x38,
	0x61, 0xb4, 0x6f, 0xc9, 0xd6, 0xe6, 0xc9, 0x07, 0x7a, 0xd9, 0x1d, 0x26,
	0x91, 0xf7, 0xf7, 0xee, 0x59, 0x8c, 0xb0, 0xfa, 0xc1, 0x86, 0xd9, 0x1c,
	0xae, 0xfe, 0x13, 0x09, 0x85, 0x13, 0x92, 0x70, 0xb4, 0x13, 0x0c, 0x93,
	0xbc, 0x43, 0x79, 0x44, 0xf4, 0xfd, 0x44, 0x52, 0xe2, 0xd7, 0x4d, 0xd3,
	0x64, 0xf2, 0xe2, 0x1e, 0x71, 0xf5, 0x4b, 0xff, 0x5c, 0xae, 0x82, 0xab,
	0x9c, 0x9d, 0xf6, 0x9e, 0xe8, 0x6d, 0x2b, 0xc5, 0x22, 0x36, 0x3a, 0x0d,
	0xab, 0xc5, 0x21, 0x97, 0x9b, 0x0d, 0xea, 0xda, 0x1d, 0xbf, 0x9a, 0x42,
	0xd5, 0xc4, 0x48, 0x4e, 0x0a, 0xbc, 0xd0, 0x6b, 0xfa, 0x53, 0xdd, 0xef,
	0x3c, 0x1b, 0x20, 0xee, 0x3f, 0xd5, 0x9d, 0x7c, 0x25, 0xe4, 0x1d, 0x2b,
	0x66, 0xc6, 0x2e, 0x37, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

static const uint8_t ffdhe4096_p[512] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xad, 0xf8, 0x54, 0x58,
	0xa2, 0xbb, 0x4a, 0x9a, 0xaf, 0xdc, 0x56, 0x20, 0x27, 0x3d, 0x3c, 0xf1,
	0xd8, 0xb9, 0xc5, 0x83, 0xce, 0x2d, 0x36, 0x95, 0xa9, 0xe1, 0x36, 0x41,
	0x14, 0x64, 0x33, 0xfb, 0xcc, 0x93, 0x9d, 0xce, 0x24, 0x9b, 0x3e, 0xf9,
	0x7d, 0x2f, 0xe3, 0x63, 0x63, 0x0c, 0x75, 0xd8, 0xf6, 0x81, 0xb2, 0x02,
	0xae, 0xc4, 0x61, 0x7a, 0xd3, 0xdf, 0x1e, 0xd5, 0xd5, 0xfd, 0x65, 0x61,
	0x24, 0x33, 0xf5, 0x1f, 0x5f, 0x06, 0x6e, 0xd0, 0x85, 0x63, 0x65, 0x55,
	0x3d, 0xed, 0x1a, 0xf3, 0xb5, 0x57, 0x13, 0x5e, 0x7f, 0x57, 0xc9, 0x35,
	0x98, 0x4f, 0x0c, 0x70, 0xe0, 0xe6, 0x8b, 0x77, 0xe2, 0xa6, 0x89, 0xda,
	0xf3, 0xef, 0xe8, 0x72, 0x1d, 0xf1, 0x58, 0xa1, 0x36, 0xad, 0xe7, 0x35,
	0x30, 0xac, 0xca, 0x4f, 0x48, 0x3a, 0x79, 0x7a, 0xbc, 0x0a, 0xb1, 0x82,
	0xb3, 0x24, 0xfb, 0x61, 0xd1, 0x08, 0xa9, 0x4b, 0xb2, 0xc8, 0xe3, 0xfb,
	0xb9, 0x6a, 0xda, 0xb7, 0x60, 0xd7, 0xf4, 0x68, 0x1d, 0x4f, 0x42, 0xa3,
	0xde, 0x39, 0x4d, 0xf4, 0xae, 0x56, 0xed, 0xe7, 0x63, 0x72, 0xbb, 0x19,
	0x0b, 0x07, 0xa7, 0xc8, 0xee, 0x0a, 0x6d, 0x70, 0x9e, 0x02, 0xfc, 0xe1,
	0xcd, 0xf7, 0xe2, 0xec, 0xc0, 0x34, 0x04, 0xcd, 0x28, 0x34, 0x2f, 0x61,
	0x91, 0x72, 0xfe, 0x9c, 0xe9, 0x85, 0x83, 0xff, 0x8e, 0x4f, 0x12, 0x32,
	0xee, 0xf2, 0x81, 0x83, 0xc3, 0xfe, 0x3b, 0x1b, 0x4c, 0x6f, 0xad, 0x73,
	0x3b, 0xb5, 0xfc, 0xbc, 0x2e, 0xc2, 0x20, 0x05, 0xc5, 0x8e, 0xf1, 0x83,
	0x7d, 0x16, 0x83, 0xb2, 0xc6, 0xf3, 0x4a, 0x26, 0xc1, 0xb2, 0xef, 0xfa,
	0x88, 0x6b, 0x42, 0x38, 0x61, 0x1f, 0xcf, 0xdc, 0xde, 0x35, 0x5b, 0x3b,
	0x65, 0x19, 0x03, 0x5b, 0xbc, 0x34, 0xf4, 0xde, 0xf9, 0x9c, 0x02, 0x38,
	0x61, 0xb4, 0x6f, 0xc9, 0xd6, 0xe6, 0xc9, 0x07, 0x7a, 0xd9, 0x1d, 0x26,
	0x91, 0xf7, 0xf7, 0xee, 0x59, 0x8c, 0xb0, 0xfa, 0xc1, 0x86, 0xd9, 0x1c,
	0xae, 0xfe, 0x13, 0x09, 0x85, 0x13, 0x92, 0x70, 0xb4, 0x13, 0x0c, 0x93,
	0xbc, 0x43, 0x79, 0x44, 0xf4, 0xfd, 0x44, 0x52, 0xe2, 0xd7, 0x4d, 0xd3,
	0x64, 0xf2, 0xe2, 0x1e, 0x71, 0xf5, 0x4b, 0xff, 0x5c, 0xae, 0x82, 0xab,
	0x9c, 0x9d, 0xf6, 0x9e, 0xe8, 0x6d, 0x2b, 0xc5, 0x22, 0x36, 0x3a, 0x0d,
	0xab, 0xc5, 0x21, 0x97, 0x9b, 0x0d, 0xea, 0xda, 0x1d, 0xbf, 0x9a, 0x42,
	0xd5, 0xc4, 0x48, 0x4e, 0x0a, 0xbc, 0xd0, 0x6b, 0xfa, 0x53, 0xdd, 0xef,
	0x3c, 0x1b, 0x20, 0xee, 0x3f, 0xd5, 0x9d, 0x7c, 0x25, 0xe4, 0x1d, 0x2b,
	0x66, 0x9e, 0x1e, 0xf1, 0x6e, 0x6f, 0x52, 0xc3, 0x16, 0x4d, 0xf4, 0xfb,
	0x79, 0x30, 0xe9, 0xe4, 0xe5, 0x88, 0x57, 0xb6, 0xac, 0x7d, 0x5f, 0x42,
	0xd6, 0x9f, 0x6d, 0x18, 0x77, 0x63, 0xcf, 0x1d, 0x55, 0x03, 0x40, 0x04,
	0x87, 0xf5, 0x5b, 0xa5, 0x7e, 0x31, 0xcc, 0x7a, 0x71, 0x35, 0xc8, 0x86,
	0xef, 0xb4, 0x31, 0x8a, 0xed, 0x6a, 0x1e, 0x01, 0x2d, 0x9e, 0x68, 0x32,
	0xa9, 0x07, 0x60, 0x0a, 0x91, 0x81, 0x30, 0xc4, 0x6d, 0xc7, 0x78, 0xf9,
	0x71, 0xad, 0x00, 0x38, 0x09, 0x29, 0x99, 0xa3, 0x33, 0xcb, 0x8b, 0x7a,
	0x1a, 0x1d, 0xb9, 0x3d, 0x71, 0x40, 0x00, 0x3c, 0x2a, 0x4e, 0xce, 0xa9,
	0xf9, 0x8d, 0x0a, 0xcc, 0x0a, 0x82, 0x91, 0xcd, 0xce, 0xc9, 0x7d, 0xcf,
	0x8e, 0xc9, 0xb5, 0x5a, 0x7f, 0x88, 0xa4, 0x6b, 0x4d, 0xb5, 0xa8, 0x51,
	0xf4, 0x41, 0x82, 0xe1, 0xc6, 0x8a, 0x00, 0x7e, 0x5e, 0x65, 0x5f, 0x6a,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

static const uint8_t ffdhe6144_p[768] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xad, 0xf8, 0x54, 0x58,
	0xa2, 0xbb, 0x4a, 0x9a, 0xaf, 0xdc, 0x56, 0x20, 0x27, 0x3d, 0x3c, 0xf1,
	0xd8, 0xb9, 0xc5, 0x83, 0xce, 0x2d, 0x36, 0x95, 0xa9, 0xe1, 0x36, 0x41,
	0x14, 0x64, 0x33, 0xfb, 0xcc, 0x93, 0x9d, 0xce, 0x24, 0x9b, 0x3e, 0xf9,
	0x7d, 0x2f, 0xe3, 0x63, 0x63, 0x0c, 0x75, 0xd8, 0xf6, 0x81, 0xb2, 0x02,
	0xae, 0xc4, 0x61, 0x7a, 0xd3, 0xdf, 0x1e, 0xd5, 0xd5, 0xfd, 0x65, 0x61,
	0x24, 0x33, 0xf5, 0x1f, 0x5f, 0x06, 0x6e, 0xd0, 0x85, 0x63, 0x65, 0x55,
	0x3d, 0xed, 0x1a, 0xf3, 0xb5, 0x57, 0x13, 0x5e, 0x7f, 0x57, 0xc9, 0x35,
	0x98, 0x4f, 0x0c, 0x70, 0xe0, 0xe6, 0x8b, 0x77, 0xe2, 0xa6, 0x89, 0xda,
	0xf3, 0xef, 0xe8, 0x72, 0x1d, 0xf1, 0x58, 0xa1, 0x36, 0xad, 0xe7, 0x35,
	0x30, 0xac, 0xca, 0x4f, 0x48, 0x3a, 0x79, 0x7a, 0xbc, 0x0a, 0xb1, 0x82,
	0xb3, 0x24, 0xfb, 0x61, 0xd1, 0x08, 0xa9, 0x4b, 0xb2, 0xc8, 0xe3, 0xfb,
	0xb9, 0x6a, 0xda, 0xb7, 0x60, 0xd7, 0xf4, 0x68, 0x1d, 0x4f, 0x42, 0xa3,
	0xde, 0x39, 0x4d, 0xf4, 0xae, 0x56, 0xed, 0xe7, 0x63, 0x72, 0xbb, 0x19,
	0x0b, 0x07, 0xa7, 0xc8, 0xee, 0x0a, 0x6d, 0x70, 0x9e, 0x02, 0xfc, 0xe1,
	0xcd, 0xf7, 0xe2, 0xec, 0xc0, 0x34, 0x04, 0xcd, 0x28, 0x34, 0x2f, 0x61,
	0x91, 0x72, 0xfe, 0x9c, 0xe9, 0x85, 0x83, 0xff, 0x8e, 0x4f, 0x12, 0x32,
	0xee, 0xf2, 0x81, 0x83, 0xc3, 0xfe, 0x3b, 0x1b, 0x4c, 0x6f, 0xad, 0x73,
	0x3b, 0xb5, 0xfc, 0xbc, 0x2e, 0xc2, 0x20, 0x05, 0xc5, 0x8e, 0xf1, 0x83,
	0x7d, 0x16, 0x83, 0xb2, 0xc6, 0xf3, 0x4a, 0x26, 0xc1, 0xb2, 0xef, 0xfa,
	0x88, 0x6b, 0x42, 0x38, 0x61, 0x1f, 0xcf, 0xdc, 0xde, 0x35, 0x5b, 0x3b,
	0x65, 0x19, 0x03, 0x5b, 0xbc, 0x34, 0xf4, 0xde, 0xf9, 0x9c, 0x02, 0x38,
	0x61, 0xb4, 0x6f, 0xc9, 0xd6, 0xe6, 0xc9, 0x07, 0x7a, 0xd9, 0x1d, 0x26,
	0x91, 0xf7, 0xf7, 0xee, 0x59, 0x8c, 0xb0, 0xfa, 0xc1, 0x86, 0xd9, 0x1c,
	0xae, 0xfe, 0x13, 0x09, 0x85, 0x13, 0x92, 0x70, 0xb4, 0x13, 0x0c, 0x93,
	0xbc, 0x43, 0x79, 0x44, 0xf4, 0xfd, 0x44, 0x52, 0xe2, 0xd7, 0x4d, 0xd3,
	0x64, 0xf2, 0xe2, 0x1e, 0x71, 0xf5, 0x4b, 0xff, 0x5c, 0xae, 0x82, 0xab,
	0x9c, 0x9d, 0xf6, 0x9e, 0xe8, 0x6d, 0x2b, 0xc5, 0x22, 0x36, 0x3a, 0x0d,
	0xab, 0xc5, 0x21, 0x97, 0x9b, 0x0d, 0xea, 0xda, 0x1d, 0xbf, 0x9a, 0x42,
	0xd5, 0xc4, 0x48, 0x4e, 0x0a, 0xbc, 0xd0, 0x6b, 0xfa, 0x53, 0xdd, 0xef,
	0x3c, 0x1b, 0x20, 0xee, 0x3f, 0xd5, 0x9d, 0x7c, 0x25, 0xe4, 0x1d, 0x2b,
	0x66, 0x9e, 0x1e, 0xf1, 0x6e, 0x6f, 0x52, 0xc3, 0x16, 0x4d, 0xf4, 0xfb,
	0x79, 0x30, 0xe9, 0xe4, 0xe5, 0x88, 0x57, 0xb6, 0xac, 0x7d, 0x5f, 0x42,
	0xd6, 0x9f, 0x6d, 0x18, 0x77, 0x63, 0xcf, 0x1d, 0x55, 0x03, 0x40, 0x04,
	0x87, 0xf5, 0x5b, 0xa5, 0x7e, 0x31, 0xcc, 0x7a, 0x71, 0x35, 0xc8, 0x86,
	0xef, 0xb4, 0x31, 0x8a, 0xed, 0x6a, 0x1e, 0x01, 0x2d, 0x9e, 0x68, 0x32,
	0xa9, 0x07, 0x60, 0x0a, 0x91, 0x81, 0x30, 0xc4, 0x6d, 0xc7, 0x78, 0xf9,
	0x71, 0xad, 0x00, 0x38, 0x09, 0x29, 0x99, 0xa3, 0x33, 0xcb, 0x8b, 0x7a,
	0x1a, 0x1d, 0xb9, 0x3d, 0x71, 0x40, 0x00, 0x3c, 0x2a, 0x4e, 0xce, 0xa9,
	0xf9, 0x8d, 0x0a, 0xcc, 0x0a, 0x82, 0x91, 0xcd, 0xce, 0xc9, 0x7d, 0xcf,
	0x8e, 0xc9, 0xb5, 0x5a, 0x7f, 0x88, 0xa4, 0x6b, 0x4d, 0xb5, 0xa8, 0x51,
	0xf4, 0x41, 0x82, 0xe1, 0xc6, 0x8a, 0x00, 0x7e, 0x5e, 0x0d, 0xd9, 0x02,
	0x0b, 0xfd, 0x64, 0xb6, 0x45, 0x03, 0x6c, 0x7a, 0x4e, 0x67, 0x7d, 0x2c,
	0x38, 0x53, 0x2a, 0x3a, 0x23, 0xba, 0x44, 0x42, 0xca, 0xf5, 0x3e, 0xa6,
	0x3b, 0xb4, 0x54, 0x32, 0x9b, 0x76, 0x24, 0xc8, 0x91, 0x7b, 0xdd, 0x64,
	0xb1, 0xc0, 0xfd, 0x4c, 0xb3, 0x8e, 0x8c, 0x33, 0x4c, 0x70, 0x1c, 0x3a,
	0xcd, 0xad, 0x06, 0x57, 0xfc, 0xcf, 0xec, 0x71, 0x9b, 0x1f, 0x5c, 0x3e,
	0x4e, 0x46, 0x04, 0x1f, 0x38, 0x81, 0x47, 0xfb, 0x4c, 0xfd, 0xb4, 0x77,
	0xa5, 0x24, 0x71, 0xf7, 0xa9, 0xa9, 0x69, 0x10, 0xb8, 0x55, 0x32, 0x2e,
	0xdb, 0x63, 0x40, 0xd8, 0xa0, 0x0e, 0xf0, 0x92, 0x35, 0x05, 0x11, 0xe3,
	0x0a, 0xbe, 0xc1, 0xff, 0xf9, 0xe3, 0xa2, 0x6e, 0x7f, 0xb2, 0x9f, 0x8c,
	0x18, 0x30, 0x23, 0xc3, 0x58, 0x7e, 0x38, 0xda, 0x00, 0x77, 0xd9, 0xb4,
	0x76, 0x3e, 0x4e, 0x4b, 0x94, 0xb2, 0xbb, 0xc1, 0x94, 0xc6, 0x65, 0x1e,
	0x77, 0xca, 0xf9, 0x92, 0xee, 0xaa, 0xc0, 0x23, 0x2a, 0x28, 0x1b, 0xf6,
	0xb3, 0xa7, 0x39, 0xc1, 0x22, 0x61, 0x16, 0x82, 0x0a, 0xe8, 0xdb, 0x58,
	0x47, 0xa6, 0x7c, 0xbe, 0xf9, 0xc9, 0x09, 0x1b, 0x46, 0x2d, 0x53, 0x8c,
	0xd7, 0x2b, 0x03, 0x74, 0x6a, 0xe7, 0x7f, 0x5e, 0x62, 0x29, 0x2c, 0x31,
	0x15, 0x62, 0xa8, 0x46, 0x50, 0x5d, 0xc8, 0x2d, 0xb8, 0x54, 0x33, 0x8a,
	0xe4, 0x9f, 0x52, 0x35, 0xc9, 0x5b, 0x91, 0x17, 0x8c, 0xcf, 0x2d, 0xd5,
	0xca, 0xce, 0xf4, 0x03, 0xec, 0x9d, 0x18, 0x10, 0xc6, 0x27, 0x2b, 0x04,
	0x5b, 0x3b, 0x71, 0xf9, 0xdc, 0x6b, 0x80, 0xd6, 0x3f, 0xdd, 0x4a, 0x8e,
	0x9a, 0xdb, 0x1e, 0x69, 0x62, 0xa6, 0x95, 0x26, 0xd4, 0x31, 0x61, 0xc1,
	0xa4, 0x1d, 0x57, 0x0d, 0x79, 0x38, 0xda, 0xd4, 0xa4, 0x0e, 0x32, 0x9c,
	0xd0, 0xe4, 0x0e, 0x65, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

static const uint8_t ffdhe8192_p[1024] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xad, 0xf8, 0x54, 0x58,
	0xa2, 0xbb, 0x4a, 0x9a, 0xaf, 0xdc, 0x56, 0x20, 0x27, 0x3d, 0x3c, 0xf1,
	0xd8, 0xb9, 0xc5, 0x83, 0xce, 0x2d, 0x36, 0x95, 0xa9, 0xe1, 0x36, 0x41,
	0x14, 0x64, 0x33, 0xfb, 0xcc, 0x93, 0x9d, 0xce, 0x24, 0x9b, 0x3e, 0xf9,
	0x7d, 0x2f, 0xe3, 0x63, 0x63, 0x0c, 0x75, 0xd8, 0xf6, 0x81, 0xb2, 0x02,
	0xae, 0xc4, 0x61, 0x7a, 0xd3, 0xdf, 0x1e, 0xd5, 0xd5, 0xfd, 0x65, 0x61,
	0x24, 0x33, 0xf5, 0x1f, 0x5f, 0x06, 0x6e, 0xd0, 0x85, 0x63, 0x65, 0x55,
	0x3d, 0xed, 0x1a, 0xf3, 0xb5, 0x57, 0x13, 0x5e, 0x7f, 0x57, 0xc9, 0x35,
	0x98, 0x4f, 0x0c, 0x70, 0xe0, 0xe6, 0x8b, 0x77, 0xe2, 0xa6, 0x89, 0xda,
	0xf3, 0xef, 0xe8, 0x72, 0x1d, 0xf1, 0x58, 0xa1, 0x36, 0xad, 0xe7, 0x35,
	0x30, 0xac, 0xca, 0x4f, 0x48, 0x3a, 0x79, 0x7a, 0xbc, 0x0a, 0xb1, 0x82,
	0xb3, 0x24, 0xfb, 0x61, 0xd1, 0x08, 0xa9, 0x4b, 0xb2, 0xc8, 0xe3, 0xfb,
	0xb9, 0x6a, 0xda, 0xb7, 0x60, 0xd7, 0xf4, 0x68, 0x1d, 0x4f, 0x42, 0xa3,
	0xde, 0x39, 0x4d, 0xf4, 0xae, 0x56, 0xed, 0xe7, 0x63, 0x72, 0xbb, 0x19,
	0x0b, 0x07, 0xa7, 0xc8, 0xee, 0x0a, 0x6d, 0x70, 0x9e, 0x02, 0xfc, 0xe1,
	0xcd, 0xf7, 0xe2, 0xec, 0xc0, 0x34, 0x04, 0xcd, 0x28, 0x34, 0x2f, 0x61,
	0x91, 0x72, 0xfe, 0x9c, 0xe9, 0x85, 0x83, 0xff, 0x8e, 0x4f, 0x12, 0x32,
	0xee, 0xf2, 0x81, 0x83, 0xc3, 0xfe, 0x3b, 0x1b, 0x4c, 0x6f, 0xad, 0x73,
	0x3b, 0xb5, 0xfc, 0xbc, 0x2e, 0xc2, 0x20, 0x05, 0xc5, 0x8e, 0xf1, 0x83,
	0x7d, 0x16, 0x83, 0xb2, 0xc6, 0xf3, 0x4a, 0x26, 0xc1, 0xb2, 0xef, 0xfa,
	0x88, 0x6b, 0x42, 0x38, 0x61, 0x1f, 0xcf, 0xdc, 0xde, 0x35, 0x5b, 0x3b,
	0x65, 0x19, 0x03, 0x5b, 0xbc, 0x34, 0xf4, 0xde, 0xf9, 0x9c, 0x02, 0x38,
	0x61, 0xb4, 0x6f, 0xc9, 0xd6, 0xe6, 0xc9, 0x07, 0x7a, 0xd9, 0x1d, 0x26,
	0x91, 0xf7, 0xf7, 0xee, 0x59, 0x8c, 0xb0, 0xfa, 0xc1, 0x86, 0xd9, 0x1c,
	0xae, 0xfe, 0x13, 0x09, 0x85, 0x13, 0x92, 0x70, 0xb4, 0x13, 0x0c, 0x93,
	0xbc, 0x43, 0x79, 0x44, 0xf4, 0xfd, 0x44, 0x52, 0xe2, 0xd7, 0x4d, 0xd3,
	0x64, 0xf2, 0xe2, 0x1e, 0x71, 0xf5, 0x4b, 0xff, 0x5c, 0xae, 0x82, 0xab,
	0x9c, 0x9d, 0xf6, 0x9e, 0xe8, 0x6d, 0x2b, 0xc5, 0x22, 0x36, 0x3a, 0x0d,
	0xab, 0xc5, 0x21, 0x97, 0x9b, 0x0d, 0xea, 0xda, 0x1d, 0xbf, 0x9a, 0x42,
	0xd5, 0xc4, 0x48, 0x4e, 0x0a, 0xbc, 0xd0, 0x6b, 0xfa, 0x53, 0xdd, 0xef,
	0x3c, 0x1b, 0x20, 0xee, 0x3f, 0xd5, 0x9d, 0x7c, 0x25, 0xe4, 0x1d, 0x2b,
	0x66, 0x9e, 0x1e, 0xf1, 0x6e, 0x6f, 0x52, 0xc3, 0x16, 0x4d, 0xf4, 0xfb,
	0x79, 0x30, 0xe9, 0xe4, 0xe5, 0x88, 0x57, 0xb6, 0xac, 0x7d, 0x5f, 0x42,
	0xd6, 0x9f, 0x6d, 0x18, 0x77, 0x63, 0xcf, 0x1d, 0x55, 0x03, 0x40, 0x04,
	0x87, 0xf5, 0x5b, 0xa5, 0x7e, 0x31, 0xcc, 0x7a, 0x71, 0x35, 0xc8, 0x86,
	0xef, 0xb4, 0x31, 0x8a, 0xed, 0x6a, 0x1e, 0x01, 0x2d, 0x9e, 0x68, 0x32,
	0xa9, 0x07, 0x60, 0x0a, 0x91, 0x81, 0x30, 0xc4, 0x6d, 0xc7, 0x78, 0xf9,
	0x71, 0xad, 0x00, 0x38, 0x09, 0x29, 0x99, 0xa3, 0x33, 0xcb, 0x8b, 0x7a,
	0x1a, 0x1d, 0xb9, 0x3d, 0x71, 0x40, 0x00, 0x3c, 0x2a, 0x4e, 0xce, 0xa9,
	0xf9, 0x8d, 0x0a, 0xcc, 0x0a, 0x82, 0x91, 0xcd, 0xce, 0xc9, 0x7d, 0xcf,
	0x8e, 0xc9, 0xb5, 0x5a, 0x7f, 0x88, 0xa4, 0x6b, 0x4d, 0xb5, 0xa8, 0x51,
	0xf4, 0x41, 0x82, 0xe1, 0xc6, 0x8a, 0x00, 0x7e, 0x5e, 0x0d, 0xd9, 0x02,
	0x0b, 0xfd, 0x64, 0xb6, 0x45, 0x03, 0x6c, 0x7a, 0x4e, 0x67, 0x7d, 0x2c,
	0x38, 0x53, 0x2a, 0x3a, 0x23, 0xba, 0x44, 0x42, 0xca, 0xf5, 0x3e, 0xa6,
	0x3b, 0xb4, 0x54, 0x32, 0x9b, 0x76, 0x24, 0xc8, 0x91, 0x7b, 0xdd, 0x64,
	0xb1, 0xc0, 0xfd, 0x4c, 0xb3, 0x8e, 0x8c, 0x33, 0x4c, 0x70, 0x1c, 0x3a,
	0xcd, 0xad, 0x06, 0x57, 0xfc, 0xcf, 0xec, 0x71, 0x9b, 0x1f, 0x5c, 0x3e,
	0x4e, 0x46, 0x04, 0x1f, 0x38, 0x81, 0x47, 0xfb, 0x4c, 0xfd, 0xb4, 0x77,
	0xa5, 0x24, 0x71, 0xf7, 0xa9, 0xa9, 0x69, 0x10, 0xb8, 0x55, 0x32, 0x2e,
	0xdb, 0x63, 0x40, 0xd8, 0xa0, 0x0e, 0xf0, 0x92, 0x35, 0x05, 0x11, 0xe3,
	0x0a, 0xbe, 0xc1, 0xff, 0xf9, 0xe3, 0xa2, 0x6e, 0x7f, 0xb2, 0x9f, 0x8c,
	0x18, 0x30, 0x23, 0xc3, 0x58, 0x7e, 0x38, 0xda, 0x00, 0x77, 0xd9, 0xb4,
	0x76, 0x3e, 0x4e, 0x4b, 0x94, 0xb2, 0xbb, 0xc1, 0x94, 0xc6, 0x65, 0x1e,
	0x77, 0xca, 0xf9, 0x92, 0xee, 0xaa, 0xc0, 0x23, 0x2a, 0x28, 0x1b, 0xf6,
	0xb3, 0xa7, 0x39, 0xc1, 0x22, 0x61, 0x16, 0x82, 0x0a, 0xe8, 0xdb, 0x58,
	0x47, 0xa6, 0x7c, 0xbe, 0xf9, 0xc9, 0x09, 0x1b, 0x46, 0x2d, 0x53, 0x8c,
	0xd7, 0x2b, 0x03, 0x74, 0x6a, 0xe7, 0x7f, 0x5e, 0x62, 0x29, 0x2c, 0x31,
	0x15, 0x62, 0xa8, 0x46, 0x50, 0x5d, 0xc8, 0x2d, 0xb8, 0x54, 0x33, 0x8a,
	0xe4, 0x9f, 0x52, 0x35, 0xc9, 0x5b, 0x91, 0x17, 0x8c, 0xcf, 0x2d, 0xd5,
	0xca, 0xce, 0xf4, 0x03, 0xec, 0x9d, 0x18, 0x10, 0xc6, 0x27, 0x2b, 0x04,
	0x5b, 0x3b, 0x71, 0xf9, 0xdc, 0x6b, 0x80, 0xd6, 0x3f, 0xdd, 0x4a, 0x8e,
	0x9a, 0xdb, 0x1e, 0x69, 0x62, 0xa6, 0x95, 0x26, 0xd4, 0x31, 0x61, 0xc1,
	0xa4, 0x1d, 0x57, 0x0d, 0x79, 0x38, 0xda, 0xd4, 0xa4, 0x0e, 0x32, 0x9c,
	0xcf, 0xf4, 0x6a, 0xaa, 0x36, 0xad, 0x00, 0x4c, 0xf6, 0x00, 0xc8, 0x38,
	0x1e, 0x42, 0x5a, 0x31, 0xd9, 0x51, 0xae, 0x64, 0xfd, 0xb2, 0x3f, 0xce,
	0xc9, 0x50, 0x9d, 0x43, 0x68, 0x7f, 0xeb, 0x69, 0xed, 0xd1, 0xcc, 0x5e,
	0x0b, 0x8c, 0xc3, 0xbd, 0xf6, 0x4b, 0x10, 0xef, 0x86, 0xb6, 0x31, 0x42,
	0xa3, 0xab, 0x88, 0x29, 0x55, 0x5b, 0x2f, 0x74, 0x7c, 0x93, 0x26, 0x65,
	0xcb, 0x2c, 0x0f, 0x1c, 0xc0, 0x1b, 0xd7, 0x02, 0x29, 0x38, 0x88, 0x39,
	0xd2, 0xaf, 0x05, 0xe4, 0x54, 0x50, 0x4a, 0xc7, 0x8b, 0x75, 0x82, 0x82,
	0x28, 0x46, 0xc0, 0xba, 0x35, 0xc3, 0x5f, 0x5c, 0x59, 0x16, 0x0c, 0xc0,
	0x46, 0xfd, 0x82, 0x51, 0x54, 0x1f, 0xc6, 0x8c, 0x9c, 0x86, 0xb0, 0x22,
	0xbb, 0x70, 0x99, 0x87, 0x6a, 0x46, 0x0e, 0x74, 0x51, 0xa8, 0xa9, 0x31,
	0x09, 0x70, 0x3f, 0xee, 0x1c, 0x21, 0x7e, 0x6c, 0x38, 0x26, 0xe5, 0x2c,
	0x51, 0xaa, 0x69, 0x1e, 0x0e, 0x42, 0x3c, 0xfc, 0x99, 0xe9, 0xe3, 0x16,
	0x50, 0xc1, 0x21, 0x7b, 0x62, 0x48, 0x16, 0xcd, 0xad, 0x9a, 0x95, 0xf9,
	0xd5, 0xb8, 0x01, 0x94, 0x88, 0xd9, 0xc0, 0xa0, 0xa1, 0xfe, 0x30, 0x75,
	0xa5, 0x77, 0xe2, 0x31, 0x83, 0xf8, 0x1d, 0x4a, 0x3f, 0x2f, 0xa4, 0x57,
	0x1e, 0xfc, 0x8c, 0xe0, 0xba, 0x8a, 0x4f, 0xe8, 0xb6, 0x85, 0x5d, 0xfe,
	0x72, 0xb0, 0xa6, 0x6e, 0xde, 0xd2, 0xfb, 0xab, 0xfb, 0xe5, 0x8a, 0x30,
	0xfa, 0xfa, 0xbe, 0x1c, 0x5d, 0x71, 0xa8, 0x7e, 0x2f, 0x74, 0x1e, 0xf8,
	0xc1, 0xfe, 0x86, 0xfe, 0xa6, 0xbb, 0xfd, 0xe5, 0x30, 0x67, 0x7f, 0x0d,
	0x97, 0xd1, 0x1d, 0x49, 0xf7, 0xa8, 0x44, 0x3d, 0x08, 0x22, 0xe5, 0x06,
	0xa9, 0xf4, 0x61, 0x4e, 0x01, 0x1e, 0x2a, 0x94, 0x83, 0x8f, 0xf8, 0x8c,
	0xd6, 0x8c, 0x8b, 0xb7, 0xc5, 0xc6, 0x42, 0x4c, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff,
};

static const uint8_t secp256r1_g[65] = {
	0x04, 0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6,
	0xe5, 0x63, 0xa4, 0x40, 0xf2, 0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33,
	0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96, 0x4f, 0xe3, 0x42,
	0xe2, 0xfe, 0x1a, 0x7f, 0x9b, 0x8e, 0xe7, 0xeb, 0x4a, 0x7c, 0x0f, 0x9e,
	0x16, 0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31, 0x5e, 0xce, 0xcb, 0xb6, 0x40,
	0x68, 0x37, 0xbf, 0x51, 0xf5,
};

static const uint8_t secp384r1_g[97] = {
	0x04, 0xaa, 0x87, 0xca, 0x22, 0xbe, 0x8b, 0x05, 0x37, 0x8e, 0xb1, 0xc7,
	0x1e, 0xf3, 0x20, 0xad, 0x74, 0x6e, 0x1d, 0x3b, 0x62, 0x8b, 0xa7, 0x9b,
	0x98, 0x59, 0xf7, 0x41, 0xe0, 0x82, 0x54, 0x2a, 0x38, 0x55, 0x02, 0xf2,
	0x5d, 0xbf, 0x55, 0x29, 0x6c, 0x3a, 0x54, 0x5e, 0x38, 0x72, 0x76, 0x0a,
	0xb7, 0x36, 0x17, 0xde, 0x4a, 0x96, 0x26, 0x2c, 0x6f, 0x5d, 0x9e, 0x98,
	0xbf, 0x92, 0x92, 0xdc, 0x29, 0xf8, 0xf4, 0x1d, 0xbd, 0x28, 0x9a, 0x14,
	0x7c, 0xe9, 0xda, 0x31, 0x13, 0xb5, 0xf0, 0xb8, 0xc0, 0x0a, 0x60, 0xb1,
	0xce, 0x1d, 0x7e, 0x81, 0x9d, 0x7a, 0x43, 0x1d, 0x7c, 0x90, 0xea, 0x0e,
	0x5f,
};

static const uint8_t secp521r1_g[133] = {
	0x04, 0x00, 0xc6, 0x85, 0x8e, 0x06, 0xb7, 0x04, 0x04, 0xe9, 0xcd, 0x9e,
	0x3e, 0xcb, 0x66, 0x23, 0x95, 0xb4, 0x42, 0x9c, 0x64, 0x81, 0x39, 0x05,
	0x3f, 0xb5, 0x21, 0xf8, 0x28, 0xaf, 0x60, 0x6b, 0x4d, 0x3d, 0xba, 0xa1,
	0x4b, 0x5e, 0x77, 0xef, 0xe7, 0x59, 0x28, 0xfe, 0x1d, 0xc1, 0x27, 0xa2,
	0xff, 0xa8, 0xde, 0x33, 0x48, 0xb3, 0xc1, 0x85, 0x6a, 0x42, 0x9b, 0xf9,
	0x7e, 0x7e, 0x31, 0xc2, 0xe5, 0xbd, 0x66, 0x01, 0x18, 0x39, 0x29, 0x6a,
	0x78, 0x9a, 0x3b, 0xc0, 0x04, 0x5c, 0x8a, 0x5f, 0xb4, 0x2c, 0x7d, 0x1b,
	0xd9, 0x98, 0xf5, 0x44, 0x49, 0x57, 0x9b, 0x44, 0x68, 0x17, 0xaf, 0xbd,
	0x17, 0x27, 0x3e, 0x66, 0x2c, 0x97, 0xee, 0x72, 0x99, 0x5e, 0xf4, 0x26,
	0x40, 0xc5, 0x50, 0xb9, 0x01, 0x3f, 0xad, 0x07, 0x61, 0x35, 0x3c, 0x70,
	0x86, 0xa2, 0x72, 0xc2, 0x40, 0x88, 0xbe, 0x94, 0x76, 0x9f, 0xd1, 0x66,
	0x50,
};

static const uint8_t bp256r1_g[65] = {
	0x04, 0x8b, 0xd2, 0xae, 0xb9, 0xcb, 0x7e, 0x57, 0xcb, 0x2c, 0x4b, 0x48,
	0x2f, 0xfc, 0x81, 0xb7, 0xaf, 0xb9, 0xde, 0x27, 0xe1, 0xe3, 0xbd, 0x23,
	0xc2, 0x3a, 0x44, 0x53, 0xbd, 0x9a, 0xce, 0x32, 0x62, 0x54, 0x7e, 0xf8,
	0x35, 0xc3, 0xda, 0xc4, 0xfd, 0x97, 0xf8, 0x46, 0x1a, 0x14, 0x61, 0x1d,
	0xc9, 0xc2, 0x77, 0x45, 0x13, 0x2d, 0xed, 0x8e, 0x54, 0x5c, 0x1d, 0x54,
	0xc7, 0x2f, 0x04, 0x69, 0x97,
};

static const uint8_t bp384r1_g[97] = {
	0x04, 0x1d, 0x1c, 0x64, 0xf0, 0x68, 0xcf, 0x45, 0xff, 0xa2, 0xa6, 0x3a,
	0x81, 0xb7, 0xc1, 0x3f, 0x6b, 0x88, 0x47, 0xa3, 0xe7, 0x7e, 0xf1, 0x4f,
	0xe3, 0xdb, 0x7f, 0xca, 0xfe, 0x0c, 0xbd, 0x10, 0xe8, 0xe8, 0x26, 0xe0,
	0x34, 0x36, 0xd6, 0x46, 0xaa, 0xef, 0x87, 0xb2, 0xe2, 0x47, 0xd4, 0xaf,
	0x1e, 0x8a, 0xbe, 0x1d, 0x75, 0x20, 0xf9, 0xc2, 0xa4, 0x5c, 0xb1, 0xeb,
	0x8e, 0x95, 0xcf, 0xd5, 0x52, 0x62, 0xb7, 0x0b, 0x29, 0xfe, 0xec, 0x58,
	0x64, 0xe1, 0x9c, 0x05, 0x4f, 0xf9, 0x91, 0x29, 0x28, 0x0e, 0x46, 0x46,
	0x21, 0x77, 0x91, 0x81, 0x11, 0x42, 0x82, 0x03, 0x41, 0x26, 0x3c, 0x53,
	0x15,
};

static const uint8_t bp512r1_g[129] = {
	0x04, 0x81, 0xae, 0xe4, 0xbd, 0xd8, 0x2e, 0xd9, 0x64, 0x5a, 0x21, 0x32,
	0x2e, 0x9c, 0x4c, 0x6a, 0x93, 0x85, 0xed, 0x9f, 0x70, 0xb5, 0xd9, 0x16,
	0xc1, 0xb4, 0x3b, 0x62, 0xee, 0xf4, 0xd0, 0x09, 0x8e, 0xff, 0x3b, 0x1f,
	0x78, 0xe2, 0xd0, 0xd4, 0x8d, 0x50, 0xd1, 0x68, 0x7b, 0x93, 0xb9, 0x7d,
	0x5f, 0x7c, 0x6d, 0x50, 0x47, 0x40, 0x6a, 0x5e, 0x68, 0x8b, 0x35, 0x22,
	0x09, 0xbc, 0xb9, 0xf8, 0x22, 0x7d, 0xde, 0x38, 0x5d, 0x56, 0x63, 0x32,
	0xec, 0xc0, 0xea, 0xbf, 0xa9, 0xcf, 0x78, 0x22, 0xfd, 0xf2, 0x09, 0xf7,
	0x00, 0x24, 0xa5, 0x7b, 0x1a, 0xa0, 0x00, 0xc5, 0x5b, 0x88, 0x1f, 0x81,
	0x11, 0xb2, 0xdc, 0xde, 0x49, 0x4a, 0x5f, 0x48, 0x5e, 0x5b, 0xca, 0x4b,
	0xd8, 0x8a, 0x27, 0x63, 0xae, 0xd1, 0xca, 0x2b, 0x2f, 0xa8, 0xf0, 0x54,
	0x06, 0x78, 0xcd, 0x1e, 0x0f, 0x3a, 0xd8, 0x08, 0x92,
};

struct named_bytes {
	uint16_t group;
	const uint8_t *bytes;
	size_t len;
};

static const struct named_bytes ffdhe_primes[] = {
	{ 0x0100, ffdhe2048_p, sizeof(ffdhe2048_p) },
	{ 0x0101, ffdhe3072_p, sizeof(ffdhe3072_p) },
	{ 0x0102, ffdhe4096_p, sizeof(ffdhe4096_p) },
	{ 0x0103, ffdhe6144_p, sizeof(ffdhe6144_p) },
	{ 0x0104, ffdhe8192_p, sizeof(ffdhe8192_p) },
};

static const struct named_bytes ec_shares[] = {
	{ 23, secp256r1_g, sizeof(secp256r1_g) },
	{ 24, secp384r1_g, sizeof(secp384r1_g) },
	{ 25, secp521r1_g, sizeof(secp521r1_g) },
	{ 31, bp256r1_g, sizeof(bp256r1_g) },   /* brainpoolP256r1tls13 */
	{ 32, bp384r1_g, sizeof(bp384r1_g) },   /* brainpoolP384r1tls13 */
	{ 33, bp512r1_g, sizeof(bp512r1_g) },   /* brainpoolP512r1tls13 */
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the bounded writer ---- */

struct wbuf {
	uint8_t *p;
	size_t cap, len;
	int bad;                   /* overflowed or a length did not fit */
};

static void
w_bytes(struct wbuf *w, const void *src, size_t n)
{
	if (w->bad || n > w->cap - w->len) {
		w->bad = 1;
		return;
	}
	if (n > 0)
		memcpy(w->p + w->len, src, n);
	w->len += n;
}

static void
w_u8(struct wbuf *w, unsigned v)
{
	uint8_t b = (uint8_t)v;

	w_bytes(w, &b, 1);
}

static void
w_u16(struct wbuf *w, unsigned v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	w_bytes(w, b, 2);
}

static void
w_u24(struct wbuf *w, uint32_t v)
{
	uint8_t b[3] = { (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	w_bytes(w, b, 3);
}

/* Reserve an n-byte length field; w_close fills in what followed it. */
static size_t
w_open(struct wbuf *w, int n)
{
	static const uint8_t zero[3];
	size_t at = w->len;

	w_bytes(w, zero, (size_t)n);
	return at;
}

static void
w_close(struct wbuf *w, size_t at, int n)
{
	size_t body;
	int i;

	if (w->bad)
		return;
	body = w->len - at - (size_t)n;
	if (body >> (8 * n)) {
		w->bad = 1;
		return;
	}
	for (i = 0; i < n; i++)
		w->p[at + (size_t)i] = (uint8_t)(body >> (8 * (n - 1 - i)));
}

/* ---- building ---- */

/* Deterministic filler from the caller's random (splitmix64 seeded by the
 * random and a label), so the session id and key shares differ from the
 * random itself and from each other. */
static void
expand(const uint8_t seed[32], uint64_t label, uint8_t *out, size_t n)
{
	uint64_t s = label * 0x9e3779b97f4a7c15ULL, z = 0;
	size_t i;

	for (i = 0; i < 32; i++)
		s = (s ^ seed[i]) * 0x100000001b3ULL;
	for (i = 0; i < n; i++) {
		if (i % 8 == 0) {
			s += 0x9e3779b97f4a7c15ULL;
			z = s;
			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
			z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
			z ^= z >> 31;
		}
		out[i] = (uint8_t)(z >> (8 * (i % 8)));
	}
}

static const struct named_bytes *
find_named(const struct named_bytes *t, size_t n, uint16_t group)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].group == group)
			return &t[i];
	return NULL;
}

/* The key_share extension: one KeyShareEntry for group, or an empty
 * client_shares list when we have no valid share for it (hybrid
 * post-quantum groups, unknown groups): the server then answers with a
 * HelloRetryRequest naming its choice. */
static void
put_key_share(struct wbuf *w, uint16_t group, const uint8_t random[32])
{
	const struct named_bytes *nb;
	uint8_t key[56];
	size_t ext, list, entry, i;

	w_u16(w, EXT_KEY_SHARE);
	ext = w_open(w, 2);
	list = w_open(w, 2);
	if (group == GROUP_X25519 || group == GROUP_X448) {
		size_t n = group == GROUP_X25519 ? 32 : 56;

		expand(random, 2, key, n);
		if (group == GROUP_X25519)
			key[31] &= 0x7f;   /* RFC 7748 5: the top bit is masked */
		w_u16(w, group);
		entry = w_open(w, 2);
		w_bytes(w, key, n);
		w_close(w, entry, 2);
	} else if ((nb = find_named(ec_shares, NELEM(ec_shares), group))) {
		w_u16(w, group);
		entry = w_open(w, 2);
		w_bytes(w, nb->bytes, nb->len);
		w_close(w, entry, 2);
	} else if ((nb = find_named(ffdhe_primes, NELEM(ffdhe_primes), group))) {
		w_u16(w, group);
		entry = w_open(w, 2);
		for (i = 0; i + 1 < nb->len; i++)
			w_u8(w, 0);
		w_u8(w, 2);
		w_close(w, entry, 2);
	}
	w_close(w, list, 2);
	w_close(w, ext, 2);
}

static void
put_u16_list_ext(struct wbuf *w, unsigned type, const uint16_t *v, size_t n)
{
	size_t ext, list, i;

	w_u16(w, type);
	ext = w_open(w, 2);
	list = w_open(w, 2);
	for (i = 0; i < n; i++)
		w_u16(w, v[i]);
	w_close(w, list, 2);
	w_close(w, ext, 2);
}

/* The host name to send in server_name: RFC 6066 3 forbids IP literals,
 * and the trailing dot of an absolute name is dropped. Returns its length,
 * 0 for none, -1 when it cannot be sent at all. */
static int
sni_len(const char *sni)
{
	size_t n, i;
	int literal = 1;

	if (sni == NULL)
		return 0;
	n = strnlen(sni, SNI_NAME_MAX + 2);
	if (n > 0 && sni[n - 1] == '.')
		n--;
	if (n > SNI_NAME_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		if (sni[i] == ':')
			return 0;
		if (sni[i] != '.' && (sni[i] < '0' || sni[i] > '9'))
			literal = 0;
	}
	return literal ? 0 : (int)n;
}

/* ALPN from "h2,http/1.1": empty items are skipped, an item longer than
 * 255 bytes makes the hello invalid. */
static int
put_alpn(struct wbuf *w, const char *alpn)
{
	const char *p, *end;
	size_t ext, list, n, total = 0;

	for (p = alpn; *p; p = *end ? end + 1 : end) {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (n > ALPN_PROTO_MAX)
			return -1;
		total += n;
	}
	if (total == 0)
		return 0;
	w_u16(w, EXT_ALPN);
	ext = w_open(w, 2);
	list = w_open(w, 2);
	for (p = alpn; *p; p = *end ? end + 1 : end) {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (n == 0)
			continue;
		w_u8(w, (unsigned)n);
		w_bytes(w, p, n);
	}
	w_close(w, list, 2);
	w_close(w, ext, 2);
	return 0;
}

static int
put_extensions(struct wbuf *w, const struct tls_hello_opts *o, uint16_t lo)
{
	size_t exts, ext, list;
	int sni = sni_len(o->sni);
	unsigned v;

	if (sni < 0)
		return -1;
	exts = w_open(w, 2);
	if (sni > 0) {
		w_u16(w, EXT_SERVER_NAME);
		ext = w_open(w, 2);
		list = w_open(w, 2);
		w_u8(w, 0);                  /* host_name */
		w_u16(w, (unsigned)sni);
		w_bytes(w, o->sni, (size_t)sni);
		w_close(w, list, 2);
		w_close(w, ext, 2);
	}
	if (o->n_groups > 0)
		put_u16_list_ext(w, EXT_SUPPORTED_GROUPS, o->groups, o->n_groups);
	if (o->ec_point_formats) {
		w_u16(w, EXT_EC_POINT_FORMATS);
		w_u16(w, 2);
		w_u8(w, 1);
		w_u8(w, 0);                  /* uncompressed */
	}
	if (o->version >= TLS_V1_2 && o->n_sigalgs > 0)
		put_u16_list_ext(w, EXT_SIGNATURE_ALGORITHMS, o->sigalgs,
		    o->n_sigalgs);
	if (o->status_request) {
		w_u16(w, EXT_STATUS_REQUEST);
		w_u16(w, 5);
		w_u8(w, 1);                  /* ocsp */
		w_u16(w, 0);                 /* no responder ids */
		w_u16(w, 0);                 /* no request extensions */
	}
	if (o->alpn != NULL && put_alpn(w, o->alpn) < 0)
		return -1;
	if (o->ems) {
		w_u16(w, EXT_EMS);
		w_u16(w, 0);
	}
	if (o->reneg_info) {
		w_u16(w, EXT_RENEG_INFO);
		w_u16(w, 1);
		w_u8(w, 0);
	}
	w_u16(w, EXT_SESSION_TICKET);
	w_u16(w, 0);
	if (o->version == TLS_V1_3) {
		w_u16(w, EXT_SUPPORTED_VERSIONS);
		ext = w_open(w, 2);
		list = w_open(w, 1);
		for (v = o->version; v >= lo; v--)
			w_u16(w, v);
		w_close(w, list, 1);
		w_close(w, ext, 2);
		if (o->n_groups > 0)
			put_key_share(w, o->groups[0], o->random);
		w_u16(w, EXT_PSK_MODES);
		w_u16(w, 2);
		w_u8(w, 1);
		w_u8(w, 1);                  /* psk_dhe_ke */
	}
	w_close(w, exts, 2);
	return 0;
}

/* SSLv2 CLIENT-HELLO: a 2-byte record header with the high bit set, then
 * type, version 0.2, the three lengths, the 3-byte cipher specs, no
 * session id, and a 16-byte challenge. */
static int
build_ssl2(uint8_t *buf, size_t cap, const struct tls_hello_opts *o)
{
	struct wbuf w = { buf, cap, 0, 0 };
	size_t rec, i;

	if (o->ssl2_specs == NULL || o->n_ssl2_specs == 0 ||
	    o->n_ssl2_specs > TLS_MAX_SUITES)
		return -1;
	w_u16(&w, 0);                        /* record header, set below */
	rec = w.len;
	w_u8(&w, SSL2_MT_CLIENT_HELLO);
	w_u16(&w, 0x0002);
	w_u16(&w, (unsigned)(3 * o->n_ssl2_specs));
	w_u16(&w, 0);
	w_u16(&w, SSL2_CHALLENGE_LEN);
	for (i = 0; i < o->n_ssl2_specs; i++) {
		if (o->ssl2_specs[i] > 0xffffff)
			return -1;
		w_u24(&w, o->ssl2_specs[i]);
	}
	w_bytes(&w, o->random, SSL2_CHALLENGE_LEN);
	if (w.bad || w.len - rec > SSL2_REC_MAX)
		return -1;
	buf[0] = (uint8_t)(0x80 | ((w.len - rec) >> 8));
	buf[1] = (uint8_t)(w.len - rec);
	return (int)w.len;
}

int
tls_hello_build(uint8_t *buf, size_t cap, const struct tls_hello_opts *o)
{
	struct wbuf w = { buf, cap, 0, 0 };
	uint8_t sid[SID_MAX];
	size_t rec, hs, list, i;
	uint16_t lo;

	if (buf == NULL || o == NULL)
		return -1;
	if (o->version == TLS_SSL2)
		return build_ssl2(buf, cap, o);
	if (o->version < TLS_SSL3 || o->version > TLS_V1_3)
		return -1;
	if (o->suites == NULL || o->n_suites == 0 ||
	    o->n_suites > TLS_MAX_SUITES ||
	    (o->n_groups > 0 && o->groups == NULL) ||
	    o->n_groups > TLS_MAX_GROUPS ||
	    (o->n_sigalgs > 0 && o->sigalgs == NULL) ||
	    o->n_sigalgs > TLS_MAX_SIGALGS)
		return -1;
	lo = o->min_version ? o->min_version : o->version;
	if (lo > o->version)
		return -1;
	if (lo < TLS_SSL3)
		lo = TLS_SSL3;

	w_u8(&w, CT_HANDSHAKE);
	w_u16(&w, o->version == TLS_SSL3 ? TLS_SSL3 : TLS_V1_0);
	rec = w_open(&w, 2);
	w_u8(&w, HS_CLIENT_HELLO);
	hs = w_open(&w, 3);
	w_u16(&w, o->version > TLS_V1_2 ? TLS_V1_2 : o->version);
	w_bytes(&w, o->random, 32);
	if (o->version == TLS_V1_3) {
		/* RFC 8446 D.4: a non-empty id for middlebox compatibility */
		expand(o->random, 1, sid, sizeof(sid));
		w_u8(&w, sizeof(sid));
		w_bytes(&w, sid, sizeof(sid));
	} else
		w_u8(&w, 0);
	list = w_open(&w, 2);
	for (i = 0; i < o->n_suites; i++)
		w_u16(&w, o->suites[i]);
	w_close(&w, list, 2);
	if (o->deflate) {
		w_u8(&w, 2);
		w_u8(&w, 1);                 /* DEFLATE first: the server picks */
		w_u8(&w, 0);
	} else {
		w_u8(&w, 1);
		w_u8(&w, 0);
	}
	if (!o->no_extensions && put_extensions(&w, o, lo) < 0)
		return -1;
	w_close(&w, hs, 3);
	w_close(&w, rec, 2);
	if (w.bad || w.len - REC_HDR_LEN > REC_PLAIN_MAX)
		return -1;
	return (int)w.len;
}

/* ---- parsing ---- */

/* A read cursor: every read past the end sets bad and yields zeros. */
struct cur {
	const uint8_t *p;
	size_t len, off;
	int bad;
};

static struct cur
cur_make(const uint8_t *p, size_t len)
{
	struct cur c = { p, len, 0, 0 };

	return c;
}

static size_t
c_left(const struct cur *c)
{
	return c->bad ? 0 : c->len - c->off;
}

static unsigned
c_u8(struct cur *c)
{
	if (c_left(c) < 1) {
		c->bad = 1;
		return 0;
	}
	return c->p[c->off++];
}

static unsigned
c_u16(struct cur *c)
{
	unsigned v;

	if (c_left(c) < 2) {
		c->bad = 1;
		return 0;
	}
	v = (unsigned)(c->p[c->off] << 8 | c->p[c->off + 1]);
	c->off += 2;
	return v;
}

/* The next n bytes as a cursor of their own (a vector's contents). */
static struct cur
c_sub(struct cur *c, size_t n)
{
	struct cur s = { NULL, 0, 0, 1 };

	if (c_left(c) < n) {
		c->bad = 1;
		return s;
	}
	s.p = c->p + c->off;
	s.len = n;
	s.bad = 0;
	c->off += n;
	return s;
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

enum rp_state {
	RP_WANT_HELLO,
	RP_AFTER_HELLO,            /* <= TLS 1.2: reading on to ServerHelloDone */
};

/* Handshake reassembly across records: the header, and the body of the
 * messages we read (ServerHello, ServerKeyExchange) kept in msg[]; the
 * others (Certificate, ...) are only counted, so a large chain costs
 * nothing but the FLIGHT_MAX budget. */
struct rp {
	struct tls_reply *out;
	const struct tls_suite_info *si;
	enum rp_state state;
	uint8_t hdr[HS_HDR_LEN];
	size_t hdr_have;
	size_t body_len, body_have;
	int keep;
	size_t flight;
	uint8_t msg[HS_MSG_MAX];
};

static enum tls_reply_kind
garbage(struct tls_reply *out, const char *why)
{
	out->why = why;
	return TLS_REPLY_GARBAGE;
}

/* Bit length of a big-endian unsigned number with leading zeros. */
static size_t
strip_zeros(struct cur *c)
{
	while (c_left(c) > 0 && c->p[c->off] == 0)
		c->off++;
	return c_left(c);
}

static void
note_dhe(struct tls_reply *out, struct cur p, struct cur g)
{
	size_t plen = strip_zeros(&p), bits, i;
	unsigned top;

	if (plen == 0)
		return;
	top = p.p[p.off];
	bits = (plen - 1) * 8;
	while (top) {
		bits++;
		top >>= 1;
	}
	out->dhe_bits = (uint16_t)(bits > 0xffff ? 0xffff : bits);
	if (strip_zeros(&g) != 1 || g.p[g.off] != 2)
		return;
	for (i = 0; i < NELEM(ffdhe_primes); i++)
		if (ffdhe_primes[i].len == plen &&
		    memcmp(ffdhe_primes[i].bytes, p.p + p.off, plen) == 0)
			out->dhe_group = ffdhe_primes[i].group;
}

static enum tls_reply_kind
parse_ske(struct rp *rp, const uint8_t *body, size_t len)
{
	struct tls_reply *out = rp->out;
	struct cur c = cur_make(body, len), p, g;
	enum tls_kx kx = rp->si ? rp->si->kx : TLS_KX_UNKNOWN;
	int is_signed = 0;
	unsigned ctype;

	if (kx == TLS_KX_PSK || kx == TLS_KX_RSA_PSK || kx == TLS_KX_DHE_PSK ||
	    kx == TLS_KX_ECDHE_PSK)
		(void)c_sub(&c, c_u16(&c));  /* psk_identity_hint */
	switch (kx) {
	case TLS_KX_ECDHE:
		is_signed = 1;
		/* fallthrough */
	case TLS_KX_ECDH_ANON:
	case TLS_KX_ECDHE_PSK:
		ctype = c_u8(&c);
		if (c.bad)
			break;
		if (ctype != EC_CURVE_NAMED) {
			/* explicit curve parameters: named as such, not read */
			if (ctype == 1 || ctype == 2) {
				out->group = (uint16_t)(0xff00 | ctype);
				return TLS_REPLY_NEED_MORE;
			}
			return garbage(out, "ServerKeyExchange: unknown curve type");
		}
		out->group = (uint16_t)c_u16(&c);
		(void)c_sub(&c, c_u8(&c));   /* the public point */
		break;
	case TLS_KX_DHE:
		is_signed = 1;
		/* fallthrough */
	case TLS_KX_DH_ANON:
	case TLS_KX_DHE_PSK:
		p = c_sub(&c, c_u16(&c));
		g = c_sub(&c, c_u16(&c));
		(void)c_sub(&c, c_u16(&c)); /* Ys */
		if (!c.bad)
			note_dhe(out, p, g);
		break;
	case TLS_KX_RSA_EXPORT:
		is_signed = 1;
		(void)c_sub(&c, c_u16(&c)); /* modulus */
		(void)c_sub(&c, c_u16(&c)); /* exponent */
		break;
	case TLS_KX_PSK:
	case TLS_KX_RSA_PSK:
		break;
	default:
		return TLS_REPLY_NEED_MORE;  /* SRP, KRB5, unknown: not read */
	}
	if (is_signed) {
		if (out->version >= TLS_V1_2)
			out->ske_sigalg = (uint16_t)c_u16(&c);
		(void)c_sub(&c, c_u16(&c));
	}
	if (c.bad || c_left(&c) != 0)
		return garbage(out, "malformed ServerKeyExchange");
	return TLS_REPLY_NEED_MORE;
}

/* Bits for the extensions whose repetition makes a ServerHello invalid. */
static unsigned
ext_bit(unsigned type)
{
	switch (type) {
	case EXT_SUPPORTED_VERSIONS: return 1u << 0;
	case EXT_KEY_SHARE: return 1u << 1;
	case EXT_RENEG_INFO: return 1u << 2;
	case EXT_EMS: return 1u << 3;
	case EXT_STATUS_REQUEST: return 1u << 4;
	case EXT_ALPN: return 1u << 5;
	case EXT_SESSION_TICKET: return 1u << 6;
	default: return 0;
	}
}

static void
copy_alpn(char *dst, size_t cap, struct cur name)
{
	size_t n = c_left(&name), i;

	if (n >= cap)
		n = cap - 1;
	for (i = 0; i < n; i++) {
		uint8_t ch = name.p[name.off + i];

		dst[i] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	dst[n] = '\0';
}

/* One ServerHello extension; returns 0, or -1 when it is malformed. */
static int
server_ext(struct tls_reply *out, unsigned type, struct cur e, int hrr,
    uint16_t *selected)
{
	struct cur name;
	unsigned n;

	switch (type) {
	case EXT_SUPPORTED_VERSIONS:
		*selected = (uint16_t)c_u16(&e);
		break;
	case EXT_KEY_SHARE:
		out->group = (uint16_t)c_u16(&e);
		if (!hrr) {
			n = c_u16(&e);
			if (n == 0)
				return -1;
			(void)c_sub(&e, n);
		}
		break;
	case EXT_RENEG_INFO:
		(void)c_sub(&e, c_u8(&e));
		out->has_reneg_info = 1;
		break;
	case EXT_EMS:
		out->has_ems = 1;
		break;
	case EXT_STATUS_REQUEST:
		out->has_status_request = 1;
		break;
	case EXT_SESSION_TICKET:
		out->has_session_ticket = 1;
		break;
	case EXT_ALPN:
		n = c_u16(&e);
		if (n != c_left(&e) || (n = c_u8(&e)) == 0)
			return -1;
		name = c_sub(&e, n);
		if (e.bad)
			return -1;
		copy_alpn(out->alpn, sizeof(out->alpn), name);
		break;
	default:
		return 0;                    /* not ours to judge */
	}
	return e.bad || c_left(&e) != 0 ? -1 : 0;
}

static enum tls_reply_kind
parse_server_hello(struct rp *rp, const uint8_t *body, size_t len)
{
	struct tls_reply *out = rp->out;
	struct cur c = cur_make(body, len), random, exts, e;
	uint16_t legacy, selected = 0;
	unsigned seen = 0, type, bit, sid_len;
	int hrr;

	legacy = (uint16_t)c_u16(&c);
	random = c_sub(&c, 32);
	sid_len = c_u8(&c);
	if (sid_len > SID_MAX)
		return garbage(out, "ServerHello session id too long");
	(void)c_sub(&c, sid_len);
	out->suite = (uint16_t)c_u16(&c);
	out->compression = (uint8_t)c_u8(&c);
	if (c.bad)
		return garbage(out, "malformed ServerHello");
	if (legacy >> 8 != 3)
		return garbage(out, "ServerHello version is not 3.x");
	out->version = legacy;
	hrr = memcmp(random.p, hrr_random, 32) == 0;
	if (memcmp(random.p + 24, downgrade_tls12, 8) == 0)
		out->downgrade_from = TLS_V1_3;
	else if (memcmp(random.p + 24, downgrade_tls11, 8) == 0)
		out->downgrade_from = TLS_V1_2;
	if (c_left(&c) > 0) {
		exts = c_sub(&c, c_u16(&c));
		if (c.bad || c_left(&c) != 0)
			return garbage(out, "malformed ServerHello extensions");
		while (c_left(&exts) > 0) {  /* each turn eats >= 4 bytes */
			type = c_u16(&exts);
			e = c_sub(&exts, c_u16(&exts));
			if (exts.bad)
				return garbage(out,
				    "malformed ServerHello extensions");
			bit = ext_bit(type);
			if (seen & bit)
				return garbage(out,
				    "duplicate ServerHello extension");
			seen |= bit;
			if (server_ext(out, type, e, hrr, &selected) < 0)
				return garbage(out,
				    "malformed ServerHello extension");
		}
	}
	if (selected)
		out->version = selected;
	if (hrr)
		return TLS_REPLY_HRR;
	out->saw_server_hello = 1;
	if (out->version >= TLS_V1_3)
		return TLS_REPLY_HELLO;      /* the rest is encrypted */
	rp->state = RP_AFTER_HELLO;
	rp->si = tls_suite_info(out->suite);
	return TLS_REPLY_NEED_MORE;
}

/* A handshake header arrived: is this message welcome here, and do we
 * keep its body? */
static enum tls_reply_kind
hs_admit(struct rp *rp, unsigned type, size_t len)
{
	rp->keep = 0;
	if (rp->state == RP_WANT_HELLO) {
		if (type == HS_HELLO_REQUEST && len == 0)
			return TLS_REPLY_NEED_MORE;
		if (type != HS_SERVER_HELLO)
			return garbage(rp->out, "expected a ServerHello");
		rp->keep = 1;
	} else {
		switch (type) {
		case HS_SERVER_KEY_EXCHANGE:
		case HS_SERVER_HELLO_DONE:
			rp->keep = 1;
			break;
		case HS_HELLO_REQUEST:
		case HS_NEW_SESSION_TICKET:
		case HS_CERTIFICATE:
		case HS_CERTIFICATE_REQUEST:
		case HS_CERTIFICATE_STATUS:
		case HS_SUPPLEMENTAL_DATA:
			break;
		default:
			return garbage(rp->out, "unexpected handshake message");
		}
	}
	if (rp->keep && len > HS_MSG_MAX)
		return garbage(rp->out, "handshake message too long");
	rp->flight += HS_HDR_LEN + len;
	if (rp->flight > FLIGHT_MAX)
		return garbage(rp->out, "server flight too long");
	return TLS_REPLY_NEED_MORE;
}

/* A whole handshake message is in (its body in msg[] if kept). */
static enum tls_reply_kind
hs_message(struct rp *rp, unsigned type)
{
	switch (type) {
	case HS_SERVER_HELLO:                /* hs_admit: only the first */
		return parse_server_hello(rp, rp->msg, rp->body_len);
	case HS_CERTIFICATE:
		rp->out->saw_certificate = 1;
		break;
	case HS_SERVER_KEY_EXCHANGE:
		return parse_ske(rp, rp->msg, rp->body_len);
	case HS_SERVER_HELLO_DONE:
		if (rp->body_len != 0)
			return garbage(rp->out, "malformed ServerHelloDone");
		rp->out->saw_done = 1;
		return TLS_REPLY_HELLO;
	default:
		break;
	}
	return TLS_REPLY_NEED_MORE;
}

/* One handshake record's fragment: message headers and bodies may be cut
 * anywhere between records. */
static enum tls_reply_kind
hs_feed(struct rp *rp, const uint8_t *p, size_t n)
{
	enum tls_reply_kind k;
	size_t take;

	while (n > 0) {
		if (rp->hdr_have < HS_HDR_LEN) {
			take = HS_HDR_LEN - rp->hdr_have;
			if (take > n)
				take = n;
			memcpy(rp->hdr + rp->hdr_have, p, take);
			rp->hdr_have += take;
			p += take;
			n -= take;
			if (rp->hdr_have < HS_HDR_LEN)
				break;
			rp->body_len = (size_t)rp->hdr[1] << 16 |
			    (size_t)rp->hdr[2] << 8 | rp->hdr[3];
			rp->body_have = 0;
			k = hs_admit(rp, rp->hdr[0], rp->body_len);
			if (k != TLS_REPLY_NEED_MORE)
				return k;
		}
		take = rp->body_len - rp->body_have;
		if (take > n)
			take = n;
		if (rp->keep && take > 0)
			memcpy(rp->msg + rp->body_have, p, take);
		rp->body_have += take;
		p += take;
		n -= take;
		if (rp->body_have == rp->body_len) {
			rp->hdr_have = 0;
			k = hs_message(rp, rp->hdr[0]);
			if (k != TLS_REPLY_NEED_MORE)
				return k;
		}
	}
	return TLS_REPLY_NEED_MORE;
}

static const char *
ssl2_error_why(unsigned code)
{
	switch (code) {
	case 1: return "SSLv2 ERROR: no cipher";
	case 2: return "SSLv2 ERROR: no certificate";
	case 4: return "SSLv2 ERROR: bad certificate";
	case 6: return "SSLv2 ERROR: unsupported certificate type";
	default: return "SSLv2 ERROR";
	}
}

/* An SSLv2 record with a 2-byte header: SERVER-HELLO or ERROR. The checks
 * go in byte order, each as soon as its bytes are in. */
static enum tls_reply_kind
parse_ssl2(const uint8_t *buf, size_t len, struct tls_reply *out)
{
	struct cur c, specs;
	size_t rlen, cert_len, specs_len, conn_len, i;
	unsigned mt, ver;

	if (len < 2)
		return TLS_REPLY_NEED_MORE;
	rlen = (size_t)(buf[0] & 0x7f) << 8 | buf[1];
	if (rlen < 3)
		return garbage(out, "short SSLv2 record");
	if (len < 3)
		return TLS_REPLY_NEED_MORE;
	mt = buf[2];
	if (mt != SSL2_MT_SERVER_HELLO && mt != SSL2_MT_ERROR)
		return garbage(out, "not an SSLv2 SERVER-HELLO");
	if (len - 2 < rlen)
		return TLS_REPLY_NEED_MORE;
	c = cur_make(buf + 3, rlen - 1);
	out->version = TLS_SSL2;
	if (mt == SSL2_MT_ERROR) {
		out->alert_level = 2;
		out->alert_desc = 40;        /* handshake_failure */
		out->why = ssl2_error_why(c_u16(&c));
		return TLS_REPLY_ALERT;
	}
	(void)c_u8(&c);                      /* session id hit */
	(void)c_u8(&c);                      /* certificate type */
	ver = c_u16(&c);
	cert_len = c_u16(&c);
	specs_len = c_u16(&c);
	conn_len = c_u16(&c);
	(void)c_sub(&c, cert_len);
	specs = c_sub(&c, specs_len);
	(void)c_sub(&c, conn_len);
	if (c.bad || c_left(&c) != 0 || specs_len % 3 != 0)
		return garbage(out, "malformed SSLv2 SERVER-HELLO");
	out->record_version = (uint16_t)ver;
	for (i = 0; i < specs_len / 3 && i < NELEM(out->ssl2_specs); i++) {
		const uint8_t *s = specs.p + 3 * i;

		out->ssl2_specs[i] = (uint32_t)s[0] << 16 | (uint32_t)s[1] << 8 | s[2];
	}
	out->n_ssl2_specs = i;
	return TLS_REPLY_SSL2;
}

static enum tls_reply_kind
parse_records(const uint8_t *buf, size_t len, struct tls_reply *out)
{
	struct rp rp;
	size_t off = 0, avail, rlen;
	const uint8_t *frag;
	enum tls_reply_kind k;
	unsigned type;

	rp.out = out;
	rp.si = NULL;
	rp.state = RP_WANT_HELLO;
	rp.hdr_have = 0;
	rp.body_len = rp.body_have = 0;
	rp.keep = 0;
	rp.flight = 0;
	while ((avail = len - off) > 0) {    /* each turn eats >= 5 bytes */
		type = buf[off];
		if (type < CT_CCS || type > CT_APPDATA)
			return garbage(out, "bad TLS record type");
		if (avail >= 2 && buf[off + 1] != 3)
			return garbage(out, "TLS record version is not 3.x");
		if (avail < REC_HDR_LEN)
			break;
		if (off == 0)
			out->record_version = get16(buf + 1);
		rlen = get16(buf + off + 3);
		if (rlen > REC_READ_MAX)
			return garbage(out, "TLS record too long");
		if (avail - REC_HDR_LEN < rlen)
			break;
		frag = buf + off + REC_HDR_LEN;
		off += REC_HDR_LEN + rlen;
		switch (type) {
		case CT_ALERT:
			if (rlen < 2)
				return garbage(out, "short alert record");
			out->alert_level = frag[0];
			out->alert_desc = frag[1];
			return TLS_REPLY_ALERT;
		case CT_HANDSHAKE:
			if (rlen == 0)
				return garbage(out, "empty handshake record");
			k = hs_feed(&rp, frag, rlen);
			if (k != TLS_REPLY_NEED_MORE)
				return k;
			break;
		case CT_CCS:
			/* <= 1.2 session resumption: the flight ended early */
			if (rp.state == RP_AFTER_HELLO && rp.hdr_have == 0)
				return TLS_REPLY_HELLO;
			return garbage(out, "unexpected ChangeCipherSpec");
		default:
			return garbage(out, "application data before the handshake");
		}
	}
	return TLS_REPLY_NEED_MORE;
}

enum tls_reply_kind
tls_reply_parse(const uint8_t *buf, size_t len, struct tls_reply *out)
{
	if (out == NULL)
		return TLS_REPLY_GARBAGE;
	memset(out, 0, sizeof(*out));
	if (len == 0)
		out->kind = TLS_REPLY_NEED_MORE;
	else if (buf == NULL)
		out->kind = garbage(out, "no input");
	else if (buf[0] & 0x80)
		out->kind = parse_ssl2(buf, len, out);
	else if (buf[0] < CT_CCS || buf[0] > CT_APPDATA)
		out->kind = garbage(out, buf[0] >= 0x20 && buf[0] < 0x7f ?
		    "plaintext reply, not TLS" : "not a TLS record");
	else
		out->kind = parse_records(buf, len, out);
	return out->kind;
}

/* ---- names ---- */

/* Unknown values: a small ring so a few may be used in one printf. */
static const char *
hex_name(uint32_t v, int digits)
{
	static _Thread_local char ring[4][16];
	static _Thread_local unsigned next;
	char *b = ring[next++ % NELEM(ring)];

	snprintf(b, sizeof(ring[0]), "0x%0*x", digits, (unsigned)v);
	return b;
}

struct code_name {
	uint32_t code;
	const char *name;
};

static const char *
table_name(const struct code_name *t, size_t n, uint32_t code, int digits)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].code == code)
			return t[i].name;
	return hex_name(code, digits);
}

const char *
tls_version_name(uint16_t v)
{
	switch (v) {
	case TLS_SSL2:
	case 0x0002:
		return "SSL 2.0";
	case TLS_SSL3: return "SSL 3.0";
	case TLS_V1_0: return "TLS 1.0";
	case TLS_V1_1: return "TLS 1.1";
	case TLS_V1_2: return "TLS 1.2";
	case TLS_V1_3: return "TLS 1.3";
	default: return hex_name(v, 4);
	}
}

static const struct code_name group_names[] = {
	{ 1, "sect163k1" }, { 2, "sect163r1" }, { 3, "sect163r2" },
	{ 4, "sect193r1" }, { 5, "sect193r2" }, { 6, "sect233k1" },
	{ 7, "sect233r1" }, { 8, "sect239k1" }, { 9, "sect283k1" },
	{ 10, "sect283r1" }, { 11, "sect409k1" }, { 12, "sect409r1" },
	{ 13, "sect571k1" }, { 14, "sect571r1" }, { 15, "secp160k1" },
	{ 16, "secp160r1" }, { 17, "secp160r2" }, { 18, "secp192k1" },
	{ 19, "secp192r1" }, { 20, "secp224k1" }, { 21, "secp224r1" },
	{ 22, "secp256k1" }, { 23, "secp256r1" }, { 24, "secp384r1" },
	{ 25, "secp521r1" }, { 26, "brainpoolP256r1" },
	{ 27, "brainpoolP384r1" }, { 28, "brainpoolP512r1" },
	{ 29, "x25519" }, { 30, "x448" },
	{ 31, "brainpoolP256r1tls13" }, { 32, "brainpoolP384r1tls13" },
	{ 33, "brainpoolP512r1tls13" },
	{ 34, "GC256A" }, { 35, "GC256B" }, { 36, "GC256C" }, { 37, "GC256D" },
	{ 38, "GC512A" }, { 39, "GC512B" }, { 40, "GC512C" },
	{ 41, "curveSM2" },
	{ 0x0100, "ffdhe2048" }, { 0x0101, "ffdhe3072" },
	{ 0x0102, "ffdhe4096" }, { 0x0103, "ffdhe6144" },
	{ 0x0104, "ffdhe8192" },
	{ 0x0200, "MLKEM512" }, { 0x0201, "MLKEM768" }, { 0x0202, "MLKEM1024" },
	{ 0x11eb, "SecP256r1MLKEM768" }, { 0x11ec, "X25519MLKEM768" },
	{ 0x11ed, "SecP384r1MLKEM1024" },
	{ 0x6399, "X25519Kyber768Draft00" },
	{ 0x639a, "SecP256r1Kyber768Draft00" },
	{ GROUP_EXPLICIT_PRIME, "arbitrary_explicit_prime_curves" },
	{ GROUP_EXPLICIT_CHAR2, "arbitrary_explicit_char2_curves" },
};

const char *
tls_group_name(uint16_t group)
{
	return table_name(group_names, NELEM(group_names), group, 4);
}

static const struct code_name sigalg_names[] = {
	{ 0x0101, "rsa_md5" }, { 0x0102, "dsa_md5" }, { 0x0103, "ecdsa_md5" },
	{ 0x0201, "rsa_pkcs1_sha1" }, { 0x0202, "dsa_sha1" },
	{ 0x0203, "ecdsa_sha1" },
	{ 0x0301, "rsa_pkcs1_sha224" }, { 0x0302, "dsa_sha224" },
	{ 0x0303, "ecdsa_sha224" },
	{ 0x0401, "rsa_pkcs1_sha256" }, { 0x0402, "dsa_sha256" },
	{ 0x0403, "ecdsa_secp256r1_sha256" },
	{ 0x0501, "rsa_pkcs1_sha384" }, { 0x0502, "dsa_sha384" },
	{ 0x0503, "ecdsa_secp384r1_sha384" },
	{ 0x0601, "rsa_pkcs1_sha512" }, { 0x0602, "dsa_sha512" },
	{ 0x0603, "ecdsa_secp521r1_sha512" },
	{ 0x0804, "rsa_pss_rsae_sha256" }, { 0x0805, "rsa_pss_rsae_sha384" },
	{ 0x0806, "rsa_pss_rsae_sha512" },
	{ 0x0807, "ed25519" }, { 0x0808, "ed448" },
	{ 0x0809, "rsa_pss_pss_sha256" }, { 0x080a, "rsa_pss_pss_sha384" },
	{ 0x080b, "rsa_pss_pss_sha512" },
	{ 0x081a, "ecdsa_brainpoolP256r1tls13_sha256" },
	{ 0x081b, "ecdsa_brainpoolP384r1tls13_sha384" },
	{ 0x081c, "ecdsa_brainpoolP512r1tls13_sha512" },
	{ 0x0904, "mldsa44" }, { 0x0905, "mldsa65" }, { 0x0906, "mldsa87" },
};

const char *
tls_sigalg_name(uint16_t sigalg)
{
	return table_name(sigalg_names, NELEM(sigalg_names), sigalg, 4);
}

static const struct code_name ssl2_spec_names[] = {
	{ 0x010080, "SSL_CK_RC4_128_WITH_MD5" },
	{ 0x020080, "SSL_CK_RC4_128_EXPORT40_WITH_MD5" },
	{ 0x030080, "SSL_CK_RC2_128_CBC_WITH_MD5" },
	{ 0x040080, "SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5" },
	{ 0x050080, "SSL_CK_IDEA_128_CBC_WITH_MD5" },
	{ 0x060040, "SSL_CK_DES_64_CBC_WITH_MD5" },
	{ 0x0700c0, "SSL_CK_DES_192_EDE3_CBC_WITH_MD5" },
};

const char *
tls_ssl2_spec_name(uint32_t spec)
{
	return table_name(ssl2_spec_names, NELEM(ssl2_spec_names), spec, 6);
}

static const char *const kx_names[] = {
	[TLS_KX_UNKNOWN] = "unknown",
	[TLS_KX_NULL] = "NULL",
	[TLS_KX_RSA] = "RSA",
	[TLS_KX_RSA_EXPORT] = "RSA_EXPORT",
	[TLS_KX_DHE] = "DHE",
	[TLS_KX_DH] = "DH",
	[TLS_KX_ECDHE] = "ECDHE",
	[TLS_KX_ECDH] = "ECDH",
	[TLS_KX_DH_ANON] = "DH_anon",
	[TLS_KX_ECDH_ANON] = "ECDH_anon",
	[TLS_KX_PSK] = "PSK",
	[TLS_KX_DHE_PSK] = "DHE_PSK",
	[TLS_KX_ECDHE_PSK] = "ECDHE_PSK",
	[TLS_KX_RSA_PSK] = "RSA_PSK",
	[TLS_KX_SRP] = "SRP",
	[TLS_KX_KRB5] = "KRB5",
	[TLS_KX_TLS13] = "TLS1.3",
	[TLS_KX_SCSV] = "SCSV",
};

const char *
tls_kx_name(enum tls_kx kx)
{
	if ((size_t)kx >= NELEM(kx_names) || kx_names[kx] == NULL)
		return "unknown";
	return kx_names[kx];
}

/* ---- the cipher suite table, sorted by id ---- */

#define S(id, name, kx, au, ci, mac, ex) \
	{ id, name, TLS_KX_##kx, TLS_AUTH_##au, TLS_CIPHER_##ci, TLS_MAC_##mac, ex }

static const struct tls_suite_info suites[] = {
	S(0x0000, "TLS_NULL_WITH_NULL_NULL", NULL, NONE, NULL, NONE, 0),
	S(0x0001, "TLS_RSA_WITH_NULL_MD5", RSA, RSA, NULL, MD5, 0),
	S(0x0002, "TLS_RSA_WITH_NULL_SHA", RSA, RSA, NULL, SHA1, 0),
	S(0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5", RSA_EXPORT, RSA, RC4_40, MD5, 1),
	S(0x0004, "TLS_RSA_WITH_RC4_128_MD5", RSA, RSA, RC4_128, MD5, 0),
	S(0x0005, "TLS_RSA_WITH_RC4_128_SHA", RSA, RSA, RC4_128, SHA1, 0),
	S(0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5", RSA_EXPORT, RSA, RC2_40, MD5, 1),
	S(0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA", RSA, RSA, IDEA, SHA1, 0),
	S(0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", RSA_EXPORT, RSA, DES40, SHA1, 1),
	S(0x0009, "TLS_RSA_WITH_DES_CBC_SHA", RSA, RSA, DES, SHA1, 0),
	S(0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", RSA, RSA, 3DES, SHA1, 0),
	S(0x000b, "TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA", DH, DSS, DES40, SHA1, 1),
	S(0x000c, "TLS_DH_DSS_WITH_DES_CBC_SHA", DH, DSS, DES, SHA1, 0),
	S(0x000d, "TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA", DH, DSS, 3DES, SHA1, 0),
	S(0x000e, "TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA", DH, RSA, DES40, SHA1, 1),
	S(0x000f, "TLS_DH_RSA_WITH_DES_CBC_SHA", DH, RSA, DES, SHA1, 0),
	S(0x0010, "TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA", DH, RSA, 3DES, SHA1, 0),
	S(0x0011, "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA", DHE, DSS, DES40, SHA1, 1),
	S(0x0012, "TLS_DHE_DSS_WITH_DES_CBC_SHA", DHE, DSS, DES, SHA1, 0),
	S(0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", DHE, DSS, 3DES, SHA1, 0),
	S(0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", DHE, RSA, DES40, SHA1, 1),
	S(0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA", DHE, RSA, DES, SHA1, 0),
	S(0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", DHE, RSA, 3DES, SHA1, 0),
	S(0x0017, "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5", DH_ANON, NONE, RC4_40, MD5, 1),
	S(0x0018, "TLS_DH_anon_WITH_RC4_128_MD5", DH_ANON, NONE, RC4_128, MD5, 0),
	S(0x0019, "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA", DH_ANON, NONE, DES40, SHA1, 1),
	S(0x001a, "TLS_DH_anon_WITH_DES_CBC_SHA", DH_ANON, NONE, DES, SHA1, 0),
	S(0x001b, "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA", DH_ANON, NONE, 3DES, SHA1, 0),
	S(0x001e, "TLS_KRB5_WITH_DES_CBC_SHA", KRB5, KRB5, DES, SHA1, 0),
	S(0x001f, "TLS_KRB5_WITH_3DES_EDE_CBC_SHA", KRB5, KRB5, 3DES, SHA1, 0),
	S(0x0020, "TLS_KRB5_WITH_RC4_128_SHA", KRB5, KRB5, RC4_128, SHA1, 0),
	S(0x0021, "TLS_KRB5_WITH_IDEA_CBC_SHA", KRB5, KRB5, IDEA, SHA1, 0),
	S(0x0022, "TLS_KRB5_WITH_DES_CBC_MD5", KRB5, KRB5, DES, MD5, 0),
	S(0x0023, "TLS_KRB5_WITH_3DES_EDE_CBC_MD5", KRB5, KRB5, 3DES, MD5, 0),
	S(0x0024, "TLS_KRB5_WITH_RC4_128_MD5", KRB5, KRB5, RC4_128, MD5, 0),
	S(0x0025, "TLS_KRB5_WITH_IDEA_CBC_MD5", KRB5, KRB5, IDEA, MD5, 0),
	S(0x0026, "TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA", KRB5, KRB5, DES40, SHA1, 1),
	S(0x0027, "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_SHA", KRB5, KRB5, RC2_40, SHA1, 1),
	S(0x0028, "TLS_KRB5_EXPORT_WITH_RC4_40_SHA", KRB5, KRB5, RC4_40, SHA1, 1),
	S(0x0029, "TLS_KRB5_EXPORT_WITH_DES_CBC_40_MD5", KRB5, KRB5, DES40, MD5, 1),
	S(0x002a, "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_MD5", KRB5, KRB5, RC2_40, MD5, 1),
	S(0x002b, "TLS_KRB5_EXPORT_WITH_RC4_40_MD5", KRB5, KRB5, RC4_40, MD5, 1),
	S(0x002c, "TLS_PSK_WITH_NULL_SHA", PSK, PSK, NULL, SHA1, 0),
	S(0x002d, "TLS_DHE_PSK_WITH_NULL_SHA", DHE_PSK, PSK, NULL, SHA1, 0),
	S(0x002e, "TLS_RSA_PSK_WITH_NULL_SHA", RSA_PSK, RSA, NULL, SHA1, 0),
	S(0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", RSA, RSA, AES_128_CBC, SHA1, 0),
	S(0x0030, "TLS_DH_DSS_WITH_AES_128_CBC_SHA", DH, DSS, AES_128_CBC, SHA1, 0),
	S(0x0031, "TLS_DH_RSA_WITH_AES_128_CBC_SHA", DH, RSA, AES_128_CBC, SHA1, 0),
	S(0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA", DHE, DSS, AES_128_CBC, SHA1, 0),
	S(0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", DHE, RSA, AES_128_CBC, SHA1, 0),
	S(0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA", DH_ANON, NONE, AES_128_CBC, SHA1, 0),
	S(0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", RSA, RSA, AES_256_CBC, SHA1, 0),
	S(0x0036, "TLS_DH_DSS_WITH_AES_256_CBC_SHA", DH, DSS, AES_256_CBC, SHA1, 0),
	S(0x0037, "TLS_DH_RSA_WITH_AES_256_CBC_SHA", DH, RSA, AES_256_CBC, SHA1, 0),
	S(0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA", DHE, DSS, AES_256_CBC, SHA1, 0),
	S(0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", DHE, RSA, AES_256_CBC, SHA1, 0),
	S(0x003a, "TLS_DH_anon_WITH_AES_256_CBC_SHA", DH_ANON, NONE, AES_256_CBC, SHA1, 0),
	S(0x003b, "TLS_RSA_WITH_NULL_SHA256", RSA, RSA, NULL, SHA256, 0),
	S(0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256", RSA, RSA, AES_128_CBC, SHA256, 0),
	S(0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256", RSA, RSA, AES_256_CBC, SHA256, 0),
	S(0x003e, "TLS_DH_DSS_WITH_AES_128_CBC_SHA256", DH, DSS, AES_128_CBC, SHA256, 0),
	S(0x003f, "TLS_DH_RSA_WITH_AES_128_CBC_SHA256", DH, RSA, AES_128_CBC, SHA256, 0),
	S(0x0040, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256", DHE, DSS, AES_128_CBC, SHA256, 0),
	S(0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", RSA, RSA, CAMELLIA_128_CBC, SHA1, 0),
	S(0x0042, "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA", DH, DSS, CAMELLIA_128_CBC, SHA1, 0),
	S(0x0043, "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA", DH, RSA, CAMELLIA_128_CBC, SHA1, 0),
	S(0x0044, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA", DHE, DSS, CAMELLIA_128_CBC, SHA1, 0),
	S(0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA", DHE, RSA, CAMELLIA_128_CBC, SHA1, 0),
	S(0x0046, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA", DH_ANON, NONE, CAMELLIA_128_CBC, SHA1, 0),
	S(0x0060, "TLS_RSA_EXPORT1024_WITH_RC4_56_MD5", RSA_EXPORT, RSA, RC4_56, MD5, 1),
	S(0x0061, "TLS_RSA_EXPORT1024_WITH_RC2_CBC_56_MD5", RSA_EXPORT, RSA, RC2_56, MD5, 1),
	S(0x0062, "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA", RSA_EXPORT, RSA, DES, SHA1, 1),
	S(0x0063, "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA", DHE, DSS, DES, SHA1, 1),
	S(0x0064, "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA", RSA_EXPORT, RSA, RC4_56, SHA1, 1),
	S(0x0065, "TLS_DHE_DSS_EXPORT1024_WITH_RC4_56_SHA", DHE, DSS, RC4_56, SHA1, 1),
	S(0x0066, "TLS_DHE_DSS_WITH_RC4_128_SHA", DHE, DSS, RC4_128, SHA1, 0),
	S(0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", DHE, RSA, AES_128_CBC, SHA256, 0),
	S(0x0068, "TLS_DH_DSS_WITH_AES_256_CBC_SHA256", DH, DSS, AES_256_CBC, SHA256, 0),
	S(0x0069, "TLS_DH_RSA_WITH_AES_256_CBC_SHA256", DH, RSA, AES_256_CBC, SHA256, 0),
	S(0x006a, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256", DHE, DSS, AES_256_CBC, SHA256, 0),
	S(0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", DHE, RSA, AES_256_CBC, SHA256, 0),
	S(0x006c, "TLS_DH_anon_WITH_AES_128_CBC_SHA256", DH_ANON, NONE, AES_128_CBC, SHA256, 0),
	S(0x006d, "TLS_DH_anon_WITH_AES_256_CBC_SHA256", DH_ANON, NONE, AES_256_CBC, SHA256, 0),
	S(0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", RSA, RSA, CAMELLIA_256_CBC, SHA1, 0),
	S(0x0085, "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA", DH, DSS, CAMELLIA_256_CBC, SHA1, 0),
	S(0x0086, "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA", DH, RSA, CAMELLIA_256_CBC, SHA1, 0),
	S(0x0087, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA", DHE, DSS, CAMELLIA_256_CBC, SHA1, 0),
	S(0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA", DHE, RSA, CAMELLIA_256_CBC, SHA1, 0),
	S(0x0089, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA", DH_ANON, NONE, CAMELLIA_256_CBC, SHA1, 0),
	S(0x008a, "TLS_PSK_WITH_RC4_128_SHA", PSK, PSK, RC4_128, SHA1, 0),
	S(0x008b, "TLS_PSK_WITH_3DES_EDE_CBC_SHA", PSK, PSK, 3DES, SHA1, 0),
	S(0x008c, "TLS_PSK_WITH_AES_128_CBC_SHA", PSK, PSK, AES_128_CBC, SHA1, 0),
	S(0x008d, "TLS_PSK_WITH_AES_256_CBC_SHA", PSK, PSK, AES_256_CBC, SHA1, 0),
	S(0x008e, "TLS_DHE_PSK_WITH_RC4_128_SHA", DHE_PSK, PSK, RC4_128, SHA1, 0),
	S(0x008f, "TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA", DHE_PSK, PSK, 3DES, SHA1, 0),
	S(0x0090, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA", DHE_PSK, PSK, AES_128_CBC, SHA1, 0),
	S(0x0091, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA", DHE_PSK, PSK, AES_256_CBC, SHA1, 0),
	S(0x0092, "TLS_RSA_PSK_WITH_RC4_128_SHA", RSA_PSK, RSA, RC4_128, SHA1, 0),
	S(0x0093, "TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA", RSA_PSK, RSA, 3DES, SHA1, 0),
	S(0x0094, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA", RSA_PSK, RSA, AES_128_CBC, SHA1, 0),
	S(0x0095, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA", RSA_PSK, RSA, AES_256_CBC, SHA1, 0),
	S(0x0096, "TLS_RSA_WITH_SEED_CBC_SHA", RSA, RSA, SEED, SHA1, 0),
	S(0x0097, "TLS_DH_DSS_WITH_SEED_CBC_SHA", DH, DSS, SEED, SHA1, 0),
	S(0x0098, "TLS_DH_RSA_WITH_SEED_CBC_SHA", DH, RSA, SEED, SHA1, 0),
	S(0x0099, "TLS_DHE_DSS_WITH_SEED_CBC_SHA", DHE, DSS, SEED, SHA1, 0),
	S(0x009a, "TLS_DHE_RSA_WITH_SEED_CBC_SHA", DHE, RSA, SEED, SHA1, 0),
	S(0x009b, "TLS_DH_anon_WITH_SEED_CBC_SHA", DH_ANON, NONE, SEED, SHA1, 0),
	S(0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", RSA, RSA, AES_128_GCM, SHA256, 0),
	S(0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384", RSA, RSA, AES_256_GCM, SHA384, 0),
	S(0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", DHE, RSA, AES_128_GCM, SHA256, 0),
	S(0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", DHE, RSA, AES_256_GCM, SHA384, 0),
	S(0x00a0, "TLS_DH_RSA_WITH_AES_128_GCM_SHA256", DH, RSA, AES_128_GCM, SHA256, 0),
	S(0x00a1, "TLS_DH_RSA_WITH_AES_256_GCM_SHA384", DH, RSA, AES_256_GCM, SHA384, 0),
	S(0x00a2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", DHE, DSS, AES_128_GCM, SHA256, 0),
	S(0x00a3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", DHE, DSS, AES_256_GCM, SHA384, 0),
	S(0x00a4, "TLS_DH_DSS_WITH_AES_128_GCM_SHA256", DH, DSS, AES_128_GCM, SHA256, 0),
	S(0x00a5, "TLS_DH_DSS_WITH_AES_256_GCM_SHA384", DH, DSS, AES_256_GCM, SHA384, 0),
	S(0x00a6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256", DH_ANON, NONE, AES_128_GCM, SHA256, 0),
	S(0x00a7, "TLS_DH_anon_WITH_AES_256_GCM_SHA384", DH_ANON, NONE, AES_256_GCM, SHA384, 0),
	S(0x00a8, "TLS_PSK_WITH_AES_128_GCM_SHA256", PSK, PSK, AES_128_GCM, SHA256, 0),
	S(0x00a9, "TLS_PSK_WITH_AES_256_GCM_SHA384", PSK, PSK, AES_256_GCM, SHA384, 0),
	S(0x00aa, "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", DHE_PSK, PSK, AES_128_GCM, SHA256, 0),
	S(0x00ab, "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", DHE_PSK, PSK, AES_256_GCM, SHA384, 0),
	S(0x00ac, "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256", RSA_PSK, RSA, AES_128_GCM, SHA256, 0),
	S(0x00ad, "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384", RSA_PSK, RSA, AES_256_GCM, SHA384, 0),
	S(0x00ae, "TLS_PSK_WITH_AES_128_CBC_SHA256", PSK, PSK, AES_128_CBC, SHA256, 0),
	S(0x00af, "TLS_PSK_WITH_AES_256_CBC_SHA384", PSK, PSK, AES_256_CBC, SHA384, 0),
	S(0x00b0, "TLS_PSK_WITH_NULL_SHA256", PSK, PSK, NULL, SHA256, 0),
	S(0x00b1, "TLS_PSK_WITH_NULL_SHA384", PSK, PSK, NULL, SHA384, 0),
	S(0x00b2, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256", DHE_PSK, PSK, AES_128_CBC, SHA256, 0),
	S(0x00b3, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384", DHE_PSK, PSK, AES_256_CBC, SHA384, 0),
	S(0x00b4, "TLS_DHE_PSK_WITH_NULL_SHA256", DHE_PSK, PSK, NULL, SHA256, 0),
	S(0x00b5, "TLS_DHE_PSK_WITH_NULL_SHA384", DHE_PSK, PSK, NULL, SHA384, 0),
	S(0x00b6, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256", RSA_PSK, RSA, AES_128_CBC, SHA256, 0),
	S(0x00b7, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384", RSA_PSK, RSA, AES_256_CBC, SHA384, 0),
	S(0x00b8, "TLS_RSA_PSK_WITH_NULL_SHA256", RSA_PSK, RSA, NULL, SHA256, 0),
	S(0x00b9, "TLS_RSA_PSK_WITH_NULL_SHA384", RSA_PSK, RSA, NULL, SHA384, 0),
	S(0x00ba, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256", RSA, RSA, CAMELLIA_128_CBC, SHA256, 0),
	S(0x00bb, "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA256", DH, DSS, CAMELLIA_128_CBC, SHA256, 0),
	S(0x00bc, "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA256", DH, RSA, CAMELLIA_128_CBC, SHA256, 0),
	S(0x00bd, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256", DHE, DSS, CAMELLIA_128_CBC, SHA256, 0),
	S(0x00be, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", DHE, RSA, CAMELLIA_128_CBC, SHA256, 0),
	S(0x00bf, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256", DH_ANON, NONE, CAMELLIA_128_CBC, SHA256, 0),
	S(0x00c0, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256", RSA, RSA, CAMELLIA_256_CBC, SHA256, 0),
	S(0x00c1, "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA256", DH, DSS, CAMELLIA_256_CBC, SHA256, 0),
	S(0x00c2, "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA256", DH, RSA, CAMELLIA_256_CBC, SHA256, 0),
	S(0x00c3, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256", DHE, DSS, CAMELLIA_256_CBC, SHA256, 0),
	S(0x00c4, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256", DHE, RSA, CAMELLIA_256_CBC, SHA256, 0),
	S(0x00c5, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256", DH_ANON, NONE, CAMELLIA_256_CBC, SHA256, 0),
	S(0x00c6, "TLS_SM4_GCM_SM3", TLS13, ANY, SM4_GCM, SM3, 0),
	S(0x00c7, "TLS_SM4_CCM_SM3", TLS13, ANY, SM4_CCM, SM3, 0),
	S(0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", SCSV, NONE, NULL, NONE, 0),
	S(0x1301, "TLS_AES_128_GCM_SHA256", TLS13, ANY, AES_128_GCM, SHA256, 0),
	S(0x1302, "TLS_AES_256_GCM_SHA384", TLS13, ANY, AES_256_GCM, SHA384, 0),
	S(0x1303, "TLS_CHACHA20_POLY1305_SHA256", TLS13, ANY, CHACHA20_POLY1305, SHA256, 0),
	S(0x1304, "TLS_AES_128_CCM_SHA256", TLS13, ANY, AES_128_CCM, SHA256, 0),
	S(0x1305, "TLS_AES_128_CCM_8_SHA256", TLS13, ANY, AES_128_CCM_8, SHA256, 0),
	S(0x5600, "TLS_FALLBACK_SCSV", SCSV, NONE, NULL, NONE, 0),
	S(0xc001, "TLS_ECDH_ECDSA_WITH_NULL_SHA", ECDH, ECDSA, NULL, SHA1, 0),
	S(0xc002, "TLS_ECDH_ECDSA_WITH_RC4_128_SHA", ECDH, ECDSA, RC4_128, SHA1, 0),
	S(0xc003, "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA", ECDH, ECDSA, 3DES, SHA1, 0),
	S(0xc004, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA", ECDH, ECDSA, AES_128_CBC, SHA1, 0),
	S(0xc005, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA", ECDH, ECDSA, AES_256_CBC, SHA1, 0),
	S(0xc006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA", ECDHE, ECDSA, NULL, SHA1, 0),
	S(0xc007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", ECDHE, ECDSA, RC4_128, SHA1, 0),
	S(0xc008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", ECDHE, ECDSA, 3DES, SHA1, 0),
	S(0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", ECDHE, ECDSA, AES_128_CBC, SHA1, 0),
	S(0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", ECDHE, ECDSA, AES_256_CBC, SHA1, 0),
	S(0xc00b, "TLS_ECDH_RSA_WITH_NULL_SHA", ECDH, RSA, NULL, SHA1, 0),
	S(0xc00c, "TLS_ECDH_RSA_WITH_RC4_128_SHA", ECDH, RSA, RC4_128, SHA1, 0),
	S(0xc00d, "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA", ECDH, RSA, 3DES, SHA1, 0),
	S(0xc00e, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA", ECDH, RSA, AES_128_CBC, SHA1, 0),
	S(0xc00f, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA", ECDH, RSA, AES_256_CBC, SHA1, 0),
	S(0xc010, "TLS_ECDHE_RSA_WITH_NULL_SHA", ECDHE, RSA, NULL, SHA1, 0),
	S(0xc011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA", ECDHE, RSA, RC4_128, SHA1, 0),
	S(0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", ECDHE, RSA, 3DES, SHA1, 0),
	S(0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", ECDHE, RSA, AES_128_CBC, SHA1, 0),
	S(0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", ECDHE, RSA, AES_256_CBC, SHA1, 0),
	S(0xc015, "TLS_ECDH_anon_WITH_NULL_SHA", ECDH_ANON, NONE, NULL, SHA1, 0),
	S(0xc016, "TLS_ECDH_anon_WITH_RC4_128_SHA", ECDH_ANON, NONE, RC4_128, SHA1, 0),
	S(0xc017, "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA", ECDH_ANON, NONE, 3DES, SHA1, 0),
	S(0xc018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", ECDH_ANON, NONE, AES_128_CBC, SHA1, 0),
	S(0xc019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA", ECDH_ANON, NONE, AES_256_CBC, SHA1, 0),
	S(0xc01a, "TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA", SRP, SRP, 3DES, SHA1, 0),
	S(0xc01b, "TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA", SRP, RSA, 3DES, SHA1, 0),
	S(0xc01c, "TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA", SRP, DSS, 3DES, SHA1, 0),
	S(0xc01d, "TLS_SRP_SHA_WITH_AES_128_CBC_SHA", SRP, SRP, AES_128_CBC, SHA1, 0),
	S(0xc01e, "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA", SRP, RSA, AES_128_CBC, SHA1, 0),
	S(0xc01f, "TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA", SRP, DSS, AES_128_CBC, SHA1, 0),
	S(0xc020, "TLS_SRP_SHA_WITH_AES_256_CBC_SHA", SRP, SRP, AES_256_CBC, SHA1, 0),
	S(0xc021, "TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA", SRP, RSA, AES_256_CBC, SHA1, 0),
	S(0xc022, "TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA", SRP, DSS, AES_256_CBC, SHA1, 0),
	S(0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", ECDHE, ECDSA, AES_128_CBC, SHA256, 0),
	S(0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", ECDHE, ECDSA, AES_256_CBC, SHA384, 0),
	S(0xc025, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256", ECDH, ECDSA, AES_128_CBC, SHA256, 0),
	S(0xc026, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384", ECDH, ECDSA, AES_256_CBC, SHA384, 0),
	S(0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", ECDHE, RSA, AES_128_CBC, SHA256, 0),
	S(0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", ECDHE, RSA, AES_256_CBC, SHA384, 0),
	S(0xc029, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256", ECDH, RSA, AES_128_CBC, SHA256, 0),
	S(0xc02a, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384", ECDH, RSA, AES_256_CBC, SHA384, 0),
	S(0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", ECDHE, ECDSA, AES_128_GCM, SHA256, 0),
	S(0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", ECDHE, ECDSA, AES_256_GCM, SHA384, 0),
	S(0xc02d, "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256", ECDH, ECDSA, AES_128_GCM, SHA256, 0),
	S(0xc02e, "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384", ECDH, ECDSA, AES_256_GCM, SHA384, 0),
	S(0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", ECDHE, RSA, AES_128_GCM, SHA256, 0),
	S(0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", ECDHE, RSA, AES_256_GCM, SHA384, 0),
	S(0xc031, "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256", ECDH, RSA, AES_128_GCM, SHA256, 0),
	S(0xc032, "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384", ECDH, RSA, AES_256_GCM, SHA384, 0),
	S(0xc033, "TLS_ECDHE_PSK_WITH_RC4_128_SHA", ECDHE_PSK, PSK, RC4_128, SHA1, 0),
	S(0xc034, "TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA", ECDHE_PSK, PSK, 3DES, SHA1, 0),
	S(0xc035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", ECDHE_PSK, PSK, AES_128_CBC, SHA1, 0),
	S(0xc036, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA", ECDHE_PSK, PSK, AES_256_CBC, SHA1, 0),
	S(0xc037, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", ECDHE_PSK, PSK, AES_128_CBC, SHA256, 0),
	S(0xc038, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384", ECDHE_PSK, PSK, AES_256_CBC, SHA384, 0),
	S(0xc039, "TLS_ECDHE_PSK_WITH_NULL_SHA", ECDHE_PSK, PSK, NULL, SHA1, 0),
	S(0xc03a, "TLS_ECDHE_PSK_WITH_NULL_SHA256", ECDHE_PSK, PSK, NULL, SHA256, 0),
	S(0xc03b, "TLS_ECDHE_PSK_WITH_NULL_SHA384", ECDHE_PSK, PSK, NULL, SHA384, 0),
	S(0xc03c, "TLS_RSA_WITH_ARIA_128_CBC_SHA256", RSA, RSA, ARIA_128_CBC, SHA256, 0),
	S(0xc03d, "TLS_RSA_WITH_ARIA_256_CBC_SHA384", RSA, RSA, ARIA_256_CBC, SHA384, 0),
	S(0xc03e, "TLS_DH_DSS_WITH_ARIA_128_CBC_SHA256", DH, DSS, ARIA_128_CBC, SHA256, 0),
	S(0xc03f, "TLS_DH_DSS_WITH_ARIA_256_CBC_SHA384", DH, DSS, ARIA_256_CBC, SHA384, 0),
	S(0xc040, "TLS_DH_RSA_WITH_ARIA_128_CBC_SHA256", DH, RSA, ARIA_128_CBC, SHA256, 0),
	S(0xc041, "TLS_DH_RSA_WITH_ARIA_256_CBC_SHA384", DH, RSA, ARIA_256_CBC, SHA384, 0),
	S(0xc042, "TLS_DHE_DSS_WITH_ARIA_128_CBC_SHA256", DHE, DSS, ARIA_128_CBC, SHA256, 0),
	S(0xc043, "TLS_DHE_DSS_WITH_ARIA_256_CBC_SHA384", DHE, DSS, ARIA_256_CBC, SHA384, 0),
	S(0xc044, "TLS_DHE_RSA_WITH_ARIA_128_CBC_SHA256", DHE, RSA, ARIA_128_CBC, SHA256, 0),
	S(0xc045, "TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384", DHE, RSA, ARIA_256_CBC, SHA384, 0),
	S(0xc046, "TLS_DH_anon_WITH_ARIA_128_CBC_SHA256", DH_ANON, NONE, ARIA_128_CBC, SHA256, 0),
	S(0xc047, "TLS_DH_anon_WITH_ARIA_256_CBC_SHA384", DH_ANON, NONE, ARIA_256_CBC, SHA384, 0),
	S(0xc048, "TLS_ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256", ECDHE, ECDSA, ARIA_128_CBC, SHA256, 0),
	S(0xc049, "TLS_ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384", ECDHE, ECDSA, ARIA_256_CBC, SHA384, 0),
	S(0xc04a, "TLS_ECDH_ECDSA_WITH_ARIA_128_CBC_SHA256", ECDH, ECDSA, ARIA_128_CBC, SHA256, 0),
	S(0xc04b, "TLS_ECDH_ECDSA_WITH_ARIA_256_CBC_SHA384", ECDH, ECDSA, ARIA_256_CBC, SHA384, 0),
	S(0xc04c, "TLS_ECDHE_RSA_WITH_ARIA_128_CBC_SHA256", ECDHE, RSA, ARIA_128_CBC, SHA256, 0),
	S(0xc04d, "TLS_ECDHE_RSA_WITH_ARIA_256_CBC_SHA384", ECDHE, RSA, ARIA_256_CBC, SHA384, 0),
	S(0xc04e, "TLS_ECDH_RSA_WITH_ARIA_128_CBC_SHA256", ECDH, RSA, ARIA_128_CBC, SHA256, 0),
	S(0xc04f, "TLS_ECDH_RSA_WITH_ARIA_256_CBC_SHA384", ECDH, RSA, ARIA_256_CBC, SHA384, 0),
	S(0xc050, "TLS_RSA_WITH_ARIA_128_GCM_SHA256", RSA, RSA, ARIA_128_GCM, SHA256, 0),
	S(0xc051, "TLS_RSA_WITH_ARIA_256_GCM_SHA384", RSA, RSA, ARIA_256_GCM, SHA384, 0),
	S(0xc052, "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256", DHE, RSA, ARIA_128_GCM, SHA256, 0),
	S(0xc053, "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384", DHE, RSA, ARIA_256_GCM, SHA384, 0),
	S(0xc054, "TLS_DH_RSA_WITH_ARIA_128_GCM_SHA256", DH, RSA, ARIA_128_GCM, SHA256, 0),
	S(0xc055, "TLS_DH_RSA_WITH_ARIA_256_GCM_SHA384", DH, RSA, ARIA_256_GCM, SHA384, 0),
	S(0xc056, "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256", DHE, DSS, ARIA_128_GCM, SHA256, 0),
	S(0xc057, "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384", DHE, DSS, ARIA_256_GCM, SHA384, 0),
	S(0xc058, "TLS_DH_DSS_WITH_ARIA_128_GCM_SHA256", DH, DSS, ARIA_128_GCM, SHA256, 0),
	S(0xc059, "TLS_DH_DSS_WITH_ARIA_256_GCM_SHA384", DH, DSS, ARIA_256_GCM, SHA384, 0),
	S(0xc05a, "TLS_DH_anon_WITH_ARIA_128_GCM_SHA256", DH_ANON, NONE, ARIA_128_GCM, SHA256, 0),
	S(0xc05b, "TLS_DH_anon_WITH_ARIA_256_GCM_SHA384", DH_ANON, NONE, ARIA_256_GCM, SHA384, 0),
	S(0xc05c, "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256", ECDHE, ECDSA, ARIA_128_GCM, SHA256, 0),
	S(0xc05d, "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384", ECDHE, ECDSA, ARIA_256_GCM, SHA384, 0),
	S(0xc05e, "TLS_ECDH_ECDSA_WITH_ARIA_128_GCM_SHA256", ECDH, ECDSA, ARIA_128_GCM, SHA256, 0),
	S(0xc05f, "TLS_ECDH_ECDSA_WITH_ARIA_256_GCM_SHA384", ECDH, ECDSA, ARIA_256_GCM, SHA384, 0),
	S(0xc060, "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256", ECDHE, RSA, ARIA_128_GCM, SHA256, 0),
	S(0xc061, "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384", ECDHE, RSA, ARIA_256_GCM, SHA384, 0),
	S(0xc062, "TLS_ECDH_RSA_WITH_ARIA_128_GCM_SHA256", ECDH, RSA, ARIA_128_GCM, SHA256, 0),
	S(0xc063, "TLS_ECDH_RSA_WITH_ARIA_256_GCM_SHA384", ECDH, RSA, ARIA_256_GCM, SHA384, 0),
	S(0xc064, "TLS_PSK_WITH_ARIA_128_CBC_SHA256", PSK, PSK, ARIA_128_CBC, SHA256, 0),
	S(0xc065, "TLS_PSK_WITH_ARIA_256_CBC_SHA384", PSK, PSK, ARIA_256_CBC, SHA384, 0),
	S(0xc066, "TLS_DHE_PSK_WITH_ARIA_128_CBC_SHA256", DHE_PSK, PSK, ARIA_128_CBC, SHA256, 0),
	S(0xc067, "TLS_DHE_PSK_WITH_ARIA_256_CBC_SHA384", DHE_PSK, PSK, ARIA_256_CBC, SHA384, 0),
	S(0xc068, "TLS_RSA_PSK_WITH_ARIA_128_CBC_SHA256", RSA_PSK, RSA, ARIA_128_CBC, SHA256, 0),
	S(0xc069, "TLS_RSA_PSK_WITH_ARIA_256_CBC_SHA384", RSA_PSK, RSA, ARIA_256_CBC, SHA384, 0),
	S(0xc06a, "TLS_PSK_WITH_ARIA_128_GCM_SHA256", PSK, PSK, ARIA_128_GCM, SHA256, 0),
	S(0xc06b, "TLS_PSK_WITH_ARIA_256_GCM_SHA384", PSK, PSK, ARIA_256_GCM, SHA384, 0),
	S(0xc06c, "TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256", DHE_PSK, PSK, ARIA_128_GCM, SHA256, 0),
	S(0xc06d, "TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384", DHE_PSK, PSK, ARIA_256_GCM, SHA384, 0),
	S(0xc06e, "TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256", RSA_PSK, RSA, ARIA_128_GCM, SHA256, 0),
	S(0xc06f, "TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384", RSA_PSK, RSA, ARIA_256_GCM, SHA384, 0),
	S(0xc070, "TLS_ECDHE_PSK_WITH_ARIA_128_CBC_SHA256", ECDHE_PSK, PSK, ARIA_128_CBC, SHA256, 0),
	S(0xc071, "TLS_ECDHE_PSK_WITH_ARIA_256_CBC_SHA384", ECDHE_PSK, PSK, ARIA_256_CBC, SHA384, 0),
	S(0xc072, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", ECDHE, ECDSA, CAMELLIA_128_CBC, SHA256, 0),
	S(0xc073, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", ECDHE, ECDSA, CAMELLIA_256_CBC, SHA384, 0),
	S(0xc074, "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", ECDH, ECDSA, CAMELLIA_128_CBC, SHA256, 0),
	S(0xc075, "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", ECDH, ECDSA, CAMELLIA_256_CBC, SHA384, 0),
	S(0xc076, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", ECDHE, RSA, CAMELLIA_128_CBC, SHA256, 0),
	S(0xc077, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", ECDHE, RSA, CAMELLIA_256_CBC, SHA384, 0),
	S(0xc078, "TLS_ECDH_RSA_WITH_CAMELLIA_128_CBC_SHA256", ECDH, RSA, CAMELLIA_128_CBC, SHA256, 0),
	S(0xc079, "TLS_ECDH_RSA_WITH_CAMELLIA_256_CBC_SHA384", ECDH, RSA, CAMELLIA_256_CBC, SHA384, 0),
	S(0xc07a, "TLS_RSA_WITH_CAMELLIA_128_GCM_SHA256", RSA, RSA, CAMELLIA_128_GCM, SHA256, 0),
	S(0xc07b, "TLS_RSA_WITH_CAMELLIA_256_GCM_SHA384", RSA, RSA, CAMELLIA_256_GCM, SHA384, 0),
	S(0xc07c, "TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", DHE, RSA, CAMELLIA_128_GCM, SHA256, 0),
	S(0xc07d, "TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", DHE, RSA, CAMELLIA_256_GCM, SHA384, 0),
	S(0xc07e, "TLS_DH_RSA_WITH_CAMELLIA_128_GCM_SHA256", DH, RSA, CAMELLIA_128_GCM, SHA256, 0),
	S(0xc07f, "TLS_DH_RSA_WITH_CAMELLIA_256_GCM_SHA384", DH, RSA, CAMELLIA_256_GCM, SHA384, 0),
	S(0xc080, "TLS_DHE_DSS_WITH_CAMELLIA_128_GCM_SHA256", DHE, DSS, CAMELLIA_128_GCM, SHA256, 0),
	S(0xc081, "TLS_DHE_DSS_WITH_CAMELLIA_256_GCM_SHA384", DHE, DSS, CAMELLIA_256_GCM, SHA384, 0),
	S(0xc082, "TLS_DH_DSS_WITH_CAMELLIA_128_GCM_SHA256", DH, DSS, CAMELLIA_128_GCM, SHA256, 0),
	S(0xc083, "TLS_DH_DSS_WITH_CAMELLIA_256_GCM_SHA384", DH, DSS, CAMELLIA_256_GCM, SHA384, 0),
	S(0xc084, "TLS_DH_anon_WITH_CAMELLIA_128_GCM_SHA256", DH_ANON, NONE, CAMELLIA_128_GCM, SHA256, 0),
	S(0xc085, "TLS_DH_anon_WITH_CAMELLIA_256_GCM_SHA384", DH_ANON, NONE, CAMELLIA_256_GCM, SHA384, 0),
	S(0xc086, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", ECDHE, ECDSA, CAMELLIA_128_GCM, SHA256, 0),
	S(0xc087, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", ECDHE, ECDSA, CAMELLIA_256_GCM, SHA384, 0),
	S(0xc088, "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", ECDH, ECDSA, CAMELLIA_128_GCM, SHA256, 0),
	S(0xc089, "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", ECDH, ECDSA, CAMELLIA_256_GCM, SHA384, 0),
	S(0xc08a, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", ECDHE, RSA, CAMELLIA_128_GCM, SHA256, 0),
	S(0xc08b, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", ECDHE, RSA, CAMELLIA_256_GCM, SHA384, 0),
	S(0xc08c, "TLS_ECDH_RSA_WITH_CAMELLIA_128_GCM_SHA256", ECDH, RSA, CAMELLIA_128_GCM, SHA256, 0),
	S(0xc08d, "TLS_ECDH_RSA_WITH_CAMELLIA_256_GCM_SHA384", ECDH, RSA, CAMELLIA_256_GCM, SHA384, 0),
	S(0xc08e, "TLS_PSK_WITH_CAMELLIA_128_GCM_SHA256", PSK, PSK, CAMELLIA_128_GCM, SHA256, 0),
	S(0xc08f, "TLS_PSK_WITH_CAMELLIA_256_GCM_SHA384", PSK, PSK, CAMELLIA_256_GCM, SHA384, 0),
	S(0xc090, "TLS_DHE_PSK_WITH_CAMELLIA_128_GCM_SHA256", DHE_PSK, PSK, CAMELLIA_128_GCM, SHA256, 0),
	S(0xc091, "TLS_DHE_PSK_WITH_CAMELLIA_256_GCM_SHA384", DHE_PSK, PSK, CAMELLIA_256_GCM, SHA384, 0),
	S(0xc092, "TLS_RSA_PSK_WITH_CAMELLIA_128_GCM_SHA256", RSA_PSK, RSA, CAMELLIA_128_GCM, SHA256, 0),
	S(0xc093, "TLS_RSA_PSK_WITH_CAMELLIA_256_GCM_SHA384", RSA_PSK, RSA, CAMELLIA_256_GCM, SHA384, 0),
	S(0xc094, "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256", PSK, PSK, CAMELLIA_128_CBC, SHA256, 0),
	S(0xc095, "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384", PSK, PSK, CAMELLIA_256_CBC, SHA384, 0),
	S(0xc096, "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", DHE_PSK, PSK, CAMELLIA_128_CBC, SHA256, 0),
	S(0xc097, "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", DHE_PSK, PSK, CAMELLIA_256_CBC, SHA384, 0),
	S(0xc098, "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256", RSA_PSK, RSA, CAMELLIA_128_CBC, SHA256, 0),
	S(0xc099, "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384", RSA_PSK, RSA, CAMELLIA_256_CBC, SHA384, 0),
	S(0xc09a, "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", ECDHE_PSK, PSK, CAMELLIA_128_CBC, SHA256, 0),
	S(0xc09b, "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", ECDHE_PSK, PSK, CAMELLIA_256_CBC, SHA384, 0),
	S(0xc09c, "TLS_RSA_WITH_AES_128_CCM", RSA, RSA, AES_128_CCM, NONE, 0),
	S(0xc09d, "TLS_RSA_WITH_AES_256_CCM", RSA, RSA, AES_256_CCM, NONE, 0),
	S(0xc09e, "TLS_DHE_RSA_WITH_AES_128_CCM", DHE, RSA, AES_128_CCM, NONE, 0),
	S(0xc09f, "TLS_DHE_RSA_WITH_AES_256_CCM", DHE, RSA, AES_256_CCM, NONE, 0),
	S(0xc0a0, "TLS_RSA_WITH_AES_128_CCM_8", RSA, RSA, AES_128_CCM_8, NONE, 0),
	S(0xc0a1, "TLS_RSA_WITH_AES_256_CCM_8", RSA, RSA, AES_256_CCM_8, NONE, 0),
	S(0xc0a2, "TLS_DHE_RSA_WITH_AES_128_CCM_8", DHE, RSA, AES_128_CCM_8, NONE, 0),
	S(0xc0a3, "TLS_DHE_RSA_WITH_AES_256_CCM_8", DHE, RSA, AES_256_CCM_8, NONE, 0),
	S(0xc0a4, "TLS_PSK_WITH_AES_128_CCM", PSK, PSK, AES_128_CCM, NONE, 0),
	S(0xc0a5, "TLS_PSK_WITH_AES_256_CCM", PSK, PSK, AES_256_CCM, NONE, 0),
	S(0xc0a6, "TLS_DHE_PSK_WITH_AES_128_CCM", DHE_PSK, PSK, AES_128_CCM, NONE, 0),
	S(0xc0a7, "TLS_DHE_PSK_WITH_AES_256_CCM", DHE_PSK, PSK, AES_256_CCM, NONE, 0),
	S(0xc0a8, "TLS_PSK_WITH_AES_128_CCM_8", PSK, PSK, AES_128_CCM_8, NONE, 0),
	S(0xc0a9, "TLS_PSK_WITH_AES_256_CCM_8", PSK, PSK, AES_256_CCM_8, NONE, 0),
	S(0xc0aa, "TLS_PSK_DHE_WITH_AES_128_CCM_8", DHE_PSK, PSK, AES_128_CCM_8, NONE, 0),
	S(0xc0ab, "TLS_PSK_DHE_WITH_AES_256_CCM_8", DHE_PSK, PSK, AES_256_CCM_8, NONE, 0),
	S(0xc0ac, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", ECDHE, ECDSA, AES_128_CCM, NONE, 0),
	S(0xc0ad, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", ECDHE, ECDSA, AES_256_CCM, NONE, 0),
	S(0xc0ae, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", ECDHE, ECDSA, AES_128_CCM_8, NONE, 0),
	S(0xc0af, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", ECDHE, ECDSA, AES_256_CCM_8, NONE, 0),
	S(0xc0b4, "TLS_SHA256_SHA256", TLS13, ANY, NULL, SHA256, 0),
	S(0xc0b5, "TLS_SHA384_SHA384", TLS13, ANY, NULL, SHA384, 0),
	S(0xcc13, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256_OLD", ECDHE, RSA, CHACHA20_POLY1305, SHA256, 0),
	S(0xcc14, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256_OLD", ECDHE, ECDSA, CHACHA20_POLY1305, SHA256, 0),
	S(0xcc15, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256_OLD", DHE, RSA, CHACHA20_POLY1305, SHA256, 0),
	S(0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", ECDHE, RSA, CHACHA20_POLY1305, SHA256, 0),
	S(0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", ECDHE, ECDSA, CHACHA20_POLY1305, SHA256, 0),
	S(0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", DHE, RSA, CHACHA20_POLY1305, SHA256, 0),
	S(0xccab, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256", PSK, PSK, CHACHA20_POLY1305, SHA256, 0),
	S(0xccac, "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", ECDHE_PSK, PSK, CHACHA20_POLY1305, SHA256, 0),
	S(0xccad, "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256", DHE_PSK, PSK, CHACHA20_POLY1305, SHA256, 0),
	S(0xccae, "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256", RSA_PSK, RSA, CHACHA20_POLY1305, SHA256, 0),
	S(0xd001, "TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256", ECDHE_PSK, PSK, AES_128_GCM, SHA256, 0),
	S(0xd002, "TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384", ECDHE_PSK, PSK, AES_256_GCM, SHA384, 0),
	S(0xd003, "TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256", ECDHE_PSK, PSK, AES_128_CCM_8, SHA256, 0),
	S(0xd005, "TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256", ECDHE_PSK, PSK, AES_128_CCM, SHA256, 0),
	S(0xfefe, "SSL_RSA_FIPS_WITH_DES_CBC_SHA", RSA, RSA, DES, SHA1, 0),
	S(0xfeff, "SSL_RSA_FIPS_WITH_3DES_EDE_CBC_SHA", RSA, RSA, 3DES, SHA1, 0),
};

#undef S

const struct tls_suite_info *
tls_suite_info(uint16_t suite)
{
	size_t lo = 0, hi = NELEM(suites), mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (suites[mid].id == suite)
			return &suites[mid];
		if (suites[mid].id < suite)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct tls_suite_info *
tls_suite_table(size_t *n)
{
	if (n != NULL)
		*n = NELEM(suites);
	return suites;
}

const char *
tls_suite_name(uint16_t suite)
{
	const struct tls_suite_info *si = tls_suite_info(suite);

	return si ? si->name : hex_name(suite, 4);
}
