/* explain_model.h -- the explanation of one result, as data: what explain.c
 * finds out and every writer (explain_text.c, explain_json.c,
 * explain_html.c) writes.
 *
 * The model holds facts, not sentences: results, values as the evaluator
 * gave them (a Value with its Kind), exact decimals, identifiers, messages
 * and labels of the rule file and expressions as written there.  No word of
 * English ("needs", "short", "points") and no JSON or HTML is in it; the
 * words are the text writer's (explain_words.h), so that a translation
 * changes the writers only.
 *
 * Ownership: an Explanation and everything it points to live in the
 * Explainer's arena and are valid until the next explain_build (or
 * explain_text, explain_json, explain_html) on the same Explainer, its
 * explain_free, or the evaluator's next eval_record, whichever comes
 * first: values point into the evaluator's state for the result. */
#ifndef AWARD_EXPLAIN_MODEL_H
#define AWARD_EXPLAIN_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "dec.h"
#include "value.h"

#define XM_WINNERS_SHOWN 4   /* ids of winning applications kept per won(...) */

/* A value the explanation saw, and whether it could be had. */
typedef enum XmState {
    XM_OK = 0,      /* `v` holds it */
    XM_EMPTY = 1,   /* an optional field left empty, or a value that needs one */
    XM_ERROR = 2,   /* it cannot be computed */
} XmState;

typedef struct XmValue {
    XmState state;
    Value v;                  /* when XM_OK */
    const Kind *kind;         /* NULL when not known; text is quoted, names are not */
} XmValue;

/* A field, let or `year` a condition reads, or a computed side of a
 * comparison (`year - invented_year`), with its value. */
typedef struct XmSeen {
    const char *name;         /* the name, or the expression as written */
    bool expr;                /* name is an expression */
    XmValue value;
} XmSeen;

typedef struct XmSeenList {
    XmSeen *items;
    size_t count, cap;
} XmSeenList;

/* The applications of an agency that got one tier of one category. */
typedef struct XmWinners {
    const char *tier;         /* the tier's id ("awarded" when not scored) */
    size_t count;             /* how many */
    const char *ids[XM_WINNERS_SHOWN];   /* the first of them, not NUL-terminated */
    size_t lens[XM_WINNERS_SHOWN];
    size_t nids;
} XmWinners;

/* One won(category, tier) of an agency-level condition. */
typedef struct XmWon {
    const char *call;         /* as written: "won(standard, outstanding)" */
    const char *category;     /* the category's id */
    XmWinners at;             /* those that won it (count 0: none) */
    XmWinners *others;        /* the agency's eligible applications of the
                                 category at other tiers */
    size_t nothers;
} XmWon;

/* What would make a condition hold: a tree of every-one-of, any-one-of,
 * and leaves of known shapes. */
typedef enum XmNeedTag {
    XN_ALL,         /* every kid */
    XN_ANY,         /* any one kid */
    XN_HOLD,        /* the condition `expr` itself must hold (want) or not;
                       current.state says why it does not */
    XN_BOUND,       /* `name op bound`, solved from a linear comparison */
    XN_MEASURE,     /* `name` (what words(...), chars(...) or length(...)
                       measure) to have `op` `bound` `unit`; current: the count */
    XN_COMPARE,     /* `name op target`; or on an ordered scale, one of
                       scale->names[from..to) */
    XN_IN,          /* `name` one of (want) or none of `target` (a list or range) */
    XN_INCLUDE,     /* list `name` to include (want) or not `target` */
    XN_INCLUDE_EACH,/* all y in coll: y in name -- name to include each of
                       items; it lacks bad */
    XN_EVERY,       /* all var in coll: expr -- it fails for bad */
    XN_SOME,        /* any var in coll: expr -- none of items does */
    XN_FLAG,        /* the bool field `name` to be `want` */
    XN_PRESENT,     /* `name` to be given (want) or left empty */
    XN_WON,         /* an eligible application of category `won` of agency
                       `agency` at its tier (want), or none */
} XmNeedTag;

typedef struct XmNeed XmNeed;
struct XmNeed {
    XmNeedTag tag;
    bool want;                /* what must become true (false: the opposite) */
    const char *name;         /* the field, let or list it is about */
    const char *expr;         /* HOLD: the condition; MEASURE: the call;
                                 EVERY, SOME: the body */
    const char *coll;         /* INCLUDE_EACH, EVERY, SOME: the collection */
    const char *var;          /* EVERY, SOME: the variable */
    ExprTag op;               /* BOUND, MEASURE, COMPARE (EX_EQ .. EX_GE) */
    Dec bound;                /* BOUND: the bound; MEASURE: the limit */
    XmValue target;           /* COMPARE, IN, INCLUDE */
    XmValue current;          /* what the application has */
    int away;                 /* BOUND, MEASURE: 1 `distance` short of the
                                 bound, -1 over it, 0 not said */
    Dec distance;
    const char *unit;         /* MEASURE: "words", "characters", "items" */
    const Kind *scale;        /* COMPARE on an ordered scale, else NULL */
    size_t from, to;          /* ... the names that pass */
    const Value *items;       /* INCLUDE_EACH, SOME: the items of coll */
    size_t nitems;
    const Value *bad;         /* INCLUDE_EACH: those missing; EVERY: those
                                 for which it fails */
    size_t nbad;
    const Kind *item_kind;    /* kind of items and bad, may be NULL */
    const char *agency;       /* WON: the agency, not NUL-terminated */
    size_t agency_len;
    bool awarded;             /* WON: the tier is "awarded" (not scored) */
    const XmWon *won;         /* WON */
    XmNeed **kids;            /* ALL, ANY */
    size_t nkids, cap;
};

