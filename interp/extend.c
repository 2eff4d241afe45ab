/* extend.c -- a later year's rules as changes to an earlier year's.
 *
 * A file that says `extends "path"` states only what differs from the
 * award of that file: `add`, `change`, `remove`, `rename` or `keep` an
 * input, a let, a score or one of its items, a tier table or one of its
 * entries, a category or one of its conditions.  extend_apply takes the
 * whole award of the earlier file (already put together, if it extends yet
 * another) and applies the changes in the order written, giving the whole
 * award of the later file.  Unchanged items are inherited as they are, with
 * their spans: a message about them points into the file that holds their
 * text, one about a change into the file that made it.
 *
 * A change that names something that is not there is an error with the
 * closest name as a suggestion; one that gives only what was there already
 * is a warning ("makes no difference").  This is a pure tree
 * transformation: no file is read here (load.c reads them). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "ast_eq.h"
#include "extend.h"
#include "i18n.h"
#include "strbuf.h"

typedef struct Ext {
    Rules *r;
    Diags *d;
    RuleFile *base;
    bool broken;     /* the change file has syntax errors: say nothing of
                        changes that look empty (they may be cut short) */
} Ext;

/* The message formats are translated by diag.c (see i18n.h). */
#define ERR(X, span, ...) diag_error((X)->d, rules_source((X)->r, (span)), (span), __VA_ARGS__)
#define WARN(X, span, ...) diag_warning((X)->d, rules_source((X)->r, (span)), (span), __VA_ARGS__)
#define NOTE(X, span, ...) diag_note((X)->d, rules_source((X)->r, (span)), (span), __VA_ARGS__)

/* What a change is about, in the reader's language: the word put into
 * "there is no %s `%s` to change" and the like. */
static const char *what_name(ChangeWhat w)
{
    /* TRANSLATORS: the words below name what a change in a later year's
     * rule file is about; each goes into a sentence such as "there is no
     * %s `%s` to change". */
    switch (w) {
    case CH_INPUT: return _("field");
    case CH_LET: return _("let");
    case CH_SCORE: return _("score");
    case CH_NODE: return _("score item");
    case CH_BONUS: return _("bonus");
    case CH_TIERS: return _("tier table");
    case CH_TIER: return _("tier");
    case CH_CATEGORY: return _("category");
    case CH_REQUIRE: return _("condition");
    }
    return _("item");
}

/* ---- comparing what a change gives with what was there ---- */

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_input(const InputDecl *a, const InputDecl *b)
{
    return kind_equal(&a->kind, &b->kind) && a->optional == b->optional && same_str(a->label, b->label) &&
           expr_equal(a->lo, b->lo) && expr_equal(a->hi, b->hi) && a->lo_strict == b->lo_strict &&
           a->hi_strict == b->hi_strict;
}

static void no_difference(Ext *X, const Change *c, Span old)
{
    if (X->broken)
        return;
    WARN(X, c->span, "this change makes no difference: the %s `%s` is already so", what_name(c->what),
         c->name ? c->name : "");
    NOTE(X, old, "as it was given here");
}

/* ---- finding by name, with a suggestion when not found ---- */

typedef const char *(*NameOf)(const void *item);
static const char *input_name(const void *p) { return ((const InputDecl *)p)->name; }
static const char *let_name(const void *p) { return ((const LetDecl *)p)->name; }
static const char *score_name(const void *p) { return ((const ScoreDecl *)p)->name; }
static const char *tiers_name(const void *p) { return ((const TierDecl *)p)->name; }
static const char *cat_name(const void *p) { return ((const CategoryDecl *)p)->id; }

static long find(const PtrVec *v, NameOf name_of, const char *name)
{
    for (size_t i = 0; i < v->count; i++)
        if (strcmp(name_of(v->items[i]), name) == 0)
            return (long)i;
    return -1;
}

/* "there is no field `x` to change" with the closest name, if any; `where`
 * is "" or a place such as " in `service`" (see in_place), already in the
 * reader's language.  A sentence for each verb, so that a translation can
 * say each its own way. */
