#include <stddef.h>

#include "checks/mail/starttls_common.h"

const struct fx_mail_ep *
chk_mail_ep(const struct facts *fx, const struct fx_tls_ep *e)
{
	size_t i;

	for (i = 0; i < fx->n_meps; i++)
		if (&fx->meps[i].tls == e)
			return &fx->meps[i];
	return NULL;
}

const struct fx_mx_extra *
chk_mx_extra(const struct facts *fx, const struct fx_mail_ep *m)
{
	if (m == NULL || fx->mx_extra == NULL || m->mx < fx->mx ||
	    m->mx >= fx->mx + fx->n_mx)
		return NULL;
	return &fx->mx_extra[m->mx - fx->mx];
}
