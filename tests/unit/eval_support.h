/* eval_support.h -- what the unit tests of the evaluator and of its
 * explanations share (test_eval.c, test_explain.c, test_explain_html.c):
 * rules loaded from a file or written inline, with an evaluator (and, for
 * explanations, an explainer) over them; records built by hand the way the
 * readers hand them over; and an application of the 2558 public-service
 * award that meets every condition.  Include after <cmocka.h> and
 * support.h.  Everything here is static, and what some test file does not
 * use is marked unused, so that -Werror stays quiet. */
#ifndef AWARD_TEST_EVAL_SUPPORT_H
#define AWARD_TEST_EVAL_SUPPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "check.h"
#include "data.h"
#include "diag.h"
#include "eval.h"
#include "explain.h"
#include "mem.h"

/* ---- rules and an evaluator ---- */

/* Rules, their messages and an evaluator over them. */
typedef struct Env {
    Diags *d;
    Rules *r;
    Evaluator *ev;
    Explainer *x;   /* only from load_explained and inline_explained */
    char *text;     /* inline rule text, when there is one */
} Env;

/* A rule file that must check without errors or warnings. */
__attribute__((unused))
static Env load(const char *path)
{
    Env e = { 0 };
    e.d = diag_new();
    e.r = check_load(path, e.d);
    assert_non_null(e.r);
    if (diag_count(e.d, DIAG_ERROR) || diag_count(e.d, DIAG_WARNING)) {
        char *o = render(e.d);
        fail_msg("%s does not check cleanly:\n%s", path, o);
    }
    e.ev = eval_new(e.r);
    assert_non_null(e.ev);
    return e;
}

/* An inline rule file, named t.award; warnings are allowed, errors are not. */
__attribute__((unused))
static Env inline_rules(const char *text)
{
    Env e = { 0 };
    e.text = strdup(text);
    assert_non_null(e.text);
    e.d = diag_new();
    e.r = rules_parse(e.d, "t.award", e.text, strlen(e.text));
    assert_non_null(e.r);
    if (diag_count(e.d, DIAG_ERROR) || !check_rules(e.r, e.d)) {
        char *o = render(e.d);
        fail_msg("the inline rules do not check:\n%s", o);
    }
    e.ev = eval_new(e.r);
    return e;
}

/* The same with an explainer.  The tests of the evaluator make none, so
 * that the blocks and steps they count are the evaluator's alone. */
__attribute__((unused))
static Env load_explained(const char *path)
{
    Env e = load(path);
    e.x = explain_new(e.r, e.ev);
    return e;
}

__attribute__((unused))
static Env inline_explained(const char *text)
{
    Env e = inline_rules(text);
    e.x = explain_new(e.r, e.ev);
    return e;
}

/* Frees it all, and checks that every block the test took is given back. */
static void env_free(Env *e)
{
    explain_free(e->x);
    eval_free(e->ev);
    rules_free(e->r);
    diag_free(e->d);
    free(e->text);
    assert_int_equal(mem_live_blocks(), baseline);
}

/* ---- records ---- */

/* One record as a reader would hand it over. */
#define MAXF 64
#define MAXI 64
typedef struct Rec {
    const Rules *r;
    RawField fields[MAXF];
    RawField items[MAXI];
    uint32_t nitems;
    RawRecord rec;
} Rec;

/* The index of an input field, which is its place in a record. */
static size_t slot(const Rules *r, const char *name)
{
    for (size_t i = 0; i < r->ninputs; i++)
        if (strcmp(r->inputs[i]->name, name) == 0)
            return i;
    fail_msg("no field `%s`", name);
    return 0;
}

/* An empty record, the number-th of its file (line number + 1, after a
 * header row). */
static void rec_init(Rec *x, const Rules *r, size_t number)
{
    assert_true(r->ninputs <= MAXF);
    memset(x, 0, sizeof *x);
    x->r = r;
    x->rec.fields = x->fields;
    x->rec.items = x->items;
    x->rec.number = number;
    x->rec.line = number + 1;
}

static void set(Rec *x, const char *name, RawKind kind, const char *text)
{
    RawField *f = &x->fields[slot(x->r, name)];
    *f = (RawField){ .kind = kind, .text = text, .len = text ? strlen(text) : 0 };
}

