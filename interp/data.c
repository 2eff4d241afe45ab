/* data.c -- data_read: picks the reader for an input, and the buffered,
 * line-splitting source both readers share (byte-order mark, line
 * numbers, read errors).  See data.h and data_source.h.
 *
 * Messages are made in the reader's language when they are made (the
 * language is chosen before any input is read): data_errorf translates its
 * format, and the readers translate the other texts they hand up with _()
 * (i18n.h).  Whoever writes a message passes one whole English sentence
 * per case. */
#include "data_source.h"

#include "i18n.h"
#include "mem.h"
#include "utext.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

static const char *display_name(const char *name)
{
    return name && *name ? name : "input";
}

/* The format is translated here.  A message longer than err is cut
 * between two characters, never inside one (a Thai letter takes three
 * bytes, and a message must stay valid UTF-8 in CSV and JSON). */
void data_errorf(char *err, size_t errsize, const char *fmt, ...)
{
    if (!err || errsize == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(err, errsize, _(fmt), ap);
    va_end(ap);
    size_t bad;
    if (n > 0 && (size_t)n >= errsize && !utext_valid(err, errsize - 1, &bad))
        err[bad] = '\0';
}

int data_source_read_error(const DataSource *s, char *err, size_t errsize)
{
    data_errorf(err, errsize, "%s: cannot read: %s", s->name,
                strerror(s->errnum ? s->errnum : EIO));
    return -1;
}

/* Move the unread bytes to the front and read as many as fit after them.
 * False on a read error.  At the end of the stream s->eof is set. */
static bool source_fill(DataSource *s)
{
    if (s->pos > 0) {
        memmove(s->buf, s->buf + s->pos, s->end - s->pos);
        s->end -= s->pos;
        s->pos = 0;
    }
    s->lf_at = s->cr_at = SIZE_MAX;  /* indices moved: look again */
    size_t want = DATA_BUF_SIZE - s->end;
    size_t got = fread(s->buf + s->end, 1, want, s->in);
    s->end += got;
    if (got < want) {
        if (ferror(s->in)) {
            s->failed = true;
            s->errnum = errno;
            return false;
        }
        s->eof = true;
    }
    return true;
}

/* The wide encoding the first bytes of an input are in, for iconv -f
 * (NULL: none): a UTF-32 or UTF-16 byte-order mark (UTF-32 LE's first,
 * as it begins with UTF-16 LE's), or else, in the first 64 bytes (at
 * least 8), NUL in at least half the bytes at even offsets, or at odd
 * ones, and in none of the others: how UTF-16 without a mark writes the
 * ASCII of a header row or of JSON's punctuation.  (Thai in UTF-16 has no
 * NUL, but no header or JSON record is Thai alone.)  UTF-8 text holds no
 * NUL at all.  iconv takes a mark as the byte order; without one, it
 * must be told. */
static const char *wide_encoding(const char *buf, size_t len)
{
    const unsigned char *b = (const unsigned char *)buf;
    if (len >= 4 && memcmp(b, "\xFF\xFE\0\0", 4) == 0)
        return "UTF-32";
    if (len >= 4 && memcmp(b, "\0\0\xFE\xFF", 4) == 0)
        return "UTF-32";
    if (len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
        return "UTF-16";
    size_t n = len < 64 ? len & ~(size_t)1 : 64;
    if (n < 8)
        return NULL;
    size_t even = 0, odd = 0;  /* NULs at even and odd offsets */
    for (size_t i = 0; i < n; i += 2) {
        even += b[i] == 0;
        odd += b[i + 1] == 0;
    }
    if (even == 0 && odd * 4 >= n)
        return "UTF-16LE";
    if (odd == 0 && even * 4 >= n)
        return "UTF-16BE";
    return NULL;
}

bool data_source_init(DataSource *s, FILE *in, const char *name,
                      char *err, size_t errsize)
{
    memset(s, 0, sizeof *s);
    s->in = in;
    s->name = display_name(name);
    s->line = 1;
    s->at_line_start = true;
    s->buf = mem_alloc(DATA_BUF_SIZE);
    if (!s->buf) {
        data_errorf(err, errsize, "%s: out of memory", s->name);
        return false;
    }
    if (!in) {
        s->failed = true;
        s->errnum = EBADF;
    } else {
        source_fill(s);
    }
    if (s->failed) {
        data_source_read_error(s, err, errsize);
        data_source_free(s);
        return false;
    }
    /* fread filled the buffer unless the input is shorter, so a mark is
     * whole here whenever there is one. */
    if (s->end >= 3 && memcmp(s->buf, "\xEF\xBB\xBF", 3) == 0)
        s->pos = 3;
    const char *wide = wide_encoding(s->buf, s->end);
    if (wide) {
        if (wide[4] == '3')
            data_errorf(err, errsize,
                        "%s is %.6s text, not UTF-8: save it as \"CSV UTF-8\" (or UTF-8 "
                        "JSON), or convert it with iconv -f %s -t UTF-8",
                        s->name, wide, wide);
        else
            data_errorf(err, errsize,
                        "%s is %.6s text (Excel's \"Unicode text\", PowerShell 5's Out-File), not "
                        "UTF-8: save it as \"CSV UTF-8\" (or UTF-8 JSON), or convert it with "
                        "iconv -f %s -t UTF-8",
                        s->name, wide, wide);
        data_source_free(s);
        return false;
    }
    return true;
}

void data_source_free(DataSource *s)
{
    mem_free(s->buf);
    s->buf = NULL;
}

/* Index of the next byte c at or after s->pos, or s->end. */
static size_t find_byte(const DataSource *s, char c)
{
    const char *p = memchr(s->buf + s->pos, c, s->end - s->pos);
    return p ? (size_t)(p - s->buf) : s->end;
}

static void hand_out(DataSource *s, size_t stop, bool ends_line,
                     const char **piece, size_t *len, bool *starts_line)
{
    /* The count moves on only when there is a next line: at the end of
     * the input s->line is still the last line. */
    if (s->bump) {
        s->line++;
        s->bump = false;
    }
    *piece = s->buf + s->pos;
    *len = stop - s->pos;
    *starts_line = s->at_line_start;
    s->at_line_start = ends_line;
    s->bump = ends_line;
    s->pos = stop;
}

bool data_source_next(DataSource *s, const char **piece, size_t *len,
                      bool *starts_line)
{
    for (;;) {
        if (s->pos < s->end) {
            /* Both positions are remembered, so each byte is searched for
             * LF and CR at most once whatever the line endings are. */
            if (s->lf_at == SIZE_MAX || s->lf_at < s->pos)
                s->lf_at = find_byte(s, '\n');
            if (s->cr_at == SIZE_MAX || s->cr_at < s->pos)
                s->cr_at = find_byte(s, '\r');
            size_t brk = s->lf_at < s->cr_at ? s->lf_at : s->cr_at;
            if (brk < s->end) {
                size_t stop = brk + 1;
                if (s->buf[brk] == '\r') {
                    if (stop < s->end) {
                        if (s->buf[stop] == '\n')
                            stop++;
                    } else if (!s->eof) {
                        goto more;  /* CR last: the LF of a CRLF may follow */
                    }
                }
                hand_out(s, stop, true, piece, len, starts_line);
                return true;
            }
            if (s->eof) {  /* the last line has no terminator */
                hand_out(s, s->end, true, piece, len, starts_line);
                return true;
            }
        more:
            if (s->pos == 0 && s->end == DATA_BUF_SIZE) {
                /* A line longer than the buffer goes in pieces; a CR at
                 * the very end waits, in case an LF follows it. */
                size_t stop = s->end;
                if (s->buf[stop - 1] == '\r')
                    stop--;
                hand_out(s, stop, false, piece, len, starts_line);
                return true;
            }
        } else if (s->eof) {
            return false;
        }
        if (!source_fill(s))
            return false;
    }
}

static bool is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int data_source_peek(DataSource *s, size_t *line)
{
    for (;;) {
        size_t at = s->line + s->bump;
        for (size_t i = s->pos; i < s->end; i++) {
            char c = s->buf[i];
            if (c == '\n' || (c == '\r' && (i + 1 == s->end || s->buf[i + 1] != '\n')))
                at++;
            if (!is_blank((unsigned char)c)) {
                if (line)
                    *line = at;
                return (unsigned char)c;
            }
        }
        if (s->eof || s->failed)
            return -1;
        /* Everything left is blank.  Whole blank lines are consumed (and
         * counted); blanks that may begin a line are kept. */
        if (memchr(s->buf + s->pos, '\n', s->end - s->pos) ||
            memchr(s->buf + s->pos, '\r', s->end - s->pos)) {
            const char *piece;
            size_t len;
            bool starts;
            if (!data_source_next(s, &piece, &len, &starts))
                return -1;
            continue;
        }
        if (s->pos == 0 && s->end == DATA_BUF_SIZE)
            s->pos = s->end;  /* a buffer of spaces: they cannot matter */
        if (!source_fill(s))
            return -1;
    }
}

bool data_is_ascii(const char *s, size_t len)
{
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & UINT64_C(0x8080808080808080))
            return false;
    }
    for (; i < len; i++)
        if ((unsigned char)s[i] & 0x80)
            return false;
    return true;
}

