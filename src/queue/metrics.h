/*
 * metrics: the Prometheus text format (version 0.0.4) of /metrics on
 * `uptodate serve` and `uptodate worker`: the queue in the store (jobs
 * queued, running, done, failed), this process's tests (a duration
 * histogram per test type, results written, lost, reused) and its
 * connections per destination class.
 */
#ifndef UTD_METRICS_H
#define UTD_METRICS_H

#include <stdio.h>

struct store;
struct jobq;
struct net_limits;

struct metrics;

struct metrics *metrics_new(void);
void metrics_free(struct metrics *m);
/* One finished test of type "web" or "mail" that took secs. */
void metrics_observe(struct metrics *m, const char *type, double secs);
/* The whole page; any of st, q, limits may be NULL (left out). 0, or -1
 * when the store could not be read (the rest is written). */
int metrics_write(FILE *out, struct metrics *m, struct store *st,
    struct jobq *q, struct net_limits *limits);

#endif
