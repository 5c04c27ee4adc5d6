/*
 * par_serial.c - par.h without MPI (the default build): one process,
 * rank 0 of 1, nothing sent.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/par.h"

int par_init(int *argc, char ***argv, char *err, size_t errsz)
{
	(void)argc;
	(void)argv;
	(void)err;
	(void)errsz;
	return 0;
}

int par_rank(void)
{
	return 0;
}

int par_size(void)
{
	return 1;
}

int par_built_with_mpi(void)
{
	return 0;
}

int par_world_size(void)
{
	return 1;
}

void par_solo(int on)
{
	(void)on;
}

int par_agree(int code)
{
	return code;
}

int par_failed_elsewhere(void)
{
	return 0;
}

const char *par_take_message(void)
{
	return NULL;
}

int par_finish(int code)
{
	return code;
}

void par_send(int to, const void *buf, size_t bytes)
{
	(void)to;
	(void)buf;
	(void)bytes;
	abort(); /* no other rank to send to */
}

void par_recv(int from, void *buf, size_t bytes)
{
	(void)from;
	(void)buf;
	(void)bytes;
	abort();
}

void par_bcast(void *buf, size_t bytes, int root)
{
	(void)buf;
	(void)bytes;
	(void)root;
}

void par_reduce_sum_u64(uint64_t *a, size_t n)
{
	(void)a;
	(void)n;
}

void par_allgather(const void *mine, size_t bytes, void **all, size_t *all_bytes,
                   size_t *bytes_of)
{
	char *buf = xmalloc(bytes + 1);
	if (bytes)
		memcpy(buf, mine, bytes);
	*all = buf;
	*all_bytes = bytes;
	if (bytes_of)
		bytes_of[0] = bytes;
}

void par_range(uint64_t n, int r, uint64_t *lo, uint64_t *hi)
{
	*lo = r == 0 ? 0 : n;
	*hi = n;
}
