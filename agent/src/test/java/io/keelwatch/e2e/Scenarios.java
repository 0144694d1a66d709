package io.keelwatch.e2e;

import static io.keelwatch.e2e.Scenario.inImage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The catalog: attacks per category, then benign work that must stay quiet. */
public final class Scenarios {

    static final String ESCAPE = "container_escape";
    static final String MINING = "crypto_mining";
    static final String HOST_MOUNT = "host_mount_abuse";
    static final String LATERAL = "lateral_probing";
    static final String STALE = "stale_container";
    static final String NONE = "none";

    /** The closest stand-in for --privileged that starts on this VM (see the working agreement). */
    static final List<String> STRONG = List.of("--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE",
            "--security-opt", "seccomp=unconfined", "--security-opt", "systempaths=unconfined");
    static final List<String> NO_NET = List.of("--network", "none");

    private static final Duration WINDOW = Duration.ofSeconds(10);
    static final String SENSITIVE_MOUNT_RULE = "Container with sensitive host mount";

    private Scenarios() {}

    static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    public static List<Scenario> attacks() {
        return List.of(
                // ---- container escape ----
                new Scenario("core-pattern", ESCAPE, "write /proc/sys/kernel/core_pattern", WINDOW,
                        inImage("core-pattern", STRONG, List.of())),
                new Scenario("release-agent", ESCAPE, "mount cgroup v1, write release_agent", WINDOW,
                        inImage("release-agent", STRONG, List.of())),
                new Scenario("disk-mount", ESCAPE, "mount the host's root block device", WINDOW,
                        (ctx, c) -> Scenario.runInImage(ctx, c, "disk-mount",
                                with(STRONG, "--device", ctx.rootDevice() + ":" + ctx.rootDevice() + ":r"),
                                List.of(ctx.rootDevice()))),
                new Scenario("nsenter-host", ESCAPE, "nsenter/setns into a host process's namespaces", WINDOW,
                        (ctx, c) -> Scenario.runInImage(ctx, c, "nsenter-host", with(STRONG, "--pid=host"),
                                List.of(Long.toString(ctx.hostPid())))),
                new Scenario("docker-sock", ESCAPE, "GET /version on the mounted Docker socket", WINDOW,
                        inImage("docker-sock", List.of("-v", "/var/run/docker.sock:/var/run/docker.sock"), List.of())),
                new Scenario("module-load", ESCAPE, "init_module + finit_module", WINDOW,
                        inImage("module-load", List.of("--cap-add", "SYS_MODULE"), List.of())),
                new Scenario("ptrace", ESCAPE, "PTRACE_ATTACH to a process", WINDOW,
                        inImage("ptrace", List.of("--cap-add", "SYS_PTRACE"), List.of())),
                new Scenario("runc-overwrite", ESCAPE, "open /proc/self/exe and host runc for write", WINDOW,
                        (ctx, c) -> Scenario.runInImage(ctx, c, "runc-overwrite",
                                List.of("-v", ctx.runcPath() + ":/host/runc:ro"), List.of())),
                new Scenario("unshare", ESCAPE, "unshare(CLONE_NEWUSER) and a mount namespace", WINDOW,
                        inImage("unshare", STRONG, List.of())),
                // ---- crypto-mining ----
                new Scenario("miner-name", MINING, "exec a binary named xmrig", WINDOW,
                        inImage("miner-name", List.of(), List.of())),
                new Scenario("stratum-args", MINING, "stratum+tcp:// and --donate-level in argv", WINDOW,
                        inImage("stratum-args", List.of(), List.of())),
                new Scenario("pool-port", MINING, "connect to a pool port (3333), unroutable", WINDOW,
                        inImage("pool-port", NO_NET, List.of())),
                new Scenario("drift-exec", MINING, "exec a binary dropped in /tmp/.cache after start", WINDOW,
                        inImage("drift-exec", List.of(), List.of())),
                // ---- host-mount abuse ----
                // a container's configuration is the finding: each lives 2 s, as a real attack container does
                new Scenario("sensitive-mount", HOST_MOUNT, "container with the host's /etc mounted, lives 2 s",
                        WINDOW, briefly(List.of("-v", "/etc:/host/etc:ro"))),
                new Scenario("host-root-mount", HOST_MOUNT, "container with -v /:/host, lives 2 s", WINDOW,
                        briefly(List.of("-v", "/:/host:ro"))),
                new Scenario("host-proc-mount", HOST_MOUNT, "container with -v /proc:/hostproc, lives 2 s", WINDOW,
                        briefly(List.of("-v", "/proc:/hostproc:ro"))),
                new Scenario("docker-sock-mount", HOST_MOUNT, "container with the Docker socket mounted, lives 2 s",
                        WINDOW, briefly(List.of("-v", "/var/run/docker.sock:/var/run/docker.sock"))),
                new Scenario("strong-container", HOST_MOUNT, "all capabilities, no seccomp (privileged-like), 2 s",
                        WINDOW, briefly(STRONG)),
                new Scenario("host-pid", HOST_MOUNT, "container in the host's pid namespace (--pid=host), 2 s",
                        WINDOW, briefly(List.of("--pid=host"))),
                new Scenario("privileged-exec", HOST_MOUNT, "docker exec --privileged into a plain running container",
                        WINDOW, Scenarios::privilegedExec),
                // what is done through the mount is the finding here, not the mount (sensitive-mount proves that)
                new Scenario("host-write", HOST_MOUNT, "create a file in the host's /etc through a mount", WINDOW,
                        Scenarios::hostWrite).notDetectedBy(SENSITIVE_MOUNT_RULE),
                new Scenario("host-read", HOST_MOUNT, "read the host's /etc/shadow through a mount", WINDOW,
                        inImage("host-read", List.of("-v", "/etc:/host/etc:ro"), List.of()))
                        .notDetectedBy(SENSITIVE_MOUNT_RULE),
                // ---- lateral probing ----
                new Scenario("port-scan", LATERAL, "40 ports of one container on the internal bridge", WINDOW,
                        (ctx, c) -> withTarget(ctx, c, ip -> List.of(ip), "port-scan")),
                new Scenario("host-sweep", LATERAL, "port 22 on 29 addresses of the internal bridge", WINDOW,
                        (ctx, c) -> Scenario.runInImage(ctx, c, "host-sweep", List.of("--network", ctx.network()),
                                List.of(ctx.subnetPrefix()))),
                new Scenario("metadata", LATERAL, "connect to 169.254.169.254:80, unroutable", WINDOW,
                        inImage("metadata", NO_NET, List.of())),
                new Scenario("control-plane", LATERAL, "kubelet, etcd, Docker API, kube-apiserver ports", WINDOW,
                        (ctx, c) -> withTarget(ctx, c, ip -> List.of(ip), "control-plane")),
                new Scenario("reverse-shell", LATERAL, "nc -e /bin/sh to a listener", WINDOW,
                        (ctx, c) -> reverseShell(ctx, c, "reverse-shell")),
                new Scenario("reverse-shell-stdio", LATERAL, "sh with stdio dup'ed onto a TCP socket", WINDOW,
                        (ctx, c) -> reverseShell(ctx, c, "reverse-shell-stdio")),
                // ---- stale containers ----
                new Scenario("image-retag", STALE, "the image tag moves under a running container",
                        Duration.ofSeconds(20), StaleScenarios::imageRetag));
    }

