/* eval_fields.c -- converting the fields of one record, the kinds the
 * rules declare: the first step of each stage of an application (see
 * eval_record.c).  A wrong field adds its problem to the data error and
 * converts to nothing; every problem of a record is reported together. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval_internal.h"
#include "i18n.h"
#include "parse_ctx.h"
#include "utext.h"

/* ---- converting fields ---- */

bool raw_empty(const RawField *f)
{
    return f->kind == RAW_ABSENT || f->kind == RAW_NULL ||
           ((f->kind == RAW_TEXT || f->kind == RAW_STRING) && f->len == 0);
}

/* Quote a raw value for a message, shortened. */
const char *raw_shown(const RawField *f, char *buf, size_t size)
{
    size_t len = f->len;
    if (len > 40)
        len = 40;
    /* do not cut a UTF-8 sequence in half */
    while (len < f->len && len > 0 && ((unsigned char)f->text[len] & 0xC0) == 0x80)
        len--;
    snprintf(buf, size, "\"%.*s%s\"", (int)len, f->text, len < f->len ? "..." : "");
    return buf;
}

/* A number written in Thai digits (๘๐ is 80): the slow path of
 * parse_number, taken only when ASCII did not parse. */
__attribute__((noinline)) DecStatus parse_thai_number(const char *s, size_t len, Dec *out, DecStatus st)
{
    char buf[128];
    size_t n;
    if (memchr(s, 0xE0, len) && len < sizeof buf * 3 && utext_thai_digits(s, len, buf, sizeof buf, &n))
        return dec_parse(buf, n, out);
    return st;
}

/* A number of the data, in ASCII digits or Thai ones.  ASCII is tried
 * first: the usual number costs nothing more. */

static bool is_digits_number(const RawField *f)
{
    return f->kind == RAW_TEXT || f->kind == RAW_NUMBER;
}

/* Convert one scalar raw value to `kind`; on failure add a message about
 * `field` and return false. */
static bool convert_scalar(Evaluator *ev, const InputDecl *in, const Kind *kind, const RawField *f,
                           Value *out)
{
    char b[96];
    const char *name = in->name;
    switch (kind->tag) {
    case KIND_BOOL:
        if (f->kind == RAW_BOOL) {
            out->tag = VAL_BOOL;
            out->b = f->len == 4;
            return true;
        }
        if (f->kind == RAW_TEXT) {
            if ((f->len == 4 && memcmp(f->text, "true", 4) == 0) || (f->len == 1 && f->text[0] == '1')) {
                *out = (Value){ .tag = VAL_BOOL, .b = true };
                return true;
            }
            if ((f->len == 5 && memcmp(f->text, "false", 5) == 0) || (f->len == 1 && f->text[0] == '0')) {
                *out = (Value){ .tag = VAL_BOOL, .b = false };
                return true;
            }
        }
        msg_add(ev, "field `%s`: expected true or false, found %s", name, raw_shown(f, b, sizeof b));
        return false;
    case KIND_INTEGER:
    case KIND_YEAR:
    case KIND_DECIMAL: {
        Dec d;
        DecStatus st = is_digits_number(f) ? parse_number(f->text, f->len, &d) : DEC_SYNTAX;
        if (st == DEC_SYNTAX) {
            const char *found = f->kind == RAW_BOOL ? (f->len == 4 ? "true" : "false") : raw_shown(f, b, sizeof b);
            /* one whole sentence per kind, for the translations */
            if (kind->tag == KIND_DECIMAL)
                msg_add(ev, "field `%s`: expected a number, found %s", name, found);
            else if (kind->tag == KIND_YEAR)
                msg_add(ev, "field `%s`: expected a year, found %s", name, found);
            else
                msg_add(ev, "field `%s`: expected a whole number, found %s", name, found);
            return false;
        }
        if (st != DEC_OK) {
            msg_add(ev, "field `%s`: %s is too long a number", name, raw_shown(f, b, sizeof b));
            return false;
        }
        /* Only a value written with more decimals than allowed can need
         * more (5.00 is a whole number): count them only then. */
        int allowed = kind->tag == KIND_DECIMAL ? ev->r->precision : 0;
        int places = d.scale <= allowed ? d.scale : dec_places(d);
        if (kind->tag != KIND_DECIMAL && places > 0) {
            msg_add(ev, "field `%s`: expected a whole number, found %s", name, raw_shown(f, b, sizeof b));
            return false;
        }
        if (kind->tag == KIND_DECIMAL && places > ev->r->precision) {
            /* Two counts: the sentence is chosen by the rules' precision
             * (with one allowed, the value has two places or more), its
             * plural by the value's places. */
            if (ev->r->precision == 1)
                msg_add(ev, "field `%s`: %s has %d decimal places; at most %d is allowed", name,
                        raw_shown(f, b, sizeof b), places, ev->r->precision);
            else
                msg_add(ev, P_("field `%s`: %s has %d decimal place; at most %d are allowed",
                               "field `%s`: %s has %d decimal places; at most %d are allowed", (unsigned long)places),
                        name, raw_shown(f, b, sizeof b), places, ev->r->precision);
            return false;
        }
        *out = (Value){ .tag = VAL_NUM, .num = d };
        return true;
    }
    case KIND_TEXT:
        if (f->kind == RAW_TEXT || f->kind == RAW_STRING || f->kind == RAW_NUMBER) {
            *out = (Value){ .tag = VAL_TEXT, .len = (uint32_t)f->len, .p.text = f->text };
            return true;
        }
        msg_add(ev, "field `%s`: expected text", name);
        return false;
    case KIND_ENUM:
        if (f->kind == RAW_TEXT || f->kind == RAW_STRING) {
            for (size_t i = 0; i < kind->nnames; i++) {
                const char *n = kind->names[i];
                if (strlen(n) == f->len && memcmp(n, f->text, f->len) == 0) {
                    *out = (Value){ .tag = VAL_TEXT, .len = (uint32_t)f->len, .p.text = n };
                    return true;
                }
            }
        }
        {
            char all[256];
            size_t n = 0;
            for (size_t i = 0; i < kind->nnames && n < sizeof all; i++)
                n += (size_t)snprintf(all + n, sizeof all - n, "%s%s", i ? ", " : "", kind->names[i]);
            msg_add(ev, "field `%s`: %s is not one of %s", name, raw_shown(f, b, sizeof b), all);
        }
        return false;
    case KIND_DATE: {
        int32_t days;
        if ((f->kind == RAW_TEXT || f->kind == RAW_STRING) && f->len == 10) {
            char t[11];
            memcpy(t, f->text, 10);
            t[10] = '\0';
            if (parse_date(t, &days)) {
                *out = (Value){ .tag = VAL_DATE, .date = days };
                return true;
            }
        }
        msg_add(ev, "field `%s`: expected a date YYYY-MM-DD, found %s", name, raw_shown(f, b, sizeof b));
        return false;
    }
    default:
        msg_add(ev, "field `%s` cannot be read", name);
        return false;
    }
}

