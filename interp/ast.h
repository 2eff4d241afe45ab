/* ast.h -- the tree a rule file compiles to.
 *
 * The parser builds it; the checker resolves names to slots and kinds in
 * place; the evaluator, `explain` and any later pretty-printer walk it.
 * Every node keeps its source span for messages.
 *
 * Ownership: all nodes, arrays and strings of one Rules live in its arena
 * and are freed together by rules_free.  Names and texts are NUL-terminated
 * UTF-8. */
#ifndef AWARD_AST_H
#define AWARD_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dec.h"
#include "diag.h"
#include "mem.h"

/* ---- kinds of values (the checker's types) ---- */

typedef enum KindTag {
    KIND_ERROR = 0,  /* already reported: silences follow-on messages */
    KIND_BOOL,
    KIND_INTEGER,
    KIND_DECIMAL,
    KIND_YEAR,       /* an integer counted in the award's era */
    KIND_TEXT,
    KIND_DATE,
    KIND_ENUM,       /* one of a declared set of names */
    KIND_LIST,       /* list of `elem` */
    KIND_CATEGORY,   /* the field that picks the category */
    KIND_RANGE,      /* a .. b, only in `in` and quantifiers */
    KIND_MODE,       /* a rounding mode, only as round()'s third argument */
} KindTag;

typedef struct Kind Kind;
struct Kind {
    KindTag tag;
    const Kind *elem;         /* KIND_LIST, KIND_RANGE: element kind */
    const char *const *names; /* KIND_ENUM: the allowed names */
    size_t nnames;
    bool ordered;             /* KIND_ENUM: an ordered scale (`one of a < b`):
                                 names[0] is the lowest */
};

/* ---- expressions ---- */

typedef enum ExprTag {
    EX_NUMBER, EX_STRING, EX_BOOL, EX_DATE, EX_MODE,
    EX_NAME,      /* resolved by the checker: see NameRef */
    EX_YEAR,      /* the award year */
    EX_NEG, EX_NOT,
    EX_ADD, EX_SUB, EX_MUL, EX_DIV,
    EX_EQ, EX_NE, EX_LT, EX_LE, EX_GT, EX_GE,
    EX_AND, EX_OR,
    EX_IN,        /* a in b: b a list, a range or a list literal */
    EX_LIST,      /* [a, b, c] */
    EX_RANGE,     /* a .. b */
    EX_CALL,      /* fn(args) */
    EX_ALL, EX_ANY,  /* all v in xs: body / any v in xs: body */
} ExprTag;

typedef enum Builtin {
    FN_UNKNOWN = 0,
    FN_ANY, FN_ALL,          /* any(a, b, ...), all(a, b, ...) over bools */
    FN_MIN, FN_MAX, FN_SUM,  /* over numbers, or one list of numbers */
    FN_COUNT,                /* count(list) */
    FN_LENGTH,               /* length(list): count's other name */
    FN_WORDS, FN_CHARS,      /* words(text), chars(text): textmeasure.h */
    FN_ROUND,                /* round(x, places, mode) */
    FN_PRESENT,              /* present(optional field) */
    FN_WON,                  /* won(category, tier): agency-level only */
} Builtin;

typedef enum NameRefTag {
    REF_NONE = 0, REF_INPUT, REF_LET, REF_VAR,
    REF_SCORE,    /* a score's total, in a category's condition: slot is
                     the score's index in Rules.scores */
} NameRefTag;

typedef struct Expr Expr;
struct Expr {
    ExprTag tag;
    Span span;
    uint32_t depth;       /* height of this subtree, bounded by the parser */
    bool in_round;        /* EX_DIV directly inside round(): rounded exactly */
    bool retold;          /* differs from its source text (a category renamed
                             in a later year's file): write it from the tree */
    const Kind *kind;     /* set by the checker */
    union {
        Dec num;                       /* EX_NUMBER */
        const char *str;               /* EX_STRING, EX_NAME (the name) */
        bool boolean;                  /* EX_BOOL */
        int32_t date;                  /* EX_DATE: days since 1970-01-01 */
        DecRound mode;                 /* EX_MODE */
    } v;
    Expr *a, *b;          /* operands; EX_ALL/EX_ANY: a = collection, b = body */
    /* EX_CALL, EX_LIST: arguments */
    Expr **args;
    size_t nargs;
    const char *fname;    /* EX_CALL: function name as written */
    Builtin fn;           /* EX_CALL: resolved */
    /* EX_NAME: what it refers to (set by the checker) */
    NameRefTag ref;
    uint32_t slot;        /* REF_INPUT: input slot; REF_LET: let index;
                             REF_VAR: quantifier variable depth */
    /* EX_ALL/EX_ANY: the variable */
    const char *var;
    uint32_t var_depth;
    /* FN_WON: resolved category index and tier name index */
    uint32_t won_cat, won_tier;
};

