/* textmeasure.c -- words and characters of a text, as a reader counts them
 * (textmeasure.h says exactly how).  Thai words come from libthai's
 * dictionary breaker; characters are utf8proc's grapheme clusters.
 *
 * Thai runs go to libthai in TIS-620, its native encoding, through
 * th_brk_find_breaks.  Only Thai letters, vowels and marks are ever put
 * in a run (U+0E01..U+0E4E), and TIS-620 holds each of them at a fixed
 * offset, so the conversion is one subtraction and loses nothing.  The
 * wide-character entry point (th_brk_wc_find_breaks) would convert to
 * TIS-620 itself, in a block it allocates on every call, so it costs more
 * and gives the same breaks; wchar_t is also not the same size everywhere. */
#include "textmeasure.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <thai/thbrk.h>
#include <utf8proc.h>

#include "mem.h"
#include "utext.h"

/* libthai's search for the best segmentation costs more than linear time
 * and memory in the length of what it is given (each candidate path holds
 * a copy of the breaks before it), so a Thai run is handed over in pieces
 * of at most WINDOW letters.  A piece is counted only up to the last break
 * libthai found at least MARGIN letters before its end, and the rest is
 * carried into the next piece, so that the end of a piece never cuts a
 * word: a break is chosen from the few words around it, and MARGIN letters
 * hold several words.  The cost per letter is then bounded.  When this was
 * written, the counts were the same as one call over the whole run for
 * every sentence of the human-segmented test set with its spaces taken out
 * (up to 1 200 letters in one run), with pieces of 512 and of 80 letters. */
enum { WINDOW = 512, MARGIN = 64 };

/* Thai abbreviations such as ก.พ.ร. and พ.ศ. are pieces of at most this
 * many letters each followed by a full stop; libthai uses the same bound. */
enum { ABBREV_PIECE = 3 };

struct WordBreaker {
    ThBrk *brk;                           /* libthai's breaker and dictionary */
    size_t n;                             /* letters of the Thai run in tis */
    unsigned char tis[WINDOW + 1];        /* the run, TIS-620, NUL-terminated for libthai */
    int pos[WINDOW];                      /* the breaks libthai found in it */
};

WordBreaker *word_breaker_new(void)
{
    WordBreaker *wb = mem_alloc(sizeof *wb);
    if (!wb)
        return NULL;
    /* NULL: libthai's own dictionary (LIBTHAI_DICTDIR, else its install
     * directory); it is never loaded into a shared breaker that would
     * outlive this one. */
    wb->brk = th_brk_new(NULL);
    if (!wb->brk) {
        mem_free(wb);
        return NULL;
    }
    wb->n = 0;
    return wb;
}

void word_breaker_free(WordBreaker *wb)
{
    if (!wb)
        return;
    th_brk_delete(wb->brk);
    mem_free(wb);
}

/* ---- what a code point is, for words ---- */

typedef enum {
    CP_SEPARATOR,   /* space, punctuation, symbol, control, invalid byte */
    CP_THAI,        /* Thai letter, vowel or mark: libthai segments these */
    CP_LETTER,      /* any other letter */
    CP_DIGIT,       /* any other number: 0-9, ๐-๙, ½ ... */
    CP_MARK,        /* a combining mark outside the Thai block */
} CpClass;

static CpClass classify(int32_t cp)
{
    if (cp < 0)
        return CP_SEPARATOR;
    if (cp >= 0x0E00 && cp <= 0x0E7F) {
        /* ฯ and ๆ stand for words, they are not letters of one (see the
         * header); ฿ and the Thai punctuation marks separate. */
        if (cp == 0x0E2F || cp == 0x0E46)
            return CP_SEPARATOR;
        if ((cp >= 0x0E01 && cp <= 0x0E3A) || (cp >= 0x0E40 && cp <= 0x0E4E))
            return CP_THAI;
        if (cp >= 0x0E50 && cp <= 0x0E59)
            return CP_DIGIT;
        return CP_SEPARATOR;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return CP_LETTER;
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return CP_DIGIT;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return CP_MARK;
    default:
        return CP_SEPARATOR;
    }
}

/* A TIS-620 byte of a Thai run that is a letter (a consonant, or a vowel
 * written on the line: ะ า ำ เ แ โ ใ ไ ๅ ฤ ฦ), not a sign above or below:
 * a piece of only tone marks is no word. */
static bool tis_is_letter(unsigned char b)
{
    utf8proc_category_t c = utf8proc_category((int32_t)b - 0xA0 + 0x0E00);
    return c == UTF8PROC_CATEGORY_LO;
}

static bool has_letter(const unsigned char *t, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (tis_is_letter(t[i]))
            return true;
    return false;
}

/* Count the words of the Thai run in wb->tis.  end_of_run: the run ended
 * here, count all of it.  Otherwise the buffer is full: count up to a
 * break well before its end and keep the rest (see WINDOW).  */