static void not_found(Ext *X, const Change *c, const char *const *names, size_t n, const char *where)
{
    const char *what = what_name(c->what), *near = diag_suggest(c->name, names, n);
    Span at = c->name_span;
    switch (c->verb) {
    case VERB_ADD: /* an `add` never looks for what is there */
    case VERB_CHANGE:
        if (near)
            ERR(X, at, "there is no %s `%s`%s to change; did you mean `%s`?", what, c->name, where, near);
        else
            ERR(X, at, "there is no %s `%s`%s to change", what, c->name, where);
        break;
    case VERB_REMOVE:
        if (near)
            ERR(X, at, "there is no %s `%s`%s to remove; did you mean `%s`?", what, c->name, where, near);
        else
            ERR(X, at, "there is no %s `%s`%s to remove", what, c->name, where);
        break;
    case VERB_RENAME:
        if (near)
            ERR(X, at, "there is no %s `%s`%s to rename; did you mean `%s`?", what, c->name, where, near);
        else
            ERR(X, at, "there is no %s `%s`%s to rename", what, c->name, where);
        break;
    case VERB_KEEP:
        if (near)
            ERR(X, at, "there is no %s `%s`%s to keep; did you mean `%s`?", what, c->name, where, near);
        else
            ERR(X, at, "there is no %s `%s`%s to keep", what, c->name, where);
        break;
    }
}

/* The place of a not_found message: " in `NAME`" (a group of items, a tier
 * table) or " in category `NAME`", into buf. */
static const char *in_place(char *buf, size_t size, bool category, const char *name)
{
    /* TRANSLATORS: the place in "there is no condition `x` in category `y`
     * to change"; mind the space before it. */
    if (category)
        snprintf(buf, size, _(" in category `%s`"), name);
    else
        /* TRANSLATORS: the place in "there is no tier `x` in `levels` to
         * change"; mind the space before it. */
        snprintf(buf, size, _(" in `%s`"), name);
    return buf;
}

static void not_found_vec(Ext *X, const Change *c, const PtrVec *v, NameOf name_of, const char *where)
{
    const char **names = arena_alloc(&X->r->arena, sizeof *names * (v->count + 1));
    for (size_t i = 0; i < v->count; i++)
        names[i] = name_of(v->items[i]);
    not_found(X, c, names, v->count, where);
}

static void vec_remove(PtrVec *v, size_t i)
{
    memmove(v->items + i, v->items + i + 1, (v->count - i - 1) * sizeof *v->items);
    v->count--;
}

/* `add` of a name already there: say where it is, and what to write. */
static void already_there(Ext *X, const Change *c, Span first)
{
    ERR(X, c->name_span, "there is already a %s `%s`: write `change` to change it", what_name(c->what), c->name);
    NOTE(X, first, "`%s` is here", c->name);
}

/* Add, change or remove an item of a list of named declarations. */
static void apply_named(Ext *X, const Change *c, PtrVec *v, NameOf name_of, Span (*span_of)(const void *),
                        bool (*same)(const Ext *, const void *, const void *))
{
    long i = find(v, name_of, c->name);
    switch (c->verb) {
    case VERB_ADD:
        if (i >= 0)
            already_there(X, c, span_of(v->items[i]));
        else
            ptrvec_push(&X->r->arena, v, c->item);
        return;
    case VERB_CHANGE:
        if (i < 0) {
            not_found_vec(X, c, v, name_of, "");
            return;
        }
        if (same && same(X, v->items[i], c->item))
            no_difference(X, c, span_of(v->items[i]));
        v->items[i] = c->item;
        return;
    case VERB_REMOVE:
        if (i < 0)
            not_found_vec(X, c, v, name_of, "");
        else
            vec_remove(v, (size_t)i);
        return;
    case VERB_RENAME:
    case VERB_KEEP:
        break;
    }
    ERR(X, c->span, "a %s cannot be renamed or kept this way", what_name(c->what));
}

static Span input_span(const void *p) { return ((const InputDecl *)p)->span; }
static Span let_span(const void *p) { return ((const LetDecl *)p)->span; }
static Span score_span(const void *p) { return ((const ScoreDecl *)p)->span; }
static Span tiers_span(const void *p) { return ((const TierDecl *)p)->span; }
static Span cat_span(const void *p) { return ((const CategoryDecl *)p)->span; }

