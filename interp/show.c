/* show.c -- the complete rules of a file, written out in the rule language.
 *
 * For a file that extends others, this is the award they make together,
 * flattened: what a reviewer reads to see next year's rules whole, and a
 * file that can be saved and checked on its own (it checks clean and
 * evaluates exactly as the file it came from).  Every item carries a
 * comment naming the file and line its text came from, after the comment
 * lines that stood just before it there (the DECISION and ILLUSTRATIVE
 * notes of the author travel with their item).
 *
 * Expressions are written from the tree, not copied from the source: a
 * category renamed in a later year is named by its new id everywhere.
 * Parentheses are added only where the grammar's precedence needs them. */
#include <stdio.h>
#include <string.h>

#include "show.h"

typedef struct Shower {
    const Rules *r;
    Sb *out;
} Shower;

/* ---- expressions ---- */

/* Binding strength of an operator, as in parser.y (higher binds tighter). */
enum {
    P_QUANT = 1, P_OR, P_AND, P_NOT, P_CMP, P_RANGE, P_ADD, P_MUL, P_NEG, P_ATOM,
};

static int prec(const Expr *e)
{
    switch (e->tag) {
    case EX_ALL: case EX_ANY: return P_QUANT;
    case EX_OR: return P_OR;
    case EX_AND: return P_AND;
    case EX_NOT: return P_NOT;
    case EX_EQ: case EX_NE: case EX_LT: case EX_LE: case EX_GT: case EX_GE: case EX_IN: return P_CMP;
    case EX_RANGE: return P_RANGE;
    case EX_ADD: case EX_SUB: return P_ADD;
    case EX_MUL: case EX_DIV: return P_MUL;
    case EX_NEG: return P_NEG;
    default: return P_ATOM;
    }
}

static const char *op_text(ExprTag t)
{
    switch (t) {
    case EX_OR: return " or ";
    case EX_AND: return " and ";
    case EX_EQ: return " = ";
    case EX_NE: return " != ";
    case EX_LT: return " < ";
    case EX_LE: return " <= ";
    case EX_GT: return " > ";
    case EX_GE: return " >= ";
    case EX_IN: return " in ";
    case EX_RANGE: return " .. ";
    case EX_ADD: return " + ";
    case EX_SUB: return " - ";
    case EX_MUL: return " * ";
    case EX_DIV: return " / ";
    default: return " ? ";
    }
}

static const char *mode_text(DecRound m)
{
    switch (m) {
    case DEC_HALF_UP: return "half-up";
    case DEC_HALF_EVEN: return "half-even";
    case DEC_UP: return "up";
    case DEC_DOWN: return "down";
    }
    return "half-up";
}

static void show_num(Sb *b, Dec d)
{
    char buf[DEC_FMT_MAX];
    size_t n = dec_format(d, 0, buf);
    sb_add(b, buf, n);
}

void show_string(Sb *b, const char *s)
{
    sb_add(b, "\"", 1);
    for (; *s; s++) {
        switch (*s) {
        case '"': sb_str(b, "\\\""); break;
        case '\\': sb_str(b, "\\\\"); break;
        case '\n': sb_str(b, "\\n"); break;
        case '\t': sb_str(b, "\\t"); break;
        default: sb_add(b, s, 1);
        }
    }
    sb_add(b, "\"", 1);
}

/* e, in parentheses when it binds less tightly than `need`. */
static void show_sub(Sb *b, const Expr *e, int need);

void show_expr(Sb *b, const Expr *e)
{
    switch (e->tag) {
    case EX_NUMBER: show_num(b, e->v.num); return;
    case EX_STRING: show_string(b, e->v.str); return;
    case EX_BOOL: sb_str(b, e->v.boolean ? "true" : "false"); return;
    case EX_DATE: {
        int y, m, d;
        date_from_days(e->v.date, &y, &m, &d);
        sb_printf(b, "%04d-%02d-%02d", y, m, d);
        return;
    }
    case EX_MODE: sb_str(b, mode_text(e->v.mode)); return;
    case EX_NAME: sb_str(b, e->v.str); return;
    case EX_YEAR: sb_str(b, "year"); return;
    case EX_NEG:
        sb_str(b, "-");
        show_sub(b, e->a, P_NEG);
        return;
    case EX_NOT:
        sb_str(b, "not ");
        show_sub(b, e->a, P_NOT);
        return;
    case EX_LIST:
    case EX_CALL:
        if (e->tag == EX_CALL)
            sb_str(b, e->fname);
        sb_str(b, e->tag == EX_CALL ? "(" : "[");
        for (size_t i = 0; i < e->nargs; i++) {
            if (i)
                sb_str(b, ", ");
            show_expr(b, e->args[i]);
        }
        sb_str(b, e->tag == EX_CALL ? ")" : "]");
        return;
    case EX_ALL:
    case EX_ANY:
        sb_printf(b, "%s %s in ", e->tag == EX_ALL ? "all" : "any", e->var);
        show_sub(b, e->a, P_CMP + 1);
        sb_str(b, ": ");
        show_sub(b, e->b, P_QUANT);
        return;
    default:
        break;
    }
    /* binary: left-associative where the grammar says %left; comparisons
     * and `..` are %nonassoc, so a comparison inside one is in brackets */
    int p = prec(e);
    bool nonassoc = p == P_CMP || p == P_RANGE;
    show_sub(b, e->a, nonassoc ? p + 1 : p);
    sb_str(b, op_text(e->tag));
    show_sub(b, e->b, p + 1);
}

