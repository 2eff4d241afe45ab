/* test_parse.c -- unit tests for the scanner and the parser, through
 * rules_parse: every construct of the rule language and the tree it gives,
 * operator precedence, which newlines end an item, Thai names and texts,
 * and syntax errors: several per file at the right line:column, recovery
 * that skips a broken item (with its nested block), notes naming an
 * unclosed opener, limits that give an error instead of a crash, and
 * invalid UTF-8.  Every test checks that it leaves no live block behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support.h"

#include "ast.h"
#include "dec.h"
#include "diag.h"
#include "mem.h"

/* ---- helpers ---- */

/* One parsed text: its messages as printed, and the tree. */
typedef struct Parsed {
    Diags *d;
    Rules *r;
    char *out;       /* diag_print's text (plain malloc) */
    const char *text;
} Parsed;

static Parsed parse_len(const char *text, size_t len)
{
    Parsed p = { 0 };
    p.text = text;
    p.d = diag_new();
    assert_non_null(p.d);
    p.r = rules_parse(p.d, "t.award", text, len);
    p.out = render(p.d);
    return p;
}

static Parsed parse(const char *text) { return parse_len(text, strlen(text)); }

static void release_only(Parsed *p)
{
    rules_free(p->r);
    diag_free(p->d);
    free(p->out);
}

static void release(Parsed *p)
{
    release_only(p);
    assert_int_equal(mem_live_blocks(), baseline);
}

static size_t errors(const Parsed *p) { return diag_count(p->d, DIAG_ERROR); }
static size_t warnings(const Parsed *p) { return diag_count(p->d, DIAG_WARNING); }

/* The text parses with no message at all. */
static Parsed parse_ok(const char *text)
{
    Parsed p = parse(text);
    if (errors(&p) || warnings(&p))
        fail_msg("unexpected messages:\n%s", p.out);
    assert_non_null(p.r);
    return p;
}

static void expect_out(const Parsed *p, const char *needle)
{
    if (!strstr(p->out, needle))
        fail_msg("expected to find\n  %s\nin the messages:\n%s", needle, p->out);
}

static void expect_not_out(const Parsed *p, const char *needle)
{
    if (strstr(p->out, needle))
        fail_msg("did not expect\n  %s\nin the messages:\n%s", needle, p->out);
}

static size_t count_in(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *s = strstr(hay, needle); s; s = strstr(s + 1, needle))
        n++;
    return n;
}

/* "t.award:L:C: LEVEL: " for the first occurrence of `needle` (plus
 * `skip` bytes into it) in the parsed text, through diag_linecol. */
static void head_at(const Parsed *p, const char *needle, size_t skip, const char *level, char *buf,
                    size_t size)
{
    const char *s = strstr(p->text, needle);
    assert_non_null(s);
    unsigned line = 0, col = 0;
    diag_linecol(p->r->files[0], (uint32_t)(s - p->text + (ptrdiff_t)skip), &line, &col);
    snprintf(buf, size, "t.award:%u:%u: %s: ", line, col, level);
}

static void expect_error_at(const Parsed *p, const char *needle, const char *message)
{
    char head[64], want[512];
    head_at(p, needle, 0, "error", head, sizeof head);
    snprintf(want, sizeof want, "%s%s", head, message);
    expect_out(p, want);
}

static int dec_eq(Dec d, const char *want)
{
    Dec w;
    assert_int_equal(dec_parse(want, strlen(want), &w), DEC_OK);
    return dec_cmp(d, w) == 0;
}
#define assert_dec(d, want) assert_true(dec_eq((d), (want)))

static const InputDecl *input(const Rules *r, const char *name)
{
    for (size_t i = 0; i < r->ninputs; i++)
        if (strcmp(r->inputs[i]->name, name) == 0)
            return r->inputs[i];
    fail_msg("no input `%s`", name);
    return NULL;
}

static const LetDecl *let(const Rules *r, const char *name)
{
    for (size_t i = 0; i < r->nlets; i++)
        if (strcmp(r->lets[i]->name, name) == 0)
            return r->lets[i];
    fail_msg("no let `%s`", name);
    return NULL;
}

/* ---- an expression as an s-expression, to compare whole trees ---- */

static void sx(const Expr *e, char *buf, size_t size, size_t *n);

static void put(char *buf, size_t size, size_t *n, const char *s)
{
    size_t len = strlen(s);
    if (*n + len + 1 > size)
        fail_msg("s-expression too long");
    memcpy(buf + *n, s, len + 1);
    *n += len;
}

static void sx_bin(const char *op, const Expr *e, char *buf, size_t size, size_t *n)
{
    put(buf, size, n, "(");
    put(buf, size, n, op);
    put(buf, size, n, " ");
    sx(e->a, buf, size, n);
    put(buf, size, n, " ");
    sx(e->b, buf, size, n);
    put(buf, size, n, ")");
}

static void sx(const Expr *e, char *buf, size_t size, size_t *n)
{
    char tmp[DEC_FMT_MAX + 16];
    assert_non_null(e);
    switch (e->tag) {
    case EX_NUMBER: dec_format(e->v.num, 0, tmp); put(buf, size, n, tmp); return;
    case EX_STRING:
        put(buf, size, n, "\"");
        put(buf, size, n, e->v.str);
        put(buf, size, n, "\"");
        return;
    case EX_BOOL: put(buf, size, n, e->v.boolean ? "true" : "false"); return;
    case EX_DATE: snprintf(tmp, sizeof tmp, "#%d", (int)e->v.date); put(buf, size, n, tmp); return;
    case EX_MODE:
        put(buf, size, n, e->v.mode == DEC_HALF_UP ? "half-up" : e->v.mode == DEC_HALF_EVEN ? "half-even" : "mode");
        return;
    case EX_NAME: put(buf, size, n, e->v.str); return;
    case EX_YEAR: put(buf, size, n, "year"); return;
    case EX_NEG: put(buf, size, n, "(neg "); sx(e->a, buf, size, n); put(buf, size, n, ")"); return;
    case EX_NOT: put(buf, size, n, "(not "); sx(e->a, buf, size, n); put(buf, size, n, ")"); return;
    case EX_ADD: sx_bin("+", e, buf, size, n); return;
    case EX_SUB: sx_bin("-", e, buf, size, n); return;
    case EX_MUL: sx_bin("*", e, buf, size, n); return;
    case EX_DIV: sx_bin("/", e, buf, size, n); return;
    case EX_EQ: sx_bin("=", e, buf, size, n); return;
    case EX_NE: sx_bin("!=", e, buf, size, n); return;
    case EX_LT: sx_bin("<", e, buf, size, n); return;
    case EX_LE: sx_bin("<=", e, buf, size, n); return;
    case EX_GT: sx_bin(">", e, buf, size, n); return;
    case EX_GE: sx_bin(">=", e, buf, size, n); return;
    case EX_AND: sx_bin("and", e, buf, size, n); return;
    case EX_OR: sx_bin("or", e, buf, size, n); return;
    case EX_IN: sx_bin("in", e, buf, size, n); return;
    case EX_RANGE: sx_bin("..", e, buf, size, n); return;
    case EX_LIST:
    case EX_CALL:
        put(buf, size, n, e->tag == EX_LIST ? "[" : "(");
        if (e->tag == EX_CALL)
            put(buf, size, n, e->fname);
        for (size_t i = 0; i < e->nargs; i++) {
            if (i || e->tag == EX_CALL)
                put(buf, size, n, " ");
            sx(e->args[i], buf, size, n);
        }
        put(buf, size, n, e->tag == EX_LIST ? "]" : ")");
        return;
    case EX_ALL:
    case EX_ANY:
        put(buf, size, n, e->tag == EX_ALL ? "(all " : "(any ");
        put(buf, size, n, e->var);
        put(buf, size, n, " ");
        sx(e->a, buf, size, n);
        put(buf, size, n, " ");
        sx(e->b, buf, size, n);
        put(buf, size, n, ")");
        return;
    }
    fail_msg("unknown expression tag %d", (int)e->tag);
}

static void assert_sx(const Expr *e, const char *want)
{
    char buf[4096];
    size_t n = 0;
    buf[0] = '\0';
    sx(e, buf, sizeof buf, &n);
    assert_string_equal(buf, want);
}

/* The source text an expression's span covers. */
static void assert_span_text(const Parsed *p, Span s, const char *want)
{
    size_t len = strlen(want);
    assert_int_equal(s.end - s.start, len);
    assert_memory_equal(p->text + s.start, want, len);
}

/* ---- every construct ---- */

