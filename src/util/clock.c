#include <string.h>

#include "util/clock.h"

void
clock_start(struct timespec *start)
{
	if (clock_gettime(CLOCK_MONOTONIC, start) != 0)
		memset(start, 0, sizeof(*start));
}

uint32_t
clock_elapsed_ms(const struct timespec *start)
{
	struct timespec now;
	int64_t ms;

	if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
		return 0;
	ms = (int64_t)(now.tv_sec - start->tv_sec) * 1000 +
	    (now.tv_nsec - start->tv_nsec) / 1000000;
	if (ms < 0)
		return 0;
	return ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
}
