#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtp/smtp.h"

/* --- names ---------------------------------------------------------------- */

static const char *const read_str[] = {
	[SMTP_R_MORE] = "more",
	[SMTP_R_REPLY] = "reply",
	[SMTP_R_E_LINE_TOO_LONG] = "line_too_long",
	[SMTP_R_E_TOO_MANY_LINES] = "too_many_lines",
	[SMTP_R_E_SYNTAX] = "syntax",
	[SMTP_R_E_NUL] = "nul",
};

static const char *const state_str[] = {
	[SMTP_S_BANNER] = "banner",
	[SMTP_S_EHLO] = "ehlo",
	[SMTP_S_HELO] = "helo",
	[SMTP_S_STARTTLS] = "starttls",
	[SMTP_S_TLS] = "tls",
	[SMTP_S_EHLO_TLS] = "ehlo_tls",
	[SMTP_S_QUIT] = "quit",
	[SMTP_S_DONE] = "done",
	[SMTP_S_ERROR] = "error",
};

static const char *const event_str[] = {
	[SMTP_EV_NONE] = "none",
	[SMTP_EV_SEND] = "send",
	[SMTP_EV_START_TLS] = "start_tls",
	[SMTP_EV_DONE] = "done",
	[SMTP_EV_ERROR] = "error",
};