static void show_sub(Sb *b, const Expr *e, int need)
{
    /* a quantifier reaches as far right as it can: inside anything but
     * the right end of an expression it needs brackets */
    if (prec(e) < need) {
        sb_str(b, "(");
        show_expr(b, e);
        sb_str(b, ")");
    } else {
        show_expr(b, e);
    }
}

/* ---- where each item came from ---- */

static const char *line_start(const char *text, size_t off)
{
    while (off > 0 && text[off - 1] != '\n' && text[off - 1] != '\r')
        off--;
    return text + off;
}

/* The comment lines that stand just before the line of `at` in its file
 * (up to a blank line or a line of code), each re-indented by `indent`. */
static void leading_comments(Shower *S, Span at, int indent)
{
    const Source *src = rules_source(S->r, at);
    if (!src)
        return;
    size_t len = 0;
    const char *text = diag_source_text(src, &len);
    const char *ls = line_start(text, at.start);
    const char *first = ls;
    for (;;) {
        if (first == text)
            break;
        /* the line before `first` */
        const char *end = first - 1;
        if (end > text && *end == '\n' && end[-1] == '\r')
            end--;
        const char *prev = line_start(text, (size_t)(end - text));
        const char *p = prev;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (p == end || *p != '#')
            break;
        first = prev;
    }
    for (const char *p = first; p < ls;) {
        const char *e = p;
        while (e < ls && *e != '\n' && *e != '\r')
            e++;
        const char *c = p;
        while (c < e && (*c == ' ' || *c == '\t'))
            c++;
        sb_printf(S->out, "%*s%.*s\n", indent, "", (int)(e - c), c);
        p = e;
        while (p < ls && (*p == '\n' || *p == '\r'))
            p++;
    }
}

/* End the current line with "# FILE:LINE" of `at`. */
static void origin(Shower *S, Span at)
{
    const Source *src = rules_source(S->r, at);
    if (!src) {
        sb_str(S->out, "\n");
        return;
    }
    unsigned line = 0, col = 0;
    diag_linecol(src, at.start, &line, &col);
    sb_printf(S->out, "  # %s:%u\n", diag_source_name(src), line);
}

/* ---- declarations ---- */

static void show_kind(Sb *b, const Kind *k)
{
    switch (k->tag) {
    case KIND_LIST:
        sb_str(b, "list of ");
        show_kind(b, k->elem);
        return;
    case KIND_ENUM:
        sb_str(b, "one of ");
        for (size_t i = 0; i < k->nnames; i++)
            sb_printf(b, "%s%s", i ? (k->ordered ? " < " : ", ") : "", k->names[i]);
        return;
    default: {
        char buf[128];
        sb_str(b, kind_name(k, buf, sizeof buf));
    }
    }
}

static void show_input(Shower *S, const InputDecl *in)
{
    Sb *b = S->out;
    leading_comments(S, in->span, 4);
    sb_printf(b, "    %s ", in->name);
    if (in->optional)
        sb_str(b, "optional ");
    show_kind(b, &in->kind);
    if (in->lo && in->hi && !in->lo_strict && !in->hi_strict) {
        sb_str(b, " ");
        show_expr(b, in->lo);
        sb_str(b, " to ");
        show_expr(b, in->hi);
    } else if (in->lo) {
        sb_str(b, in->lo_strict ? " > " : " >= ");
        show_expr(b, in->lo);
    } else if (in->hi) {
        sb_str(b, in->hi_strict ? " < " : " <= ");
        show_expr(b, in->hi);
    }
    if (in->label) {
        sb_str(b, " ");
        show_string(b, in->label);
    }
    origin(S, in->span);
}

static void show_opts(Sb *b, const ScoreNode *n)
{
    if (n->capped)
        sb_str(b, ", capped");
    if (n->has_round)
        sb_printf(b, ", round %d %s", n->round_places, mode_text(n->round_mode));
}

