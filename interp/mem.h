/* mem.h -- the one allocator of award, and arenas built on it.
 *
 * Every heap block in the program comes from mem_alloc/mem_realloc/mem_free, so
 * tests can count live blocks and make the Nth allocation fail on purpose.
 * Out of memory is not recoverable here: mem_alloc prints a message and exits
 * with status 3 unless a test has installed a failure hook.
 *
 * Ownership: an Arena owns every block it hands out; arena_free releases them
 * all at once.  Nothing taken from an arena is freed on its own. */
#ifndef AWARD_MEM_H
#define AWARD_MEM_H

#include <stddef.h>

void *mem_alloc(size_t size);
void *mem_calloc(size_t count, size_t size);
void *mem_realloc(void *block, size_t size);
void mem_free(void *block);
char *mem_strndup(const char *s, size_t len);

/* A heap array of *cap elements of `elem` bytes grown to hold `need`,
 * doubling, so that n additions cost n, not n squared.  Returns the array
 * (moved or not), or NULL when memory ran out or the size would overflow:
 * the old array is then still valid and *cap unchanged. */
void *mem_grow(void *arr, size_t *cap, size_t need, size_t elem);

/* Live block count, for leak checks in unit tests. */
long mem_live_blocks(void);
/* Make allocation number n (1-based, counted from this call) return NULL
 * instead of exiting; 0 disables.  Only for tests of failure paths. */
void mem_fail_after(long n);

typedef struct ArenaChunk ArenaChunk;
typedef struct Arena {
    ArenaChunk *head;   /* newest chunk; older ones chained behind it */
    size_t chunk_size;  /* size of the next ordinary chunk */
} Arena;

void arena_init(Arena *a, size_t chunk_size);
void *arena_alloc(Arena *a, size_t size);          /* zeroed, 16-byte aligned */
char *arena_strndup(Arena *a, const char *s, size_t len);
/* Forget everything allocated, keeping the first chunk for reuse: the
 * per-record arena is reset once per application, with no system call. */
void arena_reset(Arena *a);
void arena_free(Arena *a);

#endif