static size_t thai_flush(WordBreaker *wb, bool end_of_run)
{
    size_t n = wb->n;
    if (n == 0)
        return 0;
    wb->tis[n] = '\0';
    int nb = th_brk_find_breaks(wb->brk, wb->tis, wb->pos, WINDOW);
    size_t cut = n;
    if (!end_of_run) {
        /* The last break at most n - MARGIN, else the first one; with no
         * break at all the whole piece is one word. */
        size_t last = 0, first = 0;
        for (int j = 0; j < nb; j++) {
            if (wb->pos[j] <= 0 || (size_t)wb->pos[j] >= n)
                continue;
            size_t b = (size_t)wb->pos[j];
            if (first == 0)
                first = b;
            if (b <= n - MARGIN)
                last = b;
        }
        cut = last ? last : first ? first : n;
    }
    size_t words = 0, from = 0;
    for (int j = 0; j < nb; j++) {
        /* Breaks come from left to right; anything else is ignored rather
         * than trusted. */
        if (wb->pos[j] <= 0 || (size_t)wb->pos[j] <= from || (size_t)wb->pos[j] >= cut)
            continue;
        size_t b = (size_t)wb->pos[j];
        words += has_letter(wb->tis, from, b);
        from = b;
    }
    words += has_letter(wb->tis, from, cut);
    memmove(wb->tis, wb->tis + cut, n - cut);
    wb->n = n - cut;
    return words;
}

/* The class of the code point at s[0..len), SEPARATOR when there is none. */
static CpClass next_class(const char *s, size_t len)
{
    if (len == 0)
        return CP_SEPARATOR;
    int32_t cp;
    utext_decode(s, len, &cp);
    return classify(cp);
}

/* Whether punctuation cp, between `before` and `after` (the letter or
 * digit before it in a run of other letters, and the class of what follows),
 * keeps the run one word: 1,400 and 3.5, www.opdc.go.th and e.g, CR-V and
 * COVID-19, don't.  A comma joins only digits: "a,b" is two words. */
static bool joins(int32_t cp, CpClass before, CpClass after)
{
    bool around = (before == CP_LETTER || before == CP_DIGIT)
               && (after == CP_LETTER || after == CP_DIGIT);
    if (cp == ',')
        return before == CP_DIGIT && after == CP_DIGIT;
    return around && (cp == '.' || cp == '-' || cp == '\'' || cp == 0x2019);
}

typedef enum { RUN_NONE, RUN_THAI, RUN_OTHER } RunKind;

size_t text_words(WordBreaker *wb, const char *s, size_t len)
{
    size_t words = 0;
    RunKind run = RUN_NONE;
    CpClass last = CP_SEPARATOR;  /* last letter or digit of an other run */
    size_t thai_len = 0;          /* letters of the current Thai run */
    bool abbrev = false;          /* a Thai abbreviation (ก.พ.ร.) is open */
    wb->n = 0;
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t k = utext_decode(s + i, len - i, &cp);
        CpClass c = classify(cp);
        switch (c) {
        case CP_THAI:
            if (run != RUN_THAI) {
                run = RUN_THAI;
                thai_len = 0;
            }
            if (wb->n == WINDOW)
                words += thai_flush(wb, false);
            wb->tis[wb->n++] = (unsigned char)(cp - 0x0E00 + 0xA0);
            thai_len++;
            break;
        case CP_LETTER:
        case CP_DIGIT:
            if (run == RUN_THAI)
                words += thai_flush(wb, true);
            abbrev = false;
            if (run != RUN_OTHER) {
                run = RUN_OTHER;
                words++;
            }
            last = c;
            break;
        case CP_MARK:
            /* Part of whatever it follows; alone, nothing.  A Thai run
             * has no place for it in TIS-620 and does not need one. */
            break;
        case CP_SEPARATOR:
            if (run == RUN_OTHER && joins(cp, last, next_class(s + i + k, len - i - k))) {
                last = CP_SEPARATOR;
                break;
            }
            if (run == RUN_THAI && cp == '.' && thai_len <= ABBREV_PIECE) {
                /* A piece of an abbreviation: the first piece is a word,
                 * the ones right after it belong to it.  It stays open
                 * only while another Thai run follows at once. */
                if (!abbrev)
                    words += has_letter(wb->tis, 0, wb->n);
                wb->n = 0;
                abbrev = next_class(s + i + k, len - i - k) == CP_THAI;
                run = RUN_NONE;
                break;
            }
            if (run == RUN_THAI)
                words += thai_flush(wb, true);
            abbrev = false;
            run = RUN_NONE;
            break;
        }
        i += k;
    }
    if (run == RUN_THAI)
        words += thai_flush(wb, true);
    return words;
}

size_t text_chars(const char *s, size_t len)
{
    size_t chars = 0;
    int32_t prev = -1;            /* previous code point; -1: none or invalid */
    utf8proc_int32_t state = 0;   /* utf8proc's memory of the cluster so far */
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        i += utext_decode(s + i, len - i, &cp);
        if (cp < 0) {
            /* An invalid byte is a character, and nothing joins it. */
            chars++;
            prev = -1;
            state = 0;
            continue;
        }
        if (prev < 0 || utf8proc_grapheme_break_stateful(prev, cp, &state))
            chars++;
        prev = cp;
    }
    return chars;
}
