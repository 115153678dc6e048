/*
 * SMTP client up to STARTTLS: replies (RFC 5321 section 4.2), EHLO
 * keywords (RFC 5321 4.1.1.1, 4.3), and whole dialogs after RFC 3207
 * section 5 and RFC 5321 appendix D.1, each fed whole, byte by byte and
 * split at every position.
 */
#include <stdlib.h>

#include "smtp/smtp.h"
#include "unit.h"

/* --- reader --------------------------------------------------------------- */

static enum smtp_read
feed_str(struct smtp_reader *r, const char *s, size_t *used)
{
	return smtp_reader_feed(r, (const uint8_t *)s, strlen(s), used);
}

/* One whole reply from s; the reader is fresh. */
static enum smtp_read
read_one(struct smtp_reader *r, const char *s, size_t len)
{
	size_t used;

	smtp_reader_init(r);
	return smtp_reader_feed(r, (const uint8_t *)s, len, &used);
}

static void
test_reader_basic(void)
{
	static struct smtp_reader r;
	size_t used;
	const char *ehlo = "250-mail.example.org Hello\r\n250-SIZE 14680064\r\n"
	    "250-PIPELINING\r\n250 STARTTLS\r\n";

	/* single line */
	smtp_reader_init(&r);
	CHECK(feed_str(&r, "220 mail.example.org ESMTP ready\r\n", &used) == SMTP_R_REPLY);
	CHECK(used == 34);
	CHECK(r.reply.code == 220);
	CHECK(r.reply.n_lines == 1);
	CHECK_STR(r.reply.text, "mail.example.org ESMTP ready");
	CHECK(smtp_reader_pending(&r) == 0);

	/* incremental: a partial line is held */
	smtp_reader_init(&r);
	CHECK(feed_str(&r, "220 mail", &used) == SMTP_R_MORE);
	CHECK(used == 8);
	CHECK(smtp_reader_pending(&r) == 8);
	CHECK(feed_str(&r, ".example.org\r", &used) == SMTP_R_MORE);
	CHECK(feed_str(&r, "\n", &used) == SMTP_R_REPLY);
	CHECK(used == 1);
	CHECK_STR(r.reply.text, "mail.example.org");

	/* multiline EHLO reply, RFC 5321 4.3 style */
	smtp_reader_init(&r);
	CHECK(feed_str(&r, ehlo, &used) == SMTP_R_REPLY);
	CHECK(used == strlen(ehlo));
	CHECK(r.reply.code == 250);
	CHECK(r.reply.n_lines == 4);
	CHECK_STR(r.reply.text,
	    "mail.example.org Hello\nSIZE 14680064\nPIPELINING\nSTARTTLS");
	CHECK(r.reply.n_keywords == 3);
	CHECK_STR(r.reply.keywords[0], "SIZE");
	CHECK_STR(r.reply.keywords[1], "PIPELINING");
	CHECK_STR(r.reply.keywords[2], "STARTTLS");
	CHECK(smtp_ehlo_has(&r.reply, "STARTTLS"));
	CHECK(smtp_ehlo_has(&r.reply, "starttls"));     /* keywords: any case */
	CHECK(smtp_ehlo_has(&r.reply, "Size"));
	CHECK(smtp_ehlo_has(&r.reply, "PIPELINING"));
	CHECK(!smtp_ehlo_has(&r.reply, "8BITMIME"));
	CHECK(!smtp_ehlo_has(&r.reply, "mail.example.org")); /* line 1: domain */
	CHECK(!smtp_ehlo_has(&r.reply, "START"));
	CHECK(!smtp_ehlo_has(&r.reply, "14680064"));

	/* keywords only count in a 250 */
	CHECK(read_one(&r, "550-x\r\n550 STARTTLS\r\n", 22) == SMTP_R_REPLY);
	CHECK(r.reply.code == 550);
	CHECK(!smtp_ehlo_has(&r.reply, "STARTTLS"));

	/* bare LF; a bare code; an empty continuation */
	CHECK(read_one(&r, "250-a\n250 b\n", 12) == SMTP_R_REPLY);
	CHECK(r.reply.n_lines == 2);
	CHECK_STR(r.reply.text, "a\nb");
	CHECK(read_one(&r, "250\r\n", 5) == SMTP_R_REPLY);
	CHECK(r.reply.code == 250);
	CHECK(r.reply.text_len == 0);
	CHECK_STR(r.reply.text, "");
	CHECK(read_one(&r, "250-\r\n250 ok\r\n", 14) == SMTP_R_REPLY);
	CHECK(r.reply.n_lines == 2);
	CHECK_STR(r.reply.text, "\nok");
	CHECK(read_one(&r, "354 Start mail input; end with <CRLF>.<CRLF>\r\n", 46) ==
	    SMTP_R_REPLY);
	CHECK(r.reply.code == 354);

	/* one reply per feed: what follows stays unconsumed */
	smtp_reader_init(&r);
	CHECK(feed_str(&r, "250 ok\r\n221 bye\r\n", &used) == SMTP_R_REPLY);
	CHECK(used == 8);
	CHECK(r.reply.code == 250);
	CHECK(feed_str(&r, "221 bye\r\n", &used) == SMTP_R_REPLY);
	CHECK(used == 9);
	CHECK(r.reply.code == 221);
	CHECK(r.reply.n_lines == 1);
	CHECK_STR(r.reply.text, "bye");
	CHECK(feed_str(&r, "", &used) == SMTP_R_MORE);
	CHECK(used == 0);
}

