#!/usr/bin/env bash
# Detection latency of the container lifecycle rules: from `docker run` to the agent's alert.
# Starts the agent with its defaults (audit source auto, the embedded rule pack; alerts on stdout; log level info
# only to see it start), then runs N short
# containers (each lives 2 s), alternating a container with a sensitive host mount (-v /etc:/host/etc:ro, must raise
# "Container with sensitive host mount") and a plain one (must raise nothing). Latency = the moment the alert line
# reaches the agent's stdout minus the moment just before `docker run` was started (so it includes the docker CLI,
# container create, the events stream, the inspect, the rules and the JSON write). Prints p50/p90/p99/max, misses
# and false alerts; also to bench/target/container-alert-latency.txt.
# Needs root, dockerd, the built agent jar. Run under the host lock: flock /tmp/kw-host.lock bench/container-alert-latency.sh
# Removes only the containers it started (label io.keelwatch.bench=latency) and stops only the agent it started.
# usage: bench/container-alert-latency.sh [N] [IMAGE]     (defaults 40 local/busybox:1)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-40}"
image="${2:-local/busybox:1}"
work="$(mktemp -d /tmp/kw-latency.XXXXXX)"
out="$repo/bench/target/container-alert-latency.txt"
mkdir -p "$(dirname "$out")"
cat > "$work/keelwatch.yaml" <<YAML
data_dir: $work/state
metrics:
  listen: "off"
log:
  level: info
YAML
export KW_LAUNCHER="$repo/bin/keelwatch" KW_CONFIG="$work/keelwatch.yaml" KW_N="$n" KW_IMAGE="$image" KW_OUT="$out"
python3 - <<'PY'
import json, os, subprocess, sys, threading, time

launcher, config, n, image, out = (os.environ[k] for k in ("KW_LAUNCHER", "KW_CONFIG", "KW_N", "KW_IMAGE", "KW_OUT"))
n = int(n)
label = "io.keelwatch.bench=latency"
seen = {}          # container name -> (monotonic arrival, rule) of its first alert
lock = threading.Lock()
ready = threading.Event()

agent = subprocess.Popen([launcher, "run", "--config", config], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, bufsize=1)

def read_alerts():
    for line in agent.stdout:
        t = time.monotonic()
        try:
            a = json.loads(line)
        except ValueError:
            continue
        name = ((a.get("container") or {}).get("name")) or ""
        with lock:
            seen.setdefault(name, []).append((t, a.get("rule", "")))

def read_log():
    for line in agent.stderr:
        if "agent running" in line:
            ready.set()

threading.Thread(target=read_alerts, daemon=True).start()
threading.Thread(target=read_log, daemon=True).start()
try:
    if not ready.wait(90):
        sys.exit("agent did not start")
    time.sleep(3)  # the first tick and bootstrap behind it
    lat, missed, false_alerts = [], [], []
    for i in range(n):
        sensitive = i % 2 == 0
        name = "kwbench-lat-%d-%d" % (os.getpid(), i)
        flags = ["-v", "/etc:/host/etc:ro"] if sensitive else []
        t0 = time.monotonic()
        subprocess.run(["docker", "run", "-d", "--rm", "--label", label, "--network", "none", "--name", name]
                       + flags + [image, "sleep", "2"], check=True, stdout=subprocess.DEVNULL)
        deadline = t0 + 5
        hit = None
        while time.monotonic() < deadline:
            with lock:
                hits = [t for t, r in seen.get(name, []) if r == "Container with sensitive host mount"]
            if hits:
                hit = min(hits)
                break
            time.sleep(0.005)
        if sensitive:
            if hit is None:
                missed.append(name)
            else:
                lat.append(hit - t0)
        time.sleep(2.5 if not sensitive else max(0, t0 + 2.5 - time.monotonic()))
        with lock:
            if not sensitive and seen.get(name):
                false_alerts.append((name, [r for _, r in seen[name]]))
    lat.sort()
    def pct(p):
        return lat[min(len(lat) - 1, int(round(p / 100.0 * len(lat) + 0.5)) - 1)] * 1000 if lat else float("nan")
    report = ("container-alert-latency: %d containers (%d with a sensitive mount, %d plain), image %s\n"
              "docker run -> alert on the agent's stdout, ms: p50 %.0f  p90 %.0f  p99 %.0f  max %.0f  (n=%d)\n"
              "missed: %d %s\nalerts on plain containers: %d %s\n") % (
        n, (n + 1) // 2, n // 2, image, pct(50), pct(90), pct(99), (lat[-1] * 1000 if lat else float("nan")),
        len(lat), len(missed), missed, len(false_alerts), false_alerts)
    print(report, end="")
    with open(out, "w") as f:
        f.write(report)
finally:
    agent.terminate()
    try:
        agent.wait(30)
    except subprocess.TimeoutExpired:
        agent.kill()
    ids = subprocess.run(["docker", "ps", "-aq", "--filter", "label=" + label], capture_output=True, text=True).stdout.split()
    if ids:
        subprocess.run(["docker", "rm", "-f"] + ids, stdout=subprocess.DEVNULL)
PY
rm -rf "$work"
