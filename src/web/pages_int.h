/*
 * pages_int.h: what pages.c and pages_report.c share: the document frame
 * (head, header with the site navigation, footer) and small writers.
 * Not part of the pages interface.
 */
#ifndef UTD_PAGES_INT_H
#define UTD_PAGES_INT_H

#include <stdint.h>
#include <stdio.h>

#include "web/pages.h"

/* Which nav entry is the current page (aria-current). */
enum page_nav {
	PAGE_NAV_NONE, PAGE_NAV_HOME, PAGE_NAV_HOF, PAGE_NAV_STATS,
	PAGE_NAV_ABOUT, PAGE_NAV_FAQ, PAGE_NAV_CONN,
};

/* Everything up to and including the site header; the caller then opens
 * <main id="main_id" class="wrap" ...>. title is escaped here; refresh > 0
 * adds a meta refresh of that many seconds; script loads /static/app.js. */
void page_begin(FILE *out, const char *title, enum page_nav cur,
    const char *main_id, int refresh, int script);
/* Closes </main> and the document with the footer. */
void page_end(FILE *out, const struct page_site *s);

/* s percent-encoded for a URL path segment (unreserved characters kept):
 * safe in a quoted attribute without further escaping. */
void page_url_seg(FILE *out, const char *s);

/* "2024-05-01 12:00 UTC" and "2024-05-01T12:00:00Z" of a time in
 * seconds; "" when it cannot be shown. */
void page_date(char *buf, size_t n, int64_t t, int iso);

/* Human label of an API status ("Not tested"); the status itself when
 * unknown. Known statuses are also safe class names. */
const char *page_status_label(const char *status);
/* The status when it is one of the API statuses, else "error". */
const char *page_status_class(const char *status);

/* The short title of a category (chk_categories), else the name. */
const char *page_cat_title(const char *name);

#endif
