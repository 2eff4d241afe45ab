/* textmeasure.h -- how long a text is, as a reader counts it: its words and
 * its characters.  The measures behind the rule language's words(text) and
 * chars(text).  No input or output of its own; docs/words.md has examples.
 *
 * Both functions take a byte pointer and a length, never read past the
 * length, take time linear in it, and accept any bytes: a byte that is not
 * part of valid UTF-8 is one character, and separates words.
 *
 * WORDS.  The text is split at everything that is not a letter, a number
 * or a combining mark: spaces, punctuation, symbols, emoji, control
 * characters, invalid bytes.  What is left is a sequence of runs:
 *   - a run of Thai letters, vowel signs and tone marks (U+0E01..U+0E3A,
 *     U+0E40..U+0E4E, but not ฯ and ๆ) is cut into words by libthai's
 *     dictionary breaker (the Thai dictionary of Debian's libthai-data);
 *   - a run of other letters and numbers (Unicode categories L and N:
 *     an English word, a number in ASCII or Thai digits) is one word.
 *     Inside such a run, a full stop, hyphen or apostrophe (' or U+2019)
 *     with a letter or digit on both sides, and a comma between two
 *     digits, do not split it: 1,400 and 3.5 and ๘๕.๕ and www.opdc.go.th
 *     and CR-V and don't are one word each;
 *   - a Thai abbreviation, pieces of one to three Thai characters each followed
 *     by a full stop with nothing between them (ก.พ.ร., พ.ศ., น.ส.), is one
 *     word; what follows its last full stop starts a new word.
 *   A Thai run and a run of other letters that touch are two words
 *   (ปี๒๕๖๕ is ปี + ๒๕๖๕).  A combining mark belongs to the run it follows.
 * A piece counts as a word only when it holds a letter or a number, so
 * punctuation, symbols and emoji are never words.  ๆ (mai yamok, "say the
 * last word again") and ฯ (paiyannoi, "abbreviated") are not words of their
 * own and do not join what is on either side: ดีๆ is one word, กรุงเทพฯ one,
 * ฯลฯ one.  This is the convention of the human-segmented test set
 * (../shared/corpora/thai-words), where a token of ๆ alone is not counted.
 *
 * CHARACTERS.  User-perceived characters: Unicode extended grapheme
 * clusters (UAX #29, by utf8proc), so a Thai vowel sign above or below a
 * consonant, a tone mark, sara am (ำ) or any combining accent is part of
 * the character before it, an emoji built with zero-width joiners or a flag
 * is one character, and CR LF is one.  A leading vowel (เ แ โ ใ ไ) is a
 * character of its own, as it is written. */
#ifndef AWARD_TEXTMEASURE_H
#define AWARD_TEXTMEASURE_H

#include <stddef.h>

/* libthai's word breaker, its dictionary and the working space of
 * text_words.  One WordBreaker serves any number of calls, one at a time
 * (it is not for two threads at once). */
typedef struct WordBreaker WordBreaker;

/* A new word breaker, with libthai's dictionary loaded (from the directory
 * in the environment variable LIBTHAI_DICTDIR when set, else Debian's
 * /usr/share/libthai/thbrk.tri, package libthai-data).  NULL when the
 * dictionary cannot be opened or memory ran out.  The caller owns it and
 * frees it with word_breaker_free. */
WordBreaker *word_breaker_new(void);

/* Release wb and everything libthai allocated for it.  NULL is allowed. */
void word_breaker_free(WordBreaker *wb);

/* Words in s[0..len), as described above; wb must not be NULL.  Nothing
 * is allocated here: a long Thai run is broken in pieces of at most a few
 * hundred letters inside wb's fixed buffer (a piece ends at a break libthai
 * found, well before the end of the buffer, so no word is cut).  libthai
 * allocates small working space for each piece and frees it before
 * returning; if that allocation fails, libthai finds no break in the piece,
 * which then counts as one word (libthai does not tell). */
size_t text_words(WordBreaker *wb, const char *s, size_t len);

/* Characters in s[0..len), as described above.  Allocates nothing. */
size_t text_chars(const char *s, size_t len);

#endif
