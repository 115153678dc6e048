/*
 * scan.c: the endpoint scanner (see scan.h for what it finds and how).
 *
 * A job runs a few lanes; a lane has at most one probe (one conn) in
 * flight and moves IDLE -> PROBING -> IDLE ... -> DONE:
 *   LANE_V13    the TLS 1.3 probe, then the TLS 1.3 elimination
 *   LANE_CHAIN  version probes TLS 1.2, 1.1, 1.0, SSL 3.0, top down
 *   LANE_SSL2   the SSL 2.0 probe
 *   LANE_E*     the elimination of one accepted <= 1.2 version (on
 *               TLS 1.2 with the key-exchange hash probes)
 * The first probe runs alone (the gate). After every probe, job_pump()
 * lets each idle lane start its next probe; when none is in flight the job
 * is over and done() runs. Conn callbacks turn events into one probe
 * outcome; only lane_outcome() interprets it.
 *
 * An elimination enumerates two dimensions, suites and groups, with the
 * same rules (struct dim): one of them is primary and offers only what is
 * left (or what is left plus one sentinel while the order policy is
 * unknown or known to be the client's); the other rides along with a
 * sentinel, so a refusal always belongs to the primary one.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/conn.h"
#include "net/net.h"
#include "tls/hello.h"
#include "tls/scan.h"
#include "util/clock.h"

#define SCAN_SNI_MAX     255
#define SCAN_ALPN        "h2,http/1.1"

/* version index: v[] of struct tls_scan */
enum { VI_SSL2, VI_SSL3, VI_TLS10, VI_TLS11, VI_TLS12, VI_TLS13 };

static const uint16_t vi_wire[TLS_SCAN_NVERSIONS] = {
	TLS_SSL2, TLS_SSL3, TLS_V1_0, TLS_V1_1, TLS_V1_2, TLS_V1_3,
};

/* SSL 2.0 cipher specs (RFC-less: the SSL 2.0 draft, appendix C). */
static const uint32_t ssl2_specs[] = {
	0x010080, 0x020080, 0x030080, 0x040080, 0x050080, 0x060040, 0x0700c0,
};

/* <= 1.2 named curves (RFC 8422, 7027, 8446), strongest first. */
static const uint16_t groups12[] = {
	29, 23, 30, 25, 24, 26, 27, 28, 21, 22, 20, 19, 18, 17, 16, 15,
	14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1,
};

#define GROUP_FFDHE_FIRST     0x0100
#define GROUP_FFDHE_LAST      0x0104

/* TLS 1.3 groups: X25519 first (its key_share is any 32 bytes), the
 * hybrids, the curves, then FFDHE weakest first (one candidate). */
static const uint16_t groups13[] = {
	29, 0x11ec, 23, 30, 25, 24, 0x11eb, 0x11ed, 0x001f, 0x0020, 0x0021,
	26, 27, 28, 21, 22, 20, 19, 18,
	0x0100, 0x0101, 0x0102, 0x0103, 0x0104,
};

/* What an ordinary client offers, strongest first, then the legacy hashes. */
static const uint16_t sigalgs_all[] = {
	0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x081a, 0x081b, 0x081c,
	0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b,
	0x0401, 0x0501, 0x0601, 0x0402, 0x0502, 0x0602,
	0x0303, 0x0301, 0x0302, 0x0203, 0x0201, 0x0202,
};
static const uint16_t sigalgs_sha1_224[] = { 0x0201, 0x0203, 0x0301, 0x0303 };
static const uint16_t sigalgs_sha1[] = { 0x0201, 0x0203 };
static const uint16_t sigalgs_sha224[] = { 0x0301, 0x0303 };
#define SIGALG_HASH_SHA1    2
#define SIGALG_HASH_SHA224  3

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const status_code[] = {
	[TLS_SCAN_OK] = "ok",
	[TLS_SCAN_TIMEOUT] = "timeout",
	[TLS_SCAN_REFUSED] = "refused",
	[TLS_SCAN_UNREACHABLE] = "unreachable",
	[TLS_SCAN_NET_ERROR] = "net_error",
	[TLS_SCAN_NOT_TLS] = "not_tls",
	[TLS_SCAN_TRUNCATED] = "truncated",
	[TLS_SCAN_INCONSISTENT] = "inconsistent",
	[TLS_SCAN_BUDGET] = "budget",
	[TLS_SCAN_NOMEM] = "nomem",
	[TLS_SCAN_CANCELLED] = "cancelled",
	[TLS_SCAN_PRELUDE] = "starttls",
};

const char *
tls_scan_status_code(enum tls_scan_status st)
{
	if ((size_t)st >= NELEM(status_code) || status_code[st] == NULL)
		return "error";
	return status_code[st];
}

const char *
tls_tri_str(enum tls_tri t)
{
	return t == TLS_TRI_YES ? "yes" : t == TLS_TRI_NO ? "no" : "unknown";
}

const char *
tls_order_str(enum tls_order o)
{
	switch (o) {
	case TLS_ORDER_NA:
		return "na";
	case TLS_ORDER_CLIENT:
		return "client";
	case TLS_ORDER_SERVER:
		return "server";
	case TLS_ORDER_UNKNOWN:
		break;
	}
	return "unknown";
}

const struct tls_scan_version *
tls_scan_get(const struct tls_scan *s, uint16_t version)
{
	size_t i;

	for (i = 0; i < TLS_SCAN_NVERSIONS; i++)
		if (s->v[i].version == version)
			return &s->v[i];
	return NULL;
}

/* --- suites: what the hello table knows, sorted per version --------------- */

enum kx {
	KX_OTHER,       /* RSA transport, static (EC)DH, anything unsigned */
	KX_ECDHE,       /* signed ServerKeyExchange with a named curve */
	KX_DHE,         /* signed ServerKeyExchange with a prime */
};

/*
 * Sort a table entry: its key exchange, and whether it needs TLS 1.2
 * (AEAD ciphers, ARIA, SHA-256/384 MACs). 0 when not worth offering:
 * signalling values, TLS 1.3 suites, and suites that need client state
 * (PSK, SRP, KRB5).
 */
static int
suite_classify(const struct tls_suite_info *si, enum kx *kx, int *needs12)
{
	switch (si->kx) {
	case TLS_KX_ECDHE:
		*kx = KX_ECDHE;
		break;
	case TLS_KX_DHE:
		*kx = KX_DHE;
		break;
	case TLS_KX_RSA:
	case TLS_KX_RSA_EXPORT:
	case TLS_KX_DH:
	case TLS_KX_ECDH:
	case TLS_KX_DH_ANON:
	case TLS_KX_ECDH_ANON:
		*kx = KX_OTHER;
		break;
	default:
		return 0;
	}
	switch (si->cipher) {
	case TLS_CIPHER_AES_128_GCM:
	case TLS_CIPHER_AES_256_GCM:
	case TLS_CIPHER_AES_128_CCM:
	case TLS_CIPHER_AES_256_CCM:
	case TLS_CIPHER_AES_128_CCM_8:
	case TLS_CIPHER_AES_256_CCM_8:
	case TLS_CIPHER_CAMELLIA_128_GCM:
	case TLS_CIPHER_CAMELLIA_256_GCM:
	case TLS_CIPHER_ARIA_128_CBC:
	case TLS_CIPHER_ARIA_256_CBC:
	case TLS_CIPHER_ARIA_128_GCM:
	case TLS_CIPHER_ARIA_256_GCM:
	case TLS_CIPHER_CHACHA20_POLY1305:
	case TLS_CIPHER_SM4_GCM:
	case TLS_CIPHER_SM4_CCM:
		*needs12 = 1;
		break;
	default:
		*needs12 = si->mac == TLS_MAC_SHA256 ||
		    si->mac == TLS_MAC_SHA384;
		break;
	}
	return 1;
}

