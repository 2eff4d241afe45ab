# openpyxl.sh -- sourced by the tests that read a workbook back (test_xlsx.sh,
# test_report_both.sh): sets `py` to a python3 that imports openpyxl, or to
# nothing when none does.  openpyxl is Debian's python3-openpyxl (`make test`
# installs it); the python3 first in PATH may be another one, without it.
py=
for p in python3 /usr/bin/python3; do
    if "$p" -c 'import openpyxl' 2>/dev/null; then py=$p; break; fi
done
