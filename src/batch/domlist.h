/*
 * domlist: the domain lists of `uptodate batch`, one domain a line.
 *
 * A line holds a domain name as its first field (fields end at white
 * space or a comma, so "example.nl,Ministry of X" and CSV exports work);
 * a URL is taken for its host ("https://www.example.nl/path" ->
 * www.example.nl). Blank lines and lines whose first non-blank character
 * is '#' are skipped; so is the rest of a line after " #". Anything else
 * that is not a domain name is a bad line, reported with its number and
 * the reason, never fatal.
 */
#ifndef UTD_BATCH_DOMLIST_H
#define UTD_BATCH_DOMLIST_H

#include <stddef.h>
#include <stdio.h>

#define DOMLIST_LINE_MAX 4096   /* longer lines are bad lines */

enum domlist_rc {
	DOMLIST_NAME = 0,       /* out holds the normalised name */
	DOMLIST_SKIP,           /* blank or comment */
	DOMLIST_BAD,            /* *why says what is wrong */
};

/* One line (no newline needed; a trailing CR or LF is ignored). out must
 * hold 254 bytes. */
enum domlist_rc domlist_parse(const char *line, size_t len, char *out,
    size_t cap, const char **why);

/*
 * Read the next line of f into buf (cap > DOMLIST_LINE_MAX), without the
 * newline, never holding more than cap bytes: a longer line is consumed to
 * its end and reported as *too_long (buf then holds its start). NUL bytes
 * are kept (the length tells). Returns the length, or -1 at the end of the
 * input (or a read error: check ferror).
 */
long domlist_read_line(FILE *f, char *buf, size_t cap, int *too_long);

#endif
