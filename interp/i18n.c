/* i18n.c -- choosing the language of messages, and looking them up.
 * What is translated where is said in i18n.h; how a language is added, in
 * docs/translating.md. */
#include "i18n.h"

#include <dirent.h>
#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"

/* Baked in by the Makefile (the build directory's locale/); a build without
 * it (a tool that compiles the sources its own way) looks only where
 * AWARD_LOCALEDIR says, or in the system's folder. */
#ifndef LOCALEDIR
#define LOCALEDIR "/usr/share/locale"
#endif

/* Set by i18n_hold_english: messages are made in English for now. */
static bool holding_english;

const char *i18n_text(const char *msgid)
{
    return msgid[0] && !holding_english ? dgettext(I18N_DOMAIN, msgid) : msgid;
}

const char *i18n_plural(const char *one, const char *many, unsigned long n)
{
    if (holding_english)
        return n == 1 ? one : many;
    return dngettext(I18N_DOMAIN, one, many, n);
}

bool i18n_hold_english(bool hold)
{
    bool was = holding_english;
    holding_english = hold;
    return was;
}

const char *i18n_localedir(void)
{
    const char *dir = getenv("AWARD_LOCALEDIR");
    return dir && dir[0] ? dir : LOCALEDIR;
}

/* Whether a language name is safe to put in a path: letters, digits and
 * `_`, as in "th" or "pt_BR" (no `/`, no `..`). */
static bool plain_name(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

/* Whether DIR/NAME/LC_MESSAGES/award.mo can be read. */
static bool has_catalogue(const char *dir, const char *name, size_t n)
{
    if (!plain_name(name, n))
        return false;
    Sb path = { 0 };
    sb_printf(&path, "%s/%.*s/LC_MESSAGES/" I18N_DOMAIN ".mo", dir, (int)n, name);
    bool ok = path.s && access(path.s, R_OK) == 0;
    sb_free(&path);
    return ok;
}

/* Whether lang means English: "en", or "en_" followed by a country. */
static bool is_english(const char *lang)
{
    return strcmp(lang, "en") == 0 || strncmp(lang, "en_", 3) == 0;
}

bool i18n_init(const char *lang)
{
    const char *dir = i18n_localedir();
    if (lang && !is_english(lang)) {
        /* "th", or "th_TH" served by the catalogue of "th" */
        size_t n = strcspn(lang, "_");
        if (!has_catalogue(dir, lang, strlen(lang)) && !(lang[n] && has_catalogue(dir, lang, n)))
            return false;
    }
    bindtextdomain(I18N_DOMAIN, dir);
    /* Rule files, data and terminals here are UTF-8 whatever LC_CTYPE says
     * (the program never sets LC_CTYPE: reading bytes stays the same in
     * every language). */
    bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
    if (!lang) {
        setlocale(LC_MESSAGES, "");
    } else if (is_english(lang)) {
        /* The "C" locale: gettext then gives every message as written,
         * whatever LANGUAGE says. */
        setlocale(LC_MESSAGES, "C");
    } else {
        /* glibc reads LANGUAGE, but not when LC_MESSAGES is "C" or
         * "POSIX"; C.UTF-8 is built into glibc 2.35 and later, so a Thai
         * catalogue is used even where no Thai locale was generated.  An
         * older glibc may call it C.utf8 or lack it: then the environment's
         * locale, which works unless it is "C". */
        if (!setlocale(LC_MESSAGES, "C.UTF-8") && !setlocale(LC_MESSAGES, "C.utf8"))
            setlocale(LC_MESSAGES, "");
        setenv("LANGUAGE", lang, 1);
    }
    return true;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void i18n_languages(Sb *out)
{
    sb_str(out, "en");
    const char *dir = i18n_localedir();
    DIR *d = opendir(dir);
    if (!d)
        return;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (is_english(e->d_name) || !has_catalogue(dir, e->d_name, len))
            continue;
        char **grown = mem_grow(names, &cap, n + 1, sizeof *names);
        char *copy = grown ? mem_strndup(e->d_name, len) : NULL;
        if (grown)
            names = grown;
        if (!copy)
            break;
        names[n++] = copy;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        sb_printf(out, ", %s", names[i]);
        mem_free(names[i]);
    }
    mem_free(names);
}
