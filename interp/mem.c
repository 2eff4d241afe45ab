/* mem.c -- the counting allocator and the arena.
 * See mem.h for the ownership rules. */
#include "mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long live_blocks;
static long fail_countdown;

static void *out_of_memory(size_t size)
{
    fprintf(stderr, "award: out of memory (asked for %zu bytes)\n", size);
    exit(3);
}

/* Returns nonzero when a test asked this allocation to fail. */
static int should_fail(void)
{
    if (fail_countdown > 0 && --fail_countdown == 0)
        return 1;
    return 0;
}

void *mem_alloc(size_t size)
{
    if (should_fail())
        return NULL;
    void *p = malloc(size ? size : 1);
    if (!p)
        return out_of_memory(size);
    live_blocks++;
    return p;
}

void *mem_calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return out_of_memory(SIZE_MAX);
    void *p = mem_alloc(count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void *mem_realloc(void *block, size_t size)
{
    if (!block)
        return mem_alloc(size);
    if (should_fail())
        return NULL;
    void *p = realloc(block, size ? size : 1);
    if (!p)
        return out_of_memory(size);
    return p;
}

void mem_free(void *block)
{
    if (!block)
        return;
    live_blocks--;
    free(block);
}

char *mem_strndup(const char *s, size_t len)
{
    char *p = mem_alloc(len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

long mem_live_blocks(void) { return live_blocks; }
void mem_fail_after(long n) { fail_countdown = n; }

/* ---- arenas ---- */

struct ArenaChunk {
    ArenaChunk *next;  /* older chunk */
    size_t size;       /* bytes of data[] */
    size_t used;       /* bytes of data[] handed out */
    _Alignas(16) unsigned char data[];
};

void arena_init(Arena *a, size_t chunk_size)
{
    a->head = NULL;
    a->chunk_size = chunk_size ? chunk_size : 4096;
}

void *arena_alloc(Arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    ArenaChunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t want = size > a->chunk_size ? size : a->chunk_size;
        c = mem_alloc(sizeof *c + want);
        if (!c)
            return NULL;
        c->size = want;
        c->used = 0;
        c->next = a->head;
        a->head = c;
        if (a->chunk_size < (1u << 20))
            a->chunk_size *= 2;
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void arena_reset(Arena *a)
{
    ArenaChunk *c = a->head;
    if (!c)
        return;
    /* Keep the largest (newest) chunk, free the rest. */
    ArenaChunk *old = c->next;
    while (old) {
        ArenaChunk *next = old->next;
        mem_free(old);
        old = next;
    }
    c->next = NULL;
    c->used = 0;
}

void arena_free(Arena *a)
{
    ArenaChunk *c = a->head;
    while (c) {
        ArenaChunk *next = c->next;
        mem_free(c);
        c = next;
    }
    a->head = NULL;
}

void *mem_grow(void *arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return arr;
    size_t ncap = *cap ? *cap * 2 : 8;
    if (ncap < need || ncap < *cap)
        ncap = need;
    if (elem && ncap > SIZE_MAX / elem)
        return NULL;
    void *more = mem_realloc(arr, ncap * elem);
    if (more)
        *cap = ncap;
    return more;
}
