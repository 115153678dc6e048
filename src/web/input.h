/*
 * input: what strangers send to `uptodate serve`, checked before use: the
 * domain typed into a form or listed in an API request, form bodies, and
 * the body of a batch API request. No I/O; fuzzed (fuzz/fuzz_webinput.c).
 */
#ifndef UTD_WEB_INPUT_H
#define UTD_WEB_INPUT_H

#include <stddef.h>

/* One name, or a URL whose host is taken; normalised into out (256
 * bytes), lower case, no trailing dot. 0, or -1 with *why. */
int serve_domain(const char *in, char *out, const char **why);

/* The URL-decoded value of one field of an
 * application/x-www-form-urlencoded body; 0, or -1 when absent or longer
 * than cap - 1. */
int form_field(const char *body, size_t len, const char *name, char *out,
    size_t cap);

/* A checked POST requests body of the batch API. */
struct api_submit {
	char type[8];                 /* "web" or "mail" */
	char name[256];
	char **domains;               /* normalised, duplicates merged, in order */
	size_t n;
};
/* 0, or -1 with a message for the bad-request error (*oom set when the
 * failure is memory, a server error). */
int api_submit_parse(const char *body, size_t len, unsigned max_domains,
    struct api_submit *out, char *msg, size_t msglen, int *oom);
void api_submit_clear(struct api_submit *s);

#endif