static bool convert_list(Evaluator *ev, const InputDecl *in, const RawField *f, Value *out)
{
    const Kind *elem = in->kind.elem;
    *out = (Value){ .tag = VAL_LIST };
    if (raw_empty(f))
        return true;
    if (f->kind == RAW_ARRAY) {
        Value *items = arena_alloc(&ev->arena, sizeof *items * (f->count + 1));
        for (uint32_t i = 0; i < f->count; i++)
            if (!convert_scalar(ev, in, elem, &ev->rec->items[f->first + i], &items[i]))
                return false;
        out->p.items = items;
        out->len = f->count;
        return true;
    }
    if (f->kind != RAW_TEXT) {
        msg_add(ev, "field `%s`: expected a list", in->name);
        return false;
    }
    /* CSV: items separated by `;`, blanks around them ignored. */
    size_t n = 1;
    for (size_t i = 0; i < f->len; i++)
        n += f->text[i] == ';';
    Value *items = arena_alloc(&ev->arena, sizeof *items * n);
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= f->len; i++) {
        if (i < f->len && f->text[i] != ';')
            continue;
        size_t a = start, z = i;
        while (a < z && (f->text[a] == ' ' || f->text[a] == '\t'))
            a++;
        while (z > a && (f->text[z - 1] == ' ' || f->text[z - 1] == '\t'))
            z--;
        start = i + 1;
        if (a == z) {
            if (n == 1)
                break; /* only blanks: the empty list */
            msg_add(ev, "field `%s`: an item of the list is empty", in->name);
            return false;
        }
        RawField item = { .kind = RAW_TEXT, .text = f->text + a, .len = z - a };
        if (!convert_scalar(ev, in, elem, &item, &items[k++]))
            return false;
    }
    out->p.items = items;
    out->len = (uint32_t)k;
    return true;
}

/* The usual cells, in line: true/false/1/0 for a bool, a short number
 * with no more decimals than allowed for a number.  False when the cell is
 * anything else: convert_scalar then decides, and writes any message. */
static inline bool convert_quick(const Evaluator *ev, const InputDecl *in, const RawField *f, Value *v)
{
    if (f->kind != RAW_TEXT && f->kind != RAW_NUMBER)
        return false;
    switch (in->kind.tag) {
    case KIND_BOOL:
        if (f->kind == RAW_TEXT && ((f->len == 4 && memcmp(f->text, "true", 4) == 0) ||
                                    (f->len == 1 && f->text[0] == '1'))) {
            v->tag = VAL_BOOL;
            v->b = true;
            return true;
        }
        if (f->kind == RAW_TEXT && ((f->len == 5 && memcmp(f->text, "false", 5) == 0) ||
                                    (f->len == 1 && f->text[0] == '0'))) {
            v->tag = VAL_BOOL;
            v->b = false;
            return true;
        }
        return false;
    case KIND_INTEGER:
    case KIND_YEAR:
    case KIND_DECIMAL: {
        Dec d;
        if (f->len == 0 || parse_number(f->text, f->len, &d) != DEC_OK)
            return false;
        if (d.scale > (in->kind.tag == KIND_DECIMAL ? ev->r->precision : 0))
            return false;  /* maybe 5.00, maybe too many decimals */
        v->tag = VAL_NUM;
        v->num = d;
        return true;
    }
    default:
        return false;
    }
}

bool convert_field(Evaluator *ev, const InputDecl *in, const RawField *f)
{
    Value *v = &ev->slots[in->slot];
    bool ok;
    if (convert_quick(ev, in, f, v)) {
        ev->slot_ok[in->slot] = true;
        return true;
    }
    if (in->kind.tag == KIND_LIST) {
        ok = convert_list(ev, in, f, v);
    } else if (raw_empty(f)) {
        ok = in->optional;
        if (ok)
            *v = (Value){ .tag = VAL_ABSENT };
        else if (f->kind == RAW_ABSENT)
            msg_add(ev, "field `%s` is missing", in->name);
        else
            msg_add(ev, "field `%s` is empty", in->name);
    } else {
        ok = convert_scalar(ev, in, &in->kind, f, v);
    }
    ev->slot_ok[in->slot] = ok;
    return ok;
}
