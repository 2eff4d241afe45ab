/* data_source.h -- private to the data readers (data.c, data_csv.c,
 * data_json.c): the buffered input they share, and their entry points.
 *
 * Both readers feed their parser one physical line at a time, because
 * neither libcsv nor yajl reports where in the input a callback happens:
 * handing over a line at a time is what lets a record carry the line it
 * starts on, and lets the JSON reader resume after a broken line. */
#ifndef AWARD_DATA_SOURCE_H
#define AWARD_DATA_SOURCE_H

#include "data.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Bytes read from the stream at a time.  A line longer than this is handed
 * over in pieces. */
#define DATA_BUF_SIZE ((size_t)64 * 1024)

/* Most text the schema fields of one record may hold together, and the
 * largest any one value may be. */
#define DATA_RECORD_LIMIT ((size_t)1024 * 1024)

typedef struct DataSource {
    FILE *in;
    const char *name;     /* for messages; never NULL */
    char *buf;            /* DATA_BUF_SIZE bytes */
    size_t pos, end;      /* unread bytes are buf[pos..end) */
    size_t lf_at, cr_at;  /* next '\n' / '\r' at or after pos, or end */
    size_t line;          /* line of the piece last handed out */
    bool bump;            /* that piece ended its line */
    bool at_line_start;   /* the next piece begins a line */
    bool eof;             /* nothing more to read from `in` */
    bool failed;          /* a read error; errnum says which */
    int errnum;
} DataSource;

/* Allocate the buffer, read the first block and step over a UTF-8
 * byte-order mark.  False (with a message in err) when nothing could be
 * read at all, or when the input is UTF-16 or UTF-32 text (a byte-order
 * mark of either, or, without one, a start where every other byte is
 * NUL): neither reader could make anything of it but NUL bytes and
 * phantom records, so it is refused whole, saying how to convert it. */
bool data_source_init(DataSource *s, FILE *in, const char *name,
                      char *err, size_t errsize);
void data_source_free(DataSource *s);

/* The next piece of input: a whole line with its terminator (LF, CRLF or a
 * lone CR) whenever it fits in the buffer, else part of a long line.
 * *starts_line tells whether the piece begins its line; s->line is its line
 * number.  The piece stays valid until the next call.  False at the end of
 * the input or on a read error (then s->failed is set). */
bool data_source_next(DataSource *s, const char **piece, size_t *len,
                      bool *starts_line);

/* The first byte that is not a space, tab, CR or LF, without consuming it
 * (blank lines before it may be consumed, and counted); -1 at the end.
 * *line (if not NULL) is the line it is on. */
int data_source_peek(DataSource *s, size_t *line);

/* Message for a read error, "NAME: cannot read: why".  Returns -1. */
int data_source_read_error(const DataSource *s, char *err, size_t errsize);

/* Format a whole-input message into err (when err is not NULL). */
void data_errorf(char *err, size_t errsize, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* True when every byte of s[0..len) is below 0x80 (checked a word at a
 * time: most data is plain ASCII and needs no decoding). */
bool data_is_ascii(const char *s, size_t len);

/* Test hook: true (the default) lets the CSV reader split a whole line
 * itself when libcsv would make the same cells of it (see split_line in
 * data_csv.c); false sends every line through libcsv, so that tests can
 * compare the two. */
extern bool data_csv_direct_lines;

/* The readers themselves, on a source already set up. */
int data_csv_run(DataSource *src, const DataSchema *schema, const bool *required,
                 DataRecordFn fn, void *ctx, char *err, size_t errsize);
int data_json_run(DataSource *src, const DataSchema *schema,
                  DataRecordFn fn, void *ctx, char *err, size_t errsize);

#endif
