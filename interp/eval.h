/* eval.h -- evaluating applications against checked rules.
 *
 * An Evaluator takes raw records one at a time (from data.h's readers) and
 * gives each its result: category, eligibility with every failed condition,
 * the points of every score node, total and tier, or a data error naming the
 * application and the field.  Nothing about a record is kept after its
 * result is delivered except what agency-level categories need (one small
 * record per agency) and the ids seen (to catch duplicates).
 *
 * Bounds: each application gets a work budget of EVAL_STEP_BUDGET steps
 * (one per expression node evaluated, one per list item summed or scanned);
 * a rule that needs more stops there and the application is a data error
 * naming the rule ("evaluation of `...` (the rule at FILE:LINE:COL) stopped
 * after N steps ..."), and the next application starts with a full budget.
 * `x in L` on a list of LIST_INDEX_MIN (eval.c) items or more is a binary
 * search in an order of the list made once per application, and sum, min
 * and max of a list are worked out once per application, so a quantifier
 * over a list of n items that looks into the same list costs n log n, not
 * n squared.  A range walked by a quantifier may hold at most
 * EVAL_MAX_RANGE_WALK numbers.
 *
 * Memory: apart from the per-application arena (reset for each record), an
 * Evaluator keeps, per distinct agency code, its text, a hash entry and
 * slot, and a Winners record (56 bytes) per pair of category and tier name:
 * measured at 1.45 KB per agency with the 2558 public-service rules (100,000
 * agencies: 153 MB against 8 MB for one agency), so a million agencies take
 * about 1.5 GB.  Only rules with agency-level categories keep agencies.
 *
 * Ownership: an AppResult and everything it points to belong to the
 * Evaluator and are valid until the next eval_record or eval_finish call. */
#ifndef AWARD_EVAL_H
#define AWARD_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "data.h"
#include "dec.h"

/* Steps one application may take (see above): generous for any real rule
 * file (the shipped ones take under a hundred steps per application; a
 * quantifier over a list of 100,000 years with a body of ten nodes takes
 * about a million), and about a tenth of a second of work. */
#define EVAL_STEP_BUDGET 10000000u

/* The most whole numbers a range may hold when a quantifier walks it; the
 * checker refuses a longer range with constant ends. */
#define EVAL_MAX_RANGE_WALK 100000

typedef struct AppResult {
    const char *id;            /* the application id, or "row N" */
    size_t id_len;
    const char *source;        /* name of the input it came from */
    size_t line;               /* its line there */
    bool agency_row;           /* an agency-level result: id is the agency */
    const CategoryDecl *cat;   /* NULL when `type` names no category */
    bool error;                /* a data error: see message */
    const char *message;       /* the data error, NUL-terminated */
    bool eligible;
    const Require **failed;    /* the conditions that did not hold */
    size_t nfailed;
    bool scored;
    const Dec *points;         /* per Rules.nodes index, when has_points */
    const uint8_t *has_points;
    Dec total;                 /* when scored (also when not eligible) */
    const TierEntry *tier;     /* when scored and eligible */
    const char *tier_id;       /* tier identifier, "awarded", "ineligible", "error",
                                  "pending" or a stage's result (`otherwise ID`) */
    const StageDecl *stage;    /* with stages: where it stopped or waits, else
                                  the last stage; NULL without stages */
    bool stopped;              /* its conditions at `stage` failed */
    bool pending;              /* it waits for `stage`, whose fields have not come */
    /* for explanations: per Rules.nodes index, when has_points */
    const Dec *raw_points;     /* a group's points before its cap and rounding */
    const uint8_t *cut;        /* 1 when the cap cut the points */
    size_t agency;             /* agency_row: the agency's index, for eval_winners */
    const RawRecord *rec;      /* the record it came from, its fields as read
                                  (NULL for an agency row) */
} AppResult;

/* What a set of applications exercised in the rules, for `award test
 * --coverage`.  Counters are indexed as the rules number things: conditions
 * by Require.index, nodes by ScoreNode.index, tier entries by
 * TierEntry.index, categories by CategoryDecl.index. */
typedef struct Coverage {
    uint32_t *cond_true, *cond_false;  /* a condition held / did not hold */
    uint32_t *node_scored;             /* a node's points were computed */
    uint32_t *bonus_given, *bonus_withheld;
    uint32_t *cap_cut;                 /* a capped node's cap cut its points */
    uint32_t *tier_given;
    uint32_t *category_used;           /* evaluated without a data error */
    uint32_t *category_given;          /* eligible (awarded or a tier) */
    uint32_t *stage_reached;           /* by stage index: its conditions were tried */
    uint32_t *stage_stopped;           /* an application stopped there */
    uint32_t *stage_pending;           /* an application waits for it */
} Coverage;

Coverage *coverage_new(const Rules *r);
void coverage_free(Coverage *c);

typedef struct Evaluator Evaluator;

Evaluator *eval_new(const Rules *r);
void eval_free(Evaluator *ev);

/* Evaluate one record read from input `source`. */
const AppResult *eval_record(Evaluator *ev, const RawRecord *rec, const char *source);

/* After the last record: the agency-level results, one per agency that has
 * an application without a data error and per agency-level category, in the
 * order agencies first appeared.  Calls fn for each; returns how many. */
typedef void (*AgencyResultFn)(void *ctx, const AppResult *res);
size_t eval_finish(Evaluator *ev, AgencyResultFn fn, void *ctx);

/* Applications evaluated so far, and how many of them had a data error. */
size_t eval_count(const Evaluator *ev);
size_t eval_errors(const Evaluator *ev);
/* NULL, or one line on why the ids seen so far are kept in memory rather
 * than partly on disk (see idset.h); the caller warns once. */
const char *eval_problem(const Evaluator *ev);

/* Count what each evaluation exercises into `cov` (NULL: stop counting). */
void eval_set_coverage(Evaluator *ev, Coverage *cov);

/* Evaluate any expression of the rules against the application last given
 * to eval_record (for explanations): 0 with a value, 1 when it needs an
 * empty optional field, 2 on an error.  The value is valid until the next
 * eval_record. */
struct Value;
int eval_expr_value(Evaluator *ev, const Expr *e, struct Value *out);

/* Bind quantifier variable number `depth` (Expr.var_depth) for the next
 * eval_expr_value, to evaluate the body of `all x in ...: body` for one x. */
void eval_bind(Evaluator *ev, uint32_t depth, const struct Value *v);

/* Give the next evaluations (eval_expr_value) a full work budget, as if
 * an application started: `explain` calls this before explaining one. */
void eval_renew_budget(Evaluator *ev);

/* Steps taken since the budget was last full: of the application last
 * given to eval_record, and any eval_expr_value since. */
uint64_t eval_steps(const Evaluator *ev);

/* The entry of a tier table a total falls in, or NULL. */
const TierEntry *eval_pick_tier(const TierDecl *t, Dec total);

/* For an agency-level result: how many of the agency's applications won
 * (category, tier name index), and up to `max` of their ids. */
size_t eval_winners(const Evaluator *ev, size_t agency, uint32_t cat, uint32_t tier,
                    const char **ids, size_t *lens, size_t max);

/* The schema the readers map fields to: the rules' input names by slot. */
DataSchema eval_schema(const Evaluator *ev);

#endif