/* --- the elimination of one dimension ------------------------------------- */

enum dmode {
	DM_ALL,          /* every candidate: nothing known yet */
	DM_REM,          /* what is left */
	DM_REM_SENT,     /* what is left, then one accepted value */
	DM_ACC,          /* the accepted ones only */
};

enum cand_flag { CF_LEFT, CF_ACCEPTED, CF_DROPPED };

struct dim {
	uint16_t cand[TLS_MAX_SUITES];
	uint8_t flag[TLS_MAX_SUITES];
	size_t n_cand;
	uint16_t acc[TLS_MAX_SUITES];     /* in the order found */
	size_t n_acc;
	enum tls_order pol;
	int ambig;           /* a sentinel was chosen while pol was unknown */
	int done;            /* ran out: the list is complete */
	int sentinel_ends;   /* under client order a sentinel pick ends it */
	int ffdhe_bundle;    /* an FFDHE found drops the stronger ones */
	int sentinel_all;    /* the sentinel is every accepted value */
};

static void
dim_init(struct dim *d, const uint16_t *cand, size_t n, int sentinel_ends)
{
	memset(d, 0, sizeof(*d));
	if (n > NELEM(d->cand))
		n = NELEM(d->cand);
	memcpy(d->cand, cand, n * sizeof(*cand));
	d->n_cand = n;
	d->sentinel_ends = sentinel_ends;
}

static size_t
dim_find(const struct dim *d, uint16_t v)
{
	size_t i;

	for (i = 0; i < d->n_cand; i++)
		if (d->cand[i] == v)
			return i;
	return (size_t)-1;
}

static size_t
dim_left(const struct dim *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->n_cand; i++)
		n += d->flag[i] == CF_LEFT;
	return n;
}

static int
dim_accepted(const struct dim *d, uint16_t v)
{
	size_t i;

	for (i = 0; i < d->n_acc; i++)
		if (d->acc[i] == v)
			return 1;
	return 0;
}

static int
is_ffdhe(uint16_t g)
{
	return g >= GROUP_FFDHE_FIRST && g <= GROUP_FFDHE_LAST;
}

typedef int (*dim_filter)(uint16_t v, const void *ctx);

/* The list a dimension offers in mode m, filtered; returns its length. */
static size_t
dim_offer(const struct dim *d, enum dmode m, dim_filter f, const void *ctx,
    uint16_t *out, size_t cap)
{
	size_t i, n = 0;

	if (m == DM_ACC) {
		for (i = 0; i < d->n_acc && n < cap; i++)
			if (f == NULL || f(d->acc[i], ctx))
				out[n++] = d->acc[i];
		return n;
	}
	for (i = 0; i < d->n_cand && n < cap; i++) {
		if (d->flag[i] == CF_DROPPED ||
		    (m != DM_ALL && d->flag[i] != CF_LEFT))
			continue;
		if (f == NULL || f(d->cand[i], ctx))
			out[n++] = d->cand[i];
	}
	if (m == DM_REM_SENT)
		for (i = 0; i < d->n_acc && n < cap; i++)
			if (f == NULL || f(d->acc[i], ctx)) {
				out[n++] = d->acc[i];
				if (!d->sentinel_all)
					break;
			}
	return n;
}

/*
 * The server chose v from what d offered in mode m. Returns -1 when that
 * contradicts the offer (a primary dimension offering only what is left
 * got something else), else 0.
 */
static int
dim_note(struct dim *d, enum dmode m, int primary, uint16_t v)
{
	size_t i = dim_find(d, v), k;

	if (dim_accepted(d, v)) {
		if (m == DM_REM_SENT) {
			if (d->pol == TLS_ORDER_CLIENT && d->sentinel_ends)
				d->done = 1;
			else if (d->pol == TLS_ORDER_UNKNOWN)
				d->ambig = 1;
		} else if (m == DM_REM && primary)
			return -1;
		return 0;
	}
	if (i == (size_t)-1 && primary && m != DM_ALL)
		return -1;
	if (d->n_acc < NELEM(d->acc))
		d->acc[d->n_acc++] = v;
	if (i != (size_t)-1) {
		d->flag[i] = CF_ACCEPTED;
		/* Stronger FFDHE groups cannot change the verdict: only
		 * weaker ones are still looked for (ids grow with size). */
		if (d->ffdhe_bundle && is_ffdhe(v))
			for (k = 0; k < d->n_cand; k++)
				if (d->flag[k] == CF_LEFT &&
				    is_ffdhe(d->cand[k]) && d->cand[k] > v)
					d->flag[k] = CF_DROPPED;
	}
	if (d->pol == TLS_ORDER_UNKNOWN) {
		/* A server enforcing its order would have taken the
		 * sentinel. */
		if (m == DM_REM_SENT)
			d->pol = TLS_ORDER_CLIENT;
		/* A client-order server would have taken v instead of it. */
		else if (m == DM_REM && d->ambig)
			d->pol = TLS_ORDER_SERVER;
	}
	return 0;
}

/* --- job, lanes, probes --------------------------------------------------- */

/* In gate order: the first lane with a probe to send sends it alone. */
enum lane_id {
	LANE_V13,
	LANE_CHAIN,
	LANE_SSL2,
	LANE_E12,
	LANE_E11,
	LANE_E10,
	LANE_ESSL3,
	LANE_COUNT,
};

enum lane_state { LANE_IDLE, LANE_PROBING, LANE_DONE };

enum probe_kind { PK_VERSION, PK_SSL2, PK_ELIM, PK_KEX };

/* Version states, besides tls_scan_version.accepted. */
enum vstate { VS_TODO, VS_PROBING, VS_KNOWN };

struct tls_scan_job;

struct lane {
	struct tls_scan_job *job;
	enum lane_id id;
	enum lane_state state;
	struct net_conn *conn;
	int connected;
	/* the probe in flight */
	enum probe_kind kind;
	int vi;                      /* version index offered */
	enum dmode smode, gmode;
	int gprimary;                /* groups are the primary dimension */
	int offered_groups;          /* the elimination tracks groups */
	const uint16_t *kex_sigalgs;
	int kex_rides;               /* the kex probe carries suites left */
};

/* How one probe ended. */
enum outcome_kind {
	OC_ANSWER,       /* hello, HRR or SSL 2.0 SERVER-HELLO in r */
	OC_REFUSED,      /* alert, or closed/reset right after our hello */
	OC_ERROR,        /* st/why: no usable answer */
};

struct outcome {
	enum outcome_kind kind;
	struct tls_reply r;
	enum tls_scan_status st;
	int connect_failed;
	char why[96];
};

struct elim {
	int vi;
	int started;                 /* the version is accepted: may probe */
	int failed;
	int groups;                  /* groups are enumerated here */
	struct dim s, g;
};