/* ---- declarations ---- */

typedef struct InputDecl {
    const char *name;
    const char *label;     /* may be NULL */
    Span span;             /* the name */
    Span kind_span;
    Kind kind;
    bool optional;         /* empty/absent is allowed and gives no value */
    Expr *lo, *hi;         /* range bounds, may be NULL */
    bool lo_strict, hi_strict;  /* > / < instead of >= / <= */
    uint32_t slot;
} InputDecl;

typedef struct LetDecl {
    const char *name;
    Span span;
    Expr *expr;
    uint32_t index;
} LetDecl;

typedef enum NodeTag { NODE_GROUP, NODE_LEAF, NODE_BONUS } NodeTag;

typedef struct ScoreNode ScoreNode;
struct ScoreNode {
    NodeTag tag;
    const char *name;      /* NODE_BONUS: "bonus" */
    const char *label;     /* may be NULL */
    Span span;
    Dec out_of;            /* maximum points (bonus: the points given) */
    bool has_out_of;
    bool capped;           /* NODE_GROUP: points above out_of are cut */
    bool has_round;        /* points rounded to round_places by round_mode */
    int round_places;
    DecRound round_mode;
    bool has_weight;       /* NODE_LEAF: points = weight * expr */
    Dec weight;
    Expr *expr;            /* NODE_LEAF: value (NULL: the input or let of the
                              same name); NODE_BONUS: the condition */
    ScoreNode **kids;      /* NODE_GROUP: children, bonuses among them */
    size_t nkids;
    ScoreNode *parent;
    uint32_t index;        /* position in Rules.nodes (all scores) */
    uint32_t column;       /* report column shared by same-named nodes */
    Span changed;          /* the last `change` of it in a later year's file
                              (empty: none), for messages about it */
};

typedef struct ScoreDecl {
    const char *name;
    Span span;
    ScoreNode *root;
    int max_places;        /* set by the checker: most decimals a result has */
} ScoreDecl;

typedef enum TierRule { TIER_AT_LEAST, TIER_RANGE, TIER_OTHERWISE } TierRule;

typedef struct TierEntry {
    const char *id;
    const char *label;     /* may be NULL */
    const char *note;      /* may be NULL */
    Span span;
    TierRule rule;
    Dec lo, hi;            /* AT_LEAST: lo; RANGE: lo..hi inclusive */
    uint32_t name_index;   /* index into Rules.tier_names */
    uint32_t index;        /* among all tier entries of the rules (coverage) */
    Span changed;          /* the last `change` of it in a later year's file */
} TierEntry;

typedef struct TierDecl {
    const char *name;
    const char *label;
    Span span;
    const char **on;       /* the scores it grades */
    size_t non;
    Span on_span;
    ScoreDecl **scores;    /* resolved, one per name in `on` */
    TierEntry *entries;
    size_t nentries;
} TierDecl;

/* A stage of assessment (`stages { ... }`): applications go through the
 * stages in order; one whose conditions of a stage fail stops there and
 * gets the stage's result, one whose fields for a stage have not come yet
 * waits there (`pending`). */
typedef struct StageDecl {
    const char *id;
    const char *label;     /* may be NULL */
    Span span;
    const char *stop_id;   /* `otherwise ID "label"`: the result of an
                              application that stops here; NULL: "ineligible" */
    const char *stop_label;
    Span stop_span;
    uint32_t index;
    struct Require *requires; /* what every category requires at this stage
                                 (`ID "label" { require ... }`) */
    size_t nrequires;
} StageDecl;

