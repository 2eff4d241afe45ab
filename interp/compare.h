/* compare.h -- the impact of new rules on real applications: two results of
 * each application, one under OLD and one under NEW, paired and counted.
 *
 * The core of `award compare` (cmd_compare.c reads the data and writes the
 * text, CSV or JSON).  It does no I/O: it is given the two AppResults of
 * one application (from two Evaluators fed the same record), says whether
 * anything a reader cares about changed (category, data error, eligibility,
 * total, tier) and why (conditions that now fail or now hold, score items
 * whose points changed, tier thresholds that moved), and counts the
 * application in the transition matrix of its category.
 *
 * Categories pair by identifier: one that is in only one rule file has a
 * matrix all the same, with the other side's applications counted as
 * "(none)".  An application whose category differs between the two sides
 * (a number given to another category) is counted in both matrices: in its
 * old category with the new tier "(none)", in its new one with the old tier
 * "(none)".  So every matrix adds up: its row totals are the tiers before,
 * its column totals the tiers after, each "(none)" line the applications
 * that came from or went to another category (or no category: a data error
 * that names none, counted under a matrix of its own).
 *
 * Agency-level results come from eval_finish of each side, one call at a
 * time (compare_agency); they are kept, per agency and category, until
 * compare_agencies pairs them.  An agency with a result on one side only
 * (none of its applications without a data error on the other) is a change.
 *
 * Memory: the matrices and the buffers of one change are sized by the two
 * rule files; kept agency results are about 200 bytes per agency and
 * agency-level category.  Nothing grows with the number of applications.
 *
 * Ownership: a Compare borrows both Rules (they must outlive it).  A
 * CmpChange and everything it points to belong to the Compare and are valid
 * until the next compare_app or the end of the compare_agencies callback;
 * a CmpMatrix until compare_free. */
#ifndef AWARD_COMPARE_H
#define AWARD_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "dec.h"
#include "eval.h"

enum { CMP_OLD = 0, CMP_NEW = 1 };

/* One side's result of an application or agency, as far as a comparison
 * needs it. */
typedef struct CmpOutcome {
    bool present;              /* false: no result on this side (agency rows) */
    const CategoryDecl *cat;   /* NULL when the application named no category */
    bool error;                /* a data error: see message */
    const char *message;
    bool eligible;
    bool scored;
    Dec total;                 /* when scored */
    const char *tier_id;       /* a tier id, "awarded", "ineligible" or "error" */
    const TierEntry *tier;     /* when eligible and tiered */
    const Require *const *failed;  /* the conditions that did not hold */
    size_t nfailed;
} CmpOutcome;

/* What changed, as bits of CmpChange.what. */
enum {
    CMP_PRESENT = 1,   /* a result on one side only (agency rows) */
    CMP_CATEGORY = 2,  /* another category */
    CMP_ERROR = 4,     /* a data error on one side only */
    CMP_ELIGIBLE = 8,
    CMP_TOTAL = 16,
    CMP_TIER = 32,
};

/* A score item whose points differ; node[s] is NULL when side s gave the
 * application no points under that name. */
typedef struct CmpPoints {
    const char *name;          /* the report column, as `award eval` names it */
    const ScoreNode *node[2];
    Dec points[2];
} CmpPoints;

/* A condition that now fails (of NEW) or now holds (of OLD).  `alone`: the
 * other rule file's category has no such condition (a condition added, or
 * removed), paired by handle, message or text. */
typedef struct CmpCond {
    const Require *q;
    bool alone;
} CmpCond;

typedef struct CmpChange {
    const char *id;            /* application id ("row N"), or agency code */
    size_t id_len;
    const char *source;        /* the input and line (applications only) */
    size_t line;
    bool agency_row;
    CmpOutcome side[2];        /* CMP_OLD, CMP_NEW */
    unsigned what;             /* CMP_* bits */
    /* Why.  Conditions and points are compared when both sides judged the
     * application in the same category without a data error; thresholds
     * when both gave it a tier and the tiers differ. */
    const CmpCond *now_fail;   size_t nnow_fail;   /* NEW's conditions */
    const CmpCond *now_hold;   size_t nnow_hold;   /* OLD's conditions */
    const CmpPoints *points;   size_t npoints;
    const TierEntry *const *moved_old;  /* tiers of the result, by id, whose */
    const TierEntry *const *moved_new;  /* rule differs: OLD's and NEW's entry */
    size_t nmoved;
} CmpChange;

/* The tier counts and transitions of one category. */
typedef struct CmpMatrix {
    const char *id;            /* the category; NULL: applications that named no category */
    const CategoryDecl *cat[2];  /* NULL when that rule file has no such category */
    const char **tiers;        /* row and column labels: tiers of OLD, then of NEW,
                                  then "awarded", "ineligible", "error" as they apply;
                                  tiers[ntiers] is "(none)" */
    size_t ntiers;             /* labels, without "(none)" */
    uint64_t *count;           /* (ntiers+1) x (ntiers+1): [old * (ntiers+1) + new] */
    uint32_t *map[2];          /* internal: Rules.tier_names index -> label */
    uint32_t awarded, ineligible, error;  /* internal: their labels */
} CmpMatrix;

typedef struct Compare Compare;

Compare *compare_new(const Rules *old_rules, const Rules *new_rules);
void compare_free(Compare *c);

/* Compare the two results of one application and count it.  Returns what
 * changed (valid until the next call), or NULL when nothing did. */
const CmpChange *compare_app(Compare *c, const AppResult *old_res, const AppResult *new_res);

/* Keep an agency-level result of side `side` (from eval_finish). */
void compare_agency(Compare *c, int side, const AppResult *res);

/* Pair the agency-level results kept, count them, and call fn for each
 * that changed, in the order agencies were first given; returns how many
 * changed. */
typedef void (*CmpChangeFn)(void *ctx, const CmpChange *ch);
size_t compare_agencies(Compare *c, CmpChangeFn fn, void *ctx);

/* The matrices: one per category of either file (OLD's order, then NEW's
 * own), and last the one of applications that named no category. */
size_t compare_nmatrices(const Compare *c);
const CmpMatrix *compare_matrix(const Compare *c, size_t i);
/* Row total (old: tier counts before) or column total (new: after) of
 * label t of m; t == m->ntiers is the "(none)" line. */
uint64_t compare_row_total(const CmpMatrix *m, size_t t);
uint64_t compare_col_total(const CmpMatrix *m, size_t t);

/* Applications and agency-level results compared, and how many changed. */
typedef struct CmpCounts {
    uint64_t apps, apps_changed;
    uint64_t agency_rows, agency_changed;
} CmpCounts;
CmpCounts compare_counts(const Compare *c);

#endif
