/* check.h -- the checker: names, kinds, and what looks wrong in a rule file.
 *
 * check_rules resolves every name to its slot, gives every expression its
 * kind, and fills in what the evaluator needs (node indices, report columns,
 * the inputs each category reads).  Errors make the rules unusable; warnings
 * (weights that do not add up, a score that falls in no tier, a condition
 * that can never hold) leave them usable.  Everything goes to `diags`. */
#ifndef AWARD_CHECK_H
#define AWARD_CHECK_H

#include "ast.h"
#include "diag.h"

/* Returns true when the rules have no errors (warnings allowed). */
bool check_rules(Rules *r, Diags *diags);

/* Read, parse and check one rule file; every message goes to diags.  NULL
 * only when the file cannot be read; otherwise the tree, usable when diags
 * holds no errors.  The returned Rules owns the file's text, which the
 * messages in diags point into: free it after printing them. */
Rules *check_load(const char *path, Diags *diags);

#endif
