/* data.h -- reading applications from CSV and JSON, one record at a time.
 *
 * A reader knows nothing of kinds or rules: it maps the fields it finds to the
 * slots of a schema (a list of field names) and hands each record, raw, to a
 * callback.  Converting a raw field to a value is the evaluator's job, done
 * only for the fields the application's category reads.
 *
 * Memory: a reader keeps one record at a time.  The RawRecord passed to the
 * callback, and every text it points to, are valid only during that call.
 * Input is read in blocks and never held whole; what a reader holds grows
 * with its largest record, not with the number of records.
 *
 * Problems with one record (a ragged CSV row, invalid UTF-8, a broken JSON
 * line, a field holding an object) are reported in RawRecord.error and the
 * record is still delivered with whatever fields could be read, so that the
 * caller can name it by its id; reading then goes on with the next record.
 * Problems with the whole input (cannot read, no header row, a header naming
 * a field twice, an unknown JSON top level) are returned as an error message
 * and no record follows.  One case is both: a syntax error inside a JSON
 * array (see below).
 *
 * Both formats: a UTF-8 byte-order mark at the start is skipped; lines end
 * with LF, CRLF or a lone CR; RawRecord.line is the 1-based physical line on
 * which the record starts (a quoted CSV cell or a JSON object may run over
 * several lines); RawRecord.number counts the records delivered, from 1,
 * error records included.  Texts are checked as UTF-8 for the schema's
 * fields only ("field `agency` is not valid UTF-8").  A record whose schema
 * fields hold more than 1 MiB of text, or with any one value (mapped or
 * not) larger than that, is delivered with the fields that fit before it
 * and the error "record is larger than 1 MiB".
 *
 * CSV (RFC 4180): the first row that is not empty is the header; its names
 * are matched exactly to the schema's, after dropping the spaces and tabs
 * around them.  Columns may come in any order; columns the schema does not
 * name are ignored; a schema field with no column is RAW_ABSENT in every
 * record; a header naming a schema field twice is a whole-input error.
 * Every cell is RAW_TEXT (an empty cell has len 0).  Spaces and tabs around
 * an unquoted cell are not part of it (libcsv's rule: quote the cell to keep
 * them).  An empty line, or one holding only spaces and tabs, is not a
 * record.  A row with another number of cells than the header is delivered
 * with the cells it has and an error such as "row has 7 fields, the header
 * has 9"; so is a quoted cell left open at the end of the input.
 *
 * JSON: either one top-level array of objects, or objects one after another
 * (JSON lines, or objects spread over several lines).  Keys are matched to
 * the schema exactly; other keys are ignored with whatever they hold.  A
 * string is RAW_STRING (escapes resolved), a number RAW_NUMBER (its text as
 * written: "80.00", "-0", "1e2"), true/false RAW_BOOL, null RAW_NULL (text
 * "null"), a list of scalars RAW_ARRAY (text "", items in RawRecord.items).
 * Record errors: a field holding an object or a list with a list or object
 * in it, a key given twice (the first value stands), an element that is not
 * an object ("record 3 is not an object").
 *
 * Broken JSON.  In a sequence of objects, the record open where the syntax
 * breaks (or one standing for the broken text) is delivered with an error
 * such as "invalid JSON: premature EOF" (yajl's message; "invalid JSON on
 * line 9: ..." when the break is not on the line the record starts on) and
 * the fields read before the break.  Reading resumes at the next line that
 * starts with `{` no further indented than the broken record (the rest of
 * a broken multi-line object is passed over), or at the line of the break
 * itself when that line starts a record after a record that lost its end.
 * In an array nothing after a syntax error can be trusted: one error
 * record is delivered, its message ending "; the rest of the input was not
 * read", and data_read then returns -1 with the same message
 * ("apps.json:9: invalid JSON: ...; the rest of the input was not read"),
 * so the caller also knows the input stopped early.  The same happens to a
 * record spanning more than 4 MiB of input, whatever it holds (in JSON
 * lines such a record is given up and reading resumes as after a broken
 * line): this bounds what the parser buffers. */
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

/* Read every record of `in`.  `name` is used in messages (whole-input
 * messages start with it, "apps.csv:1: the header names `id` twice ...";
 * record errors do not, the caller has the name and RawRecord.line).
 * DATA_AUTO picks JSON when the first non-blank character (after a
 * byte-order mark) is `[` or `{`, CSV otherwise.  Returns 0 when the input
 * was read to the end, the callback's nonzero value if it stopped, or -1
 * with a message in err[0..errsize) when the input as a whole cannot be
 * read, or stopped early after a syntax error in a JSON array (err may be
 * NULL). */
int data_read(FILE *in, const char *name, DataFormat format,
              const DataSchema *schema, DataRecordFn fn, void *ctx,
              char *err, size_t errsize);

/* The same for each format on its own. */
int data_read_csv(FILE *in, const char *name, const DataSchema *schema,
                  DataRecordFn fn, void *ctx, char *err, size_t errsize);
int data_read_json(FILE *in, const char *name, const DataSchema *schema,
                   DataRecordFn fn, void *ctx, char *err, size_t errsize);

#endif
