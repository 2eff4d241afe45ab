#!/usr/bin/env python3
"""csv_reader.py -- the CSV reader (data_csv.c, through data_dump) against
Python's csv module, over seeded hostile inputs: every record must be
accounted for.

usage: csv_reader.py DATA-DUMP-COMMAND...   (run by tests/differential/run.sh)
environment: CSV_DIFF_SEED (default 2558), CSV_DIFF_COUNT (inputs, default 2000)

The inputs: a header of 1 to 5 names (some quoted, some with spaces around
them, now and then broken), then rows built from quotes in every position,
text after closing quotes, "" pairs, line ends (LF, CRLF, lone CR) inside
and outside quotes, commas, spaces and tabs around cells, empty and blank
lines, ragged rows, invalid UTF-8, NUL, Thai, a UTF-8 byte-order mark,
lines over the reader's 64 KiB buffer, and quotes left open at the end.

What Python's csv module is, and the differences our reader documents
(data.h), normalised here:
- Python reads the input decoded as UTF-8 with surrogateescape (so every
  byte comes through), without the UTF-8 byte-order mark (we skip it; it
  would be text of Python's first cell), through io.StringIO(newline=''),
  whose lines end at LF, CRLF or a lone CR, as ours do; line numbers are
  Python's line_num, which counts the same lines.
- Python in strict mode with skipinitialspace=True, so that it skips the
  spaces before a cell, and before an opening quote, as libcsv does.
  libcsv skips tabs there too, and Python only spaces: every tab is made a
  space for Python, and in our texts before they are compared.
- libcsv drops the spaces after an unquoted cell; Python keeps them: a
  cell of ours equals Python's, or Python's without its trailing spaces.
- libcsv allows spaces and tabs between a closing quote and the comma or
  line end; strict Python refuses them ("',' expected after '"'").  Where
  Python refuses, the place is found (by reading ever shorter prefixes of
  the line) and, when only spaces follow it up to a comma or the line's
  end, they are taken out and the record is read again.
- Any other text after a closing quote: Python (strict) stops with an
  error; that record must be an error record of ours starting on the same
  line, and both readers go on at the next physical line.  A quoted cell
  open at the end of the input: likewise, and no record follows.
- A line holding only spaces and tabs is no record for us; Python gives
  one empty cell for it: such lines are passed over at a record's start.
- The first record is the header: a broken header is a whole-input error
  of ours (return -1, no record).
- A record we flag while Python reads it whole must have a reason Python
  can see: another number of cells than the header, a NUL byte or invalid
  UTF-8 in a cell.  No record may be missing, added, merged or moved.

On a failure it prints the seed, the input number, a reduced input that
still fails (as a Python bytes literal), and what each reader made of it.
"""
import csv
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time

csv.field_size_limit(1 << 30)

DUMP = sys.argv[1:]
if not DUMP:
    sys.exit("usage: csv_reader.py DATA-DUMP-COMMAND...")
SEED = int(os.environ.get("CSV_DIFF_SEED", "2558"))
COUNT = int(os.environ.get("CSV_DIFF_COUNT", "2000"))
BOM = b"\xef\xbb\xbf"


# ---- the generator ----

THAI = ["ก", "ข้อ", "กรมสรรพากร", "ไม่ต้องรอคิว"]
PLAIN = ["A1", "x", "", "98.50", "a b", " sp ", "\tx", "y\t", "2556;2557", "a\"b",
         "c\"\"d", "\xff", "\xe0\xb8", "bad\x81", "n\x00ul", "\x00"]
INSIDE = ["a", " ", "\t", ",", "\"\"", "\n", "\r\n", "\r", "x y", "ก", "\x00", "\xfe", ";"]
AFTER = ["", "", "", "", " ", "\t", "  ", " \t", "x", " y", "\"", " \"z\"", "\"\"", "q\"",
         " ,"]
CHAOS = ["\"", ",", " ", "\t", "\n", "\r", "\r\n", "a", "\"\"", "ก", "\x00"]
EOLS = ["\n", "\r\n", "\r"]


def s2b(s):
    """Latin-1 escapes in the tables stand for raw bytes; the rest is UTF-8."""
    out = bytearray()
    for ch in s:
        out += bytes([ord(ch)]) if ord(ch) < 256 else ch.encode()
    return bytes(out)


