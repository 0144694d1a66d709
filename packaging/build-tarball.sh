#!/usr/bin/env bash
# Builds keelwatch-<version>.tar.gz: bin/ (the launcher), lib/keelwatch.jar, share/ (man page, bash and zsh completion), the systemd unit, the
# audit rules for /etc/audit/rules.d, the default config and install.sh. The archive is reproducible (sorted,
# owner root, fixed mtime) so two builds of the same tree are byte-identical.
# usage: build-tarball.sh [--jar PATH] [--out DIR] [--version V]; prints the archive's path.
# Defaults: agent/target/keelwatch.jar, packaging/target, and the version the jar itself reports (`keelwatch
# --version`, stamped by the build from the root pom), so the archive, the .deb and the image carry the jar's version.
# --version overrides it only for packaging tests (e.g. an upgrade from one package to the next).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$repo/agent/target/keelwatch.jar"
out="$repo/packaging/target"
version=""
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    *) echo "usage: build-tarball.sh [--jar PATH] [--out DIR] [--version V]" >&2; exit 2 ;;
  esac
done
[ -f "$jar" ] || { echo "build-tarball: $jar not found; build it with: mvn -q -DskipTests package" >&2; exit 1; }
if [ -z "$version" ]; then
  reported="$(KEELWATCH_JAR="$jar" "$repo/bin/keelwatch" --version)" || { echo "build-tarball: $jar --version failed" >&2; exit 1; }
  version="${reported#keelwatch }"
fi
case "$version" in ''|*[!A-Za-z0-9.~+-]*) echo "build-tarball: bad version '$version'" >&2; exit 1 ;; esac
# the man page and shell completion the build generates beside the jar (agent/pom.xml, io.keelwatch.cli.CliDocs)
cli="$(dirname "$jar")/cli"
[ -f "$(dirname "$jar")/jvm.options" ] || { echo "build-tarball: jvm.options not found beside $jar" >&2; exit 1; }
for f in keelwatch.1 keelwatch.bash _keelwatch; do
  [ -f "$cli/$f" ] || { echo "build-tarball: $cli/$f not found; build it with: mvn -q -DskipTests package" >&2; exit 1; }
done
config="$repo/packaging/keelwatch.yaml"
[ -f "$config" ] || { echo "build-tarball: default config $config not found" >&2; exit 1; }
rules="$repo/systemd/audit/keelwatch.rules"
[ -f "$rules" ] || { echo "build-tarball: $rules not found; run packaging/gen-audit-rules.sh" >&2; exit 1; }

name="keelwatch-$version"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
d="$stage/$name"
install -d "$d/bin" "$d/lib" "$d/systemd" "$d/audit" "$d/etc" "$d/share/man/man1" \
           "$d/share/bash-completion/completions" "$d/share/zsh/vendor-completions"
install -m 0755 "$repo/bin/keelwatch" "$d/bin/"
install -m 0644 "$jar" "$d/lib/keelwatch.jar"
install -m 0644 "$(dirname "$jar")/jvm.options" "$d/lib/jvm.options"
install -m 0644 "$repo/systemd/keelwatch.service" "$d/systemd/"
install -m 0644 "$rules" "$d/audit/keelwatch.rules"
install -m 0644 "$config" "$d/etc/keelwatch.yaml"
install -m 0755 "$repo/packaging/install.sh" "$d/install.sh"
install -m 0644 "$repo/LICENSE" "$d/LICENSE"
install -m 0644 "$cli/keelwatch.1" "$d/share/man/man1/keelwatch.1"
install -m 0644 "$cli/keelwatch.bash" "$d/share/bash-completion/completions/keelwatch"
install -m 0644 "$cli/_keelwatch" "$d/share/zsh/vendor-completions/_keelwatch"
printf '%s\n' "$version" > "$d/VERSION"

mkdir -p "$out"
archive="$(cd "$out" && pwd)/$name.tar.gz"
tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime='2026-01-01 00:00:00Z' \
    -cf - "$name" | gzip -n -9 > "$archive"
echo "$archive"
