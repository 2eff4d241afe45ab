/* data.h -- reading applications from CSV and JSON, one record at a time.
 *
 * A reader knows nothing of kinds or rules: it maps the fields it finds to the
 * slots of a schema (a list of field names) and hands each record, raw, to a
 * callback.  Converting a raw field to a value is the evaluator's job, done
 * only for the fields the application's category reads.
 *
 * Memory: a reader keeps one record at a time.  The RawRecord passed to the
 * callback, and every text it points to, are valid only during that call.
 *
 * Problems with one record (a ragged CSV row, invalid UTF-8, a broken JSON
 * line, a field holding an object) are reported in RawRecord.error and the
 * record is still delivered with whatever fields could be read, so that the
 * caller can name it by its id; reading then goes on with the next record.
 * Problems with the whole input (cannot open, no header row, an unknown JSON
 * top level) are returned as an error message and no record follows. */
#ifndef AWARD_DATA_H
#define AWARD_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum RawKind {
    RAW_ABSENT = 0,  /* no such column / key in this record */
    RAW_TEXT,        /* CSV cell: untyped text (may be empty) */
    RAW_STRING,      /* JSON string */
    RAW_NUMBER,      /* JSON number, text exactly as written */
    RAW_BOOL,        /* JSON true/false; text is "true" or "false" */
    RAW_NULL,        /* JSON null */
    RAW_ARRAY,       /* JSON array of scalars: items[first .. first+count) */
} RawKind;

typedef struct RawField {
    RawKind kind;
    const char *text;   /* not NUL-terminated; see len */
    size_t len;
    uint32_t first;     /* RAW_ARRAY: index of its first item in RawRecord.items */
    uint32_t count;     /* RAW_ARRAY: number of items */
} RawField;

typedef struct RawRecord {
    const RawField *fields;  /* one per schema slot, RAW_ABSENT when missing */
    const RawField *items;   /* items of RAW_ARRAY fields (scalars only) */
    size_t line;             /* 1-based line where the record starts */
    size_t number;           /* 1-based record number in this input */
    const char *error;       /* NULL, or what is wrong with the whole record;
                                names the field where there is one */
} RawRecord;

typedef struct DataSchema {
    size_t count;              /* number of slots */
    const char *const *names;  /* field name of each slot (UTF-8) */
} DataSchema;

/* Called once per record, in input order.  A nonzero return stops reading
 * (and data_read returns that value). */
typedef int (*DataRecordFn)(void *ctx, const RawRecord *rec);

typedef enum DataFormat { DATA_AUTO, DATA_CSV, DATA_JSON } DataFormat;

/* Read every record of `in`.  `name` is used in messages.  DATA_AUTO picks
 * JSON when the first non-blank character (after a byte-order mark) is `[`
 * or `{`, CSV otherwise.  Returns 0 when the input was read to the end,
 * the callback's nonzero value if it stopped, or -1 with a message in
 * err[0..errsize) when the input as a whole cannot be read. */
int data_read(FILE *in, const char *name, DataFormat format,
              const DataSchema *schema, DataRecordFn fn, void *ctx,
              char *err, size_t errsize);

/* The same for each format on its own. */
int data_read_csv(FILE *in, const char *name, const DataSchema *schema,
                  DataRecordFn fn, void *ctx, char *err, size_t errsize);
int data_read_json(FILE *in, const char *name, const DataSchema *schema,
                   DataRecordFn fn, void *ctx, char *err, size_t errsize);

#endif