static const char FULL[] =
    "# a comment before the award\n"
    "award demo \"รางวัลทดสอบ\" {\n"
    "  year 2015 CE\n"
    "  precision 3\n"
    "\n"
    "  input {\n"
    "    id        text                \"รหัส\"\n"
    "    agency    text\n"
    "    type      category\n"
    "    ok        bool\n"
    "    n         integer >= 0\n"
    "    pos       integer > 0\n"
    "    small     integer <= 5\n"
    "    tiny      integer < 5\n"
    "    neg       integer -5 to 5\n"
    "    pct       decimal 0 to 100    \"ร้อยละ\"\n"
    "    part      integer 0 to n\n"
    "    yr        year\n"
    "    when_done date\n"
    "    lvl       one of low, mid, high  \"ระดับ\"\n"
    "    oy        optional year 2500 to year  \"ปีที่ได้รับ\"\n"
    "    ys        list of year\n"
    "    names     list of text\n"
    "    kids      optional list of integer\n"
    "  }\n"
    "\n"
    "  let in_use = n >= 12\n"
    "\n"
    "  score total \"รวม\" out of 100, round 2 half-up {\n"
    "    part1 \"ส่วน 1\" out of 60, capped {\n"
    "      pct out of 50 = pct / 2\n"
    "      share weight 10 = pos / 10\n"
    "      bonus 5 \"พิเศษ\" when ok\n"
    "    }\n"
    "    part2 out of 40, capped, round 1 half-even {\n"
    "      small out of 10\n"
    "      e \"อี\" out of 30, round 0 up = 3 * small\n"
    "    }\n"
    "  }\n"
    "\n"
    "  tiers levels \"ระดับรางวัล\" on total, other {\n"
    "    top \"สูงสุด\" at least 90 note \"ตรวจพื้นที่\"\n"
    "    mid from 80 to 89.99\n"
    "    low otherwise\n"
    "  }\n"
    "\n"
    "  category 1 first \"แรก\" {\n"
    "    require ok \"ต้องผ่าน\"\n"
    "    require in_use\n"
    "    scored by total, tiers levels\n"
    "  }\n"
    "  category 12 whole per agency {\n"
    "    require won(first, top)\n"
    "  }\n"
    "  category 0 empty {\n"
    "  }\n"
    "}\n";

static void test_full_header(void **state)
{
    (void)state;
    Parsed p = parse_ok(FULL);
    Rules *r = p.r;
    assert_string_equal(r->name, "demo");
    assert_string_equal(r->title, "รางวัลทดสอบ");
    assert_span_text(&p, r->name_span, "demo");
    assert_int_equal(r->year, 2015);
    assert_true(r->year_ce);
    assert_int_equal(r->year_be, 2558);
    assert_int_equal(r->year_ce_value, 2015);
    assert_span_text(&p, r->year_span, "year 2015 CE");
    assert_int_equal(r->precision, 3);
    assert_true(r->has_precision);
    assert_int_equal(r->ninputs, 18);
    assert_int_equal(r->nlets, 1);
    assert_int_equal(r->nscores, 1);
    assert_int_equal(r->ntiers, 1);
    assert_int_equal(r->ncategories, 3);
    /* nothing the checker sets is set yet */
    assert_int_equal(r->slot_id, -1);
    assert_int_equal(r->slot_type, -1);
    assert_int_equal(r->nnodes, 0);
    release(&p);
}

static void test_year_be(void **state)
{
    (void)state;
    Parsed p = parse_ok("award a {\n  year 2558 BE\n}\n");
    assert_int_equal(p.r->year, 2558);
    assert_false(p.r->year_ce);
    assert_int_equal(p.r->year_be, 2558);
    assert_int_equal(p.r->year_ce_value, 2015);
    /* no precision line: the default 2, and it was not written */
    assert_int_equal(p.r->precision, 2);
    assert_false(p.r->has_precision);
    assert_null(p.r->title);
    release(&p);

    p = parse_ok("award a {\n  year 1 CE\n  precision 0\n}\n");
    assert_int_equal(p.r->year_be, 544);
    assert_int_equal(p.r->year_ce_value, 1);
    assert_int_equal(p.r->precision, 0);
    assert_true(p.r->has_precision);
    release(&p);
}

static void test_full_inputs(void **state)
{
    (void)state;
    Parsed p = parse_ok(FULL);
    const Rules *r = p.r;
    static const char *const order[] = { "id", "agency", "type", "ok", "n", "pos", "small", "tiny", "neg",
                                         "pct", "part", "yr", "when_done", "lvl", "oy", "ys", "names", "kids" };
    for (size_t i = 0; i < 18; i++)
        assert_string_equal(r->inputs[i]->name, order[i]);

    const InputDecl *d = input(r, "id");
    assert_int_equal(d->kind.tag, KIND_TEXT);
    assert_string_equal(d->label, "รหัส");
    assert_false(d->optional);
    assert_null(d->lo);
    assert_null(d->hi);
    assert_span_text(&p, d->span, "id");
    assert_span_text(&p, d->kind_span, "text");
    assert_null(input(r, "agency")->label);
    assert_int_equal(input(r, "type")->kind.tag, KIND_CATEGORY);
    assert_int_equal(input(r, "ok")->kind.tag, KIND_BOOL);

    d = input(r, "n");                    /* >= 0 */
    assert_int_equal(d->kind.tag, KIND_INTEGER);
    assert_non_null(d->lo);
    assert_null(d->hi);
    assert_sx(d->lo, "0");
    assert_false(d->lo_strict);
    d = input(r, "pos");                  /* > 0 */
    assert_sx(d->lo, "0");
    assert_true(d->lo_strict);
    assert_null(d->hi);
    d = input(r, "small");                /* <= 5 */
    assert_null(d->lo);
    assert_sx(d->hi, "5");
    assert_false(d->hi_strict);
    d = input(r, "tiny");                 /* < 5 */
    assert_null(d->lo);
    assert_sx(d->hi, "5");
    assert_true(d->hi_strict);
    d = input(r, "neg");                  /* -5 to 5 */
    assert_int_equal(d->lo->tag, EX_NUMBER);
    assert_dec(d->lo->v.num, "-5");
    assert_sx(d->hi, "5");
    assert_false(d->lo_strict || d->hi_strict);
    d = input(r, "pct");                  /* decimal 0 to 100 "label" */
    assert_int_equal(d->kind.tag, KIND_DECIMAL);
    assert_sx(d->lo, "0");
    assert_sx(d->hi, "100");
    assert_string_equal(d->label, "ร้อยละ");
    d = input(r, "part");                 /* 0 to another field */
    assert_sx(d->lo, "0");
    assert_int_equal(d->hi->tag, EX_NAME);
    assert_string_equal(d->hi->v.str, "n");
    assert_int_equal(input(r, "yr")->kind.tag, KIND_YEAR);
    assert_int_equal(input(r, "when_done")->kind.tag, KIND_DATE);

    d = input(r, "lvl");
    assert_int_equal(d->kind.tag, KIND_ENUM);
    assert_int_equal(d->kind.nnames, 3);
    assert_string_equal(d->kind.names[0], "low");
    assert_string_equal(d->kind.names[1], "mid");
    assert_string_equal(d->kind.names[2], "high");
    assert_string_equal(d->label, "ระดับ");
    assert_span_text(&p, d->kind_span, "one of low, mid, high");

    d = input(r, "oy");                   /* optional, with a range up to the award year */
    assert_true(d->optional);
    assert_int_equal(d->kind.tag, KIND_YEAR);
    assert_sx(d->lo, "2500");
    assert_sx(d->hi, "year");
    assert_string_equal(d->label, "ปีที่ได้รับ");
    assert_span_text(&p, d->kind_span, "year");

    d = input(r, "ys");
    assert_int_equal(d->kind.tag, KIND_LIST);
    assert_non_null(d->kind.elem);
    assert_int_equal(d->kind.elem->tag, KIND_YEAR);
    assert_false(d->optional);
    d = input(r, "names");
    assert_int_equal(d->kind.elem->tag, KIND_TEXT);
    d = input(r, "kids");
    assert_true(d->optional);
    assert_int_equal(d->kind.tag, KIND_LIST);
    assert_int_equal(d->kind.elem->tag, KIND_INTEGER);
    release(&p);
}

