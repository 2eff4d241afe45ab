/* data_json.c -- the JSON reader: one top-level array of objects, or a
 * sequence of objects (JSON lines), parsed by yajl's event interface.
 *
 * Records are found by nesting depth: an object at the record level is a
 * record, its keys are looked up once each in a small hash table (after
 * trying the slot the same key position had in the previous record, which
 * is nearly always right), and its scalar values and lists of scalars are
 * copied into one text buffer reused for every record.  That buffer may
 * move while it grows, so fields hold offsets until the record is done.
 * See data.h for what is reported and how. */
#include "data_source.h"

#include "mem.h"
#include "utext.h"

#include <stdint.h>
#include <string.h>
#include <yajl/yajl_parse.h>

/* Input bytes one record may span before it is given up, whatever they
 * hold: this bounds what yajl buffers for a single token.  Values alone
 * are held to DATA_RECORD_LIMIT. */
#define RAW_RECORD_CAP (4 * DATA_RECORD_LIMIT)

typedef struct JsonReader {
    DataSource *src;
    const DataSchema *schema;
    size_t *name_len;
    uint32_t *table;        /* key hash -> slot + 1; 0 is empty */
    size_t tmask;
    int32_t *order;         /* slot of the k-th key of the last record */
    size_t norder;
    uint32_t *seen;         /* seen[slot] == gen: key met in this record */
    uint32_t gen;
    DataRecordFn fn;
    void *ctx;
    yajl_handle h;
    yajl_alloc_funcs alloc;
    yajl_callbacks calls;

    bool array_mode;
    size_t base;            /* depth of a record's `{`: 1 in an array */
    size_t depth;           /* arrays and objects open */
    bool in_record;
    int32_t key_slot;       /* slot of the record key just read, -1: none */
    size_t key_index;       /* its position among the record's keys */
    int32_t arr_slot;       /* slot whose list is being read, -1: none */

    RawField *fields;
    size_t *off;            /* text offset of each slot's value */
    RawField *items;
    size_t *item_off;
    size_t nitems, icap;
    char *text;
    size_t tlen, tcap;
    size_t raw_bytes;       /* input fed since the record began */
    bool oversize;
    const char *error;      /* first problem with this record */
    size_t rec_line, number, rec_indent;

    size_t line_indent;     /* blanks before the text of the current line */
    bool fed;               /* the handle has been given non-blank text */
    bool skipping;          /* after a broken line: looking for a `{` line */
    size_t resume_indent;

    int stop;               /* the callback's nonzero return */
    bool failed;            /* whole-input error, message in err */
    char *err;
    size_t errsize;
    char msg[320];
} JsonReader;

/* ---- allocation, through the counting allocator ---- */

static void *ya_malloc(void *ctx, size_t n)
{
    (void)ctx;
    return mem_alloc(n);
}

static void *ya_realloc(void *ctx, void *p, size_t n)
{
    (void)ctx;
    return mem_realloc(p, n);
}

static void ya_free(void *ctx, void *p)
{
    (void)ctx;
    mem_free(p);
}

static void fail_nomem(JsonReader *j)
{
    if (!j->failed)
        data_errorf(j->err, j->errsize, "%s: out of memory", j->src->name);
    j->failed = true;
}

/* ---- keys ---- */

