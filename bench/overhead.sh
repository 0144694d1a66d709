#!/usr/bin/env bash
# Overhead benchmark: the same loads inside a container under five audit consumers, several rounds alternated,
# with the CPU, RSS and (for the agent) start-up time and detection latency of each; medians with their spread.
#
# Consumers (every one sees the same kernel rules: the SHIPPED set, systemd/audit/keelwatch.rules):
#   none        rules loaded, no consumer registered (kernel only; records go nowhere but the backlog)
#   auditd      a private auditd writing an ENRICHED log
#   laurel      the same auditd with the laurel plugin (JSON enrichment)
#   keelwatch   the agent as the audit daemon (netlink unicast, shipped rule pack evaluated), no auditd
#   kw+auditd   auditd writing its log, the agent tailing it
# Loads (kwhelper in a --network none container, paced against the clock):
#   exec:N      N execs/s of /bin/true (kwhelper execrate)
#   mix:N       N audited system calls/s (kwhelper mixrate), out of every 10: 4 execs of /bin/true, 3 inet
#               connects to 127.0.0.1:9 (refused; kw_net), 2 creating opens + writes of a file below a bind mount
#               of a host directory under /var/log (a watched directory; kw_watch), 1 tmpfs mount attempt
#               (refused without CAP_SYS_ADMIN, still a kw_mount record; no capability keeps tier 2 out)
#   The container's own start (runc's mounts, pivot_root) falls in the measured window for every consumer alike.
# Figures, per (load, consumer), over ROUNDS rounds, consumer order rotated each round:
#   CPU% = (utime+stime delta of the consumer's processes and their children) / wall time, from /proc/PID/stat;
#   kauditd (the kernel thread that delivers records) on its own; RSS = VmRSS of the consumer's processes at the
#   end of the load (steady state); start = agent launch to its /metrics answering 200; p99 = from the agent's
#   keelwatch_detection_latency_seconds histogram (upper bound of the bucket holding the 99th percentile; "-" when
#   no alert left the agent). Medians, with min-max in brackets.
# Then the process-table check: the agent (netlink) while a container holds SLEEPERS live processes (each an
# exec of `kwhelper sleep`), its RSS and keelwatch_process_table_entries read once they all run.
#
# Needs root, a running dockerd, auditd and laurel binaries, the built agent jar. Touches only the rules it added
# (lines of the shipped file that were not already loaded; removed after each measurement, as is the backlog
# limit it raised) and processes it started; needs no audit daemon running. Every measurement (rules, consumer,
# load) runs under `flock /tmp/kw-host.lock` and releases it in between, so other users of the host interleave.
# usage: bench/overhead.sh [RATE] [SECONDS] [ROUNDS] [LOADS] [SLEEPERS]
#        (defaults 1000 20 3 "exec:RATE mix:RATE mix:5000" 10000; SLEEPERS 0 skips the check)
#        KW_BENCH_CONSUMERS="none auditd laurel keelwatch kw+auditd" picks consumers; KEELWATCH_JAVA_OPTS passes on.
# Prints the table, also to bench/target/overhead.txt; one raw row per measurement in bench/target/overhead.raw.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rate="${1:-1000}"
secs="${2:-20}"
rounds="${3:-3}"
read -r -a loads <<< "${4:-exec:$rate mix:$rate mix:5000}"
sleepers="${5:-10000}"
read -r -a consumers <<< "${KW_BENCH_CONSUMERS:-none auditd laurel keelwatch kw+auditd}"
rules_file="$repo/systemd/audit/keelwatch.rules"
lock=/tmp/kw-host.lock
work="$(mktemp -d /tmp/kw-overhead.XXXXXX)"
watched="$(mktemp -d /var/log/kw-overhead-bench.XXXXXX)"   # /var/log: a kw_watch directory (perm=wa)
out="$repo/bench/target/overhead.txt"
raw="$repo/bench/target/overhead.raw"
mkdir -p "$(dirname "$out")"
: > "$raw"
hz="$(getconf CLK_TCK)"
port=19190
pids_started=()
added_rules="$work/added.rules"
: > "$added_rules"
backlog_before=""

