/* scenario_internal.h -- what scenario.c (scenario files, the runner,
 * coverage, the command) shares with scenario_csv.c (cases kept in a
 * spreadsheet, and the export of a scenario file to one).  Private to
 * those two files.
 *
 * Ownership: a Suite owns its files (scn_suite_free); an SFile owns its
 * text, its arena (every field, title and expectation read from it) and
 * the heap arrays of its scenarios' cases.  A Runner owns the rule files
 * it loaded (scn_runner_free). */
#ifndef AWARD_SCENARIO_INTERNAL_H
#define AWARD_SCENARIO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "check.h"
#include "eval.h"

/* ---- what a scenario file says ---- */

/* One field of an application, as written: `unit_coverage_pct 79.99`. */
typedef struct SField {
    const char *name;
    RawKind kind;          /* RAW_NUMBER, RAW_STRING, RAW_BOOL, RAW_ARRAY, RAW_ABSENT (empty) */
    const char *text;
    size_t len;
    RawField *items;       /* RAW_ARRAY */
    uint32_t nitems;
    Span at;
    size_t order;          /* its place in the { }, for reporting duplicates */
    size_t slot;           /* the rules' input it sets (check_field_names) */
} SField;

typedef struct SFields {
    SField *f;
    size_t n;
} SFields;

typedef enum ExpKind {
    EXP_ELIGIBLE, EXP_NOT_ELIGIBLE, EXP_BECAUSE, EXP_TOTAL, EXP_POINTS, EXP_TIER,
    EXP_CATEGORY, EXP_ERROR, EXP_AGENCY, EXP_CHECK_CLEAN, EXP_CHECK_MSG,
    EXP_STAGE, EXP_PENDING,
    EXP_NOT_PENDING, EXP_NO_ERROR, /* only from a spreadsheet: `no` in `expect pending`, `expect error` */
} ExpKind;

typedef struct Expect {
    ExpKind kind;
    Span at;
    const char *name;      /* POINTS: node; TIER, CATEGORY: id; ERROR: field; AGENCY: agency code */
    const char *text;      /* BECAUSE: message; ERROR, CHECK_MSG: text to find */
    const char *cat, *tier;/* AGENCY */
    Dec num;               /* TOTAL, POINTS */
    bool warning;          /* CHECK_MSG */
    unsigned line, col;    /* CHECK_MSG: 0 when not given */
} Expect;

typedef struct ExpList {
    Expect *e;
    size_t n, cap;
} ExpList;

/* What a `case` line inside `in scenario` does to the reused scenario. */
typedef enum CaseOp {
    CASE_PLAIN,            /* an ordinary case of a scenario */
    CASE_CHANGE,           /* `case "T"`: changes the reused case T */
    CASE_ADD,              /* `add case "T"`: a new case */
    CASE_SKIP,             /* `skip case "T" because "..."`; also marks a reused case dropped */
} CaseOp;

typedef struct Case {
    const char *title;
    Span at;
    SFields with;
    ExpList expect;
    bool is_base;
    CaseOp op;
    bool has_with;         /* CASE_CHANGE: `with { }` was written */
    const char *reason;    /* CASE_SKIP */
    Span title_at;         /* CASE_CHANGE, CASE_SKIP: for "no such case" */
} Case;

typedef struct Scenario {
    const char *title;
    Span at;
    const char *rules;     /* as written, relative to the file rules_at is in */
    Span rules_at;
    bool own_rules;        /* named inside the scenario, not for the whole file */
    bool skipped;          /* dropped by `skip scenario` (while reuse is applied) */
    SFields given;
    Case *cases;           /* the base first, when it has expectations (heap) */
    size_t ncases, capcases;
    ExpList batch;         /* agency and check expectations */
} Scenario;

/* `in scenario "TITLE"` or `skip scenario "TITLE" because "..."`: the
 * changes a reusing file makes to one scenario of the file it reuses. */
typedef struct Patch {
    bool skip;
    const char *title;
    Span at;               /* the title */
    const char *reason;    /* skip */
    const char *rules;     /* NULL: the scenario's rules as reuse left them */
    Span rules_at;
    SFields given;
    bool has_given;
    ExpList base_expect;   /* `expect` before any case: the base's, replaced */
    Span base_at;
    ExpList batch;         /* agency and check expectations */
    Case *cases;           /* CASE_CHANGE, CASE_ADD, CASE_SKIP (heap) */
    size_t ncases, capcases;
} Patch;

