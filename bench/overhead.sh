#!/usr/bin/env bash
# Overhead benchmark, one run: the same exec load inside a container (kwhelper execrate: RATE execs/s of
# /bin/true, paced) under four audit consumers, with the CPU each consumer used.
#   1. none        audit rule loaded, no consumer registered (kernel only; records go nowhere but the backlog)
#   2. auditd      a private auditd writing an ENRICHED log
#   3. laurel      the same auditd with the laurel plugin (JSON enrichment)
#   4. keelwatch   the agent as the audit daemon (netlink unicast, shipped rule pack evaluated), no auditd
#   5. kw+auditd   auditd writing its log, the agent tailing it
# CPU = (utime+stime delta of the consumer's processes) / wall time, from /proc/PID/stat; kauditd (the kernel
# thread that delivers records) is reported on its own. Needs root, dockerd, auditd, laurel, the built agent jar.
# Touches only its own audit rule (key kw_t_deploy_bench) and processes it started; needs no audit daemon running.
# Every consumer sees the same audit rule (execve/execveat, key kw_t_deploy_bench), so the figures compare consumers.
# usage: bench/overhead.sh [RATE] [SECONDS]     (defaults 1000 30); prints a table, also to bench/target/overhead.txt
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rate="${1:-1000}"
secs="${2:-30}"
key=kw_t_deploy_bench
rule=(-a always,exit -F arch=b64 -S execve,execveat -k "$key")
work="$(mktemp -d /tmp/kw-overhead.XXXXXX)"
out="$repo/bench/target/overhead.txt"
mkdir -p "$(dirname "$out")"
hz="$(getconf CLK_TCK)"
pids_started=()

cleanup() {
  for p in "${pids_started[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  auditctl -d "${rule[@]:1}" >/dev/null 2>&1 || true
  docker rm -f kw-overhead-load >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

audit_pid() { auditctl -s | awk '$1=="pid"{print $2}'; }
[ "$(audit_pid)" = 0 ] || { echo "overhead: an audit daemon (pid $(audit_pid)) is registered; stop it first" >&2; exit 1; }
image="$("$repo/test-fixtures/e2e/build-e2e-image.sh")"
jar="$repo/agent/target/keelwatch.jar"
[ -f "$jar" ] || { echo "overhead: build the agent first (mvn -q -DskipTests package)" >&2; exit 1; }

ticks() {  # total utime+stime ticks of the given pids (and their threads)
  local t=0 p
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] || continue
    # fields after "pid (comm) " start at state (field 3): utime and stime are fields 14 and 15
    t=$((t + $(sed 's/.*) //' "/proc/$p/stat" | awk '{print $12 + $13}')))
  done
  echo "$t"
}
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

start_auditd() {  # DIR -> echoes pid
  auditd -n -s nochange -c "$1" >"$1/auditd.out" 2>&1 &
  local p=$!
  pids_started+=("$p")
  for _ in $(seq 1 50); do [ "$(audit_pid)" = "$p" ] && break; sleep 0.1; done
  [ "$(audit_pid)" = "$p" ] || { echo "auditd did not register: $(cat "$1/auditd.out")" >&2; exit 1; }
  echo "$p"
}

start_agent() {  # DIR SOURCE [LOG] -> echoes pid
  local dir="$1" src="$2" log="${3:-}"
  mkdir -p "$dir"
  {
    echo "host: overhead"
    echo "data_dir: $dir/state"
    echo "audit:"
    echo "  source: $src"
    echo "  load_rules: false"
    [ -z "$log" ] || echo "  log_file: $log"
    echo "alerts:"
    echo "  stdout: false"
    echo "metrics:"
    echo "  listen: 127.0.0.1:19190"
    echo "journal:"
    echo "  enabled: true"
  } > "$dir/keelwatch.yaml"
  KEELWATCH_JAR="$jar" "$repo/bin/keelwatch" run --config "$dir/keelwatch.yaml" >"$dir/agent.out" 2>&1 &
  local p=$!
  pids_started+=("$p")
  wait_metrics 19190 90 || { cat "$dir/agent.out" >&2; exit 1; }
  echo "$p"
}

# Waits until the agent's metrics endpoint on 127.0.0.1:PORT answers 200 (it opens once the pipeline is wired).
wait_metrics() {  # PORT TIMEOUT_SECONDS
  local deadline=$((SECONDS + $2)) code
  while [ "$SECONDS" -lt "$deadline" ]; do
    if { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null; then
      printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3; code=""; read -r -t 5 _ code _ <&3 || true; exec 3>&- 3<&-
      [ "$code" = 200 ] && return 0
    fi
    sleep 0.5
  done
  return 1
}

stop_pids() { for p in "$@"; do kill "$p" 2>/dev/null || true; done; for p in "$@"; do while kill -0 "$p" 2>/dev/null; do sleep 0.2; done; done; }

measure() {  # NAME PIDS... : runs the load and prints one row
  local name="$1"; shift
  local pids=("$@") all k0 a0 t0 k1 a1 t1 achieved
  all=("${pids[@]}")
  for p in "${pids[@]}"; do
    for c in $(pgrep -P "$p" || true); do all+=("$c"); done   # laurel runs as auditd's child
  done
  sleep 3   # let startup work settle
  k0="$(ticks "$kauditd")"; a0="$(ticks "${all[@]}")"; t0="$(date +%s.%N)"
  achieved="$(docker run --rm --name kw-overhead-load --network none "$image" kwhelper execrate "$rate" "$secs" /bin/true \
    | sed -n 's/.*= \([0-9]*\)\/s/\1/p')"
  k1="$(ticks "$kauditd")"; a1="$(ticks "${all[@]}")"; t1="$(date +%s.%N)"
  awk -v n="$name" -v r="$achieved" -v a="$((a1 - a0))" -v k="$((k1 - k0))" -v w="$(echo "$t1 - $t0" | bc)" -v hz="$hz" \
    'BEGIN { c = 100 * a / hz / w; printf "%-11s %10s %14.1f %12.1f %18.1f\n", n, r, c, 100 * k / hz / w, (r > 0 ? c * 1000 / r : 0) }'
}

auditctl -e 1 >/dev/null
auditctl "${rule[@]}" >/dev/null
{
  echo "Keelwatch overhead: $rate execs/s requested for ${secs}s in a container; $(nproc) cores; $(uname -r)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  printf "%-11s %10s %14s %12s %18s\n" consumer "execs/s" "consumer CPU%" "kauditd CPU%" "CPU% per 1000/s"
  measure none

  d="$work/auditd"; write_auditd_conf "$d" no; a="$(start_auditd "$d")"
  measure auditd "$a"; stop_pids "$a"

  d="$work/laurel"; write_auditd_conf "$d" yes; a="$(start_auditd "$d")"
  measure laurel "$a"; stop_pids "$a"

  # same audit rule for every consumer; the agent only adds its own pid exclusion (load_rules: false)
  g="$(start_agent "$work/agent" netlink)"
  measure keelwatch "$g"; stop_pids "$g"

  d="$work/kwauditd"; write_auditd_conf "$d" no; a="$(start_auditd "$d")"
  g="$(start_agent "$work/agent2" file "$d/audit.log")"
  measure kw+auditd "$a" "$g"; stop_pids "$g" "$a"
} | tee "$out"