static uint32_t hash_key(const char *s, size_t len)
{
    uint32_t h = 2166136261u;  /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* memcmp(a, b, len) == 0, with the lengths of most keys done in line: a
 * call to the library's memcmp costs more than the comparison. */
static inline bool same_bytes(const char *a, const char *b, size_t len)
{
    uint64_t x, y, u, v;
    if (len >= 8 && len <= 16) {
        memcpy(&x, a, 8), memcpy(&y, b, 8);
        memcpy(&u, a + len - 8, 8), memcpy(&v, b + len - 8, 8);
        return x == y && u == v;
    }
    if (len >= 4 && len < 8) {
        uint32_t p, q, r, t;
        memcpy(&p, a, 4), memcpy(&q, b, 4);
        memcpy(&r, a + len - 4, 4), memcpy(&t, b + len - 4, 4);
        return p == q && r == t;
    }
    return memcmp(a, b, len) == 0;
}

static bool name_is(const JsonReader *j, int32_t slot, const char *s, size_t len)
{
    return j->name_len[slot] == len && same_bytes(j->schema->names[slot], s, len);
}

static int32_t table_find(const JsonReader *j, const char *s, size_t len)
{
    for (size_t i = hash_key(s, len) & j->tmask;; i = (i + 1) & j->tmask) {
        uint32_t e = j->table[i];
        if (e == 0)
            return -1;
        if (name_is(j, (int32_t)e - 1, s, len))
            return (int32_t)e - 1;
    }
}

static int32_t find_slot(JsonReader *j, const char *s, size_t len, size_t k)
{
    if (k < j->norder) {
        int32_t guess = j->order[k];
        if (guess >= 0 && name_is(j, guess, s, len))
            return guess;
    }
    int32_t slot = table_find(j, s, len);
    if (k < j->norder)
        j->order[k] = slot;
    return slot;
}

/* ---- the record being built ---- */

/* "field `NAME` <what>", unless the record already has a problem: the
 * first one is the one reported. */
static void set_error(JsonReader *j, int32_t slot, const char *what)
{
    if (j->error)
        return;
    snprintf(j->msg, sizeof j->msg, "field `%s` %s", j->schema->names[slot], what);
    j->error = j->msg;
}

static void clear_record(JsonReader *j)
{
    memset(j->fields, 0, j->schema->count * sizeof *j->fields);
    j->tlen = 0;
    j->nitems = 0;
    j->raw_bytes = 0;
    j->oversize = false;
    j->error = NULL;
    j->key_slot = -1;
    j->key_index = 0;
    j->arr_slot = -1;
    if (++j->gen == 0) {  /* wrapped: forget every mark */
        memset(j->seen, 0, j->schema->count * sizeof *j->seen);
        j->gen = 1;
    }
}

static bool text_add(JsonReader *j, const char *s, size_t len, size_t *at)
{
    if (j->tcap - j->tlen < len) {
        size_t cap = j->tcap;
        while (cap - j->tlen < len)
            cap *= 2;
        if (cap > DATA_RECORD_LIMIT)  /* the caller stays within it */
            cap = DATA_RECORD_LIMIT;
        char *t = mem_realloc(j->text, cap);
        if (!t) {
            fail_nomem(j);
            return false;
        }
        j->text = t;
        j->tcap = cap;
    }
    memcpy(j->text + j->tlen, s, len);
    *at = j->tlen;
    j->tlen += len;
    return true;
}

static bool has_text(RawKind k)
{
    return k == RAW_STRING || k == RAW_NUMBER;
}

/* Store one scalar into f; strings and numbers are copied, the texts of
 * true, false and null are constants. */
static bool store(JsonReader *j, RawField *f, size_t *at, RawKind kind,
                  const char *s, size_t len)
{
    f->kind = kind;
    f->len = len;
    f->first = f->count = 0;
    if (has_text(kind))
        return text_add(j, s, len, at);
    f->text = s;
    return true;
}

static bool starts_inside_char(const JsonReader *j, size_t at, const RawField *f)
{
    return f->kind == RAW_STRING && f->len &&
           ((unsigned char)j->text[at] & 0xC0) == 0x80;
}

/* The first field holding a string that is not valid UTF-8, or -1.  The
 * values lie one after another in the text buffer, so when the whole is
 * valid and no value begins with a continuation byte, each value is
 * valid: the text is decoded once per record, not once per value. */
static int32_t invalid_utf8(const JsonReader *j)
{
    if (data_is_ascii(j->text, j->tlen))
        return -1;
    if (utext_valid(j->text, j->tlen, NULL)) {
        bool split = false;
        for (size_t i = 0; i < j->schema->count && !split; i++)
            split = starts_inside_char(j, j->off[i], &j->fields[i]);
        for (size_t k = 0; k < j->nitems && !split; k++)
            split = starts_inside_char(j, j->item_off[k], &j->items[k]);
        if (!split)
            return -1;
    }
    for (size_t i = 0; i < j->schema->count; i++) {
        const RawField *f = &j->fields[i];
        if (f->kind == RAW_STRING && !utext_valid(j->text + j->off[i], f->len, NULL))
            return (int32_t)i;
        if (f->kind != RAW_ARRAY)
            continue;
        for (uint32_t k = f->first; k < f->first + f->count; k++) {
            const RawField *it = &j->items[k];
            if (it->kind == RAW_STRING &&
                !utext_valid(j->text + j->item_off[k], it->len, NULL))
                return (int32_t)i;
        }
    }
    return -1;
}

/* Hand the record to the callback.  Returns what a yajl callback returns:
 * 0 (stop parsing) when the callback asked to stop. */
static int deliver(JsonReader *j)
{
    if (!j->error) {
        int32_t bad = invalid_utf8(j);
        if (bad >= 0)
            set_error(j, bad, "is not valid UTF-8");
    }
    for (size_t i = 0; i < j->schema->count; i++)
        if (has_text(j->fields[i].kind))
            j->fields[i].text = j->text + j->off[i];
    for (size_t k = 0; k < j->nitems; k++)
        if (has_text(j->items[k].kind))
            j->items[k].text = j->text + j->item_off[k];
    RawRecord rec;
    rec.fields = j->fields;
    rec.items = j->items;
    rec.line = j->rec_line;
    rec.number = j->number;
    rec.error = j->error;
    j->in_record = false;
    int rc = j->fn(j->ctx, &rec);
    if (rc) {
        j->stop = rc;
        return 0;
    }
    return 1;
}

/* A list read so far for a field is dropped: it held something that is
 * not a scalar, or the input broke inside it. */
static void drop_list(JsonReader *j)
{
    RawField *f = &j->fields[j->arr_slot];
    j->nitems = f->first;
    memset(f, 0, sizeof *f);
    j->arr_slot = -1;
}

/* A record-level element that is not an object. */
static int not_object(JsonReader *j)
{
    clear_record(j);
    j->number++;
    j->rec_line = j->src->line;
    snprintf(j->msg, sizeof j->msg, "record %zu is not an object", j->number);
    j->error = j->msg;
    return deliver(j);
}

/* ---- yajl events ---- */

/* The record is too large: it keeps the values it has, and no more. */
static void too_large(JsonReader *j)
{
    j->oversize = true;
    if (!j->error)
        j->error = "record is larger than 1 MiB";
}

/* Most items one record may hold: their RawFields, like its text, stay
 * within DATA_RECORD_LIMIT. */
#define MAX_ITEMS (DATA_RECORD_LIMIT / sizeof(RawField))

static int on_scalar(JsonReader *j, RawKind kind, const char *s, size_t len)
{
    if (j->depth == j->base)
        return not_object(j);
    if (!j->in_record || j->oversize)
        return 1;
    bool field = j->depth == j->base + 1 && j->key_slot >= 0;
    bool item = j->depth == j->base + 2 && j->arr_slot >= 0;
    if (len > DATA_RECORD_LIMIT ||
        ((field || item) && has_text(kind) && len > DATA_RECORD_LIMIT - j->tlen)) {
        too_large(j);
        return 1;
    }
    if (field)
        return store(j, &j->fields[j->key_slot], &j->off[j->key_slot], kind, s, len);
    if (!item)
        return 1;
    if (j->nitems == j->icap) {
        if (j->icap >= MAX_ITEMS) {
            too_large(j);
            return 1;
        }
        size_t cap = j->icap * 2;
        RawField *it = mem_realloc(j->items, cap * sizeof *it);
        if (it)
            j->items = it;
        size_t *o = it ? mem_realloc(j->item_off, cap * sizeof *o) : NULL;
        if (!o) {
            fail_nomem(j);
            return 0;
        }
        j->item_off = o;
        j->icap = cap;
    }
    size_t k = j->nitems++;
    return store(j, &j->items[k], &j->item_off[k], kind, s, len);
}

static int on_null(void *ctx)
{
    return on_scalar(ctx, RAW_NULL, "null", 4);
}

static int on_bool(void *ctx, int b)
{
    return b ? on_scalar(ctx, RAW_BOOL, "true", 4)
             : on_scalar(ctx, RAW_BOOL, "false", 5);
}

static int on_number(void *ctx, const char *s, size_t len)
{
    return on_scalar(ctx, RAW_NUMBER, s, len);
}

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
    return on_scalar(ctx, RAW_STRING, (const char *)s, len);
}