static void
test_reader_errors(void)
{
	static struct smtp_reader r;
	static char big[SMTP_LINE_MAX + 16];
	static char many[(SMTP_REPLY_LINES_MAX + 1) * 8 + 1];
	size_t used, i, n;

	/* codes must match across the lines of one reply */
	smtp_reader_init(&r);
	CHECK(feed_str(&r, "250-a\r\n251 b\r\n", &used) == SMTP_R_E_SYNTAX);
	CHECK(used == 14);
	CHECK(r.why != NULL);
	CHECK(feed_str(&r, "250 ok\r\n", &used) == SMTP_R_E_SYNTAX);  /* sticky */
	CHECK(used == 0);
	CHECK(read_one(&r, "250-a\r\n550 b\r\n", 14) == SMTP_R_E_SYNTAX);

	/* Reply-code = %x32-35 %x30-35 %x30-39, then SP, "-" or CRLF */
	CHECK(read_one(&r, "22\r\n", 4) == SMTP_R_E_SYNTAX);
	CHECK(read_one(&r, "\r\n", 2) == SMTP_R_E_SYNTAX);
	CHECK(read_one(&r, "220x\r\n", 6) == SMTP_R_E_SYNTAX);
	CHECK(read_one(&r, "2200 ready\r\n", 12) == SMTP_R_E_SYNTAX);
	CHECK(read_one(&r, "120 wait\r\n", 10) == SMTP_R_E_SYNTAX);
	CHECK(read_one(&r, "620 no\r\n", 8) == SMTP_R_E_SYNTAX);
	CHECK(read_one(&r, "260 no\r\n", 8) == SMTP_R_E_SYNTAX);
	CHECK(read_one(&r, "HTTP/1.1 400 Bad Request\r\n", 26) == SMTP_R_E_SYNTAX);
	CHECK(read_one(&r, " 220 x\r\n", 8) == SMTP_R_E_SYNTAX);

	/* NUL */
	CHECK(read_one(&r, "220 a\0b\r\n", 9) == SMTP_R_E_NUL);
	smtp_reader_init(&r);
	CHECK(smtp_reader_feed(&r, (const uint8_t *)"220 a\0b\r\n", 9, &used) ==
	    SMTP_R_E_NUL);
	CHECK(used == 6);

	/* line cap: SMTP_LINE_MAX bytes with CRLF fit, one more does not */
	memcpy(big, "250 ", 4);
	memset(big + 4, 'x', sizeof(big) - 4);
	big[SMTP_LINE_MAX - 2] = '\r';
	big[SMTP_LINE_MAX - 1] = '\n';
	CHECK(read_one(&r, big, SMTP_LINE_MAX) == SMTP_R_REPLY);
	CHECK(r.reply.text_len == SMTP_LINE_MAX - 6);
	memset(big + 4, 'x', sizeof(big) - 4);
	big[SMTP_LINE_MAX - 1] = '\r';
	big[SMTP_LINE_MAX] = '\n';
	CHECK(read_one(&r, big, SMTP_LINE_MAX + 1) == SMTP_R_E_LINE_TOO_LONG);
	/* ... and it is noticed before any LF arrives */
	memset(big + 4, 'x', sizeof(big) - 4);
	CHECK(read_one(&r, big, sizeof(big)) == SMTP_R_E_LINE_TOO_LONG);

	/* line count cap */
	for (n = 0, i = 0; i < SMTP_REPLY_LINES_MAX - 1; i++, n += 7)
		memcpy(many + n, "250-ab\n", 7);
	memcpy(many + n, "250 ab\n", 7);
	CHECK(read_one(&r, many, n + 7) == SMTP_R_REPLY);
	CHECK(r.reply.n_lines == SMTP_REPLY_LINES_MAX);
	memcpy(many + n, "250-ab\n250 ab\n", 14);
	CHECK(read_one(&r, many, n + 14) == SMTP_R_E_TOO_MANY_LINES);
}

static void
test_reader_caps(void)
{
	static struct smtp_reader r;
	static char buf[64 * 60];
	char q[64];
	size_t n = 0, used;
	int i;

	/* text cap: 60 lines of 60 bytes keep SMTP_REPLY_TEXT_MAX - 1 */
	for (i = 0; i < 59; i++, n += 60) {
		memcpy(buf + n, "250-", 4);
		memset(buf + n + 4, 'k', 54);
		memcpy(buf + n + 58, "\r\n", 2);
	}
	memcpy(buf + n, "250 last\r\n", 10);
	CHECK(read_one(&r, buf, n + 10) == SMTP_R_REPLY);
	CHECK(r.reply.text_truncated);
	CHECK(r.reply.text_len == SMTP_REPLY_TEXT_MAX - 1);
	CHECK(strlen(r.reply.text) == r.reply.text_len);
	/* keyword cap: 54-byte words do not fit and are lost, "last" is kept */
	CHECK(r.reply.keywords_truncated);
	CHECK(r.reply.n_keywords == 1);
	CHECK(smtp_ehlo_has(&r.reply, "LAST"));

	/* keyword count cap */
	n = 0;
	memcpy(buf, "250-x\r\n", 7);
	for (n = 7, i = 0; i < SMTP_KEYWORDS_MAX + 8; i++, n += 9)
		snprintf(buf + n, 10, "250-K%03u\n", (unsigned)i % 1000);
	memcpy(buf + n, "250 END\r\n", 9);
	CHECK(read_one(&r, buf, n + 9) == SMTP_R_REPLY);
	CHECK(r.reply.n_keywords == SMTP_KEYWORDS_MAX);
	CHECK(r.reply.keywords_truncated);
	CHECK(smtp_ehlo_has(&r.reply, "k000"));
	CHECK(!smtp_ehlo_has(&r.reply, "END"));

	/* quoting: control bytes, backslash, line joins, cut with "..." */
	smtp_reader_init(&r);
	CHECK(feed_str(&r, "421-a\tb\x01\\\r\n421 \xc3\xa9\r\n", &used) ==
	    SMTP_R_REPLY);
	smtp_reply_quote(&r.reply, q, sizeof(q));
	CHECK_STR(q, "421 a\\tb\\x01\\\\\\n\\xc3\\xa9");
	smtp_reply_quote(&r.reply, q, 12);
	CHECK_STR(q, "421 a\\tb...");
	CHECK(read_one(&r, "250\r\n", 5) == SMTP_R_REPLY);
	smtp_reply_quote(&r.reply, q, sizeof(q));
	CHECK_STR(q, "250");
}

