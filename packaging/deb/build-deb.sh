#!/usr/bin/env bash
# Builds keelwatch_<version>_all.deb with dpkg-deb from the release tarball's files. The config and the audit rules
# are conffiles (dpkg keeps an operator's edits on upgrade); /var/lib/keelwatch (journal, checkpoint, outbox) is
# created by postinst when missing and never removed, not even on purge: it is forensic evidence.
# usage: build-deb.sh [--jar PATH] [--out DIR] [--version V]; prints the package's path.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../target"
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --jar|--version) pass+=("$1" "$2"); shift 2 ;;
    *) echo "usage: build-deb.sh [--jar PATH] [--out DIR] [--version V]" >&2; exit 2 ;;
  esac
done
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
archive="$("$here/../build-tarball.sh" --out "$stage" "${pass[@]}")"
tar -C "$stage" -xzf "$archive"
src="$stage/$(basename "$archive" .tar.gz)"
version="$(cat "$src/VERSION")"
debversion="${version//-SNAPSHOT/~snapshot}"
pkg="$stage/pkg"
mkdir -p "$pkg/DEBIAN" "$pkg/usr/lib/keelwatch/bin" "$pkg/usr/lib/keelwatch/lib" "$pkg/usr/bin" \
         "$pkg/lib/systemd/system" "$pkg/etc/audit/rules.d" "$pkg/etc/keelwatch"
cp "$src/bin/keelwatch" "$pkg/usr/lib/keelwatch/bin/"
cp "$src/lib/keelwatch.jar" "$src/lib/jvm.options" "$pkg/usr/lib/keelwatch/lib/"
cp "$src/VERSION" "$pkg/usr/lib/keelwatch/VERSION"
mkdir -p "$pkg/usr/share/man/man1" "$pkg/usr/share/bash-completion/completions" "$pkg/usr/share/zsh/vendor-completions" \
         "$pkg/usr/share/doc/keelwatch"
gzip -n -9 -c "$src/share/man/man1/keelwatch.1" > "$pkg/usr/share/man/man1/keelwatch.1.gz"
cp "$src/share/bash-completion/completions/keelwatch" "$pkg/usr/share/bash-completion/completions/keelwatch"
cp "$src/share/zsh/vendor-completions/_keelwatch" "$pkg/usr/share/zsh/vendor-completions/_keelwatch"
cp "$src/LICENSE" "$pkg/usr/share/doc/keelwatch/copyright"
chmod 0644 "$pkg/usr/share/man/man1/keelwatch.1.gz" "$pkg/usr/share/bash-completion/completions/keelwatch" \
      "$pkg/usr/share/zsh/vendor-completions/_keelwatch" "$pkg/usr/share/doc/keelwatch/copyright"
ln -s ../lib/keelwatch/bin/keelwatch "$pkg/usr/bin/keelwatch"
cp "$src/systemd/keelwatch.service" "$pkg/lib/systemd/system/"
cp "$src/audit/keelwatch.rules" "$pkg/etc/audit/rules.d/"
cp "$src/etc/keelwatch.yaml" "$pkg/etc/keelwatch/"
chmod 0755 "$pkg/usr/lib/keelwatch/bin/"*
chmod 0644 "$pkg/usr/lib/keelwatch/lib/keelwatch.jar" "$pkg/usr/lib/keelwatch/lib/jvm.options" "$pkg/lib/systemd/system/keelwatch.service" "$pkg/etc/keelwatch/keelwatch.yaml"
chmod 0640 "$pkg/etc/audit/rules.d/keelwatch.rules"
cat > "$pkg/DEBIAN/control" <<CONTROL
Package: keelwatch
Version: $debversion
Architecture: all
Maintainer: Keelwatch <keelwatch@example.invalid>
Section: admin
Priority: optional
Depends: bash, default-jre-headless (>= 2:1.17) | java17-runtime-headless
Recommends: auditd
Installed-Size: $(du -sk "$pkg" | cut -f1)
Description: runtime anomaly detection for container hosts
 Keelwatch watches kernel audit records and the container runtime and raises
 alerts for container escapes, crypto-mining, host-mount abuse, lateral
 probing and stale containers, to Alertmanager and as JSON lines.
CONTROL
printf '/etc/keelwatch/keelwatch.yaml\n/etc/audit/rules.d/keelwatch.rules\n' > "$pkg/DEBIAN/conffiles"
cat > "$pkg/DEBIAN/postinst" <<'SCRIPT'
#!/bin/sh
# DPKG_ROOT is set when dpkg installs into another root (--root with --force-script-chrootless).
set -e
if [ "$1" = configure ]; then
  [ -d "${DPKG_ROOT:-}/var/lib/keelwatch" ] || { mkdir -p "${DPKG_ROOT:-}/var/lib/keelwatch"; chmod 0700 "${DPKG_ROOT:-}/var/lib/keelwatch"; }
  # the unit's dynamic user reaches the Docker socket (root:docker 0660) through the group, where it exists
  if grep -q '^docker:' "${DPKG_ROOT:-}/etc/group" 2>/dev/null; then
    mkdir -p "${DPKG_ROOT:-}/etc/systemd/system/keelwatch.service.d"
    printf '[Service]\nSupplementaryGroups=docker\n' > "${DPKG_ROOT:-}/etc/systemd/system/keelwatch.service.d/docker-group.conf"
  fi
  if [ -z "${DPKG_ROOT:-}" ] && [ -d /run/systemd/system ]; then
    systemctl daemon-reload || true
    # an upgrade restarts a running agent on the new version; a first install leaves starting to the operator
    [ -z "$2" ] || systemctl try-restart keelwatch.service || true
  fi
fi
exit 0
SCRIPT
cat > "$pkg/DEBIAN/prerm" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = remove ] && [ -z "${DPKG_ROOT:-}" ] && [ -d /run/systemd/system ]; then
  systemctl stop keelwatch.service || true
fi
exit 0
SCRIPT
cat > "$pkg/DEBIAN/postrm" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = purge ]; then
  echo "keelwatch: /var/lib/keelwatch (journal, checkpoint, outbox) is kept; remove it by hand when no longer needed"
fi
exit 0
SCRIPT
chmod 0755 "$pkg/DEBIAN/postinst" "$pkg/DEBIAN/prerm" "$pkg/DEBIAN/postrm"
mkdir -p "$out"
deb="$(cd "$out" && pwd)/keelwatch_${debversion}_all.deb"
dpkg-deb --root-owner-group -Zgzip --build "$pkg" "$deb" >/dev/null
echo "$deb"