int data_read(FILE *in, const char *name, DataFormat format,
              const DataSchema *schema, DataRecordFn fn, void *ctx,
              char *err, size_t errsize)
{
    return data_read_required(in, name, format, schema, NULL, fn, ctx, err, errsize);
}

int data_read_required(FILE *in, const char *name, DataFormat format,
                       const DataSchema *schema, const bool *required,
                       DataRecordFn fn, void *ctx, char *err, size_t errsize)
{
    DataSource src;
    if (!data_source_init(&src, in, name, err, errsize))
        return -1;
    if (format == DATA_AUTO) {
        int c = data_source_peek(&src, NULL);
        if (src.failed) {
            int rc = data_source_read_error(&src, err, errsize);
            data_source_free(&src);
            return rc;
        }
        format = c == '[' || c == '{' ? DATA_JSON : DATA_CSV;
    }
    int rc = format == DATA_JSON
                 ? data_json_run(&src, schema, fn, ctx, err, errsize)
                 : data_csv_run(&src, schema, required, fn, ctx, err, errsize);
    data_source_free(&src);
    return rc;
}

int data_read_csv(FILE *in, const char *name, const DataSchema *schema,
                  DataRecordFn fn, void *ctx, char *err, size_t errsize)
{
    return data_read(in, name, DATA_CSV, schema, fn, ctx, err, errsize);
}

int data_read_json(FILE *in, const char *name, const DataSchema *schema,
                   DataRecordFn fn, void *ctx, char *err, size_t errsize)
{
    return data_read(in, name, DATA_JSON, schema, fn, ctx, err, errsize);
}
