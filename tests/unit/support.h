/* support.h -- what the cmocka unit tests share: a leak check around every
 * test (through the project's counting allocator) and printed messages.
 * Include after <cmocka.h>. */
#ifndef AWARD_TEST_SUPPORT_H
#define AWARD_TEST_SUPPORT_H

#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "mem.h"

/* Blocks live when the running test started; checked again after it. */
static long baseline;

static int start_test(void **state)
{
    (void)state;
    mem_fail_after(0);
    baseline = mem_live_blocks();
    return 0;
}

__attribute__((unused))
static int end_test(void **state)
{
    (void)state;
    long now = mem_live_blocks();
    if (now != baseline) {
        print_error("%ld blocks live after the test, %ld before\n", now, baseline);
        return -1;
    }
    return 0;
}

/* Every message of d as diag_print prints it (plain malloc: free()). */
static char *render(const Diags *d)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    diag_print(d, f);
    fclose(f);
    return buf;
}

#endif