static bool same_input_v(const Ext *X, const void *a, const void *b)
{
    (void)X;
    return same_input(a, b);
}
static bool same_let_v(const Ext *X, const void *a, const void *b)
{
    (void)X;
    return expr_equal(((const LetDecl *)a)->expr, ((const LetDecl *)b)->expr);
}

/* ---- score trees ---- */

static void set_kids(Ext *X, ScoreNode *g, const PtrVec *kids)
{
    g->kids = arena_alloc(&X->r->arena, sizeof *g->kids * (kids->count + 1));
    memcpy(g->kids, kids->items, sizeof *g->kids * kids->count);
    g->nkids = kids->count;
    for (size_t i = 0; i < g->nkids; i++)
        g->kids[i]->parent = g;
}

/* The item named `name` in g's subtree (g itself excluded), breadth
 * first; *count says how many have that name. */
static ScoreNode *find_node(ScoreNode *g, const char *name, size_t *count, ScoreNode *found)
{
    for (size_t i = 0; i < g->nkids; i++) {
        ScoreNode *k = g->kids[i];
        if (k->tag != NODE_BONUS && strcmp(k->name, name) == 0) {
            if (!found)
                found = k;
            ++*count;
        }
    }
    for (size_t i = 0; i < g->nkids; i++)
        if (g->kids[i]->tag == NODE_GROUP)
            found = find_node(g->kids[i], name, count, found);
    return found;
}

static void node_names(ScoreNode *g, PtrVec *out, Arena *a)
{
    for (size_t i = 0; i < g->nkids; i++) {
        if (g->kids[i]->tag != NODE_BONUS)
            ptrvec_push(a, out, (void *)g->kids[i]->name);
        if (g->kids[i]->tag == NODE_GROUP)
            node_names(g->kids[i], out, a);
    }
}

static void apply_node_changes(Ext *X, ScoreNode *g, const PtrVec *changes);

/* Set the parts a `change` gives on node n (the new values in `to`). */
static void change_node(Ext *X, const Change *c, ScoreNode *n, const ScoreNode *to)
{
    bool differs = false;
    if (c->given & GIVE_LABEL) {
        differs |= !same_str(n->label, to->label);
        n->label = to->label;
    }
    if (c->given & GIVE_OUT_OF) {
        differs |= !n->has_out_of || dec_cmp(n->out_of, to->out_of) != 0;
        n->out_of = to->out_of;
        n->has_out_of = true;
    }
    if (c->given & GIVE_WEIGHT) {
        if (n->tag != NODE_LEAF || (!n->has_weight && n->nkids)) {
            ERR(X, c->name_span, "`%s` has items inside it; only a single item can be weighted", n->name);
            return;
        }
        differs |= !n->has_weight || dec_cmp(n->weight, to->weight) != 0;
        n->has_weight = true;
        n->weight = to->weight;
        n->out_of = to->weight;
        n->has_out_of = true;
    }
    if (c->given & GIVE_CAPPED) {
        if (n->tag != NODE_GROUP)
            ERR(X, c->name_span, "only a group of items can be capped; `%s` is a single item", n->name);
        differs |= n->capped != to->capped;
        n->capped = to->capped;
    }
    if (c->given & GIVE_ROUND) {
        differs |= !n->has_round || n->round_places != to->round_places || n->round_mode != to->round_mode;
        n->has_round = true;
        n->round_places = to->round_places;
        n->round_mode = to->round_mode;
    }
    if (c->given & GIVE_EXPR) {
        if (n->tag == NODE_GROUP) {
            ERR(X, c->name_span, "`%s` is a group of items: it has no value of its own to change", n->name);
            return;
        }
        differs |= !expr_equal(n->expr, to->expr);
        n->expr = to->expr;
    }
    if (c->kids.count) {
        if (n->tag != NODE_GROUP) {
            ERR(X, c->name_span, "`%s` is a single item: it has no items inside it to change", n->name);
            return;
        }
        differs = true;
        apply_node_changes(X, n, &c->kids);
    }
    if (!differs)
        no_difference(X, c, n->span);
    else
        n->changed = c->span;
}

