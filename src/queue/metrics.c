/*
 * metrics.c: a fixed-bucket histogram per test type under a mutex; the
 * rest is read when the page is asked for.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/limits.h"
#include "queue/jobq.h"
#include "queue/metrics.h"
#include "store/store.h"

static const double bounds[] = { 0.5, 1, 2, 5, 10, 20, 60, 120 };
#define N_BOUNDS (sizeof(bounds) / sizeof(bounds[0]))
static const char *const types[] = { "web", "mail" };

struct metrics {
	pthread_mutex_t mu;
	uint64_t bucket[2][N_BOUNDS];    /* cumulative when written */
	uint64_t count[2];
	double sum[2];
};

struct metrics *
metrics_new(void)
{
	struct metrics *m = calloc(1, sizeof(*m));

	if (m != NULL)
		pthread_mutex_init(&m->mu, NULL);
	return m;
}

void
metrics_free(struct metrics *m)
{
	if (m == NULL)
		return;
	pthread_mutex_destroy(&m->mu);
	free(m);
}

void
metrics_observe(struct metrics *m, const char *type, double secs)
{
	int t = strcmp(type, "web") == 0 ? 0 : 1;
	size_t i;

	if (m == NULL)
		return;
	pthread_mutex_lock(&m->mu);
	for (i = 0; i < N_BOUNDS; i++)
		if (secs <= bounds[i]) {
			m->bucket[t][i]++;
			break;
		}
	m->count[t]++;
	m->sum[t] += secs;
	pthread_mutex_unlock(&m->mu);
}

static void
histogram(FILE *out, struct metrics *m)
{
	uint64_t cum;
	size_t t, i;

	fputs("# HELP uptodate_test_duration_seconds Time one domain's test took "
	    "in this process.\n# TYPE uptodate_test_duration_seconds histogram\n",
	    out);
	pthread_mutex_lock(&m->mu);
	for (t = 0; t < 2; t++) {
		cum = 0;
		for (i = 0; i < N_BOUNDS; i++) {
			cum += m->bucket[t][i];
			fprintf(out, "uptodate_test_duration_seconds_bucket{type=\"%s\","
			    "le=\"%g\"} %llu\n", types[t], bounds[i],
			    (unsigned long long)cum);
		}
		fprintf(out, "uptodate_test_duration_seconds_bucket{type=\"%s\","
		    "le=\"+Inf\"} %llu\n", types[t],
		    (unsigned long long)m->count[t]);
		fprintf(out, "uptodate_test_duration_seconds_sum{type=\"%s\"} %.3f\n",
		    types[t], m->sum[t]);
		fprintf(out, "uptodate_test_duration_seconds_count{type=\"%s\"} "
		    "%llu\n", types[t], (unsigned long long)m->count[t]);
	}
	pthread_mutex_unlock(&m->mu);
}

static void
gauge(FILE *out, const char *name, const char *help, const char *type,
    const char *labels, unsigned long long v)
{
	if (help != NULL)
		fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
	fprintf(out, "%s%s %llu\n", name, labels, v);
}

int
metrics_write(FILE *out, struct metrics *m, struct store *st, struct jobq *q,
    struct net_limits *limits)
{
	struct store_counts c;
	int rc = 0;

	if (st != NULL && store_counts(st, &c) == 0) {
		const char *h = "Jobs of batch requests in the database, by state.";

		gauge(out, "uptodate_jobs", h, "gauge", "{state=\"queued\"}",
		    c.jobs_queued);
		gauge(out, "uptodate_jobs", NULL, NULL, "{state=\"running\"}",
		    c.jobs_running);
		gauge(out, "uptodate_jobs", NULL, NULL, "{state=\"done\"}",
		    c.jobs_done);
		gauge(out, "uptodate_jobs", NULL, NULL, "{state=\"failed\"}",
		    c.jobs_error);
		gauge(out, "uptodate_jobs", NULL, NULL, "{state=\"dropped\"}",
		    c.jobs_dropped);
		gauge(out, "uptodate_requests", "Batch requests, by status.",
		    "gauge", "{status=\"running\"}", c.requests_running);
		gauge(out, "uptodate_requests", NULL, NULL, "{status=\"done\"}",
		    c.requests_done);
		gauge(out, "uptodate_reports", "Reports stored.", "gauge", "",
		    c.reports);
	} else if (st != NULL) {
		rc = -1;
	}
	if (q != NULL) {
		struct jobq_stats s;

		jobq_stats(q, &s);
		gauge(out, "uptodate_worker_jobs_total", "Jobs of this process, by "
		    "outcome.", "counter", "{outcome=\"claimed\"}", s.claimed);
		gauge(out, "uptodate_worker_jobs_total", NULL, NULL,
		    "{outcome=\"finished\"}", s.finished);
		gauge(out, "uptodate_worker_jobs_total", NULL, NULL,
		    "{outcome=\"reused\"}", s.reused);
		gauge(out, "uptodate_worker_jobs_total", NULL, NULL,
		    "{outcome=\"lost\"}", s.lost);
		gauge(out, "uptodate_worker_jobs_total", NULL, NULL,
		    "{outcome=\"released\"}", s.released);
	}
	if (m != NULL)
		histogram(out, m);
	if (limits != NULL) {
		static const char *const cls[] = { "web", "smtp" };
		unsigned long open;
		unsigned most, peak;
		char lab[32];
		int i;

		for (i = 0; i < NET_CLASS_N; i++) {
			net_limits_totals(limits, (enum net_class)i, &open, &most, &peak);
			snprintf(lab, sizeof(lab), "{class=\"%s\"}", cls[i]);
			gauge(out, "uptodate_connections_open", i == 0 ? "Connections "
			    "open now." : NULL, "gauge", lab, open);
			gauge(out, "uptodate_connections_per_destination_max", i == 0 ?
			    "Most connections open now to one destination address." :
			    NULL, "gauge", lab, most);
			gauge(out, "uptodate_connections_per_destination_peak", i == 0 ?
			    "Most connections ever open at once to one destination "
			    "address." : NULL, "gauge", lab, peak);
		}
	}
	return rc;
}
