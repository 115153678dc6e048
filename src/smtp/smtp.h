/*
 * smtp: the client side of an SMTP dialog up to STARTTLS (RFC 5321,
 * RFC 3207), without I/O. The caller owns the connection (net/conn): it
 * feeds whatever bytes arrived to smtp_client_input and writes what
 * smtp_client_output hands back. So the same code runs live, in unit
 * tests that replay RFC dialogs split at every byte, and under a fuzzer.
 *
 * Two layers:
 *  - smtp_reader: an incremental reply parser (RFC 5321 section 4.2).
 *    It takes bytes up to the end of one complete reply and no further,
 *    so what a server sent after that reply stays with the caller.
 *  - smtp_client: an explicit state machine for one dialog
 *      BANNER -> EHLO -> STARTTLS -> TLS -> [EHLO_TLS] -> QUIT -> DONE
 *    with HELO as the fallback when EHLO gets a 5xx, QUIT without TLS
 *    when STARTTLS is not offered, and ERROR when the connection must be
 *    dropped without a word (421, broken replies, early close, data sent
 *    before the TLS handshake). The TLS handshake itself is the caller's,
 *    on the same connection: SMTP_EV_START_TLS hands it over and
 *    smtp_client_tls_ready takes it back; from then on the caller feeds
 *    and writes plaintext through TLS.
 *
 * How replies map to a result (policy stays with the checks; these are
 * facts with a stable code):
 *  - 421 at any step: SMTP_E_RATE_LIMITED. The server is closing the
 *    channel (RFC 5321 3.8), so no QUIT is sent (SMTP_EV_ERROR).
 *  - other 4xx to the banner, EHLO or HELO (450, 451, 452, ...):
 *    SMTP_E_RATE_LIMITED, then QUIT. Every 4xx is transient by
 *    definition (RFC 5321 4.2.1): the test could not be done now.
 *  - 5xx banner (554 "No SMTP service here", 521 of RFC 7504):
 *    SMTP_E_REFUSED_BANNER, then QUIT (RFC 5321 3.1: the server waits
 *    for it).
 *  - 5xx to EHLO: HELO is tried (RFC 5321 4.1.4). HELO has no service
 *    extensions, so a 250 to HELO means SMTP_E_NO_STARTTLS; a 5xx to
 *    HELO as well is SMTP_E_HELO_REJECTED.
 *  - 250 to EHLO without a STARTTLS keyword: SMTP_E_NO_STARTTLS.
 *  - 4xx other than 421 to STARTTLS (RFC 3207's "454 TLS not available
 *    due to temporary reason"): SMTP_E_STARTTLS_TEMPFAIL, a status of its
 *    own, because a server that offers STARTTLS and cannot do it is
 *    often misconfigured rather than busy; the check decides whether to
 *    retry. 5xx to STARTTLS: SMTP_E_STARTTLS_REJECTED.
 *  - bytes after the 220 to STARTTLS in the same input, or fed before
 *    smtp_client_tls_ready: SMTP_E_PIPELINED_TLS. Plaintext that arrives
 *    before the handshake would be taken for protected data once TLS is
 *    up (the response side of the CVE-2011-0411 injection).
 *  - 4xx / 5xx to the EHLO after TLS: SMTP_E_RATE_LIMITED /
 *    SMTP_E_EHLO_AFTER_TLS. A STARTTLS keyword in that reply (RFC 3207
 *    4.2 forbids it) is kept as evidence, not judged.
 *  - any other code where it makes no sense (a 250 banner, 354 to EHLO),
 *    a broken reply or a cap hit: SMTP_E_PROTOCOL.
 *  - EOF before the dialog ended: SMTP_E_CLOSED_EARLY. EOF or anything
 *    at all after QUIT ends the dialog with the result already settled.
 * Every status comes with a detail that quotes the server's reply.
 *
 * Everything that remote input grows has a cap below: line length,
 * lines per reply, text kept, keywords kept. The client is one flat
 * struct with no allocation; the caller places and frees it.
 */
