/* outfile.c -- the checked output of outfile.h: standard output or `-o
 * FILE` through a temporary file renamed into place. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "mem.h"
#include "utext.h"

/* Output is written in blocks this large: one system call per 64 KiB. */
#define OUT_BUFFER (1 << 16)

struct OutFile {
    FILE *f;
    bool is_stdout;
    char *name;      /* for messages: the path as given, or "standard output" */
    char *target;    /* the file the temporary replaces; NULL: written directly */
    char *temp;      /* the temporary file, while it exists */
    int err;         /* errno of the first failed write, 0 while none */
    bool no_temp;    /* opening failed at the temporary file, not FILE */
    char *buf;       /* the stream's buffer */
};

void outfile_keep_std_fds(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        /* The lowest free number is taken, which is fd: the lower ones are
         * open by now.  Standard input gets a descriptor that cannot be
         * read, the others one that cannot be written. */
        int got = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
        if (got != fd && got >= 0)
            close(got);
    }
}

/* A message into err, cut between two characters when it does not fit (a
 * translated message is longer in bytes: a Thai letter takes three).
 * Callers translate the format with _(), where it is written. */
__attribute__((format(printf, 3, 4)))
static void say(char *err, size_t errsize, const char *fmt, ...)
{
    if (!err || errsize == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(err, errsize, fmt, ap);
    va_end(ap);
    size_t bad;
    if (n > 0 && (size_t)n >= errsize && !utext_valid(err, errsize - 1, &bad))
        err[bad] = '\0';
}

/* ---- an output that is an input ---- */

bool outfile_is_input(const char *path, const char *const *inputs, size_t ninputs,
                      char *err, size_t errsize)
{
    bool to_stdout = !path || strcmp(path, "-") == 0;
    struct stat out;
    if (to_stdout ? fstat(STDOUT_FILENO, &out) != 0 : stat(path, &out) != 0)
        return false; /* nothing there yet: it cannot be an input */
    if (!to_stdout && S_ISDIR(out.st_mode)) {
        say(err, errsize, _("cannot write %s: it is a directory; give a file name after -o"), path);
        return true;
    }
    /* Only a regular file can be both read and overwritten; standard
     * output on a terminal or a pipe is no input of this run. */
    if (!S_ISREG(out.st_mode))
        return false;
    for (size_t i = 0; i < ninputs; i++) {
        struct stat in;
        if (!inputs[i] || strcmp(inputs[i], "-") == 0 || stat(inputs[i], &in) != 0)
            continue;
        if (in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
            if (to_stdout)
                say(err, errsize, _("standard output is the input %s: writing the results there would "
                                    "destroy it; send them to another file"), inputs[i]);
            else if (strcmp(path, inputs[i]) == 0)
                say(err, errsize, _("the output %s is also an input of this run: writing the results "
                                    "there would destroy it; give another file after -o"), path);
            else
                say(err, errsize, _("the output %s is the input %s under another name: writing the "
                                    "results there would destroy it; give another file after -o"), path, inputs[i]);
            return true;
        }
    }
    return false;
}

/* ---- removing the temporary file on a signal ---- */

/* The one temporary file the handlers remove.  Only async-signal-safe
 * calls are made in the handler (unlink, signal, raise). */
static char pending_temp[PATH_MAX];
static volatile sig_atomic_t pending_armed;
static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction saved_actions[sizeof cleanup_signals / sizeof cleanup_signals[0]];

static void remove_temp_and_die(int sig)
{
    if (pending_armed)
        unlink(pending_temp);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void arm_cleanup(const char *temp)
{
    size_t len = strlen(temp);
    if (len >= sizeof pending_temp)
        return; /* too long to keep: an interrupted run then leaves it */
    memcpy(pending_temp, temp, len + 1);
    struct sigaction sa = { 0 };
    sa.sa_handler = remove_temp_and_die;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++)
        sigaction(cleanup_signals[i], &sa, &saved_actions[i]);
    pending_armed = 1;
}

static void disarm_cleanup(void)
{
    if (!pending_armed)
        return;
    pending_armed = 0;
    for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++)
        sigaction(cleanup_signals[i], &saved_actions[i], NULL);
}

/* ---- opening ---- */

static void outfile_free(OutFile *o)
{
    mem_free(o->name);
    mem_free(o->target);
    mem_free(o->temp);
    mem_free(o->buf);
    mem_free(o);
}

/* The mode a new file gets from the shell: 0666 less the umask. */
static mode_t new_file_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