typedef struct Require {
    /* The condition's handle, by which a later year's file changes or
     * removes it: given as `require NAME: ...`, else derived by the checker
     * (the first field or let it reads, when no other condition of the
     * category derives the same); NULL when it has none. */
    const char *name;
    Span name_span;        /* where it was given; empty when derived */
    Expr *cond;
    const char *message;   /* may be NULL: the source text is shown; `{id}`
                              in it is replaced by category id's title */
    const char *message_src; /* the message as written (before `{id}`) */
    Span message_span;
    const char *source;    /* the condition's text as written */
    Span span;
    uint32_t index;        /* among all conditions of the rules (coverage) */
    bool kept;             /* `keep require NAME`: confirmed for this year */
    const char *stage_name;/* the `stage NAME { ... }` it is written in, or NULL */
    Span stage_span;
    uint32_t stage;        /* set by the checker: the stage it belongs to (one
                              written in no stage block: the last) */
    const char *group;     /* taken from `conditions GROUP`, or NULL */
    bool stage_wide;       /* taken from a stage's own block (`stages`) */
    const struct Require *shared; /* ... the group's or stage's own condition: every
                              category's copy has its index (coverage counts
                              a shared condition once) */
    Span group_span;       /* the `require GROUP` line that took it */
} Require;

/* A named group of conditions (`conditions NAME "label" { require ... }`)
 * that categories take whole with `require NAME`; each condition keeps its
 * own message. */
typedef struct CondGroup {
    const char *name;
    const char *label;     /* may be NULL */
    Span span;
    Require *requires;
    size_t nrequires;
} CondGroup;

typedef struct CategoryDecl {
    int64_t number;
    const char *id;
    const char *title;
    Span span;             /* the identifier */
    Span number_span;
    bool per_agency;
    Require *requires;
    size_t nrequires;
    const char *score_name, *tiers_name;
    Span score_span, tiers_span;
    ScoreDecl *score;      /* resolved; NULL when not scored */
    TierDecl *tiers;
    uint32_t index;
    uint8_t *reads;        /* set by the checker: reads[slot] != 0 when the
                              category reads that input; it is 1 + the first
                              stage that reads it (1 without stages) */
    bool staged;           /* it has conditions in `stage` blocks */
    size_t nown;           /* set by the checker: its own conditions, the
                              first of `requires`; after them come the
                              copies of what its stages require of all */
} CategoryDecl;

/* Growable array of pointers, used while building. */
typedef struct PtrVec {
    void **items;
    size_t count, cap;
} PtrVec;
void ptrvec_push(Arena *a, PtrVec *v, void *item);

/* ---- one file as read, and the changes a later year's file states ---- */

/* What a change does, and to what.  A file that `extends` another states
 * its items as changes: `add`, `change`, `remove`, `rename`, or `keep` (an
 * inherited item confirmed as reviewed for this year). */
typedef enum ChangeVerb { VERB_ADD, VERB_CHANGE, VERB_REMOVE, VERB_RENAME, VERB_KEEP } ChangeVerb;
typedef enum ChangeWhat {
    CH_INPUT, CH_LET, CH_SCORE, CH_NODE, CH_BONUS, CH_TIERS, CH_TIER, CH_CATEGORY, CH_REQUIRE,
} ChangeWhat;

/* Which parts a `change` gives: the parts not given are inherited. */
enum {
    GIVE_LABEL = 1, GIVE_OUT_OF = 2, GIVE_WEIGHT = 4, GIVE_CAPPED = 8, GIVE_ROUND = 16, GIVE_EXPR = 32,
    GIVE_RULE = 64, GIVE_NOTE = 128, GIVE_ON = 256, GIVE_SCORED = 512, GIVE_MESSAGE = 1024,
    GIVE_COND = 2048, GIVE_PER = 4096,
};

typedef struct Change Change;
struct Change {
    ChangeVerb verb;
    ChangeWhat what;
    const char *name;      /* what it changes (CH_BONUS: "bonus") */
    Span name_span;
    Span span;             /* the verb, for messages about the change as a whole */
    /* VERB_ADD and VERB_CHANGE: the new item (InputDecl, LetDecl,
     * ScoreDecl, ScoreNode, TierDecl, TierEntry, CategoryDecl, Require);
     * for a change, only the parts in `given` count. */
    void *item;
    unsigned given;
    PtrVec kids;           /* changes inside a changed score, node, tiers or category */
    const char *new_name;  /* VERB_RENAME */
    Span new_name_span;
};

/* One rule file as parsed: a whole award, or (with `extends`) the changes
 * to the award of another file. */
