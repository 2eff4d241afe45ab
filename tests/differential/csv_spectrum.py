"""csv_spectrum.py -- the CSV reader against csv-spectrum, a corpus of CSV
files with the records each must give, written by people outside this
project (../shared/corpora/csv-spectrum, beside the repository: its README
there gives the source and licence; nothing of it is copied here).

usage: python3 csv_spectrum.py DATA-DUMP-COMMAND...

For every csvs/NAME.csv, data_dump reads it with the header's names as the
schema; every record the corpus expects (json/NAME.json, a list of objects)
must come out, in order, with the same texts and no error, and no record
more.  Two files of the corpus disagree with themselves as stored here
(location_coordinates.json holds one object, not a list, with another
phone number than its CSV; newlines_crlf.csv has lost its CRs): where the
expected records differ from what Python's csv module reads from the same
file, Python's reading stands and the erratum is printed.  Skipped (exit 0,
saying so) when the corpus is not there."""
import csv
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "corpora", "csv-spectrum"))
DUMP = sys.argv[1:]


def main():
    csvs = os.path.join(CORPUS, "csvs")
    if not os.path.isdir(csvs):
        print("csv_spectrum: %s is not here; skipped" % CORPUS)
        return 0
    bad, errata = [], []
    names = sorted(n for n in os.listdir(csvs) if n.endswith(".csv"))
    for name in names:
        path = os.path.join(csvs, name)
        with open(os.path.join(CORPUS, "json", name[:-4] + ".json"), encoding="utf-8") as f:
            want = json.load(f)
        if isinstance(want, dict):
            want = [want]
        with open(path, encoding="utf-8", newline="") as f:
            python = [dict(r) for r in csv.DictReader(f)]
        if python != want:
            errata.append(name)
            want = python
        with open(path, "rb") as f:
            first = f.readline().decode("utf-8").rstrip("\r\n")
        header = first.split(",")
        p = subprocess.run(DUMP + ["csv", path] + header, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            bad.append("%s: data_dump exited %d: %s" % (name, p.returncode, p.stderr.decode()[-300:]))
            continue
        got, end = [], None
        for ln in p.stdout.decode().splitlines():
            o = json.loads(ln)
            if "rc" in o:
                end = o
                continue
            err = bytes.fromhex(o["error"]).decode("utf-8", "replace") if o["error"] else None
            cells = {h: bytes.fromhex(f[1]).decode("utf-8", "replace") for h, f in zip(header, o["fields"])}
            got.append((err, cells))
        if end is None or end["rc"] != 0:
            bad.append("%s: data_read returned %s" % (name, end))
        if len(got) != len(want):
            bad.append("%s: %d records, the corpus expects %d" % (name, len(got), len(want)))
            continue
        for i, ((err, cells), exp) in enumerate(zip(got, want)):
            if err or cells != exp:
                bad.append("%s: record %d is %r (error %r), the corpus expects %r" % (name, i + 1, cells, err, exp))
    if bad:
        print("\n".join(bad))
        return 1
    print("csv_spectrum: %d files give exactly the records expected (%s: the corpus's own "
          "expectation differs from its file, Python's csv reading used)" % (len(names), ", ".join(errata) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
