/* test_explain_html.c -- unit tests for the HTML writer of explanations
 * (explain_html.c), the model it writes (explain_model.h) and the HTML
 * escaper (sb_add_html).  Like test_explain.c: the shipped 2558 rule files,
 * records built by hand the way the readers deliver them, each result
 * explained right after eval_record (or in eval_finish's callback).  Every
 * fragment is checked to be balanced (each element closed in order, no
 * stray `<` or `&`), so that text from the data that was not escaped shows
 * up as a failure, and for the elements and classes a page styles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support.h"
#include "eval_support.h"

#include "ast.h"
#include "check.h"
#include "data.h"
#include "dec.h"
#include "diag.h"
#include "eval.h"
#include "explain.h"
#include "explain_model.h"
#include "mem.h"
#include "strbuf.h"

/* ---- helpers (and eval_support.h) ---- */

/* Whether the fragment is balanced: every element opened is closed, in
 * order (but the void ones), and `<` and `&` appear only as markup and
 * character references.  Returns NULL, or what is wrong. */
static const char *unbalanced(const char *h)
{
    static char why[160];
    const char *open[64];
    size_t lens[64], depth = 0;
    for (const char *p = h; *p; p++) {
        if (*p == '&') {
            static const char *const refs[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&#39;" };
            bool ok = false;
            for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
                ok = ok || strncmp(p, refs[i], strlen(refs[i])) == 0;
            if (!ok) {
                snprintf(why, sizeof why, "a bare & at: %.30s", p);
                return why;
            }
            continue;
        }
        if (*p == '>') {
            snprintf(why, sizeof why, "a bare > at: %.30s", p);
            return why;
        }
        if (*p != '<')
            continue;
        bool closing = p[1] == '/';
        const char *name = p + 1 + closing;
        size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
        const char *end = strchr(p, '>');
        if (n == 0 || !end) {
            snprintf(why, sizeof why, "a bare < at: %.30s", p);
            return why;
        }
        /* inside the tag, quotes hold only escaped text */
        for (const char *q = name + n; q < end; q++)
            if (*q == '<') {
                snprintf(why, sizeof why, "a < inside a tag at: %.30s", p);
                return why;
            }
        if (!closing && !(n == 2 && strncmp(name, "br", 2) == 0)) {
            if (depth == 64)
                return "too deep";
            open[depth] = name;
            lens[depth++] = n;
        } else if (closing) {
            if (depth == 0 || lens[depth - 1] != n || strncmp(open[depth - 1], name, n) != 0) {
                snprintf(why, sizeof why, "</%.*s> closes %s at: %.30s", (int)n, name,
                         depth ? "another element" : "nothing", p);
                return why;
            }
            depth--;
        }
        p = end;
    }
    return depth ? "an element is not closed" : NULL;
}

/* The explanation as HTML, checked to be balanced; caller frees. */
static char *as_html(Env *e, const AppResult *res)
{
    size_t size;
    char *buf = written(explain_html, e, res, &size);
    const char *why = unbalanced(buf);
    if (why)
        fail_msg("the HTML is not balanced: %s\n%s", why, buf);
    assert_true(strncmp(buf, "<section class=\"explain ", 24) == 0);
    assert_true(size > 11 && strcmp(buf + size - 11, "</section>\n") == 0);
    lacks(buf, "<script");
    lacks(buf, "style=");
    return buf;
}

static char *html_of(const char *s, size_t len)
{
    Sb b = { 0 };
    sb_add_html(&b, s, len);
    char *out = strdup(b.s ? b.s : "");
    sb_free(&b);
    assert_non_null(out);
    return out;
}

/* ---- the escaper ---- */

static void test_escaper(void **state)
{
    (void)state;
    char *h = html_of("a&b<c>d\"e'f", 11);
    assert_string_equal(h, "a&amp;b&lt;c&gt;d&quot;e&#39;f");
    free(h);
    /* Thai as it is; tab and line breaks as they are */
    h = html_of("ระดับดี\t1\n2\r", strlen("ระดับดี\t1\n2\r"));
    assert_string_equal(h, "ระดับดี\t1\n2\r");
    free(h);
    /* a byte that is not UTF-8, a C0 and a C1 control, DEL: U+FFFD */
    h = html_of("x\xff" "y\x01" "z\xc2\x85" "w\x7f", 9);
    assert_string_equal(h, "x\xef\xbf\xbdy\xef\xbf\xbdz\xef\xbf\xbdw\xef\xbf\xbd");
    free(h);
    /* a NUL inside the text is a control too */
    h = html_of("a\0b", 3);
    assert_string_equal(h, "a\xef\xbf\xbd" "b");
    free(h);
    /* a sequence cut short at the end */
    h = html_of("\xe0\xb8", 2);
    assert_string_equal(h, "\xef\xbf\xbd\xef\xbf\xbd");
    free(h);
    Sb b = { 0 };
    sb_add_html_cstr(&b, NULL);
    assert_int_equal(b.len, 0);
    sb_add_html_cstr(&b, "<");
    assert_string_equal(b.s, "&lt;");
    sb_free(&b);
}

/* Text from the data and from the rule file is escaped in every place it
 * is written: the id, a value seen, a need, a message. */
static const char ESCAPES[] =
    "award t \"<ทดสอบ> & co\" {\n"
    "  year 2558 BE\n"
    "  input {\n"
    "    id    text\n"
    "    type  category\n"
    "    name  text\n"
    "    n     integer\n"
    "  }\n"
    "  category 1 c \"<หนึ่ง> & 'one'\" {\n"
    "    require name = \"a<b>\"  \"ชื่อต้องเป็น <a&b>\"\n"
    "    require n >= 3\n"
    "  }\n"
    "}\n";

static void test_escaping(void **state)
{
    (void)state;
    Env e = inline_explained(ESCAPES);
    Rec x;
    rec_init(&x, e.r, 1);
    txt(&x, "id", "<script>alert('x')</script>");
    txt(&x, "type", "1");
    txt(&x, "name", "\"q\" & <b>");
    txt(&x, "n", "2");
    const AppResult *res = eval(&e, &x);
    char *h = as_html(&e, res);
    has(h, "<h3 class=\"id\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</h3>\n");
    has(h, "<dt>category</dt><dd>1 c: &lt;หนึ่ง&gt; &amp; &#39;one&#39;</dd>\n");
    has(h, "<span class=\"mark\">FAILS</span> <span class=\"message\">ชื่อต้องเป็น &lt;a&amp;b&gt;</span>\n"
           "<p class=\"values\">`name = &quot;a&lt;b&gt;&quot;` with name = &quot;&quot;q&quot; &amp; &lt;b&gt;&quot;"
           "</p>\n");
    has(h, "<li>needs name = &quot;a&lt;b&gt;&quot;; it is &quot;&quot;q&quot; &amp; &lt;b&gt;&quot;</li>\n");
    /* a condition without a message is shown as written, in <code> */
    has(h, "<span class=\"message\"><code>n &gt;= 3</code></span>\n");
    has(h, "<li>needs n &gt;= 3; it is 2, 1 short</li>\n");
    free(h);

    /* a control character in the id is shown, as in the text: no value
     * can start a line of its own or a terminal command */
    rec_init(&x, e.r, 2);
    txt(&x, "id", "A\x1b[31mB\nC");
    txt(&x, "type", "1");
    txt(&x, "name", "a<b>");
    txt(&x, "n", "7");
    h = as_html(&e, eval(&e, &x));
    has(h, "<h3 class=\"id\">A\\x1b[31mB\\nC</h3>\n");
    has(h, "<h4>conditions (t.award): both hold</h4>\n");
    lacks(h, "needs");
    free(h);
    env_free(&e);
}

/* A failed condition: its class, place, mark, message, values and need. */
static void test_failed_condition(void **state)
{
    (void)state;
    Env e = load_explained(PS);
    Rec x;
    ps_app(&x, e.r, 1, "PS-1", "D001", "standard");
    txt(&x, "unit_coverage_pct", "79.99");
    const AppResult *res = eval(&e, &x);
    assert_false(res->eligible);
    char *h = as_html(&e, res);
    has(h, "<section class=\"explain ineligible\">\n<h3 class=\"id\">PS-1</h3>\n<dl class=\"head\">\n"
           "<dt>from</dt><dd>in.csv, line 2</dd>\n");
    has(h, "<dt>result</dt><dd class=\"result ineligible\">ineligible: 1 of 6 conditions fails</dd>\n");
    has(h, "<li class=\"condition failed\"><span class=\"place\">line 104</span> "
           "<span class=\"stage\">assessment</span> <span class=\"mark\">FAILS</span> "
           "<span class=\"message\">" M_COVERAGE "</span>\n"
           "<p class=\"values\">`unit_coverage_pct &gt;= 80` with unit_coverage_pct = 79.99</p>\n"
           "<ul class=\"needs\">\n<li>needs unit_coverage_pct &gt;= 80; it is 79.99, 0.01 short</li>\n</ul>\n"
           "</li>\n");
    /* the conditions of the stage before, held, are listed too */
    has(h, "<li class=\"condition held\"><span class=\"place\">line 101</span> "
           "<span class=\"stage\">assessment</span> <span class=\"mark\">holds</span> ");
    has(h, "<span class=\"stage\">completeness</span> <span class=\"mark\">holds</span>");
    has(h, "<h4>conditions (rules/2558/public-service.award): 19 of 20 hold</h4>\n");
    has(h, "<dt>stages</dt><dd><ol class=\"stages\">\n"
           "<li class=\"passed\">completeness passed (all 14 conditions hold)</li>\n"
           "<li class=\"failed\">assessment: 1 of 6 conditions fails</li>\n</ol></dd>\n");
    free(h);

    /* the model under it holds the need as data, not as words */
    const Explanation *m = explain_build(e.x, res);
    const XmCondition *c = NULL;
    for (size_t i = 0; i < m->nconds_all; i++)
        if (m->conds[i].line == 104)
            c = &m->conds[i];
    assert_non_null(c);
    assert_int_equal(c->result, XM_FAILS);
    assert_string_equal(c->message, M_COVERAGE);
    assert_string_equal(c->stage_id, "assessment");
    assert_int_equal(c->seen.count, 1);
    assert_string_equal(c->seen.items[0].name, "unit_coverage_pct");
    assert_int_equal(c->seen.items[0].value.state, XM_OK);
    assert_non_null(c->need);
    assert_int_equal(c->need->tag, XN_BOUND);
    assert_string_equal(c->need->name, "unit_coverage_pct");
    assert_int_equal(c->need->op, EX_GE);
    assert_int_equal(dec_cmp(c->need->bound, dec_from_int(80)), 0);
    assert_int_equal(c->need->away, 1);
    char d[DEC_FMT_MAX];
    dec_format(c->need->distance, 0, d);
    assert_string_equal(d, "0.01");
    env_free(&e);
}

/* Stopped at the first stage: the conditions of the next, not assessed. */
static void test_not_assessed(void **state)
{
    (void)state;
    Env e = load_explained(PS);
    Rec x;
    ps_app(&x, e.r, 1, "PS-1", "D001", "1");
    txt(&x, "form3_pages", "20");
    txt(&x, "summary_pages", "2");
    const AppResult *res = eval(&e, &x);
    char *h = as_html(&e, res);
    has(h, "<dd class=\"result stopped\">not_considered (ไม่รับพิจารณา ข้อมูลไม่ครบถ้วน): stopped at stage "
           "`completeness`");
    has(h, "<li class=\"condition not-assessed\"><span class=\"place\">line 101</span> "
           "<span class=\"stage\">assessment</span> <span class=\"mark\">not assessed</span> ");
    has(h, "<li class=\"not-reached\">assessment not reached</li>\n");
    has(h, "<li class=\"condition failed\"><span class=\"place\">line 187</span> ");
    lacks(h, "<li class=\"condition not-assessed\"><span class=\"place\">line 187</span>");
    free(h);
    env_free(&e);
}

/* Score rows: a capped group, an item, a bonus given and one not given. */
static void test_score_rows(void **state)
{
    (void)state;
    Env e = load_explained(PS);
    Rec x;
    ps_app(&x, e.r, 1, "PS-1", "D001", "1");
    for (size_t i = 0; i < 5; i++)
        txt(&x, PART1[i], "112");
    txt(&x, "transparency", "true");
    char *h = as_html(&e, eval(&e, &x));
    has(h, "<table class=\"score\">\n<caption>score `service`: "
           "เกณฑ์การประเมินรางวัลบริการภาครัฐแห่งชาติ ประเภท 1-4</caption>\n"
           "<thead><tr><th>item</th><th>points</th><th>out of</th><th>label</th></tr></thead>\n<tbody>\n");
    has(h, "<tr class=\"group depth-0 cut\"><td class=\"name\">part1</td><td class=\"points\">600.00</td>"
           "<td class=\"out-of\">600</td><td class=\"label\">ส่วนที่ 1 กระบวนการจัดการ\n"
           "<ul class=\"how\">\n<li>sum 610.00, capped at 600</li>\n</ul>\n</td></tr>\n");
    has(h, "<tr class=\"item depth-1\"><td class=\"name\">efficiency</td><td class=\"points\">112.00</td>"
           "<td class=\"out-of\">120</td><td class=\"label\">การเพิ่มประสิทธิภาพการให้บริการ</td></tr>\n");
    has(h, "<tr class=\"bonus depth-1 given\"><td class=\"name\">part1_bonus</td>");
    has(h, "<li>given: `any(one_stop, e_service, database, complaint_system, transparency)` holds</li>\n"
           "<li>with one_stop = false, e_service = false, database = false, complaint_system = false, "
           "transparency = true</li>\n");
    /* the total last, in the table's foot, without a label */
    has(h, "</tbody>\n<tfoot>\n<tr class=\"total depth-0\"><td class=\"name\">total</td>"
           "<td class=\"points\">900.00</td><td class=\"out-of\">1000</td><td class=\"label\"></td></tr>\n"
           "</tfoot>\n</table>\n");
    free(h);

    /* no bonus: what would give it, one of several */
    ps_app(&x, e.r, 2, "PS-2", "D001", "1");
    h = as_html(&e, eval(&e, &x));
    has(h, "<tr class=\"bonus depth-1 not-given\"><td class=\"name\">part1_bonus</td>");
    has(h, "<li>not given: `any(one_stop, e_service, database, complaint_system, transparency)` does not "
           "hold</li>\n");
    has(h, "<ul class=\"needs\">\n<li>needs one of:\n<ul>\n<li>one_stop = true; it is false</li>\n"
           "<li>e_service = true; it is false</li>\n");
    lacks(h, " cut\"");
    free(h);
    env_free(&e);
}

/* The tier with its rule and the next one up; for an ineligible one, the
 * tier it would have had. */
static void test_tier(void **state)
{
    (void)state;
    Env e = load_explained(PS);
    Rec x;
    ps_app(&x, e.r, 1, "PS-1", "D001", "1");
    txt(&x, "sustainability", "74.99");
    char *h = as_html(&e, eval(&e, &x));
    has(h, "<section class=\"explain eligible\">\n");
    has(h, "<dd class=\"result eligible\">good (ระดับดี)</dd>\n<dt>total</dt><dd>799.99 of 1000</dd>\n");
    has(h, "<section class=\"tier eligible\">\n"
           "<p>tier: good (ระดับดี), since 799.99 is at least 750 (line 96 of `levels`)</p>\n"
           "<p>0.01 points short of outstanding (ระดับดีเด่น, at least 800, line 93)</p>\n"
           "</section>\n</section>\n");
    free(h);

    ps_app(&x, e.r, 2, "PS-2", "D001", "1");
    h = as_html(&e, eval(&e, &x));
    has(h, "<p>tier: outstanding (ระดับดีเด่น), since 800.00 is at least 800 (line 93 of `levels`)</p>\n"
           "<p>note: ตรวจประเมิน ณ พื้นที่</p>\n<p>the highest tier</p>\n");
    free(h);

    ps_app(&x, e.r, 3, "PS-3", "D001", "1");
    txt(&x, "complaints", "2");
    h = as_html(&e, eval(&e, &x));
    has(h, "<section class=\"tier ineligible\">\n"
           "<p>tier: ineligible, so no tier of `levels` is given</p>\n"
           "<p>had every condition held, 800.00 would be outstanding (ระดับดีเด่น, at least 800, line 93)</p>\n"
           "</section>\n");
    free(h);
    env_free(&e);
}

/* A data error: the head and the message, nothing else. */
static void test_data_error(void **state)
{
    (void)state;
    Env e = load_explained(PS);
    Rec x;
    ps_app(&x, e.r, 1, "PS-1", "D001", "2");
    txt(&x, "efficiency", "130");
    const AppResult *res = eval(&e, &x);
    assert_true(res->error);
    char *h = as_html(&e, res);
    assert_string_equal(h, "<section class=\"explain error\">\n"
                           "<h3 class=\"id\">PS-1</h3>\n"
                           "<dl class=\"head\">\n"
                           "<dt>from</dt><dd>in.csv, line 2</dd>\n"
                           "<dt>category</dt><dd>2 integrated: รางวัลบูรณาการการบริการที่เป็นเลิศ</dd>\n"
                           "<dt>result</dt><dd class=\"result error\">error: the application could not be "
                           "evaluated</dd>\n"
                           "<dt>error</dt><dd class=\"error\">in.csv:2: field `efficiency`: 130 is outside 0 "
                           "to 120</dd>\n"
                           "</dl>\n"
                           "</section>\n");
    free(h);
    env_free(&e);
}

/* ---- agency-level results ---- */

static void test_agency(void **state)
{
    (void)state;
    Env e = load_explained(PS);
    Rec x;
    /* D: six outstanding type 1, one good type 2 (799.99), one type 3 */
    agency_batch(&e, &x);
    AgencyCtx a = { &e, "D", { as_html, NULL }, { NULL, NULL } };
    assert_int_equal(eval_finish(e.ev, explain_agency, &a), 1);
    char *html = a.out[0];
    assert_non_null(html);
    has(html, "<h3 class=\"id\">D</h3>\n"
              "<p class=\"kind\">agency-level result, from the agency&#39;s applications in this batch</p>\n"
              "<dl class=\"head\">\n"
              "<dt>category</dt><dd>5 excellent: รางวัลบริการภาครัฐยอดเยี่ยม</dd>\n");
    has(html, "<p class=\"won held\">won(standard, outstanding): yes, by A1, A2, A3, A4 and 2 more</p>\n");
    has(html, "<li class=\"condition failed\"><span class=\"place\">line 141</span> "
              "<span class=\"mark\">FAILS</span> <span class=\"message\">" M_EX_INTEGRATED "</span>\n"
              "<p class=\"won failed\">won(integrated, outstanding): no; its eligible `integrated` applications "
              "got good (B1)</p>\n"
              "<ul class=\"needs\">\n<li>needs an eligible `integrated` application of D at outstanding; it has "
              "good (B1)</li>\n</ul>\n</li>\n");
    has(html, "<p class=\"won failed\">won(development, outstanding): no; it has no eligible `development` "
              "application</p>\n");
    /* agency rows have no stages of their own */
    lacks(html, "class=\"stage\"");
    free(html);
    env_free(&e);
}

/* One model, written in every form: the text and JSON writers from
 * explain_build say what explain_text and explain_json say. */
static void test_one_model_every_form(void **state)
{
    (void)state;
    Env e = load_explained(PS);
    Rec x;
    ps_app(&x, e.r, 1, "PS-1", "D001", "1");
    txt(&x, "unit_coverage_pct", "79.99");
    const AppResult *res = eval(&e, &x);
    char *direct[2], *built[2];
    for (int form = 0; form < 2; form++) {
        direct[form] = written(form ? explain_json : explain_text, &e, res, NULL);
        size_t size;
        FILE *f = open_memstream(&built[form], &size);
        assert_non_null(f);
        const Explanation *m = explain_build(e.x, res);
        (form ? explanation_json : explanation_text)(m, f);
        assert_int_equal(fclose(f), 0);
        assert_string_equal(direct[form], built[form]);
        free(direct[form]);
        free(built[form]);
    }
    env_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, start_test, end_test)
        T(test_escaper),
        T(test_escaping),
        T(test_failed_condition),
        T(test_not_assessed),
        T(test_score_rows),
        T(test_tier),
        T(test_data_error),
        T(test_agency),
        T(test_one_model_every_form),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
