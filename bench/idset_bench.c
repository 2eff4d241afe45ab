/*
 * idset_bench: how fast interp/idset.c answers "is this id new?", and in how
 * much memory, against a plain in-RAM hash set (what eval.c kept before it).
 *
 *   cc -O2 -Iinterp bench/idset_bench.c interp/idset.c interp/mem.c -o /tmp/idset_bench
 *   taskset -c 0 /tmp/idset_bench [-f FILTER_BYTES] [N ...]     (default N: 100000 1000000 10000000)
 *
 * For each N, each workload and each set, a fresh process (so that its peak
 * RSS is its own) adds N ids shaped like "PS-2558-0000001" and prints the
 * time per add (id generation included: an in-place decimal increment), its
 * user and system CPU time, its peak RSS (getrusage), and for idset what it
 * did (spills, merges, runs, lookups that went to disk, false positives of
 * the filter).  Each case runs REPS times (default 3); the fastest run is
 * printed.
 *   distinct  N different ids, in order
 *   dup1%     one add in a hundred repeats an earlier id chosen at random
 * Every answer is checked (new or seen, and `first`); a wrong one stops the
 * run with status 1.  Temporary files go to $TMPDIR or /tmp.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "idset.h"
#include "mem.h"

/* ---- the plain set: open addressing over an entry array, texts back to back ---- */

typedef struct Plain {
    char *bytes;
    size_t nbytes, capbytes;
    uint32_t *slots;          /* entry index + 1; 0 empty */
    size_t nslots;
    struct PlainEntry { size_t off, len; uint64_t hash, info; } *e;
    size_t count, cap;
} Plain;

static void plain_grow(Plain *p)
{
    size_t n = p->nslots ? p->nslots * 2 : 1024;
    uint32_t *slots = mem_calloc(n, sizeof *slots);
    for (size_t i = 0; i < p->count; i++) {
        size_t j = p->e[i].hash & (n - 1);
        while (slots[j])
            j = (j + 1) & (n - 1);
        slots[j] = (uint32_t)(i + 1);
    }
    mem_free(p->slots);
    p->slots = slots;
    p->nslots = n;
}

static int plain_add(Plain *p, const char *s, size_t len, uint64_t info, uint64_t *first)
{
    if ((p->count + 1) * 2 > p->nslots)
        plain_grow(p);
    uint64_t h = idset_hash(s, len);
    size_t j = h & (p->nslots - 1);
    for (; p->slots[j]; j = (j + 1) & (p->nslots - 1)) {
        const struct PlainEntry *e = &p->e[p->slots[j] - 1];
        if (e->hash == h && e->len == len && memcmp(p->bytes + e->off, s, len) == 0) {
            *first = e->info;
            return 0;
        }
    }
    if (p->count == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 256;
        p->e = mem_realloc(p->e, p->cap * sizeof *p->e);
    }
    if (p->nbytes + len > p->capbytes) {
        p->capbytes = (p->nbytes + len) * 2 + 256;
        p->bytes = mem_realloc(p->bytes, p->capbytes);
    }
    memcpy(p->bytes + p->nbytes, s, len);
    p->e[p->count] = (struct PlainEntry){ p->nbytes, len, h, info };
    p->nbytes += len;
    p->slots[j] = (uint32_t)(++p->count);
    return 1;
}

static void plain_free(Plain *p)
{
    mem_free(p->bytes);
    mem_free(p->slots);
    mem_free(p->e);
}

/* ---- one run, in a child process ---- */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int run(const char *impl, const char *workload, unsigned long n, size_t filter_bytes)
{
    int use_idset = strcmp(impl, "idset") == 0;
    int dups = strcmp(workload, "dup1%") == 0;
    IdSetConfig cfg = { .filter_bytes = filter_bytes };
    IdSet *s = use_idset ? idset_new(&cfg) : NULL;
    Plain plain = { 0 };

    /* "PS-2558-" and a zero-padded counter of at least 7 digits. */
    int digits = 7;
    for (unsigned long m = n; m >= 10000000; m /= 10)
        digits++;
    char id[32], old[32];
    int len = snprintf(id, sizeof id, "PS-2558-%0*lu", digits, 0ul);
    unsigned long next = 0;   /* the counter in id */
    unsigned long wrong = 0, seen = 0;

    double t0 = now();
    for (unsigned long i = 0; i < n; i++) {
        uint64_t first = UINT64_MAX;
        if (dups && next > 0 && rnd() % 100 == 0) {
            unsigned long k = (unsigned long)(rnd() % next);
            int olen = snprintf(old, sizeof old, "PS-2558-%0*lu", digits, k);
            int rc = use_idset ? idset_add(s, old, (size_t)olen, k, &first)
                               : plain_add(&plain, old, (size_t)olen, k, &first);
            wrong += rc != 0 || first != k;
            seen++;
            continue;
        }
        int rc = use_idset ? idset_add(s, id, (size_t)len, next, &first)
                           : plain_add(&plain, id, (size_t)len, next, &first);
        wrong += rc != 1;
        next++;
        for (int d = len - 1; d >= 0; d--) {   /* in-place decimal increment */
            if (id[d] != '9') {
                id[d]++;
                break;
            }
            id[d] = '0';
        }
    }
    double t = now() - t0;

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%-6s %-8s %9lu  %7.1f ns/add  user %6.2f s  sys %5.2f s  peak RSS %6.1f MiB", impl,
           workload, n, n ? t * 1e9 / (double)n : 0.0,
           (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6,
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6,
           (double)ru.ru_maxrss / 1024.0);
    if (use_idset) {
        IdSetStats st;
        idset_stats(s, &st);
        printf("  set %5.1f MiB  spills %4llu merges %4llu runs %2llu  disk lookups %7llu"
               " (false %6llu, dups %6lu)  preads %8llu",
               (double)st.ram_bytes / (1 << 20), (unsigned long long)st.spills,
               (unsigned long long)st.merges, (unsigned long long)st.runs,
               (unsigned long long)st.disk_lookups, (unsigned long long)st.disk_misses, seen,
               (unsigned long long)st.preads);
        if (idset_problem(s))
            printf("  PROBLEM: %s", idset_problem(s));
    }
    printf("\n");
    fflush(stdout);
    idset_free(s);
    plain_free(&plain);
    if (wrong) {
        fprintf(stderr, "idset_bench: %lu wrong answers\n", wrong);
        return 1;
    }
    return 0;
}

