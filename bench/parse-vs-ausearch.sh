#!/usr/bin/env bash
# Whole-process comparison on the 1 M-record corpus (issue 2, "Speed"): `keelwatch parse --count` against
# `ausearch --input FILE --raw`, in the same run, on the same page-cached file. Reports wall and CPU time,
# records/s and max RSS (/usr/bin/time). Memory should not grow with the file: keelwatch is also run on the
# 78 k-record capture and with a small heap (-Xmx48m) to show that the working set is in-flight events only.
#
# usage: bench/parse-vs-ausearch.sh [ROUNDS]   (env: KEELWATCH_SHARED, KEELWATCH_BENCH_DIR)
set -euo pipefail
rounds=${1:-3}
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$here")"
shared="${KEELWATCH_SHARED:-$root/../shared}"
[ -d "$shared/fixtures" ] || shared=/work/shared
work="${KEELWATCH_BENCH_DIR:-/tmp/keelwatch-bench}"
mkdir -p "$work"
capture="$shared/fixtures/captured/benign-containers/audit.log.gz"
corpus="$work/audit-1m.log"
small="$work/audit-capture.log"

if [ ! -s "$corpus" ]; then
  echo "building corpus: inflate-audit-log.py $capture 13"
  python3 "$shared/bench/inflate-audit-log.py" "$capture" 13 > "$corpus.tmp"
  mv "$corpus.tmp" "$corpus"
fi
[ -s "$small" ] || gzip -dc "$capture" > "$small"
if [ ! -f "$root/agent/target/keelwatch.jar" ]; then
  (cd "$root" && mvn -q -DskipTests -pl agent -am package)
fi
command -v ausearch > /dev/null || { echo "ausearch not installed" >&2; exit 1; }

lines() { wc -l < "$1" | tr -d ' '; }
echo "corpus: $corpus ($(lines "$corpus") records, $(du -h "$corpus" | cut -f1)); capture: $(lines "$small") records"
echo "host: $(nproc) cpus, $(java -version 2>&1 | head -1), $(ausearch --version)"
cat "$corpus" "$small" > /dev/null   # page cache

# measure LABEL FILE COMMAND... : one timed run, one result line; also appended to $work/runs.txt for the medians
measure() {
  local label=$1 file=$2
  shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" > "$work/out.txt" 2> "$work/err.txt" || {
    echo "$label failed:" >&2; cat "$work/err.txt" >&2; return 1; }
  read -r wall user sys rss < "$work/time.txt"
  printf '%s\t%s\t%s\t%s\n' "$label" "$wall" "$(echo "$user + $sys" | bc -l)" "$rss" >> "$work/runs.txt"
  awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" -v n="$(lines "$file")" 'BEGIN {
    printf "%-34s wall %6.2f s  cpu %6.2f s  max RSS %7.1f MiB  %10.0f records/s (wall)\n", l, w, u + s, m / 1024, n / w }'
}

: > "$work/runs.txt"
for round in $(seq 1 "$rounds"); do
  echo "-- round $round"
  # The launcher runs `parse` on C1 with a 128 MiB heap, reading ahead on a second thread.
  measure "keelwatch parse --count (1M)" "$corpus" "$root/bin/keelwatch" parse --count "$corpus"
  measure "ausearch --raw (1M)" "$corpus" ausearch --input "$corpus" --raw
  # Memory is bounded by the events in flight: the same run in a 48 MiB heap.
  measure "keelwatch -Xmx48m (1M)" "$corpus" env KEELWATCH_JAVA_OPTS=-Xmx48m "$root/bin/keelwatch" parse --count "$corpus"
  # For reference, with C2 (what the launcher's C1 choice saves).
  measure "keelwatch with C2 (1M)" "$corpus" env KEELWATCH_JAVA_OPTS=-XX:TieredStopAtLevel=4 "$root/bin/keelwatch" parse --count "$corpus"
  measure "keelwatch parse --count (78k)" "$small" "$root/bin/keelwatch" parse --count "$small"
done
echo "-- medians over $rounds rounds:"
cut -f1 "$work/runs.txt" | awk '!seen[$0]++' | while IFS= read -r label; do
  col() { awk -F'\t' -v l="$label" -v c="$1" '$1 == l { print $c }' "$work/runs.txt" | sort -n; }
  med() { col "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
  printf '%-34s wall %6.2f s (min %.2f, max %.2f)  cpu %6.2f s  max RSS %7.1f MiB\n' "$label" "$(med 2)" \
    "$(col 2 | head -1)" "$(col 2 | tail -1)" "$(med 3)" "$(echo "$(med 4) / 1024" | bc -l)"
done
echo "-- keelwatch summary of the 1M corpus:"
"$root/bin/keelwatch" parse --count "$corpus"
