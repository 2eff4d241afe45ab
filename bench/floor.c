/*
 * floor: a hand-written C program that does only the Public Service Award 2558
 * arithmetic, the practical floor for `award eval`.
 *
 *   floor DATA.csv OUT.csv
 *
 * Reads the CSV (RFC 4180: quoted fields, doubled quotes, any column order,
 * extra columns ignored), decides category, eligibility, total (exact, in
 * integer hundredths) and tier of every application, then the category-5
 * (`excellent`) row of every agency in order of first appearance, and writes
 * id,category,eligible,total,tier.  It streams (fixed buffers), so its memory
 * does not grow with the input.
 *
 * Being a floor it trusts its input: no range checks, no duplicate-id check,
 * no messages about broken rows (a broken row still gets a row, `error`).
 * It is written for this one award; nothing is read from a rule file.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { F_ID, F_AGENCY, F_TYPE, F_CORE, F_PRIOR, F_COMPLAINTS, F_COVER, F_STDPCT, F_MONTHS,
       F_PTOTAL, F_PGOV, F_AGREE, F_OBJMET, F_JPLAN, F_NOVEL, F_IP, F_INVYEAR, F_PUBACC, F_IMPEFF,
       F_TOOLS, F_SAME, F_FURTHER, F_OYEAR, F_KEPT, F_REPORTS,
       F_EFF, F_QUAL, F_PART, F_ACCESS, F_NEWI, F_OBJ, F_SQ, F_VALUE, F_SUST,
       F_ONE, F_ESERV, F_DB, F_CSYS, F_TRANSP, NF };

static const char *const FNAME[NF] = {
    "id", "agency", "type", "core_mission", "prior_award", "complaints",
    "unit_coverage_pct", "standard_pct", "months_in_use", "partners_total", "partners_gov",
    "agreement", "objectives_met", "joint_plan", "novel", "ip_protected", "invented_year",
    "public_accepted", "improves_efficiency", "applies_tools", "same_as_prior",
    "further_developed", "outstanding_year", "standard_kept", "reports_sent",
    "efficiency", "quality", "partnership", "access", "new_ideas", "objectives",
    "service_quality", "value", "sustainability", "one_stop", "e_service", "database",
    "complaint_system", "transparency" };

static const char *const CAT[7] = { "", "standard", "integrated", "innovation",
                                    "development", "excellent", "continuous" };

/* ---- input: a refillable buffer; a record never straddles its end ---- */
#define INCAP (1 << 20)
static char *in;            /* INCAP + 1 */
static size_t inlen, inpos;
static int infd, ineof;

static void refill(void) {
    memmove(in, in + inpos, inlen - inpos);
    inlen -= inpos; inpos = 0;
    while (!ineof && inlen < INCAP) {
        ssize_t r = read(infd, in + inlen, INCAP - inlen);
        if (r < 0) { if (errno == EINTR) continue; perror("floor: read"); exit(2); }
        if (r == 0) ineof = 1;
        inlen += (size_t)r;
    }
}

/* ---- output ---- */
#define OUTCAP (1 << 20)
static char *out;
static size_t outlen;
static int outfd;
static void oflush(void) {
    size_t o = 0;
    while (o < outlen) {
        ssize_t w = write(outfd, out + o, outlen - o);
        if (w < 0) { if (errno == EINTR) continue; perror("floor: write"); exit(2); }
        o += (size_t)w;
    }
    outlen = 0;
}
static inline void oput(const char *s, size_t n) {
    if (outlen + n > OUTCAP) oflush();
    memcpy(out + outlen, s, n);
    outlen += n;
}
#define OLIT(s) oput(s, sizeof(s) - 1)

/* ---- fields of the current record ---- */
typedef struct { const char *p; size_t n; } Str;
static Str fld[NF];
static int colmap[256];     /* column -> field, or -1 */
static int ncols;

/* Parses one record starting at in+inpos.  Returns 0 when the buffer holds no
 * complete record (the caller refills and calls again), 1 otherwise.  The
 * buffer is not modified: a quoted field that the award reads and that holds
 * doubled quotes is unescaped into a scratch area. */
