/* idset.c -- the exact set of texts of idset.h: tier 0 in RAM, sorted runs
 * on disk, a blocked Bloom filter and a sparse index in front of the runs.
 * See idset.h for the contract and the memory bound. */
#define _FILE_OFFSET_BITS 64  /* 64-bit file offsets on 32-bit systems too */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L  /* as the Makefile gives it; for bench/idset_bench.c */
#endif

#include "idset.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"

#define DEFAULT_RAM_ENTRIES  ((size_t)65536)
#define DEFAULT_RAM_BYTES    ((size_t)4 << 20)
#define DEFAULT_FILTER_BYTES ((size_t)4 << 20)
#define DEFAULT_INDEX_BYTES  ((size_t)1 << 20)

#define IO_BLOCK      ((size_t)128 << 10)  /* the write buffer */
#define SHARED_BLOCK  ((size_t)256 << 10)  /* a merge's readers; a lookup's reads */
#define CHUNK_ENTRIES 256                  /* run entries a lookup reads at once */
#define MAX_MERGE     64                   /* runs merged at once, at most */
#define MAX_SPARE     4                    /* run files kept for reuse */
#define TAIL          16                   /* slots past the last home slot */
#define MIN_SLOTS     64
#define MAX_K         7                    /* filter bits per key */

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* ---- the hash ---- */

#define HASH_SEED 0x2c1e368b7277c519u
#define HASH_M1   0xd9e55b04c4df66bbu
#define HASH_M2   0xdb16beb4260693a1u
#define HASH_M3   0xdbecdf60a0a0910du
#define HASH_M4   0x59b32cce7f796463u

static uint64_t load64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static uint64_t rotl64(uint64_t x, unsigned r) { return x << r | x >> (64 - r); }

/* Each 8-byte word: xor, multiply by an odd constant, rotate -- a bijection
 * of the state for a given word and of the word for a given state.  The
 * length goes in first (so "a" and "a\0" differ), the last 1..8 bytes are
 * read as one word (overlapping the previous one when len > 8), and a
 * xorshift-multiply finaliser spreads every input bit over all 64. */
uint64_t idset_hash(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    uint64_t h = HASH_SEED ^ ((uint64_t)len * HASH_M1);
    size_t n = len;
    while (n > 8) {
        h = rotl64((h ^ load64(p)) * HASH_M1, 29);
        p += 8;
        n -= 8;
    }
    uint64_t w = 0;
    if (len >= 8)
        w = load64(p + n - 8);
    else if (n)
        memcpy(&w, p, n);
    h = (h ^ w) * HASH_M2;
    h ^= h >> 32;
    h *= HASH_M3;
    h ^= h >> 29;
    h *= HASH_M4;
    h ^= h >> 32;
    return h;
}

/* ---- the structures ---- */

/* A tier-0 slot.  The occupied slots, read left to right, are sorted by
 * hash, and each is at or after its home slot with no empty slot between:
 * ordered linear probing without wrap-around (TAIL slots, grown when needed,
 * follow the last home slot).  So a spill writes the table out in order.
 * Slots are small, so that the table stays in the CPU's cache: the hash's
 * top 32 bits (which pick the home slot) and the entry; the order among
 * equal tops is that of the entries' full hashes. */
typedef struct Slot {
    uint32_t top;          /* hash >> 32 */
    uint32_t entry;        /* index + 1 into s->entries; 0: empty */
} Slot;

/* Tier-0 texts in the order they were added.  s->bytes holds their
 * records back to back, exactly as the record file will: the info (8 bytes,
 * native order), the length (LEB128, 1 byte below 128) and the text.  A
 * spill writes it out in one piece. */
typedef struct Entry {
    uint64_t hash;
    size_t rec, len;       /* the text's record in s->bytes; the text's length */
} Entry;

#define HEAD_MAX 18        /* info and the longest LEB128 length */

static size_t put_len(unsigned char *p, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (unsigned char)v;
    return n;
}

/* Bytes of a record's head: 8 for the info and the length's. */
static size_t head_size(uint64_t len)
{
    size_t n = 9;
    while (len >= 0x80) {
        len >>= 7;
        n++;
    }
    return n;
}

/* An entry of a run on disk; runs are sorted by hash. */
typedef struct DiskEntry {
    uint64_t hash;
    uint64_t rec;          /* offset of the record (info, len, bytes) */
} DiskEntry;

typedef struct Run {
    int fd;
    uint64_t fsize;        /* bytes in the file: n * 16, or more (a reused file) */
    uint64_t n;            /* entries */
    uint64_t stride;       /* entries per index sample, a power of two */
    uint64_t *idx;         /* idx[j]: hash of entry j * stride */
    size_t nidx;           /* ceil(n / stride) */
} Run;

struct IdSet {
    size_t ram_entries, ram_bytes, filter_bytes, index_samples;
    uint64_t (*hash)(const char *s, size_t len);
    char *tmpdir;
    char *tmpl, *path;     /* "DIR/award-ids-XXXXXX", and mkstemp's copy */

