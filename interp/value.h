/* value.h -- run-time values of rule expressions.
 *
 * A Value is a small tagged struct passed by value.  Texts and list items
 * point into the current record or the evaluator's per-record arena: a
 * Value is valid only while its record is being evaluated. */
#ifndef AWARD_VALUE_H
#define AWARD_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dec.h"

typedef enum ValTag {
    VAL_ABSENT = 0,  /* an optional field left empty */
    VAL_BOOL,
    VAL_NUM,         /* integer, decimal and year alike */
    VAL_TEXT,        /* text and enumeration names */
    VAL_DATE,        /* days since 1970-01-01 */
    VAL_LIST,
    VAL_RANGE,       /* whole numbers lo .. hi */
} ValTag;

typedef struct Value Value;
struct Value {
    ValTag tag;
    bool b;
    int32_t date;
    uint32_t len;        /* VAL_TEXT: bytes; VAL_LIST: items */
    Dec num;
    union {
        const char *text;    /* VAL_TEXT, not NUL-terminated */
        const Value *items;  /* VAL_LIST */
    } p;
    int64_t lo, hi;          /* VAL_RANGE */
};

/* Order of two values of one kind (numbers by value, texts bytewise):
 * negative, zero or positive. */
int value_compare(const Value *a, const Value *b);

struct Kind;
/* The place of an enumeration value in its kind's names (0 the first;
 * on an ordered scale, the lowest), or -1. */
int enum_rank(const struct Kind *k, const Value *v);

#endif
