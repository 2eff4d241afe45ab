/* rdiff.h -- what changed between two sets of rules (`award diff`).
 *
 * rdiff_new sets two checked rule trees side by side and lists every change
 * a reviewer of next year's criteria must see: parts added, removed and
 * renamed; conditions added, removed and changed; labels, limits, weights,
 * bonuses, caps, rounding, tier rules, inputs, lets, the title, the year
 * and the precision changed, each with its value on both sides and where
 * each side is written.  It compares meanings, not text: spacing, line
 * breaks, comments, brackets and the order of declarations change nothing
 * (ast_eq.h).
 *
 * How parts are paired: inputs and lets by name, scores and tier tables by
 * name, score items by name within their group (a group's bonuses by their
 * order among its bonuses), tiers by id within their table, categories by
 * id (an id gone while a category of the same number and a new id came is
 * renamed), and the conditions of a category (see rdiff.c, pair_requires)
 * by handle, else by an equal condition, else by place between conditions
 * already paired, else removed and added.
 *
 * The list is in the order of NEW's file: groups (the award, the inputs,
 * the lets, each score, tier table and category) by where NEW declares
 * them, a removed one just after the part that came before it in OLD;
 * within a group, NEW's order, removed parts at their old place.
 *
 * No output is written here (cmd_diff.c writes text and JSON).
 *
 * Ownership: an Rdiff owns its changes and every string in them (an arena);
 * the Sources they point to belong to the Diags the two rules were read
 * with, so free the Rdiff before those. */
#ifndef AWARD_RDIFF_H
#define AWARD_RDIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "diag.h"
#include "mem.h"

typedef enum RdiffKind { RDIFF_ADDED, RDIFF_REMOVED, RDIFF_CHANGED, RDIFF_RENAMED } RdiffKind;

/* One side of a change. */
typedef struct RdiffSide {
    const char *text;      /* the value, or the part added or removed, as
                              shown (texts of the file without quotes, see
                              is_text; expressions on one line); NULL when
                              this side has none */
    const Source *src;     /* the file it is written in; NULL when no place */
    unsigned line;         /* its 1-based line; 0 when no place */
} RdiffSide;

typedef struct RdiffChange {
    RdiffKind kind;
    const char *what;      /* the part: "award", "input", "let", "score",
                              "group", "item", "bonus", "tiers", "tier",
                              "category", "condition" */
    const char *path;      /* where it is, for programs: "score/service/part1",
                              "category/standard/require/2" */
    const char *subject;   /* the part for people: "item `part1/efficiency`" */
    const char *attr;      /* RDIFF_CHANGED, RDIFF_RENAMED: what changed
                              ("out_of", "label", "condition", ...); else NULL */
    bool is_text;          /* the values are texts written in quotes (a
                              label, a title, a message, a note) */
    const char *group;     /* the heading it is listed under: "input",
                              "score `service`", "category 1 `standard`" */
    RdiffSide old, new;
} RdiffChange;

typedef struct Rdiff {
    Arena arena;
    RdiffChange *changes;  /* in the order described above */
    size_t nchanges;
} Rdiff;

/* The changes from `old` to `new`, both checked without errors.  NULL only
 * when memory ran out.  Free with rdiff_free. */
Rdiff *rdiff_new(const Rules *old, const Rules *new);
void rdiff_free(Rdiff *d);

#endif