def gen_cell(rnd):
    k = rnd.random()
    if k < 0.45:
        return s2b(rnd.choice(PLAIN + THAI))
    if k < 0.85:
        body = b"".join(s2b(rnd.choice(INSIDE + THAI)) for _ in range(rnd.randrange(5)))
        lead = s2b(rnd.choice(["", "", "", " ", "\t"]))
        return lead + b"\"" + body + b"\"" + s2b(rnd.choice(AFTER))
    return b"".join(s2b(rnd.choice(CHAOS)) for _ in range(rnd.randrange(6)))


def gen_input(rnd):
    ncols = rnd.randrange(1, 6)
    names = ["c%d" % i for i in range(ncols)]
    eol = rnd.choice(EOLS)
    mixed = rnd.random() < 0.25
    out = bytearray()
    if rnd.random() < 0.1:
        out += BOM
    for _ in range(rnd.choice([0, 0, 0, 1, 2])):
        out += s2b(rnd.choice(["", " ", "\t "])) + s2b(eol)
    head = []
    for n in names:
        k = rnd.random()
        head.append(("\"%s\"" if k < 0.3 else " %s " if k < 0.4 else "%s") % n)
    if rnd.random() < 0.04:  # a broken header
        i = rnd.randrange(ncols)
        head[i] = rnd.choice(["\"%s\"x", "\"%s\" \"y\"", "\"%s"]) % names[i]
    out += ",".join(head).encode() + s2b(eol)
    for r in range(rnd.randrange(13)):
        if mixed:
            eol = rnd.choice(EOLS)
        k = rnd.random()
        if k < 0.08:
            out += s2b(rnd.choice(["", " ", "\t", " \t "]))
        else:
            n = ncols
            if rnd.random() < 0.15:
                n = max(1, n + rnd.choice([-1, 1, 2]))
            cells = [gen_cell(rnd) for _ in range(n)]
            if rnd.random() < 0.03:  # a line over the 64 KiB buffer
                i = rnd.randrange(n)
                big = b"z" * rnd.randrange(65000, 140000)
                cells[i] = rnd.choice([big, b"\"" + big + b"\"", b"\"" + big + b"\" t",
                                       b"\"x\" y" + big])
            out += b",".join(cells)
        if r < 12 or rnd.random() < 0.7:
            out += s2b(eol)
    if rnd.random() < 0.05:
        out += b"E,\"open" + s2b(eol) + b"F,x" + s2b(eol)
    return names, bytes(out)


# ---- Python's reading, with the documented differences ----

def strict_reader(lines):
    return csv.reader(iter(lines), strict=True, skipinitialspace=True)


def violation_at(lines, L):
    """Index in lines[L-1] of the first character strict Python refuses."""
    line = lines[L - 1]
    lo, hi = 0, len(line)  # the prefix of length hi fails, that of lo does not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        r = strict_reader(lines[:L - 1] + [line[:mid]])
        try:
            next(r)
            lo = mid
        except csv.Error as e:
            if "expected after" in str(e):
                hi = mid
            else:
                lo = mid
        except StopIteration:
            lo = mid
    return hi - 1


def python_records(text):
    """[(line, cells or None, why)] of every record, the header first."""
    lines = io.StringIO(text, newline="").readlines()
    recs = []
    i = 0
    while i < len(lines):
        if lines[i].strip(" \r\n") == "":
            i += 1
            continue
        work = lines[i:]
        while True:
            r = strict_reader(work)
            try:
                row = next(r)
                recs.append((i + 1, row, None))
                i += r.line_num
                break
            except csv.Error as e:
                L = r.line_num
                if "expected after" in str(e):
                    v = violation_at(work, L)
                    line = work[L - 1]
                    m = re.match(r" *(?=,|\r|\n|$)", line[v:])
                    if m and m.end() > 0:  # spaces libcsv allows: out, and again
                        work = work[:L - 1] + [line[:v] + line[v + m.end():]] + work[L:]
                        continue
                    recs.append((i + 1, None, "text after a closing quote, line %d" % (i + L)))
                    i += L
                    break
                if "unexpected end of data" in str(e):
                    recs.append((i + 1, None, "quote open at the end"))
                    i = len(lines)
                    break
                raise
    return recs


# ---- ours ----