    /* tier 0 */
    Slot *slots;
    size_t nslots;         /* home slots */
    size_t nalloc;         /* slots allocated: nslots + tail */
    size_t max_slots;      /* nslots that holds ram_entries at load 3/4 */
    Entry *entries;
    size_t count, capentries;
    char *bytes;
    size_t nbytes, capbytes;

    /* disk */
    bool ram_only;         /* disk trouble: tier 0 grows from now on */
    bool has_problem;
    char problem[400];
    bool disk_ready;       /* buffers, filter and record file made */
    int recfd;             /* the records, append-only; -1: none yet */
    uint64_t recsize;
    Run *runs;             /* oldest (largest) first */
    size_t nruns, capruns;
    uint64_t stride;       /* index stride for new runs */
    int spare_fd[MAX_SPARE];  /* files of merged runs, to be overwritten: */
    uint64_t spare_size[MAX_SPARE];  /* cheaper than new ones for the kernel */
    size_t nspare;
    uint64_t spilled;      /* texts in the runs */

    /* the filter: nblocks blocks of 8 words, k bits per key; a small one
     * (32 bits a key, in the CPU's cache) while one tier 0 of ids is on
     * disk, then max_blocks */
    size_t max_blocks;
    void *filter_mem;
    uint64_t *filter;
    size_t nblocks;
    unsigned k;

    unsigned char *wbuf;     /* IO_BLOCK */
    unsigned char *shared;   /* SHARED_BLOCK */

    IdSetStats st;
};

static bool occupied(const Slot *e) { return e->entry != 0; }

/* ---- disk trouble ---- */

/* Remember the first trouble, and keep everything in RAM from now on. */
static void trouble(IdSet *s, const char *what, int err)
{
    s->ram_only = true;
    if (s->has_problem)
        return;
    s->has_problem = true;
    snprintf(s->problem, sizeof s->problem, "cannot %s a temporary file in %s: %s",
             what, s->tmpdir, strerror(err ? err : EIO));
}

static int pwrite_all(int fd, const void *buf, size_t n, uint64_t off)
{
    const unsigned char *p = buf;
    while (n) {
        ssize_t w = pwrite(fd, p, n, (off_t)off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (w == 0) {
            errno = ENOSPC;
            return -1;
        }
        p += w;
        n -= (size_t)w;
        off += (uint64_t)w;
    }
    return 0;
}

/* Exactly n bytes at off; a short file is an error (EIO). */
static int pread_all(int fd, void *buf, size_t n, uint64_t off)
{
    unsigned char *p = buf;
    while (n) {
        ssize_t r = pread(fd, p, n, (off_t)off);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0) {
            errno = EIO;
            return -1;
        }
        p += r;
        n -= (size_t)r;
        off += (uint64_t)r;
    }
    return 0;
}

