/* i18n.h -- messages in the reader's language, with GNU gettext (in glibc).
 *
 * Messages are written in English in the code and looked up, at the moment
 * they are made, in the catalogue of the chosen language (po/LANG.po,
 * compiled to LOCALEDIR/LANG/LC_MESSAGES/award.mo; see docs/translating.md).
 * Without a catalogue, or before i18n_init, every message is its English
 * text, byte for byte.
 *
 * Where the translating happens: diag.c translates the format of every
 * diag_error/diag_warning/diag_note, and cli.c that of cli_usage_error and
 * cli_say, so the code that reports a mistake passes plain English literals.
 * _() is for pieces a message takes as arguments (a word put into a
 * sentence) and for text printed without those functions; N_() marks a
 * literal kept in a table to be translated later with _(); P_() chooses
 * the singular or plural sentence for a count. */
#ifndef AWARD_I18N_H
#define AWARD_I18N_H

#include <stdbool.h>

#include "strbuf.h"

/* The name of the catalogue: award.mo, award.pot. */
#define I18N_DOMAIN "award"

/* The translation of msgid, or msgid itself.  The empty text stays empty
 * (gettext would give the catalogue's header for it). */
const char *i18n_text(const char *msgid) __attribute__((format_arg(1)));
/* The translation of `one` (n == 1 in English) or `many`, by the rules of
 * the chosen language for counts. */
const char *i18n_plural(const char *one, const char *many, unsigned long n)
    __attribute__((format_arg(1), format_arg(2)));

#define _(msgid) i18n_text(msgid)
#define P_(one, many, n) i18n_plural(one, many, n)
/* No parentheses: a marked literal still joins the literals beside it. */
#ifndef N_
#define N_(msgid) msgid
#endif

/* Choose the language of messages, before the first message is made.
 * lang NULL: the environment's, as gettext reads it (LANGUAGE, then LC_ALL,
 * LC_MESSAGES, LANG).  "en": English whatever the environment says.  Any
 * other: that language's catalogue, which must be there; it then works
 * whether or not the machine has a locale of that language.  Returns false
 * (and changes nothing) when there is no catalogue for lang. */
bool i18n_init(const char *lang);

/* hold true: every message made from now on is its English text, whatever
 * language was chosen, until i18n_hold_english(false); returns whether
 * English was held before, to give back.  For the messages a program
 * compares with text written once for every machine (`award test` matches
 * the data errors and checker messages of its scenarios this way), while
 * what it says to its reader stays in the reader's language. */
bool i18n_hold_english(bool hold);

/* The languages messages can be given in, for a message: "en", then every
 * language with a catalogue in the catalogue folder, in the order of their
 * names, ", "-separated, appended to out. */
void i18n_languages(Sb *out);

/* The folder of the catalogues: AWARD_LOCALEDIR when set and not empty,
 * else the folder fixed at build time (LOCALEDIR). */
const char *i18n_localedir(void);

#endif