typedef enum XmResult { XM_HOLDS, XM_FAILS, XM_UNKNOWN, XM_NOT_ASSESSED } XmResult;

typedef struct XmCondition {
    unsigned line;
    const char *file;         /* NULL: the rule file explained; else the
                                 earlier year's file it extends */
    const char *message;      /* may be NULL */
    const char *text;         /* the condition as written, blanks run together */
    bool single;              /* it is one field, or one won(...): its values say it */
    uint32_t stage;           /* its stage's index */
    const char *stage_id;     /* NULL without stages */
    XmResult result;
    XmSeenList seen;          /* application rows */
    XmWon *won;               /* agency rows: each won(...) it reads */
    size_t nwon;
    const XmNeed *need;       /* when it does not hold */
} XmCondition;

typedef enum XmNodeKind { XM_SCORE, XM_GROUP, XM_ITEM, XM_BONUS } XmNodeKind;

/* A node of the score tree and how it got its points. */
typedef struct XmNode XmNode;
struct XmNode {
    XmNodeKind kind;
    const char *name;
    const char *label;        /* may be NULL */
    size_t depth;             /* 0 for the root and its kids */
    bool has_points;
    Dec points;
    Dec out_of;
    Dec before;               /* a group's sum, an item's points, before its
                                 cap and rounding */
    bool capped, cut;         /* it has a cap; the cap cut its points */
    bool has_weight;          /* ITEM: points = weight * value */
    Dec weight;
    bool has_round;
    int round_places;
    DecRound round_mode;
    const char *expr;         /* ITEM: its formula; BONUS: its condition; may be NULL */
    bool plain;               /* ITEM: it reads the field of its name as it is */
    bool computed;            /* ITEM: expr is more than a name or a literal */
    XmValue value;            /* ITEM: expr's value; BONUS: the condition's */
    bool given;               /* BONUS */
    XmSeenList seen;          /* ITEM, BONUS */
    const XmNeed *need;       /* BONUS not given: what would give it */
    XmNode *kids;
    size_t nkids;
};

typedef struct XmTierEntry {
    const char *id;
    const char *label;        /* may be NULL */
    const char *note;         /* may be NULL */
    TierRule rule;
    Dec lo, hi;
    unsigned line;
    const char *file;         /* as XmCondition.file */
} XmTierEntry;

/* The tier: for an eligible application the one it got, for an ineligible
 * one the one its total would have had; the next one up and how far. */
typedef struct XmTier {
    const char *table;        /* the tier table's name */
    bool has_entry, has_next;
    XmTierEntry entry, next;
    Dec short_by;             /* points to the next one up */
} XmTier;

typedef enum XmStageState { XS_PASSED, XS_FAILED, XS_WAITS, XS_NOT_REACHED } XmStageState;

typedef struct XmStage {
    const char *id;
    XmStageState state;
    size_t nconds, nfailed;   /* the category's conditions at this stage */
} XmStage;

typedef enum XmOutcome {
    XO_ERROR,       /* a data error: `error` and the head only */
    XO_PENDING,     /* it waits for stage `stage_id` */
    XO_STOPPED,     /* its conditions at `stage_id` failed: `result_id` */
    XO_INELIGIBLE,
    XO_TIER,        /* eligible, with tier `result_id` */
    XO_AWARDED,     /* eligible, without tiers */
} XmOutcome;

typedef struct Explanation {
    const char *rules;        /* the rule file's path */
    const char *id;           /* the application's id, or the agency's code */
    size_t id_len;
    bool agency_row;
    const char *source;       /* the data file (NULL for an agency row) */
    size_t line;
    bool has_category;
    int64_t cat_number;
    const char *cat_id, *cat_title;   /* the title may be NULL */
    XmOutcome outcome;
    const char *error;        /* XO_ERROR: the message */
    const char *result_id;    /* XO_STOPPED, XO_TIER */
    const char *result_label; /* may be NULL */
    const char *stage_id;     /* XO_PENDING, XO_STOPPED: the stage */
    const char *stage_label;  /* may be NULL */
    size_t nfailed;           /* failed conditions */
    size_t nconds;            /* conditions at the stage that decided */
    bool scored;
    Dec total, out_of;
    int precision;            /* decimals of points */
    bool staged;              /* the rules have stages */
    uint32_t at;              /* staged: the stage that decided */
    XmStage *stages;
    size_t nstages;
    XmCondition *conds;       /* every condition of the category, in order */
    size_t nconds_all;
    const char *score_name;
    XmNode *score;            /* scored: the root */
    bool has_tier;
    XmTier tier;
    bool eligible;
} Explanation;

#endif
