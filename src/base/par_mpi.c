/*
 * par_mpi.c - par.h on MPI (configure --with-mpi): MPI_COMM_WORLD, called
 * only from the thread that called par_init (MPI_THREAD_FUNNELED).
 */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/par.h"

/* The most a rank forwards of its standard error: the last bytes. */
#define PAR_MESSAGE_MAX 8192

/* MPI counts are int: bigger buffers go in pieces of this many bytes. */
#define PAR_PIECE ((size_t)1 << 30)

static int started;
static int world_rank, world_size = 1;
static int solo;
static int dead, dead_code, self_failed, elsewhere;
static char *message;

/*
 * Wait for a request without spinning: a rank that waits (for rank 0
 * writing the outputs, for a slower rank's blocks) sleeps between tests
 * instead of taking a core from the ranks and threads still working, which
 * Open MPI's blocking calls do when the node is full.  The messages are
 * few and large: 0.2 ms more before one is seen costs nothing.
 */
static void wait_for(MPI_Request *req)
{
	const struct timespec nap = {0, 200000};
	for (;;) {
		int done = 0;
		MPI_Test(req, &done, MPI_STATUS_IGNORE);
		if (done)
			return;
		nanosleep(&nap, NULL);
	}
}

int par_init(int *argc, char ***argv, char *err, size_t errsz)
{
	int provided = 0;
	if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
		snprintf(err, errsz, "MPI_Init_thread failed");
		return -1;
	}
	started = 1;
	MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
	MPI_Comm_size(MPI_COMM_WORLD, &world_size);
	if (provided < MPI_THREAD_FUNNELED) {
		snprintf(err, errsz,
		         "the MPI library gives no MPI_THREAD_FUNNELED "
		         "(threads of one rank besides the one calling MPI)");
		return -1;
	}
	if (world_rank != 0) {
		/* one rank writes: the others' standard output goes nowhere,
		 * their standard error to a file forwarded when they fail */
		int null = open("/dev/null", O_WRONLY);
		FILE *tmp = tmpfile();
		fflush(stdout);
		fflush(stderr);
		if (null >= 0) {
			dup2(null, STDOUT_FILENO);
			close(null);
		}
		if (tmp)
			dup2(fileno(tmp), STDERR_FILENO); /* tmp stays open: unlinked */
	}
	return 0;
}

int par_rank(void)
{
	return solo ? 0 : world_rank;
}

int par_size(void)
{
	return solo ? 1 : world_size;
}

int par_built_with_mpi(void)
{
	return 1;
}

int par_world_size(void)
{
	return world_size;
}

void par_solo(int on)
{
	solo = on;
}

/* The tail of this rank's standard error (its messages), malloc'ed. */
static char *own_messages(size_t *len)
{
	*len = 0;
	char *buf = xmalloc(PAR_MESSAGE_MAX + 1);
	buf[0] = '\0';
	if (world_rank == 0)
		return buf;
	fflush(stderr);
	off_t end = lseek(STDERR_FILENO, 0, SEEK_END);
	if (end <= 0)
		return buf;
	off_t from = end > PAR_MESSAGE_MAX ? end - PAR_MESSAGE_MAX : 0;
	ssize_t n = pread(STDERR_FILENO, buf, (size_t)(end - from), from);
	if (n > 0)
		*len = (size_t)n;
	buf[*len] = '\0';
	return buf;
}

static int answer(int code)
{
	return self_failed && code ? code : dead_code;
}

int par_agree(int code)
{
	if (solo || world_size == 1)
		return code;
	if (dead)
		return answer(code);
	int mine = code ? world_rank : world_size, first = world_size;
	MPI_Request req;
	MPI_Iallreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD, &req);
	wait_for(&req);
	if (first == world_size)
		return 0;
	dead = 1;
	self_failed = code != 0;
	int c = code;
	MPI_Ibcast(&c, 1, MPI_INT, first, MPI_COMM_WORLD, &req);
	wait_for(&req);
	dead_code = c;
	/* the failing rank's messages, for rank 0 to print */
	size_t len = 0;
	char *text = NULL;
	if (world_rank == first)
		text = own_messages(&len);
	unsigned long long n = len;
	MPI_Ibcast(&n, 1, MPI_UNSIGNED_LONG_LONG, first, MPI_COMM_WORLD, &req);
	wait_for(&req);
	if (!text)
		text = xmalloc((size_t)n + 1);
	MPI_Ibcast(text, (int)n, MPI_CHAR, first, MPI_COMM_WORLD, &req);
	wait_for(&req);
	text[n] = '\0';
	if (world_rank == 0 && first != 0) {
		elsewhere = 1;
		free(message);
		message = text;
	} else {
		free(text);
	}
	return answer(code);
}

