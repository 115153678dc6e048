/*
 * usercmd.c: users of the batch API. Passwords are read from standard
 * input (one line; a terminal does not echo it) and stored only as scrypt
 * hashes (web/auth.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "store/store.h"
#include "web/auth.h"
#include "web/usercmd.h"

#define NAME_MAX_LEN 63

static void
usage(FILE *out, const char *version)
{
	fprintf(out, "uptodate %s user - the users of the batch API\n\n"
	    "Usage:\n"
	    "  uptodate user add  [--db URL] NAME   add NAME; the password is read\n"
	    "                                       from standard input (one line)\n"
	    "  uptodate user del  [--db URL] NAME   remove NAME\n"
	    "  uptodate user list [--db URL]        list the users\n\n"
	    "Options:\n"
	    "      --db URL    the database of 'uptodate serve': a SQLite file\n"
	    "                  (default uptodate.db) or postgres://...\n"
	    "  -h, --help      show this help\n\n"
	    "Passwords are kept only as scrypt hashes (N=2^15, r=8, p=1), never in\n"
	    "clear. A name is 1 to %d letters, digits, '.', '_', '-' or '@'.\n\n"
	    "Exit status: 0 done, 1 no such user / the name is taken, 2 bad usage,\n"
	    "3 database error.\n\n"
	    "Example:\n"
	    "  printf '%%s\\n' \"$PASSWORD\" | uptodate user add monitor\n",
	    version, NAME_MAX_LEN);
}

static int
name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > NAME_MAX_LEN)
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("._-@", *s) != NULL))
			return 0;
	return 1;
}

/* One line from standard input, without echo on a terminal; 0 or -1. */
static int
read_password(char *buf, size_t cap)
{
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO), rc = 0;
	size_t n;

	if (tty) {
		fputs("Password: ", stderr);
		if (tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		}
	}
	if (fgets(buf, (int)cap, stdin) == NULL)
		rc = -1;
	if (tty) {
		(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (rc != 0)
		return -1;
	n = strcspn(buf, "\r\n");
	if (buf[n] == '\0' && n == cap - 1)
		return -1;             /* longer than the buffer */
	buf[n] = '\0';
	return 0;
}

static int
list_cb(void *arg, const char *name, int64_t created)
{
	char when[32];
	time_t t = (time_t)created;
	struct tm tm;

	(void)arg;
	if (gmtime_r(&t, &tm) != NULL)
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%SZ", &tm);
	else
		snprintf(when, sizeof(when), "?");
	printf("%-32s %s\n", name, when);
	return 0;
}

int
user_main(int argc, char **argv, const char *version)
{
	static const struct option lo[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "uptodate.db", *verb, *name = NULL;
	char err[512], pw[512], hash[AUTH_HASH_MAX];
	struct store *st;
	int c, rc = 0, want_name;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", lo, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h': usage(stdout, version); return 0;
		case ':':
			fprintf(stderr, "uptodate: option %s needs a value\n",
			    argv[optind - 1]);
			return 2;
		default:
			fprintf(stderr, "uptodate: unknown option '%s' (see "
			    "'uptodate user --help')\n", argv[optind - 1]);
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "uptodate: user: say add, del or list (see "
		    "'uptodate user --help')\n");
		return 2;
	}
	verb = argv[optind++];
	if (strcmp(verb, "add") != 0 && strcmp(verb, "del") != 0 &&
	    strcmp(verb, "list") != 0) {
		fprintf(stderr, "uptodate: user: unknown action '%s': use add, "
		    "del or list\n", verb);
		return 2;
	}
	want_name = strcmp(verb, "list") != 0;
	if (argc - optind != want_name) {
		fprintf(stderr, "uptodate: user %s takes %s\n", verb,
		    want_name ? "one NAME" : "no arguments");
		return 2;
	}
	if (want_name && !name_ok(name = argv[optind])) {
		fprintf(stderr, "uptodate: user name '%s': 1 to %d letters, "
		    "digits, '.', '_', '-' or '@'\n", name, NAME_MAX_LEN);
		return 2;
	}
	if (strcmp(verb, "add") == 0) {
		if (read_password(pw, sizeof(pw)) != 0 || pw[0] == '\0') {
			fprintf(stderr, "uptodate: user add: no password on standard "
			    "input (one line, at most %zu bytes)\n", sizeof(pw) - 2);
			return 2;
		}
		if (strlen(pw) < 8) {
			OPENSSL_cleanse(pw, sizeof(pw));
			fprintf(stderr, "uptodate: user add: the password is shorter "
			    "than 8 characters\n");
			return 2;
		}
		if (auth_hash(pw, hash) != 0) {
			OPENSSL_cleanse(pw, sizeof(pw));
			fprintf(stderr, "uptodate: user add: cannot hash the "
			    "password\n");
			return 3;
		}
		OPENSSL_cleanse(pw, sizeof(pw));
	}
	if ((st = store_open(db, err, sizeof(err))) == NULL) {
		fprintf(stderr, "uptodate: --db %s: %s\n", db, err);
		return 3;
	}
	if (strcmp(verb, "add") == 0) {
		if (store_user_get(st, name, pw, sizeof(pw)) == 0) {
			fprintf(stderr, "uptodate: user %s exists already\n", name);
			rc = 1;
		} else if (store_user_add(st, name, hash) != 0) {
			fprintf(stderr, "uptodate: user add %s: %s\n", name,
			    store_error(st));
			rc = 3;
		} else {
			fprintf(stderr, "uptodate: user %s added\n", name);
		}
	} else if (strcmp(verb, "del") == 0) {
		if ((c = store_user_del(st, name)) == 1) {
			fprintf(stderr, "uptodate: no user %s\n", name);
			rc = 1;
		} else if (c != 0) {
			fprintf(stderr, "uptodate: user del %s: %s\n", name,
			    store_error(st));
			rc = 3;
		} else {
			fprintf(stderr, "uptodate: user %s removed\n", name);
		}
	} else if (store_user_list(st, list_cb, NULL) != 0) {
		fprintf(stderr, "uptodate: user list: %s\n", store_error(st));
		rc = 3;
	}
	store_close(st);
	return rc;
}