/* A new temporary file, already unlinked; -1 with errno on failure. */
static int make_temp(IdSet *s)
{
    strcpy(s->path, s->tmpl);
    int fd = mkstemp(s->path);
    if (fd < 0)
        return -1;
    if (unlink(s->path) != 0) {
        int err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    return fd;
}

/* Buffered sequential writing at a file offset. */
typedef struct Writer {
    int fd;
    uint64_t off;          /* file offset of buf[0] */
    unsigned char *buf;
    size_t len, cap;
    int err;               /* errno of the first failure, 0 */
} Writer;

static void w_flush(Writer *w)
{
    if (!w->err && w->len && pwrite_all(w->fd, w->buf, w->len, w->off) != 0)
        w->err = errno ? errno : EIO;
    w->off += w->len;
    w->len = 0;
}

static void w_put_slow(Writer *w, const void *p, size_t n)
{
    w_flush(w);
    if (n >= w->cap) {
        if (!w->err && pwrite_all(w->fd, p, n, w->off) != 0)
            w->err = errno ? errno : EIO;
        w->off += n;
        return;
    }
    memcpy(w->buf, p, n);
    w->len = n;
}

static inline void w_put(Writer *w, const void *p, size_t n)
{
    if (n <= w->cap - w->len) {
        memcpy(w->buf + w->len, p, n);
        w->len += n;
    } else {
        w_put_slow(w, p, n);
    }
}

/* Buffered sequential reading of a run's entries. */
typedef struct Reader {
    const IdSet *t0;       /* not NULL: reads tier 0 in slot order instead */
    size_t slot;           /* ... the next slot */
    uint64_t base;         /* ... where its records start in the record file */
    int fd;
    uint64_t pos, end;     /* byte offsets: next to read, end of the run */
    unsigned char *buf;
    size_t cap, len, at;
    int err;
    DiskEntry head;        /* the current entry, when live */
    bool live;
} Reader;

static bool r_refill(Reader *r)
{
    r->live = false;
    if (r->err || r->pos >= r->end)
        return false;
    size_t want = r->end - r->pos < r->cap ? (size_t)(r->end - r->pos) : r->cap;
    if (pread_all(r->fd, r->buf, want, r->pos) != 0) {
        r->err = errno ? errno : EIO;
        return false;
    }
    r->pos += want;
    r->len = want;
    r->at = 0;
    return true;
}

static bool t0_next(Reader *r);

/* The next entry into r->head; false at the end (or on a read error). */
static bool r_next(Reader *r)
{
    if (r->t0)
        return t0_next(r);
    if (r->at == r->len && !r_refill(r))
        return false;
    memcpy(&r->head, r->buf + r->at, sizeof r->head);
    r->at += sizeof r->head;
    r->live = true;
    return true;
}

static void r_start(Reader *r, const Run *run, unsigned char *buf, size_t cap)
{
    *r = (Reader){ .fd = run->fd, .end = run->n * sizeof(DiskEntry), .buf = buf, .cap = cap };
    r_next(r);
}

/* ---- the filter ---- */

static uint64_t filter_mix(uint64_t h)
{
    h ^= h >> 31;
    h *= HASH_M3;
    h ^= h >> 30;
    return h;
}

/* The block from the hash's top 32 bits; k bit positions of 9 bits each
 * from a remix of the hash, anywhere in the block's 512 bits. */
static uint64_t *filter_block(const IdSet *s, uint64_t h)
{
    size_t b = (size_t)(((h >> 32) * (uint64_t)s->nblocks) >> 32);
    return s->filter + b * 8;
}

static void filter_add(IdSet *s, uint64_t h)
{
    uint64_t *b = filter_block(s, h);
    uint64_t g = filter_mix(h);
    for (unsigned i = 0; i < s->k; i++, g >>= 9)
        b[(g >> 6) & 7] |= (uint64_t)1 << (g & 63);
}

static bool filter_test(const IdSet *s, uint64_t h)
{
    const uint64_t *b = filter_block(s, h);
    uint64_t g = filter_mix(h);
    for (unsigned i = 0; i < s->k; i++, g >>= 9)
        if (!(b[(g >> 6) & 7] & (uint64_t)1 << (g & 63)))
            return false;
    return true;
}

/* Bits set per key for n keys in nblocks: 7 down to 8 bits per key, then
 * 3, then 1 below 2.5 -- within 3% of the best k all along (the best is
 * about 0.6 times the bits per key), with at most two rebuilds. */
static unsigned filter_k(size_t nblocks, uint64_t n)
{
    double bits = (double)nblocks * 512.0;
    return bits >= 8.0 * (double)n ? MAX_K : bits >= 2.5 * (double)n ? 3 : 1;
}

/* Blocks for n keys: 32 bits each, a power of two, at most max_blocks;
 * past one tier 0 of keys, the whole filter at once (rebuilding it as the
 * keys double would cost more than it saves). */
static size_t filter_blocks(const IdSet *s, uint64_t n)
{
    if (n > s->ram_entries)
        return s->max_blocks;
    size_t b = 1;
    while (b < s->max_blocks && (uint64_t)b * 16 < n)
        b *= 2;
    return b < s->max_blocks ? b : s->max_blocks;
}

/* A zeroed filter of nblocks, one block per cache line; -1 out of memory. */
static int filter_alloc(IdSet *s, size_t nblocks)
{
    void *mem = mem_calloc(1, nblocks * 64 + 63);
    if (!mem)
        return -1;
    mem_free(s->filter_mem);
    s->filter_mem = mem;
    uintptr_t a = ((uintptr_t)mem + 63) & ~(uintptr_t)63;
    s->filter = (uint64_t *)(void *)((unsigned char *)mem + (a - (uintptr_t)mem));
    s->nblocks = nblocks;
    return 0;
}

/* After a spill: the whole filter once more than one tier 0 of ids is on
 * disk, fewer bits per key once it is crowded -- rebuilt from the runs (a
 * few times over the life of the set).  Without the memory for the bigger
 * one the filter stays as it is.  A failed read leaves every bit set,
 * which only means "look on disk" for everything. */
static void filter_grow(IdSet *s)
{
    size_t nblocks = filter_blocks(s, s->spilled);
    unsigned k = filter_k(nblocks, s->spilled);
    if (nblocks <= s->nblocks && k >= s->k)
        return;
    if (nblocks > s->nblocks) {
        if (filter_alloc(s, nblocks) != 0)
            return;
    } else {
        memset(s->filter, 0, s->nblocks * 64);
    }
    s->k = k;
    for (size_t i = 0; i < s->nruns; i++) {
        Reader r;
        r_start(&r, &s->runs[i], s->shared, SHARED_BLOCK);
        for (; r.live; r_next(&r))
            filter_add(s, r.head.hash);
        if (r.err) {
            memset(s->filter, 0xff, s->nblocks * 64);
            trouble(s, "read", r.err);
            return;
        }
    }
}

/* ---- tier 0 ---- */

static size_t home_slot(size_t nslots, uint32_t top)
{
    return (size_t)(((uint64_t)top * (uint64_t)nslots) >> 32);
}

/* The slot holding the text (*found) or where it would go. */
static size_t t0_find(const IdSet *s, uint64_t h, const char *id, size_t len, bool *found)
{
    const Slot *t = s->slots;
    uint32_t top = (uint32_t)(h >> 32);
    size_t j = home_slot(s->nslots, top);
    for (; j < s->nalloc && occupied(&t[j]); j++) {
        if (t[j].top != top) {
            if (t[j].top > top)
                break;
            continue;
        }
        const Entry *e = &s->entries[t[j].entry - 1];
        if (e->hash != h) {
            if (e->hash > h)
                break;
            continue;
        }
        if (e->len == len && (len == 0 || memcmp(s->bytes + e->rec + head_size(len), id, len) == 0)) {
            *found = true;
            return j;
        }
    }
    *found = false;
    return j;
}

static Slot *new_slots(size_t n) { return mem_calloc(n, sizeof(Slot)); }

/* More tail slots after the last home slot; -1 out of memory. */
static int t0_grow_tail(Slot **t, size_t *nalloc, size_t nslots, size_t need)
{
    size_t n = *nalloc + (*nalloc - nslots > TAIL ? *nalloc - nslots : TAIL);
    if (n < need)
        n = need;
    Slot *g = mem_realloc(*t, n * sizeof *g);
    if (!g)
        return -1;
    memset(g + *nalloc, 0, (n - *nalloc) * sizeof *g);
    *t = g;
    *nalloc = n;
    return 0;
}

/* Rebuild tier 0 with nslots home slots; -1 out of memory (unchanged).
 * The old table is in hash order, so each entry goes at its home or just
 * after the previous one. */
static int t0_resize(IdSet *s, size_t nslots)
{
    size_t nalloc = nslots + TAIL;
    Slot *t = new_slots(nalloc);
    if (!t)
        return -1;
    size_t next = 0;
    for (size_t j = 0; j < s->nalloc; j++) {
        if (!occupied(&s->slots[j]))
            continue;
        size_t pos = home_slot(nslots, s->slots[j].top);
        if (pos < next)
            pos = next;
        if (pos >= nalloc && t0_grow_tail(&t, &nalloc, nslots, pos + 1) != 0) {
            mem_free(t);
            return -1;
        }
        t[pos] = s->slots[j];
        next = pos + 1;
    }
    mem_free(s->slots);
    s->slots = t;
    s->nslots = nslots;
    s->nalloc = nalloc;
    return 0;
}

/* Tier 0 forgets everything (it is on disk now). */
static void t0_clear(IdSet *s)
{
    memset(s->slots, 0, s->nalloc * sizeof *s->slots);
    s->count = 0;
    s->nbytes = 0;
    if (s->capbytes > s->ram_bytes) {  /* a text longer than ram_bytes was here */
        mem_free(s->bytes);
        s->bytes = NULL;
        s->capbytes = 0;
    }
}

/* Tier 0 as a source of run entries, in hash order. */
static bool t0_next(Reader *r)
{
    const IdSet *s = r->t0;
    enum { AHEAD = 16 };
    for (; r->slot < s->nalloc; r->slot++) {
        const Slot *t = &s->slots[r->slot];
        if (r->slot + AHEAD < s->nalloc && occupied(&t[AHEAD]))
            PREFETCH(&s->entries[t[AHEAD].entry - 1]);
        if (!occupied(t))
            continue;
        const Entry *e = &s->entries[t->entry - 1];
        r->head = (DiskEntry){ e->hash, r->base + e->rec };
        r->slot++;
        r->live = true;
        return true;
    }
    r->live = false;
    return false;
}

/* ---- runs ---- */

/* A file for a run of `bytes`: a spare one (the smallest that is big
 * enough, else the largest), or a new one.  -1 with errno. */
static int run_file(IdSet *s, uint64_t bytes, uint64_t *fsize)
{
    size_t best = MAX_SPARE;
    for (size_t i = 0; i < s->nspare; i++) {
        bool fits = s->spare_size[i] >= bytes;
        if (best == MAX_SPARE ||
            (fits && (s->spare_size[best] < bytes || s->spare_size[i] < s->spare_size[best])) ||
            (!fits && s->spare_size[best] < bytes && s->spare_size[i] > s->spare_size[best]))
            best = i;
    }
    if (best == MAX_SPARE) {
        *fsize = 0;
        return make_temp(s);
    }
    int fd = s->spare_fd[best];
    *fsize = s->spare_size[best];
    s->nspare--;
    s->spare_fd[best] = s->spare_fd[s->nspare];
    s->spare_size[best] = s->spare_size[s->nspare];
    return fd;
}

/* A run's file is no longer needed: keep it for reuse, or close it (the
 * smallest goes when there are too many). */
static void run_file_done(IdSet *s, int fd, uint64_t fsize)
{
    if (s->nspare < MAX_SPARE) {
        s->spare_fd[s->nspare] = fd;
        s->spare_size[s->nspare++] = fsize;
        return;
    }
    size_t small = 0;
    for (size_t i = 1; i < MAX_SPARE; i++)
        if (s->spare_size[i] < s->spare_size[small])
            small = i;
    if (s->spare_size[small] < fsize) {
        close(s->spare_fd[small]);
        s->spare_fd[small] = fd;
        s->spare_size[small] = fsize;
    } else {
        close(fd);
    }
}

static void run_close(Run *r)
{
    if (r->fd >= 0)
        close(r->fd);
    mem_free(r->idx);
    r->fd = -1;
    r->idx = NULL;
}

/* Does the record at rec hold this text?  1 yes (*info set), 0 no, -1 a
 * failed read (errno).  LEB128 lengths are prefix-free: the stored length
 * equals len exactly when its bytes start with len's. */
static int record_matches(IdSet *s, uint64_t rec, const char *id, size_t len, uint64_t *info)
{
    unsigned char *buf = s->shared + CHUNK_ENTRIES * sizeof(DiskEntry);
    size_t cap = SHARED_BLOCK - CHUNK_ENTRIES * sizeof(DiskEntry);
    unsigned char head[HEAD_MAX];
    size_t hs = 8 + put_len(head + 8, len);
    if (rec > s->recsize || s->recsize - rec < 9) {
        errno = EIO;
        return -1;
    }
    uint64_t avail = s->recsize - rec;
    size_t want = len < cap - hs ? hs + len : cap;
    if (want > avail)
        want = (size_t)avail;
    s->st.preads++;
    if (pread_all(s->recfd, buf, want, rec) != 0)
        return -1;
    if (want < hs || memcmp(buf + 8, head + 8, hs - 8) != 0) {
        if (memcmp(buf + 8, head + 8, want < hs ? want - 8 : hs - 8) != 0)
            return 0;        /* another length */
        errno = EIO;         /* the right length, cut short */
        return -1;
    }
    if (avail - hs < len) {
        errno = EIO;
        return -1;
    }
    uint64_t stored;
    memcpy(&stored, buf, 8);
    /* The first piece came with the head; then piece by piece. */
    size_t done = want - hs;
    if (done && memcmp(buf + hs, id, done) != 0)
        return 0;
    while (done < len) {
        size_t n = len - done < cap ? len - done : cap;
        s->st.preads++;
        if (pread_all(s->recfd, buf, n, rec + hs + done) != 0)
            return -1;
        if (memcmp(buf, id + done, n) != 0)
            return 0;
        done += n;
    }
    *info = stored;
    return 1;
}

/* Look the text up in one run: 1 found, 0 not, -1 a failed read. */
static int run_find(IdSet *s, const Run *r, uint64_t h, const char *id, size_t len,
                    uint64_t *info)
{
    /* lo: first sample >= h; hi: first sample > h.  Entries up to sample
     * lo - 1 are < h, entries from sample hi on are > h. */
    size_t a = 0, b = r->nidx;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (r->idx[m] < h)
            a = m + 1;
        else
            b = m;
    }
    size_t lo = a;
    b = r->nidx;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (r->idx[m] <= h)
            a = m + 1;
        else
            b = m;
    }
    size_t hi = a;
    uint64_t from = lo == 0 ? 0 : (uint64_t)(lo - 1) * r->stride + 1;
    uint64_t to = hi < r->nidx ? (uint64_t)hi * r->stride : r->n;
    DiskEntry *chunk = (DiskEntry *)(void *)s->shared;
    while (from < to) {
        size_t n = to - from < CHUNK_ENTRIES ? (size_t)(to - from) : CHUNK_ENTRIES;
        s->st.preads++;
        if (pread_all(r->fd, chunk, n * sizeof *chunk, from * sizeof *chunk) != 0)
            return -1;
        for (size_t i = 0; i < n; i++) {
            if (chunk[i].hash < h)
                continue;
            if (chunk[i].hash > h)
                return 0;
            /* record_matches reads into the shared block past the chunk. */
            int rc = record_matches(s, chunk[i].rec, id, len, info);
            if (rc != 0)
                return rc;
        }
        from += n;
    }
    return 0;
}

