/*
 * error.h - the error conventions of chokepoint (docs/ARCHITECTURE.md):
 *
 *   - loaders (input/) collect every problem in a struct diag (diag.h);
 *   - compute and output code returns an enum cp_status and writes a
 *     message into a caller's buffer (char *err, size_t errsz);
 *   - only commands (cli/) choose an exit status (enum cp_exit) and print,
 *     with msg_error/msg_warn below, which prefix the program name.
 */
#ifndef CHOKEPOINT_ERROR_H
#define CHOKEPOINT_ERROR_H

/* Exit codes, from sysexits.h (named here so main reads as the design). */
enum cp_exit {
	CP_EXIT_OK = 0,
	CP_EXIT_USAGE = 64,    /* EX_USAGE: bad command line */
	CP_EXIT_DATAERR = 65,  /* EX_DATAERR: invalid data or model */
	CP_EXIT_NOINPUT = 66,  /* EX_NOINPUT: input file missing */
	CP_EXIT_SOFTWARE = 70, /* EX_SOFTWARE: internal error */
	CP_EXIT_OSERR = 71,    /* EX_OSERR: out of memory and the like */
	CP_EXIT_CANTCREAT = 73,/* EX_CANTCREAT: cannot create output */
	CP_EXIT_IOERR = 74     /* EX_IOERR: I/O error */
};

/*
 * What a function of the compute and output layers returns.  Every value
 * but CP_OK comes with a message in the caller's err buffer.
 */
enum cp_status {
	CP_OK = 0,
	CP_ERR_INVALID = -1, /* invalid input or request */
	CP_ERR_CREATE = -2,  /* an output file cannot be created */
	CP_ERR_WRITE = -3,   /* writing an output file failed */
	CP_ERR_LIMIT = -4,   /* a resource limit would be exceeded (chokepoint(1) LIMITS) */
};

/* The program name messages start with ("chokepoint"). */
extern const char *msg_prog;
/* 1 under -q: msg_warn and msg_info print nothing. */
extern int msg_quiet;

/* "chokepoint: MESSAGE" on stderr, always. */
void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "chokepoint: warning: MESSAGE" on stderr, unless quiet. */
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "chokepoint: MESSAGE" on stderr, unless quiet: what a run did. */
void msg_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* msg_error, then exit with 'status' (an enum cp_exit).  For what no
 * caller can recover from (out of memory); commands return instead. */
void msg_die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

#endif
