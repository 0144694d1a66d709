#!/usr/bin/env bash
# Builds the agent image from the Dockerfile beside this script and a freshly built tarball.
# usage: build-image.sh [--base IMAGE] [--tag TAG]   (defaults: the Dockerfile's BASE; keelwatch/keelwatch:<version>)
# Offline hosts: --base local/keelwatch-jre:17 after build-local-base.sh (a JRE image made without a registry).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base=""
tag=""
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    --tag) tag="$2"; shift 2 ;;
    *) echo "usage: build-image.sh [--base IMAGE] [--tag TAG]" >&2; exit 2 ;;
  esac
done
ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT
archive="$("$here/../build-tarball.sh" --out "$ctx")"
version="$(basename "$archive" .tar.gz)"; version="${version#keelwatch-}"
cp "$here/Dockerfile" "$ctx/Dockerfile"
tag="${tag:-keelwatch/keelwatch:$version}"
args=(--build-arg "VERSION=$version" -t "$tag")
[ -z "$base" ] || args+=(--build-arg "BASE=$base")
if ! out="$(docker build -q --network none "${args[@]}" "$ctx" 2>&1)"; then echo "$out" >&2; exit 1; fi
echo "$tag"