/* --- client dialogs ------------------------------------------------------- */

#define NAME "mail.example.com"

struct run {
	enum smtp_event ev;       /* the last event */
	char sent[1024];          /* every command written, in order */
	size_t sent_len;
	int n_tls;                /* SMTP_EV_START_TLS seen */
	int bad;                  /* an event the driver did not expect */
};

static void
take_output(struct smtp_client *c, struct run *r)
{
	size_t n;
	const uint8_t *p = smtp_client_output(c, &n);

	if (n == 0 || r->sent_len + n >= sizeof(r->sent)) {
		r->bad = 1;
		return;
	}
	memcpy(r->sent + r->sent_len, p, n);
	r->sent_len += n;
	r->sent[r->sent_len] = '\0';
}

/* Act on one event as a network caller would; 1 when the dialog is over. */
static int
act(struct smtp_client *c, enum smtp_event ev, struct run *r)
{
	r->ev = ev;
	switch (ev) {
	case SMTP_EV_SEND:
		take_output(c, r);
		return 0;
	case SMTP_EV_START_TLS:
		r->n_tls++;
		return act(c, smtp_client_tls_ready(c), r);
	case SMTP_EV_NONE:
		return 0;
	default:
		return 1;
	}
}

/* Feed one chunk from its own heap copy until it is used up or over. */
static int
feed(struct smtp_client *c, const char *s, size_t n, struct run *r)
{
	uint8_t *copy = malloc(n ? n : 1);
	size_t off = 0, used;
	enum smtp_event ev;
	int over = 0;

	if (copy == NULL)
		abort();
	memcpy(copy, s, n);
	while (!over && off < n) {
		ev = smtp_client_input(c, copy + off, n - off, &used);
		off += used;
		over = act(c, ev, r);
		if (ev == SMTP_EV_NONE && off != n)
			r->bad = 1;
		if (ev == SMTP_EV_START_TLS && off != n)
			r->bad = 1;
		if (!over && used == 0)
			r->bad = over = 1;
	}
	free(copy);
	return over;
}

/*
 * Play the server's side: s is everything the server says, tls_at the
 * offset where its TLS session starts (0: never). Chunks end at `split`
 * and tls_at, or after every byte; EOF at the end.
 */
static void
play(struct smtp_client *c, const char *s, size_t tls_at, size_t split,
    int bytewise, struct run *r)
{
	size_t len = strlen(s), pos = 0, end;

	memset(r, 0, sizeof(*r));
	while (pos < len) {
		end = len;
		if (bytewise)
			end = pos + 1;
		if (split > pos && split < end)
			end = split;
		if (tls_at > pos && tls_at < end)
			end = tls_at;
		if (feed(c, s + pos, end - pos, r))
			return;
		pos = end;
	}
	act(c, smtp_client_eof(c), r);
}

static void
dialog(struct smtp_client *c, unsigned flags, const char *s, size_t tls_at,
    struct run *r)
{
	if (smtp_client_init(c, NAME, flags) != 0)
		abort();
	play(c, s, tls_at, 0, 0, r);
}

/* The same outcome whole, byte by byte and split at every position. */
static void
check_splits(unsigned flags, const char *s, size_t tls_at)
{
	static struct smtp_client a, b;
	static struct run ra, rb;
	size_t k, len = strlen(s);
	int same = 1;

	dialog(&a, flags, s, tls_at, &ra);
	for (k = 0; k <= len + 1; k++) {
		if (smtp_client_init(&b, NAME, flags) != 0)
			abort();
		play(&b, s, tls_at, k, k == len + 1, &rb);
		if (rb.bad || rb.ev != ra.ev || rb.n_tls != ra.n_tls ||
		    strcmp(rb.sent, ra.sent) != 0 || b.status != a.status ||
		    strcmp(b.detail, a.detail) != 0 || b.state != a.state ||
		    memcmp(&b.code, &a.code, sizeof(a.code)) != 0 ||
		    strcmp(b.banner.text, a.banner.text) != 0) {
			fprintf(stderr, "split at %zu differs: %s / %s\n", k,
			    smtp_status_code(b.status), b.detail);
			same = 0;
			break;
		}
	}
	CHECK(same);
}

/* RFC 3207 section 5, then QUIT (RFC 5321 4.2.2, 221). */
static const char rfc3207_pre[] =
    "220 mail.imc.org SMTP service ready\r\n"
    "250-mail.imc.org offers a warm hug of welcome\r\n"
    "250-8BITMIME\r\n"
    "250-STARTTLS\r\n"
    "250 DSN\r\n"
    "220 Go ahead\r\n";
static const char rfc3207_post[] =
    "250-mail.imc.org touches your hand gently for a moment\r\n"
    "250-8BITMIME\r\n"
    "250 DSN\r\n"
    "221 mail.imc.org Service closing transmission channel\r\n";
static const char quit221[] =
    "221 mail.imc.org Service closing transmission channel\r\n";

static int n_moves;
static char moves[512];

static void
trace(void *arg, enum smtp_state from, enum smtp_state to)
{
	size_t n = strlen(moves);

	(void)arg;
	n_moves++;
	snprintf(moves + n, sizeof(moves) - n, "%s%s>%s", n ? " " : "",
	    smtp_state_str(from), smtp_state_str(to));
}

