/* cmd_show.c -- `award show RULES`: the complete rules of a file, flattened
 * (see show.c). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "mem.h"
#include "show.h"

const char usage_show[] =
    "usage: award show RULES [-o FILE]\n"
    "\n"
    "Write the complete rules of RULES in the rule language.  For a file that\n"
    "extends another (`extends \"../2558/x.award\"`), this is the award the files\n"
    "make together, every change applied: next year's rules whole, as a reviewer\n"
    "reads them.  Each item ends with a comment naming the file and line its text\n"
    "came from, after the comments that stood before it there.  The output is a\n"
    "rule file: saved, it checks on its own and evaluates every application\n"
    "exactly as RULES does.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE write to FILE instead of standard output (not RULES itself;\n"
    "                    replaced only when everything was written)\n"
    "\n"
    "Exit status 0 when the rules were written, 2 on a usage error, rules that do\n"
    "not check, or an output that could not be written.\n";

int cmd_show(int argc, char **argv)
{
    const char *rules = NULL, *output = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a))
            return cli_emit(usage_show);
        if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (i + 1 == argc || !argv[i + 1][0])
                return cli_usage_error("show", "`%s` needs a file name", a);
            output = argv[++i];
        } else if (strncmp(a, "--output=", 9) == 0 && a[9]) {
            output = a + 9;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error("show", "unknown option `%s` for show", a);
        } else if (rules) {
            return cli_usage_error("show", "show takes one rule file (it was given %s and %s)", rules, a);
        } else {
            rules = a;
        }
    }
    if (!rules)
        return cli_usage_error("show", "show needs a rule file");
    if (cli_is_directory(rules)) {
        cli_say("%s is a directory; show takes one rule file", rules);
        return 2;
    }
    char err[512];
    if (output && outfile_is_input(output, &rules, 1, err, sizeof err)) {
        cli_say("%s", err);
        return 2;
    }
    Diags *d = diag_new();
    Rules *r = cli_load_checked(rules, d);
    if (!r) {
        diag_free(d);
        return 2;
    }
    int rc = 0;
    Sb text = { 0 };
    show_rules(r, &text);
    OutFile *out = outfile_open(output, err, sizeof err);
    if (!out) {
        cli_say("%s", err);
        rc = 2;
    } else {
        fwrite(text.s, 1, text.len, outfile_stream(out));
        if (!cli_end_output(out, true))
            rc = 2;
    }
    sb_free(&text);
    diag_print(d, stderr); /* warnings of the rule files, if any */
    rules_free(r);
    diag_free(d);
    return rc;
}
