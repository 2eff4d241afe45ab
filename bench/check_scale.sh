#!/bin/sh
# check_scale.sh -- how `award check` scales with the size of a rule file:
# prints the seconds it takes for files of N lets and of N categories,
# generated in $TMPDIR.  Checking should grow linearly (it was quadratic:
# 40,000 lets took 15 to 30 s).  Usage: bench/check_scale.sh [AWARD]
award=${1:-./award}
tmp=${TMPDIR:-/tmp}/check-scale.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
head() {
    printf 'award big "Big" {\n  year 2558 BE\n  input {\n    id text "id"\n    type category "t"\n    x integer 0 to 10 "x"\n  }\n'
}
for n in 10000 40000 200000; do
    { head; i=0
      awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "  let l%d = x + %d\n", i, i }'
      printf '  category 1 first "C" {\n    require l%d > 0 "m"\n  }\n}\n' $((n - 1)); } >"$tmp/lets.award"
    { head
      awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++) printf "  category %d c%d \"C\" {\n    require x > 0 \"m\"\n  }\n", i, i }'
      printf '}\n'; } >"$tmp/cats.award"
    for kind in lets cats; do
        start=$(date +%s.%N)
        "$award" check "$tmp/$kind.award" >/dev/null 2>&1
        end=$(date +%s.%N)
        printf '%-5s %7d  %.2f s\n' "$kind" "$n" "$(echo "$end - $start" | bc)"
    done
done