static void test_full_let_and_score(void **state)
{
    (void)state;
    Parsed p = parse_ok(FULL);
    const Rules *r = p.r;
    const LetDecl *l = let(r, "in_use");
    assert_sx(l->expr, "(>= n 12)");
    assert_span_text(&p, l->span, "in_use");
    assert_span_text(&p, l->expr->span, "n >= 12");

    const ScoreDecl *s = r->scores[0];
    assert_string_equal(s->name, "total");
    const ScoreNode *root = s->root;
    assert_int_equal(root->tag, NODE_GROUP);
    assert_string_equal(root->name, "total");
    assert_string_equal(root->label, "รวม");
    assert_null(root->parent);
    assert_true(root->has_out_of);
    assert_dec(root->out_of, "100");
    assert_false(root->capped);
    assert_true(root->has_round);
    assert_int_equal(root->round_places, 2);
    assert_int_equal(root->round_mode, DEC_HALF_UP);
    assert_int_equal(root->nkids, 2);

    const ScoreNode *p1 = root->kids[0];
    assert_string_equal(p1->name, "part1");
    assert_string_equal(p1->label, "ส่วน 1");
    assert_int_equal(p1->tag, NODE_GROUP);
    assert_ptr_equal(p1->parent, root);
    assert_dec(p1->out_of, "60");
    assert_true(p1->capped);
    assert_false(p1->has_round);
    assert_int_equal(p1->nkids, 3);

    const ScoreNode *leaf = p1->kids[0];
    assert_int_equal(leaf->tag, NODE_LEAF);
    assert_string_equal(leaf->name, "pct");
    assert_null(leaf->label);
    assert_dec(leaf->out_of, "50");
    assert_false(leaf->has_weight);
    assert_sx(leaf->expr, "(/ pct 2)");
    assert_ptr_equal(leaf->parent, p1);

    const ScoreNode *w = p1->kids[1];
    assert_int_equal(w->tag, NODE_LEAF);
    assert_string_equal(w->name, "share");
    assert_true(w->has_weight);
    assert_dec(w->weight, "10");
    assert_true(w->has_out_of);
    assert_dec(w->out_of, "10");      /* the weight is what it is out of */
    assert_sx(w->expr, "(/ pos 10)");

    const ScoreNode *b = p1->kids[2];
    assert_int_equal(b->tag, NODE_BONUS);
    assert_string_equal(b->name, "bonus");
    assert_string_equal(b->label, "พิเศษ");
    assert_dec(b->out_of, "5");
    assert_sx(b->expr, "ok");
    assert_span_text(&p, b->span, "bonus");

    const ScoreNode *p2 = root->kids[1];
    assert_string_equal(p2->name, "part2");
    assert_true(p2->capped);
    assert_true(p2->has_round);
    assert_int_equal(p2->round_places, 1);
    assert_int_equal(p2->round_mode, DEC_HALF_EVEN);
    assert_int_equal(p2->nkids, 2);
    const ScoreNode *sm = p2->kids[0];
    assert_string_equal(sm->name, "small");
    assert_null(sm->expr);            /* reads the field of the same name */
    assert_dec(sm->out_of, "10");
    const ScoreNode *e = p2->kids[1];
    assert_string_equal(e->label, "อี");
    assert_true(e->has_round);
    assert_int_equal(e->round_places, 0);
    assert_int_equal(e->round_mode, DEC_UP);
    assert_sx(e->expr, "(* 3 small)");
    release(&p);
}

static void test_full_tiers_and_categories(void **state)
{
    (void)state;
    Parsed p = parse_ok(FULL);
    const Rules *r = p.r;
    const TierDecl *t = r->tiers[0];
    assert_string_equal(t->name, "levels");
    assert_string_equal(t->label, "ระดับรางวัล");
    assert_int_equal(t->non, 2);
    assert_string_equal(t->on[0], "total");
    assert_string_equal(t->on[1], "other");
    assert_span_text(&p, t->on_span, "total, other");
    assert_null(t->scores);
    assert_int_equal(t->nentries, 3);
    assert_string_equal(t->entries[0].id, "top");
    assert_string_equal(t->entries[0].label, "สูงสุด");
    assert_string_equal(t->entries[0].note, "ตรวจพื้นที่");
    assert_int_equal(t->entries[0].rule, TIER_AT_LEAST);
    assert_dec(t->entries[0].lo, "90");
    assert_span_text(&p, t->entries[0].span, "top");
    assert_string_equal(t->entries[1].id, "mid");
    assert_null(t->entries[1].label);
    assert_null(t->entries[1].note);
    assert_int_equal(t->entries[1].rule, TIER_RANGE);
    assert_dec(t->entries[1].lo, "80");
    assert_dec(t->entries[1].hi, "89.99");
    assert_int_equal(t->entries[1].hi.scale, 2);
    assert_string_equal(t->entries[2].id, "low");
    assert_int_equal(t->entries[2].rule, TIER_OTHERWISE);

    const CategoryDecl *c = r->categories[0];
    assert_int_equal(c->number, 1);
    assert_string_equal(c->id, "first");
    assert_string_equal(c->title, "แรก");
    assert_false(c->per_agency);
    assert_span_text(&p, c->span, "first");
    assert_span_text(&p, c->number_span, "1");
    assert_int_equal(c->nrequires, 2);
    assert_sx(c->requires[0].cond, "ok");
    assert_string_equal(c->requires[0].message, "ต้องผ่าน");
    assert_string_equal(c->requires[0].source, "ok");
    assert_sx(c->requires[1].cond, "in_use");
    assert_null(c->requires[1].message);
    assert_string_equal(c->requires[1].source, "in_use");
    assert_string_equal(c->score_name, "total");
    assert_string_equal(c->tiers_name, "levels");
    assert_span_text(&p, c->score_span, "total");
    assert_span_text(&p, c->tiers_span, "levels");
    assert_null(c->score);

    c = r->categories[1];
    assert_int_equal(c->number, 12);
    assert_string_equal(c->id, "whole");
    assert_null(c->title);
    assert_true(c->per_agency);
    assert_int_equal(c->nrequires, 1);
    assert_sx(c->requires[0].cond, "(won first top)");
    assert_null(c->score_name);
    assert_null(c->tiers_name);

    c = r->categories[2];
    assert_int_equal(c->number, 0);
    assert_int_equal(c->nrequires, 0);
    assert_null(c->requires);
    release(&p);
}

/* The requires of one category do not leak into the next. */
static void test_category_state_reset(void **state)
{
    (void)state;
    Parsed p = parse_ok("award a {\n"
                        "  category 1 x {\n    require a\n    require b\n    scored by s, tiers t\n  }\n"
                        "  category 2 y {\n    require c\n  }\n"
                        "}\n");
    assert_int_equal(p.r->categories[0]->nrequires, 2);
    assert_int_equal(p.r->categories[1]->nrequires, 1);
    assert_sx(p.r->categories[1]->requires[0].cond, "c");
    assert_null(p.r->categories[1]->score_name);
    assert_null(p.r->categories[1]->tiers_name);
    release(&p);

    p = parse("award a {\n  category 1 x {\n    scored by s, tiers t\n    scored by u, tiers v\n  }\n}\n");
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "t.award:4:5: error: this category already says how it is scored");
    release(&p);
}

static void test_bad_header_values(void **state)
{
    (void)state;
    Parsed p = parse("award a {\n"
                     "  year 2558 XE\n"
                     "  precision 9\n"
                     "  score s out of 10, round 2 sideways {\n    x out of 10\n  }\n"
                     "  category 1000000 c per agencies {\n  }\n"
                     "  year 0 BE\n"
                     "}\n");
    assert_int_equal(errors(&p), 7);
    expect_out(&p, "t.award:9:3: error: the award year is given twice");
    expect_out(&p, "t.award:2:13: error: expected `BE` (Buddhist Era) or `CE` (Common Era) after the year, found `XE`");
    expect_out(&p, "t.award:3:13: error: the precision must be a whole number from 0 to 6");
    expect_out(&p, "t.award:4:30: error: unknown rounding mode `sideways`: use half-up, half-even, up or down");
    expect_out(&p, "t.award:7:12: error: a category number must be a whole number from 0 to 999999");
    expect_out(&p, "t.award:7:26: error: expected `per agency`, found `per agencies`");
    expect_out(&p, "t.award:9:8: error: the award year must be a whole number from 1 to 9999");
    /* all of them still built their items */
    assert_int_equal(p.r->nscores, 1);
    assert_int_equal(p.r->ncategories, 1);
    assert_true(p.r->categories[0]->per_agency);
    release(&p);

    p = parse("award a {\n  year 2558.5 BE\n  score s out of 10, round 1.5 down {\n    x out of 10\n  }\n}\n");
    assert_int_equal(errors(&p), 2);
    expect_out(&p, "t.award:2:8: error: the award year must be a whole number from 1 to 9999");
    expect_out(&p, "t.award:3:28: error: the number of decimal places must be a whole number from 0 to 18");
    assert_int_equal(p.r->scores[0]->root->round_mode, DEC_DOWN);
    release(&p);
}

/* ---- expressions ---- */

/* Parse `let e = <expr>` alone and return the parsed text's tree. */
static Parsed parse_let(const char *expr)
{
    char *text = malloc(strlen(expr) + 64);
    assert_non_null(text);
    sprintf(text, "award a {\n  let e = %s\n}\n", expr);
    Parsed p = parse(text);
    if (errors(&p))
        fail_msg("`%s` did not parse:\n%s", expr, p.out);
    assert_int_equal(p.r->nlets, 1);
    /* the tree points into the Rules arena, not into `text`, except for
     * spans; keep the text alive with the Parsed */
    p.text = text;
    return p;
}

static void release_let(Parsed *p)
{
    free((char *)p->text);
    release(p);
}

static void check_expr(const char *expr, const char *want)
{
    Parsed p = parse_let(expr);
    assert_sx(p.r->lets[0]->expr, want);
    release_let(&p);
}

