/* outfile.h -- where a command's results go: standard output or the file
 * of `-o FILE`, with every write checked and no half-written file left.
 *
 * A result that was not written is an error, never a silent success.  The
 * writers (report.c, explain.c, scenario.c) write to the OutFile's stream
 * with plain stdio calls; the stream's error flag is sticky, so they need
 * not check each call.  The command checks outfile_failed after each
 * record (to stop at once instead of evaluating the rest into a dead pipe
 * or a full disk) and outfile_close at the end, which flushes, closes and
 * reports "cannot write FILE: reason" (FILE is "standard output" for the
 * standard output); the command then exits with status 2.  Messages are in
 * the language chosen at start-up (i18n.h); the reason after the colon is
 * the C library's (strerror).
 *
 * A regular FILE (or a new one) is not written in place: the results go to
 * a temporary file in the same directory (".award-out-XXXXXX", created
 * with mkstemp), which outfile_close renames over FILE only when the run
 * wrote everything and asked to keep it.  A failed or interrupted run
 * (SIGINT, SIGTERM, SIGHUP remove the temporary file) leaves an existing
 * FILE as it was.  The new FILE has the mode of the one it replaces, or
 * 0666 less the umask when there was none, like a file the shell creates.
 * A symbolic link is followed (the file it names is replaced, the link
 * stays); a hard link to FILE keeps the old contents.  A FILE that is not
 * a regular file (/dev/null, /dev/full, a FIFO) is written directly.
 *
 * Typical use (eval, explain, and the same shape fits `award test`):
 *
 *     outfile_keep_std_fds();                      once, at the start of main
 *     if (outfile_is_input(path, inputs, n, err, sizeof err)) -> refuse, exit 2
 *     OutFile *o = outfile_open(path, err, sizeof err);   NULL path: stdout
 *     FILE *f = outfile_stream(o);
 *     for each record: write to f; if (outfile_failed(o)) stop;
 *     if (!outfile_close(o, keep, err, sizeof err)) -> print err, exit 2
 *
 * Ownership: the OutFile owns its stream and buffer; outfile_close frees
 * everything (it closes standard output too: write nothing to it after).
 * One OutFile at a time may have a temporary file (the signal handlers
 * know one path). */
#ifndef AWARD_OUTFILE_H
#define AWARD_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct OutFile OutFile;

/* Make sure descriptors 0, 1 and 2 are open, so that no file this run
 * opens (a data file, a temporary file) can take the number of a closed
 * standard output and receive the results.  A closed one is reopened on
 * /dev/null in the direction that fails: writing to a closed standard
 * output still fails (EBADF), and is reported. */
void outfile_keep_std_fds(void);

/* Whether the output `path` (NULL or "-": standard output) is the same
 * file (device and inode, through any path or link) as one of the inputs
 * (a NULL input or "-" is standard input and is skipped).  True, with
 * "the output FILE is the input INPUT: ..." in err, when it is: the caller
 * must not open it for writing.  Also true when `path` is a directory. */
bool outfile_is_input(const char *path, const char *const *inputs, size_t ninputs,
                      char *err, size_t errsize);

/* Open the output: standard output when `path` is NULL or "-".  NULL,
 * with "cannot write FILE: reason" in err, when it cannot be created. */
OutFile *outfile_open(const char *path, char *err, size_t errsize);

FILE *outfile_stream(const OutFile *o);

/* "standard output", or the path as given. */
const char *outfile_name(const OutFile *o);

/* True once any write to the stream has failed (the reason is kept for
 * outfile_close).  Cheap: call it after each record. */
bool outfile_failed(OutFile *o);

/* Flush and close the stream and free `o`.  keep: the run wrote everything
 * it should, so the temporary file replaces FILE; otherwise it is removed
 * and FILE is left as it was.  Returns false, with "cannot write FILE:
 * reason" in err, when a write, the flush, the close or the rename failed
 * (then nothing replaced FILE); true when keep was false and nothing
 * failed. */
bool outfile_close(OutFile *o, bool keep, char *err, size_t errsize);

#endif
