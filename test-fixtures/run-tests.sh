#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine with Java and Maven, as root: installs the packages the tests
# drive (auditd, dockerd, Alertmanager, Prometheus, ...) when missing, starts dockerd when it is not running (the
# tests start their own auditd, Alertmanager and Prometheus), builds the test image, then runs `mvn -B verify`.
# On a machine already set up, `mvn -B verify` alone is the same run. `.ci/run` calls exactly this script.
# usage: sudo test-fixtures/run-tests.sh [MAVEN ARGS...]   (extra arguments go to mvn after `-B verify`)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[run-tests] %s\n' "$*"; }
[ "$(id -u)" -eq 0 ] || { echo "run-tests.sh: run as root (the tests drive kernel audit and dockerd)" >&2; exit 2; }

# The packages the suite drives; systemd brings systemd-analyze for the unit checks, dpkg builds the .deb.
need_pkgs=(auditd docker.io containerd prometheus-alertmanager prometheus busybox-static laurel gcc libc6-dev python3 iproute2
           procps util-linux systemd dpkg)
command -v mvn >/dev/null || need_pkgs+=(maven)
# kubectl renders the kustomize overlays; Debian's kubernetes-client only where no kubectl is installed (another
# package's kubectl may own /usr/bin/kubectl, and the two cannot both be installed).
command -v kubectl >/dev/null || need_pkgs+=(kubernetes-client)
command -v javac >/dev/null || need_pkgs+=(default-jdk-headless)
missing=()
for p in "${need_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Debian's packages try to start their services; with no init system running that fails harmlessly.
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  nohup dockerd >/var/log/keelwatch-tests-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { log "dockerd did not start"; tail -50 /var/log/keelwatch-tests-dockerd.log; exit 1; }
fi
docker image inspect local/busybox:1 >/dev/null 2>&1 || test-fixtures/images/build-busybox-image.sh >/dev/null

log "running: mvn -B verify $*"
exec mvn -B verify "$@"
