/*
 * output: where `uptodate batch` writes, one line per (domain, test type)
 * as each finishes: JSON Lines (the `--json` object) or CSV (one column
 * per category and test status, plus the score). Lines are written whole
 * and flushed, so a killed run leaves only complete lines, except perhaps
 * a cut last one, which --resume removes before appending.
 */
#ifndef UTD_BATCH_OUTPUT_H
#define UTD_BATCH_OUTPUT_H

#include <jansson.h>
#include <stddef.h>

#include "batch/nameset.h"
#include "checks/facts.h"

enum batch_format { BATCH_JSONL, BATCH_CSV };

/* Test types as a bit set: BATCH_WEB | BATCH_MAIL. The nameset type of a
 * key is the fx_kind. */
#define BATCH_WEB  1u
#define BATCH_MAIL 2u

struct batch_out;

/*
 * Open path (NULL or "-": stdout). An existing non-empty file is continued
 * with resume (its keys go to done; a cut last line is cut off), replaced
 * with overwrite, and refused otherwise. NULL with why on failure.
 */
struct batch_out *batch_out_open(const char *path, enum batch_format fmt,
    unsigned types, int resume, int overwrite, struct nameset *done,
    char *why, size_t whylen)
	__attribute__((warn_unused_result));
/* Write one result (thread-safe). 0, or -1 on a write error (then every
 * later write fails too, and batch_out_close reports it). */
int batch_out_write(struct batch_out *o, json_t *result);
/* Flush and close; 0, or -1 with why. */
int batch_out_close(struct batch_out *o, char *why, size_t whylen);

#endif
