#!/usr/bin/env bash
# Records the runtime-threats capture bundle: the techniques of rules/pack/runtime-threats.yaml run for real in
# local/kw-e2e containers, next to benign look-alikes, with a private auditd loaded with the shipped audit rules
# (systemd/audit/keelwatch.rules, its tier-2 lines included: deep rules load them while risky containers run).
# Writes audit.log.gz, docker-events.jsonl.gz, docker-inspect.jsonl.gz and containers.tsv (container name ->
# scenario, for the pack test) into test-fixtures/captures/runtime-threats/.
# Run as root under the host lock, with no audit daemon registered:
#   flock /tmp/kw-host.lock test-fixtures/captures/capture-runtime-threats.sh
# Host paths it creates (scratch dirs below /var/lib/kubelet/pods, /root/.aws, /home, /var/log) are removed
# after; it adds audit rules and removes exactly those.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$repo/test-fixtures/captures/runtime-threats"
image="${KW_E2E_IMAGE:-local/kw-e2e:1}"
work="$(mktemp -d /tmp/kw-threats-capture.XXXXXX)"
net=kwcap-threats-net
mkdir -p "$out"

if [ "$(auditctl -s | awk '$1 == "pid" {print $2}')" != 0 ]; then
  echo "capture: an audit daemon is registered; run under the host lock when none is" >&2; exit 1
fi

# host scratch paths; each is removed only if this script made it
made=()
mk() { if [ ! -e "$1" ]; then top="$1"; while [ ! -e "$(dirname "$top")" ]; do top="$(dirname "$top")"; done
         mkdir -p "$1"; made+=("$top"); fi; }
pod=/var/lib/kubelet/pods/kwcap-0000-pod/volumes/kubernetes.io~projected/kube-api-access-kwcap
mk "$pod"; printf 'eyJhbGciOiJSUzI1NiJ9.keelwatch-capture-canary.sig' > "$pod/token"; printf 'default' > "$pod/namespace"
mk /root/.aws
[ -e /root/.aws/credentials ] && { echo "capture: /root/.aws/credentials exists; refusing to touch it" >&2; exit 1; }
printf '[default]\naws_access_key_id = AKIAKEELWATCHCANARY0\naws_secret_access_key = canary\n' > /root/.aws/credentials
home=/home/kwcap-victim; mk "$home"
logdir=/var/log/kwcap-app; mk "$logdir"; rologdir=/var/log/kwcap-ro; mk "$rologdir"
echo "old line" > "$rologdir/app.log"

rules="$work/rules"
sed -e 's/^# \(-a always,exit .*-k kw_write\)$/\1/' "$repo/systemd/audit/keelwatch.rules" | grep -e '^-a ' > "$rules"

cat > "$work/auditd.conf" <<CONF
local_events = yes
write_logs = yes
log_file = $work/audit.log
log_format = ENRICHED
flush = INCREMENTAL_ASYNC
freq = 20
max_log_file = 256
num_logs = 2
max_log_file_action = ROTATE
space_left = 2
space_left_action = IGNORE
admin_space_left = 1
admin_space_left_action = IGNORE
disk_full_action = IGNORE
disk_error_action = IGNORE
plugin_dir = $work/plugins.d
end_of_event_timeout = 2
CONF
mkdir -p "$work/plugins.d"

auditd_pid=""; events_pid=""
cleanup() {
  set +e
  [ -n "$events_pid" ] && kill "$events_pid"
  sed 's/^-a /-d /' "$rules" | while read -r l; do auditctl $l >/dev/null 2>&1; done
  [ -n "$auditd_pid" ] && kill "$auditd_pid" && wait "$auditd_pid" 2>/dev/null
  docker ps -aq --filter name=kwcap- | xargs -r docker rm -f >/dev/null
  docker network rm "$net" >/dev/null 2>&1
  rm -f /root/.aws/credentials
  for m in "${made[@]}"; do rm -rf "$m"; done
  rm -rf "$work"
}
trap cleanup EXIT

auditd -n -s nochange -c "$work" & auditd_pid=$!
for _ in $(seq 50); do [ -s "$work/audit.log" ] && break; sleep 0.1; done
while read -r l; do auditctl $l >/dev/null 2>&1 || echo "capture: not loaded (no such path here): $l" >&2; done < "$rules"
docker network create --internal "$net" >/dev/null
docker events --format '{{json .}}' > "$work/docker-events.jsonl" & events_pid=$!
sleep 1
: > "$work/containers.tsv"