static void
test_starttls_ok(void)
{
	static struct smtp_client c;
	static struct run r;
	static char s[1024];
	size_t tls_at = strlen(rfc3207_pre);

	snprintf(s, sizeof(s), "%s%s", rfc3207_pre, rfc3207_post);

	/* with EHLO over TLS */
	if (smtp_client_init(&c, NAME, SMTP_F_EHLO_AFTER_TLS) != 0)
		abort();
	CHECK(c.state == SMTP_S_BANNER);
	CHECK(c.status == SMTP_E_UNFINISHED);
	moves[0] = '\0';
	smtp_client_set_trace(&c, trace, NULL);
	play(&c, s, tls_at, 0, 0, &r);
	CHECK(!r.bad);
	CHECK(r.ev == SMTP_EV_DONE);
	CHECK(r.n_tls == 1);
	CHECK_STR(r.sent, "EHLO mail.example.com\r\nSTARTTLS\r\n"
	    "EHLO mail.example.com\r\nQUIT\r\n");
	CHECK(c.state == SMTP_S_DONE);
	CHECK(c.status == SMTP_OK);
	CHECK_STR(c.detail, "");
	CHECK_STR(smtp_status_code(c.status), "ok");
	CHECK(c.code.banner == 220);
	CHECK(c.code.ehlo == 250);
	CHECK(c.code.helo == 0);
	CHECK(c.code.starttls == 220);
	CHECK(c.code.ehlo_tls == 250);
	CHECK(c.code.quit == 221);
	CHECK_STR(c.banner.text, "mail.imc.org SMTP service ready");
	CHECK(c.starttls_offered);
	CHECK(c.tls_started);
	CHECK(!c.helo_fallback);
	CHECK(!c.starttls_after_tls);       /* RFC 3207 4.2 */
	CHECK(c.ehlo.n_keywords == 3);
	CHECK(smtp_ehlo_has(&c.ehlo, "8BITMIME"));
	CHECK(smtp_ehlo_has(&c.ehlo, "DSN"));
	CHECK(smtp_ehlo_has(&c.ehlo_tls, "DSN"));
	CHECK(!smtp_ehlo_has(&c.ehlo_tls, "STARTTLS"));
	CHECK(n_moves == 6);
	CHECK_STR(moves, "banner>ehlo ehlo>starttls starttls>tls tls>ehlo_tls "
	    "ehlo_tls>quit quit>done");
	check_splits(SMTP_F_EHLO_AFTER_TLS, s, tls_at);

	/* straight to QUIT after the handshake */
	snprintf(s, sizeof(s), "%s%s", rfc3207_pre, quit221);
	dialog(&c, 0, s, tls_at, &r);
	CHECK(!r.bad);
	CHECK(r.ev == SMTP_EV_DONE);
	CHECK_STR(r.sent, "EHLO mail.example.com\r\nSTARTTLS\r\nQUIT\r\n");
	CHECK(c.status == SMTP_OK);
	CHECK(c.code.ehlo_tls == 0);
	CHECK(c.code.quit == 221);
	check_splits(0, s, tls_at);

	/* the server may close instead of answering QUIT */
	dialog(&c, 0, rfc3207_pre, tls_at, &r);
	CHECK(r.ev == SMTP_EV_DONE);
	CHECK(c.status == SMTP_OK);
	CHECK(c.code.quit == 0);

	/* STARTTLS listed again over TLS: kept as evidence */
	snprintf(s, sizeof(s), "%s%s%s", rfc3207_pre,
	    "250-mail.imc.org\r\n250 STARTTLS\r\n", quit221);
	dialog(&c, SMTP_F_EHLO_AFTER_TLS, s, tls_at, &r);
	CHECK(c.status == SMTP_OK);
	CHECK(c.starttls_after_tls);
}

/* RFC 5321 appendix D.1: an EHLO reply without STARTTLS. */
static void
test_no_starttls(void)
{
	static struct smtp_client c;
	static struct run r;
	static const char s[] =
	    "220 foo.com Simple Mail Transfer Service Ready\r\n"
	    "250-foo.com greets bar.com\r\n"
	    "250-8BITMIME\r\n"
	    "250-SIZE\r\n"
	    "250-DSN\r\n"
	    "250 HELP\r\n"
	    "221 foo.com Service closing transmission channel\r\n";

	dialog(&c, SMTP_F_EHLO_AFTER_TLS, s, 0, &r);
	CHECK(!r.bad);
	CHECK(r.ev == SMTP_EV_DONE);
	CHECK(r.n_tls == 0);
	CHECK_STR(r.sent, "EHLO mail.example.com\r\nQUIT\r\n");
	CHECK(c.status == SMTP_E_NO_STARTTLS);
	CHECK_STR(smtp_status_code(c.status), "no_starttls");
	CHECK_STR(c.detail, "EHLO: no STARTTLS among 8BITMIME SIZE DSN HELP");
	CHECK(!c.starttls_offered);
	CHECK(c.code.ehlo == 250);
	CHECK(c.code.quit == 221);
	CHECK(c.ehlo.n_keywords == 4);
	check_splits(0, s, 0);

	/* a one-line 250: no extensions at all */
	dialog(&c, 0, "220 x ESMTP\r\n250 x\r\n221 x\r\n", 0, &r);
	CHECK(c.status == SMTP_E_NO_STARTTLS);
	CHECK_STR(c.detail, "EHLO: 250 without extensions, so no STARTTLS");
	/* STARTTLS in the greeting line of the EHLO reply is no keyword */
	dialog(&c, 0, "220 x\r\n250 STARTTLS\r\n221 x\r\n", 0, &r);
	CHECK(c.status == SMTP_E_NO_STARTTLS);
	/* lower-case keywords count (RFC 5321 2.4: case-insensitive) */
	dialog(&c, 0, "220 x\r\n250-x\r\n250 starttls\r\n", 0, &r);
	CHECK(c.starttls_offered);
	CHECK(c.state == SMTP_S_ERROR);     /* closed after STARTTLS */
	CHECK(c.status == SMTP_E_CLOSED_EARLY);
}

