/* diag.h -- diagnostics: errors and warnings about rule files, with places.
 *
 * A message is collected with its source span, then printed as
 *
 *   rules/2558/x.award:12:13: error: unknown name `core_misson`
 *      12 |     require core_misson "ต้องเป็นภารกิจหลัก"
 *         |             ^~~~~~~~~~~
 *         = note: did you mean `core_mission`?
 *
 * Lines and columns are 1-based; a column counts display columns (characters
 * as they take space on screen: Thai combining vowels and tone marks take
 * none), so the caret lands under the right character on Thai lines.
 *
 * Layout, exactly:
 * - Head: "NAME:LINE:COL: error: MESSAGE" (or "warning"); a message without
 *   a source (src == NULL) is just "error: MESSAGE".
 * - Source line: one space, the line number right-aligned in the gutter,
 *   " |", then a space and the line (without its line break);
 *   an empty line gets no blank after the bar.  The gutter is as wide as the
 *   largest line number shown in the message (its notes included), and at
 *   least 4, so usually "   12 | ".
 * - Caret line: one space, the blank gutter, " | ", then a space per column
 *   before the span (tabs of the source line copied as tabs), '^', and '~'
 *   for each further column of the span.  A span running over several lines
 *   is underlined to the end of its first line; an empty span, or one at the
 *   end of a line or of the file, gets a single '^' just after the last
 *   character.  An offset at the very end of a file that ends in a line
 *   break counts as the end of its last line, not as the start of a line
 *   after it.
 * - Lines end at LF, CR LF or a lone CR (old Mac files), all three in one
 *   file if need be.  A UTF-8 byte-order mark at the start of the text is
 *   not part of line 1: columns count from after it (an offset inside it is
 *   line 1, column 1).
 * - Notes, in the order added, after the message's snippet: one with a span
 *   prints "NAME:LINE:COL: note: MESSAGE" and its own snippet; one without
 *   (src == NULL) prints one space, the blank gutter, " = note: MESSAGE"
 *   (the '=' under the bars).
 * - Messages are printed one after another, no blank lines between them.
 *   After DIAG_MAX_ERRORS kept errors, later errors (and their notes) are
 *   only counted; diag_print then ends with "N more errors not shown"
 *   ("1 more error not shown").  Warnings are always kept.
 *
 * Language: the format of a message or note is looked up in the catalogue
 * of the chosen language (i18n.h) when it is added, so callers pass English
 * literals; the level words and the closing counts are translated when
 * printed.  Spans, source lines and carets are the same in every language:
 * they come from the source, not from the message.
 *
 * Ownership: a Diags owns its messages and the Source records it hands out;
 * a Source borrows the text it is given, which must outlive the Diags (the
 * name is copied). */
#ifndef AWARD_DIAG_H
#define AWARD_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A byte range [start, end) in one source text.  `file` says which: an
 * index into the table of files a set of rules was read from (Rules.files;
 * 0 is the file named on the command line, and the only one of a rule file
 * that extends no other).  The diag functions take the Source itself. */
typedef struct Span {
    uint32_t start, end;
    uint32_t file;
} Span;

typedef struct Source Source;

typedef enum DiagLevel { DIAG_ERROR, DIAG_WARNING } DiagLevel;

typedef struct Diags Diags;

Diags *diag_new(void);
void diag_free(Diags *d);

/* Register a source text under a display name (usually the path as given). */
Source *diag_source(Diags *d, const char *name, const char *text, size_t len);
/* 3 when text starts with the UTF-8 byte-order mark (EF BB BF, which
 * Notepad's "UTF-8 with BOM" writes), else 0: readers start after it. */
size_t diag_bom_length(const char *text, size_t len);
/* True when the text is UTF-16 rather than UTF-8: it starts with a UTF-16
 * byte-order mark (FF FE or FE FF, as Notepad's "Unicode" and PowerShell 5's
 * Out-File write), or its first character is ASCII with a zero byte beside
 * it, as UTF-16 without a mark has. */
bool diag_is_utf16(const char *text, size_t len);
/* What to do about a UTF-16 file, for the end of a message: marked for
 * the catalogue (N_ leaves the bare literal, which still joins the literals
 * beside it); a message that puts it in a %s translates it with _(). */
#ifndef N_
#define N_(msgid) msgid
#endif
#define DIAG_UTF16_ADVICE N_("save it as UTF-8 (in Notepad: File > Save as, Encoding: UTF-8)")
const char *diag_source_name(const Source *src);
const char *diag_source_text(const Source *src, size_t *len);

/* 1-based line and display column of byte offset `off` in src. */
void diag_linecol(const Source *src, uint32_t off, unsigned *line, unsigned *col);

/* Add a message (printf format, translated here; a message with a count
 * may pass P_()'s choice, which the look-up leaves as it is).  Returns nothing: errors beyond
 * DIAG_MAX_ERRORS are counted but not kept, and one final message says so. */
#define DIAG_MAX_ERRORS 100
void diag_error(Diags *d, const Source *src, Span at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_warning(Diags *d, const Source *src, Span at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_add(Diags *d, DiagLevel level, const Source *src, Span at,
              const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));
/* Attach a note to the most recent message: with a span it is printed with
 * its own place and caret, with src == NULL as a plain "= note:" line.
 * Ignored when there is no message yet or the last one was not kept. */
void diag_note(Diags *d, const Source *src, Span at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

size_t diag_count(const Diags *d, DiagLevel level);

/* Put the messages in the order of their files and, within a file, of
 * their places (stable: messages at one place keep their order, notes stay
 * with their message, messages about no file come first).  The parser and
 * the checker find mistakes in different passes, but a reader goes down the
 * file once. */
void diag_sort(Diags *d);

/* Print every message in the order added (or sorted), then, only when errors were not
 * kept, the "N more errors not shown" line. */
void diag_print(const Diags *d, FILE *out);
/* Print the closing count over every source, counting errors that were
 * not kept: "3 errors and 1 warning", "1 error", "2 warnings", then a
 * newline; nothing at all when there are none.  No file name: one Diags may
 * hold several sources. */
void diag_print_summary(const Diags *d, FILE *out);

/* The closest of `n` candidates to `name` by edit distance over code
 * points, or NULL when none is close enough to suggest (distance more than
 * a third of the name's length in code points, at least 1, at most 3).
 * Ties go to the earliest candidate.  A candidate equal to `name` is never
 * the answer (it is skipped, the others still count); NULL entries are
 * skipped. */
const char *diag_suggest(const char *name, const char *const *candidates, size_t n);

#endif