/* Look the text up on disk: 1 found (*info), 0 not. */
static int disk_find(IdSet *s, uint64_t h, const char *id, size_t len, uint64_t *info)
{
    if (s->nruns == 0 || !filter_test(s, h))
        return 0;
    s->st.disk_lookups++;
    /* Largest first: a text on disk is most likely in the oldest run. */
    for (size_t i = 0; i < s->nruns; i++) {
        int rc = run_find(s, &s->runs[i], h, id, len, info);
        if (rc > 0)
            return 1;
        if (rc < 0) {
            /* Nothing better is possible: the text is taken as new. */
            trouble(s, "read", errno);
            return 0;
        }
    }
    s->st.disk_misses++;
    return 0;
}

/* One new run from runs[first ..] and, when with_t0, tier 0 (its records
 * at `base` in the record file); it takes their place.  0 done; 1 disk
 * trouble (remembered), -1 out of memory: then nothing changed. */
static int build_run(IdSet *s, size_t first, bool with_t0, uint64_t base)
{
    size_t k = s->nruns - first + with_t0;
    uint64_t n = with_t0 ? s->count : 0;
    for (size_t i = first; i < s->nruns; i++)
        n += s->runs[i].n;
    size_t nidx = (size_t)((n + s->stride - 1) / s->stride);
    uint64_t *idx = mem_alloc(nidx * sizeof *idx);
    Reader *rd = mem_alloc(k * sizeof *rd);
    if (!idx || !rd) {
        mem_free(idx);
        mem_free(rd);
        return -1;
    }
    uint64_t fsize;
    int fd = run_file(s, n * sizeof(DiskEntry), &fsize);
    if (fd < 0) {
        trouble(s, "create", errno);
        mem_free(idx);
        mem_free(rd);
        return 1;
    }
    size_t ndisk = s->nruns - first;
    size_t cap = ndisk ? SHARED_BLOCK / ndisk / sizeof(DiskEntry) * sizeof(DiskEntry) : 0;
    for (size_t i = 0; i < ndisk; i++)
        r_start(&rd[i], &s->runs[first + i], s->shared + i * cap, cap);
    if (with_t0) {
        rd[ndisk] = (Reader){ .t0 = s, .base = base };
        t0_next(&rd[ndisk]);
    }
    Writer w = { .fd = fd, .buf = s->wbuf, .cap = IO_BLOCK };
    Reader *live[MAX_MERGE + 1];
    size_t nlive = 0;
    for (size_t i = 0; i < k; i++)
        if (rd[i].live)
            live[nlive++] = &rd[i];
    uint64_t o = 0, mask = s->stride - 1;
    size_t sample = 0;
    while (nlive) {
        size_t m = 0;
        for (size_t i = 1; i < nlive; i++)
            if (live[i]->head.hash < live[m]->head.hash)
                m = i;
        Reader *r = live[m];
        if ((o++ & mask) == 0 && sample < nidx)
            idx[sample++] = r->head.hash;
        w_put(&w, &r->head, sizeof r->head);
        if (!r_next(r))
            live[m] = live[--nlive];
    }
    w_flush(&w);
    int err = w.err;
    for (size_t i = 0; i < k; i++)
        if (rd[i].err && !err)
            err = rd[i].err;
    if (!err && o != n)
        err = EIO;
    mem_free(rd);
    if (err) {
        trouble(s, w.err ? "write" : "read", err);
        close(fd);
        mem_free(idx);
        return 1;
    }
    for (size_t i = first; i < s->nruns; i++) {
        run_file_done(s, s->runs[i].fd, s->runs[i].fsize);
        s->runs[i].fd = -1;
        run_close(&s->runs[i]);
    }
    if (fsize < n * sizeof(DiskEntry))
        fsize = n * sizeof(DiskEntry);
    s->runs[first] = (Run){ .fd = fd, .fsize = fsize, .n = n, .stride = s->stride, .idx = idx,
                            .nidx = nidx };
    if (ndisk)
        s->st.merges++;
    s->nruns = first + 1;
    return 0;
}