    /**
     * Container age needs the threshold to pass: it is started first and judged last (see AttackSuiteIT). Age is
     * what the shipped sweep still checks, once a minute: the window allows one sweep past the threshold.
     */
    public static Scenario longLived() {
        return new Scenario("long-lived", STALE, "a container older than the configured age", Duration.ofSeconds(75),
                StaleScenarios::longLived);
    }

    public static List<Scenario> benign() {
        return List.of(
                new Scenario("web-traffic", NONE, "httpd serving wget from another container", Duration.ofSeconds(5),
                        (ctx, c) -> withTarget(ctx, c, ip -> List.of(ip), "web-client")),
                new Scenario("shell-work", NONE, "ls, date, grep, mkdir, tar, gzip", Duration.ofSeconds(5),
                        inImage("shell-work", List.of(), List.of())),
                new Scenario("image-build", NONE, "docker build with RUN steps", Duration.ofSeconds(5),
                        StaleScenarios::benignBuild),
                // what a naive rule set flags: many writes under /tmp, a health check, an entrypoint shell,
                // reading /etc/passwd, DNS look-ups
                new Scenario("tmp-build", NONE, "a build writing 400 files under /tmp, then packing them",
                        Duration.ofSeconds(5), inImage("tmp-build", List.of(), List.of())),
                new Scenario("health-check", NONE, "a web server with a Docker health check every second (execs)",
                        Duration.ofSeconds(5), Scenarios::healthChecked),
                new Scenario("entrypoint-shell", NONE, "an entrypoint script: sh sets up, then execs the program",
                        Duration.ofSeconds(5), inImage("entrypoint-shell", List.of(), List.of())),
                new Scenario("read-passwd", NONE, "id, whoami, reading /etc/passwd and /etc/group",
                        Duration.ofSeconds(5), inImage("read-passwd", List.of(), List.of())),
                new Scenario("dns-lookups", NONE, "look-ups through Docker's DNS on the internal bridge",
                        Duration.ofSeconds(5), (ctx, c) -> withTarget(ctx, c, ip -> List.of(c + "-target"),
                        "dns-lookups")));
    }

