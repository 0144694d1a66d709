#!/usr/bin/env bash
# Builds the local test image (no registry needed): a busybox-static rootfs imported with `docker import`.
# usage: build-busybox-image.sh [TAG]   (default local/busybox:1); needs a running dockerd.
set -euo pipefail
tag="${1:-local/busybox:1}"
busybox="$(command -v busybox)"
[ -x "$busybox" ] || { echo "busybox-static is not installed" >&2; exit 1; }
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,proc,sys,dev,var/www,var/tmp,home}
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || ln -sf /bin/busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
chmod 1777 "$root/tmp"
echo 'hello from keelwatch test image' > "$root/var/www/index.html"
tar -C "$root" -c . | docker import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' - "$tag" >/dev/null
echo "$tag"
