#!/usr/bin/env bash
# Builds the end-to-end scenario image: the local busybox image plus kwhelper (static, for the syscalls busybox
# lacks) and a copy of it under a miner's name. No registry is needed: the base is built with docker import.
# usage: build-e2e-image.sh [TAG]   (default local/kw-e2e:1); prints the tag.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tag="${1:-local/kw-e2e:1}"
base=local/busybox:1
docker image inspect "$base" >/dev/null 2>&1 || "$here/../images/build-busybox-image.sh" "$base" >/dev/null
ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT
gcc -static -O2 -Wall -o "$ctx/kwhelper" "$here/kwhelper.c"
cp "$here/scenario.sh" "$ctx/scenario.sh"
cat > "$ctx/Dockerfile" <<DOCKERFILE
FROM $base
COPY kwhelper /usr/local/bin/kwhelper
# The miner-name scenario: a binary shipped in the image (not drift) whose name is a known miner's.
COPY kwhelper /usr/local/bin/xmrig
# The package-manager scenario: an apk in the image, as Alpine has (kwhelper refuses its commands: nothing installs).
COPY kwhelper /sbin/apk
COPY scenario.sh /usr/local/bin/scenario
ENV PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN chmod 0755 /usr/local/bin/kwhelper /usr/local/bin/xmrig /sbin/apk /usr/local/bin/scenario && mkdir -p /mnt/host /mnt/cg
DOCKERFILE
if ! out="$(docker build -q --network none -t "$tag" "$ctx" 2>&1)"; then echo "$out" >&2; exit 1; fi
echo "$tag"