/* ---- driver ---- */

/* Run one case in a fresh process; its line into line[]; nonzero on failure. */
static int spawn(const char *self, const char *impl, const char *workload, unsigned long n,
                 size_t filter_bytes, char *line, size_t size)
{
    char nbuf[32], fbuf[32];
    snprintf(nbuf, sizeof nbuf, "%lu", n);
    snprintf(fbuf, sizeof fbuf, "%zu", filter_bytes);
    int fds[2];
    if (pipe(fds) != 0) {
        perror("idset_bench: pipe");
        return 1;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("idset_bench: fork");
        return 1;
    }
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execl(self, self, "--child", impl, workload, nbuf, fbuf, (char *)NULL);
        perror("idset_bench: exec");
        _exit(127);
    }
    close(fds[1]);
    size_t len = 0;
    ssize_t k;
    while ((k = read(fds[0], line + len, size - 1 - len)) > 0)
        len += (size_t)k;
    line[len] = '\0';
    close(fds[0]);
    int status;
    if (waitpid(pid, &status, 0) < 0)
        return 1;
    return !WIFEXITED(status) || WEXITSTATUS(status) != 0;
}

/* The best of reps runs of one case, printed. */
static int best_of(int reps, const char *self, const char *impl, const char *workload,
                   unsigned long n, size_t filter_bytes)
{
    char best[1024] = "", line[1024];
    double best_ns = 0;
    int bad = 0;
    for (int r = 0; r < reps; r++) {
        bad |= spawn(self, impl, workload, n, filter_bytes, line, sizeof line);
        double ns = 0;
        char a[16], b[16];
        unsigned long m;
        if (sscanf(line, "%15s %15s %lu %lf", a, b, &m, &ns) == 4 && (!best[0] || ns < best_ns)) {
            best_ns = ns;
            snprintf(best, sizeof best, "%s", line);
        }
    }
    fputs(best, stdout);
    fflush(stdout);
    return bad;
}

int main(int argc, char **argv)
{
    if (argc == 6 && strcmp(argv[1], "--child") == 0)
        return run(argv[2], argv[3], strtoul(argv[4], NULL, 10), (size_t)strtoull(argv[5], NULL, 10));

    size_t filter_bytes = 0;
    int a = 1;
    if (a + 1 < argc && strcmp(argv[a], "-f") == 0) {
        filter_bytes = (size_t)strtoull(argv[a + 1], NULL, 10);
        a += 2;
    }
    static const unsigned long dflt[] = { 100000, 1000000, 10000000 };
    unsigned long sizes[32];
    int nsizes = 0;
    for (; a < argc && nsizes < 32; a++)
        sizes[nsizes++] = strtoul(argv[a], NULL, 10);
    if (!nsizes)
        for (; nsizes < 3; nsizes++)
            sizes[nsizes] = dflt[nsizes];
    const char *r = getenv("REPS");
    int reps = r && atoi(r) > 0 ? atoi(r) : 3;

    /* Re-run this very program for each case. */
    char self[4096];
    ssize_t k = readlink("/proc/self/exe", self, sizeof self - 1);
    if (k > 0)
        self[k] = '\0';
    else
        snprintf(self, sizeof self, "%s", argv[0]);

    int bad = best_of(1, self, "plain", "distinct", 0, filter_bytes);   /* the empty process */
    for (int i = 0; i < nsizes; i++)
        for (int w = 0; w < 2; w++)
            for (int impl = 0; impl < 2; impl++)
                bad |= best_of(reps, self, impl ? "plain" : "idset", w ? "dup1%" : "distinct",
                               sizes[i], filter_bytes);
    return bad;
}