static void test_precedence(void **state)
{
    (void)state;
    check_expr("a or b and c", "(or a (and b c))");
    check_expr("a and b or c", "(or (and a b) c)");
    check_expr("a or b or c", "(or (or a b) c)");
    check_expr("a and b and c", "(and (and a b) c)");
    check_expr("not a and b", "(and (not a) b)");
    check_expr("not a or not b", "(or (not a) (not b))");
    check_expr("not a = b", "(not (= a b))");
    check_expr("not not a", "(not (not a))");
    check_expr("a = 1 and b != 2", "(and (= a 1) (!= b 2))");
    check_expr("a < 1 or b <= 2 and c > 3 or d >= 4", "(or (or (< a 1) (and (<= b 2) (> c 3))) (>= d 4))");
    check_expr("a + b * c", "(+ a (* b c))");
    check_expr("a * b + c", "(+ (* a b) c)");
    check_expr("a - b - c", "(- (- a b) c)");
    check_expr("a / b / c", "(/ (/ a b) c)");
    check_expr("a - b + c", "(+ (- a b) c)");
    check_expr("(a + b) * c", "(* (+ a b) c)");
    check_expr("-a * b", "(* (neg a) b)");
    check_expr("-a - -b", "(- (neg a) (neg b))");
    check_expr("- (a + b)", "(neg (+ a b))");
    check_expr("a + b >= c * 2", "(>= (+ a b) (* c 2))");
    check_expr("year - x <= 3", "(<= (- year x) 3)");
    check_expr("x in xs and y", "(and (in x xs) y)");
    check_expr("x + 1 in xs", "(in (+ x 1) xs)");
    check_expr("x in 1 .. 5", "(in x (.. 1 5))");
    check_expr("x in year - 2 .. year + 1", "(in x (.. (- year 2) (+ year 1)))");
    check_expr("not x in xs", "(not (in x xs))");
    check_expr("lvl in [\"good\", \"excellent\"]", "(in lvl [\"good\" \"excellent\"])");
    check_expr("[]", "[]");
    check_expr("[1, 2.5, -3]", "[1 2.5 (neg 3)]");
    check_expr("all y in xs: y > 1 and y < 5", "(all y xs (and (> y 1) (< y 5)))");
    check_expr("all y in xs: y > 1 or z", "(all y xs (or (> y 1) z))");
    check_expr("a and all y in xs: p and q", "(and a (all y xs (and p q)))");
    check_expr("any y in year - 2 .. year: y in ys", "(any y (.. (- year 2) year) (in y ys))");
    check_expr("all y in xs: any z in ys: y = z", "(all y xs (any z ys (= y z)))");
    check_expr("(all y in xs: p) and q", "(and (all y xs p) q)");
    check_expr("max(a, b + 1, 3)", "(max a (+ b 1) 3)");
    check_expr("count(xs)", "(count xs)");
    check_expr("f()", "(f)");
    check_expr("any(a, b) and all(c)", "(and (any a b) (all c))");
    check_expr("round(x / 3, 2, half-even)", "(round (/ x 3) 2 half-even)");
    check_expr("round(x, 0, half-up)", "(round x 0 half-up)");
    check_expr("present(oy)", "(present oy)");
    check_expr("true or false", "(or true false)");
    check_expr("d >= 2015-01-01", "(>= d #16436)");
    check_expr("d < 1970-01-02", "(< d #1)");
    check_expr("\"ข้อความ\" = s", "(= \"ข้อความ\" s)");
    check_expr("12.50", "12.50");
}

static void test_expression_values_and_spans(void **state)
{
    (void)state;
    Parsed p = parse_let("(a + 12.50) * 2");
    const Expr *e = p.r->lets[0]->expr;
    assert_int_equal(e->tag, EX_MUL);
    assert_span_text(&p, e->span, "(a + 12.50) * 2");
    assert_span_text(&p, e->a->span, "(a + 12.50)");      /* the parentheses are part of it */
    assert_span_text(&p, e->a->b->span, "12.50");
    assert_int_equal(e->a->b->v.num.scale, 2);            /* as written, not normalised */
    assert_int_equal(e->a->b->v.num.coef, 1250);
    assert_int_equal(e->depth, 3);
    assert_null(e->kind);                                  /* kinds come from the checker */
    release_let(&p);

    p = parse_let("\"a\\\"b\\\\c\\nd\\te\"");
    assert_string_equal(p.r->lets[0]->expr->v.str, "a\"b\\c\nd\te");
    release_let(&p);

    p = parse_let("2000-02-29 = 2100-12-31");
    assert_int_equal(p.r->lets[0]->expr->a->v.date, 11016);
    assert_int_equal(p.r->lets[0]->expr->b->v.date, 47846);
    release_let(&p);

    /* a require keeps its condition's text as written, over its lines */
    Parsed q = parse_ok("award a {\n  category 1 c {\n    require a and\n        b \"m\"\n  }\n}\n");
    const Require *rq = &q.r->categories[0]->requires[0];
    assert_string_equal(rq->source, "a and\n        b");
    assert_span_text(&q, rq->span, "a and\n        b");
    assert_string_equal(rq->message, "m");
    release(&q);
}

static void test_nonassoc_comparison(void **state)
{
    (void)state;
    Parsed p = parse("award a {\n  let e = a < b < c\n  let f = 1\n}\n");
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "t.award:2:17: error: ");
    expect_out(&p, "found `<`");
    assert_int_equal(p.r->nlets, 1);
    assert_string_equal(p.r->lets[0]->name, "f");
    release(&p);
}

/* ---- newlines ---- */

static void test_newline_continuations(void **state)
{
    (void)state;
    /* a line ending in an operator, `and`, `or`, `not`, `(`, `,` goes on */
    Parsed p = parse_ok("award a {\n"
                        "  let e1 = a +\n      b\n"
                        "  let e2 = a and\n      b or\n      not\n      c\n"
                        "  let e3 = max(\n    a,\n    b\n  )\n"
                        "  let e4 = a >=\n\n      # a comment between\n      b\n"
                        "  let e5 = x in\n      [1,\n       2]\n"
                        "}\n");
    assert_int_equal(p.r->nlets, 5);
    assert_sx(let(p.r, "e1")->expr, "(+ a b)");
    assert_sx(let(p.r, "e2")->expr, "(or (and a b) (not c))");
    assert_sx(let(p.r, "e3")->expr, "(max a b)");
    assert_sx(let(p.r, "e4")->expr, "(>= a b)");
    assert_sx(let(p.r, "e5")->expr, "(in x [1 2])");
    release(&p);

    /* a next line starting with `and`, `or`, an operator, `when`, a label
     * or `}` goes on too */
    p = parse_ok("award a {\n"
                 "  let e1 = a\n      and b\n      or c\n"
                 "  let e2 = a\n      * b\n      - c\n"
                 "  score s\n     \"label\"\n     out of 10 {\n"
                 "    bonus 10 \"b\"\n      when x\n        and y\n"
                 "    bonus 1\n      \"label on its own line\"\n      when z }\n"
                 "  category 1 c\n    \"title\"\n  {\n"
                 "    require not same or other\n                      \"message\"\n    require q }\n"
                 "}\n");
    assert_sx(let(p.r, "e1")->expr, "(or (and a b) c)");
    assert_sx(let(p.r, "e2")->expr, "(- (* a b) c)");
    const ScoreDecl *s = p.r->scores[0];
    assert_string_equal(s->root->label, "label");
    assert_int_equal(s->root->nkids, 2);
    assert_sx(s->root->kids[0]->expr, "(and x y)");
    assert_string_equal(s->root->kids[1]->label, "label on its own line");
    assert_sx(s->root->kids[1]->expr, "z");
    const CategoryDecl *c = p.r->categories[0];
    assert_string_equal(c->title, "title");
    assert_int_equal(c->nrequires, 2);
    assert_sx(c->requires[0].cond, "(or (not same) other)");
    assert_string_equal(c->requires[0].message, "message");
    assert_sx(c->requires[1].cond, "q");
    release(&p);
}

static void test_newline_ends_items(void **state)
{
    (void)state;
    /* blank lines, comments and CRLF anywhere; a newline after a complete
     * item before a word that begins one ends it */
    Parsed p = parse_ok("# top\r\n"
                        "\r\n"
                        "award a { # after the brace\r\n"
                        "\r\n"
                        "  # before an item\r\n"
                        "  let x = 1   # after an item\r\n"
                        "\r\n"
                        "\r\n"
                        "  let y = x\r\n"
                        "  input {\r\n"
                        "\r\n"
                        "    # only a comment\r\n"
                        "    f bool\r\n"
                        "    # between\r\n"
                        "\r\n"
                        "    g integer\r\n"
                        "  }\r\n"
                        "  input {}\r\n"
                        "  input {\r\n  }\r\n"
                        "}\r\n"
                        "# after the award\r\n");
    assert_int_equal(p.r->nlets, 2);
    assert_sx(let(p.r, "x")->expr, "1");
    assert_sx(let(p.r, "y")->expr, "x");
    assert_int_equal(p.r->ninputs, 2);
    assert_string_equal(p.r->inputs[1]->name, "g");
    release(&p);

    /* the last item may run to the end of the file with no newline */
    p = parse_ok("award a {\n  let x = 1 }");
    assert_int_equal(p.r->nlets, 1);
    release(&p);
    p = parse_ok("award a { let x = 1\nlet y = 2 }");
    assert_int_equal(p.r->nlets, 2);
    release(&p);

    /* two items on one line are one broken item */
    p = parse("award a {\n  let x = 1 let y = 2\n  let z = 3\n}\n");
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "t.award:2:13: error: ");
    expect_out(&p, "found `let`");
    /* the first, complete, is kept; the second is the broken item */
    assert_int_equal(p.r->nlets, 2);
    assert_string_equal(p.r->lets[0]->name, "x");
    assert_string_equal(p.r->lets[1]->name, "z");
    release(&p);
}

/* ---- Thai ---- */

