/*
 * custom: the batch API's "custom" fields of a report (catalogue §4:
 * mail_non_sending_domain, mail_servers_testable_status; tls_1_3_support).
 */
#ifndef UTD_CHECKS_CUSTOM_H
#define UTD_CHECKS_CUSTOM_H

#include <jansson.h>

#include "checks/facts.h"

/* A new JSON object with the fields for fx's test type. */
json_t *chk_custom_fields(const struct facts *fx);

#endif