int par_failed_elsewhere(void)
{
	return elsewhere;
}

const char *par_take_message(void)
{
	static char *taken;
	free(taken);
	taken = message;
	message = NULL;
	return taken;
}

int par_finish(int code)
{
	if (!started)
		return code;
	solo = 0;
	/* every rank ends here: none exits before rank 0 has printed (mpirun
	 * ends the job when one exits with a status other than 0) */
	MPI_Request req;
	MPI_Ibarrier(MPI_COMM_WORLD, &req);
	wait_for(&req);
	MPI_Finalize();
	started = 0;
	return code;
}

void par_send(int to, const void *buf, size_t bytes)
{
	const char *p = buf;
	do {
		size_t k = bytes < PAR_PIECE ? bytes : PAR_PIECE;
		MPI_Request req;
		MPI_Isend(p, (int)k, MPI_BYTE, to, 0, MPI_COMM_WORLD, &req);
		wait_for(&req);
		p += k;
		bytes -= k;
	} while (bytes > 0);
}

void par_recv(int from, void *buf, size_t bytes)
{
	char *p = buf;
	do {
		size_t k = bytes < PAR_PIECE ? bytes : PAR_PIECE;
		MPI_Request req;
		MPI_Irecv(p, (int)k, MPI_BYTE, from, 0, MPI_COMM_WORLD, &req);
		wait_for(&req);
		p += k;
		bytes -= k;
	} while (bytes > 0);
}

void par_bcast(void *buf, size_t bytes, int root)
{
	char *p = buf;
	if (par_size() == 1)
		return;
	while (bytes > 0) {
		size_t k = bytes < PAR_PIECE ? bytes : PAR_PIECE;
		MPI_Request req;
		MPI_Ibcast(p, (int)k, MPI_BYTE, root, MPI_COMM_WORLD, &req);
		wait_for(&req);
		p += k;
		bytes -= k;
	}
}

void par_reduce_sum_u64(uint64_t *a, size_t n)
{
	if (par_size() == 1)
		return;
	const size_t piece = PAR_PIECE / sizeof *a;
	while (n > 0) {
		size_t k = n < piece ? n : piece;
		MPI_Request req;
		if (world_rank == 0)
			MPI_Ireduce(MPI_IN_PLACE, a, (int)k, MPI_UINT64_T, MPI_SUM, 0,
			            MPI_COMM_WORLD, &req);
		else
			MPI_Ireduce(a, NULL, (int)k, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD,
			            &req);
		wait_for(&req);
		a += k;
		n -= k;
	}
}

void par_allgather(const void *mine, size_t bytes, void **all, size_t *all_bytes,
                   size_t *bytes_of)
{
	int size = par_size();
	unsigned long long b = bytes, *each = xcalloc((size_t)size, sizeof *each);
	if (size == 1)
		each[0] = b;
	else {
		MPI_Request req;
		MPI_Iallgather(&b, 1, MPI_UNSIGNED_LONG_LONG, each, 1, MPI_UNSIGNED_LONG_LONG,
		               MPI_COMM_WORLD, &req);
		wait_for(&req);
	}
	size_t total = 0;
	for (int r = 0; r < size; r++)
		total += (size_t)each[r];
	char *buf = xmalloc(total + 1);
	size_t at = 0;
	for (int r = 0; r < size; r++) {
		if (r == par_rank() && bytes)
			memcpy(buf + at, mine, bytes);
		par_bcast(buf + at, (size_t)each[r], r);
		if (bytes_of)
			bytes_of[r] = (size_t)each[r];
		at += (size_t)each[r];
	}
	free(each);
	*all = buf;
	*all_bytes = total;
}

void par_range(uint64_t n, int r, uint64_t *lo, uint64_t *hi)
{
	uint64_t size = (uint64_t)par_size(), q = n / size, rem = n % size;
	uint64_t ur = (uint64_t)r;
	*lo = ur * q + (ur < rem ? ur : rem);
	*hi = *lo + q + (ur < rem ? 1 : 0);
}