static void test_thai_names_and_texts(void **state)
{
    (void)state;
    static const char text[] =
        "award รางวัล \"ชื่อรางวัล\" {\n"
        "  input {\n"
        "    คะแนน decimal 0 to 100 \"คะแนนรวม\"\n"
        "    ภารกิจหลัก bool\n"
        "    ระดับ one of ดี, ดีมาก\n"
        "  }\n"
        "  let ผ่าน = คะแนน >= 80 and ภารกิจหลัก and ระดับ = \"ดีมาก\"\n"
        "  tiers ระดับรางวัล on คะแนนรวม {\n"
        "    ดีเด่น \"ระดับดีเด่น\" at least 90\n"
        "  }\n"
        "  category 1 พัฒนา \"รางวัลพัฒนา\" {\n"
        "    require ผ่าน \"ต้องผ่านเกณฑ์\"\n"
        "  }\n"
        "}\n";
    Parsed p = parse_ok(text);
    assert_string_equal(p.r->name, "รางวัล");
    assert_string_equal(p.r->title, "ชื่อรางวัล");
    assert_string_equal(p.r->inputs[0]->name, "คะแนน");
    assert_string_equal(p.r->inputs[0]->label, "คะแนนรวม");
    assert_string_equal(p.r->inputs[2]->kind.names[1], "ดีมาก");
    assert_sx(let(p.r, "ผ่าน")->expr, "(and (and (>= คะแนน 80) ภารกิจหลัก) (= ระดับ \"ดีมาก\"))");
    assert_string_equal(p.r->tiers[0]->entries[0].id, "ดีเด่น");
    assert_string_equal(p.r->categories[0]->id, "พัฒนา");
    assert_string_equal(p.r->categories[0]->requires[0].message, "ต้องผ่านเกณฑ์");
    assert_span_text(&p, p.r->inputs[1]->span, "ภารกิจหลัก");
    release(&p);

    /* a syntax error after Thai text: columns count what shows, so the
     * tone marks and upper vowels of ค่าที่ take none (3 columns) */
    p = parse("award a {\n  let ค่าที่ = = 1\n  let ถัดไป = \"ข้อความ\" +* 2\n}\n");
    assert_int_equal(errors(&p), 2);
    expect_out(&p, "t.award:2:13: error: ");
    expect_out(&p, "t.award:3:24: error: ");
    expect_error_at(&p, "= 1", "");
    expect_error_at(&p, "* 2", "");
    release(&p);
}

/* ---- the shipped rule files parse cleanly ---- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s (run the tests from the repository root)", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void test_shipped_files_parse(void **state)
{
    (void)state;
    size_t len;
    char *text = slurp("rules/2558/public-service.award", &len);
    Parsed p = parse_len(text, len);
    if (errors(&p) || warnings(&p))
        fail_msg("%s", p.out);
    assert_string_equal(p.r->name, "public_service");
    assert_int_equal(p.r->year_ce_value, 2015);
    assert_int_equal(p.r->ninputs, 53);  /* 39, and Form 3's 14 */
    assert_int_equal(p.r->nlets, 2);
    assert_int_equal(p.r->ncategories, 6);
    assert_int_equal(p.r->categories[4]->number, 5);
    assert_true(p.r->categories[4]->per_agency);
    assert_int_equal(p.r->categories[3]->nrequires, 3);
    assert_sx(p.r->categories[3]->requires[2].cond, "(or (not same_as_prior) further_developed)");
    assert_sx(p.r->categories[5]->requires[4].cond,
              "(all y (.. (- year 2) year) (in y reports_sent))");
    const ScoreNode *part1 = p.r->scores[0]->root->kids[0];
    assert_true(part1->capped);
    assert_int_equal(part1->nkids, 6);
    assert_int_equal(part1->kids[5]->tag, NODE_BONUS);
    assert_sx(part1->kids[5]->expr, "(any one_stop e_service database complaint_system transparency)");
    release(&p);
    free(text);

    text = slurp("rules/2558/participatory.award", &len);
    p = parse_len(text, len);
    if (errors(&p) || warnings(&p))
        fail_msg("%s", p.out);
    assert_int_equal(p.r->nscores, 2);
    assert_int_equal(p.r->tiers[0]->non, 2);
    assert_sx(p.r->categories[2]->requires[0].cond,
              "(any y excellent_years (and (and (< y year) (< (+ y 1) year)) (in (+ y 1) excellent_years)))");
    release(&p);
    free(text);
}

/* ---- syntax errors ---- */

static const char SEVERAL[] =
    "award a {\n"                          /* 1 */
    "  year 2558 BE\n"                     /* 2 */
    "  input {\n"                          /* 3 */
    "    id text\n"                        /* 4 */
    "    x decimal 0 to 100 100\n"         /* 5: a second number */
    "    y integer\n"                      /* 6 */
    "  }\n"                                /* 7 */
    "  let a = 1 +* 2\n"                   /* 8: two operators */
    "  let b = 2\n"                        /* 9 */
    "  score s out of 100 oops {\n"        /* 10: a stray word before a block */
    "    a out of 50 { b out of 50 }\n"    /* 11 */
    "    c out of 50\n"                    /* 12 */
    "  }\n"                                /* 13 */
    "  let c = 3\n"                        /* 14 */
    "  tiers t on s {\n"                   /* 15 */
    "    hi at most 5\n"                   /* 16: `most` */
    "    lo otherwise\n"                   /* 17 */
    "  }\n"                                /* 18 */
    "  category 1 c {\n"                   /* 19 */
    "    require ) x\n"                    /* 20: a stray `)` */
    "    require y\n"                      /* 21 */
    "  }\n"                                /* 22 */
    "}\n";

static void test_several_errors(void **state)
{
    (void)state;
    Parsed p = parse(SEVERAL);
    assert_int_equal(errors(&p), 5);
    assert_int_equal(count_in(p.out, ": error: "), 5);
    expect_out(&p, "t.award:5:24: error: expected the end of the line or `}`, found `100`\n");
    expect_out(&p, "t.award:8:14: error: unexpected `*`\n");
    expect_out(&p, "t.award:10:22: error: expected `{` or `,`, found `oops`");
    expect_out(&p, "t.award:16:11: error: expected `least`, found `most`\n");
    expect_out(&p, "t.award:20:13: error: unexpected `)`\n");
    /* the same places through diag_linecol */
    expect_error_at(&p, "100\n", "");
    expect_error_at(&p, "oops", "expected `{` or `,`, found `oops`");
    expect_error_at(&p, "most", "expected `least`, found `most`");
    /* the messages come in source order */
    const char *m1 = strstr(p.out, "t.award:5:24"), *m2 = strstr(p.out, "t.award:8:14"),
               *m3 = strstr(p.out, "t.award:10:22"), *m4 = strstr(p.out, "t.award:16:11"),
               *m5 = strstr(p.out, "t.award:20:13");
    assert_true(m1 < m2 && m2 < m3 && m3 < m4 && m4 < m5);

    /* every item that was whole is still there */
    const Rules *r = p.r;
    assert_int_equal(r->year, 2558);
    /* `x decimal 0 to 100` was complete before the stray number */
    assert_int_equal(r->ninputs, 3);
    assert_string_equal(r->inputs[0]->name, "id");
    assert_string_equal(r->inputs[1]->name, "x");
    assert_string_equal(r->inputs[2]->name, "y");
    assert_int_equal(r->nlets, 2);
    assert_string_equal(r->lets[0]->name, "b");
    assert_string_equal(r->lets[1]->name, "c");
    assert_int_equal(r->nscores, 0);
    assert_int_equal(r->ntiers, 1);
    assert_int_equal(r->tiers[0]->nentries, 1);
    assert_string_equal(r->tiers[0]->entries[0].id, "lo");
    assert_int_equal(r->ncategories, 1);
    assert_int_equal(r->categories[0]->nrequires, 1);
    assert_sx(r->categories[0]->requires[0].cond, "y");
    release(&p);
}

/* A broken item with a block: the whole block, nested blocks and all, is
 * skipped, and its `}` is not taken for the end of the award. */
static void test_recovery_skips_nested_block(void **state)
{
    (void)state;
    static const char text[] =
        "award a {\n"
        "  score s out of 100 oops {\n"
        "    a out of 50 {\n"
        "      b out of 25 { c out of 25 }\n"
        "      d out of 25\n"
        "    }\n"
        "    e out of 50\n"
        "  }\n"
        "  let after = 1\n"
        "  category 1 c {\n"
        "    require after\n"
        "  }\n"
        "}\n";
    Parsed p = parse(text);
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "t.award:2:22: error: expected `{` or `,`, found `oops`");
    assert_int_equal(p.r->nscores, 0);
    assert_int_equal(p.r->nlets, 1);
    assert_string_equal(p.r->lets[0]->name, "after");
    assert_int_equal(p.r->ncategories, 1);
    assert_int_equal(p.r->categories[0]->nrequires, 1);
    release(&p);

    /* the broken token is the `{` itself */
    p = parse("award a {\n"
              "  input { x bool }\n"
              "  tiers t on s, {\n    a at least 1\n    { b at least 2 }\n  }\n"
              "  let after = 1\n"
              "}\n");
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "t.award:3:17: error: expected a name, found `{`\n");
    assert_int_equal(p.r->ntiers, 0);
    assert_int_equal(p.r->nlets, 1);
    assert_string_equal(p.r->lets[0]->name, "after");
    release(&p);

    /* a broken item inside a block: only that item is lost */
    p = parse("award a {\n"
              "  score s out of 100 {\n"
              "    a out of 50 {\n      b ouch of 25\n      c out of 25\n    }\n"
              "    d out of 50\n"
              "  }\n"
              "}\n");
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "t.award:4:9: error: ");
    assert_int_equal(p.r->nscores, 1);
    const ScoreNode *root = p.r->scores[0]->root;
    assert_int_equal(root->nkids, 2);
    assert_int_equal(root->kids[0]->nkids, 1);
    assert_string_equal(root->kids[0]->kids[0]->name, "c");
    assert_ptr_equal(root->kids[0]->kids[0]->parent, root->kids[0]);
    assert_string_equal(root->kids[1]->name, "d");
    release(&p);
}