/* A CSV cell. */
static void txt(Rec *x, const char *name, const char *text) { set(x, name, RAW_TEXT, text); }
/* JSON values. */
__attribute__((unused))
static void jnum(Rec *x, const char *name, const char *text) { set(x, name, RAW_NUMBER, text); }
__attribute__((unused))
static void jstr(Rec *x, const char *name, const char *text) { set(x, name, RAW_STRING, text); }
__attribute__((unused))
static void jbool(Rec *x, const char *name, bool b) { set(x, name, RAW_BOOL, b ? "true" : "false"); }
__attribute__((unused))
static void jnull(Rec *x, const char *name) { set(x, name, RAW_NULL, "null"); }
__attribute__((unused))
static void absent(Rec *x, const char *name) { x->fields[slot(x->r, name)] = (RawField){ .kind = RAW_ABSENT }; }

/* A JSON array of numbers (or of `kind` items). */
__attribute__((unused))
static void jarray(Rec *x, const char *name, RawKind kind, const char *const *items, uint32_t n)
{
    assert_true(x->nitems + n <= MAXI);
    RawField *f = &x->fields[slot(x->r, name)];
    *f = (RawField){ .kind = RAW_ARRAY, .text = "[", .len = 1, .first = x->nitems, .count = n };
    for (uint32_t i = 0; i < n; i++)
        x->items[x->nitems++] = (RawField){ .kind = kind, .text = items[i], .len = strlen(items[i]) };
}

/* The record evaluated, as if read from in.csv. */
static const AppResult *eval(Env *e, Rec *x) { return eval_record(e->ev, &x->rec, "in.csv"); }

/* ---- what a text holds ---- */

__attribute__((unused))
static void has(const char *text, const char *part)
{
    if (!strstr(text, part))
        fail_msg("expected \"%s\" in:\n%s", part, text);
}

__attribute__((unused))
static void lacks(const char *text, const char *part)
{
    if (strstr(text, part))
        fail_msg("did not expect \"%s\" in:\n%s", part, text);
}

/* ---- the 2558 awards ---- */

#define PS "rules/2558/public-service.award"
#define PP "rules/2558/participatory.award"

/* Messages of the public-service conditions. */
#define M_PRIOR "ต้องเคยได้รับรางวัลระดับดีเด่น รางวัลอื่น หรือได้รับการยอมรับจากสาธารณะ"
#define M_COMPLAINTS "ต้องไม่เคยได้รับการร้องเรียน"
#define M_COVERAGE "ต้องให้บริการในหน่วยบริการไม่น้อยกว่าร้อยละ 80 ของหน่วยบริการทั่วประเทศ"
#define M_STANDARD "ต้องให้บริการที่เป็นมาตรฐานเดียวกันได้ไม่น้อยกว่าร้อยละ 80"
#define M_YEAR1 "ต้องนำผลงานไปใช้แล้วจริงไม่น้อยกว่า 1 ปี"
#define M_PARTNERS "ต้องทำงานร่วมกันไม่น้อยกว่า 3 หน่วยงาน"
#define M_GOV "ต้องมีส่วนราชการร่วมดำเนินการอย่างน้อย 2 ส่วนราชการ"
#define M_NOVEL "ต้องเป็นผลงานที่สร้างสรรค์ขึ้นใหม่ หรือมีการจดสิทธิบัตร/อนุสิทธิบัตร/ลิขสิทธิ์"
#define M_3YEARS "ต้องเป็นผลงานที่คิดค้นมาไม่เกิน 3 ปี"
#define M_NOT_SAME "ต้องไม่ซ้ำรูปแบบกับผลงานที่เคยได้รับรางวัล หรือต้องมีการต่อยอดการพัฒนา"
#define M_EVER "ต้องเคยได้รับรางวัลบริการภาครัฐแห่งชาติ ระดับดีเด่น"
#define M_SINCE "นับรางวัลที่ได้รับตั้งแต่ปี พ.ศ. 2555"
#define M_KEPT3 "ต้องรักษามาตรฐานมาแล้วไม่น้อยกว่า 3 ปีนับตั้งแต่ได้รับรางวัล"
#define M_REPORTS "ต้องส่งรายงานผลการรักษามาตรฐานต่อเนื่อง 3 ปีจนถึงปีที่สมัคร"
#define M_EX_STANDARD "ต้องได้รับรางวัลภาพรวมมาตรฐานการบริการที่เป็นเลิศ ระดับดีเด่น"
#define M_EX_INTEGRATED "ต้องได้รับรางวัลบูรณาการการบริการที่เป็นเลิศ ระดับดีเด่น"
#define M_EX_THIRD "ต้องได้รับรางวัลนวัตกรรมหรือรางวัลการพัฒนาการบริการที่เป็นเลิศ ระดับดีเด่น"