/* The first group below g that has a bonus of its own. */
static const ScoreNode *bonus_holder(const ScoreNode *g)
{
    for (size_t i = 0; i < g->nkids; i++)
        if (g->kids[i]->tag == NODE_BONUS)
            return g;
    for (size_t i = 0; i < g->nkids; i++) {
        const ScoreNode *h = g->kids[i]->tag == NODE_GROUP ? bonus_holder(g->kids[i]) : NULL;
        if (h)
            return h;
    }
    return NULL;
}

static void apply_node_changes(Ext *X, ScoreNode *g, const PtrVec *changes)
{
    for (size_t ci = 0; ci < changes->count; ci++) {
        const Change *c = changes->items[ci];
        PtrVec kids = { 0 };
        for (size_t i = 0; i < g->nkids; i++)
            ptrvec_push(&X->r->arena, &kids, g->kids[i]);
        if (c->what == CH_BONUS) {
            long at = -1;
            size_t n = 0;
            for (size_t i = 0; i < g->nkids; i++)
                if (g->kids[i]->tag == NODE_BONUS) {
                    at = at < 0 ? (long)i : at;
                    n++;
                }
            if (c->verb == VERB_ADD) {
                if (n)
                    WARN(X, c->span, "`%s` now has %zu bonuses", g->name, n + 1);
                ptrvec_push(&X->r->arena, &kids, c->item);
                set_kids(X, g, &kids);
            } else if (n == 0) {
                const ScoreNode *holder = bonus_holder(g);
                if (holder && c->verb == VERB_REMOVE)
                    ERR(X, c->name_span, "`%s` has no bonus of its own to remove; the bonus is in `%s`: write "
                                         "`change %s { remove bonus ... }`", g->name, holder->name, holder->name);
                else if (holder)
                    ERR(X, c->name_span, "`%s` has no bonus of its own to change; the bonus is in `%s`: write "
                                         "`change %s { change bonus ... }`", g->name, holder->name, holder->name);
                else if (c->verb == VERB_REMOVE)
                    ERR(X, c->name_span, "`%s` has no bonus to remove", g->name);
                else
                    ERR(X, c->name_span, "`%s` has no bonus to change", g->name);
            } else if (n > 1) {
                ERR(X, c->name_span, "`%s` has %zu bonuses: change the group's items one by one instead", g->name,
                    n);
            } else if (c->verb == VERB_REMOVE) {
                vec_remove(&kids, (size_t)at);
                set_kids(X, g, &kids);
            } else {
                change_node(X, c, g->kids[at], c->item);
            }
            continue;
        }
        if (c->verb == VERB_ADD) {
            size_t count = 0;
            ScoreNode *there = find_node(g, c->name, &count, NULL);
            if (there) {
                already_there(X, c, there->span);
                continue;
            }
            ((ScoreNode *)c->item)->changed = c->span;
            ptrvec_push(&X->r->arena, &kids, c->item);
            set_kids(X, g, &kids);
            continue;
        }
        size_t count = 0;
        ScoreNode *n = find_node(g, c->name, &count, NULL);
        if (!n) {
            PtrVec names = { 0 };
            node_names(g, &names, &X->r->arena);
            char where[160];
            not_found(X, c, (const char *const *)names.items, names.count,
                      in_place(where, sizeof where, false, g->name));
            continue;
        }
        if (count > 1) {
            ERR(X, c->name_span, "`%s` names %zu items of `%s`: change the group that holds the one you mean "
                                 "(`change GROUP { change %s ... }`)", c->name, count, g->name, c->name);
            continue;
        }
        if (c->verb == VERB_REMOVE) {
            ScoreNode *p = n->parent;
            PtrVec pk = { 0 };
            for (size_t i = 0; i < p->nkids; i++)
                if (p->kids[i] != n)
                    ptrvec_push(&X->r->arena, &pk, p->kids[i]);
            set_kids(X, p, &pk);
        } else if (c->verb == VERB_CHANGE) {
            change_node(X, c, n, c->item);
        } else {
            ERR(X, c->span, "a score item cannot be renamed or kept");
        }
    }
}

