/* fuzz_json.c -- libFuzzer target: bytes through data_read(DATA_JSON) with the
 * schema of rules/2558/public-service.award, each record checked against what
 * data.h promises (numbering, fields, no block left live, a message with -1),
 * and two checks that every record is accounted for:
 *
 * - Lines: when every line that is not blank begins with `{` and ends with
 *   `}` (blanks aside; lines end at LF, CRLF or a lone CR, as the reader
 *   splits them), each line is one record, broken or not: as many records as
 *   such lines, the k-th on the k-th such line.  (An input whose first line
 *   is its only one is an array if it starts with `[`, so these inputs
 *   cannot be arrays.)
 * - Line ends: an input with LF line ends and no CR is read again with CRLF;
 *   the same records must come out (numbers, lines, errors or not, fields).
 *
 * Both skip inputs holding a NUL byte: data.c refuses some of those whole,
 * as UTF-16 or UTF-32 text, by where their NULs fall.
 *
 * Not the body of fuzz_data.h (which fuzz_csv.c uses): that one cannot see
 * the lines of its input. */
#include "fuzz_common.h"

static DataSchema fuzz_schema;

/* What one record was: enough to compare two readings and to place it. */
typedef struct Seen {
    FuzzRecords fr;
    size_t *lines;     /* line of each record (malloc) */
    unsigned *digest;  /* hash of each record's error flag and fields */
    size_t cap;
} Seen;

static unsigned digest_record(const RawRecord *rec)
{
    unsigned h = rec->error ? 1u : 2u;
    for (size_t i = 0; i < fuzz_schema.count; i++) {
        const RawField *f = &rec->fields[i];
        h = h * 131u + (unsigned)f->kind;
        if (f->kind == RAW_ABSENT)
            continue;
        h = h * 31u + fuzz_touch(f->text, f->len);
        for (uint32_t k = 0; f->kind == RAW_ARRAY && k < f->count; k++) {
            const RawField *it = &rec->items[f->first + k];
            h = h * 37u + (unsigned)it->kind + fuzz_touch(it->text, it->len);
        }
    }
    return h;
}

static int on_record(void *ctx, const RawRecord *rec)
{
    Seen *s = ctx;
    fuzz_check_record(&s->fr, rec);
    FUZZ_CHECK(!rec->error || rec->error[0], "record %zu: an empty error", rec->number);
    if (s->fr.records > s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->lines = realloc(s->lines, s->cap * sizeof *s->lines);
        s->digest = realloc(s->digest, s->cap * sizeof *s->digest);
        if (!s->lines || !s->digest)
            abort();
    }
    s->lines[s->fr.records - 1] = rec->line;
    s->digest[s->fr.records - 1] = digest_record(rec);
    return 0;
}

static int read_once(const uint8_t *data, size_t size, Seen *s)
{
    char err[512];
    long before = mem_live_blocks();
    char *copy;
    FILE *in = fuzz_open_input(data, size, &copy);
    memset(s, 0, sizeof *s);
    s->fr.nfields = fuzz_schema.count;
    memset(err, 0x55, sizeof err);
    int rc = data_read(in, "fuzz", DATA_JSON, &fuzz_schema, on_record, s, err, sizeof err);
    FUZZ_CHECK(rc == 0 || rc == -1, "data_read returned %d", rc);
    if (rc < 0) {
        FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL, "error message not terminated");
        FUZZ_CHECK(err[0] != '\0', "empty error message");
    }
    fclose(in);
    free(copy);
    long after = mem_live_blocks();
    FUZZ_CHECK(after == before, "%ld blocks live after the input, %ld before", after, before);
    return rc;
}

static void seen_free(Seen *s)
{
    free(s->lines);
    free(s->digest);
}

static bool blank(uint8_t c)
{
    return c == ' ' || c == '\t';
}

/* True when every line that is not blank is a record line (and there is
 * one): then want[0..*n) are their line numbers, from 1. */
static bool record_lines(const uint8_t *d, size_t size, size_t *want, size_t *n)
{
    size_t i = 0, line = 1, count = 0;
    if (size >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i <= size) {
        size_t a = i;
        while (i < size && d[i] != '\n' && d[i] != '\r')
            i++;
        size_t z = i;
        while (a < z && blank(d[a]))
            a++;
        while (z > a && blank(d[z - 1]))
            z--;
        if (a < z) {
            if (d[a] != '{' || d[z - 1] != '}')
                return false;
            want[count++] = line;
        }
        if (i == size)
            break;
        i += d[i] == '\r' && i + 1 < size && d[i + 1] == '\n' ? 2 : 1;
        line++;
    }
    *n = count;
    return count > 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_schema = fuzz_public_service_schema();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Seen first;
    int rc = read_once(data, size, &first);

    size_t *want = malloc((size + 1) * sizeof *want);
    size_t n = 0;
    if (!want)
        abort();
    bool nul = size && memchr(data, '\0', size);
    if (!nul && record_lines(data, size, want, &n)) {
        FUZZ_CHECK(rc == 0 || rc == -1, "rc %d", rc);
        FUZZ_CHECK(first.fr.records == n, "%zu lines of one record each, %zu records", n,
                   first.fr.records);
        for (size_t k = 0; k < n; k++)
            FUZZ_CHECK(first.lines[k] == want[k], "record %zu on line %zu, not %zu", k + 1,
                       first.lines[k], want[k]);
    }
    free(want);

    if (!nul && size && !memchr(data, '\r', size) && memchr(data, '\n', size)) {
        size_t lf = 0;
        for (size_t i = 0; i < size; i++)
            lf += data[i] == '\n';
        uint8_t *crlf = malloc(size + lf);
        if (!crlf)
            abort();
        size_t m = 0;
        for (size_t i = 0; i < size; i++) {
            if (data[i] == '\n')
                crlf[m++] = '\r';
            crlf[m++] = data[i];
        }
        Seen again;
        int rc2 = read_once(crlf, m, &again);
        FUZZ_CHECK(rc2 == rc, "LF: rc %d, CRLF: rc %d", rc, rc2);
        FUZZ_CHECK(again.fr.records == first.fr.records, "LF: %zu records, CRLF: %zu",
                   first.fr.records, again.fr.records);
        for (size_t k = 0; k < first.fr.records; k++) {
            FUZZ_CHECK(again.lines[k] == first.lines[k], "record %zu: line %zu with LF, %zu "
                       "with CRLF", k + 1, first.lines[k], again.lines[k]);
            FUZZ_CHECK(again.digest[k] == first.digest[k], "record %zu read differently with "
                       "CRLF", k + 1);
        }
        seen_free(&again);
        free(crlf);
    }
    seen_free(&first);
    return 0;
}
