#!/usr/bin/env bash
# Replay throughput of keelwatch against laurel on the same audit log, in one run.
#
#   [ROUNDS=3] bench/replay-vs-laurel.sh [COPIES] [WORKDIR]
#
# Builds the inflated corpus (the benign capture repeated COPIES times, default 13: about 1 M lines)
# unless WORKDIR already holds it, then times
#   - keelwatch replay of the corpus as a capture bundle with the whole shipped rule pack, alerts to a file;
#   - laurel reading the same lines on stdin (its auditd-plugin input), JSON to a file, no enrichment
#     from the live host (the log is not from this host's processes).
# Prints each round, then the medians of wall and CPU seconds and lines per second for both. Needs: the agent jar (mvn -DskipTests
# package), python3, laurel, /usr/bin/time.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
shared="${KEELWATCH_SHARED:-$root/../shared}"
[ -d "$shared/fixtures" ] || shared=/work/shared
copies="${1:-13}"
work="${2:-$(mktemp -d /tmp/kw-replay-vs-laurel.XXXXXX)}"
mkdir -p "$work/bundle" "$work/laurel-out"

corpus="$work/bundle/audit.log"
if [ ! -s "$corpus" ]; then
  echo "building the corpus: $copies copies of the benign capture" >&2
  python3 "$shared/bench/inflate-audit-log.py" "$shared/fixtures/captured/benign-containers/audit.log.gz" "$copies" > "$corpus"
fi
lines=$(wc -l < "$corpus")

cat > "$work/laurel.toml" <<TOML
directory = "$work/laurel-out"
statusreport-period = 0
input = "stdin"
[auditlog]
file = "audit.log"
size = 100000000000
generations = 2
[transform]
execve-argv = [ "array" ]
[translate]
universal = false
user-db = false
[enrich]
pid = false
container = false
script = false
TOML

# Prints "wall_s cpu_s max_rss_kb" of a command.
measure() {
  local out="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" > "$out" 2> "$work/stderr.txt" || {
    echo "failed: $*" >&2; tail -20 "$work/stderr.txt" >&2; exit 1; }
  awk '{ printf "%.2f %.2f %d\n", $1, $2 + $3, $4 }' "$work/time.txt"
}

cd "$work"
rounds="${ROUNDS:-3}"
: > "$work/runs.txt"
for round in $(seq 1 "$rounds"); do
  rm -f laurel-out/*
  read -r kw_wall kw_cpu kw_rss < <(measure "$work/alerts.jsonl" "$root/bin/keelwatch" replay "$work/bundle" --output json)
  kw_summary=$(grep '^replayed' "$work/stderr.txt" || true)
  read -r la_wall la_cpu la_rss < <(measure /dev/null laurel -c "$work/laurel.toml" < "$corpus")
  printf 'keelwatch\t%s\t%s\t%s\nlaurel\t%s\t%s\t%s\n' "$kw_wall" "$kw_cpu" "$kw_rss" "$la_wall" "$la_cpu" "$la_rss" >> "$work/runs.txt"
  echo "round $round: keelwatch ${kw_wall} s wall ${kw_cpu} s cpu; laurel ${la_wall} s wall ${la_cpu} s cpu; ${kw_summary#replayed }" >&2
done
kw_alerts=$(wc -l < "$work/alerts.jsonl")
la_events=$(wc -l < "$work/laurel-out/audit.log")

# median TOOL COLUMN
median() { awk -F'\t' -v t="$1" -v c="$2" '$1 == t { print $c }' "$work/runs.txt" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
kw_wall=$(median keelwatch 2); kw_cpu=$(median keelwatch 3); kw_rss=$(median keelwatch 4)
la_wall=$(median laurel 2); la_cpu=$(median laurel 3); la_rss=$(median laurel 4)

printf '\nmedians of %d rounds\n%-10s %10s %8s %8s %12s %10s  %s\n' "$rounds" tool lines wall_s cpu_s lines/s rss_mb output
printf '%-10s %10d %8.2f %8.2f %12.0f %10.0f  %s\n' keelwatch "$lines" "$kw_wall" "$kw_cpu" \
  "$(echo "$lines / $kw_wall" | bc -l)" "$(echo "$kw_rss / 1024" | bc -l)" "$kw_alerts alerts (whole shipped pack)"
printf '%-10s %10d %8.2f %8.2f %12.0f %10.0f  %s\n' laurel "$lines" "$la_wall" "$la_cpu" \
  "$(echo "$lines / $la_wall" | bc -l)" "$(echo "$la_rss / 1024" | bc -l)" "$la_events JSON events"
echo "keelwatch in-process, last round (JVM start excluded): $kw_summary"
printf 'keelwatch/laurel: %.1fx by wall time, %.1fx by CPU time\n' \
  "$(echo "$la_wall / $kw_wall" | bc -l)" "$(echo "$la_cpu / $kw_cpu" | bc -l)"
echo "work dir: $work" >&2
