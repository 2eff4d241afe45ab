/* idset.h -- an exact set of texts (application ids) in bounded memory.
 *
 * idset_add answers, for every text, "new" or "seen before, first added with
 * this info", exactly: never a false duplicate, never a missed one.  Texts
 * are byte strings with a length (any bytes, NUL included, empty allowed).
 *
 * Where the texts live:
 *   - tier 0, in RAM: an ordered linear-probing hash table (the occupied
 *     slots, left to right, are in hash order), entries in the order added,
 *     and their records (info, LEB128 length, bytes) back to back.  Every
 *     new text goes here.
 *   - on disk, once tier 0 holds `ram_entries` texts or `ram_bytes` bytes of
 *     records: the records are appended to one record file in a single
 *     write, and tier 0's entries (hash, record offset) become a run sorted
 *     by hash -- merged at once, k ways, with the newest runs while a run is
 *     less than twice the size of all that follow it (binary counter / LSM:
 *     each run at least twice the next, so at most log2(spilled) + 1 runs;
 *     sequential writes of 128 KiB, reads sharing 256 KiB among the runs
 *     being merged; tier 0 never goes to disk twice).  Every spilled hash
 *     goes into a Bloom filter in RAM.  A sparse index of each run (every
 *     stride-th hash; the stride doubles when the index outgrows
 *     `index_bytes`) stays in RAM.
 *   A text not in tier 0 is looked up on disk only when the filter says it
 *   may be there: in each run, largest first, the index narrows it to
 *   stride - 1 entries (one pread; none while the stride is 1); an equal
 *   hash is confirmed by reading the record back and comparing length and
 *   bytes, so texts with the same 64-bit hash are told apart.
 *   Temporary files are made with mkstemp in `tmpdir` and unlinked at once:
 *   nothing is left behind, even after a crash.  The files of merged runs
 *   are kept (up to 4) and overwritten by later runs, which costs the kernel
 *   less than new files.  Disk use: 9 + length bytes per spilled text
 *   (records) and 16 per text (runs), and at most about as much again for
 *   the files being merged and kept.
 *
 * Memory bound, whatever the number of texts (while the disk works):
 *     tier 0 table     ceil(4/3 * ram_entries) slots of 8 bytes (plus a tail
 *                      of a few slots, unless the hashes collide)
 *   + tier 0 entries   ram_entries of 24 bytes
 *   + tier 0 records   ram_bytes, or one record if longer
 *   + filter           filter_bytes (32 bits a key, less, while only one
 *                      tier 0 of ids is on disk)
 *   + run index        index_bytes (twice that for a moment during a merge)
 *   + I/O buffers      384 KiB, and 48 bytes a run (at most 65 runs)
 * With the defaults: 0.7 + 1.5 + 4 + 4 + 1 + 0.4 = 11.6 MiB at most; with
 * ids of 15 bytes about 9.5 MiB (their records take 1.5 MiB, not 4), and
 * 6 MiB up to 131 072 ids (a 256 KiB filter).
 *
 * The filter: 512-bit blocks (one cache line per key), k bits per key
 * anywhere in the block: k = 7 down to 8 bits per key, then 3, then 1
 * below 2.5 bits per key (within 3% of the best k all along), the filter
 * rebuilt from the runs when k drops, and when it grows to its full size at
 * the second spill.  With the default 4 MiB (32 Mbit):
 *     1M spilled ids (32 bits each, k = 7):  a false positive in about
 *                                            1 of 50 000 lookups of a new id;
 *     10M spilled ids (3.2 bits each, k = 3): in 1 of 5.
 * A false positive costs one pread of <= 2 KiB per run (about 1 us each,
 * from the page cache; 3 to 5 runs at 10M ids); nothing is ever wrong, only
 * slower: at 10M ids this dominates (see bench/idset_bench.c).  Past a few
 * million ids a bigger filter_bytes pays: 16 MiB keeps 10M ids at 1 in 400.
 *
 * Disk trouble (no temporary file, a failed write or read, a full disk)
 * never loses exactness and never aborts: from then on tier 0 simply grows
 * in RAM (texts already on disk stay there and are still found), and
 * idset_problem() says why in one line.  A failed read of a file already
 * written (EIO) is the one case that cannot be exact: the text is then
 * taken as new, and idset_problem() says so.
 *
 * Allocation follows mem.h: out of memory exits with status 3.  When a test
 * makes mem_alloc fail, idset_new returns NULL and idset_add returns -1
 * with the text not added (the set still holds exactly what it held);
 * nothing leaks.
 *
 * Ownership: the set copies every text it keeps; idset_free closes every
 * file and frees everything.  Not thread-safe. */
#ifndef AWARD_IDSET_H
#define AWARD_IDSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct IdSet IdSet;

/* Zero (or NULL) in any field means its default. */
typedef struct IdSetConfig {
    size_t ram_entries;   /* texts kept in RAM before a spill (default 65536) */
    size_t ram_bytes;     /* record bytes (9 + length a text) in RAM before a spill (4 MiB) */
    size_t filter_bytes;  /* the RAM filter over spilled texts (default 4 MiB) */
    size_t index_bytes;   /* the RAM index over the runs (default 1 MiB) */
    const char *tmpdir;   /* NULL: $TMPDIR, or /tmp when that is unset or empty */
    uint64_t (*hash)(const char *s, size_t len);  /* NULL: idset_hash; tests inject colliding ones */
} IdSetConfig;

/* What the set has done so far, for tests and benchmarks. */
typedef struct IdSetStats {
    uint64_t count;         /* texts in the set */
    uint64_t in_ram;        /* ... of which in tier 0 */
    uint64_t spills;        /* tier 0 written out as a run */
    uint64_t merges;        /* runs merged into one */
    uint64_t runs;          /* runs now */
    uint64_t disk_lookups;  /* filter hits: lookups that went to the runs */
    uint64_t disk_misses;   /* ... that found nothing (false positives) */
    uint64_t preads;        /* reads made by lookups */
    uint64_t index_stride;  /* entries per index sample (the finest run's) */
    size_t ram_bytes;       /* bytes of RAM the set holds now */
} IdSetStats;

/* A new empty set; cfg NULL: all defaults.  cfg->tmpdir is copied. */
IdSet *idset_new(const IdSetConfig *cfg);
/* 1: the text is new, added with `info`.  0: seen before; *first (when
 * first is not NULL) is the info given when it was added.  -1: out of
 * memory (only when a test makes mem_alloc fail); the text was not added.
 * `id` may be NULL when len is 0. */
int idset_add(IdSet *s, const char *id, size_t len, uint64_t info, uint64_t *first);
/* idset_add in two steps, for a caller with other work to do while the
 * memory the look-up needs is fetched: idset_prefetch starts fetching it
 * and returns the text's hash (the set's own hash function); later,
 * idset_add_hashed(s, id, len, that hash, ...) does what idset_add does. */
uint64_t idset_prefetch(const IdSet *s, const char *id, size_t len);
int idset_add_hashed(IdSet *s, const char *id, size_t len, uint64_t hash, uint64_t info,
                     uint64_t *first);
/* A good 64-bit hash of len bytes (not for adversaries: not keyed). */
uint64_t idset_hash(const char *s, size_t len);
/* NULL while every spill has worked; else one line saying why texts are now
 * kept in memory, e.g. "cannot write a temporary file in /tmp: No space
 * left on device".  Owned by the set. */
const char *idset_problem(const IdSet *s);
void idset_stats(const IdSet *s, IdSetStats *out);
/* Close every temporary file and free everything; s may be NULL. */
void idset_free(IdSet *s);

#endif
