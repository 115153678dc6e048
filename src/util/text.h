/*
 * text: strings from remote bytes made fit to show. A record, a header or
 * a banner may hold any byte; what reaches a report must be valid UTF-8
 * (JSON has no other strings, and jansson refuses the rest) and, on a
 * terminal, free of control characters.
 */
#ifndef UTD_TEXT_H
#define UTD_TEXT_H

#include <stddef.h>

/*
 * Make s valid UTF-8 in place (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF): every byte that does not belong to a
 * well-formed sequence becomes '?'. With ctrl, the C0 controls, DEL and
 * the C1 controls (U+0080..U+009F) become '?' too. The number of bytes
 * replaced.
 */
size_t text_clean(char *s, int ctrl);

/* When s ends inside a multi-byte character (as a cut by snprintf leaves
 * it), end s before that character. */
void text_trim_partial(char *s);

#endif
