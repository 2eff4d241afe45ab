/* test_idset.c -- unit tests for idset, the exact id set in bounded memory.
 *
 * Tiny configurations (a handful of ids in RAM, a one-block filter, a
 * few-sample index) make every path run with a few thousand ids: spills,
 * k-way merges, lookups that end in RAM, in each run, in the filter, or on
 * disk after a false positive; hashes that collide on purpose (3 values, 1
 * value, 12 bits); ids that are prefixes of one another, empty, 1 MiB long,
 * Thai; disk trouble and failing allocations.  Every answer is checked
 * against a plain reference set, and `first` against the info of the first
 * occurrence.  Temporary files go to a private directory, which must stay
 * empty: they are unlinked as soon as they are made. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include "support.h"

#include "idset.h"
#include "mem.h"

/* ---- helpers ---- */

/* A private temporary directory for the sets of one test. */
static char tmpdir[64];

static void make_tmpdir(void)
{
    strcpy(tmpdir, "/tmp/test_idset-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
}

/* Entries of a directory, "." and ".." aside; -1 when it cannot be read. */
static int dir_entries(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static void remove_tmpdir(void)
{
    assert_int_equal(dir_entries(tmpdir), 0);
    assert_int_equal(rmdir(tmpdir), 0);
    tmpdir[0] = '\0';
}

/* After each test: the directory of a test that failed goes too. */
static int end_idset_test(void **state)
{
    if (tmpdir[0]) {
        rmdir(tmpdir);
        tmpdir[0] = '\0';
    }
    return end_test(state);
}

/* Open file descriptors, or -1 without /proc. */
static int open_fds(void)
{
    return dir_entries("/proc/self/fd");
}

static IdSetConfig tiny(size_t entries, size_t bytes, size_t filter, size_t index)
{
    return (IdSetConfig){ .ram_entries = entries, .ram_bytes = bytes, .filter_bytes = filter,
                          .index_bytes = index, .tmpdir = tmpdir };
}

static uint64_t hash3(const char *s, size_t len)
{
    static const uint64_t v[3] = { 0x8000000000000000u, 0x123456789abcdef0u, 0xfedcba9876543210u };
    return v[idset_hash(s, len) % 3];
}

static uint64_t hash1(const char *s, size_t len)
{
    (void)s;
    (void)len;
    return 42;
}

/* Only the first byte counts: every id collides with its prefixes. */
static uint64_t hash_first_byte(const char *s, size_t len)
{
    return len ? (uint64_t)(unsigned char)s[0] << 56 : 0;
}

static uint64_t hash12(const char *s, size_t len)
{
    return idset_hash(s, len) & 0xfff;
}

/* add, expecting a new id */
#define ADD_NEW(s, id, len, info) \
    assert_int_equal(idset_add((s), (id), (len), (info), NULL), 1)

/* add, expecting an id seen first with info `want` */
static void add_seen(IdSet *s, const char *id, size_t len, uint64_t want)
{
    uint64_t first = 0xdeadbeef;
    assert_int_equal(idset_add(s, id, len, 999999, &first), 0);
    assert_int_equal(first, want);
}

static size_t fmt_id(char *buf, size_t size, const char *prefix, unsigned long n)
{
    int len = snprintf(buf, size, "%s%07lu", prefix, n);
    assert_true(len > 0 && (size_t)len < size);
    return (size_t)len;
}

/* ---- a plain reference set ---- */

typedef struct Ref {
    struct RefEntry { char *s; size_t len; uint64_t info; } *e;
    size_t cap, count;
} Ref;

static uint64_t ref_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

/* 1 added, 0 present (*info) */
static int ref_add(Ref *r, const char *s, size_t len, uint64_t info, uint64_t *first)
{
    if ((r->count + 1) * 2 > r->cap) {
        Ref n = { calloc(r->cap ? r->cap * 2 : 1024, sizeof *n.e), r->cap ? r->cap * 2 : 1024, 0 };
        assert_non_null(n.e);
        for (size_t i = 0; i < r->cap; i++)
            if (r->e[i].s) {
                size_t j = ref_hash(r->e[i].s, r->e[i].len) & (n.cap - 1);
                while (n.e[j].s)
                    j = (j + 1) & (n.cap - 1);
                n.e[j] = r->e[i];
            }
        n.count = r->count;
        free(r->e);
        *r = n;
    }
    size_t j = ref_hash(s, len) & (r->cap - 1);
    for (; r->e[j].s; j = (j + 1) & (r->cap - 1))
        if (r->e[j].len == len && memcmp(r->e[j].s, s, len) == 0) {
            *first = r->e[j].info;
            return 0;
        }
    r->e[j].s = malloc(len + 1);
    assert_non_null(r->e[j].s);
    memcpy(r->e[j].s, s, len);
    r->e[j].len = len;
    r->e[j].info = info;
    r->count++;
    return 1;
}

static void ref_free(Ref *r)
{
    for (size_t i = 0; i < r->cap; i++)
        free(r->e[i].s);
    free(r->e);
    *r = (Ref){ 0 };
}

/* ---- random ids ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 2685821657736338717u;
}

static const char *const thai[] = {
    "ก", "ข", "ค", "ง", "จ", "ส", "ห", "อ", "ั", "ิ", "ี", "่", "้", "็", "์", "ๆ", "๑", "๒", "เ", "แ",
};

/* An id of one of several shapes, into buf (at least 8 KiB); its length.
 * The shapes are narrow enough that fresh ids repeat old ones. */
static size_t random_id(char *buf)
{
    uint64_t r = rnd();
    switch (r % 8) {
    case 0: case 1: case 2:   /* like the real ones */
        return (size_t)sprintf(buf, "PS-2558-%07u", (unsigned)(rnd() % 200000));
    case 3: {                 /* short, from a small alphabet with NUL and 0xff: prefixes galore */
        size_t len = (size_t)(rnd() % 7);
        for (size_t i = 0; i < len; i++)
            buf[i] = "ab\0\xff"[rnd() % 4];
        return len;
    }
    case 4: {                 /* Thai */
        size_t len = 0, n = 1 + (size_t)(rnd() % 4);
        for (size_t i = 0; i < n; i++) {
            const char *t = thai[rnd() % (sizeof thai / sizeof *thai)];
            memcpy(buf + len, t, strlen(t));
            len += strlen(t);
        }
        return len;
    }
    case 5: {                 /* random bytes, up to 40 */
        size_t len = (size_t)(rnd() % 41);
        for (size_t i = 0; i < len; i++)
            buf[i] = (char)(rnd() & 0xff);
        return len;
    }
    case 6:                   /* agency-like, with a sequence number */
        return (size_t)sprintf(buf, "กรม-%u/%u", (unsigned)(rnd() % 300), (unsigned)(rnd() % 50));
    default: {                /* long: up to 8000 bytes, differing only at the end */
        size_t len = 100 + (size_t)(rnd() % 7900);
        memset(buf, 'x', len);
        buf[len - 1] = (char)('0' + rnd() % 10);
        return len;
    }
    }
}

/* `ops` adds against the reference: fresh random ids, and repeats of ids
 * added before.  Returns how many answers differed (0 expected). */
static long compare_with_reference(const IdSetConfig *cfg, long ops, uint64_t seed)
{
    IdSet *s = idset_new(cfg);
    assert_non_null(s);
    Ref ref = { 0 };
    rng_state = seed;
    char *buf = malloc(8192);
    /* Ids added so far, to repeat: (offset, length) into a growing pool. */
    size_t pool_cap = 1 << 20, pool_len = 0, nadded = 0;
    char *pool = malloc(pool_cap);
    struct { size_t off, len; } *added = malloc(sizeof *added * (size_t)ops);
    assert_true(buf && pool && added);
    long wrong = 0;
    for (long i = 0; i < ops; i++) {
        const char *id = buf;
        size_t len;
        if (nadded && rnd() % 4 == 0) {
            size_t k = (size_t)(rnd() % nadded);
            id = pool + added[k].off;
            len = added[k].len;
        } else {
            len = random_id(buf);
        }
        uint64_t want = 0, got = 0;
        int rw = ref_add(&ref, id, len, (uint64_t)i, &want);
        int rg = idset_add(s, id, len, (uint64_t)i, &got);
        if (rw != rg || (rw == 0 && want != got)) {
            if (wrong < 5)
                print_error("op %ld: idset says %d (first %llu), reference %d (first %llu)\n", i, rg,
                            (unsigned long long)got, rw, (unsigned long long)want);
            wrong++;
        }
        if (rw == 1 && len < 200) {
            if (pool_len + len > pool_cap) {
                pool_cap *= 2;
                pool = realloc(pool, pool_cap);
                assert_non_null(pool);
            }
            memcpy(pool + pool_len, id, len);
            added[nadded].off = pool_len;
            added[nadded++].len = len;
            pool_len += len;
        }
    }
    IdSetStats st;
    idset_stats(s, &st);
    assert_int_equal(st.count, ref.count);
    assert_null(idset_problem(s));
    idset_free(s);
    ref_free(&ref);
    free(buf);
    free(pool);
    free(added);
    return wrong;
}

/* ---- tests ---- */

static void test_hash(void **state)
{
    (void)state;
    assert_int_equal(idset_hash("PS-2558-001", 11), idset_hash("PS-2558-001", 11));
    assert_int_not_equal(idset_hash("PS-2558-001", 11), idset_hash("PS-2558-002", 11));
    assert_int_not_equal(idset_hash("a", 1), idset_hash("a\0", 2));
    assert_int_not_equal(idset_hash("", 0), idset_hash("\0", 1));
    assert_int_equal(idset_hash(NULL, 0), idset_hash("", 0));
    /* Every length up to 40 reads every byte: change any one, the hash changes. */
    char a[41];
    memset(a, 'q', sizeof a);
    for (size_t len = 1; len <= 40; len++)
        for (size_t i = 0; i < len; i++) {
            uint64_t h = idset_hash(a, len);
            a[i] = 'r';
            assert_int_not_equal(idset_hash(a, len), h);
            a[i] = 'q';
        }
    /* Sequential ids spread over the top bits (home slots, filter blocks)
     * and the low ones: no bucket of 256 is more than twice its share. */
    unsigned top[256] = { 0 }, low[256] = { 0 };
    char id[32];
    for (unsigned long n = 0; n < 256 * 64; n++) {
        size_t len = fmt_id(id, sizeof id, "PS-2558-", n);
        uint64_t h = idset_hash(id, len);
        top[h >> 56]++;
        low[h & 0xff]++;
    }
    for (int i = 0; i < 256; i++) {
        assert_in_range(top[i], 16, 128);
        assert_in_range(low[i], 16, 128);
    }
}

static void test_in_ram(void **state)
{
    (void)state;
    IdSet *s = idset_new(NULL);
    assert_non_null(s);
    ADD_NEW(s, "PS-2558-001", 11, 1);
    ADD_NEW(s, "PS-2558-002", 11, 2);
    add_seen(s, "PS-2558-001", 11, 1);
    add_seen(s, "PS-2558-002", 11, 2);
    add_seen(s, "PS-2558-001", 11, 1);       /* still the first's info */
    ADD_NEW(s, "PS-2558-00", 10, 3);         /* prefixes are other ids */
    ADD_NEW(s, "PS-2558-0011", 12, 4);
    ADD_NEW(s, NULL, 0, 5);                  /* the empty id is an id */
    add_seen(s, "", 0, 5);
    ADD_NEW(s, "a\0b", 3, 6);                /* NUL is a byte like another */
    ADD_NEW(s, "a\0c", 3, 7);
    add_seen(s, "a\0b", 3, 6);
    assert_int_equal(idset_add(s, "x", 1, 8, NULL), 1);
    assert_int_equal(idset_add(s, "x", 1, 9, NULL), 0);   /* first may be NULL */
    /* A thousand more, still in RAM: the table grows. */
    char id[32];
    for (unsigned long n = 0; n < 1000; n++)
        ADD_NEW(s, id, fmt_id(id, sizeof id, "PG-", n), 100 + n);
    for (unsigned long n = 0; n < 1000; n++)
        add_seen(s, id, fmt_id(id, sizeof id, "PG-", n), 100 + n);
    IdSetStats st;
    idset_stats(s, &st);
    assert_int_equal(st.count, 1008);
    assert_int_equal(st.in_ram, 1008);
    assert_int_equal(st.spills, 0);
    assert_int_equal(st.runs, 0);
    assert_null(idset_problem(s));
    idset_free(s);
    idset_free(NULL);
}

/* Spills, merges, the index thinned out, lookups in every run. */
static void test_spills_and_merges(void **state)
{
    (void)state;
    make_tmpdir();
    int fds = open_fds();
    IdSetConfig cfg = tiny(4, 1 << 20, 1 << 12, 256);
    IdSet *s = idset_new(&cfg);
    assert_non_null(s);
    char id[32];
    const unsigned long n = 4 * 1000 + 3;
    for (unsigned long i = 0; i < n; i++) {
        ADD_NEW(s, id, fmt_id(id, sizeof id, "PS-2558-", i), i);
        if (i % 97 == 0)   /* a few old ones again, on the way */
            add_seen(s, id, fmt_id(id, sizeof id, "PS-2558-", i / 2), i / 2);
    }
    /* Temporary files are unlinked as soon as they are made. */
    assert_int_equal(dir_entries(tmpdir), 0);
    IdSetStats st;
    idset_stats(s, &st);
    assert_int_equal(st.count, n);
    assert_int_equal(st.in_ram, 3);
    assert_int_equal(st.spills, 1000);
    assert_true(st.merges > 100);
    /* 1000 spills of 4: binary counter, popcount(1000) = 6 runs */
    assert_int_equal(st.runs, 6);
    assert_true(st.index_stride > 1);   /* 32 samples for 4000 entries */
    assert_true(st.disk_lookups > 0);
    /* Every id again, from RAM, from each run, found with its own info;
     * and as many new ones, not found. */
    for (unsigned long i = 0; i < n; i++)
        add_seen(s, id, fmt_id(id, sizeof id, "PS-2558-", i), i);
    for (unsigned long i = 0; i < n; i++)
        ADD_NEW(s, id, fmt_id(id, sizeof id, "PS-2559-", i), n + i);
    for (unsigned long i = 0; i < n; i++) {
        add_seen(s, id, fmt_id(id, sizeof id, "PS-2559-", i), n + i);
        add_seen(s, id, fmt_id(id, sizeof id, "PS-2558-", i), i);
    }
    idset_stats(s, &st);
    assert_int_equal(st.count, 2 * n);
    assert_true(st.runs <= 13);          /* log2(8006 / 4) + 1 */
    assert_null(idset_problem(s));
    idset_free(s);
    if (fds >= 0)
        assert_int_equal(open_fds(), fds);   /* every file closed */
    remove_tmpdir();
}

/* A one-block filter is soon all ones: every new id is looked up on disk
 * and not found there, and the answers stay exact. */
static void test_filter_false_positives(void **state)
{
    (void)state;
    make_tmpdir();
    IdSetConfig cfg = tiny(8, 1 << 20, 64, 64);
    IdSet *s = idset_new(&cfg);
    assert_non_null(s);
    char id[32];
    for (unsigned long i = 0; i < 3000; i++)
        ADD_NEW(s, id, fmt_id(id, sizeof id, "A-", i), i);
    IdSetStats st;
    idset_stats(s, &st);
    assert_true(st.disk_misses > 2000);
    assert_int_equal(st.disk_misses, st.disk_lookups);
    assert_true(st.preads > 2000);
    for (unsigned long i = 0; i < 3000; i += 7)
        add_seen(s, id, fmt_id(id, sizeof id, "A-", i), i);
    idset_free(s);
    remove_tmpdir();
}

/* With a roomy filter a new id almost never goes to disk. */
static void test_filter_keeps_new_ids_off_disk(void **state)
{
    (void)state;
    make_tmpdir();
    IdSetConfig cfg = tiny(64, 1 << 20, 1 << 16, 1 << 12);
    IdSet *s = idset_new(&cfg);
    char id[32];
    for (unsigned long i = 0; i < 20000; i++)
        ADD_NEW(s, id, fmt_id(id, sizeof id, "B-", i), i);
    IdSetStats st;
    idset_stats(s, &st);
    assert_true(st.spills >= 300);
    assert_true(st.disk_lookups < 20);
    idset_free(s);
    remove_tmpdir();
}

/* Different ids with the same 64-bit hash, in RAM and on disk, in runs of
 * hundreds of equal hashes (more than one read of a lookup). */
static void check_collisions(uint64_t (*hash)(const char *, size_t), unsigned long n)
{
    make_tmpdir();
    IdSetConfig cfg = tiny(7, 1 << 20, 64, 64);
    cfg.hash = hash;
    IdSet *s = idset_new(&cfg);
    assert_non_null(s);
    char id[32];
    for (unsigned long i = 0; i < n; i++) {
        ADD_NEW(s, id, fmt_id(id, sizeof id, "C-", i), i);
        if (i % 50 == 0)
            add_seen(s, id, fmt_id(id, sizeof id, "C-", i / 3), i / 3);
    }
    for (unsigned long i = 0; i < n; i++)
        add_seen(s, id, fmt_id(id, sizeof id, "C-", i), i);
    for (unsigned long i = 0; i < 50; i++)
        ADD_NEW(s, id, fmt_id(id, sizeof id, "D-", i), n + i);
    IdSetStats st;
    idset_stats(s, &st);
    assert_int_equal(st.count, n + 50);
    assert_true(st.merges > 10);
    assert_true(st.disk_lookups > n);
    assert_null(idset_problem(s));
    idset_free(s);
    remove_tmpdir();
}

static void test_colliding_hashes(void **state)
{
    (void)state;
    check_collisions(hash3, 1200);   /* 400 a value: past one 256-entry read */
    check_collisions(hash1, 400);
    check_collisions(hash12, 3000);
}

/* Ids that are prefixes of one another, with a hash that sees only the
 * first byte, so that only the lengths and bytes tell them apart. */
static void test_prefixes(void **state)
{
    (void)state;
    for (int pass = 0; pass < 2; pass++) {
        make_tmpdir();
        IdSetConfig cfg = tiny(3, 16, 64, 64);
        cfg.hash = pass ? hash_first_byte : NULL;
        IdSet *s = idset_new(&cfg);
        static const char text[] = "PS-2558-0000001-ก";
        size_t n = sizeof text - 1;
        for (size_t len = 0; len <= n; len++)
            ADD_NEW(s, text, len, len);
        for (size_t len = n + 1; len-- > 0;)
            add_seen(s, text, len, len);
        /* and the same bytes with one more at the end */
        char longer[sizeof text + 1];
        memcpy(longer, text, n);
        longer[n] = '\0';
        ADD_NEW(s, longer, n + 1, 100);
        add_seen(s, longer, n + 1, 100);
        add_seen(s, text, n, n);
        IdSetStats st;
        idset_stats(s, &st);
        assert_true(st.spills > 3);
        idset_free(s);
        remove_tmpdir();
    }
}

/* 1 MiB ids differing only in their last byte, or only in their first,
 * each one larger than ram_bytes and than a lookup's read buffer. */
static void test_long_ids(void **state)
{
    (void)state;
    make_tmpdir();
    const size_t big = (size_t)1 << 20;
    char *a = malloc(big + 1);
    assert_non_null(a);
    for (int pass = 0; pass < 2; pass++) {
        IdSetConfig cfg = tiny(4, 1000, 64, 64);
        cfg.hash = pass ? hash1 : NULL;
        IdSet *s = idset_new(&cfg);
        for (size_t i = 0; i <= big; i++)
            a[i] = (char)('a' + i % 26);
        for (int c = 0; c < 6; c++) {
            a[big - 1] = (char)('0' + c);
            ADD_NEW(s, a, big, (uint64_t)c);
            ADD_NEW(s, "short-id-xyz", 5 + (size_t)c, 10 + (uint64_t)c);
        }
        a[big - 1] = '0';
        for (int c = 0; c < 6; c++) {
            a[0] = (char)('A' + c);
            ADD_NEW(s, a, big, 20 + (uint64_t)c);
        }
        a[0] = 'a';
        for (int c = 0; c < 6; c++) {
            a[big - 1] = (char)('0' + c);
            add_seen(s, a, big, (uint64_t)c);
        }
        a[big - 1] = '0';
        for (int c = 0; c < 6; c++) {
            a[0] = (char)('A' + c);
            add_seen(s, a, big, 20 + (uint64_t)c);
        }
        a[0] = 'a';
        ADD_NEW(s, a, big - 1, 30);           /* a prefix of them all */
        ADD_NEW(s, a, big + 1, 31);           /* one byte longer */
        add_seen(s, a, big - 1, 30);
        add_seen(s, a, big + 1, 31);
        add_seen(s, "short-id-xyz", 5, 10);
        add_seen(s, "short-id-xyz", 10, 15);
        IdSetStats st;
        idset_stats(s, &st);
        assert_true(st.spills >= 12);
        /* Tier 0 let the long id go with the spill. */
        assert_true(st.ram_bytes < (size_t)1 << 21);
        idset_free(s);
    }
    free(a);
    remove_tmpdir();
}

/* Lengths on either side of where their LEB128 form grows a byte, all
 * with one hash, so that only the records on disk tell them apart. */
static void test_length_encodings(void **state)
{
    (void)state;
    make_tmpdir();
    static const size_t lens[] = { 0, 1, 127, 128, 129, 255, 256, 16383, 16384, 16385, 300000 };
    size_t n = sizeof lens / sizeof *lens;
    char *x = malloc(300000);
    assert_non_null(x);
    memset(x, 'x', 300000);
    IdSetConfig cfg = tiny(2, 1 << 20, 64, 64);
    cfg.hash = hash1;
    IdSet *s = idset_new(&cfg);
    for (size_t i = 0; i < n; i++)
        ADD_NEW(s, x, lens[i], i);
    for (size_t i = 0; i < n; i++)
        add_seen(s, x, lens[i], i);
    static const size_t others[] = { 2, 126, 130, 254, 257, 16382, 16386, 299999 };
    for (size_t i = 0; i < sizeof others / sizeof *others; i++)
        ADD_NEW(s, x, others[i], 100 + i);
    for (size_t i = 0; i < n; i++)
        add_seen(s, x, lens[i], i);
    IdSetStats st;
    idset_stats(s, &st);
    assert_true(st.spills >= 5);
    idset_free(s);
    free(x);
    remove_tmpdir();
}

static void test_thai_ids(void **state)
{
    (void)state;
    make_tmpdir();
    static const char *const ids[] = {
        "กรมการปกครอง-2558-001", "กรมการปกครอง-2558-002", "กรมการปกครอง-2558-0011",
        "สำนักงาน ก.พ.ร.", "สํานักงาน ก.พ.ร.",      /* SARA AM, and NIKHAHIT + SARA AA */
        "ก่อน", "ก้อน", "กอน", "ก", "",                 /* tone marks */
        "๑๒๓", "123", "รางวัลเลิศรัฐ", "รางวัลเลิศรัฐ ",
    };
    size_t n = sizeof ids / sizeof *ids;
    IdSetConfig cfg = tiny(2, 64, 64, 64);
    IdSet *s = idset_new(&cfg);
    for (size_t i = 0; i < n; i++)
        ADD_NEW(s, ids[i], strlen(ids[i]), i);
    for (size_t i = 0; i < n; i++)
        add_seen(s, ids[i], strlen(ids[i]), i);
    idset_free(s);
    remove_tmpdir();
}

/* One id again and again, between others: always its first info. */
static void test_repeats(void **state)
{
    (void)state;
    make_tmpdir();
    IdSetConfig cfg = tiny(5, 1 << 20, 128, 64);
    IdSet *s = idset_new(&cfg);
    ADD_NEW(s, "PS-2558-007", 11, 7);
    char id[32];
    for (unsigned long i = 0; i < 5000; i++) {
        add_seen(s, "PS-2558-007", 11, 7);
        ADD_NEW(s, id, fmt_id(id, sizeof id, "R-", i), 100 + i);
        add_seen(s, id, fmt_id(id, sizeof id, "R-", i), 100 + i);
    }
    IdSetStats st;
    idset_stats(s, &st);
    assert_int_equal(st.count, 5001);
    assert_true(st.disk_lookups >= 4990);   /* the old one is found on disk */
    idset_free(s);
    remove_tmpdir();
}

/* About 200 000 operations against the reference set, several configurations. */
static void test_random_against_reference(void **state)
{
    (void)state;
    make_tmpdir();
    IdSetConfig a = tiny(4, 64, 64, 64);
    IdSetConfig b = tiny(16, 4096, 1024, 256);
    b.hash = hash12;
    IdSetConfig c = tiny(64, 1 << 20, 8192, 4096);
    IdSetConfig d = tiny(1000, 0, 0, 0);
    IdSetConfig e = tiny(7, 1 << 10, 64, 64);
    e.hash = hash3;
    assert_int_equal(compare_with_reference(&a, 60000, 1), 0);
    assert_int_equal(compare_with_reference(&b, 30000, 2), 0);
    assert_int_equal(compare_with_reference(&c, 60000, 3), 0);
    assert_int_equal(compare_with_reference(&d, 50000, 4), 0);
    assert_int_equal(compare_with_reference(&e, 2500, 5), 0);
    remove_tmpdir();
}

/* No temporary file can be made: everything stays in RAM, exactly. */
static void test_no_tmpdir(void **state)
{
    (void)state;
    IdSetConfig cfg = { .ram_entries = 4, .ram_bytes = 64, .filter_bytes = 64, .index_bytes = 64,
                        .tmpdir = "/nonexistent/award-test" };
    IdSet *s = idset_new(&cfg);
    assert_non_null(s);
    char id[32];
    for (unsigned long i = 0; i < 2000; i++)
        ADD_NEW(s, id, fmt_id(id, sizeof id, "N-", i), i);
    for (unsigned long i = 0; i < 2000; i++)
        add_seen(s, id, fmt_id(id, sizeof id, "N-", i), i);
    const char *why = idset_problem(s);
    assert_non_null(why);
    assert_string_equal(why, "cannot create a temporary file in /nonexistent/award-test: "
                             "No such file or directory");
    IdSetStats st;
    idset_stats(s, &st);
    assert_int_equal(st.in_ram, 2000);
    assert_int_equal(st.runs, 0);
    idset_free(s);
}

/* The disk fills up after some spills (a file size limit stands in for
 * it): the runs already written are still searched, new ids stay in RAM. */
static void test_disk_full_later(void **state)
{
    (void)state;
    make_tmpdir();
    struct rlimit old, lim;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    lim = old;
    lim.rlim_cur = 256 << 10;
    void (*oldsig)(int) = signal(SIGXFSZ, SIG_IGN);
    IdSetConfig cfg = tiny(256, 1 << 20, 1 << 12, 1 << 10);
    IdSet *s = idset_new(&cfg);
    char id[64];
    long wrong = 0;
    const unsigned long n = 20000;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    for (unsigned long i = 0; i < n; i++)
        wrong += idset_add(s, id, fmt_id(id, sizeof id, "PS-2558-full-", i), i, NULL) != 1;
    for (unsigned long i = 0; i < n; i++) {
        uint64_t first = 0;
        wrong += idset_add(s, id, fmt_id(id, sizeof id, "PS-2558-full-", i), 0, &first) != 0;
        wrong += first != i;
    }
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, oldsig);
    assert_int_equal(wrong, 0);
    const char *why = idset_problem(s);
    assert_non_null(why);
    char want[128];
    snprintf(want, sizeof want, "cannot write a temporary file in %s: File too large", tmpdir);
    assert_string_equal(why, want);
    IdSetStats st;
    idset_stats(s, &st);
    assert_true(st.runs > 0);          /* some spills worked ... */
    assert_true(st.in_ram > 5000);     /* ... then tier 0 grew */
    assert_int_equal(st.count, n);
    idset_free(s);
    remove_tmpdir();
}

/* Every allocation in turn fails once: idset_new gives NULL, or idset_add
 * -1 with the set unchanged; the answers stay exact and nothing leaks. */
static void test_allocation_failures(void **state)
{
    (void)state;
    make_tmpdir();
    char id[32];
    int failures = 0;
    for (long n = 1; n <= 60; n++) {
        long before = mem_live_blocks();
        mem_fail_after(n);
        IdSetConfig cfg = tiny(4, 64, 64, 64);
        IdSet *s = idset_new(&cfg);
        if (!s) {
            mem_fail_after(0);
            assert_int_equal(mem_live_blocks(), before);
            failures++;
            continue;
        }
        Ref ref = { 0 };
        for (unsigned long i = 0; i < 300; i++) {
            size_t len = fmt_id(id, sizeof id, "M-", i % 200);
            uint64_t want = 0, got = 0;
            int rg = idset_add(s, id, len, i, &got);
            if (rg < 0) {
                failures++;
                continue;   /* not added: the reference does not get it either */
            }
            int rw = ref_add(&ref, id, len, i, &want);
            assert_int_equal(rg, rw);
            if (rw == 0)
                assert_int_equal(got, want);
        }
        mem_fail_after(0);
        IdSetStats st;
        idset_stats(s, &st);
        assert_int_equal(st.count, ref.count);
        ref_free(&ref);
        idset_free(s);
        assert_int_equal(mem_live_blocks(), before);
    }
    /* (A failed merge or index shrink is not a failure: it is tried again.) */
    assert_true(failures >= 30);
    remove_tmpdir();
}

int main(void)
{
    (void)render;   /* support.h's, for tests of messages */
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, start_test, end_idset_test)
        T(test_hash),
        T(test_in_ram),
        T(test_spills_and_merges),
        T(test_filter_false_positives),
        T(test_filter_keeps_new_ids_off_disk),
        T(test_colliding_hashes),
        T(test_prefixes),
        T(test_long_ids),
        T(test_length_encodings),
        T(test_thai_ids),
        T(test_repeats),
        T(test_random_against_reference),
        T(test_no_tmpdir),
        T(test_disk_full_later),
        T(test_allocation_failures),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