#ifndef UTD_SMTP_H
#define UTD_SMTP_H

#include <stddef.h>
#include <stdint.h>

#define SMTP_LINE_MAX         2048  /* bytes of one reply line with CRLF
                                       (RFC 5321 says 512; be lenient) */
#define SMTP_REPLY_LINES_MAX  100   /* lines of one reply */
#define SMTP_REPLY_TEXT_MAX   2048  /* text kept per reply, NUL included */
#define SMTP_KEYWORDS_MAX     32    /* EHLO keywords kept per reply */
#define SMTP_KEYWORD_MAX      32    /* bytes of one keyword, NUL included */
#define SMTP_NAME_MAX         255   /* EHLO name (a domain or literal) */
#define SMTP_OUT_MAX          512   /* one command line (RFC 5321 4.5.3.1.4) */
#define SMTP_DETAIL_MAX       320   /* human detail, NUL included */

/* --- reply reader --------------------------------------------------------- */

enum smtp_read {
	SMTP_R_MORE = 0,            /* need more bytes */
	SMTP_R_REPLY,               /* a complete reply is in reader->reply */
	SMTP_R_E_LINE_TOO_LONG,     /* a line over SMTP_LINE_MAX */
	SMTP_R_E_TOO_MANY_LINES,    /* a reply over SMTP_REPLY_LINES_MAX lines */
	SMTP_R_E_SYNTAX,            /* not code [SP / "-" text]; mixed codes */
	SMTP_R_E_NUL,               /* a NUL byte */
};

/* Stable lower-case name ("more", "reply", "line_too_long", ...). */
const char *smtp_read_str(enum smtp_read r);

struct smtp_reply {
	int code;                         /* 200..559 (RFC 5321 Reply-code) */
	int n_lines;
	char text[SMTP_REPLY_TEXT_MAX];   /* each line after "NNN " / "NNN-",
	                                     joined by '\n', CR dropped;
	                                     never holds a NUL */
	size_t text_len;
	int text_truncated;               /* more text came than was kept */
	/* First word of lines 2..n: the EHLO keywords when code is 250. */
	char keywords[SMTP_KEYWORDS_MAX][SMTP_KEYWORD_MAX];
	int n_keywords;
	int keywords_truncated;           /* some did not fit and are lost */
};

struct smtp_reader {
	struct smtp_reply reply;          /* valid after SMTP_R_REPLY, until
	                                     the next feed */
	enum smtp_read err;               /* sticky once an error happened */
	const char *why;                  /* static reason for err, or NULL */
	/* private */
	int complete;
	size_t held;                      /* bytes of the reply so far */
	size_t line_len;
	char line[SMTP_LINE_MAX];         /* the line being read; after an
	                                     error, the offending bytes */
};

void smtp_reader_init(struct smtp_reader *r);

/*
 * Take bytes from buf up to the end of one reply. *used says how many
 * were taken: all of them on SMTP_R_MORE, up to and including the last
 * line's LF on SMTP_R_REPLY (the rest is the caller's to feed again),
 * up to the offending byte on an error. Lines end in CRLF or a bare LF.
 * Errors are sticky: further feeds return the same error and take
 * nothing. The first feed after SMTP_R_REPLY starts a new reply.
 */
enum smtp_read smtp_reader_feed(struct smtp_reader *r, const uint8_t *buf,
    size_t len, size_t *used)
	__attribute__((warn_unused_result));

/* Bytes held of a reply not yet complete (0 between replies). */
size_t smtp_reader_pending(const struct smtp_reader *r);

/* 1 if reply is a 250 whose lines 2..n start with keyword (any case). */
int smtp_ehlo_has(const struct smtp_reply *reply, const char *keyword);