cleanup() {
  for p in "${pids_started[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  unload_rules
  docker rm -f kw-overhead-load kw-overhead-sleepers >/dev/null 2>&1 || true
  rm -rf "$work" "$watched"
}
trap cleanup EXIT

audit_pid() { auditctl -s | awk '$1=="pid"{print $2}'; }
jar="$repo/agent/target/keelwatch.jar"
[ -f "$jar" ] || { echo "overhead: build the agent first (mvn -q -DskipTests package)" >&2; exit 1; }
# its own tag: the bench's kwhelper may be newer than the e2e image other users of the host build
image="$("$repo/test-fixtures/e2e/build-e2e-image.sh" local/kw-bench:1)"

# Loads the shipped rules line by line (as auditctl -R with -c: a watch on a path this host lacks is skipped) and
# remembers exactly what it added; a rule already loaded belongs to someone else and stays theirs.
load_rules() {  # [AGENT_PID: its own activity excluded first, as `keelwatch audit-rules --pid` does]
  local line r
  backlog_before="$(auditctl -s | awk '$1=="backlog_limit"{print $2}')"
  auditctl -b 16384 >/dev/null
  if [ -n "${1:-}" ] && auditctl -A exit,never -F pid="$1" >/dev/null 2>&1; then
    echo "-A exit,never -F pid=$1" >> "$added_rules"
  fi
  while IFS= read -r line; do
    case "$line" in -a\ *|-w\ *) ;; *) continue ;; esac
    read -r -a r <<< "$line"
    if auditctl "${r[@]}" >/dev/null 2>&1; then echo "$line" >> "$added_rules"; fi
  done < "$rules_file"
  auditctl -e 1 >/dev/null
}

unload_rules() {
  local line r
  while IFS= read -r line; do
    read -r -a r <<< "$line"
    case "${r[0]}" in -a|-A) r[0]=-d ;; -w) r[0]=-W ;; esac
    auditctl "${r[@]}" >/dev/null 2>&1 || true
  done < "$added_rules"
  : > "$added_rules"
  [ -z "$backlog_before" ] || auditctl -b "$backlog_before" >/dev/null 2>&1 || true
  backlog_before=""
}

ticks() {  # total utime+stime ticks of the given pids (and their threads)
  local t=0 p
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] || continue
    # fields after "pid (comm) " start at state (field 3): utime and stime are fields 14 and 15
    t=$((t + $(sed 's/.*) //' "/proc/$p/stat" | awk '{print $12 + $13}')))
  done
  echo "$t"
}
rss_kib() { local t=0 p v; for p in "$@"; do v="$(awk '$1=="VmRSS:"{print $2}' "/proc/$p/status" 2>/dev/null || true)"; t=$((t + ${v:-0})); done; echo "$t"; }
kauditd="$(pgrep -x kauditd | head -1)"

write_auditd_conf() {  # DIR WITH_LAUREL
  mkdir -p "$1/plugins.d"
  cat > "$1/auditd.conf" <<CONF
local_events = yes
write_logs = yes
log_file = $1/audit.log
log_format = ENRICHED
flush = INCREMENTAL_ASYNC
freq = 50
max_log_file = 512
num_logs = 2
max_log_file_action = ROTATE
space_left = 2
space_left_action = IGNORE
admin_space_left = 1
admin_space_left_action = IGNORE
disk_full_action = IGNORE
disk_error_action = IGNORE
plugin_dir = $1/plugins.d
q_depth = 8000
overflow_action = IGNORE
CONF
  if [ "$2" = yes ]; then
    mkdir -p "$1/laurel"
    sed "s|^directory = .*|directory = \"$1/laurel\"|; s|^user = .*|user = \"root\"|" /etc/laurel/config.toml > "$1/laurel.toml"
    printf 'active = yes\ndirection = out\ntype = always\nformat = string\npath = /usr/sbin/laurel\nargs = --config %s\n' \
      "$1/laurel.toml" > "$1/plugins.d/laurel.conf"
  fi
}

