/*
 * fuzz_smtp: the SMTP client on arbitrary server bytes. Byte 0 picks the
 * flags (bit 0: EHLO over TLS, bit 1: an early smtp_client_quit) and the
 * chunking (high nibble: 0 whole input, else chunk sizes up to 2^n from a
 * generator seeded by byte 1); the rest is everything the server says,
 * fed chunk by chunk (each an exact-size heap copy, so ASan sees any
 * over-read) through the whole dialog, with smtp_client_tls_ready after
 * SMTP_EV_START_TLS and smtp_client_eof at the end. Checked: the dialog
 * ends, every event agrees with the state, every command is a
 * well-formed line that fits the state, kept replies respect their caps,
 * and the reply reader gives the same replies whole as in chunks.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtp/smtp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME "client.example.org"

struct chunker {
	uint32_t x;
	unsigned shift;       /* 0: no split */
};

static size_t
next_chunk(struct chunker *ck, size_t left)
{
	size_t n;

	if (ck->shift == 0)
		return left;
	ck->x ^= ck->x << 13;
	ck->x ^= ck->x >> 17;
	ck->x ^= ck->x << 5;
	n = 1 + (ck->x & ((1u << ck->shift) - 1));
	return n < left ? n : left;
}

static void
check_text(const char *s, size_t cap)
{
	size_t i, n = strnlen(s, cap);

	if (n == cap)
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			abort();
}

static void
check_reply(const struct smtp_reply *r)
{
	char q[96];
	int i;

	if (r->n_lines == 0)
		return;
	if (r->code < 200 || r->code > 559 || r->n_lines > SMTP_REPLY_LINES_MAX)
		abort();
	if (r->text_len >= SMTP_REPLY_TEXT_MAX || strlen(r->text) != r->text_len)
		abort();
	if (r->n_keywords < 0 || r->n_keywords > SMTP_KEYWORDS_MAX)
		abort();
	for (i = 0; i < r->n_keywords; i++) {
		size_t n = strnlen(r->keywords[i], SMTP_KEYWORD_MAX);

		if (n == 0 || n == SMTP_KEYWORD_MAX)
			abort();
		check_text(r->keywords[i], SMTP_KEYWORD_MAX);
		if (!smtp_ehlo_has(r, r->keywords[i]) && r->code == 250)
			abort();
	}
	smtp_reply_quote(r, q, sizeof(q));
	check_text(q, sizeof(q));
}

static void
trace(void *arg, enum smtp_state from, enum smtp_state to)
{
	int *moves = arg;

	if (from == to || to == SMTP_S_BANNER)
		abort();
	if (++*moves > 16)
		abort();
}

/* The command written must be the one the state waits on. */
static void
check_output(struct smtp_client *c)
{
	char want[SMTP_OUT_MAX];
	const uint8_t *p;
	size_t n;

	p = smtp_client_output(c, &n);
	switch (c->state) {
	case SMTP_S_EHLO:
	case SMTP_S_EHLO_TLS:
		snprintf(want, sizeof(want), "EHLO %s\r\n", NAME);
		break;
	case SMTP_S_HELO:
		snprintf(want, sizeof(want), "HELO %s\r\n", NAME);
		if (!c->helo_fallback || c->code.ehlo / 100 != 5)
			abort();
		break;
	case SMTP_S_STARTTLS:
		snprintf(want, sizeof(want), "%s", "STARTTLS\r\n");
		if (!c->starttls_offered)
			abort();
		break;
	case SMTP_S_QUIT:
		snprintf(want, sizeof(want), "%s", "QUIT\r\n");
		if (c->status == SMTP_E_UNFINISHED)
			abort();
		break;
	default:
		abort();
	}
	if (n != strlen(want) || memcmp(p, want, n) != 0)
		abort();
	(void)smtp_client_output(c, &n);
	if (n != 0)
		abort();
}

static void
check_end(const struct smtp_client *c, enum smtp_event ev)
{
	if ((ev == SMTP_EV_DONE) != (c->state == SMTP_S_DONE) ||
	    (ev == SMTP_EV_ERROR) != (c->state == SMTP_S_ERROR))
		abort();
	if (c->status == SMTP_E_UNFINISHED || c->status == SMTP_E_USAGE)
		abort();
	if (c->status == SMTP_OK && (!c->tls_started || c->detail[0] != '\0'))
		abort();
	if (c->status != SMTP_OK && c->detail[0] == '\0')
		abort();
	if (strcmp(smtp_status_code(c->status), "unknown") == 0)
		abort();
	check_text(c->detail, SMTP_DETAIL_MAX);
	check_reply(&c->banner);
	check_reply(&c->ehlo);
	check_reply(&c->ehlo_tls);
}