static int on_key(void *ctx, const unsigned char *key, size_t len)
{
    JsonReader *j = ctx;
    if (!j->in_record || j->depth != j->base + 1)
        return 1;
    int32_t slot = find_slot(j, (const char *)key, len, j->key_index++);
    j->key_slot = slot;
    if (slot >= 0) {
        if (j->seen[slot] == j->gen) {
            set_error(j, slot, "appears twice");
            j->key_slot = -1;  /* the first value stands */
        } else {
            j->seen[slot] = j->gen;
        }
    }
    return 1;
}

static int on_start_map(void *ctx)
{
    JsonReader *j = ctx;
    if (j->depth == j->base) {
        clear_record(j);
        j->in_record = true;
        j->number++;
        j->rec_line = j->src->line;
        j->rec_indent = j->line_indent;
    } else if (j->in_record && j->depth == j->base + 1 && j->key_slot >= 0) {
        set_error(j, j->key_slot, "holds an object");
    } else if (j->in_record && j->depth == j->base + 2 && j->arr_slot >= 0) {
        set_error(j, j->arr_slot, "holds a list with an object in it");
        drop_list(j);
    }
    j->depth++;
    return 1;
}

static int on_end_map(void *ctx)
{
    JsonReader *j = ctx;
    j->depth--;
    if (j->in_record && j->depth == j->base)
        return deliver(j);
    return 1;
}