    /** A container with these flags that idles 2 s and exits: what it was started with is the finding. */
    static Scenario.Runner briefly(List<String> flags) {
        return inImage("sensitive-mount", flags, List.of("2"));
    }

    /** A plain container, a privileged session opened into it, the container gone 2 s after it started. */
    private static Scenario.Started privilegedExec(ScenarioContext ctx, String container) {
        String id = Docker.runDetached(container, List.of(), ctx.image(), List.of("scenario", "sensitive-mount", "2"));
        Instant t0 = Instant.now();
        // The runtime of this VM refuses the capabilities (exit 126): Docker has created the session all the same,
        // and the attempt is what must alert.
        Cmd.run("docker", "exec", "--privileged", container, "id");
        Docker.waitAndLogs(container, Duration.ofSeconds(30));
        return new Scenario.Started(container, id, t0, "");
    }

    /** A web server whose health check Docker runs every second by exec, for a few seconds. */
    private static Scenario.Started healthChecked(ScenarioContext ctx, String container) {
        Instant t0 = Instant.now();
        String id = Docker.runDetached(container, List.of("--health-cmd", "scenario health-probe",
                "--health-interval", "1s", "--health-start-period", "1s"), ctx.image(), List.of("scenario", "web-server"));
        ServiceProcess.sleep(Duration.ofSeconds(4));
        String health = Cmd.run("docker", "inspect", container, "--format", "{{.State.Health.Status}}").trimmed();
        Docker.removeForce(container);
        if (!health.equals("healthy")) {
            throw new IllegalStateException("health check did not pass: " + health);
        }
        return new Scenario.Started(container, id, t0, "");
    }

    /** Runs the scenario against a short-lived web server on the internal bridge; the target is removed after. */
    interface Args {
        List<String> of(String targetIp);
    }

    static Scenario.Started withTarget(ScenarioContext ctx, String container, Args args, String scenario) {
        String target = container + "-target";
        try {
            String targetId = Docker.runDetached(target, List.of("--network", ctx.network()), ctx.image(),
                    List.of("scenario", "web-server"));
            String ip = Docker.ip(target, ctx.network());
            Scenario.Started s = Scenario.runInImage(ctx, container, scenario, List.of("--network", ctx.network()),
                    args.of(ip));
            return new Scenario.Started(s.containerName(), s.containerId(), s.detectableFrom(), s.output(),
                    List.of(s.containerId(), targetId));
        } finally {
            Docker.removeForce(target);
        }
    }

    private static Scenario.Started reverseShell(ScenarioContext ctx, String container, String scenario) {
        String listener = container + "-listener";
        try {
            Docker.runDetached(listener, List.of("--network", ctx.network()), ctx.image(),
                    List.of("scenario", "listener", "4444", "4"));
            String ip = Docker.ip(listener, ctx.network());
            ServiceProcess.sleep(Duration.ofMillis(500));
            return Scenario.runInImage(ctx, container, scenario, List.of("--network", ctx.network()),
                    List.of(ip, "4444"));
        } finally {
            Docker.removeForce(listener);
        }
    }

    private static Scenario.Started hostWrite(ScenarioContext ctx, String container) throws Exception {
        String canary = "keelwatch-e2e-canary-" + container;
        Path onHost = Path.of("/etc", canary);
        try {
            return Scenario.runInImage(ctx, container, "host-write", List.of("-v", "/etc:/host/etc"), List.of(canary));
        } finally {
            Files.deleteIfExists(onHost);
        }
    }
}
