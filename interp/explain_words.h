/* explain_words.h -- the words of an explanation, for every writer.
 *
 * The model (explain_model.h) holds facts; these functions, in
 * explain_text.c, put them into phrases of the language chosen at
 * start-up (English unless --lang or the locale says otherwise; i18n.h):
 * the text writer lays them out for a terminal, the HTML writer escapes
 * them into elements, and the
 * JSON writer keeps a few of them (a need's `want` and `is`, a tier's
 * `rule`) so that programs get the sentences people read, in the same
 * language.  A translation is a catalogue (po/LANG.po): neither the model
 * nor the writers change.
 *
 * Each appends to `b`.  Values are shown as on a terminal (sb_add_shown):
 * a writer for another medium escapes the phrase as a whole. */
#ifndef AWARD_EXPLAIN_WORDS_H
#define AWARD_EXPLAIN_WORDS_H

#include <stddef.h>

#include "explain_model.h"
#include "strbuf.h"

/* ---- numbers, the same in every writer ---- */

/* Exact, with at least `places` decimals. */
void xw_dec(Sb *b, Dec d, int places);
/* As short as it is exact: 80, 0.01, 2555. */
void xw_num(Sb *b, Dec d);
/* Points: exact, with at least the rules' `precision` decimals. */
void xw_points(Sb *b, const Explanation *m, Dec d);

/* ---- phrases ---- */

/* One line of a list of lines kept in one buffer: the phrase is
 * b->s[start..end), under `label` (NULL: a line of its own). */
typedef struct XwLine {
    const char *label;
    size_t start, end;
    int role;           /* xw_head: what the line says (XwHead) */
} XwLine;

typedef enum XwHead { XH_KIND, XH_FROM, XH_CATEGORY, XH_RESULT, XH_ERROR, XH_TOTAL, XH_STAGES } XwHead;

#define XW_HEAD_MAX 8    /* lines of the head */
#define XW_NODE_MAX 4    /* lines under a score node */
#define XW_TIER_MAX 4    /* lines of the tier */

/* The display width of the widest label of the head, in the language of
 * the messages. */
size_t xw_head_label_width(void);
/* The head after the id: where it came from, the category, the result,
 * the total, the stages (when `stages`: else a writer lists them with
 * xw_stage) and the data error, each under its label ("from", "category",
 * ...).  Returns how many lines. */
size_t xw_head(Sb *b, const Explanation *m, bool stages, XwLine *lines);
/* One stage: "completeness passed (all 14 conditions hold)". */
void xw_stage(Sb *b, const XmStage *s);
/* A word of a writer's own layout: the heads of the score's columns, the
 * label of a list of stages. */
typedef enum XwWord { XW_ITEM, XW_POINTS, XW_OUT_OF, XW_LABEL, XW_STAGES } XwWord;
const char *xw_word(XwWord w);

/* A value for people: text quoted (a long one cut), names and numbers as
 * they are. */
void xw_value(Sb *b, const Value *v, const Kind *k);
/* "unit_coverage_pct = 79.99, year = 2558" */
void xw_seen(Sb *b, const XmSeenList *l);
/* "line 12", or "FILE:12" in a file the rules extend. */
void xw_place(Sb *b, unsigned line, const char *file);
/* "all 6 hold", "it holds", "4 of 6 hold". */
void xw_holds(Sb *b, size_t nholds, size_t n);
/* The title of the conditions: "conditions (RULES): all 6 hold", or that
 * there are none (at `stage`, or none assessed yet when `pending`). */
void xw_conditions_title(Sb *b, const Explanation *m, const char *stage, bool pending, size_t nholds, size_t n);
/* "holds", "FAILS" (unknown too) or "not assessed" for a condition. */
const char *xw_result_mark(XmResult r);
/* The line under a condition with the values it saw: "`x >= 80` with x =
 * 79.99" (empty when there is nothing to say). */
void xw_condition_values(Sb *b, const XmCondition *c);
/* "won(standard, outstanding): yes, by A1, A2 and 3 more" */
void xw_won(Sb *b, const XmWon *w);
/* For a condition that is unknown: why it does not hold. */
void xw_unknown(Sb *b, const XmCondition *c);
/* A leaf of the needs: what would pass ("unit_coverage_pct >= 80"), and
 * what it is ("it is 79.99, 0.01 short"; false when nothing is said). */
void xw_need_want(Sb *b, const XmNeed *n);
bool xw_need_is(Sb *b, const XmNeed *n);
/* "needs W; I" for a leaf; "needs one of:" for a group of any one of;
 * "W; I", or a group written on one line, for a choice of such a group. */
void xw_need(Sb *b, const XmNeed *n);
void xw_needs_one_of(Sb *b);
void xw_need_choice(Sb *b, const XmNeed *n);
/* "score `service`: LABEL" */
void xw_score_title(Sb *b, const Explanation *m);
/* A score node's name as listed: the root is "total". */
void xw_node_name(Sb *b, const XmNode *n);
/* How a node got its points, a line each ("sum 610.00, capped at 600");
 * returns how many. */
size_t xw_node_lines(Sb *b, const Explanation *m, const XmNode *n, XwLine *lines);
/* "at least 800", "from 80 to 89.99", "otherwise" */
void xw_tier_rule(Sb *b, const XmTierEntry *e);
/* The tier and the next one up: the first line says the tier, the others
 * its note and the distance; returns how many. */
size_t xw_tier_lines(Sb *b, const Explanation *m, XwLine *lines);

#endif
