/* show.h -- rules written out in the rule language (see show.c). */
#ifndef AWARD_SHOW_H
#define AWARD_SHOW_H

#include "ast.h"
#include "strbuf.h"

/* The complete, checked rules r, flattened, as a rule file that checks on
 * its own; each item with a comment naming the file and line it came from. */
void show_rules(const Rules *r, Sb *out);
/* One expression, from the tree, with the brackets precedence needs. */
void show_expr(Sb *b, const Expr *e);
/* A text in quotes, escaped as the scanner reads it back. */
void show_string(Sb *b, const char *s);

#endif
