#include <libpsl.h>
#include <pthread.h>
#include <string.h>

#include "mail/orgdom.h"

static psl_ctx_t *loaded;      /* ours: freed by orgdom_free */
static const psl_ctx_t *list;  /* loaded, or libpsl's built-in copy */

static pthread_mutex_t list_mu = PTHREAD_MUTEX_INITIALIZER;

/* Loaded once, on first use, by whichever thread comes first; read-only
 * afterwards (libpsl lookups on a loaded list are thread-safe). */
static const psl_ctx_t *
get_list(void)
{
	const psl_ctx_t *l;

	pthread_mutex_lock(&list_mu);
	if (list == NULL) {
		loaded = psl_latest(NULL);
		if (loaded == NULL)
			loaded = psl_load_file(ORGDOM_PSL_FILE);
		list = loaded != NULL ? loaded : psl_builtin();
	}
	l = list;
	pthread_mutex_unlock(&list_mu);
	return l;
}

void
orgdom_free(void)
{
	pthread_mutex_lock(&list_mu);
	if (loaded != NULL)
		psl_free(loaded);
	loaded = NULL;
	list = NULL;
	pthread_mutex_unlock(&list_mu);
}

const char *
orgdom_strerror(enum orgdom_status st)
{
	switch (st) {
	case ORGDOM_OK:
		return "ok";
	case ORGDOM_PUBLIC_SUFFIX:
		return "name is a public suffix";
	case ORGDOM_BAD_NAME:
		return "not a valid domain name";
	case ORGDOM_TOO_SMALL:
		return "output buffer too small";
	case ORGDOM_NO_LIST:
		return "no Public Suffix List available";
	}
	return "unknown orgdom status";
}

/* Lower-case copy without the trailing dot into buf[ORGDOM_NAME_MAX + 1]. */
static int
normalise(const char *in, char *buf)
{
	size_t n = strlen(in), i, label = 0;

	if (n > 0 && in[n - 1] == '.')
		n--;
	if (n == 0 || n > ORGDOM_NAME_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c <= 0x20 || c == 0x7f)
			return -1;
		if (c == '.') {
			if (label == 0)
				return -1;
			label = 0;
		} else if (++label > 63) {
			return -1;
		}
		buf[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	if (label == 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

enum orgdom_status
orgdom_lookup(const char *domain, char *out, size_t cap)
{
	char name[ORGDOM_NAME_MAX + 1];
	const psl_ctx_t *psl;
	const char *reg;
	enum orgdom_status st = ORGDOM_OK;
	size_t n;

	if (cap > 0)
		out[0] = '\0';
	if (domain == NULL || normalise(domain, name) != 0)
		return ORGDOM_BAD_NAME;
	if ((psl = get_list()) == NULL)
		return ORGDOM_NO_LIST;
	reg = psl_registrable_domain(psl, name);
	if (reg == NULL) {
		reg = name;
		st = ORGDOM_PUBLIC_SUFFIX;
	}
	n = strlen(reg);
	if (n >= cap)
		return ORGDOM_TOO_SMALL;
	memcpy(out, reg, n + 1);
	return st;
}

int
orgdom_same(const char *a, const char *b)
{
	char oa[ORGDOM_NAME_MAX + 1], ob[ORGDOM_NAME_MAX + 1];
	enum orgdom_status sa, sb;

	sa = orgdom_lookup(a, oa, sizeof(oa));
	sb = orgdom_lookup(b, ob, sizeof(ob));
	if ((sa != ORGDOM_OK && sa != ORGDOM_PUBLIC_SUFFIX) ||
	    (sb != ORGDOM_OK && sb != ORGDOM_PUBLIC_SUFFIX))
		return -1;
	return strcmp(oa, ob) == 0;
}
