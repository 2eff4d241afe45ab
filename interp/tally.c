/* tally.c -- the counts per category, kind and tier of tally.h. */
#include "tally.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static void count_kind(Tally *t, const AppResult *res)
{
    if (res->agency_row)
        t->nagency++;
    else
        t->napps++;
    if (res->error)
        t->nerrors++;
}

bool tally_add(Tally *t, const AppResult *res)
{
    for (size_t i = 0; i < t->n; i++) {
        TallyRow *row = &t->rows[i];
        if (row->cat == res->cat && row->agency == res->agency_row && strcmp(row->tier, res->tier_id) == 0) {
            row->count++;
            count_kind(t, res);
            return true;
        }
    }
    TallyRow *rows = mem_grow(t->rows, &t->cap, t->n + 1, sizeof *rows);
    if (!rows)
        return false;
    t->rows = rows;
    t->rows[t->n] = (TallyRow){ res->cat, res->agency_row, res->tier_id, 1, t->n };
    t->n++;
    count_kind(t, res);
    return true;
}

/* A category's place in the summary: as declared, the unknown one last. */
static uint64_t category_place(const TallyRow *row)
{
    return row->cat ? row->cat->index : UINT64_MAX;
}

static int row_cmp(const void *a, const void *b)
{
    const TallyRow *x = a, *y = b;
    uint64_t cx = category_place(x), cy = category_place(y);
    if (cx != cy)
        return cx < cy ? -1 : 1;
    if (x->agency != y->agency)
        return x->agency ? 1 : -1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

const TallyRow *tally_rows(Tally *t, size_t *n)
{
    /* seq is unique, so the order is total and sorting twice changes
     * nothing. */
    if (t->n > 1)
        qsort(t->rows, t->n, sizeof *t->rows, row_cmp);
    *n = t->n;
    return t->rows;
}

void tally_free(Tally *t)
{
    mem_free(t->rows);
    *t = (Tally){ 0 };
}
