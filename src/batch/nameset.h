/*
 * nameset: a set of (test type, domain) keys, for the batch's duplicate
 * lines and the results a resumed run already has. About 40 bytes plus
 * the name per key; grows by doubling.
 */
#ifndef UTD_BATCH_NAMESET_H
#define UTD_BATCH_NAMESET_H

#include <stddef.h>

struct nameset;

struct nameset *nameset_new(void) __attribute__((warn_unused_result));
void nameset_free(struct nameset *s);
/* Add; 1 if added, 0 if it was there, -1 on ENOMEM. */
int nameset_add(struct nameset *s, int type, const char *name);
int nameset_has(const struct nameset *s, int type, const char *name);
size_t nameset_count(const struct nameset *s);

#endif