/*
 * "NNN text" into dst (cap > 0), for details and reports: the line joins
 * as "\n", backslash, control and non-ASCII bytes escaped ("\t", "\r",
 * "\\", "\xNN"), cut with "..." when over cap. Always NUL-terminated.
 */
void smtp_reply_quote(const struct smtp_reply *reply, char *dst, size_t cap);

/* --- client --------------------------------------------------------------- */

enum smtp_state {
	SMTP_S_BANNER = 0,   /* connected, waiting for the greeting */
	SMTP_S_EHLO,         /* EHLO sent */
	SMTP_S_HELO,         /* EHLO got 5xx, HELO sent */
	SMTP_S_STARTTLS,     /* STARTTLS sent */
	SMTP_S_TLS,          /* 220 to STARTTLS: the caller's handshake */
	SMTP_S_EHLO_TLS,     /* EHLO sent again over TLS */
	SMTP_S_QUIT,         /* QUIT sent; the result is settled */
	SMTP_S_DONE,         /* dialog over; close the connection */
	SMTP_S_ERROR,        /* dialog abandoned; close without a word */
};

/* Stable lower-case name ("banner", "ehlo", ...). */
const char *smtp_state_str(enum smtp_state s);

/* What the caller must do next. */
enum smtp_event {
	SMTP_EV_NONE = 0,    /* wait for more input */
	SMTP_EV_SEND,        /* write smtp_client_output() */
	SMTP_EV_START_TLS,   /* do the TLS handshake, then smtp_client_tls_ready */
	SMTP_EV_DONE,        /* close; the result is in status */
	SMTP_EV_ERROR,       /* close; the result is in status */
};

const char *smtp_event_str(enum smtp_event ev);

/* The result of a dialog; 0 is success (TLS started). Stable codes. */
enum smtp_status {
	SMTP_OK = 0,
	SMTP_E_UNFINISHED,        /* dialog not over (e.g. the caller timed out) */
	SMTP_E_NO_STARTTLS,       /* EHLO lists no STARTTLS, or only HELO works */
	SMTP_E_RATE_LIMITED,      /* 421 anywhere; 4xx to banner / EHLO / HELO */
	SMTP_E_REFUSED_BANNER,    /* 5xx greeting (554 No SMTP service here) */
	SMTP_E_HELO_REJECTED,     /* 5xx to EHLO and to HELO */
	SMTP_E_STARTTLS_TEMPFAIL, /* 4xx to STARTTLS (454), not 421 */
	SMTP_E_STARTTLS_REJECTED, /* 5xx to STARTTLS */
	SMTP_E_EHLO_AFTER_TLS,    /* 5xx to the EHLO over TLS */
	SMTP_E_CLOSED_EARLY,      /* EOF before the dialog ended */
	SMTP_E_PIPELINED_TLS,     /* data after the 220 to STARTTLS */
	SMTP_E_PROTOCOL,          /* broken reply, cap hit, senseless code */
	SMTP_E_CANCELLED,         /* smtp_client_quit before a result */
	SMTP_E_USAGE,             /* the API was called out of order */
};

/* Stable lower-case code ("ok", "no_starttls", "rate_limited", ...). */
const char *smtp_status_code(enum smtp_status st);
/* Short human text ("STARTTLS not offered", ...). */
const char *smtp_strerror(enum smtp_status st);

#define SMTP_F_EHLO_AFTER_TLS  0x01u  /* EHLO again over TLS before QUIT */

typedef void (*smtp_trace_fn)(void *arg, enum smtp_state from,
    enum smtp_state to);

