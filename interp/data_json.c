/* data_json.c -- the JSON reader: one top-level array of objects, or a
 * sequence of objects (JSON lines, or objects spread over several lines),
 * parsed by yajl's event interface.
 *
 * Records are found by nesting depth: an object at the record level is a
 * record, its keys are looked up once each in a small hash table (after
 * trying the slot the same key position had in the previous record, which
 * is nearly always right), and its scalar values and lists of scalars are
 * copied into one text buffer reused for every record.  That buffer may
 * move while it grows, so fields hold offsets until the record is done.
 *
 * Accounting for every record is the point of most of what follows (data.h
 * states the rules):
 * - The input is fed to yajl a line (a piece of a long line) at a time, and
 *   a callback learns where in that piece its token ends from
 *   yajl_get_bytes_consumed.  So the reader knows where each element of an
 *   array ends, and after a syntax error it can find where the broken
 *   element ends (a small scanner, track(), follows nesting and strings
 *   from the end of the last whole element) and give a fresh parser the
 *   rest.  The scanner runs only when something breaks: until then the
 *   input since the last element's end is kept (a copy of one element at
 *   most, bounded by the record limit), not scanned.
 * - In a sequence, a finished record is held until its line ends, so that
 *   whatever else is on the line (a `,`, a comment, a second object) can be
 *   charged to it instead of becoming a record of its own.
 * - yajl turns a lone surrogate escape into `?` or into bytes that are not
 *   UTF-8 and keeps \u0000 as a NUL byte, so two different ids could come
 *   out equal.  Before a piece is parsed its backslashes are looked at
 *   (memchr: most input has none), and each bad escape found is charged to
 *   the string token that holds it, when that token's callback comes. */
#include "data_source.h"

#include "i18n.h"
#include "mem.h"
#include "utext.h"

#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <yajl/yajl_parse.h>

/* Input bytes one record may span before it is given up, whatever they
 * hold: this bounds what yajl buffers for a single token.  Values alone
 * are held to DATA_RECORD_LIMIT. */
#define RAW_RECORD_CAP (4 * DATA_RECORD_LIMIT)

/* How a sequence of objects is laid out.  The first record that ends
 * decides: on the line it began, JSON lines; on a later line, objects
 * spread over several lines.  Until then a sequence is read as MODE_MULTI
 * would read it. */
typedef enum JsonMode {
    MODE_ARRAY,      /* one top-level array */
    MODE_UNDECIDED,  /* a sequence whose first record has not ended yet */
    MODE_LINES,      /* JSON lines: each line holds one value */
    MODE_MULTI,      /* objects that may run over several lines */
} JsonMode;

/* Where the scanner is: containers open (and, for the innermost 64,
 * which: bit d-1 of lists is set when level d is a `[`), inside a string,
 * after a `\`. */
typedef struct Track {
    size_t depth;
    uint64_t lists;
    bool str, esc;
} Track;

/* Between two elements of the array, at depth 1. */
#define TRACK_BETWEEN ((Track){1, 1, false, false})

/* An escape in a string that no record may hold. */
typedef struct BadEscape {
    size_t at;       /* offset of its `\` in the chunk being parsed */
    bool nul;        /* \u0000; else a lone surrogate */
    char hex[5];     /* its four hex digits, as written */
} BadEscape;

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

    JsonMode mode;
    size_t base;            /* depth of a record's `{`: 1 in an array */
    size_t depth;           /* arrays and objects open */
    bool in_record;         /* an element at the record level is open */
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
    size_t rec_line, number;
    size_t rec_col;         /* column of the record's `{`; SIZE_MAX: unknown */
    bool pending;           /* sequence: a finished record waits for its line end */
    size_t rec_end;         /* where in the piece the record ended */

    /* The piece being parsed and the chunk of it given to yajl now. */
    const char *piece;
    size_t piece_len;
    bool piece_starts;      /* the piece begins its line */
    size_t chunk_off;       /* where the chunk begins in the piece */
    size_t line_indent;     /* blanks before the text of the current line */
    bool fed;               /* the handle has been given non-blank text */
    bool skip_line;         /* pass over the rest of the current line */
    bool skipping;          /* sequence: after a broken record, looking for a `{` line */
    size_t resume_col;
    bool resume_quote;      /* a line starting with `"` may end the skipping */
    bool cut_line;          /* a callback stopped yajl: more than one value on a line */

    /* Array: the scanner's state where replay begins; replay holds the
     * input from there to known_at in the piece.  That is, from the end of
     * the last whole element: what the scanner needs when something
     * breaks, copied (one element at most) instead of scanned. */
    Track trk;
    char *replay;
    size_t rlen, rcap;
    size_t known_at;
    bool seeking;           /* passing over the rest of a broken element */
    size_t seek_line;       /* where the element being passed over began */
    bool after_comma;       /* resumed after a broken element's `,`: no element yet */

    BadEscape *bad;         /* bad escapes of the chunk, in order */
    size_t nbad, bad_head, bad_cap;
    char carry[16];         /* an escape cut by the end of a piece */
    size_t ncarry;

    size_t notes;           /* lines or text that hold no record */
    size_t note_line;
    char note[480];         /* what the first of them is (translated:
                               Thai takes 3 bytes a letter) */

    int stop;               /* the callback's nonzero return */
    bool failed;            /* whole-input error, message in err */
    char *err;
    size_t errsize;
    char msg[1024];         /* this record's error, when made here */
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