static char scratch[8192];
static size_t nscratch;
static int parse_record(int header) {
    char *p = in + inpos, *end = in + inlen;
    int col = 0;
    for (int f = 0; f < NF; f++) fld[f].n = 0;
    nscratch = 0;
    for (;;) {
        char *start = p, *w;
        int dq = 0;
        if (p < end && *p == '"') {
            start = ++p;
            for (;;) {
                if (p >= end) return 0;
                if (*p == '"') {
                    if (p + 1 >= end && !ineof) return 0;
                    if (p + 1 < end && p[1] == '"') { dq = 1; p += 2; continue; }
                    break;
                }
                p++;
            }
            w = p++;
            if (p > end) p = end;
        } else {
            while (p < end && *p != ',' && *p != '\n') p++;
            w = p;
            if (w > start && w[-1] == '\r' && (p >= end || *p == '\n')) w--;
        }
        if (p >= end && !ineof) return 0;
        int f = col < ncols && col < 256 ? colmap[col] : -1;
        if (header) {
            f = -1;
            for (int k = 0; k < NF; k++)
                if (strlen(FNAME[k]) == (size_t)(w - start) && memcmp(FNAME[k], start, (size_t)(w - start)) == 0) f = k;
            if (col < 256) colmap[col] = f;
            ncols = col + 1;
        } else if (f >= 0) {
            if (dq && (size_t)(w - start) <= sizeof scratch - nscratch) {
                char *d = scratch + nscratch, *d0 = d;
                for (const char *s = start; s < w; s++) { *d++ = *s; if (*s == '"') s++; }
                fld[f].p = d0; fld[f].n = (size_t)(d - d0);
                nscratch += fld[f].n;
            } else {
                fld[f].p = start; fld[f].n = (size_t)(w - start);
            }
        }
        col++;
        if (p < end && *p == ',') { p++; continue; }
        if (p < end && *p == '\r') p++;
        if (p < end && *p == '\n') p++;
        break;
    }
    inpos = (size_t)(p - in);
    return 1;
}

/* ---- field readers ---- */
static inline int b(int f) {
    const Str s = fld[f];
    return (s.n == 4 && memcmp(s.p, "true", 4) == 0) || (s.n == 1 && s.p[0] == '1');
}
static inline long i(int f) {
    long v = 0;
    for (size_t k = 0; k < fld[f].n; k++) v = v * 10 + (fld[f].p[k] - '0');
    return v;
}
static inline long dec(int f) {          /* hundredths */
    const char *p = fld[f].p, *e = p + fld[f].n;
    long v = 0;
    while (p < e && *p != '.') v = v * 10 + (*p++ - '0');
    v *= 100;
    if (p < e) {
        p++;
        if (p < e) v += 10 * (*p++ - '0');
        if (p < e) v += *p - '0';
    }
    return v;
}
static int has_year(int f, long y) {
    const char *p = fld[f].p, *e = p + fld[f].n;
    while (p < e) {
        long v = 0;
        while (p < e && *p != ';') v = v * 10 + (*p++ - '0');
        if (v == y) return 1;
        if (p < e) p++;
    }
    return 0;
}
static int type_of(void) {
    const Str s = fld[F_TYPE];
    if (s.n == 1 && s.p[0] >= '1' && s.p[0] <= '6') return s.p[0] - '0';
    for (int t = 1; t <= 6; t++)
        if (strlen(CAT[t]) == s.n && memcmp(CAT[t], s.p, s.n) == 0) return t;
    return 0;
}

/* ---- agencies: open addressing, first-appearance order ---- */
typedef struct { char *code; size_t n; unsigned won; } Agency;
static Agency *ag;
static size_t nag, agcap;
static uint32_t *slot;       /* index + 1, 0 empty */
static size_t nslot = 1024;

static uint32_t hash(const char *p, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t k = 0; k < n; k++) h = (h ^ (unsigned char)p[k]) * 16777619u;
    return h;
}
static void ag_grow(void) {
    free(slot);
    nslot *= 2;
    slot = calloc(nslot, sizeof *slot);
    for (size_t k = 0; k < nag; k++) {
        size_t h = hash(ag[k].code, ag[k].n) & (nslot - 1);
        while (slot[h]) h = (h + 1) & (nslot - 1);
        slot[h] = (uint32_t)(k + 1);
    }
}
static Agency *agency(const char *p, size_t n) {
    size_t h = hash(p, n) & (nslot - 1);
    for (; slot[h]; h = (h + 1) & (nslot - 1)) {
        Agency *a = &ag[slot[h] - 1];
        if (a->n == n && memcmp(a->code, p, n) == 0) return a;
    }
    if (nag == agcap) { agcap = agcap ? 2 * agcap : 256; ag = realloc(ag, agcap * sizeof *ag); }
    Agency *a = &ag[nag++];
    a->code = malloc(n + 1); memcpy(a->code, p, n); a->code[n] = 0;
    a->n = n; a->won = 0;
    slot[h] = (uint32_t)nag;
    if (2 * nag > nslot) ag_grow();
    return &ag[nag - 1];
}

