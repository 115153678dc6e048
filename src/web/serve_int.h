/*
 * serve_int.h: what serve.c and api.c share.
 */
#ifndef UTD_SERVE_INT_H
#define UTD_SERVE_INT_H

#include <pthread.h>
#include <stdio.h>

#include <jansson.h>
#include <microhttpd.h>

#include "net/targets.h"
#include "store/store.h"
#include "web/auth.h"
#include "web/pages.h"
#include "web/serve.h"

struct itest;

/* A batch request cancelled while some of its jobs run: the workers drop
 * them on their tick. A small ring of recent ids is enough: a job the ring
 * forgot is still dropped by store_job_done. */
#define CANCELLED_RING 64

struct serve {
	struct serve_opts *o;
	struct store *st;
	struct jobq *q;               /* batch jobs (NULL: --no-batch-work) */
	struct metrics *m;
	char worker[128];             /* this process's id in the job leases */
	struct net_targets *targets;
	struct auth_cache *auth;
	struct page_site site;
	struct conntest *ct;          /* the connection test, or NULL */
	struct MHD_Daemon *d[SERVE_LISTEN_MAX];
	const char *listen_ok[SERVE_LISTEN_MAX];   /* what each d serves */
	size_t n_d;

	pthread_mutex_t mu;           /* everything below */
	struct itest *tests;          /* interactive tests, newest first */
	struct itest *queue_head, *queue_tail;   /* waiting for a worker */
	char cancelled[CANCELLED_RING][STORE_ID_MAX];
	unsigned n_cancelled;
	int stopping;
};

/* A reply built by a handler. */
struct reply {
	unsigned status;
	const char *type;             /* Content-Type */
	char *body;                   /* malloc'd */
	size_t len;
	const char *location;         /* redirect target (copied), or NULL */
	char location_buf[600];
	int auth_challenge;           /* add WWW-Authenticate */
	int cache;                    /* seconds of Cache-Control max-age, 0 no-store */
	int cors;                     /* Access-Control-Allow-Origin: * */
	int connect_any;              /* the page may fetch from any host (CSP) */
};

/* A page: the memstream the renderer writes to becomes the body. */
struct pagebuf {
	FILE *f;
	char *p;
	size_t len;
};
/* The stream a page is written to; NULL (and a 500 reply) when there is
 * no memory for it. */
FILE *page_open(struct pagebuf *pb, struct reply *r);
/* The page becomes r's body with this status and type. */
void page_close(struct pagebuf *pb, struct reply *r, unsigned status,
    const char *type);

/* The batch API: path is what follows "/api/batch/v2/". */
void api_handle(struct serve *s, struct MHD_Connection *c, const char *method,
    const char *path, const char *body, size_t body_len, int body_too_big,
    struct reply *r);
/* A JSON reply (takes the reference). */
void reply_json(struct reply *r, unsigned status, json_t *j);
/* The batch API error shape. */
void api_error(struct reply *r, unsigned status, const char *label,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Called by api.c when a request is cancelled. */
void serve_note_cancelled(struct serve *s, const char *request_id);
/* "site" for web, "mail" for mail: the path word of a report. */
const char *serve_path_word(const char *type);

#endif
