#!/bin/sh
# valgrind-run.sh - chokepoint ($CHOKEPOINT_BIN) under valgrind's memcheck,
# as the CHOKEPOINT of the CLI tests in `make check-valgrind`.  Silent when
# clean, so golden transcripts still match; any memory error or definite
# leak prints valgrind's report on stderr and exits 125, failing the test.
: "${CHOKEPOINT_BIN:?CHOKEPOINT_BIN: the chokepoint program}"
exec valgrind -q --tool=memcheck --error-exitcode=125 --leak-check=full \
	--show-leak-kinds=definite --errors-for-leak-kinds=definite \
	"$CHOKEPOINT_BIN" "$@"