start_auditd() {  # DIR -> sets $started
  auditd -n -s nochange -c "$1" >"$1/auditd.out" 2>&1 &
  local p=$!
  pids_started+=("$p")
  for _ in $(seq 1 50); do [ "$(audit_pid)" = "$p" ] && break; sleep 0.1; done
  [ "$(audit_pid)" = "$p" ] || { echo "auditd did not register: $(cat "$1/auditd.out")" >&2; exit 1; }
  started="$p"
}

start_agent() {  # DIR SOURCE [LOG] -> sets $started and $startup (seconds from launch to /metrics answering)
  local dir="$1" src="$2" log="${3:-}" t0
  mkdir -p "$dir"
  {
    echo "host: overhead"
    echo "data_dir: $dir/state"
    echo "audit:"
    echo "  source: $src"
    echo "  load_rules: false"
    echo "  deep_rules: false"
    [ -z "$log" ] || echo "  log_file: $log"
    echo "alerts:"
    echo "  stdout: false"
    echo "metrics:"
    echo "  listen: 127.0.0.1:$port"
    echo "journal:"
    echo "  enabled: true"
  } > "$dir/keelwatch.yaml"
  t0="$(date +%s.%N)"
  KEELWATCH_JAR="$jar" "$repo/bin/keelwatch" run --config "$dir/keelwatch.yaml" >"$dir/agent.out" 2>&1 &
  started=$!
  pids_started+=("$started")
  wait_metrics "$port" 90 || { cat "$dir/agent.out" >&2; exit 1; }
  startup="$(echo "$(date +%s.%N) - $t0" | bc)"
}

metrics() { curl -fsS --max-time 5 "http://127.0.0.1:$port/metrics" 2>/dev/null || true; }

# Waits until the agent's metrics endpoint on 127.0.0.1:PORT answers 200 (it opens once the pipeline is wired).
wait_metrics() {  # PORT TIMEOUT_SECONDS
  local deadline=$((SECONDS + $2))
  while [ "$SECONDS" -lt "$deadline" ]; do
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$1/metrics" 2>/dev/null && return 0
    sleep 0.02
  done
  return 1
}

# p99 of the detection latency in ms (upper bound of the bucket where the cumulative count reaches 99 %), "-" if none
p99_ms() {
  awk '/^keelwatch_detection_latency_seconds_bucket/ { match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5)
         n++; les[n] = le; cum[n] = $NF }
       /^keelwatch_detection_latency_seconds_count/ { total = $NF }
       END { if (total + 0 == 0) { print "-"; exit } for (i = 1; i <= n; i++) if (cum[i] >= 0.99 * total) {
               print (les[i] == "+Inf" ? "inf" : les[i] * 1000); exit } }'
}

# KW_BENCH_PROFILE=DIR: while the load runs, the agent is profiled (perf record of all its threads, kernel
# included, and a JFR recording); start it with KEELWATCH_JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions
# -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer" for Java frames in perf. See bench/PROFILE.md.
profile="${KW_BENCH_PROFILE:-}"
profilers=()
start_profile() {  # NAME PID
  local len=$((secs > 6 ? secs - 4 : secs))
  mkdir -p "$profile"
  if perf stat -e cpu-clock true >/dev/null 2>&1; then
    perf record -q -F 499 -g -p "$2" -o "$profile/$1.perf.data" -- sleep "$len" >/dev/null 2>&1 &
    profilers+=($!)
  fi
  jcmd "$2" JFR.start name=kwbench settings=profile duration="${len}s" filename="$profile/$1.jfr" >/dev/null
  ( sleep $((len + 2)) ) & profilers+=($!)
}
wait_profile() { for p in "${profilers[@]}"; do wait "$p" || true; done; profilers=(); }

