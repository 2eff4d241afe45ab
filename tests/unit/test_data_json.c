/* test_data_json.c -- unit tests of the JSON reader (data_json.c) for
 * issue 10, "nothing lost, nothing silent": every record of a JSON input
 * is delivered once, a broken one with its error, and what cannot be read
 * is said.  (The reader's other behaviour is tested in test_data.c.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>

#include "data.h"
#include "mem.h"

/* ---- what a reader delivers ---- */

#define MAX_RECS 24

typedef struct Rec {
    size_t line, number;
    bool has_error;
    char error[400];
    RawKind kind[4];
    char text[4][64];    /* first 63 bytes of each field (or of its first item) */
    size_t len[4];
    uint32_t count[4];   /* items of a list */
} Rec;

typedef struct Got {
    size_t n;
    size_t stop_at;      /* return 7 at this record number */
    Rec rec[MAX_RECS];
} Got;

static const char *const names[] = {"id", "agency", "score", "years"};
static const DataSchema schema = {4, names};
enum { ID, AGENCY, SCORE, YEARS };

static char err[512];

static void copy_text(char *dst, size_t size, const char *s, size_t len)
{
    size_t n = len < size - 1 ? len : size - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

static int collect(void *ctx, const RawRecord *r)
{
    Got *g = ctx;
    size_t i = g->n++;
    assert_int_equal(r->number, g->n);  /* numbered from 1, none skipped */
    if (i < MAX_RECS) {
        Rec *c = &g->rec[i];
        c->line = r->line;
        c->number = r->number;
        c->has_error = r->error != NULL;
        if (r->error)
            copy_text(c->error, sizeof c->error, r->error, strlen(r->error));
        for (size_t k = 0; k < schema.count; k++) {
            const RawField *f = &r->fields[k];
            c->kind[k] = f->kind;
            c->len[k] = f->len;
            if (f->kind == RAW_ARRAY) {
                c->count[k] = f->count;
                if (f->count)
                    copy_text(c->text[k], sizeof c->text[k], r->items[f->first].text,
                              r->items[f->first].len);
            } else if (f->kind != RAW_ABSENT) {
                copy_text(c->text[k], sizeof c->text[k], f->text, f->len);
            }
        }
    }
    return g->stop_at && r->number == g->stop_at ? 7 : 0;
}

/* Read len bytes as JSON; checks that every block taken is given back. */
static int read_n(const char *in, size_t len, Got *g)
{
    size_t stop = g->stop_at;
    memset(g, 0, sizeof *g);
    g->stop_at = stop;
    err[0] = '\0';
    FILE *f = len ? fmemopen((void *)in, len, "r") : tmpfile();
    assert_non_null(f);
    long before = mem_live_blocks();
    int rc = data_read(f, "apps.json", DATA_JSON, &schema, collect, g, err, sizeof err);
    assert_int_equal(mem_live_blocks(), before);
    fclose(f);
    return rc;
}

static int read_s(const char *in, Got *g)
{
    return read_n(in, strlen(in), g);
}

static Got *new_got(void)
{
    Got *g = calloc(1, sizeof *g);
    assert_non_null(g);
    return g;
}

static void assert_field(const Got *g, size_t i, int k, RawKind kind, const char *text)
{
    assert_true(i < g->n);
    assert_int_equal(g->rec[i].kind[k], kind);
    assert_string_equal(g->rec[i].text[k], text);
}

static void assert_error_has(const Got *g, size_t i, const char *part)
{
    assert_true(i < g->n);
    assert_true(g->rec[i].has_error);
    if (!strstr(g->rec[i].error, part))
        fail_msg("record %zu: error \"%s\" lacks \"%s\"", i + 1, g->rec[i].error, part);
}

static void assert_no_error(const Got *g, size_t i)
{
    assert_true(i < g->n);
    if (g->rec[i].has_error)
        fail_msg("record %zu: unexpected error \"%s\"", i + 1, g->rec[i].error);
}

/* ---- JSON lines: one value a line ---- */

/* A line cut off inside a list was read on into the next line, whose
 * record became an item of the list and was neither listed nor counted. */
static void lines_cut_line(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("{\"id\": \"A\", \"years\": [2556, 2557,\n"
                    "{\"id\": \"B\", \"score\": 1}\n"
                    "{\"id\": \"C\"}\n", g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 3);
    assert_field(g, 0, ID, RAW_STRING, "A");
    assert_error_has(g, 0, "invalid JSON on line 2: the record has no end");
    assert_field(g, 1, ID, RAW_STRING, "B");
    assert_field(g, 1, SCORE, RAW_NUMBER, "1");
    assert_int_equal(g->rec[1].line, 2);
    assert_no_error(g, 1);
    assert_field(g, 2, ID, RAW_STRING, "C");
    assert_no_error(g, 2);

    /* Once the input is known to be JSON lines (its first record is one
     * line), a line ending inside its record is that line's error whatever
     * the next line holds; the next line starts afresh. */
    rc = read_s("{\"id\": \"A\"}\n"
                "{\"id\": \"B\", \"years\": [1,\n"
                "  2]}\n"
                "{\"id\": \"C\", \"agency\": \"x\n"
                "{\"id\": \"D\"}\n"
                "{\"id\": \"E\", \"score\": 12", g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 6);
    assert_no_error(g, 0);
    assert_field(g, 1, ID, RAW_STRING, "B");
    assert_error_has(g, 1, "the line ends inside the record (JSON lines hold one "
                           "record a line)");
    assert_int_equal(g->rec[2].line, 3);  /* `  2]}`: a value, then junk */
    assert_error_has(g, 2, "record 3 is not an object");
    assert_field(g, 3, ID, RAW_STRING, "C");
    assert_error_has(g, 3, "invalid JSON: the line ends inside a text (a closing `\"` is "
                           "missing)");
    assert_field(g, 4, ID, RAW_STRING, "D");
    assert_no_error(g, 4);
    assert_field(g, 5, ID, RAW_STRING, "E");
    assert_error_has(g, 5, "the line ends inside the record");
    free(g);
}

/* Until a record has ended, the layout is not known; a broken first
 * record that was a line of its own costs only that line, however the next
 * ones are indented. */
static void lines_first_record_broken(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("{\"id\": \"A\", \"score\": NaN}\n"
                    "   {\"id\": \"B\"}\n"
                    "{\"id\": \"C\"}\n", g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 3);
    assert_error_has(g, 0, "NaN is not a JSON number");
    assert_field(g, 1, ID, RAW_STRING, "B");
    assert_no_error(g, 1);
    assert_field(g, 2, ID, RAW_STRING, "C");
    rc = read_s("{\"id\": \"A\", \"notes\": {\"y\": 1}\n"
                "  {\"id\": \"B\"}\n", g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 2);
    assert_error_has(g, 0, "the line ends with `}` inside the record (a bracket is missing)");
    assert_field(g, 1, ID, RAW_STRING, "B");
    assert_no_error(g, 1);
    free(g);
}

/* Objects spread over several lines are still read, and one that lost its
 * end costs only itself. */
static void lines_pretty_objects(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("{\n"
                    "  \"id\": \"A\",\n"
                    "  \"years\": [\n"
                    "    2556,\n"
                    "    2557\n"
                    "  ],\n"
                    "  \"notes\": {\n"
                    "    \"x\": {\"y\": [1, {\"z\": 2}]}\n"
                    "  }\n"
                    "}\n"
                    "{\n"
                    "  \"id\": \"B\",\n"
                    "  \"years\": [2556,\n"
                    "{\n"
                    "  \"id\": \"C\"\n"
                    "}\n"
                    "{\"id\": \"D\"}\n", g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 4);
    assert_no_error(g, 0);
    assert_int_equal(g->rec[0].kind[YEARS], RAW_ARRAY);
    assert_int_equal(g->rec[0].count[YEARS], 2);
    assert_field(g, 1, ID, RAW_STRING, "B");
    assert_error_has(g, 1, "invalid JSON on line 14: the record has no end");
    assert_int_equal(g->rec[1].line, 11);
    assert_field(g, 2, ID, RAW_STRING, "C");
    assert_int_equal(g->rec[2].line, 14);
    assert_no_error(g, 2);
    assert_field(g, 3, ID, RAW_STRING, "D");
    assert_no_error(g, 3);
    free(g);
}

/* Comment lines and `,` lines were phantom applications with empty
 * fields; what follows a record on its line is now that record's error,
 * and a line holding no record makes the whole input -1 once every record
 * has been read. */
static void lines_junk(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("{\"id\": \"A\"}\n"
                    "// a comment\n"
                    "   # another\n"
                    ",\n"
                    "{\"id\": \"B\"},\n"
                    "{\"id\": \"C\"} // note\n"
                    "{\"id\": \"D\"}{\"id\": \"E\"}\n"
                    "\n"
                    "{\"id\": \"F\"}\r\n", g);
    assert_int_equal(rc, -1);
    assert_int_equal(g->n, 5);
    assert_no_error(g, 0);
    assert_field(g, 1, ID, RAW_STRING, "B");
    assert_int_equal(g->rec[1].line, 5);
    assert_error_has(g, 1, "invalid JSON: `,` after the end of the record (a line of "
                           "JSON lines holds one object and nothing else)");
    assert_field(g, 2, ID, RAW_STRING, "C");
    assert_error_has(g, 2, "`/` after the end of the record");
    assert_field(g, 3, ID, RAW_STRING, "D");
    assert_error_has(g, 3, "more than one value on the line");
    assert_field(g, 4, ID, RAW_STRING, "F");
    assert_no_error(g, 4);
    assert_string_equal(err, "apps.json:2: a comment line (JSON has no comments) (and 2 "
                             "more like it), which holds no record; every record was "
                             "read, but the input is not valid JSON: remove them");

    /* A comment line alone among good records: nothing else is wrong. */
    rc = read_s("{\"id\": \"A\"}\n# x\n{\"id\": \"B\"}\n", g);
    assert_int_equal(rc, -1);
    assert_int_equal(g->n, 2);
    assert_no_error(g, 1);
    assert_string_equal(err, "apps.json:2: a comment line (JSON has no comments), which "
                             "holds no record; every record was read, but the input is "
                             "not valid JSON: remove it");

    /* Objects over several lines, separated by commas as in an array. */
    rc = read_s("{\n  \"id\": \"A\"\n},\n{\n  \"id\": \"B\"\n}\n", g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 2);
    assert_error_has(g, 0, "`,` after the end of the record (only another object may "
                           "follow an object)");
    assert_field(g, 1, ID, RAW_STRING, "B");
    assert_no_error(g, 1);

    /* Values that are not objects are one record each. */
    rc = read_s("{\"id\": \"A\"}\n42\n[1, {\"id\": \"X\"}]\nnull\n{\"id\": \"B\"}\n", g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 5);
    assert_error_has(g, 1, "record 2 is not an object");
    assert_error_has(g, 2, "record 3 is not an object");
    assert_error_has(g, 3, "record 4 is not an object");
    assert_field(g, 4, ID, RAW_STRING, "B");
    free(g);
}

static void lines_stop(void **state)
{
    (void)state;
    Got *g = new_got();
    g->stop_at = 2;
    assert_int_equal(read_s("{\"id\": \"A\"}\n{\"id\": \"B\"}\n{\"id\": \"C\"}\n", g), 7);
    assert_int_equal(g->n, 2);
    g->stop_at = 1;  /* stopping on a record whose line goes on */
    assert_int_equal(read_s("{\"id\": \"A\"}, {\"id\": \"B\"}\n{\"id\": \"C\"}\n", g), 7);
    assert_int_equal(g->n, 1);
    free(g);
}

/* ---- arrays: a bad record costs only itself ---- */

static void array_resumes(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("[{\"id\": \"A\", \"score\": NaN}, {\"id\": \"B\", \"score\": Infinity},\n"
                    " {\"id\": \"C\", \"years\": [1, 2}, {\"id\": \"D\", \"score\": -Infinity},\n"
                    " NaN, {\"id\": \"E\\q\"}, {\"id\": \"F\", \"agency\": \"a, b}\"},\n"
                    " {\"id\": \"G\" \"score\": 1}, {\"id\": \"H\", \"years\": [[1]]}]\n", g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 9);
    assert_field(g, 0, ID, RAW_STRING, "A");
    assert_error_has(g, 0, "invalid JSON: NaN is not a JSON number; write null, or a "
                           "number (Python's json.dump writes it");
    assert_field(g, 1, ID, RAW_STRING, "B");
    assert_error_has(g, 1, "Infinity is not a JSON number");
    assert_field(g, 2, ID, RAW_STRING, "C");
    assert_error_has(g, 2, "invalid JSON");
    assert_int_equal(g->rec[2].line, 2);
    assert_field(g, 3, ID, RAW_STRING, "D");
    assert_error_has(g, 3, "-Infinity is not a JSON number");
    assert_error_has(g, 4, "NaN is not a JSON number");  /* an element of its own */
    assert_int_equal(g->rec[4].kind[ID], RAW_ABSENT);
    assert_error_has(g, 5, "invalid JSON");
    assert_field(g, 6, ID, RAW_STRING, "F");
    assert_field(g, 6, AGENCY, RAW_STRING, "a, b}");
    assert_no_error(g, 6);
    assert_field(g, 7, ID, RAW_STRING, "G");
    assert_error_has(g, 7, "invalid JSON");
    assert_field(g, 8, ID, RAW_STRING, "H");
    assert_error_has(g, 8, "holds a list with a list in it");
    assert_int_equal(g->rec[8].number, 9);

    /* A pretty-printed array: a record that lost its end costs itself. */
    rc = read_s("[\n"
                "  {\n"
                "    \"id\": \"A\",\n"
                "    \"years\": [2556,\n"
                "  },\n"
                "  {\n"
                "    \"id\": \"B\",\n"
                "    \"years\": [2556\n"
                "  {\n"
                "    \"id\": \"C\"\n"
                "  }\n"
                "]\n", g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 3);
    assert_error_has(g, 0, "invalid JSON on line 5");
    assert_field(g, 1, ID, RAW_STRING, "B");
    assert_error_has(g, 1, "invalid JSON on line 9: the record has no end");
    assert_field(g, 2, ID, RAW_STRING, "C");
    assert_no_error(g, 2);
    free(g);
}

static void array_stray_text(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("[\n"
                    "  {\"id\": \"A\"},\n"
                    "  // the second batch\n"
                    "  {\"id\": \"B\"},, {\"id\": \"C\"}, /* x */ {\"id\": \"D\"},\n"
                    "  {\"id\": \"E\"},\n"
                    "]\n", g);
    assert_int_equal(rc, -1);
    assert_int_equal(g->n, 5);
    for (size_t i = 0; i < 5; i++)
        assert_no_error(g, i);
    assert_field(g, 3, ID, RAW_STRING, "D");
    assert_string_equal(err, "apps.json:3: a comment line (JSON has no comments) (and 3 "
                             "more like it), which holds no record; every record was "
                             "read, but the input is not valid JSON: remove them");
    rc = read_s("[\f{\"id\": \"A\"}]", g);
    assert_int_equal(rc, -1);
    assert_int_equal(g->n, 1);
    assert_non_null(strstr(err, "a form feed or vertical tab"));
    free(g);
}

/* Where an array cannot be resumed, what was not read is said and the
 * return is -1. */
static void array_cut_short(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("[{\"id\": \"A\"},\n{\"id\": \"B\"}", g);
    assert_int_equal(rc, -1);
    assert_int_equal(g->n, 2);  /* no record stands for the missing `]` */
    assert_no_error(g, 1);
    assert_string_equal(err, "apps.json:2: the input ends before the array's `]`, after 2 "
                             "records: the file may have been cut short, and any records "
                             "after them are missing");
    rc = read_s("[{\"id\": \"A\"},\n{\"id\": \"B\", \"years\": [1,", g);
    assert_int_equal(rc, -1);
    assert_int_equal(g->n, 2);
    assert_field(g, 1, ID, RAW_STRING, "B");
    assert_error_has(g, 1, "premature EOF");
    assert_string_equal(err, "apps.json:2: the input ends inside record 2 (line 2): the "
                             "file may have been cut short, and any records after it are "
                             "missing");
    /* A `}` that closes a list is taken to close the record too. */
    rc = read_s("[{\"id\": \"A\", \"x\": [[[[1}, {\"id\": \"B\"}, {\"id\": \"C\"}]\n", g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 3);
    assert_error_has(g, 0, "invalid JSON");
    assert_no_error(g, 2);
    /* Brackets that never balance again: nothing after can be told apart. */
    rc = read_s("[{\"id\": \"A\", \"x\": [[[[1 2, {\"id\": \"B\"}, {\"id\": \"C\"}]\n", g);
    assert_int_equal(rc, -1);
    assert_int_equal(g->n, 1);
    assert_error_has(g, 0, "invalid JSON");
    assert_string_equal(err, "apps.json:1: the input ends inside record 1 (line 1), which "
                             "has no end, so nothing after line 1 could be read");
    rc = read_s("[{\"id\": \"A\"}]\n[{\"id\": \"B\"}]\n", g);
    assert_int_equal(rc, -1);
    assert_int_equal(g->n, 1);
    assert_string_equal(err, "apps.json:2: text after the end of the array; the rest of "
                             "the input was not read");
    free(g);
}

/* Input of n bytes: head, then `fill` bytes of x, then tail (free()). */
static char *big(const char *head, size_t fill, const char *tail, size_t *n)
{
    size_t h = strlen(head), t = strlen(tail);
    char *s = malloc(h + fill + t + 1);
    assert_non_null(s);
    memcpy(s, head, h);
    memset(s + h, 'x', fill);
    memcpy(s + h + fill, tail, t + 1);
    *n = h + fill + t;
    return s;
}

/* A record spanning more than 4 MiB of input ended the array. */
static void array_oversize(void **state)
{
    (void)state;
    Got *g = new_got();
    size_t n;
    char *in = big("[{\"id\": \"A1\", \"notes\": \"", 5u << 20,
                   "\", \"x\": [\"]\", {\"y\": \",\"}]}, {\"id\": \"A2\"},\n{\"id\": \"A3\"}]", &n);
    assert_int_equal(read_n(in, n, g), 0);
    assert_int_equal(g->n, 3);
    assert_field(g, 0, ID, RAW_STRING, "A1");
    assert_string_equal(g->rec[0].error, "record is larger than 1 MiB");
    assert_field(g, 1, ID, RAW_STRING, "A2");
    assert_no_error(g, 1);
    assert_field(g, 2, ID, RAW_STRING, "A3");
    free(in);
    free(g);
}

/* ---- text that would change on the way in ---- */

static void lone_surrogates(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("{\"id\": \"A\\ud800\"}\n"
                    "{\"id\": \"A\\ud801\"}\n"
                    "{\"id\": \"\\udc00x\"}\n"
                    "{\"id\": \"\\ud800\\u0041\"}\n"
                    "{\"id\": \"ok\\ud83d\\ude00\\uD83D\\uDE00\", \"notes\": \"\\ud800\"}\n"
                    "{\"id\": \"B\", \"years\": [\"x\", \"\\uDBFF\"]}\n"
                    "{\"id\": \"C\", \"agency\": \"\\\\ud800\"}\n"
                    "{\"id\": \"D\\ud800\\\\ude00\"}\n", g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 8);
    assert_string_equal(g->rec[0].error,
                        "field `id`: \\ud800 is a lone surrogate (half of a UTF-16 pair), "
                        "not a character; write the character itself, or both halves of "
                        "its pair");
    assert_error_has(g, 1, "field `id`: \\ud801 is a lone surrogate");
    assert_error_has(g, 2, "field `id`: \\udc00 is a lone surrogate");
    assert_error_has(g, 3, "field `id`: \\ud800 is a lone surrogate");
    assert_no_error(g, 4);  /* two good pairs; `notes` is no field */
    assert_field(g, 4, ID, RAW_STRING, "ok\xF0\x9F\x98\x80\xF0\x9F\x98\x80");
    assert_error_has(g, 5, "field `years`: \\uDBFF is a lone surrogate");
    assert_no_error(g, 6);  /* an escaped backslash, then text */
    assert_field(g, 6, AGENCY, RAW_STRING, "\\ud800");
    assert_error_has(g, 7, "field `id`: \\ud800 is a lone surrogate");
    free(g);
}

static void nul_escape(void **state)
{
    (void)state;
    Got *g = new_got();
    int rc = read_s("[{\"id\": \"A\\u0000B\"}, {\"id\": \"AB\"},\n"
                    " {\"i\\u0000d\": \"x\", \"id\": \"C\"}, {\"agency\": \"\\u0000\"}]", g);
    assert_int_equal(rc, 0);
    assert_int_equal(g->n, 4);
    assert_string_equal(g->rec[0].error, "field `id`: \\u0000 is the NUL character, which "
                                         "no text may hold; remove it");
    assert_no_error(g, 1);
    assert_error_has(g, 2, "a key of the record: \\u0000 is the NUL character");
    assert_field(g, 2, ID, RAW_STRING, "C");
    assert_error_has(g, 3, "field `agency`: \\u0000");
    free(g);
}

/* An escape cut by the end of a 64 KiB block of a long line. */
static void escape_across_blocks(void **state)
{
    (void)state;
    Got *g = new_got();
    for (size_t cut = 1; cut < 12; cut++) {
        for (int good = 0; good < 2; good++) {
            const char *esc = good ? "\\ud83d\\ude00" : "\\ud800\\u0041";
            const char *head = "{\"id\": \"A\", \"agency\": \"";
            size_t fill = 65536 - strlen(head) - cut;
            char tail[64];
            snprintf(tail, sizeof tail, "%s\"}\n{\"id\": \"B\"}\n", esc);
            size_t n;
            char *in = big(head, fill, tail, &n);
            assert_int_equal(read_n(in, n, g), 0);
            assert_int_equal(g->n, 2);
            if (good)
                assert_no_error(g, 0);
            else
                assert_error_has(g, 0, "field `agency`: \\ud800 is a lone surrogate");
            assert_no_error(g, 1);
            free(in);
        }
    }
    free(g);
}

/* ---- inputs that hold no records ---- */

static void no_records(void **state)
{
    (void)state;
    Got *g = new_got();
    const char *bad[] = {"abc", "42", "null", "\"x\"", "true", "", "  \n\t\n", "\xEF\xBB\xBF"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(read_s(bad[i], g), -1);
        assert_int_equal(g->n, 0);
        assert_true(err[0] != '\0');
    }
    assert_int_equal(read_s("[]", g), 0);
    free(g);
}

/* Every invalid file of JSONTestSuite (n_*.json) gives a record with an
 * error or -1, never a clean reading.  Runs only where the corpus is. */
#define JTS_DIR "/work/shared/corpora/jsontestsuite/test_parsing"

static void jsontestsuite(void **state)
{
    (void)state;
    DIR *d = opendir(JTS_DIR);
    if (!d)
        skip();
    Got *g = new_got();
    size_t files = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, "n_", 2) != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", JTS_DIR, e->d_name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        memset(g, 0, sizeof *g);
        long before = mem_live_blocks();
        int rc = data_read(f, e->d_name, DATA_JSON, &schema, collect, g, err, sizeof err);
        assert_int_equal(mem_live_blocks(), before);
        fclose(f);
        bool flagged = rc == -1;
        for (size_t i = 0; i < g->n && i < MAX_RECS; i++)
            flagged = flagged || g->rec[i].has_error;
        if (!flagged)
            fail_msg("%s: read as valid (%zu records, rc %d)", e->d_name, g->n, rc);
        files++;
    }
    closedir(d);
    assert_true(files >= 180);
    free(g);
}

static int setup(void **state)
{
    (void)state;
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lines_cut_line),
        cmocka_unit_test(lines_first_record_broken),
        cmocka_unit_test(lines_pretty_objects),
        cmocka_unit_test(lines_junk),
        cmocka_unit_test(lines_stop),
        cmocka_unit_test(array_resumes),
        cmocka_unit_test(array_stray_text),
        cmocka_unit_test(array_cut_short),
        cmocka_unit_test(array_oversize),
        cmocka_unit_test(lone_surrogates),
        cmocka_unit_test(nul_escape),
        cmocka_unit_test(escape_across_blocks),
        cmocka_unit_test(no_records),
        cmocka_unit_test(jsontestsuite),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