static void apply_score(Ext *X, const Change *c)
{
    PtrVec *v = &X->base->scores;
    if (c->verb != VERB_CHANGE) {
        apply_named(X, c, v, score_name, score_span, NULL);
        return;
    }
    long i = find(v, score_name, c->name);
    if (i < 0) {
        not_found_vec(X, c, v, score_name, "");
        return;
    }
    ScoreDecl *s = v->items[i];
    change_node(X, c, s->root, c->item);
}

/* ---- tiers ---- */

static void apply_tiers(Ext *X, const Change *c)
{
    PtrVec *v = &X->base->tiers;
    if (c->verb != VERB_CHANGE) {
        apply_named(X, c, v, tiers_name, tiers_span, NULL);
        return;
    }
    long ti = find(v, tiers_name, c->name);
    if (ti < 0) {
        not_found_vec(X, c, v, tiers_name, "");
        return;
    }
    TierDecl *t = v->items[ti];
    const TierDecl *to = c->item;
    bool differs = c->kids.count > 0;
    if (c->given & GIVE_LABEL) {
        differs |= !same_str(t->label, to->label);
        t->label = to->label;
    }
    if (!differs)
        no_difference(X, c, t->span);
    for (size_t k = 0; k < c->kids.count; k++) {
        const Change *e = c->kids.items[k];
        const TierEntry *ne = e->item;
        long at = -1;
        for (size_t i = 0; i < t->nentries; i++)
            if (strcmp(t->entries[i].id, e->name) == 0)
                at = (long)i;
        if (e->verb == VERB_ADD) {
            if (at >= 0) {
                already_there(X, e, t->entries[at].span);
                continue;
            }
            /* before the `otherwise` entry, which catches what is left */
            size_t pos = t->nentries;
            while (pos > 0 && t->entries[pos - 1].rule == TIER_OTHERWISE)
                pos--;
            TierEntry *es = arena_alloc(&X->r->arena, sizeof *es * (t->nentries + 2));
            memcpy(es, t->entries, sizeof *es * pos);
            es[pos] = *ne;
            es[pos].changed = e->span;
            memcpy(es + pos + 1, t->entries + pos, sizeof *es * (t->nentries - pos));
            t->entries = es;
            t->nentries++;
            continue;
        }
        if (at < 0) {
            const char **names = arena_alloc(&X->r->arena, sizeof *names * (t->nentries + 1));
            for (size_t i = 0; i < t->nentries; i++)
                names[i] = t->entries[i].id;
            char where[160];
            not_found(X, e, names, t->nentries, in_place(where, sizeof where, false, t->name));
            continue;
        }
        TierEntry *te = &t->entries[at];
        if (e->verb == VERB_REMOVE) {
            memmove(te, te + 1, sizeof *te * (t->nentries - (size_t)at - 1));
            t->nentries--;
            continue;
        }
        if (e->verb != VERB_CHANGE) {
            ERR(X, e->span, "a tier cannot be renamed or kept");
            continue;
        }
        bool d = false;
        if (e->given & GIVE_LABEL) {
            d |= !same_str(te->label, ne->label);
            te->label = ne->label;
        }
        if (e->given & GIVE_NOTE) {
            d |= !same_str(te->note, ne->note);
            te->note = ne->note;
        }
        if (e->given & GIVE_RULE) {
            d |= te->rule != ne->rule || dec_cmp(te->lo, ne->lo) != 0 || dec_cmp(te->hi, ne->hi) != 0;
            te->rule = ne->rule;
            te->lo = ne->lo;
            te->hi = ne->hi;
        }
        if (!d)
            no_difference(X, e, te->span);
        else
            te->changed = e->span;
    }
}

/* ---- categories ---- */

static void rename_refs(Ext *X, const char *from, const char *to);

