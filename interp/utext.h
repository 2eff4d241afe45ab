/* utext.h -- UTF-8 text as people see it: validity, display width, padding.
 *
 * Thai combining vowels and tone marks take no column, East Asian wide
 * characters take two; widths come from libutf8proc.  Functions take a byte
 * pointer and a length and never read past it; nothing is allocated. */
#ifndef AWARD_UTEXT_H
#define AWARD_UTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* True when s[0..len) is valid UTF-8.  On false, *bad_offset (if not NULL)
 * is the byte offset of the first invalid sequence. */
bool utext_valid(const char *s, size_t len, size_t *bad_offset);

/* Decode one code point at s (at most len bytes).  Returns the number of
 * bytes used (1..4) and stores the code point; an invalid sequence uses one
 * byte and gives -1.  With len 0 it returns 0 and gives -1. */
size_t utext_decode(const char *s, size_t len, int32_t *cp);

/* Columns the text takes on a terminal: combining marks 0, wide 2, a tab 1,
 * an invalid byte 1. */
size_t utext_width(const char *s, size_t len);

/* Number of code points (an invalid byte counts as one). */
size_t utext_chars(const char *s, size_t len);

/* Thai digits (๐ to ๙, U+0E50 to U+0E59) as ASCII digits: the same
 * number written the way Thai offices often write it.  Copies s[0..len)
 * to buf with each Thai digit made its ASCII digit and sets *out_len;
 * false when s has no Thai digit, or the result would not fit in `size`
 * (then buf is not to be used). */
bool utext_thai_digits(const char *s, size_t len, char *buf, size_t size, size_t *out_len);

/* Write s and then spaces up to `width` columns (nothing added when the text
 * is already as wide).  right: pad on the left instead. */
void utext_pad(FILE *out, const char *s, size_t len, size_t width, bool right);

#endif