static void
run_client(const uint8_t *s, size_t len, unsigned mode, uint8_t seed)
{
	static struct smtp_client c;
	struct chunker ck = { 0x9e3779b9u ^ seed, (mode >> 4) & 7 };
	enum smtp_event ev = SMTP_EV_NONE;
	size_t pos = 0, n, off, used, steps = 0;
	unsigned quit_at = seed % 6, events = 0;
	int moves = 0;
	uint8_t *chunk;

	if (smtp_client_init(&c, NAME, mode & SMTP_F_EHLO_AFTER_TLS) != 0)
		abort();
	smtp_client_set_trace(&c, trace, &moves);
	while (pos < len) {
		n = next_chunk(&ck, len - pos);
		if ((chunk = malloc(n)) == NULL)
			return;
		memcpy(chunk, s + pos, n);
		off = 0;
		do {
			if (++steps > 4 * len + 16)
				abort();
			ev = smtp_client_input(&c, chunk + off, n - off, &used);
			if (used > n - off)
				abort();
			off += used;
			if ((mode & 2) && events++ == quit_at) {
				enum smtp_event q = smtp_client_quit(&c);

				if (ev == SMTP_EV_SEND && q != SMTP_EV_SEND)
					abort();
				if (ev != SMTP_EV_SEND && ev != SMTP_EV_START_TLS &&
				    q != ev)
					abort();
			}
			switch (ev) {
			case SMTP_EV_NONE:
				if (off != n || c.state >= SMTP_S_DONE)
					abort();
				break;
			case SMTP_EV_SEND:
				check_output(&c);
				break;
			case SMTP_EV_START_TLS:
				if (off != n || c.state != SMTP_S_TLS || !c.tls_started)
					abort();
				ev = smtp_client_tls_ready(&c);
				if (ev != SMTP_EV_SEND)
					abort();
				check_output(&c);
				break;
			default:
				break;
			}
		} while (off < n && ev != SMTP_EV_DONE && ev != SMTP_EV_ERROR);
		free(chunk);
		pos += n;
		if (ev == SMTP_EV_DONE || ev == SMTP_EV_ERROR)
			break;
	}
	if (ev != SMTP_EV_DONE && ev != SMTP_EV_ERROR)
		ev = smtp_client_eof(&c);
	check_end(&c, ev);
	if (smtp_client_eof(&c) != ev || smtp_client_tls_ready(&c) != ev ||
	    smtp_client_quit(&c) != ev)
		abort();
	if (smtp_client_input(&c, s, len, &used) != ev || used != 0)
		abort();
}

/* --- the reader alone: the same replies whole and in chunks --------------- */

#define MAX_SEEN 64

struct seen {
	int n;
	enum smtp_read end;
	struct {
		int code, n_lines;
		size_t text_len;
		uint32_t hash;
		size_t at;     /* stream offset of the reply's end */
	} r[MAX_SEEN];
};

static uint32_t
fnv(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n-- > 0)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static void
note(struct seen *sn, const struct smtp_reader *rd, size_t at)
{
	if (sn->n >= MAX_SEEN)
		return;
	sn->r[sn->n].code = rd->reply.code;
	sn->r[sn->n].n_lines = rd->reply.n_lines;
	sn->r[sn->n].text_len = rd->reply.text_len;
	sn->r[sn->n].hash = fnv(rd->reply.text, rd->reply.text_len);
	sn->r[sn->n].at = at;
	sn->n++;
	check_reply(&rd->reply);
}

static void
read_all(const uint8_t *s, size_t len, struct chunker *ck, struct seen *sn)
{
	static struct smtp_reader rd;
	enum smtp_read rc = SMTP_R_MORE;
	size_t pos = 0, n, off, used;
	uint8_t *chunk;

	memset(sn, 0, sizeof(*sn));
	smtp_reader_init(&rd);
	while (pos < len && rc <= SMTP_R_REPLY) {
		n = next_chunk(ck, len - pos);
		if ((chunk = malloc(n)) == NULL)
			abort();
		memcpy(chunk, s + pos, n);
		off = 0;
		do {
			rc = smtp_reader_feed(&rd, chunk + off, n - off, &used);
			if (used > n - off || (rc == SMTP_R_MORE && used != n - off))
				abort();
			off += used;
			if (rc == SMTP_R_REPLY) {
				note(sn, &rd, pos + off);
				if (smtp_reader_pending(&rd) != 0)
					abort();
			}
		} while (off < n && rc == SMTP_R_REPLY);
		free(chunk);
		pos += n;
	}
	sn->end = rc == SMTP_R_REPLY ? SMTP_R_MORE : rc;
	if (rc > SMTP_R_REPLY) {
		if (smtp_reader_feed(&rd, s, len, &used) != rc || used != 0)
			abort();
		if (rd.why == NULL)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct seen whole, split;
	struct chunker ck;
	unsigned mode = size > 0 ? data[0] : 0;
	uint8_t seed = size > 1 ? data[1] : 0;
	const uint8_t *s = data + (size > 2 ? 2 : size);
	size_t len = size > 2 ? size - 2 : 0;
	int i;

	run_client(s, len, mode, seed);

	ck.x = 1;
	ck.shift = 0;
	read_all(s, len, &ck, &whole);
	ck.x = 0x2545f491u ^ seed;
	ck.shift = 1 + (mode >> 4) % 8;
	read_all(s, len, &ck, &split);
	if (whole.n != split.n || whole.end != split.end)
		abort();
	for (i = 0; i < whole.n; i++)
		if (whole.r[i].code != split.r[i].code ||
		    whole.r[i].n_lines != split.r[i].n_lines ||
		    whole.r[i].text_len != split.r[i].text_len ||
		    whole.r[i].hash != split.r[i].hash ||
		    whole.r[i].at != split.r[i].at)
			abort();
	return 0;
}
