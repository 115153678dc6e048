/*
 * tunrelay: the testbed's latency line.
 *
 * Creates a TUN device, reads every IP packet the kernel routes into it,
 * holds it for a fixed delay, and writes it back into the same device, from
 * where the kernel routes it on as if it had just arrived.  With policy
 * routing that sends the client<->server traffic of the testbed router into
 * the device, each direction gets DELAY_MS of extra latency.
 *
 * The kernel this testbed runs on has no netem qdisc, hence this program.
 *
 * usage: tunrelay DEVICE DELAY_MS [QUEUE_PACKETS]
 *
 * Packets wait in a FIFO (a constant delay keeps it in deadline order) of
 * QUEUE_PACKETS slots (default 8192) of SLOT_SIZE bytes.  A packet arriving
 * when the queue is full is dropped (tail drop), as a router with a full
 * buffer would.  Counters go to stderr on SIGUSR1 and at exit (SIGTERM or
 * SIGINT).  The device is not persistent: it vanishes when the program
 * exits, and with it every route through it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

enum {
	SLOT_SIZE = 2048,       /* the device MTU is 1500; larger packets are dropped */
	READ_SIZE = 65536,      /* scratch buffer: a read never truncates a packet */
	BATCH = 256,            /* reads per wake-up before servicing the timer */
	DEFAULT_QUEUE = 8192,
	MAX_QUEUE = 1 << 20,
	MAX_DELAY_MS = 10000,
};

struct counters {
	unsigned long long received;
	unsigned long long sent;
	unsigned long long dropped_full;
	unsigned long long dropped_big;
	unsigned long long write_errors;
	size_t max_depth;
};

struct queue {
	size_t cap, head, count;
	uint64_t *due;          /* CLOCK_MONOTONIC deadline, ns */
	uint16_t *len;
	unsigned char *data;    /* cap * SLOT_SIZE */
};

static volatile sig_atomic_t stop_flag;
static volatile sig_atomic_t stats_flag;

static void on_stop(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void on_stats(int sig)
{
	(void)sig;
	stats_flag = 1;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void print_counters(const char *dev, const struct counters *c, size_t depth)
{
	fprintf(stderr,
	        "tunrelay %s: received %llu sent %llu dropped_full %llu "
	        "dropped_big %llu write_errors %llu queued %zu max_depth %zu\n",
	        dev, c->received, c->sent, c->dropped_full, c->dropped_big,
	        c->write_errors, depth, c->max_depth);
}

static long parse_num(const char *s, long lo, long hi, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, "tunrelay: bad %s '%s' (%ld..%ld)\n", what, s, lo, hi);
		exit(2);
	}
	return v;
}

static int open_tun(const char *name)
{
	struct ifreq ifr;
	int fd;

	if (strlen(name) >= IFNAMSIZ) {
		fprintf(stderr, "tunrelay: device name too long: %s\n", name);
		return -1;
	}
	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		perror("tunrelay: open /dev/net/tun");
		return -1;
	}
	memset(&ifr, 0, sizeof ifr);
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	memcpy(ifr.ifr_name, name, strlen(name));
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		perror("tunrelay: TUNSETIFF");
		close(fd);
		return -1;
	}
	return fd;
}

/* Arms the timer for DEADLINE (absolute, ns), or disarms it for 0. */
static int arm_timer(int tfd, uint64_t deadline)
{
	struct itimerspec its;

	memset(&its, 0, sizeof its);
	if (deadline != 0) {
		its.it_value.tv_sec = (time_t)(deadline / 1000000000u);
		its.it_value.tv_nsec = (long)(deadline % 1000000000u);
	}
	return timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
}