/* Every other sample of a run's index goes: the stride doubles. */
static void decimate(Run *r)
{
    size_t m = (r->nidx + 1) / 2;
    for (size_t j = 0; j < m; j++)
        r->idx[j] = r->idx[2 * j];
    r->nidx = m;
    r->stride *= 2;
    uint64_t *smaller = mem_realloc(r->idx, m * sizeof *r->idx);
    if (smaller)
        r->idx = smaller;
}

/* Keep the run index within its budget. */
static void index_budget(IdSet *s)
{
    for (;;) {
        size_t total = 0;
        uint64_t most = 0;
        for (size_t i = 0; i < s->nruns; i++) {
            total += s->runs[i].nidx;
            if (s->runs[i].n > most)
                most = s->runs[i].n;
        }
        if (total <= s->index_samples || s->stride >= most)
            return;
        s->stride *= 2;
        for (size_t i = 0; i < s->nruns; i++)
            while (s->runs[i].stride < s->stride)
                decimate(&s->runs[i]);
    }
}

/* Buffers, filter and record file, at the first spill.  -1 out of memory;
 * a record file that cannot be made is disk trouble (then 0, ram_only). */
static int disk_prepare(IdSet *s)
{
    if (s->disk_ready)
        return 0;
    s->wbuf = mem_alloc(IO_BLOCK);
    s->shared = mem_alloc(SHARED_BLOCK);
    size_t nblocks = filter_blocks(s, s->count);
    if (!s->wbuf || !s->shared || filter_alloc(s, nblocks) != 0) {
        mem_free(s->wbuf);
        mem_free(s->shared);
        mem_free(s->filter_mem);
        s->wbuf = s->shared = NULL;
        s->filter_mem = NULL;
        s->filter = NULL;
        s->nblocks = 0;
        return -1;
    }
    s->k = filter_k(nblocks, s->count);
    s->disk_ready = true;
    s->recfd = make_temp(s);
    if (s->recfd < 0)
        trouble(s, "create", errno);
    return 0;
}