stop_pids() { for p in "$@"; do kill "$p" 2>/dev/null || true; done; for p in "$@"; do while kill -0 "$p" 2>/dev/null; do sleep 0.2; done; done; }

run_load() {  # LOAD (kind:rate) -> prints achieved rate
  local kind="${1%%:*}" r="${1#*:}"
  case "$kind" in
    exec) docker run --rm --name kw-overhead-load --network none "$image" kwhelper execrate "$r" "$secs" /bin/true ;;
    mix) docker run --rm --name kw-overhead-load --network none -v "$watched:/w" "$image" \
           kwhelper mixrate "$r" "$secs" /bin/true /w ;;
    *) echo "overhead: unknown load $1" >&2; exit 2 ;;
  esac | sed -n 's/.*= \([0-9]*\)\/s/\1/p'
}

measure() {  # LOAD ROUND NAME PIDS... : runs the load, appends one raw row
  local load="$1" round="$2" name="$3"; shift 3
  local pids=("$@") all k0 a0 t0 k1 a1 t1 achieved rss p99="-" m
  all=("${pids[@]}")
  for p in "${pids[@]}"; do
    for c in $(pgrep -P "$p" || true); do all+=("$c"); done   # laurel runs as auditd's child
  done
  sleep 3   # let startup work settle
  k0="$(ticks "$kauditd")"; a0="$(ticks "${all[@]}")"; t0="$(date +%s.%N)"
  [ -z "$profile" ] || case "$name" in keelwatch|kw+auditd) start_profile "$load.$round.$name" "${pids[-1]}" ;; esac
  achieved="$(run_load "$load")"
  wait_profile
  k1="$(ticks "$kauditd")"; a1="$(ticks "${all[@]}")"; t1="$(date +%s.%N)"
  rss="$(rss_kib "${all[@]}")"
  case "$name" in keelwatch|kw+auditd) m="$(metrics)"; p99="$(p99_ms <<< "$m")" ;; esac
  awk -v l="$load" -v rd="$round" -v n="$name" -v r="${achieved:-0}" -v a="$((a1 - a0))" -v k="$((k1 - k0))" \
    -v w="$(echo "$t1 - $t0" | bc)" -v hz="$hz" -v rss="$rss" -v st="${startup:--}" -v p="$p99" \
    'BEGIN { printf "%s %s %s %d %.2f %.2f %.1f %s %s\n", l, rd, n, r, 100 * a / hz / w, 100 * k / hz / w, rss / 1024, st, p }' \
    >> "$raw"
}

# Takes the host lock once no audit daemon is registered (a test run elsewhere may hold the audit pid without the
# lock for a moment: the lock is released while waiting for it, up to 10 minutes).
take_host() {
  local deadline=$((SECONDS + 600))
  while :; do
    exec 9>"$lock"; flock 9
    [ "$(audit_pid)" = 0 ] && return 0
    flock -u 9; exec 9>&-
    [ "$SECONDS" -lt "$deadline" ] || { echo "overhead: an audit daemon (pid $(audit_pid)) stays registered" >&2; exit 1; }
    sleep 2
  done
}

# One measurement of one consumer on one load, holding the host lock from loading the rules to removing them.
one() {  # LOAD ROUND CONSUMER
  local load="$1" round="$2" c="$3" d="$work/$3.$2.${1/:/-}" a g
  take_host
  startup=""
  case "$c" in
    none) load_rules; measure "$load" "$round" none ;;
    auditd) load_rules; write_auditd_conf "$d" no; start_auditd "$d"; a="$started"
      measure "$load" "$round" auditd "$a"; stop_pids "$a" ;;
    laurel) load_rules; write_auditd_conf "$d" yes; start_auditd "$d"; a="$started"
      measure "$load" "$round" laurel "$a"; stop_pids "$a" ;;
    keelwatch) # the same rules for every consumer; the agent adds only its own pid exclusion (load_rules: false)
      load_rules; start_agent "$d" netlink; g="$started"
      measure "$load" "$round" keelwatch "$g"; stop_pids "$g" ;;
    kw+auditd) write_auditd_conf "$d" no; start_auditd "$d"; a="$started"
      start_agent "$d/agent" file "$d/audit.log"; g="$started"; load_rules "$g"
      measure "$load" "$round" kw+auditd "$a" "$g"; stop_pids "$g" "$a" ;;
  esac
  unload_rules
  rm -rf "$d"
  flock -u 9; exec 9>&-
}