static void test_unclosed_opener_note(void **state)
{
    (void)state;
    /* an argument list left open at the end of its line */
    Parsed p = parse("award a {\n  let z = f(x, 1\n  let w = 2\n}\n");
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "t.award:2:17: error: expected `)`, found the end of the line\n");
    expect_out(&p, "t.award:2:12: note: `(` opened here is not closed\n");
    assert_int_equal(p.r->nlets, 1);
    assert_string_equal(p.r->lets[0]->name, "w");
    release(&p);

    p = parse("award a {\n  let q = [1, 2\n  let w = 2\n}\n");
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "t.award:2:16: error: expected `]`, found the end of the line\n");
    expect_out(&p, "t.award:2:11: note: `[` opened here is not closed\n");
    release(&p);

    /* a block left open at the end of the file (no final newline: see
     * test_bug_eof_location for the file that ends in one) */
    p = parse("award a {\n  year 2558 BE\n  input {\n    id text");
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "error: expected `}`, found the end of the file\n");
    expect_out(&p, "t.award:3:9: note: `{` opened here is not closed\n");
    /* the note names the innermost opener only */
    expect_not_out(&p, "t.award:1:9: note:");
    release(&p);

    /* a block closed by the wrong bracket */
    p = parse("award a {\n  input {\n    id text\n  )\n}\n");
    assert_int_equal(errors(&p), 1);
    /* one message: with `)` read as the `}` it stands for, the rest is
     * whole */
    expect_out(&p, "t.award:4:3: error: expected the end of the line or `}`, found `)`\n");
    release(&p);
}

/* A `{` left open inside the award is found at the next item that can only
 * be the award's, named once, and the rest of the file is read as written. */
static void test_missing_inner_brace(void **state)
{
    (void)state;
    Parsed p = parse("award a {\n"
                     "  input {\n"
                     "    id text\n"
                     "  let x = 1\n"
                     "  category 1 c {\n"
                     "    require x\n"
                     "  }\n"
                     "}\n");
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "t.award:4:3: error: expected `}` to close the block opened at line 2 before `let`\n");
    expect_out(&p, "t.award:2:9: note: this `{` is not closed\n");
    assert_int_equal(p.r->ninputs, 1);
    assert_int_equal(p.r->nlets, 1);
    assert_int_equal(p.r->ncategories, 1);
    assert_int_equal(p.r->categories[0]->nrequires, 1);
    release(&p);
}

/* Regression (found by this suite, since fixed): two nested blocks left open at once are closed with the tokens
 * `}` NEWLINE `}` NEWLINE (close_missing_blocks / parse_lex), but a newline
 * cannot come before a `}` inside a block, so the second synthetic `}`
 * gives a bogus "expected `bonus` or a name, found ``" (an empty token),
 * and the award-level item that followed is lost with a third error.
 * Reproduction:
 *     award a {
 *       score s out of 10 {
 *         a out of 5 {
 *           b out of 5
 *       tiers t on s {
 *         x at least 1
 *       }
 *     }
 * gives 3 errors ("5:3: expected `}` to close the block opened at line 3
 * before `tiers`", "5:3: expected `bonus` or a name, found ``", "7:3:
 * expected `{` or `,`, found the end of the line") and no tier table. */
static void test_bug_two_missing_inner_braces(void **state)
{
    (void)state;
    Parsed p = parse("award a {\n  score s out of 10 {\n    a out of 5 {\n      b out of 5\n"
                     "  tiers t on s {\n    x at least 1\n  }\n}\n");
    assert_int_equal(errors(&p), 1);
    expect_not_out(&p, "found ``");
    assert_int_equal(p.r->nscores, 1);
    assert_int_equal(p.r->ntiers, 1);
    assert_int_equal(p.r->tiers[0]->nentries, 1);
    release(&p);
}

/* Regression (found by this suite, since fixed): an unclosed `(` whose line ends after a complete value gets no note
 * naming it, and its message says only "unexpected ...": the parser's list
 * of expected tokens is longer than the ten yyreport_syntax_error asks for,
 * so yypcontext_expected_tokens returns 0 and the closer check (which only
 * looks at that list) never names the `(`.  Reproduction:
 *     award a {
 *       let z = (1 + 2
 *     }
 * gives "t.award:3:1: error: unexpected `}`" and no "`(` opened here" note. */
static void test_bug_unclosed_paren_after_value(void **state)
{
    (void)state;
    Parsed p = parse("award a {\n  let z = (1 + 2\n}\n");
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "t.award:2:11: note: `(` opened here is not closed\n");
    release(&p);
}

/* Regression (found by this suite, since fixed): when the syntax error is found at the end-of-line token itself, the
 * parser's `recovering` flag is set after that newline was handed over, so
 * it stays set into the NEXT item: that item's `{ ... }` block is skipped
 * as if it belonged to the broken one, the item is lost, and a second,
 * bogus error is reported at the block's closing `}`.  Reproduction:
 *     award a {
 *       let z = (1
 *       category 1 c {
 *         require true
 *       }
 *     }
 * gives "2:13: error: unexpected the end of the line" and "5:3: error:
 * expected `{`, found the end of the line", and category `c` is missing
 * from the tree. */
static void test_bug_error_at_newline_swallows_next_block(void **state)
{
    (void)state;
    Parsed p = parse("award a {\n  let z = (1\n  category 1 c {\n    require true\n  }\n}\n");
    assert_int_equal(errors(&p), 1);
    assert_int_equal(p.r->ncategories, 1);
    assert_int_equal(p.r->categories[0]->nrequires, 1);
    release(&p);
}

/* Regression (found by this suite, since fixed): the end of the file has no location of its own: flex sets none for
 * it.  Read just after a newline, it gets an UNINITIALISED one: yylex's
 * look-ahead past a newline keeps the token's Span in a local that is
 * never set at end of file (valgrind: "Conditional jump or move depends on
 * uninitialised value(s)" in yyreport_syntax_error), and the message
 * points at whatever the stack held, e.g. at `id` (4:5) instead of the end
 * of the file (4:12).  Read right after a token, it reuses that token's
 * span and underlines it (`text`, 4:8).  Reproduction:
 * `award a {\n  year 2558 BE\n  input {\n    id text\n` under valgrind, or
 * the same without the last newline. */
static void test_bug_eof_location(void **state)
{
    (void)state;
    Parsed p = parse("award a {\n  year 2558 BE\n  input {\n    id text\n");
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "t.award:4:12: error: expected `}`, found the end of the file\n");
    release(&p);
    p = parse("award a {\n  year 2558 BE\n  input {\n    id text");
    expect_out(&p, "t.award:4:12: error: expected `}`, found the end of the file\n");
    release(&p);
}

/* A stray token after a complete item: the message says what could have
 * come, and no note calls a brace that is closed later "not closed" (this
 * was a bug until 72d2cf4: "expected `}`" plus a false "`{` opened here is
 * not closed" about the award's brace). */
static void test_stray_token_after_item(void **state)
{
    (void)state;
    Parsed p = parse("award a {\n  input {\n    y integer >= 0 )\n  }\n  let r = x 2\n  let s = 1\n}\n");
    assert_int_equal(errors(&p), 2);
    expect_out(&p, "t.award:3:20: error: expected the end of the line or `}`, found `)`\n");
    expect_out(&p, "t.award:5:13: error: expected the end of the line or `}`, found `2`\n");
    expect_not_out(&p, "opened here is not closed");
    /* the items before the junk are kept, and so is what follows */
    assert_int_equal(p.r->ninputs, 1);
    assert_int_equal(p.r->nlets, 2);
    assert_string_equal(p.r->lets[1]->name, "s");
    release(&p);
}

/* Keywords are quoted, kinds of token named with an article (a bug until
 * 72d2cf4, which printed "expected least", "expected name"). */
static void test_expected_token_names(void **state)
{
    (void)state;
    Parsed p = parse("award a {\n  tiers t on s {\n    hi at most 5\n  }\n}\n");
    expect_out(&p, "t.award:3:11: error: expected `least`, found `most`\n");
    release(&p);
    p = parse("award a {\n  tiers t on s, {\n  }\n}\n");
    expect_out(&p, "t.award:2:17: error: expected a name, found `{`\n");
    release(&p);
    p = parse("award a {\n  category x c {\n  }\n}\n");
    expect_out(&p, "t.award:2:12: error: expected a number, found `x`\n");
    release(&p);
    p = parse("award a {\n  input {\n    x one y\n  }\n}\n");
    expect_out(&p, "t.award:3:11: error: expected `of`, found `y`\n");
    release(&p);
}

