/* ast_eq.h -- structural equality of the parts of two rule trees.
 *
 * Two rule files (two years, or a file and the one it extends) are read
 * into two Rules; these say whether a part of one means the same as the
 * same part of the other, whatever the spacing, line breaks, comments and
 * redundant brackets, and wherever each stands in its file.  Names compare
 * by their text (the checker's slots differ between two files), numbers by
 * value (80 and 80.00 are equal), so checked and unchecked trees compare
 * alike.  Nothing is allocated; the trees are only read. */
#ifndef AWARD_AST_EQ_H
#define AWARD_AST_EQ_H

#include <stdbool.h>

#include "ast.h"

/* Whether two expressions are the same tree: same operators, functions
 * (by name as written), names, literal values and list items, in the same
 * order.  A quantifier's variable is compared by name: `all y in L: y > 0`
 * and `all z in L: z > 0` are different.  Two NULLs are equal. */
bool expr_equal(const Expr *a, const Expr *b);

/* Whether two kinds are the same: a list's element kind, the names of a
 * `one of` as a set (their order changes nothing). */
bool kind_equal(const Kind *a, const Kind *b);

/* Whether two score nodes and everything under them are the same: form
 * (group, item, bonus), name, label, out of, cap, rounding, weight, value
 * (an item without `= expr` is the same as `= NAME`, its own name), and the
 * children in order. */
bool node_equal(const ScoreNode *a, const ScoreNode *b);

#endif
