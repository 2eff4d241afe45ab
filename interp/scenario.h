/* scenario.h -- scenario files: what testers expect of rule files.
 *
 * A scenario file names a rule file, a base application and cases that vary
 * a few of its fields, each with what it must give (see docs/scenarios.md).
 * `award test` runs them; `--coverage` then says, per rule file, what no
 * scenario exercised.  A scenario file may reuse another's scenarios with
 * `from`, against next year's rules, stating only what changes.  Cases may
 * also be kept in a spreadsheet (scenario_csv.h). */
#ifndef AWARD_SCENARIO_H
#define AWARD_SCENARIO_H

/* The `award test` command: arguments after the verb.  Runs scenario files
 * and case spreadsheets (*.csv; scenario_csv.h), or, with --export, writes
 * a scenario file's cases as a spreadsheet.  Returns the exit status: 0 all
 * passed (or the spreadsheet was written), 1 a case failed or a file is
 * broken (or cannot be exported), 2 usage (an unknown option, a path that
 * does not exist, a folder without *.scenario or *cases.csv files,
 * --rules with a scenario file) or an output could not be written (said on
 * standard error), 3 out of memory.  Standard output is flushed before it
 * returns; closing it is the caller's. */
int scenario_main(int argc, char **argv);

/* The help text of `award test`. */
extern const char scenario_usage[];

#endif