/* Regression (found by this suite, since fixed): with many possible tokens the message says "unexpected" followed by
 * describe()'s name of the token, which for the end of a line or file is
 * "the end of the line": "unexpected the end of the line".  Reproduction:
 *     award a {
 *       let z = (1
 *       let w = 2
 *     }
 * gives "2:13: error: unexpected the end of the line". */
static void test_bug_unexpected_the_end_wording(void **state)
{
    (void)state;
    Parsed p = parse("award a {\n  let z = (1\n  let w = 2\n}\n");
    expect_out(&p, "t.award:2:13: error: ");
    expect_not_out(&p, "unexpected the end");
    release(&p);
}

static void test_lexical_errors(void **state)
{
    (void)state;
    static const char text[] =
        "award a {\n"
        "  let a = x $ 1\n"
        "  let b = 2015-02-30\n"
        "  let c = 123456789012345678901234567890123456789012\n"
        "  let d = \"a\\qb\"\n"
        "  let e = \"ค่า\n"
        "  let f = 2016-02-29\n"
        "}\n";
    Parsed p = parse(text);
    expect_out(&p, "t.award:2:13: error: unexpected character `$`\n");
    expect_out(&p, "t.award:3:11: error: `2015-02-30` is not a date: expected YYYY-MM-DD with a real month and day\n");
    /* the whole literal, 42 digits, not 40 of them */
    expect_out(&p, "t.award:4:11: error: number `123456789012345678901234567890123456789012` has 42 digits, "
                   "too many to hold exactly: a number may have at most 38 digits\n");
    expect_out(&p, "t.award:5:13: error: unknown escape `\\q`: use \\\", \\\\, \\n or \\t\n");
    expect_out(&p, "t.award:6:11: error: this text has no closing `\"` on its line\n");
    /* the underline of the unclosed text covers `"ค่า`: 3 columns */
    expect_out(&p, "   6 |   let e = \"ค่า\n      |           ^~~\n");
    /* the `$` line still gives a let, with the character dropped; the
     * others are values with an error attached, still built */
    assert_int_equal(errors(&p), 6);
    const LetDecl *f = let(p.r, "f");
    assert_int_equal(f->expr->tag, EX_DATE);
    assert_int_equal(f->expr->v.date, 16860);
    assert_string_equal(let(p.r, "d")->expr->v.str, "aqb");
    assert_string_equal(let(p.r, "e")->expr->v.str, "ค่า");
    release(&p);
}

/* Operators as other languages write them: read as meant, with a message;
 * the mathematical signs are accepted; other symbols are not names. */
static void test_operator_spellings(void **state)
{
    (void)state;
    Parsed p = parse("award a {\n"
                     "  let a = x == 1\n"
                     "  let b = x \xe2\x89\xa5 1 and y \xe2\x89\xa4 2 and z \xe2\x89\xa0 3\n"   /* ≥ ≤ ≠ */
                     "  let c = x <> 1 or x => 2 or x =< 3\n"
                     "  let ชื่อ๑ = 1\n"
                     "}\n");
    assert_int_equal(errors(&p), 4);
    expect_out(&p, "t.award:2:13: error: `==` is written `=` in a rule file\n");
    expect_out(&p, "t.award:4:13: error: `<>` is written `!=` in a rule file\n");
    expect_out(&p, "t.award:4:23: error: `=>` is written `>=` in a rule file\n");
    expect_out(&p, "t.award:4:33: error: `=<` is written `<=` in a rule file\n");
    assert_sx(let(p.r, "a")->expr, "(= x 1)");
    assert_sx(let(p.r, "b")->expr, "(and (and (>= x 1) (<= y 2)) (!= z 3))");
    assert_sx(let(p.r, "c")->expr, "(or (or (!= x 1) (>= x 2)) (<= x 3))");
    /* a Thai digit may follow the first letter of a name */
    assert_sx(let(p.r, "ชื่อ๑")->expr, "1");
    release(&p);

    p = parse("award a {\n  let d = x \xe2\x86\x92 1\n}\n");   /* → */
    expect_out(&p, "t.award:2:13: error: unexpected character `\xe2\x86\x92`\n");
    release(&p);
}

static void test_limits_are_errors(void **state)
{
    (void)state;
    /* 300 nested parentheses */
    size_t n = 300;
    char *text = malloc(2 * n + 64);
    assert_non_null(text);
    char *t = text + sprintf(text, "award a {\n  let z = ");
    for (size_t i = 0; i < n; i++)
        *t++ = '(';
    *t++ = '1';
    for (size_t i = 0; i < n; i++)
        *t++ = ')';
    strcpy(t, "\n  let w = 2\n}\n");
    Parsed p = parse(text);
    assert_int_equal(errors(&p), 1);
    /* the award's `{` counts: the 200th `(` is the 201st bracket open */
    expect_out(&p, "t.award:2:210: error: brackets are nested more than 200 deep; the rest of the file is not read\n");
    assert_non_null(p.r);
    release(&p);
    free(text);

    /* 199 and the award's brace are fine */
    n = 199;
    text = malloc(2 * n + 64);
    assert_non_null(text);
    t = text + sprintf(text, "award a {\n  let z = ");
    for (size_t i = 0; i < n; i++)
        *t++ = '(';
    *t++ = '1';
    for (size_t i = 0; i < n; i++)
        *t++ = ')';
    strcpy(t, "\n}\n");
    p = parse_ok(text);
    assert_int_equal(p.r->lets[0]->expr->tag, EX_NUMBER);
    release(&p);
    free(text);

    /* a + a + ... with 5000 terms */
    n = 5000;
    text = malloc(4 * n + 64);
    assert_non_null(text);
    t = text + sprintf(text, "award a {\n  let z = a");
    for (size_t i = 1; i < n; i++)
        t += sprintf(t, " + a");
    strcpy(t, "\n  let w = 2\n}\n");
    p = parse(text);
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "t.award:2:11: error: this expression is nested more than 1000 deep; the rest of the file is not read\n");
    release(&p);
    free(text);

    /* not not ... not a, 5000 deep */
    text = malloc(4 * n + 64);
    assert_non_null(text);
    t = text + sprintf(text, "award a {\n  let z = ");
    for (size_t i = 0; i < n; i++)
        t += sprintf(t, "not ");
    strcpy(t, "a\n}\n");
    p = parse(text);
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "this expression is nested more than 1000 deep");
    release(&p);
    free(text);

    /* - - ... - 1, 20000 deep: deeper than the parser's stack */
    n = 20000;
    text = malloc(2 * n + 64);
    assert_non_null(text);
    t = text + sprintf(text, "award a {\n  let z = ");
    for (size_t i = 0; i < n; i++)
        t += sprintf(t, "- ");
    strcpy(t, "1\n}\n");
    p = parse(text);
    assert_true(errors(&p) >= 1);
    assert_true(errors(&p) <= 2);
    release(&p);
    free(text);

    /* 300 nested `[` and `{` likewise */
    n = 300;
    text = malloc(2 * n + 64);
    assert_non_null(text);
    t = text + sprintf(text, "award a {\n  score s out of 1 ");
    for (size_t i = 0; i < n; i++)
        t += sprintf(t, "{");
    strcpy(t, "\n}\n");
    p = parse(text);
    assert_true(errors(&p) >= 1);
    expect_out(&p, "brackets are nested more than 200 deep");
    release(&p);
    free(text);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    static const char text[] =
        "award a {\n"
        "  year 2558 BE\n"
        "  # caf\xe9 au lait\n"                /* a Latin-1 byte in a comment */
        "  let s = \"\xff\"\n"                /* a byte that is never UTF-8 */
        "  let t\xff = 1\n"                   /* and in a name */
        "  let u = \"\xe0\xb8\x81\"\n"       /* a whole one */
        "}\n";
    Parsed p = parse(text);
    assert_int_equal(errors(&p), 3);
    assert_int_equal(count_in(p.out, "this byte is not valid UTF-8: rule files must be UTF-8"), 3);
    expect_out(&p, "t.award:3:8: error: this byte is not valid UTF-8");
    expect_out(&p, "t.award:4:12: error: this byte is not valid UTF-8");
    expect_out(&p, "t.award:5:8: error: this byte is not valid UTF-8");
    /* parsing went on: every let is there */
    assert_int_equal(p.r->nlets, 3);
    assert_string_equal(let(p.r, "u")->expr->v.str, "ก");
    release(&p);

    /* a run of bad bytes is one place; past ten places, one line says how
     * many more there are */
    p = parse("award a {\n  # \xff\xfe\xfd mojibake\n}\n");
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "t.award:2:5: error: these bytes are not valid UTF-8: rule files must be UTF-8 "
                   "(was this saved as TIS-620?)\n");
    release(&p);
    char many[256];
    strcpy(many, "award a {\n  # ");
    size_t k = strlen(many);
    for (int i = 0; i < 15; i++) {
        many[k++] = (char)0xff;
        many[k++] = ' ';
    }
    strcpy(many + k, "\n}\n");
    p = parse(many);
    assert_int_equal(errors(&p), 11);
    assert_int_equal(count_in(p.out, "this byte is not valid UTF-8"), 10);
    expect_out(&p, "t.award:2:23: error: this byte");       /* the tenth */
    expect_not_out(&p, "t.award:2:25: error:");
    expect_out(&p, "error: t.award: 5 more places are not valid UTF-8\n");
    release(&p);
}

