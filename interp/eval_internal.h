/* eval_internal.h -- what the evaluator's files share: the Evaluator
 * itself and the steps they call of one another.  Not for use outside
 * eval.c (expressions, scores, set-up, agency-level categories),
 * eval_fields.c (converting a record's fields) and eval_record.c (the
 * steps of one application). */
#ifndef AWARD_EVAL_INTERNAL_H
#define AWARD_EVAL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "builtins.h"
#include "data.h"
#include "eval.h"
#include "idset.h"
#include "strbuf.h"
#include "value.h"

typedef enum EvStatus { EV_OK, EV_ABSENT, EV_ERROR } EvStatus;

/* Agency codes kept for the whole run, found by hash.  (Ids are kept in an
 * IdSet: there is one per application, so they go to disk past a bound.) */
typedef struct TextSet {
    char *bytes;             /* all texts, back to back */
    size_t nbytes, capbytes;
    uint32_t *slots;         /* open addressing: index+1 into entries, 0 empty */
    size_t nslots;
    struct TextEntry { size_t off, len; uint64_t hash; size_t info; } *entries;
    size_t count, cap;
} TextSet;

/* Applications kept by id for each (category, tier) an agency won: enough
 * to explain an agency-level award, bounded whatever the batch size. */
#define WINNERS_KEPT 4

typedef struct Winners {
    uint32_t count;                /* how many applications won it */
    size_t off[WINNERS_KEPT];      /* the first ones' ids, in winner_bytes */
    uint32_t len[WINNERS_KEPT];
} Winners;

typedef struct Agency {
    bool has_ok;             /* has an application without a data error */
    Winners *won;            /* ncategories x ntier_names */
} Agency;

/* What a category converts for each application: the inputs it reads (less
 * `type` and `id`, taken first) and, of those, the ones with a range.  Worked
 * out once, so a record does not walk every input of the rules twice. */
typedef struct Plan {
    uint32_t *convert, *ranged;   /* in stage order */
    size_t nconvert, nranged;
    /* by stage: where its fields start in convert and ranged (one more
     * entry than stages, the ends), and how many of the ones it reads first
     * must have a value (when none has, the stage has not come yet) */
    size_t *convert_at, *ranged_at, *required;
} Plan;

/* A field's range with constant bounds, each bound as a 64-bit coefficient
 * at every scale a value may have: checking a value is then one compare a
 * bound instead of aligning two decimals (see range_fast). */
typedef struct FastBound {
    int64_t at[DEC_MAX_SCALE + 1];
    bool ok[DEC_MAX_SCALE + 1];      /* at[s] is the bound, exactly */
} FastBound;

typedef struct FastRange {
    bool usable;                     /* every bound the field has is a number */
    FastBound lo, hi;
} FastRange;

/* What is worked out once per application about one list value (a `list
 * of` field, or a let or variable holding it): the order of its items, so
 * that `x in L` is a binary search, and its sum, min and max.  Without it,
 * `any y in L: y + 1 in L` costs the square of the list's length.  Lists
 * are found by their items' address, which is fixed for the application;
 * only lists long enough to need it (LIST_INDEX_MIN) are kept, and those
 * come from data fields, so there are at most as many as list fields. */
typedef struct ListIndex {
    const Value *items;
    uint32_t len;
    uint32_t *order;         /* item indices in value order, or NULL */
    bool has_sum, has_min, has_max;
    Dec sum, min, max;
} ListIndex;