struct tls_scan_job {
	struct net *net;
	char sni[SCAN_SNI_MAX + 1];
	int has_sni;
	struct tls_scan_opts o;
	tls_scan_cb done;
	void *arg;
	struct timespec start;
	struct tls_scan res;
	struct lane lanes[LANE_COUNT];
	enum vstate vs[TLS_SCAN_NVERSIONS];
	struct elim el[TLS_SCAN_NVERSIONS];     /* SSL 3.0 .. TLS 1.3 */
	int groups12_vi;             /* version finding <= 1.2 curves, or -1 */
	int gate_open;
	int saw_answer;
	int alpn_seen;               /* a <= 1.2 hello answered an ALPN offer */
	int kex_step;                /* 0: both hashes, 1: one left, 2: done */
	int finishing;
	/* candidates per version */
	uint16_t cand_v[TLS_SCAN_NVERSIONS][TLS_MAX_SUITES];
	size_t n_cand_v[TLS_SCAN_NVERSIONS];
	uint16_t cand_kx12[TLS_MAX_SUITES];     /* TLS 1.2 (EC)DHE suites */
	size_t n_cand_kx12;
	uint8_t kx_of[65536 / 8 * 2];           /* 2 bits per suite id */
	uint8_t hello[TLS_HELLO_MAX];
};

static void job_pump(struct tls_scan_job *j);
static void lane_outcome(struct lane *l, struct outcome *oc);

static enum kx
job_kx(const struct tls_scan_job *j, uint16_t suite)
{
	return (enum kx)((j->kx_of[suite / 4] >> ((suite % 4) * 2)) & 3);
}

static void
job_set_kx(struct tls_scan_job *j, uint16_t suite, enum kx k)
{
	unsigned sh = (suite % 4) * 2;

	j->kx_of[suite / 4] = (uint8_t)((j->kx_of[suite / 4] & ~(3u << sh)) |
	    ((unsigned)k << sh));
}

static int
filter_ecdhe(uint16_t suite, const void *ctx)
{
	return job_kx(ctx, suite) == KX_ECDHE;
}

/* Candidate suites per version from the hello table. */
static void
job_build_candidates(struct tls_scan_job *j)
{
	const struct tls_suite_info *t;
	size_t n, i;
	int vi;

	t = tls_suite_table(&n);
	for (i = 0; i < n; i++) {
		enum kx kx;
		int needs12;

		if (t[i].kx == TLS_KX_TLS13) {
			if (j->n_cand_v[VI_TLS13] < TLS_MAX_SUITES)
				j->cand_v[VI_TLS13][j->n_cand_v[VI_TLS13]++] =
				    t[i].id;
			continue;
		}
		if (!suite_classify(&t[i], &kx, &needs12))
			continue;
		job_set_kx(j, t[i].id, kx);
		for (vi = VI_SSL3; vi <= VI_TLS12; vi++) {
			if (needs12 && vi != VI_TLS12)
				continue;
			if (j->n_cand_v[vi] < TLS_MAX_SUITES)
				j->cand_v[vi][j->n_cand_v[vi]++] = t[i].id;
		}
		if ((kx == KX_ECDHE || kx == KX_DHE) &&
		    j->n_cand_kx12 < TLS_MAX_SUITES)
			j->cand_kx12[j->n_cand_kx12++] = t[i].id;
	}
}

static unsigned
vi_bit(int vi)
{
	return 1u << vi;
}

static int
vi_of_wire(uint16_t v)
{
	int i;

	for (i = 0; i < TLS_SCAN_NVERSIONS; i++)
		if (vi_wire[i] == v)
			return i;
	return -1;
}

static int
job_wants(const struct tls_scan_job *j, int vi)
{
	return (j->o.versions & vi_bit(vi)) != 0;
}