static int on_start_array(void *ctx)
{
    JsonReader *j = ctx;
    int rc = 1;
    if (j->depth == j->base) {
        rc = not_object(j);
    } else if (j->in_record && j->depth == j->base + 1 && j->key_slot >= 0 &&
               !j->oversize) {
        RawField *f = &j->fields[j->key_slot];
        f->kind = RAW_ARRAY;
        f->text = "";
        f->len = 0;
        f->first = (uint32_t)j->nitems;
        f->count = 0;
        j->arr_slot = j->key_slot;
    } else if (j->in_record && j->depth == j->base + 2 && j->arr_slot >= 0) {
        set_error(j, j->arr_slot, "holds a list with a list in it");
        drop_list(j);
    }
    j->depth++;
    return rc;
}

static int on_end_array(void *ctx)
{
    JsonReader *j = ctx;
    j->depth--;
    if (j->in_record && j->depth == j->base + 1 && j->arr_slot >= 0) {
        RawField *f = &j->fields[j->arr_slot];
        f->count = (uint32_t)(j->nitems - f->first);
        j->arr_slot = -1;
    }
    return 1;
}

/* ---- the parser handle ---- */

static bool new_handle(JsonReader *j)
{
    j->h = yajl_alloc(&j->calls, &j->alloc, j);
    if (!j->h)
        return false;
    /* Strings are checked as UTF-8 here, field by field, not by yajl: a
     * bad byte is then one record's problem and can name its field,
     * instead of a syntax error that would end an array. */
    yajl_config(j->h, yajl_dont_validate_strings, 1);
    if (!j->array_mode)
        yajl_config(j->h, yajl_allow_multiple_values, 1);
    j->depth = 0;
    j->in_record = false;
    j->key_slot = j->arr_slot = -1;
    j->fed = false;
    return true;
}

/* A fresh parser after a broken or oversized record. */
static bool renew_handle(JsonReader *j)
{
    yajl_free(j->h);
    j->h = NULL;
    if (new_handle(j))
        return true;
    fail_nomem(j);
    return false;
}

/* yajl's message in short form: "parse error: premature EOF\n" gives
 * "premature EOF". */
static void yajl_message(JsonReader *j, char *out, size_t size)
{
    unsigned char *m = yajl_get_error(j->h, 0, NULL, 0);
    const char *s = m ? (const char *)m : "unknown error";
    const char *colon = strstr(s, "error: ");
    if (colon)
        s = colon + 7;
    size_t len = strlen(s);
    while (len && (s[len - 1] == '\n' || s[len - 1] == ' ' || s[len - 1] == '.'))
        len--;
    snprintf(out, size, "%.*s", (int)len, s);
    if (m)
        yajl_free_error(j->h, m);
}

