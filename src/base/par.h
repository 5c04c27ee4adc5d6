/*
 * par.h - processes of an MPI job (configure --with-mpi), or one process.
 *
 * Every rank reads the same inputs and runs the same code; the work that
 * is split (blocks of Monte Carlo trials, candidates of the order-2
 * cut-set search and of the reverse stress test) is merged on rank 0 (or
 * on every rank) in the order one process would use, so the results are
 * the same bytes for any number of ranks.  Rank 0 alone writes outputs
 * and messages: par_init sends the standard output of the other ranks to
 * /dev/null and their standard error to a temporary file, whose text is
 * forwarded to rank 0 when that rank fails.
 *
 * Failures.  A rank that fails must not leave the others waiting in a
 * collective call: every split begins with par_agree, and a rank that
 * fails goes straight on to the end (after printing its message, and with
 * no other collective call), where main's par_agree takes part in the
 * agreement the others are in.  After an agreement that saw a failure no rank
 * communicates again.
 *
 * Without MPI (the default build) the same interface describes one
 * process: rank 0 of 1, and nothing is ever sent.
 */
#ifndef CHOKEPOINT_PAR_H
#define CHOKEPOINT_PAR_H

#include <stddef.h>
#include <stdint.h>

/* Start MPI when built with it (MPI_THREAD_FUNNELED: only the thread that
 * called par_init calls MPI, never from inside OpenMP regions); 0, or -1
 * with a message in err. */
int par_init(int *argc, char ***argv, char *err, size_t errsz);

/* This process's rank and the number of ranks (0 and 1 without MPI, or in
 * a par_solo section). */
int par_rank(void);
int par_size(void);
/* 1 in a build with MPI, whether or not mpirun started it. */
int par_built_with_mpi(void);
/* The number of ranks of the job, even inside a par_solo section. */
int par_world_size(void);

/* Rank 0 alone, as one process (a command that does not split its work):
 * par_rank() 0 and par_size() 1 until par_solo(0). */
void par_solo(int on);

/*
 * Agree on failure: every rank calls it at the same point (a rank that
 * stops early calls it at the end, in main).  code is 0, or the exit status
 * of this rank's failure.  Returns 0 when no rank failed; otherwise the
 * exit status to end with: this rank's own code when it failed itself,
 * else that of the lowest rank that failed.  Once a failure is agreed,
 * every later call returns at once with the same answer.
 */
int par_agree(int code);
/* Has an agreement seen a failure of another rank than this one?  Its
 * messages (that rank's standard error) are returned once by
 * par_take_message (NULL when none or already taken). */
int par_failed_elsewhere(void);
const char *par_take_message(void);

/* End, on every rank (after the last par_agree, and after rank 0 has
 * printed par_take_message): wait for every rank and shut MPI down;
 * returns code. */
int par_finish(int code);

/* Point to point and collectives on bytes, of any size (sent in pieces). */
void par_send(int to, const void *buf, size_t bytes);
void par_recv(int from, void *buf, size_t bytes);
void par_bcast(void *buf, size_t bytes, int root);
/* Sum n counts of every rank into rank 0's a (exact in any order). */
void par_reduce_sum_u64(uint64_t *a, size_t n);

/*
 * Gather every rank's bytes to every rank, in rank order: *all receives a
 * malloc'ed buffer of the concatenation, *all_bytes its size, and
 * bytes_of[r] (when not NULL, par_size() entries) each rank's share.
 */
void par_allgather(const void *mine, size_t bytes, void **all, size_t *all_bytes,
                   size_t *bytes_of);

/* Share of n items [*lo, *hi) of rank r among par_size() ranks:
 * contiguous, sizes differing by at most one, earlier ranks first. */
void par_range(uint64_t n, int r, uint64_t *lo, uint64_t *hi);

#endif