static void show_node(Shower *S, const ScoreNode *n, int indent)
{
    Sb *b = S->out;
    leading_comments(S, n->span, indent);
    sb_printf(b, "%*s", indent, "");
    if (n->tag == NODE_BONUS) {
        sb_str(b, "bonus ");
        show_num(b, n->out_of);
        if (n->label) {
            sb_str(b, " ");
            show_string(b, n->label);
        }
        sb_str(b, " when ");
        show_expr(b, n->expr);
        origin(S, n->span);
        return;
    }
    sb_str(b, n->name);
    if (n->label) {
        sb_str(b, " ");
        show_string(b, n->label);
    }
    if (n->has_weight) {
        sb_str(b, " weight ");
        show_num(b, n->weight);
    } else {
        sb_str(b, " out of ");
        show_num(b, n->out_of);
        show_opts(b, n);
    }
    if (n->tag == NODE_GROUP) {
        sb_str(b, " {");
        origin(S, n->span);
        for (size_t i = 0; i < n->nkids; i++)
            show_node(S, n->kids[i], indent + 2);
        sb_printf(b, "%*s}\n", indent, "");
        return;
    }
    /* a leaf reading the field or let of its own name shows no `= ...`;
     * the checker filled in that name, so compare it */
    if (n->expr && !(n->expr->tag == EX_NAME && n->expr->span.start == n->span.start &&
                     n->expr->span.end == n->span.end && n->expr->span.file == n->span.file)) {
        sb_str(b, " = ");
        show_expr(b, n->expr);
    }
    origin(S, n->span);
}

static void show_tiers(Shower *S, const TierDecl *t)
{
    Sb *b = S->out;
    leading_comments(S, t->span, 2);
    sb_printf(b, "  tiers %s", t->name);
    if (t->label) {
        sb_str(b, " ");
        show_string(b, t->label);
    }
    sb_str(b, " on ");
    for (size_t i = 0; i < t->non; i++)
        sb_printf(b, "%s%s", i ? ", " : "", t->on[i]);
    sb_str(b, " {");
    origin(S, t->span);
    for (size_t i = 0; i < t->nentries; i++) {
        const TierEntry *e = &t->entries[i];
        leading_comments(S, e->span, 4);
        sb_printf(b, "    %s", e->id);
        if (e->label) {
            sb_str(b, " ");
            show_string(b, e->label);
        }
        if (e->rule == TIER_AT_LEAST) {
            sb_str(b, " at least ");
            show_num(b, e->lo);
        } else if (e->rule == TIER_RANGE) {
            sb_str(b, " from ");
            show_num(b, e->lo);
            sb_str(b, " to ");
            show_num(b, e->hi);
        } else {
            sb_str(b, " otherwise");
        }
        if (e->note) {
            sb_str(b, " note ");
            show_string(b, e->note);
        }
        origin(S, e->span);
    }
    sb_str(b, "  }\n");
}

static void show_require(Shower *S, const Require *q, int ind)
{
    Sb *b = S->out;
    leading_comments(S, q->span, ind);
    sb_printf(b, "%*srequire ", ind, "");
    if (q->name && q->name_span.end > q->name_span.start)
        sb_printf(b, "%s: ", q->name);
    show_expr(b, q->cond);
    if (q->message_src) {
        sb_str(b, " ");
        show_string(b, q->message_src);
    }
    origin(S, q->span);
}

static void show_category(Shower *S, const CategoryDecl *c)
{
    Sb *b = S->out;
    leading_comments(S, c->span, 2);
    sb_printf(b, "  category %lld %s", (long long)c->number, c->id);
    if (c->title) {
        sb_str(b, " ");
        show_string(b, c->title);
    }
    if (c->per_agency)
        sb_str(b, " per agency");
    sb_str(b, " {");
    origin(S, c->span);
    /* Conditions written in no stage block first, then each stage's in a
     * block of its own, in the stages' order; a shared group's conditions
     * are shown where they are taken. */
    const Rules *r = S->r;
    for (size_t st = 0; st <= r->nstages; st++) {
        bool open = false;
        for (size_t i = 0; i < c->nrequires; i++) {
            const Require *q = &c->requires[i];
            bool here = st == r->nstages ? !q->stage_name : q->stage_name && q->stage == st;
            if (!here || q->stage_wide)
                continue; /* what a stage requires of all is shown in `stages` */
            /* a group's conditions, taken by one line */
            if (q->group && i > 0 && c->requires[i - 1].group == q->group &&
                c->requires[i - 1].group_span.start == q->group_span.start)
                continue;
            if (st < r->nstages && !open) {
                sb_printf(b, "    stage %s {\n", r->stages[st]->id);
                open = true;
            }
            int ind = open ? 6 : 4;
            if (q->group) {
                sb_printf(b, "%*srequire %s", ind, "", q->group);
                origin(S, q->group_span);
                continue;
            }
            show_require(S, q, ind);
        }
        if (open)
            sb_str(b, "    }\n");
    }
    if (c->score_name)
        sb_printf(b, "    scored by %s, tiers %s\n", c->score_name, c->tiers_name);
    sb_str(b, "  }\n");
}

