/* extend.h -- a later year's rules as changes to an earlier year's (see
 * extend.c and docs/language.md, "Next year's rules"). */
#ifndef AWARD_EXTEND_H
#define AWARD_EXTEND_H

#include "ast.h"
#include "diag.h"

/* Apply the changes `rf` states to `base`, the whole award of the file rf
 * extends (already put together, if that one extends yet another).  base
 * becomes the whole award of rf.  Errors and warnings go to d. */
void extend_apply(Rules *r, Diags *d, RuleFile *base, const RuleFile *rf);

#endif