static void job_trace(const struct tls_scan_job *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
job_trace(const struct tls_scan_job *j, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	if (j->o.trace == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	j->o.trace(j->o.trace_arg, line);
}

static const char *const dmode_str[] = {
	[DM_ALL] = "all", [DM_REM] = "rem", [DM_REM_SENT] = "rem+sent",
	[DM_ACC] = "acc",
};
static const char *const kind_str[] = {
	[PK_VERSION] = "version", [PK_SSL2] = "ssl2", [PK_ELIM] = "elim",
	[PK_KEX] = "kex",
};

static const char *const lane_state_str[] = {
	[LANE_IDLE] = "idle", [LANE_PROBING] = "probing", [LANE_DONE] = "done",
};
static const char *const lane_str[] = {
	[LANE_V13] = "v13", [LANE_CHAIN] = "chain", [LANE_SSL2] = "ssl2",
	[LANE_E12] = "e12", [LANE_E11] = "e11", [LANE_E10] = "e10",
	[LANE_ESSL3] = "essl3",
};

/* Every lane state change goes through here. */
static void
lane_set_state(struct lane *l, enum lane_state to)
{
	if (l->state == to)
		return;
	if (to == LANE_DONE)
		job_trace(l->job, "lane %s: %s -> %s", lane_str[l->id],
		    lane_state_str[l->state], lane_state_str[to]);
	l->state = to;
}

/* Copy a NUL-terminated text, cut to fit. */
static void
copy_text(char *dst, size_t cap, const char *src)
{
	size_t n = strnlen(src, cap - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static enum tls_scan_status
status_of_net(enum net_status st)
{
	switch (st) {
	case NET_OK:
		return TLS_SCAN_OK;
	case NET_TIMEOUT:
		return TLS_SCAN_TIMEOUT;
	case NET_REFUSED:
		return TLS_SCAN_REFUSED;
	case NET_UNREACHABLE:
		return TLS_SCAN_UNREACHABLE;
	case NET_BADREPLY:
		return TLS_SCAN_NOT_TLS;
	case NET_NOMEM:
		return TLS_SCAN_NOMEM;
	case NET_CANCELLED:
		return TLS_SCAN_CANCELLED;
	case NET_PRELUDE:
		return TLS_SCAN_PRELUDE;
	case NET_FORBIDDEN:     /* never reached: refused before any probe */
	case NET_ERROR:
		break;
	}
	return TLS_SCAN_NET_ERROR;
}

/* --- recording facts ------------------------------------------------------ */

static void
version_set(struct tls_scan_job *j, int vi, enum tls_tri t,
    enum tls_scan_status st, const char *why)
{
	struct tls_scan_version *v = &j->res.v[vi];

	j->vs[vi] = VS_KNOWN;
	v->accepted = t;
	v->err = st;
	copy_text(v->why, sizeof(v->why), why ? why : "");
	if (t == TLS_TRI_YES && vi != VI_SSL2)
		j->el[vi].started = 1;
}

/* What every hello at a <= 1.2 version tells besides its suite. */
static void
record_extras(struct tls_scan_job *j, int vi, const struct tls_reply *r)
{
	struct tls_scan_version *v = &j->res.v[vi];
	size_t i;

	if (r->kind != TLS_REPLY_HELLO || vi < VI_SSL3 || vi > VI_TLS12)
		return;
	if (r->compression == 1)
		v->compression = TLS_TRI_YES;
	else if (v->compression == TLS_TRI_UNKNOWN)
		v->compression = TLS_TRI_NO;
	if (vi != VI_SSL3) {
		if (r->has_reneg_info)
			v->secure_reneg = TLS_TRI_YES;
		else if (v->secure_reneg == TLS_TRI_UNKNOWN)
			v->secure_reneg = TLS_TRI_NO;
		if (r->has_ems)
			v->ems = TLS_TRI_YES;
		else if (v->ems == TLS_TRI_UNKNOWN)
			v->ems = TLS_TRI_NO;
		j->alpn_seen = 1;
		if (r->alpn[0] != '\0' && j->res.alpn[0] == '\0')
			copy_text(j->res.alpn, sizeof(j->res.alpn), r->alpn);
	}
	if (r->dhe_bits > 0 && job_kx(j, r->suite) == KX_DHE) {
		for (i = 0; i < j->res.n_dhe; i++)
			if (j->res.dhe[i].bits == r->dhe_bits &&
			    j->res.dhe[i].group == r->dhe_group)
				return;
		if (j->res.n_dhe < TLS_SCAN_MAX_DHE) {
			j->res.dhe[j->res.n_dhe].bits = r->dhe_bits;
			j->res.dhe[j->res.n_dhe].group = r->dhe_group;
			j->res.dhe[j->res.n_dhe].suite = r->suite;
			j->res.n_dhe++;
		}
	}
}

/* The group a reply shows, or 0 (<= 1.2: ECDHE suites only). */
static uint16_t
reply_group(const struct tls_scan_job *j, int vi, const struct tls_reply *r)
{
	if (vi == VI_TLS13)
		return r->group;
	return job_kx(j, r->suite) == KX_ECDHE ? r->group : 0;
}

/* A version is accepted, with a first choice from an offer of everything. */
static void
elim_seed(struct tls_scan_job *j, int vi, const struct tls_reply *r)
{
	struct elim *e = &j->el[vi];
	uint16_t g;

	if (!job_wants(j, vi) || vi == VI_SSL2)
		return;
	if (dim_find(&e->s, r->suite) != (size_t)-1)
		(void)dim_note(&e->s, DM_ALL, 0, r->suite);
	if (e->groups && (g = reply_group(j, vi, r)) != 0)
		(void)dim_note(&e->g, DM_ALL, 0, g);
}

/* The first <= 1.2 version found (the highest) enumerates the curves. */
static void
maybe_take_groups12(struct tls_scan_job *j, int vi)
{
	if (j->groups12_vi >= 0 || vi < VI_TLS10 || vi > VI_TLS12 ||
	    !job_wants(j, vi))
		return;
	j->groups12_vi = vi;
	j->el[vi].groups = 1;
	dim_init(&j->el[vi].g, groups12, NELEM(groups12), 1);
	/* TLS <= 1.2 servers also need their ECDSA certificate's curve in
	 * supported_groups: never leave out one that was accepted. */
	j->el[vi].g.sentinel_all = 1;
}

/* A version probe for vi was answered at version w (<= vi). */
static void
version_answered(struct tls_scan_job *j, int vi, const struct tls_reply *r)
{
	int w = vi_of_wire(r->version);
	char why[64];

	if (w <= VI_SSL2 || w > vi) {
		snprintf(why, sizeof(why), "answered version 0x%04x",
		    r->version);
		version_set(j, vi, TLS_TRI_UNKNOWN, TLS_SCAN_INCONSISTENT, why);
		return;
	}
	if (w < vi) {
		snprintf(why, sizeof(why), "server chose %s",
		    tls_version_name(r->version));
		version_set(j, vi, TLS_TRI_NO, TLS_SCAN_OK, why);
		if (j->vs[w] == VS_KNOWN)
			return;
	}
	version_set(j, w, TLS_TRI_YES, TLS_SCAN_OK, NULL);
	maybe_take_groups12(j, w);
	record_extras(j, w, r);
	elim_seed(j, w, r);
}

/* --- probes --------------------------------------------------------------- */

static void
probe_cb(void *arg, struct net_conn *c, enum net_conn_event ev)
{
	struct lane *l = arg;
	struct outcome oc;
	const uint8_t *data;
	size_t len = 0;
	enum tls_reply_kind k;

	memset(&oc, 0, sizeof(oc));
	data = net_conn_data(c, &len);
	switch (ev) {
	case NET_EV_CONNECTED:
		l->connected = 1;
		return;
	case NET_EV_DATA:
		k = tls_reply_parse(data, len, &oc.r);
		/* A warning alert ahead of the ServerHello (unrecognized_name
		 * from some servers) refuses nothing: drop it, read on. */
		while (k == TLS_REPLY_ALERT && oc.r.alert_level == 1 &&
		    oc.r.alert_desc != 0 && len >= 7 && data[0] == 0x15 &&
		    data[3] == 0 && data[4] == 2) {
			net_conn_consume(c, 7);
			data = net_conn_data(c, &len);
			memset(&oc.r, 0, sizeof(oc.r));
			k = tls_reply_parse(data, len, &oc.r);
		}
		if (k == TLS_REPLY_NEED_MORE)
			return;
		break;
	case NET_EV_EOF:
		if (len == 0) {
			oc.kind = OC_REFUSED;
			snprintf(oc.why, sizeof(oc.why), "closed");
			lane_outcome(l, &oc);
			return;
		}
		k = tls_reply_parse(data, len, &oc.r);
		if (k == TLS_REPLY_NEED_MORE) {
			oc.kind = OC_ERROR;
			oc.st = TLS_SCAN_TRUNCATED;
			snprintf(oc.why, sizeof(oc.why),
			    "closed after %zu bytes of the server's flight",
			    len);
			lane_outcome(l, &oc);
			return;
		}
		break;
	case NET_EV_ERROR:
	default:
		oc.kind = OC_ERROR;
		oc.st = status_of_net(net_conn_status(c));
		oc.connect_failed = !l->connected;
		if (l->connected && len == 0 && oc.st == TLS_SCAN_REFUSED) {
			oc.kind = OC_REFUSED;
			snprintf(oc.why, sizeof(oc.why), "reset");
		} else if (oc.st == TLS_SCAN_REFUSED && l->connected) {
			oc.st = TLS_SCAN_TRUNCATED;
			snprintf(oc.why, sizeof(oc.why),
			    "reset after %zu bytes of the server's flight",
			    len);
		} else if (oc.st == TLS_SCAN_NOT_TLS) {
			snprintf(oc.why, sizeof(oc.why),
			    "over %d bytes without a complete answer",
			    NET_CONN_INBUF_MAX);
		} else {
			snprintf(oc.why, sizeof(oc.why), "%s%s",
			    l->connected ? "" : "connect: ",
			    net_conn_errno(c) ? strerror(net_conn_errno(c)) :
			    tls_scan_status_code(oc.st));
		}
		lane_outcome(l, &oc);
		return;
	}
	switch (k) {
	case TLS_REPLY_HELLO:
	case TLS_REPLY_HRR:
	case TLS_REPLY_SSL2:
		oc.kind = OC_ANSWER;
		break;
	case TLS_REPLY_ALERT:
		oc.kind = OC_REFUSED;
		if (oc.r.version == TLS_SSL2 && oc.r.why != NULL)
			snprintf(oc.why, sizeof(oc.why), "SSL 2.0 %s",
			    oc.r.why);
		else
			snprintf(oc.why, sizeof(oc.why), "TLS alert %u",
			    oc.r.alert_desc);
		break;
	case TLS_REPLY_GARBAGE:
	case TLS_REPLY_NEED_MORE:
	default:
		oc.kind = OC_ERROR;
		oc.st = TLS_SCAN_NOT_TLS;
		copy_text(oc.why, sizeof(oc.why),
		    oc.r.why ? oc.r.why : "not a TLS answer");
		break;
	}
	lane_outcome(l, &oc);
}

/* A hello for version vi with everything but the lists. */
static void
hello_base(const struct tls_scan_job *j, int vi, struct tls_hello_opts *h)
{
	memset(h, 0, sizeof(*h));
	arc4random_buf(h->random, sizeof(h->random));
	h->version = vi_wire[vi];
	if (vi == VI_TLS13)
		h->min_version = TLS_V1_3;
	if (vi == VI_SSL2)
		return;
	if (vi == VI_SSL3) {
		h->no_extensions = 1;
		h->deflate = 1;
		return;
	}
	h->sni = j->has_sni ? j->sni : NULL;
	h->alpn = SCAN_ALPN;
	h->reneg_info = 1;
	h->ems = 1;
	h->ec_point_formats = 1;
	h->deflate = vi != VI_TLS13;
	if (vi >= VI_TLS12) {
		h->sigalgs = sigalgs_all;
		h->n_sigalgs = NELEM(sigalgs_all);
	}
	if (vi == VI_TLS13) {
		h->groups = groups13;
		h->n_groups = NELEM(groups13);
	} else {
		h->groups = groups12;
		h->n_groups = NELEM(groups12);
	}
}

/*
 * Open one probe on lane l and send the hello. 0 when in flight; else a
 * status saying why not (budget, bad hello, ENOMEM); no callback then.
 */
static enum tls_scan_status
probe_start(struct lane *l, enum probe_kind kind, int vi,
    const struct tls_hello_opts *h)
{
	struct tls_scan_job *j = l->job;
	struct net_conn *c;
	int len;

	if (j->res.connections >= j->o.max_conns)
		return TLS_SCAN_BUDGET;
	if ((len = tls_hello_build(j->hello, sizeof(j->hello), h)) < 0)
		return TLS_SCAN_INCONSISTENT;
	c = j->o.prelude != NULL ?
	    net_conn_open_prelude(j->net, &j->res.addr, j->res.port,
	    j->o.timeout_ms, j->o.prelude, j->o.prelude_arg, probe_cb, l) :
	    net_conn_open(j->net, &j->res.addr, j->res.port, j->o.timeout_ms,
	    probe_cb, l);
	if (c == NULL)
		return TLS_SCAN_NOMEM;
	if (net_conn_write(c, j->hello, (size_t)len) != 0) {
		net_conn_close(c);
		return TLS_SCAN_NOMEM;
	}
	l->conn = c;
	l->connected = 0;
	l->kind = kind;
	l->vi = vi;
	lane_set_state(l, LANE_PROBING);
	j->res.connections++;
	j->res.v[vi].connections++;
	job_trace(j, "#%u %s %s: %zu suites (first %s, s=%s), %zu groups "
	    "(first %s, g=%s%s), %zu sigalgs", j->res.connections,
	    kind_str[kind], tls_version_name(vi_wire[vi]), h->n_suites,
	    h->n_suites ? tls_suite_name(h->suites[0]) : "-",
	    dmode_str[l->smode], h->n_groups,
	    h->n_groups ? tls_group_name(h->groups[0]) : "-",
	    dmode_str[l->gmode], l->gprimary ? " primary" : "", h->n_sigalgs);
	return TLS_SCAN_OK;
}

static const char *
probe_fail_why(enum tls_scan_status st)
{
	switch (st) {
	case TLS_SCAN_BUDGET:
		return "connection budget spent";
	case TLS_SCAN_INCONSISTENT:
		return "hello does not fit";
	default:
		return "out of memory";
	}
}

/* Probe version vi with everything it may use; 1 if started. */
static int
version_probe(struct lane *l, int vi)
{
	struct tls_scan_job *j = l->job;
	struct tls_hello_opts h;
	enum tls_scan_status st;

	hello_base(j, vi, &h);
	l->smode = l->gmode = DM_ALL;
	l->gprimary = 0;
	if (vi == VI_SSL2) {
		h.ssl2_specs = ssl2_specs;
		h.n_ssl2_specs = NELEM(ssl2_specs);
	} else {
		h.suites = j->cand_v[vi];
		h.n_suites = j->n_cand_v[vi];
	}
	st = probe_start(l, vi == VI_SSL2 ? PK_SSL2 : PK_VERSION, vi, &h);
	if (st != TLS_SCAN_OK) {
		version_set(j, vi, TLS_TRI_UNKNOWN, st, probe_fail_why(st));
		return 0;
	}
	j->vs[vi] = VS_PROBING;
	return 1;
}

/* --- key-exchange hash (TLS 1.2) ------------------------------------------ */

static int
filter_ske(uint16_t suite, const void *ctx)
{
	enum kx k = job_kx(ctx, suite);

	return k == KX_ECDHE || k == KX_DHE;
}

/*
 * The key-exchange hash probes run in the TLS 1.2 elimination lane once
 * the suite order policy is known. With client order they also carry the
 * elimination's offer (its signed suites, then a sentinel): every signed
 * suite needs the same signature, so the first acceptable one is chosen
 * as without the restriction, and a new one saves an elimination probe.
 */
static int
kex_next(struct lane *l)
{
	struct tls_scan_job *j = l->job;
	struct elim *e = &j->el[VI_TLS12];
	struct tls_hello_opts h;
	uint16_t suites[TLS_MAX_SUITES], groups[TLS_MAX_SUITES];
	size_t ns = 0;
	enum tls_scan_status st;

	if (j->kex_step >= 2)
		return 0;
	hello_base(j, VI_TLS12, &h);
	l->kex_rides = 0;
	l->smode = l->gmode = DM_ALL;
	l->gprimary = 0;
	if (!e->failed && !e->s.done && e->s.pol == TLS_ORDER_CLIENT &&
	    dim_offer(&e->s, DM_ACC, filter_ske, j, suites, 1) == 1 &&
	    (ns = dim_offer(&e->s, DM_REM_SENT, filter_ske, j, suites,
	    NELEM(suites))) > 1) {
		l->kex_rides = 1;
		l->smode = DM_REM_SENT;
		h.suites = suites;
		h.n_suites = ns;
	} else {
		h.suites = j->cand_kx12;
		h.n_suites = j->n_cand_kx12;
	}
	l->offered_groups = e->groups && !e->failed;
	if (l->offered_groups) {
		l->gmode = e->g.done ? (e->g.n_acc ? DM_ACC : DM_ALL) :
		    e->g.n_acc ? DM_REM_SENT : DM_ALL;
		h.groups = groups;
		h.n_groups = dim_offer(&e->g, l->gmode, NULL, NULL, groups,
		    NELEM(groups));
	}
	if (j->kex_step == 0) {
		l->kex_sigalgs = sigalgs_sha1_224;
		h.n_sigalgs = NELEM(sigalgs_sha1_224);
	} else {
		l->kex_sigalgs = j->res.kex_sha1 == TLS_TRI_UNKNOWN ?
		    sigalgs_sha1 : sigalgs_sha224;
		h.n_sigalgs = 2;
	}
	h.sigalgs = l->kex_sigalgs;
	if ((st = probe_start(l, PK_KEX, VI_TLS12, &h)) != TLS_SCAN_OK) {
		j->res.kex_err = st;
		j->kex_step = 2;
		return 0;
	}
	return 1;
}

/* What a kex probe's answer tells the elimination it rode on. */
static void
kex_ride(struct lane *l, const struct tls_reply *r)
{
	struct tls_scan_job *j = l->job;
	struct elim *e = &j->el[VI_TLS12];
	uint16_t g;

	if (e->failed)
		return;
	if (l->kex_rides && !dim_accepted(&e->s, r->suite) &&
	    dim_find(&e->s, r->suite) != (size_t)-1)
		(void)dim_note(&e->s, DM_ALL, 0, r->suite);
	if (l->offered_groups && (g = reply_group(j, VI_TLS12, r)) != 0)
		(void)dim_note(&e->g, l->gmode, 0, g);
}

static void
kex_outcome(struct lane *l, const struct outcome *oc)
{
	struct tls_scan_job *j = l->job;
	struct tls_scan *r = &j->res;
	int step = j->kex_step, hash;
	int asked_sha1 = l->kex_sigalgs != sigalgs_sha224;
	int asked_sha224 = l->kex_sigalgs != sigalgs_sha1;

	j->kex_step = 2;
	switch (oc->kind) {
	case OC_ANSWER:
		if (oc->r.kind != TLS_REPLY_HELLO ||
		    oc->r.version != TLS_V1_2) {
			r->kex_err = TLS_SCAN_INCONSISTENT;
			return;
		}
		record_extras(j, VI_TLS12, &oc->r);
		kex_ride(l, &oc->r);
		if (oc->r.ske_sigalg == 0) {
			r->kex_err = TLS_SCAN_INCONSISTENT;
			return;
		}
		hash = oc->r.ske_sigalg >> 8;
		if (asked_sha1)
			r->kex_sha1 = hash == SIGALG_HASH_SHA1 ? TLS_TRI_YES :
			    TLS_TRI_NO;
		if (asked_sha224)
			r->kex_sha224 = hash == SIGALG_HASH_SHA224 ?
			    TLS_TRI_YES : TLS_TRI_NO;
		/* Shown one of two: the other is still open. */
		if (step == 0 && hash == SIGALG_HASH_SHA1) {
			r->kex_sha224 = TLS_TRI_UNKNOWN;
			j->kex_step = 1;
		} else if (step == 0 && hash == SIGALG_HASH_SHA224) {
			r->kex_sha1 = TLS_TRI_UNKNOWN;
			j->kex_step = 1;
		}
		break;
	case OC_REFUSED:
		if (asked_sha1)
			r->kex_sha1 = TLS_TRI_NO;
		if (asked_sha224)
			r->kex_sha224 = TLS_TRI_NO;
		break;
	case OC_ERROR:
		r->kex_err = oc->st;
		break;
	}
}

static void
elim_fail(struct tls_scan_job *j, int vi, enum tls_scan_status st,
    const char *why)
{
	struct tls_scan_version *v = &j->res.v[vi];

	j->el[vi].failed = 1;
	v->err = st;
	copy_text(v->why, sizeof(v->why), why);
}

/* Start the next elimination probe of vi; 0 when it is over. */
static int
elim_next(struct lane *l, int vi)
{
	struct tls_scan_job *j = l->job;
	struct elim *e = &j->el[vi];
	struct dim *s = &e->s, *g = &e->g, *p;
	uint16_t suites[TLS_MAX_SUITES], groups[TLS_MAX_SUITES];
	size_t ns, ng = 0;
	struct tls_hello_opts h;
	enum dmode pm, om;
	enum tls_scan_status st;
	int is13 = vi == VI_TLS13, gprimary;

	if (vi == VI_TLS12 && j->kex_step < 2 &&
	    (e->failed || s->done || s->pol != TLS_ORDER_UNKNOWN) &&
	    kex_next(l))
		return 1;
	for (;;) {
		if (e->failed)
			return 0;
		if (!s->done && s->n_acc > 0 && dim_left(s) == 0)
			s->done = 1;
		if (e->groups && !g->done && g->n_acc > 0 && dim_left(g) == 0)
			g->done = 1;
		if (s->done && (!e->groups || g->done))
			return 0;
		/* TLS 1.3 suites ride on the groups (a sentinel group would
		 * be the server's HelloRetryRequest choice: no news); <= 1.2
		 * curves wait for the suites (they need ECDHE-only lists). */
		gprimary = e->groups && !g->done && (s->done || is13);
		if (gprimary && !is13 && !dim_offer(s, DM_ACC, filter_ecdhe, j,
		    suites, NELEM(suites))) {
			g->done = 1;    /* no ECDHE suite: no curves to find */
			continue;
		}
		p = gprimary ? g : s;
		if (p->n_acc == 0)
			pm = DM_ALL;
		else if (gprimary && is13)
			pm = DM_REM;    /* key_share decides too much */
		else if (p->pol == TLS_ORDER_CLIENT ||
		    (p->pol == TLS_ORDER_UNKNOWN && !p->ambig))
			pm = DM_REM_SENT;
		else
			pm = DM_REM;
		if (pm != DM_ALL && dim_left(p) == 0) {
			p->done = 1;
			continue;
		}
		break;
	}
	if (gprimary) {
		om = s->done ? DM_ACC : s->n_acc ? DM_REM_SENT : DM_ALL;
		l->smode = om;
		l->gmode = pm;
		ns = dim_offer(s, om, is13 ? NULL : filter_ecdhe, j, suites,
		    NELEM(suites));
		ng = dim_offer(g, pm, NULL, NULL, groups, NELEM(groups));
	} else {
		l->smode = pm;
		ns = dim_offer(s, pm, NULL, NULL, suites, NELEM(suites));
		if (e->groups) {
			om = g->done ? (g->n_acc ? DM_ACC : DM_ALL) :
			    g->n_acc ? DM_REM_SENT : DM_ALL;
			l->gmode = om;
			ng = dim_offer(g, om, NULL, NULL, groups,
			    NELEM(groups));
		}
	}
	l->gprimary = gprimary;
	l->offered_groups = e->groups;
	hello_base(j, vi, &h);
	h.suites = suites;
	h.n_suites = ns;
	if (e->groups) {
		h.groups = groups;
		h.n_groups = ng;
	}
	if ((st = probe_start(l, PK_ELIM, vi, &h)) != TLS_SCAN_OK) {
		elim_fail(j, vi, st, probe_fail_why(st));
		return 0;
	}
	return 1;
}

static unsigned
elim_progress(const struct elim *e)
{
	return (unsigned)(e->s.n_acc + e->g.n_acc) * 16 +
	    (unsigned)(e->s.done + e->g.done * 2 + e->s.ambig * 4 +
	    e->g.ambig * 8);
}

static void
elim_outcome(struct lane *l, const struct outcome *oc)
{
	struct tls_scan_job *j = l->job;
	int vi = l->vi;
	struct elim *e = &j->el[vi];
	struct dim *p = l->gprimary ? &e->g : &e->s;
	enum dmode pm = l->gprimary ? l->gmode : l->smode;
	unsigned before = elim_progress(e);
	char why[160];
	uint16_t grp;
	int rc;

	switch (oc->kind) {
	case OC_ANSWER:
		if (oc->r.kind == TLS_REPLY_SSL2 ||
		    oc->r.version != vi_wire[vi]) {
			snprintf(why, sizeof(why), "answered %s to a %s hello",
			    tls_version_name(oc->r.version),
			    tls_version_name(vi_wire[vi]));
			elim_fail(j, vi, TLS_SCAN_INCONSISTENT, why);
			return;
		}
		record_extras(j, vi, &oc->r);
		rc = dim_note(&e->s, l->smode, !l->gprimary, oc->r.suite);
		if (e->groups && (grp = reply_group(j, vi, &oc->r)) != 0)
			rc |= dim_note(&e->g, l->gmode, l->gprimary, grp);
		if (rc != 0) {
			snprintf(why, sizeof(why), "chose %s, not offered",
			    l->gprimary ? tls_group_name(oc->r.group) :
			    tls_suite_name(oc->r.suite));
			elim_fail(j, vi, TLS_SCAN_INCONSISTENT, why);
			return;
		}
		break;
	case OC_REFUSED:
		if (pm != DM_REM) {
			snprintf(why, sizeof(why),
			    "refused (%s) an offer with a %s it took before",
			    oc->why, l->gprimary ? "group" : "suite");
			elim_fail(j, vi, TLS_SCAN_INCONSISTENT, why);
			return;
		}
		p->done = 1;
		break;
	case OC_ERROR:
		elim_fail(j, vi, oc->st, oc->why);
		return;
	}
	if (elim_progress(e) == before)
		elim_fail(j, vi, TLS_SCAN_INCONSISTENT,
		    "an answer that taught nothing new");
}

/* --- lanes and the job ---------------------------------------------------- */

/*
 * A server that speaks a higher version and answers a TLS 1.x hello with
 * protocol_version has its minimum above 1.x (RFC 5246 E.1: otherwise it
 * would have answered with its highest version <= 1.x, as it does when a
 * version in between is switched off): the versions below need no probe.
 */
static int
below_minimum(const struct tls_scan_job *j, int vi, const struct outcome *oc)
{
	int w;

	if (vi < VI_TLS10 || vi > VI_TLS12 || oc->r.kind != TLS_REPLY_ALERT ||
	    oc->r.alert_desc != 70)
		return 0;
	for (w = vi + 1; w <= VI_TLS13; w++)
		if (j->res.v[w].accepted == TLS_TRI_YES)
			return 1;
	return 0;
}

static void
version_outcome(struct lane *l, const struct outcome *oc)
{
	struct tls_scan_job *j = l->job;
	int vi = l->vi, w;

	switch (oc->kind) {
	case OC_ANSWER:
		if (oc->r.kind == TLS_REPLY_SSL2) {
			version_set(j, vi, TLS_TRI_UNKNOWN,
			    TLS_SCAN_INCONSISTENT, "SSL 2.0 answer");
			return;
		}
		version_answered(j, vi, &oc->r);
		break;
	case OC_REFUSED:
		version_set(j, vi, TLS_TRI_NO, TLS_SCAN_OK, oc->why);
		if (below_minimum(j, vi, oc))
			for (w = VI_SSL3; w < vi; w++)
				if (j->vs[w] == VS_TODO)
					version_set(j, w, TLS_TRI_NO,
					    TLS_SCAN_OK, "below the server's "
					    "minimum (protocol_version alert "
					    "to a higher version)");
		break;
	case OC_ERROR:
		version_set(j, vi, TLS_TRI_UNKNOWN, oc->st, oc->why);
		break;
	}
}

static void
ssl2_outcome(struct lane *l, const struct outcome *oc)
{
	struct tls_scan_job *j = l->job;
	struct tls_scan_version *v = &j->res.v[VI_SSL2];
	size_t i;

	switch (oc->kind) {
	case OC_ANSWER:
		if (oc->r.kind != TLS_REPLY_SSL2) {
			version_set(j, VI_SSL2, TLS_TRI_NO, TLS_SCAN_OK,
			    "answered with TLS");
			return;
		}
		version_set(j, VI_SSL2, TLS_TRI_YES, TLS_SCAN_OK, NULL);
		for (i = 0; i < oc->r.n_ssl2_specs && i < TLS_SCAN_MAX_SSL2;
		    i++)
			v->ssl2_specs[i] = oc->r.ssl2_specs[i];
		v->n_ssl2_specs = i;
		v->complete = 1;
		break;
	case OC_REFUSED:
		version_set(j, VI_SSL2, TLS_TRI_NO, TLS_SCAN_OK, oc->why);
		break;
	case OC_ERROR:
		version_set(j, VI_SSL2, TLS_TRI_UNKNOWN, oc->st, oc->why);
		break;
	}
}

static int
lane_elim_vi(enum lane_id id)
{
	switch (id) {
	case LANE_E12:
		return VI_TLS12;
	case LANE_E11:
		return VI_TLS11;
	case LANE_E10:
		return VI_TLS10;
	case LANE_ESSL3:
		return VI_SSL3;
	default:
		return -1;
	}
}

/* An idle lane's next step: 1 if a probe started, else it waits or ends. */
static int
lane_next(struct lane *l)
{
	static const int chain[] = { VI_TLS12, VI_TLS11, VI_TLS10, VI_SSL3 };
	struct tls_scan_job *j = l->job;
	size_t i;
	int vi;

	switch (l->id) {
	case LANE_V13:
		if (job_wants(j, VI_TLS13) && j->vs[VI_TLS13] == VS_TODO)
			return version_probe(l, VI_TLS13) || lane_next(l);
		if (j->el[VI_TLS13].started && elim_next(l, VI_TLS13))
			return 1;
		break;
	case LANE_SSL2:
		if (job_wants(j, VI_SSL2) && j->vs[VI_SSL2] == VS_TODO &&
		    version_probe(l, VI_SSL2))
			return 1;
		break;
	case LANE_CHAIN:
		for (i = 0; i < NELEM(chain); i++)
			if (job_wants(j, chain[i]) &&
			    j->vs[chain[i]] == VS_TODO &&
			    version_probe(l, chain[i]))
				return 1;
		break;
	default:
		vi = lane_elim_vi(l->id);
		if (vi < 0 || !job_wants(j, vi))
			break;
		if (j->vs[vi] != VS_KNOWN)
			return 0;
		if (j->el[vi].started && elim_next(l, vi))
			return 1;
		break;
	}
	lane_set_state(l, LANE_DONE);
	return 0;
}

static void
job_fill_result(struct tls_scan_job *j)
{
	struct tls_scan *r = &j->res;
	int vi;
	size_t n;

	for (vi = VI_SSL3; vi <= VI_TLS13; vi++) {
		struct tls_scan_version *v = &r->v[vi];
		struct elim *e = &j->el[vi];

		if (v->accepted != TLS_TRI_YES) {
			v->order = TLS_ORDER_NA;
			continue;
		}
		n = e->s.n_acc < TLS_SCAN_MAX_SUITES ? e->s.n_acc :
		    TLS_SCAN_MAX_SUITES;
		memcpy(v->suites, e->s.acc, n * sizeof(v->suites[0]));
		v->n_suites = n;
		v->complete = e->s.done && !e->failed && n == e->s.n_acc;
		v->order = n < 2 ? TLS_ORDER_NA : e->s.pol;
		if (v->compression == TLS_TRI_YES)
			r->compression = TLS_TRI_YES;
		else if (v->compression == TLS_TRI_NO &&
		    r->compression == TLS_TRI_UNKNOWN)
			r->compression = TLS_TRI_NO;
	}
	r->v[VI_SSL2].order = TLS_ORDER_NA;
	for (vi = VI_TLS12; vi >= VI_TLS10; vi--)
		if (r->v[vi].accepted == TLS_TRI_YES) {
			r->secure_reneg = r->v[vi].secure_reneg;
			r->ems = r->v[vi].ems;
			break;
		}
	if (j->groups12_vi >= 0) {
		struct elim *e = &j->el[j->groups12_vi];
		struct tls_scan_groups *g = &r->groups12;

		g->version = vi_wire[j->groups12_vi];
		n = e->g.n_acc < TLS_SCAN_MAX_GROUPS ? e->g.n_acc :
		    TLS_SCAN_MAX_GROUPS;
		memcpy(g->ids, e->g.acc, n * sizeof(g->ids[0]));
		g->n = n;
		g->complete = e->g.done && !e->failed && n == e->g.n_acc;
		g->order = n < 2 ? TLS_ORDER_NA : e->g.pol;
		g->err = e->failed ? r->v[j->groups12_vi].err : TLS_SCAN_OK;
	}
	if (r->v[VI_TLS13].accepted == TLS_TRI_YES) {
		struct elim *e = &j->el[VI_TLS13];
		struct tls_scan_groups *g = &r->groups13;

		g->version = TLS_V1_3;
		n = e->g.n_acc < TLS_SCAN_MAX_GROUPS ? e->g.n_acc :
		    TLS_SCAN_MAX_GROUPS;
		memcpy(g->ids, e->g.acc, n * sizeof(g->ids[0]));
		g->n = n;
		g->complete = e->g.done && !e->failed && n == e->g.n_acc;
		g->order = n < 2 ? TLS_ORDER_NA : TLS_ORDER_UNKNOWN;
		g->err = e->failed ? r->v[VI_TLS13].err : TLS_SCAN_OK;
	}
	if (strcmp(r->alpn, "h2") == 0)
		r->alpn_h2 = TLS_TRI_YES;
	else if (j->alpn_seen)
		r->alpn_h2 = TLS_TRI_NO;
	if (r->status == TLS_SCAN_OK && !j->saw_answer) {
		/* Nothing answered: the reason of a version that erred. */
		for (vi = VI_TLS13; vi >= VI_SSL2; vi--)
			if (r->v[vi].err != TLS_SCAN_OK) {
				r->status = r->v[vi].err;
				copy_text(r->why, sizeof(r->why), r->v[vi].why);
				break;
			}
	}
	r->elapsed_ms = clock_elapsed_ms(&j->start);
}

static void
job_close_all(struct tls_scan_job *j)
{
	size_t i;

	for (i = 0; i < LANE_COUNT; i++)
		if (j->lanes[i].conn != NULL) {
			net_conn_close(j->lanes[i].conn);
			j->lanes[i].conn = NULL;
			lane_set_state(&j->lanes[i], LANE_DONE);
		}
}

static void
job_finish(struct tls_scan_job *j)
{
	if (j->finishing)
		return;
	j->finishing = 1;
	job_close_all(j);
	job_fill_result(j);
	j->done(j->arg, &j->res);
	free(j);
}

static void
job_pump(struct tls_scan_job *j)
{
	size_t i;
	int busy = 0;

	for (i = 0; i < LANE_COUNT; i++) {
		struct lane *l = &j->lanes[i];

		if (l->state == LANE_IDLE && j->gate_open)
			(void)lane_next(l);
		busy += l->state == LANE_PROBING;
	}
	if (busy == 0)
		job_finish(j);
}

/* Every probe ends here, from its conn callback. */
static void
lane_outcome(struct lane *l, struct outcome *oc)
{
	struct tls_scan_job *j = l->job;
	size_t i;

	net_conn_close(l->conn);
	l->conn = NULL;
	lane_set_state(l, LANE_IDLE);
	if (oc->kind == OC_ANSWER)
		job_trace(j, "   %s %s: %s%s %s %s sigalg %s",
		    kind_str[l->kind], tls_version_name(vi_wire[l->vi]),
		    oc->r.kind == TLS_REPLY_HRR ? "HRR " : "",
		    tls_version_name(oc->r.version),
		    tls_suite_name(oc->r.suite),
		    oc->r.group ? tls_group_name(oc->r.group) : "-",
		    oc->r.ske_sigalg ? tls_sigalg_name(oc->r.ske_sigalg) : "-");
	else
		job_trace(j, "   %s %s: %s %s", kind_str[l->kind],
		    tls_version_name(vi_wire[l->vi]),
		    oc->kind == OC_REFUSED ? "refused" :
		    tls_scan_status_code(oc->st), oc->why);
	if (oc->kind == OC_ERROR && oc->st == TLS_SCAN_CANCELLED) {
		j->res.status = TLS_SCAN_CANCELLED;
		snprintf(j->res.why, sizeof(j->res.why), "cancelled");
		job_finish(j);
		return;
	}
	if (oc->kind != OC_ERROR)
		j->saw_answer = 1;
	switch (l->kind) {
	case PK_VERSION:
		version_outcome(l, oc);
		break;
	case PK_SSL2:
		ssl2_outcome(l, oc);
		break;
	case PK_ELIM:
		elim_outcome(l, oc);
		break;
	case PK_KEX:
		kex_outcome(l, oc);
		break;
	}
	if (!j->gate_open) {
		j->gate_open = 1;
		/* Unreachable, silent or not TLS: one probe says it for all. */
		if (oc->kind == OC_ERROR && oc->st != TLS_SCAN_TRUNCATED &&
		    oc->st != TLS_SCAN_INCONSISTENT) {
			j->res.status = oc->st;
			copy_text(j->res.why, sizeof(j->res.why), oc->why);
			for (i = 0; i < LANE_COUNT; i++)
				lane_set_state(&j->lanes[i], LANE_DONE);
		}
	}
	job_pump(j);
}

struct tls_scan_job *
tls_scan_start(struct net *n, const struct net_addr *addr, uint16_t port,
    const char *sni, const struct tls_scan_opts *o, tls_scan_cb done,
    void *arg)
{
	struct tls_scan_job *j;
	size_t i;
	int vi;

	if (n == NULL || addr == NULL || done == NULL ||
	    (sni != NULL && strlen(sni) > SCAN_SNI_MAX))
		return NULL;
	if ((j = calloc(1, sizeof(*j))) == NULL)
		return NULL;
	clock_start(&j->start);
	j->net = n;
	j->done = done;
	j->arg = arg;
	if (o != NULL)
		j->o = *o;
	if (j->o.timeout_ms == 0)
		j->o.timeout_ms = TLS_SCAN_TIMEOUT_MS;
	if (j->o.max_conns == 0)
		j->o.max_conns = TLS_SCAN_MAX_CONNS;
	j->o.versions &= TLS_SCAN_V_ALL;
	if (j->o.versions == 0)
		j->o.versions = TLS_SCAN_V_ALL;
	if (sni != NULL && sni[0] != '\0') {
		copy_text(j->sni, sizeof(j->sni), sni);
		j->has_sni = 1;
	}
	j->res.addr = *addr;
	j->res.port = port;
	for (vi = 0; vi < TLS_SCAN_NVERSIONS; vi++) {
		j->res.v[vi].version = vi_wire[vi];
		j->el[vi].vi = vi;
	}
	j->groups12_vi = -1;
	job_build_candidates(j);
	for (vi = VI_SSL3; vi <= VI_TLS13; vi++)
		dim_init(&j->el[vi].s, j->cand_v[vi], j->n_cand_v[vi], 1);
	j->el[VI_TLS13].groups = 1;
	dim_init(&j->el[VI_TLS13].g, groups13, NELEM(groups13), 0);
	j->el[VI_TLS13].g.ffdhe_bundle = 1;
	for (i = 0; i < LANE_COUNT; i++) {
		j->lanes[i].job = j;
		j->lanes[i].id = (enum lane_id)i;
	}
	/* The gate: the first lane that has a probe to send, alone. */
	for (i = 0; i < LANE_COUNT; i++)
		if (lane_next(&j->lanes[i]))
			return j;
	free(j);
	return NULL;
}

void
tls_scan_cancel(struct tls_scan_job *j)
{
	if (j == NULL || j->finishing)
		return;
	j->finishing = 1;
	job_close_all(j);
	free(j);
}
