#!/usr/bin/env bash
# Cost of the tier-2 audit rules (write-intent opens, key kw_tier2) on a write-heavy workload, with the agent on its
# shipped defaults (audit.deep_rules: auto): a default container runs WRITES shell redirections into /tmp (each one an
# openat(O_WRONLY|O_CREAT|O_TRUNC) + write + close, the worst case for tier 2: every open is audited), once with tier
# 2 off (no risky container) and once with it on (a risky container, --cap-add ALL and systempaths=unconfined,
# sleeping beside it, which is what makes the agent load tier 2). Rounds alternate the order (off,on / on,off).
# Per run: the workload's wall time and its own CPU (utime+stime of the shell, from /proc/PID/stat inside the
# container), the CPU of kauditd, of the agent and (auditd mode) of auditd, from /proc/PID/stat deltas, and the audit
# events the agent took (keelwatch_audit_events_total delta). Medians per state.
#   MODE=netlink  the agent is the audit daemon (no auditd may be registered)            (default)
#   MODE=auditd   a private auditd writes the log, the agent tails it and adds tier 2 through its control socket
# usage: bench/tier2-cost.sh [ROUNDS] [WRITES]    (defaults 5, 100000); table also in bench/target/tier2-cost-MODE.txt
# Needs root, dockerd, the image local/busybox:1 and the built agent jar (mvn -q -DskipTests package -pl agent -am).
# Run it under the host lock (flock /tmp/kw-host.lock): it changes kernel audit state. Removes what it started.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-5}"
writes="${2:-100000}"
mode="${MODE:-netlink}"
image=local/busybox:1
port=19191
work="$(mktemp -d /tmp/kw-tier2-cost.XXXXXX)"
out="$repo/bench/target/tier2-cost-$mode.txt"
mkdir -p "$(dirname "$out")"
hz="$(getconf CLK_TCK)"
jar="$repo/agent/target/keelwatch.jar"
pids_started=()
label=io.keelwatch.tier2bench=1

cleanup() {
  docker ps -aq --filter "label=$label" | xargs -r docker rm -f >/dev/null 2>&1 || true
  for p in "${pids_started[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids_started[@]}"; do while kill -0 "$p" 2>/dev/null; do sleep 0.2; done; done
  rm -rf "$work"
}
trap cleanup EXIT

[ -f "$jar" ] || { echo "tier2-cost: build the agent first (mvn -q -DskipTests package -pl agent -am)" >&2; exit 1; }
audit_pid() { auditctl -s | awk '$1=="pid"{print $2}'; }
[ "$(audit_pid)" = 0 ] || { echo "tier2-cost: an audit daemon (pid $(audit_pid)) is registered; stop it first" >&2; exit 1; }

ticks() {  # utime+stime ticks of the given pids, threads included (fields 14 and 15 of /proc/PID/stat)
  local t=0 p
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] || continue
    t=$((t + $(sed 's/.*) //' "/proc/$p/stat" | awk '{print $12 + $13}')))
  done
  echo "$t"
}
metric() { curl -fsS "http://127.0.0.1:$port/metrics" | awk -v s="$1" 'index($0, s" ") == 1 {v += $NF} END {print v + 0}'; }
events() { curl -fsS "http://127.0.0.1:$port/metrics" | awk '/^keelwatch_audit_events_total/ {v += $NF} END {printf "%d\n", v}'; }
tier2_rules() { auditctl -l | grep -c 'key=kw_tier2' || true; }
kauditd="$(pgrep -x kauditd | head -1)"

auditd_pid=""
log_file=""
if [ "$mode" = auditd ]; then
  mkdir -p "$work/auditd/plugins.d"
  log_file="$work/auditd/audit.log"
  cat > "$work/auditd/auditd.conf" <<CONF
local_events = yes
write_logs = yes
log_file = $log_file
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
plugin_dir = $work/auditd/plugins.d
q_depth = 8000
overflow_action = IGNORE
CONF
  auditd -n -s nochange -c "$work/auditd" >"$work/auditd.out" 2>&1 &
  auditd_pid=$!
  pids_started+=("$auditd_pid")
  for _ in $(seq 1 50); do [ "$(audit_pid)" = "$auditd_pid" ] && break; sleep 0.1; done
  [ "$(audit_pid)" = "$auditd_pid" ] || { echo "auditd did not register: $(cat "$work/auditd.out")" >&2; exit 1; }
elif [ "$mode" != netlink ]; then
  echo "tier2-cost: MODE is netlink or auditd" >&2; exit 2
fi

