#!/usr/bin/env bash
# Makes a stand-in for the Temurin JRE base image without a registry: a rootfs with busybox (sh and the tools
# install.sh uses), bash (the launcher), and this host's Java runtime at /opt/java/openjdk (Temurin's path, with
# JAVA_HOME set the same way), imported with `docker import`. Proves the Dockerfile on hosts with no registry.
# usage: build-local-base.sh [TAG]   (default local/keelwatch-jre:17); prints the tag.
set -euo pipefail
tag="${1:-local/keelwatch-jre:17}"
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
busybox="$(command -v busybox)"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,proc,sys,dev,run,var/tmp,opt/java}
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || [ -e "$root/bin/$applet" ] || ln -s /bin/busybox "$root/bin/$applet"
done
ln -sf /bin/env "$root/usr/bin/env"
rm -f "$root/bin/bash"
cp /bin/bash "$root/bin/bash"
# The runtime, symlinks resolved (Debian links conf/ and jvm.cfg into /etc), without the JDK-only parts.
mkdir -p "$root/opt/java/openjdk"
(cd "$java_home" && find -L bin conf lib release -type f ! -name ct.sym -print0 \
   | xargs -0 cp -L --parents -t "$root/opt/java/openjdk/")
# Shared libraries of bash, java and the JVM's own libraries, at their host paths.
for f in /bin/bash "$java_home"/bin/java "$java_home"/lib/*.so "$java_home"/lib/server/*.so; do
  ldd "$f" 2>/dev/null | awk '$3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'
done | sort -u | while read -r lib; do
  [ -e "$root$lib" ] || cp -L --parents "$lib" "$root/"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
chmod 1777 "$root/tmp" "$root/var/tmp"
tar -C "$root" -c . | docker import \
  -c 'ENV JAVA_HOME=/opt/java/openjdk' \
  -c 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'CMD ["/bin/sh"]' - "$tag" >/dev/null
echo "$tag"