/* Write tier 0 out: its records, and its entries as a new run -- merged at
 * once with the newest runs while a run is less than twice the size of
 * all that follow it (so each run is at least twice the next, and there
 * are at most log2(spilled) + 1 of them; and tier 0 never goes to disk
 * twice).  0 done or disk trouble (then ram_only, tier 0 untouched); -1 out
 * of memory (nothing changed). */
static int spill(IdSet *s)
{
    if (disk_prepare(s) != 0)
        return -1;
    if (s->ram_only)
        return 0;
    if (s->nruns == s->capruns) {
        size_t cap = s->capruns ? s->capruns * 2 : 8;
        Run *r = mem_realloc(s->runs, cap * sizeof *r);
        if (!r)
            return -1;
        s->runs = r;
        s->capruns = cap;
    }
    size_t first = s->nruns;
    uint64_t size = s->count;
    while (first > 0 && s->nruns - first < MAX_MERGE && s->runs[first - 1].n < 2 * size) {
        first--;
        size += s->runs[first].n;
    }
    /* The records first, as they are in RAM. */
    if (pwrite_all(s->recfd, s->bytes, s->nbytes, s->recsize) != 0) {
        trouble(s, "write", errno);
        return 0;
    }
    int rc = build_run(s, first, true, s->recsize);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    s->recsize += s->nbytes;
    /* Into the filter: random blocks, fetched ahead. */
    enum { AHEAD = 8 };
    for (size_t i = 0; i < s->count; i++) {
        if (i + AHEAD < s->count)
            PREFETCH(filter_block(s, s->entries[i + AHEAD].hash));
        filter_add(s, s->entries[i].hash);
    }
    s->spilled += s->count;
    s->st.spills++;
    t0_clear(s);
    index_budget(s);
    filter_grow(s);
    return 0;
}