/* RFC 5321 3.1, 4.2.2, 4.2.3: greetings that refuse. */
static void
test_banner_refusals(void)
{
	static struct smtp_client c;
	static struct run r;
	size_t used;

	/* 421: the server closes the channel; nothing is sent */
	dialog(&c, 0, "421 mx.example.org Service not available, "
	    "closing transmission channel\r\n", 0, &r);
	CHECK(r.ev == SMTP_EV_ERROR);
	CHECK(r.sent_len == 0);
	CHECK(c.status == SMTP_E_RATE_LIMITED);
	CHECK(c.state == SMTP_S_ERROR);
	CHECK_STR(c.detail, "banner: 421 mx.example.org Service not available, "
	    "closing transmission channel");
	CHECK(c.code.banner == 421);
	dialog(&c, 0, "421 4.7.0 Try again later\r\n", 0, &r);
	CHECK(c.status == SMTP_E_RATE_LIMITED);
	CHECK_STR(c.detail, "banner: 421 4.7.0 Try again later");
	CHECK_STR(c.banner.text, "4.7.0 Try again later");

	/* other 4xx: temporary too, but the session goes on until QUIT */
	dialog(&c, 0, "451 4.3.2 Please try again later\r\n221 bye\r\n", 0, &r);
	CHECK(r.ev == SMTP_EV_DONE);
	CHECK_STR(r.sent, "QUIT\r\n");
	CHECK(c.status == SMTP_E_RATE_LIMITED);

	/* 554: no service; the client still says QUIT (RFC 5321 3.1) */
	dialog(&c, 0, "554 mx.example.org No SMTP service here\r\n"
	    "221 mx.example.org Service closing transmission channel\r\n", 0, &r);
	CHECK(r.ev == SMTP_EV_DONE);
	CHECK_STR(r.sent, "QUIT\r\n");
	CHECK(c.status == SMTP_E_REFUSED_BANNER);
	CHECK_STR(smtp_status_code(c.status), "refused_banner");
	CHECK_STR(c.detail, "banner: 554 mx.example.org No SMTP service here");
	CHECK(c.code.banner == 554);
	CHECK(c.code.quit == 221);
	check_splits(0, "554 mx.example.org No SMTP service here\r\n221 x\r\n", 0);
	/* 554 and the server hangs up: still refused, the dialog is over */
	dialog(&c, 0, "554 No SMTP service here\r\n", 0, &r);
	CHECK(r.ev == SMTP_EV_DONE);
	CHECK(c.status == SMTP_E_REFUSED_BANNER);
	/* RFC 7504: 521 does not accept mail */
	dialog(&c, 0, "521 5.3.2 mx.example.org does not accept mail\r\n", 0, &r);
	CHECK(c.status == SMTP_E_REFUSED_BANNER);

	/* a greeting that is not one */
	dialog(&c, 0, "250 hello\r\n", 0, &r);
	CHECK(r.ev == SMTP_EV_ERROR);
	CHECK(c.status == SMTP_E_PROTOCOL);
	CHECK_STR(c.detail, "banner: unexpected reply 250 hello");
	dialog(&c, 0, "HTTP/1.1 400 Bad Request\r\n", 0, &r);
	CHECK(c.status == SMTP_E_PROTOCOL);
	CHECK(r.sent_len == 0);
	CHECK_STR(c.detail, "banner: reply line does not start with a 3-digit "
	    "reply code: \"HTTP/1.1 400 Bad Request\"");
	dialog(&c, 0, "220-a\r\n221 b\r\n", 0, &r);
	CHECK(c.status == SMTP_E_PROTOCOL);
	CHECK(smtp_client_init(&c, NAME, 0) == 0);
	CHECK(smtp_client_input(&c, (const uint8_t *)"220 a\0b\r\n", 9, &used) ==
	    SMTP_EV_ERROR);
	CHECK(c.status == SMTP_E_PROTOCOL);
	CHECK_STR(c.detail, "banner: NUL byte in a reply");
}

