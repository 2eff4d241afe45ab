/* data_dump.c -- every record a data reader delivers, written out whole, so
 * that a reader written by someone else (Python's csv and json modules, in
 * tests/differential/) can be compared with ours on the same input.
 *
 * usage: data_dump csv|json|auto FILE FIELD...
 *
 * One JSON object a line on standard output; every text is given as the hex
 * of its bytes, so that any byte (invalid UTF-8, NUL) comes through as it is:
 *   {"n":1,"line":2,"error":null,"fields":[["text","4131",[]],["absent","",[]]]}
 *   {"n":2,"line":3,"error":"726f77...","fields":[...]}
 *   {"rc":0,"err":null}
 * fields follow the FIELD arguments (the schema); an array's items are
 * [kind, hex] pairs.  The last line is data_read's return value and its
 * whole-input message.  Exit status 0 whatever the reader said (the caller
 * compares), 2 on a usage error. */
#include "data.h"

#include <stdio.h>
#include <string.h>

static const char *kind_name(RawKind k)
{
    static const char *const names[] = {
        [RAW_ABSENT] = "absent", [RAW_TEXT] = "text",   [RAW_STRING] = "string",
        [RAW_NUMBER] = "number", [RAW_BOOL] = "bool",   [RAW_NULL] = "null",
        [RAW_ARRAY] = "array",
    };
    return names[k];
}

static void put_hex(const char *s, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    putchar('"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        putchar(digits[c >> 4]);
        putchar(digits[c & 15]);
    }
    putchar('"');
}

static void put_hex_or_null(const char *s)
{
    if (s)
        put_hex(s, strlen(s));
    else
        fputs("null", stdout);
}

typedef struct Dump {
    size_t nfields;
} Dump;

static int on_record(void *ctx, const RawRecord *rec)
{
    const Dump *d = ctx;
    printf("{\"n\":%zu,\"line\":%zu,\"error\":", rec->number, rec->line);
    put_hex_or_null(rec->error);
    fputs(",\"fields\":[", stdout);
    for (size_t i = 0; i < d->nfields; i++) {
        const RawField *f = &rec->fields[i];
        printf("%s[\"%s\",", i ? "," : "", kind_name(f->kind));
        put_hex(f->kind == RAW_ABSENT ? "" : f->text, f->kind == RAW_ABSENT ? 0 : f->len);
        fputs(",[", stdout);
        for (uint32_t j = 0; f->kind == RAW_ARRAY && j < f->count; j++) {
            const RawField *it = &rec->items[f->first + j];
            printf("%s[\"%s\",", j ? "," : "", kind_name(it->kind));
            put_hex(it->text, it->len);
            putchar(']');
        }
        fputs("]]", stdout);
    }
    fputs("]}\n", stdout);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: data_dump csv|json|auto FILE FIELD...\n", stderr);
        return 2;
    }
    DataFormat fmt = strcmp(argv[1], "csv") == 0    ? DATA_CSV
                     : strcmp(argv[1], "json") == 0 ? DATA_JSON
                                                    : DATA_AUTO;
    FILE *in = fopen(argv[2], "rb");
    if (!in) {
        perror(argv[2]);
        return 2;
    }
    DataSchema schema = { (size_t)(argc - 3), (const char *const *)(argv + 3) };
    Dump d = { schema.count };
    char err[1024] = "";
    int rc = data_read(in, argv[2], fmt, &schema, on_record, &d, err, sizeof err);
    fclose(in);
    printf("{\"rc\":%d,\"err\":", rc);
    put_hex_or_null(rc < 0 ? err : NULL);
    fputs("}\n", stdout);
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 2;
}