static void change_requires(Ext *X, CategoryDecl *cat, const PtrVec *changes)
{
    for (size_t k = 0; k < changes->count; k++) {
        const Change *c = changes->items[k];
        if (c->what == CH_CATEGORY) { /* change scored by */
            const CategoryDecl *to = c->item;
            if (same_str(cat->score_name, to->score_name) && same_str(cat->tiers_name, to->tiers_name))
                no_difference(X, c, cat->score_span);
            cat->score_name = to->score_name;
            cat->score_span = to->score_span;
            cat->tiers_name = to->tiers_name;
            cat->tiers_span = to->tiers_span;
            continue;
        }
        const Require *nq = c->item;
        long at = -1;
        bool ambiguous_seen = false;  /* c->name starts conditions, but more than one */
        for (size_t i = 0; i < cat->nrequires; i++) {
            bool amb = false;
            const char *h = require_handle(cat, &cat->requires[i], &amb);
            if (h && c->name && strcmp(h, c->name) == 0)
                at = (long)i;
            if (amb && c->name && strcmp(require_first_name(&cat->requires[i]), c->name) == 0)
                ambiguous_seen = true;
        }
        if (c->verb == VERB_ADD) {
            if (c->name && at >= 0) {
                already_there(X, c, cat->requires[at].span);
                continue;
            }
            Require *qs = arena_alloc(&X->r->arena, sizeof *qs * (cat->nrequires + 1));
            memcpy(qs, cat->requires, sizeof *qs * cat->nrequires);
            qs[cat->nrequires++] = *nq;
            cat->requires = qs;
            continue;
        }
        if (at < 0) {
            if (ambiguous_seen) {
                ERR(X, c->name_span, "more than one condition of `%s` starts with `%s`, so that name is no "
                                     "condition's handle; name the one you mean where it is written "
                                     "(`require NAME: ...`)", cat->id, c->name);
                for (size_t i = 0; i < cat->nrequires; i++)
                    if (!cat->requires[i].name && strcmp(require_first_name(&cat->requires[i]), c->name) == 0)
                        NOTE(X, cat->requires[i].span, "one of them");
                continue;
            }
            const char **names = arena_alloc(&X->r->arena, sizeof *names * (cat->nrequires + 1));
            size_t n = 0;
            for (size_t i = 0; i < cat->nrequires; i++) {
                const char *h = require_handle(cat, &cat->requires[i], NULL);
                if (h)
                    names[n++] = h;
            }
            char where[160];
            not_found(X, c, names, n, in_place(where, sizeof where, true, cat->id));
            if (n && !diag_suggest(c->name, names, n)) {
                Sb list = { 0 };
                for (size_t i = 0; i < n; i++)
                    sb_printf(&list, "%s`%s`", i ? ", " : "", names[i]);
                diag_note(X->d, NULL, (Span){ 0 }, "the conditions of `%s` are called %s", cat->id, list.s);
                sb_free(&list);
            }
            continue;
        }
        Require *q = &cat->requires[at];
        if (c->verb == VERB_REMOVE) {
            memmove(q, q + 1, sizeof *q * (cat->nrequires - (size_t)at - 1));
            cat->nrequires--;
            continue;
        }
        if (c->verb == VERB_KEEP) {
            q->kept = true;
            continue;
        }
        if (c->verb != VERB_CHANGE) {
            ERR(X, c->span, "a condition cannot be renamed: remove it and add the new one");
            continue;
        }
        bool d = false;
        if (c->given & GIVE_COND) {
            d |= !expr_equal(q->cond, nq->cond);
            q->cond = nq->cond;
            q->source = nq->source;
            q->span = nq->span;
        }
        if (c->given & GIVE_MESSAGE) {
            d |= !same_str(q->message_src, nq->message_src);
            q->message = nq->message;
            q->message_src = nq->message_src;
            q->message_span = nq->message_span;
        }
        if (!q->name)  /* the handle it was found by stays its name */
            q->name = c->name;
        if (!d)
            no_difference(X, c, q->span);
        else
            q->kept = true; /* written again this year */
    }
}