/* An award-level item's first words, after a blank line and the comments
 * before it: `score NAME "label"`. */
static void show_head(Shower *S, const char *word, const char *name, const char *label, Span at)
{
    sb_str(S->out, "\n");
    leading_comments(S, at, 2);
    sb_printf(S->out, "  %s %s", word, name);
    if (label) {
        sb_str(S->out, " ");
        show_string(S->out, label);
    }
}

void show_rules(const Rules *r, Sb *out)
{
    Shower S = { r, out };
    sb_printf(out, "# The complete rules of %s", r->path);
    if (r->nfiles > 1) {
        sb_str(out, ", which extends ");
        for (size_t i = 1; i < r->nfiles; i++)
            sb_printf(out, "%s%s", i > 1 ? ", which extends " : "", diag_source_name(r->files[i]));
    }
    sb_str(out, ".\n# Written by `award show`: each item names the file and line its text came from.\n\n");
    sb_printf(out, "award %s", r->name);
    if (r->title) {
        sb_str(out, " ");
        show_string(out, r->title);
    }
    sb_str(out, " {\n");
    if (r->year) {
        sb_printf(out, "  year %lld %s", (long long)r->year, r->year_ce ? "CE" : "BE");
        origin(&S, r->year_span);
    }
    if (r->has_precision)
        sb_printf(out, "  precision %d\n", r->precision);
    if (r->ninputs) {
        sb_str(out, "\n  input {\n");
        for (size_t i = 0; i < r->ninputs; i++)
            show_input(&S, r->inputs[i]);
        sb_str(out, "  }\n");
    }
    if (r->nlets)
        sb_str(out, "\n");
    for (size_t i = 0; i < r->nlets; i++) {
        leading_comments(&S, r->lets[i]->span, 2);
        sb_printf(out, "  let %s = ", r->lets[i]->name);
        show_expr(out, r->lets[i]->expr);
        origin(&S, r->lets[i]->span);
    }
    if (r->nstages) {
        sb_str(out, "\n  stages {");
        origin(&S, r->stages_span);
        for (size_t i = 0; i < r->nstages; i++) {
            const StageDecl *st = r->stages[i];
            leading_comments(&S, st->span, 4);
            sb_printf(out, "    %s", st->id);
            if (st->label) {
                sb_str(out, " ");
                show_string(out, st->label);
            }
            if (st->stop_id) {
                sb_printf(out, " otherwise %s", st->stop_id);
                if (st->stop_label) {
                    sb_str(out, " ");
                    show_string(out, st->stop_label);
                }
            }
            if (st->nrequires)
                sb_str(out, " {");
            origin(&S, st->span);
            for (size_t k = 0; k < st->nrequires; k++)
                show_require(&S, &st->requires[k], 6);
            if (st->nrequires)
                sb_str(out, "    }\n");
        }
        sb_str(out, "  }\n");
    }
    for (size_t i = 0; i < r->ngroups; i++) {
        const CondGroup *g = r->groups[i];
        show_head(&S, "conditions", g->name, g->label, g->span);
        sb_str(out, " {");
        origin(&S, g->span);
        for (size_t k = 0; k < g->nrequires; k++)
            show_require(&S, &g->requires[k], 4);
        sb_str(out, "  }\n");
    }
    for (size_t i = 0; i < r->nscores; i++) {
        const ScoreDecl *s = r->scores[i];
        const ScoreNode *n = s->root;
        show_head(&S, "score", s->name, n->label, s->span);
        sb_str(out, " out of ");
        show_num(out, n->out_of);
        show_opts(out, n);
        sb_str(out, " {");
        origin(&S, s->span);
        for (size_t k = 0; k < n->nkids; k++)
            show_node(&S, n->kids[k], 4);
        sb_str(out, "  }\n");
    }
    for (size_t i = 0; i < r->ntiers; i++) {
        sb_str(out, "\n");
        show_tiers(&S, r->tiers[i]);
    }
    for (size_t i = 0; i < r->ncategories; i++) {
        sb_str(out, "\n");
        show_category(&S, r->categories[i]);
    }
    sb_str(out, "}\n");
}
