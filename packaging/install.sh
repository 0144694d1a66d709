#!/bin/sh
# Installs or upgrades Keelwatch from an unpacked tarball.
#   sudo ./install.sh [--root DIR]      (DIR: install into a staging root instead of /)
# Installs: /usr/lib/keelwatch/{bin,lib}, /usr/bin/keelwatch, /etc/systemd/system/keelwatch.service,
# /etc/audit/rules.d/keelwatch.rules. The config /etc/keelwatch/keelwatch.yaml is installed only when absent
# (an existing one is kept; the new default goes beside it as keelwatch.yaml.dist).
# State (/var/lib/keelwatch: journal, audit checkpoint, alert outbox) is created when missing and otherwise never
# touched, so an upgrade resumes where the old version stopped. Does not start or restart the service.
set -eu
root=""
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="${2%/}"; shift 2 ;;
    *) echo "usage: install.sh [--root DIR]" >&2; exit 2 ;;
  esac
done
src="$(cd "$(dirname "$0")" && pwd)"
lib="$root/usr/lib/keelwatch"

# Plain mkdir/cp/chmod (no install(1)): minimal images with busybox run this too.
dir() { mkdir -p "$2" && chmod "$1" "$2"; }
# Copies to a temporary name and renames: a running agent keeps its open jar, a crash never leaves half a file.
put() { cp "$2" "$3.new.$$" && chmod "$1" "$3.new.$$" && mv -f "$3.new.$$" "$3"; }

dir 0755 "$lib/bin"; dir 0755 "$lib/lib"
mkdir -p "$root/usr/bin" "$root/etc/systemd/system" "$root/etc/audit/rules.d"
put 0755 "$src/bin/keelwatch" "$lib/bin/keelwatch"
# the readiness probe of versions before sd_notify
rm -f "$lib/bin/keelwatch-wait-ready"
put 0644 "$src/lib/keelwatch.jar" "$lib/lib/keelwatch.jar"
put 0644 "$src/lib/jvm.options" "$lib/lib/jvm.options"
put 0644 "$src/VERSION" "$lib/VERSION"
mkdir -p "$root/usr/share/man/man1" "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions"
put 0644 "$src/share/man/man1/keelwatch.1" "$root/usr/share/man/man1/keelwatch.1"
put 0644 "$src/share/bash-completion/completions/keelwatch" "$root/usr/share/bash-completion/completions/keelwatch"
put 0644 "$src/share/zsh/vendor-completions/_keelwatch" "$root/usr/share/zsh/vendor-completions/_keelwatch"
ln -sfn /usr/lib/keelwatch/bin/keelwatch "$root/usr/bin/keelwatch"
put 0644 "$src/systemd/keelwatch.service" "$root/etc/systemd/system/keelwatch.service"
# The unit runs as a dynamic user; the Docker socket is root:docker 0660. A unit naming a missing group would not
# start, so the group is added by a drop-in, only where it exists.
if grep -q '^docker:' "$root/etc/group" 2>/dev/null; then
  mkdir -p "$root/etc/systemd/system/keelwatch.service.d"
  printf '[Service]\nSupplementaryGroups=docker\n' > "$root/etc/systemd/system/keelwatch.service.d/docker-group.conf"
fi
put 0640 "$src/audit/keelwatch.rules" "$root/etc/audit/rules.d/keelwatch.rules"

dir 0755 "$root/etc/keelwatch"
if [ -e "$root/etc/keelwatch/keelwatch.yaml" ]; then
  put 0644 "$src/etc/keelwatch.yaml" "$root/etc/keelwatch/keelwatch.yaml.dist"
  echo "kept /etc/keelwatch/keelwatch.yaml; the new default is keelwatch.yaml.dist"
else
  put 0644 "$src/etc/keelwatch.yaml" "$root/etc/keelwatch/keelwatch.yaml"
fi
[ -d "$root/var/lib/keelwatch" ] || dir 0700 "$root/var/lib/keelwatch"

if [ -z "$root" ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  echo "installed keelwatch $(cat "$src/VERSION"); start with: systemctl enable --now keelwatch" \
       "(after upgrades: systemctl restart keelwatch; augenrules --load for the audit rules)"
else
  echo "installed keelwatch $(cat "$src/VERSION") into ${root:-/}"
fi