static void apply_category(Ext *X, const Change *c)
{
    PtrVec *v = &X->base->categories;
    if (c->verb == VERB_ADD || c->verb == VERB_REMOVE) {
        apply_named(X, c, v, cat_name, cat_span, NULL);
        return;
    }
    long i = find(v, cat_name, c->name);
    if (i < 0) {
        not_found_vec(X, c, v, cat_name, "");
        return;
    }
    CategoryDecl *cat = v->items[i];
    if (c->verb == VERB_RENAME) {
        long there = find(v, cat_name, c->new_name);
        if (there >= 0) {
            ERR(X, c->new_name_span, "there is already a category `%s`", c->new_name);
            NOTE(X, ((CategoryDecl *)v->items[there])->span, "`%s` is here", c->new_name);
            return;
        }
        rename_refs(X, cat->id, c->new_name);
        cat->id = c->new_name;
        cat->span = c->new_name_span;
        return;
    }
    const CategoryDecl *to = c->item;
    bool differs = c->kids.count > 0;
    if (c->given & GIVE_LABEL) {
        differs |= !same_str(cat->title, to->title);
        cat->title = to->title;
    }
    if (!differs)
        no_difference(X, c, cat->span);
    change_requires(X, cat, &c->kids);
}

/* A renamed category keeps its place in every rule that names it: won()
 * and `{id}` in messages follow the new id. */
static bool rename_expr(Ext *X, Expr *e, const char *from, const char *to)
{
    if (!e)
        return false;
    bool changed = false;
    if (e->tag == EX_CALL && strcmp(e->fname, "won") == 0 && e->nargs > 0 && e->args[0]->tag == EX_NAME &&
        strcmp(e->args[0]->v.str, from) == 0) {
        Expr *copy = arena_alloc(&X->r->arena, sizeof *copy);
        *copy = *e->args[0];
        copy->v.str = to;
        Expr **args = arena_alloc(&X->r->arena, sizeof *args * e->nargs);
        memcpy(args, e->args, sizeof *args * e->nargs);
        args[0] = copy;
        e->args = args;
        changed = true;
    }
    changed |= rename_expr(X, e->a, from, to);
    changed |= rename_expr(X, e->b, from, to);
    for (size_t i = 0; i < e->nargs; i++)
        changed |= rename_expr(X, e->args[i], from, to);
    /* its source text still says the old id: explanations write it anew */
    e->retold |= changed;
    return changed;
}

static const char *rename_in_text(Ext *X, const char *s, const char *from, const char *to)
{
    if (!s || !strchr(s, '{'))
        return s;
    size_t flen = strlen(from);
    Sb b = { 0 };
    const char *p = s;
    bool changed = false;
    while (*p) {
        if (p[0] == '{' && p[1] == '{') { /* `{{` is a `{` itself, not a reference */
            sb_add(&b, p, 2);
            p += 2;
        } else if (p[0] == '{' && strncmp(p + 1, from, flen) == 0 && p[1 + flen] == '}') {
            sb_printf(&b, "{%s}", to);
            p += flen + 2;
            changed = true;
        } else {
            sb_add(&b, p, 1);
            p++;
        }
    }
    const char *out = changed ? arena_strndup(&X->r->arena, b.s, b.len) : s;
    sb_free(&b);
    return out;
}

static void rename_refs(Ext *X, const char *from, const char *to)
{
    for (size_t i = 0; i < X->base->categories.count; i++) {
        CategoryDecl *c = X->base->categories.items[i];
        for (size_t j = 0; j < c->nrequires; j++) {
            rename_expr(X, c->requires[j].cond, from, to);
            const char *m = rename_in_text(X, c->requires[j].message_src, from, to);
            if (m != c->requires[j].message_src)
                c->requires[j].message = c->requires[j].message_src = m;
        }
    }
}

/* ---- the whole file ---- */

/* A file that extends another states changes; a plain declaration in it
 * would silently be a second one: say which verb to write. */