static void
test_ehlo_replies(void)
{
	static struct smtp_client c;
	static struct run r;
	static const char helo_ok[] =
	    "220 old.example.net SMTP\r\n"
	    "500 Syntax error, command unrecognized\r\n"
	    "250 old.example.net\r\n"
	    "221 old.example.net Service closing transmission channel\r\n";

	/* 5xx to EHLO: HELO, which has no extensions (RFC 5321 4.1.4) */
	dialog(&c, SMTP_F_EHLO_AFTER_TLS, helo_ok, 0, &r);
	CHECK(r.ev == SMTP_EV_DONE);
	CHECK_STR(r.sent, "EHLO mail.example.com\r\nHELO mail.example.com\r\n"
	    "QUIT\r\n");
	CHECK(c.helo_fallback);
	CHECK(c.status == SMTP_E_NO_STARTTLS);
	CHECK(c.code.ehlo == 500);
	CHECK(c.code.helo == 250);
	CHECK(c.code.quit == 221);
	CHECK_STR(c.detail, "EHLO refused (500 Syntax error, command "
	    "unrecognized), HELO accepted: no extensions, so no STARTTLS");
	check_splits(0, helo_ok, 0);
	dialog(&c, 0, "220 x\r\n502 5.5.2 Error: command not recognized\r\n"
	    "550 no\r\n221 x\r\n", 0, &r);
	CHECK(c.status == SMTP_E_HELO_REJECTED);
	CHECK_STR(r.sent, "EHLO mail.example.com\r\nHELO mail.example.com\r\n"
	    "QUIT\r\n");
	dialog(&c, 0, "220 x\r\n550 no\r\n421 busy\r\n", 0, &r);
	CHECK(c.status == SMTP_E_RATE_LIMITED);
	CHECK(r.ev == SMTP_EV_ERROR);

	/* 421 to EHLO: rate-limited, no QUIT; other 4xx: rate-limited, QUIT */
	dialog(&c, 0, "220 x\r\n421 4.7.0 mx.example.org Too many connections\r\n",
	    0, &r);
	CHECK(r.ev == SMTP_EV_ERROR);
	CHECK(c.status == SMTP_E_RATE_LIMITED);
	CHECK_STR(r.sent, "EHLO mail.example.com\r\n");
	CHECK_STR(c.detail, "EHLO: 421 4.7.0 mx.example.org Too many connections");
	dialog(&c, 0, "220 x\r\n450 4.7.1 slow down\r\n221 x\r\n", 0, &r);
	CHECK(r.ev == SMTP_EV_DONE);
	CHECK(c.status == SMTP_E_RATE_LIMITED);
	CHECK_STR(r.sent, "EHLO mail.example.com\r\nQUIT\r\n");
	dialog(&c, 0, "220 x\r\n452 4.3.1 Insufficient system storage\r\n", 0, &r);
	CHECK(c.status == SMTP_E_RATE_LIMITED);

	/* a code that makes no sense here */
	dialog(&c, 0, "220 x\r\n354 go ahead\r\n", 0, &r);
	CHECK(c.status == SMTP_E_PROTOCOL);
	CHECK(r.ev == SMTP_EV_ERROR);
}

static void
test_starttls_replies(void)
{
	static struct smtp_client c;
	static struct run r;
	static const char pre[] = "220 mx ESMTP\r\n250-mx\r\n250 STARTTLS\r\n";
	static char s[512];

	/* RFC 3207 4: 454 TLS not available due to temporary reason */
	snprintf(s, sizeof(s), "%s%s", pre,
	    "454 TLS not available due to temporary reason\r\n221 mx\r\n");
	dialog(&c, 0, s, 0, &r);
	CHECK(r.ev == SMTP_EV_DONE);
	CHECK(r.n_tls == 0);
	CHECK_STR(r.sent, "EHLO mail.example.com\r\nSTARTTLS\r\nQUIT\r\n");
	CHECK(c.status == SMTP_E_STARTTLS_TEMPFAIL);
	CHECK(c.code.starttls == 454);
	CHECK(!c.tls_started);
	CHECK_STR(c.detail, "STARTTLS: 454 TLS not available due to temporary reason");
	check_splits(0, s, 0);
	/* RFC 3207 4: 501 Syntax error (no parameters allowed) */
	snprintf(s, sizeof(s), "%s%s", pre,
	    "501 Syntax error (no parameters allowed)\r\n221 mx\r\n");
	dialog(&c, 0, s, 0, &r);
	CHECK(c.status == SMTP_E_STARTTLS_REJECTED);
	CHECK_STR(r.sent, "EHLO mail.example.com\r\nSTARTTLS\r\nQUIT\r\n");
	/* 421 to STARTTLS: the channel closes */
	snprintf(s, sizeof(s), "%s%s", pre, "421 4.7.0 later\r\n");
	dialog(&c, 0, s, 0, &r);
	CHECK(c.status == SMTP_E_RATE_LIMITED);
	CHECK(r.ev == SMTP_EV_ERROR);
	/* EHLO over TLS refused */
	snprintf(s, sizeof(s), "%s%s", pre, "220 go\r\n554 no\r\n221 x\r\n");
	dialog(&c, SMTP_F_EHLO_AFTER_TLS, s, strlen(pre) + 8, &r);
	CHECK(r.n_tls == 1);
	CHECK(c.status == SMTP_E_EHLO_AFTER_TLS);
	CHECK(r.ev == SMTP_EV_DONE);
}

static void
test_closed_early(void)
{
	static struct smtp_client c;
	static struct run r;
	size_t used;

	dialog(&c, 0, "", 0, &r);
	CHECK(r.ev == SMTP_EV_ERROR);
	CHECK(c.status == SMTP_E_CLOSED_EARLY);
	CHECK_STR(c.detail, "closed by the server while waiting for the banner");

	dialog(&c, 0, "220 mx.example.org ESMTP\r\n", 0, &r);
	CHECK(r.ev == SMTP_EV_ERROR);
	CHECK_STR(r.sent, "EHLO mail.example.com\r\n");
	CHECK(c.status == SMTP_E_CLOSED_EARLY);
	CHECK_STR(smtp_status_code(c.status), "closed_early");
	CHECK_STR(c.detail,
	    "closed by the server while waiting for the reply to EHLO");
	CHECK(c.code.banner == 220);

	dialog(&c, 0, "220 x\r\n250-x\r\n250-SIZE\r\n", 0, &r);
	CHECK(c.status == SMTP_E_CLOSED_EARLY);
	CHECK_STR(c.detail, "closed by the server in the middle of the reply to "
	    "EHLO (17 bytes)");

	/* closed before the caller's handshake */
	if (smtp_client_init(&c, NAME, 0) != 0)
		abort();
	memset(&r, 0, sizeof(r));
	CHECK(!feed(&c, "220 x\r\n250-x\r\n250 STARTTLS\r\n", 28, &r));
	CHECK(smtp_client_input(&c, (const uint8_t *)"220 go\r\n", 8, &used) ==
	    SMTP_EV_START_TLS);
	CHECK(smtp_client_eof(&c) == SMTP_EV_ERROR);
	CHECK(c.status == SMTP_E_CLOSED_EARLY);
	CHECK_STR(c.detail,
	    "closed by the server while waiting for the TLS handshake");
	/* the server may hang up instead of answering QUIT */
	dialog(&c, 0, "220 x\r\n250-x\r\n250 STARTTLS\r\n220 go\r\n", 0, &r);
	CHECK(r.n_tls == 1);
	CHECK(r.ev == SMTP_EV_DONE);
	CHECK(c.status == SMTP_OK);
}