/* The input broke at `line`: `what` says how, and `at` is " on line N"
 * when that is not the line the record starts on (else "").  The record
 * open there, or a record standing for the broken text, is delivered with
 * that error; in an array nothing after can be trusted, so the input ends
 * too, with the same message. */
static void broken(JsonReader *j, size_t line, const char *what, const char *why)
{
    if (j->in_record) {
        if (j->arr_slot >= 0)
            drop_list(j);
    } else {
        clear_record(j);
        j->number++;
        j->rec_line = line;
    }
    char at[48] = "";
    if (why && line != j->rec_line)
        snprintf(at, sizeof at, " on line %zu", line);
    const char *rest = j->array_mode ? "; the rest of the input was not read" : "";
    snprintf(j->msg, sizeof j->msg, "%s%s%s%s%s", what, at, why ? ": " : "",
             why ? why : "", rest);
    if (j->array_mode) {
        data_errorf(j->err, j->errsize, "%s:%zu: %s%s%s%s", j->src->name, line, what,
                    why ? ": " : "", why ? why : "", rest);
        j->failed = true;
    }
    j->error = j->msg;
    deliver(j);
}

static void syntax_error(JsonReader *j, size_t line)
{
    char why[160];
    yajl_message(j, why, sizeof why);
    broken(j, line, "invalid JSON", why);
}

/* ---- setup ---- */

static bool reader_init(JsonReader *j, DataSource *src, const DataSchema *schema,
                        DataRecordFn fn, void *ctx, char *err, size_t errsize)
{
    memset(j, 0, sizeof *j);
    j->src = src;
    j->schema = schema;
    j->fn = fn;
    j->ctx = ctx;
    j->err = err;
    j->errsize = errsize;
    j->alloc = (yajl_alloc_funcs){ya_malloc, ya_realloc, ya_free, NULL};
    j->calls = (yajl_callbacks){
        .yajl_null = on_null,
        .yajl_boolean = on_bool,
        .yajl_number = on_number,
        .yajl_string = on_string,
        .yajl_start_map = on_start_map,
        .yajl_map_key = on_key,
        .yajl_end_map = on_end_map,
        .yajl_start_array = on_start_array,
        .yajl_end_array = on_end_array,
    };
    size_t n = schema->count ? schema->count : 1;
    size_t tsize = 8;
    while (tsize < 2 * n)
        tsize *= 2;
    j->tmask = tsize - 1;
    j->norder = 2 * n + 8;
    j->icap = 64;
    j->tcap = 4096;
    j->gen = 1;
    j->key_slot = j->arr_slot = -1;
    j->name_len = mem_alloc(n * sizeof *j->name_len);
    j->table = mem_calloc(tsize, sizeof *j->table);
    j->order = mem_alloc(j->norder * sizeof *j->order);
    j->seen = mem_calloc(n, sizeof *j->seen);
    j->fields = mem_calloc(n, sizeof *j->fields);
    j->off = mem_alloc(n * sizeof *j->off);
    j->items = mem_alloc(j->icap * sizeof *j->items);
    j->item_off = mem_alloc(j->icap * sizeof *j->item_off);
    j->text = mem_alloc(j->tcap);
    if (!j->name_len || !j->table || !j->order || !j->seen || !j->fields ||
        !j->off || !j->items || !j->item_off || !j->text)
        return false;
    for (size_t k = 0; k < j->norder; k++)
        j->order[k] = -1;
    for (size_t i = 0; i < schema->count; i++) {
        j->name_len[i] = strlen(schema->names[i]);
        size_t at = hash_key(schema->names[i], j->name_len[i]) & j->tmask;
        while (j->table[at] && !name_is(j, (int32_t)j->table[at] - 1,
                                        schema->names[i], j->name_len[i]))
            at = (at + 1) & j->tmask;
        if (!j->table[at])  /* a name given twice keeps its first slot */
            j->table[at] = (uint32_t)i + 1;
    }
    return true;
}