/* A character cut short is one place, not one per byte (it was two
 * identical messages until 72d2cf4). */
static void test_truncated_utf8_once(void **state)
{
    (void)state;
    Parsed p = parse("award a {\n  let t\xe0\xb8 = 1\n}\n");
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "t.award:2:8: error: these bytes are not valid UTF-8");
    assert_int_equal(p.r->nlets, 1);
    release(&p);
}

/* Regression (found by this suite, since fixed): a stray continuation byte right after an ASCII character is placed
 * on that character: diag's locate() steps back over continuation bytes to
 * "the start of the character" without checking that a lead byte is there,
 * so the column is one too small and the caret underlines the character
 * before as well (`^~`).  Reproduction: the line `  let t\x80 = 1` gives
 * "2:7: error: this byte is not valid UTF-8" with `^~` under `t`; the byte
 * is in column 8. */
static void test_bug_stray_continuation_byte_column(void **state)
{
    (void)state;
    Parsed p = parse("award a {\n  let t\x80 = 1\n}\n");
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "t.award:2:8: error: this byte is not valid UTF-8");
    release(&p);
}

static void test_not_an_award(void **state)
{
    (void)state;
    Parsed p = parse("");
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "t.award:1:1: error: expected `award`, found the end of the file\n");
    assert_non_null(p.r);
    assert_null(p.r->name);
    release(&p);

    p = parse("# only a comment\n\n");
    assert_int_equal(errors(&p), 1);
    release(&p);

    p = parse("let x = 1\n");
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "t.award:1:1: error: expected `award`, found `let`\n");
    assert_null(p.r->name);
    assert_int_equal(p.r->nlets, 0);
    release(&p);

    /* two awards in one file */
    p = parse("award a {\n}\naward b {\n}\n");
    assert_int_equal(errors(&p), 1);
    expect_out(&p, "t.award:2:2: error: ");
    expect_out(&p, "the end of the line");
    assert_string_equal(p.r->name, "a");
    release(&p);
}

/* The Rules borrows the text; the same text parsed twice gives two
 * independent trees (no state kept between parses). */
static void test_two_parses(void **state)
{
    (void)state;
    Parsed a = parse_ok(FULL);
    Parsed b = parse("award b {\n  let x = (\n}\n");
    assert_int_equal(errors(&b), 1);
    Parsed c = parse_ok(FULL);
    assert_int_equal(a.r->ninputs, c.r->ninputs);
    assert_ptr_not_equal(a.r->inputs[0], c.r->inputs[0]);
    assert_string_equal(c.r->name, "demo");
    release_only(&b);
    release_only(&c);
    release(&a);
}

/* ---- how files are saved: byte-order marks, line ends, UTF-16 ---- */

/* Notepad's "UTF-8 with BOM": the mark is not part of the text, and the
 * columns of line 1 count from after it. */
static void test_bom_accepted(void **state)
{
    (void)state;
    static const char text[] =
        "\xEF\xBB\xBF" "award a {\n"
        "  let x = 1\n"
        "}\n";
    Parsed p = parse(text);
    assert_int_equal(errors(&p), 0);
    assert_non_null(let(p.r, "x"));
    release(&p);

    /* an error on line 1: column 1 is the first character after the mark,
     * and the snippet does not carry the invisible mark */
    static const char bad[] = "\xEF\xBB\xBF" "award a { $\n}\n";
    p = parse(bad);
    expect_out(&p, "t.award:1:11: error: unexpected character `$`\n"
                   "    1 | award a { $\n"
                   "      |           ^\n");
    expect_not_out(&p, "\xEF\xBB\xBF");
    release(&p);
}

/* A mark in mid-file (two files joined) or another invisible character is
 * named by its code point: printed as itself the message would show nothing. */
static void test_invisible_characters_named(void **state)
{
    (void)state;
    Parsed p = parse("award a {\n  let x = 1 \xEF\xBB\xBF\n  let y = \xE2\x80\x8B" "2\n}\n");
    expect_out(&p, "t.award:2:13: error: unexpected byte-order mark (U+FEFF) in mid-file");
    expect_out(&p, "t.award:3:11: error: unexpected invisible character U+200B: delete it\n");
    release(&p);
    p = parse("award a {\n  let x = 1 \x01\n}\n");
    expect_out(&p, "t.award:2:13: error: unexpected invisible character U+0001: delete it\n");
    release(&p);
}

/* Lines end in LF, CR LF or a lone CR (old Mac files), even all three in
 * one file: a lone CR used to make the whole file one comment. */
static void test_cr_line_ends(void **state)
{
    (void)state;
    static const char text[] =
        "# a comment\r"
        "award a {\r"
        "  let x = 1   # another\r\n"
        "  let y = \"t\"\n"
        "  let z = x +\r"
        "     2\r"
        "}\r";
    Parsed p = parse(text);
    assert_int_equal(errors(&p), 0);
    assert_non_null(let(p.r, "x"));
    assert_string_equal(let(p.r, "y")->expr->v.str, "t");
    assert_non_null(let(p.r, "z"));
    release(&p);

    /* the line and column of an error after lone CRs, and a text left open
     * at a CR ends there */
    static const char bad[] = "award a {\r  let x = 1\r  let y = $\r  let s = \"open\r}\r";
    p = parse(bad);
    expect_out(&p, "t.award:3:11: error: unexpected character `$`\n"
                   "    3 |   let y = $\n"
                   "      |           ^\n");
    expect_out(&p, "t.award:4:11: error: this text has no closing `\"` on its line\n");
    expect_not_out(&p, "\r");
    release(&p);
}

/* UTF-16 (Notepad's "Unicode", PowerShell 5's Out-File): one message that
 * says what to do, not one per character. */
static void test_utf16_refused(void **state)
{
    (void)state;
    static const char le_bom[] = "\xFF\xFE" "a\0w\0a\0r\0d\0";
    static const char be_bom[] = "\xFE\xFF" "\0a\0w";
    static const char le_plain[] = "a\0w\0a\0r\0d\0";
    const struct { const char *t; size_t n; } cases[] = {
        { le_bom, sizeof le_bom - 1 }, { be_bom, sizeof be_bom - 1 }, { le_plain, sizeof le_plain - 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Parsed p = parse_len(cases[i].t, cases[i].n);
        assert_int_equal(errors(&p), 1);
        expect_out(&p, "error: t.award is UTF-16 text; rule files must be UTF-8: save it as UTF-8");
        release(&p);
    }
}

/* A number literal too long to hold is quoted whole when it is short
 * enough to read, else cut visibly with its digit count: never cut
 * silently (a 42-digit literal was shown as 40 digits). */
static void test_long_number_literal(void **state)
{
    (void)state;
    char text[2200];
    char digits[2001];
    memset(digits, '7', 2000);
    digits[2000] = '\0';
    snprintf(text, sizeof text, "award a {\n  let x = %s\n  let y = 1.1234567890123456789\n}\n", digits);
    Parsed p = parse(text);
    expect_out(&p, "t.award:2:11: error: number `7777777777777777777777777777777777777777…` has 2000 digits, "
                   "too many to hold exactly: a number may have at most 38 digits\n");
    expect_out(&p, "t.award:3:11: error: number `1.1234567890123456789` has 19 decimals, "
                   "too many to hold exactly: a number may have at most 18 decimals\n");
    /* bounded: the message line is short whatever the literal's length */
    const char *head = strstr(p.out, "error: number `7");
    assert_non_null(head);
    assert_true(strchr(head, '\n') - head < 200);
    release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, start_test, end_test)
        T(test_full_header),
        T(test_year_be),
        T(test_full_inputs),
        T(test_full_let_and_score),
        T(test_full_tiers_and_categories),
        T(test_category_state_reset),
        T(test_bad_header_values),
        T(test_precedence),
        T(test_expression_values_and_spans),
        T(test_nonassoc_comparison),
        T(test_newline_continuations),
        T(test_newline_ends_items),
        T(test_thai_names_and_texts),
        T(test_shipped_files_parse),
        T(test_several_errors),
        T(test_recovery_skips_nested_block),
        T(test_unclosed_opener_note),
        T(test_missing_inner_brace),
        T(test_bug_two_missing_inner_braces),
        T(test_bug_unclosed_paren_after_value),
        T(test_bug_error_at_newline_swallows_next_block),
        T(test_bug_eof_location),
        T(test_stray_token_after_item),
        T(test_expected_token_names),
        T(test_bug_unexpected_the_end_wording),
        T(test_lexical_errors),
        T(test_operator_spellings),
        T(test_limits_are_errors),
        T(test_invalid_utf8),
        T(test_truncated_utf8_once),
        T(test_bug_stray_continuation_byte_column),
        T(test_not_an_award),
        T(test_two_parses),
        T(test_bom_accepted),
        T(test_invisible_characters_named),
        T(test_cr_line_ends),
        T(test_utf16_refused),
        T(test_long_number_literal),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