typedef struct SFile {
    const char *path;
    char *own_path;        /* path, when it was made here (a file reused with `from`) */
    char *real;            /* its real path, to find circles of `from` (heap; NULL when unknown) */
    uint32_t index;        /* its place in the Suite: the `file` of every Span into it */
    char *text;
    size_t len;
    Source *src;
    Arena arena;
    Scenario *sc;          /* once reuse is applied: the reused ones first, then its own */
    size_t nsc, capsc;
    const char *from;      /* `from "PATH"`, as written; NULL when none */
    Span from_at;
    const char *reuse_rules; /* the `rules` line before the first scenario, when `from` is given */
    Span reuse_rules_at;
    SFields given;         /* `given` before the first scenario: merged into every reused base */
    bool has_given;
    Span given_at;
    Patch *patches;        /* in the order written (heap) */
    size_t npatches, cappatches;
    size_t skipped;        /* applications and batch expectations skipped, through the whole chain */
} SFile;

/* One scenario file run, with the files it reuses: files[0] is the file
 * run, files[k + 1] the file that files[k] names with `from`.  A Span's
 * `file` is its index here, so a message or a failure about a reused
 * scenario names the file and line where its text is written. */
typedef struct Suite {
    SFile **files;
    size_t nfiles, capfiles;
    Diags *d;
} Suite;

/* ---- running ---- */

/* A rule file loaded once for every scenario that names it. */
typedef struct Loaded {
    char *path;            /* as resolved */
    char *shown;           /* as named, which the rules and messages borrow */
    Rules *rules;
    Diags *diags;          /* its messages, kept for `check` expectations */
    bool ok;
    Coverage *cov;
} Loaded;

typedef struct Runner {
    Loaded *loaded;
    size_t nloaded, caploaded;
    size_t passed, failed;
    size_t skipped;        /* applications and expectations dropped by `skip` */
    bool coverage;
    FILE *out;
    int werr;              /* errno of the first write to `out` that failed */
} Runner;

/* The record of one case: the base's fields overridden by the case's. */
typedef struct Built {
    RawField *fields;
    RawField *items;
    RawRecord rec;
} Built;

/* Where an application's expectations are written, for its failures: a
 * scenario of a scenario file (each expectation at its own place), or a
 * row of a case spreadsheet (every expectation on the row's line). */
typedef struct Where {
    const Suite *su;       /* a scenario file; NULL for a spreadsheet row */
    const Scenario *s;
    const char *path;      /* a row: the spreadsheet, */
    size_t line;           /* the line the row starts on, */
    const char *scenario;  /* and its `scenario` cell (NULL: none) */
} Where;

/* Add e to l, growing it in arena a; false when memory ran out. */
bool scn_exp_push(Arena *a, ExpList *l, Expect e);

/* Everything the runner prints goes through here: a write that fails is
 * remembered (run->werr) and reported at the end. */
void scn_printf(Runner *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* rel taken from the folder of the file `file` (rel itself when absolute).
 * Heap; NULL when memory ran out. */
char *scn_join_path(const char *file, const char *rel);

/* A path as a person would type it from here: relative to the current
 * folder when under it.  Heap; NULL when memory ran out. */
char *scn_shown_path(const char *path);

/* The rule file at path, loaded (and checked) once per run; NULL when
 * memory ran out.  Its `ok` says whether it checks without errors. */
Loaded *scn_load_rules(Runner *run, const char *path);

/* The rules' inputs of one case: the base's fields (`given`), those of the
 * case (`with`) put in their place; every field must have its slot
 * (scn_check_field_names).  False when memory ran out. */
bool scn_build_record(const Rules *r, const SFields *given, const SFields *with, Built *b, size_t number);
void scn_free_built(Built *b);

/* The file a span of a suite points into. */
const SFile *scn_file_at(const Suite *su, Span at);

/* Give each field of fs its slot among the rules' inputs; a name the rules
 * do not have is an error (into su->d) with the closest name.  c is the
 * case the fields belong to, NULL for the base. */
bool scn_check_field_names(const Suite *su, const Scenario *sc, const Case *c, const Rules *r, SFields *fs);

/* Check one application's expectations against its result, print each
 * that does not hold; returns how many did not. */
int scn_check_case(Runner *run, const Where *w, const Case *c, const Rules *r, const AppResult *res);

/* Read the scenario file at path (borrowed) and every file it reuses into
 * su, reuse applied: su->files[0]->sc is then every scenario to run.
 * False when anything is wrong (reported into su->d). */
bool scn_load_suite(Suite *su, const char *path);
/* Free the files of su (not su->d). */
void scn_suite_free(Suite *su);

/* Free the rule files a runner loaded. */
void scn_runner_free(Runner *run);

#endif