/* Data after "220 Ready to start TLS" (CVE-2011-0411, the reply side). */
static void
test_pipelined_tls(void)
{
	static struct smtp_client c;
	static struct run r;
	static const char pre[] = "220 mx\r\n250-mx\r\n250 STARTTLS\r\n";
	static const char inj[] = "220 Ready to start TLS\r\n250 injected\r\n";
	size_t used, n;
	const uint8_t *p;

	if (smtp_client_init(&c, NAME, SMTP_F_EHLO_AFTER_TLS) != 0)
		abort();
	memset(&r, 0, sizeof(r));
	CHECK(!feed(&c, pre, strlen(pre), &r));
	CHECK_STR(r.sent, "EHLO mail.example.com\r\nSTARTTLS\r\n");
	CHECK(feed(&c, inj, strlen(inj), &r));
	CHECK(r.ev == SMTP_EV_ERROR);
	CHECK(r.n_tls == 0);
	CHECK(c.status == SMTP_E_PIPELINED_TLS);
	CHECK_STR(smtp_status_code(c.status), "pipelined_tls");
	CHECK(c.injected == 14);
	CHECK(c.tls_started);
	CHECK_STR(c.detail, "STARTTLS: 14 bytes after \"220 Ready to start TLS\" "
	    "before the TLS handshake: \"250 injected\\r\\n\"");

	/* the same bytes fed after START_TLS but before tls_ready */
	if (smtp_client_init(&c, NAME, 0) != 0)
		abort();
	memset(&r, 0, sizeof(r));
	CHECK(!feed(&c, pre, strlen(pre), &r));
	CHECK(smtp_client_input(&c, (const uint8_t *)inj, 24, &used) ==
	    SMTP_EV_START_TLS);
	CHECK(used == 24);
	CHECK(c.state == SMTP_S_TLS);
	CHECK(smtp_client_input(&c, (const uint8_t *)inj + 24, 14, &used) ==
	    SMTP_EV_ERROR);
	CHECK(c.status == SMTP_E_PIPELINED_TLS);
	CHECK(c.injected == 14);
	CHECK(smtp_client_tls_ready(&c) == SMTP_EV_ERROR);
	p = smtp_client_output(&c, &n);
	CHECK(p != NULL && n == 0);
}