static void reader_free(JsonReader *j)
{
    if (j->h)
        yajl_free(j->h);
    mem_free(j->name_len);
    mem_free(j->table);
    mem_free(j->order);
    mem_free(j->seen);
    mem_free(j->fields);
    mem_free(j->off);
    mem_free(j->items);
    mem_free(j->item_off);
    mem_free(j->text);
}

/* ---- the loop ---- */

/* Feed one piece of input.  Returns false when reading must end. */
static bool feed(JsonReader *j, const char *piece, size_t len, bool starts, int first)
{
    size_t line = j->src->line;
    for (;;) {
        yajl_status st = yajl_parse(j->h, (const unsigned char *)piece, len);
        j->fed = true;
        if (st == yajl_status_client_canceled)
            return false;  /* the callback stopped, or out of memory */
        if (st == yajl_status_ok) {
            if (!j->in_record)
                return true;
            j->raw_bytes += len;
            if (j->raw_bytes <= RAW_RECORD_CAP)
                return true;
            broken(j, line, "record is larger than 1 MiB", NULL);
            if (j->stop || j->failed)
                return false;
            if (!renew_handle(j))
                return false;
            j->skipping = true;
            j->resume_indent = j->rec_indent;
            return true;
        }
        /* A syntax error.  In JSON lines, reading resumes at the next line
         * that starts with `{` no further indented than the broken record
         * (so the rest of a broken multi-line object is passed over); when
         * the record began on an earlier line and this line itself starts
         * a record, this line is read again: a record that lost its `}`
         * then costs only itself. */
        bool began_earlier = j->in_record && j->rec_line < line;
        size_t resume = j->in_record ? j->rec_indent : j->line_indent;
        syntax_error(j, line);
        if (j->stop || j->failed)
            return false;
        if (!renew_handle(j))
            return false;
        if (began_earlier && starts && first == '{' && j->line_indent <= resume)
            continue;
        j->skipping = true;
        j->resume_indent = resume;
        return true;
    }
}

int data_json_run(DataSource *src, const DataSchema *schema,
                  DataRecordFn fn, void *ctx, char *err, size_t errsize)
{
    size_t line = 1;
    int c = data_source_peek(src, &line);
    if (src->failed)
        return data_source_read_error(src, err, errsize);
    if (c < 0) {
        data_errorf(err, errsize, "%s: no records: the input is empty", src->name);
        return -1;
    }
    if (c != '[' && c != '{') {
        data_errorf(err, errsize,
                    "%s:%zu: not JSON records: expected an array of objects or "
                    "objects one after another", src->name, line);
        return -1;
    }
    JsonReader j;
    if (!reader_init(&j, src, schema, fn, ctx, err, errsize)) {
        fail_nomem(&j);
        reader_free(&j);
        return -1;
    }
    j.array_mode = c == '[';
    j.base = j.array_mode ? 1 : 0;
    if (!new_handle(&j)) {
        fail_nomem(&j);
        reader_free(&j);
        return -1;
    }
    const char *piece;
    size_t len;
    bool starts;
    bool more = true;
    while (more && data_source_next(src, &piece, &len, &starts)) {
        int first = -1;  /* first non-blank byte of a line, -1: none */
        if (starts) {
            size_t i = 0;
            while (i < len && (piece[i] == ' ' || piece[i] == '\t'))
                i++;
            j.line_indent = i;
            if (i < len && piece[i] != '\r' && piece[i] != '\n')
                first = (unsigned char)piece[i];
            else
                continue;  /* a blank line */
        }
        if (j.skipping) {
            if (!starts || first != '{' || j.line_indent > j.resume_indent)
                continue;
            j.skipping = false;
        }
        more = feed(&j, piece, len, starts, first);
    }
    if (more) {
        if (src->failed) {
            j.failed = true;
            data_source_read_error(src, err, errsize);
        } else if (j.array_mode || j.fed) {
            /* In JSON lines a fresh handle has had nothing, which yajl
             * would call a premature end. */
            yajl_status st = yajl_complete_parse(j.h);
            if (st == yajl_status_error)
                syntax_error(&j, src->line);
        }
    }
    reader_free(&j);
    if (j.stop)
        return j.stop;
    return j.failed ? -1 : 0;
}