static const struct {
	const char *code;
	const char *text;
} status_str[] = {
	[SMTP_OK] = { "ok", "STARTTLS accepted" },
	[SMTP_E_UNFINISHED] = { "unfinished", "dialog not finished" },
	[SMTP_E_NO_STARTTLS] = { "no_starttls", "STARTTLS not offered" },
	[SMTP_E_RATE_LIMITED] = { "rate_limited",
	    "temporarily refused (rate-limited or busy)" },
	[SMTP_E_REFUSED_BANNER] = { "refused_banner",
	    "server refuses service in its greeting" },
	[SMTP_E_HELO_REJECTED] = { "helo_rejected", "EHLO and HELO refused" },
	[SMTP_E_STARTTLS_TEMPFAIL] = { "starttls_tempfail",
	    "STARTTLS offered but temporarily not available" },
	[SMTP_E_STARTTLS_REJECTED] = { "starttls_rejected",
	    "STARTTLS offered but refused" },
	[SMTP_E_EHLO_AFTER_TLS] = { "ehlo_after_tls", "EHLO refused over TLS" },
	[SMTP_E_CLOSED_EARLY] = { "closed_early",
	    "connection closed before the dialog ended" },
	[SMTP_E_PIPELINED_TLS] = { "pipelined_tls",
	    "data sent before the TLS handshake (injection risk)" },
	[SMTP_E_PROTOCOL] = { "protocol", "SMTP protocol violation" },
	[SMTP_E_CANCELLED] = { "cancelled", "stopped by the caller" },
	[SMTP_E_USAGE] = { "usage", "SMTP client API called out of order" },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *
smtp_read_str(enum smtp_read r)
{
	if ((unsigned)r >= NELEM(read_str))
		return "unknown";
	return read_str[r];
}

const char *
smtp_state_str(enum smtp_state s)
{
	if ((unsigned)s >= NELEM(state_str))
		return "unknown";
	return state_str[s];
}

const char *
smtp_event_str(enum smtp_event ev)
{
	if ((unsigned)ev >= NELEM(event_str))
		return "unknown";
	return event_str[ev];
}

const char *
smtp_status_code(enum smtp_status st)
{
	if ((unsigned)st >= NELEM(status_str))
		return "unknown";
	return status_str[st].code;
}

const char *
smtp_strerror(enum smtp_status st)
{
	if ((unsigned)st >= NELEM(status_str))
		return "unknown SMTP status";
	return status_str[st].text;
}

/* --- escaping ------------------------------------------------------------- */

static size_t
esc_unit(uint8_t b, char u[4])
{
	static const char hex[] = "0123456789abcdef";

	if (b == '\\') {
		u[0] = '\\';
		u[1] = '\\';
		return 2;
	}
	if (b >= 0x20 && b < 0x7f) {
		u[0] = (char)b;
		return 1;
	}
	u[0] = '\\';
	switch (b) {
	case '\n':
		u[1] = 'n';
		return 2;
	case '\r':
		u[1] = 'r';
		return 2;
	case '\t':
		u[1] = 't';
		return 2;
	default:
		u[1] = 'x';
		u[2] = hex[b >> 4];
		u[3] = hex[b & 15];
		return 4;
	}
}

/*
 * Escaped s into dst[cap], NUL-terminated. When not all of it fits, or
 * `more` says the input was already cut, it ends in "...".
 */
static void
escape_bytes(char *dst, size_t cap, const uint8_t *s, size_t n, int more)
{
	size_t i, k, pos = 0;
	int cut = 0;
	char u[4];

	if (cap == 0)
		return;
	for (i = 0; i < n; i++) {
		k = esc_unit(s[i], u);
		/* keep room for "..." unless this is the very last unit */
		if (pos + k + (i + 1 < n || more ? 3 : 0) > cap - 1) {
			cut = 1;
			break;
		}
		memcpy(dst + pos, u, k);
		pos += k;
	}
	if ((cut || more) && pos + 3 <= cap - 1) {
		memcpy(dst + pos, "...", 3);
		pos += 3;
	}
	dst[pos] = '\0';
}

void
smtp_reply_quote(const struct smtp_reply *reply, char *dst, size_t cap)
{
	int n;

	if (cap == 0)
		return;
	n = snprintf(dst, cap, "%03d%s", reply->code,
	    reply->text_len > 0 || reply->text_truncated ? " " : "");
	if (n < 0 || (size_t)n >= cap)
		return;
	escape_bytes(dst + n, cap - (size_t)n, (const uint8_t *)reply->text,
	    reply->text_len, reply->text_truncated);
}

/* --- reply reader --------------------------------------------------------- */

void
smtp_reader_init(struct smtp_reader *r)
{
	memset(r, 0, sizeof(*r));
}

size_t
smtp_reader_pending(const struct smtp_reader *r)
{
	return r->complete ? 0 : r->held;
}

/* Reply-code = %x32-35 %x30-35 %x30-39 (RFC 5321 section 4.2). */
static int
parse_code(const char *s)
{
	if (s[0] < '2' || s[0] > '5' || s[1] < '0' || s[1] > '5' ||
	    s[2] < '0' || s[2] > '9')
		return -1;
	return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

static void
add_text(struct smtp_reply *rp, const char *t, size_t n)
{
	size_t room;

	if (rp->n_lines > 1) {
		if (rp->text_len + 1 >= sizeof(rp->text)) {
			rp->text_truncated = 1;
			return;
		}
		rp->text[rp->text_len++] = '\n';
	}
	room = sizeof(rp->text) - 1 - rp->text_len;
	if (n > room) {
		n = room;
		rp->text_truncated = 1;
	}
	memcpy(rp->text + rp->text_len, t, n);
	rp->text_len += n;
	rp->text[rp->text_len] = '\0';
}

/* ehlo-line = ehlo-keyword *( SP ehlo-param ): keep the keyword. */
static void
add_keyword(struct smtp_reply *rp, const char *t, size_t n)
{
	size_t w, i;

	for (w = 0; w < n && t[w] != ' ' && t[w] != '\t'; w++)
		;
	if (w == 0)
		return;
	for (i = 0; i < w; i++)
		if ((unsigned char)t[i] < 0x21 || (unsigned char)t[i] > 0x7e)
			return;
	if (w >= SMTP_KEYWORD_MAX || rp->n_keywords >= SMTP_KEYWORDS_MAX) {
		rp->keywords_truncated = 1;
		return;
	}
	memcpy(rp->keywords[rp->n_keywords], t, w);
	rp->keywords[rp->n_keywords][w] = '\0';
	rp->n_keywords++;
}

/* One line (without its LF) is in r->line. */
static enum smtp_read
end_line(struct smtp_reader *r)
{
	struct smtp_reply *rp = &r->reply;
	size_t n = r->line_len;
	int code, last;

	if (n > 0 && r->line[n - 1] == '\r')
		n--;
	if (n < 3 || (code = parse_code(r->line)) < 0) {
		r->why = "reply line does not start with a 3-digit reply code";
		return SMTP_R_E_SYNTAX;
	}
	if (n > 3 && r->line[3] != ' ' && r->line[3] != '-') {
		r->why = "reply code not followed by a space or a hyphen";
		return SMTP_R_E_SYNTAX;
	}
	if (rp->n_lines > 0 && code != rp->code) {
		r->why = "lines of one multiline reply carry different codes";
		return SMTP_R_E_SYNTAX;
	}
	if (rp->n_lines >= SMTP_REPLY_LINES_MAX) {
		r->why = "reply has more lines than the cap";
		return SMTP_R_E_TOO_MANY_LINES;
	}
	last = n == 3 || r->line[3] == ' ';
	rp->code = code;
	rp->n_lines++;
	if (n > 4) {
		add_text(rp, r->line + 4, n - 4);
		if (rp->n_lines > 1)
			add_keyword(rp, r->line + 4, n - 4);
	} else {
		add_text(rp, "", 0);
	}
	r->line_len = 0;
	return last ? SMTP_R_REPLY : SMTP_R_MORE;
}

enum smtp_read
smtp_reader_feed(struct smtp_reader *r, const uint8_t *buf, size_t len,
    size_t *used)
{
	enum smtp_read rc;
	size_t i;

	*used = 0;
	if (r->err != SMTP_R_MORE)
		return r->err;
	if (r->complete) {
		memset(&r->reply, 0, sizeof(r->reply));
		r->complete = 0;
		r->held = 0;
	}
	for (i = 0; i < len; i++) {
		r->held++;
		if (buf[i] == '\n') {
			rc = end_line(r);
			if (rc == SMTP_R_MORE)
				continue;
			*used = i + 1;
			if (rc == SMTP_R_REPLY)
				r->complete = 1;
			else
				r->err = rc;
			return rc;
		}
		if (buf[i] == '\0') {
			r->why = "NUL byte in a reply";
			r->err = SMTP_R_E_NUL;
		} else if (r->line_len >= SMTP_LINE_MAX - 1) {
			r->why = "reply line longer than the cap";
			r->err = SMTP_R_E_LINE_TOO_LONG;
		}
		if (r->err != SMTP_R_MORE) {
			*used = i + 1;
			return r->err;
		}
		r->line[r->line_len++] = (char)buf[i];
	}
	*used = len;
	return SMTP_R_MORE;
}

int
smtp_ehlo_has(const struct smtp_reply *reply, const char *keyword)
{
	int i;

	if (reply->code != 250)
		return 0;
	for (i = 0; i < reply->n_keywords; i++)
		if (strcasecmp(reply->keywords[i], keyword) == 0)
			return 1;
	return 0;
}

/* --- client --------------------------------------------------------------- */

#define BIT(s) (1u << (s))

/* The moves the machine may make; anything else is a bug here. */
static const unsigned allowed_moves[] = {
	[SMTP_S_BANNER] = BIT(SMTP_S_EHLO) | BIT(SMTP_S_QUIT) | BIT(SMTP_S_ERROR),
	[SMTP_S_EHLO] = BIT(SMTP_S_STARTTLS) | BIT(SMTP_S_HELO) |
	    BIT(SMTP_S_QUIT) | BIT(SMTP_S_ERROR),
	[SMTP_S_HELO] = BIT(SMTP_S_QUIT) | BIT(SMTP_S_ERROR),
	[SMTP_S_STARTTLS] = BIT(SMTP_S_TLS) | BIT(SMTP_S_QUIT) | BIT(SMTP_S_ERROR),
	[SMTP_S_TLS] = BIT(SMTP_S_EHLO_TLS) | BIT(SMTP_S_QUIT) | BIT(SMTP_S_ERROR),
	[SMTP_S_EHLO_TLS] = BIT(SMTP_S_QUIT) | BIT(SMTP_S_ERROR),
	[SMTP_S_QUIT] = BIT(SMTP_S_DONE) | BIT(SMTP_S_ERROR),
	[SMTP_S_DONE] = 0,
	[SMTP_S_ERROR] = 0,
};

/* What the client waits for in each state, for details. */
static const char *const wait_str[] = {
	[SMTP_S_BANNER] = "banner",
	[SMTP_S_EHLO] = "EHLO",
	[SMTP_S_HELO] = "HELO",
	[SMTP_S_STARTTLS] = "STARTTLS",
	[SMTP_S_TLS] = "TLS handshake",
	[SMTP_S_EHLO_TLS] = "EHLO over TLS",
	[SMTP_S_QUIT] = "QUIT",
	[SMTP_S_DONE] = "end",
	[SMTP_S_ERROR] = "end",
};

/* The same, as what an early close interrupted. */
static const char *const wait_what[] = {
	[SMTP_S_BANNER] = "banner",
	[SMTP_S_EHLO] = "reply to EHLO",
	[SMTP_S_HELO] = "reply to HELO",
	[SMTP_S_STARTTLS] = "reply to STARTTLS",
	[SMTP_S_TLS] = "TLS handshake",
	[SMTP_S_EHLO_TLS] = "reply to EHLO over TLS",
	[SMTP_S_QUIT] = "reply to QUIT",
	[SMTP_S_DONE] = "end",
	[SMTP_S_ERROR] = "end",
};

/* Every state change goes through here. */
static void
smtp_client_move(struct smtp_client *c, enum smtp_state to)
{
	enum smtp_state from = c->state;

	if (from == to)
		return;
	if (!(allowed_moves[from] & BIT(to)))
		abort();
	c->state = to;
	if (c->trace != NULL)
		c->trace(c->trace_arg, from, to);
}

static void settle(struct smtp_client *c, enum smtp_status st,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
settle(struct smtp_client *c, enum smtp_status st, const char *fmt, ...)
{
	va_list ap;

	c->status = st;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
}

static int
name_ok(const char *s)
{
	size_t i, n = strnlen(s, SMTP_NAME_MAX + 1);

	if (n == 0 || n > SMTP_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		char ch = s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' ||
		    ch == ':' || ch == '[' || ch == ']'))
			return 0;
	}
	return 1;
}

int
smtp_client_init(struct smtp_client *c, const char *ehlo_name,
    unsigned flags)
{
	memset(c, 0, sizeof(*c));
	c->state = SMTP_S_BANNER;
	c->status = SMTP_E_UNFINISHED;
	c->flags = flags;
	smtp_reader_init(&c->rd);
	if (ehlo_name == NULL || !name_ok(ehlo_name)) {
		c->status = SMTP_E_USAGE;
		snprintf(c->detail, sizeof(c->detail), "%s",
		    "EHLO name is not a domain or address literal");
		c->state = SMTP_S_ERROR;
		return -1;
	}
	memcpy(c->name, ehlo_name, strlen(ehlo_name) + 1);
	return 0;
}

void
smtp_client_set_trace(struct smtp_client *c, smtp_trace_fn fn, void *arg)
{
	c->trace = fn;
	c->trace_arg = arg;
}

/* Queue the command that state `to` waits on and move there. */
static enum smtp_event
send_cmd(struct smtp_client *c, enum smtp_state to)
{
	int n;

	switch (to) {
	case SMTP_S_EHLO:
	case SMTP_S_EHLO_TLS:
		n = snprintf(c->out, sizeof(c->out), "EHLO %s\r\n", c->name);
		break;
	case SMTP_S_HELO:
		n = snprintf(c->out, sizeof(c->out), "HELO %s\r\n", c->name);
		break;
	case SMTP_S_STARTTLS:
		n = snprintf(c->out, sizeof(c->out), "%s", "STARTTLS\r\n");
		break;
	case SMTP_S_QUIT:
		n = snprintf(c->out, sizeof(c->out), "%s", "QUIT\r\n");
		break;
	default:
		abort();
	}
	if (n < 0 || (size_t)n >= sizeof(c->out))
		abort();    /* the name is capped far below SMTP_OUT_MAX */
	c->out_len = (size_t)n;
	smtp_client_move(c, to);
	return SMTP_EV_SEND;
}

/* The next step is a command: QUIT instead if the caller asked. Only
 * commands before TLS come here; tls_ready handles the one after. */
static enum smtp_event
next_cmd(struct smtp_client *c, enum smtp_state to)
{
	if (c->quit_asked) {
		settle(c, SMTP_E_CANCELLED, "stopped by the caller before %s",
		    wait_str[to]);
		return send_cmd(c, SMTP_S_QUIT);
	}
	return send_cmd(c, to);
}

static enum smtp_event
abandon(struct smtp_client *c)
{
	c->out_len = 0;
	smtp_client_move(c, SMTP_S_ERROR);
	return SMTP_EV_ERROR;
}

/* A 4xx reply: 421 closes the channel, others leave it for QUIT. */
static enum smtp_event
transient(struct smtp_client *c, enum smtp_status st, const char *step,
    const struct smtp_reply *r)
{
	char q[200];

	smtp_reply_quote(r, q, sizeof(q));
	if (r->code == 421) {
		settle(c, SMTP_E_RATE_LIMITED, "%s: %s", step, q);
		return abandon(c);
	}
	settle(c, st, "%s: %s", step, q);
	return send_cmd(c, SMTP_S_QUIT);
}

static enum smtp_event
refused(struct smtp_client *c, enum smtp_status st, const char *step,
    const struct smtp_reply *r)
{
	char q[200];

	smtp_reply_quote(r, q, sizeof(q));
	settle(c, st, "%s: %s", step, q);
	return send_cmd(c, SMTP_S_QUIT);
}

static enum smtp_event
unexpected(struct smtp_client *c, const char *step, const struct smtp_reply *r)
{
	char q[200];

	smtp_reply_quote(r, q, sizeof(q));
	settle(c, SMTP_E_PROTOCOL, "%s: unexpected reply %s", step, q);
	return abandon(c);
}

static enum smtp_event
no_starttls(struct smtp_client *c, const struct smtp_reply *r)
{
	char kw[200];
	size_t pos = 0, n;
	int i;

	kw[0] = '\0';
	for (i = 0; i < r->n_keywords; i++) {
		n = strlen(r->keywords[i]);
		if (pos + n + 5 >= sizeof(kw)) {
			memcpy(kw + pos, " ...", 5);
			break;
		}
		if (pos > 0)
			kw[pos++] = ' ';
		memcpy(kw + pos, r->keywords[i], n + 1);
		pos += n;
	}
	if (r->n_keywords == 0)
		settle(c, SMTP_E_NO_STARTTLS, "%s",
		    "EHLO: 250 without extensions, so no STARTTLS");
	else
		settle(c, SMTP_E_NO_STARTTLS, "EHLO: no STARTTLS among %s", kw);
	return send_cmd(c, SMTP_S_QUIT);
}

static enum smtp_event
after_helo(struct smtp_client *c, const struct smtp_reply *r)
{
	char qe[120], qh[120];

	c->code.helo = r->code;
	if (r->code / 100 == 4)
		return transient(c, SMTP_E_RATE_LIMITED, "HELO", r);
	smtp_reply_quote(&c->ehlo, qe, sizeof(qe));
	smtp_reply_quote(r, qh, sizeof(qh));
	if (r->code == 250) {
		settle(c, SMTP_E_NO_STARTTLS,
		    "EHLO refused (%s), HELO accepted: no extensions, so no STARTTLS",
		    qe);
		return send_cmd(c, SMTP_S_QUIT);
	}
	if (r->code / 100 == 5) {
		settle(c, SMTP_E_HELO_REJECTED, "EHLO refused (%s), HELO too: %s",
		    qe, qh);
		return send_cmd(c, SMTP_S_QUIT);
	}
	return unexpected(c, "HELO", r);
}

static enum smtp_event
after_starttls(struct smtp_client *c, const struct smtp_reply *r,
    const uint8_t *rest, size_t rest_len)
{
	char q[120], inj[120];

	c->code.starttls = r->code;
	if (r->code == 220) {
		c->tls_started = 1;
		if (rest_len > 0) {
			c->injected = rest_len;
			smtp_reply_quote(r, q, sizeof(q));
			escape_bytes(inj, sizeof(inj), rest, rest_len, 0);
			settle(c, SMTP_E_PIPELINED_TLS,
			    "STARTTLS: %zu bytes after \"%s\" before the TLS handshake: \"%s\"",
			    rest_len, q, inj);
			return abandon(c);
		}
		smtp_client_move(c, SMTP_S_TLS);
		return SMTP_EV_START_TLS;
	}
	if (r->code / 100 == 4)
		return transient(c, SMTP_E_STARTTLS_TEMPFAIL, "STARTTLS", r);
	if (r->code / 100 == 5)
		return refused(c, SMTP_E_STARTTLS_REJECTED, "STARTTLS", r);
	return unexpected(c, "STARTTLS", r);
}

static enum smtp_event
on_reply(struct smtp_client *c, const struct smtp_reply *r,
    const uint8_t *rest, size_t rest_len)
{
	int cls = r->code / 100;

	switch (c->state) {
	case SMTP_S_BANNER:
		c->banner = *r;
		c->code.banner = r->code;
		if (r->code == 220)
			return next_cmd(c, SMTP_S_EHLO);
		if (cls == 4)
			return transient(c, SMTP_E_RATE_LIMITED, "banner", r);
		if (cls == 5)
			return refused(c, SMTP_E_REFUSED_BANNER, "banner", r);
		return unexpected(c, "banner", r);
	case SMTP_S_EHLO:
		c->ehlo = *r;
		c->code.ehlo = r->code;
		if (r->code == 250) {
			c->starttls_offered = smtp_ehlo_has(r, "STARTTLS");
			if (!c->starttls_offered)
				return no_starttls(c, r);
			return next_cmd(c, SMTP_S_STARTTLS);
		}
		if (cls == 4)
			return transient(c, SMTP_E_RATE_LIMITED, "EHLO", r);
		if (cls == 5) {
			c->helo_fallback = 1;
			return next_cmd(c, SMTP_S_HELO);
		}
		return unexpected(c, "EHLO", r);
	case SMTP_S_HELO:
		return after_helo(c, r);
	case SMTP_S_STARTTLS:
		return after_starttls(c, r, rest, rest_len);
	case SMTP_S_EHLO_TLS:
		c->ehlo_tls = *r;
		c->code.ehlo_tls = r->code;
		if (r->code == 250) {
			c->starttls_after_tls = smtp_ehlo_has(r, "STARTTLS");
			settle(c, SMTP_OK, "%s", "");
			return send_cmd(c, SMTP_S_QUIT);
		}
		if (cls == 4)
			return transient(c, SMTP_E_RATE_LIMITED, "EHLO over TLS", r);
		if (cls == 5)
			return refused(c, SMTP_E_EHLO_AFTER_TLS, "EHLO over TLS", r);
		return unexpected(c, "EHLO over TLS", r);
	case SMTP_S_QUIT:
		c->code.quit = r->code;
		smtp_client_move(c, SMTP_S_DONE);
		return SMTP_EV_DONE;
	default:
		abort();    /* input() handles every other state */
	}
}

static enum smtp_event
bad_reply(struct smtp_client *c, enum smtp_read rc)
{
	char q[80];
	size_t n = c->rd.line_len;

	if (c->state == SMTP_S_QUIT) {
		/* the result is settled; a broken goodbye changes nothing */
		smtp_client_move(c, SMTP_S_DONE);
		return SMTP_EV_DONE;
	}
	if (rc == SMTP_R_E_SYNTAX) {
		if (n > 0 && c->rd.line[n - 1] == '\r')
			n--;
		escape_bytes(q, sizeof(q), (const uint8_t *)c->rd.line, n, 0);
		settle(c, SMTP_E_PROTOCOL, "%s: %s: \"%s\"", wait_str[c->state],
		    c->rd.why, q);
	} else if (rc == SMTP_R_E_LINE_TOO_LONG) {
		settle(c, SMTP_E_PROTOCOL, "%s: reply line over %d bytes",
		    wait_str[c->state], SMTP_LINE_MAX);
	} else if (rc == SMTP_R_E_TOO_MANY_LINES) {
		settle(c, SMTP_E_PROTOCOL, "%s: reply over %d lines",
		    wait_str[c->state], SMTP_REPLY_LINES_MAX);
	} else {
		settle(c, SMTP_E_PROTOCOL, "%s: %s", wait_str[c->state],
		    c->rd.why != NULL ? c->rd.why : smtp_read_str(rc));
	}
	return abandon(c);
}

enum smtp_event
smtp_client_input(struct smtp_client *c, const uint8_t *buf, size_t len,
    size_t *used)
{
	enum smtp_read rc;
	char q[120];

	*used = 0;
	switch (c->state) {
	case SMTP_S_DONE:
		return SMTP_EV_DONE;
	case SMTP_S_ERROR:
		return SMTP_EV_ERROR;
	case SMTP_S_TLS:
		if (len == 0)
			return SMTP_EV_NONE;
		c->injected = len;
		escape_bytes(q, sizeof(q), buf, len, 0);
		settle(c, SMTP_E_PIPELINED_TLS,
		    "STARTTLS: %zu bytes after the 220 before the TLS handshake: \"%s\"",
		    len, q);
		return abandon(c);
	default:
		break;
	}
	if (c->out_len > 0)
		return SMTP_EV_SEND;
	rc = smtp_reader_feed(&c->rd, buf, len, used);
	if (rc == SMTP_R_MORE)
		return SMTP_EV_NONE;
	if (rc != SMTP_R_REPLY)
		return bad_reply(c, rc);
	return on_reply(c, &c->rd.reply, buf + *used, len - *used);
}

const uint8_t *
smtp_client_output(struct smtp_client *c, size_t *len)
{
	*len = c->out_len;
	c->out_len = 0;
	return (const uint8_t *)c->out;
}

static enum smtp_event
usage(struct smtp_client *c, const char *what)
{
	settle(c, SMTP_E_USAGE, "%s called in state %s", what,
	    state_str[c->state]);
	return abandon(c);
}

enum smtp_event
smtp_client_tls_ready(struct smtp_client *c)
{
	switch (c->state) {
	case SMTP_S_DONE:
		return SMTP_EV_DONE;
	case SMTP_S_ERROR:
		return SMTP_EV_ERROR;
	case SMTP_S_TLS:
		break;
	default:
		return usage(c, "smtp_client_tls_ready");
	}
	if ((c->flags & SMTP_F_EHLO_AFTER_TLS) && !c->quit_asked)
		return send_cmd(c, SMTP_S_EHLO_TLS);
	settle(c, SMTP_OK, "%s", "");
	return send_cmd(c, SMTP_S_QUIT);
}

enum smtp_event
smtp_client_eof(struct smtp_client *c)
{
	size_t held;

	switch (c->state) {
	case SMTP_S_DONE:
		return SMTP_EV_DONE;
	case SMTP_S_ERROR:
		return SMTP_EV_ERROR;
	case SMTP_S_QUIT:
		c->out_len = 0;
		smtp_client_move(c, SMTP_S_DONE);
		return SMTP_EV_DONE;
	default:
		break;
	}
	held = smtp_reader_pending(&c->rd);
	if (held > 0)
		settle(c, SMTP_E_CLOSED_EARLY,
		    "closed by the server in the middle of the %s (%zu bytes)",
		    wait_what[c->state], held);
	else
		settle(c, SMTP_E_CLOSED_EARLY,
		    "closed by the server while waiting for the %s",
		    wait_what[c->state]);
	return abandon(c);
}

enum smtp_event
smtp_client_quit(struct smtp_client *c)
{
	switch (c->state) {
	case SMTP_S_DONE:
		return SMTP_EV_DONE;
	case SMTP_S_ERROR:
		return SMTP_EV_ERROR;
	case SMTP_S_QUIT:
		return c->out_len > 0 ? SMTP_EV_SEND : SMTP_EV_NONE;
	default:
		break;
	}
	c->quit_asked = 1;
	if (c->out_len == 0)
		return SMTP_EV_NONE;
	/* the queued command was never taken: it becomes QUIT */
	if (c->tls_started)
		settle(c, SMTP_OK, "%s", "");
	else
		settle(c, SMTP_E_CANCELLED, "stopped by the caller before %s",
		    wait_str[c->state]);
	return send_cmd(c, SMTP_S_QUIT);
}
