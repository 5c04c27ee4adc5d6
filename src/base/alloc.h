/*
 * alloc.h - allocation wrappers that never return NULL, and the one way
 * to grow an array.
 *
 * The x* allocators print a message and exit(EX_OSERR) when memory runs
 * out: there is no sensible recovery for a batch analytics program, and
 * it keeps every caller free of NULL checks.  Strings returned by
 * xstrdup/xasprintf are owned by the caller and released with free().
 */
#ifndef CHOKEPOINT_ALLOC_H
#define CHOKEPOINT_ALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow an array of nmemb elements of size bytes, checking for overflow. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/*
 * ALLOC_GROW(p, nr, alloc): make room in the array p, of which alloc
 * elements are allocated, for at least nr elements.  It grows by half
 * again (at least to 16), with the multiplication checked for overflow
 * (xreallocarray), so appending n elements one by one costs O(n).  p,
 * nr and alloc are each evaluated more than once: pass plain lvalues.
 *
 *     ALLOC_GROW(list, n + 1, cap);
 *     list[n++] = item;
 */
#define ALLOC_GROW(p, nr, alloc)                                                  \
	do {                                                                      \
		if ((nr) > (alloc)) {                                             \
			size_t alloc_grow_n_ = (alloc) < 16 ? 16 : (alloc) + (alloc) / 2; \
			if (alloc_grow_n_ < (size_t)(nr))                         \
				alloc_grow_n_ = (nr);                             \
			(p) = xreallocarray((p), alloc_grow_n_, sizeof *(p));     \
			(alloc) = alloc_grow_n_;                                  \
		}                                                                 \
	} while (0)

#endif