struct Evaluator {
    const Rules *r;
    Plan *plans;             /* by category index */
    FastRange *ranges;       /* by input slot */
    uint8_t *plain_leaf;     /* by node index: see is_plain_leaf */
    Arena arena;             /* per record, reset each time */
    Value *slots;            /* converted inputs, by slot */
    uint8_t *slot_ok;        /* slot converted for this record */
    Value *let_vals;
    uint8_t *let_state;      /* 0 not yet, 1 evaluating, 2 ok, 3 absent */
    Value *vars;
    const Require **failed;
    Dec *points;
    uint8_t *has_points;
    Dec *raw_points;          /* before a cap or rounding, for explanations */
    uint8_t *cut;
    Coverage *cov;            /* NULL unless coverage is being counted */
    char *winner_bytes;       /* ids of agency winners (see Winners) */
    size_t nwinner_bytes, capwinner_bytes;
    Sb msg;                   /* the current data error */
    Sb place_msg;             /* ... with its record's place in front */
    AppResult res;
    char id_buf[48];
    const RawRecord *rec;
    IdSet *ids;               /* every id so far; info: the record's place */
    TextSet agencies;
    const char **sources;     /* the inputs seen, for duplicate-id messages */
    size_t nsources;
    Agency *agency_info;
    size_t nagency_info;
    size_t count, errors;
    /* the work budget of the current application (see EVAL_STEP_BUDGET) */
    uint64_t steps_left;
    bool out_of_steps;        /* reported: every evaluation now stops */
    const Expr *rule;         /* the rule being evaluated, for that message */
    ListIndex *lists;         /* this application's indexed lists */
    size_t nlists, caplists;
    BuiltinEnv env;           /* what plain functions need (builtins.h) */
};

/* Whether v is outside the field's range: 1 or 0, or -1 when it cannot be
 * told here (a bound that is not a number, a value of more than 64 bits or
 * of fewer decimals than a bound): then the general check decides. */
static inline int range_fast(const FastRange *f, const InputDecl *in, Dec v)
{
    int64_t x = (int64_t)v.coef;
    unsigned sc = (unsigned)v.scale;
    if (!f->usable || x != v.coef || sc > DEC_MAX_SCALE)
        return -1;
    if (in->lo) {
        if (!f->lo.ok[sc])
            return -1;
        if (in->lo_strict ? x <= f->lo.at[sc] : x < f->lo.at[sc])
            return 1;
    }
    if (in->hi) {
        if (!f->hi.ok[sc])
            return -1;
        if (in->hi_strict ? x >= f->hi.at[sc] : x > f->hi.at[sc])
            return 1;
    }
    return 0;
}

/* ---- eval.c ---- */

static inline void msg_clear(Evaluator *ev) { sb_reset(&ev->msg); }

/* Start a fresh budget and forget the lists indexed. */
void ev_budget_reset(Evaluator *ev);
/* Add one problem to the current data error; problems are joined by "; ".
 * The format is translated (i18n.h): pass the English literal, one whole
 * sentence per case (or P_()'s choice for a count). */
__attribute__((format(printf, 2, 3)))
void msg_add(Evaluator *ev, const char *fmt, ...);
/* A condition's value; EV_ABSENT when it needs an empty optional field. */
EvStatus ev_bool(Evaluator *ev, const Expr *e, bool *out);
/* A field's range bound: a number as written, or evaluated. */
EvStatus ev_bound(Evaluator *ev, const Expr *e, Value *out);
/* A score's total, worked out once per application. */
EvStatus ev_score_total(Evaluator *ev, const ScoreDecl *sd, Value *out);
/* Count an agency's win of one application (see Winners). */
void ev_add_winner(Evaluator *ev, Winners *w, const char *id, size_t len);
/* The agency code's index in the evaluator's text set. */
size_t ev_textset_add(TextSet *ts, const char *s, size_t len, size_t info, bool *added);

/* ---- eval_fields.c ---- */

/* A number written with Thai digits (๘๐.๕), after ASCII did not parse:
 * `st` is what ASCII gave. */
DecStatus parse_thai_number(const char *s, size_t len, Dec *out, DecStatus st);

/* A number as data write it: ASCII first, Thai digits only when ASCII did
 * not parse, so the usual number pays nothing for them. */
static inline DecStatus parse_number(const char *s, size_t len, Dec *out)
{
    DecStatus st = dec_parse(s, len, out);
    return st == DEC_SYNTAX ? parse_thai_number(s, len, out, st) : st;
}

/* A field left empty (or absent from the record). */
bool raw_empty(const RawField *f);
/* A field's text as a message quotes it. */
const char *raw_shown(const RawField *f, char *buf, size_t size);
/* Convert field `in` of the record into its slot; false (with the
 * message added) when it is wrong. */
bool convert_field(Evaluator *ev, const InputDecl *in, const RawField *f);

#endif