typedef struct RuleFile {
    uint32_t file;         /* index in Rules.files */
    const char *name, *title;
    Span name_span, title_span;
    const char *extends;   /* the path as written, relative to this file */
    Span extends_span;
    bool has_year;
    int64_t year;
    bool year_ce;
    Span year_span;
    bool has_precision;
    int precision;
    Span precision_span;
    PtrVec inputs, lets, scores, tiers, categories;  /* a whole award */
    PtrVec stages, groups;                           /* StageDecl, CondGroup */
    Span stages_span;      /* the `stages` word (empty: none) */
    PtrVec changes;                                  /* a file that extends */
    bool complete;         /* the award's block was read to its `}` */
    bool broken;           /* it had syntax errors: a change may be cut short */
} RuleFile;

typedef struct Rules {
    Arena arena;
    /* Every file these rules were read from, indexed by Span.file: [0] the
     * file named, then each file it extends, in the order read.  The
     * Sources belong to the Diags the rules were read with. */
    const Source **files;
    size_t nfiles;
    PtrVec file_list;      /* where files lives, as it grows */
    PtrVec owned_texts;    /* the texts it read itself (check_load's file and
                              every file it extends; mem_alloc'd) */
    const char *path;
    const char *name;      /* the award identifier */
    const char *title;
    Span name_span;
    int64_t year;          /* as written */
    bool year_ce;          /* true when written CE */
    int64_t year_be, year_ce_value;
    Span year_span;
    int precision;         /* decimals in reports and in decimal inputs */
    bool has_precision;
    int64_t base_year_be;  /* the year of the file it extends (0: none) */

    InputDecl **inputs;  size_t ninputs;
    LetDecl **lets;      size_t nlets;
    ScoreDecl **scores;  size_t nscores;
    TierDecl **tiers;    size_t ntiers;
    CategoryDecl **categories; size_t ncategories;
    StageDecl **stages;  size_t nstages;   /* in order; none: one stage */
    CondGroup **groups;  size_t ngroups;
    Span stages_span;

    /* set by the checker */
    ScoreNode **nodes;   size_t nnodes;    /* every node of every score */
    const char **columns; size_t ncolumns; /* distinct node names, in order */
    const char **tier_names; size_t ntier_names; /* distinct tier ids, then
                              "awarded" */
    int slot_id, slot_agency, slot_type;   /* -1 when not declared */
    bool has_agency_categories;
    uint32_t max_var_depth;  /* deepest nesting of quantifier variables */
    const Kind **let_kinds;  /* kind of each let */
    size_t nrequires_all;    /* conditions of all categories */
    size_t ntier_entries_all;/* tier entries of all tier tables */
} Rules;

/* An empty Rules for the file at `path` (borrowed). */
Rules *rules_new(const char *path);
/* Parse one file's text (which must outlive the Rules) into a RuleFile in
 * r's arena, registering it as the next of r->files; syntax errors go to
 * diags.  NULL only when out of memory. */
RuleFile *rules_parse_file(Rules *r, Diags *diags, const char *path, const char *text, size_t len);

/* The handle of a condition of category c: its given name, or the first
 * name its condition reads when no other condition of c starts with the
 * same one; NULL when it has none.  `ambiguous` (may be NULL) is set when
 * the derived handle is shared. */
const char *require_handle(const CategoryDecl *c, const Require *q, bool *ambiguous);
/* Whether input `slot` is one of the fields that tell whether stage `st`
 * of category c has been held: first read at that stage (c->reads, set
 * by the checker), not optional, and not the id, category or agency
 * field.  When none of them has a value, the stage is awaited. */
bool stage_field(const Rules *r, const CategoryDecl *c, size_t slot, size_t st);

/* The first name a condition reads ("" when none). */
const char *require_first_name(const Require *q);

/* Parse `text` (which must outlive the Rules) into a tree.  Syntax errors go
 * to `diags`; the result is NULL only when nothing usable was parsed.  The
 * text is UTF-8, with or without a byte-order mark (skipped); lines end in
 * LF, CR LF or a lone CR.  UTF-16 text gets one error saying how to save it
 * as UTF-8, and is not parsed. */
Rules *rules_parse(Diags *diags, const char *path, const char *text, size_t len);
void rules_free(Rules *r);

/* The file a span of these rules is in, and its text from the span's start. */
const Source *rules_source(const Rules *r, Span at);
const char *rules_text_at(const Rules *r, Span at);

/* The date `days` after 1970-01-01 (proleptic Gregorian). */
void date_from_days(int32_t days, int *y, int *m, int *d);

/* Name of a kind for messages: "integer", "list of year", ... */
const char *kind_name(const Kind *k, char *buf, size_t size);

#endif