static void
test_api(void)
{
	static struct smtp_client c;
	static char longname[SMTP_NAME_MAX + 2];
	size_t used, n;
	const uint8_t *p;

	/* names that could smuggle a command are refused */
	CHECK(smtp_client_init(&c, "mx.example.org\r\nRCPT TO:<a@b>", 0) == -1);
	CHECK(c.state == SMTP_S_ERROR);
	CHECK(c.status == SMTP_E_USAGE);
	CHECK(smtp_client_init(&c, "bad name", 0) == -1);
	CHECK(smtp_client_init(&c, "", 0) == -1);
	CHECK(smtp_client_init(&c, NULL, 0) == -1);
	memset(longname, 'a', sizeof(longname) - 1);
	CHECK(smtp_client_init(&c, longname, 0) == -1);
	longname[SMTP_NAME_MAX] = '\0';
	CHECK(smtp_client_init(&c, longname, 0) == 0);
	CHECK(smtp_client_init(&c, "[127.0.2.1]", 0) == 0);
	CHECK(smtp_client_init(&c, "[IPv6:2001:db8::1]", 0) == 0);

	/* output not taken: input takes nothing and asks again */
	CHECK(smtp_client_init(&c, NAME, 0) == 0);
	CHECK(smtp_client_input(&c, (const uint8_t *)"220 x\r\n250 y\r\n", 14,
	    &used) == SMTP_EV_SEND);
	CHECK(used == 7);
	CHECK(smtp_client_input(&c, (const uint8_t *)"250 y\r\n", 7, &used) ==
	    SMTP_EV_SEND);
	CHECK(used == 0);
	p = smtp_client_output(&c, &n);
	CHECK(n == 23 && memcmp(p, "EHLO mail.example.com\r\n", n) == 0);
	p = smtp_client_output(&c, &n);
	CHECK(n == 0);
	/* a pipelined reply is then read as the answer to EHLO */
	CHECK(smtp_client_input(&c, (const uint8_t *)"250 y\r\n", 7, &used) ==
	    SMTP_EV_SEND);
	CHECK(used == 7);
	CHECK(c.status == SMTP_E_NO_STARTTLS);
	CHECK(smtp_client_eof(&c) == SMTP_EV_DONE);   /* hung up after QUIT */
	CHECK(smtp_client_input(&c, (const uint8_t *)"250 y\r\n", 7, &used) ==
	    SMTP_EV_DONE);
	CHECK(used == 0);

	/* tls_ready out of order */
	CHECK(smtp_client_init(&c, NAME, 0) == 0);
	CHECK(smtp_client_tls_ready(&c) == SMTP_EV_ERROR);
	CHECK(c.status == SMTP_E_USAGE);

	/* quit with EHLO queued: QUIT instead */
	CHECK(smtp_client_init(&c, NAME, 0) == 0);
	CHECK(smtp_client_input(&c, (const uint8_t *)"220 x\r\n", 7, &used) ==
	    SMTP_EV_SEND);
	CHECK(smtp_client_quit(&c) == SMTP_EV_SEND);
	p = smtp_client_output(&c, &n);
	CHECK(n == 6 && memcmp(p, "QUIT\r\n", 6) == 0);
	CHECK(c.status == SMTP_E_CANCELLED);
	CHECK_STR(c.detail, "stopped by the caller before EHLO");
	CHECK(smtp_client_quit(&c) == SMTP_EV_NONE);
	CHECK(smtp_client_input(&c, (const uint8_t *)"221 x\r\n", 7, &used) ==
	    SMTP_EV_DONE);
	CHECK(c.status == SMTP_E_CANCELLED);
	CHECK(smtp_client_quit(&c) == SMTP_EV_DONE);

	/* quit while a reply is awaited: QUIT replaces the next command */
	CHECK(smtp_client_init(&c, NAME, 0) == 0);
	CHECK(smtp_client_quit(&c) == SMTP_EV_NONE);
	CHECK(smtp_client_input(&c, (const uint8_t *)"220 x\r\n", 7, &used) ==
	    SMTP_EV_SEND);
	p = smtp_client_output(&c, &n);
	CHECK(n == 6 && memcmp(p, "QUIT\r\n", 6) == 0);
	CHECK(c.status == SMTP_E_CANCELLED);
	/* ... unless the reply settles the result */
	CHECK(smtp_client_init(&c, NAME, 0) == 0);
	CHECK(smtp_client_input(&c, (const uint8_t *)"220 x\r\n", 7, &used) ==
	    SMTP_EV_SEND);
	(void)smtp_client_output(&c, &n);
	CHECK(smtp_client_quit(&c) == SMTP_EV_NONE);
	CHECK(smtp_client_input(&c, (const uint8_t *)"250 x\r\n", 7, &used) ==
	    SMTP_EV_SEND);
	CHECK(c.status == SMTP_E_NO_STARTTLS);
	/* after the 220 to STARTTLS: handshake, then QUIT with OK */
	CHECK(smtp_client_init(&c, NAME, SMTP_F_EHLO_AFTER_TLS) == 0);
	CHECK(smtp_client_input(&c, (const uint8_t *)"220 x\r\n", 7, &used) ==
	    SMTP_EV_SEND);
	(void)smtp_client_output(&c, &n);
	CHECK(smtp_client_input(&c, (const uint8_t *)"250-x\r\n250 STARTTLS\r\n",
	    21, &used) == SMTP_EV_SEND);
	(void)smtp_client_output(&c, &n);
	CHECK(smtp_client_quit(&c) == SMTP_EV_NONE);
	CHECK(smtp_client_input(&c, (const uint8_t *)"220 go\r\n", 8, &used) ==
	    SMTP_EV_START_TLS);
	CHECK(smtp_client_tls_ready(&c) == SMTP_EV_SEND);
	p = smtp_client_output(&c, &n);
	CHECK(n == 6 && memcmp(p, "QUIT\r\n", 6) == 0);
	CHECK(c.status == SMTP_OK);
	/* quit with the EHLO over TLS queued: TLS worked, so OK */
	CHECK(smtp_client_init(&c, NAME, SMTP_F_EHLO_AFTER_TLS) == 0);
	CHECK(smtp_client_input(&c, (const uint8_t *)"220 x\r\n", 7, &used) ==
	    SMTP_EV_SEND);
	(void)smtp_client_output(&c, &n);
	CHECK(smtp_client_input(&c, (const uint8_t *)"250-x\r\n250 STARTTLS\r\n",
	    21, &used) == SMTP_EV_SEND);
	(void)smtp_client_output(&c, &n);
	CHECK(smtp_client_input(&c, (const uint8_t *)"220 go\r\n", 8, &used) ==
	    SMTP_EV_START_TLS);
	CHECK(smtp_client_tls_ready(&c) == SMTP_EV_SEND);
	CHECK(c.state == SMTP_S_EHLO_TLS);
	CHECK(smtp_client_quit(&c) == SMTP_EV_SEND);
	p = smtp_client_output(&c, &n);
	CHECK(n == 6 && memcmp(p, "QUIT\r\n", 6) == 0);
	CHECK(c.status == SMTP_OK);
	CHECK_STR(c.detail, "");
	CHECK(smtp_client_input(&c, (const uint8_t *)"221 x\r\n", 7, &used) ==
	    SMTP_EV_DONE);
	CHECK(c.code.quit == 221);

	/* names */
	CHECK_STR(smtp_strerror(SMTP_E_NO_STARTTLS), "STARTTLS not offered");
	CHECK_STR(smtp_status_code(SMTP_E_RATE_LIMITED), "rate_limited");
	CHECK_STR(smtp_status_code(SMTP_E_STARTTLS_TEMPFAIL), "starttls_tempfail");
	CHECK_STR(smtp_status_code((enum smtp_status)99), "unknown");
	CHECK_STR(smtp_state_str(SMTP_S_EHLO_TLS), "ehlo_tls");
	CHECK_STR(smtp_event_str(SMTP_EV_START_TLS), "start_tls");
	CHECK_STR(smtp_read_str(SMTP_R_E_TOO_MANY_LINES), "too_many_lines");
}

int
main(void)
{
	test_reader_basic();
	test_reader_errors();
	test_reader_caps();
	test_starttls_ok();
	test_no_starttls();
	test_banner_refusals();
	test_ehlo_replies();
	test_starttls_replies();
	test_closed_early();
	test_pipelined_tls();
	test_api();
	return unit_done("test_smtp");
}
