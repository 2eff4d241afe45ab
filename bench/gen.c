/*
 * gen: deterministic generator of Public Service Award 2558 applications
 * (the field names and categories of the project's contract for the 2558
 * rule files), with the expected results.
 *
 *   gen N DIR      writes DIR/apps.csv, DIR/apps.jsonl and DIR/expected.csv
 *
 * The same seed always gives the same files, and the first N rows of a larger
 * size are the rows of the smaller one (every row depends only on its index).
 *
 * expected.csv (id,category,eligible,total,tier) is computed here with integer
 * arithmetic in hundredths, straight from CONTRACTS.md: no code of award is
 * used.  Every application is valid (no data errors): the workload is the
 * award's arithmetic, not its error reporting.
 *
 * Mix: categories 1, 2, 3, 4 and 6; about a fifth of the applications fail
 * one condition (at its boundary where it has one: 79.99 %, 11 months,
 * invented 2554, outstanding in 2556 ...); about one in twelve scored
 * applications is built to land on a tier boundary (749.99, 750.00, 799.99,
 * 800.00) with scores whose binary floating-point sum is not exact; some
 * push part 1 over 600 with the bonus (capped).  Agencies are a fixed pool of
 * 400; one in three never applies for category 2, so category 5
 * (`excellent`, per agency) is awarded to some agencies and not to others.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#define NAGENCY 400
#define SEED 0x2558A3A7DULL

/* ---- PRNG: splitmix64 of (seed, row, draw) so each row is independent ---- */
static uint64_t rng_state;
static uint64_t next64(void) {
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static int rnd(int n) { return (int)(next64() % (uint64_t)n); }          /* 0..n-1 */
static int range(int lo, int hi) { return lo + rnd(hi - lo + 1); }      /* lo..hi */
static int chance(int pct) { return rnd(100) < pct; }

/* ---- output buffers ---- */
typedef struct { char *p; size_t n, cap; FILE *f; } Buf;
static void bflush(Buf *b) {
    if (b->n && fwrite(b->p, 1, b->n, b->f) != b->n) { perror("gen: write"); exit(1); }
    b->n = 0;
}
static void bput(Buf *b, const char *s, size_t n) {
    if (b->n + n > b->cap) bflush(b);
    memcpy(b->p + b->n, s, n);
    b->n += n;
}
static void bs(Buf *b, const char *s) { bput(b, s, strlen(s)); }
static void bint(Buf *b, long v) { char t[32]; int n = snprintf(t, sizeof t, "%ld", v); bput(b, t, (size_t)n); }
/* a decimal in hundredths, written the way people write it: 96, 102.5, 98.25;
 * sometimes with both decimals (80.00, 76.50) */
static void bdec(Buf *b, long h, int full) {
    char t[32]; int n;
    if (full) n = snprintf(t, sizeof t, "%ld.%02ld", h / 100, h % 100);
    else if (h % 100 == 0) n = snprintf(t, sizeof t, "%ld", h / 100);
    else if (h % 10 == 0) n = snprintf(t, sizeof t, "%ld.%ld", h / 100, (h % 100) / 10);
    else n = snprintf(t, sizeof t, "%ld.%02ld", h / 100, h % 100);
    bput(b, t, (size_t)n);
}

/* ---- one application ---- */
enum { F_ID, F_AGENCY, F_TYPE, F_TITLE, F_CORE, F_PRIOR, F_COMPLAINTS, F_COVER, F_STDPCT, F_MONTHS,
       F_PTOTAL, F_PGOV, F_AGREE, F_OBJMET, F_JPLAN, F_NOVEL, F_IP, F_INVYEAR, F_PUBACC, F_IMPEFF,
       F_TOOLS, F_SAME, F_FURTHER, F_OYEAR, F_KEPT, F_REPORTS,
       F_EFF, F_QUAL, F_PART, F_ACCESS, F_NEWI, F_OBJ, F_SQ, F_VALUE, F_SUST,
       F_ONE, F_ESERV, F_DB, F_CSYS, F_TRANSP, NF };

static const char *const FNAME[NF] = {
    "id", "agency", "type", "title", "core_mission", "prior_award", "complaints",
    "unit_coverage_pct", "standard_pct", "months_in_use", "partners_total", "partners_gov",
    "agreement", "objectives_met", "joint_plan", "novel", "ip_protected", "invented_year",
    "public_accepted", "improves_efficiency", "applies_tools", "same_as_prior",
    "further_developed", "outstanding_year", "standard_kept", "reports_sent",
    "efficiency", "quality", "partnership", "access", "new_ideas", "objectives",
    "service_quality", "value", "sustainability", "one_stop", "e_service", "database",
    "complaint_system", "transparency" };

enum Kind { K_NONE, K_BOOL, K_INT, K_DEC, K_TEXT, K_LIST };

typedef struct {
    enum Kind kind[NF];
    long v[NF];             /* bool 0/1, integer, decimal in hundredths */
    int full[NF];           /* decimal printed with two decimals */
    const char *text[NF];
    int list[4], nlist;     /* reports_sent */
} App;

static const char *const TYPE_NAME[7] = { "", "standard", "integrated", "innovation",
                                          "development", "excellent", "continuous" };

/* Thai titles; two need CSV quoting (a comma, a double quote). */
static const char *const TITLES[] = {
    "ระบบออกบัตรประจำตัวประชาชนทุกสำนักงานเขต",
    "ศูนย์บริการร่วม, จุดเดียวเบ็ดเสร็จ",
    "แอปพลิเคชันนัดหมายล่วงหน้า",
    "เครือข่ายบริการน้ำประปาชุมชน",
    "บริการ \"ไม่ต้องรอคิว\" ที่สำนักงานที่ดิน",
    "ระบบแจ้งเตือนผ่าน SMS",
    "ปรับปรุงขั้นตอนชำระภาษี (ต่อยอด)",
    "บูรณาการข้อมูลผู้สูงอายุ",
};
#define NTITLES (sizeof TITLES / sizeof TITLES[0])

static void setb(App *a, int f, int v) { a->kind[f] = K_BOOL; a->v[f] = v; }
static void seti(App *a, int f, long v) { a->kind[f] = K_INT; a->v[f] = v; }
static void setd(App *a, int f, long h) { a->kind[f] = K_DEC; a->v[f] = h; a->full[f] = chance(10); }

/* a score item in hundredths between lo and hi: whole, .5/.25 steps or any hundredth */
static long score_item(long lo, long hi) {
    int g = rnd(10);
    long step = g < 4 ? 100 : g < 7 ? 25 : 1;
    long n = (hi - lo) / step;
    return lo + step * (long)rnd((int)n + 1);
}

/* split `sum` hundredths into k items each within [0, max], uneven and with
 * hundredths, so that a binary floating-point sum of them is rarely exact */
static void split(long sum, int k, long max, long *out) {
    for (int i = 0; i < k; i++) out[i] = sum / k + (i < sum % k);
    for (int r = 0; r < 2 * k; r++) {
        int i = rnd(k), j = rnd(k);
        if (i == j) continue;
        long room = out[i] < max - out[j] ? out[i] : max - out[j];
        if (room <= 0) continue;
        long d = (long)rnd((int)(room < 1500 ? room : 1500) + 1);
        out[i] -= d; out[j] += d;
    }
}

static const long BOUNDARY[4] = { 74999, 75000, 79999, 80000 };

static void gen_scores(App *a) {
    long p1[5], p2[4];
    int bonus;
    int mode = rnd(100);
    if (mode < 8) {                                 /* land on a tier boundary */
        long target = BOUNDARY[rnd(4)];
        for (;;) {
            bonus = chance(40);
            long p2sum = 0;
            for (int i = 0; i < 4; i++) { p2[i] = score_item(5000, 10000); p2sum += p2[i]; }
            long p1raw = target - p2sum - (bonus ? 5000 : 0);
            if (p1raw < 0 || p1raw > (bonus ? 55000 : 60000)) continue;
            split(p1raw, 5, 12000, p1);
            break;
        }
    } else if (mode < 11) {                         /* part 1 over 600 with the bonus: capped */
        bonus = 1;
        for (int i = 0; i < 5; i++) p1[i] = score_item(11200, 12000);
        for (int i = 0; i < 4; i++) p2[i] = score_item(4000, 10000);
    } else {
        bonus = chance(40);
        for (int i = 0; i < 5; i++) p1[i] = score_item(6000, 12000);
        for (int i = 0; i < 4; i++) p2[i] = score_item(5000, 10000);
    }
    for (int i = 0; i < 5; i++) setd(a, F_EFF + i, p1[i]);
    for (int i = 0; i < 4; i++) setd(a, F_OBJ + i, p2[i]);
    /* the five bonus characteristics: all false, or one or more true */
    int any = 0;
    for (int i = 0; i < 5; i++) {
        int v = bonus ? chance(35) : 0;
        setb(a, F_ONE + i, v);
        any |= v;
    }
    if (bonus && !any) a->v[F_ONE + rnd(5)] = 1;
}

/* fills a; returns its category (1-4, 6) */
static int gen_app(App *a, long row) {
    rng_state = SEED ^ ((uint64_t)row * 0xD1B54A32D192ED03ULL);
    memset(a, 0, sizeof *a);
    int agency = rnd(NAGENCY);
    int t, r = rnd(100);
    t = r < 25 ? 1 : r < 45 ? 2 : r < 65 ? 3 : r < 90 ? 4 : 6;
    if (t == 2 && agency % 3 == 0) t = 4;           /* these agencies never integrate */
    int violate = chance(20);                       /* fail exactly one condition */

    static char idbuf[32], agbuf[16];
    snprintf(idbuf, sizeof idbuf, "PS-2558-%07ld", row + 1);
    snprintf(agbuf, sizeof agbuf, "G%04d", agency + 1);
    a->kind[F_ID] = K_TEXT; a->text[F_ID] = idbuf;
    a->kind[F_AGENCY] = K_TEXT; a->text[F_AGENCY] = agbuf;
    a->kind[F_TITLE] = K_TEXT; a->text[F_TITLE] = TITLES[rnd((int)NTITLES)];
    if (chance(15)) { a->kind[F_TYPE] = K_TEXT; a->text[F_TYPE] = TYPE_NAME[t]; }
    else seti(a, F_TYPE, t);

    int months = chance(30) ? 12 : range(12, 72);
    switch (t) {
    case 1: {
        int bad = violate ? rnd(6) : -1;
        setb(a, F_CORE, bad != 0);
        setb(a, F_PRIOR, bad != 1);
        seti(a, F_COMPLAINTS, bad == 2 ? range(1, 5) : 0);
        setd(a, F_COVER, bad == 3 ? (chance(50) ? 7999 : score_item(3000, 7999))
                                  : (chance(30) ? 8000 : score_item(8000, 10000)));
        setd(a, F_STDPCT, bad == 4 ? (chance(50) ? 7999 : score_item(3000, 7999))
                                   : (chance(30) ? 8000 : score_item(8000, 10000)));
        seti(a, F_MONTHS, bad == 5 ? range(0, 11) : months);
        break;
    }
    case 2: {
        int bad = violate ? rnd(6) : -1;
        int total = bad == 0 ? range(1, 2) : range(3, 8);
        seti(a, F_PTOTAL, total);
        seti(a, F_PGOV, bad == 1 ? range(0, total < 1 ? total : 1) : range(total < 2 ? total : 2, total));
        setb(a, F_AGREE, bad != 2);
        setb(a, F_OBJMET, bad != 3);
        seti(a, F_MONTHS, bad == 4 ? 11 : months);
        setb(a, F_JPLAN, bad != 5);
        break;
    }
    case 3: {
        int bad = violate ? rnd(5) : -1;
        int c = rnd(3);
        setb(a, F_NOVEL, bad == 0 ? 0 : c != 1);
        setb(a, F_IP, bad == 0 ? 0 : c != 0);
        seti(a, F_INVYEAR, bad == 1 ? range(2550, 2554) : (chance(40) ? 2555 : range(2555, 2558)));
        seti(a, F_MONTHS, bad == 2 ? range(0, 11) : months);
        setb(a, F_PUBACC, bad != 3);
        setb(a, F_IMPEFF, bad != 4);
        break;
    }
    case 4: {
        int bad = violate ? rnd(3) : -1;
        setb(a, F_TOOLS, bad != 0);
        seti(a, F_MONTHS, bad == 1 ? 11 : months);
        if (bad == 2) { setb(a, F_SAME, 1); setb(a, F_FURTHER, 0); }
        else if (chance(50)) { setb(a, F_SAME, 0); setb(a, F_FURTHER, chance(50)); }
        else { setb(a, F_SAME, 1); setb(a, F_FURTHER, 1); }
        break;
    }
    case 6: {
        int bad = violate ? rnd(3) : -1;
        if (bad == 0) {
            int k = rnd(4);                          /* never, too early, too recent */
            if (k) seti(a, F_OYEAR, k == 1 ? 2554 : k == 2 ? 2556 : 2557);
        } else seti(a, F_OYEAR, 2555);
        setb(a, F_KEPT, bad != 1);
        a->kind[F_REPORTS] = K_LIST;
        int miss = bad == 2 ? range(2556, 2558) : 0;
        if (chance(30)) a->list[a->nlist++] = 2555;
        for (int y = 2556; y <= 2558; y++) if (y != miss) a->list[a->nlist++] = y;
        if (a->nlist > 1 && chance(20)) { int x = a->list[0]; a->list[0] = a->list[a->nlist - 1]; a->list[a->nlist - 1] = x; }
        break;
    }
    }
    if (t != 6) gen_scores(a);
    return t;
}

/* ---- expected result, exact integers in hundredths, from CONTRACTS.md ---- */
typedef struct { int eligible; long total; const char *tier; } Result;

static int has(const App *a, int y) { for (int i = 0; i < a->nlist; i++) if (a->list[i] == y) return 1; return 0; }

static Result judge(const App *a, int t) {
    Result r = { 0, -1, "" };
    const long *v = a->v;
    switch (t) {
    case 1: r.eligible = v[F_CORE] && v[F_PRIOR] && v[F_COMPLAINTS] == 0 && v[F_COVER] >= 8000 &&
                         v[F_STDPCT] >= 8000 && v[F_MONTHS] >= 12; break;
    case 2: r.eligible = v[F_PTOTAL] >= 3 && v[F_PGOV] >= 2 && v[F_AGREE] && v[F_OBJMET] &&
                         v[F_MONTHS] >= 12 && v[F_JPLAN]; break;
    case 3: r.eligible = (v[F_NOVEL] || v[F_IP]) && 2558 - v[F_INVYEAR] <= 3 && v[F_MONTHS] >= 12 &&
                         v[F_PUBACC] && v[F_IMPEFF]; break;
    case 4: r.eligible = v[F_TOOLS] && v[F_MONTHS] >= 12 && (!v[F_SAME] || v[F_FURTHER]); break;
    case 6: r.eligible = a->kind[F_OYEAR] == K_INT && v[F_OYEAR] >= 2555 && 2558 - v[F_OYEAR] >= 3 &&
                         v[F_KEPT] && has(a, 2556) && has(a, 2557) && has(a, 2558);
            r.tier = r.eligible ? "awarded" : "ineligible";
            return r;
    }
    long p1 = 0, p2 = 0;
    for (int i = 0; i < 5; i++) p1 += v[F_EFF + i];
    int bonus = 0;
    for (int i = 0; i < 5; i++) bonus |= (int)v[F_ONE + i];
    if (bonus) p1 += 5000;
    if (p1 > 60000) p1 = 60000;
    for (int i = 0; i < 4; i++) p2 += v[F_OBJ + i];
    r.total = p1 + p2;
    r.tier = !r.eligible ? "ineligible" : r.total >= 80000 ? "outstanding" : r.total >= 75000 ? "good" : "fail";
    return r;
}

/* ---- writers ---- */
static void csv_text(Buf *b, const char *s) {
    if (!strpbrk(s, ",\"\r\n")) { bs(b, s); return; }
    bput(b, "\"", 1);
    for (; *s; s++) { if (*s == '"') bput(b, "\"", 1); bput(b, s, 1); }
    bput(b, "\"", 1);
}

static void write_csv(Buf *b, const App *a, int bool10) {
    for (int f = 0; f < NF; f++) {
        if (f) bput(b, ",", 1);
        switch (a->kind[f]) {
        case K_NONE: break;
        case K_BOOL: bs(b, bool10 ? (a->v[f] ? "1" : "0") : (a->v[f] ? "true" : "false")); break;
        case K_INT: bint(b, a->v[f]); break;
        case K_DEC: bdec(b, a->v[f], a->full[f]); break;
        case K_TEXT: csv_text(b, a->text[f]); break;
        case K_LIST:
            for (int i = 0; i < a->nlist; i++) { if (i) bput(b, ";", 1); bint(b, a->list[i]); }
            break;
        }
    }
    bput(b, "\n", 1);
}

static void json_text(Buf *b, const char *s) {
    bput(b, "\"", 1);
    for (; *s; s++) { if (*s == '"' || *s == '\\') bput(b, "\\", 1); bput(b, s, 1); }
    bput(b, "\"", 1);
}

static void write_json(Buf *b, const App *a) {
    int first = 1;
    bput(b, "{", 1);
    for (int f = 0; f < NF; f++) {
        if (a->kind[f] == K_NONE) continue;
        if (!first) bput(b, ", ", 2);
        first = 0;
        bput(b, "\"", 1); bs(b, FNAME[f]); bput(b, "\": ", 3);
        switch (a->kind[f]) {
        case K_NONE: break;
        case K_BOOL: bs(b, a->v[f] ? "true" : "false"); break;
        case K_INT: bint(b, a->v[f]); break;
        case K_DEC: bdec(b, a->v[f], a->full[f]); break;
        case K_TEXT: json_text(b, a->text[f]); break;
        case K_LIST:
            bput(b, "[", 1);
            for (int i = 0; i < a->nlist; i++) { if (i) bput(b, ", ", 2); bint(b, a->list[i]); }
            bput(b, "]", 1);
            break;
        }
    }
    bput(b, "}\n", 2);
}

static FILE *open_out(const char *dir, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) { fprintf(stderr, "gen: %s: %s\n", path, strerror(errno)); exit(1); }
    return f;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: gen N DIR\n"); return 2; }
    char *end;
    long n = strtol(argv[1], &end, 10);
    if (*end || n < 0) { fprintf(stderr, "gen: bad N `%s`\n", argv[1]); return 2; }
    enum { CAP = 1 << 20 };
    Buf csv = { malloc(CAP), 0, CAP, open_out(argv[2], "apps.csv") };
    Buf js = { malloc(CAP), 0, CAP, open_out(argv[2], "apps.jsonl") };
    Buf ex = { malloc(CAP), 0, CAP, open_out(argv[2], "expected.csv") };

    for (int f = 0; f < NF; f++) { if (f) bput(&csv, ",", 1); bs(&csv, FNAME[f]); }
    bput(&csv, "\n", 1);
    bs(&ex, "id,category,eligible,total,tier\n");

    /* per agency: first appearance order, and outstanding wins in 1, 2, 3 or 4 */
    int order[NAGENCY], norder = 0;
    unsigned won[NAGENCY];
    memset(won, 0, sizeof won);
    unsigned char seen[NAGENCY] = { 0 };
    long count[7] = { 0 }, tiers[5] = { 0 };

    App a;
    for (long row = 0; row < n; row++) {
        int t = gen_app(&a, row);
        Result r = judge(&a, t);
        int ag = atoi(a.text[F_AGENCY] + 1) - 1;
        if (!seen[ag]) { seen[ag] = 1; order[norder++] = ag; }
        if (t <= 4 && strcmp(r.tier, "outstanding") == 0) won[ag] |= 1u << t;
        count[t]++;
        tiers[r.total < 0 ? 4 : !r.eligible ? 3 : r.total >= 80000 ? 0 : r.total >= 75000 ? 1 : 2]++;

        write_csv(&csv, &a, (row % 10) == 7);
        write_json(&js, &a);
        bs(&ex, a.text[F_ID]); bput(&ex, ",", 1);
        bs(&ex, TYPE_NAME[t]); bput(&ex, ",", 1);
        bs(&ex, r.eligible ? "true" : "false"); bput(&ex, ",", 1);
        if (r.total >= 0) bdec(&ex, r.total, 1);
        bput(&ex, ",", 1);
        bs(&ex, r.tier); bput(&ex, "\n", 1);
    }
    long awarded = 0;
    for (int i = 0; i < norder; i++) {
        int ag = order[i];
        int ok = (won[ag] & 2) && (won[ag] & 4) && (won[ag] & 24);
        awarded += ok;
        char t[64];
        int len = snprintf(t, sizeof t, "G%04d,excellent,%s,,%s\n", ag + 1,
                           ok ? "true" : "false", ok ? "awarded" : "ineligible");
        bput(&ex, t, (size_t)len);
    }
    bflush(&csv); bflush(&js); bflush(&ex);
    if (fclose(csv.f) || fclose(js.f) || fclose(ex.f)) { perror("gen: close"); return 1; }
    fprintf(stderr, "gen: %ld applications (type 1: %ld, 2: %ld, 3: %ld, 4: %ld, 6: %ld; "
            "scored: %ld outstanding, %ld good, %ld fail, %ld ineligible), %d agencies, %ld excellent\n",
            n, count[1], count[2], count[3], count[4], count[6], tiers[0], tiers[1], tiers[2], tiers[3],
            norder, awarded);
    free(csv.p); free(js.p); free(ex.p);
    return 0;
}