/* Open a temporary file beside o->target, with `mode`; false with errno. */
static bool open_temp(OutFile *o, mode_t mode)
{
    static const char stem[] = ".award-out-XXXXXX";
    const char *slash = strrchr(o->target, '/');
    size_t dirlen = slash ? (size_t)(slash - o->target) + 1 : 0;
    o->temp = mem_alloc(dirlen + sizeof stem);
    if (!o->temp) {
        errno = ENOMEM;
        return false;
    }
    memcpy(o->temp, o->target, dirlen);
    memcpy(o->temp + dirlen, stem, sizeof stem);
    int fd = mkstemp(o->temp);
    if (fd < 0) {
        o->no_temp = true;
        mem_free(o->temp);
        o->temp = NULL;
        return false;
    }
    arm_cleanup(o->temp);
    if (fchmod(fd, mode) != 0 || !(o->f = fdopen(fd, "w"))) {
        int e = errno;
        close(fd);
        unlink(o->temp);
        disarm_cleanup();
        mem_free(o->temp);
        o->temp = NULL;
        errno = e;
        return false;
    }
    return true;
}

/* Open `path` for o: through a temporary file when it is a regular file
 * or does not exist, directly otherwise.  False with errno. */
static bool open_path(OutFile *o, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno != ENOENT)
            return false;
        o->target = mem_strndup(path, strlen(path));
        return o->target && open_temp(o, new_file_mode());
    }
    if (S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return false;
    }
    if (!S_ISREG(st.st_mode))
        return (o->f = fopen(path, "w")) != NULL;
    /* Replace the file a link names, not the link. */
    char *real = mem_alloc(PATH_MAX);
    if (!real) {
        errno = ENOMEM;
        return false;
    }
    if (!realpath(path, real)) {
        int e = errno;
        mem_free(real);
        errno = e;
        return false;
    }
    o->target = real;
    return open_temp(o, st.st_mode & 07777);
}

OutFile *outfile_open(const char *path, char *err, size_t errsize)
{
    OutFile *o = mem_calloc(1, sizeof *o);
    if (!o) {
        say(err, errsize, "%s", _("out of memory"));
        return NULL;
    }
    o->is_stdout = !path || strcmp(path, "-") == 0;
    /* TRANSLATORS: where the results go without -o, as in "cannot write
     * standard output: No space left on device". */
    const char *name = o->is_stdout ? _("standard output") : path;
    o->name = mem_strndup(name, strlen(name));
    o->buf = mem_alloc(OUT_BUFFER);
    if (!o->name || !o->buf) {
        say(err, errsize, "%s", _("out of memory"));
        outfile_free(o);
        return NULL;
    }
    if (o->is_stdout) {
        o->f = stdout;
    } else if (!open_path(o, path)) {
        int e = errno;
        /* Say why a file that could be written in place was not. */
        if (o->no_temp && e != ENOENT)
            say(err, errsize, _("cannot write %s: %s (the results are written to a new file beside it first, "
                                "then renamed over it; the directory must allow that)"), path, strerror(e));
        else
            say(err, errsize, _("cannot write %s: %s"), path, strerror(e));
        outfile_free(o);
        return NULL;
    }
    setvbuf(o->f, o->buf, _IOFBF, OUT_BUFFER);
    return o;
}

FILE *outfile_stream(const OutFile *o) { return o->f; }

const char *outfile_name(const OutFile *o) { return o->name; }

bool outfile_failed(OutFile *o)
{
    if (o->err)
        return true;
    if (!ferror(o->f)) {
        /* So that the errno read below is the failed write's, not an
         * older one's. */
        errno = 0;
        return false;
    }
    /* The failed write set errno, and the writers make no other call that
     * sets it between their writes and this check. */
    o->err = errno ? errno : EIO;
    return true;
}

bool outfile_close(OutFile *o, bool keep, char *err, size_t errsize)
{
    int e = 0;
    outfile_failed(o);
    if (fflush(o->f) != 0 && !o->err)
        o->err = errno ? errno : EIO;
    outfile_failed(o);
    /* Written data must be on the disk before it replaces a good file. */
    if (keep && o->temp && !o->err && fsync(fileno(o->f)) != 0)
        o->err = errno;
    if (fclose(o->f) != 0 && !o->err)
        o->err = errno ? errno : EIO;
    e = o->err;
    if (o->temp) {
        if (keep && !e && rename(o->temp, o->target) != 0)
            e = errno;
        if (!keep || e)
            unlink(o->temp);
        disarm_cleanup();
    }
    if (e)
        say(err, errsize, _("cannot write %s: %s"), o->name, strerror(e));
    outfile_free(o);
    return e == 0;
}