# The agent's RSS with SLEEPERS live processes in its table.
sleepers_check() {
  local d="$work/sleepers" g rss0 rss1 entries m
  take_host
  load_rules; start_agent "$d" netlink; g="$started"
  sleep 3; rss0="$(rss_kib "$g")"
  docker run -d --name kw-overhead-sleepers --network none "$image" kwhelper sleepers "$sleepers" 2000 600 >/dev/null
  until docker logs kw-overhead-sleepers 2>&1 | grep -q 'sleepers .* started'; do sleep 1; done
  sleep 10   # the table settles: every exec parsed, the identity lookups done
  m="$(metrics)"; rss1="$(rss_kib "$g")"
  entries="$(awk '/^keelwatch_process_table_entries/ {print $NF; exit}' <<< "$m")"
  docker rm -f kw-overhead-sleepers >/dev/null
  stop_pids "$g"; unload_rules
  flock -u 9; exec 9>&-
  awk -v n="$sleepers" -v a="$rss0" -v b="$rss1" -v e="${entries:-?}" \
    'BEGIN { printf "agent RSS with %s live processes in a container: %.1f MiB (idle before: %.1f MiB; process table entries %s)\n", n, b / 1024, a / 1024, e }'
}

summary() {  # the table: medians [min-max] over the rounds
  awk '
    function med(list,   n, a, i, j, t) { n = split(list, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
        if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      lo = a[1]; hi = a[n]; return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    function spread(list, fmt,   m) { if (list ~ /^ *-? *$/ || list ~ /-/) return "-"; m = med(list)
      return sprintf(fmt " [" fmt "-" fmt "]", m, lo, hi) }
    { key = $1 SUBSEP $3; if (!(key in seen)) { seen[key] = 1; order[++k] = key }
      rate[key] = rate[key] " " $4; cpu[key] = cpu[key] " " $5; kd[key] = kd[key] " " $6; rss[key] = rss[key] " " $7
      st[key] = st[key] " " $8; p[key] = p[key] " " $9 }
    END {
      printf "%-10s %-10s %8s %-20s %6s %-18s %-18s %-16s %s\n", "load", "consumer", "events/s", "consumer CPU%", \
        "CPU%/1k", "kauditd CPU%", "RSS MiB", "start s", "p99 ms"
      for (i = 1; i <= k; i++) { key = order[i]; split(key, kk, SUBSEP); r = med(rate[key]); c = med(cpu[key])
        printf "%-10s %-10s %8d %-20s %6.1f %-18s %-18s %-16s %s\n", kk[1], kk[2], r, spread(cpu[key], "%.1f"), \
          (r > 0 ? c * 1000 / r : 0), spread(kd[key], "%.1f"), spread(rss[key], "%.0f"), spread(st[key], "%.2f"), \
          (p[key] ~ /^[ .0-9]+$/ ? spread(p[key], "%.0f") : p[key]) }
    }' "$raw"
}

{
  echo "Keelwatch overhead: loads ${loads[*]} for ${secs}s each in a container, $rounds rounds; $(nproc) cores; $(uname -r)"
  echo "rules: $rules_file ($(grep -c '^-[aw] ' "$rules_file") lines); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
for load in "${loads[@]}"; do
  for round in $(seq 1 "$rounds"); do
    n="${#consumers[@]}"
    for i in $(seq 0 $((n - 1))); do one "$load" "$round" "${consumers[$(((i + round - 1) % n))]}"; done
  done
done
summary | tee -a "$out"
[ "$sleepers" = 0 ] || sleepers_check | tee -a "$out"