# run NAME SCENARIO [docker flags...] -- [args...]: runs to completion, records inspect and the scenario name
run() {
  local short="$1" name="kwcap-$1" scen="$2"; shift 2
  local flags=() ; while [ $# -gt 0 ] && [ "$1" != -- ]; do flags+=("$1"); shift; done; shift || true
  # The replay attributes events by the container's init pid, which inspect reports only while the container
  # runs: the init waits a second before it becomes the scenario, long enough to inspect it.
  docker run -d --name "$name" "${flags[@]}" "$image" sh -c 'sleep 1; exec scenario "$@"' sh "$scen" "$@" >/dev/null
  docker inspect --format '{{json .}}' "$name" >> "$work/docker-inspect.jsonl"
  docker wait "$name" >/dev/null || true
  docker logs "$name" > "$work/$short.out" 2>&1 || true
  grep -q "scenario $scen done" "$work/$short.out" || { echo "capture: $scen did not complete:" >&2; cat "$work/$short.out" >&2; }
  sed "s/^/  $short: /" "$work/$short.out"
  printf '%s\t%s\n' "$name" "$scen" >> "$work/containers.tsv"
  docker rm -f "$name" >/dev/null
}
listener() {
  docker run -d --name "kwcap-$1" --network "$net" "$image" scenario listener 4444 3 >/dev/null
  sleep 0.5
  docker inspect --format '{{json .}}' "kwcap-$1" >> "$work/docker-inspect.jsonl"
  printf '%s\t%s\n' "kwcap-$1" listener >> "$work/containers.tsv"
  docker inspect --format "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}" "kwcap-$1"
}

run cron cron-persist -v /etc/cron.d:/host/cron.d -- keelwatch-capture.canary
run sshkey ssh-key -v "$home:/home/victim"
run satoken sa-token -v "$pod:/var/run/secrets/kubernetes.io/serviceaccount:ro"
run satokenapp sa-token-app -v "$pod:/var/run/secrets/kubernetes.io/serviceaccount:ro"
run cloud cloud-creds -v /root/.aws:/root/.aws:ro
echo "first line" > "$logdir/app.log"
run logappend log-append -v "$logdir:/var/log/app"
run logclear log-clear -v "$logdir:/var/log/app"
run rowrite ro-write -v /etc/cron.d:/host/cron.d:ro -v "$rologdir:/var/log/app:ro"
run roread ro-read -v /etc/cron.d:/host/cron.d:ro -v "$rologdir:/var/log/app:ro"
run dockerapi docker-api -v /var/run/docker.sock:/var/run/docker.sock
for shape in pipe fifo telnet; do
  ip="$(listener "l$shape")"
  run "rs$shape" "revshell-$shape" --network "$net" -- "$ip" 4444
  docker inspect --format '{{json .}}' "kwcap-l$shape" > /dev/null && docker rm -f "kwcap-l$shape" >/dev/null
done
run shell shell-work
run etcwrite etc-write
run binwrite bin-write
run setuid setuid-bit
run pkg pkg-install
run appdirs app-dirs
sleep 3

kill "$events_pid"; events_pid=""
sed 's/^-a /-d /' "$rules" | while read -r l; do auditctl $l >/dev/null 2>&1 || true; done
kill "$auditd_pid"; wait "$auditd_pid" 2>/dev/null || true; auditd_pid=""
# oldest first; audit.log.1 exists only when the log rotated during the capture
logs=("$work/audit.log"); [ -e "$work/audit.log.1" ] && logs=("$work/audit.log.1" "${logs[@]}")
cat "${logs[@]}" | gzip -9n > "$out/audit.log.gz"
gzip -9nc "$work/docker-events.jsonl" > "$out/docker-events.jsonl.gz"
gzip -9nc "$work/docker-inspect.jsonl" > "$out/docker-inspect.jsonl.gz"
cp "$work/containers.tsv" "$out/containers.tsv"
echo "capture: $(zcat "$out/audit.log.gz" | wc -l) audit lines, $(wc -l < "$work/docker-inspect.jsonl") containers -> $out"
