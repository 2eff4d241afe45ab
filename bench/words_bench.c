/*
 * words_bench: how fast interp/textmeasure.c counts words and characters,
 * over the human-segmented Thai sentences of the outside corpus.
 *
 *   cc -O2 -D_POSIX_C_SOURCE=200809L -Iinterp bench/words_bench.c \
 *      interp/textmeasure.c interp/utext.c interp/mem.c -lthai -lutf8proc -o /tmp/words_bench
 *   taskset -c 0 /tmp/words_bench [FILE [SECONDS]]
 *
 * FILE defaults to ../shared/corpora/thai-words/gold.tsv (run it from the
 * repository root); each line is `count<TAB>text` and only the text is read.
 * The whole file is held in memory, then counted over and over for at least
 * SECONDS (default 2) per measure, so that the disk is not measured.
 * Prints the time to load libthai's dictionary, then for words and for
 * characters: passes, words (or characters) counted per second and
 * megabytes of text per second.  Speed is reported, never judged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "textmeasure.h"

typedef struct {
    const char *text;
    size_t len;
} Line;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The lines of f, their text after the tab; NULL when memory ran out. */
static Line *read_lines(FILE *f, size_t *count, size_t *bytes)
{
    Line *lines = NULL;
    size_t n = 0, cap = 0;
    *bytes = 0;
    char *buf = NULL;
    size_t bufcap = 0;
    ssize_t got;
    while ((got = getline(&buf, &bufcap, f)) > 0) {
        size_t len = (size_t)got;
        if (buf[len - 1] == '\n')
            len--;
        char *tab = memchr(buf, '\t', len);
        const char *text = tab ? tab + 1 : buf;
        size_t tlen = len - (size_t)(text - buf);
        if (n == cap) {
            cap = cap ? cap * 2 : 512;
            Line *grown = realloc(lines, cap * sizeof *lines);
            if (!grown)
                goto oom;
            lines = grown;
        }
        char *copy = malloc(tlen ? tlen : 1);
        if (!copy)
            goto oom;
        memcpy(copy, text, tlen);
        lines[n].text = copy;
        lines[n].len = tlen;
        n++;
        *bytes += tlen;
    }
    free(buf);
    *count = n;
    return lines;
oom:
    free(buf);
    for (size_t i = 0; i < n; i++)
        free((void *)lines[i].text);
    free(lines);
    return NULL;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "../shared/corpora/thai-words/gold.tsv";
    double seconds = argc > 2 ? atof(argv[2]) : 2.0;
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "words_bench: cannot open %s\n", path);
        return 1;
    }
    size_t n, bytes;
    Line *lines = read_lines(f, &n, &bytes);
    fclose(f);
    if (!lines || n == 0) {
        fprintf(stderr, "words_bench: %s: no lines, or out of memory\n", path);
        return 1;
    }

    double t0 = now();
    WordBreaker *wb = word_breaker_new();
    double load = now() - t0;
    if (!wb) {
        fprintf(stderr, "words_bench: libthai's dictionary could not be opened (package libthai-data)\n");
        return 1;
    }
    printf("%s: %zu lines, %zu bytes; dictionary loaded in %.1f ms\n", path, n, bytes, load * 1e3);

    for (int measure = 0; measure < 2; measure++) {
        size_t passes = 0, counted = 0;
        double start = now(), elapsed;
        do {
            for (size_t i = 0; i < n; i++)
                counted += measure == 0 ? text_words(wb, lines[i].text, lines[i].len)
                                        : text_chars(lines[i].text, lines[i].len);
            passes++;
            elapsed = now() - start;
        } while (elapsed < seconds);
        printf("%-5s %zu passes in %.2f s: %.0f %s/s, %.2f MB/s, %.1f us per line\n",
               measure == 0 ? "words" : "chars", passes, elapsed, (double)counted / elapsed,
               measure == 0 ? "words" : "chars", (double)(bytes * passes) / elapsed / 1e6,
               elapsed / (double)(n * passes) * 1e6);
    }
    word_breaker_free(wb);
    for (size_t i = 0; i < n; i++)
        free((void *)lines[i].text);
    free(lines);
    return 0;
}
