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
 * Problems with the whole input (cannot read, UTF-16 or UTF-32 text, no
 * header row, a broken header, a header naming a field twice or without a
 * column the caller requires, an unknown JSON top level) are returned as an
 * error message and no record follows.  No record is ever dropped or merged
 * with another without an error saying so.  Some JSON inputs are both: every record that can
 * be read is delivered, and data_read then returns -1 saying what was not
 * read or what is not JSON (see below).
 *
 * Both formats: a UTF-8 byte-order mark at the start is skipped; a UTF-16
 * or UTF-32 one, or a start with NUL in every other byte (UTF-16 without a
 * mark), is a whole-input error saying how to convert the file
 * ("apps.csv is UTF-16 text (Excel's "Unicode text", ...), not UTF-8: save
 * it as "CSV UTF-8" ..., or convert it with iconv -f UTF-16 -t UTF-8"); lines end
 * with LF, CRLF or a lone CR; RawRecord.line is the 1-based physical line on
 * which the record starts (a quoted CSV cell or a JSON object may run over
 * several lines); RawRecord.number counts the records delivered, from 1,
 * error records included.  Texts are checked as UTF-8 for the schema's
 * fields only ("field `agency` is not valid UTF-8"); a NUL byte in one is
 * its record's error too ("field `id` holds a NUL byte; ..."), never a text
 * cut short.  A record whose schema
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
 * has 9".  Text after a closing quote (`"Smart" Service`; spaces and tabs
 * before the next comma or the line's end are allowed) breaks the row: it
 * is delivered with the cells before the broken one and an error naming
 * the column ("column 3 (`title`) has text after its closing quote; quote
 * the whole cell and double each quote inside it ..."), and reading
 * resumes at the next physical line, which starts a row; in the header it
 * is a whole-input error naming the column.  A quote inside an unquoted
 * cell (`ab"c`) is text.  A quoted cell left open at the end of the input
 * makes the row it opened in an error naming its column and the lines it
 * took ("... lines 3 to 9 were read as this one record; close it"): the
 * input is a stream and cannot be read again from there.  In the header,
 * that too is a whole-input error.
 *
 * JSON: either one top-level array of objects, or objects one after another
 * (JSON lines, or objects spread over several lines).  Keys are matched to
 * the schema exactly; other keys are ignored with whatever they hold.  A
 * string is RAW_STRING (escapes resolved), a number RAW_NUMBER (its text as
 * written: "80.00", "-0", "1e2"), true/false RAW_BOOL, null RAW_NULL (text
 * "null"), a list of scalars RAW_ARRAY (text "", items in RawRecord.items).
 * Record errors: a field holding an object or a list with a list or object
 * in it, a key given twice (the first value stands), an element that is not
 * an object ("record 3 is not an object"), and an escape that is no
 * character, in a schema field (or an item of its list) or in a key of the
 * record: a lone surrogate (\ud800 not followed by a low half, or a low
 * half alone: "field `id`: \ud800 is a lone surrogate ...") or \u0000
 * ("field `id`: \u0000 is the NUL character ...").  (yajl would turn the
 * first into `?` and keep the second as a NUL byte, so that different ids
 * could read the same.)  Values of keys the schema does not name are not
 * checked.  An input holding no JSON record at the top level (empty,
 * blank, `abc`, `42`, `null`, `"x"`) is a whole-input error.
 *
 * Sequences.  The first record to end decides the layout.  If it ends on
 * the line it starts on, the input is JSON lines: every line that is not
 * blank holds one value and is one record; a line that ends inside its
 * record is that record's error ("the line ends inside the record ...")
 * and the next line starts afresh; text after a record on its line (a `,`,
 * a comment, a second value) is that record's error.  Otherwise objects
 * may run over several lines, and another may follow on the line where one
 * ends.  In both, a line that starts with `{` no further indented than the
 * `{` of a record still open means that record lost its end: it is
 * delivered with an error ("invalid JSON on line 9: the record has no end:
 * a new record starts on this line") and the line starts the next record
 * (so a nested object must not begin a line at its record's indentation).
 * A broken record is delivered with the fields read before the break and
 * an error such as "invalid JSON: premature EOF" (yajl's message; "invalid
 * JSON on line 9: ..." when the break is not on the line the record starts
 * on); in JSON lines reading goes on with the next line, otherwise with the
 * next line that starts with `{` no further indented than the broken
 * record (the rest of a broken multi-line object is passed over).
 *
 * Text that holds no record is never a record: a line holding only a
 * comment (`//`, `#`, a block comment) or only commas, in an array a comment or a
 * stray `,` between elements, and a form feed or vertical tab anywhere
 * (yajl takes them for spaces).  It is passed over, and when the input has
 * been read data_read returns -1 naming the first ("apps.json:4: a comment
 * line (JSON has no comments), which holds no record; every record was
 * read, but the input is not valid JSON: remove it").
 *
 * Arrays.  A syntax error inside element k (NaN or Infinity, which
 * Python's json.dump writes by default, a bad escape, a missing `,`, a list
 * left open) makes k an error record with the fields read before the
 * break, and reading resumes, with a fresh parser, after the `,` that ends
 * element k at depth 1 (found by following nesting, strings and escapes
 * from the end of the last whole element; a line end closes a string, and
 * a `}` closes the record even with a list open in it); so does a line
 * that starts with `{` no further indented than the open record's `{`.
 * Where that end cannot be found before the input ends, the input ends
 * inside the array, or text follows its `]`, every record read is
 * delivered and data_read returns -1 saying what was not read
 * ("apps.json:30: the input ends inside record 4 (line 7), which has no
 * end, so nothing after line 7 could be read"; "...: the input ends before
 * the array's `]`, after 12 records: the file may have been cut short, and
 * any records after them are missing"; "apps.json:20: text after the end
 * of the array; the rest of the input was not read").
 *
 * Size limits: besides the 1 MiB of text per record above, a record may
 * span at most 4 MiB of input, whatever it holds (this bounds what the
 * parser buffers for one token): beyond that it is delivered with the
 * error "record is larger than 1 MiB" and passed over like a broken one,
 * in a sequence and in an array alike. */
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
 * read, or (JSON) could not be read to its end or holds text that is no
 * record, after every record that could be read (err may be NULL). */
int data_read(FILE *in, const char *name, DataFormat format,
              const DataSchema *schema, DataRecordFn fn, void *ctx,
              char *err, size_t errsize);

/* data_read, where required (NULL: none) marks the schema slots that a CSV
 * header must have a column for: a header without one is a whole-input
 * error naming every such slot ("apps.csv:1: the header has no column
 * `id`, `type`; the rules need them").  JSON has no header: there a
 * missing key is absent in its record. */
int data_read_required(FILE *in, const char *name, DataFormat format,
                       const DataSchema *schema, const bool *required,
                       DataRecordFn fn, void *ctx, char *err, size_t errsize);

/* The same for each format on its own. */
int data_read_csv(FILE *in, const char *name, const DataSchema *schema,
                  DataRecordFn fn, void *ctx, char *err, size_t errsize);
int data_read_json(FILE *in, const char *name, const DataSchema *schema,
                   DataRecordFn fn, void *ctx, char *err, size_t errsize);

#endif
