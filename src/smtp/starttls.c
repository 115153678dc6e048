/*
 * starttls.c: smtp_client driven as a conn prelude (see starttls.h).
 */
#include <stdlib.h>
#include <string.h>

#include "smtp/smtp.h"
#include "smtp/starttls.h"

struct starttls {
	struct smtp_client c;
	int bad_name;
};

static void *
st_start(const void *arg)
{
	struct starttls *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	if (smtp_client_init(&t->c, arg != NULL ? arg : "uptodate.invalid",
	    0) != 0)
		t->bad_name = 1;
	return t;
}

/* Run the client over what arrived: replies in, commands out, until it
 * waits for more, hands over to TLS, or gives up. */
static enum net_prelude_rc
st_input(void *st, const uint8_t *in, size_t len, size_t *used,
    uint8_t *out, size_t outcap, size_t *outlen)
{
	struct starttls *t = st;
	size_t off = 0, n, olen;
	const uint8_t *o;

	*used = 0;
	*outlen = 0;
	if (t->bad_name)
		return NET_PRELUDE_FAIL;
	for (;;) {
		n = 0;
		switch (smtp_client_input(&t->c, in ? in + off : NULL, len - off,
		    &n)) {
		case SMTP_EV_SEND:
			off += n;
			o = smtp_client_output(&t->c, &olen);
			if (olen > outcap - *outlen) {
				*used = off;
				return NET_PRELUDE_FAIL;
			}
			memcpy(out + *outlen, o, olen);
			*outlen += olen;
			continue;
		case SMTP_EV_NONE:
			off += n;
			if (n > 0 && off < len)
				continue;
			*used = off;
			return NET_PRELUDE_MORE;
		case SMTP_EV_START_TLS:
			off += n;
			*used = off;
			return NET_PRELUDE_READY;
		case SMTP_EV_DONE:
		case SMTP_EV_ERROR:
		default:
			off += n;
			*used = off;
			/* the QUIT of a finished dialog is still sent */
			return NET_PRELUDE_FAIL;
		}
	}
}

static void
st_eof(void *st)
{
	struct starttls *t = st;

	(void)smtp_client_eof(&t->c);
}

static const char *
st_code(const void *st)
{
	const struct starttls *t = st;

	if (t->bad_name)
		return "usage";
	return smtp_status_code(t->c.status == SMTP_OK && !t->c.tls_started ?
	    SMTP_E_UNFINISHED : t->c.status);
}

static const char *
st_why(const void *st)
{
	const struct starttls *t = st;

	if (t->bad_name)
		return "the EHLO name is not a host name";
	if (t->c.detail[0] != '\0')
		return t->c.detail;
	return smtp_state_str(t->c.state);
}

const struct net_prelude_ops smtp_starttls_prelude = {
	st_start, st_input, st_eof, st_code, st_why, free,
};