# the agent on its shipped defaults: only where its state, alerts and metrics go (and the auditd log) are set
{
  echo "data_dir: $work/state"
  [ -z "$log_file" ] || printf 'audit:\n  log_file: %s\n' "$log_file"
  printf 'alerts:\n  stdout: false\nmetrics:\n  listen: 127.0.0.1:%s\n' "$port"
} > "$work/keelwatch.yaml"
KEELWATCH_JAR="$jar" "$repo/bin/keelwatch" run --config "$work/keelwatch.yaml" >"$work/agent.out" 2>&1 &
agent=$!
pids_started+=("$agent")
# ready once the metrics endpoint answers (it opens when the pipeline is wired); 90 s at most
for _ in $(seq 1 180); do curl -fsS -o /dev/null "http://127.0.0.1:$port/metrics" 2>/dev/null && break; sleep 0.5; done
curl -fsS -o /dev/null "http://127.0.0.1:$port/metrics" || { echo "tier2-cost: the agent did not start" >&2; cat "$work/agent.out" >&2; exit 1; }
sleep 2
agent_pid="$(pgrep -P "$agent" java || echo "$agent")"   # the launcher may exec java or run it as a child

set_tier2() {  # on|off: start or remove the risky container and wait for the agent to follow
  if [ "$1" = on ]; then
    [ -n "$(docker ps -aq --filter name='^kw-tier2-trigger$')" ] ||
    docker run -d --name kw-tier2-trigger --label "$label" --network none --cap-add ALL --cap-drop SYS_RESOURCE \
      --security-opt seccomp=unconfined --security-opt systempaths=unconfined "$image" sleep 3600 >/dev/null
    for _ in $(seq 1 100); do [ "$(tier2_rules)" -gt 0 ] && break; sleep 0.1; done
    [ "$(tier2_rules)" -gt 0 ] || { echo "tier 2 did not load" >&2; cat "$work/agent.out" >&2; exit 1; }
  else
    docker rm -f kw-tier2-trigger >/dev/null 2>&1 || true
    for _ in $(seq 1 100); do [ "$(tier2_rules)" = 0 ] && break; sleep 0.1; done
    [ "$(tier2_rules)" = 0 ] || { echo "tier 2 was not removed" >&2; exit 1; }
  fi
  sleep 1
}

run_once() {  # STATE: one workload run, prints a row
  local state="$1" k0 a0 d0 e0 t0 k1 a1 d1 e1 t1 stat wl
  k0=$(ticks "$kauditd"); a0=$(ticks "$agent_pid"); d0=$(ticks $auditd_pid); e0=$(events)
  t0=$(date +%s%N)
  stat="$(docker run --rm --label "$label" --network none "$image" sh -c \
    "mkdir -p /tmp/w; i=0; while [ \$i -lt $writes ]; do echo \$i > /tmp/w/f\$((i & 63)); i=\$((i+1)); done; cat /proc/\$\$/stat")"
  t1=$(date +%s%N)
  sleep 2   # let the agent (and auditd) finish with the last records before reading their CPU
  k1=$(ticks "$kauditd"); a1=$(ticks "$agent_pid"); d1=$(ticks $auditd_pid); e1=$(events)
  wl=$(echo "$stat" | sed 's/.*) //' | awk '{print $12 + $13}')
  awk -v s="$state" -v w="$(( (t1 - t0) / 1000000 ))" -v wl="$wl" -v k=$((k1 - k0)) -v a=$((a1 - a0)) \
      -v d=$((d1 - d0)) -v e=$((e1 - e0)) -v hz="$hz" \
      'BEGIN { printf "%-4s %9.2f %9.2f %9.2f %9.2f %9.2f %10d\n", s, w / 1000, wl / hz, k / hz, a / hz, d / hz, e }'
}

rows="$work/rows"
: > "$rows"
echo "tier-2 cost: mode=$mode rounds=$rounds writes/run=$writes ($(nproc) cores, kernel $(uname -r))"
printf '%-4s %9s %9s %9s %9s %9s %10s\n' state wall_s wl_cpu_s kaudit_s agent_s auditd_s events
for r in $(seq 1 "$rounds"); do
  order=(off on); [ $((r % 2)) = 0 ] && order=(on off)
  for s in "${order[@]}"; do
    set_tier2 "$s"
    run_once "$s" | tee -a "$rows"
  done
done
set_tier2 off
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
{
  echo "tier-2 cost: mode=$mode rounds=$rounds writes/run=$writes ($(nproc) cores, kernel $(uname -r)); medians"
  printf '%-4s %9s %9s %9s %9s %9s %10s\n' state wall_s wl_cpu_s kaudit_s agent_s auditd_s events
  for s in off on; do
    printf '%-4s' "$s"
    for col in 2 3 4 5 6; do printf ' %9.2f' "$(awk -v s="$s" -v c="$col" '$1 == s {print $c}' "$rows" | median)"; done
    printf ' %10d\n' "$(awk -v s="$s" '$1 == s {print $7}' "$rows" | median)"
  done
} | tee "$out"