__attribute__((unused))
static const char *const PART1[] = { "efficiency", "quality", "partnership", "access", "new_ideas" };
__attribute__((unused))
static const char *const PART2[] = { "objectives", "service_quality", "value", "sustainability" };
__attribute__((unused))
static const char *const BONUS[] = { "one_stop", "e_service", "database", "complaint_system", "transparency" };

/* An application of public-service type `type` that meets every condition
 * of types 1-4 and 6, as CSV cells, with Part 1 at 100 x 5 and Part 2 at
 * 75 x 4: a total of 800. */
__attribute__((unused))
static void ps_app(Rec *x, const Rules *r, size_t number, const char *id, const char *agency, const char *type)
{
    rec_init(x, r, number);
    txt(x, "id", id);
    txt(x, "agency", agency);
    txt(x, "type", type);
    txt(x, "core_mission", "true");
    txt(x, "prior_award", "true");
    txt(x, "complaints", "0");
    txt(x, "unit_coverage_pct", "90");
    txt(x, "standard_pct", "85.5");
    txt(x, "months_in_use", "24");
    txt(x, "partners_total", "4");
    txt(x, "partners_gov", "2");
    txt(x, "agreement", "true");
    txt(x, "objectives_met", "1");
    txt(x, "joint_plan", "true");
    txt(x, "novel", "true");
    txt(x, "ip_protected", "false");
    txt(x, "invented_year", "2557");
    txt(x, "public_accepted", "true");
    txt(x, "improves_efficiency", "true");
    txt(x, "applies_tools", "true");
    txt(x, "same_as_prior", "false");
    txt(x, "further_developed", "0");
    txt(x, "outstanding_year", "2555");
    txt(x, "standard_kept", "true");
    txt(x, "reports_sent", "2556;2557;2558");
    for (size_t i = 0; i < 5; i++)
        txt(x, PART1[i], "100");
    for (size_t i = 0; i < 4; i++)
        txt(x, PART2[i], "75");
    for (size_t i = 0; i < 5; i++)
        txt(x, BONUS[i], "false");
}

/* ---- explanations ---- */

/* explain_text, explain_json or explain_html. */
typedef void ExplainWriter(Explainer *x, const AppResult *res, FILE *out);

/* What `write` says of res (needs an Env with an explainer), and its
 * length in *len unless len is NULL; the caller frees it. */
__attribute__((unused))
static char *written(ExplainWriter *write, Env *e, const AppResult *res, size_t *len)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    write(e->x, res, f);
    assert_int_equal(fclose(f), 0);
    if (len)
        *len = size;
    return buf;
}

/* Agency D's batch: A1 to A6, outstanding in type 1 (standard); B1 in
 * type 2 (integrated) at 799.99; C1 in type 3 (innovation), outstanding.
 * Returns B1's tier. */
__attribute__((unused))
static const char *agency_batch(Env *e, Rec *x)
{
    static const char *const a_ids[] = { "A1", "A2", "A3", "A4", "A5", "A6" };
    for (size_t i = 0; i < 6; i++) {
        ps_app(x, e->r, i + 1, a_ids[i], "D", "1");
        eval(e, x);
    }
    ps_app(x, e->r, 7, "B1", "D", "2");
    txt(x, "sustainability", "74.99");
    const char *b1_tier = eval(e, x)->tier_id;
    ps_app(x, e->r, 8, "C1", "D", "3");
    eval(e, x);
    return b1_tier;
}

/* eval_finish's callback that writes one agency's result, in up to two
 * forms (each a function of the test's that calls `written`). */
typedef struct AgencyCtx {
    Env *e;
    const char *agency;
    char *(*form[2])(Env *e, const AppResult *res);  /* NULL: not wanted */
    char *out[2];                                   /* what each wrote, or NULL */
} AgencyCtx;

__attribute__((unused))
static void explain_agency(void *ctx, const AppResult *res)
{
    AgencyCtx *a = ctx;
    assert_true(res->agency_row);
    if (strlen(a->agency) != res->id_len || memcmp(a->agency, res->id, res->id_len) != 0)
        return;
    for (size_t i = 0; i < 2; i++)
        if (a->form[i])
            a->out[i] = a->form[i](a->e, res);
}

#endif
