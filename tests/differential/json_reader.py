#!/usr/bin/env python3
"""json_reader.py -- the JSON reader (interp/data_json.c) against Python's json
module, over generated hostile inputs.

usage: json_reader.py DATA-DUMP-COMMAND...   (run by tests/differential/run.sh)

A seeded generator writes JSON-lines files and JSON arrays and KNOWS every
record it wrote: where it starts, and whether it broke it (a cut line, NaN,
Infinity, a bad escape, a stray token ...).  Each record it did not break is
read by Python's json module (NaN and Infinity refused, numbers kept as
written, duplicate keys seen), and what data.h promises is worked out from
that: no error and the same fields (strings, numbers as written, bools,
null, lists of scalars), or a record error for what Python lets through but
the reader must not (a lone surrogate, \\u0000, a key given twice, an object
in a field, invalid UTF-8, a value over 1 MiB).  data_dump (see
data_dump.c) must then deliver exactly as many records as were written, on
their lines, each good one equal to Python's reading, each broken one with
an error; and return -1 exactly when the input holds text that is no record
(a comment line, a stray comma).  Hostile material: cut lines, NaN,
Infinity, lone surrogates, \\u0000, deep nesting, duplicate keys, comments,
trailing commas, blank lines, CRLF, a byte-order mark, strings over 64 KiB
(escapes across the reader's 64 KiB blocks), a record over 4 MiB, -0,
1e999, Thai text, invalid UTF-8.

Environment: JSON_DIFF_SEED (default 2558), JSON_DIFF_INPUTS (default 2500),
JSON_DIFF_SECONDS (default 25): past that time, and once 1000 inputs have
agreed, the rest of the sequence is left (a data_dump under a sanitizer or
valgrind starts slowly); the inputs are the same, in the same order.
Exits 0 when every input agrees, 1 (printing the first disagreements) if not.
"""
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time

FIELDS = ["id", "agency", "score", "years", "flag"]
SEED = int(os.environ.get("JSON_DIFF_SEED", "2558"))
INPUTS = int(os.environ.get("JSON_DIFF_INPUTS", "2500"))
SECONDS = float(os.environ.get("JSON_DIFF_SECONDS", "25"))
RECORD_LIMIT = 1024 * 1024       # DATA_RECORD_LIMIT
RAW_CAP = 4 * RECORD_LIMIT       # input one record may span


class Num(str):
    """A JSON number as written (json.loads hands over its text)."""


def refuse_constant(name):
    raise ValueError("%s is not JSON" % name)


class Obj(dict):
    """A JSON object, with the keys given more than once."""
    dups = ()


def pairs(items):
    o = Obj(items)
    seen, dups = set(), set()
    for k, _ in items:
        if k in seen:
            dups.add(k)
        seen.add(k)
    o.dups = dups
    o.first = {}
    for k, v in items:  # the reader keeps the first value of a key
        o.first.setdefault(k, v)
    return o


NOT_JSON = object()