/* ---- the interface ---- */

IdSet *idset_new(const IdSetConfig *cfg)
{
    IdSetConfig c = cfg ? *cfg : (IdSetConfig){ 0 };
    IdSet *s = mem_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->recfd = -1;
    s->ram_entries = c.ram_entries ? c.ram_entries : DEFAULT_RAM_ENTRIES;
    s->ram_bytes = c.ram_bytes ? c.ram_bytes : DEFAULT_RAM_BYTES;
    s->filter_bytes = c.filter_bytes ? c.filter_bytes : DEFAULT_FILTER_BYTES;
    size_t index_bytes = c.index_bytes ? c.index_bytes : DEFAULT_INDEX_BYTES;
    s->index_samples = index_bytes / sizeof(uint64_t);
    s->hash = c.hash ? c.hash : idset_hash;
    s->stride = 1;
    /* Home slots are picked with 32-bit arithmetic: at most 2^32 of them,
     * and as many filter blocks. */
    if (s->ram_entries > ((size_t)3 << 30))
        s->ram_entries = (size_t)3 << 30;
    s->max_blocks = s->filter_bytes / 64;
    if (s->max_blocks == 0)
        s->max_blocks = 1;
    if (s->max_blocks > ((size_t)1 << 31))
        s->max_blocks = (size_t)1 << 31;
    s->max_slots = (size_t)(((uint64_t)s->ram_entries * 4 + 2) / 3);  /* load <= 3/4 */
    if (s->max_slots < MIN_SLOTS)
        s->max_slots = MIN_SLOTS;

    const char *dir = c.tmpdir;
    if (!dir) {
        dir = getenv("TMPDIR");
        if (!dir || !*dir)
            dir = "/tmp";
    }
    static const char name[] = "/award-ids-XXXXXX";
    size_t dlen = strlen(dir);
    s->tmpdir = mem_strndup(dir, dlen);
    s->tmpl = mem_alloc(dlen + sizeof name);
    s->path = mem_alloc(dlen + sizeof name);
    s->nslots = MIN_SLOTS;
    s->nalloc = MIN_SLOTS + TAIL;
    s->slots = new_slots(s->nalloc);
    if (!s->tmpdir || !s->tmpl || !s->path || !s->slots) {
        idset_free(s);
        return NULL;
    }
    memcpy(s->tmpl, dir, dlen);
    memcpy(s->tmpl + dlen, name, sizeof name);
    return s;
}

uint64_t idset_prefetch(const IdSet *s, const char *id, size_t len)
{
    uint64_t h = s->hash(id, len);
    /* Both likely cache misses: the filter is read for every new id. */
    if (s->nruns)
        PREFETCH(filter_block(s, h));
    PREFETCH(&s->slots[home_slot(s->nslots, (uint32_t)(h >> 32))]);
    return h;
}

int idset_add(IdSet *s, const char *id, size_t len, uint64_t info, uint64_t *first)
{
    return idset_add_hashed(s, id, len, idset_prefetch(s, id, len), info, first);
}