/* The record's error, unless it already has one: the first problem is the
 * one reported.  The format is translated (data_errorf): one whole English
 * sentence. */
__attribute__((format(printf, 2, 3)))
static void record_error(JsonReader *j, const char *fmt, ...)
{
    if (j->error)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(j->msg, sizeof j->msg, _(fmt), ap);
    va_end(ap);
    size_t bad;
    if (n < 0)
        j->msg[0] = '\0';
    else if ((size_t)n >= sizeof j->msg && !utext_valid(j->msg, sizeof j->msg - 1, &bad))
        j->msg[bad] = '\0'; /* cut between characters, as data_errorf does */
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
    j->rec_col = SIZE_MAX;
    if (++j->gen == 0) {  /* wrapped: forget every mark */
        memset(j->seen, 0, j->schema->count * sizeof *j->seen);
        j->gen = 1;
    }
}

/* A record begins here (its first token has just been read). */
static void begin_record(JsonReader *j)
{
    j->after_comma = false;
    clear_record(j);
    j->number++;
    j->rec_line = j->src->line;
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

/* Hand the record to the callback now.  Returns what a yajl callback
 * returns: 0 (stop parsing) when the callback asked to stop. */
static int deliver_now(JsonReader *j)
{
    if (!j->error) {
        int32_t bad = invalid_utf8(j);
        if (bad >= 0)
            record_error(j, "field `%s` is not valid UTF-8", j->schema->names[bad]);
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
    j->pending = false;
    int rc = j->fn(j->ctx, &rec);
    if (rc) {
        j->stop = rc;
        return 0;
    }
    return 1;
}

/* The record is complete.  In an array it goes to the callback at once;
 * in a sequence it waits for the end of its line (see flush). */
static int finish_record(JsonReader *j)
{
    if (j->mode == MODE_ARRAY)
        return deliver_now(j);
    j->in_record = false;
    j->pending = true;
    return 1;
}

/* Deliver the record waiting for its line end.  False when reading must
 * end. */
static bool flush(JsonReader *j)
{
    return !j->pending || deliver_now(j);
}

/* Another value starts on the line of a finished record of a sequence.  In
 * JSON lines that is the record's error, and the rest of the line is not
 * read (the callback returns 0 and feed() sees cut_line); otherwise the
 * record is delivered and the new one begins.  Returns what a yajl
 * callback returns. */
static int value_after_record(JsonReader *j)
{
    if (j->mode == MODE_LINES) {
        if (!j->error)
            j->error = _("invalid JSON: more than one value on the line (JSON lines "
                         "hold one record a line)");
        j->cut_line = true;
        return 0;
    }
    return deliver_now(j);
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

/* ---- positions ---- */

/* Offset in the piece just after the token yajl is reporting. */
static size_t here(const JsonReader *j)
{
    size_t at = j->chunk_off + yajl_get_bytes_consumed(j->h);
    return at < j->piece_len ? at : j->piece_len;
}

/* Column of the `{` or `[` just read, when its line began in this piece. */
static size_t token_col(const JsonReader *j)
{
    size_t at = here(j);
    return j->piece_starts && at > 0 ? at - 1 : SIZE_MAX;
}

/* An element of the array ended here: the scanner may start again from
 * this point, where it is between elements. */
static void element_ended(JsonReader *j)
{
    if (j->mode != MODE_ARRAY)
        return;
    j->known_at = here(j);
    j->trk = TRACK_BETWEEN;
    j->rlen = 0;
}

/* Something that is no record and not part of one (a comment line, a
 * stray `,`): remembered, and reported when the input ends. */
static void note(JsonReader *j, size_t line, const char *what)
{
    if (j->notes++ == 0) {
        j->note_line = line;
        data_errorf(j->note, sizeof j->note, "%s", what);
    }
}

/* ---- yajl events ---- */

/* The record is too large: it keeps the values it has, and no more. */
static void too_large(JsonReader *j)
{
    j->oversize = true;
    if (!j->error)
        j->error = _("record is larger than 1 MiB");
}

/* Most items one record may hold: their RawFields, like its text, stay
 * within DATA_RECORD_LIMIT. */
#define MAX_ITEMS (DATA_RECORD_LIMIT / sizeof(RawField))

/* A record-level element that is not an object: a scalar is a record of
 * its own, whole; a list is a record until it closes. */
static int not_object(JsonReader *j, bool whole)
{
    if (j->pending && !value_after_record(j))
        return 0;
    begin_record(j);
    data_errorf(j->msg, sizeof j->msg, "record %zu is not an object", j->number);
    j->error = j->msg;
    j->in_record = true;
    if (!whole)
        return 1;
    element_ended(j);
    return finish_record(j);
}

static int on_scalar(JsonReader *j, RawKind kind, const char *s, size_t len)
{
    if (j->depth == j->base)
        return not_object(j, true);
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

/* The first bad escape inside the string token just read, or NULL.  The
 * token ends where yajl has read to; every bad escape before that and not
 * charged to an earlier token is in it. */
static const BadEscape *bad_escape(JsonReader *j)
{
    size_t end = yajl_get_bytes_consumed(j->h);
    const BadEscape *first = NULL;
    while (j->bad_head < j->nbad && j->bad[j->bad_head].at < end) {
        if (!first)
            first = &j->bad[j->bad_head];
        j->bad_head++;
    }
    return first;
}

/* A bad escape in a field (slot >= 0) or in a key of the record: one
 * whole sentence per case, for the translations. */
static void escape_error(JsonReader *j, int32_t slot, const BadEscape *b)
{
    const char *name = slot >= 0 ? j->schema->names[slot] : NULL;
    if (b->nul && name)
        record_error(j, "field `%s`: \\u%s is the NUL character, which no text may hold; remove it", name,
                     b->hex);
    else if (b->nul)
        record_error(j, "a key of the record: \\u%s is the NUL character, which no text may hold; remove it",
                     b->hex);
    else if (name)
        record_error(j, "field `%s`: \\u%s is a lone surrogate (half of a UTF-16 pair), not a character; "
                        "write the character itself, or both halves of its pair", name, b->hex);
    else
        record_error(j, "a key of the record: \\u%s is a lone surrogate (half of a UTF-16 pair), not a "
                        "character; write the character itself, or both halves of its pair", b->hex);
}

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
    JsonReader *j = ctx;
    const BadEscape *b = j->bad_head == j->nbad ? NULL : bad_escape(j);
    if (b && j->in_record && !j->oversize) {
        if (j->depth == j->base + 1 && j->key_slot >= 0)
            escape_error(j, j->key_slot, b);
        else if (j->depth == j->base + 2 && j->arr_slot >= 0)
            escape_error(j, j->arr_slot, b);
    }
    return on_scalar(j, RAW_STRING, (const char *)s, len);
}

static int on_key(void *ctx, const unsigned char *key, size_t len)
{
    JsonReader *j = ctx;
    const BadEscape *b = j->bad_head == j->nbad ? NULL : bad_escape(j);
    if (!j->in_record || j->depth != j->base + 1)
        return 1;
    if (b) {
        /* The key as yajl gives it is not what was written: it matches
         * nothing, even if it looks like a field's name. */
        escape_error(j, -1, b);
        j->key_slot = -1;
        j->key_index++;
        return 1;
    }
    int32_t slot = find_slot(j, (const char *)key, len, j->key_index++);
    j->key_slot = slot;
    if (slot >= 0) {
        if (j->seen[slot] == j->gen) {
            record_error(j, "field `%s` appears twice", j->schema->names[slot]);
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
        if (j->pending && !value_after_record(j))
            return 0;
        begin_record(j);
        j->in_record = true;
        j->rec_col = token_col(j);
    } else if (j->in_record && j->depth == j->base + 1 && j->key_slot >= 0) {
        record_error(j, "field `%s` holds an object", j->schema->names[j->key_slot]);
    } else if (j->in_record && j->depth == j->base + 2 && j->arr_slot >= 0) {
        record_error(j, "field `%s` holds a list with an object in it", j->schema->names[j->arr_slot]);
        drop_list(j);
    }
    j->depth++;
    return 1;
}

static int on_end_map(void *ctx)
{
    JsonReader *j = ctx;
    j->depth--;
    if (j->in_record && j->depth == j->base) {
        j->rec_end = here(j);
        if (j->mode == MODE_UNDECIDED)
            j->mode = j->src->line == j->rec_line ? MODE_LINES : MODE_MULTI;
        element_ended(j);
        return finish_record(j);
    }
    return 1;
}

static int on_start_array(void *ctx)
{
    JsonReader *j = ctx;
    int rc = 1;
    if (j->depth == j->base) {
        rc = not_object(j, false);
        j->rec_col = token_col(j);
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
        record_error(j, "field `%s` holds a list with a list in it", j->schema->names[j->arr_slot]);
        drop_list(j);
    }
    j->depth++;
    return rc;
}

static int on_end_array(void *ctx)
{
    JsonReader *j = ctx;
    j->depth--;
    if (j->mode == MODE_ARRAY && j->depth == 0 && j->after_comma)
        note(j, j->src->line, _("a `,` before the array's `]`"));
    if (j->in_record && j->depth == j->base + 1 && j->arr_slot >= 0) {
        RawField *f = &j->fields[j->arr_slot];
        f->count = (uint32_t)(j->nitems - f->first);
        j->arr_slot = -1;
    } else if (j->in_record && j->depth == j->base) {
        element_ended(j);  /* a list standing where a record should */
        return finish_record(j);
    }
    return 1;
}

static bool blank_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
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
    if (j->mode != MODE_ARRAY)
        yajl_config(j->h, yajl_allow_multiple_values, 1);
    j->depth = 0;
    j->in_record = false;
    j->key_slot = j->arr_slot = -1;
    j->fed = false;
    j->nbad = j->bad_head = 0;
    j->ncarry = 0;
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
    /* (yajl's own words stay English, as the system's do) */
    const char *s = m ? (const char *)m : _("unknown error");
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

/* The input broke at `line`: `what` says how, `why` (or NULL) the details,
 * both translated already (each is a phrase of its own: "invalid JSON",
 * and the reason, often yajl's).  The record that owns the break gets the
 * error and is delivered: a finished record whose line goes on with
 * something else, the record open there, or else a record standing for
 * the broken text.  Returns false when reading must end. */
static bool broken(JsonReader *j, size_t line, const char *what, const char *why)
{
    if (j->pending) {
        /* Name what follows the record, when it is in this piece. */
        size_t k = j->rec_end;
        while (j->piece && k < j->piece_len && blank_byte(j->piece[k]))
            k++;
        unsigned char c = j->piece && k < j->piece_len ? (unsigned char)j->piece[k] : 0;
        bool shown = c > ' ' && c < 0x7F;
        /* one whole sentence per case, for the translations */
        if (j->mode == MODE_LINES && shown)
            record_error(j, "%s: `%c` after the end of the record (a line of JSON lines holds one object and "
                            "nothing else)", what, c);
        else if (j->mode == MODE_LINES)
            record_error(j, "%s after the end of the record: %s (a line of JSON lines holds one object and "
                            "nothing else)", what, why ? why : "");
        else if (shown)
            record_error(j, "%s: `%c` after the end of the record (only another object may follow an object)",
                         what, c);
        else
            record_error(j, "%s after the end of the record: %s (only another object may follow an object)",
                         what, why ? why : "");
        return flush(j);
    }
    if (j->in_record) {
        if (j->arr_slot >= 0)
            drop_list(j);
    } else {
        clear_record(j);
        j->number++;
        j->rec_line = line;
    }
    j->error = NULL;
    if (line != j->rec_line && why)
        /* TRANSLATORS: "invalid JSON on line 9: premature EOF"; the first
         * %s is a translated phrase, the last one the reason. */
        record_error(j, "%s on line %zu: %s", what, line, why);
    else if (line != j->rec_line)
        record_error(j, "%s on line %zu", what, line);
    else if (why)
        /* TRANSLATORS: "invalid JSON: premature EOF": a phrase, then its
         * reason. */
        record_error(j, "%s: %s", what, why);
    else
        record_error(j, "%s", what);
    return deliver_now(j) != 0;
}

/* True when the n bytes at s begin with word. */
static bool begins(const char *s, size_t n, const char *word)
{
    size_t w = strlen(word);
    return n >= w && memcmp(s, word, w) == 0;
}

static bool syntax_error(JsonReader *j, size_t line)
{
    char why[720];
    yajl_message(j, why, sizeof why);
    /* NaN and Infinity are what Python's json.dump writes by default for
     * such floats: say so, since yajl only sees a bad character. */
    if (j->piece) {
        size_t e = here(j);
        /* yajl stops at a line end inside a string: say it plainly. */
        if (e < j->piece_len && (j->piece[e] == '\n' || j->piece[e] == '\r'))
            data_errorf(why, sizeof why, "the line ends inside a text (a closing `\"` is missing)");
        for (size_t k = e > 2 ? e - 2 : 0; k < e; k++) {
            const char *s = j->piece + k;
            size_t n = j->piece_len - k;
            if (begins(s, n, "NaN") || begins(s, n, "Infinity") || begins(s, n, "-Infinity")) {
                data_errorf(why, sizeof why, "%s is not a JSON number; write null, or a "
                            "number (Python's json.dump writes it for such a float unless "
                            "given allow_nan=False)",
                            s[0] == 'N' ? "NaN" : s[0] == '-' ? "-Infinity" : "Infinity");
                break;
            }
        }
    }
    return broken(j, line, _("invalid JSON"), why);
}

/* ---- escapes yajl would let through ---- */

static bool hex4(const char *s, unsigned *v)
{
    unsigned x = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16u;
        if (d == 16)
            return false;
        x = x * 16 + d;
    }
    *v = x;
    return true;
}

enum { ESC_OK, ESC_MORE, ESC_NUL, ESC_LONE };

/* The escape at t[0] (a `\`), of the n bytes there: ESC_MORE when n is too
 * short to tell; else *elen is its length and the result what it is.  An
 * escape yajl will refuse anyway counts as ESC_OK. */
static int escape_at(const char *t, size_t n, size_t *elen)
{
    if (n < 2)
        return ESC_MORE;
    *elen = 2;
    if (t[1] != 'u')
        return ESC_OK;
    unsigned v, w;
    if (n < 6)
        return ESC_MORE;
    if (!hex4(t + 2, &v))
        return ESC_OK;
    *elen = 6;
    if (v == 0)
        return ESC_NUL;
    if (v >= 0xDC00 && v <= 0xDFFF)
        return ESC_LONE;
    if (v < 0xD800 || v > 0xDBFF)
        return ESC_OK;
    /* A high surrogate stands only before a low one. */
    if ((n >= 7 && t[6] != '\\') || (n >= 8 && t[7] != 'u'))
        return ESC_LONE;
    if (n < 12)
        return ESC_MORE;
    if (!hex4(t + 8, &w) || w < 0xDC00 || w > 0xDFFF)
        return ESC_LONE;
    *elen = 12;
    return ESC_OK;
}

static bool add_bad(JsonReader *j, size_t at, int kind, const char *t)
{
    if (j->nbad == j->bad_cap) {
        size_t cap = j->bad_cap ? 2 * j->bad_cap : 16;
        BadEscape *b = mem_realloc(j->bad, cap * sizeof *b);
        if (!b) {
            fail_nomem(j);
            return false;
        }
        j->bad = b;
        j->bad_cap = cap;
    }
    BadEscape *b = &j->bad[j->nbad++];
    b->at = at;
    b->nul = kind == ESC_NUL;
    memcpy(b->hex, t + 2, 4);
    b->hex[4] = '\0';
    return true;
}

/* Find the bad escapes of the chunk s[0..len) before yajl reads it.  Those
 * of a token begun in an earlier chunk now count as at its start. */
static bool scan_escapes(JsonReader *j, const char *s, size_t len)
{
    if (j->bad_head == j->nbad)
        j->bad_head = j->nbad = 0;
    for (size_t k = j->bad_head; k < j->nbad; k++)
        j->bad[k].at = 0;
    /* yajl takes a form feed or vertical tab for a space; JSON does not
     * (inside a string yajl refuses them itself). */
    if (memchr(s, '\f', len) || memchr(s, '\v', len))
        note(j, j->src->line, _("a form feed or vertical tab (JSON allows only spaces, "
                                "tabs and line ends between values)"));
    size_t i = 0;
    if (j->ncarry) {  /* an escape cut by the end of the last chunk */
        char t[32];
        size_t take = len < 14 ? len : 14;
        memcpy(t, j->carry, j->ncarry);
        memcpy(t + j->ncarry, s, take);
        size_t elen = 0;
        int r = escape_at(t, j->ncarry + take, &elen);
        if (r == ESC_MORE) {
            if (j->ncarry + take > sizeof j->carry)  /* cannot happen: 12 bytes decide */
                take = 0;
            memcpy(j->carry + j->ncarry, s, take);
            j->ncarry += take;
            return true;
        }
        if ((r == ESC_NUL || r == ESC_LONE) && !add_bad(j, 0, r, t))
            return false;
        i = elen > j->ncarry ? elen - j->ncarry : 0;
        j->ncarry = 0;
    }
    while (i < len) {
        const char *p = memchr(s + i, '\\', len - i);
        if (!p)
            break;
        i = (size_t)(p - s);
        /* Most escapes are plainly fine: \uXXXX is bad only as \u0000 or
         * from \uD on (Thai text written by json.dump has one a letter). */
        if (i + 5 < len && s[i + 1] == 'u' && (s[i + 2] | 0x20) != 'd' &&
            memcmp(s + i + 2, "0000", 4) != 0) {
            i += 6;
            continue;
        }
        if (i + 1 < len && s[i + 1] != 'u') {
            i += 2;
            continue;
        }
        size_t elen = 0;
        int r = escape_at(s + i, len - i, &elen);
        if (r == ESC_MORE) {
            j->ncarry = len - i;  /* fewer than 12 bytes */
            memcpy(j->carry, s + i, j->ncarry);
            break;
        }
        if ((r == ESC_NUL || r == ESC_LONE) && !add_bad(j, i, r, s + i))
            return false;
        i += elen;
    }
    return true;
}

/* ---- the scanner, for arrays ---- */

enum { TRK_NONE, TRK_COMMA, TRK_CLOSE };

/* A `}` (list false) or `]` (list true) at depth > 1.  It closes the
 * nearest open container of its kind above the array's own level, and
 * every one inside that (`{"years": [1, 2}` closes the list and the
 * record: what the writer meant); with none, the innermost container. */
static void track_close(Track *t, bool list)
{
    if (t->depth > 64) {  /* deeper than the kinds are kept */
        t->depth--;
        return;
    }
    for (size_t d = t->depth; d >= 2; d--) {
        if (((t->lists >> (d - 1)) & 1) == list) {
            t->depth = d - 1;
            return;
        }
    }
    t->depth--;
}

/* The bytes the scanner must look at, inside a string and outside: the
 * rest are passed over a table look-up at a time (in a pretty-printed
 * array the scanner sees every byte). */
static const bool in_string_stop[256] = {['"'] = true, ['\\'] = true, ['\n'] = true,
                                         ['\r'] = true};
static const bool outside_stop[256] = {['"'] = true, ['{'] = true, ['['] = true,
                                       ['}'] = true, [']'] = true, [','] = true};

/* Follow s[0..len) from state *t.  With find_end, stop at the end of the
 * element open at depth 1: after its `,` (*found TRK_COMMA) or at the
 * array's `]` (TRK_CLOSE); returns where it stopped.  A line end closes a
 * string (JSON strings hold none), so that one broken quote cannot hide
 * the lines after it; a `}` at depth 1 is passed over. */
static size_t track(Track *t, const char *s, size_t len, bool find_end, int *found)
{
    size_t i = 0;
    *found = TRK_NONE;
    while (i < len) {
        if (t->str) {
            if (t->esc) {  /* the escaped byte; a line end still ends the string */
                t->esc = false;
                if (s[i] == '\n' || s[i] == '\r')
                    t->str = false;
                i++;
                continue;
            }
            while (i < len && !in_string_stop[(unsigned char)s[i]])
                i++;
            if (i == len)
                break;
            char c = s[i++];
            if (c == '\\')
                t->esc = true;
            else
                t->str = false;
            continue;
        }
        while (i < len && !outside_stop[(unsigned char)s[i]])
            i++;
        if (i == len)
            break;
        char c = s[i++];
        switch (c) {
        case '"':
            t->str = true;
            break;
        case '{':
        case '[':
            t->depth++;
            if (t->depth <= 64) {
                uint64_t bit = (uint64_t)1 << (t->depth - 1);
                t->lists = c == '[' ? t->lists | bit : t->lists & ~bit;
            }
            break;
        case '}':
        case ']':
            if (t->depth > 1)
                track_close(t, c == ']');
            else if (c == ']' && t->depth == 1)
                t->depth = 0;
            if (find_end && t->depth == 0) {
                *found = TRK_CLOSE;
                return i - 1;
            }
            break;
        case ',':
            if (find_end && t->depth == 1) {
                *found = TRK_COMMA;
                return i;
            }
            break;
        default:
            break;
        }
    }
    return i;
}

/* True when s[0..len) holds only commas and blanks. */
static bool only_commas(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ',' && !blank_byte(s[i]))
            return false;
    return true;
}

static bool comment_start(int c)
{
    return c == '/' || c == '#';
}

/* A line starting with c may start a record, or text that stands for
 * one (a key, `"`, or a closing bracket may not: they go on a record). */
static bool value_start(int c)
{
    return c >= 0 && c != '"' && c != '}' && c != ']' && c != ':' && !blank_byte((char)c);
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
    j->rec_col = SIZE_MAX;
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
    mem_free(j->bad);
    mem_free(j->replay);
}

/* ---- feeding ---- */

/* Give yajl the piece from `off` on. */
static yajl_status parse_chunk(JsonReader *j, size_t off)
{
    j->chunk_off = off;
    if (!scan_escapes(j, j->piece + off, j->piece_len - off))
        return yajl_status_client_canceled;
    j->fed = true;
    return yajl_parse(j->h, (const unsigned char *)j->piece + off, j->piece_len - off);
}

/* True when the piece (which ends its line) ends with `}`, blanks aside:
 * a record that begins on such a line and breaks there, or is still open
 * at its end, is taken for a one-line record with a bracket wrong, not
 * for the first line of an object spread over several. */
static bool closes_line(const JsonReader *j)
{
    size_t n = j->piece_len;
    while (n > 0 && blank_byte(j->piece[n - 1]))
        n--;
    return n > 0 && j->piece[n - 1] == '}';
}

/* Where a broken record of a sequence is not read any further: in JSON
 * lines, or when it was a line of its own (see closes_line), the rest of
 * its line; else every line up to the next one that may start a value
 * (see value_start) no further indented than the record's own `{`. */
static void pass_over(JsonReader *j, size_t col, bool ends, bool one_line)
{
    j->skip_line = !ends;
    if (j->mode != MODE_LINES && !(one_line && ends && closes_line(j))) {
        j->skipping = true;
        j->resume_col = col;
        /* A record that broke on its first line is likely a JSON line:
         * a line holding a string may then be the next record (in an
         * object spread over lines, a key's line comes after the first). */
        j->resume_quote = one_line;
    }
}

/* One piece of a sequence of objects.  False when reading must end. */
static bool seq_piece(JsonReader *j, int first)
{
    size_t line = j->src->line;
    bool ends = j->src->at_line_start;  /* this piece ends its line */
    if (j->piece_starts) {
        j->skip_line = false;
        if (first < 0)
            return true;  /* a blank line */
        /* A line starting a record (or a comment) no further indented
         * than the open one's `{`: the open record lost its end (in JSON
         * lines a line never starts inside a record). */
        if (j->depth > 0 && (first == '{' || comment_start(first)) &&
            j->line_indent <= j->rec_col && !j->skipping) {
            if (!broken(j, line, _("invalid JSON"), _("the record has no end: a new record starts on this line")) ||
                !renew_handle(j))
                return false;
        }
        if (j->depth == 0 && comment_start(first)) {
            note(j, line, _("a comment line (JSON has no comments)"));
            j->skip_line = true;
            return true;
        }
        if (j->depth == 0 && first == ',' && ends && only_commas(j->piece, j->piece_len)) {
            note(j, line, _("a line holding only `,`"));
            return true;
        }
        if (j->skipping) {
            bool starts_value = value_start(first) || (first == '"' && j->resume_quote);
            if (!starts_value || j->line_indent > j->resume_col) {
                j->skip_line = true;
                return true;
            }
            j->skipping = false;
        }
    } else if (j->skip_line) {
        return true;
    }
    yajl_status st = parse_chunk(j, 0);
    if (st == yajl_status_client_canceled) {
        if (!j->cut_line)
            return false;  /* the callback stopped, or out of memory */
        j->cut_line = false;
        if (!flush(j) || !renew_handle(j))
            return false;
        j->skip_line = !ends;
        return true;
    }
    if (st == yajl_status_error) {
        size_t col = j->in_record || j->pending ? j->rec_col : j->line_indent;
        bool began_earlier = j->in_record && j->rec_line < line;
        bool one_line = !began_earlier;
        if (!syntax_error(j, line) || !renew_handle(j))
            return false;
        /* A record that lost its end, broken by a line that can start a
         * value, no further indented than the record, or by a line that
         * holds no record: that line starts afresh. */
        if (began_earlier && j->piece_starts &&
            ((value_start(first) && j->line_indent <= col) || comment_start(first) ||
             (first == ',' && ends && only_commas(j->piece, j->piece_len))))
            return seq_piece(j, first);
        pass_over(j, col, ends, one_line);
        return true;
    }
    if (j->in_record) {
        j->raw_bytes += j->piece_len;
        if (j->raw_bytes > RAW_RECORD_CAP) {
            size_t col = j->rec_col;
            if (!broken(j, line, _("record is larger than 1 MiB"), NULL) || !renew_handle(j))
                return false;
            pass_over(j, col, ends, false);
            return true;
        }
    }
    if (ends && j->mode == MODE_LINES && j->depth > 0) {
        if (!broken(j, line, _("invalid JSON"),
                    _("the line ends inside the record (JSON lines hold one record a line)")) ||
            !renew_handle(j))
            return false;
    } else if (ends && j->in_record && j->rec_line == line && closes_line(j)) {
        if (!broken(j, line, _("invalid JSON"),
                    _("the line ends with `}` inside the record (a bracket is missing)")) ||
            !renew_handle(j))
            return false;
    }
    return !ends || flush(j);
}

/* A fresh parser in an array, between two elements.  The scanner is at
 * depth 1 there. */
static bool restart_array(JsonReader *j)
{
    if (!renew_handle(j))
        return false;
    j->chunk_off = 0;
    if (yajl_parse(j->h, (const unsigned char *)"[", 1) != yajl_status_ok) {
        fail_nomem(j);
        return false;
    }
    j->trk = TRACK_BETWEEN;
    j->rlen = 0;
    return true;
}

/* The scanner's state at offset e of the piece. */
static Track state_at(const JsonReader *j, size_t e)
{
    int found;
    Track t = j->trk;
    track(&t, j->replay, j->rlen, false, &found);
    track(&t, j->piece + j->known_at, e - j->known_at, false, &found);
    return t;
}

/* Keep the piece from known_at on, for state_at in a later piece. */
static bool keep_rest(JsonReader *j)
{
    size_t n = j->piece_len - j->known_at;
    if (n == 0)
        return true;
    if (j->rcap - j->rlen < n) {
        size_t cap = j->rcap ? j->rcap : 4096;
        while (cap - j->rlen < n)
            cap *= 2;
        char *r = mem_realloc(j->replay, cap);
        if (!r) {
            fail_nomem(j);
            return false;
        }
        j->replay = r;
        j->rcap = cap;
    }
    memcpy(j->replay + j->rlen, j->piece + j->known_at, n);
    j->rlen += n;
    return true;
}

/* Pass over the rest of a broken element, from piece offset `at`, with
 * the scanner where the break left it. */
static void seek_from(JsonReader *j, Track t, size_t line)
{
    j->trk = t;
    j->rlen = 0;
    j->seeking = true;
    j->seek_line = line;
}

/* One piece of a top-level array.  False when reading must end. */
static bool array_piece(JsonReader *j, int first)
{
    size_t line = j->src->line;
    size_t at = 0;
    if (j->piece_starts) {
        j->skip_line = false;
        if (first < 0)
            return true;
        /* A line starting a record (or a comment) no further indented
         * than the open element's `{`: that element lost its end. */
        if ((j->in_record || j->seeking) && (first == '{' || comment_start(first)) &&
            j->line_indent <= j->rec_col) {
            if (j->in_record &&
                !broken(j, line, _("invalid JSON"), _("the record has no end: a new record starts on this line")))
                return false;
            j->seeking = false;
            if (!restart_array(j))
                return false;
        }
        if (!j->in_record && !j->seeking && j->depth == 1 && comment_start(first)) {
            note(j, line, _("a comment line (JSON has no comments)"));
            j->skip_line = true;
            return true;
        }
    } else if (j->skip_line) {
        return true;
    }
    while (at < j->piece_len) {
        int found;
        if (j->seeking) {
            at += track(&j->trk, j->piece + at, j->piece_len - at, true, &found);
            if (found == TRK_NONE)
                return true;
            j->seeking = false;
            if (!restart_array(j))
                return false;
            j->after_comma = found == TRK_COMMA;
            continue;
        }
        size_t from = at;
        j->known_at = at;
        yajl_status st = parse_chunk(j, at);
        if (st == yajl_status_client_canceled)
            return false;
        if (st == yajl_status_ok) {
            if (j->in_record)
                j->raw_bytes += j->piece_len - at;
            /* An element over the limit (a record, or a scalar yajl is
             * still buffering) is given up here. */
            if (j->raw_bytes > RAW_RECORD_CAP || j->rlen > RAW_RECORD_CAP) {
                Track t = state_at(j, j->piece_len);
                if (!broken(j, line, _("record is larger than 1 MiB"), NULL))
                    return false;
                seek_from(j, t, j->rec_line);
                return true;
            }
            return keep_rest(j);
        }
        /* A syntax error: where is the scanner at the point of it? */
        size_t e = here(j);
        Track t = state_at(j, e);
        if (j->in_record || t.str || t.depth >= 2) {
            /* inside an element: that is the broken record */
            bool fresh = !j->in_record;
            if (!syntax_error(j, line))
                return false;
            if (fresh)
                j->rec_col = SIZE_MAX;
            seek_from(j, t, j->rec_line);
            at = e;
            continue;
        }
        if (j->depth == 0) {  /* yajl has taken the array's `]` */
            data_errorf(j->err, j->errsize,
                        "%s:%zu: text after the end of the array; the rest of the "
                        "input was not read", j->src->name, line);
            j->failed = true;
            return false;
        }
        /* Between elements: a stray `,`, a comment, or a broken value. */
        size_t s = j->known_at;
        while (s < j->piece_len && (blank_byte(j->piece[s]) || j->piece[s] == ','))
            s++;
        char c = s < j->piece_len ? j->piece[s] : '\0';
        /* (yajl may place a lexical error at or after its byte: with
         * s > from, each turn of the loop moves on.) */
        if (c == ']' || (s > from && s >= e && !comment_start(c))) {
            if (c == ']')
                note(j, line, _("a `,` before the array's `]`"));
            else
                note(j, line, _("a `,` with no record before it"));
            at = s;
            if (!restart_array(j))
                return false;
            continue;
        }
        if (comment_start(c)) {
            note(j, line, _("a comment (JSON has no comments)"));
            const char *close = NULL;
            if (c == '/' && s + 1 < j->piece_len && j->piece[s + 1] == '*') {
                for (size_t k = s + 2; k + 1 < j->piece_len && !close; k++)
                    if (j->piece[k] == '*' && j->piece[k + 1] == '/')
                        close = j->piece + k + 2;
            }
            if (!restart_array(j))
                return false;
            if (!close) {
                j->skip_line = true;
                return true;
            }
            at = (size_t)(close - j->piece);
            continue;
        }
        if (!syntax_error(j, line))
            return false;
        j->rec_col = j->piece_starts && s == j->line_indent ? s : SIZE_MAX;
        seek_from(j, TRACK_BETWEEN, line);
        at = s;
    }
    return true;
}

/* The end of an array's input. */
static void array_end(JsonReader *j)
{
    size_t line = j->src->line;
    if (j->seeking) {
        data_errorf(j->err, j->errsize,
                    "%s:%zu: the input ends inside record %zu (line %zu), which has no "
                    "end, so nothing after line %zu could be read", j->src->name, line,
                    j->number, j->seek_line, j->seek_line);
        j->failed = true;
        return;
    }
    if (yajl_complete_parse(j->h) != yajl_status_error)
        return;
    if (j->in_record) {
        size_t n = j->number, from = j->rec_line;
        if (!syntax_error(j, line))
            return;
        data_errorf(j->err, j->errsize,
                    "%s:%zu: the input ends inside record %zu (line %zu): the file may "
                    "have been cut short, and any records after it are missing",
                    j->src->name, line, n, from);
    } else {
        data_errorf(j->err, j->errsize,
                    P_("%s:%zu: the input ends before the array's `]`, after %zu record: "
                       "the file may have been cut short, and any records after it "
                       "are missing",
                       "%s:%zu: the input ends before the array's `]`, after %zu records: "
                       "the file may have been cut short, and any records after them "
                       "are missing", j->number),
                    j->src->name, line, j->number);
    }
    j->failed = true;
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
    j.mode = c == '[' ? MODE_ARRAY : MODE_UNDECIDED;
    j.base = j.mode == MODE_ARRAY ? 1 : 0;
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
        }
        j.piece = piece;
        j.piece_len = len;
        j.piece_starts = starts;
        more = j.mode == MODE_ARRAY ? array_piece(&j, first) : seq_piece(&j, first);
    }
    /* Nothing of a piece is looked at from here on. */
    j.piece = NULL;
    j.piece_len = 0;
    if (more) {
        if (src->failed) {
            j.failed = true;
            data_source_read_error(src, err, errsize);
        } else if (j.mode == MODE_ARRAY) {
            array_end(&j);
        } else {
            /* In a sequence a fresh handle has had nothing, which yajl
             * would call a premature end. */
            if (j.fed && yajl_complete_parse(j.h) == yajl_status_error)
                syntax_error(&j, src->line);
            flush(&j);
        }
    }
    reader_free(&j);
    if (j.stop)
        return j.stop;
    if (j.failed)
        return -1;
    if (j.notes == 1) {
        data_errorf(err, errsize,
                    "%s:%zu: %s, which holds no record; every record was read, but "
                    "the input is not valid JSON: remove it", src->name, j.note_line, j.note);
        return -1;
    }
    if (j.notes) {
        /* (the count is of the others, one or more: "and 1 more like it") */
        data_errorf(err, errsize,
                    P_("%s:%zu: %s (and %zu more like it), which holds no record; every record was "
                       "read, but the input is not valid JSON: remove them",
                       "%s:%zu: %s (and %zu more like it), which holds no record; every record was "
                       "read, but the input is not valid JSON: remove them", j.notes - 1),
                    src->name, j.note_line, j.note, j.notes - 1);
        return -1;
    }
    return 0;
}