def py_read(text):
    """Python's reading of one record's text (bytes), or NOT_JSON."""
    s = text.decode("utf-8", "surrogateescape")
    try:
        return json.loads(s, parse_int=Num, parse_float=Num,
                          parse_constant=refuse_constant, object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        return NOT_JSON


# ---- what the reader must say about a record Python reads ----

def bad_text(s):
    return any(c == "\x00" or 0xD800 <= ord(c) <= 0xDFFF for c in s)


def scalar(v):
    return isinstance(v, (str, Num, bool)) or v is None


def raw_of(v):
    """(kind, bytes) as data_dump gives a scalar."""
    if isinstance(v, Num):
        return ("number", v.encode())
    if isinstance(v, str):
        return ("string", v.encode("utf-8", "surrogateescape"))
    if v is True:
        return ("bool", b"true")
    if v is False:
        return ("bool", b"false")
    return ("null", b"null")


def biggest_value(v):
    if isinstance(v, str):
        return len(v.encode("utf-8", "surrogatepass"))
    if isinstance(v, dict):
        return max([biggest_value(x) for x in v.values()] +
                   [len(k.encode("utf-8", "surrogatepass")) for k in v] + [0])
    if isinstance(v, list):
        return max([biggest_value(x) for x in v] + [0])
    return 0


def expect(obj, raw_len):
    """('ok', fields) or ('error', None) for a record Python has read."""
    if not isinstance(obj, dict):
        return ("error", None)  # record N is not an object
    if raw_len > RAW_CAP or biggest_value(obj) > RECORD_LIMIT:
        return ("error", None)
    if any(bad_text(k) for k in obj):
        return ("error", None)
    if any(k in FIELDS for k in obj.dups):
        return ("error", None)
    fields = []
    total = 0
    for name in FIELDS:
        if name not in obj:
            fields.append(("absent", b"", []))
            continue
        v = obj.first[name]
        if isinstance(v, dict):
            return ("error", None)
        if isinstance(v, list):
            if not all(scalar(x) for x in v):
                return ("error", None)
            if any(isinstance(x, str) and bad_text(x) for x in v):
                return ("error", None)
            items = [raw_of(x) for x in v]
            total += sum(len(b) for k, b in items if k in ("string", "number"))
            fields.append(("array", b"", items))
            continue
        if isinstance(v, str) and not isinstance(v, Num) and bad_text(v):
            return ("error", None)
        kind, b = raw_of(v)
        if kind in ("string", "number"):
            total += len(b)
        fields.append((kind, b, []))
    if total > RECORD_LIMIT:
        return ("error", None)
    return ("ok", fields)


# ---- the generator ----

THAI = ["กรม", "สำนักงาน", "ระบบออกบัตรประจำตัวประชาชน", "เลิศรัฐ", "๒๕๕๘"]
NUMBERS = ["0", "-0", "80.00", "1e2", "1E+2", "-1.5e-3", "1e999", "-1e999", "2556",
           "123456789012345678901234567890", "0.1", "7", "-12"]


def gen_plain_string(rng):
    pick = rng.random()
    if pick < 0.35:
        s = rng.choice(["A", "PS-2558-%03d" % rng.randrange(1000), "D001", "x y", ""])
    elif pick < 0.55:
        s = rng.choice(THAI)
    elif pick < 0.7:
        s = rng.choice(["a, b}", "[1, {", "quote \\\" in", "back\\\\slash", "tab\\t",
                        "\\u0e01\\u0e23\\u0e21", "\\ud83d\\ude00 emoji", "\\/", "😀"])
    elif pick < 0.8:
        s = rng.choice(["\\uD83D\\uDE00", "x\\ud800\\udc00y", "\\u00e9"])
    else:
        s = "".join(rng.choice("abc ,:{}[]") for _ in range(rng.randrange(12)))
    return '"' + s + '"'


def gen_long_string(rng):
    """A string over 64 KiB with escapes about the reader's block edges."""
    n = rng.randrange(65400, 66200)
    parts = []
    size = 0
    while size < n:
        if rng.random() < 0.01:
            e = rng.choice(["\\ud83d\\ude00", "\\u0e01", "\\n", "\\\\", "\\\""])
        else:
            e = "x" * rng.randrange(1, 200)
        parts.append(e)
        size += len(e)
    return '"' + "".join(parts) + '"'


def gen_scalar(rng):
    r = rng.random()
    if r < 0.45:
        return gen_plain_string(rng)
    if r < 0.8:
        return rng.choice(NUMBERS)
    return rng.choice(["true", "false", "null"])


def gen_field_value(rng):
    if rng.random() < 0.25:
        return "[" + ", ".join(gen_scalar(rng) for _ in range(rng.randrange(5))) + "]"
    return gen_scalar(rng)


def gen_deep(rng, depth):
    if depth == 0:
        return gen_scalar(rng)
    if rng.random() < 0.5:
        return "[" + gen_deep(rng, depth - 1) + "]"
    return '{"k": ' + gen_deep(rng, depth - 1) + "}"


def gen_extra_value(rng):
    r = rng.random()
    if r < 0.1:
        return gen_deep(rng, rng.randrange(1, 300))
    if r < 0.2:
        return '{"a": [1, {"b": "}"}], "c": null}'
    return gen_field_value(rng)


# Ways to spoil a record that Python still reads (the reader must flag them).
SEMANTIC = [
    lambda rng: ("id", '"A\\ud800"'),
    lambda rng: ("id", '"\\udc00x"'),
    lambda rng: ("id", '"\\ud800\\u0041"'),
    lambda rng: ("agency", '"N\\u0000"'),
    lambda rng: ("years", '["ok", "\\uDBFF"]'),
    lambda rng: ("agency", '{"name": "x"}'),
    lambda rng: ("years", "[2556, [2557]]"),
    lambda rng: ("years", '[{"y": 1}]'),
    lambda rng: ("agency", b'"bad\xe0\xb8"'),
    lambda rng: ("id", b'"\xff"'),
    lambda rng: ("i\\u0000d", '"x"'),
]

# Ways to break a record's JSON (Python must refuse them too).  Every
# object has "id" and "score" keys for them to work on.
SCORE = re.compile(rb'"score"(\s*):(\s*)')
ID = re.compile(rb'"id"(\s*):(\s*)"')
SYNTAX = [
    lambda t: SCORE.sub(rb'"score"\1:\2NaN, "s2":\2', t, 1),
    lambda t: SCORE.sub(rb'"score"\1:\2Infinity, "s2":\2', t, 1),
    lambda t: SCORE.sub(rb'"score"\1:\2-Infinity, "s2":\2', t, 1),
    lambda t: SCORE.sub(rb'"score"\1:\2tru, "s2":\2', t, 1),
    lambda t: SCORE.sub(rb'"score"\1:\2 01, "s2":\2', t, 1),
    lambda t: ID.sub(rb"'id'\1:\2" + b'"', t, 1),
    lambda t: ID.sub(rb'"id"\1\2"', t, 1),
    lambda t: ID.sub(rb'"id"\1:\2"\\q', t, 1),
    lambda t: ID.sub(rb'"id"\1:\2"' + b"\t", t, 1),
    lambda t: t[:-1] + b", }",
]


def enc(v):
    return v if isinstance(v, bytes) else v.encode("utf-8")


def gen_object(rng, big=False):
    """Text of one object (always with `"id": "` and `"score": ` in it, so that
    SYNTAX can break it), its planned spoiling ("good", "semantic")."""
    keys = ["id", "score"] + [f for f in FIELDS[1:] if f != "score" and rng.random() < 0.6]
    keys += ["extra%d" % i for i in range(rng.randrange(3))]
    rng.shuffle(keys)
    vals = {}
    for k in keys:
        if k == "id":
            vals[k] = rng.choice(['"A"', '"PS-2558-%03d"' % rng.randrange(1000)]) if rng.random() < 0.7 \
                else gen_plain_string(rng)
        elif k == "score":
            vals[k] = rng.choice(NUMBERS)
        elif k.startswith("extra"):
            vals[k] = gen_extra_value(rng)
        else:
            vals[k] = gen_field_value(rng)
    kind = "good"
    if rng.random() < 0.15:
        kind = "semantic"
        key, val = rng.choice(SEMANTIC)(rng)
        if key not in vals:
            keys.append(key)
        vals[key] = val
    if rng.random() < 0.05:
        keys.append(rng.choice(FIELDS))  # a key given twice (maybe a field)
        kind = "semantic"
    if rng.random() < 0.03:
        keys.append("notes")
        vals["notes"] = gen_long_string(rng)
    if big:
        keys.append("huge")
        vals["huge"] = '"' + "y" * (RAW_CAP + 1000) + '"'
    sep = rng.choice([", ", ",", " , "])
    colon = rng.choice([": ", ":", " : "])
    parts = []
    for k in keys:
        v = vals.get(k)
        if v is None:
            v = gen_scalar(rng)
        parts.append(b'"' + enc(k) + b'"' + colon.encode() + enc(v))
    text = b"{" + sep.encode().join(parts) + b"}"
    return text, kind


def gen_record(rng, allow_cut, big=False):
    """(text, broken, cut) of one element: an object, maybe broken or cut
    off, or a value that is not an object."""
    r = rng.random()
    if r < 0.06:
        return rng.choice([b"42", b"null", b"[1, 2]", b"true", b'"x"']), False, False
    text, _ = gen_object(rng, big)
    r = rng.random()
    if r < 0.12:
        return rng.choice(SYNTAX)(text), True, False
    if r < 0.2 and allow_cut:
        return text[:rng.randrange(1, len(text) - 1)], True, True
    return text, False, False


def is_object(text):
    return isinstance(py_read(text), dict)


def gen_lines(rng, big):
    """A JSON-lines input: (bytes, records [(line, text, broken)], junk)."""
    eol = rng.choice([b"\n", b"\n", b"\r\n"])
    out = [b"\xef\xbb\xbf"] if rng.random() < 0.1 else [b""]
    records = []
    junk = 0
    line = 1
    ended = False     # an object has ended: the input is known to be JSON lines
    after_cut = False
    for i in range(rng.randrange(1, 12)):
        while rng.random() < 0.15:
            out.append(rng.choice([b"", b"   ", b"\t"]) + eol)
            line += 1
        if rng.random() < 0.07:
            out.append(rng.choice([b"// a comment", b"# note", b",", b"  ,,", b"/* x */"]) + eol)
            junk += 1
            line += 1
            continue
        text, broken, cut = gen_record(rng, allow_cut=True, big=big and i == 0)
        while not records and text.startswith(b"["):
            # data.h: an input that starts with `[` is one array.
            text, broken, cut = gen_record(rng, allow_cut=True, big=big and i == 0)
        if after_cut and not ended:
            # Until an object has ended, a cut one is read on into the next
            # line as long as that line continues it as JSON: data.h says a
            # line starting with `{` at its indentation starts a record.
            while not text.startswith(b"{"):
                text, broken, cut = gen_record(rng, allow_cut=True)
        ended = ended or is_object(text)
        if not broken and text.startswith(b"{") and rng.random() < 0.05:
            text += rng.choice([b",", b" // note", b" # x", b' {"id": "B"}'])
            broken = True
        records.append((line, text, broken))
        out.append(text + eol)
        line += 1
        after_cut = cut
    if rng.random() < 0.3:
        out[-1] = out[-1].rstrip(b"\r\n")  # no line end at the end
    return b"".join(out), records, junk


def gen_array(rng, big):
    """A JSON array: (bytes, records [(line, text, broken)], junk)."""
    eol = rng.choice([b"\n", b"\r\n"])
    layout = rng.choice(["lines", "lines", "one-line", "mixed"])
    out = [b"\xef\xbb\xbf" if rng.random() < 0.1 else b"", b"[" + eol]
    line = 2
    records = []
    junk = 0
    n = rng.randrange(1, 12)
    after_cut = False
    for i in range(n):
        if layout == "lines" and rng.random() < 0.05:
            out.append(b"  // a comment" + eol)
            line += 1
            junk += 1
        text, broken, cut = gen_record(rng, allow_cut=layout != "one-line" and i < n - 1,
                                       big=big and i == 0)
        if after_cut:
            # data.h: a line starting with `{` ends a record that lost its end.
            while not text.startswith(b"{"):
                text, broken, cut = gen_record(rng, allow_cut=False)
        records.append((line, text, broken))
        out.append(b"  " + text)
        last = i == n - 1
        if not last:
            sep = b","
            if rng.random() < 0.03 and not cut:
                sep = b",,"
                junk += 1
            out.append(sep)
        elif rng.random() < 0.05 and not cut:
            out.append(b",")  # a trailing comma
            junk += 1
        if cut or layout == "lines" or (layout == "mixed" and rng.random() < 0.5) or last:
            out.append(eol)
            line += 1
        else:
            out.append(b" ")
        after_cut = cut
    out.append(b"]" + eol)
    return b"".join(out), records, junk


# ---- running data_dump ----

def run_dump(cmd, path):
    p = subprocess.run(cmd + ["json", path] + FIELDS, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if p.returncode != 0:
        return None, None, "data_dump exit %d: %s" % (p.returncode, p.stderr[-300:])
    recs = []
    rc = None
    for l in p.stdout.decode().splitlines():
        o = json.loads(l)
        if "rc" in o:
            rc = (o["rc"], bytes.fromhex(o["err"]).decode("utf-8", "replace") if o["err"] else None)
        else:
            recs.append(o)
    return recs, rc, None


def field_of(f):
    kind, hexs, items = f
    return (kind, bytes.fromhex(hexs), [(k, bytes.fromhex(h)) for k, h in items])


def check(data, records, junk, got, rc):
    """What is wrong, or None."""
    start = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    start = start.lstrip(b" \t\r\n")
    if not start.startswith((b"{", b"[")):
        # data.h: no JSON record at the top level is a whole-input error.
        if got or rc is None or rc[0] != -1 or not rc[1]:
            return "input not starting with a record: %d records, returned %r" % (len(got), rc)
        return None
    if len(got) != len(records):
        return "%d records written, %d delivered" % (len(records), len(got))
    for i, ((line, text, broken), g) in enumerate(zip(records, got)):
        where = "record %d (line %d)" % (i + 1, line)
        if g["n"] != i + 1:
            return "%s: numbered %d" % (where, g["n"])
        if g["line"] != line:
            return "%s: delivered as on line %d" % (where, g["line"])
        error = bytes.fromhex(g["error"]).decode("utf-8", "replace") if g["error"] else None
        if broken:
            if py_read(text) is not NOT_JSON:
                return "%s: the generator broke it, but Python reads it" % where
            if error is None:
                return "%s: broken, but delivered without an error" % where
            continue
        obj = py_read(text)
        if obj is NOT_JSON:
            return "%s: the generator meant it to be JSON, Python says not" % where
        verdict, fields = expect(obj, len(text))
        if verdict == "error":
            if error is None:
                return "%s: no error, but %r must have one" % (where, text[:200])
            continue
        if error is not None:
            return "%s: unexpected error %r" % (where, error)
        mine = [field_of(f) for f in g["fields"]]
        for name, want, have in zip(FIELDS, fields, mine):
            if want[0] != have[0] or want[1] != have[1] or list(want[2]) != list(have[2]):
                return "%s: field %s: Python %r, ours %r" % (where, name, want, have)
    want_rc = -1 if junk else 0
    if rc is None or rc[0] != want_rc:
        return "returned %r, expected %d (%d places that hold no record)" % (rc, want_rc, junk)
    if junk and "holds no record" not in (rc[1] or ""):
        return "message %r does not say what holds no record" % (rc[1],)
    return None


def main():
    if len(sys.argv) < 2:
        sys.stderr.write("usage: json_reader.py DATA-DUMP-COMMAND...\n")
        return 2
    cmd = sys.argv[1:]
    rng = random.Random(SEED)
    failures = []
    started = time.monotonic()
    done = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "input.json")
        for k in range(INPUTS):
            if k >= 1000 and time.monotonic() - started > SECONDS:
                break
            big = k in (7, INPUTS // 2)  # two inputs with a record over 4 MiB
            if rng.random() < 0.6:
                data, records, junk = gen_lines(rng, big)
                shape = "JSON lines"
            else:
                data, records, junk = gen_array(rng, big)
                shape = "array"
            with open(path, "wb") as f:
                f.write(data)
            got, rc, trouble = run_dump(cmd, path)
            why = trouble or check(data, records, junk, got, rc)
            done += 1
            if why:
                failures.append((k, shape, why, data))
                if len(failures) >= 5:
                    break
    for k, shape, why, data in failures:
        print("input %d (%s, seed %d): %s" % (k, shape, SEED, why))
        print("  " + repr(data[:600]))
    if failures:
        print("%d input(s) read differently" % len(failures))
        return 1
    print("json_reader: %d inputs agree (seed %d)" % (done, SEED))
    return 0


if __name__ == "__main__":
    sys.exit(main())
