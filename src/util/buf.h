#ifndef KRING_UTIL_BUF_H
#define KRING_UTIL_BUF_H
/*
 * A growable byte buffer with a size cap, always NUL-terminated.
 * buf_init sets it up empty; buf_release frees its memory.
 * Appends fail with -1 (and change nothing) when memory runs out or the cap
 * would be exceeded.
 */
#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;   /* allocated bytes */
	size_t limit; /* maximum len; 0 means no limit */
};

void buf_init(struct buf *b, size_t limit);
void buf_release(struct buf *b);
int buf_add(struct buf *b, const void *data, size_t len);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* the contents as a string; never NULL */
const char *buf_str(const struct buf *b);

#endif