def ours(path, names):
    p = subprocess.run(DUMP + ["csv", path] + names, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise RuntimeError("data_dump exited %d: %s" % (p.returncode, p.stderr.decode()))
    recs = []
    rc = None
    for ln in p.stdout.decode().splitlines():
        o = json.loads(ln)
        if "rc" in o:
            rc = (o["rc"], o["err"] and bytes.fromhex(o["err"]).decode(errors="replace"))
            continue
        err = o["error"] and bytes.fromhex(o["error"]).decode(errors="replace")
        cells = [None if k == "absent" else bytes.fromhex(h).decode("utf-8", "surrogateescape")
                 for k, h, _ in o["fields"]]
        recs.append((o["line"], cells, err))
    return recs, rc


# ---- the comparison ----

def has_surrogate(s):
    return any(0xDC80 <= ord(c) <= 0xDCFF for c in s)


def compare(names, data, path):
    """None when the readers agree, else what differs."""
    with open(path, "wb") as f:
        f.write(data)
    text = (data[3:] if data.startswith(BOM) else data).decode("utf-8", "surrogateescape")
    py = python_records(text.replace("\t", " "))
    got, (rc, err) = ours(path, names)
    if not py:
        if rc != -1 or got:
            return "no header: expected the whole-input error, got rc %s, %d records" % (
                rc, len(got))
        return None
    hline, header, hwhy = py[0]
    if header is None:
        if rc != -1 or got:
            return "broken header (%s): expected a whole-input error, got rc %s" % (hwhy, rc)
        return None
    # each field's column: the header cell that names it, spaces around dropped
    cols = [[i for i, h in enumerate(header) if h.strip(" ") == n] for n in names]
    if any(len(c) > 1 for c in cols):
        if rc != -1 or got:
            return "header %r names a field twice: expected a whole-input error" % header
        return None
    if rc != 0:
        return "whole-input error %r, Python read the header %r" % (err, header)
    rows = py[1:]
    if len(rows) != len(got):
        return "%d records by Python, %d by ours" % (len(rows), len(got))
    for k, ((pl, pcells, why), (gl, gcells, gerr)) in enumerate(zip(rows, got)):
        where = "record %d (Python: line %d, ours: line %d)" % (k + 1, pl, gl)
        if pl != gl:
            return where + ": not on the same line"
        if pcells is None:
            if not gerr:
                return where + ": Python found %s, ours no error" % why
            continue
        mapped = [pcells[c[0]] for c in cols if c and c[0] < len(pcells)]
        if gerr:
            if (len(pcells) == len(header) and not any("\0" in c for c in mapped)
                    and not any(has_surrogate(c) for c in mapped)):
                return where + ": ours says %r, Python read %r" % (gerr, pcells)
            continue
        if len(pcells) != len(header):
            return where + ": Python read %d cells, the header %d, ours no error" % (
                len(pcells), len(header))
        for name, c, gc in zip(names, cols, gcells):
            pc = pcells[c[0]] if c else None
            gc = None if gc is None else gc.replace("\t", " ")
            if gc != pc and (pc is None or gc != pc.rstrip(" ")):
                return where + ", field %s: Python %r, ours %r" % (name, pc, gc)
    return None


def reduce(names, data, path):
    """A shorter input that still fails: lines, then single bytes, dropped."""
    tries = 0
    unit = max(1, len(data) // 8)
    while unit >= 1 and tries < 400:
        i, shrunk = 0, False
        while i < len(data) and tries < 400:
            cand = data[:i] + data[i + unit:]
            tries += 1
            if cand and compare(names, cand, path):
                data, shrunk = cand, True
            else:
                i += unit
        if not shrunk:
            unit //= 2
    return data


def main():
    rnd = random.Random(SEED)
    start = time.time()
    fd, path = tempfile.mkstemp(suffix=".csv")
    os.close(fd)
    try:
        for n in range(COUNT):
            names, data = gen_input(rnd)
            why = compare(names, data, path)
            if why:
                print("seed %d, input %d: %s" % (SEED, n, why))
                small = reduce(names, data, path)
                print("reduced input (fields %s):\n%r" % (" ".join(names), small))
                print("Python:", compare(names, small, path))
                text = (small[3:] if small.startswith(BOM) else small).decode(
                    "utf-8", "surrogateescape")
                for rec in python_records(text.replace("\t", " ")):
                    print("  python", rec)
                got, rc = ours(path, names)
                for rec in got:
                    print("  ours  ", rec)
                print("  ours   rc", rc)
                return 1
    finally:
        os.unlink(path)
    print("csv_reader: %d inputs agree (seed %d, %.1f s)" % (COUNT, SEED, time.time() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