/* Reads up to BATCH packets and queues them with deadline now + delay. */
static void take_packets(int fd, struct queue *q, uint64_t delay_ns,
                         unsigned char *scratch, struct counters *c)
{
	for (int i = 0; i < BATCH; i++) {
		ssize_t n = read(fd, scratch, READ_SIZE);

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				perror("tunrelay: read");
			return;
		}
		if (n == 0)
			return;
		c->received++;
		if ((size_t)n > SLOT_SIZE) {
			c->dropped_big++;
			continue;
		}
		if (q->count == q->cap) {
			c->dropped_full++;
			continue;
		}
		size_t tail = (q->head + q->count) % q->cap;
		q->due[tail] = now_ns() + delay_ns;
		q->len[tail] = (uint16_t)n;
		memcpy(q->data + tail * SLOT_SIZE, scratch, (size_t)n);
		q->count++;
		if (q->count > c->max_depth)
			c->max_depth = q->count;
	}
}

/* Writes back every queued packet whose deadline has passed. */
static void release_packets(int fd, struct queue *q, struct counters *c)
{
	uint64_t now = now_ns();

	while (q->count > 0 && q->due[q->head] <= now) {
		ssize_t n = write(fd, q->data + q->head * SLOT_SIZE, q->len[q->head]);

		if (n < 0)
			c->write_errors++;
		else
			c->sent++;
		q->head = (q->head + 1) % q->cap;
		q->count--;
	}
}

int main(int argc, char **argv)
{
	struct counters c;
	struct queue q;
	struct sigaction sa;
	unsigned char *scratch;
	uint64_t delay_ns, armed = 0;
	int fd, tfd;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: tunrelay DEVICE DELAY_MS [QUEUE_PACKETS]\n");
		return 2;
	}
	delay_ns = (uint64_t)parse_num(argv[2], 0, MAX_DELAY_MS, "delay") * 1000000u;
	memset(&q, 0, sizeof q);
	q.cap = argc == 4 ? (size_t)parse_num(argv[3], 1, MAX_QUEUE, "queue size")
	                  : DEFAULT_QUEUE;
	q.due = calloc(q.cap, sizeof *q.due);
	q.len = calloc(q.cap, sizeof *q.len);
	q.data = malloc(q.cap * SLOT_SIZE);
	scratch = malloc(READ_SIZE);
	if (!q.due || !q.len || !q.data || !scratch) {
		fprintf(stderr, "tunrelay: out of memory\n");
		return 1;
	}
	memset(&c, 0, sizeof c);

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_stats;
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	fd = open_tun(argv[1]);
	if (fd < 0)
		return 1;
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (tfd < 0) {
		perror("tunrelay: timerfd_create");
		return 1;
	}
	fprintf(stderr, "tunrelay %s: delay %llu ms, queue %zu packets of %d bytes\n",
	        argv[1], (unsigned long long)(delay_ns / 1000000u), q.cap, SLOT_SIZE);

	while (!stop_flag) {
		struct pollfd pfd[2] = {
			{ .fd = fd, .events = POLLIN },
			{ .fd = tfd, .events = POLLIN },
		};

		if (stats_flag) {
			stats_flag = 0;
			print_counters(argv[1], &c, q.count);
		}
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("tunrelay: poll");
			break;
		}
		if (pfd[1].revents & POLLIN) {
			uint64_t expirations;

			if (read(tfd, &expirations, sizeof expirations) < 0 && errno != EAGAIN)
				perror("tunrelay: read timerfd");
			armed = 0;
		}
		if (pfd[0].revents & POLLIN)
			take_packets(fd, &q, delay_ns, scratch, &c);
		if (pfd[0].revents & (POLLERR | POLLHUP | POLLNVAL)) {
			fprintf(stderr, "tunrelay: device error\n");
			break;
		}
		release_packets(fd, &q, &c);
		uint64_t next = q.count > 0 ? q.due[q.head] : 0;
		if (next != armed) {
			if (arm_timer(tfd, next) < 0) {
				perror("tunrelay: timerfd_settime");
				break;
			}
			armed = next;
		}
	}
	print_counters(argv[1], &c, q.count);
	close(tfd);
	close(fd);
	free(scratch);
	free(q.data);
	free(q.len);
	free(q.due);
	return 0;
}