static void evaluate(void) {
    int t = type_of();
    oput(fld[F_ID].p, fld[F_ID].n);
    if (t == 0 || t == 5) { OLIT(",,false,,error\n"); return; }
    int ok;
    switch (t) {
    case 1: ok = b(F_CORE) && b(F_PRIOR) && i(F_COMPLAINTS) == 0 && dec(F_COVER) >= 8000 &&
                 dec(F_STDPCT) >= 8000 && i(F_MONTHS) >= 12; break;
    case 2: ok = i(F_PTOTAL) >= 3 && i(F_PGOV) >= 2 && b(F_AGREE) && b(F_OBJMET) &&
                 i(F_MONTHS) >= 12 && b(F_JPLAN); break;
    case 3: ok = (b(F_NOVEL) || b(F_IP)) && 2558 - i(F_INVYEAR) <= 3 && i(F_MONTHS) >= 12 &&
                 b(F_PUBACC) && b(F_IMPEFF); break;
    case 4: ok = b(F_TOOLS) && i(F_MONTHS) >= 12 && (!b(F_SAME) || b(F_FURTHER)); break;
    default: /* 6 */
        ok = fld[F_OYEAR].n && i(F_OYEAR) >= 2555 && 2558 - i(F_OYEAR) >= 3 && b(F_KEPT) &&
             has_year(F_REPORTS, 2556) && has_year(F_REPORTS, 2557) && has_year(F_REPORTS, 2558);
        agency(fld[F_AGENCY].p, fld[F_AGENCY].n);
        if (ok) OLIT(",continuous,true,,awarded\n"); else OLIT(",continuous,false,,ineligible\n");
        return;
    }
    long p1 = dec(F_EFF) + dec(F_QUAL) + dec(F_PART) + dec(F_ACCESS) + dec(F_NEWI);
    if (b(F_ONE) || b(F_ESERV) || b(F_DB) || b(F_CSYS) || b(F_TRANSP)) p1 += 5000;
    if (p1 > 60000) p1 = 60000;
    long total = p1 + dec(F_OBJ) + dec(F_SQ) + dec(F_VALUE) + dec(F_SUST);
    Agency *a = agency(fld[F_AGENCY].p, fld[F_AGENCY].n);
    char buf[96], *q = buf + sizeof buf;
    const char *tier = !ok ? "ineligible" : total >= 80000 ? "outstanding" : total >= 75000 ? "good" : "fail";
    if (ok && total >= 80000) a->won |= 1u << t;
    /* ",<cat>,<eligible>,<total>,<tier>\n" built from the right */
    size_t tl = strlen(tier);
    *--q = '\n'; q -= tl; memcpy(q, tier, tl); *--q = ',';
    long v = total;
    *--q = (char)('0' + v % 10); v /= 10; *--q = (char)('0' + v % 10); v /= 10; *--q = '.';
    do { *--q = (char)('0' + v % 10); v /= 10; } while (v);
    if (ok) { q -= 6; memcpy(q, ",true,", 6); } else { q -= 7; memcpy(q, ",false,", 7); }
    size_t cl = strlen(CAT[t]); q -= cl; memcpy(q, CAT[t], cl); *--q = ',';
    oput(q, (size_t)(buf + sizeof buf - q));
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: floor DATA.csv OUT.csv\n"); return 2; }
    infd = strcmp(argv[1], "-") ? open(argv[1], O_RDONLY) : 0;
    if (infd < 0) { perror(argv[1]); return 2; }
    outfd = strcmp(argv[2], "-") ? open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644) : 1;
    if (outfd < 0) { perror(argv[2]); return 2; }
    in = malloc(INCAP + 1); out = malloc(OUTCAP);
    slot = calloc(nslot, sizeof *slot);
    OLIT("id,category,eligible,total,tier\n");
    refill();
    if (inlen >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) inpos = 3;   /* byte-order mark */
    if (inlen > inpos) {
        while (!parse_record(1)) {
            if (ineof || (inpos == 0 && inlen == INCAP)) { fprintf(stderr, "floor: bad header\n"); return 2; }
            refill();
        }
        for (;;) {
            if (inpos >= inlen) { if (ineof) break; refill(); continue; }
            if (in[inpos] == '\n') { inpos++; continue; }           /* blank line */
            if (!parse_record(0)) {
                if (ineof || (inpos == 0 && inlen == INCAP)) { fprintf(stderr, "floor: record too long\n"); return 2; }
                refill();
                continue;
            }
            evaluate();
        }
    }
    for (size_t k = 0; k < nag; k++) {
        unsigned w = ag[k].won;
        oput(ag[k].code, ag[k].n);
        if ((w & 2) && (w & 4) && (w & 24)) OLIT(",excellent,true,,awarded\n");
        else OLIT(",excellent,false,,ineligible\n");
    }
    oflush();
    if (outfd != 1 && close(outfd)) { perror("floor: close"); return 2; }
    return 0;
}