static void plain_items(Ext *X, const RuleFile *rf)
{
    static const struct {
        size_t off;
        NameOf name_of;
        Span (*span_of)(const void *);
        const char *word;
    } kinds[] = {
        { offsetof(RuleFile, inputs), input_name, input_span, "field" },
        { offsetof(RuleFile, lets), let_name, let_span, "let" },
        { offsetof(RuleFile, scores), score_name, score_span, "score" },
        { offsetof(RuleFile, tiers), tiers_name, tiers_span, "tiers" },
        { offsetof(RuleFile, categories), cat_name, cat_span, "category" },
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        const PtrVec *mine = (const PtrVec *)((const char *)rf + kinds[k].off);
        const PtrVec *theirs = (const PtrVec *)((const char *)X->base + kinds[k].off);
        for (size_t i = 0; i < mine->count; i++) {
            const char *name = kinds[k].name_of(mine->items[i]);
            bool exists = find(theirs, kinds[k].name_of, name) >= 0;
            Span at = kinds[k].span_of(mine->items[i]);
            if (k == 0 && exists)
                ERR(X, at, "this file extends another, so its fields are changes: write `change %s ...` to "
                           "change the field it inherits", name);
            else if (k == 0)
                ERR(X, at, "this file extends another, so its fields are changes: write `add %s ...` to add a "
                           "field", name);
            else if (exists)
                ERR(X, at, "this file extends another, so it states changes: write `change %s %s ...` to change "
                           "the one it inherits", kinds[k].word, name);
            else
                ERR(X, at, "this file extends another, so it states changes: write `add %s %s ...` to add it",
                    kinds[k].word, name);
        }
    }
}

void extend_apply(Rules *r, Diags *d, RuleFile *base, const RuleFile *rf)
{
    Ext X = { r, d, base, rf->broken };
    plain_items(&X, rf);
    for (size_t i = 0; i < rf->changes.count; i++) {
        const Change *c = rf->changes.items[i];
        switch (c->what) {
        case CH_INPUT:
            apply_named(&X, c, &base->inputs, input_name, input_span, same_input_v);
            break;
        case CH_LET:
            apply_named(&X, c, &base->lets, let_name, let_span, same_let_v);
            break;
        case CH_SCORE:
            apply_score(&X, c);
            break;
        case CH_TIERS:
            apply_tiers(&X, c);
            break;
        case CH_CATEGORY:
            apply_category(&X, c);
            break;
        case CH_NODE:
        case CH_BONUS:
        case CH_TIER:
        case CH_REQUIRE:
            break; /* only inside their score, tiers or category */
        }
    }
    /* Stages and groups of conditions: a later file may add them, not yet
     * change them (docs/language.md, known issues). */
    if (rf->stages.count) {
        if (base->stages.count) {
            ERR(&X, rf->stages_span, "the stages are inherited from the file this one extends and cannot be "
                                     "declared again; a later year's file cannot change them yet");
        } else {
            base->stages = rf->stages;
            base->stages_span = rf->stages_span;
        }
    }
    for (size_t i = 0; i < rf->groups.count; i++)
        ptrvec_push(&r->arena, &base->groups, rf->groups.items[i]);
    /* The award's own settings: what the later file gives, else inherited. */
    if (rf->title)
        base->title = rf->title, base->title_span = rf->title_span;
    base->name = rf->name;
    base->name_span = rf->name_span;
    if (rf->has_precision) {
        if (base->has_precision && base->precision == rf->precision)
            WARN(&X, rf->precision_span, "this makes no difference: the precision is already %d", rf->precision);
        base->has_precision = true;
        base->precision = rf->precision;
        base->precision_span = rf->precision_span;
    }
    if (rf->has_year) {
        if (base->has_year && base->year == rf->year && base->year_ce == rf->year_ce)
            WARN(&X, rf->year_span, "the year is the same as in the file this one extends; a later year's "
                                    "rules say their own year");
        base->has_year = true;
        base->year = rf->year;
        base->year_ce = rf->year_ce;
        base->year_span = rf->year_span;
    } else if (base->has_year) {
        WARN(&X, rf->name_span, "this file does not say its year, so it keeps %lld %s of the file it extends; "
                                "add `year ...` if it is for another year",
             (long long)base->year, base->year_ce ? "CE" : "BE");
    }
    base->file = rf->file;
    base->extends = rf->extends;
    base->extends_span = rf->extends_span;
}