struct smtp_client {
	enum smtp_state state;
	enum smtp_status status;
	char detail[SMTP_DETAIL_MAX];     /* "banner: 421 4.7.0 Try again
	                                     later"; "" when OK */
	/* evidence */
	struct smtp_reply banner;         /* the greeting, any code */
	struct smtp_reply ehlo;           /* reply to the first EHLO */
	struct smtp_reply ehlo_tls;       /* reply to EHLO over TLS */
	struct {
		int banner, ehlo, helo, starttls, ehlo_tls, quit;
	} code;                           /* reply codes seen; 0: none */
	int starttls_offered;             /* in the first EHLO reply */
	int helo_fallback;                /* EHLO got 5xx, HELO was sent */
	int tls_started;                  /* STARTTLS got 220 */
	int starttls_after_tls;           /* STARTTLS listed over TLS */
	size_t injected;                  /* bytes sent after the 220 to
	                                     STARTTLS, before the handshake */
	/* private */
	unsigned flags;
	int quit_asked;
	smtp_trace_fn trace;
	void *trace_arg;
	char name[SMTP_NAME_MAX + 1];
	char out[SMTP_OUT_MAX];
	size_t out_len;
	struct smtp_reader rd;
};

/*
 * Start a dialog in SMTP_S_BANNER. ehlo_name (copied) is what EHLO and
 * HELO announce: 1..255 bytes of letters, digits, '.', '-', and ':',
 * '[' , ']' for address literals; anything else (a space, CR, LF) is
 * refused with -1, so no name can smuggle a command. flags: SMTP_F_*.
 */
int smtp_client_init(struct smtp_client *c, const char *ehlo_name,
    unsigned flags)
	__attribute__((warn_unused_result));

/* Call fn(arg, from, to) on every state change (NULL: none). */
void smtp_client_set_trace(struct smtp_client *c, smtp_trace_fn fn,
    void *arg);

/*
 * Feed received bytes. Handles at most one reply per call: *used says
 * how many bytes were taken, and the caller feeds the rest again after
 * acting on the event (a pipelined or early reply is then read as the
 * answer to the next command). Exception: after the 220 to STARTTLS any
 * byte left over is SMTP_E_PIPELINED_TLS. While output is pending (not
 * yet taken with smtp_client_output), nothing is taken and SMTP_EV_SEND
 * comes again. In DONE or ERROR nothing is taken and that event repeats.
 */
enum smtp_event smtp_client_input(struct smtp_client *c, const uint8_t *buf,
    size_t len, size_t *used)
	__attribute__((warn_unused_result));

/*
 * Take the command to write after SMTP_EV_SEND ("EHLO name\r\n",
 * "HELO name\r\n", "STARTTLS\r\n", "QUIT\r\n"): the bytes stay valid
 * until the next call on c; a second call returns *len 0.
 */
const uint8_t *smtp_client_output(struct smtp_client *c, size_t *len);

/* The TLS handshake after SMTP_EV_START_TLS succeeded: SMTP_EV_SEND
 * (EHLO with SMTP_F_EHLO_AFTER_TLS, else QUIT and status SMTP_OK). Out of
 * order: SMTP_EV_ERROR with SMTP_E_USAGE. */
enum smtp_event smtp_client_tls_ready(struct smtp_client *c)
	__attribute__((warn_unused_result));

/* The peer closed: SMTP_EV_DONE after QUIT, else SMTP_EV_ERROR with
 * SMTP_E_CLOSED_EARLY (DONE / ERROR stay as they are). */
enum smtp_event smtp_client_eof(struct smtp_client *c);

/*
 * End politely as soon as the protocol allows: a command that is queued
 * but not yet taken becomes QUIT (SMTP_EV_SEND); else QUIT replaces the
 * next command, after the reply now awaited (SMTP_EV_NONE). Without a
 * result by then the status is SMTP_E_CANCELLED; a result the reply
 * brings (no STARTTLS, 4xx, ...) wins. A 220 to STARTTLS still yields
 * SMTP_EV_START_TLS (the server now expects a handshake); tls_ready then
 * sends QUIT with status SMTP_OK.
 */
enum smtp_event smtp_client_quit(struct smtp_client *c)
	__attribute__((warn_unused_result));

#endif
