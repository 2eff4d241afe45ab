/* scenario_csv.h -- cases kept in a spreadsheet: `award test cases.csv`
 * runs a CSV file (as Excel saves it) whose rows are cases, and
 * `award test --export FILE.scenario` writes a scenario file's cases as
 * such a CSV (see docs/scenarios.md, "Cases in a spreadsheet"). */
#ifndef AWARD_SCENARIO_CSV_H
#define AWARD_SCENARIO_CSV_H

#include <stdbool.h>

#include "scenario_internal.h"

/* Whether path names a CSV file (it ends in `.csv`, in any case). */
bool scn_csv_is_csv(const char *path);

/* Whether a folder walk takes the file: its name ends in `cases.csv`. */
bool scn_csv_walked(const char *name);

/* Run every row of the case spreadsheet at path as a case, counting each
 * into run (passed, or failed: its expectations, or a located error).
 * rules_flag: the rule file of `--rules` (NULL: none), for the rows whose
 * `rules` column does not name one. */
void scn_csv_run(Runner *run, const char *path, const char *rules_flag);

/* `award test --export FILE.scenario [-o OUT]`: the cases of the scenario
 * file as a case spreadsheet, to OUT (NULL: standard output, which the
 * caller flushes and closes).  What a row cannot hold with the same
 * meaning is an error, or, with leave_out, a warning and left out of the
 * spreadsheet (counted on the last line).  Exit status: 0 written; 1 the
 * file has mistakes or (without leave_out) things a spreadsheet cannot
 * hold, each said on standard error, and nothing is written; 2 the output
 * could not be written; 3 out of memory. */
int scn_csv_export(const char *scenario_path, const char *out_path, bool leave_out);

#endif