int idset_add_hashed(IdSet *s, const char *id, size_t len, uint64_t h, uint64_t info,
                     uint64_t *first)
{
    bool found;
    size_t p = t0_find(s, h, id, len, &found);
    if (found) {
        const Entry *e = &s->entries[s->slots[p].entry - 1];
        if (first)
            memcpy(first, s->bytes + e->rec, 8);
        return 0;
    }
    uint64_t old;
    if (disk_find(s, h, id, len, &old)) {
        if (first)
            *first = old;
        return 0;
    }

    /* New.  Make room: spill a full tier 0, or grow it. */
    unsigned char head[HEAD_MAX];
    memcpy(head, &info, 8);
    size_t hs = 8 + put_len(head + 8, len);
    if (len > SIZE_MAX - hs)
        return -1;  /* cannot happen: len is the size of a text in memory */
    size_t rsize = hs + len;
    bool moved = false;
    if (!s->ram_only && s->count &&
        (s->count >= s->ram_entries || s->nbytes >= s->ram_bytes || rsize > s->ram_bytes - s->nbytes)) {
        if (spill(s) != 0)
            return -1;
        moved = true;
    }
    if ((uint64_t)(s->count + 1) * 4 > (uint64_t)s->nslots * 3 &&
        s->nslots <= ((size_t)1 << 31) && (s->ram_only || s->nslots < s->max_slots)) {
        size_t n = s->nslots * 2;
        if (!s->ram_only && n > s->max_slots)
            n = s->max_slots;
        if (t0_resize(s, n) != 0)
            return -1;
        moved = true;
    }
    if (s->count >= UINT32_MAX - 1) {
        /* Four billion texts in RAM (the disk failed long ago, and 128 GiB
         * of entries were found): out of memory, the way mem.c says it. */
        fprintf(stderr, "award: out of memory (more than %u ids in memory)\n", UINT32_MAX - 2);
        exit(3);
    }
    if (s->count == s->capentries) {
        size_t cap = s->capentries ? s->capentries * 2 : 64;
        if (!s->ram_only && cap > s->ram_entries)
            cap = s->ram_entries;
        Entry *e = mem_realloc(s->entries, cap * sizeof *e);
        if (!e)
            return -1;
        s->entries = e;
        s->capentries = cap;
    }
    if (moved)
        p = t0_find(s, h, id, len, &found);
    if (rsize > s->capbytes - s->nbytes) {
        size_t need = s->nbytes + rsize;
        if (need < s->nbytes)
            return -1;  /* cannot happen, as above */
        size_t cap = s->capbytes ? s->capbytes : 256;
        while (cap < need)
            cap = cap > SIZE_MAX / 2 ? need : cap * 2;
        if (!s->ram_only && cap > s->ram_bytes)
            cap = need > s->ram_bytes ? need : s->ram_bytes;
        char *b = mem_realloc(s->bytes, cap);
        if (!b)
            return -1;
        s->bytes = b;
        s->capbytes = cap;
    }
    /* Shift the cluster right by one to keep hash order. */
    size_t q = p;
    while (q < s->nalloc && occupied(&s->slots[q]))
        q++;
    if (q == s->nalloc && t0_grow_tail(&s->slots, &s->nalloc, s->nslots, q + 1) != 0)
        return -1;
    memmove(&s->slots[p + 1], &s->slots[p], (q - p) * sizeof *s->slots);
    s->slots[p] = (Slot){ .top = (uint32_t)(h >> 32), .entry = (uint32_t)(s->count + 1) };
    s->entries[s->count++] = (Entry){ .hash = h, .rec = s->nbytes, .len = len };
    memcpy(s->bytes + s->nbytes, head, hs);
    if (len)
        memcpy(s->bytes + s->nbytes + hs, id, len);
    s->nbytes += rsize;
    return 1;
}

const char *idset_problem(const IdSet *s) { return s->has_problem ? s->problem : NULL; }

void idset_stats(const IdSet *s, IdSetStats *out)
{
    *out = s->st;
    out->in_ram = s->count;
    out->count = s->count + s->spilled;
    out->runs = s->nruns;
    out->index_stride = s->stride;
    size_t mem = sizeof *s + s->nalloc * sizeof *s->slots + s->capentries * sizeof *s->entries +
                 s->capbytes + s->capruns * sizeof *s->runs;
    for (size_t i = 0; i < s->nruns; i++)
        mem += s->runs[i].nidx * sizeof *s->runs[i].idx;
    if (s->disk_ready)
        mem += IO_BLOCK + SHARED_BLOCK + s->nblocks * 64 + 63;
    out->ram_bytes = mem;
    if (s->nruns) {
        uint64_t finest = s->runs[0].stride;
        for (size_t i = 1; i < s->nruns; i++)
            if (s->runs[i].stride < finest)
                finest = s->runs[i].stride;
        out->index_stride = finest;
    }
}

void idset_free(IdSet *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nruns; i++)
        run_close(&s->runs[i]);
    for (size_t i = 0; i < s->nspare; i++)
        close(s->spare_fd[i]);
    mem_free(s->runs);
    if (s->recfd >= 0)
        close(s->recfd);
    mem_free(s->slots);
    mem_free(s->entries);
    mem_free(s->bytes);
    mem_free(s->filter_mem);
    mem_free(s->wbuf);
    mem_free(s->shared);
    mem_free(s->tmpdir);
    mem_free(s->tmpl);
    mem_free(s->path);
    mem_free(s);
}
